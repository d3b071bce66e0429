//! Generating a two-year daily schedule with three doses a day (target: under 50 µs).

use chrono::NaiveDate;
use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use taper_planner::domain::amount::{Amount, Unit};
use taper_planner::domain::plan::{Length, PlanInputs, Shape};
use taper_planner::domain::schedule::generate;

fn two_year_plan(shape: Shape) -> PlanInputs {
    let start = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap_or_default();
    let mut inputs = PlanInputs::new(Amount::from_milli(24_000), Unit::G, start);
    inputs.shape = shape;
    inputs.length = Length::Days(730);
    inputs.doses_per_day = 3;
    inputs
}

fn bench_schedule(c: &mut Criterion) {
    for shape in [Shape::Linear, Shape::Proportional] {
        let inputs = two_year_plan(shape);
        c.bench_function(
            &format!("generate 2-year {shape} schedule, 3 doses/day"),
            |b| b.iter(|| generate(black_box(&inputs), &[])),
        );
    }
}

criterion_group!(benches, bench_schedule);
criterion_main!(benches);
