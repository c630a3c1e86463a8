//! `setupNFTables` and `syncProxyRules` of `pkg/proxy/nftables/proxier.go`, as data.
//!
//! Modelled as kube-proxy's first full sync into a fresh `ip kube-proxy` table, so sets and
//! chains appear in creation order. Defaults are kube-proxy's for nftables mode:
//! `--nodeport-addresses primary` (NodePorts only on the node IP, through `@nodeport-ips`),
//! `--masquerade-bit=14`, cluster-CIDR local detection. The `ip daddr { <service CIDR> } drop`
//! rule of `cluster-ips-check` is not written: the input carries no ServiceCIDR.

use super::{
    BaseChain, Hook, KeyType, KeyValue, NftAction, NftChain, NftElement, NftMatch, NftRule, NftSet, NftTable,
    NftVerdict,
};
use crate::api::addr::{Cidr, Ipv4};
use crate::proxy::policy::{prefix_bytes, service_views, sha256_base32, ServiceView};
use crate::proxy::{Protocol, ProxyInput};

pub(super) const MASQUERADE_MARK: u32 = 0x4000;

const SERVICES: &str = "services";
const SERVICE_IPS: &str = "service-ips";
const SERVICE_NODEPORTS: &str = "service-nodeports";
const NODEPORT_IPS: &str = "nodeport-ips";
const CLUSTER_IPS: &str = "cluster-ips";
const SERVICE_ENDPOINTS_CHECK: &str = "service-endpoints-check";
const NODEPORT_ENDPOINTS_CHECK: &str = "nodeport-endpoints-check";
const NO_ENDPOINT_SERVICES: &str = "no-endpoint-services";
const NO_ENDPOINT_NODEPORTS: &str = "no-endpoint-nodeports";
const REJECT_CHAIN: &str = "reject-chain";
const CLUSTER_IPS_CHECK: &str = "cluster-ips-check";
const FIREWALL_IPS: &str = "firewall-ips";
const FIREWALL_CHECK: &str = "firewall-check";
const MARK_MASQ: &str = "mark-for-masquerade";
const MASQUERADING: &str = "masquerading";

/// knftables.NameLengthMax (256) minus the longest chain prefix (16).
const CHAIN_NAME_BASE_LENGTH_MAX: usize = 240;

/// `hashAndTruncate`: the first 8 characters of base32(sha256(name)), a dash, the name; cut to
/// 240 bytes with `...` (never reached by valid Kubernetes names).
pub fn hash_and_truncate(name: &str) -> String {
    let encoded = sha256_base32(name);
    let full = format!("{}-{name}", prefix_bytes(&encoded, 8));
    if full.len() > CHAIN_NAME_BASE_LENGTH_MAX {
        format!("{}...", prefix_bytes(&full, CHAIN_NAME_BASE_LENGTH_MAX - 3))
    } else {
        full
    }
}

/// `servicePortChainNameBase`: `HASH-ns/svc/proto/portName` (the port name may be empty, giving
/// a trailing slash). Prefixed with `service-`, `local-`, `external-` or `firewall-`.
pub fn service_chain_base(namespace: &str, service: &str, protocol: Protocol, port_name: &str) -> String {
    hash_and_truncate(&format!(
        "{namespace}/{service}/{}/{port_name}",
        protocol.as_lower()
    ))
}

/// `servicePortEndpointChainNameBase`: `HASH-ns/svc/proto/portName__ip/port`, for the
/// `endpoint-` chains and `affinity-` sets. `endpoint` is `ip:port`.
pub fn endpoint_chain_base(
    namespace: &str,
    service: &str,
    protocol: Protocol,
    port_name: &str,
    endpoint: &str,
) -> String {
    let (ip, port) = endpoint.rsplit_once(':').unwrap_or((endpoint, ""));
    // IPv6 colons are not allowed in chain names; IPv4 never has any.
    let ip = ip.replace(':', ".");
    hash_and_truncate(&format!(
        "{namespace}/{service}/{}/{port_name}__{ip}/{port}",
        protocol.as_lower()
    ))
}

#[derive(Default)]
struct Builder {
    sets: Vec<NftSet>,
    chains: Vec<NftChain>,
    /// Chain name → index in `chains`: a node with thousands of endpoint chains must not pay a
    /// linear search per rule.
    chain_index: std::collections::BTreeMap<String, usize>,
}

