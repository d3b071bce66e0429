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
//! What it accepts it reads exactly as ron does: each rule names the ron behaviour it
//! copies, and the tests compare both readers on valid and broken text. The rules are
//! in two parts: `scan` reads tokens (whitespace, names, strings, numbers) and `de`
//! is the serde `Deserializer` that asks for them in the shape the type wants.

mod de;
mod scan;

use serde::de::DeserializeOwned;

use scan::Reader;

/// Reads `text` as a `T`, or `None` when this reader cannot (then ask ron).
pub fn from_str<T: DeserializeOwned>(text: &str) -> Option<T> {
    let mut reader = Reader::new(text);
    reader.skip_ws();
    let value = T::deserialize(&mut reader).ok()?;
    reader.skip_ws();
    reader.at_end().then_some(value)
}

pub use super::quick_give_up::GiveUp;

type Result<T> = std::result::Result<T, GiveUp>;

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
