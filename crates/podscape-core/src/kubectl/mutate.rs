//! The commands that change the cluster: apply, scale, delete, label, annotate, set image,
//! create, expose, rollout, cordon and drain, each answered in kubectl's words.

use serde_json::{json, Value};

use super::flags::{target, Flags, Resource};
use super::{apply_text_in, server_status, Output};
use crate::cluster::Cluster;
use crate::sort::SmallSort;
use crate::table;

pub(super) fn apply(
    cluster: &mut Cluster,
    flags: &Flags,
    files: &dyn Fn(&str) -> Option<String>,
    namespace: &str,
) -> Output {
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
        // An explicit -n must agree with every object that names its namespace (cli-runtime's
        // Builder with RequireNamespace: the context's namespace is not enforced).
        if let Some(asked) = flags.namespace.as_deref() {
            let parsed = crate::manifest::parse(&text);
            let named = parsed
                .objects
                .iter()
                .filter_map(|o| o.written_namespace())
                .chain(parsed.extra_objects.iter().filter_map(|e| e.written_namespace()));
            if let Some(other) = named.into_iter().find(|n| *n != asked) {
                return Output::err(format!(
                    "error: the namespace from the provided object \"{other}\" does not match the namespace \"{asked}\". You must pass '--namespace={other}' to perform this operation."
                ));
            }
        }
        out.append(apply_text_in(cluster, file, &text, namespace));
    }
    out
}

