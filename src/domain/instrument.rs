//! Rating instruments (COWS, SOWS, the daily kratom checklist) as data.
//!
//! An instrument is a list of items, each with the only scores it allows, and the
//! bands its total falls into. Keeping them in `assets/instruments/*.ron` rather than
//! in code means a clinician can read exactly what the app asks and how it counts,
//! and a corrected anchor text is a data change, not a code change. Every instrument,
//! shipped or not, goes through [`Instrument::from_ron`], which refuses one that could
//! give a misleading total.

use std::collections::HashSet;
use std::fmt;
use std::sync::LazyLock;

use serde::{Deserialize, Serialize};

use super::basis::{self, Basis};

/// Who fills an instrument in. COWS scores observed signs, so only a clinician may
/// rate it; SOWS and the daily checklist ask the patient how they feel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Rater {
    Clinician,
    Patient,
}

/// A rating scale: items with their allowed scores, and the bands of its total.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Instrument {
    /// Stable identifier stored in journal entries ("cows"); never shown to users.
    pub id: String,
    /// The name shown on screen and in reports.
    pub name: String,
    /// Who may fill it in.
    pub rater: Rater,
    /// The citation the items and bands come from, shown beside every score.
    pub source: String,
    /// The questions, in the order they are asked.
    pub items: Vec<Item>,
    /// Named ranges of the total, sorted and non-overlapping.
    pub bands: Vec<Band>,
    /// Where the bands come from when that is not the source itself (e.g. SOWS bands
    /// are a convention, not from the original paper); shown beside the band.
    #[serde(default)]
    pub bands_note: Option<String>,
}

/// One question of an instrument.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Item {
    /// Stable identifier, unique in the instrument; answers refer to it.
    pub id: String,
    /// The question as shown to the rater.
    pub label: String,
    /// How to rate it (what to observe, what not to count).
    pub help: String,
    /// The only scores allowed, strictly increasing, each with its anchor text.
    pub values: Vec<ItemValue>,
}

/// One allowed score of an item with its plain-language anchor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ItemValue {
    pub score: u8,
    pub label: String,
}

/// A named range of totals, e.g. COWS "moderate" 13–24.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Band {
    pub name: String,
    /// Lowest total in the band.
    pub min: u32,
    /// Highest total in the band; `None` means open-ended (only the last band).
    pub max: Option<u32>,
}

impl Band {
    /// True when `total` falls in this band.
    pub fn contains(&self, total: u32) -> bool {
        total >= self.min && self.max.is_none_or(|max| total <= max)
    }
}

/// The band name the rules compare against ("moderate or worse" suggests a hold).
pub const MODERATE_BAND_NAME: &str = "moderate";

/// Identifier of the Clinical Opiate Withdrawal Scale.
pub const COWS_ID: &str = "cows";
/// Identifier of the Subjective Opiate Withdrawal Scale.
pub const SOWS_ID: &str = "sows";
/// Identifier of the app's daily kratom withdrawal checklist.
pub const KRATOM_DAILY_ID: &str = "kratom-daily";

impl Item {
    /// The allowed scores, for messages and pickers.
    pub fn allowed_scores(&self) -> Vec<u8> {
        self.values.iter().map(|v| v.score).collect()
    }

    /// The anchor for a score, or `None` if the item does not allow it.
    pub fn value(&self, score: u8) -> Option<&ItemValue> {
        self.values.iter().find(|v| v.score == score)
    }

    /// The highest allowed score (0 for an item without values, which never validates).
    pub fn max_score(&self) -> u8 {
        self.values.iter().map(|v| v.score).max().unwrap_or(0)
    }
}

impl Instrument {
    /// Parses an instrument from RON text and validates it, so that no instrument
    /// that could mis-score (duplicate items, unordered values, overlapping bands)
    /// ever reaches a patient's journal.
    pub fn from_ron(text: &str) -> Result<Instrument, InstrumentError> {
        let instrument: Instrument =
            ron::from_str(text).map_err(|e| InstrumentError::Parse(e.to_string()))?;
        instrument.validate()?;
        Ok(instrument)
    }

