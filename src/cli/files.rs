//! `check` and `export`: read a patient file and report on it; `check` never writes.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use chrono::NaiveDateTime;

use super::output::{self, one_line};
use super::{EXIT_BAD_FILE, InputError, bad_input, file_schedule, input_error, parse_today};
use crate::report::exports::{self, ExportKind, ExportSettings, ExportSource};
use crate::report::handout::Paper;
use crate::report::ical::{CalendarOptions, Reminder};
use crate::report::output::Replace;
use crate::report::schedule_text::plan_summary;
use crate::store::StoreError;
use crate::store::patient_file::{load, load_any};

/// Arguments of `check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The patient file to validate.
    pub file: PathBuf,
}

/// Arguments of `export`.
#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("outputs").required(true).multiple(true).args(["csv", "ics", "png", "svg", "pdf", "patient_copy"])))]
pub struct ExportArgs {
    /// The patient file to export from.
    pub file: PathBuf,
    /// Write one row per schedule day (planned, taken, symptom score) to this CSV file.
    #[arg(long, value_name = "OUT")]
    pub csv: Option<PathBuf>,
    /// Write the check-ins and the days the amount changes as calendar events
    /// (iCalendar), each with a reminder, to this file.
    #[arg(long, value_name = "OUT")]
    pub ics: Option<PathBuf>,
    /// Put the patient's name in the calendar's event titles (left out by default, so a
    /// synced calendar does not say who is tapering).
    #[arg(long)]
    pub ics_names: bool,
    /// The time of day each calendar reminder fires.
    #[arg(long, value_name = "HH:MM", default_value = "18:00")]
    pub remind_at: String,
    /// How many days before each event its reminder fires (0 = the same day).
    #[arg(long, value_name = "N", default_value = "1")]
    pub remind_days: String,
    /// Write the progress chart as a PNG picture (the file name must end in .png).
    #[arg(long, value_name = "OUT")]
    pub png: Option<PathBuf>,
    /// Write the progress chart as an SVG picture.
    #[arg(long, value_name = "OUT")]
    pub svg: Option<PathBuf>,
    /// Write the patient's handout as a PDF: steps and doses, check-ins, the chart, red
    /// flags and who to call (one page up to 12 steps, two at most).
    #[arg(long, value_name = "OUT", alias = "handout")]
    pub pdf: Option<PathBuf>,
    /// Write the patient's copy: the same record (same id), to open in the patient's
    /// edition at home; its days come back with `merge` or the app's Import.
    #[arg(long, value_name = "OUT")]
    pub patient_copy: Option<PathBuf>,
    /// The handout's paper: a4 or letter (default: from the locale, LC_ALL, LC_PAPER or
    /// LANG; Letter in the US and Canada).
    #[arg(long, value_name = "a4|letter")]
    pub paper: Option<String>,
    /// The day the chart marks as today and the handout is dated (default today).
    #[arg(long, value_name = "YYYY-MM-DD", allow_hyphen_values = true)]
    pub today: Option<String>,
    /// Replace existing output files.
    #[arg(long)]
    pub force: bool,
}

/// Validates a file: exit 0 with a summary, or 3 with the error (line and column).
pub fn run_check(args: &CheckArgs) -> ExitCode {
    let (record, newer) = match load_any(&args.file) {
        Ok((decoded, _)) => (decoded.record, decoded.newer),
        Err(err) => return bad_file(&err),
    };
    let schedule = match file_schedule(&args.file, record.plan.schedule()) {
        Ok(schedule) => schedule,
        Err(code) => return code,
    };
    let mut out = format!("ok: {}\n", output::path(&args.file));
    if let Some(newer) = newer {
        out.push_str(&format!("read-only: {}\n", one_line(&newer.to_string())));
    }
    let approved = record.plan.approval.as_ref().map_or("no".to_string(), |a| {
        format!("by {} at {}", one_line(&a.by), a.at)
    });
    let last = record
        .last_entry_date()
        .map_or("none".to_string(), |d| d.to_string());
    out.push_str(&format!(
        "patient: {}\nplan: {}\nrevisions: {}\napproved: {approved}\ndays: {}\n\
         journal entries: {}\nlast entry: {last}\n",
        one_line(&record.patient.display_name),
        plan_summary(&record.plan.inputs, &schedule),
        record.plan.revisions.len(),
        schedule.days.len(),
        record.journal.len(),
    ));
    output::print(&out);
    ExitCode::SUCCESS
}

