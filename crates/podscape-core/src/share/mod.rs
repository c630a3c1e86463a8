//! The share format: a playground's state (the editor's manifests, a script to run, settings) as
//! a compact URL-fragment string, and back. Pure and versioned; decoding any string returns a
//! `Result` and never panics.
//!
//! Version 1 is `&`-separated, settings first, in this order when encoded:
//!
//! ```text
//! v1&scenario=default&lang=ru&theme=dark&motion=reduced&speed=2.5&seed=7&proxy=ipvs&view=stage,editor&autoplay
//!   &done=why-services.scale&skipped=dns
//!   &at=61500&yaml=<lz-string of the text>&script=<same>&rewind=<same>
//! ```
//!
//! Every part is optional but `v1`; `lesson=ID` may stand instead of `scenario=ID`. Texts are
//! compressed with lz-string (`compressToEncodedURIComponent`, as the TypeScript playground's
//! links are; `web/embed.js` carries a small port of the compressor): only `[A-Za-z0-9+$-]`,
//! nothing a URL or an HTML parser treats specially. Values are checked strictly (ids are
//! `[a-z0-9-]`, at most 64 bytes); an unknown key, a repeated key or a malformed value rejects
//! the whole fragment, so a link either restores exactly its state or says it cannot.
//!
//! The first links (`yaml=<percent-encoded YAML>`) still decode, as manifests and no settings.

use crate::lesson::Mark;
use crate::proxy::ProxyMode;

/// The longest fragment a share link may carry: 8 KiB, well inside what browsers, servers,
/// chat apps and link shorteners pass on unchanged. About 13 KiB of typical manifests compress
/// into it (lz-string takes them to ~60 %, and writes 6 bits a character).
pub const MAX_FRAGMENT_BYTES: usize = 8 * 1024;

/// The longest text a link may decompress to (a guard against decompression bombs).
pub const MAX_TEXT_BYTES: usize = 64 * 1024;

/// The longest first-format link (`yaml=` percent-encoded: up to 3 bytes per character).
const MAX_LEGACY_FRAGMENT_BYTES: usize = 3 * 32 * 1024;

/// How large an encoded state and its texts may be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    pub fragment: usize,
    pub text: usize,
}

/// Share links.
pub const LINK: Limits = Limits {
    fragment: MAX_FRAGMENT_BYTES,
    text: MAX_TEXT_BYTES,
};

/// The state the browser keeps in localStorage: the same format, with room for the largest
/// manifests the editor accepts.
pub const STORAGE: Limits = Limits {
    fragment: 1 << 20,
    text: crate::manifest::MAX_INPUT_BYTES,
};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lang {
    En,
    Ru,
}

impl Lang {
    /// `?lang=ru`, then a stored choice, then the browser's languages; English otherwise.
    pub fn detect(query: Option<&str>, stored: Option<&str>, navigator: &[String]) -> Lang {
        let parse = |s: &str| match s.get(..2).map(str::to_ascii_lowercase).as_deref() {
            Some("ru") => Some(Lang::Ru),
            Some("en") => Some(Lang::En),
            _ => None,
        };
        query
            .and_then(parse)
            .or_else(|| stored.and_then(parse))
            .or_else(|| navigator.iter().find_map(|l| parse(l)))
            .unwrap_or(Lang::En)
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ru => "ru",
        }
    }

    pub fn other(self) -> Lang {
        match self {
            Lang::En => Lang::Ru,
            Lang::Ru => Lang::En,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Theme {
    Dark,
    Light,
}

/// The learner's choice of motion; without one the playground follows the system's
/// `prefers-reduced-motion`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Motion {
    /// No request particles, no animated rollouts: traffic as counts on steady edges.
    Reduced,
    Full,
}

/// Where the playground starts: a built-in scenario or a lesson, by id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StartFrom {
    Scenario(String),
    Lesson(String),
}

/// Which panes an embedded playground shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct View {
    pub stage: bool,
    pub editor: bool,
    pub terminal: bool,
}

