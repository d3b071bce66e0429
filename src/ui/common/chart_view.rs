//! Shows the progress chart on screen.
//!
//! The chart is drawn by [`crate::chart`] into an RGB buffer at the screen's physical
//! pixel size and uploaded as a texture. Drawing costs milliseconds, so it happens
//! only when the data revision, the pixel size or the theme changed; every other
//! frame just shows the texture. Hover values come from the chart's own layout, so
//! the tooltip always names the day the pointer is over.

use chrono::NaiveDate;

use crate::chart::{self, ChartData, ChartLayout, LegendEntry, Mark, Palette};

/// The accessible name of the chart image (screen readers and UI tests find it).
pub const CHART_LABEL: &str = "Chart of the planned daily amount";

/// The height of the legend line above the picture, in points: the picture gets the
/// rest of the height asked for.
pub const LEGEND_HEIGHT: f32 = 18.0;

/// The on-screen chart: a cached texture and the layout it was drawn with.
#[derive(Default)]
pub struct ChartView {
    texture: Option<egui::TextureHandle>,
    /// What the texture shows: (data revision, pixel size, dark theme).
    key: Option<(u64, [u32; 2], bool)>,
    layout: Option<ChartLayout>,
    /// What the picture shows, for the legend line above it (drawn by egui, so it
    /// never covers data).
    legend: Vec<LegendEntry>,
    /// How many times the chart was drawn; tests use it to prove that an unchanged
    /// frame does not redraw.
    pub renders: u64,
}

impl ChartView {
    /// A view that has drawn nothing yet.
    pub fn new() -> ChartView {
        ChartView::default()
    }

    /// The layout of the picture currently shown, if any.
    pub fn layout(&self) -> Option<&ChartLayout> {
        self.layout.as_ref()
    }

    /// Shows the chart, its legend line on top, across the available width and
    /// `height` points tall.
    ///
    /// `data_revision` must change whenever the data would; `data` is called only
    /// when the chart has to be redrawn (its `dark` and `scale` are set here from the
    /// UI). `hover_text` gives the tooltip for the day under the pointer. Never
    /// requests a repaint: egui repaints on input, which is when hovering changes.
    pub fn show(
        &mut self,
        ui: &mut egui::Ui,
        height: f32,
        data_revision: u64,
        data: impl FnOnce() -> ChartData,
        hover_text: impl Fn(NaiveDate) -> String,
    ) -> egui::Response {
        let ctx = ui.ctx().clone();
        let ppp = ctx.pixels_per_point();
        let ppp = if ppp.is_finite() && ppp > 0.0 {
            ppp
        } else {
            1.0
        };
        let max_side = ctx
            .input(|i| i.max_texture_side)
            .min(chart::MAX_SIDE as usize) as u32;
        let to_px = |points: f32| {
            let points = if points.is_finite() { points } else { 1.0 };
            ((points * ppp).round().max(1.0) as u32).clamp(1, max_side.max(1))
        };
        let picture_height = height - LEGEND_HEIGHT - ui.spacing().item_spacing.y;
        let size = [to_px(ui.available_width()), to_px(picture_height)];
        let dark = ui.visuals().dark_mode;
        let key = (data_revision, size, dark);

        if self.key != Some(key) || self.texture.is_none() {
            let mut chart_data = data();
            chart_data.dark = dark;
            chart_data.scale = ppp;
            chart_data.legend = false;
            self.legend = chart::legend_entries(&chart_data);
            let (rgb, layout) = chart::render_rgb(size[0], size[1], &chart_data);
            let (w, h) = (layout.size.0 as usize, layout.size.1 as usize);
            let image = if w > 0 && h > 0 && rgb.len() == w * h * 3 {
                egui::ColorImage::from_rgb([w, h], &rgb)
            } else {
                egui::ColorImage::filled([1, 1], egui::Color32::TRANSPARENT)
            };
            let options = egui::TextureOptions::LINEAR;
            match &mut self.texture {
                Some(texture) => texture.set(image, options),
                None => self.texture = Some(ctx.load_texture("progress-chart", image, options)),
            }
            self.key = Some(key);
            self.layout = Some(layout);
            self.renders += 1;
        }

        legend_line(ui, &self.legend, dark);
        let display = egui::vec2(size[0] as f32 / ppp, size[1] as f32 / ppp);
        let Some(texture) = &self.texture else {
            return ui.allocate_response(display, egui::Sense::hover());
        };
        let image = egui::Image::from_texture((texture.id(), display))
            .alt_text(CHART_LABEL)
            .sense(egui::Sense::hover());
        let response = ui.add(image);
        match (self.layout.as_ref(), response.hover_pos()) {
            (Some(layout), Some(pointer)) => hover(ui, layout, response, pointer, hover_text),
            _ => response,
        }
    }
}

