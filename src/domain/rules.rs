//! Alert rules: what the journal says that someone should act on.
//!
//! Each rule reads the patient record, the schedule in force and today's date, and
//! returns alerts. An alert names its rule, the journal days that triggered it and the
//! cited basis of the rule, so the clinician can review why it fired rather than take
//! the app's word for it (the non-device clinical decision support criteria,
//! [`FDA_CDS`](crate::domain::basis::FDA_CDS)). Suggestions (a hold) go to the clinician, who decides; the
//! patient sees only plain safety instructions.
//!
//! The rules are pure: no clock, no files. Every threshold is a named constant whose
//! doc comment gives its basis. Windows of "the last N days" count today as one of the
//! N days, so a 7-day window runs from six days ago through today; entries dated after
//! today are never read.

mod above_plan;
mod check_in;
mod co_use;
mod product;
mod red_flag;
mod withdrawal;

use std::fmt;

use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

pub use above_plan::{ABOVE_PLAN_MIN_DAYS, ABOVE_PLAN_WINDOW_DAYS, above_plan};
pub use check_in::{SELF_CHECK_GRACE_DAYS, overdue_check_in};
pub use co_use::{SEDATIVE_WINDOW_DAYS, sedative_co_use};
pub use product::{PRODUCT_CHANGE_WINDOW_DAYS, product_change};
pub use red_flag::{RED_FLAG_WINDOW_DAYS, red_flag};
pub use withdrawal::{
    HOLD_SUGGESTION_DAYS, WITHDRAWAL_AFTER_CUT_DAYS, WITHDRAWAL_MIN_CONSECUTIVE_DAYS,
    WITHDRAWAL_RECENT_DAYS, daily_instrument, withdrawal_after_cut,
};

use super::basis::Basis;
use super::patient::PatientRecord;
use super::revision::Change;
use super::schedule::Schedule;

/// How soon someone must act. Declared most urgent first, so sorting puts urgent
/// alerts at the top of every list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Severity {
    /// Seek medical care now (red flags).
    Urgent,
    /// The clinician should look at this before the next step of the plan.
    Warning,
    /// Worth knowing; no action is needed unless the clinician judges otherwise.
    Note,
}

impl Severity {
    /// The word shown beside an alert and printed by `review`.
    pub fn word(self) -> &'static str {
        match self {
            Severity::Urgent => "urgent",
            Severity::Warning => "warning",
            Severity::Note => "note",
        }
    }
}

/// Who sees an alert. Suggestions to change the plan go to the clinician only, because
/// the clinician decides; safety messages (red flags, sedatives) go to both, because
/// the patient must act on them at home.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Audience {
    Patient,
    Clinician,
    Both,
}

impl Audience {
    /// True when the patient's "Today" screen shows the alert.
    pub fn includes_patient(self) -> bool {
        matches!(self, Audience::Patient | Audience::Both)
    }

    /// True when the clinician's review shows the alert.
    pub fn includes_clinician(self) -> bool {
        matches!(self, Audience::Clinician | Audience::Both)
    }
}

/// Which rule raised an alert. The names are stable (files, the CLI and tests use
/// them), so a renamed variant must keep its name; files store the name as a string.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RuleId {
    /// A red-flag symptom was logged: seek medical care.
    RedFlag,
    /// Withdrawal stayed moderate or worse after a cut: suggest a hold.
    WithdrawalAfterCut,
    /// More was taken than planned on several recent days.
    AbovePlan,
    /// A sedating substance was taken with kratom.
    SedativeCoUse,
    /// The product or lot changed, which can change the real dose.
    ProductChange,
    /// A visit or self check-in is overdue.
    OverdueCheckIn,
}

impl RuleId {
    /// Every rule, in the order [`evaluate`] runs them.
    pub const ALL: [RuleId; 6] = [
        RuleId::RedFlag,
        RuleId::WithdrawalAfterCut,
        RuleId::AbovePlan,
        RuleId::SedativeCoUse,
        RuleId::ProductChange,
        RuleId::OverdueCheckIn,
    ];

