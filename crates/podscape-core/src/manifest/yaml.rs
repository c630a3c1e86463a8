//! A YAML tree that remembers where every key and value starts, built from `saphyr-parser` events.
//!
//! Scalars are resolved the way kubectl resolves them (YAML 1.1, as `sigs.k8s.io/yaml` does via
//! go-yaml v2): `yes`/`on` are booleans, `0755` is octal, `1.0` is a number. That is what makes
//! `version: 1.0` a type error in a label, exactly as on a real cluster.
//!
//! Hostile input stays harmless: nesting is limited to [`MAX_DEPTH`], and copying anchored nodes
//! (for aliases and merge keys) to [`MAX_ALIAS_NODES`] nodes in all, so an alias bomb stops early
//! with a clear error and bounded memory.

use std::collections::BTreeMap;

use saphyr_parser::{Event, Parser, ScalarStyle, Span};

/// Deeper nesting than this is refused; real manifests stay below 20.
pub use crate::budget::MAX_DEPTH;
/// Nodes that anchors and aliases may copy, over the whole input.
pub const MAX_ALIAS_NODES: usize = 100_000;

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
    /// A limit against hostile input was hit, rather than a syntax error.
    pub limit: bool,
}

/// Reads every document of `text`. Documents before a syntax error are returned with it.
pub fn parse_stream(text: &str) -> (Vec<Document>, Option<Error>) {
    let mut builder = Builder::default();
    let mut parser = Parser::new_from_str(text);
    let mut documents = Vec::new();
    let mut doc_line = None;
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
                    limit: false,
                };
                return (documents, Some(error));
            }
        };
        let pos = Pos::of(&span);
        let result = match event {
            Event::StreamStart | Event::StreamEnd | Event::Nothing => Ok(()),
            Event::DocumentStart(explicit) => {
                doc_line = explicit.then_some(pos.line);
                builder.root = None;
                Ok(())
            }
            Event::DocumentEnd => {
                let root = builder.root.take().unwrap_or(Node {
                    value: Value::Null,
                    pos,
                });
                let line = doc_line.take().unwrap_or(root.pos.line);
                documents.push(Document { root, line });
                Ok(())
            }
            Event::Alias(id) => builder.alias(id, pos),
            Event::Scalar(text, style, anchor, tag) => {
                let core_tag = tag.as_deref().filter(|t| t.handle == "tag:yaml.org,2002:");
                let value = resolve(&text, style, core_tag.map(|t| t.suffix.as_str()));
                let merge = style == ScalarStyle::Plain && text == "<<";
                builder.complete(Node { value, pos }, anchor, merge)
            }
            Event::SequenceStart(anchor, _) => builder.open(Frame::Seq(Vec::new()), pos, anchor),
            Event::MappingStart(anchor, _) => builder.open(Frame::Map(MapFrame::default()), pos, anchor),
            Event::SequenceEnd | Event::MappingEnd => builder.close(),
        };
        if let Err(message) = result {
            let limit = message.contains("alias bomb") || message.contains("deeper than");
            return (documents, Some(Error { pos, message, limit }));
        }
    }
    (documents, None)
}

#[derive(Default)]
struct MapFrame {
    entries: Vec<Entry>,
    key: Option<(String, Pos, bool)>,
    merges: Vec<Node>,
}

enum Frame {
    Seq(Vec<Node>),
    Map(MapFrame),
}

#[derive(Default)]
struct Builder {
    stack: Vec<(Frame, Pos, usize)>,
    anchors: BTreeMap<usize, Node>,
    root: Option<Node>,
    copied: usize,
}

impl Builder {
    fn open(&mut self, frame: Frame, pos: Pos, anchor: usize) -> Result<(), String> {
        if self.stack.len() >= MAX_DEPTH {
            return Err(format!("nesting is deeper than {MAX_DEPTH} levels"));
        }
        self.stack.push((frame, pos, anchor));
        Ok(())
    }

    fn close(&mut self) -> Result<(), String> {
        let Some((frame, pos, anchor)) = self.stack.pop() else {
            return Ok(());
        };
        let value = match frame {
            Frame::Seq(items) => Value::Seq(items),
            Frame::Map(mut map) => {
                // Merge keys (`<<: *base`): explicit keys win, then earlier sources win.
                for source in std::mem::take(&mut map.merges) {
                    let sources = match source.value {
                        Value::Seq(items) => items,
                        other => vec![Node {
                            value: other,
                            pos: source.pos,
                        }],
                    };
                    for source in sources {
                        let Value::Map(entries) = source.value else {
                            return Err("map merge requires map or sequence of maps as the value".into());
                        };
                        for entry in entries {
                            if !map.entries.iter().any(|e| e.key == entry.key) {
                                map.entries.push(entry);
                            }
                        }
                    }
                }
                Value::Map(map.entries)
            }
        };
        self.complete(Node { value, pos }, anchor, false)
    }

    fn alias(&mut self, id: usize, pos: Pos) -> Result<(), String> {
        let Some(target) = self.anchors.get(&id) else {
            return Err("unknown anchor".into());
        };
        let node = copy(target, &mut self.copied)?;
        let node = Node { pos, ..node };
        self.complete(node, 0, false)
    }

    fn complete(&mut self, node: Node, anchor: usize, merge_key: bool) -> Result<(), String> {
        if anchor != 0 {
            let copy = copy(&node, &mut self.copied)?;
            self.anchors.insert(anchor, copy);
        }
        match self.stack.last_mut() {
            None => self.root = Some(node),
            Some((Frame::Seq(items), ..)) => items.push(node),
            Some((Frame::Map(map), ..)) => match map.key.take() {
                None => {
                    let key = match &node.value {
                        Value::Str(s) => s.clone(),
                        Value::Null => "null".into(),
                        Value::Bool(b) => b.to_string(),
                        Value::Int(i) => i.to_string(),
                        Value::Float(f) => f.to_string(),
                        Value::Seq(_) | Value::Map(_) => {
                            return Err("a mapping key must be a scalar, not a collection".into())
                        }
                    };
                    map.key = Some((key, node.pos, merge_key));
                }
                Some((_, _, true)) => map.merges.push(node),
                Some((key, key_pos, false)) => map.entries.push(Entry {
                    key,
                    key_pos,
                    value: node,
                }),
            },
        }
        Ok(())
    }
}

/// Copies an anchored node, counting every node against [`MAX_ALIAS_NODES`].
fn copy(node: &Node, copied: &mut usize) -> Result<Node, String> {
    *copied += 1;
    if *copied > MAX_ALIAS_NODES {
        return Err(format!(
            "aliases expand to more than {MAX_ALIAS_NODES} nodes (an alias bomb?); the input is refused"
        ));
    }
    let value = match &node.value {
        Value::Seq(items) => Value::Seq(items.iter().map(|n| copy(n, copied)).collect::<Result<_, _>>()?),
        Value::Map(entries) => Value::Map(
            entries
                .iter()
                .map(|e| {
                    Ok(Entry {
                        key: e.key.clone(),
                        key_pos: e.key_pos,
                        value: copy(&e.value, copied)?,
                    })
                })
                .collect::<Result<_, String>>()?,
        ),
        other => other.clone(),
    };
    Ok(Node { value, pos: node.pos })
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

    #[test]
    fn alias_bomb_is_refused() {
        let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..12 {
            let p = i - 1;
            text.push_str(&format!(
                "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
            ));
        }
        let (_, err) = parse_stream(&text);
        assert!(err.unwrap().message.contains("alias bomb"));
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
