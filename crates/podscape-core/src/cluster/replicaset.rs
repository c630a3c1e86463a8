//! The ReplicaSet controller, after `pkg/controller/replicaset`: as many active pods as
//! `replicas`, created at once, deleted in the real victim order.

use crate::sort::SmallSort;
use std::cmp::Reverse;

use super::{Cluster, PodPhase, ReplicaSet};
use crate::names;

impl Cluster {
    pub(super) fn sync_replica_sets(&mut self) {
        // Creating pods appends to `pods` and terminating keeps them: the index stays valid.
        self.index_pods();
        for i in 0..self.replica_sets.len() {
            let rs = self.replica_sets[i].clone();
            // Terminating pods do not count: a replacement starts while the old pod still exits.
            let active: Vec<usize> = self
                .pods_of(&rs.namespace, &rs.name)
                .iter()
                .copied()
                .filter(|&p| self.pods[p].is_active())
                .collect();
            let diff = active.len() as i64 - i64::from(rs.replicas.max(0));
            if diff < 0 {
                for _ in 0..-diff {
                    self.create_pod(&rs);
                }
            } else if diff > 0 {
                for p in self.pods_to_delete(&rs, active, diff as usize) {
                    let name = self.pods[p].name.clone();
                    self.terminate(p);
                    self.record(
                        &rs.namespace,
                        "Normal",
                        format!("replicaset/{}", rs.name),
                        "SuccessfulDelete",
                        format!("Deleted pod: {name}"),
                    );
                }
            }
        }
    }

    /// `getPodsToDelete`: ranks with `ActivePodsWithRanks`; the first difference decides.
    fn pods_to_delete(&self, rs: &ReplicaSet, mut active: Vec<usize>, count: usize) -> Vec<usize> {
        if count >= active.len() {
            return active;
        }
        // Rank: active pods of the same Deployment (all its ReplicaSets) on the same node.
        let related = |node: &Option<String>| {
            self.pods
                .iter()
                .filter(|q| {
                    q.is_active() && q.node.is_some() && &q.node == node && q.namespace == rs.namespace
                })
                .filter(|q| {
                    self.replica_sets
                        .iter()
                        .any(|r| r.name == q.owner && r.owner == rs.owner)
                })
                .count()
        };
        active.small_sort_by_key(|&p| {
            let pod = &self.pods[p];
            (
                pod.node.is_some(),
                pod.phase == PodPhase::Running,
                pod.ready,
                Reverse(related(&pod.node)),
                Reverse(pod.ready_since_ms.unwrap_or(0)),
                Reverse(pod.restarts),
                Reverse(pod.created_ms),
            )
        });
        active.truncate(count);
        active
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
        let uid = self.uid();
        let container = rs.template.containers.first();
        self.pods.push(super::Pod {
            name: name.clone(),
            namespace: rs.namespace.clone(),
            uid,
            owner: rs.name.clone(),
            labels,
            node: None,
            ip: None,
            phase: PodPhase::Pending,
            ready: false,
            ready_since_ms: None,
            started_ms: None,
            readiness_failing: false,
            liveness_failing: false,
            liveness_failures: 0,
            next_liveness_ms: 0,
            probe_successes: 0,
            probe_failures: 0,
            next_probe_ms: 0,
            restarts: 0,
            created_ms: self.now_ms,
            deletion_ms: None,
            slot: 0,
            container_name: container.map(|c| c.name.clone()).unwrap_or_default(),
            image: container.map(|c| c.image.clone()).unwrap_or_default(),
            template: rs.template.clone(),
            transition_started_ms: self.now_ms,
            next_transition_ms: self.now_ms + delay,
            waiting_reason: None,
            crash_at_ms: None,
            restart_backoff_ms: 0,
            pull_backoff_ms: 0,
        });
        self.record(
            &rs.namespace,
            "Normal",
            format!("replicaset/{}", rs.name),
            "SuccessfulCreate",
            format!("Created pod: {name}"),
        );
    }
}
