//! `log` and `review`: the patient's day and the alerts, from the command line, with
//! the same validation and rules as the app.

use std::path::PathBuf;
use std::process::ExitCode;

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use clap::Args;

use super::{EXIT_BAD_FILE, InputError, bad_input, input_error, parse_date};
use crate::domain::basis::{RedFlag, Substance};
use crate::domain::instrument::{InstrumentScore, ItemAnswer, builtin_by_id};
use crate::domain::journal::{DayEntry, DoseTaken};
use crate::domain::patient::PatientRecord;
use crate::domain::rules::{Severity, evaluate};
use crate::store::StoreError;
use crate::store::patient_file::{PatientFile, load};

/// Exit status of `review` when an urgent alert is present.
pub const EXIT_URGENT: u8 = 4;

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
    #[arg(long, value_name = "ITEM=SCORE")]
    pub symptom: Vec<String>,
    /// A red-flag symptom (repeatable).
    #[arg(long = "red-flag", value_name = "NAME")]
    pub red_flag: Vec<String>,
    /// Another substance used that day (repeatable).
    #[arg(long, value_name = "NAME")]
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
}

/// Arguments of `review`.
#[derive(Debug, Args)]
pub struct ReviewArgs {
    /// The patient file.
    pub file: PathBuf,
    /// The day to review as (default today).
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

/// Adds or replaces a day's entry; bad input exits 2 and leaves the file untouched.
pub fn run_log(args: &LogArgs, now: NaiveDateTime) -> ExitCode {
    let mut file = match PatientFile::open(&args.file) {
        Ok(file) => file,
        Err(err) => {
            eprintln!("error: {err}");
            return ExitCode::from(EXIT_BAD_FILE);
        }
    };
    if file.read_only().is_some() {
        eprintln!(
            "error: {} is open in another window; close it there and try again",
            args.file.display()
        );
        return ExitCode::FAILURE;
    }
    let entry = match entry_from_args(args, &file.record, now.date()) {
        Ok(entry) => entry,
        Err(err) => return bad_input(&err),
    };
    let date = entry.date;
    let verb = if file.record.journal.get(date).is_some() {
        "replaced"
    } else {
        "added"
    };
    let by = crate::domain::identity::Actor::patient("patient (command line)");
    file.record.put_day(entry, &by, now);
    let what = format!("{verb} the journal entry for {date}");
    file.record
        .audit_by(&by, now, what, &mut crate::store::ids::RandomIds);
    match file.save() {
        Ok(()) => {
            println!("{verb} the entry for {date} in {}", args.file.display());
            ExitCode::SUCCESS
        }
        Err(err @ StoreError::ChangedOnDisk { .. }) => {
            eprintln!("error: {err}");
            ExitCode::FAILURE
        }
        Err(err) => {
            eprintln!("error: {err}");
            ExitCode::FAILURE
        }
    }
}

/// Builds and validates the day's entry from the arguments.
pub fn entry_from_args(
    args: &LogArgs,
    record: &PatientRecord,
    today: NaiveDate,
) -> Result<DayEntry, InputError> {
    let date = parse_date("--date", &args.date)?;
    let schedule = record
        .plan
        .schedule()
        .map_err(|e| input_error("FILE", format!("the plan in the file is not valid: {e}")))?;
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
    let unit = record.plan.inputs.unit;
    let mut entry = DayEntry::new(date);
    // The day it was written down; a later day marks the entry as late.
    entry.logged_on = (today >= date).then_some(today);
    for text in &args.taken {
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
            None => (text.as_str(), None),
        };
        let amount = crate::domain::amount::Amount::parse_in_unit(amount_text, unit)
            .map_err(|e| input_error("--taken", e.to_string()))?;
        entry.doses.push(DoseTaken { time, amount });
    }
    if !args.symptom.is_empty() {
        entry
            .scores
            .push(symptoms(&args.symptom, &record.plan.daily_instrument)?);
    }
    for name in &args.red_flag {
        let flag = RedFlag::from_cli_name(name).ok_or_else(|| {
            input_error(
                "--red-flag",
                format!(
                    "unknown red flag '{name}'; allowed: {}",
                    RedFlag::ALL.map(|f| f.cli_name()).join(", ")
                ),
            )
        })?;
        if !entry.red_flags.contains(&flag) {
            entry.red_flags.push(flag);
        }
    }
    for name in &args.substance {
        let substance = Substance::from_cli_name(name).ok_or_else(|| {
            input_error(
                "--substance",
                format!(
                    "unknown substance '{name}'; allowed: {}",
                    Substance::ALL.map(|s| s.cli_name()).join(", ")
                ),
            )
        })?;
        if !entry.substances.contains(&substance) {
            entry.substances.push(substance);
        }
    }
    entry.product = args.product.clone().filter(|p| !p.trim().is_empty());
    entry.lot = args.lot.clone().filter(|l| !l.trim().is_empty());
    let rating = |flag: &str, text: &Option<String>| -> Result<Option<u8>, InputError> {
        text.as_ref()
            .map(|t| {
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
    };
    entry.cravings = rating("--cravings", &args.cravings)?;
    entry.pain = rating("--pain", &args.pain)?;
    if let Some(text) = &args.sleep {
        let hours = crate::domain::amount::Amount::parse_number(text)
            .map_err(|e| input_error("--sleep", e.to_string()))?;
        if hours.milli() % 100 != 0 || hours.milli() > 24_000 {
            return Err(input_error(
                "--sleep",
                format!(
                    "'{text}' is not allowed; give hours from 0 to 24 with at most one decimal"
                ),
            ));
        }
        entry.sleep_tenths = Some((hours.milli() / 100) as u16);
    }
    entry.note = args.note.clone().unwrap_or_default();
    entry.hold_requested = args.request_hold;
    entry
        .validate()
        .map_err(|e| input_error("--date", e.to_string()))?;
    Ok(entry)
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

/// Prints the patient's status and every alert with its rule and basis; exit 4 when an
/// urgent alert is present.
pub fn run_review(args: &ReviewArgs, today: NaiveDate) -> ExitCode {
    let today = match &args.today {
        Some(text) => match parse_date("--today", text) {
            Ok(date) => date,
            Err(err) => return bad_input(&err),
        },
        None => today,
    };
    let record = match load(&args.file) {
        Ok((record, _)) => record,
        Err(err) => {
            eprintln!("error: {err}");
            return ExitCode::from(EXIT_BAD_FILE);
        }
    };
    let schedule = match record.plan.schedule() {
        Ok(s) => s,
        Err(err) => {
            eprintln!(
                "error: {}: the plan in the file is not valid: {err}",
                args.file.display()
            );
            return ExitCode::from(EXIT_BAD_FILE);
        }
    };
    let unit = schedule.unit;
    println!("Patient: {}", record.patient.display_name);
    println!("Review as of {today}");
    if today < schedule.start_date {
        println!("The taper starts on {}.", schedule.start_date);
    } else if today >= schedule.stop_date {
        println!("The taper ended on {} (stop date).", schedule.stop_date);
    } else {
        println!(
            "Day {} of {}: {} planned today.",
            (today - schedule.start_date).num_days() + 1,
            schedule.taper_days(),
            schedule.planned_on(today).with_unit(unit)
        );
    }
    match schedule.next_check_in(today) {
        Some(c) => println!("Next check-in: {} on {}", c.kind.word(), c.date),
        None => println!("Next check-in: none planned"),
    }
    println!(
        "Journal entries: {} (last {})",
        record.journal.len(),
        record
            .last_entry_date()
            .map_or("none".to_string(), |d| d.to_string())
    );
    let alerts = evaluate(&record, &schedule, today);
    if alerts.is_empty() {
        println!("\nNo alerts.");
    } else {
        println!("\nAlerts ({}):", alerts.len());
    }
    for alert in &alerts {
        println!(
            "\n[{}] {} — {}",
            alert.severity.word().to_uppercase(),
            alert.title,
            alert.message
        );
        println!("  rule: {}", alert.rule.name());
        if !alert.triggered_by.is_empty() {
            let dates: Vec<String> = alert.triggered_by.iter().map(ToString::to_string).collect();
            println!("  triggered by the entries of: {}", dates.join(", "));
        }
        if let Some(instruction) = &alert.patient_instruction {
            println!("  for the patient: {instruction}");
        }
        if let Some(suggestion) = &alert.suggestion {
            println!(
                "  suggestion for the clinician: {} from {}",
                suggestion.change().describe(unit),
                suggestion.effective()
            );
        }
        for basis in &alert.basis {
            println!("  basis: {} ({})", basis.text, basis.source);
        }
    }
    println!("\nNot medical advice: these alerts support the clinician's decision.");
    if alerts.iter().any(|a| a.severity == Severity::Urgent) {
        ExitCode::from(EXIT_URGENT)
    } else {
        ExitCode::SUCCESS
    }
}
