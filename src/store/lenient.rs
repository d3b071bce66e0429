//! Reading a file written by a newer version of the app, so it can be shown read-only.
//!
//! Every type in the patient file refuses fields it does not know (`deny_unknown_fields`),
//! so that nothing is dropped by the next save. A newer version adds fields; to show
//! its file anyway, this wraps ron's deserializer and skips, in each struct, the
//! fields that struct does not declare, and names them. Everything else is read exactly
//! as strictly as ever, by ron, with its errors and their positions. The result must
//! never be saved: it lacks what was skipped.

use std::cell::RefCell;
use std::collections::BTreeSet;
use std::fmt;

use serde::de::{
    self, DeserializeOwned, DeserializeSeed, Deserializer, EnumAccess, IgnoredAny,
    IntoDeserializer, MapAccess, SeqAccess, VariantAccess, Visitor,
};

use super::error::StoreError;
use super::load::{RECURSION_LIMIT, parse_error};

/// Reads `text` as a `T`, skipping unknown struct fields; also returns their names
/// (`Struct.field`, sorted, each once).
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<(T, Vec<String>), StoreError> {
    let options = ron::Options::default().with_recursion_limit(RECURSION_LIMIT);
    let mut de = ron::Deserializer::from_str_with_options(text, &options)
        .map_err(|e| parse_error(text, &e))?;
    let skipped = RefCell::new(BTreeSet::new());
    let value = T::deserialize(Lenient {
        de: &mut de,
        skipped: &skipped,
    })
    .and_then(|value| de.end().map(|()| value));
    match value {
        Ok(value) => Ok((value, skipped.into_inner().into_iter().collect())),
        Err(code) => Err(parse_error(text, &de.span_error(code))),
    }
}

type Skipped = RefCell<BTreeSet<String>>;

/// A deserializer that hands every visitor on wrapped, so structs inside are filtered.
struct Lenient<'s, D> {
    de: D,
    skipped: &'s Skipped,
}

/// A visitor that wraps what it is given; `fields` is set for a struct's visitor.
struct Wrap<'s, V> {
    inner: V,
    skipped: &'s Skipped,
    fields: Option<(&'static str, &'static [&'static str])>,
}

impl<'s, V> Wrap<'s, V> {
    fn new(inner: V, skipped: &'s Skipped) -> Self {
        Wrap {
            inner,
            skipped,
            fields: None,
        }
    }
}

macro_rules! forward_deserialize {
    ($($method:ident)*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
            self.de.$method(Wrap::new(visitor, self.skipped))
        }
    )*};
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for Lenient<'_, D> {
    type Error = D::Error;

    forward_deserialize! {
        deserialize_any deserialize_bool deserialize_i8 deserialize_i16 deserialize_i32
        deserialize_i64 deserialize_i128 deserialize_u8 deserialize_u16 deserialize_u32
        deserialize_u64 deserialize_u128 deserialize_f32 deserialize_f64 deserialize_char
        deserialize_str deserialize_string deserialize_bytes deserialize_byte_buf
        deserialize_option deserialize_unit deserialize_seq deserialize_map
        deserialize_identifier deserialize_ignored_any
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        self.de
            .deserialize_unit_struct(name, Wrap::new(visitor, self.skipped))
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        self.de
            .deserialize_newtype_struct(name, Wrap::new(visitor, self.skipped))
    }

    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        len: usize,
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        self.de
            .deserialize_tuple(len, Wrap::new(visitor, self.skipped))
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        len: usize,
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        self.de
            .deserialize_tuple_struct(name, len, Wrap::new(visitor, self.skipped))
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        self.de
            .deserialize_enum(name, variants, Wrap::new(visitor, self.skipped))
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        let visitor = Wrap {
            inner: visitor,
            skipped: self.skipped,
            fields: Some((name, fields)),
        };
        self.de.deserialize_struct(name, fields, visitor)
    }

    fn is_human_readable(&self) -> bool {
        self.de.is_human_readable()
    }
}

