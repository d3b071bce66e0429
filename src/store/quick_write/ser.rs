//! The quick writer's serde `Serializer`: the shapes the store's types use, written
//! through the layout; every other shape gives up so ron writes it.

use std::fmt::{self, Write as _};

use serde::Serialize;
use serde::ser;

use super::layout::{Compound, Writer, is_plain_identifier};
use super::{GiveUp, Result, SEPARATOR};

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
