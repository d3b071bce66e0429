//! The schedule on paper, in the most detailed form that fits: one row per step with
//! every dose, or for long plans one row per month (with the doses, then without,
//! then only the month's first and last amount, then by quarter).

use chrono::{Datelike, NaiveDate};

use super::layout::{Align, Block, Cell, Column, Table};
use super::sections::{BODY, doses_words, heading, short_date};
use super::text::{Style, width};
use crate::domain::checkin::CheckInKind;
use crate::domain::patient::PatientRecord;
use crate::domain::schedule::{DayNote, Schedule, Step};

/// How the schedule is printed, most detailed first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScheduleForm {
    /// One row per step: dates, daily amount, each dose, check-ins.
    Steps,
    /// One row per month: each step's day, amount and doses.
    MonthsWithDoses,
    /// One row per month: each step's day and amount.
    Months,
    /// One row per month: the first and last amount of the month.
    MonthRanges,
    /// One row per quarter: the first and last amount of the quarter.
    QuarterRanges,
}

impl ScheduleForm {
    pub const ALL: [ScheduleForm; 5] = [
        ScheduleForm::Steps,
        ScheduleForm::MonthsWithDoses,
        ScheduleForm::Months,
        ScheduleForm::MonthRanges,
        ScheduleForm::QuarterRanges,
    ];
}

/// Per-dose columns up to this many doses; more go into one column.
const DOSE_COLUMNS_MAX: usize = 4;
const AMOUNT_WIDTH: f32 = 64.0;
const DOSE_WIDTH: f32 = 52.0;
/// Plans longer than this print the year in every date of the step table.
const YEAR_IN_DATES_AFTER_DAYS: u32 = 300;

/// The heading, the table and the note under it for `form`.
pub fn schedule_section(
    form: ScheduleForm,
    record: &PatientRecord,
    schedule: &Schedule,
    width: f32,
) -> (Block, Table, Block) {
    match form {
        ScheduleForm::Steps => {
            let mut text = String::new();
            if usize::from(record.plan.inputs.doses_per_day) > DOSE_COLUMNS_MAX {
                text.push_str(&format!("Take the doses {}. ", doses_words(record)));
            }
            text.push_str(
                "Visit: see your clinician. Self: rate how you feel in the app and tell the \
                 clinic how it goes.",
            );
            let note = Block::paragraph(&text, Style::regular(11.0), width);
            (
                heading("Your steps"),
                steps_table(record, schedule, width),
                note,
            )
        }
        _ => {
            let (table, note) = months_table(form, record, schedule, width);
            let title = if form == ScheduleForm::QuarterRanges {
                "Your plan, quarter by quarter"
            } else {
                "Your plan, month by month"
            };
            (heading(title), table, note)
        }
    }
}

fn header_style() -> Style {
    Style::bold(10.5)
}

/// "08:00" for each dose, or "Dose 1", "Dose 2" when no times are set.
fn dose_headers(record: &PatientRecord) -> Vec<String> {
    let inputs = &record.plan.inputs;
    let n = usize::from(inputs.doses_per_day);
    if inputs.dose_times.len() == n {
        inputs
            .dose_times
            .iter()
            .map(|t| t.format("%H:%M").to_string())
            .collect()
    } else {
        (1..=n).map(|i| format!("Dose {i}")).collect()
    }
}

