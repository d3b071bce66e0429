//! The clinician's workflow driven as a user would, through egui_kittest: widgets are
//! found by their labels, as a screen reader finds them. No display or GPU is needed.

mod common;

use chrono::NaiveDate;
use common::date;
use common::ui::{accept_disclaimer, app_harness, open_patient, type_into};
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use taper_planner::store::patient_file::load;
use taper_planner::ui::TaperApp;

fn today() -> NaiveDate {
    date(2026, 12, 1)
}

fn harness(dir: &std::path::Path) -> Harness<'static, TaperApp> {
    app_harness(dir, today(), egui::vec2(1400.0, 900.0))
}

/// Replaces the text of the input named `label` and presses Enter to apply it.
fn set_field(harness: &mut Harness<'_, TaperApp>, label: &str, text: &str) {
    type_into(harness, label, text);
    harness.key_press(egui::Key::Enter);
    harness.run();
}

#[test]
fn first_start_shows_the_disclaimer_and_a_demo_patient() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(dir.path());
    assert!(
        harness
            .query_by_label_contains("not medical advice")
            .is_some()
    );
    accept_disclaimer(&mut harness);
    assert!(
        harness.query_by_label("Demo Patient").is_some(),
        "the demo patient is listed"
    );
    assert!(
        harness.query_by_label_contains("day 15 of 42").is_some(),
        "the demo started two weeks ago"
    );
}

#[test]
fn create_a_patient_and_build_twelve_grams_over_six_weeks() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(dir.path());
    accept_disclaimer(&mut harness);
    harness
        .get_by_role_and_label(Role::TextInput, "New patient name")
        .focus();
    harness.run();
    harness
        .get_by_role_and_label(Role::TextInput, "New patient name")
        .type_text("Ann Example");
    harness.run();
    harness.get_by_label("Create patient").click();
    harness.run();
    assert_eq!(harness.state().screen, taper_planner::ui::Screen::Plan);

    set_field(&mut harness, "Current daily amount", "12");
    set_field(&mut harness, "Taper length", "6");
    assert!(
        harness.query_by_label("Stop date: 2027-01-12").is_some(),
        "the stop date appears"
    );
    assert!(
        harness
            .query_by_label_contains("visit 2026-12-15")
            .is_some(),
        "check-in dates appear"
    );
    assert!(
        harness
            .query_by_label_contains("12 g a day, linear over 6 weeks")
            .is_some()
    );
    // The change is saved (autosave after a second) and the plan reads back unchanged.
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    harness.run();
    let path = harness
        .state()
        .session
        .as_ref()
        .unwrap()
        .file
        .path()
        .to_path_buf();
    let (record, _) = load(&path).unwrap();
    assert_eq!(record.plan.inputs.start_amount.to_string(), "12");
    assert_eq!(
        record.plan.schedule().unwrap().stop_date,
        NaiveDate::from_ymd_opt(2027, 1, 12).unwrap()
    );
}

fn open_demo(harness: &mut Harness<'_, TaperApp>) {
    open_patient(harness, "Demo Patient");
}

#[test]
fn a_bad_amount_shows_an_error_at_the_field_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(dir.path());
    open_demo(&mut harness);
    let before = harness
        .state()
        .session
        .as_ref()
        .unwrap()
        .record()
        .plan
        .inputs
        .clone();
    set_field(&mut harness, "Current daily amount", "twelve");
    assert!(
        harness
            .query_by_label_contains("'twelve' is not a number")
            .is_some(),
        "the error is shown in words"
    );
    assert_eq!(
        harness
            .state()
            .session
            .as_ref()
            .unwrap()
            .record()
            .plan
            .inputs,
        before,
        "no schedule from bad input"
    );
    set_field(&mut harness, "Current daily amount", "0");
    assert!(
        harness
            .query_by_label_contains("must be above zero")
            .is_some()
    );
}

