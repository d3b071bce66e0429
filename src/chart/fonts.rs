//! The fonts the app bundles for drawing outside egui, so a picture or a printed page
//! never depends on the fonts installed on a machine.
//!
//! - Ubuntu Light (egui's own text font, from `epaint_default_fonts`) for the chart on
//!   screen and in PNG/SVG exports, so the chart matches the text around it.
//! - Liberation Sans, regular and bold (`assets/fonts/`, SIL Open Font License 1.1, see
//!   `assets/fonts/OFL.txt`), for print: the PDF handout and its chart. Sturdier strokes
//!   than Ubuntu Light on paper, metric-compatible with Arial so a line holds as much as
//!   people expect, and Latin, Greek and Cyrillic letters for patients' names.

/// The screen chart's font.
pub const SCREEN: &[u8] = epaint_default_fonts::UBUNTU_LIGHT;
/// The handout's regular font.
pub const PRINT_REGULAR: &[u8] = include_bytes!("../../assets/fonts/LiberationSans-Regular.ttf");
/// The handout's bold font.
pub const PRINT_BOLD: &[u8] = include_bytes!("../../assets/fonts/LiberationSans-Bold.ttf");
/// The family name inside the print fonts: an SVG chart names it, and the PDF's SVG
/// reader finds the bundled font by it.
pub const PRINT_FAMILY: &str = "Liberation Sans";
