//! The demo patient created on first start, so a new user sees a full plan at once.

use std::path::Path;

use chrono::{Days, NaiveDate, NaiveDateTime, NaiveTime};

use crate::domain::amount::{Amount, Unit};
use crate::domain::instrument::{InstrumentScore, ItemAnswer, KRATOM_DAILY_ID, builtin_by_id};
use crate::domain::journal::{DayEntry, DoseTaken};
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
        ..Patient::default()
    };
    let mut record = PatientRecord::new(patient, demo_inputs(today), "taper-planner (demo)", now);
    demo_journal(&mut record);
    PatientFile::create(&patients_dir.join("demo-patient.ron"), record, false)?;
    crate::store::save_atomic(
        &marker,
        b"the demo patient was created once; delete this file to get it again\n",
    )?;
    Ok(true)
}

/// Twelve logged days, so the progress chart and the journal have something to show:
/// taken as planned, mild symptoms after the first cut, one product and lot. The last
/// two days before today are left open, for the user to try logging.
fn demo_journal(record: &mut PatientRecord) {
    let Ok(schedule) = record.plan.schedule() else {
        return;
    };
    let Some(instrument) = builtin_by_id(KRATOM_DAILY_ID) else {
        return;
    };
    for day in schedule.days.iter().take(12) {
        let mut entry = DayEntry::new(day.date);
        let times = [8, 14, 20].map(|h| NaiveTime::from_hms_opt(h, 0, 0));
        entry.doses = schedule
            .doses(day)
            .iter()
            .zip(times)
            .map(|(&amount, time)| DoseTaken { time, amount })
            .collect();
        entry.product = Some("Demo leaf powder".into());
        entry.lot = Some("DEMO-LOT-1".into());
        // Mild symptoms for a few days after the cut on day 8, none otherwise.
        let level = u8::from((9..=11).contains(&day.day));
        entry.scores = vec![InstrumentScore {
            instrument: instrument.id.clone(),
            answers: instrument
                .items
                .iter()
                .map(|item| ItemAnswer {
                    item: item.id.clone(),
                    score: level,
                })
                .collect(),
        }];
        entry.cravings = Some(2 + 2 * level);
        entry.sleep_tenths = Some(70 - 10 * u16::from(level));
        entry.logged_on = Some(day.date);
        record.journal.upsert(entry);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::rules::evaluate;
    use crate::store::patient_file::load;

    #[test]
    fn the_demo_is_created_once_with_a_quiet_journal() {
        let dir = tempfile::tempdir().unwrap();
        let patients = dir.path().join("patients");
        std::fs::create_dir_all(&patients).unwrap();
        let today = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        let now = today.and_hms_opt(9, 0, 0).unwrap();
        assert!(ensure_demo(dir.path(), &patients, today, now).unwrap());
        let (record, _) = load(&patients.join("demo-patient.ron")).unwrap();
        assert_eq!(record.journal.len(), 12);
        let schedule = record.plan.schedule().unwrap();
        assert!(
            record
                .journal
                .entries()
                .iter()
                .all(|e| e.total_taken() == schedule.planned_on(e.date))
        );
        assert!(
            evaluate(&record, &schedule, today).is_empty(),
            "the demo raises no alert"
        );
        std::fs::remove_file(patients.join("demo-patient.ron")).unwrap();
        assert!(
            !ensure_demo(dir.path(), &patients, today, now).unwrap(),
            "a deleted demo does not come back"
        );
    }
}
