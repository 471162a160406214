//! The search engine of the page, without any UI: one or more indexes with their file
//! caches, fetching what each search needs and merging the answers.
//!
//! Every `<sift-search>` element pointed at the same index URLs shares one [`Engine`], so
//! the header's quick search, the latest-news block and the advanced form fetch each file
//! once.

#[cfg(target_arch = "wasm32")]
mod fetch;
pub(crate) mod merge;

#[cfg(target_arch = "wasm32")]
pub(crate) use live::Engine;

/// A short message for the reader about what went wrong.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Notice {
    /// No index could be loaded.
    Unavailable,
    /// An index was written by another format version.
    Version,
    /// Some files could not be loaded; the results may be incomplete.
    Partial,
}

#[cfg(target_arch = "wasm32")]
mod live {
    use std::cell::RefCell;
    use std::rc::Rc;

    use sift_core::{
        Error, FacetInfo, FileCache, Index, Outcome, SearchRequest, SearchResults, ENTRY_FILE_NAME,
    };

    use super::fetch::{is_gone, Fetcher};
    use super::merge::merge;
    use super::Notice;

    /// One index: where it lives, and what has been fetched of it.
    #[derive(Debug)]
    struct Source {
        /// The index directory's absolute URL, ending in `/`.
        base: String,
        slot: RefCell<Slot>,
    }

    #[derive(Debug, Default)]
    struct Slot {
        index: Option<Rc<Index>>,
        /// The entry file the index was opened from, to tell a redeployed one.
        entry: Vec<u8>,
        /// The index's files, once it is open.
        cache: Option<FileCache>,
        failure: Option<Notice>,
        label: String,
    }

    impl Slot {
        /// Holds `index`, opened from the entry `bytes`, with an empty cache.
        fn set(&mut self, base: &str, index: Index, bytes: Vec<u8>) {
            self.label =
                if index.site().is_empty() { host_of(base) } else { index.site().to_string() };
            self.cache = Some(FileCache::new(&index));
            self.index = Some(Rc::new(index));
            self.entry = bytes;
        }
    }

    /// Several indexes searched together.
    #[derive(Debug)]
    pub(crate) struct Engine {
        sources: Vec<Source>,
        fetcher: Fetcher,
    }

    /// A search's merged answer and what the reader should know about it.
    #[derive(Clone, Debug, Default)]
    pub(crate) struct Answer {
        /// The merged results, each labelled with its site.
        pub(crate) results: SearchResults,
        /// Whether an index or a file was missing.
        pub(crate) notice: Option<Notice>,
    }

    /// Engines are shared per set of index URLs, so two are the same engine only if they
    /// are the same object.
    impl PartialEq for Engine {
        fn eq(&self, other: &Engine) -> bool {
            std::ptr::eq(self, other)
        }
    }

    thread_local! {
        /// The page's engines by their index URLs: a page has one or two, so a list (a map
        /// keyed by `String` would bring its own hash table code into the wasm).
        static SHARED: RefCell<Vec<(String, Rc<Engine>)>> = const { RefCell::new(Vec::new()) };
    }

    impl Engine {
        /// The page's engine for these index URLs (space-separated, relative to the page).
        pub(crate) fn shared(urls: &str) -> Rc<Engine> {
            let bases: Vec<String> = urls.split_whitespace().map(absolute_dir).collect();
            let key = bases.join(" ");
            SHARED.with(|shared| {
                let mut shared = shared.borrow_mut();
                if let Some((_, engine)) = shared.iter().find(|(k, _)| *k == key) {
                    return Rc::clone(engine);
                }
                let engine = Rc::new(Engine {
                    sources: bases
                        .into_iter()
                        .map(|base| Source { base, slot: RefCell::default() })
                        .collect(),
                    fetcher: Fetcher::default(),
                });
                shared.push((key, Rc::clone(&engine)));
                engine
            })
        }

        /// Whether results come from more than one index (then each says its site).
        pub(crate) fn several(&self) -> bool {
            self.sources.len() > 1
        }

