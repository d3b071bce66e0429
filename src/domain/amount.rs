//! Exact amounts: thousandths of the plan's unit held in an integer, so that rounding,
//! sums and file round-trips never drift the way floats do.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// The unit a plan is measured in. One plan has one unit; amounts carry no unit of
/// their own so that arithmetic between them is always meaningful.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub enum Unit {
    /// grams (kratom leaf powder is weighed in grams)
    #[default]
    G,
    /// milligrams
    Mg,
    /// millilitres (liquids, extracts)
    Ml,
}

impl Unit {
    /// Every unit, in the order a picker should offer them.
    pub const ALL: [Unit; 3] = [Unit::G, Unit::Mg, Unit::Ml];

    /// The short symbol used in files, CSV and on screen ("g", "mg", "ml").
    pub fn symbol(self) -> &'static str {
        match self {
            Unit::G => "g",
            Unit::Mg => "mg",
            Unit::Ml => "ml",
        }
    }

    /// The smallest measurable amount a plan assumes when the clinician names none:
    /// a 0.1 g kitchen scale, 1 mg, a 0.1 mL syringe.
    pub fn default_increment(self) -> Amount {
        match self {
            Unit::G | Unit::Ml => Amount::from_milli(100),
            Unit::Mg => Amount::from_milli(1000),
        }
    }

    /// Parses a unit symbol, case-insensitively ("g", "mg", "ml", "mL").
    pub fn parse(text: &str) -> Option<Unit> {
        match text.trim().to_ascii_lowercase().as_str() {
            "g" => Some(Unit::G),
            "mg" => Some(Unit::Mg),
            "ml" => Some(Unit::Ml),
            _ => None,
        }
    }
}

impl fmt::Display for Unit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.symbol())
    }
}

/// A non-negative amount in thousandths of the plan's unit.
///
/// Serialised as a decimal string ("12.5") so patient files stay readable and exact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Amount(i64);

/// The largest amount accepted anywhere (a million units): far above any real daily
/// amount, small enough that sums of years of days never overflow.
pub const MAX_AMOUNT_MILLI: i64 = 1_000_000_000;

impl Amount {
    /// Zero: the amount on and after the stop date.
    pub const ZERO: Amount = Amount(0);

    /// Builds an amount from thousandths of the unit.
    pub const fn from_milli(milli: i64) -> Amount {
        Amount(milli)
    }

    /// The amount in thousandths of the unit.
    pub const fn milli(self) -> i64 {
        self.0
    }

    /// True for zero.
    pub const fn is_zero(self) -> bool {
        self.0 == 0
    }

    /// The amount as a float, for drawing only (never for arithmetic).
    pub fn as_f64(self) -> f64 {
        self.0 as f64 / 1000.0
    }

    /// Rounds to the nearest multiple of `increment` (halves round up).
    pub fn round_to(self, increment: Amount) -> Amount {
        let inc = increment.0.max(1);
        Amount((self.0 + inc / 2) / inc * inc)
    }

    /// Rounds down to a multiple of `increment`.
    pub fn floor_to(self, increment: Amount) -> Amount {
        let inc = increment.0.max(1);
        Amount(self.0 / inc * inc)
    }

    /// True when the amount is a whole number of `increment`s.
    pub fn is_multiple_of(self, increment: Amount) -> bool {
        increment.0 > 0 && self.0 % increment.0 == 0
    }

    /// The share `part / self` in percent, for warnings; zero when self is zero.
    pub fn percent_of(part: Amount, whole: Amount) -> f64 {
        if whole.0 == 0 {
            0.0
        } else {
            part.0 as f64 * 100.0 / whole.0 as f64
        }
    }

