//! kubectl: an interpreter for the commands learners type and training docs print, with
//! kubectl's own output formats and error messages.

use crate::sort::SmallSort;
use serde_json::{json, Value};

use crate::cluster::{Cluster, Pod};
use crate::table::{self, human_duration};

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

/// Splits a command line like a POSIX shell would for simple cases: quotes group, backslash
/// escapes. Returns `None` for an unterminated quote.
pub fn split_words(line: &str) -> Option<Vec<String>> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut in_word = false;
    let mut quote: Option<char> = None;
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some('"'), '\\') => word.extend(chars.next()),
            (Some(_), c) => word.push(c),
            (None, '\'' | '"') => {
                quote = Some(c);
                in_word = true;
            }
            (None, '\\') => {
                word.extend(chars.next());
                in_word = true;
            }
            (None, c) if c.is_whitespace() => {
                if in_word {
                    words.push(std::mem::take(&mut word));
                    in_word = false;
                }
            }
            (None, c) => {
                word.push(c);
                in_word = true;
            }
        }
    }
    if quote.is_some() {
        return None;
    }
    if in_word {
        words.push(word);
    }
    Some(words)
}

/// The flags kubectl understands here, wherever they appear on the line.
#[derive(Default)]
struct Flags {
    namespace: Option<String>,
    all_namespaces: bool,
    output: Option<String>,
    replicas: Option<String>,
    files: Vec<String>,
    selector: Option<String>,
    sort_by: Option<String>,
    to_revision: Option<String>,
    /// `kubectl create ingress`: `--rule`, `--class`, `--default-backend`.
    rules: Vec<String>,
    class: Option<String>,
    default_backend: Option<String>,
    overwrite: bool,
    show_labels: bool,
    /// `create deployment --image` (repeatable) and `--port`; `expose`'s `--port`,
    /// `--target-port`, `--type`, `--name`, `--protocol`.
    images: Vec<String>,
    port: Option<String>,
    target_port: Option<String>,
    service_type: Option<String>,
    name: Option<String>,
    protocol: Option<String>,
    positional: Vec<String>,
    unknown: Vec<String>,
}

fn parse_flags(words: &[String]) -> Flags {
    let mut f = Flags::default();
    let mut it = words.iter().peekable();
    while let Some(w) = it.next() {
        let (name, inline) = match w.split_once('=') {
            Some((n, v)) if n.starts_with('-') => (n, Some(v.to_string())),
            _ => (w.as_str(), None),
        };
        let mut value = |inline: Option<String>| inline.or_else(|| it.next().cloned());
        match name {
            "-n" | "--namespace" => f.namespace = value(inline),
            "-A" | "--all-namespaces" => f.all_namespaces = true,
            "-o" | "--output" => f.output = value(inline),
            "--replicas" => f.replicas = value(inline),
            "-f" | "--filename" => f.files.extend(value(inline)),
            "-l" | "--selector" => f.selector = value(inline),
            "--sort-by" => f.sort_by = value(inline),
            "--to-revision" => f.to_revision = value(inline),
            "--rule" => f.rules.extend(value(inline)),
            "--class" => f.class = value(inline),
            "--default-backend" => f.default_backend = value(inline),
            "--overwrite" => f.overwrite = inline.is_none_or(|v| v == "true"),
            "--show-labels" => f.show_labels = inline.is_none_or(|v| v == "true"),
            "--image" => f.images.extend(value(inline)),
            "--port" => f.port = value(inline),
            "--target-port" => f.target_port = value(inline),
            "--type" => f.service_type = value(inline),
            "--name" => f.name = value(inline),
            "--protocol" => f.protocol = value(inline),
            "--" => {
                f.positional.extend(it.by_ref().cloned());
            }
            n if n.starts_with("-n") && n.len() > 2 && !n.starts_with("--") => {
                f.namespace = Some(n[2..].into())
            }
            n if n.starts_with("-o") && n.len() > 2 && !n.starts_with("--") => f.output = Some(n[2..].into()),
            n if n.starts_with('-') && n.len() > 1 => f.unknown.push(w.clone()),
            _ => f.positional.push(w.clone()),
        }
    }
    f
}

/// A resource kind as kubectl resolves its many spellings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Resource {
    Pods,
    Deployments,
    ReplicaSets,
    Services,
    Endpoints,
    EndpointSlices,
    Nodes,
    Events,
    Namespaces,
    Ingresses,
    IngressClasses,
}

impl Resource {
    fn parse(word: &str) -> Option<Resource> {
        Some(match word.to_ascii_lowercase().as_str() {
            "po" | "pod" | "pods" => Resource::Pods,
            "deploy" | "deployment" | "deployments" | "deployment.apps" | "deployments.apps" => {
                Resource::Deployments
            }
            "rs" | "replicaset" | "replicasets" | "replicaset.apps" | "replicasets.apps" => {
                Resource::ReplicaSets
            }
            "svc" | "service" | "services" => Resource::Services,
            "ep" | "endpoints" => Resource::Endpoints,
            "endpointslice" | "endpointslices" | "endpointslices.discovery.k8s.io" => {
                Resource::EndpointSlices
            }
            "no" | "node" | "nodes" => Resource::Nodes,
            "ev" | "event" | "events" => Resource::Events,
            "ns" | "namespace" | "namespaces" => Resource::Namespaces,
            "ing" | "ingress" | "ingresses" | "ingress.networking.k8s.io" | "ingresses.networking.k8s.io" => {
                Resource::Ingresses
            }
            "ingressclass"
            | "ingressclasses"
            | "ingressclass.networking.k8s.io"
            | "ingressclasses.networking.k8s.io" => Resource::IngressClasses,
            _ => return None,
        })
    }

    /// The singular used in `pod/NAME` and in messages.
    fn kind_prefix(self) -> &'static str {
        match self {
            Resource::Pods => "pod",
            Resource::Deployments => "deployment.apps",
            Resource::ReplicaSets => "replicaset.apps",
            Resource::Services => "service",
            Resource::Endpoints => "endpoints",
            Resource::EndpointSlices => "endpointslice.discovery.k8s.io",
            Resource::Nodes => "node",
            Resource::Events => "event",
            Resource::Namespaces => "namespace",
            Resource::Ingresses => "ingress.networking.k8s.io",
            Resource::IngressClasses => "ingressclass.networking.k8s.io",
        }
    }

    /// The plural in `Error from server (NotFound): pods "x" not found`.
    fn plural(self) -> &'static str {
        match self {
            Resource::Pods => "pods",
            Resource::Deployments => "deployments.apps",
            Resource::ReplicaSets => "replicasets.apps",
            Resource::Services => "services",
            Resource::Endpoints => "endpoints",
            Resource::EndpointSlices => "endpointslices.discovery.k8s.io",
            Resource::Nodes => "nodes",
            Resource::Events => "events",
            Resource::Namespaces => "namespaces",
            Resource::Ingresses => "ingresses.networking.k8s.io",
            Resource::IngressClasses => "ingressclasses.networking.k8s.io",
        }
    }

    fn namespaced(self) -> bool {
        !matches!(
            self,
            Resource::Nodes | Resource::Namespaces | Resource::IngressClasses
        )
    }
}

