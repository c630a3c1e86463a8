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
    /// The workload that sent it, as kubectl names it (`deployment/frontend`, `pod/client`);
    /// `None` for the generator's frontend stand-in or the external client.
    pub from: Option<String>,
    /// The request whose handling caused this one (a proxy's onward request); `None` for one
    /// a client started.
    pub parent: Option<u64>,
    /// How a pod's request was sent: its client, port and path (`None`: the generator's).
    call: Option<Box<Call>>,
}

/// A request a pod sends (a client loop's, a proxy's onward one).
#[derive(Clone, Debug, PartialEq, Eq)]
struct Call {
    /// The sending pod's name (a client loop's pod, a proxy's pod).
    pod: String,
    client: Client,
    port: u16,
    path: String,
    host: String,
    user_agent: &'static str,
    /// For a proxy's onward request: the request it received, logged by the proxy once this
    /// one's outcome decides its answer (nginx logs a request when it completes).
    reply_to: Option<Received>,
}

/// A request a proxying pod received.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Received {
    pod: String,
    peer: (String, u16),
    path: String,
    user_agent: &'static str,
}

impl Request {
    /// The pod that sent it (a client loop's pod, a proxy's), `None` for the generator's
    /// frontend stand-in and the external client: where the stage draws it leaving from.
    pub fn sender_pod(&self) -> Option<&str> {
        self.call.as_deref().map(|c| c.pod.as_str())
    }

    /// The sending pod's address and node, as the packet walk's first hop names them.
    pub fn sender(&self) -> Option<&Client> {
        self.call.as_deref().map(|c| &c.client)
    }

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
    /// The pod whose request the data plane is routing (see `route`), and the port it called.
    caller: Option<(Client, u16)>,
    /// Requests a pod sent in the last tick that did not fit [`crate::budget`]'s caps.
    pub shed: u64,
    /// Decided requests, kept (bounded) after their animation for `Cluster::flows`.
    pub(super) flow_log: super::flows::FlowLog,
    /// When a pod (a client loop, a proxy) last called each Service: the generator's stand-in
    /// frontend leaves those to their real callers (one entry per Service, pruned after
    /// [`WINDOW_MS`]). A list, not a map: it is short, and a map's code weighs on the first load.
    pub(super) pod_called: Vec<(String, String, u64)>,
    /// Whether the learner's objects have a client of their own (see
    /// [`Cluster::client_deployments`]): then the stand-in frontend sends nothing.
    pub has_clients: bool,
    /// The first of them in the context's namespace, (namespace, name): the Deployment the
    /// page's traffic control scales. Kept here, found as the traffic runs, so that the page's
    /// first module need not parse commands.
    pub frontend: Option<(String, String)>,
    /// Each running template's client loop, parsed once (see [`LoopMemo`]).
    loops: LoopMemo,
}

/// Client loops parsed per pod template (templates are shared by a ReplicaSet's pods, `Rc`):
/// the traffic driver asks for every pod's loop each tick. Keyed by the template's address,
/// held by a `Weak` so the address cannot be reused while the entry exists; entries whose
/// template is gone are dropped when it grows. A pure cache: what it answers is what
/// [`client_loop`] would.
#[derive(Clone, Debug, Default)]
struct LoopMemo(
    Vec<(
        std::rc::Weak<crate::manifest::PodTemplate>,
        Option<std::rc::Rc<ClientLoop>>,
    )>,
);

impl LoopMemo {
    const MAX: usize = 256;

    fn get(
        &mut self,
        template: &std::rc::Rc<crate::manifest::PodTemplate>,
    ) -> Option<std::rc::Rc<ClientLoop>> {
        let at = std::rc::Rc::as_ptr(template);
        if let Some((_, found)) = self.0.iter().find(|(w, _)| std::ptr::eq(w.as_ptr(), at)) {
            return found.clone();
        }
        if self.0.len() >= Self::MAX {
            self.0.retain(|(w, _)| w.strong_count() > 0);
            if self.0.len() >= Self::MAX {
                self.0.clear();
            }
        }
        let parsed = template
            .containers
            .first()
            .and_then(client_loop)
            .map(std::rc::Rc::new);
        self.0.push((std::rc::Rc::downgrade(template), parsed.clone()));
        parsed
    }
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

    /// The learner's Deployments whose pods run a client loop (the tutorials' `while true; do
    /// wget …; sleep 1; done`), in name order: the first in the context's namespace is the one
    /// the page's traffic control scales.
    pub fn client_deployments(&self) -> impl Iterator<Item = &super::DeploymentState> {
        self.deployments.values().filter(|d| {
            !super::is_system_namespace(&d.spec.namespace)
                && d.spec.template.containers.first().and_then(client_loop).is_some()
        })
    }

