//! Rewind in the playground: what the session records (every input that changes the cluster,
//! with its virtual time: frames' advances, Apply, terminal lines and clicks, scripts,
//! settings), and the past view: seeking swaps the viewed cluster in (every view draws the
//! session's cluster, so they all show that moment), the present waits, and acting while
//! looking back offers a branch. `crate::rewind` does the recording and the replay.

use std::rc::Rc;

use super::{files_of, Action, Changed, Concern, Engine, Notice, Session};
use crate::cluster::{Cluster, Source};
use crate::kubectl::Output;
use crate::lesson::Lesson;
use crate::proxy::ProxyMode;
use crate::rewind::{input_marker, offset_text, Checkpoints, Cursor, Input, MarkerKind, Timeline};
use crate::scene::Scene;

/// One input of a playground session.
#[derive(Clone, Debug)]
pub enum Recorded {
    /// Frames' (or steps') advances of the clock, each as it was made (the controllers tick
    /// from each advance's start, so they are not summed).
    Advance(Vec<u32>),
    /// The Apply button, with the editor's text.
    Apply(Rc<str>),
    /// A terminal line or a click, with the text `-f playground.yaml` read and the lesson
    /// whose files `-f` could read.
    Run {
        command: Rc<str>,
        text: Rc<str>,
        lesson: Option<Rc<Lesson>>,
    },
    /// A script (an embedding page's, a link's).
    Script {
        script: Rc<str>,
        text: Rc<str>,
        lesson: Option<Rc<Lesson>>,
    },
    Rate(f64),
    Source(Source),
    Mode(ProxyMode),
}

/// An input as a marker: Apply, a command that changed the cluster, a setting.
fn marker_of(input: &Recorded) -> Option<(MarkerKind, String, String)> {
    let setting = |text: String| Some((MarkerKind::Setting, String::new(), text));
    match input {
        Recorded::Advance(_) => None,
        Recorded::Apply(_) => Some((
            MarkerKind::Apply,
            String::new(),
            format!("kubectl apply -f {}", super::EDITOR_FILE),
        )),
        Recorded::Run { command, .. } => {
            let words: Vec<&str> = command.split_whitespace().collect();
            crate::script::classify(&words).map(|(kind, object)| (kind, object, command.to_string()))
        }
        Recorded::Script { .. } => Some((MarkerKind::Mutation, String::new(), "script".into())),
        Recorded::Rate(rate) => setting(format!("podscape traffic rate {rate}")),
        Recorded::Source(source) => setting(format!(
            "podscape traffic source {}",
            if *source == Source::External {
                "external"
            } else {
                "frontend"
            }
        )),
        Recorded::Mode(mode) => setting(format!(
            "podscape proxy-mode {}",
            match mode {
                ProxyMode::Iptables => "iptables",
                ProxyMode::Ipvs => "ipvs",
                ProxyMode::Nftables => "nftables",
            }
        )),
    }
}

/// The most inputs a share link replays.
pub const LINK_INPUTS: usize = 50_000;
/// The most terminal lines and scripts a share link replays (each within a script's budget).
pub const LINK_COMMANDS: usize = 200;
/// The most virtual time a share link's replay runs.
pub const LINK_VIRTUAL_MS: u64 = 30 * 60_000;

fn escape(text: &str) -> String {
    text.replace('\\', "\\\\").replace('\n', "\\n")
}

fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match (c, c == '\\') {
            (_, true) => match chars.next() {
                Some('n') => out.push('\n'),
                Some(other) => out.push(other),
                None => {}
            },
            (c, false) => out.push(c),
        }
    }
    out
}

/// The most advances one recorded input folds together.
const ADVANCES_PER_INPUT: usize = 4_096;
/// The most virtual time one recorded input of advances spans: a checkpoint can be kept only
/// between inputs, so scrubbing a second at a time replays no more than about a second.
const ADVANCE_SPAN_MS: u64 = 1_000;

impl Input for Recorded {
    type Context<'a> = dyn Engine + 'a;

    fn replay(&self, cluster: &mut Cluster, engine: &Self::Context<'_>) {
        let lesson_files = |text: &Rc<str>, lesson: &Option<Rc<Lesson>>| {
            let text = text.to_string();
            let lesson = lesson.clone().map(crate::lesson::Run::new);
            move |path: &str| files_of(&text, &lesson)(path)
        };
        match self {
            Recorded::Advance(steps) => {
                for ms in steps {
                    cluster.advance(u64::from(*ms));
                }
            }
            Recorded::Apply(text) => {
                engine.apply(cluster, text);
            }
            Recorded::Run {
                command,
                text,
                lesson,
            } => {
                engine.run_line(cluster, command, &lesson_files(text, lesson));
            }
            Recorded::Script { script, text, lesson } => {
                engine.run_script(cluster, script, &lesson_files(text, lesson));
            }
            Recorded::Rate(rate) => cluster.set_request_rate(*rate),
            Recorded::Source(source) => cluster.set_traffic_source(*source),
            Recorded::Mode(mode) => cluster.set_proxy_mode(*mode),
        }
    }

    /// Commands set their own deadline (a script's budget): they run whole or not at all.
    fn cuttable(&self) -> bool {
        !matches!(self, Recorded::Run { .. } | Recorded::Script { .. })
    }

