//! Highlights and snippets: plain text plus marked ranges, never HTML.

use std::ops::Range;

use crate::analysis::index_tokens;

/// Text with marked ranges, for highlighting without ever building HTML.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Highlighted {
    /// The plain text.
    pub text: String,
    /// Byte ranges of `text` to mark: sorted, not overlapping, on character boundaries.
    pub marks: Vec<Range<usize>>,
}

impl Highlighted {
    /// The text cut into `(piece, marked)` pieces, in order.
    pub fn segments(&self) -> Vec<(&str, bool)> {
        let mut out = Vec::new();
        let mut at = 0;
        for mark in &self.marks {
            if let (Some(before), Some(marked)) =
                (self.text.get(at..mark.start), self.text.get(mark.clone()))
            {
                if !before.is_empty() {
                    out.push((before, false));
                }
                out.push((marked, true));
                at = mark.end;
            }
        }
        if let Some(rest) = self.text.get(at..) {
            if !rest.is_empty() {
                out.push((rest, false));
            }
        }
        out
    }
}

/// Words in a snippet.
const SNIPPET_WORDS: usize = 28;
/// A snippet starts this many words before its first match, for context.
const LEAD_WORDS: usize = 5;
/// Bytes a snippet may not exceed, whatever its words (cut on a character boundary).
const SNIPPET_MAX_BYTES: usize = 400;

/// A word of a text, and what of it matches the query.
struct Word {
    span: Range<usize>,
    /// The query term it matched (the whole word's, or a part's), if any.
    matched: Option<String>,
    /// The ranges to mark: the whole word, or the parts of a compound that matched.
    marks: Vec<Range<usize>>,
}

/// The words of `text` with their matches: a compound word (`ALCD.O`) is marked whole when
/// its whole term matched, otherwise in the parts that did (`ALCD` for `alcd`). `terms` is
/// sorted.
fn words(text: &str, terms: &[String]) -> Vec<Word> {
    let mut words: Vec<Word> = Vec::new();
    for (token, part) in index_tokens(text) {
        let hit = terms.binary_search(&token.term).is_ok();
        if !part {
            let marks = if hit { vec![token.span.clone()] } else { Vec::new() };
            words.push(Word { span: token.span, matched: hit.then_some(token.term), marks });
        } else if let Some(word) = words.last_mut().filter(|_| hit) {
            // A part of the word before it, which counts only if the whole did not match.
            if word.marks.first() != Some(&word.span) {
                word.matched.get_or_insert(token.term);
                word.marks.push(token.span);
            }
        }
    }
    words
}

/// The whole of `text`, with the words whose terms are in `terms` (sorted) marked.
pub(crate) fn highlight(text: &str, terms: &[String]) -> Highlighted {
    let marks = words(text, terms).into_iter().flat_map(|w| w.marks).collect();
    Highlighted { text: text.to_string(), marks }
}

/// A passage of `text` of about [`SNIPPET_WORDS`] words with as many different matched terms
/// as possible (then as many matches), marked; the opening words if nothing matches.
/// `terms` is sorted.
pub(crate) fn snippet(text: &str, terms: &[String]) -> Highlighted {
    let tokens = words(text, terms);
    if tokens.is_empty() {
        return Highlighted { text: cut(text, 0, text.len()).0, marks: Vec::new() };
    }
    let window = |start: usize| start..(start + SNIPPET_WORDS).min(tokens.len());
    let score = |start: usize| {
        let range = window(start);
        let matched: Vec<&str> =
            tokens[range].iter().filter_map(|w| w.matched.as_deref()).collect();
        // A window is a few dozen words: counting pairs is cheaper than hashing.
        let distinct = (0..matched.len()).filter(|&i| !matched[..i].contains(&matched[i])).count();
        (distinct, matched.len())
    };
    let mut best = (0, (0, 0));
    let mut last_start = None;
    for (i, _) in tokens.iter().enumerate().filter(|(_, w)| w.matched.is_some()) {
        let start = i.saturating_sub(LEAD_WORDS);
        if last_start == Some(start) {
            continue;
        }
        last_start = Some(start);
        let s = score(start);
        if s > best.1 {
            best = (start, s);
        }
    }
    let range = window(best.0);
    let from = if range.start == 0 { 0 } else { tokens[range.start].span.start };
    let to = if range.end == tokens.len() { text.len() } else { tokens[range.end - 1].span.end };
    let (body, cut_short) = cut(text, from, to);
    let lead = if from > 0 { "… " } else { "" };
    let tail = if to < text.len() || cut_short { " …" } else { "" };
    let shift = lead.len();
    let marks = tokens[range]
        .iter()
        .flat_map(|w| &w.marks)
        .filter(|span| span.end <= from + body.len())
        .map(|span| span.start - from + shift..span.end - from + shift)
        .collect();
    Highlighted { text: format!("{lead}{body}{tail}"), marks }
}

/// `text[from..to]`, shortened to [`SNIPPET_MAX_BYTES`] on a character boundary; and
/// whether it was shortened.
fn cut(text: &str, from: usize, to: usize) -> (String, bool) {
    let mut end = to.min(from + SNIPPET_MAX_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    (text[from..end].trim_end().to_string(), end < to)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(words: &[&str]) -> Vec<String> {
        let mut terms: Vec<String> = words.iter().map(|w| w.to_string()).collect();
        terms.sort();
        terms
    }

    fn marked(h: &Highlighted) -> Vec<&str> {
        h.marks.iter().map(|m| &h.text[m.clone()]).collect()
    }

    #[test]
    fn highlights_mark_every_matching_word_in_the_original_spelling() {
        let h =
            highlight("Mondelēz links to Russia; RUSSIA’s reply", &terms(&["mondelez", "russia"]));
        assert_eq!(marked(&h), vec!["Mondelēz", "Russia", "RUSSIA’s"]);
    }

    #[test]
    fn snippets_centre_on_the_densest_passage() {
        let filler = "word ".repeat(60);
        let text =
            format!("{filler}helsinki group {filler} the moscow helsinki group met {filler}");
        let s = snippet(&text, &terms(&["moscow", "helsinki"]));
        assert!(s.text.starts_with("… ") && s.text.ends_with(" …"), "{}", s.text);
        assert_eq!(marked(&s), vec!["moscow", "helsinki"]);
        let none = snippet("Short text.", &terms(&["absent"]));
        assert_eq!(none.text, "Short text.");
        assert!(none.marks.is_empty());
    }

    #[test]
    fn parts_of_compound_words_are_marked_alone_and_whole_words_whole() {
        let text = "ALCIDE <ALCD.O> SAYS; санкт-петербургский суд; NAT'L";
        assert_eq!(marked(&highlight(text, &terms(&["alcd"]))), vec!["ALCD"]);
        assert_eq!(marked(&highlight(text, &terms(&["alcdo", "alcd"]))), vec!["ALCD.O"]);
        assert_eq!(marked(&highlight(text, &terms(&["nat"]))), vec!["NAT"]);
        assert_eq!(marked(&highlight(text, &terms(&["петербургский"]))), vec!["петербургский"]);
        let s = snippet(text, &terms(&["alcd", "суд"]));
        assert_eq!(marked(&s), vec!["ALCD", "суд"]);
    }

    #[test]
    fn snippets_of_long_words_stay_short_and_on_char_boundaries() {
        let text = "ж".repeat(1000);
        let s = snippet(&text, &terms(&[]));
        assert!(s.text.len() <= SNIPPET_MAX_BYTES + 4);
    }
}
