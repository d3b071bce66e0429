//! The shared x axis: one equal-width column per day from the first charted day, with
//! tick marks every week from the start (where reductions usually fall) labelled with
//! short dates. Both panels use it, so they line up and hover maps to one day.

use std::ops::Range;

use chrono::{Days, NaiveDate};
use plotters::coord::ranged1d::{DefaultFormatting, KeyPointHint};
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;

/// The x coordinate: days from the first charted day, with our own tick positions
/// (weeks from the start, where reductions fall) and date labels.
#[derive(Clone)]
pub struct XSpec {
    days: f64,
    ticks: Vec<f64>,
    light: Vec<f64>,
}

impl Ranged for XSpec {
    type FormatOption = DefaultFormatting;
    type ValueType = f64;

    fn map(&self, value: &f64, limit: (i32, i32)) -> i32 {
        RangedCoordf64::from(0.0..self.days).map(value, limit)
    }

    fn key_points<Hint: KeyPointHint>(&self, hint: Hint) -> Vec<f64> {
        if hint.weight().allow_light_points() {
            self.light.clone()
        } else {
            self.ticks.clone()
        }
    }

    fn range(&self) -> Range<f64> {
        0.0..self.days
    }
}

/// Charts spanning more days than this label their ticks with month and year.
pub const YEAR_LABELS_AFTER_DAYS: u32 = 300;

/// The shared x axis: its first day, its length and its ticks.
pub struct Frame {
    pub first: NaiveDate,
    pub days: u32,
    pub ticks: Vec<f64>,
    pub light: Vec<f64>,
    pub s: f64,
    /// Pixels per day across the plot.
    pub per_day: f64,
}

impl Frame {
    pub fn new(first: NaiveDate, days: u32, plot_width: i32, s: f64) -> Frame {
        let width = f64::from(plot_width.max(1));
        let max_labels = ((width / (72.0 * s)).floor() as u64).max(2);
        let days64 = u64::from(days);
        let fits = |step: u64| days64.div_ceil(step) <= max_labels;
        // Weeks first: reductions usually fall every seven days from the start.
        let mut step = [1u64, 2, 7, 14, 28, 56, 91, 182, 364]
            .into_iter()
            .find(|&c| fits(c))
            .unwrap_or(364);
        while !fits(step) {
            step = step.saturating_mul(2);
        }
        let ticks = (0..days64)
            .step_by(step as usize)
            .map(|d| d as f64)
            .collect();
        let per_day = width / f64::from(days.max(1));
        let light = if step > 1 && per_day >= 8.0 * s {
            (0..=days64).map(|d| d as f64).collect()
        } else if step > 7 && per_day * 7.0 >= 8.0 * s {
            (0..=days64).step_by(7).map(|d| d as f64).collect()
        } else {
            Vec::new()
        };
        Frame {
            first,
            days,
            ticks,
            light,
            s,
            per_day,
        }
    }

    /// The dated values as chart points, leaving out those that would land in a cell
    /// of `cell` pixels a side (at least one) that already has one (`y_per_pixel` is
    /// the value one pixel up). Five years of days on a few hundred pixels would
    /// otherwise draw each marker several times over: a marker covers a few pixels, so
    /// thinning on a grid of about half its size makes the redraw several times faster
    /// and the picture no different.
    pub fn distinct_points(
        &self,
        values: impl Iterator<Item = (NaiveDate, f64)>,
        y_per_pixel: f64,
        cell: f64,
    ) -> Vec<(f64, f64)> {
        let y_per_pixel = if y_per_pixel > 0.0 { y_per_pixel } else { 1.0 };
        let cell = if cell >= 1.0 { cell } else { 1.0 };
        let mut seen = std::collections::HashSet::new();
        values
            .map(|(date, y)| (self.x(date) + 0.5, y))
            .filter(|&(x, y)| {
                let at = (
                    (x * self.per_day / cell).round() as i64,
                    (y / y_per_pixel / cell).round() as i64,
                );
                seen.insert(at)
            })
            .collect()
    }

    pub fn spec(&self) -> XSpec {
        XSpec {
            days: f64::from(self.days),
            ticks: self.ticks.clone(),
            light: self.light.clone(),
        }
    }

    /// The left edge of a day's column.
    pub fn x(&self, date: NaiveDate) -> f64 {
        (date - self.first).num_days() as f64
    }

    /// True when the day has a column on the chart.
    pub fn shows(&self, date: NaiveDate) -> bool {
        let i = (date - self.first).num_days();
        i >= 0 && i < i64::from(self.days)
    }

    /// The short date label for a tick: "Dec 01", or "Dec 2026" on a chart longer
    /// than [`YEAR_LABELS_AFTER_DAYS`], where a month and day alone would not say which
    /// year is meant.
    pub fn label(&self, x: f64) -> String {
        if !x.is_finite() || x < 0.0 {
            return String::new();
        }
        let format = if self.days > YEAR_LABELS_AFTER_DAYS {
            "%b %Y"
        } else {
            "%b %d"
        };
        self.first
            .checked_add_days(Days::new(x.round() as u64))
            .map(|d| d.format(format).to_string())
            .unwrap_or_default()
    }
}

/// A number for an axis label without float noise: 12, 2.5, 0.25.
pub fn number(v: f64) -> String {
    let text = format!("{v:.2}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" {
        "0".into()
    } else {
        text.into()
    }
}

#[cfg(test)]
mod distinct_tests {
    use super::*;
    use chrono::Days;

    #[test]
    fn points_on_a_pixel_already_drawn_are_left_out_and_the_others_kept() {
        let first = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        // Five years on 400 pixels: about 4.6 days a pixel.
        let frame = Frame::new(first, 1826, 400, 1.0);
        let days = (0..1826u64).map(|d| (first + Days::new(d), 12.0));
        let kept = frame.distinct_points(days.clone(), 0.1, 1.0);
        assert!(
            (395..=405).contains(&kept.len()),
            "one a pixel: {}",
            kept.len()
        );
        // On a grid of 4 pixels, one in every 4 pixels' columns.
        let coarse = frame.distinct_points(days, 0.1, 4.0);
        assert!(
            (99..=102).contains(&coarse.len()),
            "one in 4: {}",
            coarse.len()
        );
        // Values a pixel apart on the same column are both kept.
        let two = [(first, 12.0), (first, 12.1), (first, 12.12)];
        assert_eq!(frame.distinct_points(two.into_iter(), 0.1, 1.0).len(), 2);
        // A roomy chart keeps every day.
        let wide = Frame::new(first, 30, 600, 1.0);
        let month = (0..30u64).map(|d| (first + Days::new(d), 1.0));
        assert_eq!(wide.distinct_points(month, 0.1, 1.0).len(), 30);
    }
}
