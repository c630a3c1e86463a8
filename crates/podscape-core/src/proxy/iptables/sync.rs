//! `syncProxyRules` of `pkg/proxy/iptables/proxier.go`, step by step, as data.
//!
//! The node is modelled as a fresh kubeadm-style node: kubelet started first (so its
//! `-j KUBE-FIREWALL` jumps sit at the end of INPUT and OUTPUT), kube-proxy runs with default
//! flags (`--masquerade-bit=14`, `--iptables-localhost-nodeports=true`, no
//! `--nodeport-addresses`, `nf_conntrack_tcp_be_liberal=0`, iptables with `--random-fully`) and
//! without nfacct counters, so the metrics-only `-m nfacct` rules are not written.

use std::collections::BTreeMap;

use super::{AddrMatch, Chain, CtState, Match, RecentMode, Rule, Ruleset, Table, Target};
use crate::api::addr::{Cidr, Ipv4};
use crate::proxy::policy::{prefix_bytes, service_views, sha256_base32, ServiceView};
use crate::proxy::{Protocol, ProxyInput};

pub(super) const KUBE_SERVICES: &str = "KUBE-SERVICES";
const KUBE_EXTERNAL_SERVICES: &str = "KUBE-EXTERNAL-SERVICES";
const KUBE_NODEPORTS: &str = "KUBE-NODEPORTS";
const KUBE_POSTROUTING: &str = "KUBE-POSTROUTING";
const KUBE_MARK_MASQ: &str = "KUBE-MARK-MASQ";
const KUBE_FORWARD: &str = "KUBE-FORWARD";
const KUBE_PROXY_FIREWALL: &str = "KUBE-PROXY-FIREWALL";
const KUBE_PROXY_CANARY: &str = "KUBE-PROXY-CANARY";
const KUBELET_FIREWALL: &str = "KUBE-FIREWALL";

/// `1 << --masquerade-bit` (default bit 14).
pub(super) const MASQUERADE_MARK: u32 = 0x4000;

/// Above this many endpoints kube-proxy drops per-endpoint comments ("large cluster mode").
const LARGE_CLUSTER_ENDPOINTS_THRESHOLD: usize = 1000;

/// `portProtoHash`: the first 16 characters of base32(sha256(servicePortName + protocol)).
pub fn port_proto_hash(service_port_name: &str, protocol: Protocol) -> String {
    let encoded = sha256_base32(&format!("{service_port_name}{}", protocol.as_lower()));
    prefix_bytes(&encoded, 16).to_string()
}

/// `KUBE-SVC-<hash>`: the service port's Cluster-policy chain. `KUBE-SVL-`, `KUBE-EXT-` and
/// `KUBE-FW-` use the same hash.
pub fn service_chain_name(service_port_name: &str, protocol: Protocol) -> String {
    format!("KUBE-SVC-{}", port_proto_hash(service_port_name, protocol))
}

/// `KUBE-SEP-<hash>` for one endpoint (`ip:port`) of a service port.
pub fn endpoint_chain_name(service_port_name: &str, protocol: Protocol, endpoint: &str) -> String {
    let encoded = sha256_base32(&format!("{service_port_name}{}{endpoint}", protocol.as_lower()));
    format!("KUBE-SEP-{}", prefix_bytes(&encoded, 16))
}

/// One table being written: built-in chains keep their fixed order, user chains sort by name
/// because that is how `iptables-save` lists them.
struct TableBuilder {
    name: &'static str,
    builtins: Vec<(&'static str, Vec<Rule>)>,
    user: BTreeMap<String, Vec<Rule>>,
}

impl TableBuilder {
    fn new(name: &'static str, builtins: &[&'static str]) -> TableBuilder {
        TableBuilder {
            name,
            builtins: builtins.iter().map(|b| (*b, Vec::new())).collect(),
            user: BTreeMap::new(),
        }
    }