/// One listed object: its namespace, name, table cells and machine-readable form.
struct Item {
    namespace: String,
    name: String,
    cells: Vec<String>,
    wide: Vec<String>,
    object: Value,
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
    let namespace = flags.namespace.clone().unwrap_or_else(|| "default".into());
    let args: Vec<&str> = flags.positional.iter().map(String::as_str).collect();
    match args.as_slice() {
        [] => Output::ok(HELP),
        ["get", rest @ ..] => get(cluster, rest, &flags, &namespace),
        ["apply"] => apply(cluster, &flags, files),
        ["scale", rest @ ..] => scale(cluster, rest, &flags, &namespace),
        ["delete", rest @ ..] => delete(cluster, rest, &flags, &namespace, files),
        ["set", "image", target, assignments @ ..] => set_image(cluster, target, assignments, &namespace),
        ["rollout", verb, target] => rollout(cluster, verb, target, &flags, &namespace),
        ["exec", pod, command @ ..] => exec(cluster, pod, command, &namespace),
        ["describe", kind, name] | ["describe", kind, name, ..] if Resource::parse(kind) == Some(Resource::Deployments) => {
            describe_deployment(cluster, namespace.as_str(), name)
        }
        ["describe", target] if target.starts_with("deployment/") || target.starts_with("deploy/") => {
            describe_deployment(cluster, namespace.as_str(), target.split_once('/').map_or("", |(_, n)| n))
        }
        ["describe", kind, name] | ["describe", kind, name, ..] if Resource::parse(kind) == Some(Resource::Pods) => {
            describe_pod(cluster, namespace.as_str(), name)
        }
        ["describe", target] if target.starts_with("pod/") || target.starts_with("po/") => {
            describe_pod(cluster, namespace.as_str(), target.split_once('/').map_or("", |(_, n)| n))
        }
        ["describe", kind, name] | ["describe", kind, name, ..] if Resource::parse(kind) == Some(Resource::Nodes) => {
            describe_node(cluster, name)
        }
        ["describe", target] if target.starts_with("node/") || target.starts_with("no/") => {
            describe_node(cluster, target.split_once('/').map_or("", |(_, n)| n))
        }
        ["describe", kind, name] | ["describe", kind, name, ..] if Resource::parse(kind) == Some(Resource::Services) => {
            describe_service(cluster, namespace.as_str(), name)
        }
        ["describe", target] if target.starts_with("service/") || target.starts_with("svc/") => {
            describe_service(cluster, namespace.as_str(), target.split_once('/').map_or("", |(_, n)| n))
        }
        ["describe", kind, name] | ["describe", kind, name, ..] if Resource::parse(kind) == Some(Resource::ReplicaSets) => {
            describe_replicaset(cluster, namespace.as_str(), name)
        }
        ["describe", target] if target.split_once('/').is_some_and(|(k, _)| Resource::parse(k) == Some(Resource::ReplicaSets)) => {
            describe_replicaset(cluster, namespace.as_str(), target.split_once('/').map_or("", |(_, n)| n))
        }
        ["describe", kind, name] | ["describe", kind, name, ..] if Resource::parse(kind) == Some(Resource::Ingresses) => {
            describe_ingress(cluster, namespace.as_str(), name)
        }
        ["describe", target] if target.split_once('/').is_some_and(|(k, _)| Resource::parse(k) == Some(Resource::Ingresses)) => {
            describe_ingress(cluster, namespace.as_str(), target.split_once('/').map_or("", |(_, n)| n))
        }
        ["describe", ..] => Output::err("error: describe is simulated for pods, deployments, replicasets, services, nodes and ingresses here: kubectl describe pod|deployment|replicaset|service|node|ingress NAME"),
        ["create", "ingress" | "ing", name] => create_ingress(cluster, name, &flags, &namespace),
        ["create", "ingress" | "ing"] => Output::err("error: exactly one NAME is required, got 0"),
        ["create", "deployment" | "deploy", name] => create_deployment(cluster, name, &flags, &namespace),
        ["create", "deployment" | "deploy", ..] => Output::err("error: exactly one NAME is required, got 0"),
        ["expose", kind, name] if Resource::parse(kind) == Some(Resource::Deployments) => {
            expose(cluster, name, &flags, &namespace)
        }
        ["expose", target] if target.starts_with("deployment/") || target.starts_with("deploy/") => {
            expose(cluster, target.split_once('/').map_or("", |(_, n)| n), &flags, &namespace)
        }
        ["expose", ..] => Output::err(
            "error: expose is simulated for deployments here: kubectl expose deployment NAME --port=80",
        ),
        ["label", rest @ ..] => label(cluster, rest, flags.overwrite, &namespace),
        ["create", ..] => Output::err("error: create is simulated for deployments and ingresses here: kubectl create deployment NAME --image=IMAGE, kubectl create ingress NAME --rule=host/path=service:port"),
        ["annotate", rest @ ..] => annotate(cluster, rest, flags.overwrite, &namespace),
        ["cordon", node] => cordon(cluster, node, true),
        ["uncordon", node] => cordon(cluster, node, false),
        ["drain", node] => match cluster.drain(node) {
            None => Output::err(format!("Error from server (NotFound): nodes \"{node}\" not found")),
            Some(evicted) => {
                let mut out = format!("node/{node} cordoned\n");
                for pod in &evicted {
                    out.push_str(&format!("evicting pod {pod}\n"));
                }
                for pod in &evicted {
                    out.push_str(&format!("pod/{} evicted\n", pod.split('/').nth(1).unwrap_or(pod)));
                }
                out.push_str(&format!("node/{node} drained\n"));
                Output::ok(out)
            }
        },
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
scale        Set a new size for a deployment\n  \
delete       Delete resources by name\n  \
set image    Update the image of a pod template\n  \
rollout      Manage the rollout of a resource (status, history, undo, restart, pause, resume)\n  \
create       Create a deployment or an ingress: create deployment NAME --image=IMAGE\n  \
expose       Expose a deployment as a new Kubernetes service\n  \
describe     Show details of a deployment or an ingress\n  \
label        Update the labels on a pod\n  \
annotate     Update the annotations on a pod\n  \
exec         Execute a command in a container (curl, nslookup, kill 1)\n  \
cordon       Mark node as unschedulable (uncordon, drain)\n  \
cluster-info Display cluster information\n";

/// The commands `run` simulates (some only in the forms `HELP` lists).
const SIMULATED: &[&str] = &[
    "annotate",
    "apply",
    "cluster-info",
    "cordon",
    "create",
    "delete",
    "describe",
    "drain",
    "exec",
    "expose",
    "get",
    "help",
    "label",
    "rollout",
    "scale",
    "set",
    "uncordon",
    "version",
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

fn apply(cluster: &mut Cluster, flags: &Flags, files: &dyn Fn(&str) -> Option<String>) -> Output {
    if flags.files.is_empty() {
        return Output::err("error: must specify one of -f and -k");
    }
    let mut out = Output::default();
    for file in &flags.files {
        let Some(text) = files(file) else {
            if file == "-" {
                // Nothing on stdin (a terminal has no here-document to give).
                return Output::err("error: no objects passed to apply");
            }
            return Output::err(format!("error: the path \"{file}\" does not exist"));
        };
        out.append(apply_text(cluster, file, &text));
    }
    out
}

/// `kubectl apply -f FILE` of one file's text: what kubectl prints for it. The playground's
/// Apply button is exactly this (and needs nothing else of kubectl, so it loads without it).
pub fn apply_text(cluster: &mut Cluster, file: &str, text: &str) -> Output {
    let mut out = Output::default();
    let outcome = cluster.apply(text);
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
    } else {
        None
    }
}

/// One of describe's `Key:\tvalue` lines for `table::tabwrite`; further values go on lines of
/// their own under the first (labels, taints, tolerations).
fn describe_field(out: &mut String, key: &str, values: &[String]) {
    for (i, v) in values.iter().enumerate() {
        let key = if i == 0 { format!("{key}:") } else { String::new() };
        out.push_str(&format!("{key}\t{v}\n"));
    }
}

/// A map as describe lists it: `key{sep}value` a line each, or `<none>`.
fn map_lines(m: &std::collections::BTreeMap<String, String>, sep: &str) -> Vec<String> {
    if m.is_empty() {
        vec!["<none>".into()]
    } else {
        m.iter().map(|(k, v)| format!("{k}{sep}{v}")).collect()
    }
}

/// `kubectl describe node`, in kubectl's layout (`describeNode`), abridged: roles, labels,
/// taints, the Ready condition as the node controller keeps it, addresses, capacity, the pods
/// it runs and its events.
fn describe_node(cluster: &Cluster, name: &str) -> Output {
    let Some(n) = cluster.nodes().iter().find(|n| n.name == name) else {
        return Output::err(format!(
            "Error from server (NotFound): nodes \"{name}\" not found"
        ));
    };
    let now = cluster.now_ms();
    let mut head = String::new();
    let mut field = |key: &str, values: Vec<String>| describe_field(&mut head, key, &values);
    field("Name", vec![n.name.clone()]);
    field(
        "Roles",
        vec![if n.taint().is_some() {
            "control-plane"
        } else {
            "<none>"
        }
        .into()],
    );
    field(
        "Labels",
        n.labels().into_iter().map(|(k, v)| format!("{k}={v}")).collect(),
    );
    field("CreationTimestamp", vec![table::describe_time(n.created_ms)]);
    let mut taints: Vec<String> = n.taint().map(|t| format!("{t}:NoSchedule")).into_iter().collect();
    if n.unschedulable {
        taints.push("node.kubernetes.io/unschedulable:NoSchedule".into());
    }
    if !n.ready_at(now) {
        taints.push("node.kubernetes.io/unreachable:NoExecute".into());
        taints.push("node.kubernetes.io/unreachable:NoSchedule".into());
    }
    field(
        "Taints",
        if taints.is_empty() {
            vec!["<none>".into()]
        } else {
            taints
        },
    );
    field("Unschedulable", vec![n.unschedulable.to_string()]);
    let mut out = table::tabwrite(&head, 0, 2);
    let (status, reason, message) = if n.ready_at(now) {
        ("True", "KubeletReady", "kubelet is posting ready status")
    } else {
        (
            "Unknown",
            "NodeStatusUnknown",
            "Kubelet stopped posting node status.",
        )
    };
    let mut conditions =
        String::from("Conditions:\n  Type\tStatus\tReason\tMessage\n  ----\t------\t------\t-------\n");
    for (kind, ok_reason, ok_message) in [
        (
            "MemoryPressure",
            "KubeletHasSufficientMemory",
            "kubelet has sufficient memory available",
        ),
        (
            "DiskPressure",
            "KubeletHasNoDiskPressure",
            "kubelet has no disk pressure",
        ),
        (
            "PIDPressure",
            "KubeletHasSufficientPID",
            "kubelet has sufficient PID available",
        ),
    ] {
        let row = if n.ready_at(now) {
            ("False", ok_reason, ok_message)
        } else {
            (
                "Unknown",
                "NodeStatusUnknown",
                "Kubelet stopped posting node status.",
            )
        };
        conditions.push_str(&format!("  {kind}\t{}\t{}\t{}\n", row.0, row.1, row.2));
    }
    conditions.push_str(&format!("  Ready\t{status}\t{reason}\t{message}\n"));
    out.push_str(&table::tabwrite(&conditions, 0, 2));
    out.push_str(&format!(
        "Addresses:\n  InternalIP:  {}\n  Hostname:    {}\n",
        n.internal_ip, n.name
    ));
    let cpu = crate::cluster::ALLOCATABLE_CPU_MILLIS / 1000;
    let memory_ki = crate::cluster::ALLOCATABLE_MEMORY_BYTES / 1024;
    for section in ["Capacity", "Allocatable"] {
        out.push_str(&format!(
            "{section}:\n  cpu:                {cpu}\n  ephemeral-storage:  102626232Ki\n  hugepages-2Mi:      0\n  memory:             {memory_ki}Ki\n  pods:               110\n"
        ));
    }
    out.push_str(&format!("PodCIDR:                      {}\nPodCIDRs:                     {}\nProviderID:                   kind://docker/podscape/{}\n", n.pod_cidr(), n.pod_cidr(), n.name));
    let pods: Vec<&crate::cluster::Pod> = cluster
        .pods()
        .iter()
        .filter(|p| p.node.as_deref() == Some(name))
        .collect();
    let mut table_text = format!(
        "Non-terminated Pods:\t({} in total)\n  Namespace\tName\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\tAge\n  ---------\t----\t------------\t----------\t---------------\t-------------\t---\n",
        pods.len()
    );
    for p in &pods {
        table_text.push_str(&format!(
            "  {}\t{}\t0 (0%)\t0 (0%)\t0 (0%)\t0 (0%)\t{}\n",
            p.namespace,
            p.name,
            table::human_duration(now.saturating_sub(p.created_ms))
        ));
    }
    out.push_str(&table::tabwrite(&table_text, 0, 2));
    match describe_events(cluster, &format!("node/{name}"), None) {
        Some(events) => out.push_str(&events),
        None => out.push_str("Events:              <none>\n"),
    }
    Output::ok(out)
}

/// `kubectl describe service`, in kubectl's layout (`describeService`): its addresses, each
/// port with its target, NodePort and ready endpoints (three at most, `+ N more...`), affinity
/// and traffic policies, and its events.
fn describe_service(cluster: &Cluster, namespace: &str, name: &str) -> Output {
    let Some(s) = cluster
        .services()
        .find(|s| s.spec.namespace == namespace && s.spec.name == name)
    else {
        return Output::err(format!(
            "Error from server (NotFound): services \"{name}\" not found"
        ));
    };
    let spec = &s.spec;
    let mut out = String::new();
    let mut field = |key: &str, values: Vec<String>| describe_field(&mut out, key, &values);
    field("Name", vec![spec.name.clone()]);
    field("Namespace", vec![spec.namespace.clone()]);
    field("Labels", map_lines(&spec.labels, "="));
    field("Annotations", map_lines(&spec.annotations, ": "));
    let selector = if spec.selector.is_empty() {
        "<none>".to_string()
    } else {
        spec.selector
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join(",")
    };
    field("Selector", vec![selector]);
    field("Type", vec![spec.service_type.clone()]);
    if spec.service_type == "ExternalName" {
        field("IP Families", vec!["<none>".into()]);
        field("IP", vec![String::new()]);
        field(
            "External Name",
            vec![spec.external_name.clone().unwrap_or_default()],
        );
    } else {
        field("IP Family Policy", vec!["SingleStack".into()]);
        field("IP Families", vec!["IPv4".into()]);
        field("IP", vec![s.cluster_ip.clone()]);
        field("IPs", vec![s.cluster_ip.clone()]);
    }
    if let Some(ip) = &s.load_balancer_ip {
        field("LoadBalancer Ingress", vec![format!("{ip} (VIP)")]);
    }
    let slices: Vec<crate::cluster::EndpointSlice> = cluster.endpoint_slice(s).into_iter().collect();
    for (i, p) in spec.ports.iter().enumerate() {
        let port_name = p.name.clone().unwrap_or_default();
        let shown = if port_name.is_empty() {
            "<unset>".to_string()
        } else {
            port_name.clone()
        };
        field("Port", vec![format!("{shown}  {}/{}", p.port, p.protocol)]);
        field("TargetPort", vec![format!("{}/{}", p.target_port, p.protocol)]);
        if let Some(Some(node_port)) = s.node_ports.get(i) {
            field("NodePort", vec![format!("{shown}  {node_port}/{}", p.protocol)]);
        }
        if spec.service_type != "ExternalName" {
            field("Endpoints", vec![format_endpoint_slices(&slices, &port_name)]);
        }
    }
    field(
        "Session Affinity",
        vec![if spec.session_affinity_timeout.is_some() {
            "ClientIP"
        } else {
            "None"
        }
        .into()],
    );
    if let Some(policy) = &spec.external_traffic_policy {
        field("External Traffic Policy", vec![policy.clone()]);
    }
    if spec.service_type != "ExternalName" {
        field(
            "Internal Traffic Policy",
            vec![spec.internal_traffic_policy.clone()],
        );
    }
    let events = describe_events(cluster, &format!("service/{name}"), Some(namespace));
    if events.is_none() {
        field("Events", vec!["<none>".into()]);
    }
    Output::ok(table::tabwrite(&out, 0, 2) + &events.unwrap_or_default())
}

/// `kubectl describe pod`, in kubectl's layout (`describePod`): identity, the container with its
/// state, restarts and probes, the pod's conditions, tolerations and events. Container and
/// image IDs, volumes and mounts are left out: the simulation has none to show.
fn describe_pod(cluster: &Cluster, namespace: &str, name: &str) -> Output {
    let Some(p) = cluster
        .pods()
        .iter()
        .find(|p| p.namespace == namespace && p.name == name)
    else {
        return Output::err(format!("Error from server (NotFound): pods \"{name}\" not found"));
    };
    let now = cluster.now_ms();
    let mut head = String::new();
    let mut field = |key: &str, values: Vec<String>| describe_field(&mut head, key, &values);
    field("Name", vec![p.name.clone()]);
    field("Namespace", vec![p.namespace.clone()]);
    field("Priority", vec!["0".into()]);
    field("Service Account", vec!["default".into()]);
    let node = match (
        &p.node,
        p.node
            .as_deref()
            .and_then(|n| cluster.nodes().iter().find(|x| x.name == n)),
    ) {
        (Some(n), Some(x)) => format!("{n}/{}", x.internal_ip),
        _ => "<none>".into(),
    };
    field("Node", vec![node]);
    // status.startTime: when the kubelet took the pod on, which restarts do not move.
    if p.node.is_some() {
        field("Start Time", vec![table::describe_time(p.created_ms)]);
    }
    field("Labels", map_lines(&p.labels, "="));
    field("Annotations", map_lines(&p.annotations, ": "));
    if let Some(deleted) = p.deletion_ms {
        field(
            "Status",
            vec![format!(
                "Terminating (lasts {})",
                table::human_duration(now.saturating_sub(deleted))
            )],
        );
        field(
            "Termination Grace Period",
            vec![format!("{}s", p.template.termination_grace_period_seconds)],
        );
    } else {
        field("Status", vec![p.phase.as_str().to_string()]);
    }
    field("IP", vec![p.ip.clone().unwrap_or_default()]);
    let mut out = table::tabwrite(&head, 0, 2);
    if let Some(ip) = &p.ip {
        out.push_str(&format!("IPs:\n  IP:  {ip}\n"));
    } else {
        out.push_str("IPs:              <none>\n");
    }
    if !p.owner.is_empty() {
        out.push_str(&format!("Controlled By:  ReplicaSet/{}\n", p.owner));
    }
    // The container.
    let c = p.template.containers.iter().find(|c| c.name == p.container_name);
    let mut body = format!("Containers:\n  {}:\n", p.container_name);
    line(&mut body, "Image", p.image.clone());
    if let Some(c) = c {
        container_spec_lines(&mut body, c);
    }
    let status = p.status();
    let state = match (p.phase.as_str(), status) {
        (_, "Terminating") => "Running".to_string(),
        ("Running", "Running") => "Running".to_string(),
        (_, "Pending") => "Waiting".to_string(),
        _ => "Waiting".to_string(),
    };
    line(&mut body, "State", state.clone());
    if state == "Running" {
        if let Some(started) = p.started_ms {
            body.push_str(&format!("      Started:\t{}\n", table::describe_time(started)));
        }
    } else if status != "Pending" {
        body.push_str(&format!("      Reason:\t{status}\n"));
    }
    line(
        &mut body,
        "Ready",
        if p.ready { "True".into() } else { "False".into() },
    );
    line(&mut body, "Restart Count", p.restarts.to_string());
    if let Some(c) = c {
        probe_lines(&mut body, c);
        line(&mut body, "Environment", "<none>".into());
    }
    out.push_str(&table::tabwrite(&body, 0, 2));
    // Conditions, as the kubelet and scheduler set them.
    let scheduled = p.node.is_some();
    let mut conditions = String::from("Conditions:\n  Type\tStatus\n");
    for (kind, ok) in [
        ("PodReadyToStartContainers", scheduled && p.ip.is_some()),
        ("Initialized", scheduled),
        ("Ready", p.ready),
        ("ContainersReady", p.ready),
        ("PodScheduled", scheduled),
    ] {
        if kind == "PodReadyToStartContainers" && !scheduled {
            continue;
        }
        conditions.push_str(&format!("  {kind} \t{} \n", if ok { "True" } else { "False" }));
    }
    out.push_str(&table::tabwrite(&conditions, 0, 2));
    let mut tail = String::new();
    tail.push_str("QoS Class:\tBestEffort\n");
    let selectors = map_lines(&p.template.node_selector, "=");
    tail.push_str(&format!("Node-Selectors:\t{}\n", selectors.join(",")));
    tail.push_str("Tolerations:\tnode.kubernetes.io/not-ready:NoExecute op=Exists for 300s\n");
    tail.push_str("\tnode.kubernetes.io/unreachable:NoExecute op=Exists for 300s\n");
    out.push_str(&table::tabwrite(&tail, 0, 2));
    // Events about the pod, oldest first.
    // describe's From is the reporting component alone (get events -o wide adds the host).
    match describe_events(cluster, &format!("pod/{name}"), Some(namespace)) {
        Some(events) => out.push_str(&events),
        None => out.push_str("Events:                      <none>\n"),
    }
    Output::ok(out)
}

/// One of describe's container lines: `    Key:\tvalue` (for `table::tabwrite`).
fn line(body: &mut String, key: &str, value: String) {
    body.push_str(&format!("    {key}:\t{value}\n"));
}

/// A container's ports, host ports, command and args as `describeContainers` prints them.
fn container_spec_lines(body: &mut String, c: &crate::manifest::Container) {
    let ports = |port: fn(&crate::manifest::ContainerPort) -> String| {
        c.ports.iter().map(port).collect::<Vec<_>>().join(", ")
    };
    let (key, host_key) = if c.ports.len() > 1 {
        ("Ports", "Host Ports")
    } else {
        ("Port", "Host Port")
    };
    if c.ports.is_empty() {
        line(body, "Port", "<none>".into());
        line(body, "Host Port", "<none>".into());
    } else {
        line(
            body,
            key,
            ports(|p| format!("{}/{}", p.container_port, p.protocol)),
        );
        line(body, host_key, ports(|p| format!("0/{}", p.protocol)));
    }
    for (key, words) in [("Command", &c.command), ("Args", &c.args)] {
        if !words.is_empty() {
            body.push_str(&format!("    {key}:\n"));
            for w in words.iter() {
                body.push_str(&format!("      {w}\n"));
            }
        }
    }
}

/// A container's liveness and readiness probes as describe prints them.
fn probe_lines(body: &mut String, c: &crate::manifest::Container) {
    let probe = |pr: &crate::manifest::Probe| {
        let action = match &pr.handler {
            crate::manifest::ProbeHandler::HttpGet { path, port } => format!("http-get http://:{port}{path}"),
            crate::manifest::ProbeHandler::TcpSocket { port } => format!("tcp-socket :{port}"),
            crate::manifest::ProbeHandler::Exec { command } => format!("exec [{}]", command.join(" ")),
            crate::manifest::ProbeHandler::Grpc { port } => format!("grpc <pod>:{port} <service>"),
        };
        format!(
            "{action} delay={}s timeout={}s period={}s #success={} #failure={}",
            pr.initial_delay_seconds,
            pr.timeout_seconds,
            pr.period_seconds,
            pr.success_threshold,
            pr.failure_threshold
        )
    };
    if let Some(pr) = &c.liveness_probe {
        line(body, "Liveness", probe(pr));
    }
    if let Some(pr) = &c.readiness_probe {
        line(body, "Readiness", probe(pr));
    }
}

/// `kubectl describe replicaset` in kubectl's layout (`describeReplicaSet`): the fields, the
/// pods' phases, the pod template (`DescribePodTemplate`) and the events.
fn describe_replicaset(cluster: &Cluster, namespace: &str, name: &str) -> Output {
    let Some(rs) = cluster
        .replica_sets()
        .iter()
        .find(|rs| rs.namespace == namespace && rs.name == name)
    else {
        return Output::err(format!(
            "Error from server (NotFound): replicasets.apps \"{name}\" not found"
        ));
    };
    let mut labels = rs.template.labels.clone();
    labels.insert("pod-template-hash".into(), rs.template_hash.clone());
    let mut selector = cluster
        .deployment(&rs.namespace, &rs.owner)
        .map(|d| d.spec.selector.clone())
        .unwrap_or_default();
    selector.insert("pod-template-hash".into(), rs.template_hash.clone());
    let owned: Vec<&Pod> = cluster
        .pods()
        .iter()
        .filter(|p| p.namespace == rs.namespace && p.owner == rs.name)
        .collect();
    let phase = |phase: &str| owned.iter().filter(|p| p.phase.as_str() == phase).count();
    let mut out = String::new();
    let mut field = |key: &str, values: Vec<String>| describe_field(&mut out, key, &values);
    field("Name", vec![rs.name.clone()]);
    field("Namespace", vec![rs.namespace.clone()]);
    field("Selector", vec![selector_text(&selector)]);
    field("Labels", map_lines(&labels, "="));
    field(
        "Annotations",
        vec![
            format!(
                "deployment.kubernetes.io/desired-replicas: {}",
                rs.desired_replicas
            ),
            format!("deployment.kubernetes.io/max-replicas: {}", rs.max_replicas),
            format!("deployment.kubernetes.io/revision: {}", rs.revision),
        ],
    );
    field("Controlled By", vec![format!("Deployment/{}", rs.owner)]);
    field(
        "Replicas",
        vec![format!(
            "{} current / {} desired",
            owned.iter().filter(|p| p.is_active()).count(),
            rs.replicas
        )],
    );
    field(
        "Pods Status",
        vec![format!(
            "{} Running / {} Waiting / {} Succeeded / {} Failed",
            phase("Running"),
            phase("Pending"),
            phase("Succeeded"),
            phase("Failed")
        )],
    );
    out.push_str("Pod Template:\n");
    let template_labels = map_lines(&labels, "=");
    for (i, l) in template_labels.iter().enumerate() {
        out.push_str(&format!("{}\t{l}\n", if i == 0 { "  Labels:" } else { "" }));
    }
    out.push_str("  Containers:\n");
    for c in &rs.template.containers {
        out.push_str(&format!("   {}:\n", c.name));
        line(&mut out, "Image", c.image.clone());
        container_spec_lines(&mut out, c);
        probe_lines(&mut out, c);
        line(&mut out, "Environment", "<none>".into());
        line(&mut out, "Mounts", "<none>".into());
    }
    out.push_str("  Volumes:\t<none>\n");
    let selectors = map_lines(&rs.template.node_selector, "=");
    out.push_str(&format!("  Node-Selectors:\t{}\n", selectors.join(",")));
    out.push_str("  Tolerations:\t<none>\n");
    let mut out = table::tabwrite(&out, 0, 2);
    match describe_events(cluster, &format!("replicaset/{name}"), Some(namespace)) {
        Some(events) => out.push_str(&events),
        None => out.push_str("Events:  <none>\n"),
    }
    Output::ok(out)
}

/// `kubectl describe deployment`: the fields, conditions, ReplicaSets and events, in
/// kubectl's layout (the pod template abridged to labels, images and ports).
fn describe_deployment(cluster: &Cluster, namespace: &str, name: &str) -> Output {
    let Some(d) = cluster.deployment(namespace, name) else {
        return Output::err(format!(
            "Error from server (NotFound): deployments.apps \"{name}\" not found"
        ));
    };
    let (spec, s) = (&d.spec, &d.status);
    let kv = |m: &std::collections::BTreeMap<String, String>, sep: &str| {
        if m.is_empty() {
            "<none>".to_string()
        } else {
            m.iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect::<Vec<_>>()
                .join(sep)
        }
    };
    let mut out = String::new();
    let field = |out: &mut String, key: &str, value: &str| {
        out.push_str(&format!("{:<24}{value}\n", format!("{key}:")))
    };
    field(&mut out, "Name", &spec.name);
    field(&mut out, "Namespace", &spec.namespace);
    field(&mut out, "CreationTimestamp", &table::describe_time(d.created_ms));
    field(
        &mut out,
        "Labels",
        &kv(&spec.labels, "\n                        "),
    );
    field(
        &mut out,
        "Annotations",
        &format!("deployment.kubernetes.io/revision: {}", s.revision),
    );
    field(&mut out, "Selector", &kv(&spec.selector, ","));
    field(
        &mut out,
        "Replicas",
        &format!(
            "{} desired | {} updated | {} total | {} available | {} unavailable",
            spec.replicas, s.updated_replicas, s.replicas, s.available_replicas, s.unavailable_replicas
        ),
    );
    match &spec.strategy {
        crate::manifest::DeploymentStrategy::Recreate => field(&mut out, "StrategyType", "Recreate"),
        crate::manifest::DeploymentStrategy::RollingUpdate {
            max_surge,
            max_unavailable,
        } => {
            field(&mut out, "StrategyType", "RollingUpdate");
            field(&mut out, "MinReadySeconds", &spec.min_ready_seconds.to_string());
            field(
                &mut out,
                "RollingUpdateStrategy",
                &format!("{max_unavailable} max unavailable, {max_surge} max surge"),
            );
        }
    }
    out.push_str("Pod Template:\n");
    out.push_str(&format!(
        "  Labels:  {}\n",
        kv(&spec.template.labels, "\n           ")
    ));
    out.push_str("  Containers:\n");
    for c in &spec.template.containers {
        out.push_str(&format!("   {}:\n    Image:      {}\n", c.name, c.image));
        for p in &c.ports {
            out.push_str(&format!("    Port:       {}/{}\n", p.container_port, p.protocol));
        }
    }
    out.push_str("Conditions:\n");
    let mut rows = vec![
        vec!["  Type".to_string(), "Status".into(), "Reason".into()],
        vec!["  ----".into(), "------".into(), "------".into()],
    ];
    rows.extend(d.conditions.iter().map(|c| {
        vec![
            format!("  {}", c.condition_type),
            c.status.into(),
            c.reason.into(),
        ]
    }));
    out.push_str(&table::render_with(&rows, 2, 0));
    let mut owned: Vec<_> = cluster
        .replica_sets()
        .iter()
        .filter(|rs| rs.owner == spec.name && rs.namespace == spec.namespace)
        .collect();
    owned.small_sort_by_key(|rs| rs.revision);
    let describe_rs = |rs: &crate::cluster::ReplicaSet| {
        let created = cluster
            .pods()
            .iter()
            .filter(|p| p.owner == rs.name && p.is_active())
            .count();
        format!("{} ({created}/{} replicas created)", rs.name, rs.replicas)
    };
    let new_rs = owned.iter().find(|rs| rs.revision == s.revision);
    let old: Vec<String> = owned
        .iter()
        .filter(|rs| rs.revision != s.revision && rs.replicas > 0)
        .map(|rs| describe_rs(rs))
        .collect();
    out.push_str(&format!(
        "OldReplicaSets:  {}\n",
        if old.is_empty() {
            "<none>".into()
        } else {
            old.join(", ")
        }
    ));
    out.push_str(&format!(
        "NewReplicaSet:   {}\n",
        new_rs.map_or("<none>".into(), |rs| describe_rs(rs))
    ));
    match describe_events(cluster, &format!("deployment/{name}"), Some(namespace)) {
        Some(events) => out.push_str(&events),
        None => out.push_str("Events:          <none>\n"),
    }
    Output::ok(out)
}

/// `kubectl annotate pod NAME KEY=VALUE… [KEY-…] [--overwrite]` (pods only here: the
/// pod-deletion-cost annotation is what a learner sets).
fn annotate(cluster: &mut Cluster, args: &[&str], overwrite: bool, namespace: &str) -> Output {
    let (name, changes) = match pod_updates(args, "annotate", "annotation", "invalid annotation format") {
        Ok(parsed) => parsed,
        Err(e) => return e,
    };
    match cluster.annotate_pod(namespace, name, &changes, overwrite) {
        Ok(_) => Output::ok(format!("pod/{name} annotated\n")),
        Err(e) => Output::err(e),
    }
}

/// `kubectl label pod NAME KEY=VALUE… [KEY-]`: as annotate, for labels. A pod whose labels no
/// longer match its ReplicaSet's selector is released by it (and replaced), and leaves every
/// Service whose selector it no longer matches.
fn label(cluster: &mut Cluster, args: &[&str], overwrite: bool, namespace: &str) -> Output {
    let (name, changes) = match pod_updates(args, "label", "label", "invalid label spec") {
        Ok(parsed) => parsed,
        Err(e) => return e,
    };
    match cluster.label_pod(namespace, name, &changes, overwrite) {
        Ok(true) => Output::ok(format!("pod/{name} labeled\n")),
        Ok(false) => Output::ok(format!("pod/{name} not labeled\n")),
        Err(e) => Output::err(e),
    }
}

/// A label or annotation update: `Some` sets the value, `None` removes the key.
type Change = (String, Option<String>);

/// The arguments of `kubectl label|annotate pod NAME KEY=VALUE… [KEY-]`: the pod's name and
/// the changes (`Some` sets, `None` removes), or kubectl's error.
fn pod_updates<'a>(
    args: &[&'a str],
    verb: &str,
    noun: &str,
    invalid: &str,
) -> Result<(&'a str, Vec<Change>), Output> {
    let (kind, name, pairs) =
        match args {
            [target, pairs @ ..] if target.contains('/') => {
                let (kind, name) = target.split_once('/').unwrap_or((*target, ""));
                (kind, name, pairs)
            }
            [kind, name, pairs @ ..] => (*kind, *name, pairs),
            _ => return Err(Output::err(
                "error: one or more resources must be specified as <resource> <name> or <resource>/<name>",
            )),
        };
    if Resource::parse(kind) != Some(Resource::Pods) {
        return Err(Output::err(format!(
            "error: {verb} is simulated for pods here: kubectl {verb} pod NAME KEY=VALUE"
        )));
    }
    if pairs.is_empty() {
        return Err(Output::err(format!(
            "error: at least one {noun} update is required"
        )));
    }
    let mut changes = Vec::new();
    for pair in pairs {
        match pair.split_once('=') {
            Some((key, value)) if !key.is_empty() => changes.push((key.to_string(), Some(value.to_string()))),
            None if pair.len() > 1 && pair.ends_with('-') => {
                changes.push((pair[..pair.len() - 1].to_string(), None))
            }
            _ => return Err(Output::err(format!("error: {invalid}: {pair}"))),
        }
    }
    Ok((name, changes))
}

/// `kubectl create deployment NAME --image=IMAGE… [--replicas=N] [--port=P]`, as
/// `create_deployment.go` builds it: labels and selector `app: NAME`, one container per image
/// named after the image's last path element without tag or digest.
fn create_deployment(cluster: &mut Cluster, name: &str, flags: &Flags, namespace: &str) -> Output {
    if flags.images.is_empty() {
        return Output::err("error: required flag(s) \"image\" not set");
    }
    if cluster.deployment(namespace, name).is_some() {
        return Output::err(format!(
            "error: failed to create deployment: deployments.apps \"{name}\" already exists"
        ));
    }
    let replicas = match flags.replicas.as_deref().map(str::parse::<i32>) {
        None => 1,
        Some(Ok(n)) => n,
        Some(Err(_)) => return Output::err(
            "error: invalid argument for \"-r, --replicas\" flag: strconv.ParseInt: parsing: invalid syntax",
        ),
    };
    let mut containers = String::new();
    let mut names: Vec<String> = Vec::new();
    for (i, image) in flags.images.iter().enumerate() {
        let base = image.rsplit('/').next().unwrap_or(image);
        let base = base
            .split(':')
            .next()
            .unwrap_or(base)
            .split('@')
            .next()
            .unwrap_or(base);
        let mut container = base.replace('_', "-");
        if names.contains(&container) {
            // sanitizeAndUniquify appends a random suffix; an index keeps runs reproducible.
            container = format!("{container}-{i}");
        }
        containers.push_str(&format!(
            "      - name: {}\n        image: {}\n",
            quote_yaml(&container),
            quote_yaml(image)
        ));
        if i == 0 {
            if let Some(port) = &flags.port {
                containers.push_str(&format!(
                    "        ports:\n        - containerPort: {}\n",
                    quote_yaml(port)
                ));
            }
        }
        names.push(container);
    }
    let yaml = format!(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {n}\n  namespace: {ns}\n  labels:\n    app: {n}\nspec:\n  replicas: {replicas}\n  selector:\n    matchLabels:\n      app: {n}\n  template:\n    metadata:\n      labels:\n        app: {n}\n    spec:\n      containers:\n{containers}",
        n = quote_yaml(name),
        ns = quote_yaml(namespace),
    );
    created(
        cluster,
        &yaml,
        "Deployment",
        name,
        format!("deployment.apps/{name} created\n"),
    )
}

/// `kubectl expose deployment NAME --port=P [--target-port=T] [--type=T] [--name=N]`: a Service
/// with the Deployment's selector and labels, as `expose.go` generates it. Without `--port`,
/// the pod template's one container port is used.
fn expose(cluster: &mut Cluster, name: &str, flags: &Flags, namespace: &str) -> Output {
    let Some(d) = cluster.deployment(namespace, name) else {
        return Output::err(format!(
            "Error from server (NotFound): deployments.apps \"{name}\" not found"
        ));
    };
    if !d.spec.match_expressions.is_empty() {
        return Output::err(format!(
            "error: couldn't retrieve selectors via --selector flag or introspection: the Deployment \"{name}\" uses match expressions, which cannot be converted to a Service selector"
        ));
    }
    let template_ports: Vec<i32> = d
        .spec
        .template
        .containers
        .iter()
        .flat_map(|c| c.ports.iter().map(|p| p.container_port))
        .collect();
    let port = match (&flags.port, template_ports.as_slice()) {
        (Some(p), _) => p.clone(),
        (None, [only]) => only.to_string(),
        (None, _) => {
            return Output::err(
                "error: couldn't find port via --port flag or introspection\nSee 'kubectl expose -h' for help and examples",
            )
        }
    };
    let service = flags.name.clone().unwrap_or_else(|| name.to_string());
    if cluster
        .services()
        .any(|s| s.spec.namespace == namespace && s.spec.name == service)
    {
        return Output::err(format!(
            "Error from server (AlreadyExists): services \"{service}\" already exists"
        ));
    }
    let map = |m: &std::collections::BTreeMap<String, String>, indent: &str| -> String {
        m.iter()
            .map(|(k, v)| format!("{indent}{}: {}\n", quote_yaml(k), quote_yaml(v)))
            .collect()
    };
    let mut yaml = format!(
        "apiVersion: v1\nkind: Service\nmetadata:\n  name: {}\n  namespace: {}\n",
        quote_yaml(&service),
        quote_yaml(namespace)
    );
    if !d.spec.labels.is_empty() {
        yaml.push_str(&format!("  labels:\n{}", map(&d.spec.labels, "    ")));
    }
    yaml.push_str(&format!(
        "spec:\n  selector:\n{}  ports:\n  - port: {}\n",
        map(&d.spec.selector, "    "),
        quote_yaml(&port)
    ));
    if let Some(protocol) = &flags.protocol {
        yaml.push_str(&format!("    protocol: {}\n", quote_yaml(protocol)));
    }
    yaml.push_str(&format!(
        "    targetPort: {}\n",
        quote_yaml(flags.target_port.as_deref().unwrap_or(&port))
    ));
    if let Some(t) = &flags.service_type {
        yaml.push_str(&format!("  type: {}\n", quote_yaml(t)));
    }
    created(
        cluster,
        &yaml,
        "Service",
        &service,
        format!("service/{service} exposed\n"),
    )
}

/// Applies a generated object: the API server's error if it is invalid (`The Kind "name" is
/// invalid: …`, several causes in brackets), else `message`.
fn created(cluster: &mut Cluster, yaml: &str, kind: &str, name: &str, message: String) -> Output {
    let outcome = cluster.apply(yaml);
    let causes: Vec<&str> = outcome
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.message.as_str())
        .collect();
    match causes.as_slice() {
        [] => Output::ok(message),
        [one] if one.contains(" is invalid: ") => Output::err(format!("The {one}\n")),
        [one] if server_status(one).is_some() => Output::err(format!(
            "Error from server ({}): {one}\n",
            server_status(one).unwrap_or_default()
        )),
        [one] => Output::err(format!("The {kind} \"{name}\" is invalid: {one}\n")),
        many => Output::err(format!(
            "The {kind} \"{name}\" is invalid: [{}]\n",
            many.join(", ")
        )),
    }
}

/// A YAML scalar for generated manifests: digits stay numbers, anything else is a
/// double-quoted string with YAML escapes, so no user text can change the document's shape.
fn quote_yaml(s: &str) -> String {
    if !s.is_empty() && s.len() < 10 && s.bytes().all(|b| b.is_ascii_digit()) {
        return s.to_string();
    }
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => out.push_str(&format!("\\x{:02x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// `--sort-by=.lastTimestamp` (or `{.metadata.name}`): a stable sort on a field of each
/// object; objects without it come first, and a field none has is kubectl's error.
fn sort_by_field(items: &mut [Item], path: &str) -> Result<(), Output> {
    let inner = path.trim().trim_start_matches('{').trim_end_matches('}');
    let expression = format!(
        "{{{}}}",
        if inner.starts_with('.') {
            inner.to_string()
        } else {
            format!(".{inner}")
        }
    );
    let field = |item: &Item| {
        inner
            .split('.')
            .filter(|k| !k.is_empty())
            .try_fold(&item.object, |v, k| v.get(k))
            .cloned()
    };
    if !items.is_empty() && items.iter().all(|i| field(i).is_none()) {
        return Err(Output::err(format!(
            "error: couldn't find any field with path \"{expression}\" in the list of objects"
        )));
    }
    let rank = |v: &Option<Value>| match v {
        None | Some(Value::Null) => (0, 0.0, String::new()),
        Some(Value::Bool(b)) => (1, f64::from(u8::from(*b)), String::new()),
        Some(Value::Number(n)) => (2, n.as_f64().unwrap_or(0.0), String::new()),
        Some(Value::String(s)) => (3, 0.0, s.clone()),
        Some(other) => (4, 0.0, other.to_string()),
    };
    items.small_sort_by(|a, b| {
        let (a, b) = (rank(&field(a)), rank(&field(b)));
        a.0.cmp(&b.0)
            .then(a.1.partial_cmp(&b.1).unwrap_or(std::cmp::Ordering::Equal))
            .then_with(|| a.2.cmp(&b.2))
    });
    Ok(())
}

/// The Events section of `kubectl describe` for `object` (in `namespace`, if given), sorted by
/// lastTimestamp as `DescribeEvents` sorts them; `None` when there are none, since each
/// describer prints `<none>` in its own layout.
fn describe_events(cluster: &Cluster, object: &str, namespace: Option<&str>) -> Option<String> {
    let now = cluster.now_ms();
    let mut events: Vec<&crate::cluster::Event> = cluster
        .events()
        .iter()
        .filter(|e| e.object == object && namespace.is_none_or(|ns| e.namespace == ns))
        .collect();
    if events.is_empty() {
        return None;
    }
    events.small_sort_by_key(|e| e.last_timestamp_ms());
    let mut text =
        String::from("Events:\n  Type\tReason\tAge\tFrom\tMessage\n  ----\t------\t----\t----\t-------\n");
    for e in events {
        text.push_str(&format!(
            "  {}\t{}\t{}\t{}\t{}\n",
            e.event_type,
            e.reason,
            event_interval(e, now),
            e.source,
            e.message.trim()
        ));
    }
    Some(table::tabwrite(&text, 0, 2))
}

/// The Age column of `describe`'s Events: `10s`, or `10s (x3 over 2m)` for a repeated event.
fn event_interval(e: &crate::cluster::Event, now: u64) -> String {
    let first = human_duration(now.saturating_sub(e.first_timestamp_ms()));
    if e.count > 1 {
        format!(
            "{} (x{} over {first})",
            human_duration(now.saturating_sub(e.last_timestamp_ms())),
            e.count
        )
    } else {
        first
    }
}

fn cordon(cluster: &mut Cluster, node: &str, on: bool) -> Output {
    let node = node.strip_prefix("node/").unwrap_or(node);
    let already = cluster
        .nodes()
        .iter()
        .find(|n| n.name == node)
        .map(|n| n.unschedulable == on);
    match already {
        None => Output::err(format!(
            "Error from server (NotFound): nodes \"{node}\" not found"
        )),
        Some(same) => {
            cluster.set_unschedulable(node, on);
            let verb = if on { "cordoned" } else { "uncordoned" };
            Output::ok(if same {
                format!("node/{node} already {verb}\n")
            } else {
                format!("node/{node} {verb}\n")
            })
        }
    }
}

/// Splits `deployment/web` or `deployment web` into a resource and a name.
fn target<'a>(args: &[&'a str]) -> Result<(Resource, Option<&'a str>, usize), Output> {
    let Some(first) = args.first() else {
        return Err(Output::err(
            "error: You must specify the type of resource to get. Use \"kubectl api-resources\" for a complete list of supported resources.",
        ));
    };
    let (kind, name, used) = match first.split_once('/') {
        Some((k, n)) => (k, Some(n), 1),
        None => (*first, args.get(1).copied(), 2),
    };
    let resource = Resource::parse(kind).ok_or_else(|| {
        Output::err(format!(
            "error: the server doesn't have a resource type \"{kind}\""
        ))
    })?;
    Ok((resource, name, used))
}

fn get(cluster: &Cluster, args: &[&str], flags: &Flags, namespace: &str) -> Output {
    let Some(first) = args.first() else {
        return target(args).err().unwrap_or_default();
    };
    let resources: Vec<Resource> = if *first == "all" {
        vec![
            Resource::Pods,
            Resource::Services,
            Resource::Deployments,
            Resource::ReplicaSets,
        ]
    } else if first.contains(',') && !first.contains('/') {
        match first
            .split(',')
            .map(|k| Resource::parse(k).ok_or(k))
            .collect::<Result<Vec<_>, _>>()
        {
            Ok(r) => r,
            Err(k) => return Output::err(format!("error: the server doesn't have a resource type \"{k}\"")),
        }
    } else {
        match target(args) {
            Ok((r, _, _)) => vec![r],
            Err(e) => return e,
        }
    };
    let names: Vec<&str> = match first.split_once('/') {
        Some((_, n)) => std::iter::once(n).chain(args[1..].iter().copied()).collect(),
        None => args[1..].to_vec(),
    };
    let format = flags.output.as_deref().unwrap_or("");
    if !["", "wide", "name", "json", "yaml"].contains(&format) {
        return Output::err(format!(
            "error: unable to match a printer suitable for the output format \"{format}\", allowed formats are: json,name,wide,yaml"
        ));
    }
    let prefix_kind = resources.len() > 1;
    let mut out = Output::default();
    let mut json_items = Vec::new();
    let mut printed_any = false;
    for resource in resources {
        let need = matches!(format, "json" | "yaml")
            || flags.selector.is_some()
            || flags.sort_by.is_some()
            || flags.show_labels;
        let mut items = list(cluster, resource, need);
        // The API server lists in key order: namespace, then name. kubectl does not re-sort
        // events (kubernetes#29838): they come grouped by object name, each `<object>.<hex
        // nanoseconds>`, so pods' events come before their ReplicaSet's and Deployment's.
        items.small_sort_by(|a, b| (&a.namespace, &a.name).cmp(&(&b.namespace, &b.name)));
        if resource.namespaced() && !flags.all_namespaces {
            items.retain(|i| i.namespace == namespace);
        }
        if let Some(path) = &flags.sort_by {
            if let Err(e) = sort_by_field(&mut items, path) {
                return e;
            }
        }
        if let Some(selector) = &flags.selector {
            items.retain(|i| matches_selector(&i.object, selector));
        }
        if !names.is_empty() {
            for name in &names {
                if !items.iter().any(|i| i.name == *name) {
                    out.stderr.push_str(&format!(
                        "Error from server (NotFound): {} \"{name}\" not found\n",
                        resource.plural()
                    ));
                    out.exit_code = 1;
                }
            }
            items.retain(|i| names.contains(&i.name.as_str()));
        }
        if resource == Resource::Endpoints && !items.is_empty() {
            out.stderr.push_str(
                "Warning: v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 EndpointSlice\n",
            );
        }
        if items.is_empty() {
            continue;
        }
        match format {
            "json" | "yaml" => json_items.extend(items.into_iter().map(|i| i.object)),
            "name" => {
                for i in items {
                    out.stdout
                        .push_str(&format!("{}/{}\n", resource.kind_prefix(), i.name));
                }
            }
            _ => {
                if printed_any {
                    out.stdout.push('\n');
                }
                printed_any = true;
                let mut rows = vec![header(resource, format == "wide")];
                for i in items {
                    let mut row = i.cells;
                    if prefix_kind {
                        // As kubectl prints several kinds: `deployment.apps/web`, `service/web`.
                        row[0] = format!("{}/{}", resource.kind_prefix(), row[0]);
                    }
                    if format == "wide" {
                        if resource == Resource::Events {
                            row = i.wide;
                        } else {
                            row.extend(i.wide);
                        }
                    }
                    if flags.show_labels {
                        // kubectl's LABELS column: key=value pairs sorted by key, comma-joined.
                        let labels = i.object["metadata"]["labels"]
                            .as_object()
                            .filter(|m| !m.is_empty())
                            .map_or_else(
                                || "<none>".to_string(),
                                |m| {
                                    m.iter()
                                        .map(|(k, v)| format!("{k}={}", v.as_str().unwrap_or_default()))
                                        .collect::<Vec<_>>()
                                        .join(",")
                                },
                            );
                        row.push(labels);
                    }
                    if flags.all_namespaces && resource.namespaced() {
                        row.insert(0, i.namespace);
                    }
                    rows.push(row);
                }
                if flags.show_labels {
                    rows[0].push("LABELS".into());
                }
                if flags.all_namespaces && resource.namespaced() {
                    rows[0].insert(0, "NAMESPACE".into());
                }
                out.stdout.push_str(&table::render(&rows));
            }
        }
    }
    if matches!(format, "json" | "yaml") && json_items.is_empty() && !names.is_empty() {
        // Every name was missing: kubectl prints the errors and no empty List.
        out.stdout.clear();
    } else if matches!(format, "json" | "yaml") {
        let value = if json_items.len() == 1 && !names.is_empty() {
            json_items.remove(0)
        } else {
            json!({"apiVersion": "v1", "items": json_items, "kind": "List", "metadata": {"resourceVersion": ""}})
        };
        out.stdout = if format == "json" {
            serde_json::to_string_pretty(&value).unwrap_or_default() + "\n"
        } else {
            crate::yaml_out::to_yaml(&value)
        };
    } else if out.stdout.is_empty() && out.exit_code == 0 {
        out.stderr.push_str(&if flags.all_namespaces {
            "No resources found\n".to_string()
        } else {
            format!("No resources found in {namespace} namespace.\n")
        });
    }
    out
}

/// `-l` against a label map (the same selector syntax as for `get`).
fn labels_match(selector: &str, labels: &std::collections::BTreeMap<String, String>) -> bool {
    crate::api::LabelSelector::parse_query(selector).matches(labels)
}

/// Adds an object's own labels and annotations to its `metadata` (annotations the system
/// already set, like the revision, stay).
fn with_metadata(
    mut object: Value,
    labels: &std::collections::BTreeMap<String, String>,
    annotations: &std::collections::BTreeMap<String, String>,
) -> Value {
    if let Some(meta) = object.get_mut("metadata").and_then(Value::as_object_mut) {
        if !labels.is_empty() {
            meta.insert("labels".into(), json!(labels));
        }
        if !annotations.is_empty() {
            let merged = meta.entry("annotations").or_insert_with(|| json!({}));
            if let Some(merged) = merged.as_object_mut() {
                for (k, v) in annotations {
                    merged.entry(k.clone()).or_insert_with(|| json!(v));
                }
            }
        }
    }
    object
}

fn matches_selector(object: &Value, selector: &str) -> bool {
    let labels = object["metadata"]["labels"]
        .as_object()
        .into_iter()
        .flatten()
        .filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_string())))
        .collect();
    labels_match(selector, &labels)
}

