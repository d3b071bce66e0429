//! `visit`: a clinician's visit from the command line, recorded as the Visit screen
//! records it: the COWS score (all items or none), the decision with its reason,
//! applied as a dated revision that never rewrites a day before today, and, with
//! `--acknowledge`, the alerts shown marked as seen. Bad input exits 2 with one line
//! naming the flag, and the file is left as it was.

use std::path::PathBuf;
use std::process::ExitCode;

use chrono::{NaiveDate, NaiveDateTime};
use clap::Args;

use super::journal::entry_error;
use super::output::{self, one_line};
use super::review::alert_text;
use super::{
    InputError, bad_input, file_schedule, input_error, open_to_change, parse_amount, parse_count,
    parse_date, parse_today,
};
use crate::domain::amount::Amount;
use crate::domain::dates;
use crate::domain::instrument::{COWS_ID, InstrumentScore, ItemAnswer, builtin_by_id};
use crate::domain::journal::{Decision, Visit};
use crate::domain::patient::PatientRecord;
use crate::domain::revision::{Change, Revision};
use crate::domain::rules::{Alert, acknowledge_all, evaluate};
use crate::domain::schedule::Schedule;
use crate::domain::visit::MAX_DECISION_DAYS;

/// Arguments of `visit`.
#[derive(Debug, Args)]
pub struct VisitArgs {
    /// The patient file.
    pub file: PathBuf,
    /// The day of the visit (YYYY-MM-DD).
    #[arg(long, value_name = "YYYY-MM-DD", allow_hyphen_values = true)]
    pub date: String,
    /// Who decided (recorded with the visit, the revision and the audit list).
    #[arg(long, value_name = "NAME")]
    pub by: String,
    /// A COWS item's score, ITEM=SCORE; give all 11 items or none (repeatable).
    #[arg(long, value_name = "ITEM=SCORE", allow_hyphen_values = true)]
    pub cows: Vec<String>,
    /// continue, hold, slow-down, set-amount or stop.
    #[arg(
        long,
        value_name = "DECISION",
        default_value = "continue",
        allow_hyphen_values = true
    )]
    pub decision: String,
    /// Days to hold (default 7) or days per step from now on (default 14).
    #[arg(long, value_name = "N", allow_hyphen_values = true)]
    pub days: Option<String>,
    /// The new daily amount, in the plan's unit (set-amount).
    #[arg(long, value_name = "AMOUNT", allow_hyphen_values = true)]
    pub amount: Option<String>,
    /// Why; required for every decision but continue.
    #[arg(long, value_name = "TEXT")]
    pub reason: Option<String>,
    /// Mark the alerts shown (the clinician's, as of --today) as seen: red flags and
    /// hold requests stay alerts until a visit does.
    #[arg(long)]
    pub acknowledge: bool,
    /// The day it is (default today); the revision starts no earlier.
    #[arg(long, value_name = "YYYY-MM-DD", allow_hyphen_values = true)]
    pub today: Option<String>,
}

/// Records the visit; exit 2 (file untouched) on bad input, 3 when the file does not
/// load.
pub fn run_visit(args: &VisitArgs, now: NaiveDateTime) -> ExitCode {
    let today = match parse_today(args.today.as_deref(), now.date()) {
        Ok(day) => day,
        Err(err) => return bad_input(&err),
    };
    let mut file = match open_to_change(&args.file) {
        Ok(file) => file,
        Err(code) => return code,
    };
    let schedule = match file_schedule(&args.file, file.record.plan.schedule()) {
        Ok(schedule) => schedule,
        Err(code) => return code,
    };
    let alerts: Vec<Alert> = evaluate(&file.record, &schedule, today)
        .into_iter()
        .filter(|a| a.audience.includes_clinician())
        .collect();
    let recorded = match recorded_visit(args, &file.record, &schedule, &alerts, today, now) {
        Ok(recorded) => recorded,
        Err(err) => return bad_input(&err),
    };
    file.record = recorded.record;
    file.set_actor(crate::domain::identity::Actor::clinician(args.by.trim()));
    match file.save() {
        Ok(()) => {
            let mut out = recorded.said;
            if !args.acknowledge {
                for alert in &alerts {
                    out.push_str(&alert_text(alert, &schedule));
                }
            }
            output::print(&out);
            ExitCode::SUCCESS
        }
        Err(err) => {
            output::error(format_args!("the visit was not saved: {err}"));
            ExitCode::FAILURE
        }
    }
}

/// The record with the visit (and its revision) in it, and what to tell the user.
struct Recorded {
    record: PatientRecord,
    said: String,
}

