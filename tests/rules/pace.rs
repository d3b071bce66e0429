//! The plan warnings (pace over time by use history, single cuts, the stop, the gaps
//! between visits, plausibility), each at the edges of its threshold.

use taper_planner::domain::amount::{Amount, Unit};
use taper_planner::domain::basis;
use taper_planner::domain::pace::{PaceRule, Warning};
use taper_planner::domain::plan::{Length, PlanInputs, Shape, UseHistory, WeekdaySet};
use taper_planner::domain::schedule::generate;

use crate::{dec, grams};

/// A custom plan of these step amounts (in grams), `step_days` each, from 12-01.
fn custom(steps: &[f64], step_days: u32, history: UseHistory) -> PlanInputs {
    let amounts: Vec<Amount> = steps
        .iter()
        .map(|g| Amount::from_milli((g * 1000.0).round() as i64))
        .collect();
    let mut p = PlanInputs::new(amounts[0], Unit::G, dec(1));
    p.shape = Shape::Custom;
    p.length = Length::FromShape;
    p.custom_steps = amounts;
    p.step_days = step_days;
    p.use_history = history;
    p
}

fn warnings(p: &PlanInputs) -> Vec<Warning> {
    generate(p, &[]).unwrap().warnings
}

fn of(rule: PaceRule, p: &PlanInputs) -> Vec<Warning> {
    warnings(p).into_iter().filter(|w| w.rule == rule).collect()
}

fn fast(p: &PlanInputs) -> Option<Warning> {
    let mut found = of(PaceRule::FastPace, p);
    assert!(
        found.len() <= 1,
        "one fast-pace warning at most: {found:#?}"
    );
    found.pop()
}

#[test]
fn rule_names_are_stable() {
    let names: Vec<&str> = PaceRule::ALL.iter().map(|r| r.name()).collect();
    assert_eq!(
        names,
        [
            "plausibility",
            "large-reduction",
            "fast-pace",
            "abrupt-stop",
            "high-final-amount",
            "sparse-visits"
        ]
    );
}

#[test]
fn unknown_history_allows_25_percent_in_any_14_days_and_no_more() {
    let u = UseHistory::Unknown;
    // 12 → 9 over two weekly cuts: exactly 25% in 14 days.
    assert!(fast(&custom(&[12.0, 10.5, 9.0], 7, u)).is_none());
    // 12 → 8.9: 25.8%.
    let w = fast(&custom(&[12.0, 10.5, 8.9], 7, u)).unwrap();
    assert_eq!(w.basis, [basis::ASAM_2025, basis::FDA_LABELING_2019]);
    for part in [
        "from 2026-12-01 to 2026-12-15",
        "from 12 g to 8.9 g, 25.8% of the amount in 14 days",
        "ASAM 2025",
        "use history is not known",
        "at most 3 g in 14 days from 12 g",
    ] {
        assert!(w.message.contains(part), "{part}: {}", w.message);
    }
    assert_eq!(w.date, Some(dec(15)));
}

#[test]
fn the_window_is_fourteen_days_wide() {
    let u = UseHistory::Unknown;
    // Cuts of 16.7% and 20% a week: 33.3% in 14 days with 7-day steps ...
    assert!(fast(&custom(&[12.0, 10.0, 8.0], 7, u)).is_some());
    // ... but with 14-day steps each window holds one cut (16.7%, then 20%).
    assert!(fast(&custom(&[12.0, 10.0, 8.0], 14, u)).is_none());
    // 25% every day passes every single-cut check but not the window.
    let daily = custom(&[25.6, 19.2, 14.4, 10.8, 8.1], 1, u);
    assert!(of(PaceRule::LargeReduction, &daily).is_empty());
    let w = fast(&daily).unwrap();
    assert!(w.message.contains("in 4 days"), "{}", w.message);
}

#[test]
fn short_use_follows_cdc_weekly_pace_with_one_increment_for_rounding() {
    let s = UseHistory::Short;
    // Phase one: 10% of the original (1 g of 10 g) a week, plus 0.1 g for rounding.
    assert!(fast(&custom(&[10.0, 8.9, 7.8], 7, s)).is_none());
    let w = fast(&custom(&[10.0, 8.8, 7.8], 7, s)).unwrap();
    assert_eq!(w.basis, [basis::CDC_2022_PACE]);
    assert!(
        w.message
            .contains("CDC 2022's pace after weeks to months of use"),
        "{}",
        w.message
    );
    assert!(w.message.contains("at most 1.1 g in 7 days from 10 g"));
    // Phase two (at 30% of the original or below): 10% of the remaining amount.
    let phase_one = [10.0, 9.0, 8.0, 7.0, 6.0, 5.0, 4.0, 3.0];
    let ending = |last: f64| {
        let mut steps = phase_one.to_vec();
        steps.push(last);
        custom(&steps, 7, s)
    };
    assert!(fast(&ending(2.6)).is_none(), "0.4 g = 10% of 3 g + 0.1 g");
    let w = fast(&ending(2.5)).unwrap();
    assert!(w.message.contains("from 3 g to 2.5 g"), "{}", w.message);
    assert!(w.message.contains("at most 0.4 g in 7 days from 3 g"));
}

