//! The patient handout: the approved plan on one printable page (HTML, printed from any
//! browser): the steps with their doses, the check-in dates, the red flags that mean
//! "seek care now", what not to mix, and the disclaimer. The chart is embedded as SVG.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::domain::basis::{RedFlag, Substance};
use crate::domain::patient::PatientRecord;
use crate::domain::schedule::{DayNote, Schedule};
use crate::report::schedule_text::plan_summary;
use crate::store::StoreError;
use crate::store::transfer::unique_path;

/// Writes the handout for `record` into `dir` (created 0700) under a new name made
/// from `name` and `today`, and returns where it went; nothing is ever replaced.
pub fn save_handout(
    dir: &Path,
    name: &str,
    record: &PatientRecord,
    schedule: &Schedule,
    original: Option<&Schedule>,
    today: NaiveDate,
) -> Result<PathBuf, StoreError> {
    crate::store::ensure_private_dir(dir)?;
    let path = unique_path(dir, &format!("{name} handout {today}"), "html");
    let chart = crate::chart::ChartData::for_record(record, schedule, original, Some(today));
    let svg = crate::chart::svg_string(1200, 700, &chart);
    crate::store::save_checked(&path, handout_html(record, schedule, &svg).as_bytes(), None)?;
    Ok(path)
}

/// The handout as a self-contained HTML document (no external files, no scripts).
pub fn handout_html(record: &PatientRecord, schedule: &Schedule, chart_svg: &str) -> String {
    let unit = schedule.unit;
    let mut html = String::new();
    let name = escape(&record.patient.display_name);
    let _ = write!(
        html,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Taper plan for {name}</title>\n<style>\
         body{{font-family:sans-serif;max-width:48em;margin:1.5em auto;color:#111}}\
         table{{border-collapse:collapse;width:100%}}td,th{{border:1px solid #999;padding:.25em .5em;text-align:left}}\
         .urgent{{border:3px solid #b00;padding:.5em 1em}}.small{{font-size:.85em;color:#444}}\
         svg{{width:100%;height:auto}}@media print{{.noprint{{display:none}}}}</style></head><body>\n"
    );
    let _ = writeln!(html, "<h1>Your taper plan</h1>");
    let _ = writeln!(
        html,
        "<p><strong>{name}</strong> &middot; {}</p>",
        escape(&plan_summary(&record.plan.inputs, schedule))
    );
    match &record.plan.approval {
        Some(a) => {
            let _ = writeln!(
                html,
                "<p>Approved by {} on {}.</p>",
                escape(&a.by),
                a.at.format("%Y-%m-%d")
            );
        }
        None => {
            let _ = writeln!(
                html,
                "<p><strong>Draft: not yet approved by your clinician.</strong></p>"
            );
        }
    }
    let _ = writeln!(
        html,
        "<h2>Steps</h2>\n<table><tr><th>From</th><th>To</th><th>Daily amount</th><th>Doses</th></tr>"
    );
    for step in schedule.steps.iter().filter(|s| !s.amount.is_zero()) {
        let doses: Vec<String> = step.doses.iter().map(|d| d.with_unit(unit)).collect();
        let hold = if step.note == DayNote::Hold {
            " (hold)"
        } else {
            ""
        };
        let _ = writeln!(
            html,
            "<tr><td>{}</td><td>{}</td><td>{}{hold}</td><td>{}</td></tr>",
            step.start.format("%a %b %d, %Y"),
            step.end().format("%a %b %d, %Y"),
            step.amount.with_unit(unit),
            doses.join(" + ")
        );
    }
    let _ = writeln!(
        html,
        "<tr><td>{}</td><td></td><td><strong>Stop (0)</strong></td><td></td></tr></table>",
        schedule.stop_date.format("%a %b %d, %Y")
    );
    let _ = writeln!(html, "<h2>Check-ins</h2><ul>");
    for check_in in &schedule.check_ins {
        let what = match check_in.kind {
            crate::domain::checkin::CheckInKind::Visit => "Visit with your clinician",
            crate::domain::checkin::CheckInKind::SelfCheck => {
                "Rate your symptoms and tell the clinic how it goes"
            }
        };
        let _ = writeln!(
            html,
            "<li>{}: {what}</li>",
            check_in.date.format("%a %b %d, %Y")
        );
    }
    let _ = writeln!(html, "</ul>");
    let _ = writeln!(
        html,
        "<div class=\"urgent\"><h2>Seek medical care now if you have</h2><ul>"
    );
    for flag in RedFlag::ALL {
        let _ = writeln!(html, "<li>{}</li>", escape(flag.plain_label()));
    }
    let _ = writeln!(
        html,
        "</ul><p>Trouble breathing, extreme drowsiness or confusion: call emergency services.</p></div>"
    );
    let names: Vec<&str> = Substance::ALL
        .iter()
        .filter(|s| s.is_sedating())
        .map(|s| s.label())
        .collect();
    let _ = writeln!(
        html,
        "<h2>Do not mix</h2><p>Do not combine kratom with: {}. Together they can slow your breathing.</p>",
        escape(&names.join(", "))
    );
    let _ = writeln!(html, "<h2>Your chart</h2>\n{chart_svg}");
    let _ = writeln!(
        html,
        "<p class=\"small\">This plan was made with taper-planner. It is not medical advice: it supports your \
         clinician's decision. Do not start, stop or change a substance without your clinician.</p></body></html>"
    );
    html
}

/// Escapes text for HTML.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::amount::{Amount, Unit};
    use crate::domain::patient::Patient;
    use crate::domain::plan::{Length, PlanInputs};
    use chrono::NaiveDate;

    #[test]
    fn the_handout_lists_steps_check_ins_red_flags_and_escapes_names() {
        let start = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        let mut inputs = PlanInputs::new(Amount::from_milli(12_000), Unit::G, start);
        inputs.length = Length::Days(42);
        inputs.doses_per_day = 3;
        let patient = Patient {
            display_name: "<Jo> & Co".into(),
            ..Patient::default()
        };
        let record = PatientRecord::new(patient, inputs, "Dr", start.and_hms_opt(9, 0, 0).unwrap());
        let schedule = record.plan.schedule().unwrap();
        let html = handout_html(&record, &schedule, "<svg></svg>");
        assert!(html.contains("&lt;Jo&gt; &amp; Co") && !html.contains("<Jo>"));
        assert!(
            html.contains("<td>12 g</td><td>4 g + 4 g + 4 g</td>"),
            "{html}"
        );
        assert!(html.contains("Tue Dec 15, 2026: Visit with your clinician"));
        assert!(html.contains("Yellow skin or eyes (jaundice)"));
        assert!(html.contains("Draft: not yet approved"));
        assert!(html.contains("not medical advice"));
        assert_eq!(
            html.matches("<tr>").count(),
            1 + 6 + 1,
            "header, six steps, stop"
        );
    }
}
