//! The kubelets: containers start once their image is on the node, become ready (at once, or
//! when their readiness probe passes), crash and restart with the real back-off
//! (CrashLoopBackOff: 10 s doubling to 5 min), fail to pull (ErrImagePull, ImagePullBackOff),
//! and go away when terminated.

use super::{Cluster, PodPhase};
use crate::manifest::{Probe, ProbeHandler};
use std::rc::Rc;

impl Cluster {
    pub(super) fn run_kubelets(&mut self) {
        let now = self.now_ms;
        // A node that is down runs no kubelet: its pods freeze as they are.
        let down = self.down_nodes();
        let frozen = |p: &super::Pod| p.node.as_ref().is_some_and(|n| down.contains(n));
        self.pods
            .retain(|pod| !(pod.deletion_ms.is_some() && pod.next_transition_ms <= now && !frozen(pod)));
        self.run_failures();
        // Containers whose image is there (or whose config error may be fixed) start now if
        // the kubelet can build their environment (`generateContainerConfig`).
        let due: Vec<usize> = self
            .pods
            .iter()
            .enumerate()
            .filter(|(_, pod)| {
                pod.deletion_ms.is_none()
                    && matches!(
                        pod.waiting_reason,
                        Some("ContainerCreating" | "CreateContainerConfigError")
                    )
                    && pod.next_transition_ms <= now
                    && !frozen(pod)
            })
            .map(|(i, _)| i)
            .collect();
        let mut started = Vec::new();
        let mut config_errors = Vec::new();
        let mut mount_errors = Vec::new();
        for i in due {
            // Volumes are mounted before any container starts (the pod stays ContainerCreating).
            if let Some(message) = self.mount_error(i) {
                Rc::make_mut(&mut self.pods[i]).next_transition_ms = now + CONFIG_RETRY_MS;
                mount_errors.push((i, message));
                continue;
            }
            let env = self.environment(i).map(|env| self.shared_env(i, env));
            let pulled = self.pods[i].waiting_reason == Some("ContainerCreating");
            let pod = Rc::make_mut(&mut self.pods[i]);
            let env = match env {
                Ok(env) => env,
                Err(message) => {
                    // The kubelet retries at its next sync of the pod.
                    pod.waiting_reason = Some("CreateContainerConfigError");
                    pod.next_transition_ms = now + CONFIG_RETRY_MS;
                    config_errors.push((i, pulled, message));
                    continue;
                }
            };
            pod.env = env;
            pod.waiting_reason = None;
            pod.phase = PodPhase::Running;
            pod.started_ms = Some(now);
            pod.liveness_failures = 0;
            pod.next_liveness_ms = now.saturating_add(
                liveness_probe(pod).map_or(0, |p| p.initial_delay_seconds.max(0) as u64 * 1000),
            );
            match readiness_probe(pod) {
                // No readiness probe: a running container is ready at once.
                None => {
                    pod.ready = true;
                    pod.ready_since_ms = Some(now);
                }
                Some(probe) => {
                    pod.next_probe_ms = now.saturating_add(probe.initial_delay_seconds.max(0) as u64 * 1000);
                }
            }
            if let Some((code, after)) = super::pod::exit_plan(pod) {
                pod.crash_at_ms = Some(now.saturating_add(after));
                pod.exit_code = code;
            }
            started.push((i, pulled));
        }
        for (p, message) in mount_errors {
            let pod = &self.pods[p];
            let report = super::events::Report {
                namespace: pod.namespace.clone(),
                event_type: "Warning",
                object: format!("pod/{}", pod.name),
                field_path: String::new(),
                reason: "FailedMount",
                message,
                source: "kubelet",
                host: pod.node.clone().unwrap_or_default(),
            };
            std::rc::Rc::make_mut(&mut self.recorder).record(self.now_ms, report);
        }
        for (p, pulled, message) in config_errors {
            if pulled {
                self.record_pulled(p);
            } else {
                let image = self.pods[p].image.clone();
                let message = format!("Container image \"{image}\" already present on machine");
                self.record_pod(p, "Normal", "Pulled", message);
            }
            self.record_pod(p, "Warning", "Failed", format!("Error: {message}"));
        }
        self.run_readiness_probes();
        for (p, pulled) in started {
            let container = self.pods[p].container_name.clone();
            if pulled {
                self.record_pulled(p);
            } else {
                let image = self.pods[p].image.clone();
                let message = format!("Container image \"{image}\" already present on machine");
                self.record_pod(p, "Normal", "Pulled", message);
            }
            self.record_pod(p, "Normal", "Created", format!("Created container: {container}"));
            self.record_pod(p, "Normal", "Started", format!("Started container {container}"));
        }
    }