#[test]
fn a_plain_cdc_plan_with_short_use_raises_no_pace_warning() {
    for (start, unit) in [(12_000, Unit::G), (800_000, Unit::Mg), (8_000, Unit::G)] {
        let mut p = PlanInputs::new(Amount::from_milli(start), unit, dec(1));
        p.shape = Shape::Cdc;
        p.length = Length::FromShape;
        p.use_history = UseHistory::Short;
        assert_eq!(warnings(&p), [], "{start} {unit}");
        // The same plan judged without a known history is faster than 25% in 14 days.
        p.use_history = UseHistory::Unknown;
        assert!(fast(&p).is_some(), "{start} {unit}");
    }
}

#[test]
fn long_use_allows_about_ten_percent_of_the_current_amount_a_month() {
    let l = UseHistory::Long;
    // 28-day steps: 12 → 10.7 is 1.3 g = 10% + one increment; 10.6 is over.
    assert!(fast(&custom(&[12.0, 10.7, 9.6], 28, l)).is_none());
    let w = fast(&custom(&[12.0, 10.6, 9.6], 28, l)).unwrap();
    assert_eq!(w.basis, [basis::CDC_2022_PACE, basis::VA_DOD_2017]);
    assert!(
        w.message
            .contains("CDC 2022's pace after a year or more of use"),
        "{}",
        w.message
    );
    assert!(w.message.contains("in 28 days"), "{}", w.message);
    // A weekly CDC plan is far too fast after long use.
    let mut cdc = PlanInputs::new(grams(12_000), Unit::G, dec(1));
    cdc.shape = Shape::Cdc;
    cdc.length = Length::FromShape;
    cdc.use_history = l;
    assert!(fast(&cdc).is_some());
}

#[test]
fn the_stop_from_more_than_ten_percent_of_the_start_warns() {
    let u = UseHistory::Unknown;
    // 1.2 g is exactly 10% of 12 g: no warning; 1.3 g is above.
    assert!(
        of(
            PaceRule::AbruptStop,
            &custom(&[12.0, 9.0, 7.0, 5.0, 3.0, 1.2], 14, u)
        )
        .is_empty()
    );
    let w = of(
        PaceRule::AbruptStop,
        &custom(&[12.0, 9.0, 7.0, 5.0, 3.0, 1.3], 14, u),
    );
    assert_eq!(w.len(), 1);
    let w = &w[0];
    assert_eq!(w.date, Some(dec(1) + chrono::Days::new(6 * 14)));
    for part in [
        "from 1.3 g a day",
        "10.8% of the starting amount of 12 g",
        "the app's own convention",
    ] {
        assert!(w.message.contains(part), "{part}: {}", w.message);
    }
    assert_eq!(w.basis, [basis::CDC_2022_PACE, basis::HOROWITZ_TAYLOR_2019]);
    // A custom plan that holds for weeks and then falls to zero.
    let held = custom(&[12.0, 12.0, 12.0, 12.0, 0.0], 7, u);
    assert_eq!(of(PaceRule::AbruptStop, &held).len(), 1);
}

#[test]
fn the_stop_is_checked_whatever_jump_off_was_typed() {
    for shape in [Shape::Proportional, Shape::Cdc] {
        let mut p = PlanInputs::new(grams(12_000), Unit::G, dec(1));
        p.shape = shape;
        p.length = if shape == Shape::Cdc {
            Length::FromShape
        } else {
            Length::Days(42)
        };
        p.jump_off = Some(grams(11_900));
        let w = of(PaceRule::AbruptStop, &p);
        assert_eq!(w.len(), 1, "{shape}");
        assert!(
            w[0].message.contains("from 11.9 g a day"),
            "{}",
            w[0].message
        );
        assert!(
            of(PaceRule::HighFinalAmount, &p).is_empty(),
            "one warning for the stop"
        );
    }
}

