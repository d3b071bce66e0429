//! The fixed parts of the handout, in the words a patient reads: who the plan is for
//! and who to call, whether it is approved, the plan in one sentence, what to expect,
//! the red flags with what to do, what not to mix, and the disclaimer.
//!
//! The red flags and the substances come from `domain::basis`, so the handout follows
//! when the safety net changes them.

use chrono::NaiveDate;

use super::layout::{Block, Item};
use super::text::{Rgb, Run, Style, width, wrap};
use crate::domain::basis::{RedFlag, Substance};
use crate::domain::patient::PatientRecord;
use crate::domain::schedule::Schedule;

/// The body text size: the steps, the summary, the red flags.
pub const BODY: f32 = 12.0;
/// The smallest type on the page (footer, disclaimer).
pub const SMALL: f32 = 9.5;
/// Space between sections.
pub const SECTION_GAP: f32 = 7.0;

/// "Tue 1 Dec 2026".
pub fn long_date(date: NaiveDate) -> String {
    date.format("%a %-d %b %Y").to_string()
}

/// "Tue 1 Dec".
pub fn short_date(date: NaiveDate) -> String {
    date.format("%a %-d %b").to_string()
}

/// The clinic's phone as printed, or a line to write it on.
pub fn phone_or_blank(record: &PatientRecord) -> String {
    let phone = record.patient.clinic_phone.trim();
    if phone.is_empty() {
        "________________".into()
    } else {
        phone.into()
    }
}

