//! `evaluate`: the order of its alerts, and a property test on random journals.

use chrono::NaiveDate;
use proptest::prelude::*;
use taper_planner::domain::instrument::{self, InstrumentScore, ItemAnswer, KRATOM_DAILY_ID};
use taper_planner::domain::journal::{DayEntry, DoseTaken, RedFlag, Substance};
use taper_planner::domain::patient::PatientRecord;
use taper_planner::domain::revision::{Change, Revision};
use taper_planner::domain::rules::{
    Audience, RuleId, Severity, acknowledge_all, evaluate, evaluate_after_day_edit,
};

use crate::{dec, grams, log, product, record, schedule, taken, visit};

#[test]
fn evaluate_sorts_by_severity_then_newest_first() {
    let mut r = record();
    log(
        &mut r,
        [
            product(dec(2), "A", None),
            DayEntry {
                red_flags: vec![RedFlag::Fever],
                ..product(dec(9), "B", None)
            },
            DayEntry {
                red_flags: vec![RedFlag::Itching],
                substances: vec![Substance::Alcohol],
                ..taken(dec(11), 11_000)
            },
            taken(dec(12), 11_000),
            DayEntry {
                red_flags: vec![RedFlag::Seizure],
                ..taken(dec(13), 11_000)
            },
        ],
    );
    let all = evaluate(&r, &schedule(&r), dec(16));
    let got: Vec<(RuleId, NaiveDate)> = all.iter().map(|a| (a.rule, a.date)).collect();
    assert_eq!(
        got,
        [
            (RuleId::RedFlag, dec(13)),
            (RuleId::RedFlag, dec(11)),
            (RuleId::RedFlag, dec(9)),
            (RuleId::OverdueCheckIn, dec(15)),
            (RuleId::AbovePlan, dec(13)),
            (RuleId::SedativeCoUse, dec(11)),
            (RuleId::ProductChange, dec(9)),
        ]
    );
    // Three days on, the seizure is past: what to do if it comes back, not "call now".
    let says = all[0].patient_instruction.as_deref().unwrap();
    assert!(
        says.starts_with("You logged this for 2026-12-13, 3 days ago."),
        "{says}"
    );
    assert!(says.contains("call emergency services"), "{says}");
}

// ---------------------------------------------------------------- properties

#[derive(Debug, Clone)]
struct RandomDay {
    offset: i64,
    dose: Option<i64>,
    flags: u16,
    substances: u8,
    product: Option<u8>,
    lot: Option<u8>,
    rating: Option<Vec<u8>>,
    hold: bool,
}

fn random_day() -> impl Strategy<Value = RandomDay> {
    (
        -5i64..75,
        proptest::option::of(0i64..25_000),
        any::<u16>().prop_map(|b| b & b.rotate_left(3) & b.rotate_left(7)), // mostly empty
        any::<u8>().prop_map(|b| b & b.rotate_left(2)),
        proptest::option::of(0u8..3),
        proptest::option::of(0u8..3),
        proptest::option::of(proptest::collection::vec(0u8..6, 0..10)),
        proptest::bool::weighted(0.1),
    )
        .prop_map(
            |(offset, dose, flags, substances, product, lot, rating, hold)| RandomDay {
                offset,
                dose,
                flags,
                substances,
                product,
                lot,
                rating,
                hold,
            },
        )
}

