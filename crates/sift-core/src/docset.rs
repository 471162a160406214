//! Sets of document numbers as sorted runs of consecutive numbers: what a facet value, the
//! deleted documents and a query's matches are.
//!
//! News archives number documents by date, so a facet value most documents have, the
//! documents of a date range and "everything but the deleted" are a few runs, and a rare
//! value is a short list. Runs keep both small without the containers of a general bitmap
//! crate, whose code the widget would download (roaring was 5.8 KB of it gzipped).

use std::cmp::Ordering;
use std::ops::Range;

/// A set of document numbers: ascending, disjoint, non-adjacent runs `start..end`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct DocSet {
    runs: Vec<(u32, u32)>,
}

impl DocSet {
    /// The numbers of `range`.
    pub(crate) fn from_range(range: Range<u32>) -> DocSet {
        let runs = if range.is_empty() { Vec::new() } else { vec![(range.start, range.end)] };
        DocSet { runs }
    }

    /// How many numbers the set holds.
    pub(crate) fn len(&self) -> u64 {
        self.runs.iter().map(|&(start, end)| u64::from(end - start)).sum()
    }

    /// The bytes its runs take in memory.
    pub(crate) fn heap_bytes(&self) -> usize {
        self.runs.len() * std::mem::size_of::<(u32, u32)>()
    }

    /// The numbers, ascending (and, reversed, descending).
    pub(crate) fn iter(&self) -> impl DoubleEndedIterator<Item = u32> + '_ {
        self.runs.iter().flat_map(|&(start, end)| start..end)
    }

    /// Whether `n` is in the set.
    pub(crate) fn contains(&self, n: u32) -> bool {
        let i = self.runs.partition_point(|&(_, end)| end <= n);
        self.runs.get(i).is_some_and(|&(start, _)| start <= n)
    }

    /// Adds `n`; cheapest when numbers come in ascending order.
    pub(crate) fn insert(&mut self, n: u32) {
        let Some(after) = n.checked_add(1) else { return };
        if let Some(last) = self.runs.last_mut() {
            if last.1 == n {
                last.1 = after;
                return;
            }
        }
        // The first run that ends at or after `n`: every run before it ends short of `n`.
        let i = self.runs.partition_point(|&(_, end)| end < n);
        match self.runs.get(i).copied() {
            Some((start, end)) if start <= n && n < end => {}
            Some((_, end)) if end == n => {
                self.runs[i].1 = after;
                if self.runs.get(i + 1).is_some_and(|&(next, _)| next == after) {
                    self.runs[i].1 = self.runs.remove(i + 1).1;
                }
            }
            Some((start, _)) if start == after => self.runs[i].0 = n,
            _ => self.runs.insert(i, (n, after)),
        }
    }

    /// Adds every number of `range`; cheapest when ranges come in ascending order.
    pub(crate) fn insert_range(&mut self, range: Range<u32>) {
        match self.runs.last_mut() {
            _ if range.is_empty() => {}
            Some(last) if last.1 == range.start => last.1 = range.end,
            Some(last) if last.1 > range.start => *self = self.union(&DocSet::from_range(range)),
            _ => self.runs.push((range.start, range.end)),
        }
    }

    /// Removes `n`.
    pub(crate) fn remove(&mut self, n: u32) {
        let i = self.runs.partition_point(|&(_, end)| end <= n);
        let Some(&(start, end)) = self.runs.get(i) else { return };
        match (start.cmp(&n), end == n + 1) {
            (Ordering::Greater, _) => {}
            (Ordering::Equal, true) => drop(self.runs.remove(i)),
            (Ordering::Equal, false) => self.runs[i].0 = n + 1,
            (Ordering::Less, true) => self.runs[i].1 = n,
            (Ordering::Less, false) => {
                self.runs[i].1 = n;
                self.runs.insert(i + 1, (n + 1, end));
            }
        }
    }

    /// The numbers in either set.
    pub(crate) fn union(&self, other: &DocSet) -> DocSet {
        combine(self, other, |a, b| a || b)
    }

    /// The numbers in both sets.
    pub(crate) fn intersection(&self, other: &DocSet) -> DocSet {
        combine(self, other, |a, b| a && b)
    }

    /// The numbers of this set that `other` does not hold.
    pub(crate) fn difference(&self, other: &DocSet) -> DocSet {
        combine(self, other, |a, b| a && !b)
    }

    /// How many numbers both sets hold: for each run of the set with fewer runs, a binary
    /// search among the other's (facet counts call this once per facet value).
    pub(crate) fn intersection_len(&self, other: &DocSet) -> u64 {
        let (few, many) =
            if self.runs.len() <= other.runs.len() { (self, other) } else { (other, self) };
        let mut count = 0u64;
        let mut from = 0;
        for &(start, end) in &few.runs {
            from += many.runs[from..].partition_point(|&(_, e)| e <= start);
            for &(s, e) in many.runs[from..].iter().take_while(|&&(s, _)| s < end) {
                count += u64::from(e.min(end) - s.max(start));
            }
        }
        count
    }
}

