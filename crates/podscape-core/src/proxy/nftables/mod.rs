//! kube-proxy's nftables mode as data: the `ip kube-proxy` table with its verdict maps, sets
//! and chains in kernel (creation) order, and typed rules that print as `nft list` prints them.

mod eval;
mod list;
mod sync;

pub use eval::evaluate;
pub(crate) use eval::evaluate_with;
pub use list::{nft_list, nft_list_table};
pub use sync::{build_table, endpoint_chain_base, hash_and_truncate, service_chain_base};

use super::Protocol;
use crate::api::addr::{Cidr, Ipv4};

/// The `ip kube-proxy` table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NftTable {
    pub name: String,
    pub comment: String,
    /// Sets and maps, in creation order (`nft list` prints all of them before the chains).
    pub sets: Vec<NftSet>,
    /// Chains, in creation order.
    pub chains: Vec<NftChain>,
}

impl NftTable {
    pub fn set(&self, name: &str) -> Option<&NftSet> {
        self.sets.iter().find(|s| s.name == name)
    }

    pub fn chain(&self, name: &str) -> Option<&NftChain> {
        self.chains.iter().find(|c| c.name == name)
    }
}

/// A field of a set key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyType {
    Ipv4Addr,
    InetProto,
    InetService,
}

impl KeyType {
    pub fn name(self) -> &'static str {
        match self {
            KeyType::Ipv4Addr => "ipv4_addr",
            KeyType::InetProto => "inet_proto",
            KeyType::InetService => "inet_service",
        }
    }
}

/// One field value of a set element's key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyValue {
    Addr(Ipv4),
    Proto(Protocol),
    Port(u16),
}

/// What a verdict map element (or a `vmap` in a rule) tells the packet to do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NftVerdict {
    Goto(String),
    Jump(String),
    Drop,
    Accept,
    Return,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NftElement {
    pub key: Vec<KeyValue>,
    pub comment: Option<String>,
    /// `Some` in a verdict map, `None` in a plain set.
    pub verdict: Option<NftVerdict>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NftSet {
    pub name: String,
    /// `map ... : verdict` rather than `set`.
    pub is_verdict_map: bool,
    pub key: Vec<KeyType>,
    /// `flags dynamic,timeout` for affinity sets.
    pub dynamic_timeout: bool,
    pub timeout_seconds: Option<u32>,
    pub comment: Option<String>,
    pub elements: Vec<NftElement>,
}

/// The netfilter hook a base chain is attached to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Hook {
    Prerouting,
    Input,
    Forward,
    Output,
    Postrouting,
}

impl Hook {
    pub fn name(self) -> &'static str {
        match self {
            Hook::Prerouting => "prerouting",
            Hook::Input => "input",
            Hook::Forward => "forward",
            Hook::Output => "output",
            Hook::Postrouting => "postrouting",
        }
    }
}

/// `type filter|nat hook H priority P; policy accept;`
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BaseChain {
    pub nat: bool,
    pub hook: Hook,
    pub priority: i32,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NftChain {
    pub name: String,
    pub comment: Option<String>,
    pub base: Option<BaseChain>,
    pub rules: Vec<NftRule>,
}

/// A condition in a rule, in the order nft prints it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NftMatch {
    /// `ct state new`.
    CtStateNew,
    /// `ip daddr [!=] X`.
    Daddr { negated: bool, net: Cidr },
    /// `ip saddr [!=] X`.
    Saddr { negated: bool, net: Cidr },
    /// `ip daddr @set`.
    DaddrInSet(String),
    /// `ip saddr @set`.
    SaddrInSet(String),
    /// `tcp dport 80`.
    Dport { protocol: Protocol, port: u16 },
    /// `meta l4proto tcp`.
    L4Proto(Protocol),
    /// `fib daddr type local`.
    FibDaddrLocal,
    /// `fib saddr type local`.
    FibSaddrLocal,
    /// `meta mark & MASK == 0x00000000`.
    MarkClear(u32),
}

/// What a rule does once its conditions hold.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NftAction {
    Verdict(NftVerdict),
    Reject,
    /// `ip daddr . meta l4proto . th dport vmap @map`.
    VmapAddrProtoPort(String),
    /// `meta l4proto . th dport vmap @map`.
    VmapProtoPort(String),
    /// `numgen random mod N vmap { 0 : goto a, 1 : goto b, ... }`.
    NumgenGoto(Vec<String>),
    /// `meta mark set meta mark | V`.
    MarkOr(u32),
    /// `meta mark set meta mark ^ V`.
    MarkXor(u32),
    /// `masquerade fully-random`.
    Masquerade,
    /// `dnat to IP:PORT`.
    Dnat {
        ip: Ipv4,
        port: u16,
    },
    /// `update @set { ip saddr }`: remember the source (session affinity).
    UpdateSaddr(String),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NftRule {
    pub matches: Vec<NftMatch>,
    pub action: NftAction,
    pub comment: Option<String>,
}

impl NftRule {
    /// The rule as `nft list` prints it.
    pub fn render(&self) -> String {
        list::render_rule(self)
    }
}

#[cfg(test)]
mod tests;
