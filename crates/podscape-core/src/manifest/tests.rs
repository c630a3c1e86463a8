//! Unit tests of the pipeline; the data-driven corpus lives in `tests/manifests.rs`.

use super::*;
use crate::scenario::DEFAULT_YAML;

fn only_error(text: &str) -> Diagnostic {
    let m = parse(text);
    let errors: Vec<_> = m.diagnostics.iter().filter(|d| d.is_error()).collect();
    assert_eq!(errors.len(), 1, "{:#?}", m.diagnostics);
    errors[0].clone()
}

#[test]
fn default_scenario_parses_into_a_backend_its_service_and_a_client() {
    let m = parse(DEFAULT_YAML);
    assert_eq!(m.diagnostics, vec![]);
    let names: Vec<_> = m.objects.iter().map(Object::kubectl_name).collect();
    assert_eq!(
        names,
        [
            "deployment.apps/image-processor",
            "service/image-processor",
            "deployment.apps/web"
        ]
    );
    let Object::Deployment(web) = &m.objects[2] else {
        panic!("not a deployment")
    };
    let client = crate::cluster::client_loop(&web.template.containers[0]).expect("a client loop");
    assert_eq!(client.urls[0].0, "http://image-processor");
    assert_eq!(client.period_ms, 500);
    let Object::Deployment(d) = &m.objects[0] else {
        panic!("not a deployment")
    };
    assert_eq!(d.replicas, 3);
    assert_eq!(d.template.containers[0].ports[0].container_port, 9376);
}

#[test]
fn syntax_error_reports_line_and_column_and_no_path() {
    let text = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n   labels: x\n";
    let m = parse(text);
    assert!(m.objects.is_empty());
    let d = &m.diagnostics[0];
    assert!(d.is_error());
    assert_eq!((d.line, d.path.as_str()), (5, ""));
    assert!(
        d.message.contains("mapping values are not allowed"),
        "{}",
        d.message
    );
}

#[test]
fn type_error_reports_the_field_path_and_position() {
    let text = DEFAULT_YAML.replace("replicas: 3", "replicas: three");
    let d = only_error(&text);
    let line = text.lines().position(|l| l.contains("replicas: three")).unwrap() + 1;
    assert_eq!((d.line, d.column, d.path.as_str()), (line, 13, "spec.replicas"));
    assert_eq!(
        d.message,
        "json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32"
    );
}

#[test]
fn unknown_kind_is_reported_as_kubectl_does() {
    let d = only_error("apiVersion: extensions/v1beta1\nkind: Deployment\nmetadata: {name: web}\n");
    assert_eq!(
        d.message,
        "no matches for kind \"Deployment\" in version \"extensions/v1beta1\""
    );
    assert_eq!((d.line, d.column), (1, 13));
    assert_eq!(d.hint.as_deref(), Some("use apps/v1"));
    let d = only_error("apiVersion: apps/v1\nkind: Deploymnet\nmetadata: {name: web}\n");
    assert_eq!(d.hint.as_deref(), Some("did you mean Deployment?"));
}

#[test]
fn defaults_are_applied() {
    let m = parse("apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  ports: [{port: 80}]\n");
    let Object::Service(s) = &m.objects[0] else {
        panic!("not a service")
    };
    assert_eq!(s.service_type, "ClusterIP");
    assert_eq!(s.ports[0].protocol, "TCP");
    assert_eq!(s.ports[0].target_port, IntOrString::Int(80));
    assert_eq!(s.internal_traffic_policy, "Cluster");
    assert_eq!(s.external_traffic_policy, None);
    assert_eq!(s.session_affinity_timeout, None);
}

