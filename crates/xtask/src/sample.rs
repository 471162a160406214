//! The bundled sample corpus: 400 made-up articles of a human-rights organisation's news site.
//!
//! [`generate`] is deterministic: a fixed seed drives a small SplitMix64 generator, and nothing is
//! read from the environment, so every machine gets byte-identical output (`cargo xtask sample
//! --out FILE` writes it as JSON Lines, gzipped when FILE ends in `.gz`). Titles and bodies are
//! composed from the templates in `sample/en.rs` and `sample/ru.rs`. The text is invented; names
//! of people and organisations are used only as search test data.
//!
//! Facts that tests can rely on (each is checked by this module's tests):
//! - exactly [`COUNT`] (400) records, ids `sample-0001` to `sample-0400` in that order; the
//!   url is `/<section>/<id>` with section `news`, `statements`, `reports` or `analysis` by type;
//! - `lang` is `ru` exactly when the id's number is 2 or 4 modulo 5 (160 records), else `en` (240);
//! - `type` is one of [`TYPES`]; `tags` has exactly the facets `country` (one of [`COUNTRIES`];
//!   records for the region are tagged `["Central Asia", <one of its countries>]`) and `topic`
//!   (one or two of [`TOPICS`]); every country and topic occurs in both languages;
//! - dates lie in 2009-01-01 ..= 2024-12-31, except the [`UNDATED`] ids, which have `date: null`;
//! - the [`HOSTILE`] titles are ids `sample-0041`, `sample-0143` and `sample-0265` (English);
//!   their bodies also contain markup-like text (`<b>bold</b> & <i>italics</i>`);
//! - `sample-0001` (en) and `sample-0002` (ru) name Evgeniy Zhovtis / Евгений Жовтис (Kazakhstan),
//!   and `sample-0003` (en) and `sample-0004` (ru) Azimjan Askarov / Азимжан Аскаров (Kyrgyzstan),
//!   in their titles; no other record names them (the other people are invented);
//!   `sample-0005` (en) and `sample-0007` (ru) name Mondelēz in their titles (Russia, business and
//!   human rights); other records name it only when tagged Russia;
//!   `sample-0006` (en) has "Helsinki" in its title (Russia, civil society);
//! - Russian text inflects: «правозащитник», «правозащитника», «правозащитники»,
//!   «правозащитников», «правозащитниками» all occur; names carry diacritics (Gülnara Ataýewa,
//!   Myrat Öwezow, Bahrom Xoʻjayev, Алёна Ковалёва) and text has typographic quotes and dashes.
//!
//! Everything else, such as which articles mention "Helsinki" or which are the newest for Russia,
//! is computed from the output: use [`mentioning`] and [`newest`], or `cargo xtask sample --facts`.

mod data;
mod en;
mod ru;
#[cfg(test)]
mod tests;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use anyhow::Result;

use crate::corpus::{write_records, Record};
use data::{COMPANIES, COUNTRY_DATA, PEOPLE, TOPICS_RU};

/// Number of records [`generate`] returns.
pub const COUNT: usize = 400;
/// Values of the `country` facet (the last one is a region).
pub const COUNTRIES: [&str; 9] = [
    "Russia",
    "Kazakhstan",
    "Kyrgyzstan",
    "Belarus",
    "Turkmenistan",
    "Ukraine",
    "Uzbekistan",
    "Tajikistan",
    "Central Asia",
];
/// Values of the `topic` facet.
pub const TOPICS: [&str; 7] = [
    "human rights defenders",
    "freedom of expression",
    "torture",
    "fair trial",
    "civil society",
    "elections",
    "business and human rights",
];
/// Values of `type`.
pub const TYPES: [&str; 4] = ["news", "statement", "report", "analysis"];
/// Titles that must be shown as text, never interpreted as HTML.
pub const HOSTILE: [&str; 3] = [
    "<img src=x onerror=alert(1)>",
    "STANDARD OIL <SRD> TO FORM FINANCIAL UNIT",
    "<script>alert(1)</script>",
];
/// Ids of the records without a date.
pub const UNDATED: [&str; 8] = [
    "sample-0024",
    "sample-0074",
    "sample-0124",
    "sample-0174",
    "sample-0224",
    "sample-0274",
    "sample-0324",
    "sample-0374",
];

