//! The patient file format: round trips (property-tested), the version-1 and -2
//! fixtures, migrations, the quick reader and writer against ron, and the commands that
//! read and write files.
//!
//! - `limits`: values outside the app's limits are refused at load, at their place;
//!   records with extreme values never make anything panic.
//! - `unknown_fields`: unknown fields are errors; a newer version's file opens read-only.
//! - `disk`: owners, symbolic links, long names, and two commands at once.
//! - `read_back`: the check of every save, reading a long journal in parts.
//! - `session`: undo never erases the audit list; autosave writes the file.

#[path = "../common/mod.rs"]
mod common;
mod disk;
mod limits;
mod read_back;
mod session;
mod unknown_fields;

use std::path::Path;

use chrono::{Days, NaiveDate, NaiveDateTime, NaiveTime};
use common::cli::{plan_file, run, stderr, stdout};
use common::date;
use proptest::prelude::*;
use taper_planner::domain::amount::{Amount, Unit};
use taper_planner::domain::basis::{RedFlag, Substance};
use taper_planner::domain::identity::Actor;
use taper_planner::domain::instrument::{InstrumentScore, ItemAnswer};
use taper_planner::domain::journal::{
    CertificateOfAnalysis, DayEntry, Decision, DoseTaken, Journal, Product, Visit,
};
use taper_planner::domain::merge::merge;
use taper_planner::domain::patient::{Patient, PatientRecord};
use taper_planner::domain::plan::{Length, PlanInputs, Shape, UseHistory};
use taper_planner::domain::revision::{Change, Revision};
use taper_planner::domain::rules::{Acknowledged, RuleId};
use taper_planner::store::format::{FORMAT_VERSION, decode, encode};
use taper_planner::store::load::pretty_config;
use taper_planner::store::patient_file::{PatientFile, ReadOnlyReason, load};
use taper_planner::store::{StoreError, quick_read, quick_write};

fn noon(d: NaiveDate) -> NaiveDateTime {
    d.and_time(NaiveTime::from_hms_opt(12, 0, 0).unwrap())
}

