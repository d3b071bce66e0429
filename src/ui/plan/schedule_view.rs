//! The schedule on screen: a strip of days (one cell per day, coloured by amount) that
//! shows the whole taper at a glance, and tables by step and by day with check-ins
//! marked and today highlighted.

use chrono::NaiveDate;
use egui_extras::{Column, TableBuilder};

use crate::domain::amount::{Amount, Unit};
use crate::domain::schedule::{DayNote, Schedule};
use crate::ui::common::form::help_text;

/// The tallest the tables get, in points: they scroll inside the scrolling side, so
/// the page stays short enough to reach everything on it.
const TABLE_HEIGHT: f32 = 320.0;
/// A table row of one line, and each further line of a step's check-ins.
const ROW_HEIGHT: f32 = 20.0;
const LINE_HEIGHT: f32 = 16.0;

/// Which table is shown under the strip.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub enum TableMode {
    #[default]
    ByStep,
    ByDay,
}

/// The accessible name of the strip of days.
pub const DAY_STRIP_LABEL: &str = "Days of the plan";

/// The strip's label and legend, under it.
const DAY_STRIP_LEGEND: &str = "Days of the plan, one cell each: the stronger the colour, the more; blank: nothing · dot: check-in · \
     framed: today. Hover a day for its amount.";

/// One cell per day; the stronger the colour, the more. Check-in days get a dot, today a frame.
pub fn day_strip(ui: &mut egui::Ui, schedule: &Schedule, today: NaiveDate) {
    let days = schedule.days.len().max(1);
    let width = ui.available_width();
    let cell = (width / days as f32).clamp(1.0, 24.0);
    let height = 26.0;
    let (rect, response) =
        ui.allocate_exact_size(egui::vec2(cell * days as f32, height), egui::Sense::hover());
    let max = schedule
        .steps
        .first()
        .map_or(1, |s| s.amount.milli())
        .max(1) as f32;
    let painter = ui.painter_at(rect);
    let accent = ui.visuals().selection.bg_fill;
    let empty = ui.visuals().extreme_bg_color;
    for (i, day) in schedule.days.iter().enumerate() {
        let x = rect.left() + i as f32 * cell;
        let cell_rect =
            egui::Rect::from_min_size(egui::pos2(x, rect.top()), egui::vec2(cell.max(1.0), height));
        let share = day.amount.milli() as f32 / max;
        let colour = if day.amount.is_zero() {
            empty
        } else {
            empty.lerp_to_gamma(accent, 0.25 + 0.75 * share)
        };
        painter.rect_filled(
            cell_rect.shrink2(egui::vec2(if cell > 4.0 { 0.5 } else { 0.0 }, 0.0)),
            0.0,
            colour,
        );
        if day.check_in.is_some() {
            painter.circle_filled(
                cell_rect.center_bottom() - egui::vec2(0.0, 5.0),
                2.5,
                ui.visuals().strong_text_color(),
            );
        }
        if day.date == today {
            painter.rect_stroke(
                cell_rect,
                0.0,
                egui::Stroke::new(2.0, ui.visuals().warn_fg_color),
                egui::StrokeKind::Inside,
            );
        }
    }
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Image, true, DAY_STRIP_LABEL));
    help_text(ui, DAY_STRIP_LEGEND);
    if let Some(pos) = response.hover_pos() {
        let index = ((pos.x - rect.left()) / cell) as usize;
        if let Some(day) = schedule.days.get(index) {
            response.on_hover_text_at_pointer(format!(
                "{} (day {}): {}{}",
                day.date,
                day.day,
                day.amount.with_unit(schedule.unit),
                day.check_in
                    .map_or(String::new(), |c| format!(", {} check-in", c.word()))
            ));
        }
    }
}

