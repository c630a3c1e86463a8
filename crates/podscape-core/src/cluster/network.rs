//! The data plane: what kube-proxy on each node programs from Services and EndpointSlices
//! (see `crate::proxy`), how a request is routed through exactly those rules, and CoreDNS.

use std::collections::BTreeMap;

use rand_core::RngCore;

use super::{Cluster, Service};
use crate::manifest::IntOrString;
use crate::proxy::fast::{FastPacket, Router};
use crate::proxy::ipvs::IpvsState;
use crate::proxy::{
    self, Endpoint, Oracle, Packet, Protocol, ProxyInput, ProxyMode, TraceStep, TrafficPolicy, Verdict,
};

pub use crate::api::{CLUSTER_CIDR, CLUSTER_DOMAIN, DNS_IP};

/// Where a request was sent from: a pod on a node.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Client {
    pub node: String,
    pub ip: String,
    pub namespace: String,
}

/// How one connection was routed: the rules that matched and the outcome.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Route {
    pub mode: ProxyMode,
    pub node: String,
    /// Shared with the node's compiled rules (see `proxy::fast`).
    pub steps: std::sync::Arc<[TraceStep]>,
    pub verdict: Verdict,
    /// The pod the connection was DNATed to, if it is one.
    pub pod: Option<String>,
    /// The client's source port (ephemeral, from the cluster's RNG; 0 if not DNATed).
    pub sport: u16,
}

/// A connection a node routed, as lesson goals look at it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Seen {
    pub node: String,
    pub dst_port: u16,
    pub verdict: Verdict,
}

/// How many routed connections the cluster remembers for [`Cluster::connections`].
const SEEN_KEPT: usize = 64;

/// Connection memory the kernel keeps between packets: `recent` lists and affinity sets
/// (list name → client IP → expiry) and the IPVS round-robin cursors; and each node's
/// compiled rules, rebuilt when what kube-proxy sees changes (its sync).
#[derive(Clone, Debug, Default)]
pub struct Conntrack {
    affinity: BTreeMap<String, BTreeMap<String, u64>>,
    ipvs: IpvsState,
    /// The epoch each node's rules were compiled at, what they were compiled from (shared
    /// with snapshots of the cluster: it changes only with a sync), and the rules.
    routers: BTreeMap<String, (u64, std::rc::Rc<ProxyInput>, Router)>,
    /// Recent connections per node, newest last: what `conntrack -L` lists.
    /// Each behind an `Rc`: a rewind snapshot shares the table but for the newest flows.
    flows: BTreeMap<String, Vec<std::rc::Rc<Flow>>>,
    /// The last connections routed anywhere, newest last.
    seen: Vec<Seen>,
}

impl Conntrack {
    /// How many nodes' compiled rules `previous` (an earlier copy) does not share.
    pub(super) fn unshared_rules(&self, previous: Option<&Conntrack>) -> usize {
        self.routers
            .iter()
            .filter(|(node, (_, input, _))| {
                previous
                    .and_then(|p| p.routers.get(*node))
                    .is_none_or(|(_, before, _)| !std::rc::Rc::ptr_eq(input, before))
            })
            .count()
    }
}

/// One tracked connection: the original direction and, after DNAT, the reply direction.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Flow {
    pub protocol: Protocol,
    pub src: String,
    pub sport: u16,
    pub dst: String,
    pub dport: u16,
    /// Who answers: the backend after DNAT (or the original destination).
    pub reply_src: String,
    /// Whom the answer goes to: the client, or the routing node's address after SNAT.
    pub reply_dst: String,
    pub reply_sport: u16,
    pub created_ms: u64,
}

/// How long a closed TCP flow stays in the table (TIME_WAIT), and how many a node keeps here.
const TIME_WAIT_MS: u64 = 120_000;
const FLOWS_PER_NODE: usize = 64;

pub(super) fn protocol(p: &str) -> Protocol {
    match p {
        "UDP" => Protocol::Udp,
        "SCTP" => Protocol::Sctp,
        _ => Protocol::Tcp,
    }
}

fn policy(p: Option<&str>) -> TrafficPolicy {
    if p == Some("Local") {
        TrafficPolicy::Local
    } else {
        TrafficPolicy::Cluster
    }
}

impl Cluster {
    pub fn proxy_mode(&self) -> ProxyMode {
        self.proxy_mode
    }

