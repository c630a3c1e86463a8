//! The Lesson tab: the current step's explanation (with its docs link), what to do and why, a
//! prediction asked before the outcome and answered next to it, Check (what is missing), hints
//! one at a time, Show me, Skip; the course's lessons with what is done; the step's highlight
//! drawn on the stage. Reached only through `lazy::tab_body`, so it loads after the first paint.

use std::rc::Rc;

use podscape_core::lesson::{Course, Highlight, Lesson, Mark, Run, Step};
use podscape_core::session::{Action, LessonIntent};
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::i18n::{t, tl, Lang, L, T};
use crate::inspector::inline_code;

#[derive(Properties, PartialEq)]
pub struct LessonProps {
    pub run: Option<Run>,
    pub course: Course,
    pub lang: Lang,
    pub share_progress: bool,
    /// Moves when the stage may have redrawn (the highlight is put back).
    pub version: u64,
    pub on_action: Callback<Action>,
}

/// The attribute the stylesheet draws a highlight for.
const MARK: &str = "data-lesson-hl";

/// The elements a highlight names: stage items by their `data-stage-item`, pods by name, the
/// inspector's tabs by id. Names come from the built-in lessons; anything but `[a-z0-9.-]` is
/// ignored, so no name can build another selector.
fn selectors(h: &Highlight) -> Vec<String> {
    let name = &h.name;
    if name.is_empty()
        || !name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'.')
    {
        return Vec::new();
    }
    match h.kind.as_str() {
        "service" => vec![format!("[data-stage-item=\"svc/{name}\"]")],
        "deployment" => vec![
            format!("[data-stage-item=\"deploy/{name}\"]"),
            format!("[data-testid=pod][data-name^=\"{name}-\"]"),
        ],
        "pod" => vec![format!("[data-testid=pod][data-name=\"{name}\"]")],
        "node" => vec![format!("[data-stage-item=\"node/{name}\"]")],
        "tab" => vec![format!("#tab-{name}")],
        // A chain lives in the Rules tab; the panel names it.
        "chain" => vec!["#tab-rules".to_string()],
        _ => Vec::new(),
    }
}

fn each(selector: &str, f: impl Fn(&web_sys::Element)) {
    let Some(list) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector_all(selector).ok())
    else {
        return;
    };
    // Bounded by the page's elements.
    for i in 0..list.length() {
        if let Some(el) = list
            .item(i)
            .and_then(|n| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(n).ok())
        {
            f(&el);
        }
    }
}

fn clear_highlight() {
    each(&format!("[{MARK}]"), |el| {
        let _ = el.remove_attribute(MARK);
    });
}

