//! Flows: who called which Service and which workload answered, over a sliding window of
//! virtual time, from a bounded log of the generator's decided requests (the requests
//! themselves leave `Traffic::in_flight` once animated). What `podscape flows` prints and the
//! service map draws.

use super::traffic::{Outcome, Request};
use super::{Cluster, OwnerKind};

/// The most decided requests the flow log keeps (a ring: the oldest go first). At the
/// generator's ceiling (50 req/s per Service) and a few Services that is a minute or more;
/// a `--since` longer than the ring holds counts only what it holds.
pub const MAX_FLOW_SAMPLES: usize = 8_192;

/// The most edges whose newest request the log keeps whole (past it, those the samples no
/// longer hold go first).
pub const MAX_FLOW_EDGES: usize = 1_024;

/// How far back the flow log looks at most, in virtual milliseconds.
pub const MAX_FLOW_WINDOW_MS: u64 = 10 * 60_000;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Served,
    Refused,
    TimedOut,
    NoDns,
    /// Reached a pod that answered with a server error (a proxy's 502 when its upstream failed).
    Error,
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct Sample {
    at_ms: u64,
    id: u64,
    from: String,
    service: String,
    to: Option<String>,
    kind: Kind,
    /// The request whose handling sent this one (see `Request::parent`): the walk's "why".
    parent: Option<u64>,
}

impl Sample {
    fn logged(&self) -> LoggedCall {
        let ending = match (self.kind, &self.to) {
            (Kind::Refused, Some(to)) => Ending::NotListening(to.clone()),
            (Kind::Refused, None) => Ending::Refused,
            (Kind::TimedOut, _) => Ending::TimedOut,
            (Kind::NoDns, _) => Ending::NoDns,
            (Kind::Error, to) => Ending::BadGateway(to.clone().unwrap_or_default()),
            (Kind::Served, _) => Ending::Answered,
        };
        LoggedCall {
            id: self.id,
            service: self.service.clone(),
            ending,
        }
    }
}

/// The decided requests of the last [`MAX_FLOW_WINDOW_MS`], at most [`MAX_FLOW_SAMPLES`].
#[derive(Clone, Debug, Default)]
pub struct FlowLog {
    /// In shared chunks (see `chunks.rs`): a snapshot of the cluster copies only the newest.
    samples: super::chunks::Chunked<Sample>,
    /// Each edge's newest request, whole, so the map can open its packet walk after its
    /// animation ended; pruned to the edges the samples still hold.
    last: std::collections::BTreeMap<(String, String, Option<String>), Request>,
}

impl FlowLog {
    /// How many chunks of samples `previous` (an earlier copy) does not share.
    pub(super) fn unshared_chunks(&self, previous: Option<&FlowLog>) -> usize {
        let shared = previous.map_or(0, |p| self.samples.shared_chunks(&p.samples));
        self.samples.chunk_count().saturating_sub(shared)
    }
}

/// One edge of the service map: requests from a caller through a Service to the workload that
/// served them (`to` is `None` for requests that reached no pod).
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct FlowEdge {
    /// The calling workload as kubectl names it (`deployment/frontend`), `frontend` for the
    /// generator's stand-in client, `external` for a client outside the cluster.
    pub from: String,
    /// `namespace/name`.
    pub service: String,
    /// The serving pod's workload (`deployment/api`, `daemonset/x`, `pod/x` for a bare pod).
    pub to: Option<String>,
    pub requests: u64,
    pub served: u64,
    pub refused: u64,
    pub timed_out: u64,
    pub no_dns: u64,
    pub errors: u64,
    /// The newest request of the edge (its id, for the packet walk).
    pub last_request: Option<u64>,
}

impl FlowEdge {
    /// Requests that did not get an answer from a pod.
    pub fn failed(&self) -> u64 {
        self.refused + self.timed_out + self.no_dns + self.errors
    }
}

/// The most onward requests of one request the packet walk lists (and the deepest chain of
/// failures it follows down).
pub const MAX_ONWARD: usize = 8;

/// An onward request as the flow log remembers it (after the request itself is gone).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoggedCall {
    pub id: u64,
    /// `namespace/name`.
    pub service: String,
    pub ending: Ending,
}

/// How a decided request ended for its caller (names a pod, or from the flow log a workload).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Ending {
    /// A pod took it and answered.
    Answered,
    /// No endpoints: kube-proxy's REJECT.
    Refused,
    /// It reached this pod, but nothing listens on the port: connection refused.
    NotListening(String),
    /// kube-proxy's DROP: the caller waits until it times out.
    TimedOut,
    /// The name did not resolve.
    NoDns,
    /// This pod (a proxy) answered 502 Bad Gateway: its own onward request failed.
    BadGateway(String),
}

