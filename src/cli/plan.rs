//! `taper-planner plan`: print a schedule, or save it as a new patient file.

use std::path::PathBuf;
use std::process::ExitCode;

use chrono::{NaiveDate, NaiveDateTime};
use clap::{Args, ValueEnum};

use super::output;
use super::{InputError, bad_input, input_error, parse_amount, parse_count, parse_date};
use crate::domain::amount::Amount;
use crate::domain::levels::one_step_taper;
use crate::domain::patient::{Patient, PatientRecord};
use crate::domain::plan::{
    Field, Length, Percent, PlanError, PlanInputs, Shape, UseHistory, WeekdaySet, parse_dose_times,
};
use crate::domain::schedule::{Schedule, generate};
use crate::report::schedule_text::{plan_csv, plan_json, plan_table, warning_text};
use crate::store::StoreError;
use crate::store::patient_file::PatientFile;

/// Output formats of `plan`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Table,
    Csv,
    Json,
}

/// Arguments of `plan`. Values are taken as text and checked by the domain, so every
/// message names its flag and what is allowed.
#[derive(Debug, Args)]
pub struct PlanArgs {
    /// Current daily amount with its unit: 12g, 800mg, 7.5ml.
    #[arg(long, value_name = "AMOUNT", allow_hyphen_values = true)]
    pub start: String,
    /// Taper length in weeks (linear, proportional).
    #[arg(long, value_name = "N", allow_hyphen_values = true)]
    pub weeks: Option<String>,
    /// Taper length in days (linear, proportional).
    #[arg(long, value_name = "N", allow_hyphen_values = true)]
    pub days: Option<String>,
    /// Proportional only: cut this percent of the current amount each step.
    #[arg(long, value_name = "P", allow_hyphen_values = true)]
    pub percent: Option<String>,
    /// First day of the taper (YYYY-MM-DD); default today.
    #[arg(long, value_name = "YYYY-MM-DD", allow_hyphen_values = true)]
    pub start_date: Option<String>,
    /// linear, proportional, cdc or custom.
    #[arg(long, default_value = "linear", allow_hyphen_values = true)]
    pub shape: String,
    /// Custom shape: the step amounts, first equal to --start (e.g. 12,10,9,8,6,4,2,1).
    #[arg(long, value_name = "LIST", allow_hyphen_values = true)]
    pub steps: Option<String>,
    /// Days between reductions.
    #[arg(
        long,
        value_name = "N",
        allow_hyphen_values = true,
        default_value = "7"
    )]
    pub step_days: String,
    /// Smallest measurable amount (default 0.1 g, 1 mg or 0.1 ml by unit).
    #[arg(long, value_name = "AMOUNT", allow_hyphen_values = true)]
    pub increment: Option<String>,
    /// Doses the daily amount is split into.
    #[arg(
        long,
        value_name = "N",
        allow_hyphen_values = true,
        default_value = "1"
    )]
    pub doses_per_day: String,
    /// When each dose is taken, earliest first, one per dose (08:00,20:00).
    #[arg(long, value_name = "HH:MM,...", allow_hyphen_values = true)]
    pub dose_times: Option<String>,
    /// The last amount before zero (default: the larger of one increment and 10% of the start).
    #[arg(long, value_name = "AMOUNT", allow_hyphen_values = true)]
    pub jump_off: Option<String>,
    /// Warn about reductions larger than this percent of the current amount.
    #[arg(
        long,
        value_name = "PERCENT",
        allow_hyphen_values = true,
        default_value = "25"
    )]
    pub max_cut: String,
    /// Days between clinician visits.
    #[arg(
        long,
        value_name = "N",
        allow_hyphen_values = true,
        default_value = "14"
    )]
    pub visit_days: String,
    /// Days the clinic sees patients (mon,tue,...).
    #[arg(
        long,
        value_name = "DAYS",
        default_value = "mon,tue,wed,thu,fri",
        allow_hyphen_values = true
    )]
    pub clinic_days: String,
    /// How long the patient has used regularly: short (weeks to months), long (a year or
    /// more) or unknown; it decides which pace the warnings judge the plan by.
    #[arg(
        long,
        value_name = "HISTORY",
        default_value = "unknown",
        allow_hyphen_values = true
    )]
    pub use_history: String,
    /// Days after the stop date the schedule still lists.
    #[arg(
        long,
        value_name = "N",
        allow_hyphen_values = true,
        default_value = "14"
    )]
    pub follow_up_days: String,
    /// Save the plan as a new patient file for this patient (with --out).
    #[arg(long, value_name = "NAME", requires = "out")]
    pub patient: Option<String>,
    /// The patient file to write (with --patient).
    #[arg(long, value_name = "FILE", requires = "patient")]
    pub out: Option<PathBuf>,
    /// Replace an existing file at --out.
    #[arg(long)]
    pub force: bool,
    /// The clinician responsible (recorded in the file and its audit list).
    #[arg(long, value_name = "NAME", default_value = "clinician")]
    pub clinician: String,
    /// The clinic's name, for the handout and the red-flag messages (with --out).
    #[arg(long, value_name = "NAME")]
    pub clinic: Option<String>,
    /// The clinic's phone number: red-flag messages tell the patient to call it (with --out).
    #[arg(long, value_name = "PHONE")]
    pub clinic_phone: Option<String>,
    /// table (for people), csv or json.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