fn build(days: &[RandomDay], visits: &[i64], hold_at: Option<i64>) -> PatientRecord {
    let mut r = record();
    let at = |offset: i64| dec(1) + chrono::TimeDelta::days(offset);
    let items = &instrument::builtin_by_id(KRATOM_DAILY_ID).unwrap().items;
    for d in days {
        let mut e = DayEntry::new(at(d.offset));
        e.doses = d
            .dose
            .map(|m| DoseTaken {
                time: None,
                amount: grams(m),
            })
            .into_iter()
            .collect();
        e.red_flags = RedFlag::ALL
            .into_iter()
            .enumerate()
            .filter(|(i, _)| d.flags & (1 << i) != 0)
            .map(|(_, f)| f)
            .collect();
        e.substances = Substance::ALL
            .into_iter()
            .enumerate()
            .filter(|(i, _)| d.substances & (1 << i) != 0)
            .map(|(_, s)| s)
            .collect();
        e.product = d
            .product
            .map(|p| ["A", "B", " a "][usize::from(p)].to_string());
        e.lot = d.lot.map(|l| ["L1", "L2", ""][usize::from(l)].to_string());
        e.scores = d
            .rating
            .iter()
            .map(|scores| InstrumentScore {
                instrument: KRATOM_DAILY_ID.to_string(),
                answers: scores
                    .iter()
                    .zip(items)
                    .map(|(s, item)| ItemAnswer {
                        item: item.id.clone(),
                        score: *s,
                    })
                    .collect(),
            })
            .collect();
        e.hold_requested = d.hold;
        r.journal.upsert(e);
    }
    r.visits = visits.iter().map(|&o| visit(at(o))).collect();
    if let Some(h) = hold_at {
        r.revise(
            Revision {
                effective: at(h),
                change: Change::Hold { days: 7 },
                reason: "test".into(),
                decided_by: "Dr A".into(),
                meta: Default::default(),
            },
            dec(1).and_hms_opt(9, 0, 0).unwrap(),
        )
        .unwrap();
    }
    r
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn evaluate_never_panics_and_every_alert_is_grounded(
        days in proptest::collection::vec(random_day(), 0..40),
        visits in proptest::collection::vec(0i64..70, 0..3),
        hold_at in proptest::option::of(0i64..42),
        today in -5i64..90,
    ) {
        let r = build(&days, &visits, hold_at);
        let s = schedule(&r);
        let today = dec(1) + chrono::TimeDelta::days(today);
        let alerts = evaluate(&r, &s, today);
        for a in &alerts {
            prop_assert!(!a.basis.is_empty(), "{a:?}");
            prop_assert!(!a.title.is_empty() && !a.message.is_empty());
            prop_assert!(a.date <= today);
            if a.rule == RuleId::OverdueCheckIn {
                prop_assert!(a.triggered_by.is_empty());
            } else {
                prop_assert!(!a.triggered_by.is_empty());
            }
            for d in &a.triggered_by {
                prop_assert!(r.journal.get(*d).is_some(), "{d} not in the journal: {a:?}");
                prop_assert!(*d <= today);
            }
            prop_assert!(a.triggered_by.windows(2).all(|p| p[0] < p[1]));
            if a.patient_instruction.is_some() {
                prop_assert!(a.audience.includes_patient());
            }
            if a.severity == Severity::Urgent {
                prop_assert!(matches!(a.rule, RuleId::RedFlag | RuleId::WithdrawalAfterCut | RuleId::WithdrawalCheckIn), "{a:?}");
            }
            if let Some(sugg) = a.suggestion {
                prop_assert!(matches!(a.rule, RuleId::WithdrawalAfterCut | RuleId::HoldRequest));
                prop_assert_eq!(a.audience, Audience::Clinician);
                prop_assert!(sugg.effective() >= today && sugg.effective() < s.stop_date);
            }
        }
        prop_assert!(alerts.windows(2).all(|p| (p[0].severity, std::cmp::Reverse(p[0].date))
            <= (p[1].severity, std::cmp::Reverse(p[1].date))));
        // Each rule alone gives exactly what evaluate gives for it.
        for rule in RuleId::ALL {
            let alone = rule.run(&r, &s, today);
            prop_assert_eq!(alone.len(), alerts.iter().filter(|a| a.rule == rule).count());
        }
        // Red flags and hold requests never go quiet by themselves: one alert per such
        // day up to today, however old, until a visit acknowledges it.
        for (rule, asked) in [
            (RuleId::RedFlag, r.journal.entries().iter().filter(|e| !e.red_flags.is_empty() && e.date <= today).count()),
            (RuleId::HoldRequest, r.journal.entries().iter().filter(|e| e.hold_requested && e.date <= today).count()),
        ] {
            prop_assert_eq!(alerts.iter().filter(|a| a.rule == rule).count(), asked);
        }
        // A visit that acknowledges every alert shown to the clinician ends them all,
        // and nothing else.
        let mut seen = r.clone();
        let mut v = crate::visit(today);
        v.acknowledged = acknowledge_all(&alerts, &r);
        seen.visits.push(v);
        let after = evaluate(&seen, &s, today);
        for a in &after {
            prop_assert!(
                !alerts.iter().any(|b| b.rule == a.rule && b.date == a.date && b.audience.includes_clinician()),
                "{a:?} was acknowledged"
            );
        }
        prop_assert!(after.iter().all(|a| !a.audience.includes_clinician() || a.rule == RuleId::OverdueCheckIn));
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// The incremental evaluation after one day's edit gives what a full evaluation of
    /// the edited record gives, whether the day is new or changed, gains or loses red
    /// flags, and whether a visit saw the alerts before the edit.
    #[test]
    fn evaluating_after_a_day_edit_matches_evaluating_the_whole_record(
        days in proptest::collection::vec(random_day(), 0..30),
        edit in random_day(),
        seen_before in any::<bool>(),
        hold_at in proptest::option::of(0i64..42),
        today in -5i64..90,
    ) {
        let mut r = build(&days, &[], hold_at);
        let s = schedule(&r);
        let today = dec(1) + chrono::TimeDelta::days(today);
        if seen_before {
            let mut v = crate::visit(today);
            v.acknowledged = acknowledge_all(&evaluate(&r, &s, today), &r);
            r.visits.push(v);
        }
        let before = evaluate(&r, &s, today);
        let edited = build(std::slice::from_ref(&edit), &[], None);
        let entry = edited.journal.entries()[0].clone();
        let day = entry.date;
        r.journal.upsert(entry);
        let incremental = evaluate_after_day_edit(&r, &s, today, before, day);
        prop_assert_eq!(incremental, evaluate(&r, &s, today));
    }
}
