//! Routing at kernel speed: a node's active-mode rules compiled into a structure that decides a
//! connection in a few hash lookups and array steps, rebuilt only when kube-proxy would resync.
//!
//! iptables and nftables: the packet walk through the rules is a pure function of the packet
//! and of the kernel's run-time answers ([`Oracle`]: `statistic` draws, `numgen`, `recent` /
//! affinity-set memory). [`Router`] memoises that function as a decision diagram per packet
//! class (source, destination, port, protocol, local flags): a node per question the walk
//! asked (a `statistic` with its fixed-point probability, a `numgen` with its modulus, an
//! affinity list), a leaf per outcome holding the verdict and the walk's trace. A branch is
//! filled the first time a connection takes it, by running the evaluator itself on the
//! rendered data (asking the caller's oracle exactly when the evaluator would), so a
//! compiled decision is the evaluator's decision by construction and the RNG stream is the
//! same draw for draw. Later connections only walk the diagram: for a Service with n endpoints
//! behind iptables that is the chain of n−1 `statistic` thresholds (the kernel's cumulative
//! 1/n, 1/(n−1), … probabilities), for nftables one `numgen` branch.
//!
//! IPVS: virtual servers hashed by protocol, address and port, each with its real-server
//! array; the round-robin cursors and persistence templates live in [`IpvsState`].
//!
//! Traces are materialised only when asked ([`Router::trace`]).

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::Arc;

use super::iptables::{self, Ruleset};
use super::ipvs::{self, IpvsState, Picked};
use super::nftables::{self, NftTable};
use super::{Oracle, Packet, Protocol, ProxyInput, ProxyMode, Trace, TraceStep, Verdict};
use crate::api::addr::Ipv4;

/// FxHash (rustc's hasher): deterministic, no per-process seed, so no OS entropy in the core.
#[derive(Clone, Copy, Default)]
pub struct FxHasher(u64);

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(u64::from(b));
        }
    }
    fn write_u8(&mut self, n: u8) {
        self.write_u64(u64::from(n));
    }
    fn write_u16(&mut self, n: u16) {
        self.write_u64(u64::from(n));
    }
    fn write_u32(&mut self, n: u32) {
        self.write_u64(u64::from(n));
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
    fn write_usize(&mut self, n: usize) {
        self.write_u64(n as u64);
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

pub type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

/// A verdict with integer addresses (see [`Verdict`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FastVerdict {
    Dnat { ip: Ipv4, port: u16, masquerade: bool },
    Reject,
    Drop,
    NoMatch,
}

impl FastVerdict {
    pub fn to_verdict(self) -> Verdict {
        match self {
            FastVerdict::Dnat { ip, port, masquerade } => Verdict::Dnat {
                ip: ip.to_string(),
                port,
                masquerade,
            },
            FastVerdict::Reject => Verdict::Reject,
            FastVerdict::Drop => Verdict::Drop,
            FastVerdict::NoMatch => Verdict::NoMatch,
        }
    }
}

/// A connection's first packet with integer addresses.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct FastPacket {
    pub src: Ipv4,
    pub dst: Ipv4,
    pub dst_port: u16,
    pub protocol: Protocol,
    pub src_is_local: bool,
    pub dst_is_local: bool,
}

impl FastPacket {
    /// `None` when an address is not IPv4 (the evaluators never match such packets).
    pub fn parse(packet: &Packet) -> Option<FastPacket> {
        Some(FastPacket {
            src: Ipv4::parse(&packet.src_ip)?,
            dst: Ipv4::parse(&packet.dst_ip)?,
            dst_port: packet.dst_port,
            protocol: packet.protocol,
            src_is_local: packet.src_is_local,
            dst_is_local: packet.dst_is_local,
        })
    }

    fn to_packet(self) -> Packet {
        Packet {
            src_ip: self.src.to_string(),
            dst_ip: self.dst.to_string(),
            dst_port: self.dst_port,
            protocol: self.protocol,
            src_is_local: self.src_is_local,
            dst_is_local: self.dst_is_local,
        }
    }
}

/// What the router decided for one connection. [`Router::trace`] turns it into the walk; a
/// decision is valid until the router routes again (the memo may start afresh then).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Decision {
    pub verdict: FastVerdict,
    at: At,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum At {
    Leaf(u32),
    Ipvs(Option<Picked>),
}

