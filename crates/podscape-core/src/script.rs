//! Scripts: what `podscape run` executes against a fresh cluster, one shell-like command a line
//! (`kubectl …`, `sleep 30s`, `# comments`), producing a terminal transcript.
//!
//! Every run has one [`Budget`] (virtual time, output, commands; `budget.rs`), the same in the
//! CLI, the browser's terminal and script runner and an embedding page's messages. It is kept
//! by construction: each command runs with the cluster's clock bounded by the time left
//! ([`Cluster::set_deadline`]), so no sleep, watch or `rollout status` can run it further.

use serde::Serialize;

use crate::budget::{SCRIPT_COMMANDS, SCRIPT_OUTPUT_BYTES, SCRIPT_VIRTUAL_MS};
use crate::cluster::Cluster;
use crate::kubectl::{self, Output};

mod rewind;
pub use rewind::{classify, markers_text, Line, Rewind};

/// A script's sleep advances this much at a time: a step of its timeline.
const SLEEP_STEP_MS: u64 = 1_000;

/// Which part of a script's budget ran out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Spent {
    VirtualTime,
    Output,
    Commands,
}

/// What a run of a script may still spend: virtual time, bytes of output (stdout and stderr
/// together) and commands. Once one is spent, the command that spent it ends there with an
/// error and no later command runs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Budget {
    limit_ms: u64,
    limit_bytes: usize,
    limit_commands: usize,
    left_ms: u64,
    left_bytes: usize,
    left_commands: usize,
    spent: Option<Spent>,
}

impl Default for Budget {
    /// The budget of every script: `budget.rs`'s limits.
    fn default() -> Self {
        Budget::new(SCRIPT_VIRTUAL_MS, SCRIPT_OUTPUT_BYTES, SCRIPT_COMMANDS)
    }
}

impl Budget {
    /// A budget with smaller limits; none may exceed `budget.rs`'s.
    pub fn new(virtual_ms: u64, output_bytes: usize, commands: usize) -> Budget {
        let (ms, bytes, commands) = (
            virtual_ms.min(SCRIPT_VIRTUAL_MS),
            output_bytes.min(SCRIPT_OUTPUT_BYTES),
            commands.min(SCRIPT_COMMANDS),
        );
        Budget {
            limit_ms: ms,
            limit_bytes: bytes,
            limit_commands: commands,
            left_ms: ms,
            left_bytes: bytes,
            left_commands: commands,
            spent: None,
        }
    }

    /// What ran out, if anything did.
    pub fn spent(&self) -> Option<Spent> {
        self.spent
    }

    /// The virtual time the script may still advance.
    pub fn virtual_ms_left(&self) -> u64 {
        self.left_ms
    }

    /// The error a spent budget ends the script with, in the shell's `tool: message` form.
    pub fn message(&self) -> Option<String> {
        let what = match self.spent? {
            Spent::VirtualTime => format!("{} of virtual time", duration_text(self.limit_ms)),
            Spent::Output => format!("{} bytes of output", self.limit_bytes),
            Spent::Commands => format!("{} commands", self.limit_commands),
        };
        Some(format!(
            "podscape: the script's budget of {what} is spent: the remaining commands are not run\n"
        ))
    }
}

/// `10m`, `1m30s`, `1500ms`: a duration as `parse_duration` reads it back.
fn duration_text(ms: u64) -> String {
    if ms % 1000 != 0 {
        return format!("{ms}ms");
    }
    let (minutes, seconds) = (ms / 60_000, ms / 1000 % 60);
    match (minutes, seconds) {
        (0, s) => format!("{s}s"),
        (m, 0) => format!("{m}m"),
        (m, s) => format!("{m}m{s}s"),
    }
}

