//! The app: menus, the two screens, the status bar, and the loop that applies actions
//! through the session (undo, audit, autosave) and keeps the window title current.

use std::path::{Path, PathBuf};

use chrono::{NaiveDate, NaiveDateTime, Timelike};
use serde::{Deserialize, Serialize};

use super::commands::UiCommand;
use super::demo::ensure_demo;
use super::patient_list::{new_file_path, unique_path};
use super::patients_screen::{PatientsCommand, PatientsScreen};
use super::plan_screen::PlanScreen;
use super::session::{Action, Session};
use super::today_screen::TodayScreen;
use super::visit_screen::VisitScreen;
use crate::domain::amount::{Amount, Unit};
use crate::domain::patient::{Patient, PatientRecord};
use crate::domain::plan::{Length, PlanInputs};
use crate::store::patient_file::{PatientFile, ReadOnlyReason};
use crate::store::{StoreError, patients_dir};

/// The disclaimer the app shows on first start and in the About box.
pub const DISCLAIMER: &str = "taper-planner is not medical advice. It supports a clinician's decision and never makes it: \
every warning names its rule and its published basis so that the clinician can review it. Do not start, stop or \
change a substance without a licensed clinician.";

/// Where the app keeps its data, and what day it is (a parameter, so tests can fix it).
pub struct AppConfig {
    pub data_dir: PathBuf,
    pub today: NaiveDate,
}

/// UI preferences kept by eframe's own persistence (never patient data).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Prefs {
    pub theme: egui::ThemePreference,
    /// Recorded in the audit list as the person making changes.
    pub user: String,
    pub disclaimer_accepted: bool,
    pub last_import_folder: Option<PathBuf>,
}

impl Default for Prefs {
    fn default() -> Prefs {
        Prefs {
            theme: egui::ThemePreference::System,
            user: "clinician".into(),
            disclaimer_accepted: false,
            last_import_folder: None,
        }
    }
}

/// Which screen is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    Patients,
    Today,
    Plan,
    Visit,
}

/// The running app.
pub struct TaperApp {
    config: AppConfig,
    patients_dir: Result<PathBuf, String>,
    pub prefs: Prefs,
    pub screen: Screen,
    pub session: Option<Session>,
    plan_screen: Option<PlanScreen>,
    today_screen: TodayScreen,
    visit_screen: VisitScreen,
    patients: PatientsScreen,
    /// The last message for the status bar (errors stay until replaced).
    status: Option<String>,
    show_about: bool,
    title: String,
}

impl TaperApp {
    /// Builds the app; creates the data folder and, on first start, the demo patient.
    pub fn new(cc: &eframe::CreationContext<'_>, config: AppConfig) -> TaperApp {
        let prefs: Prefs = cc
            .storage
            .and_then(|s| eframe::get_value(s, eframe::APP_KEY))
            .unwrap_or_default();
        cc.egui_ctx.set_theme(prefs.theme);
        let patients_dir = patients_dir(&config.data_dir).map_err(|e| e.to_string());
        let mut status = None;
        if let Ok(dir) = &patients_dir
            && let Err(e) = ensure_demo(&config.data_dir, dir, config.today, now())
        {
            status = Some(format!("The demo patient could not be created: {e}"));
        }
        if let Err(e) = &patients_dir {
            status = Some(format!("The data folder cannot be used: {e}"));
        }
        TaperApp {
            config,
            patients_dir,
            prefs,
            screen: Screen::Patients,
            session: None,
            plan_screen: None,
            today_screen: TodayScreen::default(),
            visit_screen: VisitScreen::default(),
            patients: PatientsScreen::default(),
            status,
            show_about: false,
            title: String::new(),
        }
    }

