//! Events as the recorder writes them (client-go `tools/record`, `events_cache.go`) and the API
//! server keeps them. Each event goes through the `EventCorrelator`:
//!
//! 1. `EventAggregator`: events alike but for their message (same source, object, type and
//!    reason) within 10 minutes are counted by distinct message; the 10th distinct one and
//!    every later one become a single "(combined from similar events): …" event;
//! 2. `eventLogger`: an event identical to an earlier one (source, object, sub-object, type,
//!    reason, message) updates that event instead — `count` + 1, `lastTimestamp` now;
//! 3. `EventSourceObjectSpamFilter`: a token bucket per source and object (burst 25, one token
//!    back every 5 minutes) drops what exceeds it.
//!
//! The API server deletes an event an hour after its last update (`--event-ttl`); on top of
//! that Podscape keeps at most [`EVENT_CAP`] events, evicting the oldest, so memory stays
//! bounded however long a run lasts. Simplifications: `PopAny` drops the smallest message
//! rather than a random one, and the caches' 4,096-entry LRUs forget in batches (see
//! `keep_recent`).

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::rc::Rc;

use crate::sort::SmallSort;

/// At most this many events are kept; the oldest goes first.
pub const EVENT_CAP: usize = 1_000;
/// `--event-ttl`: an event lives an hour after its last update.
pub const EVENT_TTL_MS: u64 = 3_600_000;
/// `defaultAggregateMaxEvents` and `defaultAggregateIntervalInSeconds`.
const AGGREGATE_MAX_EVENTS: usize = 10;
const AGGREGATE_INTERVAL_MS: u64 = 600_000;
/// `defaultSpamBurst` and `defaultSpamQPS` (1/300: one token every 5 minutes).
const SPAM_BURST: u64 = 25;
const SPAM_REFILL_MS: u64 = 300_000;
/// Virtual time 0 is 2026-01-01T00:00:00Z (see `table::timestamp`).
const EPOCH_MS: u64 = 1_767_225_600_000;
/// `maxLruCacheEntries`: how much each of the correlator's caches remembers.
const CACHE_SIZE: usize = 4_096;

/// A Kubernetes event (`core/v1` Event), as `kubectl get events` and `describe` show it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Event {
    /// `<object name>.<hex nanoseconds>`, as the recorder names it.
    pub name: String,
    pub namespace: String,
    /// `Normal` or `Warning`.
    pub event_type: &'static str,
    /// `deployment/web`, `replicaset/web-7c5ddbdf54`, `pod/web-…`, `node/…`.
    pub object: String,
    /// `involvedObject.fieldPath`: `spec.containers{app}` for the kubelet's container events.
    pub field_path: String,
    pub reason: &'static str,
    pub message: String,
    /// `source.component`: `kubelet`, `default-scheduler`, `deployment-controller`, …
    pub source: &'static str,
    /// `source.host`: the kubelet's node (for the scheduler, its `reportingInstance`).
    pub host: String,
    pub count: u32,
    pub first_ms: u64,
    pub last_ms: u64,
    seq: u64,
}

impl Event {
    /// `involvedObject.kind` as kubectl lowercases it (`pod`, `deployment`, …).
    pub fn kind(&self) -> &str {
        self.object.split_once('/').map_or("", |(k, _)| k)
    }

    /// `involvedObject.name`.
    pub fn object_name(&self) -> &str {
        self.object.split_once('/').map_or(&self.object, |(_, n)| n)
    }

    /// `firstTimestamp` as the API stores it: whole seconds (`metav1.Time`).
    pub fn first_timestamp_ms(&self) -> u64 {
        self.first_ms / 1000 * 1000
    }

    /// `lastTimestamp` as the API stores it: whole seconds.
    pub fn last_timestamp_ms(&self) -> u64 {
        self.last_ms / 1000 * 1000
    }

    /// The SOURCE column of `-o wide` (`formatEventSource`): `kubelet, node-1`.
    pub fn source_text(&self) -> String {
        if self.host.is_empty() {
            self.source.to_string()
        } else {
            format!("{}, {}", self.source, self.host)
        }
    }
}

