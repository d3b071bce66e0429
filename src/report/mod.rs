//! Text exports of what the domain computes: the schedule as a table for people, CSV
//! and JSON for other programs, and (later) the patient exports.

pub mod handout;
pub mod ical;
pub mod output;
pub mod patient_csv;
pub mod schedule_text;
