//! A script's timeline: each line it ran (and each second of its sleeps) with its virtual
//! time, for `podscape seek T` and `podscape timeline [-o json]` (`crate::rewind`).

use std::rc::Rc;

use super::{dispatch, parse_duration};
use crate::budget::{REWIND_REPLAY_MS, REWIND_SEEKS};
use crate::cluster::Cluster;
use crate::kubectl::Output;
use crate::rewind::{input_marker, offset_text, Input, Marker, MarkerKind, SeekError, Timeline};

/// One recorded step of a script.
#[derive(Clone, Debug)]
pub enum Line {
    /// A command as it ran: its here-document, and the output it could still print (a watch
    /// stops at it, so its time depends on it).
    Command {
        text: Rc<str>,
        stdin: Option<Rc<str>>,
        max_bytes: usize,
    },
    /// A second (or the rest) of a sleep.
    Advance(u64),
}

impl Input for Line {
    type Context<'a> = dyn Fn(&str) -> Option<String> + 'a;

    fn replay(&self, cluster: &mut Cluster, files: &Self::Context<'_>) {
        match self {
            Line::Advance(ms) => cluster.advance(*ms),
            Line::Command {
                text,
                stdin,
                max_bytes,
            } => {
                let with_stdin = |path: &str| match (path, stdin) {
                    ("-", Some(stdin)) => Some(stdin.to_string()),
                    _ => files(path),
                };
                dispatch(cluster, text, &with_stdin, *max_bytes, None);
            }
        }
    }
}

/// The timeline of one run of a script, and what its seeks may still spend.
#[derive(Clone)]
pub struct Rewind {
    pub timeline: Timeline<Line>,
    /// The script's time 0: the clock when its first line ran.
    start_ms: u64,
    seeks_left: usize,
    replay_ms_left: u64,
}

impl Rewind {
    pub fn new(cluster: &Cluster) -> Rewind {
        Rewind {
            timeline: Timeline::new(cluster),
            start_ms: cluster.now_ms(),
            seeks_left: REWIND_SEEKS,
            replay_ms_left: REWIND_REPLAY_MS,
        }
    }

    /// The script's time 0 on the cluster's clock.
    pub fn start_ms(&self) -> u64 {
        self.start_ms
    }

    /// Records a command that ran from `t_ms` with the deadline `cap_ms` (a sleep's seconds are
    /// recorded as it runs; seeks and timelines change nothing to replay).
    #[allow(clippy::too_many_arguments)]
    pub(super) fn record(
        &mut self,
        t_ms: u64,
        cap_ms: u64,
        command: &str,
        stdin: Option<&str>,
        max_bytes: usize,
        cluster: &Cluster,
        exit_code: i32,
    ) {
        let words: Vec<&str> = command.split_whitespace().collect();
        match words.as_slice() {
            ["podscape", "seek" | "timeline", ..] => return,
            ["sleep", d] if parse_duration(d).is_some() => return,
            _ => {}
        }
        let marker = (exit_code == 0)
            .then(|| classify(&words))
            .flatten()
            .map(|(kind, object)| input_marker(t_ms, kind, &object, command));
        let line = Line::Command {
            text: command.into(),
            stdin: stdin.map(Rc::from),
            max_bytes,
        };
        self.timeline.record(t_ms, line, Some(cap_ms), cluster, marker);
    }

    /// `podscape seek T` and `podscape timeline [-o json]`.
    pub(super) fn command(
        &mut self,
        cluster: &mut Cluster,
        command: &str,
        files: &dyn Fn(&str) -> Option<String>,
    ) -> Output {
        let words: Vec<&str> = command.split_whitespace().collect();
        match words.as_slice() {
            ["podscape", "seek", at] => self.seek(cluster, at, files),
            ["podscape", "timeline"] => self.list(false),
            ["podscape", "timeline", "-o", "json"] | ["podscape", "timeline", "-o=json"] | ["podscape", "timeline", "--output=json"] => {
                self.list(true)
            }
            ["podscape", "timeline", "-o", format] | ["podscape", "timeline", "--output", format] => {
                error(&format!("unable to match a printer suitable for the output format \"{format}\", allowed formats are: json"))
            }
            ["podscape", "seek", ..] => usage("podscape seek TIME (like 45s or 2m: the script's own time)"),
            _ => usage("podscape timeline [-o json]"),
        }
    }

