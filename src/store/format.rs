//! The patient file format: `format_version` first, then the record. Older versions
//! are migrated in memory when loaded; saving always writes the current version.
//!
//! Version 4 (current) makes copies of one record mergeable: the record has an `id`,
//! the clinician's part (details, plan inputs, approval, checklist) a `clinician_part`
//! meta, and every journal day, visit, revision, product and audit entry a `meta` (its
//! id, who changed it last and when, its earlier versions' hashes). Older files get
//! ids derived from their content ([`PatientRecord::fill_missing_ids`]), so two copies
//! of one old file migrate to the same ids and still merge.
//!
//! Version 3 adds the patient's date of birth, the clinic's name and phone,
//! and two plan inputs (how long the patient has used, the dose times). A version 2
//! file has none of them and reads with their defaults (not known, none).
//!
//! Version 2 differs from version 1 in one place: instrument answers are a map
//! `{"anxious": 2, ...}` instead of a list of `ItemAnswer(item: .., score: ..)`. It is
//! also written more compactly, each journal day and each revision on one line (layout
//! only: RON reads any whitespace the same, so version 1 files written either way load
//! alike).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::file::StoreError;
use super::load::{parse_ron_with, ron_pretty_depth, to_ron_pretty_depth};
use super::locate::locate;
use super::read_back::check_text;
use crate::domain::identity::{Id, ItemMeta};
use crate::domain::journal::{Journal, Product, Visit};
use crate::domain::patient::{AuditEntry, Patient, PatientRecord, PlanRecord};
use crate::domain::plan::{Field as PlanField, PlanError};
use crate::domain::validity::{PathStep, RecordError, validate_record};

/// The version this build writes. Bump it with a migration in [`decode`] and a new
/// fixture in tests/fixtures whenever the layout changes.
pub const FORMAT_VERSION: u32 = 4;

/// Nesting levels written one field per line; deeper values (a journal day, a
/// revision, a visit's score) are written on one line each.
const PRETTY_DEPTH: usize = 3;

/// Only the version, read first so the right layout can be chosen.
#[derive(Deserialize)]
#[serde(rename = "PatientFile")]
struct VersionProbe {
    format_version: u32,
}

/// The current version as written to disk. Field order is the order in the file.
#[derive(Serialize)]
#[serde(rename = "PatientFile")]
struct PatientFileOut<'a> {
    format_version: u32,
    id: &'a Id,
    clinician_part: &'a ItemMeta,
    patient: &'a Patient,
    plan: &'a PlanRecord,
    journal: &'a Journal,
    visits: &'a [Visit],
    products: &'a [Product],
    audit: &'a [AuditEntry],
}

impl<'a> PatientFileOut<'a> {
    fn of(record: &'a PatientRecord) -> PatientFileOut<'a> {
        PatientFileOut {
            format_version: FORMAT_VERSION,
            id: &record.id,
            clinician_part: &record.clinician_part,
            patient: &record.patient,
            plan: &record.plan,
            journal: &record.journal,
            visits: &record.visits,
            products: &record.products,
            audit: &record.audit,
        }
    }
}

/// Versions 2 to 4 as read from disk (the layout of [`PatientFileOut`]): what a later
/// version added defaults when missing (version 3's patient and plan fields, version
/// 4's ids and metas, which [`decode`] then derives from the content).
#[derive(Deserialize)]
#[serde(rename = "PatientFile", deny_unknown_fields)]
struct PatientFileV2ToV4 {
    format_version: u32,
    #[serde(default)]
    id: Id,
    #[serde(default)]
    clinician_part: ItemMeta,
    patient: Patient,
    plan: PlanRecord,
    #[serde(default)]
    journal: Journal,
    #[serde(default)]
    visits: Vec<Visit>,
    #[serde(default)]
    products: Vec<Product>,
    #[serde(default)]
    audit: Vec<AuditEntry>,
}

/// Parses a patient file of any known version into the current record; a file of a
/// newer version is an error (see [`decode_any`] to show one read-only).
pub fn decode(text: &str) -> Result<PatientRecord, StoreError> {
    let decoded = decode_any(text)?;
    match decoded.newer {
        None => Ok(decoded.record),
        Some(newer) => Err(version_error(newer.to_string())),
    }
}

/// A record read from a file, and whether the file came from a newer version.
#[derive(Debug, Clone, PartialEq)]
pub struct Decoded {
    pub record: PatientRecord,
    /// Set for a file of a newer format version: the record lacks what this version
    /// does not know, so it must only be shown, never saved.
    pub newer: Option<NewerFormat>,
}

/// A file written by a newer version of the app, and what this version skipped in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewerFormat {
    pub version: u32,
    /// The fields this version does not know (`Struct.field`), left out of the record.
    pub unknown_fields: Vec<String>,
}

