//! The patient's log for one day as typed, and its parsing into a journal entry. Kept
//! apart from the widgets so the parsing (with an error per field) is tested without a
//! screen.

use std::collections::BTreeMap;

use chrono::{NaiveDate, NaiveTime};

use crate::domain::amount::{Amount, Unit};
use crate::domain::instrument::Instrument;
use crate::domain::journal::{
    DayEntry, DoseTaken, InstrumentScore, ItemAnswer, Journal, MAX_SLEEP_TENTHS, RedFlag, Substance,
};

/// One dose row as typed: the amount in the plan's unit and an optional "HH:MM".
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DoseDraft {
    pub amount: String,
    pub time: String,
}

/// What the patient has typed and ticked for one day.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct DayDraft {
    pub date: NaiveDate,
    pub doses: Vec<DoseDraft>,
    pub product: String,
    pub lot: String,
    /// Answers to the daily instrument, by item id; unanswered items are absent.
    pub answers: BTreeMap<String, u8>,
    pub cravings: Option<u8>,
    pub pain: Option<u8>,
    /// Hours of sleep as typed ("7.5").
    pub sleep: String,
    pub red_flags: Vec<RedFlag>,
    pub substances: Vec<Substance>,
    pub note: String,
    pub hold_requested: bool,
    /// The saved entry the draft was loaded from: keeps what the form does not show
    /// (scores of other instruments) and tells "update" from "new".
    pub saved: Option<DayEntry>,
}

/// Where a message is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum DraftField {
    DoseAmount(usize),
    DoseTime(usize),
    Sleep,
    /// The entry as a whole (shown beside the save button).
    Entry,
}

/// Messages by field, for showing each beside its input.
pub type DraftErrors = BTreeMap<DraftField, String>;

/// The most recent entry before `date` that names a product or a lot.
pub fn previous_product_entry(journal: &Journal, date: NaiveDate) -> Option<&DayEntry> {
    journal
        .entries()
        .iter()
        .rev()
        .filter(|e| e.date < date)
        .find(|e| has_text(&e.product) || has_text(&e.lot))
}

fn has_text(value: &Option<String>) -> bool {
    value.as_deref().is_some_and(|v| !v.trim().is_empty())
}

/// The last value of a product field logged before `date`, with its day.
fn last_value(
    journal: &Journal,
    date: NaiveDate,
    field: impl Fn(&DayEntry) -> &Option<String>,
) -> Option<(String, NaiveDate)> {
    journal
        .entries()
        .iter()
        .rev()
        .filter(|e| e.date < date)
        .find_map(|e| {
            field(e)
                .as_deref()
                .map(str::trim)
                .filter(|v| !v.is_empty())
                .map(|v| (v.to_string(), e.date))
        })
}

impl DayDraft {
    /// The draft for `date`: the saved entry if there is one; otherwise an empty day
    /// with product and lot carried over from the most recent earlier entry that has
    /// them (patients rarely change product, and retyping invites typos).
    pub fn load(journal: &Journal, date: NaiveDate, instrument: Option<&Instrument>) -> DayDraft {
        if let Some(entry) = journal.get(date) {
            return DayDraft::from_entry(entry, instrument);
        }
        let mut draft = DayDraft {
            date,
            ..DayDraft::default()
        };
        if let Some(previous) = previous_product_entry(journal, date) {
            draft.product = previous.product.clone().unwrap_or_default();
            draft.lot = previous.lot.clone().unwrap_or_default();
        }
        draft
    }

    /// The draft showing a saved entry.
    pub fn from_entry(entry: &DayEntry, instrument: Option<&Instrument>) -> DayDraft {
        let answers = instrument
            .and_then(|i| entry.score(&i.id))
            .map(|s| {
                s.answers
                    .iter()
                    .map(|a| (a.item.clone(), a.score))
                    .collect()
            })
            .unwrap_or_default();
        DayDraft {
            date: entry.date,
            doses: entry
                .doses
                .iter()
                .map(|d| DoseDraft {
                    amount: d.amount.to_string(),
                    time: d
                        .time
                        .map(|t| t.format("%H:%M").to_string())
                        .unwrap_or_default(),
                })
                .collect(),
            product: entry.product.clone().unwrap_or_default(),
            lot: entry.lot.clone().unwrap_or_default(),
            answers,
            cravings: entry.cravings,
            pain: entry.pain,
            sleep: entry
                .sleep_tenths
                .map(|t| format!("{}.{}", t / 10, t % 10))
                .map(|s| s.trim_end_matches(".0").to_string())
                .unwrap_or_default(),
            red_flags: entry.red_flags.clone(),
            substances: entry.substances.clone(),
            note: entry.note.clone(),
            hold_requested: entry.hold_requested,
            saved: Some(entry.clone()),
        }
    }