fn header(resource: Resource, wide: bool) -> Vec<String> {
    let (base, extra): (&[&str], &[&str]) = match resource {
        Resource::Pods => (
            &["NAME", "READY", "STATUS", "RESTARTS", "AGE"],
            &["IP", "NODE", "NOMINATED NODE", "READINESS GATES"],
        ),
        Resource::Deployments => (
            &["NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE"],
            &["CONTAINERS", "IMAGES", "SELECTOR"],
        ),
        Resource::ReplicaSets => (
            &["NAME", "DESIRED", "CURRENT", "READY", "AGE"],
            &["CONTAINERS", "IMAGES", "SELECTOR"],
        ),
        Resource::Services => (
            &["NAME", "TYPE", "CLUSTER-IP", "EXTERNAL-IP", "PORT(S)", "AGE"],
            &["SELECTOR"],
        ),
        Resource::Endpoints => (&["NAME", "ENDPOINTS", "AGE"], &[]),
        Resource::EndpointSlices => (&["NAME", "ADDRESSTYPE", "PORTS", "ENDPOINTS", "AGE"], &[]),
        Resource::Nodes => (
            &["NAME", "STATUS", "ROLES", "AGE", "VERSION"],
            &[
                "INTERNAL-IP",
                "EXTERNAL-IP",
                "OS-IMAGE",
                "KERNEL-VERSION",
                "CONTAINER-RUNTIME",
            ],
        ),
        Resource::Events if wide => (
            &[
                "LAST SEEN",
                "TYPE",
                "REASON",
                "OBJECT",
                "SUBOBJECT",
                "SOURCE",
                "MESSAGE",
                "FIRST SEEN",
                "COUNT",
                "NAME",
            ],
            &[],
        ),
        Resource::Events => (&["LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"], &[]),
        Resource::Namespaces => (&["NAME", "STATUS", "AGE"], &[]),
        Resource::Ingresses => (&["NAME", "CLASS", "HOSTS", "ADDRESS", "PORTS", "AGE"], &[]),
        Resource::IngressClasses => (&["NAME", "CONTROLLER", "PARAMETERS", "AGE"], &[]),
    };
    let mut h: Vec<String> = base.iter().map(|s| s.to_string()).collect();
    if wide {
        h.extend(extra.iter().map(|s| s.to_string()));
    }
    h
}

