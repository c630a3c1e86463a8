//! A small YAML emitter for JSON values, as `kubectl -o yaml` prints them: block style, keys in
//! the value's order (sorted, as serde_json keeps them), strings quoted only when they must be.
//! Hand-written because serde_yaml's emitter costs ~20 KiB of wasm for this one output.

use serde_json::Value;

/// Renders `value` as a YAML document (no leading `---`), ending in a newline.
pub fn to_yaml(value: &Value) -> String {
    let mut out = String::new();
    match value {
        Value::Object(map) if !map.is_empty() => write_map(&mut out, map, 0),
        Value::Array(items) if !items.is_empty() => write_seq(&mut out, items, 0),
        scalar => {
            out.push_str(&scalar_text(scalar));
            out.push('\n');
        }
    }
    out
}

fn indent(out: &mut String, level: usize) {
    out.extend(std::iter::repeat_n(' ', level * 2));
}

fn write_map(out: &mut String, map: &serde_json::Map<String, Value>, level: usize) {
    for (key, value) in map {
        indent(out, level);
        out.push_str(&string_text(key));
        out.push(':');
        write_child(out, value, level);
    }
}

/// kubectl's YAML puts sequence items at the same indentation as their parent key.
fn write_seq(out: &mut String, items: &[Value], level: usize) {
    for item in items {
        indent(out, level);
        out.push('-');
        match item {
            Value::Object(map) if !map.is_empty() => {
                let mut first = true;
                for (key, value) in map {
                    if first {
                        out.push(' ');
                        first = false;
                    } else {
                        indent(out, level + 1);
                    }
                    out.push_str(&string_text(key));
                    out.push(':');
                    write_child(out, value, level + 1);
                }
            }
            Value::Array(inner) if !inner.is_empty() => {
                out.push('\n');
                write_seq(out, inner, level + 1);
            }
            scalar => {
                out.push(' ');
                out.push_str(&scalar_text(scalar));
                out.push('\n');
            }
        }
    }
}

fn write_child(out: &mut String, value: &Value, level: usize) {
    match value {
        Value::Object(map) if !map.is_empty() => {
            out.push('\n');
            write_map(out, map, level + 1);
        }
        Value::Array(items) if !items.is_empty() => {
            out.push('\n');
            write_seq(out, items, level);
        }
        Value::String(s) if literal_block(s) => {
            // go-yaml writes a multi-line string as a literal block: `|` keeps one final line
            // break, `|-` none, `|+` more.
            let body = s.trim_end_matches('\n');
            let chomp = match s.len() - body.len() {
                0 => "-",
                1 => "",
                _ => "+",
            };
            out.push_str(&format!(" |{chomp}\n"));
            for line in s.strip_suffix('\n').unwrap_or(s).split('\n') {
                if !line.is_empty() {
                    indent(out, level + 1);
                    out.push_str(line);
                }
                out.push('\n');
            }
        }
        scalar => {
            out.push(' ');
            out.push_str(&scalar_text(scalar));
            out.push('\n');
        }
    }
}

/// Whether go-yaml's emitter would pick the literal style: a line break inside, and nothing
/// a block cannot hold (other control characters, a line starting with a blank, trailing
/// blanks before a break).
fn literal_block(s: &str) -> bool {
    s.contains('\n')
        && !s.starts_with([' ', '\t'])
        && !s.contains(" \n")
        && !s
            .chars()
            .any(|c| (c.is_control() && c != '\n') || matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}'))
}

fn scalar_text(value: &Value) -> String {
    match value {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => string_text(s),
        Value::Array(_) => "[]".into(),
        Value::Object(_) => "{}".into(),
    }
}

/// Plain when YAML would read it back as the same string, double-quoted otherwise.
fn string_text(s: &str) -> String {
    let reserved = matches!(
        s.to_ascii_lowercase().as_str(),
        "" | "~" | "null" | "true" | "false" | "yes" | "no" | "on" | "off" | "y" | "n" | ".inf" | ".nan"
    );
    let numeric = s.parse::<f64>().is_ok() || s.starts_with("0x") || s.starts_with("0o");
    let first = s.chars().next().unwrap_or(' ');
    // go-yaml's emitter: `-`, `?` and `:` are indicators only before a blank (`-s` stays
    // plain, as kubectl prints `- -s`).
    let special_start = match first {
        '-' | '?' | ':' => s.chars().nth(1).is_none_or(|c| c == ' '),
        other => ",[]{}#&*!|>'\"%@` ".contains(other),
    };
    let special_inside = s.contains(": ")
        || s.contains(" #")
        || s.ends_with(':')
        || s.ends_with(' ')
        // `---` and `...` at the start of a line are document markers.
        || s.starts_with("---")
        || s.starts_with("...");
    // Control characters, and the characters YAML reads as line breaks or a byte-order mark.
    let control = s
        .chars()
        .any(|c| c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}'));
    if !(reserved || numeric || special_start || special_inside || control) {
        return s.to_string();
    }
    let mut quoted = String::with_capacity(s.len() + 2);
    quoted.push('"');
    for c in s.chars() {
        match c {
            '"' => quoted.push_str("\\\""),
            '\\' => quoted.push_str("\\\\"),
            '\n' => quoted.push_str("\\n"),
            '\t' => quoted.push_str("\\t"),
            c if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}') => {
                quoted.push_str(&format!("\\u{:04X}", c as u32))
            }
            c => quoted.push(c),
        }
    }
    quoted.push('"');
    quoted
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde_json::json;

    #[test]
    fn looks_like_kubectl_output() {
        let value = json!({
            "apiVersion": "v1",
            "kind": "Service",
            "metadata": {"labels": {"app": "web"}, "name": "web"},
            "spec": {"ports": [{"port": 80, "protocol": "TCP", "targetPort": "http"}], "selector": {}},
        });
        assert_eq!(
            to_yaml(&value),
            "apiVersion: v1\nkind: Service\nmetadata:\n  labels:\n    app: web\n  name: web\nspec:\n  ports:\n  - port: 80\n    protocol: TCP\n    targetPort: http\n  selector: {}\n"
        );
    }

    #[test]
    fn strings_that_would_change_meaning_are_quoted() {
        assert_eq!(string_text("8080"), "\"8080\"");
        assert_eq!(string_text("true"), "\"true\"");
        assert_eq!(string_text(""), "\"\"");
        assert_eq!(string_text("a: b"), "\"a: b\"");
        assert_eq!(string_text("web-1"), "web-1");
        assert_eq!(string_text(".inf"), "\".inf\"");
        assert_eq!(string_text("... a"), "\"... a\"");
        assert_eq!(string_text("a\u{2028}b"), "\"a\\u2028b\"");
    }

    fn arb_json() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(|n| json!(n)),
            ".{0,12}".prop_map(Value::String),
        ];
        leaf.prop_recursive(4, 32, 4, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
                prop::collection::btree_map("[a-zA-Z0-9:. -]{0,8}", inner, 0..4)
                    .prop_map(|m| Value::Object(m.into_iter().collect())),
            ]
        })
    }

    proptest! {
        /// Whatever we print, a real YAML parser reads back as the same value.
        #[test]
        fn round_trips_through_a_yaml_parser(value in arb_json()) {
            let text = to_yaml(&value);
            let back: Value = serde_yaml::from_str(&text).map_err(|e| TestCaseError::fail(format!("{e}\n{text}")))?;
            prop_assert_eq!(back, value, "{}", text);
        }
    }
}
