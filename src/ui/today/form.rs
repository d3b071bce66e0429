//! The Today screen's form: what the patient took, the product, the daily checklist,
//! the ratings, red flags, other substances, a note and a hold request. It edits a
//! [`DayDraft`]; checking and saving it is the screen's job.

use super::draft::{DayDraft, DoseDraft, DraftErrors, DraftField};
use crate::domain::amount::{Amount, Unit};
use crate::domain::instrument::Instrument;
use crate::domain::journal::{Journal, RedFlag, Substance};
use crate::domain::schedule::Schedule;
use crate::ui::common::form::{form_row, section, text_field};
use crate::ui::common::widgets::error_label;

/// The label of the button that fills in the planned doses.
pub const AS_PLANNED_LABEL: &str = "Took it as planned";

/// The label of the hold request.
pub const HOLD_LABEL: &str = "Ask my clinician to pause the taper (hold)";

/// What the patient has typed for one day, and the messages of the last failed save
/// by field (shown beside the fields they are about).
#[derive(Default)]
pub struct DayForm {
    pub draft: DayDraft,
    pub errors: DraftErrors,
}

impl DayForm {
    /// Draws the form for the draft's day; the day's planned doses come from
    /// `schedule`, for "Took it as planned" and the running total.
    pub fn show(
        &mut self,
        ui: &mut egui::Ui,
        journal: &Journal,
        schedule: Option<&Schedule>,
        instrument: Option<&Instrument>,
        unit: Unit,
    ) {
        let planned: Vec<Amount> = schedule
            .and_then(|s| s.day_at(self.draft.date).map(|d| s.doses(d).to_vec()))
            .filter(|doses| doses.iter().any(|a| !a.is_zero()))
            .unwrap_or_default();
        section(ui, "What I took");
        self.doses(ui, &planned, unit);
        ui.add_space(6.0);
        product_rows(ui, &mut self.draft, journal);
        section(ui, "How I feel");
        match instrument {
            Some(instrument) => checklist(ui, &mut self.draft, instrument),
            None => {
                ui.label(
                    "The daily checklist of this plan is not known to this version of the app.",
                );
            }
        }
        ui.add_space(6.0);
        rating_rows(ui, &mut self.draft, &self.errors);
        red_flag_section(ui, &mut self.draft);
        substance_section(ui, &mut self.draft);
        note_section(ui, &mut self.draft);
    }

    /// The dose rows, "Took it as planned", "Add dose" and the running total.
    fn doses(&mut self, ui: &mut egui::Ui, planned: &[Amount], unit: Unit) {
        ui.horizontal(|ui| {
            let planned_text = planned
                .iter()
                .map(|a| a.with_unit(unit))
                .collect::<Vec<_>>()
                .join(" + ");
            let button = ui
                .add_enabled(!planned.is_empty(), egui::Button::new(AS_PLANNED_LABEL))
                .on_hover_text(format!("Fills in the planned doses: {planned_text}"))
                .on_disabled_hover_text("Nothing is planned for this day.");
            if button.clicked() {
                self.draft.fill_planned(planned);
            }
            if ui.button("Add dose").clicked() {
                self.draft.doses.push(DoseDraft::default());
            }
        });
        let mut remove = None;
        for (i, dose) in self.draft.doses.iter_mut().enumerate() {
            let n = i + 1;
            ui.horizontal(|ui| {
                ui.label(format!("Dose {n}"));
                // Fixed ids: a banner or a row above must not move the keyboard's focus.
                ui.add(
                    egui::TextEdit::singleline(&mut dose.amount)
                        .id(egui::Id::unique(("today-dose-amount", i)))
                        .desired_width(70.0)
                        .hint_text("amount"),
                )
                .accessible_name(format!("Dose {n} amount"));
                ui.label(unit.symbol());
                ui.label("at");
                ui.add(
                    egui::TextEdit::singleline(&mut dose.time)
                        .id(egui::Id::unique(("today-dose-time", i)))
                        .desired_width(60.0)
                        .hint_text("HH:MM"),
                )
                .accessible_name(format!("Dose {n} time"))
                .on_hover_text("The time you took it, if you remember (HH:MM)");
                if ui
                    .small_button("Remove")
                    .accessible_name(format!("Remove dose {n}"))
                    .clicked()
                {
                    remove = Some(i);
                }
            });
            for field in [DraftField::DoseAmount(i), DraftField::DoseTime(i)] {
                if let Some(message) = self.errors.get(&field) {
                    error_label(ui, message);
                }
            }
        }
        if let Some(i) = remove {
            self.draft.doses.remove(i);
            // Messages are by row number; the next save attempt renumbers them.
            self.errors
                .retain(|k, _| !matches!(k, DraftField::DoseAmount(_) | DraftField::DoseTime(_)));
        }
        self.total_line(ui, planned, unit);
    }

