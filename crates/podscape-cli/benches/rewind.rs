//! Rewind's figures (`cargo bench -p podscape-cli --bench rewind`): a 30-minute playground
//! session with 300 pods behind a Service and steady traffic (20 requests a second), advanced
//! a second at a time (`Action::Step`, as an embedding page steps it); then seeks to moments
//! spread over the whole session, each from the present (a snapshot restored, inputs
//! replayed). Memory: the live bytes the session's timeline holds (a counting allocator),
//! against one cluster's. Figures, not gates: they go to BENCHMARKS.md.

use std::alloc::{GlobalAlloc, Layout, System};
use std::rc::Rc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use podscape_core::cluster::{ApplyOutcome, ClusterConfig};
use podscape_core::kubectl::{self, Output};
use podscape_core::lesson::{self, Lesson};
use podscape_core::proxy::ProxyMode;
use podscape_core::script::{self, Step};
use podscape_core::session::{Action, Engine, Session, Start, EDITOR_FILE};
use podscape_core::{manifest, Cluster, Diagnostic};

struct Counting;
static LIVE: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LIVE.fetch_add(layout.size(), Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, size: usize) -> *mut u8 {
        LIVE.fetch_add(size, Ordering::Relaxed);
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        unsafe { System.realloc(ptr, layout, size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// The core, native: a cluster of five nodes (300 pods need more than kind's three at 110
/// pods a node).
struct Native;

impl Engine for Native {
    fn diagnose(&self, text: &str) -> Option<(Vec<Diagnostic>, bool)> {
        let parsed = manifest::parse(text);
        Some((parsed.diagnostics, parsed.over_budget))
    }
    fn apply(&self, cluster: &mut Cluster, text: &str) -> Option<Output> {
        Some(kubectl::apply_text(cluster, EDITOR_FILE, text))
    }
    fn run_line(
        &self,
        cluster: &mut Cluster,
        line: &str,
        files: &dyn Fn(&str) -> Option<String>,
    ) -> Option<Option<Step>> {
        Some(script::run_line(
            cluster,
            line,
            files,
            &mut script::Budget::default(),
        ))
    }
    fn run_script(
        &self,
        cluster: &mut Cluster,
        text: &str,
        files: &dyn Fn(&str) -> Option<String>,
    ) -> Option<Vec<Step>> {
        Some(script::run_on(
            cluster,
            text,
            files,
            &mut script::Budget::default(),
        ))
    }
    fn boot(&self, seed: u64, mode: ProxyMode, text: &str) -> Option<(Cluster, ApplyOutcome)> {
        let mut cluster = Cluster::with_config(
            seed,
            ClusterConfig {
                workers: 4,
                ..ClusterConfig::default()
            },
        );
        cluster.set_proxy_mode(mode);
        let outcome = cluster.apply(text);
        Some((cluster, outcome))
    }
    fn lessons(&self) -> Option<Rc<Vec<Rc<Lesson>>>> {
        Some(Rc::new(Vec::new()))
    }
    fn lesson_act(
        &self,
        run: &mut lesson::Run,
        intent: podscape_core::session::LessonIntent,
        cluster: &Cluster,
        history: &[String],
    ) -> Option<Option<String>> {
        Some(podscape_core::session::lesson_act(run, intent, cluster, history))
    }
    fn progress(&self, lesson: &Lesson, done: usize, cluster: &Cluster, history: &[String]) -> Option<usize> {
        Some(lesson::progress(lesson, done, cluster, history))
    }
    fn plug(&self, _: &mut Cluster) {}
}

const APP: &str = "apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 300
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: nginx
---
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector:
    app: web
  ports:
  - port: 80
";

fn mib(bytes: usize) -> String {
    format!("{:.1} MiB", bytes as f64 / (1024.0 * 1024.0))
}

fn main() {
    let before = LIVE.load(Ordering::Relaxed);
    let started = Instant::now();
    let mut session = Session::new(
        &Native,
        Start {
            shared: Some(APP.to_string()),
            ..Start::default()
        },
    );
    session.apply(&Native, Action::SetRate(20.0));
    const MINUTES: u64 = 30;
    for second in 0..MINUTES * 60 {
        session.apply(&Native, Action::Step(1_000));
        // Now and then the learner does something (a scale up and back).
        if second % 300 == 150 {
            session.apply(
                &Native,
                Action::Run("kubectl scale deployment web --replicas=290".into()),
            );
        }
        if second % 300 == 200 {
            session.apply(
                &Native,
                Action::Run("kubectl scale deployment web --replicas=300".into()),
            );
        }
    }
    let built = started.elapsed();
    let total = LIVE.load(Ordering::Relaxed) - before;
    let one_cluster = {
        let at = LIVE.load(Ordering::Relaxed);
        let copy = session.cluster().clone();
        let bytes = LIVE.load(Ordering::Relaxed) - at;
        drop(copy);
        bytes
    };
    let pods = session.cluster().pods().len();
    let timeline = session.timeline().expect("the session has booted");
    println!(
        "session: {MINUTES} min, {pods} pods, {} inputs, {} snapshots, {} markers; built in {:.1} s",
        timeline.inputs(),
        timeline.snapshot_count(),
        timeline.markers().len(),
        built.as_secs_f64()
    );
    println!(
        "memory: session {} (one cluster {}); the timeline ≈ {}",
        mib(total),
        mib(one_cluster),
        mib(total.saturating_sub(one_cluster))
    );
    let (start, live) = (timeline.start_ms(), timeline.live_ms());
    let mut times = Vec::new();
    const SEEKS: u64 = 40;
    for i in 0..SEEKS {
        // Spread over the session, off the snapshots' grid (7 s 3 ms apart from it).
        let target = start + (live - start) * i / SEEKS + 7_003;
        let t = Instant::now();
        session.apply(&Native, Action::Seek(target));
        times.push((t.elapsed().as_secs_f64() * 1000.0, (live - target) / 1000));
        assert_eq!(session.cluster().now_ms(), target);
        session.apply(&Native, Action::Live);
    }
    times.sort_by(|a, b| a.0.total_cmp(&b.0));
    let ms: Vec<f64> = times.iter().map(|t| t.0).collect();
    println!(
        "seek (native): median {:.1} ms, p90 {:.1} ms, max {:.1} ms ({} seeks over the session)",
        ms[ms.len() / 2],
        ms[ms.len() * 9 / 10],
        ms[ms.len() - 1],
        ms.len()
    );
    let recent: Vec<f64> = times.iter().filter(|t| t.1 < 300).map(|t| t.0).collect();
    if let Some(max) = recent.iter().copied().reduce(f64::max) {
        println!("seek within the last 5 minutes: max {max:.1} ms");
    }
}
