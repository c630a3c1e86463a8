//! The corpus's `.link` format, read the same way by every runner (included with `#[path]` by
//! `crates/podscape-cli/tests/hostile.rs`, `crates/podscape-cli/benches/hostile.rs` and
//! `crates/podscape-web/tests/bench.rs`): comment lines start with `#`; a first line that says
//! `stored state` makes it a localStorage value (the storage's limits), else a share link's
//! fragment (a link's limits).

use podscape_core::share::{self, Limits};

/// The limits the app applies to this case, whether it is a stored state, and its fragment.
pub fn read(text: &str) -> (Limits, bool, String) {
    let stored = text.starts_with("# stored state");
    let limits = if stored { share::STORAGE } else { share::LINK };
    let fragment = text
        .lines()
        .filter(|l| !l.starts_with('#'))
        .map(str::trim)
        .collect();
    (limits, stored, fragment)
}
