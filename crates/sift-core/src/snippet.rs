//! Highlights and snippets: plain text plus marked ranges, never HTML.

use std::collections::HashSet;

use crate::analysis::tokenize;
use crate::search::Highlighted;

/// Words in a snippet.
const SNIPPET_WORDS: usize = 28;
/// A snippet starts this many words before its first match, for context.
const LEAD_WORDS: usize = 5;
/// Bytes a snippet may not exceed, whatever its words (cut on a character boundary).
const SNIPPET_MAX_BYTES: usize = 400;

/// The whole of `text`, with the words whose terms are in `terms` marked.
pub(crate) fn highlight(text: &str, terms: &HashSet<String>) -> Highlighted {
    let marks = tokenize(text).filter(|t| terms.contains(&t.term)).map(|t| t.span).collect();
    Highlighted { text: text.to_string(), marks }
}

/// A passage of `text` of about [`SNIPPET_WORDS`] words with as many different matched terms
/// as possible (then as many matches), marked; the opening words if nothing matches.
pub(crate) fn snippet(text: &str, terms: &HashSet<String>) -> Highlighted {
    let tokens: Vec<_> = tokenize(text).collect();
    if tokens.is_empty() {
        return Highlighted { text: cut(text, 0, text.len()).0, marks: Vec::new() };
    }
    let matched: Vec<bool> = tokens.iter().map(|t| terms.contains(&t.term)).collect();
    let window = |start: usize| start..(start + SNIPPET_WORDS).min(tokens.len());
    let score = |start: usize| {
        let range = window(start);
        let distinct: HashSet<&str> =
            range.clone().filter(|&i| matched[i]).map(|i| tokens[i].term.as_str()).collect();
        (distinct.len(), range.filter(|&i| matched[i]).count())
    };
    let mut best = (0, (0, 0));
    let mut last_start = None;
    for (i, _) in matched.iter().enumerate().filter(|(_, &m)| m) {
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
    let marks = range
        .filter(|&i| matched[i])
        .map(|i| &tokens[i].span)
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

    fn terms(words: &[&str]) -> HashSet<String> {
        words.iter().map(|w| w.to_string()).collect()
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
    fn snippets_of_long_words_stay_short_and_on_char_boundaries() {
        let text = "ж".repeat(1000);
        let s = snippet(&text, &terms(&[]));
        assert!(s.text.len() <= SNIPPET_MAX_BYTES + 4);
    }
}
