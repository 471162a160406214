//! The unit of indexing: one article with its text, date, language and facet values.

use std::collections::BTreeMap;
use std::fmt;

/// One article as the index builder hands it to the core.
///
/// Readers of JSONL, HTML and Markdown all produce this shape; the core never sees files.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Document {
    /// Link to the article, as written into results (absolute or site-relative).
    pub url: String,
    /// Headline. Searchable with a boost, and the `title:` scope.
    pub title: String,
    /// Plain text of the article; the source of snippets.
    pub body: String,
    /// Publication date, when known. Undated articles sort as the oldest.
    pub date: Option<Date>,
    /// Language tag (`en`, `ru`, `en-GB`...). Chooses the stemmer for this document's words.
    pub lang: String,
    /// Facet name to values, such as `type` to `["news"]` or `country` to `["Russia"]`.
    pub facets: BTreeMap<String, Vec<String>>,
}

/// A calendar date (proleptic Gregorian), stored as days since 1970-01-01.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(i32);

impl Date {
    /// The date `year-month-day`, or `None` if no such day exists.
    pub fn from_ymd(year: i32, month: u32, day: u32) -> Option<Date> {
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        if !(-100_000..=100_000).contains(&year) {
            return None;
        }
        Some(Date(days_from_civil(year, month, day)))
    }

    /// Parses `YYYY-MM-DD`, ignoring anything after the day (so ISO timestamps work too).
    pub fn parse_iso(text: &str) -> Option<Date> {
        let text = text.trim();
        let bytes = text.as_bytes();
        if bytes.len() < 10 || bytes[4] != b'-' || bytes[7] != b'-' {
            return None;
        }
        if bytes.len() > 10 && !matches!(bytes[10], b'T' | b't' | b' ') {
            return None;
        }
        let digits = |range: std::ops::Range<usize>| -> Option<u32> {
            let part = text.get(range)?;
            part.bytes().all(|b| b.is_ascii_digit()).then(|| part.parse().ok())?
        };
        Date::from_ymd(digits(0..4)? as i32, digits(5..7)?, digits(8..10)?)
    }

    /// Days since 1970-01-01 (negative before).
    pub fn days(self) -> i32 {
        self.0
    }

    /// The date `days` after 1970-01-01.
    pub fn from_days(days: i32) -> Date {
        Date(days)
    }

    /// `(year, month, day)`.
    pub fn ymd(self) -> (i32, u32, u32) {
        civil_from_days(self.0)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = self.ymd();
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

// Howard Hinnant's `days_from_civil` and `civil_from_days`: exact for every Gregorian date,
// with no tables. A date crate would add code to the browser bundle for two functions.
fn days_from_civil(year: i32, month: u32, day: u32) -> i32 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400) as u32;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe as i32 - 719_468
}

fn civil_from_days(days: i32) -> (i32, u32, u32) {
    // In i64: an index may hold any i32 (a damaged one, say), and i32 would overflow.
    let z = i64::from(days) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097) as u32;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = i64::from(yoe) + era * 400 + i64::from(month <= 2);
    (year as i32, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_round_trip_through_days() {
        for text in ["1970-01-01", "1987-02-26", "2000-02-29", "2024-12-31", "1900-03-01"] {
            let date = Date::parse_iso(text).unwrap();
            assert_eq!(date.to_string(), text);
            assert_eq!(Date::from_days(date.days()), date);
        }
        assert_eq!(Date::parse_iso("1970-01-02").unwrap().days(), 1);
        assert_eq!(Date::parse_iso("2024-07-09T10:00:00Z").unwrap().to_string(), "2024-07-09");
    }

    #[test]
    fn any_day_number_an_index_holds_becomes_a_date_without_overflow() {
        for days in [i32::MIN, i32::MIN + 1, -1, i32::MAX - 1, i32::MAX] {
            let (_, month, day) = Date::from_days(days).ymd();
            assert!((1..=12).contains(&month) && (1..=31).contains(&day), "{days}");
            assert!(!Date::from_days(days).to_string().is_empty());
        }
    }

    #[test]
    fn impossible_dates_are_rejected() {
        for text in
            ["2023-02-29", "2024-13-01", "2024-00-10", "24-01-01", "2024/01/01", "", "2024-01-0x"]
        {
            assert_eq!(Date::parse_iso(text), None, "{text}");
        }
    }
}
