//! Safe writing of one file: atomic replace with a backup, refusing to overwrite what
//! another program changed, and clearing what killed saves left behind.
//!
//! Knows nothing about what the bytes mean; the patient format lives elsewhere. The
//! error, the change stamp and the lock have their own modules; they are re-exported
//! here so `store::file::` paths keep working.

use std::ffi::OsString;
use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use tempfile::{Builder, NamedTempFile};

pub use super::error::StoreError;
pub use super::lock::FileLock;
pub use super::stamp::FileStamp;

/// Files larger than this are refused unread: a patient file is kilobytes, so anything
/// this big is a wrong file, and reading it would only exhaust memory.
pub const DEFAULT_MAX_BYTES: u64 = 64 * 1024 * 1024;

/// `path` with `suffix` appended to the whole name: `x.ron` + `.bak` = `x.ron.bak`.
fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = OsString::from(path.as_os_str());
    name.push(suffix);
    PathBuf::from(name)
}

/// Where the previous generation of `path` is kept: `x.ron` → `x.ron.bak`.
pub fn backup_path(path: &Path) -> PathBuf {
    with_suffix(path, ".bak")
}

/// The lock file guarding `path`: `x.ron` → `x.ron.lock`.
pub fn lock_path(path: &Path) -> PathBuf {
    with_suffix(path, ".lock")
}

/// The folder holding `path` (`.` for a bare file name), where temporaries must go so
/// that the final rename stays on one file system and is atomic.
fn parent_dir(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

fn file_name(path: &Path) -> Result<String, StoreError> {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .ok_or_else(|| {
            StoreError::io(
                path,
                "save",
                io::Error::new(io::ErrorKind::InvalidInput, "the path names no file"),
            )
        })
}

#[cfg(unix)]
fn make_private(file: &File) -> io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    file.set_permissions(fs::Permissions::from_mode(0o600))
}

#[cfg(not(unix))]
fn make_private(_file: &File) -> io::Result<()> {
    Ok(())
}

#[cfg(unix)]
fn make_path_private(path: &Path) -> io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(path, fs::Permissions::from_mode(0o600))
}

#[cfg(not(unix))]
fn make_path_private(_path: &Path) -> io::Result<()> {
    Ok(())
}

/// Writes `bytes` to a private temporary file next to `path` and forces it to disk.
fn write_temp(path: &Path, bytes: &[u8]) -> Result<NamedTempFile, StoreError> {
    let dir = parent_dir(path);
    let prefix = format!(".{}.", file_name(path)?);
    let mut tmp = Builder::new()
        .prefix(&prefix)
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(|e| StoreError::io(path, "create a temporary file next to", e))?;
    let file = tmp.as_file_mut();
    make_private(file)
        .and_then(|()| file.write_all(bytes))
        .and_then(|()| file.flush())
        .and_then(|()| file.sync_all())
        .map_err(|e| StoreError::io(path, "write a temporary copy of", e))?;
    Ok(tmp)
}

/// Keeps the current content of `path` as `path.bak`, replacing the older backup
/// atomically. `path` itself is never touched, so a full file stays there throughout.
fn backup_existing(path: &Path) -> Result<(), StoreError> {
    match fs::symlink_metadata(path) {
        Ok(_) => {}
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(StoreError::io(path, "look at", e)),
    }
    let dir = parent_dir(path);
    let bak = backup_path(path);
    let prefix = format!(".{}.bak.", file_name(path)?);
    let mut builder = Builder::new();
    builder.prefix(&prefix).suffix(".tmp");
    // A hard link costs nothing and after the rename the old inode lives on only as the
    // backup; file systems without hard links get a copy instead.
    let staged = match builder.make_in(dir, |p| fs::hard_link(path, p)) {
        Ok(linked) => linked.into_temp_path(),
        Err(_) => {
            let mut copy = builder
                .tempfile_in(dir)
                .map_err(|e| StoreError::io(&bak, "create", e))?;
            File::open(path)
                .and_then(|mut src| io::copy(&mut src, copy.as_file_mut()))
                .and_then(|_| copy.as_file().sync_all())
                .map_err(|e| StoreError::io(path, "copy to a backup", e))?;
            copy.into_temp_path()
        }
    };
    make_path_private(&staged).map_err(|e| StoreError::io(&bak, "restrict access to", e))?;
    staged
        .persist(&bak)
        .map_err(|e| StoreError::io(&bak, "write the backup", e.error))
}

