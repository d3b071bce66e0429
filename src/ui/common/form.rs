//! Form rows every screen builds its forms from: a label, the widgets it names, help
//! text under them and the field's error, so that forms look and read alike and each
//! input has an accessible name (screen readers and the UI tests find it by it).

use super::widgets::error_label;

/// One row of a two-column `egui::Grid`: the label, then the widget(s), the help text
/// (if any) and the field's error (if any) under them. The widget gets the label's id
/// to name itself with `labelled_by`. Returns what the widget returned.
pub fn form_row<R>(
    ui: &mut egui::Ui,
    label: &str,
    help: Option<&str>,
    error: Option<&String>,
    widget: impl FnOnce(&mut egui::Ui, egui::Id) -> R,
) -> R {
    let label_id = ui.label(label).id;
    let inner = ui
        .vertical(|ui| {
            let inner = ui.horizontal(|ui| widget(ui, label_id)).inner;
            if let Some(help) = help {
                help_text(ui, help);
            }
            if let Some(message) = error {
                error_label(ui, message);
            }
            inner
        })
        .inner;
    ui.end_row();
    inner
}

/// A one-line text field named by the label `label`, `width` points wide, with a
/// greyed hint while empty.
pub fn text_field(
    ui: &mut egui::Ui,
    text: &mut String,
    label: egui::Id,
    width: f32,
    hint: &str,
) -> egui::Response {
    ui.add(
        egui::TextEdit::singleline(text)
            .desired_width(width)
            .hint_text(hint),
    )
    .labelled_by(label)
}

/// Help under a field: quieter than the label, still readable.
pub fn help_text(ui: &mut egui::Ui, text: &str) {
    ui.label(egui::RichText::new(text).small().weak());
}

/// A section title inside a form.
pub fn section(ui: &mut egui::Ui, title: &str) {
    ui.add_space(10.0);
    ui.label(egui::RichText::new(title).size(18.0).strong());
    ui.separator();
}

/// Gives a combo box its accessible name (screen readers and tests find it by it).
pub fn name_combo(response: &egui::Response, name: &'static str) {
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::ComboBox, true, name));
}
