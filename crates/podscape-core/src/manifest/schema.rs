//! Strict decoding against the real Kubernetes schema, as the API server does it with
//! `fieldValidation=Strict`: unknown fields, duplicate fields and type mismatches, each with the
//! server's wording, the field path and the position of the offending key or value.
//!
//! The schema is data, not code: `schema_table.rs` lists every type reachable
//! from the kinds Podscape decodes (its Go name, and each field's JSON name and type). It is
//! generated from the Kubernetes OpenAPI by `schema/generate.py`; per-type serde code for the same
//! coverage (k8s-openapi) would cost several hundred KiB of wasm.

use super::schema_table::{ROOTS, TYPES};
use super::yaml::{Node, Pos, Value};

/// The type of one field, as the OpenAPI describes it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ty {
    String,
    /// `[]byte`, base64 in JSON.
    Bytes,
    Int32,
    Int64,
    Bool,
    Float64,
    IntOrString,
    Quantity,
    Time,
    /// Free-form JSON (`RawExtension`, `FieldsV1`).
    Any,
    /// An index into `TYPES` (the generated table).
    Object(u16),
    List(&'static Ty),
    Map(&'static Ty),
}

/// One struct of the API: its Go name (`v1.DeploymentSpec`) and its fields sorted by JSON name.
#[derive(Debug)]
pub struct TypeDef {
    pub go_name: &'static str,
    pub fields: &'static [(&'static str, Ty)],
}

impl TypeDef {
    pub fn field(&self, name: &str) -> Option<Ty> {
        self.fields
            .binary_search_by(|(n, _)| n.cmp(&name))
            .ok()
            .map(|i| self.fields[i].1)
    }

    /// `DeploymentSpec`, the name Go's JSON errors use.
    fn struct_name(&self) -> &'static str {
        self.go_name.rsplit('.').next().unwrap_or(self.go_name)
    }
}

/// The schema of a kind Podscape decodes strictly, if it is one.
pub fn root(api_version: &str, kind: &str) -> Option<u16> {
    ROOTS
        .iter()
        .find(|(a, k, _)| *a == api_version && *k == kind)
        .map(|r| r.2)
}

/// `(apiVersion, kind)` of every kind decoded strictly.
pub fn root_kinds() -> impl Iterator<Item = (&'static str, &'static str)> {
    ROOTS.iter().map(|(a, k, _)| (*a, *k))
}

/// One decoding problem. `message` is the API server's text.
#[derive(Clone, Debug, PartialEq)]
pub struct DecodeError {
    pub pos: Pos,
    pub path: String,
    pub message: String,
    pub hint: Option<String>,
}

/// Checks `node` against the type `root`, appending every problem found (not only the first).
pub fn check(node: &Node, root: u16, out: &mut Vec<DecodeError>) {
    let mut walker = Walker {
        out,
        path: String::new(),
        json_path: String::new(),
    };
    walker.object(node, root);
}

/// Walks a document against the schema. The field paths are built in two reusable buffers
/// (pushed on the way down, truncated on the way up) and copied only into errors: most fields
/// are fine, and allocating two strings per field was a quarter of the parse time.
struct Walker<'a> {
    out: &'a mut Vec<DecodeError>,
    /// Kubernetes' field path (with indices).
    path: String,
    /// Go's field path (without indices), as encoding/json names it.
    json_path: String,
}

fn push_key(buffer: &mut String, key: &str) {
    if !buffer.is_empty() {
        buffer.push('.');
    }
    buffer.push_str(key);
}

