//! A whole record, as read from a file, checked against the limits the forms and the
//! command line apply when the same values are typed: the plan inputs, every revision,
//! journal day and visit, and every date (see [`super::dates`]). A hand-edited or
//! damaged file can hold anything; once this passes, nothing derived from the record
//! (schedule, alerts, charts, exports) meets a value the app could not have made.
//!
//! Each error carries the path to the value, so the store can give its line and column.

use std::fmt;

use chrono::NaiveDate;

use super::dates;
use super::journal::JournalError;
use super::patient::PatientRecord;

/// The highest mitragynine content a certificate can state: 100%, in tenths.
pub const MAX_MITRAGYNINE_TENTHS: u16 = 1000;

/// One step on the way from the top of a patient file to a value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathStep {
    /// A struct field, by its name in the file.
    Field(&'static str),
    /// An element of a list, from 0, in the file's order.
    Index(usize),
    /// The element of a list whose `date` field is this day (journal days are sorted
    /// when loaded, so they are found by their date rather than their place).
    Dated(NaiveDate),
}

/// A value outside its limits: where it is and what is wrong, naming the field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordError {
    pub path: Vec<PathStep>,
    pub message: String,
}

impl fmt::Display for RecordError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, step) in self.path.iter().enumerate() {
            match step {
                PathStep::Field(name) if i == 0 => write!(f, "{name}")?,
                PathStep::Field(name) => write!(f, ".{name}")?,
                PathStep::Index(n) => write!(f, "[{n}]")?,
                PathStep::Dated(date) => write!(f, "[{date}]")?,
            }
        }
        write!(f, ": {}", self.message)
    }
}

impl std::error::Error for RecordError {}

fn error(path: Vec<PathStep>, message: impl fmt::Display) -> RecordError {
    RecordError {
        path,
        message: message.to_string(),
    }
}

use PathStep::{Dated, Field, Index};

/// Checks every value of `record` against the limits it would meet if typed.
pub fn validate_record(record: &PatientRecord) -> Result<(), RecordError> {
    if let Some(born) = record.patient.date_of_birth {
        dates::check_birth(born)
            .map_err(|e| error(vec![Field("patient"), Field("date_of_birth")], e))?;
    }
    let plan = &record.plan;
    plan.inputs.validate().map_err(|e| {
        let path = vec![Field("plan"), Field("inputs"), Field(e.field.file_field())];
        error(path, e.message)
    })?;
    for (i, revision) in plan.revisions.iter().enumerate() {
        revision.validate(&plan.inputs).map_err(|e| {
            let mut path = vec![Field("plan"), Field("revisions"), Index(i)];
            // Revision errors start with the field they are about.
            match e.message.split_once(':') {
                Some(("effective", _)) => path.push(Field("effective")),
                Some(("change", _)) => path.push(Field("change")),
                _ => {}
            }
            error(path, e.message)
        })?;
    }
    if let Some(approval) = &plan.approval {
        dates::check(approval.at.date())
            .map_err(|e| error(vec![Field("plan"), Field("approval"), Field("at")], e))?;
    }
    for entry in record.journal.entries() {
        entry.validate().map_err(|e| {
            let mut path = vec![Field("journal"), Field("entries"), Dated(entry.date)];
            path.extend(journal_field(&e).map(Field));
            error(path, e)
        })?;
    }
    for (i, visit) in record.visits.iter().enumerate() {
        visit.validate().map_err(|e| {
            let mut path = vec![Field("visits"), Index(i)];
            path.extend(journal_field(&e).map(Field));
            error(path, e)
        })?;
    }
    validate_products(record)?;
    for (i, entry) in record.audit.iter().enumerate() {
        dates::check(entry.at.date())
            .map_err(|e| error(vec![Field("audit"), Index(i), Field("at")], e))?;
    }
    Ok(())
}

fn validate_products(record: &PatientRecord) -> Result<(), RecordError> {
    for (i, product) in record.products.iter().enumerate() {
        let Some(coa) = &product.coa else { continue };
        let path = |field| vec![Field("products"), Index(i), Field("coa"), Field(field)];
        if let Some(date) = coa.date {
            dates::check(date).map_err(|e| error(path("date"), e))?;
        }
        if let Some(tenths) = coa
            .mitragynine_percent_tenths
            .filter(|t| *t > MAX_MITRAGYNINE_TENTHS)
        {
            return Err(error(
                path("mitragynine_percent_tenths"),
                format!("{tenths} tenths of a percent is above 100%"),
            ));
        }
    }
    Ok(())
}

/// The field of a day entry or visit that a journal error is about, for its position.
fn journal_field(error: &JournalError) -> Option<&'static str> {
    use JournalError as E;
    match error {
        E::RatingOutOfRange { field, .. } | E::Date { field, .. } => Some(field),
        E::SleepOutOfRange(_) => Some("sleep_tenths"),
        E::DoseOutOfRange { .. } | E::DayTotalTooLarge(_) => Some("doses"),
        E::LoggedBeforeDate { .. } => Some("logged_on"),
        E::EmptyInstrument | E::DuplicateScore(_) | E::DuplicateAnswer { .. } => Some("scores"),
        E::MissingDecidedBy => Some("decided_by"),
        E::MissingReason(_) => Some("reason"),
        _ => None,
    }
}
