//! Ingress: the objects, and a simulated ingress controller that behaves like ingress-nginx.
//!
//! The cluster runs ingress-nginx (controller `k8s.io/ingress-nginx`) for the IngressClass
//! `nginx`, which is marked default (`ingressclass.kubernetes.io/is-default-class: "true"`), so
//! the API server's DefaultIngressClass admission fills `ingressClassName: nginx` into an
//! Ingress created without one. Ingresses of any other class are left alone: no address, no
//! routing. The controller's Service is a LoadBalancer whose address comes from the same pool
//! as the learner's LoadBalancer Services (`172.18.255.200` upwards, cloud-provider-kind
//! style); it is allocated the first time an Ingress needs it and kept from then on. The
//! controller publishes that address in the Ingress's status (`--publish-service`), which is
//! what the ADDRESS column shows; the real status sync is periodic and can take longer, here
//! it takes [`INGRESS_STATUS_DELAY_MS`]. ingress-nginx records `Sync` events (`Scheduled for
//! sync`) on every add and update it sees, the status update included.
//!
//! Routing follows ingress-nginx's `createServers`: one server block per host (rules without a
//! host go to the catch-all server `_`), each with a root location `/` that answers from the
//! controller's default backend (404) or from the `defaultBackend` of the first Ingress that
//! created the server; an Ingress with a `defaultBackend` and no rules becomes the catch-all's
//! default. Host matching is exact first, then `*.` wildcards that stand for exactly one DNS
//! label (as the Ingress API documents; nginx's own wildcard would take several), then the
//! catch-all. Within a server the longest matching path wins and Exact beats Prefix at equal
//! length. Prefix matches element by element; ImplementationSpecific is a plain nginx prefix
//! location in ingress-nginx (`location /foo` also takes `/foobar`), and so here.
//!
//! Simplifications, said here once: ingress-nginx balances over the Service's endpoints itself
//! (round robin, `service-upstream: "false"`); Podscape sends the request through the
//! Service's ClusterIP from the controller's node, as with `service-upstream: "true"`, so the
//! pod that answers is the one kube-proxy's rules chose. Headless Services are balanced round
//! robin over their ready endpoints. The controller runs with host networking on the
//! control-plane node. TLS, annotations and the 301 nginx sends for `/foo` when only a
//! `/foo/` prefix exists are not modelled.

use std::collections::BTreeMap;

use super::{Client, Cluster, Route};
use crate::manifest::{self, IngressBackend, IntOrString};
use crate::proxy::Verdict;

/// The IngressClass the simulated controller serves (and the cluster's default class).
pub const INGRESS_CLASS: &str = "nginx";
/// `spec.controller` of that IngressClass.
pub const INGRESS_CONTROLLER: &str = "k8s.io/ingress-nginx";
/// The event source ingress-nginx records with.
pub const INGRESS_EVENT_SOURCE: &str = "nginx-ingress-controller";
/// From an Ingress's creation to its address in the status (the controller's status sync).
pub const INGRESS_STATUS_DELAY_MS: u64 = 5_000;
/// How many requests the controller's access log keeps.
const ACCESS_LOG_LEN: usize = 64;

/// An Ingress as the cluster stores it.
#[derive(Clone, Debug)]
pub struct Ingress {
    /// The object as applied, with `ingressClassName` defaulted on create.
    pub spec: manifest::Ingress,
    pub created_ms: u64,
    pub uid: String,
    /// `status.loadBalancer.ingress[0].ip`, once the controller has published it.
    pub address: Option<String>,
}

impl Ingress {
    /// Whether the simulated ingress-nginx serves this Ingress.
    pub fn served(&self) -> bool {
        self.spec.ingress_class_name.as_deref() == Some(INGRESS_CLASS)
    }
}

/// `spec.rules[].http.paths[].pathType`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PathType {
    Exact,
    Prefix,
    ImplementationSpecific,
}

impl PathType {
    pub fn parse(text: &str) -> PathType {
        match text {
            "Exact" => PathType::Exact,
            "Prefix" => PathType::Prefix,
            _ => PathType::ImplementationSpecific,
        }
    }
}

/// Whether a request path matches an Ingress path of this type. The request path is the
/// URL's path without query or fragment.
pub fn path_matches(path_type: PathType, path: &str, request: &str) -> bool {
    match path_type {
        PathType::Exact => path == request,
        PathType::Prefix => {
            // Element-wise: `/aaa/bb` does not take `/aaa/bbb`; a trailing slash is ignored.
            let want = path.split('/').filter(|e| !e.is_empty());
            let mut got = request.split('/').filter(|e| !e.is_empty());
            want.into_iter().all(|e| got.next() == Some(e))
        }
        PathType::ImplementationSpecific => request.starts_with(path),
    }
}

