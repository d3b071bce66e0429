//! The product-change rule.

use taper_planner::domain::basis::PROZIALECK_2020;
use taper_planner::domain::journal::DayEntry;
use taper_planner::domain::rules::{self, Audience, RuleId, Severity};

use crate::{dec, jan, log, only, product, record, run, schedule};

#[test]
fn a_product_change_is_a_note_for_both_with_the_old_and_new_names() {
    let mut r = record();
    log(
        &mut r,
        [
            product(dec(2), "Red Bali", Some("L1")),
            DayEntry::new(dec(5)), // not logged that day: not a change
            product(dec(6), "Green Maeng Da", None),
        ],
    );
    let a = only(rules::product_change(&r, &schedule(&r), dec(10)));
    assert_eq!(a.rule.name(), "product-change");
    assert_eq!((a.severity, a.audience), (Severity::Note, Audience::Both));
    assert_eq!(a.triggered_by, [dec(2), dec(6)]);
    assert_eq!(a.basis, [PROZIALECK_2020]);
    assert!(
        a.message
            .contains("product changed on 2026-12-06 from \"Red Bali\" to \"Green Maeng Da\""),
        "{}",
        a.message
    );
    assert!(
        a.message
            .contains("alkaloid content varies between products and batches")
    );
    assert!(a.message.contains("re-check the amount with the clinician"));
}

#[test]
fn a_first_product_or_the_same_product_is_not_a_change() {
    let mut r = record();
    log(&mut r, [product(dec(2), "Red Bali", Some("L1"))]);
    assert!(
        run(RuleId::ProductChange, &r, dec(3)).is_empty(),
        "first product"
    );
    log(&mut r, [product(dec(3), " red bali ", Some("L1"))]);
    assert!(
        run(RuleId::ProductChange, &r, dec(4)).is_empty(),
        "case and spaces"
    );
    log(
        &mut r,
        [DayEntry {
            lot: Some(" ".into()),
            ..product(dec(4), "Red Bali", None)
        }],
    );
    assert!(
        run(RuleId::ProductChange, &r, dec(5)).is_empty(),
        "blank lot"
    );
}

#[test]
fn lot_changes_and_the_new_products_first_lot() {
    let mut r = record();
    log(
        &mut r,
        [
            product(dec(2), "Red Bali", Some("L1")),
            product(dec(4), "Red Bali", Some("L2")),
        ],
    );
    let a = only(run(RuleId::ProductChange, &r, dec(5)));
    assert!(
        a.message
            .contains("lot of \"Red Bali\" changed on 2026-12-04 from L1 to L2"),
        "{}",
        a.message
    );
    assert_eq!(a.triggered_by, [dec(2), dec(4)]);
    log(
        &mut r,
        [
            product(dec(6), "Green", None),
            product(dec(7), "Green", Some("G7")),
        ],
    );
    let a = only(run(RuleId::ProductChange, &r, dec(8)));
    assert!(
        a.message.contains("from \"Red Bali\" to \"Green\""),
        "{}",
        a.message
    );
    assert_eq!(a.triggered_by, [dec(4), dec(6)]);
    log(&mut r, [product(dec(9), "White", Some("W1"))]);
    let a = only(run(RuleId::ProductChange, &r, dec(9)));
    assert!(
        a.message
            .contains("from \"Green\" (lot G7) to \"White\" (lot W1)"),
        "{}",
        a.message
    );
}

#[test]
fn only_the_latest_change_within_28_days_before_the_stop() {
    let mut r = record();
    log(
        &mut r,
        [
            product(dec(2), "A", None),
            product(dec(3), "B", None),
            product(dec(8), "C", None),
        ],
    );
    let a = only(run(RuleId::ProductChange, &r, dec(10)));
    assert!(a.message.contains("from \"B\" to \"C\""));
    assert_eq!(
        run(RuleId::ProductChange, &r, jan(4)).len(),
        1,
        "27 days back"
    );
    assert!(
        run(RuleId::ProductChange, &r, jan(5)).is_empty(),
        "28 days back"
    );
    // On and after the stop date the taper is over: no product change is reported.
    let mut after = record();
    log(
        &mut after,
        [product(jan(11), "A", None), product(jan(12), "B", None)],
    );
    assert!(run(RuleId::ProductChange, &after, jan(13)).is_empty());
}
