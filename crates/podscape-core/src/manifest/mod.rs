//! Manifests: YAML text in, `(objects, diagnostics)` out. Parsing never panics and never fails:
//! whatever is wrong becomes a [`Diagnostic`] with a line, a column, a field path and, where it
//! helps, a hint.
//!
//! The pipeline per document, as `kubectl apply --dry-run=server` runs it:
//! 1. [`yaml`]: a positioned tree from `saphyr-parser` events, YAML 1.1 scalars as kubectl reads
//!    them, within the text budgets of [`crate::budget`] (documents, nesting, go-yaml's alias
//!    ratio and the bytes aliases expand to);
//! 2. kind lookup: removed or unknown `apiVersion`/`kind` get kubectl's `no matches for kind`;
//! 3. [`schema`]: strict decoding against a table generated from the Kubernetes OpenAPI (unknown
//!    and duplicate fields, type mismatches);
//! 4. [`validate`]: the API server's validation rules and messages;
//! 5. defaulting into the domain types below, which are all the controllers see.
//!
//! Why a positioned tree of our own: serde_yaml reports a position only for the first error it
//! meets while deserializing, never for a value that decoded fine but fails validation, nor for an
//! unknown key. `saphyr-parser` is a pure-Rust YAML 1.2 event parser (no unsafe C port, no OS
//! access; depends only on `arraydeque` and `thiserror`) whose every event carries a span, so the
//! tree keeps the line and column of each key and value. The schema is data (`schema_table.rs`,
//! 165 types generated from the v1.35 OpenAPI), not per-type serde code. Measured on the
//! podscape-web release wasm (opt-level z, LTO, wasm-bindgen 0.2.130, wasm-opt -Oz), same tree
//! with the old serde_yaml skeleton vs. this module: 486,889 -> 518,926 bytes (+32 KB),
//! gzip -9 208,667 -> 224,687 (+16 KB) for parser, schema table and validation together;
//! k8s-openapi types for Deployment + Service alone cost ~100-135 KB gzipped (toolchain.md).

use crate::sort::SmallSort;
mod decode;
pub mod schema;
mod schema_table;
mod types;
pub mod validate;
mod warnings;
pub mod yaml;

use decode::*;
pub use types::*;
use warnings::cross_object_warnings;

use serde::Deserialize;

pub use crate::api::LabelSelectorRequirement;
pub use crate::api::Toleration;
use crate::diagnostic::Diagnostic;
use validate::{Anchor, Errors, FieldError, NameRule};
use yaml::{Document, Node, Pos, Value};

/// Inputs larger than this are refused before parsing, so a hostile paste stays harmless.
pub use crate::budget::MAX_INPUT_BYTES;
// ---------------------------------------------------------------------------------------------
// Kinds.

/// Kinds that are well known but not simulated: accepted with a warning.
const NOT_SIMULATED: &[(&str, &str)] = &[
    ("v1", "ServiceAccount"),
    ("v1", "PersistentVolumeClaim"),
    ("v1", "PersistentVolume"),
    ("v1", "LimitRange"),
    ("v1", "ResourceQuota"),
    ("v1", "Endpoints"),
    ("v1", "ReplicationController"),
    ("v1", "PodTemplate"),
    ("v1", "Node"),
    ("v1", "Event"),
    ("apps/v1", "StatefulSet"),
    ("apps/v1", "DaemonSet"),
    ("apps/v1", "ControllerRevision"),
    ("batch/v1", "Job"),
    ("batch/v1", "CronJob"),
    ("autoscaling/v2", "HorizontalPodAutoscaler"),
    ("autoscaling/v1", "HorizontalPodAutoscaler"),
    ("policy/v1", "PodDisruptionBudget"),
    ("networking.k8s.io/v1", "NetworkPolicy"),
    ("networking.k8s.io/v1", "IngressClass"),
    ("discovery.k8s.io/v1", "EndpointSlice"),
    ("rbac.authorization.k8s.io/v1", "Role"),
    ("rbac.authorization.k8s.io/v1", "RoleBinding"),
    ("rbac.authorization.k8s.io/v1", "ClusterRole"),
    ("rbac.authorization.k8s.io/v1", "ClusterRoleBinding"),
    ("storage.k8s.io/v1", "StorageClass"),
    ("scheduling.k8s.io/v1", "PriorityClass"),
    ("coordination.k8s.io/v1", "Lease"),
    ("apiextensions.k8s.io/v1", "CustomResourceDefinition"),
    (
        "admissionregistration.k8s.io/v1",
        "ValidatingWebhookConfiguration",
    ),
    ("admissionregistration.k8s.io/v1", "MutatingWebhookConfiguration"),
    ("gateway.networking.k8s.io/v1", "Gateway"),
    ("gateway.networking.k8s.io/v1", "HTTPRoute"),
    ("gateway.networking.k8s.io/v1", "GatewayClass"),
];

