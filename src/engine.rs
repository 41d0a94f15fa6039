//! The engine: compiled packs, run over documents.
//!
//! [`Engine::new`] validates the packs; each rule is compiled on first use,
//! once per engine, so a run compiles only the rules it runs (`--select`,
//! `--ignore` and rules switched off cost nothing) and a long-lived engine
//! (an editor session) compiles each rule once. User packs (`--pack`) are
//! compiled completely at load time so that their errors point at the YAML.
//! [`Engine::check`] normalizes a document, recognises its structure when an
//! enabled rule reads it, runs every enabled rule and converts each
//! finding's spans — exactly once — from the normalized text to the original
//! text. The engine never prints.

use crate::diagnostic::{Diagnostic, Edit, Finding, Label, Severity};
use crate::normalize::Normalized;
use crate::pack::{CompileCx, Pack, PackError, PackFile, SpecError};
use crate::rules::phrase::{Phrase, PhraseSet};
use crate::rules::required_section::{Locator, Spec as RequiredSectionSpec};
use crate::rules::{Check, CheckOptions, CheckSpec, Compiled, Context};
use crate::source::SourceFile;
use crate::span::Span;
use crate::structure::Document;
use serde_saphyr::Location;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

/// What `reportlint rules` and `explain` show about a rule.
#[derive(Debug, Clone)]
pub struct RuleInfo {
    pub id: String,
    pub pack: String,
    pub kind: &'static str,
    /// The severity the pack gives it.
    pub default_severity: Severity,
    pub message: String,
    pub summary: String,
    pub docs: String,
    pub bad: Vec<String>,
    pub good: Vec<String>,
    pub builtin: bool,
}

/// A failed inline example.
#[derive(Debug)]
pub struct ExampleFailure {
    pub rule: String,
    pub bad: bool,
    pub text: String,
    pub error: PackError,
}

struct EngineRule {
    info: RuleInfo,
    /// `None`: switched off by configuration.
    severity: Option<Severity>,
    /// Where the rule's examples are, for errors.
    file: PackFile,
    bad_at: Vec<Location>,
    good_at: Vec<Location>,
    imp: Imp,
}

enum Imp {
    /// A rule of a pack, compiled on first use.
    Pack(Box<PackRule>),
    /// A rule of the engine itself ([`crate::suppress`]), run after the others.
    Meta,
}

struct PackRule {
    spec: CheckSpec,
    /// Where its `check` is, for errors.
    at: Location,
    /// `None`: the spec does not compile (only possible for a rule that was
    /// not validated, see [`Engine::compile_all`]).
    compiled: OnceLock<Option<Ready>>,
    /// For a `required_section` rule: its locator, shared with the rules
    /// that refer to it (section order, report year).
    locator: OnceLock<Option<Arc<Locator>>>,
    /// The same without its `otherwise`: what another part's `otherwise`
    /// refers to (a part is never located through a chain of fallbacks).
    plain: OnceLock<Option<Arc<Locator>>>,
}

/// A compiled rule.
enum Ready {
    Check(Box<dyn Check>),
    /// Searched together with the other phrase rules ([`PhraseSet`]).
    Phrase(Arc<Phrase>),
}

/// Compiled packs, ready to check documents. `Send + Sync`: one engine may
/// check documents on many threads and serve a whole editor session.
pub struct Engine {
    rules: Vec<EngineRule>,
    /// Rule index by id.
    by_id: HashMap<String, usize>,
    /// Phrase sets built so far, by the (sorted) rule indices they search.
    phrase_sets: Mutex<Vec<(Vec<usize>, Arc<PhraseSet>)>>,
}

