//! From plan inputs to the list of levels (amount and how many days it lasts) that
//! each shape prescribes, before any revision.
//!
//! Every shape works on whole increments: the ideal curve is computed, each level is
//! rounded to the increment (never below one increment), and levels that rounding made
//! equal are merged into one longer step, which the plan then explains in a note.

use super::amount::Amount;
use super::plan::{Length, PlanInputs, Shape};

/// One stretch of days at one daily amount.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Level {
    pub amount: Amount,
    pub days: u32,
    /// A deliberate stay at the previous amount (a custom repeat or a clinician's hold),
    /// kept apart from its neighbour so its first day can be marked.
    pub hold: bool,
}

impl Level {
    /// A level that is not a hold.
    pub fn new(amount: Amount, days: u32) -> Level {
        Level {
            amount,
            days,
            hold: false,
        }
    }
}

/// Drops empty levels and joins neighbours of equal amount that are not holds (the
/// pieces a revision cut a step into).
pub fn normalize(levels: Vec<Level>) -> Vec<Level> {
    let mut out: Vec<Level> = Vec::with_capacity(levels.len());
    for level in levels.into_iter().filter(|l| l.days > 0) {
        match out.last_mut() {
            Some(last) if last.amount == level.amount && !level.hold => last.days += level.days,
            _ => out.push(level),
        }
    }
    out
}

/// The levels of a plan and the notes explaining adjustments made to fit them.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Levels {
    pub levels: Vec<Level>,
    pub notes: Vec<String>,
}

/// The ceiling on levels a rule may generate (a percent-per-step plan that would
/// need more is longer than five years and is rejected by the caller).
const MAX_LEVELS: usize = 2000;

/// The levels of a validated plan. Callers validate first; invalid inputs give
/// whatever levels are reachable, never a panic.
pub fn shape_levels(inputs: &PlanInputs) -> Levels {
    let mut levels = match inputs.shape {
        Shape::Custom => custom_levels(inputs),
        Shape::Linear => linear_levels(inputs),
        Shape::Proportional => match inputs.length {
            Length::PercentPerStep(p) => percent_levels(inputs, p.fraction()),
            _ => fitted_proportional_levels(inputs),
        },
        Shape::Cdc => cdc_levels(inputs),
    };
    if let Some(note) = one_step_taper(inputs) {
        levels.notes.push(note);
    }
    levels
}

/// The plan's start and jump-off amounts in whole increments, and its step length.
fn units(inputs: &PlanInputs) -> (i64, i64, u32) {
    let inc = inputs.increment.milli().max(1);
    let start_units = inputs.start_amount.milli() / inc;
    let jump_units = inputs.effective_jump_off().milli() / inc;
    (start_units, jump_units, inputs.step_days.max(1))
}

/// Says why a taper of a given length has a single step: its days between reductions
/// are more than half its length, so the amount never falls before the stop. The
/// command line and the plan editor refuse such input; a file that holds one still
/// loads, with this note.
pub fn one_step_taper(inputs: &PlanInputs) -> Option<String> {
    let Length::Days(days) = inputs.length else {
        return None;
    };
    if !matches!(inputs.shape, Shape::Linear | Shape::Proportional) {
        return None;
    }
    let step_days = inputs.step_days.max(1);
    (days / step_days < 2).then(|| {
        format!(
            "{step_days} days between reductions in a taper of {days} days leave a single step \
             and then the stop, with no reduction on the way; give at most {} days between \
             reductions or a longer taper",
            (days / 2).max(1)
        )
    })
}

/// The clinician's own steps, each lasting the step length; a repeat is a hold.
fn custom_levels(inputs: &PlanInputs) -> Levels {
    let step_days = inputs.step_days.max(1);
    Levels {
        levels: inputs
            .custom_steps_without_final_zero()
            .iter()
            .enumerate()
            .map(|(i, &amount)| Level {
                amount,
                days: step_days,
                hold: i > 0 && inputs.custom_steps[i - 1] == amount,
            })
            .collect(),
        notes: Vec::new(),
    }
}

/// Equal cuts of the start fitted to the length, at most one step per increment.
fn linear_levels(inputs: &PlanInputs) -> Levels {
    let (start_units, _, step_days) = units(inputs);
    let days = length_days(inputs);
    let wanted = (days / step_days).max(1);
    // Each cut must be at least one increment: at most one step per increment.
    let count = wanted
        .min(u32::try_from(start_units).unwrap_or(u32::MAX))
        .max(1);
    let ideal = (0..count).map(|i| {
        let remaining = i64::from(count - i);
        let n = i64::from(count);
        (2 * start_units * remaining + n) / (2 * n)
    });
    let mut levels = if count < wanted {
        fit(ideal, even_durations(days, count), inputs)
    } else {
        fit(ideal, durations(days, step_days, count), inputs)
    };
    if count < wanted {
        levels.notes.push(format!(
            "{} cannot fall in {wanted} steps of at least one increment ({}); the plan has {count} longer steps of about {} days instead",
            inputs.start_amount.with_unit(inputs.unit),
            inputs.increment.with_unit(inputs.unit),
            days / count
        ));
    }
    levels
}

