//! Values outside the app's limits are refused when a file is loaded, with the field,
//! line and column; and whatever a structurally valid file holds, loading it and
//! deriving the schedule, alerts, chart and every export gives an error, never a panic.

use chrono::{Days, NaiveDate, NaiveDateTime, NaiveTime};
use proptest::prelude::*;
use taper_planner::chart::{self, ChartData};
use taper_planner::domain::amount::{Amount, MAX_AMOUNT_MILLI};
use taper_planner::domain::dates::{FIRST_DATE, LAST_DATE};
use taper_planner::domain::journal::{DayEntry, DoseTaken, Journal, Visit};
use taper_planner::domain::patient::{Approval, AuditEntry, PatientRecord, PlanRecord};
use taper_planner::domain::plan::{Length, Percent, Shape};
use taper_planner::domain::revision::{Change, Revision};
use taper_planner::domain::rules::evaluate;
use taper_planner::report::{handout, ical, patient_csv, schedule_text};
use taper_planner::store::StoreError;
use taper_planner::store::format::{decode, encode, encode_unchecked};

use super::common::cli::{run, stderr};
use super::common::date;
use super::common::ui::{accept_disclaimer, app_harness, has};
use super::sample_record;

/// The error's line, column and message, for a text that must not load.
fn refused(text: &str) -> (usize, usize, String) {
    match decode(text) {
        Err(StoreError::Parse {
            line,
            column,
            message,
            ..
        }) => (line, column, message),
        other => panic!("expected an error at a place, got {other:?}"),
    }
}

/// The 1-based line and column where `needle` first appears in `text`.
fn place_of(text: &str, needle: &str) -> (usize, usize) {
    line_column(text, text.find(needle).expect("the needle is in the text"))
}

/// The 1-based line and column of byte `at` in `text`.
fn line_column(text: &str, at: usize) -> (usize, usize) {
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().unwrap().chars().count() + 1;
    (line, column)
}

#[test]
fn a_start_date_far_in_the_future_is_an_error_at_its_place() {
    let text = encode(&sample_record()).unwrap();
    for far in ["+262142-12-01", "2201-01-01", "1969-12-31"] {
        let bad = text.replacen(
            "start_date: \"2026-12-01\"",
            &format!("start_date: \"{far}\""),
            1,
        );
        let (line, column, message) = refused(&bad);
        assert_eq!(
            (line, column),
            place_of(&bad, &format!("\"{far}\"")),
            "{message}"
        );
        assert!(
            message.contains("plan.inputs.start_date")
                && message.contains("1970-01-01 to 2200-12-31"),
            "{message}"
        );
    }
}

#[test]
fn values_outside_the_forms_limits_are_errors_naming_the_field() {
    let text = encode(&sample_record()).unwrap();
    let cases = [
        ("visit_days: 14", "visit_days: 366", "visit_days", "366"),
        ("step_days: 7", "step_days: 0", "step_days", "0"),
        (
            "cravings: Some(4)",
            "cravings: Some(11)",
            "cravings",
            "Some(11)",
        ),
        (
            "logged_on: Some(\"2026-12-03\")",
            "logged_on: Some(\"2999-12-03\")",
            "logged_on",
            "Some(\"2999",
        ),
        ("Hold(days: 7)", "Hold(days: 4000)", "revisions[0]", "Hold"),
        (
            "Visit(\n            date: \"2026-12-15\"",
            "Visit(\n            date: \"9999-12-15\"",
            "visits[0].date",
            "\"9999",
        ),
        (
            "mitragynine_percent_tenths: Some(15)",
            "mitragynine_percent_tenths: Some(1500)",
            "mitragynine_percent_tenths",
            "Some(1500)",
        ),
    ];
    for (from, to, field, value) in cases {
        assert!(text.contains(from), "{from}");
        let bad = text.replacen(from, to, 1);
        let (line, column, message) = refused(&bad);
        assert!(message.contains(field), "{to}: {message}");
        // The value's place: where it starts within the edited text.
        let at = bad.find(to).unwrap() + to.find(value).unwrap();
        assert_eq!((line, column), line_column(&bad, at), "{to}: {message}");
    }
}

