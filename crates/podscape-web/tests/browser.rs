//! The app in a real browser (headless Chromium): it mounts, shows the default scenario, and
//! redraws the stage after an apply; the terminal runs kubectl; the language switches.
//! Queries go by `data-testid`; nothing waits on wall time except yielding to Yew's scheduler.

use podscape_web::i18n::Lang;
use podscape_web::App;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{
    Element, HtmlElement, HtmlInputElement, HtmlTextAreaElement, KeyboardEvent, KeyboardEventInit,
};

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> web_sys::Document {
    gloo::utils::document()
}

thread_local! {
    /// The app of the running test; the previous one is destroyed first, so no earlier app
    /// keeps animating or writing to localStorage behind the current test's back.
    static CURRENT: std::cell::RefCell<Option<yew::AppHandle<App>>> = const { std::cell::RefCell::new(None) };
}

/// Mounts a fresh app into its own container, with nothing stored from an earlier test.
async fn mount() -> Element {
    if let Some(previous) = CURRENT.with(|c| c.borrow_mut().take()) {
        previous.destroy();
        settle().await;
    }
    <gloo::storage::LocalStorage as gloo::storage::Storage>::clear();
    let root = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&root).unwrap();
    let handle = yew::Renderer::<App>::with_root(root.clone()).render();
    CURRENT.with(|c| *c.borrow_mut() = Some(handle));
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
    editor
        .dispatch_event(&web_sys::InputEvent::new("input").unwrap())
        .unwrap();
    settle().await;
}

async fn click(root: &Element, testid: &str) {
    let button: HtmlElement = query(root, &format!("[data-testid={testid}]"))
        .dyn_into()
        .unwrap();
    button.click();
    settle().await;
}

/// Picks `value` in the `<select>` with this test id, as a learner would.
async fn choose(root: &Element, testid: &str, value: &str) {
    let select: web_sys::HtmlSelectElement = query(root, &format!("[data-testid={testid}]"))
        .dyn_into()
        .unwrap();
    select.set_value(value);
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    select
        .dispatch_event(&web_sys::Event::new_with_event_init_dict("change", &init).unwrap())
        .unwrap();
    settle().await;
}

async fn press(target: &Element, key: &str) {
    let init = KeyboardEventInit::new();
    init.set_key(key);
    init.set_bubbles(true);
    init.set_cancelable(true);
    target
        .dispatch_event(&KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap())
        .unwrap();
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
    click(&root, "apply").await;
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
    click(&root, "apply").await;
    assert_eq!(count(&root, "[data-testid=pod]"), 3);
    // The learner's text is never lost, even when it does not parse.
    let editor: HtmlTextAreaElement = query(&root, "[data-testid=editor]").dyn_into().unwrap();
    assert_eq!(editor.value(), text);
}

#[wasm_bindgen_test]
async fn the_terminal_runs_kubectl_against_the_same_cluster() {
    let root = mount().await;
    let input: HtmlInputElement = query(&root, "[data-testid=terminal-input]").dyn_into().unwrap();
    input.set_value("kubectl scale deployment/image-processor --replicas=4");
    press(&input, "Enter").await;
    assert_eq!(count(&root, "[data-testid=pod]"), 4);
    let text = query(&root, "[data-testid=terminal]").text_content().unwrap();
    assert!(text.contains("deployment.apps/image-processor scaled"), "{text}");
    // ↑ brings the last command back; Tab completes.
    press(&input, "ArrowUp").await;
    assert_eq!(
        input.value(),
        "kubectl scale deployment/image-processor --replicas=4"
    );
    input.set_value("kubectl get endpointsl");
    press(&input, "Tab").await;
    assert_eq!(input.value(), "kubectl get endpointslices ");
}

#[wasm_bindgen_test]
async fn objects_tab_lists_the_live_cluster() {
    let root = mount().await;
    click(&root, "tab-objects").await;
    let view = query(&root, "[data-testid=view]").text_content().unwrap();
    assert!(
        view.contains("deployment.apps/image-processor") || view.contains("deployment/image-processor"),
        "{view}"
    );
    assert!(view.contains("endpointslice/image-processor-"), "{view}");
}

#[wasm_bindgen_test]
async fn the_language_switches_to_russian_and_back() {
    let root = mount().await;
    click(&root, "lang").await;
    assert_eq!(
        query(&root, "[data-testid=apply]").text_content().unwrap(),
        "Применить"
    );
    click(&root, "lang").await;
    assert_eq!(
        query(&root, "[data-testid=apply]").text_content().unwrap(),
        "Apply"
    );
}

#[wasm_bindgen_test]
fn language_detection_prefers_the_url_then_storage_then_the_browser() {
    let nav = vec!["ru-RU".to_string(), "en".to_string()];
    assert_eq!(Lang::detect(Some("en"), Some("ru"), &nav), Lang::En);
    assert_eq!(Lang::detect(None, Some("en"), &nav), Lang::En);
    assert_eq!(Lang::detect(None, None, &nav), Lang::Ru);
    assert_eq!(Lang::detect(Some("xx"), None, &[]), Lang::En);
}

