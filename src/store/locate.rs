//! Finding a value in RON text by its path (`plan.inputs.start_date`), to give the
//! line and column of a value that parsed but is outside its limits.
//!
//! ron places the errors it finds itself; a limit checked after parsing (a date past
//! 2200, a rating of 11) only knows the value's path in the record. This walks the text
//! along that path: it knows just enough RON to skip any value (strings, raw strings,
//! characters, comments, nested brackets), so it works on hand-edited files too.

use crate::domain::validity::PathStep;

/// The 1-based line and column of the value at `path`, or of the deepest part of the
/// path that could be found (the start of the text when none could).
pub fn locate(text: &str, path: &[PathStep]) -> (usize, usize) {
    let mut cursor = Cursor { text, pos: 0 };
    cursor.ws();
    let mut found = cursor.pos;
    for step in path {
        if cursor.step(step).is_none() {
            break;
        }
        found = cursor.pos;
    }
    line_and_column(text, found)
}

fn line_and_column(text: &str, pos: usize) -> (usize, usize) {
    let before = &text[..pos];
    let line = 1 + before.matches('\n').count();
    let column = 1 + before.rsplit('\n').next().map_or(0, |l| l.chars().count());
    (line, column)
}

/// The brackets that open and close a group of values.
const OPENERS: &str = "([{";
const CLOSERS: &str = ")]}";

