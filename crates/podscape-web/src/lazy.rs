//! The code the first paint does not need, loaded right after it.
//!
//! The playground's first load is a budget (300 KiB gzipped). Its first paint needs the app, the
//! editor and the stage; it does not need the manifests engine (so the cluster boots, its system
//! pods being YAML, when the module arrives), the controllers (no time passes before the boot),
//! kubectl's interpreter, the data
//! plane (DNS, kube-proxy's rules, conntrack: traffic starts when it arrives), the inspector's
//! tabs but the terminal, the details panels or the lessons. Those are reached only through the
//! calls declared in [`lazy_calls!`]'s one invocation below, dispatched by one entry point that
//! the release build's `split` feature turns into a split point:
//! `.ci/wasm-build` cuts everything reachable only from it into a second module, fetched as soon
//! as the page has painted (see ARCHITECTURE.md, "Two modules").
//!
//! Without the feature (tests, `trunk serve` in debug) the entry point is an ordinary function
//! and [`ready`] is always true. With it, callers ask [`ready`] first: the reducer queues the
//! actions that need the module until [`load`] resolves, and views draw a placeholder.

//!
//! Adding a lazily loaded call is one declaration in that invocation: its name, arguments and
//! body. The macro writes the rest: the call's variant of `Job`, its arm in the split point, and
//! a wrapper that returns `None` while the module is not here (so the caller queues or draws a
//! placeholder).

use std::cell::{Cell, OnceCell};
use std::rc::Rc;

use podscape_core::cluster::ApplyOutcome;
use podscape_core::cluster::{deliver_request, route_request, run_client_loops, DataPlane, Outcome, Route};
use podscape_core::lesson::{self, Lesson};
use podscape_core::proxy::ProxyMode;
use podscape_core::script::{self, Step};
use podscape_core::{kubectl, manifest, Cluster, Diagnostic};
use yew::{Html, UseStateHandle};

use crate::details::Panel;
use crate::inspector::InspectorProps;
use crate::state::EDITOR_FILE;

/// Declares the lazily loaded calls. Each `fn` becomes a variant of `Job` (its arguments, taken
/// once, and a slot for its result), an arm of `run_job` (the body: only reachable from there, so
/// `.ci/wasm-build` moves it into the second module), and a wrapper of the same name returning
/// `Option` of the result: `None` until the module is here. Borrowed arguments are written with
/// the lifetime `'a`.
macro_rules! lazy_calls {
    ($(
        $(#[$doc:meta])*
        $vis:vis fn $name:ident($($arg:ident: $ty:ty),* $(,)?) -> $ret:ty $body:block
    )*) => {
        /// One call into the lazily loaded code: its arguments and the slot for its result.
        // Named after the calls; lives on the stack for one call, so a large result (a booted
        // Cluster) needs no box.
        #[allow(non_camel_case_types, clippy::large_enum_variant)]
        enum Job<'a> {
            $($name { args: Option<($($ty,)*)>, out: Option<$ret> },)*
        }

        /// What the split point runs: the declared bodies, one arm each.
        fn dispatch(job: &mut Job<'_>) {
            match job {
                $(Job::$name { args, out } => {
                    if let Some(($($arg,)*)) = args.take() {
                        *out = Some($body);
                    }
                })*
            }
        }

        $(
            $(#[$doc])*
            $vis fn $name<'a>($($arg: $ty),*) -> Option<$ret> {
                let mut job = Job::$name { args: Some(($($arg,)*)), out: None };
                if !call(&mut job) {
                    return None;
                }
                match job {
                    Job::$name { out, .. } => out,
                    #[allow(unreachable_patterns)]
                    _ => None,
                }
            }
        )*
    };
}

