//! The undo history of an open record, kept by egui's [`Undoer`].
//!
//! What is undone is everything but the audit list: the audit list lives outside the
//! undo state, so undoing a change (or an approval) never erases the entry that says it
//! happened, and the undo itself is audited. Each undo point is a [`Snapshot`] whose
//! parts are shared with the points before it when they did not change (one `Arc` per
//! part, and one per journal day), so 200 steps of a five-year record hold kilobytes of
//! pointers and the days that changed, not 200 copies of the record.

use std::sync::Arc;

use chrono::NaiveDate;

use egui::util::undoer::{Settings, Undoer};

use crate::domain::identity::ItemMeta;
use crate::domain::journal::{DayEntry, Journal, Product, Visit};
use crate::domain::patient::{Patient, PatientRecord, PlanRecord};

/// How many changes can be undone.
pub const MAX_UNDOS: usize = 200;

/// Everything in a record that undo restores (all but the audit list).
#[derive(Clone, Debug)]
pub struct Snapshot {
    clinician_part: Arc<ItemMeta>,
    patient: Arc<Patient>,
    plan: Arc<PlanRecord>,
    days: Arc<Vec<Arc<DayEntry>>>,
    visits: Arc<Vec<Visit>>,
    products: Arc<Vec<Product>>,
}

/// Equal parts first by pointer (the usual case: shared), then by content.
fn same<T: PartialEq + ?Sized>(a: &Arc<T>, b: &Arc<T>) -> bool {
    Arc::ptr_eq(a, b) || **a == **b
}

impl PartialEq for Snapshot {
    fn eq(&self, other: &Snapshot) -> bool {
        same(&self.patient, &other.patient)
            && same(&self.clinician_part, &other.clinician_part)
            && same(&self.plan, &other.plan)
            && (Arc::ptr_eq(&self.days, &other.days)
                || (self.days.len() == other.days.len()
                    && self
                        .days
                        .iter()
                        .zip(other.days.iter())
                        .all(|(a, b)| same(a, b))))
            && same(&self.visits, &other.visits)
            && same(&self.products, &other.products)
    }
}

/// Reuses `previous` when it holds `now`, else a new shared copy.
fn share<T: Clone + PartialEq>(now: &T, previous: Option<&Arc<T>>) -> Arc<T> {
    match previous {
        Some(p) if **p == *now => Arc::clone(p),
        _ => Arc::new(now.clone()),
    }
}

impl Snapshot {
    /// The undoable state of `record`, sharing with `previous` what did not change.
    pub fn of(record: &PatientRecord, previous: Option<&Snapshot>) -> Snapshot {
        // Named field by field, so that a new part of the record must be placed here.
        // The record's id never changes, so it is not part of what undo restores.
        let PatientRecord {
            id: _,
            clinician_part,
            patient,
            plan,
            journal,
            visits,
            products,
            audit: _,
        } = record;
        Snapshot {
            clinician_part: share(clinician_part, previous.map(|p| &p.clinician_part)),
            patient: share(patient, previous.map(|p| &p.patient)),
            plan: share(plan, previous.map(|p| &p.plan)),
            days: share_days(journal, previous.map(|p| &p.days)),
            visits: share(visits, previous.map(|p| &p.visits)),
            products: share(products, previous.map(|p| &p.products)),
        }
    }

    /// The undoable state of `record` after an edit of its journal entry for `day`
    /// only, from `previous`, the state before it: the other days and parts are
    /// `previous`'s, so no day is compared (a five-year journal has 1,826 of them,
    /// compared field by field).
    pub fn after_day_edit(record: &PatientRecord, previous: &Snapshot, day: NaiveDate) -> Snapshot {
        let before = previous.days.as_slice();
        let at = before.partition_point(|d| d.date < day);
        let after = match before.get(at) {
            Some(d) if d.date == day => at + 1,
            _ => at,
        };
        let mut days = Vec::with_capacity(before.len() + 1);
        days.extend_from_slice(&before[..at]);
        days.extend(record.journal.get(day).cloned().map(Arc::new));
        days.extend_from_slice(&before[after..]);
        Snapshot {
            days: Arc::new(days),
            ..previous.clone()
        }
    }

    /// Puts this state into `record`, leaving its audit list as it is.
    pub fn restore_into(&self, record: &mut PatientRecord) {
        record.patient = (*self.patient).clone();
        record.clinician_part = (*self.clinician_part).clone();
        record.plan = (*self.plan).clone();
        let entries = self.days.iter().map(|d| (**d).clone()).collect();
        // The days came from a journal, so they are sorted and one a day already.
        if let Ok(journal) = Journal::from_entries(entries) {
            record.journal = journal;
        }
        record.visits = (*self.visits).clone();
        record.products = (*self.products).clone();
    }

