//! kube-proxy's IPVS mode (`pkg/proxy/ipvs/proxier.go`): one virtual server per service
//! address and port with round-robin real servers, the `kube-ipvs0` dummy interface holding
//! the service addresses, and the listings `ipvsadm -Ln` and `ip addr show kube-ipvs0` print.
//!
//! Not modelled: the iptables/ipset rules IPVS mode also installs (`KUBE-CLUSTER-IP`,
//! `KUBE-NODE-PORT-TCP`, `KUBE-LOOP-BACK`, ...). [`route`] applies their masquerade decisions
//! directly; they are not printed. NodePort virtual servers are bound to the node IP only (a
//! real node also binds every other local address), and connection counters are always 0.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::api::addr::{Cidr, Ipv4};
use crate::proxy::policy::{prefix_bytes, service_views, sha256_bytes};
use crate::proxy::{Packet, Protocol, ProxyInput, Trace, TraceStep, Verdict};

/// What kind of service address a virtual server stands for; it decides masquerading.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    ClusterIp,
    /// NodePort, external IP or load-balancer IP.
    External,
}

/// One IPVS virtual service and its real servers in kernel order (the order kube-proxy added
/// them: `sets.String.List()`, i.e. sorted as strings), which is the round-robin order.
#[derive(Clone, Debug)]
struct VirtualServer {
    protocol: Protocol,
    addr: Ipv4,
    port: u16,
    persistent: Option<u32>,
    dests: Vec<(Ipv4, u16)>,
    kind: Kind,
    external_local: bool,
}

impl VirtualServer {
    /// The state key for this service's round-robin cursor: `TCP 10.96.45.12:80`.
    fn key(&self) -> String {
        format!("{} {}:{}", self.protocol.as_upper(), self.addr, self.port)
    }

    /// `printf("%s %s", svc_name, sched)` where svc_name is `"%-4s %s"` cut to 33 bytes.
    fn line(&self) -> String {
        let name = format!("{:<4} {}:{}", self.protocol.as_upper(), self.addr, self.port);
        let mut line = format!("{} rr", prefix_bytes(&name, 33));
        if let Some(timeout) = self.persistent {
            let _ = write!(line, " persistent {timeout}");
        }
        line
    }
}

/// `printf("  -> %-28s %-7s %-6d %-10u %-10u\n", ...)`: trailing spaces included, as printed.
fn dest_line(ip: Ipv4, port: u16) -> String {
    let name = format!("{ip}:{port}");
    format!(
        "  -> {:<28} {:<7} {:<6} {:<10} {:<10}",
        prefix_bytes(&name, 28),
        "Masq",
        1,
        0,
        0
    )
}

/// The virtual servers kube-proxy creates, in creation order.
fn virtual_servers(input: &ProxyInput) -> Vec<VirtualServer> {
    let node_ip = Ipv4::parse(&input.node_ip);
    let mut out: Vec<VirtualServer> = Vec::new();
    for view in service_views(input) {
        let cat = view.categorize();
        // syncEndpoint: with `onlyNodeLocalEndpoints` use local endpoints, or cluster ones
        // when there are none locally so pods on this node can still connect (PR #97081).
        let dests = |only_local: bool| -> Vec<(Ipv4, u16)> {
            let pick = if only_local && !cat.local.is_empty() {
                &cat.local
            } else {
                &cat.cluster
            };
            pick.iter()
                .filter_map(|&i| view.endpoints.get(i))
                .map(|e| (e.ip, e.port))
                .collect()
        };
        let mut add = |addr: Ipv4, port: u16, kind: Kind, only_local: bool| {
            let protocol = view.protocol();
            if out
                .iter()
                .any(|v| v.protocol == protocol && v.addr == addr && v.port == port)
            {
                return;
            }
            out.push(VirtualServer {
                protocol,
                addr,
                port,
                persistent: view.affinity(),
                dests: dests(only_local),
                kind,
                external_local: view.external_local,
            });
        };
        add(
            view.cluster_ip,
            view.port.port,
            Kind::ClusterIp,
            view.internal_local,
        );
        for &ip in view.external_ips.iter().chain(view.lb_ips.iter()) {
            add(ip, view.port.port, Kind::External, view.external_local);
        }
        if let (Some(node_port), Some(node_ip)) = (view.node_port, node_ip) {
            add(node_ip, node_port, Kind::External, view.external_local);
        }
    }
    out
}