    /// Fills the dose rows with the planned per-dose amounts ("took it as planned"),
    /// keeping any times already typed.
    pub fn fill_planned(&mut self, planned: &[Amount]) {
        let times: Vec<String> = self.doses.iter().map(|d| d.time.clone()).collect();
        self.doses = planned
            .iter()
            .enumerate()
            .map(|(i, amount)| DoseDraft {
                amount: amount.to_string(),
                time: times.get(i).cloned().unwrap_or_default(),
            })
            .collect();
    }

    /// Ticks or unticks a red flag, keeping the check-list order.
    pub fn set_red_flag(&mut self, flag: RedFlag, on: bool) {
        self.red_flags.retain(|f| *f != flag);
        if on {
            self.red_flags.push(flag);
            self.red_flags.sort();
        }
    }

    /// Ticks or unticks a substance.
    pub fn set_substance(&mut self, substance: Substance, on: bool) {
        self.substances.retain(|s| *s != substance);
        if on {
            self.substances.push(substance);
            self.substances.sort();
        }
    }

    /// The total of the dose rows that parse (for the running total on screen).
    pub fn typed_total(&self, unit: Unit) -> Amount {
        self.doses
            .iter()
            .filter_map(|d| Amount::parse_in_unit(&d.amount, unit).ok())
            .sum()
    }

    /// A note when the typed product or lot differs from the one logged before this
    /// day: a new product can change the real dose, so the clinician is told.
    pub fn product_change_note(&self, journal: &Journal) -> Option<String> {
        let differs = |typed: &str, previous: &Option<(String, NaiveDate)>| {
            let typed = typed.trim();
            match previous {
                Some((value, _)) if !typed.is_empty() => !value.eq_ignore_ascii_case(typed),
                _ => false,
            }
        };
        let product = last_value(journal, self.date, |e| &e.product);
        let lot = last_value(journal, self.date, |e| &e.lot);
        let mut changed = Vec::new();
        if differs(&self.product, &product) {
            let (value, date) = product.as_ref()?;
            changed.push(format!("a new product (before: \"{value}\" on {date})"));
        }
        if differs(&self.lot, &lot) {
            let (value, date) = lot.as_ref()?;
            changed.push(format!("a new lot (before: \"{value}\" on {date})"));
        }
        (!changed.is_empty()).then(|| {
            format!(
                "This is {}. It will be noted for your clinician: the same amount of a new \
                 product or lot can be a different dose.",
                changed.join(" and ")
            )
        })
    }

    /// Parses every field into the entry to save, written on `today` (a day before
    /// `today` is thereby marked as entered late). All problems are reported, each at
    /// its field; an entry that parses is also checked as a whole.
    pub fn parse(
        &self,
        unit: Unit,
        instrument: Option<&Instrument>,
        today: NaiveDate,
    ) -> Result<DayEntry, DraftErrors> {
        let mut errors = DraftErrors::new();
        let mut entry = self
            .saved
            .clone()
            .unwrap_or_else(|| DayEntry::new(self.date));
        entry.date = self.date;
        entry.doses = self.parse_doses(unit, &mut errors);
        entry.product = non_empty(&self.product);
        entry.lot = non_empty(&self.lot);
        if let Some(instrument) = instrument {
            self.put_answers(&mut entry, instrument);
        }
        entry.cravings = self.cravings;
        entry.pain = self.pain;
        match parse_sleep(&self.sleep) {
            Ok(tenths) => entry.sleep_tenths = tenths,
            Err(message) => {
                errors.insert(DraftField::Sleep, message);
            }
        }
        entry.red_flags = self.red_flags.clone();
        entry.substances = self.substances.clone();
        entry.note = self.note.trim_end().to_string();
        entry.hold_requested = self.hold_requested;
        entry.logged_on = Some(today.max(self.date));
        if !errors.is_empty() {
            return Err(errors);
        }
        entry
            .validate()
            .map_err(|e| DraftErrors::from([(DraftField::Entry, format!("Not saved: {e}"))]))?;
        Ok(entry)
    }

