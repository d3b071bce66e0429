//! Two copies of one record made one, without a server and without losing anything.
//!
//! A record exists as copies: the clinic's, the patient's, those a sync tool leaves.
//! [`merge`] is the union of two copies: journal days by date; visits, revisions,
//! products and audit entries by id, in time order; the clinician's part (the
//! patient's details, the plan inputs, the approval, the daily checklist) as one item.
//! An item changed on one side only takes the newer version (its history says which
//! it was made from); an item changed on both sides to different content is a
//! [`Conflict`] that a person resolves, and the version not chosen is kept whole in
//! the audit list. Nothing is ever removed.
//!
//! The function is pure, idempotent (`merge(a, a)` is `a`) and order-independent: the
//! merged record does not depend on which copy is "ours" (only the labels of a
//! conflict's two sides do).

mod describe;
mod resolve;
mod versioned;

use std::collections::BTreeMap;
use std::fmt;

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

pub use describe::Difference;
pub use resolve::Choice;
pub use versioned::{Pick, Side, Versioned, pick};
use versioned::{pick_side, with_both_histories};

use super::identity::{ContentHash, Id, ItemMeta, Role};
use super::journal::{DayEntry, Journal, Product, Visit};
use super::patient::{Approval, AuditEntry, Patient, PatientRecord};
use super::plan::PlanInputs;
use super::revision::Revision;

/// What only a clinician changes, merged as one item: two clinicians changing the plan
/// on two copies is a conflict, however small the changes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClinicianPart {
    pub patient: Patient,
    pub inputs: PlanInputs,
    pub approval: Option<Approval>,
    pub daily_instrument: String,
    #[serde(skip)]
    meta: ItemMeta,
}

impl ClinicianPart {
    /// The clinician's part of `record`, with its meta.
    pub fn of(record: &PatientRecord) -> ClinicianPart {
        ClinicianPart {
            patient: record.patient.clone(),
            inputs: record.plan.inputs.clone(),
            approval: record.plan.approval.clone(),
            daily_instrument: record.plan.daily_instrument.clone(),
            meta: record.clinician_part.clone(),
        }
    }

    /// Puts this part into `record`.
    fn put(self, record: &mut PatientRecord) {
        record.patient = self.patient;
        record.plan.inputs = self.inputs;
        record.plan.approval = self.approval;
        record.plan.daily_instrument = self.daily_instrument;
        record.clinician_part = self.meta;
    }

    /// The hash the clinician part's history is made of.
    pub fn hash(record: &PatientRecord) -> ContentHash {
        ClinicianPart::of(record).content_hash()
    }
}

impl Versioned for ClinicianPart {
    fn meta(&self) -> &ItemMeta {
        &self.meta
    }
    fn meta_mut(&mut self) -> &mut ItemMeta {
        &mut self.meta
    }
}

/// A version of an item as a merge or a person left it: one side of a conflict, or
/// the version not chosen (kept in the audit list).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Superseded {
    Day(DayEntry),
    Visit(Visit),
    Revision(Revision),
    Product(Product),
    Audit(AuditEntry),
    ClinicianPart(ClinicianPart),
}

/// Which item a conflict is about.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum ItemKey {
    ClinicianPart,
    Day(NaiveDate),
    Visit(Id),
    Revision(Id),
    Product(Id),
    Audit(Id),
}

impl fmt::Display for ItemKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ItemKey::ClinicianPart => f.write_str("the plan and the patient's details"),
            ItemKey::Day(date) => write!(f, "the journal day {date}"),
            ItemKey::Visit(id) => write!(f, "visit {id}"),
            ItemKey::Revision(id) => write!(f, "revision {id}"),
            ItemKey::Product(id) => write!(f, "product {id}"),
            ItemKey::Audit(id) => write!(f, "audit entry {id}"),
        }
    }
}

/// Why two versions could not be merged by themselves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConflictReason {
    /// Both copies changed the item since they parted.
    BothChanged,
    /// The other copy changed what only a clinician may change, in a patient's
    /// edition (a hand-edited file): it is never taken without a clinician's choice.
    ChangedInPatientEdition,
}

