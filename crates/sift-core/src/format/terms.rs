//! Term shards: an fst dictionary of terms, their postings, stem groups and transliteration
//! groups; and the positions file that goes with each shard.

use super::codec::{self, Decode, Encode};
use super::varint::{self, Reader};
use crate::error::{Error, Result};

/// Document lengths are stored beside each posting as a 5-bit code on a √2 scale: enough
/// precision for BM25's length normalisation, and no per-document column to fetch.
pub(crate) const NORM_BITS: u32 = 5;

/// The length code of a body of `len` words: `round(2 * log2(len + 1))`, at most 31.
pub(crate) fn norm_code(len: u32) -> u8 {
    let code = (2.0 * f64::from(len.saturating_add(1)).log2()).round();
    code.min(f64::from((1 << NORM_BITS) - 1)) as u8
}

/// The approximate body length a [`norm_code`] stands for.
pub(crate) fn norm_len(code: u8) -> f32 {
    (2f32.powf(f32::from(code) / 2.0) - 1.0).max(0.0)
}

/// One document in a term's postings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Posting {
    pub(crate) doc: u32,
    pub(crate) tf_title: u32,
    pub(crate) tf_body: u32,
    pub(crate) norm: u8,
}

/// A term's postings as read from a shard.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Postings {
    pub(crate) postings: Vec<Posting>,
    /// Where this term's positions start in the shard's positions file.
    pub(crate) positions_offset: u64,
}

/// Collects one term's postings while documents are added in ascending order, then
/// writes them into a shard.
#[derive(Clone, Debug, Default)]
pub(crate) struct TermPostings {
    df: u32,
    next: u32,
    postings: Vec<u8>,
    positions: Vec<u8>,
}

impl TermPostings {
    /// Appends a document, which must come after every document already added.
    pub(crate) fn push(&mut self, p: Posting, title: &[u32], body: &[u32]) {
        debug_assert!(p.doc >= self.next, "documents are added in ascending order");
        let gap = u64::from(p.doc - self.next);
        self.next = p.doc + 1;
        self.df += 1;
        varint::write(&mut self.postings, (gap << NORM_BITS) | u64::from(p.norm));
        varint::write(
            &mut self.postings,
            (u64::from(p.tf_body) << 2) | u64::from(p.tf_title.min(3)),
        );
        if p.tf_title >= 3 {
            varint::write(&mut self.postings, u64::from(p.tf_title - 3));
        }
        for field in [title, body] {
            let mut last = 0;
            for &pos in field {
                varint::write(&mut self.positions, u64::from(pos - last));
                last = pos;
            }
        }
    }

    /// How many documents hold the term.
    pub(crate) fn df(&self) -> u32 {
        self.df
    }

    /// The bytes this term adds to a shard's postings.
    pub(crate) fn len(&self) -> usize {
        self.postings.len() + 10
    }

    /// Writes the term into a shard's postings and positions; returns its postings offset.
    pub(crate) fn write_into(&self, postings: &mut Vec<u8>, positions: &mut Vec<u8>) -> u64 {
        let offset = postings.len() as u64;
        varint::write(postings, u64::from(self.df));
        varint::write(postings, positions.len() as u64);
        postings.extend_from_slice(&self.postings);
        positions.extend_from_slice(&self.positions);
        offset
    }
}

/// How many documents hold the term whose postings are at `offset`, without reading them;
/// 0 for damage (the postings themselves report it when read).
pub(crate) fn document_frequency(bytes: &[u8], offset: u64) -> u32 {
    usize::try_from(offset).ok().and_then(|o| Reader::new(bytes, o).read_u32()).unwrap_or(0)
}

