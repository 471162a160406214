//! Writing an index directory atomically: a failed build never touches the old index.
//!
//! The files go into a temporary directory beside `--out` (same parent, so the same file
//! system), are flushed to disk (one `syncfs` on Linux, an `fsync` per file elsewhere),
//! and the new directory then takes the old one's place: in
//! one step where the system can exchange two paths (Linux `renameat2`), else by moving
//! the old one aside, the new one in, and deleting the old one.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use sift_core::{IndexFile, ENTRY_FILE_NAME};

use crate::error::{Error, Result};

/// Checks that `out` may be replaced: absent, an empty directory, or a directory holding
/// an index (an `entry.sift`). Anything else is refused, so that a mistyped `--out` never
/// deletes someone's files.
pub fn check_out(out: &Path) -> Result<()> {
    let refuse =
        |reason: &str| Err(Error::NotAnIndex { path: out.to_path_buf(), reason: reason.into() });
    if out.file_name().is_none() {
        return refuse("the path does not end in a directory name");
    }
    let meta = match fs::symlink_metadata(out) {
        Ok(meta) => meta,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(error) => return Err(Error::Write { path: out.to_path_buf(), error }),
    };
    if meta.file_type().is_symlink() {
        return refuse("it is a symbolic link");
    }
    if !meta.is_dir() {
        return refuse("it is a file, not a directory");
    }
    if out.join(ENTRY_FILE_NAME).is_file() {
        return Ok(());
    }
    let mut entries =
        fs::read_dir(out).map_err(|error| Error::Write { path: out.to_path_buf(), error })?;
    if entries.next().is_some() {
        return refuse("it is not empty and holds no entry.sift");
    }
    Ok(())
}

/// Writes `files` as the directory `out`, replacing what was there atomically.
pub fn write_index(out: &Path, files: &[IndexFile]) -> Result<()> {
    check_out(out)?;
    let write_error = |path: &Path| {
        let path = path.to_path_buf();
        move |error| Error::Write { path, error }
    };
    let parent = match out.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    };
    fs::create_dir_all(&parent).map_err(write_error(&parent))?;
    let name = out.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    // Dropped on any error below, which deletes it and whatever was written into it.
    let staging = tempfile::Builder::new()
        .prefix(&format!(".{name}.sift-new-"))
        .tempdir_in(&parent)
        .map_err(write_error(&parent))?;

    // Files are named by content hash, so two equal columns (two facets with the same
    // documents) may come out as one name twice: write it once.
    let mut seen = std::collections::HashMap::new();
    let mut unique = Vec::with_capacity(files.len());
    for file in files {
        match seen.insert(file.name.as_str(), file.bytes.as_slice()) {
            None => unique.push(file),
            Some(bytes) if bytes == file.bytes.as_slice() => {}
            Some(_) => {
                return Err(Error::Write {
                    path: staging.path().join(&file.name),
                    error: std::io::Error::other("two different files have this name"),
                })
            }
        }
    }
    let whole_fs = cfg!(target_os = "linux");
    unique.par_iter().try_for_each(|file| {
        let path = staging.path().join(&file.name);
        let mut handle = fs::File::create_new(&path).map_err(write_error(&path))?;
        handle.write_all(&file.bytes).map_err(write_error(&path))?;
        if whole_fs {
            Ok(())
        } else {
            handle.sync_all().map_err(write_error(&path))
        }
    })?;
    if whole_fs {
        // One flush of the file system instead of one per file: an fsync costs a journal
        // commit (milliseconds each), and an index has hundreds of files.
        sync_file_system(staging.path())?;
    } else {
        sync_dir(staging.path())?;
    }

    if fs::symlink_metadata(out).is_ok() {
        if !exchange(staging.path(), out)? {
            // No atomic exchange here: move the old index aside, the new one in, and put
            // the old one back if that fails.
            let aside = tempfile::Builder::new()
                .prefix(&format!(".{name}.sift-old-"))
                .tempdir_in(&parent)
                .map_err(write_error(&parent))?
                .keep();
            fs::remove_dir(&aside).map_err(write_error(&aside))?;
            fs::rename(out, &aside).map_err(write_error(out))?;
            if let Err(error) = fs::rename(staging.path(), out) {
                let _ = fs::rename(&aside, out);
                return Err(Error::Write { path: out.to_path_buf(), error });
            }
            let _ = staging.keep();
            fs::remove_dir_all(&aside).map_err(write_error(&aside))?;
        }
        // After an exchange the staging path holds the old index; dropping it deletes it.
    } else {
        fs::rename(staging.path(), out).map_err(write_error(out))?;
        let _ = staging.keep();
    }
    sync_dir(&parent)
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

    fn file(name: &str, bytes: &[u8]) -> IndexFile {
        IndexFile { name: name.into(), kind: FileKind::Entry, bytes: bytes.to_vec() }
    }

    #[test]
    fn replaces_an_index_and_leaves_no_temporary_directory() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("idx");
        write_index(&out, &[file(ENTRY_FILE_NAME, b"one"), file("meta-1.sift", b"d")]).unwrap();
        write_index(&out, &[file(ENTRY_FILE_NAME, b"two")]).unwrap();
        assert_eq!(fs::read(out.join(ENTRY_FILE_NAME)).unwrap(), b"two");
        assert!(!out.join("meta-1.sift").exists());
        let names: Vec<_> =
            fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names, ["idx"]);
    }

    #[test]
    fn refuses_to_replace_what_is_not_an_index() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("notes.txt"), "mine").unwrap();
        let error = write_index(dir.path(), &[file(ENTRY_FILE_NAME, b"x")]).unwrap_err();
        assert!(error.to_string().contains("it is not empty and holds no entry.sift"));
        assert_eq!(fs::read(dir.path().join("notes.txt")).unwrap(), b"mine");
    }
}
