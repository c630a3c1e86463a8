//! The code the first paint does not need, loaded right after it.
//!
//! The playground's first load is a budget (300 KiB gzipped). Its first paint needs the app, the
//! editor, the stage and the controllers; it does not need the manifests engine (so the cluster
//! boots, its system pods being YAML, when the module arrives), kubectl's interpreter, the data
//! plane (DNS, kube-proxy's rules, conntrack: traffic starts when it arrives), the inspector's
//! tabs but the terminal, the details panels or the lessons. Those are reached only through
//! [`Job`], one entry point that the release build's `split` feature turns into a split point:
//! `.ci/wasm-build` cuts everything reachable only from it into a second module, fetched as soon
//! as the page has painted (see ARCHITECTURE.md, "Two modules").
//!
//! Without the feature (tests, `trunk serve` in debug) the entry point is an ordinary function
//! and [`ready`] is always true. With it, callers ask [`ready`] first: the reducer queues the
//! actions that need the module until [`load`] resolves, and views draw a placeholder.

use std::cell::{Cell, OnceCell};
use std::rc::Rc;

use podscape_core::cluster::ApplyOutcome;
use podscape_core::cluster::{route_request, Outcome, Route};
use podscape_core::lesson::{self, Lesson};
use podscape_core::proxy::ProxyMode;
use podscape_core::script::{self, Step};
use podscape_core::{kubectl, manifest, Cluster, Diagnostic};
use yew::Html;

use crate::details::Panel;
use crate::inspector::InspectorProps;
use crate::state::EDITOR_FILE;

