//! The window in which a person chooses between two versions of an item that two
//! copies of one record both changed: one conflict at a time, the two versions side by
//! side with what differs marked, and a button under each. Nothing is written until
//! every conflict is chosen; Cancel leaves the record as it was.

use crate::domain::merge::{Choice, Conflict, ConflictReason, MergeOutcome, Superseded};

/// What the person did in the window this frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConflictAnswer {
    /// Keep this side for the conflict shown first.
    Keep(Choice),
    /// Leave the merge: nothing changes.
    Cancel,
}

/// The label of the button that keeps this computer's version.
pub const KEEP_OURS: &str = "Keep this computer's version";
/// The label of the button that keeps the other copy's version.
pub const KEEP_THEIRS: &str = "Keep the other copy's version";

/// Shows the first open conflict of `outcome`; `source` names the other copy ("the
/// file from the clinic"). Returns what the person chose, if anything.
pub fn conflict_window(
    ctx: &egui::Context,
    outcome: &MergeOutcome,
    source: &str,
) -> Option<ConflictAnswer> {
    let conflict = outcome.conflicts.first()?;
    let mut answer = None;
    egui::Modal::new(egui::Id::unique("merge-conflict")).show(ctx, |ui| {
        ui.set_max_width(760.0);
        ui.heading(format!(
            "Two versions of {} ({} to choose)",
            conflict.key,
            outcome.conflicts.len()
        ));
        ui.label(explanation(conflict, source));
        ui.add_space(6.0);
        answer = sides(ui, conflict);
        ui.add_space(6.0);
        ui.horizontal(|ui| {
            let cancel = ui.button("Cancel the merge");
            if cancel.clicked() || ui.input(|i| i.key_pressed(egui::Key::Escape)) {
                answer = Some(ConflictAnswer::Cancel);
            }
            ui.label(
                egui::RichText::new("Nothing is written until every item is chosen.")
                    .small()
                    .weak(),
            );
        });
    });
    answer
}

/// Why the two versions are shown, in words.
fn explanation(conflict: &Conflict, source: &str) -> String {
    match conflict.reason {
        ConflictReason::BothChanged => format!(
            "This computer and {source} both changed it since they last met. Choose the version \
             to keep: the other is kept in the record's history, so nothing is lost."
        ),
        ConflictReason::ChangedInPatientEdition => format!(
            "{source} holds a change that only a clinician may make, made outside the clinician's \
             edition. Keep it only if you know where it came from; the version not kept stays in \
             the record's history."
        ),
    }
}

/// The two versions in two columns, differing fields marked, a button under each.
fn sides(ui: &mut egui::Ui, conflict: &Conflict) -> Option<ConflictAnswer> {
    let differing: Vec<String> = conflict
        .differences()
        .into_iter()
        .map(|d| d.field)
        .collect();
    let mut answer = None;
    ui.columns(2, |columns| {
        let halves = [
            (Choice::Ours, "On this computer", &conflict.ours, KEEP_OURS),
            (
                Choice::Theirs,
                "In the other copy",
                &conflict.theirs,
                KEEP_THEIRS,
            ),
        ];
        for (column, (choice, title, version, keep)) in columns.iter_mut().zip(halves) {
            column.strong(title);
            version_fields(column, version.as_ref(), &differing, choice);
            if column.button(keep).clicked() {
                answer = Some(ConflictAnswer::Keep(choice));
            }
        }
    });
    answer
}

/// One version's fields (stamped with who changed it and when), those that differ in
/// the warning colour.
fn version_fields(
    ui: &mut egui::Ui,
    version: Option<&Superseded>,
    differing: &[String],
    side: Choice,
) {
    let Some(version) = version else {
        ui.label(egui::RichText::new("(not in this copy)").italics());
        return;
    };
    if let Some(stamp) = version.stamp() {
        ui.label(
            egui::RichText::new(format!(
                "changed by {} on {}",
                stamp.by,
                stamp.at.format("%Y-%m-%d %H:%M")
            ))
            .weak(),
        );
    }
    egui::Grid::new(("conflict-fields", side.name()))
        .num_columns(2)
        .spacing([8.0, 2.0])
        .show(ui, |ui| {
            for (field, value) in version.fields() {
                let text = egui::RichText::new(&value);
                let text = if differing.contains(&field) {
                    text.color(ui.visuals().warn_fg_color).strong()
                } else {
                    text
                };
                ui.label(&field);
                ui.add(egui::Label::new(text).wrap());
                ui.end_row();
            }
        });
}
