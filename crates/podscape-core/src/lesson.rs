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
    include_str!("../../../static/lessons/03-rolling-update.yaml"),
    include_str!("../../../static/lessons/04-under-the-hood.yaml"),
    include_str!("../../../static/lessons/05-readiness.yaml"),
    include_str!("../../../static/lessons/06-selectors.yaml"),
    include_str!("../../../static/lessons/07-endpointslices.yaml"),
    include_str!("../../../static/lessons/08-dns.yaml"),
    include_str!("../../../static/lessons/09-service-types.yaml"),
    include_str!("../../../static/lessons/10-session-affinity.yaml"),
    include_str!("../../../static/lessons/11-traffic-policies.yaml"),
    include_str!("../../../static/lessons/12-ingress.yaml"),
    include_str!("../../../static/lessons/13-service-env.yaml"),
    include_str!("../../../static/lessons/14-upstream-failures.yaml"),
    include_str!("../../../static/lessons/rewind.yaml"),
];

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Lesson {
    pub id: String,
    pub title_en: String,
    pub title_ru: String,
    /// The scenario it starts from (`static/scenarios/<id>.yaml`).
    pub scenario: String,
    pub steps: Vec<Step>,
    /// Commands that complete the lesson: CI runs them to prove the goals are reachable.
    pub solution: Vec<String>,
    /// Files the solution applies with `-f` (name → YAML); `playground.yaml` is the scenario.
    pub files: Vec<(String, String)>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Step {
    pub text_en: String,
    pub text_ru: String,
    pub goals: Vec<Goal>,
}

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
        let goals = match (s.get("goal"), s.get("goals")) {
            (Some(g), None) => vec![goal(g)],
            (None, Some(list)) => list.items().iter().map(goal).collect(),
            _ => vec![Err("a step needs `goal` or `goals`".to_string())],
        };
        let goals = goals
            .into_iter()
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| format!("{id}: step {}: {e}", i + 1))?;
        steps.push(Step {
            text_en: text(s.get("text"), "en"),
            text_ru: text(s.get("text"), "ru"),
            goals,
        });
    }
    if steps.is_empty() {
        return Err(format!("{id}: a lesson needs `steps`"));
    }
    let solution = root
        .get("solution")
        .map(Node::items)
        .unwrap_or_default()
        .iter()
        .filter_map(|n| n.as_str().map(str::to_string))
        .collect();
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
        scenario,
        steps,
        solution,
    })
}

/// Every built-in lesson (those that do not parse are left out; a test keeps them parsing).
pub fn all() -> Vec<Lesson> {
    SOURCES.iter().filter_map(|s| parse(s).ok()).collect()
}

/// Runs a lesson's solution against a fresh cluster with its scenario applied and returns how
/// many steps it completes: what `podscape lesson` and CI check.
pub fn run_solution(lesson: &Lesson, seed: u64) -> usize {
    let Some(scenario) = crate::scenario::find(&lesson.scenario) else {
        return 0;
    };
    let mut cluster = Cluster::new(seed);
    cluster.apply(scenario.yaml);
    let mut history = Vec::new();
    let mut done = progress(lesson, 0, &cluster, &history);
    let mut budget = crate::script::Budget::default();
    for line in &lesson.solution {
        let files = |name: &str| {
            lesson
                .files
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, v)| v.clone())
                .or_else(|| Some(scenario.yaml.to_string()))
        };
        crate::script::run_line(&mut cluster, line, &files, &mut budget);
        history.push(line.clone());
        done = progress(lesson, done, &cluster, &history);
    }
    done
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
            assert!(
                !lesson.title_en.is_empty() && !lesson.title_ru.is_empty(),
                "{}",
                lesson.id
            );
            assert!(
                lesson
                    .steps
                    .iter()
                    .all(|s| !s.text_en.is_empty() && !s.text_ru.is_empty()),
                "{}",
                lesson.id
            );
            assert_eq!(
                run_solution(&lesson, DEFAULT_SEED),
                lesson.steps.len(),
                "{}",
                lesson.id
            );
        }
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
        cluster.apply(crate::scenario::DEFAULT_YAML);
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
    fn bad_lessons_say_what_is_wrong() {
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
