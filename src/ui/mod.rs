//! The eframe desktop app. Screens are functions over the app state that return
//! actions; [`session::Session::apply`] is the one place that changes the record.
//!
//! - [`app`]: the app, menus, status bar, dialogs, title, autosave loop.
//! - [`commands`]: every app command with its shortcut.
//! - [`session`]: the open patient, its undo history and autosave.
//! - [`patients_screen`], [`patient_list`]: the patient list.
//! - [`plan_screen`], [`plan_editor`], [`plan_draft`], [`revision_dialog`],
//!   [`schedule_view`]: building and revising the plan.
//! - [`today_screen`], [`today_header`], [`today_form`], [`today_draft`],
//!   [`today_alerts`]: the patient's day.
//! - [`visit_screen`], [`visit_journal`], [`visit_cows`], [`visit_decision`]: the
//!   clinician's visit.
//! - [`progress`], [`chart_view`]: the progress chart the Today and Visit screens share.
//! - [`screen`]: what the screens share around their content (context, panels).
//! - [`demo`]: the first-start demo patient. [`widgets`]: shared conversions and labels.

pub mod app;
pub mod chart_view;
pub mod commands;
pub mod demo;
pub mod patient_list;
pub mod patients_screen;
pub mod plan_draft;
pub mod plan_editor;
pub mod plan_screen;
pub mod progress;
pub mod revision_dialog;
pub mod schedule_view;
pub mod screen;
pub mod session;
pub mod today_alerts;
pub mod today_draft;
pub mod today_form;
pub mod today_header;
pub mod today_screen;
pub mod visit_cows;
pub mod visit_decision;
pub mod visit_journal;
pub mod visit_screen;
pub mod widgets;

use std::path::PathBuf;
use std::process::ExitCode;

use chrono::NaiveDate;

pub use app::{AppConfig, TaperApp};

/// Opens the app window and blocks until it closes.
pub fn run(today: NaiveDate, data_dir_flag: Option<PathBuf>) -> ExitCode {
    let data_dir = match crate::store::resolve_data_dir(
        data_dir_flag,
        std::env::var_os(crate::store::DATA_DIR_ENV),
    ) {
        Ok(dir) => dir,
        Err(err) => {
            eprintln!("error: {err}");
            return ExitCode::from(crate::cli::EXIT_BAD_INPUT);
        }
    };
    // Create the data folder (0700) before eframe looks for its preferences file, so it
    // is never created with looser permissions by anyone else.
    if let Err(err) = crate::store::ensure_private_dir(&data_dir) {
        eprintln!("error: {err}");
        return ExitCode::FAILURE;
    }
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("taper-planner")
            .with_inner_size([1280.0, 800.0])
            .with_min_inner_size([800.0, 500.0]),
        // UI preferences only (theme, zoom, your name); never patient data.
        persistence_path: Some(data_dir.join("ui-preferences.ron")),
        ..Default::default()
    };
    let config = AppConfig { data_dir, today };
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
