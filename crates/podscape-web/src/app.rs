//! The root component: owns the reducer, runs the frame loop, lays out the panes.

use std::cell::RefCell;
use std::rc::Rc;

use gloo::render::{request_animation_frame, AnimationFrame};
use podscape_core::scenario::DEFAULT_SEED;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::editor::Editor;
use crate::stage::Stage;
use crate::state::{Action, Playground};

#[function_component(App)]
pub fn app() -> Html {
    let state = use_reducer_eq(|| Playground::new(DEFAULT_SEED));

    // The frame loop: the only side effect that drives time. It advances the virtual clock by
    // the wall time between frames; everything else is a pure function of the state.
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

    let on_edit = {
        let dispatcher = state.dispatcher();
        Callback::from(move |text: String| dispatcher.dispatch(Action::Edit(text)))
    };
    let on_apply = {
        let dispatcher = state.dispatcher();
        Callback::from(move |()| dispatcher.dispatch(Action::Apply))
    };
    let on_apply_click = on_apply.reform(|_: MouseEvent| ());
    let on_play = {
        let dispatcher = state.dispatcher();
        Callback::from(move |_: MouseEvent| dispatcher.dispatch(Action::TogglePlay))
    };
    let on_step = {
        let dispatcher = state.dispatcher();
        Callback::from(move |_: MouseEvent| dispatcher.dispatch(Action::Step(1_000)))
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
    let errors = state.diagnostics.iter().filter(|d| d.is_error()).count();
    let seconds = state.scene.now_ms as f64 / 1000.0;

    html! {
        <div class="app">
            <header class="topbar">
                <div class="brand">
                    <svg class="logo" viewBox="0 0 32 32" aria-hidden="true">
                        <circle cx="16" cy="16" r="13" class="logo-ring" />
                        <circle cx="16" cy="9" r="3.2" /><circle cx="9.5" cy="20" r="3.2" /><circle cx="22.5" cy="20" r="3.2" />
                    </svg>
                    <span class="brand-name">{"Podscape"}</span>
                    <span class="brand-tag">{"Services & Deployments, seen from inside"}</span>
                </div>
                <div class="controls" role="toolbar" aria-label="Simulation">
                    <button class="btn" onclick={on_play} aria-pressed={(!state.playing).to_string()}
                        aria-label={if state.playing { "Pause" } else { "Play" }}>
                        { if state.playing { "❚❚ Pause" } else { "▶ Play" } }
                    </button>
                    <button class="btn" onclick={on_step} aria-label="Step one second">{"Step 1 s"}</button>
                    <label class="speed">
                        <span>{"Speed"}</span>
                        <select onchange={on_speed} aria-label="Speed">
                            { for [0.5, 1.0, 2.0, 5.0, 10.0].iter().map(|s| html! {
                                <option value={s.to_string()} selected={(*s - state.speed).abs() < 1e-9}>{format!("{s}×")}</option>
                            }) }
                        </select>
                    </label>
                    <span class="clock" aria-label="Virtual time">{format!("t = {seconds:.1} s")}</span>
                </div>
            </header>
            <main class="panes">
                <section class="pane editor-pane" aria-label="Manifests">
                    <div class="pane-head">
                        <h2>{"Manifests"}</h2>
                        <span class={classes!("badge", (errors > 0).then_some("badge-error"))}>
                            { if errors == 0 { "valid".to_string() } else { format!("{errors} error{}", if errors == 1 { "" } else { "s" }) } }
                        </span>
                        <button class="btn btn-primary" data-testid="apply" onclick={on_apply_click}
                            title="kubectl apply -f (Ctrl+Enter)">{"Apply"}</button>
                    </div>
                    <Editor text={state.text.clone()} diagnostics={state.diagnostics.clone()}
                        on_edit={on_edit} on_apply={on_apply} />
                    <Diagnostics diagnostics={state.diagnostics.clone()} />
                    <Terminal lines={state.terminal.clone()} />
                </section>
                <section class="pane stage-pane" aria-label="Cluster">
                    <Stage scene={state.scene.clone()} />
                </section>
            </main>
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct DiagnosticsProps {
    diagnostics: Rc<Vec<podscape_core::Diagnostic>>,
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
                    if let Some(hint) = &d.hint { <span class="hint">{hint}</span> }
                </li>
            }) }
        </ul>
    }
}

#[derive(Properties, PartialEq)]
struct TerminalProps {
    lines: Rc<Vec<String>>,
}

#[function_component(Terminal)]
fn terminal(props: &TerminalProps) -> Html {
    html! {
        <pre class="terminal" data-testid="terminal" aria-label="Terminal" aria-live="polite">
            { for props.lines.iter().rev().take(12).collect::<Vec<_>>().into_iter().rev().map(|l| html! {
                <div class={classes!("line", l.starts_with('$').then_some("cmd"), l.starts_with("error").then_some("err"))}>{l}</div>
            }) }
        </pre>
    }
}
