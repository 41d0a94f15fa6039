//! The engine's rules: each loaded rule with its description, its severity
//! in this run, where its examples are, and its check, compiled on first use.

use super::RuleInfo;
use crate::diagnostic::Severity;
use crate::pack::{Deferred, Examples, LoadedRule, Pack, PackError, PackFile};
use crate::rules::compile::SpecError;
use crate::rules::phrase::Phrase;
use crate::rules::sections::SectionSlot;
use crate::rules::{Check, CheckSpec};
use serde_saphyr::{Location, Spanned};
use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

pub(super) struct EngineRule {
    /// Its description, but for the parts left on the tape of a replayed
    /// pack (`later`), which are empty here: read it whole with
    /// [`EngineRule::described`].
    pub(super) info: RuleInfo,
    /// The summary, docs and examples of a rule of a replayed pack, decoded
    /// when first shown ([`crate::pack::Deferred`]); boxed, as most rules
    /// (built in, or parsed) have none and a rule is moved as it loads.
    later: Option<Box<Later>>,
    /// `None`: switched off by configuration.
    pub(super) severity: Option<Severity>,
    /// Built in, or from a user pack validated in an earlier run
    /// ([`crate::pack::cache`]): its patterns compile on first use and its
    /// examples are not run at load.
    pub(super) validated: bool,
    /// The file the rule is written in, for errors: shared by the rules
    /// of the file.
    pub(super) file: Arc<PackFile>,
    /// Where its examples are, for errors: none kept for a user pack from
    /// the cache, whose places are unknown ([`crate::pack::cache`]).
    pub(super) bad_at: Vec<Location>,
    pub(super) good_at: Vec<Location>,
    pub(super) imp: Imp,
}

/// The parts of a rule's description not yet decoded, and the whole
/// description once they are.
struct Later {
    summary: Deferred<String>,
    docs: Deferred<String>,
    examples: Deferred<Examples>,
    /// Boxed: made only when the rule is shown, and a rule of 500 is
    /// otherwise the smaller for it.
    described: OnceLock<Box<RuleInfo>>,
}

pub(super) enum Imp {
    /// A rule of a pack, compiled on first use.
    Pack(Box<PackRule>),
    /// A rule of the engine itself ([`crate::suppress`]), run after the others.
    Meta,
}

pub(super) struct PackRule {
    pub(super) spec: CheckSpec,
    /// Where its `check` is, for errors.
    pub(super) at: Location,
    /// `None`: the spec does not compile (only possible for a rule that was
    /// not validated, see [`super::Engine::compile_all`]).
    pub(super) compiled: OnceLock<Option<Ready>>,
    /// The part of the report the rule locates, if it locates one: shared
    /// with the rules that refer to it.
    pub(super) sections: SectionSlot,
}

/// A compiled rule.
pub(super) enum Ready {
    Check(Box<dyn Check>),
    /// Searched together with the other phrase rules
    /// ([`crate::rules::phrase::PhraseSet`]).
    Phrase(Arc<Phrase>),
}

/// Rule indices by id. The ids are the packs' own, not an adversary's: a
/// fast fixed hash rather than SipHash.
pub(super) type ById = HashMap<String, usize, foldhash::fast::FixedState>;

