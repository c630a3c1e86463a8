//! The inspector: tabs under the stage. The terminal runs the core's kubectl; Objects and
//! Events are live `kubectl get` views of the same cluster.

use std::cell::{Ref, RefCell};
use std::rc::Rc;

use podscape_core::cluster::{Outcome, CLUSTER_DOMAIN, DNS_IP};
use podscape_core::proxy::{ProxyMode, Verdict};
use podscape_core::session::Session;
use podscape_core::{kubectl, Cluster};
use wasm_bindgen::JsCast;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::i18n::{t, Lang, T};
use crate::state::{LineKind, Tab, TermLine};

/// The session's cluster, for the views that read it live; compared by identity (the app holds
/// one session for its lifetime).
#[derive(Clone)]
pub struct SharedCluster(pub Rc<RefCell<Session>>);

impl SharedCluster {
    pub fn borrow(&self) -> Ref<'_, Cluster> {
        Ref::map(self.0.borrow(), Session::cluster)
    }
}

impl PartialEq for SharedCluster {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

#[derive(Properties, PartialEq)]
pub struct InspectorProps {
    pub tab: Tab,
    pub lang: Lang,
    pub terminal: Rc<Vec<TermLine>>,
    pub history: Rc<Vec<String>>,
    pub cluster: SharedCluster,
    /// Changes whenever what the views show may have changed.
    pub version: u64,
    pub on_run: Callback<String>,
    pub on_tab: Callback<Tab>,
    pub on_mode: Callback<ProxyMode>,
    /// Opens a request's packet walk (an edge of the service map).
    pub on_walk: Callback<u64>,
    pub walk: Option<Rc<podscape_core::cluster::Request>>,
    pub lesson: Option<podscape_core::lesson::Run>,
    pub course: podscape_core::lesson::Course,
    pub share_progress: bool,
    /// The Lesson tab's actions (check, hint, show me, skip, predict, start a lesson).
    pub on_action: Callback<podscape_core::session::Action>,
    /// The frame loop's handle: the Service map redraws on the charts' turn by itself.
    pub motion: crate::state::MotionHandle,
}

#[function_component(Inspector)]
pub fn inspector(props: &InspectorProps) -> Html {
    let lang = props.lang;
    let tabs = [
        (Tab::Lesson, T::Lesson, "lesson"),
        (Tab::Terminal, T::Terminal, "terminal"),
        (Tab::Objects, T::Objects, "objects"),
        (Tab::Events, T::Events, "events"),
        (Tab::Rules, T::Rules, "rules"),
        (Tab::Dns, T::Dns, "dns"),
        (Tab::Map, T::Map, "map"),
        (Tab::Walk, T::Walk, "walk"),
    ];
    let body = match props.tab {
        Tab::Terminal => html! {
            <Terminal lines={props.terminal.clone()} history={props.history.clone()}
                cluster={props.cluster.clone()} on_run={props.on_run.clone()} {lang} />
        },
        // The other tabs' code comes with the module that follows the first paint.
        _ => crate::lazy::tab_body(props).unwrap_or_else(|| {
            html! {
                <p class="loading" aria-busy="true">{"…"}</p>
            }
        }),
    };
    // One Tab stop for the tablist (the selected tab); arrows, Home and End choose and focus
    // a tab, as the WAI-ARIA tabs pattern with automatic activation does.
    let onkeydown = {
        let on_tab = props.on_tab.clone();
        let current = tabs.iter().position(|(tab, ..)| *tab == props.tab).unwrap_or(0);
        Callback::from(move |e: KeyboardEvent| {
            let last = tabs.len() - 1;
            let next = match e.key().as_str() {
                "ArrowRight" => (current + 1) % tabs.len(),
                "ArrowLeft" => (current + last) % tabs.len(),
                "Home" => 0,
                "End" => last,
                _ => return,
            };
            e.prevent_default();
            on_tab.emit(tabs[next].0);
            crate::a11y::focus(&format!("#tab-{}", tabs[next].2));
        })
    };
    let current_id = tabs
        .iter()
        .find(|(tab, ..)| *tab == props.tab)
        .map_or("terminal", |t| t.2);
    html! {
        <>
            <div class="tabs" role="tablist" aria-label={t(lang, T::Inspector)} {onkeydown}>
                { for tabs.iter().map(|(tab, label, id)| {
                    let on_tab = props.on_tab.clone();
                    let tab = *tab;
                    let selected = tab == props.tab;
                    html! {
                        <button role="tab" class={classes!("tab", selected.then_some("active"))}
                            id={format!("tab-{id}")}
                            aria-selected={selected.to_string()}
                            aria-controls="inspector-panel"
                            tabindex={if selected { "0" } else { "-1" }}
                            data-testid={format!("tab-{id}")}
                            onclick={Callback::from(move |_: MouseEvent| on_tab.emit(tab))}>{t(lang, *label)}</button>
                    }
                }) }
            </div>
            <div class="tab-body" role="tabpanel" id="inspector-panel" aria-labelledby={format!("tab-{current_id}")}>{ body }</div>
        </>
    }
}

/// The body of every tab but the terminal (reached only through `lazy::tab_body`).
pub(crate) fn tab_body(props: &InspectorProps) -> Html {
    let lang = props.lang;
    match props.tab {
        Tab::Terminal => html! {},
        Tab::Objects => html! {
            <>
                { crate::why::service_badges(&props.cluster, lang, &props.on_run) }
                { view(
                    &props.cluster,
                    "kubectl get deployments,replicasets,pods,services,endpointslices,ingresses -o wide",
                ) }
            </>
        },
        Tab::Events => view(&props.cluster, "kubectl get events"),
        Tab::Rules => {
            html! { <Rules cluster={props.cluster.clone()} version={props.version} {lang} on_mode={props.on_mode.clone()} /> }
        }
        Tab::Dns => dns(&props.cluster.borrow(), lang),
        Tab::Lesson => html! {
            <crate::lesson_panel::LessonPanel run={props.lesson.clone()} course={props.course.clone()} {lang}
                share_progress={props.share_progress} version={props.version} on_action={props.on_action.clone()} />
        },
        Tab::Map => html! {
            <crate::map::MapView cluster={props.cluster.clone()} version={props.version} on_walk={props.on_walk.clone()} on_run={props.on_run.clone()} motion={props.motion.clone()} {lang} />
        },
        Tab::Walk => html! {
            <WalkView cluster={props.cluster.clone()} version={props.version} walk={props.walk.clone()} on_walk={props.on_walk.clone()} on_run={props.on_run.clone()} {lang} />
        },
    }
}

fn view(cluster: &SharedCluster, command: &str) -> Html {
    let output = kubectl::view(&cluster.borrow(), command);
    html! {
        <pre class="view" data-testid="view" tabindex="0">
            <span class="cmd">{format!("$ {command}\n")}</span>
            {output.stdout}
            <span class="err">{output.stderr}</span>
        </pre>
    }
}

#[derive(Properties, PartialEq)]
struct TerminalProps {
    lines: Rc<Vec<TermLine>>,
    history: Rc<Vec<String>>,
    cluster: SharedCluster,
    on_run: Callback<String>,
    lang: Lang,
}

#[function_component(Terminal)]
fn terminal(props: &TerminalProps) -> Html {
    let input = use_node_ref();
    let scroller = use_node_ref();
    // Position in the history while browsing with ↑/↓; `None` means a fresh line.
    let browsing = use_state(|| None::<usize>);
    // Escape was the last key: Tab and Shift+Tab move focus on instead of completing.
    let released = use_state_eq(|| false);
    {
        let scroller = scroller.clone();
        use_effect_with(props.lines.len(), move |_| {
            if let Some(el) = scroller.cast::<web_sys::Element>() {
                el.set_scroll_top(el.scroll_height());
            }
        });
    }
    let onkeydown = {
        let history = props.history.clone();
        let on_run = props.on_run.clone();
        let cluster = props.cluster.clone();
        let browsing = browsing.clone();
        let released = released.clone();
        Callback::from(move |e: KeyboardEvent| {
            let field: HtmlInputElement = e.target_unchecked_into();
            let was_released = *released;
            if !matches!(e.key().as_str(), "Shift" | "Control" | "Alt" | "Meta") {
                released.set(e.key() == "Escape");
            }
            match e.key().as_str() {
                "Enter" => {
                    on_run.emit(field.value());
                    field.set_value("");
                    browsing.set(None);
                }
                "ArrowUp" | "ArrowDown" if !history.is_empty() => {
                    e.prevent_default();
                    let last = history.len() - 1;
                    let at = match (e.key().as_str(), *browsing) {
                        ("ArrowUp", None) => Some(last),
                        ("ArrowUp", Some(i)) => Some(i.saturating_sub(1)),
                        ("ArrowDown", Some(i)) if i < last => Some(i + 1),
                        _ => None,
                    };
                    field.set_value(at.map(|i| history[i].as_str()).unwrap_or(""));
                    browsing.set(at);
                }
                // Tab completes only when it has something to add; otherwise (and always with
                // Shift, or after Escape) it moves focus as everywhere else.
                "Tab" if !e.shift_key() && !was_released && crate::a11y::is_tab(&e) => {
                    let line = field.value();
                    if line.trim().is_empty() {
                        return;
                    }
                    let options = crate::lazy::complete(&cluster.borrow(), &line).unwrap_or_default();
                    if let Some(common) = common_prefix(&options) {
                        let cut = line.rfind(' ').map_or(0, |i| i + 1);
                        let mut completed = format!("{}{common}", &line[..cut]);
                        if options.len() == 1 && !completed.ends_with(' ') {
                            completed.push(' ');
                        }
                        if completed != line {
                            e.prevent_default();
                            field.set_value(&completed);
                        }
                    }
                }
                _ => {}
            }
        })
    };
    let focus = {
        let input = input.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(i) = input.cast::<HtmlInputElement>() {
                let _ = i.focus();
            }
        })
    };
    let onblur = {
        let released = released.clone();
        Callback::from(move |_: FocusEvent| released.set(false))
    };
    html! {
        <div class="terminal" data-testid="terminal" onclick={focus}>
            <div class="scrollback" ref={scroller} aria-live="polite">
                { for props.lines.iter().map(|l| match l.kind {
                    LineKind::Command => html! { <div class="line cmd">{format!("$ {}", l.text)}</div> },
                    LineKind::Stdout => html! { <div class="line">{&l.text}</div> },
                    LineKind::Stderr => html! { <div class="line err">{&l.text}</div> },
                }) }
            </div>
            <label class="prompt">
                <span aria-hidden="true">{"$"}</span>
                <input ref={input} data-testid="terminal-input" type="text" spellcheck="false" autocomplete="off"
                    autocapitalize="off" aria-label={t(props.lang, T::Terminal)}
                    placeholder={t(props.lang, T::TerminalHint)} {onkeydown} {onblur}
                    aria-describedby="terminal-released" />
            </label>
            <span id="terminal-released" class={classes!("term-released", (!*released).then_some("visually-hidden"))}
                data-testid="terminal-released" aria-live="polite">
                { if *released { t(props.lang, T::TerminalTabReleased) } else { "" } }
            </span>
        </div>
    }
}

