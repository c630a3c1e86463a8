//! The timeline under the stage (reached only through `lazy::timeline`, so it loads with the
//! second module): a scrubber over the session's virtual time (a range input: drag it, or use
//! the arrows, Page Up/Down, Home and End), the markers of what happened coloured by kind
//! (labelled on hover; the marker list is their keyboard form), and, while looking back, the
//! banner that says so with Live, replay and branch. Seeking is the session's
//! (`Action::Seek`): every view draws the session's cluster, so they all show that moment.
//!
//! Its words are here, English and Russian, rather than in `i18n.rs`: that table is in the
//! first load, and none of these is needed before the second module arrives.

use podscape_core::rewind::{Marker, MarkerKind};
use podscape_core::session::Action;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::i18n::Lang;
use crate::inspector::SharedCluster;
use crate::state::{MotionHandle, Moving};

#[derive(Properties, PartialEq, Clone)]
pub struct TimelineProps {
    pub session: SharedCluster,
    /// While looking back the timeline follows the clock, which is the moment shown.
    pub motion: MotionHandle,
    /// Moves whenever the objects' views move (each virtual second, each change).
    pub version: u64,
    pub lang: Lang,
    pub on_action: Callback<Action>,
}

/// What `lazy::timeline` draws.
pub(crate) fn view(props: &TimelineProps) -> Html {
    let props = props.clone();
    html! { <Timeline ..props /> }
}

/// The scrubber's step: an arrow key moves a tenth of a second.
const STEP_MS: u64 = 100;

/// The most markers listed (the newest); the strip draws all of them.
const LISTED: usize = 200;

fn tr(lang: Lang, en: &'static str, ru: &'static str) -> &'static str {
    if lang == Lang::Ru {
        ru
    } else {
        en
    }
}

/// `1m 20s`, `45s`, `0.5s`.
fn span(ms: u64, lang: Lang) -> String {
    let (m, s, tenth) = (ms / 60_000, ms / 1000 % 60, ms / 100 % 10);
    let (min, sec) = (tr(lang, "m", "мин"), tr(lang, "s", "с"));
    match (m, s) {
        (0, 0) if lang == Lang::Ru => format!("0,{tenth} {sec}"),
        (0, 0) => format!("0.{tenth}{sec}"),
        (0, s) => format!("{s}{}{sec}", if lang == Lang::Ru { " " } else { "" }),
        (m, s) if lang == Lang::Ru => format!("{m} {min} {s} {sec}"),
        (m, s) => format!("{m}{min} {s}{sec}"),
    }
}

fn kind_label(kind: MarkerKind, lang: Lang) -> &'static str {
    match kind {
        MarkerKind::Apply => tr(lang, "apply", "применение"),
        MarkerKind::Mutation => tr(lang, "change", "изменение"),
        MarkerKind::Fault => tr(lang, "fault", "сбой"),
        MarkerKind::Setting => tr(lang, "setting", "настройка"),
        MarkerKind::Created => tr(lang, "pod created", "под создан"),
        MarkerKind::Ready => tr(lang, "pod ready", "под готов"),
        MarkerKind::Terminated => tr(lang, "pod terminated", "под завершён"),
        MarkerKind::Endpoints => tr(lang, "endpoints", "эндпоинты"),
        MarkerKind::Failed => tr(lang, "failed requests", "неудачные запросы"),
        MarkerKind::Rollout => tr(lang, "rollout step", "шаг выкатки"),
        MarkerKind::Warning => tr(lang, "warning", "предупреждение"),
    }
}

fn label(m: &Marker, start: u64, lang: Lang) -> String {
    format!(
        "{} · {} · {} {}",
        span(m.t_ms.saturating_sub(start), lang),
        kind_label(m.kind, lang),
        m.object,
        m.text
    )
}

/// A share link's fragment for the session at the moment it shows (`None` without a timeline).
fn moment_link(
    session: &podscape_core::session::Session,
) -> Option<Result<String, podscape_core::share::ShareError>> {
    let tl = session.timeline()?;
    Some(podscape_core::share::encode(
        &podscape_core::share::Shared {
            start: Some(podscape_core::share::StartFrom::Scenario(
                session.scenario().id.to_string(),
            )),
            seed: Some(session.seed()),
            proxy: Some(tl.origin().proxy_mode()),
            yaml: Some(session.booted_text().to_string()),
            rewind: Some(session.rewind_text()),
            at_ms: Some(session.cluster().now_ms().saturating_sub(tl.start_ms())),
            ..Default::default()
        },
        podscape_core::share::LINK,
    ))
}

