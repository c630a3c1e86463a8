//! The playground's session, platform-free: the editor's text and its undo history, the
//! terminal, the settings, the notices, the lesson being followed, the cluster (owned here, in
//! one place), and the queue of work that waits for the code the first paint does not load.
//! [`Session::apply`] is the only way it changes; it returns what changed, and the session's
//! [`Session::revision`] per [`Concern`] is the one thing a front end compares to decide what
//! to redraw.
//!
//! Time comes in as arguments (a frame's wall milliseconds, a step's virtual ones), never from
//! a clock. The calls that need the manifests engine, kubectl or the lessons go through an
//! [`Engine`]: the browser's answers `None` until its second module has arrived (the session
//! then queues the action, in order, and runs the queue on [`Action::ModuleLoaded`]); a native
//! one answers at once. So the session itself links none of that code.

use std::rc::Rc;

use crate::cluster::{ApplyOutcome, Cluster, Request, Source};
use crate::history::{first_difference, EditHistory};
use crate::kubectl::Output;
use crate::lesson::{Course, Lesson, Run};
use crate::proxy::ProxyMode;
use crate::scene::{Layout, Scene};
use crate::script::Step;
use crate::share::{self, Lang, Motion, Theme};
use crate::{scenario, Diagnostic};

mod lesson;
mod native;
mod redraw;
mod rewind;
#[cfg(test)]
mod tests;

pub use lesson::{lesson_act, LessonIntent};
pub use native::Native;

pub use rewind::{Recorded, RewindOp};

/// The clock shows tenths of a virtual second, redrawn at most this often in wall time (at
/// 10x speed the tenths would change every frame, and each redraw repaints the header).
pub const CLOCK_EVERY_MS: f64 = 100.0;
/// The distribution charts (counts over a 10 s window) are redrawn at most this often in wall
/// time: figures that change every frame cannot be read, and their text was the largest part
/// of a frame's layout with hundreds of requests in flight.
pub const CHARTS_EVERY_MS: f64 = 500.0;
/// The fastest the simulation may run, as a multiple of real time.
pub const MAX_SPEED: f64 = 10.0;
/// Requests a second the traffic generator starts with.
pub const DEFAULT_RATE: f64 = 2.0;
/// The file name the terminal's `kubectl apply -f` reads: the editor's text.
pub const EDITOR_FILE: &str = "playground.yaml";
/// What the terminal shows under the first apply until the module that runs it has arrived.
const BOOTING_LINE: &str = "…";
/// A terminal keeps a bounded scrollback.
const SCROLLBACK_LINES: usize = 500;

