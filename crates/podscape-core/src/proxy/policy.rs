//! What kube-proxy derives from a service port before it writes a single rule: its name, the
//! hashes chains are named after, and which endpoints each traffic policy may use
//! (`pkg/proxy/topology.go` `CategorizeEndpoints`).

use crate::sort::SmallSort;
use sha2::{Digest, Sha256};

use super::{ProxyInput, ServicePort, TrafficPolicy};
use crate::api::addr::Ipv4;

/// `proxy.ServicePortName.String()`: `ns/svc`, plus `:port` when the port is named.
pub fn service_port_name(namespace: &str, service: &str, port_name: &str) -> String {
    if port_name.is_empty() {
        format!("{namespace}/{service}")
    } else {
        format!("{namespace}/{service}:{port_name}")
    }
}

/// `base32.StdEncoding.EncodeToString(sha256.Sum256(s))`, the root of every chain name.
pub(crate) fn sha256_base32(s: &str) -> String {
    data_encoding::BASE32.encode(&sha256_bytes(s))
}

pub(crate) fn sha256_bytes(s: &str) -> [u8; 32] {
    Sha256::digest(s.as_bytes()).into()
}

/// The longest prefix of `s` of at most `max` bytes that ends on a character boundary. Go
/// slices bytes; user-supplied names may hold non-ASCII text, and Rust must not split a char.
pub(crate) fn prefix_bytes(s: &str, max: usize) -> &str {
    let mut end = max.min(s.len());
    while end > 0 && !s.is_char_boundary(end) {
        end -= 1;
    }
    s.get(..end).unwrap_or("")
}

/// One usable endpoint of a service port.
#[derive(Clone, Debug)]
pub(crate) struct EndpointView {
    pub ip: Ipv4,
    pub port: u16,
    /// `net.JoinHostPort(ip, port)`: the string endpoints are sorted, hashed and printed by.
    pub text: String,
    pub local: bool,
    pub ready: bool,
    pub serving: bool,
    pub terminating: bool,
}

/// A service port as kube-proxy's `ServicePortMap` holds it, after validation.
#[derive(Clone, Debug)]
pub(crate) struct ServiceView<'a> {
    pub port: &'a ServicePort,
    /// `ns/svc:port`.
    pub name: String,
    pub cluster_ip: Ipv4,
    pub external_ips: Vec<Ipv4>,
    pub lb_ips: Vec<Ipv4>,
    pub node_port: Option<u16>,
    pub internal_local: bool,
    pub external_local: bool,
    /// Sorted by `text`, as `endpointslicecache.go` sorts them (`byEndpoint`), so
    /// `10.244.0.10:80` comes before `10.244.0.9:80`.
    pub endpoints: Vec<EndpointView>,
}

/// `CategorizeEndpoints`' result, as indexes into [`ServiceView::endpoints`].
#[derive(Clone, Debug, Default)]
pub(crate) struct Categorized {
    /// Endpoints for `Cluster` traffic policy.
    pub cluster: Vec<usize>,
    /// Endpoints for `Local` traffic policy.
    pub local: Vec<usize>,
    /// Every endpoint some policy may reach: these get endpoint chains.
    pub reachable: Vec<usize>,
    /// Whether the service has any usable endpoint on any node.
    pub has_any: bool,
}

impl ServiceView<'_> {
    pub fn protocol(&self) -> super::Protocol {
        self.port.protocol
    }

    pub fn affinity(&self) -> Option<u32> {
        self.port.session_affinity_timeout
    }

    /// `BaseServicePortInfo.ExternallyAccessible`.
    pub fn externally_accessible(&self) -> bool {
        self.node_port.is_some() || !self.lb_ips.is_empty() || !self.external_ips.is_empty()
    }

    /// `UsesClusterEndpoints`: some traffic is routed with the `Cluster` policy. An externally
    /// accessible port always is: even with `externalTrafficPolicy: Local`, pods and the node
    /// itself reach its NodePort through the cluster chain ("short circuiting";
    /// `pkg/proxy/serviceport.go`).
    pub fn uses_cluster_endpoints(&self) -> bool {
        !self.internal_local || self.externally_accessible()
    }

    /// `UsesLocalEndpoints`: some traffic is routed with the `Local` policy.
    pub fn uses_local_endpoints(&self) -> bool {
        self.internal_local || self.external_local
    }

    /// `CategorizeEndpoints` without topology hints (the input carries no zones): ready
    /// endpoints, falling back to serving-and-terminating ones when none is ready.
    pub fn categorize(&self) -> Categorized {
        let eps = &self.endpoints;
        let pick = |keep: &dyn Fn(&EndpointView) -> bool| -> Vec<usize> {
            eps.iter()
                .enumerate()
                .filter(|(_, e)| keep(e))
                .map(|(i, _)| i)
                .collect()
        };
        let mut out = Categorized::default();
        if self.uses_cluster_endpoints() {
            out.cluster = pick(&|e| e.ready);
            if out.cluster.is_empty() {
                // Best effort to avoid dropping connections while a rollout replaces the last
                // ready pod; topology is deliberately ignored here, as upstream does.
                out.cluster = pick(&|e| e.serving && e.terminating);
            }
            out.has_any = !out.cluster.is_empty();
        }
        if !self.uses_local_endpoints() {
            out.reachable = out.cluster.clone();
            return out;
        }
        let (mut local_ready, mut local_serving_terminating) = (false, false);
        for e in eps {
            if e.ready {
                out.has_any = true;
                local_ready |= e.local;
            } else if e.serving && e.terminating {
                out.has_any = true;
                local_serving_terminating |= e.local;
            }
        }
        if local_ready {
            out.local = pick(&|e| e.local && e.ready);
        } else if local_serving_terminating {
            out.local = pick(&|e| e.local && e.serving && e.terminating);
        }
        if !self.uses_cluster_endpoints() {
            out.reachable = out.local.clone();
            return out;
        }
        // Upstream merges the two lists through a Go map (random order); the union in
        // endpoint order is one of the orders it can produce, and the only stable one.
        let mut reachable: Vec<usize> = out.cluster.iter().chain(out.local.iter()).copied().collect();
        reachable.small_sort();
        reachable.dedup();
        out.reachable = reachable;
        out
    }
}

