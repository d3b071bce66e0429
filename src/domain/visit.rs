//! Clinician visits: the decision, its reason and who made it, so the record shows
//! that a person decided, not the app.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::identity::ItemMeta;
use super::instrument::InstrumentScore;
use super::journal::JournalError;

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
            Decision::Adjust => ("adjust", "Adjust"),
            Decision::Stop => ("stop", "Stop"),
        }
    }

    /// The name used on the command line (`--decision slow-down`).
    pub fn cli_name(self) -> &'static str {
        self.names().0
    }

    /// The decision with this command-line name (case-insensitive).
    pub fn from_cli_name(name: &str) -> Option<Decision> {
        let name = name.trim();
        Decision::ALL
            .into_iter()
            .find(|d| d.cli_name().eq_ignore_ascii_case(name))
    }

    /// The label on screen and in reports.
    pub fn label(self) -> &'static str {
        self.names().1
    }
}

/// A clinician visit: the COWS score if taken, and the decision with its reason and
/// who made it, so the record shows that a person decided, not the app.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
}

impl Visit {
    /// A visit needs the decider's name, and a reason for anything but "continue".
    pub fn validate(&self) -> Result<(), JournalError> {
        if self.decided_by.trim().is_empty() {
            return Err(JournalError::MissingDecidedBy);
        }
        if self.decision != Decision::Continue && self.reason.trim().is_empty() {
            return Err(JournalError::MissingReason(self.decision));
        }
        Ok(())
    }
}