impl Builder {
    /// `ensureChain`: add (and flush) a regular chain once.
    fn ensure_chain(&mut self, name: &str) {
        if !self.chain_index.contains_key(name) {
            self.chain_index.insert(name.to_string(), self.chains.len());
            self.chains.push(NftChain {
                name: name.to_string(),
                comment: None,
                base: None,
                rules: Vec::new(),
            });
        }
    }

    fn base_chain(&mut self, name: &str, nat: bool, hook: Hook, priority: i32) {
        self.chain_index.insert(name.to_string(), self.chains.len());
        self.chains.push(NftChain {
            name: name.to_string(),
            comment: None,
            base: Some(BaseChain { nat, hook, priority }),
            rules: Vec::new(),
        });
    }

    fn rule(&mut self, chain: &str, matches: Vec<NftMatch>, action: NftAction, comment: Option<&str>) {
        self.ensure_chain(chain);
        if let Some(c) = self.chain_index.get(chain).and_then(|&i| self.chains.get_mut(i)) {
            c.rules.push(NftRule {
                matches,
                action,
                comment: comment.map(str::to_string),
            });
        }
    }

    fn add_set(&mut self, name: &str, map: bool, key: &[KeyType], comment: Option<&str>) {
        if self.sets.iter().any(|s| s.name == name) {
            return;
        }
        self.sets.push(NftSet {
            name: name.to_string(),
            is_verdict_map: map,
            key: key.to_vec(),
            dynamic_timeout: false,
            timeout_seconds: None,
            comment: comment.map(str::to_string),
            elements: Vec::new(),
        });
    }

    /// `nftElementStorage.ensureElem`: one element per key; a new value replaces the old.
    fn element(&mut self, set: &str, key: Vec<KeyValue>, verdict: Option<NftVerdict>, comment: Option<&str>) {
        let Some(s) = self.sets.iter_mut().find(|s| s.name == set) else {
            return;
        };
        let element = NftElement {
            key,
            comment: comment.map(str::to_string),
            verdict,
        };
        match s.elements.iter_mut().find(|e| e.key == element.key) {
            Some(existing) => *existing = element,
            None => s.elements.push(element),
        }
    }
}

fn goto(chain: &str) -> NftAction {
    NftAction::Verdict(NftVerdict::Goto(chain.to_string()))
}

fn jump(chain: &str) -> NftAction {
    NftAction::Verdict(NftVerdict::Jump(chain.to_string()))
}

const ADDR_PROTO_PORT: &[KeyType] = &[KeyType::Ipv4Addr, KeyType::InetProto, KeyType::InetService];
const PROTO_PORT: &[KeyType] = &[KeyType::InetProto, KeyType::InetService];

/// `nftablesJumpChains`: (chain jumped to, base chain, only for `ct state new`).
const JUMP_CHAINS: &[(&str, &str, bool)] = &[
    (NODEPORT_ENDPOINTS_CHECK, "filter-input", true),
    (SERVICE_ENDPOINTS_CHECK, "filter-input", true),
    (SERVICE_ENDPOINTS_CHECK, "filter-forward", true),
    (SERVICE_ENDPOINTS_CHECK, "filter-output", true),
    (FIREWALL_CHECK, "filter-prerouting", true),
    (FIREWALL_CHECK, "filter-output", true),
    (SERVICES, "nat-output", false),
    (SERVICES, "nat-prerouting", false),
    (MASQUERADING, "nat-postrouting", false),
    (CLUSTER_IPS_CHECK, "filter-forward", true),
    (CLUSTER_IPS_CHECK, "filter-output-post-dnat", true),
];

