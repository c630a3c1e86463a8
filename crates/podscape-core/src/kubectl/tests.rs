use super::*;
use serde_json::{json, Value};

fn no_files(_: &str) -> Option<String> {
    None
}

/// stderr and exit code of a line against a fresh cluster.
fn fails(line: &str) -> (String, i32) {
    let out = run(&mut Cluster::new(1), line, &no_files);
    assert!(out.stdout.is_empty(), "{line}: {}", out.stdout);
    (out.stderr, out.exit_code)
}

#[test]
fn an_unknown_command_is_cobras_error_with_its_suggestions() {
    assert_eq!(
        fails("kubectl logz"),
        (
            "error: unknown command \"logz\" for \"kubectl\"\n\nDid you mean this?\n\tlogs\n".into(),
            1
        )
    );
    // Flags after the word do not matter: cobra finds the command first.
    assert_eq!(fails("kubectl logz --tail=10 web").0, fails("kubectl logz").0);
    // No suggestion: no "Did you mean this?" and no usage line.
    assert_eq!(
        fails("kubectl frobnicate"),
        (
            "error: unknown command \"frobnicate\" for \"kubectl\"\n".into(),
            1
        )
    );
    // SuggestFor (get and wait list `ps`), and the distance (cp is 2 away), in command order.
    assert_eq!(
        fails("kubectl ps").0,
        "error: unknown command \"ps\" for \"kubectl\"\n\nDid you mean this?\n\tget\n\tcp\n\twait\n"
    );
    assert_eq!(
        fails("kubectl rm").0,
        "error: unknown command \"rm\" for \"kubectl\"\n\nDid you mean this?\n\trun\n\tdelete\n\tcp\n"
    );
    // A prefix suggests every command it starts.
    assert!(fails("kubectl api")
        .0
        .ends_with("\tapi-versions\n\tapi-resources\n"));
    // Case-insensitive distance; commands themselves are case-sensitive.
    let (upper, _) = fails("kubectl GET");
    assert!(
        upper.starts_with("error: unknown command \"GET\"") && upper.contains("\tget\n"),
        "{upper}"
    );
}

#[test]
fn a_suggestion_never_repeats_the_word_typed() {
    for (name, _) in KUBECTL_COMMANDS.iter().filter(|(n, _)| *n != "help") {
        let (stderr, code) = fails(&format!("kubectl {name} x"));
        assert_ne!(code, 0);
        if !SIMULATED.contains(name) {
            assert!(!stderr.contains("unknown command"), "{name}: {stderr}");
        }
        assert!(!stderr.contains(&format!("\t{name}\n")), "{name}: {stderr}");
    }
}

#[test]
fn a_command_podscape_does_not_simulate_says_so_and_lists_what_it_does() {
    let (stderr, code) = fails("kubectl attach web-1 -i");
    assert_eq!(code, 1);
    assert!(
        stderr.starts_with("error: \"kubectl attach\" is not simulated in Podscape\n"),
        "{stderr}"
    );
    for simulated in SIMULATED.iter().filter(|c| **c != "help") {
        assert!(stderr.contains(simulated), "{simulated} missing: {stderr}");
    }
    for verb in [
        "edit",
        "cp",
        "attach",
        "auth",
        "certificate",
        "proxy",
        "debug",
        "events",
        "alpha",
    ] {
        assert!(
            fails(&format!("kubectl {verb}")).0.contains("is not simulated"),
            "{verb}"
        );
    }
    // A form of a simulated command it does not handle is not an unknown command either.
    assert!(fails("kubectl set env deployment/web A=B")
        .0
        .starts_with("error: this form of \"kubectl set\" is not simulated"));
}

#[test]
fn top_has_no_metrics_api_in_kind() {
    for line in ["kubectl top pods", "kubectl top node", "kubectl top po -A"] {
        assert_eq!(
            fails(line),
            ("error: Metrics API not available\n".into(), 1),
            "{line}"
        );
    }
}

#[test]
fn help_is_the_command_list() {
    let out = run(&mut Cluster::new(1), "kubectl help", &no_files);
    assert_eq!((out.stdout.as_str(), out.exit_code), (HELP, 0));
}

#[test]
fn a_huge_unknown_word_is_answered_at_once() {
    let word = "x".repeat(1 << 20);
    let (stderr, code) = fails(&format!("kubectl {word}"));
    assert_eq!(code, 1);
    assert!(!stderr.contains("Did you mean"));
}

