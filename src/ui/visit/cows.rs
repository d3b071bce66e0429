//! The COWS form of the visit screen: the 11 clinician-rated items, each offering only
//! the scores the published scale allows (the anchor text on hover), with the running
//! total and its band.

use crate::domain::instrument::{COWS_ID, Instrument, InstrumentScore, ItemAnswer, builtin_by_id};

/// The shipped COWS instrument (compiled in, so always present).
pub fn cows() -> Option<&'static Instrument> {
    builtin_by_id(COWS_ID)
}

/// The answers being entered; one slot per COWS item, in the instrument's order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CowsForm {
    answers: Vec<Option<u8>>,
}

impl Default for CowsForm {
    fn default() -> CowsForm {
        CowsForm {
            answers: vec![None; cows().map_or(0, |c| c.items.len())],
        }
    }
}

impl CowsForm {
    /// Forgets every answer.
    pub fn clear(&mut self) {
        self.answers.iter_mut().for_each(|a| *a = None);
    }

    /// Sets one item's score; refuses an unknown item or a score the item does not
    /// allow (the form never holds a value the scale does not have).
    pub fn set(&mut self, item_id: &str, score: u8) -> bool {
        let Some(instrument) = cows() else {
            return false;
        };
        match instrument.items.iter().position(|i| i.id == item_id) {
            Some(index) if instrument.items[index].value(score).is_some() => {
                self.answers[index] = Some(score);
                true
            }
            _ => false,
        }
    }

    /// How many items have a score.
    pub fn answered(&self) -> usize {
        self.answers.iter().flatten().count()
    }

    /// True when no item has a score.
    pub fn is_empty(&self) -> bool {
        self.answered() == 0
    }

    /// True when every item has a score.
    pub fn is_complete(&self) -> bool {
        !self.answers.is_empty() && self.answered() == self.answers.len()
    }

    /// The sum of the scores given so far.
    pub fn total(&self) -> u32 {
        self.answers.iter().flatten().map(|s| u32::from(*s)).sum()
    }

    /// The line shown under the form: "COWS 14: moderate" when every item is rated,
    /// a running total while it is being filled in.
    pub fn summary(&self) -> String {
        let Some(instrument) = cows() else {
            return "COWS is not available".to_string();
        };
        let total = self.total();
        if self.is_empty() {
            "COWS not rated".to_string()
        } else if self.is_complete() {
            match instrument.band(total) {
                Some(band) => format!("COWS {total}: {}", band.name),
                None => format!("COWS {total}"),
            }
        } else {
            let missing = self.answers.len() - self.answered();
            format!(
                "COWS {total} so far: {missing} of {} items not rated yet",
                self.answers.len()
            )
        }
    }

    /// The score to record with the visit: `None` when nothing was rated, the checked
    /// score when every item was, and an error for a partly rated form (a total with
    /// items missing falls in a lower band and could hide withdrawal).
    pub fn score(&self) -> Result<Option<InstrumentScore>, String> {
        let Some(instrument) = cows() else {
            return Ok(None);
        };
        if self.is_empty() {
            return Ok(None);
        }
        if !self.is_complete() {
            let missing: Vec<&str> = instrument
                .items
                .iter()
                .zip(&self.answers)
                .filter(|(_, a)| a.is_none())
                .map(|(i, _)| i.label.as_str())
                .collect();
            return Err(format!(
                "COWS is only partly rated: rate {} too, or clear the form",
                missing.join(", ")
            ));
        }
        let score = InstrumentScore {
            instrument: instrument.id.clone(),
            answers: instrument
                .items
                .iter()
                .zip(&self.answers)
                .filter_map(|(item, a)| {
                    a.map(|score| ItemAnswer {
                        item: item.id.clone(),
                        score,
                    })
                })
                .collect(),
        };
        score
            .checked_total(instrument)
            .map_err(|e| format!("COWS: {e}"))?;
        Ok(Some(score))
    }

    /// Draws the form: one row per item with its allowed scores only.
    pub fn show(&mut self, ui: &mut egui::Ui, enabled: bool) {
        let Some(instrument) = cows() else {
            ui.label("COWS is not available.");
            return;
        };
        if self.answers.len() != instrument.items.len() {
            *self = CowsForm::default();
        }
        ui.label(
            egui::RichText::new(
                "Rate what you observe now. Each item offers only the scores the scale allows; \
                 hover a score for its anchor.",
            )
            .small()
            .weak(),
        );
        egui::Grid::new("visit-cows-form")
            .num_columns(2)
            .spacing([10.0, 4.0])
            .striped(true)
            .show(ui, |ui| {
                for (item, answer) in instrument.items.iter().zip(self.answers.iter_mut()) {
                    ui.label(&item.label).on_hover_text(&item.help);
                    ui.horizontal(|ui| {
                        for value in &item.values {
                            let selected = *answer == Some(value.score);
                            let response = ui
                                .add_enabled(
                                    enabled,
                                    egui::Button::selectable(selected, value.score.to_string())
                                        .min_size(egui::vec2(24.0, 0.0)),
                                )
                                .on_hover_text(&value.label);
                            if response.clicked() {
                                *answer = Some(value.score);
                            }
                            let name = format!("{}: {} ({})", item.label, value.score, value.label);
                            response.widget_info(|| {
                                egui::WidgetInfo::selected(
                                    egui::Role::RadioButton,
                                    enabled,
                                    selected,
                                    &name,
                                )
                            });
                        }
                        if let Some(value) = answer.and_then(|s| item.value(s)) {
                            ui.add(
                                egui::Label::new(egui::RichText::new(&value.label).small().weak())
                                    .truncate(),
                            );
                        }
                    });
                    ui.end_row();
                }
            });
        ui.horizontal(|ui| {
            let band_note = instrument.bands_note.as_deref().unwrap_or_default();
            ui.label(egui::RichText::new(self.summary()).strong())
                .on_hover_text(format!("{}\n{band_note}", instrument.source));
            if !self.is_empty()
                && ui
                    .add_enabled(enabled, egui::Button::new("Clear COWS"))
                    .clicked()
            {
                self.clear();
            }
        });
        ui.label(
            egui::RichText::new(format!("Source: {}", instrument.source))
                .small()
                .weak(),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_allowed_values_are_kept_and_the_band_is_named() {
        let mut form = CowsForm::default();
        assert_eq!(form.summary(), "COWS not rated");
        assert!(!form.set("resting-pulse", 3), "pulse has no 3");
        assert!(!form.set("no-such-item", 0));
        assert!(form.set("resting-pulse", 4));
        assert!(form.summary().starts_with("COWS 4 so far: 10 of 11"));
        assert!(form.score().is_err(), "a partial COWS is not recorded");
        for (id, score) in [
            ("sweating", 2),
            ("restlessness", 3),
            ("pupil-size", 1),
            ("bone-joint-aches", 2),
            ("runny-nose-tearing", 0),
            ("gi-upset", 2),
            ("tremor", 0),
            ("yawning", 0),
            ("anxiety-irritability", 0),
            ("gooseflesh", 0),
        ] {
            assert!(form.set(id, score), "{id}");
        }
        assert_eq!(form.summary(), "COWS 14: moderate");
        let score = form.score().unwrap().unwrap();
        assert_eq!(score.instrument, "cows");
        assert_eq!(score.total(), 14);
        form.clear();
        assert_eq!(form.score(), Ok(None));
    }
}