/// Checks every argument and applies the visit to a copy of the record, so that
/// nothing is changed unless all of it is right.
fn recorded_visit(
    args: &VisitArgs,
    record: &PatientRecord,
    schedule: &Schedule,
    alerts: &[Alert],
    today: NaiveDate,
    now: NaiveDateTime,
) -> Result<Recorded, InputError> {
    let (visit, change) = visit_from_args(args, record, alerts, today)?;
    let by = visit.decided_by.clone();
    let mut updated = record.clone();
    // A revision never rewrites a day before today, nor one before the plan starts.
    let effective = visit.date.max(today).max(schedule.start_date);
    if let Some(change) = change {
        let flag = match visit.decision {
            Decision::Hold | Decision::SlowDown => "--days",
            Decision::Adjust => "--amount",
            _ => "--decision",
        };
        let revision = Revision {
            effective,
            change,
            reason: visit.reason.clone(),
            decided_by: by.clone(),
            meta: Default::default(),
        };
        updated
            .revise(revision, now)
            .map_err(|e| input_error(flag, e.message))?;
    }
    let what = visit.describe();
    updated.visits.push(visit);
    updated.audit(&by, now, what.clone());
    let stop = updated
        .plan
        .schedule()
        .map_or(schedule.stop_date, |s| s.stop_date);
    let mut said = format!(
        "{} {}\nsaved in {}\n",
        one_line(&by),
        one_line(&what),
        output::path(&args.file)
    );
    if stop != schedule.stop_date {
        said.push_str(&format!(
            "the plan now stops on {stop} (was {}); the change starts on {effective}\n",
            schedule.stop_date
        ));
    }
    if !args.acknowledge && !alerts.is_empty() {
        said.push_str(&format!(
            "{} alert(s) shown and not marked as seen; pass --acknowledge once you have seen \
             them:\n",
            alerts.len()
        ));
    }
    Ok(Recorded {
        record: updated,
        said,
    })
}

/// The visit the arguments describe, and the plan change its decision makes.
fn visit_from_args(
    args: &VisitArgs,
    record: &PatientRecord,
    alerts: &[Alert],
    today: NaiveDate,
) -> Result<(Visit, Option<Change>), InputError> {
    let date = visit_date(&args.date, today)?;
    let by = args.by.trim();
    if by.is_empty() {
        return Err(input_error(
            "--by",
            "give the name of the clinician who decided",
        ));
    }
    let decision = Decision::from_cli_name(&args.decision).ok_or_else(|| {
        input_error(
            "--decision",
            format!(
                "unknown decision '{}'; use continue, hold, slow-down, set-amount or stop",
                args.decision
            ),
        )
    })?;
    let reason = args
        .reason
        .as_deref()
        .unwrap_or_default()
        .trim()
        .to_string();
    if decision != Decision::Continue && reason.is_empty() {
        return Err(input_error(
            "--reason",
            format!(
                "a '{}' decision needs a reason; it is kept in the plan's history",
                decision.cli_name()
            ),
        ));
    }
    let change = decision_change(args, decision, record)?;
    let visit = Visit {
        date,
        cows: cows(&args.cows)?,
        decision,
        reason,
        decided_by: by.to_string(),
        acknowledged: if args.acknowledge {
            acknowledge_all(alerts, record)
        } else {
            Vec::new()
        },
        meta: Default::default(),
    };
    visit
        .validate()
        .map_err(|e| entry_error(&e, record.plan.inputs.unit))?;
    Ok((visit, change))
}

/// The visit's day: not one that has not come yet ([`dates::not_yet`]: a visit not yet
/// held cannot be recorded).
fn visit_date(text: &str, today: NaiveDate) -> Result<NaiveDate, InputError> {
    let date = parse_date("--date", text)?;
    if dates::not_yet(date, today) {
        return Err(input_error(
            "--date",
            format!("{date} has not come yet (today is {today}); record a visit once it is held"),
        ));
    }
    Ok(date)
}

/// The plan change of the decision, from `--days` and `--amount`, each only where the
/// decision takes it.
fn decision_change(
    args: &VisitArgs,
    decision: Decision,
    record: &PatientRecord,
) -> Result<Option<Change>, InputError> {
    let days = match (&args.days, decision.takes_days()) {
        (Some(text), true) => parse_count("--days", text, 1..=MAX_DECISION_DAYS)?,
        (None, true) => decision.default_days(),
        (Some(_), false) => {
            return Err(input_error(
                "--days",
                "only a hold or a slow-down takes a number of days",
            ));
        }
        (None, false) => 0,
    };
    let unit = record.plan.inputs.unit;
    let amount = match (&args.amount, decision) {
        (Some(text), Decision::Adjust) => parse_amount("--amount", text, unit)?,
        (None, Decision::Adjust) => {
            return Err(input_error(
                "--amount",
                format!("set-amount needs the new daily amount, such as --amount 8{unit}"),
            ));
        }
        (Some(_), _) => {
            return Err(input_error("--amount", "only set-amount takes an amount"));
        }
        (None, _) => Amount::ZERO,
    };
    let flag = if decision == Decision::Adjust {
        "--amount"
    } else {
        "--days"
    };
    decision
        .change(days, amount)
        .map_err(|e| input_error(flag, e))
}

/// The COWS score from ITEM=SCORE pairs: every item or none, each an allowed value.
fn cows(pairs: &[String]) -> Result<Option<InstrumentScore>, InputError> {
    if pairs.is_empty() {
        return Ok(None);
    }
    let instrument = builtin_by_id(COWS_ID)
        .ok_or_else(|| input_error("--cows", "the COWS instrument is not available"))?;
    let mut answers: Vec<(String, u8)> = Vec::new();
    for pair in pairs {
        let (item, score) = pair
            .split_once('=')
            .ok_or_else(|| input_error("--cows", format!("'{pair}' is not ITEM=SCORE")))?;
        let score: u8 = score
            .trim()
            .parse()
            .map_err(|_| input_error("--cows", format!("'{score}' is not a score in '{pair}'")))?;
        answers.push((item.trim().to_string(), score));
    }
    instrument.score(&answers).map_err(|e| {
        input_error(
            "--cows",
            format!("{e}; rate all {} items or none", instrument.items.len()),
        )
    })?;
    Ok(Some(InstrumentScore {
        instrument: instrument.id.clone(),
        answers: answers
            .into_iter()
            .map(|(item, score)| ItemAnswer { item, score })
            .collect(),
    }))
}
