//! Load and save of a five-year patient record: 1,826 journal days with every field
//! filled and 16 instrument items a day (targets: load under 15 ms, save with the
//! syncs under 30 ms).

use std::hint::black_box;

use chrono::{Days, NaiveDate, NaiveTime};
use criterion::{Criterion, criterion_group, criterion_main};
use taper_planner::domain::amount::{Amount, Unit};
use taper_planner::domain::basis::{RedFlag, Substance};
use taper_planner::domain::instrument::{InstrumentScore, ItemAnswer, builtin_by_id};
use taper_planner::domain::journal::{DayEntry, DoseTaken};
use taper_planner::domain::patient::{Patient, PatientRecord};
use taper_planner::domain::plan::{Length, PlanInputs};
use taper_planner::store::patient_file::{PatientFile, load};

fn five_year_record() -> PatientRecord {
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

fn bench_store(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("five-years.ron");
    let record = five_year_record();
    let mut file = PatientFile::create(&path, record, false).expect("the file is written");
    let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    eprintln!("five-year patient file: {size} bytes");
    c.bench_function("load a 5-year patient file", |b| {
        b.iter(|| load(black_box(&path)).expect("loads"))
    });
    let mut flip = false;
    c.bench_function(
        "save a 5-year patient file (atomic, synced, with backup)",
        |b| {
            b.iter(|| {
                flip = !flip;
                file.record.patient.clinician = if flip {
                    "Dr Brook".into()
                } else {
                    "Dr Ames".into()
                };
                file.save().expect("saves")
            })
        },
    );
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(30);
    targets = bench_store
}
criterion_main!(benches);