/// One row per step, the stop last.
fn steps_table(record: &PatientRecord, schedule: &Schedule, total: f32) -> Table {
    let unit = schedule.unit;
    let doses = usize::from(record.plan.inputs.doses_per_day);
    let headers = dose_headers(record);
    let dose_columns: Vec<Column> = match doses {
        1 => Vec::new(),
        n if n <= DOSE_COLUMNS_MAX => headers
            .iter()
            .map(|h| Column {
                header: h.clone(),
                width: DOSE_WIDTH,
                align: Align::Right,
            })
            .collect(),
        _ => vec![Column {
            header: "Doses, in order".into(),
            width: 150.0,
            align: Align::Left,
        }],
    };
    let mut rows = Vec::new();
    // The summary gives the start and the stop with their years; within less than a
    // year a weekday and a day of the month say which day is meant.
    let with_year = schedule.taper_days() > YEAR_IN_DATES_AFTER_DAYS;
    for step in &schedule.steps {
        let mut row = vec![Cell::plain(step_dates(step, with_year))];
        if step.amount.is_zero() {
            row.push(Cell::bold(format!("Stop: {}", step.amount.with_unit(unit))));
            row.extend(dose_columns.iter().map(|_| Cell::default()));
        } else {
            let note = match step.note {
                DayNote::Hold => " (hold)",
                DayNote::Increase => " (up)",
                _ => "",
            };
            row.push(Cell::bold(format!("{}{note}", step.amount.with_unit(unit))));
            row.extend(dose_cells(step, doses, unit));
        }
        row.push(Cell::plain(check_in_words(schedule, step)));
        rows.push(row);
    }
    let fixed = AMOUNT_WIDTH + dose_columns.iter().map(|c| c.width).sum::<f32>();
    let body = Style::regular(BODY);
    let widest_dates = rows
        .iter()
        .map(|r| width(&r[0].text, body))
        .fold(0.0, f32::max)
        + 10.0;
    let dates_width = widest_dates.min((total - fixed) * 0.5);
    let mut columns = vec![
        Column {
            header: "Dates".into(),
            width: dates_width,
            align: Align::Left,
        },
        Column {
            header: "Each day".into(),
            width: AMOUNT_WIDTH,
            align: Align::Right,
        },
    ];
    columns.extend(dose_columns);
    columns.push(Column {
        header: "Check-ins".into(),
        width: total - fixed - dates_width,
        align: Align::Left,
    });
    Table {
        columns,
        header_style: header_style(),
        body_style: body,
        rows,
    }
}

/// The dose cells of a step: one per dose, or one listing them all.
fn dose_cells(step: &Step, doses: usize, unit: crate::domain::amount::Unit) -> Vec<Cell> {
    match doses {
        1 => Vec::new(),
        n if n <= DOSE_COLUMNS_MAX => step
            .doses
            .iter()
            .map(|d| Cell::plain(d.with_unit(unit)))
            .collect(),
        _ => vec![Cell::plain(grouped_doses(&step.doses, unit))],
    }
}

/// Many doses said briefly, in order: "12 × 1 g", "3 × 0.9 g + 9 × 0.8 g".
fn grouped_doses(
    doses: &[crate::domain::amount::Amount],
    unit: crate::domain::amount::Unit,
) -> String {
    let mut runs: Vec<(usize, crate::domain::amount::Amount)> = Vec::new();
    for &dose in doses {
        match runs.last_mut() {
            Some((n, amount)) if *amount == dose => *n += 1,
            _ => runs.push((1, dose)),
        }
    }
    let parts: Vec<String> = runs
        .iter()
        .map(|(n, amount)| {
            format!(
                "{n}\u{a0}×\u{a0}{}",
                amount.with_unit(unit).replace(' ', "\u{a0}")
            )
        })
        .collect();
    parts.join(" + ")
}

/// "Tue 1 – Mon 7 Dec", "Tue 29 Dec – Mon 4 Jan 2027"; the stop as "From Tue 12 Jan".
fn step_dates(step: &Step, with_year: bool) -> String {
    let year = |d: NaiveDate| {
        if with_year {
            format!(" {}", d.year())
        } else {
            String::new()
        }
    };
    if step.amount.is_zero() {
        return format!("From {}{}", short_date(step.start), year(step.start));
    }
    let (start, end) = (step.start, step.end());
    if start == end {
        return format!("{}{}", short_date(start), year(start));
    }
    if start.year() != end.year() && with_year {
        return format!(
            "{}{} – {}{}",
            short_date(start),
            year(start),
            short_date(end),
            year(end)
        );
    }
    let first = if start.month() == end.month() {
        start.format("%a %-d").to_string()
    } else {
        short_date(start)
    };
    format!("{first} – {}{}", short_date(end), year(end))
}

