//! "Run on a real cluster": the playground's state (the editor's manifests, kube-proxy's mode,
//! the commands run so far) as the bash script of `podscape export kind`, to copy or download,
//! with a few words on what it does. A dialog (the details panels' frame: focus moves in, Tab
//! stays inside, Escape closes, focus returns); reached only through `lazy::export_dialog`.

use std::rc::Rc;

use podscape_core::export::{kind_script, Source};
use podscape_core::proxy::ProxyMode;
use yew::prelude::*;

use crate::details::Dialog;
use crate::i18n::{export_text, t, Lang, E, T};
use crate::state::EDITOR_FILE;

/// What the app hands to the dialog.
#[derive(PartialEq, Properties)]
pub struct ExportPanel {
    pub text: String,
    pub history: Rc<Vec<String>>,
    pub mode: ProxyMode,
    pub lang: Lang,
    pub on_close: Callback<()>,
}

/// The header's button, and the dialog for `session`'s state while `open`; reached only through
/// `lazy::export_ui`, so the button, its words and the dialog load with the second module (the
/// button appears when it arrives, like the inspector's tabs).
pub(crate) fn ui(session: &podscape_core::session::Session, open: UseStateHandle<bool>) -> Html {
    let lang = session.lang();
    let on_open = {
        let open = open.clone();
        Callback::from(move |_: MouseEvent| open.set(true))
    };
    html! {
        <>
            <button class="btn" data-testid="run-on-kind" onclick={on_open}
                title={export_text(lang, E::RunOnKind)}>{export_text(lang, E::RunOnKindShort)}</button>
            if *open {
                // Into the app's root, not the header: the header's backdrop filter would make
                // it the fixed dialog's containing block and stacking context.
                { portal(html! {
                    <ExportDialog text={session.text().to_string()} history={session.history().clone()}
                        mode={session.cluster().proxy_mode()} {lang}
                        on_close={Callback::from(move |()| open.set(false))} />
                }) }
            }
        </>
    }
}

/// The script for the state: the editor's text applied as the page applies it, then the
/// commands in the order they ran.
pub fn script_for(text: &str, history: &[String], mode: ProxyMode) -> String {
    let source = Source {
        manifests: vec![(EDITOR_FILE.to_string(), text.to_string())],
        script: history.join("\n"),
        mode,
        ..Source::default()
    };
    kind_script(&source).unwrap_or_else(|err| format!("# podscape: {err}\n"))
}

/// `dialog` rendered into the app's root element (the page's body if there is none).
fn portal(dialog: Html) -> Html {
    let document = gloo::utils::document();
    match document.query_selector(".app").ok().flatten() {
        Some(host) => create_portal(dialog, host),
        None => create_portal(dialog, gloo::utils::body().into()),
    }
}

/// The file a browser saves.
const FILE: &str = "podscape-kind.sh";

#[function_component(ExportDialog)]
fn export_dialog(p: &ExportPanel) -> Html {
    let lang = p.lang;
    let script = use_memo(
        (p.text.clone(), p.history.clone(), p.mode),
        |(text, history, mode)| script_for(text, history, *mode),
    );
    let copied = use_state(|| false);
    let on_copy = {
        let (script, copied) = (script.clone(), copied.clone());
        Callback::from(move |_: MouseEvent| {
            if let Some(window) = web_sys::window() {
                // The promise settles later; the button says it was asked (a refused clipboard
                // still leaves Download and the text, which can be selected).
                let _ = window.navigator().clipboard().write_text(&script);
                copied.set(true);
            }
        })
    };
    let href = use_memo(script.clone(), |script| data_url(script));
    let close = p.on_close.reform(|_: MouseEvent| ());
    html! {
        <Dialog testid="export" class="export-dialog" label={export_text(lang, E::RunOnKind).to_string()} on_close={p.on_close.clone()}>
            <header>
                <h3>{export_text(lang, E::RunOnKind)}</h3>
                <button class="btn icon ghost" onclick={close} aria-label={t(lang, T::Close)}>{"×"}</button>
            </header>
            <p class="muted">{export_text(lang, E::What)}</p>
            <p class="muted">{export_text(lang, E::Back)}</p>
            <pre class="export-script" data-testid="export-script" tabindex="0"
                aria-label={export_text(lang, E::Script)}>{(*script).clone()}</pre>
            <div class="actions">
                <button class="btn btn-primary" data-testid="export-copy" onclick={on_copy}>
                    { if *copied { export_text(lang, E::Copied) } else { export_text(lang, E::Copy) } }
                </button>
                <a class="btn" data-testid="export-download" href={(*href).clone()} download={FILE}>{export_text(lang, E::Download)}</a>
            </div>
        </Dialog>
    }
}

/// `script` as a `data:` URL for the Download link (percent-encoded: every byte but the
/// unreserved ones). A link rather than a Blob: no new browser bindings in the first load (the
/// glue that declares them loads with the page, whoever calls them).
fn data_url(script: &str) -> String {
    let mut url = String::with_capacity(script.len() * 2 + 40);
    url.push_str("data:text/x-shellscript;charset=utf-8,");
    for b in script.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            url.push(char::from(b));
        } else {
            url.push_str(&format!("%{b:02X}"));
        }
    }
    url
}

#[cfg(test)]
mod tests {
    use wasm_bindgen_test::wasm_bindgen_test;
    wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

    #[wasm_bindgen_test]
    fn the_data_url_escapes_all_but_unreserved_bytes() {
        assert_eq!(
            super::data_url("a b\n#é"),
            "data:text/x-shellscript;charset=utf-8,a%20b%0A%23%C3%A9"
        );
    }
}
