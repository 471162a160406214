//! The committed seeds are the generated ones, and each gives what it was made for.

use super::{all, Expect, Seed};
use crate::fuzzing::{file_bytes, payloads, query, update};

/// What the seed's target answers: the error's message, if any. A panic fails the test.
fn run(seed: &Seed) -> Result<(), String> {
    let result = match seed.target {
        "file_bytes" => file_bytes(&seed.bytes),
        "payloads" => payloads(&seed.bytes),
        "update" => update(&seed.bytes),
        "query" => {
            query(&seed.bytes);
            Ok(())
        }
        other => panic!("no fuzz target {other}"),
    };
    result.map_err(|e| e.to_string())
}

#[test]
fn every_seed_gives_what_it_was_made_for() {
    let mut wrong = Vec::new();
    for seed in all() {
        // Every seed is tried, and every panic listed, before the test fails.
        let Ok(got) = std::panic::catch_unwind(|| run(&seed)) else {
            wrong.push(format!("{}/{}: panicked", seed.target, seed.name));
            continue;
        };
        let as_made = match (seed.expect, &got) {
            (Expect::Ok, Ok(())) => true,
            (Expect::Error(reason), Err(error)) => error.contains(reason),
            _ => false,
        };
        if !as_made {
            wrong.push(format!("{}/{}: {:?}, but {got:?}", seed.target, seed.name, seed.expect));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// The valid seeds are files of an index built with libzstd, as the index builder builds
/// (their bytes, and the hashes in the entry and directory, depend on the compressor), so
/// they are compared where it is compiled in: in `cargo test --workspace`, which
/// `cargo xtask test` runs, and in the fuzz targets' build.
#[cfg(feature = "zstd")]
mod committed {
    use std::collections::{BTreeMap, BTreeSet};
    use std::path::{Path, PathBuf};

    use super::all;

    fn seeds_dir() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/seeds")
    }

    /// `(target, name)` to bytes, of the committed seeds.
    fn committed(dir: &Path) -> BTreeMap<(String, String), Vec<u8>> {
        let mut out = BTreeMap::new();
        for target in std::fs::read_dir(dir).into_iter().flatten() {
            let target = target.expect("a seeds directory entry").path();
            for file in std::fs::read_dir(&target).into_iter().flatten() {
                let file = file.expect("a seed").path();
                let name = |p: &Path| p.file_name().expect("a name").to_string_lossy().into_owned();
                out.insert(
                    (name(&target), name(&file)),
                    std::fs::read(&file).expect("a seed reads"),
                );
            }
        }
        out
    }

    /// `UPDATE_EXPECT=1` writes the seeds first (commit them).
    #[test]
    fn the_committed_seeds_are_the_generated_ones() {
        let dir = seeds_dir();
        let seeds = all();
        let generated: BTreeMap<(String, String), Vec<u8>> = seeds
            .iter()
            .map(|s| ((s.target.to_string(), s.name.clone()), s.bytes.clone()))
            .collect();
        assert_eq!(generated.len(), seeds.len(), "two seeds of one target share a name");
        if std::env::var_os("UPDATE_EXPECT").is_some() {
            if dir.exists() {
                std::fs::remove_dir_all(&dir).expect("the old seeds are removed");
            }
            for ((target, name), bytes) in &generated {
                std::fs::create_dir_all(dir.join(target)).expect("fuzz/seeds is writable");
                std::fs::write(dir.join(target).join(name), bytes).expect("a seed is written");
            }
        }
        let committed = committed(&dir);
        let differ: BTreeSet<String> = generated
            .keys()
            .chain(committed.keys())
            .filter(|key| generated.get(*key) != committed.get(*key))
            .map(|(target, name)| format!("{target}/{name}"))
            .collect();
        assert!(
            differ.is_empty(),
            "the seeds in {} are not what `sift_core::fuzzing::seeds` makes: {}; write them with \
             `UPDATE_EXPECT=1 cargo test -p sift-core --features zstd seeds` and commit them",
            dir.display(),
            Vec::from_iter(differ).join(", ")
        );
    }
}
