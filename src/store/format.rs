//! The patient file format: `format_version` first, then the record. Older versions
//! are migrated in memory when loaded; saving always writes the current version.

use serde::{Deserialize, Serialize};

use super::file::StoreError;
use super::load::{parse_ron, to_ron_pretty};
use crate::domain::journal::{Journal, Product, Visit};
use crate::domain::patient::{AuditEntry, Patient, PatientRecord, PlanRecord};

/// The version this build writes. Bump it with a migration in [`decode`] and a new
/// fixture in tests/fixtures whenever the layout changes.
pub const FORMAT_VERSION: u32 = 1;

/// Only the version, read first so the right layout can be chosen.
#[derive(Deserialize)]
#[serde(rename = "PatientFile")]
struct VersionProbe {
    format_version: u32,
}

/// Version 1 as written to disk. Field order is the order in the file.
#[derive(Serialize, Deserialize)]
#[serde(rename = "PatientFile")]
struct PatientFileV1 {
    format_version: u32,
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

/// Parses a patient file of any known version into the current record.
pub fn decode(text: &str) -> Result<PatientRecord, StoreError> {
    let probe: VersionProbe = parse_ron(text)?;
    match probe.format_version {
        1 => {
            let file: PatientFileV1 = parse_ron(text)?;
            Ok(PatientRecord {
                patient: file.patient,
                plan: file.plan,
                journal: file.journal,
                visits: file.visits,
                products: file.products,
                audit: file.audit,
            })
        }
        newer if newer > FORMAT_VERSION => Err(StoreError::Parse {
            path: None,
            line: 1,
            column: 1,
            message: format!(
                "this file was written by a newer taper-planner (format version {newer}); this version reads versions 1 to {FORMAT_VERSION}"
            ),
        }),
        other => Err(StoreError::Parse {
            path: None,
            line: 1,
            column: 1,
            message: format!(
                "unknown format version {other}; this version reads versions 1 to {FORMAT_VERSION}"
            ),
        }),
    }
}

/// Writes the record as readable RON in the current version.
pub fn encode(record: &PatientRecord) -> Result<String, StoreError> {
    let file = PatientFileV1 {
        format_version: FORMAT_VERSION,
        patient: record.patient.clone(),
        plan: record.plan.clone(),
        journal: record.journal.clone(),
        visits: record.visits.clone(),
        products: record.products.clone(),
        audit: record.audit.clone(),
    };
    to_ron_pretty(&file)
}
