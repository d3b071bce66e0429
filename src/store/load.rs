//! Reading a store file defensively, and converting between values and RON text.
//!
//! Any file may be hostile or broken (truncated by a full disk, edited by hand, not a
//! patient file at all): every function here returns an error instead of panicking,
//! overflowing the stack or exhausting memory.

use std::fs::{self, File};
use std::io::{self, Read};
use std::path::Path;

use serde::Serialize;
use serde::de::DeserializeOwned;

use super::file::{DEFAULT_MAX_BYTES, FileStamp, StoreError, save_checked};

/// Deepest nesting accepted in a RON file. Real patient files nest a handful of levels;
/// the limit keeps a crafted file (`[[[[...`) from overflowing the stack.
pub const RECURSION_LIMIT: usize = 128;

/// A value read from a file, with the stamp needed to save it back safely.
#[derive(Debug, Clone)]
pub struct Loaded<T> {
    pub value: T,
    pub stamp: FileStamp,
}

/// Reads the whole file at `path`, refusing files over `max_bytes` before reading them
/// (and again while reading, in case the file grows meanwhile).
pub fn read_limited(path: &Path, max_bytes: u64) -> Result<Vec<u8>, StoreError> {
    read_stamped(path, max_bytes).map(|(bytes, _)| bytes)
}

/// Like [`read_limited`], also returning the stamp of exactly the bytes read, for a
/// later [`save_checked`].
pub fn read_stamped(path: &Path, max_bytes: u64) -> Result<(Vec<u8>, FileStamp), StoreError> {
    // Look before opening: opening a named pipe for reading would block forever.
    let meta = fs::metadata(path).map_err(|e| StoreError::io(path, "open", e))?;
    if !meta.is_file() {
        return Err(StoreError::io(
            path,
            "read",
            io::Error::new(io::ErrorKind::InvalidInput, "it is not a regular file"),
        ));
    }
    let too_large = || StoreError::TooLarge {
        path: path.to_path_buf(),
        limit: max_bytes,
    };
    if meta.len() > max_bytes {
        return Err(too_large());
    }
    let file = File::open(path).map_err(|e| StoreError::io(path, "open", e))?;
    let meta = file
        .metadata()
        .map_err(|e| StoreError::io(path, "read", e))?;
    if meta.len() > max_bytes {
        return Err(too_large());
    }
    let capacity = usize::try_from(meta.len()).unwrap_or(0);
    let mut bytes = Vec::with_capacity(capacity);
    file.take(max_bytes.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| StoreError::io(path, "read", e))?;
    if bytes.len() as u64 > max_bytes {
        return Err(too_large());
    }
    let stamp = FileStamp::new(&bytes, Some(&meta));
    Ok((bytes, stamp))
}

/// Parses RON text into a `T`, with the nesting limit, and errors that give the 1-based
/// line and column where the text stops making sense.
pub fn parse_ron<T: DeserializeOwned>(text: &str) -> Result<T, StoreError> {
    parse_ron_with(text, false)
}

/// [`parse_ron`]; with `ron_only`, ron's parser reads everything (the quick reader is
/// not tried), for checks that must not depend on the quick reader.
pub fn parse_ron_with<T: DeserializeOwned>(text: &str, ron_only: bool) -> Result<T, StoreError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(StoreError::Parse {
            path: None,
            line: 1,
            column: 1,
            message: "the file is empty".to_string(),
        });
    }
    // The quick reader takes the plain RON this program writes, several times faster;
    // ron reads whatever it gives up on, and reports every error.
    if !ron_only && let Some(value) = super::quick_read::from_str(text) {
        return Ok(value);
    }
    ron::Options::default()
        .with_recursion_limit(RECURSION_LIMIT)
        .from_str(text)
        .map_err(|e| parse_error(text, &e))
}

/// A ron error as a [`StoreError::Parse`] at its line and column in `text`.
pub(crate) fn parse_error(text: &str, e: &ron::error::SpannedError) -> StoreError {
    let message = match &e.code {
        ron::Error::ExceededRecursionLimit => {
            format!("the data is nested more than {RECURSION_LIMIT} levels deep")
        }
        code => code.to_string(),
    };
    let (line, column) = error_position(text, &e.span);
    StoreError::Parse {
        path: None,
        line,
        column,
        message,
    }
}

/// Where to point a person for a ron error. ron's span often starts on the whitespace
/// before the offending token (`count: oops` starts at the space), so move forward over
/// whitespace, but never past the span's end.
fn error_position(text: &str, span: &ron::error::Span) -> (usize, usize) {
    let (start, end) = (&span.start, &span.end);
    let (mut line, mut col) = (1, 1);
    let mut moving = false;
    for c in text.chars() {
        if !moving && (line, col) >= (start.line, start.col) {
            moving = true;
        }
        if moving && (!c.is_whitespace() || (line, col) >= (end.line, end.col)) {
            return (line, col);
        }
        if c == '\n' {
            line += 1;
            col = 1;
        } else {
            col += 1;
        }
    }
    (start.line, start.col)
}

/// Checks that `bytes` are UTF-8 text (after an optional byte-order mark, which some
/// editors add), pointing at the first bad byte otherwise.
pub fn text_from_bytes(bytes: &[u8]) -> Result<&str, StoreError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    std::str::from_utf8(bytes).map_err(|e| {
        let good = std::str::from_utf8(&bytes[..e.valid_up_to()]).unwrap_or("");
        let line = 1 + good.matches('\n').count();
        let column = 1 + good.rsplit('\n').next().map_or(0, |l| l.chars().count());
        StoreError::Parse {
            path: None,
            line,
            column,
            message: "the file is not UTF-8 text".to_string(),
        }
    })
}