/// Whether a rule's host takes a request's host: equal, or a `*.` wildcard standing for
/// exactly one DNS label (`*.foo.com` takes `bar.foo.com`, not `baz.bar.foo.com` nor `foo.com`).
pub fn host_matches(rule_host: &str, host: &str) -> bool {
    match rule_host.strip_prefix("*.") {
        Some(suffix) => host
            .split_once('.')
            .is_some_and(|(label, rest)| !label.is_empty() && rest == suffix),
        None => rule_host == host,
    }
}

/// Where a location sends requests: a Service port of the Ingress's namespace.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Backend {
    pub namespace: String,
    pub ingress: String,
    pub service: String,
    pub port: IntOrString,
}

/// An nginx location of a server block.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Location {
    pub path: String,
    pub path_type: PathType,
    /// `None`: the controller's own default backend, which answers 404.
    pub backend: Option<Backend>,
    /// The root location every server starts with (replaceable by an explicit `/` Prefix).
    pub is_default: bool,
}

/// An nginx server block: a host (`_` for the catch-all) and its locations.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Server {
    pub host: String,
    pub locations: Vec<Location>,
}

/// The catch-all server's name.
pub const CATCH_ALL: &str = "_";

fn backend(ing: &manifest::Ingress, b: &IngressBackend) -> Backend {
    Backend {
        namespace: ing.namespace.clone(),
        ingress: ing.name.clone(),
        service: b.service_name.clone(),
        port: b.service_port.clone(),
    }
}

fn root(backend: Option<Backend>) -> Location {
    Location {
        path: "/".into(),
        path_type: PathType::Prefix,
        backend,
        is_default: true,
    }
}

/// The servers ingress-nginx configures from these Ingresses, oldest first (its order).
pub fn servers(ingresses: &[&manifest::Ingress]) -> Vec<Server> {
    let mut servers = vec![Server {
        host: CATCH_ALL.into(),
        locations: vec![root(None)],
    }];
    for ing in ingresses {
        let default = ing.default_backend.as_ref().map(|b| backend(ing, b));
        if let Some(d) = &default {
            // An Ingress with a backend but no rule configures the catch-all server.
            let catch_all = &mut servers[0].locations[0];
            if catch_all.backend.is_none() && ing.rules.is_empty() {
                catch_all.backend = Some(d.clone());
            }
        }
        for rule in &ing.rules {
            let host = rule.host.clone().unwrap_or_else(|| CATCH_ALL.into());
            if !servers.iter().any(|s| s.host == host) {
                servers.push(Server {
                    host,
                    locations: vec![root(default.clone())],
                });
            }
        }
    }
    for ing in ingresses {
        for rule in &ing.rules {
            let host = rule.host.as_deref().unwrap_or(CATCH_ALL);
            let Some(server) = servers.iter_mut().find(|s| s.host == host) else {
                continue;
            };
            for p in &rule.paths {
                let path_type = PathType::parse(&p.path_type);
                let b = backend(ing, &p.backend);
                match server
                    .locations
                    .iter_mut()
                    .find(|l| l.path == p.path && l.path_type == path_type)
                {
                    // An explicit `/` replaces the default root; otherwise the oldest wins.
                    Some(existing) if existing.is_default => {
                        existing.backend = Some(b);
                        existing.is_default = false;
                    }
                    Some(_) => {}
                    None => server.locations.push(Location {
                        path: p.path.clone(),
                        path_type,
                        backend: Some(b),
                        is_default: false,
                    }),
                }
            }
        }
    }
    servers
}

/// The server for a request's host: exact, then wildcard, then the catch-all.
pub fn pick_server<'a>(servers: &'a [Server], host: &str) -> Option<&'a Server> {
    servers
        .iter()
        .find(|s| s.host == host)
        .or_else(|| {
            servers
                .iter()
                .find(|s| s.host.starts_with("*.") && host_matches(&s.host, host))
        })
        .or_else(|| servers.iter().find(|s| s.host == CATCH_ALL))
}

/// The location for a request path: the longest matching path, Exact before Prefix at equal
/// length.
pub fn pick_location<'a>(server: &'a Server, path: &str) -> Option<&'a Location> {
    server
        .locations
        .iter()
        .filter(|l| path_matches(l.path_type, &l.path, path))
        .max_by_key(|l| (l.path.len(), l.path_type == PathType::Exact))
}

