//! The clinician's plan form: every input with its help text, the error for a field
//! shown at that field in words, and a live preview while typing. Text fields apply
//! on Enter or when focus leaves them; pickers and toggles apply at once.

use chrono::Weekday;

use super::plan_draft::{FieldErrors, FieldKey, LengthKind, PlanDraft};
use super::session::Action;
use super::widgets::{error_label, from_jiff, to_jiff};
use crate::domain::amount::Unit;
use crate::domain::plan::{Field, PlanInputs, Shape};

/// The form's state: what is typed, and the record revision it was last synced to.
pub struct PlanEditor {
    pub draft: PlanDraft,
    synced_revision: Option<u64>,
    errors: FieldErrors,
}

impl PlanEditor {
    /// An editor showing `inputs`.
    pub fn new(inputs: &PlanInputs) -> PlanEditor {
        PlanEditor {
            draft: PlanDraft::from_inputs(inputs),
            synced_revision: None,
            errors: FieldErrors::new(),
        }
    }

    /// Re-reads the record's inputs when the record changed elsewhere (undo, redo,
    /// another action), so the form never shows stale values.
    pub fn sync(&mut self, inputs: &PlanInputs, revision: u64) {
        if self.synced_revision != Some(revision) {
            self.draft = PlanDraft::from_inputs(inputs);
            self.errors.clear();
            self.synced_revision = Some(revision);
        }
    }

    /// The inputs the draft describes when they are valid and differ from `current`:
    /// shown as a preview until applied.
    pub fn preview(&self, current: &PlanInputs) -> Option<PlanInputs> {
        self.draft.parse().ok().filter(|p| p != current)
    }

    /// Draws the form; returns the action to apply when the clinician committed a
    /// valid change. `enabled` is false for read-only files.
    pub fn show(
        &mut self,
        ui: &mut egui::Ui,
        current: &PlanInputs,
        enabled: bool,
    ) -> Option<Action> {
        let mut commit = false;
        ui.add_enabled_ui(enabled, |ui| {
            egui::Grid::new("plan-form")
                .num_columns(2)
                .spacing([12.0, 6.0])
                .show(ui, |ui| {
                    commit |= self.fields(ui);
                });
        });
        let parsed = self.draft.parse();
        self.errors = parsed.as_ref().err().cloned().unwrap_or_default();
        match parsed {
            Ok(inputs) if commit && inputs != *current => Some(Action::SetInputs(inputs)),
            _ => None,
        }
    }

