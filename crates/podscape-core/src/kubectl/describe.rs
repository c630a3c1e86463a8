//! `kubectl describe`: one target parser (`KIND NAME`, `KIND/NAME`, any spelling of the kind)
//! and one describer per kind, each in kubectl's layout, with the object's events.

use serde_json::Value;

use super::flags::Resource;
use super::get::selector_text;
use super::Output;
use crate::cluster::{Cluster, Pod};
use crate::sort::SmallSort;
use crate::table::{self, human_duration};

const UNSIMULATED: &str = "error: describe is simulated for pods, deployments, replicasets, daemonsets, services, nodes, namespaces, configmaps, secrets and ingresses here: kubectl describe pod|deployment|replicaset|daemonset|service|node|namespace|configmap|secret|ingress NAME";

/// `kubectl describe KIND [NAME...]` or `KIND/NAME...`, the kind in any of its spellings (`po`,
/// `pods`, `deployment.apps`). As kubectl's DescribeOptions: every object of the kind when no
/// name is given (each after the previous and a blank line; "No resources found in NS
/// namespace." when there is none), and for `KIND NAME` that is not found, every object whose
/// name starts with NAME (`kubectl describe pod web` describes web's pods).
pub(super) fn describe(cluster: &Cluster, args: &[&str], namespace: &str) -> Output {
    let targets: Vec<(&str, Option<&str>)> = match args {
        [] => {
            return Output::err("error: You must specify the type of resource to describe. Use \"kubectl api-resources\" for a complete list of supported resources.\n")
        }
        [one, ..] if one.contains('/') => {
            let Some(targets) = args
                .iter()
                .map(|a| a.split_once('/').map(|(k, n)| (k, Some(n))))
                .collect::<Option<Vec<_>>>()
            else {
                return Output::err(
                    "error: arguments in resource/name form must have a single resource and name\n",
                );
            };
            targets
        }
        [kind] => vec![(*kind, None)],
        [kind, names @ ..] => names.iter().map(|n| (*kind, Some(*n))).collect(),
    };
    let mut out = Output::ok("");
    let mut first = true;
    let mut print = |out: &mut Output, one: Output| {
        if one.exit_code != 0 {
            out.append(one);
        } else if std::mem::take(&mut first) {
            out.stdout.push_str(&one.stdout);
        } else {
            out.stdout.push_str(&format!("\n\n{}", one.stdout));
        }
    };
    for (kind, name) in targets.iter().take(crate::budget::MAX_OBJECTS_PER_KIND) {
        let Some(resource) = Resource::parse(kind).filter(|r| names(cluster, *r, namespace).is_some()) else {
            return Output::err(UNSIMULATED);
        };
        let all = names(cluster, resource, namespace).unwrap_or_default();
        match name {
            None if all.is_empty() => {
                let scoped = matches!(resource, Resource::Nodes | Resource::Namespaces);
                out.stderr.push_str(&if scoped {
                    "No resources found\n".to_string()
                } else {
                    format!("No resources found in {namespace} namespace.\n")
                });
            }
            None => {
                for n in &all {
                    print(&mut out, describe_one(cluster, resource, namespace, n));
                }
            }
            Some(n) => {
                let one = describe_one(cluster, resource, namespace, n);
                let matching: Vec<&String> = all.iter().filter(|m| m.starts_with(n)).collect();
                // DescribeMatchingResources: only for `KIND NAME`, each followed by a newline.
                if one.exit_code != 0 && targets.len() == 1 && !args[0].contains('/') && !matching.is_empty()
                {
                    for m in matching {
                        let d = describe_one(cluster, resource, namespace, m);
                        out.stdout.push_str(&d.stdout);
                        out.stdout.push('\n');
                    }
                } else {
                    print(&mut out, one);
                }
            }
        }
    }
    out
}

/// The names of every object of `resource` describe knows (in `namespace` unless it is
/// cluster-scoped), sorted as the API server lists them; `None` for a kind it does not describe.
fn names(cluster: &Cluster, resource: Resource, namespace: &str) -> Option<Vec<String>> {
    let in_ns = |ns: &str| ns == namespace;
    let mut names: Vec<String> = match resource {
        Resource::Pods => cluster
            .pods()
            .iter()
            .filter(|p| in_ns(&p.namespace))
            .map(|p| p.name.clone())
            .collect(),
        Resource::Deployments => cluster
            .deployments()
            .filter(|d| in_ns(&d.spec.namespace))
            .map(|d| d.spec.name.clone())
            .collect(),
        Resource::ReplicaSets => cluster
            .replica_sets()
            .iter()
            .filter(|r| in_ns(&r.namespace))
            .map(|r| r.name.clone())
            .collect(),
        Resource::Services => cluster
            .services()
            .filter(|s| in_ns(&s.spec.namespace))
            .map(|s| s.spec.name.clone())
            .collect(),
        Resource::Nodes => cluster.nodes().iter().map(|n| n.name.clone()).collect(),
        Resource::Ingresses => cluster
            .ingresses()
            .filter(|i| in_ns(&i.spec.namespace))
            .map(|i| i.spec.name.clone())
            .collect(),
        Resource::Namespaces => cluster.namespaces().map(|n| n.name.clone()).collect(),
        Resource::DaemonSets => cluster
            .daemon_sets()
            .iter()
            .filter(|d| in_ns(&d.namespace))
            .map(|d| d.name.clone())
            .collect(),
        Resource::ConfigMaps => cluster
            .config_maps()
            .into_iter()
            .filter(|(c, _)| in_ns(&c.namespace))
            .map(|(c, _)| c.name)
            .collect(),
        Resource::Secrets => cluster
            .secrets()
            .filter(|(s, _)| in_ns(&s.namespace))
            .map(|(s, _)| s.name.clone())
            .collect(),
        _ => return None,
    };
    names.sort_unstable();
    Some(names)
}

