//! The build settings: a TOML config file, overridden by command-line flags.
//!
//! ```toml
//! site = "Example News"          # label shown beside results from several sites
//! lang = "en"                    # language of records that do not say
//! base_url = "/archive"          # prefix of URLs derived from file paths
//! facets = ["type", "country"]   # facets to keep, in display order (default: all)
//!
//! [html]                         # selectors for directories of HTML pages
//! body = "main article"          # content root (default: Pagefind's rule, see below)
//! title = "h1"                   # within the content root, else <title>
//! date = "time[datetime]"        # first match's datetime/content attribute or text
//! ignore = [".ad", "nav"]        # not content (added to data-pagefind-ignore)
//! [html.facets]
//! country = ".tags a.country"   # each match's text is a value
//!
//! [ranking]                      # sift_core::RankingParams
//! title_boost = 3.0
//!
//! [index]                        # sift_core::BuildConfig sizes
//! shard_bytes = 49152            # default: sized to the archive
//! ```
//!
//! Unknown keys are errors, so a misspelt setting is never silently ignored.

use std::collections::BTreeMap;
use std::path::Path;

use scraper::Selector;
use serde::Deserialize;
use sift_core::{BuildConfig, RankingParams};

use crate::error::{Error, Result};

/// Everything a build can be told, from the config file and the command line.
#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Label of the site, shown beside results when several indexes are searched together.
    pub site: Option<String>,
    /// Language of records that do not give one (default `en`).
    pub lang: Option<String>,
    /// Prefix of URLs derived from file paths (HTML and Markdown inputs).
    pub base_url: Option<String>,
    /// The facets to keep, in display order; absent keeps every facet.
    pub facets: Option<Vec<String>>,
    /// How to read HTML pages.
    #[serde(default)]
    pub html: HtmlConfig,
    /// Ranking parameters; absent ones keep their defaults.
    #[serde(default)]
    pub ranking: RankingConfig,
    /// Sizes of shards and blocks; absent ones keep their defaults.
    #[serde(default)]
    pub index: IndexConfig,
    /// Labels of facet values in other languages: `[labels.ru]` then `"Russia" = "Россия"`.
    /// A reader whose interface is in that language sees the label.
    #[serde(default)]
    pub labels: BTreeMap<String, BTreeMap<String, String>>,
}

/// Selectors for HTML pages. Every selector is CSS, as in `document.querySelector`.
#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct HtmlConfig {
    /// The content root. Default: `[data-pagefind-body]` if any page has it (pages without
    /// it are then left out, as Pagefind does), else `body`. When set, a page where it
    /// matches nothing is a bad record.
    pub body: Option<String>,
    /// The title, searched in the content root, else the page's `<title>`. Default `h1`.
    pub title: Option<String>,
    /// The date element (`datetime` or `content` attribute, else its text). Default:
    /// `time[datetime]` in the content root, then `data-pagefind-sort`/`-meta` `date:`,
    /// then `<meta name="date">` or `article:published_time`.
    pub date: Option<String>,
    /// Elements whose text is not content, besides those marked `data-pagefind-ignore`.
    #[serde(default)]
    pub ignore: Vec<String>,
    /// Facet name to a selector; the text of each match is a value of that facet, besides
    /// the `data-pagefind-filter` elements.
    #[serde(default)]
    pub facets: BTreeMap<String, String>,
}

/// [`RankingParams`] as written in the config file: every field optional.
#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct RankingConfig {
    pub k1: Option<f32>,
    pub b: Option<f32>,
    pub title_boost: Option<f32>,
    pub exact: Option<f32>,
    pub stem: Option<f32>,
    pub prefix: Option<f32>,
    pub translit: Option<f32>,
    pub typo1: Option<f32>,
    pub typo2: Option<f32>,
}

/// The sizes of [`BuildConfig`] as written in the config file: every field optional.
#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct IndexConfig {
    /// Target bytes of a term shard's postings (default: sized to the archive).
    pub shard_bytes: Option<usize>,
    /// Target bytes of text in a document block.
    pub block_bytes: Option<usize>,
    /// Most documents in a block.
    pub block_docs: Option<usize>,
    /// zstd level of every file, 1 to 22 (smaller files, slower builds).
    pub compression_level: Option<i32>,
    /// Size of the dictionary trained to compress document blocks (0 for none).
    pub dictionary_bytes: Option<usize>,
}

