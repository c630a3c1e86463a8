//! Rewind: a session's inputs with their virtual times, snapshots of the cluster at intervals,
//! and a timeline of markers (what happened, when). Any moment the timeline still holds can be
//! rebuilt: [`Timeline::seek`] restores the nearest snapshot at or before it and replays the
//! inputs forward. The core is deterministic (one clock, one seeded RNG), so a replay is the
//! run itself: the same inputs give the same cluster, byte for byte in every view.
//!
//! Acting at an earlier moment branches ([`Timeline::branch`]): the inputs after it are set
//! aside, with their snapshots and markers, and [`Timeline::undo_branch`] brings them back.
//!
//! This module knows nothing of what an input is: a script's line, a session's frame or Apply.
//! Each front end gives its inputs a [`Input::replay`]; markers are derived here from the
//! cluster (events, pods, endpoints, failed requests), never by the controllers.
//!
//! Invariant (tested in `script.rs` and `session/tests.rs`): replaying the recorded inputs
//! from the first snapshot gives the live run's cluster.

use std::collections::{BTreeMap, VecDeque};
use std::rc::Rc;

use crate::cluster::Cluster;

/// A snapshot is taken at least this much virtual time after the last one (at the next
/// input's end: snapshots are only taken between inputs), and a multiple of it for a snapshot
/// that shares less than all but 4 MiB with the previous one (see
/// [`Cluster::unshared_bytes`]).
pub const SNAPSHOT_EVERY_MS: u64 = 5_000;
/// The most snapshots kept; past it the older ones are thinned.
pub const MAX_SNAPSHOTS: usize = 512;
/// What the snapshots may cost together: each counts what it does not share with the one
/// before it ([`Cluster::unshared_bytes`]). With the inputs and markers, a timeline stays under
/// 64 MB (measured in `crates/podscape-cli/benches/rewind.rs`).
pub const MAX_SNAPSHOT_BYTES: usize = 56 << 20;
/// How the thinning weighs what changed in a gap against its length: a snapshot's unshared
/// bytes over this count as that many milliseconds of replay (1 MB of new pods and events
/// replays about as long as 10 s of steady traffic, as the native rewind bench measures).
const WORK_BYTES_PER_MS: u64 = 100;
/// The most inputs a timeline holds: past it, it starts again from the present (older moments
/// are forgotten).
pub const MAX_INPUTS: usize = 250_000;
/// The most markers kept (the oldest go first).
pub const MAX_MARKERS: usize = 4_096;
/// Markers found by looking at the cluster (endpoints, failed requests) are looked for at most
/// this often; those with a timestamp of their own (events, pods) keep it.
pub const SCAN_EVERY_MS: u64 = 1_000;
/// The most markers one scan adds (a rollout of hundreds of pods is summarised).
const MAX_MARKERS_PER_SCAN: usize = 64;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum MarkerKind {
    /// `kubectl apply`/`create`/`replace`, the Apply button.
    Apply,
    /// Any other command that changes the cluster (scale, delete, set image, rollout undo, …).
    Mutation,
    /// A fault the learner injected (`podscape crash`, `node-down`, a click).
    Fault,
    /// A setting: traffic rate or source, kube-proxy's mode.
    Setting,
    Created,
    Ready,
    Terminated,
    /// A Service's ready endpoints changed.
    Endpoints,
    /// Requests that got no answer from a pod.
    Failed,
    /// The deployment controller scaled a ReplicaSet.
    Rollout,
    /// A Warning event.
    Warning,
}

impl MarkerKind {
    pub const ALL: [MarkerKind; 11] = [
        MarkerKind::Apply,
        MarkerKind::Mutation,
        MarkerKind::Fault,
        MarkerKind::Setting,
        MarkerKind::Created,
        MarkerKind::Ready,
        MarkerKind::Terminated,
        MarkerKind::Endpoints,
        MarkerKind::Failed,
        MarkerKind::Rollout,
        MarkerKind::Warning,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            MarkerKind::Apply => "apply",
            MarkerKind::Mutation => "mutation",
            MarkerKind::Fault => "fault",
            MarkerKind::Setting => "setting",
            MarkerKind::Created => "created",
            MarkerKind::Ready => "ready",
            MarkerKind::Terminated => "terminated",
            MarkerKind::Endpoints => "endpoints",
            MarkerKind::Failed => "failed",
            MarkerKind::Rollout => "rollout",
            MarkerKind::Warning => "warning",
        }
    }

    /// Whether the marker stands for an input (it goes when its input is discarded).
    pub fn is_input(self) -> bool {
        matches!(
            self,
            MarkerKind::Apply | MarkerKind::Mutation | MarkerKind::Fault | MarkerKind::Setting
        )
    }
}

/// One thing that happened: when (the cluster's virtual time), what kind, on what object
/// (`deployment/web`, `service/default/web`; empty when none), and a line of text.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Marker {
    pub t_ms: u64,
    pub kind: MarkerKind,
    pub object: String,
    pub text: String,
}

/// What the caller of a recording describes: an input that changed the cluster, as a marker.
pub fn input_marker(t_ms: u64, kind: MarkerKind, object: &str, text: &str) -> Marker {
    Marker {
        t_ms,
        kind,
        object: object.to_string(),
        text: text.chars().take(200).collect(),
    }
}

