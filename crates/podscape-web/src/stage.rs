//! The stage: draws the core's [`Scene`] as SVG. Phase is shown by shape, ring and motion, never
//! by colour alone; pods of one ReplicaSet share a hue; requests are filled dots, replies rings,
//! refusals crosses.

use std::rc::Rc;

use podscape_core::scene::{self, Scene, ScenePod, SceneService};
use podscape_core::sort::SmallSort;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::i18n::{t, Lang, T};
use crate::state::{use_motion, MotionHandle, Moving};

#[derive(Properties, PartialEq)]
pub struct StageProps {
    /// The scene as of the app's last render: what the static layer draws.
    pub scene: Rc<Scene>,
    /// The newest scene, for the overlay: particles and charts move every frame.
    pub motion: MotionHandle,
    /// The app's state version, so the overlay re-renders with the app too.
    pub version: u64,
    pub lang: Lang,
    pub selected: Option<String>,
    pub on_select: Callback<Option<String>>,
    /// A request particle was clicked: walk its path.
    pub on_packet: Callback<u64>,
    /// Less motion: traffic as counts on the Service→pod edges, no particles.
    #[prop_or_default]
    pub reduced: bool,
    /// A moment of the past held still (scrubbed back, not replaying): the glyphs' own
    /// animations (a Pending pod's spin, a crash loop's pulse, a new pod's pop) and transitions
    /// (a pod gliding to its place) stop, as the cluster does. They also repaint the whole stage
    /// every frame: with a hundred Pending pods, that was most of a scrub frame.
    #[prop_or_default]
    pub still: bool,
}

