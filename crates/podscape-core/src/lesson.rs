//! Lessons: a scenario plus steps whose goals are checked against the live cluster. They live
//! in `static/lessons/` as YAML data, so a trainer can write one without Rust.
//!
//! A step is done once all its goals hold, in order: a step's goals are only checked after the
//! previous step is done, so a state the cluster passes through on its own (three pods becoming
//! ready at start) does not tick a later step.

use crate::cluster::Cluster;
use crate::manifest::yaml::{self, Node};
use crate::proxy::ProxyMode;

/// The built-in lessons, in order.
pub const SOURCES: &[&str] = &[
    include_str!("../../../static/lessons/01-why-services.yaml"),
    include_str!("../../../static/lessons/02-scale.yaml"),
    include_str!("../../../static/lessons/03-selectors.yaml"),
    include_str!("../../../static/lessons/04-endpointslices.yaml"),
    include_str!("../../../static/lessons/05-readiness.yaml"),
    include_str!("../../../static/lessons/06-ports.yaml"),
    include_str!("../../../static/lessons/07-multi-port.yaml"),
    include_str!("../../../static/lessons/08-headless-dns.yaml"),
    include_str!("../../../static/lessons/09-external-name.yaml"),
    include_str!("../../../static/lessons/10-nodeport-loadbalancer.yaml"),
    include_str!("../../../static/lessons/11-traffic-policies.yaml"),
    include_str!("../../../static/lessons/12-session-affinity.yaml"),
    include_str!("../../../static/lessons/13-discovery.yaml"),
    include_str!("../../../static/lessons/14-iptables.yaml"),
    include_str!("../../../static/lessons/15-ipvs.yaml"),
    include_str!("../../../static/lessons/16-nftables.yaml"),
    include_str!("../../../static/lessons/17-ingress.yaml"),
    include_str!("../../../static/lessons/18-rolling-update.yaml"),
    include_str!("../../../static/lessons/19-upstream-failures.yaml"),
    include_str!("../../../static/lessons/rewind.yaml"),
];

/// A text in both languages.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Text {
    pub en: String,
    pub ru: String,
}

impl Text {
    pub fn get(&self, ru: bool) -> &str {
        if ru {
            &self.ru
        } else {
            &self.en
        }
    }

    pub fn is_empty(&self) -> bool {
        self.en.is_empty() && self.ru.is_empty()
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Lesson {
    pub id: String,
    pub title_en: String,
    pub title_ru: String,
    /// What the lesson assumes the learner knows (the lessons it builds on).
    pub assumes: Text,
    /// The scenario it starts from (`static/scenarios/<id>.yaml`).
    pub scenario: String,
    pub steps: Vec<Step>,
    /// Commands that complete the lesson (every step's, in order): CI runs them to prove the
    /// goals are reachable.
    pub solution: Vec<String>,
    /// Files the solution applies with `-f` (name → YAML); `playground.yaml` is the scenario.
    pub files: Vec<(String, String)>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Step {
    /// The concept, in a few sentences (`explain:`; the first format's `text:`).
    pub text_en: String,
    pub text_ru: String,
    /// The matching section of the Kubernetes documentation.
    pub doc: Option<String>,
    /// What to do.
    pub task: Text,
    /// Why it matters.
    pub why: Text,
    /// What on the stage or in the inspector the step talks about.
    pub highlight: Vec<Highlight>,
    pub predict: Option<Predict>,
    pub goals: Vec<Goal>,
    /// For each goal, what is not there yet when it fails.
    pub missing: Vec<Text>,
    /// Given one at a time.
    pub hints: Vec<Text>,
    /// What "show me" runs (and CI replays).
    pub solution: Vec<String>,
}

/// A question asked before the step's outcome, answered next to it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Predict {
    pub question: Text,
    pub choices: Vec<Text>,
    /// The indices of the correct choices.
    pub answer: Vec<usize>,
    /// Shown next to the learner's answer once the outcome is there.
    pub explain: Text,
}

/// What a step points at: `kind/name` in the lesson file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Highlight {
    /// `service`, `deployment` (its box and its pods), `pod`, `node`, `tab` (an inspector
    /// tab: `rules`, `dns`, `objects`…) or `chain` (a rule chain: the Rules tab, with the name).
    pub kind: String,
    pub name: String,
}

const HIGHLIGHT_KINDS: &[&str] = &["service", "deployment", "pod", "node", "tab", "chain"];

/// What must hold in the cluster (or in the terminal's history) for a step to be done.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Goal {
    /// The learner ran a command starting with this.
    Ran(String),
    /// The learner ran a command containing this.
    RanContaining(String),
    /// This many ready, non-terminating pods of the Deployment.
    ReadyPods {
        deployment: String,
        count: usize,
    },
    /// This many ready endpoints behind the Service.
    Endpoints {
        service: String,
        count: usize,
    },
    /// The Deployment's rollout to this image is complete.
    RolledOut {
        deployment: String,
        image: String,
    },
    ProxyMode(ProxyMode),
    /// This many running pods whose readiness probe the learner broke.
    ReadinessFailing(usize),
    /// The Service's `externalTrafficPolicy` / `internalTrafficPolicy` are these (`None`: any).
    TrafficPolicy {
        service: String,
        external: Option<String>,
        internal: Option<String>,
    },
    /// A node routed a connection (to `port`, if given) with this outcome: `served`, `refused`
    /// or `dropped`; for `served`, `masquerade` (SNAT) if given must match too.
    Connection {
        port: Option<u16>,
        verdict: String,
        masquerade: Option<bool>,
    },
    /// The Ingress has an address: the ingress controller has published its status.
    IngressAddress(String),
    /// The pod is running and its container's environment has (`set`) or lacks the variable.
    PodEnv {
        pod: String,
        var: String,
        set: bool,
    },
    /// The ingress controller answered a request with this status, for this Host (if given),
    /// from this Service (if given).
    IngressRequest {
        host: Option<String>,
        service: Option<String>,
        status: u16,
    },
    /// Requests sent by the learner (not the page's traffic generator) were answered by
    /// distinct pods of the Deployment: exactly `pods` among the `last` such requests, if given
    /// (and at least that many were sent), else at least `pods` among all the log still holds.
    Served {
        deployment: String,
        pods: usize,
        last: Option<usize>,
    },
    /// The Service's EndpointSlice holds this many ready endpoints (and, if given, this many
    /// not ready, and this many terminating).
    Slice {
        service: String,
        ready: usize,
        not_ready: Option<usize>,
        terminating: Option<usize>,
    },
    /// Cluster DNS answers `name` (from a pod in `default`) with this many records, and one of
    /// them contains `contains`, if given.
    Dns {
        name: String,
        answers: Option<usize>,
        contains: Option<String>,
    },
    /// A node's rules in the current proxy mode (`mode`, if given, must be the current one)
    /// contain this text.
    Rule {
        node: String,
        mode: Option<ProxyMode>,
        contains: String,
    },
    /// The Service exists and its spec has what is given.
    Service {
        name: String,
        service_type: Option<String>,
        headless: Option<bool>,
        ports: Option<usize>,
        /// `ClientIP` or `None`.
        affinity: Option<String>,
        /// Its first port's targetPort, as written (`9376`, `http`).
        target_port: Option<String>,
    },
    /// This many active pods match the label query (`app=web,tier=backend`).
    Labeled {
        selector: String,
        count: usize,
    },
}

