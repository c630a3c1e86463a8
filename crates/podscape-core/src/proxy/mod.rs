//! kube-proxy as data: the exact rules each proxy mode programs on one node, their text as the
//! node's own tools print it, and the packet walk through those same rules.
//!
//! Every mode follows one shape. A builder mirrors kube-proxy's `syncProxyRules` and turns a
//! [`ProxyInput`] (what kube-proxy learns from Services and EndpointSlices) into typed data; a
//! renderer prints that data byte for byte as `iptables-save`, `ipvsadm -Ln` or
//! `nft list table` would; an evaluator walks a [`Packet`] through the same data, so what a
//! learner reads is exactly what routed the packet. Randomness (iptables `statistic`, nftables
//! `numgen`) comes from the caller's `draw`, and the kernel's connection memory (`recent` lists,
//! affinity sets, the IPVS round-robin cursor) from the caller's state, so a run is reproducible.
//!
//! Sources: `pkg/proxy/{iptables,ipvs,nftables}/proxier.go` and `pkg/proxy/topology.go` in
//! kubernetes/kubernetes (v1.31–v1.33), iptables 1.8 (`iptables-save`, libxt_*), ipvsadm 1.31
//! and nftables 1.0; see `/work/shared/docs/kubernetes-semantics.md` §3–§4.

use std::collections::BTreeMap;

pub mod fast;
pub mod iptables;
pub mod ipvs;
pub mod nftables;
mod policy;

#[cfg(test)]
mod golden;

pub use crate::api::addr::{Cidr, Ipv4};
pub use policy::service_port_name;

/// A Service port's protocol. Chain-name hashes use the lowercase form (`tcp`), `ipvsadm` the
/// uppercase one (`TCP`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Protocol {
    Tcp,
    Udp,
    Sctp,
}

impl Protocol {
    /// `strings.ToLower(string(protocol))`, as kube-proxy hashes it and iptables prints it.
    pub fn as_lower(self) -> &'static str {
        match self {
            Protocol::Tcp => "tcp",
            Protocol::Udp => "udp",
            Protocol::Sctp => "sctp",
        }
    }

    /// The Kubernetes API spelling, which is also what `ipvsadm` prints.
    pub fn as_upper(self) -> &'static str {
        match self {
            Protocol::Tcp => "TCP",
            Protocol::Udp => "UDP",
            Protocol::Sctp => "SCTP",
        }
    }

    /// The IP protocol number: IPVS sorts virtual services by it, nftables stores it in keys.
    pub(crate) fn number(self) -> u8 {
        match self {
            Protocol::Tcp => 6,
            Protocol::Udp => 17,
            Protocol::Sctp => 132,
        }
    }

    pub(crate) fn from_lower(s: &str) -> Option<Protocol> {
        match s {
            "tcp" => Some(Protocol::Tcp),
            "udp" => Some(Protocol::Udp),
            "sctp" => Some(Protocol::Sctp),
            _ => None,
        }
    }
}

/// `externalTrafficPolicy` / `internalTrafficPolicy`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum TrafficPolicy {
    #[default]
    Cluster,
    Local,
}

/// One EndpointSlice endpoint for one Service port, with its resolved target port.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Endpoint {
    pub ip: String,
    pub port: u16,
    pub node_name: String,
    pub ready: bool,
    pub serving: bool,
    pub terminating: bool,
}

/// One Service port: kube-proxy programs rules per service port, not per Service.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServicePort {
    pub namespace: String,
    pub service: String,
    /// `""` when the port is unnamed (only allowed for single-port Services).
    pub port_name: String,
    pub protocol: Protocol,
    /// `None` for headless Services, which get no rules at all.
    pub cluster_ip: Option<String>,
    pub port: u16,
    pub node_port: Option<u16>,
    pub load_balancer_ips: Vec<String>,
    pub external_ips: Vec<String>,
    /// `Some(10800)` for `sessionAffinity: ClientIP` with the default timeout.
    pub session_affinity_timeout: Option<u32>,
    pub external_traffic_policy: TrafficPolicy,
    pub internal_traffic_policy: TrafficPolicy,
    pub endpoints: Vec<Endpoint>,
}

/// Everything kube-proxy on one node needs to compute its rules.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProxyInput {
    pub node_name: String,
    pub node_ip: String,
    /// `--cluster-cidr`, e.g. `10.244.0.0/16`; unparsable means "unknown", as when the flag is
    /// unset (then kube-proxy writes no "masquerade off-cluster traffic" rules).
    pub cluster_cidr: String,
    pub service_ports: Vec<ServicePort>,
}

/// `kube-proxy --proxy-mode`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ProxyMode {
    Iptables,
    Ipvs,
    Nftables,
}

impl ProxyMode {
    /// The command whose output [`render`] reproduces.
    pub fn render_command(self) -> &'static str {
        match self {
            ProxyMode::Iptables => "iptables-save",
            ProxyMode::Ipvs => "ipvsadm -Ln",
            ProxyMode::Nftables => "nft list table ip kube-proxy",
        }
    }
}