/// Writes the requested exports; the patient file is only read, and no output file is
/// replaced without --force.
pub fn run_export(args: &ExportArgs, now: NaiveDateTime) -> ExitCode {
    let settings = match export_settings(args, now) {
        Ok(settings) => settings,
        Err(err) => return bad_input(&err),
    };
    let record = match load(&args.file) {
        Ok((record, _)) => record,
        Err(err) => return bad_file(&err),
    };
    let schedules = (record.plan.schedule())
        .and_then(|schedule| Ok((schedule, record.plan.original_schedule()?)));
    let (schedule, original) = match file_schedule(&args.file, schedules) {
        Ok(schedules) => schedules,
        Err(code) => return code,
    };
    let outputs = [
        ("--csv", ExportKind::Csv, &args.csv),
        ("--ics", ExportKind::Calendar, &args.ics),
        ("--png", ExportKind::Png, &args.png),
        ("--svg", ExportKind::Svg, &args.svg),
        ("--pdf", ExportKind::Pdf, &args.pdf),
    ];
    if let Err(err) = check_outputs(args, &outputs) {
        return bad_input(&err);
    }
    let source = ExportSource {
        record: &record,
        schedule: &schedule,
        original: (!record.plan.revisions.is_empty()).then_some(&original),
    };
    let replace = if args.force {
        Replace::Allowed
    } else {
        Replace::Never
    };
    let mut written = Vec::new();
    for (flag, kind, path) in outputs {
        let Some(path) = path else { continue };
        if let Err(message) = exports::write(kind, source, &settings, path, replace) {
            output::error(format_args!("{flag}: {message}"));
            return ExitCode::FAILURE;
        }
        written.push(output::path(path));
    }
    if let Some(path) = &args.patient_copy {
        if let Err(err) = crate::store::transfer::write_copy(&record, path) {
            output::error(format_args!("--patient-copy: {err}"));
            return ExitCode::FAILURE;
        }
        written.push(format!("{} (the patient's copy)", output::path(path)));
    }
    output::print(&format!("wrote {}\n", written.join(", ")));
    ExitCode::SUCCESS
}

/// Refuses an output that exists (without --force) or a PNG not named .png, before
/// anything is written.
fn check_outputs(
    args: &ExportArgs,
    outputs: &[(&'static str, ExportKind, &Option<PathBuf>)],
) -> Result<(), InputError> {
    let copy = args
        .patient_copy
        .iter()
        .map(|path| ("--patient-copy", path));
    let every_output = outputs
        .iter()
        .filter_map(|(flag, _, path)| path.as_ref().map(|path| (*flag, path)))
        .chain(copy);
    for (flag, path) in every_output {
        if !args.force && path.exists() {
            return Err(input_error(
                flag,
                format!(
                    "{} already exists; pass --force to replace it",
                    output::path(path)
                ),
            ));
        }
    }
    for (flag, kind, path) in outputs {
        let Some(path) = path else { continue };
        let ext = path.extension().and_then(|e| e.to_str());
        if *kind == ExportKind::Png && ext.is_none_or(|e| !e.eq_ignore_ascii_case("png")) {
            return Err(input_error(
                flag,
                format!("{} must end in .png", output::path(path)),
            ));
        }
    }
    Ok(())
}

/// The exports' settings from `--today`, `--paper` and the calendar's flags.
fn export_settings(args: &ExportArgs, now: NaiveDateTime) -> Result<ExportSettings, InputError> {
    let today = parse_today(args.today.as_deref(), now.date())?;
    let paper = match args.paper.as_deref() {
        None => Paper::from_environment(),
        Some(text) => Paper::parse(text).ok_or_else(|| {
            input_error(
                "--paper",
                format!("'{text}' is not a paper size; use a4 or letter"),
            )
        })?,
    };
    Ok(ExportSettings {
        paper,
        calendar: calendar_options(args)?,
        today,
    })
}

/// The calendar's options from `--ics-names`, `--remind-at` and `--remind-days`.
fn calendar_options(args: &ExportArgs) -> Result<CalendarOptions, InputError> {
    let at = chrono::NaiveTime::parse_from_str(args.remind_at.trim(), "%H:%M").map_err(|_| {
        input_error(
            "--remind-at",
            format!(
                "'{}' is not a time of day; use HH:MM, e.g. 18:00",
                args.remind_at
            ),
        )
    })?;
    let days_before = super::parse_count(
        "--remind-days",
        &args.remind_days,
        0..=Reminder::MAX_DAYS_BEFORE,
    )?;
    Ok(CalendarOptions {
        names: args.ics_names,
        reminder: Reminder { days_before, at },
        stamp: chrono::Utc::now(),
    })
}

fn bad_file(err: &StoreError) -> ExitCode {
    output::error(err);
    ExitCode::from(EXIT_BAD_FILE)
}
