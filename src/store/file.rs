//! Safe writing of one file: atomic replace with a backup, refusing to overwrite what
//! another program changed, and clearing what killed saves left behind.
//!
//! Knows nothing about what the bytes mean; the patient format lives elsewhere. The
//! error, the change stamp and the lock have their own modules; they are re-exported
//! here so `store::file::` paths keep working.
//!
//! A path that is a symbolic link is saved where it points ([`real_path`]): the link
//! stays a link, and the backup and temporaries go beside the real file. A save keeps
//! the file's owner and group (or refuses, when it cannot), so that saving another
//! account's file never locks its owner out.
//!
//! # What a checked save can still miss
//!
//! [`save_checked`] compares the file with what was loaded just before replacing it,
//! and instances of this app never race it (they hold the [`FileLock`]). A program that
//! ignores the lock still has a window, made as small as plain file calls allow:
//!
//! 1. The new text is written to a temporary file and synced first (the slow part),
//!    while the caller's check that the text reads back runs beside it
//!    ([`save_checked_while`]); nothing below happens before that check has passed.
//! 2. The current file is hard-linked as the staged backup, and the *staged link* is
//!    read and compared with the stamp: the check reads the very file that becomes the
//!    `.bak`. From here on, a program writing into the old file in place writes into
//!    the backup: its change is kept there, but not in the saved file, and not reported.
//! 3. Just before the rename, the path is looked at once more: if it is no longer the
//!    file that was linked (another program replaced it by a rename), nothing is saved.
//! 4. The rename. A program replacing the file in the microseconds between step 3 and
//!    the rename loses its version: the rename removes it (POSIX has no rename that
//!    refuses to replace a changed file). On file systems without hard links, the
//!    backup is a copy, the check reads the file itself, and a write in place after
//!    the copy is lost too.

use std::ffi::OsString;
use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use tempfile::{Builder, NamedTempFile, TempPath};

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
/// With `keep` (the metadata of the file it will replace), the temporary gets that
/// file's owner and group, or the save fails.
fn write_temp(
    path: &Path,
    bytes: &[u8],
    keep: Option<&fs::Metadata>,
) -> Result<NamedTempFile, StoreError> {
    let dir = parent_dir(path);
    let prefix = format!(".{}.", file_name(path)?);
    let mut tmp = Builder::new()
        .prefix(&prefix)
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(|e| StoreError::io(path, "create a temporary file next to", e))?;
    if let Some(keep) = keep {
        keep_owner(tmp.as_file(), keep)
            .map_err(|e| StoreError::io(path, "keep the owner of", e))?;
    }
    let file = tmp.as_file_mut();
    make_private(file)
        .and_then(|()| file.write_all(bytes))
        .and_then(|()| file.flush())
        .and_then(|()| file.sync_all())
        .map_err(|e| StoreError::io(path, "write a temporary copy of", e))?;
    Ok(tmp)
}

/// Gives `file` the owner and group in `keep`, when they differ from its own. Only
/// the superuser may give a file away; anyone else gets an error that says why the
/// save stops rather than a file its owner can no longer open.
#[cfg(unix)]
fn keep_owner(file: &File, keep: &fs::Metadata) -> io::Result<()> {
    use std::os::unix::fs::MetadataExt;
    let own = file.metadata()?;
    if (own.uid(), own.gid()) == (keep.uid(), keep.gid()) {
        return Ok(());
    }
    std::os::unix::fs::fchown(file, Some(keep.uid()), Some(keep.gid())).map_err(|e| {
        io::Error::new(
            e.kind(),
            format!(
                "the file belongs to user {} and group {}, which this account cannot give a file to ({e}); \
                 it was not saved, so that its owner can still open it",
                keep.uid(),
                keep.gid()
            ),
        )
    })
}

#[cfg(not(unix))]
fn keep_owner(_file: &File, _keep: &fs::Metadata) -> io::Result<()> {
    Ok(())
}