/// One call into the lazily loaded code, with its inputs and the slot for its result.
enum Job<'a> {
    /// A terminal or script line (`kubectl …`, `sleep 30s`, `curl …`).
    Line {
        cluster: &'a mut Cluster,
        line: &'a str,
        files: &'a dyn Fn(&str) -> Option<String>,
        out: Option<Step>,
    },
    /// Tab completion in the terminal.
    Complete {
        cluster: &'a Cluster,
        line: &'a str,
        out: Vec<String>,
    },
    /// One request of the traffic generator through the data plane (DNS, kube-proxy, conntrack).
    Route {
        cluster: &'a mut Cluster,
        namespace: &'a str,
        service: &'a str,
        via: Option<&'a str>,
        out: Option<(Outcome, Option<Route>)>,
    },
    /// A fresh cluster (`Cluster::new`: the system pods need the manifests engine) with `text`
    /// applied, as the page starts.
    Boot {
        seed: u64,
        mode: ProxyMode,
        text: &'a str,
        out: Option<Box<(Cluster, ApplyOutcome)>>,
    },
    /// The editor's diagnostics as the learner types.
    Diagnose { text: &'a str, out: Vec<Diagnostic> },
    /// The Apply button: `kubectl apply -f playground.yaml` of the editor's text.
    Apply {
        cluster: &'a mut Cluster,
        text: &'a str,
        out: kubectl::Output,
    },
    /// The built-in lessons.
    Lessons { out: Option<Vec<Lesson>> },
    /// How many of a lesson's steps are done now.
    Progress {
        lesson: &'a Lesson,
        done: usize,
        cluster: &'a Cluster,
        history: &'a [String],
        out: Option<usize>,
    },
    /// The body of an inspector tab other than the terminal.
    Tab {
        props: &'a InspectorProps,
        out: Option<Html>,
    },
    /// The panel of the selected pod, node or Deployment.
    Details { panel: &'a Panel, out: Option<Html> },
}

/// The split point. Its argument is a `&mut Job` passed as a thin pointer: a split function
/// crosses a module boundary with the C ABI, which has no Rust enums or fat pointers.
fn run_job(job: *mut ()) {
    // SAFETY: `call` below is the only caller, with a pointer to a live, exclusively borrowed Job.
    let job = unsafe { &mut *job.cast::<Job<'_>>() };
    match job {
        Job::Line {
            cluster,
            line,
            files,
            out,
        } => *out = script::run_line(cluster, line, *files),
        Job::Complete { cluster, line, out } => *out = kubectl::complete(cluster, line),
        Job::Boot {
            seed,
            mode,
            text,
            out,
        } => {
            let mut cluster = Cluster::new(*seed);
            cluster.set_proxy_mode(*mode);
            let outcome = cluster.apply(text);
            *out = Some(Box::new((cluster, outcome)));
        }
        Job::Diagnose { text, out } => *out = manifest::parse(text).diagnostics,
        Job::Apply { cluster, text, out } => *out = kubectl::apply_text(cluster, EDITOR_FILE, text),
        Job::Lessons { out } => *out = Some(lesson::all()),
        Job::Progress {
            lesson,
            done,
            cluster,
            history,
            out,
        } => *out = Some(lesson::progress(lesson, *done, cluster, history)),
        Job::Tab { props, out } => *out = Some(crate::inspector::tab_body(props)),
        Job::Details { panel, out } => *out = Some(crate::details::panel(panel)),
        Job::Route {
            cluster,
            namespace,
            service,
            via,
            out,
        } => *out = Some(route_request(cluster, namespace, service, *via)),
    }
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
    #[cfg(feature = "split")]
    let loaded = MODULE.load().await;
    #[cfg(not(feature = "split"))]
    let loaded = true;
    READY.with(|r| r.set(loaded));
    loaded
}

/// Runs `job` and takes its result out of it (`None` until the module is here).
fn run<'a, T>(mut job: Job<'a>, take: impl FnOnce(Job<'a>) -> Option<T>) -> Option<T> {
    if call(&mut job) {
        take(job)
    } else {
        None
    }
}

/// Runs a terminal line: `None` if the module is not here yet (queue the action), `Some(None)`
/// for a blank line or a comment.
pub fn run_line(
    cluster: &mut Cluster,
    line: &str,
    files: &dyn Fn(&str) -> Option<String>,
) -> Option<Option<Step>> {
    let job = Job::Line {
        cluster,
        line,
        files,
        out: None,
    };
    run(job, |job| match job {
        Job::Line { out, .. } => Some(out),
        _ => None,
    })
}

pub fn complete(cluster: &Cluster, line: &str) -> Option<Vec<String>> {
    let job = Job::Complete {
        cluster,
        line,
        out: Vec::new(),
    };
    run(job, |job| match job {
        Job::Complete { out, .. } => Some(out),
        _ => None,
    })
}

/// A fresh cluster with `text` applied.
pub fn boot(seed: u64, mode: ProxyMode, text: &str) -> Option<(Cluster, ApplyOutcome)> {
    let job = Job::Boot {
        seed,
        mode,
        text,
        out: None,
    };
    run(job, |job| match job {
        Job::Boot { out, .. } => out.map(|b| *b),
        _ => None,
    })
}

/// The diagnostics of the editor's text.
pub fn diagnose(text: &str) -> Option<Vec<Diagnostic>> {
    let job = Job::Diagnose {
        text,
        out: Vec::new(),
    };
    run(job, |job| match job {
        Job::Diagnose { out, .. } => Some(out),
        _ => None,
    })
}

/// `kubectl apply -f playground.yaml`.
pub fn apply(cluster: &mut Cluster, text: &str) -> Option<kubectl::Output> {
    let job = Job::Apply {
        cluster,
        text,
        out: kubectl::Output::default(),
    };
    run(job, |job| match job {
        Job::Apply { out, .. } => Some(out),
        _ => None,
    })
}

thread_local! {
    /// The lessons, parsed once (their YAML lives in the module).
    static LESSONS: OnceCell<Rc<Vec<Lesson>>> = const { OnceCell::new() };
}

/// The built-in lessons.
pub fn lessons() -> Option<Rc<Vec<Lesson>>> {
    if let Some(all) = LESSONS.with(|l| l.get().cloned()) {
        return Some(all);
    }
    let all = run(Job::Lessons { out: None }, |job| match job {
        Job::Lessons { out } => out.map(Rc::new),
        _ => None,
    })?;
    LESSONS.with(|l| l.set(all.clone()).ok());
    Some(all)
}

/// How many of `lesson`'s steps are done.
pub fn progress(lesson: &Lesson, done: usize, cluster: &Cluster, history: &[String]) -> Option<usize> {
    let job = Job::Progress {
        lesson,
        done,
        cluster,
        history,
        out: None,
    };
    run(job, |job| match job {
        Job::Progress { out, .. } => out,
        _ => None,
    })
}

/// The body of an inspector tab other than the terminal.
pub fn tab_body(props: &InspectorProps) -> Option<Html> {
    run(Job::Tab { props, out: None }, |job| match job {
        Job::Tab { out, .. } => out,
        _ => None,
    })
}

/// The panel of the selected object.
pub fn details(panel: &Panel) -> Option<Html> {
    run(Job::Details { panel, out: None }, |job| match job {
        Job::Details { out, .. } => out,
        _ => None,
    })
}

/// Gives `cluster` its data plane, through the loaded module, once the module is here: the
/// traffic generator starts then (`Cluster::bare`, drawn before, has none; `Cluster::new`'s
/// built-in one is replaced, so the first module calls the data plane only through this job).
/// Without the split the cluster has its built-in one already.
pub fn plug(cluster: &mut Cluster) {
    if cfg!(feature = "split") && ready() {
        cluster.set_data_plane(route_lazily);
    }
}

/// The data plane as the cluster calls it: a request routed by the loaded module.
fn route_lazily(
    cluster: &mut Cluster,
    namespace: &str,
    service: &str,
    via: Option<&str>,
) -> (Outcome, Option<Route>) {
    let job = Job::Route {
        cluster,
        namespace,
        service,
        via,
        out: None,
    };
    run(job, |job| match job {
        Job::Route { out, .. } => out,
        _ => None,
    })
    // Only plugged in once the module is here, so this is not reached.
    .unwrap_or((Outcome::Refused, None))
}
