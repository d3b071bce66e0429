//! The patient's home: the day's planned amount, the day's log (doses, product, the
//! daily checklist, cravings, pain, sleep, red flags, other substances, a note, a hold
//! request), the urgent banner when a red flag is logged or ticked, the other messages
//! for the patient with their basis, and the progress chart.
//!
//! The patient never changes the plan here: the only action is
//! [`Action::UpsertEntry`]. A day before today can be filled in later; it is then
//! marked as entered late. This module lays the screen out and saves the log; the
//! parts live beside it: [`header`], [`form`] and
//! [`alerts`].

mod alerts;
mod draft;
mod form;
mod header;
mod unlogged;

use chrono::{Days, NaiveDate};

use crate::domain::amount::Unit;
use crate::domain::instrument::Instrument;
use crate::domain::rules::{self, Alert};
use crate::domain::schedule::Schedule;
use crate::ui::common::chart_view::ChartView;
use crate::ui::common::layout::{central_panel, side_panel};
use crate::ui::common::progress::show_chart;
use crate::ui::common::widgets::{error_label, from_jiff, to_jiff};
use crate::ui::session::{Action, Outcome, Session, Settle};
use alerts::{PatientAlerts, message, past_red_flags, unsaved_red_flag_alert, urgent_banner};
use draft::{DayDraft, DraftField};
use form::DayForm;
use header::{day_header, day_text};

/// Height of the progress chart, in points.
pub const CHART_HEIGHT: f32 = 260.0;

/// Height of the chart once symptoms are logged: the symptom plot below the amounts
/// needs about 100 points of its own to keep its axis readable.
pub const CHART_HEIGHT_WITH_SYMPTOMS: f32 = 360.0;

/// The label of the save button.
pub const SAVE_LABEL: &str = "Save log";

/// Seconds after the last change to the day's log before it saves itself.
pub const LOG_AUTOSAVE_DELAY_S: f64 = 1.5;

/// State of the Today screen that is not part of the record.
#[derive(Default)]
pub struct TodayScreen {
    /// The day being logged; `None` means today.
    selected: Option<NaiveDate>,
    /// What is typed, with the messages of a failed save.
    form: DayForm,
    /// The draft as it was loaded (to tell unsaved changes).
    loaded: DayDraft,
    /// The (day, record revision) the draft was loaded for.
    synced: Option<(NaiveDate, u64)>,
    /// A short message beside the save button ("Nothing changed …").
    notice: Option<String>,
    /// The day whose log the session last took (until the form is edited again or
    /// another day is shown).
    saved: Option<NaiveDate>,
    /// The draft as it was at the last frame, and when (egui time) it last changed:
    /// the log saves itself once it has been still for a moment.
    last_draft: Option<DayDraft>,
    edited_at: f64,
    /// The draft a save of was refused: not tried again until it changes.
    refused: Option<DayDraft>,
    chart: ChartView,
}

impl Settle for TodayScreen {
    /// Marks the day saved once the session took its log; a refusal is said beside the
    /// save button and the typed log stays in the form.
    fn settle(&mut self, outcomes: &[Outcome]) {
        for outcome in outcomes {
            if let Action::UpsertEntry(entry) = &outcome.action {
                match &outcome.result {
                    Ok(()) => self.saved = Some(entry.date),
                    Err(reason) => {
                        self.notice = Some(format!("Not saved: {reason}"));
                        self.refused = Some(self.form.draft.clone());
                    }
                }
            }
        }
    }
}

impl TodayScreen {
    /// The day being logged.
    pub fn date(&self, today: NaiveDate) -> NaiveDate {
        self.selected.unwrap_or(today).min(today)
    }

    /// What the patient has typed for the day being logged.
    pub fn draft(&self) -> &DayDraft {
        &self.form.draft
    }

    /// The progress chart (tests check that it is not redrawn needlessly).
    pub fn chart(&self) -> &ChartView {
        &self.chart
    }

