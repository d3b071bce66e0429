//! The check every save makes before anything is renamed into place: the text must
//! load, with `ron` itself, as exactly the record it was written from, within every
//! limit a load checks. ron, never the quick reader, so that a mistake the quick
//! writer and reader share (an escape) cannot pass.
//!
//! # Reading the days in parts
//!
//! ron needs about 27 ms of processor time to read a five-year record (1.5 MB), nearly
//! all of a save's 30 ms. Nearly all of that text is the journal, one day per line,
//! so [`check_text`] reads the days in parts, one per processor, at the same time
//! ([`reads_back_in_parts`]). Parts pass only where the whole text would load as the
//! record, because of what each is asked to give:
//!
//! - A part is read as the list `[` + its lines + `S,` + `]`, and must give its days
//!   and then S. S is a day written by ron with a note made up for this check (a
//!   random number), so the S read can only come from S's own text, read as a day of
//!   the list: the part's lines end between two days, after a comma. (A part that
//!   ended inside a comment, a raw string or a character would swallow S, which
//!   holds no `*/`, `"#` or `'`; inside a string, S's first quote would end it, and
//!   ron refuses the digit after it; after a day without a comma, ron refuses S.)
//! - The rest of the file (before the first part and after the last) is read as a
//!   whole file with the line `S,` in place of the days, as a load reads it, and
//!   must give the record with S as its only day: so the text before the days ends
//!   inside the list of days, where every part starts, and the text after it goes on
//!   from where every part ends.
//! - ron's reading of a list element is the same after `[` as after a comma. The
//!   file starts with `PatientFile(`: the extensions a file can switch on
//!   (`#![enable(..)]`), which would read the days differently in the whole file,
//!   can only come before that. The types have no recursion, so ron's nesting limit,
//!   which a part meets less deep than the file, cannot decide anything.
//!
//! Where the text does not have the layout this program writes, or a part does not
//! give what it should, the whole text is read at once; that also gives the error.

use std::hash::{BuildHasher, RandomState};
use std::num::NonZero;

use super::file::StoreError;
use super::format::decode_ron_only;
use super::load::parse_ron_with;
use crate::domain::dates::FIRST_DATE;
use crate::domain::journal::DayEntry;
use crate::domain::patient::PatientRecord;
use crate::domain::validity::validate_record;

/// The most parts the days are read in (more threads than this gain nothing).
const MAX_PARTS: usize = 4;

/// Fewer days than this are read in one go: ron reads them in a few milliseconds.
const MIN_DAYS_IN_PARTS: usize = 200;

/// Where the days are in the text this program writes: after this line...
const DAYS_OPEN: &str = "\n    journal: Journal(\n        entries: [\n";
/// ...one day per line, and before this one.
const DAYS_CLOSE: &str = "        ],\n";

/// Checks that `text` reads back, with ron, as exactly `record`; the error says why
/// it does not. The days of a long journal are read in parts, on as many threads as
/// the machine has processors (up to four).
pub fn check_text(text: &str, record: &PatientRecord) -> Result<(), StoreError> {
    let parts = std::thread::available_parallelism().map_or(1, NonZero::get);
    if record.journal.len() >= MIN_DAYS_IN_PARTS
        && reads_back_in_parts(text, record, parts.min(MAX_PARTS))
    {
        return Ok(());
    }
    let message = match decode_ron_only(text) {
        Ok(read) if read.newer.is_none() && read.record == *record => return Ok(()),
        Ok(_) => "the record would not read back exactly as it is, so it was not written".into(),
        Err(e) => format!("the record would not load again ({e}), so it was not written"),
    };
    Err(StoreError::Serialize { message })
}

