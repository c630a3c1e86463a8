//! The inspector: tabs under the stage. The terminal runs the core's kubectl; Objects and
//! Events are live `kubectl get` views of the same cluster.

use std::cell::RefCell;
use std::rc::Rc;

use podscape_core::{kubectl, Cluster};
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::i18n::{t, Lang, T};
use crate::state::{LineKind, Tab, TermLine};

/// The shared cluster, compared by identity (it is the same cluster for the app's lifetime).
#[derive(Clone)]
pub struct SharedCluster(pub Rc<RefCell<Cluster>>);

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
}

#[function_component(Inspector)]
pub fn inspector(props: &InspectorProps) -> Html {
    let lang = props.lang;
    let tabs = [
        (Tab::Terminal, T::Terminal),
        (Tab::Objects, T::Objects),
        (Tab::Events, T::Events),
    ];
    let body = match props.tab {
        Tab::Terminal => html! {
            <Terminal lines={props.terminal.clone()} history={props.history.clone()}
                cluster={props.cluster.clone()} on_run={props.on_run.clone()} {lang} />
        },
        Tab::Objects => view(
            &props.cluster,
            "kubectl get deployments,replicasets,pods,services,endpointslices -o wide",
        ),
        Tab::Events => view(&props.cluster, "kubectl get events"),
    };
    html! {
        <>
            <div class="tabs" role="tablist">
                { for tabs.iter().map(|(tab, label)| {
                    let on_tab = props.on_tab.clone();
                    let tab = *tab;
                    html! {
                        <button role="tab" class={classes!("tab", (tab == props.tab).then_some("active"))}
                            aria-selected={(tab == props.tab).to_string()}
                            data-testid={format!("tab-{}", t(Lang::En, *label).to_lowercase())}
                            onclick={Callback::from(move |_: MouseEvent| on_tab.emit(tab))}>{t(lang, *label)}</button>
                    }
                }) }
            </div>
            <div class="tab-body" role="tabpanel">{ body }</div>
        </>
    }
}

fn view(cluster: &SharedCluster, command: &str) -> Html {
    let output = kubectl::view(&cluster.0.borrow(), command);
    html! {
        <pre class="view" data-testid="view">
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
        Callback::from(move |e: KeyboardEvent| {
            let field: HtmlInputElement = e.target_unchecked_into();
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
                "Tab" => {
                    e.prevent_default();
                    let line = field.value();
                    let options = kubectl::complete(&cluster.0.borrow(), &line);
                    if let Some(common) = common_prefix(&options) {
                        let cut = line.rfind(' ').map_or(0, |i| i + 1);
                        let mut completed = format!("{}{common}", &line[..cut]);
                        if options.len() == 1 {
                            completed.push(' ');
                        }
                        field.set_value(&completed);
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
                    placeholder={t(props.lang, T::TerminalHint)} {onkeydown} />
            </label>
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
