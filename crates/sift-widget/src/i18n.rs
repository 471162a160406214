//! The widget's UI strings in English and Russian, and the choice between them.

use sift_core::Date;

/// A language of the user interface.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub(crate) enum Lang {
    /// English (the default).
    #[default]
    En,
    /// Russian.
    Ru,
}

impl Lang {
    /// The language of a `lang` tag (`ru`, `ru-RU`, `en-GB`...): Russian for `ru`, else English.
    pub(crate) fn from_tag(tag: &str) -> Lang {
        let primary = tag.trim().split(['-', '_']).next().unwrap_or("");
        if primary.eq_ignore_ascii_case("ru") {
            Lang::Ru
        } else {
            Lang::En
        }
    }

    /// The first non-empty tag wins: the element's own `lang`, then the page's `<html lang>`.
    pub(crate) fn choose(element: Option<&str>, page: Option<&str>) -> Lang {
        [element, page]
            .into_iter()
            .flatten()
            .find(|tag| !tag.trim().is_empty())
            .map(Lang::from_tag)
            .unwrap_or_default()
    }

    /// The language's tag (`en`, `ru`), as facet labels are keyed.
    pub(crate) fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ru => "ru",
        }
    }

    /// The strings of this language.
    pub(crate) fn text(self) -> &'static Text {
        match self {
            Lang::En => &EN,
            Lang::Ru => &RU,
        }
    }
}