/// Reads the postings of the term at `offset`. Damage gives an error, never a panic.
pub(crate) fn read_postings(file: &str, bytes: &[u8], offset: u64) -> Result<Postings> {
    let damaged = || Error::Corrupt { file: file.to_string(), reason: "damaged postings".into() };
    let start = usize::try_from(offset).map_err(|_| damaged())?;
    let mut r = Reader::new(bytes, start);
    let df = r.read_u32().ok_or_else(damaged)?;
    let positions_offset = r.read().ok_or_else(damaged)?;
    // Each posting takes at least two bytes, which bounds what a damaged count can claim.
    if df as usize > r.remaining() / 2 {
        return Err(damaged());
    }
    let mut postings = Vec::with_capacity(df as usize);
    let mut next = 0u64;
    for _ in 0..df {
        let head = r.read().ok_or_else(damaged)?;
        let doc = next + (head >> NORM_BITS);
        let tf = r.read().ok_or_else(damaged)?;
        let mut tf_title = (tf & 3) as u32;
        if tf_title == 3 {
            tf_title = r.read_u32().and_then(|extra| extra.checked_add(3)).ok_or_else(damaged)?;
        }
        let tf_body = u32::try_from(tf >> 2).map_err(|_| damaged())?;
        let doc32 = u32::try_from(doc).map_err(|_| damaged())?;
        postings.push(Posting { doc: doc32, tf_title, tf_body, norm: (head & 0x1f) as u8 });
        next = doc + 1;
    }
    Ok(Postings { postings, positions_offset })
}

/// Reads the positions of `postings` and calls `visit(index, title, body)` for the postings
/// whose index `wanted` accepts (the others are skipped over).
pub(crate) fn read_positions(
    file: &str,
    bytes: &[u8],
    postings: &Postings,
    mut wanted: impl FnMut(usize) -> bool,
    mut visit: impl FnMut(usize, &[u32], &[u32]),
) -> Result<()> {
    let damaged = || Error::Corrupt { file: file.to_string(), reason: "damaged positions".into() };
    let start = usize::try_from(postings.positions_offset).map_err(|_| damaged())?;
    let mut r = Reader::new(bytes, start);
    let (mut title, mut body) = (Vec::new(), Vec::new());
    for (i, p) in postings.postings.iter().enumerate() {
        let keep = wanted(i);
        for (count, out) in [(p.tf_title, &mut title), (p.tf_body, &mut body)] {
            out.clear();
            let mut pos = 0u32;
            for _ in 0..count {
                let delta = r.read_u32().ok_or_else(damaged)?;
                pos = pos.checked_add(delta).ok_or_else(damaged)?;
                if keep {
                    out.push(pos);
                }
            }
        }
        if keep {
            visit(i, &title, &body);
        }
    }
    Ok(())
}

/// The stored form of a term shard.
#[derive(Clone, Debug, Default, PartialEq, Eq, Encode, Decode)]
pub(crate) struct TermShardData {
    /// fst map: term to the offset of its postings.
    pub(crate) terms: Vec<u8>,
    pub(crate) postings: Vec<u8>,
    /// fst map: stem to the offset of its member list in `groups`.
    pub(crate) stems: Vec<u8>,
    /// fst map: Latin key (`analysis::translit`) to the offset of the Russian terms with
    /// that key in `groups`.
    pub(crate) translit: Vec<u8>,
    /// Member lists: a varint count, then each member term as a varint length and bytes.
    pub(crate) groups: Vec<u8>,
}

/// The stored form of a positions file.
#[derive(Clone, Debug, Default, PartialEq, Eq, Encode, Decode)]
pub(crate) struct PositionsData {
    pub(crate) positions: Vec<u8>,
}

/// A decoded term shard, ready for lookups.
#[derive(Debug)]
pub(crate) struct TermShard {
    pub(crate) terms: fst::Map<Vec<u8>>,
    pub(crate) postings: Vec<u8>,
    pub(crate) stems: fst::Map<Vec<u8>>,
    pub(crate) translit: fst::Map<Vec<u8>>,
    pub(crate) groups: Vec<u8>,
}

impl TermShard {
    pub(crate) fn decode(file: &str, payload: &[u8]) -> Result<TermShard> {
        let data: TermShardData = codec::decode(file, payload)?;
        let map = |bytes: Vec<u8>| {
            checked_map(bytes).ok_or_else(|| Error::Corrupt {
                file: file.to_string(),
                reason: "damaged fst".into(),
            })
        };
        Ok(TermShard {
            terms: map(data.terms)?,
            postings: data.postings,
            stems: map(data.stems)?,
            translit: map(data.translit)?,
            groups: data.groups,
        })
    }