/// The same share of the current amount cut every step until the jump-off.
fn percent_levels(inputs: &PlanInputs, fraction: f64) -> Levels {
    let (start_units, jump_units, step_days) = units(inputs);
    let units = descend(start_units as f64, jump_units, |a, _| a * (1.0 - fraction));
    let n = units.len();
    fit(units.into_iter(), vec![step_days; n], inputs)
}

/// A constant share per step, fitted so that the last step is the jump-off amount.
fn fitted_proportional_levels(inputs: &PlanInputs) -> Levels {
    let (start_units, jump_units, step_days) = units(inputs);
    let days = length_days(inputs);
    let count = (days / step_days).max(1);
    let ratio = if count > 1 && jump_units < start_units {
        (jump_units as f64 / start_units as f64).powf(1.0 / f64::from(count - 1))
    } else {
        1.0
    };
    let ideal = (0..count).map(|i| {
        if i + 1 == count && count > 1 {
            jump_units
        } else {
            (start_units as f64 * ratio.powi(i as i32)).round() as i64
        }
    });
    fit(ideal, durations(days, step_days, count), inputs)
}

/// CDC 2022's two phases: 10% of the original per step down to 30% of it, then 10% of
/// the remaining amount per step, until the jump-off.
fn cdc_levels(inputs: &PlanInputs) -> Levels {
    let (start_units, jump_units, step_days) = units(inputs);
    let start = start_units as f64;
    let units = descend(start, jump_units, |a, step| {
        if a > start * 0.3 + 1e-9 {
            (start * (1.0 - 0.1 * (step + 1) as f64)).max(start * 0.3)
        } else {
            a * 0.9
        }
    });
    let n = units.len();
    fit(units.into_iter(), vec![step_days; n], inputs)
}

/// The taper length in days for shapes that have one.
fn length_days(inputs: &PlanInputs) -> u32 {
    match inputs.length {
        Length::Days(d) => d.max(1),
        _ => inputs.step_days.max(1),
    }
}

/// `count` steps of `step_days` filling `days`; the remainder lengthens the last step,
/// the one closest to stopping.
fn durations(days: u32, step_days: u32, count: u32) -> Vec<u32> {
    let mut out = vec![step_days; count as usize];
    if let Some(last) = out.last_mut() {
        *last = days - step_days * (count - 1);
    }
    out
}

/// `count` steps sharing `days` as evenly as possible; later steps get the extra days.
fn even_durations(days: u32, count: u32) -> Vec<u32> {
    let (base, extra) = (days / count, days % count);
    (0..count)
        .map(|i| base + u32::from(i >= count - extra))
        .collect()
}

/// Follows a falling rule (in increments, unrounded) from `start` until the next value
/// would reach the jump-off, which then becomes the last level.
fn descend(start: f64, jump_units: i64, next: impl Fn(f64, usize) -> f64) -> Vec<i64> {
    let mut out = vec![start.round() as i64];
    let mut current = start;
    while out.len() < MAX_LEVELS {
        let candidate = next(current, out.len() - 1);
        if candidate <= jump_units as f64 + 1e-9 || candidate >= current {
            if jump_units < *out.last().unwrap_or(&0) {
                out.push(jump_units);
            }
            break;
        }
        current = candidate;
        out.push(candidate.round() as i64);
    }
    out
}

/// Turns ideal levels (in increments) and their durations into whole-increment levels,
/// at least one increment each, merging levels that rounding made equal.
fn fit(ideal: impl Iterator<Item = i64>, days: Vec<u32>, inputs: &PlanInputs) -> Levels {
    let inc = inputs.increment.milli().max(1);
    let mut levels: Vec<Level> = Vec::new();
    let mut merged = 0;
    for (units, days) in ideal.zip(days) {
        let amount = Amount::from_milli(units.max(1) * inc);
        match levels.last_mut() {
            Some(last) if last.amount <= amount => {
                last.days += days;
                merged += 1;
            }
            _ => levels.push(Level::new(amount, days)),
        }
    }
    let mut notes = Vec::new();
    if merged > 0 {
        notes.push(format!(
            "{merged} planned reduction(s) would have been smaller than one increment ({}); those steps were lengthened instead, so some steps last longer than {} days",
            inputs.increment.with_unit(inputs.unit),
            inputs.step_days
        ));
    }
    Levels { levels, notes }
}