    fn seek(&mut self, cluster: &mut Cluster, at: &str, files: &dyn Fn(&str) -> Option<String>) -> Output {
        let Some(offset) = parse_duration(at) else {
            return error(&format!("invalid time \"{at}\": use a duration like 45s or 2m"));
        };
        let now = offset_text(cluster.now_ms().saturating_sub(self.start_ms));
        let target = self.start_ms.saturating_add(offset);
        if target > cluster.now_ms() {
            return error(&format!("cannot seek to {at}: it is in the future (the script is at {now})"));
        }
        if self.seeks_left == 0 {
            return error(&format!("the script's budget of {REWIND_SEEKS} seeks is spent"));
        }
        let cost = self.timeline.replay_cost(target);
        if cost > self.replay_ms_left {
            return error("the script's budget of 30m of replayed time is spent");
        }
        self.seeks_left -= 1;
        self.replay_ms_left -= cost;
        match self.timeline.seek(target, files, None) {
            Ok(cursor) => {
                self.timeline.branch(&cursor, std::mem::replace(cluster, Cluster::bare(0)));
                *cluster = cursor.cluster;
                Output {
                    stdout: format!("Rewound to {} (from {now}): later commands branch from there.\n", offset_text(offset)),
                    ..Output::default()
                }
            }
            Err(SeekError::Future) => error(&format!("cannot seek to {at}: it is in the future (the script is at {now})")),
            Err(SeekError::Forgotten) => error(&format!(
                "cannot seek to {at}: the timeline no longer holds it (it starts at {})",
                offset_text(self.timeline.start_ms().saturating_sub(self.start_ms))
            )),
        }
    }

    fn list(&self, json: bool) -> Output {
        let at = |m: &Marker| offset_text(m.t_ms.saturating_sub(self.start_ms));
        let markers = self.timeline.markers();
        let stdout = if json {
            markers
                .iter()
                .map(|m| {
                    let line = serde_json::json!({
                        "time": at(m),
                        "kind": m.kind.as_str(),
                        "object": m.object,
                        "text": m.text,
                    });
                    format!("{line}\n")
                })
                .collect()
        } else if markers.is_empty() {
            "No markers yet.\n".to_string()
        } else {
            let mut rows = vec![["TIME", "KIND", "OBJECT", "TEXT"].map(String::from).to_vec()];
            rows.extend(markers.iter().map(|m| {
                vec![
                    at(m),
                    m.kind.as_str().to_string(),
                    if m.object.is_empty() { "<none>".into() } else { m.object.clone() },
                    m.text.clone(),
                ]
            }));
            crate::table::render(&rows)
        };
        Output {
            stdout,
            ..Output::default()
        }
    }
}

fn error(message: &str) -> Output {
    Output {
        stderr: format!("error: {message}\n"),
        exit_code: 1,
        ..Output::default()
    }
}

fn usage(line: &str) -> Output {
    Output {
        stderr: format!("error: unknown arguments\nUsage: {line}\n"),
        exit_code: 1,
        ..Output::default()
    }
}

/// What a command that succeeded did, as a marker: its kind and object (`deployment/web`).
/// Reads (get, describe, logs, …) are no markers.
pub fn classify(words: &[&str]) -> Option<(MarkerKind, String)> {
    let words: Vec<&str> = words
        .iter()
        .copied()
        .skip_while(|w| *w == "timeout" || parse_duration(w).is_some())
        .collect();
    let object = |rest: &[&str]| -> String {
        let args: Vec<&str> = rest.iter().copied().filter(|w| !w.starts_with('-')).take(2).collect();
        match args.as_slice() {
            [one] if one.contains('/') => one.to_string(),
            [kind, name] if !kind.contains('/') => format!("{kind}/{name}"),
            [one, ..] => one.to_string(),
            [] => String::new(),
        }
    };
    match words.as_slice() {
        ["kubectl", "apply" | "create" | "replace", ..] => Some((MarkerKind::Apply, String::new())),
        ["kubectl", "rollout", "undo" | "restart" | "pause" | "resume", rest @ ..] => {
            Some((MarkerKind::Mutation, object(rest)))
        }
        ["kubectl", "set", _, rest @ ..] => Some((MarkerKind::Mutation, object(rest))),
        [
            "kubectl",
            "delete" | "scale" | "patch" | "label" | "annotate" | "expose" | "run" | "cordon" | "uncordon" | "drain"
            | "taint" | "autoscale" | "edit",
            rest @ ..,
        ] => Some((MarkerKind::Mutation, object(rest))),
        ["kubectl", "exec", pod, .., "kill", "1"] => Some((MarkerKind::Fault, format!("pod/{pod}"))),
        ["podscape", "crash" | "fail-readiness" | "fix-readiness", pod] => Some((MarkerKind::Fault, format!("pod/{pod}"))),
        ["podscape", "node-down" | "node-up", node] => Some((MarkerKind::Fault, format!("node/{node}"))),
        ["podscape", "unpullable" | "pullable", image] => Some((MarkerKind::Fault, format!("image/{image}"))),
        ["podscape", "traffic" | "proxy-mode", ..] => Some((MarkerKind::Setting, String::new())),
        _ => None,
    }
}
