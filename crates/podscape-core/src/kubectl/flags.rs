//! The words of a command line: shell-like splitting, the flags kubectl understands, the
//! resource kinds with their many spellings, and `KIND/NAME` or `KIND NAME` targets.

use super::Output;

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
            // In double quotes a backslash escapes only `$`, `` ` ``, `"`, `\` and a newline;
            // before anything else it stays (`"{'\n'}"` reaches kubectl as written).
            (Some('"'), '\\') => match chars.next() {
                Some(e @ ('$' | '`' | '"' | '\\' | '\n')) => word.push(e),
                Some(e) => {
                    word.push('\\');
                    word.push(e);
                }
                None => word.push('\\'),
            },
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
pub(super) struct Flags {
    pub(super) namespace: Option<String>,
    pub(super) all_namespaces: bool,
    pub(super) output: Option<String>,
    pub(super) replicas: Option<String>,
    pub(super) files: Vec<String>,
    pub(super) selector: Option<String>,
    pub(super) sort_by: Option<String>,
    pub(super) to_revision: Option<String>,
    /// `kubectl create ingress`: `--rule`, `--class`, `--default-backend`.
    pub(super) rules: Vec<String>,
    pub(super) class: Option<String>,
    pub(super) default_backend: Option<String>,
    pub(super) overwrite: bool,
    pub(super) show_labels: bool,
    /// `create deployment --image` (repeatable) and `--port`; `expose`'s `--port`,
    /// `--target-port`, `--type`, `--name`, `--protocol`.
    pub(super) images: Vec<String>,
    pub(super) port: Option<String>,
    pub(super) target_port: Option<String>,
    pub(super) service_type: Option<String>,
    pub(super) name: Option<String>,
    pub(super) protocol: Option<String>,
    /// `drain --ignore-daemonsets`; `config set-context --current`.
    pub(super) ignore_daemonsets: bool,
    pub(super) current: bool,
    /// `get`'s output and query flags: `--field-selector`, `--no-headers`, `-L`/`--label-columns`
    /// (repeatable, comma-joined), `--show-kind`, `--allow-missing-template-keys`; `explain
    /// --recursive`; `api-resources --namespaced`.
    pub(super) field_selector: Option<String>,
    pub(super) no_headers: bool,
    pub(super) label_columns: Vec<String>,
    pub(super) show_kind: bool,
    pub(super) allow_missing_template_keys: Option<String>,
    pub(super) template: Option<String>,
    pub(super) recursive: bool,
    pub(super) namespaced: Option<String>,
    /// `kubectl run`: `--restart`, `--labels`, `--env` (repeatable), `--command`, `--rm`,
    /// `-i`/`--stdin`, `-t`/`--tty`, `--attach`, `--dry-run`; and where `--` stood among the
    /// positional words (what follows it is the container's command).
    pub(super) restart: Option<String>,
    pub(super) labels: Option<String>,
    pub(super) env: Vec<String>,
    pub(super) command: bool,
    pub(super) rm: bool,
    pub(super) stdin: bool,
    pub(super) tty: bool,
    pub(super) attach: Option<bool>,
    pub(super) dry_run: Option<String>,
    /// `kubectl create configmap|secret`: `--from-literal` and `--from-file` (repeatable).
    pub(super) from_literal: Vec<String>,
    pub(super) from_file: Vec<String>,
    /// `delete`: `--wait`, `--grace-period`, `--now`, `--force`.
    pub(super) wait: Option<String>,
    pub(super) grace_period: Option<String>,
    pub(super) now: bool,
    pub(super) force: bool,
    /// `patch`: `-p`/`--patch` (its `--type` is read from `service_type`); `wait`: `--for`, `--timeout`, `--all`.
    pub(super) patch: Option<String>,
    pub(super) wait_for: Option<String>,
    pub(super) timeout: Option<String>,
    pub(super) all: bool,
    /// `logs`: `--tail`, `--previous`, `-c`, `-f`, `--prefix`, `--all-containers`, `--timestamps`;
    /// `rollout history --revision`.
    pub(super) tail: Option<String>,
    pub(super) previous: bool,
    pub(super) container: Option<String>,
    pub(super) follow: bool,
    pub(super) prefix: bool,
    pub(super) all_containers: bool,
    pub(super) timestamps: bool,
    pub(super) revision: Option<String>,
    pub(super) positional: Vec<String>,
    /// How many positional words came before `--` (cobra's `ArgsLenAtDash`), if it was given.
    pub(super) dash_at: Option<usize>,
    pub(super) unknown: Vec<String>,
}

