//! Wire objects: what `kubectl get -o json|yaml` prints for each kind, as the API server
//! returns it (the applied spec with the API's defaults, allocations and status).

use serde_json::{json, Value};

use crate::cluster::Pod;
use crate::table;

/// Adds an object's own labels and annotations to its `metadata` (annotations the system
/// already set, like the revision, stay).
fn with_metadata(
    mut object: Value,
    labels: &std::collections::BTreeMap<String, String>,
    annotations: &std::collections::BTreeMap<String, String>,
) -> Value {
    if let Some(meta) = object.get_mut("metadata").and_then(Value::as_object_mut) {
        if !labels.is_empty() {
            meta.insert("labels".into(), json!(labels));
        }
        if !annotations.is_empty() {
            let merged = meta.entry("annotations").or_insert_with(|| json!({}));
            if let Some(merged) = merged.as_object_mut() {
                for (k, v) in annotations {
                    merged.entry(k.clone()).or_insert_with(|| json!(v));
                }
            }
        }
    }
    object
}

/// A Service's spec as the API server returns it: as written, with its allocations (ClusterIP,
/// nodePorts) and defaults (`SetDefaults_Service`: session affinity, traffic policies, IP
/// families).
fn service_spec(s: &crate::cluster::Service) -> Value {
    let spec = &s.spec;
    let mut out = json!({"type": spec.service_type, "sessionAffinity": "None"});
    if spec.service_type == "ExternalName" {
        out["externalName"] = json!(spec.external_name);
        return out;
    }
    out["clusterIP"] = json!(s.cluster_ip);
    out["clusterIPs"] = json!([s.cluster_ip]);
    out["internalTrafficPolicy"] = json!(spec.internal_traffic_policy);
    out["ipFamilies"] = json!(["IPv4"]);
    out["ipFamilyPolicy"] = json!("SingleStack");
    if !spec.selector.is_empty() {
        out["selector"] = labels_json(&spec.selector);
    }
    out["ports"] = spec
        .ports
        .iter()
        .zip(s.node_ports.iter().chain(std::iter::repeat(&None)))
        .map(|(p, node_port)| {
            let mut v =
                json!({"port": p.port, "protocol": p.protocol, "targetPort": int_or_string(&p.target_port)});
            if let Some(n) = &p.name {
                v["name"] = json!(n);
            }
            if let Some(np) = node_port {
                v["nodePort"] = json!(np);
            }
            v
        })
        .collect();
    if let Some(timeout) = spec.session_affinity_timeout {
        out["sessionAffinity"] = json!("ClientIP");
        out["sessionAffinityConfig"] = json!({"clientIP": {"timeoutSeconds": timeout}});
    }
    if let Some(policy) = &spec.external_traffic_policy {
        out["externalTrafficPolicy"] = json!(policy);
    }
    if spec.service_type == "LoadBalancer" {
        out["allocateLoadBalancerNodePorts"] = json!(true);
    }
    if spec.publish_not_ready_addresses {
        out["publishNotReadyAddresses"] = json!(true);
    }
    if !spec.external_ips.is_empty() {
        out["externalIPs"] = json!(spec.external_ips);
    }
    out
}

/// An intOrString field as the API returns it: `25%` or `1`.
fn int_or_string(value: &crate::manifest::IntOrString) -> Value {
    match value {
        crate::manifest::IntOrString::Int(i) => json!(i),
        crate::manifest::IntOrString::String(s) => json!(s),
    }
}

fn labels_json(labels: &std::collections::BTreeMap<String, String>) -> Value {
    Value::Object(
        labels
            .iter()
            .map(|(k, v)| (k.clone(), Value::String(v.clone())))
            .collect(),
    )
}

