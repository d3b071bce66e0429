//! The patient record: who the patient is, the plan (inputs plus dated revisions), the
//! journal, visits, products and the append-only audit list. The schedule is always
//! derived from the plan, never stored as the truth.

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

mod changes;
mod versions;

pub use versions::Versions;

use super::identity::{Id, ItemMeta};
use super::journal::{DayEntry, Journal, Product, Visit, red_flag_names};
use super::merge::Superseded;
use super::plan::{PlanError, PlanInputs};
use super::revision::Revision;
use super::schedule::{Schedule, generate};

/// Who the record is about, and who to call.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Patient {
    /// The name shown in lists (may be initials, for privacy).
    pub display_name: String,
    /// The clinic's record number, if the clinic uses one.
    pub record_number: Option<String>,
    /// Optional; with the record number it tells two people of the same name apart.
    #[serde(default)]
    pub date_of_birth: Option<NaiveDate>,
    /// The responsible clinician.
    pub clinician: String,
    /// The clinic's name, for the handout and the red-flag messages.
    #[serde(default)]
    pub clinic: String,
    /// The clinic's phone number: red-flag messages tell the patient to call it,
    /// because nothing the patient logs reaches the clinic by itself.
    #[serde(default)]
    pub clinic_phone: String,
}

/// Who approved the plan and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Approval {
    pub by: String,
    pub at: NaiveDateTime,
}

/// The plan as the clinician made it, and every dated change since.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanRecord {
    pub inputs: PlanInputs,
    /// Dated revisions, in the order they were made.
    pub revisions: Vec<Revision>,
    /// Set when the clinician approves; cleared when the inputs change.
    pub approval: Option<Approval>,
    /// The instrument the patient fills in daily (an id from assets/instruments).
    pub daily_instrument: String,
}

impl PlanRecord {
    /// A new, unapproved plan with the kratom daily checklist.
    pub fn new(inputs: PlanInputs) -> PlanRecord {
        PlanRecord {
            inputs,
            revisions: Vec::new(),
            approval: None,
            daily_instrument: super::instrument::KRATOM_DAILY_ID.to_string(),
        }
    }

    /// The schedule as planned, with every revision applied.
    pub fn schedule(&self) -> Result<Schedule, PlanError> {
        generate(&self.inputs, &self.revisions)
    }

    /// The schedule as first planned, before any revision (for the chart).
    pub fn original_schedule(&self) -> Result<Schedule, PlanError> {
        generate(&self.inputs, &[])
    }
}

/// One line of the append-only audit list: who changed what, when.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuditEntry {
    pub at: NaiveDateTime,
    pub who: String,
    pub what: String,
    /// Its id and the role of who made it, for merging copies.
    #[serde(default)]
    pub meta: ItemMeta,
    /// A version a person chose against when two copies disagreed: kept here whole,
    /// so a merge never loses either side.
    #[serde(default)]
    pub superseded: Option<Box<Superseded>>,
}

/// Everything kept about one patient (one file).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PatientRecord {
    /// Stable and random from the record's creation: two files with the same id are
    /// copies of one record, whatever their names.
    #[serde(default)]
    pub id: Id,
    /// Who last changed the clinician's part (the patient's details, the plan inputs,
    /// the approval, the daily checklist) and that part's earlier versions.
    #[serde(default)]
    pub clinician_part: ItemMeta,
    pub patient: Patient,
    pub plan: PlanRecord,
    pub journal: Journal,
    pub visits: Vec<Visit>,
    pub products: Vec<Product>,
    /// Append-only: entries are added, never changed or removed.
    pub audit: Vec<AuditEntry>,
}

