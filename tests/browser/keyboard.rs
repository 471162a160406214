//! The quick box with the keyboard alone: Up and Down move the active option, Enter opens it
//! (or the search page when none is active), Escape closes; the ARIA combobox attributes and
//! the live region follow.

use fantoccini::key::Key;

use super::corpus::Record;
use super::quick::{quick_page, search, INPUT};
use super::session::{link_path, numbers, run, wait_for, Browser, Quick};

/// A word of four or more letters in the titles of the most records (at least three): a
/// query with a few results to move through.
pub(crate) fn common_word(records: &[Record]) -> String {
    let mut counts = std::collections::BTreeMap::<String, usize>::new();
    for record in records {
        for term in record.title_terms() {
            if term.chars().count() >= 4 && term.chars().all(char::is_alphabetic) {
                *counts.entry(term).or_default() += 1;
            }
        }
    }
    let (word, count) = counts.into_iter().max_by_key(|(_, n)| *n).expect("the corpus has titles");
    assert!(count >= 3, "no title word is shared by three records");
    word
}

/// Asserts that option `index` is the active one, and the only one selected.
fn assert_active(quick: &Quick, index: usize) {
    let option = &quick.options[index];
    assert!(option.id.as_deref().is_some_and(|id| !id.is_empty()), "option {index} has no id");
    assert_eq!(quick.active, option.id, "aria-activedescendant names option {index}");
    for (i, other) in quick.options.iter().enumerate() {
        let selected = other.selected.as_deref() == Some("true");
        assert_eq!(selected, i == index, "aria-selected of option {i} with {index} active");
    }
}

async fn press_and_wait(b: &Browser, key: Key, index: usize) -> Quick {
    b.press(INPUT, key).await;
    let want = |q: &Quick| q.options.get(index).is_some_and(|o| o.id.is_some() && q.active == o.id);
    let quick =
        wait_for!(format!("option {index} to become active"), b.quick().await, |q| want(&q));
    assert_active(&quick, index);
    quick
}

#[test]
fn arrow_keys_move_the_active_option_and_enter_opens_it() {
    run(|mut b| async move {
        let env = b.env;
        b.open(&quick_page(env, "keys")).await;
        let idle = b.quick_ready().await;
        assert_eq!(idle.autocomplete.as_deref(), Some("list"), "aria-autocomplete");
        assert_ne!(idle.expanded.as_deref(), Some("true"), "the list is closed before typing");

        let word = common_word(&env.records);
        let shown = search(&b, &word).await;
        assert!(shown.options.len() >= 3, "{word:?} shows fewer than three results");
        assert_eq!(shown.expanded.as_deref(), Some("true"), "aria-expanded while results show");
        assert!(shown.listbox_id.as_deref().is_some_and(|id| !id.is_empty()), "the listbox id");
        assert_eq!(shown.controls, shown.listbox_id, "aria-controls names the listbox");
        assert!(shown.active.as_deref().unwrap_or("").is_empty(), "no option is active yet");
        let ids: std::collections::BTreeSet<_> = shown.options.iter().map(|o| &o.id).collect();
        assert_eq!(ids.len(), shown.options.len(), "option ids are unique");

        press_and_wait(&b, Key::Down, 0).await;
        press_and_wait(&b, Key::Down, 1).await;
        press_and_wait(&b, Key::Down, 2).await;
        let quick = press_and_wait(&b, Key::Up, 1).await;
        let target = quick.options[1].href.clone().expect("the active option links somewhere");

        b.check_errors().await;
        b.press(INPUT, Key::Enter).await;
        let url = wait_for!("Enter to open the active result", b.url().await, |u| {
            link_path(&u) == link_path(&target)
        });
        assert_eq!(link_path(&url), link_path(&target));
        b
    });
}

#[test]
fn escape_closes_the_list_and_the_live_region_announces_the_count() {
    run(|mut b| async move {
        let env = b.env;
        b.open(&quick_page(env, "escape")).await;
        b.quick_ready().await;
        let word = common_word(&env.records);
        let shown = search(&b, &word).await;
        let total = super::quick::expected(env, &word).total;
        let status = shown.status.clone().unwrap_or_default();
        assert!(numbers(&status).contains(&(total as u64)), "the live region says {status:?}");

        press_and_wait(&b, Key::Down, 0).await;
        b.press(INPUT, Key::Escape).await;
        let closed = wait_for!("Escape to close the list", b.quick().await, |q| {
            q.expanded.as_deref() == Some("false") && !q.listbox_visible
        });
        assert!(closed.active.as_deref().unwrap_or("").is_empty(), "no option stays active");
        assert_eq!(closed.value.as_deref(), Some(word.as_str()), "Escape keeps the typed text");
        b
    });
}

#[test]
fn enter_without_an_active_option_opens_the_search_page() {
    run(|mut b| async move {
        let env = b.env;
        b.open(&quick_page(env, "enter")).await;
        b.quick_ready().await;
        let word = common_word(&env.records);
        search(&b, &word).await;

        b.check_errors().await;
        b.press(INPUT, Key::Enter).await;
        let url = wait_for!("Enter to open the search page", b.url().await, |u| {
            link_path(&u) == "/search.html"
        });
        assert!(url.contains(&format!("sift-q={word}")), "the search page URL carries q: {url}");
        b.use_widget("sift-search[mode=advanced]");
        let form = wait_for!("the search page to show the query", b.advanced().await, |a| {
            a.ready && !a.results.is_empty()
        });
        assert_eq!(form.q.as_deref(), Some(word.as_str()), "the search page's q field");
        b
    });
}