/// The table by step: dates, amount, per-dose amounts and check-ins of each step.
pub fn step_table(ui: &mut egui::Ui, schedule: &Schedule, today: NaiveDate) {
    let unit = schedule.unit;
    TableBuilder::new(ui)
        .id_salt("schedule-steps")
        .striped(true)
        .max_scroll_height(TABLE_HEIGHT)
        .column(Column::auto().at_least(40.0))
        .column(Column::auto().at_least(170.0))
        .column(Column::auto().at_least(40.0))
        .column(Column::auto().at_least(80.0))
        .column(Column::auto().at_least(110.0))
        .column(Column::remainder())
        .header(22.0, |mut header| {
            for title in ["Step", "Dates", "Days", "Amount", "Doses", "Check-ins"] {
                header.col(|ui| {
                    ui.strong(title);
                });
            }
        })
        .body(|body| {
            // Only the rows in view are laid out: a two-year plan has over 100 steps.
            // A row is as tall as its check-ins, one a line.
            let heights = schedule.steps.iter().map(|step| {
                let lines = schedule.check_ins_in(step).count().max(1);
                ROW_HEIGHT + LINE_HEIGHT * (lines - 1) as f32
            });
            body.heterogeneous_rows(heights, |mut row| {
                let step = &schedule.steps[row.index()];
                let check_ins: Vec<String> = schedule
                    .check_ins_in(step)
                    .map(|c| format!("{} {}", c.kind.word(), c.date.format("%b %d")))
                    .collect();
                {
                    row.set_selected(step.start <= today && today <= step.end());
                    row.col(|ui| {
                        ui.label(step.number.to_string());
                    });
                    row.col(|ui| {
                        ui.label(format!(
                            "{} – {}",
                            step.start.format("%a %b %d"),
                            step.end().format("%a %b %d")
                        ));
                    });
                    row.col(|ui| {
                        ui.label(step.days.to_string());
                    });
                    row.col(|ui| {
                        let text = match step.note {
                            DayNote::Stop => "0 (stop)".to_string(),
                            DayNote::Hold => format!("{} (hold)", step.amount.with_unit(unit)),
                            _ => step.amount.with_unit(unit),
                        };
                        ui.label(text);
                    });
                    row.col(|ui| {
                        ui.label(doses_text(&step.doses, unit));
                    });
                    row.col(|ui| {
                        ui.vertical(|ui| {
                            ui.spacing_mut().item_spacing.y = 0.0;
                            for check_in in &check_ins {
                                ui.label(check_in);
                            }
                        });
                    });
                }
            });
        });
}

/// The table by day with a sticky header; `jump` scrolls it to today (once, when it
/// is shown: scrolling it every frame would pin it there).
pub fn day_table(ui: &mut egui::Ui, schedule: &Schedule, today: NaiveDate, jump: bool) {
    let unit = schedule.unit;
    let mut table = TableBuilder::new(ui)
        .id_salt("schedule-days")
        .striped(true)
        .max_scroll_height(TABLE_HEIGHT)
        .column(Column::auto().at_least(110.0))
        .column(Column::auto().at_least(40.0))
        .column(Column::auto().at_least(40.0))
        .column(Column::auto().at_least(80.0))
        .column(Column::auto().at_least(110.0))
        .column(Column::auto().at_least(70.0))
        .column(Column::remainder());
    if let Some(day) = schedule.day_at(today).filter(|_| jump) {
        table = table.scroll_to_row((day.day - 1) as usize, Some(egui::Align::Center));
    }
    table
        .header(22.0, |mut header| {
            for title in ["Date", "Day", "Step", "Amount", "Doses", "Check-in", "Note"] {
                header.col(|ui| {
                    ui.strong(title);
                });
            }
        })
        .body(|body| {
            body.rows(20.0, schedule.days.len(), |mut row| {
                let day = &schedule.days[row.index()];
                row.set_selected(day.date == today);
                let cells = [
                    day.date.format("%a %Y-%m-%d").to_string(),
                    day.day.to_string(),
                    day.step.to_string(),
                    day.amount.with_unit(unit),
                    doses_text(schedule.doses(day), unit),
                    day.check_in.map_or("", |c| c.word()).to_string(),
                    day.note.word().to_string(),
                ];
                for text in cells {
                    row.col(|ui| {
                        ui.label(text);
                    });
                }
            });
        });
}

/// A day's doses with their unit, said once at the end ("4 + 4 + 4 g"): a bare "4+4+4"
/// leaves a clinician guessing between g and mg.
fn doses_text(doses: &[Amount], unit: Unit) -> String {
    match doses.split_last() {
        None => String::new(),
        Some((last, rest)) => {
            let mut parts: Vec<String> = rest.iter().map(ToString::to_string).collect();
            parts.push(last.with_unit(unit));
            parts.join(" + ")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doses_are_shown_with_their_unit() {
        let g = |milli| Amount::from_milli(milli);
        assert_eq!(doses_text(&[g(4000), g(3500)], Unit::G), "4 + 3.5 g");
        assert_eq!(doses_text(&[g(800_000)], Unit::Mg), "800 mg");
        assert_eq!(doses_text(&[], Unit::G), "");
    }
}
