//! Type for the handout: the bundled print fonts, text styles, and measuring and
//! wrapping text exactly as the PDF will set it (shaped with the same engine krilla
//! uses, so a line measured to fit does fit).

use std::sync::LazyLock;

use crate::chart::fonts::{PRINT_BOLD, PRINT_REGULAR};

/// A colour as red, green, blue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    pub const TEXT: Rgb = Rgb(20, 20, 20);
    pub const MUTED: Rgb = Rgb(80, 80, 80);
    pub const SHADE: Rgb = Rgb(238, 238, 238);
    /// Red flags and "Draft": a dark red that stays dark on a grey printer.
    pub const ALERT: Rgb = Rgb(170, 0, 0);
    pub const ALERT_SHADE: Rgb = Rgb(253, 236, 236);
}

/// How a run of text is set.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Style {
    /// Size in points.
    pub size: f32,
    pub bold: bool,
    pub color: Rgb,
}

impl Style {
    /// Regular text of `size` points.
    pub const fn regular(size: f32) -> Style {
        Style {
            size,
            bold: false,
            color: Rgb::TEXT,
        }
    }

    /// Bold text of `size` points.
    pub const fn bold(size: f32) -> Style {
        Style {
            size,
            bold: true,
            color: Rgb::TEXT,
        }
    }

    pub const fn color(self, color: Rgb) -> Style {
        Style { color, ..self }
    }

    /// The distance between baselines of wrapped lines.
    pub fn leading(self) -> f32 {
        self.size * 1.25
    }

    /// How far the tallest letters rise above the baseline.
    pub fn ascent(self) -> f32 {
        self.size * 0.76
    }
}

/// The faces used for measuring, parsed once.
struct Faces {
    regular: Option<rustybuzz::Face<'static>>,
    bold: Option<rustybuzz::Face<'static>>,
}

static FACES: LazyLock<Faces> = LazyLock::new(|| Faces {
    regular: rustybuzz::Face::from_slice(PRINT_REGULAR, 0),
    bold: rustybuzz::Face::from_slice(PRINT_BOLD, 0),
});

/// The width of `text` set in `style`, in points.
pub fn width(text: &str, style: Style) -> f32 {
    let face = if style.bold {
        FACES.bold.as_ref()
    } else {
        FACES.regular.as_ref()
    };
    let Some(face) = face else {
        // Never for the bundled fonts; a generous guess keeps the layout inside the page.
        return text.chars().count() as f32 * style.size * 0.6;
    };
    let mut buffer = rustybuzz::UnicodeBuffer::new();
    buffer.push_str(text);
    buffer.guess_segment_properties();
    let shaped = rustybuzz::shape(face, &[], buffer);
    let units: i64 = shaped
        .glyph_positions()
        .iter()
        .map(|p| i64::from(p.x_advance))
        .sum();
    units as f32 * style.size / f32::from(face.units_per_em().max(1) as u16)
}

/// True when the bundled font has a glyph for every character of `text` (spaces and
/// line breaks aside); the tests check every text the handout sets with it.
#[cfg(test)]
pub fn has_glyphs(text: &str, bold: bool) -> bool {
    let face = if bold {
        FACES.bold.as_ref()
    } else {
        FACES.regular.as_ref()
    };
    face.is_some_and(|face| {
        text.chars()
            .filter(|c| !c.is_whitespace())
            .all(|c| face.glyph_index(c).is_some())
    })
}

/// Breaks `text` into lines no wider than `max_width`, at spaces where it can and
/// inside a word only when the word alone is too wide. Explicit line breaks are kept.
pub fn wrap(text: &str, style: Style, max_width: f32) -> Vec<String> {
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        let mut line = String::new();
        for word in paragraph.split(' ').filter(|w| !w.is_empty()) {
            let candidate = if line.is_empty() {
                word.to_string()
            } else {
                format!("{line} {word}")
            };
            if width(&candidate, style) <= max_width {
                line = candidate;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            line = break_word(word, style, max_width, &mut lines);
        }
        lines.push(line);
    }
    lines
}

/// A run of text in one style, for a paragraph that mixes styles ("**Do not mix.**
/// Do not take …").
#[derive(Debug, Clone, PartialEq)]
pub struct Run {
    pub text: String,
    pub style: Style,
}

