//! The patient export: one row per schedule day with what was planned and, where
//! logged, what was taken and the day's symptom total.

use std::fmt::Write as _;

use crate::domain::patient::PatientRecord;
use crate::domain::plan::PlanError;

/// The header the `export --csv` command commits to.
pub const EXPORT_CSV_HEADER: &str = "date,day,planned,unit,taken,symptom_score,check_in,note";

/// The export as CSV text.
pub fn export_csv(record: &PatientRecord) -> Result<String, PlanError> {
    let schedule = record.plan.schedule()?;
    let instrument = &record.plan.daily_instrument;
    let mut out = String::with_capacity(48 * (schedule.days.len() + 1));
    out.push_str(EXPORT_CSV_HEADER);
    out.push('\n');
    for day in &schedule.days {
        let entry = record.journal.get(day.date);
        let taken = entry
            .filter(|e| !e.doses.is_empty())
            .map(|e| e.total_taken().to_string());
        let score = entry
            .and_then(|e| e.score(instrument))
            .map(|s| s.total().to_string());
        let _ = writeln!(
            out,
            "{},{},{},{},{},{},{},{}",
            day.date,
            day.day,
            day.amount,
            schedule.unit,
            taken.unwrap_or_default(),
            score.unwrap_or_default(),
            day.check_in.map_or("", |c| c.word()),
            day.note.word()
        );
    }
    Ok(out)
}
