//! Break-fix challenges in the page: their entries in the scenario menu, and the panel of the
//! one being solved (task, Check, the symptoms still present, the hints earned, Show solution).
//! Reached only through `lazy.rs`, so none of it is in the first load; its strings live here,
//! English and Russian side by side, for the same reason (i18n.rs's table is in the first load).
//!
//! What is being solved (the challenge, the failed checks, the last verdict) is kept here for
//! the page's life, not in the session: the session only restarts the cluster
//! (`Action::Restart`) and runs the solution (`Action::RunScript`). The challenges solved are
//! kept in localStorage under their own small key.

use std::cell::{Cell, OnceCell, RefCell};
use std::rc::Rc;

use podscape_core::challenge::{self, Challenge, Verdict};
use podscape_core::session::{Action, Tab};
use yew::prelude::*;

use crate::i18n::Lang;
use crate::inspector::SharedCluster;
use crate::state::Playground;

/// The localStorage key of the solved challenges' ids, one a line.
const DONE_KEY: &str = "podscape-challenges-done";
/// The prefix of a challenge's value in the scenario menu.
pub const PREFIX: &str = "challenge:";

/// The panel's style, drawn with it: in web/styles.css it would weigh on the first load.
const STYLE: &str = ".challenge{padding:8px 14px;border-bottom:1px solid var(--line);overflow:auto;max-height:45%;flex:none}\
.challenge-head,.challenge-actions{display:flex;flex-wrap:wrap;gap:8px}\
.challenge h2{margin:0;font-size:15px;flex:1}\
.challenge :is(p,ul,ol,h3){margin:6px 0;font-size:13px}\
.challenge-solved{color:var(--ok)}\
.challenge code{font:12px var(--mono);background:var(--panel-2);border:1px solid var(--line);border-radius:5px;padding:0 4px;overflow-wrap:anywhere}";

/// The one being solved.
struct Active {
    challenge: Rc<Challenge>,
    /// Checks that found a symptom: one hint each.
    failed: usize,
    verdict: Option<Verdict>,
}

thread_local! {
    static ALL: OnceCell<Rc<Vec<Rc<Challenge>>>> = const { OnceCell::new() };
    static ACTIVE: RefCell<Option<Active>> = const { RefCell::new(None) };
    /// Bumped by every start or leave, so the panel redraws for it.
    static GENERATION: Cell<u64> = const { Cell::new(0) };
    /// The solved ids, read from storage once.
    static DONE: OnceCell<RefCell<Vec<String>>> = const { OnceCell::new() };
}

/// The built-in challenges, parsed once.
fn all() -> Rc<Vec<Rc<Challenge>>> {
    ALL.with(|a| {
        a.get_or_init(|| Rc::new(challenge::all().into_iter().map(Rc::new).collect()))
            .clone()
    })
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

fn with_done<T>(f: impl FnOnce(&mut Vec<String>) -> T) -> T {
    DONE.with(|d| {
        let cell = d.get_or_init(|| {
            RefCell::new(
                storage()
                    .and_then(|s| s.get_item(DONE_KEY).ok().flatten())
                    .map(|v| v.lines().take(64).map(str::to_string).collect())
                    .unwrap_or_default(),
            )
        });
        f(&mut cell.borrow_mut())
    })
}

fn mark_done(id: &str) {
    let ids = with_done(|ids| {
        let new = !ids.iter().any(|d| d == id);
        if new {
            ids.push(id.to_string());
        }
        new.then(|| ids.join("\n"))
    });
    if let (Some(ids), Some(s)) = (ids, storage()) {
        // A full or forbidden storage only loses the tick.
        let _ = s.set_item(DONE_KEY, &ids);
    }
}

fn tr(lang: Lang, en: &'static str, ru: &'static str) -> &'static str {
    if lang == Lang::Ru {
        ru
    } else {
        en
    }
}

fn active_id() -> Option<String> {
    ACTIVE.with(|a| a.borrow().as_ref().map(|a| a.challenge.id.clone()))
}

/// The challenges' group in the scenario menu, each marked when solved.
pub fn options(lang: Lang) -> Html {
    let done = with_done(|d| d.clone());
    let active = active_id();
    let ru = lang == Lang::Ru;
    html! {
        <optgroup label={tr(lang, "Challenges: find and fix", "Задачи: найдите и исправьте")}>
            { for all().iter().map(|c| {
                let solved = done.contains(&c.id);
                let title = format!("{}{}", if solved { "✓ " } else { "" }, c.title.get(ru));
                html! {
                    <option value={format!("{PREFIX}{}", c.id)} selected={active.as_deref() == Some(c.id.as_str())}>
                        { title }
                    </option>
                }
            }) }
        </optgroup>
    }
}

/// The scenario menu chose `value`: a challenge starts (the action that restarts the cluster at
/// its broken state); anything else leaves the challenge being solved.
pub fn select(value: &str) -> Option<Action> {
    let chosen = value
        .strip_prefix(PREFIX)
        .and_then(|id| all().iter().find(|c| c.id == id).cloned());
    ACTIVE.with(|a| {
        *a.borrow_mut() = chosen.clone().map(|challenge| Active {
            challenge,
            failed: 0,
            verdict: None,
        })
    });
    GENERATION.with(|g| g.set(g.get() + 1));
    chosen.map(|c| Action::Restart {
        text: c.manifests.clone(),
        setup: c.setup_script(),
    })
}