    /// The node has pulled pod `p`'s image: it keeps it, and the kubelet says so once.
    fn record_pulled(&mut self, p: usize) {
        let pod = &self.pods[p];
        let node = pod.node.clone().unwrap_or_default();
        let image = pod.image.clone();
        let took_ms = self.now_ms.saturating_sub(pod.transition_started_ms);
        if let Some(n) = self.nodes.iter_mut().find(|n| n.name == node) {
            if !n.pulled_images.contains(&image) {
                n.pulled_images.push(image.clone());
                let took = format!("{}.{:03}s", took_ms / 1000, took_ms % 1000);
                let message =
                    format!("Successfully pulled image \"{image}\" in {took} ({took} including waiting)");
                self.record_pod(p, "Normal", "Pulled", message);
            }
        }
    }
}

/// How soon the kubelet tries again to start a container whose config it could not build
/// (a missing ConfigMap, Secret or key): its next sync of the pod.
const CONFIG_RETRY_MS: u64 = 10_000;

/// The image-pull back-off and the container restart back-off: 10 s, doubling, at most 5 min.
fn next_backoff(current: u64) -> u64 {
    if current == 0 {
        10_000
    } else {
        (current * 2).min(300_000)
    }
}

impl Cluster {
    /// `kubectl`-less faults: the registry stops (or resumes) serving an image.
    pub fn set_image_pullable(&mut self, image: &str, pullable: bool) {
        self.epoch += 1;
        self.unpullable.retain(|i| i != image);
        if !pullable {
            self.unpullable.push(image.to_string());
        }
    }

    /// Makes a pod's container exit once, as a crash would; the kubelet restarts it.
    pub fn crash_container(&mut self, namespace: &str, name: &str) -> bool {
        self.epoch += 1;
        let now = self.now_ms;
        match self
            .pods
            .iter_mut()
            .find(|p| p.namespace == namespace && p.name == name && p.phase == PodPhase::Running)
        {
            Some(pod) => {
                let pod = Rc::make_mut(pod);
                pod.crash_at_ms = Some(now);
                pod.exit_code = 2;
                true
            }
            None => false,
        }
    }

    /// The command a container ran (`kubectl run -i`'s) ended with `code`: the container exits
    /// now, and its restart policy decides what follows.
    pub fn exit_container(&mut self, namespace: &str, name: &str, code: i32) -> bool {
        self.epoch += 1;
        let now = self.now_ms;
        match self
            .pods
            .iter_mut()
            .find(|p| p.namespace == namespace && p.name == name && p.phase == PodPhase::Running)
        {
            Some(pod) => {
                let pod = Rc::make_mut(pod);
                pod.crash_at_ms = Some(now);
                pod.exit_code = code;
                true
            }
            None => false,
        }
    }