impl Goal {
    pub fn holds(&self, cluster: &Cluster, history: &[String]) -> bool {
        let ns = "default";
        match self {
            Goal::Ran(prefix) => history.iter().any(|c| c.trim().starts_with(prefix.as_str())),
            Goal::RanContaining(part) => history.iter().any(|c| c.contains(part.as_str())),
            Goal::ReadyPods { deployment, count } => {
                let owned: Vec<&str> = cluster
                    .replica_sets()
                    .iter()
                    .filter(|rs| rs.owner == *deployment && rs.namespace == ns)
                    .map(|rs| rs.name.as_str())
                    .collect();
                cluster
                    .pods()
                    .iter()
                    .filter(|p| {
                        p.is_active() && p.ready && p.owner.as_deref().is_some_and(|o| owned.contains(&o))
                    })
                    .count()
                    == *count
            }
            Goal::Endpoints { service, count } => cluster
                .service(ns, service)
                .is_some_and(|s| cluster.endpoints(s).len() == *count),
            Goal::RolledOut { deployment, image } => cluster.deployment(ns, deployment).is_some_and(|d| {
                d.spec.template.containers.iter().any(|c| c.image == *image)
                    && d.status.updated_replicas == d.spec.replicas
                    && d.status.replicas == d.spec.replicas
                    && d.status.available_replicas == d.spec.replicas
            }),
            Goal::ProxyMode(mode) => cluster.proxy_mode() == *mode,
            Goal::ReadinessFailing(count) => {
                cluster
                    .pods()
                    .iter()
                    .filter(|p| p.is_active() && p.readiness_failing)
                    .count()
                    == *count
            }
            Goal::TrafficPolicy {
                service,
                external,
                internal,
            } => cluster.service(ns, service).is_some_and(|s| {
                let etp = s.spec.external_traffic_policy.as_deref().unwrap_or("Cluster");
                external.as_deref().is_none_or(|e| e == etp)
                    && internal
                        .as_deref()
                        .is_none_or(|i| i == s.spec.internal_traffic_policy)
            }),
            Goal::Connection {
                port,
                verdict,
                masquerade,
            } => cluster.connections().iter().any(|c| {
                let outcome = match c.verdict {
                    crate::proxy::Verdict::Dnat { masquerade: m, .. } => {
                        verdict == "served" && masquerade.is_none_or(|want| want == m)
                    }
                    crate::proxy::Verdict::Reject => verdict == "refused",
                    crate::proxy::Verdict::Drop => verdict == "dropped",
                    crate::proxy::Verdict::NoMatch => false,
                };
                outcome && port.is_none_or(|p| p == c.dst_port)
            }),
            Goal::IngressAddress(name) => cluster.ingress(ns, name).is_some_and(|i| i.address.is_some()),
            Goal::PodEnv { pod, var, set } => cluster
                .pod(ns, pod)
                .is_some_and(|p| p.status() == "Running" && p.env.iter().any(|(k, _)| k == var) == *set),
            Goal::IngressRequest {
                host,
                service,
                status,
            } => cluster.ingress_log().iter().any(|e| {
                e.status == *status
                    && host.as_ref().is_none_or(|h| *h == e.host)
                    && service
                        .as_ref()
                        .is_none_or(|s| e.service.as_deref() == Some(format!("{ns}/{s}").as_str()))
            }),
            Goal::Served {
                deployment,
                pods,
                last,
            } => served_by(cluster, deployment, *last).is_some_and(|distinct| {
                if last.is_some() {
                    distinct == *pods
                } else {
                    distinct >= *pods
                }
            }),
            Goal::Slice {
                service,
                ready,
                not_ready,
                terminating,
            } => cluster
                .service(ns, service)
                .and_then(|s| cluster.endpoint_slice(s))
                .is_some_and(|slice| {
                    let up = slice.endpoints.iter().filter(|e| e.conditions.ready).count();
                    let going = slice.endpoints.iter().filter(|e| e.conditions.terminating);
                    up == *ready
                        && not_ready.is_none_or(|n| slice.endpoints.len() - up == n)
                        && terminating.is_none_or(|n| going.count() == n)
                }),
            Goal::Dns {
                name,
                answers,
                contains,
            } => cluster.resolve(name, ns).is_some_and(|(_, records)| {
                answers.is_none_or(|n| records.len() == n)
                    && contains
                        .as_deref()
                        .is_none_or(|c| records.iter().any(|r| r.contains(c)))
            }),
            Goal::Rule { node, mode, contains } => {
                mode.is_none_or(|m| m == cluster.proxy_mode())
                    && cluster.render_rules(node).contains(contains.as_str())
            }
            Goal::Service {
                name,
                service_type,
                headless,
                ports,
                affinity,
                target_port,
            } => cluster.service(ns, name).is_some_and(|s| {
                let spec = &s.spec;
                let target = spec.ports.first().map(|p| match &p.target_port {
                    crate::manifest::IntOrString::Int(n) => n.to_string(),
                    crate::manifest::IntOrString::String(n) => n.clone(),
                });
                let client_ip = if spec.session_affinity_timeout.is_some() {
                    "ClientIP"
                } else {
                    "None"
                };
                service_type.as_deref().is_none_or(|t| t == spec.service_type)
                    && headless.is_none_or(|h| h == (s.cluster_ip == "None"))
                    && ports.is_none_or(|n| n == spec.ports.len())
                    && affinity.as_deref().is_none_or(|a| a == client_ip)
                    && target_port.as_ref().is_none_or(|t| target.as_ref() == Some(t))
            }),
            Goal::Labeled { selector, count } => {
                let query = crate::api::LabelSelector::parse_query(selector);
                cluster
                    .pods()
                    .iter()
                    .filter(|p| p.is_active() && p.namespace == ns && query.matches(&p.labels))
                    .count()
                    == *count
            }
        }
    }
}