/// Every kind Podscape knows and the apiVersion that serves it today.
fn current_api_version(kind: &str) -> Option<&'static str> {
    schema::root_kinds()
        .chain(NOT_SIMULATED.iter().copied())
        .find(|(_, k)| *k == kind)
        .map(|(a, _)| a)
}

fn known_kinds() -> impl Iterator<Item = &'static str> {
    schema::root_kinds()
        .chain(NOT_SIMULATED.iter().copied())
        .map(|(_, k)| k)
}

// ---------------------------------------------------------------------------------------------
// Parsing.

/// Reads every YAML document of `text`. Never panics; see the module docs.
pub fn parse(text: &str) -> Manifests {
    let mut out = Manifests::default();
    if text.len() > MAX_INPUT_BYTES {
        out.diagnostics.push(
            Diagnostic::error(
                1,
                1,
                "",
                format!("input is {} bytes; the limit is {MAX_INPUT_BYTES}", text.len()),
            )
            .with_hint("split the manifests into smaller files"),
        );
        out.over_budget = true;
        return out;
    }
    let (documents, syntax_error) = yaml::parse_stream(text);
    for document in &documents {
        read_document(document, &mut out);
    }
    if let Some(err) = syntax_error {
        out.over_budget = err.hint != yaml::SYNTAX_HINT;
        out.diagnostics
            .push(Diagnostic::error(err.pos.line, err.pos.column, "", err.message).with_hint(err.hint));
    }
    cross_object_warnings(&documents, &mut out);
    clamp_positions(text, &mut out.diagnostics);
    out.diagnostics.small_sort_by_key(|d| (d.line, d.column));
    out
}

/// Keeps every position inside the text: the parser reports the end of input one line past the
/// last when the text has no final newline.
fn clamp_positions(text: &str, diagnostics: &mut [Diagnostic]) {
    let lines: Vec<&str> = text.split('\n').collect();
    for d in diagnostics {
        if d.line > lines.len() {
            d.line = lines.len();
            d.column = usize::MAX;
        }
        d.line = d.line.max(1);
        let width = lines.get(d.line - 1).map_or(0, |l| l.chars().count());
        d.column = d.column.clamp(1, width + 1);
    }
}

