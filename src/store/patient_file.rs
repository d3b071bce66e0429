//! An open patient file: the record, the stamp of what was loaded, and the lock that
//! keeps a second window from writing the same file.

use std::path::{Path, PathBuf};
use std::time::Duration;

use super::file::{FileLock, FileStamp, StoreError, real_path, save_checked, save_checked_while};
use super::format::{
    Decoded, NewerFormat, decode_any, encode, encode_ron_only, plan_error_at, unchecked_text,
};
use super::load::{read_limited, read_stamped, text_from_bytes};
use super::read_back::check_text;
use crate::domain::identity::Actor;
use crate::domain::patient::{PatientRecord, Versions};
use crate::domain::plan::PlanError;

/// Largest patient file accepted (five years of full daily entries are about 1.5 MB).
pub const MAX_PATIENT_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// Why a file is open read-only.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadOnlyReason {
    /// Another window or program holds the lock.
    LockedElsewhere,
    /// A newer version of the app wrote it: saving would drop what this one skipped.
    NewerFormat(NewerFormat),
}

impl std::fmt::Display for ReadOnlyReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadOnlyReason::LockedElsewhere => {
                f.write_str("this file is open in another window, so it is read-only here")
            }
            ReadOnlyReason::NewerFormat(newer) => write!(f, "read-only: {newer}"),
        }
    }
}

/// A patient file opened for viewing and (unless read-only) saving.
#[derive(Debug)]
pub struct PatientFile {
    /// The path as given (shown to people).
    path: PathBuf,
    /// Where the file really is, links followed: saved, backed up and locked there, so
    /// a link and its target lock each other out and the link stays a link.
    real_path: PathBuf,
    /// The record as last loaded or saved.
    pub record: PatientRecord,
    /// Its items' versions as last loaded or saved: a save records in each item
    /// changed since which version it replaced (see [`PatientRecord::note_changes_since`]).
    on_disk: Versions,
    /// Who is changing the record here: changes that did not stamp themselves are
    /// stamped with this at the save.
    actor: Actor,
    stamp: Option<FileStamp>,
    lock: Option<FileLock>,
    read_only: Option<ReadOnlyReason>,
}

impl PatientFile {
    /// Loads a file for editing; when another instance holds it, or a newer version
    /// wrote it, opens it read-only (and says so through [`PatientFile::read_only`]).
    /// A file that does not load gives the error with its line and column and is left
    /// exactly as it was.
    pub fn open(path: &Path) -> Result<PatientFile, StoreError> {
        let real_path = existing_real_path(path)?;
        let (lock, read_only) = match FileLock::acquire(&real_path) {
            Ok(lock) => (Some(lock), None),
            Err(StoreError::Locked { .. }) => (None, Some(ReadOnlyReason::LockedElsewhere)),
            Err(other) => return Err(other),
        };
        PatientFile::load_locked(path, real_path, lock, read_only)
    }

    /// Opens a file for a command that changes it: waits up to `wait` while another
    /// command holds it (not while the app does), and refuses a file it must not
    /// write (a newer version's) instead of opening it read-only.
    pub fn open_to_change(path: &Path, wait: Duration) -> Result<PatientFile, StoreError> {
        let real_path = existing_real_path(path)?;
        let lock = FileLock::acquire_waiting(&real_path, wait)?;
        let file = PatientFile::load_locked(path, real_path, Some(lock), None)?;
        match file.read_only {
            Some(ReadOnlyReason::NewerFormat(newer)) => Err(StoreError::NewerFormat {
                path: path.to_path_buf(),
                newer,
            }),
            _ => Ok(file),
        }
    }

