//! Interrupted `--fix` (and `--annotate --force`) runs leave nothing behind.
//!
//! Every temporary file is registered here while it exists. On SIGINT
//! (Ctrl-C) or SIGTERM a watcher thread removes the registered files and
//! exits with 130 or 143 (128 + the signal), as shells report an
//! interrupted command. Creating, renaming and removing a temporary file, and
//! rewriting a hard-linked file in place, happen under the registry's lock,
//! so the watcher never acts halfway through one of them.

use std::fs::File;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, MutexGuard, PoisonError};

/// Temporary files that exist now.
static PENDING: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// Distinguishes temporary files created by one process.
static COUNTER: AtomicUsize = AtomicUsize::new(0);

fn pending() -> MutexGuard<'static, Vec<PathBuf>> {
    PENDING.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Start watching for SIGINT and SIGTERM (once per process). Without
/// signal support (non-Unix targets) interrupts keep their default action.
pub(crate) fn install() {
    #[cfg(unix)]
    {
        use signal_hook::consts::{SIGINT, SIGTERM};
        static INSTALLED: std::sync::Once = std::sync::Once::new();
        INSTALLED.call_once(|| {
            let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM]) else {
                return;
            };
            let _ = std::thread::Builder::new()
                .name("reportlint-signals".into())
                .spawn(move || {
                    if let Some(signal) = signals.forever().next() {
                        // Keep the lock: no new temporary file after this.
                        let files = pending();
                        for path in files.iter() {
                            let _ = std::fs::remove_file(path);
                        }
                        std::process::exit(128 + signal);
                    }
                });
        });
    }
}

/// Run `f` with interrupts held off: an interrupt arriving meanwhile takes
/// effect when `f` returns. For steps that must not be left half done.
pub(crate) fn uninterrupted<R>(f: impl FnOnce() -> R) -> R {
    let _guard = pending();
    f()
}

/// A temporary file beside the file it will replace; removed when dropped
/// (unless renamed into place) and when the run is interrupted.
pub(crate) struct TempFile {
    path: PathBuf,
    file: Option<File>,
}

impl TempFile {
    /// Create `.NAME.reportlint-PID-N.tmp` in `dir`.
    pub(crate) fn create_in(dir: &Path, name: &str) -> io::Result<TempFile> {
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let path = dir.join(format!(".{name}.reportlint-{}-{n}.tmp", std::process::id()));
        let mut files = pending();
        let file = File::options()
            .write(true)
            .read(true)
            .create_new(true)
            .open(&path)?;
        files.push(path.clone());
        Ok(TempFile {
            path,
            file: Some(file),
        })
    }

    pub(crate) fn file(&mut self) -> &mut File {
        self.file.as_mut().expect("open until persisted")
    }

    /// Keep the file (it is the user's only copy of something): it is no
    /// longer removed, even on interrupt. Returns its path.
    pub(crate) fn keep(mut self) -> PathBuf {
        self.file = None;
        let path = std::mem::take(&mut self.path);
        pending().retain(|p| *p != path);
        path
    }

    /// Rename the file over `target` (atomically, on the same file system).
    pub(crate) fn persist(mut self, target: &Path) -> io::Result<()> {
        self.file = None;
        let mut files = pending();
        std::fs::rename(&self.path, target)?;
        files.retain(|p| *p != self.path);
        // Renamed: nothing left to remove.
        self.path = PathBuf::new();
        drop(files);
        Ok(())
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        self.file = None;
        if self.path.as_os_str().is_empty() {
            return;
        }
        let mut files = pending();
        let _ = std::fs::remove_file(&self.path);
        files.retain(|p| *p != self.path);
    }
}