/// The longest prefix all completion candidates share.
fn common_prefix(options: &[String]) -> Option<String> {
    let first = options.first()?;
    let mut len = first.len();
    for o in &options[1..] {
        len = len.min(first.bytes().zip(o.bytes()).take_while(|(a, b)| a == b).count());
    }
    Some(first[..len].to_string())
}

#[derive(Properties, PartialEq)]
struct RulesProps {
    cluster: SharedCluster,
    version: u64,
    lang: Lang,
    on_mode: Callback<ProxyMode>,
}

/// A node's kube-proxy rules as its own tool prints them; the lines that routed the last
/// request are highlighted.
#[function_component(Rules)]
fn rules(props: &RulesProps) -> Html {
    let cluster = props.cluster.borrow();
    let nodes: Vec<String> = cluster.nodes().iter().map(|n| n.name.clone()).collect();
    let node = use_state(|| "podscape-worker".to_string());
    let mode = cluster.proxy_mode();
    let text = cluster.render_rules(&node);
    let hits: Vec<String> = cluster
        .traffic()
        .last
        .as_ref()
        .and_then(|r| r.route.as_ref())
        .filter(|r| r.node == *node && r.mode == mode)
        .map(|r| r.steps.iter().map(|s| s.rule.trim().to_string()).collect())
        .unwrap_or_default();
    let on_node = {
        let node = node.clone();
        Callback::from(move |e: Event| {
            node.set(e.target_unchecked_into::<web_sys::HtmlSelectElement>().value())
        })
    };
    let on_mode = {
        let on_mode = props.on_mode.clone();
        Callback::from(move |e: Event| {
            let mode = match e
                .target_unchecked_into::<web_sys::HtmlSelectElement>()
                .value()
                .as_str()
            {
                "ipvs" => ProxyMode::Ipvs,
                "nftables" => ProxyMode::Nftables,
                _ => ProxyMode::Iptables,
            };
            on_mode.emit(mode);
        })
    };
    let modes = [
        (ProxyMode::Iptables, "iptables"),
        (ProxyMode::Ipvs, "ipvs"),
        (ProxyMode::Nftables, "nftables"),
    ];
    // Bring the first matched rule into view when the match (not merely the frame) changes.
    let listing = use_node_ref();
    {
        let listing = listing.clone();
        let key = (hits.first().cloned(), (*node).clone(), format!("{mode:?}"));
        use_effect_with(key, move |_| {
            if let Some(pre) = listing.cast::<web_sys::HtmlElement>() {
                if let Ok(Some(hit)) = pre.query_selector(".rule.hit") {
                    if let Ok(hit) = hit.dyn_into::<web_sys::HtmlElement>() {
                        pre.set_scroll_top((hit.offset_top() - pre.offset_top() - 48).max(0));
                    }
                }
            }
        });
    }
    html! {
        <div class="rules" data-testid="rules">
            <div class="rules-bar">
                <label class="field">{t(props.lang, T::ProxyMode)}
                    <select onchange={on_mode} data-testid="proxy-mode">
                        { for modes.iter().map(|(m, label)| html! { <option value={*label} selected={*m == mode}>{*label}</option> }) }
                    </select>
                </label>
                <label class="field">{t(props.lang, T::Node)}
                    <select onchange={on_node} data-testid="rules-node">
                        { for nodes.iter().map(|n| html! { <option value={n.clone()} selected={*n == *node}>{n}</option> }) }
                    </select>
                </label>
                <code class="cmd">{format!("$ ssh {} {}", *node, mode.render_command())}</code>
            </div>
            <pre class="view" ref={listing} tabindex="0">
                { for text.lines().map(|line| {
                    let hit = !hits.is_empty() && hits.iter().any(|h| line.trim() == h || line.ends_with(h.as_str()));
                    html! { <div class={classes!("rule", hit.then_some("hit"))}>{line}</div> }
                }) }
            </pre>
        </div>
    }
}

