//! The kubelets: containers start once their image is on the node, become ready, and go away
//! when terminated.

use super::{Cluster, PodPhase};

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
                // No readiness probe: a running container is ready at once.
                pod.ready = true;
                pod.ready_since_ms = Some(now);
                started.push((pod.node.clone().unwrap_or_default(), pod.clone(), pulled));
            }
        }
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
