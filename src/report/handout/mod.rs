//! The patient handout, a PDF to print at the end of a visit: who the plan is for and
//! who to call, whether it is approved ("Draft" in large type when not), the steps
//! with every dose in type a patient reads without glasses (12 pt), the check-ins,
//! the chart of the plan in force, what to expect, the red flags with what to do,
//! what not to mix, and the disclaimer.
//!
//! One page for plans up to 12 steps, two at most for any plan: the schedule is
//! printed in the most detailed [`ScheduleForm`] that fits (long plans by month). The
//! pages are laid out first ([`layout`]) and drawn afterwards ([`render`], krilla with
//! the bundled Liberation Sans, subset and embedded; the chart as vector graphics).

mod layout;
mod paper;
mod render;
mod sections;
mod steps;
mod text;

use chrono::NaiveDate;

pub use paper::Paper;
pub use steps::ScheduleForm;

use self::layout::{Block, Flow, Item, PageBox};
use self::sections::SECTION_GAP;
use crate::chart::{ChartData, ChartFont, Mark};
use crate::domain::checkin::CheckInKind;
use crate::domain::patient::PatientRecord;
use crate::domain::schedule::Schedule;

/// What the handout needs besides the record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HandoutOptions {
    pub paper: Paper,
    /// The day it is printed, said in the small print.
    pub printed: NaiveDate,
}

/// Plans with up to this many steps (the stop aside) fit on one page.
pub const ONE_PAGE_STEPS: usize = 12;
/// No handout has more pages than this.
pub const MAX_PAGES: usize = 2;

/// The chart is drawn one SVG pixel to one point, its text and lines at this scale:
/// plotters' smallest label (12 px at scale 1) prints at 9.6 pt.
pub const CHART_SCALE: f32 = 0.95;

/// Page margin and the room kept for the footer, in points.
const MARGIN: f32 = 27.0;
const FOOTER: f32 = 14.0;

/// Where the schedule goes: right after the summary when the whole handout fits on
/// one page, or after everything else, so that on two pages the red flags and the
/// clinic's phone stay on the first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Order {
    ScheduleFirst,
    ScheduleLast,
}

/// The handout laid out on pages.
struct LaidOut {
    pages: Vec<Vec<Item>>,
    /// Which form the schedule took (the tests check the choice).
    #[cfg_attr(not(test), allow(dead_code))]
    form: ScheduleForm,
}

/// The handout of the plan in force (`schedule`) as a PDF document.
pub fn handout_pdf(
    record: &PatientRecord,
    schedule: &Schedule,
    options: &HandoutOptions,
) -> Result<Vec<u8>, String> {
    let laid = lay_out(record, schedule, options);
    let name = record.patient.display_name.trim();
    let title = if name.is_empty() {
        "Taper plan".to_string()
    } else {
        format!("Taper plan — {name}")
    };
    render::render(&laid.pages, options.paper.size_pt(), &title)
}

/// The non-zero steps of the plan.
fn step_count(schedule: &Schedule) -> usize {
    schedule
        .steps
        .iter()
        .filter(|s| !s.amount.is_zero())
        .count()
}

/// The most detailed layout within the page limit: the steps on one page first (for
/// plans up to [`ONE_PAGE_STEPS`] steps, any form on one page), then each form on two.
fn lay_out(record: &PatientRecord, schedule: &Schedule, options: &HandoutOptions) -> LaidOut {
    let mut tries: Vec<(ScheduleForm, Order)> = Vec::new();
    if step_count(schedule) <= ONE_PAGE_STEPS {
        tries.extend(ScheduleForm::ALL.map(|f| (f, Order::ScheduleFirst)));
    } else {
        tries.push((ScheduleForm::Steps, Order::ScheduleFirst));
    }
    let limit_for = |order| match order {
        Order::ScheduleFirst => 1,
        Order::ScheduleLast => MAX_PAGES,
    };
    tries.extend(ScheduleForm::ALL.map(|f| (f, Order::ScheduleLast)));
    let mut last = None;
    for (form, order) in tries {
        let laid = lay_out_as(record, schedule, options, form, order);
        if laid.pages.len() <= limit_for(order) {
            return laid;
        }
        last = Some(laid);
    }
    // Only a plan beyond every limit the plan editor allows gets here: print it all.
    last.unwrap_or_else(|| {
        lay_out_as(
            record,
            schedule,
            options,
            ScheduleForm::QuarterRanges,
            Order::ScheduleLast,
        )
    })
}

