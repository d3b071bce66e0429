//! The drawing itself, generic over plotters backends so the screen, PNG and SVG show
//! one picture.
//!
//! The x axis counts days from the first charted day: day `i` is the column
//! `[i, i + 1)`, so a planned amount is a flat step across its days, a logged value
//! sits in the middle of its column, and [`super::ChartLayout::date_at`] can invert
//! the mapping exactly.

use chrono::NaiveDate;
use plotters::coord::Shift;
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::axis::{Frame, XSpec, number};
use super::legend::{Mark, legend_entries};
use super::palette::Palette;
use super::symptoms::symptom_panel;
use super::{ChartData, ChartLayout, PlotRect};
use crate::domain::amount::Amount;
use crate::domain::checkin::CheckInKind;

/// A pixel position on the backend.
type BackendCoord = (i32, i32);

/// Share of the height given to the amount plot when the symptom plot is drawn.
const AMOUNT_SHARE: f64 = 0.68;
/// Head-room above the highest amount, where the marker rows sit.
const HEADROOM: f64 = 1.3;
/// Marker rows, as fractions of the amount axis top.
const CHECK_IN_ROW: f64 = 0.955;
const RED_FLAG_ROW: f64 = 0.89;
/// Past this share of the days, today's label sits left of its line.
const TODAY_LABEL_FLIPS_AT: f64 = 0.85;

/// Draws the chart onto `area` and returns where the plots went.
///
/// Empty data gives a picture with a short message (and a layout without plots), a
/// picture too small for axes gives the background only; neither is an error. Errors
/// come only from the backend (e.g. a file that cannot be written) and name the cause.
pub fn draw<DB: DrawingBackend>(
    area: DrawingArea<DB, Shift>,
    data: &ChartData,
) -> Result<ChartLayout, String> {
    super::ensure_font();
    let pal = Palette::for_theme(data.dark).with_font(data.font);
    let s = scale(data);
    let (w, h) = area.dim_in_pixel();
    area.fill(&pal.background).map_err(fail)?;
    let mut layout = ChartLayout::empty(w, h);
    let too_small = f64::from(w) < 160.0 * s || f64::from(h) < 90.0 * s;
    match data.date_span() {
        None => {
            let style = pal
                .text_style(14.0 * s)
                .pos(Pos::new(HPos::Center, VPos::Center));
            let text = "Nothing to chart yet: no plan and no journal entries.";
            let at = ((w / 2) as i32, (h / 2) as i32);
            area.draw_text(text, &style, at).map_err(fail)?;
        }
        Some(_) if too_small => {}
        Some((first, last)) => layout = draw_plots(&area, data, &pal, s, first, last)?,
    }
    area.present().map_err(fail)?;
    Ok(layout)
}

/// Today's vertical line across a panel, when today is on the chart; returns its x so
/// the amount panel can label it. Both panels draw it alike.
pub(super) fn today_line<DB: DrawingBackend>(
    chart: &mut ChartContext<'_, DB, Cartesian2d<XSpec, RangedCoordf64>>,
    data: &ChartData,
    f: &Frame,
    top: f64,
    pal: &Palette,
    s: f64,
) -> Result<Option<f64>, String> {
    let Some(today) = data.today.filter(|d| f.shows(*d)) else {
        return Ok(None);
    };
    let x = f.x(today) + 0.5;
    let style = pal.today.stroke_width(stroke(1.5, s));
    chart
        .draw_series(std::iter::once(PathElement::new(
            vec![(x, 0.0), (x, top)],
            style,
        )))
        .map_err(fail)?;
    Ok(Some(x))
}

pub(super) fn fail<E: std::error::Error + Send + Sync>(e: DrawingAreaErrorKind<E>) -> String {
    format!("the chart could not be drawn: {e}")
}

/// Text, line and marker scale, kept sane whatever the caller passed.
fn scale(data: &ChartData) -> f64 {
    let s = f64::from(data.scale);
    if s.is_finite() {
        s.clamp(0.5, 4.0)
    } else {
        1.0
    }
}

/// A length in pixels at the chart's scale.
pub(super) fn px(points: f64, s: f64) -> i32 {
    (points * s).round().max(1.0) as i32
}

/// A stroke width in pixels at the chart's scale.
pub(super) fn stroke(points: f64, s: f64) -> u32 {
    (points * s).round().max(1.0) as u32
}

