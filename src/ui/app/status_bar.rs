//! The status bar: the disclaimer line, whether the record is saved, and the last
//! message.

use super::{TaperApp, save_copy};

impl TaperApp {
    pub(super) fn status_bar(&mut self, ui: &mut egui::Ui, time: f64) {
        egui::Panel::bottom("status").show(ui, |ui| {
            ui.horizontal_wrapped(|ui| {
                ui.label(
                    egui::RichText::new("Not medical advice: supports the clinician's decision.")
                        .small()
                        .weak(),
                );
                if let Some(session) = &mut self.session {
                    ui.separator();
                    if session.file.read_only().is_some() {
                        ui.colored_label(
                            ui.visuals().warn_fg_color,
                            "Read-only: open in another window",
                        );
                    } else if let Some(error) = session.save_error.clone() {
                        ui.colored_label(
                            ui.visuals().error_fg_color,
                            format!("⚠ Not saved: {error}"),
                        );
                        if ui.button("Save my version as a copy").clicked() {
                            self.status = Some(save_copy(session));
                        }
                    } else if session.dirty {
                        ui.label("Unsaved changes (saving…)");
                    } else {
                        ui.label("All changes saved");
                    }
                }
                if let Some(status) = &self.status {
                    ui.separator();
                    ui.label(status);
                    if ui.small_button("✖").on_hover_text("Dismiss").clicked() {
                        self.status = None;
                    }
                }
            });
        });
        let _ = time;
    }
}