#[wasm_bindgen_test]
async fn clicking_a_pod_opens_its_details_and_delete_echoes_kubectl() {
    let root = mount().await;
    let pod = query(&root, "[data-testid=pod]");
    let name = pod.get_attribute("data-name").unwrap();
    let init = web_sys::MouseEventInit::new();
    init.set_bubbles(true);
    pod.dispatch_event(&web_sys::MouseEvent::new_with_mouse_event_init_dict("click", &init).unwrap())
        .unwrap();
    settle().await;
    assert!(query(&root, "[data-testid=pod-details]")
        .text_content()
        .unwrap()
        .contains(&name));
    click(&root, "delete-pod").await;
    let terminal = query(&root, "[data-testid=terminal]").text_content().unwrap();
    assert!(
        terminal.contains(&format!("$ kubectl delete pod {name}")),
        "{terminal}"
    );
    assert!(
        terminal.contains(&format!("pod \"{name}\" deleted")),
        "{terminal}"
    );
    // The ReplicaSet has already created the replacement: three active pods plus the victim.
    assert_eq!(count(&root, "[data-testid=pod]"), 4);
    assert_eq!(count(&root, "[data-testid=pod][data-status=Terminating]"), 1);
}

#[wasm_bindgen_test]
async fn rules_tab_prints_the_nodes_rules_in_each_proxy_mode() {
    let root = mount().await;
    click(&root, "tab-rules").await;
    let rules = query(&root, "[data-testid=rules]").text_content().unwrap();
    assert!(rules.contains("-A KUBE-SERVICES -d "), "{rules}");
    // Fresh from the apply no pod is ready yet: the filter table REJECTs the ClusterIP.
    assert!(
        rules.contains("\"default/image-processor:http has no endpoints\" -m tcp --dport 80 -j REJECT"),
        "{rules}"
    );
    choose(&root, "proxy-mode", "ipvs").await;
    let rules = query(&root, "[data-testid=rules]").text_content().unwrap();
    assert!(rules.contains("IP Virtual Server version 1.2.1"), "{rules}");
}

#[wasm_bindgen_test]
async fn draining_a_node_from_its_details_echoes_kubectl_drain() {
    let root = mount().await;
    let node = query(&root, "[data-testid=node][data-name=podscape-worker]");
    let init = web_sys::MouseEventInit::new();
    init.set_bubbles(true);
    node.dispatch_event(&web_sys::MouseEvent::new_with_mouse_event_init_dict("click", &init).unwrap())
        .unwrap();
    settle().await;
    click(&root, "cordon").await;
    assert!(query(&root, "[data-testid=node-details]")
        .text_content()
        .unwrap()
        .contains("SchedulingDisabled"));
    click(&root, "drain").await;
    let terminal = query(&root, "[data-testid=terminal]").text_content().unwrap();
    assert!(terminal.contains("$ kubectl drain podscape-worker"), "{terminal}");
    assert!(terminal.contains("node/podscape-worker drained"), "{terminal}");
}

#[wasm_bindgen_test]
async fn choosing_a_scenario_starts_a_fresh_cluster_with_its_yaml() {
    let root = mount().await;
    choose(&root, "scenario", "service-types").await;
    assert_eq!(count(&root, "[data-testid=service]"), 3);
    let editor: HtmlTextAreaElement = query(&root, "[data-testid=editor]").dyn_into().unwrap();
    assert_eq!(
        editor.value(),
        podscape_core::scenario::find("service-types").unwrap().yaml
    );
}

#[wasm_bindgen_test]
fn highlighting_keeps_every_character_and_colours_keys_values_and_comments() {
    use podscape_web::highlight::tokens;
    for line in podscape_core::scenario::DEFAULT_YAML.lines().chain([
        "  - name: \"a # not a comment\" # a comment",
        "key: [a, b]",
        "---",
        "weird: : : value",
        "  ",
    ]) {
        let joined: String = tokens(line).iter().map(|t| t.text).collect();
        assert_eq!(joined, line);
    }
    let t = tokens("  replicas: 3 # three");
    let classes: Vec<&str> = t.iter().map(|t| t.class).filter(|c| !c.is_empty()).collect();
    assert_eq!(classes, ["tok-key", "tok-punct", "tok-number", "tok-comment"]);
}

#[wasm_bindgen_test]
async fn a_diagnostic_is_squiggled_at_its_column() {
    let root = mount().await;
    let text = podscape_core::scenario::DEFAULT_YAML.replace("replicas: 3", "replica: 3");
    type_text(&root, &text).await;
    let squiggle = query(&root, ".backdrop .squiggle.error");
    assert_eq!(squiggle.text_content().unwrap(), "replica:");
}