#[test]
fn check_refuses_a_file_from_the_far_future_instead_of_crashing() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("far.ron");
    let text = encode(&sample_record())
        .unwrap()
        .replacen("2026-12-01", "+262142-12-01", 1)
        .replacen("visit_days: 14", "visit_days: 365", 1);
    std::fs::write(&file, &text).unwrap();
    for args in [
        vec!["check", file.to_str().unwrap()],
        vec!["review", file.to_str().unwrap(), "--today", "2026-12-10"],
    ] {
        let out = run(&args);
        assert_eq!(out.status.code(), Some(3), "{args:?}: {}", stderr(&out));
        assert!(stderr(&out).contains("start_date"), "{}", stderr(&out));
    }
    assert_eq!(std::fs::read_to_string(&file).unwrap(), text);
}

/// A plan that loads but makes no schedule: every command that reads it names the
/// plan's field in the file with its line and column (never a command-line flag), and
/// the file is left as it was. (Before, `check` said "--percent: ..." with no place,
/// and a plan running past 2200-12-31 passed `check`.)
#[test]
fn a_plan_that_makes_no_schedule_is_named_by_its_field_in_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let text = encode(&sample_record()).unwrap();
    let cases = [
        // 1% a step, a step a month: more than five years.
        (
            text.replacen("length: Days(42)", "length: PercentPerStep(\"1%\")", 1)
                .replacen("shape: Linear", "shape: Proportional", 1)
                .replacen("step_days: 7", "step_days: 30", 1),
            "plan.inputs.length",
            "PercentPerStep",
        ),
        // Its last days after 2200-12-31, the last date the app accepts.
        (
            text.replacen(
                "start_date: \"2026-12-01\"",
                "start_date: \"2200-12-01\"",
                1,
            )
            .replacen("effective: \"2026-12-15\"", "effective: \"2200-12-15\"", 1),
            "plan.inputs.start_date",
            "\"2200-12-01\"",
        ),
    ];
    for (i, (bad, field, value)) in cases.iter().enumerate() {
        assert_ne!(bad, &text, "case {i} changed nothing");
        let file = dir.path().join(format!("bad{i}.ron"));
        std::fs::write(&file, bad).unwrap();
        let (line, column) = place_of(bad, value);
        let f = file.to_str().unwrap();
        let csv = dir.path().join(format!("bad{i}.csv"));
        for args in [
            vec!["check", f],
            vec!["review", f, "--today", "2026-12-10"],
            vec!["export", f, "--csv", csv.to_str().unwrap()],
            vec!["log", f, "--date", "2026-12-02", "--today", "2026-12-02"],
            vec![
                "visit",
                f,
                "--date",
                "2026-12-02",
                "--today",
                "2026-12-02",
                "--by",
                "Dr A",
            ],
        ] {
            let out = run(&args);
            let err = stderr(&out);
            assert_eq!(out.status.code(), Some(3), "{args:?}: {err}");
            assert!(
                err.contains(&format!("line {line}, column {column}: {field}: ")),
                "{args:?}: {err}"
            );
            assert!(!err.contains("--"), "no flag for a file's error: {err}");
            assert_eq!(err.lines().count(), 1, "{err}");
        }
        assert_eq!(&std::fs::read_to_string(&file).unwrap(), bad);
        assert!(!csv.exists());
    }
}

fn extreme_date() -> impl Strategy<Value = NaiveDate> {
    prop_oneof![
        Just(NaiveDate::MIN),
        Just(NaiveDate::MAX),
        Just(FIRST_DATE),
        Just(LAST_DATE),
        Just(FIRST_DATE.pred_opt().unwrap()),
        Just(LAST_DATE.succ_opt().unwrap()),
        Just(NaiveDate::MAX - Days::new(400)),
        (0u64..84_000).prop_map(|d| FIRST_DATE + Days::new(d)),
    ]
}

