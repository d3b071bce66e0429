//! The clinician's plan inputs, their defaults and their validation.
//!
//! Validation names the field that is wrong (and its command-line flag) so the CLI can
//! print one clear line and the plan editor can show the message at the field.
//!
//! The percentage and weekday-set value types live in
//! [`plan_values`](super::plan_values) and are re-exported here.

use std::fmt;

use chrono::{NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};

use super::amount::{Amount, AmountError, Unit};
pub use super::plan_values::{Percent, WeekdaySet, format_dose_times, parse_dose_times};

/// The longest taper the app plans: five years of days.
pub const MAX_LENGTH_DAYS: u32 = 1826;

/// How the daily amount falls from the start to zero.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub enum Shape {
    /// Equal reductions of the starting amount, fitted to the taper length.
    #[default]
    Linear,
    /// Each reduction the same share of the current amount (hyperbolic-style).
    Proportional,
    /// CDC 2022: 10% of the original per step until 30% remains, then 10% of the rest.
    Cdc,
    /// The clinician's own list of step amounts.
    Custom,
}

impl Shape {
    /// Every shape, in the order a picker should offer them.
    pub const ALL: [Shape; 4] = [
        Shape::Linear,
        Shape::Proportional,
        Shape::Cdc,
        Shape::Custom,
    ];

    /// The name used on the command line and in files.
    pub fn name(self) -> &'static str {
        match self {
            Shape::Linear => "linear",
            Shape::Proportional => "proportional",
            Shape::Cdc => "cdc",
            Shape::Custom => "custom",
        }
    }

    /// A one-line explanation for help text.
    pub fn explanation(self) -> &'static str {
        match self {
            Shape::Linear => "equal reductions of the starting amount",
            Shape::Proportional => {
                "each reduction the same share of the current amount, so cuts shrink as the amount falls"
            }
            Shape::Cdc => {
                "10% of the original amount per step until 30% remains, then 10% of the remaining amount"
            }
            Shape::Custom => "the clinician's own list of step amounts",
        }
    }

    /// Parses a shape name as used on the command line.
    pub fn parse(text: &str) -> Option<Shape> {
        Shape::ALL
            .into_iter()
            .find(|s| s.name().eq_ignore_ascii_case(text.trim()))
    }
}

impl fmt::Display for Shape {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// How long the patient has used regularly before the taper. CDC 2022 gives a faster
/// pace after weeks to months of use than after a year or more, so the pace warnings
/// take their basis from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub enum UseHistory {
    /// Weeks to months of regular use.
    Short,
    /// A year or more of regular use.
    Long,
    /// Not known (the warnings then use the most general basis).
    #[default]
    Unknown,
}

impl UseHistory {
    /// Every value, in the order a picker offers them.
    pub const ALL: [UseHistory; 3] = [UseHistory::Short, UseHistory::Long, UseHistory::Unknown];

    /// The name on the command line (`--use-history short`).
    pub fn name(self) -> &'static str {
        match self {
            UseHistory::Short => "short",
            UseHistory::Long => "long",
            UseHistory::Unknown => "unknown",
        }
    }

    /// The words on screen.
    pub fn label(self) -> &'static str {
        match self {
            UseHistory::Short => "weeks to months",
            UseHistory::Long => "a year or more",
            UseHistory::Unknown => "not known",
        }
    }

    /// Parses a command-line name (case-insensitive).
    pub fn parse(text: &str) -> Option<UseHistory> {
        UseHistory::ALL
            .into_iter()
            .find(|u| u.name().eq_ignore_ascii_case(text.trim()))
    }
}

/// How long the taper runs: a number of days, or (proportional only) a fixed cut per
/// step until the jump-off amount, from which the length follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Length {
    /// A taper of exactly this many days (weeks are entered as days × 7).
    Days(u32),
    /// Cut this share of the current amount each step (proportional shape only).
    PercentPerStep(Percent),
    /// No length: it follows from the rule (CDC) or the steps (custom).
    FromShape,
}

