//! `kubectl run`: a bare pod from flags (kubectl's generator: label `run=NAME`, one container
//! named NAME), `--dry-run=client -o yaml`, and the throwaway pod of the tutorials
//! (`--rm -it --restart=Never -- CMD`): wait for it to run, print what CMD prints, delete it.
//! Also what a container's command prints (`env`, `printenv`, `echo`, `cat`, `sh -c`, …), for
//! `run` and `kubectl exec` alike.

use serde_json::{json, Value};

use super::flags::Flags;
use super::Output;
use crate::cluster::{Cluster, Pod, PodPhase, TICK_MS};

/// kubectl's `--pod-running-timeout` default: how long it waits for the pod to run.
const POD_RUNNING_TIMEOUT_MS: u64 = 60_000;

pub(super) fn run(cluster: &mut Cluster, args: &[&str], flags: &Flags, namespace: &str) -> Output {
    let Some((name, command)) = args.split_first() else {
        return Output::err("error: NAME is required for run\nSee 'kubectl run -h' for help and examples");
    };
    let Some(image) = flags.images.first() else {
        return Output::err("error: required flag(s) \"image\" not set");
    };
    let restart = flags.restart.as_deref().unwrap_or("Always");
    if !matches!(restart, "Always" | "OnFailure" | "Never") {
        return Output::err(format!("error: invalid restart policy: {restart}"));
    }
    let attach = flags.attach.unwrap_or(flags.stdin);
    if flags.tty && !flags.stdin {
        return Output::err("error: -i/--stdin is required for containers with -t/--tty=true");
    }
    if flags.rm && !attach {
        return Output::err("error: --rm should only be used for attached containers");
    }
    if let Some(mode) = &flags.dry_run {
        if !matches!(mode.as_str(), "client" | "server" | "none") {
            return Output::err(format!(
                "error: Invalid dry-run value ({mode}). Must be \"none\", \"server\", or \"client\"."
            ));
        }
        if mode != "none" && attach {
            return Output::err("error: --dry-run=[server|client] can't be used with attached containers options (--attach, --stdin, or --tty)");
        }
    }
    let pod = generate(name, image, command, flags, restart);
    if flags.dry_run.as_deref().is_some_and(|m| m != "none") {
        return match flags.output.as_deref() {
            Some("yaml") => Output::ok(crate::yaml_out::to_yaml(&pod)),
            Some("json") => Output::ok(format!(
                "{}\n",
                serde_json::to_string_pretty(&pod).unwrap_or_default()
            )),
            Some("name") => Output::ok(format!("pod/{name}\n")),
            _ => Output::ok(format!("pod/{name} created (dry run)\n")),
        };
    }
    if cluster.pod(namespace, name).is_some() {
        return Output::err(format!(
            "Error from server (AlreadyExists): pods \"{name}\" already exists"
        ));
    }
    let mut applied = pod;
    applied["metadata"]["namespace"] = json!(namespace);
    let created = super::mutate::created(
        cluster,
        &applied.to_string(),
        "Pod",
        name,
        format!("pod/{name} created\n"),
    );
    if created.exit_code != 0 || !attach {
        return created;
    }
    attach_and_run(cluster, name, namespace, command, flags, restart)
}

/// The Pod kubectl's generator makes (`generateRun`), as `--dry-run=client -o yaml` prints it.
fn generate(name: &str, image: &str, command: &[&str], flags: &Flags, restart: &str) -> Value {
    let mut labels = serde_json::Map::new();
    // `kubectl run` spells `--labels` `-l` (elsewhere `-l` is a selector).
    match flags.labels.as_ref().or(flags.selector.as_ref()) {
        Some(text) => {
            for pair in text.split(',') {
                if let Some((k, v)) = pair.split_once('=') {
                    labels.insert(k.to_string(), json!(v));
                }
            }
        }
        None => {
            labels.insert("run".into(), json!(name));
        }
    }
    let mut container = json!({"image": image, "name": name, "resources": {}});
    if !command.is_empty() {
        let key = if flags.command { "command" } else { "args" };
        container[key] = json!(command);
    }
    if !flags.env.is_empty() {
        let env: Vec<Value> = flags
            .env
            .iter()
            .map(|e| match e.split_once('=') {
                Some((k, v)) => json!({"name": k, "value": v}),
                None => json!({"name": e}),
            })
            .collect();
        container["env"] = json!(env);
    }
    if let Some(port) = &flags.port {
        let port: Value = port.parse::<i64>().map_or_else(|_| json!(port), |p| json!(p));
        container["ports"] = json!([{"containerPort": port}]);
    }
    if flags.stdin {
        container["stdin"] = json!(true);
        container["stdinOnce"] = json!(true);
    }
    if flags.tty {
        container["tty"] = json!(true);
    }
    json!({
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": {"labels": labels, "name": name},
        "spec": {"containers": [container], "dnsPolicy": "ClusterFirst", "restartPolicy": restart},
        "status": {},
    })
}

