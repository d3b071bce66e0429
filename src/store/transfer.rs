//! Patient files made on purpose beside others: a name for a new file that never
//! replaces one, importing a file into the patients folder, and keeping "my version"
//! beside a file that someone else changed. The app and the CLI share these.

use std::path::{Path, PathBuf};

use super::error::StoreError;
use super::file::save_checked;
use super::format::encode;
use crate::domain::patient::PatientRecord;

/// The longest name stem, in bytes. File systems allow 255 bytes a name; a save adds
/// up to 16 around it (`.NAME.bak.XXXXXX.tmp`), the extension up to 5 (`.html`) and a
/// number to keep it unique up to 10, so 200 leaves room for all of them.
pub const MAX_STEM_BYTES: usize = 200;

/// The longest start of `text` that is at most `max` bytes and ends between letters.
fn cut_to_bytes(text: &str, max: usize) -> &str {
    let mut end = max.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// A file name for a new patient: the name reduced to letters, digits and dashes,
/// made unique in `dir`.
pub fn new_file_path(dir: &Path, name: &str) -> PathBuf {
    unique_path(dir, name, "ron")
}

/// `dir/<name reduced to letters, digits and dashes>.<ext>`, with a number added when
/// that file exists already, so nothing is ever overwritten.
pub fn unique_path(dir: &Path, name: &str, ext: &str) -> PathBuf {
    let stem = file_stem_for(name);
    let mut path = dir.join(format!("{stem}.{ext}"));
    let mut n = 2;
    while path.exists() {
        path = dir.join(format!("{stem}-{n}.{ext}"));
        n += 1;
    }
    path
}

/// A name reduced to lower-case letters, digits and dashes, at most
/// [`MAX_STEM_BYTES`] long, for a file name ("Ann O'Brien" → `ann-o-brien`).
pub fn file_stem_for(name: &str) -> String {
    let stem: String = name
        .trim()
        .chars()
        .map(|c| {
            if c.is_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect::<String>()
        .split('-')
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    if stem.is_empty() {
        return "patient".to_string();
    }
    cut_to_bytes(&stem, MAX_STEM_BYTES).to_string()
}

/// The patient file in `dir` that holds the record `id`, if one does (files that do
/// not load are passed over).
pub fn find_by_id(dir: &Path, id: &crate::domain::identity::Id) -> Option<PathBuf> {
    let files = super::datadir::list_patient_files(dir).ok()?;
    files.into_iter().find(|path| {
        super::patient_file::load_any(path).is_ok_and(|(decoded, _)| decoded.record.id == *id)
    })
}

/// Writes `record` to `target` as a copy to hand over (the patient's copy, or the
/// patient's file for the clinic): atomic and 0600 like every file the app writes,
/// and with no `.bak` left beside it.
pub fn write_copy(record: &PatientRecord, target: &Path) -> Result<(), StoreError> {
    let backup = super::backup_path(target);
    let had_backup = backup.exists();
    super::save_atomic(target, encode(record)?.as_bytes())?;
    if !had_backup {
        let _ = std::fs::remove_file(&backup);
    }
    Ok(())
}

/// Copies a patient file into the patients folder after checking that it loads; never
/// replaces an existing file.
pub fn import_file(source: &Path, patients_dir: &Path) -> Result<PathBuf, StoreError> {
    let (record, _) = super::patient_file::load(source)?;
    let target = new_file_path(patients_dir, &record.patient.display_name);
    let bytes = std::fs::read(source).map_err(|e| StoreError::io(source, "read", e))?;
    save_checked(&target, &bytes, None)?;
    Ok(target)
}

/// Saves `record` as a new file beside `path` ("NAME my version.ron"), for when the
/// original changed on disk: neither version is lost. Returns where it went.
pub fn save_copy_beside(path: &Path, record: &PatientRecord) -> Result<PathBuf, StoreError> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let target = new_file_path(dir, &format!("{stem} my version"));
    save_checked(&target, encode(record)?.as_bytes(), None)?;
    Ok(target)
}

/// The folder archived patients go to, listed apart and restorable.
pub const ARCHIVE_FOLDER: &str = "archive";

/// The folder a copy goes to once it has been merged into its record (kept, not
/// deleted, so nothing is lost if the merge was a mistake).
pub const MERGED_FOLDER: &str = "merged";

/// Archives the patient file `path`: it moves (with its `.bak`) to
/// `patients_dir/archive/`, under a name no other file there has. Refused while the
/// file is open in a window. Returns the new path.
pub fn archive(path: &Path, patients_dir: &Path) -> Result<PathBuf, StoreError> {
    move_into(path, &patients_dir.join(ARCHIVE_FOLDER))
}

/// Moves an archived file back to `patients_dir`. Returns the new path.
pub fn restore(archived: &Path, patients_dir: &Path) -> Result<PathBuf, StoreError> {
    move_into(archived, patients_dir)
}

/// Sets a copy aside in `patients_dir/merged/` once it has been merged into its record.
pub fn set_aside_merged(copy: &Path, patients_dir: &Path) -> Result<PathBuf, StoreError> {
    move_into(copy, &patients_dir.join(MERGED_FOLDER))
}

/// Moves `path` (and its `.bak`) into `folder` (created 0700), never replacing a file
/// there: the name gets a number when it is taken. The move is a hard link and an
/// unlink, which fails rather than overwrite if another file takes the name meanwhile.
fn move_into(path: &Path, folder: &Path) -> Result<PathBuf, StoreError> {
    super::ensure_private_dir(folder)?;
    let _lock = super::FileLock::acquire(path)?;
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    for attempt in 0..100 {
        let name = if attempt == 0 {
            format!("{stem}.ron")
        } else {
            format!("{stem}-{}.ron", attempt + 1)
        };
        let target = folder.join(name);
        match std::fs::hard_link(path, &target) {
            Ok(()) => {
                std::fs::remove_file(path).map_err(|e| StoreError::io(path, "move", e))?;
                let backup = super::backup_path(path);
                if backup.exists() {
                    let _ = std::fs::rename(&backup, super::backup_path(&target));
                }
                return Ok(target);
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(StoreError::io(path, "move", e)),
        }
    }
    Err(StoreError::io(
        folder,
        "move into",
        std::io::Error::other("a hundred files of that name are there already"),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unique_paths_never_reuse_a_name_and_keep_letters_whole() {
        let dir = tempfile::tempdir().unwrap();
        let first = new_file_path(dir.path(), "Ann  O'Brien");
        assert_eq!(first.file_name().unwrap(), "ann-o-brien.ron");
        std::fs::write(&first, "x").unwrap();
        assert_eq!(
            new_file_path(dir.path(), "Ann O'Brien")
                .file_name()
                .unwrap(),
            "ann-o-brien-2.ron"
        );
        let long = "é".repeat(150);
        let path = unique_path(dir.path(), &long, "html");
        assert_eq!(path.file_stem().unwrap().len(), MAX_STEM_BYTES);
        assert_eq!(
            unique_path(dir.path(), "!!!", "html").file_name().unwrap(),
            "patient.html"
        );
    }

    #[test]
    fn archive_and_restore_move_a_file_and_its_backup_and_never_replace_one() {
        let dir = tempfile::tempdir().unwrap();
        let patients = dir.path().join("patients");
        std::fs::create_dir(&patients).unwrap();
        let file = patients.join("jo.ron");
        std::fs::write(&file, "one").unwrap();
        std::fs::write(crate::store::backup_path(&file), "one before").unwrap();
        let archived = archive(&file, &patients).unwrap();
        assert_eq!(archived, patients.join("archive/jo.ron"));
        assert!(!file.exists());
        assert!(
            crate::store::backup_path(&archived).exists(),
            "the .bak moves along"
        );
        // Another jo archived later gets its own name.
        std::fs::write(&file, "two").unwrap();
        let second = archive(&file, &patients).unwrap();
        assert_eq!(second, patients.join("archive/jo-2.ron"));
        assert_eq!(std::fs::read_to_string(&archived).unwrap(), "one");
        let back = restore(&archived, &patients).unwrap();
        assert_eq!(back, file);
        assert_eq!(std::fs::read_to_string(&back).unwrap(), "one");
        let _held = crate::store::FileLock::acquire(&back).unwrap();
        assert!(
            archive(&back, &patients).is_err(),
            "not while open in a window"
        );
    }
}
