//! `kubectl diff -f FILE`: what apply would change, as kubectl shows it: each object's live
//! and merged YAML written to `/tmp/LIVE-…` and `/tmp/MERGED-…`, compared by `diff -u -N`.
//! Exit code 0 without differences, 1 with, 2 on errors (`CheckDiffErr` adds one). The unified
//! diff is a small Myers diff written here (a crate would add to the lazily loaded module
//! what thirty lines do).

use serde_json::Value;

use super::Output;
use crate::cluster::Cluster;
use crate::manifest::Object;

pub(super) fn diff(
    cluster: &mut Cluster,
    files_given: &[String],
    files: &dyn Fn(&str) -> Option<String>,
) -> Output {
    if files_given.is_empty() {
        return exit2(Output::err("error: must specify one of -f and -k"));
    }
    // (file name, live YAML, merged YAML), in diff's order (a folder's sorted names).
    let mut pairs: Vec<(String, String, String)> = Vec::new();
    for file in files_given {
        let Some(text) = files(file) else {
            return exit2(Output::err(format!("error: the path \"{file}\" does not exist")));
        };
        let parsed = crate::manifest::parse(&text);
        if let Some(d) = parsed.diagnostics.iter().find(|d| d.is_error()) {
            let message = if d.message.contains(" is invalid: ") {
                format!("The {}", d.message)
            } else {
                format!("error: {file}:{}:{}: {}", d.line, d.column, d.message)
            };
            return exit2(Output::err(message));
        }
        for object in &parsed.objects {
            let namespace = if object.namespace().is_empty() {
                "default"
            } else {
                object.namespace()
            };
            let (name, live, merged) = match object {
                Object::Deployment(d) => {
                    let live = cluster.deployment(namespace, &d.name).cloned();
                    let merged = match &live {
                        Some(state) => {
                            let mut state = state.clone();
                            if state.spec.raw != d.raw {
                                state.generation += 1;
                            }
                            state.spec = std::rc::Rc::new(d.clone());
                            super::wire::deployment_object(&state)
                        }
                        None => created(super::wire::deployment_object(&crate::cluster::DeploymentState {
                            spec: std::rc::Rc::new(d.clone()),
                            created_ms: cluster.now_ms(),
                            generation: 1,
                            observed_generation: 0,
                            status: Default::default(),
                            conditions: Vec::new(),
                        })),
                    };
                    (
                        format!("apps.v1.Deployment.{namespace}.{}", d.name),
                        live.as_ref().map(super::wire::deployment_object),
                        merged,
                    )
                }
                Object::Service(s) => {
                    let live = cluster.service(namespace, &s.name).cloned();
                    let merged = match &live {
                        Some(existing) => {
                            let mut merged = existing.clone();
                            // Allocated nodePorts survive an update that keeps the port, as
                            // apply keeps them. Simplified: a new allocation is not shown.
                            merged.node_ports = s
                                .ports
                                .iter()
                                .map(|p| {
                                    p.node_port.or_else(|| {
                                        existing
                                            .spec
                                            .ports
                                            .iter()
                                            .zip(&existing.node_ports)
                                            .find(|(old, _)| old.port == p.port)
                                            .and_then(|(_, n)| *n)
                                    })
                                })
                                .collect();
                            merged.spec = s.clone();
                            super::wire::service_object(&merged)
                        }
                        // Simplified: a new Service's ClusterIP is allocated on creation, which a
                        // diff does not do here, so it is left out.
                        None => {
                            let mut v = created(super::wire::service_object(&crate::cluster::Service {
                                spec: s.clone(),
                                cluster_ip: String::new(),
                                created_ms: cluster.now_ms(),
                                slice_name: String::new(),
                                node_ports: Vec::new(),
                                load_balancer_ip: None,
                            }));
                            if let Some(spec) = v["spec"].as_object_mut() {
                                spec.remove("clusterIP");
                                spec.remove("clusterIPs");
                            }
                            v
                        }
                    };
                    (
                        format!("v1.Service.{namespace}.{}", s.name),
                        live.as_ref().map(super::wire::service_object),
                        merged,
                    )
                }
            };
            let live = live.map(|v| crate::yaml_out::to_yaml(&v)).unwrap_or_default();
            pairs.push((name, live, crate::yaml_out::to_yaml(&merged)));
        }
    }
    pairs.sort_by(|a, b| a.0.cmp(&b.0));
    let live_dir = format!("/tmp/LIVE-{}", cluster.random_u32());
    let merged_dir = format!("/tmp/MERGED-{}", cluster.random_u32());
    let stamp = diff_time(cluster.now_ms());
    let mut out = Output::default();
    for (name, live, merged) in &pairs {
        let hunks = unified(live, merged);
        if hunks.is_empty() {
            continue;
        }
        // kubectl writes an empty LIVE file for an object that does not exist yet.
        out.stdout.push_str(&format!(
            "diff -u -N {live_dir}/{name} {merged_dir}/{name}\n--- {live_dir}/{name}\t{stamp}\n+++ {merged_dir}/{name}\t{stamp}\n{hunks}"
        ));
        out.exit_code = 1;
    }
    out
}

