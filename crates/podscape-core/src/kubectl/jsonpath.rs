//! kubectl's JSONPath dialect (`-o jsonpath=…`, `--sort-by`): a port of client-go's
//! `util/jsonpath` parser and evaluator over the wire objects of `wire.rs`, with kubectl's
//! printing rules (values space-separated, maps and lists as compact JSON).
//!
//! Podscape's departures, each bounded: Go walks maps in random order for `*` and `..`, here
//! keys come sorted; the budgets of `crate::budget` (`JSONPATH_*`) bound nesting, the values
//! visited and the text printed, each answered with a `podscape:` error.

use serde_json::Value;

use crate::budget::{
    JSONPATH_MAX_NESTING as MAX_NESTING, JSONPATH_MAX_OUTPUT_BYTES as MAX_OUTPUT_BYTES,
    JSONPATH_MAX_VALUES as MAX_RESULTS,
};

#[derive(Clone, Copy, Debug, Default, PartialEq)]
struct Param {
    value: i64,
    known: bool,
    derived: bool,
}

#[derive(Clone, Debug, PartialEq)]
enum Node {
    Text(String),
    List(Vec<Node>),
    Field(String),
    Array([Param; 3]),
    Filter {
        left: Vec<Node>,
        right: Vec<Node>,
        operator: String,
    },
    Int(i64),
    Float(f64),
    Bool(bool),
    Wildcard,
    Recursive,
    Union(Vec<Vec<Node>>),
    Identifier(String),
}

/// A parsed template.
#[derive(Clone, Debug, PartialEq)]
pub struct JsonPath {
    nodes: Vec<Node>,
}

impl JsonPath {
    /// Parses a template as `jsonpath.Parse` does; the error is its message.
    pub fn parse(text: &str) -> Result<JsonPath, String> {
        Ok(JsonPath {
            nodes: parse(text, 0)?,
        })
    }

    /// Every value the template finds, grouped as `FindResults` groups them (one group per
    /// text or `{…}` block, blocks inside a range once per element).
    fn find<'a>(&self, data: &'a Value, allow_missing: bool) -> Result<Vec<Vec<Val<'a>>>, String> {
        let mut run = Run {
            allow_missing,
            begin_range: 0,
            in_range: 0,
            end_range: 0,
            last_end: None,
            count: 0,
        };
        let mut out = Vec::new();
        run.find_results(&self.nodes, 0, Val::Ref(data), &mut out)?;
        Ok(out)
    }

    /// What kubectl prints for `data`: each group's values joined by spaces.
    pub fn execute(&self, data: &Value, allow_missing: bool) -> Result<String, String> {
        let mut out = String::new();
        for group in self.find(data, allow_missing)? {
            let last = group.len().saturating_sub(1);
            for (i, v) in group.iter().enumerate() {
                out.push_str(&v.print());
                if i != last {
                    out.push(' ');
                }
                if out.len() > MAX_OUTPUT_BYTES {
                    return Err(format!(
                        "podscape: the template printed over {MAX_OUTPUT_BYTES} bytes (Podscape's budget)"
                    ));
                }
            }
        }
        Ok(out)
    }

    /// `-o jsonpath-as-json`: each group's values as one JSON array, indented by four spaces
    /// (`json.MarshalIndent`), a newline after each.
    pub fn execute_as_json(&self, data: &Value, allow_missing: bool) -> Result<String, String> {
        use serde::Serialize;
        let mut out = String::new();
        for group in self.find(data, allow_missing)? {
            let values = Value::Array(group.iter().map(Val::to_json).collect());
            let mut buf = Vec::new();
            let formatter = serde_json::ser::PrettyFormatter::with_indent(b"    ");
            let mut serializer = serde_json::Serializer::with_formatter(&mut buf, formatter);
            values.serialize(&mut serializer).map_err(|e| e.to_string())?;
            out.push_str(&go_html_escape(&String::from_utf8_lossy(&buf)));
            out.push('\n');
            if out.len() > MAX_OUTPUT_BYTES {
                return Err(format!(
                    "podscape: the template printed over {MAX_OUTPUT_BYTES} bytes (Podscape's budget)"
                ));
            }
        }
        Ok(out)
    }

    /// The values of a one-block template (`--sort-by`), as JSON values.
    pub fn values(&self, data: &Value) -> Result<Vec<Value>, String> {
        Ok(self
            .find(data, true)?
            .into_iter()
            .flatten()
            .map(|v| v.to_json())
            .collect())
    }
}

/// A value found: a part of the object, or a literal of the template.
#[derive(Clone, Debug)]
enum Val<'a> {
    Ref(&'a Value),
    Text(String),
    Int(i64),
    Float(f64),
    Bool(bool),
    /// A byte of a string (Go indexes strings by byte under `*` and `..`).
    Byte(u8),
    /// What `FindResults(nil)` walks: nothing.
    Nil,
}

