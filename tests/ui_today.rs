//! The patient's Today screen driven as a patient would, through egui_kittest:
//! widgets are found by their labels, as a screen reader finds them. No display or GPU
//! is needed. Today is fixed at 2026-12-01; the demo patient tapers 12 g a day in three
//! doses over six weeks from 2026-11-17, so today is day 15 of 42.

mod common;

use std::path::Path;

use chrono::{NaiveDate, NaiveDateTime};
use common::date;
use common::ui::{
    app_harness, click_button, click_role, has, open_patient, screen_harness, session, type_into,
    type_into_role,
};
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use taper_planner::domain::amount::Amount;
use taper_planner::domain::journal::{DayEntry, RedFlag, Substance};
use taper_planner::domain::patient::{Patient, PatientRecord};
use taper_planner::domain::schedule::Schedule;
use taper_planner::store::patient_file::{PatientFile, load};
use taper_planner::ui::Screen;
use taper_planner::ui::Session;
use taper_planner::ui::TaperApp;
use taper_planner::ui::TodayScreen;
use taper_planner::ui::demo_inputs;

fn today() -> NaiveDate {
    date(2026, 12, 1)
}

fn now() -> NaiveDateTime {
    today().and_hms_opt(9, 0, 0).unwrap()
}

fn tick<S>(harness: &mut Harness<'_, S>, label: &str) {
    click_role(harness, Role::CheckBox, label);
}

fn schedule(session: &Session) -> &Schedule {
    session.derived().schedule.as_ref().unwrap()
}

fn entry(harness: &Harness<'_, TaperApp>, day: NaiveDate) -> Option<DayEntry> {
    session(harness).record().journal.get(day).cloned()
}

/// Starts the app, opens the demo patient and goes to its Today tab.
fn open_today(dir: &Path) -> Harness<'static, TaperApp> {
    let mut harness = app_harness(dir, today(), egui::vec2(1400.0, 900.0));
    open_patient(&mut harness, "Demo Patient");
    click_button(&mut harness, "Today");
    assert_eq!(harness.state().screen, Screen::Today);
    harness
}

const JAUNDICE: &str = "Yellow skin or eyes (jaundice)";

#[test]
fn the_patient_sees_today_and_logs_it_as_planned() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = open_today(dir.path());

    // What the schedule says for today, in large type, with the day of the taper.
    let s = schedule(session(&harness));
    let planned = s.planned_on(today());
    assert_eq!(
        planned,
        Amount::from_milli(8_000),
        "12 → 10 → 8 g on day 15"
    );
    let doses = s.doses(s.day_at(today()).unwrap()).to_vec();
    assert_eq!(doses.iter().copied().sum::<Amount>(), planned);
    let check_in = s.next_check_in(today()).unwrap();
    assert!(harness.query_by_label("8 g").is_some(), "today's amount");
    assert!(has(&harness, "planned for today"));
    let per_dose: Vec<String> = doses.iter().map(|a| format!("{a} g")).collect();
    assert!(
        has(&harness, &format!("in 3 doses: {}", per_dose.join(" + "))),
        "the per-dose amounts"
    );
    assert!(has(&harness, "day 15 of 42"));
    assert!(has(&harness, "Next check-in: visit"));
    assert!(has(&harness, &check_in.date.to_string()));
    assert!(has(&harness, "Nothing logged yet today."));

    click_button(&mut harness, "Took it as planned");
    assert_eq!(
        harness
            .get_by_role_and_label(Role::TextInput, "Dose 1 amount")
            .value()
            .as_deref(),
        Some(doses[0].to_string().as_str())
    );
    assert!(
        entry(&harness, today()).is_none(),
        "nothing saved before Save"
    );
    click_button(&mut harness, "Save log");

    let saved = entry(&harness, today()).expect("today's entry is in the journal");
    assert_eq!(saved.total_taken(), planned);
    assert_eq!(saved.doses.len(), 3);
    assert_eq!(saved.logged_on, Some(today()));
    assert!(!saved.is_late());
    assert!(has(&harness, "Saved."));
    assert!(has(&harness, "Logged on 2026-12-01."));

    // Saving again without a change does not write a second time.
    let revision = session(&harness).revision;
    click_button(&mut harness, "Save log");
    assert_eq!(session(&harness).revision, revision);
    assert!(has(&harness, "Nothing changed since the last save."));

    // The change reaches the file (Ctrl+S saves at once).
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    harness.run();
    let path = session(&harness).file.path().to_path_buf();
    let (record, _) = load(&path).unwrap();
    let on_disk = record.journal.get(today()).expect("the day is in the file");
    assert!(
        on_disk.meta.stamp.is_some(),
        "the file says who logged it and when"
    );
    let mut content = on_disk.clone();
    content.meta = Default::default();
    assert_eq!(
        content,
        DayEntry {
            meta: Default::default(),
            ..saved
        }
    );
}