impl Engine {
    /// Validate the rules of `packs`; user packs are compiled now, built-in
    /// packs rule by rule when a check first runs them.
    pub fn new(packs: Vec<Pack>) -> Result<Engine, PackError> {
        let mut by_id: HashMap<String, usize> = HashMap::new();
        let mut rules = Vec::new();
        for pack in packs {
            let Pack {
                files,
                rules: loaded,
                builtin,
                ..
            } = pack;
            for r in loaded {
                let spec = r.spec;
                let file = &files[r.file];
                if by_id.contains_key(&spec.id.value) {
                    return Err(PackError::at(
                        file,
                        spec.id.referenced,
                        format!("规则 id“{}”重复", spec.id.value),
                    ));
                }
                if spec.examples.bad.is_empty() {
                    return Err(PackError::spec(
                        file,
                        SpecError::new(Some(spec.id.referenced), "每条规则至少需要一个 bad 示例"),
                    ));
                }
                by_id.insert(spec.id.value.clone(), rules.len());
                rules.push(EngineRule {
                    info: RuleInfo {
                        id: spec.id.value,
                        pack: r.pack,
                        kind: spec.check.value.kind(),
                        default_severity: spec.severity,
                        message: spec.message,
                        summary: spec.summary,
                        docs: spec.docs,
                        bad: spec.examples.bad.iter().map(|e| e.value.clone()).collect(),
                        good: spec.examples.good.iter().map(|e| e.value.clone()).collect(),
                        builtin,
                    },
                    severity: Some(spec.severity),
                    file: file.clone(),
                    bad_at: spec.examples.bad.iter().map(|e| e.referenced).collect(),
                    good_at: spec.examples.good.iter().map(|e| e.referenced).collect(),
                    imp: Imp::Pack(Box::new(PackRule {
                        spec: spec.check.value,
                        at: spec.check.referenced,
                        compiled: OnceLock::new(),
                        locator: OnceLock::new(),
                        plain: OnceLock::new(),
                    })),
                });
            }
        }
        for m in &crate::suppress::META_RULES {
            by_id.insert(m.id.to_owned(), rules.len());
            rules.push(EngineRule {
                info: RuleInfo {
                    id: m.id.to_owned(),
                    pack: crate::suppress::PACK.to_owned(),
                    kind: "builtin",
                    default_severity: m.severity,
                    message: m.message.to_owned(),
                    summary: m.summary.to_owned(),
                    docs: m.docs.to_owned(),
                    bad: m.bad.iter().map(|s| (*s).to_owned()).collect(),
                    good: m.good.iter().map(|s| (*s).to_owned()).collect(),
                    builtin: true,
                },
                severity: Some(m.severity),
                file: PackFile {
                    name: "<reportlint>".to_owned(),
                    text: Arc::from(""),
                },
                bad_at: vec![Location::UNKNOWN; m.bad.len()],
                good_at: vec![Location::UNKNOWN; m.good.len()],
                imp: Imp::Meta,
            });
        }
        let engine = Engine {
            rules,
            by_id,
            phrase_sets: Mutex::new(Vec::new()),
        };
        engine.compile_where(|r| !r.info.builtin)?;
        Ok(engine)
    }

    /// Compile and validate every rule now (the test suite does this for
    /// the built-in packs, which a run compiles only as needed).
    pub fn compile_all(&self) -> Result<(), PackError> {
        self.compile_where(|_| true)
    }

    /// Compile the rules `which` selects with every pattern: section
    /// locators first (other rules refer to them), then each rule.
    fn compile_where(&self, which: impl Fn(&EngineRule) -> bool) -> Result<(), PackError> {
        for r in self.rules.iter().filter(|r| which(r)) {
            if let Imp::Pack(p) = &r.imp {
                if let CheckSpec::RequiredSection(s) = &p.spec {
                    let plain = |id: &str| self.plain_locator(id);
                    let compiled = s
                        .locator(Some(&plain))
                        .map_err(|e| PackError::spec(&r.file, e))?;
                    let _ = p.locator.set(Some(Arc::new(compiled)));
                }
            }
        }
        for (i, r) in self.rules.iter().enumerate().filter(|(_, r)| which(r)) {
            if let Imp::Pack(p) = &r.imp {
                let ready = self
                    .compile(i, true)
                    .map_err(|e| PackError::spec(&r.file, e))?;
                let _ = p.compiled.set(Some(ready));
            }
        }
        Ok(())
    }

    /// Compile rule `i` (a pack rule).
    fn compile(&self, i: usize, eager: bool) -> Result<Ready, SpecError> {
        let rule = &self.rules[i];
        let Imp::Pack(p) = &rule.imp else {
            return Err(SpecError::new(None, "not a pack rule"));
        };
        let sections = |id: &str| self.locator(id);
        let cx = CompileCx {
            id: &rule.info.id,
            message: &rule.info.message,
            at: Some(p.at),
            sections: &sections,
            eager,
        };
        Ok(match p.spec.compile(&cx)? {
            Compiled::Check(c) => Ready::Check(c),
            Compiled::Phrase(p) => Ready::Phrase(Arc::new(p)),
        })
    }

