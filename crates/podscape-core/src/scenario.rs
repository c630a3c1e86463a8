//! Built-in scenarios: the starting YAML a learner sees. The texts live in `static/` as data.

/// The default scenario: an image-processing backend with three replicas behind a Service.
pub const DEFAULT_YAML: &str = include_str!("../../../static/scenarios/default.yaml");

/// The seed the playground starts with unless the URL or a lesson says otherwise.
pub const DEFAULT_SEED: u64 = 20_261_125;
