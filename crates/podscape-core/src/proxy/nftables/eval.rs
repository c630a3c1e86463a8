//! Netfilter's walk of one new connection through an [`NftTable`]: the base chains of each
//! hook on the packet's path in priority order (prerouting or output, then input/forward, then
//! postrouting), following jumps, gotos, verdict maps and `numgen`.

use super::list::{element_text, render_rule, sorted_elements};
use super::{Hook, KeyValue, NftAction, NftMatch, NftTable, NftVerdict};
use crate::api::addr::Ipv4;
use crate::proxy::{DrawOracle, Oracle, Packet, Trace, TraceStep, Verdict};
use crate::sort::SmallSort;

const MAX_JUMP_DEPTH: usize = 64;
const MAX_RULES_EVALUATED: usize = 100_000;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Outcome {
    Accept,
    Drop,
    Reject,
    Dnat(Ipv4, u16),
    Masquerade,
}

struct Walk<'a, O: Oracle + ?Sized> {
    table: &'a NftTable,
    packet: &'a Packet,
    src: Ipv4,
    original_dst: Ipv4,
    dst: Ipv4,
    dport: u16,
    mark: u32,
    dnat: bool,
    oracle: &'a mut O,
    steps: Vec<TraceStep>,
    affinity_updates: Vec<String>,
    budget: usize,
}

/// Routes `packet` through `table`. `draw` feeds `numgen random`; `affinity(set)` answers
/// `ip saddr @affinity-...` for the packet's source.
pub fn evaluate(
    table: &NftTable,
    packet: &Packet,
    draw: &mut impl FnMut() -> f64,
    affinity: &dyn Fn(&str) -> bool,
) -> Trace {
    evaluate_with(table, packet, &mut DrawOracle { draw, affinity })
}

/// [`evaluate`] with the kernel's random and memory answers coming from `oracle`.
pub(crate) fn evaluate_with<O: Oracle + ?Sized>(table: &NftTable, packet: &Packet, oracle: &mut O) -> Trace {
    let (Some(src), Some(dst)) = (Ipv4::parse(&packet.src_ip), Ipv4::parse(&packet.dst_ip)) else {
        return Trace::no_match();
    };
    let mut walk = Walk {
        table,
        packet,
        src,
        original_dst: dst,
        dst,
        dport: packet.dst_port,
        mark: 0,
        dnat: false,
        oracle,
        steps: Vec::new(),
        affinity_updates: Vec::new(),
        budget: MAX_RULES_EVALUATED,
    };
    let first = if packet.src_is_local {
        Hook::Output
    } else {
        Hook::Prerouting
    };
    let mut outcome = walk.hook(first);
    if outcome == Outcome::Accept && !packet.src_is_local {
        let second = if walk.dst_is_local() {
            Hook::Input
        } else {
            Hook::Forward
        };
        outcome = walk.hook(second);
    }
    let verdict = match outcome {
        Outcome::Drop => Verdict::Drop,
        Outcome::Reject => Verdict::Reject,
        _ => {
            let masquerade = walk.hook(Hook::Postrouting) == Outcome::Masquerade;
            if walk.dnat {
                Verdict::Dnat {
                    ip: walk.dst.to_string(),
                    port: walk.dport,
                    masquerade,
                }
            } else {
                Verdict::NoMatch
            }
        }
    };
    Trace {
        steps: walk.steps,
        verdict,
        affinity_updates: walk.affinity_updates,
    }
}

