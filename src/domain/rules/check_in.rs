//! Rule `overdue-check-in`: a planned visit or self check-in has not happened.

use chrono::NaiveDate;

use super::{Alert, Audience, RuleId, Severity, days_word};
use crate::domain::basis::{ASAM_2025, CDC_2022_PACE};
use crate::domain::checkin::{CheckIn, CheckInKind, SELF_CHECK_DELAY_DAYS};
use crate::domain::patient::PatientRecord;
use crate::domain::schedule::Schedule;

/// A self check-in counts as missed once it is two days past with nothing logged since.
/// It falls two days after a cut, when withdrawal from the cut is felt; two more days
/// leave time for a late entry, while the next cut (a week after the last) is still
/// days away, so the clinician can still act on what the patient reports.
pub const SELF_CHECK_GRACE_DAYS: u32 = 2;

/// Up to two alerts, for a missed visit and for a missed self check-in.
///
/// Visit: the latest planned visit dated after the plan start and before today, with
/// no visit recorded on or after its date, is a warning to the clinician, because CDC
/// 2022 asks for follow-up at least monthly during a taper. A visit is only known to be
/// missed the day after it was due, so a visit due today never fires.
///
/// Self check-in: the latest one that is at least [`SELF_CHECK_GRACE_DAYS`] days past,
/// with no journal entry on or after its date, is a note to the patient and the
/// clinician, because ASAM 2025 asks for withdrawal to be checked at each reduction.
///
/// Both are triggered by an absence, so `triggered_by` is empty and the alert's date is
/// the due date.
pub fn overdue_check_in(
    record: &PatientRecord,
    schedule: &Schedule,
    today: NaiveDate,
) -> Vec<Alert> {
    let mut alerts = Vec::new();
    let latest = |kind: CheckInKind, due_by: &dyn Fn(NaiveDate) -> bool| -> Option<CheckIn> {
        schedule
            .check_ins
            .iter()
            .rev()
            .find(|c| c.kind == kind && c.date > schedule.start_date && due_by(c.date))
            .copied()
    };

    if let Some(visit) = latest(CheckInKind::Visit, &|d| d < today)
        && !record.visits.iter().any(|v| v.date >= visit.date)
    {
        let due = visit.date;
        let late = days_word((today - due).num_days());
        alerts.push(Alert {
            rule: RuleId::OverdueCheckIn,
            severity: Severity::Warning,
            audience: Audience::Clinician,
            title: "Visit overdue".to_string(),
            message: format!(
                "The visit due on {due} is {late} overdue: no visit has been recorded on or \
                 after that date. Follow-up at least monthly is advised during a taper."
            ),
            patient_instruction: None,
            date: due,
            triggered_by: Vec::new(),
            basis: vec![CDC_2022_PACE],
            suggestion: None,
        });
    }

    let self_check_due = |d: NaiveDate| (today - d).num_days() >= i64::from(SELF_CHECK_GRACE_DAYS);
    if let Some(check) = latest(CheckInKind::SelfCheck, &self_check_due)
        && !record
            .journal
            .since(check.date)
            .iter()
            .any(|e| e.date <= today)
    {
        let due = check.date;
        let late = days_word((today - due).num_days());
        let cut = due
            .checked_sub_days(chrono::Days::new(SELF_CHECK_DELAY_DAYS))
            .unwrap_or(due);
        alerts.push(Alert {
            rule: RuleId::OverdueCheckIn,
            severity: Severity::Note,
            audience: Audience::Both,
            title: "Self check-in overdue".to_string(),
            message: format!(
                "The self check-in due on {due} (after the cut on {cut}) is {late} overdue: \
                 nothing has been logged since. Rate the withdrawal symptoms and log the \
                 amounts taken, so the clinician can see how the cut went."
            ),
            patient_instruction: None,
            date: due,
            triggered_by: Vec::new(),
            basis: vec![ASAM_2025],
            suggestion: None,
        });
    }
    alerts
}
