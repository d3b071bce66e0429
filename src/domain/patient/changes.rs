//! Changes to a record that keep what a merge needs: every new item gets an id and a
//! stamp (who, when), and every changed item remembers its earlier version's hash, so
//! a copy that did not see the change is recognised as older, not as a conflict.
//! The app and the CLI change records only through these.

use chrono::NaiveDateTime;

use super::{AuditEntry, PatientRecord};
use crate::domain::identity::{Actor, IdSource, ItemMeta, Stamp};
use crate::domain::journal::{DayEntry, Product, Visit};
use crate::domain::merge::{ClinicianPart, Versioned};
use crate::domain::revision::Revision;

impl PatientRecord {
    /// Appends a line to the audit list in `by`'s name, with a new id.
    pub fn audit_by(
        &mut self,
        by: &Actor,
        at: NaiveDateTime,
        what: String,
        ids: &mut dyn IdSource,
    ) {
        self.audit.push(AuditEntry {
            at,
            who: by.name.clone(),
            what,
            meta: ItemMeta::new(ids.item_id(), by, at),
            superseded: None,
        });
    }

    /// Adds or replaces the day's journal entry as written by `by` at `at`. A changed
    /// day remembers the version it replaced. Returns false when the entry is the same
    /// as the one already there (nothing changes, not even the stamp).
    pub fn put_day(&mut self, mut entry: DayEntry, by: &Actor, at: NaiveDateTime) -> bool {
        let mut previous = Default::default();
        if let Some(old) = self.journal.get(entry.date) {
            if old.content_hash() == entry.content_hash() {
                return false;
            }
            previous = old.meta.previous.clone();
            previous.push(old.content_hash());
        }
        entry.meta = ItemMeta {
            id: Default::default(),
            stamp: Some(Stamp { by: by.clone(), at }),
            previous,
        };
        self.journal.upsert(entry);
        true
    }

    /// Changes the clinician's part (the patient's details, the plan inputs, the
    /// approval, the daily checklist) with `change`, in `by`'s name; the part
    /// remembers its earlier version. Returns false when `change` changed nothing.
    pub fn change_clinician_part(
        &mut self,
        by: &Actor,
        at: NaiveDateTime,
        change: impl FnOnce(&mut PatientRecord),
    ) -> bool {
        let before = ClinicianPart::hash(self);
        change(self);
        if ClinicianPart::hash(self) == before {
            return false;
        }
        self.clinician_part.previous.push(before);
        self.clinician_part.stamp = Some(Stamp { by: by.clone(), at });
        true
    }

    /// Adds a visit with a new id, stamped with who recorded it.
    pub fn add_visit(
        &mut self,
        mut visit: Visit,
        by: &Actor,
        at: NaiveDateTime,
        ids: &mut dyn IdSource,
    ) {
        visit.meta = ItemMeta::new(ids.item_id(), by, at);
        self.visits.push(visit);
    }

    /// Adds a revision with a new id, stamped with who made it. The caller checks that
    /// the plan still builds (see [`PatientRecord::revise`]).
    pub fn add_revision(
        &mut self,
        mut revision: Revision,
        by: &Actor,
        at: NaiveDateTime,
        ids: &mut dyn IdSource,
    ) {
        revision.meta = ItemMeta::new(ids.item_id(), by, at);
        self.plan.revisions.push(revision);
    }

    /// Adds a product with a new id, or replaces the one with the same id (remembering
    /// the version it replaced).
    pub fn put_product(
        &mut self,
        mut product: Product,
        by: &Actor,
        at: NaiveDateTime,
        ids: &mut dyn IdSource,
    ) {
        let position = self
            .products
            .iter()
            .position(|p| !product.meta.id.is_empty() && p.meta.id == product.meta.id);
        match position {
            Some(i) => {
                let old = &self.products[i];
                if old.content_hash() == product.content_hash() {
                    return;
                }
                let mut previous = old.meta.previous.clone();
                previous.push(old.content_hash());
                product.meta = ItemMeta {
                    id: old.meta.id.clone(),
                    stamp: Some(Stamp { by: by.clone(), at }),
                    previous,
                };
                self.products[i] = product;
            }
            None => {
                product.meta = ItemMeta::new(ids.item_id(), by, at);
                self.products.push(product);
            }
        }
    }
}

impl PatientRecord {
    /// Gives every item without an id (and the record, if it has none) an id derived
    /// from its content, as files from before format 4 need: two copies of one old file
    /// get the same ids, so they still merge. Items that have ids keep them.
    ///
    /// Visits, revisions and audit entries never change once made, so their id can
    /// come from their content at any save: the store derives it at every save for
    /// those made in the app (the n-th of several identical ones gets its own).
    /// Products change, so a new product gets its id when it is added
    /// ([`PatientRecord::put_product`]); a legacy one from its content and place.
    pub fn fill_missing_ids(&mut self) {
        use crate::domain::identity::derived_id;
        if self.id.is_empty() {
            let first = self.audit.first().map(|a| (&a.at, &a.who, &a.what));
            let origin = (
                &self.patient.display_name,
                &self.plan.inputs.start_date,
                first,
            );
            self.id = derived_id(&("record", origin), 32);
        }
        fill_by_content("visit", &mut self.visits);
        fill_by_content("revision", &mut self.plan.revisions);
        fill_by_content("audit", &mut self.audit);
        for (i, product) in self.products.iter_mut().enumerate() {
            if product.meta.id.is_empty() {
                product.meta.id = derived_id(&("product", i, product.content_hash()), 16);
            }
        }
    }
}

/// Ids for items that never change, from their content and how many identical items
/// came before them in the list.
fn fill_by_content<T: Versioned>(kind: &str, items: &mut [T]) {
    use crate::domain::identity::derived_id;
    let mut seen: std::collections::BTreeMap<crate::domain::identity::ContentHash, usize> =
        Default::default();
    for item in items.iter_mut() {
        let hash = item.content_hash();
        let nth = seen.entry(hash).or_insert(0);
        if item.meta().id.is_empty() {
            item.meta_mut().id = derived_id(&(kind, hash, *nth), 16);
        }
        *nth += 1;
    }
}
