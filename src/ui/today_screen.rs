//! The patient's home: the day's planned amount, the day's log (doses, product, the
//! daily checklist, cravings, pain, sleep, red flags, other substances, a note, a hold
//! request), the urgent banner when a red flag is logged or ticked, the other messages
//! for the patient with their basis, and the progress chart.
//!
//! The patient never changes the plan here: the only action is
//! [`Action::UpsertEntry`]. A day before today can be filled in later; it is then
//! marked as entered late.

use chrono::{Days, NaiveDate};

use super::chart_view::ChartView;
use super::session::{Action, Session};
use super::today_draft::{DayDraft, DoseDraft, DraftErrors, DraftField};
use super::widgets::{from_jiff, to_jiff};
use crate::chart::ChartData;
use crate::domain::amount::{Amount, Unit};
use crate::domain::basis::Basis;
use crate::domain::checkin::CheckInKind;
use crate::domain::instrument::Instrument;
use crate::domain::journal::{DayEntry, Journal, RedFlag, Substance};
use crate::domain::patient::PatientRecord;
use crate::domain::rules::{self, Alert, Audience, RuleId, Severity};
use crate::domain::schedule::{DayNote, Schedule};

/// Height of the progress chart, in points.
pub const CHART_HEIGHT: f32 = 260.0;

/// Height of the chart once symptoms are logged: the symptom plot below the amounts
/// needs about 100 points of its own to keep its axis readable.
pub const CHART_HEIGHT_WITH_SYMPTOMS: f32 = 360.0;

/// Urgent alerts shown in full in the banner; older ones are counted.
const BANNER_MAX_ALERTS: usize = 2;

/// The label of the save button.
pub const SAVE_LABEL: &str = "Save log";

/// The label of the button that fills in the planned doses.
pub const AS_PLANNED_LABEL: &str = "Took it as planned";

/// The label of the hold request.
pub const HOLD_LABEL: &str = "Ask my clinician to pause the taper (hold)";

/// State of the Today screen that is not part of the record.
#[derive(Default)]
pub struct TodayScreen {
    /// The day being logged; `None` means today.
    selected: Option<NaiveDate>,
    /// What is typed, and what it was loaded as (to tell unsaved changes).
    draft: DayDraft,
    loaded: DayDraft,
    /// The (day, record revision) the draft was loaded for.
    synced: Option<(NaiveDate, u64)>,
    errors: DraftErrors,
    /// A short message beside the save button ("Nothing changed …").
    notice: Option<String>,
    /// The record revision when a save was asked for: a later revision means it
    /// was applied.
    saved_at: Option<u64>,
    /// The rules' alerts for (record revision, today), evaluated once per change.
    alerts: Option<(u64, NaiveDate, Vec<Alert>)>,
    chart: ChartView,
}

impl TodayScreen {
    /// The day being logged.
    pub fn date(&self, today: NaiveDate) -> NaiveDate {
        self.selected.unwrap_or(today).min(today)
    }