pub(super) fn pod_object(p: &Pod) -> Value {
    let template = p.template.to_json();
    let mut spec = template.get("spec").cloned().unwrap_or_else(|| json!({}));
    crate::api::defaults::pod(&mut spec);
    if let Some(node) = &p.node {
        spec["nodeName"] = json!(node);
    }
    let mut status = json!({"phase": p.phase.as_str(), "qosClass": "BestEffort"});
    if let Some(ip) = &p.ip {
        status["podIP"] = json!(ip);
        status["podIPs"] = json!([{"ip": ip}]);
    }
    status["conditions"] = json!([
        {"type": "PodScheduled", "status": if p.node.is_some() { "True" } else { "False" }},
        {"type": "Ready", "status": if p.ready { "True" } else { "False" }},
    ]);
    if let Some(statuses) = container_statuses(p) {
        status["containerStatuses"] = statuses;
    }
    let mut metadata = json!({
        "name": p.name, "namespace": p.namespace, "uid": p.uid,
        "labels": labels_json(&p.labels),
        "creationTimestamp": table::timestamp(p.created_ms),
    });
    if let Some(owner) = &p.owner {
        if p.owner_kind == crate::cluster::OwnerKind::Node {
            // A mirror pod: named by its node, owned by it.
            metadata["ownerReferences"] =
                json!([{"apiVersion": "v1", "kind": "Node", "name": owner, "controller": true}]);
        } else {
            metadata["generateName"] = json!(format!("{owner}-"));
            metadata["ownerReferences"] = json!([{"apiVersion": "apps/v1", "kind": p.owner_kind.as_str(), "name": owner,
                                                  "controller": true, "blockOwnerDeletion": true}]);
        }
    }
    if !p.annotations.is_empty() {
        metadata["annotations"] = labels_json(&p.annotations);
    }
    if let Some(d) = p.deletion_ms {
        metadata["deletionTimestamp"] = json!(table::timestamp(d));
    }
    json!({"apiVersion": "v1", "kind": "Pod", "metadata": metadata, "spec": spec, "status": status})
}

/// The kubelet's `containerStatuses` once the pod is on a node (what `--sort-by=
/// .status.containerStatuses[0].restartCount` and jsonpath queries read). Podscape leaves out
/// `containerID`, `imageID` and `lastState`.
fn container_statuses(p: &Pod) -> Option<Value> {
    p.node.as_ref()?;
    let running = p
        .started_ms
        .filter(|_| matches!(p.status(), "Running" | "Terminating"));
    let state = match running {
        Some(started) => json!({"running": {"startedAt": table::timestamp(started)}}),
        None => {
            let reason = match p.status() {
                "Pending" | "Running" | "Terminating" | "Succeeded" | "Failed" | "Unknown" => {
                    "ContainerCreating"
                }
                other => other,
            };
            json!({"waiting": {"reason": reason}})
        }
    };
    Some(json!([{
        "image": normalized_image(&p.image),
        "name": p.container_name,
        "ready": p.ready,
        "restartCount": p.restarts,
        "started": running.is_some(),
        "state": state,
    }]))
}

/// An image as containerd reports it: Docker Hub's domain and `library/` made explicit,
/// `:latest` when no tag or digest is given.
fn normalized_image(image: &str) -> String {
    let (first, _) = image.split_once('/').unwrap_or(("", image));
    let has_domain = first.contains(['.', ':']) || first == "localhost";
    let mut out = if has_domain {
        image.to_string()
    } else if image.contains('/') {
        format!("docker.io/{image}")
    } else {
        format!("docker.io/library/{image}")
    };
    let last = out.rsplit('/').next().unwrap_or_default();
    if !last.contains(':') && !out.contains('@') {
        out.push_str(":latest");
    }
    out
}

pub(super) fn event_object(e: &crate::cluster::Event) -> Value {
    let kind = match e.kind() {
        "deployment" => "Deployment",
        "replicaset" => "ReplicaSet",
        "service" => "Service",
        "node" => "Node",
        _ => "Pod",
    };
    let mut involved = json!({"kind": kind, "name": e.object_name()});
    if kind != "Node" {
        involved["namespace"] = json!(e.namespace);
    }
    if !e.field_path.is_empty() {
        involved["fieldPath"] = json!(e.field_path);
    }
    let mut source = json!({"component": e.source});
    if !e.host.is_empty() {
        source["host"] = json!(e.host);
    }
    json!({"apiVersion": "v1", "kind": "Event", "type": e.event_type, "reason": e.reason,
           "message": e.message, "count": e.count, "involvedObject": involved, "source": source,
           "metadata": {"name": e.name, "namespace": e.namespace, "creationTimestamp": table::timestamp(e.first_ms)},
           "firstTimestamp": table::timestamp(e.first_ms), "lastTimestamp": table::timestamp(e.last_ms)})
}