/// `kubectl annotate pod NAME KEY=VALUE… [KEY-…] [--overwrite]` (pods only here: the
/// pod-deletion-cost annotation is what a learner sets).
pub(super) fn annotate(cluster: &mut Cluster, args: &[&str], overwrite: bool, namespace: &str) -> Output {
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
pub(super) fn label(cluster: &mut Cluster, args: &[&str], overwrite: bool, namespace: &str) -> Output {
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

/// `kubectl create deployment NAME --image=IMAGE… [--replicas=N] [--port=P] [-- COMMAND ARGS…]`,
/// as `create_deployment.go` builds it: labels and selector `app: NAME`, one container per image
/// named after the image's last path element without tag or digest, the command (if any) on
/// each. `--dry-run=client` prints the object instead of sending it (`-o yaml|json`).
pub(super) fn create_deployment(
    cluster: &mut Cluster,
    args: &[&str],
    flags: &Flags,
    namespace: &str,
) -> Output {
    // `args` follows `create deployment`: the name, then what came after `--`.
    let names = flags
        .dash_at
        .map_or(args.len(), |at| at.saturating_sub(2).min(args.len()));
    let [name] = &args[..names] else {
        return Output::err(format!("error: exactly one NAME is required, got {names}"));
    };
    let command: Vec<&str> = args[names..].to_vec();
    if flags.images.is_empty() {
        return Output::err("error: required flag(s) \"image\" not set");
    }
    if flags.images.len() > 1 && !command.is_empty() {
        return Output::err("error: cannot specify multiple --image options and command");
    }
    let dry_run = match dry_run(flags) {
        Ok(d) => d,
        Err(e) => return e,
    };
    if let Err(refused) = cluster.admit(namespace, &format!("deployments.apps \"{name}\"")) {
        return Output::err(format!("error: failed to create deployment: {refused}"));
    }
    let replicas = match flags.replicas.as_deref().map(str::parse::<i32>) {
        None => 1,
        Some(Ok(n)) => n,
        Some(Err(_)) => return Output::err(
            "error: invalid argument for \"-r, --replicas\" flag: strconv.ParseInt: parsing: invalid syntax",
        ),
    };
    let port = match flags.port.as_deref().map(str::parse::<i32>) {
        None => None,
        Some(Ok(p)) => Some(p),
        Some(Err(_)) => {
            let text = flags.port.as_deref().unwrap_or_default();
            return Output::err(format!(
                "error: invalid argument \"{text}\" for \"--port\" flag: strconv.ParseInt: parsing \"{text}\": invalid syntax\nSee 'kubectl create deployment --help' for usage."
            ));
        }
    };
    let mut containers = Vec::new();
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
        let mut c = json!({"name": container, "image": image, "resources": {}});
        if !command.is_empty() {
            c["command"] = json!(command);
        }
        if let (0, Some(port)) = (i, port) {
            c["ports"] = json!([{"containerPort": port}]);
        }
        containers.push(c);
        names.push(container);
    }
    let mut metadata = json!({"name": name, "labels": {"app": name}});
    if flags.namespace.is_some() {
        metadata["namespace"] = json!(namespace);
    }
    let object = json!({
        "apiVersion": "apps/v1", "kind": "Deployment", "metadata": metadata,
        "spec": {"replicas": replicas, "selector": {"matchLabels": {"app": name}}, "strategy": {},
                 "template": {"metadata": {"labels": {"app": name}}, "spec": {"containers": containers}}},
        "status": {},
    });
    if let Some(output) = dry_run {
        return print_dry_run(&object, &output, &format!("deployment.apps/{name}"), "created");
    }
    if cluster.deployment(namespace, name).is_some() {
        return Output::err(format!(
            "error: failed to create deployment: deployments.apps \"{name}\" already exists"
        ));
    }
    // The empty fields kubectl prints are not sent: the pod-template-hash is computed on the
    // template Podscape stores, which (like the API server's) has no empty `resources`.
    let mut sent = object;
    sent["metadata"]["namespace"] = json!(namespace);
    if let Some(o) = sent.as_object_mut() {
        o.remove("status");
    }
    if let Some(spec) = sent["spec"].as_object_mut() {
        spec.remove("strategy");
    }
    if let Some(cs) = sent["spec"]["template"]["spec"]["containers"].as_array_mut() {
        for c in cs.iter_mut().filter_map(Value::as_object_mut) {
            c.remove("resources");
        }
    }
    created(
        cluster,
        &crate::yaml_out::to_yaml(&sent),
        "Deployment",
        name,
        format!("deployment.apps/{name} created\n"),
    )
}

/// `--dry-run`: `None` sends the object; `Some(output)` prints it (`-o` as given, may be empty).
/// `--dry-run=server` is answered as client: Podscape's API server has no dry run of its own.
fn dry_run(flags: &Flags) -> Result<Option<String>, Output> {
    match flags.dry_run.as_deref() {
        None | Some("none") => Ok(None),
        Some("client" | "server") => Ok(Some(flags.output.clone().unwrap_or_default())),
        Some(other) => Err(Output::err(format!(
            "error: Invalid dry-run value ({other}). Must be \"none\", \"server\", or \"client\"."
        ))),
    }
}

/// What `--dry-run=client` prints: the object kubectl would send (`-o yaml|json`), its name
/// (`-o name`), or `KIND/NAME VERB (dry run)`. A typed object marshals to JSON in its Go
/// struct's field order; YAML goes through a map, so its keys sort.
fn print_dry_run(object: &Value, output: &str, kind_name: &str, verb: &str) -> Output {
    match output {
        "yaml" => Output::ok(crate::yaml_out::to_yaml(object)),
        // `scale` prints what the server returned: unstructured, so its keys sort.
        "json" if verb == "scaled" => Output::ok(json_text(object)),
        "json" => {
            let mut text = String::new();
            struct_order_json(object, 0, &mut text);
            Output::ok(text + "\n")
        }
        "name" => Output::ok(format!("{kind_name}\n")),
        "" => Output::ok(format!("{kind_name} {verb} (dry run)\n")),
        other => Output::err(format!(
            "error: unable to match a printer suitable for the output format \"{other}\", allowed formats are: json,name,yaml"
        )),
    }
}

/// The fields of the objects kubectl's generators build, in their Go structs' order
/// (`TypeMeta`, `ObjectMeta`, `DeploymentSpec`, `Container`, `ServiceSpec`, `ServicePort`, …):
/// one ranking that is consistent with every struct involved.
const STRUCT_ORDER: &[&str] = &[
    "kind",
    "apiVersion",
    "metadata",
    "name",
    "namespace",
    "labels",
    "spec",
    "replicas",
    "image",
    "command",
    "ports",
    "protocol",
    "port",
    "containerPort",
    "targetPort",
    "selector",
    "matchLabels",
    "template",
    "containers",
    "resources",
    "strategy",
    "type",
    "status",
    "loadBalancer",
];

/// `json.MarshalIndent(typedObject, "", "    ")`: keys in struct order.
fn struct_order_json(value: &Value, level: usize, out: &mut String) {
    let pad = |n: usize| "    ".repeat(n);
    match value {
        Value::Object(map) if !map.is_empty() => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort_by_key(|k| {
                (
                    STRUCT_ORDER.iter().position(|o| o == k).unwrap_or(usize::MAX),
                    k.as_str(),
                )
            });
            out.push_str("{\n");
            for (i, key) in keys.iter().enumerate() {
                out.push_str(&format!("{}{}: ", pad(level + 1), Value::String(key.to_string())));
                struct_order_json(&map[key.as_str()], level + 1, out);
                out.push_str(if i + 1 < keys.len() { ",\n" } else { "\n" });
            }
            out.push_str(&pad(level));
            out.push('}');
        }
        Value::Array(items) if !items.is_empty() => {
            out.push_str("[\n");
            for (i, item) in items.iter().enumerate() {
                out.push_str(&pad(level + 1));
                struct_order_json(item, level + 1, out);
                out.push_str(if i + 1 < items.len() { ",\n" } else { "\n" });
            }
            out.push_str(&pad(level));
            out.push(']');
        }
        other => out.push_str(&other.to_string()),
    }
}

