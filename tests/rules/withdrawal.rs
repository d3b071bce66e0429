//! The withdrawal-after-cut rule.

use taper_planner::domain::amount::Unit;
use taper_planner::domain::basis::{ASAM_2025, CDC_2022_PACE, KRATOM_COMMUNITY};
use taper_planner::domain::instrument::KRATOM_DAILY_ID;
use taper_planner::domain::journal::DayEntry;
use taper_planner::domain::plan::{Length, PlanInputs};
use taper_planner::domain::revision::Revision;
use taper_planner::domain::rules::{self, Audience, RuleId, Severity, Suggestion};

use crate::{
    dec, grams, jan, log, only, rated, rating_of, record, record_with, run, schedule, visit,
};

#[test]
fn withdrawal_two_days_after_a_cut_suggests_a_hold_to_the_clinician() {
    let mut r = record();
    assert_eq!(
        rules::daily_instrument(&r).map(|i| i.id.as_str()),
        Some(KRATOM_DAILY_ID)
    );
    r.plan.daily_instrument = "kratom_daily".into(); // the file name, as early plans said
    assert_eq!(
        rules::daily_instrument(&r).map(|i| i.id.as_str()),
        Some(KRATOM_DAILY_ID)
    );
    log(&mut r, [rated(dec(9), 12), rated(dec(10), 14)]);
    let a = only(rules::withdrawal_after_cut(&r, &schedule(&r), dec(10)));
    assert_eq!(a.rule.name(), "withdrawal-after-cut");
    assert_eq!(
        (a.severity, a.audience),
        (Severity::Warning, Audience::Clinician)
    );
    assert_eq!(a.triggered_by, [dec(9), dec(10)]);
    assert_eq!(a.basis, [ASAM_2025, CDC_2022_PACE]);
    assert_eq!(
        a.suggestion,
        Some(Suggestion::Hold {
            from: dec(11),
            days: 7
        })
    );
    for part in [
        "2026-12-09: 12 (moderate)",
        "2026-12-10: 14 (moderate)",
        "most possible is 36",
        "from 12 g to 10 g on 2026-12-08",
        "hold at 10 g for 7 days from 2026-12-11",
    ] {
        assert!(a.message.contains(part), "{part}: {}", a.message);
    }
    assert!(a.patient_instruction.is_none());
}

#[test]
fn a_hold_never_starts_in_the_past() {
    let mut r = record();
    log(&mut r, [rated(dec(9), 12), rated(dec(10), 20)]);
    let a = only(rules::withdrawal_after_cut(&r, &schedule(&r), dec(14)));
    assert_eq!(a.suggestion.map(|s| s.effective()), Some(dec(14)));
    assert!(a.message.contains("20 (severe)"));
}

#[test]
fn withdrawal_stays_quiet_for_one_day_a_gap_or_mild_ratings() {
    let mut r = record();
    log(&mut r, [rated(dec(9), 12)]);
    assert!(
        run(RuleId::WithdrawalAfterCut, &r, dec(9)).is_empty(),
        "one day"
    );

    log(&mut r, [rated(dec(11), 12)]);
    assert!(
        run(RuleId::WithdrawalAfterCut, &r, dec(11)).is_empty(),
        "gap day"
    );
    log(&mut r, [rated(dec(10), 9)]);
    assert!(
        run(RuleId::WithdrawalAfterCut, &r, dec(11)).is_empty(),
        "mild between"
    );
    log(&mut r, [rated(dec(10), 10)]);
    assert_eq!(
        only(run(RuleId::WithdrawalAfterCut, &r, dec(11))).triggered_by,
        [dec(9), dec(10), dec(11)],
        "10 is the lowest moderate total"
    );

    let mut mild = record();
    log(&mut mild, [rated(dec(9), 9), rated(dec(10), 9)]);
    assert!(run(RuleId::WithdrawalAfterCut, &mild, dec(10)).is_empty());
}

