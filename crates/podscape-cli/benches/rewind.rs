//! Rewind's figures (`cargo bench -p podscape-cli --bench rewind`): a 30-minute playground
//! session with 300 pods behind a Service and steady traffic (20 requests a second), advanced
//! a second at a time (`Action::Step`, as an embedding page steps it); then seeks to moments
//! spread over the whole session, each from the present (a snapshot restored, inputs
//! replayed). Memory: the live bytes the session's timeline holds (a counting allocator),
//! against one cluster's. Figures, not gates: they go to BENCHMARKS.md.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use podscape_core::cluster::ClusterConfig;
use std::rc::Rc;

use podscape_core::cluster::{ApplyOutcome, Cluster};
use podscape_core::kubectl::Output;
use podscape_core::lesson::{Lesson, Run};
use podscape_core::proxy::ProxyMode;
use podscape_core::script::Step;
use podscape_core::session::{Action, Engine, LessonIntent, Native, RewindOp, Session, Start};

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

const APP: &str = include_str!("../../../tests/rewind/bench-app.yaml");

/// The native engine without rewind (no timeline): the same session's memory less the
/// timeline's.
struct NoRewind(Native);

impl Engine for NoRewind {
    fn diagnose(&self, text: &str) -> Option<(Vec<podscape_core::Diagnostic>, bool)> {
        self.0.diagnose(text)
    }
    fn apply(&self, cluster: &mut Cluster, text: &str) -> Option<Output> {
        self.0.apply(cluster, text)
    }
    fn run_line(
        &self,
        cluster: &mut Cluster,
        line: &str,
        files: &dyn Fn(&str) -> Option<String>,
    ) -> Option<Option<Step>> {
        self.0.run_line(cluster, line, files)
    }
    fn run_script(
        &self,
        cluster: &mut Cluster,
        script: &str,
        files: &dyn Fn(&str) -> Option<String>,
    ) -> Option<Vec<Step>> {
        self.0.run_script(cluster, script, files)
    }
    fn boot(&self, seed: u64, mode: ProxyMode, text: &str) -> Option<(Cluster, ApplyOutcome)> {
        self.0.boot(seed, mode, text)
    }
    fn lessons(&self) -> Option<Rc<Vec<Rc<Lesson>>>> {
        self.0.lessons()
    }
    fn progress(&self, lesson: &Lesson, done: usize, cluster: &Cluster, history: &[String]) -> Option<usize> {
        self.0.progress(lesson, done, cluster, history)
    }
    fn lesson_act(
        &self,
        run: &mut Run,
        intent: LessonIntent,
        cluster: &Cluster,
        history: &[String],
    ) -> Option<Option<String>> {
        self.0.lesson_act(run, intent, cluster, history)
    }
    fn plug(&self, cluster: &mut Cluster) {
        self.0.plug(cluster)
    }
    fn rewind(&self, _: &dyn Engine, _: &mut Session, _: RewindOp) -> Option<bool> {
        None
    }
}

/// The bench's session: 30 minutes stepped a second at a time, a scale down and up every 5.
fn build(engine: &dyn Engine) -> Session {
    let mut session = Session::new(
        engine,
        Start {
            shared: Some(APP.to_string()),
            ..Start::default()
        },
    );
    session.apply(engine, Action::SetRate(20.0));
    for second in 0..MINUTES * 60 {
        session.apply(engine, Action::Step(1_000));
        // Now and then the learner does something (a scale up and back).
        if second % 300 == 150 {
            session.apply(
                engine,
                Action::Run("kubectl scale deployment web --replicas=290".into()),
            );
        }
        if second % 300 == 200 {
            session.apply(
                engine,
                Action::Run("kubectl scale deployment web --replicas=300".into()),
            );
        }
    }
    session
}

const MINUTES: u64 = 30;

fn mib(bytes: usize) -> String {
    format!("{:.1} MiB", bytes as f64 / (1024.0 * 1024.0))
}