#[test]
fn rollout_status_without_a_deadline_gives_up_after_the_budgets_time() {
    let mut cluster = Cluster::new(1);
    let yaml = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: stuck\nspec:\n  progressDeadlineSeconds: 86400\n  selector:\n    matchLabels: {app: stuck}\n  template:\n    metadata:\n      labels: {app: stuck}\n    spec:\n      containers:\n      - name: c\n        image: nginx:1.27\n";
    cluster.set_image_pullable("nginx:1.27", false);
    assert!(cluster.apply(yaml).applied());
    let start = cluster.now_ms();
    let out = run(&mut cluster, "kubectl rollout status deployment/stuck", &no_files);
    assert_eq!(cluster.now_ms() - start, crate::budget::SCRIPT_VIRTUAL_MS);
    assert_eq!(out.exit_code, 1);
    // With a deadline, it ends there (the script's runner gives the reason).
    cluster.set_deadline(Some(cluster.now_ms() + 1_000));
    let out = run(&mut cluster, "kubectl rollout status deployment/stuck", &no_files);
    assert!(cluster.past_deadline());
    assert_eq!((out.exit_code, out.stderr.as_str()), (0, ""));
    cluster.set_deadline(None);
}

#[test]
fn words_split_like_a_shell() {
    assert_eq!(
        split_words("kubectl get  pods").unwrap(),
        ["kubectl", "get", "pods"]
    );
    assert_eq!(
        split_words("a 'b c' \"d\\\"e\" f\\ g").unwrap(),
        ["a", "b c", "d\"e", "f g"]
    );
    assert_eq!(split_words("echo 'open"), None);
}

#[test]
fn completion_knows_the_tutorial_verbs_and_their_flags() {
    let mut c = Cluster::new(1);
    c.apply(crate::scenario::backend_yaml());
    for verb in ["patch", "diff", "wait", "logs", "port-forward"] {
        assert!(complete(&c, "kubectl ").contains(&verb.to_string()), "{verb}");
    }
    assert_eq!(complete(&c, "kubectl logs deploy/"), ["deploy/image-processor"]);
    assert_eq!(
        complete(&c, "kubectl port-forward svc/image"),
        ["svc/image-processor"]
    );
    assert_eq!(complete(&c, "kubectl patch deploy image"), ["image-processor"]);
    assert_eq!(complete(&c, "kubectl delete pod --gr"), ["--grace-period="]);
    assert_eq!(complete(&c, "kubectl wait --for=d"), ["--for=delete"]);
    assert_eq!(complete(&c, "kubectl logs --ta"), ["--tail="]);
    assert_eq!(
        complete(&c, "kubectl create deployment web --dry"),
        ["--dry-run=client"]
    );
    assert_eq!(
        complete(&c, "kubectl rollout history deployment/x --rev"),
        ["--revision="]
    );
}

#[test]
fn completion_offers_verbs_kinds_and_names() {
    let mut c = Cluster::new(1);
    c.apply(crate::scenario::backend_yaml());
    assert!(complete(&c, "kubectl ro").contains(&"rollout".to_string()));
    assert_eq!(complete(&c, "kubectl get dep"), ["deployments"]);
    let pods = complete(&c, "kubectl delete pod image-");
    assert_eq!(pods.len(), 3);
    assert_eq!(complete(&c, "kubectl scale "), ["deployment/image-processor"]);
    // describe completes kinds, then the ReplicaSet (or node) names.
    assert_eq!(complete(&c, "kubectl describe repl"), ["replicasets"]);
    let sets = complete(&c, "kubectl describe rs image-");
    assert_eq!(sets.len(), 1, "{sets:?}");
    assert!(sets[0].starts_with("image-processor-"));
    assert_eq!(
        complete(&c, "kubectl describe nodes podscape-worker2"),
        ["podscape-worker2"]
    );
    // The output and query flags, `-o` formats and `explain`'s resources.
    assert_eq!(
        complete(&c, "kubectl get pods -o js"),
        ["json", "jsonpath=", "jsonpath-as-json="]
    );
    assert_eq!(complete(&c, "kubectl get pods --fi"), ["--field-selector"]);
    assert_eq!(complete(&c, "kubectl get pods --show-k"), ["--show-kind"]);
    assert_eq!(complete(&c, "kubectl explain dep"), ["deployments"]);
    assert_eq!(
        complete(&c, "kubectl explain deploy.spec.re"),
        ["deploy.spec.replicas", "deploy.spec.revisionHistoryLimit"]
    );
    assert_eq!(
        complete(&c, "kubectl explain pod.spec.containers.readinessProbe.httpG"),
        ["pod.spec.containers.readinessProbe.httpGet"]
    );
    assert_eq!(complete(&c, "kubectl explain deployment --rec"), ["--recursive"]);
    assert!(complete(&c, "kubectl ex").contains(&"explain".to_string()));
}

