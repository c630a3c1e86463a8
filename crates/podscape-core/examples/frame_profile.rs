//! The frame-time workload natively: 300 pods behind 6 Services at 50 requests/s each, stepped
//! in 16 ms frames with the scene rebuilt every frame (what the web app does per frame).
#![allow(clippy::disallowed_methods)] // a benchmark measures wall time; the core never does
use std::time::Instant;
fn main() {
    let mut yaml = String::new();
    for i in 0..6 {
        yaml.push_str(&format!(
            "---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web-{i}\nspec:\n  replicas: 50\n  selector:\n    matchLabels: {{app: web-{i}}}\n  template:\n    metadata:\n      labels: {{app: web-{i}}}\n    spec:\n      containers:\n        - name: web\n          image: registry.k8s.io/e2e-test-images/agnhost:2.53\n          ports: [{{containerPort: 9376}}]\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: web-{i}\nspec:\n  selector: {{app: web-{i}}}\n  ports: [{{port: 80, targetPort: 9376}}]\n"
        ));
    }
    let mut c = podscape_core::Cluster::new(1);
    assert!(c.apply(&yaml).applied());
    c.set_request_rate(
        std::env::args()
            .nth(1)
            .and_then(|a| a.parse().ok())
            .unwrap_or(50.0),
    );
    c.advance(60_000);
    let started = Instant::now();
    let frames = 300;
    for _ in 0..frames {
        c.advance(160);
        std::hint::black_box(podscape_core::Scene::of(&c));
    }
    let per = started.elapsed().as_secs_f64() * 1e3 / frames as f64;
    println!(
        "{} in flight, {:.3} ms per frame",
        c.traffic().in_flight.len(),
        per
    );
}
