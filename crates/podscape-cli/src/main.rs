//! `podscape`: the core, headless, for docs pipelines and golden tests. `check` validates
//! manifests the way `kubectl apply --dry-run=server` would (exit 0: no errors, 1: errors,
//! 2: usage); `run` executes a kubectl script against a fresh simulated cluster; `export kind`
//! and `compare` take it to a real cluster and back (`export.rs`).

use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use podscape_core::manifest;

mod export;
use serde::Serialize;

const USAGE: &str = "usage: podscape check [--format text|json] FILE...\n       podscape run [--seed N] [--format text|json] [--allow-outside-files] SCRIPT   (SCRIPT may be - for stdin)\n       podscape lessons [ID...]   (replays each lesson's solution: every goal must fail before its step and hold after)\n       podscape challenges [ID...]   (starts each challenge, checks its symptoms, runs its solution, checks again)\n       podscape export kind [--mode iptables|ipvs|nftables] [-o FILE] SCRIPT|YAML...   (a bash script that reproduces it on kind)\n       podscape compare [--side-by-side] REAL.jsonl SIMULATED.jsonl   (exit 0: they agree, 1: they differ)\n\nrun: `-f` paths are relative to the script's folder (the current one for stdin) and must stay\ninside it, symlinks resolved; --allow-outside-files lets a script read any file. A run spends at\nmost 10m of virtual time, 1 MiB of output and 10000 commands; past that it stops with an error\n(exit 1).";

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
        Some("export") => export::export(&args[1..]),
        Some("compare") => export::compare(&args[1..]),
        Some("challenges") => challenges(&args[1..]),
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
    let mut allow_outside = false;
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
            "--allow-outside-files" => allow_outside = true,
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
    let folder = Folder::new(dir, allow_outside);
    let files = |path: &str| folder.read(path);
    let mut steps = podscape_core::script::run(seed, &text, &files);
    folder.explain_refusals(&mut steps);
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

/// The files a script's `-f` reads: paths relative to the script, as if the learner ran it
/// from its folder, and (unless `--allow-outside-files`) only inside that folder once `..` and
/// symlinks are resolved, so a script from elsewhere cannot read the machine's files. A folder
/// stands for its .yaml, .yml and .json files in name order, as kubectl reads one.
struct Folder {
    dir: PathBuf,
    /// The folder, resolved; `None` when any path may be read.
    confined_to: Option<PathBuf>,
    /// Paths refused for being outside: the `-f` argument and the file that is outside.
    refused: RefCell<Vec<(String, PathBuf)>>,
}

impl Folder {
    fn new(dir: PathBuf, allow_outside: bool) -> Folder {
        let confined_to = (!allow_outside).then(|| {
            let base = if dir.as_os_str().is_empty() {
                Path::new(".")
            } else {
                dir.as_path()
            };
            // A folder that cannot be resolved confines to nothing readable.
            base.canonicalize().unwrap_or_default()
        });
        Folder {
            dir,
            confined_to,
            refused: RefCell::default(),
        }
    }

    /// Whether `path` may be read; records it as refused (for the `-f` argument `arg`, shown
    /// as `shown`) if not.
    fn inside(&self, arg: &str, path: &Path, shown: &Path) -> bool {
        let Some(base) = &self.confined_to else {
            return true;
        };
        // A path that does not resolve does not exist: kubectl says so by itself.
        let Ok(real) = path.canonicalize() else {
            return true;
        };
        if !base.as_os_str().is_empty() && real.starts_with(base) {
            return true;
        }
        self.refused
            .borrow_mut()
            .push((arg.to_string(), shown.to_path_buf()));
        false
    }