/// "Self Thu 10", "Visit Tue 15, self Thu 17": the day of the month, and the month
/// too when it is not the step's own.
fn check_in_words(schedule: &Schedule, step: &Step) -> String {
    let words: Vec<String> = schedule
        .check_ins_in(step)
        .enumerate()
        .map(|(i, c)| {
            let kind = match (c.kind, i) {
                (CheckInKind::Visit, 0) => "Visit",
                (CheckInKind::Visit, _) => "visit",
                (CheckInKind::SelfCheck, 0) => "Self",
                (CheckInKind::SelfCheck, _) => "self",
            };
            let day = if c.date.month() == step.start.month() {
                c.date.format("%a %-d").to_string()
            } else {
                short_date(c.date)
            };
            format!("{kind} {day}")
        })
        .collect();
    words.join(", ")
}

/// Steps grouped by month (or quarter), with the note on what the table leaves out.
fn months_table(
    form: ScheduleForm,
    record: &PatientRecord,
    schedule: &Schedule,
    total: f32,
) -> (Table, Block) {
    let months_per_row = if form == ScheduleForm::QuarterRanges {
        3
    } else {
        1
    };
    let groups = group_steps(schedule, months_per_row);
    let rows = groups
        .iter()
        .map(|g| month_row(form, schedule, g))
        .collect();
    let (label, visits) = (118.0, 120.0);
    let amounts_header = match form {
        ScheduleForm::MonthsWithDoses => "From the day shown: the daily amount (its doses)",
        ScheduleForm::Months => "From the day shown: the daily amount",
        _ => "The daily amount: first and last change",
    };
    let columns = vec![
        Column {
            header: if months_per_row == 1 {
                "Month"
            } else {
                "Months"
            }
            .into(),
            width: label,
            align: Align::Left,
        },
        Column {
            header: amounts_header.into(),
            width: total - label - visits,
            align: Align::Left,
        },
        Column {
            header: "Visits (day)".into(),
            width: visits,
            align: Align::Left,
        },
    ];
    let table = Table {
        columns,
        header_style: header_style(),
        body_style: Style::regular(BODY),
        rows,
    };
    (table, months_note(form, record, total))
}

/// What a month table leaves out, said under it.
fn months_note(form: ScheduleForm, record: &PatientRecord, total: f32) -> Block {
    let inputs = &record.plan.inputs;
    let mut text = String::new();
    if inputs.doses_per_day > 1 {
        let how = if form == ScheduleForm::MonthsWithDoses {
            "as shown in brackets"
        } else {
            "as evenly as your scale allows"
        };
        text.push_str(&format!(
            "Take each day's amount in {}, {how}. ",
            doses_words(record)
        ));
    }
    if matches!(
        form,
        ScheduleForm::MonthRanges | ScheduleForm::QuarterRanges
    ) {
        text.push_str(
            "The amount changes on the days in between too: ask the clinic for the full list. ",
        );
    }
    text.push_str(
        "Self check-ins fall two days after each change: rate how you feel in the app. The \
         calendar file from the clinic reminds you of every date.",
    );
    Block::paragraph(&text, Style::regular(11.0), total)
}

/// The steps that start in a run of calendar months, `from` (the 1st) up to `to`
/// (the 1st of the month after).
struct Group<'a> {
    from: NaiveDate,
    to: NaiveDate,
    steps: Vec<&'a Step>,
}

/// Every month (or quarter) from the start to the last step or check-in, leaving out
/// those with neither a change nor a visit.
fn group_steps(schedule: &Schedule, months_per_row: u32) -> Vec<Group<'_>> {
    let last = schedule
        .steps
        .iter()
        .map(|s| s.start)
        .chain(schedule.check_ins.iter().map(|c| c.date))
        .max()
        .unwrap_or(schedule.start_date);
    let mut groups = Vec::new();
    let mut from = schedule
        .start_date
        .with_day(1)
        .unwrap_or(schedule.start_date);
    while from <= last {
        let Some(to) = from.checked_add_months(chrono::Months::new(months_per_row)) else {
            break;
        };
        let steps: Vec<&Step> = schedule
            .steps
            .iter()
            .filter(|s| s.start >= from && s.start < to)
            .collect();
        let visits = schedule
            .check_ins
            .iter()
            .any(|c| c.date >= from && c.date < to);
        if !steps.is_empty() || visits {
            groups.push(Group { from, to, steps });
        }
        from = to;
    }
    groups
}