    /// Draws the screen; returns the actions the patient took.
    pub fn show(&mut self, ui: &mut egui::Ui, session: &Session, today: NaiveDate) -> Vec<Action> {
        let mut actions = Vec::new();
        let record = session.record();
        let instrument = rules::daily_instrument(record);
        self.sync(session, self.date(today), instrument);
        let schedule = session.derived().schedule.as_ref().ok();
        let editable = session.file.read_only().is_none();
        let unit = record.plan.inputs.unit;
        if !self.form.errors.is_empty() {
            // Once a save failed, the messages follow the corrections as they are typed.
            self.form.errors = self
                .form
                .draft
                .parse(unit, instrument, today)
                .err()
                .unwrap_or_default();
        }

        let alerts = self.patient_alerts(session, schedule, instrument, today);
        let messages = alerts.messages;
        egui::Panel::bottom("today-save").show(ui, |ui| {
            self.save_bar(ui, session, instrument, today, editable, &mut actions);
        });
        let progress = egui::Panel::right("today-progress");
        side_panel(
            ui,
            progress,
            460.0,
            ("today-progress-scroll", &session.record().id),
            |ui| {
                // The red banner heads the right-hand side, not the screen: ticking a
                // red flag in the form must not push the form under the pointer.
                if !alerts.current.is_empty() {
                    urgent_banner(ui, &alerts.current);
                }
                if !alerts.past.is_empty() {
                    past_red_flags(ui, &alerts.past);
                }
                self.progress(ui, session, schedule, instrument, today, &messages);
            },
        );
        central_panel(ui, ("today-form-scroll", &session.record().id), |ui| {
            if self.date_row(ui, today) {
                self.sync(session, self.date(today), instrument);
            }
            let date = self.date(today);
            day_header(ui, record, session.derived().schedule.as_ref(), date, today);
            if !editable {
                ui.colored_label(
                    ui.visuals().warn_fg_color,
                    "This file is open in another window, so the log cannot be changed here.",
                );
            }
            ui.add_enabled_ui(editable, |ui| {
                self.form
                    .show(ui, &record.journal, schedule, instrument, unit);
            });
        });
        if editable {
            let time = ui.input(|i| i.time);
            if let Some(wait) = self.autosave(time, unit, instrument, today, &mut actions) {
                ui.ctx()
                    .request_repaint_after(std::time::Duration::from_secs_f64(wait));
            }
        }
        actions
    }

    /// The day's log saves itself once it has been still for
    /// [`LOG_AUTOSAVE_DELAY_S`] and is valid. Returns how long to wait for the next
    /// check while a change is pending.
    fn autosave(
        &mut self,
        time: f64,
        unit: Unit,
        instrument: Option<&Instrument>,
        today: NaiveDate,
        actions: &mut Vec<Action>,
    ) -> Option<f64> {
        let draft = &self.form.draft;
        if self.last_draft.as_ref() != Some(draft) {
            self.last_draft = Some(draft.clone());
            self.edited_at = time;
        }
        let pending = *draft != self.loaded && self.refused.as_ref() != Some(draft);
        if !pending || !actions.is_empty() {
            return None;
        }
        let left = self.edited_at + LOG_AUTOSAVE_DELAY_S - time;
        if left > 0.0 {
            return Some(left);
        }
        match draft.parse(unit, instrument, today) {
            Ok(entry) if self.changes_the_day(&entry, unit, instrument, today) => {
                actions.push(Action::UpsertEntry(entry))
            }
            Ok(_) => {}
            // Invalid: the messages show at the fields once the patient saves; a log
            // with a mistake in it waits for the correction.
            Err(_) => self.refused = Some(draft.clone()),
        }
        None
    }

    /// True when saving `entry` would change what the journal holds for the day (an
    /// empty dose row added, or a field typed and cleared again, changes nothing).
    fn changes_the_day(
        &self,
        entry: &crate::domain::journal::DayEntry,
        unit: Unit,
        instrument: Option<&Instrument>,
        today: NaiveDate,
    ) -> bool {
        match self.loaded.parse(unit, instrument, today) {
            Ok(before) => *entry != before && !self.form.draft.is_unchanged(entry),
            Err(_) => true,
        }
    }

