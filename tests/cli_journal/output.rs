//! What every command prints: a closed pipe ends no command with a panic (it ends as
//! it would have).

use std::path::{Path, PathBuf};

use crate::common::cli::{BIN, Closed, run, run_closed, stderr, two_weeks_file};

/// One command line to try with a closed stream; `{copy}` is replaced by a fresh copy of
/// the two-week file (for commands that change it), `{new}` by a path not yet used.
const COMMANDS: &[&[&str]] = &[
    &["check", "{file}"],
    &["review", "{file}", "--today", "2026-12-14"],
    &[
        "review",
        "{file}",
        "--today",
        "2026-12-14",
        "--format",
        "json",
    ],
    &[
        "log",
        "{copy}",
        "--date",
        "2026-12-14",
        "--today",
        "2026-12-14",
        "--taken",
        "1g",
    ],
    &[
        "visit",
        "{copy}",
        "--date",
        "2026-12-14",
        "--today",
        "2026-12-14",
        "--by",
        "Dr A",
    ],
    &[
        "plan",
        "--start",
        "12g",
        "--weeks",
        "6",
        "--start-date",
        "2026-12-01",
    ],
    &["plan", "--start", "12g", "--weeks", "6", "--format", "csv"],
    &["plan", "--start", "12g", "--weeks", "6", "--format", "json"],
    &[
        "plan",
        "--start",
        "12g",
        "--weeks",
        "6",
        "--patient",
        "N",
        "--out",
        "{new}",
    ],
    &[
        "export",
        "{file}",
        "--csv",
        "{new}",
        "--today",
        "2026-12-14",
    ],
    &["plan", "--start", "12g", "--weeks", "0"],
    &["review", "{new}"],
    &["log", "--help"],
];

/// The command line with its placeholders filled in, each run with new files.
fn filled(command: &[&str], file: &Path, dir: &Path, run: usize) -> Vec<String> {
    command
        .iter()
        .map(|arg| {
            let fresh = |name: &str| -> PathBuf { dir.join(format!("{run}-{name}")) };
            match *arg {
                "{file}" => file.to_str().unwrap().to_string(),
                "{copy}" => {
                    let copy = fresh("copy.ron");
                    std::fs::copy(file, &copy).unwrap();
                    copy.to_str().unwrap().to_string()
                }
                "{new}" => fresh("new.out").to_str().unwrap().to_string(),
                other => other.to_string(),
            }
        })
        .collect()
}

/// Before, `review FILE | head -c1` ended with a panic (exit 101) whenever the pipe
/// closed before the output was written.
#[test]
fn no_command_panics_on_a_closed_stdout_or_stderr() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("two.ron");
    two_weeks_file(&file);
    let mut runs = 0;
    for command in COMMANDS {
        let mut next = |closed: Option<Closed>| {
            runs += 1;
            let args = filled(command, &file, dir.path(), runs);
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            match closed {
                None => run(&args).status,
                Some(closed) => {
                    let (status, other) = run_closed(&args, closed);
                    assert!(!other.contains("panicked"), "{args:?}: {other}");
                    status
                }
            }
        };
        let expected = next(None).code();
        assert_ne!(expected, Some(101), "{command:?}");
        for closed in [Closed::Stdout, Closed::Stderr] {
            let status = next(Some(closed));
            assert_eq!(
                status.code(),
                expected,
                "{command:?} with {closed:?} closed"
            );
        }
    }
}

/// Output that cannot be written for another reason than a closed pipe (a full disk)
/// is said on stderr, and the command exits 1 (before: a panic, exit 101).
#[test]
fn output_to_a_full_disk_is_an_error_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("two.ron");
    two_weeks_file(&file);
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let out = std::process::Command::new(BIN)
        .args(["review", file.to_str().unwrap(), "--today", "2026-12-14"])
        .stdout(full)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.starts_with("error: could not write the output: ") && err.lines().count() == 1,
        "{err}"
    );
}
