//! The journal part of the visit screen: the table of days since the last visit and
//! the progress chart's data (planned, taken, symptoms) with its hover text.

use chrono::NaiveDate;
use egui_extras::{Column, TableBuilder};

use crate::chart::ChartData;
use crate::domain::instrument::Instrument;
use crate::domain::journal::DayEntry;
use crate::domain::patient::PatientRecord;
use crate::domain::rules::daily_instrument;
use crate::domain::schedule::Schedule;

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

/// A day's symptom total on the daily instrument with its band, e.g. "12 moderate", or
/// "at least 6 (partial)" when some items were skipped.
pub fn symptom_text(entry: &DayEntry, instrument: Option<&Instrument>) -> Option<String> {
    let instrument = instrument?;
    let score = entry.score(&instrument.id)?;
    let answers: Vec<(&str, u8)> = score
        .answers
        .iter()
        .map(|a| (a.item.as_str(), a.score))
        .collect();
    let Ok(total) = instrument.score_partial(&answers) else {
        return Some(format!("{} (invalid answers)", score.total()));
    };
    if answers.len() < instrument.items.len() {
        return Some(format!("at least {total} (partial)"));
    }
    Some(match instrument.band(total) {
        Some(band) => format!("{total} {}", band.name),
        None => total.to_string(),
    })
}

/// The symptom total for the chart (a partial rating counts what was answered).
fn symptom_total(entry: &DayEntry, instrument: &Instrument) -> Option<u32> {
    let score = entry.score(&instrument.id)?;
    let answers: Vec<(&str, u8)> = score
        .answers
        .iter()
        .map(|a| (a.item.as_str(), a.score))
        .collect();
    instrument.score_partial(&answers).ok()
}

/// The chart's data: the original and revised plans and the journal's taken amounts,
/// symptom totals and red flags. Called only when the chart has to be redrawn.
pub fn chart_data(
    record: &PatientRecord,
    schedule: &Schedule,
    original: Option<&Schedule>,
    today: NaiveDate,
) -> ChartData {
    let mut data = match original {
        Some(original) => ChartData::from_schedules(original, Some(schedule), Some(today)),
        None => ChartData::from_schedules(schedule, None, Some(today)),
    };
    let entries = record.journal.entries();
    data.taken = entries
        .iter()
        .filter(|e| !e.doses.is_empty())
        .map(|e| (e.date, e.total_taken()))
        .collect();
    if let Some(instrument) = daily_instrument(record) {
        data.symptoms = entries
            .iter()
            .filter_map(|e| symptom_total(e, instrument).map(|t| (e.date, t)))
            .collect();
        data.symptom_bands = instrument.bands.clone();
        data.symptom_max = instrument.max_total();
    }
    data.red_flags = entries
        .iter()
        .filter(|e| !e.red_flags.is_empty())
        .map(|e| e.date)
        .collect();
    data
}

