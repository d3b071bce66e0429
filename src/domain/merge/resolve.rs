//! Resolving a merge's conflicts: the version a person chose goes into the record as
//! the successor of both (so merging either copy again changes nothing), and the
//! other is kept whole in the audit list, with who chose and when.

use chrono::NaiveDateTime;

use super::versioned::{Versioned, successor_of};
use super::{Conflict, ItemKey, MergeOutcome, Superseded};
use crate::domain::identity::{Actor, IdSource, ItemMeta};
use crate::domain::journal::Journal;
use crate::domain::patient::{AuditEntry, PatientRecord};

/// Which side of a conflict to keep.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Choice {
    Ours,
    Theirs,
}

impl Choice {
    /// "ours" or "theirs", as `merge --prefer` names it.
    pub fn name(self) -> &'static str {
        match self {
            Choice::Ours => "ours",
            Choice::Theirs => "theirs",
        }
    }
}

impl MergeOutcome {
    /// True when no conflict is left open: the record can be saved.
    pub fn is_resolved(&self) -> bool {
        self.conflicts.is_empty()
    }

    /// Resolves the conflict at `index` with `choice`, in `by`'s name at `at`. Returns
    /// false (and changes nothing) when there is no such conflict.
    pub fn resolve(
        &mut self,
        index: usize,
        choice: Choice,
        by: &Actor,
        at: NaiveDateTime,
        ids: &mut dyn IdSource,
    ) -> bool {
        if index >= self.conflicts.len() {
            return false;
        }
        let conflict = self.conflicts.remove(index);
        let (kept, other) = match choice {
            Choice::Ours => (conflict.ours.clone(), conflict.theirs.clone()),
            Choice::Theirs => (conflict.theirs.clone(), conflict.ours.clone()),
        };
        put(&mut self.record, &conflict, kept.as_ref());
        let what = format!(
            "resolved a merge conflict on {}: kept {} ({})",
            conflict.key,
            describe_side(choice, kept.is_some()),
            match other {
                Some(_) => "the other version is kept here",
                None => "the other copy did not have it",
            }
        );
        self.record.audit.push(AuditEntry {
            at,
            who: by.name.clone(),
            what,
            meta: ItemMeta::new(ids.item_id(), by, at),
            superseded: other.map(Box::new),
        });
        true
    }

    /// Resolves every open conflict with the same choice (`merge --prefer`).
    pub fn resolve_all(
        &mut self,
        choice: Choice,
        by: &Actor,
        at: NaiveDateTime,
        ids: &mut dyn IdSource,
    ) {
        while !self.conflicts.is_empty() {
            self.resolve(0, choice, by, at, ids);
        }
    }
}

fn describe_side(choice: Choice, present: bool) -> String {
    let side = match choice {
        Choice::Ours => "this copy's version",
        Choice::Theirs => "the other copy's version",
    };
    if present {
        side.to_string()
    } else {
        format!("{side}, without the item")
    }
}

/// Puts the chosen version (or, when the chosen side lacks the item, nothing) into the
/// record in place of what the open conflict left there.
fn put(record: &mut PatientRecord, conflict: &Conflict, kept: Option<&Superseded>) {
    fn next<T: Versioned>(
        kept: &T,
        conflict: &Conflict,
        unwrap: fn(&Superseded) -> Option<&T>,
    ) -> T {
        let ours = conflict.ours.as_ref().and_then(unwrap).unwrap_or(kept);
        let theirs = conflict.theirs.as_ref().and_then(unwrap).unwrap_or(kept);
        successor_of(kept, ours, theirs)
    }
    match (&conflict.key, kept) {
        (ItemKey::ClinicianPart, Some(Superseded::ClinicianPart(part))) => {
            let part = next(part, conflict, |s| match s {
                Superseded::ClinicianPart(p) => Some(p),
                _ => None,
            });
            part.put(record);
        }
        (ItemKey::Day(date), kept) => {
            let mut entries: Vec<_> = record.journal.entries().to_vec();
            entries.retain(|e| e.date != *date);
            if let Some(Superseded::Day(day)) = kept {
                entries.push(next(day, conflict, |s| match s {
                    Superseded::Day(d) => Some(d),
                    _ => None,
                }));
            }
            record.journal = Journal::from_entries(entries).unwrap_or_default();
        }
        (ItemKey::Visit(id), kept) => {
            replace(&mut record.visits, id, kept, conflict, |s| match s {
                Superseded::Visit(v) => Some(v),
                _ => None,
            })
        }
        (ItemKey::Revision(id), kept) => replace(
            &mut record.plan.revisions,
            id,
            kept,
            conflict,
            |s| match s {
                Superseded::Revision(r) => Some(r),
                _ => None,
            },
        ),
        (ItemKey::Product(id), kept) => {
            replace(&mut record.products, id, kept, conflict, |s| match s {
                Superseded::Product(p) => Some(p),
                _ => None,
            })
        }
        (ItemKey::Audit(id), kept) => replace(&mut record.audit, id, kept, conflict, |s| match s {
            Superseded::Audit(a) => Some(a),
            _ => None,
        }),
        (ItemKey::ClinicianPart, _) => {}
    }
}

/// In `list`, the item `id` becomes the chosen version (in the place the open conflict
/// left it, or at the end), or goes when the chosen side lacked it.
fn replace<T: Versioned>(
    list: &mut Vec<T>,
    id: &crate::domain::identity::Id,
    kept: Option<&Superseded>,
    conflict: &Conflict,
    unwrap: fn(&Superseded) -> Option<&T>,
) {
    let position = list.iter().position(|t| &t.meta().id == id);
    let chosen = kept.and_then(unwrap).map(|item| {
        let ours = conflict.ours.as_ref().and_then(unwrap).unwrap_or(item);
        let theirs = conflict.theirs.as_ref().and_then(unwrap).unwrap_or(item);
        successor_of(item, ours, theirs)
    });
    match (position, chosen) {
        (Some(i), Some(item)) => list[i] = item,
        (Some(i), None) => {
            list.remove(i);
        }
        (None, Some(item)) => list.push(item),
        (None, None) => {}
    }
}
