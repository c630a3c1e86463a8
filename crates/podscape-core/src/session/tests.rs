//! The session driven by actions, natively, with a stand-in engine that is "not loaded" (every
//! call answers `None`, as the browser's before its second module arrives) until told it is,
//! and then answers with the core's own calls.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use super::*;
use crate::{kubectl, lesson, manifest, script};

/// The engine as the browser has it: nothing until `load`, then the core itself. It counts the
/// calls it answered, so a test can tell that a queued action ran only once.
#[derive(Default)]
struct Stand {
    loaded: Cell<bool>,
    answered: Cell<usize>,
    /// The virtual time the session asked the engine to advance (see `Engine::advance`).
    advanced: Cell<u64>,
    lessons: RefCell<Option<Rc<Vec<Rc<Lesson>>>>>,
}

impl Stand {
    fn loaded() -> Stand {
        let stand = Stand::default();
        stand.loaded.set(true);
        stand
    }

    fn here<T>(&self, call: impl FnOnce() -> T) -> Option<T> {
        if !self.loaded.get() {
            return None;
        }
        self.answered.set(self.answered.get() + 1);
        Some(call())
    }
}

impl Engine for Stand {
    fn diagnose(&self, text: &str) -> Option<(Vec<Diagnostic>, bool)> {
        self.here(|| {
            let parsed = manifest::parse(text);
            (parsed.diagnostics, parsed.over_budget)
        })
    }

    fn apply(&self, cluster: &mut Cluster, text: &str) -> Option<Output> {
        self.here(|| kubectl::apply_text(cluster, EDITOR_FILE, text))
    }

    fn run_line(
        &self,
        cluster: &mut Cluster,
        line: &str,
        files: &dyn Fn(&str) -> Option<String>,
    ) -> Option<Option<Step>> {
        self.here(|| script::run_line(cluster, line, files, &mut script::Budget::default()))
    }

    fn run_script(
        &self,
        cluster: &mut Cluster,
        text: &str,
        files: &dyn Fn(&str) -> Option<String>,
    ) -> Option<Vec<Step>> {
        self.here(|| script::run_on(cluster, text, files, &mut script::Budget::default()))
    }

    fn boot(&self, seed: u64, mode: ProxyMode, text: &str) -> Option<(Cluster, ApplyOutcome)> {
        self.here(|| {
            let mut cluster = Cluster::new(seed);
            cluster.set_proxy_mode(mode);
            let outcome = cluster.apply(text);
            (cluster, outcome)
        })
    }

    fn lessons(&self) -> Option<Rc<Vec<Rc<Lesson>>>> {
        self.here(|| {
            self.lessons
                .borrow_mut()
                .get_or_insert_with(|| Rc::new(lesson::all().into_iter().map(Rc::new).collect()))
                .clone()
        })
    }

    fn progress(&self, lesson: &Lesson, done: usize, cluster: &Cluster, history: &[String]) -> Option<usize> {
        self.here(|| lesson::progress(lesson, done, cluster, history))
    }

    fn lesson_act(
        &self,
        run: &mut lesson::Run,
        intent: LessonIntent,
        cluster: &Cluster,
        history: &[String],
    ) -> Option<Option<String>> {
        self.here(|| super::lesson_act(run, intent, cluster, history))
    }

    fn plug(&self, _: &mut Cluster) {}

    fn advance(&self, cluster: &mut Cluster, ms: u64) {
        self.advanced.set(self.advanced.get() + ms);
        cluster.advance(ms);
    }
}

fn lines(session: &Session) -> Vec<String> {
    session.terminal().iter().map(|l| l.text.clone()).collect()
}

fn commands(session: &Session) -> Vec<String> {
    session
        .terminal()
        .iter()
        .filter(|l| l.kind == LineKind::Command)
        .map(|l| l.text.clone())
        .collect()
}

fn replicas(text: &str, n: u32) -> String {
    text.replace("replicas: 3", &format!("replicas: {n}"))
}

