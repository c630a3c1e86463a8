//! `podscape run` against hostile scripts: `-f` stays inside the script's folder, and a run's
//! budget (virtual time, output, commands) ends it with an error and exit code 1.

use std::path::{Path, PathBuf};
use std::process::Command;

const BUDGET_TIME: &str =
    "podscape: the script's budget of 10m of virtual time is spent: the remaining commands are not run\n";

/// A fresh folder of this test's own under the system's temporary folder.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("podscape-cli-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn podscape(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_podscape"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("podscape runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn deployment(name: &str) -> String {
    format!(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {name}\nspec:\n  selector:\n    matchLabels: {{app: {name}}}\n  template:\n    metadata:\n      labels: {{app: {name}}}\n    spec:\n      containers:\n      - name: web\n        image: nginx:1.27\n"
    )
}

/// Runs `script` (written as `scripts/script.sh` in a scratch folder holding `secret.yaml`
/// beside `scripts/`) with `args`: exit code and the JSON Lines steps.
fn run_json(dir: &Path, script: &str, args: &[&str]) -> (i32, Vec<serde_json::Value>) {
    let path = dir.join("script.sh");
    std::fs::write(&path, script).unwrap();
    let mut all = vec!["run", "--format", "json"];
    all.extend_from_slice(args);
    all.push("script.sh");
    let (code, out, stderr) = podscape(dir, &all);
    assert!(stderr.is_empty(), "{stderr}");
    let steps = out
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON Lines"))
        .collect();
    (code, steps)
}

#[cfg(unix)]
#[test]
fn f_paths_stay_inside_the_scripts_folder() {
    let root = scratch("confined");
    let scripts = root.join("scripts");
    std::fs::create_dir_all(scripts.join("dir")).unwrap();
    std::fs::write(root.join("secret.yaml"), deployment("secret")).unwrap();
    std::fs::write(scripts.join("inside.yaml"), deployment("inside")).unwrap();
    std::os::unix::fs::symlink(root.join("secret.yaml"), scripts.join("link.yaml")).unwrap();
    std::os::unix::fs::symlink(root.join("secret.yaml"), scripts.join("dir/out.yaml")).unwrap();
    std::fs::write(scripts.join("dir/in.yaml"), deployment("in-dir")).unwrap();
    let absolute = root.join("secret.yaml");
    let script = format!(
        "kubectl apply -f inside.yaml\nkubectl apply -f ../secret.yaml\nkubectl apply -f {}\nkubectl apply -f link.yaml\nkubectl apply -f dir\nkubectl apply -f ./dir/../inside.yaml\nkubectl apply -f missing.yaml\nkubectl get deployments -o name\n",
        absolute.display()
    );
    std::fs::write(scripts.join("script.sh"), &script).unwrap();
    // Run from elsewhere: the folder is the script's, not the current one.
    let (code, out, stderr) = podscape(&root, &["run", "scripts/script.sh"]);
    assert!(stderr.is_empty(), "{stderr}");
    assert_eq!(code, 1);
    let hint = "hint: podscape run reads -f files inside the script's folder only; --allow-outside-files lets it read this one\n";
    for (command, shown) in [
        ("../secret.yaml", "../secret.yaml".to_string()),
        (absolute.to_str().unwrap(), absolute.display().to_string()),
        ("link.yaml", "link.yaml".to_string()),
        ("dir", "dir/out.yaml".to_string()),
    ] {
        let expected =
            format!("$ kubectl apply -f {command}\nerror: open {shown}: permission denied\n{hint}");
        assert!(out.contains(&expected), "{expected}\nnot in\n{out}");
    }
    assert!(
        out.contains("$ kubectl apply -f missing.yaml\nerror: the path \"missing.yaml\" does not exist\n")
    );
    assert!(
        out.ends_with("$ kubectl get deployments -o name\ndeployment.apps/inside\n"),
        "{out}"
    );
    assert!(!out.contains("secret created"), "{out}");

    // The flag lets the script read them all.
    let (_, out, _) = podscape(&root, &["run", "--allow-outside-files", "scripts/script.sh"]);
    assert!(!out.contains("permission denied"), "{out}");
    assert!(
        out.contains("deployment.apps/secret\n") && out.contains("deployment.apps/in-dir\n"),
        "{out}"
    );
    std::fs::remove_dir_all(&root).unwrap();
}

