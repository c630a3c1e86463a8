//! The ReplicaSet controller, after `pkg/controller/replicaset`: as many active pods as
//! `replicas`, created in slow-start batches of at most `burstReplicas` per sync, deleted in
//! the real victim order.

use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;

use crate::sort::SmallSort;

use super::{Cluster, PodPhase, ReplicaSet};
use crate::api::deletion_cost;
use crate::{budget, names};

/// `BurstReplicas` (replica_set.go, a constant, not a flag): at most this many creates and as
/// many deletes per sync.
pub const BURST_REPLICAS: usize = 500;

/// `SlowStartInitialBatchSize`: the first batch of creates; each next batch doubles.
const SLOW_START_INITIAL_BATCH: usize = 1;

/// The controller's work queue (`DefaultControllerRateLimiter`'s per-item exponential part):
/// a sync that failed is retried after 5 ms, doubled on each failure in a row, at most 1000 s.
const RETRY_BASE_MS: u64 = 5;
const RETRY_MAX_MS: u64 = 1_000_000;

/// Podscape's simulation ceiling ([`Cluster::pod_ceiling`] pods in the cluster, every namespace
/// and phase) answers a create past it as the API server answers one past a ResourceQuota:
/// `pods "<generateName>" is forbidden: exceeded quota: …` (the name is still the
/// generateName prefix, as in real quota denials). The quota's name says whose limit it is;
/// no such ResourceQuota object exists.
pub const CEILING_QUOTA: &str = "podscape-simulation-ceiling";

impl Cluster {
    /// Podscape's ceiling on pods: `budget::MAX_PODS`, or what the nodes' kubelets can run
    /// (`maxPods` each) when that is more, as in the benchmarks' clusters of many nodes.
    pub fn pod_ceiling(&self) -> usize {
        budget::MAX_PODS.max(self.nodes.len() * super::scheduler::MAX_PODS_PER_NODE)
    }
}

/// The FailedCreate/forbidden text for one more object of `resource` (`pods`,
/// `count/replicasets.apps`, …) past Podscape's ceiling of `limit`.
pub(super) fn ceiling_denial(plural: &str, name: &str, resource: &str, used: usize, limit: usize) -> String {
    format!(
        "{plural} \"{name}\" is forbidden: exceeded quota: {CEILING_QUOTA}, requested: {resource}=1, used: {resource}={used}, limited: {resource}={limit}"
    )
}

impl Cluster {
    pub(super) fn sync_replica_sets(&mut self) {
        // Every pod's name, made on the first create of the pass (a generated name is checked
        // against it, not against every pod in turn).
        let mut taken: Option<BTreeSet<String>> = None;
        // The pods index is `reconcile`'s: creating pods appends to `pods` and terminating
        // keeps them, so it stays valid through this pass.
        for i in 0..self.replica_sets.len() {
            let rs = &self.replica_sets[i];
            // A sync that failed waits for its turn in the rate-limited queue.
            if rs.retry_at_ms > self.now_ms {
                continue;
            }
            // Terminating pods do not count: a replacement starts while the old pod still exits.
            let pods = self.pods_of(&rs.namespace, &rs.name);
            let active = pods.iter().filter(|&&p| self.pods[p].is_active()).count();
            let diff = active as i64 - i64::from(rs.replicas.max(0));
            // Expectations: Podscape's API writes are seen by the next sync at once, so every
            // create and delete of this sync is observed before the next one; no sync waits.
            if diff < 0 {
                let rs = rs.clone();
                let wanted = usize::try_from(-diff).unwrap_or(usize::MAX).min(BURST_REPLICAS);
                let failed = self.create_pods(&rs, wanted, &mut taken);
                let rs = &mut self.replica_sets[i];
                rs.create_error = failed.clone();
                if failed.is_some() {
                    rs.create_failures = rs.create_failures.saturating_add(1);
                    let shift = (rs.create_failures - 1).min(20);
                    let delay = (RETRY_BASE_MS << shift).min(RETRY_MAX_MS);
                    rs.retry_at_ms = self.now_ms.saturating_add(delay);
                } else {
                    rs.create_failures = 0;
                }
            } else if diff > 0 {
                let count = usize::try_from(diff).unwrap_or(usize::MAX).min(BURST_REPLICAS);
                let active: Vec<usize> = pods
                    .iter()
                    .copied()
                    .filter(|&p| self.pods[p].is_active())
                    .collect();
                let (namespace, name) = (rs.namespace.clone(), rs.name.clone());
                for p in self.pods_to_delete(i, active, count) {
                    let pod_name = self.pods[p].name.clone();
                    self.terminate(p);
                    self.record(
                        &namespace,
                        "Normal",
                        format!("replicaset/{name}"),
                        "SuccessfulDelete",
                        format!("Deleted pod: {pod_name}"),
                    );
                }
                self.replica_sets[i].create_error = None;
            } else {
                self.replica_sets[i].create_error = None;
            }
        }
    }

