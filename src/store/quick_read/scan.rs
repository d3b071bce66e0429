//! The quick reader's scanner: whitespace, punctuation, names, strings and numbers,
//! each read exactly as ron reads it or refused.

use std::borrow::Cow;

use super::{GiveUp, Result};

/// Deepest nesting of structs, lists, maps, options and variants this reader follows.
/// Patient files nest 8 levels; ron's own limit ([`crate::store::load::RECURSION_LIMIT`])
/// counts several steps a level, so anything within this depth is also within ron's.
const MAX_DEPTH: usize = 16;

/// Where reading stands in the text; the `Deserializer` in `de` is implemented on it.
pub(super) struct Reader<'de> {
    text: &'de str,
    /// Byte offset of the next unread byte; always at an ASCII byte or the end
    /// (every token this reader consumes ends with an ASCII byte).
    pos: usize,
    depth: usize,
}

impl<'de> Reader<'de> {
    /// A reader at the start of `text`.
    pub(super) fn new(text: &'de str) -> Self {
        Reader {
            text,
            pos: 0,
            depth: 0,
        }
    }

    /// True when every byte has been read.
    pub(super) fn at_end(&self) -> bool {
        self.pos == self.text.len()
    }

    pub(super) fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.pos).copied()
    }

    /// ASCII whitespace only: ron also skips comments and Unicode whitespace, which
    /// this reader leaves to ron (the next token then fails to read).
    pub(super) fn skip_ws(&mut self) {
        while let Some(b' ' | b'\n' | b'\t' | b'\r') = self.peek() {
            self.pos += 1;
        }
    }

    pub(super) fn eat(&mut self, byte: u8) -> bool {
        if self.peek() == Some(byte) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    pub(super) fn expect(&mut self, byte: u8) -> Result<()> {
        if self.eat(byte) { Ok(()) } else { Err(GiveUp) }
    }

    /// ron's `comma()` followed by the closing byte: `[ws] [, ws] close`.
    pub(super) fn close_after_comma(&mut self, close: u8) -> Result<()> {
        self.skip_ws();
        if self.eat(b',') {
            self.skip_ws();
        }
        self.expect(close)
    }

    pub(super) fn nested<T>(&mut self, read: impl FnOnce(&mut Self) -> Result<T>) -> Result<T> {
        if self.depth >= MAX_DEPTH {
            return Err(GiveUp);
        }
        self.depth += 1;
        let value = read(self);
        self.depth -= 1;
        value
    }

    /// `[A-Za-z_][A-Za-z0-9_]*`. ron would read on through Unicode identifier
    /// characters, suggest a raw identifier before `.`, `+` or `-`, and read `r#..`,
    /// `r"..`, `b"..`, `b'..` as raw identifiers or strings: give up before any of those.
    pub(super) fn ident(&mut self) -> Result<&'de str> {
        let bytes = self.text.as_bytes();
        let start = self.pos;
        match bytes.get(start) {
            Some(b) if b.is_ascii_alphabetic() || *b == b'_' => {}
            _ => return Err(GiveUp),
        }
        let mut end = start + 1;
        while let Some(b) = bytes.get(end) {
            if b.is_ascii_alphanumeric() || *b == b'_' {
                end += 1;
            } else {
                break;
            }
        }
        if let Some(b) = bytes.get(end)
            && (!b.is_ascii() || matches!(b, b'.' | b'+' | b'-' | b'#' | b'"' | b'\''))
        {
            return Err(GiveUp);
        }
        let ident = self.text.get(start..end).ok_or(GiveUp)?;
        self.pos = end;
        Ok(ident)
    }

    /// ron's `consume_struct_name`: no name at all, or exactly the expected one.
    pub(super) fn struct_name(&mut self, name: &str) -> Result<()> {
        match self.peek() {
            Some(b) if b.is_ascii_alphanumeric() || b == b'_' => {
                if !name.is_empty() && self.ident()? == name {
                    Ok(())
                } else {
                    Err(GiveUp)
                }
            }
            // ron reads a Unicode identifier character as the start of a name.
            Some(b) if !b.is_ascii() => Err(GiveUp),
            _ => Ok(()),
        }
    }

    /// A `"..."` string with the escapes ron writes (`\" \' \\ \n \r \t \0 \u{..}`).
    /// Raw strings, `\x..` and line continuations are left to ron.
    pub(super) fn string(&mut self) -> Result<Cow<'de, str>> {
        self.expect(b'"')?;
        let bytes = self.text.as_bytes();
        let start = self.pos;
        let mut i = start;
        loop {
            match bytes.get(i) {
                None => return Err(GiveUp),
                Some(b'"') => {
                    let text = self.text.get(start..i).ok_or(GiveUp)?;
                    self.pos = i + 1;
                    return Ok(Cow::Borrowed(text));
                }
                Some(b'\\') => break,
                Some(_) => i += 1,
            }
        }
        let mut out = String::with_capacity(i - start + 16);
        out.push_str(self.text.get(start..i).ok_or(GiveUp)?);
        loop {
            // bytes[i] is a backslash.
            let (c, len) = match bytes.get(i + 1) {
                Some(b'"') => ('"', 2),
                Some(b'\'') => ('\'', 2),
                Some(b'\\') => ('\\', 2),
                Some(b'n') => ('\n', 2),
                Some(b'r') => ('\r', 2),
                Some(b't') => ('\t', 2),
                Some(b'0') => ('\0', 2),
                Some(b'u') => unicode_escape(&bytes[i + 2..])?,
                _ => return Err(GiveUp),
            };
            out.push(c);
            i += len;
            let run = i;
            loop {
                match bytes.get(i) {
                    None => return Err(GiveUp),
                    Some(b'"' | b'\\') => break,
                    Some(_) => i += 1,
                }
            }
            out.push_str(self.text.get(run..i).ok_or(GiveUp)?);
            if bytes[i] == b'"' {
                self.pos = i + 1;
                return Ok(Cow::Owned(out));
            }
        }
    }

    /// Decimal digits without sign, leading zeros, `_`, base prefix or suffix (ron
    /// reads those too, but they are left to it), ending at a byte that cannot
    /// continue a number.
    fn digits(&mut self) -> Result<u64> {
        let bytes = self.text.as_bytes();
        let start = self.pos;
        let mut end = start;
        let mut value: u64 = 0;
        while let Some(b) = bytes.get(end).filter(|b| b.is_ascii_digit()) {
            value = value
                .checked_mul(10)
                .and_then(|v| v.checked_add(u64::from(b - b'0')))
                .ok_or(GiveUp)?;
            end += 1;
        }
        let len = end - start;
        if len == 0 || (len > 1 && bytes[start] == b'0') {
            return Err(GiveUp);
        }
        if let Some(b) = bytes.get(end)
            && (!b.is_ascii() || b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.'))
        {
            return Err(GiveUp);
        }
        self.pos = end;
        Ok(value)
    }

    pub(super) fn unsigned<T: TryFrom<u64>>(&mut self) -> Result<T> {
        T::try_from(self.digits()?).map_err(|_| GiveUp)
    }

    pub(super) fn signed<T: TryFrom<i64>>(&mut self) -> Result<T> {
        let negative = self.eat(b'-');
        let magnitude = i64::try_from(self.digits()?).map_err(|_| GiveUp)?;
        let value = if negative { -magnitude } else { magnitude };
        T::try_from(value).map_err(|_| GiveUp)
    }
}

/// `{h..h}` after `\u` (1 to 6 hex digits), as ron reads it: the char and the length
/// of the whole escape including `\u`.
fn unicode_escape(rest: &[u8]) -> Result<(char, usize)> {
    if rest.first() != Some(&b'{') {
        return Err(GiveUp);
    }
    let mut code: u32 = 0;
    let mut n = 0;
    while let Some(&b) = rest.get(1 + n) {
        if b == b'}' {
            break;
        }
        if n == 6 {
            return Err(GiveUp);
        }
        let digit = char::from(b).to_digit(16).ok_or(GiveUp)?;
        code = code * 16 + digit;
        n += 1;
    }
    if n == 0 || rest.get(1 + n) != Some(&b'}') {
        return Err(GiveUp);
    }
    let c = char::from_u32(code).ok_or(GiveUp)?;
    Ok((c, 2 + 1 + n + 1))
}
