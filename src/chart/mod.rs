//! The progress chart: the planned daily amount (original and revised), the amounts
//! taken, check-ins, holds, red flags and the daily symptom total.
//!
//! One drawing function, [`draw`], is generic over plotters backends, so the picture on
//! screen (an RGB buffer from [`render_rgb`], uploaded by `ui::chart_view`) and the
//! exported PNG and SVG files are the same picture. No egui here: the chart is part of
//! the library that the headless `export` command uses too. Text is drawn with a
//! bundled font (registered once, see [`ensure_font`]) so a picture never depends on the
//! fonts installed on a machine.

mod axis;
mod draw;
pub mod fonts;
mod legend;
mod palette;
mod symptoms;

use std::path::Path;
use std::sync::Once;

use chrono::{Days, NaiveDate};
use plotters::backend::RGBPixel;
use plotters::prelude::*;

use crate::domain::amount::{Amount, Unit};
use crate::domain::checkin::CheckInKind;
use crate::domain::instrument::Band;
use crate::domain::patient::PatientRecord;
use crate::domain::rules::daily_instrument;
use crate::domain::schedule::{DayNote, Schedule};
use crate::report::output::{Replace, write_export};

pub use draw::draw;
pub use legend::{LegendEntry, Mark, legend_entries};
pub use palette::{FONT_FAMILY, Palette};

/// The largest picture side accepted, in pixels: far above any screen, and small
/// enough that a buffer's size never overflows.
pub const MAX_SIDE: u32 = 16_384;

/// Everything the chart shows, already reduced to dated values.
///
/// Built by [`ChartData::from_schedules`] for the planned parts; callers fill the
/// journal parts (taken, symptoms, red flags), so the chart never needs to know how a
/// journal or an instrument is stored.
#[derive(Debug, Clone, PartialEq)]
pub struct ChartData {
    /// The plan's unit, for the axis label ("g per day").
    pub unit: Unit,
    /// The planned amount per day as first planned.
    pub original: Vec<(NaiveDate, Amount)>,
    /// The planned amount per day with every revision applied; `None` when there are no
    /// revisions (or they change no day), so only one plan line is drawn.
    pub revised: Option<Vec<(NaiveDate, Amount)>>,
    /// The amounts the patient logged as taken, one per day.
    pub taken: Vec<(NaiveDate, Amount)>,
    /// The daily instrument total, one per day.
    pub symptoms: Vec<(NaiveDate, u32)>,
    /// The instrument's bands of the total, shaded behind the symptom points.
    pub symptom_bands: Vec<Band>,
    /// The highest possible instrument total (the top of the symptom axis); 0 when
    /// unknown, then the highest value logged is used.
    pub symptom_max: u32,
    /// Check-in dates of the plan in force.
    pub check_ins: Vec<(NaiveDate, CheckInKind)>,
    /// Hold ranges, first and last day inclusive.
    pub holds: Vec<(NaiveDate, NaiveDate)>,
    /// Days the patient reported a red-flag symptom.
    pub red_flags: Vec<NaiveDate>,
    /// Today, drawn as a vertical line when it falls inside the chart.
    pub today: Option<NaiveDate>,
    /// Use the dark theme's colours.
    pub dark: bool,
    /// Pixels per point: text, lines and markers grow with it so a HiDPI picture looks
    /// like the 1× one. 1.0 for exports.
    pub scale: f32,
    /// The bundled font the text is drawn in.
    pub font: ChartFont,
    /// Draw the legend inside the plot; the handout sets its own under the chart,
    /// where it covers nothing.
    pub legend: bool,
}

/// Which bundled font the chart's text uses (see [`fonts`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ChartFont {
    /// Ubuntu Light, egui's own font: the chart on screen and its PNG/SVG exports.
    #[default]
    Screen,
    /// Liberation Sans: the handout, whose text is set in it too.
    Print,
}

