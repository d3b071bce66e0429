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
//!
//! An alert a clinician has seen at a visit ([`Acknowledged`], kept in the visit) is not
//! raised again; red flags and hold requests have no window, so only that ends them.

mod above_plan;
mod check_in;
mod co_use;
mod hold_request;
mod product;
mod red_flag;
mod withdrawal;

use std::fmt;

use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

pub use above_plan::{
    ABOVE_PLAN_FAR_PERCENT, ABOVE_PLAN_MIN_DAYS, ABOVE_PLAN_WINDOW_DAYS, above_plan, far_above_plan,
};
pub use check_in::{SELF_CHECK_GRACE_DAYS, overdue_check_in};
pub use co_use::{
    INTERACTION_WINDOW_DAYS, SEDATIVE_WINDOW_DAYS, interaction_review, sedative_co_use,
};
pub use hold_request::hold_request;
pub use product::{PRODUCT_CHANGE_WINDOW_DAYS, product_change};
pub use red_flag::{
    RED_FLAG_CURRENT_DAYS, RED_FLAG_PATIENT_DAYS, is_current_red_flag, red_flag, red_flag_on,
};
pub use withdrawal::{
    HOLD_SUGGESTION_DAYS, WITHDRAWAL_AFTER_CUT_DAYS, WITHDRAWAL_MIN_CONSECUTIVE_DAYS,
    WITHDRAWAL_RECENT_DAYS, daily_instrument, withdrawal_after_cut, withdrawal_check_in,
};

use super::basis::{Basis, RedFlag};
use super::patient::{Patient, PatientRecord};
use super::revision::Change;
use super::schedule::Schedule;

/// How soon someone must act. Declared most urgent first, so sorting puts urgent
/// alerts at the top of every list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Severity {
    /// Act now: a red flag (seek medical care), or withdrawal in the severe band.
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
    /// Withdrawal moderate or worse on two days in a row, or one severe day, after a
    /// cut: suggest a hold.
    WithdrawalAfterCut,
    /// The same withdrawal with no cut in the 14 days before: ask for a check-in.
    WithdrawalCheckIn,
    /// More was taken than planned on several recent days.
    AbovePlan,
    /// One recent day far above plan.
    FarAbovePlan,
    /// A sedating substance was taken with kratom.
    SedativeCoUse,
    /// Another medicine or drug was logged: review it for interactions.
    InteractionReview,
    /// The patient asked for a hold that no visit has answered yet.
    HoldRequest,
    /// The product or lot changed, which can change the real dose.
    ProductChange,
    /// A visit or self check-in is overdue.
    OverdueCheckIn,
}

impl RuleId {
    /// Every rule, in the order [`evaluate`] runs them.
    pub const ALL: [RuleId; 10] = [
        RuleId::RedFlag,
        RuleId::WithdrawalAfterCut,
        RuleId::WithdrawalCheckIn,
        RuleId::AbovePlan,
        RuleId::FarAbovePlan,
        RuleId::SedativeCoUse,
        RuleId::InteractionReview,
        RuleId::HoldRequest,
        RuleId::ProductChange,
        RuleId::OverdueCheckIn,
    ];

