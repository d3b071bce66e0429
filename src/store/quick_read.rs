//! A quick reader for the RON this program writes, tried before ron's own parser.
//!
//! ron's parser spends most of a large patient file's load time on general machinery
//! (comments, raw strings, number suffixes, extensions, Unicode identifiers, spans for
//! errors): about 130 ns a token. This reader knows only a strict subset of RON: the
//! shapes `ron::ser` writes for the store's types (named structs, lists, maps,
//! `Some(..)`/`None`, enum variants, quoted strings with the escapes ron writes, plain
//! decimal integers, `true`/`false`), separated by ASCII whitespace. At the first thing
//! outside that subset, at any error, or deeper than 16 levels, it gives up and
//! [`from_str`] returns `None`; the caller then parses the text with ron, which decides
//! everything this reader does not and explains every error with its line and column.
//!
//! What it accepts it reads exactly as ron does: each rule below names the ron
//! behaviour it copies, and the tests compare both readers on valid and broken text.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, DeserializeOwned, DeserializeSeed, Visitor};

/// Deepest nesting of structs, lists, maps, options and variants this reader follows.
/// Patient files nest 8 levels; ron's own limit ([`super::load::RECURSION_LIMIT`])
/// counts several steps a level, so anything within this depth is also within ron's.
const MAX_DEPTH: usize = 16;

/// Reads `text` as a `T`, or `None` when this reader cannot (then ask ron).
pub fn from_str<T: DeserializeOwned>(text: &str) -> Option<T> {
    let mut reader = Reader {
        text,
        pos: 0,
        depth: 0,
    };
    reader.skip_ws();
    let value = T::deserialize(&mut reader).ok()?;
    reader.skip_ws();
    (reader.pos == text.len()).then_some(value)
}

/// The only error: "not something this reader handles; ask ron".
#[derive(Debug)]
pub struct GiveUp;

impl fmt::Display for GiveUp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("not in the quick reader's subset of RON")
    }
}

impl std::error::Error for GiveUp {}

impl de::Error for GiveUp {
    fn custom<T: fmt::Display>(_msg: T) -> Self {
        GiveUp
    }
}

type Result<T> = std::result::Result<T, GiveUp>;

struct Reader<'de> {
    text: &'de str,
    /// Byte offset of the next unread byte; always at an ASCII byte or the end
    /// (every token this reader consumes ends with an ASCII byte).
    pos: usize,
    depth: usize,
}