/// The `ip kube-proxy` table kube-proxy in nftables mode programs on `input.node_name`.
pub fn build_table(input: &ProxyInput) -> NftTable {
    let mut b = Builder::default();
    let cluster_cidr = Cidr::parse(&input.cluster_cidr);

    // Filter chains run at dstnat-10 so they see destinations before DNAT rewrites them.
    b.base_chain("filter-prerouting", false, Hook::Prerouting, -110);
    b.base_chain("filter-input", false, Hook::Input, -110);
    b.base_chain("filter-forward", false, Hook::Forward, -110);
    b.base_chain("filter-output", false, Hook::Output, -110);
    b.base_chain("filter-output-post-dnat", false, Hook::Output, -90);
    b.base_chain("nat-prerouting", true, Hook::Prerouting, -100);
    b.base_chain("nat-output", true, Hook::Output, -100);
    b.base_chain("nat-postrouting", true, Hook::Postrouting, 100);

    for &(dst, src, new_only) in JUMP_CHAINS {
        b.ensure_chain(dst);
        let matches = if new_only {
            vec![NftMatch::CtStateNew]
        } else {
            Vec::new()
        };
        b.rule(src, matches, jump(dst), None);
    }
    for chain in [SERVICES, CLUSTER_IPS_CHECK, MASQUERADING, MARK_MASQ] {
        b.ensure_chain(chain);
    }
    b.rule(MARK_MASQ, Vec::new(), NftAction::MarkOr(MASQUERADE_MARK), None);
    b.rule(
        MASQUERADING,
        vec![NftMatch::MarkClear(MASQUERADE_MARK)],
        NftAction::Verdict(NftVerdict::Return),
        None,
    );
    b.rule(
        MASQUERADING,
        Vec::new(),
        NftAction::MarkXor(MASQUERADE_MARK),
        None,
    );
    b.rule(MASQUERADING, Vec::new(), NftAction::Masquerade, None);

    b.add_set(
        CLUSTER_IPS,
        false,
        &[KeyType::Ipv4Addr],
        Some("Active ClusterIPs"),
    );
    b.rule(
        CLUSTER_IPS_CHECK,
        vec![NftMatch::DaddrInSet(CLUSTER_IPS.into())],
        NftAction::Reject,
        Some("Reject traffic to invalid ports of ClusterIPs"),
    );

    b.add_set(
        NODEPORT_IPS,
        false,
        &[KeyType::Ipv4Addr],
        Some("IPs that accept NodePort traffic"),
    );
    if let Some(node_ip) = Ipv4::parse(&input.node_ip).filter(|ip| !ip.is_loopback()) {
        b.element(NODEPORT_IPS, vec![KeyValue::Addr(node_ip)], None, None);
    }

    b.add_set(
        NO_ENDPOINT_SERVICES,
        true,
        ADDR_PROTO_PORT,
        Some("vmap to drop or reject packets to services with no endpoints"),
    );
    b.add_set(
        NO_ENDPOINT_NODEPORTS,
        true,
        PROTO_PORT,
        Some("vmap to drop or reject packets to service nodeports with no endpoints"),
    );
    b.chains.push(NftChain {
        name: REJECT_CHAIN.into(),
        comment: Some("helper for @no-endpoint-services / @no-endpoint-nodeports".into()),
        base: None,
        rules: vec![NftRule {
            matches: Vec::new(),
            action: NftAction::Reject,
            comment: None,
        }],
    });
    b.rule(
        SERVICE_ENDPOINTS_CHECK,
        Vec::new(),
        NftAction::VmapAddrProtoPort(NO_ENDPOINT_SERVICES.into()),
        None,
    );
    b.rule(
        NODEPORT_ENDPOINTS_CHECK,
        vec![NftMatch::DaddrInSet(NODEPORT_IPS.into())],
        NftAction::VmapProtoPort(NO_ENDPOINT_NODEPORTS.into()),
        None,
    );

    b.add_set(
        FIREWALL_IPS,
        true,
        ADDR_PROTO_PORT,
        Some("destinations that are subject to LoadBalancerSourceRanges"),
    );
    b.rule(
        FIREWALL_CHECK,
        Vec::new(),
        NftAction::VmapAddrProtoPort(FIREWALL_IPS.into()),
        None,
    );

    b.add_set(
        SERVICE_IPS,
        true,
        ADDR_PROTO_PORT,
        Some("ClusterIP, ExternalIP and LoadBalancer IP traffic"),
    );
    b.add_set(SERVICE_NODEPORTS, true, PROTO_PORT, Some("NodePort traffic"));
    b.rule(
        SERVICES,
        Vec::new(),
        NftAction::VmapAddrProtoPort(SERVICE_IPS.into()),
        None,
    );
    b.rule(
        SERVICES,
        vec![NftMatch::DaddrInSet(NODEPORT_IPS.into())],
        NftAction::VmapProtoPort(SERVICE_NODEPORTS.into()),
        None,
    );

    for view in service_views(input) {
        write_service(&mut b, &view, cluster_cidr);
    }

    NftTable {
        name: "kube-proxy".into(),
        comment: "rules for kube-proxy".into(),
        sets: b.sets,
        chains: b.chains,
    }
}

