//! Rule packs: YAML data, loaded strictly into rule specs (which
//! [`crate::rules`] compiles; this module only reads and parses).
//!
//! A pack is a directory `rules/<pack-id>/` with a manifest `pack.yaml`
//! (`id`, `name`, `description`) and any number of rule files `*.yaml`, each
//! holding `rules: [ … ]`. Every rule id is `<pack-id>/<rule-name>`.
//! The packs in the repository's `rules/` are embedded in the binary.
//!
//! Loading is strict: unknown keys, unknown kinds, invalid regexes, duplicate
//! ids and a `bad` example that does not fire are errors that point at the
//! YAML file, line and column.

pub(crate) mod cache;
mod deferred;
mod error;
mod schema;
mod tape;
mod tree;

pub use deferred::Deferred;
pub use error::{ErrorPlace, PackError};
pub use schema::{Examples, Manifest, RuleFile, RuleSpec};

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::Arc;

/// A YAML file of a pack, kept for error messages.
#[derive(Debug, Clone)]
pub struct PackFile {
    /// Shown in errors: `rules/fazhi/sections.yaml` or a user path.
    pub name: String,
    pub text: Arc<str>,
}

/// A rule as loaded: its spec plus where it came from.
#[derive(Debug)]
pub struct LoadedRule {
    pub spec: RuleSpec,
    /// The pack's id, shared by its rules.
    pub pack: Arc<str>,
    /// Index into [`Pack::files`].
    pub file: usize,
}

/// A loaded (not yet compiled) pack.
#[derive(Debug)]
pub struct Pack {
    pub manifest: Manifest,
    pub files: Vec<PackFile>,
    pub rules: Vec<LoadedRule>,
    /// Built into the binary (as opposed to `--pack DIR`).
    pub builtin: bool,
    /// Its patterns compiled and its examples passed in an earlier run
    /// (a user pack from [`cache`]): the engine need not validate it again.
    pub(crate) validated: bool,
}

/// A user pack's files as read from its directory, not yet parsed.
#[derive(Debug, Clone)]
pub(crate) struct PackSource {
    /// The directory's name, which the manifest's id must equal.
    pub(crate) dir_id: String,
    pub(crate) files: Vec<PackFile>,
}

/// How [`parse_file`] reads a file.
#[derive(Clone, Copy)]
enum Reading<'a> {
    /// From its YAML.
    Yaml,
    /// From the tree `build.rs` parsed it into (a built-in pack).
    Tree(&'static tree::Node),
    /// From its YAML, recording the deserialization ([`tape`]).
    Record,
    /// From a recording.
    Replay(&'a [u8]),
}

/// The files of the built-in packs: `(path under rules/, YAML text, the
/// YAML parsed when the crate was built)`.
mod embedded {
    use super::tree::{Node as N, Place as P, Value as V};
    include!(concat!(env!("OUT_DIR"), "/embedded_packs.rs"));
}

/// Every string of the built-in packs (patterns, examples, messages…), for
/// tests that try each pattern on each example.
#[cfg(test)]
pub(crate) fn builtin_strings() -> Vec<&'static str> {
    builtin_strings_where(|_| true)
}

/// Every string under a `check` key of the built-in packs (the options of
/// their rules: patterns, among others), for tests of their analysis.
#[cfg(test)]
pub(crate) fn builtin_check_strings() -> Vec<&'static str> {
    builtin_strings_where(|key| key == "check")
}

