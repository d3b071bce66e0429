//! `check` and `export`: read a patient file and report on it; `check` never writes.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use super::{EXIT_BAD_FILE, bad_input, input_error};
use crate::report::patient_csv::export_csv;
use crate::report::schedule_text::plan_summary;
use crate::store::patient_file::load;
use crate::store::{StoreError, save_checked};

/// Arguments of `check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The patient file to validate.
    pub file: PathBuf,
}

/// Arguments of `export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The patient file to export from.
    pub file: PathBuf,
    /// Write one row per schedule day (planned, taken, symptom score) to this CSV file.
    #[arg(long, value_name = "OUT")]
    pub csv: PathBuf,
    /// Replace an existing output file.
    #[arg(long)]
    pub force: bool,
}

/// Validates a file: exit 0 with a summary, or 3 with the error (line and column).
pub fn run_check(args: &CheckArgs) -> ExitCode {
    let record = match load(&args.file) {
        Ok((record, _)) => record,
        Err(err) => return bad_file(&err),
    };
    let schedule = match record.plan.schedule() {
        Ok(schedule) => schedule,
        Err(err) => {
            eprintln!(
                "error: {}: the plan in the file is not valid: {err}",
                args.file.display()
            );
            return ExitCode::from(EXIT_BAD_FILE);
        }
    };
    println!("ok: {}", args.file.display());
    println!("patient: {}", record.patient.display_name);
    println!("plan: {}", plan_summary(&record.plan.inputs, &schedule));
    println!("revisions: {}", record.plan.revisions.len());
    println!(
        "approved: {}",
        record
            .plan
            .approval
            .as_ref()
            .map_or("no".to_string(), |a| format!("by {} at {}", a.by, a.at))
    );
    println!("days: {}", schedule.days.len());
    println!("journal entries: {}", record.journal.len());
    println!(
        "last entry: {}",
        record
            .last_entry_date()
            .map_or("none".to_string(), |d| d.to_string())
    );
    ExitCode::SUCCESS
}

/// Writes the CSV export; the patient file is only read.
pub fn run_export(args: &ExportArgs) -> ExitCode {
    let record = match load(&args.file) {
        Ok((record, _)) => record,
        Err(err) => return bad_file(&err),
    };
    let text = match export_csv(&record) {
        Ok(text) => text,
        Err(err) => {
            eprintln!(
                "error: {}: the plan in the file is not valid: {err}",
                args.file.display()
            );
            return ExitCode::from(EXIT_BAD_FILE);
        }
    };
    let written = if args.force {
        crate::store::save_atomic(&args.csv, text.as_bytes())
    } else {
        save_checked(&args.csv, text.as_bytes(), None)
    };
    match written {
        Ok(_) => {
            println!("wrote {}", args.csv.display());
            ExitCode::SUCCESS
        }
        Err(StoreError::AlreadyExists { .. }) => bad_input(&input_error(
            "--csv",
            format!(
                "{} already exists; pass --force to replace it",
                args.csv.display()
            ),
        )),
        Err(err) => {
            eprintln!("error: {err}");
            ExitCode::FAILURE
        }
    }
}

fn bad_file(err: &StoreError) -> ExitCode {
    eprintln!("error: {err}");
    ExitCode::from(EXIT_BAD_FILE)
}