/// The records CoreDNS serves for the learner's Services, and the resolv.conf that makes a
/// short name like `image-processor` resolve.
fn dns(cluster: &Cluster, lang: Lang) -> Html {
    let mut rows = vec![vec!["NAME".to_string(), "TYPE".to_string(), "VALUE".to_string()]];
    for s in cluster.services() {
        let fqdn = format!("{}.{}.svc.{CLUSTER_DOMAIN}", s.spec.name, s.spec.namespace);
        if let Some((_, ips)) = cluster.resolve(&fqdn, &s.spec.namespace) {
            for ip in ips {
                let kind = if ip.ends_with('.') { "CNAME" } else { "A" };
                rows.push(vec![fqdn.clone(), kind.into(), ip]);
            }
        }
        for p in s.spec.ports.iter().filter(|p| p.name.is_some()) {
            let name = p.name.clone().unwrap_or_default();
            rows.push(vec![
                format!("_{name}._{}.{fqdn}", p.protocol.to_lowercase()),
                "SRV".into(),
                format!("0 100 {} {fqdn}.", p.port),
            ]);
        }
    }
    html! {
        <pre class="view" data-testid="dns" tabindex="0">
            <span class="cmd">{format!("# {}\n", t(lang, T::ResolvConf))}</span>
            {format!("search default.svc.{CLUSTER_DOMAIN} svc.{CLUSTER_DOMAIN} {CLUSTER_DOMAIN}\nnameserver {DNS_IP}\noptions ndots:5\n\n")}
            <span class="cmd">{format!("# {}\n", t(lang, T::Records))}</span>
            {podscape_core::table::render(&rows)}
        </pre>
    }
}

