//! Architecture invariants, checked mechanically (see ARCHITECTURE.md): the core depends on no
//! browser crate and no OS entropy, whatever a future dependency pulls in transitively.

use std::collections::BTreeSet;

const FORBIDDEN: &[&str] = &[
    "web-sys",
    "js-sys",
    "wasm-bindgen",
    "gloo",
    "yew",
    "getrandom",
    "rand",
    "instant",
    "web-time",
];

#[test]
fn core_depends_on_no_browser_crate_and_no_os_entropy() {
    // `cargo tree` over normal edges only (dev-dependencies such as proptest may use OS
    // entropy in tests; the shipped core may not), for every target platform.
    let output = std::process::Command::new(env!("CARGO"))
        .args(["tree", "-p", "podscape-core", "-e", "normal", "--target", "all"])
        .args(["--prefix", "none", "--format", "{p}", "--locked"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("cargo tree runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let tree = String::from_utf8(output.stdout).unwrap();
    let crates: BTreeSet<&str> = tree.lines().filter_map(|l| l.split(' ').next()).collect();
    assert!(
        crates.contains("saphyr-parser"),
        "the tree lists the core's real dependencies: {crates:?}"
    );
    let bad: Vec<_> = crates.iter().filter(|n| FORBIDDEN.contains(n)).collect();
    assert!(bad.is_empty(), "podscape-core must not depend on {bad:?}");
}

#[test]
fn core_sources_never_read_the_wall_clock() {
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut stack = vec![src];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).unwrap();
                for banned in [
                    "Instant::now",
                    "SystemTime::now",
                    "thread_rng",
                    "from_entropy",
                    "thread::sleep",
                ] {
                    assert!(!text.contains(banned), "{} uses {banned}", path.display());
                }
            }
        }
    }
}