    /// The dose rows as doses taken; empty rows are skipped, each problem is noted at
    /// its row's field.
    fn parse_doses(&self, unit: Unit, errors: &mut DraftErrors) -> Vec<DoseTaken> {
        let mut doses = Vec::new();
        for (i, dose) in self.doses.iter().enumerate() {
            let (amount, time) = (dose.amount.trim(), dose.time.trim());
            if amount.is_empty() && time.is_empty() {
                continue;
            }
            let n = i + 1;
            let amount = if amount.is_empty() {
                errors.insert(
                    DraftField::DoseAmount(i),
                    format!("Dose {n}: enter the amount taken (in {unit}), or remove the dose"),
                );
                None
            } else {
                Amount::parse_in_unit(amount, unit)
                    .map_err(|e| errors.insert(DraftField::DoseAmount(i), format!("Dose {n}: {e}")))
                    .ok()
            };
            let time = parse_time(time).unwrap_or_else(|message| {
                errors.insert(DraftField::DoseTime(i), format!("Dose {n} time: {message}"));
                None
            });
            if let Some(amount) = amount {
                doses.push(DoseTaken { time, amount });
            }
        }
        doses
    }

    /// Puts the checklist answers into `entry`'s score for `instrument` (removing the
    /// score when nothing is answered); other instruments' scores stay as they were.
    fn put_answers(&self, entry: &mut DayEntry, instrument: &Instrument) {
        let answers: Vec<ItemAnswer> = instrument
            .items
            .iter()
            .filter_map(|item| {
                self.answers.get(&item.id).map(|score| ItemAnswer {
                    item: item.id.clone(),
                    score: *score,
                })
            })
            .collect();
        let position = entry
            .scores
            .iter()
            .position(|s| s.instrument == instrument.id);
        match (position, answers.is_empty()) {
            (Some(i), true) => {
                entry.scores.remove(i);
            }
            (Some(i), false) => entry.scores[i].answers = answers,
            (None, true) => {}
            (None, false) => entry.scores.push(InstrumentScore {
                instrument: instrument.id.clone(),
                answers,
            }),
        }
    }

    /// True when saving the draft would change nothing in the saved entry (apart from
    /// the day it was written, which is not worth marking a day as late for).
    pub fn is_unchanged(&self, parsed: &DayEntry) -> bool {
        self.saved.as_ref().is_some_and(|saved| {
            let mut same = parsed.clone();
            same.logged_on = saved.logged_on;
            same == *saved
        })
    }
}

fn non_empty(text: &str) -> Option<String> {
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_string())
}

/// "8:30", "08:30" or "20:05"; empty means no time.
fn parse_time(text: &str) -> Result<Option<NaiveTime>, String> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    NaiveTime::parse_from_str(text, "%H:%M")
        .map(Some)
        .map_err(|_| format!("'{text}' is not a time; write it as HH:MM, such as 08:30 or 20:15"))
}

