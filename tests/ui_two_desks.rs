//! Two desks, one record, driven as the clinician and the patient would through
//! egui_kittest: the clinic gives the patient their copy; the patient's edition opens it
//! on Today, offers nothing that changes the plan, logs days and asks for a hold, and
//! sends the file back; the clinic's import merges it into the same record. Each desk
//! has its own data folder, as two computers would.

mod common;

use std::path::Path;

use chrono::NaiveDate;
use common::date;
use common::ui::{
    ScriptedPicker, accept_disclaimer, app_harness_with, click_button, click_role, has, session,
    test_config, type_into,
};
use egui::accesskit::Role as A11y;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use taper_planner::domain::identity::Role;
use taper_planner::domain::journal::DayEntry;
use taper_planner::store::patient_file::load;
use taper_planner::ui::{Screen, TaperApp};

const SIZE: egui::Vec2 = egui::vec2(1400.0, 900.0);

/// A desk: its data folder, on `today`, in `role`, with file dialogs that answer
/// `opens` for an open dialog and `saves` for a save dialog.
fn desk(
    data: &Path,
    today: NaiveDate,
    role: Role,
    opens: &[&Path],
    saves: &[&Path],
) -> Harness<'static, TaperApp> {
    let mut config = test_config(data, today);
    config.role = Some(role);
    let picker = ScriptedPicker::default();
    picker
        .open
        .borrow_mut()
        .extend(opens.iter().map(|p| p.to_path_buf()));
    picker
        .save
        .borrow_mut()
        .extend(saves.iter().map(|p| p.to_path_buf()));
    config.picker = Box::new(picker);
    app_harness_with(config, SIZE)
}

/// Clicks the File menu's entry `label`.
fn file_menu(harness: &mut Harness<'_, TaperApp>, label: &str) {
    harness.get_by_label("File").click();
    harness.run();
    // A menu entry's name ends with its shortcut ("Import a patient file… Ctrl+I").
    harness.get_by_label_contains(label).click();
    harness.run();
}

#[test]
fn a_plan_goes_to_the_patient_and_the_patients_days_come_back_to_the_same_record() {
    let (clinic, home, transfer) = (
        tempfile::tempdir().unwrap(),
        tempfile::tempdir().unwrap(),
        tempfile::tempdir().unwrap(),
    );
    let given = transfer.path().join("ann-for-the-patient.ron");
    let returned = transfer.path().join("ann-for-the-clinic.ron");

    // At the clinic: a new patient, whose plan starts today, given to the patient.
    let mut harness = desk(
        clinic.path(),
        date(2026, 12, 1),
        Role::Clinician,
        &[],
        &[&given],
    );
    accept_disclaimer(&mut harness);
    type_into(&mut harness, "New patient name", "Ann Desk");
    click_button(&mut harness, "Create patient");
    let id = session(&harness).record().id.clone();
    file_menu(&mut harness, "Give to patient…");
    assert!(has(&harness, "It opens in the patient's edition"));
    drop(harness);

    // At home, three days later: the patient's edition opens the copy on Today.
    let mut config = test_config(home.path(), date(2026, 12, 4));
    config.role = Some(Role::Patient);
    config.open_at_start = Some(given.clone());
    let picker = ScriptedPicker::default();
    picker.save.borrow_mut().push(returned.clone());
    config.picker = Box::new(picker);
    let mut harness = app_harness_with(config, SIZE);
    accept_disclaimer(&mut harness);
    assert_eq!(harness.state().screen, Screen::Today);
    assert_eq!(session(&harness).record().id, id, "the same record");
    for clinicians_only in [
        "Approve plan",
        "Visit",
        "Current daily amount",
        "Record decision",
    ] {
        assert!(
            harness.query_by_label(clinicians_only).is_none(),
            "{clinicians_only} shown"
        );
    }
    assert!(has(&harness, "Dec 1, Dec 2 and Dec 3 are not logged"));
    for day in ["Log Tue Dec 1", "Log Wed Dec 2", "Log Thu Dec 3"] {
        click_button(&mut harness, day);
        click_button(&mut harness, "Took it as planned");
        if day.ends_with('3') {
            click_role(
                &mut harness,
                A11y::CheckBox,
                "Ask my clinician to pause the taper (hold)",
            );
        }
        click_button(&mut harness, "Save log");
    }
    // The plan is there to read, never to change.
    click_button(&mut harness, "Plan");
    assert!(has(&harness, "Your plan"));
    assert!(has(&harness, "Week by week"));
    assert!(harness.query_by_label("Approve plan").is_none());
    file_menu(&mut harness, "Send to clinic…");
    assert!(has(&harness, "Nothing is sent by itself"));
    drop(harness);

    // Back at the clinic: the import merges into Ann's record; one row, three days.
    let mut harness = desk(
        clinic.path(),
        date(2026, 12, 4),
        Role::Clinician,
        &[&returned],
        &[],
    );
    file_menu(&mut harness, "Import a patient file…");
    assert!(
        has(&harness, "3 new days"),
        "the summary says what came back"
    );
    assert_eq!(session(&harness).record().id, id);
    assert_eq!(session(&harness).record().journal.len(), 3);
    click_button(&mut harness, "Patients");
    assert_eq!(
        harness.query_all_by_label("Open Ann Desk").count(),
        1,
        "one row"
    );
    click_button(&mut harness, "Open Ann Desk");
    click_button(&mut harness, "Visit");
    assert!(has(&harness, "The patient asked for a hold on 2026-12-03"));
    let audit = &session(&harness).record().audit;
    assert!(
        audit.iter().any(|a| a.what.contains("3 new days")),
        "the merge is audited"
    );
}

