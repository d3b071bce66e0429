//! The headless commands. Each parses its arguments into domain values, runs the same
//! library code the app uses, and reports bad input as one line naming the flag
//! (exit status 2) with nothing written.

pub mod files;
pub mod journal;
pub mod merge;
pub mod output;
pub mod plan;
pub mod review;
pub mod visit;

use std::path::PathBuf;
use std::process::ExitCode;

use chrono::{NaiveDate, NaiveDateTime};
use clap::{Parser, Subcommand};

use crate::domain::amount::{Amount, Unit};
use crate::domain::identity::Role;
use crate::store::StoreError;
use crate::store::lock::COMMAND_LOCK_WAIT;
use crate::store::patient_file::PatientFile;

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
    #[arg(long, value_name = "YYYY-MM-DD", allow_hyphen_values = true)]
    pub today: Option<String>,
    /// Open the app for a clinician or for a patient following a plan, for this run
    /// (instead of the answer saved at the first start).
    #[arg(long, value_name = "clinician|patient")]
    pub role: Option<String>,
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
    /// Merge a copy of a record into it (the patient's file, a sync conflict copy); exit 5 with the conflicts if any are left.
    Merge(merge::MergeArgs),
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
        /// Who uses the app this run (`--role`), if given.
        role: Option<Role>,
    },
}

/// Parses the process arguments and runs the command, if one was given.
pub fn run_from_args(args: Vec<std::ffi::OsString>, now: NaiveDateTime) -> Outcome {
    use clap::{CommandFactory, FromArgMatches};
    let args_text: Vec<String> = args
        .iter()
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
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
                // clap's own printing: styled for a terminal, and a closed pipe is only
                // an error it returns, which is of no use here.
                let _ = err.print();
                return Outcome::Exit(ExitCode::SUCCESS);
            }
            output::error(clap_error_line(&err, &args_text));
            return Outcome::Exit(ExitCode::from(EXIT_BAD_INPUT));
        }
    };
    let Some(command) = cli.command else {
        let today = match parse_today(cli.today.as_deref(), now.date()) {
            Ok(today) => today,
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
        let role = match cli.role.as_deref().map(|r| (r, Role::parse(r))) {
            None => None,
            Some((_, Some(role))) => Some(role),
            Some((text, None)) => {
                let message = format!("'{text}' is not allowed; give clinician or patient");
                return Outcome::Exit(bad_input(&input_error("--role", message)));
            }
        };
        return Outcome::OpenApp {
            data_dir,
            today,
            training: cli.today.is_some(),
            file: cli.file,
            role,
        };
    };
    Outcome::Exit(output::finish(match command {
        Command::Plan(args) => plan::run(&args, now),
        Command::Check(args) => files::run_check(&args),
        Command::Export(args) => files::run_export(&args, now),
        Command::Log(args) => journal::run_log(&args, now),
        Command::Review(args) => review::run_review(&args, now.date()),
        Command::Visit(args) => visit::run_visit(&args, now),
        Command::Merge(args) => merge::run_merge(&args, now),
    }))
}

/// clap's error as one line, without its usage section. A value starting with '-'
/// given to an option that does not expect one is read by clap as a flag ("unexpected
/// argument '-t' found"); then the option is named, with how to give such a value.
fn clap_error_line(err: &clap::Error, args: &[String]) -> String {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    if err.kind() == ErrorKind::UnknownArgument
        && let Some(ContextValue::String(unknown)) = err.get(ContextKind::InvalidArg)
        && let Some((flag, value)) = option_taking(args, unknown)
    {
        return format!(
            "{flag}: '{value}' starts with '-', so it was read as a flag; write \
             {flag}={value} to give it as the value"
        );
    }
    let mut text = err.render().to_string();
    // A value clap echoes keeps its own line breaks: escape them before the lines of
    // the message are joined.
    for (_, value) in err.context() {
        let values: Vec<&String> = match value {
            ContextValue::String(s) => vec![s],
            ContextValue::Strings(list) => list.iter().collect(),
            _ => Vec::new(),
        };
        for value in values.into_iter().filter(|v| v.contains(['\n', '\r'])) {
            text = text.replace(value.as_str(), &output::one_line(value));
        }
    }
    let message: Vec<&str> = text
        .lines()
        .map(str::trim)
        .take_while(|l| !l.starts_with("Usage:") && !l.starts_with("For more information"))
        .filter(|l| !l.is_empty())
        .collect();
    let line = message.join(" ");
    line.strip_prefix("error: ").unwrap_or(&line).to_string()
}

