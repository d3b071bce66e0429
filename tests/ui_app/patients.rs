//! The patient list driven as a user would: files that do not load, what needs the
//! clinician, archive and restore, the duplicate-name warning, copies of one record.

use super::*;

#[test]
fn a_file_that_does_not_load_is_listed_with_its_error_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let patients = dir.path().join("patients");
    std::fs::create_dir_all(&patients).unwrap();
    let broken = patients.join("broken.ron");
    std::fs::write(
        &broken,
        "PatientFile(format_version: 1, patient: Patient(display_name: ",
    )
    .unwrap();
    let before = std::fs::read(&broken).unwrap();
    let mut harness = harness(dir.path());
    accept_disclaimer(&mut harness);
    assert!(harness.query_by_label("does not load").is_some());
    assert!(
        harness.query_by_label_contains("line 1").is_some(),
        "the error says where it broke"
    );
    assert!(
        harness.query_by_label("Demo Patient").is_none(),
        "no demo when the folder already has patients"
    );
    assert_eq!(std::fs::read(&broken).unwrap(), before);
}

#[test]
fn the_patient_list_flags_what_needs_the_clinician() {
    let dir = tempfile::tempdir().unwrap();
    let patients = dir.path().join("patients");
    std::fs::create_dir_all(&patients).unwrap();
    common::cli::two_weeks_file(&patients.join("two-weeks.ron"));
    let mut harness = app_harness(dir.path(), date(2026, 12, 14), egui::vec2(1400.0, 900.0));
    accept_disclaimer(&mut harness);
    assert!(harness.query_by_label("Two Weeks").is_some());
    assert!(
        harness
            .query_by_label_contains("Red-flag symptoms logged on 2026-12-14")
            .is_some(),
        "the urgent alert is a badge"
    );
    assert!(
        harness.query_by_label_contains("consider a hold").is_some(),
        "so is the hold suggestion"
    );
    assert!(
        harness.query_by_label_contains("Lot changed").is_none(),
        "notes are not badges"
    );
}

#[test]
fn a_patient_is_archived_listed_apart_and_restored_and_nothing_is_deleted() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(dir.path());
    accept_disclaimer(&mut harness);
    common::ui::click_button(&mut harness, "Archive Demo Patient");
    assert!(
        harness.query_by_label("Open Demo Patient").is_none(),
        "no longer listed"
    );
    assert_eq!(patient_files(dir.path(), "").len(), 0);
    assert_eq!(
        patient_files(dir.path(), "archive").len(),
        1,
        "moved, not deleted"
    );
    harness.get_by_label_contains("Archived (1)").click();
    harness.run();
    common::ui::click_button(&mut harness, "Restore Demo Patient");
    assert!(
        harness.query_by_label("Open Demo Patient").is_some(),
        "back in the list"
    );
    assert_eq!(patient_files(dir.path(), "archive").len(), 0);
}

#[test]
fn a_second_patient_of_the_same_name_is_warned_about_before_it_is_made() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(dir.path());
    accept_disclaimer(&mut harness);
    type_into(&mut harness, "New patient name", "demo patient");
    common::ui::click_button(&mut harness, "Create patient");
    assert!(has(
        &harness,
        "There is already a patient called demo patient (DEMO-1)"
    ));
    assert_eq!(patient_files(dir.path(), "").len(), 1, "nothing made yet");
    common::ui::click_button(&mut harness, "Cancel");
    assert!(!has(&harness, "There is already a patient"));
    type_into(&mut harness, "New patient name", "Demo Patient");
    common::ui::click_button(&mut harness, "Create patient");
    common::ui::click_button(&mut harness, "Create another anyway");
    assert_eq!(
        patient_files(dir.path(), "").len(),
        2,
        "made when asked again"
    );
}

