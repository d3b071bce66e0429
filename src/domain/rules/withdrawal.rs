//! Rule `withdrawal-after-cut`: withdrawal stayed moderate or worse for days after a
//! reduction, so the clinician is offered a hold.

use chrono::NaiveDate;

use super::{Alert, Audience, RuleId, Severity, minus_days, plus_days, within_last};
use crate::domain::amount::Amount;
use crate::domain::basis::{ASAM_2025, CDC_2022_PACE, KRATOM_COMMUNITY};
use crate::domain::instrument::{self, Instrument};
use crate::domain::journal::DayEntry;
use crate::domain::patient::PatientRecord;
use crate::domain::schedule::{DayNote, Schedule};

/// A day counts as "after a cut" from the day of the cut through the 13 days after it
/// (14 days in all). Withdrawal from a cut shows within days; two weeks covers the
/// usual one-week step and the week after, the check-for-withdrawal-at-each-reduction
/// period of ASAM 2025.
pub const WITHDRAWAL_AFTER_CUT_DAYS: u32 = 14;

/// Two consecutive days in the moderate band or worse fire the rule. One bad day is
/// common and passes; two in a row is the "significant signs or symptoms" for which
/// ASAM 2025 advises slowing or pausing the taper.
pub const WITHDRAWAL_MIN_CONSECUTIVE_DAYS: usize = 2;

/// The streak must have ended within the last 7 days (today and the six before): a
/// streak older than one step has either passed or been seen at a visit, and a hold
/// suggested for it would come too late to help.
pub const WITHDRAWAL_RECENT_DAYS: u32 = 7;

/// The hold the app suggests lasts 7 days: one step of the default plan, the
/// "maintenance week" of published community practice, and a pause of the kind CDC
/// 2022 and ASAM 2025 allow. The clinician may change it before accepting.
pub const HOLD_SUGGESTION_DAYS: u32 = 7;

/// The instrument the patient rates daily, from the plan's `daily_instrument`.
///
/// The daily checklist's file is `kratom_daily.ron` while its id is `kratom-daily`,
/// and plans have been written with either spelling; both are accepted so that the
/// withdrawal rule is never silently switched off by the spelling.
pub fn daily_instrument(record: &PatientRecord) -> Option<&'static Instrument> {
    let id = record.plan.daily_instrument.trim();
    instrument::builtin_by_id(id).or_else(|| instrument::builtin_by_id(&id.replace('_', "-")))
}

/// One rated day in the moderate band or worse, within the window after a cut.
struct RatedDay {
    date: NaiveDate,
    total: u32,
    /// True when some items were left unanswered: the total is then a lower bound.
    partial: bool,
    band: String,
    cut: NaiveDate,
}

/// A warning to the clinician, with a [`Suggestion::Hold`](super::Suggestion::Hold),
/// when the daily instrument's total was in the moderate band or worse
/// ([`Instrument::is_moderate_or_worse`]) on at least
/// [`WITHDRAWAL_MIN_CONSECUTIVE_DAYS`] consecutive calendar days, each within
/// [`WITHDRAWAL_AFTER_CUT_DAYS`] days of a cut, the last of them within the last
/// [`WITHDRAWAL_RECENT_DAYS`] days. ASAM 2025 advises slowing or pausing when
/// significant withdrawal appears, and CDC 2022 allows tapers to be paused.
///
/// A cut is a reduction day of the schedule, and also the stop date: the step to zero
/// is the largest share of the amount the plan ever cuts. A partly answered rating
/// counts when its partial total is already moderate or worse (the missing answers
/// could only raise it); answers the instrument does not allow are not counted.
///
/// The hold starts the day after the streak's last day, or today if that is later (a
/// revision never rewrites past days). After the stop date there is no step to hold,
/// so the alert carries no suggestion and says that returning to the last amount is
/// accepted practice. The rule stays quiet when a hold already starts between the
/// streak's first day and the end of its reporting window: the clinician has paused.
pub fn withdrawal_after_cut(
    record: &PatientRecord,
    schedule: &Schedule,
    today: NaiveDate,
) -> Vec<Alert> {
    let Some(instrument) = daily_instrument(record) else {
        return Vec::new();
    };
    let cuts: Vec<NaiveDate> = schedule
        .days
        .iter()
        .filter(|d| matches!(d.note, DayNote::Reduction | DayNote::Stop))
        .map(|d| d.date)
        .collect();
    let days: Vec<RatedDay> = record
        .journal
        .entries()
        .iter()
        .filter(|e| e.date <= today)
        .filter_map(|e| rated_day(e, instrument, &cuts))
        .collect();
    let Some(streak) = days
        .chunk_by(|a, b| (b.date - a.date).num_days() == 1)
        .rev()
        .find(|run| {
            run.len() >= WITHDRAWAL_MIN_CONSECUTIVE_DAYS
                && run
                    .last()
                    .is_some_and(|d| within_last(d.date, today, WITHDRAWAL_RECENT_DAYS))
        })
    else {
        return Vec::new();
    };
    let (Some(first), Some(last)) = (streak.first(), streak.last()) else {
        return Vec::new();
    };
    let reported_until = plus_days(last.date, u64::from(WITHDRAWAL_RECENT_DAYS));
    let already_held = schedule
        .days
        .iter()
        .any(|d| d.note == DayNote::Hold && d.date >= first.date && d.date <= reported_until);
    if already_held {
        return Vec::new();
    }
    vec![alert_for(streak, instrument, schedule, today)]
}

