//! Every app-level command in one place, with its keyboard shortcut, so menus and
//! shortcuts never disagree.

use egui::{Key, KeyboardShortcut, Modifiers};

/// A command the user can give from a menu or the keyboard.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UiCommand {
    Undo,
    Redo,
    SaveNow,
    ShowPatients,
    ShowToday,
    ShowPlan,
    ShowVisit,
    About,
}

impl UiCommand {
    /// Every command, in menu order.
    pub const ALL: [UiCommand; 6] = [
        UiCommand::Undo,
        UiCommand::Redo,
        UiCommand::SaveNow,
        UiCommand::ShowPatients,
        UiCommand::ShowPlan,
        UiCommand::About,
    ];

    /// The menu text.
    pub fn label(self) -> &'static str {
        match self {
            UiCommand::Undo => "Undo",
            UiCommand::Redo => "Redo",
            UiCommand::SaveNow => "Save now",
            UiCommand::ShowPatients => "Patients",
            UiCommand::ShowToday => "Today",
            UiCommand::ShowPlan => "Plan",
            UiCommand::ShowVisit => "Visit",
            UiCommand::About => "About taper-planner",
        }
    }

    /// The keyboard shortcut, if the command has one.
    pub fn shortcut(self) -> Option<KeyboardShortcut> {
        let cmd = Modifiers::COMMAND;
        Some(match self {
            UiCommand::Undo => KeyboardShortcut::new(cmd, Key::Z),
            UiCommand::Redo => KeyboardShortcut::new(cmd | Modifiers::SHIFT, Key::Z),
            UiCommand::SaveNow => KeyboardShortcut::new(cmd, Key::S),
            UiCommand::ShowPatients => KeyboardShortcut::new(cmd, Key::Num1),
            UiCommand::ShowToday => KeyboardShortcut::new(cmd, Key::Num2),
            UiCommand::ShowPlan => KeyboardShortcut::new(cmd, Key::Num3),
            UiCommand::ShowVisit => KeyboardShortcut::new(cmd, Key::Num4),
            UiCommand::About => return None,
        })
    }

    /// Commands whose shortcut was pressed this frame. Undo and redo are left to a
    /// focused text field, which has its own.
    pub fn pressed(ctx: &egui::Context) -> Vec<UiCommand> {
        let typing = ctx.egui_wants_keyboard_input();
        // Redo before undo: Ctrl+Shift+Z must not be taken as Ctrl+Z.
        let order = [
            UiCommand::Redo,
            UiCommand::Undo,
            UiCommand::SaveNow,
            UiCommand::ShowPatients,
            UiCommand::ShowPlan,
        ];
        order
            .into_iter()
            .filter(|c| !(typing && matches!(c, UiCommand::Undo | UiCommand::Redo)))
            .filter(|c| {
                c.shortcut()
                    .is_some_and(|s| ctx.input_mut(|i| i.consume_shortcut(&s)))
            })
            .collect()
    }

    /// A menu button for the command showing its shortcut; true when clicked.
    pub fn menu_button(self, ui: &mut egui::Ui, enabled: bool) -> bool {
        let mut button = egui::Button::new(self.label());
        if let Some(shortcut) = self.shortcut() {
            button = button.shortcut_text(ui.ctx().format_shortcut(&shortcut));
        }
        ui.add_enabled(enabled, button).clicked()
    }
}
