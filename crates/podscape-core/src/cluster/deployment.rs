//! The Deployment controller, after `pkg/controller/deployment`: ReplicaSets named
//! `<deployment>-<pod-template-hash>`, RollingUpdate one phase per sync, Recreate, proportional
//! scaling, history cleanup and status. See kubernetes-semantics.md §1.5–1.11.

use super::{Cluster, ReplicaSet};
use crate::manifest::{self, IntOrString};
use crate::sort::SmallSort;

/// A Deployment as the cluster stores it: the applied spec plus what the controller observed.
#[derive(Clone, Debug)]
pub struct DeploymentState {
    /// Shared with rewind's snapshots until it changes (an apply, a scale).
    pub spec: std::rc::Rc<manifest::Deployment>,
    pub created_ms: u64,
    pub generation: u64,
    pub observed_generation: u64,
    pub status: DeploymentStatus,
    /// `Available` and `Progressing`, as `syncRolloutStatus` keeps them.
    pub conditions: Vec<Condition>,
}

/// A status condition (`status.conditions[]`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Condition {
    pub condition_type: &'static str,
    /// `True`, `False` or `Unknown`.
    pub status: &'static str,
    pub reason: &'static str,
    pub message: String,
    pub last_update_ms: u64,
    pub last_transition_ms: u64,
}

impl DeploymentState {
    pub fn condition(&self, condition_type: &str) -> Option<&Condition> {
        self.conditions
            .iter()
            .find(|c| c.condition_type == condition_type)
    }

