//! How a segment's terms are cut into term shards: the postings bytes a shard is cut at (set
//! in the config, or sized to the archive) and what weighs against them; and how many
//! shards a page of the shard table lists.

use super::BuildConfig;
use crate::format::terms::TermPostings;

/// Tail shards are this much smaller than base shards of a set size ...
const TAIL_SHARD_DIVISOR: usize = 8;
/// ... and this size when base shards are sized to the archive: every query reads one of
/// them per word, and the tail is small.
const TAIL_SHARD_BYTES: usize = 6 << 10;
/// Bytes a list of shards spends on each (its first key and hash, compressed: 16 on
/// reuters21578), over the bytes a shard's file keeps of each byte of postings (0.8):
/// see [`base`].
const LIST_PER_SHARD_OVER_RATIO: usize = 20;
/// A page of the shard table lists at least this many shards.
const MIN_SHARDS_PER_PAGE: usize = 16;

/// How one segment's terms, in key order, are cut into shards.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct ShardCut {
    /// The bytes a shard is cut at. The directory records them: a prefix's reach is counted
    /// in them.
    pub(super) bytes: usize,
    /// Whether keys weigh beside postings: a term's own, and the stem and transliteration
    /// groups that fall into the shard's key range. The tail's words are mostly rare, and
    /// its Russian words' transliteration groups have Latin keys, which fall among its few
    /// Latin words: by postings alone one tail shard of the 250,000-article corpus spanned
    /// `compositeurs` to `близ`, a 41.5 KB file that every Latin query word read.
    keys_weigh: bool,
}

impl ShardCut {
    /// Cuts terms (ids in key order) into runs of about `bytes`; at least one. `groups`
    /// (key and member words) weigh with the term whose shard their key falls in.
    pub(super) fn cut<'g>(
        self,
        sorted: &[u32],
        terms: &[Box<str>],
        postings: &[TermPostings],
        groups: impl Iterator<Item = (&'g String, &'g Vec<&'g str>)>,
    ) -> Vec<Vec<u32>> {
        let mut keys = vec![0; sorted.len()];
        if self.keys_weigh {
            for (i, &id) in sorted.iter().enumerate() {
                keys[i] = terms[id as usize].len();
            }
            for (key, members) in groups {
                let after = sorted.partition_point(|&id| *terms[id as usize] <= **key);
                keys[after.saturating_sub(1)] +=
                    key.len() + members.iter().map(|m| m.len()).sum::<usize>();
            }
        }
        let mut shards: Vec<Vec<u32>> = vec![Vec::new()];
        let mut size = 0;
        for (&id, key_bytes) in sorted.iter().zip(keys) {
            let weight = postings[id as usize].len() + key_bytes;
            if size + weight > self.bytes && !shards.last().is_some_and(Vec::is_empty) {
                shards.push(Vec::new());
                size = 0;
            }
            size += weight;
            shards.last_mut().expect("never empty").push(id);
        }
        shards
    }
}

/// The base segment's cut: the configured size, or the size at which a list of every shard
/// would cost a word as much as its shard: `d * postings / s` against `r * s` bytes for
/// `s`-byte shards, even at `s = sqrt(d / r * postings)`; 12 KiB at 21,000 news articles,
/// 48 KiB at 250,000. (Since the shard table is read a page at a time, smaller shards would
/// cut a word's bytes further, but each is two files more that a site hosts: 250,000
/// articles already make 37,000 files.) Rounded to 4 KiB steps, so that the archive grows a
/// long way before its shards are cut anew. Keys do not weigh: the formula counts postings.
pub(super) fn base(config: &BuildConfig, postings: usize) -> ShardCut {
    let bytes = config.shard_bytes.unwrap_or_else(|| {
        let best = ((LIST_PER_SHARD_OVER_RATIO * postings) as f64).sqrt() as usize;
        ((best + (2 << 10)) & !((4 << 10) - 1)).clamp(4 << 10, 64 << 20)
    });
    ShardCut { bytes, keys_weigh: false }
}

/// How many shards a page of a segment's shard table of `shards` lists. A word reads one
/// page, and the directory lists every page: both grow as the square root of the shards
/// (50 shards a page at 250,000 articles, 2,500 shards).
pub(super) fn shards_per_page(shards: usize) -> usize {
    ((shards as f64).sqrt().ceil() as usize).max(MIN_SHARDS_PER_PAGE)
}

/// The tail segment's cut: small shards, keys weighing beside postings.
pub(super) fn tail(config: &BuildConfig) -> ShardCut {
    let bytes =
        config.shard_bytes.map_or(TAIL_SHARD_BYTES, |s| (s / TAIL_SHARD_DIVISOR).max(1 << 10));
    ShardCut { bytes, keys_weigh: true }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::terms::Posting;

    #[test]
    fn shards_are_sized_to_the_archive_unless_set() {
        let auto = BuildConfig::default();
        // reuters21578's base segment holds about 6.2 MB of postings, the 250,000-article
        // scale corpus about 120 MB.
        assert_eq!(base(&auto, 6_200_000).bytes, 12 << 10);
        assert_eq!(base(&auto, 120_000_000).bytes, 48 << 10);
        assert_eq!(base(&auto, 1_000).bytes, 4 << 10, "a small site still has a floor");
        // Four times the postings, twice the shard (and so twice the shards).
        let (small, large) = (base(&auto, 30_000_000), base(&auto, 120_000_000));
        assert_eq!(large.bytes, 2 * small.bytes);
        let set = BuildConfig { shard_bytes: Some(40 << 10), ..BuildConfig::default() };
        assert_eq!(base(&set, 6_200_000).bytes, 40 << 10);
        assert_eq!(tail(&set).bytes, 5 << 10);
        assert_eq!(tail(&auto).bytes, TAIL_SHARD_BYTES);
    }

    #[test]
    fn a_page_lists_the_square_root_of_the_shards() {
        assert_eq!(shards_per_page(2_500), 50);
        assert_eq!(shards_per_page(2_501), 51);
        assert_eq!(shards_per_page(3), MIN_SHARDS_PER_PAGE);
    }

    #[test]
    fn a_tail_shard_weighs_the_transliteration_groups_in_its_key_range() {
        // Two Latin words, each in one document, and 2,000 Russian words whose
        // transliteration keys (`moskva` for `москва`) sort between them.
        let terms: Vec<Box<str>> = ["alpha", "zulu"].into_iter().map(Box::from).collect();
        let postings: Vec<TermPostings> = (0..2)
            .map(|doc| {
                let mut term = TermPostings::default();
                term.push(Posting { doc, tf_title: 0, tf_body: 1, norm: 1 }, &[], &[0]);
                term
            })
            .collect();
        let groups: Vec<(String, Vec<&str>)> =
            (0..2_000).map(|i| (format!("moskva{i:04}"), vec!["москваааа"])).collect();
        let sorted = [0, 1];
        let config = BuildConfig { shard_bytes: Some(64 << 10), ..BuildConfig::default() };
        let groups_of = || groups.iter().map(|(key, members)| (key, members));
        // Their keys fall after `alpha`: they weigh with it, so `zulu` starts a shard of its
        // own instead of sharing one with 2,000 groups.
        assert_eq!(tail(&config).cut(&sorted, &terms, &postings, groups_of()), [[0], [1]]);
        // The base counts postings alone.
        assert_eq!(base(&config, 0).cut(&sorted, &terms, &postings, groups_of()), [vec![0, 1]]);
    }
}
