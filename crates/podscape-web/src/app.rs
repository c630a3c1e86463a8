//! The root component: owns the reducer, runs the frame loop, persists settings, lays out the
//! panes. Side effects live here and only here.

use std::cell::RefCell;
use std::rc::Rc;

use gloo::events::EventListener;
use gloo::render::{request_animation_frame, AnimationFrame};
use podscape_core::proxy::ProxyMode;
use podscape_core::scene::Layout;
use podscape_core::share::{self, ShareError, Shared, StartFrom};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::details::Panel;
use crate::editor::Editor;
use crate::i18n::{notice, t, Lang, T};
use crate::inspector::{Inspector, SharedCluster};
use crate::stage::Stage;
use crate::state::{use_motion, Action, Motion, MotionHandle, Moving, Notice, Playground, Start, Theme};
use podscape_core::session::{Concern, Session};

/// The stored state: the share format (`crates/podscape-core/src/share`), versioned twice (the
/// key and the `v1` inside), with room for the largest manifests.
pub const KEY_STATE: &str = "podscape.state.v1";
/// What the first versions stored, as separate plain values: read once to say they were not
/// restored, then removed.
pub const OLD_KEYS: [&str; 3] = ["podscape.text", "podscape.lang", "podscape.theme"];

/// Set while the page opens a stored text (until the manifests engine has parsed it): found
/// set at the next boot, it means that visit died opening the text (a trap, an out-of-memory
/// kill), so the text is set aside instead of opened again. Its value is the time it was set.
pub const KEY_GUARD: &str = "podscape.opening.v1";
/// Where a text the guard set aside is kept (the stored state's raw value), for the learner.
pub const KEY_RECOVERED: &str = "podscape.recovered.v1";
/// Another tab opening at the same moment sets the guard too: only a guard this old, or one
/// this tab itself set before a reload, means a visit died.
const GUARD_STALE_MS: f64 = 15_000.0;

/// The longest text the embedding page may send in one message.
const MAX_MESSAGE_TEXT_BYTES: usize = 32 * 1024;

/// The diagnostics listed under the editor at most.
const MAX_LISTED_DIAGNOSTICS: usize = 100;

/// Below this viewport width the stage stacks its nodes.
const NARROW_BELOW_PX: f64 = 720.0;

fn layout_now() -> Layout {
    let width = web_sys::window()
        .and_then(|w| w.inner_width().ok())
        .and_then(|w| w.as_f64())
        .unwrap_or(1440.0);
    if width < NARROW_BELOW_PX {
        Layout::Narrow
    } else {
        Layout::Wide
    }
}

/// The link that reopens the playground in this state: the page's address without its query,
/// the state in the fragment. `TooLarge` when it would not fit in a link.
fn share_link(state: &Shared) -> Result<String, ShareError> {
    let fragment = share::encode(state, share::LINK)?;
    let href = web_sys::window()
        .and_then(|w| w.location().href().ok())
        .unwrap_or_default();
    let base = href.split(['?', '#']).next().unwrap_or_default();
    Ok(format!("{base}#{fragment}"))
}

fn query_param(name: &str) -> Option<String> {
    web_sys::window()
        .and_then(|w| w.location().search().ok())
        .and_then(|s| web_sys::UrlSearchParams::new_with_str(&s).ok())
        .and_then(|q| q.has(name).then(|| q.get(name).unwrap_or_default()))
}

/// `?embed`: a compact playground inside another page.
fn embedded() -> bool {
    query_param("embed").is_some()
}

/// Tells the embedding page how tall the playground is, when that changes (embed.js sizes the
/// iframe). Only a number leaves the frame.
fn report_height(last: &std::cell::Cell<i32>) {
    let Some(window) = web_sys::window() else { return };
    let Some(root) = window.document().and_then(|d| d.document_element()) else {
        return;
    };
    let height = root.scroll_height();
    if height == last.get() {
        return;
    }
    last.set(height);
    post_to_parent(&[("type", "podscape:resize".into()), ("height", height.into())]);
}

/// Posts a message to the embedding page (only when embedded in one).
fn post_to_parent(fields: &[(&str, wasm_bindgen::JsValue)]) {
    let Some(window) = web_sys::window() else { return };
    let Ok(Some(parent)) = window.parent() else { return };
    let message = js_sys::Object::new();
    for (key, value) in fields {
        let _ = js_sys::Reflect::set(&message, &(*key).into(), value);
    }
    let _ = parent.post_message(&message, "*");
}

/// A command from the embedding page, checked: only the parent window may send one, and only
/// these shapes and sizes are understood. Everything else is ignored.
fn command_from_parent(event: &web_sys::MessageEvent) -> Option<Action> {
    let window = web_sys::window()?;
    let parent = window.parent().ok()??;
    let source = event.source()?;
    if !js_sys::Object::is(&source, &parent) || js_sys::Object::is(&parent, &window) {
        return None;
    }
    let data = event.data();
    let field = |key: &str| js_sys::Reflect::get(&data, &key.into()).ok();
    let text = |key: &str| {
        field(key)
            .and_then(|v| v.as_string())
            .filter(|s| s.len() <= MAX_MESSAGE_TEXT_BYTES)
    };
    match field("type")?.as_string()?.as_str() {
        "podscape:load" => text("yaml").map(Action::Load),
        "podscape:run" => text("script").map(Action::RunScript),
        // A step of any length advances at most a script's budget of virtual time (budget.rs):
        // hours asked for are ten minutes given, so a page cannot freeze its frame.
        "podscape:step" => {
            let ms = field("ms")?.as_f64()?;
            let most = podscape_core::budget::SCRIPT_VIRTUAL_MS as f64;
            (ms.is_finite() && ms >= 0.0).then_some(Action::Step(ms.min(most) as u64))
        }
        _ => None,
    }
}

/// What an embedding page hears of the cluster (`podscape:state`): the learner's pods, how many
/// are ready, the ready endpoints of all Services, and the virtual time in whole seconds.
#[derive(Clone, Copy, PartialEq)]
struct Summary {
    pods: usize,
    ready: usize,
    endpoints: usize,
    seconds: u64,
}

