//! A Russian word as readers type it in Latin letters, under the schemes they actually use.
//! Written here from the published tables, independent of anything in sift-core, so that no
//! scheme is chosen to suit the engine.
//!
//! - `passport`: Russian passports since 2013 (ICAO Doc 9303): `ж zh, х kh, ц ts, щ shch,
//!   й i, ю iu, я ia, ъ ie`.
//! - `bgn`: BGN/PCGN 1947, typed without its marks: `й y, ю yu, я ya`, and `ye` for `е` at the
//!   start of a word and after a vowel, `ъ` or `ь`.
//! - `informal-j`: `й j, х h, ц c, щ sch, ю ju, я ja, ё jo`.
//! - `informal-x`: `й y, х x, ц c, щ sch, ю yu, я ya, ё yo`.
//! - `informal-w`: the "volapuk" of chats: `ж j, ш w, щ w, х h, ц c, й i, ю yu, я ya`.
//!
//! The soft and hard signs are left out (except `ъ` in the passport scheme), as readers do.

/// The schemes a query's scheme is drawn from.
pub(crate) const SCHEMES: [&str; 5] = ["passport", "bgn", "informal-j", "informal-x", "informal-w"];

/// `word` (lower-case Cyrillic) in Latin letters under `scheme`, one of [`SCHEMES`]; characters
/// that are not Russian letters stay as they are.
pub(crate) fn latin(word: &str, scheme: &str) -> String {
    let mut out = String::new();
    let mut previous: Option<char> = None;
    for c in word.chars() {
        let starts_or_follows_vowel =
            previous.is_none_or(|p| "аеёиоуыэюяъьй".contains(p) || !p.is_alphabetic());
        out.push_str(&letter(c, scheme, starts_or_follows_vowel).unwrap_or_else(|| c.to_string()));
        previous = Some(c);
    }
    out
}

fn letter(c: char, scheme: &str, starts_or_follows_vowel: bool) -> Option<String> {
    let common = match c {
        'а' => "a",
        'б' => "b",
        'в' => "v",
        'г' => "g",
        'д' => "d",
        'з' => "z",
        'и' => "i",
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
        'ч' => "ch",
        'ы' => "y",
        'ь' => "",
        'э' => "e",
        _ => "",
    };
    if !common.is_empty() || c == 'ь' {
        return Some(common.to_owned());
    }
    // Letters whose spelling depends on the scheme: е ё ж й х ц ш щ ъ ю я.
    let [e, yo, zh, j, kh, ts, sh, shch, hard, yu, ya] = match scheme {
        "passport" => ["e", "e", "zh", "i", "kh", "ts", "sh", "shch", "ie", "iu", "ia"],
        "bgn" if starts_or_follows_vowel => {
            ["ye", "ye", "zh", "y", "kh", "ts", "sh", "shch", "", "yu", "ya"]
        }
        "bgn" => ["e", "e", "zh", "y", "kh", "ts", "sh", "shch", "", "yu", "ya"],
        "informal-j" => ["e", "jo", "zh", "j", "h", "c", "sh", "sch", "", "ju", "ja"],
        "informal-x" => ["e", "yo", "zh", "y", "x", "c", "sh", "sch", "", "yu", "ya"],
        "informal-w" => ["e", "e", "j", "i", "h", "c", "w", "w", "", "yu", "ya"],
        _ => return None,
    };
    let spelled = match c {
        'е' => e,
        'ё' => yo,
        'ж' => zh,
        'й' => j,
        'х' => kh,
        'ц' => ts,
        'ш' => sh,
        'щ' => shch,
        'ъ' => hard,
        'ю' => yu,
        'я' => ya,
        _ => return None,
    };
    Some(spelled.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_scheme_spells_as_its_table_says() {
        assert_eq!(latin("жовтис", "passport"), "zhovtis");
        assert_eq!(latin("правозащитник", "passport"), "pravozashchitnik");
        assert_eq!(latin("юлия", "passport"), "iuliia");
        assert_eq!(latin("ельцин", "bgn"), "yeltsin");
        assert_eq!(latin("юлия", "bgn"), "yuliya");
        assert_eq!(latin("хабаровск", "informal-x"), "xabarovsk");
        assert_eq!(latin("юлия", "informal-j"), "julija");
        assert_eq!(latin("щёлково", "informal-j"), "schjolkovo");
        assert_eq!(latin("хорошая", "informal-w"), "horowaya");
        assert_eq!(latin("объявил", "passport"), "obieiavil");
        assert_eq!(latin("санкт-петербург", "bgn"), "sankt-peterburg");
        for scheme in SCHEMES {
            let spelled = latin("съешь же ещё этих мягких французских булок", scheme);
            assert!(spelled.is_ascii(), "{scheme}: {spelled}");
        }
    }
}