#[test]
fn typing_is_diagnosed_and_undone_word_by_word() {
    let engine = Stand::loaded();
    let mut s = Session::new(&engine, Start::default());
    let original = s.text().to_string();
    assert!(!s.can_undo());
    let broken = original.replace("kind: Deployment", "kind: Deploymnt");
    let changed = s.apply(&engine, Action::Edit(broken.clone()));
    assert!(changed.contains(Concern::View));
    assert_eq!(s.text(), broken);
    assert!(
        s.diagnostics().iter().any(|d| d.is_error()),
        "{:?}",
        s.diagnostics()
    );
    // Work with errors is the learner's work: stored (only a budget's refusal is not).
    assert_eq!(s.saveable(), Some(broken.as_str()));
    s.apply(&engine, Action::Undo);
    assert_eq!(s.text(), original);
    assert!(s.diagnostics().iter().all(|d| !d.is_error()));
    let first = s.caret().expect("an undo places the caret");
    s.apply(&engine, Action::Redo);
    assert_eq!(s.text(), broken);
    let second = s.caret().expect("a redo places the caret");
    assert!(second.0 > first.0, "each placement is a new request");
    assert_eq!(
        second.1,
        original.find("kind: Deployment").unwrap() + "kind: Deploym".len()
    );
    assert!(!s.can_redo());
}

#[test]
fn apply_runs_kubectl_apply_and_counts_in_the_history() {
    let engine = Stand::loaded();
    let mut s = Session::new(&engine, Start::default());
    let text = replicas(s.text(), 5);
    s.apply(&engine, Action::Edit(text));
    let before = s.revision(Concern::Objects);
    s.apply(&engine, Action::Apply);
    assert!(s.revision(Concern::Objects) > before);
    let shown = lines(&s);
    assert!(
        shown
            .iter()
            .any(|l| l == "deployment.apps/image-processor configured"),
        "{shown:?}"
    );
    assert_eq!(s.history().as_slice(), ["kubectl apply -f playground.yaml"]);
    s.apply(&engine, Action::Step(30_000));
    let pods = s.scene().pods.iter().filter(|p| !p.system && p.ready).count();
    assert_eq!(pods, 6, "five image-processors and web");
}

#[test]
fn work_queued_before_the_engine_arrives_runs_once_in_order_after_it() {
    let engine = Stand::default();
    let mut s = Session::new(&engine, Start::default());
    assert!(!s.checked());
    assert_eq!(lines(&s), ["kubectl apply -f playground.yaml", "…"]);
    // No time passes on a bare cluster; its nodes are drawn.
    s.apply(&engine, Action::Step(5_000));
    assert_eq!(s.cluster().now_ms(), 0);
    assert!(!s.scene().nodes.is_empty());
    let scaled = replicas(s.text(), 4);
    s.apply(&engine, Action::Edit(scaled));
    assert!(s.diagnostics().is_empty(), "nothing is parsed before the engine");
    for action in [
        Action::Run("kubectl get deployments".into()),
        Action::Apply,
        Action::Run("  ".into()),
        Action::RunScript("sleep 10s\nkubectl get pods -o name | wc -l".into()),
        Action::Run("kubectl scale deployment/image-processor --replicas=2".into()),
    ] {
        let changed = s.apply(&engine, action);
        assert!(
            !changed.contains(Concern::View),
            "a queued action shows nothing yet"
        );
    }
    assert_eq!(s.pending().len(), 4, "a blank line is not queued");
    assert_eq!(engine.answered.get(), 0);
    engine.loaded.set(true);
    let changed = s.apply(&engine, Action::ModuleLoaded(true));
    assert!(changed.contains(Concern::View));
    assert!(s.pending().is_empty());
    assert!(s.checked());
    assert_eq!(
        commands(&s),
        [
            "kubectl apply -f playground.yaml",
            "kubectl get deployments",
            "kubectl apply -f playground.yaml",
            "sleep 10s",
            "kubectl get pods -o name | wc -l",
            "kubectl scale deployment/image-processor --replicas=2",
        ]
    );
    let shown = lines(&s);
    assert!(!shown.contains(&"…".to_string()), "{shown:?}");
    // The boot applied the scenario (3 replicas), the queued get saw it, the queued apply the
    // learner's 4, and the scale 2: in that order.
    let get = shown
        .iter()
        .position(|l| l.starts_with("image-processor "))
        .unwrap();
    let configured = shown
        .iter()
        .position(|l| l == "deployment.apps/image-processor configured")
        .unwrap();
    let scaled = shown
        .iter()
        .position(|l| l == "deployment.apps/image-processor scaled")
        .unwrap();
    assert!(get < configured && configured < scaled, "{shown:?}");
    assert!(s.cluster().now_ms() >= 10_000, "the script's sleep ran");
    assert_eq!(s.history().len(), 5);
}

