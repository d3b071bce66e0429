//! Random ids for records and their items, from the operating system's random source:
//! two copies of a record, each changed on its own computer, never give two different
//! items one id.

use crate::domain::identity::{Id, IdSource};

/// Ids from the operating system's random source.
#[derive(Debug, Default, Clone, Copy)]
pub struct RandomIds;

impl RandomIds {
    fn bits() -> u128 {
        let mut bytes = [0u8; 16];
        if getrandom::fill(&mut bytes).is_err() {
            // No random source (never seen on a desktop): the clock's nanoseconds and a
            // counter still make ids that do not repeat on this computer.
            use std::sync::atomic::{AtomicU64, Ordering};
            static COUNTER: AtomicU64 = AtomicU64::new(0);
            let nanos = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos());
            let count = COUNTER.fetch_add(1, Ordering::Relaxed);
            return nanos ^ (u128::from(count) << 64) ^ u128::from(std::process::id());
        }
        u128::from_le_bytes(bytes)
    }
}

impl IdSource for RandomIds {
    fn record_id(&mut self) -> Id {
        Id::from_bits(RandomIds::bits(), 32)
    }

    fn item_id(&mut self) -> Id {
        Id::from_bits(RandomIds::bits(), 16)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn random_ids_have_their_width_and_do_not_repeat() {
        let mut ids = RandomIds;
        let a: Vec<Id> = (0..100).map(|_| ids.item_id()).collect();
        let mut unique = a.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), 100);
        assert!(a.iter().all(|id| id.0.len() == 16));
        assert_eq!(ids.record_id().0.len(), 32);
    }
}