    /// The day's log as an action to save now, if it has unsaved, valid changes: the
    /// app asks before it shows another screen or closes, and for Ctrl+S.
    pub fn flush(&mut self, session: &Session, today: NaiveDate) -> Option<Action> {
        if self.form.draft == self.loaded {
            return None;
        }
        let record = session.record();
        let instrument = rules::daily_instrument(record);
        let unit = record.plan.inputs.unit;
        match self.form.draft.parse(unit, instrument, today) {
            Ok(entry) if !self.form.draft.is_unchanged(&entry) => Some(Action::UpsertEntry(entry)),
            Ok(_) => None,
            Err(errors) => {
                self.form.errors = errors;
                None
            }
        }
    }

    /// "Dec 12 and 13 are not logged — add them now?", a button for each day.
    fn unlogged_banner(
        &mut self,
        ui: &mut egui::Ui,
        journal: &crate::domain::journal::Journal,
        schedule: &Schedule,
        today: NaiveDate,
    ) {
        let days = unlogged::unlogged_days(journal, schedule, today);
        if days.is_empty() {
            return;
        }
        ui.group(|ui| {
            ui.label(format!(
                "{} — add them now?",
                unlogged::unlogged_text(&days)
            ));
            ui.horizontal_wrapped(|ui| {
                for day in days.iter().take(unlogged::MAX_OFFERED) {
                    let label = format!("Log {}", day.format("%a %b %-d"));
                    if ui.button(label).clicked() {
                        self.selected = Some(*day);
                    }
                }
            });
            ui.label(
                egui::RichText::new("A day filled in later is marked as written late.")
                    .small()
                    .weak(),
            );
        });
    }

    /// Reloads the draft from the journal when the day or the record changed (a save,
    /// undo, redo), so the form never shows stale values.
    fn sync(&mut self, session: &Session, date: NaiveDate, instrument: Option<&Instrument>) {
        let key = (date, session.revision);
        if self.synced == Some(key) {
            return;
        }
        if self.synced.is_some_and(|(d, _)| d != date) {
            self.saved = None;
        }
        self.form.draft = DayDraft::load(&session.record().journal, date, instrument);
        self.loaded = self.form.draft.clone();
        self.form.errors.clear();
        self.notice = None;
        self.synced = Some(key);
    }

    /// The patient's alerts: current red flags for the banner (a red flag ticked but
    /// not saved yet among them), past red flags, and the other messages.
    fn patient_alerts(
        &self,
        session: &Session,
        schedule: Option<&Schedule>,
        instrument: Option<&Instrument>,
        today: NaiveDate,
    ) -> PatientAlerts {
        let record = session.record();
        let draft = &self.form.draft;
        let unsaved = unsaved_red_flag_alert(record, schedule, instrument, draft, today);
        alerts::for_patient(session.alerts(), unsaved, today)
    }

    /// "Previous day", the date picker, "Next day" (never past today). True when the
    /// day changed.
    fn date_row(&mut self, ui: &mut egui::Ui, today: NaiveDate) -> bool {
        let date = self.date(today);
        let mut chosen = date;
        ui.horizontal(|ui| {
            if ui
                .button("Previous day")
                .on_hover_text("Fill in or correct an earlier day")
                .clicked()
            {
                chosen = date.checked_sub_days(Days::new(1)).unwrap_or(date);
            }
            let mut picked = to_jiff(date);
            if ui
                .add(
                    egui_extras::DatePickerButton::new(&mut picked)
                        .id_salt("today-date")
                        .show_icon(false),
                )
                .on_hover_text("Choose the day to log")
                .changed()
            {
                chosen = from_jiff(picked).unwrap_or(date).min(today);
            }
            if ui
                .add_enabled(date < today, egui::Button::new("Next day"))
                .clicked()
            {
                chosen = date
                    .checked_add_days(Days::new(1))
                    .unwrap_or(date)
                    .min(today);
            }
            if date != today && ui.button("Back to today").clicked() {
                chosen = today;
            }
        });
        if chosen != date {
            self.selected = (chosen != today).then_some(chosen);
            return true;
        }
        false
    }

