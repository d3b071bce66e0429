//! The progress chart: real schedules draw a real picture, revisions show, nothing
//! panics on odd data, hover maps back to the right day, exports work, and the
//! on-screen view redraws only when its data, size or theme changes.

use chrono::{Days, NaiveDate};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use taper_planner::chart::{self, ChartData, ChartLayout};
use taper_planner::domain::amount::{Amount, Unit};
use taper_planner::domain::checkin::CheckInKind;
use taper_planner::domain::instrument::{self, Band};
use taper_planner::domain::plan::{Length, PlanInputs};
use taper_planner::domain::revision::{Change, Revision};
use taper_planner::domain::schedule::{Schedule, generate};
use taper_planner::ui::{CHART_LABEL, ChartView, LEGEND_HEIGHT};

const W: u32 = 800;
const H: u32 = 420;

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn twelve_grams_six_weeks() -> PlanInputs {
    let mut p = PlanInputs::new(Amount::from_milli(12_000), Unit::G, date(2026, 12, 1));
    p.length = Length::Days(42);
    p
}

fn schedules() -> (Schedule, Schedule) {
    let p = twelve_grams_six_weeks();
    let original = generate(&p, &[]).unwrap();
    let hold = Revision {
        effective: date(2026, 12, 15),
        change: Change::Hold { days: 7 },
        reason: "withdrawal".into(),
        decided_by: "Dr A".into(),
        meta: Default::default(),
    };
    let revised = generate(&p, &[hold]).unwrap();
    (original, revised)
}

/// A chart with every part filled: both plans, journal, symptoms with bands.
fn full_data() -> ChartData {
    let (original, revised) = schedules();
    let mut data = ChartData::from_schedules(&original, Some(&revised), Some(date(2026, 12, 20)));
    let start = original.start_date;
    for i in 0..19u64 {
        let day = start + Days::new(i);
        let planned = revised.planned_on(day);
        data.taken.push((
            day,
            Amount::from_milli(planned.milli() + (i as i64 % 3) * 300),
        ));
        data.symptoms
            .push((day, (i % 9) as u32 + if i > 14 { 6 } else { 0 }));
    }
    let daily = instrument::builtin_by_id(instrument::KRATOM_DAILY_ID).unwrap();
    data.symptom_bands = daily.bands.clone();
    data.symptom_max = daily.max_total();
    data.red_flags.push(date(2026, 12, 17));
    data
}

fn distinct_colours(rgb: &[u8]) -> usize {
    let mut colours: Vec<[u8; 3]> = rgb.chunks_exact(3).map(|c| [c[0], c[1], c[2]]).collect();
    colours.sort_unstable();
    colours.dedup();
    colours.len()
}

#[test]
fn a_real_schedule_draws_a_real_picture() {
    let (original, _) = schedules();
    let data = ChartData::from_schedules(&original, None, Some(date(2026, 12, 10)));
    assert!(data.revised.is_none());
    assert!(!data.check_ins.is_empty());
    let (rgb, layout) = chart::render_rgb(W, H, &data);
    assert_eq!(rgb.len(), (W * H * 3) as usize);
    assert_eq!(layout.size, (W, H));
    assert!(distinct_colours(&rgb) > 10, "the picture is not blank");
    assert!(layout.amount_plot.is_some());
    assert!(
        layout.symptom_plot.is_none(),
        "no symptoms, no bands: one panel"
    );
    assert_eq!(layout.amount_range.0, 0.0);
    assert!(layout.amount_range.1 >= 12.0);
}

