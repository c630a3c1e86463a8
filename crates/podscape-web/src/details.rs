//! The details of the selected pod or node, and the actions a learner can take on it. Every action is
//! the command it equals (kubectl's, or a `podscape` fault a script would use), run in the
//! terminal and echoed there. Each panel is a dialog (WAI-ARIA): focus moves in when it opens,
//! Tab stays inside while it is open, Escape closes it, and focus returns to what opened it.

use std::rc::Rc;

use podscape_core::Scene;
use yew::prelude::*;

use crate::i18n::{t, Lang, T};
use crate::inspector::SharedCluster;

/// What the app hands to the panel of the selected object (see `panel`).
pub struct Panel {
    pub selected: String,
    pub scene: Rc<Scene>,
    pub cluster: SharedCluster,
    pub lang: Lang,
    pub on_run: Callback<String>,
    pub on_close: Callback<()>,
    /// Selects another object (a "Why?" cause names it).
    pub on_select: Callback<Option<String>>,
}

/// The panel of the selected pod, node (`node/NAME`), Deployment (`deploy/NAME`) or Service
/// (`svc/NAME`); reached only
/// through `lazy::details`.
pub(crate) fn panel(p: &Panel) -> Html {
    let (scene, lang, on_run, on_close) = (p.scene.clone(), p.lang, p.on_run.clone(), p.on_close.clone());
    let on_select = p.on_select.clone();
    if let Some(service) = p.selected.strip_prefix("svc/") {
        html! { <ServiceDetails service={service.to_string()} {scene} cluster={p.cluster.clone()} {lang} {on_run} {on_close} {on_select} /> }
    } else if let Some(deployment) = p.selected.strip_prefix("deploy/") {
        html! { <DeploymentDetails deployment={deployment.to_string()} {scene} cluster={p.cluster.clone()} {lang} {on_run} {on_close} {on_select} /> }
    } else if let Some(node) = p.selected.strip_prefix("node/") {
        html! { <NodeDetails node={node.to_string()} {scene} {lang} {on_run} {on_close} /> }
    } else {
        html! { <PodDetails pod={p.selected.clone()} {scene} cluster={p.cluster.clone()} {lang} {on_run} {on_close} {on_select} /> }
    }
}

#[derive(Properties, PartialEq)]
pub(crate) struct DialogProps {
    pub testid: &'static str,
    pub label: String,
    pub on_close: Callback<()>,
    pub children: Html,
    /// Classes besides `details` (the export dialog's placement).
    #[prop_or_default]
    pub class: Classes,
}

/// The panel's frame: the dialog's focus handling around the details' content.
#[function_component(Dialog)]
pub(crate) fn dialog(props: &DialogProps) -> Html {
    let aside = use_node_ref();
    {
        let aside = aside.clone();
        use_effect_with((), move |_| {
            let opener = crate::a11y::active();
            let element = aside.cast::<web_sys::Element>();
            if let Some(first) = element
                .as_ref()
                .and_then(|e| crate::a11y::focusables(e).into_iter().next())
            {
                let _ = first.focus();
            }
            move || {
                // Only when focus was in the panel (or fell to the page): a click elsewhere
                // keeps where it went.
                let inside = match (crate::a11y::active(), &element) {
                    (None, _) => true,
                    (Some(active), Some(element)) => element.contains(Some(&active)),
                    (Some(_), None) => false,
                };
                if inside {
                    match opener.filter(|o| o.is_connected()) {
                        Some(opener) => drop(opener.focus()),
                        None => drop(crate::a11y::focus("[data-stage-item][tabindex='0']")),
                    }
                }
            }
        });
    }
    let onkeydown = {
        let (aside, on_close) = (aside.clone(), props.on_close.clone());
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Escape" {
                e.prevent_default();
                e.stop_propagation();
                on_close.emit(());
                return;
            }
            if !crate::a11y::is_tab(&e) {
                return;
            }
            let Some(element) = aside.cast::<web_sys::Element>() else {
                return;
            };
            let stops = crate::a11y::focusables(&element);
            let (Some(first), Some(last)) = (stops.first(), stops.last()) else {
                return;
            };
            let active = crate::a11y::active();
            let at = |el: &web_sys::HtmlElement| active.as_ref().is_some_and(|a| a.is_same_node(Some(el)));
            // Focus wraps around inside the panel while it is open.
            let to = if e.shift_key() && (at(first) || active.is_none()) {
                last
            } else if !e.shift_key() && at(last) {
                first
            } else {
                return;
            };
            e.prevent_default();
            let _ = to.focus();
        })
    };
    html! {
        <aside class={classes!("details", props.class.clone())} data-testid={props.testid} role="dialog" aria-modal="true" aria-label={props.label.clone()}
            ref={aside} {onkeydown}>
            { props.children.clone() }
        </aside>
    }
}