impl Default for ChartData {
    /// An empty chart in grams, light theme, scale 1.
    fn default() -> ChartData {
        ChartData {
            unit: Unit::G,
            original: Vec::new(),
            revised: None,
            taken: Vec::new(),
            symptoms: Vec::new(),
            symptom_bands: Vec::new(),
            symptom_max: 0,
            check_ins: Vec::new(),
            holds: Vec::new(),
            red_flags: Vec::new(),
            today: None,
            dark: false,
            scale: 1.0,
            font: ChartFont::Screen,
            legend: true,
        }
    }
}

impl ChartData {
    /// The planned parts of the chart: the original plan, the revised plan (when given
    /// and different), and the check-ins and holds of the plan in force. The journal
    /// parts are left empty for the caller to fill.
    pub fn from_schedules(
        original: &Schedule,
        revised: Option<&Schedule>,
        today: Option<NaiveDate>,
    ) -> ChartData {
        let series = |s: &Schedule| -> Vec<(NaiveDate, Amount)> {
            s.days.iter().map(|d| (d.date, d.amount)).collect()
        };
        let original_series = series(original);
        let revised_series = revised.map(series).filter(|r| *r != original_series);
        let in_force = match (revised, &revised_series) {
            (Some(r), Some(_)) => r,
            _ => original,
        };
        ChartData {
            unit: original.unit,
            original: original_series,
            revised: revised_series,
            check_ins: in_force
                .check_ins
                .iter()
                .map(|c| (c.date, c.kind))
                .collect(),
            holds: in_force
                .steps
                .iter()
                .filter(|s| s.note == DayNote::Hold && s.days > 0)
                .map(|s| (s.start, s.end()))
                .collect(),
            today,
            ..ChartData::default()
        }
    }

    /// The plan in force alone, as a patient's handout shows it: one plan line (no
    /// original beside a revision), its check-ins and holds, no journal and no "today"
    /// line, so nothing on paper goes out of date or asks to be explained.
    pub fn plan_in_force(schedule: &Schedule) -> ChartData {
        ChartData::from_schedules(schedule, None, None)
    }

    /// Everything the progress chart shows for a patient: the plan in force (and the
    /// original when revisions changed it), the amounts taken, the daily instrument's
    /// totals over its bands (once any are logged), and the red-flag days. One place,
    /// so the Today and Visit screens and the exported images agree.
    pub fn for_record(
        record: &PatientRecord,
        schedule: &Schedule,
        original: Option<&Schedule>,
        today: Option<NaiveDate>,
    ) -> ChartData {
        let mut data = match original {
            Some(original) => ChartData::from_schedules(original, Some(schedule), today),
            None => ChartData::from_schedules(schedule, None, today),
        };
        let instrument = daily_instrument(record);
        for entry in record.journal.entries() {
            if !entry.doses.is_empty() {
                data.taken.push((entry.date, entry.total_taken()));
            }
            if let Some(total) = instrument.and_then(|i| entry.symptom_total(i)) {
                data.symptoms.push((entry.date, total));
            }
            if !entry.red_flags.is_empty() {
                data.red_flags.push(entry.date);
            }
        }
        if let Some(instrument) = instrument.filter(|_| !data.symptoms.is_empty()) {
            data.symptom_bands = instrument.bands.clone();
            data.symptom_max = instrument.max_total();
        }
        data
    }

    /// The first and last day anything is drawn on, or `None` for an empty chart.
    /// Today is left out on purpose: a plan viewed long after it ended should not
    /// shrink to a sliver.
    pub fn date_span(&self) -> Option<(NaiveDate, NaiveDate)> {
        let dates = self
            .original
            .iter()
            .map(|p| p.0)
            .chain(self.revised.iter().flatten().map(|p| p.0))
            .chain(self.taken.iter().map(|p| p.0))
            .chain(self.symptoms.iter().map(|p| p.0))
            .chain(self.check_ins.iter().map(|p| p.0))
            .chain(self.holds.iter().flat_map(|h| [h.0, h.1]))
            .chain(self.red_flags.iter().copied());
        dates.fold(None, |span, d| match span {
            None => Some((d, d)),
            Some((lo, hi)) => Some((lo.min(d), hi.max(d))),
        })
    }
}

