//! iptables mode against the reference: hashes and text copied by hand from
//! kubernetes-semantics.md §4 (and from real clusters' `iptables-save`), golden listings, the
//! render/parse round trip, and the packet walk.

use std::collections::BTreeMap;

use super::*;
use crate::proxy::golden;
use crate::proxy::tests::{doc_web, ep, never, node, packet, showcase, svc, Lcg};
use crate::proxy::{Packet, Protocol, ProxyInput, Verdict};

fn doc_4_3() -> ProxyInput {
    node("worker-1", "192.168.49.3", vec![doc_web()])
}

/// Asserts every line of `expected` appears in `text`, in the same order.
fn assert_lines_in_order(text: &str, expected: &str) {
    let mut lines = text.lines();
    for want in expected.lines().filter(|l| !l.is_empty()) {
        assert!(
            lines.any(|l| l == want),
            "missing (or out of order): {want}\n--- in ---\n{text}"
        );
    }
}

#[test]
fn proxy_iptables_chain_hashes_match_the_reference() {
    // §4.1, verified.
    assert_eq!(
        service_chain_name("default/kubernetes:https", Protocol::Tcp),
        "KUBE-SVC-NPX46M4PTMTKRN6Y"
    );
    assert_eq!(
        port_proto_hash("kube-system/kube-dns:dns", Protocol::Udp),
        "TCOU7JCQXEZGVUNU"
    );
    assert_eq!(
        port_proto_hash("kube-system/kube-dns:dns-tcp", Protocol::Tcp),
        "ERIFXISQEP7F7OF4"
    );
    assert_eq!(
        port_proto_hash("kube-system/kube-dns:metrics", Protocol::Tcp),
        "JD5MR3NA4I4DYORP"
    );
    // §4.3.
    assert_eq!(
        service_chain_name("default/web:http", Protocol::Tcp),
        "KUBE-SVC-CDGGSHYLG3RE2FKL"
    );
    assert_eq!(
        endpoint_chain_name("default/web:http", Protocol::Tcp, "10.244.1.5:8080"),
        "KUBE-SEP-AFGSLHOD2HFNCBX4"
    );
    assert_eq!(
        endpoint_chain_name("default/web:http", Protocol::Tcp, "10.244.2.7:8080"),
        "KUBE-SEP-2RIJ5GIYXEFH6G4D"
    );
    assert_eq!(
        endpoint_chain_name("default/web:http", Protocol::Tcp, "10.244.3.9:8080"),
        "KUBE-SEP-RBX5X5TOEG5GD3RO"
    );
    // An unnamed port, from a real kind cluster's iptables-save.
    assert_eq!(
        service_chain_name("default/nginx", Protocol::Tcp),
        "KUBE-SVC-2CMXP7HKUVJN7L6M"
    );
    assert_eq!(
        endpoint_chain_name("default/nginx", Protocol::Tcp, "10.244.1.5:80"),
        "KUBE-SEP-IZW656N5ZXYN5BEC"
    );
}

#[test]
fn proxy_iptables_probabilities_print_as_iptables_save_does() {
    // §4.2, verified: 11 decimals of the fixed-point value the kernel stores.
    let cases = [
        (2, "0.50000000000"),
        (3, "0.33333333349"),
        (4, "0.25000000000"),
        (5, "0.20000000019"),
        (6, "0.16666666651"),
        (7, "0.14285714272"),
        (10, "0.10000000009"),
    ];
    for (n, text) in cases {
        assert_eq!(probability_text(probability_fixed(n)), text, "1/{n}");
    }
}