#[test]
fn relabelling_a_pod_out_of_the_selector_releases_it_and_the_replicaset_replaces_it() {
    let mut c = Cluster::new(3);
    c.apply(crate::scenario::backend_yaml());
    c.advance(30_000);
    let pod = c
        .pods()
        .iter()
        .find(|p| p.namespace == "default")
        .unwrap()
        .name
        .clone();
    let out = run(&mut c, &format!("kubectl label pod {pod} app=debug"), &|_| None);
    assert_eq!(
        out.stderr,
        "error: 'app' already has a value (image-processor), and --overwrite is false\n"
    );
    let out = run(
        &mut c,
        &format!("kubectl label pod {pod} app=bad/value --overwrite"),
        &|_| None,
    );
    assert!(
        out.stderr.starts_with(&format!(
            "The Pod \"{pod}\" is invalid: metadata.labels: Invalid value: \"bad/value\""
        )),
        "{}",
        out.stderr
    );
    let out = run(
        &mut c,
        &format!("kubectl label pod {pod} app=debug --overwrite"),
        &|_| None,
    );
    assert_eq!(out.stdout, format!("pod/{pod} labeled\n"));
    c.advance(30_000);
    let ours: Vec<_> = c
        .pods()
        .iter()
        .filter(|p| p.namespace == "default")
        .cloned()
        .collect();
    assert_eq!(ours.len(), 4, "the ReplicaSet made a replacement");
    let released = ours.iter().find(|p| p.name == pod).unwrap();
    assert!(released.owner.is_none() && released.ready);
    let endpoints = run(&mut c, "kubectl get endpointslices -o yaml", &|_| None).stdout;
    assert!(
        !endpoints.contains(released.ip.as_deref().unwrap()),
        "{endpoints}"
    );
    let out = run(&mut c, &format!("kubectl label pod {pod} app=debug"), &|_| None);
    assert_eq!(out.stdout, format!("pod/{pod} not labeled\n"));
}

#[test]
fn delete_f_removes_what_the_file_names() {
    let mut c = Cluster::new(3);
    c.apply(crate::scenario::backend_yaml());
    c.advance(20_000);
    let files = |p: &str| (p == "app.yaml").then(|| crate::scenario::backend_yaml().to_string());
    let out = run(&mut c, "kubectl delete -f app.yaml", &files);
    assert_eq!(
        out.stdout,
        "deployment.apps \"image-processor\" deleted from default namespace\nservice \"image-processor\" deleted from default namespace\n"
    );
    let again = run(&mut c, "kubectl delete -f app.yaml", &files);
    assert_eq!(again.exit_code, 1);
    assert!(again
        .stderr
        .contains("Error from server (NotFound): deployments.apps \"image-processor\" not found"));
    c.advance(40_000);
    assert!(
        c.pods().iter().all(|p| p.namespace != "default"),
        "the garbage collector took the pods"
    );
    assert!(c.replica_sets().iter().all(|rs| rs.namespace != "default"));
}

#[test]
fn create_deployment_and_expose_generate_what_kubectl_generates() {
    let mut c = Cluster::new(3);
    let out = run(&mut c, "kubectl create deployment web --image=registry.k8s.io/e2e-test-images/agnhost:2.53 --replicas=2 --port=8080", &|_| None);
    assert_eq!(out.stdout, "deployment.apps/web created\n");
    let again = run(&mut c, "kubectl create deployment web --image=nginx", &|_| None);
    assert_eq!(
        again.stderr,
        "error: failed to create deployment: deployments.apps \"web\" already exists\n"
    );
    assert_eq!(
        run(&mut c, "kubectl create deployment x", &|_| None).stderr,
        "error: required flag(s) \"image\" not set\n"
    );
    let d = c.deployment("default", "web").unwrap();
    assert_eq!(d.spec.replicas, 2);
    assert_eq!(d.spec.template.containers[0].name, "agnhost");
    assert_eq!(d.spec.selector.get("app").map(String::as_str), Some("web"));
    // No --port: the template's one container port.
    let out = run(&mut c, "kubectl expose deployment web --type=NodePort", &|_| None);
    assert_eq!(out.stdout, "service/web exposed\n");
    c.advance(30_000);
    let svc = run(&mut c, "kubectl get svc web", &|_| None).stdout;
    assert!(svc.contains("NodePort") && svc.contains("8080:3"), "{svc}");
    let slices = run(&mut c, "kubectl get endpointslices", &|_| None).stdout;
    assert!(
        slices
            .lines()
            .any(|l| l.starts_with("web-") && l.contains("8080")),
        "{slices}"
    );
    let again = run(&mut c, "kubectl expose deploy/web --port=80", &|_| None);
    assert_eq!(
        again.stderr,
        "Error from server (AlreadyExists): services \"web\" already exists\n"
    );
    let named = run(
        &mut c,
        "kubectl expose deployment web --port=80 --target-port=8080 --name=web-80",
        &|_| None,
    );
    assert_eq!(named.stdout, "service/web-80 exposed\n");
    let bad = run(
        &mut c,
        "kubectl expose deployment web --port=80 --name=Web_80",
        &|_| None,
    );
    assert!(
        bad.stderr.starts_with("The Service \"Web_80\" is invalid"),
        "{}",
        bad.stderr
    );
}

