//! The clinician's visit driven as a user would, through egui_kittest: a patient with
//! two days of moderate withdrawal after a cut, reviewed on the Visit screen, where
//! the clinician accepts the suggested hold, records a decision through the form, or
//! rates COWS. Widgets are found by their labels, as a screen reader finds them.

mod common;

use std::path::{Path, PathBuf};

use chrono::{NaiveDate, NaiveDateTime};
use common::date;
use common::ui::{
    app_harness, click, click_button, has, open_patient, screen_harness, session, type_into,
};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use taper_planner::domain::amount::{Amount, Unit};
use taper_planner::domain::journal::{DayEntry, Decision, DoseTaken, InstrumentScore, ItemAnswer};
use taper_planner::domain::patient::{Patient, PatientRecord};
use taper_planner::domain::plan::{Length, PlanInputs};
use taper_planner::domain::revision::{Change, Revision};
use taper_planner::domain::schedule::generate;
use taper_planner::store::patient_file::{PatientFile, load};
use taper_planner::store::patients_dir;
use taper_planner::ui::Session;
use taper_planner::ui::TaperApp;
use taper_planner::ui::VisitScreen;

const PATIENT: &str = "Visit Test";
const WHO: &str = "clinician";

fn today() -> NaiveDate {
    date(2026, 12, 11)
}

fn now() -> NaiveDateTime {
    today().and_hms_opt(10, 0, 0).unwrap()
}

fn inputs() -> PlanInputs {
    let mut inputs = PlanInputs::new(Amount::from_milli(12_000), Unit::G, date(2026, 12, 1));
    inputs.length = Length::Days(42);
    inputs
}

/// 12 g over six weeks from 2026-12-01 (cuts every 7 days, the first on 12-08), with
/// the daily checklist at 12 (moderate, 10–18) on 12-09 and 12-10: two days in a row
/// of moderate withdrawal after the cut, so the withdrawal-after-cut rule suggests a
/// hold from 12-11. Written before the app starts, as a clinic's file would be.
fn write_patient(data_dir: &Path) -> PathBuf {
    let path = patients_dir(data_dir).unwrap().join("visit-test.ron");
    let patient = Patient {
        display_name: PATIENT.into(),
        record_number: None,
        clinician: WHO.into(),
        ..Patient::default()
    };
    let mut record = PatientRecord::new(patient, inputs(), WHO, now());
    record.plan.daily_instrument = "kratom-daily".into();
    let items = [
        ("muscle-aches", 2),
        ("trouble-sleeping", 2),
        ("watery-eyes-nose", 1),
        ("hot-flashes-fever", 1),
        ("loss-of-appetite", 1),
        ("diarrhoea", 2),
        ("restlessness", 1),
        ("irritability", 1),
        ("anxiety-low-mood", 1),
    ];
    for day in [9, 10] {
        let mut entry = DayEntry::new(date(2026, 12, day));
        entry.doses = vec![DoseTaken {
            time: None,
            amount: Amount::from_milli(10_000),
        }];
        entry.scores = vec![InstrumentScore {
            instrument: "kratom-daily".into(),
            answers: items
                .iter()
                .map(|(item, score)| ItemAnswer {
                    item: (*item).into(),
                    score: *score,
                })
                .collect(),
        }];
        entry.cravings = Some(6);
        entry.note = "Rough day after the cut".into();
        record.journal.upsert(entry);
    }
    let file = PatientFile::create(&path, record, false).unwrap();
    drop(file);
    path
}

/// The window the visit is reviewed in: taller than the others, for the journal.
const SIZE: egui::Vec2 = egui::vec2(1400.0, 1000.0);

/// The Visit screen alone over the patient file at `path`, without the rest of the app.
fn visit_alone(path: &Path) -> Harness<'static, common::ui::ScreenState<VisitScreen>> {
    screen_harness(
        path,
        SIZE,
        WHO,
        now(),
        |screen: &mut VisitScreen, ui, session| screen.show(ui, session, today(), WHO),
    )
}

/// Starts the app on the patient's Visit screen.
fn open_visit(dir: &Path) -> Harness<'static, TaperApp> {
    write_patient(dir);
    let mut harness = app_harness(dir, today(), SIZE);
    open_patient(&mut harness, PATIENT);
    click_button(&mut harness, "Visit");
    assert_eq!(harness.state().screen, taper_planner::ui::Screen::Visit);
    harness
}

fn stop_date(session: &Session) -> NaiveDate {
    session.derived().schedule.as_ref().unwrap().stop_date
}