#[test]
fn a_hold_revision_is_drawn_beside_the_original() {
    let (original, revised) = schedules();
    let plain = ChartData::from_schedules(&original, None, None);
    let with_revision = ChartData::from_schedules(&original, Some(&revised), None);
    let revised_days = with_revision
        .revised
        .as_ref()
        .expect("the hold changes days");
    assert_eq!(revised_days.len(), revised.days.len());
    assert_eq!(
        with_revision.holds,
        vec![(date(2026, 12, 15), date(2026, 12, 21))]
    );
    assert_eq!(with_revision.check_ins.len(), revised.check_ins.len());
    let (a, _) = chart::render_rgb(W, H, &plain);
    let (b, _) = chart::render_rgb(W, H, &with_revision);
    assert_ne!(a, b, "the revised plan changes the picture");
    // A "revision" that changes no day is not a second line.
    let same = ChartData::from_schedules(&original, Some(&original), None);
    assert!(same.revised.is_none());
}

#[test]
fn the_picture_is_deterministic_and_follows_the_theme() {
    let mut data = full_data();
    let (a, _) = chart::render_rgb(W, H, &data);
    let (b, _) = chart::render_rgb(W, H, &data);
    assert_eq!(a, b, "same data, same pixels");
    data.dark = true;
    let (dark, _) = chart::render_rgb(W, H, &data);
    assert_ne!(a, dark);
    // The corner is the background: light for light, dark for dark.
    assert!(
        a[0] > 200 && dark[0] < 60,
        "light {} dark {}",
        a[0],
        dark[0]
    );
}

#[test]
fn empty_or_odd_data_never_panics() {
    let empty = ChartData::default();
    let (rgb, layout) = chart::render_rgb(640, 360, &empty);
    assert_eq!(rgb.len(), 640 * 360 * 3);
    assert!(distinct_colours(&rgb) > 1, "the message is drawn");
    assert_eq!(layout.amount_plot, None);
    assert_eq!(layout.date_at(320.0), None);
    assert!(chart::svg_string(640, 360, &empty).contains("Nothing to chart yet"));

    for (w, h) in [(0, 0), (0, 100), (1, 1), (10, 10), (120, 60), (2000, 90)] {
        let (rgb, layout) = chart::render_rgb(w, h, &full_data());
        assert_eq!(rgb.len(), (w * h * 3) as usize, "{w}x{h}");
        assert_eq!(layout.size, (w, h));
    }
    let (rgb, layout) = chart::render_rgb(u32::MAX, 2, &ChartData::default());
    assert_eq!(layout.size, (chart::MAX_SIDE, 2));
    assert_eq!(rgb.len(), (chart::MAX_SIDE * 2 * 3) as usize);

    let odd = ChartData {
        unit: Unit::Mg,
        taken: vec![
            (date(1990, 1, 1), Amount::ZERO),
            (date(2100, 6, 1), Amount::from_milli(5)),
        ],
        symptoms: vec![(date(2026, 1, 1), 900), (date(2026, 1, 1), 0)],
        symptom_bands: vec![Band {
            name: "inverted".into(),
            min: 50,
            max: Some(3),
        }],
        check_ins: vec![(date(2026, 1, 2), CheckInKind::Visit)],
        holds: vec![(date(2026, 3, 1), date(2026, 2, 1))],
        red_flags: vec![NaiveDate::MIN, NaiveDate::MAX],
        today: Some(NaiveDate::MAX),
        scale: f32::NAN,
        ..ChartData::default()
    };
    let (_, layout) = chart::render_rgb(W, H, &odd);
    assert!(layout.amount_plot.is_some());
    let _ = chart::svg_string(W, H, &odd);
    let only_symptoms = ChartData {
        symptoms: vec![(date(2026, 1, 1), 3)],
        ..ChartData::default()
    };
    let (_, layout) = chart::render_rgb(W, H, &only_symptoms);
    assert_eq!(layout.days, 1);
    assert_eq!(layout.date_at(400.0), Some(date(2026, 1, 1)));
}

