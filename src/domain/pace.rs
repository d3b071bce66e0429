//! Warnings about a plan: its pace over time, each single cut, the stop, the gaps
//! between visits, and a starting amount that looks like a typing slip. They inform the
//! clinician's judgement and never change the plan: each names its rule, the dates and
//! numbers that triggered it, and its basis in the published guidance
//! (clinical-basis.md). Where a threshold is the app's own convention, the warning says
//! so.

use chrono::NaiveDate;

use super::amount::{Amount, Unit};
use super::basis::{self, Basis};
use super::checkin::CheckInKind;
use super::plan::{PlanInputs, UseHistory};
use super::schedule::{DayNote, Schedule};

/// Which rule produced a warning (stable names, used in files, approvals and tests).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PaceRule {
    /// One reduction is larger than the configured maximum share of the current amount.
    LargeReduction,
    /// Over some window of days the plan falls faster than the pace basis for the
    /// patient's use history allows.
    FastPace,
    /// The last amount before zero is above the jump-off amount (and not above 10% of
    /// the start, which [`PaceRule::AbruptStop`] reports).
    HighFinalAmount,
    /// The plan stops from more than 10% of the starting amount.
    AbruptStop,
    /// Two consecutive visits (the start counts as one) are more than 28 days apart.
    SparseVisits,
    /// The starting amount is far outside what regular users report: check the unit.
    Plausibility,
}

impl PaceRule {
    /// Every rule, in the order [`pace_warnings`] runs them.
    pub const ALL: [PaceRule; 6] = [
        PaceRule::Plausibility,
        PaceRule::LargeReduction,
        PaceRule::FastPace,
        PaceRule::AbruptStop,
        PaceRule::HighFinalAmount,
        PaceRule::SparseVisits,
    ];

    /// The rule's stable name.
    pub fn name(self) -> &'static str {
        match self {
            PaceRule::LargeReduction => "large-reduction",
            PaceRule::FastPace => "fast-pace",
            PaceRule::HighFinalAmount => "high-final-amount",
            PaceRule::AbruptStop => "abrupt-stop",
            PaceRule::SparseVisits => "sparse-visits",
            PaceRule::Plausibility => "plausibility",
        }
    }
}

/// A warning about the plan, with its basis.
#[derive(Debug, Clone, PartialEq)]
pub struct Warning {
    pub rule: PaceRule,
    /// The day it concerns, where there is one.
    pub date: Option<NaiveDate>,
    /// What was found, with the dates and numbers.
    pub message: String,
    /// Why it matters: the guidance it comes from.
    pub basis: Vec<Basis>,
}

impl Warning {
    /// "rule: message", the form in which an approval names the warnings the clinician
    /// confirmed (the numbers in it make it specific to this plan).
    pub fn summary(&self) -> String {
        format!("{}: {}", self.rule.name(), self.message)
    }
}

/// The stop is judged against 10% of the starting amount: the app's own convention
/// (the default jump-off amount), since no guideline gives a kratom-specific last dose.
pub const ABRUPT_STOP_SHARE_PERCENT: i64 = 10;

/// Visits more than 28 days apart warn: CDC 2022 asks for follow-up at least monthly,
/// and four weeks is the shortest month.
pub const MAX_VISIT_GAP_DAYS: i64 = 28;

/// When the use history is not known: no more than 25% in any 14 days (ASAM 2025
/// "usually no more than 25% every 2 weeks"; FDA labeling 10–25% every 2–4 weeks).
pub const UNKNOWN_WINDOW_DAYS: u32 = 14;
/// The share of the amount at the window's start that may go in [`UNKNOWN_WINDOW_DAYS`].
pub const UNKNOWN_MAX_PERCENT: i64 = 25;

/// After weeks to months of use, CDC 2022's weekly pace: 10% of the original amount a
/// week until 30% remains, then 10% of the remaining amount a week.
pub const SHORT_WINDOW_DAYS: u32 = 7;
/// The share cut per week under CDC 2022's pace for weeks to months of use.
pub const SHORT_WEEKLY_PERCENT: i64 = 10;
/// Where CDC 2022's first phase ends: 30% of the original amount.
pub const SHORT_PHASE_ONE_FLOOR_PERCENT: i64 = 30;

/// After a year or more of use, CDC 2022's "about 10% per month or slower", judged over
/// any 28 days (four weeks, so that a plan cutting 10% every four weeks passes).
pub const LONG_WINDOW_DAYS: u32 = 28;
/// The share of the current amount CDC 2022 allows per month after long use.
pub const LONG_MONTHLY_PERCENT: i64 = 10;

