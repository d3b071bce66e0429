//! Two desks, one record: the copies of a patient's record that travel between the
//! clinic and the patient. "Give to patient…" and "Send to clinic…" write the record
//! as a copy; importing a copy (the menu, a file dropped on the window, a file opened
//! from outside, the copies a sync tool left) merges it into the record it is a copy
//! of, never makes a second patient of it. Conflicts are chosen one at a time in a
//! window; the merge, with what it brought, is applied as one action and audited.

use std::path::{Path, PathBuf};

use super::{FileRequest, Screen, TaperApp};
use crate::domain::identity::Role;
use crate::domain::merge::{MergeOutcome, merge};
use crate::domain::patient::PatientRecord;
use crate::store::patient_file::load;
use crate::store::transfer::{find_by_id, import_file, set_aside_merged};
use crate::ui::common::conflicts::{ConflictAnswer, conflict_window};
use crate::ui::session::Action;

/// A merge waiting for its conflicts to be chosen.
pub(super) struct PendingMerge {
    outcome: MergeOutcome,
    /// The copy merged in, as the person knows it.
    source: PathBuf,
    /// Where to set the copy aside once merged (a sync tool's copy in the patients
    /// folder); `None` for a file from elsewhere, which is left where it is.
    set_aside: Option<PathBuf>,
}

impl TaperApp {
    /// Brings the patient file `source` in: merged into the record it is a copy of
    /// (the open one, or the one in the patients folder with its id), or added as a new
    /// patient when no record has its id. The file itself is only read.
    pub(super) fn bring_in(&mut self, source: &Path) {
        let Ok(dir) = self.patients_dir.clone() else {
            return;
        };
        let theirs = match load(source) {
            Ok((record, _)) => record,
            Err(e) => {
                self.status
                    .problem(format!("Not imported (the file was left as it is): {e}"));
                return;
            }
        };
        let open_is_theirs = self
            .session
            .as_ref()
            .is_some_and(|s| s.record().id == theirs.id);
        if !open_is_theirs {
            match find_by_id(&dir, &theirs.id) {
                Some(path) => self.open(&path),
                None => return self.add_as_new(source, &dir),
            }
        }
        let in_folder = source.parent().is_some_and(|p| same_folder(p, &dir));
        self.start_merge(&theirs, source, in_folder.then(|| source.to_path_buf()));
    }

    fn add_as_new(&mut self, source: &Path, dir: &Path) {
        match import_file(source, dir) {
            Ok(path) => {
                self.patients.refresh();
                self.open(&path);
                self.status
                    .news(format!("Added as a new patient: {}", path.display()));
            }
            Err(e) => self.status.problem(format!("Not imported: {e}")),
        }
    }

    /// Merges `theirs` into the open record: at once when nothing conflicts, else after
    /// the person has chosen each conflict.
    pub(super) fn start_merge(
        &mut self,
        theirs: &PatientRecord,
        source: &Path,
        set_aside: Option<PathBuf>,
    ) {
        let Some(session) = &self.session else {
            return;
        };
        match merge(&session.file.noted(), theirs) {
            Ok(outcome) => {
                self.pending = Some(PendingMerge {
                    outcome,
                    source: source.to_path_buf(),
                    set_aside,
                });
                if self
                    .pending
                    .as_ref()
                    .is_some_and(|p| p.outcome.is_resolved())
                {
                    self.finish_merge(0.0);
                }
            }
            Err(e) => self.status.problem(format!("Not merged: {e}")),
        }
    }

    /// The conflict window while a merge waits: each choice is made in the person's
    /// name; once none is left the merge is applied. Cancel leaves everything as it was.
    pub(super) fn merge_dialog(&mut self, ctx: &egui::Context, time: f64) {
        let Some(pending) = &mut self.pending else {
            return;
        };
        let source = format!("the copy from {}", pending.source.display());
        match conflict_window(ctx, &pending.outcome, &source) {
            Some(ConflictAnswer::Keep(choice)) => {
                let by = self.actor();
                if let Some(pending) = &mut self.pending {
                    pending.outcome.resolve(
                        0,
                        choice,
                        &by,
                        super::now(),
                        &mut crate::store::ids::RandomIds,
                    );
                }
            }
            Some(ConflictAnswer::Cancel) => {
                self.pending = None;
                self.status
                    .news("The merge was cancelled: nothing changed.");
                return;
            }
            None => {}
        }
        if self
            .pending
            .as_ref()
            .is_some_and(|p| p.outcome.is_resolved())
        {
            self.finish_merge(time);
        }
    }

