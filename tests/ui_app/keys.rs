//! The keyboard and the menus: every shortcut does what its menu says, dialogs answer
//! Enter and Escape, Tab walks a dialog in order, zoom and theme.

use super::*;

/// Every command with a shortcut does from the keyboard what its menu entry does. The
/// match has an arm per command, so a new command cannot go without its check.
#[test]
fn every_shortcut_does_what_its_menu_says() {
    use taper_planner::ui::Screen;
    let dir = tempfile::tempdir().unwrap();
    let outside = tempfile::tempdir().unwrap();
    for command in UiCommand::iter().filter(|c| c.shortcut().is_some()) {
        let data = dir.path().join(format!("{command:?}"));
        let mut harness = harness(&data);
        open_demo(&mut harness);
        let screen = |h: &Harness<'_, TaperApp>| h.state().screen;
        match command {
            UiCommand::ShowPatients => {
                press(&mut harness, command);
                assert_eq!(screen(&harness), Screen::Patients);
                assert!(harness.state().session.is_none(), "the patient is closed");
            }
            UiCommand::ShowToday | UiCommand::ShowPlan | UiCommand::ShowVisit => {
                let want = match command {
                    UiCommand::ShowToday => Screen::Today,
                    UiCommand::ShowPlan => Screen::Plan,
                    _ => Screen::Visit,
                };
                if want == Screen::Plan {
                    press(&mut harness, UiCommand::ShowToday);
                }
                press(&mut harness, command);
                assert_eq!(screen(&harness), want, "{command:?}");
            }
            UiCommand::Undo | UiCommand::Redo => {
                let before = session(&harness).record().plan.inputs.clone();
                set_field(&mut harness, "Doses per day", "2");
                let changed = session(&harness).record().plan.inputs.clone();
                assert_ne!(changed, before);
                press(&mut harness, UiCommand::Undo);
                assert_eq!(session(&harness).record().plan.inputs, before, "undone");
                if command == UiCommand::Redo {
                    press(&mut harness, UiCommand::Redo);
                    assert_eq!(session(&harness).record().plan.inputs, changed, "redone");
                }
            }
            UiCommand::SaveNow => {
                set_field(&mut harness, "Doses per day", "2");
                assert!(session(&harness).dirty);
                press(&mut harness, command);
                assert!(!session(&harness).dirty);
                let path = session(&harness).file.path().to_path_buf();
                assert_eq!(load(&path).unwrap().0.plan.inputs.doses_per_day, 2);
            }
            UiCommand::PrintHandout => {
                harness.state_mut().open_file = Box::new(|_| Ok(()));
                press(&mut harness, command);
                let handouts = std::fs::read_dir(data.join("handouts")).unwrap().count();
                assert_eq!(handouts, 1, "one handout written");
            }
            UiCommand::NewPatient => {
                press(&mut harness, command);
                assert_eq!(screen(&harness), Screen::Patients);
                harness.run();
                let field = harness.get_by_role_and_label(Role::TextInput, "New patient name");
                assert!(field.is_focused(), "the name field has the keyboard");
            }
            UiCommand::Import => {
                // A copy of the demo file, with a day logged elsewhere, is merged into
                // the demo's record: never a second patient.
                let source = outside.path().join("brought.ron");
                let demo = session(&harness).file.path().to_path_buf();
                std::fs::copy(&demo, &source).unwrap();
                let out = common::cli::run(&[
                    "log",
                    source.to_str().unwrap(),
                    "--date",
                    "2026-11-30",
                    "--taken",
                    "7g",
                    "--today",
                    "2026-12-01",
                ]);
                assert!(out.status.success(), "{}", common::cli::stderr(&out));
                press(&mut harness, UiCommand::ShowPatients);
                let mut config = common::ui::test_config(&data, today());
                config.picker = Box::new(common::ui::ScriptedPicker::opening(&source));
                let mut harness = common::ui::app_harness_with(config, egui::vec2(1400.0, 900.0));
                press(&mut harness, command);
                assert!(has(&harness, "1 new day"), "the merge says what it brought");
                assert_eq!(patient_files(&data, "").len(), 1, "one record, not two");
                let (merged, _) = load(&demo).unwrap();
                assert!(merged.journal.get(date(2026, 11, 30)).is_some());
            }
            UiCommand::Quit => {
                // One frame only: the close request is in the output of the frame
                // that took the key.
                set_field(&mut harness, "Doses per day", "2");
                let shortcut = command.shortcut().unwrap();
                harness.event(egui::Event::Key {
                    key: shortcut.logical_key,
                    pressed: true,
                    modifiers: shortcut.modifiers,
                    repeat: false,
                    physical_key: None,
                });
                harness.step();
                let path = session(&harness).file.path().to_path_buf();
                assert_eq!(
                    load(&path).unwrap().0.plan.inputs.doses_per_day,
                    2,
                    "saved first"
                );
                let asked_to_close = harness.output().viewport_output.values().any(|v| {
                    v.commands
                        .iter()
                        .any(|c| matches!(c, egui::ViewportCommand::Close))
                });
                assert!(asked_to_close, "the window is asked to close");
            }
            UiCommand::GiveToPatient => {
                // The save dialog answers a path outside the data folder.
                let copy = outside.path().join("for-the-patient.ron");
                let mut config = common::ui::test_config(&data, today());
                let picker = common::ui::ScriptedPicker::default();
                picker.save.borrow_mut().push(copy.clone());
                config.picker = Box::new(picker);
                let mut harness = common::ui::app_harness_with(config, egui::vec2(1400.0, 900.0));
                // The disclaimer was accepted by the first run on this data folder.
                click_button(&mut harness, "Open Demo Patient");
                press(&mut harness, command);
                let (given, _) = load(&copy).expect("the patient's copy is written");
                assert_eq!(given.id, session(&harness).record().id, "the same record");
                assert!(
                    !taper_planner::store::backup_path(&copy).exists(),
                    "no .bak beside it"
                );
            }
            UiCommand::SendToClinic => unreachable!("Send to clinic has no shortcut"),
            UiCommand::PatientDetails => {
                press(&mut harness, command);
                type_into(&mut harness, "Name", "Demo Renamed");
                type_into(&mut harness, "Date of birth", "1984-05-17");
                click_button(&mut harness, "Save details");
                let patient = &session(&harness).record().patient;
                assert_eq!(patient.display_name, "Demo Renamed");
                assert_eq!(patient.date_of_birth, Some(date(1984, 5, 17)));
                let last = session(&harness).record().audit.last().unwrap();
                assert!(last.what.contains("(was Demo Patient)"), "{}", last.what);
                press(&mut harness, command);
                type_into(&mut harness, "Date of birth", "17/05/1984");
                click_button(&mut harness, "Save details");
                assert!(has(
                    &harness,
                    "Date of birth: '17/05/1984' is not a date of birth"
                ));
            }
            UiCommand::Settings => {
                press(&mut harness, command);
                let field = harness.get_by_role_and_label(Role::TextInput, "Clinic phone");
                assert!(
                    field.accesskit_node().bounding_box().is_some(),
                    "the window is open"
                );
            }
            UiCommand::About
            | UiCommand::ExportCsv
            | UiCommand::ExportCalendar
            | UiCommand::ExportPng
            | UiCommand::ExportSvg
            | UiCommand::ExportPdf => unreachable!("{command:?} has no shortcut"),
        }
    }
}