/// While looking back, the clock is the moment shown: the timeline is drawn again whenever it
/// moves, since a seek draws the app again only when an object changed (see the session's
/// `show_moment`). Live, the timeline is drawn with the app.
#[hook]
fn use_moment(motion: &MotionHandle, session: &SharedCluster) {
    let update = use_force_update();
    use_effect_with((motion.clone(), session.clone()), move |(motion, session)| {
        let (motion, session) = (motion.0.clone(), session.0.clone());
        let id = motion.subscribe(
            Moving::Clock,
            Callback::from(move |()| {
                if session.try_borrow().is_ok_and(|s| s.past_ms().is_some()) {
                    update.force_update();
                }
            }),
        );
        move || motion.unsubscribe(id)
    });
}

#[function_component(Timeline)]
fn timeline(props: &TimelineProps) -> Html {
    use_moment(&props.motion, &props.session);
    let lang = props.lang;
    let session = props.session.0.borrow();
    let Some(tl) = session.timeline() else {
        return html! {};
    };
    let (start, live) = (tl.start_ms(), session.live_ms());
    let shown = session.cluster().now_ms();
    let past = session.past_ms();
    let replaying = session.replaying();
    let waiting = session.waiting_for_branch().is_some();
    let can_undo = tl.can_undo_branch();
    let act = |action: Action| {
        let on = props.on_action.clone();
        Callback::from(move |_: MouseEvent| on.emit(action.clone()))
    };
    let on_input = {
        let on = props.on_action.clone();
        Callback::from(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            if let Ok(t) = input.value().parse::<f64>() {
                let t = t.max(0.0) as u64;
                // The range snaps to its steps from `min`: the last step short of the present
                // (End, or a drag to the right end) is the present.
                on.emit(Action::Seek(if t.saturating_add(STEP_MS) > live {
                    u64::MAX
                } else {
                    t
                }));
            }
        })
    };
    // "Look at this moment": a link with the session's inputs and the time shown, encoded
    // when asked for (it compresses every input of the session: not for every render).
    let on_share = {
        let on = props.on_action.clone();
        let shared = props.session.clone();
        Callback::from(move |_: MouseEvent| {
            // Read, then let go of the session before acting on it.
            let link = moment_link(&shared.0.borrow());
            match link {
                None => {}
                Some(Ok(fragment)) => {
                    let link = format!("#{fragment}");
                    if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
                        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&link));
                    }
                    on.emit(Action::Note(format!(
                        "{} {link}",
                        tr(lang, "a link to this moment:", "ссылка на этот момент:")
                    )));
                }
                Some(Err(_)) => on.emit(Action::Notice(podscape_core::session::Notice::ShareTooLarge)),
            }
        })
    };
    let value_text = match past {
        Some(ago) => format!("{} {}", span(ago, lang), tr(lang, "ago", "назад")),
        None => tr(lang, "live", "сейчас").to_string(),
    };
    // What the markers' views depend on, besides the moment shown: while scrubbing, none of
    // it changes, so neither strip nor list is drawn again each frame.
    let markers = tl.markers();
    let version = (
        markers.len(),
        markers.front().map(|m| m.t_ms),
        markers.back().map(|m| m.t_ms),
        start,
        live,
    );
    let list_open = use_state(|| false);
    let on_toggle = {
        let list_open = list_open.clone();
        Callback::from(move |e: Event| {
            let details: web_sys::Element = e.target_unchecked_into();
            list_open.set(details.has_attribute("open"));
        })
    };
    html! {
        <section class={classes!("timeline", past.is_some().then_some("in-past"))}
            aria-label={tr(lang, "Timeline", "Хронология")} data-testid="timeline">
            if let Some(ago) = past {
                <div class="past-banner" role="status" data-testid="past-banner">
                    <strong>{tr(lang, "Viewing the past:", "Вы смотрите в прошлое:")}</strong>
                    {format!(" {} {} ", span(ago, lang), tr(lang, "ago", "назад"))}
                    <button class="btn btn-primary" data-testid="live" onclick={act(Action::Live)}>
                        {tr(lang, "Live", "К текущему")}</button>
                    if replaying.is_some() {
                        <button class="btn" data-testid="replay-stop" onclick={act(Action::Replay(None))}>
                            {tr(lang, "Stop replay", "Остановить")}</button>
                    } else {
                        <button class="btn" data-testid="replay" onclick={act(Action::Replay(Some(1.0)))}>
                            {tr(lang, "Replay 1×", "Воспроизвести 1×")}</button>
                        <button class="btn" data-testid="replay-fast" onclick={act(Action::Replay(Some(5.0)))}>
                            {"5×"}</button>
                    }
                    <button class={classes!("btn", waiting.then_some("btn-primary"))} data-testid="branch"
                        onclick={act(Action::Branch)}>{tr(lang, "Branch from here", "Новая ветка отсюда")}</button>
                </div>
            }
            <div class="scrub">
                <MarkStrip session={props.session.clone()} {version} {lang} />
                <input type="range" class="scrubber" data-testid="scrubber" min={start.to_string()} max={live.to_string()}
                    step={STEP_MS.to_string()} value={shown.to_string()} oninput={on_input}
                    aria-label={tr(lang, "Time in the session", "Время сессии")} aria-valuetext={value_text} />
            </div>
            <div class="timeline-foot">
                <details class="marker-list" ontoggle={on_toggle}>
                    <summary>{format!("{} ({})", tr(lang, "What happened", "Что произошло"), markers.len())}</summary>
                    // Drawn only while open: closed, it is 200 buttons redrawn for nothing.
                    if *list_open {
                        <MarkList session={props.session.clone()} {version} {shown} {lang} on_action={props.on_action.clone()} />
                    }
                </details>
                <button class="btn ghost" data-testid="share-moment" onclick={on_share}>
                    {tr(lang, "Share this moment", "Поделиться моментом")}</button>
                if can_undo {
                    <button class="btn ghost" data-testid="undo-branch" onclick={act(Action::UndoBranch)}>
                        {tr(lang, "Undo branch", "Отменить ветку")}</button>
                }
            </div>
        </section>
    }
}

