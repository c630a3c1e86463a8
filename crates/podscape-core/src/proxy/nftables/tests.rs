//! nftables mode against the reference: §4.6's names, chain bodies and map listings copied by
//! hand from real nodes' `nft list table ip kube-proxy`, golden listings, and the packet walk.

use std::collections::BTreeMap;

use super::*;
use crate::proxy::golden;
use crate::proxy::tests::{doc_web, ep, never, node, packet, showcase, svc, Lcg};
use crate::proxy::{Protocol, ProxyInput, Verdict};

fn assert_contains(text: &str, block: &str) {
    assert!(
        text.contains(block),
        "missing block:\n{block}\n--- in ---\n{text}"
    );
}

#[test]
fn proxy_nft_chain_names_match_the_reference() {
    // §4.6, verified.
    assert_eq!(
        format!(
            "service-{}",
            service_chain_base("default", "web", Protocol::Tcp, "http")
        ),
        "service-SUSTUHLJ-default/web/tcp/http"
    );
    assert_eq!(
        format!(
            "endpoint-{}",
            endpoint_chain_base("default", "web", Protocol::Tcp, "http", "10.244.1.4:8080")
        ),
        "endpoint-S6J4REDL-default/web/tcp/http__10.244.1.4/8080"
    );
    // Real clusters: the well-known services, and an unnamed port's trailing slash.
    for (ns, name, proto, port, expected) in [
        (
            "default",
            "kubernetes",
            Protocol::Tcp,
            "https",
            "2QRHZV4L-default/kubernetes/tcp/https",
        ),
        (
            "kube-system",
            "kube-dns",
            Protocol::Udp,
            "dns",
            "FY5PMXPG-kube-system/kube-dns/udp/dns",
        ),
        (
            "kube-system",
            "kube-dns",
            Protocol::Tcp,
            "dns-tcp",
            "NWBZK7IH-kube-system/kube-dns/tcp/dns-tcp",
        ),
        (
            "kube-system",
            "kube-dns",
            Protocol::Tcp,
            "metrics",
            "AS2KJYAD-kube-system/kube-dns/tcp/metrics",
        ),
        (
            "riset",
            "hellopod-np-svc",
            Protocol::Tcp,
            "",
            "P6J77WGM-riset/hellopod-np-svc/tcp/",
        ),
    ] {
        assert_eq!(service_chain_base(ns, name, proto, port), expected);
    }
    assert_eq!(
        endpoint_chain_base("riset", "hellopod-np-svc", Protocol::Tcp, "", "10.42.2.218:8080"),
        "VNXJG24O-riset/hellopod-np-svc/tcp/__10.42.2.218/8080"
    );
    // hashAndTruncate keeps names within 240 bytes and never splits a character.
    let long = hash_and_truncate(&"é".repeat(300));
    assert!(long.len() <= 240 && long.ends_with("..."));
}

#[test]
fn proxy_nft_service_and_endpoint_chains_match_the_reference() {
    let mut web = doc_web();
    web.endpoints = vec![ep("10.244.1.4", 8080, "worker-1")];
    let text = nft_list_table(&node("worker-1", "192.168.49.3", vec![web]));
    assert_contains(
        &text,
        "\tchain endpoint-S6J4REDL-default/web/tcp/http__10.244.1.4/8080 {\n\
         \t\tip saddr 10.244.1.4 jump mark-for-masquerade\n\
         \t\tmeta l4proto tcp dnat to 10.244.1.4:8080\n\
         \t}\n",
    );
    assert_contains(
        &text,
        "\tchain service-SUSTUHLJ-default/web/tcp/http {\n\
         \t\tip daddr 10.96.45.12 tcp dport 80 ip saddr != 10.244.0.0/16 jump mark-for-masquerade\n\
         \t\tnumgen random mod 1 vmap { 0 : goto endpoint-S6J4REDL-default/web/tcp/http__10.244.1.4/8080 }\n\
         \t}\n",
    );
    assert_contains(
        &text,
        "\tchain external-SUSTUHLJ-default/web/tcp/http {\n\
         \t\tjump mark-for-masquerade\n\
         \t\tgoto service-SUSTUHLJ-default/web/tcp/http\n\
         \t}\n",
    );
}