        /// Fetches and opens every index not open yet (retrying those that failed to load,
        /// but not those of another format version). Returns what the reader should know.
        pub(crate) async fn open(&self) -> Option<Notice> {
            let pending: Vec<(&Source, String, js_sys::Promise)> = self
                .sources
                .iter()
                .filter(|s| {
                    let slot = s.slot.borrow();
                    slot.index.is_none() && slot.failure != Some(Notice::Version)
                })
                .map(|s| {
                    let url = format!("{}{ENTRY_FILE_NAME}", s.base);
                    let promise = self.fetcher.start(&url);
                    (s, url, promise)
                })
                .collect();
            for (source, url, promise) in pending {
                let fetched = self.fetcher.finish(&url, promise).await;
                let mut slot = source.slot.borrow_mut();
                if slot.index.is_some() {
                    continue;
                }
                let opened = fetched.and_then(|bytes| {
                    let index = Index::open(&bytes).map_err(|error| {
                        let notice = match error {
                            Error::Version { .. } => Notice::Version,
                            _ => Notice::Unavailable,
                        };
                        slot.failure = Some(notice);
                        error.to_string()
                    })?;
                    Ok((index, bytes))
                });
                match opened {
                    Ok((index, bytes)) => {
                        slot.set(&source.base, index, bytes);
                        slot.failure = None;
                    }
                    Err(reason) => {
                        warn(&format!("sift: cannot open the index at {url}: {reason}"));
                        slot.failure.get_or_insert(Notice::Unavailable);
                    }
                }
            }
            self.notice(false)
        }

        fn notice(&self, files_missing: bool) -> Option<Notice> {
            let failures: Vec<Notice> =
                self.sources.iter().filter_map(|s| s.slot.borrow().failure).collect();
            if failures.len() == self.sources.len() && !failures.is_empty() {
                Some(if failures.contains(&Notice::Version) {
                    Notice::Version
                } else {
                    Notice::Unavailable
                })
            } else if !failures.is_empty() || files_missing {
                Some(Notice::Partial)
            } else {
                None
            }
        }

        /// What `value` of `facet` is called in language `lang`, if an open index says.
        pub(crate) fn label(&self, facet: &str, value: &str, lang: &str) -> Option<String> {
            self.sources.iter().find_map(|s| {
                let slot = s.slot.borrow();
                slot.index.as_ref()?.label(facet, value, lang).map(str::to_string)
            })
        }

        /// The earliest and latest article dates over the open indexes.
        pub(crate) fn date_range(&self) -> Option<(sift_core::Date, sift_core::Date)> {
            self.sources
                .iter()
                .filter_map(|s| s.slot.borrow().index.as_ref().and_then(|i| i.date_range()))
                .reduce(|(a, b), (c, d)| (a.min(c), b.max(d)))
        }

        /// The facets of the open indexes with their counts over everything.
        pub(crate) fn facets(&self) -> Vec<FacetInfo> {
            let mut facets: Vec<FacetInfo> = Vec::new();
            for source in &self.sources {
                let Some(index) = source.slot.borrow().index.clone() else { continue };
                for facet in index.facets() {
                    match facets.iter_mut().find(|f| f.name == facet.name) {
                        None => facets.push(facet),
                        Some(known) => {
                            for (value, count) in facet.values {
                                match known.values.iter_mut().find(|(v, _)| *v == value) {
                                    Some((_, total)) => *total += count,
                                    None => known.values.push((value, count)),
                                }
                            }
                        }
                    }
                }
            }
            facets
        }

        /// Runs `request` on every index, fetching what it needs, and merges the answers.
        /// Returns `None` as soon as `current` says the search is no longer wanted.
        /// With `lenient`, filters on facets no index has are dropped (they are the host
        /// page's own URL parameters); otherwise they match nothing.
        /// Results' facet values are given as labelled in language `lang` (a tag such as
        /// `ru`) where their index has a label.
        pub(crate) async fn search(
            &self,
            request: &SearchRequest,
            lenient: bool,
            lang: &str,
            current: &dyn Fn() -> bool,
        ) -> Option<Answer> {
            // Files that failed for an earlier query are tried again: the failure may have
            // been a passing network error.
            for source in &self.sources {
                if let Some(cache) = source.slot.borrow_mut().cache.as_mut() {
                    cache.forget_missing();
                }
            }
            self.open().await;
            if !current() {
                return None;
            }
            let mut request = request.clone();
            if lenient {
                let known: Vec<String> = self.facets().into_iter().map(|f| f.name).collect();
                request.filters.retain(|(name, _)| known.contains(name));
            }
            let several = self.several();
            let (offset, limit) = (request.offset, request.limit);
            if several {
                // Each index answers from its first result; the page is cut after merging.
                request.limit = offset + limit;
                request.offset = 0;
            }
            let mut answers = Vec::new();
            let mut incomplete = false;
            for source in &self.sources {
                if source.slot.borrow().index.is_none() {
                    continue;
                }
                match self.run(source, &request, current).await? {
                    Some(mut results) => {
                        let (label, index) = {
                            let slot = source.slot.borrow();
                            (slot.label.clone(), slot.index.clone())
                        };
                        let Some(index) = index else { continue };
                        for hit in &mut results.hits {
                            hit.url = link(&source.base, &hit.url);
                            hit.site = label.clone();
                            for (facet, values) in &mut hit.facets {
                                for value in values.iter_mut() {
                                    if let Some(named) = index.label(facet, value, lang) {
                                        *value = named.to_string();
                                    }
                                }
                            }
                        }
                        answers.push(results);
                    }
                    None => incomplete = true,
                }
            }
            let results = if several {
                merge(answers, request.sort, offset, limit)
            } else {
                answers.pop().unwrap_or_default()
            };
            let files_missing = incomplete || !results.unavailable.is_empty();
            Some(Answer { notice: self.notice(files_missing), results })
        }

