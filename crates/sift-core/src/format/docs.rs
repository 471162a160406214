//! Document blocks: consecutive documents stored together, in two files per block.
//!
//! The **meta** file holds what a result shows first (link, title, date, tags) and is small
//! and compressed alone, so the top result is on screen after one small fetch. The **text**
//! file holds the bodies snippets are cut from, compressed with the index's trained
//! dictionary, and is fetched only for the results whose snippets are shown.

use super::codec::{Decode, Encode};

/// What a result shows of one document, besides its snippet.
#[derive(Clone, Debug, Default, PartialEq, Eq, Encode, Decode)]
pub(crate) struct StoredMeta {
    pub(crate) url: String,
    pub(crate) title: String,
    /// Days since 1970-01-01.
    pub(crate) date: Option<i32>,
    /// Index into the entry's `doc_languages`.
    pub(crate) lang: u16,
    /// `(facet index, value indexes)` into the entry's facet dictionary.
    pub(crate) facets: Vec<(u16, Vec<u32>)>,
}

/// A block's metadata: documents `first_doc..first_doc + docs.len()`; `None` for a deleted
/// document (its number stays taken until the next full build).
#[derive(Clone, Debug, Default, PartialEq, Eq, Encode, Decode)]
pub(crate) struct MetaBlock {
    pub(crate) first_doc: u32,
    pub(crate) docs: Vec<Option<StoredMeta>>,
}

/// A block's text: each document's body with runs of white space collapsed (empty for a
/// deleted document), in the order of its [`MetaBlock`].
#[derive(Clone, Debug, Default, PartialEq, Eq, Encode, Decode)]
pub(crate) struct TextBlock {
    pub(crate) first_doc: u32,
    pub(crate) bodies: Vec<String>,
}

impl MetaBlock {
    pub(crate) fn get(&self, doc: u32) -> Option<&StoredMeta> {
        self.docs.get(usize::try_from(doc.checked_sub(self.first_doc)?).ok()?)?.as_ref()
    }
}

impl TextBlock {
    pub(crate) fn get(&self, doc: u32) -> Option<&str> {
        self.bodies.get(usize::try_from(doc.checked_sub(self.first_doc)?).ok()?).map(String::as_str)
    }
}
