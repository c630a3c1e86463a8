//! The one reducer at the root: the playground's whole state and the actions that change it.

use std::cell::RefCell;
use std::rc::Rc;

use podscape_core::{manifest, scenario, Cluster, Diagnostic, Scene};
use yew::Reducible;

/// The fastest the simulation may run, as a multiple of real time.
pub const MAX_SPEED: f64 = 10.0;

pub enum Action {
    /// The editor's text changed.
    Edit(String),
    /// `kubectl apply -f` of the editor's text.
    Apply,
    /// A frame passed: `f64` wall-clock milliseconds since the last one.
    Frame(f64),
    TogglePlay,
    SetSpeed(f64),
    /// Advance the virtual clock by this many milliseconds, even when paused.
    Step(u64),
}

/// State is cheap to clone: the cluster is shared and `version` says when what is drawn changed.
#[derive(Clone)]
pub struct Playground {
    pub text: String,
    /// Diagnostics of the text as it is now, shown while typing.
    pub diagnostics: Rc<Vec<Diagnostic>>,
    /// Terminal lines: the commands run and what they printed.
    pub terminal: Rc<Vec<String>>,
    pub cluster: Rc<RefCell<Cluster>>,
    pub scene: Rc<Scene>,
    pub playing: bool,
    pub speed: f64,
    /// Virtual time not yet handed to the cluster (sub-millisecond frames add up).
    carry_ms: f64,
    version: u64,
}

impl PartialEq for Playground {
    fn eq(&self, other: &Self) -> bool {
        self.version == other.version
    }
}

impl Playground {
    /// The default scenario, applied, as a learner first sees it.
    pub fn new(seed: u64) -> Self {
        let text = scenario::DEFAULT_YAML.to_string();
        let mut cluster = Cluster::new(seed);
        let outcome = cluster.apply(&text);
        let mut terminal = vec!["$ kubectl apply -f scenario.yaml".to_string()];
        terminal.extend(outcome.output);
        let scene = Rc::new(Scene::of(&cluster));
        Playground {
            diagnostics: Rc::new(manifest::parse(&text).diagnostics),
            text,
            terminal: Rc::new(terminal),
            cluster: Rc::new(RefCell::new(cluster)),
            scene,
            playing: true,
            speed: 1.0,
            carry_ms: 0.0,
            version: 0,
        }
    }

    fn advance(&mut self, ms: u64) {
        self.cluster.borrow_mut().advance(ms);
        self.redraw();
    }

    fn redraw(&mut self) {
        let scene = Scene::of(&self.cluster.borrow());
        // Only a change worth drawing bumps the version; the clock alone does not.
        let same = scene.pods == self.scene.pods && scene.services == self.scene.services;
        self.scene = Rc::new(scene);
        if !same {
            self.version += 1;
        }
    }
}

impl Reducible for Playground {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            Action::Edit(text) => {
                next.diagnostics = Rc::new(manifest::parse(&text).diagnostics);
                next.text = text;
                next.version += 1;
            }
            Action::Apply => {
                let outcome = next.cluster.borrow_mut().apply(&next.text);
                let mut terminal = (*next.terminal).clone();
                terminal.push("$ kubectl apply -f playground.yaml".into());
                terminal.extend(outcome.output);
                for d in outcome.diagnostics.iter().filter(|d| d.is_error()) {
                    terminal.push(format!("error: line {}:{}: {}", d.line, d.column, d.message));
                }
                next.terminal = Rc::new(terminal);
                next.diagnostics = Rc::new(outcome.diagnostics);
                next.version += 1;
                next.redraw();
            }
            Action::Frame(wall_ms) => {
                if !next.playing {
                    return self;
                }
                // A frame after a long pause (a hidden tab) must not fast-forward minutes.
                next.carry_ms += wall_ms.clamp(0.0, 100.0) * next.speed;
                let whole = next.carry_ms.floor();
                next.carry_ms -= whole;
                next.advance(whole as u64);
            }
            Action::TogglePlay => {
                next.playing = !next.playing;
                next.version += 1;
            }
            Action::SetSpeed(speed) => {
                next.speed = speed.clamp(0.1, MAX_SPEED);
                next.version += 1;
            }
            Action::Step(ms) => next.advance(ms),
        }
        Rc::new(next)
    }
}
