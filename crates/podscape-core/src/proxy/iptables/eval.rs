//! Netfilter's walk of one new connection through an iptables [`Ruleset`]: nat PREROUTING
//! (or OUTPUT for locally generated packets), then filter INPUT/FORWARD/OUTPUT, then nat
//! POSTROUTING, following jumps and returns rule by rule.
//!
//! The walk only reads the ruleset, so it works the same on rules built by kube-proxy's
//! algorithm and on rules parsed back from `iptables-save` text. A step budget and a jump-depth
//! limit (the kernel's is far higher; real rules never come close) keep a looping hand-written
//! ruleset from hanging the simulator.

use super::{CtState, Match, RecentMode, Rule, Ruleset, Table, Target};
use crate::api::addr::Ipv4;
use crate::proxy::{DrawOracle, Oracle, Packet, Trace, TraceStep, Verdict};

const MAX_JUMP_DEPTH: usize = 64;
const MAX_RULES_EVALUATED: usize = 100_000;

/// How a walk through one hook's chains ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Outcome {
    /// ACCEPT, or the built-in chain ran out and its ACCEPT policy applied.
    Accept,
    Drop,
    Reject,
    Dnat(Ipv4, u16),
    Masquerade,
}

struct Walk<'a, O: Oracle + ?Sized> {
    src: Ipv4,
    original_dst: Ipv4,
    dst: Ipv4,
    dport: u16,
    packet: &'a Packet,
    mark: u32,
    dnat: bool,
    oracle: &'a mut O,
    steps: Vec<TraceStep>,
    affinity_updates: Vec<String>,
    budget: usize,
}

/// Routes `packet` through `ruleset` (see the module docs for the hooks visited).
///
/// `draw` yields uniform numbers in `[0, 1)` for `-m statistic`; `affinity(list)` answers
/// `-m recent --rcheck` for the packet's source. Addresses that are not IPv4 never match a
/// service, so they yield [`Verdict::NoMatch`].
pub fn evaluate(
    ruleset: &Ruleset,
    packet: &Packet,
    draw: &mut impl FnMut() -> f64,
    affinity: &dyn Fn(&str) -> bool,
) -> Trace {
    evaluate_with(ruleset, packet, &mut DrawOracle { draw, affinity })
}

/// [`evaluate`] with the kernel's random and memory answers coming from `oracle`.
pub(crate) fn evaluate_with<O: Oracle + ?Sized>(ruleset: &Ruleset, packet: &Packet, oracle: &mut O) -> Trace {
    let (Some(src), Some(dst)) = (Ipv4::parse(&packet.src_ip), Ipv4::parse(&packet.dst_ip)) else {
        return Trace::no_match();
    };
    let mut walk = Walk {
        src,
        original_dst: dst,
        dst,
        dport: packet.dst_port,
        packet,
        mark: 0,
        dnat: false,
        oracle,
        steps: Vec::new(),
        affinity_updates: Vec::new(),
        budget: MAX_RULES_EVALUATED,
    };
    let finish = |walk: Walk<'_, O>, verdict| Trace {
        steps: walk.steps,
        verdict,
        affinity_updates: walk.affinity_updates,
    };

    let nat_hook = if packet.src_is_local {
        "OUTPUT"
    } else {
        "PREROUTING"
    };
    match walk.run(ruleset, "nat", nat_hook) {
        Outcome::Dnat(ip, port) => {
            walk.dst = ip;
            walk.dport = port;
            walk.dnat = true;
        }
        Outcome::Drop => return finish(walk, Verdict::Drop),
        Outcome::Reject => return finish(walk, Verdict::Reject),
        Outcome::Accept | Outcome::Masquerade => {}
    }

    let filter_hook = if packet.src_is_local {
        "OUTPUT"
    } else if walk.dst_is_local() {
        "INPUT"
    } else {
        "FORWARD"
    };
    match walk.run(ruleset, "filter", filter_hook) {
        Outcome::Drop => return finish(walk, Verdict::Drop),
        Outcome::Reject => return finish(walk, Verdict::Reject),
        _ => {}
    }

    let masquerade = walk.run(ruleset, "nat", "POSTROUTING") == Outcome::Masquerade;
    let verdict = if walk.dnat {
        Verdict::Dnat {
            ip: walk.dst.to_string(),
            port: walk.dport,
            masquerade,
        }
    } else {
        Verdict::NoMatch
    };
    finish(walk, verdict)
}