/// §4.3, copied from the reference: `iptables-save -t nat` for the NodePort Service.
const DOC_4_3_NAT: &str = r#"*nat
:KUBE-EXT-CDGGSHYLG3RE2FKL - [0:0]
:KUBE-MARK-MASQ - [0:0]
:KUBE-NODEPORTS - [0:0]
:KUBE-POSTROUTING - [0:0]
:KUBE-SEP-2RIJ5GIYXEFH6G4D - [0:0]
:KUBE-SEP-AFGSLHOD2HFNCBX4 - [0:0]
:KUBE-SEP-RBX5X5TOEG5GD3RO - [0:0]
:KUBE-SERVICES - [0:0]
:KUBE-SVC-CDGGSHYLG3RE2FKL - [0:0]
-A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
-A OUTPUT -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
-A POSTROUTING -m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING
-A KUBE-EXT-CDGGSHYLG3RE2FKL -m comment --comment "masquerade traffic for default/web:http external destinations" -j KUBE-MARK-MASQ
-A KUBE-EXT-CDGGSHYLG3RE2FKL -j KUBE-SVC-CDGGSHYLG3RE2FKL
-A KUBE-MARK-MASQ -j MARK --set-xmark 0x4000/0x4000
-A KUBE-NODEPORTS -p tcp -m comment --comment "default/web:http" -m tcp --dport 30080 -j KUBE-EXT-CDGGSHYLG3RE2FKL
-A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN
-A KUBE-POSTROUTING -j MARK --set-xmark 0x4000/0x0
-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE --random-fully
-A KUBE-SEP-2RIJ5GIYXEFH6G4D -s 10.244.2.7/32 -m comment --comment "default/web:http" -j KUBE-MARK-MASQ
-A KUBE-SEP-2RIJ5GIYXEFH6G4D -p tcp -m comment --comment "default/web:http" -m tcp -j DNAT --to-destination 10.244.2.7:8080
-A KUBE-SEP-AFGSLHOD2HFNCBX4 -s 10.244.1.5/32 -m comment --comment "default/web:http" -j KUBE-MARK-MASQ
-A KUBE-SEP-AFGSLHOD2HFNCBX4 -p tcp -m comment --comment "default/web:http" -m tcp -j DNAT --to-destination 10.244.1.5:8080
-A KUBE-SEP-RBX5X5TOEG5GD3RO -s 10.244.3.9/32 -m comment --comment "default/web:http" -j KUBE-MARK-MASQ
-A KUBE-SEP-RBX5X5TOEG5GD3RO -p tcp -m comment --comment "default/web:http" -m tcp -j DNAT --to-destination 10.244.3.9:8080
-A KUBE-SERVICES -d 10.96.45.12/32 -p tcp -m comment --comment "default/web:http cluster IP" -m tcp --dport 80 -j KUBE-SVC-CDGGSHYLG3RE2FKL
-A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS
-A KUBE-SVC-CDGGSHYLG3RE2FKL ! -s 10.244.0.0/16 -d 10.96.45.12/32 -p tcp -m comment --comment "default/web:http cluster IP" -m tcp --dport 80 -j KUBE-MARK-MASQ
-A KUBE-SVC-CDGGSHYLG3RE2FKL -m comment --comment "default/web:http -> 10.244.1.5:8080" -m statistic --mode random --probability 0.33333333349 -j KUBE-SEP-AFGSLHOD2HFNCBX4
-A KUBE-SVC-CDGGSHYLG3RE2FKL -m comment --comment "default/web:http -> 10.244.2.7:8080" -m statistic --mode random --probability 0.50000000000 -j KUBE-SEP-2RIJ5GIYXEFH6G4D
-A KUBE-SVC-CDGGSHYLG3RE2FKL -m comment --comment "default/web:http -> 10.244.3.9:8080" -j KUBE-SEP-RBX5X5TOEG5GD3RO
COMMIT
"#;

/// What the reference leaves out of its §4.3 listing, and this renderer prints.
const DOC_4_3_OMITTED: &[&str] = &[
    ":PREROUTING ACCEPT [0:0]",
    ":INPUT ACCEPT [0:0]",
    ":OUTPUT ACCEPT [0:0]",
    ":POSTROUTING ACCEPT [0:0]",
    ":KUBE-PROXY-CANARY - [0:0]",
];

#[test]
fn proxy_iptables_nat_table_contains_the_reference_example_in_order() {
    let nat = iptables_save_table(&build_ruleset(&doc_4_3()), "nat");
    assert_lines_in_order(&nat, DOC_4_3_NAT);
    // Nothing but the documented omissions is added.
    let extra: Vec<&str> = nat
        .lines()
        .filter(|l| !DOC_4_3_NAT.lines().any(|d| d == *l))
        .collect();
    assert_eq!(extra, DOC_4_3_OMITTED);
}