    /// Pulls that fail and containers that exit, with their statuses, events and back-offs.
    fn run_failures(&mut self) {
        let now = self.now_ms;
        let mut events = Vec::new();
        let mut restarted = Vec::new();
        // IfNotPresent: an image already on the node is never pulled again.
        let cached: Vec<(String, String)> = self
            .nodes
            .iter()
            .flat_map(|n| n.pulled_images.iter().map(move |i| (n.name.clone(), i.clone())))
            .collect();
        for (p, pod) in self
            .pods
            .iter_mut()
            .enumerate()
            .filter(|(_, p)| p.deletion_ms.is_none() && p.node.is_some())
        {
            // Only a pod with something due is written (and so copied from the snapshots).
            let due = match pod.waiting_reason {
                None => pod.crash_at_ms.is_some_and(|t| t <= now),
                Some(_) => pod.next_transition_ms <= now,
            };
            if !due {
                continue;
            }
            let pod = Rc::make_mut(pod);
            let unpullable = || {
                let on_node = pod.node.as_deref().unwrap_or_default();
                self.unpullable.contains(&pod.image)
                    && !cached.iter().any(|(n, i)| n == on_node && *i == pod.image)
            };
            match pod.waiting_reason {
                Some("ContainerCreating") if pod.next_transition_ms <= now && unpullable() => {
                    pod.waiting_reason = Some("ErrImagePull");
                    pod.next_transition_ms = now + 1_000;
                    let image = &pod.image;
                    events.push((p, "Warning", "Failed", format!(
                        "Failed to pull image \"{image}\": rpc error: code = NotFound desc = failed to pull and unpack image \"{image}\": failed to resolve reference \"{image}\": {image}: not found"
                    )));
                    events.push((p, "Warning", "Failed", "Error: ErrImagePull".to_string()));
                }
                Some("ErrImagePull") if pod.next_transition_ms <= now => {
                    pod.pull_backoff_ms = next_backoff(pod.pull_backoff_ms);
                    pod.waiting_reason = Some("ImagePullBackOff");
                    pod.transition_started_ms = now;
                    pod.next_transition_ms = now + pod.pull_backoff_ms;
                    events.push((
                        p,
                        "Normal",
                        "BackOff",
                        format!("Back-off pulling image \"{}\"", pod.image),
                    ));
                    events.push((p, "Warning", "Failed", "Error: ImagePullBackOff".to_string()));
                }
                Some("ImagePullBackOff") if pod.next_transition_ms <= now => {
                    // Try again: a pull takes its time, and fails again if the image is still missing.
                    pod.waiting_reason = Some("ContainerCreating");
                    pod.transition_started_ms = now;
                    pod.next_transition_ms = now + 1_500;
                    events.push((p, "Normal", "Pulling", format!("Pulling image \"{}\"", pod.image)));
                }
                None if pod.crash_at_ms.is_some_and(|t| t <= now) => {
                    pod.crash_at_ms = None;
                    pod.last_run_ms = Some((pod.started_ms.unwrap_or(now), now));
                    pod.ready = false;
                    pod.ready_since_ms = None;
                    let code = pod.exit_code;
                    // restartPolicy: Never keeps any exited container down, OnFailure one that
                    // exited 0; the pod is then done (Succeeded when every exit was 0).
                    let restart = match pod.template.restart_policy.as_str() {
                        "Never" => false,
                        "OnFailure" => code != 0,
                        _ => true,
                    };
                    if !restart {
                        pod.phase = if code == 0 {
                            PodPhase::Succeeded
                        } else {
                            PodPhase::Failed
                        };
                        continue;
                    }
                    // Restart at once the first time, then wait out a doubling back-off
                    // (CrashLoopBackOff).
                    let delay = pod.restart_backoff_ms;
                    pod.restart_backoff_ms = next_backoff(delay);
                    let exited = if code == 0 { "Completed" } else { "Error" };
                    pod.waiting_reason = Some(if delay == 0 { exited } else { "CrashLoopBackOff" });
                    pod.transition_started_ms = now;
                    pod.next_transition_ms = now + delay.max(super::TICK_MS);
                    if delay > 0 {
                        events.push((
                            p,
                            "Warning",
                            "BackOff",
                            format!(
                                "Back-off restarting failed container {} in pod {}_{}({})",
                                pod.container_name, pod.name, pod.namespace, pod.uid
                            ),
                        ));
                    }
                }
                Some("Error" | "Completed" | "CrashLoopBackOff") if pod.next_transition_ms <= now => {
                    pod.restarts += 1;
                    restarted.push(p);
                    pod.waiting_reason = None;
                    pod.started_ms = Some(now);
                    pod.liveness_failures = 0;
                    pod.next_liveness_ms = now.saturating_add(
                        liveness_probe(pod).map_or(0, |p| p.initial_delay_seconds.max(0) as u64 * 1000),
                    );
                    pod.probe_successes = 0;
                    pod.probe_failures = 0;
                    match readiness_probe(pod) {
                        None => {
                            pod.ready = true;
                            pod.ready_since_ms = Some(now);
                        }
                        Some(probe) => {
                            pod.next_probe_ms =
                                now.saturating_add(probe.initial_delay_seconds.max(0) as u64 * 1000)
                        }
                    }
                    if let Some((code, after)) = super::pod::exit_plan(pod) {
                        pod.crash_at_ms = Some(now.saturating_add(after));
                        pod.exit_code = code;
                    }
                    events.push((
                        p,
                        "Normal",
                        "Pulled",
                        format!("Container image \"{}\" already present on machine", pod.image),
                    ));
                    events.push((
                        p,
                        "Normal",
                        "Created",
                        format!("Created container: {}", pod.container_name),
                    ));
                    events.push((
                        p,
                        "Normal",
                        "Started",
                        format!("Started container {}", pod.container_name),
                    ));
                }
                _ => {}
            }
        }
        for (p, kind, reason, message) in events {
            self.record_pod(p, kind, reason, message);
        }
        // Each new container gets the environment of its own start (Services that exist now).
        for p in restarted {
            if let Ok(env) = self.environment(p) {
                let env = self.shared_env(p, env);
                Rc::make_mut(&mut self.pods[p]).env = env;
            }
        }
    }
}