/// "1 week", "6 weeks".
pub fn plural(n: u32, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// A heading above a section.
pub fn heading(text: &str) -> Block {
    let mut block = Block::default();
    block.add_lines(&[text.to_string()], Style::bold(13.0), 0.0);
    block.pad(1.0);
    block
}

/// The title with the patient's name, "DRAFT" in large type at its right when the
/// plan is not approved, the clinic with its phone and the clinician, and the approval
/// (or what "Draft" means).
pub fn header(record: &PatientRecord, width: f32) -> Block {
    let patient = &record.patient;
    let approved = record.plan.approval.as_ref();
    let tag = Style::bold(26.0).color(Rgb::ALERT);
    let tag_width = if approved.is_none() {
        self::width("DRAFT", tag) + 16.0
    } else {
        0.0
    };
    let name = patient.display_name.trim();
    let title = if name.is_empty() {
        "Your taper plan".to_string()
    } else {
        format!("Taper plan for {name}")
    };
    // The title and the contact line keep clear of the "DRAFT" tag at their right.
    let text_width = width - tag_width - if tag_width > 0.0 { 10.0 } else { 0.0 };
    // A long name is set smaller rather than on two lines, down to 15 points.
    let title_style = [19.0, 17.0, 15.0]
        .map(Style::bold)
        .into_iter()
        .find(|s| self::width(&title, *s) <= text_width)
        .unwrap_or(Style::bold(15.0));
    let mut block = Block::default();
    block.add_lines(&wrap(&title, title_style, text_width), title_style, 0.0);
    block.pad(2.0);
    let mut contact = Vec::new();
    let clinic = patient.clinic.trim();
    if !clinic.is_empty() {
        contact.push(clinic.to_string());
    }
    let phone_label = if clinic.is_empty() {
        "Clinic phone"
    } else {
        "Phone"
    };
    contact.push(format!("{phone_label} {}", phone_or_blank(record)));
    let style = Style::bold(BODY + 0.5);
    block.add_lines(&wrap(&contact.join("  ·  "), style, text_width), style, 0.0);
    let clinician = patient.clinician.trim();
    if !clinician.is_empty() {
        let line = format!("Your clinician: {clinician}");
        let style = Style::regular(BODY);
        block.add_lines(&wrap(&line, style, text_width), style, 0.0);
    }
    if approved.is_none() {
        let mut banner = Block::default();
        banner.add_lines(&["DRAFT".into()], tag, 0.0);
        let banner = banner.framed(tag_width, 8.0, Some(Rgb::ALERT_SHADE), (Rgb::ALERT, 2.0));
        block.height = block.height.max(banner.height - 2.0);
        block.items.extend(
            banner
                .items
                .into_iter()
                .map(|i| i.moved(width - tag_width, -2.0)),
        );
    }
    block.pad(2.0);
    let (line, style) = match approved {
        Some(approval) => (
            format!(
                "Approved by {} on {}.",
                approval.by.trim(),
                long_date(approval.at.date())
            ),
            Style::regular(BODY),
        ),
        None => (
            "Draft: not yet approved by your clinician. Do not follow it until they approve it."
                .to_string(),
            Style::bold(BODY).color(Rgb::ALERT),
        ),
    };
    block.add_lines(&wrap(&line, style, width), style, 0.0);
    block
}

/// The plan in two sentences: from what to zero over how long from when, and the
/// stop date.
pub fn summary(record: &PatientRecord, schedule: &Schedule, width: f32) -> Block {
    let inputs = &record.plan.inputs;
    let start = inputs.start_amount.with_unit(inputs.unit);
    let steps = schedule
        .steps
        .iter()
        .filter(|s| !s.amount.is_zero())
        .count();
    let days = schedule.taper_days();
    let mut length = if days.is_multiple_of(7) {
        plural(days / 7, "week")
    } else {
        plural(days, "day")
    };
    if days >= 180 {
        let months = (f64::from(days) / 30.44).round() as u32;
        length.push_str(&format!(" (about {months} months)"));
    }
    let mut block = Block::paragraph(
        &format!(
            "From {start} a day to zero over {length} in {}, starting {}.",
            plural(u32::try_from(steps).unwrap_or(u32::MAX), "step"),
            long_date(schedule.start_date)
        ),
        Style::regular(BODY),
        width,
    );
    let stop = format!(
        "Stop date: {} — from that day on, take none.",
        long_date(schedule.stop_date)
    );
    block.add_lines(
        &wrap(&stop, Style::bold(BODY), width),
        Style::bold(BODY),
        0.0,
    );
    block
}

/// "3 doses at 08:00, 14:00 and 20:00" (or "3 doses through the day" without times).
pub fn doses_words(record: &PatientRecord) -> String {
    let inputs = &record.plan.inputs;
    let times: Vec<String> = inputs
        .dose_times
        .iter()
        .map(|t| t.format("%H:%M").to_string())
        .collect();
    let when = match times.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!(" at {} and {last}", rest.join(", ")),
        _ => " through the day".into(),
    };
    format!("{} doses{when}", inputs.doses_per_day)
}

/// The red flags' type size.
const FLAG: f32 = 11.5;
const FLAG_PADDING: f32 = 7.0;
/// The type of the side column ("What to expect", "Do not mix").
const SIDE: f32 = 11.0;

/// What to expect after a reduction, and what to do about it (Singh 2014's symptoms).
pub fn what_to_expect(width: f32) -> Block {
    let text = "For a few days after each reduction you may have withdrawal: aches, poor \
                sleep, a runny nose, diarrhoea, restlessness, low mood, cravings. If it is \
                hard to bear, call the clinic: your clinician can pause the plan. Do not \
                take extra on your own.";
    lead_paragraph("What to expect.", text, width)
}

/// A paragraph opening with a bold lead, in the side column's type.
fn lead_paragraph(lead: &str, text: &str, width: f32) -> Block {
    let runs = [
        Run::new(lead, Style::bold(SIDE)),
        Run::new(text, Style::regular(SIDE)),
    ];
    Block::rich(&runs, Style::regular(SIDE), width)
}

