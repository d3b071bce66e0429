//! A quick writer for the store's RON, tried before ron's own serializer.
//!
//! It writes byte for byte what `ron::ser` writes with [`super::load::pretty_config`]
//! and a depth limit: the same pretty-printing state machine (indentation, the
//! `is_empty` flag, one line beyond the depth limit), ported from ron 0.12 for the
//! shapes the store's types use (named structs, lists, maps, `Some(..)`/`None`, unit,
//! newtype and struct variants, strings, integers, booleans). It is faster mainly
//! because it copies plain ASCII runs of a string at once where ron escapes and writes
//! every character on its own.
//!
//! For anything else (floats, chars, bytes, tuples, unit or newtype structs, a name
//! ron would write as a raw identifier, deep nesting) it gives up and
//! [`to_string_pretty`] returns `None`; the caller then uses ron. The tests compare the
//! two writers' output on whole patient records.

use std::fmt::{self, Write as _};

use serde::Serialize;
use serde::ser;

/// The layout [`super::load::pretty_config`] asks ron for (a test keeps them equal).
pub(crate) const NEW_LINE: &str = "\n";
pub(crate) const INDENTOR: &str = "    ";
pub(crate) const SEPARATOR: &str = " ";

/// Deepest nesting written here; deeper values are left to ron and its limit.
const MAX_NESTING: usize = 32;

/// Names ron writes as raw identifiers (`r#true`): left to ron.
const RON_KEYWORDS: [&str; 10] = [
    "true", "false", "Some", "None", "inf", "inff32", "inff64", "NaN", "NaNf32", "NaNf64",
];

/// `value` as ron writes it with `pretty_config().depth_limit(depth_limit)`, or `None`
/// when this writer does not handle one of its shapes (then ask ron).
pub fn to_string_pretty<T: Serialize + ?Sized>(value: &T, depth_limit: usize) -> Option<String> {
    let mut writer = Writer {
        out: String::with_capacity(4096),
        scratch: String::new(),
        indent: 0,
        depth_limit,
        is_empty: None,
        nesting: 0,
    };
    value.serialize(&mut writer).ok()?;
    Some(writer.out)
}

/// The only error: "not something this writer handles; ask ron".
#[derive(Debug)]
pub struct GiveUp;

impl fmt::Display for GiveUp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("not in the quick writer's subset of RON")
    }
}

impl std::error::Error for GiveUp {}

impl ser::Error for GiveUp {
    fn custom<T: fmt::Display>(_msg: T) -> Self {
        GiveUp
    }
}

type Result<T> = std::result::Result<T, GiveUp>;

struct Writer {
    out: String,
    /// Reused for `collect_str` (dates and times).
    scratch: String,
    // ron's `Pretty::indent`, `PrettyConfig::depth_limit` and `Serializer::is_empty`.
    indent: usize,
    depth_limit: usize,
    is_empty: Option<bool>,
    nesting: usize,
}

impl Writer {
    fn pretty(&self) -> bool {
        self.indent <= self.depth_limit
    }

    // ron's `Serializer::start_indent`.
    fn start_indent(&mut self) -> Result<()> {
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
    fn identifier(&mut self, name: &str) -> Result<()> {
        if !is_plain_identifier(name) {
            return Err(GiveUp);
        }
        self.out.push_str(name);
        Ok(())
    }

    /// ron's `serialize_escaped_str`: every char through `char::escape_debug`. Plain
    /// ASCII, which `escape_debug` leaves alone, is copied in runs.
    fn string(&mut self, value: &str) {
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

    fn unsigned(&mut self, mut value: u64) {
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

    fn signed(&mut self, value: i64) {
        if value < 0 {
            self.out.push('-');
        }
        self.unsigned(value.unsigned_abs());
    }

    /// Opens a struct or struct variant body after its name (ron's `serialize_struct`).
    fn open_struct(&mut self, len: usize) -> Result<Compound<'_>> {
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
fn is_plain_identifier(name: &str) -> bool {
    let mut bytes = name.bytes();
    bytes
        .next()
        .is_some_and(|b| b.is_ascii_alphabetic() || b == b'_')
        && bytes.all(|b| b.is_ascii_alphanumeric() || b == b'_')
        && !RON_KEYWORDS.contains(&name)
}

/// The items of a struct, list or map (ron's `Compound`).
struct Compound<'a> {
    writer: &'a mut Writer,
    first: bool,
}

impl Compound<'_> {
    /// Before an item: the separator unless first, then the indentation.
    fn begin_item(&mut self) {
        if self.first {
            self.first = false;
        } else {
            self.writer.item_separator();
        }
        self.writer.write_indent();
    }

    /// After the last item: a trailing comma and line break when pretty, then the
    /// closing indentation and bracket.
    fn close(self, bracket: char) {
        if !self.first && self.writer.pretty() {
            self.writer.out.push(',');
            self.writer.out.push_str(NEW_LINE);
        }
        self.writer.end_indent();
        self.writer.out.push(bracket);
    }
}

impl ser::SerializeSeq for Compound<'_> {
    type Ok = ();
    type Error = GiveUp;

    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
        self.begin_item();
        value.serialize(&mut *self.writer)
    }