fn readiness_probe(pod: &super::Pod) -> Option<Probe> {
    pod.template
        .containers
        .first()
        .and_then(|c| c.readiness_probe.clone())
}

/// An httpGet or tcpSocket probe to a port the container does not listen on (its image's
/// server is elsewhere): what the prober's dial reports, as the kubelet words it. `None` when
/// the port is served (or the probe is exec/grpc, or a named port does not resolve: Podscape
/// does not model the prober's "couldn't find port" error). Reached through the data plane
/// (`DataPlane::refused_probe`), so the image table loads with the second module; a cluster
/// has pods only once that module has booted it.
pub fn refused_probe(pod: &super::Pod, probe: &Probe) -> Option<String> {
    let (port, path) = match &probe.handler {
        ProbeHandler::HttpGet { path, port } => (port, Some(path)),
        ProbeHandler::TcpSocket { port } => (port, None),
        _ => return None,
    };
    let port = super::endpointslice::resolve_target_port(port, pod)?;
    let container = pod.template.containers.first()?;
    if u16::try_from(port).is_ok_and(|p| super::images::listens(container, p)) {
        return None;
    }
    let ip = pod.ip.as_deref().unwrap_or("");
    let dial = format!("dial tcp {ip}:{port}: connect: connection refused");
    Some(match path {
        Some(path) => {
            let path = if path.starts_with('/') {
                path.clone()
            } else {
                format!("/{path}")
            };
            format!("Get \"http://{ip}:{port}{path}\": {dial}")
        }
        None => dial,
    })
}

/// What a failed probe reports, by handler, as the kubelet's prober words it.
fn failure_message(probe: &Probe) -> String {
    match &probe.handler {
        ProbeHandler::HttpGet { .. } => {
            "Readiness probe failed: HTTP probe failed with statuscode: 503".into()
        }
        ProbeHandler::TcpSocket { port } => {
            format!("Readiness probe failed: dial tcp: connect to port {port}: connection refused")
        }
        ProbeHandler::Exec { .. } => {
            "Readiness probe errored and resulted in unknown state: command failed with exit code 1".into()
        }
        ProbeHandler::Grpc { .. } => {
            "Readiness probe failed: service unhealthy (responded with \"NOT_SERVING\")".into()
        }
    }
}

impl Cluster {
    /// Readiness probes every `periodSeconds` after `initialDelaySeconds`: Ready after
    /// `successThreshold` passes in a row, not Ready after `failureThreshold` failures in a row.
    /// A readiness failure never restarts the container; it only takes the pod out of the
    /// Service's endpoints.
    /// Nodes whose kubelet is down.
    fn down_nodes(&self) -> Vec<String> {
        self.nodes
            .iter()
            .filter(|n| n.down_since_ms.is_some())
            .map(|n| n.name.clone())
            .collect()
    }

