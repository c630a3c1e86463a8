//! The code the first paint does not need, loaded right after it.
//!
//! The playground's first load is a budget (300 KiB gzipped). The default scenario needs the
//! editor, the manifests engine, the controllers and the stage; it does not need kubectl's
//! interpreter (every verb, `describe`, `-o yaml`, the tables), the kube-proxy rule renderers of
//! the Rules tab or the terminal's completion. Those are reached only through [`Job`], one entry
//! point that the release build's `split` feature turns into a split point: `.ci/wasm-build` cuts
//! everything reachable only from it into a second module, fetched as soon as the page has
//! painted (see ARCHITECTURE.md, "Two modules").
//!
//! Without the feature (tests, `trunk serve` in debug) the entry point is an ordinary function
//! and [`ready`] is always true. With it, callers ask [`ready`] first: the reducer queues the
//! actions that need the module until [`load`] resolves, and views draw a placeholder.

use std::cell::Cell;

use podscape_core::cluster::{route_request, Outcome, Route};
use podscape_core::script::{self, Step};
use podscape_core::{kubectl, Cluster};

/// One call into the lazily loaded code, with its inputs and the slot for its result.
enum Job<'a> {
    /// A terminal or script line (`kubectl …`, `sleep 30s`, `curl …`).
    Line {
        cluster: &'a mut Cluster,
        line: &'a str,
        files: &'a dyn Fn(&str) -> Option<String>,
        out: Option<Step>,
    },
    /// A read-only `kubectl get …` for the Objects tab.
    View {
        cluster: &'a Cluster,
        line: &'a str,
        out: kubectl::Output,
    },
    /// Tab completion in the terminal.
    Complete {
        cluster: &'a Cluster,
        line: &'a str,
        out: Vec<String>,
    },
    /// One request of the traffic generator through the data plane (DNS, kube-proxy, conntrack).
    Route {
        cluster: &'a mut Cluster,
        namespace: &'a str,
        service: &'a str,
        via: Option<&'a str>,
        out: Option<(Outcome, Option<Route>)>,
    },
    /// A node's kube-proxy rules as `iptables-save`, `ipvsadm -Ln` or `nft list ruleset` print them.
    Rules {
        cluster: &'a Cluster,
        node: &'a str,
        out: String,
    },
}

/// The split point. Its argument is a `&mut Job` passed as a thin pointer: a split function
/// crosses a module boundary with the C ABI, which has no Rust enums or fat pointers.
fn run_job(job: *mut ()) {
    // SAFETY: `call` below is the only caller, with a pointer to a live, exclusively borrowed Job.
    let job = unsafe { &mut *job.cast::<Job<'_>>() };
    match job {
        Job::Line {
            cluster,
            line,
            files,
            out,
        } => *out = script::run_line(cluster, line, *files),
        Job::View { cluster, line, out } => *out = kubectl::view(cluster, line),
        Job::Complete { cluster, line, out } => *out = kubectl::complete(cluster, line),
        Job::Rules { cluster, node, out } => *out = cluster.render_rules(node),
        Job::Route {
            cluster,
            namespace,
            service,
            via,
            out,
        } => *out = Some(route_request(cluster, namespace, service, *via)),
    }
}

#[cfg(feature = "split")]
static MODULE: wasm_split::LazyLoader<*mut (), ()> =
    wasm_split::lazy_loader!(extern "inspector" fn run_job(job: *mut ()));

/// Runs a job if its code is here; `false` if the module has not arrived yet.
fn call(job: &mut Job<'_>) -> bool {
    let pointer = (job as *mut Job<'_>).cast::<()>();
    #[cfg(feature = "split")]
    {
        MODULE.call(pointer).is_ok()
    }
    #[cfg(not(feature = "split"))]
    {
        run_job(pointer);
        true
    }
}

thread_local! {
    /// Set once [`load`] has instantiated the module (always set without the split).
    static READY: Cell<bool> = const { Cell::new(!cfg!(feature = "split")) };
}

/// Whether the lazily loaded code is here.
pub fn ready() -> bool {
    READY.with(Cell::get)
}

/// Fetches and instantiates the module (once); `false` if it could not be fetched.
pub async fn load() -> bool {
    #[cfg(feature = "split")]
    let loaded = MODULE.load().await;
    #[cfg(not(feature = "split"))]
    let loaded = true;
    READY.with(|r| r.set(loaded));
    loaded
}

/// Runs a terminal line: `None` if the module is not here yet (queue the action), `Some(None)`
/// for a blank line or a comment.
pub fn run_line(
    cluster: &mut Cluster,
    line: &str,
    files: &dyn Fn(&str) -> Option<String>,
) -> Option<Option<Step>> {
    let mut job = Job::Line {
        cluster,
        line,
        files,
        out: None,
    };
    call(&mut job).then_some(())?;
    match job {
        Job::Line { out, .. } => Some(out),
        _ => None,
    }
}

pub fn view(cluster: &Cluster, line: &str) -> Option<kubectl::Output> {
    let mut job = Job::View {
        cluster,
        line,
        out: kubectl::Output::default(),
    };
    call(&mut job).then_some(())?;
    match job {
        Job::View { out, .. } => Some(out),
        _ => None,
    }
}

pub fn complete(cluster: &Cluster, line: &str) -> Option<Vec<String>> {
    let mut job = Job::Complete {
        cluster,
        line,
        out: Vec::new(),
    };
    call(&mut job).then_some(())?;
    match job {
        Job::Complete { out, .. } => Some(out),
        _ => None,
    }
}

pub fn rules(cluster: &Cluster, node: &str) -> Option<String> {
    let mut job = Job::Rules {
        cluster,
        node,
        out: String::new(),
    };
    call(&mut job).then_some(())?;
    match job {
        Job::Rules { out, .. } => Some(out),
        _ => None,
    }
}

/// Gives `cluster` its data plane once the module is here (the release build's core starts
/// without one: `plugged-data-plane`); the traffic generator starts then. Without the split the
/// cluster has its built-in one already.
pub fn plug(cluster: &mut Cluster) {
    if cfg!(feature = "split") && ready() {
        cluster.set_data_plane(route_lazily);
    }
}

/// The data plane as the cluster calls it: a request routed by the loaded module.
fn route_lazily(
    cluster: &mut Cluster,
    namespace: &str,
    service: &str,
    via: Option<&str>,
) -> (Outcome, Option<Route>) {
    let mut job = Job::Route {
        cluster,
        namespace,
        service,
        via,
        out: None,
    };
    let _ = call(&mut job);
    match job {
        Job::Route { out: Some(out), .. } => out,
        // Only plugged in once the module is here, so this is not reached.
        _ => (Outcome::Refused, None),
    }
}