#[test]
fn a_day_two_clinicians_changed_is_one_conflict_chosen_in_a_window() {
    let (clinic, transfer) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let mut harness = desk(clinic.path(), date(2026, 12, 1), Role::Clinician, &[], &[]);
    accept_disclaimer(&mut harness);
    drop(harness);
    let demo = std::fs::read_dir(clinic.path().join("patients"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "ron"))
        .unwrap();
    // The same file on a second desk, where the day is logged otherwise.
    let other = transfer.path().join("second-desk.ron");
    std::fs::copy(&demo, &other).unwrap();
    for (file, note) in [(&demo, "at the first desk"), (&other, "at the second desk")] {
        let out = common::cli::run(&[
            "log",
            file.to_str().unwrap(),
            "--date",
            "2026-11-30",
            "--note",
            note,
            "--today",
            "2026-12-01",
        ]);
        assert!(out.status.success(), "{}", common::cli::stderr(&out));
    }
    let mut harness = desk(
        clinic.path(),
        date(2026, 12, 1),
        Role::Clinician,
        &[&other],
        &[],
    );
    file_menu(&mut harness, "Import a patient file…");
    assert!(has(&harness, "Two versions of the journal day 2026-11-30"));
    assert!(has(&harness, "at the first desk") && has(&harness, "at the second desk"));
    click_button(&mut harness, "Keep the other copy's version");
    assert!(
        !has(&harness, "Two versions of"),
        "the window closes once all are chosen"
    );
    let record = session(&harness).record();
    let day: &DayEntry = record.journal.get(date(2026, 11, 30)).unwrap();
    assert!(day.note.contains("at the second desk"), "{}", day.note);
    let kept = record
        .audit
        .iter()
        .find(|a| a.superseded.is_some())
        .expect("the other is kept");
    assert!(
        kept.what.contains("kept the other copy's version"),
        "{}",
        kept.what
    );
    let (on_disk, _) = load(&demo).unwrap();
    assert!(
        on_disk
            .journal
            .get(date(2026, 11, 30))
            .unwrap()
            .note
            .contains("second desk")
    );
}

#[test]
fn the_first_start_asks_who_uses_the_app_and_a_patient_lands_on_today() {
    let home = tempfile::tempdir().unwrap();
    let mut config = test_config(home.path(), date(2026, 12, 1));
    config.role = None;
    let mut harness = app_harness_with(config, SIZE);
    assert!(
        !has(&harness, "Who will use taper-planner"),
        "the disclaimer comes first"
    );
    accept_disclaimer(&mut harness);
    assert!(has(
        &harness,
        "Who will use taper-planner on this computer?"
    ));
    click_button(&mut harness, "A patient following a plan");
    assert_eq!(
        harness.state().screen,
        Screen::Today,
        "the demo patient's day"
    );
    assert_eq!(
        harness.state().prefs.role,
        Some(Role::Patient),
        "remembered"
    );
    drop(harness);
    let mut config = test_config(home.path(), date(2026, 12, 1));
    config.role = None;
    let harness = app_harness_with(config, SIZE);
    assert!(!has(&harness, "Who will use"), "asked once");
    assert_eq!(harness.state().screen, Screen::Today);
}

#[test]
fn the_patient_brings_in_the_clinics_updated_copy_and_keeps_every_day_logged_since() {
    let (home, transfer) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let given = transfer.path().join("given.ron");
    let updated = transfer.path().join("updated.ron");
    // The clinic plans and gives the copy; the patient logs two days at home.
    common::cli::plan_file(&given, "Ben Home");
    let mut harness = desk(home.path(), date(2026, 12, 3), Role::Patient, &[], &[]);
    accept_disclaimer(&mut harness);
    drop(harness);
    let mut config = test_config(home.path(), date(2026, 12, 3));
    config.role = Some(Role::Patient);
    config.open_at_start = Some(given.clone());
    let mut harness = app_harness_with(config, SIZE);
    for day in ["Log Tue Dec 1", "Log Wed Dec 2"] {
        click_button(&mut harness, day);
        click_button(&mut harness, "Took it as planned");
        click_button(&mut harness, "Save log");
    }
    drop(harness);
    // Meanwhile the clinic adds a hold to its copy, and gives the patient the update.
    std::fs::copy(&given, &updated).unwrap();
    let out = common::cli::run(&[
        "visit",
        updated.to_str().unwrap(),
        "--date",
        "2026-12-02",
        "--by",
        "Dr Home",
        "--decision",
        "hold",
        "--days",
        "7",
        "--reason",
        "a pause over the holidays",
        "--today",
        "2026-12-02",
    ]);
    assert!(out.status.success(), "{}", common::cli::stderr(&out));
    let mut harness = desk(
        home.path(),
        date(2026, 12, 3),
        Role::Patient,
        &[&updated],
        &[],
    );
    file_menu(&mut harness, "Import a patient file…");
    let record = session(&harness).record();
    assert_eq!(record.journal.len(), 2, "every day logged at home is kept");
    assert_eq!(record.plan.revisions.len(), 1, "the clinic's hold came in");
    assert_eq!(record.visits.len(), 1);
    let files = std::fs::read_dir(home.path().join("patients"))
        .unwrap()
        .count();
    assert!(files >= 1 && harness.query_all_by_label("Open Ben Home").count() <= 1);
}
