//! A profiling harness for the reconcile tick at the scale (10,000 pods / 1,000
//! Deployments / 100 nodes): `cargo run --profile bench -p podscape-core --example
//! reconcile_profile [TICKS]`, under `perf record -g` for a profile; `reconcile_profile rollout
//! [RUNS]` profiles a 1,000-replica Deployment from apply to all Ready instead.
#![allow(clippy::disallowed_methods)] // A harness reads the wall clock; the core never does.

use std::time::Instant;

use podscape_core::{cluster::ClusterConfig, scenario, Cluster};

fn rollout(runs: u32) {
    let started = Instant::now();
    for seed in 0..runs {
        let mut cluster = Cluster::new(u64::from(seed));
        cluster.apply(&scenario::DEFAULT_YAML.replace("replicas: 3", "replicas: 1000"));
        while cluster
            .pods()
            .iter()
            .filter(|p| p.namespace == "default" && p.ready)
            .count()
            < 1000
        {
            cluster.advance(1_000);
        }
    }
    eprintln!(
        "1,000 replicas from apply to Ready: {:.3} ms (mean of {runs}, a fresh cluster included)",
        started.elapsed().as_secs_f64() * 1e3 / f64::from(runs)
    );
}

fn main() {
    if std::env::args().nth(1).as_deref() == Some("rollout") {
        rollout(std::env::args().nth(2).and_then(|a| a.parse().ok()).unwrap_or(20));
        return;
    }
    let started = Instant::now();
    let mut big = Cluster::with_config(
        2,
        ClusterConfig {
            workers: 99,
            ..Default::default()
        },
    );
    for batch in 0..10 {
        let mut yaml = String::new();
        for i in batch * 100..(batch + 1) * 100 {
            yaml.push_str("---\n");
            yaml.push_str(
                &scenario::DEFAULT_YAML
                    .replace("replicas: 3", "replicas: 10")
                    .replace("image-processor", &format!("app-{i}")),
            );
        }
        assert!(big.apply(&yaml).applied());
    }
    eprintln!("applied in {:?}", started.elapsed());
    let started = Instant::now();
    big.advance(20_000);
    eprintln!("20 s of virtual time to settle in {:?}", started.elapsed());
    let ticks: u32 = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(200);
    let started = Instant::now();
    for _ in 0..ticks {
        big.advance(50);
    }
    eprintln!(
        "{} pods: {:.3} ms per tick (mean of {ticks})",
        big.pods().len(),
        started.elapsed().as_secs_f64() * 1e3 / f64::from(ticks)
    );
}
