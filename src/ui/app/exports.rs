//! Print handout… and File ▸ Export: the app's side of `report::exports`. The handout
//! is written into `<data folder>/handouts/` and opened in the system's viewer; where
//! none opens, a window says where the file is and offers to copy the path. Each export
//! asks where to save it, starting in the folder used last.

use std::path::{Path, PathBuf};

use super::{FileRequest, TaperApp};
use crate::report::exports::{self, ExportKind, ExportSettings, ExportSource};
use crate::report::ical::{CalendarOptions, Reminder};
use crate::report::output::Replace;

/// Opens a file in the system's viewer (a parameter of the app, so tests open nothing).
pub type OpenFile = Box<dyn FnMut(&Path) -> Result<(), String>>;

/// The system's viewer, through the `opener` crate.
pub fn system_open() -> OpenFile {
    Box::new(|path| opener::open(path).map_err(|e| e.to_string()))
}

/// A handout written but not opened: where it is, for the window that says so.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HandoutNotOpened {
    pub path: PathBuf,
    pub why: String,
}

impl TaperApp {
    /// The settings every export from the app uses.
    fn export_settings(&self) -> ExportSettings {
        ExportSettings {
            paper: self.prefs.paper,
            calendar: CalendarOptions {
                names: false,
                reminder: Reminder::default(),
                stamp: chrono::Utc::now(),
            },
            today: self.config.today,
        }
    }

    /// Runs `write` with the open patient's record and schedules, or says why not.
    fn with_source<T>(
        &self,
        write: impl FnOnce(ExportSource<'_>, &ExportSettings, &str) -> Result<T, String>,
    ) -> Result<T, String> {
        let session = self.session.as_ref().ok_or("No patient is open.")?;
        let schedule = session
            .derived()
            .schedule
            .as_ref()
            .map_err(|_| "The plan is not valid; fix it first.".to_string())?;
        let source = ExportSource {
            record: session.record(),
            schedule,
            original: session.derived().original.as_ref(),
        };
        let stem = session
            .file
            .path()
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| "patient".into());
        write(source, &self.export_settings(), &stem)
    }

    /// Print handout…: writes the PDF and opens it in the system's viewer.
    pub(super) fn print_handout(&mut self) {
        let dir = self.config.data_dir.join("handouts");
        let saved = self.with_source(|source, settings, stem| {
            exports::save_handout_in(&dir, stem, source, settings)
        });
        match saved {
            Ok(path) => match (self.open_file)(&path) {
                Ok(()) => self
                    .status
                    .news(format!("Handout saved as {} and opened", path.display())),
                Err(why) => {
                    self.status
                        .news(format!("Handout saved as {}", path.display()));
                    self.handout_not_opened = Some(HandoutNotOpened { path, why });
                }
            },
            Err(e) => self.status.problem(format!("No handout: {e}")),
        }
    }

    /// File ▸ Export: asks where, then writes the export there.
    pub(super) fn export(&mut self, kind: ExportKind) {
        let name = self.with_source(|_, _, stem| Ok(kind.suggested_name(stem)));
        let name = match name {
            Ok(name) => name,
            Err(e) => {
                self.status.problem(format!("Not exported: {e}"));
                return;
            }
        };
        let folder = self.prefs.last_export_folder.clone();
        let extensions = [kind.extension()];
        let request = FileRequest {
            title: kind.description(),
            filter: (kind.description(), &extensions),
            folder: folder.as_deref(),
            file_name: &name,
        };
        let Some(path) = self.config.picker.save_file(&request) else {
            self.status.problem(
                "Not exported. If no save dialog appeared, use the command line: \
                 taper-planner export FILE --csv, --ics, --png, --svg or --pdf."
                    .to_string(),
            );
            return;
        };
        self.prefs.last_export_folder = path.parent().map(Path::to_path_buf);
        // The dialog has asked before replacing a file.
        let written = self.with_source(|source, settings, _| {
            exports::write(kind, source, settings, &path, Replace::Allowed)
        });
        self.status.outcome(match written {
            Ok(()) => Ok(format!("Exported {}", path.display())),
            Err(e) => Err(format!("Not exported: {e}")),
        });
    }

    /// The window saying where the handout is when no viewer opened it.
    pub(super) fn handout_window(&mut self, ctx: &egui::Context) {
        let Some(info) = self.handout_not_opened.clone() else {
            return;
        };
        let mut open = true;
        let mut close = false;
        egui::Window::new("Handout saved")
            .collapsible(false)
            .open(&mut open)
            .show(ctx, |ui| {
                ui.set_max_width(460.0);
                ui.label("No PDF viewer could be opened here. The handout is saved at:");
                ui.monospace(info.path.display().to_string());
                ui.label(egui::RichText::new(format!("({})", info.why)).weak());
                ui.horizontal(|ui| {
                    if ui.button("Copy path").clicked() {
                        ui.ctx().copy_text(info.path.display().to_string());
                        self.status.news("The handout's path is on the clipboard.");
                    }
                    close = ui.button("Close").clicked();
                });
            });
        if !open || close {
            self.handout_not_opened = None;
        }
    }
}
