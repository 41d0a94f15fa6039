//! Building the engine from packs, configuration and flags (once per run).

use super::PackArgs;
use super::files::{DEFAULT_EXTENSIONS, Selection};
use super::suggest::unknown_rule_message;
use crate::config::{Config, PerPath};
use crate::diagnostic::Severity;
use crate::engine::Engine;
use crate::pack::cache::{self, PackCache};
use crate::pack::{self, Pack, PackError};
use crate::suppress::selector_matches;
use std::path::{Path, PathBuf};

/// How many failing examples of user packs are shown (the rest are counted).
const SHOWN_EXAMPLE_FAILURES: usize = 20;

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
    pub(crate) rules: Vec<(String, Option<Severity>)>,
}

impl Setup {
    /// The directory `exclude` and `per_path` globs are relative to: the
    /// configuration's, else the working directory (absolute).
    pub(crate) fn base(&self) -> PathBuf {
        let base = self
            .config
            .as_ref()
            .map(|c| c.dir.clone())
            .or_else(|| std::env::current_dir().ok())
            .unwrap_or_else(|| PathBuf::from("."));
        std::path::absolute(&base).unwrap_or(base)
    }

    /// Which files the configuration checks (`extensions`, `exclude`).
    pub(crate) fn selection(&self) -> Result<Selection, String> {
        let config = self.config.as_ref().map(|c| &c.file);
        let extensions = config
            .and_then(|c| c.extensions.clone())
            .unwrap_or_else(|| DEFAULT_EXTENSIONS.iter().map(|s| s.to_string()).collect());
        let exclude = config.map(|c| c.exclude.as_slice()).unwrap_or_default();
        Selection::new(extensions, exclude, self.base())
    }
}

/// Load configuration and packs, compile the engine, apply severity overrides.
pub(crate) fn build(args: &PackArgs) -> Result<Setup, PackError> {
    let sources = &args.sources;
    let config = if sources.isolated {
        None
    } else {
        let path = match &sources.config {
            Some(p) => Some(p.clone()),
            None => std::env::current_dir()
                .ok()
                .and_then(|cwd| Config::discover(&cwd)),
        };
        path.map(|p| Config::load(&p)).transpose()?
    };
    let cache = pack_cache(args, config.as_ref());
    build_with(config, &sources.packs, cache.as_ref())
}

/// Where validated user packs are cached: `--cache-dir` (or
/// `REPORTLINT_CACHE_DIR`), else the configuration's `cache_dir`, else
/// `.reportlint_cache` beside the configuration file or in the current
/// directory (as ruff does); `None` with `--no-cache`.
fn pack_cache(args: &PackArgs, config: Option<&Config>) -> Option<PackCache> {
    if args.no_cache {
        return None;
    }
    let dir = match (&args.cache_dir, config) {
        (Some(dir), _) => dir.clone(),
        (None, Some(c)) => c
            .dir
            .join(c.file.cache_dir.as_deref().unwrap_or(cache::DIR_NAME)),
        (None, None) => PathBuf::from(cache::DIR_NAME),
    };
    Some(PackCache::new(dir))
}

/// [`build`] for a configuration already loaded (or none), the pack
/// directories given besides it (`--pack`) and the cache of validated
/// user packs to use, if any.
pub(crate) fn build_with(
    config: Option<Config>,
    extra: &[PathBuf],
    cache: Option<&PackCache>,
) -> Result<Setup, PackError> {
    let selected = match &config {
        Some(c) => selected_packs(c)?,
        None => None,
    };
    let mut packs = pack::load_builtin(selected.as_deref())?;
    let dirs = pack_dirs(config.as_ref(), extra);
    let recorded = match cache.filter(|_| !dirs.is_empty()) {
        Some(cache) => load_user_packs(&mut packs, selected.as_deref(), &dirs, cache)?,
        None => {
            for dir in &dirs {
                packs.push(pack::load_dir(dir)?);
            }
            None
        }
    };
    pack::check_user_pack_ids(&packs)?;
    let mut engine = Engine::new(packs)?;
    // A user pack's examples are part of its validation: the first few
    // failures are shown, the rest counted.
    let failures = engine.verify_examples(true).into_iter().map(|f| f.error);
    if let Some(error) = PackError::many(failures, SHOWN_EXAMPLE_FAILURES) {
        return Err(error);
    }
    // Validated: the next run may skip all of that.
    if let (Some(cache), Some(recorded)) = (cache, recorded) {
        let plans = engine.user_phrase_plans();
        cache.store(&cache::entry(selected.as_deref(), &recorded, &plans));
    }
    let per_path = match &config {
        Some(c) => {
            set_severities(&mut engine, c)?;
            c.file
                .per_path
                .iter()
                .map(|entry| PathRules::compile(entry, c, &engine))
                .collect::<Result<_, _>>()?
        }
        None => Vec::new(),
    };
    Ok(Setup {
        engine,
        config,
        per_path,
    })
}

