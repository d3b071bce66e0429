//! The clinician's plan form: every input with its help text, the error for a field
//! shown at that field in words, and a live preview while typing. Text fields apply
//! on Enter or when focus leaves them; pickers and toggles apply at once.

use chrono::Weekday;

use super::draft::{FieldErrors, LengthKind, PlanDraft};
use crate::domain::amount::Unit;
use crate::domain::plan::{Field, PlanInputs, Shape, UseHistory};
use crate::ui::common::form::{form_row, name_combo, text_field};
use crate::ui::common::widgets::{from_jiff, to_jiff};
use crate::ui::session::Action;

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

    /// True while a typed field does not parse: the schedule shown is then the last
    /// valid plan, not what is typed.
    pub fn has_errors(&self) -> bool {
        !self.errors.is_empty()
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
        let errors = self.errors.clone();
        let error = |field: Field| errors.get(&field.into());
        let d = &mut self.draft;
        let mut commit = amount_rows(ui, d, &error);
        commit |= use_history_row(ui, d, &error);
        commit |= shape_rows(ui, d, &error);
        commit |= step_rows(ui, d, &error);
        commit |= visit_rows(ui, d, &error);
        commit
    }
}

/// The error message for a field, if the draft has one.
type ErrorOf<'a> = dyn Fn(Field) -> Option<&'a String> + 'a;

/// A text input row that commits when the clinician leaves the field.
fn text_row(
    ui: &mut egui::Ui,
    label: &str,
    help: &str,
    error: Option<&String>,
    text: &mut String,
    width: f32,
) -> bool {
    form_row(ui, label, Some(help), error, |ui, id| {
        text_field(ui, text, id, width, "").lost_focus()
    })
}

/// The current amount with its unit, and the start date.
fn amount_rows(ui: &mut egui::Ui, d: &mut PlanDraft, error: &ErrorOf) -> bool {
    let mut commit = form_row(
        ui,
        "Current daily amount",
        Some("What the patient takes in a day now (day 1 of the taper)."),
        error(Field::Start),
        |ui, label| {
            let text = text_field(ui, &mut d.start, label, 70.0, "").lost_focus();
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
    commit |= form_row(
        ui,
        "Start date",
        Some("Day 1 of the taper."),
        error(Field::StartDate),
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
    commit
}

/// What the use-history picker changes: every choice, on hovering the picker.
pub const USE_HISTORY_HELP: &str = "How long the patient has used regularly. It decides the \
    pace the warnings judge the plan by: weeks to months — CDC 2022's weekly pace (10% of the \
    original amount a week until 30% remains, then 10% of the rest); a year or more — about \
    10% of the current amount a month (CDC 2022); not known — no more than 25% in any 14 days \
    (ASAM 2025, FDA labeling).";

/// The pace basis the chosen use history gives, shown under the picker (short, so
/// the form stays compact; the picker's hover lists them all).
fn use_history_basis(history: UseHistory) -> &'static str {
    match history {
        UseHistory::Short => {
            "Pace judged by CDC 2022's weekly pace: 10% of the original amount a week until 30% remains."
        }
        UseHistory::Long => "Pace judged by about 10% of the current amount a month (CDC 2022).",
        UseHistory::Unknown => {
            "Pace judged by no more than 25% in any 14 days (ASAM 2025, FDA labeling)."
        }
    }
}

/// How long the patient has used regularly: it picks the pace basis of the warnings.
fn use_history_row(ui: &mut egui::Ui, d: &mut PlanDraft, error: &ErrorOf) -> bool {
    form_row(
        ui,
        "Regular use for",
        Some(use_history_basis(d.use_history)),
        error(Field::UseHistory),
        |ui, _| {
            let mut changed = false;
            let combo = egui::ComboBox::from_id_salt("use-history")
                .selected_text(d.use_history.label())
                .show_ui(ui, |ui| {
                    for history in UseHistory::ALL {
                        changed |= ui
                            .selectable_value(&mut d.use_history, history, history.label())
                            .changed();
                    }
                });
            name_combo(&combo.response, "Regular use for");
            combo.response.on_hover_text(USE_HISTORY_HELP);
            changed
        },
    )
}

/// The shape, and what the shape needs: a length (or a percent) or the custom steps.
fn shape_rows(ui: &mut egui::Ui, d: &mut PlanDraft, error: &ErrorOf) -> bool {
    let mut commit = form_row(
        ui,
        "Shape",
        Some(d.shape.explanation()),
        error(Field::Shape),
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
        commit |= form_row(
            ui,
            "Taper length",
            Some("How long until the stop date (the first day at zero)."),
            error(Field::Length),
            |ui, label| {
                let text = text_field(ui, &mut d.length, label, 70.0, "").lost_focus();
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
                                .selectable_value(&mut d.length_kind, kind, length_kind_label(kind))
                                .changed();
                        }
                    });
                name_combo(&combo.response, "Length unit");
                text || changed
            },
        );
    }
    if d.shape == Shape::Custom {
        commit |= text_row(
            ui,
            "Steps",
            "The amount of each step, separated by commas; the first is the current amount.",
            error(Field::Steps),
            &mut d.steps,
            200.0,
        );
    }
    commit
}

