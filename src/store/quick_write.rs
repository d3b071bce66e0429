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
//!
//! Two parts: `layout` is ron's pretty-printing state (indentation, separators, string
//! escaping, numbers) and `ser` is the serde `Serializer` that drives it.

mod layout;
mod ser;

use serde::Serialize;

use layout::Writer;

/// The layout [`super::load::pretty_config`] asks ron for (a test keeps them equal).
pub(crate) const NEW_LINE: &str = "\n";
pub(crate) const INDENTOR: &str = "    ";
pub(crate) const SEPARATOR: &str = " ";

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

pub use super::quick_give_up::GiveUp;

type Result<T> = std::result::Result<T, GiveUp>;

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
