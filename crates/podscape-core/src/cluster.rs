//! The simulated cluster: objects, a virtual clock and one seeded RNG, and the controllers that
//! reconcile them. Level-triggered: every step compares desired with observed state, so a step
//! never needs to know why it runs.

use std::collections::BTreeMap;

use rand_chacha::ChaCha8Rng;
use rand_core::{RngCore, SeedableRng};

use crate::diagnostic::Diagnostic;
use crate::manifest::{self, Object, PodTemplate};
use crate::names;

/// The controllers run at this granularity of virtual time.
pub const TICK_MS: u64 = 50;

/// How long the simulated machinery takes, in virtual milliseconds: `[min, max)` ranges drawn
/// from the seeded RNG, so runs look organic yet repeat exactly.
#[derive(Clone, Debug, PartialEq)]
pub struct Timings {
    pub schedule: (u64, u64),
    /// Pulling an image a node has not pulled before.
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
    /// host-local IPAM hands out addresses in order, starting at .2.
    next_host: u8,
    pulled_images: Vec<String>,
}

impl Node {
    pub fn pod_cidr(&self) -> String {
        format!("10.244.{}.0/24", self.cidr_index)
    }

    pub fn schedulable(&self) -> bool {
        // The control-plane node carries node-role.kubernetes.io/control-plane:NoSchedule.
        self.role == NodeRole::Worker
    }
}

/// The real pod phase (`status.phase`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PodPhase {
    Pending,
    Running,
}

impl PodPhase {
    pub fn as_str(self) -> &'static str {
        match self {
            PodPhase::Pending => "Pending",
            PodPhase::Running => "Running",
        }
    }
}

#[derive(Clone, Debug)]
pub struct Pod {
    pub name: String,
    pub namespace: String,
    pub owner: String,
    pub labels: BTreeMap<String, String>,
    pub node: Option<String>,
    pub ip: Option<String>,
    pub phase: PodPhase,
    pub ready: bool,
    pub created_ms: u64,
    pub deletion_ms: Option<u64>,
    /// Stable slot inside its node panel, so a pod never jumps on the stage.
    pub slot: usize,
    /// When the current step (scheduling, pulling, starting, terminating) began and completes.
    transition_started_ms: u64,
    next_transition_ms: u64,
    waiting_reason: Option<&'static str>,
    image: String,
}

impl Pod {
    /// The STATUS column of `kubectl get pods`.
    pub fn status(&self) -> &'static str {
        if self.deletion_ms.is_some() {
            "Terminating"
        } else if let Some(reason) = self.waiting_reason {
            reason
        } else {
            self.phase.as_str()
        }
    }

    pub fn is_active(&self) -> bool {
        self.deletion_ms.is_none()
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
    pub owner: String,
    pub template: PodTemplate,
    pub template_hash: String,
    pub replicas: i32,
    pub created_ms: u64,
}

/// A Service with its allocated ClusterIP.
#[derive(Clone, Debug)]
pub struct Service {
    pub spec: manifest::Service,
    pub cluster_ip: String,
}

/// A Kubernetes event, as `kubectl get events` lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Event {
    pub at_ms: u64,
    pub kind: &'static str,
    pub object: String,
    pub reason: &'static str,
    pub message: String,
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

pub struct Cluster {
    now_ms: u64,
    rng: ChaCha8Rng,
    timings: Timings,
    nodes: Vec<Node>,
    deployments: BTreeMap<(String, String), manifest::Deployment>,
    replica_sets: Vec<ReplicaSet>,
    pods: Vec<Pod>,
    services: BTreeMap<(String, String), Service>,
    events: Vec<Event>,
}

