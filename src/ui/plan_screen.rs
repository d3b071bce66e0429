//! The plan screen: the form on the left; the schedule, its warnings with their basis,
//! the revisions and the tables on the right. While the clinician types, the right side
//! previews the typed plan; it applies on Enter.

use chrono::NaiveDate;

use super::chart_view::ChartView;
use super::plan_editor::PlanEditor;
use super::revision_dialog::{DialogOutcome, RevisionDialog, RevisionKind};
use super::schedule_view::{TableMode, day_strip, day_table, step_table};
use super::session::{Action, Session};
use crate::chart::ChartData;
use crate::domain::plan::PlanInputs;
use crate::domain::schedule::{Schedule, generate};
use crate::report::schedule_text::plan_summary;

/// State of the plan screen that is not part of the record.
pub struct PlanScreen {
    pub editor: PlanEditor,
    dialog: Option<RevisionDialog>,
    pub table_mode: TableMode,
    preview: Option<(PlanInputs, Result<Schedule, String>)>,
    chart: ChartView,
}

impl PlanScreen {
    /// A plan screen for the open session.
    pub fn new(session: &Session) -> PlanScreen {
        PlanScreen {
            editor: PlanEditor::new(&session.record().plan.inputs),
            dialog: None,
            table_mode: TableMode::ByStep,
            preview: None,
            chart: ChartView::new(),
        }
    }

    /// Draws the screen; returns the actions the clinician took.
    pub fn show(
        &mut self,
        ui: &mut egui::Ui,
        session: &Session,
        today: NaiveDate,
        who: &str,
    ) -> Vec<Action> {
        let mut actions = Vec::new();
        let record = session.record();
        let editable = session.file.read_only().is_none();
        self.editor.sync(&record.plan.inputs, session.revision);
        egui::Panel::left("plan-form-panel")
            .resizable(true)
            .default_size(400.0)
            .show(ui, |ui| {
                egui::ScrollArea::vertical().show(ui, |ui| {
                    ui.heading("Plan");
                    actions.extend(self.editor.show(ui, &record.plan.inputs, editable));
                });
            });
        let preview = self.editor.preview(&record.plan.inputs);
        egui::CentralPanel::default().show(ui, |ui| {
            let schedule = match &preview {
                Some(inputs) => {
                    if self
                        .preview
                        .as_ref()
                        .is_none_or(|(cached, _)| cached != inputs)
                    {
                        let schedule =
                            generate(inputs, &record.plan.revisions).map_err(|e| e.to_string());
                        self.preview = Some((inputs.clone(), schedule));
                    }
                    ui.colored_label(
                        ui.visuals().warn_fg_color,
                        "Preview of the typed plan: press Enter or leave the field to apply it.",
                    );
                    self.preview.as_ref().map(|(_, s)| s.clone())
                }
                None => Some(session.derived().schedule.clone()),
            };
            match schedule {
                Some(Ok(schedule)) => {
                    let inputs = preview.as_ref().unwrap_or(&record.plan.inputs);
                    self.schedule_panel(
                        ui,
                        session,
                        inputs,
                        &schedule,
                        today,
                        who,
                        editable,
                        &mut actions,
                    );
                }
                Some(Err(message)) => {
                    ui.colored_label(
                        ui.visuals().error_fg_color,
                        format!("No schedule: {message}"),
                    );
                }
                None => {}
            }
        });
        if let Some(dialog) = &mut self.dialog {
            match dialog.show(ui.ctx(), record.plan.inputs.unit, who) {
                DialogOutcome::Open => {}
                DialogOutcome::Cancelled => self.dialog = None,
                DialogOutcome::Submitted(revision) => {
                    actions.push(Action::AddRevision(revision));
                    self.dialog = None;
                }
            }
        }
        actions
    }

