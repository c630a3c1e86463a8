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
pub mod schema;
mod schema_table;
pub mod validate;
pub mod yaml;

use std::collections::BTreeMap;
use std::rc::Rc;

use serde::Deserialize;

use crate::api::LabelSelector;
pub use crate::api::LabelSelectorRequirement;
pub use crate::api::Toleration;
use crate::diagnostic::Diagnostic;
use validate::{Anchor, Errors, FieldError, NameRule};
use yaml::{Document, Node, Pos, Value};

/// Inputs larger than this are refused before parsing, so a hostile paste stays harmless.
pub use crate::budget::MAX_INPUT_BYTES;

/// The result of reading one text: every object that decoded, and every finding.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Manifests {
    pub objects: Vec<Object>,
    pub diagnostics: Vec<Diagnostic>,
    /// Valid objects of the other kinds Podscape parses and validates (Pod, ReplicaSet,
    /// Namespace, Ingress) but does not simulate yet. Kept apart from `objects` so that code
    /// matching on [`Object`] keeps compiling; they can move into `Object` later.
    pub extra_objects: Vec<ExtraObject>,
    /// One of the budgets against hostile input refused the text (its size, nesting, document
    /// count, alias expansion): the text must not be stored or applied, whatever else it holds.
    pub over_budget: bool,
}

impl Manifests {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// An object the simulator understands, with the line its document starts on.
#[derive(Clone, Debug, PartialEq)]
pub enum Object {
    Deployment(Deployment),
    Service(Service),
}

impl Object {
    pub fn api_version(&self) -> &'static str {
        match self {
            Object::Deployment(_) => "apps/v1",
            Object::Service(_) => "v1",
        }
    }

    pub fn kind(&self) -> &'static str {
        match self {
            Object::Deployment(_) => "Deployment",
            Object::Service(_) => "Service",
        }
    }

    pub fn namespace(&self) -> &str {
        match self {
            Object::Deployment(d) => &d.namespace,
            Object::Service(s) => &s.namespace,
        }
    }

    pub fn name(&self) -> &str {
        match self {
            Object::Deployment(d) => &d.name,
            Object::Service(s) => &s.name,
        }
    }

    /// `deployment.apps/web`, the way kubectl names an object in its output.
    pub fn kubectl_name(&self) -> String {
        match self {
            Object::Deployment(d) => format!("deployment.apps/{}", d.name),
            Object::Service(s) => format!("service/{}", s.name),
        }
    }

    /// The 1-based line where the object's document starts.
    pub fn line(&self) -> usize {
        match self {
            Object::Deployment(d) => d.line,
            Object::Service(s) => s.line,
        }
    }
}

/// A validated `apps/v1` Deployment, defaults applied.
#[derive(Clone, Debug, PartialEq)]
pub struct Deployment {
    pub name: String,
    pub namespace: String,
    pub replicas: i32,
    /// `spec.selector.matchLabels`.
    pub selector: BTreeMap<String, String>,
    pub template: PodTemplate,
    pub labels: BTreeMap<String, String>,
    pub annotations: BTreeMap<String, String>,
    /// `spec.selector.matchExpressions`.
    pub match_expressions: Vec<LabelSelectorRequirement>,
    pub strategy: DeploymentStrategy,
    pub min_ready_seconds: i32,
    pub revision_history_limit: i32,
    pub progress_deadline_seconds: i32,
    pub paused: bool,
    pub line: usize,
    /// The object as written (JSON), for `kubectl get -o yaml`: fields not modelled survive.
    pub raw: serde_json::Value,
}