#[test]
fn an_engine_that_never_arrives_keeps_the_text_and_says_so() {
    let engine = Stand::default();
    let mut s = Session::new(&engine, Start::default());
    s.apply(&engine, Action::Run("kubectl get pods".into()));
    s.apply(&engine, Action::ModuleLoaded(false));
    assert!(s.pending().is_empty());
    assert_eq!(s.notices().as_slice(), [Notice::ModuleUnavailable]);
    assert_eq!(s.text(), scenario::DEFAULT_YAML);
    assert!(!s.checked());
}

#[test]
fn a_script_has_one_budget_of_virtual_time() {
    let engine = Stand::loaded();
    let mut s = Session::new(&engine, Start::default());
    let before = s.cluster().now_ms();
    s.apply(
        &engine,
        Action::RunScript(
            "sleep 5m\ntimeout 24h kubectl get pods -w\nsleep 5m\nkubectl get deployments".into(),
        ),
    );
    assert_eq!(s.cluster().now_ms() - before, 600_000);
    let shown = lines(&s);
    let spent = shown
        .iter()
        .filter(|l| l.contains("budget of 10m of virtual time is spent"))
        .count();
    assert_eq!(spent, 1, "{shown:?}");
    assert!(!shown.contains(&"kubectl get deployments".to_string()));
    // A step of a day advances a script's budget at most.
    let before = s.cluster().now_ms();
    s.apply(&engine, Action::Step(u64::MAX));
    assert_eq!(s.cluster().now_ms() - before, 600_000);
}

#[test]
fn a_here_document_in_a_script_is_applied() {
    let engine = Stand::loaded();
    let mut s = Session::new(&engine, Start::default());
    let script = "kubectl apply -f - <<EOF\napiVersion: v1\nkind: Service\nmetadata:\n  name: extra\nspec:\n  selector:\n    app: image-processor\n  ports:\n  - port: 80\nEOF\nkubectl get services -o name";
    s.apply(&engine, Action::RunScript(script.into()));
    let shown = lines(&s);
    assert!(shown.contains(&"service/extra created".to_string()), "{shown:?}");
    assert!(shown.contains(&"service/extra".to_string()), "{shown:?}");
}

#[test]
fn a_restart_applies_its_text_on_a_fresh_cluster_and_runs_its_setup_unechoed() {
    let engine = Stand::loaded();
    let mut s = Session::new(&engine, Start::default());
    s.apply(
        &engine,
        Action::Run("kubectl create deployment old --image=nginx".into()),
    );
    let text = replicas(scenario::DEFAULT_YAML, 2);
    let setup =
        "podscape unpullable nginx:9\nkubectl scale deployment image-processor --replicas=1\nsleep 30s";
    s.apply(
        &engine,
        Action::Restart {
            text: text.clone(),
            setup: setup.into(),
        },
    );
    assert_eq!(s.text(), text);
    assert!(
        s.cluster().deployment("default", "old").is_none(),
        "a fresh cluster"
    );
    let d = s.cluster().deployment("default", "image-processor").unwrap();
    assert_eq!(d.spec.replicas, 1, "the setup ran");
    // The terminal shows the apply, not the setup: the faults are the puzzle.
    assert_eq!(commands(&s), vec![format!("kubectl apply -f {EDITOR_FILE}")]);
    assert!(s.history().is_empty());
}