impl Cluster {
    /// A fresh kind-like cluster: one control-plane node and two workers.
    pub fn new(seed: u64) -> Self {
        let mut cluster = Cluster {
            now_ms: 0,
            rng: ChaCha8Rng::seed_from_u64(seed),
            timings: Timings::default(),
            nodes: Vec::new(),
            deployments: BTreeMap::new(),
            replica_sets: Vec::new(),
            pods: Vec::new(),
            services: BTreeMap::new(),
            events: Vec::new(),
        };
        let names = ["podscape-control-plane", "podscape-worker", "podscape-worker2"];
        for (i, name) in names.iter().enumerate() {
            cluster.nodes.push(Node {
                name: (*name).to_string(),
                internal_ip: format!("172.18.0.{}", i + 2),
                cidr_index: i as u8,
                role: if i == 0 {
                    NodeRole::ControlPlane
                } else {
                    NodeRole::Worker
                },
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

    pub fn pods(&self) -> &[Pod] {
        &self.pods
    }

    pub fn replica_sets(&self) -> &[ReplicaSet] {
        &self.replica_sets
    }

    pub fn services(&self) -> impl Iterator<Item = &Service> {
        self.services.values()
    }

    pub fn events(&self) -> &[Event] {
        &self.events
    }

    /// `kubectl apply -f`: all or nothing. A text with any error changes nothing.
    pub fn apply(&mut self, text: &str) -> ApplyOutcome {
        let parsed = manifest::parse(text);
        let mut outcome = ApplyOutcome {
            diagnostics: parsed.diagnostics,
            output: Vec::new(),
        };
        if !outcome.applied() {
            return outcome;
        }
        for object in parsed.objects {
            let verb = match &object {
                Object::Deployment(d) => {
                    let key = (d.namespace.clone(), d.name.clone());
                    let verb = match self.deployments.get(&key) {
                        None => "created",
                        Some(old) if old == d => "unchanged",
                        Some(_) => "configured",
                    };
                    self.deployments.insert(key, d.clone());
                    verb
                }
                Object::Service(s) => {
                    let key = (s.namespace.clone(), s.name.clone());
                    match self.services.get_mut(&key) {
                        None => {
                            let cluster_ip = self.allocate_cluster_ip();
                            self.services.insert(
                                key,
                                Service {
                                    spec: s.clone(),
                                    cluster_ip,
                                },
                            );
                            "created"
                        }
                        Some(existing) if existing.spec == *s => "unchanged",
                        Some(existing) => {
                            existing.spec = s.clone();
                            "configured"
                        }
                    }
                }
            };
            outcome.output.push(format!("{} {verb}", object.kubectl_name()));
        }
        self.reconcile();
        outcome
    }

    /// Advances the virtual clock by `ms`, running the controllers every [`TICK_MS`].
    pub fn advance(&mut self, ms: u64) {
        let target = self.now_ms.saturating_add(ms);
        while self.now_ms < target {
            self.now_ms = (self.now_ms + TICK_MS).min(target);
            self.reconcile();
        }
    }

    /// The endpoints of a Service: ready, non-terminating pods its selector matches.
    pub fn endpoints(&self, service: &Service) -> Vec<&Pod> {
        if service.spec.selector.is_empty() {
            return Vec::new();
        }
        self.pods
            .iter()
            .filter(|p| p.namespace == service.spec.namespace && p.ip.is_some())
            .filter(|p| selector_matches(&service.spec.selector, &p.labels))
            .collect()
    }

    fn reconcile(&mut self) {
        self.sync_deployments();
        self.sync_replica_sets();
        self.schedule();
        self.run_kubelets();
    }

    fn between(&mut self, (min, max): (u64, u64)) -> u64 {
        min + u64::from(self.rng.next_u32()) % (max - min).max(1)
    }

    fn record(&mut self, kind: &'static str, object: String, reason: &'static str, message: String) {
        self.events.push(Event {
            at_ms: self.now_ms,
            kind,
            object,
            reason,
            message,
        });
    }

    /// ClusterIPs come from 10.96.0.0/12. Like the real allocator, dynamic allocation takes a
    /// random free address above the low band reserved for static requests (the first 256).
    fn allocate_cluster_ip(&mut self) -> String {
        loop {
            let offset = 256 + self.rng.next_u32() % ((1 << 20) - 256 - 1);
            let ip = 0x0a60_0000u32 + offset;
            let text = format!(
                "{}.{}.{}.{}",
                ip >> 24,
                (ip >> 16) & 255,
                (ip >> 8) & 255,
                ip & 255
            );
            if !self.services.values().any(|s| s.cluster_ip == text) {
                return text;
            }
        }
    }

    /// The Deployment controller. Skeleton: the ReplicaSet of the current template is scaled to
    /// `replicas` and every older one to zero.
    fn sync_deployments(&mut self) {
        let deployments: Vec<_> = self.deployments.values().cloned().collect();
        for d in deployments {
            let hash = names::pod_template_hash(&d.template.canonical_json, None);
            let rs_name = format!("{}-{hash}", d.name);
            if !self
                .replica_sets
                .iter()
                .any(|rs| rs.name == rs_name && rs.namespace == d.namespace)
            {
                self.replica_sets.push(ReplicaSet {
                    name: rs_name.clone(),
                    namespace: d.namespace.clone(),
                    owner: d.name.clone(),
                    template: d.template.clone(),
                    template_hash: hash,
                    replicas: 0,
                    created_ms: self.now_ms,
                });
            }
            let mut scaled = Vec::new();
            for rs in self
                .replica_sets
                .iter_mut()
                .filter(|rs| rs.owner == d.name && rs.namespace == d.namespace)
            {
                let want = if rs.name == rs_name { d.replicas } else { 0 };
                if rs.replicas != want {
                    let verb = if want > rs.replicas { "up" } else { "down" };
                    scaled.push(format!(
                        "Scaled {verb} replica set {} to {want} from {}",
                        rs.name, rs.replicas
                    ));
                    rs.replicas = want;
                }
            }
            for message in scaled {
                self.record("Deployment", d.name.clone(), "ScalingReplicaSet", message);
            }
        }
    }

    /// The ReplicaSet controller: as many active pods as `replicas`, no more, no fewer.
    fn sync_replica_sets(&mut self) {
        for i in 0..self.replica_sets.len() {
            let rs = self.replica_sets[i].clone();
            let active: Vec<usize> = (0..self.pods.len())
                .filter(|&p| self.pods[p].owner == rs.name && self.pods[p].is_active())
                .collect();
            let diff = active.len() as i64 - i64::from(rs.replicas);
            if diff < 0 {
                for _ in 0..-diff {
                    self.create_pod(&rs);
                }
            } else if diff > 0 {
                let mut victims = active;
                // Simplified getPodsToDelete ranking: unscheduled, then not ready, then newest.
                victims.sort_by_key(|&p| {
                    let pod = &self.pods[p];
                    (pod.node.is_some(), pod.ready, std::cmp::Reverse(pod.created_ms))
                });
                for &p in victims.iter().take(diff as usize) {
                    let grace = self.between(self.timings.termination);
                    let pod = &mut self.pods[p];
                    pod.deletion_ms = Some(self.now_ms);
                    pod.ready = false;
                    pod.transition_started_ms = self.now_ms;
                    pod.next_transition_ms = self.now_ms + grace;
                    let name = pod.name.clone();
                    self.record(
                        "ReplicaSet",
                        rs.name.clone(),
                        "SuccessfulDelete",
                        format!("Deleted pod: {name}"),
                    );
                }
            }
        }
    }

    fn create_pod(&mut self, rs: &ReplicaSet) {
        let name = loop {
            let candidate = names::generate_name(&mut self.rng, &format!("{}-", rs.name));
            if !self.pods.iter().any(|p| p.name == candidate) {
                break candidate;
            }
        };
        let mut labels = rs.template.labels.clone();
        labels.insert("pod-template-hash".into(), rs.template_hash.clone());
        let delay = self.between(self.timings.schedule);
        self.pods.push(Pod {
            name: name.clone(),
            namespace: rs.namespace.clone(),
            owner: rs.name.clone(),
            labels,
            node: None,
            ip: None,
            phase: PodPhase::Pending,
            ready: false,
            created_ms: self.now_ms,
            deletion_ms: None,
            slot: 0,
            transition_started_ms: self.now_ms,
            next_transition_ms: self.now_ms + delay,
            waiting_reason: None,
            image: rs
                .template
                .containers
                .first()
                .map(|c| c.image.clone())
                .unwrap_or_default(),
        });
        self.record(
            "ReplicaSet",
            rs.name.clone(),
            "SuccessfulCreate",
            format!("Created pod: {name}"),
        );
    }

    /// The scheduler: the schedulable node with the fewest pods; ties broken at random, as the
    /// real scheduler's selectHost does among equal scores.
    fn schedule(&mut self) {
        for p in 0..self.pods.len() {
            let pod = &self.pods[p];
            if pod.node.is_some() || !pod.is_active() || pod.next_transition_ms > self.now_ms {
                continue;
            }
            let load = |node: &Node, pods: &[Pod]| {
                pods.iter()
                    .filter(|q| q.node.as_deref() == Some(node.name.as_str()))
                    .count()
            };
            let candidates: Vec<usize> = (0..self.nodes.len())
                .filter(|&n| self.nodes[n].schedulable())
                .collect();
            let Some(min) = candidates.iter().map(|&n| load(&self.nodes[n], &self.pods)).min() else {
                continue;
            };
            let best: Vec<usize> = candidates
                .into_iter()
                .filter(|&n| load(&self.nodes[n], &self.pods) == min)
                .collect();
            let n = best[self.rng.next_u32() as usize % best.len()];
            let node_name = self.nodes[n].name.clone();
            let used: Vec<usize> = self
                .pods
                .iter()
                .filter(|q| q.node.as_deref() == Some(node_name.as_str()))
                .map(|q| q.slot)
                .collect();
            let slot = (0..).find(|s| !used.contains(s)).unwrap_or(0);
            let pull = if self.nodes[n].pulled_images.contains(&self.pods[p].image) {
                0
            } else {
                self.between(self.timings.image_pull)
            };
            let start = self.between(self.timings.container_start);
            let ip = format!("10.244.{}.{}", self.nodes[n].cidr_index, self.nodes[n].next_host);
            self.nodes[n].next_host = self.nodes[n].next_host.wrapping_add(1).max(2);
            let pod = &mut self.pods[p];
            pod.node = Some(node_name.clone());
            pod.slot = slot;
            pod.ip = Some(ip);
            pod.waiting_reason = Some("ContainerCreating");
            pod.transition_started_ms = self.now_ms;
            pod.next_transition_ms = self.now_ms + pull + start;
            let message = format!(
                "Successfully assigned {}/{} to {node_name}",
                pod.namespace, pod.name
            );
            let name = pod.name.clone();
            self.record("Pod", name, "Scheduled", message);
        }
    }

    /// The kubelets: containers start once their image is on the node; terminating pods go away
    /// when their container has exited.
    fn run_kubelets(&mut self) {
        let now = self.now_ms;
        let mut started = Vec::new();
        self.pods
            .retain(|pod| !(pod.deletion_ms.is_some() && pod.next_transition_ms <= now));
        for pod in &mut self.pods {
            if pod.deletion_ms.is_none() && pod.waiting_reason.is_some() && pod.next_transition_ms <= now {
                pod.waiting_reason = None;
                pod.phase = PodPhase::Running;
                // No readiness probe in the skeleton: a running container is ready.
                pod.ready = true;
                started.push((
                    pod.node.clone().unwrap_or_default(),
                    pod.image.clone(),
                    pod.name.clone(),
                ));
            }
        }
        for (node, image, pod) in started {
            if let Some(n) = self.nodes.iter_mut().find(|n| n.name == node) {
                if !n.pulled_images.contains(&image) {
                    n.pulled_images.push(image);
                }
            }
            self.record("Pod", pod, "Started", "Started container".into());
        }
    }
}

/// `matchLabels` semantics: every pair of the selector is among the labels.
pub fn selector_matches(selector: &BTreeMap<String, String>, labels: &BTreeMap<String, String>) -> bool {
    selector.iter().all(|(k, v)| labels.get(k) == Some(v))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::DEFAULT_YAML;

    fn applied(seed: u64) -> Cluster {
        let mut c = Cluster::new(seed);
        let out = c.apply(DEFAULT_YAML);
        assert!(out.applied(), "{:?}", out.diagnostics);
        c
    }

    #[test]
    fn apply_prints_what_kubectl_prints() {
        let mut c = Cluster::new(1);
        let out = c.apply(DEFAULT_YAML);
        assert_eq!(
            out.output,
            [
                "deployment.apps/image-processor created",
                "service/image-processor created"
            ]
        );
        let again = c.apply(DEFAULT_YAML);
        assert_eq!(
            again.output,
            [
                "deployment.apps/image-processor unchanged",
                "service/image-processor unchanged"
            ]
        );
        let scaled = c.apply(&DEFAULT_YAML.replace("replicas: 3", "replicas: 5"));
        assert_eq!(scaled.output[0], "deployment.apps/image-processor configured");
    }

    #[test]
    fn pods_are_created_at_once_and_become_ready_on_workers() {
        let mut c = applied(1);
        assert_eq!(c.pods().len(), 3);
        assert!(c.pods().iter().all(|p| p.status() == "Pending"));
        c.advance(10_000);
        for pod in c.pods() {
            assert!(pod.ready, "{} is {}", pod.name, pod.status());
            let node = c
                .nodes()
                .iter()
                .find(|n| Some(&n.name) == pod.node.as_ref())
                .unwrap();
            assert!(node.schedulable());
            assert!(pod
                .ip
                .as_ref()
                .unwrap()
                .starts_with(&format!("10.244.{}.", node.cidr_index)));
            assert!(pod.name.starts_with("image-processor-"));
        }
        let svc = c.services().next().unwrap();
        assert_eq!(c.endpoints(svc).len(), 3);
    }

    #[test]
    fn scaling_down_terminates_then_removes_pods() {
        let mut c = applied(2);
        c.advance(10_000);
        c.apply(&DEFAULT_YAML.replace("replicas: 3", "replicas: 1"));
        assert_eq!(c.pods().iter().filter(|p| p.status() == "Terminating").count(), 2);
        c.advance(5_000);
        assert_eq!(c.pods().len(), 1);
    }

    #[test]
    fn a_rejected_apply_changes_nothing() {
        let mut c = applied(3);
        let before: Vec<_> = c.pods().iter().map(|p| p.name.clone()).collect();
        let out = c.apply("replicas: [");
        assert!(!out.applied());
        assert_eq!(
            before,
            c.pods().iter().map(|p| p.name.clone()).collect::<Vec<_>>()
        );
    }

    #[test]
    fn same_seed_same_run_other_seed_other_names() {
        let run = |seed| {
            let mut c = applied(seed);
            c.advance(7_000);
            c.pods()
                .iter()
                .map(|p| format!("{} {:?} {:?}", p.name, p.node, p.ip))
                .collect::<Vec<_>>()
        };
        assert_eq!(run(9), run(9));
        assert_ne!(run(9), run(10));
    }
}