/// Attached: wait for the pod to run, run the command in it, print its output; with `--rm`,
/// delete the pod; with a restart policy that lets the pod end, exit with the container's code.
fn attach_and_run(
    cluster: &mut Cluster,
    name: &str,
    namespace: &str,
    command: &[&str],
    flags: &Flags,
    restart: &str,
) -> Output {
    let mut waited = 0;
    while waited < POD_RUNNING_TIMEOUT_MS && !cluster.past_deadline() {
        match cluster.pod(namespace, name) {
            Some(p) if p.phase != PodPhase::Pending && p.status() != "CreateContainerConfigError" => break,
            Some(_) => {}
            None => return Output::err(format!("Error from server (NotFound): pods \"{name}\" not found")),
        }
        cluster.advance(TICK_MS);
        waited += TICK_MS;
    }
    let mut out = Output::default();
    let mut failed = String::new();
    let running = cluster
        .pod(namespace, name)
        .is_some_and(|p| p.phase == PodPhase::Running && p.status() == "Running");
    if !running {
        failed = "error: timed out waiting for the condition\n".into();
        out.exit_code = 1;
    } else {
        if flags.tty {
            out.stderr.push_str("All commands and output from this session will be recorded in container logs, including credentials and sensitive information passed through the command prompt.\nIf you don't see a command prompt, try pressing enter.\n");
        }
        let (code, stdout, stderr) = match cluster.pod(namespace, name).cloned() {
            Some(pod) if command.is_empty() => default_command(&pod),
            Some(pod) => container_command(cluster, &pod, command),
            None => (0, String::new(), String::new()),
        };
        out.stdout.push_str(&stdout);
        out.stderr.push_str(&stderr);
        // The command was the container's: it has ended, and so has the container.
        cluster.exit_container(namespace, name, code);
        cluster.advance(TICK_MS);
        // kubectl waits for the exit code only when the pod can end (`waitForExitCode`), and
        // then fails with the container's code (`CodeExitError`, printed as is).
        if restart != "Always" && code != 0 {
            out.exit_code = code;
            failed = format!("pod {namespace}/{name} terminated (Error)\n");
        }
    }
    // `removeCreatedObjects` runs (deferred) before kubectl prints the error.
    if flags.rm && cluster.delete_pod(namespace, name) {
        out.stdout
            .push_str(&format!("pod \"{name}\" deleted from {namespace} namespace\n"));
    }
    out.stderr.push_str(&failed);
    out
}

/// What an attached container prints when it runs its image's own command.
fn default_command(pod: &Pod) -> (i32, String, String) {
    let image = pod.image.rsplit('/').next().unwrap_or("");
    if image.starts_with("curl") {
        return (
            2,
            String::new(),
            "curl: try 'curl --help' or 'curl --manual' for more information\n".into(),
        );
    }
    // A shell reads the terminal, which Podscape does not simulate: the session ends at once.
    (0, String::new(), String::new())
}

/// Runs `argv` in `pod`'s container as its programs would (busybox's where the image has it):
/// its exit code, stdout and stderr. The network tools go through the data plane.
pub(super) fn container_command(cluster: &mut Cluster, pod: &Pod, argv: &[&str]) -> (i32, String, String) {
    command_at(cluster, pod, argv, 0)
}

/// How deep `sh -c` may nest in `sh -c` (each level is a stack frame).
const MAX_SHELL_DEPTH: usize = 8;

