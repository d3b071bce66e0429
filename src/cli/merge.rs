//! `merge OURS THEIRS [--prefer ours|theirs]`: brings a copy of a record (the patient's
//! file, a sync tool's conflict copy) into the record it is a copy of. OURS is saved
//! atomically with its `.bak`; THEIRS is only read. Nothing is written when the files
//! are two different records (exit 2) or when conflicts are left open (exit 5, each
//! listed with what differs); `--prefer` resolves them that way, keeping the version
//! not chosen in the audit list.

use std::path::PathBuf;
use std::process::ExitCode;

use chrono::NaiveDateTime;
use clap::Args;

use super::output::{self, one_line};
use super::{EXIT_BAD_FILE, EXIT_BAD_INPUT, bad_input, input_error};
use crate::domain::identity::Actor;
use crate::domain::merge::{Choice, merge};
use crate::store::ids::RandomIds;
use crate::store::patient_file::load;

/// Exit status when conflicts are left for a person to resolve.
pub const EXIT_CONFLICTS: u8 = 5;

/// Arguments of `merge`.
#[derive(Debug, Args)]
pub struct MergeArgs {
    /// The record to merge into (saved, with its previous version kept as .bak).
    pub ours: PathBuf,
    /// The copy to merge from (only read).
    pub theirs: PathBuf,
    /// Resolve every conflict this way (the other version is kept in the audit list).
    #[arg(long, value_name = "ours|theirs")]
    pub prefer: Option<String>,
    /// Your name, recorded in the record's history with the merge.
    #[arg(long, value_name = "NAME", default_value = "clinician (command line)")]
    pub by: String,
}

/// Merges THEIRS into OURS (see the module documentation).
pub fn run_merge(args: &MergeArgs, now: NaiveDateTime) -> ExitCode {
    let prefer = match args.prefer.as_deref().map(str::trim) {
        None => None,
        Some("ours") => Some(Choice::Ours),
        Some("theirs") => Some(Choice::Theirs),
        Some(other) => {
            return bad_input(&input_error(
                "--prefer",
                format!("'{other}' is not allowed; give ours or theirs"),
            ));
        }
    };
    let mut file = match super::open_to_change(&args.ours) {
        Ok(file) => file,
        Err(code) => return code,
    };
    let theirs = match load(&args.theirs) {
        Ok((record, _)) => record,
        Err(err) => return bad_file(&err),
    };
    let mut outcome = match merge(&file.record, &theirs) {
        Ok(outcome) => outcome,
        Err(err) => {
            output::error(format_args!(
                "{}: {err}; nothing was written",
                output::path(&args.theirs)
            ));
            return ExitCode::from(EXIT_BAD_INPUT);
        }
    };
    let by = Actor::clinician(&args.by);
    let mut ids = RandomIds;
    if !outcome.conflicts.is_empty() {
        let Some(choice) = prefer else {
            let n = outcome.conflicts.len();
            output::error(format_args!(
                "{n} conflict{} to resolve; nothing was written (--prefer ours|theirs resolves them):",
                if n == 1 { "" } else { "s" }
            ));
            let mut listed = String::new();
            for conflict in &outcome.conflicts {
                listed.push_str(&format!("  {}\n", one_line(&conflict.summary_line())));
                for d in conflict.differences() {
                    let (ours, theirs) = (one_line(&d.ours), one_line(&d.theirs));
                    listed.push_str(&format!("    {}: ours {ours} | theirs {theirs}\n", d.field));
                }
            }
            output::print_err(&listed);
            return ExitCode::from(EXIT_CONFLICTS);
        };
        outcome.resolve_all(choice, &by, now, &mut ids);
    }
    let summary = outcome.summary;
    file.record = outcome.record;
    file.set_actor(by.clone());
    let what = format!("merged {}: {summary}", output::path(&args.theirs));
    file.record.audit_by(&by, now, what, &mut ids);
    match file.save() {
        Ok(()) => {
            output::print(&format!(
                "merged into {}: {summary}\n",
                output::path(&args.ours)
            ));
            ExitCode::SUCCESS
        }
        Err(err) => {
            output::error(err);
            ExitCode::FAILURE
        }
    }
}

fn bad_file(err: &crate::store::StoreError) -> ExitCode {
    output::error(err);
    ExitCode::from(EXIT_BAD_FILE)
}