    /// Applies the resolved merge as one action, says what it brought, and sets a
    /// merged-in copy from the patients folder aside.
    fn finish_merge(&mut self, time: f64) {
        let Some(pending) = self.pending.take() else {
            return;
        };
        let summary = pending.outcome.summary;
        let what = format!("merged the copy {}: {summary}", pending.source.display());
        let action = Action::ApplyMerge {
            merged: Box::new(pending.outcome.record),
            what,
        };
        self.apply(vec![action], time);
        if let Some(session) = &mut self.session {
            session.save();
        }
        let mut message = format!("Merged {}: {summary}.", pending.source.display());
        let mut failed = false;
        if let (Some(copy), Ok(dir)) = (&pending.set_aside, &self.patients_dir)
            && copy
                != self
                    .session
                    .as_ref()
                    .map_or(Path::new(""), |s| s.file.path())
        {
            match set_aside_merged(copy, dir) {
                Ok(_) => message.push_str(" The copy is kept in the merged folder."),
                Err(e) => {
                    message.push_str(&format!(" The copy could not be set aside: {e}"));
                    failed = true;
                }
            }
        }
        self.patients.refresh();
        if failed {
            self.status.problem(message);
        } else {
            self.status.news(message);
        }
    }

    /// "Give to patient…" (a clinician) or "Send to clinic…" (a patient): the record as
    /// a copy for the other desk, the same record (same id), to bring, mail or upload.
    pub(super) fn write_copy(&mut self) {
        let Some(session) = &self.session else {
            return;
        };
        let record = session.file.noted();
        let (title, name) = match self.role() {
            Role::Clinician => ("Give the patient their copy", "for the patient"),
            Role::Patient => ("Send your log to the clinic", "for the clinic"),
        };
        let file_name = crate::store::transfer::file_stem_for(&format!(
            "{} {name}",
            record.patient.display_name
        )) + ".ron";
        let request = FileRequest {
            title,
            filter: ("patient file", &["ron"]),
            folder: self.prefs.last_import_folder.as_deref(),
            file_name: &file_name,
        };
        let Some(target) = self.config.picker.save_file(&request) else {
            self.status.news("No copy written.");
            return;
        };
        self.prefs.last_import_folder = target.parent().map(Path::to_path_buf);
        // Where the copy went is what the person acts on next: the message stays.
        self.status.problem(match crate::store::transfer::write_copy(&record, &target) {
            Ok(()) => match self.role() {
                Role::Clinician => format!(
                    "The patient's copy is in {}: give it to the patient (USB stick, mail, portal). \
                     It opens in the patient's edition.",
                    target.display()
                ),
                Role::Patient => format!(
                    "Your copy for the clinic is in {}: bring, mail or upload it. Nothing is sent by itself.",
                    target.display()
                ),
            },
            Err(e) => format!("No copy written: {e}"),
        });
    }

    /// Files dropped on the window are brought in like an import.
    pub(super) fn take_dropped_files(&mut self, ctx: &egui::Context) {
        let dropped: Vec<PathBuf> = ctx.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_path_buf())
                .filter(|p| !p.as_os_str().is_empty())
                .collect()
        });
        for path in dropped {
            self.bring_in(&path);
        }
    }

    /// After the role question or at start in the patient's edition: the patient's own
    /// record on Today when there is one; the list to choose from when there are more.
    pub(super) fn open_patients_record(&mut self) {
        let Ok(dir) = self.patients_dir.clone() else {
            return;
        };
        let files = crate::store::list_patient_files(&dir).unwrap_or_default();
        match files.as_slice() {
            [only] => {
                let only = only.clone();
                self.open(&only);
                self.screen = Screen::Today;
            }
            _ => self.screen = Screen::Patients,
        }
    }
}

/// True when two paths name the same folder.
fn same_folder(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}
