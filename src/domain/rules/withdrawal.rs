//! Rules `withdrawal-after-cut` and `withdrawal-check-in`: withdrawal is watched every
//! day. Two consecutive days in the moderate band or worse, or one day in the severe
//! band, raise an alert at any time; after a cut it offers the clinician a hold,
//! otherwise it asks for a check-in. The alert is urgent when a day was severe.

use chrono::NaiveDate;

use super::{
    Alert, Audience, NOTHING_LEAVES, RuleId, Severity, Suggestion, clinic_contact, minus_days,
    plus_days, within_last,
};
use crate::domain::amount::Amount;
use crate::domain::basis::{ASAM_2025, CDC_2022_PACE, KRATOM_COMMUNITY};
use crate::domain::instrument::{self, Instrument};
use crate::domain::journal::DayEntry;
use crate::domain::patient::PatientRecord;
use crate::domain::schedule::{DayNote, Schedule};

/// Withdrawal counts as "after a cut" when a cut falls in the 14 days before it began
/// (the day of the cut and the 13 after it) or during it. Withdrawal from a cut shows
/// within days; two weeks covers the usual one-week step and the week after, the
/// check-for-withdrawal-at-each-reduction period of ASAM 2025.
pub const WITHDRAWAL_AFTER_CUT_DAYS: u32 = 14;

/// Two consecutive days in the moderate band or worse fire the rule. One moderate day
/// is common and passes; two in a row is the "significant signs or symptoms" for which
/// ASAM 2025 advises slowing or pausing the taper. One day in the severe band is enough
/// on its own.
pub const WITHDRAWAL_MIN_CONSECUTIVE_DAYS: usize = 2;

/// The withdrawal must have been logged within the last 7 days (today and the six
/// before): older withdrawal has either passed or been seen at a visit, and a hold
/// suggested for it would come too late to help.
pub const WITHDRAWAL_RECENT_DAYS: u32 = 7;

/// The hold the app suggests lasts 7 days: one step of the default plan, the
/// "maintenance week" of published community practice, and a pause of the kind CDC
/// 2022 and ASAM 2025 allow. The clinician may change it before accepting.
pub const HOLD_SUGGESTION_DAYS: u32 = 7;

/// The name of the band that counts as severe on its own.
const SEVERE_BAND_NAME: &str = "severe";

/// The instrument the patient rates daily, from the plan's `daily_instrument`.
///
/// The daily checklist's file is `kratom_daily.ron` while its id is `kratom-daily`,
/// and plans have been written with either spelling; both are accepted so that the
/// withdrawal rule is never silently switched off by the spelling.
pub fn daily_instrument(record: &PatientRecord) -> Option<&'static Instrument> {
    let id = record.plan.daily_instrument.trim();
    instrument::builtin_by_id(id).or_else(|| instrument::builtin_by_id(&id.replace('_', "-")))
}

/// One rated day in the moderate band or worse.
struct RatedDay {
    date: NaiveDate,
    total: u32,
    /// True when some items were left unanswered: the total is then a lower bound.
    partial: bool,
    band: String,
    severe: bool,
}

/// The most recent withdrawal that fires: consecutive rated days, and the cut it
/// followed, if any.
struct Episode<'a> {
    days: &'a [RatedDay],
    cut: Option<NaiveDate>,
}

impl Episode<'_> {
    fn first(&self) -> NaiveDate {
        self.days[0].date
    }

    fn last(&self) -> NaiveDate {
        self.days[self.days.len() - 1].date
    }

    fn severe(&self) -> bool {
        self.days.iter().any(|d| d.severe)
    }
}

