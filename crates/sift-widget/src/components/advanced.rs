//! The advanced search and All news: the form, the facets, the results and the pager, with
//! the whole form kept in the URL.

use std::rc::Rc;

use sift_core::{with_typos, AdvancedQuery, Atom, Field, ParseOptions, Query, SearchRequest, Sort};
use wasm_bindgen::JsCast;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::date_range::{date_range, Dates};
use super::error::error_message;
use super::facet::facet_filter;
use super::pager::pager;
use super::results::result_list;
use super::sort::sort_select;
use crate::engine::Engine;
use crate::hooks::{use_index, use_search, use_url_state, Plan};
use crate::i18n::Lang;
use crate::state::{Action, Edit, Form, Mode, State, PAGE_SIZE};

/// Props of [`AdvancedSearch`].
#[derive(Clone, Debug, PartialEq, Properties)]
pub(crate) struct AdvancedSearchProps {
    /// The page's engine.
    pub(crate) engine: Rc<Engine>,
    /// The UI language.
    pub(crate) lang: Lang,
    /// `Advanced` (words and filters) or `News` (filters only, newest first).
    pub(crate) mode: Mode,
    /// The prefix of the widget's URL parameters.
    pub(crate) prefix: AttrValue,
}

/// The query of the whole form: the quick-syntax field and the four word fields together.
pub(crate) fn form_query(form: &Form) -> Query {
    let mut query = Query::parse(&form.q, ParseOptions::default()).query;
    if form.title_only {
        for atom in query.clauses.iter_mut().filter(|c| !c.negated).flat_map(|c| &mut c.atoms) {
            match atom {
                Atom::Word { field, .. } | Atom::Phrase { field, .. } => *field = Field::Title,
            }
        }
    }
    let advanced = Query::from_advanced(&AdvancedQuery {
        all: form.all.clone(),
        any: form.any.clone(),
        phrase: form.phrase.clone(),
        none: form.none.clone(),
        title_only: form.title_only,
    });
    query.clauses.extend(advanced.clauses);
    query
}

/// The rounds of a form's search: exact words first, then with typos when a word is long
/// enough to have any and the page is not full ([`with_typos`]).
fn plan(form: &Form, lang: Lang) -> Plan {
    let query = form_query(form);
    let exact = SearchRequest {
        query: query.clone(),
        filters: form.facets.clone(),
        date_from: form.from,
        date_to: form.to,
        sort: form.sort,
        offset: (form.page.max(1) - 1) * PAGE_SIZE,
        limit: PAGE_SIZE,
        typos: false,
        facet_counts: true,
        snippets: true,
    };
    Plan { rounds: with_typos(exact), lenient: true, lang }
}

fn text_input(
    name: &'static str,
    label: &'static str,
    value: &str,
    dispatch: &UseReducerDispatcher<State>,
    edit: fn(String) -> Edit,
) -> Html {
    let oninput = {
        let dispatch = dispatch.clone();
        Callback::from(move |event: InputEvent| {
            if let Some(input) = event.target().and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
            {
                dispatch.dispatch(Action::Edit(edit(input.value())));
            }
        })
    };
    let kind = if name == "q" { "search" } else { "text" };
    html! {
        <label class="sift-field">
            <span>{ label }</span>
            <input type={kind} {name} value={value.to_string()} autocomplete="off" {oninput} />
        </label>
    }
}

