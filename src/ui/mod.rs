//! The eframe desktop app. Screens are functions over the app state that return
//! actions; [`Session::apply`] is the one place that changes the record.
//!
//! - `app/`: the frame loop, with the menu bar, status bar and dialogs beside it.
//! - `commands`: every app command with its shortcut, for menus and keys alike.
//! - `session`: the open patient, its audit and autosave; `history`: its undo history
//!   (everything but the audit list, shared between steps).
//! - one folder per screen, each keeping its parts private: `patients/` (the patient
//!   list), `plan/` (building and revising the plan), `today/` (the patient's day),
//!   `visit/` (the clinician's visit).
//! - `common/`: what the screens share: layout, widgets, the chart on screen and the
//!   progress chart of Today and Visit.
//! - `demo`: the first-start demo patient.

mod app;
mod commands;
mod common;
mod demo;
mod history;
mod my_plan;
mod patients;
mod plan;
mod session;
mod today;
mod visit;

use std::process::ExitCode;

pub use app::{AppConfig, DISCLAIMER, FilePicker, FileRequest, Prefs, Screen, TaperApp};
pub use commands::UiCommand;
pub use common::chart_view::{CHART_LABEL, ChartView, LEGEND_HEIGHT};
pub use demo::demo_inputs;
pub use patients::PatientsScreen;
pub use plan::{LAST_VALID_PLAN, PlanScreen};
pub use session::{AUTOSAVE_DELAY_S, Action, Derived, Outcome, Session, Settle};
pub use today::TodayScreen;
pub use visit::VisitScreen;

/// Opens the app window on `config` and blocks until it closes.
pub fn run(config: AppConfig) -> ExitCode {
    let data_dir = config.data_dir.clone();
    // Named in the lock files it takes: a command finding a patient open here says so.
    crate::store::lock::identify_process(crate::store::lock::APP_ROLE);
    // The data folder is private (0700) before anything is written into it.
    if let Err(err) = crate::store::ensure_private_dir(&data_dir) {
        eprintln!("error: {err}");
        return ExitCode::FAILURE;
    }
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("taper-planner")
            .with_inner_size([1280.0, 800.0])
            .with_min_inner_size([800.0, 500.0]),
        ..Default::default()
    };
    match eframe::run_native(
        "taper-planner",
        options,
        Box::new(move |cc| Ok(Box::new(TaperApp::new(cc, config)))),
    ) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: could not open the window: {err}");
            ExitCode::FAILURE
        }
    }
}
