//! YAML syntax highlighting for the editor's backdrop, and the squiggle under each diagnostic.
//! Line by line and forgiving: it colours what it recognises and leaves the rest plain, so a
//! half-typed document never breaks the editor.

use podscape_core::Diagnostic;
use yew::prelude::*;

/// One coloured run of a line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token<'a> {
    pub class: &'static str,
    pub text: &'a str,
}

/// Splits one line into coloured runs whose texts concatenate back to the line.
pub fn tokens(line: &str) -> Vec<Token<'_>> {
    let mut out = Vec::new();
    let trimmed = line.trim_start();
    let indent = line.len() - trimmed.len();
    if indent > 0 {
        out.push(Token {
            class: "",
            text: &line[..indent],
        });
    }
    if trimmed == "---" || trimmed == "..." {
        out.push(Token {
            class: "tok-doc",
            text: trimmed,
        });
        return out;
    }
    let mut rest = trimmed;
    while let Some(after) = rest.strip_prefix("- ") {
        out.push(Token {
            class: "tok-punct",
            text: &rest[..2],
        });
        rest = after;
    }
    if rest.starts_with('#') {
        out.push(Token {
            class: "tok-comment",
            text: rest,
        });
        return out;
    }
    // A key: up to the first `: ` (or a trailing `:`) outside quotes and flow brackets.
    if let Some(colon) = key_end(rest) {
        out.push(Token {
            class: "tok-key",
            text: &rest[..colon],
        });
        out.push(Token {
            class: "tok-punct",
            text: &rest[colon..colon + 1],
        });
        rest = &rest[colon + 1..];
    }
    value_tokens(rest, &mut out);
    out
}

fn key_end(s: &str) -> Option<usize> {
    if s.starts_with(['"', '\'', '[', '{']) {
        return None;
    }
    let bytes = s.as_bytes();
    (0..bytes.len())
        .find(|&i| bytes[i] == b':' && (i + 1 == bytes.len() || bytes[i + 1] == b' '))
        .filter(|&i| i > 0)
}

fn value_tokens<'a>(s: &'a str, out: &mut Vec<Token<'a>>) {
    // A comment starts at ` #` outside quotes.
    let (value, comment) = match comment_start(s) {
        Some(i) => (&s[..i], Some(&s[i..])),
        None => (s, None),
    };
    let trimmed = value.trim();
    let lead = value.len() - value.trim_start().len();
    if lead > 0 {
        out.push(Token {
            class: "",
            text: &value[..lead],
        });
    }
    if !trimmed.is_empty() {
        let class = if trimmed.starts_with(['"', '\'']) {
            "tok-string"
        } else if trimmed.parse::<f64>().is_ok() {
            "tok-number"
        } else if matches!(
            trimmed,
            "true" | "false" | "null" | "~" | "yes" | "no" | "on" | "off"
        ) {
            "tok-bool"
        } else if trimmed.starts_with(['&', '*']) || trimmed.starts_with("<<") {
            "tok-anchor"
        } else if trimmed.starts_with(['[', '{', '|', '>']) {
            "tok-punct"
        } else {
            "tok-value"
        };
        out.push(Token {
            class,
            text: &value[lead..lead + trimmed.len()],
        });
        let tail = &value[lead + trimmed.len()..];
        if !tail.is_empty() {
            out.push(Token {
                class: "",
                text: tail,
            });
        }
    }
    if let Some(c) = comment {
        out.push(Token {
            class: "tok-comment",
            text: c,
        });
    }
}

fn comment_start(s: &str) -> Option<usize> {
    let mut quote = None;
    let bytes = s.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        match (quote, b) {
            (Some(q), b) if b == q => quote = None,
            (None, b'"' | b'\'') => quote = Some(b),
            (None, b'#') if i == 0 || bytes[i - 1] == b' ' => return Some(i),
            _ => {}
        }
    }
    None
}

/// The first diagnostic of each line (index 0 is line 1), found in one pass: per-line
/// searches through every diagnostic were quadratic on a large text with many errors.
pub fn first_per_line(lines: usize, diagnostics: &[Diagnostic]) -> Vec<Option<&Diagnostic>> {
    let mut marks = vec![None; lines];
    for d in diagnostics {
        if let Some(slot @ None) = d.line.checked_sub(1).and_then(|i| marks.get_mut(i)) {
            *slot = Some(d);
        }
    }
    marks
}

/// The highlighted text, with a squiggle from each diagnostic's column to the end of its word.
/// Linear in the text and the diagnostics.
pub fn render(text: &str, diagnostics: &[Diagnostic]) -> Html {
    let marks = first_per_line(text.split('\n').count(), diagnostics);
    html! {
        { for text.split('\n').zip(marks).map(|(line, mark)| {
            html! { <div class="hl-line">{ line_html(line, mark) }</div> }
        }) }
    }
}

fn line_html(line: &str, mark: Option<&Diagnostic>) -> Html {
    let Some(d) = mark else {
        return html! { { for tokens(line).into_iter().map(span) } };
    };
    // Columns are 1-based characters; the squiggle covers the word (or the rest of the line).
    let start = line
        .char_indices()
        .nth(d.column.saturating_sub(1))
        .map_or(line.len(), |(b, _)| b);
    let word = line[start..]
        .find([' ', ',', ']', '}'])
        .map_or(line.len(), |n| start + n.max(1));
    let end = word.min(line.len());
    let class = if d.is_error() {
        "squiggle error"
    } else {
        "squiggle warning"
    };
    html! {
        <>
            { for tokens(&line[..start]).into_iter().map(span) }
            <span class={class}>{ if start == end { " " } else { &line[start..end] } }</span>
            { for tokens(&line[end..]).into_iter().map(span) }
        </>
    }
}

fn span(t: Token<'_>) -> Html {
    if t.class.is_empty() {
        html! { {t.text} }
    } else {
        html! { <span class={t.class}>{t.text}</span> }
    }
}
