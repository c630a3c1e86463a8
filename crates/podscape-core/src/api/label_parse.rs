//! The label selector query language as apimachinery's `labels.Parse` reads it (kubectl's `-l`,
//! the API server's `labelSelector`): `k=v`, `k==v`, `k!=v`, `k in (a,b)`, `k notin (a,b)`,
//! `k`, `!k`, `k>1`, `k<1`, comma-joined, with its lexer, its error messages and its
//! validation. Label key and value rules live with the manifests engine (a layer up), so the
//! caller passes them in.

use super::selector::LabelSelectorRequirement;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Token {
    Error,
    EndOfString,
    ClosedPar,
    Comma,
    DoesNotExist,
    DoubleEquals,
    Equals,
    GreaterThan,
    Identifier,
    In,
    LessThan,
    NotEquals,
    NotIn,
    OpenPar,
}

fn literal_token(s: &str) -> Option<Token> {
    Some(match s {
        ")" => Token::ClosedPar,
        "," => Token::Comma,
        "!" => Token::DoesNotExist,
        "==" => Token::DoubleEquals,
        "=" => Token::Equals,
        ">" => Token::GreaterThan,
        "in" => Token::In,
        "<" => Token::LessThan,
        "!=" => Token::NotEquals,
        "notin" => Token::NotIn,
        "(" => Token::OpenPar,
        _ => return None,
    })
}

fn is_whitespace(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n')
}

fn is_special(b: u8) -> bool {
    matches!(b, b'=' | b'!' | b'(' | b')' | b',' | b'>' | b'<')
}

/// The lexer: every token of the text, up to and including the end.
fn scan(s: &str) -> Vec<(Token, String)> {
    let b = s.as_bytes();
    let mut pos = 0;
    let mut items = Vec::new();
    loop {
        while pos < b.len() && is_whitespace(b[pos]) {
            pos += 1;
        }
        // Go's lexer reads a NUL byte as the end of the string.
        if pos >= b.len() || b[pos] == 0 {
            items.push((Token::EndOfString, String::new()));
            return items;
        }
        if is_special(b[pos]) {
            let mut buffer = Vec::new();
            let mut last: Option<(Token, String)> = None;
            while pos < b.len() && b[pos] != 0 && is_special(b[pos]) {
                buffer.push(b[pos]);
                let text = String::from_utf8_lossy(&buffer).into_owned();
                if let Some(t) = literal_token(&text) {
                    last = Some((t, text));
                } else if last.is_some() {
                    break;
                }
                pos += 1;
            }
            match last {
                Some(item) => items.push(item),
                None => items.push((
                    Token::Error,
                    format!(
                        "error expected: keyword found '{}'",
                        String::from_utf8_lossy(&buffer)
                    ),
                )),
            }
        } else {
            let start = pos;
            while pos < b.len() && b[pos] != 0 && !is_special(b[pos]) && !is_whitespace(b[pos]) {
                pos += 1;
            }
            let text = String::from_utf8_lossy(&b[start..pos]).into_owned();
            items.push((literal_token(&text).unwrap_or(Token::Identifier), text));
        }
    }
}

struct Parser<'v> {
    items: Vec<(Token, String)>,
    position: usize,
    key_errors: &'v dyn Fn(&str) -> Vec<String>,
    value_errors: &'v dyn Fn(&str) -> Vec<String>,
}

/// Where the parser reads: `in` and `notin` are identifiers among values.
#[derive(Clone, Copy, PartialEq)]
enum Context {
    KeyAndOperator,
    Values,
}

const BINARY_OPERATORS: &str = "in, notin, =, ==, !=, gt, lt";