/// The first packet of a new connection, as netfilter sees it on this node.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Packet {
    pub src_ip: String,
    pub dst_ip: String,
    pub dst_port: u16,
    pub protocol: Protocol,
    /// The packet was generated on this node (host network): it takes the OUTPUT path and
    /// matches `--src-type LOCAL` / `fib saddr type local`.
    pub src_is_local: bool,
    /// The destination is one of this node's addresses (`--dst-type LOCAL`), e.g. a NodePort.
    pub dst_is_local: bool,
}

/// One rule that matched, in the order the kernel evaluated it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TraceStep {
    /// `nat`, `filter`, `kube-proxy` (nftables table) or `ipvs`.
    pub table: String,
    pub chain: String,
    /// 1-based position in the chain, as `iptables -L --line-numbers` counts.
    pub index: usize,
    /// The rule exactly as the mode's listing prints it.
    pub rule: String,
}

/// What happened to the packet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Destination rewritten to a backend; `masquerade` when the source is SNATed on the way out.
    Dnat { ip: String, port: u16, masquerade: bool },
    /// ICMP port unreachable: the client sees "connection refused".
    Reject,
    /// Silently dropped: the client sees a timeout.
    Drop,
    /// Not a service address: the packet goes on unchanged.
    NoMatch,
}

/// The walk of one packet: every matching rule and the outcome.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Trace {
    pub steps: Vec<TraceStep>,
    pub verdict: Verdict,
    /// Affinity memories the packet wrote (`recent --set` list names, nftables affinity sets):
    /// the caller records the packet's source under each, so later `affinity` lookups see it.
    pub affinity_updates: Vec<String>,
}

impl Trace {
    pub(crate) fn no_match() -> Trace {
        Trace {
            steps: Vec::new(),
            verdict: Verdict::NoMatch,
            affinity_updates: Vec::new(),
        }
    }
}

/// The node's rules for `mode`, printed as [`ProxyMode::render_command`] prints them.
pub fn render(mode: ProxyMode, input: &ProxyInput) -> String {
    match mode {
        ProxyMode::Iptables => iptables::iptables_save(&iptables::build_ruleset(input)),
        ProxyMode::Ipvs => ipvs::ipvsadm_ln(input),
        ProxyMode::Nftables => nftables::nft_list_table(input),
    }
}

/// Routes `packet` through the rules `mode` programs for `input`.
///
/// `draw` yields uniform numbers in `[0, 1)` from the caller's seeded RNG; `affinity(name)` says
/// whether the packet's source is remembered in the named affinity list (iptables `recent` list
/// or nftables affinity set); `ipvs_state` holds the IPVS round-robin cursors and persistence
/// templates between calls (only IPVS mode touches it).
pub fn route(
    mode: ProxyMode,
    input: &ProxyInput,
    packet: &Packet,
    draw: &mut impl FnMut() -> f64,
    affinity: &dyn Fn(&str) -> bool,
    ipvs_state: &mut BTreeMap<String, usize>,
) -> Trace {
    match mode {
        ProxyMode::Iptables => iptables::evaluate(&iptables::build_ruleset(input), packet, draw, affinity),
        ProxyMode::Ipvs => ipvs::route(input, packet, ipvs_state),
        ProxyMode::Nftables => nftables::evaluate(&nftables::build_table(input), packet, draw, affinity),
    }
}

/// Where the kernel's run-time answers come from while a packet walks the rules: random draws
/// (`-m statistic`, `numgen`) and connection memory (`recent` lists, affinity sets). The
/// evaluators ask in kernel order; [`fast::Router`] memoises the walk around these questions.
pub trait Oracle {
    /// `-m statistic --mode random --probability P` (P as a fraction of 2^31): does it match?
    fn statistic(&mut self, probability: u32) -> bool;
    /// `numgen random mod N`: the number drawn, in `0..N` (one draw even when N is 0).
    fn numgen(&mut self, modulus: usize) -> usize;
    /// Is the packet's source remembered in this `recent` list / affinity set?
    fn affinity(&mut self, name: &str) -> bool;
}

/// The [`Oracle`] of a uniform draw in `[0, 1)` and an affinity predicate.
pub struct DrawOracle<'a, D: FnMut() -> f64> {
    pub draw: &'a mut D,
    pub affinity: &'a dyn Fn(&str) -> bool,
}

impl<D: FnMut() -> f64> Oracle for DrawOracle<'_, D> {
    fn statistic(&mut self, probability: u32) -> bool {
        // xt_statistic: `(get_random_u32() & 0x7FFFFFFF) < probability`.
        let r = (clamp_draw((self.draw)()) * 2_147_483_648.0) as u32;
        r < probability
    }

    fn numgen(&mut self, modulus: usize) -> usize {
        // nft_numgen: `reciprocal_scale(get_random_u32(), modulus)`.
        let r = (clamp_draw((self.draw)()) * 4_294_967_296.0) as u64;
        ((u128::from(r) * modulus as u128) >> 32) as usize
    }

    fn affinity(&mut self, name: &str) -> bool {
        (self.affinity)(name)
    }
}

/// Maps a caller's draw onto `[0, 1)` whatever it returned, so a bad RNG cannot make the
/// kernel arithmetic below overflow or panic.
pub(crate) fn clamp_draw(x: f64) -> f64 {
    if x.is_finite() {
        x.clamp(0.0, 1.0 - f64::EPSILON / 2.0)
    } else {
        0.0
    }
}

#[cfg(test)]
mod tests;