    /// The locator of the `required_section` rule `id`, compiled on first use.
    fn locator(&self, id: &str) -> Option<Arc<Locator>> {
        let (p, s) = self.section_rule(id)?;
        let plain = |id: &str| self.plain_locator(id);
        p.locator
            .get_or_init(|| s.locator(Some(&plain)).ok().map(Arc::new))
            .clone()
    }

    /// The locator of the `required_section` rule `id` without its
    /// `otherwise`, compiled on first use.
    fn plain_locator(&self, id: &str) -> Option<Arc<Locator>> {
        let (p, s) = self.section_rule(id)?;
        p.plain
            .get_or_init(|| s.locator(None).ok().map(Arc::new))
            .clone()
    }

    fn section_rule(&self, id: &str) -> Option<(&PackRule, &RequiredSectionSpec)> {
        let Imp::Pack(p) = &self.rules[*self.by_id.get(id)?].imp else {
            return None;
        };
        match &p.spec {
            CheckSpec::RequiredSection(s) => Some((p, s)),
            _ => None,
        }
    }

    /// Whether rule `id` has been compiled (rules compile on first use).
    pub fn is_compiled(&self, id: &str) -> bool {
        self.by_id
            .get(id)
            .is_some_and(|&i| match &self.rules[i].imp {
                Imp::Pack(p) => p.compiled.get().is_some(),
                Imp::Meta => true,
            })
    }

    /// Rule `i`, compiled on first use (`None`: a meta rule, or a rule that
    /// does not compile).
    fn ready(&self, i: usize) -> Option<&Ready> {
        match &self.rules[i].imp {
            Imp::Pack(p) => p
                .compiled
                .get_or_init(|| self.compile(i, false).ok())
                .as_ref(),
            Imp::Meta => None,
        }
    }

    /// The phrase set searching exactly the phrase rules `indices` (sorted),
    /// built on first use.
    fn phrase_set(&self, indices: &[usize]) -> Arc<PhraseSet> {
        let mut sets = self
            .phrase_sets
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some((_, set)) = sets.iter().find(|(k, _)| k == indices) {
            return set.clone();
        }
        let rules = indices
            .iter()
            .filter_map(|&i| match self.ready(i) {
                Some(Ready::Phrase(p)) => Some((i, p.clone())),
                _ => None,
            })
            .collect();
        let set = Arc::new(PhraseSet::new(rules));
        sets.push((indices.to_vec(), set.clone()));
        set
    }

    /// All rules, in pack order.
    pub fn rules(&self) -> impl Iterator<Item = &RuleInfo> {
        self.rules.iter().map(|r| &r.info)
    }

    pub fn rule(&self, id: &str) -> Option<&RuleInfo> {
        self.by_id.get(id).map(|&i| &self.rules[i].info)
    }

    /// The severity a rule reports with now (`None`: off).
    pub fn severity(&self, id: &str) -> Option<Severity> {
        self.by_id.get(id).and_then(|&i| self.rules[i].severity)
    }

    /// Override a rule's severity (`None` switches it off). Returns false for
    /// an unknown id.
    pub fn set_severity(&mut self, id: &str, severity: Option<Severity>) -> bool {
        match self.by_id.get(id) {
            Some(&i) => {
                self.rules[i].severity = severity;
                true
            }
            None => false,
        }
    }

    /// Check one document with every enabled rule.
    pub fn check(&self, file: &SourceFile, options: &CheckOptions) -> Vec<Diagnostic> {
        self.check_with(file, options, |_| true)
    }

    /// Check one document with the enabled rules `wanted` selects.
    pub fn check_with(
        &self,
        file: &SourceFile,
        options: &CheckOptions,
        wanted: impl Fn(&str) -> bool,
    ) -> Vec<Diagnostic> {
        self.check_configured(file, options, &|id, sev| sev.filter(|_| wanted(id)))
    }

    /// Whether a selector (a rule id, or a pack id with or without a trailing
    /// `/`) names at least one loaded rule.
    pub fn selector_known(&self, selector: &str) -> bool {
        self.rules
            .iter()
            .any(|r| crate::suppress::selector_matches(selector, &r.info.id))
    }