    fn merge(&mut self, next: &Self) -> bool {
        match (self, next) {
            (Recorded::Advance(steps), Recorded::Advance(more))
                if steps.len() + more.len() <= ADVANCES_PER_INPUT
                    && steps.iter().chain(more).map(|&ms| u64::from(ms)).sum::<u64>() <= ADVANCE_SPAN_MS =>
            {
                steps.extend_from_slice(more);
                true
            }
            _ => false,
        }
    }
}

/// Looking back: the live cluster waits here while the session's shows an earlier moment.
pub(super) struct Past {
    live: Cluster,
    /// Where the replay stands (to go on forward without a snapshot).
    next: usize,
    cut: bool,
    /// Replaying forward at this multiple of real time (`None`: still).
    speed: Option<f64>,
    /// What the learner did that would change the cluster: run once they branch.
    waiting: Option<Action>,
    carry_ms: f64,
    /// Kept along the seeks' replays while looking back (see [`Checkpoints`]).
    checkpoints: Checkpoints,
}

/// Rewind's work, which the session asks of its engine (`Engine::rewind`): in the browser it
/// runs in the lazily loaded code, so none of it weighs on the first load.
#[derive(Clone, Debug)]
pub enum RewindOp {
    /// An input that started at `t_ms` and left the cluster as it is now (`ok`: it did what
    /// it was asked: an Apply the API server took is a marker, a refused one is not).
    Record {
        t_ms: u64,
        input: Recorded,
        ok: bool,
    },
    /// A command that ran (a terminal line or a click), with its exit code.
    RecordRun {
        t_ms: u64,
        command: String,
        exit_code: i32,
    },
    /// A fresh timeline from the cluster as it is now (it booted).
    Restart,
    /// The learner's seek (a drag, a key, a marker).
    Seek(u64),
    Branch,
    Undo,
    Replay(Option<f64>),
    /// A frame while looking back.
    Frame(f64),
    /// A piece of work ahead while looking back, in the page's idle time (see
    /// [`Session::warm`]).
    Warm,
    /// An action while looking back: `true` if it was held (or run on the moment shown).
    Hold(Action),
    /// `podscape seek` / `podscape timeline` typed in the terminal: `true` if handled.
    Command(String),
    /// A share link's inputs and moment.
    Restore(String, Option<u64>),
}

impl Session {
    /// Does `op` (what `Engine::rewind` runs).
    #[doc(hidden)]
    pub fn rewind_apply(&mut self, engine: &dyn Engine, op: RewindOp) -> bool {
        match op {
            RewindOp::Record { t_ms, input, ok } => {
                let marker = if ok { marker_of(&input) } else { None };
                self.record_with(t_ms, input, marker);
                true
            }
            RewindOp::RecordRun {
                t_ms,
                command,
                exit_code,
            } => {
                self.record_run(engine, t_ms, &command, exit_code);
                true
            }
            RewindOp::Restart => {
                self.restart_timeline();
                true
            }
            RewindOp::Seek(t) => self.seek_to(engine, t),
            RewindOp::Branch => self.branch(engine),
            RewindOp::Undo => self.undo_branch(),
            RewindOp::Replay(speed) => self.set_replay(speed),
            RewindOp::Frame(wall_ms) => {
                self.past_frame(engine, wall_ms);
                true
            }
            RewindOp::Warm => self.warm_past(engine),
            RewindOp::Hold(action) => self.hold_while_past(engine, &action),
            RewindOp::Command(command) => match self.rewind_command(engine, &command) {
                Some(output) => {
                    self.print(&command, &output);
                    true
                }
                None => false,
            },
            RewindOp::Restore(inputs, at) => {
                self.restore(engine, &inputs, at);
                true
            }
        }
    }

    /// Records an input through the engine (the recording's code is lazily loaded).
    pub(super) fn record(&mut self, engine: &dyn Engine, t_ms: u64, input: Recorded, ok: bool) {
        engine.rewind(engine, self, RewindOp::Record { t_ms, input, ok });
    }

    fn record_with(&mut self, t_ms: u64, input: Recorded, marker: Option<(MarkerKind, String, String)>) {
        let marker = marker.map(|(kind, object, text)| input_marker(t_ms, kind, &object, &text));
        if let Some(timeline) = self.timeline.as_mut() {
            timeline.record(t_ms, input, None, &self.cluster, marker);
        }
    }

    /// Records a command that ran (a terminal line or a click) with its exit code.
    fn record_run(&mut self, engine: &dyn Engine, t_ms: u64, command: &str, exit_code: i32) {
        let words: Vec<&str> = command.split_whitespace().collect();
        let marker = (exit_code == 0)
            .then(|| crate::script::classify(&words))
            .flatten()
            .map(|(kind, object)| (kind, object, command.to_string()));
        let input = Recorded::Run {
            command: command.into(),
            text: self.text.as_str().into(),
            lesson: self.lesson.as_ref().map(|run| run.lesson.clone()),
        };
        let _ = engine;
        self.record_with(t_ms, input, marker);
    }

    /// A fresh timeline from the cluster as it is now (a new cluster booted).
    fn restart_timeline(&mut self) {
        self.past = None;
        self.timeline = Some(Timeline::new(&self.cluster));
    }

