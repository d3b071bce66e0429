//! Everything the commands print goes through here, for two reasons:
//!
//! - **A closed pipe is not a crash.** `review FILE | head -c1` closes the pipe after
//!   one byte; Rust's `print!` panics on the next write (exit 101). Here a broken pipe
//!   makes the stream quiet for the rest of the run, and the command ends with the
//!   status it had anyway. Any other write error (a full disk behind `>`) is said on
//!   stderr once, at the end, and the command exits 1 ([`finish`]).
//! - **Text from a file never steers the terminal.** A name, note or product in a
//!   patient file (or a path, or an echoed argument) may hold control characters: an
//!   escape sequence that clears the screen or retitles the window, a carriage return
//!   that overwrites the line. Every control character is printed escaped (`\u{1b}`,
//!   `\r`), as are the bidirectional overrides that reorder what is shown. Text for
//!   people keeps its own line breaks and tabs ([`print`]); a value interpolated into
//!   a line is kept on that line ([`one_line`]); an error is always one line
//!   ([`error`]); JSON is escaped the JSON way ([`print_json`]).

use std::borrow::Cow;
use std::fmt;
use std::io::{self, Write};
use std::path::Path;
use std::process::ExitCode;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, Ordering};

/// Prints text for people on stdout: its line breaks and tabs kept, every other
/// control character escaped.
pub fn print(text: &str) {
    write(Stream::Out, &escape(text, Keep::LinesAndTabs));
}

/// Prints JSON on stdout. serde_json escapes the C0 controls itself; DEL, the C1
/// controls (U+0080 to U+009F, which some terminals obey) and the bidirectional
/// overrides it leaves as they are, so they are written as `\uXXXX` here. JSON holds
/// such characters only inside strings, so the text reads back the same.
pub fn print_json(text: &str) {
    write(Stream::Out, &escape_json(text));
}

/// Prints one error line on stderr, `error: ` and the message, with every control
/// character escaped, line breaks too: a value with a newline stays on the line.
pub fn error(message: impl fmt::Display) {
    let line = format!("error: {}\n", one_line(&message.to_string()));
    write(Stream::Err, &line);
}

/// Prints text for people on stderr (warnings under a CSV or JSON schedule), escaped
/// as [`print`] escapes it.
pub fn print_err(text: &str) {
    write(Stream::Err, &escape(text, Keep::LinesAndTabs));
}

/// A value (a name, a note, an echoed argument) made safe to put inside one line:
/// every control character escaped, line breaks and tabs included.
pub fn one_line(value: &str) -> Cow<'_, str> {
    escape(value, Keep::Nothing)
}

/// A path, shown on one line ([`one_line`]).
pub fn path(path: &Path) -> String {
    one_line(&path.display().to_string()).into_owned()
}

/// The status to exit with once the command has run: `code`, unless stdout could not
/// be written for a reason other than a closed pipe; then that is said on stderr and
/// the status is 1, since the output the command meant to give was not given.
pub fn finish(code: ExitCode) -> ExitCode {
    match OUT_FAILED.get() {
        Some(reason) => {
            error(format_args!("could not write the output: {reason}"));
            ExitCode::FAILURE
        }
        None => code,
    }
}

#[derive(Clone, Copy)]
enum Stream {
    Out,
    Err,
}

/// Set once a stream cannot be written: nothing more is tried on it.
static OUT_CLOSED: AtomicBool = AtomicBool::new(false);
static ERR_CLOSED: AtomicBool = AtomicBool::new(false);
/// Why stdout failed, when it was not a closed pipe.
static OUT_FAILED: OnceLock<String> = OnceLock::new();

fn write(stream: Stream, text: &str) {
    let closed = match stream {
        Stream::Out => &OUT_CLOSED,
        Stream::Err => &ERR_CLOSED,
    };
    if closed.load(Ordering::Relaxed) {
        return;
    }
    let written = match stream {
        Stream::Out => {
            let mut out = io::stdout().lock();
            out.write_all(text.as_bytes()).and_then(|()| out.flush())
        }
        Stream::Err => io::stderr().lock().write_all(text.as_bytes()),
    };
    if let Err(e) = written {
        closed.store(true, Ordering::Relaxed);
        if matches!(stream, Stream::Out) && e.kind() != io::ErrorKind::BrokenPipe {
            let _ = OUT_FAILED.set(e.to_string());
        }
    }
}

/// Which control characters [`escape`] leaves as they are.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Keep {
    LinesAndTabs,
    Nothing,
}

/// True for a character that must not reach a terminal as it is: the C0 and C1
/// controls and DEL (`char::is_control`), and the bidirectional embeddings, overrides
/// and isolates, which make text read differently from what it holds.
fn is_unsafe(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

fn escape(text: &str, keep: Keep) -> Cow<'_, str> {
    let kept = |c: char| keep == Keep::LinesAndTabs && matches!(c, '\n' | '\t');
    if !text.chars().any(|c| is_unsafe(c) && !kept(c)) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            c if !is_unsafe(c) || kept(c) => out.push(c),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c => out.push_str(&format!("\\u{{{:x}}}", u32::from(c))),
        }
    }
    Cow::Owned(out)
}

fn escape_json(text: &str) -> Cow<'_, str> {
    if !text
        .chars()
        .any(|c| is_unsafe(c) && !c.is_ascii_whitespace())
    {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_unsafe(c) && !c.is_ascii_whitespace() {
            out.push_str(&format!("\\u{:04x}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const CRAFTED: &str = "Evil\u{1b}[2J\u{1b}]0;pwn\u{7}\rName\u{9b}31m\u{202e}\u{7f}";

    #[test]
    fn text_keeps_its_lines_and_escapes_every_other_control() {
        let text = format!("a\tb\n{CRAFTED}\n");
        assert_eq!(
            escape(&text, Keep::LinesAndTabs),
            "a\tb\nEvil\\u{1b}[2J\\u{1b}]0;pwn\\u{7}\\rName\\u{9b}31m\\u{202e}\\u{7f}\n"
        );
        assert!(matches!(
            escape("Jo Doe — ünïcode", Keep::Nothing),
            Cow::Borrowed(_)
        ));
    }

    #[test]
    fn a_value_stays_on_one_line() {
        assert_eq!(one_line("zig\nzag\tend"), "zig\\nzag\\tend");
        assert!(!one_line(CRAFTED).chars().any(is_unsafe));
    }

    #[test]
    fn json_escapes_what_serde_json_leaves_and_reads_back_the_same() {
        let value = serde_json::json!({ "patient": CRAFTED });
        let text = serde_json::to_string_pretty(&value).unwrap();
        assert!(
            text.contains('\u{9b}'),
            "serde_json leaves C1 controls as they are"
        );
        let safe = escape_json(&text);
        assert!(!safe.chars().any(|c| is_unsafe(c) && c != '\n'), "{safe}");
        let back: serde_json::Value = serde_json::from_str(&safe).unwrap();
        assert_eq!(back, value);
    }
}