/// Starting amounts above 50 g a day warn. No published cut-off exists: this is the
/// app's own reading of the surveys in clinical-basis.md ("Amounts": most users take
/// 1–3 g a dose, 2–3 doses a day; clinic patients from under 20 g to over 40 g a day),
/// at the top of the 40–50 g that clinical-basis.md names. A likely unit mix-up.
pub const PLAUSIBLE_MAX_MILLIGRAMS: i64 = 50_000;
/// Starting amounts below 0.1 g a day warn, for the same reason (a likely unit mix-up).
pub const PLAUSIBLE_MIN_MILLIGRAMS: i64 = 100;

/// Every warning for a built schedule, in [`PaceRule::ALL`] order.
pub fn pace_warnings(inputs: &PlanInputs, schedule: &Schedule) -> Vec<Warning> {
    let mut warnings: Vec<Warning> = Vec::new();
    warnings.extend(plausibility(inputs));
    warnings.extend(large_reductions(inputs, schedule));
    warnings.extend(fast_pace(inputs, schedule));
    let abrupt = abrupt_stop(inputs, schedule);
    let stops_abruptly = abrupt.is_some();
    warnings.extend(abrupt);
    if !stops_abruptly {
        warnings.extend(high_final_amount(inputs, schedule));
    }
    warnings.extend(sparse_visits(schedule));
    warnings
}

/// `part` as a share of `whole`, rounded to one decimal (half up): "16.7%", "25%".
pub fn percent_text(part: Amount, whole: Amount) -> String {
    let tenths = share_tenths(part, whole);
    if tenths % 10 == 0 {
        format!("{}%", tenths / 10)
    } else {
        format!("{}.{}%", tenths / 10, tenths % 10)
    }
}

/// `part / whole` in tenths of a percent, rounded half up; zero when `whole` is zero.
fn share_tenths(part: Amount, whole: Amount) -> i64 {
    let (part, whole) = (i128::from(part.milli()), i128::from(whole.milli()));
    if whole <= 0 {
        return 0;
    }
    let tenths = (part * 2000 + whole) / (2 * whole);
    i64::try_from(tenths).unwrap_or(i64::MAX)
}

/// Each reduction larger than the configured maximum cut of the current amount.
fn large_reductions(inputs: &PlanInputs, schedule: &Schedule) -> Vec<Warning> {
    let unit = inputs.unit;
    schedule
        .steps
        .windows(2)
        .filter(|pair| pair[1].note == DayNote::Reduction)
        .filter_map(|pair| {
            let (before, after) = (&pair[0], &pair[1]);
            let cut = before.amount - after.amount;
            // cut / before > max_cut, exactly: cut × 1000 > max_cut (tenths) × before.
            let over = i128::from(cut.milli()) * 1000
                > i128::from(inputs.max_cut.0) * i128::from(before.amount.milli());
            over.then(|| Warning {
                rule: PaceRule::LargeReduction,
                date: Some(after.start),
                message: format!(
                    "{}: {} to {} cuts {} of the current amount, more than the {} maximum \
                     set for this plan",
                    after.start,
                    before.amount.with_unit(unit),
                    after.amount.with_unit(unit),
                    percent_text(cut, before.amount),
                    inputs.max_cut
                ),
                basis: vec![basis::FDA_LABELING_2019, basis::ASAM_2025],
            })
        })
        .collect()
}

/// The pace limit that fits the patient's use history: how many days a window spans,
/// how much may go in it, and the words and sources the warning cites.
struct PaceLimit {
    window_days: u32,
    /// The share that may go in one window, in percent.
    percent: i64,
    /// CDC 2022's first phase: while the amount is above this (thousandths), the share
    /// is of the original amount rather than of the current one.
    of_start_above: Option<i64>,
    start: i64,
    /// Added to the allowed cut for rounding to the increment (thousandths).
    tolerance: i64,
    /// The limit in words, naming its source.
    words: String,
    basis: Vec<Basis>,
}

