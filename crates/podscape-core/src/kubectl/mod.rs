//! kubectl: an interpreter for the commands learners type and training docs print, with
//! kubectl's own output formats and error messages. This room dispatches (`run`, `view`,
//! `apply_text`, help and unknown commands); each kind of command has a room of its own.

mod complete;
mod config;
mod describe;
mod diff;
mod explain;
mod explain_table;
mod flags;
mod get;
mod jsonpath;
mod logs;
mod mutate;
mod namespaces;
mod patch;
mod port_forward;
mod query;
mod run;
mod wait;
mod wire;

use crate::cluster::{Cluster, PodPhase};
use crate::sort::SmallSort;

pub use complete::complete;
/// `diff -u`'s hunks between two texts (`podscape compare` prints its differences so).
pub(crate) use diff::unified as unified_diff;
pub use flags::split_words;
use flags::{parse_flags, Resource};
pub use jsonpath::JsonPath;

/// What a command printed and how it exited, like a shell sees it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Output {
    pub stdout: String,
    pub stderr: String,
    pub exit_code: i32,
}

impl Output {
    /// Another command's output after this one's; the worst exit code wins.
    fn append(&mut self, other: Output) {
        self.stdout.push_str(&other.stdout);
        self.stderr.push_str(&other.stderr);
        self.exit_code = self.exit_code.max(other.exit_code);
    }

    fn ok(stdout: impl Into<String>) -> Output {
        Output {
            stdout: stdout.into(),
            ..Output::default()
        }
    }

    fn err(stderr: impl Into<String>) -> Output {
        let mut stderr = stderr.into();
        if !stderr.ends_with('\n') {
            stderr.push('\n');
        }
        Output {
            stderr,
            exit_code: 1,
            ..Output::default()
        }
    }
}

