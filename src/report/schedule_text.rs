//! The schedule as text: an aligned table grouped by step, CSV and JSON.

use std::fmt::Write as _;

use crate::domain::pace::Warning;
use crate::domain::plan::{Length, PlanInputs};
use crate::domain::schedule::Schedule;

/// The CSV header the `plan` command commits to.
pub const PLAN_CSV_HEADER: &str = "date,day,step,amount,unit,doses,check_in,note";

/// One row per day: `date,day,step,amount,unit,doses,check_in,note`.
pub fn plan_csv(schedule: &Schedule) -> String {
    let mut out = String::with_capacity(64 * (schedule.days.len() + 1));
    out.push_str(PLAN_CSV_HEADER);
    out.push('\n');
    let unit = schedule.unit.symbol();
    for day in &schedule.days {
        let _ = writeln!(
            out,
            "{},{},{},{},{},{},{},{}",
            day.date,
            day.day,
            day.step,
            day.amount,
            unit,
            join_doses(schedule.doses(day)),
            day.check_in.map_or("", |c| c.word()),
            day.note.word()
        );
    }
    out
}

/// Per-dose amounts joined by `+` (e.g. `4+4+4`).
pub fn join_doses(doses: &[crate::domain::amount::Amount]) -> String {
    doses
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("+")
}

/// A one-line summary of the inputs, e.g. "12 g a day, linear over 42 days".
pub fn plan_summary(inputs: &PlanInputs, schedule: &Schedule) -> String {
    let over = |days: u32| match days % 7 {
        0 => format!("over {} weeks", days / 7),
        _ => format!("over {days} days"),
    };
    let length = match inputs.length {
        // Holds and slower steps lengthen the plan: the title says the length in force.
        Length::Days(d) if d != schedule.taper_days() => {
            format!(
                "{} (first planned {})",
                over(schedule.taper_days()),
                over(d)
            )
        }
        Length::Days(d) => over(d),
        Length::PercentPerStep(p) => format!("cutting {p} per step"),
        Length::FromShape => format!("over {} days", schedule.taper_days()),
    };
    format!(
        "{} a day, {} {}, from {} to {} (stop date)",
        inputs.start_amount.with_unit(inputs.unit),
        inputs.shape,
        length,
        schedule.start_date,
        schedule.stop_date
    )
}

/// The schedule for people: one line per step, check-ins listed, warnings and notes
/// under it.
pub fn plan_table(inputs: &PlanInputs, schedule: &Schedule) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "Taper plan: {}", plan_summary(inputs, schedule));
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "{:>4}  {:<10}  {:<10}  {:>4}  {:>10}  {:<14}  check-ins",
        "step", "from", "to", "days", "amount", "doses"
    );
    for step in &schedule.steps {
        let check_ins: Vec<String> = schedule
            .check_ins_in(step)
            .map(|c| format!("{} {}", c.kind.word(), c.date))
            .collect();
        let label = if step.amount.is_zero() {
            "0 (stop)".to_string()
        } else {
            step.amount.with_unit(schedule.unit)
        };
        let _ = writeln!(
            out,
            "{:>4}  {:<10}  {:<10}  {:>4}  {:>10}  {:<14}  {}",
            step.number,
            step.start,
            step.end(),
            step.days,
            label,
            join_doses(&step.doses),
            check_ins.join(", ")
        );
    }
    if !schedule.warnings.is_empty() {
        let _ = writeln!(out, "\nWarnings (for the clinician's judgement):");
        for warning in &schedule.warnings {
            out.push_str(&warning_text(warning));
        }
    }
    for note in &schedule.notes {
        let _ = writeln!(out, "\nNote: {note}");
    }
    out
}

/// A warning with its rule and basis, for terminals and stderr.
pub fn warning_text(warning: &Warning) -> String {
    let mut out = format!("- [{}] {}\n", warning.rule.name(), warning.message);
    for basis in &warning.basis {
        let _ = writeln!(out, "    basis: {} ({})", basis.text, basis.source);
    }
    out
}

/// The schedule as JSON for other programs.
pub fn plan_json(schedule: &Schedule) -> String {
    let days: Vec<serde_json::Value> = schedule
        .days
        .iter()
        .map(|d| {
            serde_json::json!({
                "date": d.date.to_string(),
                "day": d.day,
                "step": d.step,
                "amount": d.amount.to_string(),
                "doses": schedule.doses(d).iter().map(ToString::to_string).collect::<Vec<_>>(),
                "check_in": d.check_in.map(|c| c.word()),
                "note": d.note.word(),
            })
        })
        .collect();
    let warnings: Vec<serde_json::Value> = schedule
        .warnings
        .iter()
        .map(|w| {
            serde_json::json!({
                "rule": w.rule.name(),
                "date": w.date.map(|d| d.to_string()),
                "message": w.message,
                "basis": w.basis.iter().map(|b| serde_json::json!({"source": b.source, "text": b.text})).collect::<Vec<_>>(),
            })
        })
        .collect();
    let value = serde_json::json!({
        "unit": schedule.unit.symbol(),
        "start_date": schedule.start_date.to_string(),
        "stop_date": schedule.stop_date.to_string(),
        "days": days,
        "warnings": warnings,
        "notes": schedule.notes,
    });
    let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
    text.push('\n');
    text
}
