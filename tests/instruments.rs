//! The shipped instruments are faithful to clinical-basis.md, score only what the
//! published scales allow, and band totals at the published edges; broken instrument
//! files are refused with a message that names the problem.

use taper_planner::domain::instrument::{
    self, COWS_ID, Instrument, InstrumentError, KRATOM_DAILY_ID, Rater, SOWS_ID,
};
use taper_planner::domain::journal::{InstrumentScore, ItemAnswer};

fn cows() -> &'static Instrument {
    instrument::builtin_by_id(COWS_ID).expect("COWS ships")
}

fn sows() -> &'static Instrument {
    instrument::builtin_by_id(SOWS_ID).expect("SOWS ships")
}

fn band_name(inst: &Instrument, total: u32) -> &str {
    inst.band(total).map_or("<none>", |b| b.name.as_str())
}

/// Answers that give `total` on an instrument whose items all allow 0–4 in steps of 1.
fn answers_for(inst: &Instrument, mut total: u32) -> Vec<(String, u8)> {
    inst.items
        .iter()
        .map(|item| {
            let score = total.min(4) as u8;
            total -= u32::from(score);
            (item.id.clone(), score)
        })
        .collect()
}

#[test]
fn every_shipped_instrument_parses_and_validates() {
    let all = instrument::builtin();
    let ids: Vec<&str> = all.iter().map(|i| i.id.as_str()).collect();
    assert_eq!(ids, [COWS_ID, SOWS_ID, KRATOM_DAILY_ID]);
    for inst in &all {
        assert_eq!(inst.validate(), Ok(()), "{}", inst.id);
        assert_eq!(inst.min_total(), 0, "{}", inst.id);
        // Every possible total has a band, so no score is ever shown unbanded.
        for total in 0..=inst.max_total() {
            assert!(inst.band(total).is_some(), "{} total {total}", inst.id);
        }
        assert!(inst.moderate_threshold().is_some(), "{}", inst.id);
        assert!(instrument::builtin_basis(&inst.id).is_some(), "{}", inst.id);
        // Round trip: what the app would write back parses to the same instrument.
        let text = ron::to_string(inst).expect("serialises");
        assert_eq!(Instrument::from_ron(&text).as_ref(), Ok(inst));
    }
}

#[test]
fn cows_has_exactly_the_published_items_and_values() {
    let cows = cows();
    assert_eq!(cows.rater, Rater::Clinician);
    let expected: [(&str, &[u8]); 11] = [
        ("resting-pulse", &[0, 1, 2, 4]),
        ("sweating", &[0, 1, 2, 3, 4]),
        ("restlessness", &[0, 1, 3, 5]),
        ("pupil-size", &[0, 1, 2, 5]),
        ("bone-joint-aches", &[0, 1, 2, 4]),
        ("runny-nose-tearing", &[0, 1, 2, 4]),
        ("gi-upset", &[0, 1, 2, 3, 5]),
        ("tremor", &[0, 1, 2, 4]),
        ("yawning", &[0, 1, 2, 4]),
        ("anxiety-irritability", &[0, 1, 2, 4]),
        ("gooseflesh", &[0, 3, 5]),
    ];
    assert_eq!(cows.items.len(), 11);
    for (item, (id, values)) in cows.items.iter().zip(expected) {
        assert_eq!(item.id, id);
        assert_eq!(item.allowed_scores(), values, "{id}");
    }
    assert_eq!(cows.max_total(), 48);
    let pulse = cows.item("resting-pulse").unwrap();
    let labels: Vec<&str> = pulse.values.iter().map(|v| v.label.as_str()).collect();
    assert_eq!(labels, ["80 or below", "81–100", "101–120", "over 120"]);
}

#[test]
fn sows_and_the_daily_checklist_are_patient_rated_zero_to_four() {
    let sows = sows();
    assert_eq!(sows.rater, Rater::Patient);
    assert_eq!(sows.items.len(), 16);
    assert_eq!(sows.max_total(), 64);
    assert!(sows.items.iter().any(|i| i.label == "I feel anxious"));
    assert!(sows.bands_note.as_deref().unwrap().contains("conventional"));
    let daily = instrument::builtin_by_id(KRATOM_DAILY_ID).unwrap();
    assert_eq!(daily.rater, Rater::Patient);
    assert!((8..=10).contains(&daily.items.len()));
    assert_eq!(daily.max_total(), 4 * daily.items.len() as u32);
    assert!(daily.bands_note.as_deref().unwrap().contains("convention"));
    for inst in [sows, daily] {
        for item in &inst.items {
            assert_eq!(item.allowed_scores(), [0, 1, 2, 3, 4], "{}", item.id);
            assert_eq!(item.values[0].label, "not at all");
            assert_eq!(item.values[4].label, "extremely");
        }
    }
}