/// One item the copies disagree on, both versions kept until a person chooses. A side
/// is `None` when it does not hold the item (a visit a patient's edition added, say).
#[derive(Debug, Clone, PartialEq)]
pub struct Conflict {
    pub key: ItemKey,
    pub reason: ConflictReason,
    pub ours: Option<Superseded>,
    pub theirs: Option<Superseded>,
}

/// What the merge brought from the other copy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct MergeSummary {
    pub days_added: usize,
    pub days_updated: usize,
    pub visits_added: usize,
    pub revisions_added: usize,
    pub products_added: usize,
    pub products_updated: usize,
    pub audit_added: usize,
    pub plan_updated: bool,
    pub conflicts: usize,
}

impl MergeSummary {
    /// True when the other copy brought nothing new, not even a line of history.
    pub fn is_empty(&self) -> bool {
        *self == MergeSummary::default()
    }
}

impl fmt::Display for MergeSummary {
    /// "14 new days, 1 visit, no conflicts".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let count = |n: usize, one: &str, many: &str| match n {
            0 => None,
            1 => Some(format!("1 {one}")),
            n => Some(format!("{n} {many}")),
        };
        let mut parts: Vec<String> = [
            count(self.days_added, "new day", "new days"),
            count(self.days_updated, "day updated", "days updated"),
            count(self.visits_added, "visit", "visits"),
            count(self.revisions_added, "revision", "revisions"),
            count(self.products_added, "product", "products"),
            count(self.products_updated, "product updated", "products updated"),
        ]
        .into_iter()
        .flatten()
        .collect();
        if self.plan_updated {
            parts.push("the plan updated".into());
        }
        if parts.is_empty() {
            parts.push("nothing new".into());
        }
        parts.push(match self.conflicts {
            0 => "no conflicts".into(),
            1 => "1 conflict".into(),
            n => format!("{n} conflicts"),
        });
        f.write_str(&parts.join(", "))
    }
}

/// The merged record, what it brought, and the conflicts left to resolve. While a
/// conflict is open the record holds one of its versions (the same whichever copy was
/// "ours"); resolving it puts the chosen one in and keeps the other in the audit list.
#[derive(Debug, Clone, PartialEq)]
pub struct MergeOutcome {
    pub record: PatientRecord,
    pub summary: MergeSummary,
    pub conflicts: Vec<Conflict>,
}

/// Why two files cannot be merged at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MergeError {
    /// Different ids: different people, whatever their names.
    DifferentRecords { ours: Id, theirs: Id },
}

impl fmt::Display for MergeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MergeError::DifferentRecords { ours, theirs } => write!(
                f,
                "these are two different records (ids {ours} and {theirs}), not copies of one"
            ),
        }
    }
}

impl std::error::Error for MergeError {}

/// Merges `theirs` into `ours` (see the module documentation).
pub fn merge(ours: &PatientRecord, theirs: &PatientRecord) -> Result<MergeOutcome, MergeError> {
    if ours.id != theirs.id {
        return Err(MergeError::DifferentRecords {
            ours: ours.id.clone(),
            theirs: theirs.id.clone(),
        });
    }
    let mut out = Merging::default();
    let mut record = ours.clone();
    out.clinician_part(ours, theirs).put(&mut record);
    let days = out.list(
        ours.journal.entries(),
        theirs.journal.entries(),
        |e| ItemKey::Day(e.date),
        |e, _| e.date,
        Superseded::Day,
        false,
    );
    out.summary.days_added = out.added;
    out.summary.days_updated = out.updated;
    record.journal = Journal::from_entries(days).unwrap_or_default();
    record.visits = out.list_by_id(
        &ours.visits,
        &theirs.visits,
        ItemKey::Visit,
        Superseded::Visit,
    );
    out.summary.visits_added = out.added;
    record.plan.revisions = out.list_by_id(
        &ours.plan.revisions,
        &theirs.plan.revisions,
        ItemKey::Revision,
        Superseded::Revision,
    );
    out.summary.revisions_added = out.added;
    record.products = out.list_by_id(
        &ours.products,
        &theirs.products,
        ItemKey::Product,
        Superseded::Product,
    );
    out.summary.products_added = out.added;
    out.summary.products_updated = out.updated;
    record.audit = out.list(
        &ours.audit,
        &theirs.audit,
        |a| ItemKey::Audit(a.meta.id.clone()),
        |a, i| (a.at, legacy_position(&a.meta, i)),
        Superseded::Audit,
        false,
    );
    out.summary.audit_added = out.added;
    out.summary.conflicts = out.conflicts.len();
    out.conflicts.sort_by(|a, b| a.key.cmp(&b.key));
    Ok(MergeOutcome {
        record,
        summary: out.summary,
        conflicts: out.conflicts,
    })
}