    /// Checks the rules [`Instrument::from_ron`] promises; the first problem found is
    /// returned, naming the item or band.
    pub fn validate(&self) -> Result<(), InstrumentError> {
        for (field, value) in [
            ("id", &self.id),
            ("name", &self.name),
            ("source", &self.source),
        ] {
            if value.trim().is_empty() {
                return Err(InstrumentError::EmptyField(field));
            }
        }
        if self.items.is_empty() {
            return Err(InstrumentError::NoItems);
        }
        let mut seen = HashSet::new();
        for (index, item) in self.items.iter().enumerate() {
            if item.id.trim().is_empty() {
                return Err(InstrumentError::EmptyItemId { index });
            }
            if !seen.insert(item.id.as_str()) {
                return Err(InstrumentError::DuplicateItem(item.id.clone()));
            }
            if item.label.trim().is_empty() {
                return Err(InstrumentError::EmptyItemLabel(item.id.clone()));
            }
            if item.values.len() < 2 {
                return Err(InstrumentError::TooFewValues(item.id.clone()));
            }
            for pair in item.values.windows(2) {
                if pair[1].score <= pair[0].score {
                    return Err(InstrumentError::ScoresNotIncreasing {
                        item: item.id.clone(),
                        previous: pair[0].score,
                        score: pair[1].score,
                    });
                }
            }
            if let Some(v) = item.values.iter().find(|v| v.label.trim().is_empty()) {
                return Err(InstrumentError::EmptyValueLabel {
                    item: item.id.clone(),
                    score: v.score,
                });
            }
        }
        let (lowest, highest) = (self.min_total(), self.max_total());
        let mut previous: Option<&Band> = None;
        for (index, band) in self.bands.iter().enumerate() {
            if band.name.trim().is_empty() {
                return Err(InstrumentError::EmptyBandName { index });
            }
            if band.max.is_some_and(|max| max < band.min) {
                return Err(InstrumentError::BandMaxBelowMin(band.name.clone()));
            }
            if band.min < lowest || band.min > highest {
                return Err(InstrumentError::BandOutOfRange {
                    band: band.name.clone(),
                    min: band.min,
                    lowest,
                    highest,
                });
            }
            if let Some(prev) = previous
                && prev.max.is_none_or(|max| band.min <= max)
            {
                return Err(InstrumentError::BandsOverlap {
                    band: band.name.clone(),
                    previous: prev.name.clone(),
                });
            }
            previous = Some(band);
        }
        Ok(())
    }

    /// The highest total the instrument can give (COWS 48, SOWS 64).
    pub fn max_total(&self) -> u32 {
        self.items.iter().map(|i| u32::from(i.max_score())).sum()
    }

    /// The lowest total the instrument can give (0 for every shipped one).
    pub fn min_total(&self) -> u32 {
        self.items
            .iter()
            .map(|i| u32::from(i.values.iter().map(|v| v.score).min().unwrap_or(0)))
            .sum()
    }

    /// The item with this id.
    pub fn item(&self, id: &str) -> Option<&Item> {
        self.items.iter().find(|i| i.id == id)
    }

    /// The total of a complete set of answers.
    ///
    /// Every item must be answered exactly once with one of its allowed scores: a
    /// skipped item would give a total that falls in a lower band and hide
    /// withdrawal, and a score the instrument does not allow (COWS pulse 3) means the
    /// rater misread the scale. Use [`Instrument::score_partial`] for a running total
    /// while a form is being filled in.
    pub fn score<S: AsRef<str>>(&self, answers: &[(S, u8)]) -> Result<u32, InstrumentError> {
        let total = self.score_partial(answers)?;
        if let Some(missing) = self
            .items
            .iter()
            .find(|item| !answers.iter().any(|(id, _)| id.as_ref() == item.id))
        {
            return Err(InstrumentError::MissingAnswer(missing.id.clone()));
        }
        Ok(total)
    }

