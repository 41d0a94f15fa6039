//! The engine: compiled packs, run over documents.
//!
//! [`Engine::new`] validates and compiles every rule once per run; [`Engine::check`]
//! normalizes a document, recognises its structure, runs every enabled rule and
//! converts each finding's spans — exactly once — from the normalized text to
//! the original text. The engine never prints.

use crate::diagnostic::{Diagnostic, Edit, Finding, Label, Severity};
use crate::normalize::Normalized;
use crate::pack::{CompileCx, Pack, PackError, PackFile, SpecError};
use crate::rules::phrase::PhraseSet;
use crate::rules::{Check, CheckOptions, Compiled, Context};
use crate::source::SourceFile;
use crate::span::Span;
use crate::structure::Document;
use serde_saphyr::Location;
use std::collections::HashMap;
use std::sync::Arc;

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
}

enum Imp {
    Check(Box<dyn Check>),
    /// Position in the phrase set (phrase rules are searched together).
    Phrase,
    /// A rule of the engine itself ([`crate::suppress`]), run after the others.
    Meta,
}

/// Compiled packs, ready to check documents.
pub struct Engine {
    rules: Vec<EngineRule>,
    imps: Vec<Imp>,
    phrases: PhraseSet,
    /// Phrase rules compiled a second time, standalone, for running examples.
    lone_phrases: HashMap<usize, Box<dyn Check>>,
}

