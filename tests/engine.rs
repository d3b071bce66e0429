//! The taper engine: the documented example, the shapes, and the invariants as
//! properties over random valid inputs.

use chrono::{Datelike, Days, NaiveDate};
use proptest::prelude::*;
use taper_planner::domain::amount::{Amount, Unit};
use taper_planner::domain::checkin::{CheckInInputs, CheckInKind, plan_check_ins};
use taper_planner::domain::pace::PaceRule;
use taper_planner::domain::plan::{
    Length, MAX_LENGTH_DAYS, Percent, PlanInputs, Shape, UseHistory, WeekdaySet,
};
use taper_planner::domain::revision::{Change, Revision};
use taper_planner::domain::schedule::{DayNote, Schedule, generate, split_doses};

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn grams(g: f64) -> Amount {
    Amount::from_milli((g * 1000.0).round() as i64)
}

fn plan(start: f64, shape: Shape, length: Length) -> PlanInputs {
    let mut p = PlanInputs::new(grams(start), Unit::G, date(2026, 12, 1));
    p.shape = shape;
    p.length = length;
    p
}

fn amounts_by_step(s: &Schedule) -> Vec<String> {
    s.steps.iter().map(|st| st.amount.to_string()).collect()
}

#[test]
fn twelve_grams_over_six_weeks_is_the_documented_example() {
    let s = generate(&plan(12.0, Shape::Linear, Length::Days(42)), &[]).unwrap();
    for (days, amount) in [
        (1..=7, 12.0),
        (8..=14, 10.0),
        (15..=21, 8.0),
        (22..=28, 6.0),
        (29..=35, 4.0),
        (36..=42, 2.0),
    ] {
        for d in days {
            assert_eq!(s.days[d - 1].amount, grams(amount), "day {d}");
        }
    }
    let stop = &s.days[42];
    assert_eq!(
        (stop.date, stop.day, stop.amount, stop.note),
        (date(2027, 1, 12), 43, Amount::ZERO, DayNote::Stop)
    );
    assert_eq!(s.stop_date, date(2027, 1, 12));
    assert_eq!(s.days.len(), 43 + 14, "follow-up days follow the stop date");
}

#[test]
fn cdc_falls_by_ten_percent_of_the_original_then_of_the_remainder() {
    let s = generate(&plan(10.0, Shape::Cdc, Length::FromShape), &[]).unwrap();
    let amounts = amounts_by_step(&s);
    assert_eq!(&amounts[..8], ["10", "9", "8", "7", "6", "5", "4", "3"]);
    // Then 10% of the remaining amount: 2.7, 2.43→2.4, 2.187→2.2, ...
    assert_eq!(&amounts[8..11], ["2.7", "2.4", "2.2"]);
    // Ends at the jump-off amount (10% of the start = 1 g), then zero.
    assert_eq!(amounts[amounts.len() - 2], "1");
    assert_eq!(amounts.last().unwrap(), "0");
}

#[test]
fn proportional_reaches_the_jump_off_with_shrinking_cuts() {
    let s = generate(&plan(12.0, Shape::Proportional, Length::Days(56)), &[]).unwrap();
    let levels: Vec<i64> = s
        .steps
        .iter()
        .map(|st| st.amount.milli())
        .filter(|&m| m > 0)
        .collect();
    assert_eq!(levels.len(), 8);
    assert_eq!(
        *levels.last().unwrap(),
        1_200,
        "last amount before zero is the jump-off"
    );
    let cuts: Vec<i64> = levels.windows(2).map(|w| w[0] - w[1]).collect();
    assert!(
        cuts.windows(2).all(|w| w[1] <= w[0] + 100),
        "cuts shrink: {cuts:?}"
    );
}

#[test]
fn proportional_with_percent_cuts_that_share_until_the_jump_off() {
    let mut p = plan(
        10.0,
        Shape::Proportional,
        Length::PercentPerStep(Percent(200)),
    );
    p.jump_off = Some(grams(2.0));
    let s = generate(&p, &[]).unwrap();
    assert_eq!(
        amounts_by_step(&s),
        [
            "10", "8", "6.4", "5.1", "4.1", "3.3", "2.6", "2.1", "2", "0"
        ]
    );
}

