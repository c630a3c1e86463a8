//! Why?: a failure explained as a chain of causes, symptom first, root last. For a Service, a
//! Deployment, a pod, an Ingress or the last failed request it walks what Kubernetes walks
//! (DNS name → Service → selector → EndpointSlice conditions → pods → scheduling → kubelet →
//! probes → ports → traffic policies), reading the cluster's state and events, and names each
//! cause's objects and fields (with their line in the learner's YAML when given the text), its
//! evidence (the event, the label sets side by side) and a fix the learner can run.
//!
//! Entry: [`diagnose`] for one target, [`Index`] + [`Index::service`] for many (the stage's
//! badges, the benchmark); [`Diagnosis::text`] and [`Diagnosis::json`] for `podscape why`.

mod source;
mod walk;

#[cfg(test)]
mod tests;

use crate::cluster::{Cluster, Event, Pod};
use std::collections::BTreeMap;

pub use source::Source;

/// What the learner asks about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    Service(String),
    Deployment(String),
    Pod(String),
    Ingress(String),
    /// The newest request that failed.
    Request,
}

impl Target {
    /// `service/web`, `svc/web`, `deployment/web`, `deploy/web`, `pod/x`, `po/x`, `ingress/x`,
    /// `ing/x`, `request`.
    pub fn parse(text: &str) -> Option<Target> {
        if text == "request" {
            return Some(Target::Request);
        }
        let (kind, name) = text.split_once('/')?;
        if name.is_empty() || name.contains('/') {
            return None;
        }
        let name = name.to_string();
        Some(match kind {
            "service" | "services" | "svc" => Target::Service(name),
            "deployment" | "deployments" | "deploy" => Target::Deployment(name),
            "pod" | "pods" | "po" => Target::Pod(name),
            "ingress" | "ingresses" | "ing" => Target::Ingress(name),
            _ => return None,
        })
    }

    /// The subject as the diagnosis names it (`service/web`).
    pub fn subject(&self) -> String {
        match self {
            Target::Service(n) => format!("service/{n}"),
            Target::Deployment(n) => format!("deployment/{n}"),
            Target::Pod(n) => format!("pod/{n}"),
            Target::Ingress(n) => format!("ingress/{n}"),
            Target::Request => "request".into(),
        }
    }
}

/// One object a cause names: `kind/name` in its namespace, the field, and its line in the
/// learner's YAML when the text was given and holds it.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct ObjectRef {
    pub kind: String,
    pub name: String,
    pub namespace: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
}

impl ObjectRef {
    pub fn new(kind: &str, namespace: &str, name: &str) -> ObjectRef {
        ObjectRef {
            kind: kind.to_string(),
            name: name.to_string(),
            namespace: namespace.to_string(),
            field: None,
            line: None,
        }
    }

    pub fn field(mut self, field: impl Into<String>) -> ObjectRef {
        self.field = Some(field.into());
        self
    }

    /// `service/web`.
    pub fn reference(&self) -> String {
        format!("{}/{}", self.kind, self.name)
    }
}

/// One link of the chain.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Cause {
    pub code: &'static str,
    pub message: String,
    pub objects: Vec<ObjectRef>,
    /// A command the learner can run (a kubectl patch for a YAML change), echoed as it runs.
    pub fix: Option<String>,
    pub message_ru: String,
    /// What shows it: an event's text, a rule, label sets side by side.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<String>,
}

impl Cause {
    fn new(code: &'static str, message: String, message_ru: String) -> Cause {
        Cause {
            code,
            message,
            message_ru,
            objects: Vec::new(),
            fix: None,
            evidence: Vec::new(),
        }
    }

    fn object(mut self, o: ObjectRef) -> Cause {
        self.objects.push(o);
        self
    }

    fn evidence(mut self, line: impl Into<String>) -> Cause {
        self.evidence.push(line.into());
        self
    }

    fn fix(mut self, command: impl Into<String>) -> Cause {
        self.fix = Some(command.into());
        self
    }
}

/// The verdict on one subject: the chain from symptom to root (`[healthy]` when all is well).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Diagnosis {
    pub subject: String,
    pub healthy: bool,
    pub causes: Vec<Cause>,
}

/// Causes that describe a working subject (by design, not a failure).
const BENIGN: &[&str] = &["healthy", "affinity-pinned"];

impl Diagnosis {
    fn of(subject: String, causes: Vec<Cause>) -> Diagnosis {
        let causes = if causes.is_empty() && subject == "request" {
            vec![Cause::new(
                "healthy",
                "no request failed in the last 10 minutes".into(),
                "за последние 10 минут ни один запрос не завершился ошибкой".into(),
            )]
        } else if causes.is_empty() {
            vec![Cause::new(
                "healthy",
                format!("{subject} works: nothing to explain"),
                format!("{subject} работает: объяснять нечего"),
            )]
        } else {
            causes
        };
        Diagnosis {
            healthy: causes.iter().all(|c| BENIGN.contains(&c.code)),
            subject,
            causes,
        }
    }