fn describe_one(cluster: &Cluster, resource: Resource, namespace: &str, name: &str) -> Output {
    match resource {
        Resource::Pods => describe_pod(cluster, namespace, name),
        Resource::Deployments => describe_deployment(cluster, namespace, name),
        Resource::ReplicaSets => describe_replicaset(cluster, namespace, name),
        Resource::Services => describe_service(cluster, namespace, name),
        Resource::Nodes => describe_node(cluster, name),
        Resource::Ingresses => describe_ingress(cluster, namespace, name),
        Resource::Namespaces => describe_namespace(cluster, name),
        Resource::DaemonSets => describe_daemon_set(cluster, namespace, name),
        Resource::ConfigMaps => super::config::describe_config_map(cluster, namespace, name),
        Resource::Secrets => super::config::describe_secret(cluster, namespace, name),
        _ => Output::err(UNSIMULATED),
    }
}

/// One of describe's `Key:\tvalue` lines for `table::tabwrite`; further values go on lines of
/// their own under the first (labels, taints, tolerations).
fn describe_field(out: &mut String, key: &str, values: &[String]) {
    for (i, v) in values.iter().enumerate() {
        let key = if i == 0 { format!("{key}:") } else { String::new() };
        out.push_str(&format!("{key}\t{v}\n"));
    }
}

/// Tolerations as `printTolerationsMultiline` writes them (`key=value:effect op=Exists for
/// Ns`), or `<none>`.
fn toleration_lines(tolerations: &[crate::api::Toleration]) -> Vec<String> {
    if tolerations.is_empty() {
        return vec!["<none>".into()];
    }
    tolerations
        .iter()
        .map(|t| {
            let mut s = t.key.clone();
            if !t.value.is_empty() {
                s.push_str(&format!("={}", t.value));
            }
            if !t.effect.is_empty() {
                s.push_str(&format!(":{}", t.effect));
            }
            if t.operator == "Exists" && t.value.is_empty() {
                s.push_str(if s.is_empty() { "op=Exists" } else { " op=Exists" });
            }
            if let Some(seconds) = t.toleration_seconds {
                s.push_str(&format!(" for {seconds}s"));
            }
            s
        })
        .collect()
}

/// A map as describe lists it: `key{sep}value` a line each, or `<none>`.
fn map_lines(m: &std::collections::BTreeMap<String, String>, sep: &str) -> Vec<String> {
    if m.is_empty() {
        vec!["<none>".into()]
    } else {
        m.iter().map(|(k, v)| format!("{k}{sep}{v}")).collect()
    }
}

/// `kubectl describe node`, in kubectl's layout (`describeNode`), abridged: roles, labels,
/// taints, the Ready condition as the node controller keeps it, addresses, capacity, the pods
/// it runs and its events.
fn describe_node(cluster: &Cluster, name: &str) -> Output {
    let Some(n) = cluster.nodes().iter().find(|n| n.name == name) else {
        return Output::err(format!(
            "Error from server (NotFound): nodes \"{name}\" not found"
        ));
    };
    let now = cluster.now_ms();
    let mut head = String::new();
    let mut field = |key: &str, values: Vec<String>| describe_field(&mut head, key, &values);
    field("Name", vec![n.name.clone()]);
    field(
        "Roles",
        vec![if n.taint().is_some() {
            "control-plane"
        } else {
            "<none>"
        }
        .into()],
    );
    field(
        "Labels",
        n.labels().into_iter().map(|(k, v)| format!("{k}={v}")).collect(),
    );
    field("CreationTimestamp", vec![table::describe_time(n.created_ms)]);
    let mut taints: Vec<String> = n.taint().map(|t| format!("{t}:NoSchedule")).into_iter().collect();
    if n.unschedulable {
        taints.push("node.kubernetes.io/unschedulable:NoSchedule".into());
    }
    if !n.ready_at(now) {
        taints.push("node.kubernetes.io/unreachable:NoExecute".into());
        taints.push("node.kubernetes.io/unreachable:NoSchedule".into());
    }
    field(
        "Taints",
        if taints.is_empty() {
            vec!["<none>".into()]
        } else {
            taints
        },
    );
    field("Unschedulable", vec![n.unschedulable.to_string()]);
    let mut out = table::tabwrite(&head, 0, 2);
    let (status, reason, message) = if n.ready_at(now) {
        ("True", "KubeletReady", "kubelet is posting ready status")
    } else {
        (
            "Unknown",
            "NodeStatusUnknown",
            "Kubelet stopped posting node status.",
        )
    };
    let mut conditions =
        String::from("Conditions:\n  Type\tStatus\tReason\tMessage\n  ----\t------\t------\t-------\n");
    for (kind, ok_reason, ok_message) in [
        (
            "MemoryPressure",
            "KubeletHasSufficientMemory",
            "kubelet has sufficient memory available",
        ),
        (
            "DiskPressure",
            "KubeletHasNoDiskPressure",
            "kubelet has no disk pressure",
        ),
        (
            "PIDPressure",
            "KubeletHasSufficientPID",
            "kubelet has sufficient PID available",
        ),
    ] {
        let row = if n.ready_at(now) {
            ("False", ok_reason, ok_message)
        } else {
            (
                "Unknown",
                "NodeStatusUnknown",
                "Kubelet stopped posting node status.",
            )
        };
        conditions.push_str(&format!("  {kind}\t{}\t{}\t{}\n", row.0, row.1, row.2));
    }
    conditions.push_str(&format!("  Ready\t{status}\t{reason}\t{message}\n"));
    out.push_str(&table::tabwrite(&conditions, 0, 2));
    out.push_str(&format!(
        "Addresses:\n  InternalIP:  {}\n  Hostname:    {}\n",
        n.internal_ip, n.name
    ));
    let cpu = crate::cluster::ALLOCATABLE_CPU_MILLIS / 1000;
    let memory_ki = crate::cluster::ALLOCATABLE_MEMORY_BYTES / 1024;
    for section in ["Capacity", "Allocatable"] {
        out.push_str(&format!(
            "{section}:\n  cpu:                {cpu}\n  ephemeral-storage:  102626232Ki\n  hugepages-2Mi:      0\n  memory:             {memory_ki}Ki\n  pods:               110\n"
        ));
    }
    out.push_str(&format!("PodCIDR:                      {}\nPodCIDRs:                     {}\nProviderID:                   kind://docker/podscape/{}\n", n.pod_cidr(), n.pod_cidr(), n.name));
    let pods: Vec<&crate::cluster::Pod> = cluster
        .pods()
        .iter()
        .filter(|p| p.node.as_deref() == Some(name))
        .map(|p| &**p)
        .collect();
    let mut table_text = format!(
        "Non-terminated Pods:\t({} in total)\n  Namespace\tName\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\tAge\n  ---------\t----\t------------\t----------\t---------------\t-------------\t---\n",
        pods.len()
    );
    for p in &pods {
        table_text.push_str(&format!(
            "  {}\t{}\t0 (0%)\t0 (0%)\t0 (0%)\t0 (0%)\t{}\n",
            p.namespace,
            p.name,
            table::human_duration(now.saturating_sub(p.created_ms))
        ));
    }
    out.push_str(&table::tabwrite(&table_text, 0, 2));
    match describe_events(cluster, &format!("node/{name}"), None) {
        Some(events) => out.push_str(&events),
        None => out.push_str("Events:              <none>\n"),
    }
    Output::ok(out)
}

