//! Rule `product-change`: the product or lot changed during the taper.

use chrono::NaiveDate;

use super::{Alert, Audience, RuleId, Severity, within_last};
use crate::domain::basis::PROZIALECK_2020;
use crate::domain::patient::PatientRecord;
use crate::domain::schedule::Schedule;

/// A change is reported for 28 days (today and the 27 days before): about four
/// one-week steps, enough for the clinician to see it at the next visit (CDC 2022
/// asks for follow-up at least monthly) without keeping old news on screen.
pub const PRODUCT_CHANGE_WINDOW_DAYS: u32 = 28;

/// One value as logged (trimmed) and the last day it was logged.
#[derive(Clone)]
struct Seen {
    value: String,
    date: NaiveDate,
}

/// A change from one logged value to another.
struct Change {
    date: NaiveDate,
    /// The day the previous product (or lot) was last logged.
    previous_date: NaiveDate,
    product: Option<(String, String)>,
    lot: Option<(String, String)>,
    /// The product the lot belongs to, for a lot-only change.
    current_product: Option<String>,
}

/// A note for the patient and the clinician when the product or the lot logged in the
/// journal changes between entries during the taper (before the stop date). Alkaloid
/// content varies between products and batches, so the same weight can be a different
/// dose. Both values must be set and differ (ignoring case and surrounding spaces): a
/// first product, or a day without one, is not a change. Only the most recent change
/// within the last [`PRODUCT_CHANGE_WINDOW_DAYS`] days is reported; the triggering
/// dates are the day the old value was last logged and the day of the change.
pub fn product_change(record: &PatientRecord, schedule: &Schedule, today: NaiveDate) -> Vec<Alert> {
    let changes = changes(record, schedule.stop_date, today);
    let Some(change) = changes
        .into_iter()
        .rev()
        .find(|c| within_last(c.date, today, PRODUCT_CHANGE_WINDOW_DAYS))
    else {
        return Vec::new();
    };
    let date = change.date;
    let (title, what) = match (&change.product, &change.lot) {
        (Some((p0, p1)), Some((l0, l1))) => (
            "Product and lot changed",
            format!(
                "product and lot changed on {date} from \"{p0}\" (lot {l0}) to \"{p1}\" (lot {l1})"
            ),
        ),
        (Some((p0, p1)), None) => (
            "Product changed",
            format!("product changed on {date} from \"{p0}\" to \"{p1}\""),
        ),
        (None, Some((l0, l1))) => {
            let of = change
                .current_product
                .as_deref()
                .map(|p| format!(" of \"{p}\""))
                .unwrap_or_default();
            (
                "Lot changed",
                format!("lot{of} changed on {date} from {l0} to {l1}"),
            )
        }
        (None, None) => return Vec::new(),
    };
    let message = format!(
        "The {what}: alkaloid content varies between products and batches, so the same \
         amount can be a different dose; re-check the amount with the clinician."
    );
    vec![Alert {
        rule: RuleId::ProductChange,
        severity: Severity::Note,
        audience: Audience::Both,
        title: title.to_string(),
        message,
        patient_instruction: None,
        date,
        triggered_by: vec![change.previous_date, date],
        basis: vec![PROZIALECK_2020],
        suggestion: None,
    }]
}

/// Every change, oldest first, over entries up to today and before the stop date.
fn changes(record: &PatientRecord, stop: NaiveDate, today: NaiveDate) -> Vec<Change> {
    let mut product: Option<Seen> = None;
    let mut lot: Option<Seen> = None;
    let mut out = Vec::new();
    for entry in record.journal.entries() {
        if entry.date >= stop || entry.date > today {
            break;
        }
        let now_product = logged(entry.product.as_deref());
        let now_lot = logged(entry.lot.as_deref());
        let product_changed = differs(product.as_ref(), now_product);
        let lot_changed = differs(lot.as_ref(), now_lot);
        if product_changed || lot_changed {
            let pair = |seen: &Option<Seen>, now: Option<&str>| {
                seen.as_ref()
                    .zip(now)
                    .map(|(s, n)| (s.value.clone(), n.to_string()))
            };
            let previous_date = if product_changed {
                product.as_ref().map(|s| s.date)
            } else {
                lot.as_ref().map(|s| s.date)
            };
            out.push(Change {
                date: entry.date,
                previous_date: previous_date.unwrap_or(entry.date),
                product: pair(&product, now_product).filter(|_| product_changed),
                lot: pair(&lot, now_lot).filter(|_| lot_changed),
                current_product: product.as_ref().map(|s| s.value.clone()),
            });
        }
        if let Some(p) = now_product {
            if product_changed {
                // A lot number belongs to its product: the new product's first lot
                // is not a lot change.
                lot = None;
            }
            product = Some(Seen {
                value: p.to_string(),
                date: entry.date,
            });
        }
        if let Some(l) = now_lot {
            lot = Some(Seen {
                value: l.to_string(),
                date: entry.date,
            });
        }
    }
    out
}

/// The value as logged, or `None` when it is missing or blank.
fn logged(value: Option<&str>) -> Option<&str> {
    value.map(str::trim).filter(|v| !v.is_empty())
}

/// True when both are set and differ, ignoring case.
fn differs(seen: Option<&Seen>, now: Option<&str>) -> bool {
    match (seen, now) {
        (Some(s), Some(n)) => s.value.to_lowercase() != n.to_lowercase(),
        _ => false,
    }
}
