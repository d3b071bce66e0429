//! The patients screen: every patient file in the data folder with today's amount,
//! progress, next check-in and what needs attention; search, new, open and import.

mod list;

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use list::{PatientSummary, summarise_folder};

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
    /// Set by "New patient…": the name field takes the keyboard on the next frame.
    focus_name: bool,
}

impl PatientsScreen {
    /// Puts the keyboard in the new patient's name field on the next frame.
    pub fn focus_new_name(&mut self) {
        self.focus_name = true;
    }

    /// Marks the list for re-reading (after a save, a new patient, an import).
    pub fn refresh(&mut self) {
        self.stale = true;
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
            command = self.toolbar(ui);
            if let Some(error) = &self.list_error {
                ui.colored_label(
                    ui.visuals().error_fg_color,
                    format!("⚠ The data folder cannot be read: {error}"),
                );
            }
            ui.separator();
            if let Some(open) = self.table(ui) {
                command = Some(open);
            }
        });
        command
    }

    /// Search, a new patient's name with "Create patient", and "Import file…".
    fn toolbar(&mut self, ui: &mut egui::Ui) -> Option<PatientsCommand> {
        let mut command = None;
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
            if std::mem::take(&mut self.focus_name) {
                field.request_focus();
            }
            let enter = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            let named = !self.new_name.trim().is_empty();
            let create = ui
                .add_enabled(named, egui::Button::new("Create patient"))
                .clicked();
            if (create || enter) && named {
                command = Some(PatientsCommand::Create(self.new_name.trim().to_string()));
                self.new_name.clear();
            }
            ui.separator();
            if ui.button("Import file…").clicked() {
                command = Some(PatientsCommand::Import);
            }
        });
        command
    }

    /// The rows matching the search, "Open" first so it is never off-screen.
    fn table(&self, ui: &mut egui::Ui) -> Option<PatientsCommand> {
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
        let mut command = None;
        egui::ScrollArea::both().show(ui, |ui| {
            egui::Grid::new("patients")
                .striped(true)
                .num_columns(6)
                .spacing([16.0, 8.0])
                .show(ui, |ui| {
                    for title in [
                        "",
                        "Patient",
                        "Today",
                        "Progress",
                        "Next check-in",
                        "Attention",
                    ] {
                        ui.strong(title);
                    }
                    ui.end_row();
                    for row in shown {
                        if let Some(open) = patient_row(ui, row) {
                            command = Some(open);
                        }
                        ui.end_row();
                    }
                });
        });
        command
    }
}

/// One patient's row; a file that does not load shows its error instead of values.
fn patient_row(ui: &mut egui::Ui, row: &PatientSummary) -> Option<PatientsCommand> {
    let mut command = None;
    match &row.error {
        Some(error) => {
            ui.label("");
            ui.label(&row.name);
            ui.colored_label(ui.visuals().error_fg_color, "does not load");
            ui.label("");
            ui.label("");
            ui.label(
                egui::RichText::new(error)
                    .small()
                    .color(ui.visuals().error_fg_color),
            );
        }
        None => {
            if ui.button(format!("Open {}", row.name)).clicked() {
                command = Some(PatientsCommand::Open(row.path.clone()));
            }
            ui.label(&row.name);
            ui.label(&row.today_amount);
            ui.label(&row.progress);
            ui.label(
                row.next_check_in
                    .map_or("—".to_string(), |d| d.format("%a %Y-%m-%d").to_string()),
            );
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
        }
    }
    command
}