#[test]
fn add_a_hold_see_the_end_move_then_undo_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(dir.path());
    open_demo(&mut harness);
    // The demo started 2026-11-17 (two weeks before today) and runs 42 days.
    assert!(harness.query_by_label("Stop date: 2026-12-29").is_some());
    harness.get_by_label("Add hold…").click();
    harness.run();
    let reason = harness.get_by_role_and_label(Role::TextInput, "Reason");
    reason.focus();
    harness.run();
    harness
        .get_by_role_and_label(Role::TextInput, "Reason")
        .type_text("withdrawal after the last cut");
    harness.run();
    harness
        .get_by_role_and_label(Role::Button, "Add hold")
        .click();
    harness.run();
    assert!(
        harness.query_by_label("Stop date: 2027-01-05").is_some(),
        "a 7-day hold moves the stop date"
    );
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    harness.run();
    assert!(
        harness.query_by_label("Stop date: 2026-12-29").is_some(),
        "undo removes the hold"
    );
    harness.key_press_modifiers(
        egui::Modifiers::COMMAND | egui::Modifiers::SHIFT,
        egui::Key::Z,
    );
    harness.run();
    assert!(
        harness.query_by_label("Stop date: 2027-01-05").is_some(),
        "redo brings it back"
    );
}

#[test]
fn reopening_the_file_finds_the_plan_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(dir.path());
    open_demo(&mut harness);
    set_field(&mut harness, "Doses per day", "2");
    harness.get_by_label("Approve plan").click();
    harness.run();
    let session = harness.state().session.as_ref().unwrap();
    let expected = session.record().plan.clone();
    let path = session.file.path().to_path_buf();
    // Back to the patients screen (this saves), then open again.
    harness
        .get_by_role_and_label(Role::Button, "Patients")
        .click();
    harness.run();
    harness.get_by_label("Open Demo Patient").click();
    harness.run();
    assert_eq!(
        harness.state().session.as_ref().unwrap().record().plan,
        expected
    );
    assert_eq!(load(&path).unwrap().0.plan, expected);
    assert!(
        harness
            .query_by_label_contains("Approved by clinician")
            .is_some()
    );
}

#[test]
fn the_window_title_shows_the_patient_and_unsaved_changes() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(dir.path());
    open_demo(&mut harness);
    assert_eq!(harness.state().title(), "Demo Patient — taper-planner");
    set_field(&mut harness, "Doses per day", "2");
    assert_eq!(harness.state().title(), "Demo Patient ● — taper-planner");
}

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
fn an_idle_app_does_not_keep_repainting() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(dir.path());
    open_demo(&mut harness);
    // kittest stops stepping once no repaint is requested; a continuous repaint would
    // exhaust its step limit and return None.
    assert!(harness.run_ok().is_some());
    let steps = harness.run();
    assert!(steps <= 2, "{steps} frames ran with nothing changing");
}

#[test]
fn zoom_theme_and_about_work_from_keyboard_and_menus() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(dir.path());
    accept_disclaimer(&mut harness);
    let before = harness.ctx.zoom_factor();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Plus);
    harness.run();
    assert!(harness.ctx.zoom_factor() > before, "Ctrl+Plus zooms in");
    harness.get_by_label("View").click();
    harness.run();
    harness.get_by_label("Dark theme").click();
    harness.run();
    assert_eq!(harness.state().prefs.theme, egui::ThemePreference::Dark);
    assert_eq!(harness.ctx.theme(), egui::Theme::Dark);
    harness.get_by_label("Help").click();
    harness.run();
    harness.get_by_label("About taper-planner").click();
    harness.run();
    assert!(
        harness
            .query_by_label_contains("nothing is sent over the network")
            .is_some()
    );
}

#[test]
fn the_clinician_picks_the_daily_checklist() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(dir.path());
    open_demo(&mut harness);
    harness
        .get_by_role_and_label(egui::accesskit::Role::ComboBox, "Daily checklist")
        .click();
    harness.run();
    harness
        .get_by_label("Subjective Opiate Withdrawal Scale (SOWS)")
        .click();
    harness.run();
    let record = harness.state().session.as_ref().unwrap().record();
    assert_eq!(record.plan.daily_instrument, "sows");
    assert!(record.audit.last().unwrap().what.contains("SOWS"));
}

#[test]
fn save_handout_writes_a_pdf_and_says_where() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(dir.path());
    open_demo(&mut harness);
    harness
        .get_by_role_and_label(Role::Button, "Save handout")
        .click();
    harness.run();
    assert!(
        harness
            .query_by_label_contains("Handout saved as")
            .is_some()
    );
    let handouts: Vec<_> = std::fs::read_dir(dir.path().join("handouts"))
        .unwrap()
        .flatten()
        .collect();
    assert_eq!(handouts.len(), 1);
    let pdf = std::fs::read(handouts[0].path()).unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
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