#[test]
fn custom_steps_are_followed_and_repeats_are_holds() {
    let mut p = plan(12.0, Shape::Custom, Length::FromShape);
    p.custom_steps = [12.0, 10.0, 10.0, 8.0].map(grams).to_vec();
    let s = generate(&p, &[]).unwrap();
    assert_eq!(amounts_by_step(&s), ["12", "10", "10", "8", "0"]);
    let notes: Vec<DayNote> = s.steps.iter().map(|st| st.note).collect();
    assert_eq!(
        notes,
        [
            DayNote::None,
            DayNote::Reduction,
            DayNote::Hold,
            DayNote::Reduction,
            DayNote::Stop
        ]
    );
    assert_eq!(s.stop_date, date(2026, 12, 29));
    // The step number shown to people advances when the amount changes, not at a hold.
    let numbers: Vec<u32> = s.steps.iter().map(|st| st.number).collect();
    assert_eq!(numbers, [1, 2, 2, 3, 4]);
}

#[test]
fn too_many_steps_for_the_increment_lengthen_the_steps_and_say_so() {
    // 0.5 g in 0.1 g increments holds five levels; 20 weekly steps cannot all differ.
    let s = generate(&plan(0.5, Shape::Linear, Length::Days(140)), &[]).unwrap();
    assert_eq!(
        amounts_by_step(&s),
        ["0.5", "0.4", "0.3", "0.2", "0.1", "0"]
    );
    assert_eq!(s.stop_date, date(2026, 12, 1) + Days::new(140));
    assert!(s.steps[..5].iter().all(|st| st.days == 28));
    assert!(
        s.notes.iter().any(|n| n.contains("longer steps")),
        "{:?}",
        s.notes
    );
}

#[test]
fn check_ins_fall_on_clinic_days_and_two_days_after_cuts() {
    let s = generate(&plan(12.0, Shape::Linear, Length::Days(42)), &[]).unwrap();
    // Start Tuesday 2026-12-01: visits every 14 days on Tuesdays, and a follow-up.
    let visits: Vec<NaiveDate> = s
        .check_ins
        .iter()
        .filter(|c| c.kind == CheckInKind::Visit)
        .map(|c| c.date)
        .collect();
    // The cadence visit on the stop date (01-12) is kept, and the follow-up is the
    // earliest clinic day after the stop.
    assert_eq!(
        visits,
        [
            date(2026, 12, 15),
            date(2026, 12, 29),
            date(2027, 1, 12),
            date(2027, 1, 13)
        ]
    );
    let selfs: Vec<NaiveDate> = s
        .check_ins
        .iter()
        .filter(|c| c.kind == CheckInKind::SelfCheck)
        .map(|c| c.date)
        .collect();
    assert_eq!(
        selfs[0],
        date(2026, 12, 10),
        "two days after the first cut on 12-08"
    );
    assert!(
        selfs.contains(&date(2027, 1, 14)),
        "two days after the stop"
    );
    assert_eq!(
        s.day_at(date(2026, 12, 15)).unwrap().check_in,
        Some(CheckInKind::Visit)
    );
}

#[test]
fn a_visit_on_a_weekend_moves_to_the_nearest_clinic_day() {
    let mut p = plan(12.0, Shape::Linear, Length::Days(42));
    p.start_date = date(2026, 12, 5); // Saturday; +14 is a Saturday → Friday
    let s = generate(&p, &[]).unwrap();
    assert_eq!(
        s.check_ins
            .iter()
            .find(|c| c.kind == CheckInKind::Visit)
            .unwrap()
            .date,
        date(2026, 12, 18)
    );
    assert!(
        s.check_ins
            .iter()
            .filter(|c| c.kind == CheckInKind::Visit)
            .all(|c| c.date.weekday().num_days_from_monday() < 5)
    );
}

