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
    // Stop at `--`: what follows is the container's command.
    let positional: Vec<&str> = done
        .iter()
        .copied()
        .take_while(|w| *w != "--")
        .filter(|w| !w.starts_with('-'))
        .collect();
    if partial.starts_with('-') && !done.contains(&"--") {
        let flags: &[&str] = match positional.as_slice() {
            ["kubectl", "run", ..] => &[
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
            ],
            ["kubectl", "create", "configmap" | "cm" | "secret", ..] => {
                &["--from-literal=", "--from-file=", "--type="]
            }
            _ => &[],
        };
        return flags
            .iter()
            .filter(|f| f.starts_with(partial))
            .map(|f| f.to_string())
            .collect();
    }
    if done.contains(&"--") {
        return Vec::new();
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
            "label",
            "annotate",
            "exec",
            "run",
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
        ["kubectl", "create"] => ["deployment", "ingress", "configmap", "secret"]
            .iter()
            .map(|s| s.to_string())
            .collect(),
        ["kubectl", "create", "secret"] => vec!["generic".into()],
        ["kubectl", "exec"] => cluster
            .pods()
            .iter()
            .filter(|p| p.namespace == "default" && p.is_active())
            .map(|p| p.name.clone())
            .collect(),
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
            "configmaps",
            "secrets",
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
            Some(Resource::ConfigMaps) => cluster
                .config_maps()
                .into_iter()
                .filter(|(c, _)| c.namespace == "default")
                .map(|(c, _)| c.name)
                .collect(),
            Some(Resource::Secrets) => cluster
                .secrets()
                .filter(|(s, _)| s.namespace == "default")
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