    /// The rule's stable name.
    pub fn name(self) -> &'static str {
        match self {
            RuleId::RedFlag => "red-flag",
            RuleId::WithdrawalAfterCut => "withdrawal-after-cut",
            RuleId::WithdrawalCheckIn => "withdrawal-check-in",
            RuleId::AbovePlan => "above-plan",
            RuleId::FarAbovePlan => "far-above-plan",
            RuleId::SedativeCoUse => "sedative-co-use",
            RuleId::InteractionReview => "interaction-review",
            RuleId::HoldRequest => "hold-request",
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

    /// Runs this rule alone, leaving out the alerts a visit has acknowledged.
    pub fn run(self, record: &PatientRecord, schedule: &Schedule, today: NaiveDate) -> Vec<Alert> {
        let rule = match self {
            RuleId::RedFlag => red_flag,
            RuleId::WithdrawalAfterCut => withdrawal_after_cut,
            RuleId::WithdrawalCheckIn => withdrawal_check_in,
            RuleId::AbovePlan => above_plan,
            RuleId::FarAbovePlan => far_above_plan,
            RuleId::SedativeCoUse => sedative_co_use,
            RuleId::InteractionReview => interaction_review,
            RuleId::HoldRequest => hold_request,
            RuleId::ProductChange => product_change,
            RuleId::OverdueCheckIn => overdue_check_in,
        };
        let mut alerts = rule(record, schedule, today);
        alerts.retain(|alert| !is_acknowledged(record, alert));
        alerts
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

/// One alert a clinician saw at a visit: its rule and the day it was about. For a red
/// flag it also holds the flags seen, so that a flag added to that day later is new.
/// Kept in [`Visit::acknowledged`](super::visit::Visit::acknowledged).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Acknowledged {
    pub rule: RuleId,
    pub date: NaiveDate,
    #[serde(default)]
    pub red_flags: Vec<RedFlag>,
}

impl Acknowledged {
    /// What acknowledging `alert` records, with the flags the journal holds for its day.
    pub fn of(alert: &Alert, record: &PatientRecord) -> Acknowledged {
        let red_flags = if alert.rule == RuleId::RedFlag {
            flags_on(record, alert.date)
        } else {
            Vec::new()
        };
        Acknowledged {
            rule: alert.rule,
            date: alert.date,
            red_flags,
        }
    }

    /// True when this acknowledgement covers `alert` as the record stands now.
    fn covers(&self, alert: &Alert, record: &PatientRecord) -> bool {
        self.rule == alert.rule
            && self.date == alert.date
            && (alert.rule != RuleId::RedFlag
                || flags_on(record, alert.date)
                    .iter()
                    .all(|f| self.red_flags.contains(f)))
    }
}

/// The red flags logged for a day, in check-list order.
fn flags_on(record: &PatientRecord, date: NaiveDate) -> Vec<RedFlag> {
    let logged = record
        .journal
        .get(date)
        .map_or(&[][..], |e| e.red_flags.as_slice());
    RedFlag::ALL
        .into_iter()
        .filter(|f| logged.contains(f))
        .collect()
}

/// True when a visit of the record acknowledged `alert`.
fn is_acknowledged(record: &PatientRecord, alert: &Alert) -> bool {
    record
        .visits
        .iter()
        .flat_map(|v| &v.acknowledged)
        .any(|a| a.covers(alert, record))
}

/// What a visit records as seen: every alert shown to the clinician.
pub fn acknowledge_all(alerts: &[Alert], record: &PatientRecord) -> Vec<Acknowledged> {
    alerts
        .iter()
        .filter(|a| a.audience.includes_clinician())
        .map(|a| Acknowledged::of(a, record))
        .collect()
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
    sort_alerts(&mut alerts);
    alerts
}

/// What [`evaluate`] returns after an edit of the journal entry for `day` only (the
/// plan, the patient, the visits and `today` as they were), given `previous`, what it
/// returned before the edit. A red-flag alert is made from its own day's entry alone
/// (with the patient's contact, the schedule and today, which a journal edit leaves
/// alone), so those of the other days are kept; the other rules look across days and
/// run again. A long record has a red-flag alert for every unseen flagged day, and
/// making them all again on every keystroke cost more than a frame.
pub fn evaluate_after_day_edit(
    record: &PatientRecord,
    schedule: &Schedule,
    today: NaiveDate,
    previous: Vec<Alert>,
    day: NaiveDate,
) -> Vec<Alert> {
    let mut alerts: Vec<Alert> = previous
        .into_iter()
        .filter(|a| a.rule == RuleId::RedFlag && a.date != day)
        .collect();
    alerts
        .extend(red_flag_on(record, schedule, today, day).filter(|a| !is_acknowledged(record, a)));
    alerts.extend(
        RuleId::ALL
            .into_iter()
            .filter(|rule| *rule != RuleId::RedFlag)
            .flat_map(|rule| rule.run(record, schedule, today)),
    );
    sort_alerts(&mut alerts);
    alerts
}

/// Most severe first, then newest first, then in rule order. The sort is stable, so
/// alerts equal in all three keep the order their rule made them in.
fn sort_alerts(alerts: &mut [Alert]) {
    alerts.sort_by(|a, b| {
        a.severity
            .cmp(&b.severity)
            .then(b.date.cmp(&a.date))
            .then(a.rule.cmp(&b.rule))
    });
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

/// How long ago a day was, in words: "today", "yesterday", "10 days ago".
fn age_words(date: NaiveDate, today: NaiveDate) -> String {
    match (today - date).num_days() {
        n if n <= 0 => "today".to_string(),
        1 => "yesterday".to_string(),
        n => format!("{n} days ago"),
    }
}

/// Whom the patient should call, with the number where the record has one: "your
/// clinic, Northside Clinic, on 555-0100", or "your clinician" without a number. Every
/// message that tells the patient to call uses it.
pub fn clinic_contact(patient: &Patient) -> String {
    let phone = patient.clinic_phone.trim();
    let clinic = patient.clinic.trim();
    match (clinic.is_empty(), phone.is_empty()) {
        (false, false) => format!("your clinic, {clinic}, on {phone}"),
        (true, false) => format!("your clinic on {phone}"),
        (false, true) => format!("your clinic, {clinic}"),
        (true, true) => "your clinician".to_string(),
    }
}

/// Said wherever the patient is told to call: the log reaches no one by itself.
pub const NOTHING_LEAVES: &str = "Logging it here does not tell anyone: nothing leaves this \
    computer unless you bring or send it.";

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
                "withdrawal-check-in",
                "above-plan",
                "far-above-plan",
                "sedative-co-use",
                "interaction-review",
                "hold-request",
                "product-change",
                "overdue-check-in"
            ]
        );
        for rule in RuleId::ALL {
            assert_eq!(RuleId::from_name(rule.name()), Some(rule));
            let text = ron::to_string(&rule).unwrap();
            assert_eq!(text, format!("\"{}\"", rule.name()));
            assert_eq!(ron::from_str::<RuleId>(&text).unwrap(), rule);
            assert_eq!(rule.to_string(), rule.name(), "lists print the stable name");
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
        // (patient's screen, clinician's review): an alert for one never reaches the other.
        let seen_by = |a: Audience| (a.includes_patient(), a.includes_clinician());
        assert_eq!(seen_by(Audience::Patient), (true, false));
        assert_eq!(seen_by(Audience::Clinician), (false, true));
        assert_eq!(seen_by(Audience::Both), (true, true));
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
        assert_eq!(age_words(day(10), day(10)), "today");
        assert_eq!(age_words(day(9), day(10)), "yesterday");
        assert_eq!(age_words(day(1), day(11)), "10 days ago");
    }

    #[test]
    fn the_clinic_contact_gives_the_phone_where_there_is_one() {
        let mut p = Patient::default();
        assert_eq!(clinic_contact(&p), "your clinician");
        p.clinic_phone = " 555-0100 ".into();
        assert_eq!(clinic_contact(&p), "your clinic on 555-0100");
        p.clinic = "Northside".into();
        assert_eq!(clinic_contact(&p), "your clinic, Northside, on 555-0100");
        p.clinic_phone.clear();
        assert_eq!(clinic_contact(&p), "your clinic, Northside");
    }
}