/// libipvs' comparisons subtract unsigned addresses into an `int`, so addresses more than
/// 2^31 apart compare "backwards": a NodePort on 192.168.x.x lists before 10.96.x.x
/// ClusterIPs, exactly as on real nodes.
fn wrapping_cmp(a: u32, b: u32) -> i32 {
    a.wrapping_sub(b) as i32
}

/// `ipvs_cmp_services`: fwmark and family are equal here; then protocol, address, port.
fn cmp_services(a: &VirtualServer, b: &VirtualServer) -> i32 {
    let r = i32::from(a.protocol.number()) - i32::from(b.protocol.number());
    if r != 0 {
        return r;
    }
    let r = wrapping_cmp(a.addr.0, b.addr.0);
    if r != 0 {
        return r;
    }
    i32::from(a.port) - i32::from(b.port)
}

/// `ipvs_cmp_dests`: address, then port.
fn cmp_dests(a: &(Ipv4, u16), b: &(Ipv4, u16)) -> i32 {
    let r = wrapping_cmp(a.0 .0, b.0 .0);
    if r != 0 {
        return r;
    }
    i32::from(a.1) - i32::from(b.1)
}

/// glibc's `qsort` (its top-down merge sort, `msort_with_tmp`). The comparator above is not
/// a total order, so the algorithm matters; Rust's own sorts may also panic on such input.
fn glibc_msort<T: Clone>(items: &mut [T], cmp: &dyn Fn(&T, &T) -> i32) {
    let n = items.len();
    if n <= 1 {
        return;
    }
    let n1 = n / 2;
    let (left, right) = items.split_at_mut(n1);
    glibc_msort(left, cmp);
    glibc_msort(right, cmp);
    let mut merged: Vec<T> = Vec::with_capacity(n);
    let (mut i, mut j) = (0, 0);
    while let (Some(a), Some(b)) = (left.get(i), right.get(j)) {
        if cmp(a, b) <= 0 {
            merged.push(a.clone());
            i += 1;
        } else {
            merged.push(b.clone());
            j += 1;
        }
    }
    merged.extend(left.iter().skip(i).cloned());
    merged.extend(right.iter().skip(j).cloned());
    for (slot, value) in items.iter_mut().zip(merged) {
        *slot = value;
    }
}

/// The virtual servers in `ipvsadm -Ln` order. The kernel hands them over in hash-bucket
/// order (seeded by a kernel pointer); creation order stands in for it, which only matters
/// when the comparator above is cyclic over the addresses at hand.
fn listing_order(input: &ProxyInput) -> Vec<VirtualServer> {
    let mut vss = virtual_servers(input);
    glibc_msort(&mut vss, &|a, b| cmp_services(a, b));
    vss
}

fn sorted_dests(vs: &VirtualServer) -> Vec<(Ipv4, u16)> {
    let mut dests = vs.dests.clone();
    glibc_msort(&mut dests, &|a, b| cmp_dests(a, b));
    dests
}

/// `ipvsadm -Ln` on the node.
pub fn ipvsadm_ln(input: &ProxyInput) -> String {
    let mut out = String::from(
        "IP Virtual Server version 1.2.1 (size=4096)\n\
         Prot LocalAddress:Port Scheduler Flags\n  \
         -> RemoteAddress:Port           Forward Weight ActiveConn InActConn\n",
    );
    for vs in listing_order(input) {
        out.push_str(&vs.line());
        out.push('\n');
        for (ip, port) in sorted_dests(&vs) {
            out.push_str(&dest_line(ip, port));
            out.push('\n');
        }
    }
    out
}

