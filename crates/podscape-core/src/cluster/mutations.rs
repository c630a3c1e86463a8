//! The API server's side of the mutations kubectl and the page ask for: deleting pods,
//! Deployments and Services (their dependents go with them), labels and annotations, scaling,
//! and the faults Podscape injects (readiness, liveness). Each bumps the epoch and reconciles.

use super::*;

impl Cluster {
    /// `kubectl delete pod`: graceful termination, and the ReplicaSet replaces the pod at once.
    pub fn delete_pod(&mut self, namespace: &str, name: &str) -> bool {
        self.epoch += 1;
        let Some(p) = self
            .pods
            .iter()
            .position(|p| p.namespace == namespace && p.name == name)
        else {
            return false;
        };
        if self.pods[p].deletion_ms.is_none() {
            self.terminate(p);
        }
        self.reconcile();
        true
    }

    /// `kubectl delete pod --grace-period=0 --force`: the API server removes the pod at once,
    /// without waiting for the kubelet (whose container may run on: kubectl's warning says so).
    pub fn force_delete_pod(&mut self, namespace: &str, name: &str) -> bool {
        self.epoch += 1;
        let before = self.pods.len();
        self.pods
            .retain(|p| !(p.namespace == namespace && p.name == name));
        let removed = self.pods.len() != before;
        self.reconcile();
        removed
    }

    /// `kubectl delete deployment`: the Deployment goes at once and the garbage collector
    /// (background propagation, kubectl's default) removes its ReplicaSets, whose pods then
    /// terminate gracefully.
    pub fn delete_deployment(&mut self, namespace: &str, name: &str) -> bool {
        self.epoch += 1;
        if self
            .deployments
            .remove(&(namespace.to_string(), name.to_string()))
            .is_none()
        {
            return false;
        }
        let owned: Vec<String> = self
            .replica_sets
            .iter()
            .filter(|rs| rs.namespace == namespace && rs.owner == name)
            .map(|rs| rs.name.clone())
            .collect();
        self.replica_sets
            .retain(|rs| !(rs.namespace == namespace && rs.owner == name));
        for p in 0..self.pods.len() {
            let pod = &self.pods[p];
            if pod.namespace == namespace
                && pod.owner_kind == OwnerKind::ReplicaSet
                && pod.owner.as_ref().is_some_and(|o| owned.contains(o))
                && pod.deletion_ms.is_none()
            {
                self.terminate(p);
            }
        }
        self.reconcile();
        true
    }

    /// `kubectl delete service`: its ClusterIP and node ports are free again and its
    /// EndpointSlices go with it.
    pub fn delete_service(&mut self, namespace: &str, name: &str) -> bool {
        self.epoch += 1;
        let removed = self
            .services
            .remove(&(namespace.to_string(), name.to_string()))
            .is_some();
        if removed {
            self.reconcile();
        }
        removed
    }

    /// Makes a pod's readiness probe fail (`failing`) or pass again: the fault a learner injects
    /// to watch a pod leave and rejoin the Service's endpoints.
    pub fn set_readiness_failing(&mut self, namespace: &str, name: &str, failing: bool) -> bool {
        self.epoch += 1;
        match self
            .pods
            .iter_mut()
            .find(|p| p.namespace == namespace && p.name == name)
        {
            Some(pod) => {
                let pod = Rc::make_mut(pod);
                pod.readiness_failing = failing;
                true
            }
            None => false,
        }
    }

    /// `kubectl annotate pod`: sets (`Some`) or removes (`None`) annotations, all or nothing.
    /// Errors are the API server's and kubectl's texts; `Ok(false)` when nothing changed.
    pub fn annotate_pod(
        &mut self,
        namespace: &str,
        name: &str,
        changes: &[(String, Option<String>)],
        overwrite: bool,
    ) -> Result<bool, String> {
        self.epoch += 1;
        let Some(pod) = self
            .pods
            .iter_mut()
            .find(|p| p.namespace == namespace && p.name == name)
        else {
            return Err(format!("Error from server (NotFound): pods \"{name}\" not found"));
        };
        let mut annotations = (*pod.annotations).clone();
        for (key, value) in changes {
            match value {
                Some(v) => {
                    if !overwrite && annotations.get(key).is_some_and(|old| old != v) {
                        return Err(format!(
                            "error: --overwrite is false but found the following declared annotation(s): '{key}' already has a value ({})",
                            annotations[key]
                        ));
                    }
                    annotations.insert(key.clone(), v.clone());
                }
                None => {
                    annotations.remove(key);
                }
            }
        }
        // ValidatePodSpecificAnnotations; an update may keep a cost that was already invalid.
        if deletion_cost(&annotations).is_none() && deletion_cost(&pod.annotations).is_some() {
            return Err(format!(
                "The Pod \"{name}\" is invalid: metadata.annotations[{POD_DELETION_COST}]: Invalid value: {}: must be a 32bit integer",
                crate::api::quote(&annotations[POD_DELETION_COST])
            ));
        }
        let changed = annotations != *pod.annotations;
        Rc::make_mut(pod).annotations = std::rc::Rc::new(annotations);
        Ok(changed)
    }

