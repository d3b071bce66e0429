//! The rules as pure functions: each alert rule fires on its example and stays quiet at
//! its edges, and `evaluate` sorts, never panics on random journals and ends exactly
//! what a visit acknowledges; the plan warnings at the edges of their thresholds
//! (`pace`); and the journal merge the rules read (`journal`).
//!
//! The plan is the documented example: 12 g over six weeks from Tuesday 2026-12-01,
//! linear. Cuts on 12-08 (10 g), 12-15 (8 g), 12-22 (6 g), 12-29 (4 g), 01-05 (2 g);
//! stop on 2027-01-12. Visits on 12-15, 12-29 and 01-19; self check-ins on 12-10,
//! 12-17, 12-24, 12-31, 01-07 and 01-14.

mod above_plan;
mod check_in;
mod co_use;
mod evaluate;
mod hold_request;
mod journal;
mod pace;
mod product;
mod red_flag;
mod withdrawal;

use chrono::{Days, NaiveDate};
use taper_planner::domain::amount::{Amount, Unit};
use taper_planner::domain::instrument::{self, InstrumentScore, ItemAnswer, KRATOM_DAILY_ID};
use taper_planner::domain::journal::{DayEntry, Decision, DoseTaken, Visit};
use taper_planner::domain::patient::{Patient, PatientRecord};
use taper_planner::domain::plan::PlanInputs;
use taper_planner::domain::rules::{Alert, RuleId};
use taper_planner::domain::schedule::Schedule;

fn dec(day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, day).unwrap()
}

fn jan(day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2027, 1, day).unwrap()
}

fn back(date: NaiveDate, days: u64) -> NaiveDate {
    date - Days::new(days)
}

fn grams(milli: i64) -> Amount {
    Amount::from_milli(milli)
}

fn record_with(inputs: PlanInputs) -> PatientRecord {
    let now = inputs.start_date.and_hms_opt(9, 0, 0).unwrap();
    PatientRecord::new(Patient::default(), inputs, "Dr A", now)
}

/// The 12 g, six-week linear plan.
fn record() -> PatientRecord {
    record_with(PlanInputs::new(grams(12_000), Unit::G, dec(1)))
}

fn schedule(record: &PatientRecord) -> Schedule {
    record.plan.schedule().unwrap()
}

fn taken(date: NaiveDate, milli: i64) -> DayEntry {
    DayEntry {
        doses: vec![DoseTaken {
            time: None,
            amount: grams(milli),
        }],
        ..DayEntry::new(date)
    }
}

/// A complete rating of `instrument` with this total, spread over the items.
fn rating_of(instrument_id: &str, total: u32) -> InstrumentScore {
    let inst = instrument::builtin_by_id(instrument_id).unwrap();
    let mut left = total;
    let answers = inst
        .items
        .iter()
        .map(|item| {
            let score = left.min(u32::from(item.max_score())) as u8;
            left -= u32::from(score);
            ItemAnswer {
                item: item.id.clone(),
                score,
            }
        })
        .collect();
    assert_eq!(left, 0, "total {total} too high for {instrument_id}");
    InstrumentScore {
        instrument: instrument_id.to_string(),
        answers,
    }
}

fn rated(date: NaiveDate, total: u32) -> DayEntry {
    DayEntry {
        scores: vec![rating_of(KRATOM_DAILY_ID, total)],
        ..DayEntry::new(date)
    }
}

fn log(record: &mut PatientRecord, entries: impl IntoIterator<Item = DayEntry>) {
    for e in entries {
        record.journal.upsert(e);
    }
}

fn run(rule: RuleId, record: &PatientRecord, today: NaiveDate) -> Vec<Alert> {
    rule.run(record, &schedule(record), today)
}

fn only(alerts: Vec<Alert>) -> Alert {
    assert_eq!(alerts.len(), 1, "expected one alert: {alerts:#?}");
    alerts.into_iter().next().unwrap()
}

fn product(date: NaiveDate, name: &str, lot: Option<&str>) -> DayEntry {
    DayEntry {
        product: Some(name.into()),
        lot: lot.map(Into::into),
        ..DayEntry::new(date)
    }
}

fn visit(date: NaiveDate) -> Visit {
    Visit {
        date,
        cows: None,
        decision: Decision::Continue,
        reason: String::new(),
        decided_by: "Dr A".into(),
        meta: Default::default(),
        acknowledged: Vec::new(),
    }
}