    /// The terms of stem group `stem`, if the shard has it.
    pub(crate) fn stem_members(&self, file: &str, stem: &str) -> Result<Vec<String>> {
        self.members(file, self.stems.get(stem))
    }

    /// The Russian terms whose transliteration key is `key`, if the shard has it.
    pub(crate) fn translit_members(&self, file: &str, key: &str) -> Result<Vec<String>> {
        self.members(file, self.translit.get(key))
    }

    fn members(&self, file: &str, offset: Option<u64>) -> Result<Vec<String>> {
        let Some(offset) = offset else { return Ok(Vec::new()) };
        let damaged = || Error::Corrupt { file: file.to_string(), reason: "damaged group".into() };
        let mut r = Reader::new(&self.groups, usize::try_from(offset).map_err(|_| damaged())?);
        let count = r.read_u32().ok_or_else(damaged)?;
        // Each member takes at least one byte.
        if count as usize > r.remaining() {
            return Err(damaged());
        }
        let mut out = Vec::with_capacity(count as usize);
        for _ in 0..count {
            let len = r.read_u32().ok_or_else(damaged)? as usize;
            let bytes = r.take(len).ok_or_else(damaged)?;
            out.push(String::from_utf8(bytes.to_vec()).map_err(|_| damaged())?);
        }
        Ok(out)
    }
}

/// An fst map, if its footer and checksum hold. `fst::Map::new` checks only the footer, and
/// fst's readers trust the nodes: a damaged node makes a walk subtract past zero or index
/// past the end (a panic, which kills the widget). The builder writes a CRC-32C of every
/// fst, so damage inside one is refused here, before any walk (found by fuzzing).
pub(crate) fn checked_map(bytes: Vec<u8>) -> Option<fst::Map<Vec<u8>>> {
    let map = fst::Map::new(bytes).ok()?;
    fst_checksum_holds(map.as_fst().as_bytes()).then_some(map)
}

/// Whether an fst's last four bytes hold the checksum of the rest, as `fst::raw::Fst::verify`
/// checks it: CRC-32C, masked as Snappy masks it. `verify` computes it with a 16 KB table,
/// 17.6 KB of the widget's gzipped wasm; `crc`'s one 1 KB table does the same work.
fn fst_checksum_holds(bytes: &[u8]) -> bool {
    const CRC32C: crc::Crc<u32> = crc::Crc::<u32>::new(&crc::CRC_32_ISCSI);
    let Some((rest, stored)) = bytes.split_last_chunk::<4>() else { return false };
    let masked = CRC32C.checksum(rest).rotate_right(15).wrapping_add(0xA282_EAD8);
    u32::from_le_bytes(*stored) == masked
}

