//! Any bytes as a multi-line `podscape run` script (here-documents included; `-f` reads the
//! default scenario): a run never panics and stays within the script budget.
#![no_main]

use libfuzzer_sys::fuzz_target;
use podscape_core::budget::{SCRIPT_COMMANDS, SCRIPT_OUTPUT_BYTES, SCRIPT_VIRTUAL_MS};

fuzz_target!(|data: &[u8]| {
    let Ok(script) = std::str::from_utf8(data) else { return };
    let files = |_: &str| Some(podscape_core::scenario::DEFAULT_YAML.to_string());
    let steps = podscape_core::script::run(1, script, &files);
    // One step over budget may report the budget's error; nothing runs after it.
    assert!(steps.len() <= SCRIPT_COMMANDS + 1);
    let output: usize = steps.iter().map(|s| s.stdout.len() + s.stderr.len()).sum();
    assert!(output <= SCRIPT_OUTPUT_BYTES + 4096, "{output} bytes of output");
    // The fresh cluster's clock starts after its boot; the budget counts from there.
    let start = podscape_core::Cluster::new(1).now_ms();
    if let Some(last) = steps.last() {
        assert!(last.t_ms <= start + SCRIPT_VIRTUAL_MS, "a step started at {} ms", last.t_ms);
    }
});
