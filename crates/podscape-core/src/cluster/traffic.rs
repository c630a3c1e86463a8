//! Traffic: a frontend client calls each learner Service at a steady rate; every request is
//! resolved to a backend when it reaches the Service's virtual IP, the way the client's node
//! would steer it, and is then animated hop by hop.

use super::network::{Client, Route};
use super::Cluster;
use crate::proxy::Verdict;

/// The frontend that calls the learner's Services: modelled as a pod on the first worker, so
/// its connections go through that node's kube-proxy rules.
pub fn frontend() -> Client {
    Client {
        node: "podscape-worker".into(),
        ip: "10.244.1.250".into(),
        namespace: "default".into(),
    }
}

/// How long each leg of a request takes on screen, in virtual milliseconds.
pub const TO_SERVICE_MS: u64 = 500;
pub const TO_POD_MS: u64 = 600;
pub const REPLY_MS: u64 = 700;

/// What happened to a request at the virtual IP.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// DNATed to this pod and answered by it (agnhost serve-hostname replies with its name).
    Served { pod: String, address: String },
    /// No endpoints: kube-proxy's REJECT, the client sees "connection refused".
    Refused,
    /// DROP (e.g. a Local traffic policy with no local endpoint): the client times out.
    Dropped,
    /// The Service's name did not resolve (it was deleted, say): the client never connects.
    NoDns,
}

/// Where the generator's requests come from.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Source {
    /// The frontend pod, by the Service's name (DNS, then its ClusterIP).
    #[default]
    Frontend,
    /// A client outside the cluster (the host, `api::HOST_IP`) calling the Service's
    /// NodePort on each node in turn, as a load balancer in front of the nodes would. Services
    /// without a NodePort still get the frontend's requests.
    External,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Request {
    pub id: u64,
    pub service: String,
    pub namespace: String,
    /// For an external request: the node whose NodePort it was sent to.
    pub via_node: Option<String>,
    pub started_ms: u64,
    /// Decided when the request reaches the virtual IP.
    pub outcome: Option<Outcome>,
    /// The rules that decided it, for the packet walk.
    pub route: Option<Route>,
    /// The calling workload as kubectl names it (`deployment/frontend`); `None` for the
    /// generator's stand-in frontend, or the external client when `via_node` is set.
    pub from: Option<String>,
    /// The request that caused this one (a proxying server's onward request), if any.
    pub parent: Option<u64>,
}

impl Request {
    pub fn total_ms(&self) -> u64 {
        match self.outcome {
            Some(Outcome::Refused | Outcome::Dropped | Outcome::NoDns) => TO_SERVICE_MS * 2,
            _ => TO_SERVICE_MS + TO_POD_MS + REPLY_MS,
        }
    }
}

/// The sliding window the distribution chart counts over, in virtual milliseconds.
pub const WINDOW_MS: u64 = 10_000;

/// Per-service counters: totals since the start, and the outcomes of the last [`WINDOW_MS`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TrafficStats {
    pub sent: u64,
    pub refused: u64,
    pub timed_out: u64,
    pub no_dns: u64,
    /// Replies per pod name, in order of first reply.
    pub served: Vec<(String, u64)>,
    /// When each recent request was decided, and how: an index into `served`, or a failure.
    recent: std::collections::VecDeque<(u64, Recent)>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Recent {
    Served(usize),
    Refused,
    TimedOut,
    NoDns,
}

/// Outcome counts over the sliding window.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Window {
    pub sent: u64,
    pub refused: u64,
    pub timed_out: u64,
    pub no_dns: u64,
    /// Replies per pod within the window, in order of first reply overall.
    pub served: Vec<(String, u64)>,
}

impl TrafficStats {
    fn record(&mut self, now: u64, outcome: &Outcome) {
        let recent = match outcome {
            Outcome::Refused => {
                self.refused += 1;
                Recent::Refused
            }
            Outcome::Dropped => {
                self.timed_out += 1;
                Recent::TimedOut
            }
            Outcome::NoDns => {
                self.no_dns += 1;
                Recent::NoDns
            }
            Outcome::Served { pod, .. } => match self.served.iter().position(|(p, _)| p == pod) {
                Some(i) => {
                    self.served[i].1 += 1;
                    Recent::Served(i)
                }
                None => {
                    self.served.push((pod.clone(), 1));
                    Recent::Served(self.served.len() - 1)
                }
            },
        };
        self.recent.push_back((now, recent));
    }