#[test]
fn scoring_rejects_disallowed_values_unknown_and_missing_items() {
    let cows = cows();
    let mut answers: Vec<(String, u8)> = cows.items.iter().map(|i| (i.id.clone(), 0)).collect();
    assert_eq!(cows.score(&answers), Ok(0));
    answers[0].1 = 3; // resting pulse allows 0, 1, 2, 4 only
    let err = cows.score(&answers).unwrap_err();
    assert_eq!(
        err,
        InstrumentError::ValueNotAllowed {
            item: "resting-pulse".into(),
            value: 3,
            allowed: vec![0, 1, 2, 4]
        }
    );
    assert!(err.to_string().contains("resting-pulse") && err.to_string().contains("0, 1, 2, 4"));
    answers[0].1 = 4;
    assert_eq!(cows.score(&answers), Ok(4));
    answers.push(("heart-rate".into(), 1));
    let err = cows.score(&answers).unwrap_err();
    assert_eq!(err, InstrumentError::UnknownItem("heart-rate".into()));
    assert!(err.to_string().contains("heart-rate"));
    answers.pop();
    answers.remove(10);
    assert_eq!(
        cows.score(&answers),
        Err(InstrumentError::MissingAnswer("gooseflesh".into()))
    );
    assert_eq!(cows.score_partial(&answers), Ok(4));
    let gooseflesh_one = [("gooseflesh", 1)];
    assert!(matches!(
        cows.score_partial(&gooseflesh_one),
        Err(InstrumentError::ValueNotAllowed { .. })
    ));
}

#[test]
fn cows_band_edges() {
    let cows = cows();
    for (total, band) in [
        (0, "none"),
        (4, "none"),
        (5, "mild"),
        (12, "mild"),
        (13, "moderate"),
        (24, "moderate"),
        (25, "moderately severe"),
        (36, "moderately severe"),
        (37, "severe"),
        (48, "severe"),
    ] {
        assert_eq!(band_name(cows, total), band, "COWS {total}");
    }
    assert!(!cows.is_moderate_or_worse(12));
    assert!(cows.is_moderate_or_worse(13));
}

#[test]
fn sows_band_edges() {
    let sows = sows();
    for (total, band) in [
        (0, "none"),
        (1, "mild"),
        (10, "mild"),
        (11, "moderate"),
        (20, "moderate"),
        (21, "severe"),
        (30, "severe"),
        (31, "severe"),
        (64, "severe"),
    ] {
        assert_eq!(band_name(sows, total), band, "SOWS {total}");
        assert_eq!(sows.score(&answers_for(sows, total)), Ok(total));
    }
    assert!(!sows.is_moderate_or_worse(10));
    assert!(sows.is_moderate_or_worse(11));
}

#[test]
fn a_stored_score_is_checked_against_its_instrument() {
    let sows = sows();
    let stored = InstrumentScore {
        instrument: SOWS_ID.into(),
        answers: answers_for(sows, 23)
            .into_iter()
            .map(|(item, score)| ItemAnswer { item, score })
            .collect(),
    };
    assert_eq!(stored.total(), 23);
    assert_eq!(stored.checked_total(sows), Ok(23));
    assert!(matches!(
        stored.checked_total(cows()),
        Err(InstrumentError::WrongInstrument { .. })
    ));
}

const VALID: &str = r#"(
    id: "mini", name: "Mini", rater: Patient, source: "test",
    items: [
        (id: "a", label: "A", help: "", values: [(score: 0, label: "no"), (score: 1, label: "yes")]),
        (id: "b", label: "B", help: "", values: [(score: 0, label: "no"), (score: 2, label: "yes")]),
    ],
    bands: [(name: "low", min: 0, max: Some(1)), (name: "high", min: 2, max: None)],
)"#;

fn refused(text: &str) -> String {
    match Instrument::from_ron(text) {
        Ok(_) => panic!("accepted an invalid instrument:\n{text}"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn invalid_instrument_texts_are_refused_naming_the_problem() {
    assert!(Instrument::from_ron(VALID).is_ok());
    let cases = [
        // a duplicate item id
        (VALID.replace(r#"(id: "b""#, r#"(id: "a""#), "'a'"),
        // an item with a single allowed value
        (
            VALID.replace(
                r#"[(score: 0, label: "no"), (score: 1, label: "yes")]"#,
                r#"[(score: 0, label: "no")]"#,
            ),
            "'a'",
        ),
        // scores not strictly increasing
        (
            VALID.replace(
                r#"(score: 0, label: "no"), (score: 2, label: "yes")"#,
                r#"(score: 2, label: "no"), (score: 2, label: "yes")"#,
            ),
            "'b'",
        ),
        // an empty item id
        (VALID.replace(r#"(id: "b""#, r#"(id: " ""#), "item number 2"),
        // overlapping bands
        (
            VALID.replace(r#"max: Some(1)"#, r#"max: Some(2)"#),
            "'high'",
        ),
        // unsorted bands
        (
            VALID.replace(
                r#"(name: "low", min: 0, max: Some(1)), (name: "high", min: 2, max: None)"#,
                r#"(name: "high", min: 2, max: None), (name: "low", min: 0, max: Some(1))"#,
            ),
            "'low'",
        ),
        // a band that starts above the highest possible total (3)
        (
            VALID.replace(r#"min: 2, max: None"#, r#"min: 4, max: None"#),
            "'high'",
        ),
        // a misspelt field is an error, not silently ignored
        (VALID.replace("help:", "hepl:"), "hepl"),
        // not RON at all
        ("(id: \"mini\"".to_string(), "does not parse"),
        // no items
        (
            r#"(id: "x", name: "X", rater: Patient, source: "s", items: [], bands: [])"#
                .to_string(),
            "no items",
        ),
    ];
    for (text, needle) in cases {
        let message = refused(&text);
        assert!(
            message.contains(needle),
            "expected {needle:?} in {message:?}"
        );
    }
}
