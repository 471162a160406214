//! Latin letters for Russian words: one key that a Cyrillic word and its Latin spellings share.
//!
//! Readers type Russian names as they know them: `Zhovtis` for Жовтис, `Moskva` for Москва,
//! `Tokayev` or `Tokaev` for Токаев. There is no one transliteration: passports write
//! `Iuliia`, newspapers `Yulia`, German-speaking readers `Julija`; `x` and `h` stand for х,
//! `j` for й. So both sides are reduced to a rough phonetic key instead: a Cyrillic term by a
//! fixed table, a Latin word by rewriting every common spelling of a sound to one spelling,
//! then dropping doubled letters. Words that sound alike meet (`zhovtis`, `jovtis` does not:
//! French `j` is too rare to be worth the noise).
//!
//! The key of a canonical spelling is mostly the spelling itself (`moskva`, `zhovtis`,
//! `kazakhstan`), so a reader's query word and its key usually live in the same term shard.

/// The key of a Russian word (lower case Cyrillic letters only), or `None` for any other word.
pub(crate) fn cyrillic_key(term: &str) -> Option<String> {
    let mut key = String::with_capacity(term.len());
    for c in term.chars() {
        key.push_str(match c {
            'а' => "a",
            'б' => "b",
            'в' => "v",
            'г' => "g",
            'д' => "d",
            'е' | 'ё' | 'э' => "e",
            'ж' => "zh",
            'з' => "z",
            'и' | 'й' | 'ы' => "i",
            'к' => "k",
            'л' => "l",
            'м' => "m",
            'н' => "n",
            'о' => "o",
            'п' => "p",
            'р' => "r",
            'с' => "s",
            'т' => "t",
            'у' => "u",
            'ф' => "f",
            'х' => "kh",
            'ц' => "ts",
            'ч' => "ch",
            'ш' | 'щ' => "sh",
            'ъ' | 'ь' => "",
            'ю' => "iu",
            'я' => "ia",
            _ => return None,
        });
    }
    finish(key)
}

/// Spellings of one sound and what each is rewritten to, longest first at each position; a
/// spelling of two sounds lists both (`x` is кс in `Alexei` and х in `xorosho`), the first the
/// commoner.
const LATIN: [(&str, &[&str]); 28] = [
    ("shch", &["sh"]),
    ("tsch", &["ch"]),
    ("sch", &["sh"]),
    ("tch", &["ch"]),
    ("zh", &["zh"]),
    ("kh", &["kh"]),
    ("ch", &["ch"]),
    ("sh", &["sh"]),
    ("ts", &["ts"]),
    ("tz", &["ts"]),
    ("th", &["t"]),
    ("ph", &["f"]),
    ("ck", &["k"]),
    ("dj", &["dzh"]),
    ("ya", &["ia"]),
    ("yu", &["iu"]),
    ("yo", &["e"]),
    ("ye", &["e"]),
    ("ja", &["ia", "zha"]),
    ("ju", &["iu", "zhu"]),
    ("jo", &["e", "zho"]),
    ("je", &["e", "zhe"]),
    ("x", &["ks", "kh"]),
    ("h", &["kh"]),
    ("w", &["v"]),
    ("q", &["k"]),
    ("c", &["k"]),
    ("y", &["i"]),
];

/// Most keys a Latin word is looked up by (each may cost a term shard).
const MAX_LATIN_KEYS: usize = 4;

/// The keys of a Latin word (lower case ASCII letters only, at least three), commonest
/// reading first: one for most words, up to [`MAX_LATIN_KEYS`] when `x` or `j` could be
/// either of two sounds.
pub(crate) fn latin_keys(term: &str) -> Vec<String> {
    if term.len() < 3 || !term.bytes().all(|b| b.is_ascii_lowercase()) {
        return Vec::new();
    }
    let mut keys = vec![String::with_capacity(term.len() + 4)];
    let mut rest = term;
    while let Some(c) = rest.chars().next() {
        let (len, readings): (usize, &[&str]) =
            match LATIN.iter().find(|(from, _)| rest.starts_with(from)) {
                Some((from, to)) => (from.len(), to),
                // `j` not before a vowel is й (`Yurij`); before one, the rules above took it.
                None if c == 'j' => (1, &["i"]),
                None => (1, &[]),
            };
        if readings.is_empty() {
            keys.iter_mut().for_each(|k| k.push(c));
        } else {
            let mut next = Vec::with_capacity(keys.len() * readings.len());
            for (i, reading) in readings.iter().enumerate() {
                for key in &keys {
                    if i == 0 || next.len() < MAX_LATIN_KEYS {
                        next.push(format!("{key}{reading}"));
                    }
                }
            }
            next.truncate(MAX_LATIN_KEYS);
            keys = next;
        }
        rest = &rest[len..];
    }
    let mut keys: Vec<String> = keys.into_iter().filter_map(finish).collect();
    keys.dedup();
    keys
}

/// Doubled letters dropped (`ий` and `iy` both end in one `i`, `Massa` meets `Маса`); keys
/// of fewer than three letters are too vague to search by.
fn finish(key: String) -> Option<String> {
    let mut out = String::with_capacity(key.len());
    for c in key.chars() {
        if !out.ends_with(c) {
            out.push(c);
        }
    }
    (out.len() >= 3).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_latin_spellings_meet_the_russian_word() {
        let pairs = [
            ("жовтис", &["zhovtis"][..]),
            ("москва", &["moskva"]),
            ("правозащитник", &["pravozashchitnik", "pravozaschitnik"]),
            ("казахстан", &["kazakhstan", "kazahstan", "kazaxstan"][..]),
            ("хорошо", &["khorosho", "horosho", "xorosho"]),
            ("токаев", &["tokayev", "tokaev"]),
            ("алматы", &["almaty", "almati"]),
            ("юлия", &["yulia", "iuliia", "julija", "yuliya"]),
            ("евгений", &["yevgeny", "evgenii", "evgeniy", "jevgenij"]),
            ("достоевский", &["dostoevsky", "dostoyevsky", "dostoevskiy", "dostoevskij"]),
            ("чайковский", &["chaikovsky", "tchaikovsky", "chaykovskiy"]),
            ("хельсинкская", &["khelsinkskaya", "helsinkskaja"]),
            ("алексей", &["aleksei", "alexei", "aleksey", "alexey"]),
            ("щедрин", &["shchedrin", "schedrin"]),
        ];
        for (russian, spellings) in pairs {
            let key = cyrillic_key(russian).unwrap();
            for latin in spellings {
                assert!(latin_keys(latin).contains(&key), "{latin} for {russian}");
            }
        }
    }

    #[test]
    fn ambiguous_letters_give_a_few_keys_commonest_first() {
        assert_eq!(latin_keys("alexei"), ["aleksei", "alekhei"]);
        assert_eq!(latin_keys("jovtis")[1], "zhovtis");
        assert_eq!(latin_keys("moskva"), ["moskva"]);
        assert!(latin_keys("xjxjxjx").len() <= MAX_LATIN_KEYS);
    }

    #[test]
    fn other_words_have_no_key() {
        assert_eq!(cyrillic_key("moscow"), None);
        assert_eq!(cyrillic_key("москва2020"), None);
        assert!(latin_keys("москва").is_empty());
        assert!(latin_keys("b52").is_empty());
        assert!(latin_keys("ab").is_empty());
        assert_eq!(cyrillic_key("ъь"), None);
    }
}