#[test]
fn the_alert_shows_its_basis_and_accepting_the_hold_moves_the_stop_date() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = open_visit(dir.path());
    assert_eq!(stop_date(session(&harness)), date(2027, 1, 12));
    assert!(harness.query_by_label("Stop date: 2027-01-12").is_some());

    // The alert, with everything the clinician needs to review it.
    assert!(has(&harness, "Withdrawal after the cut on 2026-12-08"));
    assert!(has(&harness, "Rule: withdrawal-after-cut"));
    assert!(has(&harness, "2026-12-09, 2026-12-10"));
    assert!(
        has(
            &harness,
            "Source: ASAM 2025 — Brunner E, et al. Joint Clinical Practice Guideline"
        ),
        "the basis names its source"
    );
    assert!(has(
        &harness,
        "slow or pause the taper if significant signs"
    ));
    assert!(has(&harness, "from 2027-01-12 to 2027-01-19"));
    // The journal since the plan started (no visit yet) is in the table.
    assert!(has(&harness, "Rough day after the cut"));
    assert!(has(&harness, "12 moderate"));
    // The chart tells the day's values under the pointer.
    let chart = taper_planner::ui::CHART_LABEL;
    harness.get_by_label(chart).scroll_to_me();
    harness.run();
    harness.get_by_label(chart).hover();
    harness.run();
    assert!(has(&harness, "Planned: "), "hover shows the planned amount");
    assert!(has(&harness, "Taken: "), "and what was taken");

    // One click.
    click(&mut harness, "Accept hold (7 days from 2026-12-11)");
    let s = session(&harness);
    assert_eq!(
        stop_date(s),
        date(2027, 1, 19),
        "the stop date moved by 7 days"
    );
    let record = s.record();
    assert_eq!(record.visits.len(), 1);
    let visit = &record.visits[0];
    assert_eq!(visit.decision, Decision::Hold);
    assert_eq!(visit.date, today());
    assert_eq!(visit.decided_by, WHO);
    assert!(
        visit.reason.contains("withdrawal-after-cut"),
        "{}",
        visit.reason
    );
    assert_eq!(visit.cows, None);
    assert_eq!(
        record.plan.revisions,
        [Revision {
            effective: today(),
            change: Change::Hold { days: 7 },
            reason: visit.reason.clone(),
            decided_by: WHO.into(),
            meta: Default::default(),
        }]
    );
    assert!(harness.query_by_label("Stop date: 2027-01-19").is_some());
    assert!(
        harness
            .query_by_label("Accept hold (7 days from 2026-12-11)")
            .is_none(),
        "the hold is in place, so the rule no longer suggests one"
    );
    assert!(has(&harness, "Visit recorded: Hold"));

    // Saved as it is shown.
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    harness.run();
    let (saved, _) = load(session(&harness).file.path()).unwrap();
    assert_eq!(saved.visits.len(), 1);
    assert_eq!(saved.plan.schedule().unwrap().stop_date, date(2027, 1, 19));
}

#[test]
fn a_slow_down_recorded_through_the_form_moves_the_stop_date() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = open_visit(dir.path());
    let expected = generate(
        &inputs(),
        &[Revision {
            effective: today(),
            change: Change::SlowDown { step_days: 14 },
            reason: String::new(),
            decided_by: String::new(),
            meta: Default::default(),
        }],
    )
    .unwrap()
    .stop_date;
    assert!(expected > date(2027, 1, 12));

    click(&mut harness, "Slow down");
    type_into(&mut harness, "Days per step from then on", "14");
    assert!(
        harness
            .query_by_label("Stop date now: 2027-01-12")
            .is_some()
    );
    assert!(
        harness
            .query_by_label(&format!("Stop date after this decision: {expected}"))
            .is_some(),
        "the effect is shown before it is recorded"
    );

    // Without a reason nothing is recorded.
    click(&mut harness, "Record decision");
    assert!(has(&harness, "give a reason"));
    assert!(session(&harness).record().visits.is_empty());
    assert_eq!(stop_date(session(&harness)), date(2027, 1, 12));

    type_into(
        &mut harness,
        "Reason",
        "withdrawal after each cut; longer steps",
    );
    click(&mut harness, "Record decision");
    let s = session(&harness);
    assert_eq!(stop_date(s), expected);
    let visit = s.record().visits.last().unwrap();
    assert_eq!(visit.decision, Decision::SlowDown);
    assert_eq!(visit.reason, "withdrawal after each cut; longer steps");
    let revision = s.record().plan.revisions.last().unwrap();
    assert_eq!(revision.change, Change::SlowDown { step_days: 14 });
    assert_eq!(revision.effective, today());
    assert!(
        harness
            .query_by_label(&format!("Stop date: {expected}"))
            .is_some()
    );
    assert!(has(&harness, "(originally 2027-01-12)"));
    assert!(has(
        &harness,
        "Last visit: 2026-12-11, Slow down by clinician"
    ));
}

