//! Making the PDF handout (layout, chart, fonts subset and embedded) for a 6-week and
//! a 2-year plan, and the calendar of the 2-year plan. The PDF's size is printed once
//! per plan, beside the timing.

use chrono::{NaiveDate, NaiveTime, Utc};
use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use taper_planner::domain::amount::{Amount, Unit};
use taper_planner::domain::patient::{Patient, PatientRecord};
use taper_planner::domain::plan::{Length, PlanInputs};
use taper_planner::report::handout::{HandoutOptions, Paper, handout_pdf};
use taper_planner::report::ical::{CalendarOptions, Reminder, calendar_ics};

fn record(weeks: u32) -> PatientRecord {
    let start = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap_or_default();
    let mut inputs = PlanInputs::new(Amount::from_milli(12_000), Unit::G, start);
    inputs.length = Length::Days(weeks * 7);
    inputs.doses_per_day = 3;
    inputs.dose_times = [8, 14, 20]
        .iter()
        .filter_map(|&h| NaiveTime::from_hms_opt(h, 0, 0))
        .collect();
    let patient = Patient {
        display_name: "Jane Doe".into(),
        clinician: "Dr Amira Haddad".into(),
        clinic: "Northside Family Clinic".into(),
        clinic_phone: "(555) 014-2367".into(),
        ..Patient::default()
    };
    PatientRecord::new(
        patient,
        inputs,
        "Dr Amira Haddad",
        start.and_time(NaiveTime::MIN),
    )
}

fn bench_handout(c: &mut Criterion) {
    let options = HandoutOptions {
        paper: Paper::A4,
        printed: NaiveDate::from_ymd_opt(2026, 12, 1).unwrap_or_default(),
    };
    for (name, weeks) in [("6-week", 6), ("2-year", 104)] {
        let record = record(weeks);
        let Ok(schedule) = record.plan.schedule() else {
            return;
        };
        if let Ok(pdf) = handout_pdf(&record, &schedule, &options) {
            eprintln!("{name} handout: {} bytes", pdf.len());
        }
        c.bench_function(&format!("handout PDF, {name} plan"), |b| {
            b.iter(|| handout_pdf(black_box(&record), black_box(&schedule), &options))
        });
    }
    let record = record(104);
    if let Ok(schedule) = record.plan.schedule() {
        let calendar = CalendarOptions {
            names: false,
            reminder: Reminder::default(),
            stamp: Utc::now(),
        };
        c.bench_function("calendar, 2-year plan", |b| {
            b.iter(|| calendar_ics(black_box(&record), black_box(&schedule), &calendar))
        });
    }
}

criterion_group!(benches, bench_handout);
criterion_main!(benches);
