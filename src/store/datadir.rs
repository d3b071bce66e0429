//! Where the data lives: the data folder, its `patients` folder, and the patient files.

use std::ffi::OsString;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use super::file::StoreError;

/// Environment variable that chooses the data folder (after the command-line flag).
pub const DATA_DIR_ENV: &str = "TAPER_PLANNER_DATA";

/// Creates `dir` (and missing parents) readable by the owner only, because patient
/// data is health data. An existing folder open to others is made owner-only when
/// that is safe ([`privacy_warning`] says when it stays open, and why).
pub fn ensure_private_dir(dir: &Path) -> Result<(), StoreError> {
    if dir.is_dir() {
        let _ = tighten(dir);
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

/// Why `dir` is still open to other accounts (its mode, and why it was not
/// tightened), or `None` when it is private.
pub fn privacy_warning(dir: &Path) -> Option<String> {
    tighten(dir).err()
}

/// Makes an existing folder owner-only (0700), unless that is not this program's to
/// do: a shared folder with the sticky bit (like /tmp), the home folder, or one that
/// belongs to another account. The error says which, with the folder's mode.
#[cfg(unix)]
fn tighten(dir: &Path) -> Result<(), String> {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let meta =
        fs::metadata(dir).map_err(|e| format!("{} cannot be checked: {e}", dir.display()))?;
    let mode = meta.permissions().mode() & 0o7777;
    if mode & 0o077 == 0 {
        return Ok(());
    }
    let open = |why: &str| {
        format!(
            "{} can be read by other accounts (mode {mode:o}) and was left so: {why}; \
             patient files in it are still private (0600)",
            dir.display()
        )
    };
    if mode & 0o1000 != 0 {
        return Err(open(
            "it is a shared folder (sticky bit), not the app's own",
        ));
    }
    if std::env::home_dir().is_some_and(|home| home == dir) {
        return Err(open("it is the home folder"));
    }
    // The owner of a file made here is who this process is.
    let me = tempfile::tempfile_in(dir)
        .and_then(|f| f.metadata())
        .map(|m| m.uid());
    if me.as_ref().is_ok_and(|uid| *uid != meta.uid()) {
        return Err(open("it belongs to another account"));
    }
    fs::set_permissions(dir, fs::Permissions::from_mode(0o700))
        .map_err(|e| open(&format!("it could not be changed ({e})")))
}

#[cfg(not(unix))]
fn tighten(_dir: &Path) -> Result<(), String> {
    Ok(())
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
    fn an_open_data_folder_is_tightened_but_a_shared_one_is_not() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        fs::create_dir(&data).unwrap();
        fs::set_permissions(&data, fs::Permissions::from_mode(0o755)).unwrap();
        assert!(privacy_warning(&data).is_none());
        let patients = patients_dir(&data).unwrap();
        for d in [&data, &patients] {
            assert_eq!(fs::metadata(d).unwrap().permissions().mode() & 0o777, 0o700);
        }
        let shared = dir.path().join("shared");
        fs::create_dir(&shared).unwrap();
        fs::set_permissions(&shared, fs::Permissions::from_mode(0o1777)).unwrap();
        ensure_private_dir(&shared).unwrap();
        let warning = privacy_warning(&shared).expect("left open, with a reason");
        assert!(
            warning.contains("1777") && warning.contains("sticky"),
            "{warning}"
        );
        assert_eq!(
            fs::metadata(&shared).unwrap().permissions().mode() & 0o7777,
            0o1777
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