/// Arguments of `cargo xtask sample`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Where to write the corpus (`.jsonl`, or `.jsonl.gz` to gzip it); default
    /// `target/sample/articles.jsonl`.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Also print facts about the corpus that tests can use (counts, Helsinki, newest per country).
    #[arg(long)]
    pub facts: bool,
}

/// Runs `cargo xtask sample`.
pub fn run(args: &Args) -> Result<()> {
    let records = generate();
    let out = args.out.clone().unwrap_or_else(|| crate::target_dir().join("sample/articles.jsonl"));
    write_records(&out, &records)?;
    eprintln!("wrote {} sample articles to {}", records.len(), out.display());
    if args.facts {
        print!("{}", facts(&records));
    }
    Ok(())
}

/// Writes the sample corpus to `path` (gzipped when it ends in `.gz`).
pub fn write(path: &Path) -> Result<()> {
    write_records(path, &generate())
}

/// Generates the sample corpus; the same records every time, on every machine.
pub fn generate() -> Vec<Record> {
    let mut rng = Rng(SEED);
    (0..COUNT).map(|i| article(i, &mut rng)).collect()
}

/// Records whose title or body contains `needle`, ignoring case, in corpus order.
pub fn mentioning<'a>(records: &'a [Record], needle: &str) -> Vec<&'a Record> {
    let needle = needle.to_lowercase();
    records
        .iter()
        .filter(|r| {
            r.title.to_lowercase().contains(&needle) || r.body.to_lowercase().contains(&needle)
        })
        .collect()
}

/// The `n` newest dated records tagged `facet = value`: newest first, and among records of the
/// same date the later one in the corpus first (the order of the sites' "latest news").
pub fn newest<'a>(records: &'a [Record], facet: &str, value: &str, n: usize) -> Vec<&'a Record> {
    let mut tagged: Vec<(usize, &Record)> = records
        .iter()
        .enumerate()
        .filter(|(_, r)| r.date.is_some())
        .filter(|(_, r)| r.tags.get(facet).is_some_and(|values| values.iter().any(|v| v == value)))
        .collect();
    tagged.sort_by(|(ia, a), (ib, b)| b.date.cmp(&a.date).then(ib.cmp(ia)));
    tagged.into_iter().take(n).map(|(_, r)| r).collect()
}

/// A plain-text summary of facts about `records`, for writing tests against.
pub fn facts(records: &[Record]) -> String {
    let mut out = String::new();
    let count = |f: &dyn Fn(&Record) -> bool| records.iter().filter(|r| f(r)).count();
    let _ = writeln!(out, "records: {}", records.len());
    for lang in ["en", "ru"] {
        let _ = writeln!(out, "lang {lang}: {}", count(&|r| r.lang == lang));
    }
    for kind in TYPES {
        let _ = writeln!(out, "type {kind}: {}", count(&|r| r.kind == kind));
    }
    for (facet, values) in [("country", &COUNTRIES[..]), ("topic", &TOPICS[..])] {
        for value in values {
            let n = count(&|r| r.tags.get(facet).is_some_and(|v| v.iter().any(|x| x == value)));
            let _ = writeln!(out, "{facet} {value}: {n}");
        }
    }
    let ids = |list: Vec<&Record>| list.iter().map(|r| r.id.as_str()).collect::<Vec<_>>().join(" ");
    let _ =
        writeln!(out, "undated: {}", ids(records.iter().filter(|r| r.date.is_none()).collect()));
    for word in ["Helsinki", "Хельсинк", "Zhovtis", "Жовтис", "Mondelēz"] {
        let _ = writeln!(out, "mentioning {word}: {}", ids(mentioning(records, word)));
    }
    for country in COUNTRIES {
        let _ = writeln!(out, "newest {country}: {}", ids(newest(records, "country", country, 3)));
    }
    out
}

const SEED: u64 = 0x5174_2024_0000_0400;

