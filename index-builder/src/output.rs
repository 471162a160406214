//! Writing a bundle directory atomically: a failed build never touches the last good one.
//!
//! A bundle is the index files, the widget's files (unless `--no-widget`) and
//! [`MANIFEST`], the list of them all. The files go into a staging directory, are flushed
//! to disk (one `syncfs` on Linux, an `fsync` per file elsewhere), and the new directory
//! then takes the old one's place: in one step where the system can exchange two paths
//! (Linux `renameat2`), else by moving the old one aside, the new one in, and deleting the
//! old one.
//!
//! The staging directory lives in the system's temporary directory when a rename from
//! there reaches `--out` (same file system), so that nothing half-written ever sits in the
//! site a generator publishes; else beside `--out`, hidden. Its name carries the process
//! id, and staging directories whose process is gone (a build that crashed) are removed
//! by the next build.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use sift_core::{IndexFile, IndexFiles, ENTRY_FILE_NAME};
use tempfile::TempDir;

use crate::error::{Error, Result};
use crate::widget::Widget;

/// The file of every bundle that lists the bundle's files, so that a later build knows it
/// may replace the directory: it replaces only a directory that holds nothing else.
pub const MANIFEST: &str = "sift-files.txt";

/// Set in the environment, makes a build abort once its files are staged, as a build
/// killed there would stop: for the test that a crash publishes nothing.
pub(crate) const ABORT_BEFORE_SWAP: &str = "SIFT_TEST_ABORT_BEFORE_SWAP";

/// What staging directories are called: `sift-staging-<pid>-<random>` (hidden with a
/// leading dot when beside `--out`).
const STAGING_PREFIX: &str = "sift-staging-";

/// Checks that `out` may be replaced: absent, an empty directory, a bundle that holds
/// nothing but the files its [`MANIFEST`] lists, or an index written before bundles had a
/// manifest (`entry.sift` and other `.sift` files only). Anything else is refused, naming
/// what is there, so that a mistyped `--out` never deletes someone's files.
pub fn check_out(out: &Path) -> Result<()> {
    let refuse = |reason: String| Err(Error::NotAnIndex { path: out.to_path_buf(), reason });
    if out.file_name().is_none() {
        return refuse("the path does not end in a directory name".into());
    }
    let meta = match fs::symlink_metadata(out) {
        Ok(meta) => meta,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(error) => return Err(Error::Write { path: out.to_path_buf(), error }),
    };
    if meta.file_type().is_symlink() {
        return refuse("it is a symbolic link".into());
    }
    if !meta.is_dir() {
        return refuse("it is a file, not a directory".into());
    }
    let listed = read_manifest(out)?;
    let legacy = listed.is_none() && out.join(ENTRY_FILE_NAME).is_file();
    let read_error = |error| Error::Write { path: out.to_path_buf(), error };
    let mut names: Vec<(String, bool)> = Vec::new();
    for entry in fs::read_dir(out).map_err(read_error)? {
        let entry = entry.map_err(read_error)?;
        let is_file = entry.file_type().map_err(read_error)?.is_file();
        names.push((entry.file_name().to_string_lossy().into_owned(), is_file));
    }
    names.sort();
    for (name, is_file) in names {
        let ours = match &listed {
            Some(listed) => is_file && (name == MANIFEST || listed.contains(&name)),
            None => legacy && is_file && name.ends_with(".sift"),
        };
        if !ours {
            let kind = if is_file { "" } else { " (a directory)" };
            return refuse(format!("it holds {name}{kind}, which index-builder did not write"));
        }
    }
    Ok(())
}

/// The names a bundle's manifest lists, if `dir` has one.
fn read_manifest(dir: &Path) -> Result<Option<BTreeSet<String>>> {
    let path = dir.join(MANIFEST);
    match fs::read_to_string(&path) {
        Ok(text) => Ok(Some(
            text.lines()
                .map(str::trim)
                .filter(|line| !line.is_empty() && !line.starts_with('#'))
                .map(str::to_string)
                .collect(),
        )),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(error) => Err(Error::Unreadable { path, error }),
    }
}

/// Writes the `index` alone as the directory `out`, replacing what was there atomically.
pub fn write_index(out: &Path, index: &IndexFiles) -> Result<()> {
    write_bundle(out, index, None)
}

