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
    let mut stem: String = name
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
        stem = "patient".to_string();
    }
    stem = cut_to_bytes(&stem, MAX_STEM_BYTES).to_string();
    let mut path = dir.join(format!("{stem}.{ext}"));
    let mut n = 2;
    while path.exists() {
        path = dir.join(format!("{stem}-{n}.{ext}"));
        n += 1;
    }
    path
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
}