    /// Finds the learner's clients (see [`Traffic::has_clients`], [`Traffic::frontend`]): each
    /// reconcile, so that the stage knows from the first frame whether the test client stands in.
    pub(super) fn find_clients(&mut self) {
        let found = self
            .client_deployments()
            .find(|d| d.spec.namespace == self.context_namespace())
            .map(|d| (&d.spec.namespace, &d.spec.name));
        // Allocates only when it changes (this runs every 50 ms).
        let changed = match (found, &self.traffic.frontend) {
            (Some((ns, name)), Some((was_ns, was_name))) => ns != was_ns || name != was_name,
            (found, was) => found.is_some() != was.is_some(),
        };
        if changed {
            let frontend = found.map(|(ns, name)| (ns.clone(), name.clone()));
            self.traffic.frontend = frontend;
        }
        self.traffic.has_clients = self.traffic.frontend.is_some()
            || self.client_deployments().next().is_some()
            || self.client_pods();
    }

    /// Whether a pod no Deployment owns runs a client loop (`kubectl run … -- sh -c 'while …'`).
    fn client_pods(&self) -> bool {
        self.pods.iter().any(|p| {
            p.owner.is_none()
                && p.deletion_ms.is_none()
                && !super::is_system_namespace(&p.namespace)
                && p.template.containers.first().and_then(client_loop).is_some()
        })
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
            self.traffic.caller = r.call.as_ref().map(|c| (c.client.clone(), c.port));
            let (outcome, route) = (data_plane.route)(self, &ns, &svc, via.as_deref());
            self.traffic.caller = None;
            let answered = (data_plane.deliver)(self, i, &outcome, route.as_ref());
            self.traffic
                .stats
                .entry((ns, svc))
                .or_default()
                .record(now, &outcome);
            self.traffic.in_flight[i].outcome = Some(outcome);
            self.traffic.in_flight[i].route = route;
            self.record_flow(i, answered);
            self.traffic.last = Some(self.traffic.in_flight[i].clone());
        }
        // New requests, spread evenly over virtual time.
        self.traffic.carry += self.traffic.rate * elapsed_ms as f64 / 1000.0;
        while self.traffic.carry >= 1.0 {
            self.traffic.carry -= 1.0;
            let external = self.traffic.source == Source::External;
            let pod_called = &self.traffic.pod_called;
            let has_clients = self.traffic.has_clients;
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
                // The stand-in steps aside once the learner's objects have a client of their
                // own (the default scenario's `web`), even scaled to 0: no client, no traffic.
                // Without one it calls only Services no pod calls (a proxy's upstreams); the
                // external client calls every NodePort.
                .filter(|(ns, name, from_outside)| {
                    *from_outside
                        || (!has_clients && !pod_called.iter().any(|(n, s, _)| n == ns && s == name))
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
                    call: None,
                });
            }
        }
        (data_plane.clients)(self, elapsed_ms);
        self.traffic.pod_called.retain(|(_, _, at)| *at + WINDOW_MS > now);
    }

    /// The pods whose command is a client loop send this tick's requests.
    fn run_client_loops(&mut self, elapsed_ms: u64) {
        let now = self.now_ms;
        let prev = now.saturating_sub(elapsed_ms);
        let mut calls: Vec<(String, String, &'static str)> = Vec::new();
        for pod in &self.pods {
            if pod.phase != super::PodPhase::Running || pod.deletion_ms.is_some() {
                continue;
            }
            let Some(start) = pod.started_ms else {
                continue;
            };
            let Some(client_loop) = self.traffic.loops.get(&pod.template) else {
                continue;
            };
            // Iterations started by `t`: the first at the container's start, then every period.
            let started = |t: u64| {
                if t < start {
                    0
                } else {
                    (t - start) / client_loop.period_ms + 1
                }
            };
            let iterations = started(now) - started(prev);
            for _ in 0..iterations.min(crate::budget::MAX_CLIENT_REQUESTS_PER_TICK as u64) {
                for (url, agent) in &client_loop.urls {
                    calls.push((pod.name.clone(), url.clone(), agent));
                }
            }
            if calls.len() >= crate::budget::MAX_CLIENT_REQUESTS_PER_TICK {
                break;
            }
        }
        for (pod, url, agent) in calls {
            self.send_from(&pod, &url, agent, None, None);
        }
    }

    /// Starts a request from `pod` to `url` (by a Service's name); `parent` and `reply_to` for
    /// a proxy's onward request (see [`Call`]). Dropped (counted in `shed`) past the in-flight cap.
    fn send_from(
        &mut self,
        pod: &str,
        url: &str,
        user_agent: &'static str,
        parent: Option<u64>,
        reply_to: Option<Received>,
    ) {
        let Some(p) = self.pods.iter().find(|p| p.name == pod) else {
            return;
        };
        let Some((service, namespace, port, path, host)) = parse_url(url, &p.namespace) else {
            return;
        };
        if self.traffic.in_flight.len() >= crate::budget::MAX_REQUESTS_IN_FLIGHT {
            self.traffic.shed += 1;
            return;
        }
        let client = Client {
            node: p.node.clone().unwrap_or_default(),
            ip: p.ip.clone().unwrap_or_default(),
            namespace: p.namespace.clone(),
        };
        let from = super::images::workload(self, p);
        let now = self.now_ms;
        match self
            .traffic
            .pod_called
            .iter_mut()
            .find(|(n, s, _)| *n == namespace && *s == service)
        {
            Some(entry) => entry.2 = now,
            None => self
                .traffic
                .pod_called
                .push((namespace.clone(), service.clone(), now)),
        }
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
            via_node: None,
            started_ms: self.now_ms,
            outcome: None,
            route: None,
            from: Some(from),
            parent,
            call: Some(Box::new(Call {
                pod: pod.to_string(),
                client,
                port,
                path,
                host,
                user_agent,
                reply_to,
            })),
        });
    }

    /// What the receiving pod does with in-flight request `i`, now routed: it logs it, or, a
    /// proxy, sends the onward request(s); and a proxy whose onward request this was answers
    /// (and logs) its own request by this outcome.
    /// Returns whether a container listening on the port answered it.
    fn deliver(&mut self, i: usize, outcome: &Outcome, route: Option<&Route>) -> bool {
        let request = &self.traffic.in_flight[i];
        let id = request.id;
        let parent = request.parent;
        let call = request.call.clone();
        // The pod it reached, if the container listens on the port it was DNATed to.
        let served = match outcome {
            Outcome::Served { pod, address } => {
                let port = address.rsplit(':').next().and_then(|p| p.parse().ok());
                self.pods.iter().position(|p| {
                    &p.name == pod
                        && p.template
                            .containers
                            .first()
                            .zip(port)
                            .is_some_and(|(c, port)| super::images::listens(c, port))
                })
            }
            _ => None,
        };
        if let Some(received) = call.as_ref().and_then(|c| c.reply_to.as_ref()) {
            // nginx answers 502 when the upstream refused, timed out or did not resolve.
            let status = if served.is_some() { 200 } else { 502 };
            let r = received.clone();
            self.record_request(&r.pod, &r.peer.0, r.peer.1, &r.path, r.user_agent, status);
            if let Some(parent) = parent {
                if status >= 500 {
                    // The failure travels upstream: the request the proxy received was answered 502.
                    self.mark_flow_error(parent);
                }
                // What the proxy's client gets: the proxy's answer given what its upstream
                // said (nginx passes the body on or answers 502; agnhost's /dial its JSON). An
                // upstream that proxies too answers once its own onward request is decided, and
                // that answer is passed up unchanged (Simplified: as nginx passes it on).
                let path = r.path.clone();
                let sent_path = call.as_ref().map_or("/", |c| c.path.as_str());
                let upstream = match served {
                    Some(at) if !super::images::onward_urls(self, &self.pods[at], sent_path).is_empty() => {
                        None
                    }
                    Some(at) => {
                        let incoming = super::images::Incoming {
                            path: sent_path,
                            peer: (&r.peer.0, r.peer.1),
                            host: "",
                            user_agent: r.user_agent,
                        };
                        Some(
                            match super::images::answer(&self.pods[at], &incoming, &Vec::new()) {
                                Some((status, body)) if status < 400 => Ok(body),
                                Some((status, _)) => Err(status.to_string()),
                                None => Err("connection refused".to_string()),
                            },
                        )
                    }
                    None => Some(Err("connection refused".to_string())),
                };
                let proxy = self.pods.iter().find(|p| p.name == r.pod);
                let answer = upstream.zip(proxy).and_then(|(upstream, proxy)| {
                    let incoming = super::images::Incoming {
                        path: &path,
                        peer: (&r.peer.0, r.peer.1),
                        host: "",
                        user_agent: r.user_agent,
                    };
                    super::images::answer(proxy, &incoming, &vec![upstream])
                });
                if let Some((status, body)) = answer {
                    self.answer_sent(parent, status, body);
                }
            }
        }
        // A client loop's own request (not a proxy's onward one): what its program will print.
        let client = call.as_ref().filter(|_| parent.is_none()).map(|c| {
            let r = &self.traffic.in_flight[i];
            let address = self
                .service(&r.namespace, &r.service)
                .map(|s| s.cluster_ip.clone())
                .unwrap_or_default();
            (
                c.pod.clone(),
                c.host.split(':').next().unwrap_or("").to_string(),
                c.port,
                address,
            )
        });
        let Some(at) = served else {
            if let Some((pod, host, port, address)) = client {
                let sent = match outcome {
                    Outcome::Dropped => super::logs::Sent::TimedOut,
                    Outcome::NoDns => super::logs::Sent::NoDns,
                    _ => super::logs::Sent::Refused,
                };
                let address = if sent == super::logs::Sent::NoDns {
                    String::new()
                } else {
                    address
                };
                self.record_sent(&pod, id, &host, port, address, sent);
            }
            return false;
        };
        let (path, user_agent, source) = match &call {
            Some(c) => (c.path.clone(), c.user_agent, c.client.ip.clone()),
            None => ("/".to_string(), "curl/8.5.0", frontend().ip),
        };
        let (peer, sport) = match route {
            Some(r) if matches!(r.verdict, Verdict::Dnat { masquerade: true, .. }) => (
                self.nodes
                    .iter()
                    .find(|n| n.name == r.node)
                    .map_or(source, |n| n.internal_ip.clone()),
                r.sport,
            ),
            Some(r) => (source, r.sport),
            None => (source, 0),
        };
        let pod = &self.pods[at];
        let name = pod.name.clone();
        let onward = super::images::onward_urls(self, pod, &path);
        if onward.is_empty() {
            // The generator's requests are not logged (its stand-in is no pod of the cluster).
            if call.is_some() {
                let incoming = super::images::Incoming {
                    path: &path,
                    peer: (&peer, sport),
                    host: "",
                    user_agent,
                };
                if let Some((status, body)) = super::images::answer(pod, &incoming, &Vec::new()) {
                    self.record_request(&name, &peer, sport, &path, user_agent, status);
                    if let Some((pod, host, port, address)) = client {
                        self.record_sent(
                            &pod,
                            id,
                            &host,
                            port,
                            address,
                            super::logs::Sent::Answered(status, body),
                        );
                    }
                }
            }
            return true;
        }
        let agent = user_agent_of(pod);
        if let Some((pod, host, port, address)) = client {
            self.record_sent(&pod, id, &host, port, address, super::logs::Sent::Pending);
        }
        for (n, url) in onward.iter().enumerate() {
            // The proxy logs what it received once, when its first onward request completes.
            let received = (n == 0 && call.is_some()).then(|| Received {
                pod: name.clone(),
                peer: (peer.clone(), sport),
                path: path.clone(),
                user_agent,
            });
            self.send_from(&name, url, agent, Some(id), received);
        }
        true
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
        // A pod's request leaves from the pod, to the port its URL named.
        let (client, called) = match self.traffic.caller.take() {
            Some((client, port)) => (client, Some(port)),
            None => (frontend(), None),
        };
        let Some((_, ips)) = self.resolve(service, namespace) else {
            return (Outcome::NoDns, None);
        };
        let Some((port, protocol)) = self.service_port(namespace, service) else {
            return (Outcome::Refused, None);
        };
        let port = called.unwrap_or(port);
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
///
/// What pods do with requests (their images' answers, proxies' onward requests, client loops:
/// `images.rs`) is plugged the same way, so that it too waits for the second module.
#[derive(Clone, Copy, Debug)]
pub struct DataPlane {
    /// One request through DNS and the client's node's rules.
    pub route: RouteFn,
    /// What the receiving pod does with routed request `in_flight[i]`; whether a listening
    /// container took it.
    pub deliver: fn(&mut Cluster, usize, &Outcome, Option<&Route>) -> bool,
    /// The pods whose command is a client loop send what is due in the last `ms`.
    pub clients: fn(&mut Cluster, u64),
    /// What the prober's dial reports for a probe to a port the pod's server does not listen
    /// on (`None`: it is served); the kubelet asks it (the image table waits for the module).
    pub refused_probe: fn(&super::Pod, &crate::manifest::Probe) -> Option<String>,
}

/// One request (namespace, Service, the node of an external client) through the data plane.
pub type RouteFn = fn(&mut Cluster, &str, &str, Option<&str>) -> (Outcome, Option<Route>);

/// The built-in data plane: [`route_request`], [`deliver_request`], [`run_client_loops`],
/// the kubelet's [`super::kubelet::refused_probe`].
pub const BUILT_IN: DataPlane = DataPlane {
    route: route_request,
    deliver: deliver_request,
    clients: run_client_loops,
    refused_probe: super::kubelet::refused_probe,
};

/// The receiving pod's part of [`DataPlane`].
pub fn deliver_request(cluster: &mut Cluster, i: usize, outcome: &Outcome, route: Option<&Route>) -> bool {
    cluster.deliver(i, outcome, route)
}

/// The client loops' part of [`DataPlane`].
pub fn run_client_loops(cluster: &mut Cluster, elapsed_ms: u64) {
    cluster.run_client_loops(elapsed_ms);
}

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

/// The user agent of a proxy's onward requests: nginx's proxy module sends the client's,
/// agnhost's Go client its own. Simplified: curl's for nginx (the tutorials' clients).
fn user_agent_of(pod: &super::Pod) -> &'static str {
    match pod.template.containers.first().map(super::images::app) {
        Some(super::images::App::Netexec(_)) => "Go-http-client/1.1",
        _ => "curl/8.5.0",
    }
}