impl<O: Oracle + ?Sized> Walk<'_, O> {
    /// Whether the current destination is a local address. After DNAT the only local backend
    /// the packet can know of is its own original destination (a hostNetwork endpoint).
    fn dst_is_local(&self) -> bool {
        self.packet.dst_is_local && self.dst == self.original_dst
    }

    fn run(&mut self, ruleset: &Ruleset, table_name: &str, hook: &str) -> Outcome {
        let Some(table) = ruleset.table(table_name) else {
            return Outcome::Accept;
        };
        let Some(start) = table.chains.iter().position(|c| c.name == hook) else {
            return Outcome::Accept;
        };
        // Each frame: (chain index, next rule index). RETURN or running off a user chain pops.
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
            if !self.matches(rule) {
                continue;
            }
            self.steps.push(TraceStep {
                table: table.name.clone(),
                chain: chain.name.clone(),
                index: rule_index + 1,
                rule: rule.render(&chain.name),
            });
            match &rule.target {
                None => {}
                Some(Target::Jump(name)) => {
                    if let Some(next) = find_chain(table, name) {
                        if stack.len() < MAX_JUMP_DEPTH {
                            stack.push((next, 0));
                        }
                    }
                }
                Some(Target::Return) => {
                    stack.pop();
                }
                Some(Target::Accept) => return Outcome::Accept,
                Some(Target::Drop) => return Outcome::Drop,
                Some(Target::Reject) => return Outcome::Reject,
                Some(Target::Dnat { ip, port }) => return Outcome::Dnat(*ip, *port),
                Some(Target::Masquerade { .. }) => return Outcome::Masquerade,
                Some(Target::SetXmark { value, mask }) => self.mark = (self.mark & !mask) ^ value,
            }
        }
        // Built-in chains here all have policy ACCEPT.
        Outcome::Accept
    }

    /// The kernel checks the IP header fields, then each match in order, stopping at the first
    /// miss: so a `statistic` draw or a `recent --set` only happens if everything before it
    /// matched, exactly as on a node.
    fn matches(&mut self, rule: &Rule) -> bool {
        if let Some(s) = rule.source {
            if s.cidr.contains(self.src) == s.negated {
                return false;
            }
        }
        if let Some(d) = rule.destination {
            if d.cidr.contains(self.dst) == d.negated {
                return false;
            }
        }
        if rule.protocol.is_some_and(|p| p != self.packet.protocol) {
            return false;
        }
        rule.matches.iter().all(|m| self.match_one(m))
    }

    fn match_one(&mut self, m: &Match) -> bool {
        match m {
            Match::Comment(_) => true,
            Match::Port { protocol, dport } => {
                *protocol == self.packet.protocol && dport.is_none_or(|p| p == self.dport)
            }
            Match::AddrTypeLocal { source, negated } => {
                let local = if *source {
                    self.packet.src_is_local
                } else {
                    self.dst_is_local()
                };
                local != *negated
            }
            Match::Statistic { probability } => {
                // xt_statistic: `(get_random_u32() & 0x7FFFFFFF) < probability`.
                self.oracle.statistic(*probability)
            }
            Match::Recent {
                mode: RecentMode::Set,
                name,
            } => {
                self.affinity_updates.push(name.clone());
                true
            }
            Match::Recent {
                mode: RecentMode::Rcheck { .. },
                name,
            } => self.oracle.affinity(name),
            Match::Mark { negated, value, mask } => (self.mark & mask == *value) != *negated,
            Match::Conntrack { negated, states } => {
                // A new connection is NEW; once nat has rewritten its destination, conntrack
                // also reports the virtual DNAT state.
                let hit = states
                    .iter()
                    .any(|s| *s == CtState::New || (*s == CtState::Dnat && self.dnat));
                hit != *negated
            }
        }
    }
}

fn find_chain(table: &Table, name: &str) -> Option<usize> {
    table.chains.iter().position(|c| c.name == name)
}
