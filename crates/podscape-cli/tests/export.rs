//! `podscape export kind` and `podscape compare`, end to end: golden exports (each passing
//! `bash -n` and `shellcheck`), the generated script run against stand-in `kind`, `kubectl`,
//! `docker` and `sleep` programs that record their arguments and answer from recorded outputs,
//! and `compare` on the transcripts that run writes.

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn podscape(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_podscape"))
        .args(args)
        .current_dir(root())
        .output()
        .expect("podscape runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// The export of `tests/exports/NAME` (its `args` file: the command line after `export kind`).
fn export(name: &str) -> String {
    let args = std::fs::read_to_string(root().join("tests/exports").join(name).join("args")).unwrap();
    let mut argv = vec!["export", "kind"];
    argv.extend(args.split_whitespace());
    let (code, script, stderr) = podscape(&argv);
    assert_eq!(code, 0, "{stderr}");
    script
}

fn shellcheck(path: &Path) {
    let found = Command::new("shellcheck")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(
        found,
        "shellcheck is not installed: run `. .ci/bootstrap` (it installs Debian's shellcheck)"
    );
    let out = Command::new("shellcheck").arg(path).output().unwrap();
    assert!(
        out.status.success(),
        "{}: {}",
        path.display(),
        String::from_utf8_lossy(&out.stdout)
    );
}

#[test]
fn golden_exports_pass_bash_n_and_shellcheck() {
    let names = ["default", "faults", "lesson"];
    for name in names {
        let script = export(name);
        let golden = root().join("tests/exports").join(name).join("expected.sh");
        podscape_golden::check(&golden, &script);
        let out = Command::new("bash").arg("-n").arg(&golden).output().unwrap();
        assert!(
            out.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        shellcheck(&golden);
    }
}

#[test]
fn usage_errors() {
    assert_eq!(podscape(&["export"]).0, 2);
    assert_eq!(podscape(&["export", "minikube", "x.sh"]).0, 2);
    assert_eq!(podscape(&["export", "kind"]).0, 2);
    assert_eq!(
        podscape(&[
            "export",
            "kind",
            "--mode",
            "userspace",
            "tests/exports/lesson/script.sh"
        ])
        .0,
        2
    );
    assert_eq!(podscape(&["export", "kind", "no-such-file.sh"]).0, 2);
    assert_eq!(podscape(&["compare", "one.jsonl"]).0, 2);
    assert_eq!(podscape(&["compare", "no-such.jsonl", "other.jsonl"]).0, 2);
    // -o writes an executable file, the same text.
    let dir = scratch("out");
    let file = dir.join("run.sh");
    let (code, _, _) = podscape(&[
        "export",
        "kind",
        "-o",
        file.to_str().unwrap(),
        "tests/exports/lesson/script.sh",
        "--mode",
        "ipvs",
    ]);
    assert_eq!(code, 0);
    assert_eq!(std::fs::read_to_string(&file).unwrap(), export("lesson"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_ne!(std::fs::metadata(&file).unwrap().permissions().mode() & 0o111, 0);
    }
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("podscape-export-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The stand-ins: each appends its name and arguments to `$STUB_LOG` and answers from what a
/// kind cluster printed (shortened); `STUB_FAIL=create` makes cluster creation fail.
const STAND_IN: &str = r#"#!/usr/bin/env bash
name="$(basename "$0")"
printf '%s %s\n' "$name" "$*" >>"$STUB_LOG"
case "$name $*" in
  "kind create cluster"*)
    if [ "${STUB_FAIL:-}" = create ]; then echo "ERROR: failed to create cluster: stand-in" >&2; exit 1; fi
    while [ $# -gt 0 ]; do [ "$1" = --config ] && cp "$2" "$STUB_DIR/kind.yaml"; shift; done ;;
  "kubectl get pods -A --no-headers -o custom-columns=NAME:.metadata.name")
    printf 'coredns-7d764666f9-bbbbb\nweb-7b9fc6d8b4-zz4kq\nweb-7b9fc6d8b4-5lmnp\nweb-7b9fc6d8b4-q2wxz\n' ;;
  "kubectl apply -f app.yaml")
    [ -f app.yaml ] || { echo "error: the path \"app.yaml\" does not exist" >&2; exit 1; }
    printf 'deployment.apps/web created\nservice/web created\n' ;;
  "kubectl apply -f -")
    cat >"$STUB_DIR/stdin"; echo "configmap/note created" ;;
  "kubectl get configmap note"*)
    printf 'it'"'"'s $HOME, "q" \\ tab\there \001 and `expanded`' ;;
  "kubectl exec"*)
    echo "command terminated with exit code 137" >&2; exit 137 ;;
  "kubectl describe pod"*)
    printf 'Name:             %s\nNamespace:        default\n' "$3" ;;
  "kubectl get nodes")
    printf 'NAME                     STATUS   ROLES           AGE   VERSION\npodscape-control-plane   Ready    control-plane   2m    v1.35.0\n' ;;
  "docker exec podscape-worker ipvsadm -Ln")
    printf 'IP Virtual Server version 1.2.1 (size=4096)\n' ;;
  "kubectl get pods"*)
    printf 'NAME                   READY   STATUS    RESTARTS   AGE\nweb-7b9fc6d8b4-zz4kq   1/1     Running   0          20s\n' ;;
