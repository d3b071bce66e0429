//! The top of the Today screen: the day's heading, its planned amount and doses in
//! large type, where the taper stands, the next check-in, and whether the day is logged.

use chrono::NaiveDate;

use crate::domain::amount::Amount;
use crate::domain::checkin::CheckInKind;
use crate::domain::journal::DayEntry;
use crate::domain::patient::PatientRecord;
use crate::domain::schedule::{DayNote, Schedule};
use crate::ui::common::widgets::{error_label, long_date};

/// The day's heading, its planned amount and doses in large type, the day of the
/// taper, the next check-in, and whether the day was logged (and when).
pub fn day_header(
    ui: &mut egui::Ui,
    record: &PatientRecord,
    schedule: Result<&Schedule, &String>,
    date: NaiveDate,
    today: NaiveDate,
) {
    let unit = record.plan.inputs.unit;
    if date == today {
        ui.heading(format!("Today, {}", long_date(date)));
    } else {
        ui.heading(format!("{} (an earlier day)", long_date(date)));
    }
    let schedule = match schedule {
        Ok(schedule) => schedule,
        Err(e) => {
            error_label(
                ui,
                &format!("The plan cannot be shown ({e}). Ask your clinician."),
            );
            return;
        }
    };
    let planned = schedule.planned_on(date);
    let doses: Vec<Amount> = schedule
        .day_at(date)
        .map(|d| schedule.doses(d).to_vec())
        .unwrap_or_default();
    let what = if date == today {
        "planned for today"
    } else {
        "planned for this day"
    };
    ui.horizontal(|ui| {
        ui.label(
            egui::RichText::new(planned.with_unit(unit))
                .size(40.0)
                .strong(),
        );
        ui.label(egui::RichText::new(what).size(18.0));
    });
    if doses.len() > 1 && !planned.is_zero() {
        let per_dose: Vec<String> = doses.iter().map(|a| a.with_unit(unit)).collect();
        ui.label(
            egui::RichText::new(format!(
                "in {} doses: {}",
                doses.len(),
                per_dose.join(" + ")
            ))
            .size(22.0),
        );
    }
    ui.label(egui::RichText::new(day_text(schedule, date)).size(16.0));
    if let Some(day) = schedule.day_at(date) {
        match day.note {
            DayNote::Reduction => {
                ui.label("The amount goes down on this day.");
            }
            DayNote::Hold => {
                ui.label("Your clinician paused the taper from this day (hold).");
            }
            DayNote::Increase => {
                ui.label("Your clinician raised the amount from this day.");
            }
            DayNote::Stop | DayNote::None => {}
        }
    }
    ui.label(egui::RichText::new(next_check_in_text(schedule, today)).size(16.0));
    if record.plan.approval.is_none() {
        ui.label(
            egui::RichText::new("Your clinician has not approved this plan yet.")
                .weak()
                .italics(),
        );
    }
    ui.label(log_state_text(record.journal.get(date), date, today));
}

/// "You are on day 15 of 42.", or when the taper starts, or "Taper finished on …".
pub fn day_text(schedule: &Schedule, date: NaiveDate) -> String {
    if date < schedule.start_date {
        format!("Your taper starts on {}.", long_date(schedule.start_date))
    } else if date >= schedule.stop_date {
        format!("Taper finished on {}.", long_date(schedule.stop_date))
    } else {
        let day = (date - schedule.start_date).num_days() + 1;
        format!("You are on day {day} of {}.", schedule.taper_days())
    }
}

/// "Next check-in: visit on Tue 2026-12-15".
pub fn next_check_in_text(schedule: &Schedule, today: NaiveDate) -> String {
    match schedule.next_check_in(today) {
        Some(c) => {
            let kind = match c.kind {
                CheckInKind::Visit => "visit",
                CheckInKind::SelfCheck => "self check-in",
            };
            let when = if c.date == today {
                format!("today ({})", long_date(c.date))
            } else {
                format!("on {}", long_date(c.date))
            };
            format!("Next check-in: {kind} {when}")
        }
        None => "No more check-ins are planned.".to_string(),
    }
}

/// Whether the day was logged, and when; a day filled in later says so.
fn log_state_text(entry: Option<&DayEntry>, date: NaiveDate, today: NaiveDate) -> String {
    match entry {
        Some(e) if e.is_late() => format!(
            "Logged for this day: entered late on {}.",
            e.logged_on.unwrap_or(date)
        ),
        Some(e) => match e.logged_on {
            Some(on) => format!("Logged on {on}."),
            None => "Logged.".to_string(),
        },
        None if date < today => format!(
            "Nothing logged for this day. Filled in now, it is marked as entered late (on {today})."
        ),
        None => "Nothing logged yet today.".to_string(),
    }
}