/// A playground's state as a link carries it. `None` means "the page's default".
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Shared {
    /// Manifests: put in the editor and applied.
    pub yaml: Option<String>,
    /// kubectl lines run in the terminal once the manifests are applied.
    pub script: Option<String>,
    pub start: Option<StartFrom>,
    pub lang: Option<Lang>,
    pub theme: Option<Theme>,
    pub motion: Option<Motion>,
    /// The simulation speed in tenths (1..=100: 0.1× to 10×). Tenths, not a float: float
    /// formatting and parsing would cost ~10 KiB of wasm.
    pub speed_tenths: Option<u16>,
    pub seed: Option<u64>,
    pub proxy: Option<ProxyMode>,
    pub view: Option<View>,
    /// Time runs from the start (an embedded playground otherwise waits for Play).
    pub autoplay: bool,
    /// The lessons finished: `done=ID.ID` and `skipped=ID.ID` (at most
    /// [`crate::lesson::MAX_COURSE`] ids).
    pub course: crate::lesson::Course,
    /// A session's recorded inputs (`session/rewind.rs`, `Session::rewind_text`): opening the
    /// link replays them from the booted cluster.
    pub rewind: Option<String>,
    /// The moment to show, in virtual milliseconds since the session's start ("look at this").
    pub at_ms: Option<u64>,
}

/// Why a string is not a state.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ShareError {
    /// Larger than the limit (encoding: the state; decoding: the fragment or a text).
    TooLarge { bytes: usize, limit: usize },
    /// A version this code does not know (a newer link, or an old stored state).
    UnknownVersion,
    /// Not a state: names the part that is wrong.
    Malformed(&'static str),
}

impl std::fmt::Display for ShareError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ShareError::TooLarge { bytes, limit } => {
                write!(f, "{bytes} bytes; the limit is {limit}")
            }
            ShareError::UnknownVersion => f.write_str("unknown version"),
            ShareError::Malformed(what) => write!(f, "malformed {what}"),
        }
    }
}

const VERSION: &str = "v1";
const MAX_ID_BYTES: usize = 64;

/// The fragment (without `#`) for this state, or `TooLarge` if it would exceed the limit.
pub fn encode(state: &Shared, limits: Limits) -> Result<String, ShareError> {
    let mut out = String::from(VERSION);
    let mut put = |key: &str, value: &str| {
        out.push('&');
        out.push_str(key);
        out.push('=');
        out.push_str(value);
    };
    match &state.start {
        Some(StartFrom::Scenario(id)) => put("scenario", id),
        Some(StartFrom::Lesson(id)) => put("lesson", id),
        None => {}
    }
    if let Some(lang) = state.lang {
        put("lang", if lang == Lang::Ru { "ru" } else { "en" });
    }
    if let Some(theme) = state.theme {
        put("theme", if theme == Theme::Light { "light" } else { "dark" });
    }
    if let Some(motion) = state.motion {
        put(
            "motion",
            if motion == Motion::Reduced {
                "reduced"
            } else {
                "full"
            },
        );
    }
    if let Some(tenths) = state.speed_tenths {
        let text = if tenths % 10 == 0 {
            (tenths / 10).to_string()
        } else {
            format!("{}.{}", tenths / 10, tenths % 10)
        };
        put("speed", &text);
    }
    if let Some(seed) = state.seed {
        put("seed", &seed.to_string());
    }
    if let Some(mode) = state.proxy {
        put("proxy", proxy_name(mode));
    }
    if let Some(view) = state.view {
        let names: Vec<&str> = [
            (view.stage, "stage"),
            (view.editor, "editor"),
            (view.terminal, "terminal"),
        ]
        .iter()
        .filter(|(on, _)| *on)
        .map(|(_, name)| *name)
        .collect();
        put("view", &names.join(","));
    }
    if state.autoplay {
        out.push_str("&autoplay");
    }
    for (key, mark) in [("done", Mark::Done), ("skipped", Mark::Skipped)] {
        let ids = state.course.ids(mark);
        if !ids.is_empty() {
            out.push('&');
            out.push_str(key);
            out.push('=');
            out.push_str(&ids.join("."));
        }
    }
    if let Some(at) = state.at_ms {
        put_at(&mut out, at);
    }
    for (key, text) in [
        ("yaml", &state.yaml),
        ("script", &state.script),
        ("rewind", &state.rewind),
    ] {
        if let Some(text) = text {
            if text.len() > limits.text {
                return Err(ShareError::TooLarge {
                    bytes: text.len(),
                    limit: limits.text,
                });
            }
            out.push('&');
            out.push_str(key);
            out.push('=');
            out.push_str(&pack(text));
            // Stop early: a huge text must not be encoded in full only to be refused.
            if out.len() > limits.fragment {
                break;
            }
        }
    }
    if out.len() > limits.fragment {
        return Err(ShareError::TooLarge {
            bytes: out.len(),
            limit: limits.fragment,
        });
    }
    Ok(out)
}