/// Runs `plan`: prints the schedule, and with --patient/--out also writes the file.
pub fn run(args: &PlanArgs, now: NaiveDateTime) -> ExitCode {
    let (inputs, schedule) = match plan_from_args(args, now.date()) {
        Ok(pair) => pair,
        Err(err) => return bad_input(&err),
    };
    if let (Some(name), Some(out)) = (&args.patient, &args.out) {
        return save_new_patient(name, out, args, inputs, &schedule, now);
    }
    let text = match args.format {
        Format::Table => plan_table(&inputs, &schedule),
        Format::Csv => plan_csv(&schedule),
        Format::Json => plan_json(&schedule),
    };
    if args.format != Format::Table {
        let mut notes = String::new();
        for warning in &schedule.warnings {
            notes.push_str("warning: ");
            notes.push_str(warning_text(warning).trim_start_matches("- "));
        }
        for note in &schedule.notes {
            notes.push_str(&format!("note: {note}\n"));
        }
        output::print_err(&notes);
    }
    match args.format {
        Format::Json => output::print_json(&text),
        _ => output::print(&text),
    }
    ExitCode::SUCCESS
}

/// Builds plan inputs from `plan`'s arguments and generates the schedule.
pub fn plan_from_args(
    args: &PlanArgs,
    today: NaiveDate,
) -> Result<(PlanInputs, Schedule), InputError> {
    let (start, unit) =
        Amount::parse_with_unit(&args.start).map_err(|e| input_error("--start", e.to_string()))?;
    let start_date = match &args.start_date {
        Some(text) => parse_date("--start-date", text)?,
        None => today,
    };
    let shape = Shape::parse(&args.shape).ok_or_else(|| {
        input_error(
            "--shape",
            format!(
                "unknown shape '{}'; use linear, proportional, cdc or custom",
                args.shape
            ),
        )
    })?;
    let mut inputs = PlanInputs::new(start, unit, start_date);
    inputs.shape = shape;
    inputs.length = length_from_args(args, shape)?;
    if let Some(steps) = &args.steps {
        inputs.custom_steps = steps
            .split(',')
            .map(|s| parse_amount("--steps", s, unit))
            .collect::<Result<_, _>>()?;
    }
    inputs.step_days = parse_count("--step-days", &args.step_days, 1..=365)?;
    if let Some(inc) = &args.increment {
        inputs.increment = parse_amount("--increment", inc, unit)?;
    }
    inputs.doses_per_day = parse_count("--doses-per-day", &args.doses_per_day, 1..=12)? as u8;
    if let Some(times) = &args.dose_times {
        inputs.dose_times = parse_dose_times(times).map_err(|m| input_error("--dose-times", m))?;
    }
    if let Some(jump) = &args.jump_off {
        inputs.jump_off = Some(parse_amount("--jump-off", jump, unit)?);
    }
    inputs.max_cut = Percent::parse(&args.max_cut).map_err(|m| input_error("--max-cut", m))?;
    inputs.visit_days = parse_count("--visit-days", &args.visit_days, 1..=365)?;
    inputs.clinic_days =
        WeekdaySet::parse(&args.clinic_days).map_err(|m| input_error("--clinic-days", m))?;
    inputs.follow_up_days = parse_count("--follow-up-days", &args.follow_up_days, 0..=365)?;
    inputs.use_history = UseHistory::parse(&args.use_history).ok_or_else(|| {
        input_error(
            "--use-history",
            format!(
                "unknown use history '{}'; use short (weeks to months), long (a year or more) \
                 or unknown",
                args.use_history
            ),
        )
    })?;
    if let Some(message) = one_step_taper(&inputs) {
        return Err(input_error("--step-days", message));
    }
    let schedule = generate(&inputs, &[]).map_err(|e| plan_error(&e, args))?;
    Ok((inputs, schedule))
}

