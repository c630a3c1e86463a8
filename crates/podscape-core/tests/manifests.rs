//! The manifests corpus: every `tests/manifests/NAME.yaml` is parsed and its objects and
//! diagnostics are compared with `NAME.expected` beside it. `UPDATE_EXPECT=1` rewrites the
//! expectations (`podscape-golden`); review the diff. Files named `valid-*` must produce no error and at least one
//! object, `invalid-*` at least one error, whatever the expectation says.
//!
//! Also here: property tests that `parse` never panics on arbitrary or mutated input and that
//! every diagnostic points inside the text, and the limits on hostile input.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use podscape_core::manifest::{self, Manifests};
use proptest::prelude::*;

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/manifests")
}

fn render(m: &Manifests) -> String {
    let mut out = String::new();
    for d in &m.diagnostics {
        let severity = if d.is_error() { "error" } else { "warning" };
        writeln!(out, "{severity} {}:{} {}", d.line, d.column, d.path).unwrap();
        writeln!(out, "  {}", d.message).unwrap();
        if let Some(hint) = &d.hint {
            writeln!(out, "  hint: {hint}").unwrap();
        }
    }
    for o in &m.objects {
        writeln!(
            out,
            "object {} namespace={} line={}",
            o.kubectl_name(),
            o.namespace(),
            o.line()
        )
        .unwrap();
    }
    for o in &m.extra_objects {
        writeln!(out, "object {} namespace={}", o.kubectl_name(), o.namespace()).unwrap();
    }
    out
}

/// Every diagnostic's line and column lie inside `text` (a column may sit just past the end of
/// its line, where a missing value would go).
fn assert_positions_inside(text: &str, m: &Manifests) {
    let lines: Vec<&str> = text.split('\n').collect();
    for d in &m.diagnostics {
        assert!(
            d.line >= 1 && d.line <= lines.len().max(1),
            "{d:?} outside {} lines",
            lines.len()
        );
        let width = lines.get(d.line - 1).map_or(0, |l| l.chars().count());
        assert!(
            d.column >= 1 && d.column <= width + 1,
            "{d:?} outside a line of {width} characters"
        );
    }
}

#[test]
fn corpus_matches_expectations() {
    let mut cases: Vec<_> = std::fs::read_dir(corpus())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    cases.sort();
    assert!(cases.len() >= 60, "only {} cases", cases.len());
    let mut failures = Vec::new();
    for case in &cases {
        let name = case.file_name().unwrap().to_string_lossy().to_string();
        let text = std::fs::read_to_string(case).unwrap();
        let m = manifest::parse(&text);
        assert_positions_inside(&text, &m);
        if name.starts_with("valid-") {
            assert!(
                !(m.has_errors() || m.objects.is_empty() && m.extra_objects.is_empty()),
                "{name}: {m:#?}"
            );
        } else if name.starts_with("invalid-") {
            assert!(m.has_errors(), "{name} has no error");
        }
        // Every case is compared before failing, so one run lists all that differ.
        if let Err(message) = podscape_golden::compare(&case.with_extension("expected"), &render(&m)) {
            failures.push(message);
        }
    }
    assert!(
        failures.is_empty(),
        "{} cases differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn alias_bomb_ends_with_a_clear_error() {
    let mut text = String::from("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for i in 1..10 {
        let p = i - 1;
        text.push_str(&format!(
            "a{i}: &a{i} [*a{p},*a{p},*a{p},*a{p},*a{p},*a{p},*a{p},*a{p},*a{p}]\n"
        ));
    }
    // A billion nodes if expanded: the expansion limit stops it (how fast is measured by the
    // parse benchmark, not asserted here).
    let m = manifest::parse(&text);
    assert!(m.objects.is_empty());
    assert!(
        m.diagnostics[0].message.contains("alias bomb"),
        "{:?}",
        m.diagnostics
    );
}

#[test]
fn a_multi_megabyte_input_ends_with_a_clear_error() {
    let text = "# padding\n".repeat(400_000);
    let m = manifest::parse(&text);
    assert!(
        m.diagnostics[0].message.contains("the limit is"),
        "{:?}",
        m.diagnostics
    );
    // Just under the limit, a large but valid stream is still read whole.
    let doc = std::fs::read_to_string(corpus().join("valid-deployment-full.yaml")).unwrap();
    let mut big = String::new();
    while big.len() + doc.len() + 4 < manifest::MAX_INPUT_BYTES {
        big.push_str("---\n");
        big.push_str(&doc);
    }
    let m = manifest::parse(&big);
    assert!(!m.has_errors());
    assert_eq!(m.objects.len(), big.matches("---\n").count());
}

fn seeds() -> Vec<String> {
    let mut seeds: Vec<String> = std::fs::read_dir(corpus())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect();
    seeds.sort();
    seeds
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn parse_never_panics_on_arbitrary_text(text in "\\PC{0,200}|[-:{}\\[\\]&*!|>'\"#,? \\n a-z0-9<]{0,300}") {
        let m = manifest::parse(&text);
        assert_positions_inside(&text, &m);
    }

    #[test]
    fn parse_never_panics_on_mutated_manifests(
        seed in any::<prop::sample::Index>(),
        edits in prop::collection::vec((any::<prop::sample::Index>(), 0u8..4, "[-:{}\\[\\]&*!|>'\"#,? \\na-zA-Z0-9<%.]{0,3}"), 1..6),
    ) {
        let seeds = seeds();
        let mut text: Vec<char> = seed.get(&seeds).chars().collect();
        for (at, op, insert) in edits {
            let i = if text.is_empty() { 0 } else { at.index(text.len()) };
            match op {
                0 => { text.splice(i..i, insert.chars()); }
                1 => { if i < text.len() { text.remove(i); } }
                2 => { let end = (i + 8).min(text.len()); text.drain(i..end); }
                _ => { if let Some(c) = insert.chars().next() { if i < text.len() { text[i] = c; } } }
            }
        }
        let text: String = text.into_iter().collect();
        let m = manifest::parse(&text);
        assert_positions_inside(&text, &m);
    }
}
