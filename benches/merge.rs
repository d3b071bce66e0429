//! Merging two copies of a five-year record (target: under 20 ms): the clinic's copy,
//! where a clinician changed the plan and recorded a visit, and the patient's, where the
//! last two weeks were logged again and two more weeks were added.

#[path = "../tests/common/five_years.rs"]
mod five_years;

use std::hint::black_box;

use chrono::{Days, NaiveTime};
use criterion::{Criterion, criterion_group, criterion_main};
use taper_planner::domain::identity::{Actor, SequentialIds};
use taper_planner::domain::journal::{DayEntry, Decision, Visit};
use taper_planner::domain::merge::merge;

fn bench_merge(c: &mut Criterion) {
    let mut base = five_years::five_year_record();
    base.fill_missing_ids();
    let last = base.journal.last().map(|e| e.date).unwrap_or_default();
    let at = last.and_time(NaiveTime::MIN);
    let mut clinic = base.clone();
    let clinician = Actor::clinician("Dr Ames");
    clinic.change_clinician_part(&clinician, at, |r| r.plan.inputs.follow_up_days = 21);
    let visit = Visit {
        date: last,
        cows: None,
        decision: Decision::Continue,
        reason: String::new(),
        decided_by: "Dr Ames".into(),
        acknowledged: Vec::new(),
        meta: Default::default(),
    };
    clinic.add_visit(visit, &clinician, at, &mut SequentialIds::starting_at(1));
    let mut home = base;
    let patient = Actor::patient("Five Years");
    for day in 0..28u64 {
        let date = last - Days::new(13) + Days::new(day);
        let mut entry = home
            .journal
            .get(date)
            .cloned()
            .unwrap_or_else(|| DayEntry::new(date));
        entry.note = format!("logged again at home, day {day}");
        home.put_day(entry, &patient, at);
    }
    let outcome = merge(&clinic, &home).expect("copies of one record");
    assert!(
        outcome.conflicts.is_empty(),
        "{:?}",
        outcome.conflicts.len()
    );
    eprintln!("merge of two five-year copies: {}", outcome.summary);
    c.bench_function("merge two five-year copies", |b| {
        b.iter(|| merge(black_box(&clinic), black_box(&home)))
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = bench_merge
}
criterion_main!(benches);
