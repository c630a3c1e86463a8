//! Scripts: what `podscape run` executes against a fresh cluster, one shell-like command a line
//! (`kubectl …`, `sleep 30s`, `# comments`), producing a terminal transcript.

use serde::Serialize;

use crate::cluster::Cluster;
use crate::kubectl::{self, Output};

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

/// The longest a single `sleep` may advance the clock: a typo must not hang a docs pipeline.
pub const MAX_SLEEP_MS: u64 = 24 * 3_600_000;

/// `timeout D kubectl get … -w`: the list as it is, then a line for each object whose row changed
/// while the clock runs for `D` (each formatted on its own, as kubectl's watch prints it), then
/// `timeout`'s exit code 124.
fn watch(cluster: &mut Cluster, ms: u64, words: &[&str], files: &dyn Fn(&str) -> Option<String>) -> Output {
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
    let without_age = |cells: &[String], age: Option<usize>| -> Vec<String> {
        cells
            .iter()
            .enumerate()
            .filter(|(i, _)| Some(*i) != age)
            .map(|(_, c)| c.clone())
            .collect()
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
            let changed = seen
                .get(&name)
                .is_none_or(|old| without_age(old, age) != without_age(&cells, age));
            if changed {
                out.stdout
                    .push_str(&crate::table::render(std::slice::from_ref(&cells)));
                seen.insert(name, cells);
            }
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

/// Runs one line. Blank lines and comments yield `None`.
pub fn run_line(cluster: &mut Cluster, line: &str, files: &dyn Fn(&str) -> Option<String>) -> Option<Step> {
    let command = line.trim();
    if command.is_empty() || command.starts_with('#') {
        return None;
    }
    let t_ms = cluster.now_ms();
    let output = match command.split_whitespace().collect::<Vec<_>>().as_slice() {
        ["sleep", duration] => match parse_duration(duration) {
            Some(ms) if ms <= MAX_SLEEP_MS => {
                cluster.advance(ms);
                Output::default()
            }
            Some(_) => Output {
                stderr: "sleep: at most 24h at a time\n".into(),
                exit_code: 1,
                ..Output::default()
            },
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
                Some(ms) if ms <= MAX_SLEEP_MS => watch(cluster, ms, rest, files),
                _ => Output {
                    stderr: format!("timeout: invalid time interval '{duration}'\n"),
                    exit_code: 125,
                    ..Output::default()
                },
            }
        }
        // curl on the machine hosting the nodes: an external client of NodePorts.
        ["curl", args @ ..] => {
            let host = crate::cluster::Client {
                node: String::new(),
                ip: kubectl::HOST_IP.to_string(),
                namespace: "default".into(),
            };
            let (exit_code, stdout, stderr) = kubectl::curl(cluster, &host, args);
            Output {
                stdout,
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
    };
    Some(Step {
        t_ms,
        command: command.to_string(),
        exit_code: output.exit_code,
        stdout: output.stdout,
        stderr: output.stderr,
    })
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

/// Runs a whole script against a fresh cluster.
pub fn run(seed: u64, script: &str, files: &dyn Fn(&str) -> Option<String>) -> Vec<Step> {
    let mut cluster = Cluster::new(seed);
    let mut steps = Vec::new();
    let mut lines = script.lines();
    while let Some(line) = lines.next() {
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
            if let Some(mut step) = run_line(&mut cluster, command, &with_stdin) {
                step.command = line.trim().to_string();
                steps.push(step);
            }
            continue;
        }
        steps.extend(run_line(&mut cluster, line, files));
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
}
