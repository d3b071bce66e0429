//! The clinician's visit: the journal since the last visit, the alerts with their
//! basis, the progress chart, a COWS form, and the decision (continue, hold, slow down,
//! adjust, stop) recorded with its reason and applied as a plan revision.
//!
//! The app suggests and the clinician decides: every alert shows its rule, the journal
//! days that triggered it and its cited basis, and a suggested hold becomes a revision
//! only when the clinician accepts it (one click, in their name).

mod card_heights;
mod cows;
mod decision;
mod journal;

use chrono::NaiveDate;

use crate::domain::journal::{Decision, Visit};
use crate::domain::revision::{Change, Revision};
use crate::domain::rules::{Alert, Severity, Suggestion, acknowledge_all};
use crate::domain::schedule::{Schedule, generate};
use crate::ui::common::chart_view::ChartView;
use crate::ui::common::layout::{ScreenCtx, central_panel, side_panel};
use crate::ui::common::progress::show_chart;
use crate::ui::common::widgets::error_label;
use crate::ui::session::{Action, Outcome, Session, Settle};
use card_heights::CardHeights;
use cows::CowsForm;
use decision::DecisionForm;
use journal::{journal_table, review_from};

/// Height of the progress chart, in points.
pub const CHART_HEIGHT: f32 = 340.0;

/// How many stop-date previews are kept for one record revision (the form's and the
/// suggestions'); typing in the form adds one per distinct value.
const PREVIEW_CACHE: usize = 64;
/// The alerts shown as full cards, besides every alert with a suggestion (whose card
/// has its button); the rest are listed a line each. A long record never seen at a
/// visit can have hundreds (a red flag stays until a visit sees it): hundreds of cards
/// would be unreadable and slow to draw.
const ALERT_CARDS_MAX: usize = 20;

/// A previewed revision and the stop date it would give (or why it cannot apply).
type Preview = (NaiveDate, Change, Result<NaiveDate, String>);

/// State of the Visit screen that is not part of the record.
#[derive(Default)]
pub struct VisitScreen {
    pub cows: CowsForm,
    pub form: DecisionForm,
    error: Option<String>,
    /// Shown after a visit was recorded, until the form is used again.
    recorded: Option<String>,
    chart: ChartView,
    /// Stop-date previews for one record revision.
    previews: (u64, Vec<Preview>),
    /// The height each alert card had when last drawn, by what it shows.
    card_heights: CardHeights,
}

impl Settle for VisitScreen {
    /// Clears the form once the session took the visit, or keeps it (nothing typed is
    /// lost) and says why when the session refused it.
    fn settle(&mut self, outcomes: &[Outcome]) {
        for outcome in outcomes {
            let Action::RecordVisit { visit, .. } = &outcome.action else {
                continue;
            };
            match &outcome.result {
                Ok(()) => {
                    self.form = DecisionForm::default();
                    self.cows.clear();
                    self.error = None;
                    self.recorded = Some(format!(
                        "✔ Visit recorded: {} — {}",
                        visit.decision.label(),
                        visit.reason
                    ));
                }
                Err(reason) => {
                    self.error = Some(format!(
                        "The visit was not recorded ({reason}). Your entries are kept."
                    ));
                }
            }
        }
    }
}

impl VisitScreen {
    /// Draws the screen; returns the actions the clinician took.
    pub fn show(
        &mut self,
        ui: &mut egui::Ui,
        session: &Session,
        today: NaiveDate,
        who: &str,
    ) -> Vec<Action> {
        let mut cx = ScreenCtx::new(session, today, who);
        let schedule = match &session.derived().schedule {
            Ok(schedule) => schedule,
            Err(message) => {
                let message = format!("No schedule, so there is nothing to review: {message}");
                egui::CentralPanel::default().show(ui, |ui| {
                    ui.heading("Visit");
                    ui.colored_label(ui.visuals().error_fg_color, message);
                });
                return cx.actions;
            }
        };
        let decision = egui::Panel::right("visit-decision-panel");
        side_panel(
            ui,
            decision,
            480.0,
            ("visit-decision-scroll", &session.record().id),
            |ui| {
                self.decision_panel(ui, &mut cx, schedule);
            },
        );
        central_panel(ui, ("visit-review-scroll", &session.record().id), |ui| {
            self.review_panel(ui, &mut cx, schedule);
        });
        cx.actions
    }

    /// How many times the progress chart was drawn (tests use it to show that frames
    /// where nothing changed reuse the picture).
    pub fn chart_renders(&self) -> u64 {
        self.chart.renders
    }

