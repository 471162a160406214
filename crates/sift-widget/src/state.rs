//! The widget's state and the one reducer that changes it: the form, the results on screen,
//! the active result of the quick search, and the message for the reader.

pub(crate) mod url;

pub(crate) use crate::engine::Notice;
use sift_core::{Date, FacetCounts, Hit, Sort};

/// What the element shows, from its `mode` attribute.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub(crate) enum Mode {
    /// The quick search box with a drop-down of results (the default).
    #[default]
    Quick,
    /// The advanced search form with facets, dates, sort and paging.
    Advanced,
    /// All news: filters only, newest first.
    News,
    /// The newest articles with one facet value, and a "More news" link.
    Latest,
}

impl Mode {
    /// The mode named by a `mode` attribute; unknown names give the quick search.
    pub(crate) fn from_attr(name: &str) -> Mode {
        match name.trim() {
            "advanced" => Mode::Advanced,
            "news" => Mode::News,
            "latest" => Mode::Latest,
            _ => Mode::Quick,
        }
    }

    /// The order of results when the reader has not chosen one.
    pub(crate) fn default_sort(self) -> Sort {
        match self {
            Mode::News | Mode::Latest => Sort::Newest,
            Mode::Quick | Mode::Advanced => Sort::Relevance,
        }
    }
}

/// Results per page of the advanced search and All news.
pub(crate) const PAGE_SIZE: usize = 10;

/// Everything the reader asked for; also what the URL holds (see [`url`]).
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Form {
    /// Quick-syntax query.
    pub(crate) q: String,
    /// All of these words.
    pub(crate) all: String,
    /// Any of these words.
    pub(crate) any: String,
    /// This exact phrase.
    pub(crate) phrase: String,
    /// None of these words.
    pub(crate) none: String,
    /// Search titles only.
    pub(crate) title_only: bool,
    /// Only articles on or after this day.
    pub(crate) from: Option<Date>,
    /// Only articles on or before this day.
    pub(crate) to: Option<Date>,
    /// The order of results.
    pub(crate) sort: Sort,
    /// The page, 1-based.
    pub(crate) page: usize,
    /// Facet name to the selected values, by name ([`Form::values_mut`]).
    pub(crate) facets: Vec<(String, Vec<String>)>,
}

impl Default for Form {
    fn default() -> Form {
        Form {
            q: String::new(),
            all: String::new(),
            any: String::new(),
            phrase: String::new(),
            none: String::new(),
            title_only: false,
            from: None,
            to: None,
            sort: Sort::Relevance,
            page: 1,
            facets: Vec::new(),
        }
    }
}

impl Form {
    /// Whether `value` of `facet` is selected.
    pub(crate) fn selected(&self, facet: &str, value: &str) -> bool {
        self.facets.iter().any(|(f, values)| f == facet && values.iter().any(|v| v == value))
    }

    /// The selected values of `facet`, added (empty) in name order if it has none.
    pub(crate) fn values_mut(&mut self, facet: &str) -> &mut Vec<String> {
        let at = match self.facets.binary_search_by(|(f, _)| f.as_str().cmp(facet)) {
            Ok(at) => at,
            Err(at) => {
                self.facets.insert(at, (facet.to_string(), Vec::new()));
                at
            }
        };
        &mut self.facets[at].1
    }
}

/// One change to the form.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Edit {
    /// The quick-syntax query.
    Q(String),
    /// All of these words.
    All(String),
    /// Any of these words.
    Any(String),
    /// This exact phrase.
    Phrase(String),
    /// None of these words.
    None(String),
    /// Titles only.
    TitleOnly(bool),
    /// The first day.
    From(Option<Date>),
    /// The last day.
    To(Option<Date>),
    /// The order.
    Sort(Sort),
    /// Select or unselect a facet value.
    Toggle {
        /// The facet.
        facet: String,
        /// The value.
        value: String,
    },
    /// Go to a page (1-based).
    Page(usize),
}

/// The results on screen.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct View {
    /// How many articles match in all.
    pub(crate) total: usize,
    /// The results shown.
    pub(crate) hits: Vec<Hit>,
    /// Live facet counts (advanced search and All news).
    pub(crate) facets: Vec<FacetCounts>,
    /// Words read as other words (`sift_core::SearchResults::corrections`).
    pub(crate) corrections: Vec<(String, String)>,
    /// Whether the results have only some of the words (no article has them all).
    pub(crate) some_words: bool,
}

