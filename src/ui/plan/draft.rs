//! The plan editor's text as typed, and its parsing into plan inputs. Kept apart from
//! the widgets so the parsing (with an error per field) is tested without a screen.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use crate::domain::amount::{Amount, Unit};
use crate::domain::plan::{Field, Length, MAX_LENGTH_DAYS, Percent, PlanInputs, Shape, WeekdaySet};

/// How the taper length is given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LengthKind {
    Weeks,
    Days,
    PercentPerStep,
}

/// What the clinician has typed, field by field.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanDraft {
    pub start: String,
    pub unit: Unit,
    pub start_date: NaiveDate,
    pub shape: Shape,
    pub length_kind: LengthKind,
    pub length: String,
    pub steps: String,
    pub step_days: String,
    pub increment: String,
    pub doses_per_day: String,
    /// Empty means the default jump-off.
    pub jump_off: String,
    pub max_cut: String,
    pub visit_days: String,
    pub clinic_days: WeekdaySet,
    pub follow_up_days: String,
}

/// Messages by field, for showing each beside its input.
pub type FieldErrors = BTreeMap<FieldKey, String>;

/// `Field` as a map key (ordered by position in the form).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct FieldKey(pub u8);

impl From<Field> for FieldKey {
    fn from(field: Field) -> FieldKey {
        FieldKey(field as u8)
    }
}

impl PlanDraft {
    /// The draft showing a plan's inputs.
    pub fn from_inputs(inputs: &PlanInputs) -> PlanDraft {
        let (length_kind, length) = match inputs.length {
            Length::Days(d) if d % 7 == 0 => (LengthKind::Weeks, (d / 7).to_string()),
            Length::Days(d) => (LengthKind::Days, d.to_string()),
            Length::PercentPerStep(p) => (
                LengthKind::PercentPerStep,
                p.to_string().trim_end_matches('%').to_string(),
            ),
            Length::FromShape => (LengthKind::Weeks, String::new()),
        };
        PlanDraft {
            start: inputs.start_amount.to_string(),
            unit: inputs.unit,
            start_date: inputs.start_date,
            shape: inputs.shape,
            length_kind,
            length,
            steps: inputs
                .custom_steps
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(", "),
            step_days: inputs.step_days.to_string(),
            increment: inputs.increment.to_string(),
            doses_per_day: inputs.doses_per_day.to_string(),
            jump_off: inputs.jump_off.map(|a| a.to_string()).unwrap_or_default(),
            max_cut: inputs.max_cut.to_string().trim_end_matches('%').to_string(),
            visit_days: inputs.visit_days.to_string(),
            clinic_days: inputs.clinic_days,
            follow_up_days: inputs.follow_up_days.to_string(),
        }
    }

    /// True when the shape takes a length (linear, proportional).
    pub fn shape_has_length(&self) -> bool {
        matches!(self.shape, Shape::Linear | Shape::Proportional)
    }

