//! `kubectl logs POD|deploy/NAME|-l SEL [-c C] [--tail=N] [-p] [--timestamps] [--prefix]
//! [--all-containers] [-f]`: what each known image writes, with times from the virtual clock.
//! nginx's entrypoint and startup notices and its access log (the `main` format of the
//! official image) for the requests it served; agnhost `serve-hostname` and `netexec`; a
//! shell's `echo` (once, or in a `while true` loop with `sleep`, the counter of the Kubernetes
//! logging docs included). Requests come from the cluster's bounded ring (`cluster/logs.rs`);
//! the rest follows from the container's start time and command. Other images print nothing
//! here (Podscape does not know their output).

use super::flags::Flags;
use super::get::labels_match;
use super::Output;
use crate::cluster::{Cluster, Pod};
use crate::sort::SmallSort;

/// The most lines one container's log is computed with (a tight loop is cut there).
const MAX_LINES: usize = 2_000;

/// One line a container wrote, and when.
struct Line {
    ms: u64,
    text: String,
}

/// A container's run: when it started and, for a previous one, when it exited.
#[derive(Clone, Copy)]
struct Run {
    start: u64,
    end: Option<u64>,
}

pub(super) fn logs(cluster: &Cluster, args: &[&str], flags: &Flags, namespace: &str) -> Output {
    render(cluster, args, flags, namespace, true)
}

/// The logs as kubectl prints them; `use_tail: false` ignores `--tail` (what `-f` streams after
/// its first lines).
fn render(cluster: &Cluster, args: &[&str], flags: &Flags, namespace: &str, use_tail: bool) -> Output {
    let tail = match flags.tail.as_deref().map(str::parse::<i64>) {
        None => None,
        Some(Ok(n)) if n < 0 => None,
        Some(Ok(n)) => Some(n as usize),
        Some(Err(_)) => {
            let t = flags.tail.as_deref().unwrap_or_default();
            return Output::err(format!(
                "error: invalid argument \"{t}\" for \"--tail\" flag: strconv.ParseInt: parsing \"{t}\": invalid syntax\nSee 'kubectl logs --help' for usage."
            ));
        }
    };
    let mut out = Output::default();
    let pods: Vec<&Pod> = if let Some(selector) = flags.selector.as_deref() {
        if !args.is_empty() {
            return Output::err("error: only one of -l or a pod can be given");
        }
        let mut pods: Vec<&Pod> = cluster
            .pods()
            .iter()
            .filter(|p| p.namespace == namespace && labels_match(selector, &p.labels))
            .map(|p| &**p)
            .collect();
        pods.small_sort_by_key(|p| p.name.clone());
        if pods.is_empty() {
            out.stderr
                .push_str(&format!("No resources found in {namespace} namespace.\n"));
            return out;
        }
        // kubectl's --max-log-requests defaults to 5 concurrent streams.
        if pods.len() > 5 && flags.follow {
            return Output::err(format!(
                "error: you are attempting to follow {} log streams, but maximum allowed concurrency is 5, use --max-log-requests to increase the limit",
                pods.len()
            ));
        }
        pods
    } else {
        match args {
            [target] | [target, _] => match pod_for(cluster, target, namespace) {
                Ok((pod, note)) => {
                    out.stderr.push_str(&note);
                    vec![pod]
                }
                Err(e) => return e,
            },
            [] => return Output::err("error: expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a required argument for the logs command\nSee 'kubectl logs -h' for help and examples"),
            _ => return Output::err("error: expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a required argument for the logs command\nSee 'kubectl logs -h' for help and examples"),
        }
    };
    // With a selector kubectl shows the last 10 lines of each unless --tail says otherwise.
    let tail = if flags.selector.is_some() && flags.tail.is_none() {
        Some(10)
    } else {
        tail
    };
    let tail = tail.filter(|_| use_tail);
    let container_arg = args.get(1).copied().or(flags.container.as_deref());
    let prefix = flags.prefix || (flags.selector.is_some() && flags.all_containers);
    for pod in pods {
        let names: Vec<&str> = pod.template.containers.iter().map(|c| c.name.as_str()).collect();
        let chosen: Vec<&str> = if flags.all_containers {
            names.clone()
        } else if let Some(c) = container_arg {
            if !names.contains(&c) {
                out.append(Output::err(format!(
                    "error: container {c} is not valid for pod {}",
                    pod.name
                )));
                return out;
            }
            vec![c]
        } else if names.len() > 1 && flags.selector.is_none() {
            // kubectl picks the default-container annotation's or the first, and says so.
            out.stderr.push_str(&format!(
                "Defaulted container \"{}\" out of: {}\n",
                names[0],
                names.join(", ")
            ));
            vec![names[0]]
        } else {
            names.iter().take(1).copied().collect()
        };
        for container in chosen {
            match container_log(cluster, pod, container, flags.previous) {
                Ok(lines) => {
                    let skip = tail.map_or(0, |t| lines.len().saturating_sub(t));
                    for line in &lines[skip..] {
                        if prefix {
                            out.stdout.push_str(&format!("[pod/{}/{container}] ", pod.name));
                        }
                        if flags.timestamps {
                            out.stdout.push_str(&rfc3339_nano(line.ms));
                            out.stdout.push(' ');
                        }
                        out.stdout.push_str(&line.text);
                        out.stdout.push('\n');
                    }
                }
                Err(e) => {
                    // kubectl stops at the first stream that fails.
                    out.append(Output::err(e));
                    return out;
                }
            }
        }
    }
    out
}