fn extreme_count() -> impl Strategy<Value = u32> {
    prop_oneof![
        Just(0),
        Just(1),
        Just(7),
        Just(365),
        Just(366),
        Just(1826),
        Just(1827),
        Just(u32::MAX),
        any::<u32>(),
    ]
}

fn extreme_amount() -> impl Strategy<Value = Amount> {
    prop_oneof![
        Just(0i64),
        Just(1),
        Just(100),
        Just(12_000),
        Just(MAX_AMOUNT_MILLI),
        0..=MAX_AMOUNT_MILLI,
    ]
    .prop_map(Amount::from_milli)
}

/// Plan inputs with every date, count and amount drawn from the edges.
fn extreme_plan() -> impl Strategy<Value = PlanRecord> {
    (
        (
            extreme_date(),
            extreme_amount(),
            extreme_amount(),
            0usize..4,
        ),
        (
            extreme_count(),
            extreme_count(),
            extreme_count(),
            extreme_count(),
        ),
        (
            any::<u8>(),
            extreme_count(),
            proptest::option::of(extreme_amount()),
        ),
        prop::collection::vec(extreme_amount(), 0..8),
        prop::collection::vec(
            (extreme_date(), 0u8..3, extreme_count(), extreme_amount()),
            0..6,
        ),
        proptest::option::of(extreme_date()),
    )
        .prop_map(|(basics, counts, more, steps, revisions, approved)| {
            let (start_date, start, increment, shape) = basics;
            let (length, step_days, visit_days, follow_up_days) = counts;
            let (doses, cut, jump_off) = more;
            let mut inputs = taper_planner::domain::plan::PlanInputs::new(
                start,
                taper_planner::domain::amount::Unit::G,
                start_date,
            );
            inputs.shape = Shape::ALL[shape];
            inputs.length = match shape {
                0 | 1 if length % 3 == 0 => Length::PercentPerStep(Percent(cut)),
                0 | 1 => Length::Days(length),
                _ => Length::FromShape,
            };
            inputs.increment = increment;
            inputs.step_days = step_days;
            inputs.visit_days = visit_days;
            inputs.follow_up_days = follow_up_days;
            inputs.doses_per_day = doses;
            inputs.max_cut = Percent(cut);
            inputs.jump_off = jump_off;
            inputs.custom_steps = steps;
            let mut plan = PlanRecord::new(inputs);
            plan.revisions = revisions
                .into_iter()
                .map(|(effective, kind, n, amount)| Revision {
                    effective,
                    change: match kind {
                        0 => Change::Hold { days: n },
                        1 => Change::SlowDown { step_days: n },
                        _ => Change::SetAmount { amount },
                    },
                    reason: "edge".into(),
                    decided_by: "Dr Edge".into(),
                    meta: Default::default(),
                })
                .collect();
            plan.approval = approved.map(|d| Approval {
                by: "Dr Edge".into(),
                at: d.and_time(NaiveTime::MIN),
            });
            plan
        })
}

fn extreme_day() -> impl Strategy<Value = DayEntry> {
    (
        extreme_date(),
        prop::collection::vec(extreme_amount(), 0..4),
        (any::<u8>(), any::<u8>(), any::<u16>()),
        proptest::option::of(extreme_date()),
        any::<bool>(),
    )
        .prop_map(|(date, doses, (cravings, pain, sleep), logged_on, hold)| {
            let mut entry = DayEntry::new(date);
            entry.doses = doses
                .into_iter()
                .map(|amount| DoseTaken { time: None, amount })
                .collect();
            entry.cravings = Some(cravings);
            entry.pain = Some(pain);
            entry.sleep_tenths = Some(sleep);
            entry.logged_on = logged_on;
            entry.hold_requested = hold;
            entry.note = "x".repeat(usize::from(pain) * 16);
            entry
        })
}

