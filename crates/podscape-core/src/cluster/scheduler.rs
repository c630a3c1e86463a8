//! The scheduler: filters nodes (taints, nodeSelector), then picks the least loaded one; ties
//! are broken at random from the seeded RNG, as `selectHost` does among equal scores.

use std::collections::BTreeMap;
use std::rc::Rc;

use super::{Cluster, Node, NodeRole, Pod};
use crate::manifest::PodTemplate;
use crate::sort::SmallSort;
use rand_core::RngCore;

impl Node {
    /// The labels kind puts on a node.
    pub fn labels(&self) -> Vec<(String, String)> {
        let mut labels = vec![
            ("kubernetes.io/arch".to_string(), "amd64".to_string()),
            ("kubernetes.io/hostname".to_string(), self.name.clone()),
            ("kubernetes.io/os".to_string(), "linux".to_string()),
        ];
        if self.role == NodeRole::ControlPlane {
            labels.push(("node-role.kubernetes.io/control-plane".to_string(), String::new()));
        }
        labels
    }
}

/// Why a node does not fit a pod, in the scheduler's words.
enum Misfit {
    Taint,
    Selector,
    Unschedulable,
}

/// The kubelet's `maxPods` default (`SetDefaults_KubeletConfiguration`); kind does not set it,
/// so each node's `status.allocatable.pods` is 110. Every pod bound to the node counts
/// (NodeResourcesFit: `len(nodeInfo.Pods)+1 > allowedPodNumber`), whatever its namespace or
/// phase, terminating ones too: kind's own pods as well (kube-proxy and kindnet on every node;
/// on the control plane its four static pods, CoreDNS and local-path-provisioner).
pub const MAX_PODS_PER_NODE: usize = 110;

/// What each node can give pods (`status.allocatable`): a kind node on a 4-core, 8 GiB host.
pub const ALLOCATABLE_CPU_MILLIS: i64 = 4_000;
pub const ALLOCATABLE_MEMORY_BYTES: i64 = 8 << 30;

/// A pod's requests: the sum over its containers (CPU in millicores, memory in bytes).
fn requests(pod: &Pod) -> (i64, i64) {
    pod.template.containers.iter().fold((0, 0), |(cpu, mem), c| {
        (
            cpu.saturating_add(c.requests_cpu_millis.unwrap_or(0)),
            mem.saturating_add(c.requests_memory_bytes.unwrap_or(0)),
        )
    })
}

/// The filters a node's fitness depends on, in kube-scheduler's order: NodeUnschedulable,
/// TaintToleration (kind's control plane: `node-role.kubernetes.io/control-plane:NoSchedule`),
/// then NodeAffinity's nodeSelector, from the pod's typed template.
fn fits(node: &Node, template: &PodTemplate) -> Result<(), Misfit> {
    if node.unschedulable {
        return Err(Misfit::Unschedulable);
    }
    if let Some(taint) = node.taint() {
        if !template
            .tolerations
            .iter()
            .any(|t| t.tolerates(taint, "", "NoSchedule"))
        {
            return Err(Misfit::Taint);
        }
    }
    if !template.node_selector.is_empty() {
        let labels = node.labels();
        let all = template
            .node_selector
            .iter()
            .all(|(k, v)| labels.iter().any(|(lk, lv)| lk == k && lv == v));
        if !all {
            return Err(Misfit::Selector);
        }
    }
    Ok(())
}

/// Whether two pods meet the same filters (their tolerations and nodeSelector; requests are
/// compared apart): cheap, as the typed fields are usually empty or a few entries.
fn same_filters(a: &PodTemplate, b: &PodTemplate) -> bool {
    a.node_selector == b.node_selector && a.tolerations == b.tolerations
}

/// Each node's filter status for one pod, counted by reason (the scheduler's `NodeToStatus`).
#[derive(Clone, Default)]
pub(super) struct Misfits {
    /// The nodes in the scheduler's snapshot.
    pub(super) nodes: usize,
    /// TaintToleration, NodeUnschedulable and NodeAffinity fail with
    /// UnschedulableAndUnresolvable: preemption is not helpful there.
    pub(super) taints: usize,
    pub(super) cordoned: usize,
    pub(super) selector: usize,
    /// NodeResourcesFit fails with Unschedulable (one node may have several reasons):
    /// preemption is tried there and finds no victims, since no pod the learner makes has a
    /// lower priority than another.
    pub(super) too_many_pods: usize,
    pub(super) short_cpu: usize,
    pub(super) short_memory: usize,
    /// Nodes that failed only NodeResourcesFit.
    pub(super) resolvable: usize,
}

