//! A YAML tree that remembers where every key and value starts, built from `saphyr-parser` events.
//!
//! Scalars are resolved the way kubectl resolves them (YAML 1.1, as `sigs.k8s.io/yaml` does via
//! go-yaml v2): `yes`/`on` are booleans, `0755` is octal, `1.0` is a number. That is what makes
//! `version: 1.0` a type error in a label, exactly as on a real cluster.
//!
//! Hostile input stays harmless. While a document is read, anchored nodes are shared, not
//! copied: an alias costs O(1) whatever it points to, and every node caches what it costs once
//! expanded (go-yaml's decode count, Podscape's bytes, its height). Three rules are checked on
//! those numbers as the aliases arrive, and the document is expanded into a plain tree only once
//! it passed them all, so no large copy ever happens before the budgets said yes:
//! - go-yaml's own alias ratio (`decoder.unmarshal`), with kubectl's message;
//! - Podscape's ceiling on the bytes expansion copies, [`MAX_EXPANDED_BYTES`] over the input;
//! - [`MAX_DEPTH`], counted on the expanded tree, so every later walk stays shallow.
//!
//! [`MAX_DOCUMENTS`] bounds the number of documents.

use std::collections::{BTreeMap, HashSet};
use std::rc::Rc;

use saphyr_parser::{Event, Parser, ScalarStyle, Span};

pub use crate::budget::{EXPANDED_NODE_BYTES, MAX_DEPTH, MAX_DOCUMENTS, MAX_EXPANDED_BYTES};

/// A 1-based line and column (in characters) of the text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Pos {
    pub line: usize,
    pub column: usize,
}