/// Runs one kubectl command line. `files` resolves `-f` paths (the editor's text in the
/// browser, files next to the script in the CLI).
pub fn run(cluster: &mut Cluster, line: &str, files: &dyn Fn(&str) -> Option<String>) -> Output {
    let Some(words) = split_words(line) else {
        return Output::err("error: unterminated quote");
    };
    let words = match words.first().map(String::as_str) {
        Some("kubectl" | "k") => &words[1..],
        _ => {
            return Output::err(format!(
                "{}: command not found",
                words.first().map_or("", |w| w.as_str())
            ))
        }
    };
    // cobra finds the command before it parses flags: a command Podscape does not simulate (or
    // no command at all) is answered as such whatever flags follow it.
    if let Some(verb) = words.first().filter(|w| !w.starts_with('-')) {
        if !SIMULATED.contains(&verb.as_str()) {
            return not_simulated(verb, words.get(1).map(String::as_str));
        }
    }
    let flags = parse_flags(words);
    if let Some(flag) = flags.unknown.first() {
        return Output::err(format!(
            "error: unknown flag: {flag}\nSee 'kubectl --help' for usage."
        ));
    }
    let namespace = flags
        .namespace
        .clone()
        .unwrap_or_else(|| cluster.context_namespace().to_string());
    let args: Vec<&str> = flags.positional.iter().map(String::as_str).collect();
    match args.as_slice() {
        [] => Output::ok(HELP),
        ["get", rest @ ..] => get::get(cluster, rest, &flags, &namespace),
        ["apply"] => mutate::apply(cluster, &flags, files, &namespace),
        ["create", "namespace" | "ns", name] => namespaces::create(cluster, name),
        ["create", "namespace" | "ns", ..] => Output::err("error: exactly one NAME is required, got 0"),
        ["config", rest @ ..] => namespaces::config(cluster, rest, &flags),
        ["diff"] => diff::diff(cluster, &flags.files, files),
        ["scale", rest @ ..] => mutate::scale(cluster, rest, &flags, &namespace),
        ["delete", rest @ ..] => mutate::delete(cluster, rest, &flags, &namespace, files),
        ["set", "image", target, assignments @ ..] => mutate::set_image(cluster, target, assignments, &namespace),
        ["rollout", verb, target] => mutate::rollout(cluster, verb, target, &flags, &namespace),
        ["exec", pod, command @ ..] => exec(cluster, pod, command, &namespace),
        ["run", rest @ ..] => run::run(cluster, rest, &flags, &namespace),
        ["describe", rest @ ..] => describe::describe(cluster, rest, &namespace),
        ["explain", rest @ ..] => explain::explain(rest, flags.recursive),
        ["api-resources"] => api_resources(&flags),
        ["create", "ingress" | "ing", name] => mutate::create_ingress(cluster, name, &flags, &namespace),
        ["create", "ingress" | "ing"] => Output::err("error: exactly one NAME is required, got 0"),
        ["create", "deployment" | "deploy", rest @ ..] => mutate::create_deployment(cluster, rest, &flags, &namespace),
        ["create", "configmap" | "cm", name] => config::create(cluster, false, name, &flags, &namespace, files),
        ["create", "secret", "generic", name] => config::create(cluster, true, name, &flags, &namespace, files),
        ["create", "configmap" | "cm"] | ["create", "secret", "generic"] => {
            Output::err("error: exactly one NAME is required, got 0")
        }
        ["create", "secret", ..] => Output::err("error: create secret is simulated for generic secrets here: kubectl create secret generic NAME --from-literal=KEY=VALUE"),
        ["expose", kind, name] if Resource::parse(kind) == Some(Resource::Deployments) => {
            mutate::expose(cluster, name, &flags, &namespace)
        }
        ["expose", target] if target.starts_with("deployment/") || target.starts_with("deploy/") => {
            mutate::expose(cluster, target.split_once('/').map_or("", |(_, n)| n), &flags, &namespace)
        }
        ["expose", ..] => Output::err(
            "error: expose is simulated for deployments here: kubectl expose deployment NAME --port=80",
        ),
        ["port-forward", rest @ ..] => {
            port_forward::port_forward(cluster, rest, &namespace, port_forward::Lifetime::For(None))
        }
        ["logs", rest @ ..] => logs::logs(cluster, rest, &flags, &namespace),
        ["wait", rest @ ..] => wait::wait(cluster, rest, &flags, &namespace),
        ["patch", rest @ ..] => patch::patch(cluster, rest, &flags, &namespace),
        ["label", rest @ ..] => mutate::label(cluster, rest, flags.overwrite, &namespace),
        ["create", ..] => Output::err("error: create is simulated for deployments, ingresses, namespaces, configmaps and secrets here: kubectl create deployment NAME --image=IMAGE, kubectl create ingress NAME --rule=host/path=service:port, kubectl create namespace NAME, kubectl create configmap NAME --from-literal=KEY=VALUE, kubectl create secret generic NAME --from-literal=KEY=VALUE"),
        ["annotate", rest @ ..] => mutate::annotate(cluster, rest, flags.overwrite, &namespace),
        ["cordon", node] => mutate::cordon(cluster, node, true),
        ["uncordon", node] => mutate::cordon(cluster, node, false),
        ["drain", node] => mutate::drain(cluster, node, flags.ignore_daemonsets),
        ["cluster-info"] => Output::ok(
            "Kubernetes control plane is running at https://127.0.0.1:6443\n\
             CoreDNS is running at https://127.0.0.1:6443/api/v1/namespaces/kube-system/services/kube-dns:dns/proxy\n\n\
             To further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.\n",
        ),
        ["version"] => Output::ok("Client Version: v1.35.0\nKustomize Version: v5.7.1\nServer Version: v1.35.0\n"),
        ["help", ..] => Output::ok(HELP),
        [verb, rest @ ..] => not_simulated(verb, rest.first().copied()),
    }
}

const HELP: &str = "kubectl controls the (simulated) Kubernetes cluster manager.\n\n\
Commands available here:\n  \
get          Display one or many resources\n  \
apply        Apply a configuration to a resource by file name\n  \
diff         Diff the live objects against what apply -f FILE would make them\n  \
scale        Set a new size for a deployment\n  \
delete       Delete resources by name\n  \
set image    Update the image of a pod template\n  \
rollout      Manage the rollout of a resource (status, history, undo, restart, pause, resume)\n  \
create       Create a deployment, an ingress or a namespace: create deployment NAME --image=IMAGE\n  \
config       Switch the current context's namespace: config set-context --current --namespace=NAME\n  \
expose       Expose a deployment as a new Kubernetes service\n  \
describe     Show details of a deployment or an ingress\n  \
label        Update the labels on a pod\n  \
patch        Update fields of a deployment, service or pod (strategic, merge, json)\n  \
annotate     Update the annotations on a pod\n  \
logs         Print the logs of a container (-f, --tail, --previous, -l, -c)\n  \
port-forward Forward a local port to a pod (svc/NAME, deploy/NAME; end the line with & to keep it)\n  \
exec         Execute a command in a container (curl, nslookup, env, printenv, cat, kill 1)\n  \
run          Run a pod: run NAME --image=IMAGE [--rm -it --restart=Never -- COMMAND]\n  \
cordon       Mark node as unschedulable (uncordon, drain)\n  \
wait         Wait for a condition on deployments or pods (--for=condition=Available, delete)\n  \
cluster-info Display cluster information\n  \
explain      Get documentation for a resource (explain deployment.spec --recursive)\n  \
api-resources Print the supported API resources on the server\n";

