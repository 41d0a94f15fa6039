//! Rules run alone over short texts: the inline examples of packs (each
//! `bad` must fire, each `good` must not) and the figures a numeric rule
//! found consistent (the oracle of the mutation tests).

use super::rule::{Imp, Ready};
use super::{Engine, context};
use crate::diagnostic::Diagnostic;
use crate::normalize::Normalized;
use crate::pack::PackError;
use crate::rules::CheckOptions;
use crate::rules::compile::SpecError;
use crate::source::SourceFile;
use crate::span::Span;
use crate::structure::Document;
use serde_saphyr::Location;

/// A failed inline example.
#[derive(Debug)]
pub struct ExampleFailure {
    pub rule: String,
    pub bad: bool,
    pub text: String,
    pub error: PackError,
}

impl Engine {
    /// Run one rule alone over a text (rule examples).
    pub fn check_one(&self, id: &str, text: &str) -> Vec<Diagnostic> {
        let Some(&i) = self.by_id.get(id) else {
            return Vec::new();
        };
        if let Imp::Meta = self.rules[i].imp {
            // Meta rules judge the other rules' findings: run everything.
            let file = SourceFile::from_text("<example>", text);
            return self
                .check(&file, &CheckOptions::default())
                .into_iter()
                .filter(|d| d.rule == id)
                .collect();
        }
        let norm = Normalized::new(text);
        let doc = Document::parse(norm.text());
        let options = CheckOptions::default();
        let cx = context(&norm, &doc, &options);
        let mut out = Vec::new();
        match self.ready(i) {
            Some(Ready::Check(c)) => c.check(&cx, &mut out),
            Some(Ready::Phrase(p)) => crate::rules::Check::check(p.as_ref(), &cx, &mut out),
            None => {}
        }
        let severity = self.rules[i].severity;
        out.into_iter()
            .map(|f| self.diagnostic(i, f, severity, "<example>", &norm))
            .collect()
    }

    /// The figures rule `id` checked and found consistent in `text` (byte
    /// spans of `text`): the rates that fit a base, the totals and parts of
    /// breakdowns that add up. Tests mutate each of them to prove the rule
    /// would notice; `None` for an unknown rule.
    pub fn verified(&self, id: &str, text: &str) -> Option<Vec<Span>> {
        let &i = self.by_id.get(id)?;
        let norm = Normalized::new(text);
        let doc = Document::parse(norm.text());
        let options = CheckOptions::default();
        let cx = context(&norm, &doc, &options);
        let spans = match &self.rules[i].imp {
            Imp::Pack(p) => crate::rules::verified(&p.spec, &cx),
            Imp::Meta => Vec::new(),
        };
        Some(spans.into_iter().map(|s| norm.to_original(s)).collect())
    }

    /// Run every rule's inline examples: each `bad` must fire, each `good`
    /// must not. `only_user_packs`: only those of user packs not validated
    /// in an earlier run ([`crate::pack::cache`]).
    pub fn verify_examples(&self, only_user_packs: bool) -> Vec<ExampleFailure> {
        let mut failures = Vec::new();
        for rule in &self.rules {
            if only_user_packs && rule.validated {
                continue;
            }
            // Unknown places: a pack from the cache.
            let place =
                |places: &[Location], i: usize| places.get(i).copied().unwrap_or(Location::UNKNOWN);
            let info = rule.described();
            let bad = info.bad.iter().enumerate();
            let good = info.good.iter().enumerate();
            let cases = bad
                .map(|(i, t)| (true, t, place(&rule.bad_at, i)))
                .chain(good.map(|(i, t)| (false, t, place(&rule.good_at, i))));
            for (bad, text, at) in cases {
                let found = self.check_one(&rule.info.id, text);
                let message = match (bad, found.first()) {
                    (true, None) => format!("规则 {} 的 bad 示例没有触发该规则", rule.info.id),
                    (false, Some(d)) => format!(
                        "规则 {} 的 good 示例触发了该规则：{}",
                        rule.info.id, d.message
                    ),
                    _ => continue,
                };
                failures.push(ExampleFailure {
                    rule: rule.info.id.clone(),
                    bad,
                    text: text.clone(),
                    error: PackError::spec(&rule.file, SpecError::new(Some(at), message)),
                });
            }
        }
        failures
    }
}
