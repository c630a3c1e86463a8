//! kube-proxy's iptables mode as data: tables, chains and typed rules, in the canonical order
//! `iptables-save` prints them (built-in chains first, then user chains in byte order, each
//! chain's rules in kernel order), so rendering and parsing are exact inverses.

mod eval;
mod save;
mod sync;

pub use eval::evaluate;
pub(crate) use eval::evaluate_with;
pub use save::{iptables_save, iptables_save_table, parse_iptables_save, ParseError};
pub use sync::{build_ruleset, endpoint_chain_name, port_proto_hash, service_chain_name};

use super::Protocol;
use crate::api::addr::{Cidr, Ipv4};

/// Every table kube-proxy touches, in the order `iptables-save` (nf_tables backend) prints them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Ruleset {
    pub tables: Vec<Table>,
}

impl Ruleset {
    pub fn table(&self, name: &str) -> Option<&Table> {
        self.tables.iter().find(|t| t.name == name)
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Table {
    /// `mangle`, `filter` or `nat`.
    pub name: String,
    pub chains: Vec<Chain>,
}

impl Table {
    pub fn chain(&self, name: &str) -> Option<&Chain> {
        self.chains.iter().find(|c| c.name == name)
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Chain {
    pub name: String,
    /// `Some("ACCEPT")` for a built-in chain (its policy); `None` for a user chain.
    pub policy: Option<String>,
    pub rules: Vec<Rule>,
}

/// `-s`/`-d` with optional `!`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AddrMatch {
    pub negated: bool,
    pub cidr: Cidr,
}

/// A conntrack state as `-m conntrack --ctstate` names it, in the order iptables prints them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum CtState {
    Invalid,
    New,
    Related,
    Established,
    Untracked,
    Snat,
    Dnat,
}

impl CtState {
    pub fn name(self) -> &'static str {
        match self {
            CtState::Invalid => "INVALID",
            CtState::New => "NEW",
            CtState::Related => "RELATED",
            CtState::Established => "ESTABLISHED",
            CtState::Untracked => "UNTRACKED",
            CtState::Snat => "SNAT",
            CtState::Dnat => "DNAT",
        }
    }

    fn from_name(s: &str) -> Option<CtState> {
        [
            CtState::Invalid,
            CtState::New,
            CtState::Related,
            CtState::Established,
            CtState::Untracked,
            CtState::Snat,
            CtState::Dnat,
        ]
        .into_iter()
        .find(|c| c.name() == s)
    }
}

/// `-m recent` modes kube-proxy uses for `sessionAffinity: ClientIP`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RecentMode {
    /// `--set`: remember the source address.
    Set,
    /// `--rcheck --seconds N [--reap]`: was the source seen in the last N seconds?
    Rcheck { seconds: u32, reap: bool },
}

/// A `-m` match, with the options kube-proxy writes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Match {
    Comment(String),
    /// `-m tcp|udp|sctp [--dport N]`.
    Port {
        protocol: Protocol,
        dport: Option<u16>,
    },
    /// `-m addrtype [!] --src-type LOCAL` (`source`) or `--dst-type LOCAL`.
    AddrTypeLocal {
        source: bool,
        negated: bool,
    },
    /// `-m statistic --mode random --probability P`, P stored as the kernel stores it: a
    /// fixed-point fraction of 2^31.
    Statistic {
        probability: u32,
    },
    /// `-m recent ... --name NAME --mask 255.255.255.255 --rsource`.
    Recent {
        mode: RecentMode,
        name: String,
    },
    /// `-m mark [!] --mark VALUE/MASK`.
    Mark {
        negated: bool,
        value: u32,
        mask: u32,
    },
    /// `-m conntrack [!] --ctstate A,B` (states kept sorted in print order).
    Conntrack {
        negated: bool,
        states: Vec<CtState>,
    },
}

/// `-j` and its options.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    /// A user chain.
    Jump(String),
    Return,
    Accept,
    Drop,
    /// `-j REJECT --reject-with icmp-port-unreachable` (REJECT's default, which is what
    /// iptables-save prints for kube-proxy's bare `-j REJECT`).
    Reject,
    Dnat {
        ip: Ipv4,
        port: u16,
    },
    Masquerade {
        random_fully: bool,
    },
    /// `-j MARK --set-xmark VALUE/MASK`: `--or-mark` and `--xor-mark` are saved in this form.
    SetXmark {
        value: u32,
        mask: u32,
    },
}

/// One rule: the IP-header matches iptables always prints first, then `-m` matches in the
/// order they were given, then the target.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Rule {
    pub source: Option<AddrMatch>,
    pub destination: Option<AddrMatch>,
    pub protocol: Option<Protocol>,
    pub matches: Vec<Match>,
    pub target: Option<Target>,
}

impl Rule {
    /// The rule's comment, if it has one (kube-proxy comments almost every rule).
    pub fn comment(&self) -> Option<&str> {
        self.matches.iter().find_map(|m| match m {
            Match::Comment(c) => Some(c.as_str()),
            _ => None,
        })
    }

    /// The `-A CHAIN ...` line `iptables-save` prints for this rule.
    pub fn render(&self, chain: &str) -> String {
        save::render_rule(chain, self)
    }
}

/// The fixed-point probability iptables stores for kube-proxy's `1/n` rule.
///
/// kube-proxy writes `fmt.Sprintf("%0.10f", 1.0/float64(n))`; libxt_statistic parses that and
/// stores `lround(p * 2^31)`; `iptables-save` prints `%.11f` of the stored value, which is why
/// 1/3 comes back as `0.33333333349`.
pub fn probability_fixed(n: usize) -> u32 {
    let exact = 1.0 / n.max(1) as f64;
    let written: f64 = format!("{exact:.10}").parse().unwrap_or(exact);
    (written * 2_147_483_648.0).round().clamp(0.0, u32::MAX as f64) as u32
}

/// The decimal `iptables-save` prints for a stored probability.
pub fn probability_text(fixed: u32) -> String {
    format!("{:.11}", f64::from(fixed) / 2_147_483_648.0)
}

#[cfg(test)]
mod tests;