/// An input a front end records; replaying it does to the cluster what it did live.
pub trait Input: Clone {
    /// What replaying needs besides the cluster (the files `-f` reads, an engine).
    type Context<'a>: ?Sized;
    /// Does it again. The clock never moves past the cluster's deadline when the input
    /// honours it ([`Input::cuttable`]).
    fn replay(&self, cluster: &mut Cluster, context: &Self::Context<'_>);
    /// Whether the input stops at the cluster's deadline (so a seek can land inside it); one
    /// that does not is replayed whole or not at all.
    fn cuttable(&self) -> bool {
        true
    }
    /// Folds `next` (recorded just after `self`, nothing between) into `self`, if it can.
    fn merge(&mut self, _next: &Self) -> bool {
        false
    }
}

#[derive(Clone, Debug)]
struct Entry<I> {
    t_ms: u64,
    /// When it ended (the cluster's clock after it).
    end_ms: u64,
    /// The deadline it ran with (a script's budget, or a branch's cut).
    cap_ms: Option<u64>,
    input: I,
}

#[derive(Clone)]
struct Snapshot {
    t_ms: u64,
    /// How many entries had been applied: replay goes on from `entries[next]`.
    next: usize,
    bytes: usize,
    cluster: Rc<Cluster>,
}

/// The state of the marker scan: the newest time looked at, and each Service's ready endpoints.
#[derive(Clone, Debug, Default)]
struct Scan {
    last_ms: u64,
    endpoints: BTreeMap<String, Vec<String>>,
}

/// A future set aside by a branch.
#[derive(Clone)]
struct Discarded<I> {
    entries: Vec<Entry<I>>,
    snapshots: Vec<Snapshot>,
    markers: VecDeque<Marker>,
    scan: Scan,
    live_ms: u64,
    /// The live cluster at the end of that future.
    cluster: Rc<Cluster>,
}

/// Why a moment cannot be restored.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SeekError {
    /// Later than the present.
    Future,
    /// Earlier than the oldest moment kept.
    Forgotten,
}

/// A cluster rebuilt at a moment, and where the replay stands (to go on forward from it).
#[derive(Clone)]
pub struct Cursor {
    pub cluster: Cluster,
    /// Entries applied so far.
    pub(crate) next: usize,
    /// The last entry was cut short at the target: the replay cannot go on from here.
    pub(crate) cut: bool,
}

impl Cursor {
    pub fn now_ms(&self) -> u64 {
        self.cluster.now_ms()
    }
}

/// Clusters kept along seeks' replays, at the end of whole inputs, at least
/// [`CHECKPOINT_EVERY_MS`] apart: the next seek a little earlier goes on from one of them
/// rather than from a snapshot further back, so scrubbing back a second at a time replays at
/// most about one input instead of up to a snapshot's gap. A front end keeps them while it
/// looks back and drops them with that view: they belong to the timeline as it was when they
/// were taken, which changes only by recording, branching or undoing.
///
/// They are also made ahead of the learner ([`Timeline::warm`], in a front end's idle time):
/// the moments up to [`WARM_BEHIND_MS`] before the one shown get a checkpoint close before
/// them, so that scrubbing back into the previous snapshot's gap replays no more than a
/// second or one input, as everywhere else.
#[derive(Clone, Default)]
pub struct Checkpoints {
    kept: Vec<Cursor>,
    /// The moment last sought: the checkpoints farthest from it go first.
    focus_ms: u64,
    /// The earliest moment [`Timeline::warm`] has replayed towards since that seek.
    tried_ms: u64,
    /// The replay [`Timeline::warm`] has under way.
    warming: Option<Warming>,
}

/// A replay towards `target_ms`, which stops before `entries[until]`.
#[derive(Clone)]
struct Warming {
    cursor: Cursor,
    until: usize,
    target_ms: u64,
}

/// Where a seek goes on from.
// Made and taken apart once per seek, on the stack: boxing the cursor would only allocate.
#[allow(clippy::large_enum_variant)]
enum Start<'t> {
    /// The cursor of the previous seek.
    Cursor(Cursor),
    Kept(&'t Cursor),
    Snapshot(&'t Snapshot),
}

impl Start<'_> {
    fn ms(&self) -> u64 {
        match self {
            Start::Cursor(c) => c.now_ms(),
            Start::Kept(c) => c.now_ms(),
            Start::Snapshot(s) => s.t_ms,
        }
    }

    /// The entry it replays first.
    fn next(&self) -> usize {
        match self {
            Start::Cursor(c) => c.next,
            Start::Kept(c) => c.next,
            Start::Snapshot(s) => s.next,
        }
    }

    fn into_cursor(self) -> Cursor {
        match self {
            Start::Cursor(c) => c,
            Start::Kept(c) => c.clone(),
            Start::Snapshot(s) => Cursor {
                cluster: (*s.cluster).clone(),
                next: s.next,
                cut: false,
            },
        }
    }
}

