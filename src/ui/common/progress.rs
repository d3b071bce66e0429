//! The patient's progress chart as the Today and Visit screens show it: its data, the
//! text for the day under the pointer, and the wording of a day's symptom total. One
//! place, so that the patient and the clinician read the same values.

use chrono::NaiveDate;

use super::chart_view::ChartView;
use super::widgets::long_date;
use crate::chart::ChartData;
use crate::domain::instrument::Instrument;
use crate::domain::journal::DayEntry;
use crate::domain::patient::PatientRecord;
use crate::domain::rules::daily_instrument;
use crate::domain::schedule::Schedule;
use crate::ui::session::Session;

/// Shows the open patient's progress chart, `height` points tall. The data is built
/// (by [`ChartData::for_record`]) only when the record changed since the last drawing.
pub fn show_chart(
    chart: &mut ChartView,
    ui: &mut egui::Ui,
    session: &Session,
    schedule: &Schedule,
    today: NaiveDate,
    height: f32,
) -> egui::Response {
    let record = session.record();
    let original = session.derived().original.as_ref();
    chart.show(
        ui,
        height,
        session.revision,
        || ChartData::for_record(record, schedule, original, Some(today)),
        |date| day_summary(record, schedule, date),
    )
}

/// The tooltip for one day of the chart: the day of the taper, the planned and taken
/// amounts, the symptom total, red flags, and whether the day was entered late.
pub fn day_summary(record: &PatientRecord, schedule: &Schedule, date: NaiveDate) -> String {
    let unit = schedule.unit;
    let mut lines = vec![match schedule.day_at(date) {
        Some(day) => format!("{} (day {})", long_date(date), day.day),
        None => long_date(date),
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
    let Some(entry) = entry else {
        return lines.join("\n");
    };
    if let Some(text) = symptom_text(entry, daily_instrument(record)) {
        lines.push(format!("Symptoms: {text}"));
    }
    if !entry.red_flags.is_empty() {
        let flags: Vec<&str> = entry.red_flags.iter().map(|f| f.plain_label()).collect();
        lines.push(format!("⚠ Red flags: {}", flags.join(", ")));
    }
    if let Some(logged) = entry.logged_on.filter(|_| entry.is_late()) {
        lines.push(format!("Entered late, on {logged}"));
    }
    lines.join("\n")
}

/// A day's symptom total on the daily instrument with its band, e.g. "12 moderate", or
/// "at least 6 (partial)" when some items were skipped.
pub fn symptom_text(entry: &DayEntry, instrument: Option<&Instrument>) -> Option<String> {
    let instrument = instrument?;
    let score = entry.score(&instrument.id)?;
    let Some(total) = entry.symptom_total(instrument) else {
        return Some(format!("{} (invalid answers)", score.total()));
    };
    if score.answers.len() < instrument.items.len() {
        return Some(format!("at least {total} (partial)"));
    }
    Some(match instrument.band(total) {
        Some(band) => format!("{total} {}", band.name),
        None => total.to_string(),
    })
}
