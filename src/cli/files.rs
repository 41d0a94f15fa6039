//! Which files a run checks, and reading them.
//!
//! A file named on the command line is always checked. Directories are walked
//! recursively, skipping hidden entries, `target/` and whatever `.gitignore`
//! ignores, keeping regular files with the configured extensions (default
//! `.txt`, `.md`, `.docx`) — but not the commented copies `--annotate`
//! writes (`*.reportlint.docx`): symbolic links, FIFOs, sockets and devices
//! met in a walk are skipped. `exclude` globs of the configuration apply to
//! both.
//!
//! A FIFO or device named on the command line is read like standard input
//! (never written); every input is read within the size limit.

use crate::read::{ReadError, describe_io, read_file_limited, read_limited};
use globset::{Glob, GlobSet, GlobSetBuilder};
use std::path::{Path, PathBuf};

pub(crate) const DEFAULT_EXTENSIONS: [&str; 3] = ["txt", "md", "docx"];

/// One input: a path, or standard input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Input {
    /// A regular file (or a link to one).
    Path(PathBuf),
    /// A FIFO or device named on the command line: read as a stream, like
    /// standard input, and never written.
    Stream(PathBuf),
    Stdin,
}

impl Input {
    /// Read the input within `limit` bytes.
    pub(crate) fn read(&self, limit: u64) -> Result<Vec<u8>, ReadError> {
        match self {
            Input::Path(p) | Input::Stream(p) => read_file_limited(p, limit),
            Input::Stdin => read_limited(std::io::stdin().lock(), limit),
        }
    }
}

pub(crate) struct Selection {
    pub(crate) extensions: Vec<String>,
    pub(crate) exclude: GlobSet,
    /// The directory exclude globs are relative to.
    pub(crate) base: PathBuf,
}

impl Selection {
    pub(crate) fn new(
        extensions: Vec<String>,
        exclude: &[String],
        base: PathBuf,
    ) -> Result<Self, String> {
        let mut b = GlobSetBuilder::new();
        for g in exclude {
            let glob = Glob::new(g).map_err(|e| format!("exclude 中的模式“{g}”无效：{e}"))?;
            b.add(glob);
            // `dir/**` should also exclude `dir` itself while walking.
            if let Some(dir) = g.strip_suffix("/**") {
                b.add(Glob::new(dir).map_err(|e| e.to_string())?);
            }
        }
        Ok(Selection {
            extensions,
            exclude: b.build().map_err(|e| e.to_string())?,
            base,
        })
    }

    /// Whether the configuration excludes `path` (as written on the command
    /// line, found while walking, or given as `--stdin-filename`).
    pub(crate) fn excluded(&self, path: &Path) -> bool {
        !self.exclude.is_empty()
            && (relative_to(&self.base, path).is_some_and(|rel| self.exclude.is_match(rel))
                || self.exclude.is_match(path))
    }

    /// [`Selection::excluded`] for `path`, found in a walk of `root` (made
    /// absolute once for the walk as `abs_root`): the rest of a found path
    /// is names only, so it is appended, not resolved again.
    fn excluded_in_walk(&self, root: &Path, abs_root: Option<&Path>, path: &Path) -> bool {
        if self.exclude.is_empty() {
            return false;
        }
        let abs = abs_root.zip(path.strip_prefix(root).ok());
        let rel = abs.map(|(abs_root, rest)| abs_root.join(rest));
        (rel.as_deref()).is_some_and(|abs| {
            abs.strip_prefix(&self.base)
                .is_ok_and(|rel| self.exclude.is_match(rel))
        }) || self.exclude.is_match(path)
    }