fn read_document(document: &Document, out: &mut Manifests) {
    let root = &document.root;
    match &root.value {
        Value::Null => return,
        Value::Map(_) => {}
        other => {
            let shown = match other {
                Value::Seq(_) => "array",
                Value::Str(_) => "string",
                Value::Bool(_) => "bool",
                _ => "number",
            };
            out.diagnostics.push(
                Diagnostic::error(
                    root.pos.line,
                    root.pos.column,
                    "",
                    format!(
                        "json: cannot unmarshal {shown} into Go value of type struct {{ APIVersion string \"json:\\\"apiVersion,omitempty\\\"\"; Kind string \"json:\\\"kind,omitempty\\\"\" }}"
                    ),
                )
                .with_hint("a manifest is a mapping that starts with `apiVersion:` and `kind:`"),
            );
            return;
        }
    }
    let api_version_node = root.get("apiVersion");
    let kind_node = root.get("kind");
    let api_version = api_version_node.and_then(Node::as_str).unwrap_or("");
    let kind = kind_node.and_then(Node::as_str).unwrap_or("");
    if kind.is_empty() {
        out.diagnostics.push(
            Diagnostic::error(root.pos.line, root.pos.column, "kind", "Object 'Kind' is missing")
                .with_hint("every document needs `apiVersion` and `kind`, e.g. `kind: Deployment`"),
        );
        return;
    }
    if api_version.is_empty() {
        let hint = match current_api_version(kind) {
            Some(v) => format!("add `apiVersion: {v}`"),
            None => "every document needs `apiVersion` and `kind`".into(),
        };
        out.diagnostics.push(
            Diagnostic::error(
                root.pos.line,
                root.pos.column,
                "apiVersion",
                "Object 'apiVersion' is missing",
            )
            .with_hint(hint),
        );
        return;
    }
    let Some(root_type) = schema::root(api_version, kind) else {
        if NOT_SIMULATED.contains(&(api_version, kind)) {
            let name = root
                .get("metadata")
                .and_then(|m| m.get("name"))
                .and_then(Node::as_str)
                .unwrap_or("");
            let pos = kind_node.map_or(root.pos, |n| n.pos);
            out.diagnostics.push(
                Diagnostic::warning(pos.line, pos.column, "kind", format!("{kind} \"{name}\" is accepted but not simulated"))
                    .with_hint("Podscape simulates Deployments, Services, Pods, ConfigMaps, Secrets and Ingresses, and validates ReplicaSets and Namespaces; this object is only checked for its kind"),
            );
            return;
        }
        out.diagnostics.push(no_matches(
            api_version,
            kind,
            api_version_node,
            kind_node,
            root.pos,
        ));
        return;
    };
    let mut decode_errors = Vec::new();
    schema::check(root, root_type, &mut decode_errors);
    if !decode_errors.is_empty() {
        for err in decode_errors {
            let mut d = Diagnostic::error(err.pos.line, err.pos.column, err.path, err.message);
            d.hint = err.hint;
            out.diagnostics.push(d);
        }
        return;
    }
    let mut errors = Errors::default();
    match kind {
        "Deployment" | "ReplicaSet" => {
            validate::object_meta(&mut errors, root, NameRule::Dns1123Subdomain, true);
            validate::workload_spec(&mut errors, root, kind == "Deployment");
        }
        "Service" => {
            validate::object_meta(&mut errors, root, NameRule::Dns1035Label, true);
            validate::service(&mut errors, root);
        }
        "Pod" => {
            validate::object_meta(&mut errors, root, NameRule::Dns1123Subdomain, true);
            validate::pod_spec(&mut errors, root.get("spec").filter(|n| !n.is_null()), "spec");
        }
        "Namespace" => validate::object_meta(&mut errors, root, NameRule::Dns1123Label, false),
        "ConfigMap" => {
            validate::object_meta(&mut errors, root, NameRule::Dns1123Subdomain, true);
            validate::config_map(&mut errors, root);
        }
        "Secret" => {
            validate::object_meta(&mut errors, root, NameRule::Dns1123Subdomain, true);
            validate::secret(&mut errors, root);
        }
        "Ingress" => {
            validate::object_meta(&mut errors, root, NameRule::Dns1123Subdomain, true);
            validate::ingress(&mut errors, root);
        }
        _ => {}
    }
    let failed = errors.list.iter().any(|e| !e.warning);
    for err in errors.list {
        out.diagnostics.push(field_diagnostic(root, err));
    }
    if failed {
        return;
    }
    let line = document.line;
    match kind {
        "Deployment" => out.objects.push(Object::Deployment(deployment(root, line))),
        "Service" => out.objects.push(Object::Service(service(root, line))),
        "Pod" => out.extra_objects.push(ExtraObject::Pod(Pod {
            name: meta_name(root),
            namespace: meta_namespace(root),
            spec: pod_template(root),
            line,
            raw: root.to_json(),
        })),
        "ReplicaSet" => {
            let spec = opt(root, "spec");
            let (selector, match_expressions) = selector_of(spec.and_then(|s| opt(s, "selector")));
            out.extra_objects.push(ExtraObject::ReplicaSet(ReplicaSet {
                name: meta_name(root),
                namespace: meta_namespace(root),
                labels: meta_map(root, "labels"),
                replicas: int_or(spec, "replicas", 1) as i32,
                selector,
                match_expressions,
                min_ready_seconds: int_or(spec, "minReadySeconds", 0) as i32,
                template: pod_template(spec.and_then(|s| opt(s, "template")).unwrap_or(root)),
                line,
                raw: root.to_json(),
            }))
        }
        "Namespace" => out.extra_objects.push(ExtraObject::Namespace(Namespace {
            name: meta_name(root),
            labels: meta_map(root, "labels"),
            line,
            raw: root.to_json(),
        })),
        "Ingress" => out.extra_objects.push(ExtraObject::Ingress(ingress(root, line))),
        "ConfigMap" => out
            .extra_objects
            .push(ExtraObject::ConfigMap(config_map(root, line))),
        "Secret" => out.extra_objects.push(ExtraObject::Secret(secret(root, line))),
        _ => {}
    }
}

