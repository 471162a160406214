//! The from / to date fields.

use sift_core::Date;
use wasm_bindgen::JsCast;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::i18n::Lang;

/// The dates of the range: the first and last day chosen, and the earliest and latest
/// dates of the index (to bound the pickers).
pub(crate) struct Dates {
    pub(crate) from: Option<Date>,
    pub(crate) to: Option<Date>,
    pub(crate) bounds: Option<(Date, Date)>,
}

fn date_callback(emit: Callback<Option<Date>>) -> Callback<Event> {
    Callback::from(move |event: Event| {
        if let Some(input) = event.target().and_then(|t| t.dyn_into::<HtmlInputElement>().ok()) {
            emit.emit(Date::parse_iso(&input.value()));
        }
    })
}

/// Two `input[type=date]` fields named `from` and `to`; `onfrom` and `onto` are called with
/// a new first and last day.
pub(crate) fn date_range(
    dates: Dates,
    onfrom: Callback<Option<Date>>,
    onto: Callback<Option<Date>>,
    lang: Lang,
) -> Html {
    let text = lang.text();
    let value = |date: Option<Date>| date.map(|d| d.to_string()).unwrap_or_default();
    let (min, max) = match dates.bounds {
        Some((min, max)) => (Some(min.to_string()), Some(max.to_string())),
        None => (None, None),
    };
    html! {
        <fieldset class="sift-dates">
            <legend>{ text.dates }</legend>
            <label>
                <span>{ text.from }</span>
                <input type="date" name="from" value={value(dates.from)} min={min.clone()} max={max.clone()}
                    onchange={date_callback(onfrom)} />
            </label>
            <label>
                <span>{ text.to }</span>
                <input type="date" name="to" value={value(dates.to)} {min} {max}
                    onchange={date_callback(onto)} />
            </label>
        </fieldset>
    }
}
