//! Helpers shared by the integration tests: [`ui`] drives the app as a user would,
//! [`cli`] runs the command line. Each test file uses only some of them, so unused
//! ones are not warned about.
#![allow(dead_code)]

pub mod cli;
pub mod five_years;
pub mod ui;

use chrono::NaiveDate;

/// A date that is known to exist.
pub fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}