/// kubectl's RESTMapper error for a kind/version it cannot map, with a way out.
fn no_matches(
    api_version: &str,
    kind: &str,
    api_version_node: Option<&Node>,
    kind_node: Option<&Node>,
    fallback: Pos,
) -> Diagnostic {
    let message = format!("no matches for kind \"{kind}\" in version \"{api_version}\"");
    if let Some(current) = current_api_version(kind) {
        let pos = api_version_node.map_or(fallback, |n| n.pos);
        return Diagnostic::error(pos.line, pos.column, "apiVersion", message)
            .with_hint(format!("use {current}"));
    }
    let pos = kind_node.map_or(fallback, |n| n.pos);
    let guess = known_kinds()
        .map(|k| {
            (
                schema::edit_distance(&kind.to_ascii_lowercase(), &k.to_ascii_lowercase()),
                k,
            )
        })
        .min()
        .filter(|(d, _)| *d <= 3);
    let hint = match guess {
        Some((_, k)) => format!("did you mean {k}?"),
        None => "ensure CRDs are installed first".into(),
    };
    Diagnostic::error(pos.line, pos.column, "kind", message).with_hint(hint)
}

/// Anchors a field error: its own position, else the value (or key) at its path, else the
/// nearest parent that exists.
fn field_diagnostic(root: &Node, err: FieldError) -> Diagnostic {
    let pos = err.pos.unwrap_or_else(|| locate(root, &err.path, err.anchor));
    let mut d = if err.warning {
        Diagnostic::warning(pos.line, pos.column, err.path, err.message)
    } else {
        Diagnostic::error(pos.line, pos.column, err.path, err.message)
    };
    d.hint = err.hint;
    d
}

/// The position of `path` (`spec.ports[1].name`) in the tree.
fn locate(root: &Node, path: &str, anchor: Anchor) -> Pos {
    let mut node = root;
    let mut best = root.pos;
    for segment in path.split('.').filter(|s| !s.is_empty()) {
        let (key, indices) = match segment.find('[') {
            Some(at) => (&segment[..at], &segment[at..]),
            None => (segment, ""),
        };
        // The API server validates `clusterIPs`, which the strategy fills from `clusterIP`.
        let entry = node
            .entry(key)
            .or_else(|| (key == "clusterIPs").then(|| node.entry("clusterIP")).flatten());
        let Some(entry) = entry else { return best };
        best = if anchor == Anchor::Key || entry.value.is_null() {
            entry.key_pos
        } else {
            entry.value.pos
        };
        node = &entry.value;
        for index in indices.split(['[', ']']).filter(|s| !s.is_empty()) {
            match index.parse::<usize>().ok().and_then(|i| node.items().get(i)) {
                Some(item) => {
                    node = item;
                    best = item.pos;
                }
                None => {
                    if entry.key == "clusterIP" {
                        break;
                    }
                    return best;
                }
            }
        }
    }
    best
}

#[cfg(test)]
mod tests;