/// kubectl's `-o json`: four spaces of indent (`json.MarshalIndent(…, "", "    ")`).
fn json_text(value: &Value) -> String {
    use serde::Serialize;
    let mut bytes = Vec::new();
    let formatter = serde_json::ser::PrettyFormatter::with_indent(b"    ");
    let mut serializer = serde_json::Serializer::with_formatter(&mut bytes, formatter);
    if value.serialize(&mut serializer).is_err() {
        return String::new();
    }
    String::from_utf8(bytes).unwrap_or_default() + "\n"
}

/// `kubectl expose deployment NAME --port=P [--target-port=T] [--type=T] [--name=N]`: a Service
/// with the Deployment's selector and labels, as `expose.go` generates it. Without `--port`,
/// the pod template's one container port is used.
pub(super) fn expose(cluster: &mut Cluster, name: &str, flags: &Flags, namespace: &str) -> Output {
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
    let int_or_name = |text: &str| match text.parse::<i32>() {
        Ok(n) => json!(n),
        Err(_) => json!(text),
    };
    let mut port_entry = json!({
        "port": int_or_name(&port),
        "protocol": flags.protocol.as_deref().unwrap_or("TCP"),
        "targetPort": int_or_name(flags.target_port.as_deref().unwrap_or(&port)),
    });
    if !port_entry["port"].is_number() {
        port_entry["port"] = json!(port);
    }
    let mut metadata = json!({"name": service});
    if !d.spec.labels.is_empty() {
        metadata["labels"] = json!(d.spec.labels);
    }
    if flags.namespace.is_some() {
        metadata["namespace"] = json!(namespace);
    }
    let mut spec = json!({"ports": [port_entry], "selector": d.spec.selector});
    if let Some(t) = &flags.service_type {
        spec["type"] = json!(t);
    }
    let object = json!({"apiVersion": "v1", "kind": "Service", "metadata": metadata, "spec": spec,
                        "status": {"loadBalancer": {}}});
    match dry_run(flags) {
        Ok(Some(output)) => return print_dry_run(&object, &output, &format!("service/{service}"), "exposed"),
        Ok(None) => {}
        Err(e) => return e,
    }
    let mut sent = object;
    sent["metadata"]["namespace"] = json!(namespace);
    if let Some(o) = sent.as_object_mut() {
        o.remove("status");
    }
    created(
        cluster,
        &crate::yaml_out::to_yaml(&sent),
        "Service",
        &service,
        format!("service/{service} exposed\n"),
    )
}