    /// What the patient has typed for the day being logged.
    pub fn draft(&self) -> &DayDraft {
        &self.draft
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
        if !self.errors.is_empty() {
            // Once a save failed, the messages follow the corrections as they are typed.
            self.errors = self
                .draft
                .parse(unit, instrument, today)
                .err()
                .unwrap_or_default();
        }

        let (urgent, messages) = self.patient_alerts(session, schedule, instrument, today);
        if !urgent.is_empty() {
            egui::Panel::top("today-urgent")
                .resizable(false)
                .show(ui, |ui| urgent_banner(ui, &urgent));
        }
        egui::Panel::bottom("today-save").show(ui, |ui| {
            self.save_bar(ui, session, instrument, today, editable, &mut actions);
        });
        egui::Panel::right("today-progress")
            .resizable(true)
            .default_size(460.0)
            .show(ui, |ui| {
                egui::ScrollArea::vertical()
                    .id_salt("today-progress-scroll")
                    .show(ui, |ui| {
                        self.progress(ui, session, schedule, instrument, today, &messages);
                    });
            });
        egui::CentralPanel::default().show(ui, |ui| {
            egui::ScrollArea::vertical()
                .id_salt("today-form-scroll")
                .show(ui, |ui| {
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
                        self.form(ui, &record.journal, schedule, instrument, unit);
                    });
                });
        });
        actions
    }

    /// Reloads the draft from the journal when the day or the record changed (a save,
    /// undo, redo), so the form never shows stale values.
    fn sync(&mut self, session: &Session, date: NaiveDate, instrument: Option<&Instrument>) {
        let key = (date, session.revision);
        if self.synced == Some(key) {
            return;
        }
        if self.synced.is_some_and(|(d, _)| d != date) {
            self.saved_at = None;
        }
        self.draft = DayDraft::load(&session.record().journal, date, instrument);
        self.loaded = self.draft.clone();
        self.errors.clear();
        self.notice = None;
        self.synced = Some(key);
    }

    /// The patient's alerts: urgent ones for the banner (with `true` for a red flag
    /// ticked but not saved yet) and the other messages.
    fn patient_alerts(
        &mut self,
        session: &Session,
        schedule: Option<&Schedule>,
        instrument: Option<&Instrument>,
        today: NaiveDate,
    ) -> (Vec<(Alert, bool)>, Vec<Alert>) {
        let record = session.record();
        let fresh = self
            .alerts
            .as_ref()
            .is_some_and(|(rev, day, _)| *rev == session.revision && *day == today);
        if !fresh {
            let alerts = schedule
                .map(|s| rules::evaluate(record, s, today))
                .unwrap_or_default();
            self.alerts = Some((session.revision, today, alerts));
        }
        let alerts = self.alerts.as_ref().map(|a| a.2.as_slice()).unwrap_or(&[]);
        let unsaved = unsaved_red_flag_alert(record, schedule, instrument, &self.draft, today);
        let mut urgent: Vec<(Alert, bool)> = unsaved.into_iter().map(|a| (a, true)).collect();
        let superseded = |a: &Alert| {
            urgent
                .first()
                .is_some_and(|(u, _)| a.rule == RuleId::RedFlag && a.date == u.date)
        };
        let saved_urgent: Vec<(Alert, bool)> = alerts
            .iter()
            .filter(|a| a.severity == Severity::Urgent && a.audience.includes_patient())
            .filter(|a| !superseded(a))
            .map(|a| (a.clone(), false))
            .collect();
        urgent.extend(saved_urgent);
        let messages = alerts
            .iter()
            .filter(|a| a.severity != Severity::Urgent && a.audience.includes_patient())
            .cloned()
            .collect();
        (urgent, messages)
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

    fn form(
        &mut self,
        ui: &mut egui::Ui,
        journal: &Journal,
        schedule: Option<&Schedule>,
        instrument: Option<&Instrument>,
        unit: Unit,
    ) {
        let planned: Vec<Amount> = schedule
            .and_then(|s| s.day_at(self.draft.date).map(|d| s.doses(d).to_vec()))
            .filter(|doses| doses.iter().any(|a| !a.is_zero()))
            .unwrap_or_default();
        section(ui, "What I took");
        self.doses(ui, &planned, unit);
        ui.add_space(6.0);
        let errors = self.errors.clone();
        let d = &mut self.draft;
        egui::Grid::new("today-product")
            .num_columns(2)
            .spacing([12.0, 6.0])
            .show(ui, |ui| {
                row(ui, "Product", None, |ui, label| {
                    text_field(ui, &mut d.product, label, 220.0, "name or brand");
                });
                row(ui, "Lot", None, |ui, label| {
                    text_field(ui, &mut d.lot, label, 220.0, "lot or batch number");
                });
            });
        if let Some(note) = d.product_change_note(journal) {
            ui.colored_label(ui.visuals().warn_fg_color, format!("ℹ {note}"));
        }

        section(ui, "How I feel");
        match instrument {
            Some(instrument) => checklist(ui, d, instrument),
            None => {
                ui.label(
                    "The daily checklist of this plan is not known to this version of the app.",
                );
            }
        }
        ui.add_space(6.0);
        egui::Grid::new("today-ratings")
            .num_columns(2)
            .spacing([12.0, 6.0])
            .show(ui, |ui| {
                row(ui, "Cravings (0–10)", None, |ui, label| {
                    rating(ui, &mut d.cravings, label, "cravings");
                });
                row(ui, "Pain (0–10)", None, |ui, label| {
                    rating(ui, &mut d.pain, label, "pain");
                });
                row(
                    ui,
                    "Sleep last night (hours)",
                    errors.get(&DraftField::Sleep),
                    |ui, label| {
                        text_field(ui, &mut d.sleep, label, 60.0, "7.5");
                    },
                );
            });

        section(ui, "Warning signs: tick any you have");
        ui.label(
            "If you tick any of these, seek medical care now. They can be signs of liver \
             injury or other harm from kratom.",
        );
        egui::Grid::new("today-red-flags")
            .num_columns(2)
            .spacing([16.0, 4.0])
            .show(ui, |ui| {
                for pair in RedFlag::ALL.chunks(2) {
                    for flag in pair {
                        let mut on = d.red_flags.contains(flag);
                        if ui.checkbox(&mut on, flag.plain_label()).changed() {
                            d.set_red_flag(*flag, on);
                        }
                    }
                    ui.end_row();
                }
            });

        section(ui, "Other substances used today");
        ui.label(
            "Opioids, benzodiazepines, alcohol and other sedatives taken with kratom can \
             slow or stop breathing.",
        );
        for substance in Substance::ALL {
            let mut on = d.substances.contains(&substance);
            if ui.checkbox(&mut on, substance.label()).changed() {
                d.set_substance(substance, on);
            }
        }

        section(ui, "Note");
        let label = ui.label("Note").id;
        ui.add(
            egui::TextEdit::multiline(&mut d.note)
                .desired_rows(3)
                .desired_width(f32::INFINITY)
                .hint_text("anything you want your clinician to know"),
        )
        .labelled_by(label);
        ui.add_space(6.0);
        ui.checkbox(&mut d.hold_requested, HOLD_LABEL);
        ui.label(
            egui::RichText::new(
                "Your clinician decides; your plan stays as it is until they change it.",
            )
            .small()
            .weak(),
        );
        ui.add_space(12.0);
    }

    /// The dose rows, "Took it as planned", "Add dose" and the running total.
    fn doses(&mut self, ui: &mut egui::Ui, planned: &[Amount], unit: Unit) {
        ui.horizontal(|ui| {
            let planned_text = planned
                .iter()
                .map(|a| a.with_unit(unit))
                .collect::<Vec<_>>()
                .join(" + ");
            let button = ui
                .add_enabled(!planned.is_empty(), egui::Button::new(AS_PLANNED_LABEL))
                .on_hover_text(format!("Fills in the planned doses: {planned_text}"))
                .on_disabled_hover_text("Nothing is planned for this day.");
            if button.clicked() {
                self.draft.fill_planned(planned);
            }
            if ui.button("Add dose").clicked() {
                self.draft.doses.push(DoseDraft::default());
            }
        });
        let mut remove = None;
        for (i, dose) in self.draft.doses.iter_mut().enumerate() {
            let n = i + 1;
            ui.horizontal(|ui| {
                ui.label(format!("Dose {n}"));
                ui.add(
                    egui::TextEdit::singleline(&mut dose.amount)
                        .desired_width(70.0)
                        .hint_text("amount"),
                )
                .accessible_name(format!("Dose {n} amount"));
                ui.label(unit.symbol());
                ui.label("at");
                ui.add(
                    egui::TextEdit::singleline(&mut dose.time)
                        .desired_width(60.0)
                        .hint_text("HH:MM"),
                )
                .accessible_name(format!("Dose {n} time"))
                .on_hover_text("The time you took it, if you remember (HH:MM)");
                if ui
                    .small_button("Remove")
                    .accessible_name(format!("Remove dose {n}"))
                    .clicked()
                {
                    remove = Some(i);
                }
            });
            for field in [DraftField::DoseAmount(i), DraftField::DoseTime(i)] {
                if let Some(message) = self.errors.get(&field) {
                    error_label(ui, message);
                }
            }
        }
        if let Some(i) = remove {
            self.draft.doses.remove(i);
            // Messages are by row number; the next save attempt renumbers them.
            self.errors
                .retain(|k, _| !matches!(k, DraftField::DoseAmount(_) | DraftField::DoseTime(_)));
        }
        if self.draft.doses.is_empty() {
            ui.label(
                egui::RichText::new("No dose logged yet for this day.")
                    .weak()
                    .italics(),
            );
        } else {
            let total = self.draft.typed_total(unit);
            let planned_total: Amount = planned.iter().copied().sum();
            let text = format!(
                "Total: {} (planned: {})",
                total.with_unit(unit),
                planned_total.with_unit(unit)
            );
            if total > planned_total {
                ui.colored_label(
                    ui.visuals().warn_fg_color,
                    format!("{text}: more than planned"),
                );
            } else {
                ui.label(text);
            }
        }
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
                .on_hover_text("Saves this day's log; your clinician sees it at the next review");
            let unsaved = self.draft != self.loaded;
            let applied = self.saved_at.is_some_and(|r| session.revision > r);
            if unsaved && applied {
                // Edited again after the save went through.
                self.saved_at = None;
            }
            if save.clicked() {
                self.save(session.revision, unit, instrument, today, actions);
            }
            if self.saved_at.is_some_and(|r| session.revision > r) {
                ui.label("✔ Saved.");
            } else if unsaved {
                ui.colored_label(ui.visuals().warn_fg_color, "Unsaved changes.");
            }
            if let Some(notice) = &self.notice {
                ui.label(notice);
            }
            if let Some(message) = self.errors.get(&DraftField::Entry) {
                error_label(ui, message);
            } else if !self.errors.is_empty() {
                error_label(ui, "Not saved: please correct the fields marked above.");
            }
        });
        ui.add_space(4.0);
    }

    fn save(
        &mut self,
        revision: u64,
        unit: Unit,
        instrument: Option<&Instrument>,
        today: NaiveDate,
        actions: &mut Vec<Action>,
    ) {
        self.notice = None;
        match self.draft.parse(unit, instrument, today) {
            Ok(entry) if self.draft.is_unchanged(&entry) => {
                self.errors.clear();
                self.notice = Some("Nothing changed since the last save.".into());
            }
            Ok(entry) => {
                self.errors.clear();
                self.saved_at = Some(revision);
                actions.push(Action::UpsertEntry(entry));
            }
            Err(errors) => self.errors = errors,
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
        let record = session.record();
        ui.heading("Your progress");
        if let Some(schedule) = schedule {
            ui.label(progress_text(schedule, today));
            let original = session.derived().original.as_ref();
            let unit = schedule.unit;
            let symptoms_logged = instrument.is_some_and(|i| {
                record
                    .journal
                    .entries()
                    .iter()
                    .any(|e| e.score(&i.id).is_some())
            });
            let height = if symptoms_logged {
                CHART_HEIGHT_WITH_SYMPTOMS
            } else {
                CHART_HEIGHT
            };
            self.chart.show(
                ui,
                height,
                session.revision,
                || chart_data(record, schedule, original, instrument, today),
                |date| hover_text(&record.journal, schedule, instrument, date, today, unit),
            );
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

/// The red-flag alert for flags ticked in the form but not saved yet, worded as the
/// rule words it, so the patient is told to seek care before even saving.
fn unsaved_red_flag_alert(
    record: &PatientRecord,
    schedule: Option<&Schedule>,
    instrument: Option<&Instrument>,
    draft: &DayDraft,
    today: NaiveDate,
) -> Option<Alert> {
    if draft.red_flags.is_empty() {
        return None;
    }
    let mut saved: Vec<RedFlag> = record
        .journal
        .get(draft.date)
        .map(|e| e.red_flags.clone())
        .unwrap_or_default();
    saved.sort();
    saved.dedup();
    if saved == draft.red_flags {
        return None;
    }
    let mut entry = draft
        .parse(record.plan.inputs.unit, instrument, today)
        .unwrap_or_else(|_| DayEntry::new(draft.date));
    entry.red_flags = draft.red_flags.clone();
    let alert = schedule.and_then(|schedule| {
        let alone = PatientRecord {
            patient: record.patient.clone(),
            plan: record.plan.clone(),
            journal: Journal::from_entries(vec![entry]).ok()?,
            visits: Vec::new(),
            products: Vec::new(),
            audit: Vec::new(),
        };
        rules::red_flag(&alone, schedule, draft.date)
            .into_iter()
            .next()
    });
    let mut alert = alert.unwrap_or_else(|| fallback_red_flag_alert(draft));
    let what = if draft.red_flags.iter().any(|f| f.is_emergency()) {
        "Emergency symptoms"
    } else {
        "Red-flag symptoms"
    };
    alert.title = format!("{what} ticked for {}", draft.date);
    Some(alert)
}

/// The red-flag alert when there is no schedule to word it with (a plan that does not
/// generate): the same instruction, without the amounts.
fn fallback_red_flag_alert(draft: &DayDraft) -> Alert {
    let emergency = draft.red_flags.iter().any(|f| f.is_emergency());
    let symptoms: Vec<&str> = draft.red_flags.iter().map(|f| f.plain_label()).collect();
    let mut basis: Vec<Basis> = Vec::new();
    for b in draft.red_flags.iter().map(|f| f.basis()) {
        if !basis.contains(&b) {
            basis.push(b);
        }
    }
    let instruction = if emergency {
        "Call emergency services now."
    } else {
        "Seek medical care now: call your clinician today, or go to urgent care or an \
         emergency department."
    };
    Alert {
        rule: RuleId::RedFlag,
        severity: Severity::Urgent,
        audience: Audience::Both,
        // Titled by the caller, as for the rule's own alert.
        title: String::new(),
        message: symptoms.join("; "),
        patient_instruction: Some(format!(
            "{instruction} Tell them you take kratom and which symptoms you have: {}.",
            symptoms.join("; ")
        )),
        date: draft.date,
        triggered_by: vec![draft.date],
        basis,
        suggestion: None,
    }
}

/// The red banner: what to do now, in large type, with the source in small type.
fn urgent_banner(ui: &mut egui::Ui, alerts: &[(Alert, bool)]) {
    let text = egui::Color32::WHITE;
    egui::Frame::new()
        .fill(egui::Color32::from_rgb(165, 20, 30))
        .stroke(egui::Stroke::new(2.0, egui::Color32::from_rgb(100, 0, 10)))
        .corner_radius(6.0)
        .inner_margin(12.0)
        .outer_margin(egui::Margin::symmetric(0, 6))
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            for (i, (alert, unsaved)) in alerts.iter().take(BANNER_MAX_ALERTS).enumerate() {
                if i > 0 {
                    ui.add_space(8.0);
                }
                ui.label(
                    egui::RichText::new(format!("⚠ {}", alert.title))
                        .size(24.0)
                        .strong()
                        .color(text),
                )
                .on_hover_text(&alert.message);
                if let Some(instruction) = &alert.patient_instruction {
                    ui.label(
                        egui::RichText::new(instruction)
                            .size(19.0)
                            .strong()
                            .color(text),
                    );
                }
                if *unsaved {
                    ui.label(
                        egui::RichText::new(
                            "Not saved yet: save your log so that your clinician sees it.",
                        )
                        .color(text),
                    );
                }
                for basis in &alert.basis {
                    ui.label(
                        egui::RichText::new(format!("Basis: {}", basis.source))
                            .small()
                            .color(text),
                    )
                    .on_hover_text(basis.text);
                }
            }
            let more = alerts.len().saturating_sub(BANNER_MAX_ALERTS);
            if more > 0 {
                ui.label(
                    egui::RichText::new(format!(
                        "…and {more} more day(s) with red-flag symptoms in the last two weeks."
                    ))
                    .color(text),
                );
            }
        });
}

/// A warning or note for the patient, with its basis.
fn message(ui: &mut egui::Ui, alert: &Alert) {
    let icon = match alert.severity {
        Severity::Urgent | Severity::Warning => "⚠",
        Severity::Note => "ℹ",
    };
    let title = egui::RichText::new(format!("{icon} {}", alert.title)).strong();
    if alert.severity == Severity::Warning {
        ui.label(title.color(ui.visuals().warn_fg_color));
    } else {
        ui.label(title);
    }
    ui.label(&alert.message);
    if let Some(instruction) = &alert.patient_instruction {
        ui.label(egui::RichText::new(instruction).strong());
    }
    for basis in &alert.basis {
        ui.label(
            egui::RichText::new(format!("Basis: {basis}"))
                .small()
                .weak(),
        );
    }
    ui.add_space(6.0);
}

/// The day's heading, its planned amount and doses in large type, the day of the
/// taper, the next check-in, and whether the day was logged (and when).
fn day_header(
    ui: &mut egui::Ui,
    record: &PatientRecord,
    schedule: Result<&Schedule, &String>,
    date: NaiveDate,
    today: NaiveDate,
) {
    let unit = record.plan.inputs.unit;
    if date == today {
        ui.heading(format!("Today, {}", long_date(date)));
    } else {
        ui.heading(format!("{} (an earlier day)", long_date(date)));
    }
    let schedule = match schedule {
        Ok(schedule) => schedule,
        Err(e) => {
            error_label(
                ui,
                &format!("The plan cannot be shown ({e}). Ask your clinician."),
            );
            return;
        }
    };
    let planned = schedule.planned_on(date);
    let doses: Vec<Amount> = schedule
        .day_at(date)
        .map(|d| schedule.doses(d).to_vec())
        .unwrap_or_default();
    let what = if date == today {
        "planned for today"
    } else {
        "planned for this day"
    };
    ui.horizontal(|ui| {
        ui.label(
            egui::RichText::new(planned.with_unit(unit))
                .size(40.0)
                .strong(),
        );
        ui.label(egui::RichText::new(what).size(18.0));
    });
    if doses.len() > 1 && !planned.is_zero() {
        let per_dose: Vec<String> = doses.iter().map(|a| a.with_unit(unit)).collect();
        ui.label(
            egui::RichText::new(format!(
                "in {} doses: {}",
                doses.len(),
                per_dose.join(" + ")
            ))
            .size(22.0),
        );
    }
    ui.label(egui::RichText::new(day_text(schedule, date)).size(16.0));
    if let Some(day) = schedule.day_at(date) {
        match day.note {
            DayNote::Reduction => {
                ui.label("The amount goes down on this day.");
            }
            DayNote::Hold => {
                ui.label("Your clinician paused the taper from this day (hold).");
            }
            DayNote::Increase => {
                ui.label("Your clinician raised the amount from this day.");
            }
            DayNote::Stop | DayNote::None => {}
        }
    }
    ui.label(egui::RichText::new(next_check_in_text(schedule, today)).size(16.0));
    if record.plan.approval.is_none() {
        ui.label(
            egui::RichText::new("Your clinician has not approved this plan yet.")
                .weak()
                .italics(),
        );
    }
    ui.label(log_state_text(record.journal.get(date), date, today));
}

/// "You are on day 15 of 42.", or when the taper starts, or "Taper finished on …".
pub fn day_text(schedule: &Schedule, date: NaiveDate) -> String {
    if date < schedule.start_date {
        format!("Your taper starts on {}.", long_date(schedule.start_date))
    } else if date >= schedule.stop_date {
        format!("Taper finished on {}.", long_date(schedule.stop_date))
    } else {
        let day = (date - schedule.start_date).num_days() + 1;
        format!("You are on day {day} of {}.", schedule.taper_days())
    }
}

/// The progress line for the chart: the day of the taper today, or that it finished.
fn progress_text(schedule: &Schedule, today: NaiveDate) -> String {
    day_text(schedule, today)
}

/// "Next check-in: visit on Tue 2026-12-15".
pub fn next_check_in_text(schedule: &Schedule, today: NaiveDate) -> String {
    match schedule.next_check_in(today) {
        Some(c) => {
            let kind = match c.kind {
                CheckInKind::Visit => "visit",
                CheckInKind::SelfCheck => "self check-in",
            };
            let when = if c.date == today {
                format!("today ({})", long_date(c.date))
            } else {
                format!("on {}", long_date(c.date))
            };
            format!("Next check-in: {kind} {when}")
        }
        None => "No more check-ins are planned.".to_string(),
    }
}

/// Whether the day was logged, and when; a day filled in later says so.
fn log_state_text(entry: Option<&DayEntry>, date: NaiveDate, today: NaiveDate) -> String {
    match entry {
        Some(e) if e.is_late() => format!(
            "Logged for this day: entered late on {}.",
            e.logged_on.unwrap_or(date)
        ),
        Some(e) => match e.logged_on {
            Some(on) => format!("Logged on {on}."),
            None => "Logged.".to_string(),
        },
        None if date < today => format!(
            "Nothing logged for this day. Filled in now, it is marked as entered late (on {today})."
        ),
        None => "Nothing logged yet today.".to_string(),
    }
}

/// "Tue 2026-12-15".
fn long_date(date: NaiveDate) -> String {
    date.format("%a %Y-%m-%d").to_string()
}

/// The chart's data: the plan (original and revised), what was taken, the daily
/// checklist total over its bands, and the red-flag days.
fn chart_data(
    record: &PatientRecord,
    schedule: &Schedule,
    original: Option<&Schedule>,
    instrument: Option<&Instrument>,
    today: NaiveDate,
) -> ChartData {
    let mut data = match original {
        Some(original) => ChartData::from_schedules(original, Some(schedule), Some(today)),
        None => ChartData::from_schedules(schedule, None, Some(today)),
    };
    for entry in record.journal.entries() {
        if !entry.doses.is_empty() {
            data.taken.push((entry.date, entry.total_taken()));
        }
        if let Some(score) = instrument.and_then(|i| entry.score(&i.id)) {
            data.symptoms.push((entry.date, score.total()));
        }
        if !entry.red_flags.is_empty() {
            data.red_flags.push(entry.date);
        }
    }
    // The symptom plot is drawn only once there is something to show in it.
    if let Some(instrument) = instrument.filter(|_| !data.symptoms.is_empty()) {
        data.symptom_bands = instrument.bands.clone();
        data.symptom_max = instrument.max_total();
    }
    data
}

/// The tooltip for a day of the chart.
fn hover_text(
    journal: &Journal,
    schedule: &Schedule,
    instrument: Option<&Instrument>,
    date: NaiveDate,
    today: NaiveDate,
    unit: Unit,
) -> String {
    let mut lines = vec![
        long_date(date),
        format!("Planned: {}", schedule.planned_on(date).with_unit(unit)),
    ];
    match journal.get(date) {
        Some(entry) => {
            if !entry.doses.is_empty() {
                lines.push(format!("Taken: {}", entry.total_taken().with_unit(unit)));
            }
            if let Some(score) = instrument.and_then(|i| entry.score(&i.id)) {
                lines.push(format!("Symptom total: {}", score.total()));
            }
            if !entry.red_flags.is_empty() {
                lines.push("⚠ Red-flag symptoms logged".to_string());
            }
            if entry.is_late() {
                lines.push("Entered late".to_string());
            }
        }
        None if date <= today => lines.push("Nothing logged".to_string()),
        None => {}
    }
    lines.join("\n")
}

/// The daily checklist: one row per item with its allowed values; clicking the
/// chosen value again clears the answer.
fn checklist(ui: &mut egui::Ui, draft: &mut DayDraft, instrument: &Instrument) {
    ui.label(egui::RichText::new(&instrument.name).strong())
        .on_hover_text(&instrument.source);
    egui::Grid::new("today-checklist")
        .num_columns(2)
        .striped(true)
        .spacing([12.0, 4.0])
        .show(ui, |ui| {
            for item in &instrument.items {
                ui.label(&item.label).on_hover_text(&item.help);
                ui.horizontal(|ui| {
                    let current = draft.answers.get(&item.id).copied();
                    for value in &item.values {
                        let selected = current == Some(value.score);
                        let response = ui
                            .selectable_label(selected, value.score.to_string())
                            .on_hover_text(&value.label)
                            .accessible_name(format!(
                                "{}: {} ({})",
                                item.label, value.score, value.label
                            ));
                        if response.clicked() {
                            if selected {
                                draft.answers.remove(&item.id);
                            } else {
                                draft.answers.insert(item.id.clone(), value.score);
                            }
                        }
                    }
                });
                ui.end_row();
            }
        });
    let answers: Vec<(&str, u8)> = draft
        .answers
        .iter()
        .map(|(item, score)| (item.as_str(), *score))
        .collect();
    if answers.is_empty() {
        ui.label(
            egui::RichText::new("Checklist: not answered yet.")
                .weak()
                .italics(),
        );
    } else if let Ok(total) = instrument.score_partial(&answers) {
        let band = instrument
            .band(total)
            .map(|b| format!(" ({})", b.name))
            .unwrap_or_default();
        let answered = if answers.len() < instrument.items.len() {
            format!(", {} of {} answered", answers.len(), instrument.items.len())
        } else {
            String::new()
        };
        let response = ui.label(format!(
            "Checklist total: {total} of {}{band}{answered}",
            instrument.max_total()
        ));
        if let Some(note) = &instrument.bands_note {
            response.on_hover_text(note);
        }
    }
}

/// A 0–10 rating: a slider that stays "not rated" until it is moved, and a way back.
fn rating(ui: &mut egui::Ui, value: &mut Option<u8>, label: egui::Id, what: &str) {
    let mut shown = value.unwrap_or(0);
    let response = ui
        .add(egui::Slider::new(&mut shown, 0..=10).show_value(false))
        .labelled_by(label);
    if response.changed() || response.clicked() || response.drag_stopped() {
        *value = Some(shown);
    }
    match value {
        Some(v) => {
            ui.label(egui::RichText::new(v.to_string()).strong());
            if ui
                .small_button("Clear")
                .accessible_name(format!("Clear {what}"))
                .on_hover_text("Leave it not rated")
                .clicked()
            {
                *value = None;
            }
        }
        None => {
            ui.label(egui::RichText::new("not rated").weak().italics());
        }
    }
}

/// A section title inside the form.
fn section(ui: &mut egui::Ui, title: &str) {
    ui.add_space(10.0);
    ui.label(egui::RichText::new(title).size(18.0).strong());
    ui.separator();
}

/// One form row: the label, the widget(s) and the field's error.
fn row(
    ui: &mut egui::Ui,
    label: &str,
    error: Option<&String>,
    widget: impl FnOnce(&mut egui::Ui, egui::Id),
) {
    let label_id = ui.label(label).id;
    ui.vertical(|ui| {
        ui.horizontal(|ui| widget(ui, label_id));
        if let Some(message) = error {
            error_label(ui, message);
        }
    });
    ui.end_row();
}

/// A one-line text field named by its label.
fn text_field(ui: &mut egui::Ui, text: &mut String, label: egui::Id, width: f32, hint: &str) {
    ui.add(
        egui::TextEdit::singleline(text)
            .desired_width(width)
            .hint_text(hint),
    )
    .labelled_by(label);
}

fn error_label(ui: &mut egui::Ui, message: &str) {
    ui.label(egui::RichText::new(format!("⚠ {message}")).color(ui.visuals().error_fg_color));
}
