//! `kubectl port-forward pod/NAME|svc/NAME|deploy/NAME [LOCAL:]REMOTE…`: the pod it picks,
//! the container port a Service's port leads to, kubectl's `Forwarding from …` lines. The
//! forward listens on the host (`Cluster::add_port_forward`) while the command runs: for the
//! rest of the script with a trailing `&`, for `D` under `timeout D`, else until the script's
//! deadline (it never returns by itself).

use super::Output;
use crate::cluster::{Cluster, Pod, PortForward};
use crate::sort::SmallSort;

/// How long the forward runs.
pub enum Lifetime {
    /// `… &`: in the background, for the rest of the session.
    Background,
    /// `timeout D …`, or the deadline when `None`.
    For(Option<u64>),
}

/// One `LOCAL:REMOTE` pair as given (before a Service's port is translated).
fn parse_ports(spec: &str, cluster: &mut Cluster) -> Result<(u16, u16), String> {
    let (local, remote) = match spec.split_once(':') {
        Some((l, r)) => (l, r),
        None => (spec, spec),
    };
    let remote: u16 = remote
        .parse()
        .ok()
        .filter(|p| *p > 0)
        .ok_or_else(|| format!("error: Error parsing remote port '{remote}': strconv.ParseUint: parsing \"{remote}\": invalid syntax"))?;
    let local = if local.is_empty() {
        // An unused port the OS picks: drawn from the cluster's RNG so runs repeat.
        32768 + (cluster.random_u32() % 28_232) as u16
    } else {
        local
            .parse()
            .map_err(|_| format!("error: Error parsing local port '{local}': strconv.ParseUint: parsing \"{local}\": invalid syntax"))?
    };
    Ok((local, remote))
}

pub(super) fn port_forward(
    cluster: &mut Cluster,
    args: &[&str],
    namespace: &str,
    lifetime: Lifetime,
) -> Output {
    let [target, specs @ ..] = args else {
        return Output::err("error: TYPE/NAME and list of ports are required for port-forward\nSee 'kubectl port-forward -h' for help and examples");
    };
    if specs.is_empty() {
        return Output::err("error: at least 1 PORT is required for port-forward\nSee 'kubectl port-forward -h' for help and examples");
    }
    let (kind, name) = target.split_once('/').unwrap_or(("pod", target));
    let mut pairs = Vec::new();
    for spec in specs {
        match parse_ports(spec, cluster) {
            Ok(pair) => pairs.push(pair),
            Err(e) => return Output::err(e),
        }
    }
    let pod: Pod = match kind {
        "pod" | "pods" | "po" => match cluster
            .pods()
            .iter()
            .find(|p| p.namespace == namespace && p.name == name)
        {
            Some(p) => (**p).clone(),
            None => return Output::err(format!("Error from server (NotFound): pods \"{name}\" not found")),
        },
        "svc" | "service" | "services" => {
            let Some(service) = cluster.service(namespace, name) else {
                return Output::err(format!(
                    "Error from server (NotFound): services \"{name}\" not found"
                ));
            };
            if service.spec.selector.is_empty() {
                return Output::err(format!(
                    "error: cannot attach to *v1.Service: invalid service '{name}': Service is defined without a selector"
                ));
            }
            let selector = service.spec.selector.clone();
            let ports = service.spec.ports.clone();
            let Some(pod) = first_pod(cluster, namespace, |p| {
                crate::cluster::selector_matches(&selector, &p.labels)
            }) else {
                return Output::err("error: timed out waiting for the condition");
            };
            // A Service's port becomes the container port its targetPort names.
            for pair in pairs.iter_mut() {
                let Some(port) = ports.iter().find(|p| p.port == i32::from(pair.1)) else {
                    return Output::err(format!(
                        "error: Service {name} does not have a service port {}",
                        pair.1
                    ));
                };
                match crate::cluster::resolve_target_port(&port.target_port, &pod) {
                    Some(target) => pair.1 = u16::try_from(target).unwrap_or(pair.1),
                    None => {
                        return Output::err(format!(
                            "error: Service {name} does not have a service port {}",
                            pair.1
                        ))
                    }
                }
            }
            pod
        }
        "deploy" | "deployment" | "deployments" | "deployment.apps" => {
            if cluster.deployment(namespace, name).is_none() {
                return Output::err(format!(
                    "Error from server (NotFound): deployments.apps \"{name}\" not found"
                ));
            }
            let sets: Vec<String> = cluster
                .replica_sets()
                .iter()
                .filter(|rs| rs.owner == name && rs.namespace == namespace)
                .map(|rs| rs.name.clone())
                .collect();
            match first_pod(cluster, namespace, |p| {
                p.owner.as_ref().is_some_and(|o| sets.contains(o))
            }) {
                Some(p) => p,
                None => return Output::err("error: timed out waiting for the condition"),
            }
        }
        other => {
            return Output::err(format!(
                "error: port-forward is simulated for pods, services and deployments here, not {other}"
            ))
        }
    };
    if pod.status() != "Running" {
        return Output::err(format!(
            "error: unable to forward port because pod is not running. Current status={}",
            pod.phase.as_str()
        ));
    }
    let mut out = Output::default();
    for (local, remote) in &pairs {
        let added = cluster.add_port_forward(PortForward {
            local_port: *local,
            namespace: namespace.to_string(),
            pod: pod.name.clone(),
            remote_port: *remote,
        });
        if !added {
            out.stderr.push_str(&format!(
                "Unable to listen on port {local}: Listeners failed to create with the following errors: [unable to create listener: Error listen tcp4 127.0.0.1:{local}: bind: address already in use unable to create listener: Error listen tcp6 [::1]:{local}: bind: address already in use]\n"
            ));
            let wanted: Vec<String> = pairs.iter().map(|(l, r)| format!("{{{l} {r}}}")).collect();
            out.stderr.push_str(&format!(
                "error: unable to listen on any of the requested ports: [{}]\n",
                wanted.join(" ")
            ));
            out.exit_code = 1;
            return out;
        }
        out.stdout.push_str(&format!(
            "Forwarding from 127.0.0.1:{local} -> {remote}\nForwarding from [::1]:{local} -> {remote}\n"
        ));
    }
    match lifetime {
        Lifetime::Background => {}
        Lifetime::For(duration) => {
            // In the foreground: the clock runs while it listens, then it stops.
            match (duration, cluster.deadline_ms()) {
                (Some(ms), _) => {
                    cluster.advance(ms);
                    out.exit_code = 124;
                }
                (None, Some(deadline)) => {
                    let left = deadline.saturating_sub(cluster.now_ms());
                    cluster.advance(left.saturating_add(1));
                }
                // No deadline (a caller without a budget): it listens on, as in the background.
                (None, None) => return out,
            }
            for (local, _) in &pairs {
                cluster.remove_port_forward(*local);
            }
        }
    }
    out
}

/// The pod kubectl attaches to among those `wanted`, in `ByLogging` order.
fn first_pod(cluster: &Cluster, namespace: &str, wanted: impl Fn(&Pod) -> bool) -> Option<Pod> {
    let mut pods: Vec<&Pod> = cluster
        .pods()
        .iter()
        .filter(|p| p.namespace == namespace && p.deletion_ms.is_none() && wanted(p))
        .map(|p| &**p)
        .collect();
    pods.small_sort_by_key(super::logs::by_logging);
    pods.first().map(|p| (*p).clone())
}
