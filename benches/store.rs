//! Load and save of a five-year patient record: 1,826 journal days with every field
//! filled and 16 instrument items a day (targets: load under 15 ms, save with the
//! syncs under 30 ms), with the quick reader and writer and with ron alone, and the
//! text written and read each way, to see where a save's time goes. (The memory of
//! 200 undo steps on such a record is measured by an ignored test in
//! tests/store_patient/session.rs.)

#[path = "../tests/common/five_years.rs"]
mod five_years;

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use five_years::five_year_record;
use taper_planner::domain::patient::PatientRecord;
use taper_planner::store::format::{decode_ron_only, encode_ron_only};
use taper_planner::store::load::pretty_config;
use taper_planner::store::patient_file::{PatientFile, load};
use taper_planner::store::{quick_read, quick_write};
use taper_planner::store::{read_stamped, save_checked, text_from_bytes};

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
    c.bench_function("load a 5-year patient file, ron only", |b| {
        b.iter(|| {
            let (bytes, _) = read_stamped(black_box(&path), u64::MAX).expect("reads");
            decode_ron_only(text_from_bytes(&bytes).expect("text")).expect("loads")
        })
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
    // Where a save's time goes: writing the text and reading it back, each way.
    let record = &file.record;
    let config = || pretty_config().depth_limit(3);
    let text = ron::Options::default()
        .to_string_pretty(record, config())
        .expect("writes");
    c.bench_function("write the text (quick writer)", |b| {
        b.iter(|| quick_write::to_string_pretty(black_box(record), 3).expect("writes"))
    });
    c.bench_function("write the text (ron)", |b| {
        b.iter(|| ron::Options::default().to_string_pretty(black_box(record), config()))
    });
    c.bench_function("read the text (quick reader)", |b| {
        b.iter(|| quick_read::from_str::<PatientRecord>(black_box(&text)).expect("reads"))
    });
    c.bench_function("read the text (ron)", |b| {
        b.iter(|| ron::from_str::<PatientRecord>(black_box(&text)).expect("reads"))
    });
    let mut record = file.record.clone();
    let mut stamp = read_stamped(&path, u64::MAX).expect("reads").1;
    c.bench_function(
        "save a 5-year patient file (atomic, synced, with backup), ron only",
        |b| {
            b.iter(|| {
                flip = !flip;
                record.patient.clinician = if flip {
                    "Dr Brook".into()
                } else {
                    "Dr Ames".into()
                };
                let text = encode_ron_only(&record).expect("encodes");
                stamp = save_checked(&path, text.as_bytes(), Some(&stamp)).expect("saves");
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
