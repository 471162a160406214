//! Typed access to the file cache that notes what is absent and what is missing.

use crate::docset::DocSet;
use fst::Map;

use crate::format::columns::DateColumn;
use crate::format::directory::{BlockPage, Directory, ShardPage};
use crate::format::docs::{MetaBlock, TextBlock};
use crate::format::terms::TermShard;
use crate::format::FileKind;
use crate::index::{Decoded, FileCache, Status};

/// Hands out decoded files. An absent file is added to the list to fetch; a file recorded
/// as missing is added to the list of what this answer had to do without.
pub(super) struct Loader<'a> {
    files: &'a FileCache,
    /// The compression dictionary text blocks wait for, if the index has one.
    dictionary: Option<String>,
    need: Vec<String>,
    unavailable: Vec<String>,
}

impl<'a> Loader<'a> {
    pub(super) fn new(files: &'a FileCache, dictionary: Option<String>) -> Loader<'a> {
        Loader { files, dictionary, need: Vec::new(), unavailable: Vec::new() }
    }

    fn get(&mut self, name: &str) -> Option<&'a Decoded> {
        match self.files.status(name) {
            Some(Status::Ready(decoded)) => Some(decoded),
            Some(Status::Missing) => {
                if !self.unavailable.iter().any(|n| n == name) {
                    self.unavailable.push(name.to_string());
                }
                None
            }
            Some(Status::Pending) => {
                self.want_dictionary();
                None
            }
            None => {
                if !self.need.iter().any(|n| n == name) {
                    self.need.push(name.to_string());
                }
                if FileKind::of_name(name) == Some(FileKind::Text) {
                    self.want_dictionary();
                }
                None
            }
        }
    }

    /// Asks for the compression dictionary too, unless it is loaded (or missing).
    fn want_dictionary(&mut self) {
        if let Some(dictionary) = self.dictionary.clone() {
            match self.files.status(&dictionary) {
                Some(Status::Missing) => {
                    if !self.unavailable.contains(&dictionary) {
                        self.unavailable.push(dictionary);
                    }
                }
                Some(_) => {}
                None => {
                    if !self.need.contains(&dictionary) {
                        self.need.push(dictionary);
                    }
                }
            }
        }
    }

    pub(super) fn directory(&mut self, name: &str) -> Option<&'a Directory> {
        match self.get(name)? {
            Decoded::Directory(d) => Some(d),
            _ => None,
        }
    }

    pub(super) fn shard_page(&mut self, name: &str) -> Option<&'a ShardPage> {
        match self.get(name)? {
            Decoded::ShardPage(p) => Some(p),
            _ => None,
        }
    }

    pub(super) fn block_page(&mut self, name: &str) -> Option<&'a BlockPage> {
        match self.get(name)? {
            Decoded::BlockPage(p) => Some(p),
            _ => None,
        }
    }

    pub(super) fn terms(&mut self, name: &str) -> Option<&'a TermShard> {
        match self.get(name)? {
            Decoded::Terms(t) => Some(t),
            _ => None,
        }
    }

    pub(super) fn positions(&mut self, name: &str) -> Option<&'a [u8]> {
        match self.get(name)? {
            Decoded::Positions(p) => Some(p),
            _ => None,
        }
    }

    pub(super) fn meta(&mut self, name: &str) -> Option<&'a MetaBlock> {
        match self.get(name)? {
            Decoded::Meta(m) => Some(m),
            _ => None,
        }
    }

    pub(super) fn text(&mut self, name: &str) -> Option<&'a TextBlock> {
        match self.get(name)? {
            Decoded::Text(t) => Some(t),
            _ => None,
        }
    }

    pub(super) fn facet(&mut self, name: &str) -> Option<&'a [DocSet]> {
        match self.get(name)? {
            Decoded::Facet(f) => Some(f),
            _ => None,
        }
    }

    pub(super) fn dates(&mut self, name: &str) -> Option<&'a DateColumn> {
        match self.get(name)? {
            Decoded::Dates(d) => Some(d),
            _ => None,
        }
    }

    pub(super) fn typo(&mut self, name: &str) -> Option<&'a Map<Vec<u8>>> {
        match self.get(name)? {
            Decoded::Typo(t) => Some(t),
            _ => None,
        }
    }

    /// The files to fetch before the search can go on, if any (and forgets them).
    pub(super) fn take_need(&mut self) -> Option<Vec<String>> {
        (!self.need.is_empty()).then(|| std::mem::take(&mut self.need))
    }

    pub(super) fn into_unavailable(self) -> Vec<String> {
        self.unavailable
    }
}
