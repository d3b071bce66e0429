//! The patients screen: every patient file in the data folder with today's amount,
//! progress, next check-in and what needs attention; search, new, open and import.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use super::patient_list::{PatientSummary, summarise_folder};

/// What the clinician asked for on the patients screen.
#[derive(Debug, Clone, PartialEq)]
pub enum PatientsCommand {
    Open(PathBuf),
    Create(String),
    Import,
}

/// The screen's own state.
#[derive(Default)]
pub struct PatientsScreen {
    pub search: String,
    pub new_name: String,
    rows: Vec<PatientSummary>,
    list_error: Option<String>,
    stale: bool,
}

impl PatientsScreen {
    /// Marks the list for re-reading (after a save, a new patient, an import).
    pub fn refresh(&mut self) {
        self.stale = true;
    }

    /// The rows currently listed (after the last refresh).
    pub fn rows(&self) -> &[PatientSummary] {
        &self.rows
    }

    /// Draws the screen; the folder is read only when the list is stale, not every frame.
    pub fn show(
        &mut self,
        ui: &mut egui::Ui,
        dir: &Path,
        today: NaiveDate,
    ) -> Option<PatientsCommand> {
        if self.stale || (self.rows.is_empty() && self.list_error.is_none()) {
            match summarise_folder(dir, today) {
                Ok(rows) => {
                    self.rows = rows;
                    self.list_error = None;
                }
                Err(e) => self.list_error = Some(e),
            }
            self.stale = false;
        }
        let mut command = None;
        egui::CentralPanel::default().show(ui, |ui| {
            ui.heading("Patients");
            ui.label(
                egui::RichText::new(format!("Data folder: {}", dir.display()))
                    .small()
                    .weak(),
            );
            ui.horizontal(|ui| {
                let label = ui.label("Search").id;
                ui.add(
                    egui::TextEdit::singleline(&mut self.search)
                        .hint_text("name")
                        .desired_width(180.0),
                )
                .labelled_by(label);
                ui.separator();
                let label = ui.label("New patient name").id;
                let field = ui
                    .add(egui::TextEdit::singleline(&mut self.new_name).desired_width(180.0))
                    .labelled_by(label);
                let enter = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                if (ui
                    .add_enabled(
                        !self.new_name.trim().is_empty(),
                        egui::Button::new("Create patient"),
                    )
                    .clicked()
                    || enter)
                    && !self.new_name.trim().is_empty()
                {
                    command = Some(PatientsCommand::Create(self.new_name.trim().to_string()));
                    self.new_name.clear();
                }
                ui.separator();
                if ui.button("Import file…").clicked() {
                    command = Some(PatientsCommand::Import);
                }
            });
            if let Some(error) = &self.list_error {
                ui.colored_label(
                    ui.visuals().error_fg_color,
                    format!("⚠ The data folder cannot be read: {error}"),
                );
            }
            ui.separator();
            let needle = self.search.trim().to_lowercase();
            let shown: Vec<&PatientSummary> = self
                .rows
                .iter()
                .filter(|r| r.name.to_lowercase().contains(&needle))
                .collect();
            if shown.is_empty() {
                ui.label(if self.rows.is_empty() {
                    "No patients yet: create one above."
                } else {
                    "No patient matches the search."
                });
            }
            egui::ScrollArea::vertical().show(ui, |ui| {
                egui::Grid::new("patients")
                    .striped(true)
                    .num_columns(6)
                    .spacing([16.0, 8.0])
                    .show(ui, |ui| {
                        for title in [
                            "Patient",
                            "Today",
                            "Progress",
                            "Next check-in",
                            "Attention",
                            "",
                        ] {
                            ui.strong(title);
                        }
                        ui.end_row();
                        for row in shown {
                            ui.label(&row.name);
                            match &row.error {
                                Some(error) => {
                                    ui.colored_label(ui.visuals().error_fg_color, "does not load");
                                    ui.label("");
                                    ui.label("");
                                    ui.label(
                                        egui::RichText::new(error)
                                            .small()
                                            .color(ui.visuals().error_fg_color),
                                    );
                                    ui.label("");
                                }
                                None => {
                                    ui.label(&row.today_amount);
                                    ui.label(&row.progress);
                                    ui.label(row.next_check_in.map_or("—".to_string(), |d| {
                                        d.format("%a %Y-%m-%d").to_string()
                                    }));
                                    ui.horizontal(|ui| {
                                        for badge in &row.badges {
                                            let visuals = ui.visuals();
                                            let colour = if badge.urgent {
                                                visuals.error_fg_color
                                            } else {
                                                visuals.warn_fg_color
                                            };
                                            ui.colored_label(colour, format!("• {}", badge.text));
                                        }
                                    });
                                    if ui.button(format!("Open {}", row.name)).clicked() {
                                        command = Some(PatientsCommand::Open(row.path.clone()));
                                    }
                                }
                            }
                            ui.end_row();
                        }
                    });
            });
        });
        command
    }
}
