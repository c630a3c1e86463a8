//! The service map tab: draws the core's `ServiceMap` (layout and labels are computed there)
//! as SVG scaled to its box (down to 70 %, then scrolling), with the edges also as a list of buttons for the keyboard. An
//! edge opens its newest request's packet walk, as a click on a particle does. Nothing moves.

use podscape_core::cluster::WINDOW_MS;
use std::rc::Rc;

use podscape_core::scene::map::{MapNode, MapNodeKind, ServiceMap, NODE_H, NODE_W};
use yew::prelude::*;

use crate::i18n::{t, Lang, T};
use crate::inspector::SharedCluster;

#[derive(Properties, PartialEq)]
pub struct MapProps {
    pub cluster: SharedCluster,
    pub version: u64,
    pub on_walk: Callback<u64>,
    /// Runs a Why? chain's fix in the terminal.
    pub on_run: Callback<String>,
    /// Rates over a sliding window: the map redraws on every other turn of the charts (once a second), on
    /// its own, without the app around it.
    pub motion: crate::state::MotionHandle,
    pub lang: Lang,
}

/// A label that fits its box (a monospace character is about 7 px at 12 px).
fn fit(label: &str) -> String {
    const MAX: usize = ((NODE_W - 16.0) / 7.2) as usize;
    if label.chars().count() <= MAX {
        label.to_string()
    } else {
        let head: String = label.chars().take(MAX - 1).collect();
        format!("{head}…")
    }
}

#[function_component(MapView)]
pub fn map_view(props: &MapProps) -> Html {
    // Every other turn of the charts (once a second, on a frame that redraws the charts anyway):
    // a 10 s window's rates hardly move in half a second, and each redraw is a heavy frame.
    crate::state::use_motion_every(&props.motion, crate::state::Moving::Charts, 2);
    let lang = props.lang;
    let map = ServiceMap::of(&props.cluster.borrow(), WINDOW_MS);
    let failing_word = t(lang, T::MapFailing);
    let describe = |e: &podscape_core::scene::map::MapEdge| {
        let to = e.flow.to.as_deref().unwrap_or("—");
        let mut text = format!("{} → {} → {to} · {}", e.flow.from, e.flow.service, e.rate);
        if let Some(f) = &e.failure {
            text.push_str(&format!(" · ✕ {failing_word}: {f}"));
        }
        text
    };
    // Each edge's text, once: its SVG title and its button say the same.
    let described: Vec<String> = map.edges.iter().map(describe).collect();
    let points = |p: &[(f32, f32)]| {
        p.iter()
            .map(|(x, y)| format!("{x:.0},{y:.0}"))
            .collect::<Vec<_>>()
            .join(" ")
    };
    html! {
        <div class="map" data-testid="map">
            <p class="map-intro muted">{t(lang, T::MapIntro)}</p>
            if map.edges.is_empty() {
                <p class="muted" data-testid="map-empty">{t(lang, T::NoFlowsYet)}</p>
            }
            <div class="map-scroll" tabindex="0" role="region" aria-label={t(lang, T::Map)}>
                // Scaled to the box's width, but never below 70 % (its 12 px labels stay legible
                // at 8.4 px): past that the box scrolls sideways too.
                <svg class="service-map" data-testid="service-map" role="img" aria-label={t(lang, T::Map)}
                    style={format!("width: 100%; max-width: {:.0}px; min-width: {:.0}px; height: auto", map.width, map.width * 0.7)}
                    viewBox={format!("0 0 {:.0} {:.0}", map.width, map.height)}>
                    { for map.edges.iter().zip(&described).map(|(e, text)| {
                        let onclick = e.flow.last_request.map(|id| props.on_walk.reform(move |_: MouseEvent| id));
                        let (lx, ly) = e.label_at;
                        html! {
                            <g class={classes!("map-edge", e.failing.then_some("failing"))} data-testid="map-edge"
                                data-failing={e.failing.to_string()} data-last={e.flow.last_request.map(|r| r.to_string()).unwrap_or_default()} {onclick}>
                                <title>{text.clone()}</title>
                                <polyline points={points(&e.points)} />
                                if e.flow.to.is_none() {
                                    // Requests that reached no pod end in a cross at the Service.
                                    <text class="map-end" x={format!("{:.0}", e.points[e.points.len() - 1].0 - 14.0)}
                                        y={format!("{:.0}", e.points[e.points.len() - 1].1 - 6.0)}>{"✕"}</text>
                                }
                                <text class="map-label" x={format!("{lx:.0}")} y={format!("{ly:.0}")} text-anchor="end">{&e.rate}</text>
                                if let Some(f) = &e.failure {
                                    <text class="map-label map-failure" x={format!("{lx:.0}")} y={format!("{:.0}", ly + 13.0)} text-anchor="end">{format!("✕ {f}")}</text>
                                }
                            </g>
                        }
                    }) }
                    <MapNodes nodes={Rc::new(map.nodes)} />
                </svg>
            </div>
            if !map.edges.is_empty() {
                <ul class="map-edges" aria-label={t(lang, T::MapEdges)}>
                    { for map.edges.iter().zip(described).map(|(e, text)| {
                        let id = e.flow.last_request;
                        let onclick = id.map(|id| props.on_walk.reform(move |_: MouseEvent| id));
                        html! {
                            <li key={format!("{}|{}|{:?}", e.flow.from, e.flow.service, e.flow.to)}>
                                <button class={classes!("btn", "map-edge-button", e.failing.then_some("failing"))}
                                    data-testid="map-edge-button" {onclick} disabled={id.is_none()}>
                                    {text}
                                </button>
                                // A failing edge explains itself: the chain of its newest request. Not
                                // keyed by the request: an open chain stays open as newer requests
                                // arrive (the item is keyed by its edge).
                                if let Some(id) = id.filter(|_| e.failing) {
                                    <crate::why::WhyBadge subject={format!("request/{id}")} namespace="default"
                                        cluster={props.cluster.clone()} lang={lang} on_run={props.on_run.clone()} />
                                }
                            </li>
                        }
                    }) }
                </ul>
            }
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct NodesProps {
    nodes: Rc<Vec<MapNode>>,
}

/// The map's boxes: their own component, so the map's twice-a-second redraw (new rates) skips
/// them while the workloads, Services and their places are the same (compared by value).
#[function_component(MapNodes)]
fn map_nodes(props: &NodesProps) -> Html {
    props.nodes.iter().map(|n| {
        let kind = match n.kind {
            MapNodeKind::Client => "client",
            MapNodeKind::Ingress => "ingress",
            MapNodeKind::Service => "service",
            MapNodeKind::Workload => "workload",
        };
        html! {
            <g class={classes!("map-node", kind)} data-testid="map-node" data-id={n.id.clone()}>
                <title>{n.id.clone()}</title>
                <rect x={format!("{:.0}", n.x)} y={format!("{:.0}", n.y)}
                    width={format!("{NODE_W:.0}")} height={format!("{NODE_H:.0}")} rx="8" />
                <text x={format!("{:.0}", n.x + 8.0)} y={format!("{:.0}", n.y + NODE_H / 2.0 + 4.0)}>{fit(&n.label)}</text>
            </g>
        }
    }).collect::<Html>()
}