impl Pos {
    fn of(span: &Span) -> Pos {
        Pos {
            line: span.start.line(),
            column: span.start.col() + 1,
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Seq(Vec<Node>),
    /// Entries in document order, duplicates kept (strict decoding reports them; lookups take
    /// the last, as Go's JSON decoder does).
    Map(Vec<Entry>),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub value: Value,
    pub pos: Pos,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    pub key: String,
    pub key_pos: Pos,
    pub value: Node,
}

impl Node {
    /// The last entry named `key`, if this is a mapping that has one.
    pub fn entry(&self, key: &str) -> Option<&Entry> {
        match &self.value {
            Value::Map(entries) => entries.iter().rev().find(|e| e.key == key),
            _ => None,
        }
    }

    pub fn get(&self, key: &str) -> Option<&Node> {
        self.entry(key).map(|e| &e.value)
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }

    /// An integer, also from a float without a fraction (`1.0` reaches the API server as `1`).
    pub fn as_i64(&self) -> Option<i64> {
        match self.value {
            Value::Int(i) => Some(i),
            Value::Float(f) if f.fract() == 0.0 && f.abs() < 9.0e15 => Some(f as i64),
            _ => None,
        }
    }

    pub fn as_bool(&self) -> Option<bool> {
        match self.value {
            Value::Bool(b) => Some(b),
            _ => None,
        }
    }

    pub fn items(&self) -> &[Node] {
        match &self.value {
            Value::Seq(items) => items,
            _ => &[],
        }
    }

    pub fn entries(&self) -> &[Entry] {
        match &self.value {
            Value::Map(entries) => entries,
            _ => &[],
        }
    }

    pub fn is_null(&self) -> bool {
        self.value == Value::Null
    }

    /// The JSON this node becomes when kubectl sends it (later duplicate keys win).
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::Value as J;
        match &self.value {
            Value::Null => J::Null,
            Value::Bool(b) => J::Bool(*b),
            Value::Int(i) => J::from(*i),
            Value::Float(f) => match self.as_i64() {
                Some(i) => J::from(i),
                None => serde_json::Number::from_f64(*f).map_or(J::Null, J::Number),
            },
            Value::Str(s) => J::String(s.clone()),
            Value::Seq(items) => J::Array(items.iter().map(Node::to_json).collect()),
            Value::Map(entries) => J::Object(
                entries
                    .iter()
                    .map(|e| (e.key.clone(), e.value.to_json()))
                    .collect(),
            ),
        }
    }
}

/// One YAML document of the stream.
#[derive(Clone, Debug, PartialEq)]
pub struct Document {
    pub root: Node,
    /// The line of its `---`, or of its first content when it has none.
    pub line: usize,
}

/// Why the stream could not be read further.
#[derive(Clone, Debug, PartialEq)]
pub struct Error {
    pub pos: Pos,
    pub message: String,
    /// What to do about it, in Podscape's words.
    pub hint: &'static str,
}

/// The hint of a syntax error.
pub const SYNTAX_HINT: &str = "check the indentation and the `key: value` shape of the line above the marker";
/// The hint when one of Podscape's limits against hostile input was hit.
pub const LIMIT_HINT: &str = "the input is refused whole to keep the page responsive; remove the repetition";
/// The hint when aliases expand past Podscape's [`MAX_EXPANDED_BYTES`].
pub const EXPANDED_HINT: &str =
    "aliases here expand past Podscape's limit of 8 MiB of copied text (an alias bomb?); write the repeated parts out";
/// The hint of go-yaml's alias ratio.
pub const ALIASING_HINT: &str =
    "kubectl refuses a document whose aliases expand to far more nodes than it holds; write the repeated parts out";

/// go-yaml's message, wrapped as `sigs.k8s.io/yaml` wraps every decode error.
pub const EXCESSIVE_ALIASING: &str =
    "error converting YAML to JSON: yaml: document contains excessive aliasing";

/// go-yaml's `allowedAliasRatio` (go.yaml.in/yaml/v2 `decode.go`): the share of decoded nodes
/// that may come from alias expansion, 99% up to 400,000 nodes, then down to 10% at 4,000,000.
pub fn allowed_alias_ratio(decode_count: u64) -> f64 {
    const LOW: u64 = 400_000;
    const HIGH: u64 = 4_000_000;
    if decode_count <= LOW {
        0.99
    } else if decode_count >= HIGH {
        0.10
    } else {
        0.99 - 0.89 * ((decode_count - LOW) as f64 / (HIGH - LOW) as f64)
    }
}

/// go-yaml's check, made at every node `decoder.unmarshal` visits: `aliasCount` nodes of
/// `decodeCount` were reached through an alias.
pub fn excessive_aliasing(alias_count: u64, decode_count: u64) -> bool {
    alias_count > 100
        && decode_count > 1000
        && alias_count as f64 / decode_count as f64 > allowed_alias_ratio(decode_count)
}

/// Reads every document of `text`. Documents before an error are returned with it.
pub fn parse_stream(text: &str) -> (Vec<Document>, Option<Error>) {
    let mut builder = Builder::default();
    let mut parser = Parser::new_from_str(text);
    let mut documents = Vec::new();
    let mut doc_line = None;
    let mut started = 0usize;
    loop {
        let (event, span) = match parser.next_event() {
            None => break,
            Some(Ok(next)) => next,
            Some(Err(err)) => {
                let mark = err.marker();
                let error = Error {
                    pos: Pos {
                        line: mark.line(),
                        column: mark.col() + 1,
                    },
                    message: err.info().to_string(),
                    hint: SYNTAX_HINT,
                };
                return (documents, Some(error));
            }
        };
        let pos = Pos::of(&span);
        let result = match event {
            Event::StreamStart | Event::StreamEnd | Event::Nothing => Ok(()),
            Event::DocumentStart(explicit) => {
                started += 1;
                if started > MAX_DOCUMENTS {
                    let error = Error {
                        pos,
                        message: format!(
                            "the input holds more than {MAX_DOCUMENTS} YAML documents, Podscape's limit; the input is refused"
                        ),
                        hint: "split the manifests into smaller files",
                    };
                    return (documents, Some(error));
                }
                doc_line = explicit.then_some(pos.line);
                builder.start_document();
                Ok(())
            }
            Event::DocumentEnd => {
                if let Some(error) = builder.pending.take() {
                    return (documents, Some(error));
                }
                let root = builder.root.take().map_or(
                    Node {
                        value: Value::Null,
                        pos,
                    },
                    |root| expand(&root),
                );
                let line = doc_line.take().unwrap_or(root.pos.line);
                documents.push(Document { root, line });
                Ok(())
            }
            Event::Alias(id) => builder.alias(id, pos),
            Event::Scalar(text, style, anchor, tag) => {
                let core_tag = tag.as_deref().filter(|t| t.handle == "tag:yaml.org,2002:");
                let value = resolve(&text, style, core_tag.map(|t| t.suffix.as_str()));
                let merge = style == ScalarStyle::Plain && text == "<<";
                builder.scalar(value, text.len(), pos, anchor, merge)
            }
            Event::SequenceStart(anchor, _) => builder.open(false, pos, anchor),
            Event::MappingStart(anchor, _) => builder.open(true, pos, anchor),
            Event::SequenceEnd | Event::MappingEnd => builder.close(pos),
        };
        if let Err(error) = result {
            return (documents, Some(error));
        }
    }
    (documents, None)
}

/// A node while its document is read: children are shared, so an alias is a pointer.
struct Shared {
    kind: Kind,
    /// The `unmarshal` calls go-yaml makes to decode it, aliases followed.
    decodes: u64,
    /// Podscape's measure of it expanded: scalar and key bytes plus [`EXPANDED_NODE_BYTES`]
    /// a node.
    bytes: u64,
    /// Levels of collections once expanded (0 for a scalar).
    height: usize,
}

enum Kind {
    Scalar(Value),
    Seq(Vec<Child>),
    Map(Vec<SharedEntry>),
}

/// A node where it appears: an alias is the anchored node at the alias's position.
#[derive(Clone)]
struct Child {
    node: Rc<Shared>,
    pos: Pos,
    alias: bool,
}

impl Child {
    /// go-yaml decodes the alias node itself, then the node it points to.
    fn decodes(&self) -> u64 {
        self.node.decodes.saturating_add(u64::from(self.alias))
    }
}

#[derive(Clone)]
struct SharedEntry {
    key: String,
    key_pos: Pos,
    value: Child,
}

/// Builds the plain tree of a document that passed its budgets: linear in its expanded size.
fn expand(child: &Child) -> Node {
    let value = match &child.node.kind {
        Kind::Scalar(value) => value.clone(),
        Kind::Seq(items) => Value::Seq(items.iter().map(expand).collect()),
        Kind::Map(entries) => Value::Map(
            entries
                .iter()
                .map(|e| Entry {
                    key: e.key.clone(),
                    key_pos: e.key_pos,
                    value: expand(&e.value),
                })
                .collect(),
        ),
    };
    Node {
        value,
        pos: child.pos,
    }
}

struct MapFrame {
    entries: Vec<SharedEntry>,
    /// The key read, waiting for its value (and whether it is the merge key `<<`).
    key: Option<(String, Pos, bool)>,
    merges: Vec<Child>,
    /// go-yaml's decodes so far: the mapping node, its keys and values, merged values (not the
    /// `<<` key).
    decodes: u64,
}

enum Frame {
    /// `merge`: the value of a `<<` key, whose items go-yaml decodes last to first and whose
    /// sequence node it does not decode at all.
    Seq {
        items: Vec<Child>,
        merge: bool,
    },
    Map(MapFrame),
}

/// One step of go-yaml's decoder: a node, or an alias node followed by the `expands` nodes of
/// what it points to.
#[derive(Clone, Copy)]
enum Step {
    Node(Pos),
    Alias(Pos, u64),
}

#[derive(Default)]
struct Builder {
    stack: Vec<(Frame, Pos, usize)>,
    anchors: BTreeMap<usize, Rc<Shared>>,
    root: Option<Child>,
    /// go-yaml's counters for the current document (its decoder is made per document).
    decode_count: u64,
    alias_count: u64,
    /// Steps inside `<<: [..]` sequences, one list per item, replayed last item first when the
    /// sequence ends (the innermost such sequence last).
    merge_items: Vec<Vec<Vec<Step>>>,
    /// Bytes copied by expansion over the whole input.
    expanded: u64,
    /// A budget broken by this document: reported at its end unless a syntax error comes first,
    /// as go-yaml parses a whole document before decoding it.
    pending: Option<Error>,
}

impl Builder {
    fn start_document(&mut self) {
        self.root = None;
        self.anchors.clear();
        // The document node is go-yaml's first `unmarshal`.
        self.decode_count = 1;
        self.alias_count = 0;
        self.merge_items.clear();
    }