    fn run_readiness_probes(&mut self) {
        let now = self.now_ms;
        let refused = self.data_plane.map(|d| d.refused_probe);
        let down = self.down_nodes();
        let mut unhealthy = Vec::new();
        for (p, pod) in self.pods.iter_mut().enumerate() {
            if pod.phase != PodPhase::Running
                || pod.waiting_reason.is_some()
                || pod.deletion_ms.is_some()
                || pod.next_probe_ms > now
                || pod.node.as_ref().is_some_and(|n| down.contains(n))
            {
                continue;
            }
            let pod = Rc::make_mut(pod);
            let Some(probe) = readiness_probe(pod) else {
                // No probe: nothing to do for this pod until it has one (a restart re-arms it).
                pod.next_probe_ms = u64::MAX;
                continue;
            };
            pod.next_probe_ms = now.saturating_add(probe.period_seconds.max(1) as u64 * 1000);
            let refused = refused.and_then(|f| f(pod, &probe));
            if pod.readiness_failing || refused.is_some() {
                pod.probe_successes = 0;
                pod.probe_failures = pod.probe_failures.saturating_add(1);
                let message = match refused {
                    Some(error) => format!("Readiness probe failed: {error}"),
                    None => failure_message(&probe),
                };
                unhealthy.push((p, message));
                if pod.ready && pod.probe_failures >= probe.failure_threshold.max(1) {
                    pod.ready = false;
                    pod.ready_since_ms = None;
                }
            } else {
                pod.probe_failures = 0;
                pod.probe_successes = pod.probe_successes.saturating_add(1);
                if !pod.ready && pod.probe_successes >= probe.success_threshold.max(1) {
                    pod.ready = true;
                    pod.ready_since_ms = Some(now);
                }
            }
        }
        for (p, message) in unhealthy {
            self.record_pod(p, "Warning", "Unhealthy", message);
        }
        self.run_liveness_probes();
    }

    /// Liveness probes: after `failureThreshold` failures in a row the kubelet kills the
    /// container, which restarts (and backs off) like any exited container.
    fn run_liveness_probes(&mut self) {
        let now = self.now_ms;
        let refused = self.data_plane.map(|d| d.refused_probe);
        let down = self.down_nodes();
        let mut events = Vec::new();
        for (p, pod) in self.pods.iter_mut().enumerate() {
            if pod.phase != PodPhase::Running
                || pod.waiting_reason.is_some()
                || pod.deletion_ms.is_some()
                || pod.crash_at_ms.is_some()
                || pod.next_liveness_ms > now
                || pod.node.as_ref().is_some_and(|n| down.contains(n))
            {
                continue;
            }
            let pod = Rc::make_mut(pod);
            let Some(probe) = liveness_probe(pod) else {
                pod.next_liveness_ms = u64::MAX;
                continue;
            };
            pod.next_liveness_ms = now.saturating_add(probe.period_seconds.max(1) as u64 * 1000);
            let refused = refused.and_then(|f| f(pod, &probe));
            if !pod.liveness_failing && refused.is_none() {
                pod.liveness_failures = 0;
                continue;
            }
            pod.liveness_failures = pod.liveness_failures.saturating_add(1);
            let message = match refused {
                Some(error) => format!("Liveness probe failed: {error}"),
                None => failure_message(&probe)
                    .replace("Readiness", "Liveness")
                    .replace("statuscode: 503", "statuscode: 500"),
            };
            events.push((p, "Warning", "Unhealthy", message));
            if pod.liveness_failures >= probe.failure_threshold.max(1) {
                pod.liveness_failures = 0;
                pod.crash_at_ms = Some(now);
                pod.exit_code = 137;
                let c = &pod.container_name;
                events.push((
                    p,
                    "Normal",
                    "Killing",
                    format!("Container {c} failed liveness probe, will be restarted"),
                ));
            }
        }
        for (p, kind, reason, message) in events {
            self.record_pod(p, kind, reason, message);
        }
    }
}

fn liveness_probe(pod: &super::Pod) -> Option<Probe> {
    pod.template
        .containers
        .first()
        .and_then(|c| c.liveness_probe.clone())
}