/// The calls that live in the lazily loaded code. Each answers `None` while that code is not
/// here (the session queues the action); a native engine always answers.
pub trait Engine {
    /// The text's diagnostics, and whether a budget refused it (such a text is never stored).
    fn diagnose(&self, text: &str) -> Option<(Vec<Diagnostic>, bool)>;
    /// The Apply button: `kubectl apply -f playground.yaml` of `text`.
    fn apply(&self, cluster: &mut Cluster, text: &str) -> Option<Output>;
    /// One terminal line, a script of its own (`Some(None)`: a blank line or a comment).
    fn run_line(
        &self,
        cluster: &mut Cluster,
        line: &str,
        files: &dyn Fn(&str) -> Option<String>,
    ) -> Option<Option<Step>>;
    /// A whole script within one `script::Budget`.
    fn run_script(
        &self,
        cluster: &mut Cluster,
        script: &str,
        files: &dyn Fn(&str) -> Option<String>,
    ) -> Option<Vec<Step>>;
    /// A fresh cluster (its system pods are YAML) with `text` applied.
    fn boot(&self, seed: u64, mode: ProxyMode, text: &str) -> Option<(Cluster, ApplyOutcome)>;
    /// The built-in lessons.
    fn lessons(&self) -> Option<Rc<Vec<Rc<Lesson>>>>;
    /// How many of `lesson`'s steps are done now.
    fn progress(&self, lesson: &Lesson, done: usize, cluster: &Cluster, history: &[String]) -> Option<usize>;
    /// The learner's move in the lesson (see [`lesson_act`]): the script to run, if any.
    fn lesson_act(
        &self,
        run: &mut Run,
        intent: LessonIntent,
        cluster: &Cluster,
        history: &[String],
    ) -> Option<Option<String>>;
    /// Gives the cluster its data plane once the code is here (a no-op where it is built in).
    fn plug(&self, cluster: &mut Cluster);
    /// Advances the cluster's clock (its controllers and traffic). Only called once the
    /// cluster has booted, so the browser's engine runs it in the second module: the first
    /// paint, before the boot, never moves the clock.
    fn advance(&self, cluster: &mut Cluster, ms: u64) {
        cluster.advance(ms);
    }
    /// Rewind's work (`session/rewind.rs`: recording with snapshots and markers, seeking and
    /// replaying, a link's restore), which the first paint does not need; `engine` is `self`.
    /// The browser's answers `None` until its second module is here.
    fn rewind(&self, engine: &dyn Engine, session: &mut Session, op: RewindOp) -> Option<bool> {
        Some(session.rewind_apply(engine, op))
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tab {
    Lesson,
    Terminal,
    Objects,
    Events,
    Rules,
    Dns,
    Walk,
    Map,
}

/// What the learner is told above the panes, until dismissed (a front end translates it).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Notice {
    /// The stored state could not be read.
    StoredCorrupt,
    /// The stored state is another version's (or the first versions' keys).
    StoredOld,
    LinkUnreadable,
    LinkTooLarge,
    LinkNewer,
    /// The lazily loaded code could not be fetched.
    ModuleUnavailable,
    /// A link's or an embedding page's text replaced the learner's (offered back).
    Replaced,
    /// The text is over a budget: it is not stored.
    Refused,
    SaveFailed,
    SaveTooLarge,
    /// Another tab stored its state: this one stopped saving until the learner chooses.
    OtherTab,
    /// The last visit died opening the stored text: it was set aside (offered back).
    BootGuard,
    /// The state is too large for a link.
    ShareTooLarge,
    /// The learner acted while looking at the past: branch from there, or back to live.
    Scrubbed,
    /// A branch set a future aside (undo brings it back).
    Branched,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LineKind {
    Command,
    Stdout,
    Stderr,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TermLine {
    pub kind: LineKind,
    pub text: String,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// The editor's text changed.
    Edit(String),
    /// `kubectl apply -f` of the editor's text.
    Apply,
    /// Back to the scenario's YAML (the cluster keeps running).
    ResetText,
    /// The editor's own undo and redo.
    Undo,
    Redo,
    /// A command typed in the terminal, or the command a click stands for (a pod's Crash is
    /// `kubectl exec POD -- kill 1`, a node's Stop kubelet `podscape node-down NODE`).
    Run(String),
    /// A frame passed: wall-clock milliseconds since the last one.
    Frame(f64),
    TogglePlay,
    SetSpeed(f64),
    SetRate(f64),
    /// Requests from the frontend pod, or from outside through the NodePorts.
    SetExternal(bool),
    /// Advance the virtual clock by this many milliseconds, even when paused.
    Step(u64),
    SetTab(Tab),
    SetLang(Lang),
    SetTheme(Theme),
    /// The viewport crossed the phone/desktop breakpoint.
    SetLayout(Layout),
    /// The embedding page's `podscape:load`: new manifests in the editor, applied.
    Load(String),
    /// The embedding page's `podscape:run`: a script, one command a line.
    RunScript(String),
    /// A line for the terminal from the page itself (a share link, say).
    Note(String),
    /// A request particle was clicked: show its packet walk.
    WalkRequest(u64),
    /// `--proxy-mode` of every node's kube-proxy.
    SetProxyMode(ProxyMode),
    /// The page's toggle: the learner wants less motion (`true`) or full motion. A choice the
    /// system already makes is no choice: the session then follows the system again.
    ReduceMotion(bool),
    /// The system's `prefers-reduced-motion` (read at start, and when it changes).
    SystemReducedMotion(bool),
    /// The playground came into view or left it (scrolled away in an embedding page, a hidden
    /// tab): out of view, frames advance nothing, and the clock resumes where it stopped.
    SetVisible(bool),
    /// Start over from a built-in scenario: a fresh cluster with its YAML applied.
    LoadScenario(&'static str),
    /// Start a lesson: its scenario, and its steps in the Lesson tab.
    StartLesson(String),
    /// Start over on a fresh cluster with `text` applied (and in the editor), then `setup` run
    /// without echo: a challenge's broken starting state, whose faults are the puzzle.
    Restart {
        text: String,
        setup: String,
    },
    /// The learner's move in the lesson being followed.
    Lesson(LessonIntent),
    /// A pod, node or Deployment was clicked (or the details closed).
    Select(Option<String>),
    /// Show a notice (a state too large to share, a failed save).
    Notice(Notice),
    /// The learner closed the notices.
    DismissNotices,
    /// The lazily loaded code arrived (or could not be fetched: `false`); queued actions run.
    ModuleLoaded(bool),
    /// Back to the text a link, an embedding page's load or a set-aside stored state replaced.
    RestorePrevious,
    /// Another tab stored this state: this tab stops saving until the learner chooses.
    OtherTab(String),
    /// Take the other tab's stored text (`true`, an undoable replacement) or keep this tab's
    /// and save it again (`false`).
    ResolveOtherTab(bool),
    /// Rewind: show the cluster as it was at this virtual time (`session/rewind.rs`).
    Seek(u64),
    /// Back to the present from the past.
    Live,
    /// Replay forward from the moment shown at this speed (`None`: stop).
    Replay(Option<f64>),
    /// A new future from the moment shown (what the learner did waits for it).
    Branch,
    /// Bring back the future a branch set aside.
    UndoBranch,
    /// A share link's recorded inputs replayed, then this moment (ms after the start) shown.
    Restore(String, Option<u64>),
}

/// What a front end redraws or redoes, each with its own revision.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Concern {
    /// Anything the page shows but what only moves: the whole app re-renders.
    View = 0,
    /// The objects' live views (the inspector's tabs): also with the traffic's counters and
    /// each virtual second (ages).
    Objects = 1,
    /// Request particles.
    Particles = 2,
    /// The virtual clock, in tenths of a second (at most every [`CLOCK_EVERY_MS`]).
    Clock = 3,
    /// The distribution charts (at most every [`CHARTS_EVERY_MS`]).
    Charts = 4,
    /// Save again although the stored state is the same (the learner kept this tab's work).
    Save = 5,
}

impl Concern {
    pub const ALL: [Concern; 6] = [
        Concern::View,
        Concern::Objects,
        Concern::Particles,
        Concern::Clock,
        Concern::Charts,
        Concern::Save,
    ];
}

/// The concerns one action changed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Changed(u8);

impl Changed {
    pub const NONE: Changed = Changed(0);
    /// What an ordinary action changes: the view and the objects' views.
    const STATE: Changed = Changed(1 << Concern::View as u8 | 1 << Concern::Objects as u8);

    pub fn contains(self, concern: Concern) -> bool {
        self.0 & 1 << concern as u8 != 0
    }

    fn add(&mut self, concern: Concern) {
        self.0 |= 1 << concern as u8;
    }

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }
}

impl std::ops::BitOr for Changed {
    type Output = Changed;
    fn bitor(self, other: Changed) -> Changed {
        Changed(self.0 | other.0)
    }
}

/// What the session starts from: the text to edit (stored or the scenario's) and settings.
#[derive(Clone)]
pub struct Start {
    pub seed: u64,
    pub text: Option<String>,
    pub lang: Lang,
    pub theme: Theme,
    /// The learner's motion setting (`None`: the system's).
    pub motion: Option<Motion>,
    /// The system's `prefers-reduced-motion`.
    pub system_reduced: bool,
    pub speed: f64,
    pub layout: Layout,
    pub scenario: &'static scenario::Scenario,
    /// Manifests from a share link or an embedding page: applied instead of the scenario.
    pub shared: Option<String>,
    pub playing: bool,
    pub proxy_mode: ProxyMode,
    pub notices: Vec<Notice>,
    /// A stored text the boot guard set aside (the last visit died opening it): offered back.
    pub set_aside: Option<String>,
    /// The course's progress, stored (or from a link).
    pub course: Course,
}

impl Default for Start {
    fn default() -> Self {
        Start {
            seed: scenario::DEFAULT_SEED,
            text: None,
            lang: Lang::En,
            theme: Theme::Dark,
            motion: None,
            system_reduced: false,
            speed: 1.0,
            layout: Layout::Wide,
            scenario: &scenario::SCENARIOS[0],
            shared: None,
            playing: true,
            proxy_mode: ProxyMode::Iptables,
            notices: Vec::new(),
            set_aside: None,
            course: Course::default(),
        }
    }
}

/// A part redrawn at most every `every_ms` of wall time: when its turn comes it shows the
/// newest state, never one left behind.
#[derive(Clone, Copy, Debug)]
struct Throttle {
    every_ms: f64,
    waited_ms: f64,
    /// What the part draws changed since it was last redrawn.
    stale: bool,
}

impl Throttle {
    const fn new(every_ms: f64, waited_ms: f64) -> Throttle {
        Throttle {
            every_ms,
            waited_ms,
            stale: false,
        }
    }

    fn wait(&mut self, wall_ms: f64) {
        self.waited_ms += wall_ms.max(0.0);
    }

    /// After any action but a frame, the part shows the newest state at once.
    fn now(&mut self) {
        self.waited_ms = self.every_ms;
    }

    /// Whether the part is redrawn now: it has changed, and its turn has come.
    fn due(&mut self, changed: bool) -> bool {
        self.stale |= changed;
        let due = self.stale && self.waited_ms >= self.every_ms;
        if due {
            self.waited_ms = 0.0;
            self.stale = false;
        }
        due
    }
}

pub struct Session {
    text: String,
    edits: EditHistory,
    /// Where the caret goes after an undo, a redo or a replacement: (a sequence number, a byte
    /// offset in `text`).
    caret: Option<(u64, usize)>,
    carets: u64,
    /// Diagnostics of the text as it is now, shown while typing.
    diagnostics: Rc<Vec<Diagnostic>>,
    terminal: Rc<Vec<TermLine>>,
    /// Commands run in the terminal (typed, clicked or a script's), oldest first.
    history: Rc<Vec<String>>,
    cluster: Cluster,
    scene: Rc<Scene>,
    /// The virtual time the clock shows: the scene's when the clock last moved.
    clock_ms: u64,
    playing: bool,
    speed: f64,
    rate: f64,
    tab: Tab,
    lang: Lang,
    theme: Theme,
    motion: Option<Motion>,
    system_reduced: bool,
    /// In view: frames advance time only then.
    visible: bool,
    layout: Layout,
    selected: Option<String>,
    /// The lesson being followed: how far, what was skipped, predicted and hinted.
    lesson: Option<Run>,
    /// The lessons finished (done or skipped): stored with the state.
    course: Course,
    /// Share links carry the course's progress (the learner's choice).
    share_progress: bool,
    /// The request whose packet walk is shown (the latest one when `None`).
    walk: Option<Rc<Request>>,
    scenario: &'static scenario::Scenario,
    notices: Rc<Vec<Notice>>,
    /// Actions that wait for the lazily loaded code, in the order they came.
    pending: Vec<Action>,
    /// The learner's text that a link, an embedding page's load or the boot guard replaced.
    previous: Option<Rc<String>>,
    /// The newest text that parsed within the budgets: the only text ever stored.
    saveable: Option<Rc<String>>,
    /// Another tab's stored state, while this tab waits for the learner's choice (no saving).
    other_tab: Option<Rc<String>>,
    /// The learner typed since the text was last set from outside (a load then replaces work).
    typed: bool,
    /// The text to apply once the manifests engine arrives (the cluster is bare until then).
    booting: Option<String>,
    seed: u64,
    /// Virtual time not yet handed to the cluster (sub-millisecond frames add up).
    carry_ms: f64,
    clock_turn: Throttle,
    charts_turn: Throttle,
    /// What the action being applied changed so far.
    changed: Changed,
    revisions: [u64; Concern::ALL.len()],
    /// Every input that changed the cluster, snapshots and markers (`session/rewind.rs`);
    /// `None` until the cluster has booted and the code that records is here.
    timeline: Option<crate::rewind::Timeline<Recorded>>,
    /// Looking back: the present waits here.
    past: Option<rewind::Past>,
    /// The text the cluster booted with (a share link of the timeline carries it).
    booted: Rc<str>,
}

/// What `-f` reads here: the editor's text, or a file the current lesson ships.
fn files_of<'a>(text: &'a str, lesson: &'a Option<Run>) -> impl Fn(&str) -> Option<String> + 'a {
    move |path: &str| {
        if path == EDITOR_FILE {
            return Some(text.to_string());
        }
        lesson
            .as_ref()?
            .lesson
            .files
            .iter()
            .find(|(n, _)| n == path)
            .map(|(_, v)| v.clone())
    }
}

impl Session {
    /// The scenario (or a link's manifests) applied, as a learner first sees it; a stored
    /// text, if any, is put back in the editor but not applied. Until the engine is here the
    /// cluster is bare (its nodes only) and the text waits to be applied.
    pub fn new(engine: &dyn Engine, start: Start) -> Session {
        let applied = start
            .shared
            .clone()
            .unwrap_or_else(|| start.scenario.yaml.to_string());
        let (mut cluster, output, booting) = match engine.boot(start.seed, start.proxy_mode, &applied) {
            Some((cluster, outcome)) => (cluster, outcome.output, None),
            None => (Cluster::bare(start.seed), Vec::new(), Some(applied.clone())),
        };
        engine.plug(&mut cluster);
        cluster.set_proxy_mode(start.proxy_mode);
        cluster.set_request_rate(DEFAULT_RATE);
        let mut terminal = vec![TermLine {
            kind: LineKind::Command,
            text: format!("kubectl apply -f {EDITOR_FILE}"),
        }];
        terminal.extend(output.into_iter().map(|text| TermLine {
            kind: LineKind::Stdout,
            text,
        }));
        if booting.is_some() {
            terminal.push(TermLine {
                kind: LineKind::Stdout,
                text: BOOTING_LINE.into(),
            });
        }
        let stored = start.text.clone();
        let from_link = start.shared.is_some();
        let booted: Rc<str> = applied.as_str().into();
        let text = start.shared.or(start.text).unwrap_or(applied);
        // A link's manifests replace the learner's stored text: the stored one stays one Undo
        // away and a notice offers it back. A text the boot guard set aside likewise.
        let mut edits = EditHistory::default();
        let mut notices = start.notices;
        let previous = match (&stored, start.set_aside) {
            (Some(stored), _) if from_link && *stored != text => Some(stored.clone()),
            (_, Some(aside)) if aside != text => Some(aside),
            _ => None,
        };
        if let Some(previous) = &previous {
            edits.replace(previous, &text);
            if from_link {
                notices.push(Notice::Replaced);
            }
        }
        let checked = engine.diagnose(&text);
        // Until the text has parsed within the budgets, what is stored stays as it was.
        let saveable = match &checked {
            Some((_, true)) => {
                notices.push(Notice::Refused);
                stored
            }
            Some(_) => Some(text.clone()),
            None if from_link => stored,
            None => Some(text.clone()),
        };
        let mut scene = Scene::with_layout(&cluster, start.layout);
        let reduced = start
            .motion
            .map_or(start.system_reduced, |m| m == Motion::Reduced);
        if reduced {
            redraw::steady(&mut scene);
        }
        let scene = Rc::new(scene);
        let booted_now = booting.is_none();
        let mut session = Session {
            timeline: None,
            past: None,
            booted,
            diagnostics: Rc::new(checked.map(|(d, _)| d).unwrap_or_default()),
            text,
            edits,
            caret: None,
            carets: 0,
            terminal: Rc::new(terminal),
            history: Rc::default(),
            cluster,
            clock_ms: scene.now_ms,
            scene,
            playing: start.playing,
            speed: start.speed.clamp(0.1, MAX_SPEED),
            rate: DEFAULT_RATE,
            tab: Tab::Terminal,
            lang: start.lang,
            theme: start.theme,
            motion: start.motion,
            system_reduced: start.system_reduced,
            visible: true,
            layout: start.layout,
            selected: None,
            lesson: None,
            course: start.course.clone(),
            share_progress: false,
            walk: None,
            scenario: start.scenario,
            notices: Rc::new(notices),
            pending: Vec::new(),
            previous: previous.map(Rc::new),
            saveable: saveable.map(Rc::new),
            other_tab: None,
            typed: false,
            booting,
            seed: start.seed,
            carry_ms: 0.0,
            clock_turn: Throttle::new(CLOCK_EVERY_MS, 0.0),
            charts_turn: Throttle::new(CHARTS_EVERY_MS, CHARTS_EVERY_MS),
            changed: Changed::NONE,
            revisions: [0; Concern::ALL.len()],
        };
        if booted_now {
            engine.rewind(engine, &mut session, RewindOp::Restart);
        }
        session
    }

    /// Applies one action; returns what it changed, each changed concern's revision bumped.
    pub fn apply(&mut self, engine: &dyn Engine, action: Action) -> Changed {
        self.changed = Changed::NONE;
        self.handle(engine, action);
        let changed = std::mem::take(&mut self.changed);
        for concern in Concern::ALL {
            if changed.contains(concern) {
                self.revisions[concern as usize] += 1;
            }
        }
        changed
    }

    fn touch(&mut self, changed: Changed) {
        self.changed = self.changed | changed;
    }

    fn handle(&mut self, engine: &dyn Engine, action: Action) {
        // Only frames wait for the throttled parts' turn: after any other action they show the
        // newest state.
        if !matches!(action, Action::Frame(_)) {
            self.clock_turn.now();
            self.charts_turn.now();
        }
        if self.past.is_some() && engine.rewind(engine, self, RewindOp::Hold(action.clone())) == Some(true) {
            return;
        }
        let state = match action {
            Action::Frame(wall_ms) if self.past.is_some() => {
                engine.rewind(engine, self, RewindOp::Frame(wall_ms));
                return;
            }
            Action::Frame(wall_ms) => return self.frame(engine, wall_ms),
            Action::Seek(t) => {
                let within = self.past.is_some();
                let moved = engine.rewind(engine, self, RewindOp::Seek(t)) == Some(true);
                // From one moment of the past to another: the seek marked what differs (the
                // view only when it must); the lesson may follow a `podscape seek`.
                if within && self.past.is_some() {
                    if moved {
                        self.update_lesson(engine);
                    }
                    return;
                }
                moved
            }
            Action::Live => self.go_live(),
            Action::Replay(speed) => engine.rewind(engine, self, RewindOp::Replay(speed)) == Some(true),
            Action::Branch => engine.rewind(engine, self, RewindOp::Branch) == Some(true),
            Action::UndoBranch => engine.rewind(engine, self, RewindOp::Undo) == Some(true),
            Action::Restore(inputs, at) => {
                if self.booting.is_some() || engine.diagnose("").is_none() || !self.pending.is_empty() {
                    self.pending.push(Action::Restore(inputs, at));
                    return;
                }
                engine.rewind(engine, self, RewindOp::Restore(inputs, at));
                true
            }
            Action::Apply | Action::RunScript(_) | Action::StartLesson(_) | Action::Restart { .. }
                if !self.pending.is_empty() =>
            {
                // Behind queued work: the order of the learner's actions is kept.
                self.pending.push(action);
                return;
            }
            Action::Run(command) => return self.run(engine, command),
            Action::Apply => return self.apply_text(engine),
            Action::RunScript(script) => return self.run_script(engine, script),
            Action::Load(text) => return self.load(engine, text),
            Action::StartLesson(id) => return self.start_lesson(engine, id),
            Action::Restart { text, setup } => return self.restart_from(engine, text, setup),
            Action::Lesson(intent) => return self.lesson_intent(engine, intent),
            Action::LoadScenario(id) => {
                if let Some(chosen) = scenario::find(id) {
                    self.restart_with(engine, chosen);
                }
                return;
            }
            Action::ModuleLoaded(loaded) => return self.module_loaded(engine, loaded),
            Action::Edit(text) => {
                self.edits.edit(&self.text, &text);
                self.text = text;
                self.typed = true;
                self.diagnose(engine);
                true
            }
            Action::ResetText => {
                let text = self.scenario.yaml.to_string();
                self.edits.replace(&self.text, &text);
                self.text = text;
                self.diagnose(engine);
                true
            }
            Action::Undo | Action::Redo => self.undo_redo(engine, action == Action::Redo),
            Action::TogglePlay => {
                self.playing = !self.playing;
                true
            }
            Action::SetSpeed(speed) => {
                self.speed = speed.clamp(0.1, MAX_SPEED);
                true
            }
            Action::SetRate(rate) => {
                self.rate = rate;
                self.cluster.set_request_rate(rate);
                self.record(engine, self.cluster.now_ms(), Recorded::Rate(rate), true);
                true
            }
            Action::SetExternal(external) => {
                let source = if external {
                    Source::External
                } else {
                    Source::Frontend
                };
                self.cluster.set_traffic_source(source);
                self.record(engine, self.cluster.now_ms(), Recorded::Source(source), true);
                true
            }
            // An embedding page's step is bounded like a script's time (budget.rs).
            Action::Step(ms) => {
                self.advance(engine, ms.min(crate::budget::SCRIPT_VIRTUAL_MS));
                true
            }
            Action::SetTab(tab) => {
                self.tab = tab;
                true
            }
            Action::SetLang(lang) => {
                self.lang = lang;
                true
            }
            Action::SetTheme(theme) => {
                self.theme = theme;
                true
            }
            Action::SetLayout(layout) => {
                self.layout = layout;
                self.redraw();
                true
            }
            Action::Select(selected) => {
                self.selected = selected;
                true
            }
            Action::SetProxyMode(mode) => {
                self.cluster.set_proxy_mode(mode);
                self.record(engine, self.cluster.now_ms(), Recorded::Mode(mode), true);
                true
            }
            Action::ReduceMotion(reduce) => {
                let was = self.reduced_motion();
                self.motion = (reduce != self.system_reduced).then_some(if reduce {
                    Motion::Reduced
                } else {
                    Motion::Full
                });
                self.motion_changed(was);
                true
            }
            Action::SystemReducedMotion(reduce) => {
                let was = self.reduced_motion();
                self.system_reduced = reduce;
                // A choice that now equals the system's is the system's again.
                if self.motion.map(|m| m == Motion::Reduced) == Some(reduce) {
                    self.motion = None;
                }
                self.motion_changed(was);
                true
            }
            Action::SetVisible(visible) => {
                self.visible = visible;
                // What was carried belongs to the frames before: resume exactly where it stopped.
                self.carry_ms = 0.0;
                false
            }
            Action::Note(line) => {
                self.print(&format!("# podscape: {line}"), &Output::default());
                self.tab = Tab::Terminal;
                true
            }
            Action::WalkRequest(id) => {
                // In flight, or (from the service map) an edge's newest request.
                let found = self.cluster.request(id).cloned();
                if let Some(request) = found {
                    self.walk = Some(Rc::new(request));
                    self.tab = Tab::Walk;
                }
                true
            }
            Action::Notice(notice) => {
                self.notify(notice);
                true
            }
            // A pending choice between two tabs stays until it is made: saving waits for it.
            Action::DismissNotices => {
                let waiting = self.other_tab.is_some();
                Rc::make_mut(&mut self.notices).retain(|n| waiting && *n == Notice::OtherTab);
                true
            }
            Action::RestorePrevious => match self.previous.take() {
                Some(previous) => {
                    self.replace_text(engine, previous.to_string());
                    Rc::make_mut(&mut self.notices)
                        .retain(|n| !matches!(n, Notice::Replaced | Notice::BootGuard));
                    true
                }
                None => false,
            },
            Action::OtherTab(value) => {
                self.other_tab = Some(Rc::new(value));
                self.notify(Notice::OtherTab);
                true
            }
            Action::ResolveOtherTab(take) => self.resolve_other_tab(engine, take),
        };
        if state {
            self.settle(engine);
        }
    }

    /// The end of an action that may have changed anything shown: the lesson's progress is
    /// checked, and the view and the objects' views are redrawn.
    fn settle(&mut self, engine: &dyn Engine) {
        self.update_lesson(engine);
        self.touch(Changed::STATE);
    }

    fn frame(&mut self, engine: &dyn Engine, wall_ms: f64) {
        if !self.playing || !self.visible {
            return;
        }
        // A frame after a long pause (a hidden tab) must not fast-forward minutes.
        self.carry_ms += wall_ms.clamp(0.0, 100.0) * self.speed;
        self.clock_turn.wait(wall_ms);
        self.charts_turn.wait(wall_ms);
        let whole = self.carry_ms.floor();
        self.carry_ms -= whole;
        self.advance(engine, whole as u64);
        self.update_lesson(engine);
    }

    fn undo_redo(&mut self, engine: &dyn Engine, redo: bool) -> bool {
        let restored = if redo {
            self.edits.redo(&self.text)
        } else {
            self.edits.undo(&self.text)
        };
        if let Some(text) = restored {
            self.place_caret(&text);
            self.text = text;
            self.diagnose(engine);
        }
        true
    }

    /// The Apply button is `kubectl apply -f playground.yaml`: it counts in the history
    /// lessons check.
    fn apply_text(&mut self, engine: &dyn Engine) {
        let t = self.cluster.now_ms();
        let Some(output) = engine.apply(&mut self.cluster, &self.text) else {
            self.pending.push(Action::Apply);
            return;
        };
        let command = format!("kubectl apply -f {EDITOR_FILE}");
        let input = Recorded::Apply(self.text.as_str().into());
        self.record(engine, t, input, output.exit_code == 0);
        self.print(&command, &output);
        Rc::make_mut(&mut self.history).push(command);
        self.diagnose(engine);
        self.redraw();
        self.settle(engine);
    }

    /// A terminal line: the one runner of commands, typed or clicked (`script::run_line`
    /// through the engine).
    fn run(&mut self, engine: &dyn Engine, command: String) {
        let command = command.trim().to_string();
        if command.is_empty() {
            return;
        }
        if command == "clear" {
            self.terminal = Rc::default();
        } else if (command.starts_with("podscape seek") || command.starts_with("podscape timeline"))
            && engine.rewind(engine, self, RewindOp::Command(command.clone())) == Some(true)
        {
            // Printed by the command itself.
        } else {
            if !self.pending.is_empty() {
                self.pending.push(Action::Run(command));
                return;
            }
            let t = self.cluster.now_ms();
            let step = {
                let files = files_of(&self.text, &self.lesson);
                engine.run_line(&mut self.cluster, &command, &files)
            };
            if let Some(step) = &step {
                let exit_code = step.as_ref().map_or(0, |s| s.exit_code);
                engine.rewind(
                    engine,
                    self,
                    RewindOp::RecordRun {
                        t_ms: t,
                        command: command.clone(),
                        exit_code,
                    },
                );
            }
            // `podscape traffic rate N` typed here moves the traffic control too.
            self.rate = self.cluster.traffic().rate;
            let Some(step) = step else {
                // The terminal's code arrives just after the first paint; until then the
                // command waits its turn (ModuleLoaded runs it).
                self.pending.push(Action::Run(command));
                return;
            };
            let output = step
                .map(|s| Output {
                    stdout: s.stdout,
                    stderr: s.stderr,
                    exit_code: s.exit_code,
                })
                .unwrap_or_default();
            self.print(&command, &output);
        }
        Rc::make_mut(&mut self.history).push(command);
        self.redraw();
        self.settle(engine);
    }

    /// One budget for the whole script, as `podscape run` has (`script::Budget`): a link's or
    /// an embedding page's script cannot keep the page busy, however long its sleeps, watches
    /// or `rollout status` lines; past it the rest is not run.
    fn run_script(&mut self, engine: &dyn Engine, script: String) {
        let t = self.cluster.now_ms();
        let steps = {
            let files = files_of(&self.text, &self.lesson);
            engine.run_script(&mut self.cluster, &script, &files)
        };
        let Some(steps) = steps else {
            self.pending.push(Action::RunScript(script));
            return;
        };
        let input = Recorded::Script {
            script: script.as_str().into(),
            text: self.text.as_str().into(),
            lesson: self.lesson.as_ref().map(|run| run.lesson.clone()),
        };
        self.record(engine, t, input, true);
        for step in steps {
            if step.command == "clear" {
                self.terminal = Rc::default();
            } else {
                let output = Output {
                    stdout: step.stdout,
                    stderr: step.stderr,
                    exit_code: step.exit_code,
                };
                self.print(&step.command, &output);
            }
            Rc::make_mut(&mut self.history).push(step.command);
        }
        self.redraw();
        self.settle(engine);
    }

    /// The embedding page's text replaces the learner's as one undoable step (what the
    /// learner typed is offered back), then is applied.
    fn load(&mut self, engine: &dyn Engine, text: String) {
        if self.typed && self.text != text {
            self.previous = Some(Rc::new(self.text.clone()));
            self.notify(Notice::Replaced);
        }
        self.replace_text(engine, text);
        self.touch(Changed::STATE);
        self.handle(engine, Action::Apply);
    }

    fn start_lesson(&mut self, engine: &dyn Engine, id: String) {
        let Some(all) = engine.lessons() else {
            self.pending.push(Action::StartLesson(id));
            return;
        };
        let Some(chosen) = all.iter().find(|l| l.id == id).cloned() else {
            return;
        };
        let Some(base) = scenario::find(&chosen.scenario) else {
            return;
        };
        self.restart_with(engine, base);
        self.tab = Tab::Lesson;
        self.lesson = Some(Run::new(chosen));
        self.settle(engine);
    }

    fn lesson_intent(&mut self, engine: &dyn Engine, intent: LessonIntent) {
        if let LessonIntent::ShareProgress(on) = intent {
            self.share_progress = on;
            self.touch(Changed::STATE);
            return;
        }
        let Some(run) = self.lesson.as_mut() else {
            return;
        };
        // Decided by the lazily loaded code (`lesson_act`): the first load carries none of it.
        let Some(script) = engine.lesson_act(run, intent, &self.cluster, &self.history) else {
            return;
        };
        if intent == LessonIntent::ShowMe {
            // "Show me" keeps the Lesson tab: the learner reads the outcome next to the step.
            self.tab = Tab::Lesson;
        }
        self.finish_lesson();
        self.touch(Changed::STATE);
        match script {
            Some(script) => self.run_script(engine, script),
            None => self.update_lesson(engine),
        }
    }

    /// A finished lesson goes into the course's progress.
    fn finish_lesson(&mut self) {
        if let Some((id, mark)) = self
            .lesson
            .as_ref()
            .and_then(|run| run.mark().map(|m| (run.lesson.id.clone(), m)))
        {
            self.course.set(&id, mark);
        }
    }

    /// The lazily loaded code arrived: the cluster boots with the text waiting for it, the
    /// text is diagnosed, the data plane plugged, and the queued actions run in order.
    fn module_loaded(&mut self, engine: &dyn Engine, loaded: bool) {
        let queued = std::mem::take(&mut self.pending);
        if !loaded {
            // What was queued cannot run: the notice says to reload (the text is kept).
            self.notify(Notice::ModuleUnavailable);
            self.touch(Changed::STATE);
            return;
        }
        let booting = self.booting.is_some();
        if let Some(text) = self.booting.take() {
            match engine.boot(self.seed, self.cluster.proxy_mode(), &text) {
                Some((mut cluster, outcome)) => {
                    cluster.set_request_rate(self.cluster.traffic().rate);
                    cluster.set_traffic_source(self.cluster.traffic().source);
                    self.cluster = cluster;
                    // Another cluster: its scenes cannot build on the bare one's
                    // (`Scene::next` takes a scene of the same cluster).
                    self.scene = Rc::new(Scene::with_layout(&self.cluster, self.layout));
                    let terminal = Rc::make_mut(&mut self.terminal);
                    if terminal.last().is_some_and(|l| l.text == BOOTING_LINE) {
                        terminal.pop();
                    }
                    terminal.extend(outcome.output.into_iter().map(|text| TermLine {
                        kind: LineKind::Stdout,
                        text,
                    }));
                }
                None => self.booting = Some(text),
            }
        }
        self.diagnose(engine);
        engine.plug(&mut self.cluster);
        // The booted cluster is where the session's time begins.
        if booting && self.booting.is_none() {
            engine.rewind(engine, self, RewindOp::Restart);
        }
        self.redraw();
        self.settle(engine);
        for action in queued {
            self.handle(engine, action);
        }
        self.touch(Changed::STATE);
    }

    fn resolve_other_tab(&mut self, engine: &dyn Engine, take: bool) -> bool {
        let Some(value) = self.other_tab.take() else {
            return false;
        };
        Rc::make_mut(&mut self.notices).retain(|n| *n != Notice::OtherTab);
        let theirs = share::decode(&value, share::STORAGE).ok().and_then(|s| s.yaml);
        match theirs {
            // One Undo brings this tab's text back.
            Some(text) if take => self.replace_text(engine, text),
            _ => self.touch(Changed(1 << Concern::Save as u8)),
        }
        true
    }

    fn notify(&mut self, notice: Notice) {
        if !self.notices.contains(&notice) {
            Rc::make_mut(&mut self.notices).push(notice);
        }
    }

    fn place_caret(&mut self, text: &str) {
        self.carets += 1;
        self.caret = Some((self.carets, first_difference(&self.text, text)));
    }

    /// The diagnostics of the current text, and whether it may be stored (parsed within the
    /// budgets). Before the manifests engine arrives nothing changes in what is stored.
    fn diagnose(&mut self, engine: &dyn Engine) {
        let Some((diagnostics, refused)) = engine.diagnose(&self.text) else {
            self.diagnostics = Rc::default();
            return;
        };
        self.diagnostics = Rc::new(diagnostics);
        if refused {
            self.notify(Notice::Refused);
        } else {
            if self.notices.contains(&Notice::Refused) {
                Rc::make_mut(&mut self.notices).retain(|n| *n != Notice::Refused);
            }
            if self.saveable.as_deref() != Some(&self.text) {
                self.saveable = Some(Rc::new(self.text.clone()));
            }
        }
    }

    /// Puts `text` in the editor as one undoable step (a load, a restore, another tab's text).
    fn replace_text(&mut self, engine: &dyn Engine, text: String) {
        self.edits.replace(&self.text, &text);
        self.place_caret(&text);
        self.text = text;
        self.typed = false;
        self.diagnose(engine);
    }

    fn advance(&mut self, engine: &dyn Engine, ms: u64) {
        // No time passes before the cluster has booted (the engine arrives).
        if self.booting.is_some() {
            return;
        }
        let t = self.cluster.now_ms();
        engine.advance(&mut self.cluster, ms);
        if ms > 0 {
            let step = u32::try_from(ms).unwrap_or(u32::MAX);
            self.record(engine, t, Recorded::Advance(vec![step]), true);
        }
        self.redraw();
    }

    /// A fresh cluster from `scenario`, keeping the learner's settings, the editor's history
    /// (undo brings the learner's text back), the queue and the notices.
    fn restart_with(&mut self, engine: &dyn Engine, scenario: &'static scenario::Scenario) {
        self.restart_on(engine, scenario, None);
    }

    /// A fresh cluster with `text` applied, then `setup` run quietly (see `Action::Restart`).
    fn restart_from(&mut self, engine: &dyn Engine, text: String, setup: String) {
        self.restart_on(engine, self.scenario, Some(text));
        let ran = {
            let files = files_of(&self.text, &self.lesson);
            engine.run_script(&mut self.cluster, &setup, &files)
        };
        if ran.is_none() {
            // Not booted yet either: the setup runs, echoed, once the module is here.
            self.pending.push(Action::RunScript(setup));
        }
        self.redraw();
        self.settle(engine);
    }

    fn restart_on(
        &mut self,
        engine: &dyn Engine,
        scenario: &'static scenario::Scenario,
        shared: Option<String>,
    ) {
        let mut fresh = Session::new(
            engine,
            Start {
                seed: self.seed,
                lang: self.lang,
                theme: self.theme,
                motion: self.motion,
                system_reduced: self.system_reduced,
                speed: self.speed,
                layout: self.layout,
                scenario,
                shared,
                proxy_mode: self.cluster.proxy_mode(),
                notices: self.notices.to_vec(),
                // The course's progress outlives any restart.
                course: std::mem::take(&mut self.course),
                ..Start::default()
            },
        );
        fresh.share_progress = self.share_progress;
        let mut edits = std::mem::take(&mut self.edits);
        edits.replace(&self.text, &fresh.text);
        fresh.edits = edits;
        fresh.carets = self.carets;
        fresh.pending = std::mem::take(&mut self.pending);
        fresh.previous = self.previous.take();
        fresh.other_tab = self.other_tab.take();
        fresh.visible = self.visible;
        fresh.revisions = self.revisions;
        fresh.changed = self.changed;
        *self = fresh;
        // Every part shows the new cluster at once.
        for concern in [
            Concern::View,
            Concern::Objects,
            Concern::Particles,
            Concern::Clock,
            Concern::Charts,
        ] {
            self.changed.add(concern);
        }
        self.update_lesson(engine);
    }

    /// Ticks off the lesson's steps that now hold, in order.
    fn update_lesson(&mut self, engine: &dyn Engine) {
        let Some(run) = &mut self.lesson else {
            return;
        };
        let Some(now_done) = engine.progress(&run.lesson, run.done, &self.cluster, &self.history) else {
            return;
        };
        if now_done != run.done {
            run.reach(now_done);
            self.finish_lesson();
            self.touch(Changed::STATE);
        }
    }

    fn print(&mut self, command: &str, output: &Output) {
        let terminal = Rc::make_mut(&mut self.terminal);
        terminal.push(TermLine {
            kind: LineKind::Command,
            text: command.to_string(),
        });
        for (kind, text) in [
            (LineKind::Stdout, &output.stdout),
            (LineKind::Stderr, &output.stderr),
        ] {
            terminal.extend(text.lines().map(|l| TermLine {
                kind: kind.clone(),
                text: l.to_string(),
            }));
        }
        let excess = terminal.len().saturating_sub(SCROLLBACK_LINES);
        terminal.drain(..excess);
    }
}

/// What a front end reads. Nothing here changes the session: [`Session::apply`] does.
impl Session {
    /// How often `concern` has changed: a front end redraws what follows it when it moved.
    pub fn revision(&self, concern: Concern) -> u64 {
        self.revisions[concern as usize]
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn caret(&self) -> Option<(u64, usize)> {
        self.caret
    }

    pub fn can_undo(&self) -> bool {
        self.edits.can_undo()
    }

    pub fn can_redo(&self) -> bool {
        self.edits.can_redo()
    }

    pub fn diagnostics(&self) -> &Rc<Vec<Diagnostic>> {
        &self.diagnostics
    }

    pub fn terminal(&self) -> &Rc<Vec<TermLine>> {
        &self.terminal
    }

    pub fn history(&self) -> &Rc<Vec<String>> {
        &self.history
    }

    pub fn cluster(&self) -> &Cluster {
        &self.cluster
    }

    pub fn scene(&self) -> &Rc<Scene> {
        &self.scene
    }

    /// The virtual time the clock shows (it moves at most every [`CLOCK_EVERY_MS`] of frames).
    pub fn clock_ms(&self) -> u64 {
        self.clock_ms
    }

    pub fn playing(&self) -> bool {
        self.playing
    }

    pub fn speed(&self) -> f64 {
        self.speed
    }

    pub fn rate(&self) -> f64 {
        self.rate
    }

    pub fn tab(&self) -> Tab {
        self.tab
    }

    pub fn lang(&self) -> Lang {
        self.lang
    }

    pub fn theme(&self) -> Theme {
        self.theme
    }

    /// Whether motion is reduced: the learner's choice, else the system's.
    pub fn reduced_motion(&self) -> bool {
        self.motion.map_or(self.system_reduced, |m| m == Motion::Reduced)
    }

    /// The learner's own motion setting (`None`: the system's), as it is stored.
    pub fn motion(&self) -> Option<Motion> {
        self.motion
    }

    /// Whether the playground is in view (frames advance time only then).
    pub fn visible(&self) -> bool {
        self.visible
    }

    pub fn layout(&self) -> Layout {
        self.layout
    }

    pub fn selected(&self) -> Option<&str> {
        self.selected.as_deref()
    }

    pub fn lesson(&self) -> Option<&Run> {
        self.lesson.as_ref()
    }

    /// The lessons finished so far.
    pub fn course(&self) -> &Course {
        &self.course
    }

    /// Whether Share links carry the course's progress.
    pub fn share_progress(&self) -> bool {
        self.share_progress
    }

    pub fn walk(&self) -> Option<&Rc<Request>> {
        self.walk.as_ref()
    }

    pub fn scenario(&self) -> &'static scenario::Scenario {
        self.scenario
    }

    pub fn notices(&self) -> &Rc<Vec<Notice>> {
        &self.notices
    }

    /// The actions waiting for the lazily loaded code, in order.
    pub fn pending(&self) -> &[Action] {
        &self.pending
    }

    pub fn previous(&self) -> Option<&str> {
        self.previous.as_deref().map(String::as_str)
    }

    /// The newest text that parsed within the budgets: the only text ever stored.
    pub fn saveable(&self) -> Option<&str> {
        self.saveable.as_deref().map(String::as_str)
    }

    /// Whether another tab's change waits for the learner's choice (nothing is saved then).
    pub fn other_tab_waiting(&self) -> bool {
        self.other_tab.is_some()
    }

    /// The seed the cluster started from.
    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// Whether the text has been parsed by the manifests engine (it has arrived and booted).
    pub fn checked(&self) -> bool {
        self.booting.is_none()
    }
}
