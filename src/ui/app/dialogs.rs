//! The app's dialogs: the first-start disclaimer and the About box.

use super::{DISCLAIMER, TaperApp};

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
}
