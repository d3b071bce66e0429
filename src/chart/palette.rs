//! Colours and text styles of the chart, for the light and the dark theme.
//!
//! Kept apart from the drawing so that a colour is chosen in one place and both themes
//! can be compared side by side. Every colour was picked to stay readable on its own
//! background (lines and markers at least as dark/bright as egui's own text colours).

use plotters::prelude::*;

use super::ChartFont;
use super::fonts::PRINT_FAMILY;

/// The font family the screen chart asks plotters for; [`super::ensure_font`] registers
/// the bundled Ubuntu Light under this name so pictures are identical on every machine.
pub const FONT_FAMILY: &str = "sans-serif";

/// Every colour the chart uses, for one theme.
#[derive(Debug, Clone, Copy)]
pub struct Palette {
    /// The picture's background (egui's panel fill, so the chart sits flush).
    pub background: RGBColor,
    /// Labels, axis descriptions, legend text.
    pub text: RGBColor,
    /// Axis lines.
    pub axis: RGBColor,
    /// Grid lines at labelled ticks.
    pub grid_bold: RGBColor,
    /// Grid lines between labelled ticks.
    pub grid_light: RGBColor,
    /// The original plan when a revised plan replaces it (drawn dashed).
    pub original: RGBColor,
    /// The plan in force (revised if there is one), drawn solid.
    pub planned: RGBColor,
    /// Amounts the patient logged.
    pub taken: RGBColor,
    /// Today's vertical line.
    pub today: RGBColor,
    /// Clinician visits.
    pub visit: RGBColor,
    /// The patient's self check-ins.
    pub self_check: RGBColor,
    /// Hold ranges (drawn translucent).
    pub hold: RGBColor,
    /// Red-flag days.
    pub red_flag: RGBColor,
    /// The daily symptom total.
    pub symptom: RGBColor,
    /// Instrument bands (drawn translucent, more opaque for higher bands).
    pub band: RGBColor,
    /// The font family of every text (registered with plotters by `ensure_font`).
    pub family: &'static str,
}

impl Palette {
    /// The palette for egui's light or dark theme.
    pub fn for_theme(dark: bool) -> Palette {
        if dark {
            Palette {
                background: RGBColor(27, 27, 27),
                text: RGBColor(215, 215, 215),
                axis: RGBColor(150, 150, 150),
                grid_bold: RGBColor(62, 62, 62),
                grid_light: RGBColor(42, 42, 42),
                original: RGBColor(150, 150, 150),
                planned: RGBColor(100, 165, 255),
                taken: RGBColor(90, 210, 140),
                today: RGBColor(255, 175, 60),
                visit: RGBColor(200, 150, 255),
                self_check: RGBColor(80, 210, 220),
                hold: RGBColor(240, 195, 60),
                red_flag: RGBColor(255, 95, 95),
                symptom: RGBColor(255, 150, 85),
                band: RGBColor(255, 120, 60),
                family: FONT_FAMILY,
            }
        } else {
            Palette {
                background: RGBColor(248, 248, 248),
                text: RGBColor(40, 40, 40),
                axis: RGBColor(90, 90, 90),
                grid_bold: RGBColor(208, 208, 208),
                grid_light: RGBColor(232, 232, 232),
                original: RGBColor(135, 135, 135),
                planned: RGBColor(25, 95, 200),
                taken: RGBColor(0, 135, 75),
                today: RGBColor(210, 110, 0),
                visit: RGBColor(120, 55, 175),
                self_check: RGBColor(0, 130, 145),
                hold: RGBColor(235, 170, 20),
                red_flag: RGBColor(205, 25, 25),
                symptom: RGBColor(190, 75, 15),
                band: RGBColor(235, 100, 30),
                family: FONT_FAMILY,
            }
        }
    }

    /// The palette with the text in `font`'s family.
    pub fn with_font(self, font: ChartFont) -> Palette {
        let family = match font {
            ChartFont::Screen => FONT_FAMILY,
            ChartFont::Print => PRINT_FAMILY,
        };
        Palette { family, ..self }
    }

    /// A text style of the given pixel size in the palette's text colour.
    pub fn text_style(&self, size: f64) -> TextStyle<'static> {
        (self.family, size).into_font().color(&self.text)
    }
}
