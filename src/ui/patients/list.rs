//! The patients in the data folder, summarised for the patients screen. Files are read
//! without locking and never written here; a file that does not load is listed with
//! its error.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

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
    pub name: String,
    /// "8 g" today, or a word when the plan has not started or has ended.
    pub today_amount: String,
    /// "day 15 of 42".
    pub progress: String,
    pub next_check_in: Option<NaiveDate>,
    /// What needs the clinician (urgent and warning alerts), shown as badges.
    pub badges: Vec<Badge>,
    /// Why the file does not load (then the other fields are empty).
    pub error: Option<String>,
}

impl PatientSummary {
    /// Summarises a loaded record as of `today`.
    pub fn from_record(path: &Path, record: &PatientRecord, today: NaiveDate) -> PatientSummary {
        let mut summary = PatientSummary {
            path: path.to_path_buf(),
            name: record.patient.display_name.clone(),
            today_amount: String::new(),
            progress: String::new(),
            next_check_in: None,
            badges: Vec::new(),
            error: None,
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
}

/// Lists and summarises every patient file in `dir`, sorted by name.
pub fn summarise_folder(dir: &Path, today: NaiveDate) -> Result<Vec<PatientSummary>, String> {
    let files = list_patient_files(dir).map_err(|e| e.to_string())?;
    let mut rows: Vec<PatientSummary> = files
        .iter()
        .map(|path| match load_any(path) {
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
                summary
            }
            Err(err) => PatientSummary {
                path: path.clone(),
                name: path
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_default(),
                today_amount: String::new(),
                progress: String::new(),
                next_check_in: None,
                badges: Vec::new(),
                error: Some(err.to_string()),
            },
        })
        .collect();
    rows.sort_by_key(|r| r.name.to_lowercase());
    Ok(rows)
}
