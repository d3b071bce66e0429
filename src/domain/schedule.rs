//! The day-by-day schedule derived from the plan inputs and their revisions.

use chrono::{Days, NaiveDate};

use super::amount::{Amount, Unit};
use super::checkin::{CheckIn, CheckInInputs, CheckInKind, plan_check_ins};
use super::levels::{Level, shape_levels};
use super::pace::{Warning, pace_warnings};
use super::plan::{Field, MAX_LENGTH_DAYS, PlanError, PlanInputs};
use super::revision::{self, Revision};

/// Why a day is marked in the schedule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DayNote {
    None,
    /// The amount falls today.
    Reduction,
    /// The amount stays where it was for longer than planned (a hold starts today).
    Hold,
    /// The amount rises today (only by a clinician's revision).
    Increase,
    /// The first day at zero.
    Stop,
}

impl DayNote {
    /// The word used in CSV (`reduction`, `stop`, `hold`, `increase` or empty).
    pub fn word(self) -> &'static str {
        match self {
            DayNote::None => "",
            DayNote::Reduction => "reduction",
            DayNote::Hold => "hold",
            DayNote::Increase => "increase",
            DayNote::Stop => "stop",
        }
    }
}

/// A stretch of consecutive days at one amount.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    /// The step number shown to people, from 1; it advances when the amount changes.
    pub number: u32,
    pub start: NaiveDate,
    /// Length in days (the zero step counts its follow-up days).
    pub days: u32,
    pub amount: Amount,
    /// Per-dose amounts, multiples of the increment, summing exactly to `amount`.
    pub doses: Vec<Amount>,
    /// How the step begins.
    pub note: DayNote,
}

impl Step {
    /// The last day of the step (the calendar's last day if it would run past it).
    pub fn end(&self) -> NaiveDate {
        self.start
            .checked_add_days(Days::new(u64::from(self.days.saturating_sub(1))))
            .unwrap_or(NaiveDate::MAX)
    }
}

/// One calendar day of the schedule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScheduleDay {
    pub date: NaiveDate,
    /// Day number from 1.
    pub day: u32,
    /// The step number shown to people.
    pub step: u32,
    /// Index into [`Schedule::steps`].
    pub segment: usize,
    pub amount: Amount,
    pub check_in: Option<CheckInKind>,
    pub note: DayNote,
}

/// A complete schedule: one entry per day from the start date through the stop date
/// (the first day at zero) and the follow-up days.
#[derive(Debug, Clone, PartialEq)]
pub struct Schedule {
    pub unit: Unit,
    pub start_date: NaiveDate,
    /// The first day at zero.
    pub stop_date: NaiveDate,
    pub steps: Vec<Step>,
    pub days: Vec<ScheduleDay>,
    pub check_ins: Vec<CheckIn>,
    /// Things the clinician must judge (large cuts, fast pace), each with its basis.
    pub warnings: Vec<Warning>,
    /// Plain explanations of adjustments the engine made (lengthened steps).
    pub notes: Vec<String>,
}

impl Schedule {
    /// The per-dose amounts on a day.
    pub fn doses(&self, day: &ScheduleDay) -> &[Amount] {
        &self.steps[day.segment].doses
    }

    /// The schedule entry for a date, if the date is in the schedule.
    pub fn day_at(&self, date: NaiveDate) -> Option<&ScheduleDay> {
        let index = (date - self.start_date).num_days();
        usize::try_from(index).ok().and_then(|i| self.days.get(i))
    }

    /// The planned amount on a date: the start amount before the plan, zero after it.
    pub fn planned_on(&self, date: NaiveDate) -> Amount {
        match self.day_at(date) {
            Some(day) => day.amount,
            None if date < self.start_date => self.steps.first().map_or(Amount::ZERO, |s| s.amount),
            None => Amount::ZERO,
        }
    }

    /// Number of taper days (start through the day before the stop date).
    pub fn taper_days(&self) -> u32 {
        (self.stop_date - self.start_date).num_days() as u32
    }

    /// The check-ins that fall within a step (its days in the schedule; for the last,
    /// zero step also those after the listed follow-up days).
    pub fn check_ins_in<'a>(&'a self, step: &'a Step) -> impl Iterator<Item = &'a CheckIn> + 'a {
        let is_last = self
            .steps
            .last()
            .is_some_and(|last| std::ptr::eq(last, step));
        self.check_ins
            .iter()
            .filter(move |c| c.date >= step.start && (is_last || c.date <= step.end()))
    }

    /// The next check-in on or after `date`.
    pub fn next_check_in(&self, date: NaiveDate) -> Option<CheckIn> {
        self.check_ins.iter().copied().find(|c| c.date >= date)
    }
}

/// Builds the schedule for validated inputs and their revisions (applied in order of
/// their effective dates). Invalid inputs return the error that names the field.
pub fn generate(inputs: &PlanInputs, revisions: &[Revision]) -> Result<Schedule, PlanError> {
    inputs.validate()?;
    let shaped = shape_levels(inputs);
    check_length(&shaped.levels, Field::Percent)?;
    let mut levels = shaped.levels;
    let mut ordered: Vec<&Revision> = revisions.iter().collect();
    ordered.sort_by_key(|r| r.effective);
    for rev in ordered {
        rev.validate(inputs)?;
        levels = revision::apply(&levels, inputs.start_date, rev, inputs.step_days);
        // After each one, so that many revisions never build up a huge list.
        check_length(&levels, Field::Revision)?;
    }
    let levels = crate::domain::levels::normalize(levels);
    let mut schedule = build(inputs, &levels)?;
    within_dates(&schedule)?;
    schedule.notes = shaped.notes;
    schedule.warnings = pace_warnings(inputs, &schedule);
    Ok(schedule)
}