    /// The codes in order.
    pub fn codes(&self) -> Vec<&'static str> {
        self.causes.iter().map(|c| c.code).collect()
    }

    /// The root: the last cause.
    pub fn root(&self) -> Option<&Cause> {
        self.causes.last()
    }

    /// What `podscape why` prints: symptom → cause → root, evidence indented, a `Fix:` line.
    pub fn text(&self) -> String {
        let mut out = format!(
            "{}: {}\n",
            self.subject,
            if self.healthy { "healthy" } else { "not healthy" }
        );
        let last = self.causes.len().saturating_sub(1);
        for (i, c) in self.causes.iter().enumerate() {
            let label = match i {
                _ if self.causes.len() == 1 => "",
                0 => "symptom: ",
                _ if i == last => "root: ",
                _ => "because: ",
            };
            out.push_str(&format!(
                "{}[{}] {label}{}\n",
                "  ".repeat(i.min(6)),
                c.code,
                c.message
            ));
            let pad = "  ".repeat(i.min(6) + 2);
            for o in &c.objects {
                let at = match (&o.field, o.line) {
                    (Some(f), Some(l)) => format!(" {f} (line {l})"),
                    (Some(f), None) => format!(" {f}"),
                    _ => String::new(),
                };
                out.push_str(&format!("{pad}{} -n {}{at}\n", o.reference(), o.namespace));
            }
            for e in &c.evidence {
                out.push_str(&format!("{pad}| {e}\n"));
            }
            if let Some(fix) = &c.fix {
                out.push_str(&format!("{pad}Fix: {fix}\n"));
            }
        }
        out
    }

    /// `{"subject":…,"healthy":…,"causes":[{"code","message","objects","fix",…}]}`.
    pub fn json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default() + "\n"
    }
}

/// The cluster read once for many diagnoses: pods by namespace and label, events by object,
/// the learner's YAML parsed once.
pub struct Index<'a> {
    pub(crate) cluster: &'a Cluster,
    /// (namespace, label key, label value) → pods carrying it.
    by_label: BTreeMap<(&'a str, &'a str, &'a str), Vec<&'a Pod>>,
    /// (namespace, pod name) → the pod's events, oldest first.
    events: BTreeMap<(&'a str, &'a str), Vec<&'a Event>>,
    /// (namespace, ReplicaSet) → its Deployment.
    owners: BTreeMap<(&'a str, &'a str), &'a str>,
    /// Each namespace's workloads (`deployment/web`) with one of their pods, for "did you mean".
    pub(crate) workloads: BTreeMap<&'a str, Vec<(String, &'a Pod)>>,
    pub(crate) source: Source,
}

impl<'a> Index<'a> {
    /// Reads `cluster` once; `source` is the learner's YAML (for line numbers), if any.
    pub fn new(cluster: &'a Cluster, source: Option<&str>) -> Index<'a> {
        let mut by_label: BTreeMap<(&str, &str, &str), Vec<&Pod>> = BTreeMap::new();
        for p in cluster.pods() {
            for (k, v) in p.labels.iter() {
                by_label
                    .entry((p.namespace.as_str(), k.as_str(), v.as_str()))
                    .or_default()
                    .push(p);
            }
        }
        let mut events: BTreeMap<(&str, &str), Vec<&Event>> = BTreeMap::new();
        for e in cluster.events() {
            if let Some(pod) = e.object.strip_prefix("pod/") {
                events.entry((e.namespace.as_str(), pod)).or_default().push(e);
            }
        }
        let owners = cluster
            .replica_sets()
            .iter()
            .map(|r| ((r.namespace.as_str(), r.name.as_str()), r.owner.as_str()))
            .collect();
        let mut index = Index {
            cluster,
            by_label,
            events,
            owners,
            workloads: BTreeMap::new(),
            source: Source::new(source),
        };
        let mut workloads: BTreeMap<&str, Vec<(String, &Pod)>> = BTreeMap::new();
        let mut seen = std::collections::BTreeSet::new();
        for p in cluster.pods().iter().filter(|p| p.deletion_ms.is_none()) {
            let (kind, name) = index.workload(p);
            if kind == "daemonset" {
                continue;
            }
            let w = format!("{kind}/{name}");
            if seen.insert((p.namespace.as_str(), w.clone())) {
                workloads.entry(p.namespace.as_str()).or_default().push((w, p));
            }
        }
        index.workloads = workloads;
        index
    }

    /// The pods of `namespace` a map-selector matches (an empty selector matches none, as a
    /// Service's does).
    pub(crate) fn selected(&self, namespace: &str, selector: &BTreeMap<String, String>) -> Vec<&'a Pod> {
        let Some((k, v)) = selector.iter().next() else {
            return Vec::new();
        };
        let Some(candidates) = self.by_label.get(&(namespace, k.as_str(), v.as_str())) else {
            return Vec::new();
        };
        candidates
            .iter()
            .filter(|p| p.deletion_ms.is_none())
            .filter(|p| selector.iter().all(|(k, v)| p.labels.get(k) == Some(v)))
            .copied()
            .collect()
    }

