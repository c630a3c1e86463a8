//! The Why? corpus: every `tests/why/NAME/` holds manifests, a short `script.sh` whose last
//! `podscape why … -o json` is the verdict under test, and `expected.txt`: the chain's codes
//! from symptom to root, then the root's objects and fields (`UPDATE_EXPECT=1` rewrites it; read
//! the diff). Run natively through the same `script::run` as `podscape run`.
//!
//! Also here: property tests over random setups (healthy ones are healthy; a single break
//! yields a chain whose root names the broken field).

use std::path::{Path, PathBuf};

use podscape_core::cluster::Cluster;
use podscape_core::why::{self, Target};
use proptest::prelude::*;

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/why")
}

/// The chain as `expected.txt` holds it.
fn render(json: &serde_json::Value) -> String {
    let mut out = String::new();
    let causes = json["causes"].as_array().cloned().unwrap_or_default();
    for c in &causes {
        out.push_str(c["code"].as_str().unwrap_or("?"));
        out.push('\n');
    }
    if let Some(root) = causes.last() {
        for o in root["objects"].as_array().into_iter().flatten() {
            out.push_str(&format!(
                "# root: {}/{} -n {} {}{}\n",
                o["kind"].as_str().unwrap_or(""),
                o["name"].as_str().unwrap_or(""),
                o["namespace"].as_str().unwrap_or(""),
                o["field"].as_str().unwrap_or("-"),
                o["line"]
                    .as_u64()
                    .map(|l| format!(" (line {l})"))
                    .unwrap_or_default(),
            ));
        }
        if let Some(fix) = root["fix"].as_str() {
            out.push_str(&format!("# fix: {fix}\n"));
        }
    }
    out.push_str(&format!("# healthy: {}\n", json["healthy"]));
    out
}