/// The most checkpoints kept (those farthest from the moment last sought go first): each is a
/// clone of the cluster, sharing what did not change with the others.
pub const MAX_CHECKPOINTS: usize = 32;
/// Checkpoints are at least this far apart in virtual time.
pub const CHECKPOINT_EVERY_MS: u64 = 1_000;
/// How far back from the moment shown [`Timeline::warm`] makes checkpoints ahead of the
/// learner: scrubbing back a second a frame, this is 15 frames ahead.
pub const WARM_BEHIND_MS: u64 = 15_000;
/// A seek that would replay more than this from its start is worth warming.
const WARM_SLACK_MS: u64 = 2 * CHECKPOINT_EVERY_MS;

impl Checkpoints {
    pub fn len(&self) -> usize {
        self.kept.len()
    }

    pub fn is_empty(&self) -> bool {
        self.kept.is_empty()
    }

    /// Keeps `cursor` (at the end of a whole input) unless one is kept close to it.
    fn keep(&mut self, cursor: &Cursor) {
        let now = cursor.now_ms();
        if cursor.cut
            || self
                .kept
                .iter()
                .any(|c| c.next == cursor.next || c.now_ms().abs_diff(now) < CHECKPOINT_EVERY_MS)
        {
            return;
        }
        if self.kept.len() >= MAX_CHECKPOINTS {
            let distance = |c: &Cursor| c.now_ms().abs_diff(self.focus_ms);
            let farthest = (0..self.kept.len()).max_by_key(|&i| distance(&self.kept[i]));
            match farthest {
                Some(i) if distance(&self.kept[i]) > distance(cursor) => {
                    self.kept.swap_remove(i);
                }
                // The new one would be the farthest.
                _ => return,
            }
        }
        self.kept.push(cursor.clone());
    }
}

/// The recorded session: its entries in time order, snapshots, markers.
#[derive(Clone)]
pub struct Timeline<I> {
    entries: Vec<Entry<I>>,
    /// `snapshots[0]` is the origin and is never thinned.
    snapshots: Vec<Snapshot>,
    markers: VecDeque<Marker>,
    scan: Scan,
    live_ms: u64,
    discarded: Option<Box<Discarded<I>>>,
}

impl<I: Input> Timeline<I> {
    /// A timeline that starts at `cluster`'s present.
    pub fn new(cluster: &Cluster) -> Timeline<I> {
        Timeline {
            entries: Vec::new(),
            snapshots: vec![snapshot(cluster, 0)],
            markers: VecDeque::new(),
            scan: Scan {
                last_ms: cluster.now_ms(),
                endpoints: endpoints_of(cluster),
            },
            live_ms: cluster.now_ms(),
            discarded: None,
        }
    }

    /// The cluster at the oldest moment kept.
    pub fn origin(&self) -> &Cluster {
        &self.snapshots[0].cluster
    }

    /// The oldest moment that can be restored.
    pub fn start_ms(&self) -> u64 {
        self.snapshots.first().map_or(0, |s| s.t_ms)
    }

    /// The present: where the last input left the clock.
    pub fn live_ms(&self) -> u64 {
        self.live_ms
    }

    pub fn markers(&self) -> &VecDeque<Marker> {
        &self.markers
    }

    pub fn inputs(&self) -> usize {
        self.entries.len()
    }

    /// The inputs with their start times, in order (what a share link carries).
    pub fn recorded(&self) -> impl Iterator<Item = (u64, &I)> {
        self.entries.iter().map(|e| (e.t_ms, &e.input))
    }

    pub fn snapshot_count(&self) -> usize {
        self.snapshots.len()
    }

    /// The snapshots kept: each one's moment, the cluster then, and what it is estimated to
    /// hold that the one before does not share.
    pub fn snapshots(&self) -> impl Iterator<Item = (u64, &Cluster, usize)> {
        self.snapshots.iter().map(|s| (s.t_ms, &*s.cluster, s.bytes))
    }

    /// What the snapshots cost together, as estimated (see [`MAX_SNAPSHOT_BYTES`]).
    pub fn snapshot_bytes(&self) -> usize {
        self.snapshots.iter().map(|s| s.bytes).sum()
    }

    /// Whether a branch set a future aside that [`Timeline::undo_branch`] can bring back.
    pub fn can_undo_branch(&self) -> bool {
        self.discarded.is_some()
    }