    /// Loads the file once the lock is decided (taken first, so that what is loaded is
    /// what no one else changes meanwhile).
    fn load_locked(
        path: &Path,
        real_path: PathBuf,
        mut lock: Option<FileLock>,
        mut read_only: Option<ReadOnlyReason>,
    ) -> Result<PatientFile, StoreError> {
        let (decoded, stamp) = load_any(&real_path).map_err(|e| e.with_path(path))?;
        if let Some(newer) = decoded.newer {
            lock = None;
            read_only = Some(ReadOnlyReason::NewerFormat(newer));
        }
        if lock.is_some() {
            // Only the lock holder may clear what a killed save left behind.
            let _ = super::file::remove_stale_temporaries(&real_path);
        }
        Ok(PatientFile {
            path: path.to_path_buf(),
            real_path,
            on_disk: decoded.record.versions(),
            actor: Actor::clinician(""),
            record: decoded.record,
            stamp: Some(stamp),
            lock,
            read_only,
        })
    }

    /// Writes a new file for `record`; refuses to replace an existing file unless
    /// `force` is set. A refused or failed creation leaves nothing behind: a missing
    /// folder or an existing file is found before a lock file is made, and a lock file
    /// made for a creation that then fails is removed.
    pub fn create(
        path: &Path,
        mut record: PatientRecord,
        force: bool,
    ) -> Result<PatientFile, StoreError> {
        check_folder(path)?;
        if !force && std::fs::symlink_metadata(path).is_ok() {
            return Err(StoreError::AlreadyExists {
                path: path.to_path_buf(),
            });
        }
        // A new record gets its random id here, when it first reaches a disk.
        if record.id.is_empty() {
            record.id = crate::domain::identity::IdSource::record_id(&mut super::ids::RandomIds);
        }
        record.fill_missing_ids();
        let real_path = if force {
            real_path(path)?
        } else {
            path.to_path_buf()
        };
        let lock = FileLock::acquire(&real_path)?;
        let saved = encode(&record).and_then(|text| {
            if force {
                super::file::save_atomic(&real_path, text.as_bytes())
            } else {
                save_checked(&real_path, text.as_bytes(), None)
            }
        });
        let stamp = match saved {
            Ok(stamp) => stamp,
            Err(e) => {
                lock.release_created();
                return Err(e);
            }
        };
        Ok(PatientFile {
            path: path.to_path_buf(),
            real_path,
            on_disk: record.versions(),
            actor: Actor::clinician(""),
            record,
            stamp: Some(stamp),
            lock: Some(lock),
            read_only: None,
        })
    }

    /// Saves the record, refusing when the file is read-only or changed on disk since
    /// it was loaded (then nothing is written).
    pub fn save(&mut self) -> Result<(), StoreError> {
        match &self.read_only {
            Some(ReadOnlyReason::LockedElsewhere) => {
                return Err(StoreError::Locked {
                    path: self.path.clone(),
                    holder: None,
                    waited: None,
                });
            }
            Some(ReadOnlyReason::NewerFormat(newer)) => {
                return Err(StoreError::NewerFormat {
                    path: self.path.clone(),
                    newer: newer.clone(),
                });
            }
            None => {}
        }
        // ron reads the text back on a second thread while it is written and synced;
        // nothing is renamed into place before that check has passed.
        let record = &self.noted();
        let text = unchecked_text(record)?;
        let check = || check_text(&text, record);
        let saved = save_checked_while(
            &self.real_path,
            text.as_bytes(),
            self.stamp.as_ref(),
            Some(&check),
        );
        let stamp = match saved {
            // The quick writer's text did not read back: ron's own text, checked
            // before it is written.
            Err(StoreError::Serialize { .. }) => {
                let text = encode_ron_only(record)?;
                save_checked(&self.real_path, text.as_bytes(), self.stamp.as_ref())?
            }
            other => other?,
        };
        self.stamp = Some(stamp);
        self.on_disk = record.versions();
        Ok(())
    }