/// Everything the clinician decides about a taper. The schedule is always derived from
/// these (plus dated revisions), never stored as the truth.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanInputs {
    /// The plan's unit; every amount below is in it.
    pub unit: Unit,
    /// The current daily amount (day 1 of the taper).
    pub start_amount: Amount,
    /// Day 1 of the taper.
    pub start_date: NaiveDate,
    /// How the amount falls.
    pub shape: Shape,
    /// How long the taper runs.
    pub length: Length,
    /// The clinician's own steps (custom shape only); the first equals the start.
    pub custom_steps: Vec<Amount>,
    /// Days between reductions (default 7).
    pub step_days: u32,
    /// The smallest measurable amount (scale resolution, capsule size).
    pub increment: Amount,
    /// Doses the daily amount is split into.
    pub doses_per_day: u8,
    /// The last amount before zero; `None` means the larger of one increment and 10%
    /// of the start.
    pub jump_off: Option<Amount>,
    /// Reductions above this share of the current amount are warned about.
    pub max_cut: Percent,
    /// Days between clinician visits.
    pub visit_days: u32,
    /// Days the clinic sees patients; visits move to the nearest one.
    pub clinic_days: WeekdaySet,
    /// Days after the stop date that the schedule still shows (at zero).
    pub follow_up_days: u32,
    /// How long the patient has used regularly (decides the pace basis).
    #[serde(default)]
    pub use_history: UseHistory,
    /// When each dose is taken, earliest first; empty when not set. When set there is
    /// one time per dose, so the handout can say "8 g at 08:00".
    #[serde(default)]
    pub dose_times: Vec<NaiveTime>,
}

impl PlanInputs {
    /// A plan with every default filled in, as the CLI and the editor start from.
    pub fn new(start_amount: Amount, unit: Unit, start_date: NaiveDate) -> PlanInputs {
        PlanInputs {
            unit,
            start_amount,
            start_date,
            shape: Shape::Linear,
            length: Length::Days(42),
            custom_steps: Vec::new(),
            step_days: 7,
            increment: unit.default_increment(),
            doses_per_day: 1,
            jump_off: None,
            max_cut: Percent(250),
            visit_days: 14,
            clinic_days: WeekdaySet::WORKDAYS,
            follow_up_days: 14,
            use_history: UseHistory::Unknown,
            dose_times: Vec::new(),
        }
    }

    /// The jump-off amount in force: the clinician's, or the larger of one increment
    /// and 10% of the start (rounded to the increment).
    pub fn effective_jump_off(&self) -> Amount {
        self.jump_off.unwrap_or_else(|| {
            Amount::from_milli(self.start_amount.milli() / 10)
                .round_to(self.increment)
                .max(self.increment)
                .min(self.start_amount)
        })
    }

    /// Checks every input; the first problem found names its field.
    pub fn validate(&self) -> Result<(), PlanError> {
        use Field::*;
        let err = |field, message: String| Err(PlanError { field, message });
        if let Err(e) = super::dates::check(self.start_date) {
            return err(StartDate, e.to_string());
        }
        if self.start_amount.is_zero() {
            return err(Start, "the current daily amount must be above zero".into());
        }
        if self.increment.is_zero() {
            return err(Increment, "the increment must be above zero".into());
        }
        if self.increment > self.start_amount {
            return err(
                Increment,
                format!(
                    "the increment {} is larger than the current daily amount {}",
                    self.increment.with_unit(self.unit),
                    self.start_amount.with_unit(self.unit)
                ),
            );
        }
        if !self.start_amount.is_multiple_of(self.increment) {
            return err(
                Start,
                format!(
                    "{} is not a whole number of increments of {}; round it or choose a smaller increment",
                    self.start_amount.with_unit(self.unit),
                    self.increment.with_unit(self.unit)
                ),
            );
        }
        if self.step_days == 0 || self.step_days > MAX_LENGTH_DAYS {
            return err(
                StepDays,
                format!("days between reductions must be 1 to {MAX_LENGTH_DAYS}"),
            );
        }
        if !(1..=12).contains(&self.doses_per_day) {
            return err(DosesPerDay, "doses per day must be 1 to 12".into());
        }
        if self.max_cut.0 == 0 || self.max_cut.0 > 1000 {
            return err(
                MaxCut,
                "the maximum cut must be above 0% and at most 100%".into(),
            );
        }
        if self.visit_days == 0 || self.visit_days > 365 {
            return err(VisitDays, "days between visits must be 1 to 365".into());
        }
        if self.clinic_days.is_empty() {
            return err(ClinicDays, "name at least one clinic day".into());
        }
        if self.follow_up_days > 365 {
            return err(FollowUpDays, "follow-up days must be 0 to 365".into());
        }
        self.validate_dose_times()?;
        if let Some(jump) = self.jump_off {
            if jump.is_zero() || jump >= self.start_amount {
                return err(
                    JumpOff,
                    "the jump-off amount must be above zero and below the current daily amount"
                        .into(),
                );
            }
            if !jump.is_multiple_of(self.increment) {
                return err(
                    JumpOff,
                    format!(
                        "the jump-off amount must be a whole number of increments of {}",
                        self.increment.with_unit(self.unit)
                    ),
                );
            }
        }
        self.validate_length()
    }

