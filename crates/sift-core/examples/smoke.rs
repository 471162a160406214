use sift_core::*;
use std::io::BufRead;
fn main() {
    let path = std::env::args().nth(1).unwrap();
    let f = flate2::read::GzDecoder::new(std::fs::File::open(&path).unwrap());
    let t = std::time::Instant::now();
    let mut docs = Vec::new();
    for line in std::io::BufReader::new(f).lines() {
        let v: serde_json::Value = serde_json::from_str(&line.unwrap()).unwrap();
        let mut facets = std::collections::BTreeMap::new();
        facets.insert("type".to_string(), vec![v["type"].as_str().unwrap().to_string()]);
        if let Some(tags) = v["tags"].as_object() {
            for (k, vals) in tags {
                facets.insert(
                    k.clone(),
                    vals.as_array()
                        .unwrap()
                        .iter()
                        .map(|x| x.as_str().unwrap().to_string())
                        .collect(),
                );
            }
        }
        docs.push(Document {
            url: v["url"].as_str().unwrap().into(),
            title: v["title"].as_str().unwrap().into(),
            body: v["body"].as_str().unwrap().into(),
            date: v["date"].as_str().and_then(Date::parse_iso),
            lang: v["lang"].as_str().unwrap().into(),
            facets,
        });
    }
    eprintln!("read {} in {:?}", docs.len(), t.elapsed());
    let t = std::time::Instant::now();
    let env = |k: &str, d: usize| std::env::var(k).ok().and_then(|v| v.parse().ok()).unwrap_or(d);
    let mut b = IndexBuilder::new(BuildConfig {
        block_bytes: env("BLOCK", 40 << 10),
        block_docs: env("BLOCKDOCS", 128),
        shard_bytes: env("SHARD", 48 << 10),
        compression_level: env("LEVEL", 15) as i32,
        dictionary_bytes: env("DICT", 65536),
        ..BuildConfig::default()
    });
    for d in &docs {
        b.add(analyze(d));
    }
    eprintln!("analyzed in {:?}", t.elapsed());
    let files = b.finish().unwrap();
    eprintln!("finished in {:?}", t.elapsed());
    eprintln!("{:?}", files.stats);
    let total: usize = files.files.iter().map(|f| f.bytes.len()).sum();
    eprintln!("total {} files {}", total, files.files.len());
    let entry = files.files.iter().find(|f| f.name == ENTRY_FILE_NAME).unwrap();
    eprintln!("entry {}", entry.bytes.len());
    let index = Index::open(&entry.bytes).unwrap();
    let mut cache = FileCache::new();
    for q in std::env::args().skip(2) {
        let req = SearchRequest {
            query: Query::parse(&q, ParseOptions { prefix_last: true }).query,
            ..Default::default()
        };
        let mut fetched = 0;
        let t = std::time::Instant::now();
        let res = loop {
            match index.search(&req, &cache) {
                Outcome::Need(n) => {
                    for name in n {
                        let f = files.files.iter().find(|f| f.name == name).unwrap();
                        fetched += f.bytes.len();
                        cache.insert(&name, &f.bytes).unwrap();
                    }
                }
                Outcome::Ready(r) => break r,
            }
        };
        let cold = t.elapsed();
        let t = std::time::Instant::now();
        for _ in 0..20 {
            let _ = index.search(&req, &cache);
        }
        eprintln!(
            "{q:?}: total {} fetched {} cold {:?} warm {:?}",
            res.total,
            fetched,
            cold,
            t.elapsed() / 20
        );
        for h in res.hits.iter().take(3) {
            eprintln!(
                "   {:.2} {} {} | {}",
                h.score,
                h.date.map(|d| d.to_string()).unwrap_or_default(),
                h.title.text,
                h.snippet.text.chars().take(100).collect::<String>()
            );
        }
    }
}