/// One question in the diagram, or a leaf. Children are node indices.
#[derive(Clone, Debug)]
enum Node {
    Unexplored,
    Leaf(u32),
    Statistic {
        probability: u32,
        yes: u32,
        no: u32,
    },
    /// Children are `first..first + modulus` (one node per drawn number).
    Numgen {
        modulus: u32,
        first: u32,
    },
    Affinity {
        name: u32,
        yes: u32,
        no: u32,
    },
}

/// An answer the oracle gave, in order, on the way down.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Answer {
    Bool(bool),
    Number(usize),
}

#[derive(Clone, Debug)]
enum Question {
    Statistic(u32),
    Numgen(usize),
    Affinity(String),
}

#[derive(Clone, Debug)]
struct Leaf {
    verdict: FastVerdict,
    /// The walk, shared by every connection that ends here (cloning it is a refcount).
    steps: Arc<[TraceStep]>,
    affinity_updates: Vec<String>,
}

/// Beyond this many diagram nodes the memo starts afresh (a bound on memory, not on speed).
const MAX_NODES: usize = 1 << 20;

#[derive(Clone, Debug, Default)]
struct Memo {
    roots: FastMap<FastPacket, u32>,
    nodes: Vec<Node>,
    leaves: Vec<Leaf>,
    names: Vec<String>,
    /// The answers on the current way down (reused between calls).
    path: Vec<Answer>,
}

/// Replays the answers already given on the way down, then asks the caller's oracle and
/// records each new question with its answer.
struct Replay<'a, O: Oracle + ?Sized> {
    given: &'a [Answer],
    next: usize,
    real: &'a mut O,
    asked: Vec<(Question, Answer)>,
}

impl<O: Oracle + ?Sized> Replay<'_, O> {
    fn replayed(&mut self) -> Option<Answer> {
        let a = self.given.get(self.next).copied();
        if a.is_some() {
            self.next += 1;
        }
        a
    }
}

impl<O: Oracle + ?Sized> Oracle for Replay<'_, O> {
    fn statistic(&mut self, probability: u32) -> bool {
        if let Some(Answer::Bool(b)) = self.replayed() {
            return b;
        }
        let b = self.real.statistic(probability);
        self.asked
            .push((Question::Statistic(probability), Answer::Bool(b)));
        b
    }

    fn numgen(&mut self, modulus: usize) -> usize {
        if let Some(Answer::Number(n)) = self.replayed() {
            return n;
        }
        let n = self.real.numgen(modulus);
        self.asked.push((Question::Numgen(modulus), Answer::Number(n)));
        n
    }

    fn affinity(&mut self, name: &str) -> bool {
        if let Some(Answer::Bool(b)) = self.replayed() {
            return b;
        }
        let b = self.real.affinity(name);
        self.asked
            .push((Question::Affinity(name.to_string()), Answer::Bool(b)));
        b
    }
}

impl Memo {
    fn push(&mut self, node: Node) -> u32 {
        self.nodes.push(node);
        (self.nodes.len() - 1) as u32
    }

    fn intern(&mut self, name: &str) -> u32 {
        match self.names.iter().position(|n| n == name) {
            Some(i) => i as u32,
            None => {
                self.names.push(name.to_string());
                (self.names.len() - 1) as u32
            }
        }
    }

    fn route<O: Oracle + ?Sized>(
        &mut self,
        packet: FastPacket,
        oracle: &mut O,
        walk: &dyn Fn(&Packet, &mut dyn Oracle) -> Trace,
    ) -> Decision {
        if self.nodes.len() > MAX_NODES {
            self.roots.clear();
            self.nodes.clear();
            self.leaves.clear();
        }
        let mut node = match self.roots.get(&packet) {
            Some(&n) => n,
            None => {
                let n = self.push(Node::Unexplored);
                self.roots.insert(packet, n);
                n
            }
        };
        self.path.clear();
        while let Some(current) = self.nodes.get(node as usize) {
            match *current {
                Node::Leaf(leaf) => {
                    let verdict = self
                        .leaves
                        .get(leaf as usize)
                        .map_or(FastVerdict::NoMatch, |l| l.verdict);
                    return Decision {
                        verdict,
                        at: At::Leaf(leaf),
                    };
                }
                Node::Statistic { probability, yes, no } => {
                    let b = oracle.statistic(probability);
                    self.path.push(Answer::Bool(b));
                    node = if b { yes } else { no };
                }
                Node::Numgen { modulus, first } => {
                    let n = oracle.numgen(modulus as usize);
                    self.path.push(Answer::Number(n));
                    node = first + (n as u32).min(modulus.saturating_sub(1));
                }
                Node::Affinity { name, yes, no } => {
                    let b = match self.names.get(name as usize) {
                        Some(name) => oracle.affinity(name),
                        None => false,
                    };
                    self.path.push(Answer::Bool(b));
                    node = if b { yes } else { no };
                }
                Node::Unexplored => return self.explore(packet, node, oracle, walk),
            }
        }
        Decision {
            verdict: FastVerdict::NoMatch,
            at: At::Ipvs(None),
        }
    }