impl std::fmt::Display for NewerFormat {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "this file was written by a newer taper-planner (format version {}); this version \
             reads versions 1 to {FORMAT_VERSION}, so it only shows the file and never changes it",
            self.version
        )?;
        if !self.unknown_fields.is_empty() {
            write!(
                f,
                " (it does not know and does not show: {})",
                self.unknown_fields.join(", ")
            )?;
        }
        Ok(())
    }
}

/// Parses a patient file of any version: known versions strictly (an unknown field is
/// an error at its line and column), a newer version leniently, for showing read-only.
pub fn decode_any(text: &str) -> Result<Decoded, StoreError> {
    decode_with(text, false)
}

/// [`decode_any`] with ron's own reader only (for the save check and the benchmark).
pub fn decode_ron_only(text: &str) -> Result<Decoded, StoreError> {
    decode_with(text, true)
}

fn decode_with(text: &str, ron_only: bool) -> Result<Decoded, StoreError> {
    let version = match scan_version(text) {
        Some(version) => version,
        None => parse_ron_with::<VersionProbe>(text, ron_only)?.format_version,
    };
    let (format_version, record, newer) = match version {
        1 => {
            let file: v1::PatientFile = parse_ron_with(text, ron_only)?;
            (file.format_version, file.into_record(), None)
        }
        2..=4 => {
            let file: PatientFileV2ToV4 = parse_ron_with(text, ron_only)?;
            (file.format_version, file.into_record(), None)
        }
        newer if newer > FORMAT_VERSION => {
            let text = text.strip_prefix('\u{feff}').unwrap_or(text);
            let (file, unknown_fields) = super::lenient::from_str::<PatientFileV2ToV4>(text)
                .map_err(|e| match e {
                    StoreError::Parse { line, column, message, path } => StoreError::Parse {
                        path,
                        line,
                        column,
                        message: format!(
                            "this file was written by a newer taper-planner (format version {newer}) and cannot be shown by this one: {message}"
                        ),
                    },
                    other => other,
                })?;
            let newer_format = NewerFormat {
                version: newer,
                unknown_fields,
            };
            (file.format_version, file.into_record(), Some(newer_format))
        }
        other => {
            return Err(version_error(format!(
                "unknown format version {other}; this version reads versions 1 to {FORMAT_VERSION}"
            )));
        }
    };
    // The scan only chose the layout; the layout's own parse read the field again.
    if format_version != version {
        return Err(version_error(format!(
            "format_version reads as {version} and as {format_version}"
        )));
    }
    check_limits(text, &record)?;
    let mut record = record;
    record.fill_missing_ids();
    Ok(Decoded { record, newer })
}

impl PatientFileV2ToV4 {
    fn into_record(self) -> PatientRecord {
        PatientRecord {
            id: self.id,
            clinician_part: self.clinician_part,
            patient: self.patient,
            plan: self.plan,
            journal: self.journal,
            visits: self.visits,
            products: self.products,
            audit: self.audit,
        }
    }
}

/// Every value within the limits it would meet if typed, or the error at its place.
fn check_limits(text: &str, record: &PatientRecord) -> Result<(), StoreError> {
    validate_record(record).map_err(|e| {
        let (line, column) = locate(text.strip_prefix('\u{feff}').unwrap_or(text), &e.path);
        StoreError::Parse {
            path: None,
            line,
            column,
            message: e.to_string(),
        }
    })
}

/// A plan that was read but makes no schedule (a hand-edited plan longer than five
/// years, say), as an error at the plan's field in `text`: the file's field name with
/// its line and column, never a command-line flag.
pub fn plan_error_at(text: &str, err: &PlanError) -> StoreError {
    use PathStep::Field;
    let path = match err.field {
        PlanField::Revision => vec![Field("plan"), Field("revisions")],
        field => vec![Field("plan"), Field("inputs"), Field(field.file_field())],
    };
    let (line, column) = locate(text.strip_prefix('\u{feff}').unwrap_or(text), &path);
    let error = RecordError {
        path,
        message: err.message.clone(),
    };
    StoreError::Parse {
        path: None,
        line,
        column,
        message: error.to_string(),
    }
}

fn version_error(message: String) -> StoreError {
    StoreError::Parse {
        path: None,
        line: 1,
        column: 1,
        message,
    }
}

