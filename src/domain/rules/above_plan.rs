//! Rules `above-plan` (more was taken than planned on several recent days) and
//! `far-above-plan` (one day far above plan).

use chrono::NaiveDate;

use super::{Alert, Audience, RuleId, Severity, within_last};
use crate::domain::basis::{FDA_LABELING_2019, KRATOM_COMMUNITY};
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

/// One day at half again the planned amount or more (150%) fires on its own. The
/// threshold is the app's own: with cuts of at most 25% (the default maximum, FDA
/// labeling and ASAM 2025), the amount before the last cut is at most a third above the
/// current one, so a day 50% above plan is more than the return to the last daily
/// amount that community practice accepts, and the clinician should ask why. A day
/// after the stop with any amount taken counts too (the plan is zero).
pub const ABOVE_PLAN_FAR_PERCENT: i64 = 150;

/// A warning to the clinician naming every day in the last [`ABOVE_PLAN_WINDOW_DAYS`]
/// days on which the logged total was at least [`ABOVE_PLAN_FAR_PERCENT`] of the plan.
pub fn far_above_plan(record: &PatientRecord, schedule: &Schedule, today: NaiveDate) -> Vec<Alert> {
    let unit = schedule.unit;
    let far: Vec<(NaiveDate, String)> = record
        .journal
        .entries()
        .iter()
        .filter(|e| !e.doses.is_empty() && within_last(e.date, today, ABOVE_PLAN_WINDOW_DAYS))
        .filter_map(|e| {
            let taken = e.total_taken();
            let planned = schedule.planned_on(e.date);
            let is_far = !taken.is_zero()
                && i128::from(taken.milli()) * 100
                    >= i128::from(planned.milli()) * i128::from(ABOVE_PLAN_FAR_PERCENT);
            is_far.then(|| {
                let share = if planned.is_zero() {
                    "the plan was zero".to_string()
                } else {
                    format!(
                        "{} of the plan",
                        crate::domain::pace::percent_text(taken, planned)
                    )
                };
                (
                    e.date,
                    format!(
                        "{}: {} taken, {} planned ({share})",
                        e.date,
                        taken.with_unit(unit),
                        planned.with_unit(unit)
                    ),
                )
            })
        })
        .collect();
    let Some(&(latest, _)) = far.last() else {
        return Vec::new();
    };
    let lines: Vec<&str> = far.iter().map(|(_, line)| line.as_str()).collect();
    let message = format!(
        "Far more than planned was taken ({}). At {ABOVE_PLAN_FAR_PERCENT}% of the plan or \
         more (the app's own threshold) this is more than a return to the amount before the \
         last cut, which community practice accepts; ask the patient what happened.",
        lines.join("; ")
    );
    vec![Alert {
        rule: RuleId::FarAbovePlan,
        severity: Severity::Warning,
        audience: Audience::Clinician,
        title: format!("Far above plan on {latest}"),
        message,
        patient_instruction: None,
        date: latest,
        triggered_by: far.iter().map(|(d, _)| *d).collect(),
        basis: vec![KRATOM_COMMUNITY, FDA_LABELING_2019],
        suggestion: None,
    }]
}