impl Val<'_> {
    fn to_json(&self) -> Value {
        match self {
            Val::Ref(v) => (*v).clone(),
            Val::Text(s) => Value::String(s.clone()),
            Val::Int(i) => Value::from(*i),
            Val::Float(f) => serde_json::Number::from_f64(*f).map_or(Value::Null, Value::Number),
            Val::Bool(b) => Value::Bool(*b),
            Val::Byte(b) => Value::from(*b),
            Val::Nil => Value::Null,
        }
    }

    /// `PrintResults`: maps and lists as `json.Marshal` writes them, the rest as `fmt.Fprint`.
    fn print(&self) -> String {
        match self {
            Val::Ref(v @ (Value::Object(_) | Value::Array(_))) => go_json(v),
            Val::Ref(Value::String(s)) => s.clone(),
            Val::Ref(Value::Number(n)) => go_number(n),
            Val::Ref(Value::Bool(b)) => b.to_string(),
            Val::Ref(Value::Null) | Val::Nil => "<nil>".into(),
            Val::Text(s) => s.clone(),
            Val::Int(i) => i.to_string(),
            Val::Float(f) => go_float(*f),
            Val::Bool(b) => b.to_string(),
            Val::Byte(b) => b.to_string(),
        }
    }
}

/// `json.Marshal`: compact, keys sorted (serde_json's map is ordered), and Go's HTML escaping.
fn go_json(v: &Value) -> String {
    go_html_escape(&serde_json::to_string(v).unwrap_or_default())
}

/// Go's JSON encoder escapes `<`, `>`, `&`, U+2028 and U+2029 (they only occur in strings).
fn go_html_escape(json: &str) -> String {
    json.replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
        .replace('\u{2028}', "\\u2028")
        .replace('\u{2029}', "\\u2029")
}

fn go_number(n: &serde_json::Number) -> String {
    match (n.as_i64(), n.as_u64(), n.as_f64()) {
        (Some(i), _, _) => i.to_string(),
        (_, Some(u), _) => u.to_string(),
        (_, _, Some(f)) => go_float(f),
        _ => n.to_string(),
    }
}

/// `fmt.Print` of a float64 (`%g` with the shortest digits, exponent from 1e21 or under 1e-4).
fn go_float(f: f64) -> String {
    if f.is_nan() {
        return "NaN".into();
    }
    if f.is_infinite() {
        return if f > 0.0 { "+Inf".into() } else { "-Inf".into() };
    }
    let abs = f.abs();
    if abs != 0.0 && !(1e-4..1e21).contains(&abs) {
        let s = format!("{f:e}");
        // Rust writes `1e21` and `1e-5`; Go writes `1e+21` and `1e-05`.
        if let Some((mantissa, exp)) = s.split_once('e') {
            let (sign, digits) = match exp.strip_prefix('-') {
                Some(d) => ('-', d),
                None => ('+', exp),
            };
            return format!("{mantissa}e{sign}{digits:0>2}");
        }
        return s;
    }
    format!("{f}")
}

/// Go's `%#v` of an unstructured object, as kubectl's execution error prints it.
pub(super) fn go_sharp_v(v: &Value) -> String {
    let mut out = String::new();
    sharp_v(v, &mut out, 0);
    out
}

fn sharp_v(v: &Value, out: &mut String, depth: usize) {
    if depth > 200 {
        out.push_str("...");
        return;
    }
    match v {
        Value::Null => out.push_str("interface {}(nil)"),
        Value::Bool(b) => out.push_str(&b.to_string()),
        Value::Number(n) => out.push_str(&go_number(n)),
        Value::String(s) => out.push_str(&format!("{s:?}")),
        Value::Array(items) => {
            out.push_str("[]interface {}{");
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                sharp_v(item, out, depth + 1);
            }
            out.push('}');
        }
        Value::Object(map) => {
            out.push_str("map[string]interface {}{");
            for (i, (k, item)) in map.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                out.push_str(&format!("{k:?}:"));
                sharp_v(item, out, depth + 1);
            }
            out.push('}');
        }
    }
}

/// Go's `%v` of a value (the filter's "is not array or slice" error).
fn go_v(v: &Value) -> String {
    match v {
        Value::Null => "<nil>".into(),
        Value::String(s) => s.clone(),
        Value::Number(n) => go_number(n),
        Value::Bool(b) => b.to_string(),
        Value::Array(items) => format!("[{}]", items.iter().map(go_v).collect::<Vec<_>>().join(" ")),
        Value::Object(map) => format!(
            "map[{}]",
            map.iter()
                .map(|(k, v)| format!("{k}:{}", go_v(v)))
                .collect::<Vec<_>>()
                .join(" ")
        ),
    }
}

// ---------------------------------------------------------------------------------------------
// The parser: client-go's `Parser`, its recursion turned into a loop over the input.

struct Parser<'t> {
    input: &'t str,
    pos: usize,
    start: usize,
    width: usize,
    depth: usize,
}

const EOF: Option<char> = None;

/// `Parse(name, text)`: the root's nodes (texts and `{…}` lists).
fn parse(text: &str, depth: usize) -> Result<Vec<Node>, String> {
    if depth > MAX_NESTING {
        return Err("podscape: the template nests filters or unions over 32 deep (Podscape's budget)".into());
    }
    let mut p = Parser {
        input: text,
        pos: 0,
        start: 0,
        width: 0,
        depth,
    };
    let mut root: Vec<Node> = Vec::new();
    loop {
        // parseText: up to the next `{`.
        match p.input[p.pos..].find('{') {
            Some(offset) => {
                p.pos += offset;
                if p.pos > p.start {
                    root.push(Node::Text(p.consume_text().to_string()));
                }
                // parseLeftDelim
                p.pos += 1;
                p.consume_text();
                let mut list = Vec::new();
                let closed = p.parse_inside_action(&mut list);
                root.push(Node::List(list));
                closed?;
            }
            None => {
                p.pos = p.input.len();
                if p.pos > p.start {
                    root.push(Node::Text(p.consume_text().to_string()));
                }
                return Ok(root);
            }
        }
    }
}