/// The red flags in plain words, split into "call emergency services" and "get care
/// today", with the clinic's phone, in a red frame.
pub fn red_flags(record: &PatientRecord, width: f32) -> Block {
    let inner_width = width - 2.0 * FLAG_PADDING;
    let red = Style::bold(14.0).color(Rgb::ALERT);
    let mut block = Block::default();
    block.add_lines(&["Get medical help now".into()], red, 0.0);
    block.pad(1.0);
    let (emergency, urgent): (Vec<RedFlag>, Vec<RedFlag>) =
        RedFlag::ALL.into_iter().partition(|f| f.is_emergency());
    let lead = Style::bold(FLAG);
    let first = wrap("Call emergency services now for:", lead, inner_width);
    block.add_lines(&first, lead, 0.0);
    block.append(flag_list(&emergency, inner_width), 0.0);
    block.pad(4.0);
    let clinic = match record.patient.clinic_phone.trim() {
        "" => "Call the clinic today".to_string(),
        phone => format!("Call the clinic today on {phone}"),
    };
    let line = format!("{clinic}, or go to urgent care, for:");
    block.add_lines(&wrap(&line, lead, inner_width), lead, 0.0);
    block.append(flag_list(&urgent, inner_width), 0.0);
    block.pad(4.0);
    let tell = "Tell them you take kratom, and show them this sheet.";
    let style = Style::regular(FLAG);
    block.add_lines(&wrap(tell, style, inner_width), style, 0.0);
    block.framed(width, FLAG_PADDING, None, (Rgb::ALERT, 1.8))
}

/// Flags as bulleted items, one under the other.
fn flag_list(flags: &[RedFlag], width: f32) -> Block {
    let style = Style::regular(FLAG);
    let bullet = "•";
    let indent = self::width(bullet, style) + 4.0;
    let mut block = Block::default();
    for flag in flags {
        let top = block.height;
        let lines = wrap(flag.plain_label(), style, width - indent);
        block.add_lines(&lines, style, indent);
        block.items.push(Item::Text {
            x: 0.0,
            y: top + style.ascent(),
            style: style.color(Rgb::ALERT),
            text: bullet.into(),
        });
    }
    block
}

/// The substances not to combine with kratom, from the co-use rule's list.
pub fn do_not_mix(width: f32) -> Block {
    let names: Vec<String> = Substance::ALL
        .iter()
        .filter(|s| s.is_sedating())
        .map(|s| lowercase_first(s.label()))
        .collect();
    let listed = match names.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{}, or {last}", rest.join(", ")),
        _ => names.concat(),
    };
    let text = format!(
        "Do not take kratom with {listed}: together they can slow or stop your breathing. \
         Tell every doctor and pharmacist that you take kratom."
    );
    lead_paragraph("Do not mix.", &text, width)
}

/// "Opioids (…)" → "opioids (…)", for a list inside a sentence.
fn lowercase_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The disclaimer, with the day the handout was printed.
pub fn disclaimer(printed: NaiveDate, width: f32) -> Block {
    let text = format!(
        "Printed {} from taper-planner. This is not medical advice: the plan supports your \
         clinician's decision. Do not start, stop or change a substance without your \
         clinician.",
        long_date(printed)
    );
    Block::paragraph(&text, Style::regular(SMALL).color(Rgb::MUTED), width)
}

/// The footer of every page: the clinic's phone on the left, "Page 1 of 2" on the
/// right, at `y` (the baseline), from `left` to `right`.
pub fn footer(
    record: &PatientRecord,
    page: usize,
    pages: usize,
    left: f32,
    right: f32,
    y: f32,
) -> Vec<Item> {
    let style = Style::regular(SMALL).color(Rgb::MUTED);
    let clinic = record.patient.clinic.trim();
    let phone = format!(
        "{}phone: {}",
        if clinic.is_empty() {
            "Clinic ".to_string()
        } else {
            format!("{clinic} ")
        },
        phone_or_blank(record)
    );
    let count = format!("Page {page} of {pages}");
    vec![
        Item::Text {
            x: left,
            y,
            style: Style {
                bold: true,
                ..style
            },
            text: phone,
        },
        Item::Text {
            x: right - width(&count, style),
            y,
            style,
            text: count,
        },
    ]
}
