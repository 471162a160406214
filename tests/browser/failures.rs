//! A broken index: a missing term shard, a corrupt entry, the network failing mid-typing, an
//! index of another format version. Each shows a short plain message in the widget, the widget
//! answers what it still can, and no panic reaches the console.

use std::collections::BTreeSet;

use sift_core::FORMAT_VERSION;

use super::corpus::{self, Record};
use super::harness::{quick_request, Env};
use super::quick::{shows, INPUT};
use super::session::{run, wait_for, Browser, Quick};

/// A page whose quick box reads the index at `index_url` (another loopback origin).
fn page(env: &Env, name: &str, index_url: &str) -> String {
    env.page(name, &format!("<sift-search mode=\"quick\" index=\"{index_url}/\"></sift-search>"))
}

/// Asserts that `message` is short plain text for a reader, not a developer's dump.
fn assert_plain(message: &str) {
    assert!(!message.is_empty() && message.chars().count() <= 200, "message: {message:?}");
    for dump in ["panicked", "RuntimeError", "Error {", "Err(", "unwrap", "wasm", ".rs:", "\\n"] {
        assert!(!message.contains(dump), "the message shows internals ({dump}): {message:?}");
    }
}

/// Words of titles (five to nine letters) with the files a quick search for each fetches.
fn candidates(env: &Env) -> Vec<(String, BTreeSet<String>)> {
    let mut words: BTreeSet<String> = BTreeSet::new();
    for record in env.records.iter().filter(|r: &&Record| r.lang == "en") {
        words.extend(
            record
                .title_terms()
                .into_iter()
                .filter(|w| (5..=9).contains(&w.len()) && w.is_ascii() && corpus::is_word(w)),
        );
    }
    words
        .into_iter()
        .filter(|w| env.index.quick(w).total > 0)
        .map(|w| {
            let needs = env.index.needs(&quick_request(&w));
            (w, needs)
        })
        .collect()
}

/// Two words: a term shard that the first needs and the second does not.
fn words_apart(env: &Env) -> (String, String, String) {
    let candidates = candidates(env);
    for (first, first_needs) in &candidates {
        for (second, second_needs) in &candidates {
            let shard =
                first_needs.iter().find(|f| f.starts_with("terms-") && !second_needs.contains(*f));
            if let (Some(shard), false) = (shard, first.starts_with(second.as_str())) {
                if !second.starts_with(first.as_str()) {
                    return (first.clone(), second.clone(), shard.clone());
                }
            }
        }
    }
    panic!("no two words in different term shards: the test index has one shard");
}

/// Pastes `text` into the quick box: only `text` is searched, not the letters on the way,
/// so the files fetched are exactly those of `text`.
async fn retype(b: &Browser, text: &str) {
    b.paste(INPUT, text).await;
}

/// Waits for the core's answer to `text` with no error message.
async fn wait_results(b: &Browser, text: &str, what: &str) -> Quick {
    let want = b.env.index.quick(text);
    wait_for!(format!("{what}: the results for {text:?}"), b.quick().await, |q| {
        q.value.as_deref() == Some(text) && shows(&q, &want) && q.alert.is_none()
    })
}

/// Waits for the error message while `text` is typed.
async fn wait_alert(b: &Browser, text: &str, what: &str) -> String {
    let quick = wait_for!(format!("{what}: a message for {text:?}"), b.quick().await, |q| {
        q.value.as_deref() == Some(text) && q.alert.is_some()
    });
    let message = quick.alert.unwrap_or_default();
    assert_plain(&message);
    assert!(quick.input_visible, "the search box stays on screen");
    message
}

#[test]
fn a_missing_term_shard_shows_a_message_and_other_words_still_work() {
    run(|mut b| async move {
        b.tolerate_console_errors();
        let env = b.env;
        let (broken, working, shard) = words_apart(env);
        let (_dir, server) = env.index_copy("missing-shard");
        server.fail(&shard, devserver::Failure::NotFound);
        b.open(&page(env, "missing-shard", server.url())).await;
        b.quick_ready().await;

        retype(&b, &broken).await;
        wait_alert(&b, &broken, "a 404 term shard").await;
        retype(&b, &working).await;
        wait_results(&b, &working, "a word in another shard").await;
        assert!(server.log().iter().any(|r| r.status == 404), "the shard was asked for");
        b
    });
}

#[test]
fn a_corrupt_entry_shows_a_message() {
    run(|mut b| async move {
        b.tolerate_console_errors();
        let env = b.env;
        let (dir, server) = env.index_copy("corrupt-entry");
        let mut garbage = b"SIFT".to_vec();
        garbage.extend(std::iter::repeat_n(0xA5_u8, 60));
        std::fs::write(dir.join(sift_core::ENTRY_FILE_NAME), garbage).expect("write the entry");
        b.open(&page(env, "corrupt-entry", server.url())).await;
        b.quick_ready().await;
        let word = super::keyboard::common_word(&env.records);
        retype(&b, &word).await;
        wait_alert(&b, &word, "a corrupt entry").await;
        let quick = b.quick().await;
        assert!(quick.options.is_empty(), "a corrupt index shows results: {:?}", quick.options);
        b
    });
}

#[test]
fn an_index_of_another_format_version_says_so() {
    run(|mut b| async move {
        b.tolerate_console_errors();
        let env = b.env;
        let (dir, server) = env.index_copy("other-version");
        let path = dir.join(sift_core::ENTRY_FILE_NAME);
        let mut entry = std::fs::read(&path).expect("read the entry");
        entry[4..8].copy_from_slice(&(FORMAT_VERSION + 1).to_le_bytes());
        std::fs::write(&path, entry).expect("write the entry");
        b.open(&page(env, "other-version", server.url())).await;
        b.quick_ready().await;
        let word = super::keyboard::common_word(&env.records);
        retype(&b, &word).await;
        let message = wait_alert(&b, &word, "another format version").await;
        assert!(message.to_lowercase().contains("version"), "the message: {message:?}");
        b
    });
}

#[test]
fn a_network_failure_mid_typing_shows_a_message_and_the_widget_recovers() {
    run(|mut b| async move {
        b.tolerate_console_errors();
        let env = b.env;
        let (unfetched, working, _) = words_apart(env);
        let (_dir, server) = env.index_copy("network");
        b.open(&page(env, "network", server.url())).await;
        b.quick_ready().await;

        retype(&b, &working).await;
        wait_results(&b, &working, "before the failure").await;
        // Every request from now on has its connection reset.
        server.fail("/", devserver::Failure::Reset);
        retype(&b, &unfetched).await;
        wait_alert(&b, &unfetched, "with the network down").await;
        // What is already loaded still answers.
        retype(&b, &working).await;
        wait_results(&b, &working, "from what was loaded").await;
        // Once the network is back, so is everything else.
        server.heal();
        retype(&b, &unfetched).await;
        wait_results(&b, &unfetched, "after the network came back").await;
        b
    });
}
