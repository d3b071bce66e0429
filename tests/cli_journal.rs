//! `log` then `review` from the command line, and the two-week script the progress
//! chart is checked with.

mod common;

use std::path::Path;

use common::cli::{plan_file, run, stderr, stdout, two_weeks_file};

/// A new plan for patient "P" in `dir`; returns its path.
fn new_plan(dir: &Path) -> String {
    let file = dir.join("p.ron");
    plan_file(&file, "P");
    file.to_str().unwrap().to_string()
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

/// Runs `args` and asserts success; returns what it printed.
fn ok(args: &[&str]) -> String {
    let out = run(args);
    assert!(out.status.success(), "{args:?}: {}", stderr(&out));
    stdout(&out)
}

/// Runs `args` and asserts exit 2 with one line naming `flag`, the file untouched.
fn refused(args: &[&str], flag: &str, file: &str) {
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

fn strs(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

fn record_of(file: &str) -> taper_planner::domain::patient::PatientRecord {
    taper_planner::store::patient_file::load(Path::new(file))
        .unwrap()
        .0
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

#[test]
fn a_red_flag_stays_urgent_until_a_visit_acknowledges_it() {
    let dir = tempfile::tempdir().unwrap();
    let f = new_plan(dir.path());
    ok(&[
        "log",
        &f,
        "--date",
        "2026-12-02",
        "--today",
        "2026-12-02",
        "--red-flag",
        "dark-urine",
    ]);
    let late = run(&["review", &f, "--today", "2026-12-12"]);
    assert_eq!(
        late.status.code(),
        Some(4),
        "ten days on it is still urgent"
    );
    let report = stdout(&late);
    assert!(report.contains("(10 days ago)"), "{report}");
    assert!(report.contains("reported 10 days ago"), "{report}");
    assert!(
        report.contains("You logged this for 2026-12-02, 10 days ago. If it is still going on"),
        "the patient is told it is past: {report}"
    );
    // A visit without --acknowledge leaves it; one with it ends it.
    let plain = ok(&[
        "visit",
        &f,
        "--date",
        "2026-12-12",
        "--today",
        "2026-12-12",
        "--by",
        "Dr Ames",
    ]);
    assert!(plain.contains("pass --acknowledge"), "{plain}");
    assert!(
        plain.contains("rule: red-flag"),
        "the alerts shown are listed: {plain}"
    );
    assert_eq!(
        run(&["review", &f, "--today", "2026-12-12"]).status.code(),
        Some(4)
    );
    let seen = ok(&[
        "visit",
        &f,
        "--date",
        "2026-12-12",
        "--today",
        "2026-12-12",
        "--by",
        "Dr Ames",
        "--acknowledge",
    ]);
    assert!(
        seen.contains("acknowledged red-flag of 2026-12-02"),
        "{seen}"
    );
    let after = run(&["review", &f, "--today", "2027-02-01"]);
    assert_ne!(after.status.code(), Some(4), "{}", stdout(&after));
    assert!(!stdout(&after).contains("rule: red-flag"));
}

#[test]
fn review_json_has_exactly_the_listed_fields() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("two.ron");
    two_weeks_file(&file);
    let f = file.to_str().unwrap();
    let out = run(&["review", f, "--today", "2026-12-14", "--format", "json"]);
    assert_eq!(out.status.code(), Some(4), "an urgent red flag");
    let value: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("valid JSON");
    let keys = |v: &serde_json::Value| -> Vec<String> {
        let mut k: Vec<String> = v.as_object().unwrap().keys().cloned().collect();
        k.sort();
        k
    };
    assert_eq!(keys(&value), ["alerts", "patient", "status", "today"]);
    assert_eq!(value["patient"], "Two Weeks");
    assert_eq!(value["today"], "2026-12-14");
    assert_eq!(value["status"], "Day 14 of 42: 10 g planned today.");
    let alerts = value["alerts"].as_array().unwrap();
    assert!(!alerts.is_empty());
    for alert in alerts {
        assert_eq!(
            keys(alert),
            [
                "audience",
                "basis",
                "dates",
                "message",
                "rule",
                "severity",
                "suggestion"
            ]
        );
        assert!(["urgent", "warning", "note"].contains(&alert["severity"].as_str().unwrap()));
        assert!(["patient", "clinician", "both"].contains(&alert["audience"].as_str().unwrap()));
        let message = alert["message"].as_str().unwrap();
        assert!(!message.contains('\n'), "one line: {message}");
        for date in alert["dates"].as_array().unwrap() {
            assert!(chrono::NaiveDate::parse_from_str(date.as_str().unwrap(), "%Y-%m-%d").is_ok());
        }
        for basis in alert["basis"].as_array().unwrap() {
            let mut k: Vec<&String> = basis.as_object().unwrap().keys().collect();
            k.sort();
            assert_eq!(k, ["source", "text"]);
        }
    }
    let red = alerts.iter().find(|a| a["rule"] == "red-flag").unwrap();
    assert_eq!(red["severity"], "urgent");
    assert_eq!(red["audience"], "both");
    assert_eq!(red["dates"], serde_json::json!(["2026-12-14"]));
    assert!(red["suggestion"].is_null());
    let hold = alerts
        .iter()
        .find(|a| a["rule"] == "withdrawal-after-cut")
        .unwrap();
    assert_eq!(
        hold["suggestion"],
        serde_json::json!({"hold_days": 7, "from": "2026-12-14"})
    );
    assert_eq!(hold["audience"], "clinician");
    // The same exit codes as the text: no urgent alert, exit 0.
    let early = run(&["review", f, "--today", "2026-12-03", "--format", "json"]);
    assert_eq!(early.status.code(), Some(0));
}

#[test]
fn visit_records_the_decision_as_a_dated_revision() {
    let dir = tempfile::tempdir().unwrap();
    let f = new_plan(dir.path());
    let mut cows: Vec<String> = Vec::new();
    for item in [
        "resting-pulse",
        "sweating",
        "restlessness",
        "pupil-size",
        "bone-joint-aches",
        "runny-nose-tearing",
        "gi-upset",
        "tremor",
        "yawning",
        "anxiety-irritability",
        "gooseflesh",
    ] {
        cows.extend(["--cows".to_string(), format!("{item}=1")]);
    }
    cows[1] = "resting-pulse=2".into();
    cows[21] = "gooseflesh=0".into(); // gooseflesh allows 0, 3 or 5
    let mut args: Vec<&str> = vec![
        "visit",
        &f,
        "--date",
        "2026-12-10",
        "--today",
        "2026-12-10",
        "--by",
        "Dr Ames",
        "--decision",
        "hold",
        "--days",
        "10",
        "--reason",
        "withdrawal after the cut",
    ];
    args.extend(cows.iter().map(String::as_str));
    let said = ok(&args);
    assert!(
        said.contains("recorded the visit of 2026-12-10: Hold (withdrawal after the cut)"),
        "{said}"
    );
    assert!(
        said.contains(
            "the plan now stops on 2027-01-22 (was 2027-01-12); the change starts on 2026-12-10"
        ),
        "{said}"
    );
    let record = record_of(&f);
    let visit = record.visits.last().unwrap();
    assert_eq!(visit.decided_by, "Dr Ames");
    assert_eq!(visit.cows.as_ref().unwrap().total(), 11);
    assert!(visit.acknowledged.is_empty());
    let revision = record.plan.revisions.last().unwrap();
    assert_eq!(revision.effective, common::date(2026, 12, 10));
    assert_eq!(
        revision.change,
        taper_planner::domain::revision::Change::Hold { days: 10 }
    );
    // A visit recorded late never rewrites days before today.
    ok(&[
        "visit",
        &f,
        "--date",
        "2026-12-12",
        "--today",
        "2026-12-15",
        "--by",
        "Dr Ames",
        "--decision",
        "set-amount",
        "--amount",
        "9g",
        "--reason",
        "steady",
    ]);
    let record = record_of(&f);
    assert_eq!(
        record.plan.revisions.last().unwrap().effective,
        common::date(2026, 12, 15)
    );
    ok(&[
        "visit",
        &f,
        "--date",
        "2026-12-16",
        "--today",
        "2026-12-16",
        "--by",
        "Dr Ames",
        "--decision",
        "slow-down",
        "--reason",
        "slower",
    ]);
    assert_eq!(
        record_of(&f).plan.revisions.last().unwrap().change,
        taper_planner::domain::revision::Change::SlowDown { step_days: 14 },
        "slow-down starts from two-week steps, as the form does"
    );
}

#[test]
fn bad_visit_input_exits_2_names_the_flag_and_leaves_the_file_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let f = new_plan(dir.path());
    let base = [
        "visit",
        f.as_str(),
        "--date",
        "2026-12-10",
        "--today",
        "2026-12-10",
        "--by",
        "Dr Ames",
    ];
    let with = |extra: &[&'static str]| -> Vec<&str> {
        base.iter().copied().chain(extra.iter().copied()).collect()
    };
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (with(&["--decision", "pause"]), "--decision"),
        (with(&["--decision", "hold"]), "--reason"),
        (
            with(&["--decision", "hold", "--reason", "r", "--days", "0"]),
            "--days",
        ),
        (
            with(&["--decision", "hold", "--reason", "r", "--days", "366"]),
            "--days",
        ),
        (
            with(&["--decision", "hold", "--reason", "r", "--days", "x"]),
            "--days",
        ),
        (with(&["--days", "7"]), "--days"),
        (
            with(&["--decision", "set-amount", "--reason", "r"]),
            "--amount",
        ),
        (
            with(&["--decision", "set-amount", "--reason", "r", "--amount", "0"]),
            "--amount",
        ),
        (
            with(&[
                "--decision",
                "set-amount",
                "--reason",
                "r",
                "--amount",
                "9mg",
            ]),
            "--amount",
        ),
        (
            with(&[
                "--decision",
                "set-amount",
                "--reason",
                "r",
                "--amount",
                "500g",
            ]),
            "--amount",
        ),
        (
            with(&["--decision", "stop", "--reason", "r", "--amount", "1g"]),
            "--amount",
        ),
        (with(&["--cows", "sweating=1"]), "--cows"),
        (with(&["--cows", "sweating=9"]), "--cows"),
        (with(&["--cows", "sweating"]), "--cows"),
        (with(&["--cows", "bogus=1"]), "--cows"),
    ];
    for (args, flag) in &cases {
        refused(args, flag, &f);
    }
    let by_blank = [
        "visit",
        &f,
        "--date",
        "2026-12-10",
        "--today",
        "2026-12-10",
        "--by",
        " ",
    ];
    refused(&by_blank, "--by", &f);
    let future = [
        "visit",
        &f,
        "--date",
        "2026-12-12",
        "--today",
        "2026-12-10",
        "--by",
        "Dr Ames",
    ];
    refused(&future, "--date", &f);
    let bad_date = [
        "visit",
        &f,
        "--date",
        "2026-13-01",
        "--today",
        "2026-12-10",
        "--by",
        "Dr Ames",
    ];
    refused(&bad_date, "--date", &f);
    let bad_today = [
        "visit",
        &f,
        "--date",
        "2026-12-10",
        "--today",
        "soon",
        "--by",
        "Dr Ames",
    ];
    refused(&bad_today, "--today", &f);
    let missing = run(&["visit", &f, "--date", "2026-12-10"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(stderr(&missing).contains("--by"), "{}", stderr(&missing));
    let no_file = run(&[
        "visit",
        "/nonexistent/x.ron",
        "--date",
        "2026-12-10",
        "--by",
        "A",
    ]);
    assert_eq!(no_file.status.code(), Some(3));
}
