//! Driving the app through egui_kittest as a user would: widgets are found by their
//! labels (and roles), as a screen reader finds them. No display or GPU is needed.

use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::rc::Rc;

use chrono::{NaiveDate, NaiveDateTime};
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use taper_planner::store::patient_file::PatientFile;
use taper_planner::ui::{Action, Session, Settle};
use taper_planner::ui::{AppConfig, FilePicker, FileRequest, TaperApp};

/// The whole app over the data folder `dir`, on `today`, in a window of `size`, after
/// its first frame. File dialogs answer nothing (as if cancelled).
pub fn app_harness(dir: &Path, today: NaiveDate, size: egui::Vec2) -> Harness<'static, TaperApp> {
    app_harness_with(test_config(dir, today), size)
}

/// The app's configuration for a test: file dialogs that answer nothing, and the
/// patients folder read inline, so every frame a test checks is complete.
pub fn test_config(dir: &Path, today: NaiveDate) -> AppConfig {
    let mut config = AppConfig::new(dir.to_path_buf(), today);
    config.picker = Box::new(ScriptedPicker::default());
    config.read_in_background = false;
    // The clinician's edition, as `--role clinician` gives it: no first-start question.
    config.role = Some(taper_planner::domain::identity::Role::Clinician);
    config
}

/// The whole app on `config`, in a window of `size`, after its first frame.
pub fn app_harness_with(config: AppConfig, size: egui::Vec2) -> Harness<'static, TaperApp> {
    let mut config = Some(config);
    let mut harness = Harness::builder()
        .with_size(size)
        .build_eframe(move |cc| TaperApp::new(cc, config.take().expect("the app is built once")));
    harness.run();
    harness
}

/// File dialogs that answer from a script: each open or save dialog takes the next
/// path queued for it, and records what it was asked. Clones share the script, so a
/// test keeps one to read after handing the other to the app.
#[derive(Default, Clone)]
pub struct ScriptedPicker {
    pub open: Rc<RefCell<Vec<PathBuf>>>,
    pub save: Rc<RefCell<Vec<PathBuf>>>,
    pub asked: Rc<RefCell<Vec<Asked>>>,
}

/// What one dialog was asked.
#[derive(Debug, Clone, PartialEq)]
pub struct Asked {
    pub title: String,
    pub extensions: Vec<String>,
    pub folder: Option<PathBuf>,
    pub file_name: String,
}

impl ScriptedPicker {
    /// A picker whose first open dialog answers `path`.
    pub fn opening(path: &Path) -> ScriptedPicker {
        let picker = ScriptedPicker::default();
        picker.open.borrow_mut().push(path.to_path_buf());
        picker
    }

    fn answer(&self, request: &FileRequest<'_>, queue: &RefCell<Vec<PathBuf>>) -> Option<PathBuf> {
        self.asked.borrow_mut().push(Asked {
            title: request.title.to_string(),
            extensions: request.filter.1.iter().map(|e| e.to_string()).collect(),
            folder: request.folder.map(Path::to_path_buf),
            file_name: request.file_name.to_string(),
        });
        let mut queue = queue.borrow_mut();
        (!queue.is_empty()).then(|| queue.remove(0))
    }
}

impl FilePicker for ScriptedPicker {
    fn open_file(&self, request: &FileRequest<'_>) -> Option<PathBuf> {
        self.answer(request, &self.open)
    }

    fn save_file(&self, request: &FileRequest<'_>) -> Option<PathBuf> {
        self.answer(request, &self.save)
    }
}

/// One screen alone over a session, without the rest of the app.
pub struct ScreenState<S> {
    pub session: Session,
    pub screen: S,
    /// The actions the session refused, with the reason.
    pub refused: Vec<String>,
}

/// `show` drawing a new screen over the patient file at `path` on the day `now`, its
/// actions applied in `who`'s name at `now` and their outcomes handed back to the
/// screen, after the first frame.
pub fn screen_harness<S: Default + Settle + 'static>(
    path: &Path,
    size: egui::Vec2,
    who: &'static str,
    now: NaiveDateTime,
    show: impl Fn(&mut S, &mut egui::Ui, &Session) -> Vec<Action> + 'static,
) -> Harness<'static, ScreenState<S>> {
    let state = ScreenState {
        session: Session::new(
            PatientFile::open(path).unwrap(),
            now.date(),
            taper_planner::domain::identity::Role::Clinician,
        ),
        screen: S::default(),
        refused: Vec::new(),
    };
    let mut harness = Harness::builder().with_size(size).build_ui_state(
        move |ui, state: &mut ScreenState<S>| {
            let actions = show(&mut state.screen, ui, &state.session);
            let outcomes: Vec<_> = actions
                .into_iter()
                .map(|action| state.session.apply_for_outcome(action, who, now, 0.0))
                .collect();
            state
                .refused
                .extend(outcomes.iter().filter_map(|o| o.result.clone().err()));
            state.screen.settle(&outcomes);
        },
        state,
    );
    harness.run();
    harness
}

/// Scrolls the widget with `role` named `label` into view and clicks it.
pub fn click_role<S>(harness: &mut Harness<'_, S>, role: Role, label: &str) {
    harness.get_by_role_and_label(role, label).scroll_to_me();
    harness.run();
    harness.get_by_role_and_label(role, label).click();
    harness.run();
}

/// Clicks the button named `label`.
pub fn click_button<S>(harness: &mut Harness<'_, S>, label: &str) {
    click_role(harness, Role::Button, label);
}

/// Clicks the widget named `label`, whatever it is (a radio button, say).
pub fn click<S>(harness: &mut Harness<'_, S>, label: &str) {
    harness.get_by_label(label).scroll_to_me();
    harness.run();
    harness.get_by_label(label).click();
    harness.run();
}

/// Replaces the text of the input with `role` named `label`.
pub fn type_into_role<S>(harness: &mut Harness<'_, S>, role: Role, label: &str, text: &str) {
    harness.get_by_role_and_label(role, label).scroll_to_me();
    harness.run();
    harness.get_by_role_and_label(role, label).focus();
    harness.run();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    harness.run();
    harness.get_by_role_and_label(role, label).type_text(text);
    harness.run();
}

/// Replaces the text of the one-line input named `label`.
pub fn type_into<S>(harness: &mut Harness<'_, S>, label: &str, text: &str) {
    type_into_role(harness, Role::TextInput, label, text);
}

/// Some widget's label contains `text`.
pub fn has(harness: &Harness<'_, impl Sized>, text: &str) -> bool {
    harness.query_all_by_label_contains(text).next().is_some()
}

/// Accepts the first-start disclaimer.
pub fn accept_disclaimer<S>(harness: &mut Harness<'_, S>) {
    click_button(harness, "I understand");
}

/// From the first start, opens the patient called `name` from the patient list.
pub fn open_patient<S>(harness: &mut Harness<'_, S>, name: &str) {
    accept_disclaimer(harness);
    click_button(harness, &format!("Open {name}"));
}

/// The open patient's session.
pub fn session<'a>(harness: &'a Harness<'_, TaperApp>) -> &'a Session {
    harness.state().session.as_ref().expect("a patient is open")
}
