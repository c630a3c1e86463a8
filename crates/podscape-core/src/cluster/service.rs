//! Services as the API server and the cloud controller treat them: ClusterIP and nodePort
//! allocation (random, upper band first, conflicts rejected with the real messages) and a
//! load-balancer controller that gives LoadBalancer Services an address after a short
//! `<pending>`.

use std::collections::BTreeSet;

use rand_core::RngCore;

use super::{Cluster, Service};
use crate::api::addr::{in_service_cidr, Ipv4};
use crate::api::SERVICE_CIDR;
use crate::diagnostic::Diagnostic;
use crate::manifest::{self, Object};

/// `--service-node-port-range` default.
pub const NODE_PORT_MIN: i32 = 30000;
pub const NODE_PORT_MAX: i32 = 32767;
/// The low band kept for static picks: `min(max(16, size/32), 128)` ports.
const NODE_PORT_STATIC_BAND: i32 = 86;
/// The ClusterIP range, kind's 10.96.0.0/16 (kubeadm's default is a /12): offsets from the network address; the network and broadcast addresses
/// are never handed out, the first 256 are the band kept for static picks.
const CLUSTER_IP_BASE: u32 = 0x0a60_0000;
const CLUSTER_IP_SIZE: u32 = 1 << 16;
const CLUSTER_IP_STATIC_BAND: u32 = 256;
/// Random picks tried before the allocators scan for a free value: far more than a range
/// that is not nearly full needs, so the draws (and every golden) are as before.
const RANDOM_TRIES: usize = 64;

/// `ErrFull` wrapped by the registry (`alloc.go`) in `NewInternalError`; kubectl prints it as
/// `Error from server (InternalError): error when creating "svc.yaml": …`.
pub const NODE_PORT_RANGE_FULL: &str =
    "Internal error occurred: failed to allocate a nodePort: range is full";
pub const SERVICE_IP_RANGE_FULL: &str =
    "Internal error occurred: failed to allocate a serviceIP: range is full";

fn u32_to_ip(ip: u32) -> String {
    Ipv4(ip).to_string()
}

/// How long the simulated cloud takes to provision a load balancer.
pub const LOAD_BALANCER_DELAY_MS: u64 = 3_000;
/// Load balancer addresses come from the kind network's top (like cloud-provider-kind).
const LOAD_BALANCER_BASE: &str = "172.18.255.";

fn ip_to_u32(ip: &str) -> Option<u32> {
    Ipv4::parse(ip).map(|ip| ip.0)
}

