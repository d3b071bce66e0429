//! The store's one error type: every way reading or writing a store file can fail.
//!
//! Shared by every store module, so callers match on one enum whatever went wrong.

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

/// Everything that can go wrong reading or writing a store file.
///
/// Every variant names the file, because the message may reach a person who has to
/// find that file (or its `.bak`) on disk.
#[derive(Debug)]
pub enum StoreError {
    /// The operating system refused; `action` says what we were doing ("read", ...).
    Io {
        path: PathBuf,
        action: &'static str,
        source: io::Error,
    },
    /// The file no longer holds what was loaded: another program or instance changed or
    /// removed it. Saving would silently throw its changes away.
    ChangedOnDisk { path: PathBuf },
    /// A new file was to be created but one is already there.
    AlreadyExists { path: PathBuf },
    /// Another process (or another window of this one) is editing the file. `holder`
    /// is who, as its lock file says; `waited` how long a command waited for it.
    Locked {
        path: PathBuf,
        holder: Option<super::lock::Holder>,
        waited: Option<std::time::Duration>,
    },
    /// The file was written by a newer version of the app; this one may show it but
    /// never change it (saving would drop what it does not know).
    NewerFormat {
        path: PathBuf,
        newer: super::format::NewerFormat,
    },
    /// The file is bigger than `limit` bytes, so it was not read.
    TooLarge { path: PathBuf, limit: u64 },
    /// The text is not valid RON for the expected type. `line` and `column` are 1-based.
    /// `path` is `None` when parsing text that did not come from a file.
    Parse {
        path: Option<PathBuf>,
        line: usize,
        column: usize,
        message: String,
    },
    /// A value could not be written as RON (a bug rather than a user error).
    Serialize { message: String },
    /// No data folder could be determined (no home folder, no flag, no variable).
    NoDataDir,
}

impl StoreError {
    /// Attaches `path` to a [`StoreError::Parse`] that has none; other variants already
    /// carry their path and are returned unchanged.
    #[must_use]
    pub fn with_path(self, path: &Path) -> Self {
        match self {
            StoreError::Parse {
                path: None,
                line,
                column,
                message,
            } => StoreError::Parse {
                path: Some(path.to_path_buf()),
                line,
                column,
                message,
            },
            other => other,
        }
    }

    /// True when the error only means "there is no such file" (a first start, a new
    /// patient), which callers usually treat differently from a real failure.
    pub fn is_not_found(&self) -> bool {
        matches!(self, StoreError::Io { source, .. } if source.kind() == io::ErrorKind::NotFound)
    }

    pub(crate) fn io(path: &Path, action: &'static str, source: io::Error) -> Self {
        StoreError::Io {
            path: path.to_path_buf(),
            action,
            source,
        }
    }
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StoreError::Io {
                path,
                action,
                source,
            } => write!(f, "could not {action} {}: {source}", path.display()),
            StoreError::ChangedOnDisk { path } => write!(
                f,
                "{} was changed or removed by another program since it was opened; \
                 it was not overwritten. Reopen it to see the other changes.",
                path.display()
            ),
            StoreError::AlreadyExists { path } => write!(
                f,
                "{} already exists; it was not overwritten",
                path.display()
            ),
            StoreError::Locked {
                path,
                holder,
                waited,
            } => {
                match holder {
                    Some(holder) if holder.is_app() => write!(
                        f,
                        "{} is open in {holder}; close the patient there and try again",
                        path.display()
                    )?,
                    Some(holder) => write!(f, "{} is being changed by {holder}", path.display())?,
                    None => write!(
                        f,
                        "{} is already open for editing in another taper-planner window or process",
                        path.display()
                    )?,
                }
                match waited {
                    Some(waited) => write!(f, " (gave up after waiting {} s)", waited.as_secs()),
                    None => Ok(()),
                }
            }
            StoreError::NewerFormat { path, newer } => write!(f, "{}: {newer}", path.display()),
            StoreError::TooLarge { path, limit } => write!(
                f,
                "{} is larger than {}, so it is not read (a patient file is much smaller)",
                path.display(),
                human_size(*limit)
            ),
            StoreError::Parse {
                path,
                line,
                column,
                message,
            } => match path {
                Some(path) => write!(
                    f,
                    "{}: line {line}, column {column}: {message}",
                    path.display()
                ),
                None => write!(f, "line {line}, column {column}: {message}"),
            },
            StoreError::Serialize { message } => {
                write!(f, "could not write the data as RON: {message}")
            }
            StoreError::NoDataDir => write!(
                f,
                "could not find a data folder (is there a home folder?); \
                 set TAPER_PLANNER_DATA or give a data folder on the command line"
            ),
        }
    }
}

impl std::error::Error for StoreError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            StoreError::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}

fn human_size(bytes: u64) -> String {
    const MIB: u64 = 1024 * 1024;
    if bytes >= MIB && bytes.is_multiple_of(MIB) {
        format!("{} MiB", bytes / MIB)
    } else {
        format!("{bytes} bytes")
    }
}