#[test]
fn a_click_is_the_script_command_it_echoes() {
    let engine = Stand::loaded();
    let mut s = Session::new(&engine, Start::default());
    s.apply(&engine, Action::Step(20_000));
    let node = s
        .scene()
        .nodes
        .iter()
        .find(|n| !n.control_plane)
        .unwrap()
        .name
        .clone();
    s.apply(&engine, Action::Run(format!("podscape node-down {node}")));
    assert_eq!(
        commands(&s).last().unwrap(),
        &format!("podscape node-down {node}")
    );
    s.apply(&engine, Action::Step(45_000));
    assert!(s.scene().nodes.iter().any(|n| n.name == node && !n.ready));
    let pod = s.scene().pods.iter().find(|p| !p.system).unwrap().name.clone();
    s.apply(&engine, Action::Run(format!("podscape fail-readiness {pod}")));
    assert!(s
        .cluster()
        .pods()
        .iter()
        .any(|p| p.name == pod && p.readiness_failing));
    s.apply(&engine, Action::Run("podscape fail-readiness nosuchpod".into()));
    assert_eq!(
        lines(&s).last().unwrap(),
        "podscape: no running pod \"nosuchpod\" in namespace default"
    );
    assert_eq!(s.history().len(), 3);
}

#[test]
fn a_lesson_step_is_ticked_off_by_a_command() {
    let engine = Stand::loaded();
    let mut s = Session::new(&engine, Start::default());
    s.apply(&engine, Action::StartLesson("scale".into()));
    assert_eq!(s.tab(), Tab::Lesson);
    assert_eq!(
        s.lesson().map(|r| (r.lesson.id.as_str(), r.done)),
        Some(("scale", 0))
    );
    s.apply(
        &engine,
        Action::Run("kubectl scale deployment/image-processor --replicas=5".into()),
    );
    for _ in 0..300 {
        s.apply(&engine, Action::Frame(100.0));
    }
    assert_eq!(s.lesson().map(|r| r.done), Some(1));
    // An unknown lesson changes nothing.
    let view = s.revision(Concern::View);
    s.apply(&engine, Action::StartLesson("no-such-lesson".into()));
    assert_eq!(s.revision(Concern::View), view);
}

#[test]
fn a_lesson_asked_for_before_the_engine_starts_after_it() {
    let engine = Stand::default();
    let mut s = Session::new(&engine, Start::default());
    s.apply(&engine, Action::StartLesson("scale".into()));
    s.apply(&engine, Action::Run("kubectl get pods".into()));
    assert!(s.lesson().is_none());
    engine.loaded.set(true);
    s.apply(&engine, Action::ModuleLoaded(true));
    assert_eq!(s.lesson().map(|r| r.lesson.id.as_str()), Some("scale"));
    assert_eq!(commands(&s).last().unwrap(), "kubectl get pods");
}

#[test]
fn a_share_link_replaces_the_stored_text_restorably() {
    let engine = Stand::loaded();
    let stored = replicas(scenario::DEFAULT_YAML, 1);
    let shared = replicas(scenario::DEFAULT_YAML, 2);
    let mut s = Session::new(
        &engine,
        Start {
            text: Some(stored.clone()),
            shared: Some(shared.clone()),
            ..Start::default()
        },
    );
    assert_eq!(s.text(), shared);
    assert_eq!(s.previous(), Some(stored.as_str()));
    assert!(s.notices().contains(&Notice::Replaced));
    // Applied, not just shown: the link's two replicas (and web, the client).
    s.apply(&engine, Action::Step(20_000));
    assert_eq!(s.scene().pods.iter().filter(|p| !p.system).count(), 3);
    s.apply(&engine, Action::RestorePrevious);
    assert_eq!(s.text(), stored);
    assert!(s.previous().is_none());
    assert!(!s.notices().contains(&Notice::Replaced));
    // And one Undo away as well.
    s.apply(&engine, Action::Undo);
    assert_eq!(s.text(), shared);
    s.apply(&engine, Action::Undo);
    assert_eq!(s.text(), stored);
}

