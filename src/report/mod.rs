//! What the app hands out, drawn from the domain: the schedule as a table for people,
//! CSV and JSON for other programs, the calendar, the PDF handout, and the one writer
//! every export goes through.

pub mod exports;
pub mod handout;
pub mod ical;
pub mod output;
pub mod patient_csv;
pub mod schedule_text;