#[test]
fn proxy_iptables_no_endpoints_rejects_in_filter_as_the_reference_shows() {
    let mut web = doc_web();
    web.endpoints.clear();
    let rs = build_ruleset(&node("worker-1", "192.168.49.3", vec![web]));
    let filter = iptables_save_table(&rs, "filter");
    assert_lines_in_order(
        &filter,
        r#"-A KUBE-EXTERNAL-SERVICES -p tcp -m comment --comment "default/web:http has no endpoints" -m addrtype --dst-type LOCAL -m tcp --dport 30080 -j REJECT --reject-with icmp-port-unreachable
-A KUBE-SERVICES -d 10.96.45.12/32 -p tcp -m comment --comment "default/web:http has no endpoints" -m tcp --dport 80 -j REJECT --reject-with icmp-port-unreachable"#,
    );
    // §4.2: no nat chains at all for a service without endpoints.
    let nat = iptables_save_table(&rs, "nat");
    assert!(
        !nat.contains("KUBE-SVC-") && !nat.contains("KUBE-SEP-") && !nat.contains("KUBE-EXT-"),
        "{nat}"
    );
}

#[test]
fn proxy_iptables_session_affinity_rules_match_the_reference() {
    // §4.4 with the §4.3 Service: one --rcheck rule per endpoint before the statistic rules,
    // and --set in every DNAT rule, printed in iptables-save's option order.
    let mut web = doc_web();
    web.session_affinity_timeout = Some(10800);
    let nat = iptables_save_table(
        &build_ruleset(&node("worker-1", "192.168.49.3", vec![web])),
        "nat",
    );
    assert_lines_in_order(
        &nat,
        r#"-A KUBE-SEP-AFGSLHOD2HFNCBX4 -p tcp -m comment --comment "default/web:http" -m recent --set --name KUBE-SEP-AFGSLHOD2HFNCBX4 --mask 255.255.255.255 --rsource -m tcp -j DNAT --to-destination 10.244.1.5:8080
-A KUBE-SVC-CDGGSHYLG3RE2FKL ! -s 10.244.0.0/16 -d 10.96.45.12/32 -p tcp -m comment --comment "default/web:http cluster IP" -m tcp --dport 80 -j KUBE-MARK-MASQ
-A KUBE-SVC-CDGGSHYLG3RE2FKL -m comment --comment "default/web:http -> 10.244.1.5:8080" -m recent --rcheck --seconds 10800 --reap --name KUBE-SEP-AFGSLHOD2HFNCBX4 --mask 255.255.255.255 --rsource -j KUBE-SEP-AFGSLHOD2HFNCBX4
-A KUBE-SVC-CDGGSHYLG3RE2FKL -m comment --comment "default/web:http -> 10.244.2.7:8080" -m recent --rcheck --seconds 10800 --reap --name KUBE-SEP-2RIJ5GIYXEFH6G4D --mask 255.255.255.255 --rsource -j KUBE-SEP-2RIJ5GIYXEFH6G4D
-A KUBE-SVC-CDGGSHYLG3RE2FKL -m comment --comment "default/web:http -> 10.244.3.9:8080" -m recent --rcheck --seconds 10800 --reap --name KUBE-SEP-RBX5X5TOEG5GD3RO --mask 255.255.255.255 --rsource -j KUBE-SEP-RBX5X5TOEG5GD3RO
-A KUBE-SVC-CDGGSHYLG3RE2FKL -m comment --comment "default/web:http -> 10.244.1.5:8080" -m statistic --mode random --probability 0.33333333349 -j KUBE-SEP-AFGSLHOD2HFNCBX4"#,
    );
}