#[test]
fn large_cuts_are_warned_about_with_their_basis_and_left_unchanged() {
    let s = generate(&plan(12.0, Shape::Linear, Length::Days(42)), &[]).unwrap();
    let large: Vec<_> = s
        .warnings
        .iter()
        .filter(|w| w.rule == PaceRule::LargeReduction)
        .collect();
    // 8→6 is exactly 25% (allowed); 6→4 (33%) and 4→2 (50%) are above.
    assert_eq!(large.len(), 2);
    assert_eq!(large[0].date, Some(date(2026, 12, 29)));
    assert!(
        large
            .iter()
            .all(|w| !w.basis.is_empty() && w.basis.iter().all(|b| !b.source.is_empty()))
    );
    assert_eq!(
        s.days[28].amount,
        grams(4.0),
        "the plan is not silently changed"
    );
    assert!(s.warnings.iter().any(|w| w.rule == PaceRule::FastPace));
}

#[test]
fn a_hold_moves_the_end_and_leaves_earlier_days_alone() {
    let p = plan(12.0, Shape::Linear, Length::Days(42));
    let original = generate(&p, &[]).unwrap();
    let hold = Revision {
        effective: date(2026, 12, 15),
        change: Change::Hold { days: 7 },
        reason: "withdrawal".into(),
        decided_by: "Dr A".into(),
        meta: Default::default(),
    };
    let revised = generate(&p, &[hold]).unwrap();
    assert_eq!(revised.stop_date, original.stop_date + Days::new(7));
    assert_eq!(&revised.days[..14], &original.days[..14]);
    assert_eq!(
        revised.days[14].amount,
        grams(10.0),
        "held at the amount before the effective date"
    );
    assert_eq!(revised.days[14].note, DayNote::Hold);
    assert_eq!(revised.days[21].amount, grams(8.0));
    let title = |s: &Schedule| taper_planner::report::schedule_text::plan_summary(&p, s);
    assert!(
        title(&original).contains("linear over 6 weeks, from"),
        "{}",
        title(&original)
    );
    assert!(
        title(&revised).contains("over 7 weeks (first planned over 6 weeks)"),
        "the title says the length in force: {}",
        title(&revised)
    );
}

#[test]
fn set_amount_may_return_to_an_earlier_amount_and_resumes_below_it() {
    let p = plan(12.0, Shape::Linear, Length::Days(42));
    let back = Revision {
        effective: date(2026, 12, 22),
        change: Change::SetAmount {
            amount: grams(10.0),
        },
        reason: "struggling".into(),
        decided_by: "Dr A".into(),
        meta: Default::default(),
    };
    let s = generate(&p, &[back]).unwrap();
    assert_eq!(
        amounts_by_step(&s),
        ["12", "10", "8", "10", "6", "4", "2", "0"]
    );
    assert_eq!(s.days[21].note, DayNote::Increase);
}

#[test]
fn slow_down_lengthens_later_steps() {
    let p = plan(12.0, Shape::Linear, Length::Days(42));
    let slow = Revision {
        effective: date(2026, 12, 10),
        change: Change::SlowDown { step_days: 14 },
        reason: "".into(),
        decided_by: "Dr A".into(),
        meta: Default::default(),
    };
    let s = generate(&p, &[slow]).unwrap();
    assert_eq!(s.steps[1].days, 7, "the step in force finishes as planned");
    assert!(s.steps[2..6].iter().all(|st| st.days == 14));
    assert_eq!(s.stop_date, date(2026, 12, 1) + Days::new(14 + 4 * 14));
}

#[test]
fn a_percent_plan_longer_than_five_years_is_refused() {
    let p = plan(
        12.0,
        Shape::Proportional,
        Length::PercentPerStep(Percent(5)),
    );
    let err = generate(&p, &[]).unwrap_err();
    assert!(err.message.contains("5 years"), "{err}");
}

