//! What every command prints: a closed pipe ends no command with a panic (it ends as
//! it would have), and text from a file or the command line (a name, a note, a
//! product, a path) never reaches the terminal as control characters.

use std::path::{Path, PathBuf};

use crate::common::cli::{BIN, Closed, run, run_closed, stderr, stdout, two_weeks_file};

/// A name that, printed as it is, would clear the screen, retitle the window, ring the
/// bell, go back over the line, start a C1 control sequence, reverse the text after it,
/// and forge a line of its own.
const CRAFTED: &str = "Evil\u{1b}[2J\u{1b}]0;pwned\u{7}\rName\u{9b}31m\u{202e}\u{7f}\nforged: line";

/// What CRAFTED's start looks like once escaped.
const ESCAPED: &str =
    "Evil\\u{1b}[2J\\u{1b}]0;pwned\\u{7}\\rName\\u{9b}31m\\u{202e}\\u{7f}\\nforged";

/// A character that must not reach a terminal as it is.
fn is_unsafe(c: char) -> bool {
    (c.is_control() && c != '\n')
        || ('\u{202a}'..='\u{202e}').contains(&c)
        || ('\u{2066}'..='\u{2069}').contains(&c)
}

/// Asserts that the command's output, both streams, holds no unsafe character and no
/// line forged by a value; returns stdout.
fn clean(args: &[&str]) -> String {
    let out = run(args);
    for (stream, text) in [("stdout", stdout(&out)), ("stderr", stderr(&out))] {
        assert!(
            !text.chars().any(is_unsafe),
            "{args:?} printed a control character on {stream}: {text:?}"
        );
        assert!(
            !text.lines().any(|l| l.starts_with("forged")),
            "{args:?}: a value forged a line on {stream}: {text}"
        );
    }
    stdout(&out)
}

#[test]
fn control_characters_from_a_file_or_the_command_line_are_printed_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("p\u{1b}[31m.ron");
    let f = file.to_str().unwrap();
    let wrote = clean(&[
        "plan",
        "--start",
        "12g",
        "--weeks",
        "6",
        "--start-date",
        "2026-12-01",
        "--patient",
        CRAFTED,
        "--clinician",
        CRAFTED,
        "--out",
        f,
    ]);
    assert!(wrote.contains("p\\u{1b}[31m.ron"), "{wrote}");
    let day = |date: &'static str, product: &'static str| {
        clean(&[
            "log",
            f,
            "--date",
            date,
            "--today",
            "2026-12-02",
            "--taken",
            "12g",
            "--product",
            product,
            "--lot",
            product,
            "--note",
            CRAFTED,
            "--request-hold",
        ])
    };
    assert!(day("2026-12-01", "Green").contains("p\\u{1b}[31m.ron"));
    day("2026-12-02", CRAFTED);
    let check = clean(&["check", f]);
    assert!(
        check.contains(&format!("patient: {ESCAPED}")),
        "the name is shown, escaped, on its line: {check}"
    );
    let review = clean(&["review", f, "--today", "2026-12-03"]);
    assert!(review.contains(&format!("Patient: {ESCAPED}")), "{review}");
    assert!(
        review.contains("to \"Evil\\u{1b}[2J"),
        "the product change names the product, escaped: {review}"
    );
    assert!(
        review.contains("The day's note: \"Evil\\u{1b}[2J"),
        "the hold request quotes the note, escaped: {review}"
    );
    // JSON: escaped the JSON way, and it reads back as what the file holds.
    let json = clean(&["review", f, "--today", "2026-12-03", "--format", "json"]);
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(value["patient"], CRAFTED);
    let visit = clean(&[
        "visit",
        f,
        "--date",
        "2026-12-03",
        "--today",
        "2026-12-03",
        "--by",
        CRAFTED,
        "--decision",
        "hold",
        "--reason",
        CRAFTED,
    ]);
    assert!(visit.starts_with(ESCAPED), "{visit}");
    let csv = dir.path().join("c\u{7}.csv");
    let csv = csv.to_str().unwrap();
    assert!(clean(&["export", f, "--csv", csv]).contains("c\\u{7}.csv"));
    // Refusals echo the value on their one line, escaped.
    clean(&["export", f, "--csv", csv]);
    clean(&["plan", "--start", "12g", "--weeks", "6", "--shape", CRAFTED]);
    clean(&["log", f, "--date", "2026-12-02", "--symptom", CRAFTED]);
    clean(&[
        "plan", "--start", "12g", "--weeks", "6", "--format", CRAFTED,
    ]);
}

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
