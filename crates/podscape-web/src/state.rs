//! The root's state: the one [`Session`] (crates/podscape-core/src/session: the editor, the
//! terminal, the settings, the queue, the cluster, and the reducer that changes them), held in
//! one place and driven through Yew's reducer; its revisions decide what re-renders. The web
//! adds only what is the browser's: the lazily loaded calls the session asks for ([`Lazy`]),
//! and [`Motion`], which tells the parts that follow every frame when theirs moved.

use std::cell::{Cell, Ref, RefCell};
use std::rc::Rc;

use podscape_core::cluster::ApplyOutcome;
use podscape_core::kubectl::Output;
use podscape_core::lesson::Lesson;
use podscape_core::proxy::ProxyMode;
use podscape_core::script::Step;
use podscape_core::session::{Concern, Engine, Session};
use podscape_core::{Cluster, Diagnostic, Scene};
use yew::{Callback, Reducible};

pub use podscape_core::session::{
    Action, LineKind, Notice, Start, Tab, TermLine, CHARTS_EVERY_MS, CLOCK_EVERY_MS, DEFAULT_RATE,
    EDITOR_FILE, MAX_SPEED,
};
pub use podscape_core::share::Theme;

/// The session's engine in the browser: the calls of the module that follows the first paint,
/// each `None` until it has arrived (the session then queues the action).
pub struct Lazy;

impl Engine for Lazy {
    fn diagnose(&self, text: &str) -> Option<(Vec<Diagnostic>, bool)> {
        crate::lazy::diagnose(text)
    }

    fn apply(&self, cluster: &mut Cluster, text: &str) -> Option<Output> {
        crate::lazy::apply(cluster, text)
    }

    fn run_line(
        &self,
        cluster: &mut Cluster,
        line: &str,
        files: &dyn Fn(&str) -> Option<String>,
    ) -> Option<Option<Step>> {
        crate::lazy::run_line(cluster, line, files)
    }

    fn run_script(
        &self,
        cluster: &mut Cluster,
        script: &str,
        files: &dyn Fn(&str) -> Option<String>,
    ) -> Option<Vec<Step>> {
        crate::lazy::run_script(cluster, script, files)
    }

    fn boot(&self, seed: u64, mode: ProxyMode, text: &str) -> Option<(Cluster, ApplyOutcome)> {
        crate::lazy::boot(seed, mode, text)
    }

    fn lessons(&self) -> Option<Rc<Vec<Rc<Lesson>>>> {
        crate::lazy::lessons()
    }

    fn progress(&self, lesson: &Lesson, done: usize, cluster: &Cluster, history: &[String]) -> Option<usize> {
        crate::lazy::progress(lesson, done, cluster, history)
    }

    fn lesson_act(
        &self,
        run: &mut podscape_core::lesson::Run,
        intent: podscape_core::session::LessonIntent,
        cluster: &Cluster,
        history: &[String],
    ) -> Option<Option<String>> {
        crate::lazy::lesson_act(run, intent, cluster, history)
    }

    fn plug(&self, cluster: &mut Cluster) {
        crate::lazy::plug(cluster)
    }

    fn advance(&self, cluster: &mut Cluster, ms: u64) {
        // Called only after the boot, which needed the module: it is here.
        let _ = crate::lazy::advance(cluster, ms);
    }

    fn rewind(
        &self,
        _: &dyn Engine,
        session: &mut Session,
        op: podscape_core::session::RewindOp,
    ) -> Option<bool> {
        crate::lazy::rewind(session, op)
    }
}

/// The newest scene, for what moves every frame (the stage's particles and charts, the clock).
/// Those parts subscribe here and re-render on their own when the session's revision of their
/// concern moved, so a frame that moved nothing else does not re-render the app around them.
/// One for the page's lifetime.
pub struct Motion {
    scene: RefCell<Rc<Scene>>,
    /// The virtual time the clock shows.
    clock_ms: Cell<u64>,
    /// Per part: the session's revision of its concern, and the one its subscribers were last
    /// told of.
    revision: [Cell<u64>; Moving::ALL.len()],
    told: [Cell<u64>; Moving::ALL.len()],
    subscribers: RefCell<Vec<(u64, Moving, Callback<()>)>>,
    next_id: Cell<u64>,
    /// Something moved since [`Motion::take_moved`] last asked (an embed's summary follows it).
    moved: Cell<bool>,
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

