//! How the app is started: its data folder, its day, who uses it, how it asks for
//! files (a parameter, so tests can drive every part of it).

use std::path::PathBuf;

use chrono::NaiveDate;

use super::file_picker::{FilePicker, SystemPicker};
use crate::domain::identity::Role;

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
    /// Read the patients folder on a thread of its own (true in the app); tests read
    /// it inline so that every frame they check is complete.
    pub read_in_background: bool,
    /// Who uses the app for this run (`--role`): the first-start question is then not
    /// asked and the saved answer is left as it is.
    pub role: Option<Role>,
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
            read_in_background: true,
            role: None,
        }
    }
}