impl Walker<'_> {
    fn object(&mut self, node: &Node, index: u16) {
        let def = &TYPES[usize::from(index)];
        let entries = node.entries();
        for (i, entry) in entries.iter().enumerate() {
            let (path_len, json_len) = (self.path.len(), self.json_path.len());
            push_key(&mut self.path, &entry.key);
            push_key(&mut self.json_path, &entry.key);
            self.field(entries, i, def);
            self.path.truncate(path_len);
            self.json_path.truncate(json_len);
        }
    }

    fn field(&mut self, entries: &[super::yaml::Entry], i: usize, def: &'static TypeDef) {
        let entry = &entries[i];
        if entries[..i].iter().any(|e| e.key == entry.key) {
            let field_path = self.path.clone();
            self.out.push(DecodeError {
                pos: entry.key_pos,
                message: format!("strict decoding error: duplicate field \"{field_path}\""),
                path: field_path,
                hint: Some("a key may appear only once in a mapping; the last one would win".into()),
            });
            return;
        }
        match def.field(&entry.key) {
            Some(ty) => self.value(&entry.value, ty, def.struct_name()),
            None => {
                let field_path = self.path.clone();
                self.out.push(DecodeError {
                    pos: entry.key_pos,
                    message: format!("strict decoding error: unknown field \"{field_path}\""),
                    path: field_path,
                    hint: unknown_field_hint(&entry.key, def),
                });
            }
        }
    }

    fn value(&mut self, node: &Node, ty: Ty, owner: &str) {
        if node.is_null() {
            // JSON null leaves a Go field at its zero value: never an error.
            return;
        }
        let ok = match (&node.value, ty) {
            (_, Ty::Any) => true,
            (Value::Str(_), Ty::String | Ty::Bytes | Ty::Time | Ty::IntOrString) => true,
            (Value::Str(s), Ty::Quantity) => {
                if !is_quantity(s) {
                    self.out.push(DecodeError {
                        pos: node.pos,
                        path: self.path.clone(),
                        message: QUANTITY_ERROR.into(),
                        hint: Some("write a quantity like `250m`, `0.5`, `128Mi` or `1Gi`".into()),
                    });
                }
                true
            }
            (Value::Bool(_), Ty::Bool) => true,
            (Value::Int(_) | Value::Float(_), Ty::Float64 | Ty::Quantity) => true,
            (Value::Int(_) | Value::Float(_), Ty::Int32 | Ty::Int64 | Ty::IntOrString) => {
                let (low, high) = match ty {
                    Ty::Int64 => (i64::MIN, i64::MAX),
                    _ => (i64::from(i32::MIN), i64::from(i32::MAX)),
                };
                match node.as_i64() {
                    Some(i) if (low..=high).contains(&i) => true,
                    _ => {
                        let shown = format!("number {}", json_number(node));
                        self.mismatch(node, &shown, ty, owner);
                        return;
                    }
                }
            }
            (Value::Map(_), Ty::Object(index)) => {
                self.object(node, index);
                true
            }
            (Value::Seq(items), Ty::List(item)) => {
                for (i, child) in items.iter().enumerate() {
                    let len = self.path.len();
                    self.path.push('[');
                    self.path.push_str(&i.to_string());
                    self.path.push(']');
                    self.value(child, *item, owner);
                    self.path.truncate(len);
                }
                true
            }
            (Value::Map(entries), Ty::Map(item)) => {
                for entry in entries {
                    let len = self.path.len();
                    self.path.push('[');
                    self.path.push_str(&entry.key);
                    self.path.push(']');
                    self.value(&entry.value, *item, owner);
                    self.path.truncate(len);
                }
                true
            }
            _ => false,
        };
        if !ok {
            let shown = match node.value {
                Value::Str(_) => "string",
                Value::Bool(_) => "bool",
                Value::Int(_) | Value::Float(_) => "number",
                Value::Seq(_) => "array",
                Value::Map(_) | Value::Null => "object",
            };
            self.mismatch(node, shown, ty, owner);
        }
    }

    fn mismatch(&mut self, node: &Node, shown: &str, ty: Ty, owner: &str) {
        let json_path = &self.json_path;
        let go_type = go_type(ty);
        let hint = match (&node.value, ty) {
            (Value::Int(_) | Value::Float(_) | Value::Bool(_), Ty::String) => {
                Some("YAML reads this as a number or boolean: quote it to make it a string".to_string())
            }
            (Value::Str(s), Ty::Int32 | Ty::Int64) if s.trim().parse::<i64>().is_ok() => {
                Some("remove the quotes: this field takes a number".to_string())
            }
            (Value::Map(_), Ty::List(_)) => Some("this field takes a list: start each item with `- `".into()),
            _ => None,
        };
        let message = format!(
            "json: cannot unmarshal {shown} into Go struct field {owner}.{json_path} of type {go_type}"
        );
        self.out.push(DecodeError {
            pos: node.pos,
            path: self.path.clone(),
            message,
            hint,
        });
    }
}

/// The number as Go's encoding/json would echo it in an error.
fn json_number(node: &Node) -> String {
    match node.value {
        Value::Int(i) => i.to_string(),
        Value::Float(f) if f.fract() == 0.0 && f.abs() < 1e21 => format!("{f:.0}"),
        Value::Float(f) => f.to_string(),
        _ => String::new(),
    }
}