/// What a controller reports; the correlator decides what becomes of it.
pub(super) struct Report {
    pub namespace: String,
    pub event_type: &'static str,
    pub object: String,
    pub field_path: String,
    pub reason: &'static str,
    pub message: String,
    pub source: &'static str,
    pub host: String,
}

#[derive(Clone)]
struct Logged {
    count: u32,
    first_ms: u64,
    /// The event this observation was written to, if it was.
    seq: Option<u64>,
    used: u64,
}

#[derive(Clone)]
struct Aggregate {
    messages: BTreeSet<String>,
    last_ms: u64,
    used: u64,
}

/// A token bucket in milliseconds of refill: full is `SPAM_BURST * SPAM_REFILL_MS`.
#[derive(Clone)]
struct Bucket {
    units: u64,
    at_ms: u64,
    used: u64,
}

impl Bucket {
    fn refill(&mut self, now: u64) {
        self.units = (self.units + now.saturating_sub(self.at_ms)).min(SPAM_BURST * SPAM_REFILL_MS);
        self.at_ms = self.at_ms.max(now);
    }
}

/// The event store and the correlator's caches.
#[derive(Clone, Default)]
pub(super) struct Recorder {
    /// Each behind an `Rc`: a copy of the recorder (a snapshot's) shares every event but
    /// those patched since.
    events: VecDeque<Rc<Event>>,
    next_seq: u64,
    /// Counts the reports: when each cache entry was last used, for the LRU order.
    uses: u64,
    logged: Cache<Logged>,
    aggregates: Cache<Aggregate>,
    spam: Cache<Bucket>,
}

/// How many shards a correlator cache is kept in.
const SHARDS: usize = 32;

/// A correlator cache, its keys spread over shards: a copy of the recorder (a rewind snapshot
/// of the cluster) shares them, and a write then copies only its key's shard
/// (`Rc::make_mut`). Which shard holds a key changes nothing else: entries are found by key
/// and trimmed by their use count.
#[derive(Clone)]
struct Cache<V> {
    shards: Vec<Rc<BTreeMap<String, V>>>,
    len: usize,
}

impl<V> Default for Cache<V> {
    fn default() -> Self {
        Cache {
            shards: (0..SHARDS).map(|_| Rc::new(BTreeMap::new())).collect(),
            len: 0,
        }
    }
}

impl<V: Clone> Cache<V> {
    /// FNV-1a of the key: the same shard in every run.
    fn shard(key: &str) -> usize {
        let hash = key.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
        });
        (hash % SHARDS as u64) as usize
    }

    fn len(&self) -> usize {
        self.len
    }

    fn get(&self, key: &str) -> Option<&V> {
        self.shards.get(Self::shard(key))?.get(key)
    }

    fn entry(&mut self, key: String, new: impl FnOnce() -> V) -> &mut V {
        let Cache { shards, len } = self;
        let map = Rc::make_mut(&mut shards[Self::shard(&key)]);
        match map.entry(key) {
            std::collections::btree_map::Entry::Occupied(o) => o.into_mut(),
            std::collections::btree_map::Entry::Vacant(v) => {
                *len += 1;
                v.insert(new())
            }
        }
    }

    fn insert(&mut self, key: String, value: V) {
        let map = Rc::make_mut(&mut self.shards[Self::shard(&key)]);
        if map.insert(key, value).is_none() {
            self.len += 1;
        }
    }

    fn values(&self) -> impl Iterator<Item = &V> {
        self.shards.iter().flat_map(|s| s.values())
    }

    fn retain(&mut self, keep: impl Fn(&V) -> bool) {
        for shard in &mut self.shards {
            if shard.values().any(|v| !keep(v)) {
                Rc::make_mut(shard).retain(|_, v| keep(v));
            }
        }
        self.len = self.shards.iter().map(|s| s.len()).sum();
    }

    /// The entries in shards `previous` does not share.
    fn unshared(&self, previous: Option<&Cache<V>>) -> usize {
        self.shards
            .iter()
            .enumerate()
            .filter(|(i, s)| {
                previous
                    .and_then(|p| p.shards.get(*i))
                    .is_none_or(|p| !Rc::ptr_eq(s, p))
            })
            .map(|(_, s)| s.len())
            .sum()
    }
}

