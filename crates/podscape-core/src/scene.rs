//! The scene: a plain view model of the cluster (positions, shapes, links) that a renderer draws
//! as it is. Layout lives here, not in the web crate, so every frame can be snapshot-tested.

pub mod map;

use std::collections::BTreeMap;

use serde::Serialize;

use crate::cluster::{is_learners, is_system_namespace, Cluster, NodeRole};
use crate::names::fnv1a32;
use crate::sort::SmallSort;

/// The stage's width in its own coordinates (an SVG viewBox) for each layout; the height
/// follows the pods.
pub const WIDTH: f32 = 960.0;
pub const NARROW_WIDTH: f32 = 420.0;

/// Wide puts the nodes side by side; Narrow (phones) stacks them, so text stays readable.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub enum Layout {
    #[default]
    Wide,
    Narrow,
}
pub const POD_RADIUS: f32 = 20.0;
const POD_PITCH: f32 = 58.0;
const NODE_TOP: f32 = 230.0;
const PENDING_Y: f32 = 186.0;
const NARROW_NODE_TOP: f32 = 262.0;
const NARROW_PENDING_Y: f32 = 232.0;

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Scene {
    pub now_ms: u64,
    pub layout: Layout,
    pub width: f32,
    /// The frontend client's centre: requests leave from and return to it.
    pub client: (f32, f32),
    /// What the box at `client` stands for, if the stage draws it.
    pub client_box: ClientBox,
    /// The viewBox height: node panels grow with the rows of pods they hold.
    pub height: f32,
    pub nodes: Vec<SceneNode>,
    pub pods: Vec<ScenePod>,
    pub services: Vec<SceneService>,
    pub packets: Vec<ScenePacket>,
    /// One request in this many is drawn as a particle (1: all; see [`MAX_DRAWN_PACKETS`]).
    pub packet_sample: u64,
    /// The learner's Deployments, for the workload chips under the stage.
    pub deployments: Vec<SceneDeployment>,
    /// The cluster's proxy epoch when this scene was made: `Scene::next` reuses the Services'
    /// endpoints while it stands still.
    #[serde(skip)]
    proxy_epoch: u64,
}

/// A Deployment as `kubectl get deployments` summarises it, with its newest revision's hue.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SceneDeployment {
    pub name: String,
    pub namespace: String,
    /// `spec.replicas`.
    pub desired: i32,
    pub ready: i32,
    pub updated: i32,
    pub available: i32,
    pub revision: u64,
    pub paused: bool,
    /// `container=image`, one per container of the pod template.
    pub images: Vec<(String, String)>,
    /// The hue of the newest ReplicaSet's pods.
    pub hue: u16,
}

/// The generator's client box: Podscape's own test client in the cluster when the learner's
/// objects have none of their own, the host outside the cluster calling NodePorts, or nothing
/// (the learner's client pods send the requests; see `Cluster::client_deployments`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum ClientBox {
    TestClient,
    Outside,
    Hidden,
}

/// The frontend client's box size.
pub const CLIENT_W: f32 = 152.0;
pub const CLIENT_H: f32 = 56.0;