esac
exit 0
"#;

struct Run {
    code: i32,
    log: Vec<String>,
    transcript: String,
    dir: PathBuf,
}

fn run_against_stand_ins(name: &str, script: &str, env: &[(&str, &str)], args: &[&str]) -> Run {
    let dir = scratch(name);
    let bin = dir.join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    for tool in ["kind", "kubectl", "docker", "sleep"] {
        let path = bin.join(tool);
        std::fs::write(&path, STAND_IN).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
        }
    }
    let file = dir.join("run.sh");
    std::fs::write(&file, script).unwrap();
    let path = format!("{}:{}", bin.display(), std::env::var("PATH").unwrap_or_default());
    let log = dir.join("log");
    let out = Command::new("bash")
        .arg(&file)
        .args(args)
        .current_dir(&dir)
        .env("PATH", path)
        .env("STUB_LOG", &log)
        .env("STUB_DIR", &dir)
        .env("TMPDIR", &dir)
        .env("TRANSCRIPT", dir.join("real.jsonl"))
        .env_remove("KEEP")
        .envs(env.iter().copied())
        .output()
        .unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        log: std::fs::read_to_string(&log)
            .unwrap_or_default()
            .lines()
            .map(String::from)
            .collect(),
        transcript: std::fs::read_to_string(dir.join("real.jsonl")).unwrap_or_default(),
        dir,
    }
}

/// The position of the first log line starting with `prefix` after `from`.
fn after(log: &[String], from: usize, prefix: &str) -> usize {
    log.iter()
        .skip(from)
        .position(|l| l.starts_with(prefix))
        .map(|p| p + from)
        .unwrap_or_else(|| panic!("no {prefix:?} after line {from} in\n{}", log.join("\n")))
}