/// How many of the latest requests the packet walk lists, for a keyboard to choose from.
const RECENT_REQUESTS: usize = 8;

#[derive(Properties, PartialEq)]
struct WalkProps {
    cluster: SharedCluster,
    version: u64,
    walk: Option<Rc<podscape_core::cluster::Request>>,
    /// Walks another request (the one that caused this, or one it caused).
    on_walk: Callback<u64>,
    /// Runs a "Why?" fix in the terminal.
    on_run: Callback<String>,
    lang: Lang,
}

/// The packet walk with the latest requests as buttons: what a click on a moving particle
/// chooses, a keyboard chooses here.
#[function_component(WalkView)]
fn walk_view(props: &WalkProps) -> Html {
    let recent = use_mut_ref(Vec::<podscape_core::cluster::Request>::new);
    let list = use_node_ref();
    // The request chosen here, and the clicked request it overrode (a later click wins).
    let chosen = use_state(|| None::<(u64, Option<u64>)>);
    let cluster = props.cluster.borrow();
    let clicked = props.walk.as_ref().map(|r| r.id);
    // The list stands still while focus is in it, so a button does not move under the key.
    let focus_in = match (list.cast::<web_sys::Element>(), crate::a11y::active()) {
        (Some(list), Some(active)) => list.contains(Some(&active)),
        _ => false,
    };
    if !focus_in {
        if let Some(last) = cluster.traffic().last.as_ref() {
            let mut recent = recent.borrow_mut();
            if recent.iter().all(|r| r.id != last.id) {
                recent.insert(0, last.clone());
                recent.truncate(RECENT_REQUESTS);
            }
        }
    }
    let recent = recent.borrow();
    let picked = (*chosen)
        .filter(|(_, over)| *over == clicked)
        .and_then(|(id, _)| recent.iter().find(|r| r.id == id));
    let shown = picked.or(props.walk.as_deref());
    let shown_id = shown
        .map(|r| r.id)
        .or_else(|| cluster.traffic().last.as_ref().map(|r| r.id));
    html! {
        <div class="walk">
            if !recent.is_empty() {
                <ul class="recent" ref={list} aria-label={t(props.lang, T::RecentRequests)} data-testid="recent-requests">
                    { for recent.iter().map(|r| {
                        let chosen = chosen.clone();
                        let id = r.id;
                        let onclick = Callback::from(move |_: MouseEvent| chosen.set(Some((id, clicked))));
                        let to = match &r.outcome {
                            Some(Outcome::Served { pod, .. }) => pod.rsplit('-').next().unwrap_or(pod).to_string(),
                            Some(Outcome::Refused) => "refused".into(),
                            Some(Outcome::Dropped) => "dropped".into(),
                            Some(Outcome::NoDns) => "no DNS".into(),
                            None => "…".into(),
                        };
                        html! {
                            <li key={id.to_string()}>
                                <button class="btn recent-request" data-testid="recent-request" {onclick}
                                    aria-pressed={(shown_id == Some(id)).to_string()}>
                                    {format!("#{id} {} → {to}", r.service)}
                                </button>
                            </li>
                        }
                    }) }
                </ul>
            }
            { walk(&cluster, shown, &props.on_walk, props.lang) }
            if let Some(id) = shown_id {
                <crate::why::WhyBadge key={id.to_string()} subject={format!("request/{id}")} namespace="default"
                    cluster={props.cluster.clone()} lang={props.lang} on_run={props.on_run.clone()} />
            }
        </div>
    }
}