/// Writes the `index` and the `widget`'s files as the directory `out`, replacing what was
/// there atomically. The files an update reuses ([`IndexFiles::reused`]) are taken from the
/// index being replaced, `out` itself, linked where the file system allows.
pub fn write_bundle(out: &Path, index: &IndexFiles, widget: Option<&Widget>) -> Result<()> {
    check_out(out)?;
    let mut files = bundle_files(&index.files, widget)?;
    // An update may write anew a file the previous index already has (a tiny typo
    // shard the tail and the base hold alike): its name is its content's hash, so the
    // reused file is that very file, and it is linked once, not written over.
    let reused: HashSet<&str> = index.reused.iter().map(String::as_str).collect();
    files.retain(|(name, _)| !reused.contains(name.as_str()));
    let parent = match out.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    };
    fs::create_dir_all(&parent).map_err(write_error(&parent))?;
    let staging = staging_dir(&parent)?;
    link_reused(out, staging.path(), &index.reused)?;
    write_files(staging.path(), &files, &index.reused)?;
    if std::env::var_os(ABORT_BEFORE_SWAP).is_some() {
        // A build killed at its worst moment: everything staged, nothing swapped in.
        std::process::abort();
    }
    swap_in(staging, out, &parent)?;
    sync_dir(&parent)
}

/// The bundle's files by name, index first, then the widget, then the manifest.
fn bundle_files<'a>(
    index: &'a [IndexFile],
    widget: Option<&'a Widget>,
) -> Result<Vec<(String, &'a [u8])>> {
    // Files are named by content hash, so two equal columns (two facets with the same
    // documents) may come out as one name twice: write it once.
    let mut seen: HashMap<&str, &[u8]> = HashMap::new();
    let mut files: Vec<(String, &[u8])> = Vec::with_capacity(index.len() + 4);
    let sources = index
        .iter()
        .map(|f| (f.name.as_str(), f.bytes.as_slice()))
        .chain(widget.into_iter().flat_map(|w| w.files()));
    for (name, bytes) in sources {
        if name == MANIFEST || name.contains(['/', '\\']) || name.starts_with('.') {
            return Err(clash(name, "a bundle cannot hold a file of this name"));
        }
        match seen.insert(name, bytes) {
            None => files.push((name.to_string(), bytes)),
            Some(before) if before == bytes => {}
            Some(_) => return Err(clash(name, "two different files have this name")),
        }
    }
    Ok(files)
}

fn clash(name: &str, why: &str) -> Error {
    Error::Write { path: PathBuf::from(name), error: std::io::Error::other(why) }
}

/// The manifest's text: a note for whoever opens it, then one name a line.
fn manifest_text(files: &[(String, &[u8])], reused: &[String]) -> String {
    let mut names: Vec<&str> = files
        .iter()
        .map(|(name, _)| name.as_str())
        .chain(reused.iter().map(String::as_str))
        .collect();
    names.sort_unstable();
    let mut text = String::from(
        "# A Sift bundle, written by index-builder: the index and the search widget.\n\
         # index-builder replaces this directory only while it holds nothing but these files.\n",
    );
    for name in names {
        text.push_str(name);
        text.push('\n');
    }
    text
}

/// Puts the previous index's `reused` files into `dir`: a hard link where `dir` is on the
/// same file system as `from` (the bytes are not copied), else a copy.
fn link_reused(from: &Path, dir: &Path, reused: &[String]) -> Result<()> {
    reused.par_iter().try_for_each(|name| {
        let (source, target) = (from.join(name), dir.join(name));
        if fs::hard_link(&source, &target).is_ok() {
            return Ok(());
        }
        fs::copy(&source, &target)
            .map(|_| ())
            .map_err(|error| Error::Unreadable { path: source, error })
    })
}

/// Writes every file and the manifest (which lists the `reused` files too) into `dir`, and
/// flushes them to disk.
fn write_files(dir: &Path, files: &[(String, &[u8])], reused: &[String]) -> Result<()> {
    let manifest = manifest_text(files, reused);
    let mut all: Vec<(&str, &[u8])> = files.iter().map(|(n, b)| (n.as_str(), *b)).collect();
    all.push((MANIFEST, manifest.as_bytes()));
    let whole_fs = cfg!(target_os = "linux");
    all.par_iter().try_for_each(|(name, bytes)| {
        let path = dir.join(name);
        let mut handle = fs::File::create_new(&path).map_err(write_error(&path))?;
        handle.write_all(bytes).map_err(write_error(&path))?;
        if whole_fs {
            Ok(())
        } else {
            handle.sync_all().map_err(write_error(&path))
        }
    })?;
    if whole_fs {
        // One flush of the file system instead of one per file: an fsync costs a journal
        // commit (milliseconds each), and an index has hundreds of files.
        sync_file_system(dir)
    } else {
        sync_dir(dir)
    }
}

