//! The alert rules: each fires on its example and stays quiet at its edges; `evaluate`
//! sorts and never panics on random journals.
//!
//! The plan is the documented example: 12 g over six weeks from Tuesday 2026-12-01,
//! linear. Cuts on 12-08 (10 g), 12-15 (8 g), 12-22 (6 g), 12-29 (4 g), 01-05 (2 g);
//! stop on 2027-01-12. Visits on 12-15, 12-29 and 01-19; self check-ins on 12-10,
//! 12-17, 12-24, 12-31, 01-07 and 01-14.

use chrono::{Days, NaiveDate};
use proptest::prelude::*;
use taper_planner::domain::amount::{Amount, Unit};
use taper_planner::domain::basis::{
    self, ASAM_2025, CDC_2022_COMBINATION, CDC_2022_PACE, KRATOM_COMMUNITY, LIVERTOX,
    SEED_COMBINATION, SEED_PRODUCT_QUALITY,
};
use taper_planner::domain::instrument::{self, InstrumentScore, ItemAnswer, KRATOM_DAILY_ID};
use taper_planner::domain::journal::{DayEntry, Decision, DoseTaken, RedFlag, Substance, Visit};
use taper_planner::domain::patient::{Patient, PatientRecord};
use taper_planner::domain::plan::{Length, PlanInputs};
use taper_planner::domain::revision::{Change, Revision};
use taper_planner::domain::rules::{self, Alert, Audience, RuleId, Severity, Suggestion, evaluate};
use taper_planner::domain::schedule::Schedule;

fn dec(day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, day).unwrap()
}

fn jan(day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2027, 1, day).unwrap()
}

fn back(date: NaiveDate, days: u64) -> NaiveDate {
    date - Days::new(days)
}

fn grams(milli: i64) -> Amount {
    Amount::from_milli(milli)
}

fn record_with(inputs: PlanInputs) -> PatientRecord {
    let now = inputs.start_date.and_hms_opt(9, 0, 0).unwrap();
    PatientRecord::new(Patient::default(), inputs, "Dr A", now)
}

/// The 12 g, six-week linear plan.
fn record() -> PatientRecord {
    record_with(PlanInputs::new(grams(12_000), Unit::G, dec(1)))
}

fn schedule(record: &PatientRecord) -> Schedule {
    record.plan.schedule().unwrap()
}

fn taken(date: NaiveDate, milli: i64) -> DayEntry {
    DayEntry {
        doses: vec![DoseTaken {
            time: None,
            amount: grams(milli),
        }],
        ..DayEntry::new(date)
    }
}

/// A complete rating of `instrument` with this total, spread over the items.
fn rating_of(instrument_id: &str, total: u32) -> InstrumentScore {
    let inst = instrument::builtin_by_id(instrument_id).unwrap();
    let mut left = total;
    let answers = inst
        .items
        .iter()
        .map(|item| {
            let score = left.min(u32::from(item.max_score())) as u8;
            left -= u32::from(score);
            ItemAnswer {
                item: item.id.clone(),
                score,
            }
        })
        .collect();
    assert_eq!(left, 0, "total {total} too high for {instrument_id}");
    InstrumentScore {
        instrument: instrument_id.to_string(),
        answers,
    }
}

fn rated(date: NaiveDate, total: u32) -> DayEntry {
    DayEntry {
        scores: vec![rating_of(KRATOM_DAILY_ID, total)],
        ..DayEntry::new(date)
    }
}

fn log(record: &mut PatientRecord, entries: impl IntoIterator<Item = DayEntry>) {
    for e in entries {
        record.journal.upsert(e);
    }
}

fn run(rule: RuleId, record: &PatientRecord, today: NaiveDate) -> Vec<Alert> {
    rule.run(record, &schedule(record), today)
}

fn only(alerts: Vec<Alert>) -> Alert {
    assert_eq!(alerts.len(), 1, "expected one alert: {alerts:#?}");
    alerts.into_iter().next().unwrap()
}

// ---------------------------------------------------------------- red-flag

