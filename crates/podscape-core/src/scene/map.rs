//! The service map's view model: workloads, Services, Ingresses and external clients as nodes in
//! columns by tier (callers → Services → workloads, deeper tiers further right), each column in
//! name order, and one edge per flow of `Cluster::flows` drawn through its Service, labelled
//! with its rate and failure share. The web app draws it as it is.

use serde::Serialize;

use crate::cluster::{is_learners, Cluster, FlowEdge};

/// A node's box, in the map's own pixels (the web draws them 1:1 and scrolls).
pub const NODE_W: f32 = 216.0;
pub const NODE_H: f32 = 40.0;
/// Columns leave room between them for the edges' labels (two lines of about 16 characters).
const COL_PITCH: f32 = 336.0;
const ROW_PITCH: f32 = 60.0;
/// Each edge into a Service takes this much of its row: its label's two lines.
const LABEL_PITCH: f32 = 30.0;
/// Edges into one Service enter it this far apart, so none hides another.
const LANE: f32 = 6.0;
const MARGIN: f32 = 16.0;
/// Past this many tiers a cycle of calls stops pushing columns right.
const MAX_COLUMNS: usize = 8;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum MapNodeKind {
    /// A client outside the cluster, or the generator's stand-in frontend.
    Client,
    Ingress,
    Service,
    Workload,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MapNode {
    /// `external`, `frontend`, `ingress/NS/NAME`, `service/NS/NAME`, `deployment/NAME`…
    pub id: String,
    pub label: String,
    pub kind: MapNodeKind,
    pub column: usize,
    /// The box's top-left corner.
    pub x: f32,
    pub y: f32,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MapEdge {
    pub flow: FlowEdge,
    /// From the caller's box through the Service's to the workload's (two points when the
    /// requests reached no pod: they end at the Service).
    pub points: Vec<(f32, f32)>,
    /// `2.0 req/s`.
    pub rate: String,
    /// `100% refused`, when some requests failed.
    pub failure: Option<String>,
    pub failing: bool,
    /// Where the labels go: their right end (SVG's `text-anchor: end`), left of the Service
    /// the edge enters, the rate on this baseline and the failure one line below.
    pub label_at: (f32, f32),
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct ServiceMap {
    pub window_ms: u64,
    pub width: f32,
    pub height: f32,
    pub nodes: Vec<MapNode>,
    pub edges: Vec<MapEdge>,
}

fn service_id(service: &str) -> String {
    format!("service/{service}")
}

impl ServiceMap {
    /// The map of the flows of the last `window_ms` of virtual time.
    pub fn of(cluster: &Cluster, window_ms: u64) -> ServiceMap {
        let flows = cluster.flows(window_ms);
        // Every node, with its kind; a BTreeMap keeps the order stable (by id).
        let mut kinds: std::collections::BTreeMap<String, MapNodeKind> = Default::default();
        for s in cluster.services().filter(|s| is_learners(&s.spec)) {
            kinds.insert(
                service_id(&format!("{}/{}", s.spec.namespace, s.spec.name)),
                MapNodeKind::Service,
            );
        }
        for d in cluster.deployments() {
            // kind's own (coredns, local-path-provisioner) are not the learner's.
            if !matches!(d.spec.namespace.as_str(), "kube-system" | "local-path-storage") {
                kinds.insert(format!("deployment/{}", d.spec.name), MapNodeKind::Workload);
            }
        }
        for i in cluster.ingresses() {
            kinds.insert(
                format!("ingress/{}/{}", i.spec.namespace, i.spec.name),
                MapNodeKind::Ingress,
            );
        }
        for f in &flows {
            kinds.entry(f.from.clone()).or_insert(match f.from.as_str() {
                "external" | "frontend" => MapNodeKind::Client,
                _ => MapNodeKind::Workload,
            });
            kinds.insert(service_id(&f.service), MapNodeKind::Service);
            if let Some(to) = &f.to {
                kinds.entry(to.clone()).or_insert(MapNodeKind::Workload);
            }
        }
        // Columns: clients and Ingresses 0, Services 1, workloads 2, then each Service one
        // right of its callers and each workload one right of its Services (bounded: cycles).
        let mut column: std::collections::BTreeMap<&str, usize> = kinds
            .iter()
            .map(|(id, kind)| {
                let c = match kind {
                    MapNodeKind::Client | MapNodeKind::Ingress => 0,
                    MapNodeKind::Service => 1,
                    MapNodeKind::Workload => 2,
                };
                (id.as_str(), c)
            })
            .collect();
        let service_ids: Vec<String> = flows.iter().map(|f| service_id(&f.service)).collect();
        for _ in 0..MAX_COLUMNS {
            let mut moved = false;
            for (f, svc) in flows.iter().zip(&service_ids) {
                let from = column.get(f.from.as_str()).copied().unwrap_or(0);
                let s = column.get(svc.as_str()).copied().unwrap_or(1);
                let s2 = s.max(from + 1).min(MAX_COLUMNS);
                let to =
                    f.to.as_deref()
                        .and_then(|t| column.get(t).copied().map(|c| (t, c)));
                if s2 != s {
                    column.insert(svc.as_str(), s2);
                    moved = true;
                }
                if let Some((t, c)) = to {
                    let c2 = c.max(s2 + 1).min(MAX_COLUMNS);
                    if c2 != c {
                        column.insert(t, c2);
                        moved = true;
                    }
                }
            }
            if !moved {
                break;
            }
        }
        // No empty column: a client that is a workload (the default scenario's web, the shop's
        // shopper) starts at the workloads' column, which would leave the first two bare.
        let mut used: Vec<usize> = column.values().copied().collect();
        used.sort_unstable();
        used.dedup();
        for c in column.values_mut() {
            *c = used.binary_search(c).unwrap_or(*c);
        }
        // How many edges enter each Service: its row grows to hold their labels.
        let mut entering: std::collections::BTreeMap<&str, usize> = Default::default();
        for svc in &service_ids {
            *entering.entry(svc.as_str()).or_insert(0) += 1;
        }
        let mut tops = [MARGIN; MAX_COLUMNS + 1];
        let mut nodes = Vec::with_capacity(kinds.len());
        for (id, kind) in &kinds {
            let c = column.get(id.as_str()).copied().unwrap_or(0).min(MAX_COLUMNS);
            let y = tops[c];
            let labels = entering.get(id.as_str()).copied().unwrap_or(0) as f32 * LABEL_PITCH + 8.0;
            tops[c] += ROW_PITCH.max(labels);
            let label = match kind {
                MapNodeKind::Service => id.trim_start_matches("service/").to_string(),
                _ => id.clone(),
            };
            nodes.push(MapNode {
                id: id.clone(),
                label,
                kind: *kind,
                column: c,
                x: MARGIN + c as f32 * COL_PITCH,
                y,
            });
        }
        let columns = nodes.iter().map(|n| n.column + 1).max().unwrap_or(1);
        let bottom = tops.iter().copied().fold(MARGIN + ROW_PITCH, f32::max);
        let at = |id: &str| nodes.iter().find(|n| n.id == id).map(|n| (n.x, n.y));
        let seconds = (window_ms.min(cluster.now_ms()).max(1)) as f32 / 1000.0;
        let mut per_service: std::collections::BTreeMap<&str, usize> = Default::default();
        let mut edges = Vec::with_capacity(flows.len());
        for (f, svc) in flows.iter().zip(&service_ids) {
            let (Some(from), Some(via)) = (at(&f.from), at(svc)) else {
                continue;
            };
            // Edges through one Service get a lane each, centred on its middle, and a label
            // each, stacked down its left side.
            let n = entering.get(svc.as_str()).copied().unwrap_or(1);
            let k = per_service.entry(svc.as_str()).or_insert(0);
            let lane = (*k as f32 - (n as f32 - 1.0) / 2.0) * LANE;
            let label_at = (via.0 - 8.0, via.1 + 12.0 + *k as f32 * LABEL_PITCH);
            *k += 1;
            let right = |(x, y): (f32, f32)| (x + NODE_W, y + NODE_H / 2.0 + lane);
            let left = |(x, y): (f32, f32)| (x, y + NODE_H / 2.0 + lane);
            let mut points = vec![right(from), left(via)];
            if let Some(to) = f.to.as_deref().and_then(at) {
                points.push(right(via));
                points.push(left(to));
            }
            let failed = f.failed();
            let failure = (failed > 0).then(|| {
                let pct = failed * 100 / f.requests.max(1);
                let kinds: Vec<&str> = [
                    (f.refused, "refused"),
                    (f.timed_out, "timed out"),
                    (f.no_dns, "no DNS"),
                    (f.errors, "errors"),
                ]
                .iter()
                .filter(|(n, _)| *n > 0)
                .map(|(_, k)| *k)
                .collect();
                format!("{pct}% {}", kinds.join(", "))
            });
            edges.push(MapEdge {
                flow: f.clone(),
                points,
                rate: format!("{:.1} req/s", f.requests as f32 / seconds),
                failing: failed > 0,
                failure,
                label_at,
            });
        }
        ServiceMap {
            window_ms,
            width: 2.0 * MARGIN + (columns - 1) as f32 * COL_PITCH + NODE_W,
            height: bottom + MARGIN,
            nodes,
            edges,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn running() -> Cluster {
        let mut c = Cluster::new(3);
        assert!(c.apply(crate::scenario::backend_yaml()).applied());
        c.advance(20_000);
        c
    }

    /// A client that is a workload of its own starts the map: no empty column before it.
    #[test]
    fn a_client_deployment_takes_the_first_column() {
        let mut c = Cluster::new(3);
        assert!(c.apply(crate::scenario::DEFAULT_YAML).applied());
        c.advance(30_000);
        let map = ServiceMap::of(&c, 10_000);
        let col = |id: &str| map.nodes.iter().find(|n| n.id == id).map(|n| n.column);
        assert_eq!(col("deployment/web"), Some(0));
        assert_eq!(col("service/default/image-processor"), Some(1));
        assert_eq!(col("deployment/image-processor"), Some(2));
        assert_eq!(map.nodes.iter().map(|n| n.column).max(), Some(2));
    }

    #[test]
    fn the_default_scenario_maps_frontend_service_and_deployment_in_three_columns() {
        let mut c = running();
        c.set_request_rate(2.0);
        c.advance(30_000);
        let map = ServiceMap::of(&c, 30_000);
        let col = |id: &str| map.nodes.iter().find(|n| n.id == id).map(|n| n.column);
        assert_eq!(col("frontend"), Some(0));
        assert_eq!(col("service/default/image-processor"), Some(1));
        assert_eq!(col("deployment/image-processor"), Some(2));
        assert_eq!(map.edges.len(), 1);
        let e = &map.edges[0];
        assert_eq!(e.points.len(), 4);
        assert!(!e.failing);
        // 2 req/s, the first request half a second after the rate was set.
        assert_eq!(e.rate, "1.9 req/s");
        // The edge's last request still opens a walk after its animation ended.
        c.set_request_rate(0.0);
        c.advance(1_000);
        let map = ServiceMap::of(&c, 30_000);
        let last = map.edges[0].flow.last_request.unwrap();
        c.advance(10_000);
        assert!(c.traffic().in_flight.is_empty());
        assert!(c.request(last).is_some_and(|r| r.route.is_some()));
    }

    #[test]
    fn an_edge_to_a_service_without_endpoints_is_failing_and_ends_at_the_service() {
        let mut c = running();
        c.set_request_rate(2.0);
        assert!(c.scale_deployment("default", "image-processor", 0));
        c.advance(10_000);
        let map = ServiceMap::of(&c, 5_000);
        let e = map
            .edges
            .iter()
            .find(|e| e.flow.to.is_none())
            .expect("a refused edge");
        assert!(e.failing);
        assert_eq!(e.failure.as_deref(), Some("100% refused"));
        assert_eq!(e.points.len(), 2);
    }

    #[test]
    fn fifty_workloads_keep_a_stable_layout_in_name_order() {
        let mut yaml = String::new();
        for i in 0..50 {
            yaml.push_str(&format!(
                "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: w{i:02}\nspec:\n  replicas: 0\n  selector:\n    matchLabels: {{app: w{i:02}}}\n  template:\n    metadata:\n      labels: {{app: w{i:02}}}\n    spec:\n      containers:\n      - name: c\n        image: nginx\n---\n"
            ));
        }
        let mut c = Cluster::new(1);
        assert!(c.apply(&yaml).applied());
        c.advance(1_000);
        let a = ServiceMap::of(&c, 60_000);
        let b = ServiceMap::of(&c, 60_000);
        assert_eq!(a, b);
        let ws: Vec<&MapNode> = a
            .nodes
            .iter()
            .filter(|n| n.kind == MapNodeKind::Workload)
            .collect();
        assert_eq!(ws.len(), 50);
        assert!(ws.windows(2).all(|p| p[0].label < p[1].label && p[0].y < p[1].y));
        assert!(a.height >= ws[49].y + NODE_H);
    }

    #[derive(Clone, Debug)]
    enum Step {
        Advance(u64),
        Rate(u8),
        Scale(u8),
        External(bool),
    }

    fn step() -> impl Strategy<Value = Step> {
        prop_oneof![
            (500u64..8_000).prop_map(Step::Advance),
            (0u8..10).prop_map(Step::Rate),
            (0u8..4).prop_map(Step::Scale),
            any::<bool>().prop_map(Step::External),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]
        /// The map's edges are the flows, one for one, in the same order.
        #[test]
        fn the_maps_edges_equal_the_flows(steps in proptest::collection::vec(step(), 1..8), window in 1_000u64..60_000) {
            let mut c = running();
            for s in steps {
                match s {
                    Step::Advance(ms) => c.advance(ms),
                    Step::Rate(r) => c.set_request_rate(f64::from(r)),
                    Step::Scale(n) => { c.scale_deployment("default", "image-processor", i32::from(n)); }
                    Step::External(on) => c.set_traffic_source(if on { crate::cluster::Source::External } else { crate::cluster::Source::Frontend }),
                }
            }
            let map = ServiceMap::of(&c, window);
            let edges: Vec<FlowEdge> = map.edges.iter().map(|e| e.flow.clone()).collect();
            prop_assert_eq!(edges, c.flows(window));
            for e in &map.edges {
                prop_assert_eq!(e.failing, e.flow.failed() > 0);
            }
        }
    }
}