/// What the controller answered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum IngressAnswer {
    /// 200 from this pod (`route`: how kube-proxy's rules on the controller's node got there;
    /// `None` for a headless Service).
    Pod { pod: String, route: Option<Route> },
    /// An nginx status page: 404 (nothing matched: the default backend), 503 (the backend
    /// Service is missing or has no ready endpoints), 502 (the connection failed).
    Status(u16),
}

/// One line of the controller's access log.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AccessLogEntry {
    pub at_ms: u64,
    pub host: String,
    pub path: String,
    pub status: u16,
    /// `namespace/service` that served it, if one did.
    pub service: Option<String>,
    pub pod: Option<String>,
}

/// The controller's state beside the Ingress objects.
#[derive(Clone, Debug, Default)]
pub struct IngressController {
    /// The controller Service's LoadBalancer address, once allocated.
    pub address: Option<String>,
    pub log: Vec<AccessLogEntry>,
    /// Round-robin cursors for headless backends.
    cursors: BTreeMap<String, usize>,
}

impl Cluster {
    pub fn ingresses(&self) -> impl Iterator<Item = &Ingress> {
        self.ingresses.values()
    }

    pub fn ingress(&self, namespace: &str, name: &str) -> Option<&Ingress> {
        self.ingresses.get(&(namespace.to_string(), name.to_string()))
    }

    /// The ingress controller's address, once it has one.
    pub fn ingress_address(&self) -> Option<&str> {
        self.ingress_controller.address.as_deref()
    }

    /// The requests the ingress controller answered, oldest first.
    pub fn ingress_log(&self) -> &[AccessLogEntry] {
        &self.ingress_controller.log
    }