/// The whole state of one widget.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct State {
    /// The order a fresh form has.
    pub(crate) default_sort: Sort,
    /// The form.
    pub(crate) form: Form,
    /// The latest results, once there are any.
    pub(crate) view: Option<View>,
    /// The generation of the newest search started; older answers are dropped.
    pub(crate) generation: u64,
    /// Whether the newest search has not answered in full yet.
    pub(crate) searching: bool,
    /// The message to show, if any.
    pub(crate) notice: Option<Notice>,
    /// The highlighted quick-search result.
    pub(crate) active: Option<usize>,
    /// Whether the quick-search drop-down is open.
    pub(crate) open: bool,
}

/// Everything that changes the state.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Action {
    /// The reader changed a field.
    Edit(Edit),
    /// Clear every field.
    Reset,
    /// Replace the form (back/forward in history).
    Restore(Form),
    /// A search of this generation began.
    Started(u64),
    /// A search answered (`last`: its final round).
    Answered {
        /// Which search.
        generation: u64,
        /// Its results.
        view: View,
        /// What went wrong, if anything.
        notice: Option<Notice>,
        /// Whether more rounds follow.
        last: bool,
    },
    /// Move the active quick result by this many places (wrapping).
    Move(isize),
    /// Open the quick-search drop-down again (the box got focus back).
    Open,
    /// Close the quick-search drop-down.
    Close,
}

impl State {
    /// A fresh state with `form`.
    pub(crate) fn new(form: Form, default_sort: Sort) -> State {
        State { default_sort, form, ..State::default() }
    }

    /// The state after `action`.
    pub(crate) fn apply(mut self, action: Action) -> State {
        match action {
            Action::Edit(edit) => {
                let form = &mut self.form;
                let page = match &edit {
                    Edit::Page(page) => (*page).max(1),
                    _ => 1,
                };
                match edit {
                    Edit::Q(text) => {
                        form.q = text;
                        self.open = true;
                        self.active = None;
                    }
                    Edit::All(text) => form.all = text,
                    Edit::Any(text) => form.any = text,
                    Edit::Phrase(text) => form.phrase = text,
                    Edit::None(text) => form.none = text,
                    Edit::TitleOnly(on) => form.title_only = on,
                    Edit::From(date) => form.from = date,
                    Edit::To(date) => form.to = date,
                    Edit::Sort(sort) => form.sort = sort,
                    Edit::Toggle { facet, value } => {
                        let values = form.values_mut(&facet);
                        if let Some(at) = values.iter().position(|v| *v == value) {
                            values.remove(at);
                        } else {
                            values.push(value);
                        }
                        form.facets.retain(|(_, values)| !values.is_empty());
                    }
                    Edit::Page(_) => {}
                }
                form.page = page;
            }
            Action::Reset => {
                self.form = Form { sort: self.default_sort, page: 1, ..Form::default() };
                self.active = None;
            }
            Action::Restore(form) => self.form = form,
            Action::Started(generation) => {
                self.generation = self.generation.max(generation);
                self.searching = true;
            }
            Action::Answered { generation, view, notice, last } => {
                if generation >= self.generation {
                    self.generation = generation;
                    if self.active.is_some_and(|a| a >= view.hits.len()) {
                        self.active = None;
                    }
                    self.view = Some(view);
                    self.notice = notice;
                    self.searching = !last;
                }
            }
            Action::Move(by) => {
                let count = self.view.as_ref().map_or(0, |v| v.hits.len()) as isize;
                if count > 0 {
                    self.open = true;
                    let next = match self.active {
                        None if by > 0 => by - 1,
                        None => count + by,
                        Some(at) => at as isize + by,
                    };
                    self.active = Some(next.rem_euclid(count) as usize);
                }
            }
            Action::Open => self.open = true,
            Action::Close => {
                self.open = false;
                self.active = None;
            }
        }
        self
    }
}

/// What the quick box's live region says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum QuickStatus {
    /// Nothing: the box is empty.
    Quiet,
    /// A search is on its way and there is nothing to show yet.
    Searching,
    /// The search found nothing.
    NoResults,
    /// The search found this many articles.
    Found(usize),
}