/// Every day listed and every check-in within the one range of dates
/// ([`super::dates`]), so that the plan can be logged and visited to its end; the error
/// is the start date's, which moves the plan.
fn within_dates(schedule: &Schedule) -> Result<(), PlanError> {
    let last = schedule
        .days
        .iter()
        .map(|d| d.date)
        .chain(schedule.check_ins.iter().map(|c| c.date))
        .max()
        .unwrap_or(schedule.start_date);
    super::dates::check_span_end(last).map_err(|e| PlanError {
        field: Field::StartDate,
        message: e.to_string(),
    })
}

fn check_length(levels: &[Level], field: Field) -> Result<(), PlanError> {
    let days: u64 = levels.iter().map(|l| u64::from(l.days)).sum();
    if days > u64::from(MAX_LENGTH_DAYS) {
        return Err(PlanError {
            field,
            message: format!(
                "this plan would last {days} days; at most {MAX_LENGTH_DAYS} days (5 years) are allowed"
            ),
        });
    }
    Ok(())
}

/// `date` plus `days`, or the error that the plan runs past the end of the calendar
/// (never reached from validated inputs, whose dates end by 2200).
fn add_days(date: NaiveDate, days: u32) -> Result<NaiveDate, PlanError> {
    date.checked_add_days(Days::new(u64::from(days)))
        .ok_or_else(|| PlanError {
            field: Field::StartDate,
            message: format!("a plan from {date} would run past the last date of the calendar"),
        })
}

fn build(inputs: &PlanInputs, levels: &[Level]) -> Result<Schedule, PlanError> {
    let mut steps = Vec::with_capacity(levels.len() + 1);
    let mut date = inputs.start_date;
    let mut number = 0u32;
    let mut previous: Option<Amount> = None;
    let stop_step = Level::new(Amount::ZERO, inputs.follow_up_days + 1);
    for level in levels.iter().chain(std::iter::once(&stop_step)) {
        let note = match previous {
            None => DayNote::None,
            Some(_) if level.amount.is_zero() => DayNote::Stop,
            Some(p) if level.amount < p => DayNote::Reduction,
            Some(p) if level.amount > p => DayNote::Increase,
            Some(_) if level.hold => DayNote::Hold,
            Some(_) => DayNote::None,
        };
        if !matches!(note, DayNote::Hold | DayNote::None) || previous.is_none() {
            number += 1;
        }
        steps.push(Step {
            number,
            start: date,
            days: level.days,
            amount: level.amount,
            doses: split_doses(level.amount, inputs.increment, inputs.doses_per_day),
            note,
        });
        date = add_days(date, level.days)?;
        previous = Some(level.amount);
    }
    let stop_date = steps.last().map_or(inputs.start_date, |s| s.start);
    // The check-ins reach a week past the last listed day; make sure the calendar does.
    add_days(date, 7)?;
    let reductions: Vec<NaiveDate> = steps
        .iter()
        .filter(|s| matches!(s.note, DayNote::Reduction | DayNote::Stop))
        .map(|s| s.start)
        .collect();
    let check_ins = plan_check_ins(&CheckInInputs {
        start: inputs.start_date,
        stop: stop_date,
        visit_days: inputs.visit_days,
        clinic_days: inputs.clinic_days,
        reductions: &reductions,
    });
    let total: u32 = steps.iter().map(|s| s.days).sum();
    let mut days = Vec::with_capacity(total as usize);
    let mut check_iter = check_ins.iter().peekable();
    for (segment, step) in steps.iter().enumerate() {
        for offset in 0..step.days {
            let date = add_days(step.start, offset)?;
            while check_iter.peek().is_some_and(|c| c.date < date) {
                check_iter.next();
            }
            let check_in = check_iter.peek().filter(|c| c.date == date).map(|c| c.kind);
            days.push(ScheduleDay {
                date,
                day: days.len() as u32 + 1,
                step: step.number,
                segment,
                amount: step.amount,
                check_in,
                note: if offset == 0 {
                    step.note
                } else {
                    DayNote::None
                },
            });
        }
    }
    Ok(Schedule {
        unit: inputs.unit,
        start_date: inputs.start_date,
        stop_date,
        steps,
        days,
        check_ins,
        warnings: Vec::new(),
        notes: Vec::new(),
    })
}

/// Splits a daily amount into `doses` whole-increment doses that sum exactly to it;
/// the remainder goes to the earliest doses.
pub fn split_doses(amount: Amount, increment: Amount, doses: u8) -> Vec<Amount> {
    let inc = increment.milli().max(1);
    let n = i64::from(doses.max(1));
    let units = amount.milli() / inc;
    let leftover = amount.milli() % inc; // zero for validated plans
    (0..n)
        .map(|i| {
            let extra = if i < units % n { 1 } else { 0 };
            let milli = (units / n + extra) * inc + if i == 0 { leftover } else { 0 };
            Amount::from_milli(milli)
        })
        .collect()
}
