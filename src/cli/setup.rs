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
    let mut packs = pack::load_builtin(config.as_ref().and_then(|c| c.file.packs.as_deref()))?;
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
    Ok(Setup { engine, config })
}

/// Print an error the way every command does.
pub(crate) fn report_error(err: PackError) {
    eprintln!("{:?}", err.into_report());
}