fn command_at(cluster: &mut Cluster, pod: &Pod, argv: &[&str], depth: usize) -> (i32, String, String) {
    let ok = |s: String| (0, s, String::new());
    let program = argv.first().map_or("", |p| p.rsplit('/').next().unwrap_or(p));
    let args = argv.get(1..).unwrap_or(&[]);
    match program {
        "env" if args.is_empty() => ok(pod.env.iter().map(|(k, v)| format!("{k}={v}\n")).collect()),
        "printenv" if args.is_empty() => ok(pod.env.iter().map(|(k, v)| format!("{k}={v}\n")).collect()),
        "printenv" => {
            let found: Vec<&str> = args
                .iter()
                .filter_map(|a| pod.env.iter().find(|(k, _)| k == a).map(|(_, v)| v.as_str()))
                .collect();
            let code = if found.len() == args.len() { 0 } else { 1 };
            (code, found.iter().map(|v| format!("{v}\n")).collect(), String::new())
        }
        "echo" => match args.split_first() {
            Some((&"-n", rest)) => ok(rest.join(" ")),
            _ => ok(format!("{}\n", args.join(" "))),
        },
        "true" => ok(String::new()),
        "false" => (1, String::new(), String::new()),
        "hostname" => ok(format!("{}\n", pod.name)),
        "cat" => {
            let mut out = (0, String::new(), String::new());
            for path in args {
                match read(cluster, pod, path) {
                    Some(text) => out.1.push_str(&text),
                    None => {
                        out.0 = 1;
                        out.2.push_str(&format!("cat: can't open '{path}': No such file or directory\n"));
                    }
                }
            }
            out
        }
        "ls" => {
            let dir = args.iter().find(|a| !a.starts_with('-')).copied().unwrap_or("/");
            match cluster.list_dir(pod, dir) {
                Some(files) => ok(files.iter().map(|(k, _)| format!("{k}\n")).collect()),
                None => (
                    1,
                    String::new(),
                    format!("ls: {dir}: No such file or directory\n"),
                ),
            }
        }
        "sh" | "bash" | "ash" => match args {
            ["-c", _, ..] if depth >= MAX_SHELL_DEPTH => (2, String::new(), "sh: nested too deep\n".into()),
            ["-c", script, ..] => shell(cluster, pod, script, depth + 1),
            _ => ok(String::new()),
        },
        "nslookup" => match args.last() {
            Some(name) => crate::cluster::nslookup(cluster, name, &pod.namespace),
            None => (1, String::new(), "BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.\n\nUsage: nslookup [-type=QUERY_TYPE] [-debug] HOST [DNS_SERVER]\n".into()),
        },
        "curl" => {
            let client = client_of(pod);
            crate::cluster::curl(cluster, &client, args)
        }
        "wget" => {
            let url = args.iter().find(|a| !a.starts_with('-')).copied().unwrap_or("");
            let client = client_of(pod);
            let host = url.trim_start_matches("http://").split(['/', ':']).next().unwrap_or(url);
            // busybox wget's own words for what curl reports (the connect's errno, the status).
            let result = crate::cluster::curl(cluster, &client, &["-f", url]);
            let ip = || {
                cluster
                    .resolve(host, &pod.namespace)
                    .and_then(|(_, ips)| ips.first().cloned())
                    .unwrap_or_else(|| host.to_string())
            };
            let error = match result {
                (0, body, _) => return ok(body),
                (6, _, _) => format!("wget: bad address '{host}'"),
                (7, _, _) => format!("wget: can't connect to remote host ({}): Connection refused", ip()),
                (28, _, _) => format!("wget: can't connect to remote host ({}): Connection timed out", ip()),
                (_, _, err) => {
                    let status = err.trim_end().rsplit(' ').next().and_then(|s| s.parse::<u16>().ok()).unwrap_or(500);
                    format!("wget: server returned error: HTTP/1.1 {status} {}", super::logs::reason(status))
                }
            };
            (1, String::new(), error + "\n")
        }
        _ => (
            127,
            String::new(),
            format!("OCI runtime exec failed: exec failed: unable to start container process: exec: \"{program}\": executable file not found in $PATH: unknown\n"),
        ),
    }
}

fn client_of(pod: &Pod) -> crate::cluster::Client {
    crate::cluster::Client {
        node: pod.node.clone().unwrap_or_default(),
        ip: pod.ip.clone().unwrap_or_default(),
        namespace: pod.namespace.clone(),
    }
}