    fn concern(self) -> Concern {
        match self {
            Moving::Particles => Concern::Particles,
            Moving::Clock => Concern::Clock,
            Moving::Charts => Concern::Charts,
        }
    }
}

impl Motion {
    fn new(session: &Session) -> Motion {
        let motion = Motion {
            scene: RefCell::new(session.scene().clone()),
            clock_ms: Cell::new(session.clock_ms()),
            revision: std::array::from_fn(|_| Cell::new(1)),
            told: std::array::from_fn(|_| Cell::new(0)),
            subscribers: RefCell::default(),
            next_id: Cell::new(0),
            moved: Cell::new(false),
        };
        motion.follow(session);
        motion
    }

    /// Takes the session's newest scene, clock and revisions (after each action).
    fn follow(&self, session: &Session) {
        *self.scene.borrow_mut() = session.scene().clone();
        self.clock_ms.set(session.clock_ms());
        for part in Moving::ALL {
            // Offset by one: a fresh page's parts are told once.
            self.revision[part as usize].set(session.revision(part.concern()) + 1);
        }
    }

    /// Whether anything moved since the last call: the frame loop's or the reducer's telling.
    pub fn take_moved(&self) -> bool {
        self.moved.replace(false)
    }

    /// The scene as the last redraw left it.
    pub fn scene(&self) -> Rc<Scene> {
        self.scene.borrow().clone()
    }

    /// The virtual time the clock shows.
    pub fn clock_ms(&self) -> u64 {
        self.clock_ms.get()
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
                let (revision, told) = (&self.revision[*part as usize], &self.told[*part as usize]);
                told.replace(revision.get()) != revision.get()
            })
            .collect();
        if !moved.is_empty() {
            self.moved.set(true);
        }
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
    use_motion_every(motion, part, 1);
}

/// Re-renders the calling component on every `every`-th time the frame loop says what `part`
/// draws moved (the service map: every other turn of the charts).
#[yew::hook]
pub fn use_motion_every(motion: &MotionHandle, part: Moving, every: u32) {
    let update = yew::use_force_update();
    let turns = yew::use_mut_ref(|| 0u32);
    yew::use_effect_with((motion.clone(), part, every), move |(motion, part, every)| {
        let (motion, every) = (motion.0.clone(), (*every).max(1));
        let id = motion.subscribe(
            *part,
            Callback::from(move |()| {
                let mut turn = turns.borrow_mut();
                *turn = turn.wrapping_add(1);
                if *turn % every == 0 {
                    update.force_update();
                }
            }),
        );
        move || motion.unsubscribe(id)
    });
}

/// The app's state: a handle on the one session and the view revision it was made at. Equal
/// handles draw the same page, so Yew re-renders the app only when the session's view moved.
pub struct Playground {
    session: Rc<RefCell<Session>>,
    /// The same scene, for the parts of the page that follow every frame.
    pub motion: Rc<Motion>,
    view: u64,
}

impl PartialEq for Playground {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.session, &other.session) && self.view == other.view
    }
}

impl Playground {
    pub fn new(start: Start) -> Self {
        let session = Session::new(&Lazy, start);
        Playground {
            motion: Rc::new(Motion::new(&session)),
            view: session.revision(Concern::View),
            session: Rc::new(RefCell::new(session)),
        }
    }

    /// The session, to read (it changes only through [`Action`]s).
    pub fn session(&self) -> Ref<'_, Session> {
        self.session.borrow()
    }

    /// The session itself, for the views that read the live cluster between the app's renders.
    pub fn shared(&self) -> Rc<RefCell<Session>> {
        self.session.clone()
    }

    /// Moves whenever something the app shows may have changed.
    pub fn version(&self) -> u64 {
        self.view
    }

    /// Moves whenever an object (not just a request particle) may have changed.
    pub fn objects_version(&self) -> u64 {
        self.session().revision(Concern::Objects)
    }
}

impl Reducible for Playground {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let frame = matches!(action, Action::Frame(_));
        let changed = self.session.borrow_mut().apply(&Lazy, action);
        let session = self.session.borrow();
        self.motion.follow(&session);
        if !changed.contains(Concern::View) {
            drop(session);
            // What moves on its own (a seek from one moment of the past to another) is told
            // now, in this task: the frame loop tells it after frames only, and may be parked.
            if !frame {
                self.motion.notify();
            }
            return self;
        }
        let view = session.revision(Concern::View);
        drop(session);
        Rc::new(Playground {
            session: self.session.clone(),
            motion: self.motion.clone(),
            view,
        })
    }
}
