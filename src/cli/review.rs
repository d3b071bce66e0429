//! `review`: the patient's status and every alert with its rule, dates and basis, as
//! text for people or JSON for other programs; exit 4 when an urgent alert is present.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::{Args, ValueEnum};

use super::output::{self, one_line};
use super::{EXIT_BAD_FILE, bad_input, file_schedule, parse_today};
use crate::domain::patient::PatientRecord;
use crate::domain::rules::{Alert, Audience, Severity, Suggestion, evaluate};
use crate::domain::schedule::Schedule;
use crate::store::patient_file::load;

/// Exit status of `review` when an urgent alert is present.
pub const EXIT_URGENT: u8 = 4;

/// Output formats of `review`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReviewFormat {
    Text,
    Json,
}

/// Arguments of `review`.
#[derive(Debug, Args)]
pub struct ReviewArgs {
    /// The patient file.
    pub file: PathBuf,
    /// The day to review as (default today).
    #[arg(long, value_name = "YYYY-MM-DD", allow_hyphen_values = true)]
    pub today: Option<String>,
    /// text (for people) or json.
    #[arg(long, value_enum, default_value_t = ReviewFormat::Text)]
    pub format: ReviewFormat,
}

/// Prints the patient's status and every alert with its rule and basis; exit 4 when an
/// urgent alert is present.
pub fn run_review(args: &ReviewArgs, today: NaiveDate) -> ExitCode {
    let today = match parse_today(args.today.as_deref(), today) {
        Ok(date) => date,
        Err(err) => return bad_input(&err),
    };
    let (record, schedule) = match load_with_schedule(&args.file) {
        Ok(pair) => pair,
        Err(code) => return code,
    };
    let alerts = evaluate(&record, &schedule, today);
    let text = match args.format {
        ReviewFormat::Text => review_text(&record, &schedule, &alerts, today),
        ReviewFormat::Json => review_json(&record, &schedule, &alerts, today),
    };
    match args.format {
        ReviewFormat::Text => output::print(&text),
        ReviewFormat::Json => output::print_json(&text),
    }
    if alerts.iter().any(|a| a.severity == Severity::Urgent) {
        ExitCode::from(EXIT_URGENT)
    } else {
        ExitCode::SUCCESS
    }
}

/// The record and its schedule, or the exit code after saying why not (exit 3).
pub(crate) fn load_with_schedule(path: &Path) -> Result<(PatientRecord, Schedule), ExitCode> {
    let record = match load(path) {
        Ok((record, _)) => record,
        Err(err) => {
            output::error(err);
            return Err(ExitCode::from(EXIT_BAD_FILE));
        }
    };
    let schedule = file_schedule(path, record.plan.schedule())?;
    Ok((record, schedule))
}

/// Where the taper stands on `today`, in one line.
pub fn status_line(schedule: &Schedule, today: NaiveDate) -> String {
    if today < schedule.start_date {
        format!("The taper starts on {}.", schedule.start_date)
    } else if today >= schedule.stop_date {
        format!("The taper ended on {} (stop date).", schedule.stop_date)
    } else {
        format!(
            "Day {} of {}: {} planned today.",
            (today - schedule.start_date).num_days() + 1,
            schedule.taper_days(),
            schedule.planned_on(today).with_unit(schedule.unit)
        )
    }
}

fn review_text(
    record: &PatientRecord,
    schedule: &Schedule,
    alerts: &[Alert],
    today: NaiveDate,
) -> String {
    let mut out = format!(
        "Patient: {}\nReview as of {today}\n{}\n",
        one_line(&record.patient.display_name),
        status_line(schedule, today)
    );
    out.push_str(&match schedule.next_check_in(today) {
        Some(c) => format!("Next check-in: {} on {}\n", c.kind.word(), c.date),
        None => "Next check-in: none planned\n".to_string(),
    });
    out.push_str(&format!(
        "Journal entries: {} (last {})\n",
        record.journal.len(),
        record
            .last_entry_date()
            .map_or("none".to_string(), |d| d.to_string())
    ));
    if alerts.is_empty() {
        out.push_str("\nNo alerts.\n");
    } else {
        out.push_str(&format!("\nAlerts ({}):\n", alerts.len()));
    }
    for alert in alerts {
        out.push_str(&alert_text(alert, schedule));
    }
    out.push_str("\nNot medical advice: these alerts support the clinician's decision.\n");
    out
}

/// One alert for people: severity, title and message, then its rule, the days that
/// triggered it, what the patient is told, the suggestion and every basis.
pub fn alert_text(alert: &Alert, schedule: &Schedule) -> String {
    let mut out = format!(
        "\n[{}] {} — {}\n  rule: {}\n",
        alert.severity.word().to_uppercase(),
        one_line(&alert.title),
        one_line(&alert.message),
        alert.rule.name()
    );
    if !alert.triggered_by.is_empty() {
        let dates: Vec<String> = alert.triggered_by.iter().map(ToString::to_string).collect();
        out.push_str(&format!(
            "  triggered by the entries of: {}\n",
            dates.join(", ")
        ));
    }
    if let Some(instruction) = &alert.patient_instruction {
        out.push_str(&format!("  for the patient: {}\n", one_line(instruction)));
    }
    if let Some(suggestion) = &alert.suggestion {
        out.push_str(&format!(
            "  suggestion for the clinician: {} from {}\n",
            suggestion.change().describe(schedule.unit),
            suggestion.effective()
        ));
    }
    for basis in &alert.basis {
        out.push_str(&format!(
            "  basis: {} ({})\n",
            one_line(basis.text),
            one_line(basis.source)
        ));
    }
    out
}

/// The review as JSON: exactly `patient`, `today`, `status` and `alerts`, each alert
/// with exactly `rule`, `severity`, `audience`, `dates`, `message`, `basis` and
/// `suggestion` (ISSUE-NOTES.md).
pub fn review_json(
    record: &PatientRecord,
    schedule: &Schedule,
    alerts: &[Alert],
    today: NaiveDate,
) -> String {
    let alerts: Vec<serde_json::Value> = alerts.iter().map(alert_json).collect();
    let value = serde_json::json!({
        "patient": record.patient.display_name,
        "today": today.to_string(),
        "status": status_line(schedule, today),
        "alerts": alerts,
    });
    let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
    text.push('\n');
    text
}

fn alert_json(alert: &Alert) -> serde_json::Value {
    // An alert raised by an absence (an overdue check-in) names the day it was due.
    let dates: Vec<String> = if alert.triggered_by.is_empty() {
        vec![alert.date.to_string()]
    } else {
        alert.triggered_by.iter().map(ToString::to_string).collect()
    };
    let audience = match alert.audience {
        Audience::Patient => "patient",
        Audience::Clinician => "clinician",
        Audience::Both => "both",
    };
    let suggestion = alert.suggestion.map(|s| match s {
        Suggestion::Hold { from, days } => {
            serde_json::json!({"hold_days": days, "from": from.to_string()})
        }
    });
    serde_json::json!({
        "rule": alert.rule.name(),
        "severity": alert.severity.word(),
        "audience": audience,
        "dates": dates,
        // One line, whatever a quoted note holds.
        "message": format!("{}: {}", alert.title, alert.message).replace(['\n', '\r'], " "),
        "basis": alert
            .basis
            .iter()
            .map(|b| serde_json::json!({"source": b.source, "text": b.text}))
            .collect::<Vec<_>>(),
        "suggestion": suggestion,
    })
}