    /// Parses "12", "12.5", "0.125" (at most three decimals) in the plan's unit.
    pub fn parse_number(text: &str) -> Result<Amount, AmountError> {
        let text = text.trim();
        if text.is_empty() {
            return Err(AmountError::Empty);
        }
        if text.starts_with('-') {
            return Err(AmountError::Negative);
        }
        let (whole, frac) = match text.split_once('.') {
            Some((w, f)) => (w, f),
            None => (text, ""),
        };
        let digits = |s: &str| s.chars().all(|c| c.is_ascii_digit());
        if (whole.is_empty() && frac.is_empty()) || !digits(whole) || !digits(frac) {
            return Err(AmountError::NotANumber(text.to_string()));
        }
        if frac.len() > 3 {
            return Err(AmountError::TooPrecise(text.to_string()));
        }
        let whole: i64 = if whole.is_empty() {
            0
        } else {
            whole
                .parse()
                .ok()
                .filter(|w: &i64| *w <= MAX_AMOUNT_MILLI / 1000)
                .ok_or(AmountError::TooLarge)?
        };
        let mut frac_milli = 0i64;
        for (i, c) in frac.chars().enumerate() {
            frac_milli += i64::from(c as u8 - b'0') * [100, 10, 1][i];
        }
        let milli = whole * 1000 + frac_milli;
        if milli > MAX_AMOUNT_MILLI {
            return Err(AmountError::TooLarge);
        }
        Ok(Amount(milli))
    }

    /// Parses an amount with its unit: "12g", "12.5 g", "800mg", "7.5ml".
    pub fn parse_with_unit(text: &str) -> Result<(Amount, Unit), AmountError> {
        let text = text.trim();
        let split = text
            .find(|c: char| c.is_ascii_alphabetic())
            .ok_or_else(|| AmountError::MissingUnit(text.to_string()))?;
        let (number, unit) = text.split_at(split);
        if number.trim().is_empty() {
            return Err(AmountError::NotANumber(text.to_string()));
        }
        let unit = Unit::parse(unit).ok_or_else(|| AmountError::UnknownUnit(unit.to_string()))?;
        Ok((Amount::parse_number(number)?, unit))
    }

    /// Parses an amount that may name a unit; if it does, the unit must be `expected`.
    pub fn parse_in_unit(text: &str, expected: Unit) -> Result<Amount, AmountError> {
        if text.trim().contains(|c: char| c.is_ascii_alphabetic()) {
            let (amount, unit) = Amount::parse_with_unit(text)?;
            if unit != expected {
                return Err(AmountError::WrongUnit {
                    found: unit,
                    expected,
                });
            }
            Ok(amount)
        } else {
            Amount::parse_number(text)
        }
    }

    /// The amount with its unit, e.g. "12.5 g".
    pub fn with_unit(self, unit: Unit) -> String {
        format!("{self} {unit}")
    }
}

impl std::ops::Add for Amount {
    type Output = Amount;
    fn add(self, rhs: Amount) -> Amount {
        Amount(self.0 + rhs.0)
    }
}

impl std::ops::Sub for Amount {
    type Output = Amount;
    fn sub(self, rhs: Amount) -> Amount {
        Amount(self.0 - rhs.0)
    }
}

impl std::iter::Sum for Amount {
    fn sum<I: Iterator<Item = Amount>>(iter: I) -> Amount {
        Amount(iter.map(|a| a.0).sum())
    }
}

/// Plain decimal without float noise: 12, 12.5, 0.125.
impl fmt::Display for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        let (whole, frac) = (abs / 1000, abs % 1000);
        if frac == 0 {
            write!(f, "{sign}{whole}")
        } else {
            let frac = format!("{frac:03}");
            write!(f, "{sign}{whole}.{}", frac.trim_end_matches('0'))
        }
    }
}

impl FromStr for Amount {
    type Err = AmountError;
    fn from_str(s: &str) -> Result<Amount, AmountError> {
        Amount::parse_number(s)
    }
}

impl Serialize for Amount {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.to_string())
    }
}

impl<'de> Deserialize<'de> for Amount {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Amount, D::Error> {
        let text = String::deserialize(deserializer)?;
        Amount::parse_number(&text).map_err(serde::de::Error::custom)
    }
}

/// Why a piece of text is not an amount; the message says what is allowed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AmountError {
    Empty,
    Negative,
    NotANumber(String),
    TooPrecise(String),
    TooLarge,
    MissingUnit(String),
    UnknownUnit(String),
    WrongUnit { found: Unit, expected: Unit },
}

