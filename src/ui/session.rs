//! The open patient: its file, undo history and autosave. Every change to the record
//! goes through [`Session::apply`], the one place where undo, the dirty mark, the audit
//! list and autosave live.

use chrono::{NaiveDate, NaiveDateTime};
use egui::util::undoer::{Settings, Undoer};

use crate::domain::journal::{DayEntry, Visit};
use crate::domain::patient::PatientRecord;
use crate::domain::plan::PlanInputs;
use crate::domain::revision::Revision;
use crate::domain::rules::{Alert, evaluate};
use crate::domain::schedule::Schedule;
use crate::store::patient_file::PatientFile;

/// Seconds after the last change before the record is saved.
pub const AUTOSAVE_DELAY_S: f64 = 1.0;

/// A change to the patient record, as the screens ask for it.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// Replace the plan inputs (clears an approval: the approved plan changed).
    SetInputs(PlanInputs),
    /// Add a dated revision.
    AddRevision(Revision),
    /// Approve the current plan, confirming each of its warnings: the list holds
    /// [`Warning::summary`](crate::domain::pace::Warning::summary) of every warning the
    /// clinician confirmed, and approval is refused unless it names them all.
    Approve { confirmed: Vec<String> },
    /// Choose the instrument the patient fills in daily (an id from assets/instruments).
    SetDailyInstrument(String),
    /// Add or replace one day's journal entry (the patient's log).
    UpsertEntry(DayEntry),
    /// Record a visit; its decision may come with a revision (hold, slow down, …).
    RecordVisit {
        visit: Visit,
        revision: Option<Revision>,
    },
}

/// What became of one action, handed back to the screen that asked for it: applied, or
/// refused with the reason (the record is then unchanged).
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    pub action: Action,
    pub result: Result<(), String>,
}

/// A screen that wants to know what became of the actions it returned (to clear a
/// form once its content is in the record, or keep it and say why not).
pub trait Settle {
    /// Called once per frame with the outcomes of the actions the screen returned,
    /// in order.
    fn settle(&mut self, outcomes: &[Outcome]);
}

/// The derived view of the record that screens draw from; rebuilt only when the record
/// changes (its `revision` counter goes up) or the day changes (the alerts).
#[derive(Debug, Clone)]
pub struct Derived {
    pub schedule: Result<Schedule, String>,
    pub original: Option<Schedule>,
    /// Every rule's alerts as of `today`, for every audience; screens pick theirs.
    pub alerts: Vec<Alert>,
    /// The day the alerts were evaluated for.
    pub today: NaiveDate,
}

/// An open patient file with its history.
pub struct Session {
    pub file: PatientFile,
    undoer: Undoer<PatientRecord>,
    /// Goes up on every change, so caches (schedule, chart) know when to rebuild.
    pub revision: u64,
    /// The record has changes not yet on disk.
    pub dirty: bool,
    /// When (in egui seconds) the last change happened, for the autosave delay.
    last_change: f64,
    /// Why the last save failed, shown in the UI until a save succeeds.
    pub save_error: Option<String>,
    derived: Derived,
}

impl Session {
    /// Opens a session on a loaded file, with the alerts as of `today`.
    pub fn new(file: PatientFile, today: NaiveDate) -> Session {
        let derived = derive(&file.record, today);
        let undoer = Undoer::with_settings(Settings {
            max_undos: 200,
            stable_time: 0.0,
            auto_save_interval: f32::INFINITY,
        });
        Session {
            file,
            undoer,
            revision: 0,
            dirty: false,
            last_change: 0.0,
            save_error: None,
            derived,
        }
    }

    /// The record as it is now.
    pub fn record(&self) -> &PatientRecord {
        &self.file.record
    }

    /// The schedule, original schedule and alerts of the current record.
    pub fn derived(&self) -> &Derived {
        &self.derived
    }

    /// The alerts as of the day last set, for every audience.
    pub fn alerts(&self) -> &[Alert] {
        &self.derived.alerts
    }

    /// Moves the session to `today` (the app calls it every frame); the alerts are
    /// evaluated again only when the day changed.
    pub fn set_today(&mut self, today: NaiveDate) {
        if self.derived.today != today {
            self.derived = derive(&self.file.record, today);
        }
    }

    /// Applies `action` and says what became of it, for [`Settle::settle`].
    pub fn apply_for_outcome(
        &mut self,
        action: Action,
        who: &str,
        now: NaiveDateTime,
        time: f64,
    ) -> Outcome {
        let result = self.apply(action.clone(), who, now, time);
        Outcome { action, result }
    }