/// A plotting rectangle in pixels of the picture, edges inclusive: the x range maps
/// `left..=right`, the y range `bottom..=top`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PlotRect {
    pub left: i32,
    pub top: i32,
    pub right: i32,
    pub bottom: i32,
}

impl PlotRect {
    /// True when the pixel position lies inside the rectangle.
    pub fn contains(&self, x: f32, y: f32) -> bool {
        x >= self.left as f32
            && x <= self.right as f32
            && y >= self.top as f32
            && y <= self.bottom as f32
    }
}

/// Where the chart put its plots and what they span, so a pointer position can be
/// mapped back to a day (hover values come from the chart's own coordinates, not from
/// a second guess of its layout).
#[derive(Debug, Clone, PartialEq)]
pub struct ChartLayout {
    /// The picture's size in pixels.
    pub size: (u32, u32),
    /// The day at the left edge of the plots; `None` when nothing was plotted.
    pub first_date: Option<NaiveDate>,
    /// Number of days across the x axis; each day is one equal-width column.
    pub days: u32,
    /// The planned-amount plot.
    pub amount_plot: Option<PlotRect>,
    /// The symptom plot below it, when drawn.
    pub symptom_plot: Option<PlotRect>,
    /// The amount axis range, in the plan's unit.
    pub amount_range: (f64, f64),
    /// The symptom axis range, when the symptom plot is drawn.
    pub symptom_range: Option<(f64, f64)>,
}

impl ChartLayout {
    /// A layout with no plot (empty data or a picture too small to hold one).
    pub fn empty(width: u32, height: u32) -> ChartLayout {
        ChartLayout {
            size: (width, height),
            first_date: None,
            days: 0,
            amount_plot: None,
            symptom_plot: None,
            amount_range: (0.0, 0.0),
            symptom_range: None,
        }
    }

    /// The day under a horizontal pixel position, or `None` outside the plots. The
    /// left edge maps to the first day and the right edge to the last.
    pub fn date_at(&self, x_px: f32) -> Option<NaiveDate> {
        let plot = self.amount_plot?;
        let first = self.first_date?;
        if self.days == 0 || !x_px.is_finite() {
            return None;
        }
        let (left, right) = (plot.left as f32, plot.right as f32);
        if x_px < left - 0.5 || x_px > right + 0.5 {
            return None;
        }
        let width = (right - left).max(1.0);
        let t = ((x_px - left) / width).clamp(0.0, 1.0);
        let index = ((t * self.days as f32).floor() as u32).min(self.days - 1);
        first.checked_add_days(Days::new(u64::from(index)))
    }

    /// The horizontal pixel position of the middle of a day's column, or `None` when
    /// the day is outside the chart.
    pub fn x_of_date(&self, date: NaiveDate) -> Option<f32> {
        let plot = self.amount_plot?;
        let index = (date - self.first_date?).num_days();
        if index < 0 || index >= i64::from(self.days) {
            return None;
        }
        let width = (plot.right - plot.left) as f32;
        Some(plot.left as f32 + (index as f32 + 0.5) / self.days as f32 * width)
    }

    /// The vertical pixel extent covered by the plots (top of the amount plot to the
    /// bottom of the lowest plot), for a hover guide line.
    pub fn plots_y_extent(&self) -> Option<(i32, i32)> {
        let top = self.amount_plot?;
        let bottom = self.symptom_plot.unwrap_or(top);
        Some((top.top, bottom.bottom))
    }
}

static FONT: Once = Once::new();

/// Registers the bundled fonts with plotters, once per process. Every entry point of
/// this module calls it; callers drawing with their own backend through [`draw`] get it
/// too. A font that fails to load shows up as a drawing error, never a panic.
pub fn ensure_font() {
    FONT.call_once(|| {
        let _ = plotters::style::register_font(FONT_FAMILY, FontStyle::Normal, fonts::SCREEN);
        let _ = plotters::style::register_font(
            fonts::PRINT_FAMILY,
            FontStyle::Normal,
            fonts::PRINT_REGULAR,
        );
    });
}