/// The services of a real k3s node whose `nft list table ip kube-proxy` we have.
fn k3s_node() -> ProxyInput {
    let one = |ns: &str, name: &str, port_name: &str, cip: &str, port: u16, ep_ip: &str, target: u16| {
        let mut s = svc(ns, name, port_name, cip, port);
        s.endpoints = vec![ep(ep_ip, target, "other")];
        s
    };
    let mut dns = one(
        "kube-system",
        "kube-dns",
        "dns",
        "10.43.0.10",
        53,
        "10.42.0.171",
        53,
    );
    dns.protocol = Protocol::Udp;
    let mut hellopod = one(
        "riset",
        "hellopod-np-svc",
        "",
        "10.43.195.72",
        8000,
        "10.42.2.218",
        8080,
    );
    hellopod.node_port = Some(30000);
    let otlp = svc(
        "riset",
        "otelcol-opentelemetry-collector",
        "otlp",
        "10.43.21.102",
        4317,
    );
    let otlp_http = svc(
        "riset",
        "otelcol-opentelemetry-collector",
        "otlp-http",
        "10.43.21.102",
        4318,
    );
    let mut input = node(
        "k3s-agent",
        "10.34.4.246",
        vec![
            dns,
            one(
                "kube-system",
                "kube-dns",
                "dns-tcp",
                "10.43.0.10",
                53,
                "10.42.0.171",
                53,
            ),
            one(
                "kube-system",
                "kube-dns",
                "metrics",
                "10.43.0.10",
                9153,
                "10.42.0.171",
                9153,
            ),
            one(
                "default",
                "kubernetes",
                "https",
                "10.43.0.1",
                443,
                "10.34.4.142",
                6443,
            ),
            one(
                "kube-system",
                "metrics-server",
                "https",
                "10.43.10.165",
                443,
                "10.42.0.170",
                10250,
            ),
            one(
                "riset",
                "latency-extender-svc",
                "http",
                "10.43.34.64",
                3001,
                "10.42.0.174",
                3001,
            ),
            one(
                "riset",
                "opentelemetry-collector",
                "otlp",
                "10.43.22.243",
                4317,
                "10.42.0.181",
                4317,
            ),
            one(
                "riset",
                "opentelemetry-collector",
                "otlp-http",
                "10.43.22.243",
                4318,
                "10.42.0.181",
                4318,
            ),
            hellopod,
            otlp,
            otlp_http,
        ],
    );
    input.cluster_cidr = "10.42.0.0/16".into();
    input
}

