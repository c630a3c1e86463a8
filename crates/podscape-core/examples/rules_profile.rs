//! Renders iptables-save for 1,000 Services x 10 endpoints repeatedly: a target for profilers.
use podscape_core::proxy::{self, Endpoint, Protocol, ProxyInput, ProxyMode, ServicePort, TrafficPolicy};

fn big_proxy_input(services: usize, endpoints: usize) -> ProxyInput {
    let service_ports = (0..services)
        .map(|s| ServicePort {
            namespace: "default".into(),
            service: format!("svc-{s}"),
            port_name: "http".into(),
            protocol: Protocol::Tcp,
            cluster_ip: Some(format!("10.96.{}.{}", 1 + s / 250, 1 + s % 250)),
            port: 80,
            node_port: None,
            load_balancer_ips: Vec::new(),
            external_ips: Vec::new(),
            session_affinity_timeout: None,
            external_traffic_policy: TrafficPolicy::Cluster,
            internal_traffic_policy: TrafficPolicy::Cluster,
            endpoints: (0..endpoints)
                .map(|e| Endpoint {
                    ip: format!("10.244.{}.{}", e % 100, 2 + s % 250),
                    port: 8080,
                    node_name: format!("node-{}", e % 100),
                    ready: true,
                    serving: true,
                    terminating: false,
                })
                .collect(),
        })
        .collect();
    ProxyInput {
        node_name: "node-0".into(),
        node_ip: "172.18.0.2".into(),
        cluster_cidr: "10.244.0.0/16".into(),
        service_ports,
    }
}

fn main() {
    let input = big_proxy_input(1_000, 10);
    let mut n = 0;
    for _ in 0..20 {
        n += proxy::render(ProxyMode::Iptables, &input).len();
    }
    println!("{n}");
}
