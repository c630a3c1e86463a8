//! `podscape compare REAL.jsonl SIMULATED.jsonl`: two transcripts in `podscape run --format
//! json`'s JSON Lines, compared command by command once what legitimately differs between two
//! clusters is normalised away, each side on its own and the same way:
//!
//! - generated names: a pod's random suffix becomes `<id>`, a pod-template hash `<hashN>`
//!   numbered per owner in order of first appearance (so the second ReplicaSet of a rollout is
//!   `<hash2>` on both sides, whatever its letters), also where the hash stands alone (labels);
//! - pod IPs (`10.244.0.0/16`) become `<pod-ip>`, node IPs (`172.18.0.0/16`) `<node-ip>`, Service
//!   IPs `<svc-ipN>` in order of first appearance (the two fixed ones, `10.96.0.1` and
//!   `10.96.0.10`, stay);
//! - ages (`5s`, `2m30s`) become `<age>`, timestamps `<time>`; runs of spaces one space (columns
//!   are as wide as their values);
//! - event counts (`(x3 over <age>)`) agree within a tolerance (±2, or half the larger count);
//! - table rows are sorted, as kubectl does not order a list's rows beyond names (a watch's rows
//!   are a sequence in time and stay as they came).
//!
//! What remains is printed as `kubectl diff` prints (`diff -u -N`, one file per command).
//! Steps the exported script could not reproduce (no real equivalent) are left out.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::NO_REAL_EQUIVALENT;

/// Lines `compare` diffs at most, all commands together (each diff is bounded by kubectl diff's
/// own search budget); past it, a differing command is only named.
pub const MAX_DIFF_LINES: usize = 200_000;

/// A transcript's size at most, each side (the script budget's output, with room for JSON).
pub const MAX_TRANSCRIPT_BYTES: usize = 16 << 20;

/// One step as `podscape run --format json` writes it.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
pub struct Entry {
    #[serde(default)]
    pub t_ms: u64,
    pub command: String,
    pub exit_code: i32,
    #[serde(default)]
    pub stdout: String,
    #[serde(default)]
    pub stderr: String,
}

/// A transcript's steps, or where it is not JSON Lines of steps (`name:line: why`).
pub fn parse(name: &str, text: &str) -> Result<Vec<Entry>, String> {
    if text.len() > MAX_TRANSCRIPT_BYTES {
        return Err(format!(
            "{name}: {} bytes, over the budget of {MAX_TRANSCRIPT_BYTES}",
            text.len()
        ));
    }
    let mut steps = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        if steps.len() >= crate::budget::SCRIPT_COMMANDS {
            return Err(format!(
                "{name}: more than {} commands",
                crate::budget::SCRIPT_COMMANDS
            ));
        }
        match serde_json::from_str::<Entry>(line) {
            Ok(entry) => steps.push(entry),
            Err(err) => return Err(format!("{name}:{}: not a transcript step: {err}", i + 1)),
        }
    }
    Ok(steps)
}

/// Placeholders numbered in order of first appearance, per transcript.
#[derive(Default)]
struct Renames {
    /// (owner, hash) → its number for that owner.
    hashes: BTreeMap<(String, String), usize>,
    /// A hash → its number (the first owner's), for a hash standing alone.
    bare: BTreeMap<String, usize>,
    /// How many hashes each owner has.
    per_owner: BTreeMap<String, usize>,
    service_ips: BTreeMap<String, usize>,
}

impl Renames {
    fn hash(&mut self, owner: &str, hash: &str) -> String {
        let key = (owner.to_string(), hash.to_string());
        if let Some(n) = self.hashes.get(&key) {
            return format!("<hash{n}>");
        }
        let count = self.per_owner.entry(owner.to_string()).or_insert(0);
        *count += 1;
        let n = *count;
        self.hashes.insert(key, n);
        self.bare.entry(hash.to_string()).or_insert(n);
        format!("<hash{n}>")
    }

    fn bare_hash(&self, word: &str) -> Option<String> {
        self.bare.get(word).map(|n| format!("<hash{n}>"))
    }

    fn service_ip(&mut self, ip: &str) -> String {
        let next = self.service_ips.len() + 1;
        let n = *self.service_ips.entry(ip.to_string()).or_insert(next);
        format!("<svc-ip{n}>")
    }
}

