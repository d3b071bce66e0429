//! The patients in the data folder, summarised for the patients screen. Files are read
//! without locking and never written here; a file that does not load is listed with
//! its error. Files holding the same record id are copies of one record (a sync tool's
//! conflict copy, a patient's file dropped in the folder): they make one row, with the
//! copies to merge.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::domain::identity::Id;
use crate::domain::patient::PatientRecord;
use crate::domain::rules::{Severity, evaluate};
use crate::store::datadir::list_patient_files;
use crate::store::patient_file::load_any;

/// One thing that needs the clinician's attention.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Badge {
    /// Urgent badges are shown in the error colour.
    pub urgent: bool,
    pub text: String,
}

/// One row of the patients screen.
#[derive(Debug, Clone, PartialEq)]
pub struct PatientSummary {
    pub path: PathBuf,
    pub id: Id,
    pub name: String,
    /// The clinic's record number and the date of birth, which tell people of the same
    /// name apart.
    pub record_number: Option<String>,
    pub date_of_birth: Option<NaiveDate>,
    /// "8 g" today, or a word when the plan has not started or has ended.
    pub today_amount: String,
    /// "day 15 of 42".
    pub progress: String,
    pub next_check_in: Option<NaiveDate>,
    /// What needs the clinician (urgent and warning alerts), shown as badges, urgent
    /// first as `evaluate` sorts them.
    pub badges: Vec<Badge>,
    /// Why the file does not load (then the other fields are empty).
    pub error: Option<String>,
    /// Other files in the folder that are copies of this record, to merge into it.
    pub copies: Vec<PathBuf>,
}

impl PatientSummary {
    /// Summarises a loaded record as of `today`.
    pub fn from_record(path: &Path, record: &PatientRecord, today: NaiveDate) -> PatientSummary {
        let mut summary = PatientSummary {
            id: record.id.clone(),
            record_number: record.patient.record_number.clone(),
            date_of_birth: record.patient.date_of_birth,
            name: record.patient.display_name.clone(),
            ..PatientSummary::unreadable(path, None)
        };
        match record.plan.schedule() {
            Ok(schedule) => {
                let unit = schedule.unit;
                let taper_days = schedule.taper_days();
                summary.today_amount = schedule.planned_on(today).with_unit(unit);
                summary.progress = if today < schedule.start_date {
                    format!("starts {}", schedule.start_date)
                } else if today >= schedule.stop_date {
                    "taper finished".to_string()
                } else {
                    format!(
                        "day {} of {}",
                        (today - schedule.start_date).num_days() + 1,
                        taper_days
                    )
                };
                summary.next_check_in = schedule.next_check_in(today).map(|c| c.date);
                // The same rules the Visit screen shows: what needs the clinician.
                summary.badges = evaluate(record, &schedule, today)
                    .into_iter()
                    .filter(|a| a.audience.includes_clinician() && a.severity <= Severity::Warning)
                    .map(|a| Badge {
                        urgent: a.severity == Severity::Urgent,
                        text: a.title,
                    })
                    .collect();
            }
            Err(err) => summary.error = Some(format!("the plan is not valid: {err}")),
        }
        summary
    }

    /// A row for a file that does not load: its name and why.
    fn unreadable(path: &Path, error: Option<String>) -> PatientSummary {
        PatientSummary {
            path: path.to_path_buf(),
            id: Id::default(),
            name: path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default(),
            record_number: None,
            date_of_birth: None,
            today_amount: String::new(),
            progress: String::new(),
            next_check_in: None,
            badges: Vec::new(),
            error,
            copies: Vec::new(),
        }
    }

    /// "MRN-7 · born 1984-05-17", what tells this patient from another of the name.
    pub fn identity_text(&self) -> String {
        let mut parts = Vec::new();
        if let Some(number) = self.record_number.as_deref().filter(|n| !n.is_empty()) {
            parts.push(number.to_string());
        }
        if let Some(born) = self.date_of_birth {
            parts.push(format!("born {born}"));
        }
        parts.join(" · ")
    }
}

/// Every patient file in `dir`, summarised as of `today` and sorted by name; copies of
/// one record are one row (see [`primary_of`]).
pub fn summarise_folder(dir: &Path, today: NaiveDate) -> Result<Vec<PatientSummary>, String> {
    let files = list_patient_files(dir).map_err(|e| e.to_string())?;
    let mut by_id: BTreeMap<Id, Vec<PatientSummary>> = BTreeMap::new();
    let mut rows = Vec::new();
    for path in &files {
        match load_any(path) {
            Ok((decoded, _)) => {
                let mut summary = PatientSummary::from_record(path, &decoded.record, today);
                if let Some(newer) = decoded.newer {
                    // Listed and opened like any other, read-only.
                    let text = format!("read-only: from a newer version ({})", newer.version);
                    summary.badges.insert(
                        0,
                        Badge {
                            urgent: false,
                            text,
                        },
                    );
                }
                by_id
                    .entry(decoded.record.id.clone())
                    .or_default()
                    .push(summary);
            }
            Err(err) => rows.push(PatientSummary::unreadable(path, Some(err.to_string()))),
        }
    }
    for (_, mut copies) in by_id {
        let primary = primary_of(&copies);
        let mut row = copies.remove(primary);
        row.copies = copies.into_iter().map(|c| c.path).collect();
        rows.push(row);
    }
    rows.sort_by(|a, b| {
        a.name
            .to_lowercase()
            .cmp(&b.name.to_lowercase())
            .then_with(|| a.path.cmp(&b.path))
    });
    Ok(rows)
}

/// Which of several copies is the record the others merge into: not one a sync tool
/// named as a conflict copy, and then the shortest name (the original, not "x (2)").
fn primary_of(copies: &[PatientSummary]) -> usize {
    let key = |s: &PatientSummary| {
        let name = s
            .path
            .file_name()
            .map(|n| n.to_string_lossy().to_lowercase())
            .unwrap_or_default();
        (looks_like_conflict_copy(&name), name.len(), name)
    };
    (0..copies.len())
        .min_by_key(|&i| key(&copies[i]))
        .unwrap_or(0)
}

/// True for the names sync tools give conflict copies: Syncthing's
/// `x.sync-conflict-20261201-101500-ABC.ron`, Nextcloud's and Dropbox's
/// `x (conflicted copy 2026-12-01).ron`, and "x (1).ron" style duplicates.
pub fn looks_like_conflict_copy(file_name: &str) -> bool {
    let name = file_name.to_lowercase();
    name.contains(".sync-conflict-")
        || name.contains("conflicted copy")
        || name.contains("conflict")
        || name.rsplit_once(" (").is_some_and(|(_, tail)| {
            tail.trim_end_matches(".ron")
                .trim_end_matches(')')
                .chars()
                .all(|c| c.is_ascii_digit())
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sync_tools_conflict_copies_are_recognised_by_name() {
        for name in [
            "jo.sync-conflict-20261201-101500-ABCDEF1.ron",
            "jo (conflicted copy 2026-12-01).ron",
            "Jo (Conflicted copy from laptop).ron",
            "jo (1).ron",
        ] {
            assert!(looks_like_conflict_copy(name), "{name}");
        }
        for name in ["jo.ron", "jo-2.ron", "ann (mother).ron"] {
            assert!(!looks_like_conflict_copy(name), "{name}");
        }
    }
}
