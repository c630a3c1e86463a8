//! Podscape's browser app. It renders the core's state and forwards the learner's intents; all
//! simulation lives in `podscape-core`.

mod app;
mod details;
mod editor;
pub mod highlight;
pub mod i18n;
mod inspector;
mod lazy;
mod stage;
pub mod state;

pub use app::{App, KEY_STATE};
pub use state::{Action, Playground, Start};

/// Mounts the playground into `<body>`.
pub fn start() {
    console_error_panic_hook::set_once();
    yew::Renderer::<App>::new().render();
}