    /// The Deployment owning ReplicaSet `rs` in `namespace`.
    pub(crate) fn owner_of(&self, namespace: &str, rs: &str) -> Option<&'a str> {
        self.owners.get(&(namespace, rs)).copied()
    }

    /// The events of pod `pod` in `namespace`, oldest first.
    pub(crate) fn events_of<'s>(&'s self, namespace: &'s str, pod: &'s str) -> &'s [&'s Event] {
        self.events
            .get(&(namespace, pod))
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    /// Every Service's diagnosis (the stage's badges, the benchmark).
    pub fn all_services(&self) -> Vec<Diagnosis> {
        self.cluster
            .services()
            .map(|s| self.service(&s.spec.namespace, &s.spec.name))
            .collect()
    }
}

/// What `podscape why` can be asked about in `namespace`, for completion.
pub fn subjects(cluster: &Cluster, namespace: &str) -> Vec<String> {
    let mut out = vec!["request".to_string()];
    out.extend(
        cluster
            .services()
            .filter(|s| s.spec.namespace == namespace)
            .map(|s| format!("service/{}", s.spec.name)),
    );
    out.extend(
        cluster
            .deployments()
            .filter(|d| d.spec.namespace == namespace)
            .map(|d| format!("deployment/{}", d.spec.name)),
    );
    out.extend(
        cluster
            .pods()
            .iter()
            .filter(|p| p.namespace == namespace)
            .map(|p| format!("pod/{}", p.name)),
    );
    out.extend(
        cluster
            .ingresses()
            .filter(|i| i.spec.namespace == namespace)
            .map(|i| format!("ingress/{}", i.spec.name)),
    );
    out
}

/// Diagnoses `target` in `namespace`; `source` is the learner's YAML, for line numbers.
pub fn diagnose(cluster: &Cluster, target: &Target, namespace: &str, source: Option<&str>) -> Diagnosis {
    let index = Index::new(cluster, source);
    match target {
        Target::Service(name) => index.service(namespace, name),
        Target::Deployment(name) => index.deployment(namespace, name),
        Target::Pod(name) => index.pod(namespace, name),
        Target::Ingress(name) => index.ingress(namespace, name),
        Target::Request => index.request(),
    }
}

/// `podscape why TARGET [-n NS] [-o json] [-f FILE]`: the output and the exit code (0 healthy,
/// 1 not, 2 on a usage error).
pub fn command(
    cluster: &Cluster,
    args: &[&str],
    files: &dyn Fn(&str) -> Option<String>,
) -> (i32, String, String) {
    const USAGE: &str =
        "Usage: podscape why (service|deployment|pod|ingress)/NAME | request [-n NAMESPACE] [-o json] [-f FILE]\n";
    let mut target = None;
    let mut namespace = cluster.context_namespace().to_string();
    let mut json = false;
    let mut source = None;
    let mut words = args.iter();
    while let Some(word) = words.next() {
        match *word {
            "-n" | "--namespace" => match words.next() {
                Some(ns) => namespace = ns.to_string(),
                None => {
                    return (
                        2,
                        String::new(),
                        format!("podscape: {word} needs a namespace\n{USAGE}"),
                    )
                }
            },
            "-o" | "--output" => match words.next() {
                Some(&"json") => json = true,
                Some(&"text") => json = false,
                other => {
                    let o = other.copied().unwrap_or("");
                    return (
                        2,
                        String::new(),
                        format!("podscape: unknown output format {o:?} (text, json)\n{USAGE}"),
                    );
                }
            },
            "-o=json" | "--output=json" | "-ojson" => json = true,
            "-f" | "--filename" => match words.next().and_then(|f| files(f)) {
                Some(text) => source = Some(text),
                None => {
                    return (
                        2,
                        String::new(),
                        format!("podscape: {word} needs a readable file\n{USAGE}"),
                    )
                }
            },
            w if w.starts_with("--namespace=") => namespace = w["--namespace=".len()..].to_string(),
            w if target.is_none() => match Target::parse(w) {
                Some(t) => target = Some(t),
                None => {
                    return (
                        2,
                        String::new(),
                        format!("podscape: unknown target {w:?}\n{USAGE}"),
                    )
                }
            },
            w => {
                return (
                    2,
                    String::new(),
                    format!("podscape: unexpected argument {w:?}\n{USAGE}"),
                )
            }
        }
    }
    let Some(target) = target else {
        return (2, String::new(), format!("podscape: why what?\n{USAGE}"));
    };
    let d = diagnose(cluster, &target, &namespace, source.as_deref());
    let out = if json { d.json() } else { d.text() };
    (i32::from(!d.healthy), out, String::new())
}