/// The addresses kube-proxy binds to `kube-ipvs0` (ClusterIPs, external IPs, LB IPs), in
/// binding order, once each.
fn bound_addresses(input: &ProxyInput) -> Vec<Ipv4> {
    let mut out: Vec<Ipv4> = Vec::new();
    for view in service_views(input) {
        let addrs = std::iter::once(view.cluster_ip)
            .chain(view.external_ips.iter().copied())
            .chain(view.lb_ips.iter().copied());
        for ip in addrs {
            if !out.contains(&ip) {
                out.push(ip);
            }
        }
    }
    out
}

/// The interface index printed for `kube-ipvs0`; the real one depends on how many links the
/// node created before kube-proxy started (lo, eth0, the CNI's), so a typical value is used.
const KUBE_IPVS0_IFINDEX: u32 = 5;

/// `ip addr show kube-ipvs0`: a dummy link, administratively down, holding every service
/// address as a /32 so the kernel treats them as local and IPVS sees the packets.
///
/// The kernel gives the dummy link a random locally administered MAC; here it is derived from
/// the node name so it stays stable across renders.
pub fn ip_addr_show_kube_ipvs0(input: &ProxyInput) -> String {
    let digest = sha256_bytes(&format!("kube-ipvs0/{}", input.node_name));
    let mac: Vec<String> = digest
        .iter()
        .take(6)
        .enumerate()
        // eth_random_addr: clear the multicast bit, set the locally-administered bit.
        .map(|(i, &b)| format!("{:02x}", if i == 0 { (b & 0xfe) | 0x02 } else { b }))
        .collect();
    let mut out = format!(
        "{KUBE_IPVS0_IFINDEX}: kube-ipvs0: <BROADCAST,NOARP> mtu 1500 qdisc noop state DOWN group default \n    \
         link/ether {} brd ff:ff:ff:ff:ff:ff\n",
        mac.join(":")
    );
    for ip in bound_addresses(input) {
        let _ = write!(
            out,
            "    inet {ip}/32 scope global kube-ipvs0\n       valid_lft forever preferred_lft forever\n"
        );
    }
    out
}

fn find_vs<'a>(vss: &'a [VirtualServer], packet: &Packet) -> Option<&'a VirtualServer> {
    let dst = Ipv4::parse(&packet.dst_ip)?;
    vss.iter()
        .find(|v| v.protocol == packet.protocol && v.addr == dst && v.port == packet.dst_port)
}

fn persistence_prefix(vs: &VirtualServer, client: &str) -> String {
    format!("{} persistent {client} -> ", vs.key())
}

/// The real server IPVS schedules for `packet`, or `None` if it is not for a virtual server
/// or the virtual server has no real servers.
///
/// `rr_counter` is the caller's IPVS state: `"TCP 10.96.45.12:80"` holds the round-robin
/// cursor (the kernel starts at the first real server and moves one on per connection), and
/// for `persistent` services `"TCP 10.96.45.12:80 persistent <client> -> <ip:port>"` is the
/// persistence template pinning a client to a real server (the caller expires it).
pub fn ipvs_pick(
    input: &ProxyInput,
    packet: &Packet,
    rr_counter: &mut BTreeMap<String, usize>,
) -> Option<(String, u16)> {
    let vss = virtual_servers(input);
    let vs = find_vs(&vss, packet)?;
    pick(vs, packet, rr_counter)
}

fn pick(vs: &VirtualServer, packet: &Packet, state: &mut BTreeMap<String, usize>) -> Option<(String, u16)> {
    if vs.dests.is_empty() {
        return None;
    }
    if vs.persistent.is_some() {
        let prefix = persistence_prefix(vs, &packet.src_ip);
        let template = state
            .range(prefix.clone()..)
            .next()
            .map(|(k, _)| k.clone())
            .filter(|k| k.starts_with(&prefix));
        if let Some(key) = template {
            let chosen = key.get(prefix.len()..).unwrap_or_default();
            if let Some(&(ip, port)) = vs
                .dests
                .iter()
                .find(|(ip, port)| format!("{ip}:{port}") == chosen)
            {
                return Some((ip.to_string(), port));
            }
            // The pinned real server is gone: the template no longer applies.
            state.remove(&key);
        }
    }
    let cursor = state.entry(vs.key()).or_insert(0);
    let index = *cursor % vs.dests.len();
    *cursor = index + 1;
    let (ip, port) = *vs.dests.get(index)?;
    if vs.persistent.is_some() {
        state.insert(
            format!("{}{ip}:{port}", persistence_prefix(vs, &packet.src_ip)),
            1,
        );
    }
    Some((ip.to_string(), port))
}