    /// `:CHAIN - [0:0]` in the restore input: creates (and flushes) a user chain.
    fn declare(&mut self, chain: &str) {
        self.user.entry(chain.to_string()).or_default();
    }

    fn rules_mut(&mut self, chain: &str) -> &mut Vec<Rule> {
        if let Some(index) = self.builtins.iter().position(|(name, _)| *name == chain) {
            return &mut self.builtins[index].1;
        }
        // Look up before inserting: `entry` would allocate the key on every one of the tens of
        // thousands of appends of a large ruleset.
        if !self.user.contains_key(chain) {
            self.user.insert(chain.to_string(), Vec::new());
        }
        self.user.get_mut(chain).expect("the chain was inserted above")
    }

    /// `-A`: iptables-restore appends each rule to its chain in input order.
    fn append(&mut self, chain: &str, rule: Rule) {
        self.rules_mut(chain).push(rule);
    }

    /// `EnsureRule(Prepend, ...)`: insert at the top unless an identical rule exists already.
    fn ensure_prepended(&mut self, chain: &str, rule: Rule) {
        let rules = self.rules_mut(chain);
        if !rules.contains(&rule) {
            rules.insert(0, rule);
        }
    }

    fn finish(self) -> Table {
        let builtins = self.builtins.into_iter().map(|(name, rules)| Chain {
            name: name.to_string(),
            policy: Some("ACCEPT".to_string()),
            rules,
        });
        let user = self.user.into_iter().map(|(name, rules)| Chain {
            name,
            policy: None,
            rules,
        });
        Table {
            name: self.name.to_string(),
            chains: builtins.chain(user).collect(),
        }
    }
}

fn jump(chain: &str) -> Option<Target> {
    Some(Target::Jump(chain.to_string()))
}

fn comment(text: impl Into<String>) -> Match {
    Match::Comment(text.into())
}

fn dport(protocol: Protocol, port: u16) -> Match {
    Match::Port {
        protocol,
        dport: Some(port),
    }
}

fn to(cidr: Cidr) -> Option<AddrMatch> {
    Some(AddrMatch { negated: false, cidr })
}

fn not(cidr: Cidr) -> Option<AddrMatch> {
    Some(AddrMatch { negated: true, cidr })
}

fn ct(states: &[CtState], negated: bool) -> Match {
    Match::Conntrack {
        negated,
        states: states.to_vec(),
    }
}

/// `iptablesJumpChains`: (table is nat, chain jumped to, built-in chain, comment, NEW only).
const JUMP_CHAINS: &[(bool, &str, &str, &str, bool)] = &[
    (
        false,
        KUBE_EXTERNAL_SERVICES,
        "INPUT",
        "kubernetes externally-visible service portals",
        true,
    ),
    (
        false,
        KUBE_EXTERNAL_SERVICES,
        "FORWARD",
        "kubernetes externally-visible service portals",
        true,
    ),
    (
        false,
        KUBE_NODEPORTS,
        "INPUT",
        "kubernetes health check service ports",
        false,
    ),
    (
        false,
        KUBE_SERVICES,
        "FORWARD",
        "kubernetes service portals",
        true,
    ),
    (false, KUBE_SERVICES, "OUTPUT", "kubernetes service portals", true),
    (
        false,
        KUBE_FORWARD,
        "FORWARD",
        "kubernetes forwarding rules",
        false,
    ),
    (
        false,
        KUBE_PROXY_FIREWALL,
        "INPUT",
        "kubernetes load balancer firewall",
        true,
    ),
    (
        false,
        KUBE_PROXY_FIREWALL,
        "OUTPUT",
        "kubernetes load balancer firewall",
        true,
    ),
    (
        false,
        KUBE_PROXY_FIREWALL,
        "FORWARD",
        "kubernetes load balancer firewall",
        true,
    ),
    (true, KUBE_SERVICES, "OUTPUT", "kubernetes service portals", false),
    (
        true,
        KUBE_SERVICES,
        "PREROUTING",
        "kubernetes service portals",
        false,
    ),
    (
        true,
        KUBE_POSTROUTING,
        "POSTROUTING",
        "kubernetes postrouting rules",
        false,
    ),
];