impl Summary {
    fn of(scene: &podscape_core::Scene) -> Summary {
        Summary {
            pods: scene.pods.iter().filter(|p| !p.system).count(),
            ready: scene.pods.iter().filter(|p| !p.system && p.ready).count(),
            endpoints: scene
                .services
                .iter()
                .map(|s| s.endpoints.iter().filter(|e| e.ready).count())
                .sum(),
            seconds: scene.now_ms / 1000,
        }
    }

    fn post(self) {
        post_to_parent(&[
            ("type", "podscape:state".into()),
            ("pods", (self.pods as u32).into()),
            ("ready", (self.ready as u32).into()),
            ("endpoints", (self.endpoints as u32).into()),
            ("t_ms", ((self.seconds * 1000) as f64).into()),
        ]);
    }
}

/// Everything the page starts from, read once: the URL fragment (a share link or an embedding
/// page's block), the query, and the stored state, in that order of precedence.
#[derive(Clone)]
struct Boot {
    start: Start,
    /// The panes an embedded playground shows (`stage,editor,terminal`).
    view: String,
    /// A lesson to start after the first render.
    lesson: Option<String>,
    /// Text for the editor once the lesson has started (a lesson starts from its scenario).
    text_after_lesson: Option<String>,
    /// A script to run in the terminal once the manifests are applied (a script embed).
    script: Option<String>,
    /// A shared timeline (its inputs) and the moment to show (rewind).
    rewind: Option<(String, Option<u64>)>,
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

fn session() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok()?
}

/// Whether the last visit died while opening the stored text (see [`KEY_GUARD`]).
fn guard_tripped(storage: &web_sys::Storage) -> bool {
    let Some(set_at) = storage.get_item(KEY_GUARD).ok().flatten() else {
        return false;
    };
    let ours = session().is_some_and(|s| s.get_item(KEY_GUARD).ok().flatten().is_some());
    let age = js_sys::Date::now() - set_at.parse::<f64>().unwrap_or(0.0);
    ours || !(0.0..GUARD_STALE_MS).contains(&age)
}

fn arm_guard(storage: &web_sys::Storage) {
    // Whole milliseconds: formatting an f64 would bring float printing (~5 KiB) into the first load.
    let now = (js_sys::Date::now() as u64).to_string();
    let _ = storage.set_item(KEY_GUARD, &now);
    if let Some(session) = session() {
        let _ = session.set_item(KEY_GUARD, &now);
    }
}

fn disarm_guard() {
    for store in [storage(), session()].into_iter().flatten() {
        let _ = store.remove_item(KEY_GUARD);
    }
}

/// The stored state: the share format under a versioned key. A state that is there but cannot
/// be used (corrupted, another version, or the first versions' keys) is ignored with a notice.
fn stored_state(notices: &mut Vec<Notice>) -> Shared {
    let Some(storage) = storage() else {
        return Shared::default();
    };
    let mut old = false;
    for key in OLD_KEYS {
        if storage.get_item(key).ok().flatten().is_some() {
            old = true;
            let _ = storage.remove_item(key);
        }
    }
    match storage.get_item(KEY_STATE).ok().flatten() {
        Some(value) => match share::decode(&value, share::STORAGE) {
            Ok(state) => return state,
            Err(ShareError::UnknownVersion) => notices.push(Notice::StoredOld),
            Err(_) => notices.push(Notice::StoredCorrupt),
        },
        None if old => notices.push(Notice::StoredOld),
        None => {}
    }
    Shared::default()
}

/// The state in the URL fragment, if any; a fragment that cannot be read is ignored with a
/// notice (and nothing of it is used).
fn fragment_state(notices: &mut Vec<Notice>) -> Shared {
    let hash = web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default();
    if hash.len() <= 1 {
        return Shared::default();
    }
    match share::decode(&hash, share::LINK) {
        Ok(state) => state,
        Err(error) => {
            notices.extend(match error {
                ShareError::TooLarge { .. } => Some(Notice::LinkTooLarge),
                ShareError::UnknownVersion => Some(Notice::LinkNewer),
                // A fragment that is not a state at all (an anchor, a test runner's) is not a
                // damaged link: ignored without a word.
                ShareError::Malformed("version") => None,
                ShareError::Malformed(_) => Some(Notice::LinkUnreadable),
            });
            Shared::default()
        }
    }
}

/// The system's `prefers-reduced-motion`, which the page follows live unless the learner chose.
fn reduced_motion_query() -> Option<web_sys::MediaQueryList> {
    web_sys::window()?
        .match_media("(prefers-reduced-motion: reduce)")
        .ok()
        .flatten()
}