    /// Opens a patient file (read-only when another window has it) and shows its plan.
    pub fn open(&mut self, path: &Path) {
        self.close_session();
        match PatientFile::open(path) {
            Ok(file) => {
                if file.read_only() == Some(&ReadOnlyReason::LockedElsewhere) {
                    self.status =
                        Some("This patient is open in another window: read-only here.".into());
                }
                let session = Session::new(file);
                self.plan_screen = Some(PlanScreen::new(&session));
                self.today_screen = TodayScreen::default();
                self.visit_screen = VisitScreen::default();
                self.session = Some(session);
                self.screen = Screen::Plan;
            }
            Err(e) => {
                self.status = Some(format!(
                    "Could not open the file (it was left as it is): {e}"
                ))
            }
        }
    }

    fn create(&mut self, name: &str) {
        let Ok(dir) = self.patients_dir.clone() else {
            return;
        };
        let path = new_file_path(&dir, name);
        let patient = Patient {
            display_name: name.to_string(),
            record_number: None,
            clinician: self.prefs.user.clone(),
        };
        // A valid starting point the clinician then edits: 10 g over 8 weeks from today.
        let mut inputs = PlanInputs::new(Amount::from_milli(10_000), Unit::G, self.config.today);
        inputs.length = Length::Days(56);
        let record = PatientRecord::new(patient, inputs, &self.prefs.user, now());
        match PatientFile::create(&path, record, false) {
            Ok(file) => {
                drop(file);
                self.patients.refresh();
                self.open(&path);
            }
            Err(e) => self.status = Some(format!("Could not create the patient: {e}")),
        }
    }

    fn import(&mut self) {
        let Ok(dir) = self.patients_dir.clone() else {
            return;
        };
        let mut dialog = rfd::FileDialog::new()
            .add_filter("patient file", &["ron"])
            .set_title("Import a patient file");
        if let Some(folder) = &self.prefs.last_import_folder {
            dialog = dialog.set_directory(folder);
        }
        let Some(source) = dialog.pick_file() else {
            // A cancelled dialog and a desktop without a file dialog look the same here.
            self.status = Some(format!(
                "No file imported. If no file dialog appeared, copy the .ron file into {}",
                dir.display()
            ));
            return;
        };
        self.prefs.last_import_folder = source.parent().map(Path::to_path_buf);
        match import_file(&source, &dir) {
            Ok(path) => {
                self.patients.refresh();
                self.status = Some(format!("Imported {}", path.display()));
            }
            Err(e) => self.status = Some(format!("Not imported: {e}")),
        }
    }

    fn close_session(&mut self) {
        if let Some(session) = &mut self.session {
            session.save();
        }
        self.session = None;
        self.plan_screen = None;
        self.patients.refresh();
    }

    fn apply(&mut self, action: Action, time: f64) {
        if let Some(session) = &mut self.session
            && let Err(message) = session.apply(action, &self.prefs.user, now(), time)
        {
            self.status = Some(message);
        }
    }

    fn run_command(&mut self, command: UiCommand, time: f64) {
        match command {
            UiCommand::Undo => {
                if let Some(s) = &mut self.session {
                    s.undo(time);
                }
            }
            UiCommand::Redo => {
                if let Some(s) = &mut self.session {
                    s.redo(time);
                }
            }
            UiCommand::SaveNow => {
                if let Some(s) = &mut self.session {
                    s.save();
                }
            }
            UiCommand::ShowPatients => {
                self.close_session();
                self.screen = Screen::Patients;
            }
            UiCommand::ShowToday | UiCommand::ShowPlan | UiCommand::ShowVisit => {
                if self.session.is_some() {
                    self.screen = match command {
                        UiCommand::ShowToday => Screen::Today,
                        UiCommand::ShowVisit => Screen::Visit,
                        _ => Screen::Plan,
                    };
                }
            }
            UiCommand::About => self.show_about = true,
        }
    }

