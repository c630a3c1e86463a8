//! Every hostile case's time and peak memory (`cargo bench -p podscape-cli --bench hostile`):
//! each case runs in a process of its own (`podscape check|run`, or this binary decoding a link
//! as the app does), timed from spawn to exit, with its peak resident set from `wait4`. A figure
//! per case, not a gate; the target is ≤ 1 s and ≤ 256 MB each.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

#[path = "../../../tests/hostile/link_case.rs"]
mod link_case;

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/hostile")
}

/// The child's side of a link case: decode within a link's (or the storage's) limits, then parse.
fn open_link(path: &str) {
    use podscape_core::share;
    let text = std::fs::read_to_string(path).unwrap();
    let (limits, _, fragment) = link_case::read(&text);
    if let Ok(state) = share::decode(&fragment, limits) {
        if let Some(yaml) = state.yaml {
            std::hint::black_box(podscape_core::manifest::parse(&yaml));
        }
    }
}

/// Runs the command to its end: wall time and CPU time (user + system) in ms, peak RSS in MiB.
// The child is reaped by `wait4` (for its rusage), not by `Child::wait`.
#[allow(clippy::zombie_processes)]
fn measure(command: &mut Command) -> (f64, f64, f64, i32) {
    let started = Instant::now();
    let child = command
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawns");
    let mut status = 0;
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: waits for our own child by pid; `status` and `usage` are valid for writes.
    let pid = unsafe { libc::wait4(child.id() as libc::pid_t, &mut status, 0, &mut usage) };
    assert!(pid > 0, "wait4 failed");
    let ms = started.elapsed().as_secs_f64() * 1000.0;
    let code = if libc::WIFEXITED(status) {
        libc::WEXITSTATUS(status)
    } else {
        -1
    };
    let cpu = |t: libc::timeval| t.tv_sec as f64 * 1000.0 + t.tv_usec as f64 / 1000.0;
    let cpu_ms = cpu(usage.ru_utime) + cpu(usage.ru_stime);
    (ms, cpu_ms, usage.ru_maxrss as f64 / 1024.0, code)
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "--link") {
        open_link(&args[i + 1]);
        return;
    }
    let filter = args.iter().skip(1).find(|a| !a.starts_with('-')).cloned();
    let mut cases: Vec<PathBuf> = std::fs::read_dir(corpus())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.extension()
                .is_some_and(|e| e == "yaml" || e == "sh" || e == "link")
        })
        .filter(|p| {
            filter
                .as_ref()
                .is_none_or(|f| p.to_string_lossy().contains(f.as_str()))
        })
        .collect();
    cases.sort();
    let runs = 3;
    println!("| case | path | exit | wall time (median of {runs}) | CPU time | peak RSS |");
    println!("|---|---|---|---|---|---|");
    for case in cases {
        let name = case.file_name().unwrap().to_str().unwrap().to_string();
        let ext = case.extension().unwrap().to_str().unwrap().to_string();
        let mut samples = Vec::new();
        for _ in 0..runs {
            let mut command = match ext.as_str() {
                "yaml" => {
                    let mut c = Command::new(env!("CARGO_BIN_EXE_podscape"));
                    c.args(["check", &name]);
                    c
                }
                "sh" => {
                    let mut c = Command::new(env!("CARGO_BIN_EXE_podscape"));
                    c.args(["run", &name]);
                    c
                }
                _ => {
                    let mut c = Command::new(&args[0]);
                    c.args(["--link", &name]);
                    c
                }
            };
            samples.push(measure(command.current_dir(corpus())));
        }
        samples.sort_by(|a, b| a.0.total_cmp(&b.0));
        let (ms, cpu_ms, _, code) = samples[runs / 2];
        let rss = samples.iter().map(|s| s.2).fold(0.0, f64::max);
        let path = match ext.as_str() {
            "yaml" => "podscape check",
            "sh" => "podscape run",
            _ => "link: decode + parse",
        };
        println!("| {name} | {path} | {code} | {ms:.1} ms | {cpu_ms:.1} ms | {rss:.1} MiB |");
    }
}
