//! The domain: pure data and rules. Nothing here touches files, the screen or the
//! clock; today's date is always a parameter.
//!
//! - [`amount`]: exact amounts in thousandths of the plan's unit, never floats.
//! - [`dates`]: the one range of dates accepted anywhere (1970 to 2200).
//! - [`basis`]: the published sources the app cites, red flags and risky substances.
//! - [`plan`]: the clinician's plan inputs, their defaults and their validation.
//! - [`plan_values`]: a plan's percentages and weekday sets, written as readable text.
//! - [`levels`]: each shape's levels (amount and days), before any revision.
//! - [`revision`]: dated changes to an approved plan, from their effective date on.
//! - [`schedule`]: the day-by-day schedule derived from the plan and its revisions.
//! - [`checkin`]: visit dates on clinic days and self check-ins after each cut.
//! - [`identity`]: record and item ids, who changed what and when, version histories.
//! - [`merge`]: two copies of one record made one, with the conflicts a person resolves.
//! - [`pace`]: warnings about a schedule's pace, each with its basis.
//! - [`instrument`]: rating instruments (COWS, SOWS, the daily checklist) as data.
//! - [`journal`]: what actually happened each day, and the journal of day entries.
//! - [`visit`]: clinician visits: the decision, its reason and who decided.
//! - [`product`]: products as bought, with their certificate of analysis.
//! - [`patient`]: the patient record: plan, revisions, journal, visits, products, audit.
//! - [`validity`]: a whole record checked against the limits of the forms, for loading.
//! - [`rules`]: the alert rules that read the journal, each with its basis.

pub mod amount;
pub mod basis;
pub mod checkin;
pub mod dates;
pub mod identity;
pub mod instrument;
pub mod journal;
pub mod levels;
pub mod merge;
pub mod pace;
pub mod patient;
pub mod plan;
pub mod plan_values;
pub mod product;
pub mod revision;
pub mod rules;
pub mod schedule;
pub mod validity;
pub mod visit;