/// How far a learner has come: steps done so far, given the cluster now and the history.
/// Steps complete in order; call it after every command and every frame.
pub fn progress(lesson: &Lesson, done: usize, cluster: &Cluster, history: &[String]) -> usize {
    let mut done = done.min(lesson.steps.len());
    while let Some(step) = lesson.steps.get(done) {
        if step.goals.iter().all(|g| g.holds(cluster, history)) {
            done += 1;
        } else {
            break;
        }
    }
    done
}

/// Which of a step's goals do not hold now (their indices): what a failed check lists.
pub fn missing(step: &Step, cluster: &Cluster, history: &[String]) -> Vec<usize> {
    step.goals
        .iter()
        .enumerate()
        .filter(|(_, g)| !g.holds(cluster, history))
        .map(|(i, _)| i)
        .collect()
}

/// How many distinct pods of `deployment` answered the learner's requests (the newest `last`
/// of them, if given: `None` when fewer were sent). The page's traffic generator (the
/// frontend stand-in) and the pods that run a client loop (the default scenario's `web`) are
/// not the learner.
fn served_by(cluster: &Cluster, deployment: &str, last: Option<usize>) -> Option<usize> {
    let generator = crate::cluster::frontend().ip;
    let looping: Vec<&str> = cluster
        .pods()
        .iter()
        .filter(|p| {
            p.template
                .containers
                .first()
                .and_then(crate::cluster::client_loop)
                .is_some()
        })
        .filter_map(|p| p.ip.as_deref())
        .collect();
    let owned: Vec<&str> = cluster
        .replica_sets()
        .iter()
        .filter(|rs| rs.owner == deployment && rs.namespace == "default")
        .map(|rs| rs.name.as_str())
        .collect();
    let mut timed: Vec<(u64, &str)> = cluster
        .pods()
        .iter()
        .filter(|p| p.owner.as_deref().is_some_and(|o| owned.contains(&o)))
        .flat_map(|p| cluster.served_requests(&p.uid))
        .filter(|r| r.client_ip != generator && !looping.contains(&r.client_ip.as_str()))
        .map(|r| (r.ms, r.pod_uid.as_str()))
        .collect();
    let wanted = last.unwrap_or(timed.len()).max(1);
    if timed.len() < wanted {
        return None;
    }
    // Newest first (the log is bounded, so is this).
    timed.sort_by_key(|(ms, _)| std::cmp::Reverse(*ms));
    let mut answered: Vec<&str> = timed.into_iter().take(wanted).map(|(_, uid)| uid).collect();
    answered.sort_unstable();
    answered.dedup();
    Some(answered.len())
}

fn both(node: Option<&Node>) -> Text {
    Text {
        en: text(node, "en"),
        ru: text(node, "ru"),
    }
}

/// A list of strings (a lone string is a list of one).
fn strings(node: Option<&Node>) -> Vec<String> {
    match node {
        Some(n) if n.as_str().is_some() => n.as_str().map(str::to_string).into_iter().collect(),
        Some(n) => n
            .items()
            .iter()
            .filter_map(|n| n.as_str().map(str::to_string))
            .collect(),
        None => Vec::new(),
    }
}

fn text(node: Option<&Node>, lang: &str) -> String {
    node.and_then(|n| n.get(lang))
        .and_then(Node::as_str)
        .unwrap_or_default()
        .to_string()
}

