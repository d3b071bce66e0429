//! Everything the commands print goes through here, because a closed pipe is not a
//! crash: `review FILE | head -c1` closes the pipe after one byte, and Rust's `print!`
//! panics on the next write (exit 101). Here a broken pipe makes the stream quiet for
//! the rest of the run, and the command ends with the status it had anyway. Any other
//! write error (a full disk behind `>`) is said on stderr once, at the end, and the
//! command exits 1 ([`finish`]).

use std::fmt;
use std::io::{self, Write};
use std::process::ExitCode;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, Ordering};

/// Prints text for people on stdout.
pub fn print(text: &str) {
    write(Stream::Out, text);
}

/// Prints one error line on stderr, `error: ` and the message.
pub fn error(message: impl fmt::Display) {
    write(Stream::Err, &format!("error: {message}\n"));
}

/// Prints text for people on stderr (warnings under a CSV or JSON schedule).
pub fn print_err(text: &str) {
    write(Stream::Err, text);
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