    /// Switches every node's kube-proxy to another mode (`--proxy-mode`).
    pub fn set_proxy_mode(&mut self, mode: ProxyMode) {
        self.proxy_mode = mode;
    }

    /// What kube-proxy on `node` knows: every Service port with its endpoints.
    pub fn proxy_input(&self, node: &str) -> ProxyInput {
        let node_ip = self
            .nodes
            .iter()
            .find(|n| n.name == node)
            .map(|n| n.internal_ip.clone())
            .unwrap_or_default();
        let mut service_ports = Vec::new();
        for s in self.services.values() {
            if s.spec.service_type == "ExternalName" {
                continue;
            }
            let slice = self.endpoint_slice(s);
            for (i, port) in s.spec.ports.iter().enumerate() {
                let port_name = port.name.clone().unwrap_or_default();
                let endpoints = slice
                    .iter()
                    .flat_map(|slice| {
                        let target = slice.ports.iter().find(|p| p.name == port_name).map(|p| p.port);
                        slice.endpoints.iter().filter_map(move |e| {
                            Some(Endpoint {
                                ip: e.address.clone(),
                                port: u16::try_from(target?).ok()?,
                                node_name: e.node_name.clone().unwrap_or_default(),
                                ready: e.conditions.ready,
                                serving: e.conditions.serving,
                                terminating: e.conditions.terminating,
                            })
                        })
                    })
                    .collect();
                service_ports.push(proxy::ServicePort {
                    namespace: s.spec.namespace.clone(),
                    service: s.spec.name.clone(),
                    port_name,
                    protocol: protocol(&port.protocol),
                    cluster_ip: (s.cluster_ip != "None").then(|| s.cluster_ip.clone()),
                    port: u16::try_from(port.port).unwrap_or(0),
                    node_port: s
                        .node_ports
                        .get(i)
                        .copied()
                        .flatten()
                        .and_then(|p| u16::try_from(p).ok()),
                    load_balancer_ips: s.load_balancer_ip.iter().cloned().collect(),
                    external_ips: s.spec.external_ips.clone(),
                    session_affinity_timeout: s.spec.session_affinity_timeout.map(|t| t.max(0) as u32),
                    external_traffic_policy: policy(s.spec.external_traffic_policy.as_deref()),
                    internal_traffic_policy: policy(Some(s.spec.internal_traffic_policy.as_str())),
                    endpoints,
                });
            }
        }
        ProxyInput {
            node_name: node.to_string(),
            node_ip,
            cluster_cidr: CLUSTER_CIDR.to_string(),
            service_ports,
        }
    }

    /// The rules of `node` as its own tool prints them in the current mode.
    pub fn render_rules(&self, node: &str) -> String {
        proxy::render(self.proxy_mode, &self.proxy_input(node))
    }

    /// Routes a new connection from `client` to `ip:port` through the rules of the client's
    /// node, remembering affinity and round-robin state like the kernel would.
    pub fn route_connection(&mut self, client: &Client, ip: &str, port: u16, protocol: Protocol) -> Route {
        let packet = Packet {
            src_ip: client.ip.clone(),
            dst_ip: ip.to_string(),
            dst_port: port,
            protocol,
            src_is_local: false,
            dst_is_local: false,
        };
        self.route_packet(&client.node, &packet)
    }

