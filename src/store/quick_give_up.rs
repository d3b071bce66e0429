//! The one error of the quick reader and writer: "not something the quick path handles;
//! ask ron". It carries no message because ron then does the work and reports.

use std::fmt;

/// The quick path gave up; the caller falls back to the `ron` crate.
#[derive(Debug)]
pub struct GiveUp;

impl fmt::Display for GiveUp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("not in the quick reader's and writer's subset of RON")
    }
}

impl std::error::Error for GiveUp {}

impl serde::de::Error for GiveUp {
    fn custom<T: fmt::Display>(_msg: T) -> Self {
        GiveUp
    }
}

impl serde::ser::Error for GiveUp {
    fn custom<T: fmt::Display>(_msg: T) -> Self {
        GiveUp
    }
}