    /// `slowStartBatch`: batches of 1, 2, 4, … pods (each `min(2 × batch, remaining)`); a
    /// batch's creates all run (they are concurrent upstream), and after a batch with an
    /// error the rest are skipped. Returns the first error.
    fn create_pods(
        &mut self,
        rs: &ReplicaSet,
        count: usize,
        taken: &mut Option<BTreeSet<String>>,
    ) -> Option<String> {
        let mut remaining = count;
        let mut batch = SLOW_START_INITIAL_BATCH.min(remaining);
        while batch > 0 {
            let mut error = None;
            for _ in 0..batch {
                if self.pods.len() >= self.pod_ceiling() {
                    let prefix = format!("{}-", rs.name);
                    let denial = ceiling_denial("pods", &prefix, "pods", self.pods.len(), self.pod_ceiling());
                    self.record(
                        &rs.namespace,
                        "Warning",
                        format!("replicaset/{}", rs.name),
                        "FailedCreate",
                        format!("Error creating: {denial}"),
                    );
                    error.get_or_insert(denial);
                } else {
                    let names =
                        taken.get_or_insert_with(|| self.pods.iter().map(|p| p.name.clone()).collect());
                    self.create_pod(rs, names);
                }
            }
            if error.is_some() {
                return error;
            }
            remaining -= batch;
            batch = batch.saturating_mul(2).min(remaining);
        }
        None
    }

    /// `getPodsToDelete`: ranks with `getPodsRankedByRelatedPodsOnSameNode` and sorts with
    /// `ActivePodsWithRanks.Less`; the first `count` pods go.
    fn pods_to_delete(&self, rs: usize, mut active: Vec<usize>, count: usize) -> Vec<usize> {
        let rs = &self.replica_sets[rs];
        // "No need to sort pods if we are about to delete all of them."
        if count >= active.len() {
            return active;
        }
        // Rank: active pods of every ReplicaSet of the same Deployment (`getIndirectlyRelatedPods`)
        // on the pod's node; unscheduled pods share the empty node name, as upstream.
        let mut on_node: BTreeMap<Option<&str>, usize> = BTreeMap::new();
        for related in self
            .replica_sets
            .iter()
            .filter(|r| r.namespace == rs.namespace && r.owner == rs.owner)
        {
            for &q in self.pods_of(&related.namespace, &related.name) {
                let q = &self.pods[q];
                if q.is_active() {
                    *on_node.entry(q.node.as_deref()).or_default() += 1;
                }
            }
        }
        let ranked: Vec<RankedPod> = active
            .iter()
            .map(|&p| {
                let pod = &self.pods[p];
                RankedPod {
                    assigned: pod.node.is_some(),
                    running: pod.phase == PodPhase::Running,
                    ready: pod.ready,
                    deletion_cost: deletion_cost(&pod.annotations).unwrap_or(0),
                    rank: on_node.get(&pod.node.as_deref()).copied().unwrap_or(0),
                    ready_s: pod.ready_since_ms.map(|t| t / 1000),
                    restarts: pod.restarts,
                    created_s: pod.created_ms / 1000,
                    uid: &pod.uid,
                }
            })
            .collect();
        let now = self.now_ms;
        // `order[k]` indexes `ranked` and `active` alike.
        let mut order: Vec<usize> = (0..active.len()).collect();
        order.small_sort_by(|&a, &b| {
            if less(&ranked[a], &ranked[b], now) {
                Ordering::Less
            } else if less(&ranked[b], &ranked[a], now) {
                Ordering::Greater
            } else {
                Ordering::Equal
            }
        });
        active = order.into_iter().take(count).map(|k| active[k]).collect();
        active
    }

