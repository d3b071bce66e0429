//! The hold-request rule.

use taper_planner::domain::basis::{CDC_2022_PACE, KRATOM_COMMUNITY};
use taper_planner::domain::journal::DayEntry;
use taper_planner::domain::rules::{Acknowledged, Audience, RuleId, Severity, Suggestion};

use crate::{dec, jan, log, only, record, run, taken, visit};

fn asked(date: chrono::NaiveDate) -> DayEntry {
    DayEntry {
        hold_requested: true,
        note: "too hard this week".into(),
        ..taken(date, 10_000)
    }
}

#[test]
fn a_hold_request_reaches_the_clinician_with_a_hold_to_accept() {
    let mut r = record();
    log(&mut r, [asked(dec(9))]);
    let a = only(run(RuleId::HoldRequest, &r, dec(11)));
    assert_eq!(a.rule.name(), "hold-request");
    assert_eq!(
        (a.severity, a.audience),
        (Severity::Warning, Audience::Clinician)
    );
    assert_eq!(a.triggered_by, [dec(9)]);
    assert_eq!(a.basis, [CDC_2022_PACE, KRATOM_COMMUNITY]);
    assert_eq!(a.title, "Hold requested on 2026-12-09 (2 days ago)");
    assert_eq!(
        a.suggestion,
        Some(Suggestion::Hold {
            from: dec(11),
            days: 7
        })
    );
    for part in [
        "planned that day: 10 g; taken: 10 g",
        "\"too hard this week\"",
        "Accepting holds at 10 g for 7 days from 2026-12-11",
    ] {
        assert!(a.message.contains(part), "{part}: {}", a.message);
    }
    assert!(
        run(RuleId::HoldRequest, &r, dec(8)).is_empty(),
        "not yet asked"
    );
}

#[test]
fn a_hold_request_stays_until_a_visit_acknowledges_it() {
    let mut r = record();
    log(&mut r, [asked(dec(9))]);
    let long_after = jan(30);
    let a = only(run(RuleId::HoldRequest, &r, long_after));
    assert_eq!(a.suggestion, None, "the plan has reached zero");
    assert!(a.message.contains("already reached zero"), "{}", a.message);
    r.visits.push(visit(dec(20)));
    assert_eq!(
        run(RuleId::HoldRequest, &r, long_after).len(),
        1,
        "a visit that does not acknowledge it"
    );
    let mut answered = visit(dec(21));
    answered.acknowledged = vec![Acknowledged::of(&a, &r)];
    r.visits.push(answered);
    assert!(run(RuleId::HoldRequest, &r, long_after).is_empty());
}

#[test]
fn a_hold_already_in_the_plan_is_not_suggested_again() {
    let mut r = record();
    log(&mut r, [asked(dec(9))]);
    r.revise(
        taper_planner::domain::revision::Revision {
            effective: dec(10),
            change: taper_planner::domain::revision::Change::Hold { days: 7 },
            reason: "asked for".into(),
            decided_by: "Dr A".into(),
            meta: Default::default(),
        },
        dec(10).and_hms_opt(9, 0, 0).unwrap(),
    )
    .unwrap();
    let a = only(run(RuleId::HoldRequest, &r, dec(11)));
    assert_eq!(a.suggestion, None);
    assert!(
        a.message
            .contains("A hold already starts after the request")
    );
}
