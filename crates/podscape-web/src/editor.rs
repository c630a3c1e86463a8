//! The YAML editor: a textarea over a highlighted backdrop, with a line-number gutter that
//! marks lines with diagnostics and a squiggle at each diagnostic's column.
//! Tab indents by two spaces; Ctrl/Cmd+Enter applies. As in code editors, Escape then Tab (or
//! Shift+Tab) moves focus on, and a setting lets Tab always move focus: no keyboard trap.

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
    /// Undo (`false`) or redo (`true`): the editor's own history, which also covers the edits
    /// the textarea's native undo cannot see.
    pub on_history: Callback<bool>,
    /// Put the caret here (a byte offset into `text`) when the sequence number changes.
    pub caret: Option<(u64, usize)>,
}

/// Where the "Tab moves focus" setting is kept: the editor's own, a browser preference rather
/// than part of a playground's shared state.
const KEY_TAB_FOCUS: &str = "podscape.tabMovesFocus";

fn stored_tab_focus() -> bool {
    web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .and_then(|s| s.get_item(KEY_TAB_FOCUS).ok().flatten())
        .is_some_and(|v| v == "1")
}

#[function_component(Editor)]
pub fn editor(props: &EditorProps) -> Html {
    // Escape was the last key: the next Tab or Shift+Tab leaves the editor.
    let released = use_state_eq(|| false);
    let tab_focus = use_state_eq(stored_tab_focus);
    let gutter = use_node_ref();
    let backdrop = use_node_ref();
    let area_ref = use_node_ref();
    {
        let area_ref = area_ref.clone();
        let text = props.text.clone();
        use_effect_with(props.caret, move |caret| {
            if let (Some((_, at)), Some(area)) = (caret, area_ref.cast::<HtmlTextAreaElement>()) {
                // The textarea counts UTF-16 code units.
                let at = text.get(..*at).map_or(0, |t| t.encode_utf16().count()) as u32;
                let _ = area.set_selection_range(at, at);
            }
        });
    }
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
        let on_history = props.on_history.clone();
        let (released, tab_focus) = (released.clone(), *tab_focus);
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Escape" {
                released.set(true);
                return;
            }
            if crate::a11y::is_tab(&e) && (*released || tab_focus) {
                // Leave the browser's own Tab: focus moves on (or back with Shift).
                released.set(false);
                return;
            }
            if !matches!(e.key().as_str(), "Shift" | "Control" | "Alt" | "Meta") {
                released.set(false);
            }
            let command = e.ctrl_key() || e.meta_key();
            let key = e.key().to_lowercase();
            if e.key() == "Enter" && command {
                e.prevent_default();
                on_apply.emit(());
            } else if command && !e.alt_key() && (key == "z" || (key == "y" && !e.shift_key())) {
                e.prevent_default();
                on_history.emit(key == "y" || e.shift_key());
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
    let onblur = {
        let released = released.clone();
        Callback::from(move |_: FocusEvent| released.set(false))
    };
    let on_tab_focus = {
        let tab_focus = tab_focus.clone();
        Callback::from(move |e: Event| {
            let on = e.target_unchecked_into::<web_sys::HtmlInputElement>().checked();
            if let Some(storage) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
                let _ = storage.set_item(KEY_TAB_FOCUS, if on { "1" } else { "0" });
            }
            tab_focus.set(on);
        })
    };
    let lang = props.lang;
    let lines = props.text.split('\n').count().max(1);
    let marks = crate::highlight::first_per_line(lines, &props.diagnostics);
    html! {
        <>
        <div class="editor" id="editor">
            <div class="gutter" ref={gutter} aria-hidden="true">
                { for marks.into_iter().enumerate().map(|(i, marked)| {
                    let n = i + 1;
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
                ref={area_ref}
                class="code input"
                spellcheck="false"
                autocapitalize="off"
                autocomplete="off"
                wrap="off"
                aria-label={t(lang, T::EditorLabel)}
                aria-describedby="editor-hint"
                value={props.text.clone()}
                {oninput}
                {onkeydown}
                {onscroll}
                {onblur}
            />
            </div>
        </div>
        <div class="editor-hint">
            <span id="editor-hint" data-testid="editor-hint" class={classes!((*released).then_some("released"))} aria-live="polite">
                { if *tab_focus { "" } else if *released { t(lang, T::EditorTabReleased) } else { t(lang, T::EditorTabHint) } }
            </span>
            <label class="field">
                <input type="checkbox" data-testid="tab-moves-focus" checked={*tab_focus} onchange={on_tab_focus} />
                {t(lang, T::TabMovesFocus)}
            </label>
        </div>
        </>
    }
}