    /// The rule's stable name.
    pub fn name(self) -> &'static str {
        match self {
            RuleId::RedFlag => "red-flag",
            RuleId::WithdrawalAfterCut => "withdrawal-after-cut",
            RuleId::AbovePlan => "above-plan",
            RuleId::SedativeCoUse => "sedative-co-use",
            RuleId::ProductChange => "product-change",
            RuleId::OverdueCheckIn => "overdue-check-in",
        }
    }

    /// The rule with this name (case-insensitive), for the CLI.
    pub fn from_name(name: &str) -> Option<RuleId> {
        let name = name.trim();
        RuleId::ALL
            .into_iter()
            .find(|r| r.name().eq_ignore_ascii_case(name))
    }

    /// Runs this rule alone.
    pub fn run(self, record: &PatientRecord, schedule: &Schedule, today: NaiveDate) -> Vec<Alert> {
        match self {
            RuleId::RedFlag => red_flag(record, schedule, today),
            RuleId::WithdrawalAfterCut => withdrawal_after_cut(record, schedule, today),
            RuleId::AbovePlan => above_plan(record, schedule, today),
            RuleId::SedativeCoUse => sedative_co_use(record, schedule, today),
            RuleId::ProductChange => product_change(record, schedule, today),
            RuleId::OverdueCheckIn => overdue_check_in(record, schedule, today),
        }
    }
}

impl Serialize for RuleId {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

impl<'de> Deserialize<'de> for RuleId {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<RuleId, D::Error> {
        let name = String::deserialize(deserializer)?;
        RuleId::from_name(&name)
            .ok_or_else(|| serde::de::Error::custom(format!("unknown alert rule '{name}'")))
    }
}

impl fmt::Display for RuleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A change to the plan the app proposes and the clinician may accept with one click.
/// It is only ever a proposal: nothing changes until the clinician makes it a
/// revision, with their name and reason.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Suggestion {
    /// Stay at the amount in force before `from` for `days` days, then resume.
    Hold { from: NaiveDate, days: u32 },
}

impl Suggestion {
    /// The first day the change would apply to (the revision's effective date).
    pub fn effective(&self) -> NaiveDate {
        match self {
            Suggestion::Hold { from, .. } => *from,
        }
    }

    /// The plan change that accepting the suggestion makes.
    pub fn change(&self) -> Change {
        match self {
            Suggestion::Hold { days, .. } => Change::Hold { days: *days },
        }
    }
}

/// One alert: what was found, for whom, how urgent, from which journal days, and why
/// it matters (its cited basis).
#[derive(Debug, Clone, PartialEq)]
pub struct Alert {
    pub rule: RuleId,
    pub severity: Severity,
    pub audience: Audience,
    /// A few words for lists and notifications.
    pub title: String,
    /// Plain language, with the dates and numbers that triggered it.
    pub message: String,
    /// What the patient should do now, where the patient must act (red flags,
    /// sedatives); `None` for alerts that only inform.
    pub patient_instruction: Option<String>,
    /// The day the alert is about: its latest triggering entry, or the missed
    /// check-in's due date. Lists sort by it.
    pub date: NaiveDate,
    /// The journal entries' dates that triggered it, oldest first (empty only for an
    /// overdue check-in, which is triggered by an absence).
    pub triggered_by: Vec<NaiveDate>,
    /// The cited sources the rule rests on; never empty.
    pub basis: Vec<Basis>,
    /// A proposed plan change for the clinician, if the rule makes one.
    pub suggestion: Option<Suggestion>,
}

/// Runs every rule and returns their alerts, most severe first and, within a
/// severity, newest first (the latest red flag is the one to act on), then in rule
/// order so the list is stable.
pub fn evaluate(record: &PatientRecord, schedule: &Schedule, today: NaiveDate) -> Vec<Alert> {
    let mut alerts: Vec<Alert> = RuleId::ALL
        .into_iter()
        .flat_map(|rule| rule.run(record, schedule, today))
        .collect();
    alerts.sort_by(|a, b| {
        a.severity
            .cmp(&b.severity)
            .then(b.date.cmp(&a.date))
            .then(a.rule.cmp(&b.rule))
    });
    alerts
}

