//! Entry points for the cargo-fuzz targets in `fuzz/`. Not part of the API.
//!
//! Random bytes almost never pass a file's checksum, so the targets also wrap random
//! payloads into well-formed files with [`seal`], reaching every decoder and the search code
//! that reads what they decode.

use std::collections::BTreeMap;

use crate::build::{analyze, BuildConfig, IndexBuilder, IndexFiles};
use crate::document::{Date, Document};
use crate::format::compress::Compressor;
use crate::format::FileKind;

/// A well-formed file of `kind` around `payload` (which need not be a valid payload); empty
/// for a payload larger than the kind allows.
pub fn seal(kind: FileKind, payload: &[u8]) -> Vec<u8> {
    crate::format::seal(kind, payload, &Compressor { level: 1, dictionary: None })
        .map(|file| file.bytes)
        .unwrap_or_default()
}

/// A small fixed index in English and Russian, with facets and dates.
pub fn sample_index() -> IndexFiles {
    let docs = [
        (
            "Helsinki movement: a source of inspiration",
            "The Moscow Helsinki Group was the first.",
            "en",
            "2011-05-12",
            "Russia",
        ),
        (
            "Mondelēz links to Russia condemned",
            "Civil society calls on the mayor.",
            "en",
            "2024-07-09",
            "Russia",
        ),
        (
            "Правозащитники в Казахстане",
            "Приговор Евгению Жовтису оставлен в силе.",
            "ru",
            "2010-02-01",
            "Kazakhstan",
        ),
        (
            "Annual report 2023",
            "Together for human rights: reports from Kyrgyzstan.",
            "en",
            "",
            "Kyrgyzstan",
        ),
    ];
    let mut builder = IndexBuilder::new(BuildConfig::default());
    for (title, body, lang, date, country) in docs {
        builder.add(analyze(&Document {
            url: format!("/news/{}", title.len()),
            title: title.into(),
            body: body.into(),
            date: Date::parse_iso(date),
            lang: lang.into(),
            facets: BTreeMap::from([
                ("country".into(), vec![country.into()]),
                ("type".into(), vec!["news".into()]),
            ]),
        }));
    }
    builder.finish().expect("the sample corpus builds")
}
