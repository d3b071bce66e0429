//! The session's history: undo and redo never erase the audit list (they are audited
//! themselves), the undo history of a five-year record stays small, and autosave
//! writes the file once its delay has passed.

use chrono::{Days, NaiveDateTime, NaiveTime};
use proptest::prelude::*;
use taper_planner::domain::identity::Role;
use taper_planner::domain::journal::{DayEntry, Decision, Visit};
use taper_planner::domain::revision::{Change, Revision};
use taper_planner::domain::rules::evaluate;
use taper_planner::store::patient_file::{PatientFile, load};
use taper_planner::ui::{AUTOSAVE_DELAY_S, Action, Session};

use super::common::date;
use super::common::five_years::five_year_record;

/// 200 changes to a five-year record, then 200 undos: the workload whose peak memory
/// is measured (`/usr/bin/time -v` on this test binary, `--ignored --exact
/// session::two_hundred_undo_steps_on_a_five_year_record`).
#[test]
#[ignore = "a memory measurement, run by hand"]
fn two_hundred_undo_steps_on_a_five_year_record() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("five-years.ron");
    let record = five_year_record();
    let start = record.plan.inputs.start_date;
    drop(PatientFile::create(&path, record, false).unwrap());
    let mut session = Session::new(PatientFile::open(&path).unwrap(), start, Role::Clinician);
    let now = start.and_time(NaiveTime::MIN);
    for step in 0..200u64 {
        let date = start + Days::new(step);
        let mut entry = session.record().journal.get(date).cloned().unwrap();
        entry.note = format!("changed {step}");
        session
            .apply(Action::UpsertEntry(entry), "Dr Ames", now, 0.0)
            .unwrap();
    }
    let mut undone = 0;
    while session.undo("Dr Ames", now, 0.0) {
        undone += 1;
    }
    assert_eq!(undone, 200);
}

/// A session over a new file of the sample record, and the file's path.
fn session() -> (tempfile::TempDir, std::path::PathBuf, Session) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.ron");
    drop(PatientFile::create(&path, super::sample_record(), false).unwrap());
    let session = Session::new(
        PatientFile::open(&path).unwrap(),
        date(2026, 12, 1),
        Role::Clinician,
    );
    (dir, path, session)
}

fn at(hour: u32) -> NaiveDateTime {
    date(2026, 12, 1).and_hms_opt(hour, 0, 0).unwrap()
}

#[test]
fn undoing_an_edit_and_an_approval_leaves_their_trace_and_its_own() {
    let (_dir, _path, mut session) = session();
    let mut inputs = session.record().plan.inputs.clone();
    inputs.follow_up_days = 21;
    session
        .apply(Action::SetInputs(inputs), "Dr Ames", at(9), 0.0)
        .unwrap();
    let confirmed = every_warning(&session);
    session
        .apply(Action::Approve { confirmed }, "Dr Ames", at(10), 0.0)
        .unwrap();
    let before_undo = session.record().audit.clone();
    assert!(session.undo("Dr Ames", at(11), 0.0));
    assert!(session.undo("Dr Ames", at(12), 0.0));
    let record = session.record();
    assert_eq!(record.plan.inputs.follow_up_days, 14, "the edit is undone");
    assert_eq!(&record.audit[..before_undo.len()], &before_undo[..]);
    let whats: Vec<&str> = record.audit[before_undo.len()..]
        .iter()
        .map(|a| a.what.as_str())
        .collect();
    assert_eq!(
        whats,
        [
            "undid the change to the approval",
            "undid the change to the plan inputs, the approval"
        ]
    );
    assert!(session.redo("Dr Ames", at(13), 0.0));
    assert_eq!(session.record().plan.inputs.follow_up_days, 21);
    assert!(
        session
            .record()
            .audit
            .last()
            .unwrap()
            .what
            .starts_with("redid the change to")
    );
}

/// What a user may do to the open record, for the property below.
#[derive(Debug, Clone)]
enum Step {
    FollowUp(u32),
    Approve,
    Log(u64, u8),
    Hold(u64, u32),
    Visit(u64),
    Checklist(bool),
    Undo,
    Redo,
}