/// Makes `staging` the directory `out`, and deletes what `out` was.
fn swap_in(staging: TempDir, out: &Path, parent: &Path) -> Result<()> {
    // A temporary directory is private to its owner; a bundle is read by the web server.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(staging.path(), fs::Permissions::from_mode(0o755))
            .map_err(write_error(staging.path()))?;
    }
    if fs::symlink_metadata(out).is_err() {
        fs::rename(staging.path(), out).map_err(write_error(out))?;
        let _ = staging.keep();
        return Ok(());
    }
    if exchange(staging.path(), out)? {
        // The staging path now holds the old bundle; dropping it deletes it.
        return Ok(());
    }
    // No atomic exchange here: move the old bundle aside, the new one in, and put the old
    // one back if that fails.
    let aside = staging_in(parent, true)?.keep();
    fs::remove_dir(&aside).map_err(write_error(&aside))?;
    fs::rename(out, &aside).map_err(write_error(out))?;
    if let Err(error) = fs::rename(staging.path(), out) {
        let _ = fs::rename(&aside, out);
        return Err(Error::Write { path: out.to_path_buf(), error });
    }
    let _ = staging.keep();
    fs::remove_dir_all(&aside).map_err(write_error(&aside))
}

/// A new staging directory from which a rename reaches `parent`: in the system's temporary
/// directory if it can, else hidden in `parent`. Stale ones from crashed builds go first.
fn staging_dir(parent: &Path) -> Result<TempDir> {
    let temp = std::env::temp_dir();
    remove_stale_staging(parent, true);
    remove_stale_staging(&temp, false);
    if let Ok(staging) = staging_in(&temp, false) {
        if reaches(staging.path(), parent) {
            return Ok(staging);
        }
    }
    staging_in(parent, true)
}

fn staging_in(dir: &Path, hidden: bool) -> Result<TempDir> {
    let dot = if hidden { "." } else { "" };
    tempfile::Builder::new()
        .prefix(&format!("{dot}{STAGING_PREFIX}{}-", std::process::id()))
        .tempdir_in(dir)
        .map_err(write_error(dir))
}

/// Whether the directory `from` can be renamed into `parent`: one file system, one mount.
/// Tried with an empty directory, moved there and back.
fn reaches(from: &Path, parent: &Path) -> bool {
    let probe = from.join("probe");
    let Some(name) = from.file_name() else { return false };
    let there = parent.join(format!(".{}-probe", name.to_string_lossy()));
    if fs::create_dir(&probe).is_err() {
        return false;
    }
    let moved = fs::rename(&probe, &there).is_ok();
    let _ = if moved { fs::remove_dir(&there) } else { fs::remove_dir(&probe) };
    moved
}

/// Removes staging directories in `dir` left by builds that are no longer running (and
/// those of index-builder versions that named them `.<out>.sift-new-…`/`-old-…`).
fn remove_stale_staging(dir: &Path, hidden: bool) {
    let Ok(entries) = fs::read_dir(dir) else { return };
    let prefix = if hidden { format!(".{STAGING_PREFIX}") } else { STAGING_PREFIX.to_string() };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let stale = match name.strip_prefix(&prefix) {
            Some(rest) => rest
                .split('-')
                .next()
                .and_then(|pid| pid.parse::<u32>().ok())
                .is_some_and(|pid| !is_running(pid)),
            None => hidden && (name.contains(".sift-new-") || name.contains(".sift-old-")),
        };
        if stale && entry.file_type().is_ok_and(|t| t.is_dir()) {
            let _ = fs::remove_dir_all(entry.path());
        }
    }
}

/// Whether a process with this id is running (this one always is).
fn is_running(pid: u32) -> bool {
    if pid == std::process::id() {
        return true;
    }
    #[cfg(target_os = "linux")]
    {
        Path::new("/proc").join(pid.to_string()).exists()
    }
    // Elsewhere, without a cheap way to ask, a staging directory is never taken for stale.
    #[cfg(not(target_os = "linux"))]
    {
        true
    }
}

fn write_error(path: &Path) -> impl Fn(std::io::Error) -> Error {
    let path = path.to_path_buf();
    move |error| Error::Write { path: path.clone(), error }
}