/// An object as a dry-run create returns it: no status and no revision yet.
fn created(mut v: Value) -> Value {
    if let Some(o) = v.as_object_mut() {
        o.insert("status".into(), serde_json::json!({}));
    }
    if let Some(meta) = v["metadata"].as_object_mut() {
        if let Some(a) = meta.get_mut("annotations").and_then(Value::as_object_mut) {
            a.remove("deployment.kubernetes.io/revision");
            if a.is_empty() {
                meta.remove("annotations");
            }
        }
    }
    v
}

fn exit2(mut out: Output) -> Output {
    out.exit_code = 2;
    out
}

/// GNU diff's file times: `2026-01-01 00:01:00.000000000 +0000`.
fn diff_time(ms: u64) -> String {
    let t = crate::table::timestamp(ms);
    let t = t.trim_end_matches('Z').replacen('T', " ", 1);
    format!("{t}.{:03}000000 +0000", ms % 1000)
}

/// The longest diff the Myers search follows (edits); beyond it the whole text is replaced.
/// The saved frontiers take O(MAX_EDITS²) memory: 1,000 keeps it under 8 MiB.
const MAX_EDITS: usize = 1_000;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Edit {
    Keep,
    Delete,
    Insert,
}

/// Myers' O(ND) shortest edit script over lines.
fn edit_script(a: &[&str], b: &[&str]) -> Vec<Edit> {
    let (n, m) = (a.len() as isize, b.len() as isize);
    let max = ((n + m) as usize).min(MAX_EDITS) as isize;
    let offset = max + 1;
    let mut v = vec![0isize; (2 * max + 3) as usize];
    let mut trace: Vec<Vec<isize>> = Vec::new();
    let mut found = false;
    'search: for d in 0..=max {
        // The frontier as round d starts, for diagonals -d..=d (all it can read back).
        trace.push(v[(offset - d) as usize..=(offset + d) as usize].to_vec());
        let mut k = -d;
        while k <= d {
            let i = (k + offset) as usize;
            let mut x = if k == -d || (k != d && v[i - 1] < v[i + 1]) {
                v[i + 1]
            } else {
                v[i - 1] + 1
            };
            let mut y = x - k;
            while x < n && y < m && a[x as usize] == b[y as usize] {
                x += 1;
                y += 1;
            }
            v[i] = x;
            if x >= n && y >= m {
                found = true;
                break 'search;
            }
            k += 2;
        }
    }
    if !found {
        let mut all = vec![Edit::Delete; a.len()];
        all.extend(std::iter::repeat_n(Edit::Insert, b.len()));
        return all;
    }
    // Walk back through the saved frontiers.
    let mut edits = Vec::new();
    let (mut x, mut y) = (n, m);
    for (d, v) in trace.iter().enumerate().rev() {
        let d = d as isize;
        if d == 0 {
            // The snake from the origin: what is left is common to both.
            edits.extend(std::iter::repeat_n(Edit::Keep, x.max(0) as usize));
            break;
        }
        let k = x - y;
        let i = |k: isize| (k + d) as usize;
        let prev_k = if k == -d || (k != d && v[i(k - 1)] < v[i(k + 1)]) {
            k + 1
        } else {
            k - 1
        };
        let prev_x = v[i(prev_k)];
        let prev_y = prev_x - prev_k;
        while x > prev_x && y > prev_y {
            edits.push(Edit::Keep);
            x -= 1;
            y -= 1;
        }
        edits.push(if x == prev_x { Edit::Insert } else { Edit::Delete });
        x = prev_x;
        y = prev_y;
    }
    edits.reverse();
    edits
}

/// The hunks of `diff -u` (three lines of context) between two texts, or "" when equal.
pub(crate) fn unified(a: &str, b: &str) -> String {
    let a: Vec<&str> = a.lines().collect();
    let b: Vec<&str> = b.lines().collect();
    let edits = edit_script(&a, &b);
    // Each edit with its line in a and in b.
    let mut rows = Vec::with_capacity(edits.len());
    let (mut i, mut j) = (0usize, 0usize);
    for e in &edits {
        rows.push((*e, i, j));
        match e {
            Edit::Keep => {
                i += 1;
                j += 1;
            }
            Edit::Delete => i += 1,
            Edit::Insert => j += 1,
        }
    }
    const CONTEXT: usize = 3;
    let mut out = String::new();
    let mut r = 0;
    while r < rows.len() {
        if rows[r].0 == Edit::Keep {
            r += 1;
            continue;
        }
        // A hunk: from CONTEXT lines before this change to CONTEXT after the last change that
        // is at most 2 * CONTEXT unchanged lines from the next.
        let start = r.saturating_sub(CONTEXT);
        let mut end = r;
        let mut k = r;
        while k < rows.len() {
            if rows[k].0 != Edit::Keep {
                end = k;
                k += 1;
                continue;
            }
            let run = rows[k..].iter().take_while(|row| row.0 == Edit::Keep).count();
            if k + run >= rows.len() || run > 2 * CONTEXT {
                break;
            }
            k += run;
        }
        let stop = (end + 1 + CONTEXT).min(rows.len());
        let hunk = &rows[start..stop];
        let a_len = hunk.iter().filter(|h| h.0 != Edit::Insert).count();
        let b_len = hunk.iter().filter(|h| h.0 != Edit::Delete).count();
        let a_start = hunk.first().map_or(0, |h| h.1);
        let b_start = hunk.first().map_or(0, |h| h.2);
        out.push_str(&format!(
            "@@ -{} +{} @@\n",
            range(a_start, a_len),
            range(b_start, b_len)
        ));
        for (e, ai, bj) in hunk {
            match e {
                Edit::Keep => out.push_str(&format!(" {}\n", a[*ai])),
                Edit::Delete => out.push_str(&format!("-{}\n", a[*ai])),
                Edit::Insert => out.push_str(&format!("+{}\n", b[*bj])),
            }
        }
        r = stop;
    }
    out
}