/// `parseAction`: `{text}` parsed, its one list's nodes.
fn parse_action(text: &str, depth: usize) -> Result<Vec<Node>, String> {
    let nodes = parse(&format!("{{{text}}}"), depth + 1)?;
    match nodes.into_iter().next() {
        Some(Node::List(list)) => Ok(list),
        _ => Ok(Vec::new()),
    }
}

fn is_terminator(r: Option<char>) -> bool {
    match r {
        None => true,
        Some(c) => matches!(
            c,
            ' ' | '\t' | '\r' | '\n' | '.' | ',' | '[' | ']' | '$' | '@' | '{' | '}'
        ),
    }
}

fn is_alphanumeric(c: char) -> bool {
    c == '_' || c.is_alphabetic() || c.is_numeric()
}

impl<'t> Parser<'t> {
    fn consume_text(&mut self) -> &'t str {
        let value = &self.input[self.start..self.pos];
        self.start = self.pos;
        value
    }

    fn next(&mut self) -> Option<char> {
        match self.input[self.pos..].chars().next() {
            None => {
                self.width = 0;
                EOF
            }
            Some(c) => {
                self.width = c.len_utf8();
                self.pos += self.width;
                Some(c)
            }
        }
    }

    fn peek(&mut self) -> Option<char> {
        let r = self.next();
        self.backup();
        r
    }

    fn backup(&mut self) {
        self.pos -= self.width;
        self.width = 0;
    }

    /// The byte two before `pos` (Go's `p.input[p.pos-2]`, an escape check).
    fn escaped(&self) -> bool {
        self.pos >= 2 && self.input.as_bytes()[self.pos - 2] == b'\\'
    }

    /// `parseInsideAction` and what it calls, up to the action's `}` (a loop, not Go's
    /// recursion, so a long template cannot overflow the stack).
    fn parse_inside_action(&mut self, cur: &mut Vec<Node>) -> Result<(), String> {
        loop {
            let rest = &self.input[self.pos..];
            if rest.starts_with('}') {
                self.pos += 1;
                self.consume_text();
                return Ok(());
            }
            if rest.starts_with("[?(") {
                self.parse_filter(cur)?;
                continue;
            }
            if rest.starts_with("..") {
                if matches!(cur.last(), Some(Node::Recursive)) {
                    return Err("invalid multiple recursive descent".into());
                }
                self.pos += 2;
                self.consume_text();
                cur.push(Node::Recursive);
                if self.peek().is_some_and(is_alphanumeric) {
                    self.parse_field(cur);
                }
                continue;
            }
            match self.next() {
                None | Some('\r' | '\n') => return Err("unclosed action".into()),
                Some(' ' | '@' | '$') => {
                    self.consume_text();
                }
                Some('[') => self.parse_array(cur)?,
                Some(q @ ('"' | '\'')) => self.parse_quote(cur, q)?,
                Some('.') => self.parse_field(cur),
                Some(c) if c == '+' || c == '-' || c.is_ascii_digit() || c.is_numeric() => {
                    self.backup();
                    self.parse_number(cur)?;
                }
                Some(c) if is_alphanumeric(c) => {
                    self.backup();
                    self.parse_identifier(cur);
                }
                Some(c) => {
                    return Err(format!(
                        "unrecognized character in action: U+{:04X} {}",
                        u32::from(c),
                        go_quote_rune(c)
                    ))
                }
            }
        }
    }

    fn parse_identifier(&mut self, cur: &mut Vec<Node>) {
        loop {
            let r = self.next();
            if is_terminator(r) {
                self.backup();
                break;
            }
        }
        let value = self.consume_text();
        match value {
            "true" => cur.push(Node::Bool(true)),
            "false" => cur.push(Node::Bool(false)),
            _ => cur.push(Node::Identifier(value.to_string())),
        }
    }

    fn parse_number(&mut self, cur: &mut Vec<Node>) -> Result<(), String> {
        if matches!(self.peek(), Some('+' | '-')) {
            self.next();
        }
        loop {
            match self.next() {
                Some(c) if c == '.' || c.is_numeric() => {}
                _ => {
                    self.backup();
                    break;
                }
            }
        }
        let value = self.consume_text();
        if let Some(i) = go_atoi(value) {
            cur.push(Node::Int(i));
            return Ok(());
        }
        match value.parse::<f64>() {
            Ok(f) if value.chars().all(|c| c.is_ascii_digit() || "+-.".contains(c)) => {
                cur.push(Node::Float(f));
                Ok(())
            }
            _ => Err(format!("cannot parse number {value}")),
        }
    }

    fn parse_array(&mut self, cur: &mut Vec<Node>) -> Result<(), String> {
        loop {
            match self.next() {
                None | Some('\n') => return Err("unterminated array".into()),
                Some(']') => break,
                _ => {}
            }
        }
        let text = self.consume_text();
        let mut text = &text[1..text.len() - 1];
        if text == "*" {
            text = ":";
        }
        let parts: Vec<&str> = text.split(',').collect();
        if parts.len() > 1 {
            let mut union = Vec::new();
            for part in parts {
                union.push(parse_action(
                    &format!("[{}]", part.trim_matches(' ')),
                    self.depth,
                )?);
            }
            cur.push(Node::Union(union));
            return Ok(());
        }
        // dictKeyRex: `'key'`.
        if text.len() >= 2
            && text.starts_with('\'')
            && text.ends_with('\'')
            && !text[1..text.len() - 1].contains('\'')
        {
            let nodes = parse_action(&format!(".{}", &text[1..text.len() - 1]), self.depth)?;
            cur.extend(nodes);
            return Ok(());
        }
        let Some(groups) = slice_operator(text) else {
            return Err(format!("invalid array index {text}"));
        };
        let mut params = [Param::default(); 3];
        for i in 0..3 {
            let mut value = groups[i];
            if !value.is_empty() {
                if i > 0 {
                    value = &value[1..];
                }
                if i > 0 && value.is_empty() {
                    params[i].known = false;
                } else {
                    params[i].known = true;
                    params[i].value =
                        go_atoi(value).ok_or_else(|| format!("array index {value} is not a number"))?;
                }
            } else if i == 1 {
                params[i].known = true;
                params[i].value = params[0].value.saturating_add(1);
                params[i].derived = true;
            }
        }
        cur.push(Node::Array(params));
        Ok(())
    }

    fn parse_filter(&mut self, cur: &mut Vec<Node>) -> Result<(), String> {
        self.pos += 3;
        self.consume_text();
        let mut begin = false;
        let mut end = false;
        let mut pair = '\0';
        loop {
            match self.next() {
                None | Some('\n') => return Err("unterminated filter".into()),
                Some(r @ ('"' | '\'')) => {
                    if !begin {
                        begin = true;
                        pair = r;
                        continue;
                    }
                    if !self.escaped() && r == pair {
                        end = true;
                    }
                }
                Some(')') if begin == end => break,
                _ => {}
            }
        }
        if self.next() != Some(']') {
            return Err("unclosed array expect ]".into());
        }
        let text = self.consume_text();
        let text = &text[..text.len() - 2];
        match filter_parts(text) {
            None => {
                let left = parse_action(text, self.depth)?;
                cur.push(Node::Filter {
                    left,
                    right: Vec::new(),
                    operator: "exists".into(),
                });
            }
            Some((left, operator, right)) => {
                let left = parse_action(left, self.depth)?;
                let right = parse_action(right, self.depth)?;
                cur.push(Node::Filter {
                    left,
                    right,
                    operator: operator.into(),
                });
            }
        }
        Ok(())
    }

    fn parse_quote(&mut self, cur: &mut Vec<Node>, end: char) -> Result<(), String> {
        loop {
            match self.next() {
                None | Some('\n') => return Err("unterminated quoted string".into()),
                Some(c) if c == end && !self.escaped() => break,
                _ => {}
            }
        }
        let value = self.consume_text();
        let s = unquote_extend(value).map_err(|e| format!("unquote string {value} error {e}"))?;
        cur.push(Node::Text(s));
        Ok(())
    }

    fn parse_field(&mut self, cur: &mut Vec<Node>) {
        self.consume_text();
        loop {
            let r = self.next();
            if r == Some('\\') {
                self.next();
            } else if is_terminator(r) {
                self.backup();
                break;
            }
        }
        let value = self.consume_text();
        if value == "*" {
            cur.push(Node::Wildcard);
        } else {
            cur.push(Node::Field(value.replace('\\', "")));
        }
    }
}

