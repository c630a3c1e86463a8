use super::*;
use proptest::prelude::*;

fn entry(command: &str, stdout: &str) -> Entry {
    Entry {
        t_ms: 0,
        command: command.into(),
        exit_code: 0,
        stdout: stdout.into(),
        stderr: String::new(),
    }
}

fn report(a: &[Entry], b: &[Entry]) -> Report {
    compare("REAL", a, "SIMULATED", b, false)
}

const SIM_PODS: &str = "NAME                   READY   STATUS    RESTARTS   AGE   IP           NODE\nweb-5d4f8b7c9-x2xkq    1/1     Running   0          15s   10.244.1.2   podscape-worker\nweb-5d4f8b7c9-bbq7z    1/1     Running   0          15s   10.244.2.2   podscape-worker2\n";
const REAL_PODS: &str = "NAME                    READY   STATUS    RESTARTS   AGE   IP           NODE\nweb-7b9fc6d8b4-zz4kq    1/1     Running   0          2m    10.244.2.7   podscape-worker2\nweb-7b9fc6d8b4-5lmnp    1/1     Running   0          118s  10.244.1.3   podscape-worker\n";

#[test]
fn what_normalisation_removes_compares_equal() {
    let sim = [
        entry("kubectl get pods -o wide", SIM_PODS),
        entry("kubectl get svc web", "NAME   TYPE        CLUSTER-IP     EXTERNAL-IP   PORT(S)   AGE\nweb    ClusterIP   10.96.143.20   <none>        80/TCP    15s\n"),
        entry("kubectl describe rs", "Name: web-5d4f8b7c9\nLabels: pod-template-hash=5d4f8b7c9\nCreated: 2026-11-25T10:00:00Z\nEvents:\n  Normal  SuccessfulCreate  15s (x3 over 20s)  replicaset-controller  Created pod: web-5d4f8b7c9-x2xkq\n"),
    ];
    let real = [
        entry("kubectl get pods -o wide", REAL_PODS),
        entry("kubectl get svc web", "NAME   TYPE        CLUSTER-IP    EXTERNAL-IP   PORT(S)   AGE\nweb    ClusterIP   10.96.7.201   <none>        80/TCP    2m1s\n"),
        entry("kubectl describe rs", "Name: web-7b9fc6d8b4\nLabels: pod-template-hash=7b9fc6d8b4\nCreated: 2026-12-06T04:22:47.123Z\nEvents:\n  Normal  SuccessfulCreate  2m (x4 over 2m)  replicaset-controller  Created pod: web-7b9fc6d8b4-zz4kq\n"),
    ];
    let r = report(&real, &sim);
    assert_eq!(r.differences, 0, "{}", r.text);
    assert_eq!(r.compared, 3);
    assert_eq!(r.text, "");
}

#[test]
fn a_missing_endpoint_is_reported_as_kubectl_diff_prints_it() {
    let sim = [entry("kubectl get endpointslices", "NAME        ADDRESSTYPE   PORTS   ENDPOINTS               AGE\nweb-bcdfg   IPv4          80      10.244.1.2,10.244.2.2   15s\n")];
    let real = [entry("kubectl get endpointslices", "NAME        ADDRESSTYPE   PORTS   ENDPOINTS    AGE\nweb-xk2lq   IPv4          80      10.244.1.9   1m\n")];
    let r = report(&real, &sim);
    assert_eq!(r.differences, 1);
    assert_eq!(
        r.text,
        "diff -u -N REAL/1 SIMULATED/1\n--- REAL/1\t$ kubectl get endpointslices\n+++ SIMULATED/1\t$ kubectl get endpointslices\n@@ -1,3 +1,3 @@\n NAME ADDRESSTYPE PORTS ENDPOINTS AGE\n-web-<id> IPv4 80 <pod-ip> <age>\n+web-<id> IPv4 80 <pod-ip>,<pod-ip> <age>\n (exit 0)\n"
    );
}

#[test]
fn a_wrong_message_an_exit_code_and_a_rollout_order_are_reported() {
    let mut wrong = entry("kubectl get pod nope", "");
    wrong.stderr = "Error from server (NotFound): pods \"nope\" not found\n".into();
    wrong.exit_code = 1;
    let mut other = wrong.clone();
    other.stderr = "error: pods \"nope\" not found\n".into();
    assert_eq!(report(&[wrong.clone()], &[other]).differences, 1);
    let mut zero = wrong.clone();
    zero.exit_code = 0;
    let r = report(&[wrong.clone()], &[zero]);
    assert!(r.text.contains("-(exit 1)\n+(exit 0)\n"), "{}", r.text);

    let rollout = |lines: &[&str]| {
        entry(
            "kubectl rollout status deployment/web",
            &(lines.join("\n") + "\n"),
        )
    };
    let first =
        "Waiting for deployment \"web\" rollout to finish: 1 out of 3 new replicas have been updated...";
    let second =
        "Waiting for deployment \"web\" rollout to finish: 2 out of 3 new replicas have been updated...";
    let r = report(&[rollout(&[first, second])], &[rollout(&[second, first])]);
    assert_eq!(r.differences, 1, "a rollout's messages are a sequence, not rows");
}

