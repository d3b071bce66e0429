//! The app's dialogs: the first-start disclaimer and then who uses the app, the About
//! box, and the Settings window (who uses the app; the clinic's contact, copied into
//! each new patient record).

use super::{DISCLAIMER, Screen, TaperApp};
use crate::domain::identity::Role;
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
        } else if self.role_answered().is_none() {
            self.role_question(ctx);
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

    /// "Who will use taper-planner on this computer?", asked once after the disclaimer
    /// (and changeable in Settings): the clinician's edition plans; the patient's
    /// follows a plan.
    fn role_question(&mut self, ctx: &egui::Context) {
        let mut chosen = None;
        egui::Modal::new(egui::Id::unique("role-question")).show(ctx, |ui| {
            ui.set_max_width(480.0);
            ui.heading("Who will use taper-planner on this computer?");
            ui.add_space(6.0);
            for (role, label, help) in ROLE_CHOICES {
                if ui.button(label).clicked() {
                    chosen = Some(role);
                }
                help_text(ui, help);
                ui.add_space(4.0);
            }
            help_text(ui, "You can change this later in Settings.");
        });
        if let Some(role) = chosen {
            self.choose_role(role);
        }
    }

    /// Sets who uses the app, and opens the patient's own record in their edition.
    fn choose_role(&mut self, role: Role) {
        self.prefs.role = Some(role);
        if self.config.role.is_some_and(|r| r != role) {
            // `--role` said otherwise for this run; the choice is kept for the next.
            return;
        }
        self.close_session();
        match role {
            Role::Patient => self.open_patients_record(),
            Role::Clinician => self.screen = Screen::Patients,
        }
    }

    /// The clinic's name and phone and the clinician's name, kept with the app's
    /// preferences and copied into each new patient record.
    fn settings(&mut self, ui: &mut egui::Ui) {
        ui.set_max_width(460.0);
        ui.strong("Who uses taper-planner on this computer");
        let current = self.prefs.role;
        let mut chosen = None;
        ui.horizontal(|ui| {
            for (role, label, _) in ROLE_CHOICES {
                if ui.radio(current == Some(role), label).clicked() && current != Some(role) {
                    chosen = Some(role);
                }
            }
        });
        if let Some(role) = chosen {
            self.choose_role(role);
        }
        if self.config.role.is_some() {
            help_text(ui, "This run was started with --role, which comes first.");
        }
        ui.separator();
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

/// The two answers to "who uses the app", with what each edition does.
const ROLE_CHOICES: [(Role, &str, &str); 2] = [
    (
        Role::Clinician,
        "A clinician",
        "Plan tapers, approve them, record visits, and give each patient their copy.",
    ),
    (
        Role::Patient,
        "A patient following a plan",
        "See your plan and today's amount, log each day, and send your log to your clinic.",
    ),
];