    /// The save button, the state of the day's log, and any message.
    fn save_bar(
        &mut self,
        ui: &mut egui::Ui,
        session: &Session,
        instrument: Option<&Instrument>,
        today: NaiveDate,
        editable: bool,
        actions: &mut Vec<Action>,
    ) {
        let unit = session.record().plan.inputs.unit;
        ui.add_space(4.0);
        ui.horizontal_wrapped(|ui| {
            let save = ui
                .add_enabled(
                    editable,
                    egui::Button::new(egui::RichText::new(SAVE_LABEL).size(16.0)),
                )
                .on_hover_text(
                    "Saves this day's log on this computer; your clinic sees it when you bring \
                     or send the file",
                );
            let unsaved = self.form.draft != self.loaded;
            if unsaved {
                // Edited again after the save went through.
                self.saved = None;
            }
            if save.clicked() {
                self.save(unit, instrument, today, actions);
            }
            if self.saved == Some(self.form.draft.date) && !unsaved {
                ui.label("✔ Saved.");
            } else if unsaved {
                ui.colored_label(ui.visuals().warn_fg_color, "Unsaved changes.");
            }
            if let Some(notice) = &self.notice {
                ui.label(notice);
            }
            if let Some(message) = self.form.errors.get(&DraftField::Entry) {
                error_label(ui, message);
            } else if !self.form.errors.is_empty() {
                error_label(ui, "Not saved: please correct the fields marked above.");
            }
        });
        ui.add_space(4.0);
    }

    /// Checks the draft: an entry to save, "nothing changed", or the messages by field.
    fn save(
        &mut self,
        unit: Unit,
        instrument: Option<&Instrument>,
        today: NaiveDate,
        actions: &mut Vec<Action>,
    ) {
        self.notice = None;
        match self.form.draft.parse(unit, instrument, today) {
            Ok(entry) if self.form.draft.is_unchanged(&entry) => {
                self.form.errors.clear();
                self.notice = Some("Nothing changed since the last save.".into());
            }
            Ok(entry) => {
                self.form.errors.clear();
                actions.push(Action::UpsertEntry(entry));
            }
            Err(errors) => self.form.errors = errors,
        }
    }

    /// The right-hand side: the messages for the patient and the progress chart.
    fn progress(
        &mut self,
        ui: &mut egui::Ui,
        session: &Session,
        schedule: Option<&Schedule>,
        instrument: Option<&Instrument>,
        today: NaiveDate,
        messages: &[Alert],
    ) {
        if let Some(schedule) = schedule {
            // Here, not above the form: logging a day changes the banner, and the
            // form must not move under the patient's hand when it does.
            self.unlogged_banner(ui, &session.record().journal, schedule, today);
        }
        ui.heading("Your progress");
        if let Some(schedule) = schedule {
            // Where the taper stands today, whichever day the form is on.
            ui.label(day_text(schedule, today));
            // Taller exactly when the chart has a symptom plot (see ChartData::for_record).
            let symptoms_logged = instrument.is_some_and(|i| {
                let entries = session.record().journal.entries();
                entries.iter().any(|e| e.symptom_total(i).is_some())
            });
            let height = if symptoms_logged {
                CHART_HEIGHT_WITH_SYMPTOMS
            } else {
                CHART_HEIGHT
            };
            show_chart(&mut self.chart, ui, session, schedule, today, height);
        }
        if !messages.is_empty() {
            ui.add_space(8.0);
            ui.heading("Messages");
            for alert in messages {
                message(ui, alert);
            }
        }
    }
}