/// Draws the chart into a fresh RGB buffer (`width * height * 3` bytes, row by row),
/// for uploading as a texture. Sides above [`MAX_SIDE`] are reduced to it; the
/// returned layout's `size` is the buffer's true size. A drawing error leaves what was
/// drawn so far and an empty layout (no hover), rather than no picture at all.
pub fn render_rgb(width: u32, height: u32, data: &ChartData) -> (Vec<u8>, ChartLayout) {
    let (w, h) = (width.min(MAX_SIDE), height.min(MAX_SIDE));
    if w == 0 || h == 0 {
        return (Vec::new(), ChartLayout::empty(w, h));
    }
    let mut buffer = vec![0u8; w as usize * h as usize * 3];
    let layout = match BitMapBackend::<RGBPixel>::with_buffer_and_format(&mut buffer, (w, h)) {
        Ok(backend) => {
            draw(backend.into_drawing_area(), data).unwrap_or_else(|_| ChartLayout::empty(w, h))
        }
        Err(_) => ChartLayout::empty(w, h),
    };
    (buffer, layout)
}

fn check_size(width: u32, height: u32) -> Result<(), String> {
    if width == 0 || height == 0 || width > MAX_SIDE || height > MAX_SIDE {
        return Err(format!(
            "the image size {width}x{height} is not allowed; each side must be 1 to {MAX_SIDE} pixels"
        ));
    }
    Ok(())
}

/// Saves the chart as a PNG file (the same picture as on screen). The path must end
/// in `.png`, because the encoder picks the format from the extension.
pub fn save_png(
    path: impl AsRef<Path>,
    width: u32,
    height: u32,
    data: &ChartData,
) -> Result<(), String> {
    let path = path.as_ref();
    check_size(width, height)?;
    let is_png = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("png"));
    if !is_png {
        return Err(format!(
            "cannot save the chart to {}: a PNG file name must end in .png",
            path.display()
        ));
    }
    let bytes = png_bytes(width, height, data)?;
    // Like every export: private (0600), atomic, and no backup left beside it.
    write_export(path, &bytes, Replace::Allowed)
        .map_err(|e| format!("could not save the chart: {e}"))
}

/// The chart encoded as a PNG file in memory.
pub fn png_bytes(width: u32, height: u32, data: &ChartData) -> Result<Vec<u8>, String> {
    check_size(width, height)?;
    let (rgb, layout) = render_rgb(width, height, data);
    let (w, h) = (layout.size.0, layout.size.1);
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, w, h);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    encoder
        .write_header()
        .and_then(|mut writer| writer.write_image_data(&rgb))
        .map_err(|e| format!("could not encode the chart as PNG: {e}"))?;
    Ok(out)
}

/// The chart as an SVG document, or why it could not be drawn.
pub fn try_svg_string(width: u32, height: u32, data: &ChartData) -> Result<String, String> {
    check_size(width, height)?;
    let mut svg = String::new();
    {
        let area = SVGBackend::with_string(&mut svg, (width, height)).into_drawing_area();
        draw(area, data)?;
    }
    Ok(svg)
}

/// The chart as an SVG document (text stays text, so it is searchable and scales).
/// On a drawing error the document holds what was drawn; use [`try_svg_string`] to
/// see the error.
pub fn svg_string(width: u32, height: u32, data: &ChartData) -> String {
    let (w, h) = (width.clamp(1, MAX_SIDE), height.clamp(1, MAX_SIDE));
    let mut svg = String::new();
    {
        let area = SVGBackend::with_string(&mut svg, (w, h)).into_drawing_area();
        let _ = draw(area, data);
    }
    svg
}

/// Saves the chart as an SVG file.
pub fn save_svg(
    path: impl AsRef<Path>,
    width: u32,
    height: u32,
    data: &ChartData,
) -> Result<(), String> {
    let path = path.as_ref();
    let svg = try_svg_string(width, height, data)
        .map_err(|e| format!("could not draw the chart for {}: {e}", path.display()))?;
    write_export(path, svg.as_bytes(), Replace::Allowed)
        .map_err(|e| format!("could not save the chart: {e}"))
}