fn put_at(out: &mut String, at: u64) {
    out.push_str("&at=");
    out.push_str(&at.to_string());
}

/// The state in a fragment (with or without its leading `#`).
pub fn decode(fragment: &str, limits: Limits) -> Result<Shared, ShareError> {
    let fragment = fragment.strip_prefix('#').unwrap_or(fragment);
    if let Some(legacy) = fragment.strip_prefix("yaml=") {
        return decode_legacy(legacy, limits);
    }
    if fragment.len() > limits.fragment {
        return Err(ShareError::TooLarge {
            bytes: fragment.len(),
            limit: limits.fragment,
        });
    }
    let mut parts = fragment.split('&');
    match parts.next() {
        Some(VERSION) => {}
        Some(v) if v.len() > 1 && v.starts_with('v') && v[1..].bytes().all(|b| b.is_ascii_digit()) => {
            return Err(ShareError::UnknownVersion)
        }
        _ => return Err(ShareError::Malformed("version")),
    }
    let mut state = Shared::default();
    let mut seen: u16 = 0;
    for part in parts {
        let (key, value) = match part.split_once('=') {
            Some((key, value)) => (key, Some(value)),
            None => (part, None),
        };
        let (bit, field) = match key {
            "scenario" => (0, "scenario"),
            "lesson" => (1, "lesson"),
            "lang" => (2, "lang"),
            "theme" => (3, "theme"),
            "speed" => (4, "speed"),
            "seed" => (5, "seed"),
            "proxy" => (6, "proxy"),
            "view" => (7, "view"),
            "autoplay" => (8, "autoplay"),
            "yaml" => (9, "yaml"),
            "script" => (10, "script"),
            "motion" => (11, "motion"),
            "done" => (12, "done"),
            "skipped" => (13, "skipped"),
            "rewind" => (14, "rewind"),
            "at" => (15, "at"),
            _ => return Err(ShareError::Malformed("key")),
        };
        if seen & (1 << bit) != 0 {
            return Err(ShareError::Malformed(field));
        }
        seen |= 1 << bit;
        let bad = ShareError::Malformed(field);
        if key == "autoplay" {
            if value.is_some() {
                return Err(bad);
            }
            state.autoplay = true;
            continue;
        }
        let value = value.ok_or(bad.clone())?;
        match key {
            "scenario" | "lesson" => {
                if state.start.is_some() || !valid_id(value) {
                    return Err(bad);
                }
                let id = value.to_string();
                state.start = Some(if key == "lesson" {
                    StartFrom::Lesson(id)
                } else {
                    StartFrom::Scenario(id)
                });
            }
            "lang" => {
                state.lang = Some(match value {
                    "en" => Lang::En,
                    "ru" => Lang::Ru,
                    _ => return Err(bad),
                })
            }
            "theme" => {
                state.theme = Some(match value {
                    "dark" => Theme::Dark,
                    "light" => Theme::Light,
                    _ => return Err(bad),
                })
            }
            "motion" => {
                state.motion = Some(match value {
                    "reduced" => Motion::Reduced,
                    "full" => Motion::Full,
                    _ => return Err(bad),
                })
            }
            "speed" => state.speed_tenths = Some(parse_tenths(value).ok_or(bad)?),
            "seed" => state.seed = Some(parse_decimal(value).ok_or(bad)?),
            "proxy" => {
                state.proxy = Some(match value {
                    "iptables" => ProxyMode::Iptables,
                    "ipvs" => ProxyMode::Ipvs,
                    "nftables" => ProxyMode::Nftables,
                    _ => return Err(bad),
                })
            }
            "view" => state.view = Some(parse_view(value).ok_or(bad)?),
            "done" | "skipped" => {
                let mark = if key == "done" { Mark::Done } else { Mark::Skipped };
                let ids: Vec<&str> = value.split('.').take(crate::lesson::MAX_COURSE + 1).collect();
                if ids.len() > crate::lesson::MAX_COURSE || !ids.iter().all(|id| valid_id(id)) {
                    return Err(bad);
                }
                for id in ids {
                    state.course.set(id, mark);
                }
            }
            "at" => state.at_ms = Some(parse_decimal(value).ok_or(bad)?),
            _ => {
                let text = unpack(value, limits.text, field)?;
                match key {
                    "yaml" => state.yaml = Some(text),
                    "rewind" => state.rewind = Some(text),
                    _ => state.script = Some(text),
                }
            }
        }
    }
    Ok(state)
}

