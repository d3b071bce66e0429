//! The red-flag rule.

use chrono::NaiveDate;
use taper_planner::domain::basis::{EGGLESTON_2019, LIVERTOX, POST_2019};
use taper_planner::domain::journal::{DayEntry, RedFlag};
use taper_planner::domain::rules::{
    self, Acknowledged, Audience, RuleId, Severity, is_current_red_flag,
};

use crate::{back, dec, jan, log, only, record, run, schedule, taken, visit};

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
    let a = only(rules::red_flag(&r, &schedule(&r), dec(11)));
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
    assert!(a.message.contains("These symptoms need medical care."));
    assert!(a.message.contains("(reported yesterday)"), "{}", a.message);
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
fn red_flags_stay_urgent_for_the_clinician_however_old_and_show_their_age() {
    let mut r = record();
    let today = jan(30);
    for days_ago in [0, 1, 2, 13, 14, 40] {
        log(
            &mut r,
            [DayEntry {
                red_flags: vec![RedFlag::Fever],
                ..DayEntry::new(back(today, days_ago))
            }],
        );
    }
    log(&mut r, [taken(back(today, 3), 4_000)]); // no flag: no alert
    let alerts = rules::red_flag(&r, &schedule(&r), today);
    let seen: Vec<(NaiveDate, Audience, bool)> = alerts
        .iter()
        .map(|a| (a.date, a.audience, is_current_red_flag(a, today)))
        .collect();
    assert_eq!(
        seen,
        [
            (back(today, 40), Audience::Clinician, false),
            (back(today, 14), Audience::Clinician, false),
            (back(today, 13), Audience::Both, false),
            (back(today, 2), Audience::Both, false),
            (back(today, 1), Audience::Both, true),
            (today, Audience::Both, true),
        ],
        "no window for the clinician; the patient sees 14 days; today and yesterday are current"
    );
    assert!(alerts.iter().all(|a| a.severity == Severity::Urgent));
    let oldest = &alerts[0];
    assert!(oldest.title.contains("(40 days ago)"), "{}", oldest.title);
    assert!(oldest.message.contains("reported 40 days ago"));
    assert!(oldest.message.contains("until a visit acknowledges it"));
    assert!(
        oldest.patient_instruction.is_none(),
        "no longer shown to the patient"
    );
    // Entries dated after today are never read.
    let earlier: Vec<NaiveDate> = rules::red_flag(&r, &schedule(&r), back(today, 14))
        .iter()
        .map(|a| a.date)
        .collect();
    assert_eq!(earlier, [back(today, 40), back(today, 14)]);
}

#[test]
fn a_past_red_flag_says_what_to_do_if_it_continues_with_the_clinics_phone() {
    let mut r = record();
    r.patient.clinic = "Northside Clinic".into();
    r.patient.clinic_phone = "555-0100".into();
    log(
        &mut r,
        [DayEntry {
            red_flags: vec![RedFlag::Seizure],
            ..DayEntry::new(dec(10))
        }],
    );
    let now = only(rules::red_flag(&r, &schedule(&r), dec(10)));
    let says = now.patient_instruction.unwrap();
    assert!(says.starts_with("Call emergency services now."), "{says}");
    assert!(says.contains("nothing leaves this computer unless you bring or send it"));
    let later = only(rules::red_flag(&r, &schedule(&r), dec(17)));
    let says = later.patient_instruction.unwrap();
    assert!(!says.contains("Call emergency services now"), "{says}");
    assert!(
        says.starts_with("You logged this for 2026-12-10, 7 days ago."),
        "{says}"
    );
    assert!(
        says.contains("If it is still going on or comes back, call your clinic, Northside Clinic, on 555-0100 today"),
        "{says}"
    );
    assert!(says.contains("call emergency services"), "{says}");
    assert!(says.contains("does not tell anyone"), "{says}");
    // A same-day flag that is not an emergency gives the phone too.
    log(
        &mut r,
        [DayEntry {
            red_flags: vec![RedFlag::PersistentVomiting],
            ..DayEntry::new(dec(17))
        }],
    );
    let today = rules::red_flag(&r, &schedule(&r), dec(17));
    let says = today[1].patient_instruction.as_deref().unwrap();
    assert!(
        says.starts_with(
            "Seek medical care now: call your clinic, Northside Clinic, on 555-0100 today"
        ),
        "{says}"
    );
    assert_eq!(today[1].basis, [POST_2019, EGGLESTON_2019]);
}

#[test]
fn only_a_visit_acknowledging_a_red_flag_ends_it_and_a_new_flag_that_day_is_new() {
    let mut r = record();
    log(
        &mut r,
        [DayEntry {
            red_flags: vec![RedFlag::DarkUrine],
            ..DayEntry::new(dec(3))
        }],
    );
    let late = jan(20);
    let alert = only(run(RuleId::RedFlag, &r, late));
    // A visit that does not acknowledge it changes nothing.
    r.visits.push(visit(dec(15)));
    assert_eq!(run(RuleId::RedFlag, &r, late).len(), 1);
    let mut seen = visit(dec(16));
    seen.acknowledged = vec![Acknowledged::of(&alert, &r)];
    assert_eq!(seen.acknowledged[0].red_flags, [RedFlag::DarkUrine]);
    r.visits.push(seen);
    assert!(run(RuleId::RedFlag, &r, late).is_empty(), "acknowledged");
    assert!(
        rules::red_flag(&r, &schedule(&r), late).len() == 1,
        "the rule alone still sees the entry"
    );
    // A flag added to that day afterwards is new.
    let mut entry = r.journal.get(dec(3)).unwrap().clone();
    entry.red_flags.push(RedFlag::Jaundice);
    r.journal.upsert(entry);
    assert_eq!(run(RuleId::RedFlag, &r, late).len(), 1);
}