fn generated(s: &str, min: usize, max: usize) -> bool {
    (min..=max).contains(&s.len()) && s.bytes().all(|b| crate::names::ALPHANUMS.contains(&b))
}

/// `5s`, `2m30s`, `47h`, `3d4h`, `10y`: an age as kubectl's `HumanDuration` prints it.
fn is_age(word: &str) -> bool {
    let bytes = word.as_bytes();
    let mut groups = 0;
    let mut i = 0;
    while i < bytes.len() {
        let start = i;
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            i += 1;
        }
        if i == start || i >= bytes.len() || !b"smhdy".contains(&bytes[i]) {
            return false;
        }
        i += 1;
        groups += 1;
    }
    (1..=2).contains(&groups)
}

fn normalise_word(word: &str, renames: &mut Renames) -> String {
    if is_age(word) {
        return "<age>".into();
    }
    let parts: Vec<&str> = word.split('-').collect();
    let n = parts.len();
    if n >= 3 && generated(parts[n - 1], 5, 5) && generated(parts[n - 2], 6, 10) {
        let owner = parts[..n - 2].join("-");
        let hash = renames.hash(&owner, parts[n - 2]);
        return format!("{owner}-{hash}-<id>");
    }
    if n >= 2 && generated(parts[n - 1], 6, 10) {
        let owner = parts[..n - 1].join("-");
        let hash = renames.hash(&owner, parts[n - 1]);
        return format!("{owner}-{hash}");
    }
    if n >= 2 && generated(parts[n - 1], 5, 5) {
        return format!("{}-<id>", parts[..n - 1].join("-"));
    }
    if let Some(placeholder) = renames.bare_hash(word) {
        return placeholder;
    }
    word.to_string()
}

/// Whether `text` starts with `pattern`: `9` a digit, `A` a letter, anything else itself.
fn matches(text: &[u8], pattern: &str) -> bool {
    text.len() >= pattern.len()
        && pattern.bytes().zip(text).all(|(p, &t)| match p {
            b'9' => t.is_ascii_digit(),
            b'A' => t.is_ascii_alphabetic(),
            p => p == t,
        })
}

/// A timestamp at the start of `text`: its length.
fn timestamp(text: &[u8]) -> Option<usize> {
    if matches(text, "9999-99-99T99:99:99") {
        let mut end = 19;
        if text.get(end) == Some(&b'.') {
            end += 1;
            while text.get(end).is_some_and(u8::is_ascii_digit) {
                end += 1;
            }
        }
        if text.get(end) == Some(&b'Z') {
            end += 1;
        } else if matches(&text[end..], "+99:99") || matches(&text[end..], "-99:99") {
            end += 6;
        }
        return Some(end);
    }
    // RFC 1123 with a numeric zone, as describe prints Start Time.
    if matches(text, "AAA, 99 AAA 9999 99:99:99 +9999") {
        return Some(31);
    }
    None
}

/// An IPv4 address at the start of `text`: its length.
fn ipv4(text: &[u8]) -> Option<usize> {
    let mut i = 0;
    for part in 0..4 {
        let start = i;
        while i < text.len() && text[i].is_ascii_digit() && i - start < 3 {
            i += 1;
        }
        if i == start {
            return None;
        }
        if part < 3 {
            if text.get(i) != Some(&b'.') {
                return None;
            }
            i += 1;
        }
    }
    // Not the start of a longer dotted number or word.
    if text
        .get(i)
        .is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'-')
    {
        return None;
    }
    Some(i)
}

fn normalise_ip(ip: &str, renames: &mut Renames) -> String {
    if ip.starts_with("10.244.") {
        "<pod-ip>".into()
    } else if ip.starts_with("172.18.") {
        "<node-ip>".into()
    } else if ip.starts_with("10.96.") && ip != "10.96.0.1" && ip != "10.96.0.10" {
        renames.service_ip(ip)
    } else {
        ip.to_string()
    }
}