    fn menu_bar(&mut self, ui: &mut egui::Ui, commands: &mut Vec<UiCommand>) {
        let has_session = self.session.is_some();
        let can_undo = self.session.as_ref().is_some_and(Session::can_undo);
        let can_redo = self.session.as_ref().is_some_and(Session::can_redo);
        egui::MenuBar::new().ui(ui, |ui| {
            ui.menu_button("File", |ui| {
                for (command, enabled) in [
                    (UiCommand::ShowPatients, true),
                    (UiCommand::SaveNow, has_session),
                ] {
                    if command.menu_button(ui, enabled) {
                        commands.push(command);
                    }
                }
            });
            ui.menu_button("Edit", |ui| {
                for (command, enabled) in [(UiCommand::Undo, can_undo), (UiCommand::Redo, can_redo)]
                {
                    if command.menu_button(ui, enabled) {
                        commands.push(command);
                    }
                }
            });
            ui.menu_button("View", |ui| {
                let before = self.prefs.theme;
                ui.selectable_value(
                    &mut self.prefs.theme,
                    egui::ThemePreference::Light,
                    "Light theme",
                );
                ui.selectable_value(
                    &mut self.prefs.theme,
                    egui::ThemePreference::Dark,
                    "Dark theme",
                );
                ui.selectable_value(
                    &mut self.prefs.theme,
                    egui::ThemePreference::System,
                    "System theme",
                );
                if before != self.prefs.theme {
                    ui.ctx().set_theme(self.prefs.theme);
                }
                ui.separator();
                egui::gui_zoom::zoom_menu_buttons(ui);
            });
            ui.menu_button("Help", |ui| {
                if UiCommand::About.menu_button(ui, true) {
                    commands.push(UiCommand::About);
                }
            });
            ui.separator();
            if ui
                .selectable_label(self.screen == Screen::Patients, "Patients")
                .clicked()
            {
                commands.push(UiCommand::ShowPatients);
            }
            if has_session {
                let tabs = [
                    (Screen::Today, UiCommand::ShowToday),
                    (Screen::Plan, UiCommand::ShowPlan),
                    (Screen::Visit, UiCommand::ShowVisit),
                ];
                for (screen, command) in tabs {
                    if ui
                        .selectable_label(self.screen == screen, command.label())
                        .clicked()
                    {
                        commands.push(command);
                    }
                }
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

    fn status_bar(&mut self, ui: &mut egui::Ui, time: f64) {
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

    fn dialogs(&mut self, ctx: &egui::Context) {
        if !self.prefs.disclaimer_accepted {
            egui::Modal::new(egui::Id::unique("disclaimer")).show(ctx, |ui| {
                ui.set_max_width(440.0);
                ui.heading("Before you start");
                ui.label(DISCLAIMER);
                if ui.button("I understand").clicked() {
                    self.prefs.disclaimer_accepted = true;
                }
            });
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

    fn update_title(&mut self, ctx: &egui::Context) {
        let title = match &self.session {
            Some(s) => format!(
                "{}{} — taper-planner{}",
                s.record().patient.display_name,
                if s.dirty { " ●" } else { "" },
                if s.file.read_only().is_some() {
                    " (read-only)"
                } else {
                    ""
                }
            ),
            None => "taper-planner".to_string(),
        };
        if title != self.title {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.title = title;
        }
    }

    /// The window title as last set (for tests).
    pub fn title(&self) -> &str {
        &self.title
    }
}

impl eframe::App for TaperApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        let ctx = ui.ctx().clone();
        let time = ctx.input(|i| i.time);
        let mut commands = UiCommand::pressed(&ctx);
        egui::Panel::top("menu").show(ui, |ui| self.menu_bar(ui, &mut commands));
        self.status_bar(ui, time);
        let mut actions = Vec::new();
        let today = self.config.today;
        match (self.screen, &self.session, &mut self.plan_screen) {
            (Screen::Plan, Some(session), Some(plan)) => {
                actions = plan.show(ui, session, today, &self.prefs.user);
                if std::mem::take(&mut plan.handout_requested) {
                    self.status = Some(save_handout(&self.config.data_dir, session, today));
                }
            }
            (Screen::Today, Some(session), _) => {
                actions = self.today_screen.show(ui, session, today)
            }
            (Screen::Visit, Some(session), _) => {
                actions = self.visit_screen.show(ui, session, today, &self.prefs.user)
            }
            _ => match &self.patients_dir {
                Ok(dir) => {
                    let dir = dir.clone();
                    match self.patients.show(ui, &dir, self.config.today) {
                        Some(PatientsCommand::Open(path)) => self.open(&path),
                        Some(PatientsCommand::Create(name)) => self.create(&name),
                        Some(PatientsCommand::Import) => self.import(),
                        None => {}
                    }
                }
                Err(e) => {
                    let message = format!("The data folder cannot be used: {e}");
                    egui::CentralPanel::default().show(ui, |ui| {
                        ui.colored_label(ui.visuals().error_fg_color, message)
                    });
                }
            },
        }
        for action in actions {
            self.apply(action, time);
        }
        for command in commands {
            self.run_command(command, time);
        }
        self.dialogs(&ctx);
        if let Some(session) = &mut self.session {
            match session.autosave_due_in(time) {
                Some(wait) if wait <= 0.0 => session.save(),
                Some(wait) => ctx.request_repaint_after(std::time::Duration::from_secs_f64(wait)),
                None => {}
            }
        }
        self.update_title(&ctx);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, eframe::APP_KEY, &self.prefs);
    }

    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        if let Some(session) = &mut self.session {
            session.save();
        }
    }
}

/// The wall-clock time for audit entries (the UI may read the clock; the domain not).
fn now() -> NaiveDateTime {
    let now = chrono::Local::now().naive_local();
    now.with_nanosecond(0).unwrap_or(now)
}

/// Copies a patient file into the patients folder after checking that it loads; never
/// replaces an existing file.
pub fn import_file(source: &Path, patients_dir: &Path) -> Result<PathBuf, StoreError> {
    let (record, _) = crate::store::patient_file::load(source)?;
    let target = new_file_path(patients_dir, &record.patient.display_name);
    let bytes = std::fs::read(source).map_err(|e| StoreError::Io {
        path: source.to_path_buf(),
        action: "read",
        source: e,
    })?;
    crate::store::save_checked(&target, &bytes, None)?;
    Ok(target)
}

/// Saves the session's record beside the original when the original changed on disk,
/// so neither version is lost.
fn save_copy(session: &mut Session) -> String {
    let path = session.file.path().to_path_buf();
    let dir = path.parent().unwrap_or(Path::new("."));
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let target = new_file_path(dir, &format!("{stem} my version"));
    let result = crate::store::format::encode(session.record())
        .and_then(|text| crate::store::save_checked(&target, text.as_bytes(), None));
    match result {
        Ok(_) => format!("Your version was saved as {}", target.display()),
        Err(e) => format!("The copy could not be saved: {e}"),
    }
}

/// Writes the patient's handout into `<data folder>/handouts/` under a new name and
/// says where, so the clinician can open and print it.
fn save_handout(data_dir: &Path, session: &Session, today: NaiveDate) -> String {
    let Ok(schedule) = &session.derived().schedule else {
        return "No handout: the plan is not valid.".to_string();
    };
    let record = session.record();
    let dir = data_dir.join("handouts");
    if let Err(e) = crate::store::ensure_private_dir(&dir) {
        return format!("No handout: {e}");
    }
    let stem = session
        .file
        .path()
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let path = unique_path(&dir, &format!("{stem} handout {today}"), "html");
    let original = session.derived().original.as_ref();
    let chart = crate::chart::ChartData::for_record(record, schedule, original, Some(today));
    let svg = crate::chart::svg_string(1200, 700, &chart);
    let html = crate::report::handout::handout_html(record, schedule, &svg);
    match crate::store::save_checked(&path, html.as_bytes(), None) {
        Ok(_) => format!(
            "Handout saved as {}: open it in a browser to print it.",
            path.display()
        ),
        Err(e) => format!("No handout: {e}"),
    }
}