    /// Applies an action as `who` at `now`; `time` is egui's clock for the autosave
    /// delay. Returns a message when the action is refused (the record is unchanged).
    pub fn apply(
        &mut self,
        action: Action,
        who: &str,
        now: NaiveDateTime,
        time: f64,
    ) -> Result<(), String> {
        if self.file.read_only().is_some() {
            return Err("this file is open in another window, so it is read-only here".to_string());
        }
        let before = self.file.record.clone();
        let record = &mut self.file.record;
        match action {
            Action::SetInputs(inputs) => {
                if inputs == record.plan.inputs {
                    return Ok(());
                }
                record.plan.inputs = inputs;
                let was_approved = record.plan.approval.take().is_some();
                let note = if was_approved {
                    " (the earlier approval no longer applies)"
                } else {
                    ""
                };
                record.audit(who, now, format!("changed the plan inputs{note}"));
            }
            Action::AddRevision(revision) => {
                record.revise(revision, now).map_err(|e| e.to_string())?;
            }
            Action::Approve { confirmed } => {
                record.approve_confirming(who, now, &confirmed)?;
            }
            Action::SetDailyInstrument(id) => {
                let instrument = crate::domain::instrument::builtin_by_id(&id)
                    .ok_or_else(|| format!("there is no instrument called {id}"))?;
                if record.plan.daily_instrument == id {
                    return Ok(());
                }
                record.plan.daily_instrument = id;
                record.audit(
                    who,
                    now,
                    format!("chose {} as the daily checklist", instrument.name),
                );
            }
            Action::UpsertEntry(entry) => {
                entry.validate().map_err(|e| e.to_string())?;
                record.save_entry(entry, who, now);
            }
            Action::RecordVisit { visit, revision } => {
                visit.validate().map_err(|e| e.to_string())?;
                if let Some(revision) = revision {
                    record.revise(revision, now).map_err(|e| e.to_string())?;
                }
                let what = visit.describe();
                record.visits.push(visit);
                record.audit(who, now, what);
            }
        }
        self.undoer.add_undo(&before);
        self.changed(time);
        Ok(())
    }

    /// Steps back one change; the undo itself is audited.
    pub fn undo(&mut self, time: f64) -> bool {
        let restored = self.undoer.undo(&self.file.record).cloned();
        self.restore(restored, time)
    }

    /// Steps forward again after an undo.
    pub fn redo(&mut self, time: f64) -> bool {
        let restored = self.undoer.redo(&self.file.record).cloned();
        self.restore(restored, time)
    }

    fn restore(&mut self, restored: Option<PatientRecord>, time: f64) -> bool {
        match restored {
            Some(record) if self.file.read_only().is_none() => {
                self.file.record = record;
                self.changed(time);
                true
            }
            _ => false,
        }
    }

    /// True when there is something to undo.
    pub fn can_undo(&self) -> bool {
        self.undoer.has_undo(&self.file.record)
    }

    /// True when there is something to redo.
    pub fn can_redo(&self) -> bool {
        self.undoer.has_redo(&self.file.record)
    }

    fn changed(&mut self, time: f64) {
        self.revision += 1;
        self.dirty = true;
        self.last_change = time;
        self.derived = derive(&self.file.record, self.derived.today);
    }

    /// Seconds until an autosave is due (None when nothing is pending).
    pub fn autosave_due_in(&self, time: f64) -> Option<f64> {
        (self.dirty && self.save_error.is_none())
            .then(|| (self.last_change + AUTOSAVE_DELAY_S - time).max(0.0))
    }

    /// Saves now if changes are pending; a refusal (changed on disk, read-only) is kept
    /// in `save_error` for the UI and the record stays in memory, unsaved.
    pub fn save(&mut self) {
        if !self.dirty {
            return;
        }
        match self.file.save() {
            Ok(()) => {
                self.dirty = false;
                self.save_error = None;
            }
            Err(err) => self.save_error = Some(err.to_string()),
        }
    }
}

fn derive(record: &PatientRecord, today: NaiveDate) -> Derived {
    let schedule = record.plan.schedule().map_err(|e| e.to_string());
    let original = if record.plan.revisions.is_empty() {
        None
    } else {
        record.plan.original_schedule().ok()
    };
    let alerts = match &schedule {
        Ok(schedule) => evaluate(record, schedule, today),
        Err(_) => Vec::new(),
    };
    Derived {
        schedule,
        original,
        alerts,
        today,
    }
}