    /// Parses every field; all problems are reported, each at its field. A draft that
    /// parses is also validated as a whole plan.
    pub fn parse(&self) -> Result<PlanInputs, FieldErrors> {
        let mut errors = FieldErrors::new();
        let mut note = |field: Field, message: String| {
            errors.entry(field.into()).or_insert(message);
        };
        let amount = |text: &str| Amount::parse_in_unit(text, self.unit).map_err(|e| e.to_string());
        let count = |text: &str, range: std::ops::RangeInclusive<u32>| {
            text.trim()
                .parse::<u32>()
                .ok()
                .filter(|n| range.contains(n))
                .ok_or_else(|| {
                    format!(
                        "enter a whole number from {} to {}",
                        range.start(),
                        range.end()
                    )
                })
        };
        let mut inputs = PlanInputs::new(Amount::ZERO, self.unit, self.start_date);
        inputs.shape = self.shape;
        match amount(&self.start) {
            Ok(a) => inputs.start_amount = a,
            Err(m) => note(Field::Start, m),
        }
        inputs.length = if !self.shape_has_length() {
            Length::FromShape
        } else {
            match (self.length_kind, self.shape) {
                (LengthKind::Weeks, _) => match count(&self.length, 1..=MAX_LENGTH_DAYS / 7) {
                    Ok(w) => Length::Days(w * 7),
                    Err(m) => {
                        note(Field::Length, m);
                        Length::FromShape
                    }
                },
                (LengthKind::Days, _) => match count(&self.length, 1..=MAX_LENGTH_DAYS) {
                    Ok(d) => Length::Days(d),
                    Err(m) => {
                        note(Field::Length, m);
                        Length::FromShape
                    }
                },
                (LengthKind::PercentPerStep, Shape::Proportional) => {
                    match Percent::parse(&self.length) {
                        Ok(p) => Length::PercentPerStep(p),
                        Err(m) => {
                            note(Field::Length, m);
                            Length::FromShape
                        }
                    }
                }
                (LengthKind::PercentPerStep, _) => {
                    note(Field::Length, "only the proportional shape takes a percent per step; choose weeks or days".into());
                    Length::FromShape
                }
            }
        };
        if self.shape == Shape::Custom {
            let parsed: Result<Vec<Amount>, String> = self
                .steps
                .split([',', ' ', ';'])
                .filter(|s| !s.trim().is_empty())
                .map(amount)
                .collect();
            match parsed {
                Ok(steps) => inputs.custom_steps = steps,
                Err(m) => note(Field::Steps, m),
            }
        }
        match count(&self.step_days, 1..=365) {
            Ok(n) => inputs.step_days = n,
            Err(m) => note(Field::StepDays, m),
        }
        match amount(&self.increment) {
            Ok(a) => inputs.increment = a,
            Err(m) => note(Field::Increment, m),
        }
        match count(&self.doses_per_day, 1..=12) {
            Ok(n) => inputs.doses_per_day = n as u8,
            Err(m) => note(Field::DosesPerDay, m),
        }
        if !self.jump_off.trim().is_empty() {
            match amount(&self.jump_off) {
                Ok(a) => inputs.jump_off = Some(a),
                Err(m) => note(Field::JumpOff, m),
            }
        }
        match Percent::parse(&self.max_cut) {
            Ok(p) => inputs.max_cut = p,
            Err(m) => note(Field::MaxCut, m),
        }
        match count(&self.visit_days, 1..=365) {
            Ok(n) => inputs.visit_days = n,
            Err(m) => note(Field::VisitDays, m),
        }
        inputs.clinic_days = self.clinic_days;
        match count(&self.follow_up_days, 0..=365) {
            Ok(n) => inputs.follow_up_days = n,
            Err(m) => note(Field::FollowUpDays, m),
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        match crate::domain::schedule::generate(&inputs, &[]) {
            Ok(_) => Ok(inputs),
            Err(e) => {
                let field = if e.field == Field::Percent {
                    Field::Length
                } else {
                    e.field
                };
                errors.insert(field.into(), e.message);
                Err(errors)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft() -> PlanDraft {
        let start = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        let mut inputs = PlanInputs::new(Amount::from_milli(12_000), Unit::G, start);
        inputs.length = Length::Days(42);
        PlanDraft::from_inputs(&inputs)
    }

    #[test]
    fn a_draft_of_valid_inputs_parses_back_to_them() {
        let d = draft();
        assert_eq!(d.length_kind, LengthKind::Weeks);
        assert_eq!(d.length, "6");
        let inputs = d.parse().unwrap();
        assert_eq!(inputs.start_amount, Amount::from_milli(12_000));
        assert_eq!(inputs.length, Length::Days(42));
        assert_eq!(PlanDraft::from_inputs(&inputs), d);
    }

    #[test]
    fn each_bad_field_gets_its_own_message() {
        let mut d = draft();
        d.start = "twelve".into();
        d.doses_per_day = "0".into();
        let errors = d.parse().unwrap_err();
        assert!(errors[&Field::Start.into()].contains("not a number"));
        assert!(errors[&Field::DosesPerDay.into()].contains("1 to 12"));
        assert_eq!(errors.len(), 2);
    }

    #[test]
    fn whole_plan_problems_land_on_their_field() {
        let mut d = draft();
        d.increment = "20".into();
        let errors = d.parse().unwrap_err();
        assert!(errors[&Field::Increment.into()].contains("larger than"));
    }
}