/// What the markers were drawn from: their count, oldest and newest times, and the
/// timeline's span.
type MarkersVersion = (usize, Option<u64>, Option<u64>, u64, u64);

#[derive(Properties, PartialEq)]
struct MarkStripProps {
    session: crate::inspector::SharedCluster,
    version: MarkersVersion,
    lang: Lang,
}

/// The strip: one tick per marker (thinned to one per pixel-ish step of 0.25 %).
#[function_component(MarkStrip)]
fn mark_strip(props: &MarkStripProps) -> Html {
    let lang = props.lang;
    let (.., start, live) = props.version;
    let session = props.session.0.borrow();
    let Some(tl) = session.timeline() else {
        return html! {};
    };
    let width = live.saturating_sub(start).max(1);
    let mut last_pos = -1.0;
    let ticks = tl.markers().iter().filter(|m| m.t_ms >= start).filter_map(|m| {
        let pos = m.t_ms.saturating_sub(start) as f64 * 100.0 / width as f64;
        if pos - last_pos < 0.25 && !matches!(m.kind, MarkerKind::Warning | MarkerKind::Fault) {
            return None;
        }
        last_pos = pos;
        Some(html! {
            <span class={classes!("mark", format!("mk-{}", m.kind.as_str()))}
                style={format!("left:{pos:.2}%")} title={label(m, start, lang)} />
        })
    });
    html! { <div class="marks" aria-hidden="true">{ for ticks }</div> }
}

#[derive(Properties, PartialEq)]
struct MarkListProps {
    session: crate::inspector::SharedCluster,
    version: MarkersVersion,
    /// The moment shown: its marker is the current one.
    shown: u64,
    lang: Lang,
    on_action: Callback<Action>,
}

/// The markers' keyboard form: the newest [`LISTED`], each a button that seeks to it.
#[function_component(MarkList)]
fn mark_list(props: &MarkListProps) -> Html {
    let (lang, shown) = (props.lang, props.shown);
    let (_, _, _, start, _) = props.version;
    let session = props.session.0.borrow();
    let Some(tl) = session.timeline() else {
        return html! {};
    };
    let items = tl.markers().iter().rev().take(LISTED).map(|m| {
        let t = m.t_ms;
        let on = props.on_action.clone();
        html! {
            <li>
                <button class={classes!("mark-item", format!("mk-{}", m.kind.as_str()))}
                    aria-current={(t == shown).then_some("true")} onclick={Callback::from(move |_: MouseEvent| on.emit(Action::Seek(t)))}>
                    <span class="dot" aria-hidden="true" />{label(m, start, lang)}
                </button>
            </li>
        }
    });
    html! { <ul>{ for items }</ul> }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_read_in_both_languages() {
        assert_eq!(span(80_000, Lang::En), "1m 20s");
        assert_eq!(span(80_000, Lang::Ru), "1 мин 20 с");
        assert_eq!(span(45_000, Lang::En), "45s");
        assert_eq!(span(500, Lang::En), "0.5s");
    }
}
