//! The node lifecycle: a node taken down goes NotReady after the monitor's grace period and its
//! pods are evicted after the not-ready toleration (300 s); cordon, uncordon and drain.

use super::*;

impl Cluster {
    /// Takes a node down (its kubelet stops) or brings it back. Returns whether it exists.
    pub fn set_node_down(&mut self, node: &str, down: bool) -> bool {
        self.epoch += 1;
        let now = self.now_ms;
        match self.nodes.iter_mut().find(|n| n.name == node) {
            Some(n) => {
                n.down_since_ms = if down { n.down_since_ms.or(Some(now)) } else { None };
                true
            }
            None => false,
        }
    }

    /// The node lifecycle controller: NotReady after the grace period (its pods stop being
    /// Ready and leave the endpoints), then taint-based eviction after the default toleration.
    pub(super) fn sync_node_lifecycle(&mut self) {
        let now = self.now_ms;
        let mut events = Vec::new();
        let mut evict = Vec::new();
        for n in &self.nodes {
            let Some(since) = n.down_since_ms else { continue };
            if now == since + NODE_MONITOR_GRACE_MS
                || (now > since + NODE_MONITOR_GRACE_MS && now - TICK_MS < since + NODE_MONITOR_GRACE_MS)
            {
                events.push((
                    String::new(),
                    format!("node/{}", n.name),
                    "NodeNotReady",
                    format!("Node {} status is now: NodeNotReady", n.name),
                ));
            }
            if !n.ready_at(now) {
                for (i, p) in self.pods.iter().enumerate() {
                    if p.node.as_deref() == Some(n.name.as_str()) {
                        evict.push((i, now >= since + NODE_MONITOR_GRACE_MS + NOT_READY_TOLERATION_MS));
                    }
                }
            }
        }
        for (i, past_toleration) in evict {
            let pod = Rc::make_mut(&mut self.pods[i]);
            pod.ready = false;
            pod.ready_since_ms = None;
            // kind's node pods tolerate every taint (`operator: Exists`): never evicted.
            let tolerates_all = pod.owner_kind != OwnerKind::ReplicaSet;
            if past_toleration && pod.deletion_ms.is_none() && !tolerates_all {
                // Nobody on the node can confirm the exit: the pod stays Terminating until the
                // node comes back, while its ReplicaSet already runs a replacement elsewhere.
                pod.deletion_ms = Some(now);
                pod.transition_started_ms = now;
                pod.next_transition_ms = u64::MAX;
                events.push((
                    pod.namespace.clone(),
                    format!("pod/{}", pod.name),
                    "TaintManagerEviction",
                    format!("Marking for deletion Pod {}/{}", pod.namespace, pod.name),
                ));
            }
        }
        // A node that is back lets its kubelet finish what was asked of it.
        let back: Vec<String> = self
            .nodes
            .iter()
            .filter(|n| n.down_since_ms.is_none())
            .map(|n| n.name.clone())
            .collect();
        for pod in self.pods.iter_mut() {
            if pod.next_transition_ms == u64::MAX && pod.node.as_ref().is_some_and(|n| back.contains(n)) {
                Rc::make_mut(pod).next_transition_ms = now;
            }
        }
        for (ns, object, reason, message) in events {
            self.record(&ns, "Normal", object, reason, message);
        }
    }

    /// `kubectl cordon` / `uncordon`. Returns whether the node exists.
    pub fn set_unschedulable(&mut self, node: &str, unschedulable: bool) -> bool {
        self.epoch += 1;
        match self.nodes.iter_mut().find(|n| n.name == node) {
            Some(n) => {
                n.unschedulable = unschedulable;
                true
            }
            None => false,
        }
    }

    /// `kubectl drain`: cordon, then evict every pod on the node (their ReplicaSets replace
    /// them elsewhere). DaemonSet pods stop it unless `ignore_daemonsets` (then they stay, as
    /// do the static pods' mirrors). Returns the pods evicted, or the DaemonSet pods that
    /// stopped it, as `namespace/name`.
    pub fn drain(&mut self, node: &str, ignore_daemonsets: bool) -> Option<Result<Vec<String>, Vec<String>>> {
        self.epoch += 1;
        if !self.set_unschedulable(node, true) {
            return None;
        }
        let on_node = |p: &Pod| p.node.as_deref() == Some(node) && p.is_active();
        let name = |p: &Rc<Pod>| format!("{}/{}", p.namespace, p.name);
        let mut daemon: Vec<String> = self
            .pods
            .iter()
            .filter(|p| on_node(p) && p.owner_kind == OwnerKind::DaemonSet)
            .map(name)
            .collect();
        crate::sort::SmallSort::small_sort(daemon.as_mut_slice());
        if !daemon.is_empty() && !ignore_daemonsets {
            return Some(Err(daemon));
        }
        let victims: Vec<usize> = (0..self.pods.len())
            .filter(|&p| on_node(&self.pods[p]) && self.pods[p].owner_kind == OwnerKind::ReplicaSet)
            .collect();
        let names = victims.iter().map(|&p| name(&self.pods[p])).collect();
        for p in victims {
            self.terminate(p);
        }
        self.reconcile();
        Some(Ok(names))
    }
}
