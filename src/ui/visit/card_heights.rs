//! The heights of the Visit screen's alert cards, so that cards out of view are not
//! laid out.

use chrono::NaiveDate;

use crate::domain::rules::Alert;

/// How many card heights are kept before they are all forgotten and measured again.
const CARD_HEIGHTS_MAX: usize = 1024;

/// The heights of the alert cards as last drawn, so that a card out of view takes its
/// place without being laid out: a record never seen at a visit can have dozens of
/// cards with a suggestion, and laying them all out was most of a frame. A card is
/// known by a hash of all it shows, so one whose text changed is drawn (and measured)
/// again; a new width forgets them all.
#[derive(Default)]
pub(super) struct CardHeights {
    width: f32,
    heights: std::collections::HashMap<u64, f32>,
}

impl CardHeights {
    /// What the card of `alert` shows, hashed: its texts, its sources, the stop date
    /// now and the one accepting would give, and whether its button is enabled.
    pub(super) fn key(
        alert: &Alert,
        stop_now: NaiveDate,
        preview: &Option<Result<NaiveDate, String>>,
        editable: bool,
    ) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        (alert.rule.name(), alert.severity, alert.date).hash(&mut hasher);
        (&alert.title, &alert.message, &alert.patient_instruction).hash(&mut hasher);
        (&alert.triggered_by, &alert.basis, alert.suggestion).hash(&mut hasher);
        (stop_now, preview, editable).hash(&mut hasher);
        hasher.finish()
    }

    /// Starts a frame at `width`; also forgets the heights once there are many more
    /// than cards (texts that changed leave theirs behind).
    pub(super) fn width(&mut self, width: f32) {
        if width != self.width || self.heights.len() > CARD_HEIGHTS_MAX {
            self.width = width;
            self.heights.clear();
        }
    }

    /// Takes the card's space without drawing it when it was drawn before and lies
    /// wholly outside the part of the screen in view.
    pub(super) fn skipped_out_of_view(&self, ui: &mut egui::Ui, key: u64) -> bool {
        let Some(&height) = self.heights.get(&key) else {
            return false;
        };
        let (top, view) = (ui.cursor().top(), ui.clip_rect());
        let out_of_view = top > view.bottom() || top + height < view.top();
        if out_of_view {
            ui.allocate_space(egui::vec2(self.width, height));
        }
        out_of_view
    }

    pub(super) fn drawn(&mut self, key: u64, height: f32) {
        self.heights.insert(key, height);
    }
}