/// Items made before records had stamps keep their place in the list they came from
/// (both copies of an old file hold them in the same order); stamped items sort by
/// their time alone.
fn legacy_position(meta: &ItemMeta, index: usize) -> usize {
    if meta.stamp.is_none() { index } else { 0 }
}

/// The merge's running state: what was added and updated by the list last merged,
/// the summary and the conflicts so far.
#[derive(Default)]
struct Merging {
    added: usize,
    updated: usize,
    summary: MergeSummary,
    conflicts: Vec<Conflict>,
}

/// True when `item` carries a change only a clinician may make, made in a patient's
/// edition (which refuses such changes: the file was edited by hand).
fn made_by_patient<T: Versioned>(item: &T, clinician_only: bool) -> bool {
    clinician_only
        && item
            .meta()
            .stamp
            .as_ref()
            .is_some_and(|s| s.by.role == Role::Patient)
}

impl Merging {
    fn clinician_part(&mut self, ours: &PatientRecord, theirs: &PatientRecord) -> ClinicianPart {
        let (a, b) = (ClinicianPart::of(ours), ClinicianPart::of(theirs));
        match decide(&a, &b, true) {
            Decision::Kept { item, updated } => {
                self.summary.plan_updated = updated;
                item
            }
            Decision::Open { reason, held } => {
                let (sa, sb) = (Superseded::ClinicianPart(a), Superseded::ClinicianPart(b));
                self.push(ItemKey::ClinicianPart, reason, Some(sa), Some(sb));
                held
            }
        }
    }

    /// A list keyed by item id, in time order.
    fn list_by_id<T: Versioned + HasTime>(
        &mut self,
        ours: &[T],
        theirs: &[T],
        key: fn(Id) -> ItemKey,
        wrap: fn(T) -> Superseded,
    ) -> Vec<T> {
        self.list(
            ours,
            theirs,
            |t| key(t.meta().id.clone()),
            |t, i| (t.time(), legacy_position(t.meta(), i)),
            wrap,
            T::CLINICIAN_ONLY,
        )
    }

    /// The union of two lists by `key`, sorted by `(order, key)`. In a list only a
    /// clinician adds to (`clinician_only`), a patient's item on one side only, or a
    /// patient's change winning, waits for a clinician's choice.
    fn list<T: Versioned, O: Ord>(
        &mut self,
        ours: &[T],
        theirs: &[T],
        key: impl Fn(&T) -> ItemKey,
        order: impl Fn(&T, usize) -> O,
        wrap: fn(T) -> Superseded,
        clinician_only: bool,
    ) -> Vec<T> {
        self.added = 0;
        self.updated = 0;
        let index = |list: &[T]| -> BTreeMap<ItemKey, (usize, T)> {
            list.iter()
                .enumerate()
                .map(|(i, t)| (key(t), (i, t.clone())))
                .collect()
        };
        let (mut mine, mut other) = (index(ours), index(theirs));
        let keys: std::collections::BTreeSet<ItemKey> =
            mine.keys().chain(other.keys()).cloned().collect();
        let mut merged: Vec<(O, ItemKey, T)> = Vec::new();
        for k in keys {
            let (a, b) = (mine.remove(&k), other.remove(&k));
            let kept = match (a, b) {
                (Some((_, a)), None) if made_by_patient(&a, clinician_only) => {
                    let reason = ConflictReason::ChangedInPatientEdition;
                    self.push(k.clone(), reason, Some(wrap(a.clone())), None);
                    None
                }
                (None, Some((_, b))) if made_by_patient(&b, clinician_only) => {
                    let reason = ConflictReason::ChangedInPatientEdition;
                    self.push(k.clone(), reason, None, Some(wrap(b.clone())));
                    None
                }
                (Some((i, a)), None) => Some((i, a)),
                (None, Some((i, b))) => {
                    self.added += 1;
                    Some((i, b))
                }
                (Some((i, a)), Some((_, b))) => self.both(k.clone(), i, a, b, wrap, clinician_only),
                (None, None) => None,
            };
            if let Some((i, item)) = kept {
                merged.push((order(&item, i), k, item));
            }
        }
        merged.sort_by(|x, y| x.0.cmp(&y.0).then_with(|| x.1.cmp(&y.1)));
        merged.into_iter().map(|(_, _, item)| item).collect()
    }