fn sample_record() -> PatientRecord {
    let mut inputs = PlanInputs::new(Amount::from_milli(12_000), Unit::G, date(2026, 12, 1));
    inputs.length = Length::Days(42);
    inputs.doses_per_day = 3;
    let patient = Patient {
        display_name: "J. \"Jo\" Doe\\n".into(),
        record_number: Some("MRN-7".into()),
        clinician: "Dr Ames".into(),
        ..Patient::default()
    };
    let mut record = PatientRecord::new(patient, inputs, "Dr Ames", noon(date(2026, 11, 30)));
    record.approve("Dr Ames", noon(date(2026, 11, 30)), &[]);
    record
        .revise(
            Revision {
                effective: date(2026, 12, 15),
                change: Change::Hold { days: 7 },
                reason: "sleep poor".into(),
                decided_by: "Dr Ames".into(),
                meta: Default::default(),
            },
            noon(date(2026, 12, 14)),
        )
        .unwrap();
    let mut entry = DayEntry::new(date(2026, 12, 2));
    entry.doses = vec![DoseTaken {
        time: NaiveTime::from_hms_opt(8, 0, 0),
        amount: Amount::from_milli(4_000),
    }];
    entry.product = Some("Green Maeng Da".into());
    entry.lot = Some("L-2026-11".into());
    entry.scores = vec![InstrumentScore {
        instrument: "kratom-daily".into(),
        answers: vec![ItemAnswer {
            item: "muscle_aches".into(),
            score: 2,
        }],
    }];
    entry.cravings = Some(4);
    entry.pain = Some(3);
    entry.sleep_tenths = Some(65);
    entry.red_flags = vec![RedFlag::DarkUrine];
    entry.substances = vec![Substance::Alcohol];
    entry.note = "ok, a bit tired — ünïcödé".into();
    entry.logged_on = Some(date(2026, 12, 3));
    record.journal.upsert(entry);
    record.visits.push(Visit {
        date: date(2026, 12, 15),
        cows: None,
        decision: Decision::Hold,
        reason: "sleep".into(),
        decided_by: "Dr Ames".into(),
        acknowledged: Vec::new(),
        meta: Default::default(),
    });
    // A visit that acknowledged alerts (a red flag with the flags seen, a hold request).
    record.visits.push(Visit {
        date: date(2026, 12, 16),
        cows: None,
        decision: Decision::Continue,
        reason: String::new(),
        decided_by: "Dr Ames".into(),
        acknowledged: vec![
            Acknowledged {
                rule: RuleId::RedFlag,
                date: date(2026, 12, 2),
                red_flags: vec![RedFlag::DarkUrine],
            },
            Acknowledged {
                rule: RuleId::HoldRequest,
                date: date(2026, 12, 2),
                red_flags: Vec::new(),
            },
        ],
        meta: Default::default(),
    });
    record.products.push(Product {
        name: "Green Maeng Da".into(),
        vendor: "Acme".into(),
        form: "powder".into(),
        lot: "L-2026-11".into(),
        coa: Some(CertificateOfAnalysis {
            date: Some(date(2026, 10, 1)),
            mitragynine_percent_tenths: Some(15),
            tested_metals: true,
            tested_microbes: true,
        }),
        meta: Default::default(),
    });
    // A day stamped with who wrote it, so the file holds every kind of merge meta.
    let stamped = DayEntry {
        note: "stamped".into(),
        ..DayEntry::new(date(2026, 12, 3))
    };
    record.put_day(stamped, &Actor::patient("Jo"), noon(date(2026, 12, 3)));
    // Saved records hold every id (the store fills them before writing).
    record.fill_missing_ids();
    record
}

#[test]
fn a_full_record_round_trips_through_the_file_format() {
    let record = sample_record();
    let text = encode(&record).unwrap();
    assert!(
        text.starts_with(&format!(
            "PatientFile(\n    format_version: {FORMAT_VERSION},"
        )),
        "format_version first: {text}"
    );
    assert!(
        text.contains("start_date: \"2026-12-01\""),
        "dates as ISO strings"
    );
    assert!(
        text.contains("start_amount: \"12\""),
        "amounts as exact decimals"
    );
    assert_eq!(decode(&text).unwrap(), record);
}

#[test]
fn the_version_1_fixture_loads() {
    let text = std::fs::read_to_string("tests/fixtures/patient_v1.ron").unwrap();
    let record = decode(&text).expect("the version 1 fixture must load in every later version");
    assert_eq!(record.patient.display_name, "Fixture Patient");
    assert_eq!(record.plan.inputs.start_amount, Amount::from_milli(12_000));
    assert_eq!(record.journal.len(), 2);
    let schedule = record.plan.schedule().unwrap();
    assert_eq!(
        schedule.stop_date,
        date(2027, 1, 19),
        "42 days plus a 7-day hold"
    );
}

#[test]
fn the_version_2_fixture_loads_and_is_written_back_unchanged() {
    let v2 = std::fs::read_to_string("tests/fixtures/patient_v2.ron").unwrap();
    let record = decode(&v2).expect("the version 2 fixture must load in every later version");
    let v1 = std::fs::read_to_string("tests/fixtures/patient_v1.ron").unwrap();
    assert_eq!(
        record,
        decode(&v1).unwrap(),
        "version 1 migrates to exactly what version 2 holds"
    );
    let answers = &record.journal.entries()[1].scores[0].answers;
    assert_eq!(
        answers,
        &[ItemAnswer {
            item: "muscle_aches".into(),
            score: 3
        }]
    );
    assert!(v2.contains("answers: {\"muscle_aches\": 3}"), "{v2}");
    assert_eq!(record.plan.inputs.use_history, UseHistory::Unknown);
    assert!(record.plan.inputs.dose_times.is_empty() && record.patient.clinic_phone.is_empty());
}