/// How the steps are cut: their length, the increment, the doses, the jump-off and
/// the maximum cut warned about.
fn step_rows(ui: &mut egui::Ui, d: &mut PlanDraft, error: &ErrorOf) -> bool {
    let rows: [(&str, &str, Field, &mut String, f32); 6] = [
        (
            "Days between reductions",
            "How long each step lasts (7 = weekly).",
            Field::StepDays,
            &mut d.step_days,
            50.0,
        ),
        (
            "Increment",
            "The smallest amount that can be measured (scale resolution, capsule size).",
            Field::Increment,
            &mut d.increment,
            70.0,
        ),
        (
            "Doses per day",
            "The daily amount is split into this many doses.",
            Field::DosesPerDay,
            &mut d.doses_per_day,
            50.0,
        ),
        (
            "Dose times",
            "When each dose is taken, earliest first (08:00, 20:00); the handout gives them. Empty: not set.",
            Field::DoseTimes,
            &mut d.dose_times,
            160.0,
        ),
        (
            "Jump-off amount",
            "The last amount before zero; empty = the larger of one increment and 10% of the start.",
            Field::JumpOff,
            &mut d.jump_off,
            70.0,
        ),
        (
            "Maximum cut (%)",
            "Reductions larger than this share of the current amount are warned about.",
            Field::MaxCut,
            &mut d.max_cut,
            50.0,
        ),
    ];
    let mut commit = false;
    for (label, help, field, text, width) in rows {
        commit |= text_row(ui, label, help, error(field), text, width);
    }
    commit
}

/// Visits: how often, on which clinic days, and how long the follow-up runs.
fn visit_rows(ui: &mut egui::Ui, d: &mut PlanDraft, error: &ErrorOf) -> bool {
    let mut commit = text_row(
        ui,
        "Days between visits",
        "Clinician visits, moved to the nearest clinic day.",
        error(Field::VisitDays),
        &mut d.visit_days,
        50.0,
    );
    commit |= form_row(
        ui,
        "Clinic days",
        Some("Days the clinic sees patients."),
        error(Field::ClinicDays),
        |ui, _| {
            let mut changed = false;
            for day in WEEK {
                let mut on = d.clinic_days.contains(day);
                if ui.toggle_value(&mut on, &day.to_string()[..2]).changed() {
                    d.clinic_days.set(day, on);
                    changed = true;
                }
            }
            changed
        },
    );
    commit |= text_row(
        ui,
        "Follow-up days",
        "Days after the stop date that the schedule still shows.",
        error(Field::FollowUpDays),
        &mut d.follow_up_days,
        50.0,
    );
    commit
}

/// The week from Monday, as the clinic-day toggles show it.
const WEEK: [Weekday; 7] = [
    Weekday::Mon,
    Weekday::Tue,
    Weekday::Wed,
    Weekday::Thu,
    Weekday::Fri,
    Weekday::Sat,
    Weekday::Sun,
];

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
