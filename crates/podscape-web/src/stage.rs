//! The stage: draws the core's [`Scene`] as SVG. Phase is shown by shape, ring and motion, never
//! by colour alone; pods of one ReplicaSet share a hue.

use std::rc::Rc;

use podscape_core::scene::{self, Scene, ScenePod, SceneService};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct StageProps {
    pub scene: Rc<Scene>,
}

#[function_component(Stage)]
pub fn stage(props: &StageProps) -> Html {
    let scene = &props.scene;
    let view_box = format!("0 0 {} {}", scene::WIDTH, scene::HEIGHT);
    html! {
        <svg class="stage" data-testid="stage" viewBox={view_box} role="img"
            aria-label={format!("Cluster with {} nodes and {} pods", scene.nodes.len(), scene.pods.len())}
            preserveAspectRatio="xMidYMin meet">
            <defs>
                <marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
                    <path d="M 0 0 L 10 5 L 0 10 z" class="arrow-head" />
                </marker>
            </defs>
            { for scene.nodes.iter().map(|n| html! {
                <g class={classes!("node", n.control_plane.then_some("control-plane"))} data-testid="node">
                    <rect x={n.x.to_string()} y={n.y.to_string()} width={n.w.to_string()} height={n.h.to_string()} rx="14" />
                    <text class="node-name" x={(n.x + 14.0).to_string()} y={(n.y + 24.0).to_string()}>{&n.name}</text>
                    <text class="node-meta" x={(n.x + 14.0).to_string()} y={(n.y + 42.0).to_string()}>
                        {format!("{} · {}", n.internal_ip, n.pod_cidr)}
                    </text>
                    if n.control_plane {
                        <text class="node-taint" x={(n.x + n.w / 2.0).to_string()} y={(n.y + n.h / 2.0).to_string()} text-anchor="middle">
                            {"control-plane: NoSchedule"}
                        </text>
                    }
                </g>
            }) }
            <Client />
            { for scene.services.iter().map(|s| service(s, scene)) }
            { for scene.pods.iter().map(pod) }
            if scene.pods.iter().any(|p| p.node.is_none()) {
                <text class="lane-label" x={(scene::WIDTH / 2.0).to_string()} y="158" text-anchor="middle">{"waiting for a node"}</text>
            }
        </svg>
    }
}

/// The frontend that calls the Service: it only knows the Service's name, never a pod IP.
#[function_component(Client)]
fn client() -> Html {
    html! {
        <g class="client" aria-label="frontend client">
            <rect x="24" y="46" width="132" height="56" rx="12" />
            <text x="90" y="70" text-anchor="middle" class="client-name">{"frontend"}</text>
            <text x="90" y="88" text-anchor="middle" class="client-meta">{"calls the Service"}</text>
        </g>
    }
}

fn service(s: &SceneService, scene: &Scene) -> Html {
    let healthy = !s.endpoints.is_empty();
    let bottom = s.y + s.h;
    let cx = s.x + s.w / 2.0;
    html! {
        <g class={classes!("service", (!healthy).then_some("no-endpoints"))} data-testid="service"
            data-endpoints={s.endpoints.len().to_string()}
            aria-label={format!("Service {} {} {}", s.name, s.service_type, s.cluster_ip)}>
            { for s.endpoints.iter().filter_map(|e| scene.pods.iter().find(|p| p.name == e.pod).map(|p| (e, p))).map(|(e, p)| html! {
                <path class={classes!("endpoint", (!e.ready).then_some("not-ready"))}
                    d={format!("M {cx} {bottom} C {cx} {}, {} {}, {} {}", bottom + 60.0, p.x, p.y - 90.0, p.x, p.y - scene::POD_RADIUS - 4.0)} />
            }) }
            <line class="client-link" x1="156" y1="74" x2={s.x.to_string()} y2={(s.y + s.h / 2.0).to_string()} marker-end="url(#arrow)" />
            <rect x={s.x.to_string()} y={s.y.to_string()} width={s.w.to_string()} height={s.h.to_string()} rx="16" />
            <text class="svc-kind" x={(s.x + 16.0).to_string()} y={(s.y + 22.0).to_string()}>{format!("Service · {}", s.service_type)}</text>
            <text class="svc-name" x={(s.x + 16.0).to_string()} y={(s.y + 46.0).to_string()}>{&s.name}</text>
            <text class="svc-meta" x={(s.x + 16.0).to_string()} y={(s.y + 66.0).to_string()}>{format!("ClusterIP {}", s.cluster_ip)}</text>
            <text class="svc-meta" x={(s.x + 16.0).to_string()} y={(s.y + 82.0).to_string()}>{s.ports.join("  ")}</text>
            if !healthy {
                <text class="svc-warning" x={cx.to_string()} y={(bottom + 18.0).to_string()} text-anchor="middle">{"no endpoints: connections are refused"}</text>
            }
        </g>
    }
}

fn pod(p: &ScenePod) -> Html {
    let r = scene::POD_RADIUS;
    let fill = format!("hsl({} 70% 52%)", p.hue);
    let (class, inner) = match p.status {
        "Terminating" => (
            "terminating",
            html! {
                <>
                    <circle r={r.to_string()} class="body" style={format!("fill: {fill}")} />
                    <path class="mark" d="M -7 -7 L 7 7 M 7 -7 L -7 7" />
                </>
            },
        ),
        "ContainerCreating" => (
            "creating",
            html! {
                <>
                    <circle r={r.to_string()} class="shell" style={format!("stroke: {fill}")} />
                    <circle r={(r * p.progress.max(0.08)).to_string()} class="body" style={format!("fill: {fill}")} />
                </>
            },
        ),
        "Pending" => (
            "pending",
            html! {
                <circle r={r.to_string()} class="shell dashed" style={format!("stroke: {fill}")} />
            },
        ),
        _ if p.ready => (
            "ready",
            html! {
                <>
                    <circle r={r.to_string()} class="body" style={format!("fill: {fill}")} />
                    <path class="mark" d="M -7 0 L -2 5 L 8 -6" />
                </>
            },
        ),
        _ => (
            "not-ready",
            html! {
                <>
                    <circle r={r.to_string()} class="shell" style={format!("stroke: {fill}")} />
                    <circle r={(r * 0.45).to_string()} class="body" style={format!("fill: {fill}")} />
                </>
            },
        ),
    };
    let opacity = if p.status == "Terminating" {
        1.0 - 0.75 * p.progress
    } else {
        1.0
    };
    let short = p.name.rsplit('-').next().unwrap_or(&p.name).to_string();
    html! {
        <g key={p.name.clone()} class={classes!("pod", class, p.system.then_some("system"))}
            data-testid={if p.system { "system-pod" } else { "pod" }} data-name={p.name.clone()}
            data-phase={p.phase} data-status={p.status} data-ready={p.ready.to_string()}
            transform={format!("translate({} {})", p.x, p.y)} opacity={opacity.to_string()}
            role="img" aria-label={format!("Pod {} {}{}", p.name, p.status, if p.ready { ", ready" } else { "" })}>
            <title>{format!("{}\n{} · {}", p.name, p.status, p.ip.as_deref().unwrap_or("no IP yet"))}</title>
            { inner }
            <text class="pod-label" y={(r + 15.0).to_string()} text-anchor="middle">{short}</text>
        </g>
    }
}