#[test]
fn the_version_3_fixture_is_version_2_with_the_new_fields_and_is_written_back_unchanged() {
    let v3 = std::fs::read_to_string("tests/fixtures/patient_v3.ron").unwrap();
    let record = decode(&v3).expect("the version 3 fixture must load in every later version");
    let v2 = decode(&std::fs::read_to_string("tests/fixtures/patient_v2.ron").unwrap()).unwrap();
    let mut without_new_fields = record.clone();
    without_new_fields.patient.date_of_birth = None;
    without_new_fields.patient.clinic.clear();
    without_new_fields.patient.clinic_phone.clear();
    without_new_fields.plan.inputs.use_history = UseHistory::Unknown;
    without_new_fields.plan.inputs.dose_times.clear();
    assert_eq!(
        without_new_fields, v2,
        "version 2 migrates to version 3 with defaults"
    );
    assert_eq!(record.plan.inputs.use_history, UseHistory::Long);
    assert_eq!(record.plan.inputs.dose_times.len(), 3);
    assert_eq!(record.patient.clinic_phone, "+1 555 0100");
}

#[test]
fn old_files_get_ids_from_their_content_the_same_every_time() {
    let v3 = std::fs::read_to_string("tests/fixtures/patient_v3.ron").unwrap();
    let (once, twice) = (decode(&v3).unwrap(), decode(&v3).unwrap());
    assert_eq!(
        once, twice,
        "two migrations of one old file give the same ids"
    );
    assert_eq!(once.id.0.len(), 32);
    assert!(once.visits.iter().all(|v| v.meta.id.0.len() == 16));
    assert!(once.audit.iter().all(|a| a.meta.id.0.len() == 16));
    let v2 = decode(&std::fs::read_to_string("tests/fixtures/patient_v2.ron").unwrap()).unwrap();
    let v1 = decode(&std::fs::read_to_string("tests/fixtures/patient_v1.ron").unwrap()).unwrap();
    assert_eq!(
        v1.id, v2.id,
        "the same patient in every old version has one id"
    );
    assert_eq!(v2.id, once.id);
    // Two copies of one old file, each changed on its own, merge without a conflict.
    let mut a = once.clone();
    let mut b = once;
    let day = date(2026, 12, 20);
    a.put_day(DayEntry::new(day), &Actor::patient("P"), noon(day));
    b.change_clinician_part(&Actor::clinician("Dr Ames"), noon(day), |r| {
        r.plan.inputs.follow_up_days = 21
    });
    let merged = merge(&a, &b).unwrap();
    assert!(merged.conflicts.is_empty(), "{:?}", merged.conflicts);
    assert_eq!(merged.summary.to_string(), "the plan updated, no conflicts");
}

#[test]
fn the_version_4_fixture_is_version_3_merged_and_is_written_back_unchanged() {
    let v4 = std::fs::read_to_string("tests/fixtures/patient_v4.ron").unwrap();
    let record = decode(&v4).expect("the version 4 fixture must load in every later version");
    let v3 = decode(&std::fs::read_to_string("tests/fixtures/patient_v3.ron").unwrap()).unwrap();
    assert_eq!(record.id, v3.id, "ids survive the save");
    assert_eq!(
        record.patient.clinic_phone, "+1 555 0199",
        "the clinician's change came in"
    );
    let kept = record.audit.last().unwrap();
    assert!(kept.superseded.is_some(), "the version not chosen is kept");
    assert_eq!(record.journal.len(), v3.journal.len() + 1);
    if FORMAT_VERSION == 4 {
        assert_eq!(encode(&record).unwrap(), v4, "the layout is stable");
    }
}

