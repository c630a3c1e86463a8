//! `kubectl wait --for=condition=C|delete|jsonpath='{…}'=V --timeout=D TARGETS`: the virtual
//! clock advances in steps until every object meets the condition or the timeout passes, bounded
//! like watches (the script's deadline ends it; without one, the budget's worth of time).

use serde_json::Value;

use super::flags::{target, Flags, Resource};
use super::get::labels_match;
use super::Output;
use crate::cluster::Cluster;

/// What `--for` asks.
enum Condition {
    Delete,
    /// A status condition's type and the status it must have (`true` unless given), compared
    /// case-insensitively as kubectl's simple case folding does for ASCII.
    Status(String, String),
    /// A JSONPath and the value it must print (any value when `None`). Only dotted paths with
    /// `[N]` indices are read here; the full JSONPath dialect is `get -o jsonpath`'s.
    JsonPath(Vec<String>, Option<String>),
}

fn parse_condition(text: &str) -> Result<Condition, String> {
    if text.eq_ignore_ascii_case("delete") {
        return Ok(Condition::Delete);
    }
    if let Some(rest) = text.strip_prefix("condition=") {
        let (name, value) = rest.split_once('=').unwrap_or((rest, "true"));
        return Ok(Condition::Status(name.to_string(), value.to_string()));
    }
    if let Some(rest) = text.strip_prefix("jsonpath=") {
        let parts: Vec<&str> = rest.split('=').collect();
        if parts.is_empty() || parts.len() > 2 {
            return Err("jsonpath wait format must be --for=jsonpath='{.status.readyReplicas}'=3 or --for=jsonpath='{.status.readyReplicas}'".into());
        }
        let expression = parts[0].trim_matches(|c| c == '\'' || c == '"');
        let inner = expression
            .strip_prefix('{')
            .and_then(|e| e.strip_suffix('}'))
            .unwrap_or(expression);
        if inner.is_empty() {
            return Err("jsonpath expression cannot be empty".into());
        }
        let value = match parts.get(1) {
            Some(&"") => return Err("jsonpath wait value cannot be empty".into()),
            Some(v) => Some(v.trim_matches(|c| c == '\'' || c == '"').to_string()),
            None => None,
        };
        let mut path = Vec::new();
        for field in inner.trim_start_matches('.').split('.') {
            let (name, indices) = field.split_once('[').map_or((field, ""), |(n, i)| (n, i));
            if !name.is_empty() {
                path.push(name.to_string());
            }
            for index in indices.split('[').filter(|i| !i.is_empty()) {
                path.push(index.trim_end_matches(']').to_string());
            }
        }
        return Ok(Condition::JsonPath(path, value));
    }
    Err(format!("unrecognized condition: \"{text}\""))
}

/// A Go duration as `--timeout` takes it (`30s`, `1m30s`, `500ms`, `0`, `-1s`); `None` if it
/// is not one. Negative means a week, as kubectl has it.
pub(super) fn parse_go_duration(text: &str) -> Option<i128> {
    let (negative, mut rest) = match text.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    if rest == "0" {
        return Some(0);
    }
    if rest.is_empty() {
        return None;
    }
    let mut total: f64 = 0.0;
    while !rest.is_empty() {
        let digits = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(rest.len());
        if digits == 0 {
            return None;
        }
        let value: f64 = rest[..digits].parse().ok()?;
        rest = &rest[digits..];
        let unit_len = rest
            .find(|c: char| c.is_ascii_digit() || c == '.')
            .unwrap_or(rest.len());
        let factor = match &rest[..unit_len] {
            "ns" => 1e-6,
            "us" | "µs" => 1e-3,
            "ms" => 1.0,
            "s" => 1e3,
            "m" => 60e3,
            "h" => 3600e3,
            _ => return None,
        };
        total += value * factor;
        rest = &rest[unit_len..];
    }
    let ms = total.min(1e15) as i128;
    Some(if negative { -ms } else { ms })
}

