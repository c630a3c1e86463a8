//! Defaulting into the domain types ([`super::types`]), after validation, so shapes are known to
//! be right: what the API server's `SetDefaults_*` and the decoders fill in.

use std::collections::BTreeMap;
use std::rc::Rc;

use super::yaml::{Node, Value};
use super::*;
// ---------------------------------------------------------------------------------------------
// Defaulting into domain types (after validation, so shapes are known to be right).

pub(super) fn opt<'a>(node: &'a Node, key: &str) -> Option<&'a Node> {
    node.get(key).filter(|n| !n.is_null())
}

pub(super) fn str_of(node: Option<&Node>, key: &str) -> Option<String> {
    node.and_then(|n| opt(n, key))
        .and_then(Node::as_str)
        .map(String::from)
}

pub(super) fn int_or(node: Option<&Node>, key: &str, default: i64) -> i64 {
    node.and_then(|n| opt(n, key))
        .and_then(Node::as_i64)
        .unwrap_or(default)
}

pub(super) fn strings(node: Option<&Node>) -> Vec<String> {
    node.map(Node::items)
        .unwrap_or(&[])
        .iter()
        .filter_map(|n| n.as_str().map(String::from))
        .collect()
}

pub(super) fn meta_name(root: &Node) -> String {
    str_of(opt(root, "metadata"), "name").unwrap_or_default()
}

pub(super) fn meta_namespace(root: &Node) -> String {
    str_of(opt(root, "metadata"), "namespace")
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "default".into())
}

pub(super) fn meta_map(root: &Node, key: &str) -> BTreeMap<String, String> {
    validate::string_map(opt(root, "metadata").and_then(|m| opt(m, key)))
}

pub(super) fn int_or_string(node: &Node) -> Option<IntOrString> {
    match &node.value {
        Value::Str(s) => Some(IntOrString::String(s.clone())),
        _ => node.as_i64().map(|i| IntOrString::Int(i as i32)),
    }
}

pub(super) fn selector_of(node: Option<&Node>) -> (BTreeMap<String, String>, Vec<LabelSelectorRequirement>) {
    let Some(node) = node else {
        return Default::default();
    };
    let s = validate::read_selector(node);
    (s.match_labels, s.match_expressions)
}

pub(super) fn deployment(root: &Node, line: usize) -> Deployment {
    let spec = opt(root, "spec");
    let (selector, match_expressions) = selector_of(spec.and_then(|s| opt(s, "selector")));
    let strategy_node = spec.and_then(|s| opt(s, "strategy"));
    let strategy = match str_of(strategy_node, "type").as_deref() {
        Some("Recreate") => DeploymentStrategy::Recreate,
        _ => {
            let rolling = strategy_node.and_then(|s| opt(s, "rollingUpdate"));
            let field = |key| {
                rolling
                    .and_then(|r| opt(r, key))
                    .and_then(int_or_string)
                    .unwrap_or_else(|| IntOrString::String("25%".into()))
            };
            DeploymentStrategy::RollingUpdate {
                max_surge: field("maxSurge"),
                max_unavailable: field("maxUnavailable"),
            }
        }
    };
    let template = spec.and_then(|s| opt(s, "template"));
    Deployment {
        name: meta_name(root),
        namespace: meta_namespace(root),
        replicas: int_or(spec, "replicas", 1) as i32,
        selector,
        template: pod_template(template.unwrap_or(root)),
        labels: meta_map(root, "labels"),
        annotations: meta_map(root, "annotations"),
        match_expressions,
        strategy,
        min_ready_seconds: int_or(spec, "minReadySeconds", 0) as i32,
        revision_history_limit: int_or(spec, "revisionHistoryLimit", 10) as i32,
        progress_deadline_seconds: int_or(spec, "progressDeadlineSeconds", 600) as i32,
        paused: spec
            .and_then(|s| opt(s, "paused"))
            .and_then(Node::as_bool)
            .unwrap_or(false),
        line,
        raw: root.to_json(),
    }
}

