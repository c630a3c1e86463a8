use super::*;

fn export(script: &str, files: &[(&str, &str)]) -> String {
    kind_script(&Source {
        files: files
            .iter()
            .map(|(p, t)| (p.to_string(), t.to_string()))
            .collect(),
        script: script.into(),
        ..Source::default()
    })
    .expect("exports")
}

const WEB: &str = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 2\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.27\n";

#[test]
fn the_version_is_the_one_the_simulated_kubectl_prints() {
    let steps = crate::script::run(1, "kubectl version", &|_| None);
    assert!(steps[0]
        .stdout
        .contains(&format!("Server Version: {KUBERNETES_VERSION}\n")));
    assert!(NODE_IMAGE.starts_with(&format!("kindest/node:{KUBERNETES_VERSION}@sha256:")));
}

#[test]
fn the_kind_config_has_podscapes_nodes_mode_and_subnets() {
    let script = kind_script(&Source {
        mode: ProxyMode::Nftables,
        ..Source::default()
    })
    .unwrap();
    assert!(script.contains("name: podscape\nnetworking:\n  kubeProxyMode: nftables\n  podSubnet: 10.244.0.0/16\n  serviceSubnet: 10.96.0.0/16\n"));
    assert_eq!(script.matches("- role: control-plane\n").count(), 1);
    assert_eq!(script.matches("- role: worker\n").count(), 2);
    // The cluster's nodes are named after the cluster as Podscape's are.
    let nodes: Vec<String> = crate::Cluster::new(1)
        .nodes()
        .iter()
        .map(|n| n.name.clone())
        .collect();
    assert_eq!(
        nodes,
        ["podscape-control-plane", "podscape-worker", "podscape-worker2"]
    );
    assert!(script.starts_with("#!/usr/bin/env bash\n"));
    assert!(script.contains("set -euo pipefail\n"));
    assert!(script.contains("trap cleanup EXIT\n"));
}

#[test]
fn generated_names_become_lookups_at_first_use_and_stay_the_same() {
    let script = export(
        "kubectl apply -f app.yaml\nkubectl describe pod web-5d4f8b7c9-x2xkq\npodscape crash web-5d4f8b7c9-x2xkq\nkubectl logs pod/web-5d4f8b7c9-bbbbb\nkubectl get rs web-5d4f8b7c9\n",
        &[("app.yaml", WEB)],
    );
    let first = script
        .find("pod_named POD_1 'web-[a-z0-9]{6,10}-[a-z0-9]{5}' 0  # web-5d4f8b7c9-x2xkq in Podscape\n")
        .expect("a lookup");
    assert!(script[first..]
        .find("step 'kubectl describe pod web-5d4f8b7c9-x2xkq' 'kubectl describe pod \"$POD_1\"'")
        .is_some());
    assert!(script.contains("step 'podscape crash web-5d4f8b7c9-x2xkq' 'kubectl exec \"$POD_1\" -- /bin/sh -c \"kill 1\" >/dev/null 2>&1 || true'"));
    assert_eq!(script.matches("pod_named POD_1 ").count(), 1, "looked up once");
    assert!(script.contains("pod_named POD_2 'web-[a-z0-9]{6,10}-[a-z0-9]{5}' 1"));
    assert!(script.contains("'kubectl logs pod/\"$POD_2\"'"));
    assert!(script.contains("rs_named RS_3 'web-[a-z0-9]{6,10}' 0"));
    // Names of things no manifest owns stay as they are.
    let plain = export("kubectl get pod api-5d4f8b7c9-x2xkq\n", &[]);
    assert!(
        plain.contains("step 'kubectl get pod api-5d4f8b7c9-x2xkq' 'kubectl get pod api-5d4f8b7c9-x2xkq'")
    );
}

#[test]
fn every_podscape_command_is_mapped_or_skipped_with_a_reason() {
    let cases = [
        (
            "podscape crash p",
            Some("kubectl exec p -- /bin/sh -c \"kill 1\""),
        ),
        ("podscape fail-readiness p", None),
        ("podscape fix-readiness p", None),
        ("podscape fail-liveness p", None),
        ("podscape fix-liveness p", None),
        (
            "podscape node-down podscape-worker",
            Some("docker pause podscape-worker"),
        ),
        (
            "podscape node-up podscape-worker",
            Some("docker unpause podscape-worker"),
        ),
        ("podscape unpullable nginx:1", None),
        ("podscape pullable nginx:1", None),
        ("podscape flows", None),
        ("podscape flows -o json", None),
        ("podscape traffic rate 5", None),
        ("podscape traffic source external", None),
        ("podscape proxy-mode ipvs", Some("s/^( *)mode: .*/\\1mode: ipvs/")),
        ("podscape proxy-mode bogus", None),
        ("podscape frobnicate", None),
    ];
    for (command, real) in cases {
        let script = export(command, &[]);
        match real {
            Some(real) => assert!(
                script.contains(&format!("step {} ", quote(command))) && script.contains(real),
                "{command}: {script}"
            ),
            None => assert!(
                script.contains(&format!("skip {} '", quote(command))),
                "{command}"
            ),
        }
    }
    let ssh = export("ssh podscape-worker iptables-save -t nat\nsleep 5s\n", &[]);
    assert!(ssh.contains("step 'ssh podscape-worker iptables-save -t nat' 'docker exec podscape-worker iptables-save -t nat' </dev/null\n"));
    assert!(ssh.contains("step 'sleep 5s' 'sleep 5s' </dev/null\n"));
}

