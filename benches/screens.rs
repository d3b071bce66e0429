//! CPU time of one frame of the Today, Visit and Patients screens with long records,
//! run through a headless egui context at 1280×800 (targets: a steady frame under
//! 1 ms, a frame after a change under 4 ms).
//!
//! - Today and Visit show a five-year record (1,826 journal days, every field filled).
//!   "steady" is a frame in which nothing changed (the chart texture and the derived
//!   schedule and alerts are reused); "after a change" applies a journal edit through
//!   the session (which derives the schedule and alerts again) and then draws the
//!   frame, which redraws the chart.
//! - Patients lists a folder of 200 files, 50 of them five-year records. The folder is
//!   read once (off the UI thread in the app; inline here, before timing); "after a
//!   change" types into the search field, so the list is filtered again.

#[path = "../tests/common/five_years.rs"]
mod five_years;

use std::hint::black_box;
use std::path::Path;

use chrono::{Days, NaiveDate, NaiveTime};
use criterion::{Criterion, criterion_group, criterion_main};
use taper_planner::chart::{ChartData, render_rgb};
use taper_planner::domain::amount::{Amount, Unit};
use taper_planner::domain::identity::{Id, Role};
use taper_planner::domain::patient::{Patient, PatientRecord};
use taper_planner::domain::plan::PlanInputs;
use taper_planner::store::patient_file::PatientFile;
use taper_planner::ui::{Action, PatientsScreen, Session, TodayScreen, VisitScreen};

fn input() -> egui::RawInput {
    egui::RawInput {
        screen_rect: Some(egui::Rect::from_min_size(
            egui::Pos2::ZERO,
            egui::vec2(1280.0, 800.0),
        )),
        ..Default::default()
    }
}

/// A session over the five-year record, on a day in its fourth year.
fn five_year_session(dir: &Path) -> (Session, NaiveDate) {
    let record = five_years::five_year_record();
    let today = record.plan.inputs.start_date + Days::new(1_200);
    let file = PatientFile::create(&dir.join("five.ron"), record, false).expect("written");
    (Session::new(file, today, Role::Clinician), today)
}

/// An edit of today's note, alternating two texts so every call changes the record.
fn edit_today(session: &mut Session, today: NaiveDate, round: &mut u32) {
    *round += 1;
    let mut entry = session
        .record()
        .journal
        .get(today)
        .cloned()
        .expect("the five-year journal has today");
    entry.note = format!("note {}", *round % 2);
    let now = today.and_time(NaiveTime::MIN);
    session
        .apply(Action::UpsertEntry(entry), "bench", now, 0.0)
        .expect("the edit applies");
}

/// Times a steady frame and a frame after a change of one screen.
fn bench_screen(
    c: &mut Criterion,
    name: &str,
    mut frame: impl FnMut(&mut egui::Ui, &Session, NaiveDate),
) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let (mut session, today) = five_year_session(dir.path());
    let ctx = egui::Context::default();
    for _ in 0..3 {
        let _ = ctx.run_ui(input(), |ui| frame(ui, &session, today));
    }
    c.bench_function(&format!("{name} frame, five-year record, steady"), |b| {
        b.iter(|| black_box(ctx.run_ui(input(), |ui| frame(ui, &session, today))))
    });
    let mut round = 0;
    c.bench_function(
        &format!("{name} frame, five-year record, after a journal edit"),
        |b| {
            b.iter(|| {
                edit_today(&mut session, today, &mut round);
                black_box(ctx.run_ui(input(), |ui| frame(ui, &session, today)))
            })
        },
    );
}

/// The session's share of a frame after a change: the edit, its undo step and the
/// schedule and alerts derived again, without drawing.
fn bench_apply(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let (mut session, today) = five_year_session(dir.path());
    let mut round = 0;
    c.bench_function("Session::apply, five-year record, a journal edit", |b| {
        b.iter(|| edit_today(&mut session, today, &mut round))
    });
}

/// The progress chart's picture alone, at 900×320 px, a little wider than the Visit
/// screen draws it at 1280×800 (a redraw is most of a frame after a change).
fn bench_chart(c: &mut Criterion) {
    let record = five_years::five_year_record();
    let today = record.plan.inputs.start_date + Days::new(1_200);
    let schedule = record.plan.schedule().expect("the five-year plan is valid");
    let data = ChartData::for_record(&record, &schedule, None, Some(today));
    c.bench_function(
        "progress chart picture, five-year record, 900×320 px",
        |b| b.iter(|| black_box(render_rgb(900, 320, &data))),
    );
}

fn bench_today(c: &mut Criterion) {
    let mut screen = TodayScreen::default();
    bench_screen(c, "Today", |ui, session, today| {
        let _ = screen.show(ui, session, today);
    });
}

fn bench_visit(c: &mut Criterion) {
    let mut screen = VisitScreen::default();
    bench_screen(c, "Visit", |ui, session, today| {
        let _ = screen.show(ui, session, today, "bench");
    });
}

/// 150 short records and 50 five-year ones, in one patients folder.
fn patients_folder(dir: &Path, today: NaiveDate) {
    let long = five_years::five_year_record();
    for i in 0..200u32 {
        let mut record = if i.is_multiple_of(4) {
            let mut record = long.clone();
            record.patient.display_name = format!("Five Years {i}");
            record
        } else {
            let inputs = PlanInputs::new(Amount::from_milli(12_000), Unit::G, today);
            let patient = Patient {
                display_name: format!("Patient {i}"),
                ..Patient::default()
            };
            PatientRecord::new(patient, inputs, "bench", today.and_time(NaiveTime::MIN))
        };
        // Distinct ids: two files with one id are copies of one record, to be merged.
        record.id = Id::from_bits(u128::from(i) + 1, 32);
        PatientFile::create(&dir.join(format!("p{i:03}.ron")), record, false).expect("written");
    }
}

fn bench_patients(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let today = NaiveDate::from_ymd_opt(2029, 4, 15).unwrap_or_default();
    patients_folder(dir.path(), today);
    // Inline reading, so the folder is read before timing starts; the app reads it on
    // a worker thread, and its frames then cost what these do.
    let mut screen = PatientsScreen::new(false);
    let ctx = egui::Context::default();
    let frame = |screen: &mut PatientsScreen| {
        ctx.run_ui(input(), |ui| {
            let _ = screen.show(ui, dir.path(), today, Role::Clinician);
        })
    };
    for _ in 0..3 {
        let _ = frame(&mut screen);
    }
    c.bench_function("Patients frame, 200 files (50 five-year), steady", |b| {
        b.iter(|| black_box(frame(&mut screen)))
    });
    let mut round = 0u32;
    c.bench_function(
        "Patients frame, 200 files (50 five-year), after typing a search",
        |b| {
            b.iter(|| {
                round += 1;
                screen.search = if round.is_multiple_of(2) {
                    "Five".into()
                } else {
                    String::new()
                };
                black_box(frame(&mut screen))
            })
        },
    );
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(30);
    targets = bench_apply, bench_chart, bench_today, bench_visit, bench_patients
}
criterion_main!(benches);