#[test]
fn exec_kill_1_restarts_the_container_and_kill_9_is_ignored() {
    let mut c = Cluster::new(3);
    c.apply(crate::scenario::backend_yaml());
    c.advance(30_000);
    let pod = c
        .pods()
        .iter()
        .find(|p| p.namespace == "default")
        .unwrap()
        .name
        .clone();
    let out = run(&mut c, &format!("kubectl exec {pod} -- kill -9 1"), &|_| None);
    assert_eq!((out.exit_code, out.stdout.as_str()), (0, ""));
    c.advance(5_000);
    assert_eq!(c.pods().iter().find(|p| p.name == pod).unwrap().restarts, 0);
    let out = run(&mut c, &format!("kubectl exec {pod} -- kill 1"), &|_| None);
    assert_eq!((out.exit_code, out.stderr.as_str()), (0, ""));
    c.advance(5_000);
    assert_eq!(c.pods().iter().find(|p| p.name == pod).unwrap().restarts, 1);
}

#[test]
fn view_is_the_same_as_run_for_get() {
    let mut c = Cluster::new(2);
    c.apply(crate::scenario::backend_yaml());
    let viewed = view(&c, "kubectl get pods -o wide");
    assert_eq!(viewed, run(&mut c, "kubectl get pods -o wide", &|_| None));
}

fn ingress_cluster() -> Cluster {
    let mut c = Cluster::new(3);
    let apps = crate::scenario::find("ingress").unwrap().yaml;
    assert!(c.apply(apps).applied());
    c.advance(15_000);
    c
}

#[test]
fn ingress_yaml_round_trips_through_apply() {
    let mut c = ingress_cluster();
    let out = run(
        &mut c,
        "kubectl create ingress shop --rule=shop.example.com/*=web:80 --rule=shop.example.com/api*=api:http --default-backend=web:80",
        &|_| None,
    );
    assert_eq!(
        out.stdout, "ingress.networking.k8s.io/shop created\n",
        "{}",
        out.stderr
    );
    c.advance(10_000);
    let yaml = run(&mut c, "kubectl get ingress shop -o yaml", &|_| None).stdout;
    assert!(yaml.contains("ingressClassName: nginx"), "{yaml}");
    assert!(yaml.contains("- ip: 172.18.255.200"), "{yaml}");
    let before = c.ingress("default", "shop").unwrap().spec.clone();
    // What -o yaml prints applies again, and the Ingress stays what it was.
    let again = c.apply(&yaml);
    assert!(again.applied(), "{:?}", again.diagnostics);
    let after = &c.ingress("default", "shop").unwrap().spec;
    assert_eq!(
        (&after.rules, &after.default_backend, &after.ingress_class_name),
        (&before.rules, &before.default_backend, &before.ingress_class_name)
    );
    assert_eq!(before.rules.len(), 1);
    let paths: Vec<(&str, &str)> = before.rules[0]
        .paths
        .iter()
        .map(|p| (p.path.as_str(), p.path_type.as_str()))
        .collect();
    assert_eq!(paths, [("/", "Prefix"), ("/api", "Prefix")]);
    // Exact unless the path ends in `*`; an existing name and a bad rule are refused.
    run(&mut c, "kubectl create ing exact --rule=/status=web:80", &|_| {
        None
    });
    assert_eq!(
        c.ingress("default", "exact").unwrap().spec.rules[0].paths[0].path_type,
        "Exact"
    );
    assert_eq!(
        run(&mut c, "kubectl create ingress exact --rule=/x=web:80", &|_| None).exit_code,
        1
    );
    let bad = run(&mut c, "kubectl create ingress bad --rule=nopath=web:80", &|_| {
        None
    });
    assert!(
        bad.stderr.contains("is invalid and should be in format"),
        "{}",
        bad.stderr
    );
    let upper = run(
        &mut c,
        "kubectl create ingress upper --rule=Shop.io/=web:80",
        &|_| None,
    );
    assert!(
        upper.stderr.starts_with(
            "error: failed to create ingress: Ingress.networking.k8s.io \"upper\" is invalid: spec.rules[0].host: Invalid value: \"Shop.io\""
        ),
        "{}",
        upper.stderr
    );
    run(&mut c, "kubectl create ingress tls --rule=a.io/=web:80,tls=cert --rule=b.io/=web:80,tls=cert --rule=c.io/=web:80,tls", &|_| None);
    let tls = run(&mut c, "kubectl get ingress tls -o json", &|_| None).stdout;
    let tls: Value = serde_json::from_str(&tls).unwrap();
    assert_eq!(
        tls["spec"]["tls"],
        json!([{"hosts": ["a.io", "b.io"], "secretName": "cert"}, {"hosts": ["c.io"]}])
    );
    assert!(c.ingress("default", "bad").is_none());
    assert_eq!(
        run(&mut c, "kubectl delete ing exact", &|_| None).stdout,
        "ingress.networking.k8s.io \"exact\" deleted from default namespace\n"
    );
    assert_eq!(
        run(&mut c, "kubectl describe ingress exact", &|_| None).exit_code,
        1
    );
}