/// The advanced search form with its results.
#[component]
pub(crate) fn AdvancedSearch(props: &AdvancedSearchProps) -> Html {
    let lang = props.lang;
    let text = lang.text();
    let default_sort = props.mode.default_sort();
    let state = use_reducer(|| {
        State::new(crate::hooks::form_from_location(&props.prefix, default_sort), default_sort)
    });
    let index = use_index(Rc::clone(&props.engine));
    use_url_state(state.form.clone(), props.prefix.clone(), default_sort, state.dispatcher());
    let plan = use_memo((state.form.clone(), props.lang), |(form, lang)| plan(form, *lang));
    use_search(Rc::clone(&props.engine), Rc::clone(&plan), state.dispatcher());

    let dispatch = state.dispatcher();
    let form = &state.form;
    let edit = |make: fn(Sort) -> Edit| {
        let dispatch = dispatch.clone();
        Callback::from(move |sort: Sort| dispatch.dispatch(Action::Edit(make(sort))))
    };
    let onsubmit = Callback::from(|event: SubmitEvent| event.prevent_default());
    let onreset = {
        let dispatch = dispatch.clone();
        Callback::from(move |_: MouseEvent| dispatch.dispatch(Action::Reset))
    };
    let ontitle = {
        let dispatch = dispatch.clone();
        Callback::from(move |event: Event| {
            if let Some(input) = event.target().and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
            {
                dispatch.dispatch(Action::Edit(Edit::TitleOnly(input.checked())));
            }
        })
    };
    let onfrom = {
        let dispatch = dispatch.clone();
        Callback::from(move |date| dispatch.dispatch(Action::Edit(Edit::From(date))))
    };
    let onto = {
        let dispatch = dispatch.clone();
        Callback::from(move |date| dispatch.dispatch(Action::Edit(Edit::To(date))))
    };
    let onpage = {
        let dispatch = dispatch.clone();
        Callback::from(move |page| dispatch.dispatch(Action::Edit(Edit::Page(page))))
    };

    let facets = index.facets.iter().map(|facet| {
        let live = state.view.as_ref().and_then(|v| v.facets.iter().find(|f| f.name == facet.name));
        let values: Vec<(String, String, u32, bool)> = facet
            .values
            .iter()
            .map(|(value, overall)| {
                let count = match live {
                    Some(live) => {
                        live.values.iter().find(|(v, _)| v == value).map_or(0, |(_, c)| *c)
                    }
                    None => *overall,
                };
                let shown = props.engine.label(&facet.name, value, lang.tag());
                (
                    value.clone(),
                    shown.unwrap_or_else(|| value.clone()),
                    count,
                    form.selected(&facet.name, value),
                )
            })
            .collect();
        let ontoggle = {
            let (dispatch, facet) = (dispatch.clone(), facet.name.clone());
            Callback::from(move |value: String| {
                dispatch.dispatch(Action::Edit(Edit::Toggle { facet: facet.clone(), value }))
            })
        };
        facet_filter(&facet.name, text.facet(&facet.name), &values, &ontoggle)
    });

    let bounds = index.ready.then(|| props.engine.date_range()).flatten();
    let view = state.view.clone().unwrap_or_default();
    let pages = view.total.div_ceil(PAGE_SIZE);
    let total = if state.view.is_none() {
        text.searching.to_string()
    } else {
        text.count_reading(view.total, &view.corrections, view.some_words)
    };
    let notice = state.notice.or(index.notice);
    let words = props.mode == Mode::Advanced;
    html! {
        <div class={classes!("sift-search", (!words).then_some("sift-news"))}>
            <form class="sift-advanced" role="search" {onsubmit}>
                if words {
                    <fieldset class="sift-words">
                        <legend>{ text.words }</legend>
                        { text_input("q", text.query, &form.q, &dispatch, Edit::Q) }
                        { text_input("all", text.all, &form.all, &dispatch, Edit::All) }
                        { text_input("any", text.any, &form.any, &dispatch, Edit::Any) }
                        { text_input("phrase", text.phrase, &form.phrase, &dispatch, Edit::Phrase) }
                        { text_input("none", text.none, &form.none, &dispatch, Edit::None) }
                        <label class="sift-check">
                            <input type="checkbox" name="title" checked={form.title_only} onchange={ontitle} />
                            <span>{ text.title_only }</span>
                        </label>
                    </fieldset>
                }
                { date_range(Dates { from: form.from, to: form.to, bounds }, onfrom, onto, lang) }
                { sort_select(form.sort, edit(Edit::Sort), lang) }
                // One element of its own: facets arrive once the index is open, and a list
                // growing among the form's children made Yew move the fields before it (the
                // field being typed in lost the focus).
                <div class="sift-facets">{ for facets }</div>
                <button type="button" class="sift-reset" onclick={onreset}>{ text.reset }</button>
            </form>
            <div class="sift-main">
                { error_message(notice, lang) }
                <p class="sift-total" role="status" aria-live="polite">{ total }</p>
                { result_list(&view.hits, (form.page.max(1) - 1) * PAGE_SIZE + 1, props.engine.several(), lang) }
                if view.total > 0 {
                    { pager(form.page, pages, &onpage, lang) }
                }
            </div>
        </div>
    }
}
