//! The merge of two copies of one record, by its properties: idempotent, independent of
//! which copy is "ours", nothing of either copy lost, a patient's copy with only new
//! days gives the clinician's record plus those days, and copies merged in any order
//! give the same journal. Copies are made as the app makes them: from one record, by
//! the change functions that stamp items and remember earlier versions.

mod common;

use chrono::{Days, NaiveDate, NaiveDateTime};
use proptest::prelude::*;
use taper_planner::domain::amount::{Amount, Unit};
use taper_planner::domain::identity::{Actor, IdSource, SequentialIds};
use taper_planner::domain::journal::{DayEntry, Decision, DoseTaken, Visit};
use taper_planner::domain::merge::{Choice, ConflictReason, ItemKey, MergeOutcome, merge};
use taper_planner::domain::patient::{Patient, PatientRecord};
use taper_planner::domain::plan::PlanInputs;
use taper_planner::domain::revision::{Change, Revision};

fn start() -> NaiveDate {
    common::date(2026, 12, 1)
}

fn at(minutes: u64) -> NaiveDateTime {
    start().and_hms_opt(9, 0, 0).unwrap() + chrono::Duration::minutes(minutes as i64)
}

/// One change a person makes on one copy.
#[derive(Debug, Clone)]
enum Edit {
    /// The patient logs (or corrects) a day: which day, and what was taken.
    Log { day: u8, grams: u8, note: u8 },
    /// A clinician changes the doses per day.
    Doses(u8),
    /// A clinician records a visit.
    Visit { day: u8 },
    /// A clinician adds a hold.
    Hold { days: u8 },
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        4 => (0u8..20, 1u8..12, 0u8..3).prop_map(|(day, grams, note)| Edit::Log { day, grams, note }),
        1 => (1u8..4).prop_map(Edit::Doses),
        1 => (0u8..20).prop_map(|day| Edit::Visit { day }),
        1 => (1u8..10).prop_map(|days| Edit::Hold { days }),
    ]
}

fn patient_edit() -> impl Strategy<Value = Edit> {
    (0u8..20, 1u8..12, 0u8..3).prop_map(|(day, grams, note)| Edit::Log { day, grams, note })
}

fn clinician_edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (1u8..4).prop_map(Edit::Doses),
        (0u8..20).prop_map(|day| Edit::Visit { day }),
        (1u8..10).prop_map(|days| Edit::Hold { days }),
    ]
}

/// The record both copies start from: a plan and a few logged days.
fn base() -> PatientRecord {
    let mut ids = SequentialIds::starting_at(0);
    let mut record = PatientRecord::new(
        Patient {
            display_name: "Copy Test".into(),
            ..Patient::default()
        },
        PlanInputs::new(Amount::from_milli(12_000), Unit::G, start()),
        "Dr A",
        at(0),
    );
    record.id = ids.record_id();
    let patient = Actor::patient("Pat");
    for (day, grams) in [(0u64, 12u64), (1, 12), (2, 11)] {
        apply(
            &mut record,
            &Edit::Log {
                day: day as u8,
                grams: grams as u8,
                note: 0,
            },
            &patient,
            at(1),
            &mut ids,
        );
    }
    record
}

fn apply(
    record: &mut PatientRecord,
    edit: &Edit,
    by: &Actor,
    time: NaiveDateTime,
    ids: &mut dyn IdSource,
) {
    match *edit {
        Edit::Log { day, grams, note } => {
            let date = start() + Days::new(u64::from(day));
            let entry = DayEntry {
                doses: vec![DoseTaken {
                    time: None,
                    amount: Amount::from_milli(i64::from(grams) * 1000),
                }],
                note: ["", "slept badly", "fine"][usize::from(note)].into(),
                ..DayEntry::new(date)
            };
            record.put_day(entry, by, time);
        }
        Edit::Doses(n) => {
            record.change_clinician_part(by, time, |r| r.plan.inputs.doses_per_day = n);
        }
        Edit::Visit { day } => {
            let visit = Visit {
                date: start() + Days::new(u64::from(day)),
                cows: None,
                decision: Decision::Continue,
                reason: String::new(),
                decided_by: by.name.clone(),
                acknowledged: Vec::new(),
                meta: Default::default(),
            };
            record.add_visit(visit, by, time, ids);
        }
        Edit::Hold { days } => {
            let revision = Revision {
                effective: start() + Days::new(7),
                change: Change::Hold {
                    days: u32::from(days),
                },
                reason: "test".into(),
                decided_by: by.name.clone(),
                meta: Default::default(),
            };
            record.add_revision(revision, by, time, ids);
        }
    }
    record.audit_by(by, time, format!("{edit:?}"), ids);
}

