//! `log` and `review`: the patient's day and the alerts, from the command line, with
//! the same validation and rules as the app. Logging a day again adds to its entry
//! (the domain's [`DayEntry::merged_with`]); `--replace` replaces it, and a red flag
//! removed that way is written to the audit list.

use std::path::PathBuf;
use std::process::ExitCode;

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use clap::Args;

use super::output;
use super::{
    InputError, bad_input, file_schedule, input_error, open_to_change, parse_date, parse_today,
};
use crate::domain::amount::{Amount, Unit};
use crate::domain::basis::{RedFlag, Substance};
use crate::domain::dates;
use crate::domain::instrument::{InstrumentScore, ItemAnswer, builtin_by_id};
use crate::domain::journal::{
    DayEntry, DoseTaken, JournalError, MAX_LOGGED_AMOUNT, red_flag_names,
};
use crate::domain::patient::PatientRecord;
use crate::domain::schedule::Schedule;

/// Arguments of `log`.
#[derive(Debug, Args)]
pub struct LogArgs {
    /// The patient file.
    pub file: PathBuf,
    /// The day the entry is for (YYYY-MM-DD).
    #[arg(long, value_name = "YYYY-MM-DD", allow_hyphen_values = true)]
    pub date: String,
    /// An amount taken, in the plan's unit (repeat for several doses; "4g@08:00" adds a time).
    #[arg(long, value_name = "AMOUNT", allow_hyphen_values = true)]
    pub taken: Vec<String>,
    /// A symptom rating of the plan's daily instrument, ITEM=SCORE (repeatable).
    #[arg(long, value_name = "ITEM=SCORE", allow_hyphen_values = true)]
    pub symptom: Vec<String>,
    /// A red-flag symptom (repeatable).
    #[arg(long = "red-flag", value_name = "NAME", allow_hyphen_values = true)]
    pub red_flag: Vec<String>,
    /// Another substance used that day (repeatable).
    #[arg(long, value_name = "NAME", allow_hyphen_values = true)]
    pub substance: Vec<String>,
    /// The product taken (name as on the package).
    #[arg(long, value_name = "NAME")]
    pub product: Option<String>,
    /// The product's lot or batch number.
    #[arg(long, value_name = "LOT", requires = "product")]
    pub lot: Option<String>,
    /// Cravings, 0 to 10.
    #[arg(long, value_name = "0-10", allow_hyphen_values = true)]
    pub cravings: Option<String>,
    /// Pain, 0 to 10.
    #[arg(long, value_name = "0-10", allow_hyphen_values = true)]
    pub pain: Option<String>,
    /// Hours slept (e.g. 7.5).
    #[arg(long, value_name = "HOURS", allow_hyphen_values = true)]
    pub sleep: Option<String>,
    /// A note in the patient's words.
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,
    /// Ask the clinician to pause the taper.
    #[arg(long)]
    pub request_hold: bool,
    /// Replace the day's whole entry instead of adding to it (a red flag removed this
    /// way is written to the audit list).
    #[arg(long)]
    pub replace: bool,
    /// The day it is (default today): the entry is marked as written then, and days
    /// more than one day after it are refused.
    #[arg(long, value_name = "YYYY-MM-DD", allow_hyphen_values = true)]
    pub today: Option<String>,
}

/// The names `log` accepts, for its help text.
pub fn log_help_names() -> String {
    let mut text = String::from("Red flags (--red-flag):\n");
    for flag in RedFlag::ALL {
        text.push_str(&format!(
            "  {:<22} {}\n",
            flag.cli_name(),
            flag.plain_label()
        ));
    }
    text.push_str("\nSubstances (--substance):\n");
    for substance in Substance::ALL {
        text.push_str(&format!(
            "  {:<22} {}\n",
            substance.cli_name(),
            substance.label()
        ));
    }
    for id in ["kratom-daily", "sows"] {
        if let Some(instrument) = builtin_by_id(id) {
            let scores: Vec<String> = instrument
                .items
                .first()
                .map(|i| i.values.iter().map(|v| v.score.to_string()).collect())
                .unwrap_or_default();
            text.push_str(&format!("\nSymptoms (--symptom ITEM=SCORE, scores {}) when the daily instrument is {} ({}):\n", scores.join(","), instrument.id, instrument.name));
            for item in &instrument.items {
                text.push_str(&format!("  {:<22} {}\n", item.id, item.label));
            }
        }
    }
    text
}

