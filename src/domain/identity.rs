//! What lets two copies of one record be merged without a server: the record's id,
//! an id for every item of a list, who changed an item and when, and the content
//! hashes of an item's earlier versions (its history), from which a merge tells "one
//! side changed it" (take the newer) from "both sides changed it" (a conflict).
//!
//! Ids are random and made outside the domain (an [`IdSource`]); content hashes are
//! computed here from the item's serialized content, so every copy computes the same.

use std::fmt;

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

/// Who uses the app: the rules of "who may change what" depend on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Role {
    /// Plans, approves, revises, records visits.
    Clinician,
    /// Follows the plan: logs days and asks for holds.
    Patient,
}

impl Role {
    /// "clinician" or "patient", as the command line and the audit list say it.
    pub fn name(self) -> &'static str {
        match self {
            Role::Clinician => "clinician",
            Role::Patient => "patient",
        }
    }

    /// Parses a command-line name (case-insensitive).
    pub fn parse(text: &str) -> Option<Role> {
        [Role::Clinician, Role::Patient]
            .into_iter()
            .find(|r| r.name().eq_ignore_ascii_case(text.trim()))
    }
}

/// A person acting on a record: their role and their name.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Actor {
    pub role: Role,
    pub name: String,
}

impl Actor {
    /// A clinician called `name`.
    pub fn clinician(name: &str) -> Actor {
        Actor {
            role: Role::Clinician,
            name: name.to_string(),
        }
    }

    /// A patient called `name`.
    pub fn patient(name: &str) -> Actor {
        Actor {
            role: Role::Patient,
            name: name.to_string(),
        }
    }
}

impl fmt::Display for Actor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.name, self.role.name())
    }
}

/// Who last changed an item, and when (shown beside each side of a conflict).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Stamp {
    pub by: Actor,
    pub at: NaiveDateTime,
}

/// What every mergeable item carries: its id (where items form a list; days are keyed
/// by their date and leave it empty), who changed it last and when, and the hashes of
/// its earlier versions.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ItemMeta {
    #[serde(default)]
    pub id: Id,
    #[serde(default)]
    pub stamp: Option<Stamp>,
    #[serde(default)]
    pub previous: History,
}

impl ItemMeta {
    /// The meta of a new item `id`, made by `by` at `at`.
    pub fn new(id: Id, by: &Actor, at: NaiveDateTime) -> ItemMeta {
        ItemMeta {
            id,
            stamp: Some(Stamp { by: by.clone(), at }),
            previous: History::default(),
        }
    }
}

/// A random identifier, as hex text in files. Records get 128 bits, list items 64.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, Default)]
#[serde(transparent)]
pub struct Id(pub String);

impl Id {
    /// An id from random bits (or, for files of an older format, from a content hash).
    pub fn from_bits(bits: u128, hex_digits: usize) -> Id {
        let text = format!("{bits:032x}");
        Id(text[text.len() - hex_digits.min(32)..].to_string())
    }

    /// True for the empty id a migration has not filled yet.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Display for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Where new ids come from: random in the app and the CLI, a fixed sequence in tests.
/// The domain never draws random numbers itself.
pub trait IdSource {
    /// A new id for a record (128 bits).
    fn record_id(&mut self) -> Id;
    /// A new id for an item of a list (64 bits).
    fn item_id(&mut self) -> Id;
}

/// Ids from a counter: reproducible, for tests and benchmarks.
#[derive(Debug, Clone, Default)]
pub struct SequentialIds {
    next: u64,
}

impl SequentialIds {
    /// A sequence starting after `seed` (two sources with different seeds do not
    /// collide for 2^32 ids).
    pub fn starting_at(seed: u32) -> SequentialIds {
        SequentialIds {
            next: u64::from(seed) << 32,
        }
    }

    fn bump(&mut self) -> u64 {
        self.next += 1;
        self.next
    }
}

impl IdSource for SequentialIds {
    fn record_id(&mut self) -> Id {
        Id::from_bits(u128::from(self.bump()), 32)
    }

