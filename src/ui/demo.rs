//! The demo patient created on first start, so a new user sees a full plan at once.

use std::path::Path;

use chrono::{Days, NaiveDate, NaiveDateTime};

use crate::domain::amount::{Amount, Unit};
use crate::domain::patient::{Patient, PatientRecord};
use crate::domain::plan::{Length, PlanInputs};
use crate::store::patient_file::PatientFile;
use crate::store::{StoreError, list_patient_files};

/// Marker left in the data folder once the demo was offered, so a deleted demo does
/// not come back.
pub const DEMO_MARKER: &str = ".demo-created";

/// The demo plan: 12 g a day in three doses over six weeks, started two weeks before
/// `today` so that today falls inside it.
pub fn demo_inputs(today: NaiveDate) -> PlanInputs {
    let start = today.checked_sub_days(Days::new(14)).unwrap_or(today);
    let mut inputs = PlanInputs::new(Amount::from_milli(12_000), Unit::G, start);
    inputs.length = Length::Days(42);
    inputs.doses_per_day = 3;
    inputs
}

/// Creates the demo patient when the data folder has never had one and holds no
/// patient; returns whether it did.
pub fn ensure_demo(
    data_dir: &Path,
    patients_dir: &Path,
    today: NaiveDate,
    now: NaiveDateTime,
) -> Result<bool, StoreError> {
    let marker = data_dir.join(DEMO_MARKER);
    if marker.exists() || !list_patient_files(patients_dir)?.is_empty() {
        return Ok(false);
    }
    let patient = Patient {
        display_name: "Demo Patient".into(),
        record_number: Some("DEMO-1".into()),
        clinician: "Demo Clinician".into(),
    };
    let record = PatientRecord::new(patient, demo_inputs(today), "taper-planner (demo)", now);
    PatientFile::create(&patients_dir.join("demo-patient.ron"), record, false)?;
    crate::store::save_atomic(
        &marker,
        b"the demo patient was created once; delete this file to get it again\n",
    )?;
    Ok(true)
}
