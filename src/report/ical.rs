//! Check-in dates as an iCalendar file (RFC 5545), so visits and self check-ins land
//! in the clinician's or the patient's calendar. All-day events; no times are implied.

use chrono::NaiveDateTime;

use crate::domain::checkin::CheckInKind;
use crate::domain::patient::PatientRecord;
use crate::domain::schedule::Schedule;

/// The calendar for a patient's schedule; `stamp` is the creation time in UTC written
/// in each event (DTSTAMP), a parameter so the output is reproducible.
pub fn check_ins_ics(record: &PatientRecord, schedule: &Schedule, stamp: NaiveDateTime) -> String {
    let mut out = String::new();
    let mut line = |text: &str| {
        // Lines are folded at 75 octets (RFC 5545 3.1) and end in CRLF.
        let mut rest = text;
        let mut first = true;
        while !rest.is_empty() {
            let limit = if first { 75 } else { 74 };
            let mut cut = rest.len().min(limit);
            while !rest.is_char_boundary(cut) {
                cut -= 1;
            }
            if !first {
                out.push(' ');
            }
            out.push_str(&rest[..cut]);
            out.push_str("\r\n");
            rest = &rest[cut..];
            first = false;
        }
    };
    line("BEGIN:VCALENDAR");
    line("VERSION:2.0");
    line("PRODID:-//taper-planner//check-ins//EN");
    line("CALSCALE:GREGORIAN");
    let name = escape(&record.patient.display_name);
    let id = uid_base(record);
    for check_in in &schedule.check_ins {
        let (summary, description) = match check_in.kind {
            CheckInKind::Visit => (
                format!("Taper visit: {name}"),
                "Clinician visit to review the taper plan, the journal and withdrawal.",
            ),
            CheckInKind::SelfCheck => (
                format!("Taper self check-in: {name}"),
                "Two days after a reduction: rate withdrawal symptoms and tell the clinic how it goes.",
            ),
        };
        let date = check_in.date.format("%Y%m%d");
        let next = (check_in.date + chrono::Days::new(1)).format("%Y%m%d");
        line("BEGIN:VEVENT");
        line(&format!(
            "UID:{id}-{date}-{}@taper-planner",
            check_in.kind.word()
        ));
        line(&format!("DTSTAMP:{}", stamp.format("%Y%m%dT%H%M%SZ")));
        line(&format!("DTSTART;VALUE=DATE:{date}"));
        line(&format!("DTEND;VALUE=DATE:{next}"));
        line(&format!("SUMMARY:{summary}"));
        line(&format!("DESCRIPTION:{}", escape(description)));
        line("TRANSP:TRANSPARENT");
        line("END:VEVENT");
    }
    line("END:VCALENDAR");
    out
}

/// Escapes text values (RFC 5545 3.3.11).
fn escape(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace(';', "\\;")
        .replace(',', "\\,")
        .replace('\n', "\\n")
        .replace('\r', "")
}

/// A stable identifier for the patient's events, so re-importing updates them.
fn uid_base(record: &PatientRecord) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let key = format!(
        "{}|{}",
        record.patient.display_name, record.plan.inputs.start_date
    );
    for b in key.bytes() {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("{hash:016x}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::amount::{Amount, Unit};
    use crate::domain::patient::Patient;
    use crate::domain::plan::{Length, PlanInputs};
    use chrono::NaiveDate;

    #[test]
    fn every_check_in_is_an_all_day_event_with_crlf_lines() {
        let start = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        let mut inputs = PlanInputs::new(Amount::from_milli(12_000), Unit::G, start);
        inputs.length = Length::Days(42);
        let patient = Patient {
            display_name: "Doe, Jane; \"JD\"".into(),
            ..Patient::default()
        };
        let record = PatientRecord::new(patient, inputs, "Dr", start.and_hms_opt(9, 0, 0).unwrap());
        let schedule = record.plan.schedule().unwrap();
        let ics = check_ins_ics(&record, &schedule, start.and_hms_opt(9, 0, 0).unwrap());
        assert!(ics.starts_with("BEGIN:VCALENDAR\r\n") && ics.ends_with("END:VCALENDAR\r\n"));
        assert_eq!(
            ics.matches("BEGIN:VEVENT").count(),
            schedule.check_ins.len()
        );
        assert!(ics.contains("DTSTART;VALUE=DATE:20261215\r\n"));
        assert!(ics.contains("SUMMARY:Taper visit: Doe\\, Jane\\; \"JD\""));
        assert!(ics.split("\r\n").all(|l| l.len() <= 75), "lines are folded");
        assert!(
            !ics.replace("\r\n", "").contains('\n'),
            "only CRLF line ends"
        );
    }
}