    /// Before each node event: a direct item of a `<<: [..]` sequence starts a new step list.
    fn begin_node(&mut self) {
        if let Some((Frame::Seq { merge: true, .. }, ..)) = self.stack.last() {
            if let Some(items) = self.merge_items.last_mut() {
                items.push(Vec::new());
            }
        }
    }

    /// Whether the node about to complete is the merge key of the mapping on top.
    fn is_merge_value(&self) -> bool {
        matches!(
            self.stack.last(),
            Some((
                Frame::Map(MapFrame {
                    key: Some((_, _, true)),
                    ..
                }),
                ..
            ))
        )
    }

    fn is_key(&self) -> bool {
        matches!(
            self.stack.last(),
            Some((Frame::Map(MapFrame { key: None, .. }), ..))
        )
    }

    fn count(&mut self, step: Step) {
        if self.pending.is_some() {
            return;
        }
        if let Some(items) = self.merge_items.last_mut() {
            if let Some(item) = items.last_mut() {
                item.push(step);
                return;
            }
        }
        let pos = match step {
            Step::Node(pos) => {
                self.decode_count = self.decode_count.saturating_add(1);
                pos
            }
            Step::Alias(pos, expands) => {
                self.decode_count = self.decode_count.saturating_add(1);
                if !excessive_aliasing(self.alias_count, self.decode_count) {
                    // Every node reached through the alias counts in both; the ratio only grows
                    // while they do, so checking after the last is checking after each.
                    self.decode_count = self.decode_count.saturating_add(expands);
                    self.alias_count = self.alias_count.saturating_add(expands);
                }
                pos
            }
        };
        if excessive_aliasing(self.alias_count, self.decode_count) {
            self.pending = Some(Error {
                pos,
                message: EXCESSIVE_ALIASING.into(),
                hint: ALIASING_HINT,
            });
        }
    }