#[test]
fn date_at_maps_the_plot_edges_to_the_first_and_last_day() {
    for data in [
        ChartData::from_schedules(&schedules().0, None, None),
        full_data(),
    ] {
        let (_, layout) = chart::render_rgb(W, H, &data);
        let plot = layout.amount_plot.expect("a plot");
        let first = data.original.first().unwrap().0;
        let last = data
            .revised
            .as_ref()
            .unwrap_or(&data.original)
            .last()
            .unwrap()
            .0;
        assert_eq!(layout.first_date, Some(first));
        assert_eq!(layout.date_at(plot.left as f32), Some(first));
        assert_eq!(layout.date_at(plot.right as f32), Some(last));
        assert_eq!(layout.date_at(plot.left as f32 - 5.0), None);
        assert_eq!(layout.date_at(plot.right as f32 + 5.0), None);
        assert_eq!(layout.date_at(f32::NAN), None);
        // Every day's column centre maps back to that day.
        for (day, _) in &data.original {
            let x = layout.x_of_date(*day).unwrap();
            assert_eq!(layout.date_at(x), Some(*day));
        }
        if let Some(sym) = layout.symptom_plot {
            assert_eq!(
                (sym.left, sym.right),
                (plot.left, plot.right),
                "panels share the x axis"
            );
            assert!(sym.top > plot.bottom);
        }
    }
    assert_eq!(ChartLayout::empty(10, 10).x_of_date(date(2026, 1, 1)), None);
}

#[test]
fn svg_export_has_the_axis_labels_as_text() {
    let svg = chart::svg_string(W, H, &full_data());
    assert!(svg.contains("<svg"));
    assert!(svg.contains("g per day"));
    assert!(svg.contains("symptom total"));
    assert!(svg.contains("Dec 01"), "dates are short labels");
    assert!(svg.contains("revised plan") && svg.contains("original plan"));
    assert!(
        chart::try_svg_string(0, 10, &full_data())
            .unwrap_err()
            .contains("0x10")
    );
}

#[test]
fn png_and_svg_files_are_written_or_the_error_says_why() {
    let dir = tempfile::tempdir().unwrap();
    let png = dir.path().join("chart.png");
    chart::save_png(&png, W, H, &full_data()).unwrap();
    let bytes = std::fs::read(&png).unwrap();
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");
    let svg = dir.path().join("chart.svg");
    chart::save_svg(&svg, W, H, &full_data()).unwrap();
    assert!(std::fs::read_to_string(&svg).unwrap().contains("<svg"));

    let wrong = chart::save_png(dir.path().join("chart.txt"), W, H, &full_data()).unwrap_err();
    assert!(wrong.contains(".png"), "{wrong}");
    let missing = dir.path().join("no/such/folder/chart.png");
    let err = chart::save_png(&missing, W, H, &full_data()).unwrap_err();
    assert!(err.contains("chart.png"), "{err}");
    let err =
        chart::save_svg(dir.path().join("no/such/chart.svg"), W, H, &full_data()).unwrap_err();
    assert!(err.contains("chart.svg"), "{err}");
}

struct ViewState {
    view: ChartView,
    revision: u64,
    height: f32,
    data_calls: u32,
}

fn chart_harness(pixels_per_point: f32) -> Harness<'static, ViewState> {
    let state = ViewState {
        view: ChartView::new(),
        revision: 1,
        height: 400.0,
        data_calls: 0,
    };
    let mut harness = Harness::builder().with_size([900.0, 600.0]).build_ui_state(
        |ui, state: &mut ViewState| {
            let calls = &mut state.data_calls;
            state.view.show(
                ui,
                state.height,
                state.revision,
                || {
                    *calls += 1;
                    full_data()
                },
                |d| format!("hover {d}"),
            );
        },
        state,
    );
    // Set on the context: the builder's native pixels-per-point does not reach it.
    harness.set_pixels_per_point(pixels_per_point);
    harness
}