impl Parser<'_> {
    fn lookahead(&self, context: Context) -> (Token, String) {
        let (tok, lit) = self
            .items
            .get(self.position)
            .cloned()
            .unwrap_or((Token::EndOfString, String::new()));
        match tok {
            Token::In | Token::NotIn if context == Context::Values => (Token::Identifier, lit),
            _ => (tok, lit),
        }
    }

    fn consume(&mut self, context: Context) -> (Token, String) {
        let item = self.lookahead(context);
        self.position = (self.position + 1).min(self.items.len());
        item
    }

    fn parse(&mut self) -> Result<Vec<LabelSelectorRequirement>, String> {
        let mut requirements = Vec::new();
        loop {
            let (tok, lit) = self.lookahead(Context::Values);
            match tok {
                Token::Identifier | Token::DoesNotExist => {
                    let r = self
                        .parse_requirement()
                        .map_err(|e| format!("unable to parse requirement: {e}"))?;
                    requirements.push(r);
                    let (t, l) = self.consume(Context::Values);
                    match t {
                        Token::EndOfString => return Ok(requirements),
                        Token::Comma => {
                            let (t2, l2) = self.lookahead(Context::Values);
                            if t2 != Token::Identifier && t2 != Token::DoesNotExist {
                                return Err(format!("found '{l2}', expected: identifier after ','"));
                            }
                        }
                        _ => return Err(format!("found '{l}', expected: ',' or 'end of string'")),
                    }
                }
                Token::EndOfString => return Ok(requirements),
                _ => {
                    return Err(format!(
                        "found '{lit}', expected: !, identifier, or 'end of string'"
                    ))
                }
            }
        }
    }

    fn parse_requirement(&mut self) -> Result<LabelSelectorRequirement, String> {
        let (key, operator) = self.parse_key_and_infer_operator()?;
        if operator == "Exists" || operator == "DoesNotExist" {
            return Ok(LabelSelectorRequirement {
                key,
                operator: operator.into(),
                values: Vec::new(),
            });
        }
        let (tok, lit) = self.consume(Context::KeyAndOperator);
        let operator = match tok {
            Token::In => "In",
            Token::Equals | Token::DoubleEquals => "In",
            Token::GreaterThan => "Gt",
            Token::LessThan => "Lt",
            Token::NotIn => "NotIn",
            Token::NotEquals => "NotIn",
            _ => return Err(format!("found '{lit}', expected: {BINARY_OPERATORS}")),
        };
        let values = match tok {
            Token::In | Token::NotIn => self.parse_values()?,
            _ => self.parse_exact_value()?,
        };
        self.new_requirement(key, operator, tok, values)
    }

    fn parse_key_and_infer_operator(&mut self) -> Result<(String, &'static str), String> {
        let mut operator = "";
        let (mut tok, mut literal) = self.consume(Context::Values);
        if tok == Token::DoesNotExist {
            operator = "DoesNotExist";
            (tok, literal) = self.consume(Context::Values);
        }
        if tok != Token::Identifier {
            return Err(format!("found '{literal}', expected: identifier"));
        }
        let errs = (self.key_errors)(&literal);
        if !errs.is_empty() {
            return Err(format!(
                "<nil>: Invalid value: {}: {}",
                go_quote(&literal),
                errs.join("; ")
            ));
        }
        let (t, _) = self.lookahead(Context::Values);
        if (t == Token::EndOfString || t == Token::Comma) && operator != "DoesNotExist" {
            operator = "Exists";
        }
        Ok((literal, operator))
    }

    fn parse_values(&mut self) -> Result<Vec<String>, String> {
        let (tok, lit) = self.consume(Context::Values);
        if tok != Token::OpenPar {
            return Err(format!("found '{lit}' expected: '('"));
        }
        let (tok, lit) = self.lookahead(Context::Values);
        match tok {
            Token::Identifier | Token::Comma => {
                let s = self.parse_identifiers_list()?;
                if self.consume(Context::Values).0 != Token::ClosedPar {
                    return Err(format!("found '{lit}', expected: ')'"));
                }
                Ok(s)
            }
            Token::ClosedPar => {
                self.consume(Context::Values);
                Ok(vec![String::new()])
            }
            _ => Err(format!("found '{lit}', expected: ',', ')' or identifier")),
        }
    }

    /// A sorted set, as `sets.String.List()` returns it.
    fn parse_identifiers_list(&mut self) -> Result<Vec<String>, String> {
        let mut s = std::collections::BTreeSet::new();
        loop {
            let (tok, lit) = self.consume(Context::Values);
            match tok {
                Token::Identifier => {
                    s.insert(lit);
                    let (tok2, lit2) = self.lookahead(Context::Values);
                    match tok2 {
                        Token::Comma => continue,
                        Token::ClosedPar => return Ok(s.into_iter().collect()),
                        _ => return Err(format!("found '{lit2}', expected: ',' or ')'")),
                    }
                }
                Token::Comma => {
                    if s.is_empty() {
                        s.insert(String::new());
                    }
                    let (tok2, _) = self.lookahead(Context::Values);
                    if tok2 == Token::ClosedPar {
                        s.insert(String::new());
                        return Ok(s.into_iter().collect());
                    }
                    if tok2 == Token::Comma {
                        s.insert(String::new());
                    }
                }
                _ => return Err(format!("found '{lit}', expected: ',', or identifier")),
            }
        }
    }

    fn parse_exact_value(&mut self) -> Result<Vec<String>, String> {
        let (tok, _) = self.lookahead(Context::Values);
        if tok == Token::EndOfString || tok == Token::Comma {
            return Ok(vec![String::new()]);
        }
        let (tok, lit) = self.consume(Context::Values);
        if tok == Token::Identifier {
            return Ok(vec![lit]);
        }
        Err(format!("found '{lit}', expected: identifier"))
    }

    /// `NewRequirement`'s checks of the values (the key was checked when read).
    fn new_requirement(
        &self,
        key: String,
        operator: &str,
        tok: Token,
        values: Vec<String>,
    ) -> Result<LabelSelectorRequirement, String> {
        let mut errs = Vec::new();
        if matches!(tok, Token::GreaterThan | Token::LessThan) {
            for (i, v) in values.iter().enumerate() {
                if v.parse::<i64>().is_err() {
                    errs.push(format!(
                        "values[{i}]: Invalid value: {}: for 'Gt', 'Lt' operators, the value must be an integer",
                        go_quote(v)
                    ));
                }
            }
        }
        for (i, v) in values.iter().enumerate() {
            let value_errs = (self.value_errors)(v);
            if !value_errs.is_empty() {
                errs.push(format!(
                    "values[{i}][{key}]: Invalid value: {}: {}",
                    go_quote(v),
                    value_errs.join("; ")
                ));
            }
        }
        match errs.len() {
            0 => Ok(LabelSelectorRequirement {
                key,
                operator: operator.into(),
                values,
            }),
            1 => Err(errs.remove(0)),
            _ => Err(format!("[{}]", errs.join(", "))),
        }
    }
}