/// The Ingress as the API server returns it: the applied object with its metadata, the
/// defaulted class and the status the controller published.
pub(super) fn ingress_object(i: &crate::cluster::Ingress) -> Value {
    let mut object = match &i.spec.raw {
        Value::Object(m) => m.clone(),
        _ => serde_json::Map::new(),
    };
    let mut metadata = match object.remove("metadata") {
        Some(Value::Object(m)) => m,
        _ => serde_json::Map::new(),
    };
    metadata.insert("namespace".into(), json!(i.spec.namespace));
    metadata.insert("uid".into(), json!(i.uid));
    metadata.insert("generation".into(), json!(1));
    metadata.insert("creationTimestamp".into(), json!(table::timestamp(i.created_ms)));
    let mut spec = match object.remove("spec") {
        Some(Value::Object(m)) => m,
        _ => serde_json::Map::new(),
    };
    if let Some(class) = &i.spec.ingress_class_name {
        spec.insert("ingressClassName".into(), json!(class));
    }
    object.insert("metadata".into(), Value::Object(metadata));
    object.insert("spec".into(), Value::Object(spec));
    object.insert(
        "status".into(),
        match &i.address {
            Some(ip) => json!({"loadBalancer": {"ingress": [{"ip": ip}]}}),
            None => json!({"loadBalancer": {}}),
        },
    );
    Value::Object(object)
}

/// A Deployment as the API server returns it: its spec with the API's defaults, the revision
/// annotation and the controller's status.
pub(super) fn deployment_object(d: &crate::cluster::DeploymentState) -> Value {
    let (spec, s) = (&d.spec, &d.status);
    with_metadata(
        json!({
            "apiVersion": "apps/v1", "kind": "Deployment",
            "metadata": {"name": spec.name, "namespace": spec.namespace, "generation": d.generation,
                         "creationTimestamp": table::timestamp(d.created_ms),
                         "annotations": {"deployment.kubernetes.io/revision": s.revision.to_string()}},
            "spec": ({
                let mut written = json!({"replicas": spec.replicas, "selector": {"matchLabels": labels_json(&spec.selector)},
                    "template": spec.template.to_json(),
                    "strategy": match &spec.strategy {
                        crate::manifest::DeploymentStrategy::Recreate => json!({"type": "Recreate"}),
                        crate::manifest::DeploymentStrategy::RollingUpdate { max_surge, max_unavailable } =>
                            json!({"type": "RollingUpdate", "rollingUpdate": {"maxSurge": int_or_string(max_surge), "maxUnavailable": int_or_string(max_unavailable)}}),
                    },
                    "minReadySeconds": spec.min_ready_seconds});
                if spec.min_ready_seconds == 0 {
                    written.as_object_mut().map(|o| o.remove("minReadySeconds"));
                }
                crate::api::defaults::deployment_spec(&mut written);
                written
            }),
            "status": {"observedGeneration": d.observed_generation, "replicas": s.replicas,
                       "updatedReplicas": s.updated_replicas, "readyReplicas": s.ready_replicas,
                       "availableReplicas": s.available_replicas, "unavailableReplicas": s.unavailable_replicas,
                       "conditions": d.conditions.iter().map(|c| json!({
                           "type": c.condition_type, "status": c.status, "reason": c.reason, "message": c.message,
                           "lastUpdateTime": table::timestamp(c.last_update_ms),
                           "lastTransitionTime": table::timestamp(c.last_transition_ms)})).collect::<Vec<_>>()},
        }),
        &spec.labels,
        &spec.annotations,
    )
}

