//! Atomic saves keep the previous generation, stay private, and never overwrite what
//! another program changed.

use std::fs;
#[cfg(unix)]
use std::path::Path;

use taper_planner::store::file::save_checked_while;
use taper_planner::store::{
    FileLock, StoreError, backup_path, load_ron, patients_dir, save_atomic, save_checked, save_ron,
    to_ron_pretty,
};

use super::{Doc, doc, setup};

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    fs::metadata(path).expect("metadata").permissions().mode() & 0o777
}

#[test]
fn round_trip_keeps_previous_generation_in_bak() {
    let (_root, path) = setup();
    let first = doc("first", 3);
    let second = doc("second", 4);
    let third = doc("third", 5);

    let s1 = save_ron(&path, &first, None).unwrap();
    assert!(
        !backup_path(&path).exists(),
        "no backup before a second save"
    );
    let loaded = load_ron::<Doc>(&path).unwrap();
    assert_eq!(loaded.value, first);
    assert!(loaded.stamp.same_content(&s1));

    let s2 = save_ron(&path, &second, Some(&loaded.stamp)).unwrap();
    assert_eq!(load_ron::<Doc>(&path).unwrap().value, second);
    assert_eq!(load_ron::<Doc>(&backup_path(&path)).unwrap().value, first);

    save_ron(&path, &third, Some(&s2)).unwrap();
    assert_eq!(load_ron::<Doc>(&path).unwrap().value, third);
    assert_eq!(load_ron::<Doc>(&backup_path(&path)).unwrap().value, second);

    let text = fs::read_to_string(&path).unwrap();
    assert!(text.starts_with("Doc(\n    format_version: 1,\n"), "{text}");
    // No temporaries are left behind by successful saves.
    let mut names: Vec<_> = fs::read_dir(path.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert_eq!(names, ["p1.ron", "p1.ron.bak"]);
}

#[cfg(unix)]
#[test]
fn files_are_0600_and_folders_0700() {
    let root = tempfile::tempdir().unwrap();
    let data = root.path().join("data");
    let patients = patients_dir(&data).unwrap();
    let path = patients.join("p1.ron");
    let s = save_ron(&path, &doc("a", 2), None).unwrap();
    save_ron(&path, &doc("b", 2), Some(&s)).unwrap();
    let lock = FileLock::acquire(&path).unwrap();
    assert_eq!(mode(&data), 0o700);
    assert_eq!(mode(&patients), 0o700);
    assert_eq!(mode(&path), 0o600);
    assert_eq!(mode(&backup_path(&path)), 0o600);
    assert_eq!(mode(lock.lock_path()), 0o600);

    // A file another program left world-readable becomes private when backed up and
    // replaced.
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(&path, fs::Permissions::from_mode(0o644)).unwrap();
    save_atomic(&path, b"x").unwrap();
    assert_eq!(mode(&path), 0o600);
    assert_eq!(mode(&backup_path(&path)), 0o600);
}

#[test]
fn a_file_changed_by_another_program_is_not_overwritten() {
    let (_root, path) = setup();
    let s = save_ron(&path, &doc("mine", 2), None).unwrap();
    save_ron(&path, &doc("mine v2", 2), Some(&s)).unwrap();
    let loaded = load_ron::<Doc>(&path).unwrap();
    let bak_before = fs::read(backup_path(&path)).unwrap();

    let theirs = to_ron_pretty(&doc("theirs", 3)).unwrap();
    fs::write(&path, &theirs).unwrap();

    let err = save_ron(&path, &doc("mine v3", 2), Some(&loaded.stamp)).unwrap_err();
    assert!(
        matches!(&err, StoreError::ChangedOnDisk { path: p } if *p == path),
        "{err:?}"
    );
    assert!(err.to_string().contains("p1.ron"));
    assert_eq!(fs::read_to_string(&path).unwrap(), theirs);
    assert_eq!(fs::read(backup_path(&path)).unwrap(), bak_before);

    // Removed by another program: not silently recreated either.
    fs::remove_file(&path).unwrap();
    let err = save_ron(&path, &doc("mine v3", 2), Some(&loaded.stamp)).unwrap_err();
    assert!(matches!(err, StoreError::ChangedOnDisk { .. }), "{err:?}");
    assert!(!path.exists());
}

#[test]
fn same_length_edit_is_noticed() {
    let (_root, path) = setup();
    let s = save_checked(&path, b"amount: 10", None).unwrap();
    fs::write(&path, b"amount: 90").unwrap();
    let err = save_checked(&path, b"amount: 11", Some(&s)).unwrap_err();
    assert!(matches!(err, StoreError::ChangedOnDisk { .. }), "{err:?}");
    assert_eq!(fs::read(&path).unwrap(), b"amount: 90");
}

#[test]
fn of_two_writers_from_one_load_only_the_first_succeeds() {
    let (_root, path) = setup();
    save_ron(&path, &doc("base", 2), None).unwrap();
    let a = load_ron::<Doc>(&path).unwrap();
    let b = load_ron::<Doc>(&path).unwrap();

    let new_a = save_ron(&path, &doc("writer a", 2), Some(&a.stamp)).unwrap();
    let err = save_ron(&path, &doc("writer b", 2), Some(&b.stamp)).unwrap_err();
    assert!(matches!(err, StoreError::ChangedOnDisk { .. }), "{err:?}");
    assert_eq!(load_ron::<Doc>(&path).unwrap().value, doc("writer a", 2));
    // The winner can keep saving with the stamp its save returned.
    save_ron(&path, &doc("writer a 2", 2), Some(&new_a)).unwrap();
    assert_eq!(load_ron::<Doc>(&path).unwrap().value, doc("writer a 2", 2));
}

#[test]
fn creating_refuses_an_existing_file_unless_forced() {
    let (_root, path) = setup();
    save_checked(&path, b"first", None).unwrap();
    let err = save_checked(&path, b"second", None).unwrap_err();
    assert!(matches!(err, StoreError::AlreadyExists { .. }), "{err:?}");
    assert!(err.to_string().contains("p1.ron"), "{err}");
    assert_eq!(fs::read(&path).unwrap(), b"first");

    let stamp = save_atomic(&path, b"forced").unwrap();
    assert_eq!(fs::read(&path).unwrap(), b"forced");
    assert_eq!(fs::read(backup_path(&path)).unwrap(), b"first");
    assert!(stamp.matches_disk(&path).unwrap());
}

#[test]
fn identical_save_is_a_no_op_and_keeps_the_backup() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("a.ron");
    let s1 = save_checked(&p, b"one", None).unwrap();
    let s2 = save_checked(&p, b"two", Some(&s1)).unwrap();
    let s3 = save_checked(&p, b"two", Some(&s2)).unwrap();
    assert!(s3.same_content(&s2));
    assert_eq!(fs::read(backup_path(&p)).unwrap(), b"one");
    assert_eq!(fs::read(&p).unwrap(), b"two");
}

