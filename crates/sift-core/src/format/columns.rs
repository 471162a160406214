//! Columns over all documents: sets of document numbers (a facet value's documents, the
//! deleted ones), and the date column.
//!
//! A set is stored as runs of consecutive numbers, each a varint gap from the end of the
//! run before and a varint length: a value most documents have costs a few bytes, a rare
//! one a byte or two per document, and zstd does the rest. Reading checks every run against
//! the index's document count, so a damaged set can neither claim more documents than the
//! index has nor make a reader allocate for them.

use crate::docset::DocSet;

use super::codec::{Decode, Encode};
use super::varint::{self, Reader};

/// Encodes the ascending, distinct numbers `ids` as runs.
pub(crate) fn write_ids(ids: impl IntoIterator<Item = u32>) -> Vec<u8> {
    let mut out = Vec::new();
    let mut runs: Vec<(u32, u32)> = Vec::new();
    for id in ids {
        match runs.last_mut() {
            Some((start, len)) if *start + *len == id => *len += 1,
            _ => runs.push((id, 1)),
        }
    }
    varint::write(&mut out, runs.len() as u64);
    let mut end = 0u32;
    for (start, len) in runs {
        varint::write(&mut out, u64::from(start - end));
        varint::write(&mut out, u64::from(len - 1));
        end = start + len;
    }
    out
}

/// Decodes a set written by [`write_ids`], or `None` if it is damaged or names a number
/// outside `0..doc_count`.
pub(crate) fn read_ids(bytes: &[u8], doc_count: u32) -> Option<DocSet> {
    let mut reader = Reader::new(bytes, 0);
    let runs = reader.read()?;
    // Every run takes at least two bytes: a damaged count cannot make us loop for long.
    if runs > bytes.len() as u64 / 2 {
        return None;
    }
    let mut set = DocSet::default();
    let mut end = 0u32;
    for _ in 0..runs {
        let start = end.checked_add(reader.read_u32()?)?;
        let last = start.checked_add(reader.read_u32()?)?;
        if last >= doc_count {
            return None;
        }
        end = last.checked_add(1)?;
        set.insert_range(start..end);
    }
    (reader.is_at_end()).then_some(set)
}

/// One facet column: per value, in the entry's value order, its documents ([`write_ids`]).
#[derive(Clone, Debug, Default, PartialEq, Eq, Encode, Decode)]
pub(crate) struct FacetColumn {
    pub(crate) values: Vec<Vec<u8>>,
}

/// The date column: runs of equal dates over the documents from the entry's `undated` on,
/// in number order (days since 1970-01-01, and how many documents in a row have that day).
#[derive(Clone, Debug, Default, PartialEq, Eq, Encode, Decode)]
pub(crate) struct DateColumn {
    pub(crate) runs: Vec<(i32, u32)>,
}

impl DateColumn {
    /// Whether the runs ascend and count exactly `dated` documents: what every reader
    /// relies on to turn a date range into a range of numbers.
    pub(crate) fn is_consistent(&self, dated: u32) -> bool {
        let ascending = self.runs.windows(2).all(|w| w[0].0 < w[1].0);
        let total = self.runs.iter().try_fold(0u32, |sum, &(_, n)| sum.checked_add(n));
        ascending && total == Some(dated)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sets_round_trip_as_runs_and_stay_within_the_documents() {
        let ids = [0, 1, 2, 3, 10, 12, 13, 999];
        let bytes = write_ids(ids);
        let set = read_ids(&bytes, 1000).unwrap();
        assert_eq!(set.iter().collect::<Vec<_>>(), ids);
        assert_eq!(read_ids(&bytes, 999), None, "999 is beyond 999 documents");
        assert_eq!(read_ids(&write_ids([]), 0).unwrap().len(), 0);
        // Four runs of ten million from a handful of bytes: refused before any is inserted.
        let mut forged = Vec::new();
        varint::write(&mut forged, 4);
        for _ in 0..4 {
            varint::write(&mut forged, 0);
            varint::write(&mut forged, 10_000_000);
        }
        assert_eq!(read_ids(&forged, 1000), None);
        for cut in 0..bytes.len() {
            assert_eq!(read_ids(&bytes[..cut], 1000), None, "cut at {cut}");
        }
    }

    #[test]
    fn date_columns_must_count_the_dated_documents_in_order() {
        let column = DateColumn { runs: vec![(10, 2), (12, 1)] };
        assert!(column.is_consistent(3));
        assert!(!column.is_consistent(4));
        assert!(!DateColumn { runs: vec![(12, 1), (10, 2)] }.is_consistent(3));
        assert!(!DateColumn { runs: vec![(1, u32::MAX), (2, 2)] }.is_consistent(1));
    }
}