/// One range of dates: a plan may end on 2200-12-31, the last date the app accepts,
/// and not after it; the error is the start date's, so the form shows it there and
/// the command line names --start-date. (Before, its days ran on into 2201.)
#[test]
fn a_plan_ends_by_the_last_date_the_app_accepts() {
    let mut p = plan(12.0, Shape::Linear, Length::Days(42));
    // 42 days of steps, the stop day and 14 follow-up days: 57 days.
    p.start_date = date(2200, 11, 5);
    let s = generate(&p, &[]).unwrap();
    assert_eq!(s.days.last().unwrap().date, date(2200, 12, 31));
    assert!(s.check_ins.iter().all(|c| c.date <= date(2200, 12, 31)));
    p.start_date = date(2200, 11, 6);
    let err = generate(&p, &[]).unwrap_err();
    assert_eq!(err.field, taper_planner::domain::plan::Field::StartDate);
    assert!(err.message.contains("until 2201-01-01"), "{err}");
    // A hold that would carry it past the end is refused too.
    p.start_date = date(2200, 11, 5);
    let hold = Revision {
        effective: date(2200, 11, 20),
        change: Change::Hold { days: 7 },
        reason: "r".into(),
        decided_by: "d".into(),
        meta: Default::default(),
    };
    assert!(generate(&p, &[hold]).is_err());
}

#[test]
fn check_ins_at_the_ends_of_the_calendar_never_panic() {
    for (start, stop) in [
        (
            NaiveDate::MAX - Days::new(10),
            NaiveDate::MAX - Days::new(2),
        ),
        (NaiveDate::MAX - Days::new(1), NaiveDate::MAX),
        (NaiveDate::MIN, NaiveDate::MIN + Days::new(20)),
    ] {
        for clinic in [WeekdaySet(0x7f), WeekdaySet(0b100), WeekdaySet(0)] {
            let reductions = [stop, NaiveDate::MAX];
            let check_ins = plan_check_ins(&CheckInInputs {
                start,
                stop,
                visit_days: 3,
                clinic_days: clinic,
                reductions: &reductions,
            });
            assert!(check_ins.windows(2).all(|w| w[0].date <= w[1].date));
        }
    }
}