    fn end(self) -> Result<()> {
        self.close(']');
        Ok(())
    }
}

impl ser::SerializeMap for Compound<'_> {
    type Ok = ();
    type Error = GiveUp;

    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<()> {
        self.begin_item();
        key.serialize(&mut *self.writer)
    }

    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
        self.writer.out.push(':');
        self.writer.out.push_str(SEPARATOR);
        value.serialize(&mut *self.writer)
    }

    fn end(self) -> Result<()> {
        self.close('}');
        Ok(())
    }
}

impl ser::SerializeStruct for Compound<'_> {
    type Ok = ();
    type Error = GiveUp;

    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<()> {
        self.begin_item();
        self.writer.identifier(key)?;
        self.writer.out.push(':');
        self.writer.out.push_str(SEPARATOR);
        value.serialize(&mut *self.writer)
    }

    fn end(self) -> Result<()> {
        self.close(')');
        Ok(())
    }
}

impl ser::SerializeStructVariant for Compound<'_> {
    type Ok = ();
    type Error = GiveUp;

    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<()> {
        ser::SerializeStruct::serialize_field(self, key, value)
    }

    fn end(self) -> Result<()> {
        ser::SerializeStruct::end(self)
    }
}

impl<'a> ser::Serializer for &'a mut Writer {
    type Ok = ();
    type Error = GiveUp;
    type SerializeSeq = Compound<'a>;
    type SerializeTuple = ser::Impossible<(), GiveUp>;
    type SerializeTupleStruct = ser::Impossible<(), GiveUp>;
    type SerializeTupleVariant = ser::Impossible<(), GiveUp>;
    type SerializeMap = Compound<'a>;
    type SerializeStruct = Compound<'a>;
    type SerializeStructVariant = Compound<'a>;

    fn serialize_bool(self, v: bool) -> Result<()> {
        self.out.push_str(if v { "true" } else { "false" });
        Ok(())
    }

    fn serialize_i8(self, v: i8) -> Result<()> {
        self.signed(v.into());
        Ok(())
    }

    fn serialize_i16(self, v: i16) -> Result<()> {
        self.signed(v.into());
        Ok(())
    }

    fn serialize_i32(self, v: i32) -> Result<()> {
        self.signed(v.into());
        Ok(())
    }

    fn serialize_i64(self, v: i64) -> Result<()> {
        self.signed(v);
        Ok(())
    }

    fn serialize_u8(self, v: u8) -> Result<()> {
        self.unsigned(v.into());
        Ok(())
    }

    fn serialize_u16(self, v: u16) -> Result<()> {
        self.unsigned(v.into());
        Ok(())
    }

    fn serialize_u32(self, v: u32) -> Result<()> {
        self.unsigned(v.into());
        Ok(())
    }

    fn serialize_u64(self, v: u64) -> Result<()> {
        self.unsigned(v);
        Ok(())
    }

    fn serialize_f32(self, _v: f32) -> Result<()> {
        Err(GiveUp)
    }

    fn serialize_f64(self, _v: f64) -> Result<()> {
        Err(GiveUp)
    }

    fn serialize_char(self, _v: char) -> Result<()> {
        Err(GiveUp)
    }

    fn serialize_str(self, v: &str) -> Result<()> {
        self.string(v);
        Ok(())
    }

    /// ron uses serde's default (`to_string`, then `serialize_str`); this only saves the
    /// allocation.
    fn collect_str<T: fmt::Display + ?Sized>(self, value: &T) -> Result<()> {
        let mut text = std::mem::take(&mut self.scratch);
        text.clear();
        write!(text, "{value}").map_err(|_| GiveUp)?;
        self.string(&text);
        self.scratch = text;
        Ok(())
    }

    fn serialize_bytes(self, _v: &[u8]) -> Result<()> {
        Err(GiveUp)
    }