#[test]
fn proxy_nft_listing_matches_a_real_k3s_node() {
    // Blocks copied from the real listing (its indentation tabs restored): element order and
    // line layout, hashes, and the fixed chains. Its chain *order* differs: that node's table
    // had lived through kube-proxy restarts, this one is freshly created.
    let text = nft_list_table(&k3s_node());
    for block in [
        "\tmap service-ips {\n\
         \t\ttype ipv4_addr . inet_proto . inet_service : verdict\n\
         \t\tcomment \"ClusterIP, ExternalIP and LoadBalancer IP traffic\"\n\
         \t\telements = { 10.43.0.10 . tcp . 53 : goto service-NWBZK7IH-kube-system/kube-dns/tcp/dns-tcp,\n\
         \t\t\t     10.43.0.10 . udp . 53 : goto service-FY5PMXPG-kube-system/kube-dns/udp/dns,\n\
         \t\t\t     10.43.195.72 . tcp . 8000 : goto service-P6J77WGM-riset/hellopod-np-svc/tcp/,\n\
         \t\t\t     10.43.34.64 . tcp . 3001 : goto service-LNJAC4UY-riset/latency-extender-svc/tcp/http,\n\
         \t\t\t     10.43.0.1 . tcp . 443 : goto service-2QRHZV4L-default/kubernetes/tcp/https,\n\
         \t\t\t     10.43.10.165 . tcp . 443 : goto service-WXVQUIFM-kube-system/metrics-server/tcp/https,\n\
         \t\t\t     10.43.0.10 . tcp . 9153 : goto service-AS2KJYAD-kube-system/kube-dns/tcp/metrics,\n\
         \t\t\t     10.43.22.243 . tcp . 4317 : goto service-MBV4MU3G-riset/opentelemetry-collector/tcp/otlp,\n\
         \t\t\t     10.43.22.243 . tcp . 4318 : goto service-Y5V7Q7LN-riset/opentelemetry-collector/tcp/otlp-http }\n\
         \t}\n",
        "\tmap service-nodeports {\n\
         \t\ttype inet_proto . inet_service : verdict\n\
         \t\tcomment \"NodePort traffic\"\n\
         \t\telements = { tcp . 30000 : goto external-P6J77WGM-riset/hellopod-np-svc/tcp/ }\n\
         \t}\n",
        "\tset nodeport-ips {\n\
         \t\ttype ipv4_addr\n\
         \t\tcomment \"IPs that accept NodePort traffic\"\n\
         \t\telements = { 10.34.4.246 }\n\
         \t}\n",
        "\tset cluster-ips {\n\
         \t\ttype ipv4_addr\n\
         \t\tcomment \"Active ClusterIPs\"\n\
         \t\telements = { 10.43.0.1, 10.43.0.10,\n\
         \t\t\t     10.43.10.165, 10.43.21.102,\n\
         \t\t\t     10.43.22.243, 10.43.34.64,\n\
         \t\t\t     10.43.195.72 }\n\
         \t}\n",
        "\tmap no-endpoint-services {\n\
         \t\ttype ipv4_addr . inet_proto . inet_service : verdict\n\
         \t\tcomment \"vmap to drop or reject packets to services with no endpoints\"\n\
         \t\telements = { 10.43.21.102 . tcp . 4317 comment \"riset/otelcol-opentelemetry-collector:otlp\" : goto reject-chain,\n\
         \t\t\t     10.43.21.102 . tcp . 4318 comment \"riset/otelcol-opentelemetry-collector:otlp-http\" : goto reject-chain }\n\
         \t}\n",
        "\tmap no-endpoint-nodeports {\n\
         \t\ttype inet_proto . inet_service : verdict\n\
         \t\tcomment \"vmap to drop or reject packets to service nodeports with no endpoints\"\n\
         \t}\n",
        "\tmap firewall-ips {\n\
         \t\ttype ipv4_addr . inet_proto . inet_service : verdict\n\
         \t\tcomment \"destinations that are subject to LoadBalancerSourceRanges\"\n\
         \t}\n",
        "\tchain external-P6J77WGM-riset/hellopod-np-svc/tcp/ {\n\
         \t\tjump mark-for-masquerade\n\
         \t\tgoto service-P6J77WGM-riset/hellopod-np-svc/tcp/\n\
         \t}\n",
        "\tchain service-P6J77WGM-riset/hellopod-np-svc/tcp/ {\n\
         \t\tip daddr 10.43.195.72 tcp dport 8000 ip saddr != 10.42.0.0/16 jump mark-for-masquerade\n\
         \t\tnumgen random mod 1 vmap { 0 : goto endpoint-VNXJG24O-riset/hellopod-np-svc/tcp/__10.42.2.218/8080 }\n\
         \t}\n",
        "\tchain filter-prerouting {\n\
         \t\ttype filter hook prerouting priority dstnat - 10; policy accept;\n\
         \t\tct state new jump firewall-check\n\
         \t}\n",
        "\tchain filter-input {\n\
         \t\ttype filter hook input priority -110; policy accept;\n\
         \t\tct state new jump nodeport-endpoints-check\n\
         \t\tct state new jump service-endpoints-check\n\
         \t}\n",
        "\tchain filter-forward {\n\
         \t\ttype filter hook forward priority -110; policy accept;\n\
         \t\tct state new jump service-endpoints-check\n\
         \t\tct state new jump cluster-ips-check\n\
         \t}\n",
        "\tchain filter-output {\n\
         \t\ttype filter hook output priority -110; policy accept;\n\
         \t\tct state new jump service-endpoints-check\n\
         \t\tct state new jump firewall-check\n\
         \t}\n",
        "\tchain filter-output-post-dnat {\n\
         \t\ttype filter hook output priority -90; policy accept;\n\
         \t\tct state new jump cluster-ips-check\n\
         \t}\n",
        "\tchain nat-output {\n\
         \t\ttype nat hook output priority -100; policy accept;\n\
         \t\tjump services\n\
         \t}\n",
        "\tchain nat-postrouting {\n\
         \t\ttype nat hook postrouting priority srcnat; policy accept;\n\
         \t\tjump masquerading\n\
         \t}\n",
        "\tchain nat-prerouting {\n\
         \t\ttype nat hook prerouting priority dstnat; policy accept;\n\
         \t\tjump services\n\
         \t}\n",
        "\tchain services {\n\
         \t\tip daddr . meta l4proto . th dport vmap @service-ips\n\
         \t\tip daddr @nodeport-ips meta l4proto . th dport vmap @service-nodeports\n\
         \t}\n",
        "\tchain nodeport-endpoints-check {\n\
         \t\tip daddr @nodeport-ips meta l4proto . th dport vmap @no-endpoint-nodeports\n\
         \t}\n",
        "\tchain service-endpoints-check {\n\
         \t\tip daddr . meta l4proto . th dport vmap @no-endpoint-services\n\
         \t}\n",
        "\tchain firewall-check {\n\
         \t\tip daddr . meta l4proto . th dport vmap @firewall-ips\n\
         \t}\n",
        "\tchain masquerading {\n\
         \t\tmeta mark & 0x00004000 == 0x00000000 return\n\
         \t\tmeta mark set meta mark ^ 0x00004000\n\
         \t\tmasquerade fully-random\n\
         \t}\n",
        "\tchain cluster-ips-check {\n\
         \t\tip daddr @cluster-ips reject comment \"Reject traffic to invalid ports of ClusterIPs\"\n",
        "\tchain mark-for-masquerade {\n\
         \t\tmeta mark set meta mark | 0x00004000\n\
         \t}\n",
        "\tchain reject-chain {\n\
         \t\tcomment \"helper for @no-endpoint-services / @no-endpoint-nodeports\"\n\
         \t\treject\n\
         \t}\n",
        "\tchain endpoint-MIBO4EMV-default/kubernetes/tcp/https__10.34.4.142/6443 {\n\
         \t\tip saddr 10.34.4.142 jump mark-for-masquerade\n\
         \t\tmeta l4proto tcp dnat to 10.34.4.142:6443\n\
         \t}\n",
        "\tchain endpoint-S4FSIJI2-kube-system/kube-dns/udp/dns__10.42.0.171/53 {\n\
         \t\tip saddr 10.42.0.171 jump mark-for-masquerade\n\
         \t\tmeta l4proto udp dnat to 10.42.0.171:53\n\
         \t}\n",
    ] {
        assert_contains(&text, block);
    }
    assert!(
        text.starts_with("table ip kube-proxy {\n\tcomment \"rules for kube-proxy\"\n\tset cluster-ips {\n")
    );
    assert!(text.ends_with("\t}\n}\n"));
}