    fn open(&mut self, map: bool, pos: Pos, anchor: usize) -> Result<(), Error> {
        if self.stack.len() >= MAX_DEPTH {
            return Err(too_deep(pos));
        }
        self.begin_node();
        let merge = !map && self.is_merge_value();
        if merge {
            self.merge_items.push(Vec::new());
        } else {
            self.count(Step::Node(pos));
        }
        let frame = if map {
            Frame::Map(MapFrame {
                entries: Vec::new(),
                key: None,
                merges: Vec::new(),
                decodes: 1,
            })
        } else {
            Frame::Seq {
                items: Vec::new(),
                merge,
            }
        };
        self.stack.push((frame, pos, anchor));
        Ok(())
    }

    fn scalar(
        &mut self,
        value: Value,
        len: usize,
        pos: Pos,
        anchor: usize,
        merge: bool,
    ) -> Result<(), Error> {
        self.begin_node();
        let merge_key = merge && self.is_key();
        // go-yaml does not decode the merge key itself.
        if !merge_key {
            self.count(Step::Node(pos));
        }
        let node = Shared {
            kind: Kind::Scalar(value),
            decodes: u64::from(!merge_key),
            bytes: (len + EXPANDED_NODE_BYTES) as u64,
            height: 0,
        };
        self.complete(
            Child {
                node: Rc::new(node),
                pos,
                alias: false,
            },
            anchor,
            merge_key,
        )
    }

    fn close(&mut self, end: Pos) -> Result<(), Error> {
        let Some((frame, pos, anchor)) = self.stack.pop() else {
            return Ok(());
        };
        let node = match frame {
            Frame::Seq { items, merge } => {
                if merge {
                    let items = self.merge_items.pop().unwrap_or_default();
                    for step in items.into_iter().rev().flatten() {
                        self.count(step);
                    }
                }
                Shared {
                    decodes: items
                        .iter()
                        .fold(u64::from(!merge), |sum, c| sum.saturating_add(c.decodes())),
                    bytes: items.iter().fold(EXPANDED_NODE_BYTES as u64, |sum, c| {
                        sum.saturating_add(c.node.bytes)
                    }),
                    height: 1 + items.iter().map(|c| c.node.height).max().unwrap_or(0),
                    kind: Kind::Seq(items),
                }
            }
            Frame::Map(map) => {
                let decodes = map.decodes;
                let entries = merged(map).map_err(|message| Error {
                    pos: end,
                    message,
                    hint: SYNTAX_HINT,
                })?;
                Shared {
                    decodes,
                    bytes: entries.iter().fold(EXPANDED_NODE_BYTES as u64, |sum, e| {
                        sum.saturating_add((e.key.len() + EXPANDED_NODE_BYTES) as u64)
                            .saturating_add(e.value.node.bytes)
                    }),
                    height: 1 + entries.iter().map(|e| e.value.node.height).max().unwrap_or(0),
                    kind: Kind::Map(entries),
                }
            }
        };
        self.complete(
            Child {
                node: Rc::new(node),
                pos,
                alias: false,
            },
            anchor,
            false,
        )
    }

    fn alias(&mut self, id: usize, pos: Pos) -> Result<(), Error> {
        let Some(target) = self.anchors.get(&id).cloned() else {
            return Err(Error {
                pos,
                message: "unknown anchor".into(),
                hint: SYNTAX_HINT,
            });
        };
        // Expanded, the target sits below the collections open here.
        if self.stack.len() + target.height > MAX_DEPTH {
            return Err(too_deep(pos));
        }
        self.begin_node();
        self.count(Step::Alias(pos, target.decodes));
        self.expanded = self.expanded.saturating_add(target.bytes);
        if self.expanded > MAX_EXPANDED_BYTES as u64 && self.pending.is_none() {
            // kubectl's own words: its decoder would expand this far without limit (go-yaml's
            // ratio lets one huge string through), Podscape refuses it as go-yaml refuses a
            // bomb; the hint says which rule it was.
            self.pending = Some(Error {
                pos,
                message: EXCESSIVE_ALIASING.to_string(),
                hint: EXPANDED_HINT,
            });
        }
        self.complete(
            Child {
                node: target,
                pos,
                alias: true,
            },
            0,
            false,
        )
    }