    fn fields(&mut self, ui: &mut egui::Ui) -> bool {
        let mut commit = false;
        let errors = self.errors.clone();
        let d = &mut self.draft;
        commit |= row(
            ui,
            "Current daily amount",
            "What the patient takes in a day now (day 1 of the taper).",
            errors.get(&Field::Start.into()),
            |ui, label| {
                let text = text_field(ui, &mut d.start, label, 70.0);
                let mut unit_changed = false;
                let combo = egui::ComboBox::from_id_salt("unit")
                    .selected_text(d.unit.symbol())
                    .width(60.0)
                    .show_ui(ui, |ui| {
                        for unit in Unit::ALL {
                            unit_changed |= ui
                                .selectable_value(&mut d.unit, unit, unit.symbol())
                                .changed();
                        }
                    });
                name_combo(&combo.response, "Unit");
                if unit_changed {
                    d.increment = d.unit.default_increment().to_string();
                }
                text || unit_changed
            },
        );
        commit |= row(
            ui,
            "Start date",
            "Day 1 of the taper.",
            errors.get(&Field::StartDate.into()),
            |ui, _| {
                let mut date = to_jiff(d.start_date);
                let changed = ui
                    .add(egui_extras::DatePickerButton::new(&mut date).id_salt("start-date"))
                    .changed();
                if changed {
                    d.start_date = from_jiff(date).unwrap_or(d.start_date);
                }
                changed
            },
        );
        commit |= row(
            ui,
            "Shape",
            d.shape.explanation(),
            errors.get(&Field::Shape.into()),
            |ui, _| {
                let mut changed = false;
                let combo = egui::ComboBox::from_id_salt("shape")
                    .selected_text(shape_label(d.shape))
                    .show_ui(ui, |ui| {
                        for shape in Shape::ALL {
                            changed |= ui
                                .selectable_value(&mut d.shape, shape, shape_label(shape))
                                .changed();
                        }
                    });
                name_combo(&combo.response, "Shape");
                changed
            },
        );
        if d.shape_has_length() {
            commit |= row(
                ui,
                "Taper length",
                "How long until the stop date (the first day at zero).",
                errors.get(&Field::Length.into()),
                |ui, label| {
                    let text = text_field(ui, &mut d.length, label, 70.0);
                    let mut changed = false;
                    let combo = egui::ComboBox::from_id_salt("length-kind")
                        .selected_text(length_kind_label(d.length_kind))
                        .show_ui(ui, |ui| {
                            let mut kinds = vec![LengthKind::Weeks, LengthKind::Days];
                            if d.shape == Shape::Proportional {
                                kinds.push(LengthKind::PercentPerStep);
                            }
                            for kind in kinds {
                                changed |= ui
                                    .selectable_value(
                                        &mut d.length_kind,
                                        kind,
                                        length_kind_label(kind),
                                    )
                                    .changed();
                            }
                        });
                    name_combo(&combo.response, "Length unit");
                    text || changed
                },
            );
        }
        if d.shape == Shape::Custom {
            commit |= row(
                ui,
                "Steps",
                "The amount of each step, separated by commas; the first is the current amount.",
                errors.get(&Field::Steps.into()),
                |ui, label| text_field(ui, &mut d.steps, label, 200.0),
            );
        }
        commit |= row(
            ui,
            "Days between reductions",
            "How long each step lasts (7 = weekly).",
            errors.get(&Field::StepDays.into()),
            |ui, label| text_field(ui, &mut d.step_days, label, 50.0),
        );
        commit |= row(
            ui,
            "Increment",
            "The smallest amount that can be measured (scale resolution, capsule size).",
            errors.get(&Field::Increment.into()),
            |ui, label| text_field(ui, &mut d.increment, label, 70.0),
        );
        commit |= row(
            ui,
            "Doses per day",
            "The daily amount is split into this many doses.",
            errors.get(&Field::DosesPerDay.into()),
            |ui, label| text_field(ui, &mut d.doses_per_day, label, 50.0),
        );
        commit |= row(
            ui,
            "Jump-off amount",
            "The last amount before zero; empty = the larger of one increment and 10% of the start.",
            errors.get(&Field::JumpOff.into()),
            |ui, label| text_field(ui, &mut d.jump_off, label, 70.0),
        );
        commit |= row(
            ui,
            "Maximum cut (%)",
            "Reductions larger than this share of the current amount are warned about.",
            errors.get(&Field::MaxCut.into()),
            |ui, label| text_field(ui, &mut d.max_cut, label, 50.0),
        );
        commit |= row(
            ui,
            "Days between visits",
            "Clinician visits, moved to the nearest clinic day.",
            errors.get(&Field::VisitDays.into()),
            |ui, label| text_field(ui, &mut d.visit_days, label, 50.0),
        );
        commit |= row(
            ui,
            "Clinic days",
            "Days the clinic sees patients.",
            errors.get(&Field::ClinicDays.into()),
            |ui, _| {
                let mut changed = false;
                for day in [
                    Weekday::Mon,
                    Weekday::Tue,
                    Weekday::Wed,
                    Weekday::Thu,
                    Weekday::Fri,
                    Weekday::Sat,
                    Weekday::Sun,
                ] {
                    let mut on = d.clinic_days.contains(day);
                    if ui.toggle_value(&mut on, &day.to_string()[..2]).changed() {
                        d.clinic_days.set(day, on);
                        changed = true;
                    }
                }
                changed
            },
        );
        commit |= row(
            ui,
            "Follow-up days",
            "Days after the stop date that the schedule still shows.",
            errors.get(&Field::FollowUpDays.into()),
            |ui, label| text_field(ui, &mut d.follow_up_days, label, 50.0),
        );
        commit
    }

    /// The error shown for a field, if any (for tests and summaries).
    pub fn error(&self, field: Field) -> Option<&str> {
        self.errors.get(&FieldKey::from(field)).map(String::as_str)
    }
}

/// One form row: the label, the widget(s), the help text and the field's error.
fn row(
    ui: &mut egui::Ui,
    label: &str,
    help: &str,
    error: Option<&String>,
    widget: impl FnOnce(&mut egui::Ui, egui::Id) -> bool,
) -> bool {
    let label_id = ui.label(label).id;
    let committed = ui
        .vertical(|ui| {
            let committed = ui.horizontal(|ui| widget(ui, label_id)).inner;
            ui.label(egui::RichText::new(help).small().weak());
            if let Some(message) = error {
                error_label(ui, message);
            }
            committed
        })
        .inner;
    ui.end_row();
    committed
}

/// A one-line text field named by its label; true when the user finished an edit.
fn text_field(ui: &mut egui::Ui, text: &mut String, label: egui::Id, width: f32) -> bool {
    let response = ui
        .add(egui::TextEdit::singleline(text).desired_width(width))
        .labelled_by(label);
    response.lost_focus()
}

/// Gives a combo box its accessible name (screen readers and tests find it by it).
fn name_combo(response: &egui::Response, name: &'static str) {
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::ComboBox, true, name));
}

fn shape_label(shape: Shape) -> &'static str {
    match shape {
        Shape::Linear => "Linear",
        Shape::Proportional => "Proportional",
        Shape::Cdc => "CDC two-phase",
        Shape::Custom => "Custom steps",
    }
}

fn length_kind_label(kind: LengthKind) -> &'static str {
    match kind {
        LengthKind::Weeks => "weeks",
        LengthKind::Days => "days",
        LengthKind::PercentPerStep => "% per step",
    }
}