    /// `SetDeploymentCondition`: the transition time moves only when the status flips.
    fn set_condition(
        &mut self,
        condition_type: &'static str,
        status: &'static str,
        reason: &'static str,
        message: String,
        now: u64,
    ) {
        match self
            .conditions
            .iter_mut()
            .find(|c| c.condition_type == condition_type)
        {
            Some(c) if c.status == status && c.reason == reason && c.message == message => {}
            Some(c) => {
                if c.status != status {
                    c.last_transition_ms = now;
                }
                c.status = status;
                c.reason = reason;
                c.message = message;
                c.last_update_ms = now;
            }
            None => self.conditions.push(Condition {
                condition_type,
                status,
                reason,
                message,
                last_update_ms: now,
                last_transition_ms: now,
            }),
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DeploymentStatus {
    pub replicas: i32,
    pub updated_replicas: i32,
    pub ready_replicas: i32,
    pub available_replicas: i32,
    pub unavailable_replicas: i32,
    /// The revision of the newest ReplicaSet (`deployment.kubernetes.io/revision`).
    pub revision: u64,
}

/// The resolved strategy: `ResolveFenceposts` applied to `replicas`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Strategy {
    pub recreate: bool,
    pub max_surge: i32,
    pub max_unavailable: i32,
}

impl Strategy {
    pub(super) fn of(d: &manifest::Deployment) -> Strategy {
        // As written (the manifests engine applied the defaults, `RollingUpdate` with 25%/25%).
        let (surge, unavailable) = match &d.strategy {
            manifest::DeploymentStrategy::Recreate => {
                return Strategy {
                    recreate: true,
                    max_surge: 0,
                    max_unavailable: 0,
                };
            }
            manifest::DeploymentStrategy::RollingUpdate {
                max_surge,
                max_unavailable,
            } => (max_surge, max_unavailable),
        };
        let replicas = d.replicas.max(0);
        let mut max_surge = scaled_value(surge, replicas, true);
        let mut max_unavailable = scaled_value(unavailable, replicas, false);
        if max_surge == 0 && max_unavailable == 0 {
            // "on the theory that surge might not work due to quota".
            max_unavailable = 1;
        }
        if replicas == 0 {
            max_unavailable = 0;
        }
        max_unavailable = max_unavailable.min(replicas);
        max_surge = max_surge.max(0);
        Strategy {
            recreate: false,
            max_surge,
            max_unavailable,
        }
    }
}

/// `intstr.GetScaledValueFromIntOrPercent`: an int as is, a percentage of `total` rounded up
/// or down.
pub(super) fn scaled_value(value: &IntOrString, total: i32, round_up: bool) -> i32 {
    match value {
        IntOrString::Int(i) => *i,
        IntOrString::String(s) => {
            // Checked: a percentage is any digits the learner wrote, `total` up to int32 max.
            let pct: i64 = s.trim_end_matches('%').parse().unwrap_or(i64::MAX);
            let product = pct.saturating_mul(i64::from(total));
            let v = if round_up {
                product.saturating_add(99) / 100
            } else {
                product / 100
            };
            clamp32(v)
        }
    }
}

/// An i64 result of arithmetic on user numbers, saturated into an int32 field.
pub(super) fn clamp32(v: i64) -> i32 {
    v.clamp(i64::from(i32::MIN), i64::from(i32::MAX)) as i32
}

/// The sum of ReplicaSets' replicas, in i64: two near int32 max would overflow an i32.
fn sum_replicas(c: &Cluster, sets: impl IntoIterator<Item = usize>) -> i64 {
    sets.into_iter()
        .map(|i| i64::from(c.replica_sets[i].replicas))
        .sum()
}

/// `replicas + maxSurge`, saturated (`replicas: 2147483647` with a surge overflows int32).
fn max_total(d: &manifest::Deployment, s: Strategy) -> i32 {
    d.replicas.saturating_add(s.max_surge)
}

impl Cluster {
    pub(super) fn apply_deployment(&mut self, d: &manifest::Deployment) -> &'static str {
        let key = (d.namespace.clone(), d.name.clone());
        if let Some(state) = self.deployments.get_mut(&key) {
            // Unchanged means the same object as written; moving it in the file is no change.
            if state.spec.raw == d.raw {
                return "unchanged";
            }
            state.spec = std::rc::Rc::new(d.clone());
            state.generation += 1;
            return "configured";
        }
        let state = DeploymentState {
            spec: std::rc::Rc::new(d.clone()),
            created_ms: self.now_ms,
            generation: 1,
            observed_generation: 0,
            status: DeploymentStatus::default(),
            conditions: Vec::new(),
        };
        self.deployments.insert(key, state);
        "created"
    }

    pub(super) fn sync_deployments(&mut self) {
        // The pods index is `reconcile`'s (built just before); ReplicaSets are indexed here.
        self.rs_by_owner.clear();
        for (i, rs) in self.replica_sets.iter().enumerate() {
            self.rs_by_owner.push(&rs.namespace, &rs.owner, i);
        }
        // Each Deployment is synced in place: the map is taken out for the pass, so a sync
        // borrows its Deployment instead of cloning it (no controller reads the map meanwhile).
        let mut deployments = std::mem::take(&mut self.deployments);
        let mut retired = Vec::new();
        for state in deployments.values_mut() {
            retired.extend(self.sync_deployment(state));
        }
        self.deployments = deployments;
        // History cleanup removes ReplicaSets only now, so no index above went stale.
        if !retired.is_empty() {
            self.replica_sets.retain(|rs| {
                !retired
                    .iter()
                    .any(|(ns, name)| *ns == rs.namespace && *name == rs.name)
            });
        }
    }

    /// Indices of the ReplicaSets a Deployment owns, oldest first (name breaks ties).
    fn owned_replica_sets(&self, d: &manifest::Deployment) -> Vec<usize> {
        let mut owned: Vec<usize> = self.rs_by_owner.get(&d.namespace, &d.name).to_vec();
        owned.small_sort_by(|&a, &b| {
            let (a, b) = (&self.replica_sets[a], &self.replica_sets[b]);
            (a.created_ms, &a.name).cmp(&(b.created_ms, &b.name))
        });
        owned
    }

    /// One Deployment's sync; returns the old ReplicaSets its history limit retires.
    fn sync_deployment(&mut self, state: &mut DeploymentState) -> Vec<(String, String)> {
        let d = &state.spec;
        let strategy = Strategy::of(d);
        let owned = self.owned_replica_sets(d);
        // EqualIgnoreHash: the new ReplicaSet is the one whose template is the Deployment's.
        let mut new_rs = owned
            .iter()
            .copied()
            .find(|&i| self.replica_sets[i].template == d.template);
        let old: Vec<usize> = owned.iter().copied().filter(|&i| Some(i) != new_rs).collect();

        let scaling_event = owned.iter().any(|&i| {
            let rs = &self.replica_sets[i];
            rs.replicas > 0 && rs.desired_replicas != d.replicas
        });
        // A paused Deployment still scales, but does not roll out a new template.
        if d.paused || scaling_event {
            self.scale(d, strategy, new_rs, &old);
        } else if strategy.recreate {
            self.rollout_recreate(d, strategy, new_rs, &old);
        } else {
            if new_rs.is_none() {
                new_rs = self.create_new_replica_set(d, strategy, &owned);
            }
            self.rollout_rolling(d, strategy, new_rs, &old);
        }
        let retired = self.cleanup_history(d, new_rs);
        self.sync_deployment_status(state, new_rs);
        retired
    }

    /// `getNewReplicaSet` with createIfNotExisted: named `<deployment>-<hash>`, sized by
    /// `NewRSNewReplicas`, revision one above the newest old one. Past Podscape's ceiling on
    /// ReplicaSets the create is forbidden (`ReplicaSetCreateError`) and `None` comes back.
    fn create_new_replica_set(
        &mut self,
        d: &manifest::Deployment,
        strategy: Strategy,
        owned: &[usize],
    ) -> Option<usize> {
        let hash = d.template.hash().to_string();
        let limit = crate::budget::MAX_OBJECTS_PER_KIND;
        if self.replica_sets.len() >= limit {
            let name = format!("{}-{hash}", d.name);
            let used = self.replica_sets.len();
            let denial = super::replicaset::ceiling_denial(
                "replicasets.apps",
                &name,
                "count/replicasets.apps",
                used,
                limit,
            );
            self.record(
                &d.namespace,
                "Warning",
                format!("deployment/{}", d.name),
                "ReplicaSetCreateError",
                format!("Failed to create new replica set \"{name}\": {denial}"),
            );
            return None;
        }
        let revision = owned
            .iter()
            .map(|&i| self.replica_sets[i].revision)
            .max()
            .unwrap_or(0)
            + 1;
        let total = sum_replicas(self, owned.iter().copied());
        let replicas = if strategy.recreate {
            d.replicas
        } else {
            let max_total = i64::from(max_total(d, strategy));
            if total >= max_total {
                0
            } else {
                clamp32((max_total - total).min(i64::from(d.replicas)))
            }
        };
        let name = format!("{}-{hash}", d.name);
        self.rs_by_owner
            .push(&d.namespace, &d.name, self.replica_sets.len());
        self.replica_sets.push(ReplicaSet {
            name: name.clone(),
            namespace: d.namespace.clone(),
            owner: d.name.clone(),
            template: d.template.clone(),
            template_hash: hash,
            replicas,
            revision,
            desired_replicas: d.replicas,
            max_replicas: max_total(d, strategy),
            min_ready_seconds: min_ready_seconds(d),
            created_ms: self.now_ms,
            create_failures: 0,
            retry_at_ms: 0,
            create_error: None,
        });
        self.record(
            &d.namespace,
            "Normal",
            format!("deployment/{}", d.name),
            "ScalingReplicaSet",
            format!("Scaled up replica set {name} to {replicas}"),
        );
        Some(self.replica_sets.len() - 1)
    }

    /// `scaleReplicaSet`: sets replicas and the desired/max annotations, and says so.
    fn scale_replica_set(
        &mut self,
        i: usize,
        replicas: i32,
        d: &manifest::Deployment,
        strategy: Strategy,
    ) -> bool {
        let rs = &mut self.replica_sets[i];
        let changed = rs.replicas != replicas;
        let from = rs.replicas;
        rs.replicas = replicas;
        if changed {
            // An update enqueues the ReplicaSet at once, ahead of its rate-limited retry.
            rs.retry_at_ms = 0;
        }
        rs.desired_replicas = d.replicas;
        rs.max_replicas = max_total(d, strategy);
        if changed {
            let verb = if replicas > from { "up" } else { "down" };
            let message = format!("Scaled {verb} replica set {} to {replicas} from {from}", rs.name);
            self.record(
                &d.namespace,
                "Normal",
                format!("deployment/{}", d.name),
                "ScalingReplicaSet",
                message,
            );
        }
        changed
    }

    fn available(&self, i: usize) -> i32 {
        let rs = &self.replica_sets[i];
        self.pods_of(&rs.namespace, &rs.name)
            .iter()
            .map(|&p| &self.pods[p])
            .filter(|p| p.is_active() && p.is_available(rs.min_ready_seconds, self.now_ms))
            .count() as i32
    }

    /// `rolloutRolling`: at most one phase (scale up the new, or scale down the old) per sync.
    fn rollout_rolling(
        &mut self,
        d: &manifest::Deployment,
        s: Strategy,
        new_rs: Option<usize>,
        old: &[usize],
    ) {
        let Some(new) = new_rs else { return };
        // reconcileNewReplicaSet
        let new_replicas = self.replica_sets[new].replicas;
        if new_replicas > d.replicas {
            self.scale_replica_set(new, d.replicas, d, s);
            return;
        }
        // Counts are summed in i64: ReplicaSets near int32 max would overflow.
        if new_replicas < d.replicas {
            let total = sum_replicas(self, old.iter().chain([&new]).copied());
            let max_total = i64::from(max_total(d, s));
            if total < max_total {
                let room = (max_total - total).min(i64::from(d.replicas) - i64::from(new_replicas));
                let target = clamp32(i64::from(new_replicas) + room);
                if self.scale_replica_set(new, target, d, s) {
                    return;
                }
            }
        }
        // reconcileOldReplicaSets
        let old_count = sum_replicas(self, old.iter().copied());
        if old_count == 0 {
            return;
        }
        let all_count = old_count + i64::from(self.replica_sets[new].replicas);
        let min_available = i64::from(d.replicas) - i64::from(s.max_unavailable);
        let new_unavailable = i64::from(self.replica_sets[new].replicas) - i64::from(self.available(new));
        let max_scaled_down = clamp32(all_count - min_available - new_unavailable);
        if max_scaled_down <= 0 {
            return;
        }
        // cleanupUnhealthyReplicas: old pods that are not available go first.
        let mut cleaned = 0;
        for &i in old {
            if cleaned >= max_scaled_down {
                break;
            }
            let (replicas, available) = (self.replica_sets[i].replicas, self.available(i));
            if replicas == 0 || replicas == available {
                continue;
            }
            let count = (max_scaled_down - cleaned).min(replicas - available);
            self.scale_replica_set(i, replicas - count, d, s);
            cleaned += count;
        }
        // scaleDownOldReplicaSetsForRollingUpdate: keep minAvailable pods available.
        let available: i64 = old
            .iter()
            .chain([&new])
            .map(|&i| i64::from(self.available(i)))
            .sum();
        let mut scaled = 0;
        if available > min_available {
            let target = clamp32(available - min_available);
            for &i in old {
                if scaled >= target {
                    break;
                }
                let replicas = self.replica_sets[i].replicas;
                if replicas == 0 {
                    continue;
                }
                let count = replicas.min(target - scaled);
                self.scale_replica_set(i, replicas - count, d, s);
                scaled += count;
            }
        }
    }

    /// `rolloutRecreate`: every old pod gone before the first new one is created.
    fn rollout_recreate(
        &mut self,
        d: &manifest::Deployment,
        s: Strategy,
        new_rs: Option<usize>,
        old: &[usize],
    ) {
        let mut scaled = false;
        for &i in old {
            if self.replica_sets[i].replicas > 0 {
                scaled |= self.scale_replica_set(i, 0, d, s);
            }
        }
        if scaled {
            return;
        }
        let old_running = old.iter().any(|&i| {
            let rs = &self.replica_sets[i];
            !self.pods_of(&rs.namespace, &rs.name).is_empty()
        });
        if old_running {
            return;
        }
        match new_rs {
            None => {
                let owned = self.owned_replica_sets(d);
                self.create_new_replica_set(d, s, &owned);
            }
            Some(i) => {
                self.scale_replica_set(i, d.replicas, d, s);
            }
        }
    }

    /// `scale`: a change of `replicas` mid-flight is spread over the active ReplicaSets in
    /// proportion to their size, so a rollout keeps its shape.
    fn scale(&mut self, d: &manifest::Deployment, s: Strategy, new_rs: Option<usize>, old: &[usize]) {
        let all: Vec<usize> = new_rs.iter().copied().chain(old.iter().copied()).collect();
        let active: Vec<usize> = all
            .iter()
            .copied()
            .filter(|&i| self.replica_sets[i].replicas > 0)
            .collect();
        if active.len() <= 1 {
            let target = active.first().copied().or(new_rs).or_else(|| old.last().copied());
            if let Some(i) = target {
                self.scale_replica_set(i, d.replicas, d, s);
            }
            return;
        }
        if let Some(n) = new_rs {
            if self.replica_sets[n].replicas == d.replicas && self.available(n) >= d.replicas {
                for &i in old {
                    self.scale_replica_set(i, 0, d, s);
                }
                return;
            }
        }
        if s.recreate {
            return;
        }
        let allowed = if d.replicas > 0 { max_total(d, s) } else { 0 };
        let current = sum_replicas(self, active.iter().copied());
        let to_add = clamp32(i64::from(allowed) - current);
        // Largest first; on scale up newer first, on scale down older first.
        let mut order = active.clone();
        order.small_sort_by(|&a, &b| {
            let (ra, rb) = (&self.replica_sets[a], &self.replica_sets[b]);
            rb.replicas.cmp(&ra.replicas).then_with(|| {
                if to_add > 0 {
                    rb.created_ms.cmp(&ra.created_ms)
                } else {
                    ra.created_ms.cmp(&rb.created_ms)
                }
            })
        });
        let mut targets: Vec<(usize, i32)> = Vec::new();
        let mut added = 0;
        for &i in &order {
            let rs = &self.replica_sets[i];
            let proportion = if to_add == 0 || rs.max_replicas == 0 {
                0
            } else {
                let share = f64::from(rs.replicas) * f64::from(allowed) / f64::from(rs.max_replicas);
                // `as` saturates; the difference is taken in i64 and saturated back.
                let p = clamp32(i64::from(share.round() as i32) - i64::from(rs.replicas));
                let left = to_add.saturating_sub(added);
                if to_add > 0 {
                    p.min(left)
                } else {
                    p.max(left)
                }
            };
            added = added.saturating_add(proportion);
            targets.push((i, rs.replicas.saturating_add(proportion)));
        }
        // The leftover goes to the largest ReplicaSet.
        if let Some(first) = targets.first_mut() {
            first.1 = clamp32(i64::from(first.1) + i64::from(to_add) - i64::from(added)).max(0);
        }
        for (i, replicas) in targets {
            self.scale_replica_set(i, replicas, d, s);
        }
    }

    /// `cleanupDeployment`: once complete, old ReplicaSets beyond revisionHistoryLimit go.
    fn cleanup_history(&self, d: &manifest::Deployment, new_rs: Option<usize>) -> Vec<(String, String)> {
        let limit = revision_history_limit(d);
        let new_name = new_rs.map(|i| self.replica_sets[i].name.clone());
        let mut old: Vec<(u64, String, i32)> = self
            .owned_replica_sets(d)
            .into_iter()
            .map(|i| &self.replica_sets[i])
            .filter(|rs| Some(&rs.name) != new_name.as_ref())
            .map(|rs| (rs.revision, rs.name.clone(), rs.replicas))
            .collect();
        let excess = old.len().saturating_sub(limit.max(0) as usize);
        if excess == 0 {
            return Vec::new();
        }
        old.small_sort();
        old.into_iter()
            .take(excess)
            .filter(|(_, name, replicas)| *replicas == 0 && self.pods_of(&d.namespace, name).is_empty())
            .map(|(_, name, _)| (d.namespace.clone(), name))
            .collect()
    }

    fn sync_deployment_status(&mut self, state: &mut DeploymentState, new_rs: Option<usize>) {
        let d = &state.spec;
        let owned = self.owned_replica_sets(d);
        let new_name = new_rs
            .and_then(|i| self.replica_sets.get(i))
            .map(|rs| rs.name.clone());
        let mut status = DeploymentStatus::default();
        for &i in &owned {
            let rs = &self.replica_sets[i];
            let pods: Vec<_> = self
                .pods_of(&rs.namespace, &rs.name)
                .iter()
                .map(|&p| &self.pods[p])
                .filter(|p| p.is_active())
                .collect();
            let count = pods.len() as i32;
            let ready = pods.iter().filter(|p| p.ready).count() as i32;
            let available = self.available(i);
            status.replicas += count;
            status.ready_replicas += ready;
            status.available_replicas += available;
            if Some(&rs.name) == new_name.as_ref() {
                status.updated_replicas = count;
                status.revision = rs.revision;
            }
        }
        let spec_total = sum_replicas(self, owned.iter().copied());
        status.unavailable_replicas = clamp32(spec_total - i64::from(status.available_replicas)).max(0);
        let strategy = Strategy::of(d);
        let (replicas, paused) = (d.replicas, d.paused);
        let progress_deadline_seconds = d.progress_deadline_seconds;
        let now = self.now_ms;
        let previous = std::mem::replace(&mut state.status, status.clone());
        state.observed_generation = state.generation;
        // Available: minimum availability, as calculateStatus words it.
        if status.available_replicas >= replicas.saturating_sub(strategy.max_unavailable) {
            state.set_condition(
                "Available",
                "True",
                "MinimumReplicasAvailable",
                "Deployment has minimum availability.".into(),
                now,
            );
        } else {
            state.set_condition(
                "Available",
                "False",
                "MinimumReplicasUnavailable",
                "Deployment does not have minimum availability.".into(),
                now,
            );
        }
        // syncRolloutStatus moves a ReplicaSet's ReplicaFailure condition to the Deployment
        // (the event itself may be dropped by the recorder's spam filter after a burst of
        // SuccessfulCreate, so this is where the learner reliably sees it).
        let failure = owned
            .iter()
            .find_map(|&i| self.replica_sets[i].create_error.clone());
        match failure {
            Some(message) => state.set_condition("ReplicaFailure", "True", "FailedCreate", message, now),
            None => state.conditions.retain(|c| c.condition_type != "ReplicaFailure"),
        }
        // Progressing (syncRolloutStatus / progress.go).
        let Some(rs) = new_name else { return };
        let complete = status.updated_replicas == replicas
            && status.replicas == replicas
            && status.available_replicas == replicas;
        let progressed = status.updated_replicas > previous.updated_replicas
            || status.available_replicas > previous.available_replicas
            || status.replicas < previous.replicas
            || previous.revision != status.revision;
        if paused {
            state.set_condition(
                "Progressing",
                "Unknown",
                "DeploymentPaused",
                "Deployment is paused".into(),
                now,
            );
        } else if complete {
            state.set_condition(
                "Progressing",
                "True",
                "NewReplicaSetAvailable",
                format!("ReplicaSet \"{rs}\" has successfully progressed."),
                now,
            );
        } else if previous.revision != status.revision
            && state
                .condition("Progressing")
                .is_none_or(|c| c.reason != "NewReplicaSetCreated")
        {
            state.set_condition(
                "Progressing",
                "True",
                "NewReplicaSetCreated",
                format!("Created new replica set \"{rs}\""),
                now,
            );
        } else if progressed {
            state.set_condition(
                "Progressing",
                "True",
                "ReplicaSetUpdated",
                format!("ReplicaSet \"{rs}\" is progressing."),
                now,
            );
            // A repeated reason keeps its fields; progress must still move the clock.
            if let Some(c) = state
                .conditions
                .iter_mut()
                .find(|c| c.condition_type == "Progressing")
            {
                c.last_update_ms = now;
            }
        } else if let Some(c) = state.condition("Progressing") {
            let deadline = c
                .last_update_ms
                .saturating_add((progress_deadline_seconds.max(0) as u64).saturating_mul(1000));
            if c.status == "True" && c.reason != "NewReplicaSetAvailable" && now > deadline {
                state.set_condition(
                    "Progressing",
                    "False",
                    "ProgressDeadlineExceeded",
                    format!("ReplicaSet \"{rs}\" has timed out progressing."),
                    now,
                );
            }
        }
    }
}

fn min_ready_seconds(d: &manifest::Deployment) -> i32 {
    d.min_ready_seconds
}

fn revision_history_limit(d: &manifest::Deployment) -> i32 {
    d.revision_history_limit
}

impl Cluster {
    /// `kubectl set image deployment/NAME CONTAINER=IMAGE`.
    pub fn set_image(
        &mut self,
        namespace: &str,
        name: &str,
        container: &str,
        image: &str,
    ) -> Result<(), String> {
        let key = (namespace.to_string(), name.to_string());
        let Some(state) = self.deployments.get_mut(&key) else {
            return Err(format!(
                "Error from server (NotFound): deployments.apps \"{name}\" not found"
            ));
        };
        let Some(index) = state
            .spec
            .template
            .containers
            .iter()
            .position(|c| c.name == container)
        else {
            return Err(format!("error: unable to find container named \"{container}\""));
        };
        if state.spec.template.containers[index].image != image {
            let spec = std::rc::Rc::make_mut(&mut state.spec);
            spec.template.containers[index].image = image.to_string();
            spec.template.rehash();
            state.generation += 1;
        }
        self.reconcile();
        Ok(())
    }

