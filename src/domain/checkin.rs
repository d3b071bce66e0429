//! Check-in dates: clinician visits on clinic days, and a self check-in two days after
//! every reduction, when withdrawal from a cut is usually felt.

use chrono::{Datelike, Days, NaiveDate};
use serde::{Deserialize, Serialize};

use super::plan::WeekdaySet;

/// Who checks in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum CheckInKind {
    /// A visit with the clinician.
    Visit,
    /// The patient rates their symptoms and reports to the clinic.
    SelfCheck,
}

impl CheckInKind {
    /// The word used in CSV and on screen: `visit` or `self`.
    pub fn word(self) -> &'static str {
        match self {
            CheckInKind::Visit => "visit",
            CheckInKind::SelfCheck => "self",
        }
    }
}

/// One dated check-in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckIn {
    pub date: NaiveDate,
    pub kind: CheckInKind,
}

/// Days after a reduction that the self check-in falls on.
pub const SELF_CHECK_DELAY_DAYS: u64 = 2;
/// The follow-up visit is the earliest clinic day within this many days after the stop
/// date.
pub const FOLLOW_UP_WINDOW_DAYS: u64 = 7;

/// What the check-in calendar needs to know about a schedule.
pub struct CheckInInputs<'a> {
    pub start: NaiveDate,
    pub stop: NaiveDate,
    pub visit_days: u32,
    pub clinic_days: WeekdaySet,
    /// Days on which the amount fell (the stop date included).
    pub reductions: &'a [NaiveDate],
}

/// Every check-in, sorted by date; where a visit and a self check-in fall on one day,
/// the visit stands.
///
/// Visits: one every `visit_days` from the start, each moved to the nearest clinic day,
/// up to the follow-up, which is the earliest clinic day in the
/// [`FOLLOW_UP_WINDOW_DAYS`] days after the stop. The cadence visit that falls near the
/// stop is kept, so no two consecutive visits (the start counting as one) are more than
/// `visit_days` + 6 days apart through the follow-up: a cadence visit moves at most
/// three days either way. Dates past the calendar's end are left out, never a panic.
pub fn plan_check_ins(inputs: &CheckInInputs<'_>) -> Vec<CheckIn> {
    let follow_up = follow_up(inputs);
    let mut visits = cadence_visits(inputs, follow_up);
    visits.extend(follow_up.filter(|f| visits.last() != Some(f)));
    let mut all: Vec<CheckIn> = visits
        .iter()
        .map(|&date| CheckIn {
            date,
            kind: CheckInKind::Visit,
        })
        .collect();
    for reduction in inputs.reductions {
        let Some(date) = reduction.checked_add_days(Days::new(SELF_CHECK_DELAY_DAYS)) else {
            continue;
        };
        if !all.iter().any(|c| c.date == date) {
            all.push(CheckIn {
                date,
                kind: CheckInKind::SelfCheck,
            });
        }
    }
    all.sort_by_key(|c| (c.date, c.kind == CheckInKind::SelfCheck));
    all
}

/// The earliest clinic day in the days after the stop, if there is one.
fn follow_up(inputs: &CheckInInputs<'_>) -> Option<NaiveDate> {
    (1..=FOLLOW_UP_WINDOW_DAYS)
        .map_while(|n| inputs.stop.checked_add_days(Days::new(n)))
        .find(|d| inputs.clinic_days.contains(d.weekday()))
}

/// The visits every `visit_days` from the start, on clinic days, before the follow-up
/// (or, without one, up to the end of the follow-up window).
fn cadence_visits(inputs: &CheckInInputs<'_>, follow_up: Option<NaiveDate>) -> Vec<NaiveDate> {
    let end = follow_up.or_else(|| {
        inputs
            .stop
            .checked_add_days(Days::new(FOLLOW_UP_WINDOW_DAYS))
    });
    let Some(end) = end else {
        return Vec::new();
    };
    let step = u64::from(inputs.visit_days.max(1));
    let mut visits: Vec<NaiveDate> = Vec::new();
    let mut target = inputs.start.checked_add_days(Days::new(step));
    while let Some(t) = target.filter(|t| *t < end) {
        let date = nearest_clinic_day(inputs.clinic_days, t);
        if date > inputs.start && date <= end && visits.last() != Some(&date) {
            visits.push(date);
        }
        target = t.checked_add_days(Days::new(step));
    }
    visits
}

/// The nearest clinic day to `date` (the earlier on a tie), or `date` itself within
/// three days of the calendar's ends, where [`WeekdaySet::nearest`] could not look.
fn nearest_clinic_day(clinic_days: WeekdaySet, date: NaiveDate) -> NaiveDate {
    let room = Days::new(3);
    if date.checked_sub_days(room).is_some() && date.checked_add_days(room).is_some() {
        clinic_days.nearest(date)
    } else {
        date
    }
}
