//! The hostile corpus (`tests/hostile/`): inputs a hostile user would try, each with its expected
//! bounded outcome beside it (`NAME.expected`; `UPDATE_EXPECT=1` rewrites them).
//!
//! - `NAME.yaml`: `podscape check NAME.yaml` (every manifests path goes through `manifest::parse`);
//! - `NAME.sh`: `podscape run NAME.sh` against a fresh cluster (scripts, here-documents, budgets);
//! - `NAME.link`: a share link's fragment (or a stored state, its first line says which), decoded
//!   and then parsed as the app does before it shows or stores anything.
//!
//! A case's first line is a comment saying what it tries. Outputs are recorded whole up to 8 KiB,
//! then as their head, their length and their tail: the corpus holds output bombs too.

use std::path::{Path, PathBuf};
use std::process::Command;

use podscape_core::share;

#[path = "../../../tests/hostile/link_case.rs"]
mod link_case;

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/hostile")
}

/// An output as the expectation records it: whole when short, else head, length and tail.
fn clip(text: &str) -> String {
    const WHOLE: usize = 8 * 1024;
    if text.len() <= WHOLE {
        return text.to_string();
    }
    let head_end = (0..=2048).rev().find(|&i| text.is_char_boundary(i)).unwrap_or(0);
    let tail_start = (text.len() - 1024..text.len())
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(text.len());
    format!(
        "{}\n[… {} bytes in all …]\n{}",
        &text[..head_end],
        text.len(),
        &text[tail_start..]
    )
}

fn podscape(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_podscape"))
        .args(args)
        .current_dir(corpus())
        .output()
        .expect("podscape runs");
    format!(
        "exit {}\n--- stdout\n{}--- stderr\n{}",
        out.status.code().unwrap_or(-1),
        clip(&String::from_utf8_lossy(&out.stdout)),
        clip(&String::from_utf8_lossy(&out.stderr)),
    )
}

/// What the app does with a link's fragment (or a stored state) before it keeps anything:
/// decode within the limits, then parse the text within the budgets.
fn open_link(case: &Path) -> String {
    let text = std::fs::read_to_string(case).unwrap();
    let (limits, storage, fragment) = link_case::read(&text);
    let mut out = format!(
        "{} of {} bytes\n",
        if storage { "stored state" } else { "link" },
        fragment.len()
    );
    match share::decode(&fragment, limits) {
        Err(error) => out.push_str(&format!("refused: {error}\n")),
        Ok(state) => {
            if let Some(script) = &state.script {
                out.push_str(&format!("script: {} bytes\n", script.len()));
            }
            if let Some(yaml) = &state.yaml {
                let parsed = podscape_core::manifest::parse(yaml);
                out.push_str(&format!(
                    "yaml: {} bytes, {} objects, {} diagnostics\n",
                    yaml.len(),
                    parsed.objects.len(),
                    parsed.diagnostics.len()
                ));
                for d in parsed.diagnostics.iter().take(5) {
                    out.push_str(&format!("  {}:{} {} {}\n", d.line, d.column, d.path, d.message));
                }
                let keep = !parsed.has_errors();
                out.push_str(if keep {
                    "kept: shown and stored\n"
                } else {
                    "shown with its errors; not stored over the learner's text\n"
                });
            }
        }
    }
    out
}

#[test]
fn hostile_corpus() {
    let update = std::env::var_os("UPDATE_EXPECT").is_some();
    let mut cases: Vec<PathBuf> = std::fs::read_dir(corpus())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.extension()
                .is_some_and(|e| e == "yaml" || e == "sh" || e == "link")
        })
        .collect();
    cases.sort();
    assert!(cases.len() >= 12, "cases found: {cases:?}");
    let mut failures = Vec::new();
    for case in &cases {
        let name = case.file_name().unwrap().to_str().unwrap();
        let first = std::fs::read_to_string(case).unwrap();
        assert!(
            first.starts_with('#'),
            "{name}: the first line must be a comment saying what the case tries"
        );
        let actual = match case.extension().unwrap().to_str().unwrap() {
            "yaml" => podscape(&["check", name]),
            "sh" => podscape(&["run", name]),
            _ => open_link(case),
        };
        let expected_path = case.with_extension("expected");
        if update {
            std::fs::write(&expected_path, &actual).unwrap();
            continue;
        }
        match std::fs::read_to_string(&expected_path) {
            Ok(expected) if expected == actual => {}
            Ok(expected) => failures.push(format!("{name}:\n--- expected\n{expected}\n--- actual\n{actual}")),
            Err(_) => failures.push(format!("{name}: no {}", expected_path.display())),
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases differ (UPDATE_EXPECT=1 rewrites):\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}