#[function_component(LessonPanel)]
pub fn lesson_panel(props: &LessonProps) -> Html {
    let lang = props.lang;
    let lessons = crate::lazy::lessons().unwrap_or_default();
    // The current step's highlight, put back whenever the stage may have redrawn.
    let highlight: Vec<Highlight> = props
        .run
        .as_ref()
        .and_then(Run::current)
        .map(|s| s.highlight.clone())
        .unwrap_or_default();
    use_effect_with((highlight, props.version), |(highlight, _)| {
        clear_highlight();
        for h in highlight {
            for selector in selectors(h) {
                each(&selector, |el| {
                    let _ = el.set_attribute(MARK, "");
                });
            }
        }
        clear_highlight
    });
    let intent = |i: LessonIntent| props.on_action.reform(move |_: MouseEvent| Action::Lesson(i));
    let share = {
        let on_action = props.on_action.clone();
        Callback::from(move |e: Event| {
            let on = e
                .target_dyn_into::<HtmlInputElement>()
                .is_some_and(|i| i.checked());
            on_action.emit(Action::Lesson(LessonIntent::ShareProgress(on)));
        })
    };
    let footer = html! {
        <>
            { course_list(&lessons, &props.course, props.run.as_ref().map(|r| r.lesson.id.as_str()), lang, &props.on_action) }
            <label class="share-progress">
                <input type="checkbox" data-testid="share-progress" checked={props.share_progress} onchange={share} />
                { tl(lang, L::ShareProgress) }
            </label>
        </>
    };
    let Some(run) = &props.run else {
        return html! {
            <div class="lesson" data-testid="lesson">
                <p class="muted">{ t(lang, T::NoLesson) }</p>
                { footer }
            </div>
        };
    };
    let ru = lang == Lang::Ru;
    let lesson = &run.lesson;
    let total = lesson.steps.len();
    html! {
        <div class="lesson" data-testid="lesson">
            <h3>{ if ru { &lesson.title_ru } else { &lesson.title_en } }</h3>
            if !lesson.assumes.is_empty() {
                <p class="assumes muted">{ tl(lang, L::Assumes) }{" "}{ inline_code(lesson.assumes.get(ru)) }</p>
            }
            <ol>
                { for lesson.steps.iter().enumerate().map(|(i, step)| {
                    let skipped = run.skipped.contains(&i);
                    let state = if i < run.done { "done" } else if i == run.done { "current" } else { "later" };
                    let tick = if skipped { "↷" } else if i < run.done { "✓" } else { "○" };
                    html! {
                        <li class={classes!("step", state, skipped.then_some("skipped"))} data-state={state}
                            aria-current={(i == run.done).then_some("step")}>
                            <span class="tick" aria-hidden="true">{ tick }</span>
                            <div class="step-body">
                                <span class="task">{ inline_code(step.task.get(ru)) }</span>
                                if skipped {
                                    <span class="badge">{ tl(lang, L::Skipped) }</span>
                                }
                                if i == run.done {
                                    { current_step(run, step, i, total, lang, &props.on_action) }
                                    <div class="lesson-actions">
                                        <button class="btn btn-primary" data-testid="lesson-check" onclick={intent(LessonIntent::Check)}>{ tl(lang, L::Check) }</button>
                                        <button class="btn" data-testid="lesson-hint" onclick={intent(LessonIntent::Hint)}
                                            disabled={run.hints >= step.hints.len()}>{ tl(lang, L::Hint) }</button>
                                        <button class="btn" data-testid="lesson-show" onclick={intent(LessonIntent::ShowMe)}>{ tl(lang, L::ShowMe) }</button>
                                        <button class="btn ghost" data-testid="lesson-skip" onclick={intent(LessonIntent::Skip)}>{ tl(lang, L::Skip) }</button>
                                    </div>
                                } else if i < run.done {
                                    { outcome(run, step, i, lang) }
                                }
                            </div>
                        </li>
                    }
                }) }
            </ol>
            if run.done >= total {
                <p class="lesson-done" role="status">{ t(lang, T::LessonDone) }</p>
            }
            { footer }
        </div>
    }
}

/// The step being worked on: explanation and docs link, what to do, why, the highlight, the
/// prediction, the last check's findings and the hints shown so far.
fn current_step(
    run: &Run,
    step: &Step,
    i: usize,
    total: usize,
    lang: Lang,
    on_action: &Callback<Action>,
) -> Html {
    let ru = lang == Lang::Ru;
    let counter = tl(lang, L::StepOf)
        .replace("{n}", &(i + 1).to_string())
        .replace("{total}", &total.to_string());
    let chains: Vec<&str> = step
        .highlight
        .iter()
        .filter(|h| h.kind == "chain")
        .map(|h| h.name.as_str())
        .collect();
    html! {
        <div class="step-detail" data-testid="lesson-step">
            <h4>{ counter }</h4>
            <p class="explain">{ inline_code(if ru { &step.text_ru } else { &step.text_en }) }</p>
            if let Some(doc) = &step.doc {
                <p><a class="doc" href={doc.clone()} target="_blank" rel="noopener noreferrer">
                    { tl(lang, L::Docs) }<span class="visually-hidden">{" "}{ tl(lang, L::NewTab) }</span>
                </a></p>
            }
            <h5>{ tl(lang, L::WhatToDo) }</h5>
            <p>{ inline_code(step.task.get(ru)) }</p>
            <h5>{ tl(lang, L::Why) }</h5>
            <p>{ inline_code(step.why.get(ru)) }</p>
            if !chains.is_empty() {
                <p class="note">{ tl(lang, L::LookAt) }{" "}{ for chains.iter().map(|c| html! { <><code>{ *c }</code>{" "}</> }) }</p>
            }
            if let Some(p) = &step.predict {
                <fieldset class="predict" data-testid="predict">
                    <legend>{ tl(lang, L::Predict) }{": "}{ p.question.get(ru) }</legend>
                    <p class="note">{ tl(lang, L::PredictNote) }</p>
                    { for p.choices.iter().enumerate().map(|(c, choice)| {
                        let on_action = on_action.clone();
                        let onchange = Callback::from(move |_: Event| on_action.emit(Action::Lesson(LessonIntent::Predict(i, c))));
                        html! {
                            <label class="choice">
                                <input type="radio" name={format!("predict-{i}")} value={c.to_string()}
                                    checked={run.picks.get(i).copied().flatten() == Some(c)} {onchange} />
                                { inline_code(choice.get(ru)) }
                            </label>
                        }
                    }) }
                </fieldset>
            }
            if let Some(missing) = &run.missing {
                <div class="check" role="status" data-testid="lesson-missing">
                    if missing.is_empty() {
                        <p class="ok">{ tl(lang, L::AllHold) }</p>
                    } else {
                        <p>{ tl(lang, L::Missing) }</p>
                        <ul>
                            { for missing.iter().filter_map(|g| step.missing.get(*g)).map(|m| html! {
                                <li>{ inline_code(m.get(ru)) }</li>
                            }) }
                        </ul>
                    }
                </div>
            }
            if run.hints > 0 {
                <div class="hints" data-testid="lesson-hints" role="status">
                    <h5>{ tl(lang, L::Hints) }</h5>
                    <ol>
                        { for step.hints.iter().take(run.hints).map(|h| html! { <li>{ inline_code(h.get(ru)) }</li> }) }
                    </ol>
                </div>
            }
        </div>
    }
}

