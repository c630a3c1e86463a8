//! The simulated cluster: objects, a virtual clock and one seeded RNG, and the controllers that
//! reconcile them (one submodule each). Level-triggered: every step compares desired with
//! observed state, so a controller never needs to know why it runs.

mod chunks;
mod daemonset;
mod deployment;
mod endpointslice;
mod events;
mod flows;
pub mod images;
mod ingress;
mod kubelet;
pub use kubelet::refused_probe;
mod logs;
mod mutations;
mod namespace;
mod nettools;
mod network;
mod node;
mod pod;
mod replicaset;
mod scheduler;
mod service;
mod snapshot;
mod traffic;

use std::collections::BTreeMap;
use std::rc::Rc;

use rand_chacha::ChaCha8Rng;
use rand_core::{RngCore, SeedableRng};

use crate::diagnostic::Diagnostic;
use crate::manifest::{self, ExtraObject, Object, PodTemplate};

pub use crate::api::{deletion_cost, POD_DELETION_COST};
pub use daemonset::{DaemonSet, NO_SLOT, SYSTEM_NODE_PODS_YAML};
pub use deployment::{Condition, DeploymentState, DeploymentStatus};
pub use endpointslice::{resolve_target_port, EndpointConditions, EndpointSlice, SliceEndpoint};
pub use events::{Event, EVENT_CAP, EVENT_TTL_MS};
pub use flows::{
    caller, Ending, FlowEdge, FlowLog, LoggedCall, MAX_FLOW_SAMPLES, MAX_FLOW_WINDOW_MS, MAX_ONWARD,
};
pub use ingress::{
    host_matches, nginx_status_page, path_matches, pick_location, pick_server, servers, AccessLogEntry,
    Backend, Ingress, IngressAnswer, Location, PathType, Server, INGRESS_CLASS, INGRESS_CONTROLLER,
    INGRESS_EVENT_SOURCE, INGRESS_STATUS_DELAY_MS,
};
pub use logs::{Sent, SentRequest, ServedRequest, MAX_SENT_REQUESTS, MAX_SERVED_REQUESTS};
pub use namespace::{Namespace, IMMORTAL_NAMESPACES};
pub use nettools::{curl, forwarded_port, nslookup, PortForward};
pub use network::{Client, Conntrack, Route, Seen, CLUSTER_CIDR, CLUSTER_DOMAIN, DNS_IP};
pub use scheduler::{ALLOCATABLE_CPU_MILLIS, ALLOCATABLE_MEMORY_BYTES};
pub use traffic::{
    client_loop, deliver_request, frontend, route_request, run_client_loops, DataPlane, Outcome, Request,
    Source, Traffic, TrafficStats, Window, BUILT_IN, REPLY_MS, TO_POD_MS, TO_SERVICE_MS, WINDOW_MS,
};

/// The controllers run at this granularity of virtual time.
pub const TICK_MS: u64 = 50;

/// What a fresh kind cluster runs before the learner applies anything.
pub const SYSTEM_YAML: &str = include_str!("../../../../static/system/cluster.yaml");

/// How long the simulated machinery takes, in virtual milliseconds: `[min, max)` ranges drawn
/// from the seeded RNG, so runs look organic yet repeat exactly.
#[derive(Clone, Debug, PartialEq)]
pub struct Timings {
    pub schedule: (u64, u64),
    /// Pulling an image a node has not pulled before; a cached image starts at once.
    pub image_pull: (u64, u64),
    pub container_start: (u64, u64),
    /// From SIGTERM to exit; agnhost, a Go program, exits promptly on SIGTERM.
    pub termination: (u64, u64),
}

impl Default for Timings {
    fn default() -> Self {
        Timings {
            schedule: (20, 120),
            image_pull: (1_500, 3_500),
            container_start: (300, 900),
            termination: (600, 1_500),
        }
    }
}

/// Cluster shape and timings; `Default` is a kind cluster with a control plane and two workers.
#[derive(Clone, Debug, PartialEq)]
pub struct ClusterConfig {
    pub workers: usize,
    pub timings: Timings,
}

impl Default for ClusterConfig {
    fn default() -> Self {
        ClusterConfig {
            workers: 2,
            timings: Timings::default(),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NodeRole {
    ControlPlane,
    Worker,
}

/// A node as kind would make it: a name, an InternalIP and a /24 pod CIDR out of 10.244.0.0/16.
#[derive(Clone, Debug)]
pub struct Node {
    pub name: String,
    pub internal_ip: String,
    /// Third octet of the node's pod CIDR `10.244.N.0/24`.
    pub cidr_index: u8,
    pub role: NodeRole,
    pub created_ms: u64,
    /// When the node joined and turned Ready. kind's workers join after the control plane,
    /// which is why CoreDNS lands on the control-plane node.
    pub ready_ms: u64,
    /// `kubectl cordon`: no new pods are scheduled here.
    pub unschedulable: bool,
    /// When the node went down (its kubelet stopped posting status), if it is down.
    pub down_since_ms: Option<u64>,
    /// host-local IPAM hands out addresses in order, starting at .2.
    next_host: u8,
    pulled_images: Vec<String>,
}

/// `--node-monitor-grace-period`: how long the node controller waits before NotReady.
pub const NODE_MONITOR_GRACE_MS: u64 = 40_000;
/// The default `tolerationSeconds` for `not-ready`/`unreachable` (DefaultTolerationSeconds).
pub const NOT_READY_TOLERATION_MS: u64 = 300_000;

impl Node {
    /// Ready as the node controller sees it: a node that went down turns NotReady after the
    /// grace period.
    pub fn ready_at(&self, now_ms: u64) -> bool {
        self.down_since_ms
            .is_none_or(|t| now_ms < t + NODE_MONITOR_GRACE_MS)
    }

    pub fn pod_cidr(&self) -> String {
        format!("10.244.{}.0/24", self.cidr_index)
    }

    /// The taint kubeadm puts on control-plane nodes.
    pub fn taint(&self) -> Option<&'static str> {
        (self.role == NodeRole::ControlPlane).then_some("node-role.kubernetes.io/control-plane")
    }
}

/// The real pod phase (`status.phase`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PodPhase {
    Pending,
    Running,
    /// Every container exited 0 and will not be restarted (restartPolicy Never or OnFailure).
    Succeeded,
    /// A container exited non-zero and will not be restarted (restartPolicy Never).
    Failed,
}

impl PodPhase {
    pub fn as_str(self) -> &'static str {
        match self {
            PodPhase::Pending => "Pending",
            PodPhase::Running => "Running",
            PodPhase::Succeeded => "Succeeded",
            PodPhase::Failed => "Failed",
        }
    }
}