    /// Routes `packet` through the compiled rules of `node` (see `proxy::fast`), recompiling
    /// them first if what kube-proxy on that node sees has changed since the last sync.
    pub fn route_packet(&mut self, node: &str, packet: &Packet) -> Route {
        let mode = self.proxy_mode;
        let epoch = self.epoch;
        let current = self
            .conntrack
            .routers
            .get(node)
            .is_some_and(|(seen, _, router)| *seen == epoch && router.mode() == mode);
        if current {
            // Nothing changed since the last sync; debug builds (every test) check that.
            debug_assert!(self
                .conntrack
                .routers
                .get(node)
                .is_some_and(|(_, input, _)| **input == self.proxy_input(node)));
        } else {
            let input = self.proxy_input(node);
            match self.conntrack.routers.get_mut(node) {
                Some((seen, old, router)) if **old == input && router.mode() == mode => *seen = epoch,
                _ => {
                    let router = Router::new(mode, &input);
                    self.conntrack
                        .routers
                        .insert(node.to_string(), (epoch, std::rc::Rc::new(input), router));
                }
            }
        }
        let now = self.now_ms;
        let (steps, verdict, affinity_updates) =
            match (FastPacket::parse(packet), self.conntrack.routers.get_mut(node)) {
                (Some(fast), Some((_, _, router))) => {
                    let mut oracle = ClusterOracle {
                        rng: &mut self.rng,
                        affinity: &self.conntrack.affinity,
                        src: &packet.src_ip,
                        now,
                    };
                    let decision = router.route(fast, &mut oracle, &mut self.conntrack.ipvs);
                    (
                        router.steps(&decision),
                        decision.verdict.to_verdict(),
                        router.affinity_updates(&decision).to_vec(),
                    )
                }
                _ => (std::sync::Arc::from(Vec::new()), Verdict::NoMatch, Vec::new()),
            };
        let (ip, port, protocol) = (packet.dst_ip.as_str(), packet.dst_port, packet.protocol);
        let client_ip = packet.src_ip.clone();
        let timeout_s = self
            .conntrack
            .routers
            .get(node)
            .and_then(|(_, input, _)| {
                input
                    .service_ports
                    .iter()
                    .find(|sp| sp.cluster_ip.as_deref() == Some(ip) && sp.port == port)
            })
            .and_then(|sp| sp.session_affinity_timeout)
            .unwrap_or(10_800);
        for list in &affinity_updates {
            self.conntrack
                .affinity
                .entry(list.clone())
                .or_default()
                .insert(client_ip.clone(), now + u64::from(timeout_s) * 1000);
        }
        if self.conntrack.seen.len() >= SEEN_KEPT {
            self.conntrack.seen.remove(0);
        }
        self.conntrack.seen.push(Seen {
            node: node.to_string(),
            dst_port: port,
            verdict: verdict.clone(),
        });
        let mut sport = 0;
        if let Verdict::Dnat {
            ip: backend,
            port: backend_port,
            masquerade,
        } = &verdict
        {
            let reply_dst = if *masquerade {
                self.nodes
                    .iter()
                    .find(|n| n.name == node)
                    .map_or_else(|| client_ip.clone(), |n| n.internal_ip.clone())
            } else {
                client_ip.clone()
            };
            sport = 32768 + (self.rng.next_u32() % 28232) as u16;
            let flows = self.conntrack.flows.entry(node.to_string()).or_default();
            flows.push(std::rc::Rc::new(Flow {
                protocol,
                src: client_ip.clone(),
                sport,
                dst: ip.to_string(),
                dport: port,
                reply_src: backend.clone(),
                reply_sport: *backend_port,
                reply_dst,
                created_ms: now,
            }));
            let excess = flows.len().saturating_sub(FLOWS_PER_NODE);
            flows.drain(..excess);
        }
        let pod = match &verdict {
            Verdict::Dnat { ip, .. } => self
                .pods
                .iter()
                .find(|p| p.ip.as_deref() == Some(ip.as_str()))
                .map(|p| p.name.clone()),
            _ => None,
        };
        Route {
            mode: self.proxy_mode,
            node: node.to_string(),
            steps,
            verdict,
            pod,
            sport,
        }
    }
}

/// The kernel's answers for one connection: draws from the cluster's RNG (one `next_u32` per
/// `statistic` or `numgen`, as before compilation) and the remembered affinity lists.
struct ClusterOracle<'a> {
    rng: &'a mut rand_chacha::ChaCha8Rng,
    affinity: &'a BTreeMap<String, BTreeMap<String, u64>>,
    src: &'a str,
    now: u64,
}

impl ClusterOracle<'_> {
    fn draw(&mut self) -> f64 {
        f64::from(self.rng.next_u32()) / 4_294_967_296.0
    }
}

impl Oracle for ClusterOracle<'_> {
    fn statistic(&mut self, probability: u32) -> bool {
        let x = self.draw();
        proxy::DrawOracle {
            draw: &mut || x,
            affinity: &|_| false,
        }
        .statistic(probability)
    }

    fn numgen(&mut self, modulus: usize) -> usize {
        let x = self.draw();
        proxy::DrawOracle {
            draw: &mut || x,
            affinity: &|_| false,
        }
        .numgen(modulus)
    }

    fn affinity(&mut self, name: &str) -> bool {
        self.affinity
            .get(name)
            .and_then(|m| m.get(self.src))
            .is_some_and(|&expiry| self.now <= expiry)
    }
}

impl Cluster {
    /// The last connections routed on any node, newest last.
    pub fn connections(&self) -> &[Seen] {
        &self.conntrack.seen
    }

