//! Podscape's browser app. It renders the core's state and forwards the learner's intents; all
//! simulation lives in `podscape-core`.

mod a11y;
mod app;
mod challenges;
mod details;
mod editor;
mod export;
pub mod highlight;
pub mod i18n;
pub mod idle;
mod inspector;
mod lazy;
mod lesson_panel;
mod map;
mod stage;
pub mod state;
mod timeline;
mod why;

pub use app::{App, KEY_GUARD, KEY_RECOVERED, KEY_STATE};
pub use state::{Action, Playground, Start};

/// Mounts the playground into `<body>`.
pub fn start() {
    // A panic aborts (the release build traps): no Rust runs after it. The hook logs it and
    // tells the page (web/index.html's `podscapeCrashed`), which shows what happened and a
    // reload; the learner's text was stored after its last edit.
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        let window = js_sys::global();
        if let Ok(show) = js_sys::Reflect::get(&window, &"podscapeCrashed".into()) {
            if let Some(show) = wasm_bindgen::JsCast::dyn_ref::<js_sys::Function>(&show) {
                let _ = show.call1(&window, &info.to_string().into());
            }
        }
    }));
    yew::Renderer::<App>::new().render();
    // The page's shell (web/index.html), painted before the wasm arrived, goes in the same task
    // as the app's first render (Yew renders in a microtask, before the next frame): the learner
    // sees one page replace the other, never both, never neither.
    if let Some(shell) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("shell"))
    {
        shell.remove();
    }
}