/// Go's `%q` for the simple strings selectors hold.
fn go_quote(s: &str) -> String {
    format!("{s:?}")
}

/// `labels.Parse`: the requirements of a selector (sorted by key), or its error message.
pub fn parse(
    selector: &str,
    key_errors: &dyn Fn(&str) -> Vec<String>,
    value_errors: &dyn Fn(&str) -> Vec<String>,
) -> Result<Vec<LabelSelectorRequirement>, String> {
    let mut parser = Parser {
        items: scan(selector),
        position: 0,
        key_errors,
        value_errors,
    };
    let mut requirements = parser.parse()?;
    requirements.sort_by(|a, b| a.key.cmp(&b.key));
    Ok(requirements)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn key_errors(k: &str) -> Vec<String> {
        if k.contains(' ') || k.is_empty() {
            vec!["bad key".into()]
        } else {
            Vec::new()
        }
    }

    fn value_errors(v: &str) -> Vec<String> {
        if v.contains('!') || v.contains('/') {
            vec!["bad value".into()]
        } else {
            Vec::new()
        }
    }

    fn p(s: &str) -> Result<Vec<LabelSelectorRequirement>, String> {
        parse(s, &key_errors, &value_errors)
    }

    fn matches(s: &str, labels: &[(&str, &str)]) -> bool {
        let labels: BTreeMap<String, String> = labels
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let r = p(s).unwrap();
        crate::api::selector::matches(&BTreeMap::new(), &r, &labels)
    }

    #[test]
    fn set_based_and_equality_selectors_match_like_apimachinery() {
        let web = [("app", "web"), ("tier", "front")];
        assert!(matches("app in (web, db)", &web));
        assert!(!matches("app notin (web)", &web));
        assert!(matches("app notin (db),tier", &web));
        assert!(matches("!canary", &web));
        assert!(!matches("!app", &web));
        assert!(matches("app=web,tier==front", &web));
        assert!(matches("canary!=true", &web));
        assert!(matches("", &web));
        assert!(matches(
            "x in (foo,,baz),app,z notin ()",
            &[("x", "foo"), ("app", "a")]
        ));
        assert!(matches("n>2,m<10", &[("n", "3"), ("m", "9")]));
        assert!(!matches("n>2", &[("n", "two")]));
    }

    #[test]
    fn errors_read_like_apimachinery() {
        assert_eq!(
            p("app in (a").unwrap_err(),
            "unable to parse requirement: found '', expected: ',' or ')'"
        );
        assert_eq!(
            p("app in a").unwrap_err(),
            "unable to parse requirement: found 'a' expected: '('"
        );
        assert_eq!(
            p("app web").unwrap_err(),
            "unable to parse requirement: found 'web', expected: in, notin, =, ==, !=, gt, lt"
        );
        assert_eq!(
            p("app=web,").unwrap_err(),
            "found '', expected: identifier after ','"
        );
        assert_eq!(
            p("=web").unwrap_err(),
            "found '=', expected: !, identifier, or 'end of string'"
        );
        assert_eq!(
            p("app=a=b").unwrap_err(),
            "found '=', expected: ',' or 'end of string'"
        );
        assert_eq!(
            p("app=web!").unwrap_err(),
            "found '!', expected: ',' or 'end of string'"
        );
        assert_eq!(
            p("app in (a/b)").unwrap_err(),
            "unable to parse requirement: values[0][app]: Invalid value: \"a/b\": bad value"
        );
        assert_eq!(p("n>x").unwrap_err(), "unable to parse requirement: values[0]: Invalid value: \"x\": for 'Gt', 'Lt' operators, the value must be an integer");
    }

    proptest::proptest! {
        #[test]
        fn the_parser_never_panics(s in ".{0,40}") {
            let _ = p(&s);
        }
    }
}
