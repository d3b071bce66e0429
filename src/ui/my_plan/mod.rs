//! The patient's view of their plan: never editable. Who approved it and when (or that
//! it is a draft), the clinic to call, today's amount and doses, the next check-in,
//! the plan's chart, and the schedule week by week. Changes are the clinician's: the
//! patient asks for a hold on the Today screen.

use chrono::{Days, NaiveDate};

use crate::chart::ChartData;
use crate::domain::patient::PatientRecord;
use crate::domain::schedule::Schedule;
use crate::ui::common::chart_view::ChartView;
use crate::ui::common::layout::central_panel;
use crate::ui::common::widgets::long_date;
use crate::ui::session::Session;

/// Height of the plan's chart, in points.
const CHART_HEIGHT: f32 = 240.0;

/// The screen's own state: the chart's picture.
#[derive(Default)]
pub struct MyPlanScreen {
    chart: ChartView,
}

/// One week of the plan, for the table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanWeek {
    pub number: u32,
    pub first: NaiveDate,
    pub last: NaiveDate,
    /// "8 g", or "8 g, then 7 g from Thu" when the amount changes within the week.
    pub amounts: String,
    /// "2.7 g + 2.7 g + 2.6 g" on the week's first day.
    pub doses: String,
}

impl MyPlanScreen {
    /// Draws the plan; the patient takes no action here.
    pub fn show(&mut self, ui: &mut egui::Ui, session: &Session, today: NaiveDate) {
        let record = session.record();
        central_panel(ui, ("my-plan-scroll", &session.record().id), |ui| {
            ui.heading("Your plan");
            approval_line(ui, record);
            clinic_line(ui, record);
            match &session.derived().schedule {
                Ok(schedule) => self.plan(ui, session, schedule, today),
                Err(message) => {
                    ui.colored_label(
                        ui.visuals().error_fg_color,
                        format!("The plan cannot be shown: {message}. Please tell your clinic."),
                    );
                }
            }
        });
    }

    fn plan(
        &mut self,
        ui: &mut egui::Ui,
        session: &Session,
        schedule: &Schedule,
        today: NaiveDate,
    ) {
        let unit = schedule.unit;
        if let Some(day) = schedule
            .day_at(today)
            .filter(|_| today < schedule.stop_date)
        {
            let doses: Vec<String> = schedule
                .doses(day)
                .iter()
                .map(|a| a.with_unit(unit))
                .collect();
            // The doses only when the day is split: "12 g (12 g)" says nothing.
            let text = match doses.as_slice() {
                [] | [_] => format!("Today: {}", day.amount.with_unit(unit)),
                _ => format!(
                    "Today: {} ({})",
                    day.amount.with_unit(unit),
                    doses.join(" + ")
                ),
            };
            ui.label(egui::RichText::new(text).size(20.0));
        }
        ui.label(match schedule.next_check_in(today) {
            Some(c) => format!("Next check-in: {} on {}", c.kind.word(), long_date(c.date)),
            None => "No check-in is planned after today.".to_string(),
        });
        ui.label(format!(
            "The last day at zero starts on {}.",
            long_date(schedule.stop_date)
        ));
        ui.add_space(8.0);
        let key = session.revision;
        self.chart.show(
            ui,
            CHART_HEIGHT,
            key,
            || ChartData::from_schedules(schedule, None, Some(today)),
            |date| match schedule.day_at(date) {
                Some(day) => format!(
                    "{}: {} planned",
                    long_date(date),
                    day.amount.with_unit(unit)
                ),
                None => long_date(date),
            },
        );
        ui.add_space(8.0);
        ui.heading("Week by week");
        week_table(ui, &plan_weeks(schedule));
        ui.add_space(8.0);
        ui.label(
            egui::RichText::new(
                "Only your clinician changes this plan. To ask for a pause, tick \"Ask my \
                 clinician to pause the taper\" on the Today screen.",
            )
            .weak(),
        );
    }
}

fn approval_line(ui: &mut egui::Ui, record: &PatientRecord) {
    match &record.plan.approval {
        Some(a) => {
            ui.label(format!(
                "Approved by {} on {}.",
                a.by,
                a.at.format("%A %d %B %Y")
            ));
        }
        None => {
            ui.colored_label(
                ui.visuals().warn_fg_color,
                "This plan is a draft: your clinician has not approved it yet.",
            );
        }
    }
}

