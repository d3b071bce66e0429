//! The journal: what actually happened each day (amounts taken, symptoms, red flags,
//! other substances) and what was decided at each visit. The rules read it to raise
//! alerts; the charts read it to show the plan against reality.
//!
//! Optional fields default when missing, so an entry written with fewer fields (by
//! the CLI, or by an older version) still loads.

use std::fmt;

use chrono::{NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};

use super::amount::Amount;
use super::identity::ItemMeta;
// Red flags and risky substances are clinical vocabulary with their sources, so they
// live in `basis`; re-exported because a day's entry records them.
pub use super::basis::{RedFlag, Substance};
// Instrument answers live beside the instruments; re-exported because a day's entry
// holds them.
use super::instrument::Instrument;
pub use super::instrument::{InstrumentScore, ItemAnswer};
// Visits and products are concepts of their own with their own modules; re-exported so
// the `journal::` paths the rest of the app uses keep working.
pub use super::product::{CertificateOfAnalysis, Product};
pub use super::visit::{Decision, Visit};

/// One amount actually taken; the time is optional because patients often log a
/// day's doses in the evening without remembering exact times.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DoseTaken {
    #[serde(default)]
    pub time: Option<NaiveTime>,
    pub amount: Amount,
}

/// Hard ceilings for one logged dose and one day's total, in the plan's unit. They
/// only catch typing slips (an extra zero, a value in the wrong unit); 100,000 still
/// allows a day in milligrams of a large amount of leaf.
pub const MAX_LOGGED_AMOUNT: Amount = Amount::from_milli(100_000_000);

/// The highest cravings or pain rating (0–10 scales).
pub const MAX_RATING: u8 = 10;

/// 24 hours in tenths of an hour.
pub const MAX_SLEEP_TENTHS: u16 = 240;

/// Everything the patient logs for one calendar day.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DayEntry {
    pub date: NaiveDate,
    #[serde(default)]
    pub doses: Vec<DoseTaken>,
    /// Product name, so a change of product mid-taper (which can change the real
    /// dose) raises an alert.
    #[serde(default)]
    pub product: Option<String>,
    #[serde(default)]
    pub lot: Option<String>,
    #[serde(default)]
    pub scores: Vec<InstrumentScore>,
    /// 0–10.
    #[serde(default)]
    pub cravings: Option<u8>,
    /// 0–10.
    #[serde(default)]
    pub pain: Option<u8>,
    /// Hours of sleep in tenths (75 = 7.5 h), kept as an integer so files stay exact.
    #[serde(default)]
    pub sleep_tenths: Option<u16>,
    #[serde(default)]
    pub red_flags: Vec<RedFlag>,
    #[serde(default)]
    pub substances: Vec<Substance>,
    #[serde(default)]
    pub note: String,
    /// The day the entry was written; later than `date` marks a late entry, which the
    /// clinician may weigh differently (recall fades).
    #[serde(default)]
    pub logged_on: Option<NaiveDate>,
    /// The patient asks the clinician to pause the taper; only the clinician decides.
    #[serde(default)]
    pub hold_requested: bool,
    /// Who wrote this version of the day and when, and the earlier versions' hashes,
    /// so copies of the record merge (days are keyed by date: the id stays empty).
    #[serde(default)]
    pub meta: ItemMeta,
}

impl DayEntry {
    /// An empty entry for `date`.
    pub fn new(date: NaiveDate) -> DayEntry {
        DayEntry {
            date,
            ..DayEntry::default()
        }
    }

    /// The sum of the day's doses, compared with the plan by the rules.
    pub fn total_taken(&self) -> Amount {
        self.doses.iter().map(|d| d.amount).sum()
    }

    /// True when the entry was written after the day it describes.
    pub fn is_late(&self) -> bool {
        self.logged_on.is_some_and(|logged| logged > self.date)
    }

    /// Sleep in hours, for display and charts only.
    pub fn sleep_hours(&self) -> Option<f64> {
        self.sleep_tenths.map(|t| f64::from(t) / 10.0)
    }

    /// The score for one instrument, if the day has one.
    pub fn score(&self, instrument: &str) -> Option<&InstrumentScore> {
        self.scores.iter().find(|s| s.instrument == instrument)
    }

