//! The configuration each document is checked with.
//!
//! `reportlint.yaml` is found from the document's folder upwards, as the
//! command line finds it from its working directory (documents without a
//! path start from the first workspace folder); `reportlint lsp --config`
//! and `--isolated` fix the choice for every document, and `--pack` adds
//! packs, as for `check`. Each configuration is compiled once and rebuilt
//! only when its file or the files of its packs change (their sizes and
//! modification times are compared before every check, and file-watch
//! events force a rebuild). A configuration or pack that fails to load is
//! reported on its YAML file, at the line and column, and the documents go
//! on being checked with the last configuration that loaded — or, when there
//! never was one, with the built-in defaults.

use super::diagnostics::problem;
use crate::cli::RuleSources;
use crate::cli::files::Selection;
use crate::cli::setup::{self, Setup};
use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::pack::PackError;
use crate::read::DEFAULT_MAX_FILE_SIZE;
use crate::rules::CheckOptions;
use crate::source::SourceFile;
use lsp_types::Uri;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

/// A compiled configuration: what a document is checked with.
pub(crate) struct Profile {
    pub(crate) setup: Setup,
    /// The directory `exclude` and `per_path` globs are relative to.
    base: PathBuf,
    selection: Selection,
    options: CheckOptions,
    /// The configuration's `max_file_size` (the command line's default
    /// without one): a larger document is not checked.
    pub(crate) max_file_size: u64,
}

impl Profile {
    fn new(setup: Setup) -> Result<Profile, PackError> {
        let selection = setup.selection().map_err(PackError::plain)?;
        let options = CheckOptions {
            year: setup.config.as_ref().and_then(|c| c.file.year),
            published: None,
        };
        let max_file_size = setup
            .config
            .as_ref()
            .and_then(|c| c.file.max_file_size.map(|s| s.0))
            .unwrap_or(DEFAULT_MAX_FILE_SIZE);
        Ok(Profile {
            max_file_size,
            base: setup.base(),
            setup,
            selection,
            options,
        })
    }

    /// Whether the configuration's `exclude` leaves the file out.
    pub(crate) fn excludes(&self, path: &Path) -> bool {
        self.selection.excluded(path)
    }

    /// Check a document with every setting applied (`rules`, `per_path`,
    /// `year`, suppression comments): the findings `reportlint check`
    /// reports for the same text.
    pub(super) fn check(&self, file: &SourceFile) -> Vec<Diagnostic> {
        let resolve =
            setup::severity_resolver(&self.setup.per_path, &self.base, &file.name, &[], &[]);
        self.setup
            .engine
            .check_configured(file, &self.options, &resolve)
    }
}

/// Where configuration comes from, per the command line of `reportlint lsp`.
#[derive(Debug, Clone)]
enum Source {
    /// From each document's folder upwards.
    Discover,
    /// `--config FILE`
    Fixed(PathBuf),
    /// `--isolated`
    None,
}

/// Size and modification time of a file (`None`: missing).
type Stamp = Option<(SystemTime, u64)>;

fn stamp(path: &Path) -> Stamp {
    let meta = std::fs::metadata(path).ok()?;
    Some((meta.modified().ok()?, meta.len()))
}

/// One configuration file (or none) and what became of it.
struct Entry {
    /// The files it was built from, and their stamps then.
    inputs: Vec<(PathBuf, Stamp)>,
    /// Rebuild at the next use whatever the stamps say.
    stale: bool,
    /// The last profile that compiled.
    good: Option<Arc<Profile>>,
    /// Why the latest build failed.
    error: Option<PackError>,
}

/// Every configuration the session has used, keyed by file (`None`: no
/// configuration file).
pub(crate) struct Configs {
    source: Source,
    /// `--pack` directories, absolute.
    extra: Vec<PathBuf>,
    entries: HashMap<Option<PathBuf>, Entry>,
    /// Problems published on YAML files, to clear them when fixed.
    published: HashMap<Uri, Vec<lsp_types::Diagnostic>>,
}

/// A change to the problems shown on YAML files.
pub(crate) enum ProblemUpdate {
    /// Publish these diagnostics (empty: clear).
    File(Uri, Vec<lsp_types::Diagnostic>),
    /// A problem tied to no file: shown as a message.
    Message(String),
}

impl Configs {
    pub(super) fn new(args: &RuleSources) -> Configs {
        let absolute = |p: &PathBuf| std::path::absolute(p).unwrap_or_else(|_| p.clone());
        let source = if args.isolated {
            Source::None
        } else if let Some(c) = &args.config {
            Source::Fixed(absolute(c))
        } else {
            Source::Discover
        };
        Configs {
            source,
            extra: args.packs.iter().map(absolute).collect(),
            entries: HashMap::new(),
            published: HashMap::new(),
        }
    }

    /// The configuration file for a document at `path` (a file), or for a
    /// document without a path in the first of `folders`.
    fn file_for(&self, path: Option<&Path>, folders: &[PathBuf]) -> Option<PathBuf> {
        match &self.source {
            Source::None => None,
            Source::Fixed(p) => Some(p.clone()),
            Source::Discover => {
                let dir = match path {
                    Some(p) => p.parent()?,
                    None => folders.first()?,
                };
                Config::discover(dir)
            }
        }
    }