/// Swaps two paths in one step. `Ok(false)` where the system cannot.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> Result<bool> {
    use rustix::fs::{renameat_with, RenameFlags, CWD};
    match renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE) {
        Ok(()) => Ok(true),
        Err(e) if e == rustix::io::Errno::INVAL || e == rustix::io::Errno::NOSYS => Ok(false),
        Err(e) => Err(Error::Write { path: b.to_path_buf(), error: e.into() }),
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> Result<bool> {
    Ok(false)
}

/// Flushes everything written to the file system that holds `dir` (Linux `syncfs`).
#[cfg(target_os = "linux")]
fn sync_file_system(dir: &Path) -> Result<()> {
    let handle =
        fs::File::open(dir).map_err(|error| Error::Write { path: dir.to_path_buf(), error })?;
    rustix::fs::syncfs(&handle)
        .map_err(|e| Error::Write { path: dir.to_path_buf(), error: e.into() })
}

#[cfg(not(target_os = "linux"))]
fn sync_file_system(dir: &Path) -> Result<()> {
    sync_dir(dir)
}

/// Flushes a directory's entries to disk (where the system supports it).
fn sync_dir(dir: &Path) -> Result<()> {
    #[cfg(unix)]
    {
        fs::File::open(dir)
            .and_then(|d| d.sync_all())
            .map_err(|error| Error::Write { path: dir.to_path_buf(), error })?;
    }
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use sift_core::FileKind;

    fn index(files: &[IndexFile]) -> IndexFiles {
        IndexFiles { files: files.to_vec(), reused: Vec::new(), stats: Default::default() }
    }

    fn file(name: &str, bytes: &[u8]) -> IndexFile {
        IndexFile { name: name.into(), kind: FileKind::Entry, bytes: bytes.to_vec() }
    }

    #[test]
    fn replaces_an_index_and_leaves_no_staging_directory() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("idx");
        write_index(&out, &index(&[file(ENTRY_FILE_NAME, b"one"), file("meta-1.sift", b"d")]))
            .unwrap();
        write_index(&out, &index(&[file(ENTRY_FILE_NAME, b"two")])).unwrap();
        assert_eq!(fs::read(out.join(ENTRY_FILE_NAME)).unwrap(), b"two");
        assert!(!out.join("meta-1.sift").exists());
        let names: Vec<_> =
            fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names, ["idx"]);
        let manifest = fs::read_to_string(out.join(MANIFEST)).unwrap();
        assert!(manifest.ends_with("\nentry.sift\n"), "{manifest}");
    }

    #[test]
    fn a_file_written_anew_and_reused_is_linked_once() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("idx");
        let typo = file("typo-1.sift", b"same");
        write_index(&out, &index(&[typo.clone(), file(ENTRY_FILE_NAME, b"one")])).unwrap();
        let update = IndexFiles {
            files: vec![typo, file(ENTRY_FILE_NAME, b"two")],
            reused: vec!["typo-1.sift".into()],
            stats: Default::default(),
        };
        write_index(&out, &update).unwrap();
        assert_eq!(fs::read(out.join("typo-1.sift")).unwrap(), b"same");
        assert_eq!(fs::read(out.join(ENTRY_FILE_NAME)).unwrap(), b"two");
        let manifest = fs::read_to_string(out.join(MANIFEST)).unwrap();
        assert_eq!(manifest.matches("typo-1.sift").count(), 1, "{manifest}");
    }

    #[test]
    fn refuses_to_replace_what_it_did_not_write() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("notes.txt"), "mine").unwrap();
        let error = write_index(dir.path(), &index(&[file(ENTRY_FILE_NAME, b"x")])).unwrap_err();
        assert!(error
            .to_string()
            .contains("it holds notes.txt, which index-builder did not write"));
        assert_eq!(fs::read(dir.path().join("notes.txt")).unwrap(), b"mine");

        // A bundle with a file added by hand is not replaced either.
        let out = dir.path().join("sift");
        write_index(&out, &index(&[file(ENTRY_FILE_NAME, b"one")])).unwrap();
        fs::write(out.join("page.html"), "mine").unwrap();
        let error = write_index(&out, &index(&[file(ENTRY_FILE_NAME, b"two")])).unwrap_err();
        assert!(error.to_string().contains("it holds page.html"), "{error}");
        assert_eq!(fs::read(out.join(ENTRY_FILE_NAME)).unwrap(), b"one");
    }

    #[test]
    fn an_index_without_a_manifest_is_replaced_if_it_holds_only_index_files() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("idx");
        fs::create_dir(&out).unwrap();
        fs::write(out.join(ENTRY_FILE_NAME), "old").unwrap();
        fs::write(out.join("docs-1.sift"), "old").unwrap();
        write_index(&out, &index(&[file(ENTRY_FILE_NAME, b"new")])).unwrap();
        assert_eq!(fs::read(out.join(ENTRY_FILE_NAME)).unwrap(), b"new");
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn staging_left_by_a_crashed_build_is_removed() {
        let dir = tempfile::tempdir().unwrap();
        // No process has an id above the kernel's maximum (4194304).
        let crashed = dir.path().join(".sift-staging-4194305-abc");
        fs::create_dir(&crashed).unwrap();
        fs::write(crashed.join(ENTRY_FILE_NAME), "half").unwrap();
        let legacy = dir.path().join(".idx.sift-new-xyz");
        fs::create_dir(&legacy).unwrap();
        let running = dir.path().join(format!(".sift-staging-{}-live", std::process::id()));
        fs::create_dir(&running).unwrap();
        write_index(&dir.path().join("idx"), &index(&[file(ENTRY_FILE_NAME, b"x")])).unwrap();
        let mut names: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(names, [running.file_name().unwrap().to_string_lossy().as_ref(), "idx"]);
    }
}