    /// The record as a save would write it: each item changed since the last save
    /// knowing the version it replaced, stamped, and every id filled in. Merges start
    /// from this, so they see what this copy changed. (The record in memory is left as
    /// it is, so undo and redo compare exactly.)
    pub fn noted(&self) -> PatientRecord {
        let mut record = self.record.clone();
        // Ids first: an item made since the last save is then told from one changed.
        record.fill_missing_ids();
        record.note_changes_since(&self.on_disk, &self.actor, now());
        record
    }

    /// Says who is changing the record here (the app's user and role, the command
    /// line's): what they change is stamped with it when it is saved.
    pub fn set_actor(&mut self, actor: Actor) {
        self.actor = actor;
    }

    /// The file's path, as it was given.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Where the file really is (symbolic links followed).
    pub fn real_path(&self) -> &Path {
        &self.real_path
    }

    /// Why the file cannot be saved from here, if it cannot.
    pub fn read_only(&self) -> Option<&ReadOnlyReason> {
        self.read_only.as_ref()
    }

    /// True while this instance holds the file's lock.
    pub fn is_locked_by_us(&self) -> bool {
        self.lock.is_some()
    }
}

/// The folder a new file goes into must be there: said as such, rather than as a
/// failure to make the file's lock or temporary file.
fn check_folder(path: &Path) -> Result<(), StoreError> {
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let missing = match std::fs::metadata(folder) {
        Ok(meta) if meta.is_dir() => return Ok(()),
        Ok(_) => "is not a folder",
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => "does not exist",
        Err(e) => return Err(StoreError::io(folder, "look at the folder", e)),
    };
    let source = std::io::Error::new(
        std::io::ErrorKind::NotFound,
        format!("the folder {} {missing}", folder.display()),
    );
    Err(StoreError::io(path, "create", source))
}

/// The real path of a file that must exist (checked before a lock file is made for it).
fn existing_real_path(path: &Path) -> Result<PathBuf, StoreError> {
    let real_path = real_path(path)?;
    std::fs::metadata(&real_path).map_err(|e| StoreError::io(path, "open", e))?;
    Ok(real_path)
}

/// Reads and decodes a patient file without locking it (for `check`, lists, exports).
/// A file of a newer version is an error here; [`load_any`] reads one for showing.
pub fn load(path: &Path) -> Result<(PatientRecord, FileStamp), StoreError> {
    let (decoded, stamp) = load_any(path)?;
    match decoded.newer {
        None => Ok((decoded.record, stamp)),
        Some(newer) => Err(StoreError::NewerFormat {
            path: path.to_path_buf(),
            newer,
        }),
    }
}

/// Reads and decodes a patient file of any version without locking it; a newer
/// version's file is read as far as this version knows it (see [`Decoded::newer`]).
pub fn load_any(path: &Path) -> Result<(Decoded, FileStamp), StoreError> {
    let (bytes, stamp) = read_stamped(path, MAX_PATIENT_FILE_BYTES)?;
    let text = text_from_bytes(&bytes).map_err(|e| e.with_path(path))?;
    let decoded = decode_any(text).map_err(|e| e.with_path(path))?;
    Ok((decoded, stamp))
}

/// A plan in the file at `path` that makes no schedule, as the error at the plan's
/// field with its line and column ([`plan_error_at`]). The file is read again to place
/// it; should that fail, the error is placed at the file's start.
pub fn plan_error(path: &Path, err: &PlanError) -> StoreError {
    let placed = read_limited(path, MAX_PATIENT_FILE_BYTES)
        .ok()
        .and_then(|bytes| text_from_bytes(&bytes).ok().map(|t| plan_error_at(t, err)));
    placed
        .unwrap_or_else(|| plan_error_at("", err))
        .with_path(path)
}

/// The time stamps are written with: the computer's clock, to the second (the store
/// may read the clock; the domain never does).
fn now() -> chrono::NaiveDateTime {
    use chrono::Timelike;
    let now = chrono::Local::now().naive_local();
    now.with_nanosecond(0).unwrap_or(now)
}