#[test]
fn proxy_iptables_local_policy_without_local_endpoints_drops() {
    // §4.2: DROP with "has no local endpoints", for ClusterIP (internal policy) in filter
    // KUBE-SERVICES and for external destinations in KUBE-EXTERNAL-SERVICES.
    let mut web = doc_web();
    web.internal_traffic_policy = crate::proxy::TrafficPolicy::Local;
    web.external_traffic_policy = crate::proxy::TrafficPolicy::Local;
    let rs = build_ruleset(&node("worker-9", "192.168.49.9", vec![web]));
    let filter = iptables_save_table(&rs, "filter");
    assert_lines_in_order(
        &filter,
        r#"-A KUBE-EXTERNAL-SERVICES -p tcp -m comment --comment "default/web:http has no local endpoints" -m addrtype --dst-type LOCAL -m tcp --dport 30080 -j DROP
-A KUBE-SERVICES -d 10.96.45.12/32 -p tcp -m comment --comment "default/web:http has no local endpoints" -m tcp --dport 80 -j DROP"#,
    );
    // The external chain still short-circuits pods and the node itself (§4.2 Local policy).
    let nat = iptables_save_table(&rs, "nat");
    assert_lines_in_order(
        &nat,
        r#"-A KUBE-EXT-CDGGSHYLG3RE2FKL -s 10.244.0.0/16 -m comment --comment "pod traffic for default/web:http external destinations" -j KUBE-SVC-CDGGSHYLG3RE2FKL
-A KUBE-EXT-CDGGSHYLG3RE2FKL -m comment --comment "masquerade LOCAL traffic for default/web:http external destinations" -m addrtype --src-type LOCAL -j KUBE-MARK-MASQ
-A KUBE-EXT-CDGGSHYLG3RE2FKL -m comment --comment "route LOCAL traffic for default/web:http external destinations" -m addrtype --src-type LOCAL -j KUBE-SVC-CDGGSHYLG3RE2FKL"#,
    );
}

#[test]
fn proxy_iptables_filter_and_jump_rules_match_real_nodes() {
    // Copied from a real node's iptables-save (kube-proxy v1.3x, kubelet's KUBE-FIREWALL).
    let filter = iptables_save_table(&build_ruleset(&showcase()), "filter");
    assert_lines_in_order(
        &filter,
        r#"*filter
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:KUBE-EXTERNAL-SERVICES - [0:0]
:KUBE-FIREWALL - [0:0]
:KUBE-FORWARD - [0:0]
:KUBE-NODEPORTS - [0:0]
:KUBE-PROXY-CANARY - [0:0]
:KUBE-PROXY-FIREWALL - [0:0]
:KUBE-SERVICES - [0:0]
-A INPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes load balancer firewall" -j KUBE-PROXY-FIREWALL
-A INPUT -m comment --comment "kubernetes health check service ports" -j KUBE-NODEPORTS
-A INPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes externally-visible service portals" -j KUBE-EXTERNAL-SERVICES
-A INPUT -j KUBE-FIREWALL
-A FORWARD -m conntrack --ctstate NEW -m comment --comment "kubernetes load balancer firewall" -j KUBE-PROXY-FIREWALL
-A FORWARD -m comment --comment "kubernetes forwarding rules" -j KUBE-FORWARD
-A FORWARD -m conntrack --ctstate NEW -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
-A FORWARD -m conntrack --ctstate NEW -m comment --comment "kubernetes externally-visible service portals" -j KUBE-EXTERNAL-SERVICES
-A OUTPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes load balancer firewall" -j KUBE-PROXY-FIREWALL
-A OUTPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
-A OUTPUT -j KUBE-FIREWALL
-A KUBE-FIREWALL ! -s 127.0.0.0/8 -d 127.0.0.0/8 -m comment --comment "block incoming localnet connections" -m conntrack ! --ctstate RELATED,ESTABLISHED,DNAT -j DROP
-A KUBE-FORWARD -m conntrack --ctstate INVALID -j DROP
-A KUBE-FORWARD -m comment --comment "kubernetes forwarding rules" -m mark --mark 0x4000/0x4000 -j ACCEPT
-A KUBE-FORWARD -m comment --comment "kubernetes forwarding conntrack rule" -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
COMMIT"#,
    );
}

#[test]
fn proxy_iptables_golden_listings() {
    golden::check(
        "doc-4-3.iptables-save",
        &iptables_save(&build_ruleset(&doc_4_3())),
    );
    golden::check(
        "showcase.iptables-save",
        &iptables_save(&build_ruleset(&showcase())),
    );
}

#[test]
fn proxy_iptables_text_parses_back_to_the_same_rules() {
    let mut big = doc_web();
    big.endpoints = (0..1001)
        .map(|i| ep(&format!("10.244.{}.{}", i / 250, i % 250 + 1), 8080, "n"))
        .collect();
    for input in [doc_4_3(), showcase(), node("n", "10.0.0.1", vec![big])] {
        let rs = build_ruleset(&input);
        let text = iptables_save(&rs);
        assert_eq!(parse_iptables_save(&text), Ok(rs.clone()));
        assert_eq!(iptables_save(&parse_iptables_save(&text).unwrap()), text);
    }
}