impl Recorder {
    pub fn events(&self) -> &VecDeque<Rc<Event>> {
        &self.events
    }

    /// `EventCorrelate`, then the write (create or patch) it asks for.
    pub fn record(&mut self, now: u64, r: Report) {
        let namespace = if r.namespace.is_empty() {
            // makeEvent: an event about a cluster-scoped object lives in `default`.
            "default".to_string()
        } else {
            r.namespace
        };
        self.uses += 1;
        let used = self.uses;
        let sep = '\u{1f}';
        let object_key = format!("{}{sep}{}{sep}{}{sep}{namespace}", r.source, r.host, r.object);
        // EventAggregate.
        let aggregate_key = format!("{object_key}{sep}{}{sep}{}", r.event_type, r.reason);
        let record = self.aggregates.entry(aggregate_key.clone(), || Aggregate {
            messages: BTreeSet::new(),
            last_ms: now,
            used,
        });
        if now.saturating_sub(record.last_ms) > AGGREGATE_INTERVAL_MS {
            record.messages.clear();
        }
        record.messages.insert(r.message.clone());
        record.last_ms = now;
        record.used = used;
        let (message, key) = if record.messages.len() < AGGREGATE_MAX_EVENTS {
            let key = format!("{aggregate_key}{sep}{}{sep}{}", r.field_path, r.message);
            (r.message, key)
        } else {
            record.messages.pop_first();
            (
                format!("(combined from similar events): {}", r.message),
                aggregate_key,
            )
        };
        // eventObserve: the logger counts the event even if the spam filter then drops it.
        let (count, first_ms, seq) = match self.logged.get(&key) {
            Some(l) => (l.count.saturating_add(1), l.first_ms, Some(l.seq)),
            None => (1, now, None),
        };
        let position = seq.flatten().and_then(|s| self.position(s));
        let new_seq = self.next_seq;
        // EventSourceObjectSpamFilter.
        let bucket = self.spam.entry(object_key, || Bucket {
            units: SPAM_BURST * SPAM_REFILL_MS,
            at_ms: now,
            used,
        });
        bucket.refill(now);
        bucket.used = used;
        let filtered = bucket.units < SPAM_REFILL_MS;
        if !filtered {
            bucket.units -= SPAM_REFILL_MS;
        }
        let written = match position {
            Some(i) => Some(self.events[i].seq),
            None if filtered => None,
            None => Some(new_seq),
        };
        self.logged.insert(
            key,
            Logged {
                count,
                first_ms,
                seq: written,
                used,
            },
        );
        self.prune();
        if filtered {
            return;
        }
        match position {
            // The patch: count, lastTimestamp and message.
            Some(i) => {
                let e = Rc::make_mut(&mut self.events[i]);
                e.count = count;
                e.last_ms = now;
                e.message = message;
            }
            // A new event, or one whose earlier write is gone (the patch's NotFound → create).
            None => {
                let object_name = r.object.split_once('/').map_or(r.object.as_str(), |(_, n)| n);
                let nanos = (EPOCH_MS + now) * 1_000_000 + new_seq % 1_000_000;
                self.events.push_back(Rc::new(Event {
                    name: format!("{object_name}.{nanos:x}"),
                    namespace,
                    event_type: r.event_type,
                    object: r.object,
                    field_path: r.field_path,
                    reason: r.reason,
                    message,
                    source: r.source,
                    host: r.host,
                    count,
                    first_ms,
                    last_ms: now,
                    seq: new_seq,
                }));
                self.next_seq += 1;
                while self.events.len() > EVENT_CAP {
                    self.events.pop_front();
                }
            }
        }
    }