/// One line, normalised, and the event counts (`(xN over`) it carried.
fn normalise_line(line: &str, renames: &mut Renames) -> (String, Vec<u64>) {
    let bytes = line.as_bytes();
    let mut out = String::with_capacity(line.len());
    let mut counts = Vec::new();
    let mut i = 0;
    let word_char = |b: u8| b.is_ascii_alphanumeric() || b == b'-';
    while i < bytes.len() {
        let at_start = i == 0 || !(word_char(bytes[i - 1]) || bytes[i - 1] == b'.');
        if at_start {
            if let Some(len) = timestamp(&bytes[i..]) {
                out.push_str("<time>");
                i += len;
                continue;
            }
            if let Some(len) = ipv4(&bytes[i..]) {
                out.push_str(&normalise_ip(&line[i..i + len], renames));
                i += len;
                continue;
            }
            // `(x3 over`: the count, kept aside for the tolerance.
            if bytes[i] == b'x' && i > 0 && bytes[i - 1] == b'(' {
                let mut j = i + 1;
                while j < bytes.len() && bytes[j].is_ascii_digit() {
                    j += 1;
                }
                if j > i + 1 && line[j..].starts_with(" over") {
                    counts.push(line[i + 1..j].parse().unwrap_or(u64::MAX));
                    out.push_str("x#");
                    i = j;
                    continue;
                }
            }
        }
        if word_char(bytes[i]) {
            let start = i;
            while i < bytes.len() && word_char(bytes[i]) {
                i += 1;
            }
            if at_start && bytes.get(i) != Some(&b'.') {
                out.push_str(&normalise_word(&line[start..i], renames));
            } else {
                out.push_str(&line[start..i]);
            }
            continue;
        }
        if bytes[i] == b' ' || bytes[i] == b'\t' {
            while i < bytes.len() && (bytes[i] == b' ' || bytes[i] == b'\t') {
                i += 1;
            }
            if i < bytes.len() {
                out.push(' ');
            }
            continue;
        }
        // One whole character (never a byte of one).
        let c = line[i..].chars().next().unwrap_or(' ');
        out.push(c);
        i += c.len_utf8().max(1);
    }
    (out, counts)
}

/// A header row of a table: two or more words, all capitals (`NAME READY STATUS`).
fn is_header(line: &str) -> bool {
    let words: Vec<&str> = line.split_whitespace().collect();
    words.len() >= 2
        && words.iter().all(|w| {
            w.bytes().any(|b| b.is_ascii_uppercase())
                && w.bytes()
                    .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b"()-_/.".contains(&b))
        })
}

/// A step's text normalised, and its lines' event counts (one list per line).
struct Normalised {
    lines: Vec<String>,
    counts: Vec<Vec<u64>>,
}

fn normalise_step(entry: &Entry, renames: &mut Renames) -> Normalised {
    let watch = entry
        .command
        .split_whitespace()
        .any(|w| w == "-w" || w == "--watch" || w.starts_with("--watch="));
    let mut rows: Vec<(String, Vec<u64>)> = entry
        .stdout
        .lines()
        .chain(entry.stderr.lines())
        .map(|l| normalise_line(l, renames))
        .collect();
    if !watch {
        // Each table (a block from its header to a blank line) sorted below its header.
        let mut i = 0;
        while i < rows.len() {
            if is_header(&rows[i].0) {
                let start = i + 1;
                let mut end = start;
                while end < rows.len() && !rows[end].0.trim().is_empty() {
                    end += 1;
                }
                rows[start..end].sort();
                i = end;
            } else {
                i += 1;
            }
        }
    }
    rows.push((format!("(exit {})", entry.exit_code), Vec::new()));
    let (lines, counts) = rows.into_iter().unzip();
    Normalised { lines, counts }
}

fn within_tolerance(a: u64, b: u64) -> bool {
    a.abs_diff(b) <= 2.max(a.max(b) / 2)
}

/// What `compare` found.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Report {
    /// How many commands differ (a missing or extra command counts as one).
    pub differences: usize,
    /// Commands compared, and commands left out (no real equivalent).
    pub compared: usize,
    pub skipped: usize,
    /// The differences, as `kubectl diff` prints them (or both sides, with `side_by_side`).
    pub text: String,
}