fn rated_day(entry: &DayEntry, instrument: &Instrument, cuts: &[NaiveDate]) -> Option<RatedDay> {
    let total = entry.symptom_total(instrument)?;
    if !instrument.is_moderate_or_worse(total) {
        return None;
    }
    let cut = cuts.iter().rev().copied().find(|&c| {
        c <= entry.date && (entry.date - c).num_days() < i64::from(WITHDRAWAL_AFTER_CUT_DAYS)
    })?;
    Some(RatedDay {
        date: entry.date,
        total,
        partial: entry.score(&instrument.id).map_or(0, |s| s.answers.len())
            < instrument.items.len(),
        band: instrument
            .band(total)
            .map_or_else(String::new, |b| b.name.clone()),
        cut,
    })
}

fn alert_for(
    streak: &[RatedDay],
    instrument: &Instrument,
    schedule: &Schedule,
    today: NaiveDate,
) -> Alert {
    let unit = schedule.unit;
    let last = &streak[streak.len() - 1];
    let scores: Vec<String> = streak
        .iter()
        .map(|d| {
            let at_least = if d.partial { "at least " } else { "" };
            format!("{}: {at_least}{} ({})", d.date, d.total, d.band)
        })
        .collect();
    let cut = last.cut;
    let before = schedule.planned_on(minus_days(cut, 1));
    let after = schedule.planned_on(cut);
    let n = streak.len();
    let mut message = format!(
        "{} in the moderate band or worse on {n} days in a row ({}; the most possible is {}), \
         within {WITHDRAWAL_AFTER_CUT_DAYS} days of the cut from {} to {} on {cut}. \
         Significant withdrawal after a cut is a reason to slow or pause the taper.",
        instrument.name,
        scores.join(", "),
        instrument.max_total(),
        before.with_unit(unit),
        after.with_unit(unit),
    );
    let from = plus_days(last.date, 1).max(today);
    let mut basis = vec![ASAM_2025, CDC_2022_PACE];
    let suggestion = if from < schedule.stop_date {
        let held = schedule.planned_on(minus_days(from, 1));
        message.push_str(&format!(
            " Suggested: hold at {} for {HOLD_SUGGESTION_DAYS} days from {from}.",
            held.with_unit(unit)
        ));
        Some(super::Suggestion::Hold {
            from,
            days: HOLD_SUGGESTION_DAYS,
        })
    } else {
        let last_amount = schedule
            .steps
            .iter()
            .rev()
            .map(|s| s.amount)
            .find(|a| *a > Amount::ZERO)
            .unwrap_or(Amount::ZERO);
        message.push_str(&format!(
            " The plan has already reached zero, so there is no step to hold; returning to \
             the last amount ({}) and resuming the taper is accepted practice.",
            last_amount.with_unit(unit)
        ));
        basis.push(KRATOM_COMMUNITY);
        None
    };
    Alert {
        rule: RuleId::WithdrawalAfterCut,
        severity: Severity::Warning,
        audience: Audience::Clinician,
        title: format!("Withdrawal after the cut on {cut}: consider a hold"),
        message,
        patient_instruction: None,
        date: last.date,
        triggered_by: streak.iter().map(|d| d.date).collect(),
        basis,
        suggestion,
    }
}