/// Routes `packet` in IPVS mode: virtual server lookup, scheduling, and the masquerade
/// decisions of IPVS mode's iptables rules.
pub fn route(input: &ProxyInput, packet: &Packet, state: &mut BTreeMap<String, usize>) -> Trace {
    let listing = listing_order(input);
    let Some(vs) = find_vs(&listing, packet) else {
        return Trace::no_match();
    };
    let position = listing.iter().position(|v| v.key() == vs.key()).unwrap_or(0);
    let mut steps = vec![TraceStep {
        table: "ipvs".into(),
        chain: "ipvsadm -Ln".into(),
        index: position + 1,
        rule: vs.line(),
    }];
    let Some((ip, port)) = pick(vs, packet, state) else {
        // ip_vs_leave: no real server to schedule, so IPVS answers ICMP port unreachable.
        return Trace {
            steps,
            verdict: Verdict::Reject,
            affinity_updates: Vec::new(),
        };
    };
    let chosen = Ipv4::parse(&ip);
    let listed = sorted_dests(vs)
        .into_iter()
        .enumerate()
        .find(|&(_, (i, p))| Some(i) == chosen && p == port);
    if let Some((index, (dest_ip, dest_port))) = listed {
        steps.push(TraceStep {
            table: "ipvs".into(),
            chain: vs.line(),
            index: index + 1,
            rule: dest_line(dest_ip, dest_port).trim_end().to_string(),
        });
    }
    let src = Ipv4::parse(&packet.src_ip);
    let by_policy = match vs.kind {
        // KUBE-SERVICES: `! -s <cluster CIDR> -m set --match-set KUBE-CLUSTER-IP dst,dst
        // -j KUBE-MARK-MASQ`; without a known cluster CIDR that rule is not written.
        Kind::ClusterIp => match (Cidr::parse(&input.cluster_cidr), src) {
            (Some(cidr), Some(src)) => !cidr.contains(src),
            _ => false,
        },
        // KUBE-NODE-PORT / KUBE-EXTERNAL-IP / KUBE-LOAD-BALANCER mark for masquerade unless
        // the Local policy's *-LOCAL set returns first.
        Kind::External => !vs.external_local,
    };
    // KUBE-LOOP-BACK: a pod reaching itself through its Service (hairpin) is masqueraded.
    let hairpin = src.is_some() && src == chosen;
    let masquerade = by_policy || hairpin;
    Trace {
        steps,
        verdict: Verdict::Dnat { ip, port, masquerade },
        affinity_updates: Vec::new(),
    }
}

/// A virtual server's identity: protocol, address, port.
pub(crate) type VsKey = (Protocol, u32, u16);

/// The kernel's IPVS memory between connections, keyed by integers: each virtual server's
/// round-robin cursor and the persistence templates (virtual server, client → real server).
/// It outlives rule syncs, as the kernel's does; [`route`] keeps the same memory in strings.
#[derive(Clone, Debug, Default)]
pub struct IpvsState {
    cursors: super::fast::FastMap<VsKey, usize>,
    templates: super::fast::FastMap<(VsKey, u32), (Ipv4, u16)>,
}

/// One virtual server, ready to schedule.
#[derive(Clone, Debug)]
pub(crate) struct CompiledVs {
    /// 1-based position in `ipvsadm -Ln`.
    position: usize,
    line: String,
    persistent: bool,
    /// Real servers in round-robin (creation) order, with their 1-based listing position.
    dests: Vec<(Ipv4, u16, usize)>,
    kind: Kind,
    external_local: bool,
}

/// IPVS mode compiled: a hash of virtual servers, each with its real-server array.
#[derive(Clone, Debug)]
pub(crate) struct Compiled {
    cluster_cidr: Option<Cidr>,
    index: super::fast::FastMap<VsKey, u32>,
    servers: Vec<CompiledVs>,
}

