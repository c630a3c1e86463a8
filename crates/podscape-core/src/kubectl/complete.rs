//! Tab completion: verbs, resource types and object names for the terminal.

use super::flags::{split_words, Resource};
use crate::cluster::Cluster;

/// What `-o` takes (the forms Podscape prints; a template follows `=`).
const OUTPUT_FORMATS: &[&str] = &[
    "wide",
    "name",
    "json",
    "yaml",
    "jsonpath=",
    "jsonpath-as-json=",
    "custom-columns=",
];

/// `kubectl get`'s flags, as completion offers them.
const GET_FLAGS: &[&str] = &[
    "--all-namespaces",
    "--allow-missing-template-keys",
    "--field-selector",
    "--label-columns",
    "--namespace",
    "--no-headers",
    "--output",
    "--selector",
    "--show-kind",
    "--show-labels",
    "--sort-by",
    "--template",
    "-A",
    "-L",
    "-l",
    "-o",
];

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
    // `-n NAME` (and its other spellings) picks the namespace whose objects are offered; its
    // value is not a positional word.
    let mut namespace = cluster.context_namespace().to_string();
    let mut positional: Vec<&str> = Vec::new();
    let mut after_n = false;
    // Stop at `--`: what follows is the container's command.
    for w in done.iter().take_while(|w| **w != "--") {
        if after_n {
            namespace = w.to_string();
            after_n = false;
        } else if *w == "-n" || *w == "--namespace" {
            after_n = true;
        } else if let Some(ns) = w.strip_prefix("--namespace=") {
            namespace = ns.to_string();
        } else if !w.starts_with('-') {
            positional.push(w);
        }
    }
    let ns = namespace.as_str();
    // `-o`'s value: the formats.
    if done.last().is_some_and(|w| *w == "-o" || *w == "--output") {
        return OUTPUT_FORMATS
            .iter()
            .filter(|f| f.starts_with(partial))
            .map(|f| f.to_string())
            .collect();
    }
    if done.contains(&"--") {
        return Vec::new();
    }
    let candidates: Vec<String> = match positional.as_slice() {
        // The value of `-n`: a namespace.
        _ if after_n => cluster.namespaces().map(|n| n.name.clone()).collect(),
        _ if partial.starts_with('-') => {
            let flags: &[&str] = match positional.get(1).copied() {
                Some("get") => GET_FLAGS,
                Some("explain") => &["--recursive"],
                Some("api-resources") => &["--namespaced=true", "--namespaced=false", "--no-headers", "-o"],
                Some("delete") => &[
                    "--all",
                    "--all-namespaces",
                    "--dry-run=client",
                    "--field-selector",
                    "--force",
                    "--grace-period=",
                    "--namespace",
                    "--now",
                    "--selector",
                    "--wait=false",
                    "-f",
                    "-l",
                ],
                Some("drain") => &["--ignore-daemonsets"],
                Some("flows") if positional.first() == Some(&"podscape") => &["--since", "-o"],
                Some("why") if positional.first() == Some(&"podscape") => &["-f", "-n", "-o"],
                Some("timeline") if positional.first() == Some(&"podscape") => &["-o"],
                Some("run") => &[
                    "--image=",
                    "--restart=Never",
                    "--restart=OnFailure",
                    "--rm",
                    "-it",
                    "--stdin",
                    "--tty",
                    "--attach",
                    "--labels=",
                    "--port=",
                    "--env=",
                    "--command",
                    "--dry-run=client",
                    "--output=yaml",
                    "--namespace",
                ],
                Some("create") if matches!(positional.get(2), Some(&("configmap" | "cm" | "secret"))) => {
                    &["--from-literal=", "--from-file=", "--type="]
                }
                Some("config") if positional.get(2) == Some(&"set-context") => &["--current", "--namespace="],
                Some(verb) => flags_for(verb),
                None => &[],
            };
            flags.iter().map(|f| f.to_string()).collect()
        }
        ["kubectl", "explain"] => return super::explain::complete(partial),
        [] => vec!["kubectl".into(), "podscape".into()],
        // Podscape's own commands (faults, the traffic generator, flows): `script::run_line`.
        ["podscape"] => [
            "crash",
            "fail-readiness",
            "fix-readiness",
            "flows",
            "node-down",
            "node-up",
            "proxy-mode",
            "pullable",
            "seek",
            "timeline",
            "traffic",
            "unpullable",
            "why",
        ]
        .map(String::from)
        .to_vec(),
        ["podscape", "why"] => crate::why::subjects(cluster, ns),
        ["podscape", "traffic"] => vec!["rate".into(), "source".into()],
        ["podscape", "traffic", "source"] => vec!["frontend".into(), "external".into()],
        ["podscape", "proxy-mode"] => vec!["iptables".into(), "ipvs".into(), "nftables".into()],
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
            "diff",
            "label",
            "annotate",
            "patch",
            "wait",
            "logs",
            "port-forward",
            "exec",
            "run",
            "cordon",
            "uncordon",
            "drain",
            "config",
            "cluster-info",
            "version",
            "explain",
            "api-resources",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect(),
        ["kubectl", "set"] => vec!["image".into()],
        ["kubectl", "create"] => ["deployment", "ingress", "namespace", "configmap", "secret"]
            .iter()
            .map(|s| s.to_string())
            .collect(),
        ["kubectl", "create", "secret"] => vec!["generic".into()],
        ["kubectl", "config"] => vec![
            "current-context".into(),
            "get-contexts".into(),
            "set-context".into(),
        ],
        ["kubectl", "exec"] => cluster
            .pods()
            .iter()
            .filter(|p| p.namespace == ns && p.is_active())
            .map(|p| p.name.clone())
            .collect(),
        ["kubectl", "rollout"] => ["status", "history", "undo", "restart", "pause", "resume"]
            .iter()
            .map(|s| s.to_string())
            .collect(),
        // `logs` and `port-forward` take a pod, or TYPE/NAME.
        ["kubectl", "logs" | "port-forward"] => {
            let mut names: Vec<String> = cluster
                .pods()
                .iter()
                .filter(|p| p.namespace == "default")
                .map(|p| p.name.clone())
                .collect();
            names.extend(
                cluster
                    .deployments()
                    .filter(|d| d.spec.namespace == "default")
                    .map(|d| format!("deploy/{}", d.spec.name)),
            );
            names.extend(
                cluster
                    .services()
                    .filter(|s| s.spec.namespace == "default")
                    .map(|s| format!("svc/{}", s.spec.name)),
            );
            names
        }
        ["kubectl", "get" | "delete" | "describe" | "patch" | "wait"] => [
            "pods",
            "deployments",
            "replicasets",
            "daemonsets",
            "services",
            "endpoints",
            "endpointslices",
            "nodes",
            "events",
            "ingresses",
            "namespaces",
            "configmaps",
            "secrets",
            "all",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect(),
        ["kubectl", "scale", ..] | ["kubectl", "rollout", _] | ["kubectl", "set", "image"] => cluster
            .deployments()
            .filter(|d| d.spec.namespace == ns)
            .map(|d| format!("deployment/{}", d.spec.name))
            .collect(),
        ["kubectl", "get" | "delete" | "describe" | "patch" | "wait", kind] => match Resource::parse(kind) {
            Some(Resource::Pods) => cluster
                .pods()
                .iter()
                .filter(|p| p.namespace == ns)
                .map(|p| p.name.clone())
                .collect(),
            Some(Resource::Deployments) => cluster
                .deployments()
                .filter(|d| d.spec.namespace == ns)
                .map(|d| d.spec.name.clone())
                .collect(),
            Some(Resource::Services) => cluster
                .services()
                .filter(|s| s.spec.namespace == ns)
                .map(|s| s.spec.name.clone())
                .collect(),
            Some(Resource::Ingresses) => cluster
                .ingresses()
                .filter(|i| i.spec.namespace == ns)
                .map(|i| i.spec.name.clone())
                .collect(),
            Some(Resource::ReplicaSets) => cluster
                .replica_sets()
                .iter()
                .filter(|rs| rs.namespace == ns)
                .map(|rs| rs.name.clone())
                .collect(),
            Some(Resource::Nodes) => cluster.nodes().iter().map(|n| n.name.clone()).collect(),
            Some(Resource::Namespaces) => cluster.namespaces().map(|n| n.name.clone()).collect(),
            Some(Resource::DaemonSets) => cluster
                .daemon_sets()
                .iter()
                .filter(|d| d.namespace == ns)
                .map(|d| d.name.clone())
                .collect(),
            Some(Resource::ConfigMaps) => cluster
                .config_maps()
                .into_iter()
                .filter(|(c, _)| c.namespace == ns)
                .map(|(c, _)| c.name)
                .collect(),
            Some(Resource::Secrets) => cluster
                .secrets()
                .filter(|(s, _)| s.namespace == ns)
                .map(|(s, _)| s.name.clone())
                .collect(),
            _ => Vec::new(),
        },
        _ => Vec::new(),
    };
    candidates
        .into_iter()
        .filter(|c| c.starts_with(partial))
        .collect()
}