impl Misfits {
    pub(super) fn message(&self) -> String {
        let histogram = |counts: &[(usize, &str)]| {
            let mut reasons: Vec<String> = counts
                .iter()
                .filter(|(n, _)| *n > 0)
                .map(|(n, reason)| format!("{n} {reason}"))
                .collect();
            reasons.small_sort();
            reasons.join(", ")
        };
        let filter = histogram(&[
            (self.taints, "node(s) had untolerated taint(s)"),
            (self.cordoned, "node(s) were unschedulable"),
            (self.selector, "node(s) didn't match Pod's node affinity/selector"),
            (self.too_many_pods, "Too many pods"),
            (self.short_cpu, "Insufficient cpu"),
            (self.short_memory, "Insufficient memory"),
        ]);
        let preemption = histogram(&[
            (
                self.nodes - self.resolvable,
                "Preemption is not helpful for scheduling",
            ),
            (self.resolvable, "No preemption victims found for incoming pod"),
        ]);
        let n = self.nodes;
        if n == 0 {
            // ErrNoNodesAvailable, before any filter runs.
            return "no nodes available to schedule pods".to_string();
        }
        format!("0/{n} nodes are available: {filter}. preemption: 0/{n} nodes are available: {preemption}.")
    }
}

impl Cluster {
    pub(super) fn schedule(&mut self) {
        let now = self.now_ms;
        let waiting = |p: &Rc<Pod>| p.node.is_none() && p.is_active() && p.next_transition_ms <= now;
        if !self.pods.iter().any(waiting) {
            return;
        }
        // What every node holds, once per pass and kept up to date as pods bind: its pod count
        // (the load that spreads pods), the requests of its active pods, the slots in use.
        let index: BTreeMap<String, usize> = self
            .nodes
            .iter()
            .enumerate()
            .map(|(i, n)| (n.name.clone(), i))
            .collect();
        let mut load = vec![0usize; self.nodes.len()];
        let mut used = vec![(0i64, 0i64); self.nodes.len()];
        // Which slots of each node's panel are taken (a pod keeps its slot while it exits).
        let mut slots: Vec<Vec<bool>> = vec![Vec::new(); self.nodes.len()];
        let take = |taken: &mut Vec<bool>, slot: usize| {
            if slot == super::NO_SLOT {
                return;
            }
            if taken.len() <= slot {
                taken.resize(slot + 1, false);
            }
            taken[slot] = true;
        };
        for q in &self.pods {
            let Some(&n) = q.node.as_ref().and_then(|name| index.get(name)) else {
                continue;
            };
            load[n] += 1;
            take(&mut slots[n], q.slot);
            if q.is_active() {
                let (cpu, memory) = requests(q);
                used[n] = (used[n].0.saturating_add(cpu), used[n].1.saturating_add(memory));
            }
        }
        // Within a pass nodes only fill up, so once a pod fits nowhere, the next pods that meet
        // the same filters with the same requests (a ReplicaSet's, typically) fit nowhere
        // either, for the same reasons: a ReplicaSet's thousands of Pending pods cost one filter
        // run per pass, not one each.
        let mut failed: Option<(usize, (i64, i64), Misfits)> = None;
        for p in 0..self.pods.len() {
            if !waiting(&self.pods[p]) {
                continue;
            }
            let wanted = requests(&self.pods[p]);
            if let Some((_, _, misfits)) = failed.as_ref().filter(|(q, w, _)| {
                *w == wanted && same_filters(&self.pods[*q].template, &self.pods[p].template)
            }) {
                let misfits = misfits.clone();
                self.failed_scheduling(p, &misfits);
                continue;
            }
            let mut misfits = Misfits::default();
            let mut feasible = Vec::new();
            for (n, node) in self.nodes.iter().enumerate() {
                // A node that has not joined yet is not in the scheduler's snapshot.
                if node.ready_ms > now {
                    continue;
                }
                misfits.nodes += 1;
                // A node that is down: Podscape taints it at once (upstream the node
                // controller adds `node.kubernetes.io/unreachable:NoSchedule` once NotReady).
                let fit = if node.down_since_ms.is_some() {
                    Err(Misfit::Taint)
                } else {
                    fits(node, &self.pods[p].template)
                };
                match fit {
                    Ok(()) => {
                        // NodeResourcesFit: the pod count against maxPods, then what the
                        // node's pods request plus this one; every shortfall is a reason.
                        let pods_ok = load[n] < MAX_PODS_PER_NODE;
                        let cpu_ok = used[n].0.saturating_add(wanted.0) <= ALLOCATABLE_CPU_MILLIS;
                        let memory_ok = used[n].1.saturating_add(wanted.1) <= ALLOCATABLE_MEMORY_BYTES;
                        misfits.too_many_pods += usize::from(!pods_ok);
                        misfits.short_cpu += usize::from(!cpu_ok);
                        misfits.short_memory += usize::from(!memory_ok);
                        if pods_ok && cpu_ok && memory_ok {
                            feasible.push(n);
                        } else {
                            misfits.resolvable += 1;
                        }
                    }
                    Err(Misfit::Taint) => misfits.taints += 1,
                    Err(Misfit::Selector) => misfits.selector += 1,
                    Err(Misfit::Unschedulable) => misfits.cordoned += 1,
                }
            }
            if feasible.is_empty() {
                self.failed_scheduling(p, &misfits);
                failed = Some((p, wanted, misfits));
                continue;
            }
            let min = feasible.iter().map(|&n| load[n]).min().unwrap_or(0);
            let best: Vec<usize> = feasible.into_iter().filter(|&n| load[n] == min).collect();
            let n = best[self.rng.next_u32() as usize % best.len()];
            let slot = slots[n].iter().position(|taken| !taken).unwrap_or(slots[n].len());
            self.bind(p, n, slot);
            load[n] += 1;
            take(&mut slots[n], slot);
            used[n] = (
                used[n].0.saturating_add(wanted.0),
                used[n].1.saturating_add(wanted.1),
            );
        }
    }