#[test]
fn curl_to_the_ingress_address_goes_through_the_controller() {
    let mut c = ingress_cluster();
    run(
        &mut c,
        "kubectl create ingress shop --rule=shop.example.com/api*=api:80",
        &|_| None,
    );
    let client = c
        .pods()
        .iter()
        .find(|p| p.name.starts_with("web-"))
        .unwrap()
        .name
        .clone();
    let curl =
        |c: &mut Cluster, args: &str| run(c, &format!("kubectl exec {client} -- curl {args}"), &|_| None);
    // Before the controller has published its address, nothing answers there.
    assert_eq!(curl(&mut c, "-s http://172.18.255.200/").exit_code, 7);
    c.advance(crate::cluster::INGRESS_STATUS_DELAY_MS);
    let ok = curl(&mut c, "-s -H 'Host: shop.example.com' http://172.18.255.200/api");
    assert!(ok.stdout.starts_with("api-"), "{ok:?}");
    let missing = curl(&mut c, "-s -H 'Host: shop.example.com' http://172.18.255.200/");
    assert_eq!(missing.exit_code, 0);
    assert!(missing.stdout.contains("<title>404 Not Found</title>"));
    let failed = curl(&mut c, "-sSf http://172.18.255.200/");
    assert_eq!(failed.exit_code, 22);
    assert!(failed
        .stderr
        .starts_with("curl: (22) The requested URL returned error: 404"));
    assert_eq!(curl(&mut c, "-s http://172.18.255.200:8080/").exit_code, 7);
}

#[test]
fn repeated_events_show_their_count_in_describe_and_wide() {
    let mut c = Cluster::new(3);
    c.apply(crate::scenario::backend_yaml());
    for replicas in [5, 3, 5, 3, 5] {
        let line = format!("kubectl scale deployment image-processor --replicas={replicas}");
        assert_eq!(run(&mut c, &line, &|_| None).exit_code, 0);
        c.advance(20_000);
    }
    let described = run(&mut c, "kubectl describe deployment image-processor", &|_| None).stdout;
    let events = &described[described.find("Events:").expect("an Events section")..];
    let mut lines = events.lines();
    assert_eq!(lines.next(), Some("Events:"));
    let header: Vec<&str> = lines.next().unwrap_or("").split_whitespace().collect();
    assert_eq!(header, ["Type", "Reason", "Age", "From", "Message"]);
    let rows: Vec<&str> = lines.skip(1).collect();
    // Up 3→5 happened three times, down 5→3 twice: one row each, counted.
    assert_eq!(rows.len(), 3, "{events}");
    assert!(
        rows[0].contains("Scaled up replica set") && rows[0].contains(" to 3"),
        "{events}"
    );
    assert!(
        rows[1].contains("40s (x2 over 80s)") && rows[1].contains("to 3 from 5"),
        "{events}"
    );
    assert!(
        rows[2].contains("20s (x3 over 100s)") && rows[2].contains("to 5 from 3"),
        "{events}"
    );
    assert!(rows.iter().all(|r| r.contains("deployment-controller")));
    let wide = run(&mut c, "kubectl get events -o wide", &|_| None).stdout;
    let header: Vec<&str> = wide
        .lines()
        .next()
        .unwrap_or("")
        .split("  ")
        .filter(|h| !h.is_empty())
        .map(str::trim)
        .collect();
    assert_eq!(
        header,
        [
            "LAST SEEN",
            "TYPE",
            "REASON",
            "OBJECT",
            "SUBOBJECT",
            "SOURCE",
            "MESSAGE",
            "FIRST SEEN",
            "COUNT",
            "NAME"
        ]
    );
    let up = wide
        .lines()
        .find(|l| l.contains("to 5 from 3"))
        .expect("the scale-up event");
    assert!(
        up.contains("deployment-controller") && up.contains(" 3 ") && up.contains(" image-processor."),
        "{up}"
    );
    let started = wide
        .lines()
        .find(|l| l.contains("Started"))
        .expect("a kubelet event");
    assert!(
        started.contains("spec.containers{worker}") && started.contains("kubelet, podscape-worker"),
        "{started}"
    );
}

mod lines {
    use super::super::run;
    use crate::Cluster;
    use proptest::prelude::*;

    const WORDS: &[&str] = &[
        "kubectl",
        "get",
        "events",
        "pods",
        "deploy",
        "describe",
        "deployment",
        "image-processor",
        "annotate",
        "pod",
        "pod/x",
        "controller.kubernetes.io/pod-deletion-cost=",
        "-5",
        "+1",
        "007",
        "a=b",
        "a-",
        "-",
        "=",
        "--overwrite",
        "--overwrite=false",
        "--sort-by",
        "--sort-by=.lastTimestamp",
        "--sort-by={.metadata.name}",
        "--sort-by=.",
        "{}",
        "-o",
        "wide",
        "json",
        "-A",
        "scale",
        "--replicas=0",
        "--replicas=7",
        "rollout",
        "restart",
    ];

