//! Building the engine from packs, configuration and flags (once per run).

use super::PackArgs;
use crate::config::Config;
use crate::engine::Engine;
use crate::pack::{self, PackError};
use std::path::PathBuf;

/// The engine plus the configuration it was built from.
pub(crate) struct Setup {
    pub(crate) engine: Engine,
    pub(crate) config: Option<Config>,
    /// Compiled `per_path` entries of the configuration, in order.
    pub(crate) per_path: Vec<PathRules>,
}

/// One `per_path` entry: the files it applies to and its rule settings.
pub(crate) struct PathRules {
    pub(crate) globs: globset::GlobSet,
    /// (selector, setting) — a selector is a rule id or a pack id.
    pub(crate) rules: Vec<(String, Option<crate::diagnostic::Severity>)>,
}

/// Load configuration and packs, compile the engine, apply severity overrides.
pub(crate) fn build(args: &PackArgs) -> Result<Setup, PackError> {
    let config = if args.isolated {
        None
    } else {
        let path = match &args.config {
            Some(p) => Some(p.clone()),
            None => std::env::current_dir()
                .ok()
                .and_then(|cwd| Config::discover(&cwd)),
        };
        path.map(|p| Config::load(&p)).transpose()?
    };
    let selected: Option<Vec<String>> = match config
        .as_ref()
        .and_then(|c| c.file.packs.as_ref().map(|p| (c, p)))
    {
        None => None,
        Some((c, names)) => {
            let known = pack::builtin_pack_ids();
            if let Some(bad) = names.iter().find(|n| !known.contains(&n.value.as_str())) {
                return Err(PackError::at(
                    &c.source,
                    bad.referenced,
                    format!(
                        "没有名为“{}”的内置规则包（可用：{}）",
                        bad.value,
                        known.join("、")
                    ),
                ));
            }
            Some(names.iter().map(|n| n.value.clone()).collect())
        }
    };
    let mut packs = pack::load_builtin(selected.as_deref())?;
    let mut dirs: Vec<PathBuf> = Vec::new();
    if let Some(c) = &config {
        dirs.extend(c.file.extra_packs.iter().map(|p| c.dir.join(p)));
    }
    dirs.extend(args.packs.iter().cloned());
    for dir in &dirs {
        packs.push(pack::load_dir(dir)?);
    }
    let mut engine = Engine::new(&packs)?;
    // A user pack's examples are part of its validation.
    if let Some(failure) = engine.verify_examples(true).into_iter().next() {
        return Err(failure.error);
    }
    if let Some(c) = &config {
        for (id, setting) in &c.file.rules {
            if !engine.set_severity(id, setting.value.severity()) {
                return Err(PackError::at(
                    &c.source,
                    setting.referenced,
                    format!("配置中的规则“{id}”不存在（用 `reportlint rules` 查看可用规则）"),
                ));
            }
        }
    }
    let mut per_path = Vec::new();
    if let Some(c) = &config {
        for entry in &c.file.per_path {
            let mut b = globset::GlobSetBuilder::new();
            for g in &entry.paths {
                let glob = globset::Glob::new(&g.value).map_err(|e| {
                    PackError::at(
                        &c.source,
                        g.referenced,
                        format!("per_path 中的模式“{}”无效：{e}", g.value),
                    )
                })?;
                b.add(glob);
            }
            let globs = b
                .build()
                .map_err(|e| PackError::plain(format!("per_path 中的模式无效：{e}")))?;
            let mut rules = Vec::new();
            for (id, setting) in &entry.rules {
                if !engine.selector_known(id) {
                    return Err(PackError::at(
                        &c.source,
                        setting.referenced,
                        unknown_rule_message(&engine, id, "配置 per_path 中"),
                    ));
                }
                rules.push((id.clone(), setting.value.severity()));
            }
            per_path.push(PathRules { globs, rules });
        }
    }
    Ok(Setup {
        engine,
        config,
        per_path,
    })
}

/// "规则“x”不存在" with near matches, for every place that names rules.
pub(crate) fn unknown_rule_message(engine: &Engine, id: &str, place: &str) -> String {
    let near = engine.near_matches(id);
    let mut m = format!("{place}的规则“{id}”不存在");
    if !near.is_empty() {
        m.push_str(&format!("；相近的有：{}", near.join("、")));
    }
    m.push_str("（用 `reportlint rules` 查看全部规则）");
    m
}

/// Print an error the way every command does.
pub(crate) fn report_error(err: PackError) {
    report!("{:?}", err.into_report());
}