/// The rules of `packs` in order, with their indices by id: every id
/// once, every rule with a `bad` example. Both have room for `more` rules
/// (the engine's own): the rules are large, and 500 of a user pack moved
/// on each growth of the vector cost more than their ids' checks.
pub(super) fn pack_rules(
    packs: Vec<Pack>,
    more: usize,
) -> Result<(Vec<EngineRule>, ById), PackError> {
    let count = packs.iter().map(|p| p.rules.len()).sum::<usize>() + more;
    let mut by_id = ById::with_capacity_and_hasher(count, Default::default());
    let mut rules = Vec::with_capacity(count);
    for pack in packs {
        let files: Vec<Arc<PackFile>> = pack.files.into_iter().map(Arc::new).collect();
        for (k, loaded) in pack.rules.iter().enumerate() {
            let file = &files[loaded.file];
            let id = &loaded.spec.id;
            if by_id.contains_key(&id.value) {
                return Err(PackError::at(
                    file,
                    id.referenced,
                    format!("规则 id“{}”重复", id.value),
                ));
            }
            // (A replayed pack's examples, left on its tape, were checked
            // when it was validated.)
            let no_bad = match &loaded.spec.examples {
                Deferred::Ready(examples) => examples.bad.is_empty(),
                Deferred::Taped(..) => false,
            };
            if no_bad {
                return Err(PackError::spec(
                    file,
                    SpecError::new(Some(id.referenced), "每条规则至少需要一个 bad 示例"),
                ));
            }
            by_id.insert(id.value.clone(), rules.len() + k);
        }
        // Moved once each, in place: a rule is large.
        let validated = pack.builtin || pack.validated;
        rules.extend(pack.rules.into_iter().map(|loaded| {
            let file = Arc::clone(&files[loaded.file]);
            EngineRule::of_pack(loaded, file, pack.builtin, validated)
        }));
    }
    Ok((rules, by_id))
}

impl EngineRule {
    fn of_pack(loaded: LoadedRule, file: Arc<PackFile>, builtin: bool, validated: bool) -> Self {
        let spec = loaded.spec;
        let replayed = validated && !builtin;
        // The texts (collected in the examples' own allocation) and where
        // they are written.
        let split = |examples: Vec<Spanned<String>>| {
            let places = match replayed {
                true => Vec::new(),
                false => examples.iter().map(|e| e.referenced).collect(),
            };
            let texts = examples.into_iter().map(|e| e.value).collect();
            (texts, places)
        };
        let (summary, docs, examples, later) = match (spec.summary, spec.docs, spec.examples) {
            (Deferred::Ready(summary), Deferred::Ready(docs), Deferred::Ready(examples)) => {
                (summary, docs, examples, None)
            }
            (summary, docs, examples) => {
                let later = Box::new(Later {
                    summary,
                    docs,
                    examples,
                    described: OnceLock::new(),
                });
                (
                    String::new(),
                    String::new(),
                    Examples::default(),
                    Some(later),
                )
            }
        };
        let (bad, bad_at) = split(examples.bad);
        let (good, good_at) = split(examples.good);
        EngineRule {
            info: RuleInfo {
                id: spec.id.value,
                pack: loaded.pack,
                kind: spec.check.value.kind(),
                default_severity: spec.severity,
                message: spec.message,
                summary,
                docs,
                bad,
                good,
                builtin,
            },
            later,
            severity: Some(spec.severity),
            validated,
            file,
            bad_at,
            good_at,
            imp: Imp::Pack(Box::new(PackRule {
                spec: spec.check.value,
                at: spec.check.referenced,
                compiled: OnceLock::new(),
                sections: SectionSlot::default(),
            })),
        }
    }

    /// Its whole description: the parts a replayed pack left on its tape
    /// decoded on first call.
    pub(super) fn described(&self) -> &RuleInfo {
        let Some(later) = &self.later else {
            return &self.info;
        };
        later.described.get_or_init(|| {
            let examples = later.examples.value();
            let texts = |e: &[Spanned<String>]| e.iter().map(|e| e.value.clone()).collect();
            Box::new(RuleInfo {
                summary: later.summary.value().into_owned(),
                docs: later.docs.value().into_owned(),
                bad: texts(&examples.bad),
                good: texts(&examples.good),
                ..self.info.clone()
            })
        })
    }

    /// A rule of the engine itself.
    pub(super) fn meta(info: RuleInfo) -> Self {
        EngineRule {
            later: None,
            severity: Some(info.default_severity),
            validated: true,
            file: Arc::new(PackFile {
                name: "<reportlint>".to_owned(),
                text: Arc::from(""),
            }),
            bad_at: vec![Location::UNKNOWN; info.bad.len()],
            good_at: vec![Location::UNKNOWN; info.good.len()],
            imp: Imp::Meta,
            info,
        }
    }
}