lazy_calls! {
    /// Runs a terminal line: `None` if the module is not here yet (queue the action), `Some(None)`
    /// for a blank line or a comment.
    pub fn run_line(
        cluster: &'a mut Cluster,
        line: &'a str,
        files: &'a dyn Fn(&str) -> Option<String>,
    ) -> Option<Step> {
        // A line typed in the terminal is a script of its own, with a budget of its own.
        script::run_line(cluster, line, files, &mut script::Budget::default())
    }

    /// Runs a script (an embedding page's `podscape:run`, a link's script) within one
    /// [`script::Budget`] for the whole script: `None` if the module is not here yet.
    pub fn run_script(
        cluster: &'a mut Cluster,
        script: &'a str,
        files: &'a dyn Fn(&str) -> Option<String>,
    ) -> Vec<Step> {
        script::run_on(cluster, script, files, &mut script::Budget::default())
    }

    /// Tab completion in the terminal.
    pub fn complete(cluster: &'a Cluster, line: &'a str) -> Vec<String> {
        kubectl::complete(cluster, line)
    }

    /// A fresh cluster (`Cluster::new`: the system pods need the manifests engine) with `text`
    /// applied, as the page starts.
    pub fn boot(seed: u64, mode: ProxyMode, text: &'a str) -> (Cluster, ApplyOutcome) {
        let mut cluster = Cluster::new(seed);
        cluster.set_proxy_mode(mode);
        let outcome = cluster.apply(text);
        (cluster, outcome)
    }

    /// The clock moves: the controllers and the traffic (`Cluster::advance`), which the first
    /// paint, before the cluster boots, does not need.
    pub fn advance(cluster: &'a mut Cluster, ms: u64) -> () {
        cluster.advance(ms)
    }

    /// The diagnostics of the editor's text, as the learner types, and whether a budget
    /// refused it (`Manifests::over_budget`: such a text is never stored).
    pub fn diagnose(text: &'a str) -> (Vec<Diagnostic>, bool) {
        let parsed = manifest::parse(text);
        (parsed.diagnostics, parsed.over_budget)
    }

    /// The Apply button: `kubectl apply -f playground.yaml` of the editor's text.
    pub fn apply(cluster: &'a mut Cluster, text: &'a str) -> kubectl::Output {
        kubectl::apply_text(cluster, EDITOR_FILE, text)
    }

    /// The built-in lessons (parsed once: see [`lessons`]).
    fn parse_lessons() -> Vec<Rc<Lesson>> {
        lesson::all().into_iter().map(Rc::new).collect()
    }

    /// How many of `lesson`'s steps are done now.
    pub fn progress(
        lesson: &'a Lesson,
        done: usize,
        cluster: &'a Cluster,
        history: &'a [String],
    ) -> usize {
        lesson::progress(lesson, done, cluster, history)
    }

    /// The challenges' entries in the scenario menu.
    pub fn challenge_options(lang: crate::i18n::Lang) -> Html {
        crate::challenges::options(lang)
    }

    /// The scenario menu's choice: a challenge's start (`Some`: the restart to its broken
    /// cluster), or leaving the challenge being solved (`None`).
    pub fn challenge_select(value: &'a str) -> Option<podscape_core::session::Action> {
        crate::challenges::select(value)
    }

    /// The panel of the challenge being solved, if any.
    pub fn challenge_panel(
        lang: crate::i18n::Lang,
        cluster: crate::inspector::SharedCluster,
        dispatcher: yew::UseReducerDispatcher<crate::state::Playground>,
    ) -> Html {
        crate::challenges::render(lang, cluster, dispatcher)
    }

    /// The learner's move in the lesson (Check, Hint, Predict, Show me, Skip): the script to
    /// run, if any.
    pub fn lesson_act(
        run: &'a mut lesson::Run,
        intent: podscape_core::session::LessonIntent,
        cluster: &'a Cluster,
        history: &'a [String],
    ) -> Option<String> {
        podscape_core::session::lesson_act(run, intent, cluster, history)
    }

    /// The body of an inspector tab other than the terminal.
    pub fn tab_body(props: &'a InspectorProps) -> Html {
        crate::inspector::tab_body(props)
    }

    /// Rewind's recording, seeking and replay (`session/rewind.rs`).
    pub fn rewind(session: &'a mut podscape_core::session::Session, op: podscape_core::session::RewindOp) -> bool {
        session.rewind_apply(&crate::state::Lazy, op)
    }

    /// The timeline under the stage (rewind).
    pub fn timeline(props: &'a crate::timeline::TimelineProps) -> Html {
        crate::timeline::view(props)
    }

    /// The panel of the selected pod, node or Deployment.
    pub fn details(panel: &'a Panel) -> Html {
        crate::details::panel(panel)
    }

    /// The Why? badge of the Service an editor warning says it breaks (nothing while the
    /// cluster's Service is healthy, e.g. before the text is applied).
    pub fn service_why(
        service: (String, String),
        cluster: crate::inspector::SharedCluster,
        version: u64,
        lang: crate::i18n::Lang,
        on_run: yew::Callback<String>,
    ) -> Html {
        let (namespace, name) = service;
        yew::html! {
            <crate::why::WhyBadge subject={format!("service/{name}")} {namespace} {cluster} {version} {lang} {on_run} />
        }
    }

    /// The "Run on a real cluster" button, and its dialog while `open` (the state's kind script).
    pub fn export_ui(session: &'a podscape_core::session::Session, open: UseStateHandle<bool>) -> Html {
        crate::export::ui(session, open)
    }

    /// One request of the traffic generator through the data plane (DNS, kube-proxy, conntrack).
    fn route(
        cluster: &'a mut Cluster,
        namespace: &'a str,
        service: &'a str,
        via: Option<&'a str>,
    ) -> (Outcome, Option<Route>) {
        route_request(cluster, namespace, service, via)
    }

    /// What the receiving pod does with a routed request (its image's answer, a proxy's
    /// onward requests).
    fn deliver(
        cluster: &'a mut Cluster,
        index: usize,
        outcome: &'a Outcome,
        route: Option<&'a Route>,
    ) -> bool {
        deliver_request(cluster, index, outcome, route)
    }

    /// The pods' client loops send what is due.
    fn clients(cluster: &'a mut Cluster, elapsed_ms: u64) -> () {
        run_client_loops(cluster, elapsed_ms)
    }

    /// The kubelet's probe to a port the pod's server may not listen on.
    fn refused_probe(
        pod: &'a podscape_core::cluster::Pod,
        probe: &'a podscape_core::manifest::Probe,
    ) -> Option<String> {
        podscape_core::cluster::refused_probe(pod, probe)
    }
}