#[test]
fn copies_of_one_record_are_one_row_merged_in_one_click() {
    let dir = tempfile::tempdir().unwrap();
    drop(harness(dir.path()));
    let files = patient_files(dir.path(), "");
    let original = &files[0];
    // A sync tool's conflict copy, in which the patient logged a day on a laptop.
    let copy = original.with_file_name("demo-patient.sync-conflict-20261201-101500-LAPTOP.ron");
    let (mut record, _) = load(original).unwrap();
    let day = record.plan.inputs.start_date + chrono::Days::new(20);
    record.put_day(
        taper_planner::domain::journal::DayEntry {
            note: "logged on the laptop".into(),
            ..taper_planner::domain::journal::DayEntry::new(day)
        },
        &taper_planner::domain::identity::Actor::patient("Demo Patient"),
        day.and_hms_opt(20, 0, 0).unwrap(),
    );
    std::fs::write(
        &copy,
        taper_planner::store::format::encode(&record).unwrap(),
    )
    .unwrap();
    let mut harness = harness(dir.path());
    accept_disclaimer(&mut harness);
    assert_eq!(
        harness.query_all_by_label("Open Demo Patient").count(),
        1,
        "one row"
    );
    common::ui::click_button(&mut harness, "2 copies — merge");
    assert_eq!(
        patient_files(dir.path(), "").len(),
        1,
        "the copy was set aside"
    );
    assert_eq!(
        patient_files(dir.path(), "merged").len(),
        1,
        "kept, not deleted"
    );
    let (merged, _) = load(original).unwrap();
    assert_eq!(
        merged.journal.get(day).map(|e| e.note.as_str()),
        Some("logged on the laptop")
    );
    assert!(harness.query_by_label_contains("copies — merge").is_none());
}

#[test]
fn a_hold_request_is_a_badge_until_a_visit_answers_it() {
    let dir = tempfile::tempdir().unwrap();
    let patients = dir.path().join("patients");
    std::fs::create_dir_all(&patients).unwrap();
    let file = patients.join("asks.ron");
    common::cli::plan_file(&file, "Asks");
    let f = file.to_str().unwrap();
    let out = common::cli::run(&[
        "log",
        f,
        "--date",
        "2026-12-02",
        "--today",
        "2026-12-02",
        "--request-hold",
    ]);
    assert!(out.status.success(), "{}", common::cli::stderr(&out));
    let mut harness = app_harness(dir.path(), date(2026, 12, 20), egui::vec2(1400.0, 900.0));
    accept_disclaimer(&mut harness);
    assert!(
        harness
            .query_by_label_contains("Hold requested on 2026-12-02 (18 days ago)")
            .is_some(),
        "however old, the request is a badge"
    );
}

/// A patient with many alerts: the list shows the first three, urgent first, and
/// counts the rest (listed on hover), so a row stays one line and quick to draw.
#[test]
fn a_row_shows_three_alerts_and_counts_the_rest() {
    use taper_planner::domain::amount::{Amount, Unit};
    use taper_planner::domain::journal::{DayEntry, RedFlag};
    use taper_planner::domain::patient::{Patient, PatientRecord};
    use taper_planner::domain::plan::PlanInputs;
    let dir = tempfile::tempdir().unwrap();
    let inputs = PlanInputs::new(Amount::from_milli(12_000), Unit::G, today());
    let patient = Patient {
        display_name: "Many Alerts".into(),
        ..Patient::default()
    };
    let now = today().and_hms_opt(9, 0, 0).unwrap();
    let mut record = PatientRecord::new(patient, inputs, "Dr A", now);
    for back in 1..=8 {
        record.journal.upsert(DayEntry {
            red_flags: vec![RedFlag::DarkUrine],
            ..DayEntry::new(today() - chrono::Days::new(back))
        });
    }
    let folder = taper_planner::store::patients_dir(dir.path()).unwrap();
    taper_planner::store::patient_file::PatientFile::create(
        &folder.join("many.ron"),
        record,
        false,
    )
    .unwrap();
    let mut harness = harness(dir.path());
    accept_disclaimer(&mut harness);
    assert!(has(&harness, "Open Many Alerts"));
    let badges = harness
        .query_all_by_label_contains("• Red-flag symptoms logged on")
        .count();
    assert_eq!(badges, 3, "three badges in the row");
    assert!(has(&harness, "and 5 more"), "the other five are counted");
}