    /// Sends a visit (with its revision) as one action. The visit marks every alert
    /// the screen shows as seen: red flags and hold requests stay alerts until one does.
    fn send(&mut self, cx: &mut ScreenCtx, mut visit: Visit, revision: Option<Revision>) {
        visit.acknowledged = acknowledge_all(cx.session.alerts(), cx.session.record());
        cx.actions.push(Action::RecordVisit { visit, revision });
        self.error = None;
        self.recorded = None;
    }

    /// The stop date the plan would have with one more revision, cached per record
    /// revision so that nothing is regenerated on frames where nothing changed.
    fn stop_after(
        &mut self,
        session: &Session,
        effective: NaiveDate,
        change: &Change,
    ) -> Result<NaiveDate, String> {
        if self.previews.0 != session.revision {
            self.previews = (session.revision, Vec::new());
        }
        if let Some((_, _, stop)) = self
            .previews
            .1
            .iter()
            .find(|(e, c, _)| *e == effective && c == change)
        {
            return stop.clone();
        }
        let record = session.record();
        let mut revisions = record.plan.revisions.clone();
        revisions.push(Revision {
            effective,
            change: change.clone(),
            reason: String::new(),
            decided_by: String::new(),
            meta: Default::default(),
        });
        let stop = generate(&record.plan.inputs, &revisions)
            .map(|s| s.stop_date)
            .map_err(|e| e.to_string());
        if self.previews.1.len() >= PREVIEW_CACHE {
            self.previews.1.clear();
        }
        self.previews
            .1
            .push((effective, change.clone(), stop.clone()));
        stop
    }

    /// The right-hand side: COWS, the decision form with its effect on the stop date,
    /// and the button that records both.
    fn decision_panel(&mut self, ui: &mut egui::Ui, cx: &mut ScreenCtx, schedule: &Schedule) {
        let (today, editable) = (cx.today, cx.editable);
        let unit = schedule.unit;
        // A revision never rewrites the past, nor days before the plan starts.
        let effective = today.max(schedule.start_date);
        ui.heading("COWS");
        self.cows.show(ui, editable);
        ui.separator();
        ui.heading("Decision");
        self.form.show(ui, unit, effective, editable);
        ui.label(format!("Stop date now: {}", schedule.stop_date));
        match self.form.change(unit) {
            Ok(Some(change)) => match self.stop_after(cx.session, effective, &change) {
                Ok(stop) => {
                    ui.label(format!("Stop date after this decision: {stop}"));
                }
                Err(e) => {
                    ui.colored_label(
                        ui.visuals().warn_fg_color,
                        format!("⚠ This change cannot be applied: {e}"),
                    );
                }
            },
            Ok(None) => {
                ui.label(format!(
                    "Stop date after this decision: {} (unchanged)",
                    schedule.stop_date
                ));
            }
            Err(e) => {
                ui.label(egui::RichText::new(e).weak());
            }
        }
        if let Some(error) = &self.error {
            error_label(ui, error);
        }
        let record = ui
            .add_enabled(editable, egui::Button::new("Record decision"))
            .on_hover_text(
                "Records the visit with the COWS score and applies the decision to the plan",
            );
        if record.clicked() {
            let built = self
                .cows
                .score()
                .and_then(|cows| self.form.build(unit, today, effective, cx.who, cows));
            match built {
                Ok((visit, revision)) => self.send(cx, visit, revision),
                Err(message) => self.error = Some(message),
            }
        }
        if !editable {
            ui.label(
                egui::RichText::new("Read-only: this patient is open in another window.").weak(),
            );
        }
        if let Some(recorded) = &self.recorded {
            ui.label(recorded);
        }
        ui.label(
            egui::RichText::new(
                "The app suggests; you decide. The decision, its reason and your name go into \
                 the plan's history, and the alerts shown are marked as seen: red flags and \
                 hold requests stay until a visit has seen them.",
            )
            .small()
            .weak(),
        );
    }

    /// The main side: where the plan stands, the alerts with their suggestions, the
    /// progress chart and the journal since the last visit.
    fn review_panel(&mut self, ui: &mut egui::Ui, cx: &mut ScreenCtx, schedule: &Schedule) {
        let (session, today) = (cx.session, cx.today);
        let record = session.record();
        let from = review_from(record);
        plan_status(ui, cx, schedule, from);
        self.alerts_section(ui, cx, schedule);
        ui.add_space(6.0);
        ui.heading("Progress");
        show_chart(&mut self.chart, ui, session, schedule, today, CHART_HEIGHT);

        ui.add_space(6.0);
        ui.heading(if record.visits.is_empty() {
            "Journal since the plan started"
        } else {
            "Journal since the last visit"
        });
        journal_table(ui, record, schedule, from, today);

        if !record.visits.is_empty() {
            ui.add_space(6.0);
            ui.collapsing(format!("All visits ({})", record.visits.len()), |ui| {
                for visit in record.visits.iter().rev() {
                    ui.label(format!("{}: {}", visit.date, decision_text(visit, true)));
                }
            });
        }
    }