    /// Work ahead while a moment of the past is held still, for the page's idle time, a piece
    /// at a time (about an input's replay): the seeks a little earlier then go on from
    /// checkpoints close before them. `true` while there is more. Nothing shown changes, so it
    /// is not an [`Action`] and moves no revision.
    pub fn warm(&mut self, engine: &dyn Engine) -> bool {
        self.past.is_some() && engine.rewind(engine, self, RewindOp::Warm) == Some(true)
    }

    /// While looking back: the moment a seek to `target_ms` would replay from, with what is
    /// kept now (a snapshot, or a checkpoint of the seeks and the warming). For benches and
    /// tests.
    pub fn rewind_replays_from(&self, target_ms: u64) -> Option<u64> {
        let (past, timeline) = (self.past.as_ref()?, self.timeline.as_ref()?);
        timeline.replay_start(target_ms, &past.checkpoints)
    }

    /// Whether the session shows an earlier moment, and how long before the present.
    pub fn past_ms(&self) -> Option<u64> {
        self.past
            .as_ref()
            .map(|p| p.live.now_ms().saturating_sub(self.cluster.now_ms()))
    }

    /// Whether the past is being replayed forward, and at what speed.
    pub fn replaying(&self) -> Option<f64> {
        self.past.as_ref().and_then(|p| p.speed)
    }

    /// The action that waits for a branch (the learner acted while looking back).
    pub fn waiting_for_branch(&self) -> Option<&Action> {
        self.past.as_ref().and_then(|p| p.waiting.as_ref())
    }

    /// The timeline (`None` until the cluster has booted and the recording's code is here).
    pub fn timeline(&self) -> Option<&Timeline<Recorded>> {
        self.timeline.as_ref()
    }

    /// The present's time (the live cluster's clock, also while looking back).
    pub fn live_ms(&self) -> u64 {
        self.past
            .as_ref()
            .map_or(self.cluster.now_ms(), |p| p.live.now_ms())
    }

    /// While a moment of the past is held still, one piece of work that makes the next seeks
    /// back cheaper ([`Timeline::warm`]); nothing shown changes. `true` while there is more.
    fn warm_past(&mut self, engine: &dyn Engine) -> bool {
        match (&mut self.past, &self.timeline) {
            (Some(past), Some(timeline)) if past.speed.is_none() => {
                timeline.warm(engine, &mut past.checkpoints)
            }
            _ => false,
        }
    }

    /// Shows the cluster as it was at `target_ms` (at or after the present: live again).
    fn seek(&mut self, engine: &dyn Engine, target_ms: u64) -> bool {
        if target_ms >= self.live_ms() {
            return self.go_live();
        }
        let Some(timeline) = self.timeline.as_ref() else {
            return false;
        };
        // Older than the timeline holds (it was forgotten): the view stays where it was.
        let target_ms = target_ms.max(timeline.start_ms());
        let from = self.past.as_ref().map(|p| Cursor {
            cluster: std::mem::replace(&mut self.cluster, Cluster::bare(0)),
            next: p.next,
            cut: p.cut,
        });
        let mut checkpoints = self
            .past
            .as_mut()
            .map(|p| std::mem::take(&mut p.checkpoints))
            .unwrap_or_default();
        let Ok(cursor) = timeline.seek_keeping(target_ms, engine, from, Some(&mut checkpoints)) else {
            // Not reached: the timeline always holds its start. Back to the present, safely.
            self.go_live();
            return false;
        };
        let (next, cut) = (cursor.next, cursor.cut);
        let previous = std::mem::replace(&mut self.cluster, cursor.cluster);
        match &mut self.past {
            Some(past) => {
                past.next = next;
                past.cut = cut;
                past.checkpoints = checkpoints;
                self.show_moment();
                return true;
            }
            None => {
                self.past = Some(Past {
                    live: previous,
                    next,
                    cut,
                    speed: None,
                    waiting: None,
                    carry_ms: 0.0,
                    checkpoints,
                })
            }
        }
        self.show_other_cluster();
        true
    }

    /// A seek the learner made (a drag, a key, a marker): the history says so, once per
    /// stretch of seeks (`podscape seek T`, as the terminal would run it; lessons check it).
    fn seek_to(&mut self, engine: &dyn Engine, target_ms: u64) -> bool {
        let moved = self.seek(engine, target_ms);
        if let (Some(_), Some(timeline)) = (&self.past, &self.timeline) {
            let line = format!(
                "podscape seek {}",
                offset_text(self.cluster.now_ms().saturating_sub(timeline.start_ms()))
            );
            let history = Rc::make_mut(&mut self.history);
            match history.last_mut() {
                Some(last) if last.starts_with("podscape seek ") => *last = line,
                _ => history.push(line),
            }
        }
        moved
    }