    fn wanted_extension(&self, path: &Path) -> bool {
        path.extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| self.extensions.iter().any(|x| x.eq_ignore_ascii_case(e)))
            && !is_annotated_copy(path)
    }

    /// Expand the command-line paths. Errors (missing paths) are returned
    /// beside the inputs so the run can continue.
    pub(crate) fn collect(&self, paths: &[PathBuf]) -> (Vec<Input>, Vec<(PathBuf, String)>) {
        let mut inputs = Vec::new();
        let mut errors = Vec::new();
        for path in paths {
            if path.as_os_str() == "-" {
                inputs.push(Input::Stdin);
            } else if path.is_dir() {
                self.walk(path, &mut inputs, &mut errors);
            } else {
                match named(path) {
                    Ok(input) if !self.excluded(path) => inputs.push(input),
                    Ok(_) => {}
                    Err(e) => errors.push((path.clone(), e)),
                }
            }
        }
        inputs.dedup();
        (inputs, errors)
    }

    /// The regular files with a wanted extension under `dir`, sorted.
    fn walk(&self, dir: &Path, inputs: &mut Vec<Input>, errors: &mut Vec<(PathBuf, String)>) {
        let abs_dir = lexically_absolute(dir);
        let mut found = Vec::new();
        let walker = ignore::WalkBuilder::new(dir)
            .hidden(true)
            .git_ignore(true)
            .git_global(false)
            .git_exclude(true)
            .require_git(false)
            .parents(true)
            .filter_entry(|e| e.file_name() != "target")
            .build();
        for entry in walker {
            match entry {
                // Regular files only: not links (followed only when named),
                // FIFOs (reading one would wait for a writer), sockets, devices.
                Ok(e) if e.file_type().is_some_and(|t| t.is_file()) => {
                    let p = e.into_path();
                    if self.wanted_extension(&p)
                        && !self.excluded_in_walk(dir, abs_dir.as_deref(), &p)
                    {
                        found.push(p);
                    }
                }
                Ok(_) => {}
                Err(e) => errors.push(walk_error(dir, &e)),
            }
        }
        found.sort_unstable_by(|a, b| walk_order(a, b));
        inputs.extend(found.into_iter().map(Input::Path));
    }
}

/// The order of `Path::cmp` (component by component) for two paths found
/// in one walk: the same root, then names joined by separators. That is
/// the order of their bytes with a separator below every other byte, which
/// needs no splitting into components.
fn walk_order(a: &Path, b: &Path) -> std::cmp::Ordering {
    let (a, b) = (
        a.as_os_str().as_encoded_bytes(),
        b.as_os_str().as_encoded_bytes(),
    );
    let key = |byte: u8| match std::path::is_separator(char::from(byte)) {
        true => 0,
        false => u16::from(byte) + 1,
    };
    match a.iter().zip(b).position(|(x, y)| x != y) {
        Some(i) => key(a[i]).cmp(&key(b[i])),
        None => a.len().cmp(&b.len()),
    }
}

/// Where and why a walk could not read something (an unreadable
/// subdirectory, say).
fn walk_error(dir: &Path, e: &ignore::Error) -> (PathBuf, String) {
    let mut path = dir.to_path_buf();
    let mut inner = e;
    loop {
        match inner {
            ignore::Error::WithPath { path: p, err } => {
                path = p.clone();
                inner = err;
            }
            ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
                inner = err;
            }
            _ => break,
        }
    }
    let message = inner
        .io_error()
        .map_or_else(|| inner.to_string(), describe_io);
    (path, message)
}

/// What a path named on the command line (not a directory) is, or why it
/// cannot be read.
fn named(path: &Path) -> Result<Input, String> {
    match std::fs::metadata(path) {
        Ok(m) if m.is_file() => Ok(Input::Path(path.to_path_buf())),
        Ok(m) if is_socket(&m) => Err("是套接字（socket），不能读取".to_owned()),
        Ok(_) => Ok(Input::Stream(path.to_path_buf())),
        // The path exists but is a link that leads nowhere (dangling, or a loop).
        Err(e) if std::fs::symlink_metadata(path).is_ok() => Err(match e.kind() {
            std::io::ErrorKind::NotFound => "是符号链接，但它指向的文件不存在".to_owned(),
            _ => describe_io(&e),
        }),
        Err(e) => Err(describe_io(&e)),
    }
}

#[cfg(unix)]
fn is_socket(m: &std::fs::Metadata) -> bool {
    std::os::unix::fs::FileTypeExt::is_socket(&m.file_type())
}