/// Which virtual server and real server a connection got: enough to print its walk.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Picked {
    pub vs: u32,
    pub dest: Option<u32>,
}

impl Compiled {
    pub(crate) fn new(input: &ProxyInput) -> Compiled {
        let listing = listing_order(input);
        let mut index = super::fast::FastMap::default();
        let mut servers = Vec::with_capacity(listing.len());
        for (position, vs) in listing.iter().enumerate() {
            let key = (vs.protocol, vs.addr.0, vs.port);
            let sorted = sorted_dests(vs);
            let dests = vs
                .dests
                .iter()
                .map(|&(ip, port)| {
                    let at = sorted.iter().position(|&d| d == (ip, port)).unwrap_or(0);
                    (ip, port, at + 1)
                })
                .collect();
            // find_vs takes the first virtual server in listing order with this key.
            index.entry(key).or_insert(servers.len() as u32);
            servers.push(CompiledVs {
                position: position + 1,
                line: vs.line(),
                persistent: vs.persistent.is_some(),
                dests,
                kind: vs.kind,
                external_local: vs.external_local,
            });
        }
        Compiled {
            cluster_cidr: Cidr::parse(&input.cluster_cidr),
            index,
            servers,
        }
    }

    /// [`route`]'s decision for a connection from `src` to `dst:port`.
    pub(crate) fn route(
        &self,
        src: Ipv4,
        dst: Ipv4,
        port: u16,
        protocol: Protocol,
        state: &mut IpvsState,
    ) -> (super::fast::FastVerdict, Option<Picked>) {
        use super::fast::FastVerdict;
        let key = (protocol, dst.0, port);
        let Some(&vs_index) = self.index.get(&key) else {
            return (FastVerdict::NoMatch, None);
        };
        let Some(vs) = self.servers.get(vs_index as usize) else {
            return (FastVerdict::NoMatch, None);
        };
        if vs.dests.is_empty() {
            return (
                FastVerdict::Reject,
                Some(Picked {
                    vs: vs_index,
                    dest: None,
                }),
            );
        }
        let mut chosen = None;
        if vs.persistent {
            if let Some(&(ip, p)) = state.templates.get(&(key, src.0)) {
                match vs.dests.iter().position(|&(i, q, _)| i == ip && q == p) {
                    Some(at) => chosen = Some(at),
                    None => {
                        state.templates.remove(&(key, src.0));
                    }
                }
            }
        }
        let at = match chosen {
            Some(at) => at,
            None => {
                let cursor = state.cursors.entry(key).or_insert(0);
                let at = *cursor % vs.dests.len();
                *cursor = at + 1;
                if vs.persistent {
                    let (ip, p, _) = vs.dests[at];
                    state.templates.insert((key, src.0), (ip, p));
                }
                at
            }
        };
        let (ip, p, _) = vs.dests[at];
        let by_policy = match vs.kind {
            Kind::ClusterIp => self.cluster_cidr.is_some_and(|c| !c.contains(src)),
            Kind::External => !vs.external_local,
        };
        let masquerade = by_policy || src == ip;
        (
            FastVerdict::Dnat {
                ip,
                port: p,
                masquerade,
            },
            Some(Picked {
                vs: vs_index,
                dest: Some(at as u32),
            }),
        )
    }

    /// The walk [`route`] reports for a decision.
    pub(crate) fn steps(&self, picked: Picked) -> Vec<TraceStep> {
        let Some(vs) = self.servers.get(picked.vs as usize) else {
            return Vec::new();
        };
        let mut steps = vec![TraceStep {
            table: "ipvs".into(),
            chain: "ipvsadm -Ln".into(),
            index: vs.position,
            rule: vs.line.clone(),
        }];
        if let Some(&(ip, port, listed)) = picked.dest.and_then(|d| vs.dests.get(d as usize)) {
            steps.push(TraceStep {
                table: "ipvs".into(),
                chain: vs.line.clone(),
                index: listed,
                rule: dest_line(ip, port).trim_end().to_string(),
            });
        }
        steps
    }
}

#[cfg(test)]
mod tests {
    use std::cmp::Ordering;