fn selector_text(selector: &std::collections::BTreeMap<String, String>) -> String {
    if selector.is_empty() {
        return "<none>".into();
    }
    selector
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join(",")
}

/// A Service's spec as the API server returns it: as written, with its allocations (ClusterIP,
/// nodePorts) and defaults (`SetDefaults_Service`: session affinity, traffic policies, IP
/// families).
fn service_spec(s: &crate::cluster::Service) -> Value {
    let spec = &s.spec;
    let mut out = json!({"type": spec.service_type, "sessionAffinity": "None"});
    if spec.service_type == "ExternalName" {
        out["externalName"] = json!(spec.external_name);
        return out;
    }
    out["clusterIP"] = json!(s.cluster_ip);
    out["clusterIPs"] = json!([s.cluster_ip]);
    out["internalTrafficPolicy"] = json!(spec.internal_traffic_policy);
    out["ipFamilies"] = json!(["IPv4"]);
    out["ipFamilyPolicy"] = json!("SingleStack");
    if !spec.selector.is_empty() {
        out["selector"] = labels_json(&spec.selector);
    }
    out["ports"] = spec
        .ports
        .iter()
        .zip(s.node_ports.iter().chain(std::iter::repeat(&None)))
        .map(|(p, node_port)| {
            let mut v =
                json!({"port": p.port, "protocol": p.protocol, "targetPort": int_or_string(&p.target_port)});
            if let Some(n) = &p.name {
                v["name"] = json!(n);
            }
            if let Some(np) = node_port {
                v["nodePort"] = json!(np);
            }
            v
        })
        .collect();
    if let Some(timeout) = spec.session_affinity_timeout {
        out["sessionAffinity"] = json!("ClientIP");
        out["sessionAffinityConfig"] = json!({"clientIP": {"timeoutSeconds": timeout}});
    }
    if let Some(policy) = &spec.external_traffic_policy {
        out["externalTrafficPolicy"] = json!(policy);
    }
    if spec.service_type == "LoadBalancer" {
        out["allocateLoadBalancerNodePorts"] = json!(true);
    }
    if spec.publish_not_ready_addresses {
        out["publishNotReadyAddresses"] = json!(true);
    }
    if !spec.external_ips.is_empty() {
        out["externalIPs"] = json!(spec.external_ips);
    }
    out
}

/// An intOrString field as the API returns it: `25%` or `1`.
fn int_or_string(value: &crate::manifest::IntOrString) -> Value {
    match value {
        crate::manifest::IntOrString::Int(i) => json!(i),
        crate::manifest::IntOrString::String(s) => json!(s),
    }
}

fn labels_json(labels: &std::collections::BTreeMap<String, String>) -> Value {
    Value::Object(
        labels
            .iter()
            .map(|(k, v)| (k.clone(), Value::String(v.clone())))
            .collect(),
    )
}

fn pod_object(p: &Pod) -> Value {
    let template = p.template.to_json();
    let mut spec = template.get("spec").cloned().unwrap_or_else(|| json!({}));
    crate::api::defaults::pod(&mut spec);
    if let Some(node) = &p.node {
        spec["nodeName"] = json!(node);
    }
    let mut status = json!({"phase": p.phase.as_str(), "qosClass": "BestEffort"});
    if let Some(ip) = &p.ip {
        status["podIP"] = json!(ip);
        status["podIPs"] = json!([{"ip": ip}]);
    }
    status["conditions"] = json!([
        {"type": "PodScheduled", "status": if p.node.is_some() { "True" } else { "False" }},
        {"type": "Ready", "status": if p.ready { "True" } else { "False" }},
    ]);
    let mut metadata = json!({
        "name": p.name, "namespace": p.namespace, "uid": p.uid,
        "generateName": format!("{}-", p.owner),
        "labels": labels_json(&p.labels),
        "creationTimestamp": table::timestamp(p.created_ms),
        "ownerReferences": [{"apiVersion": "apps/v1", "kind": "ReplicaSet", "name": p.owner,
                             "controller": true, "blockOwnerDeletion": true}],
    });
    if !p.annotations.is_empty() {
        metadata["annotations"] = labels_json(&p.annotations);
    }
    if let Some(d) = p.deletion_ms {
        metadata["deletionTimestamp"] = json!(table::timestamp(d));
    }
    json!({"apiVersion": "v1", "kind": "Pod", "metadata": metadata, "spec": spec, "status": status})
}

fn event_object(e: &crate::cluster::Event) -> Value {
    let kind = match e.kind() {
        "deployment" => "Deployment",
        "replicaset" => "ReplicaSet",
        "service" => "Service",
        "node" => "Node",
        _ => "Pod",
    };
    let mut involved = json!({"kind": kind, "name": e.object_name()});
    if kind != "Node" {
        involved["namespace"] = json!(e.namespace);
    }
    if !e.field_path.is_empty() {
        involved["fieldPath"] = json!(e.field_path);
    }
    let mut source = json!({"component": e.source});
    if !e.host.is_empty() {
        source["host"] = json!(e.host);
    }
    json!({"apiVersion": "v1", "kind": "Event", "type": e.event_type, "reason": e.reason,
           "message": e.message, "count": e.count, "involvedObject": involved, "source": source,
           "metadata": {"name": e.name, "namespace": e.namespace, "creationTimestamp": table::timestamp(e.first_ms)},
           "firstTimestamp": table::timestamp(e.first_ms), "lastTimestamp": table::timestamp(e.last_ms)})
}

/// `make()` if it is needed, `null` if not.
fn object(need: bool, make: impl FnOnce() -> Value) -> Value {
    if need {
        make()
    } else {
        Value::Null
    }
}

