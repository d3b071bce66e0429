//! The UI preferences on disk: `<data folder>/preferences.ron`, written through the
//! store like every file the app writes (atomic, 0600), when they change.
//!
//! eframe's own persistence is not used: it writes its file in place with the
//! default permissions (0644, 0666 under umask 000), and the preferences hold the
//! user's name. Its old file, `ui-preferences.ron`, is read once, its preferences
//! carried over, and removed.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::domain::identity::Role;

use crate::store::{load_ron, save_atomic, to_ron_pretty};

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
    /// Who uses the app on this computer: asked at first start, changed in Settings.
    pub role: Option<Role>,
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
            role: None,
        }
    }
}

/// The preferences file in the data folder.
pub const PREFS_FILE: &str = "preferences.ron";
/// The file eframe's persistence wrote before (a map of strings, the app's under "app").
const OLD_EFRAME_FILE: &str = "ui-preferences.ron";

/// Where the preferences are kept, and what was last written there.
pub struct PrefsFile {
    path: PathBuf,
    /// What the file holds now (`None`: not written yet).
    saved: Option<Prefs>,
    /// Set when the file exists but could not be read: it is then never written over.
    broken: bool,
}

impl PrefsFile {
    /// Reads the preferences of `data_dir` (defaults when there are none), with a
    /// message for the status bar when the file could not be read.
    pub fn load(data_dir: &Path) -> (PrefsFile, Prefs, Option<String>) {
        let path = data_dir.join(PREFS_FILE);
        let mut file = PrefsFile {
            path,
            saved: None,
            broken: false,
        };
        match load_ron::<Prefs>(&file.path) {
            Ok(loaded) => {
                let prefs = loaded.value;
                file.saved = Some(prefs.clone());
                (file, prefs, None)
            }
            Err(e) if e.is_not_found() => {
                let prefs = carry_over_eframe_prefs(data_dir).unwrap_or_default();
                (file, prefs, None)
            }
            Err(e) => {
                file.broken = true;
                let message = format!(
                    "Your preferences could not be read, so the defaults are used and the file is left as it is: {e}"
                );
                (file, Prefs::default(), Some(message))
            }
        }
    }

    /// Writes `prefs` when they differ from what the file holds; a message when that
    /// failed (it is tried again at the next change).
    pub fn save_if_changed(&mut self, prefs: &Prefs) -> Option<String> {
        if self.broken || self.saved.as_ref() == Some(prefs) {
            return None;
        }
        let written =
            to_ron_pretty(prefs).and_then(|text| save_atomic(&self.path, text.as_bytes()));
        match written {
            Ok(_) => {
                self.saved = Some(prefs.clone());
                None
            }
            Err(e) => {
                // Not tried again until the preferences change once more.
                self.saved = Some(prefs.clone());
                Some(format!("Your preferences could not be saved: {e}"))
            }
        }
    }
}

/// The preferences eframe's persistence kept, if its file is there: read, then the
/// file removed (it was world-readable and held the user's name).
fn carry_over_eframe_prefs(data_dir: &Path) -> Option<Prefs> {
    let old = data_dir.join(OLD_EFRAME_FILE);
    let map = load_ron::<HashMap<String, String>>(&old).ok()?.value;
    let prefs = map
        .get(eframe::APP_KEY)
        .and_then(|text| ron::from_str::<Prefs>(text).ok());
    let _ = std::fs::remove_file(&old);
    prefs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    fn mode(path: &Path) -> u32 {
        use std::os::unix::fs::PermissionsExt;
        std::fs::metadata(path).unwrap().permissions().mode() & 0o777
    }

    #[test]
    fn preferences_are_private_saved_on_change_and_carried_over_from_eframe() {
        let dir = tempfile::tempdir().unwrap();
        let old = Prefs {
            user: "Dr Old".into(),
            ..Prefs::default()
        };
        let kv = HashMap::from([(eframe::APP_KEY.to_string(), ron::to_string(&old).unwrap())]);
        std::fs::write(
            dir.path().join(OLD_EFRAME_FILE),
            ron::to_string(&kv).unwrap(),
        )
        .unwrap();

        let (mut file, mut prefs, message) = PrefsFile::load(dir.path());
        assert_eq!((prefs.clone(), message), (old, None));
        assert!(!dir.path().join(OLD_EFRAME_FILE).exists());
        assert_eq!(file.save_if_changed(&prefs), None);
        prefs.user = "Dr New".into();
        assert_eq!(file.save_if_changed(&prefs), None);
        let path = dir.path().join(PREFS_FILE);
        #[cfg(unix)]
        assert_eq!(mode(&path), 0o600);
        let (_, again, _) = PrefsFile::load(dir.path());
        assert_eq!(again.user, "Dr New");

        std::fs::write(&path, b"not ( ron").unwrap();
        let (mut broken, defaults, message) = PrefsFile::load(dir.path());
        assert_eq!(defaults, Prefs::default());
        assert!(message.is_some_and(|m| m.contains("line 1")));
        assert_eq!(broken.save_if_changed(&prefs), None);
        assert_eq!(std::fs::read(&path).unwrap(), b"not ( ron");
    }
}