/// `kubectl describe service`, in kubectl's layout (`describeService`): its addresses, each
/// port with its target, NodePort and ready endpoints (three at most, `+ N more...`), affinity
/// and traffic policies, and its events.
fn describe_service(cluster: &Cluster, namespace: &str, name: &str) -> Output {
    let Some(s) = cluster
        .services()
        .find(|s| s.spec.namespace == namespace && s.spec.name == name)
    else {
        return Output::err(format!(
            "Error from server (NotFound): services \"{name}\" not found"
        ));
    };
    let spec = &s.spec;
    let mut out = String::new();
    let mut field = |key: &str, values: Vec<String>| describe_field(&mut out, key, &values);
    field("Name", vec![spec.name.clone()]);
    field("Namespace", vec![spec.namespace.clone()]);
    field("Labels", map_lines(&spec.labels, "="));
    field("Annotations", map_lines(&spec.annotations, ": "));
    let selector = if spec.selector.is_empty() {
        "<none>".to_string()
    } else {
        spec.selector
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join(",")
    };
    field("Selector", vec![selector]);
    field("Type", vec![spec.service_type.clone()]);
    if spec.service_type == "ExternalName" {
        field("IP Families", vec!["<none>".into()]);
        field("IP", vec![String::new()]);
        field(
            "External Name",
            vec![spec.external_name.clone().unwrap_or_default()],
        );
    } else {
        field("IP Family Policy", vec!["SingleStack".into()]);
        field("IP Families", vec!["IPv4".into()]);
        field("IP", vec![s.cluster_ip.clone()]);
        field("IPs", vec![s.cluster_ip.clone()]);
    }
    if let Some(ip) = &s.load_balancer_ip {
        field("LoadBalancer Ingress", vec![format!("{ip} (VIP)")]);
    }
    let slices: Vec<crate::cluster::EndpointSlice> = cluster.endpoint_slice(s).into_iter().collect();
    for (i, p) in spec.ports.iter().enumerate() {
        let port_name = p.name.clone().unwrap_or_default();
        let shown = if port_name.is_empty() {
            "<unset>".to_string()
        } else {
            port_name.clone()
        };
        field("Port", vec![format!("{shown}  {}/{}", p.port, p.protocol)]);
        field("TargetPort", vec![format!("{}/{}", p.target_port, p.protocol)]);
        if let Some(Some(node_port)) = s.node_ports.get(i) {
            field("NodePort", vec![format!("{shown}  {node_port}/{}", p.protocol)]);
        }
        if spec.service_type != "ExternalName" {
            field("Endpoints", vec![format_endpoint_slices(&slices, &port_name)]);
        }
    }
    field(
        "Session Affinity",
        vec![if spec.session_affinity_timeout.is_some() {
            "ClientIP"
        } else {
            "None"
        }
        .into()],
    );
    if let Some(policy) = &spec.external_traffic_policy {
        field("External Traffic Policy", vec![policy.clone()]);
    }
    if spec.service_type != "ExternalName" {
        field(
            "Internal Traffic Policy",
            vec![spec.internal_traffic_policy.clone()],
        );
    }
    let events = describe_events(cluster, &format!("service/{name}"), Some(namespace));
    if events.is_none() {
        field("Events", vec!["<none>".into()]);
    }
    Output::ok(table::tabwrite(&out, 0, 2) + &events.unwrap_or_default())
}

