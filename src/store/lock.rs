//! The lock that keeps two windows or instances from editing one patient file at once.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Seek, Write};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use super::error::StoreError;
use super::file::lock_path;

/// How long a command waits for another command to finish with a file before giving
/// up: two `log` runs at once then follow each other instead of one failing. A file
/// open in the app is not waited for (the app holds it until the patient is closed).
pub const COMMAND_LOCK_WAIT: Duration = Duration::from_secs(10);

/// How often a waiting command tries the lock again.
const RETRY_EVERY: Duration = Duration::from_millis(20);

/// What this process is, written into the lock files it holds so that whoever finds a
/// file locked can be told by whom ("the app", "the `log` command").
static ROLE: OnceLock<String> = OnceLock::new();

/// The role lock files name when none was set.
const UNNAMED_ROLE: &str = "another taper-planner window or command";

/// The name [`identify_process`] gives the desktop app; a lock held by it is not
/// waited for.
pub const APP_ROLE: &str = "the taper-planner app";

/// Names this process in the lock files it takes; the first call wins.
pub fn identify_process(role: &str) {
    let _ = ROLE.set(role.to_string());
}

/// Who holds a lock, as read from its lock file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Holder {
    /// What the holder called itself ([`identify_process`]).
    pub role: String,
    pub pid: Option<u32>,
}

impl Holder {
    /// True when the holder is the desktop app.
    pub fn is_app(&self) -> bool {
        self.role == APP_ROLE
    }
}

impl std::fmt::Display for Holder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.pid {
            Some(pid) => write!(f, "{} (process {pid})", self.role),
            None => f.write_str(&self.role),
        }
    }
}

/// An exclusive claim on one file by this process, so two windows or instances never
/// edit the same patient at once.
///
/// It is an operating-system lock on `<file>.lock` (`flock` on Linux): the system drops
/// it when the process ends, even by a crash, so a dead instance never blocks the file.
/// The lock file itself is left in place on purpose: deleting it would let a second
/// process lock a fresh file while a third still holds the old one. A symbolic link
/// planted in its place is never followed.
#[derive(Debug)]
pub struct FileLock {
    file: File,
    path: PathBuf,
    lock_path: PathBuf,
    /// The lock file did not exist before this lock made it.
    created: bool,
}

impl FileLock {
    /// Locks `path` for editing, or fails with [`StoreError::Locked`] at once when
    /// someone else holds it (the caller may then open the file read-only).
    pub fn acquire(path: &Path) -> Result<FileLock, StoreError> {
        let lock_path = lock_path(path);
        let created = fs::symlink_metadata(&lock_path).is_err();
        let file = open_lock_file(&lock_path)?;
        match file.try_lock() {
            Ok(()) => {
                let mut lock = FileLock {
                    file,
                    path: path.to_path_buf(),
                    lock_path,
                    created,
                };
                lock.write_holder();
                Ok(lock)
            }
            Err(fs::TryLockError::WouldBlock) => Err(StoreError::Locked {
                path: path.to_path_buf(),
                holder: read_holder(&file),
                waited: None,
            }),
            Err(fs::TryLockError::Error(e)) => Err(StoreError::io(&lock_path, "lock", e)),
        }
    }

    /// Like [`FileLock::acquire`], but while another command holds the lock, tries
    /// again for up to `wait`. A lock held by the app fails at once.
    pub fn acquire_waiting(path: &Path, wait: Duration) -> Result<FileLock, StoreError> {
        let started = Instant::now();
        loop {
            match FileLock::acquire(path) {
                Err(StoreError::Locked { holder, .. })
                    if started.elapsed() < wait && !holder.as_ref().is_some_and(Holder::is_app) =>
                {
                    std::thread::sleep(RETRY_EVERY);
                }
                Err(StoreError::Locked { path, holder, .. }) => {
                    let waited = (!holder.as_ref().is_some_and(Holder::is_app)).then_some(wait);
                    return Err(StoreError::Locked {
                        path,
                        holder,
                        waited,
                    });
                }
                other => return other,
            }
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

    /// Releases the lock and removes the lock file when this lock created it: for a
    /// new file whose creation failed, so that no lock is left behind it.
    pub fn release_created(self) {
        if self.created {
            let _ = fs::remove_file(&self.lock_path);
        }
    }

    /// Says in the lock file who holds it; only a help for messages, so failures are
    /// ignored.
    fn write_holder(&mut self) {
        let role = ROLE.get().map_or(UNNAMED_ROLE, String::as_str);
        let line = format!("{role}\n{}\n", std::process::id());
        let _ = self
            .file
            .set_len(0)
            .and_then(|()| self.file.rewind())
            .and_then(|()| self.file.write_all(line.as_bytes()));
    }
}

impl Drop for FileLock {
    fn drop(&mut self) {
        // Closing the file would release it too; unlocking first is just explicit.
        let _ = self.file.unlock();
    }
}

/// Opens (or creates, 0600) the lock file, refusing to follow a symbolic link there.
fn open_lock_file(lock_path: &Path) -> Result<File, StoreError> {
    let mut options = OpenOptions::new();
    options.read(true).write(true).create(true).truncate(false);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600).custom_flags(libc::O_NOFOLLOW);
    }
    let file = options.open(lock_path).map_err(|e| {
        let e = if fs::symlink_metadata(lock_path).is_ok_and(|m| m.file_type().is_symlink()) {
            io::Error::new(
                io::ErrorKind::InvalidInput,
                "it is a symbolic link, which a lock file never is; remove it",
            )
        } else {
            e
        };
        StoreError::io(lock_path, "open the lock file", e)
    })?;
    let is_file = file.metadata().is_ok_and(|m| m.is_file());
    if !is_file {
        return Err(StoreError::io(
            lock_path,
            "open the lock file",
            io::Error::new(io::ErrorKind::InvalidInput, "it is not a regular file"),
        ));
    }
    Ok(file)
}

/// The holder named in a lock file, if it names one in the form [`FileLock`] writes.
fn read_holder(mut file: &File) -> Option<Holder> {
    let mut text = String::new();
    file.rewind().ok()?;
    file.take(512).read_to_string(&mut text).ok()?;
    let mut lines = text.lines();
    let role: String = lines.next()?.chars().filter(|c| !c.is_control()).collect();
    let pid = lines.next().and_then(|l| l.trim().parse().ok());
    (!role.trim().is_empty()).then_some(Holder { role, pid })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_held_lock_names_its_holder_and_a_wait_gives_up_saying_how_long() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.ron");
        let held = FileLock::acquire(&path).unwrap();
        let Err(StoreError::Locked { holder, waited, .. }) = FileLock::acquire(&path) else {
            panic!("a held lock was taken twice");
        };
        let holder = holder.expect("the lock file names its holder");
        assert_eq!(holder.pid, Some(std::process::id()));
        assert_eq!(waited, None);
        let wait = Duration::from_millis(60);
        let err = FileLock::acquire_waiting(&path, wait).unwrap_err();
        assert!(
            matches!(err, StoreError::Locked { waited: Some(w), .. } if w == wait),
            "{err:?}"
        );
        drop(held);
        let again = FileLock::acquire_waiting(&path, wait).unwrap();
        assert_eq!(again.path(), path);
    }
}