    /// `podscape seek T` (the session's own time: 0 when its cluster booted) and `podscape
    /// timeline [-o json]` typed in the terminal; `None` for any other line.
    fn rewind_command(&mut self, engine: &dyn Engine, command: &str) -> Option<Output> {
        let words: Vec<&str> = command.split_whitespace().collect();
        let error = |message: String| Output {
            stderr: format!("error: {message}\n"),
            exit_code: 1,
            ..Output::default()
        };
        let start = self.timeline.as_ref()?.start_ms();
        match words.as_slice() {
            ["podscape", "seek", at] => Some(match crate::script::parse_duration(at) {
                None => error(format!("invalid time \"{at}\": use a duration like 45s or 2m")),
                Some(offset) if start.saturating_add(offset) > self.live_ms() => error(format!(
                    "cannot seek to {at}: it is in the future (the session is at {})",
                    offset_text(self.live_ms().saturating_sub(start))
                )),
                Some(offset) => {
                    self.seek(engine, start + offset);
                    Output {
                        stdout: format!(
                            "Viewing {}: the timeline's Live returns to the present.\n",
                            offset_text(offset)
                        ),
                        ..Output::default()
                    }
                }
            }),
            ["podscape", "timeline"] | ["podscape", "timeline", "-o", "json"] => Some(Output {
                stdout: crate::script::markers_text(
                    self.timeline.as_ref()?.markers().iter(),
                    start,
                    words.len() == 4,
                ),
                ..Output::default()
            }),
            _ => None,
        }
    }

    /// The recorded inputs as text, for a share link (`share::Shared::rewind`): a line each,
    /// `a MS MS…` advances, `y TEXT` Apply, `e TEXT` the editor's text `-f` reads from then
    /// on, `k LINE` a terminal line, `s SCRIPT` a script, `r TENTHS` the traffic rate, `o e|f`
    /// its source, `m MODE` kube-proxy's mode; texts with `\\` and `\n` escaped. A lesson's
    /// own files are not carried (the link's lesson brings them).
    pub fn rewind_text(&self) -> String {
        let mut out = String::new();
        let mut editor: Option<&str> = None;
        let Some(timeline) = &self.timeline else {
            return out;
        };
        for (_, input) in timeline.recorded() {
            let text_line = |text: &Rc<str>, out: &mut String| {
                if editor != Some(&**text) {
                    out.push_str("e ");
                    out.push_str(&escape(text));
                    out.push('\n');
                }
            };
            match input {
                Recorded::Advance(steps) => {
                    out.push('a');
                    for ms in steps {
                        out.push(' ');
                        out.push_str(&ms.to_string());
                    }
                }
                Recorded::Apply(text) => {
                    out.push_str("y ");
                    out.push_str(&escape(text));
                }
                Recorded::Run { command, text, .. } => {
                    text_line(text, &mut out);
                    editor = Some(text);
                    out.push_str("k ");
                    out.push_str(&escape(command));
                }
                Recorded::Script { script, text, .. } => {
                    text_line(text, &mut out);
                    editor = Some(text);
                    out.push_str("s ");
                    out.push_str(&escape(script));
                }
                Recorded::Rate(rate) => {
                    out.push_str("r ");
                    out.push_str(&((rate * 10.0).round() as i64).to_string());
                }
                Recorded::Source(source) => {
                    out.push_str(if *source == Source::External { "o e" } else { "o f" })
                }
                Recorded::Mode(mode) => out.push_str(match mode {
                    ProxyMode::Iptables => "m iptables",
                    ProxyMode::Ipvs => "m ipvs",
                    ProxyMode::Nftables => "m nftables",
                }),
            }
            out.push('\n');
        }
        out
    }

    /// The text the session's cluster booted with (a share link's manifests).
    pub fn booted_text(&self) -> &str {
        &self.booted
    }

    /// A share link's inputs replayed from the booted cluster (recorded as this session's
    /// own), then the moment `at_ms` after the start shown. Bounded: at most
    /// [`LINK_INPUTS`] inputs and [`LINK_VIRTUAL_MS`] of virtual time; what is malformed or
    /// past the bounds is not replayed.
    fn restore(&mut self, engine: &dyn Engine, inputs: &str, at_ms: Option<u64>) {
        self.go_live();
        let Some(start) = self.timeline.as_ref().map(Timeline::start_ms) else {
            return;
        };
        let mut editor: Rc<str> = self.text.as_str().into();
        let mut runs = 0;
        for line in inputs.lines().take(LINK_INPUTS) {
            if self.cluster.now_ms().saturating_sub(start) > LINK_VIRTUAL_MS {
                break;
            }
            let (tag, rest) = line.split_once(' ').unwrap_or((line, ""));
            let input = match tag {
                "e" => {
                    editor = unescape(rest).into();
                    continue;
                }
                "a" => {
                    let steps: Option<Vec<u32>> = rest
                        .split(' ')
                        .map(|n| {
                            n.parse::<u32>()
                                .ok()
                                .filter(|&ms| u64::from(ms) <= crate::budget::SCRIPT_VIRTUAL_MS)
                        })
                        .collect();
                    match steps {
                        Some(steps) if steps.len() <= ADVANCES_PER_INPUT => Recorded::Advance(steps),
                        _ => break,
                    }
                }
                "y" => Recorded::Apply(unescape(rest).into()),
                "k" | "s" if runs >= LINK_COMMANDS => break,
                "k" => {
                    runs += 1;
                    Recorded::Run {
                        command: unescape(rest).into(),
                        text: editor.clone(),
                        lesson: None,
                    }
                }
                "s" => {
                    runs += 1;
                    Recorded::Script {
                        script: unescape(rest).into(),
                        text: editor.clone(),
                        lesson: None,
                    }
                }
                "r" => match rest.parse::<u16>() {
                    Ok(tenths) if tenths <= 500 => Recorded::Rate(f64::from(tenths) / 10.0),
                    _ => break,
                },
                "o" => Recorded::Source(if rest == "e" {
                    Source::External
                } else {
                    Source::Frontend
                }),
                "m" => match rest {
                    "iptables" => Recorded::Mode(ProxyMode::Iptables),
                    "ipvs" => Recorded::Mode(ProxyMode::Ipvs),
                    "nftables" => Recorded::Mode(ProxyMode::Nftables),
                    _ => break,
                },
                _ => break,
            };
            let t = self.cluster.now_ms();
            // A link's run is bounded like a script: the clock never passes the link's bound.
            self.cluster
                .set_deadline(Some(start + LINK_VIRTUAL_MS + crate::budget::SCRIPT_VIRTUAL_MS));
            input.replay(&mut self.cluster, engine);
            self.cluster.set_deadline(None);
            let marker = marker_of(&input);
            self.record_with(t, input, marker);
        }
        self.rate = self.cluster.traffic().rate;
        self.show_other_cluster();
        if let Some(at) = at_ms {
            self.seek_to(engine, start.saturating_add(at));
        }
    }