fn page_box(paper: Paper) -> PageBox {
    let (width, height) = paper.size_pt();
    PageBox {
        width,
        height,
        margin: MARGIN,
        footer: FOOTER,
    }
}

fn lay_out_as(
    record: &PatientRecord,
    schedule: &Schedule,
    options: &HandoutOptions,
    form: ScheduleForm,
    order: Order,
) -> LaidOut {
    let page = page_box(options.paper);
    let width = page.content_width();
    let mut flow = Flow::new(page);
    flow.place(sections::header(record, width));
    flow.gap(SECTION_GAP);
    flow.place(sections::summary(record, schedule, width));
    flow.gap(SECTION_GAP);
    let schedule_section = |flow: &mut Flow| {
        let (heading, table, note) = steps::schedule_section(form, record, schedule, width);
        flow.place_table(Some(heading), &table);
        flow.gap(3.0);
        flow.place(note);
        flow.gap(SECTION_GAP);
    };
    if order == Order::ScheduleFirst {
        schedule_section(&mut flow);
    }
    flow.place(safety_and_chart(record, schedule, width));
    flow.gap(SECTION_GAP - 3.0);
    flow.place(sections::disclaimer(options.printed, width));
    if order == Order::ScheduleLast {
        flow.gap(SECTION_GAP + 4.0);
        schedule_section(&mut flow);
    }
    let mut pages = flow.pages;
    let count = pages.len();
    for (i, items) in pages.iter_mut().enumerate() {
        let y = page.height - MARGIN + 2.0;
        items.extend(sections::footer(
            record,
            i + 1,
            count,
            MARGIN,
            page.width - MARGIN,
            y,
        ));
    }
    LaidOut { pages, form }
}

/// At most this many check-in markers on the handout's chart: more run together
/// into a band (their dates are in the table).
const CHART_MARKERS_MAX: usize = 30;

/// The chart of the plan in force in the print font, its legend left to the page.
/// Check-in markers are thinned for long plans: self check-ins go first, then visits.
fn chart_data(schedule: &Schedule) -> ChartData {
    let mut data = ChartData {
        scale: CHART_SCALE,
        font: ChartFont::Print,
        legend: false,
        ..ChartData::plan_in_force(schedule)
    };
    if data.check_ins.len() > CHART_MARKERS_MAX {
        data.check_ins.retain(|c| c.1 == CheckInKind::Visit);
    }
    if data.check_ins.len() > CHART_MARKERS_MAX {
        data.check_ins.clear();
    }
    data
}

/// The chart as SVG, one SVG pixel to one point.
fn chart_svg(data: &ChartData, width: f32, height: f32) -> String {
    crate::chart::svg_string(width.round() as u32, height.round() as u32, data)
}

/// The chart's legend as a line of text under it, each symbol in its colour; the
/// plan line is named for the patient who reads the handout.
fn chart_legend(data: &ChartData, width: f32) -> Block {
    let palette = crate::chart::Palette::for_theme(false);
    let plain = text::Style::regular(10.0);
    let mut runs = Vec::new();
    for entry in crate::chart::legend_entries(data) {
        let c = entry.color(&palette);
        let symbol = text::Style::bold(10.0).color(text::Rgb(c.0, c.1, c.2));
        let (glyph, label) = match entry.mark {
            Mark::Line => ("—", "your daily amount"),
            Mark::Dashed => ("--", entry.label),
            Mark::Dot => ("•", entry.label),
            Mark::Triangle => ("▲", entry.label),
            Mark::Ring => ("○", entry.label),
            Mark::Block => ("■", entry.label),
            Mark::Cross => ("×", entry.label),
        };
        runs.push(text::Run::new(glyph, symbol));
        runs.push(text::Run::new(format!("{label} "), plain));
    }
    Block::rich(&runs, plain, width)
}