impl Config {
    /// Reads a config file. Unknown keys and bad values are errors that name the key.
    pub fn from_file(path: &Path) -> Result<Config> {
        let text = std::fs::read_to_string(path)
            .map_err(|error| Error::Unreadable { path: path.to_path_buf(), error })?;
        let config = Config::from_toml(&text)
            .map_err(|reason| Error::Config { file: Some(path.to_path_buf()), reason })?;
        config.check().map_err(|e| match e {
            Error::Config { file: None, reason } => {
                Error::Config { file: Some(path.to_path_buf()), reason }
            }
            other => other,
        })?;
        Ok(config)
    }

    /// Parses the text of a config file (without checking selectors and ranges).
    pub fn from_toml(text: &str) -> std::result::Result<Config, String> {
        toml::from_str(text).map_err(|e| {
            // toml's message spans several lines with a source excerpt; one line reads
            // better after the file name.
            let message = e.message().trim().to_string();
            match e.span() {
                Some(span) => {
                    let line = text[..span.start.min(text.len())].matches('\n').count() + 1;
                    format!("line {line}: {message}")
                }
                None => message,
            }
        })
    }

    /// Checks what parsing cannot: selectors compile and sizes and weights are in range.
    pub fn check(&self) -> Result<()> {
        HtmlRules::compile(&self.html)?;
        if let Some(base) = &self.base_url {
            if !sift_core::is_link_allowed(&join_url(Some(base), "/")) {
                return Err(Error::Config {
                    file: None,
                    reason: format!(
                        "base_url {base:?} is not a web link: give an http(s) URL or a path"
                    ),
                });
            }
        }
        self.build_config()?;
        Ok(())
    }

    /// The default language of records.
    pub fn default_lang(&self) -> &str {
        self.lang.as_deref().filter(|l| !l.trim().is_empty()).unwrap_or("en")
    }

    /// The core's build settings.
    pub fn build_config(&self) -> Result<BuildConfig> {
        let defaults = BuildConfig::default();
        let r = &self.ranking;
        let d = RankingParams::default();
        let ranking = RankingParams {
            k1: r.k1.unwrap_or(d.k1),
            b: r.b.unwrap_or(d.b),
            title_boost: r.title_boost.unwrap_or(d.title_boost),
            exact: r.exact.unwrap_or(d.exact),
            stem: r.stem.unwrap_or(d.stem),
            prefix: r.prefix.unwrap_or(d.prefix),
            translit: r.translit.unwrap_or(d.translit),
            typo1: r.typo1.unwrap_or(d.typo1),
            typo2: r.typo2.unwrap_or(d.typo2),
        };
        ranking.validate().map_err(|reason| Error::Config { file: None, reason })?;
        let sized = |name: &str, value: Option<usize>, default: usize, low: usize, high: usize| {
            let value = value.unwrap_or(default);
            if (low..=high).contains(&value) {
                Ok(value)
            } else {
                Err(Error::Config {
                    file: None,
                    reason: format!(
                        "index.{name} is {value}, but must be between {low} and {high}"
                    ),
                })
            }
        };
        let config = BuildConfig {
            site: self.site.clone().unwrap_or_default(),
            ranking,
            shard_bytes: match self.index.shard_bytes {
                Some(set) => Some(sized("shard_bytes", Some(set), set, 1 << 10, 64 << 20)?),
                None => defaults.shard_bytes,
            },
            block_bytes: sized(
                "block_bytes",
                self.index.block_bytes,
                defaults.block_bytes,
                1 << 10,
                64 << 20,
            )?,
            block_docs: sized("block_docs", self.index.block_docs, defaults.block_docs, 1, 65_536)?,
            facets: self.facets.clone(),
            labels: self.labels.clone(),
            compression_level: sized(
                "compression_level",
                self.index.compression_level.map(|l| l.max(0) as usize),
                defaults.compression_level as usize,
                1,
                22,
            )? as i32,
            dictionary_bytes: sized(
                "dictionary_bytes",
                self.index.dictionary_bytes,
                defaults.dictionary_bytes,
                0,
                1 << 20,
            )?,
            fingerprint: self.fingerprint(),
        };
        Ok(config)
    }

