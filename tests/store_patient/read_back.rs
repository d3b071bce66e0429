//! The check every save makes reads a long journal's days in parts, on several
//! threads: it passes only where reading the whole text with ron would, above all
//! where the parts meet.

use super::*;
use taper_planner::store::format::decode_ron_only;
use taper_planner::store::read_back::{check_text, reads_back_in_parts};

/// The sample record with `days` journal days, their notes full of what would end a
/// part early if it were not read as a string.
fn with_days(days: u64) -> PatientRecord {
    let mut record = sample_record();
    let notes = ["// ,", "/* ,", "*/", "\"#, ", "'", "),\n        ],"];
    for day in 0..days {
        let mut entry = DayEntry::new(date(2026, 12, 1) + Days::new(day));
        entry.doses = vec![DoseTaken {
            time: None,
            amount: Amount::from_milli(1_000 + day as i64),
        }];
        entry.note = notes[day as usize % notes.len()].to_string();
        record.journal.upsert(entry);
    }
    record
}

/// What the whole-text check says: `text` loads, with ron, as exactly `record`.
fn loads_as(text: &str, record: &PatientRecord) -> bool {
    decode_ron_only(text).is_ok_and(|read| read.newer.is_none() && read.record == *record)
}

/// Where the days' lines start in `text`, and where the last one ends.
fn day_line_starts(text: &str) -> Vec<usize> {
    let open = "        entries: [\n";
    let start = text.find(open).unwrap() + open.len();
    let end = start + text[start..].find("        ],\n").unwrap();
    let mut starts = vec![start];
    starts.extend(
        text[start..end]
            .match_indices('\n')
            .map(|(at, _)| start + at + 1),
    );
    starts
}

#[test]
fn a_text_that_loads_as_the_record_passes_in_any_number_of_parts() {
    let record = with_days(30);
    let text = encode(&record).unwrap();
    assert_eq!(day_line_starts(&text).len(), 31, "one line a day");
    for parts in 2..=7 {
        assert!(reads_back_in_parts(&text, &record, parts), "{parts} parts");
    }
    assert!(
        !reads_back_in_parts(&text, &record, 1),
        "one part is the whole text, which check_text reads as such"
    );
    assert!(check_text(&text, &record).is_ok());
    // ron's extensions would read the days differently in the whole file: such a file
    // is read whole.
    let extended = format!("#![enable(implicit_some)]\n{text}");
    assert!(!reads_back_in_parts(&extended, &record, 2));
    assert!(check_text(&extended, &record).is_ok());
    let other = with_days(29);
    assert!(!reads_back_in_parts(&text, &other, 3), "another record");
    assert!(check_text(&text, &other).is_err());
}

/// Each text is broken where two parts meet, so that each part read alone, with
/// nothing after it, would still give its days; the sentinel day after each part is
/// what refuses them. A harmless edit there still passes.
#[test]
fn a_text_broken_where_two_parts_meet_is_refused() {
    let record = with_days(30);
    let text = encode(&record).unwrap();
    // Two parts: the first ends with the 15th day's line.
    let meet = day_line_starts(&text)[15];
    assert_eq!(&text[meet - 3..meet], "),\n");
    let with_end = |end: &str| format!("{}{end}{}", &text[..meet - 3], &text[meet..]);
    for broken in [with_end(")\n"), with_end(") // ,\n"), with_end(") /* ,\n")] {
        assert!(!loads_as(&broken, &record), "the whole text is refused");
        assert!(!reads_back_in_parts(&broken, &record, 2), "{broken}");
    }
    let harmless = with_end(") /* , */ ,\n");
    assert!(loads_as(&harmless, &record));
    assert!(reads_back_in_parts(&harmless, &record, 2));
}

/// A raw string in the patient's name that runs over the days: the text without the
/// days loads as the record without them, and each part gives its days, but the whole
/// text reads the days into the name. The sentinel day put in the days' place for
/// the rest of the file is what refuses it.
#[test]
fn a_string_open_across_the_days_is_refused() {
    let days_open = "\n    journal: Journal(\n        entries: [\n";
    let name = format!("X{days_open}        ],\n");
    let mut record = with_days(30);
    record.patient.display_name = name.clone();
    let mut without_days = record.clone();
    without_days.journal = Journal::default();
    let escaped = ron::to_string(&name).unwrap();
    let rest = encode(&without_days)
        .unwrap()
        .replacen(&escaped, &format!("r#\"{name}\"#"), 1);
    assert!(loads_as(&rest, &without_days), "{rest}");
    let days = encode(&record).unwrap();
    let starts = day_line_starts(&days);
    let lines = &days[starts[0]..*starts.last().unwrap()];
    let at = rest.find(days_open).unwrap() + days_open.len();
    let text = format!("{}{lines}{}", &rest[..at], &rest[at..]);
    assert!(
        !loads_as(&text, &record),
        "the whole text reads another name"
    );
    assert!(!reads_back_in_parts(&text, &record, 2), "{text}");
}

/// What may be typed where the parts meet: a comma, a bracket, the start or end of a
/// comment or a string.
const PIECES: &[&str] = &[
    ",", " ", "\n", "//", "/*", "*/", "\"", "r#\"", "\"#", "'", ")", "(", "]", "[",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    /// Edits around the places where the parts meet, and where the days start and
    /// end: whatever the check in parts passes, the whole text loads as the record.
    #[test]
    fn reading_in_parts_never_passes_what_the_whole_text_would_not(
        parts in 2usize..5,
        edits in prop::collection::vec(
            (0usize..5, -12isize..12, 0u8..3, prop::sample::select(PIECES)),
            1..3,
        ),
    ) {
        let record = with_days(24);
        let mut text = encode(&record).unwrap();
        let starts = day_line_starts(&text);
        for (place, offset, kind, piece) in edits {
            let line = (place.min(parts) * (starts.len() - 1)) / parts;
            let at = starts[line.min(starts.len() - 1)]
                .saturating_add_signed(offset)
                .min(text.len() - 1);
            if !text.is_char_boundary(at) || !text.is_char_boundary(at + 1) {
                continue;
            }
            match kind {
                0 => {
                    text.remove(at);
                }
                1 => text.replace_range(at..at + 1, piece),
                _ => text.insert_str(at, piece),
            }
        }
        if reads_back_in_parts(&text, &record, parts) {
            prop_assert!(loads_as(&text, &record), "passed in parts, refused whole: {text}");
        }
    }
}