#[derive(Properties, PartialEq)]
pub struct PodDetailsProps {
    pub pod: String,
    pub scene: Rc<Scene>,
    pub cluster: SharedCluster,
    pub lang: Lang,
    pub on_run: Callback<String>,
    pub on_close: Callback<()>,
    pub on_select: Callback<Option<String>>,
}

#[function_component(PodDetails)]
pub fn pod_details(props: &PodDetailsProps) -> Html {
    let lang = props.lang;
    let Some(pod) = props.scene.pods.iter().find(|p| p.name == props.pod) else {
        return html! {};
    };
    let (labels, failing, events, image, namespace) = {
        let cluster = props.cluster.borrow();
        let model = cluster.pods().iter().find(|p| p.name == pod.name);
        // The image, and whether Podscape knows how it behaves (the core's image table).
        let image = model.and_then(|p| p.template.containers.first()).map(|c| {
            let unknown = matches!(
                podscape_core::cluster::images::app(c),
                podscape_core::cluster::images::App::Unknown(_)
            );
            (c.image.clone(), unknown)
        });
        let labels: Vec<String> = model
            .map(|p| p.labels.iter().map(|(k, v)| format!("{k}={v}")).collect())
            .unwrap_or_default();
        let object = format!("pod/{}", pod.name);
        let events: Vec<String> = cluster
            .events()
            .iter()
            .filter(|e| e.object == object)
            .rev()
            .take(4)
            .map(|e| format!("{} {}", e.reason, e.message))
            .collect();
        let namespace = model.map_or_else(|| "default".to_string(), |p| p.namespace.clone());
        (
            labels,
            model.is_some_and(|p| p.readiness_failing),
            events,
            image,
            namespace,
        )
    };
    let delete = {
        let (on_run, name) = (props.on_run.clone(), pod.name.clone());
        Callback::from(move |_: MouseEvent| on_run.emit(format!("kubectl delete pod {name}")))
    };
    let crash = {
        let (on_run, name) = (props.on_run.clone(), pod.name.clone());
        Callback::from(move |_: MouseEvent| on_run.emit(format!("kubectl exec {name} -- kill 1")))
    };
    // No kubectl command breaks a probe: the fault is the script command that does.
    let readiness = {
        let verb = if failing {
            "fix-readiness"
        } else {
            "fail-readiness"
        };
        let (on_run, name) = (props.on_run.clone(), pod.name.clone());
        Callback::from(move |_: MouseEvent| on_run.emit(format!("podscape {verb} {name}")))
    };
    let close = props.on_close.reform(|_: MouseEvent| ());
    html! {
        <Dialog key={pod.name.clone()} testid="pod-details" label={format!("Pod {}", pod.name)} on_close={props.on_close.clone()}>
            <header>
                <h3>{&pod.name}</h3>
                <button class="btn icon ghost" onclick={close} aria-label={t(lang, T::Close)}>{"×"}</button>
            </header>
            <dl>
                <dt>{"STATUS"}</dt><dd>{pod.status}{ if pod.ready { " · Ready" } else { "" } }</dd>
                <dt>{t(lang, T::Address)}</dt><dd>{pod.ip.clone().unwrap_or_else(|| "<none>".into())}</dd>
                <dt>{t(lang, T::Node)}</dt><dd>{pod.node.clone().unwrap_or_else(|| "<none>".into())}</dd>
                <dt>{t(lang, T::Labels)}</dt><dd class="labels">{ for labels.iter().map(|l| html! { <code>{l}</code> }) }</dd>
                if let Some((image, _)) = &image {
                    <dt>{"IMAGE"}</dt><dd><code>{image}</code></dd>
                }
            </dl>
            if image.as_ref().is_some_and(|(_, unknown)| *unknown) {
                <p class="muted" data-testid="not-modelled">{t(lang, T::NotModelled)}</p>
            }
            <crate::why::WhyBadge subject={format!("pod/{}", pod.name)} namespace={namespace} cluster={props.cluster.clone()}
                version={props.scene.now_ms / 1000}
                {lang} on_run={props.on_run.clone()} on_select={props.on_select.clone()} />
            if !events.is_empty() {
                <ul class="pod-events">{ for events.iter().map(|e| html! { <li>{e}</li> }) }</ul>
            }
            if !pod.system {
                <p class="muted">{t(lang, T::PodHint)}</p>
                <div class="actions">
                    <button class="btn" data-testid="delete-pod" onclick={delete}>{t(lang, T::DeletePod)}</button>
                    <button class="btn" data-testid="crash-pod" onclick={crash} title="kubectl exec … -- kill 1">{t(lang, T::CrashPod)}</button>
                    <button class="btn" data-testid="toggle-readiness" onclick={readiness}>
                        { if failing { t(lang, T::FixReadiness) } else { t(lang, T::BreakReadiness) } }
                    </button>
                </div>
            }
        </Dialog>
    }
}

