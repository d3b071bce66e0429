//! The menu bar: the menus built from [`UiCommand`] (each with its shortcut), File ▸
//! Export with one entry per export, the handout's paper under File, the theme and
//! zoom under View, the screen tabs, and the user's name.

use super::{Screen, TaperApp};
use crate::domain::identity::Role;
use crate::report::handout::Paper;
use crate::ui::commands::{Menu, UiCommand};
use crate::ui::session::Session;

impl TaperApp {
    pub(super) fn menu_bar(&mut self, ui: &mut egui::Ui, commands: &mut Vec<UiCommand>) {
        egui::MenuBar::new().ui(ui, |ui| {
            for menu in [Menu::File, Menu::Edit, Menu::View, Menu::Help] {
                ui.menu_button(menu.title(), |ui| {
                    let offered: Vec<UiCommand> = UiCommand::in_menu(menu)
                        .filter(|c| self.offered(*c))
                        .collect();
                    for command in offered {
                        if command.menu_button(ui, self.command_enabled(command)) {
                            commands.push(command);
                        }
                        if command == UiCommand::Import {
                            self.export_menu(ui, commands);
                        }
                        if command == UiCommand::PrintHandout {
                            self.paper_choice(ui);
                        }
                    }
                    if menu == Menu::View {
                        ui.separator();
                        self.theme_and_zoom(ui);
                    }
                });
            }
            ui.separator();
            self.screen_tabs(ui, commands);
            if self.role() == Role::Patient {
                return;
            }
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                // Right to left: the field first, then its label to its left.
                let field = ui
                    .add(egui::TextEdit::singleline(&mut self.prefs.user).desired_width(120.0))
                    .on_hover_text(
                        "Your name, recorded in the plan's history with every change you make",
                    );
                let label = ui.label("You are:").id;
                field.labelled_by(label);
            });
        });
    }

    /// Whether the command belongs to the edition in use: a patient's has no new
    /// patient, no visit and no "Give to patient"; a clinician's no "Send to clinic".
    /// (The session refuses a clinician's action from a patient's edition anyway.)
    pub(super) fn offered(&self, command: UiCommand) -> bool {
        !matches!(
            (self.role(), command),
            (Role::Clinician, UiCommand::SendToClinic)
                | (
                    Role::Patient,
                    UiCommand::NewPatient
                        | UiCommand::GiveToPatient
                        | UiCommand::PatientDetails
                        | UiCommand::ShowPatients
                        | UiCommand::ShowVisit,
                )
        )
    }

    /// File ▸ Export: each export through its own save dialog.
    fn export_menu(&self, ui: &mut egui::Ui, commands: &mut Vec<UiCommand>) {
        ui.menu_button(Menu::Export.title(), |ui| {
            for command in UiCommand::in_menu(Menu::Export) {
                if command.menu_button(ui, self.command_enabled(command)) {
                    commands.push(command);
                }
            }
        });
    }

    /// The handout's paper, A4 or US Letter (first set from the locale).
    fn paper_choice(&mut self, ui: &mut egui::Ui) {
        ui.horizontal(|ui| {
            ui.label("Handout paper:");
            for paper in Paper::ALL {
                ui.selectable_value(&mut self.prefs.paper, paper, paper.to_string());
            }
        });
    }

    /// Whether a command can be given now (offered, and a patient open for most).
    pub(super) fn command_enabled(&self, command: UiCommand) -> bool {
        if !self.offered(command) {
            return false;
        }
        let session = self.session.as_ref();
        match command {
            UiCommand::NewPatient | UiCommand::Import => self.patients_dir.is_ok(),
            UiCommand::Quit | UiCommand::ShowPatients | UiCommand::About | UiCommand::Settings => {
                true
            }
            UiCommand::Undo => session.is_some_and(Session::can_undo),
            UiCommand::Redo => session.is_some_and(Session::can_redo),
            UiCommand::SaveNow
            | UiCommand::PatientDetails
            | UiCommand::GiveToPatient
            | UiCommand::SendToClinic
            | UiCommand::PrintHandout
            | UiCommand::ExportCsv
            | UiCommand::ExportCalendar
            | UiCommand::ExportPng
            | UiCommand::ExportSvg
            | UiCommand::ExportPdf
            | UiCommand::ShowToday
            | UiCommand::ShowPlan
            | UiCommand::ShowVisit => session.is_some(),
        }
    }

    /// The screen tabs, each showing its shortcut on hover.
    fn screen_tabs(&self, ui: &mut egui::Ui, commands: &mut Vec<UiCommand>) {
        let tabs = [
            (Screen::Patients, UiCommand::ShowPatients),
            (Screen::Today, UiCommand::ShowToday),
            (Screen::Plan, UiCommand::ShowPlan),
            (Screen::Visit, UiCommand::ShowVisit),
        ];
        for (screen, command) in tabs {
            if !self.command_enabled(command) {
                continue;
            }
            let mut tab = ui.selectable_label(self.screen == screen, command.label());
            if let Some(shortcut) = command.shortcut() {
                tab = tab.on_hover_text(ui.ctx().format_shortcut(&shortcut));
            }
            if tab.clicked() {
                commands.push(command);
            }
        }
    }

    /// Light, dark or system theme, and the zoom buttons.
    fn theme_and_zoom(&mut self, ui: &mut egui::Ui) {
        let before = self.prefs.theme;
        for (theme, label) in [
            (egui::ThemePreference::Light, "Light theme"),
            (egui::ThemePreference::Dark, "Dark theme"),
            (egui::ThemePreference::System, "System theme"),
        ] {
            ui.selectable_value(&mut self.prefs.theme, theme, label);
        }
        if before != self.prefs.theme {
            ui.ctx().set_theme(self.prefs.theme);
        }
        ui.separator();
        egui::gui_zoom::zoom_menu_buttons(ui);
    }
}