#[test]
fn proxy_iptables_large_clusters_drop_endpoint_comments() {
    // More than 1000 endpoints: "large cluster mode" drops the per-endpoint comments.
    let mut big = doc_web();
    big.endpoints = (0..1001)
        .map(|i| ep(&format!("10.244.{}.{}", i / 250, i % 250 + 1), 8080, "n"))
        .collect();
    let nat = iptables_save_table(&build_ruleset(&node("n", "10.0.0.1", vec![big])), "nat");
    assert!(!nat.contains(" -> 10.244."), "per-endpoint comments must be gone");
    assert!(
        nat.contains("-A KUBE-SVC-CDGGSHYLG3RE2FKL -m statistic --mode random --probability 0.00099900085")
    );
    assert!(
        nat.contains("\"default/web:http cluster IP\""),
        "service-level comments stay"
    );
}

#[test]
fn proxy_iptables_parser_rejects_what_it_does_not_know() {
    for (text, why) in [
        ("-A X -j Y\n", "outside a table"),
        (
            "*nat\n:X - [0:0]\n-A X -m frobnicate -j Y\nCOMMIT\n",
            "unknown module",
        ),
        ("*nat\n:X - [0:0]\n-A Z -j Y\nCOMMIT\n", "undeclared chain"),
        (
            "*nat\n:X - [0:0]\n-A X -m comment --comment \"open\nCOMMIT\n",
            "unterminated quote",
        ),
        ("*nat\n:X - [0:0]\n", "missing COMMIT"),
        (
            "*nat\n:X - [0:0]\n-A X -d 10.0.0.0/40 -j Y\nCOMMIT\n",
            "bad address",
        ),
        (
            "*nat\n:X - [0:0]\n-A X -j DNAT --to-destination nowhere\nCOMMIT\n",
            "bad DNAT",
        ),
    ] {
        assert!(parse_iptables_save(text).is_err(), "{why}");
    }
}

fn web_packet() -> Packet {
    packet("10.244.5.5", "10.96.45.12", 80, Protocol::Tcp)
}

#[test]
fn proxy_iptables_walk_follows_the_rules_it_prints() {
    let rs = build_ruleset(&doc_4_3());
    // 0.9 misses the 1/3 rule, 0.2 hits the 1/2 rule: the second endpoint.
    let mut draws = [0.9, 0.2].into_iter();
    let trace = evaluate(&rs, &web_packet(), &mut || draws.next().unwrap_or(0.0), &never);
    assert_eq!(
        trace.verdict,
        Verdict::Dnat {
            ip: "10.244.2.7".into(),
            port: 8080,
            masquerade: false
        }
    );
    let walked: Vec<(&str, &str, usize)> = trace
        .steps
        .iter()
        .map(|s| (s.table.as_str(), s.chain.as_str(), s.index))
        .collect();
    assert_eq!(
        walked,
        [
            ("nat", "PREROUTING", 1),
            ("nat", "KUBE-SERVICES", 1),
            ("nat", "KUBE-SVC-CDGGSHYLG3RE2FKL", 3),
            ("nat", "KUBE-SEP-2RIJ5GIYXEFH6G4D", 2),
            ("filter", "FORWARD", 1),
            ("filter", "FORWARD", 2),
            ("filter", "FORWARD", 3),
            ("filter", "FORWARD", 4),
            ("nat", "POSTROUTING", 1),
            ("nat", "KUBE-POSTROUTING", 1),
        ]
    );
    // Each step is the exact line the listing shows for that rule.
    let text = iptables_save(&rs);
    for step in &trace.steps {
        assert!(text.lines().any(|l| l == step.rule), "{}", step.rule);
    }
    assert_eq!(
        trace.steps[2].rule,
        "-A KUBE-SVC-CDGGSHYLG3RE2FKL -m comment --comment \"default/web:http -> 10.244.2.7:8080\" -m statistic --mode random --probability 0.50000000000 -j KUBE-SEP-2RIJ5GIYXEFH6G4D"
    );
}