/// The caller a request names: its `from`, else the generator's stand-ins.
pub fn caller(r: &Request) -> String {
    match (&r.from, &r.via_node) {
        (Some(from), _) => from.clone(),
        (None, Some(_)) => "external".into(),
        (None, None) => "frontend".into(),
    }
}

impl Cluster {
    /// The workload that owns a pod, as kubectl names it (`deployment/api`).
    pub fn workload_of(&self, namespace: &str, pod: &str) -> Option<String> {
        let p = self.pod(namespace, pod)?;
        Some(match (&p.owner, p.owner_kind) {
            (Some(rs), OwnerKind::ReplicaSet) => match self
                .replica_sets()
                .iter()
                .find(|r| r.namespace == namespace && &r.name == rs)
            {
                Some(r) => format!("deployment/{}", r.owner),
                None => format!("replicaset/{rs}"),
            },
            (Some(ds), OwnerKind::DaemonSet) => format!("daemonset/{ds}"),
            _ => format!("pod/{pod}"),
        })
    }

    /// Logs the decided request `in_flight[index]` for [`Cluster::flows`].
    /// `answered`: a container listening on the port took it (a pod whose image listens
    /// elsewhere refuses the connection: counted as refused, by the workload it reached).
    pub(super) fn record_flow(&mut self, index: usize, answered: bool) {
        let Some(r) = self.traffic.in_flight.get(index) else {
            return;
        };
        let (kind, to) = match &r.outcome {
            Some(Outcome::Served { pod, .. }) => {
                let kind = if answered { Kind::Served } else { Kind::Refused };
                (kind, self.workload_of(&r.namespace, pod))
            }
            Some(Outcome::Refused) => (Kind::Refused, None),
            Some(Outcome::Dropped) => (Kind::TimedOut, None),
            Some(Outcome::NoDns) | None => (Kind::NoDns, None),
        };
        let sample = Sample {
            at_ms: self.now_ms,
            id: r.id,
            from: caller(r),
            service: format!("{}/{}", r.namespace, r.service),
            to,
            kind,
            parent: r.parent,
        };
        let log = &mut self.traffic.flow_log.samples;
        while log.len() >= MAX_FLOW_SAMPLES
            || log
                .front()
                .is_some_and(|s| s.at_ms + MAX_FLOW_WINDOW_MS <= sample.at_ms)
        {
            log.pop_front();
        }
        let key = (sample.from.clone(), sample.service.clone(), sample.to.clone());
        log.push_back(sample);
        let oldest = log.front().map_or(0, |s| s.id);
        let flow_log = &mut self.traffic.flow_log;
        flow_log.last.insert(key, r.clone());
        if flow_log.last.len() > MAX_FLOW_EDGES {
            flow_log.last.retain(|_, r| r.id >= oldest);
        }
    }

    /// Request `id`, already logged as served, was answered with a server error after all (a
    /// proxy learns its upstream failed after it took the request).
    pub(super) fn mark_flow_error(&mut self, id: u64) {
        // Onward requests are decided within seconds of their parent: search from the newest.
        if let Some(s) = self.traffic.flow_log.samples.rfind_mut(|s| s.id == id) {
            if s.kind == Kind::Served {
                s.kind = Kind::Error;
            }
        }
    }

    /// The request whose handling sent request `id` (a proxy's received one), while the
    /// flow log or the requests in flight remember it.
    pub(super) fn parent_of(&self, id: u64) -> Option<u64> {
        match self.traffic.in_flight.iter().find(|r| r.id == id) {
            Some(r) => r.parent,
            None => {
                self.traffic
                    .flow_log
                    .samples
                    .iter()
                    .rev()
                    .find(|s| s.id == id)?
                    .parent
            }
        }
    }

    /// A request of the generator by id: one in flight, or an edge's newest (see [`FlowLog`]).
    pub fn request(&self, id: u64) -> Option<&Request> {
        self.traffic
            .in_flight
            .iter()
            .find(|r| r.id == id)
            .or_else(|| self.traffic.flow_log.last.values().find(|r| r.id == id))
    }

    /// The requests that request `id`'s handling caused (a proxy's onward requests), those in
    /// flight and those the flow log keeps whole, oldest first, at most [`MAX_ONWARD`].
    pub fn onward_requests(&self, id: u64) -> Vec<&Request> {
        let mut onward: Vec<&Request> = Vec::new();
        let kept = self.traffic.flow_log.last.values();
        for r in self.traffic.in_flight.iter().chain(kept) {
            if r.parent == Some(id) && onward.iter().all(|o| o.id != r.id) {
                onward.push(r);
                if onward.len() >= MAX_ONWARD {
                    break;
                }
            }
        }
        onward.sort_unstable_by_key(|r| r.id);
        onward
    }

