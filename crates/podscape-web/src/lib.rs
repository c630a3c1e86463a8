//! Podscape's browser app. It renders the core's state and forwards the learner's intents; all
//! simulation lives in `podscape-core`.

mod app;
mod editor;
mod stage;
mod state;

pub use app::App;
pub use state::{Action, Playground};

/// Mounts the playground into `<body>`.
pub fn start() {
    console_error_panic_hook::set_once();
    yew::Renderer::<App>::new().render();
}
