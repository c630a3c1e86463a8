//! Any bytes as a manifest: `parse` never panics, and every diagnostic points inside the text.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let parsed = podscape_core::manifest::parse(text);
    let lines: Vec<&str> = text.split('\n').collect();
    for d in &parsed.diagnostics {
        assert!(d.line >= 1 && d.line <= lines.len().max(1), "{d:?}");
        let width = lines.get(d.line - 1).map_or(0, |l| l.chars().count());
        assert!(d.column >= 1 && d.column <= width + 1, "{d:?}");
    }
});
