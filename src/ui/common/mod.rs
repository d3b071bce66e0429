//! What every screen shares: the frame context and scrolling panels ([`layout`]), form
//! rows ([`form`]), small widgets and conversions ([`widgets`]), the chart on screen
//! ([`chart_view`]) and the progress chart the Today and Visit screens both show
//! ([`progress`]).

pub mod chart_view;
pub mod form;
pub mod layout;
pub mod progress;
pub mod widgets;
