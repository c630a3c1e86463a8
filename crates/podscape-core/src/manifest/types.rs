//! The domain types the manifests engine hands the controllers: validated, defaulted, typed.

use std::collections::BTreeMap;
use std::rc::Rc;

use crate::diagnostic::Diagnostic;

use super::*;

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

    /// The namespace its text names, if it names one (`namespace()` defaults to `default`).
    pub fn written_namespace(&self) -> Option<&str> {
        let raw = match self {
            Object::Deployment(d) => &d.raw,
            Object::Service(s) => &s.raw,
        };
        written_namespace(raw)
    }
}

fn written_namespace(raw: &serde_json::Value) -> Option<&str> {
    raw.pointer("/metadata/namespace")
        .and_then(|n| n.as_str())
        .filter(|n| !n.is_empty())
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
    /// `spec.volumes` that project a ConfigMap or a Secret (others are kept as written only).
    pub volumes: Vec<Volume>,
    /// `spec.enableServiceLinks`, true unless written false.
    pub enable_service_links: bool,
    /// The template as written less what the typed fields hold (see [`owned_out`]), in
    /// canonical JSON: shared by every copy, since each pod of a ReplicaSet holds its template
    /// (as text, since a `serde_json::Value` tree takes several times the memory).
    pub(super) rest: Rc<str>,
    /// The `pod-template-hash` of this template, kept in step by whatever changes the typed
    /// fields ([`PodTemplate::rehash`]): the controllers read it without serialising the
    /// template, so JSON writing stays out of the page's first load.
    pub(super) hash: Rc<str>,
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
pub(super) fn owned_out(template: &mut serde_json::Value) {
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
pub(super) fn put_map(
    template: &mut serde_json::Value,
    [parent, field]: [&str; 2],
    map: &BTreeMap<String, String>,
) {
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

#[derive(Clone, Debug, Default, PartialEq)]
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
    pub env: Vec<EnvVar>,
    pub env_from: Vec<EnvFrom>,
    pub volume_mounts: Vec<VolumeMount>,
}

/// One `env[]` entry of a container.
#[derive(Clone, Debug, PartialEq)]
pub struct EnvVar {
    pub name: String,
    pub source: EnvSource,
}

/// Where an environment variable's value comes from.
#[derive(Clone, Debug, PartialEq)]
pub enum EnvSource {
    Value(String),
    /// `valueFrom.configMapKeyRef` (`secret: false`) or `valueFrom.secretKeyRef`.
    KeyRef {
        secret: bool,
        name: String,
        key: String,
        optional: bool,
    },
    /// `valueFrom.fieldRef.fieldPath`.
    Field(String),
    /// Another `valueFrom` (resourceFieldRef, fileKeyRef): not simulated, left unset.
    Other,
}

/// One `envFrom[]` entry: every key of a ConfigMap or Secret, with a prefix.
#[derive(Clone, Debug, PartialEq)]
pub struct EnvFrom {
    pub prefix: String,
    pub secret: bool,
    pub name: String,
    pub optional: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct VolumeMount {
    pub name: String,
    pub mount_path: String,
}

/// A volume of the pod; `source` is set for a `configMap` or `secret` volume.
#[derive(Clone, Debug, PartialEq)]
pub struct Volume {
    pub name: String,
    pub source: Option<KeySource>,
    /// `items`: the keys to project and the path of each (all keys, named as such, when empty).
    pub items: Vec<(String, String)>,
}

/// A ConfigMap (`secret: false`) or Secret that a volume projects.
#[derive(Clone, Debug, PartialEq)]
pub struct KeySource {
    pub secret: bool,
    pub name: String,
    pub optional: bool,
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
    ConfigMap(ConfigMap),
    Secret(Secret),
}

impl ExtraObject {
    pub fn api_version(&self) -> &'static str {
        match self {
            ExtraObject::Pod(_)
            | ExtraObject::Namespace(_)
            | ExtraObject::ConfigMap(_)
            | ExtraObject::Secret(_) => "v1",
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
            ExtraObject::ConfigMap(_) => "ConfigMap",
            ExtraObject::Secret(_) => "Secret",
        }
    }

    /// Empty for cluster-scoped kinds (Namespace).
    pub fn namespace(&self) -> &str {
        match self {
            ExtraObject::Pod(p) => &p.namespace,
            ExtraObject::ReplicaSet(r) => &r.namespace,
            ExtraObject::Namespace(_) => "",
            ExtraObject::Ingress(i) => &i.namespace,
            ExtraObject::ConfigMap(c) => &c.namespace,
            ExtraObject::Secret(s) => &s.namespace,
        }
    }

    pub fn name(&self) -> &str {
        match self {
            ExtraObject::Pod(p) => &p.name,
            ExtraObject::ReplicaSet(r) => &r.name,
            ExtraObject::Namespace(n) => &n.name,
            ExtraObject::Ingress(i) => &i.name,
            ExtraObject::ConfigMap(c) => &c.name,
            ExtraObject::Secret(s) => &s.name,
        }
    }

    /// The 1-based line where the object's document starts.
    pub fn line(&self) -> usize {
        match self {
            ExtraObject::Pod(p) => p.line,
            ExtraObject::ReplicaSet(r) => r.line,
            ExtraObject::Namespace(n) => n.line,
            ExtraObject::Ingress(i) => i.line,
            ExtraObject::ConfigMap(c) => c.line,
            ExtraObject::Secret(s) => s.line,
        }
    }

    /// The namespace its text names, if it names one (never for a Namespace).
    pub fn written_namespace(&self) -> Option<&str> {
        match self {
            ExtraObject::Pod(p) => written_namespace(&p.raw),
            ExtraObject::ReplicaSet(r) => written_namespace(&r.raw),
            ExtraObject::Namespace(_) => None,
            ExtraObject::Ingress(i) => written_namespace(&i.raw),
            ExtraObject::ConfigMap(c) => written_namespace(&c.raw),
            ExtraObject::Secret(s) => written_namespace(&s.raw),
        }
    }

    pub fn kubectl_name(&self) -> String {
        match self {
            ExtraObject::Pod(p) => format!("pod/{}", p.name),
            ExtraObject::ReplicaSet(r) => format!("replicaset.apps/{}", r.name),
            ExtraObject::Namespace(n) => format!("namespace/{}", n.name),
            ExtraObject::Ingress(i) => format!("ingress.networking.k8s.io/{}", i.name),
            ExtraObject::ConfigMap(c) => format!("configmap/{}", c.name),
            ExtraObject::Secret(s) => format!("secret/{}", s.name),
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

/// A validated `v1` ConfigMap.
#[derive(Clone, Debug, PartialEq)]
pub struct ConfigMap {
    pub name: String,
    pub namespace: String,
    pub labels: BTreeMap<String, String>,
    pub data: BTreeMap<String, String>,
    /// `binaryData`, decoded.
    pub binary_data: BTreeMap<String, Vec<u8>>,
    /// `immutable: true`: the data can never change again.
    pub immutable: bool,
    pub line: usize,
    pub raw: serde_json::Value,
}

/// A validated `v1` Secret: `stringData` merged into `data` (decoded), `type` defaulted.
#[derive(Clone, Debug, PartialEq)]
pub struct Secret {
    pub name: String,
    pub namespace: String,
    pub labels: BTreeMap<String, String>,
    pub secret_type: String,
    pub data: BTreeMap<String, Vec<u8>>,
    pub immutable: bool,
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
