//! Golden-file comparison for the proxy listings: `tests/golden/proxy/<name>` holds the
//! expected text; `UPDATE_EXPECT=1 cargo test` rewrites it from the current output.

use std::path::PathBuf;

fn path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden/proxy")
        .join(name)
}

/// Asserts `actual` equals the golden file `name`, or rewrites it under `UPDATE_EXPECT=1`.
pub(crate) fn check(name: &str, actual: &str) {
    let file = path(name);
    if std::env::var_os("UPDATE_EXPECT").is_some_and(|v| v == "1") {
        if let Some(dir) = file.parent() {
            std::fs::create_dir_all(dir).expect("create the golden directory");
        }
        std::fs::write(&file, actual).expect("write the golden file");
        return;
    }
    let expected = std::fs::read_to_string(&file)
        .unwrap_or_else(|e| panic!("{}: {e}; run with UPDATE_EXPECT=1 to create it", file.display()));
    if expected != actual {
        let first = expected
            .lines()
            .zip(actual.lines())
            .position(|(e, a)| e != a)
            .unwrap_or_else(|| expected.lines().count().min(actual.lines().count()));
        panic!(
            "{} differs from the output (first difference at line {}); run with UPDATE_EXPECT=1 \
             to accept.\n--- expected\n{expected}\n--- actual\n{actual}",
            file.display(),
            first + 1
        );
    }
}
