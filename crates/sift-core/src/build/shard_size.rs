//! How many postings bytes a term shard is cut at: set in the config, or sized to the archive.

use super::BuildConfig;

/// Tail shards are this much smaller than base shards of a set size ...
const TAIL_SHARD_DIVISOR: usize = 8;
/// ... and this size when base shards are sized to the archive: every query reads one of
/// them per word, and the tail is small.
const TAIL_SHARD_BYTES: usize = 6 << 10;
/// Bytes the directory spends on a shard (its first key and hash, compressed: 16 on
/// reuters21578), over the bytes a shard's file keeps of each byte of postings (0.8):
/// see [`base`].
const DIRECTORY_PER_SHARD_OVER_RATIO: usize = 20;

/// The target postings bytes of a base shard: the configured size, or the size that makes a
/// one-word query's fetch least. A word fetches the directory, which lists every shard, and
/// its shard: `d * postings / s + r * s` bytes for `s`-byte shards, least at `s = sqrt(d /
/// r * postings)`, where directory and shard both grow as the square root of the archive:
/// 12 KiB at 21,000 news articles, 48 KiB at 250,000. Rounded to 4 KiB steps, so that the
/// archive grows a long way before its shards are cut anew.
pub(super) fn base(config: &BuildConfig, postings: usize) -> usize {
    if let Some(bytes) = config.shard_bytes {
        return bytes;
    }
    let best = ((DIRECTORY_PER_SHARD_OVER_RATIO * postings) as f64).sqrt() as usize;
    ((best + (2 << 10)) & !((4 << 10) - 1)).clamp(4 << 10, 64 << 20)
}

/// The target postings bytes of a tail shard.
pub(super) fn tail(config: &BuildConfig) -> usize {
    config.shard_bytes.map_or(TAIL_SHARD_BYTES, |s| (s / TAIL_SHARD_DIVISOR).max(1 << 10))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_are_sized_to_the_archive_unless_set() {
        let auto = BuildConfig::default();
        // reuters21578's base segment holds about 6.2 MB of postings, the 250,000-article
        // scale corpus about 120 MB.
        assert_eq!(base(&auto, 6_200_000), 12 << 10);
        assert_eq!(base(&auto, 120_000_000), 48 << 10);
        assert_eq!(base(&auto, 1_000), 4 << 10, "a small site still has a floor");
        // Four times the postings, twice the shard (and so twice the shards).
        let (small, large) = (base(&auto, 30_000_000), base(&auto, 120_000_000));
        assert_eq!(large, 2 * small);
        let set = BuildConfig { shard_bytes: Some(40 << 10), ..BuildConfig::default() };
        assert_eq!(base(&set, 6_200_000), 40 << 10);
        assert_eq!(tail(&set), 5 << 10);
        assert_eq!(tail(&auto), TAIL_SHARD_BYTES);
    }
}
