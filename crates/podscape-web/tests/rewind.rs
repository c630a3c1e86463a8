//! Rewind in a real browser: the timeline's scrubber shows the past on the stage and in the
//! inspector's tabs, acting there offers a branch, undo brings the future back, Live returns.

use podscape_web::App;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, HtmlInputElement, KeyboardEvent, KeyboardEventInit};

wasm_bindgen_test_configure!(run_in_browser);

async fn settle() {
    gloo::timers::future::TimeoutFuture::new(0).await;
}

thread_local! {
    /// The running test's app; the previous one is destroyed first.
    static CURRENT: std::cell::RefCell<Option<yew::AppHandle<App>>> = const { std::cell::RefCell::new(None) };
}

async fn mount() -> Element {
    mount_at("#").await
}

/// A fresh app at this URL fragment (a share link), nothing stored.
async fn mount_at(fragment: &str) -> Element {
    if let Some(previous) = CURRENT.with(|c| c.borrow_mut().take()) {
        previous.destroy();
        settle().await;
    }
    <gloo::storage::LocalStorage as gloo::storage::Storage>::clear();
    let _ = gloo::utils::window().history().unwrap().replace_state_with_url(
        &wasm_bindgen::JsValue::NULL,
        "",
        Some(fragment),
    );
    let document = gloo::utils::document();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    let handle = yew::Renderer::<App>::with_root(root.clone()).render();
    CURRENT.with(|c| *c.borrow_mut() = Some(handle));
    settle().await;
    root
}

fn query(root: &Element, selector: &str) -> Element {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no {selector}"))
}

fn count(root: &Element, selector: &str) -> u32 {
    root.query_selector_all(selector).unwrap().length()
}

async fn click(root: &Element, testid: &str) {
    let button: HtmlElement = query(root, &format!("[data-testid={testid}]"))
        .dyn_into()
        .unwrap();
    button.click();
    settle().await;
}

async fn type_line(root: &Element, line: &str) {
    let input: HtmlInputElement = query(root, "[data-testid=terminal-input]").dyn_into().unwrap();
    input.set_value(line);
    let init = KeyboardEventInit::new();
    init.set_key("Enter");
    init.set_bubbles(true);
    init.set_cancelable(true);
    input
        .dispatch_event(&KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap())
        .unwrap();
    settle().await;
}

/// Drags the scrubber to `value` (what a drag or an arrow key does: an input event).
async fn scrub(root: &Element, value: &str) {
    let scrubber: HtmlInputElement = query(root, "[data-testid=scrubber]").dyn_into().unwrap();
    scrubber.set_value(value);
    scrubber
        .dispatch_event(&web_sys::InputEvent::new("input").unwrap())
        .unwrap();
    settle().await;
}

/// The READY column of the Deployment's row in the Objects tab.
fn deployment_ready(root: &Element) -> String {
    let view = query(root, "[data-testid=view]").text_content().unwrap();
    view.lines()
        .find(|l| l.starts_with("deployment.apps/image-processor"))
        .and_then(|l| l.split_whitespace().nth(1))
        .unwrap_or_else(|| panic!("{view}"))
        .to_string()
}