#[derive(Properties, PartialEq)]
pub struct NodeDetailsProps {
    pub node: String,
    pub scene: Rc<Scene>,
    pub lang: Lang,
    pub on_run: Callback<String>,
    pub on_close: Callback<()>,
}

/// A node's details and the maintenance a learner can try: cordon, uncordon, drain.
#[function_component(NodeDetails)]
pub fn node_details(props: &NodeDetailsProps) -> Html {
    let lang = props.lang;
    let Some(node) = props.scene.nodes.iter().find(|n| n.name == props.node) else {
        return html! {};
    };
    let pods = props
        .scene
        .pods
        .iter()
        .filter(|p| p.node.as_deref() == Some(node.name.as_str()))
        .count();
    let run = |verb: &'static str| {
        let (on_run, name) = (props.on_run.clone(), node.name.clone());
        Callback::from(move |_: MouseEvent| on_run.emit(format!("{verb} {name}")))
    };
    // Stopping the kubelet is the script command that does it (NotReady in 40 s, the pods
    // evicted 300 s later).
    let toggle_down = run(if node.down {
        "podscape node-up"
    } else {
        "podscape node-down"
    });
    // kind's nodes run DaemonSet pods (kube-proxy, kindnet): drain leaves them be, as one types it.
    let drain = {
        let (on_run, name) = (props.on_run.clone(), node.name.clone());
        Callback::from(move |_: MouseEvent| on_run.emit(format!("kubectl drain {name} --ignore-daemonsets")))
    };
    let close = props.on_close.reform(|_: MouseEvent| ());
    html! {
        <Dialog key={format!("node/{}", node.name)} testid="node-details" label={format!("Node {}", node.name)} on_close={props.on_close.clone()}>
            <header>
                <h3>{&node.name}</h3>
                <button class="btn icon ghost" onclick={close} aria-label={t(lang, T::Close)}>{"×"}</button>
            </header>
            <dl>
                <dt>{"STATUS"}</dt><dd>{ format!("{}{}", if node.ready { "Ready" } else { "NotReady" }, if node.cordoned { ",SchedulingDisabled" } else { "" }) }</dd>
                <dt>{"INTERNAL-IP"}</dt><dd>{&node.internal_ip}</dd>
                <dt>{"PodCIDR"}</dt><dd>{&node.pod_cidr}</dd>
                <dt>{"ROLES"}</dt><dd>{ if node.control_plane { "control-plane" } else { "<none>" } }</dd>
                <dt>{"Pods"}</dt><dd>{pods}</dd>
            </dl>
            <p class="muted">{t(lang, T::NodeHint)}</p>
            <div class="actions">
                if node.cordoned {
                    <button class="btn" data-testid="uncordon" onclick={run("kubectl uncordon")}>{"Uncordon"}</button>
                } else {
                    <button class="btn" data-testid="cordon" onclick={run("kubectl cordon")}>{"Cordon"}</button>
                }
                <button class="btn" data-testid="drain" onclick={drain}>{"Drain"}</button>
                <button class="btn" data-testid="node-down" onclick={toggle_down}>
                    { if node.down { t(lang, T::StartKubelet) } else { t(lang, T::StopKubelet) } }
                </button>
            </div>
        </Dialog>
    }
}