/// A pod template (`metadata` + `spec`), or a Pod (the same two at its root). Requests default
/// to limits in both (`SetDefaults_Pod`, which the pods a template makes get too).
pub(super) fn pod_template(template: &Node) -> PodTemplate {
    let spec = opt(template, "spec");
    let containers = spec
        .and_then(|s| opt(s, "containers"))
        .map(Node::items)
        .unwrap_or(&[])
        .iter()
        .map(container)
        .collect();
    let mut rest = template.to_json();
    owned_out(&mut rest);
    let mut template = PodTemplate {
        labels: meta_map(template, "labels"),
        containers,
        annotations: meta_map(template, "annotations"),
        node_selector: validate::string_map(spec.and_then(|s| opt(s, "nodeSelector"))),
        tolerations: spec
            .and_then(|s| opt(s, "tolerations"))
            .map(Node::items)
            .unwrap_or(&[])
            .iter()
            .map(|t| Toleration {
                key: str_of(Some(t), "key").unwrap_or_default(),
                operator: str_of(Some(t), "operator").unwrap_or_default(),
                value: str_of(Some(t), "value").unwrap_or_default(),
                effect: str_of(Some(t), "effect").unwrap_or_default(),
                toleration_seconds: opt(t, "tolerationSeconds").and_then(Node::as_i64),
            })
            .collect(),
        termination_grace_period_seconds: int_or(spec, "terminationGracePeriodSeconds", 30),
        restart_policy: str_of(spec, "restartPolicy").unwrap_or_else(|| "Always".into()),
        volumes: items(spec.and_then(|s| opt(s, "volumes")))
            .iter()
            .map(|v| Volume {
                name: str_of(Some(v), "name").unwrap_or_default(),
                source: key_source(opt(v, "configMap"), false, "name")
                    .or_else(|| key_source(opt(v, "secret"), true, "secretName")),
                items: items(
                    opt(v, "configMap")
                        .or_else(|| opt(v, "secret"))
                        .and_then(|s| opt(s, "items")),
                )
                .iter()
                .map(|i| {
                    (
                        str_of(Some(i), "key").unwrap_or_default(),
                        str_of(Some(i), "path").unwrap_or_default(),
                    )
                })
                .collect(),
            })
            .collect(),
        enable_service_links: spec
            .and_then(|s| opt(s, "enableServiceLinks"))
            .and_then(Node::as_bool)
            .unwrap_or(true),
        rest: Rc::from(rest.to_string()),
        hash: Rc::from(""),
    };
    template.rehash();
    template
}

pub(super) fn container(c: &Node) -> Container {
    let image = str_of(Some(c), "image").unwrap_or_default();
    let resources = opt(c, "resources");
    // Requests default to limits (`SetDefaults_Pod`), rounded up as `MilliValue`/`Value` do.
    let request = |key: &str, scale: f64| {
        let value = resources
            .and_then(|r| opt(r, "requests"))
            .and_then(|r| opt(r, key))
            .or_else(|| resources.and_then(|r| opt(r, "limits")).and_then(|l| opt(l, key)))?;
        validate::quantity(value).map(|q| (q * scale).ceil() as i64)
    };
    Container {
        name: str_of(Some(c), "name").unwrap_or_default(),
        image_pull_policy: str_of(Some(c), "imagePullPolicy")
            .unwrap_or_else(|| crate::api::defaults::image_pull_policy(&image).into()),
        image,
        ports: opt(c, "ports")
            .map(Node::items)
            .unwrap_or(&[])
            .iter()
            .map(|p| ContainerPort {
                name: str_of(Some(p), "name"),
                container_port: int_or(Some(p), "containerPort", 0) as i32,
                protocol: str_of(Some(p), "protocol").unwrap_or_else(|| "TCP".into()),
            })
            .collect(),
        readiness_probe: opt(c, "readinessProbe").and_then(probe),
        liveness_probe: opt(c, "livenessProbe").and_then(probe),
        startup_probe: opt(c, "startupProbe").and_then(probe),
        requests_cpu_millis: request("cpu", 1000.0),
        requests_memory_bytes: request("memory", 1.0),
        args: strings(opt(c, "args")),
        command: strings(opt(c, "command")),
        env: items(opt(c, "env")).iter().map(env_var).collect(),
        env_from: items(opt(c, "envFrom"))
            .iter()
            .filter_map(|e| {
                let source = key_source(opt(e, "configMapRef"), false, "name")
                    .or_else(|| key_source(opt(e, "secretRef"), true, "name"))?;
                Some(EnvFrom {
                    prefix: str_of(Some(e), "prefix").unwrap_or_default(),
                    secret: source.secret,
                    name: source.name,
                    optional: source.optional,
                })
            })
            .collect(),
        volume_mounts: items(opt(c, "volumeMounts"))
            .iter()
            .map(|m| VolumeMount {
                name: str_of(Some(m), "name").unwrap_or_default(),
                mount_path: str_of(Some(m), "mountPath").unwrap_or_default(),
            })
            .collect(),
    }
}