    /// The total of the answers given so far, checking each as [`Instrument::score`]
    /// does but allowing unanswered items.
    pub fn score_partial<S: AsRef<str>>(
        &self,
        answers: &[(S, u8)],
    ) -> Result<u32, InstrumentError> {
        let mut seen = HashSet::new();
        let mut total = 0u32;
        for (id, score) in answers {
            let id = id.as_ref();
            let item = self
                .item(id)
                .ok_or_else(|| InstrumentError::UnknownItem(id.to_string()))?;
            if !seen.insert(id) {
                return Err(InstrumentError::DuplicateAnswer(id.to_string()));
            }
            if item.value(*score).is_none() {
                return Err(InstrumentError::ValueNotAllowed {
                    item: id.to_string(),
                    value: *score,
                    allowed: item.allowed_scores(),
                });
            }
            total += u32::from(*score);
        }
        Ok(total)
    }

    /// The band a total falls in, or `None` if the bands leave it uncovered.
    pub fn band(&self, total: u32) -> Option<&Band> {
        self.bands.iter().find(|b| b.contains(total))
    }

    /// The lowest total in the band named [`MODERATE_BAND_NAME`] (COWS 13, SOWS 11),
    /// or `None` if the instrument has no such band.
    pub fn moderate_threshold(&self) -> Option<u32> {
        self.bands
            .iter()
            .find(|b| b.name.eq_ignore_ascii_case(MODERATE_BAND_NAME))
            .map(|b| b.min)
    }

    /// True when `total` is in the moderate band or above: the level at which ASAM
    /// 2025 advises slowing or pausing a taper, so the rules suggest a hold. Always
    /// false for an instrument without a moderate band.
    pub fn is_moderate_or_worse(&self, total: u32) -> bool {
        self.moderate_threshold().is_some_and(|min| total >= min)
    }
}

/// One answered item of an instrument.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ItemAnswer {
    pub item: String,
    pub score: u8,
}

/// The answers to one instrument on one day. Answers are kept, not just the total,
/// so a clinician can see which symptoms drive a score.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InstrumentScore {
    /// The instrument's id ("cows", "sows", "kratom-daily").
    pub instrument: String,
    /// Written as a map from item id to score, in this order:
    /// `{"anxious": 2, "yawning": 0}` (patient file format version 2 on).
    #[serde(with = "answers_as_map")]
    pub answers: Vec<ItemAnswer>,
}

/// Serde for [`InstrumentScore::answers`]: a map `item: score` instead of a list of
/// `ItemAnswer(item: .., score: ..)`, a quarter of the text for the same content.
/// Order and repeated items are kept exactly (the map is read back into the list as
/// written), so every list round-trips.
mod answers_as_map {
    use std::fmt;

    use serde::de::{MapAccess, Visitor};
    use serde::ser::SerializeMap;
    use serde::{Deserializer, Serializer};

    use super::ItemAnswer;

    pub fn serialize<S: Serializer>(
        answers: &[ItemAnswer],
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(answers.len()))?;
        for answer in answers {
            map.serialize_entry(&answer.item, &answer.score)?;
        }
        map.end()
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Vec<ItemAnswer>, D::Error> {
        deserializer.deserialize_map(AnswersVisitor)
    }

    struct AnswersVisitor;

    impl<'de> Visitor<'de> for AnswersVisitor {
        type Value = Vec<ItemAnswer>;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a map from item id to score, like {\"anxious\": 2}")
        }

        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            // The hint comes from the file: cap it so a hostile one cannot reserve much.
            let mut answers = Vec::with_capacity(map.size_hint().unwrap_or(0).min(64));
            while let Some((item, score)) = map.next_entry::<String, u8>()? {
                answers.push(ItemAnswer { item, score });
            }
            Ok(answers)
        }
    }
}

impl InstrumentScore {
    /// The sum of the answers as stored. Use [`InstrumentScore::checked_total`] where
    /// the instrument is at hand.
    pub fn total(&self) -> u32 {
        self.answers.iter().map(|a| u32::from(a.score)).sum()
    }

