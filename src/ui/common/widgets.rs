//! Small conversions and widgets shared by the screens.

use chrono::{Datelike, NaiveDate};

/// The date picker speaks jiff; the domain keeps chrono. Convert at the widget.
pub fn to_jiff(date: NaiveDate) -> jiff::civil::Date {
    jiff::civil::Date::new(date.year() as i16, date.month() as i8, date.day() as i8)
        .unwrap_or_else(|_| jiff::civil::Date::constant(2000, 1, 1))
}

/// Back from the date picker to chrono.
pub fn from_jiff(date: jiff::civil::Date) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(
        i32::from(date.year()),
        date.month() as u32,
        date.day() as u32,
    )
}

/// "Tue 2026-12-15": the weekday helps a patient place a day.
pub fn long_date(date: NaiveDate) -> String {
    date.format("%a %Y-%m-%d").to_string()
}

/// A message in the error colour, marked ⚠ so it does not rely on colour alone.
pub fn error_label(ui: &mut egui::Ui, message: &str) {
    ui.label(egui::RichText::new(format!("⚠ {message}")).color(ui.visuals().error_fg_color));
}