    /// The parts that differ between two states, in words, for the audit list.
    pub fn differences(&self, other: &Snapshot) -> Vec<String> {
        let mut parts = Vec::new();
        if !same(&self.patient, &other.patient) {
            parts.push("the patient's details".to_string());
        }
        let (a, b) = (&self.plan, &other.plan);
        if a.inputs != b.inputs {
            parts.push("the plan inputs".to_string());
        }
        if a.revisions != b.revisions {
            parts.push("the revisions".to_string());
        }
        if a.approval != b.approval {
            parts.push("the approval".to_string());
        }
        if a.daily_instrument != b.daily_instrument {
            parts.push("the daily checklist".to_string());
        }
        if !Arc::ptr_eq(&self.days, &other.days) {
            parts.extend(changed_days(&self.days, &other.days));
        }
        if !same(&self.visits, &other.visits) {
            parts.push("the visits".to_string());
        }
        if !same(&self.products, &other.products) {
            parts.push("the products".to_string());
        }
        parts
    }
}

/// The journal's days, each shared with `previous` when it holds the same entry.
fn share_days(
    journal: &Journal,
    previous: Option<&Arc<Vec<Arc<DayEntry>>>>,
) -> Arc<Vec<Arc<DayEntry>>> {
    let entries = journal.entries();
    let Some(previous) = previous else {
        return Arc::new(entries.iter().cloned().map(Arc::new).collect());
    };
    if previous.len() == entries.len() && previous.iter().zip(entries).all(|(p, e)| **p == *e) {
        return Arc::clone(previous);
    }
    // Both are sorted by date: walk them side by side.
    let mut old = previous.iter().peekable();
    let days = entries
        .iter()
        .map(|entry| {
            while old.next_if(|p| p.date < entry.date).is_some() {}
            match old.peek() {
                Some(p) if ***p == *entry => Arc::clone(p),
                _ => Arc::new(entry.clone()),
            }
        })
        .collect();
    Arc::new(days)
}

/// "the journal entry for D" for each day added, removed or changed (the first few).
fn changed_days(a: &[Arc<DayEntry>], b: &[Arc<DayEntry>]) -> Vec<String> {
    // Both are sorted by date: walk them side by side.
    let (mut i, mut j) = (0, 0);
    let mut dates = Vec::new();
    loop {
        match (a.get(i), b.get(j)) {
            (Some(x), Some(y)) if x.date == y.date => {
                if !same(x, y) {
                    dates.push(x.date);
                }
                i += 1;
                j += 1;
            }
            (Some(x), Some(y)) if x.date < y.date => {
                dates.push(x.date);
                i += 1;
            }
            (Some(x), None) => {
                dates.push(x.date);
                i += 1;
            }
            (_, Some(y)) => {
                dates.push(y.date);
                j += 1;
            }
            (None, None) => break,
        }
    }
    let mut parts: Vec<String> = dates
        .iter()
        .take(3)
        .map(|d| format!("the journal entry for {d}"))
        .collect();
    if dates.len() > 3 {
        parts.push(format!("{} more journal days", dates.len() - 3));
    }
    parts
}

/// What a change may have touched in a record, so that what it cannot have touched is
/// reused instead of compared or derived again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Touched {
    /// Only the journal entry for this day (and the audit list): a day logged or
    /// edited.
    JournalDay(NaiveDate),
    /// Any part of the record.
    Anything,
}

/// The undo points of one session and the state they are measured against.
pub struct History {
    undoer: Undoer<Snapshot>,
    current: Snapshot,
}

impl History {
    /// A history that starts at `record`, with nothing to undo.
    pub fn new(record: &PatientRecord) -> History {
        History {
            undoer: Undoer::with_settings(Settings {
                max_undos: MAX_UNDOS,
                stable_time: 0.0,
                auto_save_interval: f32::INFINITY,
            }),
            current: Snapshot::of(record, None),
        }
    }

    /// Records that `record` was just changed from the current state (an undo point);
    /// `touched` says what the change may have touched.
    pub fn changed(&mut self, record: &PatientRecord, touched: Touched) {
        let before = self.current.clone();
        self.undoer.add_undo(&before);
        self.current = match touched {
            Touched::JournalDay(day) => {
                let after = Snapshot::after_day_edit(record, &before, day);
                debug_assert!(
                    after == Snapshot::of(record, None),
                    "{day} was not the only change"
                );
                after
            }
            Touched::Anything => Snapshot::of(record, Some(&before)),
        };
    }

    /// Steps back: puts the previous state into `record` and says what it undid.
    pub fn undo(&mut self, record: &mut PatientRecord) -> Option<Vec<String>> {
        let restored = self.undoer.undo(&self.current)?.clone();
        Some(self.restore(restored, record))
    }

    /// Steps forward again after an undo.
    pub fn redo(&mut self, record: &mut PatientRecord) -> Option<Vec<String>> {
        let restored = self.undoer.redo(&self.current)?.clone();
        Some(self.restore(restored, record))
    }

    fn restore(&mut self, restored: Snapshot, record: &mut PatientRecord) -> Vec<String> {
        let parts = self.current.differences(&restored);
        restored.restore_into(record);
        self.current = restored;
        parts
    }

    /// True when there is something to undo.
    pub fn can_undo(&self) -> bool {
        self.undoer.has_undo(&self.current)
    }

    /// True when there is something to redo.
    pub fn can_redo(&self) -> bool {
        self.undoer.has_redo(&self.current)
    }
}