#[test]
fn help_names_the_flag() {
    let (code, out, _) = podscape(Path::new("."), &["--help"]);
    assert_eq!(code, 0);
    assert!(out.contains("--allow-outside-files"), "{out}");
}

#[test]
fn a_watch_of_a_day_ends_at_the_budget_with_a_final_error_step() {
    let dir = scratch("watch");
    let (code, steps) = run_json(&dir, "timeout 24h kubectl get pods -w\nkubectl get pods\n", &[]);
    assert_eq!(code, 1);
    assert_eq!(steps.len(), 1, "the command after the budget is not run");
    assert_eq!(steps[0]["exit_code"], 1);
    let stderr = steps[0]["stderr"].as_str().unwrap();
    assert_eq!(
        stderr,
        format!("No resources found in default namespace.\n{BUDGET_TIME}")
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn exactly_the_time_budget_passes() {
    let dir = scratch("exact");
    let (code, steps) = run_json(&dir, "sleep 4m\ntimeout 6m kubectl get pods -w\n", &[]);
    // `timeout` ends a watch with 124: the run is a failure, but not the budget's.
    assert_eq!((code, steps.len()), (1, 2));
    assert_eq!(steps[1]["exit_code"], 124);
    let (code, steps) = run_json(&dir, "sleep 4m\nsleep 6m\nkubectl get pods\n", &[]);
    assert_eq!((code, steps.len()), (0, 3));
    let (code, steps) = run_json(&dir, "sleep 4m\nsleep 6m\nsleep 1ms\nkubectl get pods\n", &[]);
    assert_eq!((code, steps.len()), (1, 3));
    assert_eq!(steps[2]["stderr"], BUDGET_TIME);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn ten_thousand_and_one_commands() {
    let dir = scratch("commands");
    let ten_thousand = "sleep 0\n".repeat(10_000);
    let (code, steps) = run_json(&dir, &ten_thousand, &[]);
    assert_eq!((code, steps.len()), (0, 10_000));
    let (code, steps) = run_json(&dir, &format!("{ten_thousand}kubectl get pods\nsleep 0\n"), &[]);
    assert_eq!((code, steps.len()), (1, 10_001));
    let last = &steps[10_000];
    assert_eq!(last["command"], "kubectl get pods");
    assert_eq!(last["stdout"], "");
    assert_eq!(
        last["stderr"],
        "podscape: the script's budget of 10000 commands is spent: the remaining commands are not run\n"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn an_output_bomb_stops_at_a_mebibyte() {
    let dir = scratch("bomb");
    let bomb = "kubectl create deployment web --image=nginx:1.27 --replicas=20\nsleep 10s\n".to_string()
        + &"kubectl get pods -o yaml\n".repeat(5_000);
    let (code, steps) = run_json(&dir, &bomb, &[]);
    assert_eq!(code, 1);
    let last = steps.last().unwrap();
    assert!(
        last["stderr"].as_str().unwrap().ends_with(
            "podscape: the script's budget of 1048576 bytes of output is spent: the remaining commands are not run\n"
        ),
        "{last}"
    );
    let printed: usize = steps
        .iter()
        .map(|s| s["stdout"].as_str().unwrap().len() + s["stderr"].as_str().unwrap().len())
        .sum();
    // The output up to the budget, then (after a newline where the cut fell mid-line) the error.
    let message = last["stderr"].as_str().unwrap().lines().last().unwrap().len() + 1;
    assert!(printed <= (1 << 20) + 1 + message, "{printed}");
    assert!(printed >= (1 << 20) + message, "{printed}");
    assert!(steps.len() < 5_002, "the rest is not run");
    std::fs::remove_dir_all(&dir).unwrap();
}
