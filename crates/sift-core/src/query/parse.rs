//! The hand-written, total parser of the quick-search syntax.

use super::{Atom, Clause, Diagnostic, Field, ParsedQuery, Query};
use crate::analysis;

/// How to read a quick-search box.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ParseOptions {
    /// Read the last word as a prefix when the text does not end in a space: the reader is
    /// still typing it (`hels` finds Helsinki).
    pub prefix_last: bool,
}

/// Beyond this many atoms the rest of the input is ignored: no reader types more, and each
/// atom costs a dictionary lookup.
const MAX_ATOMS: usize = 32;

#[derive(Debug)]
enum Item {
    Atom { negated: bool, atom: Atom },
    Or,
}

pub(super) fn parse(text: &str, options: ParseOptions) -> ParsedQuery {
    let mut diagnostics = Vec::new();
    let normalized = normalize(text);
    let items = lex(&normalized, &mut diagnostics);
    let mut query = assemble(items, &mut diagnostics);

    let ends_open = !normalized.ends_with(char::is_whitespace);
    if options.prefix_last && ends_open {
        if let Some(Clause { negated: false, atoms }) = query.clauses.last_mut() {
            if let Some(Atom::Word { prefix, .. }) = atoms.last_mut() {
                *prefix = true;
            }
        }
    }
    ParsedQuery { query, diagnostics }
}

/// Typographic quotes become `"`, dashes and minus signs become `-`.
fn normalize(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\u{201c}' | '\u{201d}' | '\u{201e}' | '\u{201f}' | '\u{00ab}' | '\u{00bb}'
            | '\u{2033}' | '\u{301d}' | '\u{301e}' | '\u{ff02}' => '"',
            '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2212}'
            | '\u{fe63}' | '\u{ff0d}' => '-',
            c if c.is_control() => ' ',
            c => c,
        })
        .collect()
}

fn lex(text: &str, diagnostics: &mut Vec<Diagnostic>) -> Vec<Item> {
    let mut items = Vec::new();
    let mut rest = text;
    let mut atoms = 0;
    loop {
        rest = rest.trim_start();
        if rest.is_empty() {
            break;
        }
        if atoms >= MAX_ATOMS {
            note(
                diagnostics,
                format!("the query is long: words after the first {MAX_ATOMS} were ignored"),
            );
            break;
        }
        // `OR` (upper case, as a word of its own) and `|` join their neighbours.
        if let Some(after) =
            rest.strip_prefix("OR").filter(|a| a.is_empty() || a.starts_with(char::is_whitespace))
        {
            items.push(Item::Or);
            rest = after;
            continue;
        }
        if let Some(after) = rest.strip_prefix('|') {
            items.push(Item::Or);
            rest = after;
            continue;
        }
        let mut negated = false;
        let mut field = Field::Any;
        let mut cursor = rest;
        loop {
            if let Some(after) = cursor.strip_prefix('-') {
                negated = true;
                cursor = after;
            } else if let Some(after) = cursor.strip_prefix('+') {
                cursor = after;
            } else if cursor.len() >= 6
                && cursor.is_char_boundary(6)
                && cursor[..6].eq_ignore_ascii_case("title:")
            {
                field = Field::Title;
                cursor = &cursor[6..];
            } else {
                break;
            }
        }
        if cursor.is_empty() || cursor.starts_with(char::is_whitespace) {
            let operator = &rest[..rest.len() - cursor.len()];
            note(diagnostics, format!("ignored '{operator}' with no word after it"));
            rest = cursor;
            continue;
        }
        let (body, after, quoted) = if let Some(inner) = cursor.strip_prefix('"') {
            match inner.find('"') {
                Some(end) => (&inner[..end], &inner[end + 1..], true),
                None => {
                    note(diagnostics, "a quote was not closed: read the phrase to the end".into());
                    (inner, "", true)
                }
            }
        } else {
            let end = cursor.find(|c: char| c.is_whitespace() || c == '"').unwrap_or(cursor.len());
            (&cursor[..end], &cursor[end..], false)
        };
        rest = after;
        let terms: Vec<String> = analysis::tokenize(body).map(|t| t.term).collect();
        let atom = match terms.len() {
            0 => {
                if !body.trim().is_empty() {
                    note(
                        diagnostics,
                        format!("ignored '{}': nothing searchable in it", body.trim()),
                    );
                }
                continue;
            }
            1 if !quoted => Atom::Word {
                term: terms.into_iter().next().unwrap_or_default(),
                field,
                prefix: false,
            },
            _ => Atom::Phrase { terms, field },
        };
        atoms += 1;
        items.push(Item::Atom { negated, atom });
    }
    items
}

fn assemble(items: Vec<Item>, diagnostics: &mut Vec<Diagnostic>) -> Query {
    let mut clauses: Vec<Clause> = Vec::new();
    let mut pending_or = false;
    let mut last_was_atom = false;
    for item in items {
        match item {
            Item::Or => {
                if !last_was_atom || pending_or {
                    note(diagnostics, "ignored 'OR' without a word on its left".into());
                } else {
                    pending_or = true;
                }
            }
            Item::Atom { negated, atom } => {
                let joinable =
                    pending_or && !negated && clauses.last().is_some_and(|clause| !clause.negated);
                if pending_or && !joinable {
                    note(diagnostics, "ignored 'OR' next to an excluded word".into());
                }
                match clauses.last_mut() {
                    Some(clause) if joinable => clause.atoms.push(atom),
                    _ => clauses.push(Clause { negated, atoms: vec![atom] }),
                }
                pending_or = false;
                last_was_atom = true;
            }
        }
    }
    if pending_or {
        note(diagnostics, "ignored 'OR' without a word on its right".into());
    }
    Query { clauses }
}

fn note(diagnostics: &mut Vec<Diagnostic>, message: String) {
    if !diagnostics.iter().any(|d| d.message == message) {
        diagnostics.push(Diagnostic { message });
    }
}