fn main() {
    // A cluster of five nodes: 300 pods need more than kind's three at 110 pods a node.
    let engine = Native {
        config: ClusterConfig {
            workers: 4,
            ..ClusterConfig::default()
        },
    };
    let before = LIVE.load(Ordering::Relaxed);
    let started = Instant::now();
    let mut session = build(&engine);
    let built = started.elapsed();
    let built_bytes = LIVE.load(Ordering::Relaxed) - before;
    {
        // One snapshot, then the cluster goes on 5 s (a scale down and up in between): what
        // the snapshot holds alone, against what the timeline estimates.
        let mut live = session.cluster().clone();
        live.advance(5_000);
        for i in 0..6 {
            let m0 = LIVE.load(Ordering::Relaxed);
            let snap = live.clone();
            let m1 = LIVE.load(Ordering::Relaxed);
            if i == 3 {
                live.scale_deployment("default", "web", 290);
            }
            if i == 4 {
                live.scale_deployment("default", "web", 300);
            }
            live.advance(5_000);
            let m2 = LIVE.load(Ordering::Relaxed);
            let estimate = (snap.unshared_bytes(None), live.unshared_bytes(Some(&snap)));
            drop(snap);
            let m3 = LIVE.load(Ordering::Relaxed);
            println!(
                "snapshot: clone {} bytes (estimated {}); held alone 5 s later {} bytes (next estimated {})",
                m1 - m0,
                estimate.0,
                m2 - m3,
                estimate.1
            );
        }
    }
    {
        // 60 snapshots 5 s apart over 5 minutes with a scale down and up: what they hold
        // against what they are estimated to.
        let mut live = session.cluster().clone();
        live.advance(5_000);
        let mut snaps: Vec<podscape_core::cluster::Cluster> = Vec::new();
        let mut estimate = 0;
        let base = LIVE.load(Ordering::Relaxed);
        for i in 0..60 {
            estimate += live.unshared_bytes(snaps.last());
            snaps.push(live.clone());
            if i == 30 {
                live.scale_deployment("default", "web", 290);
            }
            if i == 40 {
                live.scale_deployment("default", "web", 300);
            }
            live.advance(5_000);
        }
        let with = LIVE.load(Ordering::Relaxed) - base;
        let at = LIVE.load(Ordering::Relaxed);
        drop(snaps);
        let freed = at - LIVE.load(Ordering::Relaxed);
        println!(
            "60 snapshots: estimated {}, freed when dropped {} (grew {})",
            mib(estimate),
            mib(freed),
            mib(with)
        );
    }
    let pods = session.cluster().pods().len();
    let timeline = session.timeline().expect("the session has booted");
    println!(
        "session: {MINUTES} min, {pods} pods, {} inputs, {} snapshots ({} estimated), {} markers; built in {:.1} s",
        timeline.inputs(),
        timeline.snapshot_count(),
        mib(timeline.snapshot_bytes()),
        timeline.markers().len(),
        built.as_secs_f64()
    );
    let (start, live) = (timeline.start_ms(), timeline.live_ms());
    let mut times = Vec::new();
    const SEEKS: u64 = 200;
    for i in 0..SEEKS {
        // Spread over the session, off the snapshots' grid (7 s 3 ms apart from it).
        let target = start + (live - start) * i / SEEKS + 7_003;
        let t = Instant::now();
        session.apply(&engine, Action::Seek(target));
        times.push((t.elapsed().as_secs_f64() * 1000.0, (live - target) / 1000));
        assert_eq!(session.cluster().now_ms(), target);
        session.apply(&engine, Action::Live);
    }
    times.sort_by(|a, b| a.0.total_cmp(&b.0));
    let ms: Vec<f64> = times.iter().map(|t| t.0).collect();
    println!(
        "seek (native): median {:.2} ms, p90 {:.2} ms, max {:.2} ms ({} seeks over the session)",
        ms[ms.len() / 2],
        ms[ms.len() * 9 / 10],
        ms[ms.len() - 1],
        ms.len()
    );
    let slowest: Vec<String> = times
        .iter()
        .rev()
        .take(5)
        .map(|t| format!("{:.1} ms {} s before the present", t.0, t.1))
        .collect();
    println!("slowest seeks: {}", slowest.join(", "));
    let recent: Vec<f64> = times.iter().filter(|t| t.1 < 300).map(|t| t.0).collect();
    if let Some(max) = recent.iter().copied().reduce(f64::max) {
        println!("seek within the last 5 minutes: max {max:.2} ms");
    }
    // Scrubbing: a second at a time back (each a restore and a replay), then forward (each
    // goes on from the moment shown), as the timeline's arrow keys step; back again with the
    // page's idle time between seeks warming ahead (`Session::warm`, timed apart).
    for (name, step, warmed) in [
        ("back", -1_000i64, false),
        ("back, warmed between seeks,", -1_000, true),
        ("forward", 1_000, false),
    ] {
        let from = if step < 0 {
            start + (live - start) / 2 - if warmed { 300_000 } else { 0 }
        } else {
            start + (live - start) / 4
        };
        let (mut ms, mut warm_ms, mut pieces) = (Vec::new(), 0.0, 0);
        for i in 0..120i64 {
            let target = (from as i64 + i * step) as u64;
            let t = Instant::now();
            session.apply(&engine, Action::Seek(target));
            ms.push(t.elapsed().as_secs_f64() * 1000.0);
            if warmed {
                let t = Instant::now();
                while session.warm(&engine) {
                    pieces += 1;
                }
                warm_ms += t.elapsed().as_secs_f64() * 1000.0;
            }
        }
        session.apply(&engine, Action::Live);
        ms.sort_by(f64::total_cmp);
        println!(
            "scrub {name} a second at a time (native): median {:.2} ms, p95 {:.2} ms, max {:.2} ms{}",
            ms[ms.len() / 2],
            ms[ms.len() * 95 / 100],
            ms[ms.len() - 1],
            if warmed {
                format!(
                    " (warming: {pieces} pieces, {:.2} ms a seek)",
                    warm_ms / ms.len() as f64
                )
            } else {
                String::new()
            }
        );
    }
    // The snapshots alone: copies of them (sharing) outlive the session, then are dropped.
    let kept: Vec<(u64, Cluster, usize)> = session
        .timeline()
        .map(|t| t.snapshots().map(|(t, c, b)| (t, c.clone(), b)).collect())
        .unwrap_or_default();
    // Memory: the session less the same session without rewind (no timeline).
    drop(session);
    let at = LIVE.load(Ordering::Relaxed);
    let mut previous = at;
    let mut each = Vec::new();
    for (t, cluster, estimate) in kept.into_iter().rev() {
        drop(cluster);
        let now = LIVE.load(Ordering::Relaxed);
        each.push((t / 1000, (previous - now) / 1024, estimate / 1024));
        previous = now;
    }
    each.reverse();
    println!(
        "the snapshots hold {} (freed newest first; s, KiB freed, KiB estimated): {:?}",
        mib(at - LIVE.load(Ordering::Relaxed)),
        each
    );
    let at = LIVE.load(Ordering::Relaxed);
    let without = build(&NoRewind(Native {
        config: engine.config.clone(),
    }));
    let without_bytes = LIVE.load(Ordering::Relaxed) - at;
    assert!(without.timeline().is_none());
    println!(
        "memory: session {}, without rewind {}; the timeline ≈ {}",
        mib(built_bytes),
        mib(without_bytes),
        mib(built_bytes.saturating_sub(without_bytes))
    );
}
