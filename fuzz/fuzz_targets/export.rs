//! Any bytes as a script to export (`-f` files: the default scenario) and as two transcripts to
//! compare: neither panics, an export is bounded by its input, and a transcript equals itself.
#![no_main]

use libfuzzer_sys::fuzz_target;
use podscape_core::export::{self, compare};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let source = export::Source {
        script: text.to_string(),
        files: vec![("app.yaml".into(), podscape_core::scenario::DEFAULT_YAML.to_string())],
        ..export::Source::default()
    };
    if let Ok(script) = export::kind_script(&source) {
        assert!(script.len() <= 64 * 1024 + 16 * text.len() + 4 * source.files[0].1.len());
    }
    let mid = (0..=text.len() / 2).rev().find(|&i| text.is_char_boundary(i)).unwrap_or(0);
    let (real, simulated) = text.split_at(mid);
    if let (Ok(a), Ok(b)) = (compare::parse("a", real), compare::parse("b", simulated)) {
        let _ = compare::compare("a", &a, "b", &b, false);
        let _ = compare::compare("a", &a, "b", &b, true);
        assert_eq!(compare::compare("a", &a, "a", &a, false).differences, 0);
    }
});
