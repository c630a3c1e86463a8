//! `cargo bench -p podscape-core --bench peer`: the peer workload of
//! `/work/shared/bench/webernetes` (ngrok's webernetes), mirrored step for step so the two can be
//! compared on one machine. A bench binary: figures are printed, never asserted.
//!
//! 1. A 3-node cluster (kind's control plane + 2 workers; the Deployment tolerates the control
//!    plane's taint so all 3 nodes take pods, as the peer's 3 nodes do).
//! 2. Apply a Deployment of N replicas whose containers answer HTTP with their pod name
//!    (agnhost serve-hostname on 8080) and a ClusterIP Service 80→8080.
//! 3. Wall time from apply until N pods are Ready and the Service has N endpoints (the virtual
//!    clock advances in 100 ms steps, as fast as the CPU allows; the virtual time is printed).
//! 4. 1,000 requests from a pod on a node through the Service's ClusterIP (`route_connection`:
//!    the node's compiled rules, conntrack, the answering pod), counting the pods hit.
#![allow(clippy::disallowed_methods)] // Benchmarks read the wall clock; the core never does.

use std::time::Instant;

use podscape_core::cluster::{frontend, ClusterConfig};
use podscape_core::proxy::{Protocol, Verdict};
use podscape_core::Cluster;

fn workload(n: usize) -> String {
    format!(
        "apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: {n}
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      tolerations:
        - key: node-role.kubernetes.io/control-plane
          operator: Exists
          effect: NoSchedule
      containers:
        - name: whoami
          image: registry.k8s.io/e2e-test-images/agnhost:2.53
          args: [\"serve-hostname\", \"--port\", \"8080\"]
          ports:
            - containerPort: 8080
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
      targetPort: 8080
"
    )
}

fn main() {
    let runs: usize = std::env::var("PEER_RUNS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(2);
    println!(
        "peer workload (native, {} build): N | run | converged ms (wall) | virtual ms | seq req/s | pods hit (min..max)",
        if cfg!(debug_assertions) { "debug" } else { "release" }
    );
    for n in [3usize, 30, 100, 300] {
        for run in 1..=runs {
            let mut c = Cluster::with_config(
                run as u64,
                ClusterConfig {
                    workers: 2,
                    ..Default::default()
                },
            );
            let yaml = workload(n);
            let started = Instant::now();
            let virtual_start = c.now_ms();
            assert!(c.apply(&yaml).applied(), "the workload applies");
            let converged = loop {
                let ready = c
                    .pods()
                    .iter()
                    .filter(|p| p.namespace == "default" && p.ready)
                    .count();
                let endpoints = c.service("default", "web").map_or(0, |s| c.endpoints(s).len());
                if ready >= n && endpoints >= n {
                    break started.elapsed();
                }
                if c.now_ms() - virtual_start > 600_000 {
                    panic!("N={n} did not converge in 10 virtual minutes");
                }
                c.advance(100);
            };
            let virtual_ms = c.now_ms() - virtual_start;
            let ip = c
                .service("default", "web")
                .map(|s| s.cluster_ip.clone())
                .unwrap_or_default();
            let client = frontend();
            let mut hits: std::collections::BTreeMap<String, u32> = Default::default();
            let started = Instant::now();
            for _ in 0..1_000 {
                let route = c.route_connection(&client, &ip, 80, Protocol::Tcp);
                if let (Verdict::Dnat { .. }, Some(pod)) = (&route.verdict, route.pod) {
                    *hits.entry(pod).or_default() += 1;
                }
            }
            let took = started.elapsed();
            let (min, max) = (
                hits.values().min().copied().unwrap_or(0),
                hits.values().max().copied().unwrap_or(0),
            );
            println!(
                "{n:>3} | {run} | {:>9.1} | {virtual_ms:>7} | {:>9.0} | {} ({min}..{max})",
                converged.as_secs_f64() * 1e3,
                1_000.0 / took.as_secs_f64(),
                hits.len(),
            );
        }
    }
}
