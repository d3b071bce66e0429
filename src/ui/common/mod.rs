//! What every screen shares: the frame context and scrolling panels ([`layout`]), the
//! window that resolves merge conflicts ([`conflicts`]), form
//! rows ([`form`]), small widgets and conversions ([`widgets`]), the chart on screen
//! ([`chart_view`]) and the progress chart the Today and Visit screens both show
//! ([`progress`]).

pub mod chart_view;
pub mod conflicts;
pub mod form;
pub mod layout;
pub mod progress;
pub mod widgets;