/// `record` after `edits`, made on a copy whose ids come from `seed` (every copy draws
/// its own random ids in the app), patient edits by the patient, the rest by a clinician.
fn edited(record: &PatientRecord, edits: &[Edit], seed: u32, clinician: &str) -> PatientRecord {
    let mut copy = record.clone();
    let mut ids = SequentialIds::starting_at(seed);
    for (i, edit) in edits.iter().enumerate() {
        let by = match edit {
            Edit::Log { .. } => Actor::patient("Pat"),
            _ => Actor::clinician(clinician),
        };
        apply(
            &mut copy,
            edit,
            &by,
            at(10 + u64::from(seed) * 100 + i as u64),
            &mut ids,
        );
    }
    copy
}

fn ids_of(record: &PatientRecord) -> Vec<String> {
    let mut ids: Vec<String> = record
        .visits
        .iter()
        .map(|v| v.meta.id.0.clone())
        .chain(record.plan.revisions.iter().map(|r| r.meta.id.0.clone()))
        .chain(record.audit.iter().map(|a| a.meta.id.0.clone()))
        .collect();
    ids.sort();
    ids
}

fn conflict_keys(outcome: &MergeOutcome) -> Vec<ItemKey> {
    outcome.conflicts.iter().map(|c| c.key.clone()).collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, rng_seed: proptest::test_runner::RngSeed::Fixed(7), ..ProptestConfig::default() })]

    #[test]
    fn merging_a_copy_with_itself_changes_nothing(edits in prop::collection::vec(edit(), 0..8)) {
        let a = edited(&base(), &edits, 1, "Dr A");
        let outcome = merge(&a, &a).unwrap();
        prop_assert_eq!(&outcome.record, &a);
        prop_assert!(outcome.conflicts.is_empty());
        prop_assert!(outcome.summary.is_empty(), "{}", outcome.summary);
    }

    #[test]
    fn the_merged_record_does_not_depend_on_which_copy_is_ours(
        ea in prop::collection::vec(edit(), 0..8),
        eb in prop::collection::vec(edit(), 0..8),
    ) {
        let base = base();
        let (a, b) = (edited(&base, &ea, 1, "Dr A"), edited(&base, &eb, 2, "Dr B"));
        let (ab, ba) = (merge(&a, &b).unwrap(), merge(&b, &a).unwrap());
        prop_assert_eq!(&ab.record, &ba.record);
        prop_assert_eq!(conflict_keys(&ab), conflict_keys(&ba));
        for (x, y) in ab.conflicts.iter().zip(&ba.conflicts) {
            prop_assert_eq!(&x.ours, &y.theirs);
            prop_assert_eq!(&x.theirs, &y.ours);
        }
    }

    #[test]
    fn nothing_of_either_copy_is_lost(
        ea in prop::collection::vec(edit(), 0..8),
        eb in prop::collection::vec(edit(), 0..8),
    ) {
        let base = base();
        let (a, b) = (edited(&base, &ea, 1, "Dr A"), edited(&base, &eb, 2, "Dr B"));
        let outcome = merge(&a, &b).unwrap();
        let merged = &outcome.record;
        for entry in a.journal.entries().iter().chain(b.journal.entries()) {
            prop_assert!(merged.journal.get(entry.date).is_some(), "day {} lost", entry.date);
        }
        let kept = ids_of(merged);
        for id in ids_of(&a).into_iter().chain(ids_of(&b)) {
            prop_assert!(kept.binary_search(&id).is_ok(), "item {} lost", id);
        }
        // Each conflict holds both versions; resolving keeps the loser in the audit list.
        let mut resolved = outcome.clone();
        let before = resolved.record.audit.len();
        let open = resolved.conflicts.len();
        let losers = resolved.conflicts.iter().filter(|c| c.theirs.is_some()).count();
        resolved.resolve_all(Choice::Ours, &Actor::clinician("Dr A"), at(5000), &mut SequentialIds::starting_at(9));
        prop_assert_eq!(resolved.record.audit.len(), before + open);
        let superseded = resolved.record.audit[before..].iter().filter(|e| e.superseded.is_some()).count();
        prop_assert_eq!(superseded, losers);
        // Once resolved, merging either copy again changes nothing.
        for copy in [&a, &b] {
            let again = merge(&resolved.record, copy).unwrap();
            prop_assert!(again.conflicts.is_empty(), "{:?}", again.conflicts);
            prop_assert_eq!(&again.record, &resolved.record);
        }
    }

    #[test]
    fn a_patient_copy_with_only_logged_days_gives_the_clinicians_record_plus_those_days(
        clinic_edits in prop::collection::vec(clinician_edit(), 0..6),
        patient_edits in prop::collection::vec(patient_edit(), 1..10),
    ) {
        let base = base();
        let clinic = edited(&base, &clinic_edits, 1, "Dr A");
        let patient = edited(&base, &patient_edits, 2, "Dr A");
        let outcome = merge(&clinic, &patient).unwrap();
        prop_assert!(outcome.conflicts.is_empty(), "{:?}", outcome.conflicts);
        let mut expected = clinic.clone();
        expected.journal = patient.journal.clone();
        let mut merged = outcome.record.clone();
        // The patient's copy also brings its own lines of history: compare the rest.
        let patients_lines: Vec<_> = patient.audit.iter().filter(|e| !clinic.audit.contains(e)).cloned().collect();
        prop_assert_eq!(outcome.summary.audit_added, patients_lines.len());
        merged.audit.retain(|e| !patients_lines.contains(e));
        prop_assert_eq!(merged, expected);
    }

    #[test]
    fn copies_merged_in_any_order_give_the_same_journal(
        e1 in prop::collection::vec(patient_edit(), 0..6),
        e2 in prop::collection::vec(patient_edit(), 0..6),
        e3 in prop::collection::vec(patient_edit(), 0..6),
    ) {
        // A laptop and a desktop and the clinic's copy: the second copy continues the
        // first (a sync), the third starts from the base on other days.
        let base = base();
        let c1 = edited(&base, &e1, 1, "Dr A");
        let c2 = edited(&c1, &e2, 2, "Dr A");
        let later: Vec<Edit> = e3.into_iter().map(|e| match e {
            Edit::Log { day, grams, note } => Edit::Log { day: day + 30, grams, note },
            other => other,
        }).collect();
        let c3 = edited(&base, &later, 3, "Dr A");
        let m = |a: &PatientRecord, b: &PatientRecord| merge(a, b).unwrap();
        let orders = [
            m(&m(&c1, &c2).record, &c3),
            m(&c1, &m(&c2, &c3).record),
            m(&m(&c3, &c1).record, &c2),
            m(&m(&c2, &c3).record, &c1),
        ];
        for outcome in &orders {
            prop_assert!(outcome.conflicts.is_empty(), "{:?}", outcome.conflicts);
            prop_assert_eq!(&outcome.record.journal, &orders[0].record.journal);
        }
        prop_assert_eq!(&orders[0].record.journal, &m(&c2, &c3).record.journal, "c2 already holds c1");
    }
}