#[wasm_bindgen_test]
async fn scrubbing_back_shows_the_past_everywhere_and_a_branch_can_be_undone() {
    let root = mount().await;
    click(&root, "play").await; // pause: only steps move the clock
    for _ in 0..10 {
        click(&root, "step").await;
    }
    let scrubber: HtmlInputElement = query(&root, "[data-testid=scrubber]").dyn_into().unwrap();
    let before = scrubber.max();
    type_line(&root, "kubectl scale deployment/image-processor --replicas=5").await;
    for _ in 0..8 {
        click(&root, "step").await;
    }
    assert_eq!(count(&root, "[data-testid=pod]"), 6);
    click(&root, "tab-objects").await;
    assert_eq!(deployment_ready(&root), "5/5");
    assert!(
        count(&root, "[data-testid=timeline] .mark") > 0,
        "markers are drawn"
    );
    // The marker list is drawn once opened (the browser's toggle event, a task later).
    assert_eq!(count(&root, ".mark-item"), 0, "closed: not drawn");
    query(&root, ".marker-list").set_attribute("open", "").unwrap();
    for _ in 0..40 {
        if count(&root, ".mark-item") > 0 {
            break;
        }
        gloo::timers::future::TimeoutFuture::new(25).await;
    }
    assert!(count(&root, ".mark-item") > 0, "open: the markers are listed");
    query(&root, ".marker-list").remove_attribute("open").unwrap();
    for _ in 0..40 {
        if count(&root, ".mark-item") == 0 {
            break;
        }
        gloo::timers::future::TimeoutFuture::new(25).await;
    }
    assert_eq!(count(&root, ".mark-item"), 0, "closed again");

    // Back to the moment before the scale: the stage and the tab show it, the banner says so.
    scrub(&root, &before).await;
    let banner = query(&root, "[data-testid=past-banner]").text_content().unwrap();
    assert!(banner.contains("Viewing the past"), "{banner}");
    assert_eq!(count(&root, "[data-testid=pod]"), 4);
    assert_eq!(deployment_ready(&root), "3/3");
    // The past held still: the stage's glyphs do not animate; replaying it moves them again.
    assert_eq!(count(&root, "[data-testid=stage-wrap].still"), 1);
    click(&root, "replay").await;
    assert_eq!(count(&root, "[data-testid=stage-wrap].still"), 0);
    click(&root, "replay-stop").await;
    assert_eq!(count(&root, "[data-testid=stage-wrap].still"), 1);
    scrub(&root, &before).await;

    // Acting there waits for a branch; branching runs it; undo brings the future back.
    click(&root, "tab-terminal").await;
    type_line(&root, "kubectl scale deployment/image-processor --replicas=1").await;
    assert!(query(&root, "[data-testid=notice]")
        .text_content()
        .unwrap()
        .contains("branch"));
    assert_eq!(count(&root, "[data-testid=pod]"), 4, "nothing ran yet");
    click(&root, "branch").await;
    assert_eq!(count(&root, "[data-testid=past-banner]"), 0);
    let terminal = query(&root, "[data-testid=terminal]").text_content().unwrap();
    assert!(
        terminal.contains("deployment.apps/image-processor scaled"),
        "{terminal}"
    );
    click(&root, "undo-branch").await;
    click(&root, "tab-objects").await;
    assert_eq!(deployment_ready(&root), "5/5");
    assert_eq!(count(&root, "[data-testid=pod]"), 6);

    // Back again, then Live.
    scrub(&root, &before).await;
    assert_eq!(deployment_ready(&root), "3/3");
    click(&root, "live").await;
    assert_eq!(count(&root, "[data-testid=past-banner]"), 0);
    assert_eq!(count(&root, "[data-testid=stage-wrap].still"), 0);
    assert_eq!(deployment_ready(&root), "5/5");
}

/// A trainer's "look at this moment": the link replays the session's inputs and shows the
/// moment before the scale; Live shows its present.
#[wasm_bindgen_test]
async fn a_shared_moment_opens_on_that_moment() {
    use podscape_core::share::{encode, Shared, LINK};
    let mut inputs = "a 1000\n".repeat(10);
    inputs.push_str("k kubectl scale deployment/image-processor --replicas=5\n");
    inputs.push_str(&"a 1000\n".repeat(10));
    let fragment = encode(
        &Shared {
            yaml: Some(podscape_core::scenario::DEFAULT_YAML.to_string()),
            rewind: Some(inputs),
            at_ms: Some(9_000),
            ..Shared::default()
        },
        LINK,
    )
    .unwrap();
    let decoded = podscape_core::share::decode(&fragment, LINK).unwrap();
    assert!(decoded.rewind.is_some() && decoded.at_ms == Some(9_000));
    let root = mount_at(&format!("#{fragment}")).await;
    // The link's inputs replay once the app's first effects have run.
    for _ in 0..20 {
        settle().await;
    }
    let banner = query(&root, "[data-testid=past-banner]").text_content().unwrap();
    assert!(banner.contains("11s"), "ten seconds before the present: {banner}");
    assert_eq!(count(&root, "[data-testid=pod]"), 4);
    assert!(
        count(&root, "[data-testid=timeline] .mark.mk-mutation") >= 1,
        "the scale is a marker"
    );
    click(&root, "live").await;
    assert_eq!(count(&root, "[data-testid=pod]"), 6);
}

