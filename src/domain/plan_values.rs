//! The small value types of a plan that files hold as readable text: a percentage in
//! tenths ("12.5%") and a set of weekdays ("mon,tue,wed").

use std::fmt;

use chrono::{Datelike, NaiveDate, NaiveTime, Weekday};
use serde::{Deserialize, Serialize};

use super::amount::Amount;

/// A percentage held exactly in tenths of a percent (12.5% is 125); written to files
/// as text ("12.5%") so a person can read it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Percent(pub u32);

impl Percent {
    /// The share as a fraction of one, for the proportional curve.
    pub fn fraction(self) -> f64 {
        f64::from(self.0) / 1000.0
    }

    /// Parses "25", "12.5" or "12.5%" (one decimal at most).
    pub fn parse(text: &str) -> Result<Percent, String> {
        let number = text.trim().trim_end_matches('%');
        let milli = Amount::parse_number(number).map_err(|e| e.to_string())?;
        if milli.milli() % 100 != 0 {
            return Err(format!("'{}' has more than one decimal", text.trim()));
        }
        u32::try_from(milli.milli() / 100)
            .map(Percent)
            .map_err(|_| "the percentage is too large".to_string())
    }
}

impl fmt::Display for Percent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_multiple_of(10) {
            write!(f, "{}%", self.0 / 10)
        } else {
            write!(f, "{}.{}%", self.0 / 10, self.0 % 10)
        }
    }
}

/// A set of weekdays, such as the days the clinic sees patients; written to files as
/// text ("mon,tue,wed").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct WeekdaySet(pub u8);

impl WeekdaySet {
    /// Monday to Friday: the default clinic week.
    pub const WORKDAYS: WeekdaySet = WeekdaySet(0b0001_1111);
    const NAMES: [&'static str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

    /// True when `day` is in the set.
    pub fn contains(self, day: Weekday) -> bool {
        self.0 & (1 << day.num_days_from_monday()) != 0
    }

    /// True when the set has no day at all.
    pub fn is_empty(self) -> bool {
        self.0 & 0x7f == 0
    }

    /// Adds or removes one day (used by the plan editor's toggles).
    pub fn set(&mut self, day: Weekday, on: bool) {
        let bit = 1 << day.num_days_from_monday();
        if on {
            self.0 |= bit;
        } else {
            self.0 &= !bit;
        }
    }

    /// Parses "mon,tue,fri" (three-letter or full English names, any case).
    pub fn parse(text: &str) -> Result<WeekdaySet, String> {
        let mut set = WeekdaySet(0);
        for part in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let day: Weekday = part.parse().map_err(|_| {
                format!("unknown weekday '{part}'; use mon, tue, wed, thu, fri, sat or sun")
            })?;
            set.set(day, true);
        }
        if set.is_empty() {
            return Err("name at least one weekday, such as mon,wed,fri".to_string());
        }
        Ok(set)
    }

    /// The nearest day in the set to `date` (the earlier one on a tie); `date` itself
    /// when the set is empty (validation rejects that, this only keeps it total) or
    /// when no day of the set is within the calendar's ends.
    pub fn nearest(self, date: NaiveDate) -> NaiveDate {
        if self.is_empty() {
            return date;
        }
        for distance in 0..=3u64 {
            let days = chrono::Days::new(distance);
            // Checked: at the calendar's ends the missing side is skipped, not a panic.
            for candidate in [date.checked_sub_days(days), date.checked_add_days(days)] {
                if let Some(candidate) = candidate.filter(|c| self.contains(c.weekday())) {
                    return candidate;
                }
            }
        }
        date
    }
}

impl fmt::Display for WeekdaySet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = (0..7)
            .filter(|i| self.0 & (1 << i) != 0)
            .map(|i| Self::NAMES[i])
            .collect();
        f.write_str(&names.join(","))
    }
}

/// Serialises a type through its `Display` text and parses it back with `parse`.
macro_rules! serde_as_text {
    ($ty:ty) => {
        impl Serialize for $ty {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(&self.to_string())
            }
        }
        impl<'de> Deserialize<'de> for $ty {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<$ty, D::Error> {
                let text = String::deserialize(deserializer)?;
                <$ty>::parse(&text).map_err(serde::de::Error::custom)
            }
        }
    };
}
serde_as_text!(Percent);
serde_as_text!(WeekdaySet);

/// Parses dose times as typed: "08:00, 14:00, 20:00" (commas or spaces between, HH:MM
/// each); empty text is no times. Order and repeats are checked with the plan.
pub fn parse_dose_times(text: &str) -> Result<Vec<NaiveTime>, String> {
    text.split([',', ' ', ';'])
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(|t| {
            NaiveTime::parse_from_str(t, "%H:%M")
                .map_err(|_| format!("'{t}' is not a time; write it as HH:MM, such as 08:00"))
        })
        .collect()
}

/// Dose times as the editor shows them: "08:00, 20:00".
pub fn format_dose_times(times: &[NaiveTime]) -> String {
    times
        .iter()
        .map(|t| t.format("%H:%M").to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn nearest_clinic_day_prefers_earlier_on_tie() {
        // 2026-12-05 is a Saturday: Friday is 1 day back, Monday 2 ahead.
        assert_eq!(
            WeekdaySet::WORKDAYS.nearest(date(2026, 12, 5)),
            date(2026, 12, 4)
        );
        // Sunday: Monday is 1 ahead, Friday 2 back.
        assert_eq!(
            WeekdaySet::WORKDAYS.nearest(date(2026, 12, 6)),
            date(2026, 12, 7)
        );
        // Tue/Thu clinic, Wednesday 2026-12-02 is a tie: the earlier (Tuesday).
        let tue_thu = WeekdaySet::parse("tue,thu").unwrap();
        assert_eq!(tue_thu.nearest(date(2026, 12, 2)), date(2026, 12, 1));
    }

    #[test]
    fn nearest_clinic_day_at_the_calendars_ends_does_not_panic() {
        for end in [NaiveDate::MIN, NaiveDate::MAX] {
            for set in [WeekdaySet::WORKDAYS, WeekdaySet::parse("sun").unwrap()] {
                let near = set.nearest(end);
                assert!((near - end).num_days().abs() <= 3);
            }
        }
    }

    #[test]
    fn weekday_sets_parse_and_print() {
        assert_eq!(
            WeekdaySet::parse("mon,tue,wed,thu,fri"),
            Ok(WeekdaySet::WORKDAYS)
        );
        assert_eq!(
            WeekdaySet::parse("Monday, FRI").unwrap().to_string(),
            "mon,fri"
        );
        assert!(
            WeekdaySet::parse("mon,funday")
                .unwrap_err()
                .contains("funday")
        );
        assert!(WeekdaySet::parse("").is_err());
    }

    #[test]
    fn percent_parses_tenths() {
        assert_eq!(Percent::parse("25"), Ok(Percent(250)));
        assert_eq!(Percent::parse("12.5%"), Ok(Percent(125)));
        assert!(Percent::parse("12.55").is_err());
        assert_eq!(Percent(125).to_string(), "12.5%");
    }
}
