//! `nft list table ip kube-proxy` text, as nftables 1.0 prints it: the table comment, every
//! named set and map, then every chain, each group in kernel (creation) order, one tab per
//! nesting level, set elements in nft's sorted order and line layout.

use crate::sort::SmallSort;
use std::cmp::Ordering;
use std::fmt::Write as _;

use super::{
    KeyType, KeyValue, NftAction, NftChain, NftElement, NftMatch, NftRule, NftSet, NftTable, NftVerdict,
};
use crate::proxy::ProxyInput;

/// The table kube-proxy would program for `input`, listed.
pub fn nft_list_table(input: &ProxyInput) -> String {
    nft_list(&super::build_table(input))
}

/// `nft list table ip <name>`.
pub fn nft_list(table: &NftTable) -> String {
    let mut out = format!("table ip {} {{\n", table.name);
    if !table.comment.is_empty() {
        let _ = writeln!(out, "\tcomment \"{}\"", table.comment);
    }
    let mut first = true;
    for set in &table.sets {
        if !first {
            out.push('\n');
        }
        first = false;
        render_set(&mut out, set);
    }
    for chain in &table.chains {
        if !first {
            out.push('\n');
        }
        first = false;
        render_chain(&mut out, chain);
    }
    out.push_str("}\n");
    out
}

fn key_bytes(key: &[KeyValue]) -> Vec<u8> {
    // Each field sits in its own 32-bit register, as the kernel stores concatenations.
    let mut bytes = Vec::with_capacity(key.len() * 4);
    for v in key {
        match v {
            KeyValue::Addr(ip) => bytes.extend_from_slice(&ip.octets()),
            KeyValue::Proto(p) => bytes.extend_from_slice(&[p.number(), 0, 0, 0]),
            KeyValue::Port(port) => {
                let [hi, lo] = port.to_be_bytes();
                bytes.extend_from_slice(&[hi, lo, 0, 0]);
            }
        }
    }
    bytes
}

/// nft sorts elements before printing (`list_expr_sort`). A plain address set compares
/// addresses as big-endian numbers; a concatenation is compared as one host-endian (x86:
/// little-endian) integer of its registers, which is why `service-ips` lists by the low byte
/// of the port first, then the protocol, then the last octet of the address.
fn element_order(set: &NftSet, a: &NftElement, b: &NftElement) -> Ordering {
    let (ka, kb) = (key_bytes(&a.key), key_bytes(&b.key));
    if set.key.len() == 1 {
        ka.cmp(&kb)
    } else {
        ka.iter().rev().cmp(kb.iter().rev())
    }
}

/// The elements of `set` in the order `nft list` prints them.
pub(crate) fn sorted_elements(set: &NftSet) -> Vec<&NftElement> {
    let mut elements: Vec<&NftElement> = set.elements.iter().collect();
    elements.small_sort_by(|a, b| element_order(set, a, b));
    elements
}

fn verdict_text(v: &NftVerdict) -> String {
    match v {
        NftVerdict::Goto(chain) => format!("goto {chain}"),
        NftVerdict::Jump(chain) => format!("jump {chain}"),
        NftVerdict::Drop => "drop".into(),
        NftVerdict::Accept => "accept".into(),
        NftVerdict::Return => "return".into(),
    }
}

pub(crate) fn element_text(e: &NftElement) -> String {
    let key: Vec<String> = e
        .key
        .iter()
        .map(|v| match v {
            KeyValue::Addr(ip) => ip.to_string(),
            KeyValue::Proto(p) => p.as_lower().to_string(),
            KeyValue::Port(port) => port.to_string(),
        })
        .collect();
    let mut out = key.join(" . ");
    if let Some(c) = &e.comment {
        let _ = write!(out, " comment \"{c}\"");
    }
    if let Some(v) = &e.verdict {
        let _ = write!(out, " : {}", verdict_text(v));
    }
    out
}

/// nft's `time_print`: `3h`, `1d2h`, `10s`.
fn time_text(seconds: u32) -> String {
    let (d, h, m, s) = (
        seconds / 86_400,
        seconds / 3600 % 24,
        seconds / 60 % 60,
        seconds % 60,
    );
    let mut out = String::new();
    for (value, unit) in [(d, "d"), (h, "h"), (m, "m"), (s, "s")] {
        if value > 0 {
            let _ = write!(out, "{value}{unit}");
        }
    }
    out
}