    fn create_pod(&mut self, rs: &ReplicaSet, taken: &mut BTreeSet<String>) {
        let name = loop {
            let candidate = names::generate_name(&mut self.rng, &format!("{}-", rs.name));
            if taken.insert(candidate.clone()) {
                break candidate;
            }
        };
        let mut labels = rs.template.labels.clone();
        labels.insert("pod-template-hash".into(), rs.template_hash.clone());
        let pod = self.new_pod(
            name.clone(),
            &rs.namespace,
            Some(rs.name.clone()),
            labels,
            &rs.template,
        );
        self.pods.push(Rc::new(pod));
        self.record(
            &rs.namespace,
            "Normal",
            format!("replicaset/{}", rs.name),
            "SuccessfulCreate",
            format!("Created pod: {name}"),
        );
    }
}

/// What `ActivePodsWithRanks.Less` reads of a pod. Timestamps are whole seconds, as the API
/// serialises them (`metav1.Time`), so two pods created in the same second tie on age.
struct RankedPod<'a> {
    assigned: bool,
    running: bool,
    ready: bool,
    deletion_cost: i32,
    rank: usize,
    ready_s: Option<u64>,
    restarts: u32,
    created_s: u64,
    uid: &'a str,
}

/// `ActivePodsWithRanks.Less` (pkg/controller/controller_utils.go), with PodDeletionCost and
/// LogarithmicScaleDown on (their defaults; the latter GA and locked since 1.31): whether `i`
/// should be deleted before `j`.
fn less(i: &RankedPod, j: &RankedPod, now_ms: u64) -> bool {
    // 1. Unassigned < assigned.
    if i.assigned != j.assigned {
        return !i.assigned;
    }
    // 2. PodPending < PodUnknown < PodRunning.
    if i.running != j.running {
        return !i.running;
    }
    // 3. Not ready < ready.
    if i.ready != j.ready {
        return !i.ready;
    }
    // 4. Lower pod-deletion-cost < higher.
    if i.deletion_cost != j.deletion_cost {
        return i.deletion_cost < j.deletion_cost;
    }
    // 5. Doubled up < not doubled up: more related pods on the same node goes first.
    if i.rank != j.rank {
        return i.rank > j.rank;
    }
    // 6. Both ready: the more recently ready goes first, by logarithmic buckets; the same
    //    bucket falls back to the UID (a pseudo-random order).
    if i.ready && j.ready {
        if let (Some(ri), Some(rj)) = (i.ready_s, j.ready_s) {
            if ri != rj {
                let diff = logarithmic_rank(ri, now_ms) - logarithmic_rank(rj, now_ms);
                if diff == 0 {
                    return i.uid < j.uid;
                }
                return diff < 0;
            }
        }
    }
    // 7. More container restarts goes first.
    if i.restarts != j.restarts {
        return i.restarts > j.restarts;
    }
    // 8. Newer goes first, by logarithmic buckets; the same bucket falls back to the UID.
    if i.created_s != j.created_s {
        let diff = logarithmic_rank(i.created_s, now_ms) - logarithmic_rank(j.created_s, now_ms);
        if diff == 0 {
            return i.uid < j.uid;
        }
        return diff < 0;
    }
    false
}