impl Engine {
    /// Validate and compile the rules of `packs`.
    pub fn new(packs: &[Pack]) -> Result<Engine, PackError> {
        let mut seen: HashMap<&str, ()> = HashMap::new();
        for pack in packs {
            for r in &pack.rules {
                if seen.insert(&r.spec.id.value, ()).is_some() {
                    return Err(PackError::at(
                        &pack.files[r.file],
                        r.spec.id.referenced,
                        format!("规则 id“{}”重复", r.spec.id.value),
                    ));
                }
            }
        }
        // Section locators first: section_order rules refer to them by id.
        // Each is built twice: on its own, then with `otherwise` resolved
        // against the others built on their own.
        let mut sections = HashMap::new();
        for _ in 0..2 {
            let others = std::mem::take(&mut sections);
            for pack in packs {
                for r in &pack.rules {
                    if let crate::rules::CheckSpec::RequiredSection(s) = &r.spec.check.value {
                        let locator = s
                            .locator(&others)
                            .map_err(|e| PackError::spec(&pack.files[r.file], e))?;
                        sections.insert(r.spec.id.value.clone(), Arc::new(locator));
                    }
                }
            }
        }
        let mut rules = Vec::new();
        let mut imps = Vec::new();
        let mut phrase_rules = Vec::new();
        let mut lone_phrases: HashMap<usize, Box<dyn Check>> = HashMap::new();
        for pack in packs {
            for r in &pack.rules {
                let spec = &r.spec;
                let file = &pack.files[r.file];
                let cx = CompileCx {
                    message: &spec.message,
                    at: Some(spec.check.referenced),
                    sections: &sections,
                };
                let compiled = spec
                    .check
                    .value
                    .compile(&cx)
                    .map_err(|e| PackError::spec(file, e))?;
                let index = rules.len();
                match compiled {
                    Compiled::Check(c) => imps.push(Imp::Check(c)),
                    Compiled::Phrase(p) => {
                        let lone = spec
                            .check
                            .value
                            .compile(&cx)
                            .map_err(|e| PackError::spec(file, e))?;
                        if let Compiled::Phrase(lone) = lone {
                            lone_phrases.insert(index, Box::new(lone));
                        }
                        phrase_rules.push((index, p));
                        imps.push(Imp::Phrase);
                    }
                }
                if spec.examples.bad.is_empty() {
                    return Err(PackError::spec(
                        file,
                        SpecError::new(Some(spec.id.referenced), "每条规则至少需要一个 bad 示例"),
                    ));
                }
                rules.push(EngineRule {
                    info: RuleInfo {
                        id: spec.id.value.clone(),
                        pack: r.pack.clone(),
                        kind: spec.check.value.kind(),
                        default_severity: spec.severity,
                        message: spec.message.clone(),
                        summary: spec.summary.clone(),
                        docs: spec.docs.clone(),
                        bad: spec.examples.bad.iter().map(|e| e.value.clone()).collect(),
                        good: spec.examples.good.iter().map(|e| e.value.clone()).collect(),
                        builtin: pack.builtin,
                    },
                    severity: Some(spec.severity),
                    file: file.clone(),
                    bad_at: spec.examples.bad.iter().map(|e| e.referenced).collect(),
                    good_at: spec.examples.good.iter().map(|e| e.referenced).collect(),
                });
            }
        }
        for m in &crate::suppress::META_RULES {
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
            });
            imps.push(Imp::Meta);
        }
        Ok(Engine {
            rules,
            imps,
            phrases: PhraseSet::new(phrase_rules),
            lone_phrases,
        })
    }

    /// All rules, in pack order.
    pub fn rules(&self) -> impl Iterator<Item = &RuleInfo> {
        self.rules.iter().map(|r| &r.info)
    }

    pub fn rule(&self, id: &str) -> Option<&RuleInfo> {
        self.rules.iter().map(|r| &r.info).find(|r| r.id == id)
    }

    /// The severity a rule reports with now (`None`: off).
    pub fn severity(&self, id: &str) -> Option<Severity> {
        self.rules
            .iter()
            .find(|r| r.info.id == id)
            .and_then(|r| r.severity)
    }

    /// Override a rule's severity (`None` switches it off). Returns false for
    /// an unknown id.
    pub fn set_severity(&mut self, id: &str, severity: Option<Severity>) -> bool {
        match self.rules.iter_mut().find(|r| r.info.id == id) {
            Some(r) => {
                r.severity = severity;
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
        let norm = Normalized::new(&file.text);
        let doc = Document::parse_with_hints(norm.text(), &file.line_hints());
        let cx = context(&file.text, &norm, &doc, options);
        let enabled = |i: usize| resolved[i].is_some();
        let mut found: Vec<(usize, Finding)> = Vec::new();
        let mut out = Vec::new();
        for (i, imp) in self.imps.iter().enumerate() {
            if let Imp::Check(c) = imp {
                if enabled(i) {
                    c.check(&cx, &mut out);
                    found.extend(out.drain(..).map(|f| (i, f)));
                }
            }
        }
        if !self.phrases.is_empty() {
            self.phrases.scan(&cx, |i, f| {
                if enabled(i) {
                    found.push((i, f));
                }
            });
        }
        let mut diags: Vec<Diagnostic> = found
            .into_iter()
            .map(|(i, f)| self.diagnostic(i, f, resolved[i], &file.name, &norm))
            .collect();
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
        let meta_severity = |id: &str| {
            self.rules
                .iter()
                .position(|r| r.info.id == id)
                .and_then(|i| resolved[i])
        };
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
        let Some(i) = self.rules.iter().position(|r| r.info.id == id) else {
            return Vec::new();
        };
        let norm = Normalized::new(text);
        let doc = Document::parse(norm.text());
        let options = CheckOptions::default();
        let cx = context(text, &norm, &doc, &options);
        let mut out = Vec::new();
        match &self.imps[i] {
            Imp::Check(c) => c.check(&cx, &mut out),
            Imp::Phrase => {
                if let Some(c) = self.lone_phrases.get(&i) {
                    c.check(&cx, &mut out);
                }
            }
            // Meta rules judge the other rules' findings: run everything.
            Imp::Meta => {
                let file = SourceFile::from_text("<example>", text);
                return self
                    .check(&file, &options)
                    .into_iter()
                    .filter(|d| d.rule == id)
                    .collect();
            }
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
        let i = self.rules.iter().position(|r| r.info.id == id)?;
        let norm = Normalized::new(text);
        let doc = Document::parse(norm.text());
        let options = CheckOptions::default();
        let cx = context(text, &norm, &doc, &options);
        let mut out = Vec::new();
        if let Imp::Check(c) = &self.imps[i] {
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
