//! File dialogs behind a trait: the desktop's dialogs (rfd) in the app, a scripted
//! answer in tests, so every command that asks for a file can be driven headless.

use std::path::{Path, PathBuf};

/// What a file dialog asks for.
#[derive(Debug, Clone, Copy)]
pub struct FileRequest<'a> {
    /// The dialog's title ("Import a patient file").
    pub title: &'a str,
    /// The filter's name and the extensions it shows, without dots.
    pub filter: (&'a str, &'a [&'a str]),
    /// The folder the dialog starts in (the one last used), if any.
    pub folder: Option<&'a Path>,
    /// The file name a save dialog proposes.
    pub file_name: &'a str,
}

/// Asks the user for a file. `None` means no file: cancelled, or no dialog could be
/// shown on this desktop (the caller says what to do then).
pub trait FilePicker {
    /// An existing file to read.
    fn open_file(&self, request: &FileRequest<'_>) -> Option<PathBuf>;
    /// Where to write a new file.
    fn save_file(&self, request: &FileRequest<'_>) -> Option<PathBuf>;
}

/// The desktop's own dialogs.
pub struct SystemPicker;

impl SystemPicker {
    fn dialog(request: &FileRequest<'_>) -> rfd::FileDialog {
        let mut dialog = rfd::FileDialog::new()
            .set_title(request.title)
            .add_filter(request.filter.0, request.filter.1);
        if let Some(folder) = request.folder {
            dialog = dialog.set_directory(folder);
        }
        if !request.file_name.is_empty() {
            dialog = dialog.set_file_name(request.file_name);
        }
        dialog
    }
}

impl FilePicker for SystemPicker {
    fn open_file(&self, request: &FileRequest<'_>) -> Option<PathBuf> {
        SystemPicker::dialog(request).pick_file()
    }

    fn save_file(&self, request: &FileRequest<'_>) -> Option<PathBuf> {
        SystemPicker::dialog(request).save_file()
    }
}