/// One side of `logarithmicRankDiff`: `int64(math.Log2(float64(now.Sub(t))))` over
/// nanoseconds, -1 when the duration is not positive. Computed on integers (exact where Go's
/// float is exact, i.e. below 2^53 ns ≈ 104 days).
fn logarithmic_rank(t_s: u64, now_ms: u64) -> i64 {
    let d_ns = now_ms
        .saturating_sub(t_s.saturating_mul(1000))
        .saturating_mul(1_000_000);
    if d_ns == 0 {
        -1
    } else {
        i64::from(d_ns.ilog2())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn ready_pod(uid: &str, ready_s: u64, created_s: u64) -> RankedPod<'_> {
        RankedPod {
            assigned: true,
            running: true,
            ready: true,
            deletion_cost: 0,
            rank: 1,
            ready_s: Some(ready_s),
            restarts: 0,
            created_s,
            uid,
        }
    }

    #[test]
    fn the_order_follows_active_pods_with_ranks() {
        let now = 1_000_000;
        let base = ready_pod("b", 900, 800);
        // Each criterion beats every later one.
        let unassigned = RankedPod {
            assigned: false,
            running: false,
            ready: false,
            ..ready_pod("z", 999, 999)
        };
        let pending = RankedPod {
            running: false,
            ready: false,
            ..ready_pod("z", 999, 999)
        };
        let not_ready = RankedPod {
            ready: false,
            deletion_cost: -9,
            ..ready_pod("z", 999, 999)
        };
        let cheap = RankedPod {
            deletion_cost: -1,
            rank: 0,
            ..ready_pod("z", 1, 1)
        };
        let doubled = RankedPod {
            rank: 5,
            ..ready_pod("z", 1, 1)
        };
        assert!(less(&unassigned, &pending, now));
        assert!(less(&pending, &not_ready, now));
        assert!(less(&not_ready, &cheap, now));
        assert!(less(&cheap, &doubled, now));
        assert!(less(&doubled, &base, now));
        assert!(!less(&base, &doubled, now));
    }

    #[test]
    fn timestamps_are_compared_in_logarithmic_buckets_with_the_uid_as_tie_break() {
        // Ready 100 s and 99 s ago: log2 of the nanoseconds is 36 for both, so the UID decides
        // and the older pod may go first.
        let now = 200_000;
        let (newer, older) = (ready_pod("b", 101, 0), ready_pod("a", 100, 0));
        assert!(less(&older, &newer, now));
        assert!(!less(&newer, &older, now));
        // Ready 1 s and 100 s ago: different buckets, the more recently ready goes first.
        let (fresh, old) = (ready_pod("z", 199, 0), ready_pod("a", 100, 0));
        assert!(less(&fresh, &old, now));
        // Ready in the same second: a tie, so restarts decide, then creation.
        let restarted = RankedPod {
            restarts: 2,
            ..ready_pod("z", 150, 0)
        };
        assert!(less(&restarted, &ready_pod("a", 150, 0), now));
        assert!(less(&ready_pod("z", 150, 190), &ready_pod("a", 150, 10), now));
        // Created in the same second, nothing else differs: neither goes first.
        assert!(!less(&ready_pod("a", 150, 10), &ready_pod("b", 150, 10), now));
        assert_eq!(logarithmic_rank(200, now), -1);
        assert_eq!(logarithmic_rank(199, now), 29); // 1 s = 1e9 ns, 2^29 ≤ 1e9 < 2^30
    }

    fn arb_pod() -> impl Strategy<Value = (bool, bool, bool, i32, usize, Option<u64>, u32, u64, u8)> {
        (
            any::<bool>(),
            any::<bool>(),
            any::<bool>(),
            -2..3i32,
            0..4usize,
            prop::option::of(0..2_000u64),
            0..3u32,
            0..2_000u64,
            0..4u8,
        )
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 2_000, failure_persistence: None, ..ProptestConfig::default() })]

        /// `Less` is a strict order on any two pods: never both ways, never a pod before itself.
        #[test]
        fn less_is_irreflexive_and_asymmetric(a in arb_pod(), b in arb_pod(), now_s in 0..3_000u64) {
            let uids = ["a", "b", "c", "d"];
            let make = |p: &(bool, bool, bool, i32, usize, Option<u64>, u32, u64, u8)| RankedPod {
                assigned: p.0, running: p.1, ready: p.2, deletion_cost: p.3, rank: p.4,
                ready_s: p.5, restarts: p.6, created_s: p.7, uid: uids[usize::from(p.8)],
            };
            let (a, b) = (make(&a), make(&b));
            let now = now_s * 1000 + 250;
            prop_assert!(!less(&a, &a, now));
            prop_assert!(!(less(&a, &b, now) && less(&b, &a, now)));
        }
    }
}