#[test]
fn a_hostile_load_replaces_typing_undoably_and_is_never_saveable() {
    let engine = Stand::loaded();
    let mut s = Session::new(&engine, Start::default());
    let typed = replicas(scenario::DEFAULT_YAML, 1);
    s.apply(&engine, Action::Edit(typed.clone()));
    let mut bomb = String::from(
        "a0: &a0 [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    for level in 1..10 {
        let refs = vec![format!("*a{}", level - 1); 10].join(",");
        bomb.push_str(&format!("a{level}: &a{level} [{refs}]\n"));
    }
    s.apply(&engine, Action::Load(bomb.clone()));
    assert_eq!(s.text(), bomb);
    assert_eq!(s.saveable(), Some(typed.as_str()));
    assert_eq!(s.previous(), Some(typed.as_str()));
    assert!(s.notices().contains(&Notice::Refused));
    s.apply(&engine, Action::RestorePrevious);
    assert_eq!(s.text(), typed);
    assert!(!s.notices().contains(&Notice::Refused));
}

#[test]
fn another_tabs_state_waits_for_the_learners_choice() {
    let engine = Stand::loaded();
    let mut s = Session::new(&engine, Start::default());
    let theirs = replicas(scenario::DEFAULT_YAML, 7);
    let value = share::encode(
        &share::Shared {
            yaml: Some(theirs.clone()),
            ..share::Shared::default()
        },
        share::STORAGE,
    )
    .unwrap();
    s.apply(&engine, Action::OtherTab(value.clone()));
    assert!(s.other_tab_waiting());
    // Dismissing keeps the pending choice.
    s.apply(&engine, Action::DismissNotices);
    assert_eq!(s.notices().as_slice(), [Notice::OtherTab]);
    let save = s.revision(Concern::Save);
    s.apply(&engine, Action::ResolveOtherTab(false));
    assert!(!s.other_tab_waiting());
    assert_eq!(
        s.revision(Concern::Save),
        save + 1,
        "keeping this tab's work saves it again"
    );
    assert_eq!(s.text(), scenario::DEFAULT_YAML);
    s.apply(&engine, Action::OtherTab(value));
    s.apply(&engine, Action::ResolveOtherTab(true));
    assert_eq!(s.text(), theirs);
    assert_eq!(s.revision(Concern::Save), save + 1);
    s.apply(&engine, Action::Undo);
    assert_eq!(s.text(), scenario::DEFAULT_YAML);
}

#[test]
fn a_paused_frame_changes_nothing_and_the_clock_is_throttled() {
    let engine = Stand::loaded();
    let mut s = Session::new(&engine, Start::default());
    s.apply(&engine, Action::TogglePlay);
    assert!(s.apply(&engine, Action::Frame(16.0)).is_empty());
    s.apply(&engine, Action::TogglePlay);
    s.apply(&engine, Action::SetSpeed(f64::MAX));
    assert_eq!(s.speed(), MAX_SPEED);
    // 10 frames of 16 ms at 10x: 1.6 s of virtual time, the clock redrawn every 100 ms of
    // wall time at most.
    let (clock, start) = (s.revision(Concern::Clock), s.cluster().now_ms());
    for _ in 0..10 {
        s.apply(&engine, Action::Frame(16.0));
    }
    assert_eq!(s.cluster().now_ms() - start, 1_600);
    let moved = s.revision(Concern::Clock) - clock;
    assert!(
        (1..=2).contains(&moved),
        "the clock moved {moved} times in 160 ms"
    );
    // A hidden tab's frame of an hour is 100 ms of wall time.
    s.apply(&engine, Action::Frame(3_600_000.0));
    assert_eq!(s.cluster().now_ms() - start, 2_600);
}