    /// The node whose InternalIP is `ip`, if any.
    pub fn node_with_ip(&self, ip: &str) -> Option<&str> {
        self.nodes
            .iter()
            .find(|n| n.internal_ip == ip)
            .map(|n| n.name.as_str())
    }

    /// `conntrack -L` on a node: its recent flows, as conntrack-tools prints them (the count
    /// line goes to stderr, as the real tool does).
    pub fn conntrack_list(&self, node: &str) -> (String, String) {
        let now = self.now_ms;
        let flows: Vec<&Flow> = self
            .conntrack
            .flows
            .get(node)
            .map(|f| {
                f.iter()
                    .filter(|f| now < f.created_ms + TIME_WAIT_MS)
                    .map(|f| &**f)
                    .collect()
            })
            .unwrap_or_default();
        let mut out = String::new();
        for f in &flows {
            let (name, number) = match f.protocol {
                Protocol::Tcp => ("tcp", 6),
                Protocol::Udp => ("udp", 17),
                Protocol::Sctp => ("sctp", 132),
            };
            let left = (f.created_ms + TIME_WAIT_MS).saturating_sub(now) / 1000;
            out.push_str(&format!(
                "{name:<8} {number} {left} TIME_WAIT src={} dst={} sport={} dport={} src={} dst={} sport={} dport={} [ASSURED] mark=0 use=1\n",
                f.src, f.dst, f.sport, f.dport, f.reply_src, f.reply_dst, f.reply_sport, f.sport
            ));
        }
        let err = format!(
            "conntrack v1.4.7 (conntrack-tools): {} flow entries have been shown.\n",
            flows.len()
        );
        (out, err)
    }

    /// CoreDNS: resolves `name` for a client in `namespace` through the pod's resolv.conf
    /// search list (`<ns>.svc.cluster.local svc.cluster.local cluster.local`, ndots:5).
    pub fn resolve(&self, name: &str, namespace: &str) -> Option<(String, Vec<String>)> {
        let name = name.trim_end_matches('.');
        let absolute = name.matches('.').count() >= 5;
        let search = [
            format!("{namespace}.svc.{CLUSTER_DOMAIN}"),
            format!("svc.{CLUSTER_DOMAIN}"),
            CLUSTER_DOMAIN.to_string(),
        ];
        let candidates: Vec<String> = if absolute {
            vec![name.to_string()]
        } else {
            search
                .iter()
                .map(|s| format!("{name}.{s}"))
                .chain(std::iter::once(name.to_string()))
                .collect()
        };
        candidates
            .into_iter()
            .find_map(|fqdn| self.lookup(&fqdn).map(|ips| (fqdn, ips)))
    }

    /// A records for one fully qualified name: a Service's ClusterIP, or for a headless
    /// Service the addresses of its ready endpoints.
    fn lookup(&self, fqdn: &str) -> Option<Vec<String>> {
        let rest = fqdn.strip_suffix(&format!(".svc.{CLUSTER_DOMAIN}"))?;
        let (service, namespace) = rest.split_once('.')?;
        let s: &Service = self.services.get(&(namespace.to_string(), service.to_string()))?;
        if s.cluster_ip == "None" {
            let ips: Vec<String> = self
                .endpoint_slice(s)
                .map(|slice| {
                    slice
                        .endpoints
                        .iter()
                        .filter(|e| e.conditions.ready)
                        .map(|e| e.address.clone())
                        .collect()
                })
                .unwrap_or_default();
            return (!ips.is_empty()).then_some(ips);
        }
        if s.spec.service_type == "ExternalName" {
            return s.spec.external_name.clone().map(|n| vec![format!("{n}.")]);
        }
        Some(vec![s.cluster_ip.clone()])
    }

    /// The first port of a Service, as a client that names no port would use it.
    pub fn service_port(&self, namespace: &str, name: &str) -> Option<(u16, Protocol)> {
        let s = self.services.get(&(namespace.to_string(), name.to_string()))?;
        let p = s.spec.ports.first()?;
        Some((u16::try_from(p.port).ok()?, protocol(&p.protocol)))
    }

    /// Resolves a pod's named port (`IntOrString`) on that pod.
    pub fn pod_port(&self, pod: &str, port: &IntOrString) -> Option<i32> {
        let p = self.pods.iter().find(|p| p.name == pod)?;
        super::endpointslice::resolve_target_port(port, p)
    }
}