fn month_row(form: ScheduleForm, schedule: &Schedule, group: &Group<'_>) -> Vec<Cell> {
    let unit = schedule.unit;
    let quarter = form == ScheduleForm::QuarterRanges;
    let day = |d: NaiveDate| {
        if quarter {
            d.format("%-d %b").to_string()
        } else {
            d.day().to_string()
        }
    };
    // Each item keeps together on a line (no-break spaces inside it).
    let item = |step: &Step| item_words(form, step, unit, &day).replace(' ', "\u{a0}");
    let amounts = amounts_words(form, schedule, group, item);
    let label = if quarter {
        let last_month = group.to.pred_opt().unwrap_or(group.from);
        let first = if last_month.year() == group.from.year() {
            "%b"
        } else {
            "%b %Y"
        };
        format!(
            "{} – {}",
            group.from.format(first),
            last_month.format("%b %Y")
        )
    } else {
        group.from.format("%b %Y").to_string()
    };
    vec![
        Cell::bold(label),
        Cell::plain(amounts),
        Cell::plain(visit_days(schedule, group, quarter)),
    ]
}

/// One step in a month's row: "8: 11.9 g", with its doses "(4+4+3.9)" in the most
/// detailed form, "(hold)" for a hold, "12: stop" for the stop.
fn item_words(
    form: ScheduleForm,
    step: &Step,
    unit: crate::domain::amount::Unit,
    day: &dyn Fn(NaiveDate) -> String,
) -> String {
    if step.amount.is_zero() {
        return format!("{}: stop", day(step.start));
    }
    let mut text = format!("{}: {}", day(step.start), step.amount.with_unit(unit));
    if form == ScheduleForm::MonthsWithDoses && step.doses.len() > 1 {
        let parts: Vec<String> = step.doses.iter().map(|d| d.to_string()).collect();
        text.push_str(&format!(" ({})", parts.join("+")));
    }
    if step.note == DayNote::Hold {
        text.push_str(" (hold)");
    }
    text
}

/// A month's steps as one line of items, or its first and last change.
fn amounts_words(
    form: ScheduleForm,
    schedule: &Schedule,
    group: &Group<'_>,
    item: impl Fn(&Step) -> String,
) -> String {
    match (form, group.steps.as_slice()) {
        (_, []) if group.from > schedule.stop_date => "after the stop".to_string(),
        (_, []) => "no change".to_string(),
        (ScheduleForm::MonthRanges | ScheduleForm::QuarterRanges, [only]) => item(only),
        (ScheduleForm::MonthRanges | ScheduleForm::QuarterRanges, [first, .., last]) => format!(
            "{} → {} ({} changes)",
            item(first),
            item(last),
            group.steps.len()
        ),
        (_, steps) => {
            let items: Vec<String> = steps.iter().map(|s| item(s)).collect();
            items.join(" · ")
        }
    }
}

/// The visit days falling in the group's months (a count for a quarter).
fn visit_days(schedule: &Schedule, group: &Group<'_>, quarter: bool) -> String {
    let visits: Vec<NaiveDate> = schedule
        .check_ins
        .iter()
        .filter(|c| c.kind == CheckInKind::Visit && c.date >= group.from && c.date < group.to)
        .map(|c| c.date)
        .collect();
    if quarter {
        return match visits.len() {
            0 => String::new(),
            1 => "1 visit".into(),
            n => format!("{n} visits"),
        };
    }
    let days: Vec<String> = visits.iter().map(|d| d.day().to_string()).collect();
    days.join(", ")
}
