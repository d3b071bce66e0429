//! Reading the patients folder without stalling a frame: the files are read and
//! summarised on a thread of their own, which wakes the window once when it is done,
//! and a folder watcher wakes it when a file arrives, changes or goes (a sync tool, a
//! file copied in). Nothing runs while the folder is quiet.
//!
//! Tests (and anything that needs the list at once) read inline instead.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, TryRecvError, channel};

use chrono::NaiveDate;

use super::list::{PatientSummary, summarise_folder};

/// The rows of a read, or why the folder could not be read.
pub type FolderRead = Result<Vec<PatientSummary>, String>;

/// Reads the patients folder on request, in the background or inline.
pub struct FolderReader {
    background: bool,
    pending: Option<Receiver<FolderRead>>,
    /// Set by the watcher when the folder changed since the last read.
    changed: Arc<AtomicBool>,
    /// True while the list is on screen: only then does a change wake the window (a
    /// patient's own saves while it is open change the folder too).
    shown: Arc<AtomicBool>,
    watching: Option<(PathBuf, notify::RecommendedWatcher)>,
}

impl FolderReader {
    /// A reader that reads on a thread (`background`) or in the frame that asks.
    pub fn new(background: bool) -> FolderReader {
        FolderReader {
            background,
            pending: None,
            changed: Arc::new(AtomicBool::new(false)),
            shown: Arc::new(AtomicBool::new(false)),
            watching: None,
        }
    }

    /// Starts a read of `dir` as of `today` (inline readers have the result at once,
    /// from [`FolderReader::poll`]). A read already under way is replaced.
    pub fn start(&mut self, ctx: &egui::Context, dir: &Path, today: NaiveDate) {
        self.changed.store(false, Ordering::SeqCst);
        let (send, receive) = channel();
        self.pending = Some(receive);
        if !self.background {
            let _ = send.send(summarise_folder(dir, today));
            return;
        }
        let (dir, ctx) = (dir.to_path_buf(), ctx.clone());
        let spawned = std::thread::Builder::new()
            .name("patients-folder".into())
            .spawn(move || {
                // The window may have closed meanwhile: then nobody is waiting.
                let _ = send.send(summarise_folder(&dir, today));
                ctx.request_repaint();
            });
        if let Err(e) = spawned {
            self.pending = None;
            log_failure(&e.to_string());
        }
    }

    /// The result of the read under way, once it has arrived.
    pub fn poll(&mut self) -> Option<FolderRead> {
        let receive = self.pending.as_ref()?;
        match receive.try_recv() {
            Ok(read) => {
                self.pending = None;
                Some(read)
            }
            Err(TryRecvError::Empty) => None,
            Err(TryRecvError::Disconnected) => {
                self.pending = None;
                Some(Err("the folder could not be read".to_string()))
            }
        }
    }

    /// True while a read is under way.
    pub fn is_reading(&self) -> bool {
        self.pending.is_some()
    }

    /// Says whether the list is on screen (the app says so every frame).
    pub fn set_shown(&self, shown: bool) {
        self.shown.store(shown, Ordering::SeqCst);
    }

    /// Watches `dir` (once): a change sets [`FolderReader::changed`] and, while the
    /// list is shown and the reads are in the background, wakes the window. (Inline
    /// readers, in tests, take the change at their next frame.) A desktop without file
    /// notifications simply gets no updates.
    pub fn watch(&mut self, ctx: &egui::Context, dir: &Path) {
        if self.watching.as_ref().is_some_and(|(d, _)| d == dir) {
            return;
        }
        use notify::Watcher;
        let (changed, shown) = (Arc::clone(&self.changed), Arc::clone(&self.shown));
        let wake = self.background.then(|| ctx.clone());
        let handler = move |event: notify::Result<notify::Event>| {
            if event.is_ok_and(|e| touches_patients(&e)) {
                changed.store(true, Ordering::SeqCst);
                if let Some(ctx) = wake.as_ref().filter(|_| shown.load(Ordering::SeqCst)) {
                    ctx.request_repaint();
                }
            }
        };
        match notify::recommended_watcher(handler) {
            Ok(mut watcher) => {
                if watcher
                    .watch(dir, notify::RecursiveMode::NonRecursive)
                    .is_ok()
                {
                    self.watching = Some((dir.to_path_buf(), watcher));
                }
            }
            Err(e) => log_failure(&e.to_string()),
        }
    }

    /// True once when the watched folder changed since the last read started.
    pub fn changed(&self) -> bool {
        self.changed.load(Ordering::SeqCst)
    }
}

/// Only patient files matter: locks, backups and temporaries come and go with saves.
fn touches_patients(event: &notify::Event) -> bool {
    use notify::EventKind;
    let kind = matches!(
        event.kind,
        EventKind::Create(_) | EventKind::Modify(_) | EventKind::Remove(_)
    );
    kind && event.paths.iter().any(|p| {
        let hidden = p
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with('.'));
        !hidden && p.extension().is_some_and(|e| e == "ron")
    })
}

fn log_failure(message: &str) {
    eprintln!("taper-planner: the patients folder is read in the window instead: {message}");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_background_read_arrives_later_and_an_inline_one_at_once() {
        let dir = tempfile::tempdir().unwrap();
        let ctx = egui::Context::default();
        let today = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        let mut inline = FolderReader::new(false);
        inline.start(&ctx, dir.path(), today);
        assert_eq!(inline.poll(), Some(Ok(Vec::new())));
        assert!(!inline.is_reading());
        let mut background = FolderReader::new(true);
        background.start(&ctx, dir.path(), today);
        let receive = background.pending.take().unwrap();
        let read = receive.recv_timeout(std::time::Duration::from_secs(30));
        assert_eq!(read, Ok(Ok(Vec::new())), "the thread sends its read");
    }
}