fn items(node: Option<&Node>) -> &[Node] {
    node.map(Node::items).unwrap_or(&[])
}

/// A `configMapRef`/`secretRef`/`configMap`/`secret` source: its name (under `name_key`) and
/// `optional`.
fn key_source(node: Option<&Node>, secret: bool, name_key: &str) -> Option<KeySource> {
    let node = node?;
    Some(KeySource {
        secret,
        name: str_of(Some(node), name_key).unwrap_or_default(),
        optional: opt(node, "optional").and_then(Node::as_bool).unwrap_or(false),
    })
}

fn env_var(e: &Node) -> EnvVar {
    let name = str_of(Some(e), "name").unwrap_or_default();
    let from = opt(e, "valueFrom");
    let key_ref = |field: &str, secret: bool| {
        let r = from.and_then(|f| opt(f, field))?;
        Some(EnvSource::KeyRef {
            secret,
            name: str_of(Some(r), "name").unwrap_or_default(),
            key: str_of(Some(r), "key").unwrap_or_default(),
            optional: opt(r, "optional").and_then(Node::as_bool).unwrap_or(false),
        })
    };
    let source = match from {
        None => EnvSource::Value(str_of(Some(e), "value").unwrap_or_default()),
        Some(f) => key_ref("configMapKeyRef", false)
            .or_else(|| key_ref("secretKeyRef", true))
            .or_else(|| str_of(opt(f, "fieldRef"), "fieldPath").map(EnvSource::Field))
            .unwrap_or(EnvSource::Other),
    };
    EnvVar { name, source }
}

/// A ConfigMap: `data` as written, `binaryData` decoded (validation checked the base64).
pub(super) fn config_map(root: &Node, line: usize) -> ConfigMap {
    let binary = validate::string_map(opt(root, "binaryData"));
    ConfigMap {
        name: meta_name(root),
        namespace: meta_namespace(root),
        labels: meta_map(root, "labels"),
        data: validate::string_map(opt(root, "data")),
        binary_data: binary
            .into_iter()
            .map(|(k, v)| {
                let bytes = data_encoding::BASE64.decode(v.as_bytes()).unwrap_or_default();
                (k, bytes)
            })
            .collect(),
        immutable: opt(root, "immutable").and_then(Node::as_bool).unwrap_or(false),
        line,
        raw: root.to_json(),
    }
}

/// A Secret: `data` decoded, `stringData` merged over it (the API server's conversion does it
/// on write), `type` defaulted to `Opaque` (`SetDefaults_Secret`).
pub(super) fn secret(root: &Node, line: usize) -> Secret {
    let mut data: BTreeMap<String, Vec<u8>> = validate::string_map(opt(root, "data"))
        .into_iter()
        .map(|(k, v)| {
            let bytes = data_encoding::BASE64.decode(v.as_bytes()).unwrap_or_default();
            (k, bytes)
        })
        .collect();
    for (k, v) in validate::string_map(opt(root, "stringData")) {
        data.insert(k, v.into_bytes());
    }
    Secret {
        name: meta_name(root),
        namespace: meta_namespace(root),
        labels: meta_map(root, "labels"),
        secret_type: str_of(Some(root), "type")
            .filter(|t| !t.is_empty())
            .unwrap_or_else(|| "Opaque".into()),
        data,
        immutable: opt(root, "immutable").and_then(Node::as_bool).unwrap_or(false),
        line,
        raw: root.to_json(),
    }
}

pub(super) fn probe(p: &Node) -> Option<Probe> {
    let handler = if let Some(h) = opt(p, "httpGet") {
        ProbeHandler::HttpGet {
            path: str_of(Some(h), "path").unwrap_or_else(|| "/".into()),
            port: opt(h, "port").and_then(int_or_string)?,
        }
    } else if let Some(h) = opt(p, "tcpSocket") {
        ProbeHandler::TcpSocket {
            port: opt(h, "port").and_then(int_or_string)?,
        }
    } else if let Some(h) = opt(p, "exec") {
        ProbeHandler::Exec {
            command: strings(opt(h, "command")),
        }
    } else if let Some(h) = opt(p, "grpc") {
        ProbeHandler::Grpc {
            port: int_or(Some(h), "port", 0) as i32,
        }
    } else {
        return None;
    };
    let field = |key, default| int_or(Some(p), key, default) as i32;
    Some(Probe {
        handler,
        initial_delay_seconds: field("initialDelaySeconds", 0),
        timeout_seconds: field("timeoutSeconds", 1),
        period_seconds: field("periodSeconds", 10),
        success_threshold: field("successThreshold", 1),
        failure_threshold: field("failureThreshold", 3),
    })
}