#[derive(Properties, PartialEq)]
pub struct DeploymentDetailsProps {
    pub deployment: String,
    pub scene: Rc<Scene>,
    pub cluster: SharedCluster,
    pub lang: Lang,
    pub on_run: Callback<String>,
    pub on_close: Callback<()>,
    pub on_select: Callback<Option<String>>,
}

/// A Deployment's rollout at a glance and what a learner can do to it: scale, set an image,
/// undo, restart, pause and resume its rollout — each as the kubectl command it is.
#[function_component(DeploymentDetails)]
pub fn deployment_details(props: &DeploymentDetailsProps) -> Html {
    let lang = props.lang;
    let image_input = use_node_ref();
    let Some(d) = props
        .scene
        .deployments
        .iter()
        .find(|d| d.name == props.deployment)
    else {
        return html! {};
    };
    let target = format!("deployment/{}", d.name);
    let run = |command: String| {
        let on_run = props.on_run.clone();
        Callback::from(move |_: MouseEvent| on_run.emit(command.clone()))
    };
    let scale = |replicas: i32| run(format!("kubectl scale {target} --replicas={}", replicas.max(0)));
    let (container, image) = d.images.first().cloned().unwrap_or_default();
    let set_image = {
        let (on_run, target, container, input) = (
            props.on_run.clone(),
            target.clone(),
            container.clone(),
            image_input.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let Some(input) = input.cast::<web_sys::HtmlInputElement>() else {
                return;
            };
            // One shell word: the terminal splits on whitespace as a shell would.
            let image: String = input.value().chars().filter(|c| !c.is_whitespace()).collect();
            if !image.is_empty() {
                on_run.emit(format!("kubectl set image {target} {container}={image}"));
            }
        })
    };
    let close = props.on_close.reform(|_: MouseEvent| ());
    html! {
        <Dialog key={target.clone()} testid="deployment-details" label={format!("Deployment {}", d.name)} on_close={props.on_close.clone()}>
            <header>
                <h3>{&target}</h3>
                <button class="btn icon ghost" onclick={close} aria-label={t(lang, T::Close)}>{"×"}</button>
            </header>
            <dl>
                <dt>{"READY"}</dt><dd>{format!("{}/{}", d.ready, d.desired)}</dd>
                <dt>{"UP-TO-DATE"}</dt><dd>{d.updated}</dd>
                <dt>{"AVAILABLE"}</dt><dd>{d.available}</dd>
                <dt>{"REVISION"}</dt><dd>{ format!("{}{}", d.revision, if d.paused { " (paused)" } else { "" }) }</dd>
                <dt>{"IMAGES"}</dt><dd>{ d.images.iter().map(|(c, i)| format!("{c}={i}")).collect::<Vec<_>>().join(", ") }</dd>
            </dl>
            <crate::why::WhyBadge subject={target.clone()} namespace={d.namespace.clone()} cluster={props.cluster.clone()}
                version={props.scene.now_ms / 1000}
                {lang} on_run={props.on_run.clone()} on_select={props.on_select.clone()} />
            <p class="muted">{t(lang, T::DeploymentHint)}</p>
            <div class="actions">
                <span class="field">{t(lang, T::Replicas)}</span>
                <button class="btn icon" data-testid="scale-down" onclick={scale(d.desired - 1)}
                    aria-label={format!("{} −1", t(lang, T::Replicas))} disabled={d.desired == 0}>{"−"}</button>
                <button class="btn icon" data-testid="scale-up" onclick={scale(d.desired + 1)}
                    aria-label={format!("{} +1", t(lang, T::Replicas))}>{"+"}</button>
            </div>
            <form class="actions set-image" onsubmit={set_image}>
                <input ref={image_input} data-testid="image" value={image} aria-label={format!("{} {container}", t(lang, T::Image))}
                    spellcheck="false" autocomplete="off" />
                <button class="btn" type="submit" data-testid="set-image">{t(lang, T::SetImage)}</button>
            </form>
            <div class="actions">
                <button class="btn" data-testid="rollout-undo" onclick={run(format!("kubectl rollout undo {target}"))}>{t(lang, T::RolloutUndo)}</button>
                <button class="btn" data-testid="rollout-restart" onclick={run(format!("kubectl rollout restart {target}"))}>{t(lang, T::RolloutRestart)}</button>
                if d.paused {
                    <button class="btn" data-testid="rollout-resume" onclick={run(format!("kubectl rollout resume {target}"))}>{t(lang, T::RolloutResume)}</button>
                } else {
                    <button class="btn" data-testid="rollout-pause" onclick={run(format!("kubectl rollout pause {target}"))}>{t(lang, T::RolloutPause)}</button>
                }
            </div>
        </Dialog>
    }
}