fn goal(node: &Node) -> Result<Goal, String> {
    let field = |key: &str| node.get(key).and_then(Node::as_str).map(str::to_string);
    let count = || {
        node.get("count")
            .and_then(Node::as_i64)
            .and_then(|c| usize::try_from(c).ok())
    };
    let need = |v: Option<String>, key: &str| v.ok_or_else(|| format!("goal needs `{key}`"));
    let number = |key: &str| -> Result<Option<usize>, String> {
        match node.get(key) {
            None => Ok(None),
            Some(n) => n
                .as_i64()
                .and_then(|n| usize::try_from(n).ok())
                .map(Some)
                .ok_or_else(|| format!("goal `{key}` must be a number")),
        }
    };
    match field("type").as_deref() {
        Some("ran") => match (field("prefix"), field("contains")) {
            (Some(prefix), _) => Ok(Goal::Ran(prefix)),
            (None, Some(part)) => Ok(Goal::RanContaining(part)),
            _ => Err("goal needs `prefix` or `contains`".into()),
        },
        Some("ready-pods") => Ok(Goal::ReadyPods {
            deployment: need(field("deployment"), "deployment")?,
            count: count().ok_or("goal needs `count`")?,
        }),
        Some("endpoints") => Ok(Goal::Endpoints {
            service: need(field("service"), "service")?,
            count: count().ok_or("goal needs `count`")?,
        }),
        Some("rolled-out") => Ok(Goal::RolledOut {
            deployment: need(field("deployment"), "deployment")?,
            image: need(field("image"), "image")?,
        }),
        Some("proxy-mode") => match field("mode").as_deref() {
            Some("iptables") => Ok(Goal::ProxyMode(ProxyMode::Iptables)),
            Some("ipvs") => Ok(Goal::ProxyMode(ProxyMode::Ipvs)),
            Some("nftables") => Ok(Goal::ProxyMode(ProxyMode::Nftables)),
            other => Err(format!("unknown proxy mode {other:?}")),
        },
        Some("readiness-failing") => Ok(Goal::ReadinessFailing(count().ok_or("goal needs `count`")?)),
        Some("traffic-policy") => {
            let policy = |key: &str| match field(key).as_deref() {
                None => Ok(None),
                Some(p @ ("Local" | "Cluster")) => Ok(Some(p.to_string())),
                Some(other) => Err(format!("unknown traffic policy {other:?} (Local, Cluster)")),
            };
            Ok(Goal::TrafficPolicy {
                service: need(field("service"), "service")?,
                external: policy("external")?,
                internal: policy("internal")?,
            })
        }
        Some("connection") => {
            let verdict = need(field("verdict"), "verdict")?;
            if !["served", "refused", "dropped"].contains(&verdict.as_str()) {
                return Err(format!("unknown verdict {verdict:?} (served, refused, dropped)"));
            }
            let port = match node.get("port") {
                None => None,
                Some(p) => Some(
                    p.as_i64()
                        .and_then(|p| u16::try_from(p).ok())
                        .ok_or("goal `port` must be a port number")?,
                ),
            };
            let masquerade = match node.get("masquerade") {
                None => None,
                Some(m) => Some(m.as_bool().ok_or("goal `masquerade` must be true or false")?),
            };
            Ok(Goal::Connection {
                port,
                verdict,
                masquerade,
            })
        }
        Some("pod-env") => Ok(Goal::PodEnv {
            pod: need(field("pod"), "pod")?,
            var: need(field("var"), "var")?,
            set: node
                .get("set")
                .and_then(Node::as_bool)
                .ok_or("goal `set` must be true or false")?,
        }),
        Some("ingress-address") => Ok(Goal::IngressAddress(need(field("ingress"), "ingress")?)),
        Some("ingress-request") => Ok(Goal::IngressRequest {
            host: field("host"),
            service: field("service"),
            status: node
                .get("status")
                .and_then(Node::as_i64)
                .and_then(|s| u16::try_from(s).ok())
                .ok_or("goal needs `status`")?,
        }),
        Some("served") => Ok(Goal::Served {
            deployment: need(field("deployment"), "deployment")?,
            pods: number("pods")?.ok_or("goal needs `pods`")?,
            last: number("last")?,
        }),
        Some("endpoint-slice") => Ok(Goal::Slice {
            service: need(field("service"), "service")?,
            ready: number("ready")?.ok_or("goal needs `ready`")?,
            not_ready: number("not-ready")?,
            terminating: number("terminating")?,
        }),
        Some("dns") => Ok(Goal::Dns {
            name: need(field("name"), "name")?,
            answers: number("answers")?,
            contains: field("contains"),
        }),
        Some("rule") => Ok(Goal::Rule {
            node: field("node").unwrap_or_else(|| "podscape-worker".to_string()),
            mode: match field("mode").as_deref() {
                None => None,
                Some("iptables") => Some(ProxyMode::Iptables),
                Some("ipvs") => Some(ProxyMode::Ipvs),
                Some("nftables") => Some(ProxyMode::Nftables),
                Some(other) => return Err(format!("unknown proxy mode {other:?}")),
            },
            contains: need(field("contains"), "contains")?,
        }),
        Some("service") => Ok(Goal::Service {
            name: need(field("name"), "name")?,
            service_type: field("service-type"),
            headless: match node.get("headless") {
                None => None,
                Some(h) => Some(h.as_bool().ok_or("goal `headless` must be true or false")?),
            },
            ports: number("ports")?,
            affinity: field("affinity"),
            target_port: match node.get("target-port") {
                None => None,
                Some(t) => Some(
                    t.as_str()
                        .map(str::to_string)
                        .or_else(|| t.as_i64().map(|n| n.to_string()))
                        .ok_or("goal `target-port` must be a port")?,
                ),
            },
        }),
        Some("labeled") => Ok(Goal::Labeled {
            selector: need(field("selector"), "selector")?,
            count: count().ok_or("goal needs `count`")?,
        }),
        other => Err(format!("unknown goal type {other:?}")),
    }
}