    /// How a request ended for its caller, once decided (`None` before).
    pub fn ending(&self, r: &Request) -> Option<Ending> {
        Some(match r.outcome.as_ref()? {
            Outcome::Refused => Ending::Refused,
            Outcome::Dropped => Ending::TimedOut,
            Outcome::NoDns => Ending::NoDns,
            // What the pod did with it, as the flow log has it (a proxy's 502 comes later).
            Outcome::Served { pod, .. } => {
                let samples = &self.traffic.flow_log.samples;
                match samples.iter().rev().find(|s| s.id == r.id).map(|s| s.kind) {
                    Some(Kind::Refused) => Ending::NotListening(pod.clone()),
                    Some(Kind::Error) => Ending::BadGateway(pod.clone()),
                    _ => Ending::Answered,
                }
            }
        })
    }

    /// The onward requests of request `id` the flow log holds (decided ones, also those no
    /// longer kept whole), oldest first, at most [`MAX_ONWARD`].
    pub fn logged_onward(&self, id: u64) -> Vec<LoggedCall> {
        let samples = &self.traffic.flow_log.samples;
        let mut calls: Vec<LoggedCall> = samples
            .iter()
            .rev()
            .filter(|s| s.parent == Some(id))
            .take(MAX_ONWARD)
            .map(Sample::logged)
            .collect();
        calls.reverse();
        calls
    }

    /// Why request `id` was answered with an error, from the top down: the first onward
    /// request of it that failed, and so on while that one's failure is itself an upstream's
    /// (at most [`MAX_ONWARD`] deep). Read from the flow log, so the reason stays as long as
    /// the log holds it, after the requests themselves are gone. Empty when nothing failed.
    pub fn failure_chain(&self, id: u64) -> Vec<LoggedCall> {
        let mut chain = Vec::new();
        let mut at = id;
        for _ in 0..MAX_ONWARD {
            let failed = self
                .traffic
                .flow_log
                .samples
                .iter()
                .rev()
                .find(|s| s.parent == Some(at) && s.kind != Kind::Served);
            let Some(s) = failed else {
                break;
            };
            let deeper = s.kind == Kind::Error;
            at = s.id;
            chain.push(s.logged());
            if !deeper {
                break;
            }
        }
        chain
    }