/// Applies a generated object: the API server's error if it is invalid (`The Kind "name" is
/// invalid: …`, several causes in brackets), else `message`.
pub(super) fn created(cluster: &mut Cluster, yaml: &str, kind: &str, name: &str, message: String) -> Output {
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
pub(super) fn quote_yaml(s: &str) -> String {
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

/// `kubectl create ingress NAME --rule=host/path=service:port[,tls[=secret]]`, as kubectl's
/// create_ingress.go builds it: the rules are checked against its pattern first; a path ending
/// in `*` is a Prefix (without the `*`), any other path Exact; rules of one host share a rule;
/// `,tls[=secret]` adds the host to a TLS entry per secret.
pub(super) fn create_ingress(cluster: &mut Cluster, name: &str, flags: &Flags, namespace: &str) -> Output {
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

pub(super) fn scale(cluster: &mut Cluster, args: &[&str], flags: &Flags, namespace: &str) -> Output {
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
    match dry_run(flags) {
        Err(e) => return e,
        Ok(Some(output)) => {
            // `--dry-run=client`: the object as it would be sent, with its new size.
            let Some(d) = cluster.deployment(namespace, name) else {
                return Output::err(format!(
                    "Error from server (NotFound): deployments.apps \"{name}\" not found"
                ));
            };
            let mut object = super::wire::deployment_object(d);
            object["spec"]["replicas"] = json!(replicas);
            return print_dry_run(&object, &output, &format!("deployment.apps/{name}"), "scaled");
        }
        Ok(None) => {}
    }
    if cluster.scale_deployment(namespace, name, replicas) {
        Output::ok(format!("deployment.apps/{name} scaled\n"))
    } else {
        Output::err(format!(
            "Error from server (NotFound): deployments.apps \"{name}\" not found"
        ))
    }
}

/// How `kubectl delete` deletes, from `--grace-period`, `--now`, `--force` and `--dry-run`, as
/// `DeleteOptions.Complete` and `Validate` settle them; `Err` is kubectl's refusal.
struct DeleteMode {
    /// `Some(0)` is a forced deletion ("force deleted"), `None` the object's default.
    grace_period: Option<i64>,
    dry_run: bool,
    warning: Option<&'static str>,
}

fn delete_mode(flags: &Flags) -> Result<DeleteMode, Output> {
    let mut grace: i64 = match flags.grace_period.as_deref() {
        None => -1,
        Some(text) => text.parse().map_err(|_| {
            Output::err(format!(
                "error: invalid argument \"{text}\" for \"--grace-period\" flag: strconv.ParseInt: parsing \"{text}\": invalid syntax\nSee 'kubectl delete --help' for usage."
            ))
        })?,
    };
    if flags.now {
        if grace != -1 {
            return Err(Output::err(
                "error: --now and --grace-period cannot be specified together",
            ));
        }
        grace = 1;
    }
    if grace == 0 && !flags.force {
        // kubectl turns --grace-period=0 into 1 unless --force says it means it.
        grace = 1;
    }
    if flags.force && grace < 0 {
        grace = 0;
    }
    let mut warning = None;
    if flags.force {
        if grace > 0 {
            return Err(Output::err(
                "error: --force and --grace-period greater than 0 cannot be specified together",
            ));
        }
        warning = Some("Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.\n");
    }
    let dry_run = match flags.dry_run.as_deref() {
        None | Some("none") => false,
        Some("client" | "server") => true,
        Some(other) => {
            return Err(Output::err(format!(
                "error: Invalid dry-run value ({other}). Must be \"none\", \"server\", or \"client\"."
            )))
        }
    };
    if let Some(wait) = flags.wait.as_deref() {
        if wait != "true" && wait != "false" {
            return Err(Output::err(format!(
                "error: invalid argument \"{wait}\" for \"--wait\" flag: strconv.ParseBool: parsing \"{wait}\": invalid syntax\nSee 'kubectl delete --help' for usage."
            )));
        }
    }
    Ok(DeleteMode {
        grace_period: (grace >= 0).then_some(grace),
        dry_run,
        warning,
    })
}

pub(super) fn delete(
    cluster: &mut Cluster,
    args: &[&str],
    flags: &Flags,
    namespace: &str,
    files: &dyn Fn(&str) -> Option<String>,
) -> Output {
    let mode = match delete_mode(flags) {
        Ok(mode) => mode,
        Err(e) => return e,
    };
    let mut out = Output::default();
    if let Some(warning) = mode.warning {
        out.stderr.push_str(warning);
    }
    out.append(delete_objects(cluster, args, flags, namespace, files, &mode));
    out
}

fn delete_objects(
    cluster: &mut Cluster,
    args: &[&str],
    flags: &Flags,
    namespace: &str,
    files: &dyn Fn(&str) -> Option<String>,
    mode: &DeleteMode,
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
            // Every kind Podscape keeps, in the order of the documents.
            let mut targets: Vec<(usize, Resource, &str, &str)> = parsed
                .objects
                .iter()
                .map(|object| {
                    let resource = match object {
                        crate::manifest::Object::Deployment(_) => Resource::Deployments,
                        crate::manifest::Object::Service(_) => Resource::Services,
                    };
                    (object.line(), resource, object.namespace(), object.name())
                })
                .collect();
            for extra in &parsed.extra_objects {
                use crate::manifest::ExtraObject;
                let resource = match extra {
                    ExtraObject::Pod(_) => Resource::Pods,
                    ExtraObject::ConfigMap(_) => Resource::ConfigMaps,
                    ExtraObject::Secret(_) => Resource::Secrets,
                    ExtraObject::Ingress(_) => Resource::Ingresses,
                    ExtraObject::Namespace(_) => Resource::Namespaces,
                    ExtraObject::ReplicaSet(_) => continue,
                };
                targets.push((extra.line(), resource, extra.namespace(), extra.name()));
            }
            targets.small_sort_by_key(|t| t.0);
            // Namespaces last: their controller removes what they hold later, so kubectl still
            // finds (and deletes) the objects after them in the file. Printed in file order.
            let mut outputs: Vec<(usize, Output)> = Vec::new();
            for pass in [false, true] {
                for (line, resource, object_namespace, name) in &targets {
                    if (*resource == Resource::Namespaces) != pass {
                        continue;
                    }
                    let ns = if object_namespace.is_empty() {
                        namespace
                    } else {
                        object_namespace
                    };
                    outputs.push((*line, delete_named(cluster, *resource, &[name], ns, mode)));
                }
            }
            outputs.small_sort_by_key(|o| o.0);
            for (_, o) in outputs {
                out.append(o);
            }
        }
        return out;
    }
    let (resource, first, used) = match target(args) {
        Ok(t) => t,
        Err(e) => return e,
    };
    // `-l SELECTOR`, `--field-selector` or `--all`: every object of the kind they select.
    if flags.selector.is_some() || flags.field_selector.is_some() || flags.all {
        if first.is_some() {
            return Output::err("error: name cannot be provided when a selector is specified");
        }
        if flags.all && flags.selector.is_some() {
            return Output::err("error: cannot set --all and --selector at the same time");
        }
        let names = match super::get::selected_names(cluster, resource, flags, namespace) {
            Ok(names) => names,
            Err(e) => return e,
        };
        if names.is_empty() {
            // kubectl says so on stderr and still exits 0.
            return Output {
                stderr: "No resources found\n".into(),
                ..Output::default()
            };
        }
        // A list comes back sorted by name, as etcd keys sort.
        let mut names: Vec<&str> = names.iter().map(String::as_str).collect();
        crate::sort::SmallSort::small_sort(names.as_mut_slice());
        return delete_named(cluster, resource, &names, namespace, mode);
    }
    let Some(first) = first else {
        return Output::err("error: resource(s) were provided, but no name was specified");
    };
    let names: Vec<&str> = std::iter::once(first)
        .chain(args.iter().skip(used).copied())
        .collect();
    delete_named(cluster, resource, &names, namespace, mode)
}

/// Deletes objects of one kind by name: `deployment.apps "web" deleted from default namespace`
/// (kubectl v1.34+ names the namespace of namespaced kinds; `force deleted` with a grace period
/// of 0, `(dry run)` with `--dry-run`), or kubectl's NotFound.
fn delete_named(
    cluster: &mut Cluster,
    resource: Resource,
    names: &[&str],
    namespace: &str,
    mode: &DeleteMode,
) -> Output {
    let mut out = Output::default();
    let force = mode.grace_period == Some(0);
    for name in names {
        let deleted = match resource {
            _ if mode.dry_run => exists(cluster, resource, namespace, name),
            Resource::Pods if force => cluster.force_delete_pod(namespace, name),
            // Simplified: any other grace period terminates as the simulated containers do
            // (they all stop on SIGTERM within a second or two).
            Resource::Namespaces => match cluster.delete_namespace(name) {
                Ok(found) => found,
                Err(forbidden) => {
                    out.stderr.push_str(&format!("Error from server (Forbidden): {forbidden}\n"));
                    out.exit_code = 1;
                    continue;
                }
            },
            Resource::Pods => cluster.delete_pod(namespace, name),
            Resource::Deployments => cluster.delete_deployment(namespace, name),
            Resource::Services => cluster.delete_service(namespace, name),
            Resource::Ingresses => cluster.delete_ingress(namespace, name),
            Resource::ConfigMaps => cluster.delete_config_map(namespace, name),
            Resource::Secrets => cluster.delete_secret(namespace, name),
            _ => {
                return Output::err(format!(
                    "error: deleting {} is not simulated; delete pods, deployments, services, ingresses or namespaces",
                    resource.plural()
                ))
            }
        };
        if deleted {
            let mut operation = String::from(if force { "force deleted" } else { "deleted" });
            if resource.namespaced() {
                operation.push_str(&format!(" from {namespace} namespace"));
            }
            if mode.dry_run {
                operation.push_str(" (dry run)");
            }
            out.stdout
                .push_str(&format!("{} \"{name}\" {operation}\n", resource.kind_prefix()));
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

/// Whether an object of a deletable kind exists (what `--dry-run=client` deletes).
fn exists(cluster: &Cluster, resource: Resource, namespace: &str, name: &str) -> bool {
    match resource {
        Resource::Pods => cluster
            .pods()
            .iter()
            .any(|p| p.namespace == namespace && p.name == name),
        Resource::Deployments => cluster.deployment(namespace, name).is_some(),
        Resource::Services => cluster.service(namespace, name).is_some(),
        Resource::Ingresses => cluster.ingress(namespace, name).is_some(),
        _ => false,
    }
}

pub(super) fn set_image(
    cluster: &mut Cluster,
    target_word: &str,
    assignments: &[&str],
    namespace: &str,
) -> Output {
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

pub(super) fn rollout(
    cluster: &mut Cluster,
    verb: &str,
    target_word: &str,
    flags: &Flags,
    namespace: &str,
) -> Output {
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
        "status" => {
            // `--timeout`: how long to watch; 0 (the default) or less, until the rollout ends.
            let text = flags.timeout.as_deref().unwrap_or("0s");
            let Some(timeout) = super::wait::parse_go_duration(text) else {
                return Output::err(format!(
                    "error: invalid argument \"{text}\" for \"--timeout\" flag: time: invalid duration \"{text}\"\nSee 'kubectl rollout status --help' for usage."
                ));
            };
            let timeout_ms = u64::try_from(timeout).ok().filter(|&t| t > 0);
            rollout_status(cluster, namespace, name, timeout_ms)
        }
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
        "history" if flags.revision.is_some() => {
            let wanted = flags.revision.as_deref().unwrap_or_default();
            let Ok(revision) = wanted.parse::<i64>() else {
                return Output::err(format!(
                    "error: invalid argument \"{wanted}\" for \"--revision\" flag: strconv.ParseInt: parsing \"{wanted}\": invalid syntax\nSee 'kubectl rollout history --help' for usage."
                ));
            };
            let found = cluster
                .replica_sets()
                .iter()
                .find(|rs| rs.owner == name && rs.namespace == namespace && rs.revision as i64 == revision);
            match found {
                // --revision=0 is the plain history.
                _ if revision == 0 => rollout(cluster, verb, target_word, &Flags::default(), namespace),
                None => Output::err("error: unable to find the specified revision"),
                Some(rs) => {
                    let mut labels = rs.template.labels.clone();
                    labels.insert("pod-template-hash".into(), rs.template_hash.clone());
                    Output::ok(format!(
                        "deployment.apps/{name} with revision #{revision}\n{}\n",
                        super::describe::pod_template(&rs.template, &labels)
                    ))
                }
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
fn rollout_status(cluster: &mut Cluster, namespace: &str, name: &str, timeout_ms: Option<u64>) -> Output {
    const STEP_MS: u64 = 100;
    let mut out = Output::default();
    let mut last = String::new();
    let started = cluster.now_ms();
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
        if timeout_ms.is_some_and(|t| cluster.now_ms() - started >= t) {
            out.stderr
                .push_str("error: timed out waiting for the condition\n");
            out.exit_code = 1;
            return out;
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

pub(super) fn cordon(cluster: &mut Cluster, node: &str, on: bool) -> Output {
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

/// `kubectl drain NODE [--ignore-daemonsets]`: cordons it and evicts its pods (each goes back
/// to its ReplicaSet); DaemonSet pods stop it unless ignored, as kubectl's drainer says.
pub(super) fn drain(cluster: &mut Cluster, node: &str, ignore_daemonsets: bool) -> Output {
    let node = node.strip_prefix("node/").unwrap_or(node);
    let already = cluster.nodes().iter().any(|n| n.name == node && n.unschedulable);
    let cordoned = if already {
        format!("node/{node} already cordoned\n")
    } else {
        format!("node/{node} cordoned\n")
    };
    match cluster.drain(node, ignore_daemonsets) {
        None => Output::err(format!(
            "Error from server (NotFound): nodes \"{node}\" not found"
        )),
        Some(Err(daemon_pods)) => {
            let why = format!(
                "cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore): {}",
                daemon_pods.join(", ")
            );
            Output {
                stdout: cordoned,
                stderr: format!(
                    "error: unable to drain node \"{node}\" due to error: {why}, continuing command...\nThere are pending nodes to be drained:\n {node}\n{why}\n"
                ),
                exit_code: 1,
            }
        }
        Some(Ok(evicted)) => {
            let mut out = cordoned;
            let daemon_pods: Vec<String> = cluster
                .pods()
                .iter()
                .filter(|p| {
                    p.node.as_deref() == Some(node)
                        && p.is_active()
                        && p.owner_kind == crate::cluster::OwnerKind::DaemonSet
                })
                .map(|p| format!("{}/{}", p.namespace, p.name))
                .collect();
            let mut daemon_pods = daemon_pods;
            daemon_pods.small_sort();
            let stderr = if daemon_pods.is_empty() {
                String::new()
            } else {
                format!(
                    "Warning: ignoring DaemonSet-managed Pods: {}\n",
                    daemon_pods.join(", ")
                )
            };
            for pod in &evicted {
                out.push_str(&format!("evicting pod {pod}\n"));
            }
            for pod in &evicted {
                out.push_str(&format!("pod/{} evicted\n", pod.split('/').nth(1).unwrap_or(pod)));
            }
            out.push_str(&format!("node/{node} drained\n"));
            Output {
                stdout: out,
                stderr,
                exit_code: 0,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::create_ingress_rule_valid;

    #[test]
    fn create_ingress_checks_rules_against_kubectls_pattern() {
        assert!(create_ingress_rule_valid("*.foo.com/admin*=svc:8080"));
        assert!(create_ingress_rule_valid("foo.com/=svc:http,tls="));
        assert!(!create_ingress_rule_valid("foo.com=svc:redis,tls"));
        assert!(!create_ingress_rule_valid("foo.com/=svc,tls"));
        assert!(!create_ingress_rule_valid("*.foo.com/path,svc:8080"));
    }
}
