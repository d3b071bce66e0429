//! The sedative-co-use rule.

use taper_planner::domain::basis::{self, CDC_2022_COMBINATION};
use taper_planner::domain::journal::{DayEntry, RedFlag, Substance};
use taper_planner::domain::rules::{self, Audience, RuleId, Severity, evaluate};

use crate::{dec, log, only, record, run, schedule};

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
    assert_eq!(a.basis, [CDC_2022_COMBINATION]);
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
    assert_eq!(all[0].basis, [basis::EGGLESTON_2019]);
}

#[test]
fn other_medicines_ask_the_clinician_for_an_interaction_review() {
    let mut r = record();
    log(
        &mut r,
        [DayEntry {
            substances: vec![Substance::Other],
            ..DayEntry::new(dec(3))
        }],
    );
    assert!(
        run(RuleId::SedativeCoUse, &r, dec(3)).is_empty(),
        "not sedating"
    );
    let a = only(run(RuleId::InteractionReview, &r, dec(3)));
    assert_eq!(a.rule.name(), "interaction-review");
    assert_eq!(
        (a.severity, a.audience),
        (Severity::Warning, Audience::Clinician)
    );
    assert_eq!(a.basis, [basis::TANNA_2023]);
    for part in [
        "2026-12-03",
        "midazolam",
        "CYP3A",
        "review the patient's medicines",
    ] {
        assert!(a.message.contains(part), "{part}: {}", a.message);
    }
    // 28 days, today included.
    assert_eq!(run(RuleId::InteractionReview, &r, dec(30)).len(), 1);
    assert!(run(RuleId::InteractionReview, &r, dec(31)).is_empty());
}