#[test]
fn the_clock_moves_only_through_the_engine_and_only_once_booted() {
    // The browser's engine runs the controllers in its second module (`Engine::advance`): the
    // session must never advance the cluster itself, nor ask before the boot.
    let engine = Stand::default();
    let mut s = Session::new(&engine, Start::default());
    for _ in 0..10 {
        s.apply(&engine, Action::Frame(16.0));
    }
    s.apply(&engine, Action::Step(5_000));
    assert_eq!((engine.advanced.get(), s.cluster().now_ms()), (0, 0));
    engine.loaded.set(true);
    s.apply(&engine, Action::ModuleLoaded(true));
    let start = s.cluster().now_ms();
    for _ in 0..10 {
        s.apply(&engine, Action::Frame(16.0));
    }
    s.apply(&engine, Action::Step(5_000));
    assert_eq!(s.cluster().now_ms() - start, 5_160);
    assert_eq!(engine.advanced.get(), 5_160);
}

#[test]
fn a_new_scenario_keeps_the_editors_history_and_settings() {
    let engine = Stand::loaded();
    let mut s = Session::new(&engine, Start::default());
    let typed = replicas(scenario::DEFAULT_YAML, 1);
    s.apply(&engine, Action::Edit(typed.clone()));
    s.apply(&engine, Action::SetSpeed(2.0));
    s.apply(&engine, Action::SetProxyMode(ProxyMode::Ipvs));
    let other = scenario::SCENARIOS[1].id;
    s.apply(&engine, Action::LoadScenario(other));
    assert_eq!(s.scenario().id, other);
    assert_eq!(s.speed(), 2.0);
    assert_eq!(s.cluster().proxy_mode(), ProxyMode::Ipvs);
    s.apply(&engine, Action::Undo);
    assert_eq!(s.text(), typed);
    // An unknown scenario changes nothing.
    assert!(s.apply(&engine, Action::LoadScenario("nope")).is_empty());
}

/// Frames of 16 ms (60 per second of wall time); how often `concern` moved in them.
fn moves(s: &mut Session, engine: &Stand, frames: usize, concern: Concern) -> u64 {
    let before = s.revision(concern);
    for _ in 0..frames {
        s.apply(engine, Action::Frame(16.0));
    }
    s.revision(concern) - before
}

#[test]
fn with_less_motion_traffic_is_counts_redrawn_twice_a_second_and_pods_do_not_animate() {
    let engine = Stand::loaded();
    let start = Start {
        system_reduced: true,
        ..Start::default()
    };
    let mut s = Session::new(&engine, start.clone());
    assert!(s.reduced_motion());
    s.apply(&engine, Action::SetRate(20.0));
    s.apply(&engine, Action::Step(20_000));
    assert!(!s.scene().packets.is_empty(), "requests are in flight");
    // 2 s of frames: the traffic's view moves with the counts, at most every 500 ms.
    let moved = moves(&mut s, &engine, 125, Concern::Particles);
    assert!((1..=5).contains(&moved), "the overlay moved {moved} times in 2 s");
    // The same cluster with full motion redraws its particles nearly every frame.
    let mut full = Session::new(&engine, Start::default());
    full.apply(&engine, Action::SetRate(20.0));
    full.apply(&engine, Action::Step(20_000));
    assert!(moves(&mut full, &engine, 125, Concern::Particles) > 100);
    // A rollout: pods are created and terminated, each glyph steady between its states.
    let text = s.text().replace("agnhost:2.53", "agnhost:2.52");
    assert_ne!(text, s.text());
    s.apply(&engine, Action::Edit(text));
    s.apply(&engine, Action::Apply);
    let mut transitions = 0;
    for _ in 0..200 {
        s.apply(&engine, Action::Frame(16.0));
        for pod in &s.scene().pods {
            transitions += usize::from(matches!(pod.status, "ContainerCreating" | "Terminating"));
            assert_eq!(pod.progress, 0.5, "{} {}", pod.name, pod.status);
        }
    }
    assert!(transitions > 0, "the rollout was seen under way");
    // Back to full motion: the overlay redraws at once, and pods animate again.
    let changed = s.apply(&engine, Action::ReduceMotion(false));
    assert!(changed.contains(Concern::Particles) && changed.contains(Concern::View));
    assert!(!s.reduced_motion());
}