    /// Runs the evaluator down the path taken so far and grows the diagram by what it asked.
    fn explore<O: Oracle + ?Sized>(
        &mut self,
        packet: FastPacket,
        mut node: u32,
        oracle: &mut O,
        walk: &dyn Fn(&Packet, &mut dyn Oracle) -> Trace,
    ) -> Decision {
        let path = std::mem::take(&mut self.path);
        let mut replay = Replay {
            given: &path,
            next: 0,
            real: oracle,
            asked: Vec::new(),
        };
        let trace = walk(&packet.to_packet(), &mut replay);
        let asked = std::mem::take(&mut replay.asked);
        self.path = path;
        for (question, answer) in asked {
            let (grown, next) = match (question, answer) {
                (Question::Statistic(probability), Answer::Bool(b)) => {
                    let (yes, no) = (self.push(Node::Unexplored), self.push(Node::Unexplored));
                    (Node::Statistic { probability, yes, no }, if b { yes } else { no })
                }
                (Question::Affinity(name), Answer::Bool(b)) => {
                    let name = self.intern(&name);
                    let (yes, no) = (self.push(Node::Unexplored), self.push(Node::Unexplored));
                    (Node::Affinity { name, yes, no }, if b { yes } else { no })
                }
                (Question::Numgen(modulus), Answer::Number(n)) => {
                    let modulus = modulus.clamp(1, u32::MAX as usize) as u32;
                    let first = self.nodes.len() as u32;
                    for _ in 0..modulus {
                        self.push(Node::Unexplored);
                    }
                    (
                        Node::Numgen { modulus, first },
                        first + (n as u32).min(modulus - 1),
                    )
                }
                _ => break,
            };
            if let Some(slot) = self.nodes.get_mut(node as usize) {
                *slot = grown;
            }
            node = next;
        }
        let verdict = fast_verdict(&trace.verdict);
        self.leaves.push(Leaf {
            verdict,
            steps: trace.steps.into(),
            affinity_updates: trace.affinity_updates,
        });
        let leaf = (self.leaves.len() - 1) as u32;
        if let Some(slot) = self.nodes.get_mut(node as usize) {
            *slot = Node::Leaf(leaf);
        }
        Decision {
            verdict,
            at: At::Leaf(leaf),
        }
    }
}

fn fast_verdict(v: &Verdict) -> FastVerdict {
    match v {
        Verdict::Dnat { ip, port, masquerade } => match Ipv4::parse(ip) {
            Some(ip) => FastVerdict::Dnat {
                ip,
                port: *port,
                masquerade: *masquerade,
            },
            None => FastVerdict::NoMatch,
        },
        Verdict::Reject => FastVerdict::Reject,
        Verdict::Drop => FastVerdict::Drop,
        Verdict::NoMatch => FastVerdict::NoMatch,
    }
}

#[derive(Clone, Debug)]
enum Compiled {
    Iptables(Box<Ruleset>),
    Nftables(Box<NftTable>),
    Ipvs(Box<ipvs::Compiled>),
}

/// One node's rules in one mode, compiled (see the module docs). Build it once per sync.
#[derive(Clone, Debug)]
pub struct Router {
    mode: ProxyMode,
    /// Never changed once built: a clone of the router (a rewind snapshot of the cluster)
    /// shares it.
    compiled: std::rc::Rc<Compiled>,
    memo: Memo,
}

