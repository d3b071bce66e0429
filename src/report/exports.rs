//! Every export of a patient record in one place, for the `export` command and the
//! app's File menu alike: the CSV, the calendar, the chart as PNG or SVG, and the PDF
//! handout, each made from the record and written through [`write_export`].

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use super::handout::{HandoutOptions, Paper, handout_pdf};
use super::ical::{CalendarOptions, calendar_ics};
use super::output::{Replace, write_export};
use super::patient_csv::export_csv;
use crate::chart::{self, ChartData};
use crate::domain::patient::PatientRecord;
use crate::domain::schedule::Schedule;

/// Size of exported chart pictures, in pixels.
pub const CHART_SIZE: (u32, u32) = (1200, 700);

/// One kind of export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ExportKind {
    Csv,
    Calendar,
    Png,
    Svg,
    Pdf,
}

impl ExportKind {
    /// Every kind, in menu order.
    pub const ALL: [ExportKind; 5] = [
        ExportKind::Csv,
        ExportKind::Calendar,
        ExportKind::Png,
        ExportKind::Svg,
        ExportKind::Pdf,
    ];

    /// The file name extension (without the dot).
    pub fn extension(self) -> &'static str {
        match self {
            ExportKind::Csv => "csv",
            ExportKind::Calendar => "ics",
            ExportKind::Png => "png",
            ExportKind::Svg => "svg",
            ExportKind::Pdf => "pdf",
        }
    }

    /// What the file holds, for menus and save dialogs.
    pub fn description(self) -> &'static str {
        match self {
            ExportKind::Csv => "Journal as CSV (one row per day)",
            ExportKind::Calendar => "Calendar with reminders (.ics)",
            ExportKind::Png => "Progress chart as PNG picture",
            ExportKind::Svg => "Progress chart as SVG picture",
            ExportKind::Pdf => "Handout as PDF",
        }
    }

    /// The file name an export of the patient file `stem` is offered under.
    pub fn suggested_name(self, stem: &str) -> String {
        let what = match self {
            ExportKind::Csv => "journal",
            ExportKind::Calendar => "calendar",
            ExportKind::Png | ExportKind::Svg => "chart",
            ExportKind::Pdf => "handout",
        };
        format!("{stem} {what}.{}", self.extension())
    }
}

/// The record and its schedules, as the exports need them.
#[derive(Debug, Clone, Copy)]
pub struct ExportSource<'a> {
    pub record: &'a PatientRecord,
    /// The plan in force.
    pub schedule: &'a Schedule,
    /// The plan as first made, when revisions changed it (the progress chart shows
    /// both; the handout never does).
    pub original: Option<&'a Schedule>,
}

/// Everything the exports need besides the record.
#[derive(Debug, Clone, PartialEq)]
pub struct ExportSettings {
    pub paper: Paper,
    pub calendar: CalendarOptions,
    /// The day the progress chart marks and the handout says it was printed.
    pub today: NaiveDate,
}

/// The bytes of one export.
pub fn export_bytes(
    kind: ExportKind,
    source: ExportSource<'_>,
    settings: &ExportSettings,
) -> Result<Vec<u8>, String> {
    let progress = || {
        ChartData::for_record(
            source.record,
            source.schedule,
            source.original,
            Some(settings.today),
        )
    };
    let (w, h) = CHART_SIZE;
    match kind {
        ExportKind::Csv => export_csv(source.record)
            .map(String::into_bytes)
            .map_err(|e| e.to_string()),
        ExportKind::Calendar => {
            Ok(calendar_ics(source.record, source.schedule, &settings.calendar).into_bytes())
        }
        ExportKind::Png => chart::png_bytes(w, h, &progress()),
        ExportKind::Svg => chart::try_svg_string(w, h, &progress()).map(String::into_bytes),
        ExportKind::Pdf => {
            let options = HandoutOptions {
                paper: settings.paper,
                printed: settings.today,
            };
            handout_pdf(source.record, source.schedule, &options)
        }
    }
}

/// Makes one export and writes it to `path` (atomic, 0600, no backup).
pub fn write(
    kind: ExportKind,
    source: ExportSource<'_>,
    settings: &ExportSettings,
    path: &Path,
    replace: Replace,
) -> Result<(), String> {
    let bytes = export_bytes(kind, source, settings)?;
    write_export(path, &bytes, replace)
}

/// Writes the handout into `dir` (created 0700) under a new name made from `stem` and
/// the day, and returns where it went; no file is ever replaced.
pub fn save_handout_in(
    dir: &Path,
    stem: &str,
    source: ExportSource<'_>,
    settings: &ExportSettings,
) -> Result<PathBuf, String> {
    crate::store::ensure_private_dir(dir).map_err(|e| e.to_string())?;
    let bytes = export_bytes(ExportKind::Pdf, source, settings)?;
    let name = format!("{stem} handout {}", settings.today);
    let path = crate::store::transfer::unique_path(dir, &name, "pdf");
    write_export(&path, &bytes, Replace::Never)?;
    Ok(path)
}
