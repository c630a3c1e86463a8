//! kind's node-level workloads: the DaemonSet controller (kube-proxy and kindnet, a pod on each
//! eligible node) and the control plane's static pods (etcd, kube-apiserver,
//! kube-controller-manager, kube-scheduler), whose mirror pods the kubelet posts. All of them
//! use the host's network: a pod's IP is its node's. The stage does not draw them (`NO_SLOT`).

use std::collections::BTreeMap;
use std::rc::Rc;

use super::{Cluster, Node, OwnerKind, PodPhase};
use crate::manifest::{ExtraObject, PodTemplate};

/// The pod templates of kind's DaemonSets and static pods, as Pod documents (see
/// [`Cluster::boot_node_pods`]).
pub const SYSTEM_NODE_PODS_YAML: &str = include_str!("../../../../static/system/node-pods.yaml");

/// The slot of a pod the stage does not draw (the node's own host-network pods): the
/// scheduler's slot bookkeeping skips it.
pub const NO_SLOT: usize = usize::MAX;

/// An `apps/v1` DaemonSet. Podscape runs kind's two; learners' DaemonSets are validated for
/// their kind only (see the manifests engine).
#[derive(Clone, Debug)]
pub struct DaemonSet {
    pub name: String,
    pub namespace: String,
    pub labels: BTreeMap<String, String>,
    /// `spec.selector.matchLabels`.
    pub selector: BTreeMap<String, String>,
    pub template: PodTemplate,
    /// `spec.template.spec.hostNetwork`: the pods take their node's address.
    pub host_network: bool,
    /// The `controller-revision-hash` of the template's ControllerRevision.
    pub revision_hash: String,
    /// `metadata.generation`, the pods' `pod-template-generation`.
    pub generation: u64,
    pub created_ms: u64,
}

/// Which label each of kind's DaemonSets selects on (kindnet's manifest, kubeadm's kube-proxy).
const SELECTORS: &[(&str, &str)] = &[("kindnet", "app"), ("kube-proxy", "k8s-app")];

/// Whether a DaemonSet's pod belongs on `node`: its taints tolerated and its nodeSelector met.
/// The controller adds tolerations for `unschedulable`, `not-ready` and `unreachable`, so a
/// cordoned or down node keeps its pod.
fn eligible(node: &Node, template: &PodTemplate) -> bool {
    let tolerated = node.taint().is_none_or(|taint| {
        template
            .tolerations
            .iter()
            .any(|t| t.tolerates(taint, "", "NoSchedule"))
    });
    let labels = node.labels();
    tolerated
        && template
            .node_selector
            .iter()
            .all(|(k, v)| labels.iter().any(|(lk, lv)| lk == k && lv == v))
}

impl Cluster {
    pub fn daemon_sets(&self) -> &[DaemonSet] {
        &self.daemon_sets
    }

    /// `status.desiredNumberScheduled`: the joined nodes that should run the DaemonSet's pod.
    pub fn desired_scheduled(&self, d: &DaemonSet) -> usize {
        let now = self.now_ms;
        self.nodes
            .iter()
            .filter(|n| n.ready_ms <= now && eligible(n, &d.template))
            .count()
    }

    /// Boots what kind's nodes run outside the learner's reach: each Pod document of `text`
    /// (`static/system/node-pods.yaml`) labelled `tier: control-plane` becomes a static pod of
    /// the control-plane node, named `<name>-<node>`, running from the start; the others are
    /// the templates of DaemonSets of the same name, whose controller then makes their pods.
    pub(super) fn boot_node_pods(&mut self, text: &str) {
        let parsed = crate::manifest::parse(text);
        debug_assert!(!parsed.has_errors(), "{:?}", parsed.diagnostics);
        for extra in parsed.extra_objects {
            let ExtraObject::Pod(pod) = extra else { continue };
            let host_network = pod.raw.pointer("/spec/hostNetwork") == Some(&serde_json::Value::Bool(true));
            if pod.spec.labels.get("tier").map(String::as_str) == Some("control-plane") {
                let Some(node) = self.nodes.first() else { continue };
                let name = format!("{}-{}", pod.name, node.name);
                let (owner, ip) = (node.name.clone(), node.internal_ip.clone());
                let labels = pod.spec.labels.clone();
                let p = self.new_node_pod(name, &pod.namespace, OwnerKind::Node, owner, labels, &pod.spec);
                let started = Rc::make_mut(&mut self.pods[p]);
                started.node = started.owner.clone();
                started.ip = Some(ip);
                started.phase = PodPhase::Running;
                started.ready = true;
                started.ready_since_ms = Some(self.now_ms);
                started.started_ms = Some(self.now_ms);
                continue;
            }
            let key = SELECTORS
                .iter()
                .find(|(name, _)| *name == pod.name)
                .map_or("app", |s| s.1);
            let selector = pod
                .spec
                .labels
                .get_key_value(key)
                .map(|(k, v)| (k.clone(), v.clone()))
                .into_iter()
                .collect();
            let revision_hash = crate::names::pod_template_hash(&pod.spec.canonical_json(), None);
            // kind's node image has these images preloaded.
            for node in &mut self.nodes {
                node.pulled_images
                    .extend(pod.spec.containers.iter().map(|c| c.image.clone()));
            }
            self.daemon_sets.push(DaemonSet {
                name: pod.name,
                namespace: pod.namespace,
                labels: pod.spec.labels.clone(),
                selector,
                template: pod.spec,
                host_network,
                revision_hash,
                generation: 1,
                created_ms: self.now_ms,
            });
        }
        self.reconcile();
    }

