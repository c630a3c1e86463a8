//! The app in a real browser (headless Chromium): it mounts, shows the default scenario, and
//! redraws the stage after an apply. Queries go by `data-testid`; nothing waits on wall time
//! except yielding to Yew's scheduler between interactions.

use podscape_web::App;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, HtmlTextAreaElement};

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> web_sys::Document {
    gloo::utils::document()
}

/// Mounts a fresh app into its own container and returns the container.
async fn mount() -> Element {
    let root = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&root).unwrap();
    yew::Renderer::<App>::with_root(root.clone()).render();
    settle().await;
    root
}

/// Lets Yew's scheduler run the renders queued by the last interaction.
async fn settle() {
    gloo::timers::future::TimeoutFuture::new(0).await;
}

fn query(root: &Element, selector: &str) -> Element {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no {selector}"))
}

fn count(root: &Element, selector: &str) -> u32 {
    root.query_selector_all(selector).unwrap().length()
}

async fn type_text(root: &Element, text: &str) {
    let editor: HtmlTextAreaElement = query(root, "[data-testid=editor]").dyn_into().unwrap();
    editor.set_value(text);
    let event = web_sys::InputEvent::new("input").unwrap();
    editor.dispatch_event(&event).unwrap();
    settle().await;
}

async fn apply(root: &Element) {
    let button: HtmlElement = query(root, "[data-testid=apply]").dyn_into().unwrap();
    button.click();
    settle().await;
}

#[wasm_bindgen_test]
async fn mounts_with_the_default_scenario() {
    let root = mount().await;
    let editor: HtmlTextAreaElement = query(&root, "[data-testid=editor]").dyn_into().unwrap();
    assert_eq!(editor.value(), podscape_core::scenario::DEFAULT_YAML);
    assert_eq!(count(&root, "[data-testid=stage] [data-testid=pod]"), 3);
    assert_eq!(count(&root, "[data-testid=service]"), 1);
    let pod = query(&root, "[data-testid=pod]");
    assert!(pod.get_attribute("data-phase").is_some());
    assert!(matches!(
        pod.get_attribute("data-ready").as_deref(),
        Some("true" | "false")
    ));
}

#[wasm_bindgen_test]
async fn applying_five_replicas_draws_five_pods() {
    let root = mount().await;
    let text = podscape_core::scenario::DEFAULT_YAML.replace("replicas: 3", "replicas: 5");
    type_text(&root, &text).await;
    apply(&root).await;
    assert_eq!(count(&root, "[data-testid=pod]"), 5);
    assert!(query(&root, "[data-testid=terminal]")
        .text_content()
        .unwrap()
        .contains("deployment.apps/image-processor configured"));
}

#[wasm_bindgen_test]
async fn a_syntax_error_shows_line_and_column_and_changes_nothing() {
    let root = mount().await;
    let text = podscape_core::scenario::DEFAULT_YAML.replace("  replicas: 3", "  replicas: 5\n   oops: [");
    type_text(&root, &text).await;
    let expected = &podscape_core::manifest::parse(&text).diagnostics[0];
    let shown = query(&root, "[data-testid=diagnostics]").text_content().unwrap();
    assert!(
        shown.contains(&format!("{}:{}", expected.line, expected.column)),
        "{shown}"
    );
    apply(&root).await;
    assert_eq!(count(&root, "[data-testid=pod]"), 3);
    // The learner's text is never lost, even when it does not parse.
    let editor: HtmlTextAreaElement = query(&root, "[data-testid=editor]").dyn_into().unwrap();
    assert_eq!(editor.value(), text);
}