/// The pod a `logs` target names: `POD`, `pod/POD`, or one pod of `deploy/NAME` (a running
/// one first, as kubectl's `AttachablePodForObject` sorts them), with kubectl's note when it
/// chose among several.
fn pod_for<'a>(cluster: &'a Cluster, target: &str, namespace: &str) -> Result<(&'a Pod, String), Output> {
    let (kind, name) = target.split_once('/').unwrap_or(("pod", target));
    match kind {
        "pod" | "pods" | "po" => cluster
            .pods()
            .iter()
            .find(|p| p.namespace == namespace && p.name == name)
            .map(|p| (&**p, String::new()))
            .ok_or_else(|| Output::err(format!("Error from server (NotFound): pods \"{name}\" not found"))),
        "deploy" | "deployment" | "deployments" | "deployment.apps" => {
            if cluster.deployment(namespace, name).is_none() {
                return Err(Output::err(format!(
                    "Error from server (NotFound): deployments.apps \"{name}\" not found"
                )));
            }
            let sets: Vec<&str> = cluster
                .replica_sets()
                .iter()
                .filter(|rs| rs.owner == name && rs.namespace == namespace)
                .map(|rs| rs.name.as_str())
                .collect();
            let mut pods: Vec<&Pod> = cluster
                .pods()
                .iter()
                .filter(|p| p.namespace == namespace && p.owner.as_deref().is_some_and(|o| sets.contains(&o)))
                .map(|p| &**p)
                .collect();
            pods.small_sort_by_key(by_logging);
            match pods.as_slice() {
                [] => Err(Output::err("error: timed out waiting for the condition")),
                [only] => Ok((only, String::new())),
                [first, ..] => Ok((
                    first,
                    format!("Found {} pods, using pod/{}\n", pods.len(), first.name),
                )),
            }
        }
        other => Err(Output::err(format!(
            "error: cannot get the logs from {other}: logs are simulated for pods and deployments here"
        ))),
    }
}

/// `podutils.ByLogging`, the order kubectl picks a pod to show in: assigned first, running
/// before pending, ready before not, ready longer, more restarts, older.
pub(super) fn by_logging(p: &&Pod) -> (bool, bool, bool, u64, std::cmp::Reverse<u32>, u64, String) {
    (
        p.node.is_none(),
        p.status() != "Running",
        !p.ready,
        p.ready_since_ms.unwrap_or(u64::MAX),
        std::cmp::Reverse(p.restarts),
        p.created_ms,
        p.name.clone(),
    )
}

