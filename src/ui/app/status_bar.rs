//! The status bar: the disclaimer line, whether the record is saved, and the last
//! message.

use super::{TaperApp, save_copy};

impl TaperApp {
    pub(super) fn status_bar(&mut self, ui: &mut egui::Ui, time: f64) {
        self.status.age(ui.ctx(), time);
        egui::Panel::bottom("status").show(ui, |ui| {
            ui.horizontal_wrapped(|ui| {
                ui.label(
                    egui::RichText::new("Not medical advice: supports the clinician's decision.")
                        .small()
                        .weak(),
                );
                if let Some(session) = &mut self.session {
                    ui.separator();
                    if session.file.read_only().is_some() {
                        ui.colored_label(
                            ui.visuals().warn_fg_color,
                            "Read-only: open in another window",
                        );
                    } else if let Some(error) = session.save_error.clone() {
                        ui.colored_label(
                            ui.visuals().error_fg_color,
                            format!("⚠ Not saved: {error}"),
                        );
                        if ui.button("Save my version as a copy").clicked() {
                            self.status.problem(save_copy(session));
                        }
                    } else if session.dirty {
                        ui.label("Unsaved changes (saving…)");
                    } else {
                        ui.label("All changes saved");
                    }
                }
                if let Some(status) = self.status.text() {
                    ui.separator();
                    ui.label(status);
                    if ui.small_button("✖").on_hover_text("Dismiss").clicked() {
                        self.status = StatusLine::default();
                    }
                }
            });
        });
    }
}

/// How long news ("Exported …") stays in the status bar, in seconds.
const NEWS_FADES_AFTER: f64 = 10.0;

/// The last message of the status bar. News of something done fades after
/// [`NEWS_FADES_AFTER`] seconds; a problem, or a message the user has to act on, stays
/// until it is replaced or dismissed.
#[derive(Debug, Default)]
pub(super) struct StatusLine {
    message: Option<Message>,
}

#[derive(Debug)]
struct Message {
    text: String,
    lasting: bool,
    /// When it was first shown (app time); the fade counts from there.
    shown_at: Option<f64>,
}

impl StatusLine {
    /// News of something done: it fades.
    pub(super) fn news(&mut self, text: impl Into<String>) {
        self.set(text.into(), false);
    }

    /// A problem, or something to act on: it stays.
    pub(super) fn problem(&mut self, text: impl Into<String>) {
        self.set(text.into(), true);
    }

    /// News when `result` is Ok, a problem when it is not.
    pub(super) fn outcome(&mut self, result: Result<String, String>) {
        match result {
            Ok(text) => self.news(text),
            Err(text) => self.problem(text),
        }
    }

    fn set(&mut self, text: String, lasting: bool) {
        self.message = Some(Message {
            text,
            lasting,
            shown_at: None,
        });
    }

    /// The message shown now, if any.
    pub(super) fn text(&self) -> Option<&str> {
        self.message.as_ref().map(|m| m.text.as_str())
    }

    /// Drops faded news, and asks for a repaint at the moment the shown news fades
    /// (so nothing repaints in between).
    fn age(&mut self, ctx: &egui::Context, time: f64) {
        let Some(message) = &mut self.message else {
            return;
        };
        if message.lasting {
            return;
        }
        let shown_at = *message.shown_at.get_or_insert(time);
        let left = NEWS_FADES_AFTER - (time - shown_at);
        if left <= 0.0 {
            self.message = None;
        } else {
            ctx.request_repaint_after(std::time::Duration::from_secs_f64(left));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn news_fades_after_its_time_and_a_problem_stays() {
        let ctx = egui::Context::default();
        let mut line = StatusLine::default();
        line.news("Exported plan.csv");
        line.age(&ctx, 100.0);
        line.age(&ctx, 100.0 + NEWS_FADES_AFTER - 0.5);
        assert_eq!(line.text(), Some("Exported plan.csv"), "shown for its time");
        line.age(&ctx, 100.0 + NEWS_FADES_AFTER);
        assert_eq!(line.text(), None, "then gone");
        line.problem("Not exported: disk full");
        line.age(&ctx, 200.0);
        line.age(&ctx, 10_000.0);
        assert_eq!(line.text(), Some("Not exported: disk full"));
        line.outcome(Ok("Restored".into()));
        line.age(&ctx, 10_000.0);
        line.age(&ctx, 10_000.0 + NEWS_FADES_AFTER);
        assert_eq!(line.text(), None, "an Ok outcome is news");
    }
}
