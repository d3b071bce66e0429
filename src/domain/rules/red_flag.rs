//! Rule `red-flag`: a symptom that needs medical care was logged.

use chrono::NaiveDate;

use super::{Alert, Audience, RuleId, Severity, dedup_basis, within_last};
use crate::domain::amount::Amount;
use crate::domain::basis::RedFlag;
use crate::domain::journal::DayEntry;
use crate::domain::patient::PatientRecord;
use crate::domain::schedule::Schedule;

/// A red flag stays on screen for 14 days (today and the 13 days before). Liver injury
/// (LiverTox) develops over days to weeks, so a flag logged last week still needs to
/// be seen by the clinician at review, while one from weeks ago has been dealt with
/// at a visit or has passed.
pub const RED_FLAG_WINDOW_DAYS: u32 = 14;

/// One urgent alert, for the patient and the clinician, per journal day in the last
/// [`RED_FLAG_WINDOW_DAYS`] days with red-flag symptoms. The patient is told to seek
/// care now, or to call emergency services when a flag is an emergency
/// ([`RedFlag::is_emergency`]), and what to tell the people treating them. The basis
/// is each flag's own source (LiverTox, poison-centre reports, the overview).
pub fn red_flag(record: &PatientRecord, schedule: &Schedule, today: NaiveDate) -> Vec<Alert> {
    record
        .journal
        .entries()
        .iter()
        .filter(|e| !e.red_flags.is_empty() && within_last(e.date, today, RED_FLAG_WINDOW_DAYS))
        .map(|e| alert_for(e, schedule))
        .collect()
}

fn alert_for(entry: &DayEntry, schedule: &Schedule) -> Alert {
    // In check-list order, each flag once, however the entry stored them.
    let flags: Vec<RedFlag> = RedFlag::ALL
        .into_iter()
        .filter(|f| entry.red_flags.contains(f))
        .collect();
    let emergency = flags.iter().any(|f| f.is_emergency());
    let symptoms: Vec<&str> = flags.iter().map(|f| f.plain_label()).collect();
    let symptoms = symptoms.join("; ");
    let date = entry.date;
    let unit = schedule.unit;

    let taken = entry.total_taken();
    let planned = schedule.planned_on(date);
    let amounts = if entry.doses.is_empty() {
        format!(
            "No amount was logged that day (planned: {}).",
            planned.with_unit(unit)
        )
    } else {
        format!(
            "Taken that day: {} (planned: {}).",
            taken.with_unit(unit),
            planned.with_unit(unit)
        )
    };
    let one = flags.len() == 1;
    let (title, care) = if emergency {
        (
            format!("Emergency symptoms logged on {date}"),
            if one {
                "This is a sign of an emergency."
            } else {
                "Some of these are signs of an emergency."
            },
        )
    } else {
        (
            format!("Red-flag symptoms logged on {date}"),
            if one {
                "This symptom needs medical care now."
            } else {
                "These symptoms need medical care now."
            },
        )
    };
    let message = format!("On {date} the journal records: {symptoms}. {care} {amounts}");

    // "How much" with the number where there is one, so the patient can say it.
    let daily = if !taken.is_zero() { taken } else { planned };
    let how_much = if daily > Amount::ZERO {
        format!("how much (about {} a day)", daily.with_unit(unit))
    } else {
        "how much".to_string()
    };
    let tell = format!(
        "Tell them you take kratom, {how_much}, and since when, and which symptoms you have: {symptoms}."
    );
    let instruction = if emergency {
        format!("Call emergency services now. {tell}")
    } else {
        format!(
            "Seek medical care now: call your clinician today, or go to urgent care or an \
             emergency department. {tell}"
        )
    };

    Alert {
        rule: RuleId::RedFlag,
        severity: Severity::Urgent,
        audience: Audience::Both,
        title,
        message,
        patient_instruction: Some(instruction),
        date,
        triggered_by: vec![date],
        basis: dedup_basis(flags.iter().flat_map(|f| f.basis().iter().copied())),
        suggestion: None,
    }
}