/// COWS values chosen for a total of 14 (moderate, 13–24).
const COWS_14: [(&str, u8); 11] = [
    ("Resting pulse rate", 4),
    ("Sweating", 2),
    ("Restlessness", 3),
    ("Pupil size", 1),
    ("Bone or joint aches", 2),
    ("Runny nose or tearing", 0),
    ("GI upset", 2),
    ("Tremor", 0),
    ("Yawning", 0),
    ("Anxiety or irritability", 0),
    ("Gooseflesh skin", 0),
];

fn click_cows(harness: &mut Harness<'_, impl Sized>, item: &str, score: u8) {
    let prefix = format!("{item}: {score} (");
    harness.get_by_label_contains(&prefix).scroll_to_me();
    harness.run();
    harness.get_by_label_contains(&prefix).click();
    harness.run();
}

#[test]
fn cows_offers_only_allowed_values_and_shows_the_band() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = open_visit(dir.path());
    assert!(harness.query_by_label("COWS not rated").is_some());
    for (item, allowed, refused) in [
        (
            "Resting pulse rate",
            [0, 1, 2, 4].as_slice(),
            [3].as_slice(),
        ),
        ("Restlessness", &[0, 1, 3, 5], &[2, 4]),
        ("Gooseflesh skin", &[0, 3, 5], &[1, 2, 4]),
        ("GI upset", &[0, 1, 2, 3, 5], &[4]),
    ] {
        for score in allowed {
            assert!(
                has(&harness, &format!("{item}: {score} (")),
                "{item} offers {score}"
            );
        }
        for score in refused {
            assert!(
                !has(&harness, &format!("{item}: {score} (")),
                "{item} must not offer {score}"
            );
        }
    }

    click_cows(&mut harness, "Resting pulse rate", 4);
    assert!(has(&harness, "COWS 4 so far: 10 of 11 items not rated yet"));
    // A partly rated COWS is not recorded silently.
    click(&mut harness, "Record decision");
    assert!(has(&harness, "COWS is only partly rated"));
    assert!(session(&harness).record().visits.is_empty());

    for (item, score) in COWS_14 {
        click_cows(&mut harness, item, score);
    }
    assert!(harness.query_by_label("COWS 14: moderate").is_some());

    // Continue needs no reason; the score goes with the visit and the plan is unchanged.
    click(&mut harness, "Record decision");
    let s = session(&harness);
    let visit = s.record().visits.last().expect("the visit is recorded");
    assert_eq!(visit.decision, Decision::Continue);
    let cows = visit.cows.as_ref().expect("with its COWS");
    assert_eq!(cows.instrument, "cows");
    assert_eq!(cows.answers.len(), 11);
    assert_eq!(cows.total(), 14);
    assert!(s.record().plan.revisions.is_empty());
    assert_eq!(stop_date(s), date(2027, 1, 12));
    assert!(
        harness.query_by_label("COWS not rated").is_some(),
        "the form is cleared"
    );
}

/// The screen alone, over a session, without the rest of the app: a stop decision
/// ends the taper on the day of the visit.
#[test]
fn the_screen_alone_records_a_stop_effective_today() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_patient(dir.path());
    let mut harness = visit_alone(&path);
    click(&mut harness, "Stop");
    assert!(has(&harness, "The amount becomes 0 g from 2026-12-11"));
    type_into(&mut harness, "Reason", "patient chose to stop");
    click(&mut harness, "Record decision");
    let state = harness.state();
    assert!(state.refused.is_empty(), "{:?}", state.refused);
    let schedule = state.session.derived().schedule.as_ref().unwrap();
    assert_eq!(schedule.stop_date, today());
    assert_eq!(
        state.session.record().visits.last().map(|v| v.decision),
        Some(Decision::Stop)
    );
    assert_eq!(
        state
            .session
            .record()
            .plan
            .revisions
            .last()
            .map(|r| r.change.clone()),
        Some(Change::SetAmount {
            amount: Amount::ZERO
        })
    );
}

#[test]
fn an_idle_visit_screen_neither_repaints_nor_redraws_its_chart() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = open_visit(dir.path());
    assert!(harness.run_ok().is_some(), "no continuous repaint");
    let steps = harness.run();
    assert!(steps <= 2, "{steps} frames ran with nothing changing");

    let dir = tempfile::tempdir().unwrap();
    let path = write_patient(dir.path());
    let mut harness = visit_alone(&path);
    let drawn = harness.state().screen.chart_renders();
    assert!(drawn >= 1);
    for _ in 0..5 {
        harness.step();
    }
    assert_eq!(
        harness.state().screen.chart_renders(),
        drawn,
        "same data, same picture"
    );
    click(&mut harness, "Accept hold (7 days from 2026-12-11)");
    let refused = &harness.state().refused;
    assert!(refused.is_empty(), "{refused:?}");
    assert_eq!(
        harness.state().screen.chart_renders(),
        drawn + 1,
        "redrawn once for the hold"
    );
}

