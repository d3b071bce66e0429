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
    error: Option<String>,
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
                        let label = ui.label(self.kind.value_label(unit)).id;
                        ui.add(egui::TextEdit::singleline(&mut self.value).desired_width(80.0))
                            .labelled_by(label);
                        ui.end_row();
                        let label = ui.label("Reason").id;
                        ui.add(egui::TextEdit::singleline(&mut self.reason).desired_width(240.0))
                            .labelled_by(label);
                        ui.end_row();
                    });
                if let Some(error) = &self.error {
                    error_label(ui, error);
                }
                ui.label(
                    egui::RichText::new("Days before the date stay as planned.")
                        .small()
                        .weak(),
                );
                ui.horizontal(|ui| {
                    if ui.button(self.kind.title()).clicked() {
                        match self.build(unit, who) {
                            Ok(revision) => outcome = DialogOutcome::Submitted(revision),
                            Err(message) => self.error = Some(message),
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

    /// The revision the fields describe, or what is wrong with them.
    pub fn build(&self, unit: Unit, who: &str) -> Result<Revision, String> {
        let days = |max: u32| {
            self.value
                .trim()
                .parse::<u32>()
                .ok()
                .filter(|n| (1..=max).contains(n))
                .ok_or_else(|| format!("enter a whole number of days from 1 to {max}"))
        };
        let change = match self.kind {
            RevisionKind::Hold => Change::Hold { days: days(365)? },
            RevisionKind::SlowDown => Change::SlowDown {
                step_days: days(365)?,
            },
            RevisionKind::SetAmount => Change::SetAmount {
                amount: Amount::parse_in_unit(&self.value, unit).map_err(|e| e.to_string())?,
            },
        };
        if self.reason.trim().is_empty() {
            return Err("give a reason: it is kept in the plan's history".to_string());
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