macro_rules! forward_visit {
    ($($method:ident: $ty:ty)*) => {$(
        fn $method<E: de::Error>(self, value: $ty) -> Result<Self::Value, E> {
            self.inner.$method(value)
        }
    )*};
}

impl<'de, V: Visitor<'de>> Visitor<'de> for Wrap<'_, V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.inner.expecting(f)
    }

    forward_visit! {
        visit_bool: bool visit_i8: i8 visit_i16: i16 visit_i32: i32 visit_i64: i64
        visit_i128: i128 visit_u8: u8 visit_u16: u16 visit_u32: u32 visit_u64: u64
        visit_u128: u128 visit_f32: f32 visit_f64: f64 visit_char: char
        visit_str: &str visit_borrowed_str: &'de str visit_string: String
        visit_bytes: &[u8] visit_borrowed_bytes: &'de [u8] visit_byte_buf: Vec<u8>
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        self.inner.visit_none()
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        self.inner.visit_unit()
    }

    fn visit_some<D: Deserializer<'de>>(self, de: D) -> Result<Self::Value, D::Error> {
        self.inner.visit_some(Lenient {
            de,
            skipped: self.skipped,
        })
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, de: D) -> Result<Self::Value, D::Error> {
        self.inner.visit_newtype_struct(Lenient {
            de,
            skipped: self.skipped,
        })
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        self.inner.visit_seq(Access {
            inner: seq,
            skipped: self.skipped,
            fields: None,
        })
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        self.inner.visit_map(Access {
            inner: map,
            skipped: self.skipped,
            fields: self.fields,
        })
    }

    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<Self::Value, A::Error> {
        self.inner.visit_enum(Access {
            inner: data,
            skipped: self.skipped,
            fields: None,
        })
    }
}

/// A seed whose deserializer is wrapped.
struct Seed<'s, S> {
    inner: S,
    skipped: &'s Skipped,
}

impl<'de, S: DeserializeSeed<'de>> DeserializeSeed<'de> for Seed<'_, S> {
    type Value = S::Value;

    fn deserialize<D: Deserializer<'de>>(self, de: D) -> Result<S::Value, D::Error> {
        self.inner.deserialize(Lenient {
            de,
            skipped: self.skipped,
        })
    }
}

/// A sequence, map, enum or variant access whose values are wrapped; a struct's map
/// (with `fields`) also skips the keys the struct does not declare.
struct Access<'s, A> {
    inner: A,
    skipped: &'s Skipped,
    fields: Option<(&'static str, &'static [&'static str])>,
}

impl<'s, A> Access<'s, A> {
    fn seed<S>(&self, inner: S) -> Seed<'s, S> {
        Seed {
            inner,
            skipped: self.skipped,
        }
    }
}

impl<'de, A: SeqAccess<'de>> SeqAccess<'de> for Access<'_, A> {
    type Error = A::Error;

    fn next_element_seed<S: DeserializeSeed<'de>>(
        &mut self,
        seed: S,
    ) -> Result<Option<S::Value>, A::Error> {
        let seed = self.seed(seed);
        self.inner.next_element_seed(seed)
    }

    fn size_hint(&self) -> Option<usize> {
        self.inner.size_hint()
    }
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for Access<'_, A> {
    type Error = A::Error;

    fn next_key_seed<S: DeserializeSeed<'de>>(
        &mut self,
        seed: S,
    ) -> Result<Option<S::Value>, A::Error> {
        let Some((name, fields)) = self.fields else {
            let seed = self.seed(seed);
            return self.inner.next_key_seed(seed);
        };
        while let Some(key) = self.inner.next_key_seed(KeyName)? {
            if fields.contains(&key.as_str()) {
                return seed.deserialize(key.into_deserializer()).map(Some);
            }
            self.inner.next_value::<IgnoredAny>()?;
            self.skipped.borrow_mut().insert(format!("{name}.{key}"));
        }
        Ok(None)
    }

    fn next_value_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<S::Value, A::Error> {
        let seed = self.seed(seed);
        self.inner.next_value_seed(seed)
    }

    fn size_hint(&self) -> Option<usize> {
        self.inner.size_hint()
    }
}