/// `kubectl describe pod`, in kubectl's layout (`describePod`): identity, the container with its
/// state, restarts and probes, the pod's conditions, tolerations and events. Container and
/// image IDs, volumes and mounts are left out: the simulation has none to show.
fn describe_pod(cluster: &Cluster, namespace: &str, name: &str) -> Output {
    let Some(p) = cluster
        .pods()
        .iter()
        .find(|p| p.namespace == namespace && p.name == name)
    else {
        return Output::err(format!("Error from server (NotFound): pods \"{name}\" not found"));
    };
    let now = cluster.now_ms();
    let mut head = String::new();
    let mut field = |key: &str, values: Vec<String>| describe_field(&mut head, key, &values);
    field("Name", vec![p.name.clone()]);
    field("Namespace", vec![p.namespace.clone()]);
    let mut spec = p.template.to_json()["spec"].clone();
    crate::api::defaults::pod(&mut spec);
    field("Priority", vec![spec["priority"].to_string()]);
    if let Some(class) = spec["priorityClassName"].as_str() {
        field("Priority Class Name", vec![class.to_string()]);
    }
    field("Service Account", vec!["default".into()]);
    let node = match (
        &p.node,
        p.node
            .as_deref()
            .and_then(|n| cluster.nodes().iter().find(|x| x.name == n)),
    ) {
        (Some(n), Some(x)) => format!("{n}/{}", x.internal_ip),
        _ => "<none>".into(),
    };
    field("Node", vec![node]);
    // status.startTime: when the kubelet took the pod on, which restarts do not move.
    if p.node.is_some() {
        field("Start Time", vec![table::describe_time(p.created_ms)]);
    }
    field("Labels", map_lines(&p.labels, "="));
    field("Annotations", map_lines(&p.annotations, ": "));
    if let Some(deleted) = p.deletion_ms {
        field(
            "Status",
            vec![format!(
                "Terminating (lasts {})",
                table::human_duration(now.saturating_sub(deleted))
            )],
        );
        field(
            "Termination Grace Period",
            vec![format!("{}s", p.template.termination_grace_period_seconds)],
        );
    } else {
        field("Status", vec![p.phase.as_str().to_string()]);
    }
    field("IP", vec![p.ip.clone().unwrap_or_default()]);
    let mut out = table::tabwrite(&head, 0, 2);
    if let Some(ip) = &p.ip {
        out.push_str(&format!("IPs:\n  IP:  {ip}\n"));
    } else {
        out.push_str("IPs:              <none>\n");
    }
    if let Some(owner) = &p.owner {
        out.push_str(&format!("Controlled By:  {}/{owner}\n", p.owner_kind.as_str()));
    }
    // The container.
    let c = p.template.containers.iter().find(|c| c.name == p.container_name);
    let mut body = format!("Containers:\n  {}:\n", p.container_name);
    line(&mut body, "Image", p.image.clone());
    if let Some(c) = c {
        container_spec_lines(&mut body, c);
    }
    let status = p.status();
    let state = match (p.phase.as_str(), status) {
        (_, "Terminating") => "Running".to_string(),
        ("Running", "Running") => "Running".to_string(),
        (_, "Pending") => "Waiting".to_string(),
        _ => "Waiting".to_string(),
    };
    let terminated = matches!(
        p.phase,
        crate::cluster::PodPhase::Succeeded | crate::cluster::PodPhase::Failed
    );
    let state = if terminated && status != "Terminating" {
        "Terminated".to_string()
    } else {
        state
    };
    line(&mut body, "State", state.clone());
    if state == "Terminated" {
        body.push_str(&format!(
            "      Reason:\t{status}\n      Exit Code:\t{}\n",
            p.exit_code()
        ));
    } else if state == "Running" {
        if let Some(started) = p.started_ms {
            body.push_str(&format!("      Started:\t{}\n", table::describe_time(started)));
        }
    } else if status != "Pending" {
        body.push_str(&format!("      Reason:\t{status}\n"));
    }
    line(
        &mut body,
        "Ready",
        if p.ready { "True".into() } else { "False".into() },
    );
    line(&mut body, "Restart Count", p.restarts.to_string());
    if let Some(c) = c {
        probe_lines(&mut body, c);
        env_lines(&mut body, c, Some(p));
    }
    out.push_str(&table::tabwrite(&body, 0, 2));
    // Conditions, as the kubelet and scheduler set them.
    let scheduled = p.node.is_some();
    let mut conditions = String::from("Conditions:\n  Type\tStatus\n");
    for (kind, ok) in [
        ("PodReadyToStartContainers", scheduled && p.ip.is_some()),
        ("Initialized", scheduled),
        ("Ready", p.ready),
        ("ContainersReady", p.ready),
        ("PodScheduled", scheduled),
    ] {
        if kind == "PodReadyToStartContainers" && !scheduled {
            continue;
        }
        conditions.push_str(&format!("  {kind} \t{} \n", if ok { "True" } else { "False" }));
    }
    out.push_str(&table::tabwrite(&conditions, 0, 2));
    let mut tail = String::new();
    tail.push_str("QoS Class:\tBestEffort\n");
    let selectors = map_lines(&p.template.node_selector, "=");
    tail.push_str(&format!("Node-Selectors:\t{}\n", selectors.join(",")));
    let mut tolerations = p.template.tolerations.clone();
    for key in ["node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable"] {
        // DefaultTolerationSeconds adds what no toleration covers (see `api::defaults::pod`).
        let covered = tolerations
            .iter()
            .any(|t| (t.key == key || t.key.is_empty()) && (t.effect == "NoExecute" || t.effect.is_empty()));
        if !covered {
            tolerations.push(crate::api::Toleration {
                key: key.into(),
                operator: "Exists".into(),
                effect: "NoExecute".into(),
                toleration_seconds: Some(300),
                ..Default::default()
            });
        }
    }
    describe_field(&mut tail, "Tolerations", &toleration_lines(&tolerations));
    out.push_str(&table::tabwrite(&tail, 0, 2));
    // Events about the pod, oldest first.
    // describe's From is the reporting component alone (get events -o wide adds the host).
    match describe_events(cluster, &format!("pod/{name}"), Some(namespace)) {
        Some(events) => out.push_str(&events),
        None => out.push_str("Events:                      <none>\n"),
    }
    Output::ok(out)
}

/// One of describe's container lines: `    Key:\tvalue` (for `table::tabwrite`).
fn line(body: &mut String, key: &str, value: String) {
    body.push_str(&format!("    {key}:\t{value}\n"));
}