    /// "Total: … (planned: …)", marked when more than planned.
    fn total_line(&self, ui: &mut egui::Ui, planned: &[Amount], unit: Unit) {
        if self.draft.doses.is_empty() {
            ui.label(
                egui::RichText::new("No dose logged yet for this day.")
                    .weak()
                    .italics(),
            );
        } else {
            let total = self.draft.typed_total(unit);
            let planned_total: Amount = planned.iter().copied().sum();
            let text = format!(
                "Total: {} (planned: {})",
                total.with_unit(unit),
                planned_total.with_unit(unit)
            );
            if total > planned_total {
                ui.colored_label(
                    ui.visuals().warn_fg_color,
                    format!("{text}: more than planned"),
                );
            } else {
                ui.label(text);
            }
        }
    }
}

/// The product and lot, and a note when they differ from the last logged ones.
fn product_rows(ui: &mut egui::Ui, d: &mut DayDraft, journal: &Journal) {
    egui::Grid::new("today-product")
        .num_columns(2)
        .spacing([12.0, 6.0])
        .show(ui, |ui| {
            form_row(ui, "Product", None, None, |ui, label| {
                text_field(ui, &mut d.product, label, 220.0, "name or brand");
            });
            form_row(ui, "Lot", None, None, |ui, label| {
                text_field(ui, &mut d.lot, label, 220.0, "lot or batch number");
            });
        });
    if let Some(note) = d.product_change_note(journal) {
        ui.colored_label(ui.visuals().warn_fg_color, format!("ℹ {note}"));
    }
}

/// Cravings, pain and sleep.
fn rating_rows(ui: &mut egui::Ui, d: &mut DayDraft, errors: &DraftErrors) {
    egui::Grid::new("today-ratings")
        .num_columns(2)
        .spacing([12.0, 6.0])
        .show(ui, |ui| {
            form_row(ui, "Cravings (0–10)", None, None, |ui, label| {
                rating(ui, &mut d.cravings, label, "cravings");
            });
            form_row(ui, "Pain (0–10)", None, None, |ui, label| {
                rating(ui, &mut d.pain, label, "pain");
            });
            form_row(
                ui,
                "Sleep last night (hours)",
                None,
                errors.get(&DraftField::Sleep),
                |ui, label| {
                    text_field(ui, &mut d.sleep, label, 60.0, "7.5");
                },
            );
        });
}

/// The red-flag symptoms, two to a row, with what they mean.
fn red_flag_section(ui: &mut egui::Ui, d: &mut DayDraft) {
    section(ui, "Warning signs: tick any you have");
    ui.label(
        "If you tick any of these, seek medical care now. They can be signs of liver \
         injury or other harm from kratom.",
    );
    egui::Grid::new("today-red-flags")
        .num_columns(2)
        .spacing([16.0, 4.0])
        .show(ui, |ui| {
            for pair in RedFlag::ALL.chunks(2) {
                for flag in pair {
                    let mut on = d.red_flags.contains(flag);
                    if ui.checkbox(&mut on, flag.plain_label()).changed() {
                        d.set_red_flag(*flag, on);
                    }
                }
                ui.end_row();
            }
        });
}

