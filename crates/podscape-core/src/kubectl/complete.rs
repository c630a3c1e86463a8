//! Tab completion: verbs, resource types and object names for the terminal.

use super::flags::{split_words, Resource};
use crate::cluster::Cluster;

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
    if partial.starts_with('-') {
        return flags_for(positional.get(1).copied().unwrap_or(""))
            .iter()
            .filter(|f| f.starts_with(partial))
            .map(|f| f.to_string())
            .collect();
    }
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
            "diff",
            "label",
            "annotate",
            "patch",
            "wait",
            "logs",
            "port-forward",
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
        ["kubectl", "get" | "delete" | "describe" | "patch" | "wait", kind] => match Resource::parse(kind) {
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

/// The flags a command takes here, for completing a word that starts with `-`.
fn flags_for(verb: &str) -> &'static [&'static str] {
    match verb {
        "delete" => &[
            "--all",
            "--dry-run=client",
            "--force",
            "--grace-period=",
            "--now",
            "--selector=",
            "--wait=false",
            "-f",
            "-l",
            "-n",
        ],
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
        "rollout" => &["--revision=", "--to-revision="],
        "diff" | "apply" => &["--filename=", "-f"],
        "get" => &[
            "--all-namespaces",
            "--output=",
            "--selector=",
            "--show-labels",
            "--sort-by=",
            "-A",
            "-l",
            "-n",
            "-o",
        ],
        _ => &["--namespace=", "-n"],
    }
}