/// The listed objects of `resource`, their machine-readable form built only when `need`s it
/// (`-o json|yaml`, `-l`, `--sort-by`, `--show-labels`): a table does without it, and a watch
/// lists every half second of virtual time.
fn list(cluster: &Cluster, resource: Resource, need: bool) -> Vec<Item> {
    let now = cluster.now_ms();
    let age = |t: u64| human_duration(now.saturating_sub(t));
    match resource {
        Resource::Pods => cluster
            .pods()
            .iter()
            .map(|p| Item {
                namespace: p.namespace.clone(),
                name: p.name.clone(),
                cells: vec![
                    p.name.clone(),
                    format!("{}/1", u8::from(p.ready)),
                    p.status().into(),
                    p.restarts.to_string(),
                    age(p.created_ms),
                ],
                wide: vec![
                    p.ip.clone().unwrap_or_else(|| "<none>".into()),
                    p.node.clone().unwrap_or_else(|| "<none>".into()),
                    "<none>".into(),
                    "<none>".into(),
                ],
                object: object(need, || pod_object(p)),
            })
            .collect(),
        Resource::Deployments => cluster
            .deployments()
            .map(|d| {
                let s = &d.status;
                let spec = &d.spec;
                Item {
                    namespace: spec.namespace.clone(),
                    name: spec.name.clone(),
                    cells: vec![
                        spec.name.clone(),
                        format!("{}/{}", s.ready_replicas, spec.replicas),
                        s.updated_replicas.to_string(),
                        s.available_replicas.to_string(),
                        age(d.created_ms),
                    ],
                    wide: vec![
                        spec.template.containers.iter().map(|c| c.name.clone()).collect::<Vec<_>>().join(","),
                        spec.template.containers.iter().map(|c| c.image.clone()).collect::<Vec<_>>().join(","),
                        selector_text(&spec.selector),
                    ],
                    object: object(need, || with_metadata(json!({
                        "apiVersion": "apps/v1", "kind": "Deployment",
                        "metadata": {"name": spec.name, "namespace": spec.namespace, "generation": d.generation,
                                     "creationTimestamp": table::timestamp(d.created_ms),
                                     "annotations": {"deployment.kubernetes.io/revision": s.revision.to_string()}},
                        "spec": ({
                            let mut written = json!({"replicas": spec.replicas, "selector": {"matchLabels": labels_json(&spec.selector)},
                                "template": spec.template.to_json(),
                                "strategy": match &spec.strategy {
                                    crate::manifest::DeploymentStrategy::Recreate => json!({"type": "Recreate"}),
                                    crate::manifest::DeploymentStrategy::RollingUpdate { max_surge, max_unavailable } =>
                                        json!({"type": "RollingUpdate", "rollingUpdate": {"maxSurge": int_or_string(max_surge), "maxUnavailable": int_or_string(max_unavailable)}}),
                                },
                                "minReadySeconds": spec.min_ready_seconds});
                            if spec.min_ready_seconds == 0 {
                                written.as_object_mut().map(|o| o.remove("minReadySeconds"));
                            }
                            crate::api::defaults::deployment_spec(&mut written);
                            written
                        }),
                        "status": {"observedGeneration": d.observed_generation, "replicas": s.replicas,
                                   "updatedReplicas": s.updated_replicas, "readyReplicas": s.ready_replicas,
                                   "availableReplicas": s.available_replicas, "unavailableReplicas": s.unavailable_replicas,
                                   "conditions": d.conditions.iter().map(|c| json!({
                                       "type": c.condition_type, "status": c.status, "reason": c.reason, "message": c.message,
                                       "lastUpdateTime": table::timestamp(c.last_update_ms),
                                       "lastTransitionTime": table::timestamp(c.last_transition_ms)})).collect::<Vec<_>>()},
                    }), &spec.labels, &spec.annotations)),
                }
            })
            .collect(),
        Resource::ReplicaSets => cluster
            .replica_sets()
            .iter()
            .map(|rs| {
                let pods: Vec<&Pod> = cluster.pods().iter().filter(|p| p.owner == rs.name && p.is_active()).collect();
                let ready = pods.iter().filter(|p| p.ready).count();
                let mut selector = std::collections::BTreeMap::new();
                if let Some(d) = cluster.deployment(&rs.namespace, &rs.owner) {
                    selector = d.spec.selector.clone();
                }
                selector.insert("pod-template-hash".to_string(), rs.template_hash.clone());
                Item {
                    namespace: rs.namespace.clone(),
                    name: rs.name.clone(),
                    cells: vec![
                        rs.name.clone(),
                        rs.replicas.to_string(),
                        pods.len().to_string(),
                        ready.to_string(),
                        age(rs.created_ms),
                    ],
                    wide: vec![
                        rs.template.containers.iter().map(|c| c.name.clone()).collect::<Vec<_>>().join(","),
                        rs.template.containers.iter().map(|c| c.image.clone()).collect::<Vec<_>>().join(","),
                        selector_text(&selector),
                    ],
                    object: object(need, || with_metadata(json!({
                        "apiVersion": "apps/v1", "kind": "ReplicaSet",
                        "metadata": {"name": rs.name, "namespace": rs.namespace,
                                     "annotations": {"deployment.kubernetes.io/revision": rs.revision.to_string(),
                                                     "deployment.kubernetes.io/desired-replicas": rs.desired_replicas.to_string(),
                                                     "deployment.kubernetes.io/max-replicas": rs.max_replicas.to_string()},
                                     "ownerReferences": [{"apiVersion": "apps/v1", "kind": "Deployment", "name": rs.owner, "controller": true, "blockOwnerDeletion": true}]},
                        "spec": ({
                            let mut template = rs.template.to_json();
                            let mut labels = rs.template.labels.clone();
                            labels.insert("pod-template-hash".into(), rs.template_hash.clone());
                            if let Some(t) = template.as_object_mut() {
                                t.entry("metadata").or_insert_with(|| json!({}))["labels"] = labels_json(&labels);
                            }
                            crate::api::defaults::pod_template(&mut template);
                            json!({"replicas": rs.replicas, "selector": {"matchLabels": labels_json(&selector)}, "template": template})
                        }),
                        "status": {"replicas": pods.len(), "readyReplicas": ready},
                    }), &{
                        let mut labels = rs.template.labels.clone();
                        labels.insert("pod-template-hash".into(), rs.template_hash.clone());
                        labels
                    }, &std::collections::BTreeMap::new())),
                }
            })
            .collect(),
        Resource::Services => cluster
            .services()
            .map(|s| {
                let spec = &s.spec;
                let ports = spec
                    .ports
                    .iter()
                    .enumerate()
                    .map(|(i, p)| match s.node_ports.get(i).copied().flatten() {
                        Some(node_port) => format!("{}:{node_port}/{}", p.port, p.protocol),
                        None => format!("{}/{}", p.port, p.protocol),
                    })
                    .collect::<Vec<_>>()
                    .join(",");
                let external_ip = match spec.service_type.as_str() {
                    "LoadBalancer" => s.load_balancer_ip.clone().unwrap_or_else(|| "<pending>".into()),
                    "ExternalName" => spec.external_name.clone().unwrap_or_else(|| "<none>".into()),
                    _ if !spec.external_ips.is_empty() => spec.external_ips.join(","),
                    _ => "<none>".into(),
                };
                Item {
                    namespace: spec.namespace.clone(),
                    name: spec.name.clone(),
                    cells: vec![
                        spec.name.clone(),
                        spec.service_type.clone(),
                        s.cluster_ip.clone(),
                        external_ip,
                        if ports.is_empty() { "<none>".into() } else { ports },
                        age(s.created_ms),
                    ],
                    wide: vec![selector_text(&spec.selector)],
                    object: object(need, || with_metadata(json!({
                        "apiVersion": "v1", "kind": "Service",
                        "metadata": {"name": spec.name, "namespace": spec.namespace,
                                     "creationTimestamp": table::timestamp(s.created_ms)},
                        "spec": service_spec(s),
                        "status": {"loadBalancer": match &s.load_balancer_ip {
                            Some(ip) => json!({"ingress": [{"ip": ip, "ipMode": "VIP"}]}),
                            None => json!({}),
                        }},
                    }), &spec.labels, &spec.annotations)),
                }
            })
            .collect(),
        Resource::Endpoints => cluster
            .services()
            .map(|s| {
                let slice = cluster.endpoint_slice(s);
                let addresses: Vec<String> = slice
                    .iter()
                    .flat_map(|sl| {
                        sl.endpoints.iter().filter(|e| e.conditions.ready).flat_map(move |e| {
                            sl.ports.iter().map(move |p| format!("{}:{}", e.address, p.port))
                        })
                    })
                    .collect();
                let shown = if addresses.is_empty() {
                    "<none>".to_string()
                } else if addresses.len() > 3 {
                    format!("{} + {} more...", addresses[..3].join(","), addresses.len() - 3)
                } else {
                    addresses.join(",")
                };
                Item {
                    namespace: s.spec.namespace.clone(),
                    name: s.spec.name.clone(),
                    cells: vec![s.spec.name.clone(), shown, age(s.created_ms)],
                    wide: vec![],
                    object: object(need, || json!({"apiVersion": "v1", "kind": "Endpoints",
                                   "metadata": {"name": s.spec.name, "namespace": s.spec.namespace},
                                   "subsets": [{"addresses": addresses}]})),
                }
            })
            .collect(),
        Resource::EndpointSlices => cluster
            .services()
            .filter_map(|s| cluster.endpoint_slice(s).map(|slice| (s, slice)))
            .map(|(s, slice)| {
                let ports = if slice.ports.is_empty() {
                    "<unset>".to_string()
                } else {
                    slice.ports.iter().map(|p| p.port.to_string()).collect::<Vec<_>>().join(",")
                };
                let addresses: Vec<&str> = slice.endpoints.iter().map(|e| e.address.as_str()).collect();
                let shown = match addresses.len() {
                    0 => "<none>".to_string(),
                    n if n > 3 => format!("{} + {} more...", addresses[..3].join(","), n - 3),
                    _ => addresses.join(","),
                };
                Item {
                    namespace: slice.namespace.clone(),
                    name: slice.name.clone(),
                    cells: vec![slice.name.clone(), "IPv4".into(), ports, shown, age(s.created_ms)],
                    wide: vec![],
                    object: object(need, || json!({
                        "apiVersion": "discovery.k8s.io/v1", "kind": "EndpointSlice", "addressType": "IPv4",
                        "metadata": {"name": slice.name, "namespace": slice.namespace, "generateName": format!("{}-", slice.service),
                                     "labels": {"kubernetes.io/service-name": slice.service,
                                                "endpointslice.kubernetes.io/managed-by": "endpointslice-controller.k8s.io"},
                                     "ownerReferences": [{"apiVersion": "v1", "kind": "Service", "name": slice.service, "controller": true, "blockOwnerDeletion": true}]},
                        "endpoints": slice.endpoints.iter().map(|e| json!({
                            "addresses": [e.address], "nodeName": e.node_name,
                            "conditions": {"ready": e.conditions.ready, "serving": e.conditions.serving, "terminating": e.conditions.terminating},
                            "targetRef": {"kind": "Pod", "name": e.pod, "namespace": slice.namespace},
                        })).collect::<Vec<_>>(),
                        "ports": slice.ports.iter().map(|p| json!({"name": p.name, "port": p.port, "protocol": p.protocol})).collect::<Vec<_>>(),
                    })),
                }
            })
            .collect(),
        Resource::Nodes => cluster
            .nodes()
            .iter()
            .map(|n| Item {
                namespace: String::new(),
                name: n.name.clone(),
                cells: vec![
                    n.name.clone(),
                    match (n.ready_at(now), n.unschedulable) {
                        (true, false) => "Ready".into(),
                        (true, true) => "Ready,SchedulingDisabled".into(),
                        (false, false) => "NotReady".into(),
                        (false, true) => "NotReady,SchedulingDisabled".into(),
                    },
                    if n.taint().is_some() { "control-plane".into() } else { "<none>".into() },
                    age(n.created_ms),
                    "v1.35.0".into(),
                ],
                wide: vec![
                    n.internal_ip.clone(),
                    "<none>".into(),
                    "Debian GNU/Linux 12 (bookworm)".into(),
                    "6.8.0-podscape".into(),
                    "containerd://2.1.1".into(),
                ],
                object: object(need, || json!({"apiVersion": "v1", "kind": "Node",
                               "metadata": {"name": n.name, "labels": Value::Object(n.labels().into_iter().map(|(k, v)| (k, Value::String(v))).collect())},
                               "spec": {"podCIDR": n.pod_cidr(), "podCIDRs": [n.pod_cidr()]},
                               "status": {"addresses": [{"type": "InternalIP", "address": n.internal_ip}, {"type": "Hostname", "address": n.name}]}})),
            })
            .collect(),
        Resource::Events => cluster
            .events()
            .iter()
            .map(|e| {
                let message = e.message.trim().to_string();
                Item {
                    namespace: e.namespace.clone(),
                    name: e.name.clone(),
                    cells: vec![age(e.last_timestamp_ms()), e.event_type.into(), e.reason.into(), e.object.clone(), message.clone()],
                    // printEvent's wide row is a row of its own: SUBOBJECT and SOURCE sit before MESSAGE.
                    wide: vec![
                        age(e.last_timestamp_ms()),
                        e.event_type.into(),
                        e.reason.into(),
                        e.object.clone(),
                        e.field_path.clone(),
                        e.source_text(),
                        message,
                        age(e.first_timestamp_ms()),
                        e.count.to_string(),
                        e.name.clone(),
                    ],
                    object: object(need, || event_object(e)),
                }
            })
            .collect(),
        Resource::Namespaces => ["default", "kube-node-lease", "kube-public", "kube-system", "local-path-storage"]
            .iter()
            .map(|n| Item {
                namespace: String::new(),
                name: n.to_string(),
                cells: vec![n.to_string(), "Active".into(), age(0)],
                wide: vec![],
                object: object(need, || json!({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": n}, "status": {"phase": "Active"}})),
            })
            .collect(),
        Resource::Ingresses => cluster
            .ingresses()
            .map(|i| Item {
                namespace: i.spec.namespace.clone(),
                name: i.spec.name.clone(),
                cells: ingress_cells(i, age(i.created_ms)),
                wide: vec![],
                object: object(need, || ingress_object(i)),
            })
            .collect(),
        Resource::IngressClasses => vec![Item {
            namespace: String::new(),
            name: crate::cluster::INGRESS_CLASS.into(),
            cells: vec![
                crate::cluster::INGRESS_CLASS.into(),
                crate::cluster::INGRESS_CONTROLLER.into(),
                "<none>".into(),
                age(0),
            ],
            wide: vec![],
            object: object(need, || json!({"apiVersion": "networking.k8s.io/v1", "kind": "IngressClass",
                           "metadata": {"name": crate::cluster::INGRESS_CLASS, "creationTimestamp": table::timestamp(0),
                                        "annotations": {"ingressclass.kubernetes.io/is-default-class": "true"},
                                        "labels": {"app.kubernetes.io/component": "controller", "app.kubernetes.io/name": "ingress-nginx"}},
                           "spec": {"controller": crate::cluster::INGRESS_CONTROLLER}})),
        }],
    }
}

/// The cells of `kubectl get ingress` (printIngress): hosts as formatHosts prints them, the
/// address clipped to 16 bytes (wide shows it whole; one address always fits).
fn ingress_cells(i: &crate::cluster::Ingress, age: String) -> Vec<String> {
    let spec = &i.spec;
    let max = 3;
    let mut list = Vec::new();
    let mut more = false;
    for rule in &spec.rules {
        if list.len() == max {
            more = true;
        }
        if !more {
            if let Some(h) = rule.host.as_deref() {
                list.push(h);
            }
        }
    }
    let hosts = if list.is_empty() {
        "*".to_string()
    } else if more {
        format!("{} + {} more...", list.join(","), spec.rules.len() - max)
    } else {
        list.join(",")
    };
    let tls = spec.raw["spec"]["tls"].as_array().is_some_and(|t| !t.is_empty());
    vec![
        spec.name.clone(),
        spec.ingress_class_name.clone().unwrap_or_else(|| "<none>".into()),
        hosts,
        i.address.clone().unwrap_or_default(),
        if tls { "80, 443".into() } else { "80".into() },
        age,
    ]
}

/// The Ingress as the API server returns it: the applied object with its metadata, the
/// defaulted class and the status the controller published.
fn ingress_object(i: &crate::cluster::Ingress) -> Value {
    let mut object = match &i.spec.raw {
        Value::Object(m) => m.clone(),
        _ => serde_json::Map::new(),
    };
    let mut metadata = match object.remove("metadata") {
        Some(Value::Object(m)) => m,
        _ => serde_json::Map::new(),
    };
    metadata.insert("namespace".into(), json!(i.spec.namespace));
    metadata.insert("uid".into(), json!(i.uid));
    metadata.insert("generation".into(), json!(1));
    metadata.insert("creationTimestamp".into(), json!(table::timestamp(i.created_ms)));
    let mut spec = match object.remove("spec") {
        Some(Value::Object(m)) => m,
        _ => serde_json::Map::new(),
    };
    if let Some(class) = &i.spec.ingress_class_name {
        spec.insert("ingressClassName".into(), json!(class));
    }
    object.insert("metadata".into(), Value::Object(metadata));
    object.insert("spec".into(), Value::Object(spec));
    object.insert(
        "status".into(),
        match &i.address {
            Some(ip) => json!({"loadBalancer": {"ingress": [{"ip": ip}]}}),
            None => json!({"loadBalancer": {}}),
        },
    );
    Value::Object(object)
}

fn scale(cluster: &mut Cluster, args: &[&str], flags: &Flags, namespace: &str) -> Output {
    let (resource, name) = match target(args) {
        Ok((r, Some(n), _)) => (r, n),
        Ok((_, None, _)) => {
            return Output::err("error: resource(s) were provided, but no name was specified")
        }
        Err(e) => return e,
    };
    let Some(replicas) = flags.replicas.as_deref() else {
        return Output::err("error: required flag(s) \"replicas\" not set");
    };
    let Ok(replicas) = replicas.parse::<i32>() else {
        return Output::err(format!("error: invalid argument \"{replicas}\" for \"--replicas\" flag: strconv.ParseInt: parsing \"{replicas}\": invalid syntax"));
    };
    if replicas < 0 {
        return Output::err(
            "error: The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0",
        );
    }
    if resource != Resource::Deployments {
        return Output::err(format!(
            "error: cannot scale {} here: only deployments are simulated",
            resource.plural()
        ));
    }
    if cluster.scale_deployment(namespace, name, replicas) {
        Output::ok(format!("deployment.apps/{name} scaled\n"))
    } else {
        Output::err(format!(
            "Error from server (NotFound): deployments.apps \"{name}\" not found"
        ))
    }
}

fn delete(
    cluster: &mut Cluster,
    args: &[&str],
    flags: &Flags,
    namespace: &str,
    files: &dyn Fn(&str) -> Option<String>,
) -> Output {
    // `-f FILE`: every object the file names, in order.
    if !flags.files.is_empty() {
        let mut out = Output::default();
        for file in &flags.files {
            let Some(text) = files(file) else {
                return Output::err(format!("error: the path \"{file}\" does not exist"));
            };
            let parsed = crate::manifest::parse(&text);
            if let Some(d) = parsed.diagnostics.iter().find(|d| d.is_error()) {
                return Output::err(format!("error: {file}:{}:{}: {}", d.line, d.column, d.message));
            }
            for object in &parsed.objects {
                let resource = match object {
                    crate::manifest::Object::Deployment(_) => Resource::Deployments,
                    crate::manifest::Object::Service(_) => Resource::Services,
                };
                let ns = if object.namespace().is_empty() {
                    namespace
                } else {
                    object.namespace()
                };
                out.append(delete_named(cluster, resource, &[object.name()], ns));
            }
        }
        return out;
    }
    let (resource, first, used) = match target(args) {
        Ok(t) => t,
        Err(e) => return e,
    };
    // `-l SELECTOR`: every object of the kind whose labels match.
    if let Some(selector) = &flags.selector {
        if first.is_some() {
            return Output::err("error: name cannot be provided when a selector is specified");
        }
        let names: Vec<String> = match resource {
            Resource::Pods => cluster
                .pods()
                .iter()
                .filter(|p| p.namespace == namespace && p.deletion_ms.is_none())
                .filter(|p| labels_match(selector, &p.labels))
                .map(|p| p.name.clone())
                .collect(),
            Resource::Deployments => cluster
                .deployments()
                .filter(|d| d.spec.namespace == namespace && labels_match(selector, &d.spec.labels))
                .map(|d| d.spec.name.clone())
                .collect(),
            Resource::Services => cluster
                .services()
                .filter(|s| s.spec.namespace == namespace && labels_match(selector, &s.spec.labels))
                .map(|s| s.spec.name.clone())
                .collect(),
            _ => Vec::new(),
        };
        if names.is_empty() {
            // kubectl says so on stderr and still exits 0.
            return Output {
                stderr: "No resources found\n".into(),
                ..Output::default()
            };
        }
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        return delete_named(cluster, resource, &names, namespace);
    }
    let Some(first) = first else {
        return Output::err("error: resource(s) were provided, but no name was specified");
    };
    let names: Vec<&str> = std::iter::once(first)
        .chain(args.iter().skip(used).copied())
        .collect();
    delete_named(cluster, resource, &names, namespace)
}

/// Deletes objects of one kind by name: `deployment.apps "web" deleted`, or kubectl's NotFound.
fn delete_named(cluster: &mut Cluster, resource: Resource, names: &[&str], namespace: &str) -> Output {
    let mut out = Output::default();
    for name in names {
        let deleted = match resource {
            Resource::Pods => cluster.delete_pod(namespace, name),
            Resource::Deployments => cluster.delete_deployment(namespace, name),
            Resource::Services => cluster.delete_service(namespace, name),
            Resource::Ingresses => cluster.delete_ingress(namespace, name),
            _ => {
                return Output::err(format!(
                    "error: deleting {} is not simulated; delete pods, deployments, services or ingresses",
                    resource.plural()
                ))
            }
        };
        if deleted {
            out.stdout
                .push_str(&format!("{} \"{name}\" deleted\n", resource.kind_prefix()));
        } else {
            out.stderr.push_str(&format!(
                "Error from server (NotFound): {} \"{name}\" not found\n",
                resource.plural()
            ));
            out.exit_code = 1;
        }
    }
    out
}

fn set_image(cluster: &mut Cluster, target_word: &str, assignments: &[&str], namespace: &str) -> Output {
    let (resource, name, _) = match target(&[target_word]) {
        Ok(t) => t,
        Err(e) => return e,
    };
    let Some(name) = name.filter(|_| resource == Resource::Deployments) else {
        return Output::err("error: set image here works on deployment/NAME");
    };
    if assignments.is_empty() {
        return Output::err("error: at least one image update is required");
    }
    for assignment in assignments {
        let Some((container, image)) = assignment.split_once('=') else {
            return Output::err(format!(
                "error: invalid image update \"{assignment}\": expected CONTAINER=IMAGE"
            ));
        };
        if let Err(e) = cluster.set_image(namespace, name, container, image) {
            return Output::err(e);
        }
    }
    Output::ok(format!("deployment.apps/{name} image updated\n"))
}

fn rollout(cluster: &mut Cluster, verb: &str, target_word: &str, flags: &Flags, namespace: &str) -> Output {
    let (resource, name) = match target(&[target_word]) {
        Ok((r, Some(n), _)) => (r, n),
        Ok(_) => return Output::err("error: required resource not specified"),
        Err(e) => return e,
    };
    if resource != Resource::Deployments {
        return Output::err(format!("error: no rollout support for {}", resource.plural()));
    }
    if cluster.deployment(namespace, name).is_none() {
        return Output::err(format!(
            "Error from server (NotFound): deployments.apps \"{name}\" not found"
        ));
    }
    match verb {
        "status" => rollout_status(cluster, namespace, name),
        "pause" | "resume" => {
            let pause = verb == "pause";
            match cluster.set_paused(namespace, name, pause) {
                Some(true) => Output::ok(format!("deployment.apps/{name} {verb}d\n")),
                Some(false) => Output::err(format!(
                    "error: deployments.apps \"{name}\" is {}",
                    if pause { "already paused" } else { "not paused" }
                )),
                None => Output::err(format!(
                    "Error from server (NotFound): deployments.apps \"{name}\" not found"
                )),
            }
        }
        "restart" => {
            cluster.rollout_restart(namespace, name);
            Output::ok(format!("deployment.apps/{name} restarted\n"))
        }
        "undo" => {
            let to = flags
                .to_revision
                .as_deref()
                .and_then(|r| r.parse().ok())
                .filter(|r| *r > 0);
            match cluster.rollout_undo(namespace, name, to) {
                Ok(line) => Output::ok(line + "\n"),
                Err(e) => Output::err(e),
            }
        }
        "history" => {
            let mut revisions: Vec<u64> = cluster
                .replica_sets()
                .iter()
                .filter(|rs| rs.owner == name && rs.namespace == namespace)
                .map(|rs| rs.revision)
                .collect();
            revisions.small_sort();
            let mut rows = vec![vec!["REVISION".to_string(), "CHANGE-CAUSE".to_string()]];
            rows.extend(
                revisions
                    .into_iter()
                    .map(|r| vec![r.to_string(), "<none>".to_string()]),
            );
            Output::ok(format!("deployment.apps/{name} \n{}\n", table::render(&rows)))
        }
        other => Output::err(format!(
            "error: unknown command \"{other}\" for \"kubectl rollout\""
        )),
    }
}

/// `kubectl rollout status` watches until the rollout ends: here it advances the virtual clock,
/// printing each new waiting line, up to the progress deadline. A script's budget bounds it
/// (the clock's deadline: the watch ends there and the script's runner says why); without one,
/// it gives up after the budget's worth of virtual time.
fn rollout_status(cluster: &mut Cluster, namespace: &str, name: &str) -> Output {
    const STEP_MS: u64 = 100;
    let mut out = Output::default();
    let mut last = String::new();
    for step in 0.. {
        if cluster.deadline_ms().is_none() && step >= crate::budget::SCRIPT_VIRTUAL_MS / STEP_MS {
            break;
        }
        let Some(d) = cluster.deployment(namespace, name) else {
            break;
        };
        let (spec, s) = (&d.spec, &d.status);
        if d.condition("Progressing")
            .is_some_and(|c| c.reason == "ProgressDeadlineExceeded")
        {
            out.stderr.push_str(&format!(
                "error: deployment \"{name}\" exceeded its progress deadline\n"
            ));
            out.exit_code = 1;
            return out;
        }
        let line = if s.updated_replicas < spec.replicas {
            format!(
                "Waiting for deployment \"{name}\" rollout to finish: {} out of {} new replicas have been updated...",
                s.updated_replicas, spec.replicas
            )
        } else if s.replicas > s.updated_replicas {
            format!(
                "Waiting for deployment \"{name}\" rollout to finish: {} old replicas are pending termination...",
                s.replicas - s.updated_replicas
            )
        } else if s.available_replicas < s.updated_replicas {
            format!(
                "Waiting for deployment \"{name}\" rollout to finish: {} of {} updated replicas are available...",
                s.available_replicas, s.updated_replicas
            )
        } else {
            out.stdout
                .push_str(&format!("deployment \"{name}\" successfully rolled out\n"));
            return out;
        };
        if line != last {
            out.stdout.push_str(&line);
            out.stdout.push('\n');
            last = line;
        }
        if cluster.past_deadline() {
            break;
        }
        cluster.advance(STEP_MS);
    }
    if cluster.past_deadline() {
        return out;
    }
    out.stderr.push_str(&format!(
        "error: deployment \"{name}\" exceeded its progress deadline\n"
    ));
    out.exit_code = 1;
    out
}

/// Runs a read-only `kubectl get …` line without needing the cluster mutably (for live views).
pub fn view(cluster: &Cluster, line: &str) -> Output {
    let Some(words) = split_words(line) else {
        return Output::err("error: unterminated quote");
    };
    let words = match words.first().map(String::as_str) {
        Some("kubectl" | "k") => &words[1..],
        _ => &words[..],
    };
    let flags = parse_flags(words);
    let namespace = flags.namespace.clone().unwrap_or_else(|| "default".into());
    let args: Vec<&str> = flags.positional.iter().map(String::as_str).collect();
    match args.as_slice() {
        ["get", rest @ ..] => get(cluster, rest, &flags, &namespace),
        _ => Output::err("error: only `get` is read-only"),
    }
}

/// Tab completion: the candidates for the last word of `line` (verbs, resource types, names).
pub fn complete(cluster: &Cluster, line: &str) -> Vec<String> {
    let words = split_words(line).unwrap_or_default();
    let ends_with_space = line.ends_with(' ');
    let (done, partial): (Vec<&str>, &str) = if ends_with_space || words.is_empty() {
        (words.iter().map(String::as_str).collect(), "")
    } else {
        (
            words[..words.len() - 1].iter().map(String::as_str).collect(),
            words[words.len() - 1].as_str(),
        )
    };
    let positional: Vec<&str> = done.iter().copied().filter(|w| !w.starts_with('-')).collect();
    let candidates: Vec<String> = match positional.as_slice() {
        [] => vec!["kubectl".into()],
        ["kubectl"] => [
            "get",
            "apply",
            "scale",
            "delete",
            "set",
            "rollout",
            "create",
            "expose",
            "describe",
            "label",
            "annotate",
            "exec",
            "cordon",
            "uncordon",
            "drain",
            "cluster-info",
            "version",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect(),
        ["kubectl", "set"] => vec!["image".into()],
        ["kubectl", "create"] => vec!["deployment".into(), "ingress".into()],
        ["kubectl", "rollout"] => ["status", "history", "undo", "restart", "pause", "resume"]
            .iter()
            .map(|s| s.to_string())
            .collect(),
        ["kubectl", "get" | "delete" | "describe"] => [
            "pods",
            "deployments",
            "replicasets",
            "services",
            "endpoints",
            "endpointslices",
            "nodes",
            "events",
            "ingresses",
            "all",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect(),
        ["kubectl", "scale", ..] | ["kubectl", "rollout", _] | ["kubectl", "set", "image"] => cluster
            .deployments()
            .filter(|d| d.spec.namespace == "default")
            .map(|d| format!("deployment/{}", d.spec.name))
            .collect(),
        ["kubectl", "get" | "delete" | "describe", kind] => match Resource::parse(kind) {
            Some(Resource::Pods) => cluster
                .pods()
                .iter()
                .filter(|p| p.namespace == "default")
                .map(|p| p.name.clone())
                .collect(),
            Some(Resource::Deployments) => cluster
                .deployments()
                .filter(|d| d.spec.namespace == "default")
                .map(|d| d.spec.name.clone())
                .collect(),
            Some(Resource::Services) => cluster
                .services()
                .filter(|s| s.spec.namespace == "default")
                .map(|s| s.spec.name.clone())
                .collect(),
            Some(Resource::Ingresses) => cluster
                .ingresses()
                .filter(|i| i.spec.namespace == "default")
                .map(|i| i.spec.name.clone())
                .collect(),
            Some(Resource::ReplicaSets) => cluster
                .replica_sets()
                .iter()
                .filter(|rs| rs.namespace == "default")
                .map(|rs| rs.name.clone())
                .collect(),
            Some(Resource::Nodes) => cluster.nodes().iter().map(|n| n.name.clone()).collect(),
            _ => Vec::new(),
        },
        _ => Vec::new(),
    };
    candidates
        .into_iter()
        .filter(|c| c.starts_with(partial))
        .collect()
}

pub use crate::api::HOST_IP;

/// `curl [-s] http://HOST[:PORT][/PATH]` from `client` (a pod, or the host when `client.node`
/// is empty). Names resolve through the pod's resolv.conf (the host has no cluster DNS). A
/// connection to a node's address is routed by that node's rules as a packet arriving there
/// (`--dst-type LOCAL`: NodePorts); anything else by the client's node. agnhost
/// `serve-hostname` answers with the pod name; `netexec` answers `/clientip` with the address
/// the pod saw (the node's after SNAT) and other paths with its hostname.
/// Returns curl's exit code, stdout and stderr.
pub fn curl(cluster: &mut Cluster, client: &crate::cluster::Client, args: &[&str]) -> (i32, String, String) {
    let request = CurlRequest::parse(args);
    let Some(url) = request.url else {
        return (
            2,
            String::new(),
            "curl: try 'curl --help' for more information\n".into(),
        );
    };
    let rest = url
        .strip_prefix("http://")
        .or_else(|| url.strip_prefix("https://"))
        .unwrap_or(url);
    let (host_port, path) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, "/"),
    };
    let (host, port) = match host_port.split_once(':') {
        Some((h, p)) => (h, p.parse::<u16>().ok()),
        None => (host_port, None),
    };
    let from_host = client.node.is_empty();
    let literal = crate::proxy::Ipv4::parse(host).is_some();
    let ip = if literal {
        host.to_string()
    } else {
        match (from_host, cluster.resolve(host, &client.namespace)) {
            (false, Some((_, ips))) if !ips.is_empty() => ips[0].clone(),
            _ => {
                return (
                    6,
                    String::new(),
                    format!("curl: (6) Could not resolve host: {host}\n"),
                )
            }
        }
    };
    let port = port.unwrap_or(80);
    if cluster.ingress_address() == Some(ip.as_str()) {
        if port != 80 {
            return (
                7,
                String::new(),
                format!("curl: (7) Failed to connect to {host} port {port} after 1 ms: Couldn't connect to server\n"),
            );
        }
        let virtual_host = request.host_header.unwrap_or(host_port);
        return match cluster.ingress_request(virtual_host, path) {
            crate::cluster::IngressAnswer::Pod { pod, .. } => (0, format!("{pod}\n"), String::new()),
            crate::cluster::IngressAnswer::Status(code) if request.fail => (
                22,
                String::new(),
                format!("curl: (22) The requested URL returned error: {code}\n"),
            ),
            crate::cluster::IngressAnswer::Status(code) => {
                (0, crate::cluster::nginx_status_page(code), String::new())
            }
        };
    }
    let protocol = if literal {
        crate::proxy::Protocol::Tcp
    } else {
        let service = host.split('.').next().unwrap_or(host);
        let svc_ns = host.split('.').nth(1).unwrap_or(&client.namespace).to_string();
        cluster
            .service_port(&svc_ns, service)
            .map_or(crate::proxy::Protocol::Tcp, |(_, p)| p)
    };
    let timeout = (
        28,
        String::new(),
        format!("curl: (28) Failed to connect to {host} port {port} after 130 s: Connection timed out\n"),
    );
    let target_node = cluster.node_with_ip(&ip).map(str::to_string);
    let (node, dst_is_local) = match target_node {
        Some(n) => (n, true),
        // The host reaches only the nodes' network: a ClusterIP is not routed to it.
        None if from_host => return timeout,
        None => (client.node.clone(), false),
    };
    let packet = crate::proxy::Packet {
        src_ip: client.ip.clone(),
        dst_ip: ip.clone(),
        dst_port: port,
        protocol,
        src_is_local: false,
        dst_is_local,
    };
    let route = cluster.route_packet(&node, &packet);
    // `-s` silences the error message (the exit code stays) unless `-S` asks for it back.
    let flags: String = args
        .iter()
        .filter(|a| a.starts_with('-') && !a.starts_with("--"))
        .flat_map(|a| a.chars().skip(1))
        .collect();
    let silent = (flags.contains('s') || args.contains(&"--silent"))
        && !flags.contains('S')
        && !args.contains(&"--show-error");
    let fail =
        |code: i32, message: String| (code, String::new(), if silent { String::new() } else { message });
    match (&route.verdict, &route.pod) {
        (crate::proxy::Verdict::Dnat { masquerade, .. }, Some(pod)) => {
            let netexec = cluster
                .pods()
                .iter()
                .find(|p| &p.name == pod)
                .and_then(|p| p.template.containers.first())
                .is_some_and(|c| c.args.first().is_some_and(|a| a == "netexec"));
            if netexec && path == "/clientip" {
                // MASQUERADE rewrites the source to the routing node's address.
                let seen = if *masquerade {
                    cluster
                        .nodes()
                        .iter()
                        .find(|n| n.name == node)
                        .map(|n| n.internal_ip.clone())
                        .unwrap_or_default()
                } else {
                    client.ip.clone()
                };
                (0, format!("{seen}:{}\n", route.sport), String::new())
            } else {
                (0, format!("{pod}\n"), String::new())
            }
        }
        (crate::proxy::Verdict::Drop, _) => fail(timeout.0, timeout.2),
        _ => fail(
            7,
            format!(
                "curl: (7) Failed to connect to {host} port {port} after 1 ms: Couldn't connect to server\n"
            ),
        ),
    }
}

/// `kubectl exec POD -- curl …` / `nslookup …`: the two commands that show a Service working
/// from inside a pod (the request goes through the pod's node's kube-proxy rules), and
/// `kill 1`, which stops the container's main process so the kubelet restarts it.
fn exec(cluster: &mut Cluster, pod: &str, command: &[&str], namespace: &str) -> Output {
    use crate::cluster::{Client, DNS_IP};
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
                .filter(|p| p.namespace == namespace && sets.contains(&p.owner.as_str()))
                .collect();
            pods.small_sort_by_key(|p| (!(p.status() == "Running" && p.ready), p.name.clone()));
            pods.first().copied()
        }
        None => cluster
            .pods()
            .iter()
            .find(|p| p.name == pod && p.namespace == namespace),
    };
    let Some(p) = found else {
        return Output::err(format!("Error from server (NotFound): pods \"{pod}\" not found"));
    };
    if p.status() != "Running" {
        return Output::err(format!(
            "error: unable to upgrade connection: container not found (\"{}\")",
            p.container_name
        ));
    }
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
    match command {
        ["nslookup", name] => match cluster.resolve(name, namespace) {
            Some((fqdn, ips)) => {
                let mut out = format!("Server:\t\t{DNS_IP}\nAddress:\t{DNS_IP}#53\n\n");
                for ip in ips {
                    if let Some(cname) = ip.strip_suffix('.') {
                        out.push_str(&format!("{fqdn}\tcanonical name = {cname}.\n"));
                    } else {
                        out.push_str(&format!("Name:\t{fqdn}\nAddress: {ip}\n"));
                    }
                }
                out.push('\n');
                Output::ok(out)
            }
            None => {
                let mut out = terminated(1, String::new());
                out.stdout = format!(
                    "Server:\t\t{DNS_IP}\nAddress:\t{DNS_IP}#53\n\n** server can't find {name}.{namespace}.svc.cluster.local: NXDOMAIN\n\n"
                );
                out
            }
        },
        ["curl", args @ ..] => {
            let (code, stdout, stderr) = curl(cluster, &client, args);
            if code == 0 {
                Output::ok(stdout)
            } else {
                terminated(code, stderr)
            }
        }
        // SIGTERM to PID 1: agnhost (a Go program) exits, and the kubelet restarts the container.
        // SIGKILL from inside the pod's PID namespace is ignored by the kernel for its PID 1.
        ["kill", "1"] | ["kill", "-15" | "-TERM" | "-SIGTERM", "1"] | ["kill", "-s", "TERM", "1"] => {
            cluster.crash_container(namespace, pod);
            Output::default()
        }
        ["kill", "-9" | "-KILL" | "-SIGKILL", "1"] | ["kill", "-s", "KILL", "1"] => Output::default(),
        [] => Output::err("error: you must specify at least one command for the container"),
        [other, ..] => terminated(
            127,
            format!("OCI runtime exec failed: exec failed: unable to start container process: exec: \"{other}\": executable file not found in $PATH: unknown\n"),
        ),
    }
}

/// The parts of a curl command line that matter here.
#[derive(Debug, Default, PartialEq, Eq)]
struct CurlRequest<'a> {
    url: Option<&'a str>,
    /// The value of a `-H 'Host: …'` header.
    host_header: Option<&'a str>,
    /// `-f`/`--fail`: an HTTP error is exit code 22 and no body.
    fail: bool,
}

