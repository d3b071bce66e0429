//! The app's frame loop: it draws the menu bar, the status bar and the screen shown,
//! applies the screens' actions through the session (undo, audit, autosave) and keeps
//! the window title current. The menu bar, the status bar and the dialogs live beside
//! it, in [`menu_bar`], [`status_bar`] and [`dialogs`].

use std::path::{Path, PathBuf};

use chrono::{NaiveDate, NaiveDateTime, Timelike};

mod config;
mod copies;
mod details;
mod dialogs;
mod exports;
mod file_picker;
mod files;
mod menu_bar;
mod prefs;
mod status_bar;

pub use config::AppConfig;
pub use exports::{HandoutNotOpened, OpenFile, system_open};
pub use file_picker::{FilePicker, FileRequest};
use files::save_copy;
pub use prefs::Prefs;
use prefs::PrefsFile;
use status_bar::StatusLine;

use super::commands::UiCommand;
use super::demo::ensure_demo;
use super::my_plan::MyPlanScreen;
use super::patients::{PatientsCommand, PatientsScreen};
use super::plan::PlanScreen;
use super::session::{Action, Outcome, Session, Settle};
use super::today::TodayScreen;
use super::visit::VisitScreen;
use crate::domain::identity::{Actor, Role};
use crate::store::patient_file::{PatientFile, ReadOnlyReason};
use crate::store::patients_dir;

