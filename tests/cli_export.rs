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

#[test]
fn the_handout_is_one_printable_page_with_the_plan_and_the_red_flags() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("two.ron");
    two_weeks_file(&file);
    let html = dir.path().join("h.html");
    let result = run(&[
        "export",
        file.to_str().unwrap(),
        "--handout",
        html.to_str().unwrap(),
        "--today",
        "2026-12-14",
    ]);
    assert!(result.status.success(), "{}", stderr(&result));
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(page.starts_with("<!DOCTYPE html>"));
    assert!(page.contains("Two Weeks") && page.contains("<td>12 g</td><td>4 g + 4 g + 4 g</td>"));
    assert!(
        page.contains("Dark urine") && page.contains("<svg") && page.contains("not medical advice")
    );
    assert!(!page.contains("<script"), "no scripts in a handout");
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