#[test]
fn red_flag_fires_with_plain_words_and_the_liver_source() {
    let mut r = record();
    log(
        &mut r,
        [DayEntry {
            red_flags: vec![RedFlag::DarkUrine, RedFlag::Jaundice, RedFlag::DarkUrine],
            ..taken(dec(10), 10_000)
        }],
    );
    let a = only(rules::red_flag(&r, &schedule(&r), dec(12)));
    assert_eq!(a.rule, RuleId::RedFlag);
    assert_eq!(a.rule.name(), "red-flag");
    assert_eq!((a.severity, a.audience), (Severity::Urgent, Audience::Both));
    assert_eq!(a.triggered_by, [dec(10)]);
    assert_eq!(a.date, dec(10));
    assert_eq!(a.basis, [LIVERTOX], "deduplicated, from LiverTox");
    assert!(a.message.contains("2026-12-10"), "{}", a.message);
    assert!(a.message.contains("Yellow skin or eyes (jaundice)"));
    assert!(a.message.contains("Dark urine"));
    assert!(a.message.contains("Taken that day: 10 g (planned: 10 g)"));
    assert!(a.message.contains("These symptoms need medical care now."));
    let says = a.patient_instruction.unwrap();
    assert!(says.starts_with("Seek medical care now"), "{says}");
    assert!(
        says.contains("Tell them you take kratom, how much (about 10 g a day), and since when")
    );
    assert!(says.contains("which symptoms you have: Yellow skin"));
    assert!(a.suggestion.is_none());
}

#[test]
fn emergency_flags_say_call_emergency_services_and_cite_each_source() {
    let mut r = record();
    log(
        &mut r,
        [DayEntry {
            red_flags: vec![RedFlag::TroubleBreathing, RedFlag::Jaundice],
            ..DayEntry::new(dec(9))
        }],
    );
    let a = only(rules::red_flag(&r, &schedule(&r), dec(9)));
    let says = a.patient_instruction.as_deref().unwrap();
    assert!(says.starts_with("Call emergency services now"), "{says}");
    assert!(
        says.contains("about 10 g a day"),
        "planned amount when none logged"
    );
    assert!(a.title.starts_with("Emergency"));
    assert!(
        a.message
            .contains("Some of these are signs of an emergency.")
    );
    assert!(
        a.message
            .contains("No amount was logged that day (planned: 10 g)")
    );
    assert_eq!(a.basis, [LIVERTOX, SEED_COMBINATION]);
}

#[test]
fn red_flags_are_one_alert_per_day_within_fourteen_days() {
    let mut r = record();
    let today = dec(30);
    for days_ago in [0, 13, 14, 15] {
        log(
            &mut r,
            [DayEntry {
                red_flags: vec![RedFlag::Fever],
                ..DayEntry::new(back(today, days_ago))
            }],
        );
    }
    log(&mut r, [taken(back(today, 1), 4_000)]); // no flag: no alert
    let alerts = rules::red_flag(&r, &schedule(&r), today);
    let dates: Vec<NaiveDate> = alerts.iter().map(|a| a.date).collect();
    assert_eq!(
        dates,
        [dec(17), dec(30)],
        "13 days back is in, 14 and 15 are out"
    );
    // Entries dated after today are never read.
    let earlier: Vec<NaiveDate> = rules::red_flag(&r, &schedule(&r), dec(16))
        .iter()
        .map(|a| a.date)
        .collect();
    assert_eq!(earlier, [dec(15), dec(16)]);
}

// ---------------------------------------------------------------- withdrawal-after-cut

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
fn withdrawal_before_any_cut_is_not_after_a_cut() {
    let mut r = record();
    log(&mut r, [rated(dec(2), 15), rated(dec(3), 15)]);
    assert!(run(RuleId::WithdrawalAfterCut, &r, dec(4)).is_empty());
}

