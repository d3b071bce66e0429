//! The app's frame loop: it draws the menu bar, the status bar and the screen shown,
//! applies the screens' actions through the session (undo, audit, autosave) and keeps
//! the window title current. The menu bar, the status bar and the dialogs live beside
//! it, in [`menu_bar`], [`status_bar`] and [`dialogs`].

use std::path::{Path, PathBuf};

use chrono::{NaiveDate, NaiveDateTime, Timelike};
use serde::{Deserialize, Serialize};

mod dialogs;
mod exports;
mod file_picker;
mod menu_bar;
mod prefs;
mod status_bar;

pub use exports::{HandoutNotOpened, OpenFile, system_open};
pub use file_picker::{FilePicker, FileRequest, SystemPicker};
use prefs::PrefsFile;

use super::commands::UiCommand;
use super::demo::ensure_demo;
use super::patients::{PatientsCommand, PatientsScreen};
use super::plan::PlanScreen;
use super::session::{Action, Outcome, Session, Settle};
use super::today::TodayScreen;
use super::visit::VisitScreen;
use crate::domain::amount::{Amount, Unit};
use crate::domain::patient::{Patient, PatientRecord};
use crate::domain::plan::{Length, PlanInputs};
use crate::store::patient_file::{PatientFile, ReadOnlyReason};
use crate::store::patients_dir;
use crate::store::transfer::{import_file, new_file_path};

/// The disclaimer the app shows on first start and in the About box.
pub const DISCLAIMER: &str = "taper-planner is not medical advice. It supports a clinician's decision and never makes it: \
every warning names its rule and its published basis so that the clinician can review it. Do not start, stop or \
change a substance without a licensed clinician.";

/// Where the app keeps its data, what day it is (a parameter, so tests can fix it),
/// and how it asks for files.
pub struct AppConfig {
    pub data_dir: PathBuf,
    pub today: NaiveDate,
    /// True when `today` was given (`--today`) rather than read from the clock: the
    /// app then says it runs on a training date. Audit times stay the real clock.
    pub training: bool,
    /// A patient file to open at start (`taper-planner FILE`, from a file manager).
    pub open_at_start: Option<PathBuf>,
    pub picker: Box<dyn FilePicker>,
}

impl AppConfig {
    /// The app on `data_dir` as of `today` (the clock's day), with the desktop's file
    /// dialogs.
    pub fn new(data_dir: PathBuf, today: NaiveDate) -> AppConfig {
        AppConfig {
            data_dir,
            today,
            training: false,
            open_at_start: None,
            picker: Box::new(SystemPicker),
        }
    }
}

/// UI preferences, kept in the data folder by [`PrefsFile`] (never patient data).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Prefs {
    pub theme: egui::ThemePreference,
    /// Recorded in the audit list as the person making changes.
    pub user: String,
    pub disclaimer_accepted: bool,
    pub last_import_folder: Option<PathBuf>,
    /// Where the last export was saved; the next save dialog starts there.
    pub last_export_folder: Option<PathBuf>,
    /// The handout's paper; first from the locale (Letter in the US and Canada).
    pub paper: crate::report::handout::Paper,
    /// The clinic's name, set once in Settings and copied into each new patient record.
    pub clinic: String,
    /// The clinic's phone number, copied into each new record: red-flag messages tell
    /// the patient to call it, since nothing logged reaches the clinic by itself.
    pub clinic_phone: String,
    /// The responsible clinician, copied into each new record (else "You are").
    pub clinician: String,
}