/// A ReplicaSet as the API server returns it: its template labelled with the pod-template-hash,
/// the deployment controller's annotations and its pods' counts.
pub(super) fn replica_set_object(
    rs: &crate::cluster::ReplicaSet,
    selector: &std::collections::BTreeMap<String, String>,
    pods: &[&Pod],
    ready: usize,
) -> Value {
    with_metadata(
        json!({
            "apiVersion": "apps/v1", "kind": "ReplicaSet",
            "metadata": {"name": rs.name, "namespace": rs.namespace,
                         "annotations": {"deployment.kubernetes.io/revision": rs.revision.to_string(),
                                         "deployment.kubernetes.io/desired-replicas": rs.desired_replicas.to_string(),
                                         "deployment.kubernetes.io/max-replicas": rs.max_replicas.to_string()},
                         "ownerReferences": [{"apiVersion": "apps/v1", "kind": "Deployment", "name": rs.owner, "controller": true, "blockOwnerDeletion": true}]},
            "spec": ({
                let mut template = rs.template.to_json();
                let mut labels = rs.template.labels.clone();
                labels.insert("pod-template-hash".into(), rs.template_hash.clone());
                if let Some(t) = template.as_object_mut() {
                    t.entry("metadata").or_insert_with(|| json!({}))["labels"] = labels_json(&labels);
                }
                crate::api::defaults::pod_template(&mut template);
                json!({"replicas": rs.replicas, "selector": {"matchLabels": labels_json(selector)}, "template": template})
            }),
            "status": {"replicas": pods.len(), "readyReplicas": ready},
        }),
        &{
            let mut labels = rs.template.labels.clone();
            labels.insert("pod-template-hash".into(), rs.template_hash.clone());
            labels
        },
        &std::collections::BTreeMap::new(),
    )
}

/// A Service as the API server returns it (see `service_spec`), with its load balancer's status.
pub(super) fn service_object(s: &crate::cluster::Service) -> Value {
    let spec = &s.spec;
    with_metadata(
        json!({
            "apiVersion": "v1", "kind": "Service",
            "metadata": {"name": spec.name, "namespace": spec.namespace,
                         "creationTimestamp": table::timestamp(s.created_ms)},
            "spec": service_spec(s),
            "status": {"loadBalancer": match &s.load_balancer_ip {
                Some(ip) => json!({"ingress": [{"ip": ip, "ipMode": "VIP"}]}),
                None => json!({}),
            }},
        }),
        &spec.labels,
        &spec.annotations,
    )
}

/// The v1 Endpoints of a Service: its ready addresses.
pub(super) fn endpoints_object(s: &crate::cluster::Service, addresses: &[String]) -> Value {
    json!({"apiVersion": "v1", "kind": "Endpoints",
           "metadata": {"name": s.spec.name, "namespace": s.spec.namespace},
           "subsets": [{"addresses": addresses}]})
}

/// An EndpointSlice as the endpointslice controller writes it.
pub(super) fn endpoint_slice_object(slice: &crate::cluster::EndpointSlice) -> Value {
    json!({
        "apiVersion": "discovery.k8s.io/v1", "kind": "EndpointSlice", "addressType": "IPv4",
        "metadata": {"name": slice.name, "namespace": slice.namespace, "generateName": format!("{}-", slice.service),
                     "labels": {"kubernetes.io/service-name": slice.service,
                                "endpointslice.kubernetes.io/managed-by": "endpointslice-controller.k8s.io"},
                     "ownerReferences": [{"apiVersion": "v1", "kind": "Service", "name": slice.service, "controller": true, "blockOwnerDeletion": true}]},
        "endpoints": slice.endpoints.iter().map(|e| json!({
            "addresses": [e.address], "nodeName": e.node_name,
            "conditions": {"ready": e.conditions.ready, "serving": e.conditions.serving, "terminating": e.conditions.terminating},
            "targetRef": {"kind": "Pod", "name": e.pod, "namespace": slice.namespace},
        })).collect::<Vec<_>>(),
        "ports": slice.ports.iter().map(|p| json!({"name": p.name, "port": p.port, "protocol": p.protocol})).collect::<Vec<_>>(),
    })
}

/// A Node: its labels, pod CIDR and addresses.
pub(super) fn node_object(n: &crate::cluster::Node) -> Value {
    json!({"apiVersion": "v1", "kind": "Node",
           "metadata": {"name": n.name, "labels": Value::Object(n.labels().into_iter().map(|(k, v)| (k, Value::String(v))).collect())},
           "spec": {"podCIDR": n.pod_cidr(), "podCIDRs": [n.pod_cidr()]},
           "status": {"addresses": [{"type": "InternalIP", "address": n.internal_ip}, {"type": "Hostname", "address": n.name}]}})
}

