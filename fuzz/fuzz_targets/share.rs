//! Any bytes as a share link's fragment or a stored state: decoding never panics, what it yields
//! stays within the limits it was given, and a decoded text parses within the budgets.
#![no_main]

use libfuzzer_sys::fuzz_target;
use podscape_core::share;

fuzz_target!(|data: &[u8]| {
    let Ok(fragment) = std::str::from_utf8(data) else { return };
    for limits in [share::LINK, share::STORAGE] {
        if let Ok(state) = share::decode(fragment, limits) {
            if let Some(text) = state.yaml.as_deref() {
                assert!(text.len() <= limits.text);
                let _ = podscape_core::manifest::parse(text);
            }
            if let Some(script) = state.script.as_deref() {
                assert!(script.len() <= limits.text);
            }
        }
    }
});