impl Deployment {
    /// Whether the selector (labels and expressions) selects pods with these labels.
    pub fn selects(&self, labels: &BTreeMap<String, String>) -> bool {
        crate::api::selector::matches(&self.selector, &self.match_expressions, labels)
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DeploymentStrategy {
    Recreate,
    RollingUpdate {
        max_surge: IntOrString,
        max_unavailable: IntOrString,
    },
}

/// The pod template of a Deployment (or the spec of a Pod): what the controllers read and
/// change. The labels', annotations' and nodeSelector's entries and the containers' images live
/// only in these typed fields (`kubectl set image` and `rollout restart` change them here);
/// `rest` carries the fields Podscape does not model, as written, so that they survive into the
/// pod-template-hash and `kubectl get -o yaml`. [`PodTemplate::to_json`] joins the two. The
/// other typed fields (tolerations, probes, ports, …) are decoded views that nothing changes.
#[derive(Clone, Debug, PartialEq)]
pub struct PodTemplate {
    pub labels: BTreeMap<String, String>,
    pub containers: Vec<Container>,
    pub annotations: BTreeMap<String, String>,
    pub node_selector: BTreeMap<String, String>,
    /// `spec.tolerations`, as written.
    pub tolerations: Vec<Toleration>,
    pub termination_grace_period_seconds: i64,
    pub restart_policy: String,
    /// The template as written less what the typed fields hold (see [`owned_out`]), in
    /// canonical JSON: shared by every copy, since each pod of a ReplicaSet holds its template
    /// (as text, since a `serde_json::Value` tree takes several times the memory).
    rest: Rc<str>,
    /// The `pod-template-hash` of this template, kept in step by whatever changes the typed
    /// fields ([`PodTemplate::rehash`]): the controllers read it without serialising the
    /// template, so JSON writing stays out of the page's first load.
    hash: Rc<str>,
}

impl PodTemplate {
    /// The template as the API server holds it: the typed fields put back into `rest`.
    pub fn to_json(&self) -> serde_json::Value {
        let mut template = serde_json::from_str(&self.rest).unwrap_or(serde_json::Value::Null);
        put_map(&mut template, ["metadata", "labels"], &self.labels);
        put_map(&mut template, ["metadata", "annotations"], &self.annotations);
        put_map(&mut template, ["spec", "nodeSelector"], &self.node_selector);
        let items = template
            .pointer_mut("/spec/containers")
            .and_then(serde_json::Value::as_array_mut);
        for (item, c) in items.into_iter().flatten().zip(&self.containers) {
            if let (Some(item), false) = (item.as_object_mut(), c.image.is_empty()) {
                item.insert("image".into(), c.image.clone().into());
            }
        }
        template
    }

    /// The template in canonical JSON (keys sorted): what `pod-template-hash` hashes, computed
    /// only when a hash is.
    pub fn canonical_json(&self) -> String {
        self.to_json().to_string()
    }

    /// The `pod-template-hash` (without a collision count) of the template as it is.
    pub fn hash(&self) -> &str {
        &self.hash
    }

    /// Recomputes [`PodTemplate::hash`]: call it after changing a typed field.
    pub fn rehash(&mut self) {
        self.hash = crate::names::pod_template_hash(&self.canonical_json(), None).into();
    }
}

/// Takes out of a written template what [`PodTemplate`]'s typed fields hold: the string entries
/// of the labels, annotations and nodeSelector (a null value, which the typed maps leave out,
/// stays; so does an emptied map, since `{}` and no map hash differently) and each container's
/// non-empty image.
fn owned_out(template: &mut serde_json::Value) {
    for [parent, field] in [
        ["metadata", "labels"],
        ["metadata", "annotations"],
        ["spec", "nodeSelector"],
    ] {
        let map = template
            .get_mut(parent)
            .and_then(|p| p.get_mut(field))
            .and_then(serde_json::Value::as_object_mut);
        if let Some(map) = map {
            map.retain(|_, v| !v.is_string());
        }
    }
    let items = template
        .pointer_mut("/spec/containers")
        .and_then(serde_json::Value::as_array_mut);
    for item in items.into_iter().flatten() {
        if let Some(c) = item.as_object_mut() {
            if c.get("image")
                .and_then(serde_json::Value::as_str)
                .is_some_and(|i| !i.is_empty())
            {
                c.remove("image");
            }
        }
    }
}

/// Puts a typed string map back at `parent.field`, making the objects on the way if a new entry
/// needs them (as `rollout restart` does on a template without annotations).
fn put_map(template: &mut serde_json::Value, [parent, field]: [&str; 2], map: &BTreeMap<String, String>) {
    use serde_json::Value as J;
    if map.is_empty() {
        return;
    }
    let object = |v: &mut J| {
        if !v.is_object() {
            *v = J::Object(serde_json::Map::new());
        }
    };
    object(template);
    let parent = &mut template[parent];
    object(parent);
    let target = &mut parent[field];
    object(target);
    if let Some(target) = target.as_object_mut() {
        target.extend(map.iter().map(|(k, v)| (k.clone(), J::String(v.clone()))));
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Container {
    pub name: String,
    pub image: String,
    pub ports: Vec<ContainerPort>,
    /// `Always` for `:latest` or no tag, else `IfNotPresent`, unless given.
    pub image_pull_policy: String,
    pub readiness_probe: Option<Probe>,
    pub liveness_probe: Option<Probe>,
    pub startup_probe: Option<Probe>,
    /// `resources.requests.cpu` in millicores (rounded up); requests default to limits.
    pub requests_cpu_millis: Option<i64>,
    /// `resources.requests.memory` in bytes (rounded up); requests default to limits.
    pub requests_memory_bytes: Option<i64>,
    pub args: Vec<String>,
    pub command: Vec<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ContainerPort {
    pub name: Option<String>,
    pub container_port: i32,
    pub protocol: String,
}

/// A probe with `SetDefaults_Probe` applied.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Probe {
    pub handler: ProbeHandler,
    pub initial_delay_seconds: i32,
    pub timeout_seconds: i32,
    pub period_seconds: i32,
    pub success_threshold: i32,
    pub failure_threshold: i32,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ProbeHandler {
    /// `path` defaults to `/`.
    HttpGet {
        path: String,
        port: IntOrString,
    },
    TcpSocket {
        port: IntOrString,
    },
    Exec {
        command: Vec<String>,
    },
    Grpc {
        port: i32,
    },
}

/// A validated `v1` Service, defaults applied.
#[derive(Clone, Debug, PartialEq)]
pub struct Service {
    pub name: String,
    pub namespace: String,
    pub service_type: String,
    pub selector: BTreeMap<String, String>,
    pub ports: Vec<ServicePort>,
    pub labels: BTreeMap<String, String>,
    pub annotations: BTreeMap<String, String>,
    /// As written: `None` when the cluster should allocate one, `Some("None")` when headless.
    pub cluster_ip: Option<String>,
    pub external_name: Option<String>,
    /// `Some(timeout)` (default 10800) when `sessionAffinity: ClientIP`, else `None`.
    pub session_affinity_timeout: Option<i32>,
    /// `Some("Cluster")` by default for externally accessible Services, else as given.
    pub external_traffic_policy: Option<String>,
    /// `Cluster` by default; empty for ExternalName.
    pub internal_traffic_policy: String,
    pub publish_not_ready_addresses: bool,
    pub external_ips: Vec<String>,
    pub line: usize,
    /// The object as written (JSON), for `kubectl get -o yaml`.
    pub raw: serde_json::Value,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ServicePort {
    pub name: Option<String>,
    pub protocol: String,
    pub port: i32,
    pub target_port: IntOrString,
    pub node_port: Option<i32>,
}

/// `intstr.IntOrString`: a port number or a port name.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(untagged)]
pub enum IntOrString {
    Int(i32),
    String(String),
}

impl std::fmt::Display for IntOrString {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            IntOrString::Int(i) => write!(f, "{i}"),
            IntOrString::String(s) => f.write_str(s),
        }
    }
}

/// Valid objects of kinds that are parsed and validated but not simulated yet.
#[derive(Clone, Debug, PartialEq)]
pub enum ExtraObject {
    Pod(Pod),
    ReplicaSet(ReplicaSet),
    Namespace(Namespace),
    Ingress(Ingress),
}

impl ExtraObject {
    pub fn api_version(&self) -> &'static str {
        match self {
            ExtraObject::Pod(_) | ExtraObject::Namespace(_) => "v1",
            ExtraObject::ReplicaSet(_) => "apps/v1",
            ExtraObject::Ingress(_) => "networking.k8s.io/v1",
        }
    }

    pub fn kind(&self) -> &'static str {
        match self {
            ExtraObject::Pod(_) => "Pod",
            ExtraObject::ReplicaSet(_) => "ReplicaSet",
            ExtraObject::Namespace(_) => "Namespace",
            ExtraObject::Ingress(_) => "Ingress",
        }
    }

    /// Empty for cluster-scoped kinds (Namespace).
    pub fn namespace(&self) -> &str {
        match self {
            ExtraObject::Pod(p) => &p.namespace,
            ExtraObject::ReplicaSet(r) => &r.namespace,
            ExtraObject::Namespace(_) => "",
            ExtraObject::Ingress(i) => &i.namespace,
        }
    }

    pub fn name(&self) -> &str {
        match self {
            ExtraObject::Pod(p) => &p.name,
            ExtraObject::ReplicaSet(r) => &r.name,
            ExtraObject::Namespace(n) => &n.name,
            ExtraObject::Ingress(i) => &i.name,
        }
    }

    pub fn kubectl_name(&self) -> String {
        match self {
            ExtraObject::Pod(p) => format!("pod/{}", p.name),
            ExtraObject::ReplicaSet(r) => format!("replicaset.apps/{}", r.name),
            ExtraObject::Namespace(n) => format!("namespace/{}", n.name),
            ExtraObject::Ingress(i) => format!("ingress.networking.k8s.io/{}", i.name),
        }
    }
}

/// A validated `v1` Pod; `spec` reuses the pod-template type (labels are the pod's).
#[derive(Clone, Debug, PartialEq)]
pub struct Pod {
    pub name: String,
    pub namespace: String,
    pub spec: PodTemplate,
    pub line: usize,
    pub raw: serde_json::Value,
}

/// A validated `apps/v1` ReplicaSet.
#[derive(Clone, Debug, PartialEq)]
pub struct ReplicaSet {
    pub name: String,
    pub namespace: String,
    pub labels: BTreeMap<String, String>,
    pub replicas: i32,
    pub selector: BTreeMap<String, String>,
    pub match_expressions: Vec<LabelSelectorRequirement>,
    pub min_ready_seconds: i32,
    pub template: PodTemplate,
    pub line: usize,
    pub raw: serde_json::Value,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Namespace {
    pub name: String,
    pub labels: BTreeMap<String, String>,
    pub line: usize,
    pub raw: serde_json::Value,
}

/// A validated `networking.k8s.io/v1` Ingress.
#[derive(Clone, Debug, PartialEq)]
pub struct Ingress {
    pub name: String,
    pub namespace: String,
    pub ingress_class_name: Option<String>,
    pub default_backend: Option<IngressBackend>,
    pub rules: Vec<IngressRule>,
    pub line: usize,
    pub raw: serde_json::Value,
}

#[derive(Clone, Debug, PartialEq)]
pub struct IngressRule {
    pub host: Option<String>,
    pub paths: Vec<IngressPath>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct IngressPath {
    /// Defaults to `/`.
    pub path: String,
    pub path_type: String,
    pub backend: IngressBackend,
}

/// A Service backend; `port` is the number or the port name.
#[derive(Clone, Debug, PartialEq)]
pub struct IngressBackend {
    pub service_name: String,
    pub service_port: IntOrString,
}

// ---------------------------------------------------------------------------------------------
// Kinds.

/// Kinds that are well known but not simulated: accepted with a warning.
const NOT_SIMULATED: &[(&str, &str)] = &[
    ("v1", "ConfigMap"),
    ("v1", "Secret"),
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
                    .with_hint("Podscape simulates Deployments and Services, and validates Pods, ReplicaSets, Namespaces and Ingresses; this object is only checked for its kind"),
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

// ---------------------------------------------------------------------------------------------
// Cross-object findings.

fn cross_object_warnings(documents: &[Document], out: &mut Manifests) {
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
                .with_hint(hint),
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
                    .with_hint("name the containerPort (`ports: [{name: ..., containerPort: ...}]`) or use the port number"),
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

// ---------------------------------------------------------------------------------------------
// Defaulting into domain types (after validation, so shapes are known to be right).

fn opt<'a>(node: &'a Node, key: &str) -> Option<&'a Node> {
    node.get(key).filter(|n| !n.is_null())
}

fn str_of(node: Option<&Node>, key: &str) -> Option<String> {
    node.and_then(|n| opt(n, key))
        .and_then(Node::as_str)
        .map(String::from)
}

fn int_or(node: Option<&Node>, key: &str, default: i64) -> i64 {
    node.and_then(|n| opt(n, key))
        .and_then(Node::as_i64)
        .unwrap_or(default)
}

fn strings(node: Option<&Node>) -> Vec<String> {
    node.map(Node::items)
        .unwrap_or(&[])
        .iter()
        .filter_map(|n| n.as_str().map(String::from))
        .collect()
}

fn meta_name(root: &Node) -> String {
    str_of(opt(root, "metadata"), "name").unwrap_or_default()
}

fn meta_namespace(root: &Node) -> String {
    str_of(opt(root, "metadata"), "namespace")
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "default".into())
}

fn meta_map(root: &Node, key: &str) -> BTreeMap<String, String> {
    validate::string_map(opt(root, "metadata").and_then(|m| opt(m, key)))
}

fn int_or_string(node: &Node) -> Option<IntOrString> {
    match &node.value {
        Value::Str(s) => Some(IntOrString::String(s.clone())),
        _ => node.as_i64().map(|i| IntOrString::Int(i as i32)),
    }
}

fn selector_of(node: Option<&Node>) -> (BTreeMap<String, String>, Vec<LabelSelectorRequirement>) {
    let Some(node) = node else {
        return Default::default();
    };
    let s = validate::read_selector(node);
    (s.match_labels, s.match_expressions)
}

fn deployment(root: &Node, line: usize) -> Deployment {
    let spec = opt(root, "spec");
    let (selector, match_expressions) = selector_of(spec.and_then(|s| opt(s, "selector")));
    let strategy_node = spec.and_then(|s| opt(s, "strategy"));
    let strategy = match str_of(strategy_node, "type").as_deref() {
        Some("Recreate") => DeploymentStrategy::Recreate,
        _ => {
            let rolling = strategy_node.and_then(|s| opt(s, "rollingUpdate"));
            let field = |key| {
                rolling
                    .and_then(|r| opt(r, key))
                    .and_then(int_or_string)
                    .unwrap_or_else(|| IntOrString::String("25%".into()))
            };
            DeploymentStrategy::RollingUpdate {
                max_surge: field("maxSurge"),
                max_unavailable: field("maxUnavailable"),
            }
        }
    };
    let template = spec.and_then(|s| opt(s, "template"));
    Deployment {
        name: meta_name(root),
        namespace: meta_namespace(root),
        replicas: int_or(spec, "replicas", 1) as i32,
        selector,
        template: pod_template(template.unwrap_or(root)),
        labels: meta_map(root, "labels"),
        annotations: meta_map(root, "annotations"),
        match_expressions,
        strategy,
        min_ready_seconds: int_or(spec, "minReadySeconds", 0) as i32,
        revision_history_limit: int_or(spec, "revisionHistoryLimit", 10) as i32,
        progress_deadline_seconds: int_or(spec, "progressDeadlineSeconds", 600) as i32,
        paused: spec
            .and_then(|s| opt(s, "paused"))
            .and_then(Node::as_bool)
            .unwrap_or(false),
        line,
        raw: root.to_json(),
    }
}

/// A pod template (`metadata` + `spec`), or a Pod (the same two at its root). Requests default
/// to limits in both (`SetDefaults_Pod`, which the pods a template makes get too).
fn pod_template(template: &Node) -> PodTemplate {
    let spec = opt(template, "spec");
    let containers = spec
        .and_then(|s| opt(s, "containers"))
        .map(Node::items)
        .unwrap_or(&[])
        .iter()
        .map(container)
        .collect();
    let mut rest = template.to_json();
    owned_out(&mut rest);
    let mut template = PodTemplate {
        labels: meta_map(template, "labels"),
        containers,
        annotations: meta_map(template, "annotations"),
        node_selector: validate::string_map(spec.and_then(|s| opt(s, "nodeSelector"))),
        tolerations: spec
            .and_then(|s| opt(s, "tolerations"))
            .map(Node::items)
            .unwrap_or(&[])
            .iter()
            .map(|t| Toleration {
                key: str_of(Some(t), "key").unwrap_or_default(),
                operator: str_of(Some(t), "operator").unwrap_or_default(),
                value: str_of(Some(t), "value").unwrap_or_default(),
                effect: str_of(Some(t), "effect").unwrap_or_default(),
                toleration_seconds: opt(t, "tolerationSeconds").and_then(Node::as_i64),
            })
            .collect(),
        termination_grace_period_seconds: int_or(spec, "terminationGracePeriodSeconds", 30),
        restart_policy: str_of(spec, "restartPolicy").unwrap_or_else(|| "Always".into()),
        rest: Rc::from(rest.to_string()),
        hash: Rc::from(""),
    };
    template.rehash();
    template
}

fn container(c: &Node) -> Container {
    let image = str_of(Some(c), "image").unwrap_or_default();
    let resources = opt(c, "resources");
    // Requests default to limits (`SetDefaults_Pod`), rounded up as `MilliValue`/`Value` do.
    let request = |key: &str, scale: f64| {
        let value = resources
            .and_then(|r| opt(r, "requests"))
            .and_then(|r| opt(r, key))
            .or_else(|| resources.and_then(|r| opt(r, "limits")).and_then(|l| opt(l, key)))?;
        validate::quantity(value).map(|q| (q * scale).ceil() as i64)
    };
    Container {
        name: str_of(Some(c), "name").unwrap_or_default(),
        image_pull_policy: str_of(Some(c), "imagePullPolicy")
            .unwrap_or_else(|| crate::api::defaults::image_pull_policy(&image).into()),
        image,
        ports: opt(c, "ports")
            .map(Node::items)
            .unwrap_or(&[])
            .iter()
            .map(|p| ContainerPort {
                name: str_of(Some(p), "name"),
                container_port: int_or(Some(p), "containerPort", 0) as i32,
                protocol: str_of(Some(p), "protocol").unwrap_or_else(|| "TCP".into()),
            })
            .collect(),
        readiness_probe: opt(c, "readinessProbe").and_then(probe),
        liveness_probe: opt(c, "livenessProbe").and_then(probe),
        startup_probe: opt(c, "startupProbe").and_then(probe),
        requests_cpu_millis: request("cpu", 1000.0),
        requests_memory_bytes: request("memory", 1.0),
        args: strings(opt(c, "args")),
        command: strings(opt(c, "command")),
    }
}

fn probe(p: &Node) -> Option<Probe> {
    let handler = if let Some(h) = opt(p, "httpGet") {
        ProbeHandler::HttpGet {
            path: str_of(Some(h), "path").unwrap_or_else(|| "/".into()),
            port: opt(h, "port").and_then(int_or_string)?,
        }
    } else if let Some(h) = opt(p, "tcpSocket") {
        ProbeHandler::TcpSocket {
            port: opt(h, "port").and_then(int_or_string)?,
        }
    } else if let Some(h) = opt(p, "exec") {
        ProbeHandler::Exec {
            command: strings(opt(h, "command")),
        }
    } else if let Some(h) = opt(p, "grpc") {
        ProbeHandler::Grpc {
            port: int_or(Some(h), "port", 0) as i32,
        }
    } else {
        return None;
    };
    let field = |key, default| int_or(Some(p), key, default) as i32;
    Some(Probe {
        handler,
        initial_delay_seconds: field("initialDelaySeconds", 0),
        timeout_seconds: field("timeoutSeconds", 1),
        period_seconds: field("periodSeconds", 10),
        success_threshold: field("successThreshold", 1),
        failure_threshold: field("failureThreshold", 3),
    })
}

fn service(root: &Node, line: usize) -> Service {
    let spec = opt(root, "spec");
    let service_type = str_of(spec, "type").unwrap_or_else(|| "ClusterIP".into());
    let external_ips = strings(spec.and_then(|s| opt(s, "externalIPs")));
    let externally_accessible = matches!(service_type.as_str(), "NodePort" | "LoadBalancer")
        || (service_type == "ClusterIP" && !external_ips.is_empty());
    let affinity = str_of(spec, "sessionAffinity").unwrap_or_else(|| "None".into());
    let timeout = spec
        .and_then(|s| opt(s, "sessionAffinityConfig"))
        .and_then(|c| opt(c, "clientIP"))
        .and_then(|c| opt(c, "timeoutSeconds"))
        .and_then(Node::as_i64);
    Service {
        name: meta_name(root),
        namespace: meta_namespace(root),
        selector: validate::string_map(spec.and_then(|s| opt(s, "selector"))),
        ports: spec
            .and_then(|s| opt(s, "ports"))
            .map(Node::items)
            .unwrap_or(&[])
            .iter()
            .map(|p| {
                let port = int_or(Some(p), "port", 0) as i32;
                let target = opt(p, "targetPort")
                    .and_then(int_or_string)
                    .filter(|t| *t != IntOrString::Int(0) && *t != IntOrString::String(String::new()));
                ServicePort {
                    name: str_of(Some(p), "name"),
                    protocol: str_of(Some(p), "protocol").unwrap_or_else(|| "TCP".into()),
                    port,
                    target_port: target.unwrap_or(IntOrString::Int(port)),
                    node_port: opt(p, "nodePort")
                        .and_then(Node::as_i64)
                        .filter(|n| *n != 0)
                        .map(|n| n as i32),
                }
            })
            .collect(),
        labels: meta_map(root, "labels"),
        annotations: meta_map(root, "annotations"),
        cluster_ip: str_of(spec, "clusterIP").filter(|s| !s.is_empty()),
        external_name: str_of(spec, "externalName"),
        session_affinity_timeout: (affinity == "ClientIP").then(|| timeout.unwrap_or(10800) as i32),
        external_traffic_policy: str_of(spec, "externalTrafficPolicy")
            .filter(|s| !s.is_empty())
            .or_else(|| externally_accessible.then(|| "Cluster".into())),
        internal_traffic_policy: if service_type == "ExternalName" {
            String::new()
        } else {
            str_of(spec, "internalTrafficPolicy").unwrap_or_else(|| "Cluster".into())
        },
        publish_not_ready_addresses: spec
            .and_then(|s| opt(s, "publishNotReadyAddresses"))
            .and_then(Node::as_bool)
            .unwrap_or(false),
        external_ips,
        service_type,
        line,
        raw: root.to_json(),
    }
}

fn ingress_backend(node: Option<&Node>) -> Option<IngressBackend> {
    let service = node.and_then(|b| opt(b, "service"))?;
    let port = opt(service, "port");
    Some(IngressBackend {
        service_name: str_of(Some(service), "name").unwrap_or_default(),
        service_port: match str_of(port, "name") {
            Some(name) => IntOrString::String(name),
            None => IntOrString::Int(int_or(port, "number", 0) as i32),
        },
    })
}

fn ingress(root: &Node, line: usize) -> Ingress {
    let spec = opt(root, "spec");
    Ingress {
        name: meta_name(root),
        namespace: meta_namespace(root),
        ingress_class_name: str_of(spec, "ingressClassName"),
        default_backend: ingress_backend(spec.and_then(|s| opt(s, "defaultBackend"))),
        rules: spec
            .and_then(|s| opt(s, "rules"))
            .map(Node::items)
            .unwrap_or(&[])
            .iter()
            .map(|r| IngressRule {
                host: str_of(Some(r), "host"),
                paths: opt(r, "http")
                    .and_then(|h| opt(h, "paths"))
                    .map(Node::items)
                    .unwrap_or(&[])
                    .iter()
                    .filter_map(|p| {
                        Some(IngressPath {
                            path: str_of(Some(p), "path").unwrap_or_else(|| "/".into()),
                            path_type: str_of(Some(p), "pathType").unwrap_or_default(),
                            backend: ingress_backend(opt(p, "backend"))?,
                        })
                    })
                    .collect(),
            })
            .collect(),
        line,
        raw: root.to_json(),
    }
}

#[cfg(test)]
mod tests;
