//! The entry file: what a reader needs before its first query, naming every other file.

use super::codec::{Decode, Encode};
use super::MAX_DOCUMENTS;

/// The entry: nothing in it grows with the number of documents except the facet dictionary.
#[derive(Clone, Debug, PartialEq, Encode, Decode)]
pub(crate) struct Entry {
    /// Document numbers run from 0 to `doc_numbers` (deleted documents' included).
    pub(crate) doc_numbers: u32,
    /// Documents that exist (not deleted): what ranking counts.
    pub(crate) live_count: u32,
    /// Documents `0..undated` have no date; the rest are in ascending date order.
    pub(crate) undated: u32,
    /// Label of this index's site, shown when several indexes are searched together.
    pub(crate) site: String,
    /// Stemmer languages present, as tags (`en`, `ru`); queries are stemmed with each.
    pub(crate) languages: Vec<String>,
    /// Language tags of documents, indexed by `StoredMeta::lang`.
    pub(crate) doc_languages: Vec<String>,
    pub(crate) ranking: Ranking,
    /// Words in the bodies of the live documents (for the average body length).
    pub(crate) body_words: u64,
    pub(crate) date_min: Option<i32>,
    pub(crate) date_max: Option<i32>,
    /// Hashes naming `dir-*.sift` and `dates-*.sift`.
    pub(crate) directory: u64,
    pub(crate) dates: u64,
    pub(crate) facets: Vec<FacetEntry>,
    /// The zstd dictionary of the text blocks, if they use one.
    pub(crate) dictionary: Option<u64>,
    /// What the builder recorded of its inputs (`sources-*.sift`), for incremental builds.
    pub(crate) sources: Option<u64>,
}

/// Ranking parameters as stored (see [`crate::RankingParams`]).
#[derive(Clone, Copy, Debug, PartialEq, Encode, Decode)]
pub(crate) struct Ranking {
    pub(crate) k1: f32,
    pub(crate) b: f32,
    pub(crate) title_boost: f32,
    pub(crate) exact: f32,
    pub(crate) stem: f32,
    pub(crate) prefix: f32,
    pub(crate) translit: f32,
    pub(crate) typo1: f32,
    pub(crate) typo2: f32,
}

/// One facet: its values (in the order of its column), how many documents have each, and
/// what each is called in other languages.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode)]
pub(crate) struct FacetEntry {
    pub(crate) name: String,
    pub(crate) values: Vec<String>,
    pub(crate) counts: Vec<u32>,
    /// Per language tag, a label for each value (empty where the value itself is shown).
    pub(crate) labels: Vec<(String, Vec<String>)>,
    pub(crate) column: u64,
}

impl Entry {
    /// What is inconsistent in the entry, if anything: counts that contradict each other,
    /// or exceed what any index holds.
    pub(crate) fn inconsistency(&self) -> Option<&'static str> {
        if self.doc_numbers > MAX_DOCUMENTS {
            return Some("more documents than any index holds");
        }
        if self.live_count > self.doc_numbers || self.undated > self.doc_numbers {
            return Some("document counts contradict each other");
        }
        let values_fit = self.facets.iter().all(|f| {
            f.values.len() == f.counts.len()
                && f.counts.iter().all(|&n| n <= self.live_count)
                && f.labels.iter().all(|(_, labels)| labels.len() == f.values.len())
        });
        if !values_fit {
            return Some("a facet's values, counts and labels differ");
        }
        if self.date_min > self.date_max {
            return Some("the date range is reversed");
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry() -> Entry {
        Entry {
            doc_numbers: 10,
            live_count: 9,
            undated: 2,
            site: String::new(),
            languages: Vec::new(),
            doc_languages: Vec::new(),
            ranking: crate::RankingParams::default().to_stored(),
            body_words: 100,
            date_min: Some(1),
            date_max: Some(5),
            directory: 0,
            dates: 0,
            facets: vec![FacetEntry {
                name: "country".into(),
                values: vec!["Russia".into()],
                counts: vec![4],
                labels: vec![("ru".into(), vec!["Россия".into()])],
                column: 0,
            }],
            dictionary: None,
            sources: None,
        }
    }

    #[test]
    fn counts_that_contradict_each_other_are_damage() {
        assert_eq!(entry().inconsistency(), None);
        let cases: [fn(&mut Entry); 6] = [
            |e| e.doc_numbers = MAX_DOCUMENTS + 1,
            |e| e.live_count = 11,
            |e| e.undated = 11,
            |e| e.facets[0].counts = vec![4, 5],
            |e| e.facets[0].labels[0].1.push("лишнее".into()),
            |e| e.date_min = Some(9),
        ];
        for (i, damage) in cases.into_iter().enumerate() {
            let mut e = entry();
            damage(&mut e);
            assert!(e.inconsistency().is_some(), "case {i}");
        }
    }
}