/// The version from the opening `PatientFile(format_version: N,` as this program
/// writes it (any whitespace, the struct name optional), without reading the rest of
/// the file. `None` for anything else (a comment first, another number syntax): the
/// caller then parses the whole file for the version, which also places its errors.
fn scan_version(text: &str) -> Option<u32> {
    let rest = text.strip_prefix('\u{feff}').unwrap_or(text).trim_start();
    let rest = rest
        .strip_prefix("PatientFile")
        .unwrap_or(rest)
        .trim_start();
    let rest = rest.strip_prefix('(')?.trim_start();
    let rest = rest.strip_prefix("format_version")?.trim_start();
    let rest = rest.strip_prefix(':')?.trim_start();
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    let (number, rest) = rest.split_at(digits);
    if !matches!(rest.trim_start().bytes().next(), Some(b',' | b')')) {
        return None;
    }
    number.parse().ok()
}

/// Writes the record as readable RON in the current version.
pub fn encode(record: &PatientRecord) -> Result<String, StoreError> {
    encode_with(record, false)
}

/// [`encode`] with ron's own writer only (for the benchmark that weighs the quick
/// writer against it).
pub fn encode_ron_only(record: &PatientRecord) -> Result<String, StoreError> {
    encode_with(record, true)
}

/// The record as file text in the current version, without the check that it loads
/// again: for tests and tools that must write what the app refuses to save (values
/// outside the limits).
pub fn encode_unchecked(record: &PatientRecord) -> Result<String, StoreError> {
    ron_pretty_depth(&PatientFileOut::of(record), PRETTY_DEPTH)
}

fn encode_with(record: &PatientRecord, ron_only: bool) -> Result<String, StoreError> {
    // Items without an id get one derived from their content, as a migration would, so
    // the file always holds every id; savers fill them in first so memory and disk agree.
    let filled;
    let record = if has_every_id(record) {
        record
    } else {
        let mut copy = record.clone();
        copy.fill_missing_ids();
        filled = copy;
        &filled
    };
    // Never write text that would not load as the same record (checked by ron itself,
    // [`check_text`]); if the quick writer's text fails the check, ron's own is tried.
    let mut last_error = None;
    for quick in [!ron_only, false] {
        let text = if quick {
            unchecked_text(record)?
        } else {
            ron_pretty_depth(&PatientFileOut::of(record), PRETTY_DEPTH)?
        };
        match check_text(&text, record) {
            Ok(()) => return Ok(text),
            Err(e) => last_error = Some(e),
        }
        if !quick {
            break;
        }
    }
    Err(last_error.unwrap_or_else(|| StoreError::Serialize {
        message: "the record could not be written".into(),
    }))
}

/// The record's text in the current version as the quick writer writes it (ron's,
/// where the quick writer gives up), not yet checked: [`check_text`] it before it is
/// saved. [`encode`] does both; a save runs the check while it writes.
pub fn unchecked_text(record: &PatientRecord) -> Result<String, StoreError> {
    to_ron_pretty_depth(&PatientFileOut::of(record), PRETTY_DEPTH)
}

/// True when the record and every item of its lists have an id.
fn has_every_id(record: &PatientRecord) -> bool {
    !record.id.is_empty()
        && record.visits.iter().all(|v| !v.meta.id.is_empty())
        && record.plan.revisions.iter().all(|r| !r.meta.id.is_empty())
        && record.products.iter().all(|p| !p.meta.id.is_empty())
        && record.audit.iter().all(|a| !a.meta.id.is_empty())
}

/// Version 1, frozen as it was written: only the parts that differ from version 2 are
/// spelled out here (the journal and the visits, which hold instrument answers as a
/// list of `ItemAnswer`); the rest is read with the current types.
mod v1 {
    use super::*;
    use crate::domain::basis::{RedFlag, Substance};
    use crate::domain::instrument::{InstrumentScore, ItemAnswer};
    use crate::domain::journal::{DayEntry, Decision, DoseTaken, JournalError};

    #[derive(Deserialize)]
    #[serde(rename = "PatientFile", deny_unknown_fields)]
    pub(super) struct PatientFile {
        pub(super) format_version: u32,
        patient: Patient,
        plan: PlanRecord,
        #[serde(default)]
        journal: JournalV1,
        #[serde(default)]
        visits: Vec<VisitV1>,
        #[serde(default)]
        products: Vec<Product>,
        #[serde(default)]
        audit: Vec<AuditEntry>,
    }