fn length_from_args(args: &PlanArgs, shape: Shape) -> Result<Length, InputError> {
    let given: Vec<(&str, &String)> = [
        ("--weeks", &args.weeks),
        ("--days", &args.days),
        ("--percent", &args.percent),
    ]
    .into_iter()
    .filter_map(|(flag, value)| value.as_ref().map(|v| (flag, v)))
    .collect();
    let (flag, value) = match given.as_slice() {
        [] => {
            return match shape {
                Shape::Cdc | Shape::Custom => Ok(Length::FromShape),
                Shape::Linear => Err(input_error(
                    "--weeks/--days",
                    "the linear shape needs a length: give --weeks N or --days N",
                )),
                Shape::Proportional => Err(input_error(
                    "--weeks/--days/--percent",
                    "the proportional shape needs --weeks N, --days N or --percent P",
                )),
            };
        }
        [one] => *one,
        _ => {
            return Err(input_error(
                given[1].0,
                format!(
                    "give only one of --weeks, --days and --percent (also got {})",
                    given[0].0
                ),
            ));
        }
    };
    match shape {
        Shape::Cdc | Shape::Custom => {
            return Err(input_error(
                flag,
                format!(
                    "the {shape} shape takes no length: it follows from the {}",
                    if shape == Shape::Cdc { "rule" } else { "steps" }
                ),
            ));
        }
        Shape::Linear if flag == "--percent" => {
            return Err(input_error(
                flag,
                "only the proportional shape takes a percent per step",
            ));
        }
        _ => {}
    }
    Ok(match flag {
        "--weeks" => Length::Days(parse_count(flag, value, 1..=260)? * 7),
        "--days" => Length::Days(parse_count(
            flag,
            value,
            1..=crate::domain::plan::MAX_LENGTH_DAYS,
        )?),
        _ => Length::PercentPerStep(Percent::parse(value).map_err(|m| input_error(flag, m))?),
    })
}

/// Names the flag the user actually typed for a domain validation error.
fn plan_error(err: &PlanError, args: &PlanArgs) -> InputError {
    let flag = match err.field {
        Field::Length if args.weeks.is_some() => "--weeks",
        Field::Length if args.days.is_some() => "--days",
        other => other.flag(),
    };
    input_error(flag, err.message.clone())
}

fn save_new_patient(
    name: &str,
    out: &std::path::Path,
    args: &PlanArgs,
    inputs: PlanInputs,
    schedule: &Schedule,
    now: NaiveDateTime,
) -> ExitCode {
    if name.trim().is_empty() {
        return bad_input(&input_error(
            "--patient",
            "give the patient's name (or initials)",
        ));
    }
    let text = |value: &Option<String>| value.as_deref().unwrap_or_default().trim().to_string();
    let patient = Patient {
        display_name: name.trim().to_string(),
        record_number: None,
        clinician: args.clinician.clone(),
        clinic: text(&args.clinic),
        clinic_phone: text(&args.clinic_phone),
        ..Patient::default()
    };
    let record = PatientRecord::new(patient, inputs, &args.clinician, now);
    match PatientFile::create(out, record, args.force) {
        Ok(_) => {
            output::print(&format!(
                "wrote {} ({} days, stop date {})\n",
                output::path(out),
                schedule.days.len(),
                schedule.stop_date
            ));
            ExitCode::SUCCESS
        }
        Err(err) => out_error(out, &err),
    }
}

/// A patient file that could not be written, named by `--out`: exit 2 when the path
/// is the problem (it exists, its folder does not, it may not be written there), 1
/// otherwise (a full disk, the file open in the app).
fn out_error(out: &std::path::Path, err: &StoreError) -> ExitCode {
    use std::io::ErrorKind as K;
    let message = match err {
        StoreError::AlreadyExists { .. } => format!(
            "{} already exists; pass --force to replace it",
            output::path(out)
        ),
        other => other.to_string(),
    };
    let bad_path = match err {
        StoreError::AlreadyExists { .. } => true,
        StoreError::Io { source, .. } => matches!(
            source.kind(),
            K::NotFound
                | K::PermissionDenied
                | K::NotADirectory
                | K::IsADirectory
                | K::InvalidInput
                | K::InvalidFilename
                | K::ReadOnlyFilesystem
        ),
        _ => false,
    };
    if bad_path {
        bad_input(&input_error("--out", message))
    } else {
        output::error(format_args!("--out: {message}"));
        ExitCode::FAILURE
    }
}
