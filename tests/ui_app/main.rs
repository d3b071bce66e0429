//! The clinician's workflow driven as a user would, through egui_kittest: widgets are
//! found by their labels, as a screen reader finds them. No display or GPU is needed.

#[path = "../common/mod.rs"]
mod common;
mod keys;
mod patients;

use chrono::NaiveDate;
use common::date;
use common::ui::{
    accept_disclaimer, app_harness, click, click_button, has, open_patient, session, type_into,
};
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use taper_planner::store::patient_file::load;
use taper_planner::ui::{Action, TaperApp, UiCommand};

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

/// A new data folder's demo patient, opened, with the hold dialog open on its plan.
fn hold_dialog_on_the_demo(dir: &std::path::Path) -> Harness<'static, TaperApp> {
    let mut harness = harness(dir);
    open_demo(&mut harness);
    harness.get_by_label("Add hold…").click();
    harness.run();
    harness
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
    assert!(
        has(&harness, taper_planner::ui::LAST_VALID_PLAN),
        "the schedule shown is marked as the last valid plan"
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
    let mut harness = hold_dialog_on_the_demo(dir.path());
    // The demo started 2026-11-17 (two weeks before today) and runs 42 days.
    assert!(harness.query_by_label("Stop date: 2026-12-29").is_some());
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
fn the_hold_dialog_says_what_is_missing_at_its_field_and_clears_when_fixed() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = hold_dialog_on_the_demo(dir.path());
    click_button(&mut harness, "Add hold");
    assert!(has(
        &harness,
        "give a reason: it is kept in the plan's history"
    ));
    assert!(
        harness.query_by_label("Stop date: 2026-12-29").is_some(),
        "nothing was added"
    );
    harness
        .get_by_role_and_label(Role::TextInput, "Reason")
        .focus();
    harness.run();
    harness
        .get_by_role_and_label(Role::TextInput, "Reason")
        .type_text("tired");
    harness.run();
    assert!(
        !has(&harness, "give a reason: it is kept in the plan's history"),
        "the error goes as soon as the reason is given"
    );
    type_into(&mut harness, "Hold for (days)", "0");
    click_button(&mut harness, "Add hold");
    assert!(has(&harness, "enter a whole number of days from 1 to 365"));
}

/// Clicks "Approve plan" and, in the dialog, confirms every warning and approves.
fn approve_confirming_all(harness: &mut Harness<'_, TaperApp>) {
    harness.get_by_label("Approve plan").click();
    harness.run();
    click(harness, "I have read and confirm all of these warnings");
    click_button(harness, "Approve with these warnings");
}

#[test]
fn approving_a_plan_with_warnings_confirms_each_and_the_audit_names_them() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(dir.path());
    open_demo(&mut harness);
    let warnings: Vec<String> = {
        let session = harness.state().session.as_ref().unwrap();
        let schedule = session.derived().schedule.as_ref().unwrap();
        schedule.warnings.iter().map(|w| w.summary()).collect()
    };
    assert!(!warnings.is_empty(), "the demo plan has warnings");
    harness.get_by_label("Approve plan").click();
    harness.run();
    // Each warning has its own box, and approval waits until all are confirmed.
    let first = warnings[0].clone();
    assert!(harness.query_by_label(&first).is_some(), "{first}");
    assert!(
        harness
            .get_by_role_and_label(Role::Button, "Approve with these warnings")
            .accesskit_node()
            .is_disabled()
    );
    for warning in &warnings {
        click(&mut harness, warning);
    }
    click_button(&mut harness, "Approve with these warnings");
    let record = harness.state().session.as_ref().unwrap().record();
    assert!(record.plan.approval.is_some());
    let audit = &record.audit.last().unwrap().what;
    assert!(
        audit.starts_with("approved the plan, confirming"),
        "{audit}"
    );
    for warning in &warnings {
        assert!(audit.contains(warning.as_str()), "{warning} in {audit}");
    }
}

#[test]
fn the_session_refuses_an_approval_that_does_not_confirm_every_warning() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(dir.path());
    open_demo(&mut harness);
    let session = harness.state_mut().session.as_mut().unwrap();
    let warnings: Vec<String> = session
        .derived()
        .schedule
        .as_ref()
        .unwrap()
        .warnings
        .iter()
        .map(|w| w.summary())
        .collect();
    let now = today().and_hms_opt(10, 0, 0).unwrap();
    let some = warnings[1..].to_vec();
    let refused = session.apply(Action::Approve { confirmed: some }, "Dr A", now, 0.0);
    assert!(
        refused
            .unwrap_err()
            .contains("confirm each of its warnings")
    );
    assert!(session.record().plan.approval.is_none());
    assert!(
        session
            .apply(
                Action::Approve {
                    confirmed: warnings
                },
                "Dr A",
                now,
                0.0
            )
            .is_ok()
    );
    assert!(session.record().plan.approval.is_some());
}

#[test]
fn reopening_the_file_finds_the_plan_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(dir.path());
    open_demo(&mut harness);
    set_field(&mut harness, "Doses per day", "2");
    approve_confirming_all(&mut harness);
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
    // The menu's entry is drawn after a screen's button of the same name.
    let entry = harness.query_all_by_label_contains(last).last();
    entry.expect("the menu entry").click();
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

