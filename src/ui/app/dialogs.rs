//! The app's dialogs: the first-start disclaimer, the About box and the Settings
//! window (the clinic's contact, copied into each new patient record).

use super::{DISCLAIMER, TaperApp};
use crate::ui::common::form::{form_row, help_text, text_field};

impl TaperApp {
    pub(super) fn dialogs(&mut self, ctx: &egui::Context) {
        if !self.prefs.disclaimer_accepted {
            egui::Modal::new(egui::Id::unique("disclaimer")).show(ctx, |ui| {
                ui.set_max_width(440.0);
                ui.heading("Before you start");
                ui.label(DISCLAIMER);
                let button = ui.button("I understand");
                // The one button has the keyboard: Enter or Space accepts.
                if !button.has_focus() && ui.memory(|m| m.focused().is_none()) {
                    button.request_focus();
                }
                let enter = ui.input(|i| i.key_pressed(egui::Key::Enter));
                if button.clicked() || enter {
                    self.prefs.disclaimer_accepted = true;
                }
            });
        }
        if self.show_about && ctx.input(|i| i.key_pressed(egui::Key::Escape)) {
            self.show_about = false;
        }
        if self.show_settings {
            let mut open = true;
            egui::Window::new("Settings")
                .collapsible(false)
                .open(&mut open)
                .show(ctx, |ui| self.settings(ui));
            self.show_settings &= open;
        }
        if self.show_about {
            egui::Window::new("About taper-planner")
                .collapsible(false)
                .open(&mut self.show_about)
                .show(ctx, |ui| {
                    ui.set_max_width(440.0);
                    ui.label(format!("taper-planner {}", env!("CARGO_PKG_VERSION")));
                    ui.label(DISCLAIMER);
                    ui.label(
                        "Patient files stay on this computer; nothing is sent over the network.",
                    );
                });
        }
    }

    /// The clinic's name and phone and the clinician's name, kept with the app's
    /// preferences and copied into each new patient record.
    fn settings(&mut self, ui: &mut egui::Ui) {
        ui.set_max_width(460.0);
        help_text(
            ui,
            "Set once; copied into each new patient record. Red-flag messages tell the \
             patient to call this number: nothing logged reaches the clinic by itself.",
        );
        egui::Grid::new("settings-form")
            .num_columns(2)
            .spacing([12.0, 6.0])
            .show(ui, |ui| {
                let prefs = &mut self.prefs;
                for (label, value) in [
                    ("Clinic name", &mut prefs.clinic),
                    ("Clinic phone", &mut prefs.clinic_phone),
                    ("Clinician's name", &mut prefs.clinician),
                ] {
                    form_row(ui, label, None, None, |ui, id| {
                        text_field(ui, value, id, 240.0, "");
                    });
                }
            });
        if ui.button("Close").clicked() {
            self.show_settings = false;
        }
    }
}