/// A client loop: the URLs each iteration fetches (with the program's user agent) and how
/// long an iteration takes (its sleeps).
#[derive(Debug, PartialEq, Eq)]
pub struct ClientLoop {
    pub urls: Vec<(String, &'static str)>,
    pub period_ms: u64,
}

/// The tutorials' shell loop, if the container runs one:
/// `sh -c 'while true; do wget -qO- http://api; sleep 1; done'`, with curl and its `-H`,
/// paths and ports. Simplified: each iteration takes its sleeps (the requests take no time),
/// at least 50 ms (20 iterations a second); at most 8 requests an iteration.
pub fn client_loop(c: &crate::manifest::Container) -> Option<ClientLoop> {
    let words: Vec<&str> = c.command.iter().chain(&c.args).map(String::as_str).collect();
    let at = words.iter().position(|w| *w == "-c")?;
    let script = *words.get(at + 1)?;
    let rest = &script[script.find("while ")?..];
    let body = &rest[rest.find(" do ").or_else(|| rest.find(";do "))? + 3..];
    let body = &body[..body.rfind("done").unwrap_or(body.len())];
    let mut urls = Vec::new();
    let mut period_ms = 0u64;
    for statement in body.split([';', '\n', '&', '|']).map(str::trim).take(64) {
        let parts = shell_words(statement);
        match parts.first().map(String::as_str) {
            Some("sleep") => {
                let secs = parts
                    .get(1)
                    .and_then(|s| s.trim_end_matches('s').parse::<f64>().ok());
                period_ms += secs.map_or(0, |s| (s.clamp(0.0, 86_400.0) * 1000.0) as u64);
            }
            Some(program @ ("wget" | "curl")) if urls.len() < 8 => {
                let mut it = parts[1..].iter();
                let mut url = None;
                let mut host = None;
                while let Some(a) = it.next() {
                    match a.as_str() {
                        "-H" | "--header" => host = it.next().and_then(|h| host_header(h)).or(host),
                        "-o" | "-O" | "-m" | "-X" | "-A" | "-T" | "-U" | "-w" | "--max-time"
                        | "--connect-timeout" => {
                            it.next();
                        }
                        a if a.starts_with('-') => {}
                        a => url = url.or(Some(a.to_string())),
                    }
                }
                let Some(url) = url else { continue };
                let url = if url.contains("://") {
                    url
                } else {
                    format!("http://{url}")
                };
                let url = match host {
                    Some(h) => format!("{url}#{h}"),
                    None => url,
                };
                urls.push((url, if program == "wget" { "Wget" } else { "curl/8.5.0" }));
            }
            _ => {}
        }
    }
    (!urls.is_empty()).then_some(ClientLoop {
        urls,
        period_ms: period_ms.max(50),
    })
}

fn host_header(h: &str) -> Option<String> {
    let (name, value) = h.split_once(':')?;
    name.trim()
        .eq_ignore_ascii_case("host")
        .then(|| value.trim().to_string())
}

/// A shell line's words, with '…' and "…" quoting (no expansions).
fn shell_words(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut quote = None;
    let mut started = false;
    for ch in line.chars() {
        match (quote, ch) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), c) => word.push(c),
            (None, '\'' | '"') => {
                quote = Some(ch);
                started = true;
            }
            (None, c) if c.is_whitespace() => {
                if started || !word.is_empty() {
                    words.push(std::mem::take(&mut word));
                    started = false;
                }
            }
            (None, c) => word.push(c),
        }
    }
    if started || !word.is_empty() {
        words.push(word);
    }
    words
}