/// The flags a command takes here, for completing a word that starts with `-`.
fn flags_for(verb: &str) -> &'static [&'static str] {
    match verb {
        "create" => &[
            "--dry-run=client",
            "--image=",
            "--output=yaml",
            "--port=",
            "--replicas=",
            "-n",
            "-o",
        ],
        "expose" => &[
            "--dry-run=client",
            "--name=",
            "--output=yaml",
            "--port=",
            "--protocol=",
            "--target-port=",
            "--type=",
            "-o",
        ],
        "patch" => &[
            "--patch=",
            "--type=json",
            "--type=merge",
            "--type=strategic",
            "-n",
            "-p",
        ],
        "wait" => &[
            "--all",
            "--for=condition=Available",
            "--for=condition=Ready",
            "--for=delete",
            "--for=jsonpath=",
            "--selector=",
            "--timeout=",
            "-l",
            "-n",
        ],
        "logs" => &[
            "--all-containers",
            "--container=",
            "--follow",
            "--prefix",
            "--previous",
            "--selector=",
            "--tail=",
            "--timestamps",
            "-c",
            "-f",
            "-l",
            "-n",
            "-p",
        ],
        "rollout" => &["--revision=", "--to-revision=", "--timeout="],
        "diff" | "apply" => &["--filename=", "-f"],
        _ => &["--namespace=", "-n"],
    }
}