/// The file `path` names, with symbolic links followed: saves, backups and locks of a
/// linked patient file happen there, so the link stays a link. A path that is no link
/// (or does not exist yet) is its own real path.
pub fn real_path(path: &Path) -> Result<PathBuf, StoreError> {
    match fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_symlink() => {
            fs::canonicalize(path).map_err(|e| StoreError::io(path, "follow the link", e))
        }
        _ => Ok(path.to_path_buf()),
    }
}

/// The previous generation of a file, staged next to it until it becomes the `.bak`.
struct Staged {
    path: TempPath,
    /// For a hard link, the file's identity (device and inode): the very file that was
    /// at the path. `None` for a copy, on file systems without hard links.
    linked: Option<(u64, u64)>,
}

impl Staged {
    /// Moves the staged generation to `path.bak`, private, replacing the older backup
    /// atomically.
    fn persist(self, path: &Path) -> Result<(), StoreError> {
        let bak = backup_path(path);
        make_path_private(&self.path).map_err(|e| StoreError::io(&bak, "restrict access to", e))?;
        self.path
            .persist(&bak)
            .map_err(|e| StoreError::io(&bak, "write the backup", e.error))
    }
}

/// True when `path` still names the file of `identity` (unknown identity: true).
fn still_names(path: &Path, identity_then: Option<(u64, u64)>) -> Result<bool, StoreError> {
    let Some(then) = identity_then else {
        return Ok(true);
    };
    match fs::symlink_metadata(path) {
        Ok(meta) => Ok(identity(&meta) == Some(then)),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(StoreError::io(path, "look at", e)),
    }
}

/// Device and inode, where the platform has them.
fn identity(meta: &fs::Metadata) -> Option<(u64, u64)> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        Some((meta.dev(), meta.ino()))
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        None
    }
}

