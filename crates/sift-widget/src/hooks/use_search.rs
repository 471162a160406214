//! Running searches in rounds, where a newer search cancels an older one.

use std::rc::Rc;

use sift_core::{Round, Rounds};
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::engine::Engine;
use crate::i18n::Lang;
use crate::state::{Action, State, View};

/// A search in rounds: each round's answer is shown as soon as it arrives (a first result,
/// then the page, then typo matches), and a round is skipped when the one before found
/// enough ([`Round::unless_found`]). No rounds means "show nothing".
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Plan {
    /// The rounds (`sift_core::quick_rounds`, `sift_core::with_typos`).
    pub(crate) rounds: Vec<Round>,
    /// Whether filters on facets the index lacks are dropped (they come from the URL, where
    /// the host page may have parameters of its own) rather than matching nothing.
    pub(crate) lenient: bool,
    /// The interface's language, in which results' facet values are labelled.
    pub(crate) lang: Lang,
}

/// Runs `plan` on `engine` whenever it changes, and dispatches each round's answer. Only
/// the newest plan's answers are dispatched: a slower, older search never overwrites a
/// newer one's results.
///
/// Returns whether `plan`'s search has yet to start: in the render where the plan changes
/// the state still holds the previous plan's answer (an empty query's "no results", say),
/// which must not be shown as this one's.
#[hook]
pub(crate) fn use_search(
    engine: Rc<Engine>,
    plan: Rc<Plan>,
    dispatch: UseReducerDispatcher<State>,
) -> bool {
    let generation = use_mut_ref(|| 0u64);
    let started = use_mut_ref(|| None::<Rc<Plan>>);
    let pending = started.borrow().as_ref() != Some(&plan);
    let started = Rc::clone(&started);
    use_effect_with((engine, plan), move |(engine, plan)| {
        *started.borrow_mut() = Some(Rc::clone(plan));
        let mine = {
            let mut current = generation.borrow_mut();
            *current += 1;
            *current
        };
        let (engine, plan) = (Rc::clone(engine), Rc::clone(plan));
        let current = {
            let generation = Rc::clone(&generation);
            move || *generation.borrow() == mine
        };
        dispatch.dispatch(Action::Started(mine));
        if plan.rounds.is_empty() {
            dispatch.dispatch(Action::Answered {
                generation: mine,
                view: View::default(),
                notice: None,
                last: true,
            });
        } else {
            let dispatch = dispatch.clone();
            spawn_local(async move {
                let mut rounds = Rounds::new(plan.rounds.clone());
                while let Some(step) = rounds.next_round().cloned() {
                    let Some(answer) =
                        engine.search(&step.request, plan.lenient, plan.lang.tag(), &current).await
                    else {
                        return;
                    };
                    if !current() {
                        return;
                    }
                    let results = answer.results;
                    rounds.answered(results.total);
                    let last = rounds.is_done();
                    dispatch.dispatch(Action::Answered {
                        generation: mine,
                        view: View {
                            total: results.total,
                            hits: results.hits,
                            facets: results.facets,
                            corrections: results.corrections,
                            some_words: step.some_words,
                        },
                        notice: answer.notice,
                        last,
                    });
                    if last {
                        break;
                    }
                    after_paint().await;
                }
            });
        }
        // Unmounting cancels the search too.
        let generation = Rc::clone(&generation);
        move || {
            if *generation.borrow() == mine {
                *generation.borrow_mut() += 1;
            }
        }
    });
    pending
}

/// Resolves once the answer just dispatched is painted: after the next animation frame
/// (or 100 ms, in a background tab that has no frames). Yew renders a dispatch in a
/// microtask, so without this wait the next round's fetches would go out before the first
/// result is on screen and compete with it for the connection.
async fn after_paint() {
    let Some(window) = web_sys::window() else { return };
    let frame = js_sys::Promise::new(&mut |resolve, _| {
        let frame = window.request_animation_frame(&resolve).is_ok();
        let timer =
            window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 100).is_ok();
        if !frame && !timer {
            let _ = resolve.call0(&wasm_bindgen::JsValue::NULL);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(frame).await;
    // The frame's paint follows its animation callbacks; a task queued now runs after it.
    let painted = js_sys::Promise::new(&mut |resolve, _| {
        if window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0).is_err() {
            let _ = resolve.call0(&wasm_bindgen::JsValue::NULL);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(painted).await;
}