/// `http://NAME[.NAMESPACE…][:PORT][/PATH][#HOST]` (a `#HOST` is a `-H 'Host:'` header, see
/// [`client_loop`]): the Service, its namespace, the port, the path and the Host header.
/// Simplified: an IP address is not followed (only Services' names).
fn parse_url(url: &str, namespace: &str) -> Option<(String, String, u16, String, String)> {
    let (url, host_header) = match url.split_once('#') {
        Some((u, h)) => (u, Some(h)),
        None => (url, None),
    };
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let (host_port, path) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, "/"),
    };
    let (host, port) = match host_port.split_once(':') {
        Some((h, p)) => (h, p.parse::<u16>().ok()?),
        None => (host_port, 80),
    };
    if host.is_empty() || crate::proxy::Ipv4::parse(host).is_some() {
        return None;
    }
    let mut labels = host.split('.');
    let service = labels.next()?.to_string();
    let ns = labels.next().unwrap_or(namespace).to_string();
    Some((
        service,
        ns,
        port,
        path.chars().take(256).collect(),
        host_header.unwrap_or(host_port).to_string(),
    ))
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
        assert!(c.apply(crate::scenario::backend_yaml()).applied());
        c.set_request_rate(10.0);
        c.advance(30_000);
        let sent = |c: &Cluster| c.traffic().stats.values().map(|s| s.sent).sum::<u64>();
        assert_eq!(sent(&c), 0);
        c.set_data_plane(BUILT_IN);
        c.advance(30_000);
        assert!(sent(&c) > 0);
    }

    fn template(script: &str) -> std::rc::Rc<crate::manifest::PodTemplate> {
        let yaml = format!(
            "apiVersion: apps/v1\nkind: Deployment\nmetadata: {{name: web}}\nspec:\n  selector: {{matchLabels: {{app: web}}}}\n  \
             template:\n    metadata: {{labels: {{app: web}}}}\n    spec:\n      containers:\n        - name: web\n          \
             image: busybox\n          command: [sh, -c, {script:?}]\n"
        );
        let parsed = crate::manifest::parse(&yaml);
        let Some(crate::manifest::Object::Deployment(d)) = parsed.objects.first() else {
            panic!("not a Deployment: {:?}", parsed.diagnostics)
        };
        std::rc::Rc::new(d.template.clone())
    }

    /// The memo answers what parsing would, per template, and a template that is gone (its
    /// address possibly reused) is never answered from another's entry.
    #[test]
    fn the_client_loop_memo_answers_what_parsing_would() {
        let mut memo = LoopMemo::default();
        let fast = template("while true; do wget -qO- http://api; sleep 0.5; done");
        let slow = template("while true; do curl -s http://db:5432/x; sleep 2; done");
        let server = template("nginx -g 'daemon off;'");
        for _ in 0..3 {
            for t in [&fast, &slow, &server] {
                assert_eq!(memo.get(t).as_deref(), client_loop(&t.containers[0]).as_ref());
            }
        }
        assert_eq!(memo.get(&fast).map(|l| l.period_ms), Some(500));
        assert_eq!(memo.get(&slow).map(|l| l.period_ms), Some(2000));
        assert!(memo.get(&server).is_none());
        drop(fast);
        for i in 0..2 * LoopMemo::MAX {
            let t = template(&format!("while true; do wget -qO- http://api-{i}; sleep 1; done"));
            let got = memo.get(&t).expect("a loop");
            assert_eq!(got.urls[0].0, format!("http://api-{i}"));
            assert!(memo.0.len() <= LoopMemo::MAX);
        }
    }

    fn clients_yaml(clients: &[(u64, bool)], api_replicas: u32) -> String {
        let mut text = format!(
            "apiVersion: apps/v1\nkind: Deployment\nmetadata: {{name: api}}\nspec:\n  replicas: {api_replicas}\n  \
             selector: {{matchLabels: {{app: api}}}}\n  template:\n    metadata: {{labels: {{app: api}}}}\n    spec:\n      \
             containers:\n        - name: api\n          image: registry.k8s.io/e2e-test-images/agnhost:2.53\n          \
             args: [netexec]\n---\napiVersion: v1\nkind: Service\nmetadata: {{name: api}}\nspec:\n  selector: {{app: api}}\n  \
             ports: [{{port: 80, targetPort: 8080}}]\n"
        );
        for (i, (sleep_ms, bare)) in clients.iter().enumerate() {
            let command = format!(
                "command: [sh, -c, 'while true; do wget -qO- http://api/hostname; sleep {}; done']",
                *sleep_ms as f64 / 1000.0
            );
            if *bare {
                text.push_str(&format!(
                    "---\napiVersion: v1\nkind: Pod\nmetadata: {{name: client-{i}}}\nspec:\n  containers:\n    \
                     - name: c\n      image: busybox:1.36\n      {command}\n"
                ));
            } else {
                text.push_str(&format!(
                    "---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {{name: client-{i}}}\nspec:\n  replicas: 1\n  \
                     selector: {{matchLabels: {{app: client-{i}}}}}\n  template:\n    metadata: {{labels: {{app: client-{i}}}}}\n    \
                     spec:\n      containers:\n        - name: c\n          image: busybox:1.36\n          {command}\n"
                ));
            }
        }
        text
    }

    /// The stand-in frontend leaves Services their real callers: in the three-tier shop every
    /// Service is called by a pod, so the generator sends nothing there; with no client pods (the
    /// default scenario) it calls the Service as before.
    #[test]
    fn the_stand_in_frontend_calls_only_services_no_pod_calls() {
        let three_tier = crate::scenario::SCENARIOS
            .iter()
            .find(|s| s.id == "three-tier")
            .map(|s| s.yaml)
            .unwrap();
        let mut c = Cluster::new(3);
        assert!(c.apply(three_tier).applied());
        c.set_request_rate(5.0);
        c.advance(60_000);
        let flows = c.flows(30_000);
        assert!(flows.iter().all(|f| f.from != "frontend"), "{flows:?}");
        assert!(flows.iter().any(|f| f.from == "deployment/shopper"), "{flows:?}");
        // When api loses its endpoints nobody calls db any more, and the stand-in does not
        // start calling it (no phantom web → db edge on the map).
        let api = "  selector:\n    matchLabels:\n      app: api";
        let no_api = three_tier.replace(&format!("replicas: 2\n{api}"), &format!("replicas: 0\n{api}"));
        assert_ne!(no_api, three_tier);
        assert!(c.apply(&no_api).applied());
        c.advance(60_000);
        let flows = c.flows(30_000);
        assert!(flows.iter().all(|f| f.from != "frontend"), "{flows:?}");
        assert!(flows.iter().all(|f| f.service != "default/db"), "{flows:?}");
        assert!(flows.iter().any(|f| f.refused > 0 || f.errors > 0), "{flows:?}");
        let mut c = Cluster::new(3);
        assert!(c.apply(crate::scenario::backend_yaml()).applied());
        c.set_request_rate(5.0);
        c.advance(60_000);
        assert!(c.flows(30_000).iter().any(|f| f.from == "frontend"));
    }

    /// The default scenario's frontend is a pod: `web` calls image-processor through DNS,
    /// the Service and its node's rules, twice a second per replica, and the stand-in sends
    /// nothing, not even while web's pod is still starting (no phantom caller on the map), nor
    /// once web is scaled to zero (no client, no traffic).
    #[test]
    fn the_default_scenarios_frontend_is_a_real_client_deployment() {
        let mut c = Cluster::new(crate::scenario::DEFAULT_SEED);
        assert!(c.apply(crate::scenario::DEFAULT_YAML).applied());
        c.set_request_rate(5.0);
        c.advance(60_000);
        let names: Vec<&str> = c.client_deployments().map(|d| d.spec.name.as_str()).collect();
        assert_eq!(names, ["web"]);
        assert!(c.traffic().has_clients);
        assert_eq!(c.traffic().frontend, Some(("default".into(), "web".into())));
        let flows = c.flows(60_000);
        assert!(flows.iter().all(|f| f.from == "deployment/web"), "{flows:?}");
        // Its first request leaves before any backend is ready (busybox starts at once, the
        // readiness probe waits 2 s): refused, as on a real cluster; then every one is served.
        let edge = flows
            .iter()
            .find(|f| f.to.as_deref() == Some("deployment/image-processor"))
            .expect("web calls the backend");
        let refused: u64 = flows.iter().map(|f| f.refused).sum();
        assert!(refused <= 2, "{flows:?}");
        assert_eq!(edge.service, "default/image-processor");
        // Twice a second from the pod's start: about 2 x the seconds it has been running.
        assert!((100..=120).contains(&edge.requests), "{edge:?}");
        assert_eq!(edge.served, edge.requests, "{edge:?}");
        c.apply(&crate::scenario::DEFAULT_YAML.replace("replicas: 1\n", "replicas: 0\n"));
        c.advance(60_000);
        assert_eq!(c.flows(20_000), [], "nobody calls any more");
        assert!(c.client_deployments().next().is_some());
    }

    /// A client loop's requests leave from its pod, name its workload and reach the Service.
    #[test]
    fn a_client_loop_sends_from_its_workload_at_its_rate() {
        let mut c = Cluster::new(3);
        assert!(c.apply(&clients_yaml(&[(500, false), (1000, true)], 2)).applied());
        c.set_request_rate(0.0);
        c.advance(30_000);
        let froms: std::collections::BTreeSet<String> = c
            .traffic()
            .in_flight
            .iter()
            .filter_map(|r| r.from.clone())
            .collect();
        assert_eq!(
            froms.into_iter().collect::<Vec<_>>(),
            ["deployment/client-0", "pod/client-1"]
        );
        let sent = c.traffic().stats[&("default".to_string(), "api".to_string())].sent;
        c.advance(10_000);
        let after = c.traffic().stats[&("default".to_string(), "api".to_string())].sent;
        // 2 + 1 requests a second.
        assert_eq!(after - sent, 30);
    }

    /// Every request a client loop sends is remembered with what it came to (for its
    /// `kubectl logs`): each one a backend answered names that backend; none stays pending.
    #[test]
    fn a_client_loops_requests_are_remembered_with_their_answers() {
        let mut c = Cluster::new(3);
        assert!(c.apply(&clients_yaml(&[(1000, true)], 2)).applied());
        c.set_request_rate(0.0);
        c.advance(30_000);
        let pod = c
            .pods()
            .iter()
            .find(|p| p.name == "client-0")
            .map(|p| p.uid.clone());
        let pod = pod.expect("the client pod");
        let before = c.sent_requests(&pod).count();
        c.advance(10_000);
        let sent: Vec<&crate::cluster::SentRequest> = c.sent_requests(&pod).skip(before).collect();
        assert_eq!(sent.len(), 10, "one a second");
        let backends: Vec<String> = c
            .pods()
            .iter()
            .filter(|p| p.name.starts_with("api-"))
            .map(|p| p.name.clone())
            .collect();
        for r in &sent {
            match &r.sent {
                crate::cluster::Sent::Answered(200, body) => {
                    assert!(backends.contains(&body.trim_end().to_string()), "{body}")
                }
                other => panic!("{other:?}"),
            }
        }
        // Once the Service has no endpoints each request is refused at its ClusterIP.
        let ip = c
            .service("default", "api")
            .map(|s| s.cluster_ip.clone())
            .unwrap_or_default();
        assert!(c.apply(&clients_yaml(&[(1000, true)], 0)).applied());
        c.advance(20_000);
        let last = c.sent_requests(&pod).last().expect("a request");
        assert_eq!(
            (&last.sent, last.address.as_str()),
            (&crate::cluster::Sent::Refused, ip.as_str())
        );
    }

    /// The three tiers: the shopper's request to web makes web's onward request to api (its
    /// parent the shopper's), which makes api's /dial to db; once api has no endpoints web's
    /// onward requests are refused and web logs 502s.
    #[test]
    fn a_proxy_sends_onward_requests_with_their_parent() {
        let mut c = Cluster::new(5);
        let yaml = crate::scenario::find("three-tier").map_or("", |s| s.yaml);
        assert!(c.apply(yaml).applied());
        c.set_request_rate(0.0);
        let mut all: Vec<Request> = Vec::new();
        for _ in 0..300 {
            c.advance(100);
            for r in &c.traffic().in_flight {
                if r.outcome.is_some() && !all.iter().any(|a| a.id == r.id) {
                    all.push(r.clone());
                }
            }
        }
        let by_id = |id: u64| all.iter().find(|r| r.id == id);
        let chain = all.iter().find(|r| {
            r.service == "db"
                && r.parent.and_then(by_id).is_some_and(|p| {
                    p.service == "api" && p.parent.and_then(by_id).is_some_and(|g| g.service == "web")
                })
        });
        let chain = chain.expect("a shopper -> web -> api -> db chain");
        assert_eq!(chain.from.as_deref(), Some("deployment/api"));
        let api = chain.parent.and_then(by_id).map(|r| r.from.clone());
        assert_eq!(api, Some(Some("deployment/web".to_string())));
        let top = chain
            .parent
            .and_then(by_id)
            .and_then(|r| r.parent)
            .and_then(by_id);
        assert_eq!(
            top.and_then(|r| r.from.clone()).as_deref(),
            Some("deployment/shopper")
        );
        assert!(matches!(chain.outcome, Some(Outcome::Served { .. })));

        assert!(c.scale_deployment("default", "api", 0));
        c.advance(20_000);
        let web: Vec<&crate::cluster::Pod> = c
            .pods()
            .iter()
            .filter(|p| p.name.starts_with("web-"))
            .map(|p| &**p)
            .collect();
        let last = web
            .iter()
            .flat_map(|p| c.served_requests(&p.uid))
            .max_by_key(|r| r.ms)
            .map(|r| r.status);
        assert_eq!(last, Some(502));
        assert!(c
            .traffic()
            .in_flight
            .iter()
            .any(|r| r.service == "api" && r.outcome == Some(Outcome::Refused)));
    }

    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

        /// Every request a client loop sends is in the Traffic list exactly once (one id, seen
        /// while in flight), and counted once in its Service's counters when decided.
        #[test]
        fn every_client_loop_request_is_listed_and_counted_once(
            clients in proptest::collection::vec((100u64..2_000, any::<bool>()), 1..4),
            api_replicas in 0u32..3,
            seed in 0u64..1_000,
            run_ms in 5_000u64..40_000,
        ) {
            let mut c = Cluster::new(seed);
            prop_assert!(c.apply(&clients_yaml(&clients, api_replicas)).applied());
            c.set_request_rate(0.0);
            let mut seen = std::collections::BTreeSet::new();
            let mut t = 0;
            while t < run_ms {
                c.advance(100);
                t += 100;
                let ids: Vec<u64> = c.traffic().in_flight.iter().map(|r| r.id).collect();
                let unique: std::collections::BTreeSet<u64> = ids.iter().copied().collect();
                prop_assert_eq!(unique.len(), ids.len());
                seen.extend(c.traffic().in_flight.iter().filter(|r| r.from.is_some()).map(|r| r.id));
            }
            // What each loop should have sent by now: one request an iteration from its start.
            let mut expected = 0;
            for (i, (sleep_ms, _)) in clients.iter().enumerate() {
                let name = format!("client-{i}");
                let pod = c.pods().iter().find(|p| p.name == name || p.name.starts_with(&format!("{name}-")));
                if let Some(start) = pod.and_then(|p| p.started_ms) {
                    expected += (c.now_ms() - start) / sleep_ms.max(&50) + 1;
                }
            }
            prop_assert_eq!(seen.len() as u64, expected);
            prop_assert_eq!(c.traffic().shed, 0);
            let stats = &c.traffic().stats[&("default".to_string(), "api".to_string())];
            prop_assert_eq!(stats.sent, expected);
            let undecided = c.traffic().in_flight.iter().filter(|r| r.outcome.is_none()).count() as u64;
            let decided = stats.served.iter().map(|(_, n)| n).sum::<u64>()
                + stats.refused + stats.timed_out + stats.no_dns;
            prop_assert_eq!(decided + undecided, expected);
        }
    }
}
