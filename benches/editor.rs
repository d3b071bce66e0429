//! CPU time of one frame of the plan editor for a two-year plan, run through a headless
//! egui context (target: under 2 ms). "steady" is a frame in which nothing changed
//! (the chart texture is reused); "typing" changes an input, so the preview schedule
//! is regenerated and the chart redrawn.

use std::hint::black_box;

use chrono::{NaiveDate, NaiveTime};
use criterion::{Criterion, criterion_group, criterion_main};
use taper_planner::domain::amount::{Amount, Unit};
use taper_planner::domain::patient::{Patient, PatientRecord};
use taper_planner::domain::plan::{Length, PlanInputs};
use taper_planner::store::patient_file::PatientFile;
use taper_planner::ui::PlanScreen;
use taper_planner::ui::Session;

fn bench_editor(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let today = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap_or_default();
    let mut inputs = PlanInputs::new(Amount::from_milli(24_000), Unit::G, today);
    inputs.length = Length::Days(730);
    inputs.doses_per_day = 3;
    let record = PatientRecord::new(
        Patient::default(),
        inputs,
        "bench",
        today.and_time(NaiveTime::MIN),
    );
    let file =
        PatientFile::create(&dir.path().join("p.ron"), record, false).expect("the file is written");
    let session = Session::new(
        file,
        today,
        taper_planner::domain::identity::Role::Clinician,
    );
    let mut screen = PlanScreen::new(&session);
    let ctx = egui::Context::default();
    let input = || egui::RawInput {
        screen_rect: Some(egui::Rect::from_min_size(
            egui::Pos2::ZERO,
            egui::vec2(1280.0, 800.0),
        )),
        ..Default::default()
    };
    // Warm up: fonts, layout caches and the chart texture.
    for _ in 0..3 {
        let _ = ctx.run_ui(input(), |ui| {
            screen.show(ui, &session, today, "bench");
        });
    }
    let drawn = screen.chart_renders();
    c.bench_function("plan editor frame, 2-year plan, steady", |b| {
        b.iter(|| {
            black_box(ctx.run_ui(input(), |ui| {
                screen.show(ui, &session, today, "bench");
            }))
        })
    });
    assert_eq!(
        screen.chart_renders(),
        drawn,
        "a steady frame must not redraw the chart"
    );
    // The draft shows the 730-day plan in days; typing alternates 729 and 730 days, so
    // every frame previews a full two-year plan.
    let mut days = 729;
    c.bench_function(
        "plan editor frame, 2-year plan, typing (preview + chart redraw)",
        |b| {
            b.iter(|| {
                days = if days == 729 { 730 } else { 729 };
                screen.type_length(&days.to_string());
                black_box(ctx.run_ui(input(), |ui| {
                    screen.show(ui, &session, today, "bench");
                }))
            })
        },
    );
    eprintln!(
        "chart drawn {} times over the typing frames",
        screen.chart_renders() - drawn
    );
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(30);
    targets = bench_editor
}
criterion_main!(benches);