/// The rules kube-proxy in iptables mode leaves on `input.node_name`.
pub fn build_ruleset(input: &ProxyInput) -> Ruleset {
    let views = service_views(input);
    // The local-traffic detector (`--cluster-cidr`); without it kube-proxy writes no
    // "off-cluster source" rules.
    let cluster_cidr = Cidr::parse(&input.cluster_cidr);

    let mut mangle = TableBuilder::new(
        "mangle",
        &["PREROUTING", "INPUT", "FORWARD", "OUTPUT", "POSTROUTING"],
    );
    let mut filter = TableBuilder::new("filter", &["INPUT", "FORWARD", "OUTPUT"]);
    let mut nat = TableBuilder::new("nat", &["PREROUTING", "INPUT", "OUTPUT", "POSTROUTING"]);

    // iptables.Monitor creates an empty canary chain in each table to notice a flush.
    for table in [&mut mangle, &mut filter, &mut nat] {
        table.declare(KUBE_PROXY_CANARY);
    }

    // kubelet ran first and jumped to its KUBE-FIREWALL; kube-proxy's own prepends land above.
    for chain in ["INPUT", "OUTPUT"] {
        filter.append(
            chain,
            Rule {
                target: jump(KUBELET_FIREWALL),
                ..Rule::default()
            },
        );
    }
    for &(is_nat, dst, src, text, new_only) in JUMP_CHAINS {
        let mut matches = Vec::new();
        if new_only {
            matches.push(ct(&[CtState::New], false));
        }
        matches.push(comment(text));
        let table = if is_nat { &mut nat } else { &mut filter };
        table.declare(dst);
        table.ensure_prepended(
            src,
            Rule {
                matches,
                target: jump(dst),
                ..Rule::default()
            },
        );
    }

    for chain in [
        KUBE_SERVICES,
        KUBE_EXTERNAL_SERVICES,
        KUBE_FORWARD,
        KUBE_NODEPORTS,
        KUBE_PROXY_FIREWALL,
    ] {
        filter.declare(chain);
    }
    for chain in [KUBE_SERVICES, KUBE_NODEPORTS, KUBE_POSTROUTING, KUBE_MARK_MASQ] {
        nat.declare(chain);
    }

    let mark = MASQUERADE_MARK;
    nat.append(
        KUBE_POSTROUTING,
        Rule {
            matches: vec![Match::Mark {
                negated: true,
                value: mark,
                mask: mark,
            }],
            target: Some(Target::Return),
            ..Rule::default()
        },
    );
    // `--xor-mark 0x4000` clears the bit so a re-traversing packet is not masqueraded twice.
    nat.append(
        KUBE_POSTROUTING,
        Rule {
            target: Some(Target::SetXmark { value: mark, mask: 0 }),
            ..Rule::default()
        },
    );
    nat.append(
        KUBE_POSTROUTING,
        Rule {
            matches: vec![comment("kubernetes service traffic requiring SNAT")],
            target: Some(Target::Masquerade { random_fully: true }),
            ..Rule::default()
        },
    );
    nat.append(
        KUBE_MARK_MASQ,
        Rule {
            target: Some(Target::SetXmark {
                value: mark,
                mask: mark,
            }),
            ..Rule::default()
        },
    );

    // route_localnet (needed for NodePorts on 127.0.0.1) lets martian packets in; this rule,
    // duplicated from kubelet, closes that hole (https://issue.k8s.io/90259).
    let localnet = Cidr::new(Ipv4(0x7f00_0000), 8);
    filter.declare(KUBELET_FIREWALL);
    filter.append(
        KUBELET_FIREWALL,
        Rule {
            source: not(localnet),
            destination: to(localnet),
            matches: vec![
                comment("block incoming localnet connections"),
                ct(&[CtState::Related, CtState::Established, CtState::Dnat], true),
            ],
            target: Some(Target::Drop),
            ..Rule::default()
        },
    );

    let total_endpoints: usize = views.iter().map(|v| v.endpoints.len()).sum();
    let large_cluster = total_endpoints > LARGE_CLUSTER_ENDPOINTS_THRESHOLD;

    for view in &views {
        write_service(&mut filter, &mut nat, view, cluster_cidr, large_cluster);
    }

    // The tail call to the NodePort chain must stay last: ClusterIP rules win over NodePorts.
    nat.append(
        KUBE_SERVICES,
        Rule {
            matches: vec![
                comment("kubernetes service nodeports; NOTE: this must be the last rule in this chain"),
                Match::AddrTypeLocal {
                    source: false,
                    negated: false,
                },
            ],
            target: jump(KUBE_NODEPORTS),
            ..Rule::default()
        },
    );

    // INVALID packets could reset connections when nf_conntrack_tcp_be_liberal is unset.
    filter.append(
        KUBE_FORWARD,
        Rule {
            matches: vec![ct(&[CtState::Invalid], false)],
            target: Some(Target::Drop),
            ..Rule::default()
        },
    );
    filter.append(
        KUBE_FORWARD,
        Rule {
            matches: vec![
                comment("kubernetes forwarding rules"),
                Match::Mark {
                    negated: false,
                    value: mark,
                    mask: mark,
                },
            ],
            target: Some(Target::Accept),
            ..Rule::default()
        },
    );
    filter.append(
        KUBE_FORWARD,
        Rule {
            matches: vec![
                comment("kubernetes forwarding conntrack rule"),
                ct(&[CtState::Related, CtState::Established], false),
            ],
            target: Some(Target::Accept),
            ..Rule::default()
        },
    );

    Ruleset {
        tables: vec![mangle.finish(), filter.finish(), nat.finish()],
    }
}