    /// Forgets what left the window.
    fn slide(&mut self, now: u64) {
        while self.recent.front().is_some_and(|(t, _)| t + WINDOW_MS <= now) {
            self.recent.pop_front();
        }
    }

    /// The counts of the last [`WINDOW_MS`] of virtual time.
    pub fn window(&self) -> Window {
        let mut w = Window::default();
        let mut per_pod = vec![0u64; self.served.len()];
        for (_, r) in &self.recent {
            w.sent += 1;
            match r {
                Recent::Served(i) => per_pod[*i] += 1,
                Recent::Refused => w.refused += 1,
                Recent::TimedOut => w.timed_out += 1,
                Recent::NoDns => w.no_dns += 1,
            }
        }
        w.served = self
            .served
            .iter()
            .zip(per_pod)
            .filter(|(_, n)| *n > 0)
            .map(|((pod, _), n)| (pod.clone(), n))
            .collect();
        w
    }
}

#[derive(Clone, Debug, Default)]
pub struct Traffic {
    /// Requests per second of virtual time, per Service.
    pub rate: f64,
    pub source: Source,
    /// The node the next external request goes to (round robin over the nodes).
    next_node: usize,
    carry: f64,
    next_id: u64,
    pub in_flight: Vec<Request>,
    pub stats: std::collections::BTreeMap<(String, String), TrafficStats>,
    /// The most recently routed request, for the packet walk and rule highlighting.
    pub last: Option<Request>,
    /// Decided requests, kept (bounded) after their animation for `Cluster::flows`.
    pub(super) flow_log: super::flows::FlowLog,
}

impl Cluster {
    /// Sets how many requests per second the frontend sends to each Service (0 stops it).
    pub fn set_request_rate(&mut self, per_second: f64) {
        self.traffic.rate = if per_second.is_finite() {
            per_second.clamp(0.0, 50.0)
        } else {
            0.0
        };
    }

    /// Where the generator's requests come from (see [`Source`]).
    pub fn set_traffic_source(&mut self, source: Source) {
        self.traffic.source = source;
    }

    pub fn traffic(&self) -> &Traffic {
        &self.traffic
    }

    pub(super) fn run_traffic(&mut self, elapsed_ms: u64) {
        // No data plane, no traffic: requests start once one is plugged in.
        let Some(data_plane) = self.data_plane else {
            return;
        };
        let now = self.now_ms;
        self.traffic
            .in_flight
            .retain(|r| now < r.started_ms + r.total_ms());
        for stats in self.traffic.stats.values_mut() {
            stats.slide(now);
        }
        // Route the requests that just reached their virtual IP.
        for i in 0..self.traffic.in_flight.len() {
            let r = &self.traffic.in_flight[i];
            if r.outcome.is_some() || now < r.started_ms + TO_SERVICE_MS {
                continue;
            }
            let (ns, svc, via) = (r.namespace.clone(), r.service.clone(), r.via_node.clone());
            let (outcome, route) = data_plane(self, &ns, &svc, via.as_deref());
            self.traffic
                .stats
                .entry((ns, svc))
                .or_default()
                .record(now, &outcome);
            self.traffic.in_flight[i].outcome = Some(outcome);
            self.traffic.in_flight[i].route = route;
            self.record_flow(i);
            self.traffic.last = Some(self.traffic.in_flight[i].clone());
        }
        // New requests, spread evenly over virtual time.
        self.traffic.carry += self.traffic.rate * elapsed_ms as f64 / 1000.0;
        while self.traffic.carry >= 1.0 {
            self.traffic.carry -= 1.0;
            let external = self.traffic.source == Source::External;
            let targets: Vec<(String, String, bool)> = self
                .services
                .values()
                .filter(|s| super::is_learners(&s.spec))
                .map(|s| {
                    let has_node_port = s.node_ports.iter().any(Option::is_some);
                    (
                        s.spec.namespace.clone(),
                        s.spec.name.clone(),
                        external && has_node_port,
                    )
                })
                .collect();
            for (namespace, service, from_outside) in targets {
                let via_node = if from_outside && !self.nodes.is_empty() {
                    let node = self.nodes[self.traffic.next_node % self.nodes.len()].name.clone();
                    self.traffic.next_node += 1;
                    Some(node)
                } else {
                    None
                };
                self.traffic.next_id += 1;
                let id = self.traffic.next_id;
                self.traffic
                    .stats
                    .entry((namespace.clone(), service.clone()))
                    .or_default()
                    .sent += 1;
                self.traffic.in_flight.push(Request {
                    id,
                    service,
                    namespace,
                    via_node,
                    started_ms: now,
                    outcome: None,
                    route: None,
                    from: None,
                    parent: None,
                });
            }
        }
    }