/// Makes the renames in `dir` durable. File systems that cannot sync a folder say so
/// with `InvalidInput`/`Unsupported`; the file is already in place then, so that is not
/// reported as a failed save.
fn sync_dir(dir: &Path) -> Result<(), StoreError> {
    match File::open(dir).and_then(|d| d.sync_all()) {
        Ok(()) => Ok(()),
        Err(e)
            if matches!(
                e.kind(),
                io::ErrorKind::InvalidInput | io::ErrorKind::Unsupported
            ) =>
        {
            Ok(())
        }
        Err(e) => Err(StoreError::io(dir, "sync the folder", e)),
    }
}

/// `content` (the stamp of the bytes written to `tmp`) with `tmp`'s modification time.
fn stamp_of(tmp: &NamedTempFile, content: FileStamp) -> FileStamp {
    content.modified_from(tmp.as_file().metadata().ok().as_ref())
}

/// Replaces `path` with `bytes` so that a crash at any instant leaves either the whole
/// old or the whole new file there, and keeps the old one as `path.bak`.
///
/// This overwrites unconditionally ("force"); use [`save_checked`] for normal saves so
/// that other programs' edits are not lost.
pub fn save_atomic(path: &Path, bytes: &[u8]) -> Result<FileStamp, StoreError> {
    let tmp = write_temp(path, bytes)?;
    let stamp = stamp_of(&tmp, FileStamp::new(bytes, None));
    backup_existing(path)?;
    tmp.persist(path)
        .map_err(|e| StoreError::io(path, "replace", e.error))?;
    sync_dir(parent_dir(path))?;
    Ok(stamp)
}

/// Saves like [`save_atomic`], but only over what the caller loaded.
///
/// `expected` is the stamp from loading (or from the previous save). With `Some`, the
/// save is refused with [`StoreError::ChangedOnDisk`] when the file no longer holds
/// those bytes. With `None` the file must not exist yet ([`StoreError::AlreadyExists`]);
/// the creation itself cannot clobber a file that appears meanwhile. To overwrite
/// anyway (after asking the user), call [`save_atomic`].
///
/// Saving bytes identical to the stamped ones writes nothing, so repeated autosaves do
/// not push the real previous generation out of the `.bak`.
///
/// The check runs just before the rename; a program writing in that instant can still
/// race it. Instances of this app are kept apart by [`FileLock`] instead.
pub fn save_checked(
    path: &Path,
    bytes: &[u8],
    expected: Option<&FileStamp>,
) -> Result<FileStamp, StoreError> {
    match expected {
        Some(stamp) => {
            // Hashed once: for the no-op check and for the new stamp.
            let content = FileStamp::new(bytes, None);
            if stamp.same_content(&content) && stamp.matches_disk(path)? {
                return Ok(stamp.clone());
            }
            let tmp = write_temp(path, bytes)?;
            if !stamp.matches_disk(path)? {
                return Err(StoreError::ChangedOnDisk {
                    path: path.to_path_buf(),
                });
            }
            let new_stamp = stamp_of(&tmp, content);
            backup_existing(path)?;
            tmp.persist(path)
                .map_err(|e| StoreError::io(path, "replace", e.error))?;
            sync_dir(parent_dir(path))?;
            Ok(new_stamp)
        }
        None => {
            let already = || StoreError::AlreadyExists {
                path: path.to_path_buf(),
            };
            if fs::symlink_metadata(path).is_ok() {
                return Err(already());
            }
            let tmp = write_temp(path, bytes)?;
            let new_stamp = stamp_of(&tmp, FileStamp::new(bytes, None));
            tmp.persist_noclobber(path).map_err(|e| {
                if e.error.kind() == io::ErrorKind::AlreadyExists {
                    already()
                } else {
                    StoreError::io(path, "create", e.error)
                }
            })?;
            sync_dir(parent_dir(path))?;
            Ok(new_stamp)
        }
    }
}