impl<'a> CurlRequest<'a> {
    fn parse(args: &[&'a str]) -> CurlRequest<'a> {
        let mut request = CurlRequest::default();
        let mut it = args.iter();
        let header = |h: &'a str, request: &mut CurlRequest<'a>| {
            if let Some((name, value)) = h.split_once(':') {
                if name.trim().eq_ignore_ascii_case("host") {
                    request.host_header = Some(value.trim());
                }
            }
        };
        while let Some(&arg) = it.next() {
            match arg {
                "-H" | "--header" => {
                    if let Some(&h) = it.next() {
                        header(h, &mut request);
                    }
                }
                // Options that take a value, so the value is not the URL.
                "-m" | "--max-time" | "--connect-timeout" | "-X" | "--request" | "-A" | "--user-agent" => {
                    it.next();
                }
                "--fail" | "--fail-with-body" => request.fail = true,
                a if a.starts_with("-H") && a.len() > 2 => header(&a[2..], &mut request),
                a if a.starts_with("--") => {}
                // Bundled short options: -s, -sS, -fsS, …
                a if a.starts_with('-') && a.len() > 1 => request.fail |= a.contains('f'),
                a => {
                    if request.url.is_none() {
                        request.url = Some(a);
                    }
                }
            }
        }
        request
    }
}

/// `kubectl create ingress NAME --rule=host/path=service:port[,tls[=secret]]`, as kubectl's
/// create_ingress.go builds it: the rules are checked against its pattern first; a path ending
/// in `*` is a Prefix (without the `*`), any other path Exact; rules of one host share a rule;
/// `,tls[=secret]` adds the host to a TLS entry per secret.
fn create_ingress(cluster: &mut Cluster, name: &str, flags: &Flags, namespace: &str) -> Output {
    if flags.rules.is_empty() && flags.default_backend.is_none() {
        return Output::err(
            "error: not enough information provided: every ingress has to either specify a default-backend (which catches all traffic) or a list of rules (which catch specific paths)",
        );
    }
    let invalid = |rule: &str| {
        Output::err(format!(
            "error: rule {rule} is invalid and should be in format host/path=svcname:svcport[,tls[=secret]]"
        ))
    };
    if let Some(rule) = flags.rules.iter().find(|r| !create_ingress_rule_valid(r)) {
        return invalid(rule);
    }
    if let Some(text) = &flags.default_backend {
        if text.split(':').count() != 2 {
            return Output::err("error: default-backend should be in format servicename:serviceport");
        }
    }
    let backend = |service: &str| -> Option<Value> {
        let mut parts = service.split(':');
        let (name, port) = (parts.next()?, parts.next()?);
        let port = match port.parse::<i32>() {
            Ok(n) => json!({"number": n}),
            Err(_) => json!({"name": port}),
        };
        Some(json!({"service": {"name": name, "port": port}}))
    };
    let mut rules: Vec<(String, Vec<Value>)> = Vec::new();
    let mut tls: Vec<(String, Vec<String>)> = Vec::new();
    let mut tls_hosts: Vec<String> = Vec::new();
    for rule in &flags.rules {
        let parts: Vec<&str> = rule.split(',').collect();
        let Some((host, path_service)) = parts[0].split_once('/') else {
            return invalid(rule);
        };
        let mut split = path_service.split('=');
        let path = format!("/{}", split.next().unwrap_or(""));
        // kubectl itself would crash on these (an index out of range); refuse them instead.
        let Some(backend) = split.next().and_then(backend) else {
            return invalid(rule);
        };
        let (path, path_type) = match path.strip_suffix('*') {
            Some(p) => (p.to_string(), "Prefix"),
            None => (path, "Exact"),
        };
        let entry = json!({"backend": backend, "path": path, "pathType": path_type});
        match rules.iter_mut().find(|(h, _)| h == host) {
            Some((_, paths)) => paths.push(entry),
            None => rules.push((host.to_string(), vec![entry])),
        }
        if parts.len() == 2 && !tls_hosts.iter().any(|h| h == host) {
            let secret = parts[1].split('=').nth(1).unwrap_or("").to_string();
            tls_hosts.push(host.to_string());
            match tls.iter_mut().find(|(s, _)| *s == secret) {
                Some((_, hosts)) => hosts.push(host.to_string()),
                None if !host.is_empty() || !secret.is_empty() => tls.push((
                    secret,
                    [host.to_string()].into_iter().filter(|h| !h.is_empty()).collect(),
                )),
                None => {}
            }
        }
    }
    if cluster.ingress(namespace, name).is_some() {
        return Output::err(format!(
            "error: failed to create ingress: ingresses.networking.k8s.io \"{name}\" already exists"
        ));
    }
    let mut spec = serde_json::Map::new();
    if let Some(class) = flags.class.as_ref().filter(|c| !c.is_empty()) {
        spec.insert("ingressClassName".into(), json!(class));
    }
    if let Some(b) = flags.default_backend.as_deref().and_then(backend) {
        spec.insert("defaultBackend".into(), b);
    }
    if !rules.is_empty() {
        let rules: Vec<Value> = rules
            .into_iter()
            .map(|(host, paths)| {
                let mut rule = serde_json::Map::new();
                if !host.is_empty() {
                    rule.insert("host".into(), json!(host));
                }
                rule.insert("http".into(), json!({"paths": paths}));
                Value::Object(rule)
            })
            .collect();
        spec.insert("rules".into(), json!(rules));
    }
    if !tls.is_empty() {
        let tls: Vec<Value> = tls
            .into_iter()
            .map(|(secret, hosts)| {
                let mut entry = serde_json::Map::new();
                if !hosts.is_empty() {
                    entry.insert("hosts".into(), json!(hosts));
                }
                if !secret.is_empty() {
                    entry.insert("secretName".into(), json!(secret));
                }
                Value::Object(entry)
            })
            .collect();
        spec.insert("tls".into(), json!(tls));
    }
    let object = json!({
        "apiVersion": "networking.k8s.io/v1", "kind": "Ingress",
        "metadata": {"name": name, "namespace": namespace},
        "spec": Value::Object(spec),
    });
    // JSON is YAML: the object goes through the same validation as any applied manifest.
    let outcome = cluster.apply(&object.to_string());
    if outcome.applied() {
        return Output::ok(format!("ingress.networking.k8s.io/{name} created\n"));
    }
    let messages: Vec<&str> = outcome
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.message.as_str())
        .collect();
    let listed = match messages.as_slice() {
        [one] => one.to_string(),
        many => format!("[{}]", many.join(", ")),
    };
    Output::err(format!(
        "error: failed to create ingress: Ingress.networking.k8s.io \"{name}\" is invalid: {listed}"
    ))
}

/// kubectl's rule pattern, `^[\w*.-]*/.*=[\w-]+:[\w-]+` (the optional `,tls…` after it cannot
/// fail, and the pattern is not anchored at the end).
fn create_ingress_rule_valid(rule: &str) -> bool {
    let host = |c: char| c.is_ascii_alphanumeric() || "_*-.".contains(c);
    let word = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '-';
    let Some(slash) = rule.find(|c| !host(c)) else {
        return false;
    };
    if !rule[slash..].starts_with('/') {
        return false;
    }
    rule[slash..].match_indices('=').any(|(i, _)| {
        let rest = &rule[slash + i + 1..];
        let name = rest.find(|c| !word(c)).unwrap_or(rest.len());
        name > 0
            && rest[name..]
                .strip_prefix(':')
                .is_some_and(|port| port.starts_with(word))
    })
}

/// `kubectl describe ingress` (describeIngressV1): the backends with the endpoints kubectl
/// lists for them, the default backend, annotations and events.
fn describe_ingress(cluster: &Cluster, namespace: &str, name: &str) -> Output {
    let Some(ing) = cluster.ingress(namespace, name) else {
        return Output::err(format!(
            "Error from server (NotFound): ingresses.networking.k8s.io \"{name}\" not found"
        ));
    };
    let spec = &ing.spec;
    let describe_backend = |b: &crate::manifest::IngressBackend| -> String {
        let sb = format!("{}:{}", b.service_name, b.service_port);
        let Some(service) = cluster.service(namespace, &b.service_name) else {
            return format!("{sb} (<error: services \"{}\" not found>)", b.service_name);
        };
        let mut port_name = String::new();
        for p in &service.spec.ports {
            let matched = match &b.service_port {
                crate::manifest::IntOrString::Int(n) => *n != 0 && *n == p.port,
                crate::manifest::IntOrString::String(n) => {
                    !n.is_empty() && p.name.as_deref() == Some(n.as_str())
                }
            };
            if matched {
                port_name = p.name.clone().unwrap_or_default();
            }
        }
        let slices: Vec<crate::cluster::EndpointSlice> =
            cluster.endpoint_slice(service).into_iter().collect();
        format!("{sb} ({})", format_endpoint_slices(&slices, &port_name))
    };
    let default_backend = spec
        .default_backend
        .as_ref()
        .map_or_else(|| "<default>".to_string(), describe_backend);
    let string_map = |key: &str| -> Vec<(String, String)> {
        let mut pairs: Vec<(String, String)> = spec.raw["metadata"][key]
            .as_object()
            .map(|m| {
                m.iter()
                    .map(|(k, v)| {
                        (
                            k.clone(),
                            v.as_str().map_or_else(|| v.to_string(), str::to_string),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default();
        pairs.small_sort();
        pairs
    };
    let mut head = format!("Name:\t{name}\n");
    let labels = string_map("labels");
    if labels.is_empty() {
        head.push_str("Labels:\t<none>\n");
    }
    for (i, (k, v)) in labels.iter().enumerate() {
        head.push_str(&format!("{}\t{k}={v}\n", if i == 0 { "Labels:" } else { "" }));
    }
    head.push_str(&format!("Namespace:\t{namespace}\n"));
    head.push_str(&format!("Address:\t{}\n", ing.address.as_deref().unwrap_or("")));
    head.push_str(&format!(
        "Ingress Class:\t{}\n",
        spec.ingress_class_name.as_deref().unwrap_or("<none>")
    ));
    head.push_str(&format!("Default backend:\t{default_backend}\n"));
    if let Some(tls) = spec.raw["spec"]["tls"].as_array().filter(|t| !t.is_empty()) {
        head.push_str("TLS:\n");
        for t in tls {
            let hosts: Vec<&str> = t["hosts"]
                .as_array()
                .map(|h| h.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default();
            match t["secretName"].as_str().filter(|s| !s.is_empty()) {
                Some(secret) => head.push_str(&format!("  {secret} terminates {}\n", hosts.join(","))),
                None => head.push_str(&format!("  SNI routes {}\n", hosts.join(","))),
            }
        }
    }
    head.push_str("Rules:\n  Host\tPath\tBackends\n  ----\t----\t--------\n");
    let mut count = 0;
    for rule in spec.rules.iter().filter(|r| !r.paths.is_empty()) {
        count += 1;
        head.push_str(&format!("  {}\t\n", rule.host.as_deref().unwrap_or("*")));
        for p in &rule.paths {
            head.push_str(&format!("    \t{} \t{}\n", p.path, describe_backend(&p.backend)));
        }
    }
    if count == 0 {
        head.push_str(&format!("  *\t*\t{default_backend}\n"));
    }
    let annotations = string_map("annotations");
    if annotations.is_empty() {
        head.push_str("Annotations:\t<none>\n");
    }
    for (i, (k, v)) in annotations.iter().enumerate() {
        head.push_str(&format!(
            "{}\t{k}: {v}\n",
            if i == 0 { "Annotations:" } else { "" }
        ));
    }
    // The recorder has already folded repeats of one event into a count (the correlator).
    let events = describe_events(cluster, &format!("ingress/{name}"), Some(namespace));
    if events.is_none() {
        head.push_str("Events:\t<none>\n");
    }
    Output::ok(table::tabwrite(&head, 0, 2) + &events.unwrap_or_default())
}

/// kubectl's `formatEndpointSlices`: ready addresses with the port of that name, three at most
/// (`+ N more...`), quirks included.
fn format_endpoint_slices(slices: &[crate::cluster::EndpointSlice], port_name: &str) -> String {
    if slices.is_empty() {
        return "<none>".into();
    }
    let max = 3;
    let mut list: Vec<String> = Vec::new();
    let mut more = false;
    let mut count = 0;
    for slice in slices {
        if slice.ports.is_empty() {
            for e in &slice.endpoints {
                if list.len() == max {
                    more = true;
                }
                if !e.conditions.ready {
                    continue;
                }
                if !more {
                    list.push(e.address.clone());
                }
                count += 1;
            }
        } else {
            for port in slice.ports.iter().filter(|p| p.name == port_name) {
                for e in &slice.endpoints {
                    if list.len() == max {
                        more = true;
                    }
                    if !e.conditions.ready {
                        continue;
                    }
                    if !more {
                        list.push(format!("{}:{}", e.address, port.port));
                    }
                    count += 1;
                }
            }
        }
    }
    let joined = list.join(",");
    if more {
        format!("{joined} + {} more...", count - max)
    } else {
        joined
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn no_files(_: &str) -> Option<String> {
        None
    }

    /// stderr and exit code of a line against a fresh cluster.
    fn fails(line: &str) -> (String, i32) {
        let out = run(&mut Cluster::new(1), line, &no_files);
        assert!(out.stdout.is_empty(), "{line}: {}", out.stdout);
        (out.stderr, out.exit_code)
    }

    #[test]
    fn an_unknown_command_is_cobras_error_with_its_suggestions() {
        assert_eq!(
            fails("kubectl logz"),
            (
                "error: unknown command \"logz\" for \"kubectl\"\n\nDid you mean this?\n\tlogs\n".into(),
                1
            )
        );
        // Flags after the word do not matter: cobra finds the command first.
        assert_eq!(fails("kubectl logz --tail=10 web").0, fails("kubectl logz").0);
        // No suggestion: no "Did you mean this?" and no usage line.
        assert_eq!(
            fails("kubectl frobnicate"),
            (
                "error: unknown command \"frobnicate\" for \"kubectl\"\n".into(),
                1
            )
        );
        // SuggestFor (get and wait list `ps`), and the distance (cp is 2 away), in command order.
        assert_eq!(
            fails("kubectl ps").0,
            "error: unknown command \"ps\" for \"kubectl\"\n\nDid you mean this?\n\tget\n\tcp\n\twait\n"
        );
        assert_eq!(
            fails("kubectl rm").0,
            "error: unknown command \"rm\" for \"kubectl\"\n\nDid you mean this?\n\trun\n\tdelete\n\tcp\n"
        );
        // A prefix suggests every command it starts.
        assert!(fails("kubectl api")
            .0
            .ends_with("\tapi-versions\n\tapi-resources\n"));
        // Case-insensitive distance; commands themselves are case-sensitive.
        let (upper, _) = fails("kubectl GET");
        assert!(
            upper.starts_with("error: unknown command \"GET\"") && upper.contains("\tget\n"),
            "{upper}"
        );
    }

    #[test]
    fn a_suggestion_never_repeats_the_word_typed() {
        for (name, _) in KUBECTL_COMMANDS.iter().filter(|(n, _)| *n != "help") {
            let (stderr, code) = fails(&format!("kubectl {name} x"));
            assert_ne!(code, 0);
            if !SIMULATED.contains(name) {
                assert!(!stderr.contains("unknown command"), "{name}: {stderr}");
            }
            assert!(!stderr.contains(&format!("\t{name}\n")), "{name}: {stderr}");
        }
    }

    #[test]
    fn a_command_podscape_does_not_simulate_says_so_and_lists_what_it_does() {
        let (stderr, code) = fails("kubectl logs web-1 --tail=5");
        assert_eq!(code, 1);
        assert!(
            stderr.starts_with("error: \"kubectl logs\" is not simulated in Podscape\n"),
            "{stderr}"
        );
        for simulated in SIMULATED.iter().filter(|c| **c != "help") {
            assert!(stderr.contains(simulated), "{simulated} missing: {stderr}");
        }
        for verb in [
            "port-forward",
            "explain",
            "patch",
            "edit",
            "cp",
            "attach",
            "auth",
            "certificate",
            "proxy",
            "run",
            "debug",
            "wait",
            "events",
            "config",
            "alpha",
        ] {
            assert!(
                fails(&format!("kubectl {verb}")).0.contains("is not simulated"),
                "{verb}"
            );
        }
        // A form of a simulated command it does not handle is not an unknown command either.
        assert!(fails("kubectl set env deployment/web A=B")
            .0
            .starts_with("error: this form of \"kubectl set\" is not simulated"));
    }

    #[test]
    fn top_has_no_metrics_api_in_kind() {
        for line in ["kubectl top pods", "kubectl top node", "kubectl top po -A"] {
            assert_eq!(
                fails(line),
                ("error: Metrics API not available\n".into(), 1),
                "{line}"
            );
        }
    }

    #[test]
    fn help_is_the_command_list() {
        let out = run(&mut Cluster::new(1), "kubectl help", &no_files);
        assert_eq!((out.stdout.as_str(), out.exit_code), (HELP, 0));
    }

    #[test]
    fn a_huge_unknown_word_is_answered_at_once() {
        let word = "x".repeat(1 << 20);
        let (stderr, code) = fails(&format!("kubectl {word}"));
        assert_eq!(code, 1);
        assert!(!stderr.contains("Did you mean"));
    }

    #[test]
    fn rollout_status_without_a_deadline_gives_up_after_the_budgets_time() {
        let mut cluster = Cluster::new(1);
        let yaml = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: stuck\nspec:\n  progressDeadlineSeconds: 86400\n  selector:\n    matchLabels: {app: stuck}\n  template:\n    metadata:\n      labels: {app: stuck}\n    spec:\n      containers:\n      - name: c\n        image: nginx:1.27\n";
        cluster.set_image_pullable("nginx:1.27", false);
        assert!(cluster.apply(yaml).applied());
        let start = cluster.now_ms();
        let out = run(&mut cluster, "kubectl rollout status deployment/stuck", &no_files);
        assert_eq!(cluster.now_ms() - start, crate::budget::SCRIPT_VIRTUAL_MS);
        assert_eq!(out.exit_code, 1);
        // With a deadline, it ends there (the script's runner gives the reason).
        cluster.set_deadline(Some(cluster.now_ms() + 1_000));
        let out = run(&mut cluster, "kubectl rollout status deployment/stuck", &no_files);
        assert!(cluster.past_deadline());
        assert_eq!((out.exit_code, out.stderr.as_str()), (0, ""));
        cluster.set_deadline(None);
    }

    #[test]
    fn words_split_like_a_shell() {
        assert_eq!(
            split_words("kubectl get  pods").unwrap(),
            ["kubectl", "get", "pods"]
        );
        assert_eq!(
            split_words("a 'b c' \"d\\\"e\" f\\ g").unwrap(),
            ["a", "b c", "d\"e", "f g"]
        );
        assert_eq!(split_words("echo 'open"), None);
    }

    #[test]
    fn completion_offers_verbs_kinds_and_names() {
        let mut c = Cluster::new(1);
        c.apply(crate::scenario::DEFAULT_YAML);
        assert!(complete(&c, "kubectl ro").contains(&"rollout".to_string()));
        assert_eq!(complete(&c, "kubectl get dep"), ["deployments"]);
        let pods = complete(&c, "kubectl delete pod image-");
        assert_eq!(pods.len(), 3);
        assert_eq!(complete(&c, "kubectl scale "), ["deployment/image-processor"]);
        // describe completes kinds, then the ReplicaSet (or node) names.
        assert_eq!(complete(&c, "kubectl describe repl"), ["replicasets"]);
        let sets = complete(&c, "kubectl describe rs image-");
        assert_eq!(sets.len(), 1, "{sets:?}");
        assert!(sets[0].starts_with("image-processor-"));
        assert_eq!(
            complete(&c, "kubectl describe nodes podscape-worker2"),
            ["podscape-worker2"]
        );
    }

    #[test]
    fn relabelling_a_pod_out_of_the_selector_releases_it_and_the_replicaset_replaces_it() {
        let mut c = Cluster::new(3);
        c.apply(crate::scenario::DEFAULT_YAML);
        c.advance(30_000);
        let pod = c
            .pods()
            .iter()
            .find(|p| p.namespace == "default")
            .unwrap()
            .name
            .clone();
        let out = run(&mut c, &format!("kubectl label pod {pod} app=debug"), &|_| None);
        assert_eq!(
            out.stderr,
            "error: 'app' already has a value (image-processor), and --overwrite is false\n"
        );
        let out = run(
            &mut c,
            &format!("kubectl label pod {pod} app=bad/value --overwrite"),
            &|_| None,
        );
        assert!(
            out.stderr.starts_with(&format!(
                "The Pod \"{pod}\" is invalid: metadata.labels: Invalid value: \"bad/value\""
            )),
            "{}",
            out.stderr
        );
        let out = run(
            &mut c,
            &format!("kubectl label pod {pod} app=debug --overwrite"),
            &|_| None,
        );
        assert_eq!(out.stdout, format!("pod/{pod} labeled\n"));
        c.advance(30_000);
        let ours: Vec<_> = c
            .pods()
            .iter()
            .filter(|p| p.namespace == "default")
            .cloned()
            .collect();
        assert_eq!(ours.len(), 4, "the ReplicaSet made a replacement");
        let released = ours.iter().find(|p| p.name == pod).unwrap();
        assert!(released.owner.is_empty() && released.ready);
        let endpoints = run(&mut c, "kubectl get endpointslices -o yaml", &|_| None).stdout;
        assert!(
            !endpoints.contains(released.ip.as_deref().unwrap()),
            "{endpoints}"
        );
        let out = run(&mut c, &format!("kubectl label pod {pod} app=debug"), &|_| None);
        assert_eq!(out.stdout, format!("pod/{pod} not labeled\n"));
    }

    #[test]
    fn delete_f_removes_what_the_file_names() {
        let mut c = Cluster::new(3);
        c.apply(crate::scenario::DEFAULT_YAML);
        c.advance(20_000);
        let files = |p: &str| (p == "app.yaml").then(|| crate::scenario::DEFAULT_YAML.to_string());
        let out = run(&mut c, "kubectl delete -f app.yaml", &files);
        assert_eq!(
            out.stdout,
            "deployment.apps \"image-processor\" deleted\nservice \"image-processor\" deleted\n"
        );
        let again = run(&mut c, "kubectl delete -f app.yaml", &files);
        assert_eq!(again.exit_code, 1);
        assert!(again
            .stderr
            .contains("Error from server (NotFound): deployments.apps \"image-processor\" not found"));
        c.advance(40_000);
        assert!(
            c.pods().iter().all(|p| p.namespace != "default"),
            "the garbage collector took the pods"
        );
        assert!(c.replica_sets().iter().all(|rs| rs.namespace != "default"));
    }

    #[test]
    fn create_deployment_and_expose_generate_what_kubectl_generates() {
        let mut c = Cluster::new(3);
        let out = run(&mut c, "kubectl create deployment web --image=registry.k8s.io/e2e-test-images/agnhost:2.53 --replicas=2 --port=8080", &|_| None);
        assert_eq!(out.stdout, "deployment.apps/web created\n");
        let again = run(&mut c, "kubectl create deployment web --image=nginx", &|_| None);
        assert_eq!(
            again.stderr,
            "error: failed to create deployment: deployments.apps \"web\" already exists\n"
        );
        assert_eq!(
            run(&mut c, "kubectl create deployment x", &|_| None).stderr,
            "error: required flag(s) \"image\" not set\n"
        );
        let d = c.deployment("default", "web").unwrap();
        assert_eq!(d.spec.replicas, 2);
        assert_eq!(d.spec.template.containers[0].name, "agnhost");
        assert_eq!(d.spec.selector.get("app").map(String::as_str), Some("web"));
        // No --port: the template's one container port.
        let out = run(&mut c, "kubectl expose deployment web --type=NodePort", &|_| None);
        assert_eq!(out.stdout, "service/web exposed\n");
        c.advance(30_000);
        let svc = run(&mut c, "kubectl get svc web", &|_| None).stdout;
        assert!(svc.contains("NodePort") && svc.contains("8080:3"), "{svc}");
        let slices = run(&mut c, "kubectl get endpointslices", &|_| None).stdout;
        assert!(
            slices
                .lines()
                .any(|l| l.starts_with("web-") && l.contains("8080")),
            "{slices}"
        );
        let again = run(&mut c, "kubectl expose deploy/web --port=80", &|_| None);
        assert_eq!(
            again.stderr,
            "Error from server (AlreadyExists): services \"web\" already exists\n"
        );
        let named = run(
            &mut c,
            "kubectl expose deployment web --port=80 --target-port=8080 --name=web-80",
            &|_| None,
        );
        assert_eq!(named.stdout, "service/web-80 exposed\n");
        let bad = run(
            &mut c,
            "kubectl expose deployment web --port=80 --name=Web_80",
            &|_| None,
        );
        assert!(
            bad.stderr.starts_with("The Service \"Web_80\" is invalid"),
            "{}",
            bad.stderr
        );
    }

    #[test]
    fn exec_kill_1_restarts_the_container_and_kill_9_is_ignored() {
        let mut c = Cluster::new(3);
        c.apply(crate::scenario::DEFAULT_YAML);
        c.advance(30_000);
        let pod = c
            .pods()
            .iter()
            .find(|p| p.namespace == "default")
            .unwrap()
            .name
            .clone();
        let out = run(&mut c, &format!("kubectl exec {pod} -- kill -9 1"), &|_| None);
        assert_eq!((out.exit_code, out.stdout.as_str()), (0, ""));
        c.advance(5_000);
        assert_eq!(c.pods().iter().find(|p| p.name == pod).unwrap().restarts, 0);
        let out = run(&mut c, &format!("kubectl exec {pod} -- kill 1"), &|_| None);
        assert_eq!((out.exit_code, out.stderr.as_str()), (0, ""));
        c.advance(5_000);
        assert_eq!(c.pods().iter().find(|p| p.name == pod).unwrap().restarts, 1);
    }

    #[test]
    fn view_is_the_same_as_run_for_get() {
        let mut c = Cluster::new(2);
        c.apply(crate::scenario::DEFAULT_YAML);
        let viewed = view(&c, "kubectl get pods -o wide");
        assert_eq!(viewed, run(&mut c, "kubectl get pods -o wide", &|_| None));
    }

    fn ingress_cluster() -> Cluster {
        let mut c = Cluster::new(3);
        let apps = crate::scenario::find("ingress").unwrap().yaml;
        assert!(c.apply(apps).applied());
        c.advance(15_000);
        c
    }

    #[test]
    fn ingress_yaml_round_trips_through_apply() {
        let mut c = ingress_cluster();
        let out = run(
            &mut c,
            "kubectl create ingress shop --rule=shop.example.com/*=web:80 --rule=shop.example.com/api*=api:http --default-backend=web:80",
            &|_| None,
        );
        assert_eq!(
            out.stdout, "ingress.networking.k8s.io/shop created\n",
            "{}",
            out.stderr
        );
        c.advance(10_000);
        let yaml = run(&mut c, "kubectl get ingress shop -o yaml", &|_| None).stdout;
        assert!(yaml.contains("ingressClassName: nginx"), "{yaml}");
        assert!(yaml.contains("- ip: 172.18.255.200"), "{yaml}");
        let before = c.ingress("default", "shop").unwrap().spec.clone();
        // What -o yaml prints applies again, and the Ingress stays what it was.
        let again = c.apply(&yaml);
        assert!(again.applied(), "{:?}", again.diagnostics);
        let after = &c.ingress("default", "shop").unwrap().spec;
        assert_eq!(
            (&after.rules, &after.default_backend, &after.ingress_class_name),
            (&before.rules, &before.default_backend, &before.ingress_class_name)
        );
        assert_eq!(before.rules.len(), 1);
        let paths: Vec<(&str, &str)> = before.rules[0]
            .paths
            .iter()
            .map(|p| (p.path.as_str(), p.path_type.as_str()))
            .collect();
        assert_eq!(paths, [("/", "Prefix"), ("/api", "Prefix")]);
        // Exact unless the path ends in `*`; an existing name and a bad rule are refused.
        run(&mut c, "kubectl create ing exact --rule=/status=web:80", &|_| {
            None
        });
        assert_eq!(
            c.ingress("default", "exact").unwrap().spec.rules[0].paths[0].path_type,
            "Exact"
        );
        assert_eq!(
            run(&mut c, "kubectl create ingress exact --rule=/x=web:80", &|_| None).exit_code,
            1
        );
        let bad = run(&mut c, "kubectl create ingress bad --rule=nopath=web:80", &|_| {
            None
        });
        assert!(
            bad.stderr.contains("is invalid and should be in format"),
            "{}",
            bad.stderr
        );
        let upper = run(
            &mut c,
            "kubectl create ingress upper --rule=Shop.io/=web:80",
            &|_| None,
        );
        assert!(
            upper.stderr.starts_with(
                "error: failed to create ingress: Ingress.networking.k8s.io \"upper\" is invalid: spec.rules[0].host: Invalid value: \"Shop.io\""
            ),
            "{}",
            upper.stderr
        );
        run(&mut c, "kubectl create ingress tls --rule=a.io/=web:80,tls=cert --rule=b.io/=web:80,tls=cert --rule=c.io/=web:80,tls", &|_| None);
        let tls = run(&mut c, "kubectl get ingress tls -o json", &|_| None).stdout;
        let tls: Value = serde_json::from_str(&tls).unwrap();
        assert_eq!(
            tls["spec"]["tls"],
            json!([{"hosts": ["a.io", "b.io"], "secretName": "cert"}, {"hosts": ["c.io"]}])
        );
        assert!(create_ingress_rule_valid("*.foo.com/admin*=svc:8080"));
        assert!(create_ingress_rule_valid("foo.com/=svc:http,tls="));
        assert!(!create_ingress_rule_valid("foo.com=svc:redis,tls"));
        assert!(!create_ingress_rule_valid("foo.com/=svc,tls"));
        assert!(!create_ingress_rule_valid("*.foo.com/path,svc:8080"));
        assert!(c.ingress("default", "bad").is_none());
        assert_eq!(
            run(&mut c, "kubectl delete ing exact", &|_| None).stdout,
            "ingress.networking.k8s.io \"exact\" deleted\n"
        );
        assert_eq!(
            run(&mut c, "kubectl describe ingress exact", &|_| None).exit_code,
            1
        );
    }

    #[test]
    fn curl_reads_host_headers_and_fail() {
        let parsed =
            CurlRequest::parse(&["-sS", "-H", "Host: a.example.com", "-m", "5", "http://10.0.0.1/x"]);
        assert_eq!(
            parsed,
            CurlRequest {
                url: Some("http://10.0.0.1/x"),
                host_header: Some("a.example.com"),
                fail: false
            }
        );
        let parsed = CurlRequest::parse(&["-fs", "-HHOST:b.io", "--header", "X-Other: 1", "b"]);
        assert_eq!(
            (parsed.url, parsed.host_header, parsed.fail),
            (Some("b"), Some("b.io"), true)
        );
        assert_eq!(CurlRequest::parse(&["-H"]), CurlRequest::default());
    }

    #[test]
    fn curl_to_the_ingress_address_goes_through_the_controller() {
        let mut c = ingress_cluster();
        run(
            &mut c,
            "kubectl create ingress shop --rule=shop.example.com/api*=api:80",
            &|_| None,
        );
        let client = c
            .pods()
            .iter()
            .find(|p| p.name.starts_with("web-"))
            .unwrap()
            .name
            .clone();
        let curl =
            |c: &mut Cluster, args: &str| run(c, &format!("kubectl exec {client} -- curl {args}"), &|_| None);
        // Before the controller has published its address, nothing answers there.
        assert_eq!(curl(&mut c, "-s http://172.18.255.200/").exit_code, 7);
        c.advance(crate::cluster::INGRESS_STATUS_DELAY_MS);
        let ok = curl(&mut c, "-s -H 'Host: shop.example.com' http://172.18.255.200/api");
        assert!(ok.stdout.starts_with("api-"), "{ok:?}");
        let missing = curl(&mut c, "-s -H 'Host: shop.example.com' http://172.18.255.200/");
        assert_eq!(missing.exit_code, 0);
        assert!(missing.stdout.contains("<title>404 Not Found</title>"));
        let failed = curl(&mut c, "-sSf http://172.18.255.200/");
        assert_eq!(failed.exit_code, 22);
        assert!(failed
            .stderr
            .starts_with("curl: (22) The requested URL returned error: 404"));
        assert_eq!(curl(&mut c, "-s http://172.18.255.200:8080/").exit_code, 7);
    }

    #[test]
    fn repeated_events_show_their_count_in_describe_and_wide() {
        let mut c = Cluster::new(3);
        c.apply(crate::scenario::DEFAULT_YAML);
        for replicas in [5, 3, 5, 3, 5] {
            let line = format!("kubectl scale deployment image-processor --replicas={replicas}");
            assert_eq!(run(&mut c, &line, &|_| None).exit_code, 0);
            c.advance(20_000);
        }
        let described = run(&mut c, "kubectl describe deployment image-processor", &|_| None).stdout;
        let events = &described[described.find("Events:").expect("an Events section")..];
        let mut lines = events.lines();
        assert_eq!(lines.next(), Some("Events:"));
        let header: Vec<&str> = lines.next().unwrap_or("").split_whitespace().collect();
        assert_eq!(header, ["Type", "Reason", "Age", "From", "Message"]);
        let rows: Vec<&str> = lines.skip(1).collect();
        // Up 3→5 happened three times, down 5→3 twice: one row each, counted.
        assert_eq!(rows.len(), 3, "{events}");
        assert!(
            rows[0].contains("Scaled up replica set") && rows[0].contains(" to 3"),
            "{events}"
        );
        assert!(
            rows[1].contains("40s (x2 over 80s)") && rows[1].contains("to 3 from 5"),
            "{events}"
        );
        assert!(
            rows[2].contains("20s (x3 over 100s)") && rows[2].contains("to 5 from 3"),
            "{events}"
        );
        assert!(rows.iter().all(|r| r.contains("deployment-controller")));
        let wide = run(&mut c, "kubectl get events -o wide", &|_| None).stdout;
        let header: Vec<&str> = wide
            .lines()
            .next()
            .unwrap_or("")
            .split("  ")
            .filter(|h| !h.is_empty())
            .map(str::trim)
            .collect();
        assert_eq!(
            header,
            [
                "LAST SEEN",
                "TYPE",
                "REASON",
                "OBJECT",
                "SUBOBJECT",
                "SOURCE",
                "MESSAGE",
                "FIRST SEEN",
                "COUNT",
                "NAME"
            ]
        );
        let up = wide
            .lines()
            .find(|l| l.contains("to 5 from 3"))
            .expect("the scale-up event");
        assert!(
            up.contains("deployment-controller") && up.contains(" 3 ") && up.contains(" image-processor."),
            "{up}"
        );
        let started = wide
            .lines()
            .find(|l| l.contains("Started"))
            .expect("a kubelet event");
        assert!(
            started.contains("spec.containers{worker}") && started.contains("kubelet, podscape-worker"),
            "{started}"
        );
    }

    mod lines {
        use super::super::run;
        use crate::Cluster;
        use proptest::prelude::*;

        const WORDS: &[&str] = &[
            "kubectl",
            "get",
            "events",
            "pods",
            "deploy",
            "describe",
            "deployment",
            "image-processor",
            "annotate",
            "pod",
            "pod/x",
            "controller.kubernetes.io/pod-deletion-cost=",
            "-5",
            "+1",
            "007",
            "a=b",
            "a-",
            "-",
            "=",
            "--overwrite",
            "--overwrite=false",
            "--sort-by",
            "--sort-by=.lastTimestamp",
            "--sort-by={.metadata.name}",
            "--sort-by=.",
            "{}",
            "-o",
            "wide",
            "json",
            "-A",
            "scale",
            "--replicas=0",
            "--replicas=7",
            "rollout",
            "restart",
        ];

        proptest! {
            #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

            /// Any line built from these words runs without a panic and exits 0 or 1.
            #[test]
            fn any_line_runs_and_exits_zero_or_one(
                picks in prop::collection::vec((0..WORDS.len(), any::<bool>()), 1..8),
                pod in 0..3usize,
            ) {
                let mut c = Cluster::new(5);
                c.apply(crate::scenario::DEFAULT_YAML);
                c.advance(15_000);
                let name = c.pods().iter().filter(|p| p.namespace == "default").nth(pod).map(|p| p.name.clone());
                let mut line = String::new();
                for (w, use_pod) in picks {
                    let word = match (&name, use_pod && w == 10) {
                        (Some(n), true) => n.as_str(),
                        _ => WORDS[w],
                    };
                    line.push_str(word);
                    line.push(' ');
                }
                let out = run(&mut c, &line, &|_| None);
                prop_assert!(out.exit_code <= 1, "{line}: {out:?}");
                let again = run(&mut c, "kubectl get events -o wide", &|_| None);
                prop_assert_eq!(again.exit_code, 0);
            }
        }
    }
}
