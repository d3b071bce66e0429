//! Approving a plan that has warnings: the clinician confirms each warning (or all of
//! them at once, listed), and only then can approve. The session refuses an approval
//! that does not name every warning, and the audit entry names them.

use crate::domain::pace::Warning;

/// The label of the button that approves once every warning is confirmed.
pub const APPROVE_LABEL: &str = "Approve with these warnings";

/// The label of the box that confirms every warning at once.
pub const CONFIRM_ALL_LABEL: &str = "I have read and confirm all of these warnings";

/// What happened in the dialog this frame.
pub enum ApprovalOutcome {
    Open,
    Cancelled,
    /// Approve, confirming these warnings (their summaries).
    Approved(Vec<String>),
}

/// The warnings of the plan being approved, each with its confirmation.
pub struct ApprovalDialog {
    warnings: Vec<Warning>,
    confirmed: Vec<bool>,
}

impl ApprovalDialog {
    /// A dialog for the plan's warnings, none confirmed yet.
    pub fn new(warnings: &[Warning]) -> ApprovalDialog {
        ApprovalDialog {
            warnings: warnings.to_vec(),
            confirmed: vec![false; warnings.len()],
        }
    }

    /// True once every warning is confirmed.
    pub fn all_confirmed(&self) -> bool {
        self.confirmed.iter().all(|c| *c)
    }

    /// Draws the window.
    pub fn show(&mut self, ctx: &egui::Context) -> ApprovalOutcome {
        let mut outcome = ApprovalOutcome::Open;
        egui::Window::new("Approve the plan")
            .collapsible(false)
            .resizable(true)
            .default_width(520.0)
            .show(ctx, |ui| {
                ui.label(format!(
                    "This plan has {} warning(s). Confirm each one to approve it; your \
                     approval and the warnings you confirmed go into the plan's history.",
                    self.warnings.len()
                ));
                egui::ScrollArea::vertical()
                    .max_height(360.0)
                    .show(ui, |ui| self.warning_boxes(ui));
                ui.separator();
                let mut all = self.all_confirmed();
                if ui.checkbox(&mut all, CONFIRM_ALL_LABEL).changed() {
                    self.confirmed.iter_mut().for_each(|c| *c = all);
                }
                ui.horizontal(|ui| {
                    let approve =
                        ui.add_enabled(self.all_confirmed(), egui::Button::new(APPROVE_LABEL));
                    if approve.clicked() {
                        outcome = ApprovalOutcome::Approved(
                            self.warnings.iter().map(Warning::summary).collect(),
                        );
                    }
                    if ui.button("Cancel").clicked() {
                        outcome = ApprovalOutcome::Cancelled;
                    }
                });
            });
        outcome
    }

    /// One box per warning, labelled with its rule and message, its sources under it.
    fn warning_boxes(&mut self, ui: &mut egui::Ui) {
        for (warning, confirmed) in self.warnings.iter().zip(self.confirmed.iter_mut()) {
            ui.checkbox(confirmed, warning.summary());
            let sources: Vec<&str> = warning.basis.iter().map(|b| b.short_name()).collect();
            ui.label(
                egui::RichText::new(format!("basis: {}", sources.join("; ")))
                    .small()
                    .weak(),
            );
            ui.add_space(4.0);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::basis;
    use crate::domain::pace::PaceRule;

    #[test]
    fn nothing_is_confirmed_until_the_clinician_confirms_it() {
        let warning = Warning {
            rule: PaceRule::AbruptStop,
            date: None,
            message: "stops from 2 g".into(),
            basis: vec![basis::CDC_2022_PACE],
        };
        let mut dialog = ApprovalDialog::new(&[warning.clone(), warning]);
        assert!(!dialog.all_confirmed());
        dialog.confirmed[0] = true;
        assert!(!dialog.all_confirmed());
        dialog.confirmed[1] = true;
        assert!(dialog.all_confirmed());
        assert!(ApprovalDialog::new(&[]).all_confirmed());
    }
}