#[test]
fn deployment_defaults_follow_set_defaults_deployment() {
    let m = parse(DEFAULT_YAML);
    let Object::Deployment(d) = &m.objects[0] else {
        panic!()
    };
    assert_eq!(
        d.strategy,
        DeploymentStrategy::RollingUpdate {
            max_surge: IntOrString::String("25%".into()),
            max_unavailable: IntOrString::String("25%".into()),
        }
    );
    assert_eq!(
        (
            d.revision_history_limit,
            d.progress_deadline_seconds,
            d.min_ready_seconds
        ),
        (10, 600, 0)
    );
    assert_eq!(d.template.termination_grace_period_seconds, 30);
    assert_eq!(d.template.restart_policy, "Always");
    assert_eq!(d.template.containers[0].image_pull_policy, "IfNotPresent");
    assert_eq!(d.line, 3);
    assert_eq!(d.raw["spec"]["replicas"], 3);
}

#[test]
fn probes_and_resources_are_defaulted() {
    let text = "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: a\n    image: nginx\n    readinessProbe: {httpGet: {port: http}}\n    resources: {limits: {cpu: 500m, memory: 1Gi}, requests: {cpu: '0.1'}}\n";
    let m = parse(text);
    assert_eq!(m.diagnostics, vec![]);
    let ExtraObject::Pod(p) = &m.extra_objects[0] else {
        panic!()
    };
    let c = &p.spec.containers[0];
    assert_eq!(c.image_pull_policy, "Always");
    assert_eq!(
        (c.requests_cpu_millis, c.requests_memory_bytes),
        (Some(100), Some(1 << 30))
    );
    let probe = c.readiness_probe.as_ref().unwrap();
    assert_eq!(
        probe.handler,
        ProbeHandler::HttpGet {
            path: "/".into(),
            port: IntOrString::String("http".into())
        }
    );
    assert_eq!(
        (
            probe.timeout_seconds,
            probe.period_seconds,
            probe.failure_threshold
        ),
        (1, 10, 3)
    );
}

#[test]
fn service_defaults_depend_on_type() {
    let text = "apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  type: NodePort\n  sessionAffinity: ClientIP\n  ports: [{port: 80, nodePort: 30080}]\n";
    let m = parse(text);
    let Object::Service(s) = &m.objects[0] else {
        panic!("{:?}", m.diagnostics)
    };
    assert_eq!(s.external_traffic_policy.as_deref(), Some("Cluster"));
    assert_eq!(s.session_affinity_timeout, Some(10800));
    assert_eq!(s.ports[0].node_port, Some(30080));
}

#[test]
fn huge_input_is_refused_quickly() {
    let text = "a: b\n".repeat(MAX_INPUT_BYTES / 4);
    let d = only_error(&text);
    assert!(d.message.contains("the limit is"), "{}", d.message);
}

/// The template as written, as JSON: what `pod-template-hash` hashed before the typed fields
/// owned their entries, and must still hash (ReplicaSet names in every transcript depend on it).
fn written_template(text: &str) -> serde_json::Value {
    let (docs, error) = yaml::parse_stream(text);
    assert!(error.is_none(), "{error:?}");
    let root = &docs[0].root;
    root.get("spec")
        .and_then(|s| s.get("template"))
        .unwrap()
        .to_json()
}