/// True when `date` is one of the `days` days ending today (today counts as one).
fn within_last(date: NaiveDate, today: NaiveDate, days: u32) -> bool {
    date <= today && (today - date).num_days() < i64::from(days)
}

/// `date` plus `days`, saturating at the calendar's end instead of panicking.
fn plus_days(date: NaiveDate, days: u64) -> NaiveDate {
    date.checked_add_days(Days::new(days))
        .unwrap_or(NaiveDate::MAX)
}

/// `date` minus `days`, saturating at the calendar's start.
fn minus_days(date: NaiveDate, days: u64) -> NaiveDate {
    date.checked_sub_days(Days::new(days))
        .unwrap_or(NaiveDate::MIN)
}

/// "1 day", "3 days".
fn days_word(n: i64) -> String {
    if n == 1 {
        "1 day".to_string()
    } else {
        format!("{n} days")
    }
}

/// The sources in order of first appearance, each once.
fn dedup_basis(sources: impl IntoIterator<Item = Basis>) -> Vec<Basis> {
    let mut out: Vec<Basis> = Vec::new();
    for b in sources {
        if !out.contains(&b) {
            out.push(b);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::basis;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, d).unwrap()
    }

    #[test]
    fn rule_names_are_stable_and_match_serde() {
        let names: Vec<&str> = RuleId::ALL.iter().map(|r| r.name()).collect();
        assert_eq!(
            names,
            [
                "red-flag",
                "withdrawal-after-cut",
                "above-plan",
                "sedative-co-use",
                "product-change",
                "overdue-check-in"
            ]
        );
        for rule in RuleId::ALL {
            assert_eq!(RuleId::from_name(rule.name()), Some(rule));
            let text = ron::to_string(&rule).unwrap();
            assert_eq!(text, format!("\"{}\"", rule.name()));
            assert_eq!(ron::from_str::<RuleId>(&text).unwrap(), rule);
        }
        assert_eq!(
            serde_json::to_string(&RuleId::SedativeCoUse).unwrap(),
            "\"sedative-co-use\""
        );
        assert_eq!(RuleId::from_name(" Above-Plan "), Some(RuleId::AbovePlan));
        assert!(ron::from_str::<RuleId>("\"no-such-rule\"").is_err());
        assert_eq!(RuleId::from_name("above plan"), None);
    }

    #[test]
    fn severities_sort_urgent_first() {
        let mut s = vec![Severity::Note, Severity::Urgent, Severity::Warning];
        s.sort();
        assert_eq!(s, [Severity::Urgent, Severity::Warning, Severity::Note]);
    }

    #[test]
    fn windows_count_today_as_one_day() {
        assert!(within_last(day(10), day(10), 1));
        assert!(!within_last(day(9), day(10), 1));
        assert!(within_last(day(4), day(10), 7));
        assert!(!within_last(day(3), day(10), 7));
        assert!(
            !within_last(day(11), day(10), 7),
            "the future is never read"
        );
        assert_eq!(plus_days(NaiveDate::MAX, 1), NaiveDate::MAX);
        assert_eq!(minus_days(NaiveDate::MIN, 1), NaiveDate::MIN);
    }

    #[test]
    fn audiences_and_suggestions() {
        assert!(Audience::Both.includes_patient() && Audience::Both.includes_clinician());
        assert!(!Audience::Clinician.includes_patient());
        let hold = Suggestion::Hold {
            from: day(12),
            days: 7,
        };
        assert_eq!(hold.effective(), day(12));
        assert_eq!(hold.change(), Change::Hold { days: 7 });
        assert_eq!(
            dedup_basis([basis::ASAM_2025, basis::LIVERTOX, basis::ASAM_2025]),
            [basis::ASAM_2025, basis::LIVERTOX]
        );
        assert_eq!(days_word(1), "1 day");
        assert_eq!(days_word(3), "3 days");
    }
}