/// The longest prefix of `text` of at most `max` bytes that ends on a character boundary.
fn prefix(text: &str, max: usize) -> &str {
    let mut end = max.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// One executed command, as `--format json` prints it (one JSON object a line).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Step {
    pub t_ms: u64,
    pub command: String,
    pub exit_code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Parses `30s`, `2m`, `1500ms`, `1m30s` or a bare number of seconds.
pub fn parse_duration(text: &str) -> Option<u64> {
    if let Ok(seconds) = text.parse::<u64>() {
        return seconds.checked_mul(1000);
    }
    let mut total: u64 = 0;
    let mut rest = text;
    while !rest.is_empty() {
        let digits = rest.find(|c: char| !c.is_ascii_digit())?;
        if digits == 0 {
            return None;
        }
        let value: u64 = rest[..digits].parse().ok()?;
        rest = &rest[digits..];
        let unit_len = rest.find(|c: char| c.is_ascii_digit()).unwrap_or(rest.len());
        let factor = match &rest[..unit_len] {
            "ms" => 1,
            "s" => 1000,
            "m" => 60_000,
            "h" => 3_600_000,
            _ => return None,
        };
        total = total.checked_add(value.checked_mul(factor)?)?;
        rest = &rest[unit_len..];
    }
    Some(total)
}

/// `timeout D kubectl get … -w`: the list as it is, then a line for each object whose row changed
/// while the clock runs for `D` (each formatted on its own, as kubectl's watch prints it), then
/// `timeout`'s exit code 124. It ends early at the clock's deadline or once it has printed more
/// than `max_bytes`: the script's budget is then spent.
fn watch(
    cluster: &mut Cluster,
    ms: u64,
    words: &[&str],
    files: &dyn Fn(&str) -> Option<String>,
    max_bytes: usize,
) -> Output {
    let line: Vec<&str> = std::iter::once("kubectl")
        .chain(words.iter().copied().filter(|w| *w != "-w" && *w != "--watch"))
        .collect();
    let line = line.join(" ");
    let mut out = kubectl::run(cluster, &line, files);
    if out.exit_code != 0 || !(line.contains(" get ") || line.ends_with(" get")) {
        return out;
    }
    let mut seen = rows_by_name(&out.stdout);
    let age = out
        .stdout
        .lines()
        .next()
        .and_then(|h| h.split_whitespace().position(|c| c == "AGE"));
    // Rows equal but for AGE: compared cell by cell, nothing copied (a watch compares every
    // row every half second).
    let same_but_age = |a: &[String], b: &[String]| {
        a.len() == b.len()
            && a.iter()
                .zip(b)
                .enumerate()
                .all(|(i, (x, y))| Some(i) == age || x == y)
    };
    const STEP_MS: u64 = 500;
    let mut left = ms;
    while left > 0 {
        let step = left.min(STEP_MS);
        cluster.advance(step);
        left -= step;
        let now = kubectl::view(cluster, &line);
        for (name, cells) in rows_by_name(&now.stdout) {
            // An object changed, not the clock: AGE moving on is no watch event.
            let changed = seen.get(&name).is_none_or(|old| !same_but_age(old, &cells));
            if changed {
                out.stdout
                    .push_str(&crate::table::render(std::slice::from_ref(&cells)));
                seen.insert(name, cells);
            }
        }
        if cluster.past_deadline() || out.stdout.len() > max_bytes {
            break;
        }
    }
    out.exit_code = 124;
    out
}

/// The rows of a kubectl table, cut at the header's column starts, keyed by their first cell.
fn rows_by_name(table: &str) -> std::collections::BTreeMap<String, Vec<String>> {
    let mut lines = table.lines();
    let Some(header) = lines.next() else {
        return Default::default();
    };
    let bytes = header.as_bytes();
    let starts: Vec<usize> = (0..bytes.len())
        .filter(|&i| bytes[i] != b' ' && (i == 0 || (i >= 2 && bytes[i - 1] == b' ' && bytes[i - 2] == b' ')))
        .collect();
    lines
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let cells: Vec<String> = starts
                .iter()
                .enumerate()
                .map(|(i, &start)| {
                    let end = starts.get(i + 1).copied().unwrap_or(l.len()).min(l.len());
                    l.get(start.min(end)..end).unwrap_or("").trim().to_string()
                })
                .collect();
            (cells.first().cloned().unwrap_or_default(), cells)
        })
        .collect()
}

/// Runs one line within `budget` (a terminal's line is a script of its own: a fresh budget).
/// Blank lines and comments yield `None`. The command that spends the budget ends where it ran
/// out (its output cut there), with the budget's error and exit code 1; once spent, a line is
/// not run and yields that error.
pub fn run_line(
    cluster: &mut Cluster,
    line: &str,
    files: &dyn Fn(&str) -> Option<String>,
    budget: &mut Budget,
) -> Option<Step> {
    run_line_in(cluster, line, files, None, budget, None)
}

