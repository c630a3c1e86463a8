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
    // A billion nodes if expanded: go-yaml's alias ratio stops it, with kubectl's message (how
    // fast is measured by the parse_profile example, not asserted here).
    let m = manifest::parse(&text);
    assert!(m.objects.is_empty());
    assert_eq!(m.diagnostics.len(), 1, "{:?}", m.diagnostics);
    let d = &m.diagnostics[0];
    assert_eq!(
        (d.line, d.path.as_str(), d.message.as_str()),
        (
            4,
            "",
            "error converting YAML to JSON: yaml: document contains excessive aliasing"
        )
    );
    assert!(d.hint.is_some());
}

#[test]
fn one_string_copied_ninety_thousand_times_ends_with_podscape_limit() {
    // The 60 KB manifest: references nest to 91k copies of one 60 KB string (5.4 GB).
    let text = format!(
        "s: &s {}\nl1: &l1 [{}]\nl2: &l2 [{}]\nl3: [{}]\n",
        "y".repeat(60_000),
        vec!["*s"; 30].join(","),
        vec!["*l1"; 30].join(","),
        vec!["*l2"; 101].join(",")
    );
    let m = manifest::parse(&text);
    assert!(m.objects.is_empty());
    assert_eq!(m.diagnostics.len(), 1, "{:?}", m.diagnostics);
    let d = &m.diagnostics[0];
    assert_eq!((d.line, d.path.as_str()), (3, ""));
    // kubectl's message; the hint names Podscape's limit on the expanded size.
    assert_eq!(
        d.message,
        "error converting YAML to JSON: yaml: document contains excessive aliasing"
    );
    assert!(d.hint.as_deref().is_some_and(|h| h.contains("8 MiB")), "{d:?}");
}

#[test]
fn input_size_boundary() {
    let exactly = format!("{}\n", "#".repeat(manifest::MAX_INPUT_BYTES - 1));
    assert_eq!(exactly.len(), manifest::MAX_INPUT_BYTES);
    assert_eq!(manifest::parse(&exactly).diagnostics, vec![]);
    let past = format!("#{exactly}");
    let m = manifest::parse(&past);
    assert_eq!(m.diagnostics.len(), 1);
    assert_eq!(
        m.diagnostics[0].message,
        format!(
            "input is {} bytes; the limit is {}",
            manifest::MAX_INPUT_BYTES + 1,
            manifest::MAX_INPUT_BYTES
        )
    );
}

#[test]
fn document_count_boundary() {
    use podscape_core::budget::MAX_DOCUMENTS;
    let doc = "---\napiVersion: v1\nkind: Namespace\nmetadata: {name: ns}\n";
    let m = manifest::parse(&doc.repeat(MAX_DOCUMENTS));
    assert!(!m.has_errors(), "{:?}", &m.diagnostics[..1]);
    assert_eq!(m.extra_objects.len(), MAX_DOCUMENTS);
    let m = manifest::parse(&doc.repeat(MAX_DOCUMENTS + 1));
    let errors: Vec<_> = m.diagnostics.iter().filter(|d| d.is_error()).collect();
    assert_eq!(errors.len(), 1);
    assert_eq!((errors[0].line, errors[0].column), (4 * MAX_DOCUMENTS + 1, 1));
    assert_eq!(
        errors[0].message,
        format!("the input holds more than {MAX_DOCUMENTS} YAML documents, Podscape's limit; the input is refused")
    );
    assert_eq!(m.extra_objects.len(), MAX_DOCUMENTS);
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