#[derive(Properties, PartialEq)]
pub struct PanelProps {
    pub lang: Lang,
    pub cluster: SharedCluster,
    pub dispatcher: UseReducerDispatcher<Playground>,
    /// A start or leave since the last render redraws the panel.
    pub generation: u64,
}

/// The panel (what `lazy::challenge_panel` draws).
pub fn render(lang: Lang, cluster: SharedCluster, dispatcher: UseReducerDispatcher<Playground>) -> Html {
    let generation = GENERATION.with(Cell::get);
    html! { <Panel {lang} {cluster} {dispatcher} {generation} /> }
}

/// The panel of the challenge being solved (nothing when none is).
#[function_component(Panel)]
pub fn panel(props: &PanelProps) -> Html {
    let update = use_force_update();
    let lang = props.lang;
    let ru = lang == Lang::Ru;
    let Some((challenge, failed, verdict)) = ACTIVE.with(|a| {
        a.borrow()
            .as_ref()
            .map(|a| (a.challenge.clone(), a.failed, a.verdict.clone()))
    }) else {
        return html! {};
    };
    let on_check = {
        let cluster = props.cluster.clone();
        let update = update.clone();
        let dispatcher = props.dispatcher.clone();
        Callback::from(move |_: MouseEvent| {
            let verdict = ACTIVE.with(|a| {
                let mut a = a.borrow_mut();
                let active = a.as_mut()?;
                let verdict = active.challenge.check(&cluster.borrow(), active.failed);
                if !verdict.solved() {
                    active.failed += 1;
                }
                active.verdict = Some(verdict.clone());
                Some((active.challenge.id.clone(), verdict))
            });
            if let Some((id, v)) = verdict {
                if v.solved() {
                    mark_done(&id);
                    // Redraws the page, whose menu ticks the challenge (no time passes).
                    dispatcher.dispatch(Action::Step(0));
                }
            }
            update.force_update();
        })
    };
    let on_solution = {
        let dispatcher = props.dispatcher.clone();
        let script = challenge.solution.join("\n");
        Callback::from(move |_: MouseEvent| {
            dispatcher.dispatch(Action::RunScript(script.clone()));
            dispatcher.dispatch(Action::SetTab(Tab::Terminal));
        })
    };
    let on_leave = {
        let update = update.clone();
        Callback::from(move |_: MouseEvent| {
            ACTIVE.with(|a| *a.borrow_mut() = None);
            GENERATION.with(|g| g.set(g.get() + 1));
            update.force_update();
        })
    };
    let hints = verdict
        .as_ref()
        .map_or(failed.min(challenge.hints.len()), |v| v.hints);
    html! {
        <section class="challenge" data-testid="challenge" aria-labelledby="challenge-title">
            <style>{STYLE}</style>
            <div class="challenge-head">
                <h2 id="challenge-title">
                    <span class="challenge-kind">{tr(lang, "Challenge", "Задача")}</span>{": "}{challenge.title.get(ru)}
                </h2>
                <button class="btn ghost icon" data-testid="challenge-leave" onclick={on_leave}
                    aria-label={tr(lang, "Leave the challenge", "Выйти из задачи")}
                    title={tr(lang, "Leave the challenge", "Выйти из задачи")}>{"×"}</button>
            </div>
            <p class="challenge-task" data-testid="challenge-task">{ inline_code(challenge.task.get(ru)) }</p>
            <div class="challenge-actions">
                <button class="btn btn-primary" data-testid="challenge-check" onclick={on_check}>
                    {tr(lang, "Check", "Проверить")}
                </button>
                <button class="btn" data-testid="challenge-solution" onclick={on_solution}
                    title={tr(lang, "Runs the fix in the terminal, each command echoed", "Выполняет исправление в терминале, показывая каждую команду")}>
                    {tr(lang, "Show solution", "Показать решение")}
                </button>
            </div>
            <div role="status" aria-live="polite" data-testid="challenge-verdict">
                { match &verdict {
                    None => html! {},
                    Some(v) if v.solved() => html! {
                        <p class="challenge-solved" data-state="solved">
                            {tr(lang, "✓ Solved: every symptom is gone.", "✓ Решено: ни одного симптома не осталось.")}
                        </p>
                    },
                    Some(v) => html! {
                        <>
                            <p data-state="open">{tr(lang, "Still broken:", "Ещё не исправлено:")}</p>
                            <ul class="challenge-symptoms">
                                { for v.present.iter().filter_map(|&i| challenge.symptoms.get(i)).map(|s| html! {
                                    <li data-testid="challenge-symptom">{ inline_code(s.message.get(ru)) }</li>
                                }) }
                            </ul>
                        </>
                    },
                } }
            </div>
            if hints > 0 {
                <div class="challenge-hints">
                    <h3>{tr(lang, "Hints", "Подсказки")}</h3>
                    <ol data-testid="challenge-hints">
                        { for challenge.hints.iter().take(hints).map(|h| html! {
                            <li data-testid="challenge-hint">{ inline_code(h.get(ru)) }</li>
                        }) }
                    </ol>
                </div>
            }
        </section>
    }
}

/// A text with its `backticked` spans as code, as the challenge files write them.
fn inline_code(text: &str) -> Html {
    html! {
        { for text.split('`').enumerate().map(|(i, part)| if i % 2 == 1 {
            html! { <code>{part}</code> }
        } else {
            html! { {part} }
        }) }
    }
}