    /// Rule and pack ids close to an unknown selector, best first (at most 5).
    pub fn near_matches(&self, selector: &str) -> Vec<String> {
        let mut candidates: Vec<String> = self.rules.iter().map(|r| r.info.id.clone()).collect();
        candidates.extend(self.rules.iter().map(|r| r.info.pack.clone()));
        candidates.sort();
        candidates.dedup();
        let sel = selector.trim_end_matches('/');
        let tail = sel.rsplit('/').next().unwrap_or(sel);
        let mut scored: Vec<(usize, String)> = candidates
            .into_iter()
            .filter_map(|c| {
                let d = edit_distance(sel, &c)
                    .min(edit_distance(tail, c.rsplit('/').next().unwrap_or(&c)));
                let limit = (sel.chars().count() / 3).max(2);
                let contains = !tail.is_empty() && tail.len() >= 3 && c.contains(tail);
                (d <= limit || contains).then_some((if contains { d.min(1) } else { d }, c))
            })
            .collect();
        scored.sort();
        scored.into_iter().take(5).map(|(_, c)| c).collect()
    }

    /// Check one document; `severity_of(id, configured)` gives the severity
    /// each rule reports with for this document (`None`: do not run it) —
    /// the hook for `--select`/`--ignore` and per-path settings. Suppression
    /// comments are applied ([`crate::suppress`]).
    pub fn check_configured(
        &self,
        file: &SourceFile,
        options: &CheckOptions,
        severity_of: &dyn Fn(&str, Option<Severity>) -> Option<Severity>,
    ) -> Vec<Diagnostic> {
        let resolved: Vec<Option<Severity>> = self
            .rules
            .iter()
            .map(|r| severity_of(&r.info.id, r.severity))
            .collect();
        // Compile (on first use) only the rules that run.
        let mut checks: Vec<(usize, &dyn Check)> = Vec::new();
        let mut phrases: Vec<usize> = Vec::new();
        for (i, severity) in resolved.iter().enumerate() {
            match severity.and_then(|_| self.ready(i)) {
                Some(Ready::Check(c)) => checks.push((i, c.as_ref())),
                Some(Ready::Phrase(_)) => phrases.push(i),
                None => {}
            }
        }
        let mut found: Vec<(usize, Finding)> = Vec::new();
        // Nothing to run, nothing to prepare: the suppression pass below
        // reads only the original text.
        let norm = (!checks.is_empty() || !phrases.is_empty()).then(|| Normalized::new(&file.text));
        if let Some(norm) = &norm {
            let set = (!phrases.is_empty()).then(|| self.phrase_set(&phrases));
            let needs_structure = checks.iter().any(|(_, c)| c.needs_structure())
                || set.as_ref().is_some_and(|s| s.needs_structure());
            let doc = if needs_structure {
                Document::parse_with_hints(norm.text(), &file.line_hints())
            } else {
                Document::default()
            };
            let cx = context(&file.text, norm, &doc, options);
            let mut out = Vec::new();
            for (i, c) in checks {
                c.check(&cx, &mut out);
                found.extend(out.drain(..).map(|f| (i, f)));
            }
            if let Some(set) = set {
                set.scan(&cx, |i, f| found.push((i, f)));
            }
        }
        let mut diags: Vec<Diagnostic> = match &norm {
            Some(norm) => found
                .into_iter()
                .map(|(i, f)| self.diagnostic(i, f, resolved[i], &file.name, norm))
                .collect(),
            None => Vec::new(),
        };
        diags.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        diags.dedup_by(|a, b| a.rule == b.rule && a.span == b.span && a.message == b.message);
        let generated: Vec<Span> = file.generated().collect();
        if !generated.is_empty() {
            for d in &mut diags {
                crate::diagnostic::honour_generated(d, &file.text, &generated);
            }
        }
        let known = |sel: &str| self.selector_known(sel);
        let all_enabled = |sel: &str| {
            self.rules
                .iter()
                .zip(&resolved)
                .filter(|(r, _)| crate::suppress::selector_matches(sel, &r.info.id))
                .all(|(_, s)| s.is_some())
        };
        let meta_severity = |id: &str| self.by_id.get(id).and_then(|&i| resolved[i]);
        crate::suppress::apply(
            &file.text,
            &file.name,
            diags,
            &crate::suppress::RuleQuery {
                known: &known,
                enabled: &all_enabled,
                meta_severity: &meta_severity,
            },
        )
    }

