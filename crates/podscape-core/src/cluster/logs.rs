//! What the cluster must remember for `kubectl logs`: the requests each pod served (the
//! traffic code records them; each image prints them in its own format in `kubectl logs`),
//! in one bounded ring for the whole cluster. Startup lines and a shell loop's output follow
//! from the container's start time and command, so they are computed, not stored.

use std::collections::VecDeque;

use super::Cluster;

/// The ring's size: the oldest requests are forgotten first, as a rotated log would lose them.
pub const MAX_SERVED_REQUESTS: usize = 512;

/// One HTTP request a pod's container answered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServedRequest {
    pub pod_uid: String,
    pub ms: u64,
    /// The peer the container saw: an address and port (the node's after SNAT).
    pub client_ip: String,
    pub client_port: u16,
    pub path: String,
    pub user_agent: &'static str,
    /// The HTTP status the container answered with.
    pub status: u16,
}

#[derive(Clone, Default)]
pub(super) struct RequestLog {
    served: VecDeque<ServedRequest>,
}

impl Cluster {
    /// Records that `pod` answered a request (called where the data plane delivers one).
    pub(super) fn record_request(
        &mut self,
        pod: &str,
        client_ip: &str,
        client_port: u16,
        path: &str,
        user_agent: &'static str,
        status: u16,
    ) {
        let Some(uid) = self.pods.iter().find(|p| p.name == pod).map(|p| p.uid.clone()) else {
            return;
        };
        let log = &mut self.request_log.served;
        if log.len() >= MAX_SERVED_REQUESTS {
            log.pop_front();
        }
        log.push_back(ServedRequest {
            pod_uid: uid,
            ms: self.now_ms,
            client_ip: client_ip.to_string(),
            client_port,
            path: path.chars().take(256).collect(),
            user_agent,
            status,
        });
    }

    /// The requests a pod served that the ring still holds, oldest first.
    pub fn served_requests<'a>(&'a self, pod_uid: &'a str) -> impl Iterator<Item = &'a ServedRequest> + 'a {
        self.request_log
            .served
            .iter()
            .filter(move |r| r.pod_uid == pod_uid)
    }
}