/// Appends a group's member list to `groups`, returning its offset.
pub(crate) fn write_members(groups: &mut Vec<u8>, terms: &[&str]) -> u64 {
    let offset = groups.len() as u64;
    varint::write(groups, terms.len() as u64);
    for term in terms {
        varint::write(groups, term.len() as u64);
        groups.extend_from_slice(term.as_bytes());
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fst_checksum_agrees_with_fsts_own_and_refuses_any_damaged_byte() {
        let words = ["заложница", "helsinki", "жовтис", "zhovtis", "правозащитник"];
        let mut sorted = words.to_vec();
        sorted.sort();
        let map = fst::Map::from_iter(sorted.iter().enumerate().map(|(i, w)| (w, i as u64)));
        let bytes = map.unwrap().into_fst().into_inner();
        assert!(fst_checksum_holds(&bytes));
        assert!(checked_map(bytes.clone()).is_some());
        for at in 0..bytes.len() {
            let mut damaged = bytes.clone();
            damaged[at] ^= 0x10;
            let theirs = fst::raw::Fst::new(damaged.clone()).is_ok_and(|f| f.verify().is_ok());
            assert_eq!(fst_checksum_holds(&damaged), theirs, "byte {at}");
            assert!(!fst_checksum_holds(&damaged), "byte {at} damaged and accepted");
        }
        assert!(!fst_checksum_holds(&bytes[..3]));
    }

    #[test]
    fn postings_and_positions_round_trip() {
        let docs = [
            (Posting { doc: 3, tf_title: 1, tf_body: 2, norm: 7 }, vec![0], vec![4, 9]),
            (Posting { doc: 4, tf_title: 5, tf_body: 0, norm: 0 }, vec![0, 1, 2, 3, 4], vec![]),
            (Posting { doc: 900, tf_title: 0, tf_body: 1, norm: 31 }, vec![], vec![70_000]),
        ];
        let mut term = TermPostings::default();
        for (p, t, b) in &docs {
            term.push(*p, t, b);
        }
        let (mut postings, mut positions) = (vec![1, 2, 3], vec![9]);
        let offset = term.write_into(&mut postings, &mut positions);
        let read = read_postings("t", &postings, offset).unwrap();
        assert_eq!(read.postings, docs.iter().map(|d| d.0).collect::<Vec<_>>());
        let mut seen = Vec::new();
        read_positions(
            "t",
            &positions,
            &read,
            |i| i != 1,
            |i, t, b| seen.push((i, t.to_vec(), b.to_vec())),
        )
        .unwrap();
        assert_eq!(seen, vec![(0, vec![0], vec![4, 9]), (2, vec![], vec![70_000])]);
    }

    #[test]
    fn damaged_postings_are_errors() {
        let mut term = TermPostings::default();
        term.push(Posting { doc: 1, tf_title: 0, tf_body: 1, norm: 1 }, &[], &[0]);
        let (mut postings, mut positions) = (Vec::new(), Vec::new());
        let offset = term.write_into(&mut postings, &mut positions);
        for cut in 0..postings.len() {
            assert!(read_postings("t", &postings[..cut], offset).is_err());
        }
        assert!(read_postings("t", &[0xff, 0xff, 0xff, 0xff, 0x0f, 0], 0).is_err());
    }

    #[test]
    fn a_group_claiming_more_members_than_its_bytes_hold_is_damage() {
        let mut groups = Vec::new();
        let offset = write_members(&mut groups, &["москва", "москве"]);
        let mut stems = fst::MapBuilder::memory();
        stems.insert("москв", offset).unwrap();
        let mut shard = TermShard {
            terms: fst::Map::default(),
            postings: Vec::new(),
            stems: fst::Map::new(stems.into_inner().unwrap()).unwrap(),
            translit: fst::Map::default(),
            groups,
        };
        assert_eq!(shard.stem_members("t", "москв").unwrap(), ["москва", "москве"]);
        // A count of two billion from five bytes: refused before anything is allocated.
        shard.groups = vec![0xff, 0xff, 0xff, 0xff, 0x07];
        assert!(shard.stem_members("t", "москв").is_err());
    }

    #[test]
    fn a_shard_whose_fst_is_damaged_inside_is_refused_before_any_walk() {
        // Found by fuzzing (seed `fst-damaged-at-50-typo`): one node byte inverted, the
        // footer intact; walking it made fst subtract with overflow.
        let mut terms = fst::MapBuilder::memory();
        for (i, term) in ["help", "helsinki", "moscow", "москва"].iter().enumerate() {
            terms.insert(term, i as u64).unwrap();
        }
        let mut terms = terms.into_inner().unwrap();
        let empty = fst::MapBuilder::memory().into_inner().unwrap();
        let with = |terms: Vec<u8>| TermShardData {
            terms,
            stems: empty.clone(),
            translit: empty.clone(),
            ..TermShardData::default()
        };
        assert!(TermShard::decode("t", &codec::encode(&with(terms.clone()))).is_ok());
        terms[4] ^= 0xff;
        let error = TermShard::decode("t", &codec::encode(&with(terms))).unwrap_err();
        assert!(error.to_string().contains("damaged fst"), "{error}");
    }

    #[test]
    fn norm_codes_keep_lengths_within_a_fifth() {
        for len in [1u32, 10, 100, 1000, 10_000] {
            let back = norm_len(norm_code(len));
            assert!((back - len as f32).abs() / len as f32 <= 0.2, "{len} -> {back}");
        }
        assert_eq!(norm_code(u32::MAX), 31);
    }
}