/// Every string of the built-in packs under a key for which `under` holds.
#[cfg(test)]
fn builtin_strings_where(under: fn(&str) -> bool) -> Vec<&'static str> {
    fn walk(
        node: &'static tree::Node,
        within: bool,
        under: fn(&str) -> bool,
        out: &mut Vec<&'static str>,
    ) {
        match &node.value {
            tree::Value::Str(s) if within => out.push(s),
            tree::Value::Seq(items) => items.iter().for_each(|n| walk(n, within, under, out)),
            tree::Value::Map(entries) => entries
                .iter()
                .for_each(|(key, n)| walk(n, within || under(key), under, out)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    for &(.., root) in embedded::FILES {
        walk(root, under(""), under, &mut out);
    }
    out
}

/// A debug form with every `Location` in it replaced by
/// `Location::UNKNOWN`'s: what a replayed pack ([`tape`]) gives for what
/// its YAML gives.
#[cfg(test)]
pub(crate) fn without_places(debug: &str) -> String {
    let unknown = format!("{:?}", serde_saphyr::Location::UNKNOWN);
    let place = regex::Regex::new(r"Location \{[^{}]*\{[^{}]*\}[^{}]*\}").unwrap();
    assert!(place.is_match(&unknown), "{unknown}");
    place.replace_all(debug, unknown.as_str()).into_owned()
}

/// Names of the built-in packs.
pub fn builtin_pack_ids() -> Vec<&'static str> {
    let mut ids: Vec<&str> = embedded::FILES
        .iter()
        .filter_map(|(path, ..)| path.split_once('/').map(|(pack, _)| pack))
        .collect();
    ids.dedup();
    ids
}

/// Load the built-in packs (all, or those named).
pub fn load_builtin(only: Option<&[String]>) -> Result<Vec<Pack>, PackError> {
    type Files = Vec<(String, &'static str, &'static tree::Node)>;
    let mut by_pack: BTreeMap<&str, Files> = BTreeMap::new();
    for &(path, text, root) in embedded::FILES {
        let Some((pack, _)) = path.split_once('/') else {
            continue;
        };
        if only.is_some_and(|o| !o.iter().any(|p| p == pack)) {
            continue;
        }
        by_pack
            .entry(pack)
            .or_default()
            .push((format!("rules/{path}"), text, root));
    }
    if let Some(only) = only {
        for name in only {
            if !by_pack.contains_key(name.as_str()) {
                return Err(PackError::plain(format!(
                    "没有名为“{name}”的内置规则包（可用：{}）",
                    builtin_pack_ids().join("、")
                )));
            }
        }
    }
    // On this thread: read from their trees, the packs take less time
    // than starting the thread pool to share them.
    by_pack
        .into_iter()
        .map(|(id, files)| {
            let trees: Vec<_> = files
                .iter()
                .map(|&(.., root)| Reading::Tree(root))
                .collect();
            let files = files
                .into_iter()
                .map(|(name, text, _)| (name, text))
                .collect();
            Pack::parse(id, pack_files(files), &trees, true).map(|(pack, _)| pack)
        })
        .collect()
}

/// Load a pack from a directory (`--pack DIR`).
pub(crate) fn load_dir(dir: &Path) -> Result<Pack, PackError> {
    read_dir(dir)?.parse()
}

/// Read a pack directory's manifest and rule files (`*.yaml`, `*.yml`).
pub(crate) fn read_dir(dir: &Path) -> Result<PackSource, PackError> {
    let shown = dir.display();
    match std::fs::metadata(dir) {
        Ok(m) if m.is_dir() => {}
        Ok(_) => {
            return Err(PackError::plain(format!(
                "{shown} 不是规则包目录：它是文件"
            )));
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(PackError::plain(format!("规则包目录 {shown} 不存在")));
        }
        Err(e) => {
            return Err(PackError::plain(format!(
                "无法读取规则包目录 {shown}：{}",
                crate::read::describe_io(&e)
            )));
        }
    }
    if !dir.join("pack.yaml").is_file() {
        return Err(PackError::plain(format!(
            "{shown} 不是规则包目录：缺少 pack.yaml"
        )));
    }
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .map_err(|e| {
            PackError::plain(format!(
                "无法读取规则包目录 {shown}：{}",
                crate::read::describe_io(&e)
            ))
        })?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "yml"))
        .collect();
    paths.sort();
    let files = paths
        .iter()
        .map(|p| {
            Ok(PackFile {
                name: p.display().to_string(),
                text: read_pack_file(p)?,
            })
        })
        .collect::<Result<Vec<_>, PackError>>()?;
    let dir_id = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    Ok(PackSource { dir_id, files })
}

/// A pack file's text. Checked for UTF-8 with SIMD and copied once into
/// its shared text: the standard library's check takes about ten
/// instructions per byte of Chinese text, a tenth of loading a pack from
/// the cache. A file that cannot be read or is not UTF-8 is read again
/// for the error [`crate::read::read_text_file`] gives.
fn read_pack_file(path: &Path) -> Result<Arc<str>, PackError> {
    let bytes = crate::read::read_file_limited(path, crate::read::DEFAULT_MAX_FILE_SIZE);
    match bytes.as_deref().map(simdutf8::basic::from_utf8) {
        Ok(Ok(text)) => Ok(Arc::from(text)),
        _ => crate::read::read_text_file(path)
            .map(Arc::from)
            .map_err(|e| PackError::plain(format!("无法读取规则包文件 {}：{e}", path.display()))),
    }
}