/// [`text_from_bytes`] then [`parse_ron`].
pub fn parse_ron_bytes<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, StoreError> {
    parse_ron(text_from_bytes(bytes)?)
}

/// Reads and parses the RON file at `path` (at most [`DEFAULT_MAX_BYTES`]). The file
/// is only read, never changed, whatever it contains.
pub fn load_ron<T: DeserializeOwned>(path: &Path) -> Result<Loaded<T>, StoreError> {
    load_ron_limited(path, DEFAULT_MAX_BYTES)
}

/// [`load_ron`] with a chosen size limit.
pub fn load_ron_limited<T: DeserializeOwned>(
    path: &Path,
    max_bytes: u64,
) -> Result<Loaded<T>, StoreError> {
    let (bytes, stamp) = read_stamped(path, max_bytes)?;
    let value = parse_ron_bytes(&bytes).map_err(|e| e.with_path(path))?;
    Ok(Loaded { value, stamp })
}

/// The readable form files are written in: struct names shown (so a person can tell
/// what a block is), four-space indentation, one field per line.
pub fn pretty_config() -> ron::ser::PrettyConfig {
    ron::ser::PrettyConfig::new()
        .struct_names(true)
        .indentor("    ")
        .new_line("\n")
}

/// Writes `value` as readable RON (see [`pretty_config`]), ending with a newline.
pub fn to_ron_pretty<T: Serialize>(value: &T) -> Result<String, StoreError> {
    to_ron_pretty_depth(value, usize::MAX)
}

/// [`to_ron_pretty`], with values nested deeper than `depth_limit` written on one line
/// each (ron's `PrettyConfig::depth_limit`).
pub fn to_ron_pretty_depth<T: Serialize>(
    value: &T,
    depth_limit: usize,
) -> Result<String, StoreError> {
    // The quick writer writes the same text several times faster; ron writes whatever
    // it gives up on.
    match super::quick_write::to_string_pretty(value, depth_limit) {
        Some(mut text) => {
            text.push('\n');
            Ok(text)
        }
        None => ron_pretty_depth(value, depth_limit),
    }
}

/// [`to_ron_pretty_depth`] written by ron itself, never by the quick writer: the
/// reference the quick writer must match, and the fallback when a check fails.
pub fn ron_pretty_depth<T: Serialize>(value: &T, depth_limit: usize) -> Result<String, StoreError> {
    let mut text = ron::Options::default()
        .to_string_pretty(value, pretty_config().depth_limit(depth_limit))
        .map_err(|e| StoreError::Serialize {
            message: e.to_string(),
        })?;
    text.push('\n');
    Ok(text)
}

/// Serializes `value` and saves it with [`save_checked`] (same `expected` rules).
pub fn save_ron<T: Serialize>(
    path: &Path,
    value: &T,
    expected: Option<&FileStamp>,
) -> Result<FileStamp, StoreError> {
    let text = to_ron_pretty(value)?;
    save_checked(path, text.as_bytes(), expected)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Doc {
        name: String,
        count: u32,
    }

    #[test]
    fn pretty_text_is_readable_and_round_trips() {
        let doc = Doc {
            name: "x".into(),
            count: 3,
        };
        let text = to_ron_pretty(&doc).unwrap();
        assert_eq!(text, "Doc(\n    name: \"x\",\n    count: 3,\n)\n");
        assert_eq!(parse_ron::<Doc>(&text).unwrap(), doc);
    }

    #[test]
    fn errors_point_at_line_and_column() {
        let text = "Doc(\n    name: \"x\",\n    count: oops,\n)\n";
        match parse_ron::<Doc>(text) {
            Err(StoreError::Parse { line, column, .. }) => assert_eq!((line, column), (3, 12)),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn empty_and_blank_text_say_empty() {
        for text in ["", "  \n\t", "\u{feff}"] {
            match parse_ron::<Doc>(text) {
                Err(StoreError::Parse { message, line, .. }) => {
                    assert!(message.contains("empty"));
                    assert_eq!(line, 1);
                }
                other => panic!("{other:?}"),
            }
        }
    }

    #[test]
    fn bad_utf8_points_at_the_byte() {
        match text_from_bytes(b"Doc(\n  na\xFFme") {
            Err(StoreError::Parse { line, column, .. }) => assert_eq!((line, column), (2, 5)),
            other => panic!("{other:?}"),
        }
        assert_eq!(text_from_bytes(b"\xEF\xBB\xBFok").unwrap(), "ok");
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let text = "[".repeat(100_000);
        match parse_ron::<ron::Value>(&text) {
            Err(StoreError::Parse { message, .. }) => assert!(message.contains("nested")),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn size_limit_is_checked() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.ron");
        fs::write(&p, b"0123456789").unwrap();
        assert_eq!(read_limited(&p, 10).unwrap().len(), 10);
        assert!(matches!(
            read_limited(&p, 9),
            Err(StoreError::TooLarge { limit: 9, .. })
        ));
        assert!(read_limited(dir.path(), 10).is_err());
        let missing = read_limited(&dir.path().join("none"), 10).unwrap_err();
        assert!(missing.is_not_found());
        assert!(missing.to_string().contains("none"), "{missing}");
    }
}
