//! The "Why?" badge: on a failing request's packet walk, a Service with a problem (the Objects
//! tab), a stuck pod's panel and a stuck rollout's. It shows only when the core's diagnosis
//! (`podscape_core::why`) is not healthy; pressed, it discloses the chain from symptom to root,
//! each cause with the objects and fields it names (a click selects a field's line in the
//! editor, or the pod, Deployment or node on the stage) and its evidence, and the fix as one button that runs the command in the terminal,
//! echoed, as `podscape why`'s `Fix:` line prints it. Reached only from lazily loaded views
//! (`lazy::details`, `lazy::tab_body`), so none of it is in the first load.

use podscape_core::why::{self, Diagnosis, Target};
use yew::prelude::*;

use crate::i18n::{why_text as w, Lang, WhyText};
use crate::inspector::SharedCluster;

#[derive(Properties, PartialEq)]
pub struct WhyProps {
    /// `service/web`, `deployment/web`, `pod/web-…`, `request`, or `request/ID` for one request.
    pub subject: String,
    pub namespace: String,
    pub cluster: SharedCluster,
    pub lang: Lang,
    pub on_run: Callback<String>,
    /// Selects an object on the stage (its panel opens), as a click on it does: a pod's name,
    /// `deploy/NAME`, `node/NAME`. Where there is none, those objects are named, not buttons.
    #[prop_or_default]
    pub on_select: Option<Callback<Option<String>>>,
    /// Moves when the cluster may have changed (the objects version, the virtual second): the
    /// badge re-reads the cluster then, not only when its parent's other props change.
    #[prop_or_default]
    pub version: u64,
}

/// The diagnosis of `subject`, read from the cluster now; with the editor's text for line
/// numbers when `lines` (only once the chain is open: the badge alone needs none).
fn diagnosis(props: &WhyProps, lines: bool) -> Option<Diagnosis> {
    let session = props.cluster.0.borrow();
    let cluster = session.cluster();
    let source = lines.then(|| session.text());
    if let Some(id) = props
        .subject
        .strip_prefix("request/")
        .and_then(|i| i.parse::<u64>().ok())
    {
        let r = cluster.request(id)?;
        let ending = cluster
            .ending(r)
            .filter(|e| *e != podscape_core::cluster::Ending::Answered)?;
        let index = why::Index::new(cluster, source);
        let from = podscape_core::cluster::caller(r);
        return Some(index.request_chain(id, &from, &r.namespace, &r.service, ending));
    }
    let target = Target::parse(&props.subject)?;
    Some(why::diagnose(cluster, &target, &props.namespace, source))
}

/// The badge and, once pressed, the chain (nothing when all is well).
#[function_component(WhyBadge)]
pub fn why_badge(props: &WhyProps) -> Html {
    let open = use_state(|| false);
    let Some(d) = diagnosis(props, *open) else {
        return html! {};
    };
    if d.healthy {
        return html! {};
    }
    let lang = props.lang;
    let id = format!("why-{}", props.subject.replace(['/', '.'], "-"));
    let toggle = {
        let open = open.clone();
        Callback::from(move |_: MouseEvent| open.set(!*open))
    };
    let root_code = d.root().map(|c| c.code).unwrap_or("");
    html! {
        <div class="why" data-testid="why" data-subject={props.subject.clone()}>
            <button class="btn why-badge" data-testid="why-badge" data-root={root_code}
                aria-expanded={open.to_string()} aria-controls={id.clone()} onclick={toggle}>
                { w(lang, WhyText::Why) }
            </button>
            if *open {
                <section id={id} class="why-chain" data-testid="why-chain" aria-label={format!("{} {}", w(lang, WhyText::Why), d.subject)}>
                    <ol>
                        { for d.causes.iter().enumerate().map(|(i, c)| cause(props, &d, i, c)) }
                    </ol>
                </section>
            }
        </div>
    }
}

