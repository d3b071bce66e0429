//! The quick reader's serde `Deserializer`: structs, lists, maps, options and enum
//! variants read from the scanner's tokens; every other shape is left to ron.

use std::borrow::Cow;

use serde::de::{self, DeserializeSeed, Visitor};

use super::scan::Reader;
use super::{GiveUp, Result};

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