/// The tooltip for one day of the chart: planned, taken and symptoms.
pub fn hover_text(record: &PatientRecord, schedule: &Schedule, date: NaiveDate) -> String {
    let unit = schedule.unit;
    let mut lines = vec![match schedule.day_at(date) {
        Some(day) => format!("{} (day {})", date.format("%a %Y-%m-%d"), day.day),
        None => date.format("%a %Y-%m-%d").to_string(),
    }];
    lines.push(format!(
        "Planned: {}",
        schedule.planned_on(date).with_unit(unit)
    ));
    let entry = record.journal.get(date);
    lines.push(match entry {
        Some(e) if !e.doses.is_empty() => format!("Taken: {}", e.total_taken().with_unit(unit)),
        _ => "Taken: not logged".to_string(),
    });
    let instrument = daily_instrument(record);
    if let Some(text) = entry.and_then(|e| symptom_text(e, instrument)) {
        lines.push(format!("Symptoms: {text}"));
    }
    if let Some(e) = entry.filter(|e| !e.red_flags.is_empty()) {
        let flags: Vec<&str> = e.red_flags.iter().map(|f| f.plain_label()).collect();
        lines.push(format!("⚠ Red flags: {}", flags.join(", ")));
    }
    lines.join("\n")
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
    let unit = schedule.unit;
    let instrument = daily_instrument(record);
    let warn = ui.visuals().warn_fg_color;
    let error = ui.visuals().error_fg_color;
    let symptoms_header = match instrument {
        Some(_) => "Symptoms",
        None => "Symptoms (no daily instrument)",
    };
    TableBuilder::new(ui)
        .id_salt("visit-journal")
        .striped(true)
        .vscroll(true)
        .max_scroll_height(260.0)
        .column(Column::initial(80.0).at_least(70.0).clip(true))
        .column(Column::initial(100.0).at_least(80.0).clip(true))
        .column(Column::initial(100.0).at_least(60.0).clip(true))
        .column(Column::initial(55.0).at_least(40.0).clip(true))
        .column(Column::initial(40.0).at_least(30.0).clip(true))
        .column(Column::initial(45.0).at_least(35.0).clip(true))
        .column(Column::initial(110.0).at_least(60.0).clip(true))
        .column(Column::initial(90.0).at_least(60.0).clip(true))
        .column(Column::initial(110.0).at_least(60.0).clip(true))
        .column(Column::initial(45.0).at_least(35.0).clip(true))
        .column(Column::initial(45.0).at_least(35.0).clip(true))
        .column(Column::remainder().at_least(80.0).clip(true))
        .header(22.0, |mut header| {
            for title in [
                "Date",
                "Planned / taken",
                symptoms_header,
                "Cravings",
                "Pain",
                "Sleep",
                "Red flags",
                "Substances",
                "Product / lot",
                "Late",
                "Hold?",
                "Note",
            ] {
                header.col(|ui| {
                    ui.strong(title);
                });
            }
        })
        .body(|mut body| {
            for entry in entries {
                body.row(20.0, |mut row| {
                    row.col(|ui| {
                        ui.label(entry.date.format("%a %m-%d").to_string())
                            .on_hover_text(entry.date.to_string());
                    });
                    row.col(|ui| {
                        let planned = schedule.planned_on(entry.date);
                        if entry.doses.is_empty() {
                            ui.label(format!("{planned} / -- {unit}"))
                                .on_hover_text("Planned / taken: nothing taken was logged");
                        } else {
                            let taken = entry.total_taken();
                            let text = format!("{planned} / {taken} {unit}");
                            if taken > planned {
                                ui.colored_label(warn, text)
                                    .on_hover_text("More was taken than planned");
                            } else {
                                ui.label(text);
                            }
                        }
                    });
                    row.col(|ui| {
                        let text = symptom_text(entry, instrument).unwrap_or_default();
                        let moderate = instrument.is_some_and(|i| {
                            symptom_total(entry, i).is_some_and(|t| i.is_moderate_or_worse(t))
                        });
                        if moderate {
                            ui.colored_label(warn, text);
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
                            let short: Vec<&str> =
                                entry.red_flags.iter().map(|f| f.cli_name()).collect();
                            let long: Vec<&str> =
                                entry.red_flags.iter().map(|f| f.plain_label()).collect();
                            ui.add(
                                egui::Label::new(
                                    egui::RichText::new(format!("⚠ {}", short.join(", ")))
                                        .color(error),
                                )
                                .truncate(),
                            )
                            .on_hover_text(long.join("\n"));
                        }
                    });
                    row.col(|ui| {
                        if !entry.substances.is_empty() {
                            let short: Vec<&str> =
                                entry.substances.iter().map(|s| s.cli_name()).collect();
                            let long: Vec<&str> =
                                entry.substances.iter().map(|s| s.label()).collect();
                            let sedating = entry.substances.iter().any(|s| s.is_sedating());
                            let text = egui::RichText::new(short.join(", "));
                            let text = if sedating { text.color(warn) } else { text };
                            ui.add(egui::Label::new(text).truncate())
                                .on_hover_text(long.join("\n"));
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
                            ui.add(egui::Label::new(&text).truncate())
                                .on_hover_text(&text);
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
                            ui.colored_label(warn, "asked")
                                .on_hover_text("The patient asked for a hold");
                        }
                    });
                    row.col(|ui| {
                        if !entry.note.is_empty() {
                            ui.add(egui::Label::new(&entry.note).truncate())
                                .on_hover_text(&entry.note);
                        }
                    });
                });
            }
        });
}