/// A red flag from weeks ago is still urgent on the Visit screen until a visit has
/// seen it; recording a decision marks every alert shown as seen.
#[test]
fn a_recorded_visit_acknowledges_the_alerts_shown_and_old_red_flags_go_with_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_patient(dir.path());
    {
        let mut file = PatientFile::open(&path).unwrap();
        file.record.journal.upsert(DayEntry {
            red_flags: vec![taper_planner::domain::journal::RedFlag::DarkUrine],
            hold_requested: true,
            ..DayEntry::new(date(2026, 12, 2))
        });
        file.save().unwrap();
    }
    let mut harness = visit_alone(&path);
    assert!(has(
        &harness,
        "Red-flag symptoms logged on 2026-12-02 (9 days ago)"
    ));
    assert!(has(&harness, "Hold requested on 2026-12-02 (9 days ago)"));
    assert!(has(&harness, "alerts shown are marked as seen"));
    click(&mut harness, "Record decision");
    let state = harness.state();
    assert!(state.refused.is_empty(), "{:?}", state.refused);
    let visit = state.session.record().visits.last().unwrap();
    let seen: Vec<&str> = visit.acknowledged.iter().map(|a| a.rule.name()).collect();
    for rule in ["red-flag", "hold-request", "withdrawal-after-cut"] {
        assert!(seen.contains(&rule), "{rule} in {seen:?}");
    }
    assert!(
        state
            .session
            .record()
            .audit
            .last()
            .unwrap()
            .what
            .contains("acknowledged red-flag of 2026-12-02")
    );
    assert!(
        state
            .session
            .alerts()
            .iter()
            .all(|a| !a.audience.includes_clinician()),
        "{:?}",
        state.session.alerts()
    );
    harness.run();
    assert!(!has(&harness, "Red-flag symptoms logged on 2026-12-02"));
}

/// A record never seen at a visit can hold many alerts: the first are shown as cards,
/// the rest a line each, none left out, and a decision marks every one as seen.
#[test]
fn many_alerts_show_the_first_as_cards_the_rest_as_lines_and_a_decision_sees_them_all() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_patient(dir.path());
    {
        let mut file = PatientFile::open(&path).unwrap();
        // A red flag on each of 30 days before the plan's start: 30 urgent alerts.
        for back in 1..=30 {
            file.record.journal.upsert(DayEntry {
                red_flags: vec![taper_planner::domain::journal::RedFlag::DarkUrine],
                ..DayEntry::new(date(2026, 12, 1) - chrono::Days::new(back))
            });
        }
        file.save().unwrap();
    }
    let mut harness = visit_alone(&path);
    let shown: Vec<_> = harness
        .state()
        .session
        .alerts()
        .iter()
        .filter(|a| a.audience.includes_clinician())
        .cloned()
        .collect();
    let total = shown.len();
    assert!(total > 30, "{total} alerts");
    // The first 20 are cards, and so is any later one with a suggestion.
    let lines = shown[20..]
        .iter()
        .filter(|a| a.suggestion.is_none())
        .count();
    assert!(lines < total - 20, "a suggestion stands after the first 20");
    assert!(has(
        &harness,
        &format!("…and {lines} more alerts, listed a line each")
    ));
    assert!(
        has(&harness, "urgent — Red-flag symptoms logged on"),
        "the rest stand a line each, with their severity"
    );
    // Cards out of view are not laid out: scroll down to the one with the suggestion.
    harness.get_by_label("Alerts").hover();
    let accept = "Accept hold (7 days from 2026-12-11)";
    for _ in 0..40 {
        if harness.query_by_label(accept).is_some() {
            break;
        }
        harness.event(egui::Event::MouseWheel {
            unit: egui::MouseWheelUnit::Point,
            delta: egui::vec2(0.0, -120.0),
            modifiers: egui::Modifiers::NONE,
            phase: egui::TouchPhase::Move,
            source: egui::MouseWheelSource::Wheel,
        });
        harness.run();
    }
    assert!(
        harness.query_by_label(accept).is_some(),
        "an alert with a suggestion keeps its card and its button, however many come first"
    );
    click(&mut harness, "Record decision");
    let state = harness.state();
    assert!(state.refused.is_empty(), "{:?}", state.refused);
    let visit = state.session.record().visits.last().unwrap();
    assert!(
        visit.acknowledged.len() >= total,
        "every alert shown, cards and lines, is marked seen: {} of {total}",
        visit.acknowledged.len()
    );
    assert!(
        state
            .session
            .alerts()
            .iter()
            .all(|a| !a.audience.includes_clinician())
    );
}