#[test]
fn here_documents_keep_their_text_unexpanded_and_their_command() {
    let script = export(
        "kubectl apply -f - <<EOF\nkind: ConfigMap\nx: $HOME `id` 'q'\nPODSCAPE_EOF\nEOF\nkubectl get cm\n",
        &[],
    );
    assert!(script.contains(
        "step 'kubectl apply -f - <<EOF' 'kubectl apply -f -' <<'PODSCAPE_EOF_1'\nkind: ConfigMap\nx: $HOME `id` 'q'\nPODSCAPE_EOF\nPODSCAPE_EOF_1\n"
    ));
    assert!(script.contains("step 'kubectl get cm' 'kubectl get cm' </dev/null\n"));
}

#[test]
fn manifests_are_applied_as_named_then_waited_for_and_images_preloaded() {
    let script = kind_script(&Source {
        manifests: vec![("manifests.yaml".into(), WEB.into())],
        script: "kubectl get pods\n".into(),
        mode: ProxyMode::Ipvs,
        ..Source::default()
    })
    .unwrap();
    let apply = script.find("step 'kubectl apply -f manifests.yaml'").unwrap();
    let wait = script.find("wait_rollout 'default' 'web'\n").unwrap();
    let get = script.find("step 'kubectl get pods'").unwrap();
    assert!(script.find("cat >'manifests.yaml' <<'PODSCAPE_EOF'\n").unwrap() < apply);
    assert!(apply < wait && wait < get);
    assert!(script.contains("preload 'nginx:1.27'\n"));
    assert!(script.contains("kubeProxyMode: ipvs"));
}

#[test]
fn quoting_leaves_nothing_to_expand() {
    assert_eq!(quote("it's $x"), r"'it'\''s $x'");
}

#[test]
fn inputs_over_budget_or_odd_paths_are_refused() {
    let big = Source {
        script: "x".repeat(MAX_INPUT_BYTES + 1),
        ..Source::default()
    };
    assert!(kind_script(&big).unwrap_err().contains("budget"));
    for path in ["../x.yaml", "/etc/passwd", "a//b", "a\nb", ""] {
        let odd = Source {
            files: vec![(path.into(), String::new())],
            ..Source::default()
        };
        assert!(kind_script(&odd).is_err(), "{path:?}");
    }
    let many = Source {
        script: "kubectl get pods\n".repeat(crate::budget::SCRIPT_COMMANDS + 1),
        ..Source::default()
    };
    assert!(kind_script(&many).is_err());
    let control = Source {
        script: "kubectl get pods \u{1b}[2J\n".into(),
        ..Source::default()
    };
    assert!(kind_script(&control).is_err());
}

#[test]
fn many_distinct_names_and_delimiter_lines_stay_linear() {
    // Each name is distinct and looks generated: a lookup each, found through maps, not scans.
    let names: String = (0..50_000)
        .map(|i| {
            let suffix: String = format!("{i:05}")
                .bytes()
                .map(|b| crate::names::ALPHANUMS[usize::from(b - b'0')] as char)
                .collect();
            // Ten to a line: the commands stay within the script budget.
            let end = if i % 10 == 9 { "\n" } else { "" };
            format!(
                "{} web-5d4f8b7c9-{suffix}{end}",
                if i % 10 == 0 { "kubectl get pod" } else { "" }
            )
        })
        .collect();
    let script = export(&names, &[("app.yaml", WEB)]);
    assert!(script.contains("pod_named POD_50000 "));
    let body: String = (0..50_000).map(|i| format!("PODSCAPE_EOF_{i}\n")).collect();
    let script = export(
        &format!("kubectl apply -f - <<EOF\nPODSCAPE_EOF\n{body}EOF\n"),
        &[],
    );
    assert!(script.contains("<<'PODSCAPE_EOF_50000'\n"));
}

#[test]
fn deployments_of_a_here_document_are_known() {
    let script = export(
        &format!("kubectl apply -f - <<EOF\n{WEB}EOF\npodscape crash web-5d4f8b7c9-x2xkq\n"),
        &[],
    );
    assert!(script.contains("pod_named POD_1 'web-"), "{script}");
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
    /// Any script exports or says why not; every exported line of a command is quoted.
    #[test]
    fn any_script_exports_without_panicking(script in "(kubectl get pod web-[a-z0-9-]{0,20}|podscape [a-z-]{0,12} [a-z0-9.:-]{0,12}|ssh [a-z-]{0,10} [ -~]{0,20}|[ -~]{0,30}|x <<EOF|EOF)(\n(kubectl get pod web-[a-z0-9-]{0,20}|podscape [a-z-]{0,12} [a-z0-9.:-]{0,12}|[ -~]{0,30}|x <<EOF|EOF)){0,8}") {
        if let Ok(out) = kind_script(&Source { script: script.clone(), files: vec![("app.yaml".into(), WEB.into())], ..Source::default() }) {
            proptest::prop_assert!(out.ends_with("finish\n"));
        }
    }
}
