//! The root component: owns the reducer, runs the frame loop, persists settings, lays out the
//! panes. Side effects live here and only here.

use std::cell::RefCell;
use std::rc::Rc;

use gloo::events::EventListener;
use gloo::render::{request_animation_frame, AnimationFrame};
use gloo::storage::{LocalStorage, Storage};
use podscape_core::scene::Layout;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::details::{DeploymentDetails, NodeDetails, PodDetails};
use crate::editor::Editor;
use crate::i18n::{t, Lang, T};
use crate::inspector::{Inspector, SharedCluster};
use crate::stage::Stage;
use crate::state::{Action, Playground, Start, Theme};

const KEY_TEXT: &str = "podscape.text";
const KEY_LANG: &str = "podscape.lang";
const KEY_THEME: &str = "podscape.theme";

/// Below this viewport width the stage stacks its nodes.
const NARROW_BELOW_PX: f64 = 720.0;

fn layout_now() -> Layout {
    let width = web_sys::window()
        .and_then(|w| w.inner_width().ok())
        .and_then(|w| w.as_f64())
        .unwrap_or(1440.0);
    if width < NARROW_BELOW_PX {
        Layout::Narrow
    } else {
        Layout::Wide
    }
}

/// Reads the URL and localStorage once, at start. Anything unreadable is ignored.
/// The longest shared text a link may carry (after percent-encoding, URLs stay well inside
/// what browsers and servers accept).
pub const MAX_SHARED_BYTES: usize = 32 * 1024;

/// Manifests carried in the URL fragment (`#yaml=…`, percent-encoded): a share link, or an
/// embedding page's `<pre class="podscape">`. Anything unreadable or too large is ignored.
fn shared_yaml() -> Option<String> {
    let hash = web_sys::window()?.location().hash().ok()?;
    let encoded = hash.strip_prefix("#yaml=")?;
    if encoded.len() > 3 * MAX_SHARED_BYTES {
        return None;
    }
    let text = String::from(js_sys::decode_uri_component(encoded).ok()?);
    (text.len() <= MAX_SHARED_BYTES).then_some(text)
}

/// The link that reopens the playground with this text.
fn share_link(text: &str) -> Option<String> {
    if text.len() > MAX_SHARED_BYTES {
        return None;
    }
    let location = web_sys::window()?.location();
    let base = location.href().ok()?;
    let base = base.split('#').next().unwrap_or(&base).to_string();
    Some(format!(
        "{base}#yaml={}",
        String::from(js_sys::encode_uri_component(text))
    ))
}

fn query_param(name: &str) -> Option<String> {
    web_sys::window()
        .and_then(|w| w.location().search().ok())
        .and_then(|s| web_sys::UrlSearchParams::new_with_str(&s).ok())
        .and_then(|q| q.has(name).then(|| q.get(name).unwrap_or_default()))
}

/// `?embed`: a compact playground inside another page.
fn embedded() -> bool {
    query_param("embed").is_some()
}

/// Tells the embedding page how tall the playground is, when that changes (embed.js sizes the
/// iframe). Only a number leaves the frame.
fn report_height(last: &std::cell::Cell<i32>) {
    let Some(window) = web_sys::window() else { return };
    let Some(root) = window.document().and_then(|d| d.document_element()) else {
        return;
    };
    let height = root.scroll_height();
    if height == last.get() {
        return;
    }
    last.set(height);
    post_to_parent(&[("type", "podscape:resize".into()), ("height", height.into())]);
}

/// Posts a message to the embedding page (only when embedded in one).
fn post_to_parent(fields: &[(&str, wasm_bindgen::JsValue)]) {
    let Some(window) = web_sys::window() else { return };
    let Ok(Some(parent)) = window.parent() else { return };
    let message = js_sys::Object::new();
    for (key, value) in fields {
        let _ = js_sys::Reflect::set(&message, &(*key).into(), value);
    }
    let _ = parent.post_message(&message, "*");
}