    /// A pod of a node-level workload, waiting for its node (see `sync_daemon_sets`); returns
    /// its index.
    fn new_node_pod(
        &mut self,
        name: String,
        namespace: &str,
        owner_kind: OwnerKind,
        owner: String,
        labels: BTreeMap<String, String>,
        template: &PodTemplate,
    ) -> usize {
        let now = self.now_ms;
        let mut pod = self.pod_record(name, namespace, (owner_kind, Some(owner)), labels, template, now);
        // The node's own machinery: no slot on the learner's stage.
        pod.slot = NO_SLOT;
        self.pods.push(Rc::new(pod));
        self.pods.len() - 1
    }

    /// The DaemonSet controller: every eligible node that has joined runs one active pod of
    /// each DaemonSet; a missing one (deleted, or a node that joined) is made and bound to the
    /// node at once. Simplified: the pod is bound by the controller rather than by the default
    /// scheduler through a nodeAffinity, and no rolling update (the templates never change).
    pub(super) fn sync_daemon_sets(&mut self) {
        if self.daemon_sets.is_empty() {
            return;
        }
        let nodes = self.nodes.len();
        // Which (DaemonSet, node) pairs have an active pod: one pass over the pods.
        let mut running = vec![false; self.daemon_sets.len() * nodes];
        for p in self
            .pods
            .iter()
            .filter(|p| p.owner_kind == OwnerKind::DaemonSet && p.is_active())
        {
            let d = self
                .daemon_sets
                .iter()
                .position(|d| p.owner.as_deref() == Some(d.name.as_str()) && d.namespace == p.namespace);
            let n = self.nodes.iter().position(|n| p.node.as_ref() == Some(&n.name));
            if let (Some(d), Some(n)) = (d, n) {
                running[d * nodes + n] = true;
            }
        }
        for d in 0..self.daemon_sets.len() {
            for n in 0..nodes {
                let node = &self.nodes[n];
                if running[d * nodes + n]
                    || node.ready_ms > self.now_ms
                    || !eligible(node, &self.daemon_sets[d].template)
                {
                    continue;
                }
                self.create_daemon_pod(d, n);
            }
        }
    }

    fn create_daemon_pod(&mut self, d: usize, n: usize) {
        let ds = &self.daemon_sets[d];
        let (ds_name, namespace, template) = (ds.name.clone(), ds.namespace.clone(), ds.template.clone());
        let mut labels = template.labels.clone();
        labels.insert("controller-revision-hash".into(), ds.revision_hash.clone());
        labels.insert("pod-template-generation".into(), ds.generation.to_string());
        let host_network = ds.host_network;
        let mut name = String::new();
        for _ in 0..16 {
            name = crate::names::generate_name(&mut self.rng, &format!("{ds_name}-"));
            if !self
                .pods
                .iter()
                .any(|p| p.namespace == namespace && p.name == name)
            {
                break;
            }
        }
        let p = self.new_node_pod(
            name.clone(),
            &namespace,
            OwnerKind::DaemonSet,
            ds_name.clone(),
            labels,
            &template,
        );
        let report = super::events::Report {
            namespace: namespace.clone(),
            event_type: "Normal",
            object: format!("daemonset/{ds_name}"),
            field_path: String::new(),
            reason: "SuccessfulCreate",
            message: format!("Created pod: {name}"),
            source: "daemonset-controller",
            host: String::new(),
        };
        std::rc::Rc::make_mut(&mut self.recorder).record(self.now_ms, report);
        let next_host = self.nodes[n].next_host;
        self.bind(p, n, NO_SLOT);
        if host_network {
            // No CNI call: the pod shares the node's network namespace and address.
            self.nodes[n].next_host = next_host;
            Rc::make_mut(&mut self.pods[p]).ip = Some(self.nodes[n].internal_ip.clone());
        }
    }
}
