//! Take it to a real cluster: a playground's state (manifests, the kube-proxy mode, the
//! commands of a script or of the terminal) as one self-contained bash script that reproduces it
//! on kind, and records what the real kubectl printed in the JSON Lines of `podscape run
//! --format json`; [`compare`] then says whether that transcript and Podscape's agree.
//!
//! The script is text only: nothing here runs anything. Its commands are the script's own lines,
//! run by `bash -c` from a folder holding the files they read, so a step's `command` is
//! byte-identical to the one `podscape run` records; Podscape's own commands are mapped to the
//! real way of doing the same where there is one (`map_podscape`), and recorded as skipped, with
//! the reason, where there is none.

pub mod compare;

use crate::proxy::ProxyMode;

/// The Kubernetes version Podscape simulates (`kubectl version` prints it; a test checks).
pub const KUBERNETES_VERSION: &str = "v1.35.0";

/// kind v0.31's node image of that version, pinned by digest as kind's release notes pin it
/// (the digest projects pinning kind v0.31's v1.35.0 image quote).
pub const NODE_IMAGE: &str =
    "kindest/node:v1.35.0@sha256:452d707d4862f52530247495d180205e029056831160e22870e37e3f6c1ac31f";

/// The kind cluster's name: kind names the nodes after it, as Podscape's are named.
pub const CLUSTER_NAME: &str = "podscape";

/// What one export may read at most, all inputs together (four manifests engines' worth).
pub const MAX_INPUT_BYTES: usize = 4 * crate::budget::MAX_INPUT_BYTES;

/// The prefix of a skipped step's stderr in the real transcript: `compare` leaves such steps out.
pub const NO_REAL_EQUIVALENT: &str = "# podscape: no real equivalent on kind: ";

/// What to export.
#[derive(Clone, Debug)]
pub struct Source {
    /// Manifests applied first, each as a file the transcript names (`kubectl apply -f NAME`),
    /// then waited for (their Deployments' rollouts): the editor's text, or YAML arguments.
    pub manifests: Vec<(String, String)>,
    /// Files the commands read with `-f`, by the path the commands use (relative).
    pub files: Vec<(String, String)>,
    /// The commands, one a line, as `podscape run` reads them (here-documents included).
    pub script: String,
    /// kube-proxy's mode.
    pub mode: ProxyMode,
}

impl Default for Source {
    /// Nothing yet, kube-proxy in kind's default mode (iptables), as a fresh Podscape cluster.
    fn default() -> Source {
        Source {
            manifests: Vec::new(),
            files: Vec::new(),
            script: String::new(),
            mode: ProxyMode::Iptables,
        }
    }
}

fn mode_name(mode: ProxyMode) -> &'static str {
    match mode {
        ProxyMode::Iptables => "iptables",
        ProxyMode::Ipvs => "ipvs",
        ProxyMode::Nftables => "nftables",
    }
}

/// `s` single-quoted for bash: nothing in it expands.
pub fn quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

/// A relative path without `..`, control characters or a leading `/`: what a file may be called.
fn safe_path(path: &str) -> bool {
    !path.is_empty()
        && !path.starts_with('/')
        && !path.chars().any(char::is_control)
        && path
            .split('/')
            .all(|part| !part.is_empty() && part != "." && part != "..")
}

/// A here-document's delimiter that no line of `body` equals.
fn delimiter(body: &str) -> String {
    let taken: std::collections::BTreeSet<&str> =
        body.lines().filter(|l| l.starts_with("PODSCAPE_EOF")).collect();
    let mut n = 0usize;
    loop {
        let candidate = if n == 0 {
            "PODSCAPE_EOF".to_string()
        } else {
            format!("PODSCAPE_EOF_{n}")
        };
        if !taken.contains(candidate.as_str()) {
            return candidate;
        }
        n += 1;
    }
}

/// `body` as a here-document closed by its delimiter (a final newline added if missing).
fn heredoc_body(out: &mut String, body: &str, delimiter: &str) {
    out.push_str(body);
    if !body.ends_with('\n') {
        out.push('\n');
    }
    out.push_str(delimiter);
    out.push('\n');
}