/// A boolean flag: bare is true, `=true|false` as given; anything else is not a bool.
fn bool_flag(inline: Option<&str>) -> bool {
    inline.is_none_or(|v| v == "true")
}

pub(super) fn parse_flags(words: &[String]) -> Flags {
    let mut f = Flags::default();
    // `-f` is `--follow` for `logs` and `--filename` everywhere else; `-p` is `--previous` for
    // `logs` and `--patch` for `patch`.
    let verb = {
        let mut it = words.iter();
        let mut verb = None;
        while let Some(w) = it.next() {
            match w.as_str() {
                // The value of a global flag given before the command is not the command.
                "-n" | "--namespace" | "--context" | "--kubeconfig" => {
                    it.next();
                }
                w if w.starts_with('-') => {}
                w => {
                    verb = Some(w);
                    break;
                }
            }
        }
        verb
    };
    let follows = verb == Some("logs");
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
            "-f" if follows => f.follow = bool_flag(inline.as_deref()),
            "-p" if follows => f.previous = bool_flag(inline.as_deref()),
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
            "--ignore-daemonsets" => f.ignore_daemonsets = inline.is_none_or(|v| v == "true"),
            "--current" => f.current = inline.is_none_or(|v| v == "true"),
            "--field-selector" => f.field_selector = value(inline),
            "--no-headers" => f.no_headers = inline.is_none_or(|v| v == "true"),
            "-L" | "--label-columns" => f.label_columns.extend(
                value(inline)
                    .iter()
                    .flat_map(|v| v.split(','))
                    .map(|k| k.trim().to_string()),
            ),
            "--show-kind" => f.show_kind = inline.is_none_or(|v| v == "true"),
            "--allow-missing-template-keys" => {
                f.allow_missing_template_keys = Some(inline.unwrap_or_else(|| "true".into()))
            }
            "--template" => f.template = value(inline),
            "--recursive" => f.recursive = inline.is_none_or(|v| v == "true"),
            "--namespaced" => f.namespaced = Some(inline.unwrap_or_else(|| "true".into())),
            "--restart" => f.restart = value(inline),
            "--labels" => f.labels = value(inline),
            "--env" => f.env.extend(value(inline)),
            "--command" => f.command = inline.is_none_or(|v| v == "true"),
            "--rm" => f.rm = inline.is_none_or(|v| v == "true"),
            "-i" | "--stdin" => f.stdin = inline.is_none_or(|v| v == "true"),
            "-t" | "--tty" => f.tty = inline.is_none_or(|v| v == "true"),
            "-it" | "-ti" => {
                f.stdin = true;
                f.tty = true;
            }
            "--attach" => f.attach = Some(inline.is_none_or(|v| v == "true")),
            // `--dry-run` alone is `--dry-run=unchanged`, which kubectl reads as client.
            "--dry-run" => f.dry_run = Some(inline.unwrap_or_else(|| "client".into())),
            "--from-literal" => f.from_literal.extend(value(inline)),
            "--from-file" => f.from_file.extend(value(inline)),
            "--wait" => f.wait = Some(inline.unwrap_or_else(|| "true".into())),
            "--grace-period" => f.grace_period = value(inline),
            "--now" => f.now = bool_flag(inline.as_deref()),
            "--force" => f.force = bool_flag(inline.as_deref()),
            "-p" | "--patch" => f.patch = value(inline),
            "--for" => f.wait_for = value(inline),
            "--timeout" => f.timeout = value(inline),
            "--all" => f.all = bool_flag(inline.as_deref()),
            "--tail" => f.tail = value(inline),
            "--previous" => f.previous = bool_flag(inline.as_deref()),
            "-c" | "--container" => f.container = value(inline),
            "--follow" => f.follow = bool_flag(inline.as_deref()),
            "--prefix" => f.prefix = bool_flag(inline.as_deref()),
            "--all-containers" => f.all_containers = bool_flag(inline.as_deref()),
            "--timestamps" => f.timestamps = bool_flag(inline.as_deref()),
            "--revision" => f.revision = value(inline),
            "--" => {
                f.dash_at = Some(f.positional.len());
                f.positional.extend(it.by_ref().cloned());
            }
            n if n.starts_with("-n") && n.len() > 2 && !n.starts_with("--") => {
                f.namespace = Some(n[2..].into())
            }
            n if n.starts_with("-o") && n.len() > 2 && !n.starts_with("--") => f.output = Some(w[2..].into()),
            n if n.starts_with("-L") && n.len() > 2 && !n.starts_with("--") => f
                .label_columns
                .extend(w[2..].split(',').map(|k| k.trim().to_string())),
            n if n.starts_with('-') && n.len() > 1 => f.unknown.push(w.clone()),
            _ => f.positional.push(w.clone()),
        }
    }
    f
}