/// The last request, hop by hop: DNS, the virtual IP, each rule that matched, DNAT, delivery;
/// above it why it failed if an onward request did, below it the requests it belongs to.
fn walk(
    cluster: &Cluster,
    chosen: Option<&podscape_core::cluster::Request>,
    on_walk: &Callback<u64>,
    lang: Lang,
) -> Html {
    // The clicked request, as it is now if still in flight (its route may have been decided
    // since), else as it was; the latest routed request otherwise.
    let live = chosen.and_then(|c| cluster.traffic().in_flight.iter().find(|r| r.id == c.id));
    let Some(request) = live.or(chosen).or(cluster.traffic().last.as_ref()) else {
        return html! { <p class="view muted">{t(lang, T::NoRequestYet)}</p> };
    };
    let frontend = podscape_core::cluster::frontend();
    // Who sent it: a pod (a client loop, a proxy), else the generator's frontend stand-in.
    let (sender, client) = match (request.sender_pod(), request.sender()) {
        (Some(pod), Some(client)) => (format!("pod {pod}"), client),
        _ => ("frontend".to_string(), &frontend),
    };
    let fqdn = format!("{}.{}.svc.{CLUSTER_DOMAIN}", request.service, request.namespace);
    let vip = cluster
        .resolve(&fqdn, &request.namespace)
        .and_then(|(_, ips)| ips.first().cloned())
        .unwrap_or_default();
    let port = cluster
        .service_port(&request.namespace, &request.service)
        .map_or(0, |(p, _)| p);
    let mut hops = vec![
        format!(
            "1. {sender} {} on {} opens http://{}",
            client.ip, client.node, request.service
        ),
        format!(
            "2. DNS: {} → A {vip} (CoreDNS {DNS_IP}, search path of resolv.conf)",
            fqdn
        ),
        format!(
            "3. connect {vip}:{port} — a virtual IP: no interface owns it; kube-proxy's rules on {} catch it",
            client.node
        ),
    ];
    if let Some(route) = &request.route {
        for (i, step) in route.steps.iter().enumerate() {
            hops.push(format!(
                "   {}.{} [{} {}#{}] {}",
                4,
                i + 1,
                step.table,
                step.chain,
                step.index,
                step.rule.trim()
            ));
        }
        hops.push(match (&route.verdict, &request.outcome) {
            (Verdict::Dnat { ip, port, masquerade }, Some(Outcome::Served { pod, .. })) => format!(
                "5. DNAT → {ip}:{port}{} → delivered to pod {pod}; it replies with its name",
                if *masquerade { " (SNAT on the way out)" } else { "" }
            ),
            (Verdict::Reject, _) => {
                "5. REJECT: no endpoints — the client gets \"connection refused\"".to_string()
            }
            (Verdict::Drop, _) => "5. DROP — the client waits until it times out".to_string(),
            _ => "5. no rule matched".to_string(),
        });
    }
    let parent = request.parent.map(|id| (id, cluster.request(id)));
    let onward = cluster.onward_requests(request.id);
    // Decided onward requests the log remembers but no longer holds whole: said, not walkable.
    let gone: Vec<podscape_core::cluster::LoggedCall> = cluster
        .logged_onward(request.id)
        .into_iter()
        .filter(|l| onward.iter().all(|o| o.id != l.id))
        .collect();
    let button = |r: &podscape_core::cluster::Request, testid: &'static str| {
        let id = r.id;
        let from = r
            .sender_pod()
            .map_or_else(|| podscape_core::cluster::caller(r), str::to_string);
        let ending = ending_text(cluster.ending(r).as_ref(), lang);
        let onclick = on_walk.reform(move |_: MouseEvent| id);
        html! {
            <li key={id.to_string()}>
                <button class="btn walk-link" data-testid={testid} {onclick}>
                    {format!("#{id} {from} → {}: {ending}", r.service)}
                </button>
            </li>
        }
    };
    html! {
        <>
            if let Some(why) = failure_sentence(cluster, request, lang) {
                <p class="walk-failure" data-testid="walk-failure" role="status">{format!("✕ {why}")}</p>
            }
            if let Some((id, found)) = parent {
                <div class="walk-tree">
                    <h4>{t(lang, T::WalkCausedBy)}</h4>
                    <ul>
                        { match found {
                            Some(p) => button(p, "walk-parent"),
                            None => html! {
                                <li class="muted" data-testid="walk-parent-gone">
                                    {t(lang, T::WalkParentGone).replace("{id}", &id.to_string())}
                                </li>
                            },
                        } }
                    </ul>
                </div>
            }
            if !onward.is_empty() || !gone.is_empty() {
                <div class="walk-tree">
                    <h4>{t(lang, T::WalkOnward)}</h4>
                    <ul>
                        { for gone.iter().map(|l| {
                            let service = l.service.rsplit('/').next().unwrap_or(&l.service);
                            html! {
                                <li key={l.id.to_string()} class="muted" data-testid="walk-onward-gone">
                                    {format!("{} → {service}: {}", t(lang, T::WalkParentGone).replace("{id}", &l.id.to_string()), ending_text(Some(&l.ending), lang))}
                                </li>
                            }
                        }) }
                        { for onward.iter().map(|r| button(r, "walk-onward")) }
                    </ul>
                </div>
            }
            <pre class="view" data-testid="walk" tabindex="0">
                <span class="cmd">{format!("# {}\n", t(lang, T::WalkIntro))}</span>
                { hops.join("\n") }
            </pre>
        </>
    }
}