/// One of kind's namespaces, always Active.
pub(super) fn namespace_object(n: &crate::cluster::Namespace) -> Value {
    let mut metadata = json!({"name": n.name, "labels": labels_json(&n.labels),
                              "creationTimestamp": table::timestamp(n.created_ms)});
    if let Some(d) = n.deletion_ms {
        metadata["deletionTimestamp"] = json!(table::timestamp(d));
    }
    json!({"apiVersion": "v1", "kind": "Namespace", "metadata": metadata, "spec": {"finalizers": ["kubernetes"]},
           "status": {"phase": n.phase()}})
}

pub(super) fn daemon_set_object(d: &crate::cluster::DaemonSet, status: &DaemonSetStatus) -> Value {
    // The template came from a Pod document (see `Cluster::boot_node_pods`): only its labels
    // and spec belong to a pod template.
    let mut template = d.template.to_json();
    if let Some(t) = template.as_object_mut() {
        t.remove("apiVersion");
        t.remove("kind");
    }
    if let Some(m) = template.get_mut("metadata").and_then(Value::as_object_mut) {
        m.remove("name");
        m.remove("namespace");
    }
    crate::api::defaults::pod_template(&mut template);
    json!({"apiVersion": "apps/v1", "kind": "DaemonSet",
           "metadata": {"name": d.name, "namespace": d.namespace, "labels": labels_json(&d.labels),
                        "generation": d.generation,
                        "annotations": {"deprecated.daemonset.template.generation": d.generation.to_string()},
                        "creationTimestamp": table::timestamp(d.created_ms)},
           "spec": {"selector": {"matchLabels": labels_json(&d.selector)}, "template": template,
                    "revisionHistoryLimit": 10,
                    "updateStrategy": {"type": "RollingUpdate",
                                       "rollingUpdate": {"maxSurge": 0, "maxUnavailable": 1}}},
           "status": {"currentNumberScheduled": status.current, "desiredNumberScheduled": status.desired,
                      "numberAvailable": status.available, "numberMisscheduled": 0,
                      "numberReady": status.ready, "observedGeneration": d.generation,
                      "updatedNumberScheduled": status.current}})
}

/// A DaemonSet's status counts, as its controller computes them.
pub(super) struct DaemonSetStatus {
    pub desired: usize,
    pub current: usize,
    pub ready: usize,
    pub available: usize,
}

impl DaemonSetStatus {
    /// Desired: the nodes that should run a pod (eligible and joined); current: those that
    /// do; ready/available: those whose pod is ready (minReadySeconds is 0).
    pub(super) fn of(cluster: &crate::cluster::Cluster, d: &crate::cluster::DaemonSet) -> DaemonSetStatus {
        let pods: Vec<&Pod> = cluster
            .pods()
            .iter()
            .filter(|p| {
                p.owner_kind == crate::cluster::OwnerKind::DaemonSet
                    && p.owner.as_deref() == Some(d.name.as_str())
                    && p.namespace == d.namespace
                    && p.is_active()
            })
            .map(|p| &**p)
            .collect();
        let current = pods.len();
        let ready = pods.iter().filter(|p| p.ready).count();
        DaemonSetStatus {
            desired: cluster.desired_scheduled(d),
            current,
            ready,
            available: ready,
        }
    }
}

/// ingress-nginx's IngressClass, the default class.
pub(super) fn ingress_class_object() -> Value {
    json!({"apiVersion": "networking.k8s.io/v1", "kind": "IngressClass",
           "metadata": {"name": crate::cluster::INGRESS_CLASS, "creationTimestamp": table::timestamp(0),
                        "annotations": {"ingressclass.kubernetes.io/is-default-class": "true"},
                        "labels": {"app.kubernetes.io/component": "controller", "app.kubernetes.io/name": "ingress-nginx"}},
           "spec": {"controller": crate::cluster::INGRESS_CONTROLLER}})
}