/// The split point. Its argument is a `&mut Job` passed as a thin pointer: a split function
/// crosses a module boundary with the C ABI, which has no Rust enums or fat pointers, and its
/// loader is a `static` of one argument type, which cannot name the borrow of a `Job<'a>`.
fn run_job(job: *mut ()) {
    // SAFETY: `call` below is the only caller, with a pointer to a live, exclusively borrowed Job;
    // the borrow outlives this call, which keeps nothing.
    dispatch(unsafe { &mut *job.cast::<Job<'_>>() });
}

#[cfg(feature = "split")]
static MODULE: wasm_split::LazyLoader<*mut (), ()> =
    wasm_split::lazy_loader!(extern "after_paint" fn run_job(job: *mut ()));

/// Runs a job if its code is here; `false` if the module has not arrived yet.
fn call(job: &mut Job<'_>) -> bool {
    let pointer = (job as *mut Job<'_>).cast::<()>();
    #[cfg(feature = "split")]
    {
        MODULE.call(pointer).is_ok()
    }
    #[cfg(not(feature = "split"))]
    {
        run_job(pointer);
        true
    }
}

thread_local! {
    /// Set once [`load`] has instantiated the module (always set without the split).
    static READY: Cell<bool> = const { Cell::new(!cfg!(feature = "split")) };
}

/// Whether the lazily loaded code is here.
pub fn ready() -> bool {
    READY.with(Cell::get)
}

/// Fetches and instantiates the module (once); `false` if it could not be fetched.
pub async fn load() -> bool {
    link_styles();
    #[cfg(feature = "split")]
    let loaded = MODULE.load().await;
    #[cfg(not(feature = "split"))]
    let loaded = true;
    READY.with(|r| r.set(loaded));
    loaded
}

/// Links web/lazy.css, the stylesheet of the views only the second module draws, as that module
/// is fetched: after the first paint, like the module itself.
fn link_styles() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    if document.get_element_by_id("lazy-css").is_some() {
        return;
    }
    if let (Ok(link), Some(head)) = (document.create_element("link"), document.head()) {
        let _ = link.set_attribute("id", "lazy-css");
        let _ = link.set_attribute("rel", "stylesheet");
        let _ = link.set_attribute("href", "lazy.css");
        let _ = head.append_child(&link);
    }
}

thread_local! {
    /// The lessons, parsed once (their YAML lives in the module).
    static LESSONS: OnceCell<Rc<Vec<Rc<Lesson>>>> = const { OnceCell::new() };
}

/// The built-in lessons.
pub fn lessons() -> Option<Rc<Vec<Rc<Lesson>>>> {
    if let Some(all) = LESSONS.with(|l| l.get().cloned()) {
        return Some(all);
    }
    let all = Rc::new(parse_lessons()?);
    LESSONS.with(|l| l.set(all.clone()).ok());
    Some(all)
}

/// Gives `cluster` its data plane, through the loaded module, once the module is here: the
/// traffic generator starts then (`Cluster::bare`, drawn before, has none; `Cluster::new`'s
/// built-in one is replaced, so the first module calls the data plane only through this job).
/// Without the split the cluster has its built-in one already.
pub fn plug(cluster: &mut Cluster) {
    if cfg!(feature = "split") && ready() {
        cluster.set_data_plane(DataPlane {
            route: route_lazily,
            deliver: deliver_lazily,
            clients: clients_lazily,
            refused_probe: refused_probe_lazily,
        });
    }
}

/// The data plane as the cluster calls it: a request routed by the loaded module.
fn route_lazily(
    cluster: &mut Cluster,
    namespace: &str,
    service: &str,
    via: Option<&str>,
) -> (Outcome, Option<Route>) {
    // Only plugged in once the module is here, so the fallback is not reached.
    route(cluster, namespace, service, via).unwrap_or((Outcome::Refused, None))
}

/// The receiving pod's part, through the loaded module (see [`route_lazily`]).
fn deliver_lazily(cluster: &mut Cluster, index: usize, outcome: &Outcome, route: Option<&Route>) -> bool {
    deliver(cluster, index, outcome, route).unwrap_or(false)
}

/// The kubelet's probe dial, through the loaded module (see [`route_lazily`]).
fn refused_probe_lazily(
    pod: &podscape_core::cluster::Pod,
    probe: &podscape_core::manifest::Probe,
) -> Option<String> {
    refused_probe(pod, probe).flatten()
}

/// The client loops, through the loaded module (see [`route_lazily`]).
fn clients_lazily(cluster: &mut Cluster, elapsed_ms: u64) {
    let _ = clients(cluster, elapsed_ms);
}