/// A save's content check runs beside the writing of the temporary file; until it has
/// passed nothing is renamed, and when it fails the file, its backup and its folder
/// are as they were.
#[test]
fn a_failed_content_check_leaves_the_file_its_backup_and_the_folder_as_they_were() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("a.ron");
    let refuse = || -> Result<(), StoreError> {
        Err(StoreError::Serialize {
            message: "refused".into(),
        })
    };
    let err = save_checked_while(&p, b"one", None, Some(&refuse)).unwrap_err();
    assert!(err.to_string().contains("refused"), "{err}");
    assert_eq!(
        fs::read_dir(dir.path()).unwrap().count(),
        0,
        "no file is made"
    );
    let s1 = save_checked_while(&p, b"one", None, Some(&|| Ok(()))).unwrap();
    let s2 = save_checked(&p, b"two", Some(&s1)).unwrap();
    let err = save_checked_while(&p, b"three", Some(&s2), Some(&refuse)).unwrap_err();
    assert!(matches!(err, StoreError::Serialize { .. }), "{err}");
    assert_eq!(fs::read(&p).unwrap(), b"two");
    assert_eq!(fs::read(backup_path(&p)).unwrap(), b"one");
    let mut names: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert_eq!(names, ["a.ron", "a.ron.bak"], "no temporary is left");
    // The stamp still holds: the next save goes through.
    let s3 = save_checked_while(&p, b"three", Some(&s2), Some(&|| Ok(()))).unwrap();
    assert!(s3.matches_disk(&p).unwrap());
    assert_eq!(fs::read(backup_path(&p)).unwrap(), b"two");
}
