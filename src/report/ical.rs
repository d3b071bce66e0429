//! The plan as an iCalendar file (RFC 5545): every check-in and every day the daily
//! amount changes, as all-day events, each with a reminder (VALARM) the evening before,
//! so the patient's calendar says "From tomorrow: 9.3 g a day" when it matters.
//!
//! Written with the `icalendar` crate (folding, escaping, structure). Titles carry no
//! patient name unless asked for ([`CalendarOptions::names`]): a calendar synced to a
//! cloud service should not say who is tapering. Every event has a UID derived from
//! the record and the event's place in the plan (the third visit, the fifth change),
//! not from its date, so importing a revised plan again moves the events instead of
//! adding a second set; SEQUENCE grows with the record's audit list so calendars take
//! the newer copy.

use chrono::{DateTime, Days, NaiveDate, NaiveTime, TimeDelta, Timelike, Utc};
use icalendar::{Alarm, Calendar, Component, EventLike, Property, Related, Trigger};

use crate::domain::checkin::CheckInKind;
use crate::domain::patient::PatientRecord;
use crate::domain::schedule::Schedule;

/// When the reminder of each event fires: `days_before` the event's day at `at`, in
/// the calendar's own time zone (the events are all-day, so floating).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reminder {
    pub days_before: u32,
    pub at: NaiveTime,
}

impl Default for Reminder {
    /// The evening before, at 18:00: early enough to prepare the next day's doses.
    fn default() -> Reminder {
        Reminder {
            days_before: 1,
            at: NaiveTime::from_hms_opt(18, 0, 0).unwrap_or(NaiveTime::MIN),
        }
    }
}

impl Reminder {
    /// The most days before an event a reminder may fire.
    pub const MAX_DAYS_BEFORE: u32 = 14;

    /// The trigger relative to the event's start (midnight of its day).
    fn offset(self) -> TimeDelta {
        let days = i64::from(self.days_before.min(Reminder::MAX_DAYS_BEFORE));
        TimeDelta::seconds(i64::from(self.at.num_seconds_from_midnight()) - days * 86_400)
    }

    /// "Tomorrow", "Today" or the day's date, for the reminder's text.
    fn day_words(self, date: NaiveDate) -> String {
        match self.days_before {
            0 => "today".into(),
            1 => "tomorrow".into(),
            _ => date.format("%a %-d %b").to_string(),
        }
    }
}

/// What goes into the calendar besides the plan.
#[derive(Debug, Clone, PartialEq)]
pub struct CalendarOptions {
    /// Put the patient's name in every title (a clinician's calendar of many patients).
    pub names: bool,
    pub reminder: Reminder,
    /// The creation time written in each event (DTSTAMP), a parameter so the output is
    /// reproducible.
    pub stamp: DateTime<Utc>,
}

/// One event of the calendar, before it is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanEvent {
    pub date: NaiveDate,
    /// The event's identity inside the record: kind and ordinal ("visit-3").
    pub key: String,
    pub title: String,
    /// What the reminder says.
    pub alarm: String,
    pub description: String,
}

/// Every event of the plan in force, in date order: the check-ins, then each day the
/// daily amount changes (reductions, increases a revision made, and the stop), but not
/// the first day, whose amount is the patient's current one.
pub fn plan_events(
    record: &PatientRecord,
    schedule: &Schedule,
    reminder: Reminder,
) -> Vec<PlanEvent> {
    let contact = contact_line(record);
    let mut events = Vec::new();
    let (mut visits, mut selves) = (0, 0);
    for check_in in &schedule.check_ins {
        let when = reminder.day_words(check_in.date);
        let (key, title, alarm, what) = match check_in.kind {
            CheckInKind::Visit => {
                visits += 1;
                (
                    format!("visit-{visits}"),
                    "Taper visit with your clinician".to_string(),
                    format!("{}: taper visit with your clinician", capitalised(&when)),
                    "Visit to review the taper plan, your journal and any withdrawal.",
                )
            }
            CheckInKind::SelfCheck => {
                selves += 1;
                (
                    format!("self-check-in-{selves}"),
                    "Taper self check-in".to_string(),
                    format!("{}: taper self check-in", capitalised(&when)),
                    "Two days after a reduction: rate your withdrawal symptoms and tell the \
                     clinic how it goes.",
                )
            }
        };
        events.push(PlanEvent {
            date: check_in.date,
            key,
            title,
            alarm,
            description: format!("{what}{contact}"),
        });
    }
    let unit = schedule.unit;
    let changes = schedule
        .steps
        .windows(2)
        .filter(|w| w[1].amount != w[0].amount)
        .map(|w| &w[1]);
    for (n, step) in changes.enumerate() {
        let when = reminder.day_words(step.start);
        let (title, alarm) = amount_words(step.amount.is_zero(), &step.amount.with_unit(unit));
        events.push(PlanEvent {
            date: step.start,
            key: format!("change-{}", n + 1),
            title,
            alarm: format!("From {when}: {alarm}"),
            description: format!("{}{contact}", step_description(step.amount.is_zero())),
        });
    }
    events.sort_by(|a, b| a.date.cmp(&b.date).then_with(|| a.key.cmp(&b.key)));
    events
}