#[test]
fn a_day_changed_on_both_copies_is_one_conflict_with_both_versions() {
    let base = base();
    let a = edited(
        &base,
        &[Edit::Log {
            day: 1,
            grams: 10,
            note: 1,
        }],
        1,
        "Dr A",
    );
    let b = edited(
        &base,
        &[Edit::Log {
            day: 1,
            grams: 9,
            note: 2,
        }],
        2,
        "Dr A",
    );
    let outcome = merge(&a, &b).unwrap();
    assert_eq!(
        conflict_keys(&outcome),
        [ItemKey::Day(start() + Days::new(1))]
    );
    assert_eq!(outcome.conflicts[0].reason, ConflictReason::BothChanged);
    let mut resolved = outcome.clone();
    resolved.resolve(
        0,
        Choice::Theirs,
        &Actor::clinician("Dr A"),
        at(900),
        &mut SequentialIds::starting_at(8),
    );
    let day = resolved.record.journal.get(start() + Days::new(1)).unwrap();
    assert_eq!(
        day.total_taken(),
        Amount::from_milli(9_000),
        "the chosen version is in"
    );
    let kept = resolved.record.audit.last().unwrap();
    assert!(
        kept.what.contains("kept the other copy's version"),
        "{}",
        kept.what
    );
    assert!(
        kept.superseded.is_some(),
        "the version not chosen is in the audit list"
    );
}

