//! The journal part of the visit screen: the table of days since the last visit, one
//! column per thing the patient logs, so the clinician reviews the days at a glance.

use chrono::NaiveDate;
use egui_extras::{Column, TableBuilder};

use crate::domain::instrument::Instrument;
use crate::domain::journal::DayEntry;
use crate::domain::patient::PatientRecord;
use crate::domain::rules::daily_instrument;
use crate::domain::schedule::Schedule;
use crate::ui::common::progress::symptom_text;

/// The first day the visit reviews: the last visit's date (that day's entry may have
/// been written after the visit), or the plan's start when there was no visit.
pub fn review_from(record: &PatientRecord) -> NaiveDate {
    record
        .visits
        .iter()
        .map(|v| v.date)
        .max()
        .unwrap_or(record.plan.inputs.start_date)
}

/// The table's columns: title, initial width and narrowest width (the last column
/// takes what is left).
const COLUMNS: [(&str, f32, f32); 12] = [
    ("Date", 80.0, 70.0),
    ("Planned / taken", 100.0, 80.0),
    ("Symptoms", 100.0, 60.0),
    ("Cravings", 55.0, 40.0),
    ("Pain", 40.0, 30.0),
    ("Sleep", 45.0, 35.0),
    ("Red flags", 110.0, 60.0),
    ("Substances", 90.0, 60.0),
    ("Product / lot", 110.0, 60.0),
    ("Late", 45.0, 35.0),
    ("Hold?", 45.0, 35.0),
    ("Note", 0.0, 80.0),
];

/// What every row of the table is drawn with.
struct RowCtx<'a> {
    schedule: &'a Schedule,
    instrument: Option<&'a Instrument>,
    warn: egui::Color32,
    error: egui::Color32,
}

/// The table of journal days from `from` through `today`, newest last.
pub fn journal_table(
    ui: &mut egui::Ui,
    record: &PatientRecord,
    schedule: &Schedule,
    from: NaiveDate,
    today: NaiveDate,
) {
    let entries: Vec<&DayEntry> = record
        .journal
        .since(from)
        .iter()
        .filter(|e| e.date <= today)
        .collect();
    if entries.is_empty() {
        ui.label(format!("Nothing logged from {from} to {today}."));
        return;
    }
    let cx = RowCtx {
        schedule,
        instrument: daily_instrument(record),
        warn: ui.visuals().warn_fg_color,
        error: ui.visuals().error_fg_color,
    };
    let mut table = TableBuilder::new(ui)
        .id_salt("visit-journal")
        .striped(true)
        .vscroll(true)
        .max_scroll_height(260.0);
    for (i, (_, initial, at_least)) in COLUMNS.iter().enumerate() {
        let column = if i + 1 == COLUMNS.len() {
            Column::remainder()
        } else {
            Column::initial(*initial)
        };
        table = table.column(column.at_least(*at_least).clip(true));
    }
    table
        .header(22.0, |mut header| {
            for (title, _, _) in COLUMNS {
                let title = match (title, cx.instrument) {
                    ("Symptoms", None) => "Symptoms (no daily instrument)",
                    _ => title,
                };
                header.col(|ui| {
                    ui.strong(title);
                });
            }
        })
        .body(|body| {
            // Only the rows in view are laid out: five years since the start is 1,826.
            body.rows(20.0, entries.len(), |mut row| {
                let entry = entries[row.index()];
                journal_row(&mut row, entry, &cx)
            });
        });
}

/// One day's cells, in the order of [`COLUMNS`].
fn journal_row(row: &mut egui_extras::TableRow<'_, '_>, entry: &DayEntry, cx: &RowCtx) {
    row.col(|ui| {
        ui.label(entry.date.format("%a %m-%d").to_string())
            .on_hover_text(entry.date.to_string());
    });
    row.col(|ui| amounts_cell(ui, entry, cx));
    row.col(|ui| {
        let text = symptom_text(entry, cx.instrument).unwrap_or_default();
        let moderate = cx.instrument.is_some_and(|i| {
            entry
                .symptom_total(i)
                .is_some_and(|t| i.is_moderate_or_worse(t))
        });
        if moderate {
            ui.colored_label(cx.warn, text);
        } else {
            ui.label(text);
        }
    });
    row.col(|ui| {
        ui.label(entry.cravings.map_or(String::new(), |c| format!("{c}/10")));
    });
    row.col(|ui| {
        ui.label(entry.pain.map_or(String::new(), |p| format!("{p}/10")));
    });
    row.col(|ui| {
        ui.label(
            entry
                .sleep_hours()
                .map_or(String::new(), |h| format!("{h} h")),
        );
    });
    row.col(|ui| {
        if !entry.red_flags.is_empty() {
            let (short, long) = names(&entry.red_flags, |f| f.cli_name(), |f| f.plain_label());
            let text = egui::RichText::new(format!("⚠ {short}"));
            clipped(ui, text.color(cx.error), &long);
        }
    });
    row.col(|ui| {
        if !entry.substances.is_empty() {
            let (short, long) = names(&entry.substances, |s| s.cli_name(), |s| s.label());
            let sedating = entry.substances.iter().any(|s| s.is_sedating());
            let text = egui::RichText::new(short);
            let text = if sedating { text.color(cx.warn) } else { text };
            clipped(ui, text, &long);
        }
    });
    row.col(|ui| {
        let text = match (&entry.product, &entry.lot) {
            (Some(p), Some(l)) => format!("{p} / {l}"),
            (Some(p), None) => p.clone(),
            (None, Some(l)) => format!("lot {l}"),
            (None, None) => String::new(),
        };
        if !text.is_empty() {
            clipped(ui, &text, &text);
        }
    });
    row.col(|ui| {
        if let Some(logged) = entry.logged_on.filter(|_| entry.is_late()) {
            ui.label("late")
                .on_hover_text(format!("Written on {logged}, after the day"));
        }
    });
    row.col(|ui| {
        if entry.hold_requested {
            ui.colored_label(cx.warn, "asked")
                .on_hover_text("The patient asked for a hold");
        }
    });
    row.col(|ui| {
        if !entry.note.is_empty() {
            clipped(ui, &entry.note, &entry.note);
        }
    });
}

/// "planned / taken unit", marked when more was taken than planned.
fn amounts_cell(ui: &mut egui::Ui, entry: &DayEntry, cx: &RowCtx) {
    let unit = cx.schedule.unit;
    let planned = cx.schedule.planned_on(entry.date);
    if entry.doses.is_empty() {
        ui.label(format!("{planned} / -- {unit}"))
            .on_hover_text("Planned / taken: nothing taken was logged");
        return;
    }
    let taken = entry.total_taken();
    let text = format!("{planned} / {taken} {unit}");
    if taken > planned {
        ui.colored_label(cx.warn, text)
            .on_hover_text("More was taken than planned");
    } else {
        ui.label(text);
    }
}

/// A cell too narrow for its text: the text cut to fit, and in full on hover.
fn clipped(ui: &mut egui::Ui, text: impl Into<egui::WidgetText>, full: &str) {
    ui.add(egui::Label::new(text).truncate())
        .on_hover_text(full);
}

/// The short names of `items` for a narrow cell ("a, b") and their full labels for its
/// hover, one a line.
fn names<T: Copy>(
    items: &[T],
    short: impl Fn(T) -> &'static str,
    long: impl Fn(T) -> &'static str,
) -> (String, String) {
    let short: Vec<&str> = items.iter().map(|&item| short(item)).collect();
    let long: Vec<&str> = items.iter().map(|&item| long(item)).collect();
    (short.join(", "), long.join("\n"))
}
