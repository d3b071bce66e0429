//! `export` to calendar and chart pictures, and its refusals.

use std::process::Command;

fn run(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_taper-planner"))
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn exports_calendar_png_and_svg_and_never_replaces_silently() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("two.ron");
    let made = Command::new("bash")
        .args([
            "tests/two_weeks.sh",
            env!("CARGO_BIN_EXE_taper-planner"),
            file.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(made.status.success());
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
    assert!(
        result.status.success(),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
    let calendar = std::fs::read_to_string(&ics).unwrap();
    assert!(
        calendar.contains("DTSTART;VALUE=DATE:20261215")
            && calendar.contains("SUMMARY:Taper visit: Two Weeks")
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
    assert!(String::from_utf8_lossy(&again.stderr).contains("--force"));
    assert_eq!(std::fs::read(&ics).unwrap(), before);
    let none = run(&["export", file.to_str().unwrap()]);
    assert_eq!(none.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&none.stderr).contains("--csv"));
    let jpg = run(&["export", file.to_str().unwrap(), "--png", &out("c.jpg")]);
    assert_eq!(jpg.status.code(), Some(2));
}