/// The lines of one container of a pod (its current run, or the previous with `previous`), or
/// the API server's error.
fn container_log(cluster: &Cluster, pod: &Pod, container: &str, previous: bool) -> Result<Vec<Line>, String> {
    let main = pod
        .template
        .containers
        .first()
        .is_some_and(|c| c.name == container);
    let status = pod.status();
    let run = if previous {
        match (main, pod.last_run_ms) {
            (true, Some((start, end))) => Run { start, end: Some(end) },
            _ => {
                return Err(format!(
                    "Error from server (BadRequest): previous terminated container \"{container}\" in pod \"{}\" not found",
                    pod.name
                ))
            }
        }
    } else if matches!(status, "Error" | "Completed" | "CrashLoopBackOff") {
        // A container that exited (for good, or waiting to restart): the logs are its last run.
        match pod.last_run_ms {
            Some((start, end)) => Run {
                start,
                end: Some(end),
            },
            None => Run {
                start: cluster.now_ms(),
                end: Some(cluster.now_ms()),
            },
        }
    } else {
        match pod.started_ms {
            Some(start) if pod.phase == crate::cluster::PodPhase::Running => Run { start, end: None },
            _ => {
                // A pod no node has taken has no kubelet to ask: the API server answers with an
                // empty log (`LogLocation` without a host).
                if pod.node.is_none() {
                    return Ok(Vec::new());
                }
                // The kubelet's `validateContainerLogStatus` words.
                let reason = match status {
                    "ErrImagePull" => "image can't be pulled",
                    "ImagePullBackOff" => "trying and failing to pull image",
                    "Pending" => "ContainerCreating",
                    other => other,
                };
                return Err(format!(
                    "Error from server (BadRequest): container \"{container}\" in pod \"{}\" is waiting to start: {reason}",
                    pod.name
                ));
            }
        }
    };
    // Simplified: Podscape runs each pod's first container; the others have written nothing.
    let Some(spec) = pod
        .template
        .containers
        .iter()
        .find(|c| c.name == container)
        .filter(|_| main)
    else {
        return Ok(Vec::new());
    };
    let now = cluster.now_ms();
    let end = run.end.unwrap_or(now).min(now);
    let words: Vec<&str> = spec
        .command
        .iter()
        .chain(&spec.args)
        .map(String::as_str)
        .collect();
    let image = spec.image.rsplit('/').next().unwrap_or(&spec.image);
    let image_name = image.split([':', '@']).next().unwrap_or(image);
    let served = || {
        cluster
            .served_requests(&pod.uid)
            .filter(move |r| r.ms >= run.start && r.ms <= end)
    };
    // What an HTTP server saw: the requests it served and its kubelet's httpGet probes.
    let hits = || {
        let mut hits: Vec<Hit> = served()
            .map(|r| Hit {
                ms: r.ms,
                client_ip: r.client_ip.clone(),
                path: r.path.clone(),
                user_agent: r.user_agent,
                status: r.status,
            })
            .collect();
        hits.extend(probe_hits(cluster, pod, spec, run.start, end));
        hits.small_sort_by_key(|h| h.ms);
        hits
    };
    let mut lines = Vec::new();
    if let Some(script) = shell_script(&words) {
        lines = shell_lines(&script, &pod.name, run.start, end);
        if let Some(client) = crate::cluster::client_loop(spec) {
            lines = with_client_output(lines, cluster, pod, &script, (run.start, end), client.period_ms);
        }
    } else if words
        .first()
        .is_some_and(|w| w.rsplit('/').next() == Some("echo"))
    {
        // `kubectl run hello --image=busybox -- echo hi`: what it echoed, once.
        lines.push(Line {
            ms: run.start,
            text: words[1..].join(" "),
        });
    } else if image_name == "nginx" && spec.image.split('/').count() <= 2 && words.is_empty() {
        let version = nginx_version(image);
        lines.extend(nginx_startup(&version, run.start));
        for r in hits() {
            let status = r.status;
            let bytes = match status {
                404 => 153,
                502 => 157,
                _ => 615,
            };
            lines.push(Line {
                ms: r.ms,
                text: format!(
                    "{} - - [{}] \"GET {} HTTP/1.1\" {status} {bytes} \"-\" \"{}\" \"-\"",
                    r.client_ip,
                    nginx_time(r.ms),
                    r.path,
                    r.user_agent
                ),
            });
        }
    } else if image_name == "httpd" && words.is_empty() {
        // The official image's start (no ServerName: the AH00558 warning, once per config
        // read), then its access log in the common format. Simplified: `tid 1`.
        let ip = pod.ip.clone().unwrap_or_default();
        for _ in 0..2 {
            lines.push(Line {
                ms: run.start,
                text: format!("AH00558: httpd: Could not reliably determine the server's fully qualified domain name, using {ip}. Set the 'ServerName' directive globally to suppress this message"),
            });
        }
        let stamp = apache_time(run.start);
        lines.push(Line {
            ms: run.start,
            text: format!("[{stamp}] [mpm_event:notice] [pid 1:tid 1] AH00489: Apache/2.4.65 (Unix) configured -- resuming normal operations"),
        });
        lines.push(Line {
            ms: run.start,
            text: format!(
                "[{stamp}] [core:notice] [pid 1:tid 1] AH00094: Command line: 'httpd -D FOREGROUND'"
            ),
        });
        for r in hits() {
            let bytes = if r.status == 404 { 196 } else { 45 };
            lines.push(Line {
                ms: r.ms,
                text: format!(
                    "{} - - [{}] \"GET {} HTTP/1.1\" {} {bytes}",
                    r.client_ip,
                    nginx_time(r.ms),
                    r.path,
                    r.status
                ),
            });
        }
    } else if image_name == "agnhost" {
        let port_of = |flag: &str, default: u16| {
            words
                .iter()
                .find_map(|w| w.strip_prefix(flag).and_then(|p| p.parse::<u16>().ok()))
                .unwrap_or(default)
        };
        if words.contains(&"netexec") {
            lines.push(Line {
                ms: run.start,
                text: format!(
                    "{} Started HTTP server on port {}",
                    go_time(run.start),
                    port_of("--http-port=", 8080)
                ),
            });
            lines.push(Line {
                ms: run.start,
                text: format!(
                    "{} Started UDP server on port  {}",
                    go_time(run.start),
                    port_of("--udp-port=", 8081)
                ),
            });
            for r in hits() {
                let route = r.path.split('?').next().unwrap_or("/");
                let known = [
                    "/clientip",
                    "/echo",
                    "/exit",
                    "/healthz",
                    "/hostname",
                    "/hostName",
                    "/shell",
                    "/upload",
                    "/shutdown",
                    "/dial",
                ];
                let shown = if known.contains(&route) { route } else { "/" };
                lines.push(Line {
                    ms: r.ms,
                    text: format!("{} GET {shown}", go_time(r.ms)),
                });
            }
        } else if words.contains(&"serve-hostname") {
            lines.push(Line {
                ms: run.start,
                text: format!(
                    "{} Serving on port {}.",
                    go_time(run.start),
                    port_of("--port=", 9376)
                ),
            });
            for r in served() {
                lines.push(Line {
                    ms: r.ms,
                    text: format!(
                        "{} HTTP request from {}:{}",
                        go_time(r.ms),
                        r.client_ip,
                        r.client_port
                    ),
                });
            }
        }
    }
    lines.small_sort_by_key(|l| l.ms);
    Ok(lines)
}