    /// `kubectl rollout pause|resume`: `Some(changed)`, or `None` without such a Deployment.
    pub fn set_paused(&mut self, namespace: &str, name: &str, paused: bool) -> Option<bool> {
        self.epoch += 1;
        let state = self
            .deployments
            .get_mut(&(namespace.to_string(), name.to_string()))?;
        if state.spec.paused == paused {
            return Some(false);
        }
        std::rc::Rc::make_mut(&mut state.spec).paused = paused;
        state.generation += 1;
        self.reconcile();
        Some(true)
    }

    /// `kubectl rollout restart`: a new `kubectl.kubernetes.io/restartedAt` template
    /// annotation, hence a new ReplicaSet and a rolling replacement of every pod.
    pub fn rollout_restart(&mut self, namespace: &str, name: &str) -> bool {
        self.epoch += 1;
        let now = self.now_ms;
        let Some(state) = self
            .deployments
            .get_mut(&(namespace.to_string(), name.to_string()))
        else {
            return false;
        };
        let spec = std::rc::Rc::make_mut(&mut state.spec);
        spec.template.annotations.insert(
            "kubectl.kubernetes.io/restartedAt".into(),
            crate::table::timestamp(now),
        );
        spec.template.rehash();
        state.generation += 1;
        self.reconcile();
        true
    }