/// [`run_line`], recorded on `rewind`'s timeline (a line with a here-document carries its
/// `stdin`, what `-f -` reads).
fn run_line_in(
    cluster: &mut Cluster,
    line: &str,
    files: &dyn Fn(&str) -> Option<String>,
    stdin: Option<&str>,
    budget: &mut Budget,
    mut rewind: Option<&mut Rewind>,
) -> Option<Step> {
    let command = line.trim();
    if command.is_empty() || command.starts_with('#') {
        return None;
    }
    let t_ms = cluster.now_ms();
    if budget.spent.is_none() && budget.left_commands == 0 {
        budget.spent = Some(Spent::Commands);
    }
    if let Some(message) = budget.message() {
        return Some(Step {
            t_ms,
            command: command.to_string(),
            exit_code: 1,
            stdout: String::new(),
            stderr: message,
        });
    }
    budget.left_commands -= 1;
    let cap = t_ms.saturating_add(budget.left_ms);
    cluster.set_deadline(Some(cap));
    let max_bytes = budget.left_bytes;
    let mut output = dispatch(cluster, command, files, max_bytes, rewind.as_deref_mut());
    if let Some(rewind) = rewind {
        rewind.record(t_ms, cap, command, stdin, max_bytes, cluster, output.exit_code);
    }
    if cluster.past_deadline() {
        budget.spent = Some(Spent::VirtualTime);
    }
    cluster.set_deadline(None);
    budget.left_ms = budget
        .left_ms
        .saturating_sub(cluster.now_ms().saturating_sub(t_ms));
    let bytes = output.stdout.len().saturating_add(output.stderr.len());
    if bytes > budget.left_bytes {
        let stdout = prefix(&output.stdout, budget.left_bytes).len();
        output.stdout.truncate(stdout);
        let stderr = prefix(&output.stderr, budget.left_bytes - stdout).len();
        output.stderr.truncate(stderr);
        budget.left_bytes = 0;
        budget.spent.get_or_insert(Spent::Output);
    } else {
        budget.left_bytes -= bytes;
    }
    if let Some(message) = budget.message() {
        // The error starts a line of its own, even after output cut mid-line.
        let last = output.stderr.chars().last().or(output.stdout.chars().last());
        if last.is_some_and(|c| c != '\n') {
            output.stderr.push('\n');
        }
        output.stderr.push_str(&message);
        output.exit_code = 1;
    }
    Some(Step {
        t_ms,
        command: command.to_string(),
        exit_code: output.exit_code,
        stdout: output.stdout,
        stderr: output.stderr,
    })
}

