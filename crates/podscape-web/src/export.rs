//! "Run on a real cluster": the playground's state (the editor's manifests, kube-proxy's mode,
//! the commands run so far) as the bash script of `podscape export kind`, to copy or download,
//! with a few words on what it does. A dialog (the details panels' frame: focus moves in, Tab
//! stays inside, Escape closes, focus returns); reached only through `lazy::export_dialog`.

use std::rc::Rc;

use podscape_core::export::{kind_script, Source};
use podscape_core::proxy::ProxyMode;
use wasm_bindgen::JsCast;
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

/// The dialog for `session`'s state, closed through `open`; reached only through
/// `lazy::export_dialog` (so even gathering its props loads with it).
pub(crate) fn panel(session: &podscape_core::session::Session, open: UseStateSetter<bool>) -> Html {
    html! {
        <ExportDialog text={session.text().to_string()} history={session.history().clone()}
            mode={session.cluster().proxy_mode()} lang={session.lang()}
            on_close={Callback::from(move |()| open.set(false))} />
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
    let on_download = {
        let script = script.clone();
        Callback::from(move |_: MouseEvent| download(&script))
    };
    let close = p.on_close.reform(|_: MouseEvent| ());
    html! {
        <Dialog testid="export" class="export-dialog" label={t(lang, T::RunOnKind).to_string()} on_close={p.on_close.clone()}>
            <header>
                <h3>{t(lang, T::RunOnKind)}</h3>
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
                <button class="btn" data-testid="export-download" onclick={on_download}>{export_text(lang, E::Download)}</button>
            </div>
        </Dialog>
    }
}

/// Saves `script` as [`FILE`] through a temporary link to a Blob.
fn download(script: &str) {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(script));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("text/x-shellscript");
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else {
        return;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return;
    };
    let document = gloo::utils::document();
    if let Some(link) = document
        .create_element("a")
        .ok()
        .and_then(|e| e.dyn_into::<web_sys::HtmlAnchorElement>().ok())
    {
        link.set_href(&url);
        link.set_download(FILE);
        link.click();
    }
    let _ = web_sys::Url::revoke_object_url(&url);
}