/// A resource kind as kubectl resolves its many spellings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Resource {
    Pods,
    Deployments,
    ReplicaSets,
    DaemonSets,
    Services,
    Endpoints,
    EndpointSlices,
    Nodes,
    Events,
    Namespaces,
    Ingresses,
    IngressClasses,
    ConfigMaps,
    Secrets,
}

impl Resource {
    pub(super) fn parse(word: &str) -> Option<Resource> {
        Some(match word.to_ascii_lowercase().as_str() {
            "po" | "pod" | "pods" => Resource::Pods,
            "deploy" | "deployment" | "deployments" | "deployment.apps" | "deployments.apps" => {
                Resource::Deployments
            }
            "rs" | "replicaset" | "replicasets" | "replicaset.apps" | "replicasets.apps" => {
                Resource::ReplicaSets
            }
            "ds" | "daemonset" | "daemonsets" | "daemonset.apps" | "daemonsets.apps" => Resource::DaemonSets,
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
            "cm" | "configmap" | "configmaps" => Resource::ConfigMaps,
            "secret" | "secrets" => Resource::Secrets,
            _ => return None,
        })
    }

    /// The singular used in `pod/NAME` and in messages.
    pub(super) fn kind_prefix(self) -> &'static str {
        match self {
            Resource::Pods => "pod",
            Resource::Deployments => "deployment.apps",
            Resource::ReplicaSets => "replicaset.apps",
            Resource::DaemonSets => "daemonset.apps",
            Resource::Services => "service",
            Resource::Endpoints => "endpoints",
            Resource::EndpointSlices => "endpointslice.discovery.k8s.io",
            Resource::Nodes => "node",
            Resource::Events => "event",
            Resource::Namespaces => "namespace",
            Resource::Ingresses => "ingress.networking.k8s.io",
            Resource::IngressClasses => "ingressclass.networking.k8s.io",
            Resource::ConfigMaps => "configmap",
            Resource::Secrets => "secret",
        }
    }

    /// The plural in `Error from server (NotFound): pods "x" not found`.
    pub(super) fn plural(self) -> &'static str {
        match self {
            Resource::Pods => "pods",
            Resource::Deployments => "deployments.apps",
            Resource::ReplicaSets => "replicasets.apps",
            Resource::DaemonSets => "daemonsets.apps",
            Resource::Services => "services",
            Resource::Endpoints => "endpoints",
            Resource::EndpointSlices => "endpointslices.discovery.k8s.io",
            Resource::Nodes => "nodes",
            Resource::Events => "events",
            Resource::Namespaces => "namespaces",
            Resource::Ingresses => "ingresses.networking.k8s.io",
            Resource::IngressClasses => "ingressclasses.networking.k8s.io",
            Resource::ConfigMaps => "configmaps",
            Resource::Secrets => "secrets",
        }
    }

    pub(super) fn namespaced(self) -> bool {
        !matches!(
            self,
            Resource::Nodes | Resource::Namespaces | Resource::IngressClasses
        )
    }
}

/// Splits `deployment/web` or `deployment web` into a resource and a name.
pub(super) fn target<'a>(args: &[&'a str]) -> Result<(Resource, Option<&'a str>, usize), Output> {
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
