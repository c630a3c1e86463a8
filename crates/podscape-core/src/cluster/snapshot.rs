//! What a copy of the cluster costs beside another it shares parts with: how the rewind's
//! timeline counts its snapshots against its memory budget. The big parts that change rarely
//! or in small pieces are shared between copies (`Rc`, copied on write): the event recorder
//! and each of its events, the flow log's chunks (`chunks.rs`), each pod and within it its
//! template and environment, each node's compiled rules and what they were compiled from. The
//! rest is copied each time.

use std::collections::BTreeSet;
use std::rc::Rc;

use super::Cluster;

/// Bytes, roughly, as measured with a counting allocator (`crates/podscape-cli/benches/rewind.rs`).
const BASE: usize = 96 * 1024;
const PER_POD: usize = 700;
/// A pod shared with the previous snapshot: its pointer and count.
const PER_SHARED_POD: usize = 16;
const PER_OBJECT: usize = 1_000;
const PER_RECORDER_ENTRY: usize = 650;
const PER_FLOW_CHUNK: usize = 64 * 150;
const PER_SHARED_PART: usize = 1_500;
const PER_RULES_POD: usize = 200;

impl Cluster {
    /// Roughly the bytes a copy of this cluster holds that `previous` (a copy of an earlier
    /// moment) does not share with it; the whole copy when there is none.
    pub fn unshared_bytes(&self, previous: Option<&Cluster>) -> usize {
        let objects = self.deployments.len()
            + self.replica_sets.len()
            + self.services.len()
            + self.ingresses.len()
            + self.config_maps.len()
            + self.secrets.len()
            + self.daemon_sets.len()
            + self.traffic.in_flight.len()
            + self.traffic.stats.len()
            + self.ingress_controller.log.len();
        // Pods are shared until they change (`Rc::make_mut`): only those `previous` does not
        // hold cost their whole size, the others a pointer.
        let unshared_pods = unshared(&self.pods, previous.map(|p| &p.pods[..]));
        let mut bytes =
            BASE + self.pods.len() * PER_SHARED_POD + unshared_pods * PER_POD + objects * PER_OBJECT;
        bytes += self.recorder.unshared_entries(previous.map(|p| &p.recorder)) * PER_RECORDER_ENTRY;
        bytes += self
            .traffic
            .flow_log
            .unshared_chunks(previous.map(|p| &p.traffic.flow_log))
            * PER_FLOW_CHUNK;
        // Templates, environments, labels and annotations (shared between a ReplicaSet's
        // pods, and with `previous`).
        let held = |c: &Cluster| -> BTreeSet<usize> {
            c.pods
                .iter()
                .flat_map(|p| {
                    [
                        Rc::as_ptr(&p.template) as *const u8 as usize,
                        Rc::as_ptr(&p.env) as *const u8 as usize,
                        Rc::as_ptr(&p.labels) as *const u8 as usize,
                        Rc::as_ptr(&p.annotations) as *const u8 as usize,
                    ]
                })
                .collect()
        };
        let before = previous.map(held).unwrap_or_default();
        bytes += held(self).difference(&before).count() * PER_SHARED_PART;
        bytes +=
            self.conntrack.unshared_rules(previous.map(|p| &p.conntrack)) * self.pods.len() * PER_RULES_POD;
        bytes
    }
}

/// How many of `now`'s items `before` does not hold (the same `Rc`, not an equal value).
pub(super) fn unshared<'a, T: 'a>(
    now: impl IntoIterator<Item = &'a Rc<T>>,
    before: Option<impl IntoIterator<Item = &'a Rc<T>>>,
) -> usize {
    let held: BTreeSet<*const T> = before.into_iter().flatten().map(Rc::as_ptr).collect();
    now.into_iter().filter(|x| !held.contains(&Rc::as_ptr(x))).count()
}