impl<'de, 's, A: EnumAccess<'de>> EnumAccess<'de> for Access<'s, A> {
    type Error = A::Error;
    type Variant = Access<'s, A::Variant>;

    fn variant_seed<S: DeserializeSeed<'de>>(
        self,
        seed: S,
    ) -> Result<(S::Value, Self::Variant), A::Error> {
        let skipped = self.skipped;
        let seed = self.seed(seed);
        let (value, variant) = self.inner.variant_seed(seed)?;
        let variant = Access {
            inner: variant,
            skipped,
            fields: None,
        };
        Ok((value, variant))
    }
}

impl<'de, A: VariantAccess<'de>> VariantAccess<'de> for Access<'_, A> {
    type Error = A::Error;

    fn unit_variant(self) -> Result<(), A::Error> {
        self.inner.unit_variant()
    }

    fn newtype_variant_seed<S: DeserializeSeed<'de>>(self, seed: S) -> Result<S::Value, A::Error> {
        let seed = self.seed(seed);
        self.inner.newtype_variant_seed(seed)
    }

    fn tuple_variant<V: Visitor<'de>>(self, len: usize, visitor: V) -> Result<V::Value, A::Error> {
        self.inner
            .tuple_variant(len, Wrap::new(visitor, self.skipped))
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, A::Error> {
        let visitor = Wrap {
            inner: visitor,
            skipped: self.skipped,
            fields: Some(("variant", fields)),
        };
        self.inner.struct_variant(fields, visitor)
    }
}

/// A struct's key, read as its name.
struct KeyName;

impl<'de> DeserializeSeed<'de> for KeyName {
    type Value = String;

    fn deserialize<D: Deserializer<'de>>(self, de: D) -> Result<String, D::Error> {
        de.deserialize_identifier(self)
    }
}

impl Visitor<'_> for KeyName {
    type Value = String;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a field name")
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<String, E> {
        Ok(value.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, PartialEq, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Doc {
        name: String,
        inner: Option<Inner>,
        list: Vec<Kind>,
    }

    #[derive(Debug, PartialEq, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Inner {
        n: u8,
    }

    #[derive(Debug, PartialEq, Deserialize)]
    #[serde(deny_unknown_fields)]
    enum Kind {
        Plain,
        Days(u32),
        Hold { days: u32 },
    }

    #[test]
    fn skips_and_names_unknown_fields_at_every_depth() {
        let text = "Doc(name: \"a\", extra: [1, (x: 2)], inner: Some(Inner(n: 3, more: \"m\")), list: [Plain, Days(2), Hold(days: 1, why: \"w\")])";
        assert!(
            ron::from_str::<Doc>(text).is_err(),
            "strict reading refuses"
        );
        let (doc, skipped) = from_str::<Doc>(text).unwrap();
        assert_eq!(
            doc,
            Doc {
                name: "a".into(),
                inner: Some(Inner { n: 3 }),
                list: vec![Kind::Plain, Kind::Days(2), Kind::Hold { days: 1 }],
            }
        );
        assert_eq!(skipped, ["Doc.extra", "Inner.more", "variant.why"]);
    }

    #[test]
    fn everything_else_is_as_strict_as_ron() {
        for bad in [
            "Doc(name: 1, inner: None, list: [])",
            "Doc(name: \"a\", inner: None, list: [Other])",
            "Doc(name: \"a\", inner: None)",
            "Doc(name: \"a\", inner: None, list: []) trailing",
        ] {
            assert!(matches!(
                from_str::<Doc>(bad),
                Err(StoreError::Parse { .. })
            ));
        }
    }
}
