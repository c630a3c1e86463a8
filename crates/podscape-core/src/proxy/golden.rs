//! The proxy listings' goldens live in `tests/golden/proxy/<name>`; the comparison (and
//! `UPDATE_EXPECT=1` rewriting) is the workspace's one golden helper, `podscape-golden`.

/// Asserts `actual` equals the golden file `name`, or rewrites it under `UPDATE_EXPECT=1`.
#[track_caller]
pub(crate) fn check(name: &str, actual: &str) {
    let file = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden/proxy")
        .join(name);
    podscape_golden::check(&file, actual);
}
