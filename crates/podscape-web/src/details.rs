//! The details of the selected pod or node, and the actions a learner can take on it. Every action is
//! echoed in the terminal as the kubectl command it equals.

use std::rc::Rc;

use podscape_core::Scene;
use yew::prelude::*;

use crate::i18n::{t, Lang, T};
use crate::inspector::SharedCluster;

#[derive(Properties, PartialEq)]
pub struct PodDetailsProps {
    pub pod: String,
    pub scene: Rc<Scene>,
    pub cluster: SharedCluster,
    pub lang: Lang,
    pub on_run: Callback<String>,
    pub on_readiness: Callback<(String, bool)>,
    pub on_close: Callback<()>,
}

#[function_component(PodDetails)]
pub fn pod_details(props: &PodDetailsProps) -> Html {
    let lang = props.lang;
    let Some(pod) = props.scene.pods.iter().find(|p| p.name == props.pod) else {
        return html! {};
    };
    let (labels, failing, events) = {
        let cluster = props.cluster.0.borrow();
        let model = cluster.pods().iter().find(|p| p.name == pod.name);
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
        (labels, model.is_some_and(|p| p.readiness_failing), events)
    };
    let delete = {
        let (on_run, name) = (props.on_run.clone(), pod.name.clone());
        Callback::from(move |_: MouseEvent| on_run.emit(format!("kubectl delete pod {name}")))
    };
    let readiness = {
        let (on_readiness, name) = (props.on_readiness.clone(), pod.name.clone());
        Callback::from(move |_: MouseEvent| on_readiness.emit((name.clone(), !failing)))
    };
    let close = props.on_close.reform(|_: MouseEvent| ());
    html! {
        <aside class="details" data-testid="pod-details" aria-label={format!("Pod {}", pod.name)}>
            <header>
                <h3>{&pod.name}</h3>
                <button class="btn icon ghost" onclick={close} aria-label={t(lang, T::Close)}>{"×"}</button>
            </header>
            <dl>
                <dt>{"STATUS"}</dt><dd>{pod.status}{ if pod.ready { " · Ready" } else { "" } }</dd>
                <dt>{t(lang, T::Address)}</dt><dd>{pod.ip.clone().unwrap_or_else(|| "<none>".into())}</dd>
                <dt>{t(lang, T::Node)}</dt><dd>{pod.node.clone().unwrap_or_else(|| "<none>".into())}</dd>
                <dt>{t(lang, T::Labels)}</dt><dd class="labels">{ for labels.iter().map(|l| html! { <code>{l}</code> }) }</dd>
            </dl>
            if !events.is_empty() {
                <ul class="pod-events">{ for events.iter().map(|e| html! { <li>{e}</li> }) }</ul>
            }
            if !pod.system {
                <p class="muted">{t(lang, T::PodHint)}</p>
                <div class="actions">
                    <button class="btn" data-testid="delete-pod" onclick={delete}>{t(lang, T::DeletePod)}</button>
                    <button class="btn" data-testid="toggle-readiness" onclick={readiness}>
                        { if failing { t(lang, T::FixReadiness) } else { t(lang, T::BreakReadiness) } }
                    </button>
                </div>
            }
        </aside>
    }
}

#[derive(Properties, PartialEq)]
pub struct NodeDetailsProps {
    pub node: String,
    pub scene: Rc<Scene>,
    pub lang: Lang,
    pub on_run: Callback<String>,
    pub on_down: Callback<(String, bool)>,
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
        Callback::from(move |_: MouseEvent| on_run.emit(format!("kubectl {verb} {name}")))
    };
    let toggle_down = {
        let (on_down, name, down) = (props.on_down.clone(), node.name.clone(), node.down);
        Callback::from(move |_: MouseEvent| on_down.emit((name.clone(), !down)))
    };
    let close = props.on_close.reform(|_: MouseEvent| ());
    html! {
        <aside class="details" data-testid="node-details" aria-label={format!("Node {}", node.name)}>
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
                    <button class="btn" data-testid="uncordon" onclick={run("uncordon")}>{"Uncordon"}</button>
                } else {
                    <button class="btn" data-testid="cordon" onclick={run("cordon")}>{"Cordon"}</button>
                }
                <button class="btn" data-testid="drain" onclick={run("drain")}>{"Drain"}</button>
                <button class="btn" data-testid="node-down" onclick={toggle_down}>
                    { if node.down { t(lang, T::StartKubelet) } else { t(lang, T::StopKubelet) } }
                </button>
            </div>
        </aside>
    }
}
