//! The generic file store against a real file system: atomic saves and backups,
//! permissions, change detection, locks, hostile files, and processes killed mid-save.
//!
//! - `saves`: atomic saves, backups, permissions and change detection.
//! - `locks`: the lock within one process and across processes.
//! - `bad_files`: truncated, garbled, empty, deep and huge files are refused cleanly.
//! - `mutations`: randomly damaged files never panic and are never changed.
//! - `crash`: writers killed mid-save leave a whole file.
//!
//! The child halves of the cross-process tests (`lock_child`, `crash_child`) stay here
//! at the crate root: the parents start this binary with `--exact <name>`, which only
//! matches a test by its full path.

mod bad_files;
mod crash;
mod locks;
mod mutations;
mod saves;

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use taper_planner::store::{
    self, FileLock, StoreError, patients_dir, read_stamped, save_checked, to_ron_pretty,
};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Doc {
    format_version: u32,
    name: String,
    items: Vec<Item>,
    note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Item {
    day: u32,
    amount: f64,
    label: String,
}

fn doc(name: &str, n: u32) -> Doc {
    Doc {
        format_version: 1,
        name: name.to_string(),
        items: (0..n)
            .map(|day| Item {
                day,
                amount: f64::from(n - day) * 0.25,
                label: format!("{name} day {day}"),
            })
            .collect(),
        note: Some(format!("note of {name}")),
    }
}

/// A data folder in a fresh temporary folder, and the path of one patient file in it.
fn setup() -> (tempfile::TempDir, PathBuf) {
    let root = tempfile::tempdir().expect("temp dir");
    let patients = patients_dir(&root.path().join("data")).expect("patients dir");
    let path = patients.join("p1.ron");
    (root, path)
}

const LOCK_CHILD_FILE: &str = "TAPER_STORE_TEST_LOCK_FILE";
const LOCK_CHILD_EXPECT: &str = "TAPER_STORE_TEST_LOCK_EXPECT";

/// Child half of `lock_holds_across_processes`: succeeds only if the lock is in the
/// state the parent says.
#[test]
#[ignore = "run as a child process by lock_holds_across_processes"]
fn lock_child() {
    let Some(path) = std::env::var_os(LOCK_CHILD_FILE) else {
        return;
    };
    let result = FileLock::acquire(Path::new(&path));
    match std::env::var(LOCK_CHILD_EXPECT).as_deref() {
        Ok("locked") => assert!(
            matches!(result, Err(StoreError::Locked { .. })),
            "{result:?}"
        ),
        _ => assert!(result.is_ok(), "{result:?}"),
    }
}

const CRASH_CHILD_FILE: &str = "TAPER_STORE_TEST_CRASH_FILE";
const CRASH_READY: &str = "CRASH_CHILD_READY";
const CRASH_ITEMS: u32 = 2_000;

fn crash_versions() -> (Doc, Doc) {
    (
        doc("version A", CRASH_ITEMS),
        doc("version B", CRASH_ITEMS + 1),
    )
}

/// Child half of `killed_writers_leave_a_whole_file`: holds the lock and saves the two
/// versions alternately, with change checks, until it is killed.
#[test]
#[ignore = "run as a child process by killed_writers_leave_a_whole_file"]
fn crash_child() {
    let Some(path) = std::env::var_os(CRASH_CHILD_FILE) else {
        return;
    };
    let path = PathBuf::from(path);
    let (a, b) = crash_versions();
    let texts = [to_ron_pretty(&a).unwrap(), to_ron_pretty(&b).unwrap()];
    // The previous child died holding this lock; the OS must have released it.
    let _lock = FileLock::acquire(&path).expect("lock of a killed process is free");
    store::remove_stale_temporaries(&path).expect("clean up after the killed process");
    let (mut stamp, mut next) = match read_stamped(&path, store::DEFAULT_MAX_BYTES) {
        Ok((bytes, stamp)) => (Some(stamp), usize::from(bytes == texts[0].as_bytes())),
        Err(e) if e.is_not_found() => (None, 0),
        Err(e) => panic!("{e}"),
    };
    println!("{CRASH_READY}");
    loop {
        let saved = save_checked(&path, texts[next].as_bytes(), stamp.as_ref());
        stamp = Some(saved.expect("save"));
        next = 1 - next;
    }
}
