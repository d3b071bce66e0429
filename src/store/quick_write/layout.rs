//! The quick writer's layout: ron 0.12's pretty-printing state machine (indentation,
//! the `is_empty` flag, separators) and the way it writes names, strings and numbers.

use super::{GiveUp, INDENTOR, NEW_LINE, Result, SEPARATOR};

/// Deepest nesting written here; deeper values are left to ron and its limit.
const MAX_NESTING: usize = 32;

/// Names ron writes as raw identifiers (`r#true`): left to ron.
const RON_KEYWORDS: [&str; 10] = [
    "true", "false", "Some", "None", "inf", "inff32", "inff64", "NaN", "NaNf32", "NaNf64",
];

/// The text written so far and ron's pretty-printing state around it.
pub(super) struct Writer {
    pub(super) out: String,
    /// Reused for `collect_str` (dates and times).
    pub(super) scratch: String,
    // ron's `Pretty::indent`, `PrettyConfig::depth_limit` and `Serializer::is_empty`.
    pub(super) indent: usize,
    pub(super) depth_limit: usize,
    pub(super) is_empty: Option<bool>,
    pub(super) nesting: usize,
}

impl Writer {
    fn pretty(&self) -> bool {
        self.indent <= self.depth_limit
    }

    // ron's `Serializer::start_indent`.
    pub(super) fn start_indent(&mut self) -> Result<()> {
        self.nesting += 1;
        if self.nesting > MAX_NESTING {
            return Err(GiveUp);
        }
        self.indent += 1;
        if self.pretty() && !self.is_empty.unwrap_or(false) {
            self.out.push_str(NEW_LINE);
        }
        Ok(())
    }

    // ron's `indent`.
    fn write_indent(&mut self) {
        if self.pretty() {
            for _ in 0..self.indent {
                self.out.push_str(INDENTOR);
            }
        }
    }

    // ron's `Serializer::end_indent`.
    fn end_indent(&mut self) {
        if self.pretty() && !self.is_empty.unwrap_or(false) {
            for _ in 1..self.indent {
                self.out.push_str(INDENTOR);
            }
        }
        self.indent -= 1;
        self.nesting -= 1;
        self.is_empty = None;
    }

    /// The `,` and line break or space before every item but the first.
    fn item_separator(&mut self) {
        self.out.push(',');
        self.out
            .push_str(if self.pretty() { NEW_LINE } else { SEPARATOR });
    }

    /// ron's `write_identifier` for names it writes as they are.
    pub(super) fn identifier(&mut self, name: &str) -> Result<()> {
        if !is_plain_identifier(name) {
            return Err(GiveUp);
        }
        self.out.push_str(name);
        Ok(())
    }

    /// ron's `serialize_escaped_str`: every char through `char::escape_debug`. Plain
    /// ASCII, which `escape_debug` leaves alone, is copied in runs.
    pub(super) fn string(&mut self, value: &str) {
        self.out.push('"');
        let mut rest = value;
        while !rest.is_empty() {
            let plain = rest
                .bytes()
                .position(|b| !matches!(b, b' '..=b'~') || matches!(b, b'"' | b'\'' | b'\\'))
                .unwrap_or(rest.len());
            self.out.push_str(&rest[..plain]);
            rest = &rest[plain..];
            if let Some(c) = rest.chars().next() {
                for escaped in c.escape_debug() {
                    self.out.push(escaped);
                }
                rest = &rest[c.len_utf8()..];
            }
        }
        self.out.push('"');
    }

    pub(super) fn unsigned(&mut self, mut value: u64) {
        let mut digits = [0u8; 20];
        let mut i = digits.len();
        loop {
            i -= 1;
            digits[i] = b'0' + (value % 10) as u8;
            value /= 10;
            if value == 0 {
                break;
            }
        }
        for &d in &digits[i..] {
            self.out.push(char::from(d));
        }
    }

    pub(super) fn signed(&mut self, value: i64) {
        if value < 0 {
            self.out.push('-');
        }
        self.unsigned(value.unsigned_abs());
    }

    /// Opens a struct or struct variant body after its name (ron's `serialize_struct`).
    pub(super) fn open_struct(&mut self, len: usize) -> Result<Compound<'_>> {
        self.out.push('(');
        self.is_empty = Some(len == 0);
        self.start_indent()?;
        Ok(Compound {
            writer: self,
            first: true,
        })
    }
}

/// `[A-Za-z_][A-Za-z0-9_]*` and not a RON keyword: ron writes these names unchanged.
pub(super) fn is_plain_identifier(name: &str) -> bool {
    let mut bytes = name.bytes();
    bytes
        .next()
        .is_some_and(|b| b.is_ascii_alphabetic() || b == b'_')
        && bytes.all(|b| b.is_ascii_alphanumeric() || b == b'_')
        && !RON_KEYWORDS.contains(&name)
}

/// The items of a struct, list or map (ron's `Compound`).
pub(super) struct Compound<'a> {
    pub(super) writer: &'a mut Writer,
    pub(super) first: bool,
}

impl Compound<'_> {
    /// Before an item: the separator unless first, then the indentation.
    pub(super) fn begin_item(&mut self) {
        if self.first {
            self.first = false;
        } else {
            self.writer.item_separator();
        }
        self.writer.write_indent();
    }

    /// After the last item: a trailing comma and line break when pretty, then the
    /// closing indentation and bracket.
    pub(super) fn close(self, bracket: char) {
        if !self.first && self.writer.pretty() {
            self.writer.out.push(',');
            self.writer.out.push_str(NEW_LINE);
        }
        self.writer.end_indent();
        self.writer.out.push(bracket);
    }
}
