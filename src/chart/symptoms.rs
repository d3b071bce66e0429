//! The lower panel: the daily symptom total over the instrument's bands.

use chrono::NaiveDate;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::ChartData;
use super::PlotRect;
use super::axis::Frame;
use super::draw::{Axes, Panel, fail, panel_axes, plot_rect, px, stroke, today_line};
use super::palette::Palette;

/// The daily symptom total over the instrument's bands, with the date labels.
pub fn symptom_panel<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    data: &ChartData,
    pal: &Palette,
    f: &Frame,
) -> Result<(PlotRect, (f64, f64)), String> {
    let s = f.s;
    let highest_band = data
        .symptom_bands
        .iter()
        .map(|b| b.max.unwrap_or(b.min.saturating_add(1)))
        .max()
        .unwrap_or(0);
    let highest_value = data.symptoms.iter().map(|p| p.1).max().unwrap_or(0);
    let top_total = data.symptom_max.max(highest_band).max(highest_value).max(1);
    let top = f64::from(top_total) + 0.5;
    // As many labels as fit a line of text each: a short panel gets fewer.
    let plot_height = f64::from(area.dim_in_pixel().1) - 50.0 * s;
    let y_labels = (plot_height / (16.0 * s)).floor().clamp(2.0, 4.0) as usize;
    let axes = Axes {
        margin_top: 4.0,
        bottom: true,
        y_labels,
        y_desc: "symptom total",
        top,
    };
    let mut chart = panel_axes(area, pal, f, axes)?;
    band_areas(&mut chart, data, pal, f, top)?;
    today_line(&mut chart, data, f, top, pal, s)?;
    symptom_line(&mut chart, data, pal, f)?;
    Ok((plot_rect(chart.plotting_area()), (0.0, top)))
}

/// The instrument's bands as shaded strips, named where there is room.
fn band_areas<DB: DrawingBackend>(
    chart: &mut Panel<'_, DB>,
    data: &ChartData,
    pal: &Palette,
    f: &Frame,
    top: f64,
) -> Result<(), String> {
    let s = f.s;
    let mut bands: Vec<_> = data.symptom_bands.iter().collect();
    bands.sort_by_key(|b| b.min);
    let right = f64::from(f.days);
    let name_style = pal
        .text_style(11.0 * s)
        .pos(Pos::new(HPos::Right, VPos::Center));
    for (i, band) in bands.iter().enumerate() {
        let low = (f64::from(band.min) - 0.5).clamp(0.0, top);
        let high = band
            .max
            .map_or(top, |m| (f64::from(m) + 0.5).clamp(low, top));
        let alpha = (0.05 + 0.05 * i as f64).min(0.25);
        let rect = Rectangle::new([(0.0, low), (right, high)], pal.band.mix(alpha).filled());
        chart.draw_series(std::iter::once(rect)).map_err(fail)?;
        let height_px = chart.backend_coord(&(0.0, low)).1 - chart.backend_coord(&(0.0, high)).1;
        if f64::from(height_px) >= 12.0 * s && !band.name.is_empty() {
            let label = EmptyElement::at((right, (low + high) / 2.0))
                + Text::new(band.name.clone(), (-px(4.0, s), 0), name_style.clone());
            chart.draw_series(std::iter::once(label)).map_err(fail)?;
        }
    }

    Ok(())
}

/// The daily totals, joined across consecutive days, with a dot for each.
fn symptom_line<DB: DrawingBackend>(
    chart: &mut Panel<'_, DB>,
    data: &ChartData,
    pal: &Palette,
    f: &Frame,
) -> Result<(), String> {
    let s = f.s;
    let mut points: Vec<(NaiveDate, u32)> = data.symptoms.clone();
    points.sort_by_key(|p| p.0);
    let line_style = pal.symptom.stroke_width(stroke(1.5, s));
    let mut run: Vec<(f64, f64)> = Vec::new();
    let mut previous: Option<NaiveDate> = None;
    for &(date, total) in &points {
        if previous.is_some_and(|p| p.succ_opt() != Some(date)) && !run.is_empty() {
            chart
                .draw_series(LineSeries::new(std::mem::take(&mut run), line_style))
                .map_err(fail)?;
        }
        run.push((f.x(date) + 0.5, f64::from(total)));
        previous = Some(date);
    }
    if !run.is_empty() {
        chart
            .draw_series(LineSeries::new(run, line_style))
            .map_err(fail)?;
    }
    let radius = px(3.0, s);
    let one_up = chart.backend_coord(&(0.0, 0.0)).1 - chart.backend_coord(&(0.0, 1.0)).1;
    let y_per_pixel = 1.0 / f64::from(one_up.max(1));
    let values = points.iter().map(|&(d, t)| (d, f64::from(t)));
    let dots = f
        .distinct_points(values, y_per_pixel, f64::from(radius))
        .into_iter()
        .map(|at| Circle::new(at, radius, pal.symptom.filled()));
    chart.draw_series(dots).map_err(fail)?;
    Ok(())
}