impl State {
    /// The quick box's status for a query (`has_query`) whose search may not have started
    /// yet (`pending`): until it has, the state holds the previous query's answer, and an
    /// empty box's "no results" must not be read as this query's.
    pub(crate) fn quick_status(&self, has_query: bool, pending: bool) -> QuickStatus {
        let Some(view) = self.view.as_ref().filter(|_| has_query) else {
            return if has_query { QuickStatus::Searching } else { QuickStatus::Quiet };
        };
        if (pending || self.searching) && view.hits.is_empty() {
            QuickStatus::Searching
        } else if view.total == 0 {
            QuickStatus::NoResults
        } else {
            QuickStatus::Found(view.total)
        }
    }
}

#[cfg(target_arch = "wasm32")]
impl yew::Reducible for State {
    type Action = Action;

    fn reduce(self: std::rc::Rc<Self>, action: Action) -> std::rc::Rc<Self> {
        std::rc::Rc::new(std::rc::Rc::unwrap_or_clone(self).apply(action))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test;

    fn hits(n: usize) -> View {
        let hit = |i: usize| Hit {
            doc: i as u32,
            score: 1.0,
            url: format!("/news/{i}"),
            title: Default::default(),
            snippet: Default::default(),
            date: None,
            lang: "en".into(),
            facets: Vec::new(),
            site: String::new(),
        };
        View { total: n, hits: (0..n).map(hit).collect(), ..View::default() }
    }

    test! {
        fn an_older_search_never_overwrites_a_newer_one() {
            let state = State::default()
                .apply(Action::Started(1))
                .apply(Action::Started(2))
                .apply(Action::Answered { generation: 2, view: hits(3), notice: None, last: true })
                .apply(Action::Answered { generation: 1, view: hits(7), notice: None, last: true });
            assert_eq!(state.view.map(|v| v.total), Some(3));
            assert!(!state.searching);
        }
    }

    test! {
        fn a_new_query_says_searching_until_its_own_answer_arrives() {
            // The empty box answers "nothing" at once; a query typed next renders once with
            // that answer still in the state, before its search starts.
            let empty = State::default()
                .apply(Action::Started(1))
                .apply(Action::Answered { generation: 1, view: View::default(), notice: None, last: true });
            assert_eq!(empty.quick_status(false, false), QuickStatus::Quiet);
            assert_eq!(empty.quick_status(true, true), QuickStatus::Searching);
            let started = empty.apply(Action::Started(2));
            assert_eq!(started.quick_status(true, false), QuickStatus::Searching);
            let none = started.clone()
                .apply(Action::Answered { generation: 2, view: View::default(), notice: None, last: true });
            assert_eq!(none.quick_status(true, false), QuickStatus::NoResults);
            let found = started
                .apply(Action::Answered { generation: 2, view: hits(3), notice: None, last: false });
            assert_eq!(found.quick_status(true, false), QuickStatus::Found(3));
            assert_eq!(found.quick_status(true, true), QuickStatus::Found(3), "shown results stay while the next query starts");
        }
    }

    test! {
        fn arrows_wrap_around_the_results() {
            let state = State::default()
                .apply(Action::Answered { generation: 0, view: hits(3), notice: None, last: true });
            let down = state.clone().apply(Action::Move(1));
            assert_eq!(down.active, Some(0));
            assert_eq!(down.clone().apply(Action::Move(1)).apply(Action::Move(1)).apply(Action::Move(1)).active, Some(0));
            assert_eq!(state.clone().apply(Action::Move(-1)).active, Some(2));
            assert_eq!(down.apply(Action::Close).active, None);
            assert_eq!(State::default().apply(Action::Move(1)).active, None);
        }
    }

    test! {
        fn editing_goes_back_to_page_one_and_reset_clears_everything() {
            let toggle = |value: &str| Action::Edit(Edit::Toggle { facet: "places".into(), value: value.into() });
            let state = State::new(Form::default(), Sort::Newest)
                .apply(Action::Edit(Edit::All("oil".into())))
                .apply(toggle("usa"))
                .apply(toggle("uk"))
                .apply(Action::Edit(Edit::Page(4)));
            assert_eq!(state.form.page, 4);
            assert!(state.form.selected("places", "uk"));
            let state = state.apply(toggle("uk"));
            assert_eq!(state.form.page, 1);
            assert!(!state.form.selected("places", "uk"));
            let state = state.apply(toggle("usa"));
            assert!(state.form.facets.is_empty());
            let state = state.apply(Action::Edit(Edit::TitleOnly(true))).apply(Action::Reset);
            assert_eq!(state.form, Form { sort: Sort::Newest, page: 1, ..Form::default() });
        }
    }
}
