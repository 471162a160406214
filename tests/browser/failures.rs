//! A broken index: a missing term shard, a corrupt entry, a damaged payload, the network failing
//! mid-typing, an index of another format version. Each shows a short plain message in the
//! widget, the widget answers what it still can, and no panic reaches the console. A slow
//! network: an older query's late answer never replaces a newer one's. And a deploy under an
//! open page: the page reads the new index instead of showing what it lacks.

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

/// Serves a copy of the test index whose entry `damage` changes, opens a quick box on it
/// (the page `name`) and types a common word; returns the message the reader then sees.
async fn entry_damaged(b: &mut Browser, name: &str, damage: impl FnOnce(&mut Vec<u8>)) -> String {
    b.tolerate_console_errors();
    let env = b.env;
    let (dir, server) = env.index_copy(name);
    let path = dir.join(sift_core::ENTRY_FILE_NAME);
    let mut entry = std::fs::read(&path).expect("read the entry");
    damage(&mut entry);
    std::fs::write(&path, entry).expect("write the entry");
    b.open(&page(env, name, server.url())).await;
    b.quick_ready().await;
    let word = super::keyboard::common_word(&env.records);
    retype(b, &word).await;
    let message = wait_alert(b, &word, name).await;
    assert!(b.quick().await.options.is_empty(), "{name}: results from a broken index");
    message
}

#[test]
fn a_corrupt_entry_shows_a_message() {
    run(|mut b| async move {
        entry_damaged(&mut b, "corrupt-entry", |entry| {
            *entry = b"SIFT".to_vec();
            entry.extend(std::iter::repeat_n(0xA5_u8, 60));
        })
        .await;
        b
    });
}

#[test]
fn a_damaged_payload_in_the_entry_says_search_is_unavailable() {
    run(|mut b| async move {
        // The header (magic, version, kind, codec, length: 16 bytes) stays intact: only the
        // compressed payload after it is damaged, as a bad disk or a truncating proxy would.
        let message = entry_damaged(&mut b, "damaged-payload", |entry| {
            assert!(entry.len() > 40, "the entry is {} bytes", entry.len());
            let middle = 16 + (entry.len() - 16) / 2;
            for byte in &mut entry[middle..middle + 8] {
                *byte ^= 0x5A;
            }
        })
        .await;
        let unavailable = "Search is unavailable: the search index could not be loaded.";
        assert_eq!(message, unavailable, "the message for a damaged index");
        // The box still takes input and answers with the same message, not a dead box.
        retype(&b, "helsinki").await;
        wait_alert(&b, "helsinki", "a second query on the damaged index").await;
        b
    });
}

#[test]
fn an_older_querys_late_answer_never_replaces_a_newer_ones() {
    run(|mut b| async move {
        let env = b.env;
        let (older, newer, shard) = words_apart(env);
        let (_dir, server) = env.index_copy("slow-shard");
        b.open(&page(env, "slow-shard", server.url())).await;
        b.quick_ready().await;
        // Only the older query's term shard is slow: it answers seconds after the newer
        // query's results are on screen.
        let delay = std::time::Duration::from_secs(4);
        server.fail(&shard, devserver::Failure::Delay(delay));
        retype(&b, &older).await;
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        retype(&b, &newer).await;
        wait_results(&b, &newer, "the newer query").await;
        let shown_at = std::time::SystemTime::now();
        let log = wait_for!("the slow shard to be served", server.log(), |log| {
            log.iter().any(|r| r.path.ends_with(&shard) && r.status == 200)
        });
        let served = log.iter().find(|r| r.path.ends_with(&shard)).expect("the slow shard");
        assert!(served.at > shown_at, "the slow shard came before the newer query's results");
        tokio::time::sleep(std::time::Duration::from_millis(800)).await;
        let still = b.quick().await;
        let want = env.index.quick(&newer);
        assert!(
            shows(&still, &want),
            "the older query's answer replaced the newer one's: {still:#?}"
        );
        assert_eq!(still.value.as_deref(), Some(newer.as_str()));
        b
    });
}

#[test]
fn an_index_of_another_format_version_says_so() {
    run(|mut b| async move {
        let message = entry_damaged(&mut b, "other-version", |entry| {
            entry[4..8].copy_from_slice(&(FORMAT_VERSION + 1).to_le_bytes());
        })
        .await;
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
        // The results show after the search's second round; its typo round may still be
        // fetching. "What is loaded" is what all rounds fetched: wait until nothing more is.
        let mut seen = server.log().len();
        loop {
            tokio::time::sleep(std::time::Duration::from_millis(700)).await;
            let now = server.log().len();
            if now == seen {
                break;
            }
            seen = now;
        }
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

#[test]
fn a_page_open_while_the_site_is_deployed_anew_searches_the_new_index() {
    run(|mut b| async move {
        b.tolerate_console_errors();
        let env = b.env;
        let (earlier, later, _) = words_apart(env);
        let (dir, server) = env.index_copy("redeploy");
        b.open(&page(env, "redeploy", server.url())).await;
        b.quick_ready().await;
        retype(&b, &earlier).await;
        wait_results(&b, &earlier, "before the deploy").await;

        // The deploy: an index without the corpus's first articles replaces the one the page
        // opened, so the files the page knows by name are gone.
        let records: Vec<_> = env.records.iter().skip(10).cloned().collect();
        let (deployed, _unused) = env.custom_index("redeploy-next", &records);
        for entry in std::fs::read_dir(&dir).expect("the old index") {
            std::fs::remove_file(entry.expect("a file").path()).expect("removed");
        }
        for entry in std::fs::read_dir(env.run_path("redeploy-next")).expect("the new index") {
            let path = entry.expect("a file").path();
            std::fs::copy(&path, dir.join(path.file_name().expect("a name"))).expect("copied");
        }

        let want = deployed.quick(&later);
        assert!(want.total > 0, "the new index finds {later:?}");
        retype(&b, &later).await;
        wait_for!(
            format!("after the deploy: the new index's results for {later:?}"),
            b.quick().await,
            |q| {
                q.value.as_deref() == Some(later.as_str()) && shows(&q, &want) && q.alert.is_none()
            }
        );
        assert!(
            server.log().iter().any(|r| r.status == 404),
            "a file of the old index was asked for"
        );
        b
    });
}
