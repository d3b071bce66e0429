//! The patient file on disk, generic over any serde type (the patient format and its
//! migrations sit on top of this).
//!
//! - [`file`](mod@file): atomic save with a `.bak`, refusing others' changes, cleanup.
//! - [`error`]: [`StoreError`], the one error every store function returns.
//! - [`stamp`]: [`FileStamp`], what a file held, so others' changes are noticed.
//! - [`lock`]: [`FileLock`], one editor per file across windows and processes.
//! - [`load`]: size-limited reading, RON parsing with positions, readable RON output.
//! - [`locate`]: the line and column of a value in RON text, found by its path.
//! - [`datadir`]: the data folder, the `patients` folder and the list of patient files.
//! - [`ids`]: random ids for records and items.
//! - [`format`](mod@format): the patient record's RON format, versions and migrations.
//! - `lenient`: reading a newer version's file, skipping the fields it added.
//! - [`patient_file`]: an open patient file (record, stamp, lock) built on the above.
//! - [`transfer`]: new file names that never replace a file, import, "my version" copies.
//! - [`quick_read`]: fast reader for the plain RON this program writes, tried before ron.
//! - [`quick_write`]: fast writer of ron's exact output, tried before ron.
//! - `quick_give_up`: their one error, "ask ron instead".
//! - [`read_back`]: the check of every save, ron reading the text back (the days in
//!   parts, on several threads).
//!
//! ron itself handles everything the quick paths give up on, and every error, and
//! checks every save: the text is read back by ron, never by the quick reader. The
//! quick paths mirror ron 0.12.3, which Cargo.toml pins. They stay because ron alone
//! misses the targets on a five-year record (load 21 to 41 ms against 15, save 58 to
//! 85 ms against 30, on a shared two-core machine; the quick reader loads it in 8 to
//! 15 ms): see benches/store.rs.

pub mod datadir;
pub mod error;
pub mod file;
pub mod format;
pub mod ids;
mod lenient;
pub mod load;
pub mod locate;
pub mod lock;
pub mod patient_file;
mod quick_give_up;
pub mod quick_read;
pub mod quick_write;
pub mod read_back;
pub mod stamp;
pub mod transfer;

pub use datadir::{
    DATA_DIR_ENV, ensure_private_dir, list_patient_files, patients_dir, resolve_data_dir,
};
pub use file::{
    DEFAULT_MAX_BYTES, FileLock, FileStamp, StoreError, backup_path, lock_path,
    remove_stale_temporaries, save_atomic, save_checked,
};
pub use load::{
    Loaded, RECURSION_LIMIT, load_ron, load_ron_limited, parse_ron, parse_ron_bytes, read_limited,
    read_stamped, save_ron, text_from_bytes, to_ron_pretty, to_ron_pretty_depth,
};
