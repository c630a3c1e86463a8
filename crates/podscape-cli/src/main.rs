//! `podscape`: the core, headless, for docs pipelines and golden tests. `check` validates
//! manifests the way `kubectl apply --dry-run=server` would (exit 0: no errors, 1: errors,
//! 2: usage); `run` executes a kubectl script against a fresh simulated cluster.

use std::process::ExitCode;

use podscape_core::manifest;
use serde::Serialize;

const USAGE: &str = "usage: podscape check [--format text|json] FILE...\n       podscape run [--seed N] [--format text|json] SCRIPT   (SCRIPT may be - for stdin)\n       podscape lessons [ID...]   (runs each lesson's solution and checks its goals)";

#[derive(Serialize)]
struct ObjectRef<'a> {
    #[serde(rename = "apiVersion")]
    api_version: &'a str,
    kind: &'a str,
    namespace: &'a str,
    name: &'a str,
}

#[derive(Serialize)]
struct FileDiagnostic<'a> {
    file: &'a str,
    severity: podscape_core::Severity,
    path: &'a str,
    line: usize,
    column: usize,
    message: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    hint: Option<&'a str>,
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("check") => check(&args[1..]),
        Some("run") => run(&args[1..]),
        Some("lessons") => lessons(&args[1..]),
        Some("-h" | "--help") => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        _ => usage("expected a command"),
    }
}

fn usage(problem: &str) -> ExitCode {
    eprintln!("podscape: {problem}\n{USAGE}");
    ExitCode::from(2)
}

/// Splits `--flag=value` into `--flag value`, so each command matches one spelling.
fn split_flags(args: &[String]) -> Vec<String> {
    args.iter()
        .flat_map(|a| match a.split_once('=') {
            Some((flag, value)) if flag.starts_with("--") => vec![flag.to_string(), value.to_string()],
            _ => vec![a.clone()],
        })
        .collect()
}

/// `--format text|json`: whether JSON was asked for, or the usage error.
fn format(value: Option<&str>) -> Result<bool, ExitCode> {
    match value {
        Some("json") => Ok(true),
        Some("text") => Ok(false),
        other => Err(usage(&format!("unknown format {other:?}"))),
    }
}

fn check(args: &[String]) -> ExitCode {
    let mut json = false;
    let mut files = Vec::new();
    let args = split_flags(args);
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--format" => match format(args.next().map(String::as_str)) {
                Ok(j) => json = j,
                Err(code) => return code,
            },
            flag if flag.starts_with("--") => return usage(&format!("unknown flag {flag}")),
            file => files.push(file.to_string()),
        }
    }
    if files.is_empty() {
        return usage("no files given");
    }
    let mut texts = Vec::new();
    for file in &files {
        match std::fs::read_to_string(file) {
            Ok(text) => texts.push(text),
            Err(err) => {
                eprintln!("podscape: cannot read {file}: {err}");
                return ExitCode::from(2);
            }
        }
    }
    let parsed: Vec<_> = texts.iter().map(|t| manifest::parse(t)).collect();
    let failed = parsed.iter().any(manifest::Manifests::has_errors);
    if json {
        let objects: Vec<_> = parsed
            .iter()
            .flat_map(|m| &m.objects)
            .map(|o| ObjectRef {
                api_version: o.api_version(),
                kind: o.kind(),
                namespace: o.namespace(),
                name: o.name(),
            })
            .collect();
        let diagnostics: Vec<_> = files
            .iter()
            .zip(&parsed)
            .flat_map(|(file, m)| {
                m.diagnostics.iter().map(move |d| FileDiagnostic {
                    file,
                    severity: d.severity,
                    path: &d.path,
                    line: d.line,
                    column: d.column,
                    message: &d.message,
                    hint: d.hint.as_deref(),
                })
            })
            .collect();
        let report = serde_json::json!({ "objects": objects, "diagnostics": diagnostics });
        println!("{report}");
    } else {
        for (file, m) in files.iter().zip(&parsed) {
            for d in &m.diagnostics {
                println!("{file}:{d}");
            }
            for o in &m.objects {
                println!("{file}: {} valid", o.kubectl_name());
            }
        }
    }
    if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn run(args: &[String]) -> ExitCode {
    let mut json = false;
    let mut seed = podscape_core::scenario::DEFAULT_SEED;
    let mut script = None;
    let args = split_flags(args);
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--format" => match format(args.next().map(String::as_str)) {
                Ok(j) => json = j,
                Err(code) => return code,
            },
            "--seed" => match args.next().and_then(|s| s.parse().ok()) {
                Some(s) => seed = s,
                None => return usage("--seed needs a number"),
            },
            flag if flag.starts_with("--") => return usage(&format!("unknown flag {flag}")),
            path if script.is_none() => script = Some(path.to_string()),
            extra => return usage(&format!("unexpected argument {extra}")),
        }
    }
    let Some(script) = script else {
        return usage("no script given");
    };
    let (text, dir) = if script == "-" {
        let mut text = String::new();
        if let Err(err) = std::io::Read::read_to_string(&mut std::io::stdin(), &mut text) {
            eprintln!("podscape: cannot read stdin: {err}");
            return ExitCode::from(2);
        }
        (text, std::path::PathBuf::from("."))
    } else {
        match std::fs::read_to_string(&script) {
            Ok(text) => {
                let dir = std::path::Path::new(&script)
                    .parent()
                    .map(|p| p.to_path_buf())
                    .unwrap_or_default();
                (text, dir)
            }
            Err(err) => {
                eprintln!("podscape: cannot read {script}: {err}");
                return ExitCode::from(2);
            }
        }
    };
    // `-f` paths are relative to the script, as if the learner ran it from its folder. A folder
    // stands for its .yaml, .yml and .json files in name order, as kubectl reads one.
    let files = |path: &str| {
        let full = dir.join(path);
        if full.is_dir() {
            let mut names: Vec<std::path::PathBuf> = std::fs::read_dir(&full)
                .ok()?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| {
                    p.extension()
                        .is_some_and(|x| x == "yaml" || x == "yml" || x == "json")
                })
                .collect();
            names.sort();
            let texts: Vec<String> = names
                .iter()
                .filter_map(|p| std::fs::read_to_string(p).ok())
                .collect();
            return Some(texts.join("\n---\n"));
        }
        std::fs::read_to_string(full).ok()
    };
    let steps = podscape_core::script::run(seed, &text, &files);
    if json {
        for step in &steps {
            println!("{}", serde_json::to_string(step).unwrap_or_default());
        }
    } else {
        print!("{}", podscape_core::script::transcript(&steps));
    }
    if steps.iter().any(|s| s.exit_code != 0) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// `podscape lessons`: every built-in lesson's solution must reach all of its goals, so a
/// course's CI can check that the lessons still behave as their text claims.
fn lessons(ids: &[String]) -> ExitCode {
    let all = podscape_core::lesson::all();
    let chosen: Vec<_> = all
        .iter()
        .filter(|l| ids.is_empty() || ids.contains(&l.id))
        .collect();
    if chosen.is_empty() {
        return usage("no such lesson");
    }
    let mut failed = false;
    for lesson in chosen {
        let done = podscape_core::lesson::run_solution(lesson, podscape_core::scenario::DEFAULT_SEED);
        let total = lesson.steps.len();
        failed |= done < total;
        println!(
            "{}: {done}/{total} steps {}",
            lesson.id,
            if done == total { "reached" } else { "NOT reached" }
        );
    }
    if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