/// What controls a pod (its `ownerReferences`): a ReplicaSet, a DaemonSet, or for a static
/// pod's mirror the node whose kubelet runs it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OwnerKind {
    ReplicaSet,
    DaemonSet,
    Node,
}

impl OwnerKind {
    pub fn as_str(self) -> &'static str {
        match self {
            OwnerKind::ReplicaSet => "ReplicaSet",
            OwnerKind::DaemonSet => "DaemonSet",
            OwnerKind::Node => "Node",
        }
    }
}

#[derive(Clone, Debug)]
pub struct Pod {
    pub name: String,
    pub namespace: String,
    pub uid: String,
    /// Unique in this cluster, like the uid, but cheap to compare.
    serial: u64,
    /// What `owner` names (see `OwnerKind`); only meaningful when `owner` is set.
    pub owner_kind: OwnerKind,
    /// The owner's name (a ReplicaSet's, a DaemonSet's or, for a static pod's mirror, the
    /// node's); `None` for a bare pod (`kubectl run`, a Pod manifest) and for one a label
    /// change released.
    pub owner: Option<String>,
    /// Shared with the pod's siblings and the rewind's snapshots (set whole, never changed in
    /// place).
    pub labels: std::rc::Rc<BTreeMap<String, String>>,
    /// The template's annotations, plus what `kubectl annotate` set (shared as `labels` is).
    pub annotations: std::rc::Rc<BTreeMap<String, String>>,
    pub node: Option<String>,
    pub ip: Option<String>,
    pub phase: PodPhase,
    pub ready: bool,
    /// When the Ready condition last turned true: availability counts minReadySeconds from it.
    pub ready_since_ms: Option<u64>,
    /// When the container last started.
    pub started_ms: Option<u64>,
    /// A fault the learner injected: the readiness endpoint answers 503 until fixed.
    pub readiness_failing: bool,
    /// A fault the learner injected: the liveness endpoint answers 500 until fixed.
    pub liveness_failing: bool,
    liveness_failures: i32,
    next_liveness_ms: u64,
    /// Consecutive readiness results, against successThreshold / failureThreshold.
    probe_successes: i32,
    probe_failures: i32,
    next_probe_ms: u64,
    pub restarts: u32,
    /// When the previous container ran (started, exited), for `kubectl logs --previous`.
    pub last_run_ms: Option<(u64, u64)>,
    pub created_ms: u64,
    pub deletion_ms: Option<u64>,
    /// Stable slot inside its node panel, so a pod never jumps on the stage.
    pub slot: usize,
    pub container_name: String,
    pub image: String,
    /// Shared with the rewind's snapshots (and set whole, never changed in place).
    pub template: std::rc::Rc<PodTemplate>,
    /// The container's environment as the kubelet made it when the container last started
    /// (see `pod::environment`): changing a ConfigMap or adding a Service later changes
    /// nothing here. Shared with the rewind's snapshots.
    pub env: std::rc::Rc<[(String, String)]>,
    /// When the current step (scheduling, pulling, starting, terminating) began and completes.
    transition_started_ms: u64,
    next_transition_ms: u64,
    waiting_reason: Option<&'static str>,
    /// When the running container will exit (its command ends, or an injected crash), and
    /// with which code.
    crash_at_ms: Option<u64>,
    exit_code: i32,
    /// The kubelet's back-off for restarting this container / pulling its image.
    restart_backoff_ms: u64,
    pull_backoff_ms: u64,
    /// FailedScheduling is reported once per pod rather than on every retry.
    failed_scheduling_reported: bool,
}