/// Reads one lesson; a message says what is wrong otherwise.
pub fn parse(source: &str) -> Result<Lesson, String> {
    let (documents, error) = yaml::parse_stream(source);
    if let Some(e) = error {
        return Err(format!("{}:{}: {}", e.pos.line, e.pos.column, e.message));
    }
    let root = &documents.first().ok_or("empty lesson")?.root;
    let id = root
        .get("id")
        .and_then(Node::as_str)
        .ok_or("a lesson needs an `id`")?
        .to_string();
    let scenario = root
        .get("scenario")
        .and_then(Node::as_str)
        .unwrap_or("default")
        .to_string();
    if crate::scenario::find(&scenario).is_none() {
        return Err(format!("{id}: unknown scenario {scenario:?}"));
    }
    let mut steps = Vec::new();
    for (i, s) in root
        .get("steps")
        .map(Node::items)
        .unwrap_or_default()
        .iter()
        .enumerate()
    {
        let at = |e: String| format!("{id}: step {}: {e}", i + 1);
        let goal_nodes: Vec<&Node> = match (s.get("goal"), s.get("goals")) {
            (Some(g), None) => vec![g],
            (None, Some(list)) => list.items().iter().collect(),
            _ => return Err(at("a step needs `goal` or `goals`".into())),
        };
        let goals = goal_nodes
            .iter()
            .map(|g| goal(g))
            .collect::<Result<Vec<_>, _>>()
            .map_err(at)?;
        let missing = goal_nodes.iter().map(|g| both(g.get("missing"))).collect();
        let explain = s.get("explain").or_else(|| s.get("text"));
        let highlight = strings(s.get("highlight"))
            .into_iter()
            .map(|h| match h.split_once('/') {
                Some((kind, name)) if HIGHLIGHT_KINDS.contains(&kind) && !name.is_empty() => Ok(Highlight {
                    kind: kind.to_string(),
                    name: name.to_string(),
                }),
                _ => Err(at(format!("unknown highlight {h:?} (KIND/NAME)"))),
            })
            .collect::<Result<Vec<_>, _>>()?;
        let predict = match s.get("predict") {
            None => None,
            Some(p) => {
                let choices: Vec<Text> = p
                    .get("choices")
                    .map(Node::items)
                    .unwrap_or_default()
                    .iter()
                    .map(|c| both(Some(c)))
                    .collect();
                let answer: Vec<usize> = match p.get("answer") {
                    Some(a) if a.as_i64().is_some() => a
                        .as_i64()
                        .and_then(|n| usize::try_from(n).ok())
                        .into_iter()
                        .collect(),
                    Some(a) => a
                        .items()
                        .iter()
                        .filter_map(|n| n.as_i64().and_then(|n| usize::try_from(n).ok()))
                        .collect(),
                    None => Vec::new(),
                };
                if choices.len() < 2 || answer.is_empty() || answer.iter().any(|&n| n >= choices.len()) {
                    return Err(at(
                        "`predict` needs two `choices` or more and an `answer` among them".into(),
                    ));
                }
                Some(Predict {
                    question: both(p.get("question")),
                    choices,
                    answer,
                    explain: both(p.get("explain")),
                })
            }
        };
        steps.push(Step {
            text_en: text(explain, "en"),
            text_ru: text(explain, "ru"),
            doc: s.get("doc").and_then(Node::as_str).map(str::to_string),
            task: both(s.get("do")),
            why: both(s.get("why")),
            highlight,
            predict,
            goals,
            missing,
            hints: s
                .get("hints")
                .map(Node::items)
                .unwrap_or_default()
                .iter()
                .map(|h| both(Some(h)))
                .collect(),
            solution: strings(s.get("solution")),
        });
    }
    if steps.is_empty() {
        return Err(format!("{id}: a lesson needs `steps`"));
    }
    // The first format's one list for the lesson; the steps' lists otherwise.
    let mut solution = strings(root.get("solution"));
    for step in &steps {
        solution.extend(step.solution.iter().cloned());
    }
    let files = root
        .get("files")
        .map(Node::entries)
        .unwrap_or_default()
        .iter()
        .filter_map(|e| e.value.as_str().map(|v| (e.key.clone(), v.to_string())))
        .collect();
    Ok(Lesson {
        files,
        id,
        title_en: text(root.get("title"), "en"),
        title_ru: text(root.get("title"), "ru"),
        assumes: both(root.get("assumes")),
        scenario,
        steps,
        solution,
    })
}

/// Every built-in lesson (those that do not parse are left out; a test keeps them parsing).
pub fn all() -> Vec<Lesson> {
    SOURCES.iter().filter_map(|s| parse(s).ok()).collect()
}

/// How long a replayed lesson lets its scenario settle before the first step (a learner reads).
pub const SETTLE_MS: u64 = 20_000;

/// A fresh cluster with the lesson's scenario applied, and what `-f` reads in its solution.
fn start(lesson: &Lesson, seed: u64) -> Option<(Cluster, &'static str)> {
    let scenario = crate::scenario::find(&lesson.scenario)?;
    let mut cluster = Cluster::new(seed);
    cluster.apply(scenario.yaml);
    // The learner reads the first step while the scenario settles.
    cluster.advance(SETTLE_MS);
    Some((cluster, scenario.yaml))
}

fn run_lines(
    lesson: &Lesson,
    scenario: &str,
    cluster: &mut Cluster,
    lines: &[String],
    history: &mut Vec<String>,
) {
    let mut budget = crate::script::Budget::default();
    let files = |name: &str| {
        lesson
            .files
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
            .or_else(|| Some(scenario.to_string()))
    };
    for line in lines {
        crate::script::run_line(cluster, line, &files, &mut budget);
        history.push(line.clone());
    }
}

/// Runs a lesson's solution against a fresh cluster with its scenario applied and returns how
/// many steps it completes: what `podscape lesson` and CI check.
pub fn run_solution(lesson: &Lesson, seed: u64) -> usize {
    let Some((mut cluster, scenario)) = start(lesson, seed) else {
        return 0;
    };
    let mut history = Vec::new();
    let mut done = progress(lesson, 0, &cluster, &history);
    for line in &lesson.solution {
        run_lines(
            lesson,
            scenario,
            &mut cluster,
            std::slice::from_ref(line),
            &mut history,
        );
        done = progress(lesson, done, &cluster, &history);
    }
    done
}