    use super::*;
    use crate::proxy::golden;
    use crate::proxy::tests::{doc_web, ep, node, packet, showcase, svc};
    use crate::proxy::{ServicePort, TrafficPolicy};

    /// ipvsadm pads every column with printf, so real lines end in spaces; listings pasted
    /// into documents lose them. Compare without trailing whitespace.
    fn trimmed(text: &str) -> String {
        text.lines().map(str::trim_end).collect::<Vec<_>>().join("\n")
    }

    fn one(ns: &str, name: &str, port_name: &str, cip: &str, port: u16, eps: &[(&str, u16)]) -> ServicePort {
        let mut s = svc(ns, name, port_name, cip, port);
        s.endpoints = eps.iter().map(|(ip, p)| ep(ip, *p, "control-plane")).collect();
        s
    }

    #[test]
    fn proxy_ipvs_listing_matches_the_reference() {
        // §4.5, copied from the reference.
        let mut dns = one(
            "kube-system",
            "kube-dns",
            "dns",
            "10.96.0.10",
            53,
            &[("10.244.0.2", 53)],
        );
        dns.protocol = Protocol::Udp;
        let mut web = doc_web();
        web.node_port = None;
        let input = node(
            "minikube",
            "192.168.49.2",
            vec![
                one(
                    "default",
                    "kubernetes",
                    "https",
                    "10.96.0.1",
                    443,
                    &[("192.168.49.2", 6443)],
                ),
                web,
                dns,
            ],
        );
        let expected = "IP Virtual Server version 1.2.1 (size=4096)
Prot LocalAddress:Port Scheduler Flags
  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn
TCP  10.96.0.1:443 rr
  -> 192.168.49.2:6443            Masq    1      0          0
TCP  10.96.45.12:80 rr
  -> 10.244.1.5:8080              Masq    1      0          0
  -> 10.244.2.7:8080              Masq    1      0          0
  -> 10.244.3.9:8080              Masq    1      0          0
UDP  10.96.0.10:53 rr
  -> 10.244.0.2:53                Masq    1      0          0";
        let out = ipvsadm_ln(&input);
        assert_eq!(trimmed(&out), expected);
        // The real thing keeps printf's padding.
        assert!(out.contains("  -> 192.168.49.2:6443            Masq    1      0          0         \n"));
    }

    #[test]
    fn proxy_ipvs_persistence_flag_matches_the_reference() {
        let mut web = doc_web();
        web.session_affinity_timeout = Some(10800);
        let out = ipvsadm_ln(&node("worker-1", "192.168.49.3", vec![web]));
        assert!(
            out.lines()
                .any(|l| l == "TCP  10.96.45.12:80 rr persistent 10800"),
            "{out}"
        );
    }