#[test]
fn each_version_keeps_its_own_answer_layout() {
    let v1 = std::fs::read_to_string("tests/fixtures/patient_v1.ron").unwrap();
    let v2 = std::fs::read_to_string("tests/fixtures/patient_v2.ron").unwrap();
    // A version 2 header over version 1 answers (or the reverse) is an error that
    // points at the answers, not a silent guess.
    let mixed = v1.replacen("format_version: 1", "format_version: 2", 1);
    let line = mixed.lines().position(|l| l.contains("answers")).unwrap() + 1;
    match decode(&mixed).unwrap_err() {
        StoreError::Parse { line: l, .. } => assert!(l >= line, "{l} < {line}"),
        other => panic!("expected a parse error, got {other}"),
    }
    let mixed = v2.replacen("format_version: 2", "format_version: 1", 1);
    assert!(matches!(decode(&mixed), Err(StoreError::Parse { .. })));
}

#[test]
fn hand_edited_files_outside_the_quick_subset_load_the_same() {
    let record = sample_record();
    let text = encode(&record).unwrap();
    let edited = [
        format!("// edited by hand\n{text}"),
        text.replacen("journal:", "/* the days */ journal:", 1),
        text.replacen("step_days: 7", "step_days: 0x7", 1),
        text.replacen("format_version: ", "format_version:\t", 1),
        text.replacen("\"Dr Ames\"", "r\"Dr Ames\"", 1),
    ];
    for text in edited {
        assert_eq!(decode(&text).unwrap(), record, "{text}");
    }
}

#[test]
fn a_newer_or_unknown_version_is_refused_with_its_reason() {
    let text = encode(&sample_record()).unwrap();
    let current = format!("format_version: {FORMAT_VERSION}");
    let newer = text.replacen(
        &current,
        &format!("format_version: {}", FORMAT_VERSION + 1),
        1,
    );
    let err = decode(&newer).unwrap_err().to_string();
    assert!(err.contains("newer taper-planner"), "{err}");
    let zero = text.replacen(&current, "format_version: 0", 1);
    assert!(
        decode(&zero)
            .unwrap_err()
            .to_string()
            .contains("unknown format version 0")
    );
    let missing = text.replacen(&format!("{current},"), "", 1);
    assert!(
        decode(&missing)
            .unwrap_err()
            .to_string()
            .contains("format_version")
    );
}

#[test]
fn a_wrong_typed_field_names_its_line_and_column() {
    let text = encode(&sample_record()).unwrap();
    let broken = text.replacen("step_days: 7", "step_days: \"seven\"", 1);
    let line = broken
        .lines()
        .position(|l| l.contains("\"seven\""))
        .unwrap()
        + 1;
    match decode(&broken).unwrap_err() {
        StoreError::Parse { line: l, .. } => assert_eq!(l, line),
        other => panic!("expected a parse error, got {other}"),
    }
}

#[test]
fn open_save_and_conflicts_keep_every_change() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.ron");
    let mut file = PatientFile::create(&path, sample_record(), false).unwrap();
    assert!(
        PatientFile::create(&path, sample_record(), false).is_err(),
        "never replaced silently"
    );
    // A second instance opens read-only while the first holds the lock.
    let second = PatientFile::open(&path).unwrap();
    assert_eq!(second.read_only(), Some(&ReadOnlyReason::LockedElsewhere));
    drop(second);
    file.record.patient.clinician = "Dr Brook".into();
    file.save().unwrap();
    assert_eq!(load(&path).unwrap().0.patient.clinician, "Dr Brook");
    // Another program edits the file: the next save refuses and keeps its edit.
    let edited = std::fs::read_to_string(&path)
        .unwrap()
        .replace("Dr Brook", "Dr Edited");
    std::fs::write(&path, &edited).unwrap();
    file.record.patient.clinician = "Dr Lost".into();
    assert!(matches!(file.save(), Err(StoreError::ChangedOnDisk { .. })));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), edited);
}

