//! The kubelets: containers start once their image is on the node, become ready (at once, or
//! when their readiness probe passes), and go away when terminated.

use super::{Cluster, PodPhase};
use crate::manifest::{Probe, ProbeHandler};

impl Cluster {
    pub(super) fn run_kubelets(&mut self) {
        let now = self.now_ms;
        self.pods
            .retain(|pod| !(pod.deletion_ms.is_some() && pod.next_transition_ms <= now));
        let mut started = Vec::new();
        for pod in &mut self.pods {
            if pod.deletion_ms.is_none() && pod.waiting_reason.is_some() && pod.next_transition_ms <= now {
                let pulled = pod.waiting_reason == Some("ContainerCreating");
                pod.waiting_reason = None;
                pod.phase = PodPhase::Running;
                pod.started_ms = Some(now);
                match readiness_probe(pod) {
                    // No readiness probe: a running container is ready at once.
                    None => {
                        pod.ready = true;
                        pod.ready_since_ms = Some(now);
                    }
                    Some(probe) => {
                        pod.next_probe_ms = now + probe.initial_delay_seconds.max(0) as u64 * 1000;
                    }
                }
                started.push((pod.node.clone().unwrap_or_default(), pod.clone(), pulled));
            }
        }
        self.run_readiness_probes();
        for (node, pod, _) in started {
            let object = format!("pod/{}", pod.name);
            if let Some(n) = self.nodes.iter_mut().find(|n| n.name == node) {
                if !n.pulled_images.contains(&pod.image) {
                    n.pulled_images.push(pod.image.clone());
                    let ms = now - pod.transition_started_ms;
                    let took = format!("{}.{:03}s", ms / 1000, ms % 1000);
                    let message = format!(
                        "Successfully pulled image \"{}\" in {took} ({took} including waiting)",
                        pod.image
                    );
                    self.record(&pod.namespace, "Normal", object.clone(), "Pulled", message);
                }
            }
            let c = &pod.container_name;
            self.record(
                &pod.namespace,
                "Normal",
                object.clone(),
                "Created",
                format!("Created container: {c}"),
            );
            self.record(
                &pod.namespace,
                "Normal",
                object,
                "Started",
                format!("Started container {c}"),
            );
        }
    }
}

fn readiness_probe(pod: &super::Pod) -> Option<Probe> {
    pod.template
        .containers
        .first()
        .and_then(|c| c.readiness_probe.clone())
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
    fn run_readiness_probes(&mut self) {
        let now = self.now_ms;
        let mut unhealthy = Vec::new();
        for pod in self.pods.iter_mut() {
            if pod.phase != PodPhase::Running || pod.deletion_ms.is_some() || pod.next_probe_ms > now {
                continue;
            }
            let Some(probe) = readiness_probe(pod) else {
                continue;
            };
            pod.next_probe_ms = now + probe.period_seconds.max(1) as u64 * 1000;
            if pod.readiness_failing {
                pod.probe_successes = 0;
                pod.probe_failures += 1;
                unhealthy.push((pod.namespace.clone(), pod.name.clone(), failure_message(&probe)));
                if pod.ready && pod.probe_failures >= probe.failure_threshold.max(1) {
                    pod.ready = false;
                    pod.ready_since_ms = None;
                }
            } else {
                pod.probe_failures = 0;
                pod.probe_successes += 1;
                if !pod.ready && pod.probe_successes >= probe.success_threshold.max(1) {
                    pod.ready = true;
                    pod.ready_since_ms = Some(now);
                }
            }
        }
        for (ns, name, message) in unhealthy {
            self.record(&ns, "Warning", format!("pod/{name}"), "Unhealthy", message);
        }
    }
}