    fn serialize_none(self) -> Result<()> {
        self.out.push_str("None");
        Ok(())
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<()> {
        self.out.push_str("Some(");
        value.serialize(&mut *self)?;
        self.out.push(')');
        Ok(())
    }

    fn serialize_unit(self) -> Result<()> {
        Err(GiveUp)
    }

    fn serialize_unit_struct(self, _name: &'static str) -> Result<()> {
        Err(GiveUp)
    }

    fn serialize_unit_variant(
        self,
        name: &'static str,
        _variant_index: u32,
        variant: &'static str,
    ) -> Result<()> {
        if !is_plain_identifier(name) {
            return Err(GiveUp);
        }
        self.identifier(variant)
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _value: &T,
    ) -> Result<()> {
        Err(GiveUp)
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        name: &'static str,
        _variant_index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<()> {
        if !is_plain_identifier(name) {
            return Err(GiveUp);
        }
        self.identifier(variant)?;
        self.out.push('(');
        value.serialize(&mut *self)?;
        self.out.push(')');
        Ok(())
    }

    fn serialize_seq(self, len: Option<usize>) -> Result<Compound<'a>> {
        self.out.push('[');
        if let Some(len) = len {
            self.is_empty = Some(len == 0);
        }
        self.start_indent()?;
        Ok(Compound {
            writer: self,
            first: true,
        })
    }

    fn serialize_tuple(self, _len: usize) -> Result<Self::SerializeTuple> {
        Err(GiveUp)
    }

    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleStruct> {
        Err(GiveUp)
    }

    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _variant_index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleVariant> {
        Err(GiveUp)
    }

    fn serialize_map(self, len: Option<usize>) -> Result<Compound<'a>> {
        self.out.push('{');
        if let Some(len) = len {
            self.is_empty = Some(len == 0);
        }
        self.start_indent()?;
        Ok(Compound {
            writer: self,
            first: true,
        })
    }

    /// ron writes `Range` and kin in a compact form when asked; the store never asks,
    /// but they are left to ron all the same.
    fn serialize_struct(self, name: &'static str, len: usize) -> Result<Compound<'a>> {
        if name.starts_with("Range") {
            return Err(GiveUp);
        }
        self.identifier(name)?;
        self.open_struct(len)
    }

    fn serialize_struct_variant(
        self,
        name: &'static str,
        _variant_index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Compound<'a>> {
        if !is_plain_identifier(name) {
            return Err(GiveUp);
        }
        self.identifier(variant)?;
        self.open_struct(len)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[derive(Serialize)]
    enum Kind {
        Plain,
        Days(u32),
        Hold { days: u32 },
        Empty {},
    }

    #[derive(Serialize)]
    struct Inner {
        list: Vec<u8>,
        none: Option<Kind>,
    }

    #[derive(Serialize)]
    struct Doc {
        name: String,
        count: u8,
        delta: i64,
        flag: bool,
        maybe: Option<String>,
        kinds: Vec<Kind>,
        empty: Vec<Kind>,
        map: BTreeMap<String, u8>,
        empty_map: BTreeMap<String, u8>,
        inner: Inner,
        inners: Vec<Inner>,
    }

    fn doc() -> Doc {
        let inner = || Inner {
            list: vec![1, 2],
            none: None,
        };
        Doc {
            name: "tab\t \"q\" 'a' back\\ é \u{301} \u{7f} \0 end\n".into(),
            count: 255,
            delta: i64::MIN,
            flag: true,
            maybe: Some(String::new()),
            kinds: vec![
                Kind::Plain,
                Kind::Days(3),
                Kind::Hold { days: 2 },
                Kind::Empty {},
            ],
            empty: vec![],
            map: [("a".to_string(), 1), ("b-c".to_string(), 0)].into(),
            empty_map: BTreeMap::new(),
            inner: inner(),
            inners: vec![inner(), inner()],
        }
    }

    #[test]
    fn writes_exactly_what_ron_writes_at_every_depth() {
        let value = doc();
        for depth in [0, 1, 2, 3, 4, usize::MAX] {
            let config = super::super::load::pretty_config().depth_limit(depth);
            let ron_text = ron::ser::to_string_pretty(&value, config).unwrap();
            assert_eq!(
                to_string_pretty(&value, depth).unwrap(),
                ron_text,
                "depth {depth}"
            );
        }
    }

    #[test]
    fn the_layout_is_the_one_ron_is_asked_for() {
        let config = super::super::load::pretty_config();
        assert_eq!(config.new_line, NEW_LINE);
        assert_eq!(config.indentor, INDENTOR);
        assert_eq!(config.separator, SEPARATOR);
        assert!(config.struct_names && config.escape_strings);
        assert!(!config.compact_arrays && !config.compact_maps && !config.compact_structs);
        assert!(!config.enumerate_arrays && !config.number_suffixes && !config.compact_ranges);
        assert!(config.path_meta.is_none() && config.extensions.is_empty());
    }

    #[test]
    fn gives_up_on_shapes_it_does_not_write() {
        #[derive(Serialize)]
        #[allow(non_camel_case_types)]
        struct r#true {
            x: u8,
        }
        assert!(to_string_pretty(&1.5f64, 3).is_none());
        assert!(to_string_pretty(&(1u8, 2u8), 3).is_none());
        assert!(to_string_pretty(&'c', 3).is_none());
        assert!(to_string_pretty(&(), 3).is_none());
        assert!(to_string_pretty(&r#true { x: 1 }, 3).is_none());
        let deep = (0..40).fold(serde_json::json!(1), |v, _| serde_json::json!([v]));
        assert!(to_string_pretty(&deep, 3).is_none());
    }
}
