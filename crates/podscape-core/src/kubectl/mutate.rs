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

/// `kubectl create deployment NAME --image=IMAGE… [--replicas=N] [--port=P]`, as
/// `create_deployment.go` builds it: labels and selector `app: NAME`, one container per image
/// named after the image's last path element without tag or digest.
pub(super) fn create_deployment(cluster: &mut Cluster, name: &str, flags: &Flags, namespace: &str) -> Output {
    if flags.images.is_empty() {
        return Output::err("error: required flag(s) \"image\" not set");
    }
    if cluster.deployment(namespace, name).is_some() {
        return Output::err(format!(
            "error: failed to create deployment: deployments.apps \"{name}\" already exists"
        ));
    }
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
    if cluster.scale_deployment(namespace, name, replicas) {
        Output::ok(format!("deployment.apps/{name} scaled\n"))
    } else {
        Output::err(format!(
            "Error from server (NotFound): deployments.apps \"{name}\" not found"
        ))
    }
}

pub(super) fn delete(
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
                    outputs.push((*line, delete_named(cluster, *resource, &[name], ns)));
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
    // `-l SELECTOR` and `--field-selector`: every object of the kind they select.
    if flags.selector.is_some() || flags.field_selector.is_some() {
        if first.is_some() {
            return Output::err("error: name cannot be provided when a selector is specified");
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
