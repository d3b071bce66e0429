//! `log`, `review` and `visit` from the command line, and the two-week script the
//! progress chart is checked with.
//!
//! - here: `log` (adding to a day, `--replace`, `--today`) and the two-week script.
//! - `review`: red flags urgent until acknowledged, and `review --format json`.
//! - `visit`: the decision as a dated revision, and every refusal.
//! - `output`: what every command prints, with a closed pipe and with control
//!   characters in a file.

#[path = "../common/mod.rs"]
mod common;
mod output;
mod review;
mod visit;

use std::path::Path;

use common::cli::{plan_file, run, stderr, stdout, two_weeks_file};

/// A new plan for patient "P" in `dir`; returns its path.
pub(crate) fn new_plan(dir: &Path) -> String {
    let file = dir.join("p.ron");
    plan_file(&file, "P");
    file.to_str().unwrap().to_string()
}

/// Runs `args` and asserts success; returns what it printed.
pub(crate) fn ok(args: &[&str]) -> String {
    let out = run(args);
    assert!(out.status.success(), "{args:?}: {}", stderr(&out));
    stdout(&out)
}

/// Runs `args` and asserts exit 2 with one line naming `flag`, the file untouched.
pub(crate) fn refused(args: &[&str], flag: &str, file: &str) {
    let before = std::fs::read(file).unwrap();
    let out = run(args);
    assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
    let err = stderr(&out);
    assert_eq!(err.trim_end().lines().count(), 1, "{args:?}: {err}");
    assert!(err.contains(flag), "{args:?}: '{err}' should name {flag}");
    assert!(out.stdout.is_empty(), "{args:?} printed on stdout");
    assert_eq!(
        std::fs::read(file).unwrap(),
        before,
        "{args:?} changed the file"
    );
}