/// A command from the embedding page, checked: only the parent window may send one, and only
/// these shapes and sizes are understood. Everything else is ignored.
fn command_from_parent(event: &web_sys::MessageEvent) -> Option<Action> {
    let window = web_sys::window()?;
    let parent = window.parent().ok()??;
    let source = event.source()?;
    if !js_sys::Object::is(&source, &parent) || js_sys::Object::is(&parent, &window) {
        return None;
    }
    let data = event.data();
    let field = |key: &str| js_sys::Reflect::get(&data, &key.into()).ok();
    let text = |key: &str| {
        field(key)
            .and_then(|v| v.as_string())
            .filter(|s| s.len() <= MAX_SHARED_BYTES)
    };
    match field("type")?.as_string()?.as_str() {
        "podscape:load" => text("yaml").map(Action::Load),
        "podscape:run" => text("script").map(Action::RunScript),
        "podscape:step" => {
            let ms = field("ms")?.as_f64()?;
            (ms.is_finite() && (0.0..=3_600_000.0).contains(&ms)).then_some(Action::Step(ms as u64))
        }
        _ => None,
    }
}

fn start() -> Start {
    let query = web_sys::window()
        .and_then(|w| w.location().search().ok())
        .and_then(|s| web_sys::UrlSearchParams::new_with_str(&s).ok());
    let param = |name: &str| query.as_ref().and_then(|q| q.get(name));
    let navigator: Vec<String> = web_sys::window()
        .map(|w| {
            w.navigator()
                .languages()
                .iter()
                .filter_map(|l| l.as_string())
                .collect()
        })
        .unwrap_or_default();
    let stored_lang: Option<String> = LocalStorage::get(KEY_LANG).ok();
    let theme = match (param("theme"), LocalStorage::get::<String>(KEY_THEME).ok()) {
        (Some(t), _) | (None, Some(t)) if t == "light" => Theme::Light,
        (Some(t), _) | (None, Some(t)) if t == "dark" => Theme::Dark,
        _ => {
            let light = web_sys::window()
                .and_then(|w| w.match_media("(prefers-color-scheme: light)").ok().flatten())
                .is_some_and(|m| m.matches());
            if light {
                Theme::Light
            } else {
                Theme::Dark
            }
        }
    };
    let defaults = Start::default();
    Start {
        seed: param("seed")
            .and_then(|s| s.parse().ok())
            .unwrap_or(defaults.seed),
        text: LocalStorage::get::<String>(KEY_TEXT)
            .ok()
            .filter(|t| t.len() <= podscape_core::manifest::MAX_INPUT_BYTES),
        lang: Lang::detect(param("lang").as_deref(), stored_lang.as_deref(), &navigator),
        theme,
        speed: param("speed")
            .and_then(|s| s.parse().ok())
            .unwrap_or(defaults.speed),
        layout: layout_now(),
        shared: shared_yaml(),
        // Embedded, a playground waits for `autoplay` (or the learner) before time runs.
        playing: !embedded() || param("autoplay").is_some(),
        proxy_mode: match param("proxy").as_deref() {
            Some("ipvs") => podscape_core::proxy::ProxyMode::Ipvs,
            Some("nftables") => podscape_core::proxy::ProxyMode::Nftables,
            _ => podscape_core::proxy::ProxyMode::Iptables,
        },
        scenario: param("scenario")
            .and_then(|id| podscape_core::scenario::find(&id))
            .unwrap_or(defaults.scenario),
    }
}