impl Cluster {
    /// Rejects what the API server's allocators would: a requested ClusterIP outside
    /// 10.96.0.0/16 or taken, a requested nodePort already allocated.
    pub(super) fn check_allocations(&self, objects: &[Object]) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        for object in objects {
            let Object::Service(s) = object else { continue };
            let key = (s.namespace.clone(), s.name.clone());
            let others = || self.services.iter().filter(|(k, _)| **k != key).map(|(_, v)| v);
            if let Some(ip) = s
                .cluster_ip
                .as_deref()
                .filter(|ip| !ip.is_empty() && *ip != "None")
            {
                let in_range = in_service_cidr(ip);
                let message = if !in_range {
                    Some(format!(
                        "spec.clusterIPs: Invalid value: [\"{ip}\"]: failed to allocate IP {ip}: the provided IP ({ip}) is not in the valid range. The range of valid IPs is {SERVICE_CIDR}"
                    ))
                } else if others().any(|o| o.cluster_ip == ip) {
                    Some(format!(
                        "spec.clusterIPs: Invalid value: [\"{ip}\"]: failed to allocate IP {ip}: provided IP is already allocated"
                    ))
                } else {
                    None
                };
                if let Some(message) = message {
                    out.push(
                        Diagnostic::error(
                            s.line,
                            1,
                            "spec.clusterIP",
                            format!("Service \"{}\" is invalid: {message}", s.name),
                        )
                        .with_hint("leave `clusterIP` out and the cluster picks a free address"),
                    );
                }
            }
            for (i, port) in s.ports.iter().enumerate() {
                let Some(wanted) = port.node_port else { continue };
                let taken = others().any(|o| o.node_ports.contains(&Some(wanted)));
                if taken {
                    out.push(
                        Diagnostic::error(
                            s.line,
                            1,
                            format!("spec.ports[{i}].nodePort"),
                            format!(
                                "Service \"{}\" is invalid: spec.ports[{i}].nodePort: Invalid value: {wanted}: provided port is already allocated",
                                s.name
                            ),
                        )
                        .with_hint("leave `nodePort` out and the cluster picks a free port in 30000-32767"),
                    );
                }
            }
        }
        out.extend(self.check_ranges(objects));
        out
    }

    /// A dry run of the allocators over the whole apply: the first Service whose dynamic
    /// ClusterIP or nodePorts do not fit in what is free gets the API server's `range is
    /// full`. Apply is all or nothing, so `apply_service` then never finds a range full.
    fn check_ranges(&self, objects: &[Object]) -> Vec<Diagnostic> {
        let services: Vec<&manifest::Service> = objects
            .iter()
            .filter_map(|o| match o {
                Object::Service(s) => Some(s),
                _ => None,
            })
            .collect();
        let applied: BTreeSet<(&str, &str)> = services
            .iter()
            .map(|s| (s.namespace.as_str(), s.name.as_str()))
            .collect();
        let others = || {
            self.services
                .iter()
                .filter(|(k, _)| !applied.contains(&(k.0.as_str(), k.1.as_str())))
                .map(|(_, v)| v)
        };
        // ClusterIPs: every Service not applied now keeps its address.
        let mut ips_used = others().filter(|o| ip_to_u32(&o.cluster_ip).is_some()).count();
        // nodePorts: those of other Services, then those this apply requests or keeps.
        let mut ports_used: BTreeSet<i32> = others()
            .flat_map(|o| o.node_ports.iter().flatten().copied())
            .collect();
        let mut dynamic = Vec::with_capacity(services.len());
        for s in &services {
            let existing = self.services.get(&(s.namespace.clone(), s.name.clone()));
            // A ClusterIP is allocated only when a Service is created without one.
            let (needs_ip, holds_ip) = match existing {
                Some(e) => (false, ip_to_u32(&e.cluster_ip).is_some()),
                None => {
                    let requested = s.cluster_ip.as_deref().filter(|ip| !ip.is_empty());
                    let needs = requested.is_none() && s.service_type != "ExternalName";
                    (needs, requested.and_then(ip_to_u32).is_some())
                }
            };
            ips_used += usize::from(holds_ip);
            let mut needs_ports = 0;
            if matches!(s.service_type.as_str(), "NodePort" | "LoadBalancer") {
                for p in &s.ports {
                    let kept = p.node_port.or_else(|| {
                        let e = existing?;
                        let j = e.spec.ports.iter().position(|o| o.port == p.port)?;
                        e.node_ports.get(j).copied().flatten()
                    });
                    match kept {
                        Some(port) => {
                            ports_used.insert(port);
                        }
                        None => needs_ports += 1,
                    }
                }
            }
            dynamic.push((s, needs_ip, needs_ports));
        }
        ports_used.retain(|p| (NODE_PORT_MIN..=NODE_PORT_MAX).contains(p));
        let ips_free = (CLUSTER_IP_SIZE as usize - 2).saturating_sub(ips_used);
        let ports_free = ((NODE_PORT_MAX - NODE_PORT_MIN + 1) as usize).saturating_sub(ports_used.len());
        let (mut ips_wanted, mut ports_wanted) = (0, 0);
        for (s, needs_ip, needs_ports) in dynamic {
            ips_wanted += usize::from(needs_ip);
            ports_wanted += needs_ports;
            let message = if ips_wanted > ips_free {
                SERVICE_IP_RANGE_FULL
            } else if ports_wanted > ports_free {
                NODE_PORT_RANGE_FULL
            } else {
                continue;
            };
            return vec![Diagnostic::error(s.line, 1, "spec", message.to_string())
                .with_hint("delete Services you no longer need to free their addresses and ports")];
        }
        Vec::new()
    }

    pub(super) fn apply_service(&mut self, s: &manifest::Service) -> &'static str {
        let key = (s.namespace.clone(), s.name.clone());
        let external = matches!(s.service_type.as_str(), "NodePort" | "LoadBalancer");
        if let Some(existing) = self.services.get(&key).cloned() {
            if existing.spec.raw == s.raw {
                return "unchanged";
            }
            // Allocated nodePorts survive an update that keeps the port.
            let kept: Vec<Option<i32>> = s
                .ports
                .iter()
                .map(|p| {
                    p.node_port.or_else(|| {
                        existing
                            .spec
                            .ports
                            .iter()
                            .position(|o| o.port == p.port)
                            .and_then(|i| existing.node_ports[i])
                    })
                })
                .collect();
            let node_ports = if external {
                self.allocate_node_ports(s, kept)
            } else {
                vec![None; s.ports.len()]
            };
            let lb = (s.service_type == "LoadBalancer")
                .then(|| existing.load_balancer_ip.clone())
                .flatten();
            if let Some(existing) = self.services.get_mut(&key) {
                existing.spec = s.clone();
                existing.node_ports = node_ports;
                existing.load_balancer_ip = lb;
            }
            return "configured";
        }
        // A requested ClusterIP (or `None` for headless) is kept; otherwise one is allocated.
        let cluster_ip = match &s.cluster_ip {
            Some(ip) if !ip.is_empty() => ip.clone(),
            _ if s.service_type == "ExternalName" => "<none>".to_string(),
            _ => self.allocate_cluster_ip(),
        };
        let requested: Vec<Option<i32>> = s.ports.iter().map(|p| p.node_port).collect();
        let node_ports = if external {
            self.allocate_node_ports(s, requested)
        } else {
            vec![None; s.ports.len()]
        };
        let slice_name = crate::names::generate_name(&mut self.rng, &format!("{}-", s.name));
        let created_ms = self.now_ms;
        self.services.insert(
            key,
            Service {
                spec: s.clone(),
                cluster_ip,
                created_ms,
                slice_name,
                node_ports,
                load_balancer_ip: None,
            },
        );
        "created"
    }

    /// ClusterIPs come from 10.96.0.0/16. Like the real allocator, dynamic allocation takes a
    /// random free address above the low band reserved for static requests (the first 256),
    /// then the low band once the upper one is full. Bounded: a few random picks, then one
    /// scan; `check_ranges` has made sure an address is free (else the broadcast address,
    /// never reached).
    fn allocate_cluster_ip(&mut self) -> String {
        let span = CLUSTER_IP_SIZE - CLUSTER_IP_STATIC_BAND - 1;
        let taken: BTreeSet<u32> = self
            .services
            .values()
            .filter_map(|s| ip_to_u32(&s.cluster_ip))
            .collect();
        let mut start = CLUSTER_IP_STATIC_BAND;
        for _ in 0..RANDOM_TRIES {
            start = CLUSTER_IP_STATIC_BAND + self.rng.next_u32() % span;
            if !taken.contains(&(CLUSTER_IP_BASE + start)) {
                return u32_to_ip(CLUSTER_IP_BASE + start);
            }
        }
        // randomScanStrategyWithOffset: on from the last pick through the upper band, then
        // the low band.
        let upper = (start..CLUSTER_IP_STATIC_BAND + span).chain(CLUSTER_IP_STATIC_BAND..start);
        let offset = upper
            .chain(1..CLUSTER_IP_STATIC_BAND)
            .find(|o| !taken.contains(&(CLUSTER_IP_BASE + o)))
            .unwrap_or(CLUSTER_IP_SIZE - 1);
        u32_to_ip(CLUSTER_IP_BASE + offset)
    }

    /// Fills the ports without a nodePort with random free ones above the static band.
    fn allocate_node_ports(
        &mut self,
        s: &manifest::Service,
        mut ports: Vec<Option<i32>>,
    ) -> Vec<Option<i32>> {
        let key = (s.namespace.clone(), s.name.clone());
        let mut taken: BTreeSet<i32> = self
            .services
            .iter()
            .filter(|(k, _)| **k != key)
            .flat_map(|(_, v)| v.node_ports.iter().flatten().copied())
            .chain(ports.iter().flatten().copied())
            .collect();
        let low = NODE_PORT_MIN + NODE_PORT_STATIC_BAND;
        let span = (NODE_PORT_MAX - low + 1) as u32;
        for slot in ports.iter_mut().filter(|p| p.is_none()) {
            // A few random picks in the upper band (as before: the same draws), then a scan
            // on from the last pick, then the static band, like the bitmap allocator's
            // randomScanStrategyWithOffset. `check_ranges` made sure one is free.
            let mut candidate = low;
            let mut found = None;
            for _ in 0..RANDOM_TRIES {
                candidate = low + (self.rng.next_u32() % span) as i32;
                if !taken.contains(&candidate) {
                    found = Some(candidate);
                    break;
                }
            }
            let found = found.or_else(|| {
                (candidate..=NODE_PORT_MAX)
                    .chain(low..candidate)
                    .chain(NODE_PORT_MIN..low)
                    .find(|p| !taken.contains(p))
            });
            let Some(port) = found else { break };
            taken.insert(port);
            *slot = Some(port);
        }
        ports
    }

    /// The lowest address of the load-balancer pool no Service (nor the ingress controller)
    /// holds.
    pub(super) fn free_load_balancer_ip(&self) -> String {
        (200..=254)
            .map(|n| format!("{LOAD_BALANCER_BASE}{n}"))
            .find(|ip| {
                self.ingress_address() != Some(ip.as_str())
                    && !self
                        .services
                        .values()
                        .any(|s| s.load_balancer_ip.as_deref() == Some(ip.as_str()))
            })
            .unwrap_or_else(|| format!("{LOAD_BALANCER_BASE}255"))
    }

    /// The simulated cloud controller: a LoadBalancer Service gets the next free address a
    /// few seconds after it was created; until then kubectl shows `<pending>`.
    pub(super) fn provision_load_balancers(&mut self) {
        let now = self.now_ms;
        let used: Vec<String> = self
            .services
            .values()
            .filter_map(|s| s.load_balancer_ip.clone())
            .chain(self.ingress_address().map(str::to_string))
            .collect();
        let mut next = 200;
        let mut provisioned = Vec::new();
        for (key, s) in self.services.iter_mut() {
            if s.spec.service_type != "LoadBalancer" || s.load_balancer_ip.is_some() {
                continue;
            }
            if now < s.created_ms + LOAD_BALANCER_DELAY_MS {
                continue;
            }
            while used.contains(&format!("{LOAD_BALANCER_BASE}{next}"))
                || provisioned
                    .iter()
                    .any(|(_, ip): &(String, String)| *ip == format!("{LOAD_BALANCER_BASE}{next}"))
            {
                next += 1;
            }
            let ip = format!("{LOAD_BALANCER_BASE}{next}");
            s.load_balancer_ip = Some(ip.clone());
            provisioned.push((format!("{}/{}", key.0, key.1), ip));
        }
        for (svc, ip) in provisioned {
            let (ns, name) = svc.split_once('/').unwrap_or(("default", ""));
            self.record(
                ns,
                "Normal",
                format!("service/{name}"),
                "EnsuredLoadBalancer",
                format!("Ensured load balancer {ip}"),
            );
        }
    }
}
