//! Golden files for every test runner of the workspace: the proxy listings, the manifests
//! corpus, `podscape check` and `podscape run` transcripts, and the browser's replay of them.
//!
//! A golden is a file holding the exact expected output. [`check`] compares an output with it
//! ([`compare`] returns the message instead, [`difference`] compares two texts in memory);
//! with `UPDATE_EXPECT=1` in the environment it rewrites the file instead (review the diff before
//! committing). A mismatch names the file, the first line that differs with a few lines around
//! it, and the command that accepts the new output.
//!
//! A dev-only crate of its own (`publish = false`, std only) rather than a `#[path]`-included
//! module: a library's unit tests (the proxy goldens), integration tests of two crates and the
//! wasm32 browser test all depend on it the same way, and it is compiled once.

use std::path::{Component, Path, PathBuf};

/// Whether this run rewrites goldens: `UPDATE_EXPECT` is set to anything but empty or `0`.
pub fn updating() -> bool {
    std::env::var_os("UPDATE_EXPECT").is_some_and(|v| !v.is_empty() && v != "0")
}

/// Asserts that the golden file at `path` holds exactly `actual`, or rewrites it under
/// `UPDATE_EXPECT=1`. Panics with [`compare`]'s message.
#[track_caller]
pub fn check(path: &Path, actual: &str) {
    if let Err(message) = compare(path, actual) {
        panic!("{message}");
    }
}

/// Compares `actual` with the golden file at `path` (or rewrites the file under
/// `UPDATE_EXPECT=1`, creating its folder): `Err` with a message saying where they differ and
/// how to accept the output. For runners that report all differing cases at once.
pub fn compare(path: &Path, actual: &str) -> Result<(), String> {
    let shown = tidy(path);
    if updating() {
        // Written only when it changed, so an update run leaves untouched files alone.
        if std::fs::read_to_string(path).ok().as_deref() != Some(actual) {
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir)
                    .map_err(|e| format!("{}: cannot create it: {e}", dir.display()))?;
            }
            std::fs::write(path, actual).map_err(|e| format!("{}: cannot write it: {e}", shown.display()))?;
        }
        return Ok(());
    }
    let expected = std::fs::read_to_string(path).map_err(|e| {
        format!(
            "{}: {e}\nto create it from the output: {}",
            shown.display(),
            how_to_update()
        )
    })?;
    match difference(&expected, actual) {
        None => Ok(()),
        Some(diff) => Err(format!(
            "{} differs from the output {diff}\nto accept the output: {}, then review `git diff`",
            shown.display(),
            how_to_update()
        )),
    }
}

/// Where `actual` first departs from `expected`, with three lines of context before and after,
/// and both lengths; `None` when they are equal.
pub fn difference(expected: &str, actual: &str) -> Option<String> {
    if expected == actual {
        return None;
    }
    let e: Vec<&str> = expected.split('\n').collect();
    let a: Vec<&str> = actual.split('\n').collect();
    let first = e
        .iter()
        .zip(&a)
        .position(|(x, y)| x != y)
        .unwrap_or(e.len().min(a.len()));
    let mut out = format!(
        "at line {} (expected {} lines, got {}):\n",
        first + 1,
        lines(expected),
        lines(actual)
    );
    let from = first.saturating_sub(3);
    for (i, line) in e.iter().enumerate().take(first).skip(from) {
        out.push_str(&format!("  {:>5} | {line}\n", i + 1));
    }
    for (sign, side) in [('-', &e), ('+', &a)] {
        for (i, line) in side.iter().enumerate().skip(first).take(4) {
            out.push_str(&format!("{sign} {:>5} | {line}\n", i + 1));
        }
        if side.len() <= first {
            out.push_str(&format!("{sign}       | (ends before this line)\n"));
        }
    }
    if expected.trim_end_matches('\n') == actual.trim_end_matches('\n') {
        out.push_str("(only the newlines at the end differ)\n");
    }
    Some(out)
}

/// Lines as an editor counts them (a final newline does not start another).
fn lines(text: &str) -> usize {
    text.lines().count()
}

/// The command that rewrites this run's goldens: the package is known when cargo runs the test.
fn how_to_update() -> String {
    match std::env::var("CARGO_PKG_NAME") {
        Ok(package) => format!("UPDATE_EXPECT=1 cargo test -p {package}"),
        Err(_) => "run the same test with UPDATE_EXPECT=1".to_string(),
    }
}

/// `path` without `..` steps (`crates/x/../../tests` → `tests`), so messages show the file as a
/// person finds it.
fn tidy(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            Component::ParentDir if out.file_name().is_some() => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_texts_have_no_difference() {
        assert_eq!(difference("a\nb\n", "a\nb\n"), None);
        assert_eq!(difference("", ""), None);
    }

    #[test]
    fn the_first_differing_line_is_named_with_its_context() {
        let expected = "1\n2\n3\n4\n5\n6\n";
        let actual = "1\n2\n3\n4\nfive\n6\n";
        let diff = difference(expected, actual).unwrap();
        assert!(
            diff.starts_with("at line 5 (expected 6 lines, got 6):\n"),
            "{diff}"
        );
        assert!(diff.contains("      2 | 2\n      3 | 3\n      4 | 4\n"), "{diff}");
        assert!(
            !diff.contains("      1 | 1"),
            "three lines of context only: {diff}"
        );
        assert!(diff.contains("-     5 | 5\n"), "{diff}");
        assert!(diff.contains("+     5 | five\n"), "{diff}");
    }

    #[test]
    fn a_shorter_output_and_a_missing_newline_are_told() {
        let diff = difference("a\nb\nc\n", "a\nb\n").unwrap();
        assert!(diff.starts_with("at line 3 (expected 3 lines, got 2)"), "{diff}");
        assert!(diff.contains("+     3 | \n"), "{diff}");
        let diff = difference("a\n", "a").unwrap();
        assert!(diff.contains("(only the newlines at the end differ)"), "{diff}");
        assert!(diff.contains("+       | (ends before this line)"), "{diff}");
    }

    #[test]
    fn paths_lose_their_parent_steps() {
        assert_eq!(
            tidy(Path::new("/w/crates/cli/../../tests/check/a.txt")),
            PathBuf::from("/w/tests/check/a.txt")
        );
        assert_eq!(tidy(Path::new("./a/./b")), PathBuf::from("a/b"));
    }

    #[test]
    fn a_missing_golden_says_how_to_create_it() {
        if updating() {
            return;
        }
        let err = compare(Path::new("/nonexistent/golden.txt"), "x").unwrap_err();
        assert!(err.contains("/nonexistent/golden.txt"), "{err}");
        assert!(err.contains("UPDATE_EXPECT=1"), "{err}");
    }
}
