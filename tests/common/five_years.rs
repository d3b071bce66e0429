//! A five-year patient record with every journal field filled, for the store's
//! and merge benchmarks and the undo memory measurement.

use chrono::{Days, NaiveDate, NaiveTime};
use taper_planner::domain::amount::{Amount, Unit};
use taper_planner::domain::basis::{RedFlag, Substance};
use taper_planner::domain::instrument::{InstrumentScore, ItemAnswer, builtin_by_id};
use taper_planner::domain::journal::{DayEntry, DoseTaken};
use taper_planner::domain::patient::{Patient, PatientRecord};
use taper_planner::domain::plan::{Length, PlanInputs};

/// 1,826 journal days with every field filled and 16 instrument items a day.
pub fn five_year_record() -> PatientRecord {
    let start = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap_or_default();
    let mut inputs = PlanInputs::new(Amount::from_milli(24_000), Unit::G, start);
    inputs.length = Length::Days(1825);
    inputs.doses_per_day = 3;
    let patient = Patient {
        display_name: "Five Years".into(),
        record_number: Some("MRN-5".into()),
        clinician: "Dr Ames".into(),
        ..Patient::default()
    };
    let mut record = PatientRecord::new(patient, inputs, "Dr Ames", start.and_time(NaiveTime::MIN));
    let sows = builtin_by_id("sows")
        .map(|i| {
            i.items
                .iter()
                .map(|item| item.id.clone())
                .collect::<Vec<_>>()
        })
        .unwrap_or_default();
    for day in 0..1826u64 {
        let date = start + Days::new(day);
        let mut entry = DayEntry::new(date);
        entry.doses = (0..3)
            .map(|i| DoseTaken {
                time: NaiveTime::from_hms_opt(8 + 6 * i, 0, 0),
                amount: Amount::from_milli(4_000),
            })
            .collect();
        entry.product = Some("Green Maeng Da".into());
        entry.lot = Some(format!("L-{}", day / 30));
        entry.scores = vec![InstrumentScore {
            instrument: "sows".into(),
            answers: sows
                .iter()
                .enumerate()
                .map(|(i, item)| ItemAnswer {
                    item: item.clone(),
                    score: ((day as usize + i) % 5) as u8,
                })
                .collect(),
        }];
        entry.cravings = Some((day % 11) as u8);
        entry.pain = Some((day % 7) as u8);
        entry.sleep_tenths = Some(70);
        entry.red_flags = vec![RedFlag::SevereFatigue];
        entry.substances = vec![Substance::Alcohol];
        entry.note = "slept badly, mild aches in the evening, otherwise fine".into();
        entry.logged_on = Some(date);
        entry.hold_requested = day % 30 == 0;
        record.journal.upsert(entry);
    }
    record
}