/// A request an HTTP server in a container answered.
struct Hit {
    ms: u64,
    client_ip: String,
    path: String,
    user_agent: &'static str,
    status: u16,
}

/// The kubelet's httpGet probes of a container's run, up to `end`: each from the node's
/// address on the pod's network (the gateway of its pod CIDR, which kindnet gives the host
/// side of each pod's veth), every period from the initial delay. Simplified: every probe is
/// logged as answered, whatever faults were injected meanwhile.
fn probe_hits(
    cluster: &Cluster,
    pod: &Pod,
    spec: &crate::manifest::Container,
    start: u64,
    end: u64,
) -> Vec<Hit> {
    let Some(gateway) = pod
        .node
        .as_ref()
        .and_then(|n| cluster.nodes().iter().find(|node| &node.name == n))
        .map(|n| n.pod_cidr().replace(".0/24", ".1"))
    else {
        return Vec::new();
    };
    let mut hits = Vec::new();
    for probe in [&spec.readiness_probe, &spec.liveness_probe]
        .into_iter()
        .flatten()
    {
        let crate::manifest::ProbeHandler::HttpGet { path, .. } = &probe.handler else {
            continue;
        };
        let period = (probe.period_seconds.max(1) as u64).saturating_mul(1000);
        let first = start.saturating_add((probe.initial_delay_seconds.max(0) as u64).saturating_mul(1000));
        if first > end {
            continue;
        }
        let count = (end - first) / period + 1;
        // Only the last lines can show: the older probes are skipped, not computed.
        for i in count.saturating_sub(MAX_LINES as u64)..count {
            hits.push(Hit {
                ms: first.saturating_add(i.saturating_mul(period)),
                client_ip: gateway.clone(),
                // As nginx would answer it (the others do not log a status).
                status: if matches!(path.as_str(), "/" | "/index.html") {
                    200
                } else {
                    404
                },
                path: path.clone(),
                user_agent: "kube-probe/1.35",
            });
        }
    }
    hits
}

