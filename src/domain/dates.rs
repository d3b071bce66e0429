//! The one range of calendar dates the app accepts, wherever a date comes from: a file,
//! the command line or a form. Keeping every date inside it means date arithmetic on
//! them (a five-year plan, its holds and follow-up) stays far from the calendar's ends.
//!
//! Dates of birth have their own, earlier start: patients born before 1970 exist.

use std::fmt;

use chrono::{Datelike, NaiveDate};

/// The first year of the allowed range (the command line's `YYYY-MM-DD` accepts it).
pub const FIRST_YEAR: i32 = 1970;
/// The last year of the allowed range.
pub const LAST_YEAR: i32 = 2200;
/// The first year a date of birth may have.
pub const FIRST_BIRTH_YEAR: i32 = 1900;

/// The first allowed date, 1970-01-01.
pub const FIRST_DATE: NaiveDate = ymd(FIRST_YEAR, 1, 1);
/// The last allowed date, 2200-12-31.
pub const LAST_DATE: NaiveDate = ymd(LAST_YEAR, 12, 31);
/// The first allowed date of birth, 1900-01-01.
pub const FIRST_BIRTH_DATE: NaiveDate = ymd(FIRST_BIRTH_YEAR, 1, 1);

const fn ymd(year: i32, month: u32, day: u32) -> NaiveDate {
    match NaiveDate::from_ymd_opt(year, month, day) {
        Some(date) => date,
        None => panic!("not a calendar date"),
    }
}

/// True when `date` is within [`FIRST_DATE`]..=[`LAST_DATE`].
pub fn in_range(date: NaiveDate) -> bool {
    (FIRST_DATE..=LAST_DATE).contains(&date)
}

/// How many days after today a day may be entered (a journal day, a visit): one, so
/// that a patient a time zone ahead, or writing just after midnight, is not refused.
pub const DAYS_AHEAD_ALLOWED: u64 = 1;

/// True when `date` has not come yet: it is more than [`DAYS_AHEAD_ALLOWED`] days
/// after `today`. The journal and the visits refuse such days when they are entered
/// (never when a file is loaded).
pub fn not_yet(date: NaiveDate, today: NaiveDate) -> bool {
    today
        .checked_add_days(chrono::Days::new(DAYS_AHEAD_ALLOWED))
        .is_some_and(|latest| date > latest)
}

/// A date outside the allowed range; the message gives the range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateOutOfRange {
    pub date: NaiveDate,
    pub first: NaiveDate,
    pub last: NaiveDate,
}

impl fmt::Display for DateOutOfRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // chrono writes years past 9999 with a sign ("+262142-12-01"), as files do.
        let year = self.date.year();
        let shown = if (0..=9999).contains(&year) {
            self.date.to_string()
        } else {
            format!("{:+}-{:02}-{:02}", year, self.date.month(), self.date.day())
        };
        write!(
            f,
            "{shown} is outside the dates this app accepts ({} to {})",
            self.first, self.last
        )
    }
}

impl std::error::Error for DateOutOfRange {}

/// A span of days (a plan, from its start to its last listed day or check-in) that
/// runs past [`LAST_DATE`]: its last days could not be logged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SpanPastRange {
    pub last: NaiveDate,
    /// How many days past [`LAST_DATE`] it runs.
    pub days_over: u64,
}

impl fmt::Display for SpanPastRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "this plan runs until {}, {} day(s) past {LAST_DATE}, the last date this app \
             accepts; start it earlier",
            self.last, self.days_over
        )
    }
}

/// Checks that a span ending on `last` ends within the allowed range (its start is
/// checked on its own, with [`check`]).
pub fn check_span_end(last: NaiveDate) -> Result<(), SpanPastRange> {
    if last <= LAST_DATE {
        return Ok(());
    }
    Err(SpanPastRange {
        last,
        days_over: (last - LAST_DATE).num_days().unsigned_abs(),
    })
}

/// Checks that `date` is within the allowed range.
pub fn check(date: NaiveDate) -> Result<NaiveDate, DateOutOfRange> {
    check_between(date, FIRST_DATE, LAST_DATE)
}

/// Checks a date of birth: from [`FIRST_BIRTH_DATE`] to [`LAST_DATE`].
pub fn check_birth(date: NaiveDate) -> Result<NaiveDate, DateOutOfRange> {
    check_between(date, FIRST_BIRTH_DATE, LAST_DATE)
}

fn check_between(
    date: NaiveDate,
    first: NaiveDate,
    last: NaiveDate,
) -> Result<NaiveDate, DateOutOfRange> {
    if (first..=last).contains(&date) {
        Ok(date)
    } else {
        Err(DateOutOfRange { date, first, last })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_range_is_1970_to_2200_inclusive() {
        assert!(check(FIRST_DATE).is_ok() && check(LAST_DATE).is_ok());
        assert!(check(FIRST_DATE.pred_opt().unwrap()).is_err());
        assert!(check(LAST_DATE.succ_opt().unwrap()).is_err());
        assert!(check_birth(ymd(1931, 5, 2)).is_ok());
        assert!(check_birth(ymd(1899, 12, 31)).is_err());
        let far = check(NaiveDate::from_ymd_opt(262_142, 12, 1).unwrap()).unwrap_err();
        assert_eq!(
            far.to_string(),
            "+262142-12-01 is outside the dates this app accepts (1970-01-01 to 2200-12-31)"
        );
    }

    #[test]
    fn a_span_may_end_on_the_last_date_and_not_after() {
        assert_eq!(check_span_end(LAST_DATE), Ok(()));
        let err = check_span_end(ymd(2201, 1, 26)).unwrap_err();
        assert_eq!(err.days_over, 26);
        assert_eq!(
            err.to_string(),
            "this plan runs until 2201-01-26, 26 day(s) past 2200-12-31, the last date this \
             app accepts; start it earlier"
        );
    }

    #[test]
    fn a_day_has_not_come_when_it_is_more_than_one_day_after_today() {
        let today = ymd(2026, 12, 9);
        assert!(!not_yet(ymd(2026, 12, 10), today));
        assert!(not_yet(ymd(2026, 12, 11), today));
        assert!(!not_yet(ymd(2020, 1, 1), today));
        assert!(
            !not_yet(NaiveDate::MAX, NaiveDate::MAX),
            "no overflow at the end"
        );
    }
}