/// `%#U`'s quoted part: the rune in single quotes when printable.
fn go_quote_rune(c: char) -> String {
    if c.is_control() {
        String::new()
    } else {
        format!("'{c}'")
    }
}

/// `strconv.Atoi`: an optional sign and decimal digits, within 64 bits.
fn go_atoi(s: &str) -> Option<i64> {
    let digits = s.strip_prefix(['+', '-']).unwrap_or(s);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse::<i64>().ok()
}

/// `^(-?[\d]*)(:-?[\d]*)?(:-?[\d]*)?$`: the three groups, empty when absent.
fn slice_operator(text: &str) -> Option<[&str; 3]> {
    fn number(s: &str) -> usize {
        let sign = usize::from(s.starts_with('-'));
        sign + s[sign..].bytes().take_while(u8::is_ascii_digit).count()
    }
    let first = number(text);
    let mut groups = [&text[..first], "", ""];
    let mut rest = &text[first..];
    for group in groups.iter_mut().skip(1) {
        if let Some(after) = rest.strip_prefix(':') {
            let n = 1 + number(after);
            *group = &rest[..n];
            rest = &rest[n..];
        }
    }
    rest.is_empty().then_some(groups)
}

/// `^([^!<>=]+)([!<>=]+)(.+?)$` on a filter's text.
fn filter_parts(text: &str) -> Option<(&str, &str, &str)> {
    let op_start = text.find(['!', '<', '>', '='])?;
    if op_start == 0 {
        return None;
    }
    let op_len = text[op_start..]
        .find(|c: char| !"!<>=".contains(c))
        .unwrap_or(text.len() - op_start);
    let right = &text[op_start + op_len..];
    // `.+?` then `$`: at least one character, and `.` does not match a newline.
    if right.is_empty() || right.contains('\n') {
        return None;
    }
    Some((&text[..op_start], &text[op_start..op_start + op_len], right))
}

