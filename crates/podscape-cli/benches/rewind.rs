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
use podscape_core::session::{Action, Native, Session, Start};

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
    // A cluster of five nodes: 300 pods need more than kind's three at 110 pods a node.
    let engine = Native {
        config: ClusterConfig {
            workers: 4,
            ..ClusterConfig::default()
        },
    };
    let before = LIVE.load(Ordering::Relaxed);
    let started = Instant::now();
    let mut session = Session::new(
        &engine,
        Start {
            shared: Some(APP.to_string()),
            ..Start::default()
        },
    );
    session.apply(&engine, Action::SetRate(20.0));
    const MINUTES: u64 = 30;
    for second in 0..MINUTES * 60 {
        session.apply(&engine, Action::Step(1_000));
        // Now and then the learner does something (a scale up and back).
        if second % 300 == 150 {
            session.apply(
                &engine,
                Action::Run("kubectl scale deployment web --replicas=290".into()),
            );
        }
        if second % 300 == 200 {
            session.apply(
                &engine,
                Action::Run("kubectl scale deployment web --replicas=300".into()),
            );
        }
    }
    let built = started.elapsed();
    if std::env::var_os("BREAKDOWN").is_some() {
        session.cluster().clone_parts(&mut |name, clone| {
            let at = LIVE.load(Ordering::Relaxed);
            let copy = clone();
            let bytes = LIVE.load(Ordering::Relaxed) - at;
            drop(copy);
            let mut ns = Vec::new();
            for _ in 0..5 {
                let t = Instant::now();
                let c = clone();
                ns.push(t.elapsed().as_secs_f64() * 1000.0);
                drop(c);
            }
            ns.sort_by(f64::total_cmp);
            println!("part {name}: {} bytes ({:.3} ms)", bytes, ns[2]);
        });
        let mut live = session.cluster().clone();
        live.advance(5_000);
        for _ in 0..3 {
            let m0 = LIVE.load(Ordering::Relaxed);
            let snap = live.clone();
            let m1 = LIVE.load(Ordering::Relaxed);
            live.advance(5_000);
            let m2 = LIVE.load(Ordering::Relaxed);
            drop(snap);
            let m3 = LIVE.load(Ordering::Relaxed);
            println!("snapshot: clone {} bytes; held alone 5 s later {} bytes (live grew {})", m1 - m0, m2 - m3, m2 as i64 - m1 as i64);
        }
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
    let recent: Vec<f64> = times.iter().filter(|t| t.1 < 300).map(|t| t.0).collect();
    if let Some(max) = recent.iter().copied().reduce(f64::max) {
        println!("seek within the last 5 minutes: max {max:.2} ms");
    }
    // Scrubbing: a second at a time back (each a restore and a replay), then forward (each
    // goes on from the moment shown), as the timeline's arrow keys step.
    for (name, step) in [("back", -1_000i64), ("forward", 1_000)] {
        let from = if step < 0 { start + (live - start) / 2 } else { start + (live - start) / 4 };
        let mut ms = Vec::new();
        for i in 0..120i64 {
            let target = (from as i64 + i * step) as u64;
            let t = Instant::now();
            session.apply(&engine, Action::Seek(target));
            ms.push(t.elapsed().as_secs_f64() * 1000.0);
        }
        session.apply(&engine, Action::Live);
        ms.sort_by(f64::total_cmp);
        println!(
            "scrub {name} a second at a time (native): median {:.2} ms, p95 {:.2} ms, max {:.2} ms",
            ms[ms.len() / 2],
            ms[ms.len() * 95 / 100],
            ms[ms.len() - 1]
        );
    }
    // Memory: what the session holds less what its live cluster holds (measured by dropping
    // a copy of it last: the parts it shares with the timeline's snapshots count as the
    // cluster's, not the timeline's).
    let total = LIVE.load(Ordering::Relaxed) - before;
    let copy = session.cluster().clone();
    drop(session);
    let at = LIVE.load(Ordering::Relaxed);
    drop(copy);
    let cluster = at - LIVE.load(Ordering::Relaxed);
    println!(
        "memory: session {} (its live cluster {}); the timeline ≈ {}",
        mib(total),
        mib(cluster),
        mib(total.saturating_sub(cluster))
    );
}