impl Router {
    pub fn new(mode: ProxyMode, input: &ProxyInput) -> Router {
        let compiled = match mode {
            ProxyMode::Iptables => Compiled::Iptables(Box::new(iptables::build_ruleset(input))),
            ProxyMode::Nftables => Compiled::Nftables(Box::new(nftables::build_table(input))),
            ProxyMode::Ipvs => Compiled::Ipvs(Box::new(ipvs::Compiled::new(input))),
        };
        Router {
            mode,
            compiled: std::rc::Rc::new(compiled),
            memo: Memo::default(),
        }
    }

    pub fn mode(&self) -> ProxyMode {
        self.mode
    }

    /// Decides a new connection. `oracle` answers exactly the questions the evaluator of the
    /// mode would ask, in the same order; `ipvs` is the kernel's IPVS memory (IPVS mode only).
    pub fn route<O: Oracle + ?Sized>(
        &mut self,
        packet: FastPacket,
        oracle: &mut O,
        ipvs: &mut IpvsState,
    ) -> Decision {
        match &*self.compiled {
            Compiled::Iptables(ruleset) => {
                let ruleset: &Ruleset = ruleset;
                self.memo
                    .route(packet, oracle, &|p, o| iptables::evaluate_with(ruleset, p, o))
            }
            Compiled::Nftables(table) => {
                let table: &NftTable = table;
                self.memo
                    .route(packet, oracle, &|p, o| nftables::evaluate_with(table, p, o))
            }
            Compiled::Ipvs(c) => {
                let (verdict, picked) =
                    c.route(packet.src, packet.dst, packet.dst_port, packet.protocol, ipvs);
                Decision {
                    verdict,
                    at: At::Ipvs(picked),
                }
            }
        }
    }

    /// The affinity lists (iptables `recent --set`, nftables `update @set`) the decided
    /// connection wrote, for the caller's connection memory.
    pub fn affinity_updates(&self, decision: &Decision) -> &[String] {
        match decision.at {
            At::Leaf(leaf) => self
                .memo
                .leaves
                .get(leaf as usize)
                .map_or(&[][..], |l| l.affinity_updates.as_slice()),
            At::Ipvs(_) => &[],
        }
    }

    /// The walk of a decided connection: every rule that matched, as the mode prints it.
    pub fn trace(&self, decision: &Decision) -> Trace {
        Trace {
            steps: self.steps(decision).to_vec(),
            verdict: decision.verdict.to_verdict(),
            affinity_updates: self.affinity_updates(decision).to_vec(),
        }
    }

    /// The walk's steps, shared: materialising them costs a refcount for iptables and
    /// nftables (the memo holds them) and two short lines for IPVS.
    pub fn steps(&self, decision: &Decision) -> Arc<[TraceStep]> {
        match (decision.at, &*self.compiled) {
            (At::Leaf(leaf), _) => self
                .memo
                .leaves
                .get(leaf as usize)
                .map_or_else(|| Arc::from(Vec::new()), |l| l.steps.clone()),
            (At::Ipvs(Some(picked)), Compiled::Ipvs(c)) => c.steps(picked).into(),
            _ => Arc::from(Vec::new()),
        }
    }
}

#[cfg(test)]
mod tests {
    //! The compiled router agrees with the evaluators on the rendered rules: same verdict,
    //! same walk, same affinity writes and the same number of draws, over random clusters.

    use std::collections::BTreeMap;

    use proptest::prelude::*;

    use super::*;
    use crate::proxy::tests::Lcg;
    use crate::proxy::{Endpoint, ServicePort, TrafficPolicy};

    const NODES: [&str; 3] = ["n1", "n2", "n3"];
    const NODE_IPS: [&str; 3] = ["172.18.0.2", "172.18.0.3", "172.18.0.4"];
    const CLUSTER_IPS: [&str; 4] = ["10.96.0.10", "10.96.45.12", "10.96.7.7", "10.96.200.1"];
    const EXTRA_IPS: [&str; 2] = ["203.0.113.5", "198.51.100.9"];
    const POD_IPS: [&str; 8] = [
        "10.244.0.5",
        "10.244.1.5",
        "10.244.1.9",
        "10.244.2.7",
        "10.244.2.10",
        "10.244.3.9",
        "10.244.1.250",
        "10.244.0.3",
    ];
    const CLIENTS: [&str; 4] = ["10.244.1.250", "172.18.0.1", "192.168.1.20", "127.0.0.1"];

    fn policy(local: bool) -> TrafficPolicy {
        if local {
            TrafficPolicy::Local
        } else {
            TrafficPolicy::Cluster
        }
    }