/// The body of syncProxyRules' per-service-port loop.
fn write_service(b: &mut Builder, view: &ServiceView<'_>, cluster_cidr: Option<Cidr>) {
    let sp = view.port;
    let protocol = view.protocol();
    let spn = view.name.as_str();
    let base = service_chain_base(&sp.namespace, &sp.service, protocol, &sp.port_name);
    let cluster_chain = format!("service-{base}");
    let local_chain = format!("local-{base}");
    let external_chain = format!("external-{base}");
    let endpoint_base =
        |text: &str| endpoint_chain_base(&sp.namespace, &sp.service, protocol, &sp.port_name, text);
    let cat = view.categorize();

    for &i in &cat.reachable {
        if let Some(ep) = view.endpoints.get(i) {
            b.ensure_chain(&format!("endpoint-{}", endpoint_base(&ep.text)));
        }
    }
    let uses_cluster_chain = !cat.cluster.is_empty() && view.uses_cluster_endpoints();
    if uses_cluster_chain {
        b.ensure_chain(&cluster_chain);
    }
    let uses_local_chain = !cat.local.is_empty() && view.uses_local_endpoints();
    if uses_local_chain {
        b.ensure_chain(&local_chain);
    }
    let (internal_chain, has_internal) = if view.internal_local {
        (&local_chain, cat.has_any && !cat.local.is_empty())
    } else {
        (&cluster_chain, cat.has_any)
    };
    let (external_policy_chain, has_external) = if view.external_local {
        (&local_chain, cat.has_any && !cat.local.is_empty())
    } else {
        (&cluster_chain, cat.has_any)
    };
    let uses_external_chain = cat.has_any && view.externally_accessible();
    if uses_external_chain {
        b.ensure_chain(&external_chain);
    }

    // Nothing anywhere: reject (connection refused). Only Local has nothing here: drop.
    let filter_verdict = if cat.has_any {
        NftVerdict::Drop
    } else {
        NftVerdict::Goto(REJECT_CHAIN.into())
    };
    let port = sp.port;
    let addr_key = |ip: Ipv4| {
        vec![
            KeyValue::Addr(ip),
            KeyValue::Proto(protocol),
            KeyValue::Port(port),
        ]
    };

    b.element(CLUSTER_IPS, vec![KeyValue::Addr(view.cluster_ip)], None, None);
    if has_internal {
        b.element(
            SERVICE_IPS,
            addr_key(view.cluster_ip),
            Some(NftVerdict::Goto(internal_chain.clone())),
            None,
        );
    } else {
        b.element(
            NO_ENDPOINT_SERVICES,
            addr_key(view.cluster_ip),
            Some(filter_verdict.clone()),
            Some(spn),
        );
    }
    for &ip in &view.external_ips {
        if cat.has_any {
            b.element(
                SERVICE_IPS,
                addr_key(ip),
                Some(NftVerdict::Goto(external_chain.clone())),
                None,
            );
        }
        if !has_external {
            b.element(
                NO_ENDPOINT_SERVICES,
                addr_key(ip),
                Some(filter_verdict.clone()),
                Some(spn),
            );
        }
    }
    // No loadBalancerSourceRanges in the input: no firewall-ips elements, no firewall chain.
    for &ip in &view.lb_ips {
        if cat.has_any {
            b.element(
                SERVICE_IPS,
                addr_key(ip),
                Some(NftVerdict::Goto(external_chain.clone())),
                None,
            );
        }
    }
    if !has_external {
        for &ip in &view.lb_ips {
            b.element(
                NO_ENDPOINT_SERVICES,
                addr_key(ip),
                Some(filter_verdict.clone()),
                Some(spn),
            );
        }
    }
    if let Some(node_port) = view.node_port {
        let key = vec![KeyValue::Proto(protocol), KeyValue::Port(node_port)];
        if cat.has_any {
            b.element(
                SERVICE_NODEPORTS,
                key.clone(),
                Some(NftVerdict::Goto(external_chain.clone())),
                None,
            );
        }
        if !has_external {
            b.element(
                NO_ENDPOINT_NODEPORTS,
                key,
                Some(filter_verdict.clone()),
                Some(spn),
            );
        }
    }

    if has_internal {
        if let Some(cidr) = cluster_cidr {
            // Masquerade off-cluster clients of the VIP, whose replies could bypass this node.
            b.rule(
                internal_chain,
                vec![
                    NftMatch::Daddr {
                        negated: false,
                        net: Cidr::host(view.cluster_ip),
                    },
                    NftMatch::Dport { protocol, port },
                    NftMatch::Saddr {
                        negated: true,
                        net: cidr,
                    },
                ],
                jump(MARK_MASQ),
                None,
            );
        }
    }

    if uses_external_chain {
        if !view.external_local {
            b.rule(&external_chain, Vec::new(), jump(MARK_MASQ), None);
        } else {
            if let Some(cidr) = cluster_cidr {
                b.rule(
                    &external_chain,
                    vec![NftMatch::Saddr {
                        negated: false,
                        net: cidr,
                    }],
                    goto(&cluster_chain),
                    Some("short-circuit pod traffic"),
                );
            }
            b.rule(
                &external_chain,
                vec![NftMatch::FibSaddrLocal],
                jump(MARK_MASQ),
                Some("masquerade local traffic"),
            );
            b.rule(
                &external_chain,
                vec![NftMatch::FibSaddrLocal],
                goto(&cluster_chain),
                Some("short-circuit local traffic"),
            );
        }
        if has_external {
            b.rule(&external_chain, Vec::new(), goto(external_policy_chain), None);
        }
    }

    if let Some(seconds) = view.affinity() {
        for &i in &cat.reachable {
            let Some(ep) = view.endpoints.get(i) else { continue };
            let name = format!("affinity-{}", endpoint_base(&ep.text));
            if !b.sets.iter().any(|s| s.name == name) {
                b.sets.push(NftSet {
                    name,
                    is_verdict_map: false,
                    key: vec![KeyType::Ipv4Addr],
                    dynamic_timeout: true,
                    timeout_seconds: Some(seconds),
                    comment: None,
                    elements: Vec::new(),
                });
            }
        }
    }

    let write_lb = |b: &mut Builder, chain: &str, endpoints: &[usize]| {
        let eps: Vec<_> = endpoints.iter().filter_map(|&i| view.endpoints.get(i)).collect();
        if view.affinity().is_some() {
            for ep in &eps {
                let base = endpoint_base(&ep.text);
                b.rule(
                    chain,
                    vec![NftMatch::SaddrInSet(format!("affinity-{base}"))],
                    goto(&format!("endpoint-{base}")),
                    None,
                );
            }
        }
        let targets = eps
            .iter()
            .map(|ep| format!("endpoint-{}", endpoint_base(&ep.text)))
            .collect();
        b.rule(chain, Vec::new(), NftAction::NumgenGoto(targets), None);
    };
    if uses_cluster_chain {
        write_lb(b, &cluster_chain, &cat.cluster);
    }
    if uses_local_chain {
        write_lb(b, &local_chain, &cat.local);
    }

    for &i in &cat.reachable {
        let Some(ep) = view.endpoints.get(i) else { continue };
        let base = endpoint_base(&ep.text);
        let chain = format!("endpoint-{base}");
        // Hairpin: a pod reaching itself through the service must see the node as source.
        b.rule(
            &chain,
            vec![NftMatch::Saddr {
                negated: false,
                net: Cidr::host(ep.ip),
            }],
            jump(MARK_MASQ),
            None,
        );
        if view.affinity().is_some() {
            b.rule(
                &chain,
                Vec::new(),
                NftAction::UpdateSaddr(format!("affinity-{base}")),
                None,
            );
        }
        b.rule(
            &chain,
            vec![NftMatch::L4Proto(protocol)],
            NftAction::Dnat {
                ip: ep.ip,
                port: ep.port,
            },
            None,
        );
    }
}
