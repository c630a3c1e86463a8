//! What the cluster must remember for `kubectl logs`: the requests each pod served (the
//! traffic code records them; each image prints them in its own format in `kubectl logs`)
//! and what each request a client loop sent came to (`wget -qO-` prints the body or its
//! error), each in one bounded ring for the whole cluster. Startup lines and a shell loop's
//! echoes follow from the container's start time and command, so they are computed, not stored.

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

/// The most client-loop requests whose outcome the ring keeps.
pub const MAX_SENT_REQUESTS: usize = 1024;

/// The longest body a sent request's record keeps (nginx's welcome page is 615 bytes).
const MAX_BODY: usize = 1024;

/// What a client loop's request came to, as its program sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Sent {
    /// The answer's status and body (cut at 1 KiB).
    Answered(u16, String),
    /// A proxy took it; its answer waits for the proxy's own onward request.
    Pending,
    /// Connection refused: no endpoints (kube-proxy's REJECT) or nothing listening.
    Refused,
    /// kube-proxy dropped it: the connect times out.
    TimedOut,
    /// The name did not resolve.
    NoDns,
}

/// One request a client loop's container sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SentRequest {
    pub pod_uid: String,
    pub id: u64,
    pub ms: u64,
    /// The host the client asked for (`api`, `api.shop`) and its port.
    pub host: String,
    pub port: u16,
    /// The address it connected to (the Service's ClusterIP; empty when the name did not resolve).
    pub address: String,
    pub sent: Sent,
}

#[derive(Clone, Default)]
pub(super) struct RequestLog {
    served: VecDeque<ServedRequest>,
    sent: VecDeque<SentRequest>,
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

    /// Records what request `id` that `pod`'s client loop sent came to (see [`Sent`]).
    pub(super) fn record_sent(
        &mut self,
        pod: &str,
        id: u64,
        host: &str,
        port: u16,
        address: String,
        sent: Sent,
    ) {
        let Some(uid) = self.pods.iter().find(|p| p.name == pod).map(|p| p.uid.clone()) else {
            return;
        };
        let sent = match sent {
            Sent::Answered(status, mut body) => {
                if body.len() > MAX_BODY {
                    let mut end = MAX_BODY;
                    while !body.is_char_boundary(end) {
                        end -= 1;
                    }
                    body.truncate(end);
                }
                Sent::Answered(status, body)
            }
            other => other,
        };
        let log = &mut self.request_log.sent;
        if log.len() >= MAX_SENT_REQUESTS {
            log.pop_front();
        }
        log.push_back(SentRequest {
            pod_uid: uid,
            id,
            ms: self.now_ms,
            host: host.chars().take(253).collect(),
            port,
            address,
            sent,
        });
    }

    /// A proxy answered sent request `id` (it was [`Sent::Pending`]).
    /// A request that was not a client's own passes the answer up its chain of proxies.
    pub(super) fn answer_sent(&mut self, id: u64, status: u16, body: String) {
        let mut id = id;
        for _ in 0..super::flows::MAX_ONWARD {
            if let Some(r) = self.request_log.sent.iter_mut().rev().find(|r| r.id == id) {
                if r.sent == Sent::Pending {
                    r.sent = Sent::Answered(status, body.chars().take(MAX_BODY).collect());
                }
                return;
            }
            match self.parent_of(id) {
                Some(parent) => id = parent,
                None => return,
            }
        }
    }

    /// What the requests a pod's client loop sent came to, oldest first.
    pub fn sent_requests<'a>(&'a self, pod_uid: &'a str) -> impl Iterator<Item = &'a SentRequest> + 'a {
        self.request_log.sent.iter().filter(move |r| r.pod_uid == pod_uid)
    }

    /// The requests a pod served that the ring still holds, oldest first.
    pub fn served_requests<'a>(&'a self, pod_uid: &'a str) -> impl Iterator<Item = &'a ServedRequest> + 'a {
        self.request_log
            .served
            .iter()
            .filter(move |r| r.pod_uid == pod_uid)
    }
}