    /// Records `input`, which started at `t_ms` with the deadline `cap_ms` and left the
    /// cluster as `after` is; `marker` describes it when it changed something. A snapshot is
    /// taken when one is due, and the markers the cluster shows since the last look are added.
    pub fn record(
        &mut self,
        t_ms: u64,
        input: I,
        cap_ms: Option<u64>,
        after: &Cluster,
        marker: Option<Marker>,
    ) {
        if self.entries.len() >= MAX_INPUTS {
            // Full: the timeline starts again from here (older moments are forgotten).
            let markers = std::mem::take(&mut self.markers);
            *self = Timeline::new(after);
            self.markers = markers;
            return self.after_input(after, marker);
        }
        let end_ms = after.now_ms();
        let snapshot_after_last = self
            .snapshots
            .last()
            .is_some_and(|s| s.next == self.entries.len());
        let merged = !snapshot_after_last
            && self.entries.last_mut().is_some_and(|last| {
                last.end_ms == t_ms && last.cap_ms == cap_ms && last.input.merge(&input) && {
                    last.end_ms = end_ms;
                    true
                }
            });
        if !merged {
            self.entries.push(Entry {
                t_ms,
                end_ms,
                cap_ms,
                input,
            });
        }
        self.live_ms = end_ms;
        // A snapshot shares with the one before what has not changed since (see
        // `Cluster::unshared_bytes`): one that copies much (a hostile cluster of thousands of
        // pods, or of events) is taken less often.
        let due = self
            .snapshots
            .last()
            .is_none_or(|s| end_ms >= s.t_ms.saturating_add(SNAPSHOT_EVERY_MS));
        if due {
            let bytes = after.unshared_bytes(self.snapshots.last().map(|s| &*s.cluster));
            let every = SNAPSHOT_EVERY_MS * (1 + bytes as u64 / (4 << 20));
            if self
                .snapshots
                .last()
                .is_none_or(|s| end_ms >= s.t_ms.saturating_add(every))
            {
                self.snapshots.push(Snapshot {
                    t_ms: after.now_ms(),
                    next: self.entries.len(),
                    bytes,
                    cluster: Rc::new(after.clone()),
                });
                self.thin();
            }
        }
        self.after_input(after, marker);
    }

    fn after_input(&mut self, after: &Cluster, marker: Option<Marker>) {
        self.live_ms = after.now_ms();
        let had_marker = marker.is_some();
        if let Some(marker) = marker {
            self.push_marker(marker);
        }
        if had_marker || after.now_ms() >= self.scan.last_ms.saturating_add(SCAN_EVERY_MS) {
            self.scan(after);
        }
    }

    /// Drops snapshots until the kept ones fit [`MAX_SNAPSHOTS`] and [`MAX_SNAPSHOT_BYTES`]:
    /// each time the one whose gap, once merged, costs least to replay for its age (old
    /// moments are kept more sparsely than recent ones). A gap's replay is its length plus the
    /// work done in it, which the snapshots' unshared bytes stand for (a burst of new pods,
    /// events and rules); squared, so that gaps stay even rather than a few growing long (the
    /// slowest seek is the longest gap's). The origin and the newest stay. The one after a
    /// dropped one is counted again against the one now before it.
    fn thin(&mut self) {
        let live = self.live_ms;
        let mut bytes: usize = self.snapshots.iter().map(|s| s.bytes).sum();
        loop {
            let n = self.snapshots.len();
            if n <= 2 || (n <= MAX_SNAPSHOTS && bytes <= MAX_SNAPSHOT_BYTES) {
                return;
            }
            let cost = |i: usize| {
                let gap = self.snapshots[i + 1].t_ms - self.snapshots[i - 1].t_ms;
                let work = (self.snapshots[i].bytes + self.snapshots[i + 1].bytes) as u64 / WORK_BYTES_PER_MS;
                let age = live.saturating_sub(self.snapshots[i].t_ms) / 1000 + 1;
                ((gap + work) as f64).powi(2) / (age as f64).sqrt()
            };
            let drop = (1..n - 1)
                .min_by(|&a, &b| cost(a).total_cmp(&cost(b)))
                .unwrap_or(1);
            bytes -= self.snapshots.remove(drop).bytes;
            let previous = Rc::clone(&self.snapshots[drop - 1].cluster);
            let next = &mut self.snapshots[drop];
            bytes -= next.bytes;
            next.bytes = next.cluster.unshared_bytes(Some(&previous));
            bytes += next.bytes;
        }
    }

    fn push_marker(&mut self, marker: Marker) {
        if self.markers.len() >= MAX_MARKERS {
            self.markers.pop_front();
        }
        // Markers found by a scan may be older than an input's: keep the list in time order.
        let at = self.markers.partition_point(|m| m.t_ms <= marker.t_ms);
        self.markers.insert(at, marker);
    }

