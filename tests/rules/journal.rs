//! Logging a day again adds to its entry and never erases what was logged
//! (`DayEntry::merged_with`, which the rules then read): examples and properties.

use proptest::prelude::*;
use taper_planner::domain::instrument::{InstrumentScore, ItemAnswer, KRATOM_DAILY_ID};
use taper_planner::domain::journal::{DayEntry, DoseTaken, RedFlag, Substance};

use crate::{dec, grams, taken};

fn answers(pairs: &[(&str, u8)]) -> InstrumentScore {
    InstrumentScore {
        instrument: KRATOM_DAILY_ID.to_string(),
        answers: pairs
            .iter()
            .map(|(item, score)| ItemAnswer {
                item: item.to_string(),
                score: *score,
            })
            .collect(),
    }
}

#[test]
fn a_second_log_with_doses_keeps_the_seizure_logged_first() {
    let first = DayEntry {
        red_flags: vec![RedFlag::Seizure],
        note: "fit in the morning".into(),
        ..DayEntry::new(dec(9))
    };
    let merged = first.merged_with(&taken(dec(9), 4_000));
    assert_eq!(merged.red_flags, [RedFlag::Seizure]);
    assert_eq!(merged.total_taken(), grams(4_000));
    assert_eq!(merged.note, "fit in the morning");
    assert!(first.red_flags_removed_by(&merged).is_empty());
    assert_eq!(
        first.red_flags_removed_by(&taken(dec(9), 4_000)),
        [RedFlag::Seizure],
        "replacing would remove it"
    );
}

#[test]
fn ratings_given_replace_only_their_items_and_other_fields_are_kept() {
    let first = DayEntry {
        scores: vec![answers(&[("muscle-aches", 2), ("diarrhoea", 1)])],
        cravings: Some(6),
        sleep_tenths: Some(60),
        product: Some("Red Bali".into()),
        lot: Some("L1".into()),
        substances: vec![Substance::Alcohol],
        note: "first".into(),
        logged_on: Some(dec(9)),
        ..taken(dec(9), 4_000)
    };
    let second = DayEntry {
        scores: vec![answers(&[("diarrhoea", 3), ("restlessness", 2)])],
        pain: Some(4),
        substances: vec![Substance::Alcohol, Substance::Other],
        red_flags: vec![RedFlag::DarkUrine],
        note: "second".into(),
        logged_on: Some(dec(10)),
        hold_requested: true,
        ..taken(dec(9), 2_000)
    };
    let merged = first.merged_with(&second);
    let scores: Vec<(&str, u8)> = merged.scores[0]
        .answers
        .iter()
        .map(|a| (a.item.as_str(), a.score))
        .collect();
    assert_eq!(
        scores,
        [("muscle-aches", 2), ("diarrhoea", 3), ("restlessness", 2)]
    );
    assert_eq!(merged.total_taken(), grams(6_000));
    assert_eq!((merged.cravings, merged.pain), (Some(6), Some(4)));
    assert_eq!(merged.sleep_tenths, Some(60));
    assert_eq!(merged.product.as_deref(), Some("Red Bali"));
    assert_eq!(merged.lot.as_deref(), Some("L1"));
    assert_eq!(merged.substances, [Substance::Alcohol, Substance::Other]);
    assert_eq!(merged.red_flags, [RedFlag::DarkUrine]);
    assert_eq!(merged.note, "first\nsecond");
    assert_eq!(merged.logged_on, Some(dec(10)), "partly written late");
    assert!(merged.hold_requested);
    // The same note again is not written twice.
    assert_eq!(merged.merged_with(&second).note, "first\nsecond");
}

fn arb_entry() -> impl Strategy<Value = DayEntry> {
    let items = ["muscle-aches", "diarrhoea", "restlessness", "irritability"];
    (
        prop::collection::vec(1i64..5_000, 0..3),
        prop::collection::vec((0usize..4, 0u8..5), 0..4),
        (
            proptest::option::of(0u8..=10),
            proptest::option::of(0u8..=10),
            proptest::option::of(0u16..=240),
        ),
        prop::collection::vec(0usize..RedFlag::ALL.len(), 0..3),
        prop::collection::vec(0usize..Substance::ALL.len(), 0..3),
        (
            proptest::option::of("[a-c]{1,3}"),
            "[a-c ]{0,4}",
            any::<bool>(),
        ),
    )
        .prop_map(
            move |(doses, rated, (cravings, pain, sleep), flags, subs, (product, note, hold))| {
                let mut e = DayEntry::new(dec(9));
                e.doses = doses
                    .into_iter()
                    .map(|m| DoseTaken {
                        time: None,
                        amount: grams(m),
                    })
                    .collect();
                let mut pairs: Vec<(&str, u8)> = Vec::new();
                for (i, score) in rated {
                    if !pairs.iter().any(|(item, _)| *item == items[i]) {
                        pairs.push((items[i], score));
                    }
                }
                if !pairs.is_empty() {
                    e.scores = vec![answers(&pairs)];
                }
                e.cravings = cravings;
                e.pain = pain;
                e.sleep_tenths = sleep;
                e.red_flags = flags.into_iter().map(|i| RedFlag::ALL[i]).collect();
                e.red_flags.dedup();
                e.substances = subs.into_iter().map(|i| Substance::ALL[i]).collect();
                e.substances.dedup();
                e.product = product;
                e.note = note;
                e.hold_requested = hold;
                e
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Nothing logged is erased by logging again: every dose, red flag and substance
    /// of either stays; every rating given the second time wins, every other stays;
    /// fields not given keep their value; a hold request stays asked for.
    #[test]
    fn logging_again_never_erases(first in arb_entry(), second in arb_entry()) {
        let merged = first.merged_with(&second);
        prop_assert_eq!(merged.doses.len(), first.doses.len() + second.doses.len());
        prop_assert_eq!(merged.total_taken(), first.total_taken() + second.total_taken());
        for flag in first.red_flags.iter().chain(&second.red_flags) {
            prop_assert!(merged.red_flags.contains(flag));
        }
        prop_assert!(first.red_flags_removed_by(&merged).is_empty());
        for s in first.substances.iter().chain(&second.substances) {
            prop_assert!(merged.substances.contains(s));
        }
        let score_of = |e: &DayEntry, item: &str| {
            e.scores.first().and_then(|s| s.answers.iter().find(|a| a.item == item)).map(|a| a.score)
        };
        for item in ["muscle-aches", "diarrhoea", "restlessness", "irritability"] {
            let expected = score_of(&second, item).or(score_of(&first, item));
            prop_assert_eq!(score_of(&merged, item), expected, "{}", item);
        }
        prop_assert_eq!(merged.cravings, second.cravings.or(first.cravings));
        prop_assert_eq!(merged.pain, second.pain.or(first.pain));
        prop_assert_eq!(merged.sleep_tenths, second.sleep_tenths.or(first.sleep_tenths));
        prop_assert_eq!(merged.product.clone(), second.product.clone().or(first.product.clone()));
        prop_assert!(merged.note.contains(first.note.as_str()));
        prop_assert!(merged.note.contains(second.note.trim()));
        prop_assert_eq!(merged.hold_requested, first.hold_requested || second.hold_requested);
        prop_assert_eq!(merged.validate(), Ok(()));
        // Logging nothing changes nothing.
        prop_assert_eq!(first.merged_with(&DayEntry::new(first.date)), first.clone());
    }
}