    /// The events and the correlator's cache entries a copy holds that `previous` (an earlier
    /// copy) does not share: the whole store when it is not the same.
    pub fn unshared_entries(self: &Rc<Self>, previous: Option<&Rc<Recorder>>) -> usize {
        let previous = previous.map(|p| &**p);
        if previous.is_some_and(|p| std::ptr::eq(p, &**self)) {
            return 0;
        }
        // Events are shared one by one: those `previous` holds cost a pointer (1/80 of one).
        super::snapshot::unshared(&self.events, previous.map(|p| &p.events))
            + self.events.len() / 80
            + self.logged.unshared(previous.map(|p| &p.logged))
            + self.aggregates.unshared(previous.map(|p| &p.aggregates))
            + self.spam.unshared(previous.map(|p| &p.spam))
    }

    /// Whether [`Recorder::expire`] has anything to do (asked first, so that a store shared
    /// with a snapshot is copied only when it changes).
    pub fn expiring(&self, now: u64) -> bool {
        self.events.iter().any(|e| e.last_ms + EVENT_TTL_MS <= now)
    }

    /// The API server's TTL: events an hour past their last update are gone.
    pub fn expire(&mut self, now: u64) {
        if self.expiring(now) {
            self.events.retain(|e| e.last_ms + EVENT_TTL_MS > now);
        }
    }

    fn position(&self, seq: u64) -> Option<usize> {
        self.events.binary_search_by_key(&seq, |e| e.seq).ok()
    }

    /// The correlator's caches are LRUs of 4,096 entries upstream; here each is trimmed to its
    /// 4,096 most recently used entries whenever it passes 5,120, so memory stays bounded.
    fn prune(&mut self) {
        keep_recent(&mut self.aggregates, |a| a.used);
        keep_recent(&mut self.spam, |b| b.used);
        keep_recent(&mut self.logged, |l| l.used);
    }
}

/// Keeps the [`CACHE_SIZE`] most recently used entries of `cache` once it holds a quarter more
/// (`used` counts uses, so no two entries tie).
fn keep_recent<V: Clone>(cache: &mut Cache<V>, used: impl Fn(&V) -> u64) {
    if cache.len() <= CACHE_SIZE + CACHE_SIZE / 4 {
        return;
    }
    let mut uses: Vec<u64> = cache.values().map(&used).collect();
    uses.small_sort();
    let cutoff = uses[uses.len() - CACHE_SIZE];
    cache.retain(|v| used(v) >= cutoff);
}