/// The body of syncProxyRules' per-service-port loop.
fn write_service(
    filter: &mut TableBuilder,
    nat: &mut TableBuilder,
    view: &ServiceView<'_>,
    cluster_cidr: Option<Cidr>,
    large_cluster: bool,
) {
    let protocol = view.protocol();
    let spn = view.name.as_str();
    let hash = port_proto_hash(spn, protocol);
    let cluster_chain = format!("KUBE-SVC-{hash}");
    let local_chain = format!("KUBE-SVL-{hash}");
    let external_chain = format!("KUBE-EXT-{hash}");
    let cat = view.categorize();

    let uses_cluster_chain = !cat.cluster.is_empty() && view.uses_cluster_endpoints();
    let uses_local_chain = !cat.local.is_empty() && view.uses_local_endpoints();
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
    // Built even without externally usable endpoints: it holds the short-circuit rules for
    // traffic from pods and from the node itself.
    let uses_external_chain = cat.has_any && view.externally_accessible();

    // REJECT when nothing serves anywhere (connection refused); DROP when only the Local
    // policy has nothing on this node (a timeout, as if the node had no route).
    let no_endpoints = (Target::Reject, format!("{spn} has no endpoints"));
    let no_local = (Target::Drop, format!("{spn} has no local endpoints"));
    let internal_filter = if !cat.has_any {
        no_endpoints.clone()
    } else {
        no_local.clone()
    };
    let external_filter = if !cat.has_any { no_endpoints } else { no_local };

    let cluster_ip = Cidr::host(view.cluster_ip);
    let port = view.port.port;
    if has_internal {
        nat.append(
            KUBE_SERVICES,
            Rule {
                destination: to(cluster_ip),
                protocol: Some(protocol),
                matches: vec![comment(format!("{spn} cluster IP")), dport(protocol, port)],
                target: jump(internal_chain),
                ..Rule::default()
            },
        );
    } else {
        filter.append(
            KUBE_SERVICES,
            Rule {
                destination: to(cluster_ip),
                protocol: Some(protocol),
                matches: vec![comment(internal_filter.1.clone()), dport(protocol, port)],
                target: Some(internal_filter.0.clone()),
                ..Rule::default()
            },
        );
    }

    let filter_external = |filter: &mut TableBuilder, ip: Ipv4| {
        filter.append(
            KUBE_EXTERNAL_SERVICES,
            Rule {
                destination: to(Cidr::host(ip)),
                protocol: Some(protocol),
                matches: vec![comment(external_filter.1.clone()), dport(protocol, port)],
                target: Some(external_filter.0.clone()),
                ..Rule::default()
            },
        );
    };
    let capture = |nat: &mut TableBuilder, ip: Ipv4, what: &str| {
        nat.append(
            KUBE_SERVICES,
            Rule {
                destination: to(Cidr::host(ip)),
                protocol: Some(protocol),
                matches: vec![comment(format!("{spn} {what}")), dport(protocol, port)],
                target: jump(&external_chain),
                ..Rule::default()
            },
        );
    };
    for &ip in &view.external_ips {
        if cat.has_any {
            capture(nat, ip, "external IP");
        }
        if !has_external {
            filter_external(filter, ip);
        }
    }
    // No loadBalancerSourceRanges in the input, so LB traffic never goes through KUBE-FW-*.
    for &ip in &view.lb_ips {
        if cat.has_any {
            capture(nat, ip, "loadbalancer IP");
        }
    }
    if !has_external {
        for &ip in &view.lb_ips {
            filter_external(filter, ip);
        }
    }
    if let Some(node_port) = view.node_port {
        if cat.has_any {
            nat.append(
                KUBE_NODEPORTS,
                Rule {
                    protocol: Some(protocol),
                    matches: vec![comment(spn), dport(protocol, node_port)],
                    target: jump(&external_chain),
                    ..Rule::default()
                },
            );
        }
        if !has_external {
            filter.append(
                KUBE_EXTERNAL_SERVICES,
                Rule {
                    protocol: Some(protocol),
                    matches: vec![
                        comment(external_filter.1.clone()),
                        Match::AddrTypeLocal {
                            source: false,
                            negated: false,
                        },
                        dport(protocol, node_port),
                    ],
                    target: Some(external_filter.0.clone()),
                    ..Rule::default()
                },
            );
        }
    }

    if has_internal {
        if let Some(cidr) = cluster_cidr {
            // Masquerade off-cluster clients of the VIP (e.g. a static route to the service
            // range via some node): the reply might otherwise bypass this node.
            nat.append(
                internal_chain,
                Rule {
                    source: not(cidr),
                    destination: to(cluster_ip),
                    protocol: Some(protocol),
                    matches: vec![comment(format!("{spn} cluster IP")), dport(protocol, port)],
                    target: jump(KUBE_MARK_MASQ),
                },
            );
        }
    }

    if uses_external_chain {
        nat.declare(&external_chain);
        if !view.external_local {
            // Cluster policy may cross nodes, so the reply must come back through this one.
            nat.append(
                &external_chain,
                Rule {
                    matches: vec![comment(format!(
                        "masquerade traffic for {spn} external destinations"
                    ))],
                    target: jump(KUBE_MARK_MASQ),
                    ..Rule::default()
                },
            );
        } else {
            if let Some(cidr) = cluster_cidr {
                // Pods reaching an external IP behave as if they went out to the LB and back.
                nat.append(
                    &external_chain,
                    Rule {
                        source: to(cidr),
                        matches: vec![comment(format!("pod traffic for {spn} external destinations"))],
                        target: jump(&cluster_chain),
                        ..Rule::default()
                    },
                );
            }
            nat.append(
                &external_chain,
                Rule {
                    matches: vec![
                        comment(format!(
                            "masquerade LOCAL traffic for {spn} external destinations"
                        )),
                        Match::AddrTypeLocal {
                            source: true,
                            negated: false,
                        },
                    ],
                    target: jump(KUBE_MARK_MASQ),
                    ..Rule::default()
                },
            );
            nat.append(
                &external_chain,
                Rule {
                    matches: vec![
                        comment(format!("route LOCAL traffic for {spn} external destinations")),
                        Match::AddrTypeLocal {
                            source: true,
                            negated: false,
                        },
                    ],
                    target: jump(&cluster_chain),
                    ..Rule::default()
                },
            );
        }
        if has_external {
            nat.append(
                &external_chain,
                Rule {
                    target: jump(external_policy_chain),
                    ..Rule::default()
                },
            );
        }
    }

    if uses_cluster_chain {
        nat.declare(&cluster_chain);
        write_service_to_endpoint_rules(nat, view, &cluster_chain, &cat.cluster, large_cluster);
    }
    if uses_local_chain {
        nat.declare(&local_chain);
        write_service_to_endpoint_rules(nat, view, &local_chain, &cat.local, large_cluster);
    }

    for &index in &cat.reachable {
        let Some(ep) = view.endpoints.get(index) else {
            continue;
        };
        let chain = endpoint_chain_name(spn, protocol, &ep.text);
        nat.declare(&chain);
        let base: Vec<Match> = if large_cluster {
            Vec::new()
        } else {
            vec![comment(spn)]
        };
        // Hairpin: a pod reaching itself through the service must see the node as source.
        nat.append(
            &chain,
            Rule {
                source: to(Cidr::host(ep.ip)),
                matches: base.clone(),
                target: jump(KUBE_MARK_MASQ),
                ..Rule::default()
            },
        );
        let mut matches = base;
        if view.affinity().is_some() {
            matches.push(Match::Recent {
                mode: RecentMode::Set,
                name: chain.clone(),
            });
        }
        matches.push(Match::Port {
            protocol,
            dport: None,
        });
        nat.append(
            &chain,
            Rule {
                protocol: Some(protocol),
                matches,
                target: Some(Target::Dnat {
                    ip: ep.ip,
                    port: ep.port,
                }),
                ..Rule::default()
            },
        );
    }
}