/// Maps the pointer to a day through the chart's layout, draws a guide line over the
/// picture (painted, so no redraw of the chart) and shows the tooltip.
fn hover(
    ui: &egui::Ui,
    layout: &ChartLayout,
    response: egui::Response,
    pointer: egui::Pos2,
    hover_text: impl Fn(NaiveDate) -> String,
) -> egui::Response {
    let rect = response.rect;
    if rect.width() <= 0.0 || rect.height() <= 0.0 {
        return response;
    }
    let sx = layout.size.0 as f32 / rect.width();
    let sy = layout.size.1 as f32 / rect.height();
    // Plotters puts pixel i's centre at i + 0.5 in picture coordinates.
    let x_px = (pointer.x - rect.min.x) * sx - 0.5;
    let Some(date) = layout.date_at(x_px) else {
        return response;
    };
    if let (Some(x), Some((top, bottom))) = (layout.x_of_date(date), layout.plots_y_extent()) {
        let x_pt = rect.min.x + (x + 0.5) / sx;
        let y = (rect.min.y + top as f32 / sy)..=(rect.min.y + (bottom as f32 + 1.0) / sy);
        let stroke = egui::Stroke::new(1.0, ui.visuals().weak_text_color());
        ui.painter().vline(x_pt, y, stroke);
    }
    let text = hover_text(date);
    response.on_hover_ui_at_pointer(|ui| {
        ui.label(text);
    })
}

/// The legend as one line above the picture: each symbol in its series' colour, then
/// its name.
fn legend_line(ui: &mut egui::Ui, entries: &[LegendEntry], dark: bool) {
    let palette = Palette::for_theme(dark);
    let size = egui::vec2(ui.available_width(), LEGEND_HEIGHT);
    let layout = egui::Layout::left_to_right(egui::Align::Center);
    ui.allocate_ui_with_layout(size, layout, |ui| {
        ui.set_min_size(size);
        for entry in entries {
            let c = entry.color(&palette);
            let color = egui::Color32::from_rgb(c.0, c.1, c.2);
            let (rect, _) = ui.allocate_exact_size(egui::vec2(18.0, 12.0), egui::Sense::hover());
            paint_mark(ui.painter(), rect, entry.mark, color);
            ui.label(entry.label);
            ui.add_space(6.0);
        }
    });
}

/// Paints a legend symbol into `rect`, as the chart draws that series.
fn paint_mark(painter: &egui::Painter, rect: egui::Rect, mark: Mark, color: egui::Color32) {
    let c = rect.center();
    let r = 4.0;
    let line = egui::Stroke::new(2.0, color);
    match mark {
        Mark::Line => {
            painter.hline(rect.x_range(), c.y, line);
        }
        Mark::Dashed => {
            let ends = [egui::pos2(rect.left(), c.y), egui::pos2(rect.right(), c.y)];
            painter.add(egui::Shape::dashed_line(&ends, line, 4.0, 3.0));
        }
        Mark::Dot => {
            painter.circle_filled(c, r, color);
        }
        Mark::Triangle => {
            let points = vec![
                c + egui::vec2(0.0, -r - 1.0),
                c + egui::vec2(r + 1.0, r),
                c + egui::vec2(-r - 1.0, r),
            ];
            painter.add(egui::Shape::convex_polygon(
                points,
                color,
                egui::Stroke::NONE,
            ));
        }
        Mark::Ring => {
            painter.circle_stroke(c, r, egui::Stroke::new(1.5, color));
        }
        Mark::Block => {
            painter.rect_filled(
                rect.shrink2(egui::vec2(0.0, 2.0)),
                0.0,
                color.gamma_multiply(0.45),
            );
        }
        Mark::Cross => {
            let d = egui::vec2(r, r);
            let e = egui::vec2(r, -r);
            painter.line_segment([c - d, c + d], line);
            painter.line_segment([c - e, c + e], line);
        }
    }
}