#[test]
fn a_template_joins_back_into_what_was_written() {
    // Labels, annotations (a null value among them, which the typed map leaves out), an empty
    // nodeSelector, tolerations, two containers (one image empty-free, fields not modelled).
    let text = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata:\n      labels: {app: web, tier: front}\n      annotations: {a: x, b: ~}\n    spec:\n      nodeSelector: {}\n      tolerations: [{key: k, operator: Exists, effect: NoSchedule, tolerationSeconds: 5}]\n      containers:\n      - {name: a, image: 'nginx:1.27', env: [{name: X, value: '1'}]}\n      - {name: b, image: busybox, command: [sleep, '3600']}\n";
    let m = parse(text);
    assert_eq!(m.diagnostics, vec![]);
    let Object::Deployment(d) = &m.objects[0] else {
        panic!()
    };
    let written = written_template(text);
    assert_eq!(d.template.to_json(), written);
    assert_eq!(d.template.canonical_json(), written.to_string());
    assert_eq!(
        d.template.annotations.len(),
        1,
        "the null value is not a typed entry"
    );
    assert_eq!(
        d.template.tolerations,
        [Toleration {
            key: "k".into(),
            operator: "Exists".into(),
            value: String::new(),
            effect: "NoSchedule".into(),
            toleration_seconds: Some(5),
        }]
    );

    // An edit of a typed field is the template: nothing else to keep in step.
    let mut edited = d.template.clone();
    edited.containers[1].image = "busybox:1.37".into();
    edited
        .annotations
        .insert("kubectl.kubernetes.io/restartedAt".into(), "t".into());
    let json = edited.to_json();
    assert_eq!(json["spec"]["containers"][1]["image"], "busybox:1.37");
    assert_eq!(json["spec"]["containers"][0]["image"], "nginx:1.27");
    assert_eq!(
        json["metadata"]["annotations"]["kubectl.kubernetes.io/restartedAt"],
        "t"
    );
    assert_eq!(json["metadata"]["annotations"]["b"], serde_json::Value::Null);
    assert!(json["metadata"]["annotations"]
        .as_object()
        .unwrap()
        .contains_key("b"));
    assert_ne!(edited, d.template);
    edited.containers[1].image = "busybox".into();
    edited.annotations.remove("kubectl.kubernetes.io/restartedAt");
    assert_eq!(
        edited, d.template,
        "undoing the edits gives the same template back"
    );
}

#[test]
fn an_annotation_on_a_template_without_any_makes_the_map_it_needs() {
    let text = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n      containers: [{name: a, image: nginx}]\n";
    let m = parse(text);
    let Object::Deployment(d) = &m.objects[0] else {
        panic!("{:#?}", m.diagnostics)
    };
    assert_eq!(d.template.to_json(), written_template(text));
    let mut edited = d.template.clone();
    edited.annotations.insert("k".into(), "v".into());
    assert_eq!(
        edited.to_json()["metadata"],
        serde_json::json!({"labels": {"app": "web"}, "annotations": {"k": "v"}})
    );
}

#[test]
fn secrets_merge_string_data_and_default_their_type() {
    let m = parse(
        "apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\ndata:\n  a: b2xk\nstringData:\n  a: new\n",
    );
    assert!(!m.has_errors(), "{:?}", m.diagnostics);
    let ExtraObject::Secret(s) = &m.extra_objects[0] else {
        panic!("not a Secret")
    };
    assert_eq!(s.secret_type, "Opaque");
    assert_eq!(s.data.get("a").map(Vec::as_slice), Some(&b"new"[..]));
}

#[test]
fn config_map_keys_follow_the_api_servers_rules() {
    let m = parse("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  ok.key_1: a\n  \"no/slash\": b\n  \"..x\": c\n");
    let messages: Vec<&str> = m.diagnostics.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(messages.len(), 2, "{messages:?}");
    assert!(messages[0].starts_with("data[no/slash]: Invalid value: \"no/slash\": a valid config key"));
    assert_eq!(
        messages[1],
        "data[..x]: Invalid value: \"..x\": must not start with '..'"
    );
}

/// A warning across objects names the Service whose traffic it breaks (the editor shows that
/// Service's Why? chain beside it).
#[test]
fn a_selector_that_matches_no_template_names_its_service() {
    let text = crate::scenario::DEFAULT_YAML.replacen(
        "    app: image-processor\n  ports:",
        "    app: image-processer\n  ports:",
        1,
    );
    assert_ne!(text, crate::scenario::DEFAULT_YAML);
    let m = parse(&text);
    let warning = m
        .diagnostics
        .iter()
        .find(|d| d.message.contains("matches no pod template"))
        .expect("the warning");
    assert_eq!(
        warning.service,
        Some(("default".to_string(), "image-processor".to_string()))
    );
    assert!(m
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .all(|d| d.service.is_none()));
}