impl<O: Oracle + ?Sized> Walk<'_, O> {
    fn dst_is_local(&self) -> bool {
        self.packet.dst_is_local && self.dst == self.original_dst
    }

    /// Every base chain on `hook`, lowest priority first; a DNAT or accept only ends the
    /// chain it happens in, a drop or reject ends the packet.
    fn hook(&mut self, hook: Hook) -> Outcome {
        let mut bases: Vec<(i32, usize)> = self
            .table
            .chains
            .iter()
            .enumerate()
            .filter_map(|(i, c)| c.base.filter(|b| b.hook == hook).map(|b| (b.priority, i)))
            .collect();
        bases.small_sort_by_key(|&(priority, _)| priority);
        for (_, index) in bases {
            match self.base_chain(index) {
                Outcome::Dnat(ip, port) => {
                    self.dst = ip;
                    self.dport = port;
                    self.dnat = true;
                }
                Outcome::Accept => {}
                other => return other,
            }
        }
        Outcome::Accept
    }

    fn chain_index(&self, name: &str) -> Option<usize> {
        self.table.chains.iter().position(|c| c.name == name)
    }

    fn base_chain(&mut self, start: usize) -> Outcome {
        // Copy the table reference out of `self` so rules stay borrowed from the table, not
        // from the walk whose state they update.
        let table = self.table;
        let mut stack: Vec<(usize, usize)> = vec![(start, 0)];
        while let Some(frame) = stack.last_mut() {
            let (chain_index, rule_index) = *frame;
            let Some(chain) = table.chains.get(chain_index) else {
                break;
            };
            let Some(rule) = chain.rules.get(rule_index) else {
                stack.pop();
                continue;
            };
            frame.1 += 1;
            if self.budget == 0 {
                break;
            }
            self.budget -= 1;
            if !rule.matches.iter().all(|m| self.matches(m)) {
                continue;
            }
            self.steps.push(TraceStep {
                table: table.name.clone(),
                chain: chain.name.clone(),
                index: rule_index + 1,
                rule: render_rule(rule),
            });
            let verdict = match &rule.action {
                NftAction::Verdict(v) => Some(v.clone()),
                NftAction::Reject => return Outcome::Reject,
                NftAction::VmapAddrProtoPort(map) => {
                    let key = [
                        KeyValue::Addr(self.dst),
                        KeyValue::Proto(self.packet.protocol),
                        KeyValue::Port(self.dport),
                    ];
                    self.lookup(map, &key)
                }
                NftAction::VmapProtoPort(map) => {
                    let key = [KeyValue::Proto(self.packet.protocol), KeyValue::Port(self.dport)];
                    self.lookup(map, &key)
                }
                NftAction::NumgenGoto(targets) => {
                    // nft_numgen: `reciprocal_scale(get_random_u32(), modulus)`.
                    let pick = self.oracle.numgen(targets.len());
                    targets.get(pick).map(|t| NftVerdict::Goto(t.clone()))
                }
                NftAction::MarkOr(v) => {
                    self.mark |= v;
                    None
                }
                NftAction::MarkXor(v) => {
                    self.mark ^= v;
                    None
                }
                NftAction::Masquerade => return Outcome::Masquerade,
                NftAction::Dnat { ip, port } => return Outcome::Dnat(*ip, *port),
                NftAction::UpdateSaddr(set) => {
                    self.affinity_updates.push(set.clone());
                    None
                }
            };
            match verdict {
                None => {}
                Some(NftVerdict::Accept) => return Outcome::Accept,
                Some(NftVerdict::Drop) => return Outcome::Drop,
                Some(NftVerdict::Return) => {
                    stack.pop();
                }
                Some(NftVerdict::Jump(name)) => {
                    if let Some(next) = self.chain_index(&name) {
                        if stack.len() < MAX_JUMP_DEPTH {
                            stack.push((next, 0));
                        }
                    }
                }
                Some(NftVerdict::Goto(name)) => {
                    // A goto replaces the current chain: when the target ends, control
                    // returns to whoever jumped here, or the base chain's policy applies.
                    if let (Some(next), Some(top)) = (self.chain_index(&name), stack.last_mut()) {
                        *top = (next, 0);
                    }
                }
            }
        }
        Outcome::Accept
    }

    /// A verdict map lookup; the matched element becomes a trace step of its own.
    fn lookup(&mut self, map: &str, key: &[KeyValue]) -> Option<NftVerdict> {
        let table = self.table;
        let set = table.set(map)?;
        let (position, element) = sorted_elements(set)
            .into_iter()
            .enumerate()
            .find(|(_, e)| e.key.as_slice() == key)?;
        self.steps.push(TraceStep {
            table: table.name.clone(),
            chain: format!("@{map}"),
            index: position + 1,
            rule: element_text(element),
        });
        element.verdict.clone()
    }

    fn matches(&mut self, m: &NftMatch) -> bool {
        match m {
            // Only a connection's first packet is modelled, and it is always NEW.
            NftMatch::CtStateNew => true,
            NftMatch::Daddr { negated, net } => net.contains(self.dst) != *negated,
            NftMatch::Saddr { negated, net } => net.contains(self.src) != *negated,
            NftMatch::DaddrInSet(name) => self.in_set(name, self.dst),
            NftMatch::SaddrInSet(name) => match self.table.set(name) {
                // Affinity sets fill at runtime; the caller's memory answers for them.
                Some(set) if set.dynamic_timeout => self.oracle.affinity(name),
                _ => self.in_set(name, self.src),
            },
            NftMatch::Dport { protocol, port } => *protocol == self.packet.protocol && *port == self.dport,
            NftMatch::L4Proto(p) => *p == self.packet.protocol,
            NftMatch::FibDaddrLocal => self.dst_is_local(),
            NftMatch::FibSaddrLocal => self.packet.src_is_local,
            NftMatch::MarkClear(mask) => self.mark & mask == 0,
        }
    }

    fn in_set(&self, name: &str, ip: Ipv4) -> bool {
        self.table.set(name).is_some_and(|s| {
            s.elements
                .iter()
                .any(|e| e.key.as_slice() == [KeyValue::Addr(ip)])
        })
    }
}
