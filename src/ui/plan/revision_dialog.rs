//! The small window in which the clinician adds a dated revision: a hold, slower steps
//! or a new amount, always with a reason.

use chrono::NaiveDate;

use crate::domain::amount::{Amount, Unit};
use crate::domain::revision::{Change, Revision};
use crate::ui::common::widgets::{error_label, from_jiff, to_jiff};

/// Which revision the dialog makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RevisionKind {
    Hold,
    SlowDown,
    SetAmount,
}

impl RevisionKind {
    /// The button and window title.
    pub fn title(self) -> &'static str {
        match self {
            RevisionKind::Hold => "Add hold",
            RevisionKind::SlowDown => "Slow down",
            RevisionKind::SetAmount => "Change amount",
        }
    }

    fn value_label(self, unit: Unit) -> String {
        match self {
            RevisionKind::Hold => "Hold for (days)".to_string(),
            RevisionKind::SlowDown => "Days per step from then on".to_string(),
            RevisionKind::SetAmount => format!("New daily amount ({unit})"),
        }
    }
}

/// The field a dialog error belongs to: it is shown beside that field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DialogField {
    Value,
    Reason,
}

/// What happened in the dialog this frame.
pub enum DialogOutcome {
    Open,
    Cancelled,
    Submitted(Revision),
}

/// The dialog's fields.
pub struct RevisionDialog {
    pub kind: RevisionKind,
    pub from: NaiveDate,
    pub value: String,
    pub reason: String,
    /// The error of the last submit, at its field; re-checked every frame so it clears
    /// as soon as the field is fixed.
    error: Option<(DialogField, String)>,
}

impl RevisionDialog {
    /// A dialog for `kind` effective from `from` (usually today).
    pub fn new(kind: RevisionKind, from: NaiveDate) -> RevisionDialog {
        let value = match kind {
            RevisionKind::Hold => "7",
            RevisionKind::SlowDown => "14",
            RevisionKind::SetAmount => "",
        };
        RevisionDialog {
            kind,
            from,
            value: value.to_string(),
            reason: String::new(),
            error: None,
        }
    }

    /// Draws the window; a submitted revision is decided by `who`.
    pub fn show(&mut self, ctx: &egui::Context, unit: Unit, who: &str) -> DialogOutcome {
        let mut outcome = DialogOutcome::Open;
        if self.error.is_some() {
            self.error = self.build(unit, who).err();
        }
        egui::Window::new(self.kind.title())
            .collapsible(false)
            .resizable(false)
            .show(ctx, |ui| {
                egui::Grid::new("revision-form")
                    .num_columns(2)
                    .spacing([10.0, 6.0])
                    .show(ui, |ui| {
                        ui.label("From");
                        let mut date = to_jiff(self.from);
                        if ui
                            .add(
                                egui_extras::DatePickerButton::new(&mut date)
                                    .id_salt("revision-from"),
                            )
                            .changed()
                        {
                            self.from = from_jiff(date).unwrap_or(self.from);
                        }
                        ui.end_row();
                        let label = self.kind.value_label(unit);
                        self.field_row(ui, &label, DialogField::Value, 80.0);
                        self.field_row(ui, "Reason", DialogField::Reason, 240.0);
                    });
                ui.label(
                    egui::RichText::new("Days before the date stay as planned.")
                        .small()
                        .weak(),
                );
                ui.horizontal(|ui| {
                    let enter = ui.input(|i| i.key_pressed(egui::Key::Enter));
                    if ui.button(self.kind.title()).clicked() || enter {
                        match self.build(unit, who) {
                            Ok(revision) => outcome = DialogOutcome::Submitted(revision),
                            Err(error) => self.error = Some(error),
                        }
                    }
                    if ui.button("Cancel").clicked()
                        || ui.input(|i| i.key_pressed(egui::Key::Escape))
                    {
                        outcome = DialogOutcome::Cancelled;
                    }
                });
            });
        outcome
    }

    /// A label, its text field and, beside the field (so nothing below moves), the
    /// field's error.
    fn field_row(&mut self, ui: &mut egui::Ui, label: &str, field: DialogField, width: f32) {
        let label = ui.label(label).id;
        let text = match field {
            DialogField::Value => &mut self.value,
            DialogField::Reason => &mut self.reason,
        };
        ui.horizontal(|ui| {
            ui.add(egui::TextEdit::singleline(text).desired_width(width))
                .labelled_by(label);
            if let Some((_, message)) = self.error.as_ref().filter(|e| e.0 == field) {
                error_label(ui, message);
            }
        });
        ui.end_row();
    }

    /// The revision the fields describe, or what is wrong with them and where.
    pub fn build(&self, unit: Unit, who: &str) -> Result<Revision, (DialogField, String)> {
        let at_value = |message: String| (DialogField::Value, message);
        let days = |max: u32| {
            self.value
                .trim()
                .parse::<u32>()
                .ok()
                .filter(|n| (1..=max).contains(n))
                .ok_or_else(|| at_value(format!("enter a whole number of days from 1 to {max}")))
        };
        let change = match self.kind {
            RevisionKind::Hold => Change::Hold { days: days(365)? },
            RevisionKind::SlowDown => Change::SlowDown {
                step_days: days(365)?,
            },
            RevisionKind::SetAmount => Change::SetAmount {
                amount: Amount::parse_in_unit(&self.value, unit)
                    .map_err(|e| at_value(e.to_string()))?,
            },
        };
        if self.reason.trim().is_empty() {
            let message = "give a reason: it is kept in the plan's history";
            return Err((DialogField::Reason, message.to_string()));
        }
        Ok(Revision {
            effective: self.from,
            change,
            reason: self.reason.trim().to_string(),
            decided_by: who.to_string(),
            meta: Default::default(),
        })
    }
}