/// `UnquoteExtend`: a Go string literal in double or single quotes.
fn unquote_extend(s: &str) -> Result<String, &'static str> {
    let bytes = s.as_bytes();
    let n = bytes.len();
    if n < 2 || bytes[0] != bytes[n - 1] || !matches!(bytes[0], b'"' | b'\'') {
        return Err("invalid syntax");
    }
    let quote = bytes[0] as char;
    let body = &s[1..n - 1];
    let mut out = String::new();
    let mut chars = body.chars().peekable();
    while let Some(c) = chars.next() {
        if c == quote {
            return Err("invalid syntax");
        }
        if c != '\\' {
            out.push(c);
            continue;
        }
        let Some(e) = chars.next() else {
            return Err("invalid syntax");
        };
        match e {
            'a' => out.push('\u{7}'),
            'b' => out.push('\u{8}'),
            'f' => out.push('\u{c}'),
            'n' => out.push('\n'),
            'r' => out.push('\r'),
            't' => out.push('\t'),
            'v' => out.push('\u{b}'),
            '\\' => out.push('\\'),
            '\'' | '"' if e == quote => out.push(e),
            'x' | 'u' | 'U' => {
                let len = match e {
                    'x' => 2,
                    'u' => 4,
                    _ => 8,
                };
                let mut v = 0u32;
                for _ in 0..len {
                    let d = chars
                        .next()
                        .and_then(|c| c.to_digit(16))
                        .ok_or("invalid syntax")?;
                    v = v * 16 + d;
                }
                if e == 'x' {
                    // A byte: Go keeps it raw; as text it is the same code point when ASCII.
                    out.push(char::from_u32(v).ok_or("invalid syntax")?);
                } else {
                    out.push(char::from_u32(v).ok_or("invalid syntax")?);
                }
            }
            '0'..='7' => {
                let mut v = e.to_digit(8).unwrap_or(0);
                for _ in 0..2 {
                    let d = chars.next().and_then(|c| c.to_digit(8)).ok_or("invalid syntax")?;
                    v = v * 8 + d;
                }
                if v > 255 {
                    return Err("invalid syntax");
                }
                out.push(char::from_u32(v).ok_or("invalid syntax")?);
            }
            _ => return Err("invalid syntax"),
        }
    }
    Ok(out)
}

// ---------------------------------------------------------------------------------------------
// The evaluator: client-go's `JSONPath`.

struct Run {
    allow_missing: bool,
    begin_range: usize,
    in_range: usize,
    end_range: usize,
    last_end: Option<usize>,
    count: usize,
}

impl Run {
    fn budget(&mut self, n: usize) -> Result<(), String> {
        self.count = self.count.saturating_add(n);
        if self.count > MAX_RESULTS {
            return Err(format!(
                "podscape: the template visited over {MAX_RESULTS} values (Podscape's budget)"
            ));
        }
        Ok(())
    }