pub(super) fn service(root: &Node, line: usize) -> Service {
    let spec = opt(root, "spec");
    let service_type = str_of(spec, "type").unwrap_or_else(|| "ClusterIP".into());
    let external_ips = strings(spec.and_then(|s| opt(s, "externalIPs")));
    let externally_accessible = matches!(service_type.as_str(), "NodePort" | "LoadBalancer")
        || (service_type == "ClusterIP" && !external_ips.is_empty());
    let affinity = str_of(spec, "sessionAffinity").unwrap_or_else(|| "None".into());
    let timeout = spec
        .and_then(|s| opt(s, "sessionAffinityConfig"))
        .and_then(|c| opt(c, "clientIP"))
        .and_then(|c| opt(c, "timeoutSeconds"))
        .and_then(Node::as_i64);
    Service {
        name: meta_name(root),
        namespace: meta_namespace(root),
        selector: validate::string_map(spec.and_then(|s| opt(s, "selector"))),
        ports: spec
            .and_then(|s| opt(s, "ports"))
            .map(Node::items)
            .unwrap_or(&[])
            .iter()
            .map(|p| {
                let port = int_or(Some(p), "port", 0) as i32;
                let target = opt(p, "targetPort")
                    .and_then(int_or_string)
                    .filter(|t| *t != IntOrString::Int(0) && *t != IntOrString::String(String::new()));
                ServicePort {
                    name: str_of(Some(p), "name"),
                    protocol: str_of(Some(p), "protocol").unwrap_or_else(|| "TCP".into()),
                    port,
                    target_port: target.unwrap_or(IntOrString::Int(port)),
                    node_port: opt(p, "nodePort")
                        .and_then(Node::as_i64)
                        .filter(|n| *n != 0)
                        .map(|n| n as i32),
                }
            })
            .collect(),
        labels: meta_map(root, "labels"),
        annotations: meta_map(root, "annotations"),
        cluster_ip: str_of(spec, "clusterIP").filter(|s| !s.is_empty()),
        external_name: str_of(spec, "externalName"),
        session_affinity_timeout: (affinity == "ClientIP").then(|| timeout.unwrap_or(10800) as i32),
        external_traffic_policy: str_of(spec, "externalTrafficPolicy")
            .filter(|s| !s.is_empty())
            .or_else(|| externally_accessible.then(|| "Cluster".into())),
        internal_traffic_policy: if service_type == "ExternalName" {
            String::new()
        } else {
            str_of(spec, "internalTrafficPolicy").unwrap_or_else(|| "Cluster".into())
        },
        publish_not_ready_addresses: spec
            .and_then(|s| opt(s, "publishNotReadyAddresses"))
            .and_then(Node::as_bool)
            .unwrap_or(false),
        external_ips,
        service_type,
        line,
        raw: root.to_json(),
    }
}

pub(super) fn ingress_backend(node: Option<&Node>) -> Option<IngressBackend> {
    let service = node.and_then(|b| opt(b, "service"))?;
    let port = opt(service, "port");
    Some(IngressBackend {
        service_name: str_of(Some(service), "name").unwrap_or_default(),
        service_port: match str_of(port, "name") {
            Some(name) => IntOrString::String(name),
            None => IntOrString::Int(int_or(port, "number", 0) as i32),
        },
    })
}

pub(super) fn ingress(root: &Node, line: usize) -> Ingress {
    let spec = opt(root, "spec");
    Ingress {
        name: meta_name(root),
        namespace: meta_namespace(root),
        ingress_class_name: str_of(spec, "ingressClassName"),
        default_backend: ingress_backend(spec.and_then(|s| opt(s, "defaultBackend"))),
        rules: spec
            .and_then(|s| opt(s, "rules"))
            .map(Node::items)
            .unwrap_or(&[])
            .iter()
            .map(|r| IngressRule {
                host: str_of(Some(r), "host"),
                paths: opt(r, "http")
                    .and_then(|h| opt(h, "paths"))
                    .map(Node::items)
                    .unwrap_or(&[])
                    .iter()
                    .filter_map(|p| {
                        Some(IngressPath {
                            path: str_of(Some(p), "path").unwrap_or_else(|| "/".into()),
                            path_type: str_of(Some(p), "pathType").unwrap_or_default(),
                            backend: ingress_backend(opt(p, "backend"))?,
                        })
                    })
                    .collect(),
            })
            .collect(),
        line,
        raw: root.to_json(),
    }
}
