//! The above-plan rule.

use taper_planner::domain::basis::{FDA_LABELING_2019, KRATOM_COMMUNITY};
use taper_planner::domain::journal::DayEntry;
use taper_planner::domain::rules::{self, Audience, RuleId, Severity};

use crate::{dec, jan, log, only, record, run, schedule, taken};

#[test]
fn above_plan_on_three_of_seven_days_lists_each_day() {
    let mut r = record();
    log(
        &mut r,
        [
            taken(dec(8), 11_000),
            taken(dec(9), 10_000), // as planned
            taken(dec(10), 12_500),
            taken(dec(12), 10_100),
        ],
    );
    let a = only(rules::above_plan(&r, &schedule(&r), dec(14)));
    assert_eq!(a.rule.name(), "above-plan");
    assert_eq!(
        (a.severity, a.audience),
        (Severity::Warning, Audience::Clinician)
    );
    assert_eq!(a.triggered_by, [dec(8), dec(10), dec(12)]);
    assert_eq!(a.basis, [KRATOM_COMMUNITY]);
    for part in [
        "3 of the last 7 days",
        "2026-12-08: 11 g taken, 10 g planned",
        "2026-12-10: 12.5 g taken, 10 g planned",
        "2026-12-12: 10.1 g taken, 10 g planned",
    ] {
        assert!(a.message.contains(part), "{part}: {}", a.message);
    }
}

#[test]
fn above_plan_stays_quiet_at_two_days_and_outside_the_window() {
    let mut r = record();
    log(&mut r, [taken(dec(10), 11_000), taken(dec(12), 11_000)]);
    assert!(run(RuleId::AbovePlan, &r, dec(14)).is_empty(), "2 of 7");
    log(&mut r, [DayEntry::new(dec(13))]); // no doses: says nothing
    assert!(run(RuleId::AbovePlan, &r, dec(14)).is_empty());
    log(&mut r, [taken(dec(7), 13_000)]); // 7 days before 12-14
    assert!(
        run(RuleId::AbovePlan, &r, dec(14)).is_empty(),
        "outside the window"
    );
    assert_eq!(
        run(RuleId::AbovePlan, &r, dec(13)).len(),
        1,
        "6 days back counts"
    );
    log(&mut r, [taken(dec(6), 13_000)]);
    assert!(
        run(RuleId::AbovePlan, &r, dec(15)).is_empty(),
        "8 and 9 days back"
    );
}

#[test]
fn one_day_at_half_again_the_plan_alerts_on_its_own() {
    let mut r = record();
    // 12-08 to 12-14 is planned at 10 g: 14.9 g is 149%, 15 g is 150%.
    log(&mut r, [taken(dec(9), 14_900)]);
    assert!(run(RuleId::FarAbovePlan, &r, dec(10)).is_empty(), "149%");
    log(&mut r, [taken(dec(10), 15_000)]);
    let a = only(run(RuleId::FarAbovePlan, &r, dec(10)));
    assert_eq!(a.rule.name(), "far-above-plan");
    assert_eq!(
        (a.severity, a.audience),
        (Severity::Warning, Audience::Clinician)
    );
    assert_eq!(a.triggered_by, [dec(10)]);
    assert_eq!(a.basis, [KRATOM_COMMUNITY, FDA_LABELING_2019]);
    for part in [
        "2026-12-10: 15 g taken, 10 g planned (150% of the plan)",
        "150% of the plan or more (the app's own threshold)",
        "more than a return to the amount before the last cut",
    ] {
        assert!(a.message.contains(part), "{part}: {}", a.message);
    }
    // Two days over are not three of seven, so above-plan stays quiet.
    assert!(run(RuleId::AbovePlan, &r, dec(10)).is_empty());
    // It looks back seven days, today included.
    assert_eq!(run(RuleId::FarAbovePlan, &r, dec(16)).len(), 1);
    assert!(run(RuleId::FarAbovePlan, &r, dec(17)).is_empty());
}

#[test]
fn any_amount_after_the_stop_is_far_above_plan() {
    let mut r = record();
    log(&mut r, [taken(jan(14), 500)]);
    let a = only(run(RuleId::FarAbovePlan, &r, jan(14)));
    assert!(
        a.message
            .contains("0.5 g taken, 0 g planned (the plan was zero)"),
        "{}",
        a.message
    );
    log(&mut r, [DayEntry::new(jan(15))]);
    assert_eq!(run(RuleId::FarAbovePlan, &r, jan(15)).len(), 1);
}
