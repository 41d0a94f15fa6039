//! What a rule is, apart from how it checks: its id, pack, severity,
//! message, documentation and examples — one description for the rules of
//! packs and the engine's own rules ([`crate::suppress`]), shown by
//! `reportlint rules`, `explain` and SARIF.

use crate::diagnostic::Severity;
use std::sync::Arc;

/// What `reportlint rules` and `explain` show about a rule.
#[derive(Debug, Clone)]
pub struct RuleInfo {
    pub id: String,
    /// Shared by the rules of the pack.
    pub pack: Arc<str>,
    /// The kind's name as written in YAML (`builtin` for the engine's own rules).
    pub kind: &'static str,
    /// The severity the pack gives it.
    pub default_severity: Severity,
    pub message: String,
    pub summary: String,
    pub docs: String,
    /// Texts the rule must fire on.
    pub bad: Vec<String>,
    /// Texts the rule must not fire on.
    pub good: Vec<String>,
    /// Built into the binary (as opposed to `--pack DIR`).
    pub builtin: bool,
}