    /// Back to the present (what waited for a branch is dropped).
    pub(super) fn go_live(&mut self) -> bool {
        let Some(past) = self.past.take() else {
            return false;
        };
        self.cluster = past.live;
        self.drop_notice(Notice::Scrubbed);
        self.show_other_cluster();
        true
    }

    /// A new future from the moment shown: the later inputs are set aside (undoable), the
    /// shown cluster is the present, and what the learner did runs on it.
    fn branch(&mut self, engine: &dyn Engine) -> bool {
        let (Some(past), Some(timeline)) = (self.past.take(), self.timeline.as_mut()) else {
            return false;
        };
        let cursor = Cursor {
            cluster: std::mem::replace(&mut self.cluster, Cluster::bare(0)),
            next: past.next,
            cut: past.cut,
        };
        timeline.branch(&cursor, past.live);
        self.cluster = cursor.cluster;
        self.drop_notice(Notice::Scrubbed);
        self.notify(Notice::Branched);
        self.show_other_cluster();
        if let Some(action) = past.waiting {
            self.handle(engine, action);
        }
        true
    }

    /// Brings back the future the last branch set aside.
    fn undo_branch(&mut self) -> bool {
        self.past = None;
        let Some(live) = self.timeline.as_mut().and_then(Timeline::undo_branch) else {
            return false;
        };
        self.cluster = live;
        self.drop_notice(Notice::Branched);
        self.drop_notice(Notice::Scrubbed);
        self.show_other_cluster();
        true
    }

    /// Replays forward from the moment shown at `speed` (`None`: stops).
    fn set_replay(&mut self, speed: Option<f64>) -> bool {
        match &mut self.past {
            Some(past) => {
                past.speed = speed.map(|s| s.clamp(0.1, super::MAX_SPEED));
                past.carry_ms = 0.0;
                true
            }
            None => false,
        }
    }

    /// A frame while looking back: a replay goes on (live again once it reaches the present).
    fn past_frame(&mut self, engine: &dyn Engine, wall_ms: f64) {
        let Some(past) = &mut self.past else {
            return;
        };
        let Some(speed) = past.speed else {
            return;
        };
        past.carry_ms += wall_ms.clamp(0.0, 100.0) * speed;
        let whole = past.carry_ms.floor();
        past.carry_ms -= whole;
        let target = self.cluster.now_ms() + whole as u64;
        self.seek(engine, target);
    }

    /// While looking back, an action that would change the cluster waits for the learner's
    /// choice (branch, or back to live). Reads in the terminal run against the moment shown
    /// (on a copy: a command that moved its clock or changed it waits too). `true`: handled.
    fn hold_while_past(&mut self, engine: &dyn Engine, action: &Action) -> bool {
        if self.past.is_none() {
            return false;
        }
        let changes = match action {
            Action::Apply
            | Action::RunScript(_)
            | Action::Load(_)
            | Action::SetRate(_)
            | Action::SetExternal(_)
            | Action::SetProxyMode(_)
            | Action::Step(_) => true,
            Action::Run(command)
                if command.trim_start().starts_with("podscape seek")
                    || command.trim_start().starts_with("podscape timeline") =>
            {
                false
            }
            Action::Run(command) => {
                let command = command.trim();
                let words: Vec<&str> = command.split_whitespace().collect();
                if command.is_empty() || command == "clear" || crate::script::classify(&words).is_some() {
                    !command.is_empty() && command != "clear"
                } else {
                    let mut copy = self.cluster.clone();
                    let step = {
                        let files = files_of(&self.text, &self.lesson);
                        engine.run_line(&mut copy, command, &files)
                    };
                    match step {
                        Some(step) if copy.now_ms() == self.cluster.now_ms() => {
                            let output = step
                                .map(|s| Output {
                                    stdout: s.stdout,
                                    stderr: s.stderr,
                                    exit_code: s.exit_code,
                                })
                                .unwrap_or_default();
                            self.print(command, &output);
                            Rc::make_mut(&mut self.history).push(command.to_string());
                            self.touch(Changed::STATE);
                            return true;
                        }
                        _ => true,
                    }
                }
            }
            _ => false,
        };
        if changes {
            if let Some(past) = &mut self.past {
                past.waiting = Some(action.clone());
            }
            self.notify(Notice::Scrubbed);
            self.touch(Changed::STATE);
        }
        changes
    }