/// The commands `run` simulates (some only in the forms `HELP` lists).
const SIMULATED: &[&str] = &[
    "annotate",
    "api-resources",
    "apply",
    "cluster-info",
    "config",
    "cordon",
    "create",
    "delete",
    "describe",
    "diff",
    "drain",
    "exec",
    "explain",
    "expose",
    "get",
    "help",
    "label",
    "logs",
    "patch",
    "port-forward",
    "rollout",
    "run",
    "scale",
    "set",
    "uncordon",
    "version",
    "wait",
];

/// kubectl v1.35's commands, in the order `NewKubectlCommand` adds them (the order cobra
/// suggests them in), with their `SuggestFor` words; then cobra's own `help`. `alpha` is left
/// out: kubectl hides it when its build has no alpha commands, and cobra never suggests a
/// hidden command.
const KUBECTL_COMMANDS: &[(&str, &[&str])] = &[
    ("create", &[]),
    ("expose", &[]),
    ("run", &[]),
    ("set", &[]),
    ("explain", &[]),
    ("get", &["list", "ps"]),
    ("edit", &[]),
    ("delete", &["rm"]),
    ("rollout", &[]),
    ("scale", &[]),
    ("autoscale", &[]),
    ("certificate", &[]),
    ("cluster-info", &[]),
    ("top", &[]),
    ("cordon", &[]),
    ("uncordon", &[]),
    ("drain", &[]),
    ("taint", &[]),
    ("describe", &[]),
    ("logs", &[]),
    ("attach", &[]),
    ("exec", &[]),
    ("port-forward", &[]),
    ("proxy", &[]),
    ("cp", &[]),
    ("auth", &[]),
    ("debug", &[]),
    ("events", &[]),
    ("diff", &[]),
    ("apply", &[]),
    ("patch", &[]),
    ("replace", &[]),
    ("wait", &["list", "ps"]),
    ("kustomize", &[]),
    ("label", &[]),
    ("annotate", &[]),
    ("completion", &[]),
    ("config", &[]),
    ("plugin", &[]),
    ("version", &[]),
    ("api-versions", &[]),
    ("api-resources", &[]),
    ("options", &[]),
    ("help", &[]),
];

/// A command line whose command `run` does not handle: kubectl's own answer where there is one
/// (`top` without metrics-server), Podscape's "not simulated" for a kubectl command it leaves
/// out (or a form of one it does not handle), and cobra's unknown-command error otherwise.
fn not_simulated(verb: &str, next: Option<&str>) -> Output {
    let known = verb == "alpha" || KUBECTL_COMMANDS.iter().any(|(name, _)| *name == verb);
    if !known {
        return Output::err(unknown_command(verb));
    }
    // kind has no metrics-server, so the Metrics API is not there (top_pod.go, top_node.go).
    if verb == "top" && matches!(next, Some("pod" | "pods" | "po" | "node" | "nodes" | "no")) {
        return Output::err("error: Metrics API not available");
    }
    let what = if SIMULATED.contains(&verb) {
        format!("this form of \"kubectl {verb}\"")
    } else {
        format!("\"kubectl {verb}\"")
    };
    let simulated: Vec<&str> = SIMULATED.iter().copied().filter(|c| *c != "help").collect();
    Output::err(format!(
        "error: {what} is not simulated in Podscape\nSimulated commands: {}\nRun 'kubectl' for what each one does here.",
        simulated.join(", ")
    ))
}

