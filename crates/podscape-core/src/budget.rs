//! Podscape's budgets against hostile input, in one place.
//!
//! Every input path (the editor, `podscape check`, share links, stored state, postMessage,
//! script files and here-documents) goes through the core's entry points that enforce these,
//! so a path cannot forget one: `manifest::parse` enforces the text budgets, `Cluster` the
//! object ceilings, `script::Budget` the run budget. Where Kubernetes has a limit of its own
//! (burstReplicas, maxPods, the allocators' ranges, go-yaml's alias ratio) the real limit
//! applies and is not repeated here; these are Podscape's own ceilings on top, documented in
//! the README ("Limits"), each answered with a clear message, never a hang.

/// The largest manifests text read (editor, `check`, links, storage, postMessage, scripts).
pub const MAX_INPUT_BYTES: usize = 1 << 20;

/// How deep YAML may nest (mappings and sequences).
pub const MAX_DEPTH: usize = 100;

/// How many YAML documents one text may hold (empty ones count: each is a `---`).
pub const MAX_DOCUMENTS: usize = 1_000;

/// How large a text may grow once aliases and merge keys are expanded: the size of the
/// scalars copied plus a few bytes per node, counted as they are copied, so an alias bomb
/// stops after copying this much, never more.
pub const MAX_EXPANDED_BYTES: usize = 8 << 20;

/// What one node costs in [`MAX_EXPANDED_BYTES`]' measure, on top of its text: roughly the
/// memory a copied node takes, so that many small copies are bounded as well as a few large
/// ones (at most 512 Ki nodes).
pub const EXPANDED_NODE_BYTES: usize = 16;

/// Podscape's ceiling on pods in the simulated cluster (every namespace, every phase). Past it
/// the ReplicaSet controller's creates fail with a `FailedCreate` event in Kubernetes' form,
/// as a ResourceQuota would make them fail. A kind cluster holds 3 × 110 running pods; the
/// rest of this room is for Pending ones. Sized so the costliest script (10 minutes of virtual
/// time at the ceiling) stays within a second; a cluster of many nodes (the benchmarks') may
/// hold what its kubelets can run instead (`Cluster::pod_ceiling`).
pub const MAX_PODS: usize = 1_000;

/// Podscape's ceiling on other objects the learner creates (Deployments, ReplicaSets,
/// Services, Ingresses, each).
pub const MAX_OBJECTS_PER_KIND: usize = 1_000;

/// A script's total budget of virtual time: every second it advances the clock counts
/// (`sleep`, watches, `rollout status`, waits), in `podscape run`, the browser's script runner
/// and an embed's postMessage `step`/`run`.
pub const SCRIPT_VIRTUAL_MS: u64 = 10 * 60_000;

/// A script's total budget of output (stdout and stderr of every command together).
pub const SCRIPT_OUTPUT_BYTES: usize = 1 << 20;

/// The most commands one script may run.
pub const SCRIPT_COMMANDS: usize = 10_000;

/// The most `podscape seek` lines one script (or a share link's replay) may run: each restores
/// a snapshot and replays forward.
pub const REWIND_SEEKS: usize = 100;

/// The virtual time all the seeks of one script may replay together (a replay runs the
/// controllers as the live run did).
pub const REWIND_REPLAY_MS: u64 = 30 * 60_000;

/// How deep a JSONPath template (`-o jsonpath=`, `--sort-by`, custom columns) may nest filters,
/// unions and ranges inside each other.
pub const JSONPATH_MAX_NESTING: usize = 32;

/// The most values one JSONPath evaluation may visit (`{..}` over every object counts each).
pub const JSONPATH_MAX_VALUES: usize = 1_000_000;

/// The most text one JSONPath evaluation may print.
pub const JSONPATH_MAX_OUTPUT_BYTES: usize = 4 << 20;

/// The most requests pods' client loops (and proxies' onward requests) start in one tick of
/// the simulation; past it a tick's iterations are skipped, as an overloaded node would.
pub const MAX_CLIENT_REQUESTS_PER_TICK: usize = 2_048;

/// The most requests in flight at once (the traffic list); past it new ones are not sent and
/// are counted in `Traffic::shed`.
pub const MAX_REQUESTS_IN_FLIGHT: usize = 8_192;