        /// One index's search loop: ask, fetch what it needs, ask again. `None` when the
        /// search was cancelled, `Some(None)` when it could not finish. When the server no
        /// longer has a file the index names (the site was deployed anew while the page was
        /// open), the entry is read once more and, if it changed, the search starts over on
        /// the new index.
        async fn run(
            &self,
            source: &Source,
            request: &SearchRequest,
            current: &dyn Fn() -> bool,
        ) -> Option<Option<SearchResults>> {
            let mut reloaded = false;
            for _ in 0..sift_core::MAX_FETCH_ROUNDS {
                let outcome = {
                    let slot = source.slot.borrow();
                    match (&slot.index, &slot.cache) {
                        (Some(index), Some(cache)) => index.search(request, cache),
                        _ => return Some(None),
                    }
                };
                let names = match outcome {
                    Outcome::Ready(results) => return Some(Some(results)),
                    Outcome::Need(names) => names,
                };
                if !current() {
                    return None;
                }
                let started: Vec<(String, String, js_sys::Promise)> = names
                    .into_iter()
                    .map(|name| {
                        let url = format!("{}{name}", source.base);
                        let promise = self.fetcher.start(&url);
                        (name, url, promise)
                    })
                    .collect();
                let mut gone = false;
                for (name, url, promise) in started {
                    let fetched = self.fetcher.finish(&url, promise).await;
                    let mut slot = source.slot.borrow_mut();
                    let Some(cache) = slot.cache.as_mut() else { continue };
                    if cache.contains(&name) {
                        continue;
                    }
                    match fetched {
                        Ok(bytes) => {
                            if let Err(error) = cache.insert(&name, &bytes) {
                                warn(&format!("sift: {error}"));
                            }
                        }
                        Err(reason) => {
                            gone |= is_gone(&reason);
                            warn(&format!("sift: cannot fetch {url}: {reason}"));
                            cache.insert_missing(&name, &reason);
                        }
                    }
                }
                if gone && !reloaded {
                    reloaded = true;
                    self.reload(source).await;
                }
            }
            Some(None)
        }

        /// Reads `source`'s entry anew (past any cache) and, if it changed, opens the new
        /// index in place of the old one.
        async fn reload(&self, source: &Source) {
            let stamp = js_sys::Date::now() as u64;
            let url = format!("{}{ENTRY_FILE_NAME}?v={stamp}", source.base);
            let promise = self.fetcher.start(&url);
            let Ok(bytes) = self.fetcher.finish(&url, promise).await else { return };
            let mut slot = source.slot.borrow_mut();
            if bytes == slot.entry {
                return;
            }
            if let Ok(index) = Index::open(&bytes) {
                slot.set(&source.base, index, bytes);
            }
        }
    }

    /// `url` as an absolute directory URL ending in `/`, relative to the page.
    fn absolute_dir(url: &str) -> String {
        let base = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.base_uri().ok().flatten())
            .unwrap_or_default();
        let mut absolute = web_sys::Url::new_with_base(url, &base)
            .map(|u| u.href())
            .unwrap_or_else(|_| url.to_string());
        if !absolute.ends_with('/') {
            absolute.push('/');
        }
        absolute
    }

    fn host_of(base: &str) -> String {
        web_sys::Url::new(base).map(|u| u.host()).unwrap_or_default()
    }

    /// An article's link: its URL resolved against the index's; shortened to a path when the
    /// article is on the page's own site. Empty, so that the result shows without a link,
    /// when the resolved URL is not `http(s)` (`javascript:`, `data:`...): an index may come
    /// from anyone, and only [`sift_core::is_link_allowed`] URLs may reach an `href`.
    fn link(base: &str, url: &str) -> String {
        let resolved = match web_sys::Url::new_with_base(url, base) {
            Ok(resolved) if sift_core::is_link_allowed(&resolved.href()) => resolved,
            _ => return String::new(),
        };
        let here = web_sys::window().and_then(|w| w.location().origin().ok());
        if here.as_deref() == Some(resolved.origin().as_str()) {
            format!("{}{}{}", resolved.pathname(), resolved.search(), resolved.hash())
        } else {
            resolved.href()
        }
    }

    pub(crate) fn warn(message: &str) {
        web_sys::console::warn_1(&message.into());
    }
}