#[test]
fn the_learners_motion_choice_overrides_the_system_until_they_agree() {
    let engine = Stand::loaded();
    let mut s = Session::new(&engine, Start::default());
    assert!(!s.reduced_motion());
    assert_eq!(s.motion(), None);
    s.apply(&engine, Action::ReduceMotion(true));
    assert!(s.reduced_motion());
    assert_eq!(s.motion(), Some(Motion::Reduced));
    // The system now asks for it too: the choice is the system's again, and follows it.
    s.apply(&engine, Action::SystemReducedMotion(true));
    assert_eq!(s.motion(), None);
    s.apply(&engine, Action::SystemReducedMotion(false));
    assert!(!s.reduced_motion());
    // Full motion on a system that asks for less is a choice of its own, kept.
    s.apply(&engine, Action::SystemReducedMotion(true));
    assert!(s.reduced_motion());
    s.apply(&engine, Action::ReduceMotion(false));
    assert_eq!(s.motion(), Some(Motion::Full));
    assert!(!s.reduced_motion());
    s.apply(&engine, Action::SystemReducedMotion(true));
    assert!(!s.reduced_motion());
    // A new scenario keeps the setting.
    s.apply(&engine, Action::LoadScenario(scenario::SCENARIOS[1].id));
    assert_eq!(s.motion(), Some(Motion::Full));
    // A stored choice starts the session.
    let stored = Session::new(
        &engine,
        Start {
            motion: Some(Motion::Reduced),
            ..Start::default()
        },
    );
    assert!(stored.reduced_motion());
    assert!(stored.scene().pods.iter().all(|p| p.progress == 0.5));
}

#[test]
fn out_of_view_no_time_passes_and_the_clock_resumes_where_it_stopped() {
    let engine = Stand::loaded();
    let mut s = Session::new(&engine, Start::default());
    s.apply(&engine, Action::Frame(16.0));
    s.apply(&engine, Action::Frame(10.5));
    let at = s.cluster().now_ms();
    s.apply(&engine, Action::SetVisible(false));
    assert!(!s.visible());
    for _ in 0..100 {
        assert!(s.apply(&engine, Action::Frame(16.0)).is_empty());
    }
    assert_eq!(s.cluster().now_ms(), at);
    s.apply(&engine, Action::SetVisible(true));
    s.apply(&engine, Action::Frame(16.0));
    assert_eq!(s.cluster().now_ms(), at + 16, "no jump, and nothing carried over");
    // Hidden during a new scenario: still hidden.
    s.apply(&engine, Action::SetVisible(false));
    s.apply(&engine, Action::LoadScenario(scenario::SCENARIOS[1].id));
    let at = s.cluster().now_ms();
    s.apply(&engine, Action::Frame(16.0));
    assert_eq!(s.cluster().now_ms(), at);
}

/// `podscape traffic rate N` in the terminal moves the traffic control with it.
#[test]
fn the_terminals_traffic_rate_moves_the_control() {
    let engine = Stand::loaded();
    let mut s = Session::new(&engine, Start::default());
    s.apply(&engine, Action::Run("podscape traffic rate 7".into()));
    assert_eq!(s.rate(), 7.0);
    assert_eq!(s.cluster().traffic().rate, 7.0);
}