/// The script of `sh -c SCRIPT` (or `bash -c`, `/bin/sh -c`), or of a bare `echo …` command.
/// A client loop's output merged with its echoes: what `wget -qO-` or `curl -s` printed for
/// each request the ring still holds (the body, or the program's error), as one stream: a body
/// without a final newline runs on into the next output, as in a real log. Simplified: the
/// progress lines of `wget` without `-q` and of `curl` without `-s` are not printed.
fn with_client_output(
    echoes: Vec<Line>,
    cluster: &Cluster,
    pod: &Pod,
    script: &str,
    (start, end): (u64, u64),
    period_ms: u64,
) -> Vec<Line> {
    let mut chunks: Vec<(u64, u8, String)> = echoes
        .into_iter()
        .map(|l| (l.ms, 1, format!("{}\n", l.text)))
        .collect();
    // A request is sent in the tick its iteration started in: its output belongs to that
    // iteration, before the echoes that follow it in the loop.
    let iteration = |ms: u64| start + (ms - start) / period_ms.max(1) * period_ms.max(1);
    for r in cluster
        .sent_requests(&pod.uid)
        .filter(|r| r.ms >= start && r.ms <= end)
    {
        if let Some(text) = client_output(script, r) {
            chunks.push((iteration(r.ms), 0, text));
        }
    }
    chunks.small_sort_by_key(|c| (c.0, c.1));
    let mut lines: Vec<Line> = Vec::new();
    let mut open = false;
    for (ms, _, text) in chunks {
        for piece in text.split_inclusive('\n') {
            let (body, ends) = match piece.strip_suffix('\n') {
                Some(b) => (b, true),
                None => (piece, false),
            };
            match lines.last_mut() {
                Some(last) if open => last.text.push_str(body),
                _ => lines.push(Line {
                    ms,
                    text: body.to_string(),
                }),
            }
            open = !ends;
        }
    }
    if lines.len() > MAX_LINES {
        lines.drain(..lines.len() - MAX_LINES);
    }
    lines
}

/// What the client's program printed for one request (stdout and stderr, as `kubectl logs`
/// shows both): busybox wget's and curl's own words.
fn client_output(script: &str, r: &crate::cluster::SentRequest) -> Option<String> {
    use crate::cluster::Sent;
    // The flags of the loop's statement that names this host (else its first client).
    let statement = script
        .split([';', '\n', '&', '|'])
        .map(str::trim)
        .filter(|s| {
            s.starts_with("wget")
                || s.starts_with("curl")
                || s.starts_with("do wget")
                || s.starts_with("do curl")
        })
        .find(|s| s.contains(r.host.as_str()))
        .or_else(|| {
            script
                .split([';', '\n'])
                .map(str::trim)
                .find(|s| s.contains("wget") || s.contains("curl"))
        })?;
    let statement = statement.trim_start_matches("do ").trim();
    let short_flags = |flag: char| {
        statement.split_whitespace().any(|w| {
            w.starts_with('-')
                && !w.starts_with("--")
                && w[1..]
                    .chars()
                    .take_while(|c| c.is_ascii_alphabetic())
                    .any(|c| c == flag)
        })
    };
    let (host, port, ip) = (&r.host, r.port, &r.address);
    if statement.starts_with("wget") {
        let quiet = short_flags('q');
        let connecting =
            (!quiet && r.sent != Sent::NoDns).then(|| format!("Connecting to {host} ({ip}:{port})\n"));
        let rest = match &r.sent {
            Sent::Pending => return None,
            Sent::Answered(status, body) if *status < 400 => body.clone(),
            Sent::Answered(status, _) => {
                format!(
                    "wget: server returned error: HTTP/1.1 {status} {}\n",
                    reason(*status)
                )
            }
            Sent::Refused => format!("wget: can't connect to remote host ({ip}): Connection refused\n"),
            Sent::TimedOut => format!("wget: can't connect to remote host ({ip}): Connection timed out\n"),
            Sent::NoDns => format!("wget: bad address '{host}'\n"),
        };
        return Some(connecting.unwrap_or_default() + &rest);
    }
    let silent = short_flags('s') && !short_flags('S') && !statement.contains("--show-error");
    let fail = short_flags('f') || statement.contains("--fail");
    let error = |text: String| (!silent).then_some(text);
    match &r.sent {
        Sent::Pending => None,
        Sent::Answered(status, _) if fail && *status >= 400 => {
            error(format!("curl: (22) The requested URL returned error: {status}\n"))
        }
        Sent::Answered(_, body) => Some(body.clone()),
        Sent::Refused => error(format!(
            "curl: (7) Failed to connect to {host} port {port} after 0 ms: Couldn't connect to server\n"
        )),
        Sent::TimedOut => error(format!(
            "curl: (28) Failed to connect to {host} port {port} after 130 s: Connection timed out\n"
        )),
        Sent::NoDns => error(format!("curl: (6) Could not resolve host: {host}\n")),
    }
}

/// The reason phrase busybox wget quotes from the status line.
pub(super) fn reason(status: u16) -> &'static str {
    match status {
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        417 => "Expectation Failed",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "",
    }
}