#[test]
fn the_disclaimer_is_accepted_with_enter_and_about_closes_with_escape() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(dir.path());
    assert!(has(&harness, "not medical advice"));
    harness.key_press(egui::Key::Enter);
    harness.run();
    assert!(harness.state().prefs.disclaimer_accepted);
    assert!(harness.query_by_label("Before you start").is_none());
    harness.get_by_label("Help").click();
    harness.run();
    harness.get_by_label("About taper-planner").click();
    harness.run();
    assert!(has(&harness, "nothing is sent over the network"));
    harness.key_press(egui::Key::Escape);
    harness.run();
    assert!(!has(&harness, "nothing is sent over the network"));
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

/// Tab walks the hold dialog's controls in the order they stand, and Shift+Tab walks
/// back: the days, the reason, then the dialog's two buttons.
#[test]
fn tab_walks_the_hold_dialog_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = hold_dialog_on_the_demo(dir.path());
    let order: [(Role, &str); 4] = [
        (Role::TextInput, "Hold for (days)"),
        (Role::TextInput, "Reason"),
        (Role::Button, "Add hold"),
        (Role::Button, "Cancel"),
    ];
    let focused = |h: &Harness<'_, TaperApp>, (role, label): (Role, &str)| {
        h.get_by_role_and_label(role, label).is_focused()
    };
    harness
        .get_by_role_and_label(order[0].0, order[0].1)
        .focus();
    harness.run();
    assert!(focused(&harness, order[0]));
    // Forward through every pair, then back through them: (keys, from, to).
    let forward = order
        .windows(2)
        .map(|p| ("Tab", egui::Modifiers::NONE, p[0], p[1]));
    let back = order
        .windows(2)
        .rev()
        .map(|p| ("Shift+Tab", egui::Modifiers::SHIFT, p[1], p[0]));
    for (keys, modifiers, from, to) in forward.chain(back) {
        harness.key_press_modifiers(modifiers, egui::Key::Tab);
        harness.run();
        assert!(
            focused(&harness, to),
            "{keys} from {} goes to {}",
            from.1,
            to.1
        );
    }
}