    fn complete(&mut self, child: Child, anchor: usize, merge_key: bool) -> Result<(), Error> {
        if anchor != 0 {
            self.anchors.insert(anchor, Rc::clone(&child.node));
        }
        match self.stack.last_mut() {
            None => self.root = Some(child),
            Some((Frame::Seq { items, .. }, ..)) => items.push(child),
            Some((Frame::Map(map), ..)) => match map.key.take() {
                None => {
                    let key = match &child.node.kind {
                        Kind::Scalar(Value::Str(s)) => s.clone(),
                        Kind::Scalar(Value::Null) => "null".into(),
                        Kind::Scalar(Value::Bool(b)) => b.to_string(),
                        Kind::Scalar(Value::Int(i)) => i.to_string(),
                        Kind::Scalar(Value::Float(f)) => f.to_string(),
                        _ => {
                            return Err(Error {
                                pos: child.pos,
                                message: "a mapping key must be a scalar, not a collection".into(),
                                hint: SYNTAX_HINT,
                            })
                        }
                    };
                    map.decodes = map.decodes.saturating_add(child.decodes());
                    map.key = Some((key, child.pos, merge_key));
                }
                Some((_, _, true)) => {
                    map.decodes = map.decodes.saturating_add(child.decodes());
                    map.merges.push(child);
                }
                Some((key, key_pos, false)) => {
                    map.decodes = map.decodes.saturating_add(child.decodes());
                    map.entries.push(SharedEntry {
                        key,
                        key_pos,
                        value: child,
                    });
                }
            },
        }
        Ok(())
    }
}

/// A mapping's entries with its merge keys (`<<: *base`) applied: explicit keys win, then
/// earlier sources win. A source is a mapping, an alias of one, or a sequence of those, as
/// go-yaml's `decoder.merge` requires.
fn merged(map: MapFrame) -> Result<Vec<SharedEntry>, String> {
    let mut entries = map.entries;
    if map.merges.is_empty() {
        return Ok(entries);
    }
    let want_map = || "map merge requires map or sequence of maps as the value".to_string();
    let mut seen: HashSet<String> = entries.iter().map(|e| e.key.clone()).collect();
    for source in &map.merges {
        let sources: &[Child] = match &source.node.kind {
            Kind::Seq(items) if !source.alias => items,
            Kind::Map(_) => std::slice::from_ref(source),
            _ => return Err(want_map()),
        };
        for source in sources {
            let Kind::Map(from) = &source.node.kind else {
                return Err(want_map());
            };
            for entry in from {
                if seen.insert(entry.key.clone()) {
                    entries.push(entry.clone());
                }
            }
        }
    }
    Ok(entries)
}

fn too_deep(pos: Pos) -> Error {
    Error {
        pos,
        message: format!("nesting is deeper than {MAX_DEPTH} levels"),
        hint: LIMIT_HINT,
    }
}

/// Resolves a scalar as go-yaml v2 does (YAML 1.1 core types); quoted and block scalars and
/// `!!str` stay strings.
fn resolve(text: &str, style: ScalarStyle, tag: Option<&str>) -> Value {
    match tag {
        Some("str") => return Value::Str(text.into()),
        Some("null") => return Value::Null,
        _ => {}
    }
    if style != ScalarStyle::Plain && tag.is_none() {
        return Value::Str(text.into());
    }
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Value::Null,
        "y" | "Y" | "yes" | "Yes" | "YES" | "on" | "On" | "ON" | "true" | "True" | "TRUE" => {
            return Value::Bool(true)
        }
        "n" | "N" | "no" | "No" | "NO" | "off" | "Off" | "OFF" | "false" | "False" | "FALSE" => {
            return Value::Bool(false)
        }
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => return Value::Float(f64::INFINITY),
        "-.inf" | "-.Inf" | "-.INF" => return Value::Float(f64::NEG_INFINITY),
        ".nan" | ".NaN" | ".NAN" => return Value::Float(f64::NAN),
        _ => {}
    }
    let first = text.as_bytes()[0];
    if first.is_ascii_digit() || matches!(first, b'-' | b'+' | b'.') {
        let plain: String = text.chars().filter(|&c| c != '_').collect();
        if let Some(i) = parse_go_int(&plain) {
            return Value::Int(i);
        }
        if is_yaml11_float(&plain) {
            if let Ok(f) = plain.parse::<f64>() {
                return Value::Float(f);
            }
        }
    }
    Value::Str(text.into())
}

/// `strconv.ParseInt(s, 0, 64)`: optional sign, then `0x`, `0o`, `0b`, a leading `0` (octal) or
/// decimal digits.
fn parse_go_int(s: &str) -> Option<i64> {
    let (negative, digits) = match s.as_bytes().first()? {
        b'-' => (true, &s[1..]),
        b'+' => (false, &s[1..]),
        _ => (false, s),
    };
    let lower = digits.to_ascii_lowercase();
    let (radix, body) = if let Some(rest) = lower.strip_prefix("0x") {
        (16, rest)
    } else if let Some(rest) = lower.strip_prefix("0o") {
        (8, rest)
    } else if let Some(rest) = lower.strip_prefix("0b") {
        (2, rest)
    } else if lower.len() > 1 && lower.starts_with('0') {
        (8, &lower[1..])
    } else {
        (10, lower.as_str())
    };
    if body.is_empty() || !body.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    let magnitude = i128::from_str_radix(body, radix).ok()?;
    i64::try_from(if negative { -magnitude } else { magnitude }).ok()
}