    /// The flows of the last `window_ms` of virtual time, one edge per (caller, Service,
    /// serving workload), ordered by those three.
    pub fn flows(&self, window_ms: u64) -> Vec<FlowEdge> {
        let mut edges: std::collections::BTreeMap<(&str, &str, Option<&str>), FlowEdge> =
            std::collections::BTreeMap::new();
        for s in self
            .traffic
            .flow_log
            .samples
            .iter()
            .filter(|s| s.at_ms.saturating_add(window_ms) > self.now_ms)
        {
            let e = edges
                .entry((&s.from, &s.service, s.to.as_deref()))
                .or_insert_with(|| FlowEdge {
                    from: s.from.clone(),
                    service: s.service.clone(),
                    to: s.to.clone(),
                    ..FlowEdge::default()
                });
            e.requests += 1;
            match s.kind {
                Kind::Served => e.served += 1,
                Kind::Refused => e.refused += 1,
                Kind::TimedOut => e.timed_out += 1,
                Kind::NoDns => e.no_dns += 1,
                Kind::Error => e.errors += 1,
            }
            e.last_request = Some(s.id);
        }
        edges.into_values().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edge_names(edges: &[FlowEdge]) -> Vec<(String, String, Option<String>)> {
        edges
            .iter()
            .map(|e| (e.from.clone(), e.service.clone(), e.to.clone()))
            .collect()
    }

    #[test]
    fn the_default_scenario_flows_from_the_frontend_to_the_api_deployment() {
        let mut c = Cluster::new(7);
        assert!(c.apply(crate::scenario::backend_yaml()).applied());
        c.advance(30_000);
        c.set_request_rate(5.0);
        c.advance(60_000);
        let flows = c.flows(60_000);
        assert!(!flows.is_empty());
        for e in &flows {
            assert_eq!(e.from, "frontend");
            assert!(
                e.to.as_deref().is_some_and(|t| t.starts_with("deployment/")),
                "{e:?}"
            );
            assert_eq!(e.requests, e.served);
            assert!(e.last_request.is_some());
        }
        // Nothing older than the window counts.
        let short = c.flows(1_000);
        let sum = |f: &[FlowEdge]| f.iter().map(|e| e.requests).sum::<u64>();
        assert!(sum(&short) < sum(&flows));
        assert_eq!(edge_names(&c.flows(60_000)), edge_names(&flows));
    }

    /// Every decided request is counted once, on one edge, and agrees with the Services'
    /// counters (the generator's own tally) across a failure and a switch of source.
    #[test]
    fn every_decided_request_is_in_the_flows_once() {
        let mut c = Cluster::new(11);
        assert!(c.apply(crate::scenario::backend_yaml()).applied());
        c.set_request_rate(3.0);
        c.advance(20_000);
        c.scale_deployment("default", "image-processor", 0);
        c.advance(5_000);
        c.set_traffic_source(crate::cluster::Source::External);
        c.scale_deployment("default", "image-processor", 2);
        c.advance(15_000);
        let flows = c.flows(u64::MAX);
        let stats = c.traffic().stats.values();
        let (mut served, mut refused, mut timed_out, mut no_dns) = (0, 0, 0, 0);
        for s in stats {
            served += s.served.iter().map(|(_, n)| n).sum::<u64>();
            refused += s.refused;
            timed_out += s.timed_out;
            no_dns += s.no_dns;
        }
        let sum = |f: fn(&FlowEdge) -> u64| flows.iter().map(f).sum::<u64>();
        assert_eq!(sum(|e| e.served), served);
        assert_eq!(sum(|e| e.refused), refused);
        assert_eq!(sum(|e| e.timed_out), timed_out);
        assert_eq!(sum(|e| e.no_dns), no_dns);
        assert_eq!(sum(|e| e.requests), served + refused + timed_out + no_dns);
        assert!(refused > 0 && served > 0);
    }

    #[test]
    fn the_log_stays_bounded() {
        let mut c = Cluster::new(7);
        assert!(c.apply(crate::scenario::backend_yaml()).applied());
        c.set_request_rate(50.0);
        c.advance(5 * 60_000);
        assert!(c.traffic.flow_log.samples.len() <= MAX_FLOW_SAMPLES);
    }

    /// The request tree of the three-tier shop: a shopper's request to web lists web's onward
    /// request to api; once api has no endpoints, web's answer is a 502 whose cause is that
    /// onward request, refused.
    #[test]
    fn a_requests_onward_requests_and_the_failure_below_it() {
        let mut c = Cluster::new(5);
        let yaml = crate::scenario::find("three-tier").map_or("", |s| s.yaml);
        assert!(c.apply(yaml).applied());
        c.set_request_rate(0.0);
        c.advance(30_000);
        let top = |c: &Cluster| -> Vec<u64> {
            c.traffic()
                .in_flight
                .iter()
                .filter(|r| r.service == "web" && r.from.as_deref() == Some("deployment/shopper"))
                .map(|r| r.id)
                .collect()
        };
        let with_onward = top(&c).into_iter().find(|&id| !c.onward_requests(id).is_empty());
        let id = with_onward.expect("a shopper request with an onward one");
        let onward = c.onward_requests(id);
        assert!(
            onward.iter().all(|o| o.parent == Some(id) && o.service == "api"),
            "{onward:?}"
        );
        assert_eq!(onward[0].sender_pod().map(|p| p.starts_with("web-")), Some(true));
        assert!(c.failure_chain(id).is_empty());
        assert_eq!(c.request(id).and_then(|r| c.ending(r)), Some(Ending::Answered));

        assert!(c.scale_deployment("default", "api", 0));
        c.advance(20_000);
        let failed = top(&c).into_iter().find(|&id| {
            c.request(id)
                .and_then(|r| c.ending(r))
                .is_some_and(|e| matches!(e, Ending::BadGateway(_)))
        });
        let id = failed.expect("a shopper request web answered 502");
        let chain = c.failure_chain(id);
        assert_eq!(chain.len(), 1, "{chain:?}");
        assert_eq!(chain[0].service, "default/api");
        assert_eq!(chain[0].ending, Ending::Refused);
        // The reason outlives the requests: the log still says it once both are gone.
        c.advance(3_000);
        assert!(c.traffic().in_flight.iter().all(|r| r.id != id));
        assert_eq!(c.failure_chain(id), chain);
        let logged = c.logged_onward(id);
        assert_eq!(logged.len(), 1, "{logged:?}");
        assert_eq!(logged[0], chain[0]);
        // Still bounded: never more than the cap, whatever the ids.
        assert!(c.onward_requests(id).len() <= MAX_ONWARD);
        assert!(c.onward_requests(u64::MAX).is_empty());
    }
}
