//! The "Patient details…" window: the name shown in lists (a patient can be renamed;
//! the file keeps its name, the record its id), the record number and date of birth
//! that tell two people of one name apart, and the clinic's name and phone that the
//! red-flag messages and the handout give. A clinician's change, applied as one action.

use chrono::NaiveDate;

use super::TaperApp;
use crate::domain::patient::Patient;
use crate::ui::common::form::{form_row, help_text, text_field};
use crate::ui::common::widgets::error_label;
use crate::ui::session::Action;

/// What is typed in the window.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct DetailsForm {
    name: String,
    record_number: String,
    /// YYYY-MM-DD, or empty.
    date_of_birth: String,
    clinic: String,
    clinic_phone: String,
    error: Option<String>,
}

impl DetailsForm {
    pub(super) fn of(patient: &Patient) -> DetailsForm {
        DetailsForm {
            name: patient.display_name.clone(),
            record_number: patient.record_number.clone().unwrap_or_default(),
            date_of_birth: patient
                .date_of_birth
                .map(|d| d.to_string())
                .unwrap_or_default(),
            clinic: patient.clinic.clone(),
            clinic_phone: patient.clinic_phone.clone(),
            error: None,
        }
    }

    /// The patient as typed, or what is wrong (naming the field).
    fn parse(&self, before: &Patient) -> Result<Patient, String> {
        let name = self.name.trim();
        if name.is_empty() {
            return Err("Name: a patient needs a name (initials are enough)".into());
        }
        let date_of_birth = match self.date_of_birth.trim() {
            "" => None,
            text => Some(
                NaiveDate::parse_from_str(text, "%Y-%m-%d")
                    .ok()
                    .filter(|d| crate::domain::dates::check_birth(*d).is_ok())
                    .ok_or_else(|| {
                        format!("Date of birth: '{text}' is not a date of birth (YYYY-MM-DD)")
                    })?,
            ),
        };
        let trimmed = |t: &str| t.trim().to_string();
        Ok(Patient {
            display_name: name.to_string(),
            record_number: Some(trimmed(&self.record_number)).filter(|n| !n.is_empty()),
            date_of_birth,
            clinician: before.clinician.clone(),
            clinic: trimmed(&self.clinic),
            clinic_phone: trimmed(&self.clinic_phone),
        })
    }
}

impl TaperApp {
    /// The details window while it is open: Save applies the change, Cancel (or
    /// Escape) closes it with nothing changed.
    pub(super) fn details_window(&mut self, ctx: &egui::Context, time: f64) {
        let (Some(form), Some(session)) = (&mut self.details, &self.session) else {
            return;
        };
        let before = session.record().patient.clone();
        let mut save = false;
        let mut close = ctx.input(|i| i.key_pressed(egui::Key::Escape));
        egui::Modal::new(egui::Id::unique("patient-details")).show(ctx, |ui| {
            ui.set_max_width(460.0);
            ui.heading("Patient details");
            egui::Grid::new("details-form")
                .num_columns(2)
                .spacing([12.0, 6.0])
                .show(ui, |ui| {
                    for (label, value, hint) in [
                        (
                            "Name",
                            &mut form.name,
                            "as shown in lists; initials are enough",
                        ),
                        (
                            "Record number",
                            &mut form.record_number,
                            "the clinic's, if any",
                        ),
                        (
                            "Date of birth",
                            &mut form.date_of_birth,
                            "YYYY-MM-DD, optional",
                        ),
                        ("Clinic", &mut form.clinic, "the clinic's name"),
                        (
                            "Clinic phone",
                            &mut form.clinic_phone,
                            "the number red flags give",
                        ),
                    ] {
                        form_row(ui, label, None, None, |ui, id| {
                            text_field(ui, value, id, 240.0, hint);
                        });
                    }
                });
            help_text(
                ui,
                "Renaming changes the name shown; the file keeps its name and the record its id.",
            );
            if let Some(message) = &form.error {
                error_label(ui, message);
            }
            ui.horizontal(|ui| {
                save = ui.button("Save details").clicked();
                close |= ui.button("Cancel").clicked();
            });
        });
        if save {
            match form.parse(&before) {
                Ok(patient) if patient == before => self.details = None,
                Ok(patient) => {
                    self.details = None;
                    self.apply(vec![Action::SetPatientDetails(patient)], time);
                }
                Err(message) => form.error = Some(message),
            }
        } else if close {
            self.details = None;
        }
    }
}
