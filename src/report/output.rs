//! Writing an exported file: atomic, private (0600), and without a backup.
//!
//! Exports are copies made from the patient file, so keeping their previous generation
//! as a `.bak` (as patient saves do) would only leave stray private copies beside what
//! the user asked for. A file that exists is replaced only when the caller says so
//! (`--force`, or a save dialog whose user confirmed the replacement); otherwise the
//! write is refused atomically, even when the file appears after the caller looked.

use std::fs::File;
use std::io::{self, Write};
use std::path::Path;

use tempfile::{Builder, NamedTempFile};

/// Whether an existing file at the export's path may be replaced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Replace {
    /// Refuse when the file exists.
    Never,
    /// Replace it (the user asked for that).
    Allowed,
}

/// Writes `bytes` to `path` through a private temporary file in the same folder, then
/// renames it into place, so a crash leaves the old file or the whole new one. No
/// backup is kept. The error names the path and what failed.
pub fn write_export(path: &Path, bytes: &[u8], replace: Replace) -> Result<(), String> {
    let fail = |what: &str, e: io::Error| format!("could not {what} {}: {e}", path.display());
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let name = path
        .file_name()
        .ok_or_else(|| format!("{} names no file", path.display()))?;
    let mut tmp = Builder::new()
        .prefix(&format!(".{}.", name.to_string_lossy()))
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(|e| fail("create a temporary file beside", e))?;
    fill(&mut tmp, bytes).map_err(|e| fail("write", e))?;
    match replace {
        Replace::Allowed => tmp.persist(path).map(|_| ()).map_err(|e| e.error),
        Replace::Never => tmp.persist_noclobber(path).map(|_| ()).map_err(|e| e.error),
    }
    .map_err(|e| {
        if e.kind() == io::ErrorKind::AlreadyExists {
            format!(
                "{} already exists; it was left as it is (replace it on purpose to overwrite)",
                path.display()
            )
        } else {
            fail("write", e)
        }
    })?;
    // Make the rename durable; file systems that cannot sync a folder say so, and the
    // file is in place then anyway.
    match File::open(dir).and_then(|d| d.sync_all()) {
        Err(e)
            if !matches!(
                e.kind(),
                io::ErrorKind::InvalidInput | io::ErrorKind::Unsupported
            ) =>
        {
            Err(fail("sync the folder of", e))
        }
        _ => Ok(()),
    }
}

/// Makes the temporary file private and puts the bytes on disk.
fn fill(tmp: &mut NamedTempFile, bytes: &[u8]) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        tmp.as_file()
            .set_permissions(std::fs::Permissions::from_mode(0o600))?;
    }
    let file = tmp.as_file_mut();
    file.write_all(bytes)?;
    file.flush()?;
    file.sync_all()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn replaces_only_when_allowed_and_leaves_nothing_beside_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.csv");
        write_export(&path, b"one", Replace::Never).unwrap();
        let refused = write_export(&path, b"two", Replace::Never).unwrap_err();
        assert!(refused.contains("already exists"), "{refused}");
        assert_eq!(std::fs::read(&path).unwrap(), b"one");
        write_export(&path, b"three", Replace::Allowed).unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"three");
        assert_eq!(names(dir.path()), ["out.csv"], "no .bak, no temporary");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }

    #[test]
    fn a_missing_folder_is_an_error_naming_the_path() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("no/such/out.ics");
        let err = write_export(&path, b"x", Replace::Allowed).unwrap_err();
        assert!(err.contains("out.ics"), "{err}");
    }
}
