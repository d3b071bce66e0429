//! The plan screen: the form on the left; the schedule, its warnings with their basis,
//! the revisions and the tables on the right. While the clinician types, the right side
//! previews the typed plan; it applies on Enter.

mod approval;
mod draft;
mod editor;
mod revision_dialog;
mod schedule_view;

use chrono::NaiveDate;

use crate::chart::ChartData;
use crate::domain::instrument::{KRATOM_DAILY_ID, Rater, SOWS_ID, builtin_by_id};
use crate::domain::plan::PlanInputs;
use crate::domain::schedule::{Schedule, generate};
use crate::report::schedule_text::plan_summary;
use crate::ui::common::chart_view::ChartView;
use crate::ui::common::layout::{ScreenCtx, central_panel, side_panel};
use crate::ui::common::widgets::long_date;
use crate::ui::session::{Action, Session};
use approval::{ApprovalDialog, ApprovalOutcome};
use editor::PlanEditor;
use revision_dialog::{DialogOutcome, RevisionDialog, RevisionKind};
use schedule_view::{TableMode, day_strip, day_table, step_table};

/// State of the plan screen that is not part of the record.
pub struct PlanScreen {
    editor: PlanEditor,
    dialog: Option<RevisionDialog>,
    /// Open while the clinician confirms the warnings of the plan being approved.
    approval: Option<ApprovalDialog>,
    /// True while the right side previews a typed plan not yet applied.
    previewing: bool,
    pub table_mode: TableMode,
    /// The day the by-day table was last scrolled to: it scrolls to today once, then
    /// the clinician scrolls it freely.
    day_table_at: Option<NaiveDate>,
    preview: Option<(PlanInputs, Result<Schedule, String>)>,
    chart: ChartView,
    /// Set when the clinician asked for a handout; the app writes it (it knows where).
    pub handout_requested: bool,
}

/// Said over the schedule while a typed field has an error.
pub const LAST_VALID_PLAN: &str =
    "A field has an error (marked at the field): shown is the last valid plan, not what is typed.";

impl PlanScreen {
    /// A plan screen for the open session.
    pub fn new(session: &Session) -> PlanScreen {
        PlanScreen {
            editor: PlanEditor::new(&session.record().plan.inputs),
            dialog: None,
            approval: None,
            previewing: false,
            table_mode: TableMode::ByStep,
            day_table_at: None,
            preview: None,
            chart: ChartView::new(),
            handout_requested: false,
        }
    }

    /// Puts `text` in the length field as if the clinician had typed it, so the editor
    /// benchmark can preview a two-year plan each frame without driving the keyboard.
    pub fn type_length(&mut self, text: &str) {
        self.editor.draft.length = text.to_string();
    }

    /// How many times the plan chart was drawn (benchmarks and tests check that an
    /// unchanged frame does not redraw it).
    pub fn chart_renders(&self) -> u64 {
        self.chart.renders
    }

