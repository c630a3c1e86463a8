//! Namespaces: the API server's side (creation, the NamespaceLifecycle admission that refuses
//! content in a missing or terminating namespace and the deletion of the immortal ones) and
//! the namespace controller, which deletes what a terminating namespace holds, then the
//! namespace once its last pod is gone.

use std::collections::BTreeMap;

use super::Cluster;

/// The namespaces NamespaceLifecycle refuses to delete (its `immortalNamespaces`).
pub const IMMORTAL_NAMESPACES: &[&str] = &["default", "kube-node-lease", "kube-public", "kube-system"];

/// How long the namespace controller takes at least to finish a deletion (its discovery and
/// delete-collection passes over every resource type): about what kind takes for an empty one.
const NAMESPACE_CLEANUP_MS: u64 = 5_000;

/// A namespace and its lifecycle.
#[derive(Clone, Debug)]
pub struct Namespace {
    pub name: String,
    /// Always with `kubernetes.io/metadata.name` (set by the API server).
    pub labels: BTreeMap<String, String>,
    pub created_ms: u64,
    /// When `kubectl delete namespace` marked it: Terminating until its content is gone.
    pub deletion_ms: Option<u64>,
}

impl Namespace {
    fn new(name: &str, labels: &BTreeMap<String, String>, now_ms: u64) -> Namespace {
        let mut labels = labels.clone();
        labels.insert("kubernetes.io/metadata.name".into(), name.into());
        Namespace {
            name: name.into(),
            labels,
            created_ms: now_ms,
            deletion_ms: None,
        }
    }

    /// `status.phase`: the STATUS column of `kubectl get namespaces`.
    pub fn phase(&self) -> &'static str {
        if self.deletion_ms.is_some() {
            "Terminating"
        } else {
            "Active"
        }
    }
}

/// A fresh kind cluster's namespaces.
pub(super) fn initial() -> BTreeMap<String, Namespace> {
    [
        "default",
        "kube-node-lease",
        "kube-public",
        "kube-system",
        "local-path-storage",
    ]
    .iter()
    .map(|n| (n.to_string(), Namespace::new(n, &BTreeMap::new(), 0)))
    .collect()
}

impl Cluster {
    pub fn namespaces(&self) -> impl Iterator<Item = &Namespace> {
        self.namespaces.values()
    }

    pub fn namespace(&self, name: &str) -> Option<&Namespace> {
        self.namespaces.get(name)
    }

    /// The namespace of kubectl's current context (`default` until `kubectl config
    /// set-context --current --namespace=X`).
    pub fn context_namespace(&self) -> &str {
        match self.context_namespace.as_str() {
            "" => "default",
            ns => ns,
        }
    }

    /// The namespace the context names, if any (kind's kubeconfig names none).
    pub fn context_namespace_set(&self) -> &str {
        &self.context_namespace
    }

    pub fn set_context_namespace(&mut self, namespace: &str) {
        self.context_namespace = namespace.to_string();
    }

    /// NamespaceLifecycle's answer to creating `object` (`deployments.apps "web"`) in
    /// `namespace`: the API server's message if it refuses.
    pub fn admit(&self, namespace: &str, object: &str) -> Result<(), String> {
        match self.namespaces.get(namespace) {
            None => Err(format!("namespaces \"{namespace}\" not found")),
            Some(ns) if ns.deletion_ms.is_some() => Err(format!(
                "{object} is forbidden: unable to create new content in namespace {namespace} because it is being terminated"
            )),
            Some(_) => Ok(()),
        }
    }

    /// Creates or updates a namespace (`kubectl create namespace`, a `kind: Namespace` in an
    /// apply): `created`, `configured` (its labels changed) or `unchanged`; the API server's
    /// error past Podscape's ceiling or when it is terminating.
    pub fn put_namespace(
        &mut self,
        name: &str,
        labels: &BTreeMap<String, String>,
    ) -> Result<&'static str, String> {
        self.epoch += 1;
        let wanted = Namespace::new(name, labels, self.now_ms);
        let count = self.namespaces.len();
        match self.namespaces.get_mut(name) {
            Some(ns) if ns.labels == wanted.labels => Ok("unchanged"),
            Some(ns) => {
                ns.labels = wanted.labels;
                Ok("configured")
            }
            None if count >= crate::budget::MAX_OBJECTS_PER_KIND => {
                let (used, limit) = (count, crate::budget::MAX_OBJECTS_PER_KIND);
                Err(super::replicaset::ceiling_denial(
                    "namespaces",
                    name,
                    "namespaces",
                    used,
                    limit,
                ))
            }
            None => {
                self.namespaces.insert(name.to_string(), wanted);
                Ok("created")
            }
        }
    }

    /// `kubectl delete namespace`: the API server marks it Terminating (or refuses an
    /// immortal one with its message); the namespace controller deletes its Deployments,
    /// ReplicaSets, Services (their EndpointSlices with them) and Ingresses at once and its
    /// pods gracefully, and the namespace goes when the last pod has. `Ok(false)`: not found.
    pub fn delete_namespace(&mut self, name: &str) -> Result<bool, String> {
        if IMMORTAL_NAMESPACES.contains(&name) {
            return Err(format!(
                "namespaces \"{name}\" is forbidden: this namespace may not be deleted"
            ));
        }
        self.epoch += 1;
        let now = self.now_ms;
        match self.namespaces.get_mut(name) {
            None => return Ok(false),
            Some(ns) => {
                ns.deletion_ms.get_or_insert(now);
            }
        }
        self.deployments.retain(|(ns, _), _| ns != name);
        self.replica_sets.retain(|rs| rs.namespace != name);
        self.services.retain(|(ns, _), _| ns != name);
        self.ingresses.retain(|(ns, _), _| ns != name);
        self.daemon_sets.retain(|d| d.namespace != name);
        for p in 0..self.pods.len() {
            if self.pods[p].namespace == name && self.pods[p].is_active() {
                self.terminate(p);
            }
        }
        self.reconcile();
        Ok(true)
    }

    /// The namespace controller's last step: a terminating namespace whose pods are all gone
    /// is removed (after [`NAMESPACE_CLEANUP_MS`] at least).
    pub(super) fn sync_namespaces(&mut self) {
        if self.namespaces.values().all(|n| n.deletion_ms.is_none()) {
            return;
        }
        let (pods, now) = (&self.pods, self.now_ms);
        self.namespaces.retain(|name, ns| match ns.deletion_ms {
            None => true,
            Some(t) => now < t + NAMESPACE_CLEANUP_MS || pods.iter().any(|p| &p.namespace == name),
        });
    }
}
