//! `review`: red flags stay urgent until a visit acknowledges them, and the JSON
//! form has exactly the fields ISSUE-NOTES.md lists.

use crate::common::cli::{run, stdout, two_weeks_file};
use crate::{new_plan, ok};

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
    // A hold request reaches the review too, with the hold to accept.
    ok(&[
        "log",
        &f,
        "--date",
        "2026-12-13",
        "--today",
        "2026-12-13",
        "--request-hold",
    ]);
    let asked = stdout(&run(&["review", &f, "--today", "2026-12-14"]));
    assert!(asked.contains("rule: hold-request"), "{asked}");
    assert!(
        asked.contains("suggestion for the clinician: hold for 7 days from 2026-12-14"),
        "{asked}"
    );
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
