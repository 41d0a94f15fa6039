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

mod error;
mod schema;
mod tree;

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
    pub pack: String,
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
}

/// The files of the built-in packs: `(path under rules/, YAML text, the
/// YAML parsed when the crate was built)`.
mod embedded {
    use super::tree::{Node as N, Place as P, Value as V};
    include!(concat!(env!("OUT_DIR"), "/embedded_packs.rs"));
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
    let by_pack: Vec<_> = by_pack.into_iter().collect();
    crate::parallel::map(&by_pack, |(id, files)| {
        let trees = files.iter().map(|&(.., root)| Some(root)).collect();
        let files = files
            .iter()
            .map(|(name, text, _)| (name.clone(), *text))
            .collect();
        Pack::parse(id, pack_files(files), trees, true)
    })
    .into_iter()
    .collect()
}

/// Load a pack from a directory (`--pack DIR`).
pub(crate) fn load_dir(dir: &Path) -> Result<Pack, PackError> {
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
            let text = crate::read::read_text_file(p).map_err(|e| {
                PackError::plain(format!("无法读取规则包文件 {}：{e}", p.display()))
            })?;
            Ok(PackFile {
                name: p.display().to_string(),
                text: Arc::from(text),
            })
        })
        .collect::<Result<Vec<_>, PackError>>()?;
    let id = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let trees = vec![None; files.len()];
    Pack::parse(&id, files, trees, false)
}

/// Parse a pack from in-memory files (`(name, text)`; one of them named
/// `…pack.yaml`), as [`load_dir`] would after reading them.
pub fn parse_files(files: Vec<(String, String)>) -> Result<Pack, PackError> {
    let trees = vec![None; files.len()];
    Pack::parse("", pack_files(files), trees, false)
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

    /// Parse a pack's files (each from its tree, if it has one: see
    /// [`parse_file`]); `dir_id` is the directory name the manifest's id
    /// must equal.
    fn parse(
        dir_id: &str,
        files: Vec<PackFile>,
        trees: Vec<Option<&'static tree::Node>>,
        builtin: bool,
    ) -> Result<Pack, PackError> {
        let manifest_index = files
            .iter()
            .position(|f| is_manifest(&f.name))
            .ok_or_else(|| PackError::plain(format!("规则包“{dir_id}”缺少 pack.yaml")))?;
        let mf = &files[manifest_index];
        let manifest: Manifest = parse_file(mf, trees[manifest_index], builtin)?;
        if !is_slug(&manifest.id.value) {
            return Err(PackError::at(
                mf,
                manifest.id.referenced,
                "规则包 id 只能由小写字母、数字和连字符组成",
            ));
        }
        let mut rules = Vec::new();
        // The rule files parse independently, on all cores; their rules
        // and errors are taken in file order.
        let rule_files: Vec<usize> = (0..files.len()).filter(|&i| i != manifest_index).collect();
        let parsed = crate::parallel::map(&rule_files, |&index| {
            parse_file::<RuleFile>(&files[index], trees[index], builtin)
        });
        for (index, parsed) in rule_files.into_iter().zip(parsed) {
            let file = &files[index];
            let parsed = parsed?;
            for spec in parsed.rules {
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
                rules.push(LoadedRule {
                    spec,
                    pack: manifest.id.value.clone(),
                    file: index,
                });
            }
        }
        Ok(Pack {
            manifest,
            files,
            rules,
            builtin,
        })
    }
}

/// Deserialize a pack file: from the tree `build.rs` parsed it into (a
/// built-in pack), else — or should the tree not fit the schema, whose
/// error the YAML parser then reports at its place — from its YAML.
fn parse_file<T: serde::de::DeserializeOwned>(
    file: &PackFile,
    tree: Option<&'static tree::Node>,
    builtin: bool,
) -> Result<T, PackError> {
    if let Some(parsed) = tree.and_then(|root| tree::deserialize(root).ok()) {
        return Ok(parsed);
    }
    parse_yaml(&file.text, builtin).map_err(|e| PackError::yaml(&e, file))
}

/// Deserialize a pack file's YAML. Comments are not kept (no spec reads them);
/// the built-in packs, written by us and tested, are parsed without the
/// budget that protects against hostile YAML (alias bombs, deep nesting).
fn parse_yaml<T: serde::de::DeserializeOwned>(
    text: &str,
    builtin: bool,
) -> Result<T, serde_saphyr::Error> {
    let mut options = serde_saphyr::Options::default();
    options.emit_comments = false;
    if builtin {
        options.budget = None;
    }
    serde_saphyr::from_str_with_options(text, options)
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