/// `describeContainerEnvFrom` (only when there is some) and `describeContainerEnvVars`: values,
/// the keys they come from, and `fieldRef`s resolved against the pod.
fn env_lines(body: &mut String, c: &crate::manifest::Container, pod: Option<&Pod>) {
    use crate::manifest::EnvSource;
    if !c.env_from.is_empty() {
        body.push_str("    Environment Variables from:\n");
        for e in &c.env_from {
            let from = if e.secret { "Secret" } else { "ConfigMap" };
            let from = if e.prefix.is_empty() {
                from.to_string()
            } else {
                format!("{from} with prefix '{}'", e.prefix)
            };
            body.push_str(&format!("      {}\t{from}\tOptional: {}\n", e.name, e.optional));
        }
    }
    if c.env.is_empty() {
        line(body, "Environment", "<none>".into());
        return;
    }
    body.push_str("    Environment:\n");
    for e in &c.env {
        match &e.source {
            EnvSource::Value(v) => {
                for (i, part) in v.split('\n').enumerate() {
                    let key = if i == 0 {
                        format!("{}:", e.name)
                    } else {
                        String::new()
                    };
                    body.push_str(&format!("      {key}\t{part}\n"));
                }
            }
            EnvSource::Field(path) => {
                let value = pod
                    .and_then(|p| p.env.iter().find(|(k, _)| *k == e.name))
                    .map(|(_, v)| v.clone())
                    .unwrap_or_default();
                body.push_str(&format!("      {}:\t{value} (v1:{path})\n", e.name));
            }
            EnvSource::KeyRef {
                secret,
                name,
                key,
                optional,
            } => {
                let source = if *secret {
                    format!("<set to the key '{key}' in secret '{name}'>")
                } else {
                    format!("<set to the key '{key}' of config map '{name}'>")
                };
                body.push_str(&format!("      {}:\t{source}\tOptional: {optional}\n", e.name));
            }
            EnvSource::Other => {}
        }
    }
}

/// A container's ports, host ports, command and args as `describeContainers` prints them.
fn container_spec_lines(body: &mut String, c: &crate::manifest::Container) {
    let ports = |port: fn(&crate::manifest::ContainerPort) -> String| {
        c.ports.iter().map(port).collect::<Vec<_>>().join(", ")
    };
    let (key, host_key) = if c.ports.len() > 1 {
        ("Ports", "Host Ports")
    } else {
        ("Port", "Host Port")
    };
    if c.ports.is_empty() {
        line(body, "Port", "<none>".into());
        line(body, "Host Port", "<none>".into());
    } else {
        line(
            body,
            key,
            ports(|p| format!("{}/{}", p.container_port, p.protocol)),
        );
        line(body, host_key, ports(|p| format!("0/{}", p.protocol)));
    }
    for (key, words) in [("Command", &c.command), ("Args", &c.args)] {
        if !words.is_empty() {
            body.push_str(&format!("    {key}:\n"));
            for w in words.iter() {
                body.push_str(&format!("      {w}\n"));
            }
        }
    }
}

/// A container's liveness and readiness probes as describe prints them.
fn probe_lines(body: &mut String, c: &crate::manifest::Container) {
    let probe = |pr: &crate::manifest::Probe| {
        let action = match &pr.handler {
            crate::manifest::ProbeHandler::HttpGet { path, port } => format!("http-get http://:{port}{path}"),
            crate::manifest::ProbeHandler::TcpSocket { port } => format!("tcp-socket :{port}"),
            crate::manifest::ProbeHandler::Exec { command } => format!("exec [{}]", command.join(" ")),
            crate::manifest::ProbeHandler::Grpc { port } => format!("grpc <pod>:{port} <service>"),
        };
        format!(
            "{action} delay={}s timeout={}s period={}s #success={} #failure={}",
            pr.initial_delay_seconds,
            pr.timeout_seconds,
            pr.period_seconds,
            pr.success_threshold,
            pr.failure_threshold
        )
    };
    if let Some(pr) = &c.liveness_probe {
        line(body, "Liveness", probe(pr));
    }
    if let Some(pr) = &c.readiness_probe {
        line(body, "Readiness", probe(pr));
    }
}

/// `kubectl describe replicaset` in kubectl's layout (`describeReplicaSet`): the fields, the
/// pods' phases, the pod template (`DescribePodTemplate`) and the events.
fn describe_replicaset(cluster: &Cluster, namespace: &str, name: &str) -> Output {
    let Some(rs) = cluster
        .replica_sets()
        .iter()
        .find(|rs| rs.namespace == namespace && rs.name == name)
    else {
        return Output::err(format!(
            "Error from server (NotFound): replicasets.apps \"{name}\" not found"
        ));
    };
    let mut labels = rs.template.labels.clone();
    labels.insert("pod-template-hash".into(), rs.template_hash.clone());
    let mut selector = cluster
        .deployment(&rs.namespace, &rs.owner)
        .map(|d| d.spec.selector.clone())
        .unwrap_or_default();
    selector.insert("pod-template-hash".into(), rs.template_hash.clone());
    let owned: Vec<&Pod> = cluster
        .pods()
        .iter()
        .filter(|p| p.namespace == rs.namespace && p.owner.as_ref() == Some(&rs.name))
        .map(|p| &**p)
        .collect();
    let phase = |phase: &str| owned.iter().filter(|p| p.phase.as_str() == phase).count();
    let mut out = String::new();
    let mut field = |key: &str, values: Vec<String>| describe_field(&mut out, key, &values);
    field("Name", vec![rs.name.clone()]);
    field("Namespace", vec![rs.namespace.clone()]);
    field("Selector", vec![selector_text(&selector)]);
    field("Labels", map_lines(&labels, "="));
    field(
        "Annotations",
        vec![
            format!(
                "deployment.kubernetes.io/desired-replicas: {}",
                rs.desired_replicas
            ),
            format!("deployment.kubernetes.io/max-replicas: {}", rs.max_replicas),
            format!("deployment.kubernetes.io/revision: {}", rs.revision),
        ],
    );
    field("Controlled By", vec![format!("Deployment/{}", rs.owner)]);
    field(
        "Replicas",
        vec![format!(
            "{} current / {} desired",
            owned.iter().filter(|p| p.is_active()).count(),
            rs.replicas
        )],
    );
    field(
        "Pods Status",
        vec![format!(
            "{} Running / {} Waiting / {} Succeeded / {} Failed",
            phase("Running"),
            phase("Pending"),
            phase("Succeeded"),
            phase("Failed")
        )],
    );
    out.push_str(&pod_template(&rs.template, &labels));
    let mut out = table::tabwrite(&out, 0, 2);
    match describe_events(cluster, &format!("replicaset/{name}"), Some(namespace)) {
        Some(events) => out.push_str(&events),
        None => out.push_str("Events:  <none>\n"),
    }
    Output::ok(out)
}