    #[test]
    fn proxy_ipvs_sorts_like_ipvsadm_on_a_real_kind_node() {
        // A real kind node's `ipvsadm -Ln`: the NodePort on 192.168.224.4 sorts before the
        // 10.96.x ClusterIPs because libipvs compares addresses by wrapping subtraction. That
        // node also had NodePort virtual servers on 10.244.2.1 and 127.0.0.1 (every local
        // address), which are not modelled, and 8 inactive DNS connections (counters are not
        // either); both are left out of the copy below.
        let both = [("10.244.1.6", 80), ("10.244.2.4", 80)];
        let dns_eps = [("10.244.0.3", 53), ("10.244.0.4", 53)];
        let mut udp_dns = one("kube-system", "kube-dns", "dns", "10.96.0.10", 53, &dns_eps);
        udp_dns.protocol = Protocol::Udp;
        let mut nodeport = one("default", "web-np", "", "10.96.148.225", 80, &both);
        nodeport.node_port = Some(31730);
        let input = node(
            "kind-worker",
            "192.168.224.4",
            vec![
                one(
                    "default",
                    "kubernetes",
                    "https",
                    "10.96.0.1",
                    443,
                    &[("192.168.224.3", 6443)],
                ),
                udp_dns,
                one("kube-system", "kube-dns", "dns-tcp", "10.96.0.10", 53, &dns_eps),
                one(
                    "kube-system",
                    "kube-dns",
                    "metrics",
                    "10.96.0.10",
                    9153,
                    &[("10.244.0.3", 9153), ("10.244.0.4", 9153)],
                ),
                one("default", "a", "", "10.96.10.207", 3030, &[("10.244.1.4", 3030)]),
                one("default", "b", "", "10.96.68.46", 3030, &[("10.244.2.2", 3030)]),
                one("default", "web", "", "10.96.119.228", 80, &both),
                nodeport,
                one(
                    "default",
                    "memcached",
                    "",
                    "10.96.159.35",
                    11211,
                    &[("10.244.1.3", 11211)],
                ),
            ],
        );
        let expected = "IP Virtual Server version 1.2.1 (size=4096)
Prot LocalAddress:Port Scheduler Flags
  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn
TCP  192.168.224.4:31730 rr
  -> 10.244.1.6:80                Masq    1      0          0
  -> 10.244.2.4:80                Masq    1      0          0
TCP  10.96.0.1:443 rr
  -> 192.168.224.3:6443           Masq    1      0          0
TCP  10.96.0.10:53 rr
  -> 10.244.0.3:53                Masq    1      0          0
  -> 10.244.0.4:53                Masq    1      0          0
TCP  10.96.0.10:9153 rr
  -> 10.244.0.3:9153              Masq    1      0          0
  -> 10.244.0.4:9153              Masq    1      0          0
TCP  10.96.10.207:3030 rr
  -> 10.244.1.4:3030              Masq    1      0          0
TCP  10.96.68.46:3030 rr
  -> 10.244.2.2:3030              Masq    1      0          0
TCP  10.96.119.228:80 rr
  -> 10.244.1.6:80                Masq    1      0          0
  -> 10.244.2.4:80                Masq    1      0          0
TCP  10.96.148.225:80 rr
  -> 10.244.1.6:80                Masq    1      0          0
  -> 10.244.2.4:80                Masq    1      0          0
TCP  10.96.159.35:11211 rr
  -> 10.244.1.3:11211             Masq    1      0          0
UDP  10.96.0.10:53 rr
  -> 10.244.0.3:53                Masq    1      0          0
  -> 10.244.0.4:53                Masq    1      0          0";
        assert_eq!(trimmed(&ipvsadm_ln(&input)), expected);
    }

    #[test]
    fn proxy_ipvs_dummy_interface_holds_every_service_address() {
        let text = ip_addr_show_kube_ipvs0(&showcase());
        let mut lines = text.lines();
        let header = lines.next().unwrap_or_default();
        assert_eq!(
            header,
            "5: kube-ipvs0: <BROADCAST,NOARP> mtu 1500 qdisc noop state DOWN group default "
        );
        let link = lines.next().unwrap_or_default();
        assert!(
            link.starts_with("    link/ether ") && link.ends_with(" brd ff:ff:ff:ff:ff:ff"),
            "{link}"
        );
        let rest: Vec<&str> = lines.collect();
        for pair in rest.chunks(2) {
            assert!(
                pair[0].starts_with("    inet ") && pair[0].ends_with("/32 scope global kube-ipvs0"),
                "{pair:?}"
            );
            assert_eq!(
                pair.get(1).copied(),
                Some("       valid_lft forever preferred_lft forever")
            );
        }
        for addr in [
            "10.96.0.1",
            "10.96.45.12",
            "10.96.0.10",
            "198.51.100.7",
            "203.0.113.10",
            "10.96.100.100",
        ] {
            assert_eq!(
                rest.iter()
                    .filter(|l| l.contains(&format!("inet {addr}/32 ")))
                    .count(),
                1,
                "{addr}"
            );
        }
        // Headless Services have no address; NodePorts use the node's own address.
        assert!(!text.contains("10.96.1.1/") && !text.contains("192.168.49.3"));
    }

    #[test]
    fn proxy_ipvs_golden_listings() {
        golden::check("showcase.ipvsadm", &ipvsadm_ln(&showcase()));
        golden::check("showcase.ip-addr", &ip_addr_show_kube_ipvs0(&showcase()));
    }

