//! The YAML editor: a textarea over a highlighted backdrop, with a line-number gutter that
//! marks lines with diagnostics and a squiggle at each diagnostic's column.
//! Tab indents by two spaces; Ctrl/Cmd+Enter applies.

use std::rc::Rc;

use podscape_core::Diagnostic;

use crate::i18n::{t, Lang, T};
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct EditorProps {
    pub text: String,
    pub diagnostics: Rc<Vec<Diagnostic>>,
    pub lang: Lang,
    pub on_edit: Callback<String>,
    pub on_apply: Callback<()>,
}

#[function_component(Editor)]
pub fn editor(props: &EditorProps) -> Html {
    let gutter = use_node_ref();
    let backdrop = use_node_ref();
    let oninput = {
        let on_edit = props.on_edit.clone();
        Callback::from(move |e: InputEvent| {
            let area: HtmlTextAreaElement = e.target_unchecked_into();
            on_edit.emit(area.value());
        })
    };
    let onkeydown = {
        let on_edit = props.on_edit.clone();
        let on_apply = props.on_apply.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Enter" && (e.ctrl_key() || e.meta_key()) {
                e.prevent_default();
                on_apply.emit(());
            } else if e.key() == "Tab" && !e.shift_key() && !e.ctrl_key() && !e.alt_key() && !e.meta_key() {
                e.prevent_default();
                let area: HtmlTextAreaElement = e.target_unchecked_into();
                let start = area.selection_start().ok().flatten().unwrap_or(0);
                let end = area.selection_end().ok().flatten().unwrap_or(start);
                if area.set_range_text_with_start_and_end("  ", start, end).is_ok() {
                    let _ = area.set_selection_range(start + 2, start + 2);
                    on_edit.emit(area.value());
                }
            }
        })
    };
    let onscroll = {
        let gutter = gutter.clone();
        let backdrop = backdrop.clone();
        Callback::from(move |e: Event| {
            let area: HtmlTextAreaElement = e.target_unchecked_into();
            if let Some(g) = gutter.cast::<web_sys::Element>() {
                g.set_scroll_top(area.scroll_top());
            }
            if let Some(b) = backdrop.cast::<web_sys::Element>() {
                b.set_scroll_top(area.scroll_top());
                b.set_scroll_left(area.scroll_left());
            }
        })
    };
    let lines = props.text.split('\n').count().max(1);
    html! {
        <div class="editor">
            <div class="gutter" ref={gutter} aria-hidden="true">
                { for (1..=lines).map(|n| {
                    let marked = props.diagnostics.iter().find(|d| d.line == n);
                    html! {
                        <div class={classes!("ln", marked.map(|d| if d.is_error() { "ln-error" } else { "ln-warning" }))}
                            title={marked.map(|d| d.message.clone())}>{n}</div>
                    }
                }) }
            </div>
            <div class="code-wrap">
            <pre class="code backdrop" ref={backdrop} aria-hidden="true">
                { crate::highlight::render(&props.text, &props.diagnostics) }
            </pre>
            <textarea
                data-testid="editor"
                class="code input"
                spellcheck="false"
                autocapitalize="off"
                autocomplete="off"
                wrap="off"
                aria-label={t(props.lang, T::EditorLabel)}
                value={props.text.clone()}
                {oninput}
                {onkeydown}
                {onscroll}
            />
            </div>
        </div>
    }
}