#[test]
fn commands_missing_extra_or_different_are_reported_and_skipped_ones_left_out() {
    let a = [entry("kubectl get pods", ""), entry("kubectl get svc", "")];
    let b = [entry("kubectl get pods", "")];
    let r = report(&a, &b);
    assert_eq!(r.differences, 1);
    assert!(r.text.contains("only in REAL: command 2: $ kubectl get svc\n"));
    let r = report(
        &[entry("kubectl get nodes", "")],
        &[entry("kubectl get pods", "")],
    );
    assert_eq!(r.differences, 1);
    assert!(r.text.contains("command 1 differs"));
    let mut skipped = entry("podscape fail-readiness web-5d4f8b7c9-x2xkq", "");
    skipped.stderr = format!("{NO_REAL_EQUIVALENT}a readiness probe fails only if the app makes it fail\n");
    let r = report(
        &[skipped],
        &[entry("podscape fail-readiness web-5d4f8b7c9-x2xkq", "")],
    );
    assert_eq!((r.differences, r.compared, r.skipped), (0, 0, 1));
}

#[test]
fn event_counts_agree_within_a_tolerance_only() {
    let events = |n: u32| {
        entry("kubectl describe pod p", &format!("Events:\n  Warning  BackOff  5s (x{n} over 2m)  kubelet  Back-off restarting failed container\n"))
    };
    assert_eq!(report(&[events(5)], &[events(7)]).differences, 0);
    let r = report(&[events(2)], &[events(30)]);
    assert_eq!(r.differences, 1);
    assert!(
        r.text.contains("-  Warning BackOff <age> (x2 over <age>)") || r.text.contains("x2 over"),
        "{}",
        r.text
    );
    assert!(r.text.contains("x30 over"), "{}", r.text);
}

#[test]
fn a_second_replicaset_is_the_second_on_both_sides() {
    let sim = [
        entry("kubectl get rs", "NAME DESIRED\nweb-5d4f8b7c9 3\n"),
        entry(
            "kubectl get rs",
            "NAME DESIRED\nweb-5d4f8b7c9 0\nweb-6c8d7f9b4 3\n",
        ),
    ];
    let same = [
        entry("kubectl get rs", "NAME DESIRED\nweb-7b9fc6d8b4 3\n"),
        entry(
            "kubectl get rs",
            "NAME DESIRED\nweb-7b9fc6d8b4 0\nweb-2x7zq9k 3\n",
        ),
    ];
    assert_eq!(report(&same, &sim).differences, 0);
    // The new ReplicaSet scaled down and the old one up: the rollout went the other way.
    let backwards = [
        entry("kubectl get rs", "NAME DESIRED\nweb-7b9fc6d8b4 3\n"),
        entry(
            "kubectl get rs",
            "NAME DESIRED\nweb-7b9fc6d8b4 3\nweb-2x7zq9k 0\n",
        ),
    ];
    assert_eq!(report(&backwards, &sim).differences, 1);
}

#[test]
fn watches_keep_their_order_tables_do_not() {
    let rows = |a: &str, b: &str| format!("NAME READY\n{a} 1/1\n{b} 1/1\n");
    let get = |cmd: &str, text: String| entry(cmd, &text);
    assert_eq!(
        report(
            &[get("kubectl get deploy", rows("api", "web"))],
            &[get("kubectl get deploy", rows("web", "api"))]
        )
        .differences,
        0
    );
    assert_eq!(
        report(
            &[get("timeout 5s kubectl get deploy -w", rows("api", "web"))],
            &[get("timeout 5s kubectl get deploy -w", rows("web", "api"))]
        )
        .differences,
        1
    );
}

#[test]
fn side_by_side_shows_both_normalised_texts() {
    let r = compare(
        "R",
        &[entry("kubectl get pods", "a\n")],
        "S",
        &[entry("kubectl get pods", "b\n")],
        true,
    );
    assert_eq!(r.differences, 1);
    assert!(r.text.starts_with("== 1: $ kubectl get pods\n"));
    assert!(r.text.contains(&format!("a{} | b\n", " ".repeat(59))));
}