impl fmt::Display for AmountError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AmountError::Empty => write!(f, "no amount given; enter a number such as 12 or 12.5"),
            AmountError::Negative => write!(f, "an amount cannot be negative"),
            AmountError::NotANumber(t) => {
                write!(
                    f,
                    "'{t}' is not a number; enter digits with an optional decimal point, such as 12.5"
                )
            }
            AmountError::TooPrecise(t) => write!(f, "'{t}' has more than three decimals"),
            AmountError::TooLarge => write!(f, "the amount is too large (at most 1000000)"),
            AmountError::MissingUnit(t) => {
                write!(f, "'{t}' has no unit; write it as 12g, 800mg or 7.5ml")
            }
            AmountError::UnknownUnit(u) => {
                write!(f, "unknown unit '{u}'; allowed units are g, mg and ml")
            }
            AmountError::WrongUnit { found, expected } => {
                write!(f, "the amount is in {found} but the plan is in {expected}")
            }
        }
    }
}

impl std::error::Error for AmountError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_amounts_with_units() {
        assert_eq!(
            Amount::parse_with_unit("12g"),
            Ok((Amount(12_000), Unit::G))
        );
        assert_eq!(
            Amount::parse_with_unit("12.5 g"),
            Ok((Amount(12_500), Unit::G))
        );
        assert_eq!(
            Amount::parse_with_unit("800mg"),
            Ok((Amount(800_000), Unit::Mg))
        );
        assert_eq!(
            Amount::parse_with_unit("7.5ml"),
            Ok((Amount(7_500), Unit::Ml))
        );
        assert_eq!(
            Amount::parse_with_unit(".25 mL"),
            Ok((Amount(250), Unit::Ml))
        );
    }

    #[test]
    fn rejects_bad_amounts() {
        assert_eq!(
            Amount::parse_with_unit("12"),
            Err(AmountError::MissingUnit("12".into()))
        );
        assert!(matches!(
            Amount::parse_with_unit("12kg"),
            Err(AmountError::UnknownUnit(_))
        ));
        assert_eq!(Amount::parse_number("-1"), Err(AmountError::Negative));
        assert!(matches!(
            Amount::parse_number("1.2345"),
            Err(AmountError::TooPrecise(_))
        ));
        assert!(matches!(
            Amount::parse_number("1e3"),
            Err(AmountError::NotANumber(_))
        ));
        assert!(matches!(
            Amount::parse_number("."),
            Err(AmountError::NotANumber(_))
        ));
        assert!(matches!(
            Amount::parse_number("1.2.3"),
            Err(AmountError::NotANumber(_))
        ));
        assert_eq!(
            Amount::parse_number("99999999999999999999"),
            Err(AmountError::TooLarge)
        );
        assert_eq!(Amount::parse_number(""), Err(AmountError::Empty));
    }

    #[test]
    fn formats_without_float_noise() {
        assert_eq!(Amount(12_000).to_string(), "12");
        assert_eq!(Amount(10_800).to_string(), "10.8");
        assert_eq!(Amount(125).to_string(), "0.125");
        assert_eq!(Amount(0).to_string(), "0");
        assert_eq!(Amount(7_050).with_unit(Unit::Ml), "7.05 ml");
    }

    #[test]
    fn rounds_to_increment() {
        let inc = Amount(100);
        assert_eq!(Amount(10_849).round_to(inc), Amount(10_800));
        assert_eq!(Amount(10_850).round_to(inc), Amount(10_900));
        assert_eq!(Amount(10_899).floor_to(inc), Amount(10_800));
        assert!(Amount(1_200).is_multiple_of(inc));
        assert!(!Amount(1_250).is_multiple_of(inc));
    }

    #[test]
    fn round_trips_through_text() {
        for milli in [0, 1, 10, 100, 999, 1000, 12_345, 999_999_999] {
            let a = Amount(milli);
            assert_eq!(a.to_string().parse::<Amount>(), Ok(a));
        }
    }
}