#[cfg(not(unix))]
fn is_socket(_: &std::fs::Metadata) -> bool {
    false
}

/// A commented copy written by `--annotate` (`报告.reportlint.docx`).
fn is_annotated_copy(path: &Path) -> bool {
    path.file_stem()
        .and_then(|s| s.to_str())
        .is_some_and(|s| s.to_ascii_lowercase().ends_with(".reportlint"))
}

/// `path` relative to `base` (an absolute directory), after resolving `.` and
/// `..` lexically: `../archive/old.txt` run from `sub/` is `archive/old.txt`
/// relative to the configuration's directory. `None` outside `base`.
pub(crate) fn relative_to(base: &Path, path: &Path) -> Option<PathBuf> {
    let clean = lexically_absolute(path)?;
    clean.strip_prefix(base).ok().map(Path::to_path_buf)
}

/// `path` made absolute, with `.` and `..` resolved without touching the
/// file system (symbolic links are not followed).
pub(crate) fn lexically_absolute(path: &Path) -> Option<PathBuf> {
    use std::path::Component;
    let abs = std::path::absolute(path).ok()?;
    let mut clean = PathBuf::new();
    for c in abs.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                clean.pop();
            }
            other => clean.push(other),
        }
    }
    Some(clean)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parent_components_are_resolved() {
        let base = std::env::current_dir().unwrap();
        let sub = base.join("sub");
        let rel = relative_to(&base, &sub.join("../archive/old.txt")).unwrap();
        assert_eq!(rel, Path::new("archive/old.txt"));
        assert_eq!(
            relative_to(&base, Path::new("./a/./b.txt")).unwrap(),
            Path::new("a/b.txt")
        );
        assert!(relative_to(&sub, &base.join("x.txt")).is_none());
    }

    #[test]
    fn walk_order_is_the_order_of_paths() {
        let names = [
            "a", "a-b", "a.txt", "A", "b", "b-", "b.", "ab", "中", "中文", "z~",
        ];
        let mut paths = vec![PathBuf::from("root")];
        for depth in 0..2 {
            let last: Vec<PathBuf> = paths.clone();
            for p in last.iter().filter(|p| p.components().count() == depth + 1) {
                paths.extend(names.iter().map(|n| p.join(n)));
            }
        }
        for a in &paths {
            for b in &paths {
                assert_eq!(
                    walk_order(a, b),
                    a.cmp(b),
                    "{} {}",
                    a.display(),
                    b.display()
                );
            }
        }
    }

    #[test]
    fn exclusion_in_a_walk_is_exclusion_of_the_path() {
        let base = std::env::current_dir().unwrap();
        let globs = [
            "drafts/old/**".to_owned(),
            "*.md".to_owned(),
            "b/**".to_owned(),
        ];
        let selection = Selection::new(vec!["txt".to_owned()], &globs, base.clone()).unwrap();
        let roots = [
            PathBuf::from("drafts"),
            PathBuf::from("./drafts/../drafts"),
            base.join("drafts"),
            base.parent().unwrap().to_path_buf(),
            PathBuf::from(".."),
        ];
        let mut seen = [false; 2];
        for root in &roots {
            let abs_root = lexically_absolute(root);
            let own = base.file_name().unwrap();
            for rest in ["old/x.txt", "new/x.txt", "x.md", "b/y.txt", "b"] {
                for path in [root.join(rest), root.join(own).join("drafts").join(rest)] {
                    let excluded = selection.excluded(&path);
                    seen[usize::from(excluded)] = true;
                    assert_eq!(
                        selection.excluded_in_walk(root, abs_root.as_deref(), &path),
                        excluded,
                        "{} in {}",
                        path.display(),
                        root.display()
                    );
                }
            }
        }
        assert_eq!(seen, [true, true]);
        let none = Selection::new(vec!["txt".to_owned()], &[], base).unwrap();
        assert!(!none.excluded(Path::new("drafts/old/x.txt")));
    }
}