    /// What happened since the last look: events (warnings, the deployment controller's
    /// scaling), pods created, ready or terminating (from their own timestamps), Services
    /// whose ready endpoints changed, and requests that failed.
    fn scan(&mut self, cluster: &Cluster) {
        let (from, now) = (self.scan.last_ms, cluster.now_ms());
        if now < from {
            return;
        }
        let mut found = Vec::new();
        // Half-open, [from, now): what happens at `now` itself may go on after this look.
        let new = |t: u64| t >= from && t < now;
        for e in cluster.events() {
            if !new(e.last_ms) {
                continue;
            }
            let kind = if e.event_type == "Warning" {
                MarkerKind::Warning
            } else if e.reason == "ScalingReplicaSet" {
                MarkerKind::Rollout
            } else if e.reason == "Killing" {
                // A pod may be gone by the next look: the kubelet's event says when it stopped.
                MarkerKind::Terminated
            } else {
                continue;
            };
            found.push(input_marker(
                e.last_ms,
                kind,
                &e.object,
                &format!("{}: {}", e.reason, e.message),
            ));
        }
        let mut created = BTreeMap::<u64, Vec<&str>>::new();
        for p in cluster.pods() {
            let object = format!("pod/{}", p.name);
            if new(p.created_ms) {
                created.entry(p.created_ms).or_default().push(&p.name);
            }
            if let Some(t) = p.ready_since_ms.filter(|&t| p.ready && new(t)) {
                found.push(input_marker(t, MarkerKind::Ready, &object, "Ready"));
            }
        }
        for (t, names) in created {
            for name in &names {
                found.push(input_marker(
                    t,
                    MarkerKind::Created,
                    &format!("pod/{name}"),
                    "Created",
                ));
            }
        }
        let endpoints = endpoints_of(cluster);
        for (service, ready) in &endpoints {
            let before = self.scan.endpoints.get(service);
            if before != Some(ready) && !(before.is_none() && ready.is_empty()) {
                let text = format!("{} ready endpoint(s): {}", ready.len(), ready.join(", "));
                found.push(input_marker(
                    now,
                    MarkerKind::Endpoints,
                    &format!("service/{service}"),
                    &text,
                ));
            }
        }
        for service in self.scan.endpoints.keys() {
            if !endpoints.contains_key(service) {
                found.push(input_marker(
                    now,
                    MarkerKind::Endpoints,
                    &format!("service/{service}"),
                    "deleted",
                ));
            }
        }
        for edge in cluster.flows(now - from) {
            if edge.failed() > 0 {
                let text = format!(
                    "{} of {} requests from {} failed (refused {}, timed out {}, no DNS {}, errors {})",
                    edge.failed(),
                    edge.requests,
                    edge.from,
                    edge.refused,
                    edge.timed_out,
                    edge.no_dns,
                    edge.errors
                );
                found.push(input_marker(
                    now,
                    MarkerKind::Failed,
                    &format!("service/{}", edge.service),
                    &text,
                ));
            }
        }
        let overflow = found.len().saturating_sub(MAX_MARKERS_PER_SCAN);
        found.sort_by_key(|m| m.t_ms);
        for marker in found.into_iter().skip(overflow) {
            self.push_marker(marker);
        }
        self.scan = Scan {
            last_ms: now,
            endpoints,
        };
    }

    /// The cluster as it was at `target_ms`, when that moment was first reached: after the
    /// inputs that started before it (the one in progress stopped at it), before those that
    /// start at it. `from`, a cursor of an earlier seek, is gone on from when that is cheaper
    /// than the nearest snapshot. An input that cannot stop at a deadline and spans the
    /// target is not replayed: the cluster is then as it was when that input started.
    pub fn seek(
        &self,
        target_ms: u64,
        context: &I::Context<'_>,
        from: Option<Cursor>,
    ) -> Result<Cursor, SeekError> {
        self.seek_keeping(target_ms, context, from, None)
    }

    /// [`Timeline::seek`], going on from the latest of `checkpoints` that is before the target
    /// when that is cheaper, and keeping new ones along the replay.
    pub fn seek_keeping(
        &self,
        target_ms: u64,
        context: &I::Context<'_>,
        from: Option<Cursor>,
        mut checkpoints: Option<&mut Checkpoints>,
    ) -> Result<Cursor, SeekError> {
        if target_ms > self.live_ms {
            return Err(SeekError::Future);
        }
        if target_ms < self.start_ms() {
            return Err(SeekError::Forgotten);
        }
        let before = self.entries.partition_point(|e| e.t_ms < target_ms);
        if let Some(k) = checkpoints.as_deref_mut() {
            k.focus_ms = target_ms;
            k.tried_ms = target_ms;
        }
        let mut cursor = self
            .start(target_ms, before, from, checkpoints.as_deref())?
            .into_cursor();
        self.replay(&mut cursor, before, target_ms, context, checkpoints);
        Ok(cursor)
    }