/// Adds to a day's entry, or replaces it with `--replace`; bad input exits 2 and leaves
/// the file untouched.
pub fn run_log(args: &LogArgs, now: NaiveDateTime) -> ExitCode {
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
    let logged = match logged_entry(args, &file.record, &schedule, today) {
        Ok(logged) => logged,
        Err(err) => return bad_input(&err),
    };
    let date = logged.entry.date;
    let by = crate::domain::identity::Actor::patient("patient (command line)");
    file.set_actor(by.clone());
    file.record.put_day(logged.entry, &by, now);
    file.record.audit_by(
        &by,
        now,
        logged.audit.clone(),
        &mut crate::store::ids::RandomIds,
    );
    match file.save() {
        Ok(()) => {
            output::print(&format!("{} ({})\n", logged.said, output::path(&args.file)));
            ExitCode::SUCCESS
        }
        Err(err) => {
            output::error(format_args!("the entry for {date} was not saved: {err}"));
            ExitCode::FAILURE
        }
    }
}

/// The day's entry as it will be saved, with the audit line and what to tell the user.
struct Logged {
    entry: DayEntry,
    audit: String,
    said: String,
}

/// The entry the arguments give, added to the day's entry (or replacing it), checked
/// as a whole.
fn logged_entry(
    args: &LogArgs,
    record: &PatientRecord,
    schedule: &Schedule,
    today: NaiveDate,
) -> Result<Logged, InputError> {
    let added = entry_from_args(args, record, schedule, today)?;
    let date = added.date;
    let Some(existing) = record.journal.get(date) else {
        return Ok(Logged {
            entry: added,
            audit: format!("logged the journal entry for {date}"),
            said: format!("added the entry for {date}"),
        });
    };
    if args.replace {
        let removed = existing.red_flags_removed_by(&added);
        let mut audit = format!("replaced the journal entry for {date}");
        if !removed.is_empty() {
            audit.push_str(&format!(
                " (removed the red flags {})",
                red_flag_names(&removed)
            ));
        }
        return Ok(Logged {
            entry: added,
            audit,
            said: format!("replaced the entry for {date}"),
        });
    }
    let merged = existing.merged_with(&added);
    merged.validate().map_err(|e| {
        let err = entry_error(&e, schedule.unit);
        input_error(
            &err.flag,
            format!("with the day's earlier entry, {}", err.message),
        )
    })?;
    Ok(Logged {
        entry: merged,
        audit: format!("added to the journal entry for {date}"),
        said: format!("added to the entry for {date}"),
    })
}

/// Builds and validates the day's entry from the arguments alone.
fn entry_from_args(
    args: &LogArgs,
    record: &PatientRecord,
    schedule: &Schedule,
    today: NaiveDate,
) -> Result<DayEntry, InputError> {
    let date = log_date(&args.date, schedule, today)?;
    let unit = record.plan.inputs.unit;
    let mut entry = DayEntry::new(date);
    // The day it was written down; a later day marks the entry as late.
    entry.logged_on = (today >= date).then_some(today);
    entry.doses = args
        .taken
        .iter()
        .map(|text| dose(text, unit))
        .collect::<Result<_, _>>()?;
    if !args.symptom.is_empty() {
        entry
            .scores
            .push(symptoms(&args.symptom, &record.plan.daily_instrument)?);
    }
    entry.red_flags = names(
        "--red-flag",
        &args.red_flag,
        &RedFlag::ALL,
        RedFlag::cli_name,
    )?;
    entry.substances = names(
        "--substance",
        &args.substance,
        &Substance::ALL,
        Substance::cli_name,
    )?;
    entry.product = args.product.clone().filter(|p| !p.trim().is_empty());
    entry.lot = args.lot.clone().filter(|l| !l.trim().is_empty());
    entry.cravings = rating("--cravings", args.cravings.as_deref())?;
    entry.pain = rating("--pain", args.pain.as_deref())?;
    entry.sleep_tenths = args.sleep.as_deref().map(sleep_tenths).transpose()?;
    entry.note = args.note.clone().unwrap_or_default();
    entry.hold_requested = args.request_hold;
    entry.validate().map_err(|e| entry_error(&e, unit))?;
    Ok(entry)
}

/// A day entry's or visit's error, named by the flag that gave the value (the domain
/// names the file's field: `doses[0]` is `--taken` here).
pub(crate) fn entry_error(err: &JournalError, unit: Unit) -> InputError {
    use JournalError as E;
    let most = MAX_LOGGED_AMOUNT.with_unit(unit);
    match err {
        E::DoseOutOfRange { index, amount } => input_error(
            "--taken",
            format!(
                "dose {} ({}) is outside 0 to {most}; check the unit",
                index + 1,
                amount.with_unit(unit)
            ),
        ),
        E::DayTotalTooLarge(total) => input_error(
            "--taken",
            format!(
                "the day's doses add up to {}, more than {most}; check the unit",
                total.with_unit(unit)
            ),
        ),
        E::RatingOutOfRange { field, .. } => input_error(&format!("--{field}"), err.to_string()),
        E::SleepOutOfRange(_) => input_error("--sleep", err.to_string()),
        E::EmptyInstrument | E::DuplicateScore(_) | E::DuplicateAnswer { .. } => {
            input_error("--symptom", err.to_string())
        }
        E::LoggedBeforeDate { .. }
        | E::Date {
            field: "logged_on", ..
        } => input_error("--today", err.to_string()),
        E::MissingDecidedBy => input_error("--by", err.to_string()),
        E::MissingReason(_) => input_error("--reason", err.to_string()),
        E::Date { .. } | E::DuplicateDate(_) => input_error("--date", err.to_string()),
    }
}

