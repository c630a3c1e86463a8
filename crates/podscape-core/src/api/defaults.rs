//! The defaults the API server writes into objects (`SetDefaults_*` in `pkg/apis/*/v1`), as
//! `kubectl get -o yaml|json` shows them. The simulation reads the same defaults from the
//! manifests engine; this module only fills them into the JSON that is printed.
//!
//! Simplified: a pod does not show the projected `kube-api-access-…` volume (and its mounts)
//! that the ServiceAccount admission plugin adds.

use serde_json::{json, Map, Value};

/// `SetDefaults_Deployment` (apps/v1) on a Deployment's `spec`, its template included.
pub fn deployment_spec(spec: &mut Value) {
    let Some(spec) = spec.as_object_mut() else {
        return;
    };
    spec.entry("replicas").or_insert(json!(1));
    spec.entry("revisionHistoryLimit").or_insert(json!(10));
    spec.entry("progressDeadlineSeconds").or_insert(json!(600));
    let strategy = spec.entry("strategy").or_insert_with(|| json!({}));
    if let Some(strategy) = strategy.as_object_mut() {
        let kind = strategy.entry("type").or_insert(json!("RollingUpdate")).clone();
        if kind == "RollingUpdate" {
            let rolling = strategy.entry("rollingUpdate").or_insert_with(|| json!({}));
            if let Some(rolling) = rolling.as_object_mut() {
                rolling.entry("maxUnavailable").or_insert(json!("25%"));
                rolling.entry("maxSurge").or_insert(json!("25%"));
            }
        }
    }
    if let Some(template) = spec.get_mut("template") {
        pod_template(template);
    }
}

/// A pod template: the pod spec's defaults under `spec`.
pub fn pod_template(template: &mut Value) {
    if let Some(spec) = template.get_mut("spec") {
        pod_spec(spec);
    }
}

/// `SetDefaults_PodSpec` and each container's `SetDefaults_Container` (ports, probes).
pub fn pod_spec(spec: &mut Value) {
    let Some(spec) = spec.as_object_mut() else {
        return;
    };
    spec.entry("dnsPolicy").or_insert(json!("ClusterFirst"));
    spec.entry("restartPolicy").or_insert(json!("Always"));
    spec.entry("schedulerName").or_insert(json!("default-scheduler"));
    spec.entry("securityContext").or_insert_with(|| json!({}));
    spec.entry("terminationGracePeriodSeconds").or_insert(json!(30));
    for key in ["initContainers", "containers"] {
        if let Some(containers) = spec.get_mut(key).and_then(Value::as_array_mut) {
            containers
                .iter_mut()
                .filter_map(Value::as_object_mut)
                .for_each(container);
        }
    }
}

/// What the API server adds to a pod that a template does not have: `SetDefaults_Pod`
/// (`enableServiceLinks`), and the admission plugins' fields (Priority, ServiceAccount,
/// DefaultTolerationSeconds).
pub fn pod(spec: &mut Value) {
    pod_spec(spec);
    let Some(spec) = spec.as_object_mut() else {
        return;
    };
    spec.entry("enableServiceLinks").or_insert(json!(true));
    spec.entry("preemptionPolicy")
        .or_insert(json!("PreemptLowerPriority"));
    // The Priority admission: the two built-in PriorityClasses, else the default 0.
    let priority = match spec.get("priorityClassName").and_then(Value::as_str) {
        Some("system-node-critical") => 2_000_001_000,
        Some("system-cluster-critical") => 2_000_000_000,
        _ => 0,
    };
    spec.entry("priority").or_insert(json!(priority));
    let account = spec
        .get("serviceAccountName")
        .cloned()
        .unwrap_or(json!("default"));
    spec.entry("serviceAccountName").or_insert(account.clone());
    spec.entry("serviceAccount").or_insert(account);
    let tolerations = spec.entry("tolerations").or_insert_with(|| json!([]));
    if let Some(list) = tolerations.as_array_mut() {
        for key in ["node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable"] {
            // DefaultTolerationSeconds: a toleration of the key, or of every key (no key), for
            // NoExecute (or every effect) already covers it.
            let covered = |t: &Value| {
                let k = t["key"].as_str().unwrap_or_default();
                let effect = t["effect"].as_str().unwrap_or_default();
                (k == key || k.is_empty()) && (effect == "NoExecute" || effect.is_empty())
            };
            if !list.iter().any(covered) {
                list.push(json!({"effect": "NoExecute", "key": key, "operator": "Exists", "tolerationSeconds": 300}));
            }
        }
    }
}

