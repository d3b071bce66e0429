//! The overdue-check-in rule.

use taper_planner::domain::basis::{ASAM_2025, CDC_2022_PACE};
use taper_planner::domain::checkin::{CheckIn, CheckInKind};
use taper_planner::domain::journal::DayEntry;
use taper_planner::domain::rules::{self, Audience, RuleId, Severity};

use crate::{dec, log, only, record, run, schedule, taken, visit};

#[test]
fn an_overdue_visit_warns_the_clinician_with_the_days() {
    let mut r = record();
    log(&mut r, [taken(dec(11), 10_000), taken(dec(18), 8_000)]); // self check-ins done
    let a = only(rules::overdue_check_in(&r, &schedule(&r), dec(20)));
    assert_eq!(a.rule.name(), "overdue-check-in");
    assert_eq!(
        (a.severity, a.audience),
        (Severity::Warning, Audience::Clinician)
    );
    assert!(a.triggered_by.is_empty());
    assert_eq!(a.date, dec(15));
    assert_eq!(a.basis, [CDC_2022_PACE]);
    assert!(
        a.message
            .contains("visit due on 2026-12-15 is 5 days overdue"),
        "{}",
        a.message
    );
    let one = only(run(RuleId::OverdueCheckIn, &r, dec(16)));
    assert!(one.message.contains("is 1 day overdue"), "{}", one.message);
}

#[test]
fn a_visit_due_today_or_recorded_is_not_overdue() {
    let mut r = record();
    log(&mut r, [taken(dec(13), 10_000)]);
    assert!(
        run(RuleId::OverdueCheckIn, &r, dec(15)).is_empty(),
        "due today"
    );
    r.visits.push(visit(dec(14)));
    assert_eq!(
        run(RuleId::OverdueCheckIn, &r, dec(16)).len(),
        1,
        "a day early"
    );
    r.visits.push(visit(dec(15)));
    assert!(
        run(RuleId::OverdueCheckIn, &r, dec(16)).is_empty(),
        "on the due date"
    );
    log(&mut r, [taken(dec(29), 4_000)]);
    let a = only(run(RuleId::OverdueCheckIn, &r, dec(30)));
    assert!(
        a.message.contains("2026-12-29 is 1 day overdue"),
        "the latest visit"
    );
}

#[test]
fn a_missed_self_check_in_is_a_note_after_two_days() {
    let mut r = record();
    log(&mut r, [taken(dec(9), 10_000)]);
    assert!(
        run(RuleId::OverdueCheckIn, &r, dec(11)).is_empty(),
        "1 day past"
    );
    let a = only(run(RuleId::OverdueCheckIn, &r, dec(12)));
    assert_eq!((a.severity, a.audience), (Severity::Note, Audience::Both));
    assert_eq!(a.basis, [ASAM_2025]);
    assert!(a.triggered_by.is_empty());
    assert!(
        a.message.contains(
            "self check-in due on 2026-12-10 (after the cut on 2026-12-08) is 2 days overdue"
        ),
        "{}",
        a.message
    );
    log(&mut r, [DayEntry::new(dec(10))]);
    assert!(
        run(RuleId::OverdueCheckIn, &r, dec(12)).is_empty(),
        "logged on the day"
    );
}

#[test]
fn the_start_day_is_never_an_overdue_check_in() {
    // The plan is made at a visit on its start day: a schedule that lists that day as
    // a visit or a self check-in does not make it overdue the day after.
    let r = record();
    for kind in [CheckInKind::Visit, CheckInKind::SelfCheck] {
        let mut s = schedule(&r);
        s.check_ins.insert(0, CheckIn { date: dec(1), kind });
        assert!(
            rules::overdue_check_in(&r, &s, dec(4)).is_empty(),
            "{kind:?} on the start day"
        );
    }
}