#[test]
fn a_ticked_red_flag_shows_the_urgent_banner_before_and_after_saving() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = open_today(dir.path());
    assert!(!has(&harness, "Seek medical care now"));

    harness.get_by_label(JAUNDICE).scroll_to_me();
    harness.run();
    let before = harness.get_by_label(JAUNDICE).rect();
    tick(&mut harness, JAUNDICE);
    assert!(
        has(&harness, "Seek medical care now"),
        "ticking is enough to be told"
    );
    assert_eq!(
        harness.get_by_label(JAUNDICE).rect(),
        before,
        "the banner does not push the form under the pointer"
    );
    assert!(has(&harness, "Not saved yet"));
    assert!(has(&harness, "Red-flag symptoms ticked for 2026-12-01"));
    assert!(has(&harness, "Basis: LiverTox"), "the source in small type");

    // The save bar is always in view: no scrolling to it (the scroll animation of the
    // taller right-hand side would outlast the harness's steps).
    harness
        .get_by_role_and_label(Role::Button, "Save log")
        .click();
    harness.run();
    let saved = entry(&harness, today()).unwrap();
    assert_eq!(saved.red_flags, [RedFlag::Jaundice]);
    assert!(
        has(&harness, "Seek medical care now"),
        "the saved alert stays"
    );
    assert!(has(&harness, "Red-flag symptoms logged on 2026-12-01"));
    assert!(!has(&harness, "Not saved yet"));

    // An emergency sign says to call emergency services.
    tick(&mut harness, "Trouble breathing or very slow breathing");
    assert!(has(&harness, "Call emergency services now"));
    assert!(has(&harness, "Emergency symptoms ticked for 2026-12-01"));
    assert!(
        !has(&harness, "Red-flag symptoms logged on 2026-12-01"),
        "the unsaved flags replace the saved alert of the same day"
    );
}

#[test]
fn a_past_day_filled_in_later_is_marked_late() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = open_today(dir.path());
    click_button(&mut harness, "Previous day");
    assert!(has(&harness, "Mon 2026-11-30 (an earlier day)"));
    assert!(has(
        &harness,
        "it is marked as entered late (on 2026-12-01)"
    ));
    assert!(
        !harness
            .get_by_role_and_label(Role::Button, "Next day")
            .accesskit_node()
            .is_disabled(),
        "yesterday has a next day"
    );
    click_button(&mut harness, "Add dose");
    type_into(&mut harness, "Dose 1 amount", "8");
    type_into(&mut harness, "Dose 1 time", "08:30");
    click_button(&mut harness, "Save log");

    let day = date(2026, 11, 30);
    let saved = entry(&harness, day).expect("the past day is in the journal");
    assert!(saved.is_late(), "{saved:?}");
    assert_eq!(saved.logged_on, Some(today()));
    assert_eq!(saved.total_taken(), Amount::from_milli(8_000));
    assert_eq!(
        saved.doses[0].time.map(|t| t.to_string()).as_deref(),
        Some("08:30:00")
    );
    assert!(has(&harness, "entered late on 2026-12-01"));

    // Back on today, nothing was logged, and the day after today cannot be chosen.
    click_button(&mut harness, "Next day");
    assert!(has(&harness, "Today, Tue 2026-12-01"));
    assert!(
        harness
            .get_by_role_and_label(Role::Button, "Next day")
            .accesskit_node()
            .is_disabled()
    );
    assert!(entry(&harness, today()).is_none());
}

#[test]
fn a_bad_dose_amount_shows_a_message_at_the_field_and_saves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = open_today(dir.path());
    let before = session(&harness).record().clone();
    click_button(&mut harness, "Add dose");
    type_into(&mut harness, "Dose 1 amount", "eight");
    click_button(&mut harness, "Save log");
    assert!(has(&harness, "Dose 1: 'eight' is not a number"));
    assert!(has(&harness, "Not saved"));
    assert_eq!(session(&harness).record(), &before, "nothing saved");

    type_into(&mut harness, "Dose 1 amount", "800mg");
    assert!(
        has(&harness, "the amount is in mg but the plan is in g"),
        "values must be in the plan's unit; the message follows the typing"
    );
    click_button(&mut harness, "Save log");
    assert_eq!(session(&harness).record(), &before, "nothing saved");

    type_into(&mut harness, "Dose 1 amount", "2.5");
    assert!(!has(&harness, "Dose 1:"), "the message goes once fixed");
    click_button(&mut harness, "Save log");
    assert_eq!(
        entry(&harness, today()).unwrap().total_taken(),
        Amount::from_milli(2_500)
    );
}

