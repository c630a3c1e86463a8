//! `podscape export kind` and `podscape compare`: the round trip to a real kind cluster and back.

use std::path::Path;
use std::process::ExitCode;

use podscape_core::export::{self, compare, Source};
use podscape_core::proxy::ProxyMode;

use crate::{read_bounded, split_flags, usage, Folder};

/// The `-f`/`--filename` paths a script's commands read (not `-`, stdin).
fn referenced(script: &str) -> Vec<String> {
    let mut paths = Vec::new();
    for line in script.lines() {
        let words: Vec<&str> = line.split_whitespace().collect();
        for (i, word) in words.iter().enumerate() {
            let path = match *word {
                "-f" | "--filename" => words.get(i + 1).copied(),
                w => w.strip_prefix("--filename=").or_else(|| w.strip_prefix("-f=")),
            };
            if let Some(path) = path {
                if path != "-" && !paths.iter().any(|p| p == path) {
                    paths.push(path.to_string());
                }
            }
        }
    }
    paths
}

/// The files a script reads, as (path the script uses, text): a folder stands for its .yaml,
/// .yml and .json files, as kubectl reads one. Files that do not exist are left out (kubectl on
/// kind will say so, as Podscape's does).
fn files_of(script: &str, dir: &Path) -> Result<Vec<(String, String)>, String> {
    let folder = Folder::new(dir.to_path_buf(), false);
    let mut files = Vec::new();
    for path in referenced(script) {
        let full = dir.join(&path);
        if full.is_dir() {
            let mut names: Vec<_> = std::fs::read_dir(&full)
                .map_err(|e| format!("cannot read {path}: {e}"))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| {
                    p.extension()
                        .is_some_and(|x| x == "yaml" || x == "yml" || x == "json")
                })
                .collect();
            names.sort();
            for name in names {
                let file = name.file_name().unwrap_or_default().to_string_lossy();
                let shown = format!("{}/{file}", path.trim_end_matches('/'));
                if !folder.inside(&path, &name, Path::new(&shown)) {
                    return Err(format!("{shown} is outside the script's folder"));
                }
                if let Some(text) = read_bounded(&name) {
                    files.push((shown, text));
                }
            }
        } else if full.exists() {
            if !folder.inside(&path, &full, Path::new(&path)) {
                return Err(format!("{path} is outside the script's folder"));
            }
            if let Some(text) = read_bounded(&full) {
                files.push((path, text));
            }
        }
    }
    Ok(files)
}

/// `podscape export kind [--mode iptables|ipvs|nftables] [-o FILE] SCRIPT|YAML...`
pub fn export(args: &[String]) -> ExitCode {
    let args = split_flags(args);
    let mut args = args.iter();
    if args.next().map(String::as_str) != Some("kind") {
        return usage("export: the only target is kind: podscape export kind ...");
    }
    let mut source = Source::default();
    let mut output = None;
    let mut inputs = Vec::new();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--mode" => {
                source.mode = match args.next().map(String::as_str) {
                    Some("iptables") => ProxyMode::Iptables,
                    Some("ipvs") => ProxyMode::Ipvs,
                    Some("nftables") => ProxyMode::Nftables,
                    other => {
                        return usage(&format!(
                            "unknown proxy mode {other:?} (iptables, ipvs, nftables)"
                        ))
                    }
                }
            }
            "-o" | "--output" => match args.next() {
                Some(file) => output = Some(file.clone()),
                None => return usage("-o needs a file"),
            },
            flag if flag.starts_with('-') && flag.len() > 1 => return usage(&format!("unknown flag {flag}")),
            input => inputs.push(input.to_string()),
        }
    }
    if inputs.is_empty() {
        return usage("export kind: no script or manifests given");
    }
    let mut script_seen = false;
    for input in &inputs {
        let path = Path::new(input);
        let Some(text) = read_bounded(path) else {
            eprintln!("podscape: cannot read {input}");
            return ExitCode::from(2);
        };
        let manifest = path
            .extension()
            .is_some_and(|x| x == "yaml" || x == "yml" || x == "json");
        if manifest {
            let name = path.file_name().unwrap_or_default().to_string_lossy().to_string();
            if source.manifests.iter().any(|(n, _)| *n == name) {
                return usage(&format!("two manifests are called {name}"));
            }
            source.manifests.push((name, text));
        } else {
            if script_seen {
                return usage("export kind: one script at most");
            }
            script_seen = true;
            let dir = path.parent().unwrap_or(Path::new("."));
            match files_of(&text, dir) {
                Ok(files) => source.files = files,
                Err(err) => {
                    eprintln!("podscape: {err}");
                    return ExitCode::from(2);
                }
            }
            source.script = text;
        }
    }
    let script = match export::kind_script(&source) {
        Ok(script) => script,
        Err(err) => {
            eprintln!("podscape: {err}");
            return ExitCode::from(1);
        }
    };
    match output {
        Some(file) => {
            if let Err(err) = std::fs::write(&file, &script) {
                eprintln!("podscape: cannot write {file}: {err}");
                return ExitCode::from(2);
            }
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                let _ = std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o755));
            }
        }
        None => print!("{script}"),
    }
    ExitCode::SUCCESS
}

/// `podscape compare REAL.jsonl SIMULATED.jsonl [--side-by-side]`
pub fn compare(args: &[String]) -> ExitCode {
    let mut side_by_side = false;
    let mut files = Vec::new();
    for arg in args {
        match arg.as_str() {
            "--side-by-side" => side_by_side = true,
            flag if flag.starts_with("--") => return usage(&format!("unknown flag {flag}")),
            file => files.push(file.to_string()),
        }
    }
    let [real, simulated] = files.as_slice() else {
        return usage("compare: two transcripts, REAL.jsonl SIMULATED.jsonl");
    };
    let mut parsed = Vec::new();
    for file in [real, simulated] {
        let text = read_limited(Path::new(file), compare::MAX_TRANSCRIPT_BYTES);
        let steps = text
            .ok_or_else(|| format!("cannot read {file}"))
            .and_then(|t| compare::parse(file, &t));
        match steps {
            Ok(steps) => parsed.push(steps),
            Err(err) => {
                eprintln!("podscape: {err}");
                return ExitCode::from(2);
            }
        }
    }
    let report = compare::compare(real, &parsed[0], simulated, &parsed[1], side_by_side);
    print!("{}", report.text);
    eprintln!(
        "podscape compare: {} difference(s), {} command(s) compared{}",
        report.differences,
        report.compared,
        if report.skipped > 0 {
            format!(" ({} skipped: no real equivalent on kind)", report.skipped)
        } else {
            String::new()
        }
    );
    if report.differences == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

/// A file's text, no longer than `limit` + 1 bytes read (over the limit: the parser says so).
fn read_limited(path: &Path, limit: usize) -> Option<String> {
    use std::io::Read;
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .ok()?
        .take(limit as u64 + 1)
        .read_to_end(&mut bytes)
        .ok()?;
    String::from_utf8(bytes).ok()
}