/// Stages the current content of `path` for the backup, or `None` when there is no
/// file. `path` itself is never touched, so a full file stays there throughout.
fn stage_backup(path: &Path) -> Result<Option<Staged>, StoreError> {
    let meta = match fs::symlink_metadata(path) {
        Ok(meta) => meta,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(StoreError::io(path, "look at", e)),
    };
    let dir = parent_dir(path);
    let bak = backup_path(path);
    let prefix = format!(".{}.bak.", file_name(path)?);
    let mut builder = Builder::new();
    builder.prefix(&prefix).suffix(".tmp");
    // A hard link costs nothing and after the rename the old inode lives on only as the
    // backup; file systems without hard links get a copy instead.
    if let Ok(linked) = builder.make_in(dir, |p| fs::hard_link(path, p)) {
        let path = linked.into_temp_path();
        let linked = fs::symlink_metadata(&path).ok().and_then(|m| identity(&m));
        return Ok(Some(Staged { path, linked }));
    }
    let mut copy = builder
        .tempfile_in(dir)
        .map_err(|e| StoreError::io(&bak, "create", e))?;
    let _ = keep_owner(copy.as_file(), &meta);
    File::open(path)
        .and_then(|mut src| io::copy(&mut src, copy.as_file_mut()))
        .and_then(|_| copy.as_file().sync_all())
        .map_err(|e| StoreError::io(path, "copy to a backup", e))?;
    Ok(Some(Staged {
        path: copy.into_temp_path(),
        linked: None,
    }))
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
    let path = &real_path(path)?;
    let current = fs::metadata(path).ok();
    let tmp = write_temp(path, bytes, current.as_ref())?;
    let stamp = stamp_of(&tmp, FileStamp::new(bytes, None));
    if let Some(staged) = stage_backup(path)? {
        staged.persist(path)?;
    }
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
/// not push the real previous generation out of the `.bak`. What the check can still
/// miss is written down at the top of this module.
pub fn save_checked(
    path: &Path,
    bytes: &[u8],
    expected: Option<&FileStamp>,
) -> Result<FileStamp, StoreError> {
    save_checked_while(path, bytes, expected, None)
}

/// A check of the bytes being saved (that they read back as what they should be),
/// run on a second thread while they are written and synced.
pub type ContentCheck<'a> = &'a (dyn Fn() -> Result<(), StoreError> + Sync);

/// [`save_checked`], with `check` run on a second thread while the temporary file is
/// written and synced: nothing is renamed into place (neither the file nor its
/// backup) until the check has passed, and when it fails the temporary is removed
/// and its error returned. A save that writes nothing (the same bytes) runs no check.
pub fn save_checked_while(
    path: &Path,
    bytes: &[u8],
    expected: Option<&FileStamp>,
    check: Option<ContentCheck<'_>>,
) -> Result<FileStamp, StoreError> {
    if let Some(stamp) = expected {
        let path = &real_path(path)?;
        // Hashed once: for the no-op check and for the new stamp.
        let content = FileStamp::new(bytes, None);
        if stamp.same_content(&content) && stamp.matches_disk(path)? {
            return Ok(stamp.clone());
        }
        return while_checking(check, |checked| {
            save_over(path, bytes, stamp, content, checked)
        });
    }
    while_checking(check, |checked| create_new(path, bytes, checked))
}

/// Runs `save` with `check` started on a second thread; `save` calls the function it
/// is given to wait for the check's verdict before it renames anything.
fn while_checking(
    check: Option<ContentCheck<'_>>,
    save: impl FnOnce(&mut dyn FnMut() -> Result<(), StoreError>) -> Result<FileStamp, StoreError>,
) -> Result<FileStamp, StoreError> {
    let Some(check) = check else {
        return save(&mut || Ok(()));
    };
    std::thread::scope(|scope| {
        let mut running = Some(scope.spawn(check));
        let mut verdict = || match running.take().map(|h| h.join()) {
            Some(Ok(verdict)) => verdict,
            Some(Err(_)) => Err(StoreError::Serialize {
                message: "the check of the text to save stopped with an error, so it was \
                          not saved"
                    .to_string(),
            }),
            None => Ok(()),
        };
        let saved = save(&mut verdict);
        // A save that stopped before it asked (the file changed) still waits for the
        // check here, so that a check that failed badly is not a panic of the scope.
        let _ = verdict();
        saved
    })
}

fn save_over(
    path: &Path,
    bytes: &[u8],
    stamp: &FileStamp,
    content: FileStamp,
    checked: &mut dyn FnMut() -> Result<(), StoreError>,
) -> Result<FileStamp, StoreError> {
    let changed = || StoreError::ChangedOnDisk {
        path: path.to_path_buf(),
    };
    let Ok(current) = fs::metadata(path) else {
        return Err(changed());
    };
    let tmp = write_temp(path, bytes, Some(&current))?;
    // The content's check ran while the temporary was written and synced; nothing is
    // staged or renamed before it has passed, and the comparison with the stamp below
    // stays as close to the rename as it was.
    checked()?;
    let Some(staged) = stage_backup(path)? else {
        return Err(changed());
    };
    // The check reads the staged generation, which is what becomes the backup (see
    // the top of this module for what remains).
    let unchanged = if staged.linked.is_some() {
        stamp.matches_disk(&staged.path)?
    } else {
        stamp.matches_disk(path)?
    };
    let linked = staged.linked;
    if !unchanged || !still_names(path, linked)? {
        return Err(changed());
    }
    let new_stamp = stamp_of(&tmp, content);
    staged.persist(path)?;
    // The last look before the rename.
    if !still_names(path, linked)? {
        return Err(changed());
    }
    tmp.persist(path)
        .map_err(|e| StoreError::io(path, "replace", e.error))?;
    sync_dir(parent_dir(path))?;
    Ok(new_stamp)
}

fn create_new(
    path: &Path,
    bytes: &[u8],
    checked: &mut dyn FnMut() -> Result<(), StoreError>,
) -> Result<FileStamp, StoreError> {
    let already = || StoreError::AlreadyExists {
        path: path.to_path_buf(),
    };
    if fs::symlink_metadata(path).is_ok() {
        return Err(already());
    }
    let tmp = write_temp(path, bytes, None)?;
    let new_stamp = stamp_of(&tmp, FileStamp::new(bytes, None));
    checked()?;
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