/// A warning to the clinician (urgent when a day was severe), with a
/// [`Suggestion::Hold`], when withdrawal fires ([`WITHDRAWAL_MIN_CONSECUTIVE_DAYS`]
/// days in a row in the moderate band or worse, or one severe day, the last within
/// [`WITHDRAWAL_RECENT_DAYS`]) and a cut (a reduction, or the stop) fell in the
/// [`WITHDRAWAL_AFTER_CUT_DAYS`] days before it began or during it. ASAM 2025 advises
/// slowing or pausing when significant withdrawal appears, and CDC 2022 allows tapers
/// to be paused.
///
/// A partly answered rating counts when its partial total is already in the band (the
/// missing answers could only raise it); answers the instrument does not allow are not
/// counted. The hold starts the day after the last rated day, or today if that is
/// later (a revision never rewrites past days). After the stop date there is no step to
/// hold, so the alert carries no suggestion and says that returning to the last amount
/// is accepted practice. The rule stays quiet when a hold already starts between the
/// first rated day and the end of its reporting window: the clinician has paused.
pub fn withdrawal_after_cut(
    record: &PatientRecord,
    schedule: &Schedule,
    today: NaiveDate,
) -> Vec<Alert> {
    with_episode(record, schedule, today, |episode, instrument| {
        let cut = episode.cut?;
        let reported_until = plus_days(episode.last(), u64::from(WITHDRAWAL_RECENT_DAYS));
        let already_held = schedule.days.iter().any(|d| {
            d.note == DayNote::Hold && d.date >= episode.first() && d.date <= reported_until
        });
        (!already_held).then(|| after_cut_alert(&episode, cut, instrument, schedule, today))
    })
}

/// The same withdrawal with no cut in the [`WITHDRAWAL_AFTER_CUT_DAYS`] days before it
/// began (before the first cut, late in a long step, after the stop's window): there
/// is no cut to hold, so it asks the patient and the clinician for a check-in, for
/// both to see. It stays quiet once a visit is recorded on or after its last day.
pub fn withdrawal_check_in(
    record: &PatientRecord,
    schedule: &Schedule,
    today: NaiveDate,
) -> Vec<Alert> {
    with_episode(record, schedule, today, |episode, instrument| {
        if episode.cut.is_some() || record.visits.iter().any(|v| v.date >= episode.last()) {
            return None;
        }
        Some(check_in_alert(&episode, instrument, record, schedule))
    })
}