#[test]
fn withdrawal_counts_only_the_fourteen_days_after_a_cut() {
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
    log(&mut late, [rated(jan(11), 12)]); // 13 days after: one day inside is not two
    assert!(run(RuleId::WithdrawalAfterCut, &late, jan(13)).is_empty());
    let mut inside = record_with(inputs);
    log(&mut inside, [rated(jan(10), 12), rated(jan(11), 12)]); // 12 and 13 days after
    let a = only(run(RuleId::WithdrawalAfterCut, &inside, jan(11)));
    assert!(
        a.message.contains("from 12 g to 8 g on 2026-12-29"),
        "{}",
        a.message
    );
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

// ---------------------------------------------------------------- above-plan

#[test]
fn above_plan_on_three_of_seven_days_lists_each_day() {
    let mut r = record();
    log(
        &mut r,
        [
            taken(dec(8), 11_000),
            taken(dec(9), 10_000), // as planned
            taken(dec(10), 12_500),
            taken(dec(12), 10_100),
        ],
    );
    let a = only(rules::above_plan(&r, &schedule(&r), dec(14)));
    assert_eq!(a.rule.name(), "above-plan");
    assert_eq!(
        (a.severity, a.audience),
        (Severity::Warning, Audience::Clinician)
    );
    assert_eq!(a.triggered_by, [dec(8), dec(10), dec(12)]);
    assert_eq!(a.basis, [KRATOM_COMMUNITY]);
    for part in [
        "3 of the last 7 days",
        "2026-12-08: 11 g taken, 10 g planned",
        "2026-12-10: 12.5 g taken, 10 g planned",
        "2026-12-12: 10.1 g taken, 10 g planned",
    ] {
        assert!(a.message.contains(part), "{part}: {}", a.message);
    }
}

#[test]
fn above_plan_stays_quiet_at_two_days_and_outside_the_window() {
    let mut r = record();
    log(&mut r, [taken(dec(10), 11_000), taken(dec(12), 11_000)]);
    assert!(run(RuleId::AbovePlan, &r, dec(14)).is_empty(), "2 of 7");
    log(&mut r, [DayEntry::new(dec(13))]); // no doses: says nothing
    assert!(run(RuleId::AbovePlan, &r, dec(14)).is_empty());
    log(&mut r, [taken(dec(7), 13_000)]); // 7 days before 12-14
    assert!(
        run(RuleId::AbovePlan, &r, dec(14)).is_empty(),
        "outside the window"
    );
    assert_eq!(
        run(RuleId::AbovePlan, &r, dec(13)).len(),
        1,
        "6 days back counts"
    );
    log(&mut r, [taken(dec(6), 13_000)]);
    assert!(
        run(RuleId::AbovePlan, &r, dec(15)).is_empty(),
        "8 and 9 days back"
    );
}

// ---------------------------------------------------------------- sedative-co-use

#[test]
fn sedatives_name_the_substances_and_days_for_both() {
    let mut r = record();
    log(
        &mut r,
        [
            DayEntry {
                substances: vec![Substance::Alcohol],
                ..DayEntry::new(dec(10))
            },
            DayEntry {
                substances: vec![Substance::Other],
                ..DayEntry::new(dec(11))
            },
            DayEntry {
                substances: vec![
                    Substance::Other,
                    Substance::Benzodiazepine,
                    Substance::Opioid,
                ],
                ..DayEntry::new(dec(12))
            },
        ],
    );
    let a = only(rules::sedative_co_use(&r, &schedule(&r), dec(14)));
    assert_eq!(a.rule.name(), "sedative-co-use");
    assert_eq!(
        (a.severity, a.audience),
        (Severity::Warning, Audience::Both)
    );
    assert_eq!(a.triggered_by, [dec(10), dec(12)]);
    assert_eq!(a.basis, [SEED_COMBINATION, CDC_2022_COMBINATION]);
    assert!(a.message.contains("2026-12-10: Alcohol"), "{}", a.message);
    assert!(a.message.contains("2026-12-12: Opioids"));
    assert!(a.message.contains("Benzodiazepines"));
    assert!(a.message.contains("on 2 of the last 14 days"));
    assert!(!a.message.contains("Other medicines"));
    let says = a.patient_instruction.unwrap();
    assert!(says.starts_with("Do not combine"));
    assert!(says.contains("breathing is slow, call emergency services"));
}

#[test]
fn sedatives_stay_quiet_for_other_medicines_and_old_days() {
    let mut r = record();
    log(
        &mut r,
        [DayEntry {
            substances: vec![Substance::Other],
            ..DayEntry::new(dec(10))
        }],
    );
    assert!(run(RuleId::SedativeCoUse, &r, dec(10)).is_empty());
    log(
        &mut r,
        [DayEntry {
            substances: vec![Substance::Sedative],
            ..DayEntry::new(dec(2))
        }],
    );
    assert_eq!(
        run(RuleId::SedativeCoUse, &r, dec(15)).len(),
        1,
        "13 days back"
    );
    assert!(
        run(RuleId::SedativeCoUse, &r, dec(16)).is_empty(),
        "14 days back"
    );
}

#[test]
fn sedatives_with_an_emergency_flag_stay_a_warning_beside_the_urgent_flag() {
    let mut r = record();
    log(
        &mut r,
        [DayEntry {
            substances: vec![Substance::Alcohol],
            red_flags: vec![RedFlag::ExtremeDrowsiness],
            ..DayEntry::new(dec(10))
        }],
    );
    let all = evaluate(&r, &schedule(&r), dec(10));
    let rules: Vec<(RuleId, Severity)> = all.iter().map(|a| (a.rule, a.severity)).collect();
    assert_eq!(
        rules,
        [
            (RuleId::RedFlag, Severity::Urgent),
            (RuleId::SedativeCoUse, Severity::Warning)
        ]
    );
    assert_eq!(all[0].basis, [basis::PHARMACOTHERAPY_2019]);
}

// ---------------------------------------------------------------- product-change

fn product(date: NaiveDate, name: &str, lot: Option<&str>) -> DayEntry {
    DayEntry {
        product: Some(name.into()),
        lot: lot.map(Into::into),
        ..DayEntry::new(date)
    }
}

#[test]
fn a_product_change_is_a_note_for_both_with_the_old_and_new_names() {
    let mut r = record();
    log(
        &mut r,
        [
            product(dec(2), "Red Bali", Some("L1")),
            DayEntry::new(dec(5)), // not logged that day: not a change
            product(dec(6), "Green Maeng Da", None),
        ],
    );
    let a = only(rules::product_change(&r, &schedule(&r), dec(10)));
    assert_eq!(a.rule.name(), "product-change");
    assert_eq!((a.severity, a.audience), (Severity::Note, Audience::Both));
    assert_eq!(a.triggered_by, [dec(2), dec(6)]);
    assert_eq!(a.basis, [SEED_PRODUCT_QUALITY]);
    assert!(
        a.message
            .contains("product changed on 2026-12-06 from \"Red Bali\" to \"Green Maeng Da\""),
        "{}",
        a.message
    );
    assert!(
        a.message
            .contains("alkaloid content varies between products and batches")
    );
    assert!(a.message.contains("re-check the amount with the clinician"));
}

#[test]
fn a_first_product_or_the_same_product_is_not_a_change() {
    let mut r = record();
    log(&mut r, [product(dec(2), "Red Bali", Some("L1"))]);
    assert!(
        run(RuleId::ProductChange, &r, dec(3)).is_empty(),
        "first product"
    );
    log(&mut r, [product(dec(3), " red bali ", Some("L1"))]);
    assert!(
        run(RuleId::ProductChange, &r, dec(4)).is_empty(),
        "case and spaces"
    );
    log(
        &mut r,
        [DayEntry {
            lot: Some(" ".into()),
            ..product(dec(4), "Red Bali", None)
        }],
    );
    assert!(
        run(RuleId::ProductChange, &r, dec(5)).is_empty(),
        "blank lot"
    );
}

#[test]
fn lot_changes_and_the_new_products_first_lot() {
    let mut r = record();
    log(
        &mut r,
        [
            product(dec(2), "Red Bali", Some("L1")),
            product(dec(4), "Red Bali", Some("L2")),
        ],
    );
    let a = only(run(RuleId::ProductChange, &r, dec(5)));
    assert!(
        a.message
            .contains("lot of \"Red Bali\" changed on 2026-12-04 from L1 to L2"),
        "{}",
        a.message
    );
    assert_eq!(a.triggered_by, [dec(2), dec(4)]);
    log(
        &mut r,
        [
            product(dec(6), "Green", None),
            product(dec(7), "Green", Some("G7")),
        ],
    );
    let a = only(run(RuleId::ProductChange, &r, dec(8)));
    assert!(
        a.message.contains("from \"Red Bali\" to \"Green\""),
        "{}",
        a.message
    );
    assert_eq!(a.triggered_by, [dec(4), dec(6)]);
    log(&mut r, [product(dec(9), "White", Some("W1"))]);
    let a = only(run(RuleId::ProductChange, &r, dec(9)));
    assert!(
        a.message
            .contains("from \"Green\" (lot G7) to \"White\" (lot W1)"),
        "{}",
        a.message
    );
}

#[test]
fn only_the_latest_change_within_28_days_before_the_stop() {
    let mut r = record();
    log(
        &mut r,
        [
            product(dec(2), "A", None),
            product(dec(3), "B", None),
            product(dec(8), "C", None),
        ],
    );
    let a = only(run(RuleId::ProductChange, &r, dec(10)));
    assert!(a.message.contains("from \"B\" to \"C\""));
    assert_eq!(
        run(RuleId::ProductChange, &r, jan(4)).len(),
        1,
        "27 days back"
    );
    assert!(
        run(RuleId::ProductChange, &r, jan(5)).is_empty(),
        "28 days back"
    );
    // On and after the stop date the taper is over: no product change is reported.
    let mut after = record();
    log(
        &mut after,
        [product(jan(11), "A", None), product(jan(12), "B", None)],
    );
    assert!(run(RuleId::ProductChange, &after, jan(13)).is_empty());
}

// ---------------------------------------------------------------- overdue-check-in

fn visit(date: NaiveDate) -> Visit {
    Visit {
        date,
        cows: None,
        decision: Decision::Continue,
        reason: String::new(),
        decided_by: "Dr A".into(),
    }
}

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

// ---------------------------------------------------------------- evaluate

#[test]
fn evaluate_sorts_by_severity_then_newest_first() {
    let mut r = record();
    log(
        &mut r,
        [
            product(dec(2), "A", None),
            DayEntry {
                red_flags: vec![RedFlag::Fever],
                ..product(dec(9), "B", None)
            },
            DayEntry {
                red_flags: vec![RedFlag::Itching],
                substances: vec![Substance::Alcohol],
                ..taken(dec(11), 11_000)
            },
            taken(dec(12), 11_000),
            DayEntry {
                red_flags: vec![RedFlag::Seizure],
                ..taken(dec(13), 11_000)
            },
        ],
    );
    let all = evaluate(&r, &schedule(&r), dec(16));
    let got: Vec<(RuleId, NaiveDate)> = all.iter().map(|a| (a.rule, a.date)).collect();
    assert_eq!(
        got,
        [
            (RuleId::RedFlag, dec(13)),
            (RuleId::RedFlag, dec(11)),
            (RuleId::RedFlag, dec(9)),
            (RuleId::OverdueCheckIn, dec(15)),
            (RuleId::AbovePlan, dec(13)),
            (RuleId::SedativeCoUse, dec(11)),
            (RuleId::ProductChange, dec(9)),
        ]
    );
    assert!(
        all[0]
            .patient_instruction
            .as_deref()
            .unwrap()
            .starts_with("Call emergency")
    );
}

// ---------------------------------------------------------------- properties

#[derive(Debug, Clone)]
struct RandomDay {
    offset: i64,
    dose: Option<i64>,
    flags: u16,
    substances: u8,
    product: Option<u8>,
    lot: Option<u8>,
    rating: Option<Vec<u8>>,
}

fn random_day() -> impl Strategy<Value = RandomDay> {
    (
        -5i64..75,
        proptest::option::of(0i64..25_000),
        any::<u16>().prop_map(|b| b & b.rotate_left(3) & b.rotate_left(7)), // mostly empty
        any::<u8>().prop_map(|b| b & b.rotate_left(2)),
        proptest::option::of(0u8..3),
        proptest::option::of(0u8..3),
        proptest::option::of(proptest::collection::vec(0u8..6, 0..10)),
    )
        .prop_map(
            |(offset, dose, flags, substances, product, lot, rating)| RandomDay {
                offset,
                dose,
                flags,
                substances,
                product,
                lot,
                rating,
            },
        )
}

fn build(days: &[RandomDay], visits: &[i64], hold_at: Option<i64>) -> PatientRecord {
    let mut r = record();
    let at = |offset: i64| dec(1) + chrono::TimeDelta::days(offset);
    let items = &instrument::builtin_by_id(KRATOM_DAILY_ID).unwrap().items;
    for d in days {
        let mut e = DayEntry::new(at(d.offset));
        e.doses = d
            .dose
            .map(|m| DoseTaken {
                time: None,
                amount: grams(m),
            })
            .into_iter()
            .collect();
        e.red_flags = RedFlag::ALL
            .into_iter()
            .enumerate()
            .filter(|(i, _)| d.flags & (1 << i) != 0)
            .map(|(_, f)| f)
            .collect();
        e.substances = Substance::ALL
            .into_iter()
            .enumerate()
            .filter(|(i, _)| d.substances & (1 << i) != 0)
            .map(|(_, s)| s)
            .collect();
        e.product = d
            .product
            .map(|p| ["A", "B", " a "][usize::from(p)].to_string());
        e.lot = d.lot.map(|l| ["L1", "L2", ""][usize::from(l)].to_string());
        e.scores = d
            .rating
            .iter()
            .map(|scores| InstrumentScore {
                instrument: KRATOM_DAILY_ID.to_string(),
                answers: scores
                    .iter()
                    .zip(items)
                    .map(|(s, item)| ItemAnswer {
                        item: item.id.clone(),
                        score: *s,
                    })
                    .collect(),
            })
            .collect();
        r.journal.upsert(e);
    }
    r.visits = visits.iter().map(|&o| visit(at(o))).collect();
    if let Some(h) = hold_at {
        r.revise(
            Revision {
                effective: at(h),
                change: Change::Hold { days: 7 },
                reason: "test".into(),
                decided_by: "Dr A".into(),
            },
            dec(1).and_hms_opt(9, 0, 0).unwrap(),
        )
        .unwrap();
    }
    r
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn evaluate_never_panics_and_every_alert_is_grounded(
        days in proptest::collection::vec(random_day(), 0..40),
        visits in proptest::collection::vec(0i64..70, 0..3),
        hold_at in proptest::option::of(0i64..42),
        today in -5i64..90,
    ) {
        let r = build(&days, &visits, hold_at);
        let s = schedule(&r);
        let today = dec(1) + chrono::TimeDelta::days(today);
        let alerts = evaluate(&r, &s, today);
        for a in &alerts {
            prop_assert!(!a.basis.is_empty(), "{a:?}");
            prop_assert!(!a.title.is_empty() && !a.message.is_empty());
            prop_assert!(a.date <= today);
            if a.rule == RuleId::OverdueCheckIn {
                prop_assert!(a.triggered_by.is_empty());
            } else {
                prop_assert!(!a.triggered_by.is_empty());
            }
            for d in &a.triggered_by {
                prop_assert!(r.journal.get(*d).is_some(), "{d} not in the journal: {a:?}");
                prop_assert!(*d <= today);
            }
            prop_assert!(a.triggered_by.windows(2).all(|p| p[0] < p[1]));
            if a.severity == Severity::Urgent || a.patient_instruction.is_some() {
                prop_assert!(a.audience.includes_patient());
            }
            if let Some(sugg) = a.suggestion {
                prop_assert_eq!(a.rule, RuleId::WithdrawalAfterCut);
                prop_assert_eq!(a.audience, Audience::Clinician);
                prop_assert!(sugg.effective() >= today && sugg.effective() < s.stop_date);
            }
        }
        prop_assert!(alerts.windows(2).all(|p| (p[0].severity, std::cmp::Reverse(p[0].date))
            <= (p[1].severity, std::cmp::Reverse(p[1].date))));
        // Each rule alone gives exactly what evaluate gives for it.
        for rule in RuleId::ALL {
            let alone = rule.run(&r, &s, today);
            prop_assert_eq!(alone.len(), alerts.iter().filter(|a| a.rule == rule).count());
        }
    }
}