#[wasm_bindgen_test]
async fn hints_are_shown_in_russian_while_api_messages_stay_as_kubernetes_prints_them() {
    let root = mount().await;
    click(&root, "lang").await;
    let text = podscape_core::scenario::DEFAULT_YAML.replace("replicas: 3", "replica: 3");
    type_text(&root, &text).await;
    let shown = query(&root, "[data-testid=diagnostics]").text_content().unwrap();
    assert!(
        shown.contains("strict decoding error: unknown field \"spec.replica\""),
        "{shown}"
    );
    assert!(
        shown.contains("возможно, имелось в виду \"replicas\"?"),
        "{shown}"
    );
}

/// Same seed, same inputs, same run — natively and in wasm: the native golden transcripts
/// (written by `podscape run` on the host) are replayed here in the browser, byte for byte.
#[wasm_bindgen_test]
fn wasm_runs_reproduce_the_native_golden_transcripts() {
    let cases = [
        (
            include_str!("../../../tests/transcripts/rolling-update/script.sh"),
            include_str!("../../../tests/transcripts/rolling-update/app.yaml"),
            include_str!("../../../tests/transcripts/rolling-update/expected.txt"),
        ),
        (
            include_str!("../../../tests/transcripts/data-plane/script.sh"),
            include_str!("../../../tests/transcripts/data-plane/app.yaml"),
            include_str!("../../../tests/transcripts/data-plane/expected.txt"),
        ),
        (
            include_str!("../../../tests/transcripts/deletion-cost/script.sh"),
            include_str!("../../../tests/transcripts/deletion-cost/app.yaml"),
            include_str!("../../../tests/transcripts/deletion-cost/expected.txt"),
        ),
        (
            include_str!("../../../tests/transcripts/events/script.sh"),
            include_str!("../../../tests/transcripts/events/app.yaml"),
            include_str!("../../../tests/transcripts/events/expected.txt"),
        ),
    ];
    for (script, app, expected) in cases {
        let files = |path: &str| (path == "app.yaml").then(|| app.to_string());
        let steps = podscape_core::script::run(podscape_core::scenario::DEFAULT_SEED, script, &files);
        assert_eq!(podscape_core::script::transcript(&steps), expected);
    }
}

#[wasm_bindgen_test]
async fn clicking_a_request_particle_walks_its_path() {
    let root = mount().await;
    // Time moves only when asked: one virtual second puts requests in flight.
    click(&root, "play").await;
    click(&root, "step").await;
    let packet = query(&root, "[data-testid=packet]");
    let init = web_sys::MouseEventInit::new();
    init.set_bubbles(true);
    packet
        .dispatch_event(&web_sys::MouseEvent::new_with_mouse_event_init_dict("click", &init).unwrap())
        .unwrap();
    settle().await;
    let walk = query(&root, "[data-testid=walk]").text_content().unwrap();
    assert!(
        walk.contains("frontend 10.244.1.250 on podscape-worker opens http://image-processor"),
        "{walk}"
    );
    assert!(
        walk.contains("image-processor.default.svc.cluster.local"),
        "{walk}"
    );
}

#[wasm_bindgen_test]
async fn a_lesson_ticks_its_steps_off_as_the_cluster_gets_there() {
    let root = mount().await;
    choose(&root, "scenario", "lesson:scale").await;
    let states = |root: &Element| {
        let steps = root.query_selector_all("[data-testid=lesson] .step").unwrap();
        (0..steps.length())
            .map(|i| {
                steps
                    .item(i)
                    .unwrap()
                    .dyn_into::<Element>()
                    .unwrap()
                    .get_attribute("data-state")
                    .unwrap()
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(states(&root), ["current", "later"]);
    click(&root, "tab-terminal").await;
    let input: HtmlInputElement = query(&root, "[data-testid=terminal-input]").dyn_into().unwrap();
    for command in [
        "kubectl scale deployment/image-processor --replicas=5",
        "sleep 15s",
    ] {
        input.set_value(command);
        press(&input, "Enter").await;
    }
    click(&root, "tab-lesson").await;
    assert_eq!(states(&root), ["done", "done"]);
}

#[wasm_bindgen_test]
async fn share_puts_a_link_with_the_manifests_in_the_address_bar() {
    let root = mount().await;
    let text = podscape_core::scenario::DEFAULT_YAML.replace("replicas: 3", "replicas: 4");
    type_text(&root, &text).await;
    click(&root, "share").await;
    let hash = gloo::utils::window().location().hash().unwrap();
    let shared = String::from(js_sys::decode_uri_component(hash.strip_prefix("#yaml=").unwrap()).unwrap());
    assert_eq!(shared, text);
    assert!(query(&root, "[data-testid=terminal]")
        .text_content()
        .unwrap()
        .contains("#yaml="));
    // Leave the address as it was for the next test.
    let _ = gloo::utils::window().history().unwrap().replace_state_with_url(
        &wasm_bindgen::JsValue::NULL,
        "",
        Some("#"),
    );
}