#[test]
fn the_view_redraws_only_when_the_revision_changes() {
    let mut harness = chart_harness(1.0);
    harness.run();
    harness.step();
    harness.step();
    assert_eq!(harness.state().view.renders, 1);
    assert_eq!(harness.state().data_calls, 1, "data is built only to draw");
    harness.get_by_label(CHART_LABEL);
    for name in ["original plan", "revised plan", "taken", "red flag"] {
        assert!(
            harness.query_by_label(name).is_some(),
            "the legend line above the picture names {name}"
        );
    }

    harness.state_mut().revision += 1;
    harness.run();
    harness.step();
    assert_eq!(harness.state().view.renders, 2);
    assert_eq!(harness.state().data_calls, 2);

    // The theme is part of the picture; a new size is too.
    harness.ctx.set_theme(egui::Theme::Light);
    harness.run();
    assert_eq!(harness.state().view.renders, 3);
    harness.state_mut().height = 300.0;
    harness.run();
    harness.step();
    assert_eq!(harness.state().view.renders, 4);
    let layout = harness.state().view.layout().unwrap();
    let spacing = harness.ctx.global_style().spacing.item_spacing.y;
    assert_eq!(
        layout.size.1 as f32,
        300.0 - LEGEND_HEIGHT - spacing,
        "the legend line above takes its height from the picture"
    );
}

#[test]
fn hovering_shows_the_day_under_the_pointer() {
    for pixels_per_point in [1.0, 2.0, 1.5] {
        hover_at_scale(pixels_per_point);
    }
}

fn hover_at_scale(pixels_per_point: f32) {
    let mut harness = chart_harness(pixels_per_point);
    harness.run();
    let layout = harness.state().view.layout().cloned().expect("drawn");
    let day = date(2026, 12, 10);
    let x_px = layout.x_of_date(day).unwrap();
    let (top, bottom) = layout.plots_y_extent().unwrap();
    let image = harness.get_by_label(CHART_LABEL).rect();
    let scale = image.width() / layout.size.0 as f32;
    let pos = egui::pos2(
        image.min.x + (x_px + 0.5) * scale,
        image.min.y + (top + bottom) as f32 / 2.0 * scale,
    );
    let renders = harness.state().view.renders;
    harness.hover_at(pos);
    harness.run();
    harness.get_by_label_contains("hover 2026-12-10");
    assert_eq!(
        harness.state().view.renders,
        renders,
        "hovering does not redraw"
    );
    let expected_width = (image.width() * pixels_per_point).round() as u32;
    assert_eq!(layout.size.0, expected_width, "drawn at physical pixels");
}

#[test]
fn the_plan_in_force_alone_has_one_line_no_today_and_the_print_font() {
    let (original, revised) = schedules();
    let data = ChartData::plan_in_force(&revised);
    assert!(data.revised.is_none() && data.today.is_none() && data.taken.is_empty());
    let in_force: Vec<Amount> = revised.days.iter().map(|d| d.amount).collect();
    let drawn: Vec<Amount> = data.original.iter().map(|p| p.1).collect();
    assert_eq!(drawn, in_force, "the revised plan, not the first one");
    assert_ne!(drawn.len(), original.days.len());
    assert_eq!(
        data.holds.len(),
        1,
        "the hold of the plan in force is shaded"
    );
    let print = ChartData {
        font: chart::ChartFont::Print,
        ..data.clone()
    };
    let svg = chart::svg_string(W, H, &print);
    assert!(svg.contains("font-family=\"Liberation Sans\"") && !svg.contains("sans-serif"));
    assert!(svg.contains("planned") && !svg.contains("original plan") && !svg.contains("today"));
    let screen = chart::svg_string(W, H, &data);
    assert!(
        screen.contains("font-family=\"sans-serif\""),
        "the screen keeps egui's font"
    );
}

#[test]
fn charts_longer_than_300_days_label_months_with_their_year() {
    let mut p = twelve_grams_six_weeks();
    p.length = Length::Days(728);
    let two_years = generate(&p, &[]).unwrap();
    let svg = chart::svg_string(W, H, &ChartData::plan_in_force(&two_years));
    assert!(svg.contains("Dec 2026") && svg.contains("2028"), "{svg}");
    let short = chart::svg_string(W, H, &ChartData::plan_in_force(&schedules().0));
    assert!(short.contains("Dec 01"));
}
