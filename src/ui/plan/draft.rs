//! The plan editor's text as typed, and its parsing into plan inputs. Kept apart from
//! the widgets so the parsing (with an error per field) is tested without a screen.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use crate::domain::amount::{Amount, Unit};
use crate::domain::levels::one_step_taper;
use crate::domain::plan::{
    Field, Length, MAX_LENGTH_DAYS, Percent, PlanInputs, Shape, UseHistory, WeekdaySet,
    format_dose_times, parse_dose_times,
};

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
    /// "08:00, 20:00"; empty means no times are set.
    pub dose_times: String,
    /// Empty means the default jump-off.
    pub jump_off: String,
    pub max_cut: String,
    pub visit_days: String,
    pub clinic_days: WeekdaySet,
    pub follow_up_days: String,
    /// How long the patient has used regularly (decides the pace the warnings use).
    pub use_history: UseHistory,
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
            dose_times: format_dose_times(&inputs.dose_times),
            jump_off: inputs.jump_off.map(|a| a.to_string()).unwrap_or_default(),
            max_cut: inputs.max_cut.to_string().trim_end_matches('%').to_string(),
            visit_days: inputs.visit_days.to_string(),
            clinic_days: inputs.clinic_days,
            follow_up_days: inputs.follow_up_days.to_string(),
            use_history: inputs.use_history,
        }
    }

    /// True when the shape takes a length (linear, proportional).
    pub fn shape_has_length(&self) -> bool {
        matches!(self.shape, Shape::Linear | Shape::Proportional)
    }

    /// Parses every field; all problems are reported, each at its field. A draft that
    /// parses is also validated as a whole plan.
    pub fn parse(&self) -> Result<PlanInputs, FieldErrors> {
        let mut p = FieldParser {
            unit: self.unit,
            errors: FieldErrors::new(),
        };
        let mut inputs = PlanInputs::new(Amount::ZERO, self.unit, self.start_date);
        inputs.shape = self.shape;
        inputs.clinic_days = self.clinic_days;
        inputs.use_history = self.use_history;
        if let Some(a) = p.amount(Field::Start, &self.start) {
            inputs.start_amount = a;
        }
        inputs.length = self.parse_length(&mut p);
        if self.shape == Shape::Custom {
            let parsed: Result<Vec<Amount>, String> = self
                .steps
                .split([',', ' ', ';'])
                .filter(|s| !s.trim().is_empty())
                .map(|t| Amount::parse_in_unit(t, self.unit).map_err(|e| e.to_string()))
                .collect();
            match parsed {
                Ok(steps) => inputs.custom_steps = steps,
                Err(m) => p.note(Field::Steps, m),
            }
        }
        if let Some(n) = p.count(Field::StepDays, &self.step_days, 1..=365) {
            inputs.step_days = n;
        }
        if let Some(a) = p.amount(Field::Increment, &self.increment) {
            inputs.increment = a;
        }
        if let Some(n) = p.count(Field::DosesPerDay, &self.doses_per_day, 1..=12) {
            inputs.doses_per_day = n as u8;
        }
        match parse_dose_times(&self.dose_times) {
            Ok(times) => inputs.dose_times = times,
            Err(m) => p.note(Field::DoseTimes, m),
        }
        if !self.jump_off.trim().is_empty() {
            inputs.jump_off = p.amount(Field::JumpOff, &self.jump_off);
        }
        if let Some(percent) = p.percent(Field::MaxCut, &self.max_cut) {
            inputs.max_cut = percent;
        }
        if let Some(n) = p.count(Field::VisitDays, &self.visit_days, 1..=365) {
            inputs.visit_days = n;
        }
        if let Some(n) = p.count(Field::FollowUpDays, &self.follow_up_days, 0..=365) {
            inputs.follow_up_days = n;
        }
        let mut errors = p.errors;
        if !errors.is_empty() {
            return Err(errors);
        }
        if let Some(message) = one_step_taper(&inputs) {
            errors.insert(Field::StepDays.into(), message);
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

    /// The length as typed: weeks, days or (proportional only) a percent per step.
    fn parse_length(&self, p: &mut FieldParser) -> Length {
        if !self.shape_has_length() {
            return Length::FromShape;
        }
        let length = match (self.length_kind, self.shape) {
            (LengthKind::Weeks, _) => p
                .count(Field::Length, &self.length, 1..=MAX_LENGTH_DAYS / 7)
                .map(|w| Length::Days(w * 7)),
            (LengthKind::Days, _) => p
                .count(Field::Length, &self.length, 1..=MAX_LENGTH_DAYS)
                .map(Length::Days),
            (LengthKind::PercentPerStep, Shape::Proportional) => p
                .percent(Field::Length, &self.length)
                .map(Length::PercentPerStep),
            (LengthKind::PercentPerStep, _) => {
                p.note(
                    Field::Length,
                    "only the proportional shape takes a percent per step; choose weeks or days"
                        .into(),
                );
                None
            }
        };
        length.unwrap_or(Length::FromShape)
    }
}

/// Reads typed fields, keeping the first message for each field that does not parse.
struct FieldParser {
    unit: Unit,
    errors: FieldErrors,
}

impl FieldParser {
    fn note(&mut self, field: Field, message: String) {
        self.errors.entry(field.into()).or_insert(message);
    }

    fn amount(&mut self, field: Field, text: &str) -> Option<Amount> {
        Amount::parse_in_unit(text, self.unit)
            .map_err(|e| self.note(field, e.to_string()))
            .ok()
    }

    fn count(
        &mut self,
        field: Field,
        text: &str,
        range: std::ops::RangeInclusive<u32>,
    ) -> Option<u32> {
        let n = text
            .trim()
            .parse::<u32>()
            .ok()
            .filter(|n| range.contains(n));
        if n.is_none() {
            let message = format!(
                "enter a whole number from {} to {}",
                range.start(),
                range.end()
            );
            self.note(field, message);
        }
        n
    }

    fn percent(&mut self, field: Field, text: &str) -> Option<Percent> {
        Percent::parse(text).map_err(|m| self.note(field, m)).ok()
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
    fn a_single_step_taper_is_refused_at_the_step_field() {
        let mut d = draft();
        d.step_days = "28".into();
        let errors = d.parse().unwrap_err();
        assert!(
            errors[&Field::StepDays.into()].contains("single step"),
            "{errors:?}"
        );
        d.step_days = "21".into();
        assert!(d.parse().is_ok(), "two steps of 21 days fill 6 weeks");
    }

    #[test]
    fn the_use_history_goes_into_the_inputs() {
        let mut d = draft();
        assert_eq!(d.use_history, UseHistory::Unknown);
        d.use_history = UseHistory::Long;
        let inputs = d.parse().unwrap();
        assert_eq!(inputs.use_history, UseHistory::Long);
        assert_eq!(PlanDraft::from_inputs(&inputs), d);
    }

    #[test]
    fn whole_plan_problems_land_on_their_field() {
        let mut d = draft();
        d.increment = "20".into();
        let errors = d.parse().unwrap_err();
        assert!(errors[&Field::Increment.into()].contains("larger than"));
    }

    #[test]
    fn dose_times_survive_the_form_and_bad_ones_are_named_at_their_field() {
        let mut inputs = PlanInputs::new(
            Amount::from_milli(12_000),
            Unit::G,
            NaiveDate::from_ymd_opt(2026, 12, 1).unwrap(),
        );
        inputs.doses_per_day = 2;
        inputs.dose_times = crate::domain::plan::parse_dose_times("08:00, 20:30").unwrap();
        let draft = PlanDraft::from_inputs(&inputs);
        assert_eq!(draft.dose_times, "08:00, 20:30");
        assert_eq!(
            draft.parse(),
            Ok(inputs.clone()),
            "applying the form keeps them"
        );
        for wrong in ["8 o'clock", "20:00, 08:00", "08:00"] {
            let draft = PlanDraft {
                dose_times: wrong.into(),
                ..draft.clone()
            };
            let errors = draft.parse().unwrap_err();
            assert!(
                errors.contains_key(&Field::DoseTimes.into()),
                "{wrong}: {errors:?}"
            );
        }
    }
}