impl Default for Prefs {
    fn default() -> Prefs {
        Prefs {
            theme: egui::ThemePreference::System,
            user: "clinician".into(),
            disclaimer_accepted: false,
            last_import_folder: None,
            last_export_folder: None,
            paper: crate::report::handout::Paper::from_environment(),
            clinic: String::new(),
            clinic_phone: String::new(),
            clinician: String::new(),
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
    prefs_file: PrefsFile,
    pub screen: Screen,
    pub session: Option<Session>,
    plan_screen: Option<PlanScreen>,
    today_screen: TodayScreen,
    visit_screen: VisitScreen,
    patients: PatientsScreen,
    /// The last message for the status bar (errors stay until replaced).
    status: Option<String>,
    show_about: bool,
    show_settings: bool,
    title: String,
    /// Opens the printed handout (the system's viewer; tests put their own).
    pub open_file: OpenFile,
    /// Set when a handout was written but no viewer opened it.
    pub handout_not_opened: Option<HandoutNotOpened>,
    /// False until the first frame has run its one-time work.
    started: bool,
}

impl TaperApp {
    /// Builds the app; creates the data folder and, on first start, the demo patient.
    pub fn new(cc: &eframe::CreationContext<'_>, config: AppConfig) -> TaperApp {
        let (prefs_file, prefs, mut status) = PrefsFile::load(&config.data_dir);
        cc.egui_ctx.set_theme(prefs.theme);
        let patients_dir = patients_dir(&config.data_dir).map_err(|e| e.to_string());
        if let Ok(dir) = &patients_dir {
            let open = [config.data_dir.as_path(), dir.as_path()]
                .into_iter()
                .find_map(crate::store::datadir::privacy_warning);
            status = status.or(open);
        }
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
            prefs_file,
            screen: Screen::Patients,
            session: None,
            plan_screen: None,
            today_screen: TodayScreen::default(),
            visit_screen: VisitScreen::default(),
            patients: PatientsScreen::default(),
            status,
            show_about: false,
            show_settings: false,
            title: String::new(),
            open_file: system_open(),
            handout_not_opened: None,
            started: false,
        }
    }

    /// Opens a patient file (read-only when another window has it) and shows its plan.
    pub fn open(&mut self, path: &Path) {
        self.close_session();
        match PatientFile::open(path) {
            Ok(file) => {
                match file.read_only() {
                    Some(ReadOnlyReason::LockedElsewhere) => {
                        self.status =
                            Some("This patient is open in another window: read-only here.".into());
                    }
                    Some(reason @ ReadOnlyReason::NewerFormat(_)) => {
                        self.status = Some(format!("This patient file is {reason}"));
                    }
                    None => {}
                }
                let session = Session::new(file, self.config.today);
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
        let clinician = match self.prefs.clinician.trim() {
            "" => self.prefs.user.clone(),
            set => set.to_string(),
        };
        let patient = Patient {
            display_name: name.to_string(),
            record_number: None,
            clinician,
            clinic: self.prefs.clinic.trim().to_string(),
            clinic_phone: self.prefs.clinic_phone.trim().to_string(),
            ..Patient::default()
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
        let request = FileRequest {
            title: "Import a patient file",
            filter: ("patient file", &["ron"]),
            folder: self.prefs.last_import_folder.as_deref(),
            file_name: "",
        };
        let Some(source) = self.config.picker.open_file(&request) else {
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

    /// Applies the actions a screen returned, in order, and hands their outcomes back
    /// to that screen; a refusal is also said in the status bar.
    fn apply(&mut self, actions: Vec<Action>, time: f64) {
        let Some(session) = &mut self.session else {
            return;
        };
        if actions.is_empty() {
            return;
        }
        let outcomes: Vec<Outcome> = actions
            .into_iter()
            .map(|action| session.apply_for_outcome(action, &self.prefs.user, now(), time))
            .collect();
        if let Some(Err(message)) = outcomes
            .iter()
            .rev()
            .map(|o| &o.result)
            .find(|r| r.is_err())
        {
            self.status = Some(message.clone());
        }
        match self.screen {
            Screen::Today => self.today_screen.settle(&outcomes),
            Screen::Visit => self.visit_screen.settle(&outcomes),
            Screen::Plan | Screen::Patients => {}
        }
    }

    fn run_command(&mut self, ctx: &egui::Context, command: UiCommand, time: f64) {
        if !self.command_enabled(command) {
            return;
        }
        let session = self.session.as_mut();
        match command {
            UiCommand::Undo => {
                session.map(|s| s.undo(&self.prefs.user, now(), time));
            }
            UiCommand::Redo => {
                session.map(|s| s.redo(&self.prefs.user, now(), time));
            }
            UiCommand::SaveNow => session.into_iter().for_each(Session::save),
            UiCommand::PrintHandout => self.print_handout(),
            UiCommand::ExportCsv
            | UiCommand::ExportCalendar
            | UiCommand::ExportPng
            | UiCommand::ExportSvg
            | UiCommand::ExportPdf => {
                if let Some(kind) = command.export_kind() {
                    self.export(kind);
                }
            }
            UiCommand::NewPatient => {
                self.show_patients();
                self.patients.focus_new_name();
            }
            UiCommand::Import => self.import(),
            UiCommand::Quit => {
                // Save first: a closing window must not depend on `on_exit` alone.
                session.into_iter().for_each(Session::save);
                ctx.send_viewport_cmd(egui::ViewportCommand::Close);
            }
            UiCommand::ShowPatients => self.show_patients(),
            UiCommand::ShowToday => self.screen = Screen::Today,
            UiCommand::ShowPlan => self.screen = Screen::Plan,
            UiCommand::ShowVisit => self.screen = Screen::Visit,
            UiCommand::About => self.show_about = true,
            UiCommand::Settings => self.show_settings = true,
        }
    }

    /// What the first frame does once the window's size is known: keep a saved zoom
    /// that no longer fits the window usable, and open the file given at start.
    fn first_frame(&mut self, ctx: &egui::Context) {
        clamp_zoom(ctx);
        if let Some(path) = self.config.open_at_start.take() {
            self.open_from_outside(&path);
        }
    }

    /// Opens a file given from outside the app (a file manager, a mail program): a
    /// file already in the patients folder is opened; any other is imported first, so
    /// it lands among the patients and the original is left as it was.
    fn open_from_outside(&mut self, path: &Path) {
        let Ok(dir) = self.patients_dir.clone() else {
            return;
        };
        let inside = path
            .canonicalize()
            .ok()
            .and_then(|p| p.parent().map(Path::to_path_buf))
            .is_some_and(|parent| dir.canonicalize().is_ok_and(|d| d == parent));
        if inside {
            self.open(path);
            return;
        }
        match import_file(path, &dir) {
            Ok(imported) => {
                self.patients.refresh();
                self.open(&imported);
                self.status = Some(format!(
                    "{} was imported into the patients folder as {}",
                    path.display(),
                    imported.display()
                ));
            }
            Err(e) => self.status = Some(format!("Could not open {}: {e}", path.display())),
        }
    }

    /// Saves and closes the open patient, and shows the patient list.
    fn show_patients(&mut self) {
        self.close_session();
        self.screen = Screen::Patients;
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
        if !self.started {
            self.started = true;
            self.first_frame(&ctx);
        }
        egui::Panel::top("menu").show(ui, |ui| self.menu_bar(ui, &mut commands));
        if self.config.training {
            egui::Panel::top("training-date").show(ui, |ui| training_banner(ui, self.config.today));
        }
        self.status_bar(ui, time);
        let mut actions = Vec::new();
        let today = self.config.today;
        if let Some(session) = &mut self.session {
            session.set_today(today);
        }
        match (self.screen, &self.session, &mut self.plan_screen) {
            (Screen::Plan, Some(session), Some(plan)) => {
                actions = plan.show(ui, session, today, &self.prefs.user);
                if std::mem::take(&mut plan.handout_requested) {
                    commands.push(UiCommand::PrintHandout);
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
        self.apply(actions, time);
        for command in commands {
            self.run_command(&ctx, command, time);
        }
        self.dialogs(&ctx);
        self.handout_window(&ctx);
        if let Some(wait) = self.session.as_mut().and_then(|s| s.autosave(time)) {
            ctx.request_repaint_after(std::time::Duration::from_secs_f64(wait));
        }
        if let Some(message) = self.prefs_file.save_if_changed(&self.prefs) {
            self.status = Some(message);
        }
        self.update_title(&ctx);
    }

    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        if let Some(session) = &mut self.session {
            session.save();
        }
        let _ = self.prefs_file.save_if_changed(&self.prefs);
    }
}

/// The smallest window, in points, the screens are laid out for.
const MIN_LOGICAL_WIDTH: f32 = 1000.0;
const MIN_LOGICAL_HEIGHT: f32 = 640.0;

/// Lowers a saved zoom that would leave less than the smallest layout in the window
/// (a zoom chosen on a large screen, then the app opened on a laptop).
fn clamp_zoom(ctx: &egui::Context) {
    let zoom = ctx.zoom_factor();
    let physical = ctx.content_rect().size() * zoom;
    let fits = (physical.x / MIN_LOGICAL_WIDTH).min(physical.y / MIN_LOGICAL_HEIGHT);
    if fits.is_finite() && zoom > fits.max(1.0) {
        ctx.set_zoom_factor(fits.max(1.0));
    }
}

/// The line that says the app runs on a training date, not today.
fn training_banner(ui: &mut egui::Ui, today: NaiveDate) {
    ui.colored_label(
        ui.visuals().warn_fg_color,
        format!(
            "Training date: the app runs as if today were {}. Changes are saved as usual; \
             the history records the real time.",
            today.format("%a %Y-%m-%d")
        ),
    );
}

/// The wall-clock time for audit entries (the UI may read the clock; the domain not).
fn now() -> NaiveDateTime {
    let now = chrono::Local::now().naive_local();
    now.with_nanosecond(0).unwrap_or(now)
}

/// Saves the session's record beside the original when the original changed on disk,
/// so neither version is lost; returns the message for the status bar.
fn save_copy(session: &Session) -> String {
    match crate::store::transfer::save_copy_beside(session.file.path(), session.record()) {
        Ok(target) => format!("Your version was saved as {}", target.display()),
        Err(e) => format!("The copy could not be saved: {e}"),
    }
}