    /// Convert a finding: spans to the original text, message and severity resolved.
    fn diagnostic(
        &self,
        index: usize,
        f: Finding,
        severity: Option<Severity>,
        path: &str,
        norm: &Normalized,
    ) -> Diagnostic {
        let rule = &self.rules[index];
        let base = severity.unwrap_or(rule.info.default_severity);
        let severity = f.severity.map_or(base, |s| s.min(base));
        let message = if f.message.is_empty() {
            rule.info.message.clone()
        } else {
            f.message
        };
        Diagnostic {
            path: path.to_owned(),
            rule: rule.info.id.clone(),
            severity,
            message,
            span: f.span.map(|s| norm.to_original(s)),
            help: f.help,
            labels: f
                .labels
                .into_iter()
                .map(|l| Label {
                    span: norm.to_original(l.span),
                    message: l.message,
                })
                .collect(),
            notes: f.notes,
            fix: f.fix.map(|e| Edit {
                span: norm.to_original(e.span),
                replacement: e.replacement,
            }),
        }
    }

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
        let cx = context(text, &norm, &doc, &options);
        let mut out = Vec::new();
        match self.ready(i) {
            Some(Ready::Check(c)) => c.check(&cx, &mut out),
            Some(Ready::Phrase(p)) => p.check(&cx, &mut out),
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
        let cx = context(text, &norm, &doc, &options);
        let mut out = Vec::new();
        if let Some(Ready::Check(c)) = self.ready(i) {
            c.verified(&cx, &mut out);
        }
        Some(out.into_iter().map(|s| norm.to_original(s)).collect())
    }

    /// Run every rule's inline examples: each `bad` must fire, each `good` must not.
    pub fn verify_examples(&self, only_user_packs: bool) -> Vec<ExampleFailure> {
        let mut failures = Vec::new();
        for rule in &self.rules {
            if only_user_packs && rule.info.builtin {
                continue;
            }
            let cases = rule
                .info
                .bad
                .iter()
                .zip(&rule.bad_at)
                .map(|(t, at)| (true, t, at))
                .chain(
                    rule.info
                        .good
                        .iter()
                        .zip(&rule.good_at)
                        .map(|(t, at)| (false, t, at)),
                );
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
                    error: PackError::spec(&rule.file, SpecError::new(Some(*at), message)),
                });
            }
        }
        failures
    }
}

/// Levenshtein distance over characters (for "did you mean").
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != *cb))
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

fn context<'a>(
    original: &'a str,
    norm: &'a Normalized,
    doc: &'a Document,
    options: &'a CheckOptions,
) -> Context<'a> {
    Context {
        original,
        text: norm.text(),
        norm,
        doc,
        year: report_year(doc, options),
        options,
        quantities: std::sync::OnceLock::new(),
    }
}

/// The report year rules see: the year the document states (title or
/// opening), else `--year`, else the year inferred from a publication or
/// closing date.
fn report_year(doc: &Document, options: &CheckOptions) -> Option<i32> {
    use crate::structure::YearSource;
    match doc.report_year {
        Some(y) if matches!(y.source, YearSource::Title | YearSource::Opening) => Some(y.year),
        inferred => options.year.or(inferred.map(|y| y.year)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn builtin() -> Engine {
        Engine::new(crate::pack::load_builtin(None).unwrap()).unwrap()
    }

    #[test]
    fn one_engine_serves_many_threads() {
        fn shared<T: Send + Sync>() {}
        shared::<Engine>();
    }

    /// Rules a run does not select are neither compiled nor run.
    #[test]
    fn rules_compile_when_first_run() {
        let engine = builtin();
        assert!(
            engine
                .rules()
                .all(|r| r.pack == "reportlint" || !engine.is_compiled(&r.id))
        );
        let file = SourceFile::from_text("a.txt", "加快建设法制政府。\n");
        let only = |id: &str| id == "fazhi/fazhi-not-fazhi";
        let found = engine.check_with(&file, &CheckOptions::default(), only);
        assert_eq!(found.len(), 1);
        let compiled: Vec<&str> = engine
            .rules()
            .filter(|r| r.pack != "reportlint" && engine.is_compiled(&r.id))
            .map(|r| r.id.as_str())
            .collect();
        assert_eq!(compiled, ["fazhi/fazhi-not-fazhi"]);
    }
}