    /// The day's total on `instrument`, counting the items answered (a partly filled
    /// checklist still counts); `None` when the day has no valid rating on it.
    pub fn symptom_total(&self, instrument: &Instrument) -> Option<u32> {
        let score = self.score(&instrument.id)?;
        let answers: Vec<(&str, u8)> = score
            .answers
            .iter()
            .map(|a| (a.item.as_str(), a.score))
            .collect();
        instrument.score_partial(&answers).ok()
    }

    /// The entry after logging `added` on top of it: logging again adds, never erases.
    /// Doses are added; the symptom ratings given replace only those items; cravings,
    /// pain, sleep, product and lot given replace theirs; red flags and substances are
    /// added; a note is added on a line of its own (unless already there); a hold
    /// request stays asked for; nothing not given is removed. `logged_on` becomes the
    /// later of the two, since part of the entry was written then.
    pub fn merged_with(&self, added: &DayEntry) -> DayEntry {
        let mut out = self.clone();
        out.doses.extend(added.doses.iter().cloned());
        for score in &added.scores {
            match out
                .scores
                .iter_mut()
                .find(|s| s.instrument == score.instrument)
            {
                Some(existing) => {
                    for answer in &score.answers {
                        match existing.answers.iter_mut().find(|a| a.item == answer.item) {
                            Some(old) => old.score = answer.score,
                            None => existing.answers.push(answer.clone()),
                        }
                    }
                }
                None => out.scores.push(score.clone()),
            }
        }
        out.cravings = added.cravings.or(self.cravings);
        out.pain = added.pain.or(self.pain);
        out.sleep_tenths = added.sleep_tenths.or(self.sleep_tenths);
        out.product = added.product.clone().or_else(|| self.product.clone());
        out.lot = added.lot.clone().or_else(|| self.lot.clone());
        add_missing(&mut out.red_flags, &added.red_flags);
        add_missing(&mut out.substances, &added.substances);
        let note = added.note.trim();
        if !note.is_empty() && !self.note.contains(note) {
            out.note = if self.note.is_empty() {
                added.note.clone()
            } else {
                format!("{}\n{}", self.note, added.note)
            };
        }
        out.hold_requested |= added.hold_requested;
        out.logged_on = self.logged_on.max(added.logged_on);
        out
    }

    /// The red flags `self` has and `replacement` does not: what replacing the entry
    /// would remove, which the audit list must then record.
    pub fn red_flags_removed_by(&self, replacement: &DayEntry) -> Vec<RedFlag> {
        let mut removed: Vec<RedFlag> = Vec::new();
        for flag in &self.red_flags {
            if !replacement.red_flags.contains(flag) && !removed.contains(flag) {
                removed.push(*flag);
            }
        }
        removed
    }

    /// Checks the ranges a hand-edited file or a CLI call could break; the error names
    /// the field. Duplicate doses are allowed (two equal doses are common).
    pub fn validate(&self) -> Result<(), JournalError> {
        JournalError::check_date("date", self.date)?;
        if let Some(logged) = self.logged_on {
            JournalError::check_date("logged_on", logged)?;
        }
        for (field, value) in [("cravings", self.cravings), ("pain", self.pain)] {
            if let Some(value) = value.filter(|v| *v > MAX_RATING) {
                return Err(JournalError::RatingOutOfRange { field, value });
            }
        }
        if let Some(tenths) = self.sleep_tenths.filter(|t| *t > MAX_SLEEP_TENTHS) {
            return Err(JournalError::SleepOutOfRange(tenths));
        }
        for (index, dose) in self.doses.iter().enumerate() {
            if dose.amount < Amount::ZERO || dose.amount > MAX_LOGGED_AMOUNT {
                return Err(JournalError::DoseOutOfRange {
                    index,
                    amount: dose.amount,
                });
            }
        }
        let total = self.total_taken();
        if total > MAX_LOGGED_AMOUNT {
            return Err(JournalError::DayTotalTooLarge(total));
        }
        if let Some(logged) = self.logged_on.filter(|l| *l < self.date) {
            return Err(JournalError::LoggedBeforeDate {
                date: self.date,
                logged_on: logged,
            });
        }
        for (i, score) in self.scores.iter().enumerate() {
            if score.instrument.trim().is_empty() {
                return Err(JournalError::EmptyInstrument);
            }
            if self.scores[..i]
                .iter()
                .any(|s| s.instrument == score.instrument)
            {
                return Err(JournalError::DuplicateScore(score.instrument.clone()));
            }
            for (j, answer) in score.answers.iter().enumerate() {
                if score.answers[..j].iter().any(|a| a.item == answer.item) {
                    return Err(JournalError::DuplicateAnswer {
                        instrument: score.instrument.clone(),
                        item: answer.item.clone(),
                    });
                }
            }
        }
        Ok(())
    }
}