/// Continuous runs of a daily series as step paths: each day is flat across its
/// column; a gap in the dates starts a new run rather than drawing across it.
fn step_runs(series: &[(NaiveDate, Amount)], f: &Frame) -> Vec<Vec<(f64, f64)>> {
    let mut sorted: Vec<(NaiveDate, Amount)> = series.to_vec();
    sorted.sort_by_key(|p| p.0);
    let mut runs: Vec<Vec<(f64, f64)>> = Vec::new();
    let mut previous: Option<(NaiveDate, f64)> = None;
    for (date, amount) in sorted {
        let (x, y) = (f.x(date), amount.as_f64());
        let follows = previous.is_some_and(|(d, _)| d.succ_opt() == Some(date));
        match (runs.last_mut(), previous) {
            (Some(run), Some((_, last_y))) if follows && last_y == y => {
                if let Some(end) = run.last_mut() {
                    end.0 = x + 1.0;
                }
            }
            (Some(run), Some(_)) if follows => run.extend([(x, y), (x + 1.0, y)]),
            _ => runs.push(vec![(x, y), (x + 1.0, y)]),
        }
        previous = Some((date, y));
    }
    runs
}

fn draw_plots<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    data: &ChartData,
    pal: &Palette,
    s: f64,
    first: NaiveDate,
    last: NaiveDate,
) -> Result<ChartLayout, String> {
    let (w, h) = area.dim_in_pixel();
    let days = u32::try_from((last - first).num_days() + 1)
        .unwrap_or(u32::MAX)
        .max(1);
    let plot_width = w as i32 - px(64.0, s) - px(10.0, s) - px(16.0, s);
    let frame = Frame::new(first, days, plot_width, s);
    let show_symptoms = !data.symptoms.is_empty() || !data.symptom_bands.is_empty();
    let mut layout = ChartLayout::empty(w, h);
    layout.first_date = Some(first);
    layout.days = days;
    if show_symptoms {
        let split = (f64::from(h) * AMOUNT_SHARE).round() as i32;
        let (upper, lower) = area.split_vertically(split);
        let (plot, range) = amount_panel(&upper, data, pal, &frame, false)?;
        let (sym_plot, sym_range) = symptom_panel(&lower, data, pal, &frame)?;
        layout.amount_plot = Some(plot);
        layout.amount_range = range;
        layout.symptom_plot = Some(sym_plot);
        layout.symptom_range = Some(sym_range);
    } else {
        let (plot, range) = amount_panel(area, data, pal, &frame, true)?;
        layout.amount_plot = Some(plot);
        layout.amount_range = range;
    }
    Ok(layout)
}

pub(super) fn plot_rect<DB: DrawingBackend, CT: CoordTranslate>(
    area: &DrawingArea<DB, CT>,
) -> PlotRect {
    let (x, y) = area.get_pixel_range();
    PlotRect {
        left: x.start,
        top: y.start,
        right: (x.end - 1).max(x.start),
        bottom: (y.end - 1).max(y.start),
    }
}

/// A chart panel's coordinates: days across, `0..top` up.
pub(super) type Panel<'a, DB> = ChartContext<'a, DB, Cartesian2d<XSpec, RangedCoordf64>>;

/// What differs between the panels' axes.
pub(super) struct Axes<'t> {
    /// Space above the plot, in points.
    pub margin_top: f64,
    /// True for the lowest panel, which carries the date labels.
    pub bottom: bool,
    pub y_labels: usize,
    pub y_desc: &'t str,
    /// The top of the y axis.
    pub top: f64,
}

/// Builds a panel on `area` with the charts' common margins, grid and label styles, so
/// every panel lines up with the others.
pub(super) fn panel_axes<'a, DB: DrawingBackend>(
    area: &'a DrawingArea<DB, Shift>,
    pal: &Palette,
    f: &Frame,
    axes: Axes<'_>,
) -> Result<Panel<'a, DB>, String> {
    let s = f.s;
    let mut chart = ChartBuilder::on(area)
        .margin_top(px(axes.margin_top, s))
        .margin_left(px(10.0, s))
        .margin_right(px(16.0, s))
        .margin_bottom(if axes.bottom { px(6.0, s) } else { 0 })
        .x_label_area_size(if axes.bottom { px(44.0, s) } else { px(6.0, s) })
        .y_label_area_size(px(64.0, s))
        .build_cartesian_2d(f.spec(), 0f64..axes.top)
        .map_err(fail)?;
    let dates = |v: &f64| f.label(*v);
    let blank = |_: &f64| String::new();
    let x_fmt: &dyn Fn(&f64) -> String = if axes.bottom { &dates } else { &blank };
    let y_fmt = |v: &f64| number(*v);
    chart
        .configure_mesh()
        .x_label_formatter(x_fmt)
        .y_label_formatter(&y_fmt)
        .y_labels(axes.y_labels)
        .x_desc(if axes.bottom { "date" } else { "" })
        .y_desc(axes.y_desc)
        .label_style(pal.text_style(12.0 * s))
        .axis_desc_style(pal.text_style(13.0 * s))
        .bold_line_style(pal.grid_bold.stroke_width(1))
        .light_line_style(pal.grid_light.stroke_width(1))
        .axis_style(pal.axis.stroke_width(1))
        .y_max_light_lines(1)
        .draw()
        .map_err(fail)?;
    Ok(chart)
}

