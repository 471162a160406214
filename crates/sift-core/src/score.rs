//! Ranking: BM25F over title and body, weighted by how a word matched.

use crate::format::entry::Ranking;
use crate::format::terms::{norm_len, Posting};
use crate::query::Field;

/// The ranking parameters, chosen at build time and stored in the index.
///
/// A document's score is the sum over query words of `idf × weight × saturate(tf)`, where
/// `tf = title_boost × tf_title + tf_body / (1 − b + b × body_len / avg_body_len)` (BM25F;
/// titles are short and not length-normalised), `saturate(x) = x (k1 + 1) / (x + k1)`, and
/// `weight` is the best way the word matched the document: exactly, by stem, as a prefix,
/// as the Russian word a Latin one transliterates, or within one or two typos. Equal scores
/// (to a thousandth) go to the newer document.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RankingParams {
    /// BM25 term-frequency saturation (`k1`). Default 1.2.
    pub k1: f32,
    /// BM25 body-length normalisation (`b`), from 0 (none) to 1 (full). Default 0.75.
    pub b: f32,
    /// How much a title occurrence outweighs a body occurrence. Default 3.
    pub title_boost: f32,
    /// Weight of an exact word match. Default 1.
    pub exact: f32,
    /// Weight of a match by stem (`report` for `reports`). Default 0.8.
    pub stem: f32,
    /// Weight of a prefix match of the word being typed (`hels` for `helsinki`). Default 0.6.
    pub prefix: f32,
    /// Weight of a Russian word matched by its Latin spelling (`zhovtis` for `Жовтис`), and
    /// of the words of its stem. Default 0.5.
    pub translit: f32,
    /// Weight of a match within one typo. Default 0.4.
    pub typo1: f32,
    /// Weight of a match within two typos. Default 0.25.
    pub typo2: f32,
}

impl Default for RankingParams {
    fn default() -> RankingParams {
        RankingParams {
            k1: 1.2,
            b: 0.75,
            title_boost: 3.0,
            exact: 1.0,
            stem: 0.8,
            prefix: 0.6,
            translit: 0.5,
            typo1: 0.4,
            typo2: 0.25,
        }
    }
}

impl RankingParams {
    /// Checks that every parameter is in range, naming the first that is not.
    pub fn validate(&self) -> Result<(), String> {
        match self.out_of_range() {
            Some((name, value, low, high)) => {
                Err(format!("ranking.{name} is {value}, but must be between {low} and {high}"))
            }
            None => Ok(()),
        }
    }

    /// The first parameter out of its range: name, value, lowest and highest allowed.
    pub(crate) fn out_of_range(&self) -> Option<(&'static str, f32, f32, f32)> {
        let fields = [
            ("k1", self.k1, 0.0, 100.0),
            ("b", self.b, 0.0, 1.0),
            ("title_boost", self.title_boost, 0.0, 1000.0),
            ("exact", self.exact, 0.0, 100.0),
            ("stem", self.stem, 0.0, 100.0),
            ("prefix", self.prefix, 0.0, 100.0),
            ("translit", self.translit, 0.0, 100.0),
            ("typo1", self.typo1, 0.0, 100.0),
            ("typo2", self.typo2, 0.0, 100.0),
        ];
        fields.into_iter().find(|&(_, value, low, high)| !(low..=high).contains(&value))
    }

    pub(crate) fn to_stored(self) -> Ranking {
        Ranking {
            k1: self.k1,
            b: self.b,
            title_boost: self.title_boost,
            exact: self.exact,
            stem: self.stem,
            prefix: self.prefix,
            translit: self.translit,
            typo1: self.typo1,
            typo2: self.typo2,
        }
    }

    pub(crate) fn from_stored(r: &Ranking) -> RankingParams {
        RankingParams {
            k1: r.k1,
            b: r.b,
            title_boost: r.title_boost,
            exact: r.exact,
            stem: r.stem,
            prefix: r.prefix,
            translit: r.translit,
            typo1: r.typo1,
            typo2: r.typo2,
        }
    }

    /// The saturated, length-normalised term frequency of one posting in `field`.
    pub(crate) fn tf(&self, p: &Posting, field: Field, avg_body_len: f32) -> f32 {
        let title = self.title_boost * p.tf_title as f32;
        let tf = match field {
            Field::Title => title,
            Field::Any => {
                let norm = 1.0 - self.b + self.b * norm_len(p.norm) / avg_body_len.max(1.0);
                title + p.tf_body as f32 / norm.max(0.01)
            }
        };
        tf * (self.k1 + 1.0) / (tf + self.k1)
    }
}

/// Inverse document frequency (the BM25 form, never negative).
pub(crate) fn idf(doc_count: u32, df: u32) -> f32 {
    let (n, df) = (doc_count as f32, df as f32);
    (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_outweigh_bodies_and_rare_words_outweigh_common_ones() {
        let params = RankingParams::default();
        let title = Posting { doc: 0, tf_title: 1, tf_body: 0, norm: 10 };
        let body = Posting { doc: 0, tf_title: 0, tf_body: 1, norm: 10 };
        assert!(params.tf(&title, Field::Any, 30.0) > params.tf(&body, Field::Any, 30.0));
        assert_eq!(params.tf(&body, Field::Title, 30.0), 0.0);
        assert!(idf(1000, 1) > idf(1000, 500));
        assert!(idf(1000, 1000) > 0.0);
    }

    #[test]
    fn out_of_range_parameters_are_named() {
        let bad = RankingParams { b: 1.5, ..RankingParams::default() };
        assert_eq!(bad.validate().unwrap_err(), "ranking.b is 1.5, but must be between 0 and 1");
        assert!(RankingParams::default().validate().is_ok());
    }
}