impl Pod {
    /// The STATUS column of `kubectl get pods`.
    pub fn status(&self) -> &'static str {
        if self.deletion_ms.is_some() {
            "Terminating"
        } else if let Some(reason) = self.waiting_reason {
            reason
        } else if self.phase == PodPhase::Succeeded {
            "Completed"
        } else if self.phase == PodPhase::Failed {
            "Error"
        } else {
            self.phase.as_str()
        }
    }

    /// The exit code of the container's last run (meaningful once it has exited).
    pub fn exit_code(&self) -> i32 {
        self.exit_code
    }

    pub fn is_active(&self) -> bool {
        self.deletion_ms.is_none()
    }

    /// `podutil.IsPodAvailable`: ready for at least `min_ready_seconds`.
    pub fn is_available(&self, min_ready_seconds: i32, now_ms: u64) -> bool {
        match self.ready_since_ms {
            Some(since) if self.ready => {
                min_ready_seconds <= 0
                    || since.saturating_add((min_ready_seconds as u64).saturating_mul(1000)) <= now_ms
            }
            _ => false,
        }
    }

    /// For a back-off (CrashLoopBackOff, ImagePullBackOff): how long until the next try.
    pub fn backoff_remaining_ms(&self, now_ms: u64) -> Option<u64> {
        matches!(self.waiting_reason, Some("CrashLoopBackOff" | "ImagePullBackOff"))
            .then(|| self.next_transition_ms.saturating_sub(now_ms))
    }

    /// How far the current step has come, from 0 to 1: drives the "filling" and "fading" glyphs.
    pub fn transition_progress(&self, now_ms: u64) -> f32 {
        let span = self.next_transition_ms.saturating_sub(self.transition_started_ms);
        if span == 0 {
            return 1.0;
        }
        (now_ms.saturating_sub(self.transition_started_ms) as f32 / span as f32).clamp(0.0, 1.0)
    }
}

#[derive(Clone, Debug)]
pub struct ReplicaSet {
    pub name: String,
    pub namespace: String,
    /// The owning Deployment's name.
    pub owner: String,
    pub template: PodTemplate,
    pub template_hash: String,
    pub replicas: i32,
    pub revision: u64,
    /// `deployment.kubernetes.io/desired-replicas`: the Deployment's replicas when last synced.
    pub desired_replicas: i32,
    /// `deployment.kubernetes.io/max-replicas`: replicas + maxSurge when last synced.
    pub max_replicas: i32,
    pub min_ready_seconds: i32,
    pub created_ms: u64,
    /// Syncs in a row whose creates failed, and when the rate-limited queue retries it.
    create_failures: u32,
    retry_at_ms: u64,
    /// The last sync's create error (`ReplicaFailure`, reason `FailedCreate`), if it failed.
    create_error: Option<String>,
}

/// A Service with what the API server added: its ClusterIP and EndpointSlice name.
#[derive(Clone, Debug)]
pub struct Service {
    pub spec: manifest::Service,
    pub cluster_ip: String,
    pub created_ms: u64,
    /// `<svc>-<5 chars>`, generated once like any `generateName`.
    pub slice_name: String,
    /// The allocated nodePort of each port (NodePort and LoadBalancer Services).
    pub node_ports: Vec<Option<i32>>,
    /// The load balancer's address once the (simulated) cloud controller has provisioned it.
    pub load_balancer_ip: Option<String>,
}

/// What `kubectl apply -f` did: its output lines, or the diagnostics that stopped it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ApplyOutcome {
    pub diagnostics: Vec<Diagnostic>,
    pub output: Vec<String>,
}

