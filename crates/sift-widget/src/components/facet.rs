//! One facet's values as checkboxes, each with its live count.

use yew::prelude::*;

/// Props of [`FacetFilter`].
#[derive(Clone, Debug, PartialEq, Properties)]
pub(crate) struct FacetFilterProps {
    /// The facet's name (`data-facet`).
    pub(crate) name: AttrValue,
    /// Its heading.
    pub(crate) label: AttrValue,
    /// Each value, what it is called in the interface's language, its count under the
    /// current query and the other filters, and whether it is selected.
    pub(crate) values: Vec<(String, String, u32, bool)>,
    /// Called with a value the reader ticked or unticked.
    pub(crate) ontoggle: Callback<String>,
}

/// `fieldset.sift-facet` with one checkbox per value.
#[component]
pub(crate) fn FacetFilter(props: &FacetFilterProps) -> Html {
    html! {
        <fieldset class="sift-facet" data-facet={props.name.clone()}>
            <legend>{ props.label.clone() }</legend>
            <div class="sift-facet-values">
                { for props.values.iter().map(|(value, shown, count, checked)| {
                    let onchange = {
                        let (ontoggle, value) = (props.ontoggle.clone(), value.clone());
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