    /// A hash of this builder's version and of every setting: an index built with another
    /// one is rebuilt in full rather than updated, so that a changed setting (a selector, a
    /// weight) takes effect on every article.
    pub fn fingerprint(&self) -> u64 {
        let described = format!("{} {self:?}", env!("CARGO_PKG_VERSION"));
        let hash = blake3::hash(described.as_bytes());
        u64::from_le_bytes(hash.as_bytes()[..8].try_into().expect("eight bytes"))
    }
}

/// The HTML selectors, compiled.
#[derive(Debug)]
pub(crate) struct HtmlRules {
    pub(crate) body: Option<(String, Selector)>,
    pub(crate) title: Selector,
    pub(crate) date: Option<Selector>,
    pub(crate) ignore: Vec<Selector>,
    pub(crate) facets: Vec<(String, Selector)>,
}

impl HtmlRules {
    pub(crate) fn compile(config: &HtmlConfig) -> Result<HtmlRules> {
        let parse = |key: &str, css: &str| {
            Selector::parse(css).map_err(|e| Error::Config {
                file: None,
                reason: format!("html.{key}: invalid CSS selector `{css}`: {e}"),
            })
        };
        Ok(HtmlRules {
            body: match &config.body {
                Some(css) => Some((css.clone(), parse("body", css)?)),
                None => None,
            },
            title: parse("title", config.title.as_deref().unwrap_or("h1"))?,
            date: config.date.as_deref().map(|css| parse("date", css)).transpose()?,
            ignore: config
                .ignore
                .iter()
                .map(|css| parse("ignore", css))
                .collect::<Result<Vec<_>>>()?,
            facets: config
                .facets
                .iter()
                .map(|(name, css)| Ok((name.clone(), parse(&format!("facets.{name}"), css)?)))
                .collect::<Result<Vec<_>>>()?,
        })
    }
}

/// Joins a configured base URL and a site path (`/a/b/`), with exactly one slash between.
pub(crate) fn join_url(base: Option<&str>, path: &str) -> String {
    match base.map(|b| b.trim_end_matches('/')) {
        Some(base) if !base.is_empty() => format!("{base}/{}", path.trim_start_matches('/')),
        _ => path.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_keys_are_named() {
        let error = Config::from_toml("site = \"x\"\n[html]\ntitel = \"h1\"\n").unwrap_err();
        assert!(error.contains("line 3"), "{error}");
        assert!(error.contains("unknown field `titel`"), "{error}");
    }

    #[test]
    fn ranking_and_sizes_map_onto_the_core() {
        let config = Config::from_toml(
            "site = \"News\"\nfacets = [\"type\"]\n[ranking]\ntitle_boost = 5.0\n\
             [index]\nblock_docs = 64\n",
        )
        .unwrap();
        let build = config.build_config().unwrap();
        assert_eq!(build.site, "News");
        assert_eq!(build.ranking.title_boost, 5.0);
        assert_eq!(build.ranking.k1, RankingParams::default().k1);
        assert_eq!(build.block_docs, 64);
        assert_eq!(build.facets, Some(vec!["type".to_string()]));
    }

    #[test]
    fn out_of_range_settings_and_bad_selectors_are_named() {
        let config = Config::from_toml("[index]\nblock_docs = 0\n").unwrap();
        assert!(config.check().unwrap_err().to_string().contains("index.block_docs is 0"));
        let config = Config::from_toml("[ranking]\nb = 2.0\n").unwrap();
        assert!(config.check().unwrap_err().to_string().contains("ranking.b is 2"));
        let config = Config::from_toml("[html]\ntitle = \"h1[\"\n").unwrap();
        assert!(config.check().unwrap_err().to_string().contains("html.title: invalid CSS"));
    }

    #[test]
    fn urls_join_with_one_slash() {
        assert_eq!(join_url(None, "/a/b/"), "/a/b/");
        assert_eq!(join_url(Some("https://x.org/site/"), "/a/"), "https://x.org/site/a/");
        assert_eq!(join_url(Some(""), "/a/"), "/a/");
    }
}
