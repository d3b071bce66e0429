//! The headless commands. Each parses its arguments into domain values, runs the same
//! library code the app uses, and reports bad input as one line naming the flag
//! (exit status 2) with nothing written.

pub mod files;
pub mod journal;
pub mod plan;
pub mod review;
pub mod visit;

use std::path::PathBuf;
use std::process::ExitCode;

use chrono::{NaiveDate, NaiveDateTime};
use clap::{Parser, Subcommand};

use crate::domain::amount::{Amount, Unit};

/// Exit status for input the command cannot accept.
pub const EXIT_BAD_INPUT: u8 = 2;
/// Exit status of `check` (and other readers) for a file that does not load.
pub const EXIT_BAD_FILE: u8 = 3;

/// taper-planner: plan, follow and chart a gradual dose reduction. Not medical advice:
/// it supports a clinician's decision.
#[derive(Debug, Parser)]
#[command(name = "taper-planner", version, about, long_about = None)]
#[command(args_conflicts_with_subcommands = true)]
pub struct Cli {
    /// A patient file to open in the app (a file manager or mail program passes it);
    /// a file from outside the patients folder is imported first.
    #[arg(value_name = "FILE")]
    pub file: Option<PathBuf>,
    /// The data folder (default: $TAPER_PLANNER_DATA, else the platform's data folder).
    #[arg(long, global = true, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    /// Open the app as if today were this date (YYYY-MM-DD), for training and review.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub today: Option<String>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The headless commands; with none, the desktop app opens.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print a taper schedule (one row per day), or save it as a new patient file.
    Plan(Box<plan::PlanArgs>),
    /// Validate a patient file and print a short summary; never writes anything.
    Check(files::CheckArgs),
    /// Export a patient file: CSV (one row per day), iCalendar check-ins, the chart (PNG, SVG), a handout.
    Export(files::ExportArgs),
    /// Add to one day's journal entry, or replace it (same checks as the app's form).
    Log(Box<journal::LogArgs>),
    /// Print the patient's status and every alert with its rule and basis (exit 4 if urgent).
    Review(review::ReviewArgs),
    /// Record a clinician's visit: COWS, the decision (applied as a dated revision), and
    /// the alerts seen.
    Visit(Box<visit::VisitArgs>),
}

/// What `main` should do after parsing the arguments.
pub enum Outcome {
    /// A command ran; exit with this status.
    Exit(ExitCode),
    /// No command: open the app on this data folder, as of this day.
    OpenApp {
        data_dir: PathBuf,
        today: NaiveDate,
        /// True when `--today` set the day (a training date).
        training: bool,
        /// The patient file to open at start, if one was given.
        file: Option<PathBuf>,
    },
}

/// Parses the process arguments and runs the command, if one was given.
pub fn run_from_args(args: Vec<std::ffi::OsString>, now: NaiveDateTime) -> Outcome {
    use clap::{CommandFactory, FromArgMatches};
    let command = Cli::command().mut_subcommand("log", |c| c.after_help(journal::log_help_names()));
    let matches = command.try_get_matches_from(args);
    if let Some(name) = matches.as_ref().ok().and_then(|m| m.subcommand_name()) {
        // Named in the lock files it takes, so others can say who holds a file.
        crate::store::lock::identify_process(&format!("the `{name}` command"));
    }
    let parsed = matches.and_then(|m| Cli::from_arg_matches(&m));
    let cli = match parsed {
        Ok(cli) => cli,
        Err(err) => {
            use clap::error::ErrorKind;
            if matches!(
                err.kind(),
                ErrorKind::DisplayHelp | ErrorKind::DisplayVersion
            ) {
                let _ = err.print();
                return Outcome::Exit(ExitCode::SUCCESS);
            }
            // One line: clap's message up to its usage section, joined.
            let text = err.render().to_string();
            let message: Vec<&str> = text
                .lines()
                .map(str::trim)
                .take_while(|l| !l.starts_with("Usage:") && !l.starts_with("For more information"))
                .filter(|l| !l.is_empty())
                .collect();
            eprintln!("{}", message.join(" "));
            return Outcome::Exit(ExitCode::from(EXIT_BAD_INPUT));
        }
    };
    let Some(command) = cli.command else {
        let today = match cli
            .today
            .as_deref()
            .map(|t| parse_date("--today", t))
            .transpose()
        {
            Ok(today) => today.unwrap_or(now.date()),
            Err(err) => return Outcome::Exit(bad_input(&err)),
        };
        let data_dir = match crate::store::resolve_data_dir(
            cli.data_dir,
            std::env::var_os(crate::store::DATA_DIR_ENV),
        ) {
            Ok(dir) => dir,
            Err(err) => {
                return Outcome::Exit(bad_input(&input_error("--data-dir", err.to_string())));
            }
        };
        return Outcome::OpenApp {
            data_dir,
            today,
            training: cli.today.is_some(),
            file: cli.file,
        };
    };
    Outcome::Exit(match command {
        Command::Plan(args) => plan::run(&args, now),
        Command::Check(args) => files::run_check(&args),
        Command::Export(args) => files::run_export(&args, now),
        Command::Log(args) => journal::run_log(&args, now),
        Command::Review(args) => review::run_review(&args, now.date()),
        Command::Visit(args) => visit::run_visit(&args, now),
    })
}

