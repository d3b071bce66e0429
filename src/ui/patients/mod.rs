//! The patients screen: every patient file in the data folder with today's amount,
//! progress, next check-in and what needs attention; search, new, open, import,
//! archive and restore; copies of one record shown as one row, merged in one click.
//!
//! The folder is read off the UI thread ([`loader`]) and read again when a file in it
//! changes, so a large or slow folder never stalls a frame and a file a sync tool
//! brings appears by itself.

mod list;
mod loader;

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use egui_extras::{Column, TableBuilder};

use list::{Badge, PatientSummary, summarise_folder};
use loader::FolderReader;

use crate::domain::identity::Role;
use crate::store::transfer::ARCHIVE_FOLDER;

/// What the clinician asked for on the patients screen.
#[derive(Debug, Clone, PartialEq)]
pub enum PatientsCommand {
    Open(PathBuf),
    Create(String),
    Import,
    /// Move the patient's file to the archive (listed apart, restorable).
    Archive(PathBuf),
    /// Move an archived file back among the patients.
    Restore(PathBuf),
    /// Merge the copies of one record into its file (each copy is then set aside).
    MergeCopies {
        into: PathBuf,
        copies: Vec<PathBuf>,
    },
}

/// The screen's own state.
pub struct PatientsScreen {
    pub search: String,
    pub new_name: String,
    rows: Vec<PatientSummary>,
    archived: Vec<PatientSummary>,
    list_error: Option<String>,
    /// True until the folder has been read once, and after a change asks again.
    stale: bool,
    reader: FolderReader,
    /// Set by "New patient…": the name field takes the keyboard on the next frame.
    focus_name: bool,
    /// A name that another patient has already, waiting for "Create anyway".
    duplicate: Option<String>,
}

impl PatientsScreen {
    /// A screen that reads the folder in the background (`background`) or inline.
    pub fn new(background: bool) -> PatientsScreen {
        PatientsScreen {
            search: String::new(),
            new_name: String::new(),
            rows: Vec::new(),
            archived: Vec::new(),
            list_error: None,
            stale: true,
            reader: FolderReader::new(background),
            focus_name: false,
            duplicate: None,
        }
    }

    /// Puts the keyboard in the new patient's name field on the next frame.
    pub fn focus_new_name(&mut self) {
        self.focus_name = true;
    }

    /// Says whether the list is on screen this frame: a folder change wakes the
    /// window only then.
    pub fn set_shown(&self, shown: bool) {
        self.reader.set_shown(shown);
    }

    /// Marks the list for re-reading (after a save, a new patient, an import).
    pub fn refresh(&mut self) {
        self.stale = true;
    }