/// `source.component` of the recorder that reports `reason` (each controller has its own).
pub(super) fn component(reason: &str) -> &'static str {
    match reason {
        "ScalingReplicaSet" | "ReplicaSetCreateError" => "deployment-controller",
        "SuccessfulCreate" | "SuccessfulDelete" | "FailedCreate" => "replicaset-controller",
        "Scheduled" | "FailedScheduling" => "default-scheduler",
        "NodeNotReady" => "node-controller",
        "TaintManagerEviction" => "taint-eviction-controller",
        "EnsuringLoadBalancer" | "EnsuredLoadBalancer" => "service-controller",
        "Sync" => crate::cluster::INGRESS_EVENT_SOURCE,
        _ => "kubelet",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(object: &str, reason: &'static str, message: &str) -> Report {
        Report {
            namespace: "default".into(),
            event_type: "Normal",
            object: object.into(),
            field_path: String::new(),
            reason,
            message: message.into(),
            source: component(reason),
            host: String::new(),
        }
    }

    #[test]
    fn a_repeated_event_counts_up_instead_of_adding_an_entry() {
        let mut r = Recorder::default();
        r.record(1_000, report("pod/a", "BackOff", "Back-off restarting"));
        r.record(5_000, report("pod/b", "BackOff", "Back-off restarting"));
        r.record(9_000, report("pod/a", "BackOff", "Back-off restarting"));
        r.record(9_500, report("pod/a", "BackOff", "Back-off restarting"));
        let events: Vec<_> = r.events().iter().collect();
        assert_eq!(events.len(), 2);
        assert_eq!(
            (events[0].count, events[0].first_ms, events[0].last_ms),
            (3, 1_000, 9_500)
        );
        assert_eq!(events[0].source, "kubelet");
        assert_eq!(events[1].count, 1);
        // `<object>.<hex nanoseconds>` of the first occurrence.
        assert_eq!(events[0].name, format!("a.{:x}", (EPOCH_MS + 1_000) * 1_000_000));
    }

    #[test]
    fn the_tenth_distinct_message_is_combined_with_every_later_one() {
        let mut r = Recorder::default();
        for i in 0..14 {
            r.record(
                i * 100,
                report(
                    "replicaset/web-1",
                    "SuccessfulCreate",
                    &format!("Created pod: web-1-{i}"),
                ),
            );
        }
        let messages: Vec<_> = r.events().iter().map(|e| (e.message.as_str(), e.count)).collect();
        assert_eq!(messages.len(), 10);
        assert_eq!(messages[8], ("Created pod: web-1-8", 1));
        assert_eq!(
            messages[9],
            ("(combined from similar events): Created pod: web-1-13", 5)
        );
        // Ten minutes later the similarity record starts afresh.
        r.record(
            1_300 + AGGREGATE_INTERVAL_MS + 1,
            report("replicaset/web-1", "SuccessfulCreate", "Created pod: web-1-99"),
        );
        assert_eq!(
            r.events().back().map(|e| e.message.as_str()),
            Some("Created pod: web-1-99")
        );
    }

    #[test]
    fn the_spam_filter_lets_25_through_then_one_every_five_minutes() {
        let mut r = Recorder::default();
        for _ in 0..40 {
            r.record(0, report("pod/a", "Unhealthy", "Readiness probe failed"));
        }
        assert_eq!(r.events()[0].count, 25);
        // The logger kept counting what the filter dropped: the next write says so.
        r.record(
            SPAM_REFILL_MS,
            report("pod/a", "Unhealthy", "Readiness probe failed"),
        );
        assert_eq!(r.events()[0].count, 41);
        r.record(
            SPAM_REFILL_MS + 1,
            report("pod/a", "Unhealthy", "Readiness probe failed"),
        );
        assert_eq!(r.events()[0].count, 41, "no token left");
        // Another object has a bucket of its own.
        r.record(
            SPAM_REFILL_MS + 1,
            report("pod/b", "Unhealthy", "Readiness probe failed"),
        );
        assert_eq!(r.events().len(), 2);
    }

    #[test]
    fn events_expire_an_hour_after_their_last_update_and_never_exceed_the_cap() {
        let mut r = Recorder::default();
        r.record(0, report("pod/a", "Started", "Started container app"));
        r.record(1_000, report("pod/b", "Started", "Started container app"));
        r.record(
            EVENT_TTL_MS - 1,
            report("pod/b", "Started", "Started container app"),
        );
        r.expire(EVENT_TTL_MS);
        let left: Vec<_> = r.events().iter().map(|e| e.object.as_str()).collect();
        assert_eq!(left, ["pod/b"]);
        for i in 0..(EVENT_CAP as u64 + 50) {
            r.record(
                EVENT_TTL_MS + i,
                report(&format!("pod/p{i}"), "Started", "Started container app"),
            );
        }
        assert_eq!(r.events().len(), EVENT_CAP);
        assert_eq!(r.events()[0].object, "pod/p50", "the oldest went first");
        // The patch of an evicted event creates it again, its count carried on.
        r.record(
            EVENT_TTL_MS + 5_000,
            report("pod/p0", "Started", "Started container app"),
        );
        let again = r.events().back().expect("recorded");
        assert_eq!((again.object.as_str(), again.count), ("pod/p0", 2));
    }

    #[test]
    fn the_correlator_forgets_the_least_recently_used_beyond_its_cache() {
        let mut r = Recorder::default();
        // A burst within one tick, then more: every cache stays within its bound.
        for i in 0..12_000u64 {
            r.record(
                i / 5_000 * 50,
                report(&format!("pod/p{i}"), "Started", "Started container app"),
            );
        }
        for len in [r.logged.len(), r.aggregates.len(), r.spam.len()] {
            assert!((CACHE_SIZE..=CACHE_SIZE + CACHE_SIZE / 4).contains(&len), "{len}");
        }
        // The most recent stay remembered: a repeat of the last one counts up.
        r.record(200, report("pod/p11999", "Started", "Started container app"));
        assert_eq!(
            r.events().back().map(|e| (e.object.as_str(), e.count)),
            Some(("pod/p11999", 2))
        );
    }
}