fn shell_script(words: &[&str]) -> Option<String> {
    let shell = words.first().is_some_and(|w| {
        let base = w.rsplit('/').next().unwrap_or(w);
        matches!(base, "sh" | "bash" | "ash")
    });
    if shell {
        let at = words.iter().position(|w| *w == "-c")?;
        return words.get(at + 1).map(|s| s.to_string());
    }
    (words.first() == Some(&"echo")).then(|| words.join(" "))
}

/// A shell statement Podscape follows.
enum Statement {
    Echo(String),
    Date,
    Sleep(u64),
    /// `NAME=$((NAME+1))`.
    Increment(String),
    Other,
}

fn statements(text: &str) -> Vec<Statement> {
    text.split([';', '\n'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| {
            let s = s.trim_start_matches("do ").trim();
            if let Some(rest) = s.strip_prefix("echo") {
                if rest.is_empty() || rest.starts_with(' ') {
                    return Statement::Echo(rest.trim().to_string());
                }
            }
            if s == "date" {
                return Statement::Date;
            }
            if let Some(n) = s.strip_prefix("sleep ") {
                let n = n.trim().trim_end_matches('s');
                if let Ok(secs) = n.parse::<f64>() {
                    return Statement::Sleep((secs.clamp(0.0, 1e9) * 1000.0) as u64);
                }
            }
            if let Some((name, value)) = s.split_once('=') {
                let increment = format!("$(({name}+1))");
                let increment_spaced = format!("$(({name} + 1))");
                if value == increment || value == increment_spaced {
                    return Statement::Increment(name.to_string());
                }
            }
            Statement::Other
        })
        .collect()
}

/// What a shell script echoes between `start` and `end`: the statements before a
/// `while true; do …; done` loop once, then the loop's body every period (its sleeps).
fn shell_lines(script: &str, pod: &str, start: u64, end: u64) -> Vec<Line> {
    let (before, body) = match script.find("while ") {
        Some(at) => {
            let rest = &script[at..];
            let body_start = rest.find("do").map_or(rest.len(), |i| i + 2);
            let body_end = rest.rfind("done").unwrap_or(rest.len()).max(body_start);
            (&script[..at], Some(&rest[body_start..body_end]))
        }
        None => (script, None),
    };
    let mut variables: Vec<(String, i64)> = Vec::new();
    for assignment in before.split([';', '\n']).map(str::trim) {
        if let Some((name, value)) = assignment.split_once('=') {
            if let Ok(n) = value.trim().parse::<i64>() {
                if name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                    variables.push((name.to_string(), n));
                }
            }
        }
    }
    let mut lines = Vec::new();
    let mut t = start;
    let run =
        |statements: &[Statement], t: &mut u64, vars: &mut Vec<(String, i64)>, lines: &mut Vec<Line>| {
            for statement in statements {
                if *t > end || lines.len() >= MAX_LINES {
                    return;
                }
                match statement {
                    Statement::Echo(text) => lines.push(Line {
                        ms: *t,
                        text: expand(text, pod, *t, vars),
                    }),
                    Statement::Date => lines.push(Line {
                        ms: *t,
                        text: busybox_date(*t),
                    }),
                    Statement::Sleep(ms) => *t = t.saturating_add(*ms),
                    Statement::Increment(name) => {
                        if let Some(v) = vars.iter_mut().find(|(n, _)| n == name) {
                            v.1 += 1;
                        }
                    }
                    Statement::Other => {}
                }
            }
        };
    let once = statements(before);
    run(&once, &mut t, &mut variables, &mut lines);
    if let Some(body) = body {
        let body = statements(body);
        let period: u64 = body
            .iter()
            .map(|s| if let Statement::Sleep(ms) = s { *ms } else { 0 })
            .fold(0u64, u64::saturating_add);
        if let Some(iterations) = end.saturating_sub(t).checked_div(period) {
            // Skip whole iterations that cannot show (only the last MAX_LINES are kept).
            let per = body
                .iter()
                .filter(|s| matches!(s, Statement::Echo(_) | Statement::Date))
                .count()
                .max(1) as u64;
            let total = iterations + 1;
            let keep = (MAX_LINES as u64 / per).max(1);
            if total > keep {
                let skipped = total - keep;
                t = t.saturating_add(skipped.saturating_mul(period));
                let increments = body
                    .iter()
                    .filter(|s| matches!(s, Statement::Increment(_)))
                    .count() as i64;
                for v in variables.iter_mut() {
                    v.1 = v.1.saturating_add(increments.saturating_mul(skipped as i64));
                }
            }
        } else {
            // A loop without a sleep prints as fast as it can: all at its start, up to the cap.
            let has_output = body
                .iter()
                .any(|s| matches!(s, Statement::Echo(_) | Statement::Date));
            if !has_output {
                return lines;
            }
        }
        while t <= end && lines.len() < MAX_LINES {
            let before = (t, lines.len());
            run(&body, &mut t, &mut variables, &mut lines);
            if (t, lines.len()) == before {
                break;
            }
        }
    }
    lines
}

