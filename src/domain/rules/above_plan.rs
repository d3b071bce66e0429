//! Rule `above-plan`: more was taken than planned on several recent days.

use chrono::NaiveDate;

use super::{Alert, Audience, RuleId, Severity, within_last};
use crate::domain::basis::KRATOM_COMMUNITY;
use crate::domain::patient::PatientRecord;
use crate::domain::schedule::Schedule;

/// The rule looks at the last 7 days (today and the six before): one step of the
/// default plan, and the 5–7 days community practice leaves between cuts.
pub const ABOVE_PLAN_WINDOW_DAYS: u32 = 7;

/// Three days above plan within the window fire the rule. One or two days over are
/// ordinary slips; three in a week suggest the current step does not hold, and
/// community practice holds that returning to the last daily dose and resuming the
/// taper is acceptable, which is a decision for the clinician to make.
pub const ABOVE_PLAN_MIN_DAYS: usize = 3;

/// A warning to the clinician when the logged total was above the planned amount
/// ([`Schedule::planned_on`]) on at least [`ABOVE_PLAN_MIN_DAYS`] of the last
/// [`ABOVE_PLAN_WINDOW_DAYS`] days. Only days with logged doses count: a day without
/// doses says nothing about the amount. The message lists each such day's amount
/// taken against the plan.
pub fn above_plan(record: &PatientRecord, schedule: &Schedule, today: NaiveDate) -> Vec<Alert> {
    let unit = schedule.unit;
    let over: Vec<(NaiveDate, String)> = record
        .journal
        .entries()
        .iter()
        .filter(|e| !e.doses.is_empty() && within_last(e.date, today, ABOVE_PLAN_WINDOW_DAYS))
        .filter_map(|e| {
            let taken = e.total_taken();
            let planned = schedule.planned_on(e.date);
            (taken > planned).then(|| {
                (
                    e.date,
                    format!(
                        "{}: {} taken, {} planned",
                        e.date,
                        taken.with_unit(unit),
                        planned.with_unit(unit)
                    ),
                )
            })
        })
        .collect();
    if over.len() < ABOVE_PLAN_MIN_DAYS {
        return Vec::new();
    }
    let count = over.len();
    let lines: Vec<&str> = over.iter().map(|(_, line)| line.as_str()).collect();
    let message = format!(
        "More than planned was taken on {count} of the last {ABOVE_PLAN_WINDOW_DAYS} days ({}). \
         The current step may be too fast; returning to the last daily amount and resuming \
         the taper later is accepted practice.",
        lines.join("; ")
    );
    let dates: Vec<NaiveDate> = over.iter().map(|(d, _)| *d).collect();
    vec![Alert {
        rule: RuleId::AbovePlan,
        severity: Severity::Warning,
        audience: Audience::Clinician,
        title: format!("Above plan on {count} of the last {ABOVE_PLAN_WINDOW_DAYS} days"),
        message,
        patient_instruction: None,
        date: *dates.last().unwrap_or(&today),
        triggered_by: dates,
        basis: vec![KRATOM_COMMUNITY],
        suggestion: None,
    }]
}