/// True when `text` reads back as exactly `record`, its days read in `parts` parts on
/// as many threads (see the module's notes for why that is the same as reading the
/// whole text). False when it does not, and also when the text cannot be split that
/// way (it is not laid out as this program writes it, or `parts` is below 2): then
/// only reading the whole text can tell. Public for its tests; saves call
/// [`check_text`].
pub fn reads_back_in_parts(text: &str, record: &PatientRecord, parts: usize) -> bool {
    let days = record.journal.entries();
    if parts < 2 || !text.starts_with("PatientFile(") {
        return false;
    }
    let Some(start) = text.find(DAYS_OPEN).map(|at| at + DAYS_OPEN.len()) else {
        return false;
    };
    let Some(end) = text[start..].find(DAYS_CLOSE).map(|at| start + at) else {
        return false;
    };
    // Where each day's line starts, and where the last one ends.
    let days_text = &text[start..end];
    let mut line_starts = vec![0];
    line_starts.extend(days_text.match_indices('\n').map(|(at, _)| at + 1));
    if line_starts.len() != days.len() + 1 || line_starts.last() != Some(&days_text.len()) {
        return false;
    }
    let sentinel = Sentinel::new();
    let bounds: Vec<usize> = (0..=parts).map(|i| i * days.len() / parts).collect();
    let part = |i: usize| {
        let (from, to) = (bounds[i], bounds[i + 1]);
        let lines = &days_text[line_starts[from]..line_starts[to]];
        part_reads_back(lines, &days[from..to], &sentinel)
    };
    std::thread::scope(|scope| {
        let others: Vec<_> = (1..parts).map(|i| scope.spawn(move || part(i))).collect();
        let here = rest_reads_back(&text[..start], &text[end..], record, &sentinel)
            && validate_record(record).is_ok()
            && part(0);
        // Every thread is joined before the verdict (a scope would join them anyway).
        let others: Vec<bool> = others
            .into_iter()
            .map(|h| h.join().unwrap_or(false))
            .collect();
        here && others.into_iter().all(|passed| passed)
    })
}

/// The day that closes every part: written by ron, with a note no file holds.
struct Sentinel {
    day: DayEntry,
    /// ron's text of the day and a comma.
    text: String,
}

impl Sentinel {
    fn new() -> Sentinel {
        // A random number: RandomState's keys are drawn from the system's randomness.
        let nonce = RandomState::new().hash_one(0u8);
        let mut day = DayEntry::new(FIRST_DATE);
        day.note = format!("read-back check {nonce:016x}");
        let text = match ron::to_string(&day) {
            Ok(text) => format!("{text},"),
            // Never expected; then no part can pass and the whole text is read.
            Err(_) => String::new(),
        };
        Sentinel { day, text }
    }
}

/// True when `[` + `lines` + the sentinel + `]` reads as `days` and then the sentinel.
fn part_reads_back(lines: &str, days: &[DayEntry], sentinel: &Sentinel) -> bool {
    let list = format!("[{lines}{}]", sentinel.text);
    match parse_ron_with::<Vec<DayEntry>>(&list, true) {
        Ok(read) => {
            read.len() == days.len() + 1
                && read[..days.len()] == *days
                && read[days.len()] == sentinel.day
        }
        Err(_) => false,
    }
}

/// True when the file's text without its days (`before` and `after` them), with the
/// sentinel's line in their place, loads as `record` with the sentinel as its only day.
fn rest_reads_back(before: &str, after: &str, record: &PatientRecord, sentinel: &Sentinel) -> bool {
    let rest = format!("{before}{}\n{after}", sentinel.text);
    let Ok(read) = decode_ron_only(&rest) else {
        return false;
    };
    // Spelled out so that a field added to the record cannot be left unchecked.
    let PatientRecord {
        id,
        clinician_part,
        patient,
        plan,
        journal,
        visits,
        products,
        audit,
    } = &read.record;
    read.newer.is_none()
        && *id == record.id
        && *clinician_part == record.clinician_part
        && *patient == record.patient
        && *plan == record.plan
        && journal.entries() == std::slice::from_ref(&sentinel.day)
        && *visits == record.visits
        && *products == record.products
        && *audit == record.audit
}
