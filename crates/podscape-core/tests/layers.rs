//! The core's layers, checked (in the spirit of rust-analyzer's tidy tests): reads the sources,
//! knows each top-level module's layer, and fails on a `crate::` path (or a `super::` that
//! climbs out of its module) pointing to a higher layer, or on an import circle between
//! modules. The layers are declared once, here, and drawn in ARCHITECTURE.md ("Layers").
//!
//! Test code (`tests.rs` files, and what follows a top-level `#[cfg(test)]`) may reach any
//! layer: a test of the scene may well boot a cluster with a scenario's text.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Bottom to top. A module may import from its own layer or any layer below; modules of one
/// layer may not import each other in a circle.
const LAYERS: &[(&str, &[&str])] = &[
    (
        "support",
        &[
            "budget",
            "diagnostic",
            "hints_ru",
            "names",
            "scenario",
            "sort",
            "table",
            "yaml_out",
        ],
    ),
    ("api", &["api"]),
    ("manifest and proxy", &["manifest", "proxy"]),
    ("cluster", &["cluster"]),
    ("scene", &["scene"]),
    (
        "front ends",
        &[
            "kubectl",
            "script",
            "lesson",
            "challenge",
            "share",
            "history",
            "session",
            "export",
            "why",
            "rewind",
        ],
    ),
];

/// One import of another top-level module: where it is and what it names.
#[derive(Debug)]
struct Import {
    file: String,
    line: usize,
    from: String,
    to: String,
    text: String,
}

fn layer_of(module: &str) -> Option<usize> {
    LAYERS.iter().position(|(_, modules)| modules.contains(&module))
}

/// The top-level module a source file belongs to and how deep it is below the crate root
/// (`cluster/mod.rs` and `cluster.rs` are 1, `cluster/traffic.rs` is 2).
fn module_of(path: &str) -> Option<(String, usize)> {
    let parts: Vec<&str> = path.split('/').collect();
    let first = parts.first()?.trim_end_matches(".rs");
    if parts.len() == 1 && first == "lib" {
        return None;
    }
    let depth = match parts.last() {
        Some(&"mod.rs") => parts.len() - 1,
        _ => parts.len(),
    };
    Some((first.to_string(), depth))
}

fn ident(s: &str) -> &str {
    let end = s
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(s.len());
    &s[..end]
}

/// The first segments named after `crate::` (several for `crate::{a, b::c}`).
fn first_segments(rest: &str) -> Vec<String> {
    match rest.strip_prefix('{') {
        Some(group) => {
            let mut out = Vec::new();
            let mut depth = 0;
            let mut start = true;
            for (i, c) in group.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => start = true,
                    c if start && !c.is_whitespace() => {
                        out.push(ident(&group[i..]).to_string());
                        start = false;
                    }
                    _ => {}
                }
            }
            out
        }
        None => vec![ident(rest).to_string()],
    }
}

/// Every import of another top-level module in one file's non-test code. `root` maps the
/// names lib.rs re-exports (`crate::Cluster`) to their module.
fn imports(path: &str, text: &str, root: &BTreeMap<String, String>) -> Vec<Import> {
    let Some((from, depth)) = module_of(path) else {
        return Vec::new();
    };
    if path.ends_with("/tests.rs") || path.contains("/tests/") {
        return Vec::new();
    }
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.starts_with("#[cfg(test)]") {
            break;
        }
        let code = line.trim_start();
        if code.starts_with("//") {
            continue;
        }
        let mut targets = Vec::new();
        for (at, _) in code.match_indices("crate::") {
            // `podscape_crate::x` is not ours.
            let before = code[..at].chars().next_back();
            if before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_') {
                continue;
            }
            targets.extend(first_segments(&code[at + "crate::".len()..]));
        }
        // `super::` repeated as often as the file is deep reaches the crate root.
        let climb = "super::".repeat(depth);
        for (at, _) in code.match_indices(&climb) {
            let before = code[..at].chars().next_back();
            if before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_' || c == ':') {
                continue;
            }
            targets.extend(first_segments(&code[at + climb.len()..]));
        }
        for target in targets {
            let to = root.get(&target).cloned().unwrap_or(target);
            if to != from && layer_of(&to).is_some() {
                out.push(Import {
                    file: format!("src/{path}"),
                    line: i + 1,
                    from: from.clone(),
                    to,
                    text: code.to_string(),
                });
            }
        }
    }
    out
}