/// Appends the items of `added` that `list` lacks, in their order.
fn add_missing<T: PartialEq + Copy>(list: &mut Vec<T>, added: &[T]) {
    for item in added {
        if !list.contains(item) {
            list.push(*item);
        }
    }
}

/// "seizure, dark-urine": red flags by their command-line names, for audit lines.
pub fn red_flag_names(flags: &[RedFlag]) -> String {
    flags
        .iter()
        .map(|f| f.cli_name())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The day entries, sorted by date with at most one entry per day. The field is
/// private so that order holds; files load through [`Journal::from_entries`].
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(try_from = "JournalFile")]
pub struct Journal {
    entries: Vec<DayEntry>,
}

/// The journal as written in a file, checked before it becomes a [`Journal`].
#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename = "Journal")]
struct JournalFile {
    #[serde(default)]
    entries: Vec<DayEntry>,
}

impl TryFrom<JournalFile> for Journal {
    type Error = JournalError;
    fn try_from(file: JournalFile) -> Result<Journal, JournalError> {
        Journal::from_entries(file.entries)
    }
}

impl Journal {
    /// A journal from entries in any order; two entries for the same day are refused
    /// rather than one silently dropped.
    pub fn from_entries(mut entries: Vec<DayEntry>) -> Result<Journal, JournalError> {
        entries.sort_by_key(|e| e.date);
        if let Some(pair) = entries.windows(2).find(|p| p[0].date == p[1].date) {
            return Err(JournalError::DuplicateDate(pair[0].date));
        }
        Ok(Journal { entries })
    }

    /// All entries, oldest first.
    pub fn entries(&self) -> &[DayEntry] {
        &self.entries
    }

    /// Adds the entry, or replaces the one for the same day (a patient correcting
    /// today's log), keeping date order.
    pub fn upsert(&mut self, entry: DayEntry) {
        match self.entries.binary_search_by_key(&entry.date, |e| e.date) {
            Ok(i) => self.entries[i] = entry,
            Err(i) => self.entries.insert(i, entry),
        }
    }

    /// The entry for a day.
    pub fn get(&self, date: NaiveDate) -> Option<&DayEntry> {
        let i = self.entries.binary_search_by_key(&date, |e| e.date).ok()?;
        self.entries.get(i)
    }

    /// Removes and returns the entry for a day.
    pub fn remove(&mut self, date: NaiveDate) -> Option<DayEntry> {
        let i = self.entries.binary_search_by_key(&date, |e| e.date).ok()?;
        Some(self.entries.remove(i))
    }

    /// The entries on and after `date`, oldest first (e.g. since the last cut).
    pub fn since(&self, date: NaiveDate) -> &[DayEntry] {
        let start = self.entries.partition_point(|e| e.date < date);
        &self.entries[start..]
    }

    /// The most recent entry.
    pub fn last(&self) -> Option<&DayEntry> {
        self.entries.last()
    }

    /// Number of logged days.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when nothing has been logged.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// Why a journal entry, visit or journal was refused; the message names the field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JournalError {
    RatingOutOfRange {
        field: &'static str,
        value: u8,
    },
    SleepOutOfRange(u16),
    DoseOutOfRange {
        index: usize,
        amount: Amount,
    },
    DayTotalTooLarge(Amount),
    LoggedBeforeDate {
        date: NaiveDate,
        logged_on: NaiveDate,
    },
    EmptyInstrument,
    DuplicateScore(String),
    DuplicateAnswer {
        instrument: String,
        item: String,
    },
    MissingDecidedBy,
    MissingReason(Decision),
    DuplicateDate(NaiveDate),
    /// A date outside the range the app accepts ([`super::dates`]).
    Date {
        field: &'static str,
        error: super::dates::DateOutOfRange,
    },
}