struct Cursor<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> Cursor<'a> {
    fn rest(&self) -> &'a str {
        &self.text[self.pos..]
    }

    fn peek(&self) -> Option<char> {
        self.rest().chars().next()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += c.len_utf8();
        Some(c)
    }

    fn eat(&mut self, c: char) -> Option<()> {
        self.ws();
        (self.peek()? == c).then(|| self.pos += c.len_utf8())
    }

    /// Skips whitespace and comments (`// ...`, nested `/* ... */`).
    fn ws(&mut self) {
        loop {
            let rest = self.rest();
            let trimmed = rest.trim_start();
            self.pos += rest.len() - trimmed.len();
            if trimmed.starts_with("//") {
                self.pos += trimmed.find('\n').unwrap_or(trimmed.len());
            } else if trimmed.starts_with("/*") {
                self.block_comment();
            } else {
                return;
            }
        }
    }

    fn block_comment(&mut self) {
        let mut depth = 0usize;
        while !self.rest().is_empty() {
            if self.rest().starts_with("/*") {
                depth += 1;
                self.pos += 2;
            } else if self.rest().starts_with("*/") {
                self.pos += 2;
                depth -= 1;
                if depth == 0 {
                    return;
                }
            } else {
                self.bump();
            }
        }
    }

    /// An identifier, raw (`r#name`) or plain, or a number or other bare word.
    fn word(&mut self) -> Option<&'a str> {
        self.ws();
        let start = self.pos;
        if self.rest().starts_with("r#") {
            self.pos += 2;
        }
        let len = self
            .rest()
            .find(|c: char| !(c.is_alphanumeric() || matches!(c, '_' | '.' | '+' | '-')))
            .unwrap_or(self.rest().len());
        self.pos += len;
        let word = &self.text[start..self.pos];
        (!word.is_empty()).then(|| word.strip_prefix("r#").unwrap_or(word))
    }

    /// Skips a string, raw string or character literal starting here.
    fn literal(&mut self) -> Option<()> {
        if self.rest().starts_with('b') {
            self.pos += 1;
        }
        if self.rest().starts_with('r') {
            self.pos += 1;
            let hashes = self.rest().len() - self.rest().trim_start_matches('#').len();
            self.pos += hashes;
            let end = format!("\"{}", "#".repeat(hashes));
            self.eat('"')?;
            let len = self.rest().find(&end)?;
            self.pos += len + end.len();
            return Some(());
        }
        let quote = self.bump()?;
        loop {
            match self.bump()? {
                '\\' => {
                    self.bump()?;
                }
                c if c == quote => return Some(()),
                _ => {}
            }
        }
    }

    fn at_literal(&self) -> bool {
        let rest = self.rest();
        let rest = rest.strip_prefix('b').unwrap_or(rest);
        rest.starts_with(['"', '\''])
            || rest
                .strip_prefix('r')
                .is_some_and(|r| r.trim_start_matches('#').starts_with('"'))
    }

    /// Skips a bracketed group, whatever it holds.
    fn group(&mut self) -> Option<()> {
        let mut depth = 0usize;
        loop {
            self.ws();
            if self.at_literal() {
                self.literal()?;
                continue;
            }
            let c = self.bump()?;
            if OPENERS.contains(c) {
                depth += 1;
            } else if CLOSERS.contains(c) {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return Some(());
                }
            }
        }
    }

    /// Skips one value of any kind.
    fn value(&mut self) -> Option<()> {
        self.ws();
        if self.at_literal() {
            return self.literal();
        }
        if OPENERS.contains(self.peek()?) {
            return self.group();
        }
        self.word()?;
        self.ws();
        if self.peek() == Some('(') {
            self.group()?;
        }
        Some(())
    }

    /// Enters the value here: past `Some(` and a struct's name and opening bracket.
    fn enter(&mut self, open: char) -> Option<()> {
        self.ws();
        let start = self.pos;
        if self.peek()? != open {
            let word = self.word()?;
            if word == "Some" {
                self.eat('(')?;
                return self.enter(open);
            }
            if open != '(' {
                self.pos = start;
                return None;
            }
        }
        self.eat(open)
    }

    fn next_item(&mut self, close: char) -> Option<()> {
        self.ws();
        if self.peek()? == close {
            return None;
        }
        Some(())
    }

    fn step(&mut self, step: &PathStep) -> Option<()> {
        match step {
            PathStep::Field(name) => self.field(name),
            PathStep::Index(index) => {
                self.enter('[')?;
                for _ in 0..*index {
                    self.next_item(']')?;
                    self.value()?;
                    self.eat(',')?;
                }
                self.next_item(']')
            }
            PathStep::Dated(date) => {
                let wanted = format!("\"{date}\"");
                self.enter('[')?;
                loop {
                    self.next_item(']')?;
                    let start = self.pos;
                    if self.field("date").is_some() {
                        let value_start = self.pos;
                        self.value()?;
                        if self.text[value_start..self.pos] == wanted {
                            self.pos = start;
                            return Some(());
                        }
                    }
                    self.pos = start;
                    self.value()?;
                    self.eat(',')?;
                }
            }
        }
    }

    /// Moves to the value of field `name` of the struct here.
    fn field(&mut self, name: &str) -> Option<()> {
        self.enter('(')?;
        loop {
            self.next_item(')')?;
            let key = self.word()?.to_string();
            self.eat(':')?;
            self.ws();
            if key == name {
                return Some(());
            }
            self.value()?;
            self.ws();
            if self.peek() == Some(',') {
                self.bump();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use PathStep::{Dated, Field, Index};
    use chrono::NaiveDate;

    const TEXT: &str = "PatientFile(\n    // a note: with (brackets\n    plan: PlanRecord(\n        inputs: (start_date: \"2026-12-01\", name: r#\"a \"b\" )\"#),\n        approval: Some(Approval(by: \"x\\\")\", at: \"2026-12-01T12:00:00\")),\n    ),\n    journal: Journal(entries: [\n        DayEntry(date: \"2026-12-03\", note: '('),\n        /* (( */ DayEntry(date: \"2026-12-02\", pain: Some(11)),\n    ]),\n    audit: [A(at: 1), A(at: 2)],\n)\n";

    /// Where the `nth` (from 0) `needle` starts in the text.
    fn place(needle: &str, nth: usize) -> (usize, usize) {
        let at = TEXT.match_indices(needle).nth(nth).unwrap().0;
        line_and_column(TEXT, at)
    }

    #[test]
    fn finds_values_by_path_through_comments_strings_and_options() {
        let date = |d| NaiveDate::from_ymd_opt(2026, 12, d).unwrap();
        let at = |path: &[PathStep]| locate(TEXT, path);
        assert_eq!(
            at(&[Field("plan"), Field("inputs"), Field("start_date")]),
            place("\"2026-12-01\"", 0)
        );
        assert_eq!(
            at(&[Field("plan"), Field("approval"), Field("at")]),
            place("\"2026-12-01T", 0)
        );
        assert_eq!(
            at(&[
                Field("journal"),
                Field("entries"),
                Dated(date(2)),
                Field("pain")
            ]),
            place("Some(11)", 0)
        );
        assert_eq!(
            at(&[Field("journal"), Field("entries"), Dated(date(3))]),
            place("DayEntry", 0)
        );
        assert_eq!(at(&[Field("audit"), Index(1), Field("at")]), place("2)", 0));
        // What cannot be found points at the deepest part that could.
        assert_eq!(
            at(&[Field("plan"), Field("revisions")]),
            place("PlanRecord", 0)
        );
        assert_eq!(at(&[Field("nothing")]), (1, 1));
    }
}