/// How a request ended, in words (in flight until decided).
fn ending_text(ending: Option<&podscape_core::cluster::Ending>, lang: Lang) -> String {
    use podscape_core::cluster::Ending;
    match ending {
        None => t(lang, T::EndInFlight).to_string(),
        Some(Ending::Answered) => t(lang, T::EndAnswered).to_string(),
        Some(Ending::Refused) => t(lang, T::EndRefused).to_string(),
        Some(Ending::NotListening(pod)) => t(lang, T::EndNotListening).replace("{pod}", pod),
        Some(Ending::TimedOut) => t(lang, T::EndTimedOut).to_string(),
        Some(Ending::NoDns) => t(lang, T::EndNoDns).to_string(),
        Some(Ending::BadGateway(pod)) => t(lang, T::EndBadGateway).replace("{pod}", pod),
    }
}

/// A failure deep down, said at the top: "web (web-…) answered 502 Bad Gateway: its request to
/// api was refused (no endpoints)", following the chain of proxies down to the first cause.
fn failure_sentence(
    cluster: &Cluster,
    request: &podscape_core::cluster::Request,
    lang: Lang,
) -> Option<String> {
    let Some(podscape_core::cluster::Ending::BadGateway(pod)) = cluster.ending(request) else {
        return None;
    };
    let chain = cluster.failure_chain(request.id);
    let mut text = t(lang, T::WalkAnswered502)
        .replace("{svc}", &request.service)
        .replace("{pod}", &pod);
    for failed in &chain {
        let service = failed.service.rsplit('/').next().unwrap_or(&failed.service);
        text.push_str(": ");
        text.push_str(&t(lang, T::WalkItsRequestTo).replace("{svc}", service));
        text.push(' ');
        text.push_str(&ending_text(Some(&failed.ending), lang));
    }
    Some(text)
}

/// A lesson's text with its `backticked` spans as code, the way the lesson files write them.
pub(crate) fn inline_code(text: &str) -> Html {
    html! {
        { for text.split('`').enumerate().map(|(i, part)| if i % 2 == 1 {
            html! { <code>{part}</code> }
        } else {
            html! { {part} }
        }) }
    }
}