impl JournalError {
    /// `date` within the allowed range, or the error naming `field`.
    pub fn check_date(field: &'static str, date: NaiveDate) -> Result<(), JournalError> {
        super::dates::check(date)
            .map(|_| ())
            .map_err(|error| JournalError::Date { field, error })
    }
}

impl fmt::Display for JournalError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use JournalError as E;
        match self {
            E::RatingOutOfRange { field, value } => {
                write!(f, "{field} must be between 0 and {MAX_RATING}, got {value}")
            }
            E::SleepOutOfRange(t) => write!(
                f,
                "sleep_tenths must be at most {MAX_SLEEP_TENTHS} (24 hours), got {t} ({} hours)",
                f64::from(*t) / 10.0
            ),
            E::DoseOutOfRange { index, amount } => write!(
                f,
                "doses[{index}]: amount {amount} is outside 0–{MAX_LOGGED_AMOUNT}; check the unit"
            ),
            E::DayTotalTooLarge(total) => {
                write!(
                    f,
                    "doses: the day's total {total} is above {MAX_LOGGED_AMOUNT}; check the unit"
                )
            }
            E::LoggedBeforeDate { date, logged_on } => {
                write!(f, "logged_on {logged_on} is before the entry's date {date}")
            }
            E::EmptyInstrument => write!(f, "scores: an instrument id is empty"),
            E::DuplicateScore(id) => {
                write!(f, "scores: instrument '{id}' is scored twice on one day")
            }
            E::DuplicateAnswer { instrument, item } => {
                write!(
                    f,
                    "scores: item '{item}' of '{instrument}' is answered twice"
                )
            }
            E::MissingDecidedBy => write!(f, "decided_by: a visit must name who decided"),
            E::MissingReason(d) => {
                write!(f, "reason: a '{}' decision needs a reason", d.cli_name())
            }
            E::DuplicateDate(date) => write!(f, "entries: two entries for {date}"),
            E::Date { field, error } => write!(f, "{field}: {error}"),
        }
    }
}