    fn read(&self, arg: &str) -> Option<String> {
        let full = self.dir.join(arg);
        if !self.inside(arg, &full, Path::new(arg)) {
            return None;
        }
        if full.is_dir() {
            let mut names: Vec<PathBuf> = std::fs::read_dir(&full)
                .ok()?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| {
                    p.extension()
                        .is_some_and(|x| x == "yaml" || x == "yml" || x == "json")
                })
                .collect();
            names.sort();
            let mut texts = Vec::new();
            for name in &names {
                // A symlink in the folder may point out of it: the whole -f is refused, the
                // file named as kubectl's walk of the folder names it.
                let shown = Path::new(arg).join(name.file_name().unwrap_or_default());
                if !self.inside(arg, name, &shown) {
                    return None;
                }
                texts.extend(read_bounded(name));
            }
            return Some(texts.join("\n---\n"));
        }
        read_bounded(&full)
    }

    /// kubectl, given no text for a path, says it does not exist; for a path refused here it
    /// says what kubectl says of a file it may not read, and how to allow it.
    fn explain_refusals(&self, steps: &mut [podscape_core::script::Step]) {
        let refused = self.refused.borrow();
        for step in steps.iter_mut() {
            for (arg, path) in refused.iter() {
                let missing = format!("error: the path \"{arg}\" does not exist\n");
                if step.stderr.contains(&missing) {
                    let denied = format!(
                        "error: open {}: permission denied\nhint: podscape run reads -f files inside the script's folder only; \
                         --allow-outside-files lets it read this one\n",
                        path.display()
                    );
                    step.stderr = step.stderr.replacen(&missing, &denied, 1);
                }
            }
        }
    }
}

/// A file's text, read no further than the manifests engine's input budget (a larger text is
/// refused by its size when parsed, so its tail is never needed); `None` if it cannot be read
/// or is not UTF-8.
fn read_bounded(path: &Path) -> Option<String> {
    use std::io::Read;
    let limit = podscape_core::budget::MAX_INPUT_BYTES;
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .ok()?
        .take(limit as u64 + 4)
        .read_to_end(&mut bytes)
        .ok()?;
    if bytes.len() > limit {
        // Over the budget anyway: only its size matters, not a character cut at the end.
        return Some(String::from_utf8_lossy(&bytes).into_owned());
    }
    String::from_utf8(bytes).ok()
}

/// `podscape challenges`: every built-in challenge shows all its symptoms at the start (and
/// keeps its rules), and its solution makes every one go away: what CI checks, printed.
fn challenges(ids: &[String]) -> ExitCode {
    use podscape_core::challenge;
    let all = challenge::all();
    let chosen: Vec<_> = all
        .iter()
        .filter(|c| ids.is_empty() || ids.contains(&c.id))
        .collect();
    if chosen.is_empty() {
        return usage("no such challenge");
    }
    let mut failed = false;
    for c in chosen {
        let mut cluster = challenge::start(c, podscape_core::scenario::DEFAULT_SEED);
        let symptoms = c.symptoms.iter().filter(|s| !s.keep).count();
        let before = c.check(&cluster, 0);
        let wrong_start =
            before.present.len() != symptoms || before.present.iter().any(|&i| c.symptoms[i].keep);
        challenge::solve(c, &mut cluster);
        let after = c.check(&cluster, 0).present.len();
        failed |= wrong_start || after > 0;
        println!(
            "{}: {}/{symptoms} symptoms at the start, {after} after the solution{}",
            c.id,
            before.present.len(),
            if wrong_start || after > 0 {
                " (NOT solved)"
            } else {
                ""
            }
        );
    }
    if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// `podscape lessons`: every built-in lesson's solution must reach all of its goals, and each
/// step's goals must fail before its solution and hold after it, so a course's CI can check
/// that the lessons still behave as their text claims.
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
        // Step by step too: each goal must fail before its step's solution and hold after.
        let replay = podscape_core::lesson::replay(lesson, podscape_core::scenario::DEFAULT_SEED);
        failed |= done < total || replay != Default::default();
        println!(
            "{}: {done}/{total} steps {}",
            lesson.id,
            if done == total { "reached" } else { "NOT reached" }
        );
        for (step, goal) in &replay.held_before {
            println!("  step {} goal {}: holds before its solution", step + 1, goal + 1);
        }
        for (step, goal) in &replay.failed_after {
            println!("  step {} goal {}: fails after its solution", step + 1, goal + 1);
        }
    }
    if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
