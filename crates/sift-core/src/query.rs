//! The query language: words, `"exact phrases"`, `-excluded` words, `OR` and `title:`.
//!
//! Parsing never fails. Odd input (an unclosed quote, a lone `-`, ten thousand characters)
//! still yields the best query that can be read from it, plus [`Diagnostic`]s saying what
//! was ignored.

mod parse;

pub use parse::ParseOptions;

use crate::analysis;

/// Where a word or phrase must occur.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Field {
    /// Title or body.
    Any,
    /// Title only (`title:word`).
    Title,
}

/// A single searchable item: a word (with its match options) or an exact phrase.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Atom {
    /// A word, matched exactly, by stem, as a prefix (when `prefix`) and with typos.
    Word {
        /// The folded term.
        term: String,
        /// Where it must occur.
        field: Field,
        /// Whether the word may still be growing (the last word of a quick search).
        prefix: bool,
    },
    /// Folded terms that must stand next to each other, in order, in one field.
    Phrase {
        /// The folded terms, at least one.
        terms: Vec<String>,
        /// Where the phrase must occur.
        field: Field,
    },
}

/// Atoms joined by `OR`; a document matches the clause if it matches any atom.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Clause {
    /// Whether the clause excludes documents instead (`-word`).
    pub negated: bool,
    /// The alternatives, at least one.
    pub atoms: Vec<Atom>,
}

/// A parsed query: every positive clause must match, no negated clause may.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Query {
    /// The clauses in the order written.
    pub clauses: Vec<Clause>,
}

/// Something the parser ignored or read in a particular way, for showing to the reader.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// What happened, in a short lowercase sentence.
    pub message: String,
}

/// The result of [`Query::parse`]: the query and what was odd about the input.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ParsedQuery {
    /// The best-effort query.
    pub query: Query,
    /// What was ignored or reinterpreted.
    pub diagnostics: Vec<Diagnostic>,
}

/// The fields of an advanced search form.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AdvancedQuery {
    /// All of these words.
    pub all: String,
    /// Any of these words.
    pub any: String,
    /// This exact phrase.
    pub phrase: String,
    /// None of these words.
    pub none: String,
    /// Search titles only.
    pub title_only: bool,
}

impl Query {
    /// Parses the quick-search syntax. See [`ParseOptions`] for the prefix rule.
    pub fn parse(text: &str, options: ParseOptions) -> ParsedQuery {
        parse::parse(text, options)
    }

    /// Builds the query of an advanced search form. Each field is read as plain words
    /// (quotes and operators typed into a field are taken as punctuation).
    pub fn from_advanced(form: &AdvancedQuery) -> Query {
        let field = if form.title_only { Field::Title } else { Field::Any };
        let words = |text: &str| analysis::tokenize(text).map(|t| t.term).collect::<Vec<_>>();
        let word = |term: String| Atom::Word { term, field, prefix: false };
        let mut clauses: Vec<Clause> = words(&form.all)
            .into_iter()
            .map(|term| Clause { negated: false, atoms: vec![word(term)] })
            .collect();
        let any: Vec<Atom> = words(&form.any).into_iter().map(word).collect();
        if !any.is_empty() {
            clauses.push(Clause { negated: false, atoms: any });
        }
        let phrase = words(&form.phrase);
        if !phrase.is_empty() {
            clauses.push(Clause {
                negated: false,
                atoms: vec![Atom::Phrase { terms: phrase, field }],
            });
        }
        clauses.extend(words(&form.none).into_iter().map(|term| Clause {
            negated: true,
            atoms: vec![Atom::Word { term, field: Field::Any, prefix: false }],
        }));
        Query { clauses }
    }

    /// The query with its positive clauses made alternatives of one: a document that has
    /// some of the words matches, and the more (and the better) it has, the higher it
    /// ranks. What a search box shows when no article has every word.
    pub fn any_word(&self) -> Query {
        let (negated, positive): (Vec<&Clause>, Vec<&Clause>) =
            self.clauses.iter().partition(|c| c.negated);
        let atoms: Vec<Atom> = positive.iter().flat_map(|c| c.atoms.iter().cloned()).collect();
        let mut clauses: Vec<Clause> = negated.into_iter().cloned().collect();
        if !atoms.is_empty() {
            clauses.insert(0, Clause { negated: false, atoms });
        }
        Query { clauses }
    }

    /// Whether the query has no clauses at all (the "All news" mode).
    pub fn is_empty(&self) -> bool {
        self.clauses.is_empty()
    }

    /// Whether some clause must match (otherwise every document not excluded matches).
    pub fn has_positive(&self) -> bool {
        self.clauses.iter().any(|c| !c.negated)
    }

    /// Every folded term the query names, for highlighting.
    pub fn terms(&self) -> impl Iterator<Item = &str> {
        self.clauses.iter().filter(|c| !c.negated).flat_map(|c| &c.atoms).flat_map(|atom| {
            let terms: Box<dyn Iterator<Item = &str>> = match atom {
                Atom::Word { term, .. } => Box::new(std::iter::once(term.as_str())),
                Atom::Phrase { terms, .. } => Box::new(terms.iter().map(String::as_str)),
            };
            terms
        })
    }
}

impl std::fmt::Display for Query {
    /// Writes the query back in the quick-search syntax (folded), as the parser would read it.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (i, clause) in self.clauses.iter().enumerate() {
            if i > 0 {
                f.write_str(" ")?;
            }
            for (j, atom) in clause.atoms.iter().enumerate() {
                if j > 0 {
                    f.write_str(" OR ")?;
                }
                if clause.negated {
                    f.write_str("-")?;
                }
                let (field, text) = match atom {
                    // A word the parser would read as a field (`(title:˶` is one word)
                    // is quoted.
                    Atom::Word { term, field, prefix } if term.starts_with("title:") => {
                        (field, format!("\"{term}\"{}", if *prefix { "*" } else { "" }))
                    }
                    Atom::Word { term, field, prefix } => {
                        (field, format!("{term}{}", if *prefix { "*" } else { "" }))
                    }
                    Atom::Phrase { terms, field } => (field, format!("\"{}\"", terms.join(" "))),
                };
                if *field == Field::Title {
                    f.write_str("title:")?;
                }
                f.write_str(&text)?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests;
