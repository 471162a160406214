//! The slips a reader makes in one word: swapped neighbouring letters, a missing letter, an extra
//! letter, a keyboard neighbour's letter (QWERTY for Latin, ЙЦУКЕН for Cyrillic), and
//! diacritics left out. Positions are drawn at random within the word.

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

use crate::random::Rng;
use crate::words::{is_cyrillic, script, Script};

/// The letter rows of each layout, top to bottom; each row sits half a key to the right of the
/// one above, so a key touches two keys above it and two below.
const QWERTY: [&str; 3] = ["qwertyuiop", "asdfghjkl", "zxcvbnm"];
const JCUKEN: [&str; 3] = ["йцукенгшщзхъ", "фывапролджэ", "ячсмитьбю"];

const LATIN_LETTERS: &str = "abcdefghijklmnopqrstuvwxyz";
const CYRILLIC_LETTERS: &str = "абвгдежзийклмнопрстуфхцчшщъыьэюя";

/// Two different neighbouring letters swapped (`exprot` for `export`).
pub(crate) fn swap(word: &str, rng: &mut Rng) -> Option<String> {
    let mut chars: Vec<char> = word.chars().collect();
    let positions: Vec<usize> = (0..chars.len().saturating_sub(1))
        .filter(|&i| chars[i] != chars[i + 1] && chars[i].is_alphabetic())
        .filter(|&i| chars[i + 1].is_alphabetic())
        .collect();
    if positions.is_empty() {
        return None;
    }
    let i = *rng.pick(&positions);
    chars.swap(i, i + 1);
    Some(chars.into_iter().collect())
}

/// One letter left out (`goverment`).
pub(crate) fn drop_letter(word: &str, rng: &mut Rng) -> Option<String> {
    let mut chars: Vec<char> = word.chars().collect();
    if chars.len() < 2 {
        return None;
    }
    chars.remove(rng.below(chars.len()));
    Some(chars.into_iter().collect())
}

/// One letter of the word's alphabet put in anywhere (`inflattion`).
pub(crate) fn add_letter(word: &str, rng: &mut Rng) -> Option<String> {
    let alphabet: Vec<char> = match script(word) {
        Script::Latin => LATIN_LETTERS.chars().collect(),
        Script::Cyrillic => CYRILLIC_LETTERS.chars().collect(),
        Script::Other => return None,
    };
    let mut chars: Vec<char> = word.chars().collect();
    chars.insert(rng.below(chars.len() + 1), *rng.pick(&alphabet));
    Some(chars.into_iter().collect())
}

/// One letter replaced by a key that touches it on the word's keyboard (`oresident`).
pub(crate) fn neighbour(word: &str, rng: &mut Rng) -> Option<String> {
    let layout = match script(word) {
        Script::Latin => &QWERTY,
        Script::Cyrillic => &JCUKEN,
        Script::Other => return None,
    };
    let mut chars: Vec<char> = word.chars().collect();
    let positions: Vec<usize> =
        (0..chars.len()).filter(|&i| !neighbours(layout, chars[i]).is_empty()).collect();
    if positions.is_empty() {
        return None;
    }
    let i = *rng.pick(&positions);
    chars[i] = *rng.pick(&neighbours(layout, chars[i]));
    Some(chars.into_iter().collect())
}

/// The keys touching `key` on `layout`: left and right, two above, two below.
fn neighbours(layout: &[&str; 3], key: char) -> Vec<char> {
    let rows: Vec<Vec<char>> = layout.iter().map(|row| row.chars().collect()).collect();
    let Some((r, i)) = rows
        .iter()
        .enumerate()
        .find_map(|(r, row)| row.iter().position(|&c| c == key).map(|i| (r, i)))
    else {
        return Vec::new();
    };
    let at = |row: usize, column: isize| -> Option<char> {
        usize::try_from(column).ok().and_then(|c| rows.get(row)?.get(c).copied())
    };
    let i = i as isize;
    let mut keys = vec![at(r, i - 1), at(r, i + 1)];
    if r > 0 {
        keys.extend([at(r - 1, i), at(r - 1, i + 1)]);
    }
    keys.extend([at(r + 1, i - 1), at(r + 1, i)]);
    keys.into_iter().flatten().collect()
}

