//! Warnings about the pace of a schedule. They inform the clinician's judgement and
//! never change the plan: each names its rule, the data that triggered it, and its
//! basis in the published guidance (clinical-basis.md).

use chrono::NaiveDate;

use super::amount::Amount;
use super::basis::{self, Basis};
use super::plan::PlanInputs;
use super::schedule::{DayNote, Schedule};

/// Which rule produced a warning (stable names, used in files and tests).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PaceRule {
    /// One reduction is larger than the configured maximum share of the current amount.
    LargeReduction,
    /// On average the plan cuts more than 10% of the original amount per week.
    FastPace,
    /// The last amount before zero is above the jump-off amount.
    HighFinalAmount,
}

impl PaceRule {
    /// The rule's stable name.
    pub fn name(self) -> &'static str {
        match self {
            PaceRule::LargeReduction => "large-reduction",
            PaceRule::FastPace => "fast-pace",
            PaceRule::HighFinalAmount => "high-final-amount",
        }
    }
}

/// A warning about the plan, with its basis.
#[derive(Debug, Clone, PartialEq)]
pub struct Warning {
    pub rule: PaceRule,
    /// The day it concerns, where there is one.
    pub date: Option<NaiveDate>,
    /// What was found, with the numbers.
    pub message: String,
    /// Why it matters: the guidance it comes from.
    pub basis: Vec<Basis>,
}

/// The fastest average pace the app lets pass without a warning: 10% of the original
/// amount per week (the faster of CDC 2022's two tapers).
const MAX_WEEKLY_SHARE_TENTHS: i64 = 100;

/// Every pace warning for a built schedule.
pub fn pace_warnings(inputs: &PlanInputs, schedule: &Schedule) -> Vec<Warning> {
    let unit = inputs.unit;
    let mut warnings = Vec::new();
    for pair in schedule.steps.windows(2) {
        let (before, after) = (&pair[0], &pair[1]);
        if after.note != DayNote::Reduction {
            continue;
        }
        let cut = before.amount - after.amount;
        let share = Amount::percent_of(cut, before.amount);
        if share * 10.0 > f64::from(inputs.max_cut.0) + 1e-9 {
            warnings.push(Warning {
                rule: PaceRule::LargeReduction,
                date: Some(after.start),
                message: format!(
                    "{}: {} to {} cuts {:.0}% of the current amount, more than the {} maximum",
                    after.start,
                    before.amount.with_unit(unit),
                    after.amount.with_unit(unit),
                    share,
                    inputs.max_cut
                ),
                basis: vec![basis::FDA_LABELING_2019, basis::ASAM_2025],
            });
        }
    }
    let weeks_milli = i64::from(schedule.taper_days()) * 1000 / 7;
    let start = inputs.start_amount.milli();
    // Cut per week as tenths of a percent of the start: start / weeks / start.
    if weeks_milli > 0 && start > 0 {
        let weekly_tenths = 1_000_000 / weeks_milli;
        if weekly_tenths > MAX_WEEKLY_SHARE_TENTHS {
            warnings.push(Warning {
                rule: PaceRule::FastPace,
                date: None,
                message: format!(
                    "stopping {} a day in {} days cuts on average {:.1}% of the starting amount per week, faster than 10% per week",
                    inputs.start_amount.with_unit(unit),
                    schedule.taper_days(),
                    weekly_tenths as f64 / 10.0
                ),
                basis: vec![basis::CDC_2022_PACE, basis::VA_DOD_2017],
            });
        }
    }
    let final_step = schedule.steps.iter().rev().find(|s| !s.amount.is_zero());
    if let Some(last) = final_step {
        let jump_off = inputs.effective_jump_off();
        if last.amount > jump_off {
            warnings.push(Warning {
                rule: PaceRule::HighFinalAmount,
                date: Some(schedule.stop_date),
                message: format!(
                    "the last amount before stopping is {}, above the jump-off amount of {}",
                    last.amount.with_unit(unit),
                    jump_off.with_unit(unit)
                ),
                basis: vec![basis::HOROWITZ_TAYLOR_2019],
            });
        }
    }
    warnings
}