    fn endpoint() -> impl Strategy<Value = Endpoint> {
        (
            0..POD_IPS.len(),
            prop_oneof![Just(8080u16), Just(80), Just(53)],
            0..3usize,
            any::<(bool, bool, bool)>(),
        )
            .prop_map(|(ip, port, node, (ready, serving, terminating))| Endpoint {
                ip: POD_IPS[ip].into(),
                port,
                node_name: NODES[node].into(),
                // Ready endpoints are serving; the others may be serving while terminating.
                ready,
                serving: serving || ready,
                terminating: terminating && !ready,
            })
    }

    prop_compose! {
        fn service_port(i: usize)(
            cip in 0..CLUSTER_IPS.len(),
            port in prop_oneof![Just(80u16), Just(443), Just(53)],
            udp in any::<bool>(),
            node_port in proptest::option::of(prop_oneof![Just(30080u16), Just(30443)]),
            external in proptest::option::of(0..EXTRA_IPS.len()),
            lb in proptest::option::of(0..EXTRA_IPS.len()),
            affinity in proptest::option::of(prop_oneof![Just(10_800u32), Just(30)]),
            etp in any::<bool>(),
            itp in any::<bool>(),
            endpoints in proptest::collection::vec(endpoint(), 0..7),
        ) -> ServicePort {
            ServicePort {
                namespace: "default".into(),
                service: format!("svc-{i}"),
                port_name: if i % 2 == 0 { "http".into() } else { String::new() },
                protocol: if udp { Protocol::Udp } else { Protocol::Tcp },
                cluster_ip: Some(CLUSTER_IPS[cip].into()),
                port,
                node_port,
                load_balancer_ips: lb.map(|i| EXTRA_IPS[i].to_string()).into_iter().collect(),
                external_ips: external.map(|i| EXTRA_IPS[i].to_string()).into_iter().collect(),
                session_affinity_timeout: affinity,
                external_traffic_policy: policy(etp),
                internal_traffic_policy: policy(itp),
                endpoints,
            }
        }
    }

    prop_compose! {
        fn proxy_input()(
            node in 0..3usize,
            cidr in prop_oneof![Just("10.244.0.0/16"), Just("")],
            a in service_port(0), b in service_port(1), c in service_port(2),
            count in 1..=3usize,
        ) -> ProxyInput {
            ProxyInput {
                node_name: NODES[node].into(),
                node_ip: NODE_IPS[node].into(),
                cluster_cidr: cidr.into(),
                service_ports: [a, b, c].into_iter().take(count).collect(),
            }
        }
    }

    fn packets(input: &ProxyInput) -> impl Strategy<Value = Vec<Packet>> {
        let mut dsts: Vec<(String, u16)> = Vec::new();
        for sp in &input.service_ports {
            let cip = sp.cluster_ip.clone().unwrap_or_default();
            dsts.push((cip, sp.port));
            for ip in sp.external_ips.iter().chain(&sp.load_balancer_ips) {
                dsts.push((ip.clone(), sp.port));
            }
            if let Some(np) = sp.node_port {
                dsts.push((input.node_ip.clone(), np));
            }
        }
        dsts.push(("10.96.99.99".into(), 80));
        let sources: Vec<String> = CLIENTS
            .iter()
            .chain(POD_IPS.iter())
            .map(|s| s.to_string())
            .chain(std::iter::once(input.node_ip.clone()))
            .collect();
        let node_ip = input.node_ip.clone();
        let one = (
            proptest::sample::select(dsts),
            proptest::sample::select(sources),
            any::<(bool, bool, bool)>(),
        )
            .prop_map(move |((dst, port), src, (udp, src_local, pick_tcp))| Packet {
                src_is_local: src_local,
                dst_is_local: dst == node_ip,
                src_ip: src,
                dst_ip: dst,
                dst_port: port,
                protocol: if udp && !pick_tcp {
                    Protocol::Udp
                } else {
                    Protocol::Tcp
                },
            });
        proptest::collection::vec(one, 1..40)
    }

    /// The same affinity memory on both sides: a list remembers the source when a seeded
    /// hash of the pair says so.
    fn remembered(seed: u64, name: &str) -> bool {
        let mut h = FxHasher(seed);
        h.write(name.as_bytes());
        h.finish() % 3 == 0
    }