fn boot() -> Boot {
    let query = web_sys::window()
        .and_then(|w| w.location().search().ok())
        .and_then(|s| web_sys::UrlSearchParams::new_with_str(&s).ok());
    let param = |name: &str| query.as_ref().and_then(|q| q.get(name));
    let embed = embedded();
    let mut notices = Vec::new();
    let link = fragment_state(&mut notices);
    // An embedded playground neither reads nor writes the learner's own stored work.
    let mut stored = if embed {
        Shared::default()
    } else {
        stored_state(&mut notices)
    };
    // A stored text that the last visit died opening is set aside (kept under KEY_RECOVERED
    // and offered back), so a hostile state cannot stop every later visit.
    let mut set_aside = None;
    if let (Some(storage), false) = (storage(), embed) {
        if stored.yaml.is_some() && guard_tripped(&storage) {
            if let Ok(Some(raw)) = storage.get_item(KEY_STATE) {
                let _ = storage.set_item(KEY_RECOVERED, &raw);
            }
            set_aside = stored.yaml.take();
            notices.push(Notice::BootGuard);
        }
        arm_guard(&storage);
    }
    let navigator: Vec<String> = web_sys::window()
        .map(|w| {
            w.navigator()
                .languages()
                .iter()
                .filter_map(|l| l.as_string())
                .collect()
        })
        .unwrap_or_default();
    let code = |lang: Option<share::Lang>| lang.map(|l| if l == share::Lang::Ru { "ru" } else { "en" });
    let query_lang = code(link.lang).map(String::from).or_else(|| param("lang"));
    let theme_name = |theme: Option<share::Theme>| {
        theme.map(|t| if t == share::Theme::Light { "light" } else { "dark" }.to_string())
    };
    // Less motion: a link's or the stored choice; without one the system's, followed live.
    let motion = link.motion.or(stored.motion);
    let theme = match theme_name(link.theme)
        .or_else(|| param("theme"))
        .or_else(|| theme_name(stored.theme))
        .as_deref()
    {
        Some("light") => Theme::Light,
        Some("dark") => Theme::Dark,
        _ => {
            let light = web_sys::window()
                .and_then(|w| w.match_media("(prefers-color-scheme: light)").ok().flatten())
                .is_some_and(|m| m.matches());
            if light {
                Theme::Light
            } else {
                Theme::Dark
            }
        }
    };
    // Where to start: the link's, else the query's, else the stored scenario or lesson.
    let from = link
        .start
        .clone()
        .or_else(|| param("lesson").map(StartFrom::Lesson))
        .or_else(|| param("scenario").map(StartFrom::Scenario))
        .or_else(|| stored.start.clone());
    let lesson = match &from {
        Some(StartFrom::Lesson(id)) => Some(id.clone()),
        _ => None,
    };
    let scenario = match &from {
        Some(StartFrom::Scenario(id)) => podscape_core::scenario::find(id),
        _ => None,
    };
    let stored_text = stored
        .yaml
        .filter(|t| t.len() <= podscape_core::manifest::MAX_INPUT_BYTES);
    let defaults = Start::default();
    let speed = link
        .speed_tenths
        .or_else(|| param("speed").as_deref().and_then(share::parse_tenths))
        .or(stored.speed_tenths)
        .map_or(defaults.speed, |tenths| f64::from(tenths) / 10.0);
    let proxy_mode = link
        .proxy
        .or_else(|| match param("proxy").as_deref() {
            Some("iptables") => Some(ProxyMode::Iptables),
            Some("ipvs") => Some(ProxyMode::Ipvs),
            Some("nftables") => Some(ProxyMode::Nftables),
            _ => None,
        })
        .or(stored.proxy)
        .unwrap_or(ProxyMode::Iptables);
    let view = match link.view {
        Some(v) => [(v.stage, "stage"), (v.editor, "editor"), (v.terminal, "terminal")]
            .iter()
            .filter(|(on, _)| *on)
            .map(|(_, name)| *name)
            .collect::<Vec<_>>()
            .join(","),
        None => param("view").unwrap_or_else(|| "stage,editor".into()),
    };
    // The course's progress: the stored one, with a link's (if it carries one) added.
    let mut course = stored.course.clone();
    course.merge(&link.course);
    // A lesson embedded alone shows its Lesson tab next to the stage.
    let view = if embed && lesson.is_some() && link.view.is_none() && param("view").is_none() {
        "stage,inspector".to_string()
    } else {
        view
    };
    // In a lesson the editor's text comes back after the lesson has started.
    let text_after_lesson = lesson
        .as_ref()
        .and_then(|_| link.yaml.clone().or_else(|| stored_text.clone()));
    Boot {
        start: Start {
            seed: link
                .seed
                .or_else(|| param("seed").and_then(|s| s.parse().ok()))
                .or(stored.seed)
                .unwrap_or(defaults.seed),
            text: stored_text,
            lang: Lang::detect(query_lang.as_deref(), code(stored.lang), &navigator),
            theme,
            motion,
            system_reduced: reduced_motion_query().is_some_and(|m| m.matches()),
            speed,
            layout: layout_now(),
            shared: link.yaml,
            // Embedded, a playground waits for `autoplay` (or the learner) before time runs.
            playing: !embed || link.autoplay || param("autoplay").is_some(),
            proxy_mode,
            scenario: scenario.unwrap_or(defaults.scenario),
            notices,
            set_aside,
            course,
        },
        view,
        lesson,
        text_after_lesson,
        script: link.script,
        rewind: link.rewind.map(|inputs| (inputs, link.at_ms)),
    }
}

/// What the stored state or a share link holds of the playground as it is now, with `text` as
/// its manifests (the editor's for a link; for storage, the newest that parsed within budgets).
fn current_state(state: &Session, text: Option<&str>, with_course: bool) -> Shared {
    let start = match state.lesson() {
        Some(run) => StartFrom::Lesson(run.lesson.id.clone()),
        None => StartFrom::Scenario(state.scenario().id.to_string()),
    };
    Shared {
        yaml: text.map(str::to_string),
        start: Some(start),
        lang: Some(state.lang()),
        theme: Some(state.theme()),
        motion: state.motion(),
        speed_tenths: Some(((state.speed() * 10.0).round() as u16).clamp(1, 100)),
        seed: Some(state.seed()),
        proxy: Some(state.cluster().proxy_mode()),
        course: if with_course {
            state.course().clone()
        } else {
            Default::default()
        },
        ..Shared::default()
    }
}

/// The frame loop's state (see the frame loop in [`app`]).
struct Loop {
    dispatcher: UseReducerDispatcher<Playground>,
    motion: Rc<Motion>,
    session: Rc<RefCell<Session>>,
    embed: bool,
    summary: std::cell::Cell<Option<Summary>>,
    /// The next frame's callback, while the loop runs.
    handle: RefCell<Option<AnimationFrame>>,
    /// What the session was last told of the visibility.
    told_visible: std::cell::Cell<bool>,
    /// The tab is hidden (`document.hidden`).
    hidden: std::cell::Cell<bool>,
    /// Embedded, and scrolled out of the top-level viewport.
    offscreen: std::cell::Cell<bool>,
}

impl Loop {
    fn visible(&self) -> bool {
        !self.hidden.get() && !self.offscreen.get()
    }

    fn schedule(frame: &Rc<Loop>, last: Option<f64>) {
        let next = frame.clone();
        *frame.handle.borrow_mut() = Some(request_animation_frame(move |now| {
            if !next.visible() {
                drop(next.handle.borrow_mut().take());
                return;
            }
            if let Some(last) = last {
                next.dispatcher.dispatch(Action::Frame(now - last));
            }
            // The reducer may have told what moved already (a seek within the past): the
            // summary follows either.
            next.motion.notify();
            if next.motion.take_moved() && next.embed {
                let summary = Summary::of(&next.motion.scene());
                if next.summary.replace(Some(summary)) != Some(summary) {
                    summary.post();
                }
            }
            // Paused, a frame has nothing to advance: the loop parks until the app renders
            // again (an action: Play, a step, a command), so a paused embed costs nothing.
            if next.session.try_borrow().is_ok_and(|s| !s.playing()) {
                drop(next.handle.borrow_mut().take());
                return;
            }
            Loop::schedule(&next, Some(now));
        }));
    }