    impl PatientFile {
        pub(super) fn into_record(self) -> PatientRecord {
            PatientRecord {
                id: Default::default(),
                clinician_part: Default::default(),
                patient: self.patient,
                plan: self.plan,
                journal: self.journal.0,
                visits: self.visits.into_iter().map(VisitV1::migrate).collect(),
                products: self.products,
                audit: self.audit,
            }
        }
    }

    /// The journal, checked (sorted, one entry a day) while it is read, as in v2.
    #[derive(Default, Deserialize)]
    #[serde(try_from = "JournalFile")]
    struct JournalV1(Journal);

    #[derive(Deserialize)]
    #[serde(rename = "Journal", deny_unknown_fields)]
    struct JournalFile {
        #[serde(default)]
        entries: Vec<DayEntryV1>,
    }

    impl TryFrom<JournalFile> for JournalV1 {
        type Error = JournalError;
        fn try_from(file: JournalFile) -> Result<JournalV1, JournalError> {
            let entries = file.entries.into_iter().map(DayEntryV1::migrate).collect();
            Journal::from_entries(entries).map(JournalV1)
        }
    }

    #[derive(Deserialize)]
    #[serde(rename = "InstrumentScore", deny_unknown_fields)]
    struct InstrumentScoreV1 {
        instrument: String,
        answers: Vec<ItemAnswer>,
    }

    impl InstrumentScoreV1 {
        fn migrate(self) -> InstrumentScore {
            InstrumentScore {
                instrument: self.instrument,
                answers: self.answers,
            }
        }
    }

    #[derive(Deserialize)]
    #[serde(rename = "DayEntry", deny_unknown_fields)]
    struct DayEntryV1 {
        date: NaiveDate,
        #[serde(default)]
        doses: Vec<DoseTaken>,
        #[serde(default)]
        product: Option<String>,
        #[serde(default)]
        lot: Option<String>,
        #[serde(default)]
        scores: Vec<InstrumentScoreV1>,
        #[serde(default)]
        cravings: Option<u8>,
        #[serde(default)]
        pain: Option<u8>,
        #[serde(default)]
        sleep_tenths: Option<u16>,
        #[serde(default)]
        red_flags: Vec<RedFlag>,
        #[serde(default)]
        substances: Vec<Substance>,
        #[serde(default)]
        note: String,
        #[serde(default)]
        logged_on: Option<NaiveDate>,
        #[serde(default)]
        hold_requested: bool,
    }

    impl DayEntryV1 {
        fn migrate(self) -> DayEntry {
            DayEntry {
                date: self.date,
                doses: self.doses,
                product: self.product,
                lot: self.lot,
                scores: self
                    .scores
                    .into_iter()
                    .map(InstrumentScoreV1::migrate)
                    .collect(),
                cravings: self.cravings,
                pain: self.pain,
                sleep_tenths: self.sleep_tenths,
                red_flags: self.red_flags,
                substances: self.substances,
                note: self.note,
                logged_on: self.logged_on,
                hold_requested: self.hold_requested,
                meta: Default::default(),
            }
        }
    }

    #[derive(Deserialize)]
    #[serde(rename = "Visit", deny_unknown_fields)]
    struct VisitV1 {
        date: NaiveDate,
        #[serde(default)]
        cows: Option<InstrumentScoreV1>,
        decision: Decision,
        #[serde(default)]
        reason: String,
        decided_by: String,
    }

    impl VisitV1 {
        fn migrate(self) -> Visit {
            Visit {
                date: self.date,
                cows: self.cows.map(InstrumentScoreV1::migrate),
                decision: self.decision,
                reason: self.reason,
                decided_by: self.decided_by,
                acknowledged: Vec::new(),
                meta: Default::default(),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_version_is_scanned_from_the_opening_only_as_written() {
        assert_eq!(
            scan_version("PatientFile(\n    format_version: 2,\n"),
            Some(2)
        );
        assert_eq!(scan_version("\u{feff} ( format_version : 17 )"), Some(17));
        assert_eq!(
            scan_version("PatientFile(format_version: 1, patient: "),
            Some(1)
        );
        for other in [
            "// note\nPatientFile(format_version: 1,",
            "PatientFile(format_version: 0x1,",
            "PatientFile(format_version: 1u32,",
            "PatientFile(format_version: ,",
            "PatientFile(patient: Patient(), format_version: 1,",
            "PatientFiles(format_version: 1,",
            "PatientFile(format_version: 99999999999,",
            "",
        ] {
            assert_eq!(scan_version(other), None, "{other}");
        }
    }
}
