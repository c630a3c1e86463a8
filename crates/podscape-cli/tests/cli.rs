//! Golden tests of the `podscape` binary: every `tests/check/NAME.yaml` is checked in text and
//! JSON format and compared with `NAME.txt` / `NAME.json` beside it; every
//! `tests/transcripts/NAME/script.sh` is run and compared with `expected.txt`. `UPDATE_EXPECT=1`
//! rewrites them (the workspace's one golden helper, `podscape-golden`); review the diff.

use std::path::{Path, PathBuf};
use std::process::Command;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/check")
}

fn podscape(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_podscape"))
        .args(args)
        .current_dir(fixtures())
        .output()
        .expect("podscape runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn check_golden_files() {
    let mut cases: Vec<_> = std::fs::read_dir(fixtures())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    cases.sort();
    assert!(cases.len() >= 4, "fixtures found: {cases:?}");
    for case in cases {
        let name = case.file_name().unwrap().to_str().unwrap();
        let (code, text, _) = podscape(&["check", name]);
        podscape_golden::check(&case.with_extension("txt"), &format!("exit {code}\n{text}"));
        let (json_code, json, _) = podscape(&["check", "--format", "json", name]);
        assert_eq!(code, json_code);
        let value: serde_json::Value = serde_json::from_str(&json).expect("one JSON object");
        podscape_golden::check(
            &case.with_extension("json"),
            &format!("{}\n", serde_json::to_string_pretty(&value).unwrap()),
        );
    }
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(podscape(&[]).0, 2);
    assert_eq!(podscape(&["check"]).0, 2);
    assert_eq!(podscape(&["check", "--format", "xml", "default.yaml"]).0, 2);
    assert_eq!(podscape(&["check", "does-not-exist.yaml"]).0, 2);
}

#[test]
fn exit_code_is_1_on_errors_and_0_without() {
    assert_eq!(podscape(&["check", "default.yaml"]).0, 0);
    assert_eq!(podscape(&["check", "default.yaml", "type-error.yaml"]).0, 1);
}

/// Every `tests/transcripts/NAME/script.sh` runs against a fresh cluster; its transcript must
/// equal `expected.txt` beside it, and the JSON Lines form must carry the same commands.
#[test]
fn run_transcripts_golden() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/transcripts");
    let mut cases: Vec<_> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    cases.sort();
    assert!(cases.len() >= 4, "{cases:?}");
    for case in cases {
        let script = case.join("script.sh");
        let script = script.to_str().unwrap();
        let (_, text, stderr) = podscape(&["run", script]);
        assert!(stderr.is_empty(), "{stderr}");
        podscape_golden::check(&case.join("expected.txt"), &text);
        let (_, json, _) = podscape(&["run", "--format", "json", script]);
        let commands: Vec<String> = json
            .lines()
            .map(|l| {
                serde_json::from_str::<serde_json::Value>(l).expect("JSON Lines")["command"]
                    .as_str()
                    .unwrap()
                    .to_string()
            })
            .collect();
        let expected: Vec<String> = text
            .lines()
            .filter_map(|l| l.strip_prefix("$ "))
            .map(String::from)
            .collect();
        assert_eq!(commands, expected);
    }
}

#[test]
fn same_seed_same_transcript_other_seed_other_names() {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/transcripts/basics/script.sh");
    let script = script.to_str().unwrap();
    let a = podscape(&["run", "--seed", "1", script]).1;
    assert_eq!(a, podscape(&["run", "--seed", "1", script]).1);
    assert_ne!(a, podscape(&["run", "--seed", "2", script]).1);
}

#[test]
fn every_lesson_solution_reaches_its_goals() {
    let (code, out, _) = podscape(&["lessons"]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.lines().count() >= 5 && out.lines().all(|l| l.ends_with("steps reached")),
        "{out}"
    );
    assert_eq!(podscape(&["lessons", "no-such-lesson"]).0, 2);
}

#[test]
fn every_challenge_starts_broken_and_its_solution_fixes_it() {
    let (code, out, _) = podscape(&["challenges"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.lines().count() >= 10, "{out}");
    for line in out.lines() {
        let (_, counts) = line.split_once(": ").unwrap();
        let (present, rest) = counts.split_once('/').unwrap();
        assert!(
            rest.starts_with(&format!("{present} symptoms at the start, 0 after")),
            "{line}"
        );
        assert!(!line.contains("NOT"), "{line}");
    }
    let (code, out, _) = podscape(&["challenges", "selector-typo"]);
    assert_eq!(
        (code, out.as_str()),
        (
            0,
            "selector-typo: 2/2 symptoms at the start, 0 after the solution\n"
        )
    );
    assert_eq!(podscape(&["challenges", "no-such-challenge"]).0, 2);
}
