//! Document blocks: the stored fields of consecutive documents, compressed together.

use super::codec::{Decode, Encode};

/// One stored document, as shown in a result.
#[derive(Clone, Debug, Default, PartialEq, Eq, Encode, Decode)]
pub(crate) struct StoredDoc {
    pub(crate) url: String,
    pub(crate) title: String,
    /// Body text with runs of white space collapsed: the source of snippets.
    pub(crate) body: String,
    /// Days since 1970-01-01.
    pub(crate) date: Option<i32>,
    /// Index into the entry's `doc_languages`.
    pub(crate) lang: u16,
    /// `(facet index, value indexes)` into the entry's facet dictionary.
    pub(crate) facets: Vec<(u16, Vec<u32>)>,
}

/// A block: documents `first_doc..first_doc + docs.len()`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Encode, Decode)]
pub(crate) struct DocBlock {
    pub(crate) first_doc: u32,
    pub(crate) docs: Vec<StoredDoc>,
}

impl DocBlock {
    pub(crate) fn get(&self, doc: u32) -> Option<&StoredDoc> {
        self.docs.get(usize::try_from(doc.checked_sub(self.first_doc)?).ok()?)
    }
}