/// Whether a reader could leave out some diacritics of `word`: a Latin letter with a mark
/// (`ē`, `ç`, `ø`) or, in Russian, `ё`. `й` is a letter of its own, not `и` with a mark.
pub(crate) fn has_diacritics(word: &str) -> bool {
    strip_diacritics(word) != word
}

/// The word typed without its diacritics (`mondelez`, `ковалева`).
pub(crate) fn strip_diacritics(word: &str) -> String {
    let mut out = String::new();
    for c in word.chars() {
        if c == 'ё' {
            out.push('е');
        } else if is_cyrillic(c) || c.is_ascii() {
            out.push(c);
        } else if let Some(plain) = special_latin(c) {
            out.push_str(plain);
        } else if c.is_alphabetic() && script(&c.to_string()) == Script::Latin {
            out.extend(c.to_string().nfd().filter(|&m| !is_combining_mark(m)));
        } else {
            out.push(c);
        }
    }
    out
}

/// Latin letters that do not decompose into a base letter and a mark.
fn special_latin(c: char) -> Option<&'static str> {
    Some(match c {
        'ø' => "o",
        'ł' => "l",
        'đ' | 'ð' => "d",
        'ß' => "ss",
        'æ' => "ae",
        'œ' => "oe",
        'ı' => "i",
        'þ' => "th",
        'ħ' => "h",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn differs_by_one_slip(word: &str, slip: fn(&str, &mut Rng) -> Option<String>) -> Vec<String> {
        let mut rng = Rng::new(1, "errors");
        (0..200).map(|_| slip(word, &mut rng).unwrap()).filter(|typed| typed != word).collect()
    }

    #[test]
    fn swaps_drops_and_additions_change_one_place() {
        for typed in differs_by_one_slip("export", swap) {
            let mut sorted: Vec<char> = typed.chars().collect();
            sorted.sort_unstable();
            assert_eq!(sorted, ['e', 'o', 'p', 'r', 't', 'x'], "{typed}");
        }
        assert_eq!(differs_by_one_slip("правозащитник", swap).len(), 200);
        assert!(differs_by_one_slip("export", drop_letter).iter().all(|t| t.len() == 5));
        let added = differs_by_one_slip("задержан", add_letter);
        assert!(added.iter().all(|t| t.chars().count() == 9 && script(t) == Script::Cyrillic));
        assert_eq!(swap("aa", &mut Rng::new(1, "")), None);
    }

    #[test]
    fn keyboard_neighbours_touch_the_key_in_both_layouts() {
        assert_eq!(neighbours(&QWERTY, 's'), ['a', 'd', 'w', 'e', 'z', 'x']);
        assert_eq!(neighbours(&QWERTY, 'q'), ['w', 'a']);
        assert_eq!(neighbours(&JCUKEN, 'ы'), ['ф', 'в', 'ц', 'у', 'я', 'ч']);
        let typed = differs_by_one_slip("суд", neighbour);
        assert!(typed.iter().all(|t| t.chars().count() == 3 && script(t) == Script::Cyrillic));
    }

    #[test]
    fn diacritics_dropped_in_latin_and_yo_in_russian() {
        assert_eq!(strip_diacritics("mondelēz"), "mondelez");
        assert_eq!(strip_diacritics("gonçalves"), "goncalves");
        assert_eq!(strip_diacritics("støre"), "store");
        assert_eq!(strip_diacritics("ковалёва"), "ковалева");
        assert_eq!(strip_diacritics("йошкар"), "йошкар");
        assert!(has_diacritics("lourenço") && !has_diacritics("жовтис"));
    }
}