    proptest! {
        #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

        /// Any line built from these words runs without a panic and exits 0 or 1.
        #[test]
        fn any_line_runs_and_exits_zero_or_one(
            picks in prop::collection::vec((0..WORDS.len(), any::<bool>()), 1..8),
            pod in 0..3usize,
        ) {
            let mut c = Cluster::new(5);
            c.apply(crate::scenario::backend_yaml());
            c.advance(15_000);
            let name = c.pods().iter().filter(|p| p.namespace == "default").nth(pod).map(|p| p.name.clone());
            let mut line = String::new();
            for (w, use_pod) in picks {
                let word = match (&name, use_pod && w == 10) {
                    (Some(n), true) => n.as_str(),
                    _ => WORDS[w],
                };
                line.push_str(word);
                line.push(' ');
            }
            let out = run(&mut c, &line, &|_| None);
            prop_assert!(out.exit_code <= 1, "{line}: {out:?}");
            let again = run(&mut c, "kubectl get events -o wide", &|_| None);
            prop_assert_eq!(again.exit_code, 0);
        }
    }
}

#[test]
fn describe_takes_any_spelling_of_a_kind_in_either_target_form() {
    let mut c = Cluster::new(2);
    c.apply(crate::scenario::backend_yaml());
    c.advance(20_000);
    let pod = c
        .pods()
        .iter()
        .find(|p| p.namespace == "default")
        .unwrap()
        .name
        .clone();
    let rs = c
        .replica_sets()
        .iter()
        .find(|r| r.namespace == "default")
        .unwrap()
        .name
        .clone();
    let node = c.nodes()[0].name.clone();
    let forms: [(&[String], &str); 5] = [
        (
            &[
                "deployment image-processor".into(),
                "deploy/image-processor".into(),
                "deployments/image-processor".into(),
                "deployment.apps/image-processor".into(),
            ],
            "Name:                   image-processor\n",
        ),
        (
            &[
                format!("pod {pod}"),
                format!("po/{pod}"),
                format!("pods/{pod}"),
                format!("Pod/{pod}"),
            ],
            "Name:",
        ),
        (&[format!("rs {rs}"), format!("replicasets/{rs}")], "Name:"),
        (&[format!("node {node}"), format!("nodes/{node}")], "Name:"),
        (&["svc kubernetes".into(), "services/kubernetes".into()], "Name:"),
    ];
    for (spellings, start) in forms {
        let first = run(&mut c, &format!("kubectl describe {}", spellings[0]), &no_files);
        assert_eq!(first.exit_code, 0, "{}", first.stderr);
        assert!(first.stdout.starts_with(start), "{}", first.stdout);
        for spelling in &spellings[1..] {
            let out = run(&mut c, &format!("kubectl describe {spelling}"), &no_files);
            assert_eq!(out, first, "kubectl describe {spelling}");
        }
    }
    let unsupported = "error: describe is simulated for pods, deployments, replicasets, daemonsets, services, nodes, namespaces, configmaps, secrets and ingresses here: kubectl describe pod|deployment|replicaset|daemonset|service|node|namespace|configmap|secret|ingress NAME\n";
    assert_eq!(fails("kubectl describe events/x"), (unsupported.to_string(), 1));
    assert_eq!(
        fails("kubectl describe"),
        ("error: You must specify the type of resource to describe. Use \"kubectl api-resources\" for a complete list of supported resources.\n".to_string(), 1)
    );
    assert_eq!(
        fails("kubectl describe pod/x y"),
        (
            "error: arguments in resource/name form must have a single resource and name\n".to_string(),
            1
        )
    );
    assert_eq!(
        fails("kubectl describe pod/x pod/y"),
        ("Error from server (NotFound): pods \"x\" not found\nError from server (NotFound): pods \"y\" not found\n".to_string(), 1)
    );
    // Every pod of the namespace, one after the other; a prefix describes those it starts.
    let all = run(&mut c, "kubectl describe pods", &no_files);
    let pods = c.pods().iter().filter(|p| p.namespace == "default").count();
    assert!(pods > 1);
    assert_eq!(
        all.stdout.matches("\nNamespace:        default\n").count(),
        pods,
        "{}",
        all.stdout
    );
    let web = run(&mut c, "kubectl describe po image-processor", &no_files);
    assert_eq!(web.exit_code, 0);
    assert_eq!(
        web.stdout.matches("Name:             image-processor-").count(),
        3
    );
    assert_eq!(
        fails("kubectl describe pod/"),
        (
            "Error from server (NotFound): pods \"\" not found\n".to_string(),
            1
        )
    );
}

#[test]
fn completion_knows_namespaces_daemonsets_and_the_context() {
    let mut c = Cluster::new(1);
    assert_eq!(complete(&c, "kubectl config s"), ["set-context"]);
    assert_eq!(complete(&c, "kubectl create n"), ["namespace"]);
    assert_eq!(complete(&c, "kubectl get daem"), ["daemonsets"]);
    assert_eq!(complete(&c, "kubectl get ns kube-s"), ["kube-system"]);
    assert_eq!(complete(&c, "kubectl get pods -n kube-sy"), ["kube-system"]);
    assert_eq!(
        complete(&c, "kubectl drain podscape-worker --ig"),
        ["--ignore-daemonsets"]
    );
    assert_eq!(complete(&c, "kubectl config set-context --cu"), ["--current"]);
    // Names come from -n's namespace, else the context's.
    assert_eq!(
        complete(&c, "kubectl get ds -n kube-system kube-p"),
        ["kube-proxy"]
    );
    assert!(complete(&c, "kubectl get ds kube-p").is_empty());
    run(
        &mut c,
        "kubectl config set-context --current --namespace=kube-system",
        &no_files,
    );
    assert_eq!(complete(&c, "kubectl get ds kube-p"), ["kube-proxy"]);
}