/// A step behind the learner: its prediction answered next to the outcome.
fn outcome(run: &Run, step: &Step, i: usize, lang: Lang) -> Html {
    let ru = lang == Lang::Ru;
    let Some(p) = &step.predict else {
        return html! {};
    };
    let pick = run.picks.get(i).copied().flatten();
    let answer: Vec<&str> = p
        .answer
        .iter()
        .filter_map(|a| p.choices.get(*a))
        .map(|c| c.get(ru))
        .collect();
    let right = pick.is_some_and(|c| p.answer.contains(&c));
    html! {
        <div class="predict-outcome" data-testid="predict-outcome" data-right={right.to_string()}>
            <p class="note">{ p.question.get(ru) }</p>
            if let Some(choice) = pick.and_then(|c| p.choices.get(c)) {
                <p>{ tl(lang, L::YourAnswer) }{" "}{ inline_code(choice.get(ru)) }{" "}
                    <strong class={if right { "ok" } else { "warn" }}>{ tl(lang, if right { L::Right } else { L::NotQuite }) }</strong></p>
            } else {
                <p>{ tl(lang, L::NoAnswer) }</p>
            }
            if !right {
                <p>{ tl(lang, L::TheAnswer) }{" "}{ inline_code(&answer.join(" / ")) }</p>
            }
            <p>{ inline_code(p.explain.get(ru)) }</p>
        </div>
    }
}

/// Every lesson of the course with its mark; the current one is not a button.
fn course_list(
    lessons: &Rc<Vec<Rc<Lesson>>>,
    course: &Course,
    current: Option<&str>,
    lang: Lang,
    on_action: &Callback<Action>,
) -> Html {
    let ru = lang == Lang::Ru;
    html! {
        <section class="course" aria-label={ tl(lang, L::Course) }>
            <h4>{ tl(lang, L::Course) }</h4>
            <ol data-testid="course">
                { for lessons.iter().map(|l| {
                    let mark = course.mark(&l.id);
                    let (badge, name) = match mark {
                        Some(Mark::Done) => ("✓", "done"),
                        Some(Mark::Skipped) => ("↷", "skipped"),
                        None => ("", ""),
                    };
                    let id = l.id.clone();
                    let title = if ru { l.title_ru.clone() } else { l.title_en.clone() };
                    html! {
                        <li data-lesson={l.id.clone()} data-mark={name}>
                            <span class="tick" aria-hidden="true">{ badge }</span>
                            if current == Some(l.id.as_str()) {
                                <span aria-current="true">{ title }</span>
                            } else {
                                <button class="link" onclick={on_action.reform(move |_: MouseEvent| Action::StartLesson(id.clone()))}>
                                    { title }
                                </button>
                            }
                            if let Some(m) = mark {
                                <span class="badge">{ tl(lang, if m == Mark::Done { L::Done } else { L::Skipped }) }</span>
                            }
                        </li>
                    }
                }) }
            </ol>
        </section>
    }
}