fn cause(props: &WhyProps, d: &Diagnosis, i: usize, c: &why::Cause) -> Html {
    let lang = props.lang;
    let role = match i {
        _ if d.causes.len() == 1 => WhyText::Cause,
        0 => WhyText::Symptom,
        _ if i + 1 == d.causes.len() => WhyText::Root,
        _ => WhyText::Because,
    };
    let message = match lang {
        Lang::Ru => &c.message_ru,
        _ => &c.message,
    };
    let fix = c.fix.clone().map(|command| {
        let on_run = props.on_run.clone();
        let run = command.clone();
        let onclick = Callback::from(move |_: MouseEvent| on_run.emit(run.clone()));
        html! {
            <p class="why-fix">
                <button class="btn" data-testid="why-fix" {onclick} title={command.clone()}>{ w(lang, WhyText::RunFix) }</button>
                <code>{command}</code>
            </p>
        }
    });
    html! {
        <li class="why-cause" data-code={c.code}>
            <p><strong>{ format!("{}: ", w(lang, role)) }</strong><code>{c.code}</code>{" "}{message}</p>
            if !c.objects.is_empty() {
                <ul class="why-objects">
                    { for c.objects.iter().map(|o| object(props, o)) }
                </ul>
            }
            if !c.evidence.is_empty() {
                <pre class="why-evidence" tabindex="0">{ c.evidence.join("\n") }</pre>
            }
            { fix.unwrap_or_default() }
        </li>
    }
}

/// One object a cause names: a button that selects it on the stage (a pod, a Deployment, a
/// node) or, for a field of the learner's YAML, selects that line in the editor.
fn object(props: &WhyProps, o: &why::ObjectRef) -> Html {
    let field = o.field.clone().unwrap_or_default();
    let line = o
        .line
        .map(|l| format!(" ({} {l})", w(props.lang, WhyText::Line)))
        .unwrap_or_default();
    let text = format!("{} {field}{line}", o.reference());
    let stage = match o.kind.as_str() {
        "pod" => Some(o.name.clone()),
        "deployment" => Some(format!("deploy/{}", o.name)),
        "node" => Some(format!("node/{}", o.name)),
        _ => None,
    };
    let onclick = match (o.line, stage, &props.on_select) {
        (Some(line), _, _) => Callback::from(move |_: MouseEvent| highlight_line(line)),
        (None, Some(id), Some(on_select)) => on_select.reform(move |_: MouseEvent| Some(id.clone())),
        _ => return html! { <li><code>{text}</code></li> },
    };
    html! { <li><button class="btn walk-link" data-testid="why-object" {onclick}>{text}</button></li> }
}

/// Selects line `line` (1-based) of the editor's text and moves focus there.
fn highlight_line(line: usize) {
    use wasm_bindgen::JsCast;
    let Some(area) = gloo::utils::document()
        .query_selector("[data-testid=editor]")
        .ok()
        .flatten()
        .and_then(|e| e.dyn_into::<web_sys::HtmlTextAreaElement>().ok())
    else {
        return;
    };
    let value = area.value();
    // Offsets in UTF-16 code units, as the selection counts them.
    let mut start = 0u32;
    let mut end = 0u32;
    let count = value.split('\n').count().max(1);
    for (i, l) in value.split('\n').enumerate() {
        let len = l.encode_utf16().count() as u32;
        if i + 1 == line {
            end = start + len;
            break;
        }
        start += len + 1;
    }
    let _ = area.set_selection_range(start, end.max(start));
    let per_line = area.scroll_height() / i32::try_from(count).unwrap_or(1).max(1);
    area.set_scroll_top(per_line * i32::try_from(line.saturating_sub(3)).unwrap_or(0));
    let _ = area.focus();
}

/// A badge per Service with a problem, for the Objects tab (a plain function, not a component:
/// each component and closure leaves a trampoline in the first load's function table).
pub fn service_badges(cluster: &SharedCluster, lang: Lang, on_run: &Callback<String>) -> Html {
    let sick: Vec<(String, String)> = {
        let cluster = cluster.borrow();
        why::Index::new(&cluster, None)
            .all_services()
            .into_iter()
            .filter(|d| !d.healthy)
            .filter_map(|d| {
                let name = d.subject.strip_prefix("service/")?.to_string();
                let ns = d.causes.first()?.objects.first()?.namespace.clone();
                Some((ns, name))
            })
            .take(16)
            .collect()
    };
    if sick.is_empty() {
        return html! {};
    }
    html! {
        <ul class="why-services" data-testid="why-services" aria-label={w(lang, WhyText::ServicesWithProblems)}>
            { for sick.into_iter().map(|(ns, name)| html! {
                <li key={format!("{ns}/{name}")}>
                    <span>{format!("service/{name}")}</span>
                    <WhyBadge subject={format!("service/{name}")} namespace={ns} cluster={cluster.clone()}
                        {lang} on_run={on_run.clone()} />
                </li>
            }) }
        </ul>
    }
}