#[test]
fn a_correction_on_one_copy_wins_without_a_conflict() {
    let base = base();
    let corrected = edited(
        &base,
        &[
            Edit::Log {
                day: 2,
                grams: 8,
                note: 0,
            },
            Edit::Log {
                day: 2,
                grams: 7,
                note: 0,
            },
        ],
        1,
        "Dr A",
    );
    let outcome = merge(&base, &corrected).unwrap();
    assert!(outcome.conflicts.is_empty());
    assert_eq!(outcome.summary.days_updated, 1);
    let day = outcome.record.journal.get(start() + Days::new(2)).unwrap();
    assert_eq!(day.total_taken(), Amount::from_milli(7_000));
    // A change undone on one side (A → B → A) beside B on the other is not a conflict.
    let there_and_back = edited(
        &base,
        &[
            Edit::Log {
                day: 2,
                grams: 5,
                note: 0,
            },
            Edit::Log {
                day: 2,
                grams: 11,
                note: 0,
            },
        ],
        2,
        "Dr A",
    );
    let to_five = edited(
        &base,
        &[Edit::Log {
            day: 2,
            grams: 5,
            note: 0,
        }],
        3,
        "Dr A",
    );
    for (x, y) in [(&there_and_back, &to_five), (&to_five, &there_and_back)] {
        let outcome = merge(x, y).unwrap();
        assert!(outcome.conflicts.is_empty(), "{:?}", outcome.conflicts);
        let day = outcome.record.journal.get(start() + Days::new(2)).unwrap();
        assert_eq!(
            day.total_taken(),
            Amount::from_milli(11_000),
            "the later change wins"
        );
    }
}

#[test]
fn different_records_are_never_merged_and_plan_changes_from_a_patient_edition_wait() {
    let base = base();
    let mut other = base.clone();
    other.id = SequentialIds::starting_at(50).record_id();
    assert!(merge(&base, &other).is_err());
    // A hand-edited patient copy that changed the plan and added a visit.
    let mut forged = base.clone();
    let patient = Actor::patient("Pat");
    forged.change_clinician_part(&patient, at(60), |r| r.plan.inputs.doses_per_day = 4);
    apply(
        &mut forged,
        &Edit::Visit { day: 3 },
        &patient,
        at(61),
        &mut SequentialIds::starting_at(4),
    );
    for (x, y) in [(&base, &forged), (&forged, &base)] {
        let outcome = merge(x, y).unwrap();
        let reasons: Vec<_> = outcome.conflicts.iter().map(|c| c.reason).collect();
        assert_eq!(
            reasons,
            [ConflictReason::ChangedInPatientEdition; 2],
            "{:?}",
            outcome.conflicts
        );
        assert_eq!(
            outcome.record.plan.inputs.doses_per_day, 1,
            "not taken while open"
        );
        assert!(outcome.record.visits.is_empty(), "not taken while open");
    }
}