    /// The profile for a document; `None` when nothing loads, not even the
    /// built-in packs with `--pack`.
    pub(crate) fn profile_for(
        &mut self,
        path: Option<&Path>,
        folders: &[PathBuf],
    ) -> Option<Arc<Profile>> {
        let key = self.file_for(path, folders);
        match self.refresh(key.clone()) {
            Some(p) => Some(p),
            None if key.is_some() => self.refresh(None),
            None => None,
        }
    }

    /// The current profile of one configuration, rebuilt if its files
    /// changed; the last good one if the rebuild failed.
    fn refresh(&mut self, key: Option<PathBuf>) -> Option<Arc<Profile>> {
        let fresh = self
            .entries
            .get(&key)
            .is_some_and(|e| !e.stale && e.inputs.iter().all(|(p, s)| stamp(p) == *s));
        if !fresh {
            let (built, inputs) = self.build(key.as_deref());
            let entry = self.entries.entry(key.clone()).or_insert(Entry {
                inputs: Vec::new(),
                stale: false,
                good: None,
                error: None,
            });
            entry.inputs = inputs;
            entry.stale = false;
            match built {
                Ok(p) => {
                    entry.good = Some(Arc::new(p));
                    entry.error = None;
                }
                Err(e) => entry.error = Some(e),
            }
        }
        self.entries.get(&key).and_then(|e| e.good.clone())
    }

    /// Load and compile one configuration; the files it depends on, stamped
    /// before they are read (a change while loading shows at the next check).
    fn build(&self, key: Option<&Path>) -> (Result<Profile, PackError>, Vec<(PathBuf, Stamp)>) {
        let mut inputs = stamped(key.map(Path::to_path_buf).into_iter().collect());
        let config = match key.map(Config::load).transpose() {
            Ok(c) => c,
            Err(e) => {
                inputs.extend(stamped(pack_inputs(&self.extra)));
                return (Err(e), inputs);
            }
        };
        inputs.extend(stamped(pack_inputs(&setup::pack_dirs(
            config.as_ref(),
            &self.extra,
        ))));
        // No cache of validated packs: the session loads its packs once,
        // and reloads them as their YAML is edited.
        let built = setup::build_with(config, &self.extra, None).and_then(Profile::new);
        (built, inputs)
    }

    /// Rebuild every configuration used so far (a watched YAML file
    /// changed: its problems are shown or cleared even when no document
    /// that uses it is open).
    pub(crate) fn reload(&mut self) {
        let keys: Vec<Option<PathBuf>> = self.entries.keys().cloned().collect();
        for key in keys {
            if let Some(e) = self.entries.get_mut(&key) {
                e.stale = true;
            }
            self.refresh(key);
        }
    }

    /// What to publish so that the YAML files show exactly the current
    /// problems.
    pub(crate) fn problem_updates(&mut self) -> Vec<ProblemUpdate> {
        let mut now: HashMap<Uri, Vec<lsp_types::Diagnostic>> = HashMap::new();
        let mut messages = Vec::new();
        // A discovered configuration file that was deleted has no problems
        // left (documents now find another one); `--config` stays.
        if matches!(self.source, Source::Discover) {
            self.entries
                .retain(|key, _| key.as_ref().is_none_or(|p| p.is_file()));
        }
        for (key, entry) in &self.entries {
            let Some(err) = &entry.error else { continue };
            let fallback = if entry.good.is_some() {
                "仍使用上一次有效的配置"
            } else {
                "暂时使用内置规则包的默认设置"
            };
            if let Some((uri, d)) = problem(err, key.as_deref(), fallback) {
                now.entry(uri).or_default().push(d);
            }
            // Also as a message: an editor may not show diagnostics of a
            // file that is not open (the server shows each text once).
            messages.push(format!("reportlint：{err}（{fallback}）"));
        }
        let mut updates: Vec<ProblemUpdate> = Vec::new();
        for uri in self.published.keys() {
            if !now.contains_key(uri) {
                updates.push(ProblemUpdate::File(uri.clone(), Vec::new()));
            }
        }
        for (uri, diags) in &now {
            if self.published.get(uri) != Some(diags) {
                updates.push(ProblemUpdate::File(uri.clone(), diags.clone()));
            }
        }
        updates.extend(messages.into_iter().map(ProblemUpdate::Message));
        self.published = now;
        updates
    }
}

/// The files of pack directories that a change to should rebuild: the
/// directories themselves (files added or removed) and their YAML files.
fn pack_inputs(dirs: &[PathBuf]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for dir in dirs {
        out.push(dir.clone());
        let Ok(entries) = std::fs::read_dir(dir) else {
            continue;
        };
        let mut files: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "yml"))
            .collect();
        files.sort();
        out.extend(files);
    }
    out
}

fn stamped(paths: Vec<PathBuf>) -> Vec<(PathBuf, Stamp)> {
    paths
        .into_iter()
        .map(|p| {
            let s = stamp(&p);
            (p, s)
        })
        .collect()
}