    /// `FitError.Error()`: `0/N nodes are available: <histogram>. preemption: 0/N nodes are
    /// available: <histogram>.`, each histogram's "count reason" strings sorted as Go's
    /// `sort.Strings` sorts them. Recorded once per pod rather than on every retry.
    fn failed_scheduling(&mut self, p: usize, m: &Misfits) {
        if self.pods[p].failed_scheduling_reported {
            return;
        }
        Rc::make_mut(&mut self.pods[p]).failed_scheduling_reported = true;
        let object = format!("pod/{}", self.pods[p].name);
        let ns = self.pods[p].namespace.clone();
        self.record(&ns, "Warning", object, "FailedScheduling", m.message());
    }

    /// Binds a pod: a stable slot on the node's panel and the next address of its pod CIDR.
    pub(super) fn bind(&mut self, p: usize, n: usize, slot: usize) {
        let node_name = self.nodes[n].name.clone();
        let cached = self.nodes[n].pulled_images.contains(&self.pods[p].image);
        let pull = if cached {
            0
        } else {
            self.between(self.timings.image_pull)
        };
        let start = self.between(self.timings.container_start);
        let ip = format!("10.244.{}.{}", self.nodes[n].cidr_index, self.nodes[n].next_host);
        self.nodes[n].next_host = self.nodes[n].next_host.wrapping_add(1).max(2);
        let now = self.now_ms;
        let pod = Rc::make_mut(&mut self.pods[p]);
        pod.node = Some(node_name.clone());
        pod.slot = slot;
        pod.ip = Some(ip);
        pod.waiting_reason = Some("ContainerCreating");
        pod.transition_started_ms = now;
        pod.next_transition_ms = now + pull + start;
        let (ns, name, image) = (pod.namespace.clone(), pod.name.clone(), pod.image.clone());
        self.record(
            &ns,
            "Normal",
            format!("pod/{name}"),
            "Scheduled",
            format!("Successfully assigned {ns}/{name} to {node_name}"),
        );
        if cached {
            let message = format!("Container image \"{image}\" already present on machine");
            self.record_pod(p, "Normal", "Pulled", message);
        } else {
            self.record_pod(p, "Normal", "Pulling", format!("Pulling image \"{image}\""));
        }
    }
}