#[test]
fn a_conflict_says_what_differs() {
    let base = base();
    let a = edited(
        &base,
        &[Edit::Log {
            day: 1,
            grams: 10,
            note: 1,
        }],
        1,
        "Dr A",
    );
    let b = edited(
        &base,
        &[Edit::Log {
            day: 1,
            grams: 10,
            note: 2,
        }],
        2,
        "Dr A",
    );
    let outcome = merge(&a, &b).unwrap();
    let differences = outcome.conflicts[0].differences();
    let fields: Vec<&str> = differences.iter().map(|d| d.field.as_str()).collect();
    assert_eq!(fields, ["note"], "only the note differs: {differences:?}");
    assert_eq!(
        (differences[0].ours.as_str(), differences[0].theirs.as_str()),
        ("slept badly", "fine")
    );
    assert_eq!(
        outcome.conflicts[0].summary_line(),
        "the journal day 2026-12-02: note"
    );
    assert_eq!(
        outcome.summary.to_string(),
        "1 conflict".replace("1 conflict", "nothing new, 1 conflict")
    );
}

mod command_line {
    use super::common::cli::{plan_file, run, stderr, stdout};
    use taper_planner::store::patient_file::load;

    fn log(file: &std::path::Path, date: &str, taken: &str) {
        let out = run(&[
            "log",
            file.to_str().unwrap(),
            "--date",
            date,
            "--taken",
            taken,
            "--today",
            "2026-12-20",
        ]);
        assert!(out.status.success(), "{}", stderr(&out));
    }

    /// The clinic's file and the patient's copy of it, in a fresh folder.
    fn two_copies() -> (tempfile::TempDir, std::path::PathBuf, std::path::PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let (ours, theirs) = (dir.path().join("clinic.ron"), dir.path().join("home.ron"));
        plan_file(&ours, "Jo Copy");
        std::fs::copy(&ours, &theirs).unwrap();
        (dir, ours, theirs)
    }

    #[test]
    fn merge_brings_the_patients_days_into_the_clinics_record_and_leaves_theirs_alone() {
        let (_dir, ours, theirs) = two_copies();
        log(&theirs, "2026-12-02", "12g");
        log(&theirs, "2026-12-03", "11g");
        log(&ours, "2026-12-01", "12g");
        let theirs_before = std::fs::read(&theirs).unwrap();
        let out = run(&["merge", ours.to_str().unwrap(), theirs.to_str().unwrap()]);
        assert!(out.status.success(), "{}", stderr(&out));
        assert!(stdout(&out).contains("2 new days"), "{}", stdout(&out));
        let (record, _) = load(&ours).unwrap();
        assert_eq!(record.journal.len(), 3);
        assert_eq!(
            std::fs::read(&theirs).unwrap(),
            theirs_before,
            "THEIRS untouched"
        );
        assert!(
            taper_planner::store::backup_path(&ours).exists(),
            "the .bak is kept"
        );
        // Merging the same copy again brings nothing.
        let again = run(&["merge", ours.to_str().unwrap(), theirs.to_str().unwrap()]);
        assert!(stdout(&again).contains("nothing new"), "{}", stdout(&again));
        assert_eq!(load(&ours).unwrap().0.journal.len(), 3);
    }

    #[test]
    fn export_writes_the_patients_copy_whose_days_merge_back() {
        let dir = tempfile::tempdir().unwrap();
        let (clinic, home) = (dir.path().join("clinic.ron"), dir.path().join("home.ron"));
        plan_file(&clinic, "Jo Copy");
        let (c, h) = (clinic.to_str().unwrap(), home.to_str().unwrap());
        let out = run(&["export", c, "--patient-copy", h]);
        assert!(out.status.success(), "{}", stderr(&out));
        assert!(
            stdout(&out).contains("the patient's copy"),
            "{}",
            stdout(&out)
        );
        assert_eq!(
            load(&home).unwrap().0,
            load(&clinic).unwrap().0,
            "the same record"
        );
        assert!(
            !taper_planner::store::backup_path(&home).exists(),
            "no .bak beside a copy"
        );
        let again = run(&["export", c, "--patient-copy", h]);
        assert_eq!(
            again.status.code(),
            Some(2),
            "never replaced without --force"
        );
        assert!(
            stderr(&again).contains("--patient-copy"),
            "{}",
            stderr(&again)
        );
        log(&home, "2026-12-02", "11g");
        let merged = run(&["merge", c, h]);
        assert!(stdout(&merged).contains("1 new day"), "{}", stdout(&merged));
        assert_eq!(load(&clinic).unwrap().0.journal.len(), 1);
    }