/// cobra's `legacyArgs` error for an unknown command of the root, with `findSuggestions`:
/// commands within Levenshtein distance 2 (case-insensitive), those the word is a prefix of,
/// and those that list it in `SuggestFor`, in the commands' order. kubectl's `CheckErr` adds
/// `error: ` and no usage line.
fn unknown_command(verb: &str) -> String {
    let typed = verb.to_lowercase();
    let typed_chars = typed.chars().count();
    let mut suggestions = String::new();
    for (name, suggest_for) in KUBECTL_COMMANDS {
        // The distance is at least the difference in length: a huge word skips the table.
        let near = (typed_chars <= name.len() + 2 && crate::names::edit_distance(&typed, name) <= 2)
            || name.starts_with(typed.as_str());
        if near {
            suggestions.push_str(&format!("\t{name}\n"));
        }
        // cobra appends a command again for each of its SuggestFor words that matches.
        for _ in suggest_for.iter().filter(|w| w.eq_ignore_ascii_case(verb)) {
            suggestions.push_str(&format!("\t{name}\n"));
        }
    }
    let mut message = format!("error: unknown command \"{verb}\" for \"kubectl\"");
    if !suggestions.is_empty() {
        message.push_str("\n\nDid you mean this?\n");
        message.push_str(&suggestions);
    }
    message
}

/// `kubectl api-resources` of a kind v1.35 cluster, for the kinds Podscape simulates (a real
/// cluster lists about 65 more), in discovery's order: the core group, then groups by name.
const API_RESOURCES: &[(&str, &str, &str, bool, &str)] = &[
    ("configmaps", "cm", "v1", true, "ConfigMap"),
    ("endpoints", "ep", "v1", true, "Endpoints"),
    ("events", "ev", "v1", true, "Event"),
    ("namespaces", "ns", "v1", false, "Namespace"),
    ("nodes", "no", "v1", false, "Node"),
    ("pods", "po", "v1", true, "Pod"),
    ("secrets", "", "v1", true, "Secret"),
    ("services", "svc", "v1", true, "Service"),
    ("daemonsets", "ds", "apps/v1", true, "DaemonSet"),
    ("deployments", "deploy", "apps/v1", true, "Deployment"),
    ("replicasets", "rs", "apps/v1", true, "ReplicaSet"),
    ("endpointslices", "", "discovery.k8s.io/v1", true, "EndpointSlice"),
    ("events", "ev", "events.k8s.io/v1", true, "Event"),
    (
        "ingressclasses",
        "",
        "networking.k8s.io/v1",
        false,
        "IngressClass",
    ),
    ("ingresses", "ing", "networking.k8s.io/v1", true, "Ingress"),
];

/// `kubectl api-resources [--namespaced=BOOL] [-o name] [--no-headers]`.
fn api_resources(flags: &flags::Flags) -> Output {
    let namespaced = match flags.namespaced.as_deref() {
        None => None,
        Some("true") => Some(true),
        Some("false") => Some(false),
        Some(other) => {
            return Output::err(format!(
                "error: invalid argument \"{other}\" for \"--namespaced\" flag: strconv.ParseBool: parsing \"{other}\": invalid syntax"
            ))
        }
    };
    let rows = API_RESOURCES
        .iter()
        .filter(|r| namespaced.is_none_or(|n| r.3 == n));
    match flags.output.as_deref() {
        None => {
            let mut table: Vec<Vec<String>> = Vec::new();
            if !flags.no_headers {
                table.push(
                    ["NAME", "SHORTNAMES", "APIVERSION", "NAMESPACED", "KIND"]
                        .map(String::from)
                        .to_vec(),
                );
            }
            for (name, short, version, namespaced, kind) in rows {
                table.push(vec![
                    name.to_string(),
                    short.to_string(),
                    version.to_string(),
                    namespaced.to_string(),
                    kind.to_string(),
                ]);
            }
            Output::ok(crate::table::render(&table))
        }
        // `-o name`: the resource, with its group when it has one.
        Some("name") => Output::ok(
            rows.map(|(name, _, version, ..)| match version.rsplit_once('/') {
                Some((group, _)) => format!("{name}.{group}\n"),
                None => format!("{name}\n"),
            })
            .collect::<String>(),
        ),
        Some("wide") => Output::err("error: -o wide is not simulated in Podscape for api-resources"),
        Some(other) => Output::err(format!("error: --output {other} is not available")),
    }
}

/// A kubectl line's flags and positional words (its leading `kubectl` or `k` dropped), for the
/// entry points other than [`run`].
fn line_flags(line: &str) -> Result<flags::Flags, Output> {
    let Some(words) = split_words(line) else {
        return Err(Output::err("error: unterminated quote"));
    };
    let words = match words.first().map(String::as_str) {
        Some("kubectl" | "k") => &words[1..],
        _ => &words[..],
    };
    Ok(parse_flags(words))
}