    /// Where a seek to `target_ms` (before `entries[before]`) goes on from: `from` or the
    /// latest usable checkpoint, when either is later than the nearest snapshot.
    fn start<'t>(
        &'t self,
        target_ms: u64,
        before: usize,
        from: Option<Cursor>,
        checkpoints: Option<&'t Checkpoints>,
    ) -> Result<Start<'t>, SeekError> {
        let snapshot = self
            .snapshots
            .iter()
            .rev()
            .find(|s| s.t_ms <= target_ms && s.next <= before)
            .ok_or(SeekError::Forgotten)?;
        // A start that goes on to the target: whole inputs applied, none after it.
        let usable =
            |c: &Cursor| !c.cut && c.next <= before && c.now_ms() <= target_ms && c.next >= snapshot.next;
        let from = from.filter(usable);
        let kept = checkpoints
            .and_then(|k| k.kept.iter().filter(|c| usable(c)).max_by_key(|c| c.next))
            .filter(|k| from.as_ref().is_none_or(|f| k.next > f.next));
        Ok(match (kept, from) {
            (Some(kept), _) => Start::Kept(kept),
            (None, Some(from)) => Start::Cursor(from),
            (None, None) => Start::Snapshot(snapshot),
        })
    }

    /// The moment a seek to `target_ms` would replay from, given `checkpoints`.
    pub fn replay_start(&self, target_ms: u64, checkpoints: &Checkpoints) -> Option<u64> {
        let before = self.entries.partition_point(|e| e.t_ms < target_ms);
        Some(self.start(target_ms, before, None, Some(checkpoints)).ok()?.ms())
    }

    /// One piece of work ahead of the learner who looks at `checkpoints`' moment (the last
    /// sought), for a front end's idle time: replays one input towards a moment up to
    /// [`WARM_BEHIND_MS`] earlier that a seek would reach only by a long replay, keeping
    /// checkpoints along it. `false` when there is nothing left to do. What a seek shows is
    /// the same with or without: only where it goes on from changes.
    pub fn warm(&self, context: &I::Context<'_>, checkpoints: &mut Checkpoints) -> bool {
        let focus = checkpoints.focus_ms.min(self.live_ms);
        let floor = focus.saturating_sub(WARM_BEHIND_MS).max(self.start_ms());
        // A replay under way that still leads into the window goes on, an input at a time.
        if let Some(mut warming) = checkpoints.warming.take() {
            if warming.target_ms > floor && warming.target_ms <= focus {
                let next = warming.cursor.next + 1;
                self.replay(
                    &mut warming.cursor,
                    next.min(warming.until),
                    warming.target_ms,
                    context,
                    Some(checkpoints),
                );
                if !warming.cursor.cut && warming.cursor.next < warming.until {
                    checkpoints.warming = Some(warming);
                }
                return true;
            }
        }
        // The latest moment in the window (below those tried since the last seek) a seek would
        // reach only by a long replay, with whole inputs to replay towards it.
        let mut target_ms = checkpoints.tried_ms.min(focus);
        while target_ms > floor {
            target_ms = target_ms.saturating_sub(CHECKPOINT_EVERY_MS).max(floor);
            let before = self.entries.partition_point(|e| e.t_ms < target_ms);
            let until = self.entries.partition_point(|e| e.end_ms <= target_ms);
            let Ok(start) = self.start(target_ms, before, None, Some(checkpoints)) else {
                continue;
            };
            if target_ms - start.ms() > WARM_SLACK_MS && until > start.next() {
                let cursor = start.into_cursor();
                checkpoints.tried_ms = target_ms;
                checkpoints.warming = Some(Warming {
                    cursor,
                    until,
                    target_ms,
                });
                return true;
            }
        }
        false
    }

    /// Replays `entries[cursor.next..until]`, none past `target_ms`, keeping checkpoints at the
    /// ends of whole inputs when asked.
    fn replay(
        &self,
        cursor: &mut Cursor,
        until: usize,
        target_ms: u64,
        context: &I::Context<'_>,
        mut checkpoints: Option<&mut Checkpoints>,
    ) {
        while cursor.next < until {
            let Some(entry) = self.entries.get(cursor.next) else {
                break;
            };
            if entry.end_ms > target_ms && !entry.input.cuttable() {
                break;
            }
            let deadline = entry.cap_ms.map_or(target_ms, |cap| cap.min(target_ms));
            cursor.cluster.set_deadline(Some(deadline));
            entry.input.replay(&mut cursor.cluster, context);
            cursor.cluster.set_deadline(None);
            cursor.next += 1;
            if entry.end_ms > target_ms {
                cursor.cut = true;
                break;
            }
            if let Some(k) = checkpoints.as_deref_mut() {
                k.keep(cursor);
            }
        }
    }

    /// The virtual time a seek to `target_ms` replays (from the nearest snapshot).
    pub fn replay_cost(&self, target_ms: u64) -> u64 {
        let before = self.entries.partition_point(|e| e.t_ms < target_ms);
        self.snapshots
            .iter()
            .rev()
            .find(|s| s.t_ms <= target_ms && s.next <= before)
            .map_or(0, |s| target_ms - s.t_ms)
    }

    /// The live run replayed from the first snapshot: the determinism check.
    pub fn replay_all(&self, context: &I::Context<'_>) -> Result<Cluster, SeekError> {
        let origin = self.snapshots.first().ok_or(SeekError::Forgotten)?;
        let mut cursor = Cursor {
            cluster: (*origin.cluster).clone(),
            next: origin.next,
            cut: false,
        };
        self.replay(&mut cursor, self.entries.len(), self.live_ms, context, None);
        Ok(cursor.cluster)
    }

    /// A new future from `cursor`'s moment (a [`Timeline::seek`] of this timeline): the inputs
    /// after it, their snapshots and markers are set aside with `live` (the cluster at the
    /// end of that future), for [`Timeline::undo_branch`]. Inputs at that very moment are
    /// set aside too; one in progress is kept, cut short there.
    pub fn branch(&mut self, cursor: &Cursor, live: Cluster) {
        let at = cursor.now_ms();
        let discarded = Discarded {
            entries: self.entries.clone(),
            snapshots: self.snapshots.clone(),
            markers: self.markers.clone(),
            scan: self.scan.clone(),
            live_ms: self.live_ms,
            cluster: Rc::new(live),
        };
        self.entries.truncate(cursor.next);
        if cursor.cut {
            if let Some(last) = self.entries.last_mut() {
                last.cap_ms = Some(last.cap_ms.map_or(at, |c| c.min(at)));
                last.end_ms = at;
            }
        }
        let kept = self.entries.len();
        self.snapshots.retain(|s| s.t_ms <= at && s.next <= kept);
        if self.snapshots.is_empty() {
            self.snapshots.push(snapshot(&cursor.cluster, kept));
        }
        // What happened at that very moment is looked for again by the next scan.
        self.markers.retain(|m| m.t_ms < at);
        self.scan = Scan {
            last_ms: at,
            endpoints: endpoints_of(&cursor.cluster),
        };
        self.live_ms = at;
        self.discarded = Some(Box::new(discarded));
    }

    /// Brings back the future the last branch set aside (what was recorded since is dropped):
    /// the cluster at its end, to carry on live from.
    pub fn undo_branch(&mut self) -> Option<Cluster> {
        let d = *self.discarded.take()?;
        self.entries = d.entries;
        self.snapshots = d.snapshots;
        self.markers = d.markers;
        self.scan = d.scan;
        self.live_ms = d.live_ms;
        Some((*d.cluster).clone())
    }
}

