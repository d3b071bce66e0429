//! The days the patient has not logged since the last entry ("Dec 12 and 13 are not
//! logged — add them now?"), so a gap is filled in while it is remembered. A day filled
//! in later is marked late by itself (it is written after its date).

use chrono::{Days, NaiveDate};

use crate::domain::journal::Journal;
use crate::domain::schedule::Schedule;

/// At most this many days are offered one by one; more are counted.
pub const MAX_OFFERED: usize = 7;

/// The plan's days after the last logged day (or from the plan's start) up to
/// yesterday that have no entry, oldest first. Today is not among them: it is still
/// being logged.
pub fn unlogged_days(journal: &Journal, schedule: &Schedule, today: NaiveDate) -> Vec<NaiveDate> {
    let Some(yesterday) = today.checked_sub_days(Days::new(1)) else {
        return Vec::new();
    };
    let last_planned = schedule.days.last().map_or(schedule.stop_date, |d| d.date);
    // After the last day logged before today (an entry for today closes no gap).
    let from = journal
        .entries()
        .iter()
        .rev()
        .map(|e| e.date)
        .find(|d| *d < today)
        .and_then(|d| d.checked_add_days(Days::new(1)))
        .unwrap_or(schedule.start_date)
        .max(schedule.start_date);
    let until = yesterday.min(last_planned);
    let mut days = Vec::new();
    let mut date = from;
    while date <= until {
        if journal.get(date).is_none() {
            days.push(date);
        }
        match date.checked_add_days(Days::new(1)) {
            Some(next) => date = next,
            None => break,
        }
    }
    days
}

/// "Dec 12 and 13 are not logged", "Dec 8, 9 and 10 …", "9 days are not logged (Dec 1
/// to Dec 9)".
pub fn unlogged_text(days: &[NaiveDate]) -> String {
    match days {
        [] => String::new(),
        [one] => format!("{} is not logged", one.format("%a %b %-d")),
        _ if days.len() > MAX_OFFERED => format!(
            "{} days are not logged ({} to {})",
            days.len(),
            days[0].format("%b %-d"),
            days[days.len() - 1].format("%b %-d")
        ),
        [rest @ .., last] => {
            let names: Vec<String> = rest
                .iter()
                .map(|d| d.format("%b %-d").to_string())
                .collect();
            format!(
                "{} and {} are not logged",
                names.join(", "),
                last.format("%b %-d")
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::amount::{Amount, Unit};
    use crate::domain::journal::DayEntry;
    use crate::domain::plan::PlanInputs;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, d).unwrap()
    }

    #[test]
    fn the_gap_since_the_last_entry_up_to_yesterday_is_offered() {
        let inputs = PlanInputs::new(Amount::from_milli(12_000), Unit::G, day(1));
        let schedule = crate::domain::schedule::generate(&inputs, &[]).unwrap();
        let mut journal = Journal::default();
        assert_eq!(
            unlogged_days(&journal, &schedule, day(1)),
            [],
            "nothing before the start"
        );
        assert_eq!(unlogged_days(&journal, &schedule, day(3)), [day(1), day(2)]);
        journal.upsert(DayEntry::new(day(11)));
        assert_eq!(
            unlogged_days(&journal, &schedule, day(14)),
            [day(12), day(13)]
        );
        assert_eq!(
            unlogged_days(&journal, &schedule, day(12)),
            [],
            "today is still open"
        );
        journal.upsert(DayEntry::new(day(14)));
        assert_eq!(
            unlogged_days(&journal, &schedule, day(14)),
            [day(12), day(13)],
            "logging today closes no gap"
        );
        journal.upsert(DayEntry::new(day(13)));
        assert_eq!(
            unlogged_days(&journal, &schedule, day(14)),
            [],
            "older gaps are not nagged about"
        );
        assert_eq!(
            unlogged_text(&[day(12), day(13)]),
            "Dec 12 and Dec 13 are not logged"
        );
        assert_eq!(unlogged_text(&[day(12)]), "Sat Dec 12 is not logged");
        let many: Vec<_> = (1..=9).map(day).collect();
        assert_eq!(
            unlogged_text(&many),
            "9 days are not logged (Dec 1 to Dec 9)"
        );
    }
}