impl PackSource {
    /// Parse the pack's YAML.
    pub(crate) fn parse(self) -> Result<Pack, PackError> {
        let readings = vec![Reading::Yaml; self.files.len()];
        Pack::parse(&self.dir_id, self.files, &readings, false).map(|(pack, _)| pack)
    }

    /// [`PackSource::parse`], with a recording of each file's
    /// deserialization (in file order) for [`cache`].
    pub(crate) fn parse_recorded(self) -> Result<(Pack, Vec<Vec<u8>>), PackError> {
        let readings = vec![Reading::Record; self.files.len()];
        Pack::parse(&self.dir_id, self.files, &readings, false)
    }

    /// The pack deserialized from recordings of its files (in file order),
    /// marked as validated; `None` if they do not replay into a pack.
    pub(crate) fn replay(self, tapes: &[&[u8]]) -> Option<Pack> {
        if tapes.len() != self.files.len() {
            return None;
        }
        let readings: Vec<_> = tapes.iter().map(|&t| Reading::Replay(t)).collect();
        let (mut pack, _) = Pack::parse(&self.dir_id, self.files, &readings, false).ok()?;
        pack.validated = true;
        Some(pack)
    }
}

/// Parse a pack from in-memory files (`(name, text)`; one of them named
/// `…pack.yaml`), as [`load_dir`] would after reading them.
pub fn parse_files(files: Vec<(String, String)>) -> Result<Pack, PackError> {
    PackSource {
        dir_id: String::new(),
        files: pack_files(files),
    }
    .parse()
}

/// `(name, text)` pairs as pack files.
fn pack_files<T: Into<Arc<str>>>(files: Vec<(String, T)>) -> Vec<PackFile> {
    files
        .into_iter()
        .map(|(name, text)| PackFile {
            name,
            text: text.into(),
        })
        .collect()
}

/// Refuse a user pack whose id is a built-in pack's (`fazhi`) or another
/// user pack's: its rules would silently join that pack.
pub(crate) fn check_user_pack_ids(packs: &[Pack]) -> Result<(), PackError> {
    let builtin = builtin_pack_ids();
    let mut seen: HashMap<&str, &Pack> = HashMap::new();
    for pack in packs.iter().filter(|p| !p.builtin) {
        let id = &pack.manifest.id;
        let error = |message: String| match pack.manifest_file() {
            Some(file) => PackError::at(file, id.referenced, message),
            None => PackError::plain(message),
        };
        if builtin.contains(&id.value.as_str()) || id.value == crate::suppress::PACK {
            return Err(error(format!(
                "规则包 id“{}”是内置规则包的 id；用户规则包不能扩展或替换内置规则包，请换一个 id",
                id.value
            )));
        }
        if let Some(other) = seen.insert(&id.value, pack) {
            let other = other.manifest_file().map_or("", |f| f.name.as_str());
            return Err(error(format!(
                "规则包 id“{}”已被 {other} 使用；每个规则包的 id 必须不同",
                id.value
            )));
        }
    }
    Ok(())
}

impl Pack {
    /// The file holding the manifest (`pack.yaml`).
    pub(crate) fn manifest_file(&self) -> Option<&PackFile> {
        self.files
            .iter()
            .find(|f| is_manifest(&f.name))
            .or(self.files.first())
    }

