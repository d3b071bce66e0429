//! Load and save of a five-year patient record: 1,826 journal days with every field
//! filled and 16 instrument items a day (targets: load under 15 ms, save with the
//! syncs under 30 ms), with the quick reader and writer and with ron alone, and the
//! text written, read and checked each way, to see where a save's time goes.
//!
//! A save checks its text with ron, the days read in parts on several threads
//! (src/store/read_back.rs), while the temporary file is written and synced. "The
//! whole text checked first" is a save as it was before both: ron reads the whole text
//! back, then the disk work starts. (The memory of 200 undo steps on such a record is
//! measured by an ignored test in tests/store_patient/session.rs.)

#[path = "../tests/common/five_years.rs"]
mod five_years;

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use five_years::five_year_record;
use taper_planner::domain::patient::PatientRecord;
use taper_planner::store::format::{decode_ron_only, encode_ron_only, unchecked_text};
use taper_planner::store::load::pretty_config;
use taper_planner::store::patient_file::{PatientFile, load};
use taper_planner::store::read_back::check_text;
use taper_planner::store::{StoreError, quick_read, quick_write};
use taper_planner::store::{read_stamped, save_checked, text_from_bytes};

/// The record with the other of two clinicians, so that every save writes.
fn switch_clinician(record: &mut PatientRecord) {
    record.patient.clinician = if record.patient.clinician == "Dr Ames" {
        "Dr Brook".into()
    } else {
        "Dr Ames".into()
    };
}

/// Benchmarks saving `record` to `path` with `text_of` making the checked text, and
/// [`save_checked`] doing the disk work after it.
fn bench_save_after<T: AsRef<str>>(
    c: &mut Criterion,
    name: &str,
    path: &Path,
    record: &mut PatientRecord,
    mut text_of: impl FnMut(&PatientRecord) -> Result<T, StoreError>,
) {
    let mut stamp = read_stamped(path, u64::MAX).expect("reads").1;
    c.bench_function(name, |b| {
        b.iter(|| {
            switch_clinician(record);
            let text = text_of(record).expect("a checked text");
            let bytes = text.as_ref().as_bytes();
            stamp = save_checked(path, bytes, Some(&stamp)).expect("saves");
        })
    });
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
    c.bench_function("load a 5-year patient file, ron only", |b| {
        b.iter(|| {
            let (bytes, _) = read_stamped(black_box(&path), u64::MAX).expect("reads");
            decode_ron_only(text_from_bytes(&bytes).expect("text")).expect("loads")
        })
    });
    c.bench_function(
        "save a 5-year patient file (atomic, synced, with backup)",
        |b| {
            b.iter(|| {
                switch_clinician(&mut file.record);
                file.save().expect("saves")
            })
        },
    );
    // Where a save's time goes: writing the text, reading and checking it, each way.
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
    let file_text = unchecked_text(record).expect("writes");
    c.bench_function("check the file's text (ron, the days in parts)", |b| {
        b.iter(|| check_text(black_box(&file_text), record).expect("reads back"))
    });
    c.bench_function("check the file's text (ron, the whole text at once)", |b| {
        b.iter(|| whole_text_checked(black_box(&file_text), record).expect("reads back"))
    });
    let mut record = file.record.clone();
    drop(file);
    bench_save_after(
        c,
        "save a 5-year patient file (atomic, synced, with backup), ron only",
        &path,
        &mut record,
        encode_ron_only,
    );
    bench_save_after(
        c,
        "save a 5-year patient file (atomic, synced, with backup), the whole text checked first",
        &path,
        &mut record,
        |record| {
            let text = unchecked_text(record)?;
            whole_text_checked(&text, record).map(|()| text)
        },
    );
    // The disk work alone: the two texts already written and checked.
    let texts: Vec<String> = (0..2)
        .map(|_| {
            switch_clinician(&mut record);
            unchecked_text(&record).expect("writes")
        })
        .collect();
    let mut next = texts.iter().cycle();
    bench_save_after(
        c,
        "save a 5-year patient file (atomic, synced, with backup), the disk work alone",
        &path,
        &mut record,
        |_| Ok(next.next().expect("two texts, cycled")),
    );
}

/// The check as it was before the days were read in parts: ron reads the whole text.
fn whole_text_checked(text: &str, record: &PatientRecord) -> Result<(), StoreError> {
    match decode_ron_only(text) {
        Ok(read) if read.record == *record => Ok(()),
        Ok(_) => Err(StoreError::Serialize {
            message: "reads back as another record".into(),
        }),
        Err(e) => Err(e),
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(30);
    targets = bench_store
}
criterion_main!(benches);