    /// `FindResults` from node `start` of the root's nodes, with `data` as the current value.
    fn find_results<'a>(
        &mut self,
        nodes: &[Node],
        start: usize,
        data: Val<'a>,
        out: &mut Vec<Vec<Val<'a>>>,
    ) -> Result<(), String> {
        let cur = vec![data];
        let mut i = start;
        while i < nodes.len() {
            let results = self.walk(&cur, &nodes[i])?;
            if self.end_range > 0 && self.end_range <= self.in_range {
                self.end_range -= 1;
                self.last_end = Some(i);
                break;
            }
            if self.begin_range > 0 {
                self.begin_range -= 1;
                self.in_range += 1;
                if self.in_range > MAX_NESTING {
                    return Err(
                        "podscape: the template nests ranges over 32 deep (Podscape's budget)".into(),
                    );
                }
                if results.is_empty() {
                    let mut discarded = Vec::new();
                    self.find_results(nodes, i + 1, Val::Nil, &mut discarded)?;
                } else {
                    for value in results {
                        self.find_results(nodes, i + 1, value, out)?;
                    }
                }
                self.in_range -= 1;
                if let Some(end) = self.last_end.filter(|e| *e > i) {
                    i = end;
                }
                i += 1;
                continue;
            }
            out.push(results);
            i += 1;
        }
        Ok(())
    }

    fn walk<'a>(&mut self, input: &[Val<'a>], node: &Node) -> Result<Vec<Val<'a>>, String> {
        self.budget(input.len())?;
        match node {
            Node::List(nodes) => self.eval_list(input, nodes),
            Node::Text(t) => Ok(vec![Val::Text(t.clone())]),
            Node::Field(name) => self.eval_field(input, name),
            Node::Array(params) => eval_array(input, *params),
            Node::Filter {
                left,
                right,
                operator,
            } => self.eval_filter(input, left, right, operator),
            Node::Int(i) => Ok(input.iter().map(|_| Val::Int(*i)).collect()),
            Node::Float(f) => Ok(input.iter().map(|_| Val::Float(*f)).collect()),
            Node::Bool(b) => Ok(input.iter().map(|_| Val::Bool(*b)).collect()),
            Node::Wildcard => Ok(input.iter().flat_map(children).collect()),
            Node::Recursive => {
                let mut result = Vec::new();
                for v in input {
                    recursive(v, &mut result, 0);
                    self.budget(result.len())?;
                }
                Ok(result)
            }
            Node::Union(lists) => {
                let mut result = Vec::new();
                for list in lists {
                    result.extend(self.eval_list(input, list)?);
                }
                Ok(result)
            }
            Node::Identifier(name) => match name.as_str() {
                "range" => {
                    self.begin_range += 1;
                    Ok(input.to_vec())
                }
                "end" => {
                    if self.in_range > 0 {
                        self.end_range += 1;
                        Ok(Vec::new())
                    } else {
                        Err("not in range, nothing to end".into())
                    }
                }
                _ => Err(format!("unrecognized identifier {name}")),
            },
        }
    }

    fn eval_list<'a>(&mut self, input: &[Val<'a>], nodes: &[Node]) -> Result<Vec<Val<'a>>, String> {
        let mut cur = input.to_vec();
        for node in nodes {
            cur = self.walk(&cur, node)?;
        }
        Ok(cur)
    }

    fn eval_field<'a>(&mut self, input: &[Val<'a>], name: &str) -> Result<Vec<Val<'a>>, String> {
        if input.is_empty() {
            return Ok(Vec::new());
        }
        let results: Vec<Val<'a>> = input
            .iter()
            .filter_map(|v| match v {
                Val::Ref(Value::Object(map)) => map.get(name).map(Val::Ref),
                _ => None,
            })
            .collect();
        if results.is_empty() && !self.allow_missing {
            return Err(format!("{name} is not found"));
        }
        Ok(results)
    }

    fn eval_filter<'a>(
        &mut self,
        input: &[Val<'a>],
        left: &[Node],
        right: &[Node],
        operator: &str,
    ) -> Result<Vec<Val<'a>>, String> {
        let mut results = Vec::new();
        for value in input {
            let items = match value {
                Val::Ref(Value::Array(items)) => items,
                Val::Ref(other) => {
                    return Err(format!(
                        "{} is not array or slice and cannot be filtered",
                        go_v(other)
                    ))
                }
                Val::Nil => {
                    return Err("<invalid reflect.Value> is not array or slice and cannot be filtered".into())
                }
                other => {
                    return Err(format!(
                        "{} is not array or slice and cannot be filtered",
                        other.print()
                    ))
                }
            };
            for item in items {
                let temp = [Val::Ref(item)];
                let lefts = self.eval_list(&temp, left);
                if operator == "exists" {
                    if lefts.is_ok_and(|l| !l.is_empty()) {
                        results.push(Val::Ref(item));
                    }
                    continue;
                }
                let lefts = lefts?;
                match lefts.len() {
                    0 => continue,
                    1 => {}
                    _ => return Err("can only compare one element at a time".into()),
                }
                let rights = self.eval_list(&temp, right)?;
                match rights.len() {
                    0 => continue,
                    1 => {}
                    _ => return Err("can only compare one element at a time".into()),
                }
                if compare(&lefts[0], &rights[0], operator)? {
                    results.push(Val::Ref(item));
                }
            }
        }
        Ok(results)
    }
}

/// What `*` yields of a value: a map's values (keys sorted), a list's items, a string's bytes.
fn children<'a>(v: &Val<'a>) -> Vec<Val<'a>> {
    match v {
        Val::Ref(Value::Object(map)) => map.values().map(Val::Ref).collect(),
        Val::Ref(Value::Array(items)) => items.iter().map(Val::Ref).collect(),
        Val::Ref(Value::String(s)) => s.bytes().map(Val::Byte).collect(),
        Val::Text(s) => s.bytes().map(Val::Byte).collect(),
        _ => Vec::new(),
    }
}

/// `evalRecursive`: every value with children, itself first, depth first.
fn recursive<'a>(v: &Val<'a>, out: &mut Vec<Val<'a>>, depth: usize) {
    let kids = children(v);
    if kids.is_empty() || depth > 256 || out.len() > MAX_RESULTS {
        return;
    }
    out.push(v.clone());
    for kid in &kids {
        recursive(kid, out, depth + 1);
    }
}

fn eval_array<'a>(input: &[Val<'a>], node: [Param; 3]) -> Result<Vec<Val<'a>>, String> {
    let mut result = Vec::new();
    for value in input {
        let items = match value {
            Val::Ref(Value::Null) | Val::Nil => continue,
            Val::Ref(Value::Array(items)) => items,
            Val::Ref(Value::Object(_)) => return Err("map[string]interface {} is not array or slice".into()),
            Val::Ref(Value::String(_)) | Val::Text(_) => return Err("string is not array or slice".into()),
            Val::Ref(Value::Number(n)) if n.is_f64() => return Err("float64 is not array or slice".into()),
            Val::Ref(Value::Number(_)) => return Err("int64 is not array or slice".into()),
            Val::Ref(Value::Bool(_)) | Val::Bool(_) => return Err("bool is not array or slice".into()),
            Val::Int(_) => return Err("int is not array or slice".into()),
            Val::Float(_) => return Err("float64 is not array or slice".into()),
            Val::Byte(_) => return Err("uint8 is not array or slice".into()),
        };
        let len = items.len() as i64;
        let mut params = node;
        if !params[0].known {
            params[0].value = 0;
        }
        if params[0].value < 0 {
            params[0].value = params[0].value.saturating_add(len);
        }
        if !params[1].known {
            params[1].value = len;
        }
        if params[1].value < 0 || (params[1].value == 0 && params[1].derived) {
            params[1].value = params[1].value.saturating_add(len);
        }
        if params[1].value != params[0].value {
            if params[0].value >= len || params[0].value < 0 {
                return Err(format!(
                    "array index out of bounds: index {}, length {len}",
                    params[0].value
                ));
            }
            if params[1].value > len || params[1].value < 0 {
                return Err(format!(
                    "array index out of bounds: index {}, length {len}",
                    params[1].value.saturating_sub(1)
                ));
            }
            if params[0].value > params[1].value {
                return Err(format!(
                    "starting index {} is greater than ending index {}",
                    params[0].value, params[1].value
                ));
            }
        } else {
            return Ok(result);
        }
        let step = if params[2].known {
            if params[2].value <= 0 {
                return Err("step must be > 0".into());
            }
            params[2].value as usize
        } else {
            1
        };
        let (from, to) = (params[0].value as usize, params[1].value as usize);
        result.extend(items[from..to].iter().step_by(step).map(Val::Ref));
    }
    Ok(result)
}