#[test]
fn clicking_a_rating_slider_sets_it_where_it_was_clicked() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = open_today(dir.path());
    let slider = harness.get_by_role_and_label(Role::Slider, "Pain (0–10)");
    slider.scroll_to_me();
    harness.run();
    // A click in the middle of the rail (no drag) rates it 5, the middle of 0–10.
    harness
        .get_by_role_and_label(Role::Slider, "Pain (0–10)")
        .click();
    harness.run();
    click_button(&mut harness, "Save log");
    assert_eq!(entry(&harness, today()).unwrap().pain, Some(5));
}

#[test]
fn the_checklist_ratings_substances_note_and_hold_request_are_logged() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = open_today(dir.path());
    click_button(
        &mut harness,
        "Muscle aches, pains or spasms: 2 (moderately)",
    );
    click_button(&mut harness, "Trouble sleeping: 3 (quite a bit)");
    assert!(has(
        &harness,
        "Checklist total: 5 of 36 (mild), 2 of 9 answered"
    ));
    harness
        .get_by_role_and_label(Role::Slider, "Cravings (0–10)")
        .set_value_accesskit(6.0);
    harness.run();
    type_into(&mut harness, "Sleep last night (hours)", "5.5");
    tick(&mut harness, Substance::Alcohol.label());
    type_into_role(&mut harness, Role::MultilineTextInput, "Note", "bad night");
    tick(&mut harness, "Ask my clinician to pause the taper (hold)");
    click_button(&mut harness, "Save log");

    let saved = entry(&harness, today()).unwrap();
    let score = saved.score("kratom-daily").expect("the daily checklist");
    assert_eq!(score.total(), 5);
    assert_eq!(saved.cravings, Some(6));
    assert_eq!(saved.pain, None, "not rated stays not rated");
    assert_eq!(saved.sleep_tenths, Some(55));
    assert_eq!(saved.substances, [Substance::Alcohol]);
    assert_eq!(saved.note, "bad night");
    assert!(saved.hold_requested);
    assert!(saved.doses.is_empty());

    // Alcohol with kratom: a message for the patient, with its basis.
    assert!(has(&harness, "Messages"));
    assert!(has(&harness, "Basis: "));
}

#[test]
fn product_and_lot_carry_over_and_a_new_lot_is_noted() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = open_today(dir.path());
    click_button(&mut harness, "Previous day");
    type_into(&mut harness, "Product", "Red Bali");
    type_into(&mut harness, "Lot", "A1");
    click_button(&mut harness, "Save log");
    click_button(&mut harness, "Next day");
    let product = harness.get_by_role_and_label(Role::TextInput, "Product");
    assert_eq!(product.value().as_deref(), Some("Red Bali"));
    assert!(!has(&harness, "a new lot"));
    type_into(&mut harness, "Lot", "B7");
    assert!(has(&harness, "a new lot (before: \"A1\" on 2026-11-30)"));
    click_button(&mut harness, "Save log");
    let saved = entry(&harness, today()).unwrap();
    assert_eq!(saved.product.as_deref(), Some("Red Bali"));
    assert_eq!(saved.lot.as_deref(), Some("B7"));
}

#[test]
fn undo_takes_the_log_back_and_the_form_follows() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = open_today(dir.path());
    click_button(&mut harness, "Took it as planned");
    click_button(&mut harness, "Save log");
    assert!(entry(&harness, today()).is_some());
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    harness.run();
    assert!(entry(&harness, today()).is_none());
    assert!(has(&harness, "Nothing logged yet today."));
    assert!(harness.query_by_label("Dose 1 amount").is_none());
}

/// The screen alone over a session: the chart is drawn once, not on every frame, and
/// again only when the log changes.
#[test]
fn the_chart_is_drawn_only_when_the_log_changes() {
    let dir = tempfile::tempdir().unwrap();
    let patient = Patient {
        display_name: "Chart Patient".into(),
        record_number: None,
        clinician: "Dr Test".into(),
        ..Patient::default()
    };
    let record = PatientRecord::new(patient, demo_inputs(today()), "test", now());
    let path = dir.path().join("chart-patient.ron");
    drop(PatientFile::create(&path, record, false).unwrap());
    let size = egui::vec2(1400.0, 900.0);
    let mut harness = screen_harness(
        &path,
        size,
        "patient",
        now(),
        |screen: &mut TodayScreen, ui, session| screen.show(ui, session, today()),
    );
    assert!(
        harness
            .query_by_label(taper_planner::ui::CHART_LABEL)
            .is_some()
    );
    let drawn = harness.state().screen.chart().renders;
    assert!(drawn >= 1);
    harness.run();
    click_button(&mut harness, "Add dose");
    assert_eq!(
        harness.state().screen.chart().renders,
        drawn,
        "typing and clicking in the form do not redraw the chart"
    );
    type_into(&mut harness, "Dose 1 amount", "8");
    click_button(&mut harness, "Save log");
    let state = harness.state();
    assert!(state.refused.is_empty(), "{:?}", state.refused);
    assert_eq!(
        state.screen.chart().renders,
        drawn + 1,
        "a saved log redraws it"
    );
    assert_eq!(
        state
            .session
            .record()
            .journal
            .get(today())
            .unwrap()
            .total_taken(),
        Amount::from_milli(8_000)
    );
}

