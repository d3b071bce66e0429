//! On disk: a save keeps the file's owner, a linked file is saved where it points,
//! long names fit the file system, and two commands on one file follow each other.

use std::fs;
use std::path::Path;
use std::process::{Command, Stdio};

use taper_planner::store::format::encode;
use taper_planner::store::lock::{APP_ROLE, identify_process};
use taper_planner::store::patient_file::{PatientFile, ReadOnlyReason, load};
use taper_planner::store::transfer::new_file_path;
use taper_planner::store::{FileLock, StoreError, backup_path, lock_path};

use super::common::cli::{BIN, plan_file, run, stderr};
use super::sample_record;

fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[cfg(unix)]
#[test]
fn a_save_keeps_the_files_owner_and_group() {
    use std::os::unix::fs::MetadataExt;
    // Giving a file to another account needs the superuser (as CI and this machine
    // run); elsewhere there is no other account's file to try.
    if !fs::metadata("/proc/self").is_ok_and(|m| m.uid() == 0) {
        eprintln!("skipped: only the superuser can make a file owned by someone else");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("theirs.ron");
    fs::write(&path, encode(&sample_record()).unwrap()).unwrap();
    std::os::unix::fs::chown(&path, Some(65534), Some(65534)).unwrap();
    let mut file = PatientFile::open(&path).unwrap();
    file.record.patient.clinician = "Dr Brook".into();
    file.save().unwrap();
    for p in [path.clone(), backup_path(&path)] {
        let meta = fs::metadata(&p).unwrap();
        assert_eq!((meta.uid(), meta.gid()), (65534, 65534), "{}", p.display());
    }
    assert_eq!(load(&path).unwrap().0.patient.clinician, "Dr Brook");
}

#[cfg(unix)]
#[test]
fn a_linked_file_is_saved_backed_up_and_locked_where_it_points() {
    let dir = tempfile::tempdir().unwrap();
    let elsewhere = dir.path().join("elsewhere");
    fs::create_dir(&elsewhere).unwrap();
    let real = elsewhere.join("real.ron");
    let link = dir.path().join("y.ron");
    fs::write(&real, encode(&sample_record()).unwrap()).unwrap();
    std::os::unix::fs::symlink(&real, &link).unwrap();

    let mut file = PatientFile::open(&link).unwrap();
    assert!(file.read_only().is_none());
    // The link and its target lock each other out.
    let by_target = PatientFile::open(&real).unwrap();
    assert_eq!(
        by_target.read_only(),
        Some(&ReadOnlyReason::LockedElsewhere)
    );
    drop(by_target);
    file.record.patient.clinician = "Dr Brook".into();
    file.save().unwrap();

    assert!(
        fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(load(&real).unwrap().0.patient.clinician, "Dr Brook");
    let bak = fs::symlink_metadata(backup_path(&real)).unwrap();
    assert!(
        bak.file_type().is_file(),
        "the backup is a file, not a link"
    );
    assert_eq!(names_in(dir.path()), ["elsewhere", "y.ron"]);
    assert_eq!(
        names_in(&elsewhere),
        ["real.ron", "real.ron.bak", "real.ron.lock"]
    );
}

#[cfg(unix)]
#[test]
fn a_planted_lock_link_is_never_followed() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("x.ron");
    fs::write(&path, encode(&sample_record()).unwrap()).unwrap();
    let victim = dir.path().join("victim.txt");
    fs::write(&victim, b"precious").unwrap();
    std::os::unix::fs::symlink(&victim, lock_path(&path)).unwrap();
    let err = FileLock::acquire(&path).unwrap_err();
    assert!(err.to_string().contains("symbolic link"), "{err}");
    assert!(PatientFile::open(&path).is_err());
    assert_eq!(fs::read(&victim).unwrap(), b"precious");
}

#[test]
fn long_names_fit_and_a_failed_create_leaves_no_lock() {
    let dir = tempfile::tempdir().unwrap();
    // Sixty four-byte letters: 240 bytes, too long once a save adds its suffixes.
    let name = "𝒜".repeat(60);
    let path = new_file_path(dir.path(), &name);
    let file = PatientFile::create(&path, sample_record(), false).unwrap();
    drop(file);
    assert!(load(&path).is_ok());

    let too_long = dir.path().join(format!("{}.ron", "a".repeat(245)));
    let err = PatientFile::create(&too_long, sample_record(), false).unwrap_err();
    assert!(matches!(err, StoreError::Io { .. }), "{err:?}");
    let names = names_in(dir.path());
    assert!(
        names.iter().all(|n| !n.starts_with("aaaa")),
        "nothing is left of the failed create: {names:?}"
    );
}

#[test]
fn two_log_commands_at_once_both_land() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("p.ron");
    plan_file(&file, "Two At Once");
    let children: Vec<_> = (1..=4)
        .map(|day| {
            Command::new(BIN)
                .args([
                    "log",
                    file.to_str().unwrap(),
                    "--date",
                    &format!("2026-12-0{day}"),
                    "--taken",
                    "4g",
                    "--today",
                    "2026-12-20",
                ])
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    assert_eq!(load(&file).unwrap().0.journal.len(), 4);
}

#[test]
fn a_command_names_the_app_holding_the_file_and_does_not_wait_for_it() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("p.ron");
    plan_file(&file, "Held");
    identify_process(APP_ROLE);
    let held = PatientFile::open(&file).unwrap();
    assert!(held.read_only().is_none());
    let out = run(&[
        "log",
        file.to_str().unwrap(),
        "--date",
        "2026-12-02",
        "--taken",
        "4g",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("open in the taper-planner app (process") && !err.contains("waiting"),
        "{err}"
    );
    drop(held);
    assert!(
        run(&[
            "log",
            file.to_str().unwrap(),
            "--date",
            "2026-12-02",
            "--taken",
            "4g"
        ])
        .status
        .success()
    );
}