/// One command, its clock bounded by the caller's deadline; `max_bytes` bounds what a watch
/// accumulates.
fn dispatch(
    cluster: &mut Cluster,
    command: &str,
    files: &dyn Fn(&str) -> Option<String>,
    max_bytes: usize,
    mut rewind: Option<&mut Rewind>,
) -> Output {
    match command.split_whitespace().collect::<Vec<_>>().as_slice() {
        // Any length: the clock stops at the deadline, and the budget's error says so. A
        // script's sleep advances a second at a time (whole ticks, so the run is the same),
        // each second a step of its timeline: `podscape seek` lands inside a sleep cheaply.
        ["sleep", duration] => match parse_duration(duration) {
            Some(ms) => {
                let until = cluster.now_ms().saturating_add(ms);
                while cluster.now_ms() < until && !cluster.past_deadline() {
                    let (t, chunk) = (cluster.now_ms(), (until - cluster.now_ms()).min(SLEEP_STEP_MS));
                    cluster.advance(chunk);
                    if let Some(rewind) = rewind.as_deref_mut() {
                        let cap = cluster.deadline_ms();
                        rewind.timeline.record(t, Line::Advance(chunk), cap, cluster, None);
                    }
                }
                Output::default()
            }
            None => Output {
                stderr: format!("sleep: invalid time interval '{duration}'\n"),
                exit_code: 1,
                ..Output::default()
            },
        },
        ["ssh", node, tool @ ..] => node_command(cluster, node, tool),
        // `kubectl get -w` never returns by itself; `timeout` is how a script bounds a watch.
        ["timeout", duration, "kubectl", rest @ ..] if rest.iter().any(|w| *w == "-w" || *w == "--watch") => {
            match parse_duration(duration) {
                Some(ms) => watch(cluster, ms, rest, files, max_bytes),
                None => Output {
                    stderr: format!("timeout: invalid time interval '{duration}'\n"),
                    exit_code: 125,
                    ..Output::default()
                },
            }
        }
        // `kubectl logs -f` and `port-forward` run until stopped; `timeout` bounds them as it
        // bounds a watch.
        ["timeout", duration, "kubectl", rest @ ..]
            if rest.first() == Some(&"port-forward")
                || (rest.first() == Some(&"logs")
                    && rest
                        .iter()
                        .any(|w| *w == "-f" || *w == "--follow" || *w == "--follow=true")) =>
        {
            match parse_duration(duration) {
                Some(ms) => {
                    let line = command.find("kubectl").map_or(command, |at| &command[at..]);
                    kubectl::run_follow(cluster, line, files, ms, max_bytes)
                }
                None => Output {
                    stderr: format!("timeout: invalid time interval '{duration}'\n"),
                    exit_code: 125,
                    ..Output::default()
                },
            }
        }
        // A port-forward in the background listens for the rest of the session.
        ["kubectl", "port-forward", .., "&"] => {
            let line = command.trim_end().trim_end_matches('&').trim_end();
            kubectl::run_background(cluster, line, files)
        }
        // curl on the machine hosting the nodes: an external client of NodePorts, and of a
        // port-forward on its loopback (which says so on the same terminal).
        ["curl", args @ ..] => {
            let host = crate::cluster::Client {
                node: String::new(),
                ip: crate::api::HOST_IP.to_string(),
                namespace: "default".into(),
            };
            let forwarded = crate::cluster::forwarded_port(cluster, args);
            let (exit_code, stdout, stderr) = crate::cluster::curl(cluster, &host, args);
            let handled = forwarded.map(|port| format!("Handling connection for {port}\n"));
            Output {
                stdout: handled.unwrap_or_default() + &stdout,
                stderr,
                exit_code,
            }
        }
        // Faults a learner injects; no kubectl command does these.
        ["podscape", "crash", pod] => fault(cluster.crash_container("default", pod), pod),
        ["podscape", "fail-readiness", pod] => {
            fault(cluster.set_readiness_failing("default", pod, true), pod)
        }
        ["podscape", "fix-readiness", pod] => {
            fault(cluster.set_readiness_failing("default", pod, false), pod)
        }
        ["podscape", "node-down", node] => fault(cluster.set_node_down(node, true), node),
        ["podscape", "node-up", node] => fault(cluster.set_node_down(node, false), node),
        ["podscape", "unpullable", image] => {
            cluster.set_image_pullable(image, false);
            Output::default()
        }
        ["podscape", "pullable", image] => {
            cluster.set_image_pullable(image, true);
            Output::default()
        }
        ["podscape", "flows", args @ ..] => flows(cluster, args),
        ["podscape", "why", args @ ..] => why_command(cluster, args, files),
        ["podscape", "seek", ..] | ["podscape", "timeline", ..] => match rewind {
            Some(rewind) => rewind.command(cluster, command, files),
            None => Output {
                stderr: "podscape: seek and timeline work in a script (`podscape run`); in the playground, use the timeline under the stage\n".into(),
                exit_code: 1,
                ..Output::default()
            },
        },
        ["podscape", "traffic", "rate", rate] => match rate.parse::<f64>() {
            Ok(r) if r.is_finite() && r >= 0.0 => {
                cluster.set_request_rate(r);
                Output::default()
            }
            _ => Output {
                stderr: format!("podscape: invalid rate {rate:?}: requests per second, 0 to 50\n"),
                exit_code: 2,
                ..Output::default()
            },
        },
        ["podscape", "traffic", "source", source] => match *source {
            "frontend" => {
                cluster.set_traffic_source(crate::cluster::Source::Frontend);
                Output::default()
            }
            "external" => {
                cluster.set_traffic_source(crate::cluster::Source::External);
                Output::default()
            }
            other => Output {
                stderr: format!("podscape: unknown traffic source {other:?} (frontend, external)\n"),
                exit_code: 2,
                ..Output::default()
            },
        },
        ["podscape", "proxy-mode", mode] => match *mode {
            "iptables" => set_mode(cluster, crate::proxy::ProxyMode::Iptables),
            "ipvs" => set_mode(cluster, crate::proxy::ProxyMode::Ipvs),
            "nftables" => set_mode(cluster, crate::proxy::ProxyMode::Nftables),
            other => Output {
                stderr: format!("podscape: unknown proxy mode {other:?} (iptables, ipvs, nftables)\n"),
                exit_code: 2,
                ..Output::default()
            },
        },
        _ => kubectl::run(cluster, command, files),
    }
}

/// `podscape why TARGET`: the chain of causes (`crate::why`).
fn why_command(cluster: &Cluster, args: &[&str], files: &dyn Fn(&str) -> Option<String>) -> Output {
    let (exit_code, stdout, stderr) = crate::why::command(cluster, args, files);
    Output {
        stdout,
        stderr,
        exit_code,
    }
}

/// The default window of `podscape flows`.
const FLOWS_WINDOW_MS: u64 = 60_000;

