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
/// The follow-up visit falls within this many days after the stop date.
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
pub fn plan_check_ins(inputs: &CheckInInputs<'_>) -> Vec<CheckIn> {
    let mut visits: Vec<NaiveDate> = Vec::new();
    let step = u64::from(inputs.visit_days.max(1));
    let mut target = inputs.start + Days::new(step);
    while target < inputs.stop {
        let date = inputs.clinic_days.nearest(target);
        if date > inputs.start && visits.last() != Some(&date) {
            visits.push(date);
        }
        target = target + Days::new(step);
    }
    let window_end = inputs.stop + Days::new(FOLLOW_UP_WINDOW_DAYS);
    if !visits.iter().any(|d| *d > inputs.stop && *d <= window_end) {
        let follow_up = (1..=FOLLOW_UP_WINDOW_DAYS)
            .rev()
            .map(|n| inputs.stop + Days::new(n))
            .find(|d| inputs.clinic_days.contains(d.weekday()));
        visits.extend(follow_up);
    }
    let mut all: Vec<CheckIn> = visits
        .iter()
        .map(|&date| CheckIn {
            date,
            kind: CheckInKind::Visit,
        })
        .collect();
    for reduction in inputs.reductions {
        let date = *reduction + Days::new(SELF_CHECK_DELAY_DAYS);
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