#[derive(Properties, PartialEq)]
pub struct ServiceDetailsProps {
    pub service: String,
    pub scene: Rc<Scene>,
    pub cluster: SharedCluster,
    pub lang: Lang,
    pub on_run: Callback<String>,
    pub on_close: Callback<()>,
    pub on_select: Callback<Option<String>>,
}

/// A Service on the stage, as `kubectl get service` and its EndpointSlice summarise it, with its
/// Why? chain when it has a problem.
#[function_component(ServiceDetails)]
pub fn service_details(props: &ServiceDetailsProps) -> Html {
    let lang = props.lang;
    let Some(s) = props.scene.services.iter().find(|s| s.name == props.service) else {
        return html! {};
    };
    let target = format!("service/{}", s.name);
    let ready = s.endpoints.iter().filter(|e| e.ready).count();
    let close = props.on_close.reform(|_: MouseEvent| ());
    let describe = {
        let (on_run, command) = (props.on_run.clone(), format!("kubectl describe {target}"));
        Callback::from(move |_: MouseEvent| on_run.emit(command.clone()))
    };
    html! {
        <Dialog key={target.clone()} testid="service-details" label={format!("Service {}", s.name)} on_close={props.on_close.clone()}>
            <header>
                <h3>{&target}</h3>
                <button class="btn icon ghost" onclick={close} aria-label={t(lang, T::Close)}>{"×"}</button>
            </header>
            <dl>
                <dt>{"TYPE"}</dt><dd>{&s.service_type}</dd>
                <dt>{"CLUSTER-IP"}</dt><dd>{&s.cluster_ip}</dd>
                <dt>{"PORT(S)"}</dt><dd>{s.ports.join(", ")}</dd>
                <dt>{"ENDPOINTS"}</dt><dd>{format!("{ready} ready / {}", s.endpoints.len())}</dd>
            </dl>
            <crate::why::WhyBadge subject={target.clone()} namespace="default" cluster={props.cluster.clone()}
                version={props.scene.now_ms / 1000}
                {lang} on_run={props.on_run.clone()} on_select={props.on_select.clone()} />
            <div class="actions">
                <button class="btn" data-testid="describe-service" onclick={describe}>{format!("kubectl describe {target}")}</button>
            </div>
        </Dialog>
    }
}
