//! Any line typed into the terminal, against a cluster running the default scenario: the
//! interpreter never panics.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(line) = std::str::from_utf8(data) else { return };
    let mut cluster = podscape_core::Cluster::new(1);
    cluster.apply(podscape_core::scenario::DEFAULT_YAML);
    let _ = podscape_core::script::run_line(&mut cluster, line, &|_| Some(podscape_core::scenario::DEFAULT_YAML.to_string()));
});