fn arb_inputs() -> impl Strategy<Value = PlanInputs> {
    (
        1i64..=400, // start in increments
        prop_oneof![Just(100i64), Just(250), Just(500), Just(1000)],
        0usize..4,  // shape
        1u32..=400, // length days
        1u32..=300, // percent tenths (0.1%..30%)
        1u32..=21,  // step days
        1u8..=6,    // doses
        1u32..=60,  // visit days
        1u8..=127,  // clinic days
        (0u32..=30, 0u32..=14, prop::collection::vec(0i64..=3, 1..30)),
    )
        .prop_map(
            |(
                units,
                inc,
                shape,
                days,
                pct,
                step_days,
                doses,
                visit_days,
                clinic,
                (follow, jump, drops),
            )| {
                let increment = Amount::from_milli(inc);
                let start = Amount::from_milli(units * inc);
                let mut p = PlanInputs::new(
                    start,
                    Unit::G,
                    NaiveDate::from_ymd_opt(2026, 1, 1).unwrap() + Days::new(u64::from(days % 365)),
                );
                p.increment = increment;
                p.step_days = step_days;
                p.doses_per_day = doses;
                p.visit_days = visit_days;
                p.clinic_days = WeekdaySet(clinic);
                p.follow_up_days = follow;
                if jump > 0 && i64::from(jump) < units {
                    p.jump_off = Some(Amount::from_milli(i64::from(jump) * inc));
                }
                p.shape = Shape::ALL[shape];
                p.length = match p.shape {
                    Shape::Linear => Length::Days(days),
                    Shape::Proportional if days % 2 == 0 => {
                        Length::PercentPerStep(Percent(pct.max(20)))
                    }
                    Shape::Proportional => Length::Days(days),
                    _ => Length::FromShape,
                };
                if p.shape == Shape::Custom {
                    let mut level = units;
                    p.custom_steps = vec![start];
                    for d in drops {
                        level -= d;
                        if level <= 0 {
                            break;
                        }
                        p.custom_steps.push(Amount::from_milli(level * inc));
                    }
                }
                p
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn every_schedule_keeps_the_invariants(p in arb_inputs()) {
        let s = match generate(&p, &[]) {
            Ok(s) => s,
            // Only the five-year limit may refuse otherwise valid random inputs.
            Err(e) => { prop_assert!(e.message.contains("5 years"), "{}", e); return Ok(()); }
        };
        // One entry per calendar day, from the start through the stop date and follow-up.
        prop_assert_eq!(s.days[0].date, p.start_date);
        for (i, d) in s.days.iter().enumerate() {
            prop_assert_eq!(d.date, p.start_date + Days::new(i as u64));
            prop_assert_eq!(d.day as usize, i + 1);
        }
        prop_assert_eq!(s.days.last().unwrap().date, s.stop_date + Days::new(u64::from(p.follow_up_days)));
        // Positive until the stop date, zero from it.
        for d in &s.days {
            prop_assert_eq!(d.amount.is_zero(), d.date >= s.stop_date);
        }
        prop_assert_eq!(s.day_at(s.stop_date).unwrap().note, DayNote::Stop);
        // Linear and length-based proportional plans stop exactly after their length.
        if let Length::Days(len) = p.length {
            prop_assert_eq!(s.stop_date, p.start_date + Days::new(u64::from(len)));
        }
        prop_assert_eq!(s.days[0].amount, p.start_amount);
        for pair in s.days.windows(2) {
            // Never rises; every reduction at least one increment.
            prop_assert!(pair[1].amount <= pair[0].amount);
            if pair[1].amount < pair[0].amount {
                prop_assert!(pair[0].amount - pair[1].amount >= p.increment);
            }
        }
        for d in &s.days {
            prop_assert!(d.amount.is_multiple_of(p.increment));
            let doses = s.doses(d);
            prop_assert_eq!(doses.len(), usize::from(p.doses_per_day));
            prop_assert_eq!(doses.iter().copied().sum::<Amount>(), d.amount);
            prop_assert!(doses.iter().all(|x| x.is_multiple_of(p.increment)));
        }
        // Every reduction above the maximum cut is warned about, and no other.
        let mut expected = 0;
        for pair in s.steps.windows(2) {
            if !pair[1].amount.is_zero() && pair[1].amount < pair[0].amount {
                let cut = (pair[0].amount - pair[1].amount).milli() as f64 * 1000.0 / pair[0].amount.milli() as f64;
                if cut > f64::from(p.max_cut.0) + 1e-6 { expected += 1; }
            }
        }
        prop_assert_eq!(s.warnings.iter().filter(|w| w.rule == PaceRule::LargeReduction).count(), expected);
        // Visits fall on clinic days; self check-ins two days after each reduction.
        for c in &s.check_ins {
            if c.kind == CheckInKind::Visit { prop_assert!(p.clinic_days.contains(c.date.weekday())); }
        }
        for st in s.steps.iter().filter(|st| matches!(st.note, DayNote::Reduction | DayNote::Stop)) {
            let due = st.start + Days::new(2);
            prop_assert!(s.check_ins.iter().any(|c| c.date == due));
        }
        prop_assert!(s.check_ins.iter().any(|c| c.kind == CheckInKind::Visit && c.date > s.stop_date && c.date <= s.stop_date + Days::new(7)));
        // Every check-in is listed under exactly one step.
        let listed: usize = s.steps.iter().map(|st| s.check_ins_in(st).count()).sum();
        prop_assert_eq!(listed, s.check_ins.len());
    }

    #[test]
    fn visits_cover_the_plan_through_the_follow_up(p in arb_inputs()) {
        let Ok(s) = generate(&p, &[]) else { return Ok(()); };
        let visits: Vec<NaiveDate> = std::iter::once(s.start_date)
            .chain(s.check_ins.iter().filter(|c| c.kind == CheckInKind::Visit).map(|c| c.date))
            .collect();
        // The follow-up is the earliest clinic day after the stop, and the last visit.
        let follow_up = (1..=7u64)
            .map(|n| s.stop_date + Days::new(n))
            .find(|d| p.clinic_days.contains(d.weekday()))
            .unwrap();
        prop_assert_eq!(visits.last(), Some(&follow_up));
        for pair in visits.windows(2) {
            prop_assert!(pair[0] < pair[1]);
            let gap = (pair[1] - pair[0]).num_days();
            prop_assert!(gap <= i64::from(p.visit_days) + 6, "{} to {}: {} days", pair[0], pair[1], gap);
        }
    }

    #[test]
    fn the_stop_warns_exactly_when_it_is_above_ten_percent_of_the_start(p in arb_inputs()) {
        let Ok(s) = generate(&p, &[]) else { return Ok(()); };
        let last = s.days.iter().rfind(|d| d.date < s.stop_date).unwrap().amount;
        let warned = s.warnings.iter().any(|w| w.rule == PaceRule::AbruptStop);
        prop_assert_eq!(warned, last.milli() * 10 > p.start_amount.milli());
    }

    #[test]
    fn a_weekly_cdc_plan_for_short_use_never_warns_about_its_pace(
        p in arb_inputs(),
        step_days in 7u32..=21,
    ) {
        let mut p = p;
        p.shape = Shape::Cdc;
        p.length = Length::FromShape;
        p.custom_steps.clear();
        p.step_days = step_days;
        p.use_history = UseHistory::Short;
        let Ok(s) = generate(&p, &[]) else { return Ok(()); };
        let fast: Vec<_> = s.warnings.iter().filter(|w| w.rule == PaceRule::FastPace).collect();
        prop_assert!(fast.is_empty(), "{:?}", fast);
    }

    #[test]
    fn a_revision_never_changes_days_before_its_date(p in arb_inputs(), at in 0u64..200, kind in 0u8..3, n in 1u32..30) {
        let Ok(original) = generate(&p, &[]) else { return Ok(()); };
        let effective = p.start_date + Days::new(at);
        let change = match kind {
            0 => Change::Hold { days: n },
            1 => Change::SlowDown { step_days: n },
            _ => Change::SetAmount { amount: Amount::from_milli(p.increment.milli() * i64::from(n)) },
        };
        let rev = Revision { effective, change, reason: String::new(), decided_by: String::new(), meta: Default::default() };
        let Ok(revised) = generate(&p, &[rev]) else { return Ok(()); };
        for (a, b) in original.days.iter().zip(&revised.days).take_while(|(a, _)| a.date < effective && a.date < original.stop_date) {
            prop_assert_eq!(a.amount, b.amount);
        }
    }
}

#[test]
fn the_planned_amount_is_the_start_amount_before_the_plan_and_zero_after_it() {
    // A journal day before the plan was made is judged against the amount the plan
    // starts from; a day past the schedule's listed days against zero.
    let s = generate(&plan(12.0, Shape::Linear, Length::Days(42)), &[]).unwrap();
    assert_eq!(
        s.planned_on(date(2026, 11, 30)),
        grams(12.0),
        "the day before"
    );
    assert_eq!(s.planned_on(date(2026, 1, 1)), grams(12.0));
    assert_eq!(s.planned_on(date(2026, 12, 1)), grams(12.0), "the start");
    let last = s.days.last().unwrap().date;
    assert_eq!(s.planned_on(last), Amount::ZERO);
    assert_eq!(
        s.planned_on(last + Days::new(1)),
        Amount::ZERO,
        "past the listed days"
    );
    assert_eq!(s.planned_on(date(2030, 1, 1)), Amount::ZERO);
}

#[test]
fn a_plan_of_exactly_five_years_is_allowed() {
    let p = plan(12.0, Shape::Linear, Length::Days(MAX_LENGTH_DAYS));
    let s = generate(&p, &[]).unwrap();
    assert_eq!(s.taper_days(), MAX_LENGTH_DAYS);
}

#[test]
fn the_next_check_in_is_the_first_on_or_after_the_day() {
    let s = generate(&plan(12.0, Shape::Linear, Length::Days(42)), &[]).unwrap();
    assert_eq!(s.taper_days(), 42);
    let next = |d| s.next_check_in(d).map(|c| (c.date, c.kind));
    assert_eq!(
        next(date(2026, 12, 10)),
        Some((date(2026, 12, 10), CheckInKind::SelfCheck)),
        "on the day"
    );
    assert_eq!(
        next(date(2026, 12, 11)),
        Some((date(2026, 12, 15), CheckInKind::Visit))
    );
    let last = s.check_ins.last().unwrap().date;
    assert_eq!(next(last + Days::new(1)), None);
}

#[test]
fn doses_sum_exactly_to_the_daily_amount_with_the_remainder_first() {
    let doses = split_doses(grams(10.3), grams(0.5), 3);
    assert_eq!(doses, [grams(3.8), grams(3.5), grams(3.0)]);
}

#[test]
fn a_level_of_no_days_makes_no_step() {
    use taper_planner::domain::levels::{Level, normalize};
    let level = |amount: f64, days: u32| Level {
        amount: grams(amount),
        days,
        hold: false,
    };
    let levels = normalize(vec![level(12.0, 7), level(10.0, 0), level(8.0, 7)]);
    let kept: Vec<(Amount, u32)> = levels.iter().map(|l| (l.amount, l.days)).collect();
    assert_eq!(kept, [(grams(12.0), 7), (grams(8.0), 7)]);
}

#[test]
fn a_slowed_custom_plan_shows_no_hold_that_was_not_asked_for() {
    let mut p = plan(12.0, Shape::Custom, Length::FromShape);
    p.custom_steps = [12.0, 10.0, 8.0].map(grams).to_vec();
    let slow = Revision {
        effective: date(2026, 12, 4),
        change: Change::SlowDown { step_days: 14 },
        reason: "r".into(),
        decided_by: "d".into(),
        meta: Default::default(),
    };
    let s = generate(&p, &[slow]).unwrap();
    assert_eq!(amounts_by_step(&s), ["12", "10", "8", "0"]);
    assert!(
        s.steps.iter().all(|st| st.note != DayNote::Hold),
        "{:?}",
        s.steps
    );
}

#[test]
fn linear_steps_last_the_step_length_and_the_last_takes_the_rest() {
    let mut p = plan(12.0, Shape::Linear, Length::Days(11));
    p.step_days = 3;
    let s = generate(&p, &[]).unwrap();
    let days: Vec<u32> = s
        .steps
        .iter()
        .filter(|st| !st.amount.is_zero())
        .map(|st| st.days)
        .collect();
    assert_eq!(days, [3, 3, 5]);
    assert!(
        s.notes.is_empty(),
        "a plan that fits its steps needs no note: {:?}",
        s.notes
    );
}

#[test]
fn reductions_smaller_than_one_increment_lengthen_steps_and_say_so() {
    // 1 g to the 0.5 g jump-off over eight weekly steps: most cuts would be under the
    // 0.5 g increment the scale can measure.
    let mut p = plan(1.0, Shape::Proportional, Length::Days(56));
    p.increment = grams(0.5);
    let s = generate(&p, &[]).unwrap();
    assert_eq!(
        amounts_by_step(&s),
        ["1", "0.5", "0"],
        "no step repeats an amount"
    );
    let before_stop: u32 = s
        .steps
        .iter()
        .filter(|st| !st.amount.is_zero())
        .map(|st| st.days)
        .sum();
    assert_eq!(before_stop, 56, "the length is kept");
    assert!(s.steps[0].days > 7, "the steps were lengthened instead");
    assert!(
        s.notes
            .iter()
            .any(|n| n.contains("would have been smaller than one increment (0.5 g)")),
        "and the schedule says so: {:?}",
        s.notes
    );
}

#[test]
fn a_cut_that_rounds_to_the_jump_off_ends_the_percent_plan_there_once() {
    // 10 g, halved each week on a 1 g scale: 10, 5, 2.5 → 3, 1.25 → 1 g, the jump-off.
    // The next cut would go below it, so the plan stops after the 1 g week: the jump-off
    // is not added a second time (a second week at 1 g, and a note about rounding).
    let mut p = plan(
        10.0,
        Shape::Proportional,
        Length::PercentPerStep(Percent(500)),
    );
    p.increment = grams(1.0);
    let s = generate(&p, &[]).unwrap();
    assert_eq!(amounts_by_step(&s), ["10", "5", "3", "1", "0"]);
    assert!(s.steps[..4].iter().all(|st| st.days == 7), "{:?}", s.steps);
    assert_eq!(s.stop_date, date(2026, 12, 1) + Days::new(28));
    assert!(
        s.notes
            .iter()
            .all(|n| !n.contains("smaller than one increment")),
        "{:?}",
        s.notes
    );
}