impl FromIterator<u32> for DocSet {
    fn from_iter<I: IntoIterator<Item = u32>>(numbers: I) -> DocSet {
        let mut set = DocSet::default();
        set.extend(numbers);
        set
    }
}

impl Extend<u32> for DocSet {
    fn extend<I: IntoIterator<Item = u32>>(&mut self, numbers: I) {
        numbers.into_iter().for_each(|n| self.insert(n));
    }
}

/// The runs of the numbers `keep(in a, in b)` selects, in one pass over both sets' runs.
fn combine(a: &DocSet, b: &DocSet, keep: impl Fn(bool, bool) -> bool) -> DocSet {
    let (a, b) = (&a.runs, &b.runs);
    let mut out: Vec<(u32, u32)> = Vec::new();
    let (mut i, mut j) = (0, 0);
    let mut at = 0;
    while i < a.len() || j < b.len() {
        // Whether `at` is in each set, and where that next changes.
        let side = |runs: &[(u32, u32)], k: usize| match runs.get(k) {
            Some(&(start, end)) if start <= at => (true, end),
            Some(&(start, _)) => (false, start),
            None => (false, u32::MAX),
        };
        let ((in_a, a_next), (in_b, b_next)) = (side(a, i), side(b, j));
        let next = a_next.min(b_next);
        if keep(in_a, in_b) {
            match out.last_mut() {
                Some(last) if last.1 == at => last.1 = next,
                _ => out.push((at, next)),
            }
        }
        at = next;
        i += usize::from(a.get(i).is_some_and(|&(_, end)| end <= at));
        j += usize::from(b.get(j).is_some_and(|&(_, end)| end <= at));
    }
    DocSet { runs: out }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use proptest::prelude::*;

    use super::DocSet;

    fn numbers() -> impl Strategy<Value = Vec<u32>> {
        // Small numbers so that runs form, a few large ones so that gaps do.
        prop::collection::vec(prop_oneof![0u32..200, 0u32..100_000], 0..120)
    }

    fn model(set: &DocSet) -> BTreeSet<u32> {
        set.iter().collect()
    }

    /// Every run is non-empty, and runs ascend with a gap between them.
    fn well_formed(set: &DocSet) -> bool {
        set.runs.iter().all(|&(s, e)| s < e) && set.runs.windows(2).all(|w| w[0].1 < w[1].0)
    }

    proptest! {
        #[test]
        fn behaves_as_a_set_of_numbers(a in numbers(), b in numbers(), probe in 0u32..300) {
            let (x, y): (DocSet, DocSet) = (a.iter().copied().collect(), b.iter().copied().collect());
            let (mx, my): (BTreeSet<u32>, BTreeSet<u32>) =
                (a.iter().copied().collect(), b.iter().copied().collect());
            prop_assert!(well_formed(&x));
            prop_assert_eq!(model(&x), mx.clone());
            prop_assert_eq!(x.len(), mx.len() as u64);
            prop_assert_eq!(x.contains(probe), mx.contains(&probe));
            prop_assert_eq!(x.iter().rev().collect::<Vec<_>>(), mx.iter().rev().copied().collect::<Vec<_>>());

            let union = x.union(&y);
            let both = x.intersection(&y);
            let only = x.difference(&y);
            prop_assert!(well_formed(&union) && well_formed(&both) && well_formed(&only));
            prop_assert_eq!(model(&union), mx.union(&my).copied().collect::<BTreeSet<_>>());
            prop_assert_eq!(model(&both), mx.intersection(&my).copied().collect::<BTreeSet<_>>());
            prop_assert_eq!(model(&only), mx.difference(&my).copied().collect::<BTreeSet<_>>());
            prop_assert_eq!(x.intersection_len(&y), both.len());

            let mut removed = x.clone();
            for n in &b {
                removed.remove(*n);
            }
            prop_assert!(well_formed(&removed));
            prop_assert_eq!(removed, only);
        }

        #[test]
        fn ranges_join_the_runs_they_touch(a in numbers(), start in 0u32..250, len in 0u32..60) {
            let mut x: DocSet = a.iter().copied().collect();
            x.insert_range(start..start + len);
            let mut expected: BTreeSet<u32> = a.iter().copied().collect();
            expected.extend(start..start + len);
            prop_assert!(well_formed(&x));
            prop_assert_eq!(model(&x), expected);
        }
    }

    #[test]
    fn a_range_is_one_run_however_it_is_built() {
        let all = DocSet::from_range(0..21_578);
        let one_by_one: DocSet = (0..21_578).rev().collect();
        assert_eq!(one_by_one, all);
        assert_eq!(all.heap_bytes(), 8);
        assert_eq!(all.len(), 21_578);
        assert_eq!(DocSet::from_range(5..5), DocSet::default());
    }
}