/// `writeServiceToEndpointRules`: affinity checks first, then the probability cascade where
/// rule i of n matches with 1/(n-i), so every endpoint gets 1/n overall.
fn write_service_to_endpoint_rules(
    nat: &mut TableBuilder,
    view: &ServiceView<'_>,
    chain: &str,
    endpoints: &[usize],
    large_cluster: bool,
) {
    let protocol = view.protocol();
    let spn = view.name.as_str();
    let eps: Vec<_> = endpoints.iter().filter_map(|&i| view.endpoints.get(i)).collect();
    let with_comment = |text: String| {
        if large_cluster {
            Vec::new()
        } else {
            vec![comment(text)]
        }
    };
    if let Some(seconds) = view.affinity() {
        for ep in &eps {
            let sep = endpoint_chain_name(spn, protocol, &ep.text);
            let mut matches = with_comment(format!("{spn} -> {}", ep.text));
            matches.push(Match::Recent {
                mode: RecentMode::Rcheck { seconds, reap: true },
                name: sep.clone(),
            });
            nat.append(
                chain,
                Rule {
                    matches,
                    target: jump(&sep),
                    ..Rule::default()
                },
            );
        }
    }
    let n = eps.len();
    for (i, ep) in eps.iter().enumerate() {
        let sep = endpoint_chain_name(spn, protocol, &ep.text);
        let mut matches = with_comment(format!("{spn} -> {}", ep.text));
        if i + 1 < n {
            matches.push(Match::Statistic {
                probability: super::probability_fixed(n - i),
            });
        }
        nat.append(
            chain,
            Rule {
                matches,
                target: jump(&sep),
                ..Rule::default()
            },
        );
    }
}