/// The service map draws rates over a window: with it open and steady traffic the app is not
/// redrawn for it (the map follows the charts' turn, twice a second, on its own); the Rules
/// tab stays live.
#[test]
fn the_service_map_is_redrawn_twice_a_second_not_every_frame() {
    let engine = Stand::loaded();
    let mut s = Session::new(&engine, Start::default());
    s.apply(&engine, Action::SetRate(20.0));
    s.apply(&engine, Action::Step(20_000));
    s.apply(&engine, Action::SetTab(Tab::Map));
    // 2 s of frames: the charts' turn comes about four times; the app's view moves only when
    // an object does.
    let charts = moves(&mut s, &engine, 125, Concern::Charts);
    assert!(
        (2..=6).contains(&charts),
        "the charts moved {charts} times in 2 s"
    );
    let moved = moves(&mut s, &engine, 125, Concern::View);
    assert!(moved <= 3, "the app was redrawn {moved} times in 2 s");
    s.apply(&engine, Action::SetTab(Tab::Rules));
    assert!(moves(&mut s, &engine, 125, Concern::View) > 100);
}

#[test]
fn a_lesson_checks_hints_shows_skips_and_remembers_the_course() {
    use crate::lesson::Mark;
    use crate::session::LessonIntent;
    let engine = Stand::loaded();
    let mut s = Session::new(&engine, Start::default());
    s.apply(&engine, Action::StartLesson("scale".into()));
    // A failed check says which goals are missing.
    s.apply(&engine, Action::Lesson(LessonIntent::Check));
    assert_eq!(s.lesson().unwrap().missing, Some(vec![0, 1]));
    // Hints come one at a time, never past the last.
    let hints = s.lesson().unwrap().lesson.steps[0].hints.len();
    for shown in 1..=hints + 1 {
        s.apply(&engine, Action::Lesson(LessonIntent::Hint));
        assert_eq!(s.lesson().unwrap().hints, shown.min(hints));
    }
    s.apply(&engine, Action::Lesson(LessonIntent::Predict(0, 1)));
    assert_eq!(s.lesson().unwrap().picks[0], Some(1));
    // Show me runs the step's solution in the terminal; the step then holds.
    s.apply(&engine, Action::Lesson(LessonIntent::ShowMe));
    assert_eq!(s.tab(), Tab::Lesson);
    assert!(commands(&s).iter().any(|c| c.starts_with("kubectl scale")));
    for _ in 0..50 {
        s.apply(&engine, Action::Frame(100.0));
    }
    let run = s.lesson().unwrap();
    assert_eq!((run.done, run.hints, run.missing.clone()), (1, 0, None));
    // The prediction stays once the step is behind.
    s.apply(&engine, Action::Lesson(LessonIntent::Predict(0, 0)));
    assert_eq!(s.lesson().unwrap().picks[0], Some(1));
    assert!(s.course().is_empty());
    // Skipping the last step finishes the lesson as skipped, and the course remembers it.
    s.apply(&engine, Action::Lesson(LessonIntent::Skip));
    assert_eq!(s.lesson().unwrap().skipped, vec![1]);
    assert_eq!(s.course().mark("scale"), Some(Mark::Skipped));
    // Done again, fully this time: done wins.
    s.apply(&engine, Action::StartLesson("scale".into()));
    s.apply(
        &engine,
        Action::RunScript("kubectl scale deployment/image-processor --replicas=5\nsleep 15s".into()),
    );
    assert_eq!(s.lesson().unwrap().done, 1);
    s.apply(
        &engine,
        Action::Run("kubectl scale deployment/image-processor --replicas=2".into()),
    );
    assert_eq!(s.course().mark("scale"), Some(Mark::Done));
    s.apply(&engine, Action::Lesson(LessonIntent::ShareProgress(true)));
    assert!(s.share_progress());
}

#[test]
fn the_course_comes_from_the_start_state() {
    use crate::lesson::{Course, Mark};
    let engine = Stand::loaded();
    let mut course = Course::default();
    course.set("dns", Mark::Done);
    let s = Session::new(
        &engine,
        Start {
            course,
            ..Start::default()
        },
    );
    assert_eq!(s.course().mark("dns"), Some(Mark::Done));
}