/// SplitMix64 (Steele, Lea and Flood): tiny, fast, and good enough for test data.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n > 0`); the modulo bias is irrelevant at these sizes.
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }

    /// An index into `weights`, chosen with probability proportional to its weight.
    fn weighted(&mut self, weights: &[u32]) -> usize {
        let total: u32 = weights.iter().sum();
        let mut roll = self.below(total as usize) as u32;
        for (i, &w) in weights.iter().enumerate() {
            if roll < w {
                return i;
            }
            roll -= w;
        }
        weights.len() - 1
    }

    /// `k` distinct indices into `0..n`, in random order.
    fn distinct(&mut self, n: usize, k: usize) -> Vec<usize> {
        let mut all: Vec<usize> = (0..n).collect();
        for i in 0..k.min(n) {
            let j = i + self.below(n - i);
            all.swap(i, j);
        }
        all.truncate(k.min(n));
        all
    }
}

/// Title and sentence templates of one topic in one language.
struct Bank {
    titles: &'static [&'static str],
    sentences: &'static [&'static str],
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Lang {
    En,
    Ru,
}

struct Country {
    en: &'static str,
    adj: &'static str,
    auth: &'static str,
    ru: [&'static str; 3],
    ru_auth: [&'static str; 2],
    /// English name and Russian locative with its preposition.
    cities: &'static [(&'static str, &'static str)],
    weight: u32,
}

struct Person {
    en: &'static str,
    surname: &'static str,
    /// Nominative, genitive, dative, accusative, instrumental.
    ru: [&'static str; 5],
    female: bool,
    country: usize,
}

const REGION: usize = 8;
const REAL_PEOPLE: [&str; 2] = ["Zhovtis", "Askarov"];
const CENTRAL_ASIAN: [usize; 5] = [1, 2, 4, 6, 7];
const NUMBERS_EN: [&str; 9] =
    ["two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"];
const NUMBERS_RU_DAT: [&str; 9] =
    ["двум", "трём", "четырём", "пяти", "шести", "семи", "восьми", "девяти", "десяти"];
const NUMBERS_RU_GEN: [&str; 9] =
    ["двух", "трёх", "четырёх", "пяти", "шести", "семи", "восьми", "девяти", "десяти"];

/// Articles whose content is fixed so that tests can name them (indices are 0-based).
struct Pinned {
    index: usize,
    country: usize,
    person: Option<&'static str>,
    company: Option<usize>,
    topic: usize,
    kind: usize,
    title: &'static str,
}

const PINNED: [Pinned; 10] = [
    pin(0, 1, Some("Zhovtis"), None, 0, 1, "{country}: release {person} now"),
    pin(
        1,
        1,
        Some("Zhovtis"),
        None,
        0,
        0,
        "{c_nom}: правозащитни{~ка|цу} {p_acc} приговорили к {n_dat} годам лишения свободы",
    ),
    pin(
        2,
        2,
        Some("Askarov"),
        None,
        3,
        2,
        "{country}: the trial of {person} falls short of international standards",
    ),
    pin(
        3,
        2,
        Some("Askarov"),
        None,
        3,
        0,
        "{c_nom}: суд над {p_ins} не отвечает международным стандартам",
    ),
    pin(
        4,
        0,
        None,
        Some(0),
        6,
        1,
        "Civil society asks {company} to review its business in {country}",
    ),
    pin(
        6,
        0,
        None,
        Some(0),
        6,
        0,
        "Гражданское общество призывает компанию {company} пересмотреть свою деятельность {c_loc}",
    ),
    pin(5, 0, None, None, 4, 3, "Helsinki Committees call for solidarity with {adj} activists"),
    pin(40, 5, None, None, 1, 0, HOSTILE[0]),
    pin(142, 3, None, None, 1, 0, HOSTILE[1]),
    pin(264, 0, None, None, 1, 0, HOSTILE[2]),
];

const fn pin(
    index: usize,
    country: usize,
    person: Option<&'static str>,
    company: Option<usize>,
    topic: usize,
    kind: usize,
    title: &'static str,
) -> Pinned {
    Pinned { index, country, person, company, topic, kind, title }
}

const MARKUP_EN: &str = "The headline above came from a legacy feed that mixed markup such as \
                         <b>bold</b> & <i>italics</i> into plain text.";

fn article(i: usize, rng: &mut Rng) -> Record {
    let lang = if matches!(i % 5, 1 | 3) { Lang::Ru } else { Lang::En };
    let pinned = PINNED.iter().find(|p| p.index == i);
    let weights: Vec<u32> = COUNTRY_DATA.iter().map(|c| c.weight).collect();
    let country = pinned.map_or_else(|| rng.weighted(&weights), |p| p.country);
    let home = if country == REGION { rng.pick(&CENTRAL_ASIAN) } else { country };
    // Real people appear only in the pinned articles; the rest of the cast is invented.
    let locals: Vec<&Person> =
        PEOPLE.iter().filter(|p| p.country == home && !REAL_PEOPLE.contains(&p.surname)).collect();
    let person = match pinned.and_then(|p| p.person) {
        Some(surname) => PEOPLE.iter().find(|p| p.surname == surname).unwrap_or(locals[0]),
        None => rng.pick(&locals),
    };
    let city = rng.pick(COUNTRY_DATA[home].cities);
    let topic = pinned.map_or_else(|| rng.below(TOPICS.len()), |p| p.topic);
    let second = (rng.chance(30)).then(|| (topic + 1 + rng.below(TOPICS.len() - 1)) % TOPICS.len());
    let kind = pinned.map_or_else(|| rng.weighted(&[50, 25, 13, 12]), |p| p.kind);
    // The real company is named only in the context of Russia; elsewhere an invented one.
    let company = pinned.and_then(|p| p.company).unwrap_or_else(|| {
        let invented = 1 + rng.below(COMPANIES.len() - 1);
        if country == 0 && rng.chance(50) {
            0
        } else {
            invented
        }
    });
    let date = (i % 50 != 23).then(|| random_date(rng));
    let year = date.as_ref().map_or_else(|| 2009 + rng.below(16) as u32, |d| d.0);
    let ctx = Context {
        lang,
        country: &COUNTRY_DATA[country],
        person,
        city,
        company: COMPANIES[company],
        topic,
        year,
        year0: year - 2 - rng.below(7) as u32,
        n: rng.below(NUMBERS_EN.len()),
        days: rng.pick(&[10, 15, 30]),
        interviews: 20 + rng.below(100),
    };
    let (banks, types, closings, decorations, joint) = match lang {
        Lang::En => (&en::TOPICS, &en::TYPES, en::CLOSINGS, &en::DECORATIONS, en::JOINT),
        Lang::Ru => (&ru::TOPICS, &ru::TYPES, ru::CLOSINGS, &ru::DECORATIONS, ru::JOINT),
    };
    let bank = &banks[topic];

    let title = match pinned {
        Some(p) if HOSTILE.contains(&p.title) => p.title.to_string(),
        Some(p) => ctx.fill(p.title),
        None => {
            let title = ctx.fill(rng.pick(bank.titles));
            if kind != 0 && !title.contains(':') && rng.chance(50) {
                // Russian continues in lower case after a colon, English keeps headline case.
                let title = if lang == Lang::Ru { lowercase_first(&title) } else { title };
                decorations[kind].replace("{}", &title)
            } else if kind == 1 && rng.chance(30) {
                title + joint
            } else {
                title
            }
        }
    };

    let order = rng.distinct(bank.sentences.len(), 5);
    let sentences = |range: std::ops::Range<usize>| -> Vec<String> {
        order[range].iter().map(|&s| ctx.fill(bank.sentences[s])).collect()
    };
    let mut paragraphs = vec![sentences(0..3), sentences(3..5)];
    if pinned.is_some_and(|p| HOSTILE.contains(&p.title)) {
        paragraphs[0].push(MARKUP_EN.to_string());
    }
    if let Some(second) = second {
        paragraphs[1].push(ctx.fill(rng.pick(banks[second].sentences)));
    }
    let skip = rng.below(3);
    let typed = types[kind].iter().enumerate().filter(|&(s, _)| s != skip);
    paragraphs.push(typed.map(|(_, s)| ctx.fill(s)).collect());
    if rng.chance(60) {
        paragraphs.push(vec![ctx.fill(rng.pick(closings))]);
    }
    let body = paragraphs.iter().map(|p| p.join(" ")).collect::<Vec<_>>().join("\n\n");

    let id = format!("sample-{:04}", i + 1);
    let section = ["news", "statements", "reports", "analysis"][kind];
    let mut countries = vec![COUNTRY_DATA[country].en.to_string()];
    if country == REGION {
        countries.push(COUNTRY_DATA[home].en.to_string());
    }
    let mut topics = vec![TOPICS[topic].to_string()];
    topics.extend(second.map(|t| TOPICS[t].to_string()));
    Record {
        url: format!("/{section}/{id}"),
        id,
        title,
        date: date.map(|(y, m, d)| format!("{y:04}-{m:02}-{d:02}")),
        lang: match lang {
            Lang::En => "en",
            Lang::Ru => "ru",
        }
        .to_string(),
        kind: TYPES[kind].to_string(),
        tags: [("country".to_string(), countries), ("topic".to_string(), topics)].into(),
        body,
    }
}

/// A uniformly random day in 2009-01-01 ..= 2024-12-31 as (year, month, day).
fn random_date(rng: &mut Rng) -> (u32, u32, u32) {
    let first = days_from_civil(2009, 1, 1);
    let last = days_from_civil(2024, 12, 31);
    civil_from_days(first + rng.below((last - first + 1) as usize) as i64)
}

/// Days since 1970-01-01 (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (u32, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y as u32, m as u32, d as u32)
}

/// What the placeholders of one article's templates stand for.
struct Context {
    lang: Lang,
    country: &'static Country,
    person: &'static Person,
    city: (&'static str, &'static str),
    company: &'static str,
    topic: usize,
    year: u32,
    year0: u32,
    n: usize,
    days: u32,
    interviews: usize,
}

impl Context {
    /// Replaces every `{name}` in `template`; an unknown name is left as it is (tests catch it).
    fn fill(&self, template: &str) -> String {
        let mut out = String::with_capacity(template.len() + 64);
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            let Some(close) = after.find('}') else { break };
            let key = &after[..close];
            match self.resolve(key) {
                Some(value) => out.push_str(&value),
                None => {
                    out.push('{');
                    out.push_str(key);
                    out.push('}');
                }
            }
            rest = &after[close + 1..];
        }
        out.push_str(rest);
        out
    }

    fn resolve(&self, key: &str) -> Option<String> {
        if let Some(forms) = key.strip_prefix('~') {
            let (masculine, feminine) = forms.split_once('|')?;
            return Some(if self.person.female { feminine } else { masculine }.to_string());
        }
        let mut chars = key.chars();
        let first = chars.next()?;
        if first.is_uppercase() {
            let lower: String = first.to_lowercase().chain(chars).collect();
            return self.get(&lower).map(|value| capitalise(&value));
        }
        self.get(key)
    }

    fn get(&self, key: &str) -> Option<String> {
        let (c, p, female, ru) =
            (self.country, self.person, self.person.female, self.lang == Lang::Ru);
        let value = match key {
            "country" => c.en,
            "adj" => c.adj,
            "auth" if ru => c.ru_auth[0],
            "auth" => c.auth,
            "auth_dat" => c.ru_auth[1],
            "city" => self.city.0,
            "city_loc" => self.city.1,
            "person" => p.en,
            "surname" => p.surname,
            "he" => ["he", "she"][usize::from(female)],
            "his" => ["his", "her"][usize::from(female)],
            "him" => ["him", "her"][usize::from(female)],
            "c_nom" => c.ru[0],
            "c_gen" => c.ru[1],
            "c_loc" => c.ru[2],
            "p_nom" => p.ru[0],
            "p_gen" => p.ru[1],
            "p_dat" => p.ru[2],
            "p_acc" => p.ru[3],
            "p_ins" => p.ru[4],
            "company" => self.company,
            "org" if ru => ru::ORG,
            "org" => en::ORG,
            "topic" if ru => TOPICS_RU[self.topic],
            "topic" => TOPICS[self.topic],
            "n" => NUMBERS_EN[self.n],
            "n_dat" => NUMBERS_RU_DAT[self.n],
            "n_gen" => NUMBERS_RU_GEN[self.n],
            "year" => return Some(self.year.to_string()),
            "year0" => return Some(self.year0.to_string()),
            "days" => return Some(self.days.to_string()),
            "interviews" => return Some(self.interviews.to_string()),
            _ => return None,
        };
        Some(value.to_string())
    }
}

fn lowercase_first(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| first.to_lowercase().chain(chars).collect())
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| first.to_uppercase().chain(chars).collect())
}
