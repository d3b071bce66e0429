//! `export` to calendar and chart pictures, and its refusals.

mod common;

use common::cli::{run, stderr, two_weeks_file};
use icalendar::Component;

#[test]
fn exports_calendar_png_and_svg_and_never_replaces_silently() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("two.ron");
    two_weeks_file(&file);
    let out = |name: &str| dir.path().join(name).to_str().unwrap().to_string();
    let (ics, png, svg) = (out("c.ics"), out("c.png"), out("c.svg"));
    let result = run(&[
        "export",
        file.to_str().unwrap(),
        "--ics",
        &ics,
        "--png",
        &png,
        "--svg",
        &svg,
        "--today",
        "2026-12-14",
    ]);
    assert!(result.status.success(), "{}", stderr(&result));
    let calendar = std::fs::read_to_string(&ics).unwrap();
    let parsed: icalendar::Calendar = calendar.parse().expect("the calendar parses");
    let events: Vec<&icalendar::Event> = parsed.events().collect();
    assert!(events.iter().any(
        |e| e.get_summary() == Some("Taper visit with your clinician")
            && e.get_start() == Some(icalendar::DatePerhapsTime::Date(common::date(2026, 12, 15)))
    ));
    assert!(
        events
            .iter()
            .any(|e| e.get_summary() == Some("Taper: 10 g a day from today"))
    );
    for event in &events {
        let alarms = event
            .components()
            .iter()
            .filter(|c| c.component_kind() == "VALARM");
        assert_eq!(alarms.count(), 1, "{event:?}");
    }
    assert!(
        !calendar.contains("Two Weeks"),
        "no patient name by default"
    );
    assert_eq!(&std::fs::read(&png).unwrap()[..8], b"\x89PNG\r\n\x1a\n");
    let picture = std::fs::read_to_string(&svg).unwrap();
    assert!(
        picture.contains("<svg")
            && picture.contains("symptom total")
            && picture.contains("red flag")
    );
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(
        std::fs::metadata(&png).unwrap().permissions().mode() & 0o777,
        0o600
    );

    let before = std::fs::read(&ics).unwrap();
    let again = run(&["export", file.to_str().unwrap(), "--ics", &ics]);
    assert_eq!(again.status.code(), Some(2));
    assert!(stderr(&again).contains("--force"));
    assert_eq!(std::fs::read(&ics).unwrap(), before);
    let none = run(&["export", file.to_str().unwrap()]);
    assert_eq!(none.status.code(), Some(2));
    assert!(stderr(&none).contains("--csv"));
    let jpg = run(&["export", file.to_str().unwrap(), "--png", &out("c.jpg")]);
    assert_eq!(jpg.status.code(), Some(2));

    let named = out("named.ics");
    let with_names = run(&[
        "export",
        file.to_str().unwrap(),
        "--ics",
        &named,
        "--ics-names",
    ]);
    assert!(with_names.status.success(), "{}", stderr(&with_names));
    assert!(
        std::fs::read_to_string(&named)
            .unwrap()
            .contains("— Two Weeks")
    );
    for (flag, value) in [("--remind-at", "6pm"), ("--remind-days", "15")] {
        let late = out("late.ics");
        let bad = run(&[
            "export",
            file.to_str().unwrap(),
            "--ics",
            &late,
            flag,
            value,
        ]);
        assert_eq!(bad.status.code(), Some(2), "{flag} {value}");
        assert!(stderr(&bad).contains(flag), "{}", stderr(&bad));
        assert!(!std::path::Path::new(&late).exists());
    }
}

/// Issue 9, point 8: exports are private, atomic and leave nothing beside them (no
/// `.bak` of the file they replaced, no temporary), with or without --force.
#[test]
fn exports_leave_no_backup_or_temporary_beside_them() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("two.ron");
    two_weeks_file(&file);
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    let path = |name: &str| out.join(name).to_str().unwrap().to_string();
    let names = ["c.csv", "c.ics", "c.png", "c.svg"];
    let export = |force: bool| {
        let mut args = vec!["export".to_string(), file.to_str().unwrap().to_string()];
        for (flag, name) in ["--csv", "--ics", "--png", "--svg"].iter().zip(names) {
            args.extend([flag.to_string(), path(name)]);
        }
        if force {
            args.push("--force".into());
        }
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        run(&args)
    };
    let first = export(false);
    assert!(first.status.success(), "{}", stderr(&first));
    let again = export(true);
    assert!(again.status.success(), "{}", stderr(&again));
    let mut found: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    found.sort();
    assert_eq!(found, names, "only the exports themselves");
    use std::os::unix::fs::PermissionsExt;
    for name in names {
        let mode = std::fs::metadata(out.join(name))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600, "{name}");
    }
}