#[test]
fn each_export_asks_where_and_the_next_dialog_starts_in_the_last_folder() {
    let dir = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    let picker = common::ui::ScriptedPicker::default();
    picker.save.borrow_mut().extend([
        out.path().join("demo-patient calendar.ics"),
        out.path().join("demo-patient handout.pdf"),
    ]);
    let mut config = common::ui::test_config(dir.path(), today());
    config.picker = Box::new(picker.clone());
    let mut harness = common::ui::app_harness_with(config, egui::vec2(1400.0, 900.0));
    open_demo(&mut harness);
    menu(
        &mut harness,
        &["File", "Export", "Calendar with reminders…"],
    );
    menu(&mut harness, &["File", "Export", "Handout as PDF…"]);
    let asked = picker.asked.borrow().clone();
    assert_eq!(asked.len(), 2);
    assert_eq!(asked[0].extensions, ["ics"]);
    assert_eq!(asked[0].file_name, "demo-patient calendar.ics");
    assert_eq!(asked[1].extensions, ["pdf"]);
    assert_eq!(
        asked[1].folder.as_deref(),
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

/// Presses `command`'s shortcut, as the menu shows it.
fn press(harness: &mut Harness<'_, TaperApp>, command: UiCommand) {
    let shortcut = command.shortcut().expect("the command has a shortcut");
    harness.key_press_modifiers(shortcut.modifiers, shortcut.logical_key);
    harness.run();
}

#[test]
fn a_training_date_is_announced_and_a_file_given_at_start_is_imported_and_opened() {
    let dir = tempfile::tempdir().unwrap();
    let outside = tempfile::tempdir().unwrap();
    // A first run makes the demo patient; its file, copied elsewhere, is "from a mail".
    drop(harness(dir.path()));
    let mailed = outside.path().join("from-the-clinic.ron");
    common::cli::plan_file(&mailed, "Mailed Patient");
    let mut config = common::ui::test_config(dir.path(), today());
    config.training = true;
    config.open_at_start = Some(mailed.clone());
    config.picker = Box::new(common::ui::ScriptedPicker::default());
    let mut harness = common::ui::app_harness_with(config, egui::vec2(1400.0, 900.0));
    accept_disclaimer(&mut harness);
    assert!(has(
        &harness,
        "Training date: the app runs as if today were Tue 2026-12-01"
    ));
    let opened = session(&harness).file.path().to_path_buf();
    assert_eq!(opened.parent(), Some(dir.path().join("patients").as_path()));
    assert_eq!(
        session(&harness).record().patient.display_name,
        "Mailed Patient"
    );
    assert!(mailed.exists(), "the original is left where it was");
    assert_eq!(
        patient_files(dir.path(), "").len(),
        2,
        "a new patient beside the demo"
    );
}

#[test]
fn settings_hold_the_clinics_contact_and_new_records_get_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(dir.path());
    accept_disclaimer(&mut harness);
    harness.get_by_label("Edit").click();
    harness.run();
    // The menu entry's name carries its shortcut too.
    harness.get_by_label_contains("Settings…").click();
    harness.run();
    for (label, text) in [
        ("Clinic name", "Northside Clinic"),
        ("Clinic phone", "555-0100"),
        ("Clinician's name", "Dr Ames"),
    ] {
        type_into(&mut harness, label, text);
    }
    click_button(&mut harness, "Close");
    let prefs = &harness.state().prefs;
    assert_eq!(
        (
            prefs.clinic.as_str(),
            prefs.clinic_phone.as_str(),
            prefs.clinician.as_str()
        ),
        ("Northside Clinic", "555-0100", "Dr Ames")
    );
    type_into(&mut harness, "New patient name", "Ann Example");
    harness.get_by_label("Create patient").click();
    harness.run();
    let patient = &harness.state().session.as_ref().unwrap().record().patient;
    assert_eq!(patient.clinic, "Northside Clinic");
    assert_eq!(patient.clinic_phone, "555-0100");
    assert_eq!(patient.clinician, "Dr Ames");
}

#[test]
fn the_use_history_picks_the_pace_the_warnings_use() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(dir.path());
    open_demo(&mut harness);
    assert!(
        has(&harness, "Pace judged by no more than 25% in any 14 days"),
        "the help under the picker says the basis it gives"
    );
    assert!(
        harness
            .query_by_label_contains("use history is not known")
            .is_some()
    );
    harness
        .get_by_role_and_label(Role::ComboBox, "Regular use for")
        .click();
    harness.run();
    harness.get_by_label("a year or more").click();
    harness.run();
    let record = harness.state().session.as_ref().unwrap().record();
    assert_eq!(
        record.plan.inputs.use_history,
        taper_planner::domain::plan::UseHistory::Long
    );
    assert!(
        harness
            .query_by_label_contains("CDC 2022's pace after a year or more of use")
            .is_some()
    );
    assert!(
        has(
            &harness,
            "Pace judged by about 10% of the current amount a month"
        ),
        "the help follows the choice"
    );
}

/// The patient files in the data folder's `patients` (or a subfolder of it).
fn patient_files(data: &std::path::Path, sub: &str) -> Vec<std::path::PathBuf> {
    let dir = data.join("patients").join(sub);
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .map(|d| d.map(|e| e.unwrap().path()).collect())
        .unwrap_or_default();
    files.retain(|p| p.extension().is_some_and(|e| e == "ron"));
    files.sort();
    files
}

#[test]
fn help_and_basis_text_is_at_least_12_points_at_zoom_1() {
    let dir = tempfile::tempdir().unwrap();
    let harness = harness(dir.path());
    let style = harness.ctx.global_style();
    let small = style.text_styles[&egui::TextStyle::Small].size;
    assert!(small >= 12.0, "small text is {small} pt");
}