/// The option (`--note`) just before the argument that starts with `unknown`, and
/// that argument, when the option takes a value.
fn option_taking<'a>(args: &'a [String], unknown: &str) -> Option<(&'a str, &'a str)> {
    use clap::CommandFactory;
    let command = Cli::command();
    let takes_value = |long: &str| {
        command
            .get_subcommands()
            .flat_map(|c| c.get_arguments())
            .chain(command.get_arguments())
            .any(|a| a.get_long() == Some(long) && a.get_action().takes_values())
    };
    args.windows(2).find_map(|pair| {
        let (flag, value) = (pair[0].as_str(), pair[1].as_str());
        let long = flag.strip_prefix("--")?;
        (value.starts_with(unknown) && takes_value(long)).then_some((flag, value))
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
    output::error(err);
    ExitCode::from(EXIT_BAD_INPUT)
}

/// A schedule (or schedules) of a plan read from the file at `path`: a plan that makes
/// none is an error in the file, named by the plan's field there with its line and
/// column (exit 3), as a value outside its limits is when the file is loaded.
pub(crate) fn file_schedule<T>(
    path: &std::path::Path,
    schedule: Result<T, crate::domain::plan::PlanError>,
) -> Result<T, ExitCode> {
    schedule.map_err(|err| {
        output::error(crate::store::patient_file::plan_error(path, &err));
        ExitCode::from(EXIT_BAD_FILE)
    })
}

/// Opens a patient file for a command that changes it, waiting a while for another
/// command ([`COMMAND_LOCK_WAIT`]); when it cannot, says why and gives the status to
/// exit with (1 when someone else has it or a newer version wrote it, 3 when it does
/// not load).
pub(crate) fn open_to_change(path: &std::path::Path) -> Result<PatientFile, ExitCode> {
    let file = match PatientFile::open_to_change(path, COMMAND_LOCK_WAIT) {
        Ok(file) => file,
        Err(err @ (StoreError::Locked { .. } | StoreError::NewerFormat { .. })) => {
            output::error(err);
            return Err(ExitCode::FAILURE);
        }
        Err(err) => {
            output::error(err);
            return Err(ExitCode::from(EXIT_BAD_FILE));
        }
    };
    if file.read_only().is_some() {
        output::error(format_args!(
            "{} is open in another window; close it there and try again",
            output::path(path)
        ));
        return Err(ExitCode::FAILURE);
    }
    Ok(file)
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

/// Parses an ISO date (YYYY-MM-DD) within the one range of dates the app accepts
/// ([`crate::domain::dates`]: a file and the forms use the same).
pub fn parse_date(flag: &str, text: &str) -> Result<NaiveDate, InputError> {
    let date = NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .map_err(|_| input_error(flag, format!("'{text}' is not a date; use YYYY-MM-DD")))?;
    crate::domain::dates::check(date).map_err(|e| input_error(flag, e.to_string()))
}

/// The day a command takes as today: `--today` when given (checked like any date),
/// else the clock's `clock_day`.
pub fn parse_today(given: Option<&str>, clock_day: NaiveDate) -> Result<NaiveDate, InputError> {
    given.map_or(Ok(clock_day), |text| parse_date("--today", text))
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
            role: None,
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
        let Outcome::OpenApp { role, .. } =
            parse(&["taper-planner", "--data-dir", "/tmp/d", "--role", "Patient"])
        else {
            panic!("the app should open");
        };
        assert_eq!(role, Some(Role::Patient));
        assert!(matches!(
            parse(&["taper-planner", "--data-dir", "/tmp/d", "--role", "nurse"]),
            Outcome::Exit(_)
        ));
    }
}
