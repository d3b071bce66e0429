//! Every app-level command in one place, with its label, its menu and its keyboard
//! shortcut. The menus, the shortcut handling and the tests all iterate the enum
//! itself ([`UiCommand::iter`]), so a new command cannot be left out of any of them.

use egui::{Key, KeyboardShortcut, Modifiers};

use crate::report::exports::ExportKind;
use strum::IntoEnumIterator;

/// The menu a command is listed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, strum::EnumIter)]
pub enum Menu {
    File,
    /// File ▸ Export: one save dialog per kind of export.
    Export,
    Edit,
    View,
    Help,
}

impl Menu {
    /// The menu's title in the menu bar.
    pub fn title(self) -> &'static str {
        match self {
            Menu::File => "File",
            Menu::Export => "Export",
            Menu::Edit => "Edit",
            Menu::View => "View",
            Menu::Help => "Help",
        }
    }
}

/// A command the user can give from a menu or the keyboard.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, strum::EnumIter)]
pub enum UiCommand {
    NewPatient,
    Import,
    GiveToPatient,
    SendToClinic,
    ExportCsv,
    ExportCalendar,
    ExportPng,
    ExportSvg,
    ExportPdf,
    PrintHandout,
    SaveNow,
    Quit,
    Undo,
    Redo,
    Settings,
    PatientDetails,
    ShowPatients,
    ShowToday,
    ShowPlan,
    ShowVisit,
    About,
}

impl UiCommand {
    /// Every command, in menu order.
    pub fn iter() -> impl Iterator<Item = UiCommand> {
        <UiCommand as IntoEnumIterator>::iter()
    }

    /// The menu text.
    pub fn label(self) -> &'static str {
        self.describe().0
    }

    /// The menu the command is listed in.
    pub fn menu(self) -> Menu {
        self.describe().1
    }

    /// Label, menu and shortcut in one exhaustive match, so no command lacks one.
    fn describe(self) -> (&'static str, Menu, Option<KeyboardShortcut>) {
        let cmd = |key| Some(KeyboardShortcut::new(Modifiers::COMMAND, key));
        match self {
            UiCommand::NewPatient => ("New patient…", Menu::File, cmd(Key::N)),
            UiCommand::Import => ("Import a patient file…", Menu::File, cmd(Key::I)),
            UiCommand::GiveToPatient => ("Give to patient…", Menu::File, cmd(Key::G)),
            UiCommand::SendToClinic => ("Send to clinic…", Menu::File, None),
            UiCommand::ExportCsv => ("Journal as CSV…", Menu::Export, None),
            UiCommand::ExportCalendar => ("Calendar with reminders…", Menu::Export, None),
            UiCommand::ExportPng => ("Chart as PNG picture…", Menu::Export, None),
            UiCommand::ExportSvg => ("Chart as SVG picture…", Menu::Export, None),
            UiCommand::ExportPdf => ("Handout as PDF…", Menu::Export, None),
            UiCommand::PrintHandout => ("Print handout…", Menu::File, cmd(Key::P)),
            UiCommand::SaveNow => ("Save now", Menu::File, cmd(Key::S)),
            UiCommand::Quit => ("Quit", Menu::File, cmd(Key::Q)),
            UiCommand::Undo => ("Undo", Menu::Edit, cmd(Key::Z)),
            UiCommand::Redo => (
                "Redo",
                Menu::Edit,
                Some(KeyboardShortcut::new(
                    Modifiers::COMMAND | Modifiers::SHIFT,
                    Key::Z,
                )),
            ),
            UiCommand::Settings => ("Settings…", Menu::Edit, cmd(Key::Comma)),
            UiCommand::PatientDetails => ("Patient details…", Menu::Edit, cmd(Key::D)),
            UiCommand::ShowPatients => ("Patients", Menu::View, cmd(Key::Num1)),
            UiCommand::ShowToday => ("Today", Menu::View, cmd(Key::Num2)),
            UiCommand::ShowPlan => ("Plan", Menu::View, cmd(Key::Num3)),
            UiCommand::ShowVisit => ("Visit", Menu::View, cmd(Key::Num4)),
            UiCommand::About => ("About taper-planner", Menu::Help, None),
        }
    }

    /// The export an Export menu command makes.
    pub fn export_kind(self) -> Option<ExportKind> {
        Some(match self {
            UiCommand::ExportCsv => ExportKind::Csv,
            UiCommand::ExportCalendar => ExportKind::Calendar,
            UiCommand::ExportPng => ExportKind::Png,
            UiCommand::ExportSvg => ExportKind::Svg,
            UiCommand::ExportPdf => ExportKind::Pdf,
            _ => return None,
        })
    }

    /// The keyboard shortcut, if the command has one.
    pub fn shortcut(self) -> Option<KeyboardShortcut> {
        self.describe().2
    }

    /// The commands listed in `menu`, in order.
    pub fn in_menu(menu: Menu) -> impl Iterator<Item = UiCommand> {
        UiCommand::iter().filter(move |c| c.menu() == menu)
    }

    /// Commands whose shortcut was pressed this frame. Undo and redo are left to a
    /// focused text field, which has its own.
    pub fn pressed(ctx: &egui::Context) -> Vec<UiCommand> {
        let typing = ctx.egui_wants_keyboard_input();
        let mut with_keys: Vec<(UiCommand, KeyboardShortcut)> = UiCommand::iter()
            .filter(|c| !(typing && matches!(c, UiCommand::Undo | UiCommand::Redo)))
            .filter_map(|c| c.shortcut().map(|s| (c, s)))
            .collect();
        // More modifiers first: egui matches shortcuts logically, so Ctrl+Shift+Z would
        // also be taken as Ctrl+Z if that were asked first.
        with_keys.sort_by_key(|(_, s)| std::cmp::Reverse(modifier_count(s.modifiers)));
        with_keys
            .into_iter()
            .filter(|(_, s)| ctx.input_mut(|i| i.consume_shortcut(s)))
            .map(|(c, _)| c)
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

/// How many modifier keys a shortcut needs.
fn modifier_count(m: Modifiers) -> usize {
    [m.alt, m.ctrl, m.shift, m.mac_cmd, m.command]
        .into_iter()
        .filter(|on| *on)
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_command_is_in_a_menu_and_no_two_share_a_shortcut() {
        let all: Vec<UiCommand> = UiCommand::iter().collect();
        let listed: Vec<UiCommand> = Menu::iter().flat_map(UiCommand::in_menu).collect();
        assert_eq!(listed.len(), all.len());
        let shortcuts: Vec<KeyboardShortcut> = all.iter().filter_map(|c| c.shortcut()).collect();
        for (i, s) in shortcuts.iter().enumerate() {
            assert!(!shortcuts[..i].contains(s), "{s:?} is used twice");
        }
        assert!(all.iter().all(|c| !c.label().is_empty()));
    }

    #[test]
    fn the_export_menu_offers_every_kind_of_export_once() {
        let kinds: Vec<ExportKind> = UiCommand::in_menu(Menu::Export)
            .map(|c| c.export_kind().expect("an export command"))
            .collect();
        assert_eq!(kinds, ExportKind::ALL);
        assert!(
            UiCommand::iter()
                .filter(|c| c.menu() != Menu::Export)
                .all(|c| c.export_kind().is_none())
        );
    }
}