    /// `kubectl rollout undo [--to-revision=N]`: the Deployment's template becomes that of the
    /// previous (or given) revision's ReplicaSet, which then becomes the new one again.
    pub fn rollout_undo(
        &mut self,
        namespace: &str,
        name: &str,
        to_revision: Option<u64>,
    ) -> Result<String, String> {
        let Some(state) = self.deployments.get(&(namespace.to_string(), name.to_string())) else {
            return Err(format!(
                "Error from server (NotFound): deployments.apps \"{name}\" not found"
            ));
        };
        let current = state.status.revision;
        let mut owned: Vec<&ReplicaSet> = self
            .replica_sets
            .iter()
            .filter(|rs| rs.owner == name && rs.namespace == namespace)
            .collect();
        owned.small_sort_by_key(|rs| std::cmp::Reverse(rs.revision));
        let target = match to_revision {
            Some(r) => owned.iter().find(|rs| rs.revision == r),
            None => owned.iter().find(|rs| rs.revision < current),
        };
        let Some(target) = target else {
            return Err(match to_revision {
                Some(r) => format!("error: unable to find specified revision {r} in history"),
                None => "error: no rollout history found for deployment \"".to_string() + name + "\"",
            });
        };
        let template = target.template.clone();
        if let Some(state) = self
            .deployments
            .get_mut(&(namespace.to_string(), name.to_string()))
        {
            if state.spec.template == template {
                return Ok(format!(
                    "deployment.apps/{name} skipped rollback (current template already matches revision {})",
                    target.revision
                ));
            }
            std::rc::Rc::make_mut(&mut state.spec).template = template;
            state.generation += 1;
        }
        self.reconcile();
        Ok(format!("deployment.apps/{name} rolled back"))
    }
}