fn arb_record() -> impl Strategy<Value = PatientRecord> {
    let text = "\\PC{0,24}";
    (
        (text, proptest::option::of(text), text),
        (1i64..500, 1u32..400, 0usize..3, 1u8..5),
        prop::collection::vec((0u64..400, 0u8..3, 1u32..40, text), 0..4),
        prop::collection::vec(
            (
                0u64..400,
                prop::collection::vec(0i64..50_000, 0..4),
                proptest::option::of(text),
                proptest::option::of(0u8..=10),
                proptest::option::of(0u16..=240),
                prop::collection::vec(0usize..14, 0..3),
                prop::collection::vec(0usize..5, 0..3),
                text,
                any::<bool>(),
                prop::collection::vec(arb_score(), 0..3),
            ),
            0..20,
        ),
        prop::collection::vec(
            (
                0u64..400,
                0usize..5,
                text,
                text,
                (
                    proptest::option::of(arb_score()),
                    prop::collection::vec(
                        (
                            0usize..RuleId::ALL.len(),
                            0u64..400,
                            prop::collection::vec(0usize..RedFlag::ALL.len(), 0..3),
                        ),
                        0..3,
                    ),
                ),
            ),
            0..3,
        ),
    )
        .prop_map(
            |((name, mrn, clinician), (units, days, shape, doses), revisions, entries, visits)| {
                let start = date(2026, 1, 1);
                let mut inputs = PlanInputs::new(Amount::from_milli(units * 100), Unit::G, start);
                inputs.shape = [Shape::Linear, Shape::Proportional, Shape::Cdc][shape];
                inputs.length = if inputs.shape == Shape::Cdc {
                    Length::FromShape
                } else {
                    Length::Days(days)
                };
                inputs.doses_per_day = doses;
                let mut record = PatientRecord::new(
                    Patient {
                        display_name: name,
                        record_number: mrn,
                        clinician: clinician.clone(),
                        ..Patient::default()
                    },
                    inputs,
                    &clinician,
                    noon(start),
                );
                for (at, kind, n, reason) in revisions {
                    let change = match kind {
                        0 => Change::Hold { days: n },
                        1 => Change::SlowDown { step_days: n },
                        _ => Change::SetAmount {
                            amount: Amount::from_milli(i64::from(n) * 100),
                        },
                    };
                    let _ = record.revise(
                        Revision {
                            effective: start + Days::new(at),
                            change,
                            reason,
                            decided_by: clinician.clone(),
                            meta: Default::default(),
                        },
                        noon(start),
                    );
                }
                let mut journal = Journal::default();
                for (at, doses, product, cravings, sleep, flags, subs, note, hold, scores) in
                    entries
                {
                    let mut e = DayEntry::new(start + Days::new(at));
                    e.doses = doses
                        .into_iter()
                        .map(|m| DoseTaken {
                            time: None,
                            amount: Amount::from_milli(m),
                        })
                        .collect();
                    e.product = product;
                    e.cravings = cravings;
                    e.sleep_tenths = sleep;
                    e.red_flags = flags.into_iter().map(|i| RedFlag::ALL[i]).collect();
                    e.substances = subs.into_iter().map(|i| Substance::ALL[i]).collect();
                    e.note = note;
                    e.hold_requested = hold;
                    e.scores = scores;
                    journal.upsert(e);
                }
                record.journal = journal;
                for (at, decision, reason, by, (cows, seen)) in visits {
                    record.visits.push(Visit {
                        date: start + Days::new(at),
                        cows,
                        decision: Decision::ALL[decision],
                        reason,
                        decided_by: by,
                        acknowledged: seen
                            .into_iter()
                            .map(|(rule, at, flags)| Acknowledged {
                                rule: RuleId::ALL[rule],
                                date: start + Days::new(at),
                                red_flags: flags.into_iter().map(|i| RedFlag::ALL[i]).collect(),
                            })
                            .collect(),
                        meta: Default::default(),
                    });
                }
                // Saved records hold every id (the store fills them before writing).
                record.fill_missing_ids();
                record
            },
        )
}