/// A patient file with the clinic's contact and dose times, written with the library
/// (the `plan` command does not take them yet): 12 g in three doses over `weeks`.
fn handout_file(path: &std::path::Path, weeks: u32, approved: bool) {
    use chrono::NaiveTime;
    use taper_planner::domain::amount::{Amount, Unit};
    use taper_planner::domain::patient::{Patient, PatientRecord};
    use taper_planner::domain::plan::{Length, PlanInputs};
    let mut inputs = PlanInputs::new(
        Amount::from_milli(12_000),
        Unit::G,
        common::date(2026, 12, 1),
    );
    inputs.length = Length::Days(weeks * 7);
    inputs.doses_per_day = 3;
    inputs.dose_times = [8, 14, 20]
        .map(|h| NaiveTime::from_hms_opt(h, 0, 0).unwrap())
        .to_vec();
    let patient = Patient {
        display_name: "Jane Doe".into(),
        clinician: "Dr Amira Haddad".into(),
        clinic: "Northside Family Clinic".into(),
        clinic_phone: "(555) 014-2367".into(),
        ..Patient::default()
    };
    let at = common::date(2026, 11, 30).and_hms_opt(9, 0, 0).unwrap();
    let mut record = PatientRecord::new(patient, inputs, "Dr Amira Haddad", at);
    if approved {
        record.approve("Dr Amira Haddad", at, &[]);
    }
    taper_planner::store::patient_file::PatientFile::create(path, record, false).unwrap();
}

/// The width of a page's media box, in points.
fn media_width(document: &pdf_extract::Document, page: pdf_extract::ObjectId) -> f32 {
    let dict = document.get_object(page).unwrap().as_dict().unwrap();
    let media = dict.get(b"MediaBox").unwrap().as_array().unwrap();
    media[2].as_float().unwrap()
}

/// The PDF's pages as text, each with its runs of white space made one space.
fn pdf_pages(bytes: &[u8]) -> Vec<String> {
    pdf_extract::extract_text_from_mem_by_pages(bytes)
        .expect("the handout's text can be extracted")
        .into_iter()
        .map(|page| page.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect()
}

fn export_pdf(file: &std::path::Path, pdf: &std::path::Path, extra: &[&str]) -> Vec<u8> {
    let mut args = vec![
        "export",
        file.to_str().unwrap(),
        "--pdf",
        pdf.to_str().unwrap(),
    ];
    args.extend(["--today", "2026-12-01"]);
    args.extend(extra);
    let result = run(&args);
    assert!(result.status.success(), "{}", stderr(&result));
    std::fs::read(pdf).unwrap()
}

#[test]
fn the_pdf_handout_holds_the_stop_date_every_amount_the_phone_and_every_red_flag() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("jane.ron");
    handout_file(&file, 6, false);
    let bytes = export_pdf(&file, &dir.path().join("h.pdf"), &["--paper", "letter"]);
    assert!(bytes.starts_with(b"%PDF-"));
    let pages = pdf_pages(&bytes);
    assert_eq!(pages.len(), 1, "a 6-week plan fits on one page");
    let text = pages[0].replace('\u{a0}', " ");
    let compact: String = text.split_whitespace().collect();
    assert!(text.contains("Stop date: Tue 12 Jan 2027"), "{text}");
    let (record, _) = taper_planner::store::patient_file::load(&file).unwrap();
    let schedule = record.plan.schedule().unwrap();
    for step in &schedule.steps {
        let amount = step.amount.with_unit(schedule.unit).replace(' ', "");
        assert!(compact.contains(&amount), "{amount} missing: {text}");
        for dose in &step.doses {
            assert!(compact.contains(&dose.with_unit(schedule.unit).replace(' ', "")));
        }
    }
    assert!(text.contains("(555) 014-2367") && text.contains("Northside Family Clinic"));
    for flag in taper_planner::domain::basis::RedFlag::ALL {
        assert!(
            text.contains(flag.plain_label()),
            "{flag:?} missing: {text}"
        );
    }
    assert!(
        text.contains("DRAFT"),
        "a plan not approved says so in large type"
    );
    assert!(
        text.contains("08:00") && text.contains("20:00"),
        "dose times"
    );
    assert!(text.contains("not medical advice"));
    assert!(
        !text.contains("original plan") && !text.contains("taken"),
        "the plan in force alone, no journal"
    );
}