/// A hunk's range as GNU diff writes it: `start,len`, `start` alone for one line, and the
/// line before for none.
fn range(start: usize, len: usize) -> String {
    match len {
        0 => format!("{start},0"),
        1 => format!("{}", start + 1),
        n => format!("{},{n}", start + 1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_changed_line_gets_three_lines_of_context() {
        let a = "a\nb\nc\nd\ne\nf\ng\nh\n";
        let b = "a\nb\nc\nd\nE\nf\ng\nh\n";
        assert_eq!(unified(a, b), "@@ -2,7 +2,7 @@\n b\n c\n d\n-e\n+E\n f\n g\n h\n");
        assert_eq!(unified(a, a), "");
        assert_eq!(unified("", "x\ny\n"), "@@ -0,0 +1,2 @@\n+x\n+y\n");
        assert_eq!(unified("x\n", ""), "@@ -1 +0,0 @@\n-x\n");
    }

    #[test]
    fn distant_changes_make_two_hunks() {
        let a: String = (0..20).map(|i| format!("{i}\n")).collect();
        let b = a.replace("2\n", "two\n").replace("17\n", "seventeen\n");
        let out = unified(&a, &b);
        assert_eq!(out.matches("@@ -").count(), 2, "{out}");
    }

    #[test]
    fn exit_codes_say_whether_apply_would_change_something() {
        let mut cluster = Cluster::new(1);
        let yaml = "apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  selector:\n    app: s\n  ports:\n  - port: 80\n";
        let files = |p: &str| (p == "s.yaml").then(|| yaml.to_string());
        let run = |c: &mut Cluster, line: &str| crate::kubectl::run(c, line, &files);
        assert_eq!(run(&mut cluster, "kubectl diff -f s.yaml").exit_code, 1);
        assert_eq!(run(&mut cluster, "kubectl apply -f s.yaml").exit_code, 0);
        let same = run(&mut cluster, "kubectl diff -f s.yaml");
        assert_eq!((same.exit_code, same.stdout.as_str()), (0, ""));
        assert_eq!(run(&mut cluster, "kubectl diff -f nope.yaml").exit_code, 2);
        assert_eq!(run(&mut cluster, "kubectl diff").exit_code, 2);
    }

    #[test]
    fn a_diff_longer_than_the_search_replaces_everything() {
        let a: Vec<String> = (0..800).map(|i| format!("a{i}")).collect();
        let b: Vec<String> = (0..800).map(|i| format!("b{i}")).collect();
        let a: Vec<&str> = a.iter().map(String::as_str).collect();
        let b: Vec<&str> = b.iter().map(String::as_str).collect();
        let edits = edit_script(&a, &b);
        assert_eq!(edits.len(), 1600);
        let (from, to) = apply(&a, &b, &edits);
        assert_eq!((from.len(), to.len()), (800, 800));
    }

    fn apply(a: &[&str], b: &[&str], edits: &[Edit]) -> (Vec<String>, Vec<String>) {
        let (mut i, mut j) = (0, 0);
        let (mut from, mut to) = (Vec::new(), Vec::new());
        for e in edits {
            match e {
                Edit::Keep => {
                    from.push(a[i].to_string());
                    to.push(b[j].to_string());
                    i += 1;
                    j += 1;
                }
                Edit::Delete => {
                    from.push(a[i].to_string());
                    i += 1;
                }
                Edit::Insert => {
                    to.push(b[j].to_string());
                    j += 1;
                }
            }
        }
        (from, to)
    }

    proptest! {
        #[test]
        fn the_edit_script_rebuilds_both_sides(a in prop::collection::vec("[ab]", 0..12), b in prop::collection::vec("[ab]", 0..12)) {
            let a: Vec<&str> = a.iter().map(String::as_str).collect();
            let b: Vec<&str> = b.iter().map(String::as_str).collect();
            let edits = edit_script(&a, &b);
            let (from, to) = apply(&a, &b, &edits);
            prop_assert_eq!(from, a.iter().map(|s| s.to_string()).collect::<Vec<_>>());
            prop_assert_eq!(to, b.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        }
    }
}