/// The kinds Go's template comparisons know.
#[derive(PartialEq)]
enum Basic {
    Bool(bool),
    Int(i64),
    Uint(u64),
    Float(f64),
    Str(String),
}

fn basic(v: &Val) -> Result<Basic, String> {
    Ok(match v {
        Val::Ref(Value::Bool(b)) | Val::Bool(b) => Basic::Bool(*b),
        Val::Ref(Value::Number(n)) => match (n.as_i64(), n.as_u64()) {
            (Some(i), _) => Basic::Int(i),
            (_, Some(u)) => Basic::Uint(u),
            _ => Basic::Float(n.as_f64().unwrap_or(0.0)),
        },
        Val::Ref(Value::String(s)) | Val::Text(s) => Basic::Str(s.clone()),
        Val::Int(i) => Basic::Int(*i),
        Val::Float(f) => Basic::Float(*f),
        Val::Byte(b) => Basic::Uint(u64::from(*b)),
        _ => return Err("invalid type for comparison".into()),
    })
}

/// The forked text/template `eq`, `ne`, `lt`, `le`, `gt`, `ge`.
fn compare(left: &Val, right: &Val, operator: &str) -> Result<bool, String> {
    use std::cmp::Ordering;
    let (a, b) = (basic(left)?, basic(right)?);
    let equal = || -> Result<bool, String> {
        Ok(match (&a, &b) {
            (Basic::Int(x), Basic::Uint(y)) | (Basic::Uint(y), Basic::Int(x)) => *x >= 0 && *x as u64 == *y,
            (Basic::Bool(x), Basic::Bool(y)) => x == y,
            (Basic::Int(x), Basic::Int(y)) => x == y,
            (Basic::Uint(x), Basic::Uint(y)) => x == y,
            (Basic::Float(x), Basic::Float(y)) => x == y,
            (Basic::Str(x), Basic::Str(y)) => x == y,
            _ => return Err("incompatible types for comparison".into()),
        })
    };
    let less = || -> Result<bool, String> {
        let order = match (&a, &b) {
            (Basic::Bool(_), Basic::Bool(_)) => return Err("invalid type for comparison".into()),
            (Basic::Int(x), Basic::Uint(y)) => (*x < 0 || (*x as u64) < *y).then_some(Ordering::Less),
            (Basic::Uint(x), Basic::Int(y)) => (*y >= 0 && *x < *y as u64).then_some(Ordering::Less),
            (Basic::Int(x), Basic::Int(y)) => Some(x.cmp(y)),
            (Basic::Uint(x), Basic::Uint(y)) => Some(x.cmp(y)),
            (Basic::Float(x), Basic::Float(y)) => x.partial_cmp(y),
            (Basic::Str(x), Basic::Str(y)) => Some(x.cmp(y)),
            _ => return Err("incompatible types for comparison".into()),
        };
        Ok(order == Some(Ordering::Less))
    };
    match operator {
        "==" => equal(),
        "!=" => equal().map(|e| !e),
        "<" => less(),
        "<=" => Ok(less()? || equal()?),
        ">" => Ok(!(less()? || equal()?)),
        ">=" => less().map(|l| !l),
        _ => Err(format!("unrecognized filter operator {operator}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde_json::json;

    fn run(template: &str, data: &Value) -> Result<String, String> {
        JsonPath::parse(template)?.execute(data, true)
    }

    fn pods() -> Value {
        json!({"apiVersion": "v1", "kind": "List", "items": [
            {"metadata": {"name": "web-1", "labels": {"app": "web", "app.kubernetes.io/name": "w"}},
             "spec": {"nodeName": "kind-worker", "containers": [{"name": "agnhost", "image": "agnhost:2.52"}]},
             "status": {"phase": "Running", "restarts": 0}},
            {"metadata": {"name": "web-2", "labels": {"app": "web"}},
             "spec": {"containers": [{"name": "agnhost", "image": "agnhost:2.52"}, {"name": "side", "image": "busybox"}]},
             "status": {"phase": "Pending", "restarts": 3}},
        ]})
    }

    #[test]
    fn fields_lists_and_maps_print_as_kubectl_prints_them() {
        let d = pods();
        assert_eq!(run("{.items[*].metadata.name}", &d).unwrap(), "web-1 web-2");
        assert_eq!(
            run("{.items[0].metadata.labels}", &d).unwrap(),
            r#"{"app":"web","app.kubernetes.io/name":"w"}"#
        );
        assert_eq!(run("{.items[-1:].metadata.name}", &d).unwrap(), "web-2");
        assert_eq!(run("{.items[-1].metadata.name}", &d).unwrap(), "web-2");
        assert_eq!(run("{.items[0:2:2].metadata.name}", &d).unwrap(), "web-1");
        assert_eq!(run("{..image}", &d).unwrap(), "agnhost:2.52 agnhost:2.52 busybox");
        assert_eq!(
            run("{.items[0].metadata.labels['app\\.kubernetes\\.io/name']}", &d).unwrap(),
            "w"
        );
        assert_eq!(
            run("{.items[0].metadata.labels.app\\.kubernetes\\.io/name}", &d).unwrap(),
            "w"
        );
        assert_eq!(
            run("{.items[0].metadata['name','labels']}", &d).unwrap(),
            r#"web-1 {"app":"web","app.kubernetes.io/name":"w"}"#
        );
        assert_eq!(run("{.items[1].status.restarts}", &d).unwrap(), "3");
        assert_eq!(run("{.kind}: {.missing}", &d).unwrap(), "List: ");
        assert_eq!(
            run("{.items[0].spec.containers[*]['name', 'image']}", &d).unwrap(),
            "agnhost agnhost:2.52"
        );
    }

    #[test]
    fn ranges_filters_and_literals() {
        let d = pods();
        assert_eq!(
            run(
                r#"{range .items[*]}{.metadata.name}{"\t"}{.status.phase}{"\n"}{end}"#,
                &d
            )
            .unwrap(),
            "web-1\tRunning\nweb-2\tPending\n"
        );
        assert_eq!(
            run(
                r#"{range .items[*]}[{range .spec.containers[*]}{.name},{end}]{end}after"#,
                &d
            )
            .unwrap(),
            "[agnhost,][agnhost,side,]after"
        );
        assert_eq!(run(r#"{range .nothing[*]}x{end}done"#, &d).unwrap(), "done");
        assert_eq!(
            run(r#"{.items[?(@.status.phase=="Running")].metadata.name}"#, &d).unwrap(),
            "web-1"
        );
        assert_eq!(
            run(r#"{.items[?(@.status.phase!='Running')].metadata.name}"#, &d).unwrap(),
            "web-2"
        );
        assert_eq!(
            run("{.items[?(@.status.restarts > 1)].metadata.name}", &d).unwrap(),
            "web-2"
        );
        assert_eq!(
            run("{.items[?(@.status.restarts<=0)].metadata.name}", &d).unwrap(),
            "web-1"
        );
        assert_eq!(
            run("{.items[?(@.spec.nodeName)].metadata.name}", &d).unwrap(),
            "web-1"
        );
        assert_eq!(
            run("names: {.items[*].metadata.name}!", &d).unwrap(),
            "names: web-1 web-2!"
        );
    }

    #[test]
    fn errors_read_like_client_go() {
        let d = pods();
        let err = |t: &str| JsonPath::parse(t).and_then(|p| p.execute(&d, true)).unwrap_err();
        assert_eq!(err("{.foo"), "unclosed action");
        assert_eq!(err("{.items[abc]}"), "invalid array index abc");
        assert_eq!(err("{.items[0}"), "unterminated array");
        assert_eq!(err("{end}"), "not in range, nothing to end");
        assert_eq!(err("{foo}"), "unrecognized identifier foo");
        assert_eq!(err("{.items[5]}"), "array index out of bounds: index 5, length 2");
        assert_eq!(
            err("{.items[?(@.status.restarts=='x')]}"),
            "incompatible types for comparison"
        );
        assert_eq!(err("{....a}"), "invalid multiple recursive descent");
        assert_eq!(err("{#}"), "unrecognized character in action: U+0023 '#'");
        assert_eq!(
            JsonPath::parse("{.nope}")
                .unwrap()
                .execute(&d, false)
                .unwrap_err(),
            "nope is not found"
        );
    }

    fn leaf() -> impl Strategy<Value = Value> {
        prop_oneof![
            "[a-z0-9 ]{0,8}".prop_map(Value::from),
            any::<i32>().prop_map(Value::from),
            any::<bool>().prop_map(Value::from),
        ]
    }

    proptest! {
        #[test]
        fn the_parser_and_evaluator_never_panic(template in ".{0,64}") {
            if let Ok(p) = JsonPath::parse(&template) {
                let _ = p.execute(&pods(), true);
                let _ = p.execute(&pods(), false);
            }
        }

        #[test]
        fn templates_made_of_jsonpath_characters_never_panic(template in r#"[{}\[\]().@$*?,:'"=!<>a-c0-2\- \\]{0,40}"#) {
            if let Ok(p) = JsonPath::parse(&template) {
                let _ = p.execute(&pods(), true);
            }
        }

        /// Values put at `.a.b.c` come back from `{.a.b.c}` as kubectl prints them.
        #[test]
        fn paths_return_what_was_put_there(
            keys in proptest::collection::vec("[a-z][a-zA-Z0-9_]{0,6}", 1..5),
            value in leaf(),
        ) {
            let mut object = value.clone();
            for key in keys.iter().rev() {
                object = json!({ key.clone(): object });
            }
            let template = format!("{{.{}}}", keys.join("."));
            let expected = match &value {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            prop_assert_eq!(run(&template, &object).unwrap(), expected);
        }
    }
}