    /// The total, checked against the instrument: the right instrument, every item
    /// answered once, only allowed values.
    pub fn checked_total(&self, instrument: &Instrument) -> Result<u32, InstrumentError> {
        if self.instrument != instrument.id {
            return Err(InstrumentError::WrongInstrument {
                expected: instrument.id.clone(),
                found: self.instrument.clone(),
            });
        }
        let pairs: Vec<(&str, u8)> = self
            .answers
            .iter()
            .map(|a| (a.item.as_str(), a.score))
            .collect();
        instrument.score(&pairs)
    }
}

/// Why an instrument text or a set of answers was refused; the message names the
/// item, band or field so that a file can be fixed by hand.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InstrumentError {
    /// The text is not RON of the right shape; the message carries line and column.
    Parse(String),
    EmptyField(&'static str),
    NoItems,
    EmptyItemId {
        index: usize,
    },
    DuplicateItem(String),
    EmptyItemLabel(String),
    TooFewValues(String),
    ScoresNotIncreasing {
        item: String,
        previous: u8,
        score: u8,
    },
    EmptyValueLabel {
        item: String,
        score: u8,
    },
    EmptyBandName {
        index: usize,
    },
    BandMaxBelowMin(String),
    BandOutOfRange {
        band: String,
        min: u32,
        lowest: u32,
        highest: u32,
    },
    BandsOverlap {
        band: String,
        previous: String,
    },
    UnknownItem(String),
    ValueNotAllowed {
        item: String,
        value: u8,
        allowed: Vec<u8>,
    },
    DuplicateAnswer(String),
    MissingAnswer(String),
    WrongInstrument {
        expected: String,
        found: String,
    },
}

impl fmt::Display for InstrumentError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use InstrumentError as E;
        match self {
            E::Parse(msg) => write!(f, "the instrument does not parse: {msg}"),
            E::EmptyField(field) => write!(f, "the instrument's '{field}' is empty"),
            E::NoItems => write!(f, "the instrument has no items"),
            E::EmptyItemId { index } => write!(f, "item number {} has an empty id", index + 1),
            E::DuplicateItem(id) => write!(f, "item '{id}' appears more than once"),
            E::EmptyItemLabel(id) => write!(f, "item '{id}' has an empty label"),
            E::TooFewValues(id) => write!(f, "item '{id}' needs at least two allowed values"),
            E::ScoresNotIncreasing {
                item,
                previous,
                score,
            } => write!(
                f,
                "item '{item}': values must have strictly increasing scores, but {score} follows {previous}"
            ),
            E::EmptyValueLabel { item, score } => {
                write!(f, "item '{item}': value {score} has an empty label")
            }
            E::EmptyBandName { index } => write!(f, "band number {} has an empty name", index + 1),
            E::BandMaxBelowMin(band) => write!(f, "band '{band}': max is below min"),
            E::BandOutOfRange {
                band,
                min,
                lowest,
                highest,
            } => write!(
                f,
                "band '{band}': min {min} is outside the possible totals {lowest}–{highest}"
            ),
            E::BandsOverlap { band, previous } => write!(
                f,
                "band '{band}' overlaps or comes before band '{previous}'; bands must be sorted and must not overlap"
            ),
            E::UnknownItem(id) => write!(f, "'{id}' is not an item of this instrument"),
            E::ValueNotAllowed {
                item,
                value,
                allowed,
            } => {
                let allowed: Vec<String> = allowed.iter().map(u8::to_string).collect();
                write!(
                    f,
                    "item '{item}' does not allow {value}; allowed values are {}",
                    allowed.join(", ")
                )
            }
            E::DuplicateAnswer(id) => write!(f, "item '{id}' is answered more than once"),
            E::MissingAnswer(id) => write!(f, "item '{id}' has no answer"),
            E::WrongInstrument { expected, found } => {
                write!(
                    f,
                    "instrument: the answers are for '{found}', not '{expected}'"
                )
            }
        }
    }
}

impl std::error::Error for InstrumentError {}

