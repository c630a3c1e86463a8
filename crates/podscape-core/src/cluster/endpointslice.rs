//! The EndpointSlice controller, after `staging/src/k8s.io/endpointslice`: which pod addresses
//! back a Service, with the ready/serving/terminating conditions kube-proxy reads.

use super::{selector_matches, Cluster, Pod, Service};
use crate::manifest::IntOrString;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EndpointConditions {
    pub ready: bool,
    pub serving: bool,
    pub terminating: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SliceEndpoint {
    pub address: String,
    pub node_name: Option<String>,
    pub pod: String,
    pub conditions: EndpointConditions,
}

/// A slice's port: the Service port's name and the resolved target port.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SlicePort {
    pub name: String,
    pub port: i32,
    pub protocol: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EndpointSlice {
    pub name: String,
    pub service: String,
    pub namespace: String,
    pub ports: Vec<SlicePort>,
    pub endpoints: Vec<SliceEndpoint>,
}

/// `podutil.FindPort`: an int target port as is; a name looked up in the pod's containers.
pub fn resolve_target_port(target: &IntOrString, pod: &Pod) -> Option<i32> {
    match target {
        IntOrString::Int(port) => Some(*port),
        IntOrString::String(name) => pod
            .template
            .containers
            .iter()
            .flat_map(|c| &c.ports)
            .find(|p| p.name.as_deref() == Some(name.as_str()))
            .map(|p| p.container_port),
    }
}

impl Cluster {
    /// The Service's EndpointSlice, computed from the pods as the controller would keep it.
    /// `None` for a Service without a selector: the controller manages nothing then.
    pub fn endpoint_slice(&self, service: &Service) -> Option<EndpointSlice> {
        if service.spec.namespace == "default" && service.spec.name == "kubernetes" {
            return Some(self.apiserver_slice(service));
        }
        if service.spec.selector.is_empty() {
            return None;
        }
        let pods: Vec<&Pod> = self
            .pods
            .iter()
            .filter(|p| p.namespace == service.spec.namespace && p.ip.is_some())
            .filter(|p| selector_matches(&service.spec.selector, &p.labels))
            .map(|p| &**p)
            .collect();
        // Pods lacking a named target port are left out of that port's slice.
        let eligible: Vec<&&Pod> = pods
            .iter()
            .filter(|p| {
                service
                    .spec
                    .ports
                    .iter()
                    .all(|sp| resolve_target_port(&sp.target_port, p).is_some())
            })
            .collect();
        let ports = match eligible.first() {
            Some(first) => service
                .spec
                .ports
                .iter()
                .filter_map(|sp| {
                    Some(SlicePort {
                        name: sp.name.clone().unwrap_or_default(),
                        port: resolve_target_port(&sp.target_port, first)?,
                        protocol: sp.protocol.clone(),
                    })
                })
                .collect(),
            None => Vec::new(),
        };
        let endpoints = eligible
            .iter()
            .map(|p| {
                let serving = p.ready;
                let terminating = p.deletion_ms.is_some();
                SliceEndpoint {
                    address: p.ip.clone().unwrap_or_default(),
                    node_name: p.node.clone(),
                    pod: p.name.clone(),
                    conditions: EndpointConditions {
                        ready: serving && !terminating,
                        serving,
                        terminating,
                    },
                }
            })
            .collect();
        Some(EndpointSlice {
            name: service.slice_name.clone(),
            service: service.spec.name.clone(),
            namespace: service.spec.namespace.clone(),
            ports,
            endpoints,
        })
    }

    /// The API server keeps the `kubernetes` Service's slice itself: its own address, 6443.
    fn apiserver_slice(&self, service: &Service) -> EndpointSlice {
        let control_plane = self.nodes.iter().find(|n| n.taint().is_some());
        EndpointSlice {
            name: "kubernetes".into(),
            service: service.spec.name.clone(),
            namespace: service.spec.namespace.clone(),
            ports: vec![SlicePort {
                name: "https".into(),
                port: 6443,
                protocol: "TCP".into(),
            }],
            endpoints: control_plane
                .map(|n| SliceEndpoint {
                    address: n.internal_ip.clone(),
                    node_name: Some(n.name.clone()),
                    pod: String::new(),
                    conditions: EndpointConditions {
                        ready: true,
                        serving: true,
                        terminating: false,
                    },
                })
                .into_iter()
                .collect(),
        }
    }

    /// The pods a Service sends traffic to: ready endpoints, or serving-terminating ones
    /// when none is ready (kube-proxy's fallback).
    pub fn endpoints(&self, service: &Service) -> Vec<&Pod> {
        let Some(slice) = self.endpoint_slice(service) else {
            return Vec::new();
        };
        let pick = |want: fn(&EndpointConditions) -> bool| -> Vec<&Pod> {
            slice
                .endpoints
                .iter()
                .filter(|e| want(&e.conditions))
                .filter_map(|e| self.pods.iter().find(|p| p.name == e.pod))
                .map(|p| &**p)
                .collect()
        };
        let ready = pick(|c| c.ready);
        if ready.is_empty() {
            pick(|c| c.serving && c.terminating)
        } else {
            ready
        }
    }
}