/// `kubectl wait`.
pub(super) fn wait(cluster: &mut Cluster, args: &[&str], flags: &Flags, namespace: &str) -> Output {
    let Some(for_text) = flags.wait_for.as_deref() else {
        return Output::err("error: --for must be specified");
    };
    let condition = match parse_condition(for_text) {
        Ok(c) => c,
        Err(e) => return Output::err(format!("error: {e}")),
    };
    let timeout_text = flags.timeout.as_deref().unwrap_or("30s");
    let Some(timeout) = parse_go_duration(timeout_text) else {
        return Output::err(format!(
            "error: invalid argument \"{timeout_text}\" for \"--timeout\" flag: time: invalid duration \"{timeout_text}\"\nSee 'kubectl wait --help' for usage."
        ));
    };
    // A negative timeout waits a week; the budget's worth of virtual time bounds it here.
    let limit = crate::budget::SCRIPT_VIRTUAL_MS;
    let timeout_ms = if timeout < 0 {
        limit
    } else {
        (timeout as u64).min(limit)
    };
    let (resource, first, used) = match target(args) {
        Ok(t) => t,
        Err(e) => return e,
    };
    if !matches!(
        resource,
        Resource::Pods | Resource::Deployments | Resource::Services | Resource::Nodes
    ) {
        return Output::err(format!(
            "error: waiting on {} is not simulated in Podscape; wait on pods, deployments, services or nodes",
            resource.plural()
        ));
    }
    let mut names: Vec<String> = if flags.selector.is_some() || flags.all {
        let selected = |labels: &std::collections::BTreeMap<String, String>| {
            flags.selector.as_deref().is_none_or(|s| labels_match(s, labels))
        };
        match resource {
            Resource::Pods => cluster
                .pods()
                .iter()
                .filter(|p| p.namespace == namespace && selected(&p.labels))
                .map(|p| p.name.clone())
                .collect(),
            Resource::Deployments => cluster
                .deployments()
                .filter(|d| d.spec.namespace == namespace && selected(&d.spec.labels))
                .map(|d| d.spec.name.clone())
                .collect(),
            Resource::Nodes => cluster
                .nodes()
                .iter()
                .filter(|n| selected(&n.labels().into_iter().collect()))
                .map(|n| n.name.clone())
                .collect(),
            _ => cluster
                .services()
                .filter(|s| s.spec.namespace == namespace && selected(&s.spec.labels))
                .map(|s| s.spec.name.clone())
                .collect(),
        }
    } else {
        match first {
            Some(first) => std::iter::once(first)
                .chain(args.iter().skip(used).copied())
                .map(str::to_string)
                .collect(),
            None => return Output::err("error: resource(s) were provided, but no name was specified"),
        }
    };
    if flags.selector.is_some() || flags.all {
        // A list comes back sorted by name, as etcd keys sort.
        crate::sort::SmallSort::small_sort(names.as_mut_slice());
    }
    let is_delete = matches!(condition, Condition::Delete);
    let mut out = Output::default();
    let start = cluster.now_ms();
    // The resource's plural without its group, as `extendErrWaitTimeout` names it.
    let plural = resource.plural().split('.').next().unwrap_or("");
    let mut visited = 0;
    for name in &names {
        let Some(_) = object(cluster, resource, namespace, name) else {
            if is_delete {
                continue;
            }
            out.append(Output::err(format!(
                "Error from server (NotFound): {} \"{name}\" not found",
                resource.plural()
            )));
            return out;
        };
        visited += 1;
        const STEP_MS: u64 = 100;
        loop {
            let met = match (&condition, object(cluster, resource, namespace, name)) {
                (Condition::Delete, None) => true,
                (Condition::Delete, Some(_)) => false,
                (_, None) => {
                    out.append(Output::err(format!(
                        "Error from server (NotFound): {} \"{name}\" not found",
                        resource.plural()
                    )));
                    return out;
                }
                (Condition::Status(kind, status), Some(v)) => status_condition(&v, kind, status),
                (Condition::JsonPath(path, value), Some(v)) => json_path(&v, path, value.as_deref()),
            };
            if met {
                out.stdout
                    .push_str(&format!("{}/{name} condition met\n", resource.kind_prefix()));
                break;
            }
            let waited = cluster.now_ms().saturating_sub(start);
            if timeout_ms == 0 {
                out.append(Output::err(format!(
                    "error: condition not met for {plural}/{name}"
                )));
                return out;
            }
            if waited >= timeout_ms {
                out.append(Output::err(format!(
                    "error: timed out waiting for the condition on {plural}/{name}"
                )));
                return out;
            }
            cluster.advance(STEP_MS.min(timeout_ms - waited));
            if cluster.past_deadline() {
                // The script's budget is spent: its runner says so.
                return out;
            }
        }
    }
    if visited == 0 && !is_delete {
        return Output::err("error: no matching resources found");
    }
    out
}

