//! The decision form of the visit screen: continue, hold, slow down, adjust or stop,
//! the fields each needs, and the reason. It builds the visit and the plan revision
//! that the decision makes; the screen turns them into one action.

use chrono::NaiveDate;

use crate::domain::amount::{Amount, Unit};
use crate::domain::journal::{Decision, InstrumentScore, Visit};
use crate::domain::revision::{Change, Revision};

/// The form's fields, as typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecisionForm {
    pub decision: Decision,
    pub hold_days: String,
    pub step_days: String,
    pub amount: String,
    pub reason: String,
}

impl Default for DecisionForm {
    fn default() -> DecisionForm {
        DecisionForm {
            decision: Decision::Continue,
            hold_days: Decision::Hold.default_days().to_string(),
            step_days: Decision::SlowDown.default_days().to_string(),
            amount: String::new(),
            reason: String::new(),
        }
    }
}

/// What each decision does, shown on hover.
pub fn explain(decision: Decision) -> &'static str {
    match decision {
        Decision::Continue => "Keep following the plan as it is; no revision is made.",
        Decision::Hold => {
            "Stay at the amount in force for some days, then resume the taper; the stop date moves by as many days."
        }
        Decision::SlowDown => {
            "The step in force finishes as planned; every later step lasts at least this many days."
        }
        Decision::Adjust => {
            "Set a new daily amount (higher is allowed); the planned amounts below it follow."
        }
        Decision::Stop => "End the taper: the amount is 0 from the effective date.",
    }
}

impl DecisionForm {
    /// The plan change the fields describe (`None` for continue), or what is wrong.
    pub fn change(&self, unit: Unit) -> Result<Option<Change>, String> {
        let decision = self.decision;
        let (field, text) = match decision {
            Decision::SlowDown => ("Days per step", &self.step_days),
            _ => ("Hold for", &self.hold_days),
        };
        let days = if decision.takes_days() {
            text.trim().parse::<u32>().unwrap_or(0)
        } else {
            0
        };
        let amount = if decision == Decision::Adjust {
            Amount::parse_in_unit(&self.amount, unit)
                .map_err(|e| format!("New daily amount: {e}"))?
        } else {
            Amount::ZERO
        };
        decision.change(days, amount).map_err(|e| {
            let field = if decision == Decision::Adjust {
                "New daily amount"
            } else {
                field
            };
            format!("{field}: {e}")
        })
    }

    /// The visit and its revision (effective `effective`), decided by `who` on `today`.
    pub fn build(
        &self,
        unit: Unit,
        today: NaiveDate,
        effective: NaiveDate,
        who: &str,
        cows: Option<InstrumentScore>,
    ) -> Result<(Visit, Option<Revision>), String> {
        let change = self.change(unit)?;
        let reason = self.reason.trim().to_string();
        if self.decision != Decision::Continue && reason.is_empty() {
            return Err(
                "Reason: give a reason for the decision; it is kept in the plan's history"
                    .to_string(),
            );
        }
        if who.trim().is_empty() {
            return Err("Enter your name under \"You are\": the visit records who decided".into());
        }
        let revision = change.map(|change| Revision {
            effective,
            change,
            reason: reason.clone(),
            decided_by: who.trim().to_string(),
            meta: Default::default(),
        });
        let visit = Visit {
            date: today,
            cows,
            decision: self.decision,
            reason,
            decided_by: who.trim().to_string(),
            meta: Default::default(),
            acknowledged: Vec::new(),
        };
        Ok((visit, revision))
    }

    /// Draws the choices and the fields the chosen decision needs. `effective` is the
    /// date a revision would start.
    pub fn show(&mut self, ui: &mut egui::Ui, unit: Unit, effective: NaiveDate, enabled: bool) {
        ui.add_enabled_ui(enabled, |ui| {
            ui.horizontal_wrapped(|ui| {
                for decision in Decision::ALL {
                    ui.radio_value(&mut self.decision, decision, decision.label())
                        .on_hover_text(explain(decision));
                }
            });
            ui.label(egui::RichText::new(explain(self.decision)).small().weak());
            egui::Grid::new("visit-decision-form")
                .num_columns(2)
                .spacing([10.0, 6.0])
                .show(ui, |ui| {
                    let field = match self.decision {
                        Decision::Hold => {
                            Some(("Hold for (days)".to_string(), &mut self.hold_days))
                        }
                        Decision::SlowDown => Some((
                            "Days per step from then on".to_string(),
                            &mut self.step_days,
                        )),
                        Decision::Adjust => {
                            Some((format!("New daily amount ({unit})"), &mut self.amount))
                        }
                        Decision::Continue | Decision::Stop => None,
                    };
                    if let Some((label, text)) = field {
                        let label = ui.label(label).id;
                        ui.add(egui::TextEdit::singleline(text).desired_width(80.0))
                            .labelled_by(label);
                        ui.end_row();
                    }
                    let label = ui.label("Reason").id;
                    let hint = if self.decision == Decision::Continue {
                        "optional"
                    } else {
                        "required"
                    };
                    ui.add(
                        egui::TextEdit::singleline(&mut self.reason)
                            .hint_text(hint)
                            .desired_width(280.0),
                    )
                    .labelled_by(label);
                    ui.end_row();
                });
            match self.decision {
                Decision::Continue => {}
                Decision::Stop => {
                    ui.label(format!(
                        "The amount becomes 0 {unit} from {effective}; days before stay as planned."
                    ));
                }
                _ => {
                    ui.label(format!(
                        "Takes effect on {effective}; days before stay as planned."
                    ));
                }
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, d).unwrap()
    }

    #[test]
    fn each_decision_makes_its_change() {
        let mut form = DecisionForm::default();
        assert_eq!(form.change(Unit::G), Ok(None));
        form.decision = Decision::Hold;
        assert_eq!(form.change(Unit::G), Ok(Some(Change::Hold { days: 7 })));
        form.decision = Decision::SlowDown;
        assert_eq!(
            form.change(Unit::G),
            Ok(Some(Change::SlowDown { step_days: 14 }))
        );
        form.step_days = "0".into();
        assert!(form.change(Unit::G).unwrap_err().contains("Days per step"));
        form.decision = Decision::Adjust;
        form.amount = "9.5".into();
        assert_eq!(
            form.change(Unit::G),
            Ok(Some(Change::SetAmount {
                amount: Amount::from_milli(9_500)
            }))
        );
        form.amount = "0".into();
        assert!(form.change(Unit::G).is_err());
        form.decision = Decision::Stop;
        assert_eq!(
            form.change(Unit::G),
            Ok(Some(Change::SetAmount {
                amount: Amount::ZERO
            }))
        );
    }

    #[test]
    fn a_reason_is_required_except_for_continue() {
        let mut form = DecisionForm::default();
        let (visit, revision) = form.build(Unit::G, day(11), day(11), "dr", None).unwrap();
        assert_eq!(visit.decision, Decision::Continue);
        assert!(revision.is_none());
        form.decision = Decision::Hold;
        assert!(form.build(Unit::G, day(11), day(11), "dr", None).is_err());
        form.reason = "  withdrawal  ".into();
        assert!(form.build(Unit::G, day(11), day(11), " ", None).is_err());
        let (visit, revision) = form.build(Unit::G, day(1), day(3), "dr", None).unwrap();
        assert_eq!(visit.reason, "withdrawal");
        assert_eq!(visit.date, day(1));
        let revision = revision.unwrap();
        assert_eq!(revision.effective, day(3));
        assert_eq!(revision.change, Change::Hold { days: 7 });
        assert_eq!(revision.decided_by, "dr");
    }
}