#[test]
fn the_context_namespace_is_every_commands_default() {
    let mut c = Cluster::new(1);
    let ok = |c: &mut Cluster, line: &str| {
        let out = run(c, line, &no_files);
        assert_eq!(out.exit_code, 0, "{line}: {}", out.stderr);
        out.stdout
    };
    assert_eq!(
        ok(&mut c, "kubectl create namespace shop"),
        "namespace/shop created\n"
    );
    assert_eq!(
        ok(&mut c, "kubectl config set-context --current --namespace=shop"),
        "Context \"kind-podscape\" modified.\n"
    );
    ok(
        &mut c,
        "kubectl create deployment api --image=registry.k8s.io/e2e-test-images/agnhost:2.53",
    );
    assert!(c.deployment("shop", "api").is_some());
    assert!(c.deployment("default", "api").is_none());
    // apply puts objects that name no namespace into the context's (or -n's).
    let files = |_: &str| Some(crate::scenario::backend_yaml().to_string());
    let out = run(&mut c, "kubectl apply -f app.yaml", &files);
    assert_eq!(out.exit_code, 0, "{}", out.stderr);
    assert!(c.deployment("shop", "image-processor").is_some());
    let out = run(&mut c, "kubectl apply -f app.yaml -n nowhere", &files);
    assert_eq!(
        out.stderr,
        "Error from server (NotFound): error when creating \"app.yaml\": namespaces \"nowhere\" not found\n"
    );
    assert_eq!(
        fails("kubectl config set-context --namespace=x"),
        (
            "error: you must specify a non-empty context name or --current\n".into(),
            1
        )
    );
}

#[test]
fn completion_knows_run_configmaps_secrets_and_their_flags() {
    let mut c = Cluster::new(1);
    assert!(complete(&c, "kubectl ru").contains(&"run".to_string()));
    assert_eq!(
        complete(&c, "kubectl run tmp --rest"),
        ["--restart=Never", "--restart=OnFailure"]
    );
    assert_eq!(complete(&c, "kubectl create conf"), ["configmap"]);
    assert_eq!(complete(&c, "kubectl create secret "), ["generic"]);
    assert_eq!(complete(&c, "kubectl create cm x --from-l"), ["--from-literal="]);
    run(
        &mut c,
        "kubectl create secret generic creds --from-literal=a=b",
        &no_files,
    );
    assert_eq!(complete(&c, "kubectl get secret c"), ["creds"]);
    assert_eq!(complete(&c, "kubectl describe cm kube"), ["kube-root-ca.crt"]);
    // After `--` the words are the container's: no flags are offered.
    assert!(complete(&c, "kubectl run tmp --image=busybox -- ls -").is_empty());
}

#[test]
fn run_checks_its_flags_as_kubectl_does() {
    assert_eq!(
        fails("kubectl run tmp").0,
        "error: required flag(s) \"image\" not set\n"
    );
    assert_eq!(
        fails("kubectl run tmp --image=busybox --rm -- true").0,
        "error: --rm should only be used for attached containers\n"
    );
    assert_eq!(
        fails("kubectl run tmp --image=busybox --restart=Sometimes").0,
        "error: invalid restart policy: Sometimes\n"
    );
    assert_eq!(
        fails("kubectl run tmp --image=busybox -t").0,
        "error: -i/--stdin is required for containers with -t/--tty=true\n"
    );
}

#[test]
fn run_dry_run_prints_the_generated_pod_and_creates_nothing() {
    let mut c = Cluster::new(1);
    let out = run(
        &mut c,
        "kubectl run web --image=nginx --labels=app=web,tier=front --port=80 --env=A=1 --dry-run=client -o yaml",
        &no_files,
    );
    assert_eq!(
        out.stdout,
        "apiVersion: v1\nkind: Pod\nmetadata:\n  labels:\n    app: web\n    tier: front\n  name: web\nspec:\n  containers:\n  - env:\n    - name: A\n      value: \"1\"\n    image: nginx\n    name: web\n    ports:\n    - containerPort: 80\n    resources: {}\n  dnsPolicy: ClusterFirst\n  restartPolicy: Always\nstatus: {}\n"
    );
    assert!(c.pod("default", "web").is_none());
}

