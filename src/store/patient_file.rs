//! An open patient file: the record, the stamp of what was loaded, and the lock that
//! keeps a second window from writing the same file.

use std::path::{Path, PathBuf};

use super::file::{FileLock, FileStamp, StoreError, save_checked};
use super::format::{decode, encode};
use super::load::{read_stamped, text_from_bytes};
use crate::domain::identity::Actor;
use crate::domain::patient::{PatientRecord, Versions};

/// Largest patient file accepted (five years of full daily entries are about 1.5 MB).
pub const MAX_PATIENT_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// Why a file is open read-only.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadOnlyReason {
    /// Another window or program holds the lock.
    LockedElsewhere,
}

/// A patient file opened for viewing and (unless read-only) saving.
#[derive(Debug)]
pub struct PatientFile {
    path: PathBuf,
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
    /// Loads a file for editing; when another instance holds it, opens it read-only
    /// (and says so through [`PatientFile::read_only`]). A file that does not load
    /// gives the error with its line and column and is left exactly as it was.
    pub fn open(path: &Path) -> Result<PatientFile, StoreError> {
        let record_and_stamp = load(path)?;
        let (lock, read_only) = match FileLock::acquire(path) {
            Ok(lock) => {
                // Only the lock holder may clear what a killed save left behind.
                let _ = super::file::remove_stale_temporaries(path);
                (Some(lock), None)
            }
            Err(StoreError::Locked { .. }) => (None, Some(ReadOnlyReason::LockedElsewhere)),
            Err(other) => return Err(other),
        };
        let on_disk = record_and_stamp.0.versions();
        Ok(PatientFile {
            path: path.to_path_buf(),
            record: record_and_stamp.0,
            on_disk,
            actor: Actor::clinician(""),
            stamp: Some(record_and_stamp.1),
            lock,
            read_only,
        })
    }

    /// Writes a new file for `record`; refuses to replace an existing file unless
    /// `force` is set.
    pub fn create(
        path: &Path,
        mut record: PatientRecord,
        force: bool,
    ) -> Result<PatientFile, StoreError> {
        // A new record gets its random id here, when it first reaches a disk.
        if record.id.is_empty() {
            record.id = crate::domain::identity::IdSource::record_id(&mut super::ids::RandomIds);
        }
        record.fill_missing_ids();
        let lock = FileLock::acquire(path)?;
        let text = encode(&record)?;
        let stamp = if force {
            super::file::save_atomic(path, text.as_bytes())?
        } else {
            save_checked(path, text.as_bytes(), None)?
        };
        let on_disk = record.versions();
        Ok(PatientFile {
            path: path.to_path_buf(),
            record,
            on_disk,
            actor: Actor::clinician(""),
            stamp: Some(stamp),
            lock: Some(lock),
            read_only: None,
        })
    }

    /// Saves the record, refusing when the file is read-only or changed on disk since
    /// it was loaded (then nothing is written).
    pub fn save(&mut self) -> Result<(), StoreError> {
        if self.read_only.is_some() {
            return Err(StoreError::Locked {
                path: self.path.clone(),
            });
        }
        let record = self.noted();
        let text = encode(&record)?;
        let stamp = save_checked(&self.path, text.as_bytes(), self.stamp.as_ref())?;
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

    /// The file's path.
    pub fn path(&self) -> &Path {
        &self.path
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

/// Reads and decodes a patient file without locking it (for `check`, lists, exports).
pub fn load(path: &Path) -> Result<(PatientRecord, FileStamp), StoreError> {
    let (bytes, stamp) = read_stamped(path, MAX_PATIENT_FILE_BYTES)?;
    let text = text_from_bytes(&bytes).map_err(|e| e.with_path(path))?;
    let record = decode(text).map_err(|e| e.with_path(path))?;
    Ok((record, stamp))
}

/// The time stamps are written with: the computer's clock, to the second (the store
/// may read the clock; the domain never does).
fn now() -> chrono::NaiveDateTime {
    use chrono::Timelike;
    let now = chrono::Local::now().naive_local();
    now.with_nanosecond(0).unwrap_or(now)
}