/// `podscape flows [-o json] [--since 60s]`: the flows of the window, a table (kubectl's
/// tabwriter) or one JSON object a line per edge.
fn flows(cluster: &Cluster, args: &[&str]) -> Output {
    let usage = |message: String| Output {
        stderr: format!("podscape: {message}\nUsage: podscape flows [-o json] [--since 60s]\n"),
        exit_code: 2,
        ..Output::default()
    };
    let mut json = false;
    let mut window = FLOWS_WINDOW_MS;
    let mut since = "60s".to_string();
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((f, v)) if f.starts_with('-') => (f, Some(v)),
            _ => (*arg, None),
        };
        let mut value = || inline.or_else(|| rest.next().copied());
        match flag {
            "-o" | "--output" => match value() {
                Some("json") => json = true,
                Some("table") => json = false,
                Some(other) => return usage(format!("unknown output format {other:?} (json)")),
                None => return usage("flag needs an argument: -o".into()),
            },
            "--since" => match value() {
                Some(text) => match parse_duration(text) {
                    Some(ms) => {
                        window = ms;
                        since = text.to_string();
                    }
                    None => return usage(format!("invalid duration {text:?}")),
                },
                None => return usage("flag needs an argument: --since".into()),
            },
            other => return usage(format!("unknown argument {other:?}")),
        }
    }
    let edges = cluster.flows(window);
    let quote = |s: &str| serde_json::to_string(s).unwrap_or_default();
    let stdout = if json {
        edges
            .iter()
            .map(|e| {
                format!(
                    "{{\"from\":{},\"service\":{},\"to\":{},\"requests\":{},\"served\":{},\"refused\":{},\"timed_out\":{},\"no_dns\":{},\"errors\":{}}}\n",
                    quote(&e.from),
                    quote(&e.service),
                    e.to.as_deref().map_or("null".to_string(), quote),
                    e.requests,
                    e.served,
                    e.refused,
                    e.timed_out,
                    e.no_dns,
                    e.errors
                )
            })
            .collect()
    } else if edges.is_empty() {
        format!("No flows in the last {since}.\n")
    } else {
        let mut rows = vec![[
            "FROM",
            "SERVICE",
            "TO",
            "REQUESTS",
            "SERVED",
            "REFUSED",
            "TIMED-OUT",
            "NO-DNS",
            "ERRORS",
        ]
        .iter()
        .map(|h| h.to_string())
        .collect::<Vec<_>>()];
        for e in &edges {
            rows.push(vec![
                e.from.clone(),
                e.service.clone(),
                e.to.clone().unwrap_or_else(|| "<none>".into()),
                e.requests.to_string(),
                e.served.to_string(),
                e.refused.to_string(),
                e.timed_out.to_string(),
                e.no_dns.to_string(),
                e.errors.to_string(),
            ]);
        }
        crate::table::render(&rows)
    };
    Output {
        stdout,
        ..Output::default()
    }
}

fn fault(found: bool, pod: &str) -> Output {
    if found {
        Output::default()
    } else {
        Output {
            stderr: format!("podscape: no running pod {pod:?} in namespace default\n"),
            exit_code: 1,
            ..Output::default()
        }
    }
}

fn set_mode(cluster: &mut Cluster, mode: crate::proxy::ProxyMode) -> Output {
    cluster.set_proxy_mode(mode);
    Output::default()
}

/// `ssh NODE iptables-save` and friends: what a learner would run on the node itself.
fn node_command(cluster: &Cluster, node: &str, tool: &[&str]) -> Output {
    use crate::proxy::{self, ProxyMode};
    if !cluster.nodes().iter().any(|n| n.name == node) {
        return Output {
            stderr: format!("ssh: Could not resolve hostname {node}: Name or service not known\n"),
            exit_code: 255,
            ..Output::default()
        };
    }
    let mode = cluster.proxy_mode();
    let input = cluster.proxy_input(node);
    let wrong_mode = |wanted: &str| Output {
        stderr: format!(
            "# podscape: kube-proxy on {node} runs in {mode:?} mode, not {wanted}; try `{}`\n",
            mode.render_command()
        ),
        exit_code: 1,
        ..Output::default()
    };
    match (tool, mode) {
        (["iptables-save"], ProxyMode::Iptables) => Output {
            stdout: proxy::render(mode, &input),
            ..Output::default()
        },
        (["iptables-save", "-t", table], ProxyMode::Iptables) => Output {
            stdout: proxy::iptables::iptables_save_table(&proxy::iptables::build_ruleset(&input), table),
            ..Output::default()
        },
        (["ipvsadm", "-Ln"], ProxyMode::Ipvs) => Output {
            stdout: proxy::render(mode, &input),
            ..Output::default()
        },
        (["ip", "addr", "show", "kube-ipvs0"], ProxyMode::Ipvs) => Output {
            stdout: proxy::ipvs::ip_addr_show_kube_ipvs0(&input),
            ..Output::default()
        },
        (["nft", "list", "ruleset"] | ["nft", "list", "table", "ip", "kube-proxy"], ProxyMode::Nftables) => {
            Output {
                stdout: proxy::render(mode, &input),
                ..Output::default()
            }
        }
        (["conntrack", "-L"], _) => {
            let (stdout, stderr) = cluster.conntrack_list(node);
            Output {
                stdout,
                stderr,
                ..Output::default()
            }
        }
        (["iptables-save", ..], _) => wrong_mode("iptables"),
        (["ipvsadm", ..] | ["ip", "addr", "show", "kube-ipvs0"], _) => wrong_mode("ipvs"),
        (["nft", ..], _) => wrong_mode("nftables"),
        _ => Output {
            stderr: format!(
                "bash: {}: command not found\n",
                tool.first().copied().unwrap_or("")
            ),
            exit_code: 127,
            ..Output::default()
        },
    }
}

