//! The patient's home: today's amount, the day's log, symptoms and red flags.

use chrono::NaiveDate;

use super::session::{Action, Session};

/// State of the Today screen that is not part of the record.
#[derive(Default)]
pub struct TodayScreen {}

impl TodayScreen {
    /// Draws the screen; returns the actions the patient took.
    pub fn show(&mut self, ui: &mut egui::Ui, session: &Session, today: NaiveDate) -> Vec<Action> {
        let _ = (session, today);
        egui::CentralPanel::default().show(ui, |ui| {
            ui.heading("Today");
        });
        Vec::new()
    }
}