fn container(c: &mut Map<String, Value>) {
    let image = c
        .get("image")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    c.entry("imagePullPolicy")
        .or_insert(json!(image_pull_policy(&image)));
    c.entry("resources").or_insert_with(|| json!({}));
    c.entry("terminationMessagePath")
        .or_insert(json!("/dev/termination-log"));
    c.entry("terminationMessagePolicy").or_insert(json!("File"));
    if let Some(ports) = c.get_mut("ports").and_then(Value::as_array_mut) {
        for port in ports.iter_mut().filter_map(Value::as_object_mut) {
            port.entry("protocol").or_insert(json!("TCP"));
        }
    }
    for key in ["livenessProbe", "readinessProbe", "startupProbe"] {
        if let Some(probe) = c.get_mut(key).and_then(Value::as_object_mut) {
            probe.entry("timeoutSeconds").or_insert(json!(1));
            probe.entry("periodSeconds").or_insert(json!(10));
            probe.entry("successThreshold").or_insert(json!(1));
            probe.entry("failureThreshold").or_insert(json!(3));
            if let Some(get) = probe.get_mut("httpGet").and_then(Value::as_object_mut) {
                get.entry("scheme").or_insert(json!("HTTP"));
            }
        }
    }
}

/// `Always` for an untagged image or `:latest`, else `IfNotPresent` (a digest counts as pinned):
/// the one rule, for the simulation (`manifest::Container`) and for what `-o yaml` prints.
pub fn image_pull_policy(image: &str) -> &'static str {
    if image.contains('@') {
        return "IfNotPresent";
    }
    let name = image.rsplit('/').next().unwrap_or(image);
    match name.split_once(':') {
        Some((_, "latest")) | None => "Always",
        Some(_) => "IfNotPresent",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pull_policy_follows_the_tag() {
        assert_eq!(image_pull_policy("nginx"), "Always");
        assert_eq!(image_pull_policy("nginx:latest"), "Always");
        assert_eq!(image_pull_policy("nginx:1.27"), "IfNotPresent");
        assert_eq!(
            image_pull_policy("localhost:5000/app"),
            "Always",
            "a registry's port is not a tag"
        );
        assert_eq!(
            image_pull_policy("registry.k8s.io/pause@sha256:abc"),
            "IfNotPresent"
        );
    }

    #[test]
    fn written_values_win_over_defaults() {
        let mut spec = json!({"replicas": 5, "strategy": {"type": "Recreate"},
            "template": {"spec": {"restartPolicy": "Always", "containers": [
                {"name": "a", "image": "x:latest", "imagePullPolicy": "Never",
                 "ports": [{"containerPort": 53, "protocol": "UDP"}],
                 "readinessProbe": {"httpGet": {"path": "/", "port": 80}, "periodSeconds": 3}}]}}});
        deployment_spec(&mut spec);
        assert_eq!(spec["replicas"], 5);
        assert_eq!(
            spec["strategy"],
            json!({"type": "Recreate"}),
            "no rollingUpdate for Recreate"
        );
        assert_eq!(spec["revisionHistoryLimit"], 10);
        let c = &spec["template"]["spec"]["containers"][0];
        assert_eq!(c["imagePullPolicy"], "Never");
        assert_eq!(c["ports"][0]["protocol"], "UDP");
        assert_eq!(c["readinessProbe"]["periodSeconds"], 3);
        assert_eq!(c["readinessProbe"]["timeoutSeconds"], 1);
        assert_eq!(c["readinessProbe"]["httpGet"]["scheme"], "HTTP");
        assert_eq!(spec["template"]["spec"]["dnsPolicy"], "ClusterFirst");
    }

    #[test]
    fn a_pod_gets_the_admission_plugins_fields_once() {
        let mut spec = json!({"containers": [{"name": "a", "image": "x:1"}],
            "tolerations": [{"key": "node.kubernetes.io/not-ready", "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": 60}]});
        pod(&mut spec);
        pod(&mut spec);
        let tolerations = spec["tolerations"].as_array().unwrap();
        assert_eq!(tolerations.len(), 2, "{tolerations:?}");
        assert_eq!(tolerations[0]["tolerationSeconds"], 60, "the written one is kept");
        assert_eq!(spec["serviceAccountName"], "default");
        assert_eq!(spec["priority"], 0);
    }
}