/// Finds the episode that fires, if any, and turns it into at most one alert.
fn with_episode(
    record: &PatientRecord,
    schedule: &Schedule,
    today: NaiveDate,
    make: impl Fn(Episode<'_>, &Instrument) -> Option<Alert>,
) -> Vec<Alert> {
    let Some(instrument) = daily_instrument(record) else {
        return Vec::new();
    };
    let days: Vec<RatedDay> = record
        .journal
        .entries()
        .iter()
        .filter(|e| e.date <= today)
        .filter_map(|e| rated_day(e, instrument))
        .collect();
    let Some(run) = days
        .chunk_by(|a, b| (b.date - a.date).num_days() == 1)
        .rev()
        .find(|run| {
            (run.len() >= WITHDRAWAL_MIN_CONSECUTIVE_DAYS || run.iter().any(|d| d.severe))
                && run
                    .last()
                    .is_some_and(|d| within_last(d.date, today, WITHDRAWAL_RECENT_DAYS))
        })
    else {
        return Vec::new();
    };
    let (first, last) = (run[0].date, run[run.len() - 1].date);
    let cut = schedule
        .days
        .iter()
        .filter(|d| matches!(d.note, DayNote::Reduction | DayNote::Stop))
        .map(|d| d.date)
        .rfind(|&c| c <= last && (first - c).num_days() < i64::from(WITHDRAWAL_AFTER_CUT_DAYS));
    make(Episode { days: run, cut }, instrument)
        .into_iter()
        .collect()
}

fn rated_day(entry: &DayEntry, instrument: &Instrument) -> Option<RatedDay> {
    let total = entry.symptom_total(instrument)?;
    if !instrument.is_moderate_or_worse(total) {
        return None;
    }
    let band = instrument.band(total).map(|b| b.name.clone());
    Some(RatedDay {
        date: entry.date,
        total,
        partial: entry.score(&instrument.id).map_or(0, |s| s.answers.len())
            < instrument.items.len(),
        severe: band
            .as_deref()
            .is_some_and(|b| b.eq_ignore_ascii_case(SEVERE_BAND_NAME)),
        band: band.unwrap_or_default(),
    })
}

/// "Daily kratom withdrawal checklist in the moderate band or worse on 2 days in a row
/// (2026-12-09: 12 (moderate), …; the most possible is 36)", and where the bands come
/// from (the app's own convention, or conventional).
fn what_was_rated(episode: &Episode<'_>, instrument: &Instrument) -> String {
    let scores: Vec<String> = episode
        .days
        .iter()
        .map(|d| {
            let at_least = if d.partial { "at least " } else { "" };
            format!("{}: {at_least}{} ({})", d.date, d.total, d.band)
        })
        .collect();
    let n = episode.days.len();
    let when = if n == 1 {
        format!("in the {SEVERE_BAND_NAME} band on {}", episode.first())
    } else {
        format!("in the moderate band or worse on {n} days in a row")
    };
    let bands = instrument
        .bands_note
        .as_deref()
        .map(|note| format!(" About the bands: {note}"))
        .unwrap_or_default();
    format!(
        "{} {when} ({}; the most possible is {}).{bands}",
        instrument.name,
        scores.join(", "),
        instrument.max_total(),
    )
}

/// Urgent when a day was in the severe band, a warning otherwise.
fn strength(episode: &Episode<'_>) -> (Severity, &'static str) {
    if episode.severe() {
        (Severity::Urgent, "Severe withdrawal")
    } else {
        (Severity::Warning, "Withdrawal")
    }
}

fn after_cut_alert(
    episode: &Episode<'_>,
    cut: NaiveDate,
    instrument: &Instrument,
    schedule: &Schedule,
    today: NaiveDate,
) -> Alert {
    let unit = schedule.unit;
    let before = schedule.planned_on(minus_days(cut, 1));
    let after = schedule.planned_on(cut);
    let mut message = format!(
        "{} It began within {WITHDRAWAL_AFTER_CUT_DAYS} days of the cut from {} to {} on {cut}. \
         Significant withdrawal after a cut is a reason to slow or pause the taper.",
        what_was_rated(episode, instrument),
        before.with_unit(unit),
        after.with_unit(unit),
    );
    let from = plus_days(episode.last(), 1).max(today);
    let mut basis = vec![ASAM_2025, CDC_2022_PACE];
    let suggestion = if from < schedule.stop_date {
        let held = schedule.planned_on(minus_days(from, 1));
        message.push_str(&format!(
            " Suggested: hold at {} for {HOLD_SUGGESTION_DAYS} days from {from}.",
            held.with_unit(unit)
        ));
        Some(Suggestion::Hold {
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
    let (severity, what) = strength(episode);
    Alert {
        rule: RuleId::WithdrawalAfterCut,
        severity,
        audience: Audience::Clinician,
        title: format!("{what} after the cut on {cut}: consider a hold"),
        message,
        patient_instruction: None,
        date: episode.last(),
        triggered_by: episode.days.iter().map(|d| d.date).collect(),
        basis,
        suggestion,
    }
}

fn check_in_alert(
    episode: &Episode<'_>,
    instrument: &Instrument,
    record: &PatientRecord,
    schedule: &Schedule,
) -> Alert {
    let message = format!(
        "{} No cut fell in the {WITHDRAWAL_AFTER_CUT_DAYS} days before it began (planned on \
         {}: {}), so there is no cut to hold: a check-in (a call or a visit) shows what \
         changed, such as the product, other substances or an illness.",
        what_was_rated(episode, instrument),
        episode.last(),
        schedule.planned_on(episode.last()).with_unit(schedule.unit),
    );
    let (severity, what) = strength(episode);
    let call = clinic_contact(&record.patient);
    Alert {
        rule: RuleId::WithdrawalCheckIn,
        severity,
        audience: Audience::Both,
        title: format!("{what} on {}: check in with the patient", episode.last()),
        message,
        patient_instruction: Some(format!(
            "Your withdrawal symptoms have been strong. Call {call} to talk it over or arrange \
             a visit. {NOTHING_LEAVES}"
        )),
        date: episode.last(),
        triggered_by: episode.days.iter().map(|d| d.date).collect(),
        basis: vec![ASAM_2025],
        suggestion: None,
    }
}
