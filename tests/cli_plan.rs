//! The `plan` command as a user runs it: the documented example, the formats, and every
//! kind of bad input (exit 2, one line naming the flag, nothing on stdout).

mod common;

use common::cli::{run, stderr, stdout};

#[test]
fn the_documented_csv_example_holds_exactly() {
    let out = run(&[
        "plan",
        "--start",
        "12g",
        "--weeks",
        "6",
        "--start-date",
        "2026-12-01",
        "--format",
        "csv",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    let rows: Vec<Vec<&str>> = text.lines().map(|l| l.split(',').collect()).collect();
    assert_eq!(
        rows[0].join(","),
        "date,day,step,amount,unit,doses,check_in,note"
    );
    let expect = |day: usize, amount: &str| {
        let row = &rows[day];
        assert_eq!(row[1], day.to_string());
        assert_eq!(row[3], amount, "day {day}");
        assert_eq!(row[4], "g");
    };
    for (range, amount) in [
        (1..=7, "12"),
        (8..=14, "10"),
        (15..=21, "8"),
        (22..=28, "6"),
        (29..=35, "4"),
        (36..=42, "2"),
    ] {
        for day in range {
            expect(day, amount);
        }
    }
    assert_eq!(
        rows[43],
        ["2027-01-12", "43", "7", "0", "g", "0", "visit", "stop"],
        "the cadence visit on the stop date is kept"
    );
    assert_eq!(
        rows[44][6], "visit",
        "the follow-up is the earliest clinic day after the stop"
    );
    assert_eq!(rows[1], ["2026-12-01", "1", "1", "12", "g", "12", "", ""]);
    assert_eq!(rows[8][7], "reduction");
    assert_eq!(rows[15][6], "visit", "a visit two weeks in (2026-12-15)");
    assert_eq!(
        rows[10][6], "self",
        "a self check-in two days after the first cut"
    );
    assert_eq!(
        rows.len(),
        1 + 43 + 14,
        "header, 43 days and 14 follow-up days"
    );
    assert!(
        stderr(&out).contains("large-reduction"),
        "warnings go to stderr: {}",
        stderr(&out)
    );
}

#[test]
fn doses_are_joined_with_plus() {
    let out = run(&[
        "plan",
        "--start",
        "12g",
        "--weeks",
        "6",
        "--start-date",
        "2026-12-01",
        "--doses-per-day",
        "3",
        "--format",
        "csv",
    ]);
    let text = stdout(&out);
    let day1: Vec<&str> = text.lines().nth(1).unwrap().split(',').collect();
    assert_eq!(day1[5], "4+4+4");
}

#[test]
fn the_table_groups_by_step_and_lists_warnings_with_their_basis() {
    let out = run(&[
        "plan",
        "--start",
        "12g",
        "--weeks",
        "6",
        "--start-date",
        "2026-12-01",
    ]);
    assert!(out.status.success());
    let text = stdout(&out);
    assert!(
        text.contains("12 g a day, linear over 6 weeks, from 2026-12-01 to 2027-01-12"),
        "{text}"
    );
    assert!(text.contains("visit 2026-12-15"));
    assert!(text.contains("basis:"), "{text}");
    assert_eq!(
        text.lines()
            .skip(1)
            .filter(|l| l.contains("2026-12-0") && l.contains(" 12 g"))
            .count(),
        1,
        "one line per step"
    );
}

#[test]
fn json_is_valid_and_complete() {
    let out = run(&[
        "plan",
        "--start",
        "800mg",
        "--shape",
        "cdc",
        "--start-date",
        "2026-12-01",
        "--format",
        "json",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let value: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("valid JSON");
    assert_eq!(value["unit"], "mg");
    assert_eq!(value["days"][0]["amount"], "800");
    assert_eq!(value["days"][7]["amount"], "720");
}

#[test]
fn custom_steps_and_other_shapes_run() {
    let custom = run(&[
        "plan",
        "--start",
        "12g",
        "--shape",
        "custom",
        "--steps",
        "12,10,9,8,6,4,2,1",
        "--format",
        "csv",
        "--start-date",
        "2026-12-01",
    ]);
    assert!(custom.status.success(), "{}", stderr(&custom));
    assert!(
        stdout(&custom).contains("2027-01-26,57,9,0,g,0,visit,stop"),
        "{}",
        stdout(&custom)
    );
    let percent = run(&[
        "plan",
        "--start",
        "8g",
        "--shape",
        "proportional",
        "--percent",
        "15",
        "--jump-off",
        "1g",
    ]);
    assert!(percent.status.success(), "{}", stderr(&percent));
}

fn assert_bad(args: &[&str], flag: &str) {
    let out = run(args);
    assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
    assert!(out.stdout.is_empty(), "{args:?} printed on stdout");
    let err = stderr(&out);
    assert_eq!(err.trim_end().lines().count(), 1, "one line: {err}");
    assert!(err.contains(flag), "{args:?}: '{err}' should name {flag}");
}

#[test]
fn bad_input_exits_2_with_one_line_naming_the_flag() {
    let base = ["plan", "--start-date", "2026-12-01"];
    let with = |extra: &[&'static str]| -> Vec<&'static str> {
        base.iter().copied().chain(extra.iter().copied()).collect()
    };
    assert_bad(&with(&["--start", "0g", "--weeks", "6"]), "--start");
    assert_bad(&with(&["--start", "-3g", "--weeks", "6"]), "--start");
    assert_bad(&with(&["--start", "twelve", "--weeks", "6"]), "--start");
    assert_bad(&with(&["--start", "12", "--weeks", "6"]), "--start");
    assert_bad(&with(&["--start", "12kg", "--weeks", "6"]), "--start");
    assert_bad(&with(&["--start", "12g", "--weeks", "0"]), "--weeks");
    assert_bad(&with(&["--start", "12g", "--days", "0"]), "--days");
    assert_bad(&with(&["--start", "12g", "--weeks", "261"]), "--weeks");
    assert_bad(&with(&["--start", "12g", "--days", "1827"]), "--days");
    assert_bad(
        &[
            "plan",
            "--start",
            "12g",
            "--weeks",
            "6",
            "--start-date",
            "2026-02-30",
        ],
        "--start-date",
    );
    assert_bad(
        &[
            "plan",
            "--start",
            "12g",
            "--weeks",
            "6",
            "--start-date",
            "tomorrow",
        ],
        "--start-date",
    );
    assert_bad(
        &with(&["--start", "12g", "--weeks", "6", "--shape", "zigzag"]),
        "--shape",
    );
    assert_bad(
        &with(&[
            "--start",
            "12g",
            "--weeks",
            "6",
            "--clinic-days",
            "mon,funday",
        ]),
        "--clinic-days",
    );
    assert_bad(
        &with(&["--start", "12g", "--weeks", "6", "--increment", "20g"]),
        "--increment",
    );
    assert_bad(
        &with(&["--start", "12g", "--weeks", "6", "--shape", "cdc"]),
        "--weeks",
    );
    assert_bad(
        &with(&[
            "--start", "12g", "--weeks", "6", "--shape", "custom", "--steps", "12,10",
        ]),
        "--weeks",
    );
    assert_bad(
        &with(&[
            "--start",
            "12g",
            "--shape",
            "custom",
            "--steps",
            "12,10,11,8",
        ]),
        "--steps",
    );
    assert_bad(
        &with(&["--start", "12g", "--shape", "custom", "--steps", "11,10"]),
        "--steps",
    );
    assert_bad(&with(&["--start", "12g"]), "--weeks");
    assert_bad(
        &with(&["--start", "12g", "--weeks", "6", "--days", "40"]),
        "--days",
    );
    assert_bad(
        &with(&["--start", "12g", "--weeks", "6", "--percent", "10"]),
        "--percent",
    );
    assert_bad(
        &with(&[
            "--start",
            "12g",
            "--shape",
            "proportional",
            "--percent",
            "100",
        ]),
        "--percent",
    );
    assert_bad(
        &with(&["--start", "12g", "--weeks", "6", "--doses-per-day", "0"]),
        "--doses-per-day",
    );
    assert_bad(&with(&["--start", "12g", "--weeks", "-6"]), "--weeks");
    assert_bad(
        &with(&["--start", "12g", "--weeks", "6", "--jump-off", "13g"]),
        "--jump-off",
    );
    assert_bad(
        &with(&["--start", "12g", "--weeks", "6", "--max-cut", "abc"]),
        "--max-cut",
    );
    assert_bad(
        &with(&["--start", "12g", "--weeks", "6", "--format", "xml"]),
        "--format",
    );
    assert_bad(&with(&["--start", "12.05g", "--weeks", "6"]), "--start");
    assert_bad(
        &with(&["--start", "12g", "--weeks", "6", "--step-days", "28"]),
        "--step-days",
    );
    assert_bad(
        &with(&["--start", "12g", "--weeks", "6", "--step-days", "42"]),
        "--step-days",
    );
    assert_bad(
        &with(&["--start", "12g", "--weeks", "6", "--use-history", "years"]),
        "--use-history",
    );
}

/// `plan --start 12g --weeks 6` with `extra`, as arguments.
fn six_weeks<'a>(extra: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec!["plan", "--start", "12g", "--weeks", "6"];
    args.extend_from_slice(extra);
    args
}

/// The value right after a flag is that flag's, even when it starts with '-'; a value
/// with a line break is echoed on the one line of the error. (Before: clap's
/// "unexpected argument '-2' found", and the shape's error on two lines.)
#[test]
fn errors_name_the_flag_whatever_its_value_looks_like() {
    for (extra, flag) in [
        (vec!["--start-date", "-2026-01-01"], "--start-date"),
        (vec!["--shape", "-linear"], "--shape"),
        (vec!["--clinic-days", "-mon"], "--clinic-days"),
        (vec!["--use-history", "-short"], "--use-history"),
        // Free text takes a '-' value only written as --flag=-value: said so.
        (vec!["--patient", "-x", "--out", "x.ron"], "--patient"),
    ] {
        assert_bad(&six_weeks(&extra), flag);
    }
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("dash.ron");
    let ok = run(&six_weeks(&[
        "--patient=-x",
        "--out",
        out.to_str().unwrap(),
    ]));
    assert!(ok.status.success(), "{}", stderr(&ok));
    for (extra, flag, shown) in [
        (["--shape", "zig\nzag"], "--shape", "zig\\nzag"),
        (["--format", "x\ny"], "--format", "x\\ny"),
        (["--step-days", "7\r8"], "--step-days", "7\\r8"),
    ] {
        assert_bad(&six_weeks(&extra), flag);
        let err = stderr(&run(&six_weeks(&extra)));
        assert!(err.contains(shown), "{err}");
    }
}

/// One range of dates: a start outside it, and a plan whose days or check-ins would
/// run past its last day (2200-12-31), are refused at --start-date. (Before, a start
/// on 2200-12-01 printed a plan into 2201, whose days `log` refuses.)
#[test]
fn a_plan_stays_within_the_dates_the_app_accepts() {
    for date in ["1969-12-31", "2201-01-01", "2200-12-01", "2200-11-06"] {
        assert_bad(&six_weeks(&["--start-date", date]), "--start-date");
    }
    let err = stderr(&run(&six_weeks(&["--start-date", "2200-12-01"])));
    assert!(
        err.contains("this plan runs until 2201-01-26") && err.contains("2200-12-31"),
        "{err}"
    );
    // 6 weeks and the stop with 14 follow-up days: 57 days, the last on 2200-12-31.
    let (table, _) = plan_from("2200-11-05", &["--start", "12g", "--weeks", "6"]);
    assert!(table.contains("2200-12-31"), "{table}");
    assert!(!table.contains("2201-"), "{table}");
    let (csv, _) = plan_from(
        "1970-01-01",
        &["--start", "12g", "--weeks", "6", "--format", "csv"],
    );
    assert!(csv.contains("\n1970-01-01,1,"), "{csv}");
}

/// `--out` is named when the file cannot be written where it says, and a refused
/// `--out` leaves nothing behind. (Before, a missing folder gave exit 1 with a message
/// about the lock file, and a file already there was left with an empty `.lock`.)
#[test]
fn out_names_its_flag_and_a_refused_out_leaves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let with_out = |out: &std::path::Path| -> std::process::Output {
        let args = six_weeks(&["--patient", "N", "--out", out.to_str().unwrap()]);
        assert_bad(&args, "--out");
        run(&args)
    };
    let missing = with_out(&dir.path().join("no/such/dir/x.ron"));
    assert!(stderr(&missing).contains("does not exist"));
    assert!(!dir.path().join("no").exists());
    // A file already there (made by another program: no lock file beside it).
    let there = dir.path().join("there.ron");
    std::fs::write(&there, "someone else's").unwrap();
    with_out(&there);
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["there.ron"], "nothing left beside it");
    assert_eq!(std::fs::read_to_string(&there).unwrap(), "someone else's");
    // A folder given as the file.
    with_out(dir.path());
}

/// `plan` for 12 g from 2026-12-01 with `extra`; returns (stdout, stderr).
fn plan(extra: &[&str]) -> (String, String) {
    plan_from("2026-12-01", extra)
}

/// `plan` from `start_date` with `extra`; returns (stdout, stderr).
fn plan_from(start_date: &str, extra: &[&str]) -> (String, String) {
    let mut args = vec!["plan", "--start-date", start_date];
    args.extend_from_slice(extra);
    let out = run(&args);
    assert!(out.status.success(), "{args:?}: {}", stderr(&out));
    (stdout(&out), stderr(&out))
}

#[test]
fn the_readme_proportional_example_warns_about_its_pace() {
    let (text, _) = plan(&["--start", "12g", "--weeks", "10", "--shape", "proportional"]);
    assert!(text.contains("[fast-pace]"), "{text}");
    assert!(text.contains("in 14 days"), "{text}");
    assert!(text.contains("use history is not known"), "{text}");
    let (long, _) = plan(&[
        "--start",
        "12g",
        "--weeks",
        "10",
        "--shape",
        "proportional",
        "--use-history",
        "long",
    ]);
    assert!(
        long.contains("CDC 2022's pace after a year or more of use"),
        "{long}"
    );
}

#[test]
fn a_cdc_plan_for_short_use_has_no_warning_and_its_stop_is_checked() {
    for start in ["12g", "800mg"] {
        let (text, _) = plan(&["--start", start, "--shape", "cdc", "--use-history", "short"]);
        assert!(!text.contains("Warnings"), "{start}: {text}");
    }
    let (_, warnings) = plan(&[
        "--start",
        "12g",
        "--shape",
        "cdc",
        "--jump-off",
        "11.9g",
        "--format",
        "csv",
    ]);
    assert!(warnings.contains("abrupt-stop"), "{warnings}");
    let (text, _) = plan(&["--start", "12g", "--weeks", "6", "--jump-off", "11.9g"]);
    assert!(text.contains("[abrupt-stop]"), "{text}");
    let (text, _) = plan(&["--start", "12000g", "--weeks", "6"]);
    assert!(text.contains("[plausibility]"), "{text}");
    assert!(text.contains("check the amount and unit"), "{text}");
}

#[test]
fn the_clinic_and_use_history_are_saved_in_a_new_patient_file() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("c.ron");
    let out = run(&[
        "plan",
        "--start",
        "12g",
        "--shape",
        "cdc",
        "--use-history",
        "short",
        "--start-date",
        "2026-12-01",
        "--patient",
        "C",
        "--clinician",
        "Dr Ames",
        "--clinic",
        "Northside Clinic",
        "--clinic-phone",
        "555-0100",
        "--out",
        file.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let (record, _) = taper_planner::store::patient_file::load(&file).unwrap();
    assert_eq!(record.patient.clinic, "Northside Clinic");
    assert_eq!(record.patient.clinic_phone, "555-0100");
    assert_eq!(record.patient.clinician, "Dr Ames");
    assert_eq!(
        record.plan.inputs.use_history,
        taper_planner::domain::plan::UseHistory::Short
    );
}

#[test]
fn arbitrary_text_never_panics() {
    for junk in [
        "",
        " ",
        "1e999g",
        "999999999999g",
        "0.0001g",
        "12gg",
        "..g",
        "\u{7}g",
        "١٢g",
    ] {
        let out = run(&["plan", "--start", junk, "--weeks", "6"]);
        assert_eq!(out.status.code(), Some(2), "{junk:?}: {}", stderr(&out));
    }
}

#[test]
fn dose_times_are_kept_in_the_file_and_bad_ones_name_their_flag() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("times.ron");
    let base = [
        "plan",
        "--start",
        "12g",
        "--weeks",
        "6",
        "--doses-per-day",
        "2",
    ];
    let out = run(&[
        &base[..],
        &[
            "--dose-times",
            "08:00,20:00",
            "--patient",
            "T",
            "--out",
            file.to_str().unwrap(),
        ],
    ]
    .concat());
    assert!(out.status.success(), "{}", stderr(&out));
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(
        text.contains("dose_times: [\"08:00:00\", \"20:00:00\"]"),
        "{text}"
    );
    for wrong in ["20:00,08:00", "8am,20:00", "08:00"] {
        let out = run(&[&base[..], &["--dose-times", wrong]].concat());
        assert_eq!(out.status.code(), Some(2), "{wrong}");
        assert!(
            stderr(&out).contains("--dose-times"),
            "{wrong}: {}",
            stderr(&out)
        );
    }
}
