//! The bottom layer: facts of the Kubernetes API that every layer above reads the same way —
//! object metadata rules, label selectors and their matching, tolerations, Go's quoting, IPv4
//! addresses and CIDRs, the API server's defaults, and the well-known addresses of the simulated
//! kind cluster.
//! It imports nothing from the rest of the crate (see `tests/layers.rs`).

pub mod addr;
pub mod defaults;
pub mod label_parse;
pub mod meta;
pub mod selector;
pub mod taint;

pub use addr::{Cidr, Ipv4};
pub use meta::{deletion_cost, quote, POD_DELETION_COST};
pub use selector::{LabelSelector, LabelSelectorRequirement};
pub use taint::Toleration;

/// The Service CIDR of the simulated cluster: kind's `serviceSubnet` (kubeadm's default is a /12).
pub const SERVICE_CIDR: &str = "10.96.0.0/16";
/// The pod network all pod CIDRs come from (kube-proxy's `--cluster-cidr`).
pub const CLUSTER_CIDR: &str = "10.244.0.0/16";
/// The cluster's DNS domain.
pub const CLUSTER_DOMAIN: &str = "cluster.local";
/// CoreDNS's Service address (the `kube-dns` Service).
pub const DNS_IP: &str = "10.96.0.10";
/// The address of the machine that hosts kind's nodes on their Docker network (the bridge's
/// gateway): where a learner's own `curl` to a NodePort comes from.
pub const HOST_IP: &str = "172.18.0.1";