fn extreme_record() -> impl Strategy<Value = PatientRecord> {
    (
        extreme_plan(),
        prop::collection::vec(extreme_day(), 0..12),
        prop::collection::vec((extreme_date(), 0usize..5), 0..3),
        extreme_date(),
    )
        .prop_map(|(plan, days, visits, audited)| {
            let mut record = sample_record();
            record.plan = plan;
            let mut journal = Journal::default();
            for day in days {
                journal.upsert(day);
            }
            record.journal = journal;
            record.visits = visits
                .into_iter()
                .map(|(date, decision)| Visit {
                    date,
                    cows: None,
                    decision: taper_planner::domain::journal::Decision::ALL[decision],
                    reason: "edge".into(),
                    decided_by: "Dr Edge".into(),
                    acknowledged: Vec::new(),
                    meta: Default::default(),
                })
                .collect();
            record.audit.push(AuditEntry {
                at: audited.and_time(NaiveTime::MIN),
                who: "Dr Edge".into(),
                what: "edge".into(),
                meta: Default::default(),
                superseded: None,
            });
            record
        })
}

/// Everything the app and the commands derive from a loaded record, as of `today`.
fn derive_everything(record: &PatientRecord, today: NaiveDate) {
    let (Ok(schedule), Ok(original)) = (record.plan.schedule(), record.plan.original_schedule())
    else {
        return;
    };
    let _ = evaluate(record, &schedule, today);
    let _ = schedule.next_check_in(today);
    let _ = schedule.planned_on(today);
    let revised = (!record.plan.revisions.is_empty()).then_some(&original);
    let data = ChartData::for_record(record, &schedule, revised, Some(today));
    let svg = chart::svg_string(320, 200, &data);
    let _ = chart::png_bytes(320, 200, &data);
    let _ = svg;
    let paper = handout::Paper::default();
    let _ = handout::handout_pdf(
        record,
        &schedule,
        &handout::HandoutOptions {
            paper,
            printed: today,
        },
    );
    let _ = patient_csv::export_csv(record);
    let stamp = NaiveDateTime::new(today, NaiveTime::MIN).and_utc();
    let calendar = ical::CalendarOptions {
        names: true,
        reminder: ical::Reminder::default(),
        stamp,
    };
    let _ = ical::calendar_ics(record, &schedule, &calendar);
    let _ = schedule_text::plan_csv(&schedule);
    let _ = schedule_text::plan_table(&record.plan.inputs, &schedule);
    let _ = schedule_text::plan_json(&schedule);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// A file holding any values its types allow either fails to load (with a place)
    /// or gives a schedule, alerts, a chart and every export without a panic.
    #[test]
    fn extreme_values_give_an_error_never_a_panic(
        record in extreme_record(),
        today in extreme_date().prop_filter("in range", |d| (FIRST_DATE..=LAST_DATE).contains(d)),
    ) {
        // The app's own writer checks what it writes; these files are what it refuses.
        let text = encode_unchecked(&record).unwrap();
        // The schedule refuses out-of-range inputs by itself, loaded or not.
        let _ = record.plan.schedule();
        match decode(&text) {
            Ok(loaded) => {
                derive_everything(&loaded, today);
                derive_everything(&loaded, loaded.plan.inputs.start_date);
            }
            Err(err) => {
                let placed = matches!(err, StoreError::Parse { line, column, .. } if line >= 1 && column >= 1);
                prop_assert!(placed, "{:?}", err);
            }
        }
    }
}

#[test]
fn the_app_starts_and_lists_a_file_from_the_far_future_with_its_error() {
    let dir = tempfile::tempdir().unwrap();
    let patients = taper_planner::store::patients_dir(dir.path()).unwrap();
    let far = encode(&sample_record())
        .unwrap()
        .replacen("2026-12-01", "+262142-12-01", 1);
    std::fs::write(patients.join("far.ron"), &far).unwrap();
    let mut harness = app_harness(dir.path(), date(2026, 12, 10), egui::vec2(1400.0, 900.0));
    accept_disclaimer(&mut harness);
    assert!(has(&harness, "does not load"));
    assert!(has(&harness, "plan.inputs.start_date"));
    assert_eq!(
        std::fs::read_to_string(patients.join("far.ron")).unwrap(),
        far
    );
}
