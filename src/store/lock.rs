//! The lock that keeps two windows or instances from editing one patient file at once.

use std::fs::{self, File, OpenOptions};
use std::path::{Path, PathBuf};

use super::error::StoreError;
use super::file::lock_path;

/// An exclusive claim on one file by this process, so two windows or instances never
/// edit the same patient at once.
///
/// It is an operating-system lock on `<file>.lock` (`flock` on Linux): the system drops
/// it when the process ends, even by a crash, so a dead instance never blocks the file.
/// The lock file itself is left in place on purpose: deleting it would let a second
/// process lock a fresh file while a third still holds the old one.
#[derive(Debug)]
pub struct FileLock {
    file: File,
    path: PathBuf,
    lock_path: PathBuf,
}

impl FileLock {
    /// Locks `path` for editing, or fails with [`StoreError::Locked`] at once when
    /// someone else holds it (the caller may then open the file read-only).
    pub fn acquire(path: &Path) -> Result<FileLock, StoreError> {
        let lock_path = lock_path(path);
        let mut options = OpenOptions::new();
        options.read(true).write(true).create(true).truncate(false);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        let file = options
            .open(&lock_path)
            .map_err(|e| StoreError::io(&lock_path, "open the lock file", e))?;
        match file.try_lock() {
            Ok(()) => Ok(FileLock {
                file,
                path: path.to_path_buf(),
                lock_path,
            }),
            Err(fs::TryLockError::WouldBlock) => Err(StoreError::Locked {
                path: path.to_path_buf(),
            }),
            Err(fs::TryLockError::Error(e)) => Err(StoreError::io(&lock_path, "lock", e)),
        }
    }

    /// The file this lock guards.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The `.lock` file that carries the lock.
    pub fn lock_path(&self) -> &Path {
        &self.lock_path
    }
}

impl Drop for FileLock {
    fn drop(&mut self) {
        // Closing the file would release it too; unlocking first is just explicit.
        let _ = self.file.unlock();
    }
}
