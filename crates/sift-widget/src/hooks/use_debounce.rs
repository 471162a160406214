//! A value that follows another once it has stopped changing for a while.

use wasm_bindgen::prelude::*;
use yew::prelude::*;

/// `value`, but only after it has kept still for `millis` milliseconds.
#[hook]
pub(crate) fn use_debounce<T>(value: T, millis: i32) -> T
where
    T: Clone + PartialEq + 'static,
{
    let settled = use_state(|| value.clone());
    {
        let settled = settled.clone();
        use_effect_with(value, move |value| {
            let value = value.clone();
            let fire = Closure::once(move || settled.set(value));
            let window = web_sys::window();
            let timer = window.as_ref().and_then(|w| {
                w.set_timeout_with_callback_and_timeout_and_arguments_0(
                    fire.as_ref().unchecked_ref(),
                    millis,
                )
                .ok()
            });
            move || {
                if let (Some(window), Some(timer)) = (window, timer) {
                    window.clear_timeout_with_handle(timer);
                }
                drop(fire);
            }
        });
    }
    (*settled).clone()
}
