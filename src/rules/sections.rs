//! References between rules: a rule names a part of the report by the id of
//! the `required_section` rule that locates it (`section_order`,
//! `report_year`, `plan_year`, a part's own `otherwise`). Each part's
//! locator is compiled once, on first use, and shared by every rule that
//! refers to it.

use super::CheckSpec;
use super::compile::SpecError;
use super::required_section::{Locator, SectionLookup, Spec as SectionSpec};
use serde_saphyr::Spanned;
use std::sync::{Arc, OnceLock};

/// The locators of one rule, compiled on first use (they stay empty for a
/// rule that locates no part).
#[derive(Debug, Default)]
pub(crate) struct SectionSlot {
    /// With its `otherwise` resolved.
    full: OnceLock<Option<Arc<Locator>>>,
    /// Without its `otherwise`: what another part's `otherwise` refers to
    /// (a part is never located through a chain of fallbacks).
    plain: OnceLock<Arc<Locator>>,
}

/// The loaded rules, as a rule that refers to another by id sees them.
pub(crate) trait LoadedRules {
    /// Rule `id`'s spec and locator slot.
    fn rule(&self, id: &str) -> Option<(&CheckSpec, &SectionSlot)>;
}

/// No other rules: a rule compiled on its own.
impl LoadedRules for () {
    fn rule(&self, _id: &str) -> Option<(&CheckSpec, &SectionSlot)> {
        None
    }
}

/// The parts of the report the rules of a run locate, as a rule that
/// refers to one sees them.
#[derive(Clone, Copy)]
pub(crate) struct Sections<'a> {
    rules: &'a dyn LoadedRules,
}

impl<'a> Sections<'a> {
    pub(crate) fn new(rules: &'a dyn LoadedRules) -> Self {
        Sections { rules }
    }

    /// The spec and slot of rule `id` if it locates a part.
    fn part(&self, id: &str) -> Option<(&'a SectionSpec, &'a SectionSlot)> {
        match self.rules.rule(id)? {
            (CheckSpec::RequiredSection(spec), slot) => Some((spec, slot)),
            _ => None,
        }
    }

    /// The locator of the part rule `id` locates, `otherwise` resolved
    /// (`None`: no such rule, or its `otherwise` names no part).
    pub(crate) fn locator(&self, id: &str) -> Option<Arc<Locator>> {
        let (spec, slot) = self.part(id)?;
        slot.full
            .get_or_init(|| self.compile(spec, self.plain(id)).ok().map(Arc::new))
            .clone()
    }

    /// The same without its `otherwise`.
    pub(crate) fn plain(&self, id: &str) -> Option<Arc<Locator>> {
        let (spec, slot) = self.part(id)?;
        Some(slot.plain.get_or_init(|| Arc::new(spec.locator())).clone())
    }

    /// Compile the locator of rule `id` and its patterns now, reporting
    /// why it does not compile (validating a pack); nothing to do for a rule
    /// that locates no part.
    pub(crate) fn validate(&self, id: &str) -> Result<(), SpecError> {
        if let (Some((spec, slot)), Some(plain)) = (self.part(id), self.plain(id)) {
            plain.validate()?;
            let compiled = self.compile(spec, Some(plain))?;
            let _ = slot.full.set(Some(Arc::new(compiled)));
        }
        Ok(())
    }

    /// `spec`'s locator with its `otherwise` resolved against the plain
    /// locators of the parts it names; built on `plain` (`spec`'s own plain
    /// locator, compiled here when not given) so that no pattern is
    /// compiled twice.
    pub(super) fn compile(
        &self,
        spec: &SectionSpec,
        plain: Option<Arc<Locator>>,
    ) -> Result<Locator, SpecError> {
        let plain = plain.unwrap_or_else(|| Arc::new(spec.locator()));
        spec.with_otherwise(&plain, &|id| self.plain(id))
    }
}

/// Resolve a reference in a spec to the part a `required_section` rule
/// locates, or an error at the reference.
pub(super) fn resolve(
    lookup: &SectionLookup<'_>,
    id: &Spanned<String>,
) -> Result<Arc<Locator>, SpecError> {
    lookup(&id.value).ok_or_else(|| {
        SpecError::new(
            Some(id.referenced),
            format!("“{}”不是已加载的 required_section 规则", id.value),
        )
    })
}