    /// Draws the screen; the folder is read only when the list is stale or the folder
    /// changed, never every frame.
    pub fn show(
        &mut self,
        ui: &mut egui::Ui,
        dir: &Path,
        today: NaiveDate,
        role: Role,
    ) -> Option<PatientsCommand> {
        self.read_if_needed(ui.ctx(), dir, today);
        if role == Role::Patient {
            return self.patient_picker(ui);
        }
        let mut command = None;
        let mut restore = None;
        if !self.archived.is_empty() {
            egui::Panel::bottom("patients-archive").show(ui, |ui| {
                restore = self.archive_section(ui);
            });
        }
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
            // The table scrolls by itself, laying out only the rows in view.
            egui::ScrollArea::horizontal().show(ui, |ui| {
                if let Some(asked) = self.table(ui) {
                    command = Some(asked);
                }
            });
        });
        command.or(restore)
    }

    /// The patient's edition: the records on this computer to choose from (usually
    /// none or one), and the copy the clinic gave to open.
    fn patient_picker(&mut self, ui: &mut egui::Ui) -> Option<PatientsCommand> {
        let mut command = None;
        egui::CentralPanel::default().show(ui, |ui| {
            ui.heading("Your taper plan");
            if self.rows.is_empty() {
                ui.label(
                    "There is no plan on this computer yet. Your clinic gives you a file with \
                     your plan (on a USB stick, by mail or from a portal): open it here.",
                );
            } else {
                ui.label("Choose your record:");
                for row in &self.rows {
                    if row.error.is_none() && ui.button(format!("Open {}", row.name)).clicked() {
                        command = Some(PatientsCommand::Open(row.path.clone()));
                    }
                }
            }
            ui.add_space(12.0);
            if ui.button("Open the copy from your clinic…").clicked() {
                command = Some(PatientsCommand::Import);
            }
        });
        command
    }

    /// Starts a read when needed, and takes the result of one under way.
    fn read_if_needed(&mut self, ctx: &egui::Context, dir: &Path, today: NaiveDate) {
        self.reader.watch(ctx, dir);
        if self.stale || self.reader.changed() {
            self.stale = false;
            self.reader.start(ctx, dir, today);
        }
        if let Some(read) = self.reader.poll() {
            match read {
                Ok(rows) => {
                    self.rows = rows;
                    self.list_error = None;
                }
                Err(e) => self.list_error = Some(e),
            }
            // The archive is small and read with the list.
            self.archived = summarise_folder(&dir.join(ARCHIVE_FOLDER), today).unwrap_or_default();
        }
    }

    /// Search, a new patient's name with "Create patient", and "Import file…".
    fn toolbar(&mut self, ui: &mut egui::Ui) -> Option<PatientsCommand> {
        let mut command = None;
        ui.horizontal_wrapped(|ui| {
            let label = ui.label("Search").id;
            ui.add(
                egui::TextEdit::singleline(&mut self.search)
                    .hint_text("name or record number")
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
                command = self.ask_to_create();
            }
            ui.separator();
            if ui.button("Import file…").clicked() {
                command = Some(PatientsCommand::Import);
            }
        });
        if let Some(asked) = self.duplicate_warning(ui) {
            command = Some(asked);
        }
        command
    }

    /// Creates the patient, unless another has the name: then the warning asks first.
    fn ask_to_create(&mut self) -> Option<PatientsCommand> {
        let name = self.new_name.trim().to_string();
        let taken = self
            .rows
            .iter()
            .any(|r| r.name.trim().eq_ignore_ascii_case(&name));
        if taken {
            self.duplicate = Some(name);
            return None;
        }
        self.new_name.clear();
        Some(PatientsCommand::Create(name))
    }

    /// "There is already a patient called …": create another anyway, or not.
    fn duplicate_warning(&mut self, ui: &mut egui::Ui) -> Option<PatientsCommand> {
        let name = self.duplicate.clone()?;
        let same: Vec<String> = self
            .rows
            .iter()
            .filter(|r| r.name.trim().eq_ignore_ascii_case(&name))
            .map(|r| match r.identity_text() {
                text if text.is_empty() => "no record number or date of birth".to_string(),
                text => text,
            })
            .collect();
        let mut command = None;
        ui.horizontal_wrapped(|ui| {
            ui.colored_label(
                ui.visuals().warn_fg_color,
                format!(
                    "⚠ There is already a patient called {name} ({}). A second record for \
                     one person splits their journal.",
                    same.join("; ")
                ),
            );
            if ui.button("Create another anyway").clicked() {
                self.duplicate = None;
                self.new_name.clear();
                command = Some(PatientsCommand::Create(name.clone()));
            }
            if ui.button("Cancel").clicked() {
                self.duplicate = None;
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
            .filter(|r| {
                r.name.to_lowercase().contains(&needle)
                    || r.identity_text().to_lowercase().contains(&needle)
            })
            .collect();
        if shown.is_empty() {
            ui.label(if self.reader.is_reading() {
                "Reading the patients folder…"
            } else if self.rows.is_empty() {
                "No patients yet: create one above."
            } else {
                "No patient matches the search."
            });
        }
        let mut command = None;
        let row_height = ui.spacing().interact_size.y + 8.0;
        let mut table = TableBuilder::new(ui)
            .id_salt("patients")
            .striped(true)
            .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
            .column(Column::auto())
            .column(Column::auto().at_least(100.0));
        for _ in 0..4 {
            table = table.column(Column::auto().at_least(60.0));
        }
        table
            .column(Column::auto().at_least(200.0))
            .column(Column::auto())
            .header(22.0, |mut header| {
                for title in PATIENT_COLUMNS {
                    header.col(|ui| {
                        ui.strong(title);
                    });
                }
            })
            .body(|body| {
                body.rows(row_height, shown.len(), |mut row| {
                    let summary = shown[row.index()];
                    if let Some(asked) = patient_row(&mut row, summary) {
                        command = Some(asked);
                    }
                });
            });
        command
    }

    /// The archived patients, each with "Restore".
    fn archive_section(&self, ui: &mut egui::Ui) -> Option<PatientsCommand> {
        if self.archived.is_empty() {
            return None;
        }
        let mut command = None;
        ui.add_space(12.0);
        ui.collapsing(format!("Archived ({})", self.archived.len()), |ui| {
            for row in &self.archived {
                ui.horizontal(|ui| {
                    if ui.button(format!("Restore {}", row.name)).clicked() {
                        command = Some(PatientsCommand::Restore(row.path.clone()));
                    }
                    ui.label(&row.name);
                    ui.label(egui::RichText::new(row.identity_text()).weak());
                });
            }
        });
        command
    }
}

/// At most this many badges in a row; the rest are counted, and listed on hover.
const BADGES_SHOWN: usize = 3;

/// What needs the clinician, urgent first (the summary keeps `evaluate`'s order): a
/// long record can have hundreds of alerts, and a row of hundreds of labels would make
/// the list slow and unreadable.
fn badges(ui: &mut egui::Ui, badges: &[Badge]) {
    let (shown, rest) = badges.split_at(badges.len().min(BADGES_SHOWN));
    for badge in shown {
        badge_label(ui, badge);
    }
    if !rest.is_empty() {
        ui.label(format!("and {} more", rest.len()))
            .on_hover_ui(|ui| {
                for badge in rest {
                    badge_label(ui, badge);
                }
            });
    }
}

/// One badge, in the colour of its severity.
fn badge_label(ui: &mut egui::Ui, badge: &Badge) {
    let visuals = ui.visuals();
    let colour = if badge.urgent {
        visuals.error_fg_color
    } else {
        visuals.warn_fg_color
    };
    ui.colored_label(colour, format!("• {}", badge.text));
}

/// The list's column titles, "Open" first so it is never off-screen.
const PATIENT_COLUMNS: [&str; 8] = [
    "",
    "Patient",
    "Record / born",
    "Today",
    "Progress",
    "Next check-in",
    "Attention",
    "",
];

/// One patient's row; a file that does not load shows its error instead of values.
fn patient_row(
    table_row: &mut egui_extras::TableRow<'_, '_>,
    row: &PatientSummary,
) -> Option<PatientsCommand> {
    let mut command = None;
    if let Some(error) = &row.error {
        text_cell(table_row, String::new());
        text_cell(table_row, row.name.clone());
        text_cell(table_row, "does not load");
        for _ in 0..3 {
            text_cell(table_row, String::new());
        }
        table_row.col(|ui| {
            let text = egui::RichText::new(error).color(ui.visuals().error_fg_color);
            ui.add(egui::Label::new(text).truncate())
                .on_hover_text(error);
        });
        text_cell(table_row, String::new());
        return None;
    }
    table_row.col(|ui| {
        if ui.button(format!("Open {}", row.name)).clicked() {
            command = Some(PatientsCommand::Open(row.path.clone()));
        }
    });
    let next = row.next_check_in;
    text_cell(table_row, row.name.clone());
    text_cell(table_row, row.identity_text());
    text_cell(table_row, row.today_amount.clone());
    text_cell(table_row, row.progress.clone());
    text_cell(
        table_row,
        next.map_or("—".to_string(), |d| d.format("%a %Y-%m-%d").to_string()),
    );
    table_row.col(|ui| {
        if !row.copies.is_empty() {
            let text = format!("{} copies — merge", row.copies.len() + 1);
            let merge = ui.button(text).on_hover_text(
                "Files of this one record (from a sync tool or the patient): merge them into one",
            );
            if merge.clicked() {
                command = Some(PatientsCommand::MergeCopies {
                    into: row.path.clone(),
                    copies: row.copies.clone(),
                });
            }
        }
        badges(ui, &row.badges);
    });
    table_row.col(|ui| {
        let archive = ui
            .small_button(format!("Archive {}", row.name))
            .on_hover_text("Moves the file to the archive, listed below; it can be restored");
        if archive.clicked() {
            command = Some(PatientsCommand::Archive(row.path.clone()));
        }
    });
    command
}

/// A cell of plain text.
fn text_cell(table_row: &mut egui_extras::TableRow<'_, '_>, text: impl Into<String>) {
    table_row.col(|ui| {
        ui.label(text.into());
    });
}