    /// Runs the loop if it is parked and the playground is in view (no first delta: the clock
    /// resumes where it stopped). After every render of the app, so the parts that follow the
    /// frames show what an action changed.
    fn wake(self: &Rc<Self>) {
        if self.visible() && self.handle.borrow().is_none() {
            Loop::schedule(self, None);
        }
    }

    /// Stops the loop out of view; restarts it in view.
    fn follow_visibility(self: &Rc<Self>) {
        let visible = self.visible();
        if self.told_visible.replace(visible) != visible {
            self.dispatcher.dispatch(Action::SetVisible(visible));
        }
        if visible {
            self.wake();
        } else {
            drop(self.handle.borrow_mut().take());
        }
    }
}

type ViewportWatch = (
    web_sys::IntersectionObserver,
    wasm_bindgen::closure::Closure<dyn FnMut(js_sys::Array)>,
);

/// Tells the loop when the playground's document leaves or enters the top-level viewport.
fn watch_viewport(frame: Rc<Loop>) -> Option<ViewportWatch> {
    let callback =
        wasm_bindgen::closure::Closure::<dyn FnMut(js_sys::Array)>::new(move |entries: js_sys::Array| {
            // The newest entry says where the page is now.
            let last = entries.get(entries.length().saturating_sub(1));
            let entry: web_sys::IntersectionObserverEntry = wasm_bindgen::JsCast::unchecked_into(last);
            frame.offscreen.set(!entry.is_intersecting());
            frame.follow_visibility();
        });
    let observer =
        web_sys::IntersectionObserver::new(wasm_bindgen::JsCast::unchecked_ref(callback.as_ref())).ok()?;
    observer.observe(&gloo::utils::document().document_element()?);
    Some((observer, callback))
}

