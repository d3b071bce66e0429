//! Fields this version does not know are never dropped: in a file of a known version
//! they are an error naming the field, with its line and column; a file of a newer
//! version opens read-only and says so.

use taper_planner::store::StoreError;
use taper_planner::store::format::{FORMAT_VERSION, decode, decode_any, encode};
use taper_planner::store::patient_file::{PatientFile, ReadOnlyReason};

use super::common::cli::{run, stderr, stdout};
use super::common::ui::{app_harness, has, open_patient};
use super::sample_record;

/// Every place in `text` where a struct with named fields opens (`Name(field: ...`),
/// as the byte offset just after its `(`.
fn struct_openings(text: &str) -> Vec<usize> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut in_string = false;
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'"' if i == 0 || bytes[i - 1] != b'\\' => in_string = !in_string,
            b'(' if !in_string && i > 0 && bytes[i - 1].is_ascii_alphabetic() => {
                let name_start = text[..i]
                    .rfind(|c: char| !c.is_ascii_alphanumeric())
                    .map_or(0, |p| p + 1);
                let name = &text[name_start..i];
                let after = text[i + 1..].trim_start();
                let field_follows = after.split_once(':').is_some_and(|(key, _)| {
                    !key.is_empty() && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
                });
                if name.chars().next().is_some_and(|c| c.is_ascii_uppercase()) && field_follows {
                    out.push(i + 1);
                }
            }
            _ => {}
        }
    }
    out
}

#[test]
fn an_unknown_field_in_any_struct_is_an_error_at_its_place() {
    let text = encode(&sample_record()).unwrap();
    let openings = struct_openings(&text);
    // PatientFile, Patient, PlanRecord, PlanInputs, Revision, Hold, Approval, Journal,
    // DayEntry, DoseTaken, InstrumentScore, Visit, Product, CertificateOfAnalysis,
    // AuditEntry: every kind of struct the record holds.
    assert!(
        openings.len() >= 15,
        "{} openings in {text}",
        openings.len()
    );
    for at in openings {
        let bad = format!("{}zz_unknown: 1, {}", &text[..at], &text[at..]);
        let line = text[..at].matches('\n').count() + 1;
        match decode(&bad) {
            Err(StoreError::Parse {
                line: l, message, ..
            }) => {
                assert_eq!(l, line, "{message}");
                assert!(message.contains("zz_unknown"), "{message}");
            }
            other => panic!("an unknown field at {at} was accepted: {other:?}\n{bad}"),
        }
    }
}

#[test]
fn log_never_drops_an_unknown_field() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("p.ron");
    let text = encode(&sample_record()).unwrap().replacen(
        "display_name:",
        "allergies: \"penicillin - SEVERE\",\n        display_name:",
        1,
    );
    std::fs::write(&file, &text).unwrap();
    let check = run(&["check", file.to_str().unwrap()]);
    assert_eq!(check.status.code(), Some(3));
    assert!(stderr(&check).contains("allergies"), "{}", stderr(&check));
    let log = run(&[
        "log",
        file.to_str().unwrap(),
        "--date",
        "2026-12-05",
        "--taken",
        "4g",
    ]);
    assert!(!log.status.success());
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        text,
        "nothing was lost"
    );
}

/// The sample record as a newer version might write it: a new field in the patient
/// and in every audit entry.
fn newer_text() -> String {
    encode(&sample_record())
        .unwrap()
        .replacen(
            &format!("format_version: {FORMAT_VERSION}"),
            &format!("format_version: {}", FORMAT_VERSION + 1),
            1,
        )
        .replacen(
            "display_name:",
            "record_id: \"r-1\",\n        display_name:",
            1,
        )
        .replace("AuditEntry(\n", "AuditEntry(\n            id: 7,\n")
}

#[test]
fn a_newer_versions_file_opens_read_only_and_says_so() {
    let text = newer_text();
    let decoded = decode_any(&text).unwrap();
    assert_eq!(decoded.record, sample_record());
    let newer = decoded.newer.expect("marked as newer");
    assert_eq!(newer.version, FORMAT_VERSION + 1);
    assert_eq!(newer.unknown_fields, ["AuditEntry.id", "Patient.record_id"]);
    assert!(decode(&text).is_err(), "never read as a current file");

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("newer.ron");
    std::fs::write(&path, &text).unwrap();
    let mut file = PatientFile::open(&path).unwrap();
    let reason = file.read_only().cloned().expect("read-only");
    assert!(matches!(reason, ReadOnlyReason::NewerFormat(_)));
    assert!(
        reason.to_string().contains("newer taper-planner"),
        "{reason}"
    );
    file.record.patient.clinician = "Dr Lost".into();
    assert!(matches!(file.save(), Err(StoreError::NewerFormat { .. })));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), text);

    let check = run(&["check", path.to_str().unwrap()]);
    assert!(check.status.success(), "{}", stderr(&check));
    assert!(
        stdout(&check).contains("read-only") && stdout(&check).contains("record_id"),
        "{}",
        stdout(&check)
    );
    let log = run(&[
        "log",
        path.to_str().unwrap(),
        "--date",
        "2026-12-05",
        "--taken",
        "4g",
    ]);
    assert_eq!(log.status.code(), Some(1));
    assert!(
        stderr(&log).contains("newer taper-planner"),
        "{}",
        stderr(&log)
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), text);
}

#[test]
fn the_app_lists_and_opens_a_newer_versions_file_read_only() {
    let dir = tempfile::tempdir().unwrap();
    let patients = taper_planner::store::patients_dir(dir.path()).unwrap();
    let path = patients.join("newer.ron");
    std::fs::write(&path, newer_text()).unwrap();
    let mut harness = app_harness(
        dir.path(),
        super::common::date(2026, 12, 10),
        egui::vec2(1400.0, 900.0),
    );
    open_patient(&mut harness, &sample_record().patient.display_name);
    assert!(
        has(&harness, "newer taper-planner"),
        "the status bar says so"
    );
    let session = harness.state().session.as_ref().expect("opened");
    assert!(session.file.read_only().is_some());
    assert!(harness.state().title().ends_with("(read-only)"));
    drop(harness);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), newer_text());
}