/// The shipped instrument files, compiled in so the app works without its assets
/// folder and the domain never touches the file system.
const BUILTIN_FILES: [(&str, &str); 3] = [
    (
        "cows.ron",
        include_str!("../../assets/instruments/cows.ron"),
    ),
    (
        "sows.ron",
        include_str!("../../assets/instruments/sows.ron"),
    ),
    (
        "kratom_daily.ron",
        include_str!("../../assets/instruments/kratom_daily.ron"),
    ),
];

static BUILTIN: LazyLock<Vec<Instrument>> = LazyLock::new(|| {
    BUILTIN_FILES
        .iter()
        .map(|(file, text)| {
            // The files are part of the program and tests/instruments.rs parses each
            // one, so a failure here is a build defect, not bad input.
            Instrument::from_ron(text)
                .unwrap_or_else(|e| panic!("shipped instrument {file} is invalid: {e}"))
        })
        .collect()
});

/// The shipped instruments: COWS, SOWS and the daily kratom checklist, in that order.
pub fn builtin() -> Vec<Instrument> {
    BUILTIN.clone()
}

/// A shipped instrument by id, without copying it.
pub fn builtin_by_id(id: &str) -> Option<&'static Instrument> {
    BUILTIN.iter().find(|i| i.id == id)
}

/// The cited basis of a shipped instrument, for alerts that quote a score.
pub fn builtin_basis(id: &str) -> Option<Basis> {
    match id {
        COWS_ID => Some(basis::WESSON_LING_2003),
        SOWS_ID => Some(basis::HANDELSMAN_1987),
        KRATOM_DAILY_ID => Some(basis::SINGH_2014),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn two_item(bands: &str) -> String {
        format!(
            r#"(id: "t", name: "T", rater: Patient, source: "s",
               items: [
                 (id: "a", label: "A", help: "", values: [(score: 0, label: "no"), (score: 2, label: "yes")]),
                 (id: "b", label: "B", help: "", values: [(score: 0, label: "no"), (score: 1, label: "yes")]),
               ],
               bands: {bands})"#
        )
    }

    #[test]
    fn accepts_a_small_instrument() {
        let inst = Instrument::from_ron(&two_item(
            r#"[(name: "low", min: 0, max: Some(1)), (name: "high", min: 2, max: None)]"#,
        ))
        .unwrap();
        assert_eq!(inst.max_total(), 3);
        assert_eq!(inst.score(&[("a", 2), ("b", 1)]), Ok(3));
        assert_eq!(inst.band(3).map(|b| b.name.as_str()), Some("high"));
        assert_eq!(inst.bands_note, None);
        assert!(!inst.is_moderate_or_worse(3));
    }

    #[test]
    fn refuses_overlapping_and_out_of_range_bands() {
        let overlap =
            two_item(r#"[(name: "low", min: 0, max: None), (name: "high", min: 2, max: None)]"#);
        assert_eq!(
            Instrument::from_ron(&overlap),
            Err(InstrumentError::BandsOverlap {
                band: "high".into(),
                previous: "low".into()
            })
        );
        let out = two_item(r#"[(name: "huge", min: 4, max: None)]"#);
        assert!(
            Instrument::from_ron(&out)
                .unwrap_err()
                .to_string()
                .contains("'huge'")
        );
        let inverted = two_item(r#"[(name: "odd", min: 2, max: Some(1))]"#);
        assert_eq!(
            Instrument::from_ron(&inverted),
            Err(InstrumentError::BandMaxBelowMin("odd".into()))
        );
    }

    #[test]
    fn partial_scores_allow_gaps_but_full_scores_do_not() {
        let inst = Instrument::from_ron(&two_item("[]")).unwrap();
        assert_eq!(inst.score_partial(&[("a", 2)]), Ok(2));
        assert_eq!(
            inst.score(&[("a", 2)]),
            Err(InstrumentError::MissingAnswer("b".into()))
        );
        assert_eq!(
            inst.score(&[("a", 2), ("a", 0), ("b", 0)]),
            Err(InstrumentError::DuplicateAnswer("a".into()))
        );
    }
}