#[function_component(App)]
pub fn app() -> Html {
    let boot = use_memo((), |_| boot());
    let state = use_reducer_eq(|| Playground::new(boot.start.clone()));
    // The lessons (their text and checks) come with the module that follows the first paint.
    let lessons = crate::lazy::lessons().unwrap_or_default();
    let embed = use_memo((), |_| embedded());
    let view = &boot.view;
    let last_height = use_mut_ref(|| std::cell::Cell::new(0));
    // Embedded: say so once, then listen to the embedding page's commands.
    {
        let embed = *embed;
        let dispatcher = state.dispatcher();
        use_effect_with((), move |_| {
            let listener = embed.then(|| {
                post_to_parent(&[("type", "podscape:ready".into())]);
                web_sys::window().map(|w| {
                    EventListener::new(&w, "message", move |event| {
                        let event: &web_sys::MessageEvent = wasm_bindgen::JsCast::unchecked_ref(event);
                        if let Some(action) = command_from_parent(event) {
                            dispatcher.dispatch(action);
                        }
                    })
                })
            });
            move || drop(listener)
        });
    }
    {
        let embed = *embed;
        let last_height = last_height.clone();
        use_effect(move || {
            if embed {
                report_height(&last_height.borrow());
            }
        });
    }
    // Once, after the first render: a lesson (`?lesson=ID`, a link's or the stored one) starts
    // with the editor's text put back, then a script embed's script runs in the terminal.
    {
        let dispatcher = state.dispatcher();
        let boot = boot.clone();
        use_effect_with((), move |_| {
            if let Some(id) = boot.lesson.clone() {
                dispatcher.dispatch(Action::StartLesson(id));
                if let Some(text) = boot.text_after_lesson.clone() {
                    dispatcher.dispatch(Action::Edit(text));
                }
            }
            if let Some(script) = boot.script.clone() {
                dispatcher.dispatch(Action::RunScript(script));
            }
            if let Some((inputs, at)) = boot.rewind.clone() {
                dispatcher.dispatch(Action::Restore(inputs, at));
            }
        });
    }

    // The code the first paint does not need (the terminal's kubectl, the Rules tab's
    // renderers) is fetched once the page is up; commands typed before it arrives wait for it.
    {
        let dispatcher = state.dispatcher();
        use_effect_with((), move |_| {
            yew::platform::spawn_local(async move {
                let loaded = crate::lazy::load().await;
                if !loaded {
                    // Nothing was opened (offline): not a visit that died opening the text.
                    disarm_guard();
                }
                dispatcher.dispatch(Action::ModuleLoaded(loaded));
            });
        });
    }
    // The frame loop: the only thing that drives time. It advances the virtual clock by the
    // wall time between frames; everything drawn is a pure function of the state.
    // After each frame the parts that follow every frame (`Motion`) are told when the scene
    // moved, and an embedding page hears the cluster's summary when it changed (at most once a
    // second of virtual time).
    // Out of view (a hidden tab; embedded, scrolled away from) the loop stops altogether, so an
    // idle docs page costs nothing, and restarts without a first delta: the virtual clock
    // resumes where it stopped.
    let frame_loop = use_mut_ref(|| None::<Rc<Loop>>);
    {
        let dispatcher = state.dispatcher();
        let motion = state.motion.clone();
        let session = state.shared();
        let embed = *embed;
        let frame_loop = frame_loop.clone();
        use_effect_with((), move |_| {
            let frame = Rc::new(Loop {
                dispatcher,
                motion,
                session,
                embed,
                summary: std::cell::Cell::new(None),
                handle: RefCell::default(),
                told_visible: std::cell::Cell::new(true),
                hidden: std::cell::Cell::new(false),
                offscreen: std::cell::Cell::new(false),
            });
            *frame_loop.borrow_mut() = Some(frame.clone());
            // A page opened in a background tab starts paused.
            frame.hidden.set(gloo::utils::document().hidden());
            frame.follow_visibility();
            let on_visibility = {
                let frame = frame.clone();
                EventListener::new(&gloo::utils::document(), "visibilitychange", move |_| {
                    frame.hidden.set(gloo::utils::document().hidden());
                    frame.follow_visibility();
                })
            };
            // Inside an embedding page the implicit root is the top-level viewport: the frame
            // hears when it is scrolled out of sight (cross-origin too).
            let observer = embed.then(|| watch_viewport(frame.clone())).flatten();
            move || {
                drop(on_visibility);
                if let Some((observer, _callback)) = observer {
                    observer.disconnect();
                }
                drop(frame.handle.borrow_mut().take());
                drop(frame_loop.borrow_mut().take());
            }
        });
    }
    {
        let frame_loop = frame_loop.clone();
        use_effect_with(state.version(), move |_| {
            if let Some(frame) = frame_loop.borrow().as_ref() {
                frame.wake();
            }
        });
    }
    // Whenever the clock (the moment shown) moves: looking back, the idle time between frames
    // warms the seeks ahead (see idle.rs), and a parked frame loop wakes to post an embed's
    // summary. A seek from one moment of the past to another may not draw the app again.
    {
        let (motion, session) = (state.motion.clone(), state.shared());
        let frame_loop = frame_loop.clone();
        use_effect_with((), move |_| {
            let idle = crate::idle::Idle::new(session);
            idle.wake();
            let id = motion.subscribe(
                Moving::Clock,
                Callback::from(move |()| {
                    idle.wake();
                    if let Some(frame) = frame_loop.borrow().as_ref() {
                        frame.wake();
                    }
                }),
            );
            move || motion.unsubscribe(id)
        });
    }
    // The system's reduced-motion setting, followed live (the learner's own choice wins).
    {
        let dispatcher = state.dispatcher();
        use_effect_with((), move |_| {
            let listener = reduced_motion_query().map(|query| {
                let target = query.clone();
                EventListener::new(&query, "change", move |_| {
                    dispatcher.dispatch(Action::SystemReducedMotion(target.matches()))
                })
            });
            move || drop(listener)
        });
    }
    // The stage's layout follows the viewport across the phone breakpoint.
    {
        let dispatcher = state.dispatcher();
        use_effect_with((), move |_| {
            let listener = web_sys::window().map(|w| {
                EventListener::new(&w, "resize", move |_| {
                    dispatcher.dispatch(Action::SetLayout(layout_now()))
                })
            });
            move || drop(listener)
        });
    }
    // Persistence: the learner's text and settings survive a reload (not an embedded
    // playground's: it belongs to the page that embeds it). Only a text that parsed within the
    // budgets is stored; a failed save says so; while another tab's change waits for the
    // learner's choice nothing is written.
    // The session, read for this render (only actions change it; none runs while it is read).
    let current = state.session();
    // A link carries the course's progress only if the learner asked for it.
    let saved = current_state(&current, Some(current.text()), current.share_progress());
    let last_written = use_mut_ref(|| None::<String>);
    {
        let storable = current_state(&current, current.saveable(), true);
        let dispatcher = state.dispatcher();
        let last_written = last_written.clone();
        let deps = (
            storable,
            *embed,
            current.other_tab_waiting(),
            current.revision(Concern::Save),
        );
        use_effect_with(deps, move |(storable, embed, waiting, _)| {
            if *embed || *waiting {
                return;
            }
            match share::encode(storable, share::STORAGE) {
                Ok(value) => {
                    let Some(storage) = storage() else { return };
                    if storage.set_item(KEY_STATE, &value).is_ok() {
                        *last_written.borrow_mut() = Some(value);
                    } else {
                        dispatcher.dispatch(Action::Notice(Notice::SaveFailed));
                    }
                }
                Err(ShareError::TooLarge { .. }) => dispatcher.dispatch(Action::Notice(Notice::SaveTooLarge)),
                Err(_) => {}
            }
        });
    }
    // Two tabs: a change another tab stored is not silently overwritten here (nor ours
    // there): this tab stops saving and asks the learner which work to keep.
    {
        let dispatcher = state.dispatcher();
        let embed = *embed;
        use_effect_with((), move |_| {
            let listener = (!embed).then(|| {
                web_sys::window().map(|w| {
                    EventListener::new(&w, "storage", move |event| {
                        let event: &web_sys::StorageEvent = wasm_bindgen::JsCast::unchecked_ref(event);
                        if event.key().as_deref() != Some(KEY_STATE) {
                            return;
                        }
                        if let Some(value) = event.new_value() {
                            if last_written.borrow().as_deref() != Some(value.as_str()) {
                                dispatcher.dispatch(Action::OtherTab(value));
                            }
                        }
                    })
                })
            });
            move || drop(listener)
        });
    }
    // The guard ends once the opened text has been parsed (and the cluster booted with it).
    use_effect_with(current.checked(), |checked| {
        if *checked {
            disarm_guard();
        }
    });
    use_effect_with((current.lang(), current.theme()), |(lang, theme)| {
        let theme = match theme {
            Theme::Dark => "dark",
            Theme::Light => "light",
        };
        if let Some(root) = gloo::utils::document().document_element() {
            let _ = root.set_attribute("data-theme", theme);
            let _ = root.set_attribute("lang", lang.code());
        }
    });

    let lang = current.lang();
    // The callbacks handed to child components are made once (use_callback): a fresh closure
    // would make their props differ and re-render them every frame.
    let dispatch = |make: fn(()) -> Action| {
        let dispatcher = state.dispatcher();
        Callback::from(move |_: MouseEvent| dispatcher.dispatch(make(())))
    };
    let on_play = dispatch(|_| Action::TogglePlay);
    let on_step = dispatch(|_| Action::Step(1_000));
    let on_apply_click = dispatch(|_| Action::Apply);
    let on_reset = dispatch(|_| Action::ResetText);
    let on_undo = dispatch(|_| Action::Undo);
    let on_redo = dispatch(|_| Action::Redo);
    let on_history = {
        let dispatcher = state.dispatcher();
        use_callback((), move |redo: bool, _| {
            dispatcher.dispatch(if redo { Action::Redo } else { Action::Undo })
        })
    };
    let (can_undo, can_redo) = (current.can_undo(), current.can_redo());
    let on_lang = {
        let dispatcher = state.dispatcher();
        Callback::from(move |_: MouseEvent| dispatcher.dispatch(Action::SetLang(lang.other())))
    };
    let on_theme = {
        let dispatcher = state.dispatcher();
        let other = if current.theme() == Theme::Dark {
            Theme::Light
        } else {
            Theme::Dark
        };
        Callback::from(move |_: MouseEvent| dispatcher.dispatch(Action::SetTheme(other)))
    };
    let on_edit = {
        let dispatcher = state.dispatcher();
        use_callback((), move |text: String, _| dispatcher.dispatch(Action::Edit(text)))
    };
    let on_apply = {
        let dispatcher = state.dispatcher();
        use_callback((), move |(), _| dispatcher.dispatch(Action::Apply))
    };
    let on_run = {
        let dispatcher = state.dispatcher();
        use_callback((), move |command: String, _| {
            dispatcher.dispatch(Action::Run(command))
        })
    };
    let on_select = {
        let dispatcher = state.dispatcher();
        use_callback((), move |pod, _| dispatcher.dispatch(Action::Select(pod)))
    };
    // "Run on a real cluster": its button and dialog load with the second module.
    let exporting = use_state(|| false);
    let on_share = {
        let dispatcher = state.dispatcher();
        Callback::from(move |_: MouseEvent| match share_link(&saved) {
            Ok(link) => {
                // Side effect here, not in the reducer: the address bar gets the link.
                if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
                    let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&link));
                }
                dispatcher.dispatch(Action::Note(format!("{} {link}", t(lang, T::ShareDone))));
            }
            // Never a broken link: the address bar is left alone and the learner told why.
            Err(_) => dispatcher.dispatch(Action::Notice(Notice::ShareTooLarge)),
        })
    };
    let on_motion = {
        let dispatcher = state.dispatcher();
        let reduce = !current.reduced_motion();
        Callback::from(move |_: MouseEvent| dispatcher.dispatch(Action::ReduceMotion(reduce)))
    };
    let on_dismiss = dispatch(|_| Action::DismissNotices);
    let on_restore = dispatch(|_| Action::RestorePrevious);
    let on_take_other = dispatch(|_| Action::ResolveOtherTab(true));
    let on_keep_mine = dispatch(|_| Action::ResolveOtherTab(false));
    let on_packet = {
        let dispatcher = state.dispatcher();
        use_callback((), move |id, _| dispatcher.dispatch(Action::WalkRequest(id)))
    };
    let on_mode = {
        let dispatcher = state.dispatcher();
        use_callback((), move |mode, _| dispatcher.dispatch(Action::SetProxyMode(mode)))
    };
    let on_tab = {
        let dispatcher = state.dispatcher();
        use_callback((), move |tab, _| dispatcher.dispatch(Action::SetTab(tab)))
    };
    let on_speed = {
        let dispatcher = state.dispatcher();
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            if let Ok(speed) = select.value().parse::<f64>() {
                dispatcher.dispatch(Action::SetSpeed(speed));
            }
        })
    };
    let on_scenario = {
        let dispatcher = state.dispatcher();
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            let value = select.value();
            if let Some(Some(challenge)) = crate::lazy::challenge_select(&value) {
                dispatcher.dispatch(challenge);
            } else if let Some(id) = value.strip_prefix("lesson:") {
                dispatcher.dispatch(Action::StartLesson(id.to_string()));
            } else if let Some(s) = podscape_core::scenario::find(&value) {
                dispatcher.dispatch(Action::LoadScenario(s.id));
            }
        })
    };
    let on_rate = {
        let dispatcher = state.dispatcher();
        Callback::from(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            if let Ok(rate) = input.value().parse::<f64>() {
                dispatcher.dispatch(Action::SetRate(rate));
            }
        })
    };
    let on_source = {
        let dispatcher = state.dispatcher();
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            dispatcher.dispatch(Action::SetExternal(select.value() == "outside"));
        })
    };
    let on_action = {
        let dispatcher = state.dispatcher();
        use_callback((), move |action, _| dispatcher.dispatch(action))
    };
    let external = current.cluster().traffic().source == podscape_core::cluster::Source::External;
    let frontend = {
        let c = current.cluster();
        c.traffic()
            .frontend
            .as_ref()
            .filter(|_| !external)
            .and_then(|(ns, name)| c.deployment(ns, name))
            .map(|d| (d.spec.name.clone(), d.spec.replicas.max(0)))
    };
    let on_scale = |name: String| {
        let dispatcher = state.dispatcher();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            if let Ok(n) = input.value().parse::<u32>() {
                dispatcher.dispatch(Action::Run(format!(
                    "kubectl scale deployment {name} --replicas={n}"
                )));
            }
        })
    };
    let errors = current.diagnostics().iter().filter(|d| d.is_error()).count();
    let motion = MotionHandle(state.motion.clone());
    let narrow = crate::a11y::use_media("(max-width: 820px)");

    // The panes in the order the layout shows them (the stylesheet's one column below 820 px,
    // the embed's stack), so that Tab follows what the eye does; keyed, so they move, not remount.
    let editor_pane = html! {
                    <section key="editor" class="pane editor-pane" aria-label={t(lang, T::Manifests)}>
                        <div class="pane-head">
                            <h2>{t(lang, T::Manifests)}</h2>
                            <span class={classes!("badge", (errors > 0).then_some("badge-error"))} data-testid="validity">
                                { if errors == 0 { t(lang, T::Valid).to_string() } else { format!("{errors} {}", t(lang, T::Errors)) } }
                            </span>
                            <span class="spacer" />
    <div class="pane-actions">
                            <button class="btn ghost icon" data-testid="undo" onclick={on_undo} disabled={!can_undo}
                                title={t(lang, T::UndoTitle)} aria-label={t(lang, T::Undo)}>{"↶"}</button>
                            <button class="btn ghost icon" data-testid="redo" onclick={on_redo} disabled={!can_redo}
                                title={t(lang, T::RedoTitle)} aria-label={t(lang, T::Redo)}>{"↷"}</button>
                            <button class="btn ghost" onclick={on_reset} title={t(lang, T::ResetTitle)}>{t(lang, T::Reset)}</button>
                            <button class="btn btn-primary" data-testid="apply" onclick={on_apply_click}
                                title={t(lang, T::ApplyTitle)}>{t(lang, T::Apply)}</button>
                            </div>
                        </div>
                        <Editor text={current.text().to_string()} diagnostics={current.diagnostics().clone()} {lang}
                            on_edit={on_edit} on_apply={on_apply} {on_history} caret={current.caret()} />
                        <Diagnostics diagnostics={current.diagnostics().clone()} {lang} cluster={SharedCluster(state.shared())}
                            version={state.objects_version()} on_run={on_run.clone()} />
                    </section>
    };
    let stage_pane = html! {
                    <section key="stage" class="pane stage-pane" aria-label={t(lang, T::Cluster)}>
                        <Stage scene={current.scene().clone()} motion={motion.clone()} version={state.version()} {lang} selected={current.selected().map(str::to_string)} on_select={on_select.clone()} on_packet={on_packet.clone()} reduced={current.reduced_motion()}
                            still={current.past_ms().is_some() && current.replaying().is_none()} />
                        { crate::lazy::timeline(&crate::timeline::TimelineProps { session: SharedCluster(state.shared()),
                            motion: motion.clone(), version: state.objects_version(), lang, on_action: on_action.clone() }).unwrap_or_default() }
                        if let Some(selected) = current.selected().map(str::to_string) {
                            { crate::lazy::details(&Panel { selected, scene: current.scene().clone(),
                                cluster: SharedCluster(state.shared()), lang, on_run: on_run.clone(),
                                on_close: on_select.reform(|()| None), on_select: on_select.clone() }).unwrap_or_default() }
                        }
                    </section>
    };
    let inspector_pane = html! {
                    <section key="inspector" class="pane inspector-pane">
                        { crate::lazy::challenge_panel(lang, SharedCluster(state.shared()), state.dispatcher()).unwrap_or_default() }
                        <Inspector tab={current.tab()} {lang} terminal={current.terminal().clone()} history={current.history().clone()}
                            cluster={SharedCluster(state.shared())} version={state.objects_version()} {on_run} on_tab={on_tab.clone()} {on_mode} on_walk={on_packet.clone()} walk={current.walk().cloned()} lesson={current.lesson().cloned()}
                            course={current.course().clone()} share_progress={current.share_progress()} on_action={on_action.clone()} motion={motion.clone()} />
                    </section>
    };
    let panes = if *embed {
        [stage_pane, editor_pane, inspector_pane]
    } else if narrow {
        [stage_pane, inspector_pane, editor_pane]
    } else {
        [editor_pane, stage_pane, inspector_pane]
    };

    html! {
        <div data-module={if crate::lazy::ready() { "ready" } else { "loading" }}
            class={classes!("app", embed.then_some("embed"), current.reduced_motion().then_some("reduced-motion"),
            (*embed && !view.contains("editor")).then_some("hide-editor"),
            (*embed && !view.contains("terminal") && !view.contains("inspector")).then_some("hide-inspector"))}>
            <crate::a11y::SkipLinks {lang} on_terminal={on_tab.reform(|()| crate::state::Tab::Terminal)} />
            <header class="topbar">
                <div class="brand">
                    <svg class="logo" viewBox="0 0 32 32" aria-hidden="true">
                        <circle cx="16" cy="16" r="13" class="logo-ring" />
                        <circle cx="16" cy="9" r="3.2" /><circle cx="9.5" cy="20" r="3.2" /><circle cx="22.5" cy="20" r="3.2" />
                    </svg>
                    <h1 class="brand-name">{"Podscape"}</h1>
                    <span class="brand-tag">{t(lang, T::Tagline)}</span>
                </div>
                <div class="controls" role="toolbar" aria-label={t(lang, T::Cluster)}>
                    <label class="field">
                        <span class="visually-hidden">{t(lang, T::Scenario)}</span>
                        <select data-testid="scenario" onchange={on_scenario} aria-label={t(lang, T::Scenario)}>
                            <optgroup label={t(lang, T::Scenarios)}>
                                { for podscape_core::scenario::SCENARIOS.iter().map(|s| html! {
                                    <option value={s.id} selected={current.lesson().is_none() && s.id == current.scenario().id}>
                                        { if lang == Lang::Ru { s.title_ru } else { s.title_en } }
                                    </option>
                                }) }
                            </optgroup>
                            <optgroup label={t(lang, T::Lessons)}>
                                { for lessons.iter().map(|l| html! {
                                    <option value={format!("lesson:{}", l.id)}
                                        selected={current.lesson().is_some_and(|cur| cur.lesson.id == l.id)}>
                                        { match current.course().mark(&l.id) {
                                            Some(podscape_core::lesson::Mark::Done) => "✓ ",
                                            Some(podscape_core::lesson::Mark::Skipped) => "↷ ",
                                            None => "",
                                        } }
                                        { if lang == Lang::Ru { l.title_ru.clone() } else { l.title_en.clone() } }
                                    </option>
                                }) }
                            </optgroup>
                            { crate::lazy::challenge_options(lang).unwrap_or_default() }
                        </select>
                    </label>
                    <button class="btn" data-testid="play" onclick={on_play} aria-pressed={(!current.playing()).to_string()}>
                        <span aria-hidden="true">{ if current.playing() { "❚❚ " } else { "▶ " } }</span>
                        { if current.playing() { t(lang, T::Pause) } else { t(lang, T::Play) } }
                    </button>
                    <button class="btn" data-testid="step" onclick={on_step}>{t(lang, T::Step)}</button>
                    <label class="field">
                        <span>{t(lang, T::Speed)}</span>
                        <select onchange={on_speed} data-testid="speed" aria-label={t(lang, T::Speed)}>
                            { for [("0.5", 0.5), ("1", 1.0), ("2", 2.0), ("5", 5.0), ("10", 10.0)].iter().map(|(label, s)| html! {
                                <option value={*label} selected={(*s - current.speed()).abs() < 1e-9}>{format!("{label}×")}</option>
                            }) }
                        </select>
                    </label>
                    if let Some((name, replicas)) = frontend {
                        // The learner's own client sends the requests: the control scales it,
                        // as `kubectl scale` typed in the terminal would.
                        <label class="field rate" title={t(lang, T::FrontendPodsTitle).replace("{}", &name)}>
                            <span>{t(lang, T::FrontendPods)}</span>
                            <input type="range" min="0" max={replicas.max(10).to_string()} step="1" value={replicas.to_string()}
                                onchange={on_scale(name.clone())} data-testid="rate" aria-label={format!("{} ({name})", t(lang, T::FrontendPods))} />
                            <span class="rate-value">{format!("{name} × {replicas}")}</span>
                        </label>
                    } else {
                        <label class="field rate">
                            <span>{t(lang, T::RequestRate)}</span>
                            <input type="range" min="0" max="50" step="0.5" value={tenths(current.rate())}
                                oninput={on_rate} data-testid="rate" aria-label={t(lang, T::RequestRate)} />
                            <span class="rate-value">{format!("{} {}", tenths(current.rate()), t(lang, T::PerSecond))}</span>
                        </label>
                    }
                    <select class="source" onchange={on_source} data-testid="source" aria-label={t(lang, T::TrafficFrom)}
                        title={t(lang, T::TrafficFromTitle)}>
                        <option value="frontend" selected={!external}>{t(lang, T::FromFrontend)}</option>
                        <option value="outside" selected={external}>{t(lang, T::FromOutside)}</option>
                    </select>
                    <Clock motion={motion.clone()} version={state.version()} title={t(lang, T::Time)} />
                    <button class="btn" data-testid="share" onclick={on_share}>{t(lang, T::Share)}</button>
                    { crate::lazy::export_ui(&current, exporting.clone()).unwrap_or_default() }
                    <button class="btn icon" data-testid="lang" onclick={on_lang} lang={lang.other().code()}
                        title={t(lang, T::Language)}>{ if lang == Lang::En { "RU" } else { "EN" } }</button>
                    <button class="btn icon motion-toggle" data-testid="motion" onclick={on_motion}
                        aria-pressed={current.reduced_motion().to_string()} title={t(lang, T::ReduceMotionTitle)}
                        aria-label={t(lang, T::ReduceMotion)}>{"◌"}</button>
                    <button class="btn icon" data-testid="theme" onclick={on_theme}
                        aria-label={if current.theme() == Theme::Dark { t(lang, T::ThemeLight) } else { t(lang, T::ThemeDark) }}>
                        { if current.theme() == Theme::Dark { "☀" } else { "☾" } }
                    </button>
                </div>
            </header>
            if !current.notices().is_empty() {
                <div class="notices" role="status" data-testid="notice">
                    <ul>{ for current.notices().iter().map(|n| html! { <li>{t(lang, notice(*n))}</li> }) }</ul>
                    <div class="notice-actions">
                        if current.previous().is_some() {
                            <button class="btn" data-testid="notice-restore" onclick={on_restore}>{t(lang, T::RestorePrevious)}</button>
                        }
                        if current.other_tab_waiting() {
                            <button class="btn" data-testid="notice-take-other" onclick={on_take_other}>{t(lang, T::LoadOtherTab)}</button>
                            <button class="btn" data-testid="notice-keep-mine" onclick={on_keep_mine}>{t(lang, T::KeepThisTab)}</button>
                        }
                    </div>
                    <button class="btn ghost" data-testid="notice-dismiss" onclick={on_dismiss}
                        aria-label={t(lang, T::Dismiss)} title={t(lang, T::Dismiss)}>{"×"}</button>
                </div>
            }
            <main class="panes">
                { for panes }
            </main>
        </div>
    }
}