    /// `kubectl label pod`: sets (`Some`) or removes (`None`) labels, all or nothing, with the
    /// API server's validation. A pod whose labels leave its ReplicaSet's selector is released
    /// (its controller reference removed, as `ClaimPods` does), so the ReplicaSet replaces it.
    /// `Ok(false)` when nothing changed.
    pub fn label_pod(
        &mut self,
        namespace: &str,
        name: &str,
        changes: &[(String, Option<String>)],
        overwrite: bool,
    ) -> Result<bool, String> {
        let Some(p) = self
            .pods
            .iter()
            .position(|p| p.namespace == namespace && p.name == name)
        else {
            return Err(format!("Error from server (NotFound): pods \"{name}\" not found"));
        };
        let mut labels = (*self.pods[p].labels).clone();
        for (key, value) in changes {
            match value {
                Some(v) => {
                    if !overwrite && labels.get(key).is_some_and(|old| old != v) {
                        return Err(format!(
                            "error: '{key}' already has a value ({}), and --overwrite is false",
                            labels[key]
                        ));
                    }
                    let problem = crate::manifest::validate::qualified_name(key)
                        .into_iter()
                        .next()
                        .map(|msg| (key, msg))
                        .or_else(|| {
                            crate::manifest::validate::label_value(v)
                                .into_iter()
                                .next()
                                .map(|msg| (v, msg))
                        });
                    if let Some((bad, msg)) = problem {
                        return Err(format!(
                            "The Pod \"{name}\" is invalid: metadata.labels: Invalid value: {}: {msg}",
                            crate::api::quote(bad)
                        ));
                    }
                    labels.insert(key.clone(), v.clone());
                }
                None => {
                    labels.remove(key);
                }
            }
        }
        if labels == *self.pods[p].labels {
            return Ok(false);
        }
        self.epoch += 1;
        let pod = &self.pods[p];
        let still_owned = self
            .replica_sets
            .iter()
            .find(|rs| rs.namespace == pod.namespace && pod.owner.as_ref() == Some(&rs.name))
            .and_then(|rs| self.deployments.get(&(rs.namespace.clone(), rs.owner.clone())))
            .is_some_and(|d| d.spec.selects(&labels));
        let pod = Rc::make_mut(&mut self.pods[p]);
        pod.labels = std::rc::Rc::new(labels);
        // Simplified: a node pod (DaemonSet, static) stays owned whatever its labels.
        if !still_owned && pod.owner_kind == OwnerKind::ReplicaSet {
            pod.owner = None;
        }
        Ok(true)
    }

    /// Makes a pod's liveness probe fail (or pass again): after failureThreshold failures the
    /// kubelet kills and restarts the container.
    pub fn set_liveness_failing(&mut self, namespace: &str, name: &str, failing: bool) -> bool {
        self.epoch += 1;
        match self
            .pods
            .iter_mut()
            .find(|p| p.namespace == namespace && p.name == name)
        {
            Some(pod) => {
                let pod = Rc::make_mut(pod);
                pod.liveness_failing = failing;
                true
            }
            None => false,
        }
    }

    /// `kubectl scale deployment`: sets `spec.replicas`.
    pub fn scale_deployment(&mut self, namespace: &str, name: &str, replicas: i32) -> bool {
        self.epoch += 1;
        let Some(d) = self
            .deployments
            .get_mut(&(namespace.to_string(), name.to_string()))
        else {
            return false;
        };
        if d.spec.replicas != replicas {
            Rc::make_mut(&mut d.spec).replicas = replicas;
            d.generation += 1;
        }
        self.reconcile();
        true
    }
}
