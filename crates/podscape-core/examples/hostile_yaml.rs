//! Times `manifest::parse` on one hostile YAML input (a measurement, not a test): run it under
//! `/usr/bin/time -v target/release/examples/hostile_yaml CASE` for the peak memory.
//! Cases: `alias-60kb` (the 60 KB string nested to 91k copies), `billion-laughs`,
//! `merge-bomb`, `expanded-max` (exactly MAX_EXPANDED_BYTES copied, accepted), `ratio-max` (just
//! under go-yaml's ratio at ~400k decodes, accepted), `deployment-max`
//! (a Deployment carrying the largest accepted expansion), `documents` (MAX_DOCUMENTS + 1).
#![allow(clippy::disallowed_methods)] // A measurement reads the wall clock; the core never does.

use std::time::Instant;

use podscape_core::budget::{EXPANDED_NODE_BYTES, MAX_DOCUMENTS, MAX_EXPANDED_BYTES};
use podscape_core::manifest;

fn list(item: &str, n: usize) -> String {
    vec![item; n].join(",")
}

fn input(case: &str) -> String {
    match case {
        "alias-60kb" => format!(
            "s: &s {}\nl1: &l1 [{}]\nl2: &l2 [{}]\nl3: [{}]\n",
            "y".repeat(60_000),
            list("*s", 30),
            list("*l1", 30),
            list("*l2", 101)
        ),
        "billion-laughs" => {
            let mut text = format!("a0: &a0 [{}]\n", list("lol", 9));
            for i in 1..10 {
                text.push_str(&format!("a{i}: &a{i} [{}]\n", list(&format!("*a{}", i - 1), 9)));
            }
            text
        }
        "merge-bomb" => {
            let mut text = String::from("l0: &l0 {a: x, b: x, c: x, d: x, e: x, f: x, g: x, h: x}\n");
            for i in 1..30 {
                text.push_str(&format!("l{i}: &l{i} {{<<: [{}]}}\n", list(&format!("*l{}", i - 1), 9)));
            }
            text
        }
        "expanded-max" => format!(
            "s: &s {}\nl: [{}]\n",
            "x".repeat(MAX_EXPANDED_BYTES / 128 - EXPANDED_NODE_BYTES),
            list("*s", 128)
        ),
        // 392,000 of 398,167 decodes through aliases (0.9845), 6.7 MB expanded.
        "ratio-max" => format!(
            "p: [{}]\nk0: &a [{}]\nk1: [{}]\n",
            list("x", 4000),
            list("x", 199),
            list("*a", 1960)
        ),
        // A valid Deployment whose container args hold MAX_EXPANDED_BYTES of copies: every
        // later stage (schema, validation, JSON, the template hash) walks them.
        "deployment-max" => format!(
            "apiVersion: apps/v1\nkind: Deployment\nmetadata: {{name: web, annotations: {{a: &s {}}}}}\nspec:\n  selector: {{matchLabels: {{app: web}}}}\n  template:\n    metadata: {{labels: {{app: web}}}}\n    spec:\n      containers:\n      - name: web\n        image: nginx\n        args: [{}]\n",
            "x".repeat(MAX_EXPANDED_BYTES / 128 - EXPANDED_NODE_BYTES),
            list("*s", 127)
        ),
        "documents" => "---\n".repeat(MAX_DOCUMENTS + 1),
        other => panic!("unknown case {other}"),
    }
}

fn main() {
    let case = std::env::args().nth(1).unwrap_or_else(|| "alias-60kb".into());
    let text = input(&case);
    let start = Instant::now();
    let m = manifest::parse(&text);
    let elapsed = start.elapsed();
    let outcome = m.diagnostics.first().map_or("accepted".to_string(), |d| {
        format!("{}:{} {}", d.line, d.column, d.message)
    });
    println!(
        "{case}: {} input bytes, {:.1} ms: {outcome}",
        text.len(),
        elapsed.as_secs_f64() * 1e3
    );
}