#[function_component(App)]
pub fn app() -> Html {
    let state = use_reducer_eq(|| Playground::new(start()));
    let lessons = use_memo((), |_| podscape_core::lesson::all());
    let embed = use_memo((), |_| embedded());
    let view = use_memo((), |_| {
        query_param("view").unwrap_or_else(|| "stage,editor".into())
    });
    let last_height = use_mut_ref(|| std::cell::Cell::new(0));
    // Embedded: say so once, then listen to the embedding page's commands.
    {
        let embed = *embed;
        let dispatcher = state.dispatcher();
        use_effect_with((), move |_| {
            let listener = embed.then(|| {
                post_to_parent(&[("type", "podscape:ready".into())]);
                web_sys::window().map(|w| {
                    EventListener::new(&w, "message", move |event| {
                        let event: &web_sys::MessageEvent = wasm_bindgen::JsCast::unchecked_ref(event);
                        if let Some(action) = command_from_parent(event) {
                            dispatcher.dispatch(action);
                        }
                    })
                })
            });
            move || drop(listener)
        });
    }
    // Embedded: a summary of the cluster whenever what is drawn changes (at most once a second
    // of virtual time, since the version moves with it).
    {
        let embed = *embed;
        let summary = (
            state.scene.pods.iter().filter(|p| !p.system).count(),
            state.scene.pods.iter().filter(|p| !p.system && p.ready).count(),
            state
                .scene
                .services
                .iter()
                .map(|s| s.endpoints.iter().filter(|e| e.ready).count())
                .sum::<usize>(),
            state.scene.now_ms / 1000,
        );
        use_effect_with(summary, move |(pods, ready, endpoints, seconds)| {
            if embed {
                post_to_parent(&[
                    ("type", "podscape:state".into()),
                    ("pods", (*pods as u32).into()),
                    ("ready", (*ready as u32).into()),
                    ("endpoints", (*endpoints as u32).into()),
                    ("t_ms", ((*seconds * 1000) as f64).into()),
                ]);
            }
        });
    }
    {
        let embed = *embed;
        let last_height = last_height.clone();
        use_effect(move || {
            if embed {
                report_height(&last_height.borrow());
            }
        });
    }
    // `?lesson=ID` starts a lesson once, after the first render.
    {
        let dispatcher = state.dispatcher();
        use_effect_with((), move |_| {
            let query = web_sys::window()
                .and_then(|w| w.location().search().ok())
                .and_then(|s| web_sys::UrlSearchParams::new_with_str(&s).ok());
            if let Some(id) = query.and_then(|q| q.get("lesson")) {
                dispatcher.dispatch(Action::StartLesson(id));
            }
        });
    }

    // The frame loop: the only thing that drives time. It advances the virtual clock by the
    // wall time between frames; everything drawn is a pure function of the state.
    {
        let dispatcher = state.dispatcher();
        use_effect_with((), move |_| {
            let handle: Rc<RefCell<Option<AnimationFrame>>> = Rc::default();
            fn schedule(
                handle: Rc<RefCell<Option<AnimationFrame>>>,
                last: Option<f64>,
                dispatcher: UseReducerDispatcher<Playground>,
            ) {
                let next = handle.clone();
                *handle.borrow_mut() = Some(request_animation_frame(move |now| {
                    if let Some(last) = last {
                        dispatcher.dispatch(Action::Frame(now - last));
                    }
                    schedule(next, Some(now), dispatcher);
                }));
            }
            schedule(handle.clone(), None, dispatcher);
            move || drop(handle.borrow_mut().take())
        });
    }
    // The stage's layout follows the viewport across the phone breakpoint.
    {
        let dispatcher = state.dispatcher();
        use_effect_with((), move |_| {
            let listener = web_sys::window().map(|w| {
                EventListener::new(&w, "resize", move |_| {
                    dispatcher.dispatch(Action::SetLayout(layout_now()))
                })
            });
            move || drop(listener)
        });
    }
    // Persistence: the learner's text and settings survive a reload.
    use_effect_with(state.text.clone(), |text| {
        let _ = LocalStorage::set(KEY_TEXT, text);
    });
    use_effect_with((state.lang, state.theme), |(lang, theme)| {
        let _ = LocalStorage::set(KEY_LANG, lang.code());
        let theme = match theme {
            Theme::Dark => "dark",
            Theme::Light => "light",
        };
        let _ = LocalStorage::set(KEY_THEME, theme);
        if let Some(root) = gloo::utils::document().document_element() {
            let _ = root.set_attribute("data-theme", theme);
            let _ = root.set_attribute("lang", lang.code());
        }
    });

    let lang = state.lang;
    // The callbacks handed to child components are made once (use_callback): a fresh closure
    // would make their props differ and re-render them every frame.
    let dispatch = |make: fn(()) -> Action| {
        let dispatcher = state.dispatcher();
        Callback::from(move |_: MouseEvent| dispatcher.dispatch(make(())))
    };
    let on_play = dispatch(|_| Action::TogglePlay);
    let on_step = dispatch(|_| Action::Step(1_000));
    let on_apply_click = dispatch(|_| Action::Apply);
    let on_reset = dispatch(|_| Action::ResetText);
    let on_undo = dispatch(|_| Action::Undo);
    let on_redo = dispatch(|_| Action::Redo);
    let on_history = {
        let dispatcher = state.dispatcher();
        use_callback((), move |redo: bool, _| {
            dispatcher.dispatch(if redo { Action::Redo } else { Action::Undo })
        })
    };
    let (can_undo, can_redo) = {
        let edits = state.edits.borrow();
        (edits.can_undo(), edits.can_redo())
    };
    let on_lang = {
        let dispatcher = state.dispatcher();
        Callback::from(move |_: MouseEvent| dispatcher.dispatch(Action::SetLang(lang.other())))
    };
    let on_theme = {
        let dispatcher = state.dispatcher();
        let other = if state.theme == Theme::Dark {
            Theme::Light
        } else {
            Theme::Dark
        };
        Callback::from(move |_: MouseEvent| dispatcher.dispatch(Action::SetTheme(other)))
    };
    let on_edit = {
        let dispatcher = state.dispatcher();
        use_callback((), move |text: String, _| dispatcher.dispatch(Action::Edit(text)))
    };
    let on_apply = {
        let dispatcher = state.dispatcher();
        use_callback((), move |(), _| dispatcher.dispatch(Action::Apply))
    };
    let on_run = {
        let dispatcher = state.dispatcher();
        use_callback((), move |command: String, _| {
            dispatcher.dispatch(Action::Run(command))
        })
    };
    let on_select = {
        let dispatcher = state.dispatcher();
        use_callback((), move |pod, _| dispatcher.dispatch(Action::Select(pod)))
    };
    let on_share = {
        let dispatcher = state.dispatcher();
        let text = state.text.clone();
        Callback::from(move |_: MouseEvent| {
            let line = match share_link(&text) {
                Some(link) => {
                    // Side effect here, not in the reducer: the address bar gets the link.
                    if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
                        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&link));
                    }
                    format!("{} {link}", t(lang, T::ShareDone))
                }
                None => t(lang, T::ShareTooLarge).to_string(),
            };
            dispatcher.dispatch(Action::Note(line));
        })
    };
    let on_packet = {
        let dispatcher = state.dispatcher();
        use_callback((), move |id, _| dispatcher.dispatch(Action::WalkRequest(id)))
    };
    let on_down = {
        let dispatcher = state.dispatcher();
        use_callback((), move |(node, down), _| {
            dispatcher.dispatch(Action::SetNodeDown(node, down))
        })
    };
    let on_readiness = {
        let dispatcher = state.dispatcher();
        use_callback((), move |(pod, failing), _| {
            dispatcher.dispatch(Action::SetReadinessFailing(pod, failing))
        })
    };
    let on_mode = {
        let dispatcher = state.dispatcher();
        use_callback((), move |mode, _| dispatcher.dispatch(Action::SetProxyMode(mode)))
    };
    let on_tab = {
        let dispatcher = state.dispatcher();
        use_callback((), move |tab, _| dispatcher.dispatch(Action::SetTab(tab)))
    };
    let on_speed = {
        let dispatcher = state.dispatcher();
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            if let Ok(speed) = select.value().parse::<f64>() {
                dispatcher.dispatch(Action::SetSpeed(speed));
            }
        })
    };
    let on_scenario = {
        let dispatcher = state.dispatcher();
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            let value = select.value();
            if let Some(id) = value.strip_prefix("lesson:") {
                dispatcher.dispatch(Action::StartLesson(id.to_string()));
            } else if let Some(s) = podscape_core::scenario::find(&value) {
                dispatcher.dispatch(Action::LoadScenario(s.id));
            }
        })
    };
    let on_rate = {
        let dispatcher = state.dispatcher();
        Callback::from(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            if let Ok(rate) = input.value().parse::<f64>() {
                dispatcher.dispatch(Action::SetRate(rate));
            }
        })
    };
    let errors = state.diagnostics.iter().filter(|d| d.is_error()).count();
    let now = state.scene.now_ms;

    html! {
        <div class={classes!("app", embed.then_some("embed"),
            (*embed && !view.contains("editor")).then_some("hide-editor"),
            (*embed && !view.contains("terminal") && !view.contains("inspector")).then_some("hide-inspector"))}>
            <header class="topbar">
                <div class="brand">
                    <svg class="logo" viewBox="0 0 32 32" aria-hidden="true">
                        <circle cx="16" cy="16" r="13" class="logo-ring" />
                        <circle cx="16" cy="9" r="3.2" /><circle cx="9.5" cy="20" r="3.2" /><circle cx="22.5" cy="20" r="3.2" />
                    </svg>
                    <span class="brand-name">{"Podscape"}</span>
                    <span class="brand-tag">{t(lang, T::Tagline)}</span>
                </div>
                <div class="controls" role="toolbar" aria-label={t(lang, T::Cluster)}>
                    <label class="field">
                        <span class="visually-hidden">{t(lang, T::Scenario)}</span>
                        <select data-testid="scenario" onchange={on_scenario} aria-label={t(lang, T::Scenario)}>
                            <optgroup label={t(lang, T::Scenarios)}>
                                { for podscape_core::scenario::SCENARIOS.iter().map(|s| html! {
                                    <option value={s.id} selected={state.lesson.is_none() && s.id == state.scenario.id}>
                                        { if lang == Lang::Ru { s.title_ru } else { s.title_en } }
                                    </option>
                                }) }
                            </optgroup>
                            <optgroup label={t(lang, T::Lessons)}>
                                { for lessons.iter().map(|l| html! {
                                    <option value={format!("lesson:{}", l.id)}
                                        selected={state.lesson.as_ref().is_some_and(|(cur, _)| cur.id == l.id)}>
                                        { if lang == Lang::Ru { l.title_ru.clone() } else { l.title_en.clone() } }
                                    </option>
                                }) }
                            </optgroup>
                        </select>
                    </label>
                    <button class="btn" data-testid="play" onclick={on_play} aria-pressed={(!state.playing).to_string()}>
                        <span aria-hidden="true">{ if state.playing { "❚❚ " } else { "▶ " } }</span>
                        { if state.playing { t(lang, T::Pause) } else { t(lang, T::Play) } }
                    </button>
                    <button class="btn" data-testid="step" onclick={on_step}>{t(lang, T::Step)}</button>
                    <label class="field">
                        <span>{t(lang, T::Speed)}</span>
                        <select onchange={on_speed} data-testid="speed" aria-label={t(lang, T::Speed)}>
                            { for [("0.5", 0.5), ("1", 1.0), ("2", 2.0), ("5", 5.0), ("10", 10.0)].iter().map(|(label, s)| html! {
                                <option value={*label} selected={(*s - state.speed).abs() < 1e-9}>{format!("{label}×")}</option>
                            }) }
                        </select>
                    </label>
                    <label class="field rate">
                        <span>{t(lang, T::RequestRate)}</span>
                        <input type="range" min="0" max="50" step="0.5" value={tenths(state.rate)}
                            oninput={on_rate} data-testid="rate" aria-label={t(lang, T::RequestRate)} />
                        <span class="rate-value">{format!("{} {}", tenths(state.rate), t(lang, T::PerSecond))}</span>
                    </label>
                    <span class="clock" title={t(lang, T::Time)}>{format!("t = {}.{} s", now / 1000, now % 1000 / 100)}</span>
                    <button class="btn" data-testid="share" onclick={on_share}>{t(lang, T::Share)}</button>
                    <button class="btn icon" data-testid="lang" onclick={on_lang} lang={lang.other().code()}
                        title={t(lang, T::Language)}>{ if lang == Lang::En { "RU" } else { "EN" } }</button>
                    <button class="btn icon" data-testid="theme" onclick={on_theme}
                        aria-label={if state.theme == Theme::Dark { t(lang, T::ThemeLight) } else { t(lang, T::ThemeDark) }}>
                        { if state.theme == Theme::Dark { "☀" } else { "☾" } }
                    </button>
                </div>
            </header>
            <main class="panes">
                <section class="pane editor-pane" aria-label={t(lang, T::Manifests)}>
                    <div class="pane-head">
                        <h2>{t(lang, T::Manifests)}</h2>
                        <span class={classes!("badge", (errors > 0).then_some("badge-error"))} data-testid="validity">
                            { if errors == 0 { t(lang, T::Valid).to_string() } else { format!("{errors} {}", t(lang, T::Errors)) } }
                        </span>
                        <span class="spacer" />
                        <button class="btn ghost icon" data-testid="undo" onclick={on_undo} disabled={!can_undo}
                            title={t(lang, T::UndoTitle)} aria-label={t(lang, T::Undo)}>{"↶"}</button>
                        <button class="btn ghost icon" data-testid="redo" onclick={on_redo} disabled={!can_redo}
                            title={t(lang, T::RedoTitle)} aria-label={t(lang, T::Redo)}>{"↷"}</button>
                        <button class="btn ghost" onclick={on_reset} title={t(lang, T::ResetTitle)}>{t(lang, T::Reset)}</button>
                        <button class="btn btn-primary" data-testid="apply" onclick={on_apply_click}
                            title={t(lang, T::ApplyTitle)}>{t(lang, T::Apply)}</button>
                    </div>
                    <Editor text={state.text.clone()} diagnostics={state.diagnostics.clone()} {lang}
                        on_edit={on_edit} on_apply={on_apply} {on_history} caret={state.caret} />
                    <Diagnostics diagnostics={state.diagnostics.clone()} {lang} />
                </section>
                <section class="pane stage-pane" aria-label={t(lang, T::Cluster)}>
                    <Stage scene={state.scene.clone()} {lang} selected={state.selected.clone()} on_select={on_select.clone()} {on_packet} />
                    if let Some(deployment) = state.selected.as_deref().and_then(|s| s.strip_prefix("deploy/")) {
                        <DeploymentDetails deployment={deployment.to_string()} scene={state.scene.clone()} {lang}
                            on_run={on_run.clone()} on_close={on_select.reform(|()| None)} />
                    } else if let Some(node) = state.selected.as_deref().and_then(|s| s.strip_prefix("node/")) {
                        <NodeDetails node={node.to_string()} scene={state.scene.clone()} {lang}
                            on_run={on_run.clone()} {on_down} on_close={on_select.reform(|()| None)} />
                    } else if let Some(pod) = state.selected.clone() {
                        <PodDetails {pod} scene={state.scene.clone()} cluster={SharedCluster(state.cluster.clone())} {lang}
                            on_run={on_run.clone()} {on_readiness} on_close={on_select.reform(|()| None)} />
                    }
                </section>
                <section class="pane inspector-pane">
                    <Inspector tab={state.tab} {lang} terminal={state.terminal.clone()} history={state.history.clone()}
                        cluster={SharedCluster(state.cluster.clone())} version={state.version()} {on_run} {on_tab} {on_mode} walk={state.walk.clone()} lesson={state.lesson.clone()} />
                </section>
            </main>
        </div>
    }
}