#[test]
fn every_broken_setup_is_explained_from_symptom_to_root() {
    let mut cases: Vec<PathBuf> = std::fs::read_dir(corpus())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("script.sh").exists())
        .collect();
    cases.sort();
    assert!(cases.len() >= 30, "the corpus holds {} cases", cases.len());
    let mut failures = Vec::new();
    for dir in cases {
        let script = std::fs::read_to_string(dir.join("script.sh")).unwrap();
        let files = |path: &str| std::fs::read_to_string(dir.join(path)).ok();
        let mut cluster = Cluster::new(1);
        let mut budget = podscape_core::script::Budget::default();
        let steps = podscape_core::script::run_on(&mut cluster, &script, &files, &mut budget);
        let why = steps
            .iter()
            .rev()
            .find(|s| s.command.starts_with("podscape why"))
            .unwrap_or_else(|| panic!("{}: no `podscape why` step", dir.display()));
        let json: serde_json::Value = serde_json::from_str(&why.stdout)
            .unwrap_or_else(|e| panic!("{}: {e}: {}{}", dir.display(), why.stdout, why.stderr));
        // The exit code says the verdict.
        assert_eq!(
            why.exit_code,
            i32::from(json["healthy"] == false),
            "{}",
            dir.display()
        );
        // The top-level keys and each cause's first keys in the documented order.
        let text = &why.stdout;
        let at = |key: &str| text.find(&format!("\"{key}\"")).unwrap_or(usize::MAX);
        assert!(
            at("subject") < at("healthy") && at("healthy") < at("causes"),
            "{}",
            dir.display()
        );
        for cause in text.split("\"code\"").skip(1) {
            let at = |key: &str| cause.find(&format!("\"{key}\"")).unwrap_or(usize::MAX);
            assert!(
                at("message") < at("objects") && at("objects") < at("fix"),
                "{}",
                dir.display()
            );
        }
        // The root's fix, run as the badge runs it, then a minute: the chain it leaves.
        let mut expected = render(&json);
        let fix = json["causes"]
            .as_array()
            .and_then(|c| c.last())
            .and_then(|c| c["fix"].as_str());
        if let Some(fix) =
            fix.filter(|f| !f.starts_with("podscape why") && !f.contains(" get ") && !f.contains(" logs "))
        {
            let again = format!("{fix}\nsleep 60s\n{}\n", why.command);
            let steps = podscape_core::script::run_on(&mut cluster, &again, &files, &mut budget);
            let fixed = steps.first().map(|s| (s.exit_code, s.stderr.clone()));
            let after: Option<serde_json::Value> =
                steps.last().and_then(|s| serde_json::from_str(&s.stdout).ok());
            let codes: Vec<&str> = after
                .as_ref()
                .and_then(|a| a["causes"].as_array())
                .map(|c| c.iter().filter_map(|c| c["code"].as_str()).collect())
                .unwrap_or_default();
            expected.push_str(&format!("# after the fix ({fixed:?}): {}\n", codes.join(", ")));
        }
        if let Err(e) = podscape_golden::compare(&dir.join("expected.txt"), &expected) {
            failures.push(e);
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

// ---------------------------------------------------------------------------------------------
// Properties.

/// A random healthy setup: a Deployment of a known server image and a Service in front of it.
#[derive(Clone, Debug)]
struct Setup {
    app: String,
    extra_label: Option<(String, String)>,
    image: usize,
    replicas: u8,
    service_port: u16,
    service_type: usize,
}

/// Images and the port they listen on.
const IMAGES: &[(&str, u16, &str)] = &[
    ("nginx:1.27", 80, ""),
    ("httpd:2.4", 80, ""),
    ("registry.k8s.io/e2e-test-images/agnhost:2.53", 9376, ""),
    (
        "registry.k8s.io/e2e-test-images/agnhost:2.53",
        8080,
        "\n          args: [\"netexec\", \"--http-port=8080\"]",
    ),
];

fn setup() -> impl Strategy<Value = Setup> {
    (
        "[a-z][a-z0-9]{2,10}",
        proptest::option::of(("[a-z]{3,6}", "[a-z]{3,6}")),
        0..IMAGES.len(),
        1u8..4,
        1u16..65535,
        0usize..2,
    )
        .prop_map(
            |(app, extra_label, image, replicas, service_port, service_type)| Setup {
                app,
                extra_label: extra_label.filter(|(k, _)| k != "app"),
                image,
                replicas,
                service_port,
                service_type,
            },
        )
}

/// A break of one field, and the field the diagnosis must name at its root.
#[derive(Clone, Copy, Debug)]
enum Break {
    SelectorValue,
    SelectorKey,
    TargetPort,
    NodeSelector,
    Image,
    Command,
    CpuRequest,
}

const BREAKS: &[Break] = &[
    Break::SelectorValue,
    Break::SelectorKey,
    Break::TargetPort,
    Break::NodeSelector,
    Break::Image,
    Break::Command,
    Break::CpuRequest,
];

impl Break {
    /// The field path the root cause must name (a suffix of it).
    fn field(self) -> &'static str {
        match self {
            Break::SelectorValue | Break::SelectorKey => "spec.selector.",
            Break::TargetPort => "targetPort",
            Break::NodeSelector => "nodeSelector",
            Break::Image => "image",
            Break::Command => "command",
            Break::CpuRequest => "resources.requests",
        }
    }
}

fn yaml(s: &Setup, broken: Option<Break>) -> String {
    let (image, port, args) = IMAGES[s.image];
    let image = if matches!(broken, Some(Break::Image)) {
        "nginx:0.0-broken"
    } else {
        image
    };
    let extra = s
        .extra_label
        .as_ref()
        .map(|(k, v)| format!("\n        {k}: {v}"))
        .unwrap_or_default();
    let mut container = args.to_string();
    if matches!(broken, Some(Break::Command)) {
        container.push_str("\n          command: [\"sh\", \"-c\", \"exit 3\"]");
    }
    if matches!(broken, Some(Break::CpuRequest)) {
        container.push_str("\n          resources:\n            requests:\n              cpu: \"100\"");
    }
    let node_selector = if matches!(broken, Some(Break::NodeSelector)) {
        "\n      nodeSelector:\n        disktype: ssd"
    } else {
        ""
    };
    let selector = match broken {
        Some(Break::SelectorValue) => format!("app: {}x", s.app),
        Some(Break::SelectorKey) => format!("ap: {}", s.app),
        _ => format!("app: {}", s.app),
    };
    let target = if matches!(broken, Some(Break::TargetPort)) {
        port.wrapping_add(1).max(1)
    } else {
        port
    };
    let service_type = ["ClusterIP", "NodePort"][s.service_type];
    let app = &s.app;
    let replicas = s.replicas;
    let service_port = s.service_port;
    format!(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {app}\nspec:\n  replicas: {replicas}\n  selector:\n    matchLabels:\n      app: {app}\n  template:\n    metadata:\n      labels:\n        app: {app}{extra}\n    spec:{node_selector}\n      containers:\n        - name: {app}\n          image: {image}{container}\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: {app}\nspec:\n  type: {service_type}\n  selector:\n    {selector}\n  ports:\n    - port: {service_port}\n      targetPort: {target}\n"
    )
}

fn run(s: &Setup, broken: Option<Break>) -> (why::Diagnosis, String) {
    let text = yaml(s, broken);
    let mut cluster = Cluster::new(7);
    if matches!(broken, Some(Break::Image)) {
        cluster.set_image_pullable("nginx:0.0-broken", false);
    }
    let outcome = cluster.apply(&text);
    assert!(outcome.applied(), "{text}\n{:?}", outcome.diagnostics);
    cluster.advance(60_000);
    let d = why::diagnose(&cluster, &Target::Service(s.app.clone()), "default", Some(&text));
    (d, text)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn a_random_healthy_setup_is_healthy(s in setup()) {
        let (d, text) = run(&s, None);
        prop_assert!(d.healthy, "{text}\n{}", d.text());
        prop_assert_eq!(d.codes(), vec!["healthy"]);
    }

    #[test]
    fn a_single_break_yields_a_root_naming_the_broken_field(s in setup(), b in 0..BREAKS.len()) {
        let broken = BREAKS[b];
        let (d, text) = run(&s, Some(broken));
        prop_assert!(!d.healthy, "{text}\n{}", d.text());
        let root = d.root().unwrap();
        let named = root.objects.iter().any(|o| o.field.as_deref().is_some_and(|f| f.contains(broken.field())));
        prop_assert!(named, "{broken:?}: {text}\n{}", d.text());
        // And the line of that field in the learner's text.
        let line = root.objects.iter().find_map(|o| o.line.filter(|_| o.field.as_deref().is_some_and(|f| f.contains(broken.field()))));
        let line = line.and_then(|l| text.lines().nth(l - 1)).unwrap_or("");
        let key = broken.field().trim_end_matches('.').rsplit('.').next().unwrap_or("");
        let key = if key == "selector" { "" } else { key };
        prop_assert!(!line.is_empty() && line.contains(key), "{broken:?}: line {line:?}\n{}", d.text());
    }
}