/// Every fixed string of the UI in one language.
#[derive(Debug)]
pub(crate) struct Text {
    /// Label and placeholder of the quick search box.
    pub(crate) search: &'static str,
    /// Placeholder of the quick search box.
    pub(crate) placeholder: &'static str,
    /// Shown while a search runs and nothing is on screen yet.
    pub(crate) searching: &'static str,
    /// Shown when a search found nothing.
    pub(crate) no_results: &'static str,
    /// Heading of the word fields of the advanced form.
    pub(crate) words: &'static str,
    /// The quick-syntax field of the advanced form.
    pub(crate) query: &'static str,
    /// "All of these words".
    pub(crate) all: &'static str,
    /// "Any of these words".
    pub(crate) any: &'static str,
    /// "This exact phrase".
    pub(crate) phrase: &'static str,
    /// "None of these words".
    pub(crate) none: &'static str,
    /// "Search titles only".
    pub(crate) title_only: &'static str,
    /// Heading of the date range.
    pub(crate) dates: &'static str,
    /// "From" date.
    pub(crate) from: &'static str,
    /// "To" date.
    pub(crate) to: &'static str,
    /// Label of the sort select.
    pub(crate) sort: &'static str,
    /// Sort by relevance.
    pub(crate) relevance: &'static str,
    /// Sort newest first.
    pub(crate) newest: &'static str,
    /// Sort oldest first.
    pub(crate) oldest: &'static str,
    /// The reset button.
    pub(crate) reset: &'static str,
    /// Previous page.
    pub(crate) prev: &'static str,
    /// Next page.
    pub(crate) next: &'static str,
    /// "Page".
    pub(crate) page: &'static str,
    /// "of" in "page 2 of 9".
    pub(crate) of: &'static str,
    /// The link under the latest news.
    pub(crate) more_news: &'static str,
    /// Heading of the latest news without a facet.
    pub(crate) latest_news: &'static str,
    /// The index could not be loaded at all.
    pub(crate) unavailable: &'static str,
    /// The index was built by another version of Sift.
    pub(crate) version: &'static str,
    /// Part of the index could not be loaded: results may be incomplete.
    pub(crate) partial: &'static str,
    /// Something went wrong inside the widget.
    pub(crate) crashed: &'static str,
    /// Month names, January first, in the genitive where the language needs it ("26 февраля").
    pub(crate) months: [&'static str; 12],
    /// Result counts: one, few, many (English uses one and many).
    pub(crate) results: [&'static str; 3],
    /// Label of the result list of the advanced search.
    pub(crate) results_label: &'static str,
    /// Before the words a search read instead of those typed (a typo's correction, a Russian
    /// word typed in Latin letters).
    pub(crate) showing_for: &'static str,
    /// When no article has every word and the results have some of them.
    pub(crate) some_words: &'static str,
    /// Opening and closing quotation marks.
    pub(crate) quotes: [&'static str; 2],
}

static EN: Text = Text {
    search: "Search",
    placeholder: "Search news",
    searching: "Searching…",
    no_results: "No results",
    words: "Find articles with",
    query: "Search query",
    all: "All of these words",
    any: "Any of these words",
    phrase: "This exact phrase",
    none: "None of these words",
    title_only: "Search titles only",
    dates: "Date",
    from: "From",
    to: "To",
    sort: "Sort by",
    relevance: "Relevance",
    newest: "Newest first",
    oldest: "Oldest first",
    reset: "Reset all",
    prev: "Previous",
    next: "Next",
    page: "Page",
    of: "of",
    more_news: "More news",
    latest_news: "Latest news",
    unavailable: "Search is unavailable: the search index could not be loaded.",
    version: "Search is unavailable: the search index was built by another version of Sift.",
    partial: "Some results may be missing: part of the search index could not be loaded.",
    crashed: "Search stopped working because of an internal error. Please reload the page.",
    months: [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
    results: ["result", "results", "results"],
    results_label: "Search results",
    showing_for: "Showing results for",
    some_words: "No article has all the words; these have some of them",
    quotes: ["“", "”"],
};

static RU: Text = Text {
    search: "Поиск",
    placeholder: "Поиск по новостям",
    searching: "Идёт поиск…",
    no_results: "Ничего не найдено",
    words: "Найти статьи, где есть",
    query: "Поисковый запрос",
    all: "Все эти слова",
    any: "Любое из этих слов",
    phrase: "Точная фраза",
    none: "Ни одного из этих слов",
    title_only: "Искать только в заголовках",
    dates: "Дата",
    from: "С",
    to: "По",
    sort: "Сортировка",
    relevance: "По релевантности",
    newest: "Сначала новые",
    oldest: "Сначала старые",
    reset: "Сбросить всё",
    prev: "Назад",
    next: "Вперёд",
    page: "Страница",
    of: "из",
    more_news: "Ещё новости",
    latest_news: "Последние новости",
    unavailable: "Поиск недоступен: не удалось загрузить поисковый индекс.",
    version: "Поиск недоступен: индекс создан другой версией Sift.",
    partial: "Часть результатов может отсутствовать: часть индекса не загрузилась.",
    crashed: "Поиск перестал работать из-за внутренней ошибки. Перезагрузите страницу.",
    months: [
        "января",
        "февраля",
        "марта",
        "апреля",
        "мая",
        "июня",
        "июля",
        "августа",
        "сентября",
        "октября",
        "ноября",
        "декабря",
    ],
    results: ["результат", "результата", "результатов"],
    results_label: "Результаты поиска",
    showing_for: "Показаны результаты по запросу",
    some_words: "Нет статей со всеми словами; показаны статьи с некоторыми из них",
    quotes: ["«", "»"],
};

impl Text {
    /// "1 result", "5 results"; "1 результат", "3 результата", "11 результатов".
    pub(crate) fn count(&self, n: usize) -> String {
        let form = if std::ptr::eq(self, &RU) {
            let (last, last_two) = (n % 10, n % 100);
            if last == 1 && last_two != 11 {
                0
            } else if (2..=4).contains(&last) && !(12..=14).contains(&last_two) {
                1
            } else {
                2
            }
        } else if n == 1 {
            0
        } else {
            2
        };
        format!("{n} {}", self.results[form])
    }

    /// A date as readers write it: "26 February 1987", "26 февраля 1987".
    pub(crate) fn date(&self, date: Date) -> String {
        let (year, month, day) = date.ymd();
        let month = self.months.get(month as usize - 1).copied().unwrap_or("");
        format!("{day} {month} {year}")
    }

    /// What the results were found for, when not quite what was typed: the words read
    /// instead (`Showing results for cocoa`), or that only some words were found.
    pub(crate) fn reading(
        &self,
        corrections: &[(String, String)],
        some_words: bool,
    ) -> Option<String> {
        if !corrections.is_empty() {
            let taken: Vec<&str> = corrections.iter().map(|(_, taken)| taken.as_str()).collect();
            let [open, close] = self.quotes;
            return Some(format!("{} {open}{}{close}", self.showing_for, taken.join(" ")));
        }
        some_words.then(|| self.some_words.to_string())
    }

    /// The count of results, and what they were found for if not quite what was typed.
    pub(crate) fn count_reading(
        &self,
        n: usize,
        corrections: &[(String, String)],
        some_words: bool,
    ) -> String {
        match self.reading(corrections, some_words) {
            Some(reading) => format!("{}. {reading}", self.count(n)),
            None => self.count(n),
        }
    }

    /// The heading of a facet: known names get a readable label, others are shown as named.
    pub(crate) fn facet(&self, name: &str) -> String {
        let ru = std::ptr::eq(self, &RU);
        let known = match name {
            "type" => Some(if ru { "Тип информации" } else { "Type of information" }),
            "places" | "country" | "countries" | "region" => {
                Some(if ru { "Страна или регион" } else { "Country or region" })
            }
            "topics" | "topic" => Some(if ru { "Тема" } else { "Topic" }),
            "people" => Some(if ru { "Люди" } else { "People" }),
            "orgs" | "organisations" | "organizations" => {
                Some(if ru { "Организации" } else { "Organisations" })
            }
            "exchanges" => Some(if ru { "Биржи" } else { "Exchanges" }),
            _ => None,
        };
        match known {
            Some(label) => label.to_string(),
            None => {
                let mut chars = name.chars();
                let Some(first) = chars.next() else { return String::new() };
                let mut label = uppercase(first);
                label.push_str(chars.as_str());
                label
            }
        }
    }

    /// "Russia: the latest news".
    pub(crate) fn latest(&self, value: &str) -> String {
        if std::ptr::eq(self, &RU) {
            format!("{value}: последние новости")
        } else {
            format!("{value}: the latest news")
        }
    }
}

/// `c` in upper case (full mapping: "ß" gives "SS").
///
/// In the browser JavaScript's `toUpperCase` does it, the same Unicode mapping as
/// `char::to_uppercase`: that one needs core's 12 KB upper-case table, which nothing
/// else in the widget uses.
#[cfg(target_arch = "wasm32")]
fn uppercase(c: char) -> String {
    let mut utf8 = [0; 4];
    js_sys::JsString::from(&*c.encode_utf8(&mut utf8)).to_upper_case().into()
}

/// `c` in upper case (full mapping: "ß" gives "SS").
#[cfg(not(target_arch = "wasm32"))]
fn uppercase(c: char) -> String {
    c.to_uppercase().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test;

    test! {
        fn language_comes_from_the_element_then_the_page() {
            assert_eq!(Lang::choose(Some("ru"), Some("en")), Lang::Ru);
            assert_eq!(Lang::choose(None, Some("ru-RU")), Lang::Ru);
            assert_eq!(Lang::choose(Some(""), Some("RU")), Lang::Ru);
            assert_eq!(Lang::choose(Some("en-GB"), Some("ru")), Lang::En);
            assert_eq!(Lang::choose(None, None), Lang::En);
            assert_eq!(Lang::choose(Some("de"), None), Lang::En);
        }
    }

    test! {
        fn russian_counts_agree_with_the_number() {
            let ru = Lang::Ru.text();
            assert_eq!(ru.count(1), "1 результат");
            assert_eq!(ru.count(3), "3 результата");
            assert_eq!(ru.count(11), "11 результатов");
            assert_eq!(ru.count(21), "21 результат");
            assert_eq!(ru.count(112), "112 результатов");
            assert_eq!(ru.count(0), "0 результатов");
            let en = Lang::En.text();
            assert_eq!(en.count(1), "1 result");
            assert_eq!(en.count(0), "0 results");
            assert_eq!(en.count(8), "8 results");
        }
    }

    test! {
        fn the_reader_is_told_what_was_searched_instead_in_both_languages() {
            let read = vec![("cocao".to_string(), "cocoa".to_string())];
            assert_eq!(
                Lang::En.text().count_reading(3, &read, false),
                "3 results. Showing results for “cocoa”"
            );
            let read = vec![("zhovtis".to_string(), "жовтис".to_string())];
            assert_eq!(
                Lang::Ru.text().count_reading(2, &read, false),
                "2 результата. Показаны результаты по запросу «жовтис»"
            );
            assert!(Lang::Ru.text().count_reading(5, &[], true).ends_with("некоторыми из них"));
            assert_eq!(Lang::En.text().count_reading(5, &[], false), "5 results");
        }
    }

    test! {
        fn dates_and_labels_are_translated() {
            let date = Date::parse_iso("1987-02-26").unwrap();
            assert_eq!(Lang::En.text().date(date), "26 February 1987");
            assert_eq!(Lang::Ru.text().date(date), "26 февраля 1987");
            assert_eq!(Lang::Ru.text().reset, "Сбросить всё");
            assert_eq!(Lang::En.text().facet("places"), "Country or region");
            assert_eq!(Lang::En.text().facet("mood"), "Mood");
            assert_eq!(Lang::En.text().facet("éra"), "Éra");
            assert_eq!(Lang::Ru.text().facet("ßtyle"), "SStyle");
            assert_eq!(Lang::Ru.text().facet("ǆ"), "Ǆ");
            assert_eq!(Lang::En.text().facet(""), "");
            assert_ne!(Lang::En.text().unavailable, Lang::Ru.text().unavailable);
        }
    }
}