fn side_by_side_text(out: &mut String, a: &[String], b: &[String]) {
    const WIDTH: usize = 60;
    let cut = |s: &str| -> String {
        let s: String = s.chars().take(WIDTH).collect();
        let pad = WIDTH.saturating_sub(s.chars().count());
        format!("{s}{}", " ".repeat(pad))
    };
    for i in 0..a.len().max(b.len()) {
        let l = a.get(i).map_or("", String::as_str);
        let r = b.get(i).map_or("", String::as_str);
        let mark = match (a.get(i), b.get(i)) {
            (Some(_), None) => '<',
            (None, Some(_)) => '>',
            _ if l == r => ' ',
            _ => '|',
        };
        let line = format!("{} {mark} {r}", cut(l));
        out.push_str(line.trim_end());
        out.push('\n');
    }
}

/// Compares a real transcript with a simulated one, both already parsed; `real_name` and
/// `simulated_name` label the diff's files.
pub fn compare(
    real_name: &str,
    real: &[Entry],
    simulated_name: &str,
    simulated: &[Entry],
    side_by_side: bool,
) -> Report {
    let mut report = Report::default();
    let (mut real_renames, mut sim_renames) = (Renames::default(), Renames::default());
    let mut out = String::new();
    let mut diff_lines_left = MAX_DIFF_LINES;
    for i in 0..real.len().max(simulated.len()) {
        let n = i + 1;
        let (r, s) = match (real.get(i), simulated.get(i)) {
            (Some(r), Some(s)) => (r, s),
            (Some(r), None) => {
                report.differences += 1;
                out.push_str(&format!("only in {real_name}: command {n}: $ {}\n", r.command));
                continue;
            }
            (None, Some(s)) => {
                report.differences += 1;
                out.push_str(&format!(
                    "only in {simulated_name}: command {n}: $ {}\n",
                    s.command
                ));
                continue;
            }
            (None, None) => break,
        };
        if r.command != s.command {
            report.differences += 1;
            out.push_str(&format!(
                "command {n} differs: {real_name} ran `{}`, {simulated_name} ran `{}`\n",
                r.command, s.command
            ));
            continue;
        }
        if r.stderr.starts_with(NO_REAL_EQUIVALENT) {
            report.skipped += 1;
            continue;
        }
        report.compared += 1;
        let a = normalise_step(r, &mut real_renames);
        let b = normalise_step(s, &mut sim_renames);
        let counts_ok = a.counts.len() == b.counts.len()
            && a.counts
                .iter()
                .zip(&b.counts)
                .all(|(x, y)| x.len() == y.len() && x.iter().zip(y).all(|(p, q)| within_tolerance(*p, *q)));
        let same = a.lines == b.lines && counts_ok;
        if side_by_side {
            out.push_str(&format!("== {n}: $ {}\n", r.command));
            side_by_side_text(&mut out, &a.lines, &b.lines);
        }
        if same {
            continue;
        }
        report.differences += 1;
        if side_by_side {
            continue;
        }
        // Event counts beyond the tolerance show as numbers; the rest as normalised.
        let show = |n: &Normalised| -> String {
            let mut text = String::new();
            for (line, counts) in n.lines.iter().zip(&n.counts) {
                let mut line = line.clone();
                for c in counts {
                    line = line.replacen("x# over", &format!("x{c} over"), 1);
                }
                text.push_str(&line);
                text.push('\n');
            }
            text
        };
        let (ta, tb) = if a.lines == b.lines {
            (show(&a), show(&b))
        } else {
            (a.lines.join("\n") + "\n", b.lines.join("\n") + "\n")
        };
        out.push_str(&format!(
            "diff -u -N {real_name}/{n} {simulated_name}/{n}\n--- {real_name}/{n}\t$ {}\n+++ {simulated_name}/{n}\t$ {}\n",
            r.command, s.command
        ));
        let lines = a.lines.len() + b.lines.len();
        if lines > diff_lines_left {
            out.push_str("@@ differs (not shown: compare's diff budget is spent) @@\n");
            continue;
        }
        diff_lines_left -= lines;
        out.push_str(&crate::kubectl::unified_diff(&ta, &tb));
    }
    report.text = out;
    report
}

#[cfg(test)]
mod tests;