    fn check_agreement(
        mode: ProxyMode,
        input: &ProxyInput,
        packets: &[Packet],
        seed: u64,
    ) -> Result<(), TestCaseError> {
        let mut router = Router::new(mode, input);
        let mut fast_ipvs = IpvsState::default();
        let mut slow_ipvs: BTreeMap<String, usize> = BTreeMap::new();
        let text = crate::proxy::render(ProxyMode::Iptables, input);
        // iptables: the reference walks the rules parsed back from the printed text.
        let parsed =
            iptables::parse_iptables_save(&text).map_err(|e| TestCaseError::fail(format!("{e:?}")))?;
        let table = nftables::build_table(input);
        let (mut fast_rng, mut slow_rng) = (Lcg(seed), Lcg(seed));
        for (i, packet) in packets.iter().enumerate() {
            let affinity_seed = seed ^ i as u64;
            let affinity = |name: &str| remembered(affinity_seed, name);
            let expected = {
                let mut draw = || slow_rng.next_f64();
                match mode {
                    ProxyMode::Iptables => iptables::evaluate(&parsed, packet, &mut draw, &affinity),
                    ProxyMode::Nftables => nftables::evaluate(&table, packet, &mut draw, &affinity),
                    ProxyMode::Ipvs => ipvs::route(input, packet, &mut slow_ipvs),
                }
            };
            let Some(fast) = FastPacket::parse(packet) else {
                prop_assert_eq!(&expected.verdict, &Verdict::NoMatch);
                continue;
            };
            let mut draw = || fast_rng.next_f64();
            let mut oracle = crate::proxy::DrawOracle {
                draw: &mut draw,
                affinity: &affinity,
            };
            let decision = router.route(fast, &mut oracle, &mut fast_ipvs);
            let got = router.trace(&decision);
            prop_assert_eq!(
                &decision.verdict.to_verdict(),
                &expected.verdict,
                "{:?} packet {} {:?}",
                mode,
                i,
                packet
            );
            prop_assert_eq!(&got, &expected, "{:?} packet {} {:?}", mode, i, packet);
            prop_assert_eq!(
                router.affinity_updates(&decision),
                expected.affinity_updates.as_slice()
            );
            prop_assert_eq!(
                fast_rng.0,
                slow_rng.0,
                "{:?}: the same draws, in the same number",
                mode
            );
        }
        Ok(())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(160))]

        #[test]
        fn proxy_fast_router_agrees_with_the_rendered_rules(
            (input, packets) in proxy_input().prop_flat_map(|i| { let p = packets(&i); (Just(i), p) }),
            seed in any::<u64>(),
        ) {
            for mode in [ProxyMode::Iptables, ProxyMode::Ipvs, ProxyMode::Nftables] {
                check_agreement(mode, &input, &packets, seed)?;
            }
        }
    }

    /// The common case the benchmark measures, checked outcome by outcome: every endpoint of
    /// a 100-endpoint Service is reached through the memo, and a repeat of the same draws
    /// gives the same endpoint.
    #[test]
    fn proxy_fast_router_reaches_every_endpoint_of_a_large_service() {
        let mut sp = crate::proxy::tests::svc("default", "web", "http", "10.96.45.12", 80);
        sp.endpoints = (0..100)
            .map(|i| crate::proxy::tests::ep(&format!("10.244.{}.{}", i % 3, 10 + i), 8080, NODES[i % 3]))
            .collect();
        let input = crate::proxy::tests::node("n1", "172.18.0.2", vec![sp]);
        let packet = crate::proxy::tests::packet("10.244.1.250", "10.96.45.12", 80, Protocol::Tcp);
        for mode in [ProxyMode::Iptables, ProxyMode::Ipvs, ProxyMode::Nftables] {
            let mut router = Router::new(mode, &input);
            let mut ipvs = IpvsState::default();
            let mut rng = Lcg(7);
            let mut hits = std::collections::BTreeSet::new();
            for _ in 0..3_000 {
                let mut draw = || rng.next_f64();
                let mut oracle = crate::proxy::DrawOracle {
                    draw: &mut draw,
                    affinity: &crate::proxy::tests::never,
                };
                let fast = FastPacket::parse(&packet).unwrap();
                if let FastVerdict::Dnat { ip, .. } = router.route(fast, &mut oracle, &mut ipvs).verdict {
                    hits.insert(ip);
                }
            }
            assert_eq!(hits.len(), 100, "{mode:?}");
        }
    }
}
