//! The from / to date fields.

use sift_core::Date;
use wasm_bindgen::JsCast;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::i18n::Lang;

/// Props of [`DateRange`].
#[derive(Clone, Debug, PartialEq, Properties)]
pub(crate) struct DateRangeProps {
    /// The first day.
    pub(crate) from: Option<Date>,
    /// The last day.
    pub(crate) to: Option<Date>,
    /// The earliest and latest dates of the index, to bound the pickers.
    pub(crate) bounds: Option<(Date, Date)>,
    /// Called with a new first day.
    pub(crate) onfrom: Callback<Option<Date>>,
    /// Called with a new last day.
    pub(crate) onto: Callback<Option<Date>>,
    /// The UI language.
    pub(crate) lang: Lang,
}

fn date_callback(emit: Callback<Option<Date>>) -> Callback<Event> {
    Callback::from(move |event: Event| {
        if let Some(input) = event.target().and_then(|t| t.dyn_into::<HtmlInputElement>().ok()) {
            emit.emit(Date::parse_iso(&input.value()));
        }
    })
}

/// Two `input[type=date]` fields named `from` and `to`.
#[component]
pub(crate) fn DateRange(props: &DateRangeProps) -> Html {
    let text = props.lang.text();
    let value = |date: Option<Date>| date.map(|d| d.to_string()).unwrap_or_default();
    let (min, max) = match props.bounds {
        Some((min, max)) => (Some(min.to_string()), Some(max.to_string())),
        None => (None, None),
    };
    html! {
        <fieldset class="sift-dates">
            <legend>{ text.dates }</legend>
            <label>
                <span>{ text.from }</span>
                <input type="date" name="from" value={value(props.from)} min={min.clone()} max={max.clone()}
                    onchange={date_callback(props.onfrom.clone())} />
            </label>
            <label>
                <span>{ text.to }</span>
                <input type="date" name="to" value={value(props.to)} {min} {max}
                    onchange={date_callback(props.onto.clone())} />
            </label>
        </fieldset>
    }
}
