//! Where the data lives: the data folder, its `patients` folder, and the patient files.

use std::ffi::OsString;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use super::file::StoreError;

/// Environment variable that chooses the data folder (after the command-line flag).
pub const DATA_DIR_ENV: &str = "TAPER_PLANNER_DATA";

/// Creates `dir` (and missing parents) readable by the owner only, because patient
/// data is health data. An existing folder is left as it is.
pub fn ensure_private_dir(dir: &Path) -> Result<(), StoreError> {
    if dir.is_dir() {
        return Ok(());
    }
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder
        .create(dir)
        .map_err(|e| StoreError::io(dir, "create the folder", e))
}

/// Picks the data folder: the command-line flag, else the `TAPER_PLANNER_DATA` value,
/// else the platform's per-user data folder (`~/.local/share/taper-planner` on Linux).
///
/// The variable's value is a parameter (read it with `std::env::var_os(DATA_DIR_ENV)`)
/// so that tests need not change the process environment. Empty values count as unset.
/// Nothing is created here.
pub fn resolve_data_dir(
    cli_flag: Option<PathBuf>,
    env: Option<OsString>,
) -> Result<PathBuf, StoreError> {
    if let Some(flag) = cli_flag.filter(|p| !p.as_os_str().is_empty()) {
        return Ok(flag);
    }
    if let Some(value) = env.filter(|v| !v.is_empty()) {
        return Ok(PathBuf::from(value));
    }
    directories::ProjectDirs::from("org", "taper-planner", "taper-planner")
        .map(|dirs| dirs.data_dir().to_path_buf())
        .ok_or(StoreError::NoDataDir)
}

/// The folder of patient files, `<data_dir>/patients`, created owner-only (0700) if it
/// is missing, since it holds health data.
pub fn patients_dir(data_dir: &Path) -> Result<PathBuf, StoreError> {
    ensure_private_dir(data_dir)?;
    let dir = data_dir.join("patients");
    ensure_private_dir(&dir)?;
    Ok(dir)
}

/// The patient files in `dir`, sorted by name: regular `*.ron` files only, so backups
/// (`.ron.bak`), locks (`.ron.lock`) and hidden temporaries are left out. A missing
/// folder has no patients yet and gives an empty list.
pub fn list_patient_files(dir: &Path) -> Result<Vec<PathBuf>, StoreError> {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(StoreError::io(dir, "list the folder", e)),
    };
    let mut files = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| StoreError::io(dir, "list the folder", e))?;
        let path = entry.path();
        let hidden = entry.file_name().to_string_lossy().starts_with('.');
        let is_ron = path.extension().is_some_and(|ext| ext == "ron");
        if hidden || !is_ron {
            continue;
        }
        // Follows symlinks, so a linked patient file still counts.
        if fs::metadata(&path).is_ok_and(|m| m.is_file()) {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flag_beats_env_beats_default() {
        let flag = Some(PathBuf::from("/flag"));
        let env = Some(OsString::from("/env"));
        assert_eq!(
            resolve_data_dir(flag, env.clone()).unwrap(),
            PathBuf::from("/flag")
        );
        assert_eq!(resolve_data_dir(None, env).unwrap(), PathBuf::from("/env"));
        assert_eq!(
            resolve_data_dir(Some(PathBuf::new()), Some(OsString::from("/env"))).unwrap(),
            PathBuf::from("/env")
        );
        // The default depends on the home folder; when there is one it ends in our name.
        if let Ok(default) = resolve_data_dir(None, Some(OsString::new())) {
            assert!(default.to_string_lossy().contains("taper-planner"));
        }
    }

    #[test]
    fn lists_only_patient_files_sorted() {
        let dir = tempfile::tempdir().unwrap();
        let patients = patients_dir(&dir.path().join("data")).unwrap();
        for name in [
            "b.ron",
            "a.ron",
            "a.ron.bak",
            "a.ron.lock",
            ".a.ron.x1.tmp",
            ".hidden.ron",
            "notes.txt",
        ] {
            fs::write(patients.join(name), b"x").unwrap();
        }
        fs::create_dir(patients.join("dir.ron")).unwrap();
        let names: Vec<_> = list_patient_files(&patients)
            .unwrap()
            .iter()
            .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, ["a.ron", "b.ron"]);
        assert!(
            list_patient_files(&dir.path().join("missing"))
                .unwrap()
                .is_empty()
        );
    }

    #[cfg(unix)]
    #[test]
    fn patients_dir_is_private() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        let patients = patients_dir(&data).unwrap();
        for d in [&data, &patients] {
            let mode = fs::metadata(d).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o700, "{}", d.display());
        }
    }
}