/// `DescribePodTemplate` through a `PrefixWriter`: tab-separated, as `rollout history
/// --revision` prints it and `describe replicaset` aligns it.
pub(super) fn pod_template(
    template: &crate::manifest::PodTemplate,
    labels: &std::collections::BTreeMap<String, String>,
) -> String {
    let mut out = String::from("Pod Template:\n");
    let template_labels = map_lines(labels, "=");
    for (i, l) in template_labels.iter().enumerate() {
        out.push_str(&format!("{}\t{l}\n", if i == 0 { "  Labels:" } else { "" }));
    }
    out.push_str("  Containers:\n");
    for c in &template.containers {
        out.push_str(&format!("   {}:\n", c.name));
        line(&mut out, "Image", c.image.clone());
        container_spec_lines(&mut out, c);
        probe_lines(&mut out, c);
        env_lines(&mut out, c, None);
        line(&mut out, "Mounts", "<none>".into());
    }
    out.push_str("  Volumes:\t<none>\n");
    let selectors = map_lines(&template.node_selector, "=");
    out.push_str(&format!("  Node-Selectors:\t{}\n", selectors.join(",")));
    out.push_str("  Tolerations:\t<none>\n");
    out
}

/// `kubectl describe namespace` (`describeNamespace`): no quota nor LimitRange is simulated.
fn describe_namespace(cluster: &Cluster, name: &str) -> Output {
    let Some(ns) = cluster.namespace(name) else {
        return Output::err(format!(
            "Error from server (NotFound): namespaces \"{name}\" not found"
        ));
    };
    let mut out = String::new();
    describe_field(&mut out, "Name", std::slice::from_ref(&ns.name));
    describe_field(&mut out, "Labels", &map_lines(&ns.labels, "="));
    describe_field(&mut out, "Annotations", &["<none>".into()]);
    describe_field(&mut out, "Status", &[ns.phase().into()]);
    let mut out = table::tabwrite(&out, 0, 2);
    out.push_str("\nNo resource quota.\n\nNo LimitRange resource.\n");
    Output::ok(out)
}

/// `kubectl describe daemonset` (`describeDaemonSet`), the pod template abridged as for
/// ReplicaSets.
fn describe_daemon_set(cluster: &Cluster, namespace: &str, name: &str) -> Output {
    let Some(d) = cluster
        .daemon_sets()
        .iter()
        .find(|d| d.namespace == namespace && d.name == name)
    else {
        return Output::err(format!(
            "Error from server (NotFound): daemonsets.apps \"{name}\" not found"
        ));
    };
    let s = super::wire::DaemonSetStatus::of(cluster, d);
    let mut out = String::new();
    describe_field(&mut out, "Name", std::slice::from_ref(&d.name));
    describe_field(&mut out, "Namespace", std::slice::from_ref(&d.namespace));
    describe_field(&mut out, "Selector", &[selector_text(&d.selector)]);
    describe_field(
        &mut out,
        "Node-Selector",
        &[selector_text(&d.template.node_selector)],
    );
    describe_field(&mut out, "Labels", &map_lines(&d.labels, "="));
    describe_field(
        &mut out,
        "Annotations",
        &[format!(
            "deprecated.daemonset.template.generation: {}",
            d.generation
        )],
    );
    // These lines have no tab: they end the aligned block, as in kubectl.
    out.push_str(&format!(
        "Desired Number of Nodes Scheduled: {}\nCurrent Number of Nodes Scheduled: {}\nNumber of Nodes Scheduled with Up-to-date Pods: {}\nNumber of Nodes Scheduled with Available Pods: {}\nNumber of Nodes Misscheduled: 0\n",
        s.desired, s.current, s.current, s.available
    ));
    let running = s.ready;
    out.push_str(&format!(
        "Pods Status:\t{running} Running / {} Waiting / 0 Succeeded / 0 Failed\n",
        s.current - running
    ));
    out.push_str("Pod Template:\n");
    for (i, l) in map_lines(&d.template.labels, "=").iter().enumerate() {
        out.push_str(&format!("{}\t{l}\n", if i == 0 { "  Labels:" } else { "" }));
    }
    out.push_str("  Containers:\n");
    for c in &d.template.containers {
        out.push_str(&format!("   {}:\n", c.name));
        line(&mut out, "Image", c.image.clone());
        container_spec_lines(&mut out, c);
        probe_lines(&mut out, c);
        line(&mut out, "Environment", "<none>".into());
        line(&mut out, "Mounts", "<none>".into());
    }
    out.push_str("  Volumes:\t<none>\n");
    let selectors = map_lines(&d.template.node_selector, "=");
    out.push_str(&format!("  Node-Selectors:\t{}\n", selectors.join(",")));
    for (i, t) in toleration_lines(&d.template.tolerations).iter().enumerate() {
        out.push_str(&format!("{}\t{t}\n", if i == 0 { "  Tolerations:" } else { "" }));
    }
    let mut out = table::tabwrite(&out, 0, 2);
    match describe_events(cluster, &format!("daemonset/{name}"), Some(namespace)) {
        Some(events) => out.push_str(&events),
        None => out.push_str("Events:  <none>\n"),
    }
    Output::ok(out)
}