/// The service ports kube-proxy would program, in a stable order.
///
/// Upstream iterates a Go map, so real rule order across services is random on every sync;
/// sorting by service port name (then protocol) is one of those orders and keeps output stable.
/// Headless ports and ports whose ClusterIP is not an IPv4 address are skipped, as the
/// single-stack IPv4 proxier skips them; invalid endpoint or external addresses are dropped.
pub(crate) fn service_views(input: &ProxyInput) -> Vec<ServiceView<'_>> {
    let mut views: Vec<ServiceView<'_>> = Vec::new();
    for sp in &input.service_ports {
        let Some(cluster_ip) = sp.cluster_ip.as_deref().and_then(Ipv4::parse) else {
            continue;
        };
        let name = service_port_name(&sp.namespace, &sp.service, &sp.port_name);
        if views
            .iter()
            .any(|v| v.name == name && v.port.protocol == sp.protocol)
        {
            // The ServicePortMap is keyed by name and protocol: a duplicate cannot exist.
            continue;
        }
        let mut endpoints: Vec<EndpointView> = Vec::new();
        for ep in &sp.endpoints {
            let Some(ip) = Ipv4::parse(&ep.ip) else { continue };
            if ep.port == 0 {
                continue;
            }
            let text = format!("{ip}:{}", ep.port);
            if endpoints.iter().any(|e| e.text == text) {
                continue;
            }
            endpoints.push(EndpointView {
                ip,
                port: ep.port,
                text,
                local: ep.node_name == input.node_name,
                ready: ep.ready,
                serving: ep.serving,
                terminating: ep.terminating,
            });
        }
        endpoints.small_sort_by(|a, b| a.text.cmp(&b.text));
        let parse_all = |ips: &[String]| ips.iter().filter_map(|s| Ipv4::parse(s)).collect::<Vec<_>>();
        let mut view = ServiceView {
            port: sp,
            name,
            cluster_ip,
            external_ips: parse_all(&sp.external_ips),
            lb_ips: parse_all(&sp.load_balancer_ips),
            node_port: sp.node_port.filter(|&p| p != 0),
            internal_local: sp.internal_traffic_policy == TrafficPolicy::Local,
            external_local: false,
            endpoints,
        };
        // `externalPolicyLocal` is only set for externally accessible services.
        view.external_local =
            view.externally_accessible() && sp.external_traffic_policy == TrafficPolicy::Local;
        views.push(view);
    }
    views.small_sort_by(|a, b| (&a.name, a.port.protocol).cmp(&(&b.name, b.port.protocol)));
    views
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::proxy::tests::{ep, svc};

    #[test]
    fn proxy_service_port_name_follows_kube_proxy() {
        assert_eq!(service_port_name("default", "web", "http"), "default/web:http");
        assert_eq!(service_port_name("default", "nginx", ""), "default/nginx");
    }

    #[test]
    fn proxy_endpoints_sort_as_strings_and_fall_back_to_terminating() {
        let mut sp = svc("default", "web", "http", "10.96.45.12", 80);
        sp.endpoints = vec![ep("10.244.0.9", 80, "n1"), ep("10.244.0.10", 80, "n1")];
        let input = ProxyInput {
            node_name: "n1".into(),
            node_ip: "192.168.49.2".into(),
            cluster_cidr: "10.244.0.0/16".into(),
            service_ports: vec![sp.clone()],
        };
        let views = service_views(&input);
        let texts: Vec<&str> = views[0].endpoints.iter().map(|e| e.text.as_str()).collect();
        assert_eq!(texts, ["10.244.0.10:80", "10.244.0.9:80"]);

        // No ready endpoint: serving-and-terminating ones are used; not-serving ones never.
        sp.endpoints[0].ready = false;
        sp.endpoints[1].ready = false;
        sp.endpoints[1].terminating = true;
        sp.endpoints[0].serving = false;
        sp.endpoints[0].terminating = true;
        let input = ProxyInput {
            service_ports: vec![sp],
            ..input
        };
        let views = service_views(&input);
        let cat = views[0].categorize();
        assert_eq!(cat.cluster, vec![0]);
        assert!(cat.has_any);
        assert_eq!(views[0].endpoints[0].text, "10.244.0.10:80");
    }

    #[test]
    fn proxy_prefix_bytes_never_splits_a_char() {
        assert_eq!(prefix_bytes("héllo", 2), "h");
        assert_eq!(prefix_bytes("abc", 10), "abc");
    }
}
