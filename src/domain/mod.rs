//! The domain: pure data and rules. Nothing here touches files, the screen or the
//! clock; today's date is always a parameter.

pub mod amount;
pub mod basis;
pub mod checkin;
pub mod instrument;
pub mod journal;
pub mod levels;
pub mod pace;
pub mod patient;
pub mod plan;
pub mod revision;
pub mod rules;
pub mod schedule;