    /// No dose times, or one per dose, earliest first.
    fn validate_dose_times(&self) -> Result<(), PlanError> {
        let err = |message: String| {
            Err(PlanError {
                field: Field::DoseTimes,
                message,
            })
        };
        if self.dose_times.is_empty() {
            return Ok(());
        }
        if self.dose_times.len() != usize::from(self.doses_per_day) {
            return err(format!(
                "give one time per dose: {} times for {} doses",
                self.dose_times.len(),
                self.doses_per_day
            ));
        }
        if self.dose_times.windows(2).any(|w| w[1] <= w[0]) {
            return err("give the dose times earliest first, each once".into());
        }
        Ok(())
    }

    fn validate_length(&self) -> Result<(), PlanError> {
        let err = |field, message: String| Err(PlanError { field, message });
        match (self.shape, self.length) {
            (Shape::Linear | Shape::Proportional, Length::Days(days)) => {
                if days == 0 || days > MAX_LENGTH_DAYS {
                    return err(
                        Field::Length,
                        format!("the taper length must be 1 to {MAX_LENGTH_DAYS} days (5 years)"),
                    );
                }
            }
            (Shape::Proportional, Length::PercentPerStep(p)) => {
                if p.0 == 0 || p.0 >= 1000 {
                    return err(
                        Field::Percent,
                        "the cut per step must be above 0% and below 100%".into(),
                    );
                }
            }
            (Shape::Linear, _) => {
                return err(
                    Field::Length,
                    "the linear shape needs a length in days or weeks".into(),
                );
            }
            (Shape::Proportional, Length::FromShape) => {
                return err(
                    Field::Length,
                    "the proportional shape needs a length (days or weeks) or a percent per step"
                        .into(),
                );
            }
            (Shape::Cdc | Shape::Custom, Length::FromShape) => {}
            (shape @ (Shape::Cdc | Shape::Custom), _) => {
                return err(
                    Field::Length,
                    format!(
                        "the {shape} shape takes no length or percent: it follows from the {}",
                        if shape == Shape::Cdc { "rule" } else { "steps" }
                    ),
                );
            }
        }
        if self.shape == Shape::Custom {
            self.validate_custom_steps()?;
        } else if !self.custom_steps.is_empty() {
            return err(
                Field::Steps,
                "steps are only used with the custom shape".into(),
            );
        }
        Ok(())
    }

    fn validate_custom_steps(&self) -> Result<(), PlanError> {
        let err = |message: String| {
            Err(PlanError {
                field: Field::Steps,
                message,
            })
        };
        let steps = self.custom_steps_without_final_zero();
        let Some(first) = steps.first() else {
            return err("give the step amounts, such as 12,10,9,8,6,4,2,1".into());
        };
        if *first != self.start_amount {
            return err(format!(
                "the first step ({}) must equal the current daily amount ({})",
                first.with_unit(self.unit),
                self.start_amount.with_unit(self.unit)
            ));
        }
        if steps.len() as u64 * u64::from(self.step_days) > u64::from(MAX_LENGTH_DAYS) {
            return err(format!(
                "{} steps of {} days is longer than 5 years",
                steps.len(),
                self.step_days
            ));
        }
        for (i, pair) in steps.windows(2).enumerate() {
            if pair[1] > pair[0] {
                return err(format!(
                    "step {} ({}) rises above step {} ({}); steps must not rise",
                    i + 2,
                    pair[1],
                    i + 1,
                    pair[0]
                ));
            }
        }
        for (i, step) in steps.iter().enumerate() {
            if step.is_zero() {
                return err(format!(
                    "step {} is zero before the end; only the last step may be 0",
                    i + 1
                ));
            }
            if !step.is_multiple_of(self.increment) {
                return err(format!(
                    "step {} ({}) is not a whole number of increments of {}",
                    i + 1,
                    step.with_unit(self.unit),
                    self.increment.with_unit(self.unit)
                ));
            }
        }
        Ok(())
    }