/// `2.5`, `10`: one decimal at most, printed with integer formatting only (Rust's float
/// printing would add ~10 KiB of wasm for these few labels).
fn tenths(value: f64) -> String {
    let t = (value * 10.0).round() as i64;
    if t % 10 == 0 {
        (t / 10).to_string()
    } else {
        format!("{}.{}", t / 10, (t % 10).abs())
    }
}

#[derive(Properties, PartialEq)]
struct ClockProps {
    motion: MotionHandle,
    /// The app's state version: the clock re-renders with the app, and between its renders
    /// when the frame loop says it moved.
    version: u64,
    title: &'static str,
}

/// The virtual clock, in tenths of a second (redrawn at most every `CLOCK_EVERY_MS` of wall
/// time while frames pass).
#[function_component(Clock)]
fn clock(props: &ClockProps) -> Html {
    use_motion(&props.motion, Moving::Clock);
    let now = props.motion.0.clock_ms();
    html! {
        <span class="clock" data-testid="clock" data-ms={now.to_string()} title={props.title}>{format!("t = {}.{} s", now / 1000, now % 1000 / 100)}</span>
    }
}

#[derive(Properties, PartialEq)]
struct DiagnosticsProps {
    diagnostics: Rc<Vec<podscape_core::Diagnostic>>,
    lang: Lang,
    /// For the Why? chain of a Service a warning says it breaks: redrawn as the cluster changes.
    cluster: SharedCluster,
    version: u64,
    on_run: Callback<String>,
}

