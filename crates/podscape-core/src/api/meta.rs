//! Object metadata as the API server reads it: Go's quoting of values in its messages and the
//! well-known `controller.kubernetes.io/pod-deletion-cost` annotation.

use std::collections::BTreeMap;

/// Go's `%q` for a string.
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if (c as u32) < 0x20 || c as u32 == 0x7f => out.push_str(&format!("\\x{:02x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// `controller.kubernetes.io/pod-deletion-cost`: pods with a lower cost go first.
pub const POD_DELETION_COST: &str = "controller.kubernetes.io/pod-deletion-cost";

/// `helper.GetDeletionCostFromPodAnnotations`: absent is 0; a value must be a 32-bit integer
/// without a plus sign or leading zeros (`validFirstDigit`), else `None`: an error upstream (the controller
/// then uses 0; the API server rejects such a pod: "must be a 32bit integer").
pub fn deletion_cost(annotations: &BTreeMap<String, String>) -> Option<i32> {
    let Some(value) = annotations.get(POD_DELETION_COST) else {
        return Some(0);
    };
    let valid_first = match value.as_bytes().first() {
        Some(b'-') | Some(b'1'..=b'9') => true,
        Some(b'0') => value == "0",
        _ => false,
    };
    if !valid_first {
        return None;
    }
    // strconv.ParseInt(value, 10, 32): an optional sign, then decimal digits only.
    let digits = value.strip_prefix('-').unwrap_or(value);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    value.parse::<i32>().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deletion_cost_parses_as_the_controller_does() {
        let cost = |v: &str| deletion_cost(&BTreeMap::from([(POD_DELETION_COST.to_string(), v.to_string())]));
        assert_eq!(deletion_cost(&BTreeMap::new()), Some(0));
        assert_eq!(cost("0"), Some(0));
        assert_eq!(cost("-5"), Some(-5));
        assert_eq!(cost("2147483647"), Some(i32::MAX));
        assert_eq!(cost("-2147483648"), Some(i32::MIN));
        // validFirstDigit and strconv.ParseInt(v, 10, 32).
        for bad in [
            "",
            "+1",
            "007",
            "00",
            "1.5",
            "2147483648",
            "abc",
            " 1",
            "-",
            "1_000",
            "0x10",
        ] {
            assert_eq!(cost(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn quote_is_go_percent_q() {
        assert_eq!(quote("web"), "\"web\"");
        assert_eq!(quote("a\"b\\c\n\t\r\u{1}\u{7f}é"), r#""a\"b\\c\n\t\r\x01\x7fé""#);
    }
}