/// `2.5`, `10`: one decimal at most, printed with integer formatting only (Rust's float
/// printing would add ~10 KiB of wasm for these few labels).
fn tenths(value: f64) -> String {
    let t = (value * 10.0).round() as i64;
    if t % 10 == 0 {
        (t / 10).to_string()
    } else {
        format!("{}.{}", t / 10, (t % 10).abs())
    }
}

#[derive(Properties, PartialEq)]
struct DiagnosticsProps {
    diagnostics: Rc<Vec<podscape_core::Diagnostic>>,
    lang: Lang,
}

#[function_component(Diagnostics)]
fn diagnostics(props: &DiagnosticsProps) -> Html {
    if props.diagnostics.is_empty() {
        return html! {};
    }
    html! {
        <ul class="diagnostics" data-testid="diagnostics" aria-live="polite">
            { for props.diagnostics.iter().map(|d| html! {
                <li class={classes!("diagnostic", if d.is_error() { "is-error" } else { "is-warning" })}>
                    <span class="where">{format!("{}:{}", d.line, d.column)}</span>
                    <span class="message">{&d.message}</span>
                    if let Some(hint) = &d.hint {
                        <span class="hint"><b>{t(props.lang, T::Hint)}{": "}</b>
                            { if props.lang == Lang::Ru { podscape_core::hints_ru::hint_ru(hint) } else { hint.clone() } }
                        </span>
                    }
                </li>
            }) }
        </ul>
    }
}