/// The title on the day and the reminder's words for a change of the daily amount.
fn amount_words(stop: bool, amount: &str) -> (String, String) {
    if stop {
        (
            format!("Taper: stop day ({amount} from today)"),
            format!("stop ({amount} a day)"),
        )
    } else {
        (
            format!("Taper: {amount} a day from today"),
            format!("{amount} a day"),
        )
    }
}

fn step_description(stop: bool) -> &'static str {
    if stop {
        "The plan reaches zero today: no more doses from today on. Withdrawal can peak in \
         the next days; your clinician sees you again within a week."
    } else {
        "Your daily amount changes today, as planned; split it into your doses as the plan \
         says."
    }
}

/// " Questions or problems: call Clinic at 555 0100." when the record knows a phone.
fn contact_line(record: &PatientRecord) -> String {
    let phone = record.patient.clinic_phone.trim();
    if phone.is_empty() {
        return String::new();
    }
    let clinic = record.patient.clinic.trim();
    let who = if clinic.is_empty() {
        "the clinic"
    } else {
        clinic
    };
    format!(" Questions or problems: call {who} at {phone}.")
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The calendar for the plan in force.
pub fn calendar_ics(
    record: &PatientRecord,
    schedule: &Schedule,
    options: &CalendarOptions,
) -> String {
    let base = uid_base(record);
    let sequence = u32::try_from(record.audit.len()).unwrap_or(u32::MAX);
    let name = record.patient.display_name.trim();
    let mut calendar = Calendar::empty();
    calendar
        .append_property(Property::new("VERSION", "2.0"))
        .append_property(Property::new("PRODID", "-//taper-planner//taper plan//EN"))
        .append_property(Property::new("CALSCALE", "GREGORIAN"))
        .name("Taper plan");
    for event in plan_events(record, schedule, options.reminder) {
        let title = if options.names && !name.is_empty() {
            format!("{} — {name}", event.title)
        } else {
            event.title
        };
        let trigger = Trigger::from((options.reminder.offset(), Related::Start));
        let next = event
            .date
            .checked_add_days(Days::new(1))
            .unwrap_or(event.date);
        let uid = format!("{base}-{}@taper-planner", event.key);
        // The crate writes a UID and a DTSTAMP into every component it is not given one
        // for, a random UID at that: set both, so the alarm is as stable as its event.
        let alarm = Alarm::display(&event.alarm, trigger)
            .uid(&format!("{base}-{}-reminder@taper-planner", event.key))
            .timestamp(options.stamp)
            .done();
        let built = icalendar::Event::new()
            .uid(&uid)
            .timestamp(options.stamp)
            .sequence(sequence)
            .starts(event.date)
            .ends(next)
            .summary(&title)
            .description(&event.description)
            .add_property("TRANSP", "TRANSPARENT")
            .alarm(alarm)
            .done();
        calendar.push(built);
    }
    calendar.done().to_string()
}

/// A stable identifier for the record's events: the record's id (random, the same in
/// the clinic's file and the patient's copy, kept through a rename), hashed so that a
/// calendar's UIDs cannot be matched with the file (XXH64: specified, so stable across
/// versions). A record without an id yet (never saved in format 4) falls back to its
/// creation (its first audit entry) and the patient's name.
fn uid_base(record: &PatientRecord) -> String {
    let mut bytes = Vec::new();
    if !record.id.is_empty() {
        bytes.extend(record.id.0.as_bytes());
    } else {
        match record.audit.first() {
            Some(created) => {
                bytes.extend(created.at.to_string().as_bytes());
                bytes.push(0);
                bytes.extend(created.who.as_bytes());
            }
            None => bytes.extend(record.plan.inputs.start_date.to_string().as_bytes()),
        }
        bytes.push(0);
        bytes.extend(record.patient.display_name.as_bytes());
    }
    format!("{:016x}", xxhash_rust::xxh64::xxh64(&bytes, 0))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::amount::{Amount, Unit};
    use crate::domain::patient::Patient;
    use crate::domain::plan::{Length, PlanInputs};
    use crate::domain::revision::{Change, Revision};
    use icalendar::{CalendarComponent, DatePerhapsTime};

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn record() -> PatientRecord {
        let mut inputs = PlanInputs::new(Amount::from_milli(12_000), Unit::G, date(2026, 12, 1));
        inputs.length = Length::Days(42);
        let patient = Patient {
            display_name: "Doe, Jane; \"JD\"".into(),
            clinic: "Northside Clinic".into(),
            clinic_phone: "555 0100".into(),
            ..Patient::default()
        };
        PatientRecord::new(
            patient,
            inputs,
            "Dr A",
            date(2026, 11, 30).and_hms_opt(9, 0, 0).unwrap(),
        )
    }

    fn options(names: bool) -> CalendarOptions {
        CalendarOptions {
            names,
            reminder: Reminder::default(),
            stamp: date(2026, 12, 1).and_hms_opt(8, 0, 0).unwrap().and_utc(),
        }
    }

    /// What a calendar program reads back: (uid, date, summary, alarm text, trigger).
    fn parse(ics: &str) -> Vec<(String, NaiveDate, String, String, String)> {
        let calendar: Calendar = ics.parse().expect("the export parses as iCalendar");
        calendar
            .components
            .iter()
            .filter_map(|c| match c {
                CalendarComponent::Event(e) => Some(e),
                _ => None,
            })
            .map(|e| {
                let Some(DatePerhapsTime::Date(day)) = e.get_start() else {
                    panic!("an all-day event: {e:?}");
                };
                let alarms: Vec<_> = e
                    .components()
                    .iter()
                    .filter(|c| c.component_kind() == "VALARM")
                    .collect();
                assert_eq!(alarms.len(), 1, "one reminder per event");
                let alarm = alarms[0];
                assert_eq!(alarm.property_value("ACTION"), Some("DISPLAY"));
                (
                    e.get_uid().unwrap().to_string(),
                    day,
                    e.get_summary().unwrap().to_string(),
                    alarm.property_value("DESCRIPTION").unwrap().to_string(),
                    alarm.property_value("TRIGGER").unwrap().to_string(),
                )
            })
            .collect()
    }

    #[test]
    fn one_event_per_check_in_and_change_each_with_a_reminder_the_evening_before() {
        let record = record();
        let schedule = record.plan.schedule().unwrap();
        let ics = calendar_ics(&record, &schedule, &options(false));
        assert!(
            ics.split("\r\n").all(|l| l.len() <= 75),
            "folded at 75 octets"
        );
        let events = parse(&ics);
        let changes = schedule
            .steps
            .windows(2)
            .filter(|w| w[0].amount != w[1].amount)
            .count();
        assert_eq!(changes, 6, "five cuts and the stop");
        assert_eq!(events.len(), schedule.check_ins.len() + changes);
        let expected = plan_events(&record, &schedule, Reminder::default());
        for (event, planned) in events.iter().zip(&expected) {
            assert_eq!(
                (event.1, &event.2, &event.3),
                (planned.date, &planned.title, &planned.alarm)
            );
            assert_eq!(
                event.4, "-PT21600S",
                "six hours before midnight: 18:00 the day before"
            );
        }
        let cut = events.iter().find(|e| e.1 == date(2026, 12, 8)).unwrap();
        assert_eq!(cut.2, "Taper: 10 g a day from today");
        assert_eq!(cut.3, "From tomorrow: 10 g a day");
        let stop = events.iter().find(|e| e.1 == schedule.stop_date).unwrap();
        assert_eq!(stop.3, "From tomorrow: stop (0 g a day)");
        assert!(
            events
                .iter()
                .any(|e| e.2 == "Taper visit with your clinician" && e.1 == date(2026, 12, 15))
        );
        assert!(!ics.contains("Jane"), "no name unless asked for");
        assert!(ics.contains("call Northside Clinic at 555 0100"));
        let mut uids: Vec<&String> = events.iter().map(|e| &e.0).collect();
        uids.sort();
        uids.dedup();
        assert_eq!(uids.len(), events.len(), "every UID once");
    }

    #[test]
    fn names_appear_only_when_asked_for_and_are_escaped() {
        let record = record();
        let schedule = record.plan.schedule().unwrap();
        let ics = calendar_ics(&record, &schedule, &options(true));
        assert!(
            ics.contains("Doe\\, Jane\\; \"JD\""),
            "escaped as RFC 5545 text"
        );
        let events = parse(&ics);
        assert!(events.iter().all(|e| e.2.ends_with(" — Doe, Jane; \"JD\"")));
    }

    #[test]
    fn the_uids_follow_the_record_id_through_copies_and_renames_only() {
        let uids = |record: &PatientRecord| -> Vec<String> {
            let schedule = record.plan.schedule().unwrap();
            let events = parse(&calendar_ics(record, &schedule, &options(false)));
            events.into_iter().map(|e| e.0).collect()
        };
        let mut clinic = record();
        clinic.id = crate::domain::identity::Id::from_bits(0x5eed, 32);
        let mut renamed = clinic.clone();
        renamed.patient.display_name = "Jane Roe".into();
        assert_eq!(uids(&clinic), uids(&renamed), "a rename keeps the events");
        let mut other = clinic.clone();
        other.id = crate::domain::identity::Id::from_bits(0x5eee, 32);
        assert!(
            uids(&clinic).iter().all(|u| !uids(&other).contains(u)),
            "another record of the same name and creation has other events"
        );
        assert!(
            uids(&clinic).iter().all(|u| !u.contains("5eed")),
            "the id is hashed"
        );
    }

    #[test]
    fn a_revised_plan_keeps_its_uids_so_a_re_import_moves_the_events() {
        let mut record = record();
        let schedule = record.plan.schedule().unwrap();
        let before = parse(&calendar_ics(&record, &schedule, &options(false)));
        assert_eq!(
            before,
            parse(&calendar_ics(&record, &schedule, &options(false))),
            "reproducible"
        );
        record.plan.revisions.push(Revision {
            effective: date(2026, 12, 15),
            change: Change::Hold { days: 7 },
            reason: "withdrawal".into(),
            decided_by: "Dr A".into(),
            meta: Default::default(),
        });
        record.audit(
            "Dr A",
            date(2026, 12, 14).and_hms_opt(9, 0, 0).unwrap(),
            "hold".into(),
        );
        let revised = record.plan.schedule().unwrap();
        let ics = calendar_ics(&record, &revised, &options(false));
        let after = parse(&ics);
        assert!(ics.contains("SEQUENCE:2"), "newer than the first export");
        let uid_of = |events: &[(String, NaiveDate, String, String, String)], title: &str| {
            events
                .iter()
                .find(|e| e.2 == title)
                .map(|e| (e.0.clone(), e.1))
        };
        let (uid, day) = uid_of(&before, "Taper: 8 g a day from today").unwrap();
        let (uid_after, day_after) = uid_of(&after, "Taper: 8 g a day from today").unwrap();
        assert_eq!(uid, uid_after, "the same event");
        assert_eq!(day_after, day + Days::new(7), "moved by the hold");
        let mut other = self::record();
        other.patient.display_name = "Someone Else".into();
        let theirs = parse(&calendar_ics(&other, &schedule, &options(false)));
        assert!(
            theirs.iter().all(|t| before.iter().all(|b| b.0 != t.0)),
            "another record's UIDs differ"
        );
    }

    #[test]
    fn the_reminder_fires_the_evening_before_by_default() {
        let r = Reminder::default();
        assert_eq!(r.offset(), TimeDelta::hours(-6));
        let same_day = Reminder {
            days_before: 0,
            at: NaiveTime::from_hms_opt(7, 30, 0).unwrap(),
        };
        assert_eq!(same_day.offset(), TimeDelta::minutes(7 * 60 + 30));
        let date = NaiveDate::from_ymd_opt(2026, 12, 10).unwrap();
        assert_eq!(r.day_words(date), "tomorrow");
        assert_eq!(same_day.day_words(date), "today");
        let early = Reminder {
            days_before: 3,
            ..r
        };
        assert_eq!(early.day_words(date), "Thu 10 Dec");
    }

    #[test]
    fn capitalises_only_the_first_letter() {
        assert_eq!(capitalised("tomorrow: x"), "Tomorrow: x");
        assert_eq!(capitalised(""), "");
    }
}