/// The disclaimer the app shows on first start and in the About box.
pub const DISCLAIMER: &str = "taper-planner is not medical advice. It supports a clinician's decision and never makes it: \
every warning names its rule and its published basis so that the clinician can review it. Do not start, stop or \
change a substance without a licensed clinician.";

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
    my_plan: MyPlanScreen,
    patients: PatientsScreen,
    /// A merge whose conflicts are being chosen.
    pending: Option<copies::PendingMerge>,
    /// The "Patient details…" window, while it is open.
    details: Option<details::DetailsForm>,
    /// The role the text style was last set for (the patient's edition reads larger).
    styled_for: Option<Role>,
    /// The last message for the status bar (news fades; problems stay).
    status: StatusLine,
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
        let patients = PatientsScreen::new(config.read_in_background);
        let mut status_line = StatusLine::default();
        if let Some(message) = status {
            status_line.problem(message);
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
            my_plan: MyPlanScreen::default(),
            patients,
            pending: None,
            details: None,
            styled_for: None,
            status: status_line,
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
                        self.status
                            .problem("This patient is open in another window: read-only here.");
                    }
                    Some(reason @ ReadOnlyReason::NewerFormat(_)) => {
                        self.status
                            .problem(format!("This patient file is {reason}"));
                    }
                    None => {}
                }
                let session = Session::new(file, self.config.today, self.role());
                self.plan_screen = Some(PlanScreen::new(&session));
                self.today_screen = TodayScreen::default();
                self.visit_screen = VisitScreen::default();
                self.my_plan = MyPlanScreen::default();
                self.session = Some(session);
                // A clinician opens a patient to plan; a patient to log the day.
                self.screen = match self.role() {
                    Role::Clinician => Screen::Plan,
                    Role::Patient => Screen::Today,
                };
            }
            Err(e) => self.status.problem(format!(
                "Could not open the file (it was left as it is): {e}"
            )),
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
        let role = self.role();
        let Some(session) = &mut self.session else {
            return;
        };
        if actions.is_empty() {
            return;
        }
        let who = who_in(role, &self.prefs.user, session);
        let outcomes: Vec<Outcome> = actions
            .into_iter()
            .map(|action| session.apply_for_outcome(action, &who, now(), time))
            .collect();
        if let Some(Err(message)) = outcomes
            .iter()
            .rev()
            .map(|o| &o.result)
            .find(|r| r.is_err())
        {
            self.status.problem(message.clone());
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
        if leaves_the_day(command) {
            self.flush_today(time);
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
            UiCommand::GiveToPatient | UiCommand::SendToClinic => self.write_copy(),
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
            UiCommand::PatientDetails => {
                self.details = self
                    .session
                    .as_ref()
                    .map(|s| details::DetailsForm::of(&s.record().patient));
            }
        }
    }

    /// Saves the day's log typed on the Today screen before the screen goes away (or
    /// the window closes, or Ctrl+S asks), so nothing typed is lost by switching.
    fn flush_today(&mut self, time: f64) {
        let (Screen::Today, Some(session)) = (self.screen, &self.session) else {
            return;
        };
        if let Some(action) = self.today_screen.flush(session, self.config.today) {
            self.apply(vec![action], time);
        }
    }

    /// What the first frame does once the window's size is known: keep a saved zoom
    /// that no longer fits the window usable, and open the file given at start.
    fn first_frame(&mut self, ctx: &egui::Context) {
        clamp_zoom(ctx);
        if let Some(path) = self.config.open_at_start.take() {
            self.open_from_outside(&path);
        } else if self.role_answered() == Some(Role::Patient) {
            self.open_patients_record();
        }
    }

    /// Who uses the app: `--role` for this run, else the saved answer, else (until the
    /// first-start question is answered) a clinician.
    pub fn role(&self) -> Role {
        self.role_answered().unwrap_or(Role::Clinician)
    }

    /// The role if it is known; `None` while the first-start question is open.
    fn role_answered(&self) -> Option<Role> {
        self.config.role.or(self.prefs.role)
    }

    /// The person acting, as the audit list and merge stamps name them.
    fn actor(&self) -> Actor {
        let name = match &self.session {
            Some(session) => who_in(self.role(), &self.prefs.user, session),
            None => self.prefs.user.clone(),
        };
        Actor {
            role: self.role(),
            name,
        }
    }

    /// The patient's edition reads in larger, calm type; the clinician's is compact.
    fn style_for_role(&mut self, ctx: &egui::Context) {
        let role = self.role();
        if self.styled_for == Some(role) {
            return;
        }
        self.styled_for = Some(role);
        let scale = match role {
            Role::Clinician => 1.0,
            Role::Patient => 1.2,
        };
        ctx.all_styles_mut(|style| {
            let base = egui::Style::default();
            for (text_style, font) in style.text_styles.iter_mut() {
                if let Some(default) = base.text_styles.get(text_style) {
                    font.size = default.size.max(min_size(text_style)) * scale;
                }
            }
        });
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
        self.style_for_role(&ctx);
        self.take_dropped_files(&ctx);
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
        self.patients.set_shown(self.screen == Screen::Patients);
        match (self.screen, &self.session, &mut self.plan_screen) {
            (Screen::Plan, Some(session), _) if session.role() == Role::Patient => {
                self.my_plan.show(ui, session, today)
            }
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
                    let role = self.role();
                    match self.patients.show(ui, &dir, self.config.today, role) {
                        Some(PatientsCommand::Open(path)) => self.open(&path),
                        Some(PatientsCommand::Create(name)) => self.create(&name),
                        Some(PatientsCommand::Import) => self.import(),
                        Some(PatientsCommand::Archive(path)) => self.archive(&dir, &path),
                        Some(PatientsCommand::Restore(path)) => self.restore(&dir, &path),
                        Some(PatientsCommand::MergeCopies { into, copies }) => {
                            self.merge_copies(&into, &copies)
                        }
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
        self.merge_dialog(&ctx, time);
        self.details_window(&ctx, time);
        self.handout_window(&ctx);
        if let Some(wait) = self.session.as_mut().and_then(|s| s.autosave(time)) {
            ctx.request_repaint_after(std::time::Duration::from_secs_f64(wait));
        }
        if let Some(message) = self.prefs_file.save_if_changed(&self.prefs) {
            self.status.problem(message);
        }
        self.update_title(&ctx);
    }

    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        self.flush_today(f64::INFINITY);
        if let Some(session) = &mut self.session {
            session.save();
        }
        let _ = self.prefs_file.save_if_changed(&self.prefs);
    }
}

/// The name the audit list gives who acts: the user's name for a clinician; the
/// patient's own name in the patient's edition.
fn who_in(role: Role, user: &str, session: &Session) -> String {
    match role {
        Role::Clinician => user.to_string(),
        Role::Patient => session.record().patient.display_name.clone(),
    }
}

/// True for the commands after which the Today screen's typed log must already be in
/// the record: they save, close, or show something else.
fn leaves_the_day(command: UiCommand) -> bool {
    matches!(
        command,
        UiCommand::SaveNow
            | UiCommand::Quit
            | UiCommand::NewPatient
            | UiCommand::Import
            | UiCommand::GiveToPatient
            | UiCommand::SendToClinic
            | UiCommand::ShowPatients
            | UiCommand::ShowPlan
            | UiCommand::ShowVisit
    )
}

/// The smallest size of a text style at zoom 1: help and basis lines (egui's small
/// style, 9 pt by default) must stay readable, at 12 pt.
fn min_size(style: &egui::TextStyle) -> f32 {
    match style {
        egui::TextStyle::Small => 12.0,
        _ => 0.0,
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