    /// The clinician's alerts, each with its suggestion and the stop date it would give.
    fn alerts_section(&mut self, ui: &mut egui::Ui, cx: &mut ScreenCtx, schedule: &Schedule) {
        let (session, today) = (cx.session, cx.today);
        ui.add_space(6.0);
        ui.heading("Alerts");
        let alerts: Vec<&Alert> = session
            .alerts()
            .iter()
            .filter(|a| a.audience.includes_clinician())
            .collect();
        if alerts.is_empty() {
            ui.label(format!("No alerts for the clinician on {today}."));
        }
        // Urgent alerts sort first; a suggestion further down keeps its card.
        let (cards, lines): (Vec<_>, Vec<_>) = alerts
            .into_iter()
            .enumerate()
            .partition(|(i, alert)| *i < ALERT_CARDS_MAX || alert.suggestion.is_some());
        self.card_heights.width(ui.available_width());
        for (index, alert) in cards {
            let preview = alert
                .suggestion
                .map(|s| self.stop_after(session, s.effective(), &s.change()));
            let key = CardHeights::key(alert, schedule.stop_date, &preview, cx.editable);
            if self.card_heights.skipped_out_of_view(ui, key) {
                continue;
            }
            let card = ui.push_id(("visit-alert", index), |ui| {
                alert_card(ui, alert, schedule.stop_date, preview, cx.editable)
            });
            self.card_heights.drawn(key, card.response.rect.height());
            let accepted = card.inner;
            if let Some(suggestion) = accepted {
                match self.accept(alert, suggestion, today, cx.who) {
                    Ok((visit, revision)) => self.send(cx, visit, Some(revision)),
                    Err(message) => self.error = Some(message),
                }
            }
        }
        if !lines.is_empty() {
            let rest: Vec<&Alert> = lines.into_iter().map(|(_, alert)| alert).collect();
            more_alerts(ui, &rest);
        }
    }

    /// The visit and revision that accepting a suggestion makes, in `who`'s name. A
    /// fully rated COWS on the form goes with it; a partly rated one stops it, so that
    /// no rating is lost.
    fn accept(
        &self,
        alert: &Alert,
        suggestion: Suggestion,
        today: NaiveDate,
        who: &str,
    ) -> Result<(Visit, Revision), String> {
        let who = who.trim();
        if who.is_empty() {
            return Err("Enter your name under \"You are\": the visit records who decided".into());
        }
        let cows = self.cows.score()?;
        let reason = format!(
            "Accepted the suggestion of rule {}: {}",
            alert.rule.name(),
            alert.title
        );
        let decision = match suggestion {
            Suggestion::Hold { .. } => Decision::Hold,
        };
        let visit = Visit {
            date: today,
            cows,
            decision,
            reason: reason.clone(),
            decided_by: who.to_string(),
            meta: Default::default(),
            acknowledged: Vec::new(),
        };
        let revision = Revision {
            effective: suggestion.effective(),
            change: suggestion.change(),
            reason,
            decided_by: who.to_string(),
            meta: Default::default(),
        };
        Ok((visit, revision))
    }
}

/// "Hold by Dr Ames, COWS 14 (withdrawal after the cut)": what was decided, by whom,
/// the COWS total when asked for and rated, and the reason when one was given.
fn decision_text(visit: &Visit, with_cows: bool) -> String {
    let cows = match &visit.cows {
        Some(cows) if with_cows => format!(", COWS {}", cows.total()),
        _ => String::new(),
    };
    let reason = if visit.reason.is_empty() {
        String::new()
    } else {
        format!(" ({})", visit.reason)
    };
    format!(
        "{} by {}{cows}{reason}",
        visit.decision.label(),
        visit.decided_by
    )
}