#[test]
fn proxy_nft_golden_listings() {
    golden::check(
        "doc-4-3.nft",
        &nft_list_table(&node("worker-1", "192.168.49.3", vec![doc_web()])),
    );
    golden::check("showcase.nft", &nft_list_table(&showcase()));
}

#[test]
fn proxy_nft_walk_follows_maps_and_numgen() {
    let table = build_table(&node("worker-1", "192.168.49.3", vec![doc_web()]));
    let p = packet("10.244.5.5", "10.96.45.12", 80, Protocol::Tcp);
    // 0.5 * 3 → numgen picks index 1: the second endpoint in string order.
    let trace = evaluate(&table, &p, &mut || 0.5, &never);
    assert_eq!(
        trace.verdict,
        Verdict::Dnat {
            ip: "10.244.2.7".into(),
            port: 8080,
            masquerade: false
        }
    );
    let walked: Vec<&str> = trace.steps.iter().map(|s| s.chain.as_str()).collect();
    assert_eq!(
        walked,
        [
            "filter-prerouting",
            "firewall-check",
            "nat-prerouting",
            "services",
            "@service-ips",
            "service-SUSTUHLJ-default/web/tcp/http",
            walked[6],
            "filter-forward",
            "service-endpoints-check",
            "filter-forward",
            "nat-postrouting",
            "masquerading",
        ]
    );
    assert!(walked[6].starts_with("endpoint-") && walked[6].ends_with("__10.244.2.7/8080"));
    assert_eq!(
        trace.steps[4].rule,
        "10.96.45.12 . tcp . 80 : goto service-SUSTUHLJ-default/web/tcp/http"
    );
    let listing = nft_list(&table);
    for step in trace.steps.iter().filter(|s| !s.chain.starts_with('@')) {
        assert!(
            listing.lines().any(|l| l.trim_start() == step.rule),
            "{}",
            step.rule
        );
    }
}