#[test]
fn a_two_year_plan_takes_two_pages_grouped_by_month_on_either_paper() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("long.ron");
    handout_file(&file, 104, true);
    for (paper, width) in [("a4", 595.28), ("letter", 612.0)] {
        let bytes = export_pdf(
            &file,
            &dir.path().join(format!("{paper}.pdf")),
            &["--paper", paper],
        );
        let pages = pdf_pages(&bytes);
        assert_eq!(pages.len(), 2, "{paper}");
        let text = pages.concat().replace('\u{a0}', " ");
        assert!(
            text.contains("month by month") && text.contains("Dec 2026"),
            "{text}"
        );
        assert!(text.contains("Stop date: Tue 28 Nov 2028"));
        assert!(text.contains("Approved by Dr Amira Haddad") && !text.contains("DRAFT"));
        let (record, _) = taper_planner::store::patient_file::load(&file).unwrap();
        let schedule = record.plan.schedule().unwrap();
        let compact: String = text.split_whitespace().collect();
        for step in schedule.steps.iter().filter(|s| !s.amount.is_zero()) {
            let amount = step.amount.with_unit(schedule.unit).replace(' ', "");
            assert!(compact.contains(&format!("{}:{amount}", chrono::Datelike::day(&step.start))));
        }
        let document = pdf_extract::Document::load_mem(&bytes).unwrap();
        for (_, page) in document.get_pages() {
            let media = media_width(&document, page);
            assert!((media - width).abs() < 0.01, "{paper}: {media}");
        }
    }
}

#[test]
fn the_handout_embeds_its_fonts_and_takes_the_paper_from_the_locale() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("jane.ron");
    handout_file(&file, 6, false);
    let pdf = dir.path().join("us.pdf");
    let result = std::process::Command::new(common::cli::BIN)
        .args([
            "export",
            file.to_str().unwrap(),
            "--pdf",
            pdf.to_str().unwrap(),
        ])
        .env_remove("LC_ALL")
        .env("LC_PAPER", "en_US.UTF-8")
        .env("LANG", "de_DE.UTF-8")
        .output()
        .unwrap();
    assert!(result.status.success(), "{}", stderr(&result));
    let bytes = std::fs::read(&pdf).unwrap();
    let document = pdf_extract::Document::load_mem(&bytes).unwrap();
    let (_, page) = document.get_pages().into_iter().next().unwrap();
    assert_eq!(
        media_width(&document, page),
        612.0,
        "US Letter from LC_PAPER"
    );
    let mut embedded = 0;
    for object in document.objects.values() {
        let Ok(dict) = object.as_dict() else { continue };
        if dict.get(b"Type").and_then(|t| t.as_name()).ok() == Some(b"FontDescriptor".as_slice()) {
            let name = dict.get(b"FontName").and_then(|n| n.as_name()).unwrap();
            assert!(
                dict.has(b"FontFile2") || dict.has(b"FontFile3"),
                "{} is not embedded",
                String::from_utf8_lossy(name)
            );
            // A subset: six capital letters and a plus before the name.
            assert_eq!(
                name.get(6),
                Some(&b'+'),
                "{}",
                String::from_utf8_lossy(name)
            );
            embedded += 1;
        }
    }
    assert!(embedded >= 2, "regular and bold, {embedded} found");
    let bad = run(&[
        "export",
        file.to_str().unwrap(),
        "--pdf",
        dir.path().join("x.pdf").to_str().unwrap(),
        "--paper",
        "a5",
    ]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(stderr(&bad).contains("--paper"));
}