    fn drop_notice(&mut self, notice: Notice) {
        if self.notices.contains(&notice) {
            Rc::make_mut(&mut self.notices).retain(|n| *n != notice);
        }
    }

    /// Another cluster is shown: its scenes cannot build on the other's.
    fn show_other_cluster(&mut self) {
        self.scene = Rc::new(self.drawn(Scene::with_layout(&self.cluster, self.layout)));
        // The header's clock shows the moment shown too.
        self.clock_ms = self.scene.now_ms;
        self.walk = None;
        for concern in Concern::ALL {
            if concern != Concern::Save {
                self.changed.add(concern);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Native, Start, Tab};
    use super::*;
    use crate::kubectl;

    fn native() -> Native {
        Native::default()
    }

    fn view(cluster: &Cluster) -> String {
        let mut c = cluster.clone();
        [
            "kubectl get pods -A -o wide",
            "kubectl get endpointslices -A",
            "kubectl get events -A",
            "kubectl get deploy -A",
        ]
        .iter()
        .map(|l| kubectl::run(&mut c, l, &|_: &str| None).stdout)
        .collect()
    }

    /// A session that ran a while: frames, a scale typed in the terminal, a traffic change.
    fn busy() -> (Session, Vec<(u64, String)>) {
        let mut s = Session::new(&native(), Start::default());
        let mut seen = Vec::new();
        for i in 0..400 {
            s.apply(&native(), Action::Frame(16.0 + (i % 3) as f64));
            if i % 40 == 0 {
                seen.push((s.cluster().now_ms(), view(s.cluster())));
            }
            if i == 100 {
                s.apply(
                    &native(),
                    Action::Run("kubectl scale deployment image-processor --replicas=4".into()),
                );
            }
            if i == 200 {
                s.apply(&native(), Action::SetRate(9.0));
                s.apply(&native(), Action::Run("kubectl get pods".into()));
            }
        }
        (s, seen)
    }

    /// Snapshots share the cluster's parts until they change (copied on write: the event
    /// recorder, the flow log's chunks, pods' templates, environments, labels and annotations,
    /// the nodes' rules): a copy shows its moment whatever the cluster it was taken from does
    /// next, and goes on from there exactly as that cluster does.
    #[test]
    fn a_snapshot_is_untouched_by_the_live_cluster_and_goes_on_alike() {
        let (s, _) = busy();
        let mut live = s.cluster().clone();
        let snapshot = live.clone();
        let then = view(&snapshot);
        let pod = snapshot
            .pods()
            .iter()
            .rev()
            .find(|p| p.namespace == "default")
            .unwrap()
            .name
            .clone();
        let lines = [
            format!("kubectl label pod {pod} rewound=yes"),
            format!("kubectl annotate pod {pod} note=y"),
            format!("kubectl delete pod {pod} --wait=false"),
            "kubectl scale deployment image-processor --replicas=1".to_string(),
        ];
        let act = |c: &mut Cluster| {
            let mut out = String::new();
            for line in &lines {
                let o = kubectl::run(c, line, &|_: &str| None);
                out += &o.stdout;
                out += &o.stderr;
                c.advance(7_000);
            }
            c.advance(30_000);
            out
        };
        let said = act(&mut live);
        assert!(said.contains("labeled") && said.contains("scaled"), "{said}");
        assert_ne!(view(&live), then, "the live cluster moved on");
        assert_eq!(view(&snapshot), then, "the snapshot did not");
        let mut restored = snapshot.clone();
        assert_eq!(act(&mut restored), said);
        assert_eq!(view(&restored), view(&live));
        assert_eq!(view(&snapshot), then);
    }

    #[test]
    fn seeking_shows_every_view_as_it_was_and_live_comes_back() {
        let (mut s, seen) = busy();
        let live = view(s.cluster());
        assert!(s
            .timeline()
            .unwrap()
            .markers()
            .iter()
            .any(|m| m.kind == MarkerKind::Mutation));
        for (t, before) in seen.iter().skip(1) {
            s.apply(&native(), Action::Seek(*t));
            assert_eq!(s.cluster().now_ms(), *t);
            assert_eq!(&view(s.cluster()), before, "at {t}");
            assert_eq!(s.scene().now_ms, *t, "the stage draws that moment");
            assert_eq!(s.clock_ms(), *t, "and the clock shows it");
            assert!(s.past_ms().is_some());
        }
        // Frames do not move the present while looking back.
        s.apply(&native(), Action::Frame(16.0));
        s.apply(&native(), Action::Live);
        assert_eq!(s.past_ms(), None);
        assert_eq!(view(s.cluster()), live);
    }

    /// From one moment of the past to another, the whole app is marked for drawing only when
    /// an object changed or a view that follows the cluster is open; the clock always.
    #[test]
    fn a_seek_within_the_past_marks_the_app_only_when_it_must() {
        let mut s = Session::new(&native(), Start::default());
        for _ in 0..40 {
            s.apply(&native(), Action::Step(1_000));
        }
        let live = s.live_ms();
        let entered = s.apply(&native(), Action::Seek(live - 5_000));
        assert!(entered.contains(Concern::View), "entering the past draws the app");
        let next = s.apply(&native(), Action::Seek(live - 6_000));
        assert!(next.contains(Concern::Clock), "the clock is the moment");
        assert!(!next.contains(Concern::View), "nothing but the moment changed");
        assert_eq!(s.cluster().now_ms(), live - 6_000);
        s.apply(&native(), Action::SetTab(Tab::Objects));
        let objects = s.apply(&native(), Action::Seek(live - 7_000));
        assert!(
            objects.contains(Concern::View),
            "the Objects tab follows the cluster"
        );
        s.apply(&native(), Action::SetTab(Tab::Terminal));
        // Back before the image-processor's pods were ready: objects changed.
        let changed = s.apply(&native(), Action::Seek(s.timeline().unwrap().start_ms() + 500));
        assert!(changed.contains(Concern::View), "pods changed");
        let left = s.apply(&native(), Action::Seek(live));
        assert!(
            left.contains(Concern::View) && s.past_ms().is_none(),
            "live again draws the app"
        );
    }

    /// Between seeks, the page's idle time warms ahead (`Session::warm`): every seek back a
    /// second then replays at most about a second, and still shows the moment as it was.
    #[test]
    fn warming_between_seeks_keeps_each_seek_back_short_and_true() {
        let mut s = Session::new(&native(), Start::default());
        s.apply(&native(), Action::SetRate(10.0));
        assert!(!s.warm(&native()), "nothing to warm while live");
        let mut seen = Vec::new();
        for i in 0..90 {
            // Frames of a sixtieth of a second: recorded as inputs of at most a second.
            for _ in 0..60 {
                s.apply(&native(), Action::Frame(1_000.0 / 60.0));
            }
            seen.push((s.cluster().now_ms(), view(s.cluster())));
            if i == 45 {
                s.apply(
                    &native(),
                    Action::Run("kubectl scale deployment image-processor --replicas=5".into()),
                );
            }
        }
        let timeline = s.timeline().unwrap();
        assert!(timeline.inputs() >= 90, "{} inputs", timeline.inputs());
        let mut longest = 0;
        for (t, then) in seen.iter().rev().skip(1).take(60) {
            if let Some(from) = s.rewind_replays_from(*t) {
                longest = longest.max(t - from);
            }
            s.apply(&native(), Action::Seek(*t));
            assert_eq!(&view(s.cluster()), then, "at {t}");
            let mut pieces = 0;
            while s.warm(&native()) {
                pieces += 1;
                assert!(pieces < 500, "warming ends");
            }
        }
        assert!(longest <= 2_000, "a seek back replayed {longest} ms");
        // Replaying forward, the past moves on: nothing to warm.
        s.apply(&native(), Action::Replay(Some(1.0)));
        assert!(!s.warm(&native()));
    }

    /// Scrubbing back a second at a time goes on from the checkpoints the previous seeks kept
    /// (not from a snapshot further back), and every moment is the live run's, byte for byte.
    #[test]
    fn scrubbing_back_through_checkpoints_shows_each_moment_as_it_was() {
        let mut s = Session::new(&native(), Start::default());
        s.apply(&native(), Action::SetRate(10.0));
        let mut seen = Vec::new();
        for i in 0..60 {
            s.apply(&native(), Action::Step(1_000));
            // A command each second: inputs a second long, several between two snapshots.
            s.apply(&native(), Action::Run("kubectl get pods".into()));
            seen.push((s.cluster().now_ms(), view(s.cluster())));
            if i == 30 {
                s.apply(
                    &native(),
                    Action::Run("kubectl scale deployment image-processor --replicas=5".into()),
                );
            }
        }
        let timeline = s.timeline().unwrap();
        assert!(
            timeline.snapshot_count() >= 5,
            "{} snapshots",
            timeline.snapshot_count()
        );
        for (t, then) in seen.iter().rev().skip(1) {
            s.apply(&native(), Action::Seek(*t));
            assert_eq!(s.cluster().now_ms(), *t);
            assert_eq!(&view(s.cluster()), then, "at {t}");
        }
        let kept = s.past.as_ref().map_or(0, |p| p.checkpoints.len());
        assert!(kept >= 10, "{kept} checkpoints kept");
        // Forward again, each from a checkpoint or the moment shown: still the live run's.
        for (t, then) in seen.iter().step_by(7) {
            s.apply(&native(), Action::Seek(*t));
            assert_eq!(&view(s.cluster()), then, "at {t}");
        }
        s.apply(&native(), Action::Live);
        assert!(s.past.is_none(), "the checkpoints go with the view of the past");
    }

    #[test]
    fn the_recorded_session_replays_to_the_live_run() {
        let (s, _) = busy();
        let replayed = s.timeline().unwrap().replay_all(&native()).expect("replays");
        assert_eq!(view(&replayed), view(s.cluster()));
    }

    #[test]
    fn acting_in_the_past_offers_a_branch_and_undo_brings_the_future_back() {
        let (mut s, seen) = busy();
        let live = view(s.cluster());
        let (t, before) = &seen[2];
        s.apply(&native(), Action::Seek(*t));
        // A read runs against the moment shown.
        s.apply(
            &native(),
            Action::Run("kubectl get deploy image-processor".into()),
        );
        assert!(s.notices().is_empty());
        s.apply(
            &native(),
            Action::Run("kubectl scale deployment image-processor --replicas=1".into()),
        );
        assert!(s.notices().contains(&Notice::Scrubbed));
        assert!(s.waiting_for_branch().is_some());
        assert_eq!(&view(s.cluster()), before, "nothing ran yet");
        s.apply(&native(), Action::Branch);
        assert_eq!(s.past_ms(), None);
        assert_eq!(s.timeline().unwrap().live_ms(), *t);
        let printed: Vec<&str> = s.terminal().iter().map(|l| l.text.as_str()).collect();
        assert!(
            printed.contains(&"deployment.apps/image-processor scaled"),
            "{printed:?}"
        );
        assert_ne!(&view(s.cluster()), before);
        for _ in 0..30 {
            s.apply(&native(), Action::Frame(16.0));
        }
        s.apply(&native(), Action::UndoBranch);
        assert_eq!(view(s.cluster()), live);
    }

    #[test]
    fn a_replay_runs_forward_to_the_present() {
        let (mut s, seen) = busy();
        let live = view(s.cluster());
        s.apply(&native(), Action::Seek(seen[5].0));
        s.apply(&native(), Action::Replay(Some(10.0)));
        for _ in 0..200 {
            s.apply(&native(), Action::Frame(100.0));
            if s.past_ms().is_none() {
                break;
            }
        }
        assert_eq!(s.past_ms(), None, "the replay reached the present");
        assert_eq!(view(s.cluster()), live);
    }

    #[test]
    fn a_shared_moment_replays_to_what_the_sender_saw() {
        let (mut sender, seen) = busy();
        let start = sender.timeline().unwrap().start_ms();
        let (t, then) = &seen[6];
        let inputs = sender.rewind_text();
        let mut receiver = Session::new(
            &native(),
            Start {
                shared: Some(sender.booted_text().to_string()),
                ..Start::default()
            },
        );
        receiver.apply(&native(), Action::Restore(inputs.clone(), Some(t - start)));
        assert_eq!(&view(receiver.cluster()), then, "the moment shared");
        assert!(receiver.past_ms().is_some(), "shown as the past");
        receiver.apply(&native(), Action::Live);
        sender.apply(&native(), Action::Live);
        assert_eq!(
            view(receiver.cluster()),
            view(sender.cluster()),
            "and its present"
        );
        assert_eq!(receiver.rewind_text(), inputs);
    }

    #[test]
    fn a_hostile_shared_timeline_is_bounded() {
        let mut s = Session::new(&native(), Start::default());
        let start = s.timeline().unwrap().start_ms();
        let mut inputs = String::new();
        for _ in 0..400 {
            inputs.push_str("a 600000\nk kubectl wait --for=delete pod/nothing --timeout=-1s\n");
        }
        inputs.push_str("x what\n");
        s.apply(&native(), Action::Restore(inputs, Some(u64::MAX)));
        let ran = s.live_ms() - start;
        assert!(
            ran <= LINK_VIRTUAL_MS + 2 * crate::budget::SCRIPT_VIRTUAL_MS,
            "{ran}"
        );
        assert_eq!(s.past_ms(), None, "a moment past the present is the present");
    }

    #[test]
    fn the_terminal_seeks_and_lists_the_timeline() {
        let (mut s, _) = busy();
        s.apply(&native(), Action::Run("podscape seek 2s".into()));
        assert_eq!(s.cluster().now_ms(), s.timeline().unwrap().start_ms() + 2_000);
        assert!(s.history().last().is_some_and(|c| c == "podscape seek 2s"));
        s.apply(&native(), Action::Run("podscape timeline".into()));
        let printed: Vec<&str> = s.terminal().iter().map(|l| l.text.as_str()).collect();
        assert!(
            printed
                .iter()
                .any(|l| l.starts_with("TIME") && l.contains("KIND")),
            "{printed:?}"
        );
        s.apply(&native(), Action::Run("podscape seek 99m".into()));
        let printed: Vec<&str> = s.terminal().iter().map(|l| l.text.as_str()).collect();
        assert!(
            printed
                .iter()
                .any(|l| l.starts_with("error: cannot seek to 99m: it is in the future")),
            "{printed:?}"
        );
    }

    #[test]
    fn a_link_of_steps_and_a_scale_opens_before_the_scale() {
        let mut inputs = "a 1000\n".repeat(10);
        inputs.push_str("k kubectl scale deployment/image-processor --replicas=5\n");
        inputs.push_str(&"a 1000\n".repeat(10));
        let mut s = Session::new(
            &native(),
            Start {
                shared: Some(crate::scenario::DEFAULT_YAML.to_string()),
                ..Start::default()
            },
        );
        s.apply(&native(), Action::Restore(inputs, Some(9_000)));
        assert_eq!(s.past_ms(), Some(11_000));
        assert!(s
            .timeline()
            .unwrap()
            .markers()
            .iter()
            .any(|m| m.kind == MarkerKind::Mutation));
    }
}
