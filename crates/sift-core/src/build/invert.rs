//! Inversion: from each document's term stream to each term's postings.

use super::DocRecord;
use crate::format::terms::{norm_code, Posting, TermPostings};
use crate::format::varint::Reader;

/// Builds every term's postings over `numbered`: `(number, position in docs)` pairs in
/// ascending number order.
pub(super) fn invert(
    docs: &[DocRecord],
    numbered: impl IntoIterator<Item = (u32, u32)>,
    term_count: usize,
) -> Vec<TermPostings> {
    let mut postings = vec![TermPostings::default(); term_count];
    // (term, field, position): field 0 is the title, 1 the body, so a sort groups each
    // term's title positions before its body positions, each ascending.
    let mut occurrences: Vec<(u32, u8, u32)> = Vec::new();
    let (mut title, mut body) = (Vec::new(), Vec::new());
    for (number, old) in numbered {
        let doc = &docs[old as usize];
        occurrences.clear();
        let mut reader = Reader::new(&doc.tokens, 0);
        // Positions count words, not the parts that follow a compound word and share its
        // position; each field counts from 0.
        let (mut i, mut field, mut pos) = (0u32, 0u8, 0u32);
        while let Some(token) = reader.read() {
            let (term, part) = ((token >> 1) as u32, token & 1 == 1);
            if i == doc.title_len && field == 0 {
                (field, pos) = (1, 0);
            } else if !part && i > 0 {
                pos += 1;
            }
            occurrences.push((term, field, pos));
            i += 1;
        }
        occurrences.sort_unstable();
        let norm = norm_code(doc.body_len);
        let mut rest = occurrences.as_slice();
        while let Some(&(term, _, _)) = rest.first() {
            let run = rest.iter().take_while(|o| o.0 == term).count();
            title.clear();
            body.clear();
            for &(_, field, pos) in &rest[..run] {
                if field == 0 { &mut title } else { &mut body }.push(pos);
            }
            let posting = Posting {
                doc: number,
                tf_title: title.len() as u32,
                tf_body: body.len() as u32,
                norm,
            };
            postings[term as usize].push(posting, &title, &body);
            rest = &rest[run..];
        }
    }
    postings
}