#[test]
fn withdrawal_before_any_cut_asks_for_a_check_in() {
    let mut r = record();
    r.patient.clinic_phone = "555-0100".into();
    log(&mut r, [rated(dec(2), 15), rated(dec(3), 15)]);
    assert!(run(RuleId::WithdrawalAfterCut, &r, dec(4)).is_empty());
    let a = only(run(RuleId::WithdrawalCheckIn, &r, dec(4)));
    assert_eq!(a.rule.name(), "withdrawal-check-in");
    assert_eq!(
        (a.severity, a.audience),
        (Severity::Warning, Audience::Both)
    );
    assert_eq!(a.triggered_by, [dec(2), dec(3)]);
    assert_eq!(a.suggestion, None);
    assert_eq!(a.basis, [ASAM_2025]);
    assert!(
        a.message
            .contains("No cut fell in the 14 days before it began"),
        "{}",
        a.message
    );
    assert!(
        a.message
            .contains("About the bands: The app's own convention"),
        "the checklist's bands are the app's own: {}",
        a.message
    );
    let says = a.patient_instruction.unwrap();
    assert!(says.contains("Call your clinic on 555-0100"), "{says}");
    // A visit on or after the last day is the check-in.
    r.visits.push(visit(dec(3)));
    assert!(run(RuleId::WithdrawalCheckIn, &r, dec(4)).is_empty());
}

#[test]
fn one_severe_day_alerts_on_its_own_and_urgently() {
    // After the cut on 12-08: a hold, urgent for the clinician.
    let mut r = record();
    log(&mut r, [rated(dec(9), 19)]);
    let a = only(run(RuleId::WithdrawalAfterCut, &r, dec(9)));
    assert_eq!(
        (a.severity, a.audience),
        (Severity::Urgent, Audience::Clinician)
    );
    assert!(
        a.title
            .starts_with("Severe withdrawal after the cut on 2026-12-08"),
        "{}",
        a.title
    );
    assert!(
        a.message
            .contains("in the severe band on 2026-12-09 (2026-12-09: 19 (severe)"),
        "{}",
        a.message
    );
    assert!(a.suggestion.is_some());
    // 18 is the top of the moderate band: one such day alone stays quiet.
    let mut moderate = record();
    log(&mut moderate, [rated(dec(9), 18)]);
    assert!(run(RuleId::WithdrawalAfterCut, &moderate, dec(9)).is_empty());
    assert!(run(RuleId::WithdrawalCheckIn, &moderate, dec(9)).is_empty());
    // Before any cut: a check-in, urgent for both.
    let mut early = record();
    log(&mut early, [rated(dec(3), 25)]);
    let a = only(run(RuleId::WithdrawalCheckIn, &early, dec(4)));
    assert_eq!((a.severity, a.audience), (Severity::Urgent, Audience::Both));
}

#[test]
fn sows_bands_are_named_as_conventional() {
    let mut r = record();
    r.plan.daily_instrument = "sows".into();
    let sows = |date, total| DayEntry {
        scores: vec![rating_of("sows", total)],
        ..DayEntry::new(date)
    };
    log(&mut r, [sows(dec(9), 21)]);
    let a = only(run(RuleId::WithdrawalAfterCut, &r, dec(9)));
    assert!(a.message.contains("are conventional"), "{}", a.message);
    assert_eq!(a.severity, Severity::Urgent, "21 is SOWS's severe band");
}

#[test]
fn withdrawal_after_fourteen_days_of_a_step_asks_for_a_check_in_instead() {
    // 12 g over 84 days in 28-day steps: 12, 8, 4; a single cut on 12-29 before 01-26.
    let mut inputs = PlanInputs::new(grams(12_000), Unit::G, dec(1));
    inputs.length = Length::Days(84);
    inputs.step_days = 28;
    let mut late = record_with(inputs.clone());
    let s = schedule(&late);
    assert_eq!(s.planned_on(dec(29)), grams(8_000), "cut on 12-29");
    assert_eq!(s.planned_on(jan(25)), grams(8_000), "no cut before 01-26");
    log(&mut late, [rated(jan(12), 12), rated(jan(13), 12)]); // 14 and 15 days after
    assert!(run(RuleId::WithdrawalAfterCut, &late, jan(13)).is_empty());
    let a = only(run(RuleId::WithdrawalCheckIn, &late, jan(13)));
    assert!(
        a.message.contains("planned on 2027-01-13: 8 g"),
        "{}",
        a.message
    );
    // Beginning 13 days after the cut, the same days are after the cut.
    let mut inside = record_with(inputs);
    log(
        &mut inside,
        [rated(jan(11), 12), rated(jan(12), 12), rated(jan(13), 12)],
    );
    let a = only(run(RuleId::WithdrawalAfterCut, &inside, jan(13)));
    assert!(
        a.message.contains("from 12 g to 8 g on 2026-12-29"),
        "{}",
        a.message
    );
    assert!(run(RuleId::WithdrawalCheckIn, &inside, jan(13)).is_empty());
}