/// go-yaml v2's float pattern: `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`.
fn is_yaml11_float(s: &str) -> bool {
    let s = s.strip_prefix(['-', '+']).unwrap_or(s);
    let (mantissa, exponent) = match s.find(['e', 'E']) {
        Some(at) => (&s[..at], Some(&s[at + 1..])),
        None => (s, None),
    };
    let digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
    let mantissa_ok = match mantissa.split_once('.') {
        Some(("", frac)) => digits(frac),
        Some((int, frac)) => digits(int) && (frac.is_empty() || digits(frac)),
        None => digits(mantissa),
    };
    let exponent_ok = exponent.is_none_or(|e| digits(e.strip_prefix(['-', '+']).unwrap_or(e)));
    mantissa_ok && exponent_ok
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> Node {
        let (docs, err) = parse_stream(text);
        assert_eq!(err, None);
        docs.into_iter().next().unwrap().root
    }

    #[test]
    fn scalars_resolve_like_go_yaml_v2() {
        let root =
            one("a: yes\nb: '1'\nc: 0755\nd: 1.0\ne: 1e3\nf: ~\ng: 0x1F\nh: 1_000\ni: 1.2.3\nj: Off\n");
        let got: Vec<_> = root.entries().iter().map(|e| e.value.value.clone()).collect();
        assert_eq!(
            got,
            [
                Value::Bool(true),
                Value::Str("1".into()),
                Value::Int(493),
                Value::Float(1.0),
                Value::Float(1000.0),
                Value::Null,
                Value::Int(31),
                Value::Int(1000),
                Value::Str("1.2.3".into()),
                Value::Bool(false),
            ]
        );
    }

    #[test]
    fn keys_and_values_carry_their_positions() {
        let root = one("# c\nspec:\n  replicas: 3\n  ports: [{port: 80}]\n");
        let spec = root.entry("spec").unwrap();
        assert_eq!(spec.key_pos, Pos { line: 2, column: 1 });
        let replicas = spec.value.entry("replicas").unwrap();
        assert_eq!((replicas.key_pos.column, replicas.value.pos.column), (3, 13));
        let port = &spec.value.get("ports").unwrap().items()[0].entry("port").unwrap();
        assert_eq!(
            (port.key_pos, port.value.pos),
            (Pos { line: 4, column: 12 }, Pos { line: 4, column: 18 })
        );
    }

    #[test]
    fn merge_keys_and_aliases_expand() {
        // `y` would be the boolean true as a key, as in go-yaml v2: use other names.
        let root = one("base: &b {x: 1, z: 2}\nuse:\n  <<: *b\n  z: 3\n");
        let used = root.get("use").unwrap_or_else(|| panic!("{root:#?}"));
        assert_eq!(
            used.get("x").unwrap_or_else(|| panic!("{used:#?}")).as_i64(),
            Some(1)
        );
        assert_eq!(
            used.get("z").unwrap_or_else(|| panic!("{used:#?}")).as_i64(),
            Some(3)
        );
        assert_eq!(used.entries().len(), 2);
    }

    #[test]
    fn documents_keep_their_start_line() {
        let (docs, err) = parse_stream("a: 1\n---\n# x\nb: 2\n...\n---\n");
        assert_eq!(err, None);
        let lines: Vec<_> = docs.iter().map(|d| d.line).collect();
        assert_eq!(lines, [1, 2, 6]);
        assert!(docs[2].root.is_null());
    }

    fn error_of(text: &str) -> Option<Error> {
        parse_stream(text).1
    }

    /// `k0: &a [x × items]`, then `k1: [*a × aliases]`: go-yaml decodes 205 + 201n nodes,
    /// 200n of them through an alias (with 199 items), the most at the end.
    fn ratio_doc(items: usize, aliases: usize) -> String {
        format!(
            "k0: &a [{}]\nk1: [{}]\n",
            vec!["x"; items].join(", "),
            vec!["*a"; aliases].join(", ")
        )
    }

    #[test]
    fn go_yaml_alias_ratio_is_its_own() {
        assert_eq!(allowed_alias_ratio(0), 0.99);
        assert_eq!(allowed_alias_ratio(400_000), 0.99);
        assert!(allowed_alias_ratio(400_001) < 0.99);
        assert!((allowed_alias_ratio(2_200_000) - 0.545).abs() < 1e-12);
        assert!(allowed_alias_ratio(3_999_999) > 0.10);
        assert_eq!(allowed_alias_ratio(4_000_000), 0.10);
        assert_eq!(allowed_alias_ratio(u64::MAX), 0.10);
        // Each condition alone is not enough.
        assert!(excessive_aliasing(1000, 1001));
        assert!(!excessive_aliasing(1000, 1000));
        assert!(!excessive_aliasing(100, 100));
        assert!(!excessive_aliasing(990, 1001));
        assert!(excessive_aliasing(991, 1001));
        assert!(!excessive_aliasing(396_000, 400_000));
        assert!(excessive_aliasing(396_001, 400_000));
        // In the linear range: 10% allowed at 4M, 54.5% at 2.2M.
        assert!(!excessive_aliasing(1_198_000, 2_200_000));
        assert!(excessive_aliasing(1_200_000, 2_200_000));
        assert!(!excessive_aliasing(400_000, 4_000_000));
        assert!(excessive_aliasing(400_001, 4_000_000));
    }

    #[test]
    fn go_yaml_alias_ratio_boundary() {
        // 200 aliases: 40000 of 40405 decodes (0.98997); 201: 40200 of 40606 (0.990001).
        assert_eq!(error_of(&ratio_doc(199, 200)), None);
        let err = error_of(&ratio_doc(199, 201)).expect("past go-yaml's ratio");
        assert_eq!(err.message, EXCESSIVE_ALIASING);
        assert_eq!(err.hint, ALIASING_HINT);
        // At the 201st alias, the one that crossed it.
        let column = "k1: [".len() + 200 * "*a, ".len() + 1;
        assert_eq!(err.pos, Pos { line: 2, column });
        // go-yaml's decoder is made per document: two documents just below pass.
        let twice = format!("{}---\n{}", ratio_doc(199, 200), ratio_doc(199, 200));
        assert_eq!(error_of(&twice), None);
    }

    #[test]
    fn go_yaml_decodes_merge_sequences_last_item_first() {
        // A 200-key map aliased 133 times: 53333 of 53872 decodes (0.989995). Merging it once
        // more crosses the ratio if decoded before the plain `{z: x}` (53734 of 54276,
        // 0.990014), not after it (of 54279, 0.989959). go-yaml merges `<<: [..]` from the last
        // item to the first, so `[*a, {z: x}]` passes and `[{z: x}, *a]` fails.
        let keys: Vec<String> = (0..200).map(|i| format!("k{i}: x")).collect();
        let prelude = format!(
            "a: &a {{{}}}\nc: [{}]\n",
            keys.join(", "),
            vec!["*a"; 133].join(", ")
        );
        let alias_first = format!("{prelude}m: {{<<: [*a, {{z: x}}]}}\n");
        let alias_last = format!("{prelude}m: {{<<: [{{z: x}}, *a]}}\n");
        assert_eq!(error_of(&alias_first), None);
        let err = error_of(&alias_last).expect("the alias decoded first crosses the ratio");
        assert_eq!(err.message, EXCESSIVE_ALIASING);
        assert_eq!(err.pos.line, 3);
        // The merged map itself is as written: the explicit sources' keys, earlier ones first.
        let (docs, _) = parse_stream(&alias_first);
        let m = docs[0].root.get("m").unwrap();
        assert_eq!(m.entries().len(), 201);
        assert_eq!(m.get("z").and_then(Node::as_str), Some("x"));
    }

    #[test]
    fn billion_laughs_is_refused_by_go_yaml_rule() {
        let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..12 {
            let p = i - 1;
            text.push_str(&format!(
                "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
            ));
        }
        let err = error_of(&text).unwrap();
        assert_eq!(err.message, EXCESSIVE_ALIASING);
        assert_eq!(err.pos.line, 4);
    }

    #[test]
    fn merge_key_bomb_is_refused() {
        // Each level merges the one below nine times: the keys collapse, go-yaml's decodes do not.
        let mut text = String::from("l0: &l0 {a: x, b: x, c: x, d: x, e: x, f: x, g: x, h: x}\n");
        for i in 1..30 {
            let p = i - 1;
            text.push_str(&format!(
                "l{i}: &l{i} {{<<: [{}]}}\n",
                vec![format!("*l{p}"); 9].join(", ")
            ));
        }
        let err = error_of(&text).unwrap();
        assert_eq!(err.message, EXCESSIVE_ALIASING);
        assert!(err.pos.line < 6, "{err:?}");
        // A merged value that is not a mapping is go-yaml's error.
        let err = error_of("s: &s [1]\nm: {<<: *s}\n").unwrap();
        assert_eq!(
            err.message,
            "map merge requires map or sequence of maps as the value"
        );
    }

    #[test]
    fn expanded_bytes_boundary() {
        // 128 copies of a 65520-byte scalar cost 128 × (65520 + 16) = MAX_EXPANDED_BYTES exactly.
        let long = "x".repeat(MAX_EXPANDED_BYTES / 128 - EXPANDED_NODE_BYTES);
        let doc = |copies: usize| format!("s: &s {long}\nl: [{}]\n", vec!["*s"; copies].join(", "));
        let (docs, err) = parse_stream(&doc(128));
        assert_eq!(err, None);
        assert_eq!(docs[0].root.get("l").unwrap().items().len(), 128);
        let err = error_of(&doc(129)).unwrap();
        assert_eq!(err.message, EXCESSIVE_ALIASING);
        assert_eq!(err.hint, EXPANDED_HINT);
        assert_eq!(
            err.pos,
            Pos {
                line: 2,
                column: 4 + 128 * 4 + 1
            }
        );
    }

    #[test]
    fn one_long_string_referenced_ninety_thousand_times_is_refused_at_once() {
        // The case: 60 KB, nested references reaching 91k copies (5.4 GB expanded).
        let long = "y".repeat(60_000);
        let text = format!(
            "s: &s {long}\nl1: &l1 [{}]\nl2: &l2 [{}]\nl3: [{}]\n",
            vec!["*s"; 30].join(","),
            vec!["*l1"; 30].join(","),
            vec!["*l2"; 101].join(",")
        );
        let err = error_of(&text).unwrap();
        // Under go-yaml's ratio: Podscape's expanded-size limit stops it, in kubectl's words.
        assert_eq!(
            (err.message.as_str(), err.hint),
            (EXCESSIVE_ALIASING, EXPANDED_HINT)
        );
        assert_eq!(err.pos.line, 3);
    }

    #[test]
    fn a_later_syntax_error_in_the_same_document_wins() {
        // go-yaml parses the whole document before decoding it.
        let text = format!("{}bad: [\n", ratio_doc(199, 201));
        let err = error_of(&text).unwrap();
        assert_ne!(err.message, EXCESSIVE_ALIASING);
        assert_eq!(err.hint, SYNTAX_HINT);
        // A later document's does not: kubectl stops at the first document it cannot decode.
        let text = format!("{}---\nbad: [\n", ratio_doc(199, 201));
        assert_eq!(error_of(&text).unwrap().message, EXCESSIVE_ALIASING);
    }

    #[test]
    fn document_count_boundary() {
        let (docs, err) = parse_stream(&"---\na: 1\n".repeat(MAX_DOCUMENTS));
        assert_eq!((docs.len(), err), (MAX_DOCUMENTS, None));
        let (docs, err) = parse_stream(&"---\na: 1\n".repeat(MAX_DOCUMENTS + 1));
        let err = err.unwrap();
        assert_eq!(docs.len(), MAX_DOCUMENTS);
        assert_eq!(err.pos.line, 2 * MAX_DOCUMENTS + 1);
        assert_eq!(
            err.message,
            format!("the input holds more than {MAX_DOCUMENTS} YAML documents, Podscape's limit; the input is refused")
        );
    }

    #[test]
    fn depth_boundary_counts_expanded_aliases() {
        let nested = |levels: usize| -> String {
            (0..levels)
                .map(|i| format!("{}k:{}\n", " ".repeat(i), if i + 1 == levels { " v" } else { "" }))
                .collect()
        };
        assert_eq!(error_of(&nested(MAX_DEPTH)), None);
        let err = error_of(&nested(MAX_DEPTH + 1)).unwrap();
        assert_eq!(err.message, format!("nesting is deeper than {MAX_DEPTH} levels"));
        assert_eq!(err.pos.line, MAX_DEPTH + 1);
        // An anchor 50 levels high (plus its enclosing map) fits under 50 levels, not 51.
        let anchored = |above: usize| -> String {
            let mut text = String::from("a: &a\n");
            text.push_str(&nested(50).lines().map(|l| format!("  {l}\n")).collect::<String>());
            text.push_str("b:\n");
            text.push_str(
                &(0..above)
                    .map(|i| format!("{}k:\n", " ".repeat(i + 1)))
                    .collect::<String>(),
            );
            text.truncate(text.len() - 1);
            text.push_str(" *a\n");
            text
        };
        assert_eq!(error_of(&anchored(49)), None);
        let err = error_of(&anchored(50)).unwrap();
        assert_eq!(err.message, format!("nesting is deeper than {MAX_DEPTH} levels"));
    }

    #[test]
    fn deep_nesting_is_refused() {
        let text: String = (0..150).map(|i| format!("{}k:\n", " ".repeat(i))).collect();
        let (_, err) = parse_stream(&text);
        let err = err.unwrap();
        assert!(err.message.contains("deeper than"), "{err:?}");
        // Flow nesting is limited by the parser itself.
        assert!(parse_stream(&"[".repeat(10_000)).1.is_some());
    }
}