/// The day logged: within the plan's days, and not one that has not come yet
/// ([`dates::not_yet`], against `--today` when given).
fn log_date(text: &str, schedule: &Schedule, today: NaiveDate) -> Result<NaiveDate, InputError> {
    let date = parse_date("--date", text)?;
    let last = schedule.days.last().map_or(schedule.stop_date, |d| d.date);
    if date < schedule.start_date || date > last {
        return Err(input_error(
            "--date",
            format!(
                "{date} is outside the plan ({} to {last})",
                schedule.start_date
            ),
        ));
    }
    if dates::not_yet(date, today) {
        return Err(input_error(
            "--date",
            format!("{date} has not come yet (today is {today}); log a day once it is here"),
        ));
    }
    Ok(date)
}

/// One `--taken` value: an amount in the plan's unit, with "@HH:MM" for its time.
fn dose(text: &str, unit: Unit) -> Result<DoseTaken, InputError> {
    let (amount_text, time) = match text.split_once('@') {
        Some((a, t)) => {
            let time = NaiveTime::parse_from_str(t.trim(), "%H:%M").map_err(|_| {
                input_error(
                    "--taken",
                    format!("'{t}' is not a time; use HH:MM, e.g. 4g@08:00"),
                )
            })?;
            (a, Some(time))
        }
        None => (text, None),
    };
    let amount = Amount::parse_in_unit(amount_text, unit)
        .map_err(|e| input_error("--taken", e.to_string()))?;
    Ok(DoseTaken { time, amount })
}

/// The values named by a repeatable flag, each once, in the order given.
fn names<T: Copy + PartialEq>(
    flag: &str,
    given: &[String],
    all: &[T],
    name: fn(T) -> &'static str,
) -> Result<Vec<T>, InputError> {
    let mut out: Vec<T> = Vec::new();
    for text in given {
        let found = all
            .iter()
            .copied()
            .find(|v| name(*v).eq_ignore_ascii_case(text.trim()))
            .ok_or_else(|| {
                let allowed: Vec<&str> = all.iter().map(|v| name(*v)).collect();
                input_error(
                    flag,
                    format!("unknown name '{text}'; allowed: {}", allowed.join(", ")),
                )
            })?;
        if !out.contains(&found) {
            out.push(found);
        }
    }
    Ok(out)
}

/// A 0–10 rating (cravings, pain).
fn rating(flag: &str, text: Option<&str>) -> Result<Option<u8>, InputError> {
    text.map(|t| {
        t.trim()
            .parse::<u8>()
            .ok()
            .filter(|n| *n <= 10)
            .ok_or_else(|| {
                input_error(
                    flag,
                    format!("'{t}' is not allowed; give a whole number from 0 to 10"),
                )
            })
    })
    .transpose()
}

/// Hours slept, at most 24 with one decimal, in tenths.
fn sleep_tenths(text: &str) -> Result<u16, InputError> {
    let hours = Amount::parse_number(text).map_err(|e| input_error("--sleep", e.to_string()))?;
    if hours.milli() % 100 != 0 || hours.milli() > 24_000 {
        return Err(input_error(
            "--sleep",
            format!("'{text}' is not allowed; give hours from 0 to 24 with at most one decimal"),
        ));
    }
    Ok((hours.milli() / 100) as u16)
}

fn symptoms(pairs: &[String], instrument_id: &str) -> Result<InstrumentScore, InputError> {
    let instrument = builtin_by_id(instrument_id).ok_or_else(|| {
        input_error(
            "--symptom",
            format!("the plan's daily instrument '{instrument_id}' is not known"),
        )
    })?;
    let mut answers: Vec<(String, u8)> = Vec::new();
    for pair in pairs {
        let (item, score) = pair
            .split_once('=')
            .ok_or_else(|| input_error("--symptom", format!("'{pair}' is not ITEM=SCORE")))?;
        let score: u8 = score.trim().parse().map_err(|_| {
            input_error("--symptom", format!("'{score}' is not a score in '{pair}'"))
        })?;
        answers.push((item.trim().to_string(), score));
    }
    instrument
        .score_partial(&answers)
        .map_err(|e| input_error("--symptom", e.to_string()))?;
    Ok(InstrumentScore {
        instrument: instrument.id.clone(),
        answers: answers
            .into_iter()
            .map(|(item, score)| ItemAnswer { item, score })
            .collect(),
    })
}
