//! Scripts: what `podscape run` executes against a fresh cluster, one shell-like command a line
//! (`kubectl …`, `sleep 30s`, `# comments`), producing a terminal transcript.

use serde::Serialize;

use crate::cluster::Cluster;
use crate::kubectl::{self, Output};

/// One executed command, as `--format json` prints it (one JSON object a line).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Step {
    pub t_ms: u64,
    pub command: String,
    pub exit_code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Parses `30s`, `2m`, `1500ms`, `1m30s` or a bare number of seconds.
pub fn parse_duration(text: &str) -> Option<u64> {
    if let Ok(seconds) = text.parse::<u64>() {
        return seconds.checked_mul(1000);
    }
    let mut total: u64 = 0;
    let mut rest = text;
    while !rest.is_empty() {
        let digits = rest.find(|c: char| !c.is_ascii_digit())?;
        if digits == 0 {
            return None;
        }
        let value: u64 = rest[..digits].parse().ok()?;
        rest = &rest[digits..];
        let unit_len = rest.find(|c: char| c.is_ascii_digit()).unwrap_or(rest.len());
        let factor = match &rest[..unit_len] {
            "ms" => 1,
            "s" => 1000,
            "m" => 60_000,
            "h" => 3_600_000,
            _ => return None,
        };
        total = total.checked_add(value.checked_mul(factor)?)?;
        rest = &rest[unit_len..];
    }
    Some(total)
}

/// The longest a single `sleep` may advance the clock: a typo must not hang a docs pipeline.
pub const MAX_SLEEP_MS: u64 = 24 * 3_600_000;

/// Runs one line. Blank lines and comments yield `None`.
pub fn run_line(cluster: &mut Cluster, line: &str, files: &dyn Fn(&str) -> Option<String>) -> Option<Step> {
    let command = line.trim();
    if command.is_empty() || command.starts_with('#') {
        return None;
    }
    let t_ms = cluster.now_ms();
    let output = match command.split_whitespace().collect::<Vec<_>>().as_slice() {
        ["sleep", duration] => match parse_duration(duration) {
            Some(ms) if ms <= MAX_SLEEP_MS => {
                cluster.advance(ms);
                Output::default()
            }
            Some(_) => Output {
                stderr: "sleep: at most 24h at a time\n".into(),
                exit_code: 1,
                ..Output::default()
            },
            None => Output {
                stderr: format!("sleep: invalid time interval '{duration}'\n"),
                exit_code: 1,
                ..Output::default()
            },
        },
        _ => kubectl::run(cluster, command, files),
    };
    Some(Step {
        t_ms,
        command: command.to_string(),
        exit_code: output.exit_code,
        stdout: output.stdout,
        stderr: output.stderr,
    })
}

/// Runs a whole script against a fresh cluster.
pub fn run(seed: u64, script: &str, files: &dyn Fn(&str) -> Option<String>) -> Vec<Step> {
    let mut cluster = Cluster::new(seed);
    script
        .lines()
        .filter_map(|line| run_line(&mut cluster, line, files))
        .collect()
}

/// A terminal transcript: `$ command`, then what it printed (stdout, then stderr).
pub fn transcript(steps: &[Step]) -> String {
    let mut out = String::new();
    for step in steps {
        out.push_str("$ ");
        out.push_str(&step.command);
        out.push('\n');
        out.push_str(&step.stdout);
        out.push_str(&step.stderr);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(parse_duration("30s"), Some(30_000));
        assert_eq!(parse_duration("1m30s"), Some(90_000));
        assert_eq!(parse_duration("1500ms"), Some(1_500));
        assert_eq!(parse_duration("5"), Some(5_000));
        assert_eq!(parse_duration("5x"), None);
        assert_eq!(parse_duration("s"), None);
        assert_eq!(parse_duration("99999999999999999999h"), None);
    }
}