#[test]
fn withdrawal_streak_must_end_within_the_last_seven_days() {
    let mut r = record();
    log(&mut r, [rated(dec(9), 12), rated(dec(10), 12)]);
    assert_eq!(
        run(RuleId::WithdrawalAfterCut, &r, dec(16)).len(),
        1,
        "6 days back"
    );
    assert!(
        run(RuleId::WithdrawalAfterCut, &r, dec(17)).is_empty(),
        "7 days back"
    );
    assert!(
        run(RuleId::WithdrawalAfterCut, &r, dec(18)).is_empty(),
        "8 days back"
    );
}

#[test]
fn withdrawal_is_quiet_once_the_clinician_has_held() {
    let mut r = record();
    log(&mut r, [rated(dec(9), 12), rated(dec(10), 12)]);
    let a = only(run(RuleId::WithdrawalAfterCut, &r, dec(10)));
    let hold = a.suggestion.unwrap();
    r.revise(
        Revision {
            effective: hold.effective(),
            change: hold.change(),
            reason: "withdrawal after the cut".into(),
            decided_by: "Dr A".into(),
            meta: Default::default(),
        },
        dec(10).and_hms_opt(12, 0, 0).unwrap(),
    )
    .unwrap();
    assert!(run(RuleId::WithdrawalAfterCut, &r, dec(11)).is_empty());
}

#[test]
fn withdrawal_after_the_stop_has_no_hold_but_names_the_last_amount() {
    let mut r = record();
    log(&mut r, [rated(jan(12), 15), rated(jan(13), 15)]);
    let a = only(run(RuleId::WithdrawalAfterCut, &r, jan(13)));
    assert_eq!(a.suggestion, None);
    assert!(
        a.message.contains("from 2 g to 0 g on 2027-01-12"),
        "{}",
        a.message
    );
    assert!(a.message.contains("returning to the last amount (2 g)"));
    assert_eq!(a.basis, [ASAM_2025, CDC_2022_PACE, KRATOM_COMMUNITY]);
}

#[test]
fn withdrawal_uses_the_plans_instrument_and_partial_ratings() {
    let mut r = record();
    r.plan.daily_instrument = "sows".into();
    let sows = |date, total| DayEntry {
        scores: vec![rating_of("sows", total)],
        ..DayEntry::new(date)
    };
    log(&mut r, [sows(dec(9), 11), sows(dec(10), 11)]);
    assert_eq!(
        only(run(RuleId::WithdrawalAfterCut, &r, dec(10)))
            .triggered_by
            .len(),
        2
    );
    r.plan.daily_instrument = "no-such-scale".into();
    assert!(run(RuleId::WithdrawalAfterCut, &r, dec(10)).is_empty());

    let mut partial = record();
    let mut short = rating_of(KRATOM_DAILY_ID, 12);
    short.answers.retain(|a| a.score > 0);
    let mut bad = rating_of(KRATOM_DAILY_ID, 12);
    bad.answers[0].score = 9; // not an allowed value
    log(
        &mut partial,
        [
            DayEntry {
                scores: vec![short.clone()],
                ..DayEntry::new(dec(9))
            },
            DayEntry {
                scores: vec![short],
                ..DayEntry::new(dec(10))
            },
        ],
    );
    let a = only(run(RuleId::WithdrawalAfterCut, &partial, dec(10)));
    assert!(
        a.message.contains("at least 12 (moderate)"),
        "{}",
        a.message
    );
    partial.journal.upsert(DayEntry {
        scores: vec![bad],
        ..DayEntry::new(dec(10))
    });
    assert!(run(RuleId::WithdrawalAfterCut, &partial, dec(10)).is_empty());
}

#[test]
fn a_hold_is_suggested_only_while_a_step_is_left_to_hold() {
    // The last step (2 g) ends on 2027-01-11. A hold from the stop date would change
    // nothing (a revision on or after the stop leaves the plan as it is), so none is
    // offered there.
    let mut r = record();
    log(&mut r, [rated(jan(9), 15), rated(jan(10), 15)]);
    let a = only(run(RuleId::WithdrawalAfterCut, &r, jan(10)));
    assert_eq!(
        a.suggestion.map(|s| s.effective()),
        Some(jan(11)),
        "the last day at 2 g"
    );
    log(&mut r, [rated(jan(11), 15)]);
    let a = only(run(RuleId::WithdrawalAfterCut, &r, jan(11)));
    assert_eq!(
        a.suggestion, None,
        "from the stop date there is nothing to hold"
    );
    assert!(
        a.message.contains("returning to the last amount (2 g)"),
        "{}",
        a.message
    );
}