/// Hours of sleep ("7", "7.5", "7,5") in tenths of an hour; empty means not given.
/// More decimals are rounded to the nearest tenth.
fn parse_sleep(text: &str) -> Result<Option<u16>, String> {
    let text = text.trim().replace(',', ".");
    if text.is_empty() {
        return Ok(None);
    }
    let hours = Amount::parse_number(&text)
        .map_err(|_| format!("Sleep: '{text}' is not a number of hours; write it as 7 or 7.5"))?;
    let tenths = (hours.milli() + 50) / 100;
    if tenths > i64::from(MAX_SLEEP_TENTHS) {
        return Err(format!(
            "Sleep: {text} hours is more than a day (at most 24)"
        ));
    }
    Ok(Some(tenths as u16))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::instrument::{KRATOM_DAILY_ID, builtin_by_id};

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, d).unwrap()
    }

    fn entry(d: u32, product: Option<&str>, lot: Option<&str>) -> DayEntry {
        DayEntry {
            product: product.map(String::from),
            lot: lot.map(String::from),
            logged_on: Some(day(d)),
            ..DayEntry::new(day(d))
        }
    }

    #[test]
    fn a_new_day_carries_product_and_lot_over() {
        let journal = Journal::from_entries(vec![
            entry(1, Some("Red Bali"), Some("A1")),
            entry(2, None, None),
        ])
        .unwrap();
        let draft = DayDraft::load(&journal, day(3), None);
        assert_eq!(draft.product, "Red Bali");
        assert_eq!(draft.lot, "A1");
        assert!(draft.saved.is_none());
        assert_eq!(draft.product_change_note(&journal), None);
        let mut changed = draft.clone();
        changed.lot = "B7".into();
        let note = changed.product_change_note(&journal).unwrap();
        assert!(
            note.contains("a new lot (before: \"A1\" on 2026-12-01)"),
            "{note}"
        );
        assert!(DayDraft::load(&journal, day(1), None).saved.is_some());
    }

    #[test]
    fn a_draft_parses_to_the_entry_it_was_loaded_from() {
        let instrument = builtin_by_id(KRATOM_DAILY_ID).unwrap();
        let saved = DayEntry {
            doses: vec![
                DoseTaken {
                    time: NaiveTime::from_hms_opt(8, 30, 0),
                    amount: Amount::from_milli(2_700),
                },
                DoseTaken {
                    time: None,
                    amount: Amount::from_milli(2_600),
                },
            ],
            scores: vec![
                InstrumentScore {
                    instrument: "sows".into(),
                    answers: vec![],
                },
                InstrumentScore {
                    instrument: KRATOM_DAILY_ID.into(),
                    answers: vec![ItemAnswer {
                        item: "diarrhoea".into(),
                        score: 2,
                    }],
                },
            ],
            cravings: Some(4),
            sleep_tenths: Some(75),
            red_flags: vec![RedFlag::Jaundice],
            note: "ok".into(),
            ..entry(2, Some("Red Bali"), Some("A1"))
        };
        let draft = DayDraft::from_entry(&saved, Some(instrument));
        assert_eq!(draft.sleep, "7.5");
        assert_eq!(draft.doses[0].time, "08:30");
        let parsed = draft.parse(Unit::G, Some(instrument), day(2)).unwrap();
        assert_eq!(parsed, saved);
        assert!(draft.is_unchanged(&parsed));
        let late = draft.parse(Unit::G, Some(instrument), day(5)).unwrap();
        assert!(late.is_late());
        assert!(draft.is_unchanged(&late), "only the day written differs");
    }

    #[test]
    fn each_bad_field_gets_its_own_message_in_words() {
        let mut draft = DayDraft {
            date: day(1),
            ..DayDraft::default()
        };
        draft.doses = vec![
            DoseDraft {
                amount: "abc".into(),
                time: "8:30".into(),
            },
            DoseDraft {
                amount: "800mg".into(),
                time: "25:00".into(),
            },
            DoseDraft::default(),
        ];
        draft.sleep = "lots".into();
        let errors = draft.parse(Unit::G, None, day(1)).unwrap_err();
        assert!(errors[&DraftField::DoseAmount(0)].contains("'abc' is not a number"));
        assert!(errors[&DraftField::DoseAmount(1)].contains("the plan is in g"));
        assert!(errors[&DraftField::DoseTime(1)].contains("HH:MM"));
        assert!(errors[&DraftField::Sleep].contains("not a number of hours"));
        assert_eq!(errors.len(), 4, "an empty row is ignored: {errors:?}");
    }

    #[test]
    fn sleep_is_kept_in_tenths() {
        assert_eq!(parse_sleep("7,5"), Ok(Some(75)));
        assert_eq!(parse_sleep(" 8 "), Ok(Some(80)));
        assert_eq!(parse_sleep("6.25"), Ok(Some(63)));
        assert_eq!(parse_sleep(""), Ok(None));
        assert!(parse_sleep("25").unwrap_err().contains("at most 24"));
    }

    #[test]
    fn took_as_planned_keeps_typed_times_and_unanswered_items_are_left_out() {
        let instrument = builtin_by_id(KRATOM_DAILY_ID).unwrap();
        let mut draft = DayDraft {
            date: day(1),
            doses: vec![DoseDraft {
                amount: "1".into(),
                time: "07:00".into(),
            }],
            ..DayDraft::default()
        };
        draft.fill_planned(&[Amount::from_milli(2_700), Amount::from_milli(2_600)]);
        assert_eq!(draft.doses[0].time, "07:00");
        assert_eq!(draft.typed_total(Unit::G), Amount::from_milli(5_300));
        draft.answers.insert("restlessness".into(), 3);
        draft.set_red_flag(RedFlag::Fever, true);
        draft.set_red_flag(RedFlag::Jaundice, true);
        let parsed = draft.parse(Unit::G, Some(instrument), day(1)).unwrap();
        assert_eq!(parsed.total_taken(), Amount::from_milli(5_300));
        assert_eq!(parsed.red_flags, [RedFlag::Jaundice, RedFlag::Fever]);
        assert_eq!(parsed.score(KRATOM_DAILY_ID).unwrap().total(), 3);
        assert!(!parsed.is_late());
    }
}