/// A request or reply in flight, at its current position.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ScenePacket {
    pub id: u64,
    /// `request`, `reply`, `refused` (bounces back) or `dropped` (stays at the VIP: a timeout).
    pub kind: &'static str,
    pub x: f32,
    pub y: f32,
    /// The pod that serves it, once the virtual IP has been resolved.
    pub pod: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SceneNode {
    pub name: String,
    pub internal_ip: String,
    pub pod_cidr: String,
    pub control_plane: bool,
    /// Cordoned: `Ready,SchedulingDisabled`.
    pub cordoned: bool,
    /// The kubelet is down (`down`), and the node controller has marked it NotReady (`ready`).
    pub down: bool,
    pub ready: bool,
    pub x: f32,
    pub y: f32,
    pub w: f32,
    pub h: f32,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ScenePod {
    pub name: String,
    /// `status.phase`: Pending or Running.
    pub phase: &'static str,
    /// The STATUS column of `kubectl get pods`: ContainerCreating, Terminating, …
    pub status: &'static str,
    pub ready: bool,
    pub ip: Option<String>,
    pub node: Option<String>,
    pub replica_set: String,
    /// A kube-system pod (CoreDNS): drawn muted, not one of the learner's.
    pub system: bool,
    /// Hue in degrees shared by the pods of one ReplicaSet.
    pub hue: u16,
    /// Progress of the current step (0..1): filling while created, fading while terminating.
    pub progress: f32,
    /// Seconds until the kubelet tries again, during CrashLoopBackOff or ImagePullBackOff.
    pub backoff_s: Option<u32>,
    pub restarts: u32,
    pub x: f32,
    pub y: f32,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SceneService {
    pub name: String,
    pub service_type: String,
    pub cluster_ip: String,
    /// `80/TCP → http`, one entry per port.
    pub ports: Vec<String>,
    pub x: f32,
    pub y: f32,
    pub w: f32,
    pub h: f32,
    pub endpoints: Vec<SceneEndpoint>,
    /// The distribution chart, over the last 10 s of virtual time (`traffic::WINDOW_MS`):
    /// requests decided, refused (REJECT), timed out (DROP), unresolved, and replies per pod.
    pub sent: u64,
    pub refused: u64,
    pub timed_out: u64,
    pub no_dns: u64,
    pub served: Vec<(String, u64)>,
    /// Top-left corner of the distribution chart.
    pub chart: (f32, f32),
    /// The longest bar of the chart: shorter when the chart sits under its box, between the
    /// box's endpoint lines and its neighbour's.
    pub chart_bar: f32,
    /// The Ingress routes that lead here (`shop: shop.example.com/api`), oldest Ingress first.
    pub ingress_routes: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SceneEndpoint {
    pub pod: String,
    pub ready: bool,
}

impl Scene {
    /// The wide layout, as desktops show it.
    pub fn of(cluster: &Cluster) -> Scene {
        Scene::with_layout(cluster, Layout::Wide)
    }

    pub fn with_layout(cluster: &Cluster, layout: Layout) -> Scene {
        Scene::build(cluster, layout, None)
    }

    /// The scene that follows `previous`, a scene of the same cluster: the same as
    /// `with_layout`, but the Services' endpoints are taken from `previous` when nothing
    /// kube-proxy sees (pods' readiness, addresses, labels; the Services) has changed since,
    /// instead of being derived again from every pod (a renderer makes one scene a frame).
    pub fn next(previous: &Scene, cluster: &Cluster, layout: Layout) -> Scene {
        Scene::build(cluster, layout, Some(previous))
    }

    fn build(cluster: &Cluster, layout: Layout, previous: Option<&Scene>) -> Scene {
        let reuse = previous.filter(|p| p.proxy_epoch == cluster.proxy_epoch());
        let now = cluster.now_ms();
        let count = cluster.nodes().len().max(1);
        let gap = 16.0;
        let narrow = layout == Layout::Narrow;
        let width = if narrow { NARROW_WIDTH } else { WIDTH };
        let w = if narrow {
            width - 2.0 * gap
        } else {
            (width - gap * (count as f32 + 1.0)) / count as f32
        };
        let columns = ((w - 16.0) / POD_PITCH).floor().max(1.0) as usize;
        // Rows of pods per node, in one pass over the pods.
        let mut rows: BTreeMap<&str, usize> = BTreeMap::new();
        for p in cluster.pods().iter().filter(|p| drawn(p)) {
            if let Some(node) = p.node.as_deref() {
                let r = rows.entry(node).or_insert(1);
                *r = (*r).max(p.slot / columns + 1);
            }
        }
        let rows_of = |name: &str| rows.get(name).copied().unwrap_or(1);
        let height_for = |rows: usize| 74.0 + POD_PITCH * rows as f32 - 8.0;
        let tallest = cluster
            .nodes()
            .iter()
            .map(|n| rows_of(&n.name))
            .max()
            .unwrap_or(1)
            .max(2);
        // On a phone the Services stack above the nodes, each chart left of the next box: the
        // last chart's title and three bars push the nodes down.
        // The learner's Services; `kubernetes` and `kube-dns` are there but not drawn.
        let shown: Vec<_> = cluster.services().filter(|s| is_learners(&s.spec)).collect();
        let stacked = shown.len();
        let node_top = if narrow {
            NARROW_NODE_TOP.max(183.0 + stacked.saturating_sub(1) as f32 * 100.0)
        } else {
            NODE_TOP
        };
        let mut y = node_top;
        // Stacked on a phone, the workers come first: that is where the learner's pods run.
        let mut order: Vec<(usize, &crate::cluster::Node)> = cluster.nodes().iter().enumerate().collect();
        if narrow {
            order.rotate_left(1);
        }
        let nodes: Vec<SceneNode> = order
            .into_iter()
            .map(|(i, n)| {
                let (x, top, h) = if narrow {
                    let h = height_for(rows_of(&n.name));
                    let top = y;
                    y += h + 12.0;
                    (gap, top, h)
                } else {
                    (gap + i as f32 * (w + gap), node_top, height_for(tallest))
                };
                SceneNode {
                    name: n.name.clone(),
                    internal_ip: n.internal_ip.clone(),
                    pod_cidr: n.pod_cidr(),
                    control_plane: n.role == NodeRole::ControlPlane,
                    cordoned: n.unschedulable,
                    down: n.down_since_ms.is_some(),
                    ready: n.ready_at(now),
                    x,
                    y: top,
                    w,
                    h,
                }
            })
            .collect();
        let height = nodes.iter().map(|n| n.y + n.h).fold(node_top, f32::max) + gap;
        let client = if narrow {
            (gap + CLIENT_W / 2.0 - 8.0, 56.0)
        } else {
            (96.0, 74.0)
        };
        let pending_y = if narrow {
            NARROW_PENDING_Y + (node_top - NARROW_NODE_TOP)
        } else {
            PENDING_Y
        };
        let pending: Vec<&str> = cluster
            .pods()
            .iter()
            .filter(|p| p.node.is_none() && drawn(p))
            .map(|p| p.name.as_str())
            .collect();
        // Each ReplicaSet's place in creation order (its hue), found once, not once per pod.
        // (The scene's maps are all `&str -> usize`: one BTreeMap in the wasm, not three.)
        let mut hues: BTreeMap<&str, usize> = BTreeMap::new();
        for (i, rs) in cluster.replica_sets().iter().enumerate() {
            hues.entry(rs.name.as_str()).or_insert(i);
        }
        let pods: Vec<ScenePod> = cluster
            .pods()
            .iter()
            .filter(|p| drawn(p))
            .map(|p| {
                let (x, y) = match p
                    .node
                    .as_ref()
                    .and_then(|n| nodes.iter().find(|sn| &sn.name == n))
                {
                    Some(node) => {
                        let (row, col) = (p.slot / columns, p.slot % columns);
                        let inner = columns as f32 * POD_PITCH;
                        (
                            node.x + (node.w - inner) / 2.0 + POD_PITCH * (col as f32 + 0.5),
                            node.y + 74.0 + POD_PITCH * row as f32,
                        )
                    }
                    None => {
                        let i = pending.iter().position(|n| *n == p.name).unwrap_or(0) as f32;
                        let span = (pending.len() as f32 - 1.0) * POD_PITCH;
                        (width / 2.0 - span / 2.0 + i * POD_PITCH, pending_y)
                    }
                };
                ScenePod {
                    name: p.name.clone(),
                    phase: p.phase.as_str(),
                    status: p.status(),
                    ready: p.ready,
                    ip: p.ip.clone(),
                    node: p.node.clone(),
                    replica_set: p.owner.clone().unwrap_or_default(),
                    system: p.namespace == "kube-system",
                    // A bare pod takes the hue of its own name.
                    hue: hues.get(p.owner.as_deref().unwrap_or(&p.name)).map_or_else(
                        || hue_of(cluster, p.owner.as_deref().unwrap_or(&p.name)),
                        |&i| hue_at(i),
                    ),
                    progress: p.transition_progress(now),
                    backoff_s: p.backoff_remaining_ms(now).map(|ms| ms.div_ceil(1000) as u32),
                    restarts: p.restarts,
                    x,
                    y,
                }
            })
            .collect();
        let service_count = shown.len().max(1) as f32;
        let services: Vec<SceneService> = shown
            .into_iter()
            .enumerate()
            .map(|(i, s)| {
                let window = cluster
                    .traffic()
                    .stats
                    .get(&(s.spec.namespace.clone(), s.spec.name.clone()))
                    .map(|t| t.window())
                    .unwrap_or_default();
                // Three or more side by side share the width right of the frontend box, so
                // neither they nor it overlap (the three-tier shop); one or two stand centred.
                let row_left = client.0 + CLIENT_W / 2.0 + gap;
                let share = (WIDTH - gap - row_left) / service_count;
                let crowded = !narrow && service_count > 2.0;
                let w = if narrow {
                    236.0
                } else if crowded {
                    (share - 12.0).min(260.0)
                } else {
                    260.0
                };
                let slot = if narrow {
                    0.0
                } else {
                    WIDTH / (service_count + 1.0)
                };
                let x = if narrow {
                    width - gap - w
                } else if crowded {
                    row_left + share * i as f32 + (share - w) / 2.0
                } else {
                    slot * (i as f32 + 1.0) - w / 2.0
                };
                let y = if narrow { 10.0 + i as f32 * 100.0 } else { 28.0 };
                SceneService {
                    name: s.spec.name.clone(),
                    service_type: s.spec.service_type.clone(),
                    cluster_ip: s.cluster_ip.clone(),
                    ports: s
                        .spec
                        .ports
                        .iter()
                        .map(|p| format!("{}/{} → {}", p.port, p.protocol, p.target_port))
                        .collect(),
                    x,
                    y,
                    w,
                    h: 92.0,
                    // Beside the box when it is alone; under it, left of its endpoint lines, when
                    // another Service's box stands where the chart would be.
                    chart: if narrow {
                        (gap, 112.0 + i as f32 * 100.0)
                    } else if service_count > 1.0 {
                        (x - 40.0, y + 92.0 + 10.0)
                    } else {
                        (x + w + 24.0, y)
                    },
                    chart_bar: if !narrow && service_count > 1.0 {
                        64.0
                    } else {
                        110.0
                    },
                    // The same epoch has the same Services, in the same order.
                    endpoints: match reuse
                        .and_then(|p| p.services.get(i))
                        .filter(|old| old.name == s.spec.name)
                    {
                        Some(old) => old.endpoints.clone(),
                        None => cluster
                            .endpoint_slice(s)
                            .map(|slice| {
                                slice
                                    .endpoints
                                    .into_iter()
                                    .map(|e| SceneEndpoint {
                                        pod: e.pod,
                                        ready: e.conditions.ready,
                                    })
                                    .collect()
                            })
                            .unwrap_or_default(),
                    },
                    sent: window.sent,
                    refused: window.refused,
                    timed_out: window.timed_out,
                    no_dns: window.no_dns,
                    served: window.served,
                    ingress_routes: ingress_routes(cluster, &s.spec.namespace, &s.spec.name),
                }
            })
            .collect();
        let packet_sample = packet_sample(cluster.traffic().in_flight.len());
        let packets = packets(cluster, client, &nodes, &pods, &services, packet_sample);
        let deployments = cluster
            .deployments()
            .filter(|d| !is_system_namespace(&d.spec.namespace))
            .map(|d| {
                let newest = cluster
                    .replica_sets()
                    .iter()
                    .filter(|rs| rs.owner == d.spec.name && rs.namespace == d.spec.namespace)
                    .max_by_key(|rs| rs.revision);
                SceneDeployment {
                    name: d.spec.name.clone(),
                    namespace: d.spec.namespace.clone(),
                    desired: d.spec.replicas,
                    ready: d.status.ready_replicas,
                    updated: d.status.updated_replicas,
                    available: d.status.available_replicas,
                    revision: d.status.revision,
                    paused: d.spec.paused,
                    images: d
                        .spec
                        .template
                        .containers
                        .iter()
                        .map(|c| (c.name.clone(), c.image.clone()))
                        .collect(),
                    hue: newest.map_or(0, |rs| hue_of(cluster, &rs.name)),
                }
            })
            .collect();
        Scene {
            now_ms: now,
            layout,
            width,
            client,
            client_box: if cluster.traffic().source == crate::cluster::Source::External {
                ClientBox::Outside
            } else if cluster.traffic().has_clients {
                ClientBox::Hidden
            } else {
                ClientBox::TestClient
            },
            height,
            nodes,
            pods,
            services,
            packets,
            packet_sample,
            deployments,
            proxy_epoch: cluster.proxy_epoch(),
        }
    }
}

/// The host/path routes of served Ingresses whose backend is this Service.
/// Whether the stage draws a pod: the learner's and CoreDNS (DNS packets go to it), not what
/// kind runs for its nodes (kube-proxy, kindnet, the static control-plane pods: the node's own
/// machinery, on its network) nor local-path-provisioner.
fn drawn(p: &crate::cluster::Pod) -> bool {
    p.slot != crate::cluster::NO_SLOT && p.namespace != "local-path-storage"
}

fn ingress_routes(cluster: &Cluster, namespace: &str, service: &str) -> Vec<String> {
    let mut ingresses: Vec<&crate::cluster::Ingress> = cluster
        .ingresses()
        .filter(|i| i.served() && i.spec.namespace == namespace)
        .collect();
    ingresses.small_sort_by_key(|i| i.created_ms);
    let mut routes = Vec::new();
    for i in ingresses {
        if i.spec
            .default_backend
            .as_ref()
            .is_some_and(|b| b.service_name == service)
        {
            routes.push(format!("{}: default", i.spec.name));
        }
        for rule in &i.spec.rules {
            for p in rule.paths.iter().filter(|p| p.backend.service_name == service) {
                routes.push(format!(
                    "{}: {}{}",
                    i.spec.name,
                    rule.host.as_deref().unwrap_or("*"),
                    p.path
                ));
            }
        }
    }
    routes
}

/// Each ReplicaSet gets its own hue, spread by the golden angle in order of creation, so the
/// revisions of a rollout and two Deployments side by side never look alike.
fn hue_of(cluster: &Cluster, replica_set: &str) -> u16 {
    let index = cluster
        .replica_sets()
        .iter()
        .position(|rs| rs.name == replica_set);
    match index {
        Some(i) => hue_at(i),
        None => (fnv1a32(replica_set.as_bytes()) % 360) as u16,
    }
}

/// The hue of the `i`th ReplicaSet (golden-angle steps from a blue).
fn hue_at(i: usize) -> u16 {
    ((190.0 + 137.508 * i as f32) % 360.0) as u16
}

fn lerp(a: (f32, f32), b: (f32, f32), t: f32) -> (f32, f32) {
    let t = t.clamp(0.0, 1.0);
    // Ease in and out, so packets visibly leave and arrive.
    let t = t * t * (3.0 - 2.0 * t);
    (a.0 + (b.0 - a.0) * t, a.1 + (b.1 - a.1) * t)
}

/// The most particles the stage draws. Past it (50 client loops at 20 requests a second keep
/// ~1,800 in flight) one request in 2, 4, … is drawn, chosen by id so each is drawn for its
/// whole flight, and the stage says so: a cloud of thousands of dots shows no more than a few
/// hundred and costs the frame its budget.
pub const MAX_DRAWN_PACKETS: usize = 600;

/// One request in this many is drawn when `in_flight` are in flight: a power of two, so the
/// sample changes rarely as traffic varies.
pub fn packet_sample(in_flight: usize) -> u64 {
    in_flight.div_ceil(MAX_DRAWN_PACKETS).max(1).next_power_of_two() as u64
}

fn packets(
    cluster: &Cluster,
    frontend: (f32, f32),
    nodes: &[SceneNode],
    pods: &[ScenePod],
    services: &[SceneService],
    sample: u64,
) -> Vec<ScenePacket> {
    use crate::cluster::{Outcome, REPLY_MS, TO_POD_MS, TO_SERVICE_MS};
    let now = cluster.now_ms();
    // Where each pod sits, looked up once per packet by name (hundreds of each per frame).
    let mut at: BTreeMap<&str, usize> = BTreeMap::new();
    for (i, p) in pods.iter().enumerate() {
        at.entry(p.name.as_str()).or_insert(i);
    }
    cluster
        .traffic()
        .in_flight
        .iter()
        .filter(|r| r.id % sample == 0)
        .filter_map(|r| {
            // An external request enters at its node's NodePort (the panel's top edge); a pod's
            // (a client loop's, a proxy's onward one) leaves from that pod and its reply returns
            // there; the generator's from the frontend box.
            let client = match (&r.via_node, r.sender_pod()) {
                (Some(node), _) => nodes
                    .iter()
                    .find(|n| &n.name == node)
                    .map_or(frontend, |n| (n.x + n.w / 2.0, n.y)),
                (None, Some(pod)) => at.get(pod).map_or(frontend, |&i| (pods[i].x, pods[i].y)),
                (None, None) => frontend,
            };
            let svc = services.iter().find(|s| s.name == r.service)?;
            let vip = (svc.x + svc.w / 2.0, svc.y + svc.h / 2.0);
            let t = now.saturating_sub(r.started_ms);
            let (kind, (x, y), pod) = if t < TO_SERVICE_MS || r.outcome.is_none() {
                (
                    "request",
                    lerp(client, vip, t as f32 / TO_SERVICE_MS as f32),
                    None,
                )
            } else {
                let t = t - TO_SERVICE_MS;
                match &r.outcome {
                    Some(Outcome::Served { pod, .. }) => {
                        let at = at.get(pod.as_str()).map_or(vip, |&i| (pods[i].x, pods[i].y));
                        if t < TO_POD_MS {
                            (
                                "request",
                                lerp(vip, at, t as f32 / TO_POD_MS as f32),
                                Some(pod.clone()),
                            )
                        } else {
                            (
                                "reply",
                                lerp(at, client, (t - TO_POD_MS) as f32 / REPLY_MS as f32),
                                Some(pod.clone()),
                            )
                        }
                    }
                    _ => (
                        "refused",
                        lerp(vip, client, t as f32 / TO_SERVICE_MS as f32),
                        None,
                    ),
                }
            };
            Some(ScenePacket {
                id: r.id,
                kind,
                x,
                y,
                pod,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::backend_yaml;

    #[test]
    fn the_stage_draws_coredns_but_not_kinds_node_pods_nor_local_path_provisioner() {
        let c = Cluster::new(1);
        assert_eq!(c.pods().len(), 13);
        let scene = Scene::of(&c);
        let drawn: Vec<&str> = scene.pods.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(drawn.len(), 2, "{drawn:?}");
        assert!(drawn.iter().all(|n| n.starts_with("coredns-")), "{drawn:?}");
        // No chip for kind's own Deployments (CoreDNS, local-path-provisioner).
        assert!(scene.deployments.is_empty(), "{:?}", scene.deployments);
        // The control plane is as tall as its two CoreDNS pods need.
        assert!(
            scene.nodes.iter().all(|n| n.h < 200.0),
            "{:?}",
            scene.nodes.iter().map(|n| n.h).collect::<Vec<_>>()
        );
    }

    #[test]
    fn the_narrow_layout_stacks_nodes_within_its_width() {
        let mut c = Cluster::new(5);
        c.apply(&backend_yaml().replace("replicas: 3", "replicas: 9"));
        c.advance(10_000);
        let scene = Scene::with_layout(&c, Layout::Narrow);
        for pair in scene.nodes.windows(2) {
            assert!(pair[1].y >= pair[0].y + pair[0].h, "stacked without overlap");
        }
        for pod in &scene.pods {
            assert!(
                pod.x - POD_RADIUS >= 0.0 && pod.x + POD_RADIUS <= NARROW_WIDTH,
                "{pod:?}"
            );
            assert!(pod.y + POD_RADIUS <= scene.height, "{pod:?}");
        }
        let svc = &scene.services[0];
        assert!(svc.x + svc.w <= NARROW_WIDTH);
    }

    /// A served request flies from the Service's box to the pod that serves it, and its reply
    /// from that pod back to the client: each particle lies on its leg's straight line.
    #[test]
    fn served_particles_fly_between_the_service_their_pod_and_the_client() {
        let mut c = Cluster::new(5);
        c.apply(&backend_yaml().replace("replicas: 3", "replicas: 6"));
        c.set_request_rate(20.0);
        c.advance(20_000);
        let on_segment = |(x, y): (f32, f32), a: (f32, f32), b: (f32, f32)| {
            let cross = (b.0 - a.0) * (y - a.1) - (b.1 - a.1) * (x - a.0);
            let length = (b.0 - a.0).hypot(b.1 - a.1).max(1.0);
            let inside = |v: f32, p: f32, q: f32| v >= p.min(q) - 0.01 && v <= p.max(q) + 0.01;
            (cross / length).abs() < 0.01 && inside(x, a.0, b.0) && inside(y, a.1, b.1)
        };
        let (mut to_pods, mut replies) = (0, 0);
        for _ in 0..40 {
            c.advance(37);
            let scene = Scene::of(&c);
            let svc = &scene.services[0];
            let vip = (svc.x + svc.w / 2.0, svc.y + svc.h / 2.0);
            for packet in &scene.packets {
                let Some(name) = &packet.pod else { continue };
                let pod = scene.pods.iter().find(|p| &p.name == name).unwrap();
                let (a, b) = match packet.kind {
                    "request" => (vip, (pod.x, pod.y)),
                    _ => ((pod.x, pod.y), scene.client),
                };
                assert!(
                    on_segment((packet.x, packet.y), a, b),
                    "{packet:?} off {a:?} -> {b:?}"
                );
                if packet.kind == "request" {
                    to_pods += 1;
                } else {
                    replies += 1;
                }
            }
        }
        assert!(
            to_pods > 0 && replies > 0,
            "{to_pods} requests, {replies} replies"
        );
    }

    /// `Scene::next` reuses what has not changed, and is always the scene `with_layout` makes:
    /// through a rollout's steps, a scale, a readiness fault, a relabelled and a deleted pod.
    #[test]
    fn the_next_scene_is_the_scene_whatever_changed() {
        let mut c = Cluster::new(3);
        c.apply(backend_yaml());
        c.set_request_rate(10.0);
        let mut scene = Scene::of(&c);
        let mut check = |c: &Cluster, steps: u32| {
            for _ in 0..steps {
                let next = Scene::next(&scene, c, Layout::Wide);
                assert_eq!(next, Scene::of(c));
                scene = next;
            }
        };
        let mut run = |c: &mut Cluster, ms: u64, steps: u32| {
            for _ in 0..steps {
                c.advance(ms);
                check(c, 1);
            }
        };
        run(&mut c, 250, 60);
        assert!(c.scale_deployment("default", "image-processor", 5));
        run(&mut c, 250, 60);
        let pods: Vec<String> = c
            .pods()
            .iter()
            .filter(|p| p.namespace == "default")
            .map(|p| p.name.clone())
            .collect();
        c.set_readiness_failing("default", &pods[0], true);
        run(&mut c, 250, 60);
        c.delete_pod("default", &pods[1]);
        run(&mut c, 250, 80);
        c.apply(&backend_yaml().replace("agnhost:2.53", "agnhost:2.52"));
        run(&mut c, 250, 240);
        // The applied manifest asks for 3 replicas again, all of the new image and ready (the
        // faulty pod was replaced).
        assert_eq!(scene.services[0].endpoints.iter().filter(|e| e.ready).count(), 3);
    }

    #[test]
    fn pods_sit_inside_their_node_and_keep_their_place() {
        let mut c = Cluster::new(5);
        c.apply(backend_yaml());
        c.advance(2_000);
        let before = Scene::of(&c);
        c.advance(8_000);
        let after = Scene::of(&c);
        assert_eq!(after.pods.iter().filter(|p| p.system).count(), 2);
        assert_eq!(after.services.len(), 1);
        for pod in &after.pods {
            let node = after
                .nodes
                .iter()
                .find(|n| Some(&n.name) == pod.node.as_ref())
                .unwrap();
            assert!(
                pod.x - POD_RADIUS >= node.x && pod.x + POD_RADIUS <= node.x + node.w,
                "{pod:?}"
            );
            assert!(
                pod.y - POD_RADIUS >= node.y && pod.y + POD_RADIUS <= node.y + node.h,
                "{pod:?}"
            );
            if let Some(old) = before
                .pods
                .iter()
                .find(|p| p.name == pod.name && p.node.is_some())
            {
                assert_eq!((old.x, old.y), (pod.x, pod.y));
            }
        }
        assert_eq!(after.services[0].endpoints.len(), 3);
        assert!(after.services[0].endpoints.iter().all(|e| e.ready));
    }

    /// Advances the three-tier shop until a request matching `pick` has just left (its first
    /// frame), and returns the scene then with that request's id and its sender pod.
    fn just_sent(pick: impl Fn(&crate::cluster::Request) -> bool) -> (Scene, u64, String) {
        let mut c = Cluster::new(5);
        let yaml = crate::scenario::find("three-tier").map_or("", |s| s.yaml);
        assert!(c.apply(yaml).applied());
        c.set_request_rate(0.0);
        for _ in 0..2_000 {
            c.advance(10);
            let now = c.now_ms();
            let found = c
                .traffic()
                .in_flight
                .iter()
                .find(|r| r.started_ms == now && pick(r))
                .and_then(|r| Some((r.id, r.sender_pod()?.to_string())));
            if let Some((id, pod)) = found {
                return (Scene::of(&c), id, pod);
            }
        }
        panic!("no such request in 20 s");
    }

    fn at(scene: &Scene, id: u64) -> (f32, f32) {
        let p = scene.packets.iter().find(|p| p.id == id).expect("its packet");
        (p.x, p.y)
    }

    fn pod_at(scene: &Scene, name: &str) -> (f32, f32) {
        let p = scene.pods.iter().find(|p| p.name == name).expect("its pod");
        (p.x, p.y)
    }

    #[test]
    fn a_client_pods_request_leaves_from_that_pod() {
        let (scene, id, pod) = just_sent(|r| r.from.as_deref() == Some("deployment/shopper"));
        assert!(pod.starts_with("shopper-"), "{pod}");
        assert_eq!(at(&scene, id), pod_at(&scene, &pod));
        assert_ne!(at(&scene, id), scene.client);
    }

    #[test]
    fn a_proxys_onward_request_leaves_from_the_proxy_pod() {
        let (scene, id, pod) = just_sent(|r| r.parent.is_some() && r.service == "api");
        assert!(pod.starts_with("web-"), "{pod}");
        assert_eq!(at(&scene, id), pod_at(&scene, &pod));
    }

    #[test]
    fn the_generators_requests_still_leave_from_the_frontend_box() {
        let mut c = Cluster::new(5);
        c.apply(backend_yaml());
        c.set_request_rate(5.0);
        for _ in 0..2_000 {
            c.advance(10);
            let now = c.now_ms();
            let t = crate::cluster::TO_SERVICE_MS;
            if let Some(r) = c.traffic().in_flight.iter().find(|r| r.started_ms + t > now) {
                assert_eq!(r.sender_pod(), None);
                let (id, t) = (r.id, (now - r.started_ms) as f32 / t as f32);
                let scene = Scene::of(&c);
                let svc = &scene.services[0];
                let vip = (svc.x + svc.w / 2.0, svc.y + svc.h / 2.0);
                assert_eq!(at(&scene, id), lerp(scene.client, vip, t));
                return;
            }
        }
        panic!("no request in 20 s");
    }

    /// The three-tier shop's three Services fit beside the frontend box, none over another.
    #[test]
    fn three_services_side_by_side_do_not_overlap_each_other_nor_the_frontend_box() {
        let mut c = Cluster::new(5);
        let yaml = crate::scenario::find("three-tier").map_or("", |s| s.yaml);
        assert!(c.apply(yaml).applied());
        let scene = Scene::of(&c);
        assert_eq!(scene.services.len(), 3);
        let mut left = scene.client.0 + CLIENT_W / 2.0;
        for s in &scene.services {
            assert!(
                s.x >= left,
                "{} at {} overlaps what is left of it (ends {left})",
                s.name,
                s.x
            );
            left = s.x + s.w;
        }
        assert!(left <= WIDTH, "{left}");
    }

    /// On a phone the shop's three Services stack above the nodes, their charts too: a third
    /// Service pushes the nodes down instead of covering the first of them.
    #[test]
    fn stacked_services_and_their_charts_stay_above_the_nodes_on_a_phone() {
        let mut c = Cluster::new(5);
        let yaml = crate::scenario::find("three-tier").map_or("", |s| s.yaml);
        assert!(c.apply(yaml).applied());
        c.advance(20_000);
        let scene = Scene::with_layout(&c, Layout::Narrow);
        assert_eq!(scene.services.len(), 3);
        let top = scene.nodes.iter().map(|n| n.y).fold(f32::MAX, f32::min);
        for s in &scene.services {
            assert!(
                s.y + s.h <= top,
                "{} ends at {} under the nodes' top {top}",
                s.name,
                s.y + s.h
            );
            // Title and up to three bars.
            assert!(s.chart.1 + 20.0 + 3.0 * 13.0 <= top, "{}'s chart", s.name);
        }
        let pending = Scene::with_layout(&c, Layout::Narrow);
        assert!(pending.pods.iter().all(|p| p.node.is_some() || p.y < top));
    }

    /// Past MAX_DRAWN_PACKETS requests in flight the stage draws one in a power of two, each
    /// for its whole flight; below it, all of them.
    #[test]
    fn a_dense_cloud_of_requests_is_drawn_as_a_sample() {
        assert_eq!(
            (
                packet_sample(0),
                packet_sample(600),
                packet_sample(601),
                packet_sample(1_900)
            ),
            (1, 1, 2, 4)
        );
        let mut yaml = String::from(
            "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api}\nspec:\n  replicas: 3\n  selector: {matchLabels: {app: api}}\n  template:\n    metadata: {labels: {app: api}}\n    spec:\n      containers: [{name: api, image: 'registry.k8s.io/e2e-test-images/agnhost:2.53', args: [netexec]}]\n---\napiVersion: v1\nkind: Service\nmetadata: {name: api}\nspec:\n  selector: {app: api}\n  ports: [{port: 80, targetPort: 8080}]\n",
        );
        for i in 0..30 {
            yaml.push_str(&format!(
                "---\napiVersion: v1\nkind: Pod\nmetadata: {{name: client-{i}}}\nspec:\n  containers: [{{name: c, image: 'busybox:1.36', command: [sh, -c, 'while true; do wget -qO- http://api; sleep 0.05; done']}}]\n"
            ));
        }
        let mut c = Cluster::new(2);
        assert!(c.apply(&yaml).applied());
        c.set_request_rate(0.0);
        c.advance(20_000);
        let in_flight = c.traffic().in_flight.len();
        assert!(in_flight > MAX_DRAWN_PACKETS, "{in_flight} in flight");
        let scene = Scene::of(&c);
        assert!(scene.packet_sample >= 2);
        assert!(
            scene.packets.len() <= MAX_DRAWN_PACKETS && scene.packets.len() * 4 >= MAX_DRAWN_PACKETS / 2,
            "{}",
            scene.packets.len()
        );
        assert!(scene.packets.iter().all(|p| p.id % scene.packet_sample == 0));
        // The same requests are drawn in the next frame.
        let ids: Vec<u64> = scene.packets.iter().map(|p| p.id).collect();
        c.advance(16);
        let next = Scene::next(&scene, &c, Layout::Wide);
        let kept = next.packets.iter().filter(|p| ids.contains(&p.id)).count();
        assert!(kept * 10 >= ids.len() * 9, "{kept} of {}", ids.len());
    }
}