/// Runs a whole script against a fresh cluster, within the default [`Budget`].
pub fn run(seed: u64, script: &str, files: &dyn Fn(&str) -> Option<String>) -> Vec<Step> {
    run_on(&mut Cluster::new(seed), script, files, &mut Budget::default())
}

/// Runs a script against `cluster` within `budget`: a step per command, the last one carrying
/// the budget's error if it was spent (the commands after it are not run).
pub fn run_on(
    cluster: &mut Cluster,
    script: &str,
    files: &dyn Fn(&str) -> Option<String>,
    budget: &mut Budget,
) -> Vec<Step> {
    run_recorded(cluster, script, files, budget, &mut Rewind::new(cluster))
}

/// [`run_on`], its inputs recorded on `rewind` (which the caller keeps: tests replay it).
pub fn run_recorded(
    cluster: &mut Cluster,
    script: &str,
    files: &dyn Fn(&str) -> Option<String>,
    budget: &mut Budget,
    rewind: &mut Rewind,
) -> Vec<Step> {
    let mut steps = Vec::new();
    let mut lines = script.lines();
    while budget.spent().is_none() {
        let Some(line) = lines.next() else { break };
        // A here-document (`kubectl apply -f - <<EOF` … `EOF`) is the command's stdin: `-f -`.
        if let Some((command, delimiter)) = heredoc(line) {
            let mut stdin = String::new();
            for body in lines.by_ref() {
                if body.trim_end() == delimiter {
                    break;
                }
                stdin.push_str(body);
                stdin.push('\n');
            }
            let with_stdin = |path: &str| {
                if path == "-" {
                    Some(stdin.clone())
                } else {
                    files(path)
                }
            };
            if let Some(mut step) =
                run_line_in(cluster, command, &with_stdin, Some(&stdin), budget, Some(rewind))
            {
                step.command = line.trim().to_string();
                steps.push(step);
            }
            continue;
        }
        steps.extend(run_line_in(cluster, line, files, None, budget, Some(rewind)));
    }
    steps
}

/// `COMMAND <<EOF` (or `<<'EOF'`, `<<"EOF"`): the command and the here-document's delimiter.
fn heredoc(line: &str) -> Option<(&str, &str)> {
    let (command, marker) = line.rsplit_once("<<")?;
    let delimiter = marker.trim().trim_matches(|c| c == '\'' || c == '"');
    let valid = !delimiter.is_empty() && delimiter.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    (valid && !command.trim().is_empty()).then(|| (command.trim(), delimiter))
}