/// `timeout D kubectl logs -f …` for scripts: the logs, then what is written while the clock
/// runs for `ms` (see `logs::follow`); other lines run as `run` does.
pub fn run_follow(
    cluster: &mut Cluster,
    line: &str,
    files: &dyn Fn(&str) -> Option<String>,
    ms: u64,
    max_bytes: usize,
) -> Output {
    let flags = match line_flags(line) {
        Ok(flags) => flags,
        Err(e) => return e,
    };
    let args: Vec<&str> = flags.positional.iter().map(String::as_str).collect();
    let namespace = flags
        .namespace
        .clone()
        .unwrap_or_else(|| cluster.context_namespace().to_string());
    match (args.as_slice(), flags.unknown.is_empty()) {
        (["logs", rest @ ..], true) if flags.follow => {
            logs::follow(cluster, rest, &flags, &namespace, ms, max_bytes)
        }
        (["port-forward", rest @ ..], true) => {
            port_forward::port_forward(cluster, rest, &namespace, port_forward::Lifetime::For(Some(ms)))
        }
        _ => run(cluster, line, files),
    }
}

/// `kubectl port-forward … &` for scripts and the terminal: the forward keeps listening for the
/// rest of the session; other lines run as `run` does (the `&` already removed).
pub fn run_background(cluster: &mut Cluster, line: &str, files: &dyn Fn(&str) -> Option<String>) -> Output {
    let flags = match line_flags(line) {
        Ok(flags) => flags,
        Err(e) => return e,
    };
    let args: Vec<&str> = flags.positional.iter().map(String::as_str).collect();
    match (args.as_slice(), flags.unknown.is_empty()) {
        (["port-forward", rest @ ..], true) => {
            let namespace = flags
                .namespace
                .clone()
                .unwrap_or_else(|| cluster.context_namespace().to_string());
            port_forward::port_forward(cluster, rest, &namespace, port_forward::Lifetime::Background)
        }
        _ => run(cluster, line, files),
    }
}

/// Runs a read-only `kubectl get …` line without needing the cluster mutably (for live views).
pub fn view(cluster: &Cluster, line: &str) -> Output {
    let flags = match line_flags(line) {
        Ok(flags) => flags,
        Err(e) => return e,
    };
    let namespace = flags
        .namespace
        .clone()
        .unwrap_or_else(|| cluster.context_namespace().to_string());
    let args: Vec<&str> = flags.positional.iter().map(String::as_str).collect();
    match args.as_slice() {
        ["get", rest @ ..] => get::get(cluster, rest, &flags, &namespace),
        _ => Output::err("error: only `get` is read-only"),
    }
}

/// `kubectl apply -f FILE` of one file's text: what kubectl prints for it. The playground's
/// Apply button is exactly this (and needs nothing else of kubectl, so it loads without it).
pub fn apply_text(cluster: &mut Cluster, file: &str, text: &str) -> Output {
    let namespace = cluster.context_namespace().to_string();
    apply_text_in(cluster, file, text, &namespace)
}

/// [`apply_text`] with `namespace` for the objects that name none (`-n`).
fn apply_text_in(cluster: &mut Cluster, file: &str, text: &str, namespace: &str) -> Output {
    let mut out = Output::default();
    let outcome = cluster.apply_in(text, namespace);
    for line in &outcome.output {
        out.stdout.push_str(line);
        out.stdout.push('\n');
    }
    for d in outcome.diagnostics.iter().filter(|d| d.is_error()) {
        // The API server's "… is invalid" errors print as kubectl prints them; the rest
        // (syntax, decoding) carry Podscape's position.
        if d.message.contains(" is invalid: ") {
            out.stderr.push_str(&format!("The {}\n", d.message));
        } else if let Some(status) = server_status(&d.message) {
            // cli-runtime names standard input STDIN (`FileVisitorForSTDIN`).
            let source = if file == "-" { "STDIN" } else { file };
            out.stderr.push_str(&format!(
                "Error from server ({status}): error when creating \"{source}\": {}\n",
                d.message
            ));
        } else {
            out.stderr
                .push_str(&format!("error: {file}:{}:{}: {}\n", d.line, d.column, d.message));
        }
        out.exit_code = 1;
    }
    out
}

