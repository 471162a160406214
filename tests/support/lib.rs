//! Helpers shared by the end-to-end tests: where the corpora are, building an index of one
//! in memory (once per test run), and searching it through the same staged API the widget
//! uses.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

use index_builder::{BuildOptions, Config, Silent};
use sift_core::{FileCache, Index, IndexFiles, Outcome, SearchRequest, SearchResults};

/// The repository root.
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("tests/ is inside the repo").to_path_buf()
}

/// Where the shared corpora are: `$SIFT_CORPORA`, or `../shared/corpora` beside the repo.
pub fn corpora_dir() -> PathBuf {
    match std::env::var_os("SIFT_CORPORA") {
        Some(dir) => PathBuf::from(dir),
        None => repo_root().join("../shared/corpora"),
    }
}

/// The JSONL file of corpus `name`, or `None` after saying loudly that it is missing (the
/// calling test then returns early). Either way it is recorded for `cargo xtask test`'s
/// summary ([`record_corpus`]), since the harness swallows the note of a test that passes.
pub fn corpus(name: &str) -> Option<PathBuf> {
    let path = corpora_dir().join(name).join("articles.jsonl.gz");
    if path.is_file() {
        record_corpus(name, "ran");
        Some(path)
    } else {
        let why = format!("corpus {name} not found at {} (set SIFT_CORPORA)", path.display());
        eprintln!("\n*** SKIPPED: {why} ***\n");
        record_corpus(name, &format!("skipped {why}"));
        None
    }
}

/// Records what the running test did about corpus `name` (`ran`, `sample <why>` or
/// `skipped <why>`) in `$SIFT_CORPUS_RECORD`, which `cargo xtask test` sets and counts
/// (`xtask::ci::CORPUS_RECORD_VAR`). The test harness names each test's thread after it.
pub fn record_corpus(name: &str, outcome: &str) {
    let Some(dir) = std::env::var_os("SIFT_CORPUS_RECORD") else { return };
    let thread = std::thread::current();
    let test = thread.name().unwrap_or("unnamed").replace("::", ".");
    let file = PathBuf::from(dir).join(format!("sift-tests.{test}~{name}"));
    let written = std::fs::create_dir_all(file.parent().expect("a directory"))
        .and_then(|()| std::fs::write(&file, outcome));
    written.unwrap_or_else(|e| panic!("cannot record a corpus test in {}: {e}", file.display()));
}

/// An index held in memory, searched the way the widget searches: the core names the files
/// it needs and they are handed over.
pub struct MemoryIndex {
    /// The built files by name.
    pub files: HashMap<String, Vec<u8>>,
    /// The opened index.
    pub index: Index,
    cache: Mutex<FileCache>,
    fetched: Mutex<Vec<String>>,
}

impl MemoryIndex {
    /// Opens built index files.
    pub fn new(built: IndexFiles) -> MemoryIndex {
        MemoryIndex::from_files(built.files.into_iter().map(|f| (f.name, f.bytes)).collect())
    }

    /// Opens index files given by name (read from disk, say).
    pub fn from_files(files: HashMap<String, Vec<u8>>) -> MemoryIndex {
        let index = Index::open(&files[sift_core::ENTRY_FILE_NAME]).expect("the entry opens");
        let cache = Mutex::new(FileCache::new(&index));
        MemoryIndex { files, index, cache, fetched: Mutex::new(Vec::new()) }
    }

    /// Builds the index of some inputs with the index builder's library.
    pub fn build(inputs: &[PathBuf], config: Config) -> MemoryIndex {
        let options = BuildOptions { inputs: inputs.to_vec(), config, ..BuildOptions::default() };
        let built = index_builder::build(&options, &Silent).expect("the corpus builds");
        MemoryIndex::new(built.index)
    }

