//! Rule `hold-request`: the patient asked for the taper to be paused, and no visit has
//! answered it yet.

use chrono::NaiveDate;

use super::{Alert, Audience, RuleId, Severity, Suggestion, age_words, minus_days};
use crate::domain::basis::{CDC_2022_PACE, KRATOM_COMMUNITY};
use crate::domain::patient::PatientRecord;
use crate::domain::schedule::{DayNote, Schedule};

use super::HOLD_SUGGESTION_DAYS;

/// One warning to the clinician per journal day, up to today, on which the patient
/// asked for a hold, however old, until a visit acknowledges it (see
/// [`super::Acknowledged`]): only the clinician decides, and a request must never go
/// quiet because time passed. It offers the hold asked for, from today, unless the
/// plan has already reached zero or a hold already starts on or after the request.
/// CDC 2022 allows tapers to be paused and restarted; community practice accepts
/// returning to the last daily amount.
pub fn hold_request(record: &PatientRecord, schedule: &Schedule, today: NaiveDate) -> Vec<Alert> {
    record
        .journal
        .entries()
        .iter()
        .filter(|e| e.hold_requested && e.date <= today)
        .map(|e| {
            let date = e.date;
            let age = age_words(date, today);
            let unit = schedule.unit;
            let held = schedule
                .days
                .iter()
                .any(|d| d.note == DayNote::Hold && d.date >= date);
            let from = today.max(schedule.start_date);
            let suggestion = (!held && from < schedule.stop_date).then_some(Suggestion::Hold {
                from,
                days: HOLD_SUGGESTION_DAYS,
            });
            let note = if e.note.trim().is_empty() {
                String::new()
            } else {
                let one_line: Vec<&str> = e.note.split_whitespace().collect();
                format!(" The day's note: \"{}\".", one_line.join(" "))
            };
            let taken = if e.doses.is_empty() {
                "nothing logged".to_string()
            } else {
                e.total_taken().with_unit(unit)
            };
            let answer = match suggestion {
                Some(_) => format!(
                    " Accepting holds at {} for {HOLD_SUGGESTION_DAYS} days from {from}.",
                    // A hold stays at the amount in force the day before it starts.
                    schedule.planned_on(minus_days(from, 1)).with_unit(unit)
                ),
                None if held => " A hold already starts after the request.".to_string(),
                None => " The plan has already reached zero.".to_string(),
            };
            Alert {
                rule: RuleId::HoldRequest,
                severity: Severity::Warning,
                audience: Audience::Clinician,
                title: format!("Hold requested on {date} ({age})"),
                message: format!(
                    "On {date} (reported {age}) the patient asked for the taper to be paused \
                     (planned that day: {}; taken: {taken}).{note} Only a visit answers the \
                     request.{answer}",
                    schedule.planned_on(date).with_unit(unit)
                ),
                patient_instruction: None,
                date,
                triggered_by: vec![date],
                basis: vec![CDC_2022_PACE, KRATOM_COMMUNITY],
                suggestion,
            }
        })
        .collect()
}