fn go_type(ty: Ty) -> String {
    match ty {
        Ty::String | Ty::Time => "string".into(),
        Ty::Bytes => "[]uint8".into(),
        Ty::Int32 | Ty::IntOrString => "int32".into(),
        Ty::Int64 => "int64".into(),
        Ty::Bool => "bool".into(),
        Ty::Float64 => "float64".into(),
        Ty::Quantity => "resource.Quantity".into(),
        Ty::Any => "interface {}".into(),
        Ty::Object(i) => TYPES[usize::from(i)].go_name.into(),
        Ty::List(item) => format!("[]{}", go_type(*item)),
        Ty::Map(item) => format!("map[string]{}", go_type(*item)),
    }
}

pub const QUANTITY_ERROR: &str =
    "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

/// `resource.ParseQuantity`'s accepted shapes: a signed decimal number and an optional suffix
/// (a binary SI `Ki`..`Ei`, a decimal SI `n u m k M G T P E`, or a decimal exponent `e3`).
pub fn is_quantity(s: &str) -> bool {
    parse_quantity(s).is_some()
}

/// A quantity as a floating value in base units (`250m` → 0.25, `1Gi` → 1073741824).
pub fn parse_quantity(s: &str) -> Option<f64> {
    let body = s.strip_prefix(['+', '-']).unwrap_or(s);
    let split = body
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(body.len());
    let (number, suffix) = body.split_at(split);
    if number.is_empty() || number == "." || number.matches('.').count() > 1 {
        return None;
    }
    let multiplier = match suffix {
        "" => 1.0,
        "Ki" => 1024f64,
        "Mi" => 1024f64.powi(2),
        "Gi" => 1024f64.powi(3),
        "Ti" => 1024f64.powi(4),
        "Pi" => 1024f64.powi(5),
        "Ei" => 1024f64.powi(6),
        "n" => 1e-9,
        "u" => 1e-6,
        "m" => 1e-3,
        "k" => 1e3,
        "M" => 1e6,
        "G" => 1e9,
        "T" => 1e12,
        "P" => 1e15,
        "E" => 1e18,
        exp if exp.starts_with(['e', 'E']) => {
            let digits = &exp[1..];
            let digits_only = digits.strip_prefix(['+', '-']).unwrap_or(digits);
            if digits_only.is_empty() || !digits_only.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            10f64.powi(digits.parse::<i32>().ok()?)
        }
        _ => return None,
    };
    let value: f64 = number.parse().ok()?;
    let sign = if s.starts_with('-') { -1.0 } else { 1.0 };
    Some(sign * value * multiplier)
}

/// `did you mean "replicas"?` for a near miss among the fields of the same struct.
fn unknown_field_hint(key: &str, def: &TypeDef) -> Option<String> {
    let best = def
        .fields
        .iter()
        .map(|(name, _)| {
            (
                edit_distance(&key.to_ascii_lowercase(), &name.to_ascii_lowercase()),
                *name,
            )
        })
        .min()?;
    let limit = (key.chars().count() / 3).clamp(1, 3);
    if best.0 <= limit {
        return Some(format!("did you mean \"{}\"?", best.1));
    }
    // A field of the pod spec written one level too high is the most common mistake of all.
    let elsewhere = TYPES
        .iter()
        .filter(|t| t.field(key).is_some())
        .map(|t| t.struct_name())
        .take(3)
        .collect::<Vec<_>>();
    if elsewhere.is_empty() {
        Some(format!("{} has no field \"{key}\"", def.struct_name()))
    } else {
        Some(format!(
            "\"{key}\" is a field of {}, not of {}: check the indentation",
            elsewhere.join(", "),
            def.struct_name()
        ))
    }
}