/// `record` changed as little as possible to pass the limits checked at load: one
/// score per instrument a day and one answer per item, and visits that name who
/// decided and why.
fn made_valid(mut record: PatientRecord) -> PatientRecord {
    let entries = record
        .journal
        .entries()
        .iter()
        .cloned()
        .map(|mut entry| {
            let mut seen = Vec::new();
            entry.scores.retain(|s| {
                let new = !seen.contains(&s.instrument);
                seen.push(s.instrument.clone());
                new
            });
            for score in &mut entry.scores {
                let mut items = Vec::new();
                score.answers.retain(|a| {
                    let new = !items.contains(&a.item);
                    items.push(a.item.clone());
                    new
                });
            }
            entry
        })
        .collect();
    record.journal = Journal::from_entries(entries).unwrap();
    for visit in &mut record.visits {
        if visit.decided_by.trim().is_empty() {
            visit.decided_by = "Dr Ames".into();
        }
        if visit.reason.trim().is_empty() {
            visit.reason = "a reason".into();
        }
    }
    record
}

/// Answers to an instrument: any item names (repeats and escapes included), any order.
fn arb_score() -> impl Strategy<Value = InstrumentScore> {
    (
        prop::sample::select(vec!["sows", "cows", "kratom-daily", "r#x"]),
        prop::collection::vec(
            (
                prop_oneof!["[a-z_-]{1,12}", "\\PC{0,12}", Just("\"q\"\n".to_string())],
                any::<u8>(),
            ),
            0..6,
        ),
    )
        .prop_map(|(instrument, answers)| InstrumentScore {
            instrument: instrument.to_string(),
            answers: answers
                .into_iter()
                .map(|(item, score)| ItemAnswer { item, score })
                .collect(),
        })
}

/// A small random edit of RON text: a character removed, replaced or inserted.
fn arb_edit() -> impl Strategy<Value = (usize, u8, char)> {
    (
        any::<usize>(),
        0u8..3,
        prop_oneof![
            prop::sample::select(vec![
                ' ', ',', '(', ')', '[', ']', '{', '}', ':', '"', '\\', '/', '#', 'r', '0', '9',
                '-', '_', '.', 'u', 'x', 'é', '\n', '\u{2028}',
            ]),
            any::<char>(),
        ],
    )
}

fn apply_edit(text: &str, (at, kind, c): (usize, u8, char)) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    let at = at % (chars.len() + 1);
    match kind {
        0 if at < chars.len() => {
            chars.remove(at);
        }
        1 if at < chars.len() => chars[at] = c,
        _ => chars.insert(at, c),
    }
    chars.into_iter().collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn any_record_round_trips(record in arb_record().prop_map(made_valid)) {
        let text = encode(&record).unwrap();
        prop_assert_eq!(decode(&text).unwrap(), record);
    }

    /// The quick writer writes exactly ron's text, and the quick reader reads it (and
    /// ron's own) exactly as ron does: both fast paths cover every patient type.
    #[test]
    fn the_quick_paths_agree_with_ron(record in arb_record(), depth in 0usize..6) {
        let ron_text =
            ron::ser::to_string_pretty(&record, pretty_config().depth_limit(depth)).unwrap();
        let quick_text = quick_write::to_string_pretty(&record, depth);
        prop_assert_eq!(quick_text.as_deref(), Some(ron_text.as_str()));
        let quick = quick_read::from_str::<PatientRecord>(&ron_text);
        prop_assert_eq!(quick.as_ref(), Some(&record));
    }

}

