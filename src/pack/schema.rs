//! The YAML schema of packs (deserialized strictly: unknown keys are errors).

use super::Deferred;
use crate::diagnostic::Severity;
use crate::rules::CheckSpec;
use serde::Deserialize;
use serde_saphyr::Spanned;

/// `pack.yaml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// The pack id, the prefix of its rule ids.
    pub id: Spanned<String>,
    /// A human name, e.g. 法治政府建设年度报告.
    pub name: String,
    #[serde(default)]
    pub description: String,
}

/// A rule file: `rules: [ … ]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleFile {
    pub rules: Vec<RuleSpec>,
}

/// One rule.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleSpec {
    /// `<pack>/<rule-name>`, stable: configs and baselines refer to it.
    pub id: Spanned<String>,
    /// The highest severity the rule reports.
    pub severity: Severity,
    /// The message, in Chinese.
    pub message: String,
    /// A one-line description for `reportlint rules` (left on the tape of
    /// a replayed pack, as are the docs and examples: a check never reads
    /// them).
    pub summary: Deferred<String>,
    /// Documentation (Markdown): what it checks, why (citing the norm), an example.
    pub docs: Deferred<String>,
    /// The kind and its settings.
    pub check: Spanned<CheckSpec>,
    pub examples: Deferred<Examples>,
}

/// Inline examples, run by the test suite and, for user packs, at load time.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Examples {
    /// Texts the rule must fire on.
    pub bad: Vec<Spanned<String>>,
    /// Texts the rule must not fire on.
    #[serde(default)]
    pub good: Vec<Spanned<String>>,
}