/// A red flag logged last week is shown as past, with what to do if it continues and
/// the clinic's phone, never "call emergency services now".
#[test]
fn a_past_red_flag_is_shown_as_past_with_the_clinics_phone() {
    let dir = tempfile::tempdir().unwrap();
    let patient = Patient {
        display_name: "Past Flag".into(),
        record_number: None,
        clinician: "Dr Test".into(),
        clinic: "Northside Clinic".into(),
        clinic_phone: "555-0100".into(),
        ..Patient::default()
    };
    let mut record = PatientRecord::new(patient, demo_inputs(today()), "test", now());
    let last_week = date(2026, 11, 24);
    record.journal.upsert(DayEntry {
        red_flags: vec![RedFlag::Seizure],
        ..DayEntry::new(last_week)
    });
    let path = dir.path().join("past-flag.ron");
    drop(PatientFile::create(&path, record, false).unwrap());
    let mut harness = screen_harness(
        &path,
        egui::vec2(1400.0, 900.0),
        "patient",
        now(),
        |screen: &mut TodayScreen, ui, session| screen.show(ui, session, today()),
    );
    harness.run();
    assert!(has(&harness, "Warning signs you logged earlier"));
    assert!(has(
        &harness,
        "Emergency symptoms logged on 2026-11-24 (7 days ago)"
    ));
    assert!(has(
        &harness,
        "You logged this for 2026-11-24, 7 days ago. If it is still going on or comes back"
    ));
    assert!(has(&harness, "Northside Clinic, on 555-0100"));
    assert!(has(&harness, "nothing leaves this computer"));
    assert!(
        !has(&harness, "Call emergency services now"),
        "not an emergency banner for last week"
    );
    // A flag ticked today is the act-now banner again.
    tick(&mut harness, JAUNDICE);
    assert!(has(
        &harness,
        "Seek medical care now: call your clinic, Northside Clinic, on 555-0100"
    ));
    assert!(has(&harness, "it does not tell your clinic"));
}

/// Steps the app through `seconds` of its own time, as a patient leaving it alone would.
fn wait<S>(harness: &mut Harness<'_, S>, seconds: f32) {
    for _ in 0..(seconds * 4.0).ceil() as usize {
        harness.step();
    }
    harness.run();
}

#[test]
fn the_days_log_saves_itself_and_nothing_is_lost_by_switching_screens() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = open_today(dir.path());
    type_into_role(
        &mut harness,
        Role::MultilineTextInput,
        "Note",
        "a quiet morning",
    );
    assert!(entry(&harness, today()).is_none(), "not saved while typing");
    wait(&mut harness, 2.0);
    let saved = entry(&harness, today()).expect("the log saved itself");
    assert_eq!(saved.note, "a quiet morning");
    // A checklist answer ticked and the screen left at once: it is saved on the way.
    click_role(
        &mut harness,
        Role::Button,
        "Muscle aches, pains or spasms: 2 (moderately)",
    );
    click_button(&mut harness, "Plan");
    let saved = entry(&harness, today()).unwrap();
    assert_eq!(
        saved.scores.len(),
        1,
        "the answer was saved on leaving: {saved:?}"
    );
    // Ctrl+S saves the log and the file at once.
    click_button(&mut harness, "Today");
    type_into_role(
        &mut harness,
        Role::MultilineTextInput,
        "Note",
        "and a calm evening",
    );
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    harness.run();
    let path = session(&harness).file.path().to_path_buf();
    let (record, _) = load(&path).unwrap();
    assert_eq!(
        record.journal.get(today()).unwrap().note,
        "and a calm evening"
    );
}

#[test]
fn days_not_logged_since_the_last_entry_are_offered_and_filled_in_late() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = open_today(dir.path());
    let last = session(&harness).record().journal.last().unwrap().date;
    assert_eq!(last, date(2026, 11, 28), "the demo's last logged day");
    assert!(has(
        &harness,
        "Nov 29 and Nov 30 are not logged — add them now?"
    ));
    click_button(&mut harness, "Log Sun Nov 29");
    assert!(has(&harness, "Sun 2026-11-29 (an earlier day)"));
    click_button(&mut harness, "Took it as planned");
    click_button(&mut harness, "Save log");
    let saved = entry(&harness, date(2026, 11, 29)).unwrap();
    assert!(saved.is_late(), "written on {:?}", saved.logged_on);
    assert!(has(&harness, "Mon Nov 30 is not logged — add them now?"));
}