/// Removes temporaries that a killed or crashed save of `path` left next to it
/// (`.<name>.XXXXXX.tmp`, `.<name>.bak.XXXXXX.tmp`); they are private copies of the
/// data that would otherwise pile up. Returns how many were removed.
///
/// Call it only while holding the [`FileLock`] of `path`, so that no save is running.
pub fn remove_stale_temporaries(path: &Path) -> Result<usize, StoreError> {
    let dir = parent_dir(path);
    let name = file_name(path)?;
    let entries = fs::read_dir(dir).map_err(|e| StoreError::io(dir, "list the folder", e))?;
    let mut removed = 0;
    for entry in entries.flatten() {
        let entry_name = entry.file_name();
        let Some(entry_name) = entry_name.to_str() else {
            continue;
        };
        if is_temporary_of(&name, entry_name) {
            let temp = entry.path();
            match fs::remove_file(&temp) {
                Ok(()) => removed += 1,
                Err(e) if e.kind() == io::ErrorKind::NotFound => {}
                Err(e) => return Err(StoreError::io(&temp, "remove", e)),
            }
        }
    }
    Ok(removed)
}

/// Whether `candidate` is a temporary made by [`write_temp`] or [`backup_existing`] for
/// the file called `name` (six random letters or digits, as `tempfile` makes them).
fn is_temporary_of(name: &str, candidate: &str) -> bool {
    let Some(rest) = candidate
        .strip_prefix('.')
        .and_then(|c| c.strip_prefix(name))
        .and_then(|c| c.strip_prefix('.'))
        .and_then(|c| c.strip_suffix(".tmp"))
    else {
        return false;
    };
    let random = rest.strip_prefix("bak.").unwrap_or(rest);
    random.len() == 6 && random.bytes().all(|b| b.is_ascii_alphanumeric())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suffixes_append_to_the_whole_name() {
        let p = Path::new("/d/x.ron");
        assert_eq!(backup_path(p), PathBuf::from("/d/x.ron.bak"));
        assert_eq!(lock_path(p), PathBuf::from("/d/x.ron.lock"));
        assert_eq!(parent_dir(Path::new("x.ron")), Path::new("."));
    }

    #[test]
    fn recognises_only_its_own_temporaries() {
        assert!(is_temporary_of("a.ron", ".a.ron.Xy12z9.tmp"));
        assert!(is_temporary_of("a.ron", ".a.ron.bak.Xy12z9.tmp"));
        assert!(!is_temporary_of("a.ron", ".a.ron.x.ron.Xy12z9.tmp"));
        assert!(!is_temporary_of("a.ron", "a.ron.Xy12z9.tmp"));
        assert!(!is_temporary_of("a.ron", ".b.ron.Xy12z9.tmp"));
        assert!(!is_temporary_of("a.ron", ".a.ron.Xy12z9"));
    }

    #[test]
    fn stale_temporaries_are_removed_and_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.ron");
        save_checked(&p, b"one", None).unwrap();
        for name in [
            ".a.ron.abc123.tmp",
            ".a.ron.bak.abc123.tmp",
            ".b.ron.abc123.tmp",
        ] {
            fs::write(dir.path().join(name), b"x").unwrap();
        }
        assert_eq!(remove_stale_temporaries(&p).unwrap(), 2);
        assert!(dir.path().join(".b.ron.abc123.tmp").exists());
        assert_eq!(fs::read(&p).unwrap(), b"one");
    }
}