    /// Parse a pack's files, each as its [`Reading`] says; `dir_id` is the
    /// directory name the manifest's id must equal. Returns the recordings
    /// of the files read with [`Reading::Record`] (empty for the others).
    fn parse(
        dir_id: &str,
        files: Vec<PackFile>,
        readings: &[Reading<'_>],
        builtin: bool,
    ) -> Result<(Pack, Vec<Vec<u8>>), PackError> {
        let manifest_index = files
            .iter()
            .position(|f| is_manifest(&f.name))
            .ok_or_else(|| PackError::plain(format!("规则包“{dir_id}”缺少 pack.yaml")))?;
        let mf = &files[manifest_index];
        let mut tapes = vec![Vec::new(); files.len()];
        let (manifest, tape) = parse_file::<Manifest>(mf, readings[manifest_index], builtin)?;
        tapes[manifest_index] = tape;
        if !is_slug(&manifest.id.value) {
            return Err(PackError::at(
                mf,
                manifest.id.referenced,
                "规则包 id 只能由小写字母、数字和连字符组成",
            ));
        }
        // The rule files parse independently: a user pack's on all cores,
        // a built-in pack's (from its trees, quickly) on this thread. Their
        // rules and errors are taken in file order.
        let rule_files: Vec<usize> = (0..files.len()).filter(|&i| i != manifest_index).collect();
        let parse =
            |&index: &usize| parse_file::<RuleFile>(&files[index], readings[index], builtin);
        let parsed: Vec<_> = match builtin {
            true => rule_files.iter().map(parse).collect(),
            false => crate::parallel::map(&rule_files, parse),
        };
        let count = parsed.iter().flatten().map(|(f, _)| f.rules.len()).sum();
        let pack_id: Arc<str> = Arc::from(manifest.id.value.as_str());
        let mut rules = Vec::with_capacity(count);
        for (index, parsed) in rule_files.into_iter().zip(parsed) {
            let file = &files[index];
            let (parsed, tape) = parsed?;
            tapes[index] = tape;
            for spec in &parsed.rules {
                let id = &spec.id.value;
                let valid = id
                    .split_once('/')
                    .is_some_and(|(p, n)| p == manifest.id.value && is_slug(n));
                if !valid {
                    return Err(PackError::at(
                        file,
                        spec.id.referenced,
                        format!(
                            "规则 id 应写作“{}/规则名”（规则名用小写字母、数字和连字符）",
                            manifest.id.value
                        ),
                    ));
                }
            }
            // Moved once each, in place: a spec is large.
            rules.extend(parsed.rules.into_iter().map(|spec| LoadedRule {
                spec,
                pack: Arc::clone(&pack_id),
                file: index,
            }));
        }
        let pack = Pack {
            manifest,
            files,
            rules,
            builtin,
            validated: false,
        };
        Ok((pack, tapes))
    }
}

/// Deserialize a pack file as `reading` says, with the recording of its
/// deserialization if it was recorded (else an empty one). A tree that
/// does not fit the schema (see [`tree`]) falls back to the YAML, whose
/// error is reported at its place; so does a failed recording, whose error
/// is then exactly the plain YAML parse's. A recording that does not
/// replay is an error without a place (the cache treats it as a miss).
fn parse_file<T: serde::de::DeserializeOwned>(
    file: &PackFile,
    reading: Reading<'_>,
    builtin: bool,
) -> Result<(T, Vec<u8>), PackError> {
    match reading {
        Reading::Tree(root) => {
            if let Ok(parsed) = tree::deserialize(root) {
                return Ok((parsed, Vec::new()));
            }
        }
        Reading::Record => {
            let tape = std::cell::RefCell::new(tape::Tape::default());
            let recorded = serde_saphyr::with_deserializer_from_str_with_options(
                &file.text,
                yaml_options(builtin),
                |d| tape::record(d, &tape),
            );
            if let Ok(parsed) = recorded {
                return Ok((parsed, tape.into_inner().into_bytes()));
            }
        }
        Reading::Replay(tape) => {
            return tape::replay(tape)
                .map(|parsed| (parsed, Vec::new()))
                .map_err(|e| PackError::plain(e.to_string()));
        }
        Reading::Yaml => {}
    }
    parse_yaml(&file.text, builtin)
        .map(|parsed| (parsed, Vec::new()))
        .map_err(|e| PackError::yaml(&e, file))
}

/// Deserialize a pack file's YAML. Comments are not kept (no spec reads them);
/// the built-in packs, written by us and tested, are parsed without the
/// budget that protects against hostile YAML (alias bombs, deep nesting).
fn parse_yaml<T: serde::de::DeserializeOwned>(
    text: &str,
    builtin: bool,
) -> Result<T, serde_saphyr::Error> {
    serde_saphyr::from_str_with_options(text, yaml_options(builtin))
}

/// How pack files are parsed: see [`parse_yaml`].
fn yaml_options(builtin: bool) -> serde_saphyr::Options {
    let mut options = serde_saphyr::Options::default();
    options.emit_comments = false;
    if builtin {
        options.budget = None;
    }
    options
}

/// Whether a pack file is the manifest: its file name is `pack.yaml`.
fn is_manifest(name: &str) -> bool {
    name.rsplit(['/', '\\']).next() == Some("pack.yaml")
}

fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !s.starts_with('-')
}
