//! What the chart's legend lists: only what is actually on the chart, in one order.
//!
//! The picture (PNG/SVG exports) draws these entries inside the plot; the screen draws
//! them as a line above the picture and the handout as a line of text under it, so on
//! screen and on paper the legend never covers data. One list keeps the three alike.

use plotters::style::RGBColor;

use super::ChartData;
use super::palette::Palette;
use crate::domain::checkin::CheckInKind;

/// The symbol of a legend entry, as the chart draws that series.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    /// A solid line: the plan in force.
    Line,
    /// A dashed line: the original plan under a revision.
    Dashed,
    /// A filled dot: an amount taken.
    Dot,
    /// A filled triangle: a visit.
    Triangle,
    /// A ring: a self check-in.
    Ring,
    /// A translucent block: a hold.
    Block,
    /// A cross: a red flag.
    Cross,
}

/// One line of the legend.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LegendEntry {
    pub label: &'static str,
    pub mark: Mark,
}

impl LegendEntry {
    /// The colour the chart draws this entry's series in.
    pub fn color(&self, palette: &Palette) -> RGBColor {
        match self.mark {
            Mark::Line => palette.planned,
            Mark::Dashed => palette.original,
            Mark::Dot => palette.taken,
            Mark::Triangle => palette.visit,
            Mark::Ring => palette.self_check,
            Mark::Block => palette.hold,
            Mark::Cross => palette.red_flag,
        }
    }
}

/// The entries for what `data` shows, in the order the legend lists them.
pub fn legend_entries(data: &ChartData) -> Vec<LegendEntry> {
    let entry = |label, mark| LegendEntry { label, mark };
    let mut entries = Vec::new();
    if data.revised.is_some() {
        entries.push(entry("original plan", Mark::Dashed));
        entries.push(entry("revised plan", Mark::Line));
    } else if !data.original.is_empty() {
        entries.push(entry("planned", Mark::Line));
    }
    if !data.taken.is_empty() {
        entries.push(entry("taken", Mark::Dot));
    }
    let has = |kind| data.check_ins.iter().any(|c| c.1 == kind);
    if has(CheckInKind::Visit) {
        entries.push(entry("visit", Mark::Triangle));
    }
    if has(CheckInKind::SelfCheck) {
        entries.push(entry("self check-in", Mark::Ring));
    }
    if !data.holds.is_empty() {
        entries.push(entry("hold", Mark::Block));
    }
    if !data.red_flags.is_empty() {
        entries.push(entry("red flag", Mark::Cross));
    }
    entries
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::amount::Amount;
    use chrono::NaiveDate;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, d).unwrap()
    }

    #[test]
    fn lists_only_what_is_charted() {
        let empty = ChartData::default();
        assert!(legend_entries(&empty).is_empty());
        let plan = ChartData {
            original: vec![(day(1), Amount::from_milli(1000))],
            check_ins: vec![(day(3), CheckInKind::SelfCheck)],
            ..ChartData::default()
        };
        let labels: Vec<_> = legend_entries(&plan).iter().map(|e| e.label).collect();
        assert_eq!(labels, ["planned", "self check-in"]);
    }

    #[test]
    fn a_revision_shows_both_plans_and_the_journal_its_marks() {
        let data = ChartData {
            original: vec![(day(1), Amount::from_milli(1000))],
            revised: Some(vec![(day(1), Amount::from_milli(500))]),
            taken: vec![(day(1), Amount::from_milli(900))],
            holds: vec![(day(2), day(4))],
            red_flags: vec![day(2)],
            check_ins: vec![(day(5), CheckInKind::Visit)],
            ..ChartData::default()
        };
        let marks: Vec<_> = legend_entries(&data).iter().map(|e| e.mark).collect();
        use Mark::*;
        assert_eq!(marks, [Dashed, Line, Dot, Triangle, Block, Cross]);
        let palette = Palette::for_theme(true);
        assert_eq!(legend_entries(&data)[2].color(&palette), palette.taken);
    }
}