/// A hold of `days` days from `day` days after the plan's start.
fn hold(day: u64, days: u32) -> Revision {
    Revision {
        effective: date(2026, 12, 1) + Days::new(day),
        change: Change::Hold { days },
        reason: "a pause".into(),
        decided_by: "Dr Ames".into(),
        meta: Default::default(),
    }
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        (0u32..30).prop_map(Step::FollowUp),
        Just(Step::Approve),
        (0u64..40, 0u8..=10).prop_map(|(day, pain)| Step::Log(day, pain)),
        (0u64..40, 1u32..20).prop_map(|(day, days)| Step::Hold(day, days)),
        (0u64..40).prop_map(Step::Visit),
        any::<bool>().prop_map(Step::Checklist),
        Just(Step::Undo),
        Just(Step::Redo),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// Over any sequence of changes, undos and redos, the audit list only grows: every
    /// entry stays, in its place; the alerts follow each change, and undoing them all
    /// gives back the record as opened.
    #[test]
    fn the_audit_list_only_grows(steps in prop::collection::vec(step(), 1..40)) {
        let (_dir, _path, mut session) = session();
        let opened = session.record().clone();
        for (i, step) in steps.into_iter().enumerate() {
            let before = session.record().audit.clone();
            let now = at(0) + chrono::Duration::minutes(i as i64);
            match step {
                Step::FollowUp(days) => {
                    let mut inputs = session.record().plan.inputs.clone();
                    inputs.follow_up_days = days;
                    let _ = session.apply(Action::SetInputs(inputs), "Dr Ames", now, 0.0);
                }
                Step::Approve => {
                    let confirmed = every_warning(&session);
                    let _ = session.apply(Action::Approve { confirmed }, "Dr Ames", now, 0.0);
                }
                Step::Log(day, pain) => {
                    let mut entry = DayEntry::new(date(2026, 12, 1) + Days::new(day));
                    entry.pain = Some(pain);
                    let _ = session.apply(Action::UpsertEntry(entry), "patient", now, 0.0);
                }
                Step::Hold(day, days) => {
                    let revision = hold(day, days);
                    let _ = session.apply(Action::AddRevision(revision), "Dr Ames", now, 0.0);
                }
                Step::Visit(day) => {
                    let visit = Visit {
                        date: date(2026, 12, 1) + Days::new(day),
                        cows: None,
                        decision: Decision::Hold,
                        reason: "sleep".into(),
                        decided_by: "Dr Ames".into(),
                        acknowledged: Vec::new(),
                        meta: Default::default(),
                    };
                    let revision = Some(hold(day, 7));
                    let _ = session.apply(Action::RecordVisit { visit, revision }, "Dr Ames", now, 0.0);
                }
                Step::Checklist(sows) => {
                    let id = if sows { "sows" } else { "kratom-daily" };
                    let _ = session.apply(Action::SetDailyInstrument(id.into()), "Dr Ames", now, 0.0);
                }
                Step::Undo => {
                    session.undo("Dr Ames", now, 0.0);
                }
                Step::Redo => {
                    session.redo("Dr Ames", now, 0.0);
                }
            }
            let after = &session.record().audit;
            prop_assert!(after.len() >= before.len());
            prop_assert_eq!(&after[..before.len()], &before[..]);
            // The alerts kept up to date step by step (a day's edit re-evaluates only
            // what it can change) are those of the whole record.
            if let Ok(schedule) = &session.derived().schedule {
                let whole = evaluate(session.record(), schedule, session.derived().today);
                prop_assert_eq!(session.alerts(), &whole[..]);
            }
        }
        // Undoing every step gives back the record as it was opened, all but the
        // audit list (which only grows): each day's edit is its own undo point.
        while session.undo("Dr Ames", at(23), 0.0) {}
        let (now, then) = (session.record(), &opened);
        prop_assert_eq!(&now.journal, &then.journal);
        prop_assert_eq!(&now.plan, &then.plan);
        prop_assert_eq!(&now.visits, &then.visits);
    }
}

#[test]
fn autosave_writes_the_file_once_its_delay_has_passed() {
    let (_dir, path, mut session) = session();
    let on_disk = || load(&path).unwrap().0;
    let mut inputs = session.record().plan.inputs.clone();
    inputs.follow_up_days = 28;
    session
        .apply(Action::SetInputs(inputs), "Dr Ames", at(9), 10.0)
        .unwrap();
    let waits = session.autosave(10.0 + AUTOSAVE_DELAY_S / 2.0);
    assert_eq!(waits, Some(AUTOSAVE_DELAY_S / 2.0));
    assert_eq!(
        on_disk().plan.inputs.follow_up_days,
        14,
        "not before the delay"
    );
    assert_eq!(session.autosave(10.0 + AUTOSAVE_DELAY_S), None);
    assert_eq!(
        on_disk().plan.inputs.follow_up_days,
        28,
        "saved once it passed"
    );
    assert!(!session.dirty);
    assert_eq!(session.autosave(99.0), None, "nothing pending");
}

/// Every warning of the session's plan, as an approval confirms them.
fn every_warning(session: &Session) -> Vec<String> {
    session
        .derived()
        .schedule
        .as_ref()
        .map(|s| s.warnings.iter().map(|w| w.summary()).collect())
        .unwrap_or_default()
}

/// A patient's edition may log days and ask for a hold, never change the plan: the
/// session refuses every clinician's action, whatever the screens show.
#[test]
fn a_patients_session_refuses_every_plan_action_and_keeps_the_record() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.ron");
    drop(PatientFile::create(&path, super::sample_record(), false).unwrap());
    let mut session = Session::new(
        PatientFile::open(&path).unwrap(),
        date(2026, 12, 1),
        Role::Patient,
    );
    let before = session.record().clone();
    let mut inputs = before.plan.inputs.clone();
    inputs.follow_up_days = 21;
    let visit = Visit {
        date: date(2026, 12, 1),
        cows: None,
        decision: Decision::Continue,
        reason: String::new(),
        decided_by: "Pat".into(),
        acknowledged: Vec::new(),
        meta: Default::default(),
    };
    for action in [
        Action::SetInputs(inputs),
        Action::AddRevision(hold(1, 7)),
        Action::Approve {
            confirmed: every_warning(&session),
        },
        Action::SetDailyInstrument("sows".into()),
        Action::RecordVisit {
            visit,
            revision: None,
        },
    ] {
        let refused = session.apply(action.clone(), "Pat", at(9), 0.0);
        assert!(
            refused.is_err_and(|e| e.contains("patient's edition")),
            "{action:?} was taken"
        );
    }
    assert_eq!(session.record(), &before, "nothing changed");
    let mut day = DayEntry::new(date(2026, 12, 1));
    day.hold_requested = true;
    session
        .apply(Action::UpsertEntry(day), "Pat", at(10), 0.0)
        .unwrap();
    assert!(
        session
            .record()
            .journal
            .get(date(2026, 12, 1))
            .unwrap()
            .hold_requested
    );
}
