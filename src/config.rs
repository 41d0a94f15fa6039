//! `reportlint.yaml`: the project's configuration.
//!
//! Discovered from the current directory upwards; the first `reportlint.yaml`
//! or `.reportlint.yaml` found wins (no merging across ancestors). Relative
//! paths in it are relative to the file's directory.
//!
//! ```yaml
//! packs: [fazhi, gongwen]        # built-in packs to enable (default: all)
//! extra_packs: [./our-pack]      # pack directories
//! rules:                         # severity overrides; `off` disables
//!   gongwen/heading-level-skip: off
//!   fazhi/title: warning
//! exclude: ["archive/**"]        # globs, relative to this file
//! extensions: [txt, md]          # extensions linted in directories
//! fail_on: error                 # error | warning | info
//! year: 2024                     # report year when a draft does not state it
//! max_file_size: 64MB            # larger inputs are errors (bytes, or KB/MB/GB)
//! cache_dir: .reportlint_cache   # where validated user packs are cached
//! per_path:                      # settings for some files; later entries win
//!   - paths: ["drafts/old/**"]   # globs, relative to this file
//!     rules:                     # rule ids or pack ids (`gongwen`) → severity/off
//!       gongwen/heading-marker: off
//! ```

use crate::diagnostic::Severity;
use crate::pack::{PackError, PackFile};
use serde::Deserialize;
use serde_saphyr::Spanned;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub(crate) const FILE_NAMES: [&str; 2] = ["reportlint.yaml", ".reportlint.yaml"];

/// A rule's configured severity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RuleSetting {
    Off,
    Info,
    Warning,
    Error,
}

impl RuleSetting {
    pub fn severity(self) -> Option<Severity> {
        match self {
            RuleSetting::Off => None,
            RuleSetting::Info => Some(Severity::Info),
            RuleSetting::Warning => Some(Severity::Warning),
            RuleSetting::Error => Some(Severity::Error),
        }
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConfigFile {
    #[serde(default)]
    pub packs: Option<Vec<Spanned<String>>>,
    #[serde(default)]
    pub extra_packs: Vec<String>,
    #[serde(default)]
    pub rules: BTreeMap<String, Spanned<RuleSetting>>,
    #[serde(default)]
    pub exclude: Vec<String>,
    #[serde(default)]
    pub extensions: Option<Vec<String>>,
    #[serde(default)]
    pub fail_on: Option<Severity>,
    #[serde(default)]
    pub year: Option<i32>,
    #[serde(default)]
    pub per_path: Vec<PerPath>,
    #[serde(default)]
    pub max_file_size: Option<FileSize>,
    /// Where validated user packs are cached ([`crate::pack::cache`]),
    /// relative to this file; `--cache-dir` wins.
    #[serde(default)]
    pub cache_dir: Option<String>,
}

/// A size limit in bytes, written as a number of bytes or with a unit
/// (`64MB`, `512KB`; see [`crate::read::parse_size`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileSize(pub u64);

impl<'de> Deserialize<'de> for FileSize {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Bytes(u64),
            Text(String),
        }
        let text = match Raw::deserialize(d)? {
            Raw::Bytes(n) => n.to_string(),
            Raw::Text(t) => t,
        };
        crate::read::parse_size(&text)
            .map(FileSize)
            .map_err(D::Error::custom)
    }
}

/// Rule settings for the files some globs match (`per_path:` entries).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PerPath {
    /// Globs, relative to the configuration file's directory.
    pub paths: Vec<Spanned<String>>,
    /// Rule ids or pack ids (`gongwen`, `gongwen/`) and their setting.
    #[serde(default)]
    pub rules: BTreeMap<String, Spanned<RuleSetting>>,
}

/// A loaded configuration file.
#[derive(Debug)]
pub struct Config {
    pub file: ConfigFile,
    /// The file, for error messages.
    pub source: PackFile,
    /// The directory relative paths resolve against.
    pub dir: PathBuf,
}

impl Config {
    /// Find the configuration for `start` (a directory): itself or the nearest ancestor.
    pub(crate) fn discover(start: &Path) -> Option<PathBuf> {
        start
            .ancestors()
            .find_map(|dir| FILE_NAMES.iter().map(|n| dir.join(n)).find(|p| p.is_file()))
    }

    /// Read and parse a configuration file; errors carry the code
    /// `reportlint::config`.
    pub fn load(path: &Path) -> Result<Config, PackError> {
        let text = crate::read::read_text_file(path).map_err(|e| {
            PackError::plain(format!("无法读取配置文件 {}：{e}", path.display())).in_config()
        })?;
        Self::parse(path, text)
    }

    /// Parse the text of the configuration file at `path`.
    pub fn parse(path: &Path, text: String) -> Result<Config, PackError> {
        Self::parse_file(path, text).map_err(PackError::in_config)
    }

    fn parse_file(path: &Path, text: String) -> Result<Config, PackError> {
        let source = PackFile {
            name: path.display().to_string(),
            text: Arc::from(text),
        };
        let file: ConfigFile = if source.text.trim().is_empty() {
            ConfigFile::default()
        } else {
            serde_saphyr::from_str(&source.text).map_err(|e| PackError::yaml(&e, &source))?
        };
        let dir = path
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from("."));
        Ok(Config { file, source, dir })
    }
}