    #[test]
    fn different_records_exit_2_and_write_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let (ours, theirs) = (dir.path().join("a.ron"), dir.path().join("b.ron"));
        plan_file(&ours, "Same Name");
        plan_file(&theirs, "Same Name");
        let before = std::fs::read(&ours).unwrap();
        let out = run(&["merge", ours.to_str().unwrap(), theirs.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
        assert!(
            stderr(&out).contains("two different records"),
            "{}",
            stderr(&out)
        );
        assert_eq!(std::fs::read(&ours).unwrap(), before);
    }

    #[test]
    fn conflicts_exit_5_listed_with_what_differs_and_prefer_resolves_them() {
        let (_dir, ours, theirs) = two_copies();
        log(&ours, "2026-12-02", "12g");
        log(&theirs, "2026-12-02", "9g");
        let before = std::fs::read(&ours).unwrap();
        let out = run(&["merge", ours.to_str().unwrap(), theirs.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(5), "{}", stderr(&out));
        let err = stderr(&out);
        assert!(err.contains("the journal day 2026-12-02: doses"), "{err}");
        assert!(
            err.contains("ours amount 12") && err.contains("theirs amount 9"),
            "{err}"
        );
        assert!(err.contains("1 conflict to resolve"), "{err}");
        assert_eq!(std::fs::read(&ours).unwrap(), before, "nothing written");
        let bad = run(&[
            "merge",
            ours.to_str().unwrap(),
            theirs.to_str().unwrap(),
            "--prefer",
            "mine",
        ]);
        assert_eq!(bad.status.code(), Some(2));
        assert!(stderr(&bad).contains("--prefer"), "{}", stderr(&bad));
        let out = run(&[
            "merge",
            ours.to_str().unwrap(),
            theirs.to_str().unwrap(),
            "--prefer",
            "theirs",
        ]);
        assert!(out.status.success(), "{}", stderr(&out));
        let (record, _) = load(&ours).unwrap();
        let day = record
            .journal
            .get(super::common::date(2026, 12, 2))
            .unwrap();
        assert_eq!(day.total_taken().to_string(), "9");
        let kept = record
            .audit
            .iter()
            .find(|a| a.superseded.is_some())
            .expect("the loser is kept");
        assert!(
            kept.what.contains("kept the other copy's version"),
            "{}",
            kept.what
        );
    }
}

/// Whatever code changed a record, saving it records what each item replaced: a copy
/// from before the change then merges without a conflict.
#[test]
fn a_save_records_what_each_change_replaced_however_it_was_made() {
    use taper_planner::store::patient_file::{PatientFile, load};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.ron");
    drop(PatientFile::create(&path, base(), false).unwrap());
    let before = dir.path().join("before.ron");
    std::fs::copy(&path, &before).unwrap();
    let mut file = PatientFile::open(&path).unwrap();
    file.set_actor(Actor::clinician("Dr Save"));
    // Changed the plain way, without the change functions.
    file.record.plan.inputs.follow_up_days = 30;
    let day = start() + Days::new(1);
    let mut entry = file.record.journal.get(day).unwrap().clone();
    entry.note = "changed in place".into();
    entry.meta = Default::default();
    file.record.journal.upsert(entry);
    file.save().unwrap();
    let (after, _) = load(&path).unwrap();
    let (old, _) = load(&before).unwrap();
    for (x, y) in [(&after, &old), (&old, &after)] {
        let outcome = merge(x, y).unwrap();
        assert!(outcome.conflicts.is_empty(), "{:?}", outcome.conflicts);
        assert_eq!(
            outcome.record.plan.inputs.follow_up_days, 30,
            "the newer plan wins"
        );
        assert_eq!(
            outcome.record.journal.get(day).unwrap().note,
            "changed in place"
        );
    }
    let stamp = after
        .clinician_part
        .stamp
        .as_ref()
        .expect("the change is stamped");
    assert_eq!(stamp.by, Actor::clinician("Dr Save"));
}