#[function_component(Diagnostics)]
fn diagnostics(props: &DiagnosticsProps) -> Html {
    if props.diagnostics.is_empty() {
        return html! {};
    }
    html! {
        <ul class="diagnostics" data-testid="diagnostics" aria-live="polite">
            // A hostile text can have a diagnostic per line: the list shows the first ones
            // (every line keeps its marker in the gutter).
            { for props.diagnostics.iter().take(MAX_LISTED_DIAGNOSTICS).map(|d| html! {
                <li class={classes!("diagnostic", if d.is_error() { "is-error" } else { "is-warning" })}>
                    <span class="where">{format!("{}:{}", d.line, d.column)}</span>
                    <span class="message">{&d.message}</span>
                    if let Some(hint) = &d.hint {
                        <span class="hint"><b>{t(props.lang, T::Hint)}{": "}</b>
                            { if props.lang == Lang::Ru { podscape_core::hints_ru::hint_ru(hint) } else { hint.clone() } }
                        </span>
                    }
                    if let Some(service) = d.service.clone() {
                        { crate::lazy::service_why(service, props.cluster.clone(), props.version, props.lang, props.on_run.clone()).unwrap_or_default() }
                    }
                </li>
            }) }
            if props.diagnostics.len() > MAX_LISTED_DIAGNOSTICS {
                <li class="diagnostic more">{format!("{} {}", props.diagnostics.len() - MAX_LISTED_DIAGNOSTICS, t(props.lang, T::MoreDiagnostics))}</li>
            }
        </ul>
    }
}