/// What lib.rs re-exports at the crate root, by name: `pub use cluster::{ApplyOutcome, Cluster};`.
fn root_exports(lib: &str) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for line in lib.lines() {
        let Some(rest) = line.trim().strip_prefix("pub use ") else {
            continue;
        };
        let module = ident(rest).to_string();
        let names = rest[module.len()..].trim_start_matches("::");
        let names = names
            .trim_end_matches(';')
            .trim_start_matches('{')
            .trim_end_matches('}');
        for name in names.split(',') {
            out.insert(ident(name.trim()).to_string(), module.clone());
        }
    }
    out
}

/// The broken rules: an import of a higher layer, a module no layer lists, an import circle.
fn violations(files: &[(String, String)]) -> Vec<String> {
    let root = files
        .iter()
        .find(|(p, _)| p == "lib.rs")
        .map(|(_, t)| root_exports(t))
        .unwrap_or_default();
    let mut out = Vec::new();
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (path, text) in files {
        if let Some((module, _)) = module_of(path) {
            if layer_of(&module).is_none() {
                out.push(format!(
                    "src/{path}: module `{module}` is in no layer: add it to LAYERS in tests/layers.rs and to ARCHITECTURE.md"
                ));
            }
        }
        for import in imports(path, text, &root) {
            let (Some(from), Some(to)) = (layer_of(&import.from), layer_of(&import.to)) else {
                continue;
            };
            if to > from {
                out.push(format!(
                    "{}:{}: `{}`: {} (layer \"{}\") imports {} (layer \"{}\", above it); a module imports only from its own layer or below",
                    import.file, import.line, import.text, import.from, LAYERS[from].0, import.to, LAYERS[to].0
                ));
            }
            graph.entry(import.from).or_default().insert(import.to);
        }
    }
    // Circles: a module that reaches itself again (each reported once).
    let mut circles = BTreeSet::new();
    for start in graph.keys() {
        let mut seen = BTreeSet::new();
        let mut stack: Vec<(String, Vec<String>)> = vec![(start.clone(), vec![start.clone()])];
        while let Some((at, trail)) = stack.pop() {
            for next in graph.get(&at).into_iter().flatten() {
                if next == start {
                    let members: BTreeSet<&String> = trail.iter().collect();
                    if circles.insert(members.into_iter().cloned().collect::<Vec<_>>()) {
                        out.push(format!("import circle: {} → {start}", trail.join(" → ")));
                    }
                } else if seen.insert(next.clone()) {
                    let mut longer = trail.clone();
                    longer.push(next.clone());
                    stack.push((next.clone(), longer));
                }
            }
        }
    }
    out
}

fn sources(dir: &Path, base: &Path, out: &mut Vec<(String, String)>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .expect("src is readable")
        .flatten()
        .collect();
    entries.sort_by_key(|e| e.path());
    for entry in entries {
        let path = entry.path();
        if path.is_dir() {
            sources(&path, base, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let relative = path
                .strip_prefix(base)
                .expect("under src")
                .to_string_lossy()
                .replace('\\', "/");
            out.push((relative, std::fs::read_to_string(&path).expect("source is text")));
        }
    }
}

#[test]
fn no_module_imports_from_a_layer_above_it() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&src, &src, &mut files);
    assert!(files.len() > 50, "the core's sources were found");
    let found = violations(&files);
    assert!(
        found.is_empty(),
        "layering broken (see ARCHITECTURE.md, Layers):\n{}",
        found.join("\n")
    );
}

