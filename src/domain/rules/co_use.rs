//! Rules `sedative-co-use` (opioids, benzodiazepines, alcohol or other sedatives were
//! taken during the taper) and `interaction-review` (other medicines or drugs were).

use chrono::NaiveDate;

use super::{Alert, Audience, RuleId, Severity, within_last};
use crate::domain::basis::{CDC_2022_COMBINATION, Substance, TANNA_2023};
use crate::domain::patient::PatientRecord;
use crate::domain::schedule::Schedule;

/// Sedative use in the last 14 days (today and the 13 days before) is reported: the
/// same reach as red flags, so that drowsiness or breathing trouble logged in that
/// time can be read beside it, and long enough to cover the two-weekly visit.
pub const SEDATIVE_WINDOW_DAYS: u32 = 14;

/// One warning, for the patient and the clinician, naming every sedating substance
/// ([`Substance::is_sedating`]) logged in the last [`SEDATIVE_WINDOW_DAYS`] days and
/// the days it was logged. Combined with kratom they add to the risk of respiratory
/// depression (CDC 2022 on opioids with benzodiazepines and other central nervous
/// system depressants).
///
/// It stays a warning even on a day with an emergency red flag: that day already
/// raises an urgent [`RuleId::RedFlag`] alert, and one urgent alert per day is clearer
/// than two.
pub fn sedative_co_use(
    record: &PatientRecord,
    _schedule: &Schedule,
    today: NaiveDate,
) -> Vec<Alert> {
    let days: Vec<(NaiveDate, Vec<Substance>)> = record
        .journal
        .entries()
        .iter()
        .filter(|e| within_last(e.date, today, SEDATIVE_WINDOW_DAYS))
        .filter_map(|e| {
            let sedating: Vec<Substance> = Substance::ALL
                .into_iter()
                .filter(|s| s.is_sedating() && e.substances.contains(s))
                .collect();
            (!sedating.is_empty()).then_some((e.date, sedating))
        })
        .collect();
    let Some(&(latest, _)) = days.last() else {
        return Vec::new();
    };
    let listed: Vec<String> = days
        .iter()
        .map(|(date, substances)| {
            let names: Vec<&str> = substances.iter().map(|s| s.label()).collect();
            format!("{date}: {}", names.join("; "))
        })
        .collect();
    let count = days.len();
    let message = format!(
        "Sedating substances were logged on {count} of the last {SEDATIVE_WINDOW_DAYS} days \
         ({}). Taken with kratom they add to the risk of slowed breathing.",
        listed.join(" — ")
    );
    vec![Alert {
        rule: RuleId::SedativeCoUse,
        severity: Severity::Warning,
        audience: Audience::Both,
        title: "Sedatives taken with kratom".to_string(),
        message,
        patient_instruction: Some(
            "Do not combine kratom with opioids, benzodiazepines, alcohol or other sedatives. \
             If you are very drowsy or hard to wake, or your breathing is slow, call emergency \
             services now."
                .to_string(),
        ),
        date: latest,
        triggered_by: days.iter().map(|(d, _)| *d).collect(),
        basis: vec![CDC_2022_COMBINATION],
        suggestion: None,
    }]
}

/// Other medicines or drugs logged in the last 28 days (today and the 27 before) are
/// reported: until the next visit when visits are at least monthly (CDC 2022), so the
/// clinician reviews them there.
pub const INTERACTION_WINDOW_DAYS: u32 = 28;

/// A warning to the clinician when "other medicines or drugs" ([`Substance::Other`])
/// were logged in the last [`INTERACTION_WINDOW_DAYS`] days: kratom raised midazolam
/// (CYP3A) exposure 1.39-fold in 12 volunteers (Tanna 2023), so the patient's medicines
/// deserve a review for interactions, above all those cleared by CYP3A.
pub fn interaction_review(
    record: &PatientRecord,
    _schedule: &Schedule,
    today: NaiveDate,
) -> Vec<Alert> {
    let days: Vec<NaiveDate> = record
        .journal
        .entries()
        .iter()
        .filter(|e| {
            e.substances.contains(&Substance::Other)
                && within_last(e.date, today, INTERACTION_WINDOW_DAYS)
        })
        .map(|e| e.date)
        .collect();
    let Some(&latest) = days.last() else {
        return Vec::new();
    };
    let listed: Vec<String> = days.iter().map(ToString::to_string).collect();
    vec![Alert {
        rule: RuleId::InteractionReview,
        severity: Severity::Warning,
        audience: Audience::Clinician,
        title: "Other medicines logged: review for interactions".to_string(),
        message: format!(
            "Other medicines or drugs were logged on {} (in the last \
             {INTERACTION_WINDOW_DAYS} days). Kratom raised exposure to midazolam, a CYP3A \
             substrate, 1.39-fold in a study of 12 volunteers: review the patient's medicines \
             for interactions, above all those cleared by CYP3A.",
            listed.join(", ")
        ),
        patient_instruction: None,
        date: latest,
        triggered_by: days,
        basis: vec![TANNA_2023],
        suggestion: None,
    }]
}