fn render_set(out: &mut String, set: &NftSet) {
    let kind = if set.is_verdict_map { "map" } else { "set" };
    let _ = writeln!(out, "\t{kind} {} {{", set.name);
    let key: Vec<&str> = set.key.iter().map(|k| k.name()).collect();
    let data = if set.is_verdict_map { " : verdict" } else { "" };
    let _ = writeln!(out, "\t\ttype {}{data}", key.join(" . "));
    if set.dynamic_timeout {
        out.push_str("\t\tflags dynamic,timeout\n");
    }
    if let Some(t) = set.timeout_seconds {
        let _ = writeln!(out, "\t\ttimeout {}", time_text(t));
    }
    if let Some(c) = &set.comment {
        let _ = writeln!(out, "\t\tcomment \"{c}\"");
    }
    let elements = sorted_elements(set);
    if !elements.is_empty() {
        // nft's `calculate_delim`: addresses two to a line, concatenations one per line.
        let per_line = if set.key == [KeyType::Ipv4Addr] { 2 } else { 1 };
        out.push_str("\t\telements = { ");
        for (i, e) in elements.iter().enumerate() {
            if i > 0 {
                out.push_str(if i % per_line == 0 { ",\n\t\t\t     " } else { ", " });
            }
            out.push_str(&element_text(e));
        }
        out.push_str(" }\n");
    }
    out.push_str("\t}\n");
}

/// nft's `prio2str`: a standard priority name when within 10 of one the hook allows
/// (`dstnat` only on prerouting, `srcnat` only on postrouting), else the number.
fn priority_text(hook: super::Hook, priority: i32) -> String {
    use super::Hook;
    const STANDARD: &[(&str, i32)] = &[
        ("raw", -300),
        ("mangle", -150),
        ("dstnat", -100),
        ("filter", 0),
        ("security", 50),
        ("srcnat", 100),
    ];
    for &(name, value) in STANDARD {
        if (priority - value).abs() > 10 {
            continue;
        }
        let allowed = match name {
            "dstnat" => hook == Hook::Prerouting,
            "srcnat" => hook == Hook::Postrouting,
            _ => true,
        };
        if !allowed {
            break;
        }
        let offset = priority - value;
        return match offset.cmp(&0) {
            Ordering::Greater => format!("{name} + {offset}"),
            Ordering::Less => format!("{name} - {}", -offset),
            Ordering::Equal => name.to_string(),
        };
    }
    priority.to_string()
}

fn render_chain(out: &mut String, chain: &NftChain) {
    let _ = writeln!(out, "\tchain {} {{", chain.name);
    if let Some(c) = &chain.comment {
        let _ = writeln!(out, "\t\tcomment \"{c}\"");
    }
    if let Some(base) = chain.base {
        let kind = if base.nat { "nat" } else { "filter" };
        let _ = writeln!(
            out,
            "\t\ttype {kind} hook {} priority {}; policy accept;",
            base.hook.name(),
            priority_text(base.hook, base.priority)
        );
    }
    for rule in &chain.rules {
        let _ = writeln!(out, "\t\t{}", render_rule(rule));
    }
    out.push_str("\t}\n");
}

fn render_match(m: &NftMatch) -> String {
    let op = |negated: bool| if negated { "!= " } else { "" };
    match m {
        NftMatch::CtStateNew => "ct state new".into(),
        NftMatch::Daddr { negated, net } => format!("ip daddr {}{}", op(*negated), net.nft()),
        NftMatch::Saddr { negated, net } => format!("ip saddr {}{}", op(*negated), net.nft()),
        NftMatch::DaddrInSet(set) => format!("ip daddr @{set}"),
        NftMatch::SaddrInSet(set) => format!("ip saddr @{set}"),
        NftMatch::Dport { protocol, port } => format!("{} dport {port}", protocol.as_lower()),
        NftMatch::L4Proto(p) => format!("meta l4proto {}", p.as_lower()),
        NftMatch::FibDaddrLocal => "fib daddr type local".into(),
        NftMatch::FibSaddrLocal => "fib saddr type local".into(),
        NftMatch::MarkClear(mask) => format!("meta mark & {mask:#010x} == 0x00000000"),
    }
}

fn render_action(a: &NftAction) -> String {
    match a {
        NftAction::Verdict(v) => verdict_text(v),
        NftAction::Reject => "reject".into(),
        NftAction::VmapAddrProtoPort(map) => format!("ip daddr . meta l4proto . th dport vmap @{map}"),
        NftAction::VmapProtoPort(map) => format!("meta l4proto . th dport vmap @{map}"),
        NftAction::NumgenGoto(targets) => {
            let arms: Vec<String> = targets
                .iter()
                .enumerate()
                .map(|(i, t)| format!("{i} : goto {t}"))
                .collect();
            format!(
                "numgen random mod {} vmap {{ {} }}",
                targets.len(),
                arms.join(", ")
            )
        }
        NftAction::MarkOr(v) => format!("meta mark set meta mark | {v:#010x}"),
        NftAction::MarkXor(v) => format!("meta mark set meta mark ^ {v:#010x}"),
        NftAction::Masquerade => "masquerade fully-random".into(),
        NftAction::Dnat { ip, port } => format!("dnat to {ip}:{port}"),
        NftAction::UpdateSaddr(set) => format!("update @{set} {{ ip saddr }}"),
    }
}

pub(crate) fn render_rule(rule: &NftRule) -> String {
    let mut parts: Vec<String> = rule.matches.iter().map(render_match).collect();
    parts.push(render_action(&rule.action));
    let mut out = parts.join(" ");
    if let Some(c) = &rule.comment {
        let _ = write!(out, " comment \"{c}\"");
    }
    out
}
