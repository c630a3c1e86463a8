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
            return error(&format!(
                "cannot seek to {at}: it is in the future (the script is at {now})"
            ));
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
                self.timeline
                    .branch(&cursor, std::mem::replace(cluster, Cluster::bare(0)));
                *cluster = cursor.cluster;
                Output {
                    stdout: format!(
                        "Rewound to {} (from {now}): later commands branch from there.\n",
                        offset_text(offset)
                    ),
                    ..Output::default()
                }
            }
            Err(SeekError::Future) => error(&format!(
                "cannot seek to {at}: it is in the future (the script is at {now})"
            )),
            Err(SeekError::Forgotten) => error(&format!(
                "cannot seek to {at}: the timeline no longer holds it (it starts at {})",
                offset_text(self.timeline.start_ms().saturating_sub(self.start_ms))
            )),
        }
    }

    fn list(&self, json: bool) -> Output {
        Output {
            stdout: markers_text(self.timeline.markers().iter(), self.start_ms, json),
            ..Output::default()
        }
    }
}

/// `podscape timeline [-o json]`: the markers, times relative to `start_ms`, as a table or one
/// JSON object a line.
pub fn markers_text<'a>(
    markers: impl ExactSizeIterator<Item = &'a Marker>,
    start_ms: u64,
    json: bool,
) -> String {
    let at = |m: &Marker| offset_text(m.t_ms.saturating_sub(start_ms));
    if json {
        return markers
            .map(|m| {
                let line = serde_json::json!({
                    "time": at(m),
                    "kind": m.kind.as_str(),
                    "object": m.object,
                    "text": m.text,
                });
                format!("{line}\n")
            })
            .collect();
    }
    if markers.len() == 0 {
        return "No markers yet.\n".to_string();
    }
    let mut rows = vec![["TIME", "KIND", "OBJECT", "TEXT"].map(String::from).to_vec()];
    rows.extend(markers.map(|m| {
        vec![
            at(m),
            m.kind.as_str().to_string(),
            if m.object.is_empty() {
                "<none>".into()
            } else {
                m.object.clone()
            },
            m.text.clone(),
        ]
    }));
    crate::table::render(&rows)
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
        let args: Vec<&str> = rest
            .iter()
            .copied()
            .filter(|w| !w.starts_with('-'))
            .take(2)
            .collect();
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
        ["kubectl", "delete" | "scale" | "patch" | "label" | "annotate" | "expose" | "run" | "cordon" | "uncordon"
        | "drain" | "taint" | "autoscale" | "edit", rest @ ..] => Some((MarkerKind::Mutation, object(rest))),
        ["kubectl", "exec", pod, .., "kill", "1"] => Some((MarkerKind::Fault, format!("pod/{pod}"))),
        ["podscape", "crash" | "fail-readiness" | "fix-readiness", pod] => {
            Some((MarkerKind::Fault, format!("pod/{pod}")))
        }
        ["podscape", "node-down" | "node-up", node] => Some((MarkerKind::Fault, format!("node/{node}"))),
        ["podscape", "unpullable" | "pullable", image] => Some((MarkerKind::Fault, format!("image/{image}"))),
        ["podscape", "traffic" | "proxy-mode", ..] => Some((MarkerKind::Setting, String::new())),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::super::{run_recorded, transcript, Budget};
    use super::*;
    use crate::kubectl;
    use proptest::prelude::*;

    fn no_files(_: &str) -> Option<String> {
        None
    }

    /// What the reads print: pods, endpoints, events, the Deployment, Services.
    const READS: &str = "kubectl get pods -o wide\nkubectl get endpointslices\nkubectl get events\nkubectl describe deployment web\nkubectl get svc\nkubectl get rs";

    fn reads(cluster: &mut Cluster) -> String {
        READS
            .lines()
            .map(|l| {
                let out = kubectl::run(cluster, l, &no_files);
                format!("$ {l}\n{}{}", out.stdout, out.stderr)
            })
            .collect()
    }

    /// A random block of a script: a few commands that change the cluster, then a sleep of
    /// whole ticks (a multiple of 50 ms).
    fn block() -> impl Strategy<Value = (Vec<String>, u64)> {
        let command = prop_oneof![
            (1..4u8).prop_map(|n| format!("kubectl scale deployment web --replicas={n}")),
            (1..3u8).prop_map(|n| format!("kubectl set image deployment/web nginx=nginx:1.2{n}")),
            Just("kubectl set image deployment/web nginx=nginx:9.99".to_string()),
            Just("kubectl delete pod -l app=web --wait=false".to_string()),
            // A watch advances the clock inside one command (a seek can land in it).
            Just("timeout 3s kubectl get pods -w".to_string()),
            Just("podscape node-down podscape-worker".to_string()),
            Just("podscape node-up podscape-worker".to_string()),
            (0..6u8).prop_map(|n| format!("podscape traffic rate {n}")),
            Just("kubectl rollout undo deployment/web".to_string()),
        ];
        (prop::collection::vec(command, 0..3), 1..200u64).prop_map(|(c, s)| (c, s * 50))
    }

    const SETUP: &str = "kubectl create deployment web --image=nginx --replicas=2\nkubectl expose deployment web --port=80\npodscape unpullable nginx:9.99\n";

    fn script(blocks: &[(Vec<String>, u64)]) -> String {
        let mut s = SETUP.to_string();
        for (commands, sleep) in blocks {
            for c in commands {
                s.push_str(c);
                s.push('\n');
            }
            s.push_str(&format!("sleep {sleep}ms\n"));
        }
        s
    }

    fn run(script: &str) -> (Cluster, Rewind, String) {
        let mut cluster = Cluster::new(11);
        let mut rewind = Rewind::new(&cluster);
        let steps = run_recorded(
            &mut cluster,
            script,
            &no_files,
            &mut Budget::default(),
            &mut rewind,
        );
        (cluster, rewind, transcript(&steps))
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 10, failure_persistence: None, ..ProptestConfig::default() })]

        /// `podscape seek T` then the reads print what they printed at T, also inside a sleep
        /// (the live run split that sleep there: whole ticks, the same run).
        #[test]
        fn seeking_back_then_reading_prints_what_the_reads_printed_then(
            blocks in prop::collection::vec(block(), 1..5),
            at in 0..5usize,
            split in 1..100u64,
        ) {
            let at = at.min(blocks.len() - 1);
            let (before, after) = blocks.split_at(at);
            let (commands, sleep) = &after[0];
            // Inside or at the end of the sleep, never at its start: commands typed at that
            // instant came after it was first reached.
            let first = (split * 50).min(*sleep);
            let mut prefix = script(before);
            for c in commands {
                prefix.push_str(c);
                prefix.push('\n');
            }
            prefix.push_str(&format!("sleep {first}ms\n"));
            let (mut then, rewind, _) = run(&prefix);
            let t = then.now_ms() - rewind.start_ms();
            let expected = reads(&mut then);

            let mut whole = script(&blocks);
            whole.push_str(&format!("podscape seek {t}ms\n"));
            whole.push_str(READS);
            let (_, _, text) = run(&whole);
            let seek_line = format!("$ podscape seek {t}ms\n");
            let Some((_, after_seek)) = text.split_once(&seek_line) else {
                panic!("the seek did not run: {}", &text[text.len().saturating_sub(600)..]);
            };
            let after_seek = after_seek.split_once('\n').map(|(_, rest)| rest).unwrap_or("");
            prop_assert_eq!(after_seek, expected.as_str());
        }

        /// Replaying the recorded inputs from the start gives the live run's cluster, seeks
        /// and branches included.
        #[test]
        fn replay_from_the_start_equals_the_live_run(
            blocks in prop::collection::vec(block(), 1..5),
            seek in prop::option::of(0..20_000u64),
            more in prop::collection::vec(block(), 0..3),
        ) {
            let mut text = script(&blocks);
            if let Some(t) = seek {
                text.push_str(&format!("podscape seek {}ms\n", t / 50 * 50));
                text.push_str(&script(&more)[SETUP.len()..]);
            }
            let (mut live, rewind, _) = run(&text);
            let mut replayed = rewind.timeline.replay_all(&no_files).expect("replays");
            prop_assert_eq!(replayed.now_ms(), live.now_ms());
            prop_assert_eq!(reads(&mut replayed), reads(&mut live));
        }

        /// A branch sets the future aside; undo brings it back whole: its end, and every
        /// moment of it.
        #[test]
        fn branch_then_undo_restores_the_discarded_future(
            blocks in prop::collection::vec(block(), 1..5),
            at in 0..1_000u64,
            other in prop::collection::vec(block(), 1..3),
        ) {
            let (mut live, mut rewind, _) = run(&script(&blocks));
            let span = live.now_ms() - rewind.start_ms();
            let t = rewind.start_ms() + (span * at / 1_000) / 50 * 50;
            let mut before = rewind.timeline.seek(t, &no_files, None).expect("seeks").cluster;
            let seen = reads(&mut before);
            let cursor = rewind.timeline.seek(t, &no_files, None).expect("seeks");
            let mut branch = cursor.cluster.clone();
            rewind.timeline.branch(&cursor, live.clone());
            prop_assert!(rewind.timeline.can_undo_branch());
            run_recorded(&mut branch, &script(&other)[SETUP.len()..], &no_files, &mut Budget::default(), &mut rewind);
            let mut back = rewind.timeline.undo_branch().expect("a branch to undo");
            prop_assert_eq!(reads(&mut back), reads(&mut live));
            let mut again = rewind.timeline.seek(t, &no_files, None).expect("seeks").cluster;
            prop_assert_eq!(reads(&mut again), seen);
        }
    }

    #[test]
    fn commands_that_change_the_cluster_are_markers_and_reads_are_not() {
        let words = |s: &'static str| s.split_whitespace().collect::<Vec<_>>();
        assert_eq!(
            classify(&words("kubectl scale deployment web --replicas=3")),
            Some((MarkerKind::Mutation, "deployment/web".into()))
        );
        assert_eq!(
            classify(&words("kubectl set image deployment/web nginx=nginx:1.27")),
            Some((MarkerKind::Mutation, "deployment/web".into()))
        );
        assert_eq!(
            classify(&words("kubectl apply -f app.yaml")),
            Some((MarkerKind::Apply, String::new()))
        );
        assert_eq!(
            classify(&words("podscape node-down podscape-worker")),
            Some((MarkerKind::Fault, "node/podscape-worker".into()))
        );
        assert_eq!(classify(&words("kubectl get pods")), None);
        assert_eq!(classify(&words("timeout 10s kubectl get pods -w")), None);
    }

    #[test]
    fn completion_knows_seek_and_timeline() {
        let c = Cluster::new(1);
        assert_eq!(kubectl::complete(&c, "podscape se"), ["seek"]);
        assert_eq!(kubectl::complete(&c, "podscape ti"), ["timeline"]);
        assert_eq!(kubectl::complete(&c, "podscape timeline -"), ["-o"]);
    }

    #[test]
    fn seeks_are_bounded() {
        let mut script = String::from("sleep 10m\n");
        for _ in 0..REWIND_SEEKS + 5 {
            script.push_str("podscape seek 0\n");
        }
        let (_, _, text) = run(&script);
        assert!(
            text.contains(&format!(
                "error: the script's budget of {REWIND_SEEKS} seeks is spent"
            )) || text.contains("replayed time is spent"),
            "{text}"
        );
    }
}
