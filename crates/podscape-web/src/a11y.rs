//! Keyboard access shared by the panes: what can take focus inside an element (for the details
//! dialog's focus trap), moving focus by selector, and the page's skip links.

use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};
use yew::prelude::*;

use crate::i18n::{t, Lang, T};

/// What Tab can reach, as browsers decide it for the elements Podscape draws.
const FOCUSABLE: &str = "button:not([disabled]), a[href], input:not([disabled]), select:not([disabled]), \
                         textarea:not([disabled]), [tabindex]:not([tabindex='-1'])";

/// An element as something that can take focus: `focus()` is shared by HTML and SVG elements
/// (the stage's nodes and pods are SVG), and web-sys calls it by name.
pub fn focusable(e: Element) -> HtmlElement {
    e.unchecked_into()
}

/// The elements inside `root` that Tab reaches, in document order.
pub fn focusables(root: &Element) -> Vec<HtmlElement> {
    let Ok(list) = root.query_selector_all(FOCUSABLE) else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|i| list.item(i)?.dyn_into::<Element>().ok().map(focusable))
        .collect()
}

/// Focuses the first element matching `selector`; `false` when there is none.
pub fn focus(selector: &str) -> bool {
    gloo::utils::document()
        .query_selector(selector)
        .ok()
        .flatten()
        .is_some_and(|e| focusable(e).focus().is_ok())
}

/// The element that has focus, if it is an element of the page (not the body).
pub fn active() -> Option<HtmlElement> {
    let document = gloo::utils::document();
    let active = document.active_element()?;
    if document.body().is_some_and(|b| b.is_same_node(Some(&active))) {
        return None;
    }
    Some(focusable(active))
}

/// Whether a key press is a plain Tab or Shift+Tab (no other modifier).
pub fn is_tab(e: &KeyboardEvent) -> bool {
    e.key() == "Tab" && !e.ctrl_key() && !e.alt_key() && !e.meta_key()
}

#[derive(Properties, PartialEq)]
pub struct SkipLinksProps {
    pub lang: Lang,
    /// Shows the terminal's tab, so its prompt exists to be focused.
    pub on_terminal: Callback<()>,
}

/// Links past the header to the stage, the editor and the terminal: hidden until focused, the
/// first stops of the page. They move focus themselves: the URL's fragment is the playground's
/// shared state, so an anchor must not change it.
#[function_component(SkipLinks)]
pub fn skip_links(props: &SkipLinksProps) -> Html {
    let lang = props.lang;
    let go = |selector: &'static str, before: Option<Callback<()>>| {
        Callback::from(move |e: MouseEvent| {
            e.prevent_default();
            if let Some(before) = &before {
                before.emit(());
                // The tab renders on the next tick of Yew's scheduler.
                gloo::timers::callback::Timeout::new(0, move || {
                    focus(selector);
                })
                .forget();
            } else {
                focus(selector);
            }
        })
    };
    html! {
        <nav class="skip-links" aria-label={t(lang, T::SkipLinks)}>
            <a href="#stage" data-testid="skip-stage" onclick={go("[data-stage-item][tabindex='0']", None)}>{t(lang, T::SkipToStage)}</a>
            <a href="#editor" data-testid="skip-editor" onclick={go("[data-testid=editor]", None)}>{t(lang, T::SkipToEditor)}</a>
            <a href="#inspector-panel" data-testid="skip-terminal"
                onclick={go("[data-testid=terminal-input]", Some(props.on_terminal.clone()))}>{t(lang, T::SkipToTerminal)}</a>
        </nav>
    }
}

/// Whether the CSS media query matches, following it as the window changes: the panes' DOM
/// order follows the layout the stylesheet chooses, so focus order is the visual order.
#[hook]
pub fn use_media(query: &'static str) -> bool {
    let list = web_sys::window().and_then(|w| w.match_media(query).ok().flatten());
    let matches = use_state_eq(|| list.as_ref().is_some_and(|l| l.matches()));
    {
        let matches = matches.clone();
        use_effect_with(query, move |_| {
            let listener = list.map(|list| {
                let target = list.clone();
                gloo::events::EventListener::new(&target, "change", move |_| matches.set(list.matches()))
            });
            move || drop(listener)
        });
    }
    *matches
}