/// The object as `get -o json` shows it, with the conditions kubectl reads.
fn object(cluster: &Cluster, resource: Resource, namespace: &str, name: &str) -> Option<Value> {
    match resource {
        Resource::Pods => cluster
            .pods()
            .iter()
            .find(|p| p.namespace == namespace && p.name == name)
            .map(|p| {
                let mut v = super::wire::pod_object(p);
                // The kubelet's other conditions, as a running pod has them.
                let running = p.phase == crate::cluster::PodPhase::Running;
                let truth = |b: bool| if b { "True" } else { "False" };
                v["status"]["conditions"] = serde_json::json!([
                    {"type": "PodReadyToStartContainers", "status": truth(running)},
                    {"type": "Initialized", "status": truth(p.node.is_some())},
                    {"type": "Ready", "status": truth(p.ready)},
                    {"type": "ContainersReady", "status": truth(p.ready)},
                    {"type": "PodScheduled", "status": truth(p.node.is_some())},
                ]);
                v
            }),
        Resource::Deployments => cluster
            .deployment(namespace, name)
            .map(super::wire::deployment_object),
        Resource::Nodes => cluster.nodes().iter().find(|n| n.name == name).map(|n| {
            let mut v = super::wire::node_object(n);
            let ready = if n.ready_at(cluster.now_ms()) {
                "True"
            } else {
                "Unknown"
            };
            v["status"]["conditions"] = serde_json::json!([{"type": "Ready", "status": ready}]);
            v
        }),
        _ => cluster.service(namespace, name).map(super::wire::service_object),
    }
}

/// `checkCondition`: the condition of that type has that status, and the object's controller
/// has seen its latest generation.
fn status_condition(object: &Value, kind: &str, status: &str) -> bool {
    let generation = object["metadata"]["generation"].as_i64();
    let observed = object["status"]["observedGeneration"].as_i64();
    if let (Some(g), Some(o)) = (generation, observed) {
        if o < g {
            return false;
        }
    }
    object["status"]["conditions"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|c| c["type"].as_str().is_some_and(|t| t.eq_ignore_ascii_case(kind)))
        .and_then(|c| c["status"].as_str())
        .is_some_and(|s| s.eq_ignore_ascii_case(status))
}

fn json_path(object: &Value, path: &[String], value: Option<&str>) -> bool {
    let mut at = object;
    for step in path {
        at = match at {
            Value::Array(items) => match step.parse::<usize>() {
                Ok(i) => match items.get(i) {
                    Some(v) => v,
                    None => return false,
                },
                Err(_) => return false,
            },
            Value::Object(m) => match m.get(step) {
                Some(v) => v,
                None => return false,
            },
            _ => return false,
        };
    }
    let text = match at {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    value.is_none_or(|v| v == text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn go_durations() {
        assert_eq!(parse_go_duration("30s"), Some(30_000));
        assert_eq!(parse_go_duration("1m30s"), Some(90_000));
        assert_eq!(parse_go_duration("0"), Some(0));
        assert_eq!(parse_go_duration("-1s"), Some(-1000));
        assert_eq!(parse_go_duration("1.5h"), Some(5_400_000));
        assert_eq!(parse_go_duration("30"), None);
        assert_eq!(parse_go_duration("s"), None);
        assert_eq!(parse_go_duration(""), None);
    }

    #[test]
    fn conditions_parse_as_kubectl_reads_them() {
        assert!(
            matches!(parse_condition("condition=Available"), Ok(Condition::Status(n, v)) if n == "Available" && v == "true")
        );
        assert!(
            matches!(parse_condition("condition=Ready=false"), Ok(Condition::Status(n, v)) if n == "Ready" && v == "false")
        );
        assert!(matches!(parse_condition("Delete"), Ok(Condition::Delete)));
        assert!(
            matches!(parse_condition("jsonpath={.status.phase}=Running"), Ok(Condition::JsonPath(p, Some(v))) if p == ["status", "phase"] && v == "Running")
        );
        assert!(
            matches!(parse_condition("jsonpath={.spec.containers[0].image}"), Ok(Condition::JsonPath(p, None)) if p == ["spec", "containers", "0", "image"])
        );
        assert_eq!(
            parse_condition("ready").err().unwrap(),
            "unrecognized condition: \"ready\""
        );
    }
}