impl PaceLimit {
    fn for_plan(inputs: &PlanInputs) -> PaceLimit {
        let start = inputs.start_amount.milli();
        let increment = inputs.increment.milli();
        let rounding = format!(
            ", allowing one increment ({}) for rounding",
            inputs.increment.with_unit(inputs.unit)
        );
        match inputs.use_history {
            UseHistory::Short => PaceLimit {
                window_days: SHORT_WINDOW_DAYS,
                percent: SHORT_WEEKLY_PERCENT,
                of_start_above: Some(start * SHORT_PHASE_ONE_FLOOR_PERCENT / 100),
                start,
                tolerance: increment,
                words: format!(
                    "CDC 2022's pace after weeks to months of use (10% of the original amount \
                     a week until 30% remains, then 10% of the remaining amount a week{rounding})"
                ),
                basis: vec![basis::CDC_2022_PACE],
            },
            UseHistory::Long => PaceLimit {
                window_days: LONG_WINDOW_DAYS,
                percent: LONG_MONTHLY_PERCENT,
                of_start_above: None,
                start,
                tolerance: increment,
                words: format!(
                    "CDC 2022's pace after a year or more of use (about 10% of the current \
                     amount a month, judged over any {LONG_WINDOW_DAYS} days{rounding})"
                ),
                basis: vec![basis::CDC_2022_PACE, basis::VA_DOD_2017],
            },
            UseHistory::Unknown => PaceLimit {
                window_days: UNKNOWN_WINDOW_DAYS,
                percent: UNKNOWN_MAX_PERCENT,
                of_start_above: None,
                start,
                tolerance: 0,
                words: format!(
                    "the {UNKNOWN_MAX_PERCENT}% in any {UNKNOWN_WINDOW_DAYS} days of ASAM 2025 \
                     (usually no more than 25% every 2 weeks) and FDA labeling (10–25% every \
                     2–4 weeks), used because the use history is not known"
                ),
                basis: vec![basis::ASAM_2025, basis::FDA_LABELING_2019],
            },
        }
    }

    /// The amount the share is taken of, for a window starting at `at` (thousandths).
    fn base(&self, at: i64) -> i64 {
        match self.of_start_above {
            Some(floor) if at > floor => self.start,
            _ => at,
        }
    }

    /// True when cutting `cut` in one window that starts at `at` is faster than allowed
    /// (compared exactly, in integers).
    fn exceeded_by(&self, at: i64, cut: i64) -> bool {
        i128::from(cut) * 100
            > i128::from(self.base(at)) * i128::from(self.percent)
                + i128::from(self.tolerance) * 100
    }

    /// The largest cut allowed in one window from `at`, for the message.
    fn allowed(&self, at: i64) -> Amount {
        Amount::from_milli(self.base(at) * self.percent / 100 + self.tolerance)
    }
}

/// The plan judged over time: for every day before the stop, the fall to the amount a
/// window later (or on the last day before the stop, if that is sooner) is compared
/// with the limit for the use history. The stop itself is judged by
/// [`PaceRule::AbruptStop`]. One warning names the window that exceeds the limit by the
/// largest share of its starting amount (the earliest of equals).
fn fast_pace(inputs: &PlanInputs, schedule: &Schedule) -> Option<Warning> {
    let limit = PaceLimit::for_plan(inputs);
    let taper: Vec<(NaiveDate, Amount)> = schedule
        .days
        .iter()
        .take_while(|d| d.date < schedule.stop_date)
        .map(|d| (d.date, d.amount))
        .collect();
    let last = taper.len().checked_sub(1)?;
    let window = limit.window_days as usize;
    let mut worst: Option<(i64, usize, usize)> = None;
    for (i, &(_, from)) in taper.iter().enumerate() {
        let j = (i + window).min(last);
        let cut = from.milli() - taper[j].1.milli();
        if !limit.exceeded_by(from.milli(), cut) {
            continue;
        }
        let share = share_tenths(Amount::from_milli(cut), from);
        if worst.is_none_or(|(s, _, _)| share > s) {
            worst = Some((share, i, j));
        }
    }
    let (_, i, j) = worst?;
    let unit = inputs.unit;
    let ((from_date, from), (to_date, to)) = (taper[i], taper[j]);
    let days = (to_date - from_date).num_days();
    Some(Warning {
        rule: PaceRule::FastPace,
        date: Some(to_date),
        message: format!(
            "from {from_date} to {to_date} the plan falls from {} to {}, {} of the amount in \
             {days} days, faster than {}: at most {} in {} days from {}",
            from.with_unit(unit),
            to.with_unit(unit),
            percent_text(from - to, from),
            limit.words,
            limit.allowed(from.milli()).with_unit(unit),
            limit.window_days,
            from.with_unit(unit),
        ),
        basis: limit.basis,
    })
}

/// The last amount before zero, and the day the plan stops.
fn last_before_stop(schedule: &Schedule) -> Option<Amount> {
    schedule
        .days
        .iter()
        .take_while(|d| d.date < schedule.stop_date)
        .last()
        .map(|d| d.amount)
}

/// The stop is a reduction too: stopping from more than 10% of the start warns,
/// whatever jump-off was typed.
fn abrupt_stop(inputs: &PlanInputs, schedule: &Schedule) -> Option<Warning> {
    let last = last_before_stop(schedule)?;
    let start = inputs.start_amount;
    let above = i128::from(last.milli()) * 100
        > i128::from(start.milli()) * i128::from(ABRUPT_STOP_SHARE_PERCENT);
    if !above {
        return None;
    }
    let unit = inputs.unit;
    Some(Warning {
        rule: PaceRule::AbruptStop,
        date: Some(schedule.stop_date),
        message: format!(
            "the plan stops on {} from {} a day, {} of the starting amount of {}: more than \
             {ABRUPT_STOP_SHARE_PERCENT}% of the start (the app's own convention, its default \
             jump-off amount); consider a lower last amount before stopping",
            schedule.stop_date,
            last.with_unit(unit),
            percent_text(last, start),
            start.with_unit(unit),
        ),
        basis: vec![basis::CDC_2022_PACE, basis::HOROWITZ_TAYLOR_2019],
    })
}