/// A terminal transcript: `$ command`, then what it printed (stdout, then stderr).
pub fn transcript(steps: &[Step]) -> String {
    let mut out = String::new();
    for step in steps {
        out.push_str("$ ");
        out.push_str(&step.command);
        out.push('\n');
        out.push_str(&step.stdout);
        out.push_str(&step.stderr);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(parse_duration("30s"), Some(30_000));
        assert_eq!(parse_duration("1m30s"), Some(90_000));
        assert_eq!(parse_duration("1500ms"), Some(1_500));
        assert_eq!(parse_duration("5"), Some(5_000));
        assert_eq!(parse_duration("5x"), None);
        assert_eq!(parse_duration("s"), None);
        assert_eq!(parse_duration("99999999999999999999h"), None);
    }

    fn no_files(_: &str) -> Option<String> {
        None
    }

    /// Runs `script` against a fresh cluster: its steps and the virtual time it took.
    fn run_with(script: &str, budget: &mut Budget) -> (Vec<Step>, u64) {
        let mut cluster = Cluster::new(1);
        let start = cluster.now_ms();
        let steps = run_on(&mut cluster, script, &no_files, budget);
        assert_eq!(
            cluster.deadline_ms(),
            None,
            "the deadline is lifted after each command"
        );
        (steps, cluster.now_ms() - start)
    }

    const TIME_SPENT: &str =
        "podscape: the script's budget of 10m of virtual time is spent: the remaining commands are not run\n";

    #[test]
    fn sleeping_exactly_the_budget_passes_and_one_millisecond_more_fails() {
        let (steps, took) = run_with("sleep 9m\nsleep 1m\nkubectl get pods", &mut Budget::default());
        assert_eq!(took, SCRIPT_VIRTUAL_MS);
        assert_eq!(steps.len(), 3);
        assert!(steps.iter().all(|s| !s.stderr.contains("budget")), "{steps:?}");

        let (steps, took) = run_with("sleep 10m\nsleep 1ms\nkubectl get pods", &mut Budget::default());
        assert_eq!(took, SCRIPT_VIRTUAL_MS);
        assert_eq!(steps.len(), 2, "the command after the budget is not run");
        assert_eq!((steps[1].exit_code, steps[1].stderr.as_str()), (1, TIME_SPENT));
    }

    #[test]
    fn a_long_sleep_stops_at_the_budget() {
        let (steps, took) = run_with("sleep 5m\nsleep 99999h\nsleep 1s", &mut Budget::default());
        assert_eq!(took, SCRIPT_VIRTUAL_MS);
        assert_eq!(steps.len(), 2);
        assert_eq!(steps[1].stderr, TIME_SPENT);
    }

    #[test]
    fn streams_that_never_end_stop_at_the_budget() {
        // `logs -f`, a foreground port-forward and a wait of a week never end by themselves.
        let setup = "kubectl create deployment web --image=nginx\nsleep 10s\n";
        for line in [
            "timeout 24h kubectl logs -f deploy/web",
            "timeout 24h kubectl port-forward deploy/web 8080:80",
            "kubectl port-forward deploy/web 8080:80",
            "kubectl wait --for=condition=Available=false deploy/web --timeout=-1s",
        ] {
            let (steps, took) = run_with(
                &format!("{setup}{line}\nkubectl get pods"),
                &mut Budget::default(),
            );
            assert_eq!(took, SCRIPT_VIRTUAL_MS, "{line}");
            assert_eq!(steps.len(), 3, "{line}: nothing runs after the budget");
            assert!(steps[2].stderr.ends_with(TIME_SPENT), "{line}: {:?}", steps[2]);
        }
        // In the background a port-forward lets the script go on, and the host reaches the pod
        // (nginx answers its welcome page).
        let (steps, _) = run_with(
            &format!("{setup}kubectl port-forward deploy/web 8080:80 &\ncurl -s localhost:8080"),
            &mut Budget::default(),
        );
        assert!(
            steps[3]
                .stdout
                .starts_with("Handling connection for 8080\n<!DOCTYPE html>"),
            "{:?}",
            steps[3]
        );
    }

    #[test]
    fn a_watch_of_a_day_is_cut_at_the_budget() {
        let (steps, took) = run_with("timeout 24h kubectl get pods -A -w", &mut Budget::default());
        assert_eq!(took, SCRIPT_VIRTUAL_MS);
        assert_eq!(steps.len(), 1);
        assert!(steps[0].stdout.starts_with("NAMESPACE"), "{:?}", steps[0]);
        assert_eq!((steps[0].exit_code, steps[0].stderr.as_str()), (1, TIME_SPENT));
        // Within the budget a watch ends as `timeout` ends it.
        let (steps, took) = run_with("timeout 10m kubectl get pods -w", &mut Budget::default());
        assert_eq!((took, steps[0].exit_code), (SCRIPT_VIRTUAL_MS, 124));
    }

    #[test]
    fn the_time_budget_is_shared_by_the_commands_of_a_run() {
        let mut budget = Budget::new(90_000, SCRIPT_OUTPUT_BYTES, SCRIPT_COMMANDS);
        let (steps, took) = run_with("sleep 1m\ntimeout 1m kubectl get pods -w\nsleep 1s", &mut budget);
        assert_eq!(took, 90_000);
        assert_eq!(steps.len(), 2);
        assert_eq!(budget.spent(), Some(Spent::VirtualTime));
        assert!(
            steps[1].stderr.contains("budget of 1m30s of virtual time"),
            "{steps:?}"
        );
    }

    /// `sleep WORD` prints an error of a length the word sets: output of an exact size.
    fn output_of(word: &str) -> usize {
        format!("sleep: invalid time interval '{word}'\n").len()
    }

    #[test]
    fn output_exactly_at_the_budget_passes_and_one_byte_more_fails() {
        let script = "sleep xx\nsleep yyy\nsleep 1s";
        let exact = output_of("xx") + output_of("yyy");
        let (steps, _) = run_with(
            script,
            &mut Budget::new(SCRIPT_VIRTUAL_MS, exact, SCRIPT_COMMANDS),
        );
        assert_eq!(steps.len(), 3);
        assert!(steps.iter().all(|s| !s.stderr.contains("budget")), "{steps:?}");

        let mut budget = Budget::new(SCRIPT_VIRTUAL_MS, exact - 1, SCRIPT_COMMANDS);
        let (steps, took) = run_with(script, &mut budget);
        assert_eq!((steps.len(), took), (2, 0), "{steps:?}");
        assert_eq!(
            steps[1].stderr,
            format!(
                // The cut took the line's newline; the error still starts a line of its own.
                "sleep: invalid time interval 'yyy'\npodscape: the script's budget of {} bytes of output is spent: the remaining commands are not run\n",
                exact - 1
            )
        );
        assert_eq!(steps[1].exit_code, 1);
    }

    #[test]
    fn output_is_cut_on_a_character_boundary() {
        let word = "ééé";
        let budget_bytes = "sleep: invalid time interval 'é".len() + 1;
        let (steps, _) = run_with(
            &format!("sleep {word}"),
            &mut Budget::new(SCRIPT_VIRTUAL_MS, budget_bytes, SCRIPT_COMMANDS),
        );
        assert!(steps[0]
            .stderr
            .starts_with("sleep: invalid time interval 'é\npodscape: the script's budget"));
    }

    #[test]
    fn a_watch_stops_once_its_rows_exceed_the_output_left() {
        let mut budget = Budget::new(SCRIPT_VIRTUAL_MS, 100, SCRIPT_COMMANDS);
        let (steps, took) = run_with("timeout 10m kubectl get pods -A -w", &mut budget);
        assert_eq!(budget.spent(), Some(Spent::Output));
        assert!(took < SCRIPT_VIRTUAL_MS, "the watch did not run on: {took}");
        assert!(steps[0].stdout.len() <= 100);
    }

    #[test]
    fn the_command_past_the_last_one_allowed_is_not_run() {
        let (steps, took) = run_with(
            "sleep 1s\n# a comment\n\nsleep 1s",
            &mut Budget::new(SCRIPT_VIRTUAL_MS, SCRIPT_OUTPUT_BYTES, 2),
        );
        assert_eq!((steps.len(), took), (2, 2_000));
        let (steps, took) = run_with(
            "sleep 1s\nsleep 1s\nsleep 1s",
            &mut Budget::new(SCRIPT_VIRTUAL_MS, SCRIPT_OUTPUT_BYTES, 2),
        );
        assert_eq!((steps.len(), took), (3, 2_000));
        assert_eq!(
            (steps[2].exit_code, steps[2].stderr.as_str()),
            (
                1,
                "podscape: the script's budget of 2 commands is spent: the remaining commands are not run\n"
            )
        );
    }

    #[test]
    fn ten_thousand_commands_run_and_the_next_one_does_not() {
        let script = "sleep 0\n".repeat(SCRIPT_COMMANDS);
        let steps = run(1, &script, &no_files);
        assert_eq!(steps.len(), SCRIPT_COMMANDS);
        assert!(steps.iter().all(|s| s.exit_code == 0));
        let steps = run(1, &format!("{script}sleep 0\nsleep 0\n"), &no_files);
        assert_eq!(steps.len(), SCRIPT_COMMANDS + 1);
        let last = &steps[SCRIPT_COMMANDS];
        assert_eq!(last.exit_code, 1);
        assert!(
            last.stderr.contains("budget of 10000 commands is spent"),
            "{last:?}"
        );
    }

    #[test]
    fn a_spent_budget_refuses_every_later_line() {
        let mut cluster = Cluster::new(1);
        let mut budget = Budget::new(1_000, SCRIPT_OUTPUT_BYTES, SCRIPT_COMMANDS);
        run_line(&mut cluster, "sleep 2s", &no_files, &mut budget);
        let before = cluster.now_ms();
        let step = run_line(&mut cluster, "kubectl get pods", &no_files, &mut budget).unwrap();
        assert_eq!((step.exit_code, step.stdout.as_str()), (1, ""));
        assert_eq!(cluster.now_ms(), before);
        assert_eq!(run_line(&mut cluster, "# comment", &no_files, &mut budget), None);
    }

    #[test]
    fn a_budget_is_never_larger_than_budget_rs() {
        let budget = Budget::new(u64::MAX, usize::MAX, usize::MAX);
        assert_eq!(budget, Budget::default());
        assert_eq!(budget.virtual_ms_left(), SCRIPT_VIRTUAL_MS);
        let zero = Budget::new(0, 0, 0);
        let (steps, _) = run_with("kubectl get pods", &mut zero.clone());
        assert!(steps[0].stderr.contains("budget of 0 commands"), "{steps:?}");
    }

    #[test]
    fn durations_read_back() {
        for ms in [0, 1, 999, 1_000, 59_000, 60_000, 90_000, 600_000, 3_600_000] {
            assert_eq!(
                parse_duration(&duration_text(ms)),
                Some(ms),
                "{}",
                duration_text(ms)
            );
        }
        assert_eq!(duration_text(600_000), "10m");
    }
}