    fn item_id(&mut self) -> Id {
        Id::from_bits(u128::from(self.bump()), 16)
    }
}

/// The hash of one version of an item's content (its stamp and history left out), the
/// same on every computer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ContentHash(pub u64);

impl ContentHash {
    /// The hash of `content` as canonical JSON (field order as declared, maps sorted):
    /// stable across platforms and versions of this program.
    pub fn of<T: Serialize + ?Sized>(content: &T) -> ContentHash {
        // Serializing plain data to memory cannot fail; an error would hash as empty.
        let bytes = serde_json::to_vec(content).unwrap_or_default();
        ContentHash(xxhash_rust::xxh3::xxh3_64(&bytes))
    }
}

impl Serialize for ContentHash {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&format!("{:016x}", self.0))
    }
}

impl<'de> Deserialize<'de> for ContentHash {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<ContentHash, D::Error> {
        let text = String::deserialize(d)?;
        if text.len() != 16 {
            return Err(serde::de::Error::custom(format!(
                "a content hash is 16 hex digits, not '{text}'"
            )));
        }
        u64::from_str_radix(&text, 16)
            .map(ContentHash)
            .map_err(|_| serde::de::Error::custom(format!("'{text}' is not a hex content hash")))
    }
}

/// An id derived from `content` (for items of files from before ids existed): the
/// same content always gives the same id. `hex_digits` is 32 for records, 16 for items.
pub fn derived_id<T: Serialize + ?Sized>(content: &T, hex_digits: usize) -> Id {
    let bytes = serde_json::to_vec(content).unwrap_or_default();
    Id::from_bits(xxhash_rust::xxh3::xxh3_128(&bytes), hex_digits)
}

/// The hashes of an item's earlier versions, as a sorted set: a version whose history
/// holds another's hash was made from it (directly or through later versions).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct History(Vec<ContentHash>);

impl History {
    /// True when `hash` is one of the earlier versions.
    pub fn contains(&self, hash: ContentHash) -> bool {
        self.0.binary_search(&hash).is_ok()
    }

    /// Adds `hash` (a version being replaced).
    pub fn push(&mut self, hash: ContentHash) {
        if let Err(i) = self.0.binary_search(&hash) {
            self.0.insert(i, hash);
        }
    }

    /// True when every version in `other` is in this history too.
    pub fn includes(&self, other: &History) -> bool {
        other.0.iter().all(|h| self.contains(*h))
    }

    /// Both histories together.
    pub fn union(&self, other: &History) -> History {
        let mut all = self.clone();
        for hash in &other.0 {
            all.push(*hash);
        }
        all
    }

    /// How many earlier versions there were.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// True for an item never changed since it was made.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// A history read from a file: sorted and without repeats, whatever the file held.
    pub fn normalized(mut self) -> History {
        self.0.sort_unstable();
        self.0.dedup();
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_hashes_are_stable_text_and_ignore_nothing_of_the_content() {
        let a = ContentHash::of(&("x", 1));
        assert_eq!(a, ContentHash::of(&("x", 1)));
        assert_ne!(a, ContentHash::of(&("x", 2)));
        let text = ron::to_string(&a).unwrap();
        assert_eq!(text.len(), 18, "16 hex digits in quotes: {text}");
        assert_eq!(ron::from_str::<ContentHash>(&text).unwrap(), a);
        assert!(ron::from_str::<ContentHash>("\"12\"").is_err());
        assert!(ron::from_str::<ContentHash>("\"zzzzzzzzzzzzzzzz\"").is_err());
    }

    #[test]
    fn histories_are_sets_and_ids_have_their_width() {
        let mut h = History::default();
        h.push(ContentHash(3));
        h.push(ContentHash(1));
        h.push(ContentHash(3));
        assert_eq!(h.len(), 2);
        assert!(h.contains(ContentHash(1)) && !h.contains(ContentHash(2)));
        let mut other = History::default();
        other.push(ContentHash(2));
        assert_eq!(h.union(&other), other.union(&h));
        assert_eq!(h.union(&other).len(), 3);
        let mut ids = SequentialIds::starting_at(7);
        assert_eq!(ids.record_id().0.len(), 32);
        assert_eq!(ids.item_id().0.len(), 16);
        assert_ne!(ids.item_id(), ids.item_id());
        assert_eq!(Role::parse(" Patient "), Some(Role::Patient));
        assert_eq!(Role::parse("nurse"), None);
    }
}