/// `kubectl describe deployment`: the fields, conditions, ReplicaSets and events, in
/// kubectl's layout (the pod template abridged to labels, images and ports).
fn describe_deployment(cluster: &Cluster, namespace: &str, name: &str) -> Output {
    let Some(d) = cluster.deployment(namespace, name) else {
        return Output::err(format!(
            "Error from server (NotFound): deployments.apps \"{name}\" not found"
        ));
    };
    let (spec, s) = (&d.spec, &d.status);
    let kv = |m: &std::collections::BTreeMap<String, String>, sep: &str| {
        if m.is_empty() {
            "<none>".to_string()
        } else {
            m.iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect::<Vec<_>>()
                .join(sep)
        }
    };
    let mut out = String::new();
    let field = |out: &mut String, key: &str, value: &str| {
        out.push_str(&format!("{:<24}{value}\n", format!("{key}:")))
    };
    field(&mut out, "Name", &spec.name);
    field(&mut out, "Namespace", &spec.namespace);
    field(&mut out, "CreationTimestamp", &table::describe_time(d.created_ms));
    field(
        &mut out,
        "Labels",
        &kv(&spec.labels, "\n                        "),
    );
    field(
        &mut out,
        "Annotations",
        &format!("deployment.kubernetes.io/revision: {}", s.revision),
    );
    field(&mut out, "Selector", &kv(&spec.selector, ","));
    field(
        &mut out,
        "Replicas",
        &format!(
            "{} desired | {} updated | {} total | {} available | {} unavailable",
            spec.replicas, s.updated_replicas, s.replicas, s.available_replicas, s.unavailable_replicas
        ),
    );
    match &spec.strategy {
        crate::manifest::DeploymentStrategy::Recreate => field(&mut out, "StrategyType", "Recreate"),
        crate::manifest::DeploymentStrategy::RollingUpdate {
            max_surge,
            max_unavailable,
        } => {
            field(&mut out, "StrategyType", "RollingUpdate");
            field(&mut out, "MinReadySeconds", &spec.min_ready_seconds.to_string());
            field(
                &mut out,
                "RollingUpdateStrategy",
                &format!("{max_unavailable} max unavailable, {max_surge} max surge"),
            );
        }
    }
    out.push_str("Pod Template:\n");
    out.push_str(&format!(
        "  Labels:  {}\n",
        kv(&spec.template.labels, "\n           ")
    ));
    out.push_str("  Containers:\n");
    for c in &spec.template.containers {
        out.push_str(&format!("   {}:\n    Image:      {}\n", c.name, c.image));
        for p in &c.ports {
            out.push_str(&format!("    Port:       {}/{}\n", p.container_port, p.protocol));
        }
    }
    out.push_str("Conditions:\n");
    let mut rows = vec![
        vec!["  Type".to_string(), "Status".into(), "Reason".into()],
        vec!["  ----".into(), "------".into(), "------".into()],
    ];
    rows.extend(d.conditions.iter().map(|c| {
        vec![
            format!("  {}", c.condition_type),
            c.status.into(),
            c.reason.into(),
        ]
    }));
    out.push_str(&table::render_with(&rows, 2, 0));
    let mut owned: Vec<_> = cluster
        .replica_sets()
        .iter()
        .filter(|rs| rs.owner == spec.name && rs.namespace == spec.namespace)
        .collect();
    owned.small_sort_by_key(|rs| rs.revision);
    let describe_rs = |rs: &crate::cluster::ReplicaSet| {
        let created = cluster
            .pods()
            .iter()
            .filter(|p| p.owner.as_ref() == Some(&rs.name) && p.is_active())
            .count();
        format!("{} ({created}/{} replicas created)", rs.name, rs.replicas)
    };
    let new_rs = owned.iter().find(|rs| rs.revision == s.revision);
    let old: Vec<String> = owned
        .iter()
        .filter(|rs| rs.revision != s.revision && rs.replicas > 0)
        .map(|rs| describe_rs(rs))
        .collect();
    out.push_str(&format!(
        "OldReplicaSets:  {}\n",
        if old.is_empty() {
            "<none>".into()
        } else {
            old.join(", ")
        }
    ));
    out.push_str(&format!(
        "NewReplicaSet:   {}\n",
        new_rs.map_or("<none>".into(), |rs| describe_rs(rs))
    ));
    match describe_events(cluster, &format!("deployment/{name}"), Some(namespace)) {
        Some(events) => out.push_str(&events),
        None => out.push_str("Events:          <none>\n"),
    }
    Output::ok(out)
}