/// A command-line error: the flag and what is allowed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputError {
    pub flag: String,
    pub message: String,
}

impl std::fmt::Display for InputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.flag, self.message)
    }
}

pub(crate) fn bad_input(err: &InputError) -> ExitCode {
    eprintln!("error: {err}");
    ExitCode::from(EXIT_BAD_INPUT)
}

pub(crate) fn input_error(flag: &str, message: impl Into<String>) -> InputError {
    InputError {
        flag: flag.to_string(),
        message: message.into(),
    }
}

/// Parses a whole number for a flag within `range`.
pub(crate) fn parse_count(
    flag: &str,
    text: &str,
    range: std::ops::RangeInclusive<u32>,
) -> Result<u32, InputError> {
    text.trim()
        .parse::<u32>()
        .ok()
        .filter(|n| range.contains(n))
        .ok_or_else(|| {
            input_error(
                flag,
                format!(
                    "'{text}' is not allowed; give a whole number from {} to {}",
                    range.start(),
                    range.end()
                ),
            )
        })
}

/// Parses an ISO date (YYYY-MM-DD) between the years 1970 and 2200.
pub fn parse_date(flag: &str, text: &str) -> Result<NaiveDate, InputError> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .ok()
        .filter(|d| (1970..=2200).contains(&chrono::Datelike::year(d)))
        .ok_or_else(|| {
            input_error(
                flag,
                format!("'{text}' is not a real date; use YYYY-MM-DD between 1970 and 2200"),
            )
        })
}

pub(crate) fn parse_amount(flag: &str, text: &str, unit: Unit) -> Result<Amount, InputError> {
    Amount::parse_in_unit(text, unit).map_err(|e| input_error(flag, e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Outcome {
        let now = NaiveDate::from_ymd_opt(2026, 12, 1)
            .and_then(|d| d.and_hms_opt(9, 0, 0))
            .unwrap();
        run_from_args(args.iter().map(Into::into).collect(), now)
    }

    #[test]
    fn a_file_given_alone_opens_the_app_on_it_and_today_marks_training() {
        let Outcome::OpenApp {
            file,
            training,
            today,
            data_dir,
        } = parse(&["taper-planner", "--data-dir", "/tmp/d", "from mail.ron"])
        else {
            panic!("the app should open");
        };
        assert_eq!(file, Some(PathBuf::from("from mail.ron")));
        assert!(!training, "the clock's day is not a training date");
        assert_eq!(today, NaiveDate::from_ymd_opt(2026, 12, 1).unwrap());
        assert_eq!(data_dir, PathBuf::from("/tmp/d"));
        let Outcome::OpenApp { file, training, .. } = parse(&[
            "taper-planner",
            "--data-dir",
            "/tmp/d",
            "--today",
            "2026-12-14",
        ]) else {
            panic!("the app should open");
        };
        assert_eq!(file, None);
        assert!(training);
    }
}