    /// Runs a search to its end, supplying every file it names.
    pub fn search(&self, request: &SearchRequest) -> SearchResults {
        let mut cache = self.cache.lock().expect("not poisoned");
        for _ in 0..16 {
            match self.index.search(request, &cache) {
                Outcome::Ready(results) => return results,
                Outcome::Need(names) => {
                    for name in names {
                        let bytes = self
                            .files
                            .get(&name)
                            .unwrap_or_else(|| panic!("{name} was never built"));
                        cache.insert(&name, bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
                        self.fetched.lock().expect("not poisoned").push(name);
                    }
                }
            }
        }
        panic!("the search kept asking for files")
    }

    /// The names of the files searches have asked for so far, in order.
    pub fn fetched(&self) -> Vec<String> {
        self.fetched.lock().expect("not poisoned").clone()
    }
}

/// The index of a shared corpus, built once per test run (fast compression: these tests are
/// about answers, not bytes). `None` (after a loud note) when the corpus is absent.
pub fn corpus_index(name: &'static str) -> Option<&'static MemoryIndex> {
    static BUILT: OnceLock<Mutex<HashMap<&'static str, &'static MemoryIndex>>> = OnceLock::new();
    let path = corpus(name)?;
    let mut built = BUILT.get_or_init(Default::default).lock().expect("not poisoned");
    let index = built.entry(name).or_insert_with(|| {
        let mut config = Config::default();
        config.index.compression_level = Some(3);
        Box::leak(Box::new(MemoryIndex::build(&[path], config)))
    });
    Some(*index)
}

/// One record of a shared corpus, as the tests' own oracle reads it (independently of the
/// index builder's reader).
#[derive(Clone, Debug)]
pub struct Record {
    /// The record's URL.
    pub url: String,
    /// Its title.
    pub title: String,
    /// Its body.
    pub body: String,
    /// Its date, `YYYY-MM-DD`.
    pub date: Option<String>,
    /// Facet name to values (`type` included).
    pub facets: HashMap<String, Vec<String>>,
}

impl Record {
    /// The folded terms of the title and of the body.
    pub fn terms(&self) -> (Vec<String>, Vec<String>) {
        let terms = |text: &str| sift_core::tokenize(text).map(|t| t.term).collect();
        (terms(&self.title), terms(&self.body))
    }

    /// Whether any folded term of the title or body satisfies `wanted`.
    pub fn any_term(&self, wanted: impl Fn(&str) -> bool) -> bool {
        let (title, body) = self.terms();
        title.iter().chain(&body).any(|t| wanted(t))
    }
}

/// Reads every record of a corpus file.
pub fn read_records(path: &Path) -> Vec<Record> {
    use std::io::BufRead;
    let file = std::fs::File::open(path).expect("the corpus opens");
    let reader = std::io::BufReader::new(flate2::read::GzDecoder::new(file));
    reader
        .lines()
        .map(|line| {
            let value: serde_json::Value =
                serde_json::from_str(&line.expect("readable")).expect("JSON");
            let text = |key: &str| value[key].as_str().unwrap_or_default().to_string();
            let mut facets: HashMap<String, Vec<String>> = HashMap::new();
            facets.insert("type".into(), vec![text("type")]);
            if let Some(tags) = value["tags"].as_object() {
                for (name, values) in tags {
                    let values = values.as_array().into_iter().flatten();
                    facets.insert(
                        name.clone(),
                        values.filter_map(|v| v.as_str().map(String::from)).collect(),
                    );
                }
            }
            Record {
                url: text("url"),
                title: text("title"),
                body: text("body"),
                date: value["date"].as_str().map(String::from),
                facets,
            }
        })
        .collect()
}

/// The records of a shared corpus, read once per run.
pub fn corpus_records(name: &'static str) -> Option<&'static [Record]> {
    static READ: OnceLock<Mutex<HashMap<&'static str, &'static [Record]>>> = OnceLock::new();
    let path = corpus(name)?;
    let mut read = READ.get_or_init(Default::default).lock().expect("not poisoned");
    Some(*read.entry(name).or_insert_with(|| Box::leak(read_records(&path).into_boxed_slice())))
}

/// The index and the records of a shared corpus, or `None` (after a loud note) when absent.
pub fn corpus_and_records(name: &'static str) -> Option<(&'static MemoryIndex, &'static [Record])> {
    Some((corpus_index(name)?, corpus_records(name)?))
}