#[test]
fn transcripts_are_parsed_within_budget() {
    let line = r#"{"t_ms":5,"command":"kubectl get pods","exit_code":0,"stdout":"x\n","stderr":""}"#;
    assert_eq!(parse("t", &format!("{line}\n\n{line}\n")).unwrap().len(), 2);
    assert!(parse("t", "{\"command\":1}\n").unwrap_err().starts_with("t:1: "));
    assert!(parse("t", &" ".repeat(MAX_TRANSCRIPT_BYTES + 1)).is_err());
    // The simulator's own transcript reads back.
    let steps = crate::script::run(1, "kubectl get nodes\nkubectl get pods -A\n", &|_| None);
    let text: String = steps
        .iter()
        .map(|s| serde_json::to_string(s).unwrap() + "\n")
        .collect();
    assert_eq!(parse("t", &text).unwrap().len(), 2);
}

/// Renames a transcript as another cluster would name the same things: each generated suffix,
/// hash and IP consistently replaced by another of the same shape.
/// `map` carries the renames from one command's output to the next, as one cluster's names do.
fn renamed(text: &str, state: &mut u64, map: &mut Vec<(String, String)>) -> String {
    let alphabet = crate::names::ALPHANUMS;
    let mut next = || {
        *state ^= *state << 13;
        *state ^= *state >> 7;
        *state ^= *state << 17;
        *state
    };
    let mut out = String::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let start = i;
        while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'.') {
            i += 1;
        }
        if i == start {
            out.push(bytes[i] as char);
            i += 1;
            continue;
        }
        let word = &text[start..i];
        let shape_generated = (5..=10).contains(&word.len()) && word.bytes().all(|b| alphabet.contains(&b));
        let shape_pod_ip = word.starts_with("10.244.") && word.split('.').count() == 4;
        let replacement = if let Some((_, to)) = map.iter().find(|(from, _)| from == word) {
            to.clone()
        } else if shape_generated {
            let to: String = (0..word.len())
                .map(|_| alphabet[(next() % 27) as usize] as char)
                .collect();
            map.push((word.to_string(), to.clone()));
            to
        } else if shape_pod_ip {
            let to = format!("10.244.{}.{}", next() % 3, 2 + next() % 200);
            map.push((word.to_string(), to.clone()));
            to
        } else {
            word.to_string()
        };
        out.push_str(&replacement);
    }
    out
}

fn sample_transcript(seed: u64) -> Vec<Entry> {
    let files = |path: &str| (path == "app.yaml").then(|| crate::scenario::DEFAULT_YAML.to_string());
    let script = "kubectl apply -f app.yaml\nsleep 20s\nkubectl get pods -o wide\nkubectl get rs\nkubectl get endpointslices\nkubectl describe pods\nkubectl set image deployment/image-processor worker=registry.k8s.io/e2e-test-images/agnhost:2.52\nsleep 3s\nkubectl get pods\nkubectl get events\n";
    crate::script::run(seed, script, &files)
        .into_iter()
        .map(|s| Entry {
            t_ms: s.t_ms,
            command: s.command,
            exit_code: s.exit_code,
            stdout: s.stdout,
            stderr: s.stderr,
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]
    #[test]
    fn a_transcript_equals_a_renamed_copy_of_itself(seed in 1u64..1_000, rename in any::<u64>()) {
        let original = sample_transcript(seed);
        let (mut state, mut map) = (rename | 1, Vec::new());
        let copy: Vec<Entry> = original
            .iter()
            .map(|e| Entry {
                stdout: renamed(&e.stdout, &mut state, &mut map),
                stderr: renamed(&e.stderr, &mut state, &mut map),
                ..e.clone()
            })
            .collect();
        let r = report(&original, &copy);
        prop_assert_eq!(r.differences, 0, "{}", r.text);
        prop_assert!(original.iter().zip(&copy).any(|(a, b)| a.stdout != b.stdout), "the copy is renamed");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]
    /// Any texts compare without panicking, and a text always equals itself.
    #[test]
    fn any_text_compares_and_equals_itself(a in "[ -~\n\té]{0,200}", b in "[ -~\n\té]{0,200}", code in -2i32..3) {
        let mut x = entry("c", &a);
        x.exit_code = code;
        let y = entry("c", &b);
        let _ = report(&[x.clone()], &[y]);
        prop_assert_eq!(report(&[x.clone()], &[x]).differences, 0);
    }
}