/// Expands what echo prints: quotes removed, `$(hostname)`/`$HOSTNAME` as the pod's name,
/// `$(date)`, and the script's counters.
fn expand(text: &str, pod: &str, ms: u64, vars: &[(String, i64)]) -> String {
    let mut s = text
        .replace("$(hostname)", pod)
        .replace("$HOSTNAME", pod)
        .replace("${HOSTNAME}", pod);
    if s.contains("$(date)") {
        s = s.replace("$(date)", &busybox_date(ms));
    }
    for (name, value) in vars {
        s = s.replace(&format!("${{{name}}}"), &value.to_string());
        s = s.replace(&format!("${name}"), &value.to_string());
    }
    s.chars().filter(|c| *c != '"' && *c != '\'').collect()
}

/// The calendar fields of a virtual time: (year, month 1-12, day, hour, minute, second).
fn fields(ms: u64) -> (String, usize, u32, String) {
    // table::timestamp: 2026-01-01T00:01:00Z.
    let t = crate::table::timestamp(ms);
    let month: usize = t.get(5..7).and_then(|m| m.parse().ok()).unwrap_or(1);
    let day: u32 = t.get(8..10).and_then(|d| d.parse().ok()).unwrap_or(1);
    (
        t.get(0..4).unwrap_or("2026").to_string(),
        month,
        day,
        t.get(11..19).unwrap_or("00:00:00").to_string(),
    )
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// Go's log prefix: `2026/01/01 00:01:00`.
fn go_time(ms: u64) -> String {
    let (year, month, day, time) = fields(ms);
    format!("{year}/{month:02}/{day:02} {time}")
}

/// nginx's `$time_local`: `01/Jan/2026:00:01:00 +0000`.
fn nginx_time(ms: u64) -> String {
    let (year, month, day, time) = fields(ms);
    format!("{day:02}/{}/{year}:{time} +0000", MONTHS[month.clamp(1, 12) - 1])
}

/// Apache's error log time: `Thu Jan 01 00:01:00.000000 2026`.
fn apache_time(ms: u64) -> String {
    let (year, month, day, time) = fields(ms);
    let weekday = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"][((ms / 86_400_000) % 7) as usize];
    format!(
        "{weekday} {} {day:02} {time}.{:06} {year}",
        MONTHS[month.clamp(1, 12) - 1],
        (ms % 1000) * 1000
    )
}

/// busybox `date`: `Thu Jan  1 00:01:00 UTC 2026` (2026-01-01 is a Thursday).
fn busybox_date(ms: u64) -> String {
    let (year, month, day, time) = fields(ms);
    let weekday = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"][((ms / 86_400_000) % 7) as usize];
    format!(
        "{weekday} {} {day:>2} {time} UTC {year}",
        MONTHS[month.clamp(1, 12) - 1]
    )
}

/// The kubelet's `--timestamps`: RFC 3339 with nanoseconds, trailing zeros trimmed.
fn rfc3339_nano(ms: u64) -> String {
    let t = crate::table::timestamp(ms);
    let base = t.trim_end_matches('Z');
    match ms % 1000 {
        0 => format!("{base}Z"),
        frac => format!("{base}.{}Z", format!("{frac:03}").trim_end_matches('0')),
    }
}

use crate::cluster::images::nginx_version;

/// What the official image prints as it starts: its entrypoint's steps, then nginx's notices
/// (the master is PID 1; kind's nodes have as many CPUs as the host, four here).
fn nginx_startup(version: &str, ms: u64) -> Vec<Line> {
    let entrypoint = [
        "/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration",
        "/docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/",
        "/docker-entrypoint.sh: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh",
        "10-listen-on-ipv6-by-default.sh: info: Getting the checksum of /etc/nginx/conf.d/default.conf",
        "10-listen-on-ipv6-by-default.sh: info: Enabled listen on IPv6 in /etc/nginx/conf.d/default.conf",
        "/docker-entrypoint.sh: Sourcing /docker-entrypoint.d/15-local-resolvers.envsh",
        "/docker-entrypoint.sh: Launching /docker-entrypoint.d/20-envsubst-on-templates.sh",
        "/docker-entrypoint.sh: Launching /docker-entrypoint.d/30-tune-worker-processes.sh",
        "/docker-entrypoint.sh: Configuration complete; ready for start up",
    ];
    // Simplified: the compiler and kernel lines name the image's Debian release and a typical
    // kind host; a real cluster prints its own.
    let gcc = if version.starts_with("1.29") {
        "built by gcc 14.2.0 (Debian 14.2.0-19) "
    } else {
        "built by gcc 12.2.0 (Debian 12.2.0-14) "
    };
    let stamp = go_time(ms);
    let notices = [
        "using the \"epoll\" event method".to_string(),
        format!("nginx/{version}"),
        gcc.to_string(),
        "OS: Linux 6.8.0-60-generic".to_string(),
        "getrlimit(RLIMIT_NOFILE): 1048576:1048576".to_string(),
        "start worker processes".to_string(),
        "start worker process 29".to_string(),
        "start worker process 30".to_string(),
        "start worker process 31".to_string(),
        "start worker process 32".to_string(),
    ];
    entrypoint
        .iter()
        .map(|l| Line {
            ms,
            text: l.to_string(),
        })
        .chain(notices.into_iter().map(|n| Line {
            ms,
            text: format!("{stamp} [notice] 1#1: {n}"),
        }))
        .collect()
}

/// `timeout D kubectl logs -f …`: what the logs hold, then each new line as the clock runs for
/// `D`, then `timeout`'s exit code 124; it ends early at the clock's deadline or past
/// `max_bytes`.
pub(super) fn follow(
    cluster: &mut Cluster,
    args: &[&str],
    flags: &Flags,
    namespace: &str,
    ms: u64,
    max_bytes: usize,
) -> Output {
    let mut out = render(cluster, args, flags, namespace, true);
    if out.exit_code != 0 {
        return out;
    }
    let mut seen = render(cluster, args, flags, namespace, false).stdout;
    const STEP_MS: u64 = 1_000;
    let mut left = ms;
    while left > 0 {
        let step = left.min(STEP_MS);
        cluster.advance(step);
        left -= step;
        let now = render(cluster, args, flags, namespace, false).stdout;
        // The lines that are new: those beyond as many equal lines as were seen (several
        // pods' logs interleave; a ring that dropped old lines drops nothing new).
        let mut counts: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
        for line in seen.lines() {
            *counts.entry(line).or_default() += 1;
        }
        for line in now.lines() {
            match counts.get_mut(line) {
                Some(n) if *n > 0 => *n -= 1,
                _ => {
                    out.stdout.push_str(line);
                    out.stdout.push('\n');
                }
            }
        }
        seen = now;
        if cluster.past_deadline() || out.stdout.len() > max_bytes {
            break;
        }
    }
    out.exit_code = 124;
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_logging_docs_counter_counts_every_second() {
        let script = "i=0; while true; do echo \"$i: $(date)\"; i=$((i+1)); sleep 1; done";
        let lines = shell_lines(script, "counter", 60_000, 62_500);
        let texts: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "0: Thu Jan  1 00:01:00 UTC 2026",
                "1: Thu Jan  1 00:01:01 UTC 2026",
                "2: Thu Jan  1 00:01:02 UTC 2026"
            ]
        );
    }

    #[test]
    fn a_long_loop_keeps_its_last_lines_and_its_count() {
        let script = "i=0; while true; do echo $i; i=$((i+1)); sleep 0.01; done";
        let lines = shell_lines(script, "p", 0, 600_000);
        assert_eq!(lines.len(), MAX_LINES);
        assert_eq!(lines.last().map(|l| l.text.as_str()), Some("60000"));
        assert_eq!(lines.first().map(|l| l.text.as_str()), Some("58001"));
        assert!(shell_lines("while true; do :; done", "p", 0, 10).is_empty());
    }

    #[test]
    fn times_as_each_program_prints_them() {
        assert_eq!(go_time(61_000), "2026/01/01 00:01:01");
        assert_eq!(nginx_time(61_000), "01/Jan/2026:00:01:01 +0000");
        assert_eq!(rfc3339_nano(61_250), "2026-01-01T00:01:01.25Z");
        assert_eq!(rfc3339_nano(61_000), "2026-01-01T00:01:01Z");
        assert_eq!(busybox_date(86_400_000 * 3), "Sun Jan  4 00:00:00 UTC 2026");
        assert_eq!(nginx_version("nginx:1.27"), "1.27.5");
        assert_eq!(nginx_version("nginx:1.26.2-alpine"), "1.26.2");
    }
}
