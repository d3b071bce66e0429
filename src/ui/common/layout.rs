//! What the screens share around their content: the context a clinician's screen is
//! drawn with, and the scrolling panels every screen is laid out in.

use chrono::NaiveDate;

use crate::ui::session::{Action, Session};

/// What a clinician's screen is drawn with in one frame, and the actions the user
/// took in it. One value, so that a screen's panels do not each take the same long
/// list of parameters.
pub struct ScreenCtx<'a> {
    pub session: &'a Session,
    pub today: NaiveDate,
    /// The user's name, recorded with their decisions.
    pub who: &'a str,
    /// False while the file is open in another window: the screen then only shows.
    pub editable: bool,
    /// The changes asked for so far this frame, in order.
    pub actions: Vec<Action>,
}

impl<'a> ScreenCtx<'a> {
    /// The context for one frame over `session`, with no action taken yet.
    pub fn new(session: &'a Session, today: NaiveDate, who: &'a str) -> ScreenCtx<'a> {
        ScreenCtx {
            session,
            today,
            who,
            editable: session.file.read_only().is_none(),
            actions: Vec::new(),
        }
    }
}

/// A resizable side panel (`egui::Panel::left` or `right`) whose content scrolls, so
/// a long form stays usable in a short window. Screens salt `scroll_id` with the
/// record's id, so each patient's screen opens at its top.
pub fn side_panel<R>(
    ui: &mut egui::Ui,
    panel: egui::Panel,
    width: f32,
    scroll_id: impl std::hash::Hash + std::fmt::Debug,
    add_contents: impl FnOnce(&mut egui::Ui) -> R,
) -> R {
    panel
        .resizable(true)
        .default_size(width)
        .show(ui, |ui| scrolling(ui, scroll_id, add_contents))
        .inner
}

/// The central panel, scrolling.
pub fn central_panel<R>(
    ui: &mut egui::Ui,
    scroll_id: impl std::hash::Hash + std::fmt::Debug,
    add_contents: impl FnOnce(&mut egui::Ui) -> R,
) -> R {
    egui::CentralPanel::default()
        .show(ui, |ui| scrolling(ui, scroll_id, add_contents))
        .inner
}

fn scrolling<R>(
    ui: &mut egui::Ui,
    id: impl std::hash::Hash + std::fmt::Debug,
    add_contents: impl FnOnce(&mut egui::Ui) -> R,
) -> R {
    egui::ScrollArea::vertical()
        .id_salt(id)
        .show(ui, add_contents)
        .inner
}