/// What replaying a lesson step by step found wrong: for each step, the goals that already
/// held before its solution ran (a goal that cannot fail checks nothing) and those that did
/// not hold after it.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Replay {
    pub held_before: Vec<(usize, usize)>,
    pub failed_after: Vec<(usize, usize)>,
}

/// Replays each step's solution in turn from the lesson's start: before it, each of the
/// step's goals must fail; after it, all must hold.
pub fn replay(lesson: &Lesson, seed: u64) -> Replay {
    let mut found = Replay::default();
    let Some((mut cluster, scenario)) = start(lesson, seed) else {
        found.failed_after.push((0, 0));
        return found;
    };
    let mut history = Vec::new();
    for (i, step) in lesson.steps.iter().enumerate() {
        for (g, goal) in step.goals.iter().enumerate() {
            if goal.holds(&cluster, &history) {
                found.held_before.push((i, g));
            }
        }
        run_lines(lesson, scenario, &mut cluster, &step.solution, &mut history);
        for g in missing(step, &cluster, &history) {
            found.failed_after.push((i, g));
        }
    }
    found
}

/// A lesson as the learner follows it: where they are, what they skipped, predicted and were
/// told.
#[derive(Clone, Debug)]
pub struct Run {
    pub lesson: std::rc::Rc<Lesson>,
    /// Steps behind the learner (done or skipped), in order.
    pub done: usize,
    pub skipped: Vec<usize>,
    /// How many hints of the current step are shown.
    pub hints: usize,
    /// The learner's prediction, per step.
    pub picks: Vec<Option<usize>>,
    /// The current step's last failed check: the goals that did not hold.
    pub missing: Option<Vec<usize>>,
}

/// The same lesson is the same `Rc` (one parse per page): compared by identity, so the page's
/// first load carries no deep comparison of lessons.
impl PartialEq for Run {
    fn eq(&self, other: &Self) -> bool {
        std::rc::Rc::ptr_eq(&self.lesson, &other.lesson)
            && self.done == other.done
            && self.skipped == other.skipped
            && self.hints == other.hints
            && self.picks == other.picks
            && self.missing == other.missing
    }
}

impl Run {
    pub fn new(lesson: std::rc::Rc<Lesson>) -> Run {
        let steps = lesson.steps.len();
        Run {
            lesson,
            done: 0,
            skipped: Vec::new(),
            hints: 0,
            picks: vec![None; steps],
            missing: None,
        }
    }

    /// Moves on to `done` steps behind (never back): the next step starts without hints.
    pub fn reach(&mut self, done: usize) {
        let done = done.min(self.lesson.steps.len());
        if done > self.done {
            self.done = done;
            self.hints = 0;
            self.missing = None;
        }
    }

    pub fn current(&self) -> Option<&Step> {
        self.lesson.steps.get(self.done)
    }

    /// One more hint of the current step, if it has one.
    pub fn hint(&mut self) {
        if let Some(step) = self.current() {
            self.hints = (self.hints + 1).min(step.hints.len());
        }
    }

    pub fn skip(&mut self) {
        if self.current().is_some() {
            self.skipped.push(self.done);
            let next = self.done + 1;
            self.reach(next);
        }
    }

    /// The learner chose `choice` for step `step`'s prediction (only before its outcome).
    pub fn pick(&mut self, step: usize, choice: usize) {
        let open = step >= self.done;
        let valid = self
            .lesson
            .steps
            .get(step)
            .and_then(|s| s.predict.as_ref())
            .is_some_and(|p| choice < p.choices.len());
        if let (true, true, Some(slot)) = (open, valid, self.picks.get_mut(step)) {
            *slot = Some(choice);
        }
    }

    /// Done (every step's goals reached), skipped (some steps skipped) or not finished.
    pub fn mark(&self) -> Option<Mark> {
        let mark = if self.skipped.is_empty() {
            Mark::Done
        } else {
            Mark::Skipped
        };
        (self.done >= self.lesson.steps.len()).then_some(mark)
    }
}

/// How a lesson of the course ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mark {
    Done,
    /// Finished with steps skipped.
    Skipped,
}

/// The most lessons the course's progress remembers (a stored state or link may name more:
/// the rest is dropped).
pub const MAX_COURSE: usize = 64;

/// The learner's progress through the course: each finished lesson's mark, by id.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Course {
    marks: Vec<(String, Mark)>,
}

impl Course {
    pub fn mark(&self, id: &str) -> Option<Mark> {
        self.marks.iter().find(|(i, _)| i == id).map(|(_, m)| *m)
    }

    /// Records a finished lesson; done is never downgraded to skipped.
    pub fn set(&mut self, id: &str, mark: Mark) {
        if let Some(slot) = self.marks.iter_mut().find(|(i, _)| i == id) {
            if slot.1 == Mark::Skipped {
                slot.1 = mark;
            }
        } else if self.marks.len() < MAX_COURSE {
            self.marks.push((id.to_string(), mark));
        }
    }

    /// The ids with this mark, in the order they were finished.
    pub fn ids(&self, mark: Mark) -> Vec<String> {
        self.marks
            .iter()
            .filter(|(_, m)| *m == mark)
            .map(|(i, _)| i.clone())
            .collect()
    }

    pub fn is_empty(&self) -> bool {
        self.marks.is_empty()
    }