    #[allow(clippy::too_many_arguments)]
    fn schedule_panel(
        &mut self,
        ui: &mut egui::Ui,
        session: &Session,
        inputs: &PlanInputs,
        schedule: &Schedule,
        today: NaiveDate,
        _who: &str,
        editable: bool,
        actions: &mut Vec<Action>,
    ) {
        let record = session.record();
        ui.heading(plan_summary(inputs, schedule));
        ui.horizontal_wrapped(|ui| {
            ui.label(format!("Stop date: {}", schedule.stop_date));
            ui.separator();
            let next: Vec<String> = schedule
                .check_ins
                .iter()
                .filter(|c| c.date >= today)
                .take(4)
                .map(|c| format!("{} {}", c.kind.word(), c.date))
                .collect();
            ui.label(format!(
                "Next check-ins: {}",
                if next.is_empty() {
                    "none".to_string()
                } else {
                    next.join(", ")
                }
            ));
        });
        ui.horizontal(|ui| {
            match &record.plan.approval {
                Some(a) => {
                    ui.label(format!(
                        "✔ Approved by {} on {}",
                        a.by,
                        a.at.format("%Y-%m-%d %H:%M")
                    ));
                }
                None => {
                    ui.label("Not yet approved.");
                    if ui
                        .add_enabled(editable, egui::Button::new("Approve plan"))
                        .clicked()
                    {
                        actions.push(Action::Approve);
                    }
                }
            }
            ui.separator();
            for kind in [
                RevisionKind::Hold,
                RevisionKind::SlowDown,
                RevisionKind::SetAmount,
            ] {
                if ui
                    .add_enabled(editable, egui::Button::new(format!("{}…", kind.title())))
                    .clicked()
                {
                    self.dialog = Some(RevisionDialog::new(kind, today.max(schedule.start_date)));
                }
            }
        });
        warnings(ui, schedule);
        self.planned_chart(ui, session, inputs, schedule, today);
        if !record.plan.revisions.is_empty() {
            ui.collapsing(
                format!("Revisions ({})", record.plan.revisions.len()),
                |ui| {
                    for revision in &record.plan.revisions {
                        ui.label(format!(
                            "From {}: {} — {} ({})",
                            revision.effective,
                            revision.change.describe(record.plan.inputs.unit),
                            revision.reason,
                            revision.decided_by
                        ));
                    }
                    if let Some(original) = &session.derived().original {
                        ui.label(format!(
                            "Originally planned stop date: {}",
                            original.stop_date
                        ));
                    }
                },
            );
        }
        ui.add_space(4.0);
        day_strip(ui, schedule, today);
        ui.horizontal(|ui| {
            ui.selectable_value(&mut self.table_mode, TableMode::ByStep, "By step");
            ui.selectable_value(&mut self.table_mode, TableMode::ByDay, "By day");
        });
        match self.table_mode {
            TableMode::ByStep => step_table(ui, schedule, today),
            TableMode::ByDay => day_table(ui, schedule, today),
        }
    }
}

impl PlanScreen {
    /// The planned amount over time (the original plan too when revisions changed it);
    /// redrawn only when the plan shown or the size changes.
    fn planned_chart(
        &mut self,
        ui: &mut egui::Ui,
        session: &Session,
        inputs: &PlanInputs,
        schedule: &Schedule,
        today: NaiveDate,
    ) {
        use std::hash::{Hash, Hasher};
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        (session.revision, inputs).hash(&mut hasher);
        let original = session.derived().original.as_ref();
        let unit = schedule.unit;
        self.chart.show(
            ui,
            220.0,
            hasher.finish(),
            || match original {
                Some(original) => ChartData::from_schedules(original, Some(schedule), Some(today)),
                None => ChartData::from_schedules(schedule, None, Some(today)),
            },
            |date| match schedule.day_at(date) {
                Some(day) => format!(
                    "{} (day {}): {} planned",
                    date.format("%a %Y-%m-%d"),
                    day.day,
                    day.amount.with_unit(unit)
                ),
                None => date.to_string(),
            },
        );
    }
}

/// Warnings and notes. Each warning shows its rule and the short names of its sources;
/// hovering shows the full basis sentences.
fn warnings(ui: &mut egui::Ui, schedule: &Schedule) {
    for warning in &schedule.warnings {
        let sources: Vec<&str> = warning
            .basis
            .iter()
            .map(|b| b.source.split(" — ").next().unwrap_or(b.source))
            .collect();
        let details: Vec<String> = warning
            .basis
            .iter()
            .map(|b| format!("{} ({})", b.text, b.source))
            .collect();
        ui.horizontal_wrapped(|ui| {
            ui.colored_label(ui.visuals().warn_fg_color, format!("⚠ {}", warning.message));
            ui.label(
                egui::RichText::new(format!(
                    "rule {}; basis: {}",
                    warning.rule.name(),
                    sources.join("; ")
                ))
                .small()
                .weak(),
            )
            .on_hover_text(details.join("\n\n"));
        });
    }
    for note in &schedule.notes {
        ui.label(format!("ℹ {note}"));
    }
}