impl std::error::Error for JournalError {}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2025, 3, d).unwrap()
    }

    #[test]
    fn cli_names_round_trip() {
        for flag in RedFlag::ALL {
            assert_eq!(RedFlag::from_cli_name(flag.cli_name()), Some(flag));
            assert!(!flag.plain_label().is_empty());
        }
        for s in Substance::ALL {
            assert_eq!(Substance::from_cli_name(s.cli_name()), Some(s));
        }
        for d in Decision::ALL {
            assert_eq!(Decision::from_cli_name(d.cli_name()), Some(d));
        }
        assert_eq!(
            RedFlag::from_cli_name(" Dark-Urine "),
            Some(RedFlag::DarkUrine)
        );
        assert_eq!(RedFlag::from_cli_name("dark urine"), None);
        let distinct: std::collections::BTreeSet<_> = RedFlag::ALL.into_iter().collect();
        assert_eq!(distinct.len(), RedFlag::ALL.len());
        assert!(!Substance::Other.is_sedating() && Substance::Alcohol.is_sedating());
    }

    #[test]
    fn upsert_replaces_the_days_entry_and_keeps_order() {
        let mut journal = Journal::default();
        journal.upsert(DayEntry::new(day(3)));
        journal.upsert(DayEntry::new(day(1)));
        journal.upsert(DayEntry {
            note: "corrected".into(),
            ..DayEntry::new(day(3))
        });
        let dates: Vec<_> = journal.entries().iter().map(|e| e.date).collect();
        assert_eq!(dates, [day(1), day(3)]);
        assert_eq!(
            journal.get(day(3)).map(|e| e.note.as_str()),
            Some("corrected")
        );
        assert_eq!(journal.since(day(2)).len(), 1);
        assert_eq!(journal.last().map(|e| e.date), Some(day(3)));
        assert!(journal.get(day(2)).is_none());
        let twice = Journal::from_entries(vec![DayEntry::new(day(1)), DayEntry::new(day(1))]);
        assert_eq!(twice, Err(JournalError::DuplicateDate(day(1))));
    }

    #[test]
    fn validate_checks_edges_and_names_the_field() {
        let ok = DayEntry {
            cravings: Some(10),
            pain: Some(0),
            sleep_tenths: Some(240),
            ..DayEntry::new(day(1))
        };
        assert_eq!(ok.validate(), Ok(()));
        let err = DayEntry {
            cravings: Some(11),
            ..ok.clone()
        }
        .validate()
        .unwrap_err();
        assert!(err.to_string().starts_with("cravings"), "{err}");
        let err = DayEntry {
            pain: Some(11),
            ..ok.clone()
        }
        .validate()
        .unwrap_err();
        assert!(err.to_string().starts_with("pain"), "{err}");
        let err = DayEntry {
            sleep_tenths: Some(241),
            ..ok.clone()
        }
        .validate()
        .unwrap_err();
        assert!(err.to_string().starts_with("sleep"), "{err}");
        let dose = |milli| DoseTaken {
            time: None,
            amount: Amount::from_milli(milli),
        };
        let same_twice = DayEntry {
            doses: vec![dose(2_000), dose(2_000)],
            ..ok.clone()
        };
        assert_eq!(same_twice.validate(), Ok(()));
        assert_eq!(same_twice.total_taken(), Amount::from_milli(4_000));
        let huge = DayEntry {
            doses: vec![dose(MAX_LOGGED_AMOUNT.milli() + 1)],
            ..ok.clone()
        };
        assert!(
            huge.validate()
                .unwrap_err()
                .to_string()
                .starts_with("doses[0]")
        );
        let early = DayEntry {
            logged_on: Some(day(1)),
            ..DayEntry::new(day(2))
        };
        assert!(
            early
                .validate()
                .unwrap_err()
                .to_string()
                .starts_with("logged_on")
        );
        assert!(
            DayEntry {
                logged_on: Some(day(3)),
                ..DayEntry::new(day(2))
            }
            .is_late()
        );
        assert!(
            !DayEntry {
                logged_on: Some(day(2)),
                ..DayEntry::new(day(2))
            }
            .is_late()
        );
    }

    #[test]
    fn a_full_entry_round_trips_through_ron() {
        let entry = DayEntry {
            date: day(14),
            doses: vec![
                DoseTaken {
                    time: NaiveTime::from_hms_opt(8, 30, 0),
                    amount: Amount::from_milli(2_500),
                },
                DoseTaken {
                    time: None,
                    amount: Amount::from_milli(1_250),
                },
            ],
            product: Some("Red Bali \"fine\" powder".into()),
            lot: Some("L-2025-031".into()),
            scores: vec![InstrumentScore {
                instrument: "sows".into(),
                answers: vec![ItemAnswer {
                    item: "anxious".into(),
                    score: 2,
                }],
            }],
            cravings: Some(6),
            pain: Some(3),
            sleep_tenths: Some(65),
            red_flags: vec![RedFlag::DarkUrine, RedFlag::Itching],
            substances: vec![Substance::Alcohol],
            note: "slept badly\nsecond line".into(),
            logged_on: Some(day(15)),
            hold_requested: true,
            meta: Default::default(),
        };
        let text = ron::to_string(&entry).unwrap();
        assert!(
            text.contains("\"2.5\""),
            "amounts are decimal strings: {text}"
        );
        assert_eq!(ron::from_str::<DayEntry>(&text).unwrap(), entry);
        let minimal: DayEntry = ron::from_str("(date: \"2025-03-01\")").unwrap();
        assert_eq!(minimal, DayEntry::new(day(1)));
        let journal = Journal::from_entries(vec![entry.clone(), DayEntry::new(day(1))]).unwrap();
        let back: Journal = ron::from_str(&ron::to_string(&journal).unwrap()).unwrap();
        assert_eq!(back, journal);
    }

    #[test]
    fn visits_need_a_decider_and_a_reason() {
        let visit = Visit {
            date: day(7),
            cows: None,
            decision: Decision::Continue,
            reason: String::new(),
            decided_by: "Dr A".into(),
            meta: Default::default(),
            acknowledged: Vec::new(),
        };
        assert_eq!(visit.validate(), Ok(()));
        let hold = Visit {
            decision: Decision::Hold,
            ..visit.clone()
        };
        assert_eq!(
            hold.validate(),
            Err(JournalError::MissingReason(Decision::Hold))
        );
        assert_eq!(
            Visit {
                decided_by: " ".into(),
                acknowledged: Vec::new(),
                ..visit
            }
            .validate(),
            Err(JournalError::MissingDecidedBy)
        );
    }
}