    #[test]
    fn proxy_ipvs_round_robin_cycles_in_kernel_order() {
        let input = node("worker-1", "192.168.49.3", vec![doc_web()]);
        let p = packet("10.244.5.5", "10.96.45.12", 80, Protocol::Tcp);
        let mut state = BTreeMap::new();
        let picks: Vec<String> = (0..6)
            .filter_map(|_| ipvs_pick(&input, &p, &mut state))
            .map(|(ip, port)| format!("{ip}:{port}"))
            .collect();
        assert_eq!(
            picks,
            [
                "10.244.1.5:8080",
                "10.244.2.7:8080",
                "10.244.3.9:8080",
                "10.244.1.5:8080",
                "10.244.2.7:8080",
                "10.244.3.9:8080"
            ]
        );
        assert_eq!(state.get("TCP 10.96.45.12:80"), Some(&3));
        // Not a virtual server: nothing to schedule.
        assert_eq!(
            ipvs_pick(
                &input,
                &packet("10.244.5.5", "10.96.45.13", 80, Protocol::Tcp),
                &mut state
            ),
            None
        );
    }

    #[test]
    fn proxy_ipvs_persistence_pins_each_client() {
        let mut web = doc_web();
        web.session_affinity_timeout = Some(10800);
        let input = node("worker-1", "192.168.49.3", vec![web]);
        let mut state = BTreeMap::new();
        let a = packet("10.244.5.5", "10.96.45.12", 80, Protocol::Tcp);
        let b = packet("10.244.6.6", "10.96.45.12", 80, Protocol::Tcp);
        let first_a = ipvs_pick(&input, &a, &mut state);
        let first_b = ipvs_pick(&input, &b, &mut state);
        assert_ne!(first_a, first_b);
        for _ in 0..5 {
            assert_eq!(ipvs_pick(&input, &a, &mut state), first_a);
            assert_eq!(ipvs_pick(&input, &b, &mut state), first_b);
        }
        // The pinned pod goes away: the client is scheduled afresh.
        let mut gone = input.clone();
        gone.service_ports[0]
            .endpoints
            .retain(|e| Some(e.ip.clone()) != first_a.as_ref().map(|p| p.0.clone()));
        let moved = ipvs_pick(&gone, &a, &mut state);
        assert!(moved.is_some() && moved != first_a);
    }

    #[test]
    fn proxy_ipvs_local_policy_prefers_local_real_servers() {
        let mut web = doc_web();
        web.external_traffic_policy = TrafficPolicy::Local;
        let input = node("worker-2", "192.168.49.4", vec![web]);
        let out = ipvsadm_ln(&input);
        // The NodePort virtual server on this node only has this node's pod...
        assert!(
            out.contains("TCP  192.168.49.4:30080 rr\n  -> 10.244.2.7:8080 "),
            "{out}"
        );
        // ...and external clients keep their source address.
        let mut p = packet("172.16.0.9", "192.168.49.4", 30080, Protocol::Tcp);
        p.dst_is_local = true;
        let trace = route(&input, &p, &mut BTreeMap::new());
        assert_eq!(
            trace.verdict,
            Verdict::Dnat {
                ip: "10.244.2.7".into(),
                port: 8080,
                masquerade: false
            }
        );
        assert_eq!(trace.steps.len(), 2);
    }

    #[test]
    fn proxy_ipvs_msort_matches_a_total_order_on_consistent_input() {
        let mut v = vec![5, 3, 9, 1, 1, 7];
        glibc_msort(&mut v, &|a: &i32, b: &i32| a - b);
        assert_eq!(v, [1, 1, 3, 5, 7, 9]);
        // A cyclic comparator must terminate and keep every element.
        let mut w = vec![0u32, 0x7000_0000, 0xE000_0000, 0x5000_0000];
        glibc_msort(&mut w, &|a: &u32, b: &u32| wrapping_cmp(*a, *b));
        let mut sorted = w.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, [0, 0x5000_0000, 0x7000_0000, 0xE000_0000]);
        assert_eq!(Ordering::Less, wrapping_cmp(0xC0A8_E004, 0x0A60_0001).cmp(&0));
    }
}