    /// Both progresses: a lesson done in either is done.
    pub fn merge(&mut self, other: &Course) {
        for (id, mark) in &other.marks {
            self.set(id, *mark);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::DEFAULT_SEED;

    #[test]
    fn every_lesson_parses_and_its_solution_reaches_every_goal() {
        assert_eq!(all().len(), SOURCES.len());
        for source in SOURCES {
            let lesson = parse(source).unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(
                run_solution(&lesson, DEFAULT_SEED),
                lesson.steps.len(),
                "{}",
                lesson.id
            );
        }
    }

    /// Each step's goals fail before its solution runs (a goal that cannot fail checks
    /// nothing) and all hold after it: the course's CI.
    #[test]
    fn each_steps_goals_fail_before_its_solution_and_hold_after_it() {
        let mut wrong = Vec::new();
        for lesson in all() {
            let found = replay(&lesson, DEFAULT_SEED);
            for (step, goal) in found.held_before {
                wrong.push(format!(
                    "{}: step {} goal {} holds before its solution",
                    lesson.id,
                    step + 1,
                    goal + 1
                ));
            }
            for (step, goal) in found.failed_after {
                wrong.push(format!(
                    "{}: step {} goal {} fails after its solution",
                    lesson.id,
                    step + 1,
                    goal + 1
                ));
            }
        }
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    }

    /// A first step is checked from the lesson's first second: while the scenario boots (pods
    /// Pending, no endpoints yet) its goals must not all hold by themselves, or the step ticks
    /// off before the learner has done anything.
    #[test]
    fn no_first_step_is_done_by_the_scenario_booting() {
        let mut wrong = Vec::new();
        for lesson in all() {
            let Some(scenario) = crate::scenario::find(&lesson.scenario) else {
                continue;
            };
            let Some(first) = lesson.steps.first() else {
                continue;
            };
            let mut cluster = Cluster::new(DEFAULT_SEED);
            cluster.apply(scenario.yaml);
            for second in 0..=SETTLE_MS / 1000 {
                if first.goals.iter().all(|g| g.holds(&cluster, &[])) {
                    wrong.push(format!("{}: step 1 holds by itself at {second} s", lesson.id));
                    break;
                }
                cluster.advance(1000);
            }
        }
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    }

    #[test]
    fn every_text_of_every_lesson_exists_in_english_and_russian() {
        let mut wrong = Vec::new();
        let mut ids = Vec::new();
        for lesson in all() {
            let id = &lesson.id;
            assert!(!ids.contains(id), "two lessons are {id}");
            ids.push(id.clone());
            let need = |wrong: &mut Vec<String>, what: String, text: &Text| {
                if text.en.trim().is_empty() || text.ru.trim().is_empty() {
                    wrong.push(format!("{id}: {what}"));
                }
            };
            need(
                &mut wrong,
                "title".into(),
                &Text {
                    en: lesson.title_en.clone(),
                    ru: lesson.title_ru.clone(),
                },
            );
            need(&mut wrong, "assumes".into(), &lesson.assumes);
            for (i, step) in lesson.steps.iter().enumerate() {
                let n = i + 1;
                need(
                    &mut wrong,
                    format!("step {n} explain"),
                    &Text {
                        en: step.text_en.clone(),
                        ru: step.text_ru.clone(),
                    },
                );
                need(&mut wrong, format!("step {n} do"), &step.task);
                need(&mut wrong, format!("step {n} why"), &step.why);
                for (h, hint) in step.hints.iter().enumerate() {
                    need(&mut wrong, format!("step {n} hint {}", h + 1), hint);
                }
                for (g, missing) in step.missing.iter().enumerate() {
                    need(&mut wrong, format!("step {n} goal {} missing", g + 1), missing);
                }
                if let Some(p) = &step.predict {
                    need(&mut wrong, format!("step {n} predict question"), &p.question);
                    need(&mut wrong, format!("step {n} predict explain"), &p.explain);
                    for (c, choice) in p.choices.iter().enumerate() {
                        need(&mut wrong, format!("step {n} predict choice {}", c + 1), choice);
                    }
                }
                if step.hints.is_empty() {
                    wrong.push(format!("{id}: step {n} has no hint"));
                }
                if step.solution.is_empty() {
                    wrong.push(format!("{id}: step {n} has no solution"));
                }
                if !step
                    .doc
                    .as_deref()
                    .is_some_and(|d| d.starts_with("https://kubernetes.io/docs/"))
                {
                    wrong.push(format!("{id}: step {n} links no kubernetes.io/docs page"));
                }
            }
            if !lesson.steps.iter().any(|s| s.predict.is_some()) {
                wrong.push(format!("{id}: no step asks for a prediction"));
            }
        }
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    }

    #[test]
    fn a_run_hints_one_at_a_time_remembers_skips_and_predictions() {
        let lesson = std::rc::Rc::new(all().into_iter().next().unwrap());
        let mut run = Run::new(lesson.clone());
        let hints = lesson.steps[0].hints.len();
        for _ in 0..hints + 3 {
            run.hint();
        }
        assert_eq!(run.hints, hints);
        let with_predict = lesson.steps.iter().position(|s| s.predict.is_some()).unwrap();
        run.pick(with_predict, 99);
        assert_eq!(run.picks[with_predict], None);
        run.pick(with_predict, 1);
        assert_eq!(run.picks[with_predict], Some(1));
        run.skip();
        assert_eq!((run.done, run.hints, run.skipped.clone()), (1, 0, vec![0]));
        // A step behind the learner keeps its prediction.
        run.pick(0, 0);
        assert_eq!(run.picks[0], None);
        assert_eq!(run.mark(), None);
        run.reach(usize::MAX);
        assert_eq!(run.done, lesson.steps.len());
        assert_eq!(run.mark(), Some(Mark::Skipped));

        let mut course = Course::default();
        course.set("a", Mark::Skipped);
        course.set("a", Mark::Done);
        course.set("b", Mark::Done);
        course.set("b", Mark::Skipped);
        assert_eq!(
            (course.mark("a"), course.mark("b")),
            (Some(Mark::Done), Some(Mark::Done))
        );
        for i in 0..MAX_COURSE * 2 {
            course.set(&format!("l{i}"), Mark::Done);
        }
        assert_eq!(course.ids(Mark::Done).len(), MAX_COURSE);
    }

    fn goal_of(text: &str) -> Result<Goal, String> {
        let (documents, error) = yaml::parse_stream(text);
        assert!(error.is_none(), "{text}");
        goal(&documents[0].root)
    }

    #[test]
    fn traffic_policy_and_connection_goals_parse_and_check_the_cluster() {
        assert!(goal_of("{type: traffic-policy, service: web, external: Remote}").is_err());
        assert!(goal_of("{type: traffic-policy, external: Local}").is_err());
        assert!(goal_of("{type: connection, verdict: lost}").is_err());
        assert!(goal_of("{type: connection, verdict: served, port: 70000}").is_err());
        assert!(goal_of("{type: connection, verdict: served, masquerade: maybe}").is_err());
        let local = goal_of("{type: traffic-policy, service: image-processor, external: Local}").unwrap();
        let internal =
            goal_of("{type: traffic-policy, service: image-processor, internal: Cluster}").unwrap();
        let snat = goal_of("{type: connection, port: 80, verdict: served, masquerade: true}").unwrap();
        let kept = goal_of("{type: connection, port: 80, verdict: served, masquerade: false}").unwrap();
        let dropped = goal_of("{type: connection, verdict: dropped}").unwrap();

        let mut cluster = Cluster::new(DEFAULT_SEED);
        cluster.apply(crate::scenario::backend_yaml());
        cluster.advance(20_000);
        assert!(!local.holds(&cluster, &[]) && internal.holds(&cluster, &[]));
        assert!(![&snat, &kept, &dropped].iter().any(|g| g.holds(&cluster, &[])));
        // A pod calling the ClusterIP keeps its address: served, no SNAT.
        let ip = cluster
            .service("default", "image-processor")
            .unwrap()
            .cluster_ip
            .clone();
        let client = crate::cluster::frontend();
        let route = cluster.route_connection(&client, &ip, 80, crate::proxy::Protocol::Tcp);
        assert!(matches!(
            route.verdict,
            crate::proxy::Verdict::Dnat {
                masquerade: false,
                ..
            }
        ));
        assert!(kept.holds(&cluster, &[]) && !snat.holds(&cluster, &[]) && !dropped.holds(&cluster, &[]));
    }

    #[test]
    fn no_lesson_is_done_before_the_learner_acts() {
        for lesson in all() {
            let scenario = crate::scenario::find(&lesson.scenario).unwrap();
            let mut cluster = Cluster::new(DEFAULT_SEED);
            cluster.apply(scenario.yaml);
            // Whatever the cluster does on its own for a minute, the last step stays open.
            let mut done = 0;
            for _ in 0..60 {
                cluster.advance(1_000);
                done = progress(&lesson, done, &cluster, &[]);
            }
            assert!(done < lesson.steps.len(), "{} completes itself", lesson.id);
        }
    }

    #[test]
    fn new_goals_check_the_cluster() {
        assert!(goal_of("{type: served, deployment: web}").is_err());
        assert!(goal_of("{type: endpoint-slice, service: web, ready: many}").is_err());
        assert!(goal_of("{type: rule, contains: x, mode: bpf}").is_err());
        assert!(goal_of("{type: service, name: web, headless: perhaps}").is_err());
        let mut cluster = Cluster::new(DEFAULT_SEED);
        cluster.apply(crate::scenario::backend_yaml());
        let slice =
            goal_of("{type: endpoint-slice, service: image-processor, ready: 3, not-ready: 0}").unwrap();
        let dns = goal_of("{type: dns, name: image-processor, answers: 1, contains: '10.96.'}").unwrap();
        let rule =
            goal_of("{type: rule, mode: iptables, contains: 'default/image-processor:http cluster IP'}")
                .unwrap();
        let ipvs = goal_of("{type: rule, mode: ipvs, contains: 'rr'}").unwrap();
        let svc = goal_of("{type: service, name: image-processor, service-type: ClusterIP, headless: false, ports: 1, affinity: None, target-port: http}").unwrap();
        let labeled =
            goal_of("{type: labeled, selector: 'app=image-processor,tier=backend', count: 3}").unwrap();
        assert!(!slice.holds(&cluster, &[]));
        cluster.advance(20_000);
        for g in [&slice, &dns, &rule, &svc, &labeled] {
            assert!(g.holds(&cluster, &[]), "{g:?}");
        }
        assert!(!ipvs.holds(&cluster, &[]));
        cluster.set_proxy_mode(ProxyMode::Ipvs);
        assert!(ipvs.holds(&cluster, &[]) && !rule.holds(&cluster, &[]));
    }

    #[test]
    fn bad_lessons_say_what_is_wrong() {
        let step = |extra: &str| {
            format!("id: x\nsteps:\n  - text: {{en: a}}\n    goal: {{type: ran, prefix: k}}\n{extra}")
        };
        assert!(parse(&step("    highlight: [planet/mars]\n"))
            .unwrap_err()
            .contains("unknown highlight"));
        assert!(
            parse(&step("    predict: {choices: [{en: a}, {en: b}], answer: 2}\n"))
                .unwrap_err()
                .contains("`predict`")
        );
        assert!(parse(&step("    predict: {choices: [{en: a}], answer: 0}\n"))
            .unwrap_err()
            .contains("`predict`"));
        assert!(parse("id: x\nsteps: []\n").unwrap_err().contains("needs `steps`"));
        assert!(
            parse("id: x\nsteps:\n  - text: {en: a}\n    goal: {type: dance}\n")
                .unwrap_err()
                .contains("unknown goal type")
        );
        assert!(parse("id: x\nscenario: nope\nsteps: []\n")
            .unwrap_err()
            .contains("unknown scenario"));
    }
}
