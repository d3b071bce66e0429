//! Change detection: a [`FileStamp`] records what a file held, so a save can refuse to
//! overwrite what another program wrote in between.

use std::fs::{self, File};
use std::io::{self, Read};
use std::path::Path;
use std::time::UNIX_EPOCH;

use super::error::StoreError;

/// What a file held when it was loaded or saved, so that a later save can tell whether
/// someone else has written it in between.
///
/// Only length and content hash decide (see [`FileStamp::same_content`]): a changed
/// modification time alone (a `touch`, a copy back) loses nobody's work, while equal
/// times can hide a real change on file systems with coarse timestamps.
#[derive(Clone, Debug)]
pub struct FileStamp {
    len: u64,
    modified_nanos: Option<u128>,
    hash: u64,
}

impl FileStamp {
    /// Stamp for `bytes`, with the modification time from `meta` when known.
    pub fn new(bytes: &[u8], meta: Option<&fs::Metadata>) -> Self {
        FileStamp {
            len: bytes.len() as u64,
            modified_nanos: None,
            hash: content_hash(bytes),
        }
        .modified_from(meta)
    }

    /// The same content stamp with the modification time from `meta` (none without):
    /// for bytes already hashed, now written to a file.
    pub(super) fn modified_from(mut self, meta: Option<&fs::Metadata>) -> Self {
        self.modified_nanos = meta
            .and_then(|m| m.modified().ok())
            .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
            .map(|d| d.as_nanos());
        self
    }

    /// Length in bytes of the stamped content.
    pub fn byte_len(&self) -> u64 {
        self.len
    }

    /// Modification time in nanoseconds since 1970, for showing "changed at ...".
    pub fn modified_nanos(&self) -> Option<u128> {
        self.modified_nanos
    }

    /// True when both stamps describe the same bytes.
    pub fn same_content(&self, other: &FileStamp) -> bool {
        self.len == other.len && self.hash == other.hash
    }

    /// True when the file at `path` still holds exactly the stamped bytes. A missing
    /// file does not match. Only the length is looked at when it already differs.
    pub fn matches_disk(&self, path: &Path) -> Result<bool, StoreError> {
        let meta = match fs::metadata(path) {
            Ok(meta) => meta,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(false),
            Err(e) => return Err(StoreError::io(path, "look at", e)),
        };
        if !meta.is_file() || meta.len() != self.len {
            return Ok(false);
        }
        let mut bytes = Vec::new();
        let read = File::open(path)
            .and_then(|f| f.take(self.len.saturating_add(1)).read_to_end(&mut bytes));
        match read {
            Ok(_) => Ok(bytes.len() as u64 == self.len && content_hash(&bytes) == self.hash),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(false),
            Err(e) => Err(StoreError::io(path, "read", e)),
        }
    }
}

/// XXH64 (seed 0) of `bytes`, from the `xxhash-rust` crate: specified, so stable
/// across Rust versions and machines, and fast (a five-year patient file hashes in a
/// fraction of a millisecond). Plenty to notice an edit; it is not meant to resist a
/// deliberate collision.
fn content_hash(bytes: &[u8]) -> u64 {
    xxhash_rust::xxh64::xxh64(bytes, 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_content_hash_is_xxh64() {
        // Published XXH64 (seed 0) values, covering every tail length path.
        assert_eq!(content_hash(b""), 0xef46_db37_51d8_e999);
        assert_eq!(content_hash(b"a"), 0xd24e_c4f1_a98c_6e5b);
        assert_eq!(content_hash(b"abc"), 0x44bc_2cf5_ad77_0999);
        assert_eq!(content_hash(b"message digest"), 0x066e_d728_fcee_b3be);
        assert_eq!(
            content_hash(b"abcdefghijklmnopqrstuvwxyz"),
            0xcfe1_f278_fa89_835c
        );
        assert_eq!(
            content_hash(b"Nobody inspects the spammish repetition"),
            0xfbce_a83c_8a37_8bf1
        );
        assert_eq!(
            content_hash("1234567890".repeat(8).as_bytes()),
            0xe04a_477f_19ee_145d
        );
    }

    #[test]
    fn stamps_compare_content_not_time() {
        let a = FileStamp::new(b"abc", None);
        assert!(a.same_content(&FileStamp::new(b"abc", None)));
        assert!(!a.same_content(&FileStamp::new(b"abd", None)));
        assert!(!a.same_content(&FileStamp::new(b"abcd", None)));
        assert_eq!(a.byte_len(), 3);
    }
}