impl PatientRecord {
    /// A new record for a patient with a first plan; the creation is audited.
    pub fn new(
        patient: Patient,
        inputs: PlanInputs,
        who: &str,
        now: NaiveDateTime,
    ) -> PatientRecord {
        let mut record = PatientRecord {
            id: Id::default(),
            clinician_part: ItemMeta::default(),
            patient,
            plan: PlanRecord::new(inputs),
            journal: Journal::default(),
            visits: Vec::new(),
            products: Vec::new(),
            audit: Vec::new(),
        };
        record.audit(who, now, "created the patient record and plan".to_string());
        record
    }

    /// Appends to the audit list.
    pub fn audit(&mut self, who: &str, at: NaiveDateTime, what: String) {
        self.audit.push(AuditEntry {
            at,
            who: who.to_string(),
            what,
            meta: ItemMeta::default(),
            superseded: None,
        });
    }

    /// Records the clinician's approval of the current plan; the audit entry names each
    /// warning the clinician confirmed in approving it.
    pub fn approve(&mut self, who: &str, at: NaiveDateTime, confirmed_warnings: &[String]) {
        self.plan.approval = Some(Approval {
            by: who.to_string(),
            at,
        });
        let what = if confirmed_warnings.is_empty() {
            "approved the plan (no warnings)".to_string()
        } else {
            format!(
                "approved the plan, confirming {} warning(s): {}",
                confirmed_warnings.len(),
                confirmed_warnings.join(" | ")
            )
        };
        self.audit(who, at, what);
    }

    /// Approves the plan if `confirmed` names every warning of its schedule (their
    /// [`Warning::summary`](super::pace::Warning::summary)); otherwise says why not and
    /// changes nothing. Approving a plan with warnings is confirming each of them.
    pub fn approve_confirming(
        &mut self,
        who: &str,
        at: NaiveDateTime,
        confirmed: &[String],
    ) -> Result<(), String> {
        let schedule = self
            .plan
            .schedule()
            .map_err(|e| format!("the plan cannot be approved: {e}"))?;
        let warnings: Vec<String> = schedule.warnings.iter().map(|w| w.summary()).collect();
        let unconfirmed = warnings.iter().filter(|w| !confirmed.contains(w)).count();
        if unconfirmed > 0 {
            return Err(format!(
                "the plan cannot be approved: confirm each of its warnings first ({unconfirmed} \
                 of {} not confirmed)",
                warnings.len()
            ));
        }
        self.approve(who, at, &warnings);
        Ok(())
    }

    /// Saves a day's whole entry (the app's form edits the whole day) and audits it; a
    /// red flag the new entry no longer has is named in the audit list.
    pub fn save_entry(&mut self, entry: DayEntry, who: &str, at: NaiveDateTime) {
        let date = entry.date;
        let what = match self.journal.get(date) {
            None => format!("logged the journal entry for {date}"),
            Some(old) => {
                let removed = old.red_flags_removed_by(&entry);
                let mut what = format!("updated the journal entry for {date}");
                if !removed.is_empty() {
                    what.push_str(&format!(
                        " (removed the red flags {})",
                        red_flag_names(&removed)
                    ));
                }
                what
            }
        };
        self.journal.upsert(entry);
        self.audit(who, at, what);
    }

    /// Adds a revision (it changes only days from its effective date) and audits it.
    pub fn revise(&mut self, revision: Revision, at: NaiveDateTime) -> Result<(), PlanError> {
        let mut revisions = self.plan.revisions.clone();
        revisions.push(revision.clone());
        generate(&self.plan.inputs, &revisions)?;
        let what = format!(
            "revised the plan from {}: {} (reason: {})",
            revision.effective,
            revision.change.describe(self.plan.inputs.unit),
            if revision.reason.is_empty() {
                "none given"
            } else {
                &revision.reason
            }
        );
        let who = revision.decided_by.clone();
        self.plan.revisions.push(revision);
        self.audit(&who, at, what);
        Ok(())
    }

    /// The most recent journal date, for summaries.
    pub fn last_entry_date(&self) -> Option<NaiveDate> {
        self.journal.last().map(|e| e.date)
    }
}