#[test]
fn run_rm_prints_the_commands_output_then_deletes_the_pod() {
    let mut c = Cluster::new(1);
    let out = run(
        &mut c,
        "kubectl run tmp --rm -it --restart=Never --image=busybox -- sh -c 'echo $HOSTNAME; exit 3'",
        &no_files,
    );
    assert_eq!(out.stdout, "tmp\npod \"tmp\" deleted from default namespace\n");
    assert!(
        out.stderr.ends_with("pod default/tmp terminated (Error)\n"),
        "{}",
        out.stderr
    );
    assert_eq!(out.exit_code, 3);
    assert!(c.pod("default", "tmp").is_none());
    // Without a terminal (-i only), no prompt lines on stderr.
    let out = run(
        &mut c,
        "kubectl run tmp --rm -i --restart=Never --image=busybox -- echo hi",
        &no_files,
    );
    assert_eq!(
        (out.stdout.as_str(), out.stderr.as_str()),
        ("hi\npod \"tmp\" deleted from default namespace\n", "")
    );
}

#[test]
fn exec_env_lists_service_links_of_services_that_existed_at_start() {
    let mut c = Cluster::new(1);
    run(
        &mut c,
        "kubectl run early --image=busybox -- sleep infinity",
        &no_files,
    );
    c.advance(10_000);
    c.apply("apiVersion: v1\nkind: Service\nmetadata:\n  name: my-api\nspec:\n  selector:\n    app: x\n  ports:\n  - port: 80\n    name: web\n");
    run(
        &mut c,
        "kubectl run late --image=busybox -- sleep infinity",
        &no_files,
    );
    c.advance(10_000);
    let early = run(
        &mut c,
        "kubectl exec early -- printenv MY_API_SERVICE_HOST",
        &no_files,
    );
    assert_eq!(early.exit_code, 1);
    let late = run(&mut c, "kubectl exec late -- env", &no_files);
    let ip = c.service("default", "my-api").unwrap().cluster_ip.clone();
    for line in [
        format!("MY_API_SERVICE_HOST={ip}"),
        "MY_API_SERVICE_PORT=80".into(),
        "MY_API_SERVICE_PORT_WEB=80".into(),
        format!("MY_API_PORT_80_TCP=tcp://{ip}:80"),
        "KUBERNETES_SERVICE_PORT_HTTPS=443".into(),
    ] {
        assert!(
            late.stdout.lines().any(|l| l == line),
            "{line} in {}",
            late.stdout
        );
    }
    assert!(late.stdout.starts_with("PATH=") && late.stdout.ends_with("HOME=/root\n"));
}

#[test]
fn nested_shells_are_bounded() {
    let mut c = Cluster::new(1);
    run(
        &mut c,
        "kubectl run s --image=busybox -- sleep infinity",
        &no_files,
    );
    c.advance(10_000);
    // Each level double-quotes the one inside it, escaping as a shell reads it back.
    let mut line = String::from("echo deep");
    for _ in 0..12 {
        line = format!("sh -c \"{}\"", line.replace('\\', "\\\\").replace('"', "\\\""));
    }
    let pod = c.pod("default", "s").unwrap().clone();
    let (code, _, stderr) = run::container_command(&mut c, &pod, &["sh", "-c", &line]);
    assert_eq!((code, stderr.as_str()), (2, "sh: nested too deep\n"));
}

#[test]
fn a_yaml_patch_is_read_by_the_manifests_reader_with_its_budgets() {
    let mut c = Cluster::new(1);
    run(&mut c, "kubectl create deployment web --image=nginx", &no_files);
    let out = run(
        &mut c,
        "kubectl patch deploy web -p 'spec: {replicas: 4}'",
        &no_files,
    );
    assert_eq!(
        (out.stdout.as_str(), out.exit_code),
        ("deployment.apps/web patched\n", 0),
        "{}",
        out.stderr
    );
    assert_eq!(c.deployment("default", "web").unwrap().spec.replicas, 4);
    let out = run(&mut c, "kubectl patch deploy web -p 'spec: [unclosed'", &no_files);
    assert!(
        out.stderr
            .starts_with("error: unable to parse \"spec: [unclosed\": yaml: line "),
        "{}",
        out.stderr
    );
    // A billion laughs in a patch stops at the alias budget, as in a manifest.
    let mut bomb = String::from("a: &a [x,x,x,x,x,x,x,x,x,x]\n");
    for i in 0..9 {
        bomb.push_str(&format!(
            "{}: &{} [*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p}]\n",
            (b'b' + i) as char,
            (b'b' + i) as char,
            p = (b'a' + i) as char
        ));
    }
    let out = run(
        &mut c,
        &format!("kubectl patch deploy web -p '{bomb}'"),
        &no_files,
    );
    assert_eq!(out.exit_code, 1);
    assert!(out.stderr.contains("excessive aliasing"), "{}", out.stderr);
}

#[test]
fn completion_knows_podscape_flows_and_the_traffic_generator() {
    let c = Cluster::new(1);
    assert_eq!(complete(&c, "podscape fl"), ["flows"]);
    assert_eq!(complete(&c, "podscape flows --s"), ["--since"]);
    assert_eq!(complete(&c, "podscape traffic "), ["rate", "source"]);
    assert_eq!(complete(&c, "podscape traffic source e"), ["external"]);
    assert_eq!(complete(&c, "pod"), ["podscape"]);
}