    /// One item both copies hold: agreed, or a conflict (the record then holds the
    /// canonical version until a person chooses).
    fn both<T: Versioned>(
        &mut self,
        k: ItemKey,
        i: usize,
        a: T,
        b: T,
        wrap: fn(T) -> Superseded,
        clinician_only: bool,
    ) -> Option<(usize, T)> {
        match decide(&a, &b, clinician_only) {
            Decision::Kept { item, updated } => {
                self.updated += usize::from(updated);
                Some((i, item))
            }
            Decision::Open { reason, held } => {
                self.push(k, reason, Some(wrap(a)), Some(wrap(b)));
                Some((i, held))
            }
        }
    }

    fn push(
        &mut self,
        key: ItemKey,
        reason: ConflictReason,
        ours: Option<Superseded>,
        theirs: Option<Superseded>,
    ) {
        self.conflicts.push(Conflict {
            key,
            reason,
            ours,
            theirs,
        });
    }
}

/// What a merge makes of one item both copies hold.
enum Decision<T> {
    /// Agreed; `updated` when it differs in content from ours.
    Kept { item: T, updated: bool },
    /// A person chooses; until then the record holds `held`.
    Open { reason: ConflictReason, held: T },
}

/// Decides one item. Each version is hashed once, and not at all when both are equal
/// (most days of two copies are): a merge of a five-year record stays quick.
fn decide<T: Versioned>(a: &T, b: &T, clinician_only: bool) -> Decision<T> {
    if a == b {
        let item = a.clone();
        return Decision::Kept {
            item,
            updated: false,
        };
    }
    let (ha, hb) = (a.content_hash(), b.content_hash());
    let changed = ha != hb;
    let reason = match pick_side(a, b, (ha, hb)) {
        Some(side) => {
            let winner = if side == Side::Ours { a } else { b };
            if !(changed && made_by_patient(winner, clinician_only)) {
                let item = with_both_histories(side, a, b);
                let updated = changed && side == Side::Theirs;
                return Decision::Kept { item, updated };
            }
            ConflictReason::ChangedInPatientEdition
        }
        None => ConflictReason::BothChanged,
    };
    Decision::Open {
        reason,
        held: held(a, b, (ha, hb), reason, clinician_only),
    }
}

/// The version an open conflict leaves in the record, the same whichever side is
/// ours: for a change from a patient's edition the version without it, otherwise the
/// one with the larger content hash.
fn held<T: Versioned>(
    a: &T,
    b: &T,
    (ha, hb): (ContentHash, ContentHash),
    reason: ConflictReason,
    clinician_only: bool,
) -> T {
    let keep_a = if reason == ConflictReason::ChangedInPatientEdition {
        !made_by_patient(a, clinician_only)
    } else {
        ha >= hb
    };
    if keep_a { a.clone() } else { b.clone() }
}

/// Items of a list kept in time order.
trait HasTime {
    /// Only a clinician makes these (visits, revisions).
    const CLINICIAN_ONLY: bool;
    /// When the item happened, for its place in the list.
    fn time(&self) -> NaiveDateTime;
}

impl HasTime for Visit {
    const CLINICIAN_ONLY: bool = true;
    fn time(&self) -> NaiveDateTime {
        self.meta
            .stamp
            .as_ref()
            .map_or(self.date.and_time(chrono::NaiveTime::MIN), |s| s.at)
    }
}

impl HasTime for Revision {
    const CLINICIAN_ONLY: bool = true;
    fn time(&self) -> NaiveDateTime {
        self.meta
            .stamp
            .as_ref()
            .map_or(NaiveDateTime::MIN, |s| s.at)
    }
}

impl HasTime for Product {
    const CLINICIAN_ONLY: bool = false;
    fn time(&self) -> NaiveDateTime {
        self.meta
            .stamp
            .as_ref()
            .map_or(NaiveDateTime::MIN, |s| s.at)
    }
}