/// The reason kubectl names for an API server error that is not a validation error: a full
/// allocator range (`NewInternalError`) or Podscape's object ceiling (a quota's `Forbidden`).
fn server_status(message: &str) -> Option<&'static str> {
    if message.starts_with("Internal error occurred: ") {
        Some("InternalError")
    } else if message.contains(" is forbidden: ") {
        Some("Forbidden")
    } else if message.starts_with("namespaces \"") && message.ends_with("\" not found") {
        Some("NotFound")
    } else {
        None
    }
}

/// `kubectl exec POD -- curl …` / `nslookup …`: the two commands that show a Service working
/// from inside a pod (the request goes through the pod's node's kube-proxy rules), and
/// `kill 1`, which stops the container's main process so the kubelet restarts it.
fn exec(cluster: &mut Cluster, pod: &str, command: &[&str], namespace: &str) -> Output {
    use crate::cluster::Client;
    // `kubectl exec deploy/NAME` picks one of the Deployment's pods, a running ready one first.
    let owner = pod
        .strip_prefix("deploy/")
        .or_else(|| pod.strip_prefix("deployment/"))
        .or_else(|| pod.strip_prefix("deployments/"));
    let found = match owner {
        Some(deployment) => {
            if cluster.deployment(namespace, deployment).is_none() {
                return Output::err(format!(
                    "Error from server (NotFound): deployments.apps \"{deployment}\" not found"
                ));
            }
            let sets: Vec<&str> = cluster
                .replica_sets()
                .iter()
                .filter(|rs| rs.owner == deployment && rs.namespace == namespace)
                .map(|rs| rs.name.as_str())
                .collect();
            let mut pods: Vec<&crate::cluster::Pod> = cluster
                .pods()
                .iter()
                .filter(|p| p.namespace == namespace && p.owner.as_deref().is_some_and(|o| sets.contains(&o)))
                .map(|p| &**p)
                .collect();
            pods.small_sort_by_key(|p| (!(p.status() == "Running" && p.ready), p.name.clone()));
            pods.first().copied()
        }
        None => cluster
            .pods()
            .iter()
            .find(|p| p.name == pod && p.namespace == namespace)
            .map(|p| &**p),
    };
    let Some(p) = found else {
        return Output::err(format!("Error from server (NotFound): pods \"{pod}\" not found"));
    };
    if matches!(p.phase, PodPhase::Succeeded | PodPhase::Failed) {
        return Output::err(format!(
            "error: cannot exec into a container in a completed pod; current phase is {}",
            p.phase.as_str()
        ));
    }
    if p.status() != "Running" {
        return Output::err(format!(
            "error: unable to upgrade connection: container not found (\"{}\")",
            p.container_name
        ));
    }
    // `deploy/NAME` names the pod it picked from here on.
    let pod = p.name.clone();
    let pod = pod.as_str();
    let client = Client {
        node: p.node.clone().unwrap_or_default(),
        ip: p.ip.clone().unwrap_or_default(),
        namespace: namespace.to_string(),
    };
    let terminated = |code: i32, stderr: String| Output {
        stderr: format!("{stderr}command terminated with exit code {code}\n"),
        exit_code: code,
        ..Output::default()
    };
    let finished = |(code, stdout, stderr): (i32, String, String)| match code {
        0 => Output::ok(stdout),
        _ => Output {
            stdout,
            ..terminated(code, stderr)
        },
    };
    match command {
        // What the container runs: its exit code, stdout and stderr, as the network answers.
        ["nslookup", name] => finished(crate::cluster::nslookup(cluster, name, namespace)),
        ["curl", args @ ..] => finished(crate::cluster::curl(cluster, &client, args)),
        // SIGTERM to PID 1: agnhost (a Go program) exits, and the kubelet restarts the container.
        // SIGKILL from inside the pod's PID namespace is ignored by the kernel for its PID 1.
        ["kill", "1"] | ["kill", "-15" | "-TERM" | "-SIGTERM", "1"] | ["kill", "-s", "TERM", "1"] => {
            cluster.crash_container(namespace, pod);
            Output::default()
        }
        ["kill", "-9" | "-KILL" | "-SIGKILL", "1"] | ["kill", "-s", "KILL", "1"] => Output::default(),
        [] => Output::err("error: you must specify at least one command for the container"),
        // The rest (env, printenv, cat, echo, sh -c, …) as the container's programs answer.
        argv => {
            let pod = p.clone();
            finished(run::container_command(cluster, &pod, argv))
        }
    }
}

#[cfg(test)]
mod tests;