/// Turns an embedding page's options into settings: `view` (`stage,editor,terminal`, where
/// `inspector` means the terminal too), as the first links' query strings wrote them.
pub fn parse_view(value: &str) -> Option<View> {
    let mut view = View::default();
    if value.is_empty() {
        return Some(view);
    }
    for name in value.split(',') {
        match name {
            "stage" => view.stage = true,
            "editor" => view.editor = true,
            "terminal" | "inspector" => view.terminal = true,
            _ => return None,
        }
    }
    Some(view)
}

/// `0.5`, `2`, `10` → tenths, within 0.1..=10.
pub fn parse_tenths(value: &str) -> Option<u16> {
    let (whole, tenth) = match value.split_once('.') {
        Some((whole, tenth)) if tenth.len() == 1 => (whole, tenth),
        Some(_) => return None,
        None => (value, "0"),
    };
    if whole.is_empty() || whole.len() > 2 {
        return None;
    }
    let whole = parse_decimal(whole)? as u16;
    let tenth = parse_decimal(tenth)? as u16;
    let tenths = whole * 10 + tenth;
    (1..=100).contains(&tenths).then_some(tenths)
}

fn parse_decimal(value: &str) -> Option<u64> {
    // `u64::from_str` would also take a leading `+`; a canonical form round-trips exactly.
    if value.is_empty()
        || !value.bytes().all(|b| b.is_ascii_digit())
        || (value.len() > 1 && value.starts_with('0'))
    {
        return None;
    }
    value.parse().ok()
}

fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= MAX_ID_BYTES
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

fn proxy_name(mode: ProxyMode) -> &'static str {
    match mode {
        ProxyMode::Iptables => "iptables",
        ProxyMode::Ipvs => "ipvs",
        ProxyMode::Nftables => "nftables",
    }
}

/// lz-string's `compressToEncodedURIComponent`: the format the TypeScript playground's links
/// use, 6 bits a character from `[A-Za-z0-9+$-]`.
fn pack(text: &str) -> String {
    lz_str::compress_to_encoded_uri_component(text)
}

fn unpack(value: &str, limit: usize, field: &'static str) -> Result<String, ShareError> {
    let units = lz_decode(value, limit).map_err(|e| e.unwrap_or(ShareError::Malformed(field)))?;
    let text = String::from_utf16(&units).map_err(|_| ShareError::Malformed(field))?;
    if text.len() > limit {
        return Err(ShareError::TooLarge {
            bytes: text.len(),
            limit,
        });
    }
    Ok(text)
}

/// lz-string's alphabet for URI components (`$`, its base64 padding, is never written; read, it
/// counts as zero bits, as lz-string reads it).
const LZ_KEY: &[u8; 65] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+-$";

/// One dictionary entry of the LZW-style decoder: the entry it extends and its last unit.
#[derive(Clone, Copy)]
struct Entry {
    prefix: u32,
    last: u16,
    first: u16,
    len: u32,
}

const NO_PREFIX: u32 = u32::MAX;