/// A snapshot with nothing before it (the origin).
fn snapshot(cluster: &Cluster, next: usize) -> Snapshot {
    Snapshot {
        t_ms: cluster.now_ms(),
        next,
        bytes: cluster.unshared_bytes(None),
        cluster: Rc::new(cluster.clone()),
    }
}

/// Each Service's ready endpoints (`namespace/name` → pod names).
fn endpoints_of(cluster: &Cluster) -> BTreeMap<String, Vec<String>> {
    cluster
        .services()
        .map(|s| {
            let ready = cluster
                .endpoint_slice(s)
                .map(|slice| {
                    slice
                        .endpoints
                        .into_iter()
                        .filter(|e| e.conditions.ready)
                        .map(|e| e.pod)
                        .collect()
                })
                .unwrap_or_default();
            (format!("{}/{}", s.spec.namespace, s.spec.name), ready)
        })
        .collect()
}

/// A time on a timeline relative to its start: `45s`, `2m3s`, `1m5.25s`.
pub fn offset_text(ms: u64) -> String {
    let (minutes, rest) = (ms / 60_000, ms % 60_000);
    let seconds = if rest % 1000 == 0 {
        format!("{}s", rest / 1000)
    } else {
        let text = format!("{}.{:03}", rest / 1000, rest % 1000);
        format!("{}s", text.trim_end_matches('0'))
    };
    match (minutes, rest) {
        (0, _) => seconds,
        (m, 0) => format!("{m}m"),
        (m, _) => format!("{m}m{seconds}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A test input: advance the clock, or scale a Deployment.
    #[derive(Clone, Debug)]
    enum Step {
        Advance(u64),
        Apply(&'static str),
    }

    impl Input for Step {
        type Context<'a> = ();
        fn replay(&self, cluster: &mut Cluster, _: &()) {
            match self {
                Step::Advance(ms) => cluster.advance(*ms),
                Step::Apply(yaml) => {
                    cluster.apply(yaml);
                }
            }
        }
    }

    const WEB: &str = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 3\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n      - name: web\n        image: nginx\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector:\n    app: web\n  ports:\n  - port: 80\n";

    fn live(steps: &[Step]) -> (Cluster, Timeline<Step>, Vec<(u64, String)>) {
        let mut cluster = Cluster::new(3);
        let mut timeline = Timeline::new(&cluster);
        let mut seen = Vec::new();
        for step in steps {
            let t = cluster.now_ms();
            step.replay(&mut cluster, &());
            timeline.record(t, step.clone(), None, &cluster, None);
            seen.push((cluster.now_ms(), fingerprint(&cluster)));
        }
        (cluster, timeline, seen)
    }

    fn fingerprint(c: &Cluster) -> String {
        let pods: Vec<String> = c
            .pods()
            .iter()
            .map(|p| format!("{} {} {:?} {}", p.name, p.status(), p.ip, p.ready))
            .collect();
        format!("{} {} {:?}", c.now_ms(), c.events().len(), pods)
    }

    fn script() -> Vec<Step> {
        let mut steps = vec![Step::Apply(WEB)];
        steps.extend((0..40).map(|i| Step::Advance(250 + i * 37)));
        steps
    }

    #[test]
    fn every_recorded_moment_is_restored_exactly() {
        let (cluster, timeline, seen) = live(&script());
        assert!(timeline.snapshot_count() > 2, "snapshots were taken");
        // The apply took no time: at its instant the moment is the one before it.
        for (t, print) in &seen[1..] {
            let cursor = timeline.seek(*t, &(), None).unwrap();
            assert_eq!(&fingerprint(&cursor.cluster), print, "at {t}");
        }
        assert_eq!(
            fingerprint(&timeline.replay_all(&()).unwrap()),
            fingerprint(&cluster)
        );
        assert_eq!(
            timeline.seek(cluster.now_ms() + 1, &(), None).err(),
            Some(SeekError::Future)
        );
        assert_eq!(timeline.seek(0, &(), None).err(), Some(SeekError::Forgotten));
    }

    #[test]
    fn markers_tell_what_happened() {
        let (_, timeline, _) = live(&script());
        let kinds: Vec<MarkerKind> = timeline.markers().iter().map(|m| m.kind).collect();
        for kind in [
            MarkerKind::Rollout,
            MarkerKind::Created,
            MarkerKind::Ready,
            MarkerKind::Endpoints,
        ] {
            assert!(kinds.contains(&kind), "{kind:?} in {kinds:?}");
        }
        let times: Vec<u64> = timeline.markers().iter().map(|m| m.t_ms).collect();
        assert!(times.windows(2).all(|w| w[0] <= w[1]), "in time order");
    }

    #[test]
    fn a_branch_sets_the_future_aside_and_undo_brings_it_back() {
        let (cluster, mut timeline, seen) = live(&script());
        let (inputs, markers, live_ms) = (timeline.inputs(), timeline.markers().clone(), timeline.live_ms());
        let (t, _) = seen[5];
        let cursor = timeline.seek(t + 10, &(), None).unwrap();
        timeline.branch(&cursor, cluster.clone());
        assert_eq!(timeline.live_ms(), t + 10);
        assert!(timeline.markers().iter().all(|m| m.t_ms <= t + 10));
        // The new future: a different input from that moment.
        let mut branch = cursor.cluster.clone();
        let at = branch.now_ms();
        branch.advance(5_000);
        timeline.record(at, Step::Advance(5_000), None, &branch, None);
        assert_eq!(
            fingerprint(&timeline.seek(branch.now_ms(), &(), None).unwrap().cluster),
            fingerprint(&branch)
        );
        // The cut input stops where the branch began.
        assert_eq!(
            fingerprint(&timeline.seek(at, &(), None).unwrap().cluster),
            fingerprint(&cursor.cluster)
        );
        let back = timeline.undo_branch().unwrap();
        assert_eq!(fingerprint(&back), fingerprint(&cluster));
        assert_eq!((timeline.inputs(), timeline.live_ms()), (inputs, live_ms));
        assert_eq!(timeline.markers(), &markers);
        for (t, print) in &seen[1..] {
            assert_eq!(
                &fingerprint(&timeline.seek(*t, &(), None).unwrap().cluster),
                print
            );
        }
    }

    #[test]
    fn snapshots_are_bounded_and_older_ones_are_sparser() {
        let mut steps = vec![Step::Apply(WEB)];
        steps.extend((0..MAX_SNAPSHOTS + 100).map(|_| Step::Advance(SNAPSHOT_EVERY_MS)));
        let (_, timeline, seen) = live(&steps);
        // Thinned: by count, or first by the bytes they do not share.
        let kept = timeline.snapshot_count();
        assert!(kept <= MAX_SNAPSHOTS && kept > MAX_SNAPSHOTS / 2, "{kept}");
        assert!(timeline.snapshot_bytes() <= MAX_SNAPSHOT_BYTES);
        let t: Vec<u64> = timeline.snapshots.iter().map(|s| s.t_ms).collect();
        let gaps: Vec<u64> = t.windows(2).map(|w| w[1] - w[0]).collect();
        assert!(gaps[1] > gaps[gaps.len() - 1], "{gaps:?}");
        // Still every moment restores.
        for (t, print) in seen.iter().skip(1).step_by(97) {
            assert_eq!(
                &fingerprint(&timeline.seek(*t, &(), None).unwrap().cluster),
                print
            );
        }
    }

    #[test]
    fn warming_ahead_leaves_a_checkpoint_close_before_each_earlier_moment() {
        let mut steps = vec![Step::Apply(WEB)];
        steps.extend((0..120).map(|_| Step::Advance(500)));
        let (_, timeline, seen) = live(&steps);
        let focus = seen[100].0;
        let mut checkpoints = Checkpoints::default();
        timeline
            .seek_keeping(focus, &(), None, Some(&mut checkpoints))
            .unwrap();
        let behind: Vec<u64> = (1..=WARM_BEHIND_MS / 500).map(|k| focus - k * 500).collect();
        let replayed = |c: &Checkpoints, t: u64| t - timeline.replay_start(t, c).unwrap();
        assert!(
            behind.iter().any(|&t| replayed(&checkpoints, t) > WARM_SLACK_MS),
            "before warming, a seek a little earlier replays from a snapshot further back"
        );
        let mut pieces = 0;
        while timeline.warm(&(), &mut checkpoints) {
            pieces += 1;
            assert!(pieces < 1_000, "warming ends");
        }
        for &t in &behind {
            assert!(
                replayed(&checkpoints, t) <= WARM_SLACK_MS,
                "{} ms replayed for {t}",
                replayed(&checkpoints, t)
            );
        }
        assert!(checkpoints.len() <= MAX_CHECKPOINTS);
        // Scrubbing back, warming between seeks: each moment as the live run had it.
        for (t, print) in seen[40..100].iter().rev() {
            let cursor = timeline
                .seek_keeping(*t, &(), None, Some(&mut checkpoints))
                .unwrap();
            assert_eq!(&fingerprint(&cursor.cluster), print, "at {t}");
            assert!(checkpoints.len() <= MAX_CHECKPOINTS);
            while timeline.warm(&(), &mut checkpoints) {}
            assert!(replayed(&checkpoints, t.saturating_sub(500).max(timeline.start_ms())) <= WARM_SLACK_MS);
        }
    }

    #[test]
    fn offsets_read_like_durations() {
        assert_eq!(offset_text(0), "0s");
        assert_eq!(offset_text(45_000), "45s");
        assert_eq!(offset_text(120_000), "2m");
        assert_eq!(offset_text(65_250), "1m5.25s");
        assert_eq!(offset_text(1_500), "1.5s");
    }
}
