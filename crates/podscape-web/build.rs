//! Lists every transcript of `tests/transcripts/` for the browser test, which replays them all in
//! wasm (`tests/browser.rs`): a new transcript folder is picked up without editing the test.
//! Writes `$OUT_DIR/transcripts.rs`, a table of `include_str!`s (so the texts are compiled in,
//! as the browser has no file system); it costs the app nothing, as only the test includes it.
//! Likewise `$OUT_DIR/hostile.rs`: the hostile corpus's links, stored states, postMessages and
//! manifests (`tests/hostile/*.link|*.message|*.yaml`), for the browser test (which opens them
//! through the app itself) and the wasm benchmark.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/transcripts");
    // A folder named here is scanned whole: a file or folder added anywhere inside reruns this.
    println!("cargo::rerun-if-changed={}", root.display());
    let mut table = String::from(
        "/// A transcript folder: its name, `script.sh`, its other files (path inside the folder,\n\
         /// text) and `expected.txt`.\n\
         pub struct Transcript {\n    \
             pub name: &'static str,\n    \
             pub script: &'static str,\n    \
             pub files: &'static [(&'static str, &'static str)],\n    \
             pub expected: &'static str,\n\
         }\n\n\
         /// Every transcript of `tests/transcripts/`, in name order.\n\
         pub static TRANSCRIPTS: &[Transcript] = &[\n",
    );
    let mut cases: Vec<PathBuf> = read_dir(&root).into_iter().filter(|p| p.is_dir()).collect();
    cases.sort();
    for case in cases {
        let name = case
            .file_name()
            .and_then(|n| n.to_str())
            .expect("a UTF-8 folder name");
        let mut files = Vec::new();
        collect(&case, &case, &mut files);
        files.sort();
        let _ = writeln!(
            table,
            "    Transcript {{ name: {name:?}, script: include_str!({:?}), files: &[",
            case.join("script.sh")
        );
        for (relative, path) in files {
            if relative != "script.sh" && relative != "expected.txt" {
                let _ = writeln!(table, "        ({relative:?}, include_str!({path:?})),");
            }
        }
        let _ = writeln!(
            table,
            "    ], expected: include_str!({:?}) }},",
            case.join("expected.txt")
        );
    }
    table.push_str("];\n");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    std::fs::write(out.join("transcripts.rs"), table).expect("write transcripts.rs");
    std::fs::write(out.join("hostile.rs"), hostile()).expect("write hostile.rs");
}

/// `HOSTILE: &[(name, text)]`: every `.link`, `.message` and `.yaml` case of `tests/hostile/`.
fn hostile() -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/hostile");
    println!("cargo::rerun-if-changed={}", root.display());
    let mut cases: Vec<PathBuf> = read_dir(&root)
        .into_iter()
        .filter(|p| {
            p.extension()
                .is_some_and(|e| e == "link" || e == "message" || e == "yaml")
        })
        .collect();
    cases.sort();
    let mut table = String::from(
        "/// The hostile corpus's links, stored states, messages and manifests, in name order.\n",
    );
    table.push_str("pub static HOSTILE: &[(&str, &str)] = &[\n");
    for case in cases {
        let name = case
            .file_name()
            .and_then(|n| n.to_str())
            .expect("a UTF-8 file name");
        let _ = writeln!(table, "    ({name:?}, include_str!({case:?})),");
    }
    table.push_str("];\n");
    table
}

fn read_dir(dir: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("a readable folder entry").path())
        .collect()
}

/// Every file under `dir`, with its path relative to `base` written with `/`.
fn collect(base: &Path, dir: &Path, files: &mut Vec<(String, PathBuf)>) {
    for path in read_dir(dir) {
        if path.is_dir() {
            collect(base, &path, files);
        } else {
            let relative = path.strip_prefix(base).expect("inside the folder");
            let relative: Vec<_> = relative.iter().map(|p| p.to_string_lossy()).collect();
            files.push((relative.join("/"), path));
        }
    }
}
