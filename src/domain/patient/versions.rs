//! What a record held when it was read, item by item, so that saving it can tell what
//! changed since: every item changed gets the version it replaced in its history and,
//! if the change did not stamp it, the saver's stamp. The store does this at every
//! save, so no code path that changes a record can leave a change a merge would take
//! for a conflict (or miss).

use std::collections::BTreeMap;

use chrono::{NaiveDate, NaiveDateTime};

use super::PatientRecord;
use crate::domain::identity::{Actor, ContentHash, History, Id, ItemMeta, Stamp};
use crate::domain::merge::{ClinicianPart, Versioned};

/// One item as it was: its content hash, its history and its stamp.
#[derive(Debug, Clone, PartialEq)]
struct Was {
    hash: ContentHash,
    previous: History,
    stamp: Option<Stamp>,
}

impl Was {
    fn of<T: Versioned>(item: &T) -> Was {
        Was {
            hash: item.content_hash(),
            previous: item.meta().previous.clone(),
            stamp: item.meta().stamp.clone(),
        }
    }
}

/// The versions of a record's items at one moment (when it was read or last saved).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Versions {
    clinician_part: Option<Was>,
    days: BTreeMap<NaiveDate, Was>,
    visits: BTreeMap<Id, Was>,
    revisions: BTreeMap<Id, Was>,
    products: BTreeMap<Id, Was>,
}

impl PatientRecord {
    /// The versions of every item now.
    pub fn versions(&self) -> Versions {
        let by_id = |items: &mut dyn Iterator<Item = (&Id, Was)>| -> BTreeMap<Id, Was> {
            items.map(|(id, was)| (id.clone(), was)).collect()
        };
        Versions {
            clinician_part: Some(Was::of(&ClinicianPart::of(self))),
            days: self
                .journal
                .entries()
                .iter()
                .map(|e| (e.date, Was::of(e)))
                .collect(),
            visits: by_id(&mut self.visits.iter().map(|v| (&v.meta.id, Was::of(v)))),
            revisions: by_id(&mut self.plan.revisions.iter().map(|r| (&r.meta.id, Was::of(r)))),
            products: by_id(&mut self.products.iter().map(|p| (&p.meta.id, Was::of(p)))),
        }
    }

    /// Records in each item what changed since `before`: a changed item keeps the
    /// version it replaced (and that version's history) and, unless the change stamped
    /// it already, gets `by`'s stamp at `at`; a new item without a stamp gets it too.
    pub fn note_changes_since(&mut self, before: &Versions, by: &Actor, at: NaiveDateTime) {
        let stamp = Stamp { by: by.clone(), at };
        if let Some(was) = &before.clinician_part {
            let now = ClinicianPart::of(self).content_hash();
            note(&mut self.clinician_part, now, Some(was), &stamp);
        }
        let mut days: Vec<_> = self.journal.entries().to_vec();
        for day in &mut days {
            let hash = day.content_hash();
            note(&mut day.meta, hash, before.days.get(&day.date), &stamp);
        }
        self.journal = crate::domain::journal::Journal::from_entries(days).unwrap_or_default();
        for visit in &mut self.visits {
            let (hash, was) = (visit.content_hash(), before.visits.get(&visit.meta.id));
            note(&mut visit.meta, hash, was, &stamp);
        }
        for revision in &mut self.plan.revisions {
            let (hash, was) = (
                revision.content_hash(),
                before.revisions.get(&revision.meta.id),
            );
            note(&mut revision.meta, hash, was, &stamp);
        }
        for product in &mut self.products {
            let (hash, was) = (
                product.content_hash(),
                before.products.get(&product.meta.id),
            );
            note(&mut product.meta, hash, was, &stamp);
        }
        for entry in &mut self.audit {
            if entry.meta.stamp.is_none() && entry.meta.id.is_empty() {
                entry.meta.stamp = Some(Stamp {
                    by: Actor {
                        role: by.role,
                        name: entry.who.clone(),
                    },
                    at: entry.at,
                });
            }
        }
    }
}

/// One item's meta brought up to date: `now` is its content hash, `was` what it was.
/// An unchanged item gets back the meta it was saved with (the record in memory may
/// hold an older one: saves do not write into it, so undo and redo stay exact).
fn note(meta: &mut ItemMeta, now: ContentHash, was: Option<&Was>, stamp: &Stamp) {
    match was {
        None => {
            if meta.stamp.is_none() {
                meta.stamp = Some(stamp.clone());
            }
        }
        Some(was) if was.hash != now => {
            meta.previous = meta.previous.union(&was.previous);
            meta.previous.push(was.hash);
            if meta.stamp.is_none() || meta.stamp == was.stamp {
                meta.stamp = Some(stamp.clone());
            }
        }
        Some(was) => {
            meta.previous = meta.previous.union(&was.previous);
            if meta.stamp.is_none() {
                meta.stamp = was.stamp.clone();
            }
        }
    }
}
