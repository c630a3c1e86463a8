use super::*;

const APP: &str = "apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: web
          image: nginx:1.27
---
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector:
    app: wbe
  ports:
    - port: 80
";

fn cluster() -> Cluster {
    let mut c = Cluster::new(3);
    assert!(c.apply(APP).applied());
    c.advance(30_000);
    c
}

fn no_files(_: &str) -> Option<String> {
    None
}

#[test]
fn targets_read_as_kubectl_names_them() {
    assert_eq!(Target::parse("svc/web"), Some(Target::Service("web".into())));
    assert_eq!(
        Target::parse("deploy/web"),
        Some(Target::Deployment("web".into()))
    );
    assert_eq!(Target::parse("po/x"), Some(Target::Pod("x".into())));
    assert_eq!(Target::parse("ing/shop"), Some(Target::Ingress("shop".into())));
    assert_eq!(Target::parse("request"), Some(Target::Request));
    assert_eq!(Target::parse("node/x"), None);
    assert_eq!(Target::parse("service/"), None);
    assert_eq!(Target::parse("service/a/b"), None);
}

#[test]
fn the_text_reads_from_symptom_to_root_with_evidence_and_a_fix() {
    let c = cluster();
    let (code, out, err) = command(&c, &["service/web"], &no_files);
    assert_eq!((code, err.as_str()), (1, ""));
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "service/web: not healthy");
    assert!(
        lines[1].starts_with("[no-matching-pods] symptom: service/web has no endpoints"),
        "{out}"
    );
    assert!(out.contains("  [selector-mismatch] root: the selector says app=wbe, but the pods of deployment/web are labelled app=web: did you mean app=web?"), "{out}");
    assert!(
        out.contains("      | selector:  app=wbe\n      | deployment/web: app=web\n"),
        "{out}"
    );
    assert!(
        out.contains(
            "      Fix: kubectl patch service web -p '{\"spec\":{\"selector\":{\"app\":\"web\"}}}'\n"
        ),
        "{out}"
    );
}

#[test]
fn lines_come_from_the_yaml_given() {
    let c = cluster();
    let d = diagnose(&c, &Target::Service("web".into()), "default", Some(APP));
    let root = d.root().unwrap();
    assert_eq!(root.objects[0].line, Some(25));
    assert_eq!(APP.lines().nth(24), Some("    app: wbe"));
    assert_eq!(root.objects[1].line, Some(12));
    assert_eq!(APP.lines().nth(11), Some("      labels:"));
    let d = diagnose(&c, &Target::Service("web".into()), "default", None);
    assert_eq!(d.root().unwrap().objects[0].line, None);
}

#[test]
fn the_json_has_the_documented_shape() {
    let c = cluster();
    let (_, out, _) = command(&c, &["service/web", "-o", "json"], &no_files);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["subject"], "service/web");
    assert_eq!(v["healthy"], false);
    assert_eq!(v["causes"][0]["code"], "no-matching-pods");
    assert_eq!(v["causes"][0]["fix"], serde_json::Value::Null);
    assert_eq!(v["causes"][1]["objects"][0]["field"], "spec.selector.app");
}

#[test]
fn usage_errors_exit_2_and_say_how() {
    let c = cluster();
    for args in [
        &[][..],
        &["node/x"],
        &["service/web", "-o", "xml"],
        &["service/web", "-n"],
        &["service/web", "pod/x"],
        &["service/web", "-f", "nope.yaml"],
    ] {
        let (code, out, err) = command(&c, args, &no_files);
        assert_eq!(code, 2, "{args:?}");
        assert!(
            out.is_empty() && err.contains("Usage: podscape why"),
            "{args:?}: {err}"
        );
    }
}

#[test]
fn a_namespace_flag_picks_where_to_look() {
    let c = cluster();
    let (code, out, _) = command(&c, &["deployment/web", "-n", "kube-system"], &no_files);
    assert_eq!(code, 1);
    assert!(
        out.contains("[not-found] Error from server (NotFound): deployments.apps \"web\" not found"),
        "{out}"
    );
    let (code, _, _) = command(&c, &["deployment/web", "--namespace=default"], &no_files);
    assert_eq!(code, 0);
}

#[test]
fn the_index_selects_what_a_scan_selects() {
    let c = cluster();
    let index = Index::new(&c, None);
    let mut selector = BTreeMap::new();
    selector.insert("app".to_string(), "web".to_string());
    let scan: Vec<&str> = c
        .pods()
        .iter()
        .filter(|p| p.namespace == "default" && crate::cluster::selector_matches(&selector, &p.labels))
        .map(|p| p.name.as_str())
        .collect();
    let indexed: Vec<&str> = index
        .selected("default", &selector)
        .iter()
        .map(|p| p.name.as_str())
        .collect();
    assert_eq!(indexed, scan);
    assert_eq!(scan.len(), 2);
    assert!(index.selected("default", &BTreeMap::new()).is_empty());
}

#[test]
fn completion_knows_why_and_its_subjects() {
    let c = cluster();
    let complete = crate::kubectl::complete;
    assert_eq!(complete(&c, "podscape wh"), ["why"]);
    let subjects = complete(&c, "podscape why ");
    assert!(
        subjects.contains(&"request".to_string()) && subjects.contains(&"service/web".to_string()),
        "{subjects:?}"
    );
    assert!(subjects.contains(&"deployment/web".to_string()));
    assert_eq!(complete(&c, "podscape why service/web -"), ["-f", "-n", "-o"]);
}

#[test]
fn the_built_in_scenarios_are_healthy_but_the_crash_loop() {
    for s in crate::scenario::SCENARIOS {
        let mut c = Cluster::new(1);
        assert!(c.apply(s.yaml).applied(), "{}", s.id);
        c.advance(60_000);
        let index = Index::new(&c, Some(s.yaml));
        let sick: Vec<String> = index
            .all_services()
            .into_iter()
            .chain(
                c.deployments()
                    .map(|d| index.deployment(&d.spec.namespace, &d.spec.name)),
            )
            .filter(|d| !d.healthy)
            .map(|d| format!("{} {:?}", d.subject, d.codes()))
            .collect();
        let expected: &[&str] = match s.id {
            "crash-loop" => &["deployment/thumbnailer [\"pods-not-ready\", \"crash-looping\"]"],
            _ => &[],
        };
        assert_eq!(sick, expected, "{}", s.id);
    }
}

#[test]
fn the_stack_edit_distance_agrees_with_names() {
    let words = [
        "",
        "a",
        "app",
        "apps",
        "image-processor",
        "image-processer",
        "wbe",
        "web",
        "ключ",
        &"x".repeat(70),
    ];
    for a in words {
        for b in words {
            assert_eq!(
                walk::edit_distance(a, b),
                crate::names::edit_distance(a, b),
                "{a:?} {b:?}"
            );
        }
    }
}