proptest! {
    // Most edits break the text; enough cases that many still parse and are compared.
    #![proptest_config(ProptestConfig::with_cases(1000))]

    /// Whatever the quick reader accepts from broken or hand-edited text, ron accepts
    /// too and reads to the same value (otherwise the reader gives up and ron decides).
    #[test]
    fn the_quick_reader_never_accepts_what_ron_would_not(
        record in arb_record(),
        edits in prop::collection::vec(arb_edit(), 1..4),
    ) {
        let mut text = ron::ser::to_string_pretty(&record, pretty_config().depth_limit(3))
            .unwrap();
        for edit in edits {
            text = apply_edit(&text, edit);
        }
        if let Some(quick) = quick_read::from_str::<PatientRecord>(&text) {
            let by_ron = ron::from_str::<PatientRecord>(&text);
            prop_assert!(by_ron.is_ok(), "ron refuses what the quick reader took: {text}");
            prop_assert_eq!(quick, by_ron.unwrap());
        }
    }
}

fn bytes(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap()
}

#[test]
fn plan_out_writes_a_file_that_checks_and_exports() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("jd.ron");
    let f = file.to_str().unwrap();
    plan_file(&file, "J. Doe");
    let again = run(&[
        "plan",
        "--start",
        "10g",
        "--weeks",
        "6",
        "--patient",
        "J. Doe",
        "--out",
        f,
    ]);
    assert_eq!(
        again.status.code(),
        Some(2),
        "refuses to overwrite without --force"
    );
    assert!(stderr(&again).contains("--force"));
    let before = bytes(&file);
    let check = run(&["check", f]);
    assert!(check.status.success());
    let summary = stdout(&check);
    assert!(
        summary.contains("patient: J. Doe")
            && summary.contains("days: 57")
            && summary.contains("journal entries: 0"),
        "{summary}"
    );
    assert_eq!(bytes(&file), before, "check never writes");
    let csv = dir.path().join("jd.csv");
    let export = run(&["export", f, "--csv", csv.to_str().unwrap()]);
    assert!(export.status.success(), "{}", stderr(&export));
    let text = std::fs::read_to_string(&csv).unwrap();
    assert_eq!(
        text.lines().next(),
        Some("date,day,planned,unit,taken,symptom_score,check_in,note")
    );
    assert_eq!(text.lines().nth(1), Some("2026-12-01,1,12,g,,,,"));
    assert_eq!(text.lines().count(), 58);
    let forced = run(&[
        "plan",
        "--start",
        "10g",
        "--weeks",
        "6",
        "--patient",
        "J. Doe",
        "--out",
        f,
        "--force",
    ]);
    assert!(forced.status.success());
    assert!(
        std::fs::read_to_string(&file)
            .unwrap()
            .contains("start_amount: \"10\"")
    );
}

#[test]
fn export_includes_what_was_taken_and_the_symptom_total() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("p.ron");
    std::fs::write(&file, encode(&sample_record()).unwrap()).unwrap();
    let csv = dir.path().join("p.csv");
    let out = run(&[
        "export",
        file.to_str().unwrap(),
        "--csv",
        csv.to_str().unwrap(),
    ]);
    assert!(out.status.success());
    let text = std::fs::read_to_string(&csv).unwrap();
    assert_eq!(text.lines().nth(2), Some("2026-12-02,2,12,g,4,2,,"));
}

#[test]
fn check_reports_a_broken_file_with_line_and_column_and_leaves_it_alone() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("broken.ron");
    let text = encode(&sample_record()).unwrap();
    let half = (0..=text.len() / 2)
        .rev()
        .find(|i| text.is_char_boundary(*i))
        .unwrap();
    let cut = &text[..half];
    std::fs::write(&file, cut).unwrap();
    let out = run(&["check", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(3));
    let err = stderr(&out);
    assert!(err.contains("line") && err.contains("column"), "{err}");
    assert_eq!(bytes(&file), cut.as_bytes());
    let missing = run(&["check", dir.path().join("nope.ron").to_str().unwrap()]);
    assert_eq!(missing.status.code(), Some(3));
}