/// Other substances taken today, with why they matter.
fn substance_section(ui: &mut egui::Ui, d: &mut DayDraft) {
    section(ui, "Other substances used today");
    ui.label(
        "Opioids, benzodiazepines, alcohol and other sedatives taken with kratom can \
         slow or stop breathing.",
    );
    for substance in Substance::ALL {
        let mut on = d.substances.contains(&substance);
        if ui.checkbox(&mut on, substance.label()).changed() {
            d.set_substance(substance, on);
        }
    }
}

/// The free note and the hold request.
fn note_section(ui: &mut egui::Ui, d: &mut DayDraft) {
    section(ui, "Note");
    let label = ui.label("Note").id;
    ui.add(
        egui::TextEdit::multiline(&mut d.note)
            .id(egui::Id::unique("today-note"))
            .desired_rows(3)
            .desired_width(f32::INFINITY)
            .hint_text("anything you want your clinician to know"),
    )
    .labelled_by(label);
    ui.add_space(6.0);
    ui.checkbox(&mut d.hold_requested, HOLD_LABEL);
    ui.label(
        egui::RichText::new(
            "Your clinician decides; your plan stays as it is until they change it.",
        )
        .small()
        .weak(),
    );
    ui.add_space(12.0);
}

/// The daily checklist: one row per item with its allowed values; clicking the
/// chosen value again clears the answer.
fn checklist(ui: &mut egui::Ui, draft: &mut DayDraft, instrument: &Instrument) {
    ui.label(egui::RichText::new(&instrument.name).strong())
        .on_hover_text(&instrument.source);
    egui::Grid::new("today-checklist")
        .num_columns(2)
        .striped(true)
        .spacing([12.0, 4.0])
        .show(ui, |ui| {
            for item in &instrument.items {
                ui.label(&item.label).on_hover_text(&item.help);
                ui.horizontal(|ui| {
                    let current = draft.answers.get(&item.id).copied();
                    for value in &item.values {
                        let selected = current == Some(value.score);
                        let response = ui
                            .selectable_label(selected, value.score.to_string())
                            .on_hover_text(&value.label)
                            .accessible_name(format!(
                                "{}: {} ({})",
                                item.label, value.score, value.label
                            ));
                        if response.clicked() {
                            if selected {
                                draft.answers.remove(&item.id);
                            } else {
                                draft.answers.insert(item.id.clone(), value.score);
                            }
                        }
                    }
                });
                ui.end_row();
            }
        });
    let answers: Vec<(&str, u8)> = draft
        .answers
        .iter()
        .map(|(item, score)| (item.as_str(), *score))
        .collect();
    if answers.is_empty() {
        ui.label(
            egui::RichText::new("Checklist: not answered yet.")
                .weak()
                .italics(),
        );
    } else if let Ok(total) = instrument.score_partial(&answers) {
        let band = instrument
            .band(total)
            .map(|b| format!(" ({})", b.name))
            .unwrap_or_default();
        let answered = if answers.len() < instrument.items.len() {
            format!(", {} of {} answered", answers.len(), instrument.items.len())
        } else {
            String::new()
        };
        let response = ui.label(format!(
            "Checklist total: {total} of {}{band}{answered}",
            instrument.max_total()
        ));
        if let Some(note) = &instrument.bands_note {
            response.on_hover_text(note);
        }
    }
}

/// A 0–10 rating: a slider that stays "not rated" until it is moved, and a way back.
fn rating(ui: &mut egui::Ui, value: &mut Option<u8>, label: egui::Id, what: &str) {
    let mut shown = value.unwrap_or(0);
    let response = ui
        .add(egui::Slider::new(&mut shown, 0..=10).show_value(false))
        .labelled_by(label);
    if response.changed() || response.clicked() || response.drag_stopped() {
        *value = Some(shown);
    }
    match value {
        Some(v) => {
            ui.label(egui::RichText::new(v.to_string()).strong());
            if ui
                .small_button("Clear")
                .accessible_name(format!("Clear {what}"))
                .on_hover_text("Leave it not rated")
                .clicked()
            {
                *value = None;
            }
        }
        None => {
            ui.label(egui::RichText::new("not rated").weak().italics());
        }
    }
}