/// Optimal-string-alignment distance: insertions, deletions, substitutions and transpositions.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut rows = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in rows.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in rows[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (rows[i - 1][j] + 1)
                .min(rows[i][j - 1] + 1)
                .min(rows[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(rows[i - 2][j - 2] + 1);
            }
            rows[i][j] = best;
        }
    }
    rows[a.len()][b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schema_table_is_consistent() {
        // Every reference points inside the table, field lists are sorted and unique (lookups
        // binary-search them), and the file is exactly what the generator wrote.
        fn check_ty(ty: Ty) {
            match ty {
                Ty::Object(i) => assert!(usize::from(i) < TYPES.len()),
                Ty::List(t) | Ty::Map(t) => check_ty(*t),
                _ => {}
            }
        }
        for def in TYPES {
            assert!(
                def.fields.windows(2).all(|w| w[0].0 < w[1].0),
                "{} is not sorted",
                def.go_name
            );
            for (_, ty) in def.fields {
                check_ty(*ty);
            }
        }
        for (api_version, kind, index) in ROOTS {
            let def = &TYPES[usize::from(*index)];
            assert_eq!(def.struct_name(), *kind, "{api_version}");
            assert_eq!(def.field("apiVersion"), Some(Ty::String));
        }
        let source = include_str!("schema_table.rs");
        let (head, body) = source.split_once("pub static TYPES").unwrap();
        let checksum = head
            .lines()
            .find_map(|l| l.strip_prefix("// checksum: "))
            .unwrap();
        assert_eq!(
            checksum,
            &sha256_prefix(&format!("pub static TYPES{body}")),
            "regenerate the table"
        );
    }

    /// A tiny SHA-256, only to verify the generator's checksum line in tests.
    fn sha256_prefix(text: &str) -> String {
        const K: [u32; 64] = [
            0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
            0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
            0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
            0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
            0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
            0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
            0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
            0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
        ];
        let mut h: [u32; 8] = [
            0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
        ];
        let mut data = text.as_bytes().to_vec();
        let bits = (data.len() as u64) * 8;
        data.push(0x80);
        while data.len() % 64 != 56 {
            data.push(0);
        }
        data.extend_from_slice(&bits.to_be_bytes());
        for chunk in data.chunks(64) {
            let mut w = [0u32; 64];
            for i in 0..16 {
                w[i] =
                    u32::from_be_bytes([chunk[4 * i], chunk[4 * i + 1], chunk[4 * i + 2], chunk[4 * i + 3]]);
            }
            for i in 16..64 {
                let s0 = w[i - 15].rotate_right(7) ^ w[i - 15].rotate_right(18) ^ (w[i - 15] >> 3);
                let s1 = w[i - 2].rotate_right(17) ^ w[i - 2].rotate_right(19) ^ (w[i - 2] >> 10);
                w[i] = w[i - 16].wrapping_add(s0).wrapping_add(w[i - 7]).wrapping_add(s1);
            }
            let mut v = h;
            for i in 0..64 {
                let s1 = v[4].rotate_right(6) ^ v[4].rotate_right(11) ^ v[4].rotate_right(25);
                let ch = (v[4] & v[5]) ^ (!v[4] & v[6]);
                let t1 = v[7]
                    .wrapping_add(s1)
                    .wrapping_add(ch)
                    .wrapping_add(K[i])
                    .wrapping_add(w[i]);
                let s0 = v[0].rotate_right(2) ^ v[0].rotate_right(13) ^ v[0].rotate_right(22);
                let maj = (v[0] & v[1]) ^ (v[0] & v[2]) ^ (v[1] & v[2]);
                let t2 = s0.wrapping_add(maj);
                v = [
                    t1.wrapping_add(t2),
                    v[0],
                    v[1],
                    v[2],
                    v[3].wrapping_add(t1),
                    v[4],
                    v[5],
                    v[6],
                ];
            }
            for (a, b) in h.iter_mut().zip(v) {
                *a = a.wrapping_add(b);
            }
        }
        h.iter().map(|x| format!("{x:08x}")).collect::<String>()[..16].to_string()
    }

    #[test]
    fn quantities_parse_like_resource_parse_quantity() {
        assert_eq!(parse_quantity("250m"), Some(0.25));
        assert_eq!(parse_quantity("1Gi"), Some(1073741824.0));
        assert_eq!(parse_quantity("1e3"), Some(1000.0));
        for bad in ["", "m", "1..2", "1Gb", "abc", "1 Gi"] {
            assert_eq!(parse_quantity(bad), None, "{bad}");
        }
    }

    #[test]
    fn edit_distance_counts_transpositions_once() {
        assert_eq!(edit_distance("replica", "replicas"), 1);
        assert_eq!(edit_distance("contianers", "containers"), 1);
        assert_eq!(edit_distance("image", "image"), 0);
    }
}