pub(crate) fn strs(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

pub(crate) fn record_of(file: &str) -> taper_planner::domain::patient::PatientRecord {
    taper_planner::store::patient_file::load(Path::new(file))
        .unwrap()
        .0
}

#[test]
fn log_then_review_shows_the_red_flag_with_its_basis_and_exits_4() {
    let dir = tempfile::tempdir().unwrap();
    let f = new_plan(dir.path());
    let quiet = run(&["review", &f, "--today", "2026-12-03"]);
    assert_eq!(quiet.status.code(), Some(0));
    assert!(
        stdout(&quiet).contains("Day 3 of 42: 12 g planned today."),
        "{}",
        stdout(&quiet)
    );
    assert!(stdout(&quiet).contains("No alerts."));

    let out = run(&[
        "log",
        &f,
        "--date",
        "2026-12-02",
        "--taken",
        "4g@08:00",
        "--taken",
        "8g",
        "--red-flag",
        "jaundice",
        "--substance",
        "benzodiazepine",
        "--note",
        "tired",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let review = run(&["review", &f, "--today", "2026-12-03"]);
    assert_eq!(review.status.code(), Some(4), "urgent alert present");
    let report = stdout(&review);
    assert!(
        report.contains("[URGENT]") && report.contains("rule: red-flag"),
        "{report}"
    );
    assert!(report.contains("Seek medical care now"), "{report}");
    assert!(
        report.contains("basis:") && report.contains("LiverTox"),
        "{report}"
    );
    assert!(report.contains("rule: sedative-co-use"), "{report}");
}

#[test]
fn bad_log_input_exits_2_names_the_flag_and_leaves_the_file_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let f = new_plan(dir.path());
    let before = std::fs::read(&f).unwrap();
    let day = ["--date", "2026-12-02", "--today", "2026-12-02"];
    for (args, flag) in [
        (vec!["--date", "2026-12-32"], "--date"),
        (vec!["--date", "2027-06-01"], "--date"),
        (vec!["--date", "2026-12-02", "--taken", "5kg"], "--taken"),
        (vec!["--date", "2026-12-02", "--taken", "500mg"], "--taken"),
        (
            vec!["--date", "2026-12-02", "--taken", "4g@25:00"],
            "--taken",
        ),
        (
            vec!["--date", "2026-12-02", "--symptom", "bogus=1"],
            "--symptom",
        ),
        (
            vec!["--date", "2026-12-02", "--symptom", "diarrhoea=9"],
            "--symptom",
        ),
        (
            vec!["--date", "2026-12-02", "--symptom", "diarrhoea"],
            "--symptom",
        ),
        (
            vec!["--date", "2026-12-02", "--red-flag", "headache"],
            "--red-flag",
        ),
        (
            vec!["--date", "2026-12-02", "--substance", "coffee"],
            "--substance",
        ),
        (
            vec!["--date", "2026-12-02", "--cravings", "11"],
            "--cravings",
        ),
        (vec!["--date", "2026-12-02", "--sleep", "25"], "--sleep"),
        // The dose's limit names the flag that gave it (it named --date before).
        ([&day[..], &["--taken", "100001g"]].concat(), "--taken"),
        (
            [&day[..], &["--taken", "60000g", "--taken", "50000g"]].concat(),
            "--taken",
        ),
        ([&day[..], &["--red-flag", "-x"]].concat(), "--red-flag"),
    ] {
        let mut all = vec!["log", f.as_str()];
        all.extend(args.iter().copied());
        let out = run(&all);
        assert_eq!(out.status.code(), Some(2), "{all:?}: {}", stderr(&out));
        assert!(stderr(&out).contains(flag), "{all:?}: {}", stderr(&out));
        assert_eq!(stderr(&out).trim_end().lines().count(), 1);
        assert_eq!(
            std::fs::read(&f).unwrap(),
            before,
            "{all:?} changed the file"
        );
    }
}

#[test]
fn log_help_lists_the_names_it_accepts() {
    let out = run(&["log", "--help"]);
    let help = stdout(&out);
    for name in [
        "jaundice",
        "dark-urine",
        "pale-stools",
        "seizure",
        "palpitations",
        "chest-pain",
        "trouble-breathing",
        "confusion",
        "severe-fatigue",
        "opioid",
        "benzodiazepine",
        "alcohol",
        "sedative",
        "muscle-aches",
    ] {
        assert!(help.contains(name), "log --help lacks {name}");
    }
}

#[test]
fn the_two_week_script_builds_a_file_whose_review_and_export_agree() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("two.ron");
    two_weeks_file(&file);
    let review = run(&["review", file.to_str().unwrap(), "--today", "2026-12-14"]);
    assert_eq!(review.status.code(), Some(4));
    let report = stdout(&review);
    for rule in ["red-flag", "withdrawal-after-cut", "product-change"] {
        assert!(
            report.contains(&format!("rule: {rule}")),
            "{rule} missing: {report}"
        );
    }
    let csv = dir.path().join("two.csv");
    assert!(
        run(&[
            "export",
            file.to_str().unwrap(),
            "--csv",
            csv.to_str().unwrap()
        ])
        .status
        .success()
    );
    let rows = std::fs::read_to_string(&csv).unwrap();
    assert!(rows.contains("2026-12-10,10,10,g,11.3,18,self,"), "{rows}");
    assert_eq!(
        rows.lines()
            .filter(|l| l.split(',').nth(4).is_some_and(|t| !t.is_empty()))
            .count(),
        14 + 1
    );
}

#[test]
fn logging_again_adds_and_never_erases_a_logged_seizure() {
    let dir = tempfile::tempdir().unwrap();
    let f = new_plan(dir.path());
    let day = ["--date", "2026-12-09", "--today", "2026-12-09"];
    let first = ok(&[
        &["log", f.as_str()][..],
        &day,
        &[
            "--red-flag",
            "seizure",
            "--symptom",
            "diarrhoea=2",
            "--cravings",
            "5",
        ],
    ]
    .concat());
    assert!(first.contains("added the entry for 2026-12-09"), "{first}");
    let second = ok(&[
        &["log", f.as_str()][..],
        &day,
        &["--taken", "4g@08:00", "--symptom", "muscle-aches=3"],
    ]
    .concat());
    assert!(
        second.contains("added to the entry for 2026-12-09"),
        "{second}"
    );
    let record = record_of(&f);
    let entry = record.journal.get(common::date(2026, 12, 9)).unwrap();
    assert_eq!(
        entry.red_flags,
        [taper_planner::domain::journal::RedFlag::Seizure]
    );
    assert_eq!(entry.doses.len(), 1);
    assert_eq!(entry.cravings, Some(5));
    let items: Vec<(&str, u8)> = entry.scores[0]
        .answers
        .iter()
        .map(|a| (a.item.as_str(), a.score))
        .collect();
    assert_eq!(items, [("diarrhoea", 2), ("muscle-aches", 3)]);
    assert!(
        record
            .audit
            .iter()
            .any(|a| a.what == "added to the journal entry for 2026-12-09"),
        "{:?}",
        record.audit
    );
    // --replace replaces the whole entry, and the audit list keeps the removed flag.
    let replaced = ok(&[
        &["log", f.as_str()][..],
        &day,
        &["--taken", "10g", "--replace"],
    ]
    .concat());
    assert!(
        replaced.contains("replaced the entry for 2026-12-09"),
        "{replaced}"
    );
    let record = record_of(&f);
    let entry = record.journal.get(common::date(2026, 12, 9)).unwrap();
    assert!(entry.red_flags.is_empty() && entry.scores.is_empty());
    let last = &record.audit.last().unwrap().what;
    assert_eq!(
        last,
        "replaced the journal entry for 2026-12-09 (removed the red flags seizure)"
    );
}

#[test]
fn a_day_that_has_not_come_is_refused_against_today() {
    let dir = tempfile::tempdir().unwrap();
    let f = new_plan(dir.path());
    let log = |today: &'static str, date: &'static str| -> Vec<String> {
        [
            "log",
            f.as_str(),
            "--date",
            date,
            "--today",
            today,
            "--taken",
            "4g",
        ]
        .map(String::from)
        .to_vec()
    };
    refused(&strs(&log("2026-12-08", "2026-12-10")), "--date", &f);
    refused(&strs(&log("2026-12-0x", "2026-12-08")), "--today", &f);
    ok(&strs(&log("2026-12-08", "2026-12-09")));
    let entry = record_of(&f);
    let entry = entry.journal.get(common::date(2026, 12, 9)).unwrap();
    assert_eq!(entry.logged_on, None, "logged before its day, so not late");
    ok(&strs(&log("2026-12-12", "2026-12-10")));
    let record = record_of(&f);
    assert!(
        record
            .journal
            .get(common::date(2026, 12, 10))
            .unwrap()
            .is_late()
    );
}