#[test]
fn proxy_nft_three_endpoints_share_traffic_evenly() {
    let table = build_table(&node("worker-1", "192.168.49.3", vec![doc_web()]));
    let p = packet("10.244.5.5", "10.96.45.12", 80, Protocol::Tcp);
    let mut rng = Lcg(99);
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    let n = 30_000;
    for _ in 0..n {
        if let Verdict::Dnat { ip, .. } = evaluate(&table, &p, &mut || rng.next_f64(), &never).verdict {
            *counts.entry(ip).or_default() += 1;
        }
    }
    assert_eq!(counts.values().sum::<usize>(), n);
    for (ip, count) in &counts {
        let share = *count as f64 / n as f64;
        assert!((share - 1.0 / 3.0).abs() < 0.015, "{ip}: {share} ({counts:?})");
    }
}

#[test]
fn proxy_nft_affinity_sets_pin_a_remembered_client() {
    let mut web = doc_web();
    web.session_affinity_timeout = Some(10800);
    let input = node("worker-1", "192.168.49.3", vec![web]);
    let table = build_table(&input);
    let pinned = format!(
        "affinity-{}",
        endpoint_chain_base("default", "web", Protocol::Tcp, "http", "10.244.3.9:8080")
    );
    let text = nft_list(&table);
    assert_contains(
        &text,
        &format!("\tset {pinned} {{\n\t\ttype ipv4_addr\n\t\tflags dynamic,timeout\n\t\ttimeout 3h\n\t}}\n"),
    );
    assert_contains(&text, &format!("\t\tupdate @{pinned} {{ ip saddr }}\n"));
    let p = packet("10.244.5.5", "10.96.45.12", 80, Protocol::Tcp);
    let mut rng = Lcg(5);
    for _ in 0..20 {
        let trace = evaluate(&table, &p, &mut || rng.next_f64(), &|set: &str| set == pinned);
        assert_eq!(
            trace.verdict,
            Verdict::Dnat {
                ip: "10.244.3.9".into(),
                port: 8080,
                masquerade: false
            }
        );
        assert_eq!(trace.affinity_updates.as_slice(), std::slice::from_ref(&pinned));
    }
}

#[test]
fn proxy_nft_walk_survives_looping_chains() {
    let mut table = build_table(&node("n", "10.0.0.1", Vec::new()));
    for (name, next) in [("loop-a", "loop-b"), ("loop-b", "loop-a")] {
        table.chains.push(NftChain {
            name: name.into(),
            comment: None,
            base: None,
            rules: vec![NftRule {
                matches: Vec::new(),
                action: NftAction::Verdict(NftVerdict::Jump(next.into())),
                comment: None,
            }],
        });
    }
    if let Some(services) = table.chains.iter_mut().find(|c| c.name == "services") {
        services.rules.insert(
            0,
            NftRule {
                matches: Vec::new(),
                action: NftAction::Verdict(NftVerdict::Jump("loop-a".into())),
                comment: None,
            },
        );
    }
    let p = packet("10.244.5.5", "10.96.45.12", 80, Protocol::Tcp);
    assert_eq!(
        evaluate(&table, &p, &mut || 0.5, &never).verdict,
        Verdict::NoMatch
    );
}
