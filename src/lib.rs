//! taper-planner: plan, follow and chart a gradual dose reduction.
//!
//! Layers, each depending only on those above it (see DESIGN.md):
//! - [`domain`]: pure data and rules (amounts, plans, schedules, journal, rules); no I/O,
//!   no egui, no clock.
//! - [`store`]: the patient file on disk: RON format, versions, atomic saves, locks.
//! - [`chart`] and [`report`]: pictures and exports drawn from the domain.
//! - [`ui`]: the eframe desktop app.
//! - [`cli`]: the headless commands.

pub mod chart;
pub mod cli;
pub mod domain;
pub mod report;
pub mod store;
pub mod ui;