/// The files a container has beyond its volumes: what the kubelet writes for every pod.
fn read(cluster: &Cluster, pod: &Pod, path: &str) -> Option<String> {
    match path {
        "/etc/hostname" => Some(format!("{}\n", pod.name)),
        "/etc/resolv.conf" => Some(format!(
            "search {}.svc.cluster.local svc.cluster.local cluster.local\nnameserver {}\noptions ndots:5\n",
            pod.namespace,
            crate::cluster::DNS_IP
        )),
        _ => cluster.read_file(pod, path),
    }
}

/// `sh -c SCRIPT`, for simple scripts: commands separated by `;`, `&&` or `||`, with `$VAR`
/// and `${VAR}` from the container's environment. Pipes, loops and redirections are not
/// simulated.
fn shell(cluster: &mut Cluster, pod: &Pod, script: &str, depth: usize) -> (i32, String, String) {
    let mut out = (0, String::new(), String::new());
    let mut rest = script;
    let mut run_next = true;
    for _ in 0..64 {
        if rest.trim().is_empty() {
            break;
        }
        let (part, sep, tail) = split_command(rest);
        if run_next {
            let expanded = expand(part, &pod.env);
            let words = super::split_words(&expanded).unwrap_or_default();
            let argv: Vec<&str> = words.iter().map(String::as_str).collect();
            let (code, stdout, stderr) = match argv.first() {
                None => (0, String::new(), String::new()),
                Some(&"exit") => {
                    let code = argv.get(1).and_then(|c| c.parse().ok()).unwrap_or(out.0);
                    return (code, out.1, out.2);
                }
                Some(_) => {
                    let (code, stdout, stderr) = command_at(cluster, pod, &argv, depth);
                    // A shell names a missing program its own way.
                    if code == 127 {
                        (127, stdout, format!("sh: {}: not found\n", argv[0]))
                    } else {
                        (code, stdout, stderr)
                    }
                }
            };
            out = (code, out.1 + &stdout, out.2 + &stderr);
        }
        run_next = match sep {
            "&&" => out.0 == 0,
            "||" => out.0 != 0,
            _ => true,
        };
        rest = tail;
    }
    out
}

/// The first command of a script and the separator after it, outside quotes.
fn split_command(script: &str) -> (&str, &str, &str) {
    let mut quote = None;
    for (i, c) in script.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '\'' | '"') => quote = Some(c),
            (None, ';') => return (&script[..i], ";", &script[i + 1..]),
            (None, '&') if script[i..].starts_with("&&") => return (&script[..i], "&&", &script[i + 2..]),
            (None, '|') if script[i..].starts_with("||") => return (&script[..i], "||", &script[i + 2..]),
            _ => {}
        }
    }
    (script, "", "")
}

/// `$NAME` and `${NAME}` from `env`; unset variables expand to nothing.
fn expand(text: &str, env: &[(String, String)]) -> String {
    let mut out = String::new();
    let mut chars = text.char_indices().peekable();
    let mut in_single = false;
    while let Some((i, c)) = chars.next() {
        if c == '\'' {
            in_single = !in_single;
        }
        if c != '$' || in_single {
            out.push(c);
            continue;
        }
        let rest = &text[i + 1..];
        let (name, used) = if let Some(inner) = rest.strip_prefix('{') {
            match inner.find('}') {
                Some(end) => (&inner[..end], end + 2),
                None => ("", 0),
            }
        } else {
            let end = rest
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(rest.len());
            (&rest[..end], end)
        };
        if name.is_empty() {
            out.push('$');
            continue;
        }
        if let Some((_, v)) = env.iter().find(|(k, _)| k == name) {
            out.push_str(v);
        }
        for _ in 0..used {
            chars.next();
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_shell_expands_variables_and_splits_commands() {
        let env = vec![("A".to_string(), "1".to_string())];
        assert_eq!(expand("echo $A ${A}x '$A' $B", &env), "echo 1 1x '$A' ");
        assert_eq!(split_command("echo a && echo b"), ("echo a ", "&&", " echo b"));
        assert_eq!(split_command("echo 'a;b'; x"), ("echo 'a;b'", ";", " x"));
    }
}
