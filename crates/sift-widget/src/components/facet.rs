//! One facet's values as checkboxes, each with its live count.

use yew::prelude::*;

/// `fieldset.sift-facet` of the facet `name` under the heading `label`, with one checkbox per
/// value: each value, what it is called in the interface's language, its count under the
/// current query and the other filters, and whether it is selected. `ontoggle` is called
/// with a value the reader ticked or unticked.
pub(crate) fn facet_filter(
    name: &str,
    label: String,
    values: &[(String, String, u32, bool)],
    ontoggle: &Callback<String>,
) -> Html {
    html! {
        <fieldset class="sift-facet" data-facet={name.to_string()}>
            <legend>{ label }</legend>
            <div class="sift-facet-values">
                { for values.iter().map(|(value, shown, count, checked)| {
                    let onchange = {
                        let (ontoggle, value) = (ontoggle.clone(), value.clone());
                        Callback::from(move |_: Event| ontoggle.emit(value.clone()))
                    };
                    html! {
                        <label class={classes!("sift-facet-value", (*count == 0 && !checked).then_some("sift-empty"))}>
                            <input type="checkbox" value={value.clone()} checked={*checked} {onchange} />
                            <span class="sift-value">{ shown.clone() }</span>
                            <span class="sift-count">{ count.to_string() }</span>
                        </label>
                    }
                }) }
            </div>
        </fieldset>
    }
}