impl Run {
    pub fn new(text: impl Into<String>, style: Style) -> Run {
        Run {
            text: text.into(),
            style,
        }
    }
}

/// One piece of a wrapped line: where it starts, its text and style.
pub type Piece = (f32, String, Style);

/// Wraps runs of mixed styles into lines no wider than `max_width`, at spaces; each
/// line is the pieces to set, consecutive words of one style joined.
pub fn wrap_runs(runs: &[Run], max_width: f32) -> Vec<Vec<Piece>> {
    let words: Vec<(&str, Style)> = runs
        .iter()
        .flat_map(|r| {
            r.text
                .split(' ')
                .filter(|w| !w.is_empty())
                .map(move |w| (w, r.style))
        })
        .collect();
    let mut lines: Vec<Vec<Piece>> = Vec::new();
    let mut line: Vec<Piece> = Vec::new();
    let mut x = 0.0;
    for (word, style) in words {
        let (w, space) = (width(word, style), width(" ", style));
        if !line.is_empty() && x + space + w > max_width {
            lines.push(std::mem::take(&mut line));
        }
        if line.is_empty() {
            line.push((0.0, word.to_string(), style));
            x = w;
            continue;
        }
        match line.last_mut() {
            Some(last) if last.2 == style => {
                last.1.push(' ');
                last.1.push_str(word);
            }
            _ => line.push((x + space, word.to_string(), style)),
        }
        x += space + w;
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// Pushes the parts of a word too wide for a line and returns its last part.
fn break_word(word: &str, style: Style, max_width: f32, lines: &mut Vec<String>) -> String {
    let mut part = String::new();
    for c in word.chars() {
        part.push(c);
        if width(&part, style) > max_width && part.chars().count() > 1 {
            part.pop();
            lines.push(std::mem::take(&mut part));
            part.push(c);
        }
    }
    part
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_grow_with_size_and_weight() {
        let text = "12 g a day";
        let w = width(text, Style::regular(12.0));
        assert!(w > 40.0 && w < 80.0, "{w}");
        assert!((width(text, Style::regular(24.0)) - 2.0 * w).abs() < 0.01);
        assert!(width(text, Style::bold(12.0)) > w);
        assert_eq!(width("", Style::regular(12.0)), 0.0);
    }

    #[test]
    fn wrapping_keeps_every_word_and_every_line_fits() {
        let style = Style::regular(12.0);
        let text =
            "Dark urine, the colour of tea or cola, and an unbreakablewordthatistoolongforoneline";
        let lines = wrap(text, style, 90.0);
        assert!(lines.len() > 3, "{lines:?}");
        assert!(lines.iter().all(|l| width(l, style) <= 90.0), "{lines:?}");
        let joined: String = lines.concat().replace(' ', "");
        assert_eq!(joined, text.replace(' ', ""));
        assert_eq!(wrap("a\nb", style, 500.0), ["a", "b"]);
    }

    #[test]
    fn mixed_runs_wrap_like_plain_text_and_keep_their_styles() {
        let bold = Style::bold(11.0);
        let plain = Style::regular(11.0);
        let runs = [
            Run::new("Do not mix.", bold),
            Run::new("Do not take kratom with alcohol or sleeping pills.", plain),
        ];
        let lines = wrap_runs(&runs, 150.0);
        assert!(lines.len() >= 2, "{lines:?}");
        assert_eq!(lines[0][0], (0.0, "Do not mix.".to_string(), bold));
        assert_eq!(lines[0][1].2, plain);
        assert!(lines[0][1].0 > width("Do not mix.", bold));
        for line in &lines {
            let (x, text, style) = line.last().unwrap();
            assert!(x + width(text, *style) <= 150.5, "{line:?}");
        }
        let words: Vec<String> = lines.iter().flatten().map(|p| p.1.clone()).collect();
        assert_eq!(
            words.join(" "),
            "Do not mix. Do not take kratom with alcohol or sleeping pills."
        );
    }

    #[test]
    fn the_bundled_fonts_have_latin_greek_and_cyrillic_letters() {
        for bold in [false, true] {
            assert!(has_glyphs("Zoë Łukasz Ångström – — · → ≥", bold));
            assert!(has_glyphs("Ελένη Иван", bold));
        }
        assert!(
            !has_glyphs("患者", false),
            "no CJK: those names print as boxes"
        );
    }
}
