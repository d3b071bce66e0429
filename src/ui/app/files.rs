//! What the app does with patient files as files: create, import, open one given from
//! outside, archive and restore, merge the copies a sync tool left, keep "my version"
//! beside a file another program changed, and the handout.

use std::path::{Path, PathBuf};

use super::{FileRequest, TaperApp, now};
use crate::domain::amount::{Amount, Unit};
use crate::domain::patient::{Patient, PatientRecord};
use crate::domain::plan::{Length, PlanInputs};
use crate::store::patient_file::PatientFile;
use crate::store::transfer::new_file_path;
use crate::ui::session::Session;

impl TaperApp {
    pub(super) fn create(&mut self, name: &str) {
        let Ok(dir) = self.patients_dir.clone() else {
            return;
        };
        let path = new_file_path(&dir, name);
        let clinician = match self.prefs.clinician.trim() {
            "" => self.prefs.user.clone(),
            set => set.to_string(),
        };
        let patient = Patient {
            display_name: name.to_string(),
            record_number: None,
            clinician,
            clinic: self.prefs.clinic.trim().to_string(),
            clinic_phone: self.prefs.clinic_phone.trim().to_string(),
            ..Patient::default()
        };
        // A valid starting point the clinician then edits: 10 g over 8 weeks from today.
        let mut inputs = PlanInputs::new(Amount::from_milli(10_000), Unit::G, self.config.today);
        inputs.length = Length::Days(56);
        let record = PatientRecord::new(patient, inputs, &self.prefs.user, now());
        match PatientFile::create(&path, record, false) {
            Ok(file) => {
                drop(file);
                self.patients.refresh();
                self.open(&path);
            }
            Err(e) => self
                .status
                .problem(format!("Could not create the patient: {e}")),
        }
    }

    pub(super) fn import(&mut self) {
        let Ok(dir) = self.patients_dir.clone() else {
            return;
        };
        let request = FileRequest {
            title: "Import a patient file",
            filter: ("patient file", &["ron"]),
            folder: self.prefs.last_import_folder.as_deref(),
            file_name: "",
        };
        let Some(source) = self.config.picker.open_file(&request) else {
            // A cancelled dialog and a desktop without a file dialog look the same here.
            self.status.problem(format!(
                "No file imported. If no file dialog appeared, copy the .ron file into {}",
                dir.display()
            ));
            return;
        };
        self.prefs.last_import_folder = source.parent().map(Path::to_path_buf);
        self.bring_in(&source);
    }

    /// Opens a file given from outside the app (a file manager, a mail program): a
    /// file already in the patients folder is opened; any other is brought in like an
    /// import (merged into its record, or added), the original left as it was.
    pub(super) fn open_from_outside(&mut self, path: &Path) {
        let Ok(dir) = self.patients_dir.clone() else {
            return;
        };
        let inside = path
            .canonicalize()
            .ok()
            .and_then(|p| p.parent().map(Path::to_path_buf))
            .is_some_and(|parent| dir.canonicalize().is_ok_and(|d| d == parent));
        if inside {
            self.open(path);
        } else {
            self.bring_in(path);
        }
    }

    /// Moves a patient's file to the archive (restorable; nothing is deleted).
    pub(super) fn archive(&mut self, dir: &Path, path: &Path) {
        self.status
            .outcome(match crate::store::transfer::archive(path, dir) {
                Ok(_) => Ok(format!(
                    "{} was archived: it is listed under Archived and can be restored.",
                    path.display()
                )),
                Err(e) => Err(format!("Not archived: {e}")),
            });
        self.patients.refresh();
    }

    /// Moves an archived file back among the patients.
    pub(super) fn restore(&mut self, dir: &Path, path: &Path) {
        self.status
            .outcome(match crate::store::transfer::restore(path, dir) {
                Ok(back) => Ok(format!("Restored as {}", back.display())),
                Err(e) => Err(format!("Not restored: {e}")),
            });
        self.patients.refresh();
    }

    /// Merges the copies of one record into its file (opening it), one after the
    /// other; each merged copy is then set aside in `patients/merged/`.
    pub(super) fn merge_copies(&mut self, into: &Path, copies: &[PathBuf]) {
        self.open(into);
        for copy in copies {
            match crate::store::patient_file::load(copy) {
                Ok((theirs, _)) => self.start_merge(&theirs, copy, Some(copy.clone())),
                Err(e) => self
                    .status
                    .problem(format!("{} does not load: {e}", copy.display())),
            }
            if self.pending.is_some() {
                // Its conflicts are chosen first; the other copies wait for another click.
                break;
            }
        }
    }
}

/// Saves the session's record beside the original when the original changed on disk,
/// so neither version is lost; returns the message for the status bar.
pub(super) fn save_copy(session: &Session) -> String {
    match crate::store::transfer::save_copy_beside(session.file.path(), session.record()) {
        Ok(target) => format!("Your version was saved as {}", target.display()),
        Err(e) => format!("The copy could not be saved: {e}"),
    }
}