/// The planned amount, amounts taken, holds, today, check-ins, red flags, legend.
/// `bottom` is true when no panel follows, so this one carries the date labels.
fn amount_panel<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    data: &ChartData,
    pal: &Palette,
    f: &Frame,
    bottom: bool,
) -> Result<(PlotRect, (f64, f64)), String> {
    let s = f.s;
    let highest = data
        .original
        .iter()
        .chain(data.revised.iter().flatten())
        .chain(data.taken.iter())
        .map(|p| p.1.as_f64())
        .fold(0.0, f64::max);
    let top = if highest > 0.0 { highest } else { 1.0 } * HEADROOM;
    let y_desc = format!("{} per day", data.unit.symbol());
    let axes = Axes {
        margin_top: 10.0,
        bottom,
        y_labels: 6,
        y_desc: &y_desc,
        top,
    };
    let mut chart = panel_axes(area, pal, f, axes)?;

    let hold_style = pal.hold.mix(0.22).filled();
    let holds = data.holds.iter().map(|&(a, b)| {
        let (a, b) = (a.min(b), a.max(b));
        Rectangle::new([(f.x(a), 0.0), (f.x(b) + 1.0, top)], hold_style)
    });
    chart.draw_series(holds).map_err(fail)?;
    plan_lines(&mut chart, data, pal, f)?;

    let radius = px(3.5, s);
    let y_per_pixel = top / f64::from(area.dim_in_pixel().1.max(1));
    let values = data.taken.iter().map(|&(d, a)| (d, a.as_f64()));
    let taken = f
        .distinct_points(values, y_per_pixel, f64::from(radius))
        .into_iter()
        .map(|at| Circle::new(at, radius, pal.taken.filled()));
    chart.draw_series(taken).map_err(fail)?;

    if let Some(x) = today_line(&mut chart, data, f, top, pal, s)? {
        // Near the right end the label goes left of the line, so it is never cut off.
        let (side, dx) = if x > f64::from(f.days) * TODAY_LABEL_FLIPS_AT {
            (HPos::Right, -px(3.0, s))
        } else {
            (HPos::Left, px(3.0, s))
        };
        let label = pal
            .text_style(12.0 * s)
            .color(&pal.today)
            .pos(Pos::new(side, VPos::Bottom));
        let text = EmptyElement::at((x, 0.0)) + Text::new("today", (dx, -px(3.0, s)), label);
        chart.draw_series(std::iter::once(text)).map_err(fail)?;
    }
    markers(&mut chart, data, pal, f, top)?;
    legend(&mut chart, data, pal, s)?;
    let plot = plot_rect(chart.plotting_area());
    Ok((plot, (0.0, top)))
}

/// The plan in force as steps; with revisions, the original plan dashed under it.
fn plan_lines<DB: DrawingBackend>(
    chart: &mut Panel<'_, DB>,
    data: &ChartData,
    pal: &Palette,
    f: &Frame,
) -> Result<(), String> {
    let s = f.s;
    let line = stroke(2.0, s);
    let plan_style = pal.planned.stroke_width(line);
    let original_style = pal.original.stroke_width(line);
    let in_force = match &data.revised {
        Some(revised) => {
            for run in step_runs(&data.original, f) {
                let dashed = DashedLineSeries::new(run, px(6.0, s), px(4.0, s), original_style);
                chart.draw_series(dashed).map_err(fail)?;
            }
            revised
        }
        None => &data.original,
    };
    for run in step_runs(in_force, f) {
        chart
            .draw_series(LineSeries::new(run, plan_style))
            .map_err(fail)?;
    }
    Ok(())
}

