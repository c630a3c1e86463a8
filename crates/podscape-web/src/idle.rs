//! The page's idle time: work the session does ahead of the learner in the gaps between
//! frames ([`Session::warm`]: rewind's checkpoints before the moment shown, so that the next
//! seeks back replay about a second), a piece at a time, so that no frame waits for it.
//! `requestIdleCallback` where the browser has it; elsewhere (Safari) a timeout and a short
//! slice of its own. Chromium gives no idle period for a while after a long frame (the first
//! seek into the past is one): past [`IDLE_TIMEOUT_MS`] the callback runs anyway, with a
//! short slice, so that the seeks right after it find their checkpoints too.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use podscape_core::session::Session;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

use crate::state::Lazy;

/// A piece (an input's replay, a checkpoint's clone) takes about a millisecond or two of the
/// 317-pod bench cluster's: none is started with less of the idle period left than this.
const MARGIN_MS: f64 = 3.0;
/// Without an idle period (no `requestIdleCallback`, or none given within
/// [`IDLE_TIMEOUT_MS`]): the slice each turn takes, and the wait before it.
const SLICE_MS: f64 = 4.0;
const WAIT_MS: u32 = 20;
const IDLE_TIMEOUT_MS: u32 = 50;

pub struct Idle {
    session: Rc<RefCell<Session>>,
    /// A callback is asked for and has not run yet.
    scheduled: Cell<bool>,
}

impl Idle {
    pub fn new(session: Rc<RefCell<Session>>) -> Rc<Idle> {
        Rc::new(Idle {
            session,
            scheduled: Cell::new(false),
        })
    }

    /// Asks for idle time if the session looks at the past (after each render of the app).
    pub fn wake(self: &Rc<Self>) {
        let looking_back = self.session.try_borrow().is_ok_and(|s| s.past_ms().is_some());
        if looking_back && !self.scheduled.get() {
            self.schedule();
        }
    }

    fn schedule(self: &Rc<Self>) {
        let Some(window) = web_sys::window() else {
            return;
        };
        self.scheduled.set(true);
        let this = self.clone();
        let has_idle = js_sys::Reflect::has(&window, &"requestIdleCallback".into()).unwrap_or(false);
        if has_idle {
            let callback = Closure::once_into_js(move |deadline: web_sys::IdleDeadline| {
                if deadline.did_timeout() {
                    this.run(slice());
                } else {
                    this.run(|| deadline.time_remaining());
                }
            });
            let options = web_sys::IdleRequestOptions::new();
            options.set_timeout(IDLE_TIMEOUT_MS);
            if window
                .request_idle_callback_with_options(callback.unchecked_ref(), &options)
                .is_err()
            {
                self.scheduled.set(false);
            }
        } else {
            gloo::timers::callback::Timeout::new(WAIT_MS, move || this.run(slice())).forget();
        }
    }

    /// Works while `remaining` says the idle period has room; asks again if work is left.
    fn run(self: &Rc<Self>, remaining: impl Fn() -> f64) {
        self.scheduled.set(false);
        let mut more = true;
        while more && remaining() > MARGIN_MS {
            // The app is being reduced (an action in the same task): try the next idle time.
            let Ok(mut session) = self.session.try_borrow_mut() else {
                break;
            };
            more = session.warm(&Lazy);
        }
        if more {
            self.wake();
        }
    }
}

/// What is left of a [`SLICE_MS`] slice that starts now.
fn slice() -> impl Fn() -> f64 {
    let performance = web_sys::window().and_then(|w| w.performance());
    let start = performance.as_ref().map_or(0.0, |p| p.now());
    move || SLICE_MS - (performance.as_ref().map_or(SLICE_MS, |p| p.now()) - start)
}
