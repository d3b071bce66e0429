//! Rule `red-flag`: a symptom that needs medical care was logged.

use chrono::NaiveDate;

use super::{
    Alert, Audience, NOTHING_LEAVES, RuleId, Severity, age_words, clinic_contact, dedup_basis,
    within_last,
};
use crate::domain::amount::Amount;
use crate::domain::basis::RedFlag;
use crate::domain::journal::DayEntry;
use crate::domain::patient::PatientRecord;
use crate::domain::schedule::Schedule;

/// A red flag logged for today or yesterday is current: the symptom may be going on, so
/// the patient is told to act now. An older one is shown to the patient as past, with
/// what to do if it continues, never "call emergency services now" for last week.
pub const RED_FLAG_CURRENT_DAYS: u32 = 2;

/// The patient sees a past red flag for 14 days (today and the 13 days before): liver
/// injury (LiverTox) develops over days to weeks, so a symptom that comes back in that
/// time belongs with the earlier one. The clinician sees it, urgent, until a visit
/// acknowledges it, however old.
pub const RED_FLAG_PATIENT_DAYS: u32 = 14;

/// One urgent alert per journal day with red-flag symptoms, up to today, that no visit
/// has acknowledged (see [`super::Acknowledged`]), however old. It gives the entry's
/// age ("reported 10 days ago"). For a current flag ([`RED_FLAG_CURRENT_DAYS`]) the
/// patient is told to seek care now, or to call emergency services when a flag is an
/// emergency ([`RedFlag::is_emergency`]); for a past one, what to do if it continues.
/// Either way the patient is given the clinic's phone number where the record has one,
/// and told that logging reaches no one by itself. The basis is each flag's own
/// sources (LiverTox, the poison-centre reports, general emergency advice).
pub fn red_flag(record: &PatientRecord, schedule: &Schedule, today: NaiveDate) -> Vec<Alert> {
    record
        .journal
        .entries()
        .iter()
        .filter(|e| has_alert(e, today))
        .map(|e| alert_for(e, record, schedule, today))
        .collect()
}

/// The red-flag alert of one journal day, as [`red_flag`] makes it (before visits'
/// acknowledgements are applied); `None` when that day has no entry, no red flag, or
/// is after `today`.
pub fn red_flag_on(
    record: &PatientRecord,
    schedule: &Schedule,
    today: NaiveDate,
    day: NaiveDate,
) -> Option<Alert> {
    let entry = record.journal.get(day)?;
    has_alert(entry, today).then(|| alert_for(entry, record, schedule, today))
}

/// A day up to today with a red flag logged has its alert (until a visit sees it).
fn has_alert(entry: &DayEntry, today: NaiveDate) -> bool {
    !entry.red_flags.is_empty() && entry.date <= today
}

/// True for a red-flag alert about today or yesterday, which the patient's screen shows
/// as an act-now banner; older ones are shown as past.
pub fn is_current_red_flag(alert: &Alert, today: NaiveDate) -> bool {
    alert.rule == RuleId::RedFlag && within_last(alert.date, today, RED_FLAG_CURRENT_DAYS)
}

fn alert_for(
    entry: &DayEntry,
    record: &PatientRecord,
    schedule: &Schedule,
    today: NaiveDate,
) -> Alert {
    // In check-list order, each flag once, however the entry stored them.
    let flags: Vec<RedFlag> = RedFlag::ALL
        .into_iter()
        .filter(|f| entry.red_flags.contains(f))
        .collect();
    let emergency = flags.iter().any(|f| f.is_emergency());
    let symptoms: Vec<&str> = flags.iter().map(|f| f.plain_label()).collect();
    let symptoms = symptoms.join("; ");
    let date = entry.date;
    let age = age_words(date, today);
    let one = flags.len() == 1;
    let (title, care) = if emergency {
        (
            format!("Emergency symptoms logged on {date} ({age})"),
            if one {
                "This is a sign of an emergency."
            } else {
                "Some of these are signs of an emergency."
            },
        )
    } else {
        (
            format!("Red-flag symptoms logged on {date} ({age})"),
            if one {
                "This symptom needs medical care."
            } else {
                "These symptoms need medical care."
            },
        )
    };
    let message = format!(
        "On {date} (reported {age}) the journal records: {symptoms}. {care} {} It stays \
         urgent until a visit acknowledges it.",
        amounts(entry, schedule)
    );
    // After two weeks the patient no longer sees it; the clinician does until a visit.
    // (The patient's words are written only for the alerts the patient sees.)
    let (audience, instruction) = if within_last(date, today, RED_FLAG_PATIENT_DAYS) {
        let instruction = instruction(entry, &flags, record, schedule, today);
        (Audience::Both, Some(instruction))
    } else {
        (Audience::Clinician, None)
    };
    Alert {
        rule: RuleId::RedFlag,
        severity: Severity::Urgent,
        audience,
        title,
        message,
        patient_instruction: instruction,
        date,
        triggered_by: vec![date],
        basis: dedup_basis(flags.iter().flat_map(|f| f.basis().iter().copied())),
        suggestion: None,
    }
}

/// What the patient is told: act now for a current flag (emergency services for an
/// emergency one), what to do if it continues for a past one; always whom to call and
/// what to tell them, and that logging reaches no one by itself.
fn instruction(
    entry: &DayEntry,
    flags: &[RedFlag],
    record: &PatientRecord,
    schedule: &Schedule,
    today: NaiveDate,
) -> String {
    let symptoms: Vec<&str> = flags.iter().map(|f| f.plain_label()).collect();
    let tell = format!(
        "Tell them you take kratom, {}, and since when, and which symptoms you have: {}.",
        how_much(entry, schedule),
        symptoms.join("; ")
    );
    let call = clinic_contact(&record.patient);
    let date = entry.date;
    let emergency = flags.iter().any(|f| f.is_emergency());
    let current = within_last(date, today, RED_FLAG_CURRENT_DAYS);
    match (current, emergency) {
        (true, true) => format!("Call emergency services now. {tell} {NOTHING_LEAVES}"),
        (true, false) => format!(
            "Seek medical care now: call {call} today, or go to urgent care or an emergency \
             department. {tell} {NOTHING_LEAVES}"
        ),
        (false, _) => {
            let urgent_ones = if emergency {
                " If it is trouble breathing, a seizure, chest pain, confusion or being very \
                 hard to wake, call emergency services."
            } else {
                ""
            };
            format!(
                "You logged this for {date}, {}. If it is still going on or comes back, call \
                 {call} today, or go to urgent care.{urgent_ones} {tell} {NOTHING_LEAVES}",
                age_words(date, today)
            )
        }
    }
}

/// "Taken that day: 10 g (planned: 10 g)." or that nothing was logged.
fn amounts(entry: &DayEntry, schedule: &Schedule) -> String {
    let unit = schedule.unit;
    let planned = schedule.planned_on(entry.date);
    if entry.doses.is_empty() {
        format!(
            "No amount was logged that day (planned: {}).",
            planned.with_unit(unit)
        )
    } else {
        format!(
            "Taken that day: {} (planned: {}).",
            entry.total_taken().with_unit(unit),
            planned.with_unit(unit)
        )
    }
}

/// "how much (about 10 g a day)", with the number where there is one, so the patient
/// can say it.
fn how_much(entry: &DayEntry, schedule: &Schedule) -> String {
    let taken = entry.total_taken();
    let daily = if !taken.is_zero() {
        taken
    } else {
        schedule.planned_on(entry.date)
    };
    if daily > Amount::ZERO {
        format!("how much (about {} a day)", daily.with_unit(schedule.unit))
    } else {
        "how much".to_string()
    }
}