    /// Draws the screen; returns the actions the clinician took.
    pub fn show(
        &mut self,
        ui: &mut egui::Ui,
        session: &Session,
        today: NaiveDate,
        who: &str,
    ) -> Vec<Action> {
        let mut cx = ScreenCtx::new(session, today, who);
        let record = session.record();
        self.editor.sync(&record.plan.inputs, session.revision);
        let form = egui::Panel::left("plan-form-panel");
        side_panel(
            ui,
            form,
            400.0,
            ("plan-form-scroll", &session.record().id),
            |ui| {
                ui.heading("Plan");
                let asked = self.editor.show(ui, &record.plan.inputs, cx.editable);
                cx.actions.extend(asked);
                ui.separator();
                if let Some(action) =
                    daily_instrument_picker(ui, &record.plan.daily_instrument, cx.editable)
                {
                    cx.actions.push(action);
                }
            },
        );
        let preview = self.editor.preview(&record.plan.inputs);
        self.previewing = preview.is_some();
        // The schedule side scrolls as a whole, so its tables are reachable at 700 px.
        central_panel(ui, ("plan-schedule-scroll", &record.id), |ui| {
            let schedule = self.shown_schedule(ui, session, preview.as_ref());
            match schedule {
                Some(Ok(schedule)) => {
                    let inputs = preview.as_ref().unwrap_or(&record.plan.inputs);
                    self.schedule_panel(ui, &mut cx, inputs, &schedule);
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
        if let Some(dialog) = &mut self.approval {
            match dialog.show(ui.ctx()) {
                ApprovalOutcome::Open => {}
                ApprovalOutcome::Cancelled => self.approval = None,
                ApprovalOutcome::Approved(confirmed) => {
                    cx.actions.push(Action::Approve { confirmed });
                    self.approval = None;
                }
            }
        }
        if let Some(dialog) = &mut self.dialog {
            match dialog.show(ui.ctx(), record.plan.inputs.unit, who) {
                DialogOutcome::Open => {}
                DialogOutcome::Cancelled => self.dialog = None,
                DialogOutcome::Submitted(revision) => {
                    cx.actions.push(Action::AddRevision(revision));
                    self.dialog = None;
                }
            }
        }
        cx.actions
    }

    /// The schedule the right-hand side shows, said above it: the typed plan's preview
    /// (generated once per typed value), or the record's own, marked as the last valid
    /// plan while a typed field has an error.
    fn shown_schedule(
        &mut self,
        ui: &mut egui::Ui,
        session: &Session,
        preview: Option<&PlanInputs>,
    ) -> Option<Result<Schedule, String>> {
        let record = session.record();
        match preview {
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
            None => {
                if self.editor.has_errors() {
                    ui.colored_label(ui.visuals().warn_fg_color, LAST_VALID_PLAN);
                }
                Some(session.derived().schedule.clone())
            }
        }
    }

    /// The right-hand side for the plan shown (the typed preview or the saved plan):
    /// its summary, approval, revision buttons, warnings, chart and tables.
    fn schedule_panel(
        &mut self,
        ui: &mut egui::Ui,
        cx: &mut ScreenCtx,
        inputs: &PlanInputs,
        schedule: &Schedule,
    ) {
        let (session, today) = (cx.session, cx.today);
        ui.heading(plan_summary(inputs, schedule));
        dates_line(ui, schedule, today);
        self.plan_buttons(ui, cx, schedule);
        warnings(ui, schedule);
        self.planned_chart(ui, cx, inputs, schedule);
        revisions_list(ui, session);
        ui.add_space(4.0);
        day_strip(ui, schedule, today);
        ui.horizontal(|ui| {
            ui.selectable_value(&mut self.table_mode, TableMode::ByStep, "By step");
            ui.selectable_value(&mut self.table_mode, TableMode::ByDay, "By day");
        });
        match self.table_mode {
            TableMode::ByStep => {
                self.day_table_at = None;
                step_table(ui, schedule, today)
            }
            TableMode::ByDay => {
                let jump = self.day_table_at.replace(today) != Some(today);
                day_table(ui, schedule, today, jump)
            }
        }
    }

    /// The approval (or "Approve plan"), the revision buttons and "Print handout…".
    fn plan_buttons(&mut self, ui: &mut egui::Ui, cx: &mut ScreenCtx, schedule: &Schedule) {
        let (record, today, editable) = (cx.session.record(), cx.today, cx.editable);
        ui.horizontal_wrapped(|ui| {
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
                    let approve = ui
                        .add_enabled(editable && !self.previewing, egui::Button::new("Approve plan"))
                        .on_hover_text(
                            "Approves the saved plan; a plan with warnings asks you to confirm each",
                        )
                        .on_disabled_hover_text("Apply the typed plan first (Enter)");
                    if approve.clicked() {
                        // The saved plan is the one approved, so its warnings are confirmed.
                        match &cx.session.derived().schedule {
                            Ok(saved) if !saved.warnings.is_empty() => {
                                self.approval = Some(ApprovalDialog::new(&saved.warnings));
                            }
                            _ => cx.actions.push(Action::Approve {
                                confirmed: Vec::new(),
                            }),
                        }
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
            ui.separator();
            if ui
                .button("Print handout…")
                .on_hover_text(
                    "The patient's handout as a PDF, opened to print: steps, doses, check-ins, \
                     red flags, the chart (File ▸ Print handout…, Ctrl+P)",
                )
                .clicked()
            {
                self.handout_requested = true;
            }
        });
    }

    /// The planned amount over time (the original plan too when revisions changed it);
    /// redrawn only when the plan shown or the size changes.
    fn planned_chart(
        &mut self,
        ui: &mut egui::Ui,
        cx: &ScreenCtx,
        inputs: &PlanInputs,
        schedule: &Schedule,
    ) {
        use std::hash::{Hash, Hasher};
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        (cx.session.revision, inputs).hash(&mut hasher);
        let original = cx.session.derived().original.as_ref();
        let (unit, today) = (schedule.unit, Some(cx.today));
        self.chart.show(
            ui,
            220.0,
            hasher.finish(),
            || match original {
                Some(original) => ChartData::from_schedules(original, Some(schedule), today),
                None => ChartData::from_schedules(schedule, None, today),
            },
            |date| match schedule.day_at(date) {
                Some(day) => format!(
                    "{} (day {}): {} planned",
                    long_date(date),
                    day.day,
                    day.amount.with_unit(unit)
                ),
                None => date.to_string(),
            },
        );
    }
}

/// The stop date and the next few check-ins.
fn dates_line(ui: &mut egui::Ui, schedule: &Schedule, today: NaiveDate) {
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
}

/// The dated revisions with their reasons, and the stop date first planned.
fn revisions_list(ui: &mut egui::Ui, session: &Session) {
    let record = session.record();
    if record.plan.revisions.is_empty() {
        return;
    }
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

/// Warnings and notes. Each warning shows its rule and the short names of its sources;
/// hovering shows the full basis sentences.
fn warnings(ui: &mut egui::Ui, schedule: &Schedule) {
    for warning in &schedule.warnings {
        let sources: Vec<&str> = warning.basis.iter().map(|b| b.short_name()).collect();
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

/// The clinician picks the checklist the patient fills in every day.
fn daily_instrument_picker(ui: &mut egui::Ui, current: &str, editable: bool) -> Option<Action> {
    let mut chosen = None;
    ui.add_enabled_ui(editable, |ui| {
        ui.horizontal(|ui| {
            ui.label("Daily checklist");
            let name = |id: &str| builtin_by_id(id).map_or(id.to_string(), |i| i.name.clone());
            let combo = egui::ComboBox::from_id_salt("daily-instrument")
                .selected_text(name(current))
                .show_ui(ui, |ui| {
                    let patient_rated = [KRATOM_DAILY_ID, SOWS_ID]
                        .into_iter()
                        .filter_map(builtin_by_id);
                    for instrument in patient_rated.filter(|i| i.rater == Rater::Patient) {
                        if ui
                            .selectable_label(instrument.id == current, &instrument.name)
                            .clicked()
                            && instrument.id != current
                        {
                            chosen = Some(Action::SetDailyInstrument(instrument.id.clone()));
                        }
                    }
                });
            combo.response.widget_info(|| {
                egui::WidgetInfo::labeled(egui::Role::ComboBox, true, "Daily checklist")
            });
        });
        ui.label(
            egui::RichText::new("What the patient rates every day on the Today screen.")
                .small()
                .weak(),
        );
    });
    chosen
}