/// The marker rows above the plan: visits, self check-ins and red flags.
fn markers<DB: DrawingBackend>(
    chart: &mut Panel<'_, DB>,
    data: &ChartData,
    pal: &Palette,
    f: &Frame,
    top: f64,
) -> Result<(), String> {
    let s = f.s;
    let marker = px(5.0, s);
    let check_in_y = top * CHECK_IN_ROW;
    let on_row = |kind: CheckInKind| {
        let dates = data.check_ins.iter().filter(move |c| c.1 == kind);
        f.distinct_points(dates.map(|c| (c.0, check_in_y)), 1.0, f64::from(marker))
    };
    let visits = on_row(CheckInKind::Visit)
        .into_iter()
        .map(|at| TriangleMarker::new(at, marker, pal.visit.filled()));
    chart.draw_series(visits).map_err(fail)?;
    let self_style = pal.self_check.stroke_width(stroke(1.5, s));
    let selfs = on_row(CheckInKind::SelfCheck)
        .into_iter()
        .map(|at| Circle::new(at, px(4.0, s), self_style));
    chart.draw_series(selfs).map_err(fail)?;
    let red_style = pal.red_flag.stroke_width(stroke(2.0, s));
    let red_y = top * RED_FLAG_ROW;
    let flags = f
        .distinct_points(
            data.red_flags.iter().map(|&d| (d, red_y)),
            1.0,
            f64::from(marker),
        )
        .into_iter()
        .map(|at| Cross::new(at, marker, red_style));
    chart.draw_series(flags).map_err(fail)?;
    Ok(())
}

/// A small legend of what is actually on the chart, for the exported pictures: in
/// the lower left, where a falling plan leaves room above the amounts taken; on a plan
/// alone at the middle right, where the plan runs low as it nears its end. (The screen
/// and the handout set [`ChartData::legend`] false and draw the entries beside the
/// picture, where they cover nothing.)
fn legend<'a, DB: DrawingBackend + 'a>(
    chart: &mut ChartContext<'a, DB, Cartesian2d<XSpec, RangedCoordf64>>,
    data: &ChartData,
    pal: &Palette,
    s: f64,
) -> Result<(), String> {
    let entries = legend_entries(data);
    if !data.legend || entries.is_empty() {
        return Ok(());
    }
    let line = stroke(2.0, s);
    let (len, r) = (px(16.0, s), px(4.0, s));
    let mid = move |(x, y): BackendCoord| (x + len / 2, y);
    for item in entries {
        let (name, color) = (item.label, item.color(pal));
        match item.mark {
            Mark::Line | Mark::Dashed => {
                let style = color.stroke_width(line);
                entry(chart, name, move |(x, y): BackendCoord| {
                    PathElement::new(vec![(x, y), (x + len, y)], style)
                })?
            }
            Mark::Dot => entry(chart, name, move |c| Circle::new(mid(c), r, color.filled()))?,
            Mark::Triangle => entry(chart, name, move |c| {
                TriangleMarker::new(mid(c), r + 1, color.filled())
            })?,
            Mark::Ring => {
                let style = color.stroke_width(stroke(1.5, s));
                entry(chart, name, move |c| Circle::new(mid(c), r, style))?
            }
            Mark::Block => {
                let style = color.mix(0.45).filled();
                entry(chart, name, move |(x, y): BackendCoord| {
                    Rectangle::new([(x, y - r), (x + len, y + r)], style)
                })?
            }
            Mark::Cross => {
                let style = color.stroke_width(line);
                entry(chart, name, move |c| Cross::new(mid(c), r + 1, style))?
            }
        }
    }
    chart
        .configure_series_labels()
        .position(if data.taken.is_empty() && data.symptoms.is_empty() {
            SeriesLabelPosition::MiddleRight
        } else {
            SeriesLabelPosition::LowerLeft
        })
        .margin(px(6.0, s))
        .legend_area_size(px(22.0, s))
        .label_font(pal.text_style(12.0 * s))
        .background_style(pal.background.mix(0.88).filled())
        .border_style(pal.grid_bold.stroke_width(1))
        .draw()
        .map_err(fail)
}

/// One legend line: an empty series that carries only a label and its symbol.
fn entry<'a, DB, E, F>(
    chart: &mut ChartContext<'a, DB, Cartesian2d<XSpec, RangedCoordf64>>,
    name: &str,
    symbol: F,
) -> Result<(), String>
where
    DB: DrawingBackend + 'a,
    E: IntoDynElement<'a, DB, BackendCoord>,
    F: Fn(BackendCoord) -> E + 'a,
{
    chart
        .draw_series(std::iter::empty::<PathElement<(f64, f64)>>())
        .map_err(fail)?
        .label(name)
        .legend(symbol);
    Ok(())
}