/// The names the manifests give Deployments (whose pods are `NAME-HASH-ID`) and other pod owners
/// (DaemonSets, ReplicaSets, Jobs: `NAME-ID`), with kind's own; and their Deployments
/// (namespace, name) and images, for the rollout wait and the image preload.
#[derive(Default)]
struct Known {
    deployments: std::collections::BTreeSet<String>,
    owners: std::collections::BTreeSet<String>,
    rollouts: Vec<(String, String)>,
    images: Vec<String>,
}

impl Known {
    fn of(texts: &[&str]) -> Known {
        let mut known = Known {
            deployments: ["coredns".to_string()].into(),
            owners: ["kube-proxy".to_string(), "kindnet".to_string()].into(),
            ..Known::default()
        };
        let mut seen_images = std::collections::BTreeSet::new();
        for text in texts {
            let parsed = crate::manifest::parse(text);
            for o in &parsed.objects {
                match o.kind() {
                    "Deployment" => {
                        known.deployments.insert(o.name().to_string());
                        known
                            .rollouts
                            .push((o.namespace().to_string(), o.name().to_string()));
                    }
                    "DaemonSet" | "ReplicaSet" | "Job" | "StatefulSet" => {
                        known.owners.insert(o.name().to_string());
                    }
                    _ => {}
                }
            }
            // The images, read off the text's `image:` keys (simpler than walking every kind's
            // pod template, and the same for these files).
            for line in text.lines() {
                let line = line.trim_start().trim_start_matches("- ").trim_start();
                if let Some(image) = line.strip_prefix("image:") {
                    let image = image.trim().trim_matches(|c| c == '"' || c == '\'');
                    let ok = !image.is_empty()
                        && image
                            .chars()
                            .all(|c| c.is_ascii_alphanumeric() || "./:-_@".contains(c));
                    if ok && seen_images.insert(image.to_string()) {
                        known.images.push(image.to_string());
                    }
                }
            }
        }
        known
    }
}

fn is_suffix(s: &str, min: usize, max: usize) -> bool {
    (min..=max).contains(&s.len()) && s.bytes().all(|b| crate::names::ALPHANUMS.contains(&b))
}

/// A generated name in a command, mapped to the real object found the same way: the `index`-th
/// (by name for pods, by creation for ReplicaSets) of its owner's, when first used.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Generated {
    simulated: String,
    var: String,
    lookup: String,
}

/// Pods and ReplicaSets named by the simulation, each a variable of the generated script.
#[derive(Default)]
struct Names {
    seen: Vec<Generated>,
    /// A simulated name → its place in `seen`.
    by_name: std::collections::BTreeMap<String, usize>,
    /// (owner, kind) → how many distinct names of it were seen.
    counts: std::collections::BTreeMap<(String, &'static str), usize>,
}

impl Names {
    fn next_index(&mut self, owner: &str, kind: &'static str) -> usize {
        let count = self.counts.entry((owner.to_string(), kind)).or_insert(0);
        *count += 1;
        *count - 1
    }

