//! The clinician's workflow driven as a user would, through egui_kittest: widgets are
//! found by their labels, as a screen reader finds them. No display or GPU is needed.

mod common;

use chrono::NaiveDate;
use common::date;
use common::ui::{accept_disclaimer, app_harness, click_button, has, open_patient, type_into};
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

/// Opens a menu and clicks one of its entries (a submenu's name opens it); an entry
/// with a shortcut is named with the shortcut after its label.
fn menu(harness: &mut Harness<'_, TaperApp>, path: &[&str]) {
    let (last, menus) = path.split_last().expect("a menu path");
    for label in menus {
        harness.get_by_label(label).click();
        harness.run();
    }
    harness.get_by_label_contains(last).click();
    harness.run();
}

#[test]
fn print_handout_writes_the_pdf_opens_it_or_says_where_it_is() {
    use std::sync::{Arc, Mutex};
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(dir.path());
    open_demo(&mut harness);
    let opened: Arc<Mutex<Vec<std::path::PathBuf>>> = Arc::default();
    let seen = opened.clone();
    harness.state_mut().open_file = Box::new(move |path| {
        seen.lock().unwrap().push(path.to_path_buf());
        Ok(())
    });
    menu(&mut harness, &["File", "Print handout…"]);
    let handouts = || -> Vec<std::path::PathBuf> {
        let mut paths: Vec<_> = std::fs::read_dir(dir.path().join("handouts"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        paths.sort();
        paths
    };
    assert_eq!(handouts().len(), 1);
    assert_eq!(
        *opened.lock().unwrap(),
        handouts(),
        "the viewer got the new PDF"
    );
    assert!(std::fs::read(&handouts()[0]).unwrap().starts_with(b"%PDF-"));
    assert!(has(&harness, "and opened"));

    // No viewer: the app says where the file is and offers to copy the path.
    harness.state_mut().open_file = Box::new(|_| Err("no program opens PDF files".into()));
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::P);
    harness.run();
    assert_eq!(
        handouts().len(),
        2,
        "a second handout, the first left as it was"
    );
    let shown = harness
        .state()
        .handout_not_opened
        .clone()
        .expect("the window says where");
    assert!(handouts().contains(&shown.path));
    assert!(has(&harness, &shown.path.display().to_string()));
    click_button(&mut harness, "Copy path");
    assert!(has(&harness, "on the clipboard"));
    click_button(&mut harness, "Close");
    assert!(harness.state().handout_not_opened.is_none());
}

/// What a save dialog was asked: the extension, the folder to start in, the name.
type DialogCall = (String, Option<std::path::PathBuf>, String);

#[test]
fn each_export_asks_where_and_the_next_dialog_starts_in_the_last_folder() {
    use std::sync::{Arc, Mutex};
    let dir = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    let mut harness = harness(dir.path());
    open_demo(&mut harness);
    let asked: Arc<Mutex<Vec<DialogCall>>> = Arc::default();
    let log = asked.clone();
    let target = out.path().to_path_buf();
    harness.state_mut().save_dialog = Box::new(move |kind, folder, name| {
        log.lock().unwrap().push((
            kind.extension().into(),
            folder.map(|f| f.to_path_buf()),
            name.into(),
        ));
        Some(target.join(name))
    });
    menu(
        &mut harness,
        &["File", "Export", "Calendar with reminders…"],
    );
    menu(&mut harness, &["File", "Export", "Handout as PDF…"]);
    let asked = asked.lock().unwrap().clone();
    assert_eq!(asked.len(), 2);
    assert_eq!(asked[0].0, "ics");
    assert_eq!(asked[0].2, "demo-patient calendar.ics");
    assert_eq!(
        asked[1].1.as_deref(),
        Some(out.path()),
        "starts in the last folder"
    );
    assert_eq!(
        harness.state().prefs.last_export_folder.as_deref(),
        Some(out.path())
    );
    let ics = std::fs::read_to_string(out.path().join("demo-patient calendar.ics")).unwrap();
    let calendar: icalendar::Calendar = ics.parse().unwrap();
    assert!(calendar.events().count() > 5);
    let pdf = std::fs::read(out.path().join("demo-patient handout.pdf")).unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    let mut names: Vec<String> = std::fs::read_dir(out.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        ["demo-patient calendar.ics", "demo-patient handout.pdf"],
        "no .bak"
    );
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
