//! The open patient: its file, undo history and autosave. Every change to the record
//! goes through [`Session::apply`], the one place where undo, the dirty mark, the audit
//! list and autosave live. The audit list is outside the undo history ([`History`]):
//! undo and redo are audited, and never remove an entry.

use chrono::{NaiveDate, NaiveDateTime};

use super::history::{History, Touched};
use crate::domain::identity::{Actor, Role};
use crate::domain::journal::{DayEntry, Visit};
use crate::domain::patient::PatientRecord;
use crate::domain::plan::PlanInputs;
use crate::domain::revision::Revision;
use crate::domain::rules::{Alert, evaluate, evaluate_after_day_edit};
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
    /// Change the patient's details: the name shown, record number, date of birth,
    /// the clinic's contact.
    SetPatientDetails(crate::domain::patient::Patient),
    /// Replace the record with its merge with another copy (every conflict resolved);
    /// `what` says where the copy came from and what it brought, for the audit list.
    ApplyMerge {
        merged: Box<PatientRecord>,
        what: String,
    },
}

impl Action {
    /// True for what only a clinician may do: change the plan, approve it, record a
    /// visit. A patient's edition may only log days (and ask for a hold in a day's log)
    /// and merge in a copy.
    pub fn is_clinicians(&self) -> bool {
        !matches!(self, Action::UpsertEntry(_) | Action::ApplyMerge { .. })
    }
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
    /// Who uses this session: a patient's session refuses what only a clinician does.
    role: Role,
    history: History,
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
    /// Opens a session on a loaded file for someone in `role`, with the alerts as of
    /// `today`.
    pub fn new(file: PatientFile, today: NaiveDate, role: Role) -> Session {
        let derived = derive(&file.record, today);
        let history = History::new(&file.record);
        Session {
            file,
            role,
            history,
            revision: 0,
            dirty: false,
            last_change: 0.0,
            save_error: None,
            derived,
        }
    }

    /// Who this session is for.
    pub fn role(&self) -> Role {
        self.role
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
        if let Some(reason) = self.file.read_only() {
            return Err(reason.to_string());
        }
        if self.role == Role::Patient && action.is_clinicians() {
            return Err(
                "this is the patient's edition: only your clinician changes the plan \
                 (ask for a pause with the hold request on the Today screen)"
                    .to_string(),
            );
        }
        self.file.set_actor(Actor {
            role: self.role,
            name: who.to_string(),
        });
        let touched = match &action {
            Action::UpsertEntry(entry) => Touched::JournalDay(entry.date),
            _ => Touched::Anything,
        };
        if change(&mut self.file.record, action, who, now)? {
            self.history.changed(&self.file.record, touched);
            self.changed(time, touched);
        }
        Ok(())
    }

    /// Steps back one change, as `who` at `now`; the undo itself is audited, and the
    /// audit list keeps every entry. False when there is nothing to undo.
    pub fn undo(&mut self, who: &str, now: NaiveDateTime, time: f64) -> bool {
        if self.file.read_only().is_some() {
            return false;
        }
        match self.history.undo(&mut self.file.record) {
            Some(parts) => self.audited("undid", &parts, who, now, time),
            None => false,
        }
    }

    /// Steps forward again after an undo; audited like [`Session::undo`].
    pub fn redo(&mut self, who: &str, now: NaiveDateTime, time: f64) -> bool {
        if self.file.read_only().is_some() {
            return false;
        }
        match self.history.redo(&mut self.file.record) {
            Some(parts) => self.audited("redid", &parts, who, now, time),
            None => false,
        }
    }

    fn audited(
        &mut self,
        verb: &str,
        parts: &[String],
        who: &str,
        now: NaiveDateTime,
        time: f64,
    ) -> bool {
        let what = if parts.is_empty() {
            format!("{verb} the last change")
        } else {
            format!("{verb} the change to {}", parts.join(", "))
        };
        self.file.record.audit(who, now, what);
        self.changed(time, Touched::Anything);
        true
    }

    /// True when there is something to undo.
    pub fn can_undo(&self) -> bool {
        self.file.read_only().is_none() && self.history.can_undo()
    }

    /// True when there is something to redo.
    pub fn can_redo(&self) -> bool {
        self.file.read_only().is_none() && self.history.can_redo()
    }

    fn changed(&mut self, time: f64, touched: Touched) {
        self.revision += 1;
        self.dirty = true;
        self.last_change = time;
        match touched {
            Touched::JournalDay(day) => {
                rederive_after_day_edit(&mut self.derived, &self.file.record, day)
            }
            Touched::Anything => self.derived = derive(&self.file.record, self.derived.today),
        }
    }

    /// Seconds until an autosave is due (None when nothing is pending).
    pub fn autosave_due_in(&self, time: f64) -> Option<f64> {
        (self.dirty && self.save_error.is_none())
            .then(|| (self.last_change + AUTOSAVE_DELAY_S - time).max(0.0))
    }

    /// Saves when the autosave delay has passed since the last change (`time` in
    /// egui's seconds); otherwise returns how long until it is due, for one delayed
    /// repaint. `None` when nothing is pending.
    pub fn autosave(&mut self, time: f64) -> Option<f64> {
        match self.autosave_due_in(time) {
            Some(wait) if wait <= 0.0 => {
                self.save();
                None
            }
            other => other,
        }
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

/// Makes the change `action` asks for in `record`, as `who` at `now`: true when the
/// record changed, false when the action asked for what it already held.
fn change(
    record: &mut PatientRecord,
    action: Action,
    who: &str,
    now: NaiveDateTime,
) -> Result<bool, String> {
    match action {
        Action::SetInputs(inputs) => {
            if inputs == record.plan.inputs {
                return Ok(false);
            }
            inputs.validate().map_err(|e| e.to_string())?;
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
                return Ok(false);
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
        Action::SetPatientDetails(patient) => {
            if patient == record.patient {
                return Ok(false);
            }
            let renamed = if patient.display_name == record.patient.display_name {
                String::new()
            } else {
                format!(" (was {})", record.patient.display_name)
            };
            record.patient = patient;
            record.audit(who, now, format!("changed the patient's details{renamed}"));
        }
        Action::ApplyMerge { merged, what } => {
            if merged.id != record.id {
                return Err("the merged copy is of another record".to_string());
            }
            *record = *merged;
            record.audit(who, now, what);
        }
    }
    Ok(true)
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

/// After an edit of one journal day the plan is as it was, so its schedules are kept;
/// the alerts are evaluated again from the ones before the edit.
fn rederive_after_day_edit(derived: &mut Derived, record: &PatientRecord, day: NaiveDate) {
    let Ok(schedule) = &derived.schedule else {
        return;
    };
    let previous = std::mem::take(&mut derived.alerts);
    derived.alerts = evaluate_after_day_edit(record, schedule, derived.today, previous, day);
    debug_assert_eq!(derived.alerts, evaluate(record, schedule, derived.today));
}