    /// The variable standing for `word` if it is a generated name of a known owner.
    fn map(&mut self, word: &str, known: &Known) -> Option<&Generated> {
        if let Some(&at) = self.by_name.get(word) {
            return self.seen.get(at);
        }
        let parts: Vec<&str> = word.split('-').collect();
        let n = parts.len();
        let (owner, kind, pattern) = if n >= 3
            && is_suffix(parts[n - 1], 5, 5)
            && is_suffix(parts[n - 2], 6, 10)
            && known.deployments.contains(&parts[..n - 2].join("-"))
        {
            let owner = parts[..n - 2].join("-");
            let pattern = format!("{owner}-[a-z0-9]{{6,10}}-[a-z0-9]{{5}}");
            (owner, "pod", pattern)
        } else if n >= 2 && is_suffix(parts[n - 1], 5, 5) && known.owners.contains(&parts[..n - 1].join("-"))
        {
            let owner = parts[..n - 1].join("-");
            let pattern = format!("{owner}-[a-z0-9]{{5}}");
            (owner, "pod", pattern)
        } else if n >= 2
            && is_suffix(parts[n - 1], 6, 10)
            && known.deployments.contains(&parts[..n - 1].join("-"))
        {
            let owner = parts[..n - 1].join("-");
            let pattern = format!("{owner}-[a-z0-9]{{6,10}}");
            (owner, "rs", pattern)
        } else {
            return None;
        };
        let index = self.next_index(&owner, kind);
        let var = format!(
            "{}_{}",
            if kind == "pod" { "POD" } else { "RS" },
            self.seen.len() + 1
        );
        let lookup = format!(
            "{kind}_named {var} {} {index}  # {word} in Podscape",
            quote(&pattern)
        );
        self.by_name.insert(word.to_string(), self.seen.len());
        self.seen.push(Generated {
            simulated: word.to_string(),
            var,
            lookup,
        });
        self.seen.last()
    }
}

/// The command with the generated names it mentions replaced by their variables (`"$POD_1"`),
/// and the lookups to run first (those not yet run).
fn rename(
    command: &str,
    known: &Known,
    names: &mut Names,
    looked_up: &mut std::collections::BTreeSet<String>,
) -> (String, Vec<String>) {
    let mut out = String::with_capacity(command.len());
    let mut lookups = Vec::new();
    let mut word = String::new();
    let flush = |word: &mut String,
                 out: &mut String,
                 names: &mut Names,
                 lookups: &mut Vec<String>,
                 looked_up: &mut std::collections::BTreeSet<String>| {
        if word.is_empty() {
            return;
        }
        match names.map(word, known) {
            Some(g) => {
                out.push_str(&format!("\"${}\"", g.var));
                if looked_up.insert(g.var.clone()) {
                    lookups.push(g.lookup.clone());
                }
            }
            None => out.push_str(word),
        }
        word.clear();
    };
    for c in command.chars() {
        if c.is_ascii_alphanumeric() || c == '-' {
            word.push(c);
        } else {
            flush(&mut word, &mut out, names, &mut lookups, looked_up);
            out.push(c);
        }
    }
    flush(&mut word, &mut out, names, &mut lookups, looked_up);
    (out, lookups)
}

/// What a step runs on kind: the real command, or why there is none.
enum Real {
    Run(String),
    Skip(&'static str),
}

/// Podscape's own commands (`script.rs`'s dispatch), each mapped to the real way to do it where
/// there is one. `words` are the command's words after renaming.
fn map_podscape(words: &[&str]) -> Real {
    match words {
        // The container's main process killed (by the shell's own `kill`: images without a
        // `kill` program have a shell): the kubelet restarts it, as after a crash.
        ["podscape", "crash", pod] => Real::Run(format!(
            "kubectl exec {pod} -- /bin/sh -c \"kill 1\" >/dev/null 2>&1 || true"
        )),
        ["podscape", "fail-readiness" | "fix-readiness", _] => {
            Real::Skip("a readiness probe fails only if the app makes it fail")
        }
        ["podscape", "fail-liveness" | "fix-liveness", _] => {
            Real::Skip("a liveness probe fails only if the app makes it fail")
        }
        // A paused node container stops its kubelet's heartbeats: NotReady after 40 s.
        ["podscape", "node-down", node] => Real::Run(format!("docker pause {node} >/dev/null")),
        ["podscape", "node-up", node] => Real::Run(format!("docker unpause {node} >/dev/null")),
        ["podscape", "unpullable" | "pullable", _] => {
            Real::Skip("a registry's images cannot be made unpullable from here")
        }
        ["podscape", "flows", ..] => Real::Skip("flows are counted by Podscape's traffic generator"),
        ["podscape", "traffic", ..] => Real::Skip("Podscape's traffic generator has no kind counterpart"),
        // kube-proxy reads its mode from its ConfigMap at start: edit it, restart the DaemonSet.
        ["podscape", "proxy-mode", mode @ ("iptables" | "ipvs" | "nftables")] => Real::Run(format!(
            "kubectl -n kube-system get configmap kube-proxy -o yaml | sed -E 's/^( *)mode: .*/\\1mode: {mode}/' | kubectl apply -f - >/dev/null 2>&1 && kubectl -n kube-system rollout restart daemonset/kube-proxy >/dev/null && kubectl -n kube-system rollout status daemonset/kube-proxy --timeout=180s >/dev/null"
        )),
        _ => Real::Skip("not a Podscape command kind can reproduce"),
    }
}

/// The real command for one line of a script (without its here-document).
fn real_command(renamed: &str) -> Real {
    let words: Vec<&str> = renamed.split_whitespace().collect();
    match words.as_slice() {
        ["podscape", ..] => map_podscape(&words),
        // A kind node is a container: what Podscape runs over ssh, docker runs in it.
        ["ssh", node, rest @ ..] if !rest.is_empty() => {
            Real::Run(format!("docker exec {node} {}", rest.join(" ")))
        }
        _ => Real::Run(renamed.to_string()),
    }
}

/// `COMMAND <<EOF` (or `<<'EOF'`): the command and the delimiter, as `script::run_on` reads it.
fn script_heredoc(line: &str) -> Option<(&str, &str)> {
    let (command, marker) = line.rsplit_once("<<")?;
    let delimiter = marker.trim().trim_matches(|c| c == '\'' || c == '"');
    let valid = !delimiter.is_empty() && delimiter.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    (valid && !command.trim().is_empty()).then(|| (command.trim(), delimiter))
}

const PRELUDE: &str = include_str!("prelude.sh");

/// The bash script that reproduces `source` on kind, or why it cannot be written (inputs over
/// [`MAX_INPUT_BYTES`], too many commands, a file path that is not a plain relative path).
pub fn kind_script(source: &Source) -> Result<String, String> {
    let total: usize = source
        .manifests
        .iter()
        .chain(&source.files)
        .map(|(p, t)| p.len() + t.len())
        .sum::<usize>()
        + source.script.len();
    if total > MAX_INPUT_BYTES {
        return Err(format!(
            "the inputs are {total} bytes, over the export's budget of {MAX_INPUT_BYTES}"
        ));
    }
    for (path, _) in source.manifests.iter().chain(&source.files) {
        if !safe_path(path) {
            return Err(format!(
                "cannot export the file {path:?}: not a plain relative path"
            ));
        }
    }
    // What the commands may name: the files' objects and those of the script's here-documents.
    let mut bodies = Vec::new();
    let mut lines = source.script.lines();
    while let Some(line) = lines.next() {
        if let Some((_, end)) = script_heredoc(line) {
            let body: Vec<&str> = lines.by_ref().take_while(|l| l.trim_end() != end).collect();
            bodies.push(body.join("\n"));
        }
    }
    let texts: Vec<&str> = source
        .manifests
        .iter()
        .chain(&source.files)
        .map(|(_, t)| t.as_str())
        .chain(bodies.iter().map(String::as_str))
        .collect();
    let known = Known::of(&texts);
    let mode = mode_name(source.mode);

    let mut out = String::new();
    out.push_str("#!/usr/bin/env bash\n");
    // The commands are single-quoted on purpose (`bash -c` runs them, `$POD_1` expands there).
    out.push_str("# shellcheck disable=SC2016\n");
    out.push_str(
        "# Generated by `podscape export kind`: Podscape's state, reproduced on a real kind cluster.\n",
    );
    out.push_str(&format!(
        "# Kubernetes {KUBERNETES_VERSION}, kube-proxy in {mode} mode, nodes {CLUSTER_NAME}-control-plane,\n# {CLUSTER_NAME}-worker and {CLUSTER_NAME}-worker2. Needs kind (v0.31), kubectl and docker.\n"
    ));
    out.push_str("#\n# Usage: bash THIS [--keep]   (or KEEP=1: keep the cluster afterwards)\n");
    out.push_str("# The transcript (JSON Lines, as `podscape run --format json`) goes to $TRANSCRIPT\n");
    out.push_str("# (podscape-kind.jsonl); compare it with `podscape compare REAL.jsonl SIMULATED.jsonl`.\n");
    out.push_str(PRELUDE);

    out.push_str("\n# The cluster: one control plane and two workers, as in Podscape.\n");
    out.push_str("cat >\"$WORK/kind.yaml\" <<'PODSCAPE_EOF'\n");
    out.push_str(&format!(
        "kind: Cluster\napiVersion: kind.x-k8s.io/v1alpha4\nname: {CLUSTER_NAME}\nnetworking:\n  kubeProxyMode: {mode}\n  podSubnet: {}\n  serviceSubnet: {}\nnodes:\n",
        crate::api::CLUSTER_CIDR,
        crate::api::SERVICE_CIDR
    ));
    for role in ["control-plane", "worker", "worker"] {
        out.push_str(&format!("  - role: {role}\n    image: {NODE_IMAGE}\n"));
    }
    out.push_str("PODSCAPE_EOF\n");
    out.push_str("create_cluster\n");

    if !known.images.is_empty() {
        out.push_str("\n# The images, loaded into the nodes first: pulls take seconds in Podscape.\n");
        for image in &known.images {
            out.push_str(&format!("preload {}\n", quote(image)));
        }
    }

    let files: Vec<&(String, String)> = source.manifests.iter().chain(&source.files).collect();
    if !files.is_empty() {
        out.push_str("\n# The files the commands read, in the folder they run from.\n");
        for (path, text) in files {
            if let Some((dir, _)) = path.rsplit_once('/') {
                out.push_str(&format!("mkdir -p {}\n", quote(dir)));
            }
            let d = delimiter(text);
            out.push_str(&format!("cat >{} <<'{d}'\n", quote(path)));
            heredoc_body(&mut out, text, &d);
        }
    }

    out.push_str("\n# The commands; each one's output is recorded.\n");
    let mut names = Names::default();
    let mut looked_up = std::collections::BTreeSet::new();
    for (path, _) in &source.manifests {
        let command = format!("kubectl apply -f {path}");
        out.push_str(&format!(
            "step {} {} </dev/null\n",
            quote(&command),
            quote(&command)
        ));
    }
    // Only the manifests applied here are waited for: a script's own sleeps are its timing.
    let applied: Vec<&str> = source.manifests.iter().map(|(_, t)| t.as_str()).collect();
    for (namespace, name) in &Known::of(&applied).rollouts {
        out.push_str(&format!("wait_rollout {} {}\n", quote(namespace), quote(name)));
    }
    let mut commands = 0usize;
    let mut lines = source.script.lines();
    while let Some(line) = lines.next() {
        let command = line.trim();
        if command.is_empty() || command.starts_with('#') {
            continue;
        }
        commands += 1;
        if commands > crate::budget::SCRIPT_COMMANDS {
            return Err(format!(
                "the script has more than {} commands",
                crate::budget::SCRIPT_COMMANDS
            ));
        }
        if command.chars().any(char::is_control) {
            return Err(format!("line {command:?} has control characters"));
        }
        let (run, body) = match script_heredoc(line) {
            Some((run, end)) => {
                let mut body = String::new();
                for inner in lines.by_ref() {
                    if inner.trim_end() == end {
                        break;
                    }
                    body.push_str(inner);
                    body.push('\n');
                }
                (run, Some(body))
            }
            None => (command, None),
        };
        let (renamed, lookups) = rename(run, &known, &mut names, &mut looked_up);
        let real = real_command(&renamed);
        for lookup in lookups {
            if matches!(real, Real::Skip(_)) {
                // Nothing runs: the name is looked up where it is next used, if it is.
                if let Some(var) = lookup.split_whitespace().nth(1) {
                    looked_up.remove(var);
                }
                continue;
            }
            out.push_str(&lookup);
            out.push('\n');
        }
        match real {
            Real::Skip(why) => {
                out.push_str(&format!("skip {} {}\n", quote(command), quote(why)));
            }
            Real::Run(real) => {
                out.push_str(&format!("step {} {}", quote(command), quote(&real)));
                match body {
                    Some(body) => {
                        let d = delimiter(&body);
                        out.push_str(&format!(" <<'{d}'\n"));
                        heredoc_body(&mut out, &body, &d);
                    }
                    None => out.push_str(" </dev/null\n"),
                }
            }
        }
    }
    out.push_str("finish\n");
    Ok(out)
}

#[cfg(test)]
mod tests;