    /// Plugs in the data plane that routes the traffic generator's requests (see
    /// [`DataPlane`]), in place of the one the cluster was made with: [`route_request`] for
    /// [`Cluster::new`], none for [`Cluster::bare`].
    pub fn set_data_plane(&mut self, data_plane: DataPlane) {
        self.data_plane = Some(data_plane);
    }

    /// An external client's request to the Service's (first) NodePort on `node`: routed by
    /// that node's rules as a packet arriving for one of its own addresses.
    fn route_external(&mut self, namespace: &str, service: &str, node: &str) -> (Outcome, Option<Route>) {
        let target = self
            .services
            .get(&(namespace.to_string(), service.to_string()))
            .and_then(|s| {
                let port = s.node_ports.iter().flatten().next().copied()?;
                Some((port, super::network::protocol(&s.spec.ports.first()?.protocol)))
            });
        let node_ip = self
            .nodes
            .iter()
            .find(|n| n.name == node)
            .map(|n| n.internal_ip.clone());
        let (Some((node_port, protocol)), Some(node_ip)) = (target, node_ip) else {
            return (Outcome::Refused, None);
        };
        let packet = crate::proxy::Packet {
            src_ip: crate::api::HOST_IP.to_string(),
            dst_ip: node_ip,
            dst_port: u16::try_from(node_port).unwrap_or(0),
            protocol,
            src_is_local: false,
            dst_is_local: true,
        };
        let route = self.route_packet(node, &packet);
        (outcome_of(&route), Some(route))
    }

    /// Resolves the Service's name as the frontend's resolv.conf would, then routes the
    /// connection through the rules of the frontend's node.
    fn route(&mut self, namespace: &str, service: &str) -> (Outcome, Option<Route>) {
        let client = frontend();
        let Some((_, ips)) = self.resolve(service, namespace) else {
            return (Outcome::NoDns, None);
        };
        let Some((port, protocol)) = self.service_port(namespace, service) else {
            return (Outcome::Refused, None);
        };
        let Some(ip) = ips.first() else {
            return (Outcome::Refused, None);
        };
        let route = self.route_connection(&client, ip, port, protocol);
        (outcome_of(&route), Some(route))
    }
}

/// Routes one of the traffic generator's requests to `service` in `namespace`: from the frontend
/// pod by the Service's DNS name, or, `via` a node, from outside to that node's NodePort.
///
/// It is a plain function the cluster calls through a pointer, so an embedder can load the data
/// plane (DNS, kube-proxy's rules, conntrack: most of `proxy/`) after the rest: only
/// [`Cluster::new`] (which needs the manifests engine anyway) names [`route_request`];
/// [`Cluster::bare`], what the browser app draws before its second module arrives, starts
/// without a data plane, and the app plugs in a function that calls [`route_request`] from its
/// lazily loaded module. Until one is plugged in the generator sends nothing.
pub type DataPlane = fn(&mut Cluster, &str, &str, Option<&str>) -> (Outcome, Option<Route>);

/// The data plane: DNS, then the rules of the client's node (see [`DataPlane`]).
pub fn route_request(
    cluster: &mut Cluster,
    namespace: &str,
    service: &str,
    via: Option<&str>,
) -> (Outcome, Option<Route>) {
    match via {
        Some(node) => cluster.route_external(namespace, service, node),
        None => cluster.route(namespace, service),
    }
}

fn outcome_of(route: &Route) -> Outcome {
    match (&route.verdict, &route.pod) {
        (Verdict::Dnat { ip, port, .. }, Some(pod)) => Outcome::Served {
            pod: pod.clone(),
            address: format!("{ip}:{port}"),
        },
        (Verdict::Drop, _) => Outcome::Dropped,
        _ => Outcome::Refused,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A bare cluster (the browser's first paint) names no data plane: its generator sends
    /// nothing until the embedder plugs one in.
    #[test]
    fn a_bare_cluster_sends_nothing_until_a_data_plane_is_plugged_in() {
        let mut c = Cluster::bare(7);
        c.advance(60_000);
        assert!(c.apply(crate::scenario::DEFAULT_YAML).applied());
        c.set_request_rate(10.0);
        c.advance(30_000);
        let sent = |c: &Cluster| c.traffic().stats.values().map(|s| s.sent).sum::<u64>();
        assert_eq!(sent(&c), 0);
        c.set_data_plane(route_request);
        c.advance(30_000);
        assert!(sent(&c) > 0);
    }
}
