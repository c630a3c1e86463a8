//! Any bytes as manifests applied into a running cluster, which then runs for a virtual minute:
//! applying and reconciling never panic, and the cluster stays within Podscape's pod ceiling.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let mut cluster = podscape_core::Cluster::new(1);
    cluster.apply(text);
    for _ in 0..12 {
        cluster.advance(5_000);
        assert!(cluster.pods().len() <= cluster.pod_ceiling(), "{} pods", cluster.pods().len());
    }
});