/// The last amount before zero is above the jump-off amount in force.
fn high_final_amount(inputs: &PlanInputs, schedule: &Schedule) -> Option<Warning> {
    let last = last_before_stop(schedule)?;
    let jump_off = inputs.effective_jump_off();
    (last > jump_off).then(|| Warning {
        rule: PaceRule::HighFinalAmount,
        date: Some(schedule.stop_date),
        message: format!(
            "the last amount before stopping on {} is {}, above the jump-off amount of {}",
            schedule.stop_date,
            last.with_unit(inputs.unit),
            jump_off.with_unit(inputs.unit)
        ),
        basis: vec![basis::HOROWITZ_TAYLOR_2019],
    })
}

/// The longest gap between consecutive visits, the start counting as the first, through
/// the follow-up; a warning when it is over [`MAX_VISIT_GAP_DAYS`].
fn sparse_visits(schedule: &Schedule) -> Option<Warning> {
    let visits = std::iter::once(schedule.start_date).chain(
        schedule
            .check_ins
            .iter()
            .filter(|c| c.kind == CheckInKind::Visit)
            .map(|c| c.date),
    );
    let dates: Vec<NaiveDate> = visits.collect();
    let (from, to) = dates
        .windows(2)
        .map(|w| (w[0], w[1]))
        .max_by_key(|(a, b)| ((*b - *a).num_days(), std::cmp::Reverse(*a)))?;
    let gap = (to - from).num_days();
    let what = if from == schedule.start_date {
        "the start of the plan"
    } else {
        "the visit"
    };
    (gap > MAX_VISIT_GAP_DAYS).then(|| Warning {
        rule: PaceRule::SparseVisits,
        date: Some(to),
        message: format!(
            "{gap} days pass between {what} on {from} and the next visit on {to}, more than \
             the {MAX_VISIT_GAP_DAYS} days of follow-up at least monthly; choose fewer days \
             between visits"
        ),
        basis: vec![basis::CDC_2022_PACE],
    })
}

/// A starting amount in g or mg far above or below what regular users report.
fn plausibility(inputs: &PlanInputs) -> Option<Warning> {
    let milligrams = match inputs.unit {
        Unit::G => i128::from(inputs.start_amount.milli()),
        Unit::Mg => i128::from(inputs.start_amount.milli()) / 1000,
        // Liquids and extracts vary too much in strength for a threshold.
        Unit::Ml => return None,
    };
    let in_unit = |mg: i64| match inputs.unit {
        Unit::Mg => Amount::from_milli(mg * 1000).with_unit(Unit::Mg),
        _ => Amount::from_milli(mg).with_unit(Unit::G),
    };
    let (side, threshold) = if milligrams > i128::from(PLAUSIBLE_MAX_MILLIGRAMS) {
        ("above", PLAUSIBLE_MAX_MILLIGRAMS)
    } else if milligrams < i128::from(PLAUSIBLE_MIN_MILLIGRAMS) {
        ("below", PLAUSIBLE_MIN_MILLIGRAMS)
    } else {
        return None;
    };
    Some(Warning {
        rule: PaceRule::Plausibility,
        date: None,
        message: format!(
            "the starting amount of {} a day is {side} {} a day, far from what regular kratom \
             users report (most commonly 1–3 g a dose, 2–3 doses a day; clinic patients from \
             under 20 g to over 40 g a day): check the amount and unit. The threshold is this \
             app's own reading of those surveys, not a guideline",
            inputs.start_amount.with_unit(inputs.unit),
            in_unit(threshold),
        ),
        basis: vec![
            basis::GARCIA_ROMEU_2020,
            basis::SMITH_2024,
            basis::WEISS_DOUGLAS_2021,
        ],
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentages_round_to_one_decimal() {
        let g = Amount::from_milli;
        assert_eq!(percent_text(g(2_000), g(12_000)), "16.7%");
        assert_eq!(percent_text(g(1_000), g(4_000)), "25%");
        assert_eq!(percent_text(g(1_000), g(3_000)), "33.3%");
        assert_eq!(percent_text(g(2_000), g(3_000)), "66.7%");
        assert_eq!(percent_text(g(1), g(2_000)), "0.1%", "0.05% rounds up");
        assert_eq!(percent_text(g(1), g(0)), "0%");
    }
}