/// lz-string's `decompressFromEncodedURIComponent`, with an output limit. Written here rather
/// than taken from lz-str: that decoder keeps every dictionary entry as a whole string, so a
/// hostile input of n characters can make it build O(n²) of them before any limit could be
/// checked. Here an entry is (prefix, last unit), the output stops at `limit` units, and time and
/// memory stay linear. `Err(None)` is malformed input; `Err(Some(_))` too large.
fn lz_decode(value: &str, limit: usize) -> Result<Vec<u16>, Option<ShareError>> {
    let digits = value
        .bytes()
        .map(|b| LZ_KEY.iter().position(|&k| k == b).map(|d| d as u8))
        .collect::<Option<Vec<u8>>>()
        .ok_or(None)?;
    let mut bit = 0usize;
    let mut read = |n: u32| -> Result<u32, Option<ShareError>> {
        let mut value = 0u32;
        for i in 0..n {
            let digit = *digits.get(bit / 6).ok_or(None)?;
            value |= u32::from((digit >> (5 - bit % 6)) & 1) << i;
            bit += 1;
        }
        Ok(value)
    };
    let literal = |unit: u16| Entry {
        prefix: NO_PREFIX,
        last: unit,
        first: unit,
        len: 1,
    };
    // Codes 0, 1 and 2 are "an 8-bit unit follows", "a 16-bit unit follows" and "end".
    let mut dict = vec![literal(0); 3];
    let first = match read(2)? {
        0 => read(8)? as u16,
        1 => read(16)? as u16,
        2 => return Ok(Vec::new()),
        _ => return Err(None),
    };
    dict.push(literal(first));
    let mut w = 3u32;
    let mut out = vec![first];
    let mut num_bits = 3u32;
    let mut enlarge_in = 4u64;
    let mut scratch = Vec::new();
    loop {
        let mut code = read(num_bits)?;
        if code <= 1 {
            let unit = read(8 + 8 * code)? as u16;
            dict.push(literal(unit));
            code = dict.len() as u32 - 1;
            enlarge_in -= 1;
        } else if code == 2 {
            return Ok(out);
        }
        if enlarge_in == 0 {
            enlarge_in = 1 << num_bits;
            num_bits += 1;
        }
        let prev = dict[w as usize];
        let entry = match dict.get(code as usize) {
            Some(entry) => *entry,
            // The entry about to be made: w plus its own first unit.
            None if code as usize == dict.len() => Entry {
                prefix: w,
                last: prev.first,
                first: prev.first,
                len: prev.len + 1,
            },
            None => return Err(None),
        };
        if out.len() + entry.len as usize > limit {
            return Err(Some(ShareError::TooLarge {
                bytes: out.len() + entry.len as usize,
                limit,
            }));
        }
        // Walk the prefixes back to the first unit, then append in order.
        scratch.clear();
        let mut at = entry;
        loop {
            scratch.push(at.last);
            if at.prefix == NO_PREFIX {
                break;
            }
            at = dict[at.prefix as usize];
        }
        out.extend(scratch.iter().rev());
        dict.push(Entry {
            prefix: w,
            last: entry.first,
            first: prev.first,
            len: prev.len + 1,
        });
        enlarge_in -= 1;
        w = code;
        if enlarge_in == 0 {
            if num_bits >= 31 {
                return Err(None);
            }
            enlarge_in = 1 << num_bits;
            num_bits += 1;
        }
    }
}

/// `yaml=<percent-encoded>`: the first share links and embeds.
fn decode_legacy(encoded: &str, limits: Limits) -> Result<Shared, ShareError> {
    if encoded.len() > MAX_LEGACY_FRAGMENT_BYTES {
        return Err(ShareError::TooLarge {
            bytes: encoded.len(),
            limit: MAX_LEGACY_FRAGMENT_BYTES,
        });
    }
    let text = percent_decode(encoded).ok_or(ShareError::Malformed("yaml"))?;
    if text.len() > limits.text {
        return Err(ShareError::TooLarge {
            bytes: text.len(),
            limit: limits.text,
        });
    }
    Ok(Shared {
        yaml: Some(text),
        ..Shared::default()
    })
}

/// `decodeURIComponent`: `%XX` escapes to bytes, which must be UTF-8.
fn percent_decode(encoded: &str) -> Option<String> {
    let bytes = encoded.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3)?;
            let digit = |b: u8| (b as char).to_digit(16);
            out.push((digit(hex[0])? * 16 + digit(hex[1])?) as u8);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests;