    /// The custom steps with a trailing zero (an explicit stop) removed.
    pub fn custom_steps_without_final_zero(&self) -> &[Amount] {
        match self.custom_steps.split_last() {
            Some((last, rest)) if last.is_zero() => rest,
            _ => &self.custom_steps,
        }
    }
}

/// Which input a validation message is about: the CLI names its flag, the editor
/// shows the message beside the field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    Start,
    Unit,
    StartDate,
    Shape,
    Length,
    Percent,
    Steps,
    StepDays,
    Increment,
    DosesPerDay,
    JumpOff,
    MaxCut,
    VisitDays,
    ClinicDays,
    FollowUpDays,
    UseHistory,
    DoseTimes,
    Revision,
}

impl Field {
    /// The command-line flag for this field.
    pub fn flag(self) -> &'static str {
        match self {
            Field::Start | Field::Unit => "--start",
            Field::StartDate => "--start-date",
            Field::Shape => "--shape",
            Field::Length => "--weeks/--days",
            Field::Percent => "--percent",
            Field::Steps => "--steps",
            Field::StepDays => "--step-days",
            Field::Increment => "--increment",
            Field::DosesPerDay => "--doses-per-day",
            Field::JumpOff => "--jump-off",
            Field::MaxCut => "--max-cut",
            Field::VisitDays => "--visit-days",
            Field::ClinicDays => "--clinic-days",
            Field::FollowUpDays => "--follow-up-days",
            Field::UseHistory => "--use-history",
            Field::DoseTimes => "--dose-times",
            Field::Revision => "revision",
        }
    }

    /// The field's name in the patient file (under `plan.inputs`, or `plan.revisions`).
    pub fn file_field(self) -> &'static str {
        match self {
            Field::Start => "start_amount",
            Field::Unit => "unit",
            Field::StartDate => "start_date",
            Field::Shape => "shape",
            Field::Length | Field::Percent => "length",
            Field::Steps => "custom_steps",
            Field::StepDays => "step_days",
            Field::Increment => "increment",
            Field::DosesPerDay => "doses_per_day",
            Field::JumpOff => "jump_off",
            Field::MaxCut => "max_cut",
            Field::VisitDays => "visit_days",
            Field::ClinicDays => "clinic_days",
            Field::FollowUpDays => "follow_up_days",
            Field::UseHistory => "use_history",
            Field::DoseTimes => "dose_times",
            Field::Revision => "revisions",
        }
    }
}

/// An input that cannot make a schedule, and why, in words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanError {
    pub field: Field,
    pub message: String,
}

impl PlanError {
    /// Wraps an amount parsing error for a field.
    pub fn amount(field: Field, error: AmountError) -> PlanError {
        PlanError {
            field,
            message: error.to_string(),
        }
    }
}

impl fmt::Display for PlanError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field.flag(), self.message)
    }
}

impl std::error::Error for PlanError {}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn default_jump_off_is_ten_percent_or_one_increment() {
        let p = PlanInputs::new(Amount::from_milli(12_000), Unit::G, date(2026, 12, 1));
        assert_eq!(p.effective_jump_off(), Amount::from_milli(1_200));
        let small = PlanInputs::new(Amount::from_milli(500), Unit::G, date(2026, 12, 1));
        assert_eq!(small.effective_jump_off(), Amount::from_milli(100));
    }

    #[test]
    fn dose_times_are_one_per_dose_earliest_first_or_none() {
        let time = |h| NaiveTime::from_hms_opt(h, 0, 0).unwrap();
        let mut p = PlanInputs::new(Amount::from_milli(12_000), Unit::G, date(2026, 12, 1));
        p.doses_per_day = 2;
        assert_eq!(p.validate(), Ok(()), "no times is allowed");
        p.dose_times = vec![time(8), time(20)];
        assert_eq!(p.validate(), Ok(()));
        for wrong in [
            vec![time(8)],
            vec![time(20), time(8)],
            vec![time(8), time(8)],
        ] {
            p.dose_times = wrong;
            assert_eq!(p.validate().unwrap_err().field, Field::DoseTimes);
        }
    }

    #[test]
    fn use_history_names_round_trip() {
        for u in UseHistory::ALL {
            assert_eq!(UseHistory::parse(u.name()), Some(u));
        }
        assert_eq!(UseHistory::parse(" LONG "), Some(UseHistory::Long));
        assert_eq!(UseHistory::parse("years"), None);
        assert_eq!(UseHistory::default(), UseHistory::Unknown);
    }
}