#[test]
fn the_faults_export_runs_on_stand_ins_in_order_and_records_a_transcript() {
    let run = run_against_stand_ins("faults", &export("faults"), &[], &[]);
    assert_eq!(run.code, 0, "{}", run.log.join("\n"));
    let log = &run.log;
    let config = std::fs::read_to_string(run.dir.join("kind.yaml")).unwrap();
    assert!(config.contains("kubeProxyMode: nftables"), "{config}");
    // The commands issued, in order.
    let mut at = 0;
    for prefix in [
        "kind create cluster --name podscape --config ",
        "docker pull -q nginx:1.27",
        "kind load docker-image nginx:1.27 --name podscape",
        "kubectl apply -f app.yaml",
        "sleep 20s",
        "kubectl get pods -o wide",
        "kubectl get pods -A --no-headers -o custom-columns=NAME:.metadata.name",
        // The first pod Podscape named is the first of the Deployment's pods by name on kind.
        "kubectl exec web-7b9fc6d8b4-5lmnp -- /bin/sh -c kill 1",
        "sleep 10s",
        "kubectl describe pod web-7b9fc6d8b4-5lmnp",
        "docker pause podscape-worker",
        "sleep 45s",
        "kubectl get nodes",
        "docker unpause podscape-worker",
        "kubectl set image deployment/web web=nginx:1.28",
        "kubectl -n kube-system get configmap kube-proxy -o yaml",
        "kubectl -n kube-system rollout restart daemonset/kube-proxy",
        "docker exec podscape-worker ipvsadm -Ln",
        "kubectl apply -f -",
        "kubectl get configmap note -o jsonpath={.data.text}",
        "kind delete cluster --name podscape",
    ] {
        at = after(log, at, prefix) + 1;
    }
    assert_eq!(at, log.len(), "the cluster is deleted last");
    // The here-document's text reached kubectl unexpanded.
    assert!(std::fs::read_to_string(run.dir.join("stdin"))
        .unwrap()
        .contains("text: \"it's $HOME, not `expanded`\"\n"));
    // The transcript: JSON Lines in `podscape run --format json`'s shape, one line per command
    // of the simulated run, the same commands in the same order.
    let (_, simulated, _) = podscape(&["run", "--format", "json", "tests/exports/faults/script.sh"]);
    let real: Vec<serde_json::Value> = run
        .transcript
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON"))
        .collect();
    let sim: Vec<serde_json::Value> = simulated
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(real.len(), sim.len());
    for ((line, r), s) in run.transcript.lines().zip(&real).zip(&sim) {
        let keys: Vec<usize> = [
            "{\"t_ms\":",
            ",\"command\":",
            ",\"exit_code\":",
            ",\"stdout\":",
            ",\"stderr\":",
        ]
        .iter()
        .map(|k| line.find(k).expect("every key"))
        .collect();
        assert!(keys.windows(2).all(|w| w[0] < w[1]) && keys[0] == 0, "{line}");
        assert_eq!(r["command"], s["command"]);
        assert_eq!(r.as_object().unwrap().len(), 5);
    }
    let by_command = |c: &str| {
        real.iter()
            .find(|r| r["command"] == c)
            .unwrap_or_else(|| panic!("{c}"))
    };
    assert_eq!(
        by_command("kubectl get configmap note -o jsonpath='{.data.text}'")["stdout"],
        "it's $HOME, \"q\" \\ tab\there \u{1} and `expanded`"
    );
    assert_eq!(
        by_command("kubectl apply -f app.yaml")["stdout"],
        "deployment.apps/web created\nservice/web created\n"
    );
    assert_eq!(by_command("podscape crash web-854dfdf8b-cs4rd")["exit_code"], 0);
    let skipped = by_command("podscape fail-readiness web-854dfdf8b-jd4sw");
    assert!(skipped["stderr"]
        .as_str()
        .unwrap()
        .starts_with(podscape_core::export::NO_REAL_EQUIVALENT));
    let times: Vec<u64> = real.iter().map(|r| r["t_ms"].as_u64().unwrap()).collect();
    assert!(times.windows(2).all(|w| w[0] <= w[1]));

    // compare: the stand-ins' answers are not kind's, and it says where; the simulation agrees
    // with itself.
    let sim_file = run.dir.join("sim.jsonl");
    std::fs::write(&sim_file, &simulated).unwrap();
    let real_file = run.dir.join("real.jsonl");
    let (code, diff, summary) =
        podscape(&["compare", real_file.to_str().unwrap(), sim_file.to_str().unwrap()]);
    assert_eq!(code, 1, "{diff}");
    assert!(diff.contains("+++ "), "{diff}");
    assert!(
        summary.contains("skipped: no real equivalent on kind"),
        "{summary}"
    );
    let (code, same, _) = podscape(&["compare", sim_file.to_str().unwrap(), sim_file.to_str().unwrap()]);
    assert_eq!((code, same.as_str()), (0, ""));
    let (code, side, _) = podscape(&[
        "compare",
        "--side-by-side",
        real_file.to_str().unwrap(),
        sim_file.to_str().unwrap(),
    ]);
    assert_eq!(code, 1);
    assert!(side.contains("== 1: $ kubectl apply -f app.yaml\n"), "{side}");
}

#[test]
fn a_failure_deletes_the_cluster_and_keep_keeps_it() {
    let script = export("lesson");
    let failed = run_against_stand_ins("fail", &script, &[("STUB_FAIL", "create")], &[]);
    assert_ne!(failed.code, 0);
    assert_eq!(
        failed.log.last().map(String::as_str),
        Some("kind delete cluster --name podscape"),
        "{:?}",
        failed.log
    );
    assert!(
        !failed.log.iter().any(|l| l.starts_with("kubectl")),
        "nothing runs after the failure"
    );

    let kept = run_against_stand_ins("keep", &script, &[("KEEP", "1")], &[]);
    assert_eq!(kept.code, 0);
    assert!(
        !kept.log.iter().any(|l| l.starts_with("kind delete")),
        "{:?}",
        kept.log
    );
    let kept = run_against_stand_ins("keep-flag", &script, &[], &["--keep"]);
    assert_eq!(kept.code, 0);
    assert!(!kept.log.iter().any(|l| l.starts_with("kind delete")));
    let deleted = run_against_stand_ins("delete", &script, &[], &[]);
    assert_eq!(
        deleted.log.last().map(String::as_str),
        Some("kind delete cluster --name podscape")
    );
    assert_eq!(deleted.transcript.lines().count(), 13);
}

#[test]
fn a_missing_tool_is_named_before_anything_runs() {
    let dir = scratch("missing");
    let file = dir.join("run.sh");
    std::fs::write(&file, export("lesson")).unwrap();
    let bash = if Path::new("/bin/bash").exists() {
        "/bin/bash"
    } else {
        "/usr/bin/bash"
    };
    let out = Command::new(bash)
        .arg(&file)
        .env("PATH", "/nonexistent")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("kind is not installed"));
}