/// `kubectl describe ingress` (describeIngressV1): the backends with the endpoints kubectl
/// lists for them, the default backend, annotations and events.
fn describe_ingress(cluster: &Cluster, namespace: &str, name: &str) -> Output {
    let Some(ing) = cluster.ingress(namespace, name) else {
        return Output::err(format!(
            "Error from server (NotFound): ingresses.networking.k8s.io \"{name}\" not found"
        ));
    };
    let spec = &ing.spec;
    let describe_backend = |b: &crate::manifest::IngressBackend| -> String {
        let sb = format!("{}:{}", b.service_name, b.service_port);
        let Some(service) = cluster.service(namespace, &b.service_name) else {
            return format!("{sb} (<error: services \"{}\" not found>)", b.service_name);
        };
        let mut port_name = String::new();
        for p in &service.spec.ports {
            let matched = match &b.service_port {
                crate::manifest::IntOrString::Int(n) => *n != 0 && *n == p.port,
                crate::manifest::IntOrString::String(n) => {
                    !n.is_empty() && p.name.as_deref() == Some(n.as_str())
                }
            };
            if matched {
                port_name = p.name.clone().unwrap_or_default();
            }
        }
        let slices: Vec<crate::cluster::EndpointSlice> =
            cluster.endpoint_slice(service).into_iter().collect();
        format!("{sb} ({})", format_endpoint_slices(&slices, &port_name))
    };
    let default_backend = spec
        .default_backend
        .as_ref()
        .map_or_else(|| "<default>".to_string(), describe_backend);
    let string_map = |key: &str| -> Vec<(String, String)> {
        let mut pairs: Vec<(String, String)> = spec.raw["metadata"][key]
            .as_object()
            .map(|m| {
                m.iter()
                    .map(|(k, v)| {
                        (
                            k.clone(),
                            v.as_str().map_or_else(|| v.to_string(), str::to_string),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default();
        pairs.small_sort();
        pairs
    };
    let mut head = format!("Name:\t{name}\n");
    let labels = string_map("labels");
    if labels.is_empty() {
        head.push_str("Labels:\t<none>\n");
    }
    for (i, (k, v)) in labels.iter().enumerate() {
        head.push_str(&format!("{}\t{k}={v}\n", if i == 0 { "Labels:" } else { "" }));
    }
    head.push_str(&format!("Namespace:\t{namespace}\n"));
    head.push_str(&format!("Address:\t{}\n", ing.address.as_deref().unwrap_or("")));
    head.push_str(&format!(
        "Ingress Class:\t{}\n",
        spec.ingress_class_name.as_deref().unwrap_or("<none>")
    ));
    head.push_str(&format!("Default backend:\t{default_backend}\n"));
    if let Some(tls) = spec.raw["spec"]["tls"].as_array().filter(|t| !t.is_empty()) {
        head.push_str("TLS:\n");
        for t in tls {
            let hosts: Vec<&str> = t["hosts"]
                .as_array()
                .map(|h| h.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default();
            match t["secretName"].as_str().filter(|s| !s.is_empty()) {
                Some(secret) => head.push_str(&format!("  {secret} terminates {}\n", hosts.join(","))),
                None => head.push_str(&format!("  SNI routes {}\n", hosts.join(","))),
            }
        }
    }
    head.push_str("Rules:\n  Host\tPath\tBackends\n  ----\t----\t--------\n");
    let mut count = 0;
    for rule in spec.rules.iter().filter(|r| !r.paths.is_empty()) {
        count += 1;
        head.push_str(&format!("  {}\t\n", rule.host.as_deref().unwrap_or("*")));
        for p in &rule.paths {
            head.push_str(&format!("    \t{} \t{}\n", p.path, describe_backend(&p.backend)));
        }
    }
    if count == 0 {
        head.push_str(&format!("  *\t*\t{default_backend}\n"));
    }
    let annotations = string_map("annotations");
    if annotations.is_empty() {
        head.push_str("Annotations:\t<none>\n");
    }
    for (i, (k, v)) in annotations.iter().enumerate() {
        head.push_str(&format!(
            "{}\t{k}: {v}\n",
            if i == 0 { "Annotations:" } else { "" }
        ));
    }
    // The recorder has already folded repeats of one event into a count (the correlator).
    let events = describe_events(cluster, &format!("ingress/{name}"), Some(namespace));
    if events.is_none() {
        head.push_str("Events:\t<none>\n");
    }
    Output::ok(table::tabwrite(&head, 0, 2) + &events.unwrap_or_default())
}

/// kubectl's `formatEndpointSlices`: ready addresses with the port of that name, three at most
/// (`+ N more...`), quirks included.
fn format_endpoint_slices(slices: &[crate::cluster::EndpointSlice], port_name: &str) -> String {
    if slices.is_empty() {
        return "<none>".into();
    }
    let max = 3;
    let mut list: Vec<String> = Vec::new();
    let mut more = false;
    let mut count = 0;
    for slice in slices {
        if slice.ports.is_empty() {
            for e in &slice.endpoints {
                if list.len() == max {
                    more = true;
                }
                if !e.conditions.ready {
                    continue;
                }
                if !more {
                    list.push(e.address.clone());
                }
                count += 1;
            }
        } else {
            for port in slice.ports.iter().filter(|p| p.name == port_name) {
                for e in &slice.endpoints {
                    if list.len() == max {
                        more = true;
                    }
                    if !e.conditions.ready {
                        continue;
                    }
                    if !more {
                        list.push(format!("{}:{}", e.address, port.port));
                    }
                    count += 1;
                }
            }
        }
    }
    let joined = list.join(",");
    if more {
        format!("{joined} + {} more...", count - max)
    } else {
        joined
    }
}

/// The Events section of `kubectl describe` for `object` (in `namespace`, if given), sorted by
/// lastTimestamp as `DescribeEvents` sorts them; `None` when there are none, since each
/// describer prints `<none>` in its own layout.
fn describe_events(cluster: &Cluster, object: &str, namespace: Option<&str>) -> Option<String> {
    let now = cluster.now_ms();
    let mut events: Vec<&crate::cluster::Event> = cluster
        .events()
        .iter()
        .filter(|e| e.object == object && namespace.is_none_or(|ns| e.namespace == ns))
        .map(|e| &**e)
        .collect();
    if events.is_empty() {
        return None;
    }
    events.small_sort_by_key(|e| e.last_timestamp_ms());
    let mut text =
        String::from("Events:\n  Type\tReason\tAge\tFrom\tMessage\n  ----\t------\t----\t----\t-------\n");
    for e in events {
        text.push_str(&format!(
            "  {}\t{}\t{}\t{}\t{}\n",
            e.event_type,
            e.reason,
            event_interval(e, now),
            e.source,
            e.message.trim()
        ));
    }
    Some(table::tabwrite(&text, 0, 2))
}

/// The Age column of `describe`'s Events: `10s`, or `10s (x3 over 2m)` for a repeated event.
fn event_interval(e: &crate::cluster::Event, now: u64) -> String {
    let first = human_duration(now.saturating_sub(e.first_timestamp_ms()));
    if e.count > 1 {
        format!(
            "{} (x{} over {first})",
            human_duration(now.saturating_sub(e.last_timestamp_ms())),
            e.count
        )
    } else {
        first
    }
}
