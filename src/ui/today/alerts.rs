//! The patient's alerts on the Today screen: the red banner for current red flags
//! (shown as soon as one is ticked, before it is saved), past red flags shown as past
//! with what to do if they continue, and the other messages, each with its basis.

use chrono::NaiveDate;

use super::draft::DayDraft;
use crate::domain::basis::Basis;
use crate::domain::instrument::Instrument;
use crate::domain::journal::{DayEntry, Journal, RedFlag};
use crate::domain::patient::PatientRecord;
use crate::domain::rules::{self, Alert, Audience, NOTHING_LEAVES, RuleId, Severity};
use crate::domain::schedule::Schedule;

/// Urgent alerts shown in full in the banner; older ones are counted.
const BANNER_MAX_ALERTS: usize = 2;

/// The patient's alerts as the screen shows them.
#[derive(Debug, Clone, Default)]
pub struct PatientAlerts {
    /// Red flags of today or yesterday, for the red banner, with `true` for flags ticked
    /// but not saved yet (which replace the saved red-flag alert of their day).
    pub current: Vec<(Alert, bool)>,
    /// Older red flags, shown as past with what to do if they continue.
    pub past: Vec<Alert>,
    /// Every other alert for the patient.
    pub messages: Vec<Alert>,
}

/// Sorts the patient's alerts into the banner, the past red flags and the messages.
pub fn for_patient(saved: &[Alert], unsaved: Option<Alert>, today: NaiveDate) -> PatientAlerts {
    let unsaved_day = unsaved.as_ref().map(|a| a.date);
    let mut out = PatientAlerts::default();
    match unsaved {
        Some(alert) if rules::is_current_red_flag(&alert, today) => {
            out.current.push((alert, true));
        }
        Some(alert) => out.past.push(alert),
        None => {}
    }
    for alert in saved.iter().filter(|a| a.audience.includes_patient()) {
        if alert.rule != RuleId::RedFlag {
            out.messages.push(alert.clone());
        } else if Some(alert.date) == unsaved_day {
            // The ticked flags of that day replace the saved ones.
        } else if rules::is_current_red_flag(alert, today) {
            out.current.push((alert.clone(), false));
        } else {
            out.past.push(alert.clone());
        }
    }
    out
}

/// The red-flag alert for flags ticked in the form but not saved yet, worded as the
/// rule words it, so the patient is told to seek care before even saving.
pub fn unsaved_red_flag_alert(
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
            id: Default::default(),
            clinician_part: Default::default(),
            patient: record.patient.clone(),
            plan: record.plan.clone(),
            journal: Journal::from_entries(vec![entry]).ok()?,
            visits: Vec::new(),
            products: Vec::new(),
            audit: Vec::new(),
        };
        rules::red_flag(&alone, schedule, today).into_iter().next()
    });
    let mut alert = alert.unwrap_or_else(|| fallback_red_flag_alert(record, draft));
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
fn fallback_red_flag_alert(record: &PatientRecord, draft: &DayDraft) -> Alert {
    let emergency = draft.red_flags.iter().any(|f| f.is_emergency());
    let symptoms: Vec<&str> = draft.red_flags.iter().map(|f| f.plain_label()).collect();
    let mut basis: Vec<Basis> = Vec::new();
    for &b in draft.red_flags.iter().flat_map(|f| f.basis()) {
        if !basis.contains(&b) {
            basis.push(b);
        }
    }
    let instruction = if emergency {
        "Call emergency services now.".to_string()
    } else {
        format!(
            "Seek medical care now: call {} today, or go to urgent care or an emergency \
             department.",
            rules::clinic_contact(&record.patient)
        )
    };
    Alert {
        rule: RuleId::RedFlag,
        severity: Severity::Urgent,
        audience: Audience::Both,
        // Titled by the caller, as for the rule's own alert.
        title: String::new(),
        message: symptoms.join("; "),
        patient_instruction: Some(format!(
            "{instruction} Tell them you take kratom and which symptoms you have: {}. \
             {NOTHING_LEAVES}",
            symptoms.join("; ")
        )),
        date: draft.date,
        triggered_by: vec![draft.date],
        basis,
        suggestion: None,
    }
}

/// The red banner: what to do now, in large type, with the source in small type.
pub fn urgent_banner(ui: &mut egui::Ui, alerts: &[(Alert, bool)]) {
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
                            "Not saved yet: save your log. Saving keeps it on this computer; \
                             it does not tell your clinic.",
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
                        "…and {more} more day(s) with red-flag symptoms today or yesterday."
                    ))
                    .color(text),
                );
            }
        });
}

/// Red flags logged on earlier days: shown as past, in the warning colour rather than
/// the emergency red, with what to do if the symptom continues.
pub fn past_red_flags(ui: &mut egui::Ui, alerts: &[Alert]) {
    let colour = ui.visuals().warn_fg_color;
    egui::Frame::group(ui.style())
        .stroke(egui::Stroke::new(2.0, colour))
        .inner_margin(10.0)
        .outer_margin(egui::Margin::symmetric(0, 6))
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.label(
                egui::RichText::new("Warning signs you logged earlier")
                    .size(18.0)
                    .strong()
                    .color(colour),
            );
            for alert in alerts {
                ui.add_space(4.0);
                ui.label(egui::RichText::new(&alert.title).strong());
                if let Some(instruction) = &alert.patient_instruction {
                    ui.label(instruction);
                }
                for basis in &alert.basis {
                    ui.label(
                        egui::RichText::new(format!("Basis: {}", basis.short_name()))
                            .small()
                            .weak(),
                    )
                    .on_hover_text(basis.text);
                }
            }
        });
}

/// A warning or note for the patient, with its basis.
pub fn message(ui: &mut egui::Ui, alert: &Alert) {
    let icon = match alert.severity {
        Severity::Urgent | Severity::Warning => "⚠",
        Severity::Note => "ℹ",
    };
    let title = egui::RichText::new(format!("{icon} {}", alert.title)).strong();
    match alert.severity {
        Severity::Urgent => ui.label(title.color(ui.visuals().error_fg_color)),
        Severity::Warning => ui.label(title.color(ui.visuals().warn_fg_color)),
        Severity::Note => ui.label(title),
    };
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
