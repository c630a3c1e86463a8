//! The one reducer at the root: the playground's whole state and the actions that change it.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use podscape_core::cluster::Request;
use podscape_core::history::{first_difference, EditHistory};
use podscape_core::lesson::Lesson;
use podscape_core::scene::{Layout, SceneService};
use podscape_core::{kubectl, scenario, Cluster, Diagnostic, Scene};
use yew::{Callback, Reducible};

use crate::i18n::{Lang, T};

/// The clock shows tenths of a virtual second, redrawn at most this often in wall time (at
/// 10x speed the tenths would change every frame, and each redraw repaints the header).
pub const CLOCK_EVERY_MS: f64 = 100.0;
/// The distribution charts (counts over a 10 s window) are redrawn at most this often in wall
/// time: figures that change every frame cannot be read, and their text was the largest part
/// of a frame's layout with hundreds of requests in flight.
pub const CHARTS_EVERY_MS: f64 = 500.0;

/// The fastest the simulation may run, as a multiple of real time.
pub const MAX_SPEED: f64 = 10.0;

/// The file name the terminal's `kubectl apply -f` reads: the editor's text.
pub const EDITOR_FILE: &str = "playground.yaml";
/// What the terminal shows under the first apply until the module that runs it has arrived.
const BOOTING_LINE: &str = "…";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tab {
    Lesson,
    Terminal,
    Objects,
    Events,
    Rules,
    Dns,
    Walk,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Theme {
    Dark,
    Light,
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

#[derive(Clone)]
pub enum Action {
    /// The editor's text changed.
    Edit(String),
    /// `kubectl apply -f` of the editor's text.
    Apply,
    /// Back to the scenario's YAML (the cluster keeps running).
    ResetText,
    /// The editor's own undo and redo (Ctrl/Cmd+Z, Ctrl/Cmd+Shift+Z or Ctrl+Y, or the buttons).
    Undo,
    Redo,
    /// A command typed in the terminal.
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
    SetProxyMode(podscape_core::proxy::ProxyMode),
    /// Start over from a built-in scenario: a fresh cluster with its YAML applied.
    LoadScenario(&'static str),
    /// Start a lesson: its scenario, and its steps in the Lesson tab.
    StartLesson(String),
    /// A pod was clicked (or the details closed).
    Select(Option<String>),
    /// Show a notice above the panes (a link or a stored state that could not be read, a
    /// state too large to share).
    Notice(T),
    /// The learner closed the notices.
    DismissNotices,
    /// Stop or restart a node's kubelet (the node goes NotReady, then its pods are evicted).
    SetNodeDown(String, bool),
    /// The learner's fault injection on the selected pod.
    SetReadinessFailing(String, bool),
    /// The lazily loaded module arrived (or could not be fetched: `false`); queued commands run.
    ModuleLoaded(bool),
    /// Back to the text a link, an embedding page's load or a set-aside stored state replaced.
    RestorePrevious,
    /// Another tab stored this state (the `storage` event): this tab stops saving until the
    /// learner chooses.
    OtherTab(String),
    /// Take the other tab's stored text (`true`, an undoable replacement) or keep this tab's
    /// and save it again (`false`).
    ResolveOtherTab(bool),
    /// Saving to the browser's storage failed (a notice: quota, blocked, too large).
    SaveFailed(T),
}

/// The newest scene, for what moves every frame (the stage's particles and charts, the clock).
/// Those parts subscribe here and re-render on their own when the frame loop says the scene
/// moved, so a frame that moved nothing else does not re-render the app around them. One for
/// the page's lifetime: a fresh cluster (a scenario, a lesson) keeps it.
pub struct Motion {
    scene: RefCell<Rc<Scene>>,
    /// The virtual time the clock shows: the scene's when the clock last moved.
    clock_ms: Cell<u64>,
    /// Per part: bumps when what that part draws changed; `told` is the version its
    /// subscribers were last told of.
    version: [Cell<u64>; Moving::ALL.len()],
    told: [Cell<u64>; Moving::ALL.len()],
    subscribers: RefCell<Vec<(u64, Moving, Callback<()>)>>,
    next_id: Cell<u64>,
}

/// The parts of the page that follow every frame, each told only when what it draws moved.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Moving {
    /// Request particles.
    Particles = 0,
    /// The virtual clock, in tenths of a second.
    Clock = 1,
    /// The distribution charts under the Services (at most every [`CHARTS_EVERY_MS`]).
    Charts = 2,
}

impl Moving {
    pub const ALL: [Moving; 3] = [Moving::Particles, Moving::Clock, Moving::Charts];
}

/// A part of the page redrawn at most every `every_ms` of wall time: when its turn comes it
/// shows the newest state, never one left behind.
#[derive(Clone, Copy)]
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

    /// A frame's wall time passed.
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

impl Motion {
    fn new(scene: Rc<Scene>) -> Motion {
        Motion {
            clock_ms: Cell::new(scene.now_ms),
            scene: RefCell::new(scene),
            version: std::array::from_fn(|_| Cell::new(1)),
            told: std::array::from_fn(|_| Cell::new(0)),
            subscribers: RefCell::default(),
            next_id: Cell::new(0),
        }
    }

    /// The scene as the last redraw left it.
    pub fn scene(&self) -> Rc<Scene> {
        self.scene.borrow().clone()
    }

    /// The virtual time the clock shows.
    pub fn clock_ms(&self) -> u64 {
        self.clock_ms.get()
    }

    /// The newest scene; `moved` says which parts drew something else in the last one.
    fn set(&self, scene: Rc<Scene>, moved: &[Moving]) {
        if moved.contains(&Moving::Clock) {
            self.clock_ms.set(scene.now_ms);
        }
        *self.scene.borrow_mut() = scene;
        for part in moved {
            let version = &self.version[*part as usize];
            version.set(version.get() + 1);
        }
    }

    /// `changed` is called when what `part` draws has moved; the id unsubscribes.
    pub fn subscribe(&self, part: Moving, changed: Callback<()>) -> u64 {
        let id = self.next_id.get();
        self.next_id.set(id + 1);
        self.subscribers.borrow_mut().push((id, part, changed));
        id
    }

    pub fn unsubscribe(&self, id: u64) {
        self.subscribers.borrow_mut().retain(|(i, _, _)| *i != id);
    }

    /// Tells the subscribers of each part that moved since they were last told; true if any
    /// had. The frame loop calls this once a frame, after the frame's action.
    pub fn notify(&self) -> bool {
        let moved: Vec<Moving> = Moving::ALL
            .into_iter()
            .filter(|part| {
                let (version, told) = (&self.version[*part as usize], &self.told[*part as usize]);
                told.replace(version.get()) != version.get()
            })
            .collect();
        // Cloned out first: a subscriber may unsubscribe while being told.
        let subscribers: Vec<Callback<()>> = self
            .subscribers
            .borrow()
            .iter()
            .filter(|(_, part, _)| moved.contains(part))
            .map(|(_, _, c)| c.clone())
            .collect();
        for changed in subscribers {
            changed.emit(());
        }
        !moved.is_empty()
    }
}

/// The motion, compared by identity (it is the same for the page's lifetime).
#[derive(Clone)]
pub struct MotionHandle(pub Rc<Motion>);

impl PartialEq for MotionHandle {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// Re-renders the calling component whenever the frame loop says what `part` draws moved.
#[yew::hook]
pub fn use_motion(motion: &MotionHandle, part: Moving) {
    let update = yew::use_force_update();
    yew::use_effect_with((motion.clone(), part), move |(motion, part)| {
        let motion = motion.0.clone();
        let id = motion.subscribe(*part, Callback::from(move |()| update.force_update()));
        move || motion.unsubscribe(id)
    });
}

/// State is cheap to clone: the cluster is shared and `version` says when what is drawn changed.
#[derive(Clone)]
pub struct Playground {
    pub text: String,
    /// The editor's undo history: shared, so a frame's state clone does not copy it.
    pub edits: Rc<RefCell<EditHistory>>,
    /// Where the caret goes after an undo or redo: (a sequence number, a byte offset in `text`).
    pub caret: Option<(u64, usize)>,
    /// Diagnostics of the text as it is now, shown while typing.
    pub diagnostics: Rc<Vec<Diagnostic>>,
    pub terminal: Rc<Vec<TermLine>>,
    /// Commands typed in the terminal, oldest first.
    pub history: Rc<Vec<String>>,
    pub cluster: Rc<RefCell<Cluster>>,
    pub scene: Rc<Scene>,
    /// The same scene, for the parts of the page that follow every frame.
    pub motion: Rc<Motion>,
    pub playing: bool,
    pub speed: f64,
    pub rate: f64,
    pub tab: Tab,
    pub lang: Lang,
    pub theme: Theme,
    pub layout: Layout,
    /// The pod whose details are open.
    pub selected: Option<String>,
    /// The lesson being followed and how many of its steps are done.
    pub lesson: Option<(Rc<Lesson>, usize)>,
    /// The request whose packet walk is shown (the latest one when `None`).
    pub walk: Option<Rc<Request>>,
    pub scenario: &'static scenario::Scenario,
    /// Notices for the learner, shown until dismissed (translated when drawn).
    pub notices: Rc<Vec<T>>,
    /// Terminal commands typed (or sent by a script) before the lazily loaded module arrived.
    pub pending: Rc<Vec<Action>>,
    /// The learner's text that a link, an embedding page's load or the boot guard replaced:
    /// offered back by a notice (it is also one Undo away).
    pub previous: Option<Rc<String>>,
    /// The newest text that parsed within the budgets: the only text ever stored.
    pub saveable: Option<Rc<String>>,
    /// Another tab's stored state, while this tab waits for the learner's choice (no saving).
    pub other_tab: Option<Rc<String>>,
    /// Bumps to save again although nothing changed (the learner kept this tab's work).
    pub save_epoch: u64,
    /// The learner typed since the text was last set from outside (a load then replaces work).
    typed: bool,
    /// The text to apply once the manifests engine arrives (the cluster is bare until then).
    booting: Option<String>,
    seed: u64,
    /// Virtual time not yet handed to the cluster (sub-millisecond frames add up).
    carry_ms: f64,
    /// The clock moves at most every `CLOCK_EVERY_MS` of wall time, the charts every
    /// `CHARTS_EVERY_MS`.
    clock_turn: Throttle,
    charts_turn: Throttle,
    version: u64,
    /// Bumps when the objects may have changed, but not for request particles that merely
    /// moved: the inspector's views follow this one, so they do not re-render every frame.
    objects_version: u64,
}

impl PartialEq for Playground {
    fn eq(&self, other: &Self) -> bool {
        self.version == other.version
    }
}

/// What the page starts from: the text to edit (stored or the scenario's) and settings.
#[derive(Clone)]
pub struct Start {
    pub seed: u64,
    pub text: Option<String>,
    pub lang: Lang,
    pub theme: Theme,
    pub speed: f64,
    pub layout: Layout,
    pub scenario: &'static scenario::Scenario,
    /// Manifests from a share link or an embedding page: applied instead of the scenario.
    pub shared: Option<String>,
    pub playing: bool,
    pub proxy_mode: podscape_core::proxy::ProxyMode,
    pub notices: Vec<T>,
    /// A stored text the boot guard set aside (the last visit died opening it): offered back.
    pub set_aside: Option<String>,
}

impl Default for Start {
    fn default() -> Self {
        Start {
            seed: scenario::DEFAULT_SEED,
            text: None,
            lang: Lang::En,
            theme: Theme::Dark,
            speed: 1.0,
            layout: Layout::Wide,
            scenario: &scenario::SCENARIOS[0],
            shared: None,
            playing: true,
            proxy_mode: podscape_core::proxy::ProxyMode::Iptables,
            notices: Vec::new(),
            set_aside: None,
        }
    }
}

pub const DEFAULT_RATE: f64 = 2.0;

impl Playground {
    /// The default scenario applied, as a learner first sees it; the stored text, if any, is
    /// put back in the editor but not applied.
    pub fn new(start: Start) -> Self {
        let applied = start
            .shared
            .clone()
            .unwrap_or_else(|| start.scenario.yaml.to_string());
        // The manifests engine comes with the module that follows the first paint: until then
        // the stage shows the cluster's nodes, and the text is applied when it arrives.
        let (mut cluster, outcome, booting) = match crate::lazy::boot(start.seed, start.proxy_mode, &applied)
        {
            Some((cluster, outcome)) => (cluster, outcome.output, None),
            None => (Cluster::bare(start.seed), Vec::new(), Some(applied.clone())),
        };
        crate::lazy::plug(&mut cluster);
        cluster.set_proxy_mode(start.proxy_mode);
        cluster.set_request_rate(DEFAULT_RATE);
        let mut terminal = vec![TermLine {
            kind: LineKind::Command,
            text: format!("kubectl apply -f {EDITOR_FILE}"),
        }];
        terminal.extend(outcome.into_iter().map(|text| TermLine {
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
        let text = start.shared.or(start.text).unwrap_or(applied);
        // A link's manifests replace the learner's stored text: the stored one stays one Undo
        // away and a notice offers it back. A text the boot guard set aside likewise.
        let mut edits = podscape_core::history::EditHistory::default();
        let mut notices = start.notices;
        let previous = match (&stored, start.set_aside) {
            (Some(stored), _) if from_link && *stored != text => Some(stored.clone()),
            (_, Some(aside)) if aside != text => Some(aside),
            _ => None,
        };
        if let Some(previous) = &previous {
            edits.replace(previous, &text);
            if from_link {
                notices.push(T::NoticeReplaced);
            }
        }
        let checked = crate::lazy::diagnose(&text);
        // Until the text has parsed within the budgets, what is stored stays as it was.
        let saveable = match &checked {
            Some((_, true)) => {
                notices.push(T::NoticeRefused);
                stored
            }
            Some(_) => Some(text.clone()),
            None if from_link => stored,
            None => Some(text.clone()),
        };
        let scene = Rc::new(Scene::with_layout(&cluster, start.layout));
        let motion = Rc::new(Motion::new(scene.clone()));
        Playground {
            diagnostics: Rc::new(checked.map(|(d, _)| d).unwrap_or_default()),
            text,
            edits: Rc::new(RefCell::new(edits)),
            caret: None,
            terminal: Rc::new(terminal),
            history: Rc::default(),
            cluster: Rc::new(RefCell::new(cluster)),
            scene,
            motion,
            playing: start.playing,
            speed: start.speed.clamp(0.1, MAX_SPEED),
            rate: DEFAULT_RATE,
            tab: Tab::Terminal,
            lang: start.lang,
            theme: start.theme,
            layout: start.layout,
            selected: None,
            walk: None,
            lesson: None,
            scenario: start.scenario,
            notices: Rc::new(notices),
            pending: Rc::default(),
            previous: previous.map(Rc::new),
            saveable: saveable.map(Rc::new),
            other_tab: None,
            save_epoch: 0,
            typed: false,
            booting,
            seed: start.seed,
            carry_ms: 0.0,
            clock_turn: Throttle::new(CLOCK_EVERY_MS, 0.0),
            charts_turn: Throttle::new(CHARTS_EVERY_MS, CHARTS_EVERY_MS),
            version: 0,
            objects_version: 0,
        }
    }

    /// The seed the cluster started from.
    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// Whether the text has been parsed by the manifests engine (it has arrived and booted).
    pub fn checked(&self) -> bool {
        self.booting.is_none() && crate::lazy::ready()
    }

    /// The diagnostics of the current text, and whether it may be stored (parsed within the
    /// budgets). Before the manifests engine arrives nothing changes in what is stored.
    fn diagnose(&mut self) {
        let Some((diagnostics, refused)) = crate::lazy::diagnose(&self.text) else {
            self.diagnostics = Rc::default();
            return;
        };
        self.diagnostics = Rc::new(diagnostics);
        if refused {
            if !self.notices.contains(&T::NoticeRefused) {
                Rc::make_mut(&mut self.notices).push(T::NoticeRefused);
            }
        } else {
            if self.notices.contains(&T::NoticeRefused) {
                Rc::make_mut(&mut self.notices).retain(|n| *n != T::NoticeRefused);
            }
            if self.saveable.as_deref() != Some(&self.text) {
                self.saveable = Some(Rc::new(self.text.clone()));
            }
        }
    }

    /// Puts `text` in the editor as one undoable step (a load, a restore, another tab's text).
    fn replace_text(&mut self, text: String) {
        self.edits.borrow_mut().replace(&self.text, &text);
        self.caret = Some((self.version + 1, first_difference(&self.text, &text)));
        self.text = text;
        self.typed = false;
        self.diagnose();
    }

    /// Bumps whenever something shown may have changed.
    pub fn version(&self) -> u64 {
        self.version
    }

    /// Bumps whenever an object (not just a request particle) may have changed; also on every
    /// action, since an action may change anything.
    pub fn objects_version(&self) -> u64 {
        self.objects_version
    }

    fn advance(&mut self, ms: u64) {
        // No time passes before the cluster has booted (the module with its engine arrives).
        if self.booting.is_some() {
            return;
        }
        self.cluster.borrow_mut().advance(ms);
        self.redraw();
    }

    /// A new scene of the cluster. The app re-renders (`version`) when an object changed; what
    /// only moved (particles, the charts' counters, the clock) is left to the `Motion`
    /// subscribers, unless a view that follows the cluster live is open (a details panel, the
    /// Objects, Events, Rules, DNS or Packet walk tab): that view then follows every change as
    /// it always did. The inspector's views follow `objects_version`, which also moves with the
    /// traffic's counters and each virtual second (ages).
    fn redraw(&mut self) {
        let scene = Scene::next(&self.scene, &self.cluster.borrow(), self.layout);
        let (old, new) = (&self.scene, &scene);
        let same_objects = new.pods == old.pods
            && new.nodes == old.nodes
            && new.deployments == old.deployments
            && (new.layout, new.width, new.height, new.client)
                == (old.layout, old.width, old.height, old.client)
            && new.services.len() == old.services.len()
            && new
                .services
                .iter()
                .zip(&old.services)
                .all(|(a, b)| same_service(a, b));
        let same_services = new.services == old.services;
        let same_views = same_objects && same_services && new.now_ms / 1000 == old.now_ms / 1000;
        let same_particles = same_objects && same_services && new.packets == old.packets;
        let same = same_views && same_particles;
        let clock = self
            .clock_turn
            .due(new.now_ms / 100 != self.motion.clock_ms() / 100);
        let charts = self.charts_turn.due(!same_services);
        let moved = [
            (!same_particles).then_some(Moving::Particles),
            clock.then_some(Moving::Clock),
            charts.then_some(Moving::Charts),
        ];
        let scene = Rc::new(scene);
        self.motion
            .set(scene.clone(), &moved.into_iter().flatten().collect::<Vec<_>>());
        self.scene = scene;
        if !same_views {
            self.objects_version += 1;
        }
        let live_view = self.selected.is_some() || !matches!(self.tab, Tab::Terminal | Tab::Lesson);
        if !same_objects || (live_view && !same) {
            self.version += 1;
        }
    }

    /// A fresh cluster from `scenario`, keeping the learner's settings.
    fn restart_with(&self, scenario: &'static scenario::Scenario) -> Playground {
        let mut fresh = Playground::new(Start {
            seed: self.seed,
            lang: self.lang,
            theme: self.theme,
            speed: self.speed,
            layout: self.layout,
            scenario,
            proxy_mode: self.cluster.borrow().proxy_mode(),
            notices: self.notices.to_vec(),
            ..Start::default()
        });
        // The parts that follow every frame stay subscribed to the same motion.
        self.motion.set(fresh.scene.clone(), &Moving::ALL);
        fresh.motion = self.motion.clone();
        fresh.version = self.version + 1;
        fresh.objects_version = self.objects_version + 1;
        fresh.pending = self.pending.clone();
        // The editor's history survives a new scenario: undo brings the learner's text back.
        self.edits.borrow_mut().replace(&self.text, &fresh.text);
        fresh.edits = self.edits.clone();
        fresh.previous = self.previous.clone();
        fresh.other_tab = self.other_tab.clone();
        fresh.save_epoch = self.save_epoch;
        fresh
    }

    /// Ticks off the lesson's steps that now hold, in order.
    fn update_lesson(&mut self) {
        if let Some((l, done)) = &self.lesson {
            let Some(now_done) = crate::lazy::progress(l, *done, &self.cluster.borrow(), &self.history)
            else {
                return;
            };
            if now_done != *done {
                self.lesson = Some((l.clone(), now_done));
                self.version += 1;
                self.objects_version += 1;
            }
        }
    }

    /// What `-f` reads here: the editor's text, or a file the current lesson ships.
    fn files(&self) -> impl Fn(&str) -> Option<String> {
        let text = self.text.clone();
        let lesson = self.lesson.as_ref().map(|(l, _)| l.clone());
        move |path: &str| {
            if path == EDITOR_FILE {
                return Some(text.clone());
            }
            let lesson = lesson.as_ref()?;
            lesson
                .files
                .iter()
                .find(|(n, _)| n == path)
                .map(|(_, v)| v.clone())
        }
    }

    fn print(&mut self, command: &str, output: &kubectl::Output) {
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
        // A terminal keeps a bounded scrollback.
        let excess = terminal.len().saturating_sub(500);
        terminal.drain(..excess);
    }
}

/// A Service as the static layer draws it: everything but the traffic's counters.
fn same_service(a: &SceneService, b: &SceneService) -> bool {
    a.name == b.name
        && a.service_type == b.service_type
        && a.cluster_ip == b.cluster_ip
        && a.ports == b.ports
        && (a.x, a.y, a.w, a.h) == (b.x, b.y, b.w, b.h)
        && a.endpoints == b.endpoints
        && a.ingress_routes == b.ingress_routes
        && (a.chart, a.chart_bar) == (b.chart, b.chart_bar)
}

impl Reducible for Playground {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        // Only frames wait for the clock's turn: after any other action it shows the time.
        if !matches!(action, Action::Frame(_)) {
            next.clock_turn.now();
            next.charts_turn.now();
        }
        match action {
            Action::Edit(text) => {
                next.edits.borrow_mut().edit(&next.text, &text);
                next.text = text;
                next.typed = true;
                next.diagnose();
            }
            Action::ResetText => {
                let text = next.scenario.yaml.to_string();
                next.edits.borrow_mut().replace(&next.text, &text);
                next.text = text;
                next.diagnose();
            }
            Action::Undo | Action::Redo => {
                let restored = {
                    let mut edits = next.edits.borrow_mut();
                    if matches!(action, Action::Undo) {
                        edits.undo(&next.text)
                    } else {
                        edits.redo(&next.text)
                    }
                };
                if let Some(text) = restored {
                    next.caret = Some((next.version + 1, first_difference(&next.text, &text)));
                    next.text = text;
                    next.diagnose();
                }
            }
            Action::Apply if !crate::lazy::ready() => {
                Rc::make_mut(&mut next.pending).push(Action::Apply);
                return Rc::new(next);
            }
            Action::Apply => {
                let command = format!("kubectl apply -f {EDITOR_FILE}");
                let text = next.text.clone();
                let output = crate::lazy::apply(&mut next.cluster.borrow_mut(), &text).unwrap_or_default();
                next.print(&command, &output);
                // The Apply button is `kubectl apply`: it counts in the history lessons check.
                Rc::make_mut(&mut next.history).push(command);
                next.diagnose();
                next.redraw();
            }
            Action::Run(command) => {
                let command = command.trim().to_string();
                if command.is_empty() {
                    return self;
                }
                if command == "clear" {
                    next.terminal = Rc::default();
                } else if !crate::lazy::ready() {
                    // The terminal's code arrives just after the first paint; until then the
                    // command waits its turn (Action::ModuleLoaded runs it).
                    Rc::make_mut(&mut next.pending).push(Action::Run(command));
                    return Rc::new(next);
                } else {
                    let files = next.files();
                    let output = crate::lazy::run_line(&mut next.cluster.borrow_mut(), &command, &files)
                        .flatten()
                        .map(|s| kubectl::Output {
                            stdout: s.stdout,
                            stderr: s.stderr,
                            exit_code: s.exit_code,
                        })
                        .unwrap_or_default();
                    next.print(&command, &output);
                }
                Rc::make_mut(&mut next.history).push(command);
                next.redraw();
            }
            Action::Frame(wall_ms) => {
                if !next.playing {
                    return self;
                }
                // A frame after a long pause (a hidden tab) must not fast-forward minutes.
                next.carry_ms += wall_ms.clamp(0.0, 100.0) * next.speed;
                next.clock_turn.wait(wall_ms);
                next.charts_turn.wait(wall_ms);
                let whole = next.carry_ms.floor();
                next.carry_ms -= whole;
                next.advance(whole as u64);
                next.update_lesson();
                return Rc::new(next);
            }
            Action::TogglePlay => next.playing = !next.playing,
            Action::SetSpeed(speed) => next.speed = speed.clamp(0.1, MAX_SPEED),
            Action::SetRate(rate) => {
                next.rate = rate;
                next.cluster.borrow_mut().set_request_rate(rate);
            }
            Action::SetExternal(external) => {
                use podscape_core::cluster::Source;
                let source = if external {
                    Source::External
                } else {
                    Source::Frontend
                };
                next.cluster.borrow_mut().set_traffic_source(source);
            }
            // An embedding page's step is bounded like a script's time (budget.rs).
            Action::Step(ms) => next.advance(ms.min(podscape_core::budget::SCRIPT_VIRTUAL_MS)),
            Action::SetTab(tab) => next.tab = tab,
            Action::SetLang(lang) => next.lang = lang,
            Action::SetTheme(theme) => next.theme = theme,
            Action::Select(pod) => next.selected = pod,
            Action::Load(text) => {
                // The embedding page's text replaces the learner's as one undoable step; what
                // the learner typed is offered back.
                if next.typed && next.text != text {
                    next.previous = Some(Rc::new(next.text.clone()));
                    if !next.notices.contains(&T::NoticeReplaced) {
                        Rc::make_mut(&mut next.notices).push(T::NoticeReplaced);
                    }
                }
                next.replace_text(text);
                next.version += 1;
                return Rc::new(next).reduce(Action::Apply);
            }
            Action::RunScript(script) if !crate::lazy::ready() => {
                Rc::make_mut(&mut next.pending).push(Action::RunScript(script));
                return Rc::new(next);
            }
            Action::RunScript(script) => {
                // One budget for the whole script, as `podscape run` has (script::Budget): a
                // link's or an embedding page's script cannot keep the page busy, however long
                // its sleeps, watches or `rollout status` lines; past it the rest is not run.
                let files = next.files();
                let Some(steps) = crate::lazy::run_script(&mut next.cluster.borrow_mut(), &script, &files)
                else {
                    Rc::make_mut(&mut next.pending).push(Action::RunScript(script));
                    return Rc::new(next);
                };
                for step in steps {
                    if step.command == "clear" {
                        next.terminal = Rc::default();
                    } else {
                        let output = kubectl::Output {
                            stdout: step.stdout,
                            stderr: step.stderr,
                            exit_code: step.exit_code,
                        };
                        next.print(&step.command, &output);
                    }
                    Rc::make_mut(&mut next.history).push(step.command);
                }
                next.redraw();
            }
            Action::Note(line) => {
                next.print(&format!("# podscape: {line}"), &kubectl::Output::default());
                next.tab = Tab::Terminal;
            }
            Action::WalkRequest(id) => {
                let found = next
                    .cluster
                    .borrow()
                    .traffic()
                    .in_flight
                    .iter()
                    .find(|r| r.id == id)
                    .cloned();
                if let Some(request) = found {
                    next.walk = Some(Rc::new(request));
                    next.tab = Tab::Walk;
                }
            }
            Action::StartLesson(id) => {
                let Some(all) = crate::lazy::lessons() else {
                    Rc::make_mut(&mut next.pending).push(Action::StartLesson(id));
                    return Rc::new(next);
                };
                let Some(chosen) = all.iter().find(|l| l.id == id).cloned() else {
                    return self;
                };
                let Some(base) = scenario::find(&chosen.scenario) else {
                    return self;
                };
                next = next.restart_with(base);
                next.tab = Tab::Lesson;
                next.lesson = Some((Rc::new(chosen), 0));
                next.update_lesson();
            }
            Action::LoadScenario(id) => {
                let Some(chosen) = scenario::find(id) else {
                    return self;
                };
                next = next.restart_with(chosen);
            }
            Action::Notice(notice) => {
                if !next.notices.contains(&notice) {
                    Rc::make_mut(&mut next.notices).push(notice);
                }
            }
            // A pending choice between two tabs stays until it is made: saving waits for it.
            Action::DismissNotices => {
                let waiting = next.other_tab.is_some();
                Rc::make_mut(&mut next.notices).retain(|n| waiting && *n == T::NoticeOtherTab);
            }
            Action::SetNodeDown(node, down) => {
                next.cluster.borrow_mut().set_node_down(&node, down);
                let what = if down {
                    "stops: NotReady in 40 s, pods evicted 300 s later"
                } else {
                    "runs again"
                };
                next.print(
                    &format!("# podscape: the kubelet on {node} {what}"),
                    &kubectl::Output::default(),
                );
                next.redraw();
            }
            Action::SetProxyMode(mode) => next.cluster.borrow_mut().set_proxy_mode(mode),
            Action::SetReadinessFailing(pod, failing) => {
                // No kubectl command breaks a probe; the terminal notes the fault as a comment.
                let verb = if failing {
                    "fails (HTTP 503)"
                } else {
                    "passes again"
                };
                next.cluster
                    .borrow_mut()
                    .set_readiness_failing("default", &pod, failing);
                let line = format!("# podscape: the readiness probe of pod/{pod} {verb}");
                next.print(&line, &kubectl::Output::default());
                next.redraw();
            }
            Action::ModuleLoaded(loaded) => {
                let queued = std::mem::take(Rc::make_mut(&mut next.pending));
                if !loaded {
                    Rc::make_mut(&mut next.notices).push(T::ModuleUnavailable);
                    return Rc::new(next);
                }
                if let Some(text) = next.booting.take() {
                    let mode = next.cluster.borrow().proxy_mode();
                    if let Some((mut cluster, outcome)) = crate::lazy::boot(next.seed, mode, &text) {
                        let bare = next.cluster.borrow();
                        cluster.set_request_rate(bare.traffic().rate);
                        cluster.set_traffic_source(bare.traffic().source);
                        drop(bare);
                        *next.cluster.borrow_mut() = cluster;
                        // Another cluster: its scenes cannot build on the bare one's
                        // (`Scene::next` takes a scene of the same cluster).
                        next.scene = Rc::new(Scene::with_layout(&next.cluster.borrow(), next.layout));
                        let terminal = Rc::make_mut(&mut next.terminal);
                        if terminal.last().is_some_and(|l| l.text == BOOTING_LINE) {
                            terminal.pop();
                        }
                        terminal.extend(outcome.output.into_iter().map(|text| TermLine {
                            kind: LineKind::Stdout,
                            text,
                        }));
                    }
                }
                next.diagnose();
                crate::lazy::plug(&mut next.cluster.borrow_mut());
                next.redraw();
                let mut current = Rc::new(next);
                for action in queued {
                    current = current.reduce(action);
                }
                let mut next = (*current).clone();
                next.version += 1;
                next.objects_version += 1;
                return Rc::new(next);
            }
            Action::SetLayout(layout) => {
                next.layout = layout;
                next.redraw();
            }
            Action::RestorePrevious => {
                let Some(previous) = next.previous.take() else {
                    return self;
                };
                next.replace_text(previous.to_string());
                Rc::make_mut(&mut next.notices)
                    .retain(|n| !matches!(n, T::NoticeReplaced | T::NoticeBootGuard));
            }
            Action::OtherTab(value) => {
                next.other_tab = Some(Rc::new(value));
                if !next.notices.contains(&T::NoticeOtherTab) {
                    Rc::make_mut(&mut next.notices).push(T::NoticeOtherTab);
                }
            }
            Action::ResolveOtherTab(take) => {
                let Some(value) = next.other_tab.take() else {
                    return self;
                };
                Rc::make_mut(&mut next.notices).retain(|n| *n != T::NoticeOtherTab);
                let theirs = podscape_core::share::decode(&value, podscape_core::share::STORAGE)
                    .ok()
                    .and_then(|s| s.yaml);
                match theirs {
                    // One Undo brings this tab's text back.
                    Some(text) if take => next.replace_text(text),
                    _ => next.save_epoch += 1,
                }
            }
            Action::SaveFailed(notice) => {
                if !next.notices.contains(&notice) {
                    Rc::make_mut(&mut next.notices).push(notice);
                }
            }
        }
        next.update_lesson();
        next.version += 1;
        next.objects_version += 1;
        Rc::new(next)
    }
}
