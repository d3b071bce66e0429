//! One item, two versions: equal, one made from the other, or a conflict. An item's
//! content hash leaves out its merge meta (who changed it last, its history), so two
//! copies that hold the same content agree whoever saved them.

use crate::domain::identity::{ContentHash, ItemMeta, Stamp};
use crate::domain::journal::{DayEntry, Product, Visit};
use crate::domain::patient::AuditEntry;
use crate::domain::revision::Revision;

/// An item that copies of a record can hold in different versions.
pub trait Versioned: Clone + PartialEq + serde::Serialize {
    fn meta(&self) -> &ItemMeta;
    fn meta_mut(&mut self) -> &mut ItemMeta;

    /// The hash of the content alone (the meta cleared).
    fn content_hash(&self) -> ContentHash {
        let mut bare = self.clone();
        *bare.meta_mut() = ItemMeta::default();
        ContentHash::of(&bare)
    }
}

macro_rules! versioned {
    ($($t:ty),*) => {$(
        impl Versioned for $t {
            fn meta(&self) -> &ItemMeta {
                &self.meta
            }
            fn meta_mut(&mut self) -> &mut ItemMeta {
                &mut self.meta
            }
        }
    )*};
}

versioned!(DayEntry, Visit, Revision, Product);

impl Versioned for AuditEntry {
    fn meta(&self) -> &ItemMeta {
        &self.meta
    }
    fn meta_mut(&mut self) -> &mut ItemMeta {
        &mut self.meta
    }
    /// An audit line never changes; its content is all of it but the meta.
    fn content_hash(&self) -> ContentHash {
        ContentHash::of(&(&self.at, &self.who, &self.what, &self.superseded))
    }
}

/// What a merge makes of two versions of one item.
#[derive(Debug, Clone, PartialEq)]
pub enum Pick<T> {
    /// Both hold the same content (or one was made from the other): this version, with
    /// both histories.
    Agreed(T),
    /// Both changed it since they parted: a person chooses.
    Conflict,
}

/// Which of two versions a merge keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Ours,
    Theirs,
}

/// Merges two versions of one item. Equal content keeps the later stamp; a version
/// whose history holds the other's hash was made from it and wins; otherwise both
/// changed and it is a conflict. The result holds both histories, so merging again
/// with either input changes nothing.
pub fn pick<T: Versioned>(ours: &T, theirs: &T) -> Pick<T> {
    if ours == theirs {
        return Pick::Agreed(ours.clone());
    }
    let hashes = (ours.content_hash(), theirs.content_hash());
    match pick_side(ours, theirs, hashes) {
        Some(side) => Pick::Agreed(with_both_histories(side, ours, theirs)),
        None => Pick::Conflict,
    }
}

/// [`pick`]'s choice, given both content hashes (a merge hashes each version once).
pub fn pick_side<T: Versioned>(
    ours: &T,
    theirs: &T,
    (h_ours, h_theirs): (ContentHash, ContentHash),
) -> Option<Side> {
    if h_ours == h_theirs {
        let theirs_later = later(theirs.meta().stamp.as_ref(), ours.meta().stamp.as_ref());
        Some(if theirs_later {
            Side::Theirs
        } else {
            Side::Ours
        })
    } else if made_from(ours, theirs, h_theirs) {
        Some(Side::Ours)
    } else if made_from(theirs, ours, h_ours) {
        Some(Side::Theirs)
    } else {
        None
    }
}

/// The version on `side`, holding both histories.
pub fn with_both_histories<T: Versioned>(side: Side, ours: &T, theirs: &T) -> T {
    let history = ours.meta().previous.union(&theirs.meta().previous);
    let mut merged = match side {
        Side::Ours => ours.clone(),
        Side::Theirs => theirs.clone(),
    };
    merged.meta_mut().previous = history;
    merged
}

/// True when `x` was made from `y` (whose content hashes to `h_y`): `x`'s history
/// holds `y` and everything `y` came from. (Asking for the whole of `y`'s history keeps
/// a change and its undoing, A → B → A on one side and B on the other, from both
/// looking like the later one.)
fn made_from<T: Versioned>(x: &T, y: &T, h_y: ContentHash) -> bool {
    x.meta().previous.contains(h_y) && x.meta().previous.includes(&y.meta().previous)
}

/// True when stamp `a` is later than `b` (a missing stamp is the earliest; equal times
/// are ordered by who, so the choice never depends on which side is "ours").
fn later(a: Option<&Stamp>, b: Option<&Stamp>) -> bool {
    let key = |s: Option<&Stamp>| s.map(|s| (s.at, s.by.role, s.by.name.clone()));
    key(a) > key(b)
}

/// `version` made the successor of both `a` and `b`: its history holds both (and
/// itself), so a later merge with either side takes it.
pub fn successor_of<T: Versioned>(version: &T, a: &T, b: &T) -> T {
    let mut next = version.clone();
    let mut history = a.meta().previous.union(&b.meta().previous);
    history.push(a.content_hash());
    history.push(b.content_hash());
    next.meta_mut().previous = history;
    next
}
