//! Dated changes a clinician makes to an approved plan. A revision changes only the
//! days from its effective date on; everything before it stays exactly as planned.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::amount::Amount;
use super::identity::ItemMeta;
use super::levels::{Level, normalize};
use super::plan::{Field, PlanError, PlanInputs};

/// The longest hold, and the longest step a slow-down may set, in days.
pub const MAX_REVISION_DAYS: u32 = 365;

/// One dated change to the plan, with who made it and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Revision {
    /// The first day the change applies to.
    pub effective: NaiveDate,
    /// What changes.
    pub change: Change,
    /// Why (shown in the history and the audit list).
    pub reason: String,
    /// Who decided.
    pub decided_by: String,
    /// Its id, who made it and when, for merging copies.
    #[serde(default)]
    pub meta: ItemMeta,
}

impl Revision {
    /// Checks the revision against the plan it revises, with the limits of the
    /// revision form; the error names the field.
    pub fn validate(&self, inputs: &PlanInputs) -> Result<(), PlanError> {
        let err = |message: String| {
            Err(PlanError {
                field: Field::Revision,
                message,
            })
        };
        if let Err(e) = super::dates::check(self.effective) {
            return err(format!("effective: {e}"));
        }
        if self.effective < inputs.start_date {
            return err(format!(
                "effective: the revision's date {} is before the plan starts ({})",
                self.effective, inputs.start_date
            ));
        }
        let days = 1..=MAX_REVISION_DAYS;
        match self.change {
            Change::Hold { days: n } if !days.contains(&n) => err(format!(
                "change: a hold must last 1 to {MAX_REVISION_DAYS} days"
            )),
            Change::SlowDown { step_days } if !days.contains(&step_days) => err(format!(
                "change: days per step must be 1 to {MAX_REVISION_DAYS}"
            )),
            Change::SetAmount { amount } if !amount.is_multiple_of(inputs.increment) => {
                err(format!(
                    "change: the new amount must be a whole number of increments of {}",
                    inputs.increment.with_unit(inputs.unit)
                ))
            }
            Change::SetAmount { amount }
                if amount.milli() > inputs.start_amount.milli().saturating_mul(4) =>
            {
                err("change: the new amount is more than four times the starting amount".into())
            }
            _ => Ok(()),
        }
    }
}

/// The kinds of change a clinician makes at a visit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum Change {
    /// Stay at the amount in force before the effective date for this many days, then
    /// resume the taper where it was; the stop date moves by the same number of days.
    Hold { days: u32 },
    /// From the effective date, each later step lasts this many days.
    SlowDown { step_days: u32 },
    /// From the effective date the amount is this (higher is allowed: returning to an
    /// earlier amount is accepted practice); the taper resumes with the planned
    /// amounts below it.
    SetAmount { amount: Amount },
}

impl Change {
    /// A short description for lists and the audit trail.
    pub fn describe(&self, unit: super::amount::Unit) -> String {
        match self {
            Change::Hold { days } => format!("hold for {days} days"),
            Change::SlowDown { step_days } => format!("slow down to {step_days} days per step"),
            Change::SetAmount { amount } => format!("set the amount to {}", amount.with_unit(unit)),
        }
    }
}

/// Applies one revision to levels that begin on `start`. Days before the effective date
/// are untouched; an effective date past the end changes nothing.
pub fn apply(
    levels: &[Level],
    start: NaiveDate,
    revision: &Revision,
    step_days: u32,
) -> Vec<Level> {
    let offset = (revision.effective - start).num_days();
    let total: i64 = levels.iter().map(|l| i64::from(l.days)).sum();
    if offset < 0 || offset >= total {
        return levels.to_vec();
    }
    let (mut head, tail, split) = split_at_day(levels, offset as u32);
    let before = head
        .last()
        .map(|l| l.amount)
        .or_else(|| tail.first().map(|l| l.amount));
    match revision.change {
        Change::Hold { days } => {
            if let Some(amount) = before {
                head.push(Level {
                    amount,
                    days,
                    hold: true,
                });
            }
            head.extend(tail);
        }
        Change::SlowDown {
            step_days: new_days,
        } => {
            let mut tail = tail.into_iter();
            // The step in force on the effective date finishes as planned.
            if let Some(first) = tail.next() {
                head.push(first);
            }
            head.extend(tail.map(|l| Level {
                days: l.days.max(new_days),
                ..l
            }));
        }
        Change::SetAmount { amount } => {
            // Zero stops the taper on the effective date.
            if !amount.is_zero() {
                head.push(Level::new(amount, step_days.max(1)));
                // The step in force ends; the planned steps below the new amount follow.
                let rest = tail.into_iter().skip(usize::from(split));
                head.extend(rest.skip_while(|l| l.amount >= amount));
            }
        }
    }
    normalize(head)
}

/// Splits levels into those before day `offset` (0-based) and those from it on,
/// cutting the level that spans it in two (then the flag is true).
fn split_at_day(levels: &[Level], offset: u32) -> (Vec<Level>, Vec<Level>, bool) {
    let mut head = Vec::new();
    let mut tail = Vec::new();
    let mut day = 0u32;
    let mut split = false;
    for level in levels {
        let end = day + level.days;
        if end <= offset {
            head.push(*level);
        } else if day >= offset {
            tail.push(*level);
        } else {
            head.push(Level {
                days: offset - day,
                ..*level
            });
            tail.push(Level {
                days: end - offset,
                hold: false,
                ..*level
            });
            split = true;
        }
        day = end;
    }
    (head, tail, split)
}
