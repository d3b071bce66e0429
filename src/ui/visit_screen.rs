//! The clinician's visit: the journal since the last visit, alerts, COWS and the decision.

use chrono::NaiveDate;

use super::session::{Action, Session};

/// State of the Visit screen that is not part of the record.
#[derive(Default)]
pub struct VisitScreen {}

impl VisitScreen {
    /// Draws the screen; returns the actions the clinician took.
    pub fn show(
        &mut self,
        ui: &mut egui::Ui,
        session: &Session,
        today: NaiveDate,
        who: &str,
    ) -> Vec<Action> {
        let _ = (session, today, who);
        egui::CentralPanel::default().show(ui, |ui| {
            ui.heading("Visit");
        });
        Vec::new()
    }
}
