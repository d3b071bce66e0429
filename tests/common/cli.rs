//! Running the built `taper-planner` binary the way a user runs it.

use std::path::Path;
use std::process::{Command, Output};

/// The binary Cargo built for these tests.
pub const BIN: &str = env!("CARGO_BIN_EXE_taper-planner");

/// Runs the binary with `args` and waits for it.
pub fn run(args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .output()
        .expect("the binary runs")
}

/// What the command printed, as text.
pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// What the command printed as errors, as text.
pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Writes `file` with the `plan` command: 12 g a day over 6 weeks from 2026-12-01 for
/// `patient`.
pub fn plan_file(file: &Path, patient: &str) {
    let out = run(&[
        "plan",
        "--start",
        "12g",
        "--weeks",
        "6",
        "--start-date",
        "2026-12-01",
        "--patient",
        patient,
        "--out",
        file.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
}

/// Writes `file` with `tests/two_weeks.sh`: the plan above with two weeks of logged
/// days, built with the command line only.
pub fn two_weeks_file(file: &Path) {
    let out = Command::new("bash")
        .args(["tests/two_weeks.sh", BIN, file.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
}

/// Which output stream of a command a test closes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Closed {
    Stdout,
    Stderr,
}

/// Runs the binary with its stdout or stderr a pipe that nobody reads any more (the
/// reading end closed before the command starts, as `| head -c1` has once it has its
/// byte): every write to it fails. Returns the exit status and what the other stream
/// got.
pub fn run_closed(args: &[&str], closed: Closed) -> (std::process::ExitStatus, String) {
    let (reader, writer) = std::io::pipe().expect("a pipe");
    drop(reader);
    let mut command = Command::new(BIN);
    command.args(args);
    match closed {
        Closed::Stdout => command.stdout(writer),
        Closed::Stderr => command.stderr(writer),
    };
    let out = command.output().expect("the binary runs");
    let other = match closed {
        Closed::Stdout => &out.stderr,
        Closed::Stderr => &out.stdout,
    };
    (out.status, String::from_utf8_lossy(other).into_owned())
}