/// Add the user packs in `dirs` to `packs`: from `cache` if it holds them
/// (validated in an earlier run), else parsed from their YAML — then with
/// what to store once they are validated.
fn load_user_packs(
    packs: &mut Vec<Pack>,
    builtin: Option<&[String]>,
    dirs: &[PathBuf],
    cache: &PackCache,
) -> Result<Option<Vec<cache::Recorded>>, PackError> {
    let Ok(sources) = dirs
        .iter()
        .map(|d| pack::read_dir(d))
        .collect::<Result<Vec<_>, _>>()
    else {
        // Load them one by one, which reports the first error in the
        // order of the directories, as without a cache.
        for dir in dirs {
            packs.push(pack::load_dir(dir)?);
        }
        return Ok(None);
    };
    if let Some(loaded) = cache.load(builtin, &sources) {
        packs.extend(loaded);
        return Ok(None);
    }
    let mut recorded = Vec::new();
    for source in sources {
        let dir_id = source.dir_id.clone();
        let (pack, tapes) = source.parse_recorded()?;
        recorded.push(cache::Recorded {
            dir_id,
            files: pack.files.clone(),
            tapes,
        });
        packs.push(pack);
    }
    Ok(Some(recorded))
}

/// The built-in packs the configuration names (`packs:`); `None`: all.
fn selected_packs(c: &Config) -> Result<Option<Vec<String>>, PackError> {
    let Some(names) = &c.file.packs else {
        return Ok(None);
    };
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
        )
        .in_config());
    }
    Ok(Some(names.iter().map(|n| n.value.clone()).collect()))
}

/// Apply the configuration's `rules:` severities.
fn set_severities(engine: &mut Engine, c: &Config) -> Result<(), PackError> {
    for (id, setting) in &c.file.rules {
        if !engine.set_severity(id, setting.value.severity()) {
            return Err(PackError::at(
                &c.source,
                setting.referenced,
                format!("配置中的规则“{id}”不存在（用 `reportlint rules` 查看可用规则）"),
            )
            .in_config());
        }
    }
    Ok(())
}

impl PathRules {
    /// Compile one `per_path` entry of the configuration `c`.
    fn compile(entry: &PerPath, c: &Config, engine: &Engine) -> Result<PathRules, PackError> {
        let mut b = globset::GlobSetBuilder::new();
        for g in &entry.paths {
            let glob = globset::Glob::new(&g.value).map_err(|e| {
                PackError::at(
                    &c.source,
                    g.referenced,
                    format!("per_path 中的模式“{}”无效：{e}", g.value),
                )
                .in_config()
            })?;
            b.add(glob);
        }
        let globs = b
            .build()
            .map_err(|e| PackError::plain(format!("per_path 中的模式无效：{e}")).in_config())?;
        let mut rules = Vec::new();
        for (id, setting) in &entry.rules {
            if !engine.selector_known(id) {
                return Err(PackError::at(
                    &c.source,
                    setting.referenced,
                    unknown_rule_message(engine, id, "配置 per_path 中"),
                )
                .in_config());
            }
            rules.push((id.clone(), setting.value.severity()));
        }
        Ok(PathRules { globs, rules })
    }
}

/// The pack directories a run loads: the configuration's `extra_packs`
/// (relative to its file), then `--pack`.
pub(crate) fn pack_dirs(config: Option<&Config>, extra: &[PathBuf]) -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = Vec::new();
    if let Some(c) = config {
        dirs.extend(c.file.extra_packs.iter().map(|p| c.dir.join(p)));
    }
    dirs.extend(extra.iter().cloned());
    dirs
}

/// The severity each rule reports with in the document called `name`:
/// `--select`/`--ignore` first, then the `per_path` entries matching the
/// name (as given, or relative to `base`, the configuration's directory),
/// later entries winning, else the configured severity. `None`: do not run.
pub(crate) fn severity_resolver<'a>(
    per_path: &'a [PathRules],
    base: &Path,
    name: &str,
    select: &'a [String],
    ignore: &'a [String],
) -> impl Fn(&str, Option<Severity>) -> Option<Severity> + 'a {
    // Worked out only when some setting may match it: making the path
    // absolute asks the system for the current directory, once a document.
    let rel = match per_path {
        [] => None,
        _ => super::files::relative_to(base, Path::new(name)),
    };
    let overrides: Vec<&(String, Option<Severity>)> = per_path
        .iter()
        .filter(|p| p.globs.is_match(name) || rel.as_ref().is_some_and(|r| p.globs.is_match(r)))
        .flat_map(|p| &p.rules)
        .collect();
    move |id: &str, configured: Option<Severity>| {
        if !select.is_empty() && !select.iter().any(|s| selector_matches(s.trim(), id)) {
            return None;
        }
        if ignore.iter().any(|s| selector_matches(s.trim(), id)) {
            return None;
        }
        // Later entries win; within the configuration order.
        overrides
            .iter()
            .rev()
            .find(|(sel, _)| selector_matches(sel, id))
            .map_or(configured, |(_, s)| *s)
    }
}

/// Print an error the way every command does.
pub(crate) fn report_error(err: PackError) {
    report!("{:?}", err.into_report());
}
