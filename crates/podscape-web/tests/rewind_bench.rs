//! Rewind's seek in a real browser (wasm in headless Chromium): the session of
//! `crates/podscape-cli/benches/rewind.rs` (a Deployment of 300 behind a Service on five nodes,
//! 20 requests a second, stepped a second at a time with a scale down and up every 5 minutes),
//! 30 minutes, then seeks spread over it, each from the present, and scrubbing a
//! second at a time. Reports median, p90 and max (figures, not gates) and checks that each seek
//! lands on its moment. Run it in release: `cargo test --release --target
//! wasm32-unknown-unknown -p podscape-web --test rewind_bench` with `WASM_BINDGEN_TEST_TIMEOUT=300`
//! (building the session takes a while).

use podscape_core::cluster::ClusterConfig;
use podscape_core::session::{Action, Native, Session, Start};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const APP: &str = include_str!("../../../tests/rewind/bench-app.yaml");

fn summary(mut ms: Vec<f64>) -> String {
    ms.sort_by(f64::total_cmp);
    format!(
        "median {:.2} ms, p90 {:.2} ms, max {:.2} ms ({} seeks)",
        ms[ms.len() / 2],
        ms[ms.len() * 9 / 10],
        ms[ms.len() - 1],
        ms.len()
    )
}

#[wasm_bindgen_test]
fn seeking_a_long_session_in_wasm() {
    let performance = web_sys::window()
        .and_then(|w| w.performance())
        .expect("performance");
    let engine = Native {
        config: ClusterConfig {
            workers: 4,
            ..ClusterConfig::default()
        },
    };
    let started = performance.now();
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
    let built = performance.now() - started;
    let timeline = session.timeline().expect("the session has booted");
    let (start, live, snapshots) = (timeline.start_ms(), timeline.live_ms(), timeline.snapshot_count());
    let pods = session.cluster().pods().len();
    assert!(pods >= 300, "{pods} pods");
    let mut seeks = Vec::new();
    const SEEKS: u64 = 60;
    for i in 0..SEEKS {
        let target = start + (live - start) * i / SEEKS + 7_003;
        let t = performance.now();
        session.apply(&engine, Action::Seek(target));
        seeks.push(performance.now() - t);
        assert_eq!(session.cluster().now_ms(), target);
        session.apply(&engine, Action::Live);
    }
    let mut scrub = Vec::new();
    for i in 0..60 {
        let target = start + (live - start) / 2 - i * 1_000;
        let t = performance.now();
        session.apply(&engine, Action::Seek(target));
        scrub.push(performance.now() - t);
        assert_eq!(session.cluster().now_ms(), target);
    }
    session.apply(&engine, Action::Live);
    // Again, elsewhere, with the page's idle time between seeks warming ahead (timed apart).
    let (mut warmed, mut warming) = (Vec::new(), 0.0);
    for i in 0..60 {
        let target = start + (live - start) / 4 - i * 1_000;
        let t = performance.now();
        session.apply(&engine, Action::Seek(target));
        warmed.push(performance.now() - t);
        assert_eq!(session.cluster().now_ms(), target);
        let t = performance.now();
        while session.warm(&engine) {}
        warming += performance.now() - t;
    }
    session.apply(&engine, Action::Live);
    console_log!(
        "bench: rewind in wasm ({} build): a {MINUTES}-minute session of {pods} pods, {snapshots} snapshots, built in {:.1} s; seek {}; scrub back a second at a time {}; warmed between seeks {} (warming {:.2} ms a seek)",
        if cfg!(debug_assertions) { "debug" } else { "release" },
        built / 1000.0,
        summary(seeks),
        summary(scrub),
        summary(warmed),
        warming / 60.0
    );
}