#[function_component(Stage)]
pub fn stage(props: &StageProps) -> Html {
    let scene = &props.scene;
    let lang = props.lang;
    // One listener for every pod and request particle (delegation): hundreds of glyphs change
    // every frame, and a closure per glyph would be re-registered on each render.
    let onclick = {
        let (on_select, on_packet) = (props.on_select.clone(), props.on_packet.clone());
        let motion = props.motion.clone();
        let reduced = props.reduced;
        Callback::from(move |e: MouseEvent| {
            // The particles where they are now, not where the app last rendered them (none are
            // drawn with less motion).
            if let Some(id) = (!reduced).then(|| packet_at(&e, &motion.0.scene())).flatten() {
                on_packet.emit(id);
            } else if let Some(name) = target_data(&e, "[data-testid=pod]", "data-name") {
                on_select.emit(Some(name));
            } else if let Some(key) = target_data(&e, "[data-testid=service]", "data-stage-item") {
                on_select.emit(Some(key));
            }
        })
    };
    // The stage is one Tab stop: the item last focused (the first one at first) has tabindex 0,
    // the others -1, and arrow keys move among them (a roving tabindex).
    let active = use_state_eq(|| None::<String>);
    let groups = keyboard_order(scene);
    let tabbable = active
        .as_ref()
        .filter(|a| groups.iter().flatten().any(|k| k == *a))
        .or_else(|| groups.iter().flatten().next())
        .cloned();
    let onfocusin = {
        let active = active.clone();
        Callback::from(move |e: FocusEvent| {
            if let Some(key) = target_data(&e, "[data-stage-item]", "data-stage-item") {
                active.set(Some(key));
            }
        })
    };
    let on_arrows = {
        let active = active.clone();
        Callback::from(move |e: KeyboardEvent| {
            let Some(current) = target_data(&e, "[data-stage-item]", "data-stage-item") else {
                return;
            };
            let Some(next) = step(&groups, &current, &e.key()) else {
                return;
            };
            e.prevent_default();
            let wrap: Option<web_sys::Element> = e.current_target().and_then(|t| t.dyn_into().ok());
            let found = wrap
                .and_then(|w| {
                    w.query_selector(&format!("[data-stage-item=\"{next}\"]"))
                        .ok()
                        .flatten()
                })
                .map(crate::a11y::focusable);
            if let Some(el) = found {
                let _ = el.focus();
                active.set(Some(next));
            }
        })
    };
    let onkeydown = {
        let on_select = props.on_select.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Enter" || e.key() == " " {
                if let Some(name) = target_data(&e, "[data-testid=pod]", "data-name")
                    .or_else(|| target_data(&e, "[data-testid=service]", "data-stage-item"))
                {
                    e.prevent_default();
                    on_select.emit(Some(name));
                }
            }
        })
    };
    html! {
        <div class={classes!("stage-wrap", props.still.then_some("still"))} data-testid="stage-wrap" {onfocusin} onkeydown={on_arrows}>
            <p id="stage-keys" class="visually-hidden">{t(lang, T::StageKeys)}</p>
            <div class="stage-canvas" {onclick} {onkeydown}>
                <StaticLayer scene={props.scene.clone()} {lang} selected={props.selected.clone()} on_select={props.on_select.clone()}
                    tabbable={tabbable.clone()} />
                <Charts motion={props.motion.clone()} version={props.version} {lang} />
                <Overlay motion={props.motion.clone()} version={props.version} {lang} reduced={props.reduced} />
            </div>
            if !scene.deployments.is_empty() {
                <ul class="workloads" aria-label={t(lang, T::Workloads)}>
                    { for scene.deployments.iter().map(|d| {
                        let key = format!("deploy/{}", d.name);
                        let selected = props.selected.as_deref() == Some(key.as_str());
                        let tabindex = if tabbable.as_deref() == Some(key.as_str()) { "0" } else { "-1" };
                        let item = key.clone();
                        let onclick = props.on_select.reform(move |_: MouseEvent| Some(key.clone()));
                        html! {
                            <li>
                                <button class={classes!("workload", selected.then_some("selected"))} data-testid="deployment"
                                    data-name={d.name.clone()} aria-pressed={selected.to_string()} {onclick}
                                    data-stage-item={item} {tabindex}>
                                    <span class="swatch" style={format!("background: hsl({} 70% 52%)", d.hue)} aria-hidden="true" />
                                    <span class="wl-name">{format!("deploy/{}", d.name)}</span>
                                    <span class="wl-ready">{format!("{}/{}", d.ready, d.desired)}</span>
                                </button>
                            </li>
                        }
                    }) }
                </ul>
            }
            <Legend {lang} />
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct OverlayProps {
    motion: MotionHandle,
    version: u64,
    lang: Lang,
    #[prop_or_default]
    reduced: bool,
}

/// What moves every frame, on a layer of its own, so the browser repaints only the particles
/// and the charts, never the nodes and pods under them. It follows the newest scene: the frame
/// loop re-renders it alone when only particles and counters moved.
#[function_component(Overlay)]
fn overlay(props: &OverlayProps) -> Html {
    use_motion(&props.motion, Moving::Particles);
    let scene = props.motion.0.scene();
    let view_box = format!("0 0 {} {}", px(scene.width), px(scene.height));
    html! {
        <svg class="stage-overlay" data-testid="overlay" viewBox={view_box} preserveAspectRatio="xMidYMin meet">
            if props.reduced { { traffic_counts(&scene, props.lang) } } else { { packets(&scene) } { sample_note(&scene, props.lang) } }
        </svg>
    }
}

/// The distribution charts, on a layer of their own under the particles: redrawn when the
/// frame loop says their counts moved (at most every `state::CHARTS_EVERY_MS` of wall time).
#[function_component(Charts)]
fn charts(props: &OverlayProps) -> Html {
    use_motion(&props.motion, Moving::Charts);
    let scene = props.motion.0.scene();
    let lang = props.lang;
    let view_box = format!("0 0 {} {}", px(scene.width), px(scene.height));
    html! {
        <svg class="stage-overlay" viewBox={view_box} preserveAspectRatio="xMidYMin meet">
            { for scene.services.iter().map(|s| chart(s, &scene, lang)) }
        </svg>
    }
}

#[derive(Properties)]
struct StaticLayerProps {
    scene: Rc<Scene>,
    lang: Lang,
    selected: Option<String>,
    on_select: Callback<Option<String>>,
    /// The stage's one Tab stop (see `Stage`).
    tabbable: Option<String>,
}

/// Equal when what the static layer draws is: request particles and the traffic counters
/// (which change every frame) are not part of it.
impl PartialEq for StaticLayerProps {
    fn eq(&self, other: &Self) -> bool {
        let (a, b) = (&self.scene, &other.scene);
        let same_services = a.services.len() == b.services.len()
            && a.services.iter().zip(&b.services).all(|(x, y)| {
                x.name == y.name
                    && x.service_type == y.service_type
                    && x.cluster_ip == y.cluster_ip
                    && x.ports == y.ports
                    && (x.x, x.y, x.w, x.h) == (y.x, y.y, y.w, y.h)
                    && x.endpoints == y.endpoints
                    && x.ingress_routes == y.ingress_routes
            });
        self.lang == other.lang
            && self.selected == other.selected
            && self.tabbable == other.tabbable
            && self.on_select == other.on_select
            && a.layout == b.layout
            && (a.width, a.height, a.client) == (b.width, b.height, b.client)
            && a.nodes == b.nodes
            && a.pods == b.pods
            && same_services
    }
}

/// Nodes, the client, Services and pods: everything that does not move every frame.
#[function_component(StaticLayer)]
fn static_layer(props: &StaticLayerProps) -> Html {
    let scene = &props.scene;
    let lang = props.lang;
    let view_box = format!("0 0 {} {}", px(scene.width), px(scene.height));
    let learner_pods = scene.pods.iter().filter(|p| !p.system).count();
    let (cx, cy) = scene.client;
    // On a phone the control-plane panel is one row high: its taint goes beside the address.
    let narrow = scene.layout == scene::Layout::Narrow;
    html! {
            <svg class="stage" data-testid="stage" id="stage" viewBox={view_box} role="group" aria-describedby="stage-keys"
                aria-label={format!("{}: {} nodes, {} pods", t(lang, T::Cluster), scene.nodes.len(), learner_pods)}
                preserveAspectRatio="xMidYMin meet">
                // Every child below has a key (`~` and `/` are in no pod's name; an absent child is
                // an empty iterator, not an empty `if`): a fully keyed list is diffed by key, so
                // pods that come or go leave the others' elements in place. Mixed with unkeyed
                // children, a scale's frame built every element anew.
                <defs key="~defs">
                    <marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
                        <path d="M 0 0 L 10 5 L 0 10 z" class="arrow-head" />
                    </marker>
                </defs>
                { for scene.nodes.iter().map(|n| {
                    let key = format!("node/{}", n.name);
                    let selected = props.selected.as_deref() == Some(key.as_str());
                    let tabindex = if props.tabbable.as_deref() == Some(key.as_str()) { "0" } else { "-1" };
                    let onclick = { let (cb, key) = (props.on_select.clone(), key.clone()); Callback::from(move |_: MouseEvent| cb.emit(Some(key.clone()))) };
                    let onkeydown = { let (cb, key) = (props.on_select.clone(), key.clone()); Callback::from(move |e: KeyboardEvent| if e.key() == "Enter" || e.key() == " " { e.prevent_default(); cb.emit(Some(key.clone())) }) };
                    html! {
                    <g key={key.clone()} class={classes!("node", n.control_plane.then_some("control-plane"), n.cordoned.then_some("cordoned"), (!n.ready).then_some("not-ready"), selected.then_some("selected"))}
                        data-testid="node" data-name={n.name.clone()} {tabindex} data-stage-item={key} role="button" {onclick} {onkeydown}>
                        // No aria-label: the button's name is the text it shows (name, address, CIDR, taint).
                        <rect x={px(n.x)} y={px(n.y)} width={px(n.w)} height={px(n.h)} rx="14" />
                        <text class="node-name" x={px(n.x + 14.0)} y={px(n.y + 24.0)}>{&n.name}</text>
                        <text class="node-meta" x={px(n.x + 14.0)} y={px(n.y + 42.0)}>
                            {format!("{} · {}", n.internal_ip, n.pod_cidr)}
                        </text>
                        if n.cordoned || !n.ready {
                            <text class="node-taint" x={px(n.x + n.w - 14.0)} y={px(n.y + 24.0)} text-anchor="end">
                                { match (n.ready, n.cordoned) { (false, true) => "NotReady,SchedulingDisabled", (false, false) => "NotReady", _ => "SchedulingDisabled" } }
                            </text>
                        }
                        if n.control_plane {
                            <text class="node-taint" x={px(if narrow { n.x + n.w - 14.0 } else { n.x + n.w / 2.0 })}
                                y={px(if narrow { n.y + 42.0 } else { n.y + n.h - 16.0 })} text-anchor={if narrow { "end" } else { "middle" }}>
                                {t(lang, T::NoSchedule)}
                            </text>
                        }
                    </g>
                    }
                }) }
                { for (scene.client_box != scene::ClientBox::Hidden).then(|| html! {
                    <g key="~client" class="client" aria-label={t(lang, if scene.client_box == scene::ClientBox::Outside { T::Outside } else { T::TestClient })}>
                        <rect x={px(cx - scene::CLIENT_W / 2.0)} y={px(cy - scene::CLIENT_H / 2.0)} width={px(scene::CLIENT_W)}
                            height={px(scene::CLIENT_H)} rx="12" />
                        if scene.client_box == scene::ClientBox::Outside {
                            <text x={px(cx)} y={px(cy - 4.0)} text-anchor="middle" class="client-name">{t(lang, T::Outside)}</text>
                            <text x={px(cx)} y={px(cy + 14.0)} text-anchor="middle" class="client-meta">{t(lang, T::CallsNodePorts)}</text>
                        } else {
                            <text x={px(cx)} y={px(cy - 4.0)} text-anchor="middle" class="client-name">{t(lang, T::TestClient)}</text>
                            <text x={px(cx)} y={px(cy + 14.0)} text-anchor="middle" class="client-meta">{t(lang, T::CallsTheService)}</text>
                        }
                    </g>
                }) }
                { for scene.services.iter().map(|s| service(s, scene, lang, props.tabbable.as_deref())) }
                { for scene.pods.iter().map(|p| html! {
                    <PodGlyph key={p.name.clone()} pod={p.clone()} selected={props.selected.as_deref() == Some(p.name.as_str())}
                        tabbable={props.tabbable.as_deref() == Some(p.name.as_str())} />
                }) }
                { for scene.pods.iter().any(|p| p.node.is_none()).then(|| html! {
                    <text key="~lane" class="lane-label" x={px(scene.width / 2.0)} y={px(scene.pods.iter().find(|p| p.node.is_none()).map_or(0.0, |p| p.y) - 30.0)} text-anchor="middle">{t(lang, T::WaitingForNode)}</text>
                }) }
            </svg>
    }
}

#[derive(Properties, PartialEq)]
struct LegendProps {
    lang: Lang,
}

/// What the glyphs mean; the same shapes as on the stage.
#[function_component(Legend)]
fn legend(props: &LegendProps) -> Html {
    let lang = props.lang;
    let items = [
        ("pending", T::Pending),
        ("creating", T::Creating),
        ("not-ready", T::NotReady),
        ("ready", T::Ready),
        ("terminating", T::Terminating),
        ("crashloop", T::CrashLoop),
        ("pull-error", T::PullError),
    ];
    html! {
        <ul class="legend" aria-label={t(lang, T::Legend)}>
            { for items.iter().map(|(class, label)| html! {
                <li>
                    <svg viewBox="-12 -12 24 24" aria-hidden="true" class={classes!("pod", *class)}>{ glyph(class, 10.0, 205, 0.55) }</svg>
                    {t(lang, *label)}
                </li>
            }) }
        </ul>
    }
}

/// The chart's title: what the last 10 s of requests came to; failures only when there are some.
fn window_title(s: &SceneService, lang: Lang) -> String {
    let mut title = format!("{} {}", s.sent, t(lang, T::RequestsIn10s));
    for (n, label) in [
        (s.refused, T::Refused),
        (s.timed_out, T::TimedOut),
        (s.no_dns, T::NoDns),
    ] {
        if n > 0 || label == T::Refused {
            title.push_str(&format!(" · {n} {}", t(lang, label)));
        }
    }
    title
}

fn service(s: &SceneService, scene: &Scene, lang: Lang, tabbable: Option<&str>) -> Html {
    let key = format!("svc/{}", s.name);
    let tabindex = if tabbable == Some(key.as_str()) { "0" } else { "-1" };
    let healthy = !s.endpoints.is_empty();
    let bottom = s.y + s.h;
    let cx = s.x + s.w / 2.0;
    let (cx_client, cy_client) = scene.client;
    html! {
        <g key={key.clone()} class={classes!("service", (!healthy).then_some("no-endpoints"))} data-testid="service"
            data-endpoints={s.endpoints.len().to_string()} data-stage-item={key} {tabindex} role="img"
            aria-label={format!("Service {} {} {}, {} endpoints", s.name, s.service_type, s.cluster_ip, s.endpoints.len())}>
            { for s.endpoints.iter().filter_map(|e| scene.pods.iter().find(|p| p.name == e.pod).map(|p| (e, p))).map(|(e, p)| html! {
                <path class={classes!("endpoint", (!e.ready).then_some("not-ready"))}
                    d={format!("M {cx} {bottom} C {cx} {}, {} {}, {} {}", bottom + 60.0, p.x, p.y - 90.0, p.x, p.y - scene::POD_RADIUS - 4.0)} />
            }) }
            if scene.client_box != scene::ClientBox::Hidden {
                <line class="client-link" x1={px(cx_client + scene::CLIENT_W / 2.0)} y1={px(cy_client)} x2={px(s.x)} y2={px(s.y + s.h / 2.0)} marker-end="url(#arrow)" />
            }
            <rect x={px(s.x)} y={px(s.y)} width={px(s.w)} height={px(s.h)} rx="16" />
            if !healthy && scene.layout == scene::Layout::Narrow {
                <text class="svc-kind svc-warning" x={px(s.x + 16.0)} y={px(s.y + 22.0)}>{format!("Service · {}", t(lang, T::NoEndpointsShort))}</text>
            } else {
                <text class="svc-kind" x={px(s.x + 16.0)} y={px(s.y + 22.0)}>{format!("Service · {}", s.service_type)}</text>
            }
            <text class="svc-name" x={px(s.x + 16.0)} y={px(s.y + 46.0)}>{&s.name}</text>
            <text class="svc-meta" x={px(s.x + 16.0)} y={px(s.y + 66.0)}>{format!("ClusterIP {}", s.cluster_ip)}</text>
            <text class="svc-meta" x={px(s.x + 16.0)} y={px(s.y + 82.0)}>{s.ports.join("  ")}</text>
            if !s.ingress_routes.is_empty() {
                <text class="svc-ingress" data-testid="ingress-routes" x={px(s.x + s.w - 16.0)} y={px(s.y + 82.0)}
                    text-anchor="end">
                    <title>{s.ingress_routes.join("\n")}</title>
                    {ingress_label(&s.ingress_routes)}
                </text>
            }
            // Above the box on a wide stage (the chart may stand under it); on a phone, where
            // the boxes are stacked, its header line says it instead of the type.
            if !healthy && scene.layout != scene::Layout::Narrow {
                <text class="svc-warning" x={px(cx)} y={px(s.y - 8.0)} text-anchor="middle">{t(lang, T::NoEndpoints)}</text>
            }
        </g>
    }
}

/// A Service's distribution chart: the last 10 s of its requests, per pod.
fn chart(s: &SceneService, scene: &Scene, lang: Lang) -> Html {
    let max = s.served.iter().map(|(_, n)| *n).max().unwrap_or(1).max(1) as f32;
    let (chart_x, chart_y) = s.chart;
    html! {
        <g class="chart" data-testid="distribution">
                <text class="chart-title" x={px(chart_x)} y={px(chart_y + 10.0)}>
                    { window_title(s, lang) }
                </text>
                { for s.served.iter().rev().take(6).collect::<Vec<_>>().into_iter().rev().enumerate().map(|(i, (pod, n))| {
                    let y = chart_y + 20.0 + i as f32 * 13.0;
                    let hue = scene.pods.iter().find(|p| &p.name == pod).map_or(210, |p| p.hue);
                    let short = pod.rsplit('-').next().unwrap_or(pod);
                    html! {
                        <g>
                            <text class="chart-label" x={px(chart_x)} y={px(y + 9.0)}>{short.to_string()}</text>
                            // A path, not a rect: it ends with a bare move to the longest bar's
                            // end, so its bounds stay put while the bar grows and shrinks.
                            <path class="chart-bar" style={format!("fill: hsl({hue} 70% 55%)")}
                                d={format!("M{} {}h{w}v10h-{w}zM{} {}h0", px(chart_x + 44.0), px(y), px(chart_x + 46.0 + s.chart_bar), px(y),
                                    w = px(2.0 + s.chart_bar * *n as f32 / max))} />
                            <text class="chart-label" x={px(chart_x + 50.0 + s.chart_bar)} y={px(y + 9.0)}>{n.to_string()}</text>
                        </g>
                    }
                }) }
            </g>
    }
}

/// `⇠ Ingress`, short enough for the corner of any Service box; the tooltip lists the routes
/// (`shop: shop.example.com/api`).
fn ingress_label(routes: &[String]) -> String {
    let ingresses = routes.iter().map(|r| r.split(':').next().unwrap_or(r)).fold(
        Vec::new(),
        |mut seen: Vec<&str>, name| {
            if !seen.contains(&name) {
                seen.push(name);
            }
            seen
        },
    );
    match ingresses.len() {
        1 => "⇠ Ingress".to_string(),
        n => format!("⇠ {n} Ingresses"),
    }
}

/// A pod's glyph by class: shape and ring carry the phase; `progress` fills or fades.
fn glyph(class: &str, r: f32, hue: u16, progress: f32) -> Html {
    let fill = format!("hsl({hue} 70% 52%)");
    match class {
        "terminating" => html! {
            <>
                <circle r={px(r)} class="body" style={format!("fill: {fill}")} />
                <path class="mark" d={format!("M {0} {0} L {1} {1} M {1} {0} L {0} {1}", -r * 0.35, r * 0.35)} />
            </>
        },
        "creating" => html! {
            <>
                <circle r={px(r)} class="shell" style={format!("stroke: {fill}")} />
                <circle r={px(r * progress.max(0.08))} class="body" style={format!("fill: {fill}")} />
            </>
        },
        "pending" => html! { <circle r={px(r)} class="shell dashed" style={format!("stroke: {fill}")} /> },
        // A crash: a jagged burst that pulses while the kubelet backs off.
        "crashloop" => html! {
            <>
                <circle r={px(r)} class="shell" style={format!("stroke: {fill}")} />
                <path class="burst" d={format!("M {} 0 L {} {} L 0 {} L {} {} L {} 0 L {} {} L 0 {} L {} {} Z",
                    -r * 0.6, -r * 0.2, -r * 0.2, -r * 0.6, r * 0.2, -r * 0.2, r * 0.6, r * 0.2, r * 0.2, r * 0.6, -r * 0.2, r * 0.2)} />
            </>
        },
        // The image cannot be pulled: a dashed outline with an exclamation mark.
        "pull-error" => html! {
            <>
                <circle r={px(r)} class="shell dashed error" />
                <path class="mark error" d={format!("M 0 {} L 0 {} M 0 {} L 0 {}", -r * 0.45, r * 0.1, r * 0.35, r * 0.4)} />
            </>
        },
        "ready" => html! {
            <>
                <circle r={px(r)} class="body" style={format!("fill: {fill}")} />
                <path class="mark" d={format!("M {} 0 L {} {} L {} {}", -r * 0.35, -r * 0.1, r * 0.25, r * 0.4, -r * 0.3)} />
            </>
        },
        _ => html! {
            <>
                <circle r={px(r)} class="shell" style={format!("stroke: {fill}")} />
                <circle r={px(r * 0.45)} class="body" style={format!("fill: {fill}")} />
            </>
        },
    }
}

/// The stage's items in keyboard order, in groups: the Services, each node followed by its
/// pods (left to right), the pods waiting for a node, the Deployment chips. Keys are what
/// `data-stage-item` holds: `svc/NAME`, `node/NAME`, a pod's name, `deploy/NAME`.
fn keyboard_order(scene: &Scene) -> Vec<Vec<String>> {
    let pods_on = |node: Option<&str>| {
        let mut pods: Vec<&ScenePod> = scene
            .pods
            .iter()
            .filter(|p| !p.system && p.node.as_deref() == node)
            .collect();
        // Row by row, left to right (whole viewBox units: positions are finite and small).
        pods.small_sort_by_key(|p| (p.y.round() as i32, p.x.round() as i32));
        pods.into_iter().map(|p| p.name.clone())
    };
    let mut groups = vec![scene
        .services
        .iter()
        .map(|s| format!("svc/{}", s.name))
        .collect::<Vec<_>>()];
    for n in &scene.nodes {
        let mut group = vec![format!("node/{}", n.name)];
        group.extend(pods_on(Some(&n.name)));
        groups.push(group);
    }
    groups.push(pods_on(None).collect());
    groups.push(
        scene
            .deployments
            .iter()
            .map(|d| format!("deploy/{}", d.name))
            .collect(),
    );
    groups.retain(|g| !g.is_empty());
    groups
}

/// Where an arrow key (or Home/End) goes from `current`: ←/→ to the previous or next item,
/// ↑/↓ to the first item of the previous or next group; none at the ends (no wrapping).
fn step(groups: &[Vec<String>], current: &str, key: &str) -> Option<String> {
    let flat: Vec<&String> = groups.iter().flatten().collect();
    let at = flat.iter().position(|k| *k == current)?;
    let group = groups.iter().position(|g| g.iter().any(|k| k == current))?;
    let to = match key {
        "ArrowRight" => flat.get(at + 1).copied(),
        "ArrowLeft" => at.checked_sub(1).and_then(|i| flat.get(i).copied()),
        "ArrowDown" => groups.get(group + 1).and_then(|g| g.first()),
        "ArrowUp" => group.checked_sub(1).and_then(|i| groups[i].first()),
        "Home" => flat.first().copied(),
        "End" => flat.last().copied(),
        _ => None,
    };
    to.cloned()
}

/// A coordinate in whole viewBox units. Integer formatting keeps Rust's float printing
/// (~10 KiB of wasm) out of the bundle, and a 960-unit stage needs no finer grain.
fn px(v: f32) -> String {
    (v.round() as i32).to_string()
}

/// Appends `v` as `px` prints it, without allocating.
fn push_px(out: &mut String, v: f32) {
    let n = v.round() as i32;
    if n < 0 {
        out.push('-');
    }
    let mut n = n.unsigned_abs();
    let mut digits = [0u8; 10];
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    for d in &digits[i..] {
        out.push(char::from(*d));
    }
}

/// The value of `attribute` on the closest element matching `selector` around the event's target.
fn target_data(e: &Event, selector: &str, attribute: &str) -> Option<String> {
    let target: web_sys::Element = e.target_dyn_into()?;
    target.closest(selector).ok()??.get_attribute(attribute)
}

#[derive(Properties, PartialEq)]
struct PodProps {
    pod: ScenePod,
    selected: bool,
    /// The stage's one Tab stop.
    tabbable: bool,
}

/// One pod: a component so that Yew skips the pods that did not change since the last frame.
#[function_component(PodGlyph)]
fn pod_glyph(props: &PodProps) -> Html {
    let (p, selected) = (&props.pod, props.selected);
    let r = if p.system {
        scene::POD_RADIUS * 0.7
    } else {
        scene::POD_RADIUS
    };
    let class = match p.status {
        "Terminating" => "terminating",
        "ContainerCreating" => "creating",
        "Pending" => "pending",
        "CrashLoopBackOff" | "Error" => "crashloop",
        "ErrImagePull" | "ImagePullBackOff" => "pull-error",
        _ if p.ready => "ready",
        _ => "not-ready",
    };
    let opacity = if p.status == "Terminating" {
        1.0 - 0.75 * p.progress
    } else {
        1.0
    };
    let short = if p.system {
        p.name.split('-').next().unwrap_or(&p.name).to_string()
    } else {
        p.name.rsplit('-').next().unwrap_or(&p.name).to_string()
    };
    html! {
        <g class={classes!("pod", class, p.system.then_some("system"), selected.then_some("selected"))}
            tabindex={(!p.system).then_some(if props.tabbable { "0" } else { "-1" })}
            data-stage-item={(!p.system).then(|| p.name.clone())}
            data-testid={if p.system { "system-pod" } else { "pod" }} data-name={p.name.clone()}
            data-phase={p.phase} data-status={p.status} data-ready={p.ready.to_string()}
            transform={format!("translate({} {})", px(p.x), px(p.y))} opacity={px(opacity)}
            role={if p.system { "img" } else { "button" }} aria-label={format!("Pod {} {}{}", p.name, p.status, if p.ready { ", ready" } else { "" })}>
            <title>{format!("{}\n{} · {}", p.name, p.status, p.ip.as_deref().unwrap_or("no IP yet"))}</title>
            if selected { <circle class="selection" r={px(r + 6.0)} /> }
            { glyph(class, r, if p.system { 215 } else { p.hue }, p.progress) }
            <text class="pod-label" y={px(r + 15.0)} text-anchor="middle">{short}</text>
            if let Some(s) = p.backoff_s {
                <text class="backoff" y={px(r + 28.0)} text-anchor="middle">{format!("{} {s}s", if p.status == "CrashLoopBackOff" { "↻" } else { "⤓" })}</text>
            }
        </g>
    }
}

/// Every request particle in three paths (requests, replies, refusals): three elements to update
/// per frame however many requests are in flight. Each subpath starts at its particle's centre.
/// Each path ends with bare moves to the stage's corners: they draw nothing, but keep the
/// path's bounds those of the stage while its particles move, so the browser repaints the
/// paths in place instead of re-deciding the page's layers every frame.
fn packets(scene: &Scene) -> Html {
    // Sized once for the frame's particles; coordinates written without `format!`.
    let mut paths = [(); 3].map(|()| String::with_capacity(scene.packets.len() * 48 + 32));
    let [requests, replies, refused] = &mut paths;
    for p in &scene.packets {
        let (path, shape) = match p.kind {
            "refused" => (&mut *refused, "m-5 -5l10 10m0 -10l-10 10"),
            "reply" => (&mut *replies, "m-4.5 0a4.5 4.5 0 1 0 9 0a4.5 4.5 0 1 0 -9 0"),
            _ => (&mut *requests, "m-4.5 0a4.5 4.5 0 1 0 9 0a4.5 4.5 0 1 0 -9 0"),
        };
        path.push('M');
        push_px(path, p.x);
        path.push(' ');
        push_px(path, p.y);
        path.push_str(shape);
    }
    // A zero-length line draws nothing when filled or stroked with butt caps; the refusals'
    // round caps would draw it as a dot, so theirs are bare moves (which bound nothing).
    for (path, end) in [(&mut *requests, "h0"), (&mut *replies, "h0"), (&mut *refused, "")] {
        path.push_str("M0 0");
        path.push_str(end);
        path.push('M');
        push_px(path, scene.width);
        path.push(' ');
        push_px(path, scene.height);
        path.push_str(end);
    }
    let [requests, replies, refused] = paths;
    html! {
        <g class="packets" data-testid="packets" data-count={scene.packets.len().to_string()}
            data-sample={scene.packet_sample.to_string()} aria-hidden="true">
            <path class="request" d={requests} />
            <path class="reply" d={replies} />
            <path class="refused" d={refused} />
        </g>
    }
}

/// Says that a dense cloud of requests is drawn as a sample (see `scene::MAX_DRAWN_PACKETS`).
fn sample_note(scene: &Scene, lang: Lang) -> Html {
    if scene.packet_sample <= 1 {
        return html! {};
    }
    html! {
        <text class="sample-note" data-testid="sample-note" x={px(scene.width - 12.0)} y="18" text-anchor="end">
            {format!("{} {}", t(lang, T::DrawnOneIn), scene.packet_sample)}
        </text>
    }
}

/// Less motion: no particle flies. Each Service→pod edge (drawn steady by the static layer)
/// carries its pod's share of the traffic as a rate over the last 10 s, redrawn with the charts
/// (the session moves this overlay at most every `CHARTS_EVERY_MS`).
fn traffic_counts(scene: &Scene, lang: Lang) -> Html {
    html! {
        <g class="edge-counts" data-testid="edge-counts" aria-hidden="true">
            { for scene.services.iter().flat_map(|s| s.endpoints.iter().map(move |e| (s, e))).filter_map(|(s, e)| {
                let pod = scene.pods.iter().find(|p| p.name == e.pod)?;
                let served = s.served.iter().find(|(name, _)| *name == e.pod).map_or(0, |(_, n)| *n);
                // Requests in the 10 s window are tenths of requests a second.
                let rate = format!("{}.{} {}", served / 10, served % 10, t(lang, T::PerSecond));
                Some(html! {
                    <text class="edge-count" x={px(pod.x)} y={px(pod.y - scene::POD_RADIUS - 10.0)} text-anchor="middle"
                        data-pod={e.pod.clone()}>{rate}</text>
                })
            }) }
        </g>
    }
}

/// The request particle under a click, if one is within reach (a moving 9-unit dot is hard to
/// hit exactly): the click's position mapped into the stage's viewBox, as `xMidYMin meet` lays
/// the stage out in its box.
fn packet_at(e: &MouseEvent, scene: &Scene) -> Option<u64> {
    let canvas: web_sys::Element = e.current_target()?.dyn_into().ok()?;
    // The overlay shares the static layer's box and viewBox: map into either.
    let rect = canvas
        .query_selector("svg.stage")
        .ok()??
        .get_bounding_client_rect();
    let scale = (rect.width() / f64::from(scene.width)).min(rect.height() / f64::from(scene.height));
    if scale.is_nan() || scale <= 0.0 {
        return None;
    }
    let left = rect.left() + (rect.width() - f64::from(scene.width) * scale) / 2.0;
    let x = (f64::from(e.client_x()) - left) / scale;
    let y = (f64::from(e.client_y()) - rect.top()) / scale;
    scene
        .packets
        .iter()
        .map(|p| (p.id, (f64::from(p.x) - x).hypot(f64::from(p.y) - y)))
        .filter(|(_, d)| *d <= 14.0)
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(id, _)| id)
}

#[cfg(test)]
mod tests {
    use wasm_bindgen_test::wasm_bindgen_test;

    wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

    #[wasm_bindgen_test]
    fn push_px_writes_what_px_prints() {
        for v in [
            0.0,
            0.4,
            0.5,
            -0.4,
            -0.5,
            -0.6,
            9.0,
            123.49,
            -2516.7,
            1e9,
            -3e9,
            f32::NAN,
            f32::MAX,
            f32::MIN,
        ] {
            let mut out = String::from("M");
            super::push_px(&mut out, v);
            assert_eq!(out, format!("M{}", super::px(v)), "{v}");
        }
    }
}