/// The red flags on the left; the chart, what to expect and what not to mix on the
/// right: side by side, so the whole handout of a plan of 12 steps fits on a page. The
/// flags take a little more than half the width, so that fewer of them wrap.
fn safety_and_chart(record: &PatientRecord, schedule: &Schedule, width: f32) -> Block {
    let gutter = 12.0;
    let left_width = ((width - gutter) * 0.54).round();
    let right_width = width - gutter - left_width;
    let left = sections::red_flags(record, left_width);
    let mut right = chart_block(schedule, right_width, CHART_HEIGHT);
    right.append(sections::what_to_expect(right_width), 6.0);
    right.append(sections::do_not_mix(right_width), 5.0);
    Block::beside(left, right, left_width + gutter)
}

/// The chart's height on the page, in points.
const CHART_HEIGHT: f32 = 125.0;

/// The chart of the plan in force, `width` × `height` points, its legend under it.
fn chart_block(schedule: &Schedule, width: f32, height: f32) -> Block {
    let (w, h) = (width.round(), height.round());
    let data = chart_data(schedule);
    let mut block = Block {
        height: h,
        items: vec![Item::Chart {
            x: 0.0,
            y: 0.0,
            w,
            h,
            svg: chart_svg(&data, w, h),
        }],
    };
    block.append(chart_legend(&data, w), 2.0);
    block
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::amount::{Amount, Unit};
    use crate::domain::patient::Patient;
    use crate::domain::plan::{Length, PlanInputs};
    use chrono::NaiveTime;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn record(start: Amount, unit: Unit, days: u32, step_days: u32, doses: u8) -> PatientRecord {
        let mut inputs = PlanInputs::new(start, unit, date(2026, 12, 1));
        inputs.length = Length::Days(days);
        inputs.step_days = step_days;
        inputs.doses_per_day = doses;
        inputs.dose_times = (0..u32::from(doses))
            .map(|i| NaiveTime::from_hms_opt(6 + i, 30, 0).unwrap())
            .collect();
        let patient = Patient {
            display_name: "Maria-Fernanda Oyelaran-Castellanos de la Cruz".into(),
            clinician: "Dr Bartholomew Featherstonehaugh-Wainwright".into(),
            clinic: "Northside Community Health and Addiction Medicine Centre".into(),
            clinic_phone: "+44 (0)20 7946 0958 ext. 2214".into(),
            ..Patient::default()
        };
        PatientRecord::new(
            patient,
            inputs,
            "Dr B",
            date(2026, 11, 30).and_hms_opt(9, 0, 0).unwrap(),
        )
    }

    fn options(paper: Paper) -> HandoutOptions {
        HandoutOptions {
            paper,
            printed: date(2026, 12, 1),
        }
    }

    fn grams(g: i64) -> Amount {
        Amount::from_milli(g * 1000)
    }

    #[test]
    fn short_plans_print_their_steps_on_one_page() {
        for paper in Paper::ALL {
            let six_weeks = record(grams(12), Unit::G, 42, 7, 3);
            let schedule = six_weeks.plan.schedule().unwrap();
            let laid = lay_out(&six_weeks, &schedule, &options(paper));
            assert_eq!(
                (laid.pages.len(), laid.form),
                (1, ScheduleForm::Steps),
                "{paper}"
            );
        }
    }

    #[test]
    fn any_plan_of_up_to_twelve_steps_fits_one_page_and_any_plan_two() {
        // Long names and phone, every dose count the editor allows, both papers, and
        // the longest plans with a change every day.
        let plans = [
            (grams(12), Unit::G, 84, 7),
            (grams(12), Unit::G, 12, 1),
            (grams(12), Unit::G, 365, 30),
            (grams(12), Unit::G, 728, 7),
            (Amount::from_milli(800_000), Unit::Mg, 1826, 1),
            (grams(12), Unit::G, 1826, 7),
        ];
        for (start, unit, days, step_days) in plans {
            for doses in [1, 3, 4, 5, 12] {
                let r = record(start, unit, days, step_days, doses);
                let schedule = r.plan.schedule().unwrap();
                let limit = if step_count(&schedule) <= ONE_PAGE_STEPS {
                    1
                } else {
                    MAX_PAGES
                };
                for paper in Paper::ALL {
                    let laid = lay_out(&r, &schedule, &options(paper));
                    assert!(
                        laid.pages.len() <= limit,
                        "{days} days, a step every {step_days}, {doses} doses on {paper}: {} pages ({:?})",
                        laid.pages.len(),
                        laid.form
                    );
                    assert_inside_the_page(&laid, paper);
                }
            }
        }
    }

    /// Nothing is cut off: every text lies inside the page's margins, in a font that
    /// has its letters.
    fn assert_inside_the_page(laid: &LaidOut, paper: Paper) {
        let (w, h) = paper.size_pt();
        for item in laid.pages.iter().flatten() {
            match item {
                Item::Text { x, y, style, text } => {
                    let right = x + text::width(text, *style);
                    assert!(
                        *x >= MARGIN - 0.01 && right <= w - MARGIN + 0.5,
                        "{text:?} at {x}..{right}"
                    );
                    assert!(*y > MARGIN && *y < h - MARGIN / 2.0, "{text:?} at y {y}");
                    assert!(text::has_glyphs(text, style.bold), "{text:?}");
                }
                Item::Rect {
                    x, y, w: rw, h: rh, ..
                }
                | Item::Chart {
                    x, y, w: rw, h: rh, ..
                } => {
                    assert!(*x >= MARGIN - 0.01 && x + rw <= w - MARGIN + 0.5);
                    assert!(*y >= MARGIN - 3.0 && y + rh <= h - MARGIN);
                }
            }
        }
    }

    #[test]
    fn the_chart_shows_the_plan_in_force_only_with_labels_of_at_least_nine_points() {
        let mut r = record(grams(12), Unit::G, 42, 7, 3);
        r.plan.revisions.push(crate::domain::revision::Revision {
            effective: date(2026, 12, 15),
            change: crate::domain::revision::Change::Hold { days: 7 },
            reason: "withdrawal".into(),
            decided_by: "Dr B".into(),
            meta: Default::default(),
        });
        let schedule = r.plan.schedule().unwrap();
        let data = chart_data(&schedule);
        assert!(!data.holds.is_empty(), "the hold is shaded");
        let svg = chart_svg(&data, 268.0, CHART_HEIGHT);
        assert!(
            !svg.contains("planned"),
            "the legend is printed under the chart"
        );
        assert!(!svg.contains("original plan") && !svg.contains("today"));
        assert!(svg.contains(&format!(
            "font-family=\"{}\"",
            crate::chart::fonts::PRINT_FAMILY
        )));
        let sizes: Vec<f32> = svg
            .split("font-size=\"")
            .skip(1)
            .map(|rest| rest.split('"').next().unwrap().parse().unwrap())
            .collect();
        assert!(sizes.len() > 5, "{svg}");
        // One SVG pixel is drawn as one point.
        assert!(sizes.iter().all(|s| *s >= 9.0), "{sizes:?}");
        let laid = lay_out(&r, &schedule, &options(Paper::A4));
        let chart = laid.pages[0].iter().find_map(|i| match i {
            Item::Chart { w, svg, .. } => Some((*w, svg.clone())),
            _ => None,
        });
        let (w, svg) = chart.expect("the handout has its chart");
        assert!(
            svg.contains(&format!("width=\"{}\"", w as u32)),
            "drawn at its own size"
        );
    }
}