impl ApplyOutcome {
    pub fn applied(&self) -> bool {
        !self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// See `Cluster::proxy_view`. Compared field by field with the cluster, so a steady tick
/// allocates nothing.
#[derive(Clone, Default)]
struct ProxyView {
    /// Name and address of each node.
    nodes: Vec<(String, String)>,
    /// Serial, bound (a node and an address, set once together), ready and terminating of each
    /// pod.
    pods: Vec<PodView>,
    /// Namespace, name, ClusterIP, load balancer address and node ports of each Service.
    services: Vec<ServiceView>,
}

type PodView = (u64, bool, bool, bool);
type ServiceView = (String, String, String, Option<String>, Vec<Option<i32>>);

impl ProxyView {
    fn of(c: &Cluster) -> ProxyView {
        ProxyView {
            nodes: c
                .nodes
                .iter()
                .map(|n| (n.name.clone(), n.internal_ip.clone()))
                .collect(),
            pods: c
                .pods
                .iter()
                .map(|p| {
                    (
                        p.serial,
                        p.node.is_some() && p.ip.is_some(),
                        p.ready,
                        p.deletion_ms.is_some(),
                    )
                })
                .collect(),
            services: c
                .services
                .values()
                .map(|s| {
                    (
                        s.spec.namespace.clone(),
                        s.spec.name.clone(),
                        s.cluster_ip.clone(),
                        s.load_balancer_ip.clone(),
                        s.node_ports.clone(),
                    )
                })
                .collect(),
        }
    }

    fn matches(&self, c: &Cluster) -> bool {
        self.nodes.len() == c.nodes.len()
            && self.pods.len() == c.pods.len()
            && self.services.len() == c.services.len()
            && self
                .nodes
                .iter()
                .zip(&c.nodes)
                .all(|((name, ip), n)| *name == n.name && *ip == n.internal_ip)
            && self
                .pods
                .iter()
                .zip(&c.pods)
                .all(|(&(serial, bound, ready, terminating), p)| {
                    serial == p.serial
                        && bound == (p.node.is_some() && p.ip.is_some())
                        && ready == p.ready
                        && terminating == p.deletion_ms.is_some()
                })
            && self.services.iter().zip(c.services.values()).all(
                |((namespace, name, cluster_ip, lb, node_ports), s)| {
                    *namespace == s.spec.namespace
                        && *name == s.spec.name
                        && *cluster_ip == s.cluster_ip
                        && *lb == s.load_balancer_ip
                        && *node_ports == s.node_ports
                },
            )
    }
}

#[derive(Clone)]
pub struct Cluster {
    now_ms: u64,
    rng: ChaCha8Rng,
    timings: Timings,
    nodes: Vec<Node>,
    deployments: BTreeMap<(String, String), DeploymentState>,
    replica_sets: Vec<ReplicaSet>,
    /// Each pod behind an `Rc`, shared with rewind's snapshots until it next changes
    /// (`Rc::make_mut`): most pods are still from one snapshot to the next.
    pods: Vec<Rc<Pod>>,
    services: BTreeMap<(String, String), Service>,
    ingresses: BTreeMap<(String, String), Ingress>,
    /// ConfigMaps and Secrets by (namespace, name), with when each was created.
    config_maps: BTreeMap<(String, String), (manifest::ConfigMap, u64)>,
    secrets: BTreeMap<(String, String), (manifest::Secret, u64)>,
    ingress_controller: ingress::IngressController,
    daemon_sets: Vec<DaemonSet>,
    namespaces: BTreeMap<String, Namespace>,
    /// The kubeconfig context's namespace (`kubectl config set-context --current
    /// --namespace=X`): client-side in kubectl, kept here since every kubectl line sees the
    /// cluster.
    context_namespace: String,
    /// Shared with the rewind's snapshots until it next changes (`Rc::make_mut`): events come
    /// in bursts, so most snapshots keep the previous one's store and caches.
    recorder: std::rc::Rc<events::Recorder>,
    next_uid: u64,
    /// Images the simulated registry cannot serve (a learner's fault injection).
    unpullable: Vec<String>,
    traffic: Traffic,
    proxy_mode: crate::proxy::ProxyMode,
    conntrack: Conntrack,
    /// Bumped by every change that can reach kube-proxy's view (each mutating call, and each
    /// reconcile that changed `proxy_view`): a node's compiled rules are reused while it
    /// stands still.
    epoch: u64,
    /// What a reconcile can change of kube-proxy's view, as it was after the last one: each
    /// pod (by serial) with whether it is bound (its node and address are set once, together),
    /// ready and terminating, and each Service's
    /// addresses. Labels, ports and specs change only through calls that bump `epoch`
    /// themselves. A steady cluster thus keeps its compiled rules from tick to tick instead
    /// of rebuilding every node's `ProxyInput` to find it unchanged.
    proxy_view: ProxyView,
    /// Per-reconcile indices (rebuilt before the controllers that read them), so a tick stays
    /// linear in the number of pods: (namespace, ReplicaSet) → pod indices, and
    /// (namespace, Deployment) → ReplicaSet indices.
    /// Both are nested by namespace, then name, so a lookup borrows its key, and kept from
    /// one pass to the next (only their lists are cleared), so a pass allocates nothing for
    /// owners it has seen before.
    pods_by_owner: OwnerIndex,
    rs_by_owner: OwnerIndex,
    /// What routes the traffic generator's requests (see [`traffic::DataPlane`]).
    data_plane: Option<traffic::DataPlane>,
    /// The requests pods served, for `kubectl logs` (bounded).
    request_log: logs::RequestLog,
    /// `kubectl port-forward`s listening on the host (bounded).
    port_forwards: Vec<PortForward>,
    /// A time the clock never moves past (a script's budget, see [`Cluster::set_deadline`]).
    deadline_ms: Option<u64>,
    /// Whether an advance asked to move past `deadline_ms` since it was set.
    past_deadline: bool,
}

/// How long a fresh kind cluster has been up when the learner first sees it.
const BOOT_MS: u64 = 60_000;
/// When kind's workers have joined (kubeadm join, then the CNI makes them Ready).
const WORKER_JOIN_MS: u64 = 25_000;

impl Cluster {
    /// A fresh kind-like cluster with the default shape.
    pub fn new(seed: u64) -> Self {
        Cluster::with_config(seed, ClusterConfig::default())
    }

    /// A fresh kind-like cluster: the control-plane node, `workers` workers, its namespaces,
    /// the static pods and DaemonSets of kind's nodes, the `kubernetes` and `kube-dns`
    /// Services, CoreDNS and local-path-provisioner, up and running for a minute, with the built-in
    /// data plane ([`route_request`]; see [`traffic::DataPlane`]).
    pub fn with_config(seed: u64, config: ClusterConfig) -> Self {
        let mut cluster = Cluster::bare_with_config(seed, config);
        cluster.set_data_plane(traffic::BUILT_IN);
        cluster.boot_node_pods(SYSTEM_NODE_PODS_YAML);
        let boot = cluster.apply(SYSTEM_YAML);
        debug_assert!(boot.applied(), "{:?}", boot.diagnostics);
        cluster.advance(BOOT_MS);
        cluster
    }

    /// The cluster's nodes and nothing else, its clock at zero, and no data plane: what a page
    /// draws before the manifests engine has arrived (the browser app then swaps in
    /// [`Cluster::new`]'s cluster).
    pub fn bare(seed: u64) -> Self {
        Cluster::bare_with_config(seed, ClusterConfig::default())
    }

    fn bare_with_config(seed: u64, config: ClusterConfig) -> Self {
        let mut cluster = Cluster {
            now_ms: 0,
            rng: ChaCha8Rng::seed_from_u64(seed),
            timings: config.timings,
            nodes: Vec::new(),
            deployments: BTreeMap::new(),
            replica_sets: Vec::new(),
            pods: Vec::new(),
            services: BTreeMap::new(),
            ingresses: BTreeMap::new(),
            config_maps: BTreeMap::new(),
            secrets: BTreeMap::new(),
            ingress_controller: ingress::IngressController::default(),
            daemon_sets: Vec::new(),
            namespaces: namespace::initial(),
            context_namespace: String::new(),
            recorder: Default::default(),
            next_uid: 1,
            unpullable: Vec::new(),
            traffic: Traffic::default(),
            proxy_mode: crate::proxy::ProxyMode::Iptables,
            conntrack: Conntrack::default(),
            epoch: 0,
            proxy_view: ProxyView::default(),
            pods_by_owner: OwnerIndex::default(),
            rs_by_owner: OwnerIndex::default(),
            data_plane: None,
            request_log: logs::RequestLog::default(),
            port_forwards: Vec::new(),
            deadline_ms: None,
            past_deadline: false,
        };
        for i in 0..=config.workers.min(250) {
            let name = match i {
                0 => "podscape-control-plane".to_string(),
                1 => "podscape-worker".to_string(),
                n => format!("podscape-worker{n}"),
            };
            cluster.nodes.push(Node {
                name,
                internal_ip: format!("172.18.0.{}", i + 2),
                cidr_index: i as u8,
                role: if i == 0 {
                    NodeRole::ControlPlane
                } else {
                    NodeRole::Worker
                },
                created_ms: 0,
                ready_ms: if i == 0 { 0 } else { WORKER_JOIN_MS },
                unschedulable: false,
                down_since_ms: None,
                next_host: 2,
                pulled_images: Vec::new(),
            });
        }
        cluster
    }

    pub fn now_ms(&self) -> u64 {
        self.now_ms
    }

    pub fn nodes(&self) -> &[Node] {
        &self.nodes
    }

    pub fn pods(&self) -> &[Rc<Pod>] {
        &self.pods
    }

    pub fn replica_sets(&self) -> &[ReplicaSet] {
        &self.replica_sets
    }

    pub fn deployments(&self) -> impl Iterator<Item = &DeploymentState> {
        self.deployments.values()
    }

    pub fn deployment(&self, namespace: &str, name: &str) -> Option<&DeploymentState> {
        self.deployments.get(&(namespace.to_string(), name.to_string()))
    }

    pub fn services(&self) -> impl Iterator<Item = &Service> {
        self.services.values()
    }

    pub fn service(&self, namespace: &str, name: &str) -> Option<&Service> {
        self.services.get(&(namespace.to_string(), name.to_string()))
    }

    /// Moves whenever what kube-proxy sees may have changed (pods' readiness, addresses,
    /// labels; Services): while it stands still, so do the endpoints of every Service.
    pub fn proxy_epoch(&self) -> u64 {
        self.epoch
    }

    /// The events the API server holds, oldest first (at most [`EVENT_CAP`]).
    pub fn events(&self) -> &std::collections::VecDeque<Rc<Event>> {
        self.recorder.events()
    }

    /// `kubectl apply -f`: all or nothing. A text with any error changes nothing.
    pub fn apply(&mut self, text: &str) -> ApplyOutcome {
        self.apply_in(text, "default")
    }

    /// `kubectl apply -f` with `namespace` for objects that name none (`-n`, or the
    /// context's). Simplified: an object naming another namespace than `-n` is applied there
    /// (kubectl refuses it when `-n` is given explicitly).
    pub fn apply_in(&mut self, text: &str, namespace: &str) -> ApplyOutcome {
        self.epoch += 1;
        let mut parsed = manifest::parse(text);
        if namespace != "default" {
            let unset = |raw: &serde_json::Value| raw.pointer("/metadata/namespace").is_none();
            for object in &mut parsed.objects {
                match object {
                    Object::Deployment(d) if unset(&d.raw) => d.namespace = namespace.into(),
                    Object::Service(s) if unset(&s.raw) => s.namespace = namespace.into(),
                    _ => {}
                }
            }
            for extra in &mut parsed.extra_objects {
                match extra {
                    ExtraObject::Ingress(i) if unset(&i.raw) => i.namespace = namespace.into(),
                    ExtraObject::Pod(p) if unset(&p.raw) => p.namespace = namespace.into(),
                    ExtraObject::ReplicaSet(r) if unset(&r.raw) => r.namespace = namespace.into(),
                    ExtraObject::ConfigMap(c) if unset(&c.raw) => c.namespace = namespace.into(),
                    ExtraObject::Secret(s) if unset(&s.raw) => s.namespace = namespace.into(),
                    _ => {}
                }
            }
        }
        let mut outcome = ApplyOutcome {
            diagnostics: parsed.diagnostics,
            output: Vec::new(),
        };
        if !outcome.applied() {
            return outcome;
        }
        // Allocation errors (a taken ClusterIP or nodePort) are the API server's too: they
        // reject the apply before anything changes.
        outcome
            .diagnostics
            .extend(self.check_ceilings(&parsed.objects, &parsed.extra_objects));
        outcome
            .diagnostics
            .extend(self.check_allocations(&parsed.objects));
        outcome
            .diagnostics
            .extend(self.check_namespaces(&parsed.objects, &parsed.extra_objects));
        outcome
            .diagnostics
            .extend(self.check_immutable(&parsed.extra_objects));
        if !outcome.applied() {
            return outcome;
        }
        // kubectl prints one line per object, in the order of the documents.
        let mut lines = Vec::new();
        for object in parsed.objects {
            let verb = match &object {
                Object::Deployment(d) => self.apply_deployment(d),
                Object::Service(s) => self.apply_service(s),
            };
            lines.push((object.line(), format!("{} {verb}", object.kubectl_name())));
        }
        for extra in parsed.extra_objects {
            let verb = match &extra {
                ExtraObject::Ingress(i) => self.apply_ingress(i),
                ExtraObject::Pod(p) => self.apply_pod(p),
                ExtraObject::ConfigMap(c) => self.apply_config_map(c),
                ExtraObject::Secret(s) => self.apply_secret(s),
                // check_namespaces has checked the ceiling.
                ExtraObject::Namespace(n) => self.put_namespace(&n.name, &n.labels).unwrap_or("unchanged"),
                ExtraObject::ReplicaSet(_) => continue,
            };
            lines.push((extra.line(), format!("{} {verb}", extra.kubectl_name())));
        }
        crate::sort::SmallSort::small_sort_by_key(lines.as_mut_slice(), |(line, _)| *line);
        outcome.output.extend(lines.into_iter().map(|(_, l)| l));
        self.reconcile();
        outcome
    }

    /// NamespaceLifecycle for each object this apply would create: its namespace must exist
    /// (or be created by the same apply: Podscape applies all or nothing) and not be
    /// terminating; a new namespace must fit Podscape's ceiling.
    fn check_namespaces(&self, objects: &[Object], extra: &[ExtraObject]) -> Vec<Diagnostic> {
        let created: Vec<&str> = extra
            .iter()
            .filter_map(|e| match e {
                ExtraObject::Namespace(n) => Some(n.name.as_str()),
                _ => None,
            })
            .collect();
        let new = created
            .iter()
            .filter(|n| !self.namespaces.contains_key(**n))
            .count();
        if new > 0 && self.namespaces.len() + new > crate::budget::MAX_OBJECTS_PER_KIND {
            let (used, limit) = (self.namespaces.len(), crate::budget::MAX_OBJECTS_PER_KIND);
            let name = created.first().copied().unwrap_or_default();
            let message = replicaset::ceiling_denial("namespaces", name, "namespaces", used, limit);
            return vec![Diagnostic::error(1, 1, "metadata.name", message)];
        }
        let candidates = objects
            .iter()
            .map(|o| {
                let resource = match o {
                    Object::Deployment(_) => "deployments.apps",
                    Object::Service(_) => "services",
                };
                (o.namespace(), resource, o.name(), o.line())
            })
            .chain(extra.iter().filter_map(|e| {
                let resource = match e {
                    ExtraObject::Ingress(_) => "ingresses.networking.k8s.io",
                    ExtraObject::Pod(_) => "pods",
                    ExtraObject::ConfigMap(_) => "configmaps",
                    ExtraObject::Secret(_) => "secrets",
                    // Cluster-scoped, or not simulated.
                    ExtraObject::Namespace(_) | ExtraObject::ReplicaSet(_) => return None,
                };
                Some((e.namespace(), resource, e.name(), e.line()))
            }));
        for (namespace, resource, name, line) in candidates {
            if !self.namespaces.contains_key(namespace) && created.contains(&namespace) {
                continue;
            }
            if let Err(message) = self.admit(namespace, &format!("{resource} \"{name}\"")) {
                return vec![Diagnostic::error(line, 1, "metadata.namespace", message)];
            }
        }
        Vec::new()
    }

    /// Podscape's ceiling on objects of each kind (`budget::MAX_OBJECTS_PER_KIND`, the
    /// cluster's total, system objects included): the first object this apply would create
    /// past it is forbidden as a ResourceQuota would forbid it (see
    /// `replicaset::CEILING_QUOTA`), so the simulation stays bounded.
    fn check_ceilings(&self, objects: &[Object], extra: &[ExtraObject]) -> Vec<Diagnostic> {
        let limit = crate::budget::MAX_OBJECTS_PER_KIND;
        let mut counts = [
            self.deployments.len(),
            self.services.len(),
            self.ingresses.len(),
            self.config_maps.len(),
            self.secrets.len(),
        ];
        let mut new: [std::collections::BTreeSet<(&str, &str)>; 5] = Default::default();
        let candidates = objects
            .iter()
            .map(|o| match o {
                Object::Deployment(d) => {
                    let exists = self
                        .deployments
                        .contains_key(&(d.namespace.clone(), d.name.clone()));
                    (0, &d.namespace, &d.name, d.line, exists)
                }
                Object::Service(s) => {
                    let exists = self.services.contains_key(&(s.namespace.clone(), s.name.clone()));
                    (1, &s.namespace, &s.name, s.line, exists)
                }
            })
            .chain(extra.iter().filter_map(|e| match e {
                ExtraObject::Ingress(i) => {
                    let exists = self
                        .ingresses
                        .contains_key(&(i.namespace.clone(), i.name.clone()));
                    Some((2, &i.namespace, &i.name, i.line, exists))
                }
                ExtraObject::ConfigMap(c) => {
                    let exists = self
                        .config_maps
                        .contains_key(&(c.namespace.clone(), c.name.clone()));
                    Some((3, &c.namespace, &c.name, c.line, exists))
                }
                ExtraObject::Secret(s) => {
                    let exists = self.secrets.contains_key(&(s.namespace.clone(), s.name.clone()));
                    Some((4, &s.namespace, &s.name, s.line, exists))
                }
                _ => None,
            }));
        for (kind, namespace, name, line, exists) in candidates {
            if exists || !new[kind].insert((namespace, name)) {
                continue;
            }
            if counts[kind] >= limit {
                let (plural, resource) = [
                    ("deployments.apps", "count/deployments.apps"),
                    ("services", "services"),
                    ("ingresses.networking.k8s.io", "count/ingresses.networking.k8s.io"),
                    ("configmaps", "configmaps"),
                    ("secrets", "secrets"),
                ][kind];
                let message = replicaset::ceiling_denial(plural, name, resource, counts[kind], limit);
                return vec![Diagnostic::error(line, 1, "metadata.name", message)
                    .with_hint("Podscape simulates at most this many of a kind: delete some first")];
            }
            counts[kind] += 1;
        }
        // Bare pods count against the pod ceiling, as the ReplicaSets' pods do.
        let mut pods = self.pods.len();
        for p in extra.iter().filter_map(|e| match e {
            ExtraObject::Pod(p) => Some(p),
            _ => None,
        }) {
            if self.pod(&p.namespace, &p.name).is_some() {
                continue;
            }
            if pods >= self.pod_ceiling() {
                let message = replicaset::ceiling_denial("pods", &p.name, "pods", pods, self.pod_ceiling());
                return vec![Diagnostic::error(p.line, 1, "metadata.name", message)
                    .with_hint("Podscape simulates at most this many pods: delete some first")];
            }
            pods += 1;
        }
        Vec::new()
    }

    /// Bounds the clock: [`Cluster::advance`] never moves past `deadline_ms` (`None`: no
    /// bound). A script's budget sets it around each command, so no command (a sleep, a watch,
    /// `rollout status`) can run the clock longer than the budget left, whatever it loops on.
    pub fn set_deadline(&mut self, deadline_ms: Option<u64>) {
        self.deadline_ms = deadline_ms;
        self.past_deadline = false;
    }

    /// The bound [`Cluster::set_deadline`] set.
    pub fn deadline_ms(&self) -> Option<u64> {
        self.deadline_ms
    }

    /// Whether an advance since [`Cluster::set_deadline`] asked to go past the deadline (and
    /// stopped at it): a loop that advances the clock ends when this is true.
    pub fn past_deadline(&self) -> bool {
        self.past_deadline
    }

    /// Advances the virtual clock by `ms`, running the controllers every [`TICK_MS`]; never
    /// past the deadline, if one is set.
    pub fn advance(&mut self, ms: u64) {
        let mut target = self.now_ms.saturating_add(ms);
        if let Some(deadline) = self.deadline_ms {
            if target > deadline {
                self.past_deadline = true;
                target = deadline;
            }
        }
        while self.now_ms < target {
            let step = TICK_MS.min(target - self.now_ms);
            self.now_ms += step;
            self.reconcile();
            self.run_traffic(step);
        }
    }

    /// Rebuilds the pods-by-ReplicaSet index. Only `reconcile` calls it, before the
    /// controllers that read it: they append pods and mark them terminating, but never remove
    /// one, so the indices stay valid for the whole pass.
    fn index_pods(&mut self) {
        self.pods_by_owner.clear();
        let mut last: Option<(usize, &str, &str)> = None;
        for (i, p) in self.pods.iter().enumerate() {
            let (OwnerKind::ReplicaSet, Some(owner)) = (p.owner_kind, p.owner.as_deref()) else {
                continue;
            };
            // Pods of one ReplicaSet are mostly created together: reuse the last list found.
            match last {
                Some((_, ns, o)) if ns == p.namespace && o == owner => {}
                _ => last = Some((self.pods_by_owner.slot(&p.namespace, owner), &p.namespace, owner)),
            }
            if let Some((slot, _, _)) = last {
                self.pods_by_owner.lists[slot].push(i);
            }
        }
    }

    /// The indices of a ReplicaSet's pods (all of them, terminating included).
    fn pods_of(&self, namespace: &str, replica_set: &str) -> &[usize] {
        self.pods_by_owner.get(namespace, replica_set)
    }

    fn reconcile(&mut self) {
        if self.recorder.expiring(self.now_ms) {
            std::rc::Rc::make_mut(&mut self.recorder).expire(self.now_ms);
        }
        self.sync_node_lifecycle();
        self.provision_load_balancers();
        self.sync_ingresses();
        self.index_pods();
        self.sync_deployments();
        self.sync_replica_sets();
        self.sync_daemon_sets();
        self.schedule();
        self.run_kubelets();
        self.sync_namespaces();
        self.find_clients();
        if !self.proxy_view.matches(self) {
            self.proxy_view = ProxyView::of(self);
            self.epoch += 1;
        }
    }

    /// A draw from the cluster's one RNG, for names a client makes up (`kubectl diff`'s temporary
    /// folders), so runs repeat.
    pub fn random_u32(&mut self) -> u32 {
        self.rng.next_u32()
    }

    fn between(&mut self, (min, max): (u64, u64)) -> u64 {
        min + u64::from(self.rng.next_u32()) % (max - min).max(1)
    }

    fn uid(&mut self) -> String {
        // UUID-shaped and unique; drawn from the seeded RNG so runs repeat.
        let a = self.rng.next_u64();
        let b = self.rng.next_u64();
        self.next_uid += 1;
        format!(
            "{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}",
            a >> 32,
            (a >> 16) & 0xffff,
            a & 0xfff,
            0x8000 | (b >> 48) & 0x3fff,
            b & 0xffff_ffff_ffff
        )
    }

    /// Reports an event from the controller that owns `reason` (see `events::component`).
    fn record(
        &mut self,
        namespace: &str,
        event_type: &'static str,
        object: String,
        reason: &'static str,
        message: String,
    ) {
        let source = events::component(reason);
        // The scheduler reports through events.k8s.io/v1: no source.host, but a reporting
        // instance named after its host, which kubectl shows in its place.
        let host = match (source, self.nodes.first()) {
            ("default-scheduler", Some(control_plane)) => format!("default-scheduler-{}", control_plane.name),
            _ => String::new(),
        };
        let report = events::Report {
            namespace: namespace.to_string(),
            event_type,
            object,
            field_path: String::new(),
            reason,
            message,
            source,
            host,
        };
        std::rc::Rc::make_mut(&mut self.recorder).record(self.now_ms, report);
    }

    /// Reports an event of pod `p`'s kubelet about its container.
    fn record_pod(&mut self, p: usize, event_type: &'static str, reason: &'static str, message: String) {
        let Some(pod) = self.pods.get(p) else { return };
        let report = events::Report {
            namespace: pod.namespace.clone(),
            event_type,
            object: format!("pod/{}", pod.name),
            field_path: format!("spec.containers{{{}}}", pod.container_name),
            reason,
            message,
            source: "kubelet",
            host: pod.node.clone().unwrap_or_default(),
        };
        std::rc::Rc::make_mut(&mut self.recorder).record(self.now_ms, report);
    }

    /// Marks a pod for graceful deletion: Terminating now, gone when its container has exited.
    fn terminate(&mut self, p: usize) {
        let grace = self.between(self.timings.termination);
        let now = self.now_ms;
        let pod = Rc::make_mut(&mut self.pods[p]);
        pod.deletion_ms = Some(now);
        pod.ready = false;
        pod.transition_started_ms = now;
        // A pod whose containers have all exited has nothing to stop: it goes at once.
        let exited = matches!(pod.phase, PodPhase::Succeeded | PodPhase::Failed);
        pod.next_transition_ms = if exited { now } else { now + grace };
        let message = format!("Stopping container {}", pod.container_name);
        self.record_pod(p, "Normal", "Killing", message);
    }
}

/// Lists of indices by owner (namespace, then name). `clear` empties the lists but keeps the
/// keys, so rebuilding after the first pass allocates only for new owners; owners that are gone
/// are dropped once they outnumber the live ones.
#[derive(Clone, Default)]
struct OwnerIndex {
    slots: BTreeMap<String, BTreeMap<String, usize>>,
    lists: Vec<Vec<usize>>,
}

impl OwnerIndex {
    fn clear(&mut self) {
        let used = self.lists.iter().filter(|l| !l.is_empty()).count();
        if self.lists.len() > 64 && self.lists.len() > 2 * used {
            // Forget owners that had nothing last time.
            let keep: Vec<bool> = self.lists.iter().map(|l| !l.is_empty()).collect();
            let mut renumber = vec![usize::MAX; self.lists.len()];
            let mut next = 0;
            for (old, &k) in keep.iter().enumerate() {
                if k {
                    renumber[old] = next;
                    next += 1;
                }
            }
            for names in self.slots.values_mut() {
                names.retain(|_, slot| keep[*slot]);
                for slot in names.values_mut() {
                    *slot = renumber[*slot];
                }
            }
            self.slots.retain(|_, names| !names.is_empty());
            let mut i = 0;
            self.lists.retain(|_| {
                i += 1;
                keep[i - 1]
            });
        }
        for list in &mut self.lists {
            list.clear();
        }
    }

    /// The list of `namespace`/`name`, made if new.
    fn slot(&mut self, namespace: &str, name: &str) -> usize {
        if let Some(&slot) = self.slots.get(namespace).and_then(|n| n.get(name)) {
            return slot;
        }
        let slot = self.lists.len();
        self.lists.push(Vec::new());
        self.slots
            .entry(namespace.to_string())
            .or_default()
            .insert(name.to_string(), slot);
        slot
    }

    fn push(&mut self, namespace: &str, name: &str, index: usize) {
        let slot = self.slot(namespace, name);
        self.lists[slot].push(index);
    }

    fn get(&self, namespace: &str, name: &str) -> &[usize] {
        self.slots
            .get(namespace)
            .and_then(|n| n.get(name))
            .map_or(&[], |&slot| self.lists[slot].as_slice())
    }
}

/// Whether a Service is the learner's, not the cluster's own (`kube-system`, `default/kubernetes`):
/// what the traffic generator sends to and the scene draws.
pub(crate) fn is_learners(s: &manifest::Service) -> bool {
    let api_server = s.namespace == "default" && s.name == "kubernetes";
    !(is_system_namespace(&s.namespace) || api_server)
}

/// Whether a namespace holds what kind runs for itself (CoreDNS, kube-proxy, kindnet, the
/// control plane, local-path-provisioner) rather than the learner's work.
pub(crate) fn is_system_namespace(namespace: &str) -> bool {
    matches!(namespace, "kube-system" | "local-path-storage")
}

/// `matchLabels` semantics: every pair of the selector is among the labels.
pub fn selector_matches(selector: &BTreeMap<String, String>, labels: &BTreeMap<String, String>) -> bool {
    crate::api::selector::matches(selector, &[], labels)
}

#[cfg(test)]
mod tests;
