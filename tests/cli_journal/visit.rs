//! `visit`: the decision recorded as a dated revision, and every bad input refused
//! with one line naming the flag and the file untouched.

use crate::common::cli::{run, stderr};
use crate::common::date;
use crate::{new_plan, ok, record_of, refused};

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
    assert_eq!(revision.effective, date(2026, 12, 10));
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
        date(2026, 12, 15)
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