fn clinic_line(ui: &mut egui::Ui, record: &PatientRecord) {
    let p = &record.patient;
    let clinic = if p.clinic.trim().is_empty() {
        "Your clinic"
    } else {
        p.clinic.trim()
    };
    let text = match p.clinic_phone.trim() {
        "" => format!("{clinic}: ask your clinician for the phone number to call."),
        phone => format!("{clinic}: {phone}"),
    };
    ui.label(egui::RichText::new(text).strong());
}

/// The plan week by week from its first day to the stop date.
pub fn plan_weeks(schedule: &Schedule) -> Vec<PlanWeek> {
    let unit = schedule.unit;
    let mut weeks = Vec::new();
    let mut first = schedule.start_date;
    let mut number = 1;
    // Through the stop date, the first day at zero, so the table ends with it.
    while first <= schedule.stop_date {
        let last = first
            .checked_add_days(Days::new(6))
            .unwrap_or(first)
            .min(schedule.stop_date);
        let days: Vec<_> = schedule
            .days
            .iter()
            .filter(|d| d.date >= first && d.date <= last)
            .collect();
        let mut amounts: Vec<String> = Vec::new();
        let mut previous = None;
        for day in &days {
            if previous != Some(day.amount) {
                let amount = day.amount.with_unit(unit);
                amounts.push(if previous.is_none() {
                    amount
                } else {
                    format!("then {amount} from {}", day.date.format("%a"))
                });
                previous = Some(day.amount);
            }
        }
        let doses = days
            .first()
            .map(|d| {
                let parts: Vec<String> = schedule
                    .doses(d)
                    .iter()
                    .map(|a| a.with_unit(unit))
                    .collect();
                parts.join(" + ")
            })
            .unwrap_or_default();
        weeks.push(PlanWeek {
            number,
            first,
            last,
            amounts: amounts.join(", "),
            doses,
        });
        number += 1;
        match last.checked_add_days(Days::new(1)) {
            Some(next) if next > first => first = next,
            _ => break,
        }
    }
    weeks
}

fn week_table(ui: &mut egui::Ui, weeks: &[PlanWeek]) {
    use egui_extras::{Column, TableBuilder};
    TableBuilder::new(ui)
        .id_salt("my-plan-weeks")
        .striped(true)
        .column(Column::auto().at_least(50.0))
        .column(Column::auto().at_least(200.0))
        .column(Column::auto().at_least(160.0))
        .column(Column::remainder().at_least(120.0))
        .header(24.0, |mut header| {
            for title in ["Week", "Days", "Each day", "Doses"] {
                header.col(|ui| {
                    ui.strong(title);
                });
            }
        })
        .body(|body| {
            body.rows(24.0, weeks.len(), |mut row| {
                let week = &weeks[row.index()];
                // One line a cell: the auto columns then fit their text instead of
                // wrapping it into the next row.
                let cells = [
                    week.number.to_string(),
                    format!(
                        "{} – {}",
                        week.first.format("%a %d %b"),
                        week.last.format("%a %d %b %Y")
                    ),
                    week.amounts.clone(),
                    week.doses.clone(),
                ];
                for text in cells {
                    row.col(|ui| {
                        ui.add(egui::Label::new(text).extend());
                    });
                }
            });
        });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::amount::{Amount, Unit};
    use crate::domain::plan::{Length, PlanInputs};

    #[test]
    fn weeks_run_from_the_start_to_the_stop_and_say_when_the_amount_changes() {
        let start = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        let mut inputs = PlanInputs::new(Amount::from_milli(12_000), Unit::G, start);
        inputs.length = Length::Days(42);
        inputs.step_days = 10;
        let schedule = crate::domain::schedule::generate(&inputs, &[]).unwrap();
        let weeks = plan_weeks(&schedule);
        assert_eq!(weeks.first().map(|w| w.first), Some(start));
        assert!(weeks.iter().all(|w| w.last <= schedule.stop_date));
        assert_eq!(weeks.last().map(|w| w.last), Some(schedule.stop_date));
        assert_eq!(weeks[0].amounts, "12 g");
        assert!(
            weeks[1].amounts.contains("then"),
            "the cut on day 11: {:?}",
            weeks[1]
        );
        for pair in weeks.windows(2) {
            assert_eq!(
                pair[0].last.succ_opt(),
                Some(pair[1].first),
                "no day left out"
            );
        }
    }
}
