//! Findings across objects: selectors that match nothing, overlapping selectors, named target
//! ports no container declares (kubectl's warnings, and Podscape's where kubectl has none).

use std::collections::BTreeMap;

use crate::api::LabelSelector;
use crate::diagnostic::Diagnostic;

use super::yaml::{Document, Node, Value};
use super::*;
// ---------------------------------------------------------------------------------------------
// Cross-object findings.

pub(super) fn cross_object_warnings(documents: &[Document], out: &mut Manifests) {
    struct Workload<'a> {
        namespace: String,
        name: String,
        labels: BTreeMap<String, String>,
        selector: Option<(&'a Node, LabelSelector)>,
        containers: Vec<&'a Node>,
    }
    let mut workloads = Vec::new();
    let mut services = Vec::new();
    for document in documents {
        let root = &document.root;
        let kind = root.get("kind").and_then(Node::as_str).unwrap_or("");
        let namespace = meta_namespace(root);
        match kind {
            "Deployment" | "ReplicaSet" | "Pod" => {
                let (template, selector) = if kind == "Pod" {
                    (Some(root), None)
                } else {
                    let spec = opt(root, "spec");
                    let selector = spec
                        .and_then(|s| opt(s, "selector"))
                        .map(|n| (n, validate::read_selector(n)));
                    (spec.and_then(|s| opt(s, "template")), selector)
                };
                let pod_spec = template.and_then(|t| opt(t, "spec"));
                workloads.push(Workload {
                    namespace,
                    name: meta_name(root),
                    labels: template.map(|t| meta_map(t, "labels")).unwrap_or_default(),
                    selector,
                    containers: pod_spec
                        .and_then(|s| opt(s, "containers"))
                        .map(|c| c.items().iter().collect())
                        .unwrap_or_default(),
                });
            }
            "Service" => services.push((namespace, root)),
            _ => {}
        }
    }
    for (namespace, root) in services {
        let spec = opt(root, "spec");
        let Some(selector_entry) = spec.and_then(|s| s.entry("selector")) else {
            continue;
        };
        let selector = validate::string_map(Some(&selector_entry.value));
        if selector.is_empty() {
            continue;
        }
        let selected: Vec<&Workload> = workloads
            .iter()
            .filter(|w| w.namespace == namespace && selector.iter().all(|(k, v)| w.labels.get(k) == Some(v)))
            .collect();
        let pos = selector_entry.key_pos;
        // A Service alone may select pods defined elsewhere; only an input with workloads in
        // the same namespace says which pods exist.
        let has_workloads = workloads.iter().any(|w| w.namespace == namespace);
        if selected.is_empty() && has_workloads {
            let known: Vec<String> = workloads
                .iter()
                .filter(|w| w.namespace == namespace)
                .map(|w| format!("{} {}", w.name, validate::json_map(Some(&w.labels))))
                .collect();
            let hint = format!("pod templates here carry: {}", known.join("; "));
            out.diagnostics.push(
                Diagnostic::warning(
                    pos.line,
                    pos.column,
                    "spec.selector",
                    format!(
                        "selector {} matches no pod template in this input",
                        validate::json_map(Some(&selector))
                    ),
                )
                .with_hint(hint)
                .for_service(&namespace, &meta_name(root)),
            );
            continue;
        }
        if selected.is_empty() {
            continue;
        }
        for (i, port) in spec
            .and_then(|s| opt(s, "ports"))
            .map(Node::items)
            .unwrap_or(&[])
            .iter()
            .enumerate()
        {
            let Some(target) = port
                .get("targetPort")
                .filter(|t| matches!(&t.value, Value::Str(s) if !s.is_empty()))
            else {
                continue;
            };
            let name = target.as_str().unwrap_or_default();
            let declared = selected.iter().any(|w| {
                w.containers.iter().any(|c| {
                    c.get("ports")
                        .map(Node::items)
                        .unwrap_or(&[])
                        .iter()
                        .any(|p| p.get("name").and_then(Node::as_str) == Some(name))
                })
            });
            if !declared {
                out.diagnostics.push(
                    Diagnostic::warning(
                        target.pos.line,
                        target.pos.column,
                        format!("spec.ports[{i}].targetPort"),
                        format!("no container of the selected pods declares a port named \"{name}\""),
                    )
                    .with_hint("name the containerPort (`ports: [{name: ..., containerPort: ...}]`) or use the port number")
                    .for_service(&namespace, &meta_name(root)),
                );
            }
        }
    }
    for w in &workloads {
        let Some((node, selector)) = &w.selector else {
            continue;
        };
        if selector.is_empty() {
            continue;
        }
        for other in &workloads {
            if std::ptr::eq(w, other) || other.namespace != w.namespace || other.selector.is_none() {
                continue;
            }
            if selector.matches(&other.labels) {
                out.diagnostics.push(
                    Diagnostic::warning(
                        node.pos.line,
                        node.pos.column,
                        "spec.selector",
                        format!("this selector also matches the pods of \"{}\"", other.name),
                    )
                    .with_hint(
                        "two controllers selecting the same pods fight over them: add a distinguishing label",
                    ),
                );
            }
        }
    }
}