impl<'de> Reader<'de> {
    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.pos).copied()
    }

    /// ASCII whitespace only: ron also skips comments and Unicode whitespace, which
    /// this reader leaves to ron (the next token then fails to read).
    fn skip_ws(&mut self) {
        while let Some(b' ' | b'\n' | b'\t' | b'\r') = self.peek() {
            self.pos += 1;
        }
    }

    fn eat(&mut self, byte: u8) -> bool {
        if self.peek() == Some(byte) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn expect(&mut self, byte: u8) -> Result<()> {
        if self.eat(byte) { Ok(()) } else { Err(GiveUp) }
    }

    /// ron's `comma()` followed by the closing byte: `[ws] [, ws] close`.
    fn close_after_comma(&mut self, close: u8) -> Result<()> {
        self.skip_ws();
        if self.eat(b',') {
            self.skip_ws();
        }
        self.expect(close)
    }

    fn nested<T>(&mut self, read: impl FnOnce(&mut Self) -> Result<T>) -> Result<T> {
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
    fn ident(&mut self) -> Result<&'de str> {
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
    fn struct_name(&mut self, name: &str) -> Result<()> {
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
    fn string(&mut self) -> Result<Cow<'de, str>> {
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

    fn unsigned<T: TryFrom<u64>>(&mut self) -> Result<T> {
        T::try_from(self.digits()?).map_err(|_| GiveUp)
    }

    fn signed<T: TryFrom<i64>>(&mut self) -> Result<T> {
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

/// The items of a struct, list, map or variant: ron's `CommaSeparated`. An item
/// follows the opening bracket or a comma; a comma before the closing one is allowed.
struct Items<'a, 'de> {
    reader: &'a mut Reader<'de>,
    close: u8,
    had_comma: bool,
}

impl<'a, 'de> Items<'a, 'de> {
    fn new(reader: &'a mut Reader<'de>, close: u8) -> Self {
        Items {
            reader,
            close,
            had_comma: true,
        }
    }

    fn has_item(&mut self) -> Result<bool> {
        self.reader.skip_ws();
        if self.reader.peek() == Some(self.close) {
            Ok(false)
        } else if self.had_comma {
            Ok(true)
        } else {
            Err(GiveUp)
        }
    }

    fn after_item(&mut self) {
        self.reader.skip_ws();
        self.had_comma = self.reader.eat(b',');
        if self.had_comma {
            self.reader.skip_ws();
        }
    }
}

impl<'de> de::SeqAccess<'de> for Items<'_, 'de> {
    type Error = GiveUp;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>> {
        if !self.has_item()? {
            return Ok(None);
        }
        let value = seed.deserialize(&mut *self.reader)?;
        self.after_item();
        Ok(Some(value))
    }
}

/// The fields of a struct: keys are identifiers.
struct Fields<'a, 'de>(Items<'a, 'de>);

impl<'de> de::MapAccess<'de> for Fields<'_, 'de> {
    type Error = GiveUp;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>> {
        if !self.0.has_item()? {
            return Ok(None);
        }
        seed.deserialize(Identifier(&mut *self.0.reader)).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value> {
        value_after_colon(&mut self.0, seed)
    }
}

/// The entries of a map: keys are values.
struct Entries<'a, 'de>(Items<'a, 'de>);

impl<'de> de::MapAccess<'de> for Entries<'_, 'de> {
    type Error = GiveUp;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>> {
        if !self.0.has_item()? {
            return Ok(None);
        }
        seed.deserialize(&mut *self.0.reader).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value> {
        value_after_colon(&mut self.0, seed)
    }
}

fn value_after_colon<'de, V: DeserializeSeed<'de>>(
    items: &mut Items<'_, 'de>,
    seed: V,
) -> Result<V::Value> {
    items.reader.skip_ws();
    items.reader.expect(b':')?;
    items.reader.skip_ws();
    let value = seed.deserialize(&mut *items.reader)?;
    items.after_item();
    Ok(value)
}

/// `(fields)` after a struct's name or a struct variant's name.
fn struct_body<'de, V: Visitor<'de>>(reader: &mut Reader<'de>, visitor: V) -> Result<V::Value> {
    reader.expect(b'(')?;
    let value = reader.nested(|r| visitor.visit_map(Fields(Items::new(r, b')'))))?;
    reader.skip_ws();
    reader.expect(b')')?;
    Ok(value)
}

/// A field name or an enum variant name.
struct Identifier<'a, 'de>(&'a mut Reader<'de>);

impl<'de> de::Deserializer<'de> for Identifier<'_, 'de> {
    type Error = GiveUp;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_borrowed_str(self.0.ident()?)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct newtype_struct seq tuple
        tuple_struct map struct enum identifier ignored_any
    }
}

struct Enum<'a, 'de>(&'a mut Reader<'de>);

impl<'a, 'de> de::EnumAccess<'de> for Enum<'a, 'de> {
    type Error = GiveUp;
    type Variant = Self;

    fn variant_seed<V: DeserializeSeed<'de>>(self, seed: V) -> Result<(V::Value, Self)> {
        let variant = seed.deserialize(Identifier(&mut *self.0))?;
        Ok((variant, self))
    }
}

impl<'de> de::VariantAccess<'de> for Enum<'_, 'de> {
    type Error = GiveUp;

    fn unit_variant(self) -> Result<()> {
        Ok(())
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value> {
        let reader = self.0;
        reader.skip_ws();
        reader.expect(b'(')?;
        reader.skip_ws();
        let value = reader.nested(|r| seed.deserialize(&mut *r))?;
        reader.close_after_comma(b')')?;
        Ok(value)
    }

    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, _visitor: V) -> Result<V::Value> {
        Err(GiveUp)
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        let reader = self.0;
        reader.skip_ws();
        struct_body(reader, visitor)
    }
}

impl<'de> de::Deserializer<'de> for &mut Reader<'de> {
    type Error = GiveUp;

    /// Only what a map or list looks like; ron decides anything else.
    fn deserialize_any<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value> {
        Err(GiveUp)
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.ident()? {
            "true" => visitor.visit_bool(true),
            "false" => visitor.visit_bool(false),
            _ => Err(GiveUp),
        }
    }

    fn deserialize_i8<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_i8(self.signed()?)
    }

    fn deserialize_i16<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_i16(self.signed()?)
    }

    fn deserialize_i32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_i32(self.signed()?)
    }

    fn deserialize_i64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_i64(self.signed()?)
    }

    fn deserialize_u8<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_u8(self.unsigned()?)
    }

    fn deserialize_u16<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_u16(self.unsigned()?)
    }

    fn deserialize_u32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_u32(self.unsigned()?)
    }

    fn deserialize_u64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_u64(self.unsigned()?)
    }

    fn deserialize_f32<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value> {
        Err(GiveUp)
    }

    fn deserialize_f64<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value> {
        Err(GiveUp)
    }

    fn deserialize_char<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value> {
        Err(GiveUp)
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.string()? {
            Cow::Borrowed(text) => visitor.visit_borrowed_str(text),
            Cow::Owned(text) => visitor.visit_string(text),
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_str(visitor)
    }

    fn deserialize_bytes<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value> {
        Err(GiveUp)
    }

    fn deserialize_byte_buf<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value> {
        Err(GiveUp)
    }

    /// `None` or `Some(value)` with an optional trailing comma, as ron reads them.
    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.ident()? {
            "None" => visitor.visit_none(),
            "Some" => {
                self.skip_ws();
                self.expect(b'(')?;
                self.skip_ws();
                let value = self.nested(|r| visitor.visit_some(&mut *r))?;
                self.close_after_comma(b')')?;
                Ok(value)
            }
            _ => Err(GiveUp),
        }
    }

    fn deserialize_unit<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value> {
        Err(GiveUp)
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _visitor: V,
    ) -> Result<V::Value> {
        Err(GiveUp)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _visitor: V,
    ) -> Result<V::Value> {
        Err(GiveUp)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.expect(b'[')?;
        let value = self.nested(|r| visitor.visit_seq(Items::new(r, b']')))?;
        self.skip_ws();
        self.expect(b']')?;
        Ok(value)
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, _len: usize, _visitor: V) -> Result<V::Value> {
        Err(GiveUp)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _len: usize,
        _visitor: V,
    ) -> Result<V::Value> {
        Err(GiveUp)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.expect(b'{')?;
        let value = self.nested(|r| visitor.visit_map(Entries(Items::new(r, b'}'))))?;
        self.skip_ws();
        self.expect(b'}')?;
        Ok(value)
    }

    /// `Name(fields)` or `(fields)`. ron reads a few standard-library structs
    /// (`Range` and kin) differently: left to it.
    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        if name.starts_with("Range") {
            return Err(GiveUp);
        }
        self.struct_name(name)?;
        self.skip_ws();
        struct_body(self, visitor)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        self.nested(|r| visitor.visit_enum(Enum(r)))
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_borrowed_str(self.ident()?)
    }

    /// Unknown fields are left to ron, which skips them.
    fn deserialize_ignored_any<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value> {
        Err(GiveUp)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;
    use std::collections::BTreeMap;

    #[derive(Debug, PartialEq, Deserialize)]
    enum Kind {
        Plain,
        Days(u32),
        Hold { days: u32 },
    }

    #[derive(Debug, PartialEq, Deserialize)]
    struct Doc {
        name: String,
        count: u8,
        delta: i64,
        flag: bool,
        maybe: Option<String>,
        list: Vec<Kind>,
        #[serde(default)]
        map: BTreeMap<String, u8>,
    }

    const GOOD: &str = "Doc(\n  name: \"a \\\"b\\\" \\u{e9}\\n\",\n  count: 7, delta: -12,\n  flag: true,\n  maybe: Some( \"x\" , ),\n  list: [Plain, Days(3), Hold(days: 2),],\n  map: {\"k\": 1, \"j\": 0},\n)\n";

    #[test]
    fn reads_the_subset_exactly_as_ron() {
        let quick: Doc = from_str(GOOD).expect("in the subset");
        assert_eq!(quick, ron::from_str::<Doc>(GOOD).unwrap());
        assert_eq!(quick.name, "a \"b\" é\n");
    }

    #[test]
    fn gives_up_on_anything_else() {
        for (from, to) in [
            ("count: 7", "count: 0x7"),
            ("count: 7", "count: 7u8"),
            ("count: 7", "count: 07"),
            ("count: 7", "count: 1_0"),
            ("count: 7", "count: 700"),
            ("count: 7", "count: +7"),
            ("Doc(", "// note\nDoc("),
            ("Doc(", "Dog("),
            ("Doc(", "#![enable(implicit_some)]\nDoc("),
            ("\"x\"", "r\"x\""),
            ("\\n", "\\x41"),
            ("\\n", "\\\n"),
            ("flag: true", "flag: truest"),
            ("flag: true", "flag: true, extra: 1"),
            ("Plain,", "Plain(),"),
            ("Some( \"x\" , )", "\"x\""),
            ("7, delta", "7 delta"),
            ("name:", "r#name:"),
            (")\n", ") x"),
            ("\n)\n", "\n"),
        ] {
            let text = GOOD.replacen(from, to, 1);
            assert_ne!(text, GOOD, "{from} not found");
            assert!(from_str::<Doc>(&text).is_none(), "{text}");
        }
    }

    #[test]
    fn deep_nesting_gives_up_before_ron_would_refuse() {
        let deep = format!("{}{}", "[".repeat(100), "]".repeat(100));
        assert!(from_str::<Vec<Vec<Vec<Vec<()>>>>>(&deep).is_none());
        type Deep =
            Vec<Vec<Vec<Vec<Vec<Vec<Vec<Vec<Vec<Vec<Vec<Vec<Vec<Vec<Vec<Vec<Vec<u8>>>>>>>>>>>>>>>>>;
        let text = format!("{}1{}", "[".repeat(17), "]".repeat(17));
        assert!(from_str::<Deep>(&text).is_none());
        assert!(ron::from_str::<Deep>(&text).is_ok());
    }
}
