//! Inversion: from each document's term stream to each term's postings.

use super::DocRecord;
use crate::format::terms::{norm_code, Posting, TermPostings};
use crate::format::varint::Reader;

/// Builds every term's postings, visiting documents in their final order (`order[new id]`
/// is the document's position in `docs`).
pub(super) fn invert(docs: &[DocRecord], order: &[u32], term_count: usize) -> Vec<TermPostings> {
    let mut postings = vec![TermPostings::default(); term_count];
    // (term, field, position): field 0 is the title, 1 the body, so a sort groups each
    // term's title positions before its body positions, each ascending.
    let mut occurrences: Vec<(u32, u8, u32)> = Vec::new();
    let (mut title, mut body) = (Vec::new(), Vec::new());
    for (new_id, &old) in order.iter().enumerate() {
        let doc = &docs[old as usize];
        occurrences.clear();
        let mut reader = Reader::new(&doc.tokens, 0);
        let mut i = 0u32;
        while let Some(term) = reader.read_u32() {
            let (field, pos) = if i < doc.title_len { (0, i) } else { (1, i - doc.title_len) };
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
                doc: new_id as u32,
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
