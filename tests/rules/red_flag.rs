//! The red-flag rule.

use chrono::NaiveDate;
use taper_planner::domain::basis::{EGGLESTON_2019, LIVERTOX};
use taper_planner::domain::journal::{DayEntry, RedFlag};
use taper_planner::domain::rules::{self, Audience, RuleId, Severity};

use crate::{back, dec, log, only, record, schedule, taken};

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
    assert_eq!(a.basis, [LIVERTOX, EGGLESTON_2019]);
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
