//! Drawing laid-out pages into a PDF with krilla: text in the bundled fonts (krilla
//! subsets and embeds them), boxes as paths, and the chart as vector graphics through
//! krilla-svg, its text still text.

use std::sync::Arc;

use krilla::Document;
use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point, Rect, Size, Transform};
use krilla::metadata::Metadata;
use krilla::num::NormalizedF32;
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::surface::Surface;
use krilla::text::{Font, TextDirection};
use krilla_svg::{SurfaceExt, SvgSettings};

use super::layout::Item;
use super::text::Rgb;
use crate::chart::fonts::{PRINT_BOLD, PRINT_FAMILY, PRINT_REGULAR};

/// The handout's two fonts, ready for krilla.
struct Fonts {
    regular: Font,
    bold: Font,
}

impl Fonts {
    fn load() -> Result<Fonts, String> {
        let load = |bytes: &'static [u8], name: &str| {
            Font::new(bytes.into(), 0).ok_or_else(|| format!("the bundled {name} font is damaged"))
        };
        Ok(Fonts {
            regular: load(PRINT_REGULAR, "regular")?,
            bold: load(PRINT_BOLD, "bold")?,
        })
    }
}

/// The PDF of `pages` (each `size` points), titled `title`.
pub fn render(pages: &[Vec<Item>], size: (f32, f32), title: &str) -> Result<Vec<u8>, String> {
    let fonts = Fonts::load()?;
    let svg_options = svg_options();
    let page_settings = PageSettings::from_wh(size.0, size.1)
        .ok_or_else(|| format!("a page of {} × {} points is not possible", size.0, size.1))?;
    let mut document = Document::new();
    document.set_metadata(
        Metadata::new()
            .title(title.to_string())
            .creator("taper-planner".to_string())
            .language("en".to_string()),
    );
    for items in pages {
        let mut page = document.start_page_with(page_settings.clone());
        let mut surface = page.surface();
        for item in items {
            draw(&mut surface, item, &fonts, &svg_options)?;
        }
        surface.finish();
        page.finish();
    }
    document
        .finish()
        .map_err(|e| format!("the PDF could not be written: {e:?}"))
}

fn color(c: Rgb) -> rgb::Color {
    rgb::Color::new(c.0, c.1, c.2)
}

fn fill(c: Rgb) -> Fill {
    Fill {
        paint: color(c).into(),
        opacity: NormalizedF32::ONE,
        rule: Default::default(),
    }
}

fn draw(
    surface: &mut Surface<'_>,
    item: &Item,
    fonts: &Fonts,
    svg_options: &usvg::Options<'_>,
) -> Result<(), String> {
    match item {
        Item::Text { x, y, style, text } => {
            surface.set_stroke(None);
            surface.set_fill(Some(fill(style.color)));
            let font = if style.bold {
                fonts.bold.clone()
            } else {
                fonts.regular.clone()
            };
            surface.draw_text(
                Point::from_xy(*x, *y),
                font,
                style.size,
                text,
                false,
                TextDirection::Auto,
            );
        }
        Item::Rect {
            x,
            y,
            w,
            h,
            fill: inside,
            stroke,
        } => {
            let Some(rect) = Rect::from_xywh(*x, *y, *w, *h) else {
                return Ok(());
            };
            let mut builder = PathBuilder::new();
            builder.push_rect(rect);
            let Some(path) = builder.finish() else {
                return Ok(());
            };
            surface.set_fill(inside.map(fill));
            surface.set_stroke(stroke.map(|(c, width)| Stroke {
                paint: color(c).into(),
                width,
                ..Stroke::default()
            }));
            surface.draw_path(&path);
            surface.set_stroke(None);
        }
        Item::Chart { x, y, w, h, svg } => {
            let tree = usvg::Tree::from_str(svg, svg_options)
                .map_err(|e| format!("the chart could not be read back: {e}"))?;
            let size = Size::from_wh(*w, *h).ok_or("the chart has no size")?;
            surface.push_transform(&Transform::from_translate(*x, *y));
            surface.draw_svg(&tree, size, SvgSettings::default());
            surface.pop();
        }
    }
    Ok(())
}

/// The SVG reader's settings: only the bundled print font, which the chart names.
fn svg_options() -> usvg::Options<'static> {
    let mut fonts = usvg::fontdb::Database::new();
    fonts.load_font_data(PRINT_REGULAR.to_vec());
    fonts.set_sans_serif_family(PRINT_FAMILY);
    usvg::Options {
        font_family: PRINT_FAMILY.to_string(),
        fontdb: Arc::new(fonts),
        ..usvg::Options::default()
    }
}
