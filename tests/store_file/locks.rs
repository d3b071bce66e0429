//! One editor per file: the lock is exclusive within a process and across processes.

use std::path::Path;
use std::process::{Command, Stdio};

use taper_planner::store::{FileLock, StoreError};

use super::{LOCK_CHILD_EXPECT, LOCK_CHILD_FILE, setup};

#[test]
fn lock_is_exclusive_within_one_process_and_released_on_drop() {
    let (_root, path) = setup();
    let other = path.with_file_name("p2.ron");
    let lock = FileLock::acquire(&path).unwrap();
    let err = FileLock::acquire(&path).unwrap_err();
    assert!(
        matches!(&err, StoreError::Locked { path: p, .. } if *p == path),
        "{err:?}"
    );
    assert!(err.to_string().contains("p1.ron"));
    let other_lock = FileLock::acquire(&other).expect("other files are independent");
    drop(lock);
    let again = FileLock::acquire(&path).expect("free after drop");
    assert_eq!(again.path(), path);
    drop(other_lock);
}

fn run_lock_child(path: &Path, expect: &str) -> bool {
    Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "lock_child", "--ignored", "--nocapture"])
        .env(LOCK_CHILD_FILE, path)
        .env(LOCK_CHILD_EXPECT, expect)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .unwrap()
        .success()
}

#[test]
fn lock_holds_across_processes() {
    let (_root, path) = setup();
    let lock = FileLock::acquire(&path).unwrap();
    assert!(
        run_lock_child(&path, "locked"),
        "child could take a held lock"
    );
    drop(lock);
    assert!(
        run_lock_child(&path, "free"),
        "child could not take a free lock"
    );
}