/// Looking back, the page's idle time makes checkpoints before the moment shown
/// (`podscape_web::idle`): a seek a few seconds back then replays about a second, not a
/// snapshot's gap, and what is shown does not change.
#[wasm_bindgen_test]
async fn the_pages_idle_time_warms_the_seeks_back() {
    use podscape_core::session::{Action, Session, Start};
    use podscape_web::state::Lazy;
    use std::{cell::RefCell, rc::Rc};
    let session = Rc::new(RefCell::new(Session::new(&Lazy, Start::default())));
    {
        let mut s = session.borrow_mut();
        for _ in 0..60 {
            s.apply(&Lazy, Action::Step(1_000));
        }
        let live = s.live_ms();
        s.apply(&Lazy, Action::Seek(live - 1_000));
    }
    let shown = session.borrow().cluster().now_ms();
    let replayed = |t: u64| t - session.borrow().rewind_replays_from(t).expect("looking back");
    // A moment a few seconds back that a seek would reach from a snapshot further back.
    let target = (2..15)
        .map(|s| shown - s * 1_000)
        .find(|&t| replayed(t) > 2_000)
        .expect("a moment past the seek's own checkpoints");
    podscape_web::idle::Idle::new(session.clone()).wake();
    for _ in 0..60 {
        if replayed(target) <= 2_000 {
            break;
        }
        gloo::timers::future::TimeoutFuture::new(50).await;
    }
    assert!(replayed(target) <= 2_000, "{} ms replayed", replayed(target));
    assert_eq!(
        session.borrow().cluster().now_ms(),
        shown,
        "nothing shown changed"
    );
}

/// From one moment of the past to another, the app is drawn again only when an object
/// changed; the clock, the timeline and the stage follow every seek all the same.
#[wasm_bindgen_test]
async fn seeking_within_the_past_moves_the_clock_timeline_and_stage() {
    let root = mount().await;
    click(&root, "play").await; // pause: only steps move the clock
    for _ in 0..10 {
        click(&root, "step").await;
    }
    let scrubber: HtmlInputElement = query(&root, "[data-testid=scrubber]").dyn_into().unwrap();
    let before: u64 = scrubber.max().parse().unwrap();
    type_line(&root, "kubectl scale deployment/image-processor --replicas=5").await;
    for _ in 0..8 {
        click(&root, "step").await;
    }
    let clock = |root: &Element| {
        query(root, "[data-testid=clock]")
            .get_attribute("data-ms")
            .unwrap()
    };
    let banner = |root: &Element| query(root, "[data-testid=past-banner]").text_content().unwrap();
    scrub(&root, &before.to_string()).await;
    assert_eq!(count(&root, "[data-testid=pod]"), 4);
    let (clock_then, banner_then) = (clock(&root), banner(&root));
    // A second earlier: no object changed, the moment did.
    scrub(&root, &(before - 1_000).to_string()).await;
    assert_ne!(clock(&root), clock_then, "the clock shows the moment");
    assert_ne!(banner(&root), banner_then, "the banner says how long ago");
    assert_eq!(scrubber.value(), (before - 1_000).to_string());
    // After the scale: the stage draws its pods, and leaves the others' elements in place.
    let (pod, node) = (
        query(&root, "[data-testid=pod]"),
        query(&root, "[data-testid=node]"),
    );
    scrub(&root, &(before + 6_000).to_string()).await;
    assert_eq!(count(&root, "[data-testid=pod]"), 6);
    assert!(
        pod.is_connected() && node.is_connected(),
        "the pods that stayed keep their elements"
    );
    scrub(&root, &before.to_string()).await;
    assert_eq!(count(&root, "[data-testid=pod]"), 4);
    assert_eq!(clock(&root), clock_then);
}
