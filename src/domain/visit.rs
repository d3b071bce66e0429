//! Clinician visits: the decision, its reason and who made it, so the record shows
//! that a person decided, not the app.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::amount::Amount;
use super::identity::ItemMeta;
use super::instrument::InstrumentScore;
use super::journal::JournalError;
use super::revision::Change;
use super::rules::Acknowledged;

/// What the clinician decided at a visit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Decision {
    /// Keep following the plan.
    Continue,
    /// Pause at the current amount.
    Hold,
    /// Lengthen the steps.
    SlowDown,
    /// Change the amounts or the shape.
    Adjust,
    /// End the taper (reached zero, or stopped for another reason).
    Stop,
}

impl Decision {
    /// Every decision, in the order the visit screen offers them.
    pub const ALL: [Decision; 5] = [
        Decision::Continue,
        Decision::Hold,
        Decision::SlowDown,
        Decision::Adjust,
        Decision::Stop,
    ];

    /// The command-line name and the label on screen, in one exhaustive match.
    fn names(self) -> (&'static str, &'static str) {
        match self {
            Decision::Continue => ("continue", "Continue"),
            Decision::Hold => ("hold", "Hold"),
            Decision::SlowDown => ("slow-down", "Slow down"),
            Decision::Adjust => ("set-amount", "Adjust"),
            Decision::Stop => ("stop", "Stop"),
        }
    }

    /// The name used on the command line (`--decision slow-down`).
    pub fn cli_name(self) -> &'static str {
        self.names().0
    }

    /// The decision with this command-line name (case-insensitive); "adjust" is the
    /// older name of "set-amount" and still accepted.
    pub fn from_cli_name(name: &str) -> Option<Decision> {
        let name = name.trim();
        if name.eq_ignore_ascii_case("adjust") {
            return Some(Decision::Adjust);
        }
        Decision::ALL
            .into_iter()
            .find(|d| d.cli_name().eq_ignore_ascii_case(name))
    }

    /// The label on screen and in reports.
    pub fn label(self) -> &'static str {
        self.names().1
    }

    /// True for the decisions that need a number of days (hold, slow down).
    pub fn takes_days(self) -> bool {
        matches!(self, Decision::Hold | Decision::SlowDown)
    }

    /// The days a decision that takes them starts from, as the visit form fills them
    /// in: a one-week hold ([`HOLD_SUGGESTION_DAYS`](super::rules::HOLD_SUGGESTION_DAYS)),
    /// two-week steps.
    pub fn default_days(self) -> u32 {
        match self {
            Decision::SlowDown => 14,
            _ => super::rules::HOLD_SUGGESTION_DAYS,
        }
    }

    /// The plan change the decision makes, with its days (hold, slow down) or amount
    /// (set amount; zero is the stop's, so it is refused here); `None` for continue.
    /// The Visit screen and `visit` both build revisions with it.
    pub fn change(self, days: u32, amount: Amount) -> Result<Option<Change>, String> {
        if self.takes_days() && !(1..=MAX_DECISION_DAYS).contains(&days) {
            return Err(format!(
                "enter a whole number of days from 1 to {MAX_DECISION_DAYS}"
            ));
        }
        Ok(match self {
            Decision::Continue => None,
            Decision::Hold => Some(Change::Hold { days }),
            Decision::SlowDown => Some(Change::SlowDown { step_days: days }),
            Decision::Adjust if amount.is_zero() => {
                return Err("0 ends the taper; choose stop for that".to_string());
            }
            Decision::Adjust => Some(Change::SetAmount { amount }),
            Decision::Stop => Some(Change::SetAmount {
                amount: Amount::ZERO,
            }),
        })
    }
}

/// The longest hold or step a visit's decision sets, in days (a year).
pub const MAX_DECISION_DAYS: u32 = 365;

/// A clinician visit: the COWS score if taken, and the decision with its reason and
/// who made it, so the record shows that a person decided, not the app.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Visit {
    pub date: NaiveDate,
    #[serde(default)]
    pub cows: Option<InstrumentScore>,
    pub decision: Decision,
    #[serde(default)]
    pub reason: String,
    pub decided_by: String,
    /// Its id, who recorded it and when, for merging copies.
    #[serde(default)]
    pub meta: ItemMeta,
    /// The alerts the clinician saw at this visit. A red flag or a hold request stays an
    /// alert, however old, until a visit lists it here. Not written when empty, so a
    /// visit without acknowledgements reads exactly as format 3 always wrote it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub acknowledged: Vec<Acknowledged>,
}

impl Visit {
    /// What the audit list says of the visit: the decision, its reason and the alerts
    /// it acknowledged.
    pub fn describe(&self) -> String {
        let mut text = format!(
            "recorded the visit of {}: {}",
            self.date,
            self.decision.label()
        );
        if !self.reason.trim().is_empty() {
            text.push_str(&format!(" ({})", self.reason.trim()));
        }
        if !self.acknowledged.is_empty() {
            let seen: Vec<String> = self
                .acknowledged
                .iter()
                .map(|a| format!("{} of {}", a.rule.name(), a.date))
                .collect();
            text.push_str(&format!("; acknowledged {}", seen.join(", ")));
        }
        text
    }

    /// A visit needs a date in the allowed range, the decider's name, and a reason for
    /// anything but "continue".
    pub fn validate(&self) -> Result<(), JournalError> {
        JournalError::check_date("date", self.date)?;
        if self.decided_by.trim().is_empty() {
            return Err(JournalError::MissingDecidedBy);
        }
        if self.decision != Decision::Continue && self.reason.trim().is_empty() {
            return Err(JournalError::MissingReason(self.decision));
        }
        Ok(())
    }
}