#[test]
fn a_last_amount_above_the_jump_off_but_within_ten_percent_is_its_own_warning() {
    let mut p = custom(
        &[12.0, 10.0, 8.0, 6.0, 4.0, 2.0, 1.0],
        14,
        UseHistory::Unknown,
    );
    p.jump_off = Some(grams(500));
    let w = of(PaceRule::HighFinalAmount, &p);
    assert_eq!(w.len(), 1);
    assert!(
        w[0].message
            .contains("is 1 g, above the jump-off amount of 0.5 g")
    );
    assert!(of(PaceRule::AbruptStop, &p).is_empty());
    p.jump_off = Some(grams(1_000));
    assert!(of(PaceRule::HighFinalAmount, &p).is_empty());
}

#[test]
fn visits_more_than_28_days_apart_warn() {
    let every_day = WeekdaySet(0x7f);
    let mut p = custom(&[12.0, 11.0, 10.0, 9.0, 1.0], 28, UseHistory::Long);
    p.clinic_days = every_day;
    p.visit_days = 28;
    assert!(of(PaceRule::SparseVisits, &p).is_empty(), "28 days apart");
    p.visit_days = 29;
    let w = of(PaceRule::SparseVisits, &p);
    assert_eq!(w.len(), 1);
    assert!(
        w[0].message
            .contains("29 days pass between the start of the plan on 2026-12-01"),
        "{}",
        w[0].message
    );
    assert_eq!(w[0].basis, [basis::CDC_2022_PACE]);
}

#[test]
fn a_starting_amount_far_from_what_users_report_is_checked() {
    let start = |milli: i64, unit: Unit| {
        let mut p = PlanInputs::new(Amount::from_milli(milli), unit, dec(1));
        p.increment = Amount::from_milli(if unit == Unit::Mg { 1_000 } else { 10 });
        p.length = Length::Days(42);
        p.max_cut = taper_planner::domain::plan::Percent(1000);
        of(PaceRule::Plausibility, &p)
    };
    assert!(start(50_000, Unit::G).is_empty(), "50 g is the threshold");
    let w = start(50_010, Unit::G);
    assert_eq!(w.len(), 1);
    assert!(
        w[0].message.contains("above 50 g a day"),
        "{}",
        w[0].message
    );
    assert!(w[0].message.contains("check the amount and unit"));
    assert!(
        w[0].message
            .contains("this app's own reading of those surveys")
    );
    assert_eq!(
        w[0].basis,
        [
            basis::GARCIA_ROMEU_2020,
            basis::SMITH_2024,
            basis::WEISS_DOUGLAS_2021
        ]
    );
    assert_eq!(
        start(12_000_000, Unit::G).len(),
        1,
        "12 kg typed as 12000 g"
    );
    assert!(start(100, Unit::G).is_empty(), "0.1 g");
    assert!(start(90, Unit::G)[0].message.contains("below 0.1 g a day"));
    assert!(start(50_000_000, Unit::Mg).is_empty());
    assert!(
        start(51_000_000, Unit::Mg)[0]
            .message
            .contains("above 50000 mg")
    );
    assert!(
        start(12_000_000, Unit::Ml).is_empty(),
        "no threshold for liquids"
    );
}

#[test]
fn single_cuts_above_the_maximum_show_rounded_percentages() {
    let p = custom(&[12.0, 10.0, 1.0], 14, UseHistory::Unknown);
    let w = of(PaceRule::LargeReduction, &p);
    assert_eq!(w.len(), 1, "16.7% passes, 90% does not");
    assert!(
        w[0].message.contains("10 g to 1 g cuts 90%"),
        "{}",
        w[0].message
    );
    let mut q = custom(&[12.0, 10.0, 8.0], 14, UseHistory::Unknown);
    q.max_cut = taper_planner::domain::plan::Percent(160);
    let w = of(PaceRule::LargeReduction, &q);
    assert!(
        w[0].message.contains("12 g to 10 g cuts 16.7%"),
        "{}",
        w[0].message
    );
    assert!(w[0].message.contains("the 16% maximum"), "{}", w[0].message);
}

#[test]
fn every_warning_names_a_source() {
    let mut p = PlanInputs::new(grams(60_000), Unit::G, dec(1));
    p.length = Length::Days(42);
    p.visit_days = 40;
    let all = warnings(&p);
    let rules: Vec<PaceRule> = all.iter().map(|w| w.rule).collect();
    for rule in [
        PaceRule::Plausibility,
        PaceRule::LargeReduction,
        PaceRule::FastPace,
        PaceRule::AbruptStop,
        PaceRule::SparseVisits,
    ] {
        assert!(rules.contains(&rule), "{rule:?} in {rules:?}");
    }
    for w in &all {
        assert!(!w.basis.is_empty());
        assert!(w.summary().starts_with(w.rule.name()));
    }
}