    pub(super) fn apply_ingress(&mut self, i: &manifest::Ingress) -> &'static str {
        let key = (i.namespace.clone(), i.name.clone());
        let mut spec = i.clone();
        let verb = if let Some(existing) = self.ingresses.get_mut(&key) {
            if existing.spec.raw == i.raw {
                return "unchanged";
            }
            // kubectl apply leaves a field it never set (the defaulted class) as it is.
            if spec.ingress_class_name.is_none() {
                spec.ingress_class_name = existing.spec.ingress_class_name.clone();
            }
            existing.spec = spec;
            if !existing.served() {
                existing.address = None;
            }
            "configured"
        } else {
            // DefaultIngressClass admission: the default class is filled in on create.
            if spec.ingress_class_name.is_none() {
                spec.ingress_class_name = Some(INGRESS_CLASS.into());
            }
            let uid = self.uid();
            let created_ms = self.now_ms;
            self.ingresses.insert(
                key.clone(),
                Ingress {
                    spec,
                    created_ms,
                    uid,
                    address: None,
                },
            );
            "created"
        };
        if self.ingresses.get(&key).is_some_and(Ingress::served) {
            self.record_sync(&key.0, &key.1);
        }
        verb
    }

    /// `kubectl delete ingress`. Returns whether it existed.
    pub fn delete_ingress(&mut self, namespace: &str, name: &str) -> bool {
        self.epoch += 1;
        self.ingresses
            .remove(&(namespace.to_string(), name.to_string()))
            .is_some()
    }

    fn record_sync(&mut self, namespace: &str, name: &str) {
        self.record(
            namespace,
            "Normal",
            format!("ingress/{name}"),
            "Sync",
            "Scheduled for sync".into(),
        );
    }

    /// The controller's status sync: served Ingresses get the controller's address a few
    /// seconds after they were created.
    pub(super) fn sync_ingresses(&mut self) {
        let now = self.now_ms;
        let due: Vec<(String, String)> = self
            .ingresses
            .iter()
            .filter(|(_, i)| {
                i.served() && i.address.is_none() && now >= i.created_ms + INGRESS_STATUS_DELAY_MS
            })
            .map(|(k, _)| k.clone())
            .collect();
        if due.is_empty() {
            return;
        }
        let address = match self.ingress_controller.address.clone() {
            Some(a) => a,
            None => {
                let a = self.free_load_balancer_ip();
                self.ingress_controller.address = Some(a.clone());
                a
            }
        };
        for key in due {
            if let Some(i) = self.ingresses.get_mut(&key) {
                i.address = Some(address.clone());
            }
            // The status update is an update: ingress-nginx's informer schedules a sync again.
            self.record_sync(&key.0, &key.1);
        }
    }

    /// An HTTP request to the ingress controller's address with this Host header and path:
    /// routed by the served Ingresses, then through the backend Service.
    pub fn ingress_request(&mut self, host: &str, path: &str) -> IngressAnswer {
        let host = host
            .rsplit_once(':')
            .filter(|(_, port)| port.chars().all(|c| c.is_ascii_digit()))
            .map_or(host, |(h, _)| h)
            .to_ascii_lowercase();
        let path = path.split(['?', '#']).next().unwrap_or("/");
        let path = if path.is_empty() { "/" } else { path };
        let mut served: Vec<&Ingress> = self.ingresses.values().filter(|i| i.served()).collect();
        // ingress-nginx sorts by creation time; the store's key order breaks ties.
        crate::sort::SmallSort::small_sort_by_key(served.as_mut_slice(), |i| i.created_ms);
        let specs: Vec<&manifest::Ingress> = served.iter().map(|i| &i.spec).collect();
        let servers = servers(&specs);
        let backend = pick_server(&servers, &host)
            .and_then(|s| pick_location(s, path))
            .and_then(|l| l.backend.clone());
        let answer = match &backend {
            None => IngressAnswer::Status(404),
            Some(b) => self.forward(b),
        };
        let (status, pod) = match &answer {
            IngressAnswer::Pod { pod, .. } => (200, Some(pod.clone())),
            IngressAnswer::Status(code) => (*code, None),
        };
        let log = &mut self.ingress_controller.log;
        log.push(AccessLogEntry {
            at_ms: self.now_ms,
            host,
            path: path.to_string(),
            status,
            service: backend.map(|b| format!("{}/{}", b.namespace, b.service)),
            pod,
        });
        let excess = log.len().saturating_sub(ACCESS_LOG_LEN);
        log.drain(..excess);
        answer
    }

    /// Sends a request on to a backend Service: 503 without ready endpoints, else through the
    /// Service's ClusterIP from the controller's node.
    fn forward(&mut self, b: &Backend) -> IngressAnswer {
        let Some(service) = self.service(&b.namespace, &b.service) else {
            return IngressAnswer::Status(503);
        };
        let Some(port) = service
            .spec
            .ports
            .iter()
            .find(|p| match &b.port {
                IntOrString::Int(n) => p.port == *n,
                IntOrString::String(name) => p.name.as_deref() == Some(name.as_str()),
            })
            .cloned()
        else {
            return IngressAnswer::Status(503);
        };
        let port_name = port.name.clone().unwrap_or_default();
        let ready: Vec<String> = self
            .endpoint_slice(service)
            .filter(|slice| slice.ports.iter().any(|p| p.name == port_name))
            .map(|slice| {
                slice
                    .endpoints
                    .into_iter()
                    .filter(|e| e.conditions.ready)
                    .map(|e| e.pod)
                    .collect()
            })
            .unwrap_or_default();
        if ready.is_empty() || service.spec.service_type == "ExternalName" {
            return IngressAnswer::Status(503);
        }
        if service.cluster_ip == "None" {
            let key = format!("{}/{}", b.namespace, b.service);
            let cursor = self.ingress_controller.cursors.entry(key).or_default();
            let pod = ready[*cursor % ready.len()].clone();
            *cursor = cursor.wrapping_add(1);
            return IngressAnswer::Pod { pod, route: None };
        }
        let cluster_ip = service.cluster_ip.clone();
        let Some(node) = self.nodes.first().cloned() else {
            return IngressAnswer::Status(502);
        };
        let client = Client {
            node: node.name,
            ip: node.internal_ip,
            namespace: "ingress-nginx".into(),
        };
        let protocol = match port.protocol.as_str() {
            "UDP" => crate::proxy::Protocol::Udp,
            "SCTP" => crate::proxy::Protocol::Sctp,
            _ => crate::proxy::Protocol::Tcp,
        };
        let route = self.route_connection(
            &client,
            &cluster_ip,
            u16::try_from(port.port).unwrap_or(0),
            protocol,
        );
        match (&route.verdict, route.pod.clone()) {
            (Verdict::Dnat { .. }, Some(pod)) => IngressAnswer::Pod {
                pod,
                route: Some(route),
            },
            _ => IngressAnswer::Status(502),
        }
    }
}

/// The page nginx serves with a status code (ingress-nginx's default backend and errors);
/// nginx ends its lines with CRLF, shown here with LF.
pub fn nginx_status_page(status: u16) -> String {
    let title = match status {
        404 => "404 Not Found",
        502 => "502 Bad Gateway",
        503 => "503 Service Temporarily Unavailable",
        _ => "500 Internal Server Error",
    };
    format!(
        "<html>\n<head><title>{title}</title></head>\n<body>\n<center><h1>{title}</h1></center>\n<hr><center>nginx</center>\n</body>\n</html>\n"
    )
}

#[cfg(test)]
mod tests;