#[test]
fn proxy_iptables_walk_on_parsed_text_equals_walk_on_built_rules() {
    let input = showcase();
    let built = build_ruleset(&input);
    let parsed = parse_iptables_save(&iptables_save(&built)).unwrap();
    let packets = [
        web_packet(),
        packet("172.16.0.9", "10.96.45.12", 80, Protocol::Tcp),
        packet("10.244.1.50", "10.96.0.10", 53, Protocol::Udp),
        packet("10.244.1.50", "10.96.100.100", 80, Protocol::Tcp),
        packet("172.16.0.9", "203.0.113.10", 80, Protocol::Tcp),
        packet("10.244.1.5", "10.96.230.23", 80, Protocol::Tcp),
    ];
    for p in packets {
        let (mut a, mut b) = (Lcg(42), Lcg(42));
        let sticky = |name: &str| name == "KUBE-SEP-RBX5X5TOEG5GD3RO";
        let from_built = evaluate(&built, &p, &mut || a.next_f64(), &sticky);
        let from_text = evaluate(&parsed, &p, &mut || b.next_f64(), &sticky);
        assert_eq!(from_built, from_text, "{p:?}");
    }
}

#[test]
fn proxy_iptables_three_endpoints_share_traffic_evenly() {
    let rs = build_ruleset(&doc_4_3());
    let mut rng = Lcg(2024);
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    let n = 30_000;
    for _ in 0..n {
        let trace = evaluate(&rs, &web_packet(), &mut || rng.next_f64(), &never);
        let Verdict::Dnat { ip, .. } = trace.verdict else {
            panic!("{:?}", trace.verdict)
        };
        *counts.entry(ip).or_default() += 1;
    }
    assert_eq!(counts.len(), 3, "{counts:?}");
    for (ip, count) in &counts {
        let share = *count as f64 / n as f64;
        assert!(
            (share - 1.0 / 3.0).abs() < 0.015,
            "{ip}: {share} of traffic ({counts:?})"
        );
    }
}

#[test]
fn proxy_iptables_affinity_pins_a_remembered_client() {
    let mut web = doc_web();
    web.session_affinity_timeout = Some(10800);
    let rs = build_ruleset(&node("worker-1", "192.168.49.3", vec![web]));
    let remembered = |list: &str| list == "KUBE-SEP-RBX5X5TOEG5GD3RO";
    let mut rng = Lcg(1);
    for _ in 0..50 {
        let trace = evaluate(&rs, &web_packet(), &mut || rng.next_f64(), &remembered);
        assert_eq!(
            trace.verdict,
            Verdict::Dnat {
                ip: "10.244.3.9".into(),
                port: 8080,
                masquerade: false
            }
        );
        assert!(trace
            .steps
            .iter()
            .any(|s| s.rule.contains("--rcheck") && s.rule.ends_with("-j KUBE-SEP-RBX5X5TOEG5GD3RO")));
        // The DNAT rule's `--set` refreshes the memory.
        assert_eq!(trace.affinity_updates, ["KUBE-SEP-RBX5X5TOEG5GD3RO"]);
    }
}

#[test]
fn proxy_iptables_walk_survives_looping_rules() {
    let text = "*nat\n:PREROUTING ACCEPT [0:0]\n:A - [0:0]\n:B - [0:0]\n-A PREROUTING -j A\n-A A -j B\n-A B -j A\nCOMMIT\n";
    let rs = parse_iptables_save(text).unwrap();
    let trace = evaluate(&rs, &web_packet(), &mut || 0.5, &never);
    assert_eq!(trace.verdict, Verdict::NoMatch);
}

#[test]
fn proxy_iptables_headless_and_unready_services_get_no_nat_rules() {
    let mut headless = svc("default", "db", "", "10.96.9.9", 5432);
    headless.cluster_ip = None;
    headless.endpoints = vec![ep("10.244.1.9", 5432, "worker-1")];
    let mut unready = svc("default", "api", "http", "10.96.8.8", 80);
    unready.endpoints = vec![ep("10.244.1.8", 80, "worker-1")];
    unready.endpoints[0].ready = false;
    let rs = build_ruleset(&node("worker-1", "192.168.49.3", vec![headless, unready]));
    let text = iptables_save(&rs);
    assert!(!text.contains("default/db"), "headless Services get no rules");
    // A pod that is neither ready nor terminating is not an endpoint: REJECT.
    assert!(text.contains("\"default/api:http has no endpoints\""));
}