/// One alert with everything the clinician needs to review it: severity, title,
/// message, rule, triggering days and cited basis. Returns the suggestion when its
/// accept button was clicked.
fn alert_card(
    ui: &mut egui::Ui,
    alert: &Alert,
    stop_now: NaiveDate,
    preview: Option<Result<NaiveDate, String>>,
    editable: bool,
) -> Option<Suggestion> {
    let mut accepted = None;
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.set_width(ui.available_width());
        let (icon, colour) = match alert.severity {
            Severity::Urgent => ("⚠", ui.visuals().error_fg_color),
            Severity::Warning => ("⚠", ui.visuals().warn_fg_color),
            Severity::Note => ("ℹ", ui.visuals().text_color()),
        };
        ui.horizontal_wrapped(|ui| {
            ui.colored_label(colour, format!("{icon} {}", alert.severity.word()));
            ui.label(egui::RichText::new(&alert.title).strong());
        });
        ui.label(&alert.message);
        if let Some(instruction) = &alert.patient_instruction {
            ui.label(format!("The patient is told: {instruction}"));
        }
        let small = |text: String| egui::RichText::new(text).small();
        ui.label(small(format!("Rule: {}", alert.rule.name())));
        let triggered = if alert.triggered_by.is_empty() {
            format!("Triggered by: no entry (nothing was logged; due {})", alert.date)
        } else {
            let dates: Vec<String> = alert.triggered_by.iter().map(|d| d.to_string()).collect();
            format!("Triggered by the entries of {}", dates.join(", "))
        };
        ui.label(small(triggered));
        for basis in &alert.basis {
            ui.label(small(format!("Source: {}", basis.source)).strong());
            ui.label(small(format!("Basis: {}", basis.text)));
        }
        if let Some(suggestion) = alert.suggestion {
            ui.add_space(4.0);
            let Suggestion::Hold { from, days } = suggestion;
            let label = format!("Accept hold ({days} days from {from})");
            let applicable = matches!(preview, Some(Ok(_)));
            if ui
                .add_enabled(editable && applicable, egui::Button::new(label))
                .on_hover_text(
                    "Records a visit with the decision Hold and adds the hold to the plan, in your name",
                )
                .clicked()
            {
                accepted = Some(suggestion);
            }
            match preview {
                Some(Ok(stop)) => {
                    ui.label(format!(
                        "Accepting moves the stop date from {stop_now} to {stop}. To hold for a \
                         different length, choose Hold under Decision."
                    ));
                }
                Some(Err(e)) => {
                    ui.colored_label(
                        ui.visuals().warn_fg_color,
                        format!("⚠ The suggestion cannot be applied: {e}"),
                    );
                }
                None => {}
            }
        }
    });
    accepted
}

/// Where the plan stands today, the last visit, and any hold the patient asked for.
fn plan_status(ui: &mut egui::Ui, cx: &ScreenCtx, schedule: &Schedule, from: NaiveDate) {
    let (session, today) = (cx.session, cx.today);
    let record = session.record();
    ui.heading(format!("Visit on {today}: {}", record.patient.display_name));
    ui.horizontal_wrapped(|ui| {
        if let Some(day) = schedule
            .day_at(today)
            .filter(|_| today < schedule.stop_date)
        {
            ui.label(format!(
                "Day {} of {}: {} planned today",
                day.day,
                schedule.taper_days(),
                day.amount.with_unit(schedule.unit)
            ));
            ui.separator();
        }
        ui.label(format!("Stop date: {}", schedule.stop_date));
        if let Some(original) = session
            .derived()
            .original
            .as_ref()
            .filter(|o| o.stop_date != schedule.stop_date)
        {
            ui.label(format!("(originally {})", original.stop_date));
        }
    });
    match record.visits.iter().max_by_key(|v| v.date) {
        Some(visit) => {
            ui.label(format!(
                "Last visit: {}, {}",
                visit.date,
                decision_text(visit, false)
            ));
        }
        None => {
            ui.label(format!(
                "No earlier visit: the journal is reviewed from the plan's start on {from}."
            ));
        }
    }
    let asked: Vec<String> = record
        .journal
        .since(from)
        .iter()
        .filter(|e| e.hold_requested && e.date <= today)
        .map(|e| e.date.to_string())
        .collect();
    if !asked.is_empty() {
        ui.colored_label(
            ui.visuals().warn_fg_color,
            format!("The patient asked for a hold on {}.", asked.join(", ")),
        );
    }
}

/// The alerts after the first cards, one line each (hover for the whole text), in a
/// list that lays out only the lines in view. Recording a decision marks them seen too.
fn more_alerts(ui: &mut egui::Ui, rest: &[&Alert]) {
    ui.add_space(4.0);
    ui.label(format!(
        "…and {} more alerts, listed a line each (hover one for its text). Recording a \
         decision marks them as seen too.",
        rest.len()
    ));
    let line = ui.text_style_height(&egui::TextStyle::Body) + ui.spacing().item_spacing.y;
    egui::ScrollArea::vertical()
        .id_salt("visit-more-alerts")
        .max_height(8.0 * line)
        .auto_shrink([false, true])
        .show_rows(ui, line, rest.len(), |ui, range| {
            for alert in &rest[range] {
                let colour = match alert.severity {
                    Severity::Urgent => ui.visuals().error_fg_color,
                    _ => ui.visuals().warn_fg_color,
                };
                let text = format!("⚠ {} — {}", alert.severity.word(), alert.title);
                ui.add(egui::Label::new(egui::RichText::new(text).color(colour)).truncate())
                    .on_hover_text(&alert.message);
            }
        });
}