#[test]
fn every_layer_is_drawn_in_the_architecture_doc() {
    let doc = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../ARCHITECTURE.md"))
        .expect("ARCHITECTURE.md");
    let layers = doc
        .split_once("## Layers")
        .and_then(|(_, rest)| rest.split_once("\n## "))
        .map(|(section, _)| section)
        .expect("ARCHITECTURE.md has a Layers section");
    for (_, modules) in LAYERS {
        for module in *modules {
            assert!(
                layers.contains(&format!("`{module}`")) || layers.contains(&format!("`{module}/`")),
                "ARCHITECTURE.md's Layers section does not draw `{module}`"
            );
        }
    }
}

fn file(path: &str, text: &str) -> (String, String) {
    (path.to_string(), text.to_string())
}

#[test]
fn the_checker_names_an_upward_import_with_its_file_line_and_rule() {
    let clean = [
        file(
            "lib.rs",
            "pub mod cluster;\npub use cluster::{ApplyOutcome, Cluster};\n",
        ),
        file(
            "cluster/traffic.rs",
            "use crate::api::HOST_IP;\nuse super::Cluster;\n",
        ),
        file("scene.rs", "use crate::Cluster;\n"),
    ];
    assert_eq!(violations(&clean), Vec::<String>::new());

    let mut upward = clean.to_vec();
    upward[1] = file(
        "cluster/traffic.rs",
        "use crate::api::HOST_IP;\n// crate::scene in a comment is fine\n    .filter(|s| crate::scene::is_learners(s))\n",
    );
    let found = violations(&upward);
    // The scene imports the cluster, so the upward import also closes a circle.
    assert_eq!(found.len(), 2, "{found:?}");
    assert_eq!(found[1], "import circle: cluster → scene → cluster");
    assert!(
        found[0].starts_with(
            "src/cluster/traffic.rs:3: `.filter(|s| crate::scene::is_learners(s))`: cluster (layer \"cluster\") imports scene (layer \"scene\", above it)"
        ),
        "{}",
        found[0]
    );

    // A group, a climb out of the module with `super::super::`, and the root's re-exports.
    let sneaky = [
        file("lib.rs", "pub use scene::Scene;\n"),
        file(
            "manifest/validate.rs",
            "use crate::{budget, cluster::POD_DELETION_COST};\n",
        ),
        file("proxy/fast.rs", "use super::super::kubectl::HOST_IP;\n"),
        file("api/mod.rs", "fn f(s: &crate::Scene) {}\n"),
    ];
    let found = violations(&sneaky);
    assert_eq!(found.len(), 3, "{found:?}");
    assert!(
        found[0].starts_with("src/manifest/validate.rs:1:") && found[0].contains("imports cluster"),
        "{}",
        found[0]
    );
    assert!(
        found[1].starts_with("src/proxy/fast.rs:1:") && found[1].contains("imports kubectl"),
        "{}",
        found[1]
    );
    assert!(
        found[2].starts_with("src/api/mod.rs:1:") && found[2].contains("imports scene"),
        "{}",
        found[2]
    );
}

#[test]
fn the_checker_ignores_test_code_and_finds_circles_and_unknown_modules() {
    let tests_reach_up = [
        file(
            "scene.rs",
            "use crate::cluster::Cluster;\n#[cfg(test)]\nmod tests {\n    use crate::kubectl::run;\n}\n",
        ),
        file("cluster/tests.rs", "use crate::kubectl::run;\n"),
    ];
    assert_eq!(violations(&tests_reach_up), Vec::<String>::new());

    let circle = [
        file("script.rs", "use crate::kubectl;\n"),
        file("kubectl.rs", "use crate::lesson::Lesson;\n"),
        file("lesson.rs", "use crate::script;\n"),
    ];
    assert_eq!(
        violations(&circle),
        vec!["import circle: kubectl → lesson → script → kubectl".to_string()]
    );

    let unknown = [file("wizard/mod.rs", "use crate::cluster::Cluster;\n")];
    let found = violations(&unknown);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].contains("module `wizard` is in no layer"),
        "{}",
        found[0]
    );
}
