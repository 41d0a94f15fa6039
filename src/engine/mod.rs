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

mod examples;
mod rule;
mod selectors;

pub use crate::rules::info::RuleInfo;
pub use examples::ExampleFailure;

use crate::diagnostic::{Diagnostic, Edit, Finding, Label, Severity};
use crate::normalize::Normalized;
use crate::pack::{Pack, PackError};
use crate::rules::compile::{CompileCx, SpecError};
use crate::rules::phrase::PhraseSet;
use crate::rules::sections::{LoadedRules, SectionSlot, Sections};
use crate::rules::{Check, CheckOptions, CheckSpec, Compiled, Context};
use crate::source::SourceFile;
use crate::span::Span;
use crate::structure::Document;
use rule::{ById, EngineRule, Imp, Ready};
use std::sync::{Arc, Mutex};

/// Compiled packs, ready to check documents. `Send + Sync`: one engine may
/// check documents on many threads and serve a whole editor session.
pub struct Engine {
    rules: Vec<EngineRule>,
    /// Rule index by id.
    by_id: ById,
    /// Phrase sets built so far, by the (sorted) rule indices they search.
    phrase_sets: Mutex<Vec<(Vec<usize>, Arc<PhraseSet>)>>,
}

impl Engine {
    /// Validate the rules of `packs`; user packs are compiled now, built-in
    /// packs (and user packs validated in an earlier run, see
    /// [`crate::pack::cache`]) rule by rule when a check first runs them.
    pub fn new(packs: Vec<Pack>) -> Result<Engine, PackError> {
        let meta = crate::suppress::meta_rules();
        let (mut rules, mut by_id) = rule::pack_rules(packs, meta.len())?;
        for info in meta {
            by_id.insert(info.id.clone(), rules.len());
            rules.push(EngineRule::meta(info));
        }
        let engine = Engine {
            rules,
            by_id,
            phrase_sets: Mutex::new(Vec::new()),
        };
        engine.compile_where(|r| !r.validated)?;
        Ok(engine)
    }

    /// Compile and validate every rule now (the test suite does this for
    /// the built-in packs, which a run compiles only as needed).
    pub fn compile_all(&self) -> Result<(), PackError> {
        self.compile_where(|_| true)
    }

    /// Compile the rules `which` selects with every pattern: the parts of
    /// the report rules locate first (other rules refer to them), then each
    /// rule.
    fn compile_where(&self, which: impl Fn(&EngineRule) -> bool) -> Result<(), PackError> {
        let sections = Sections::new(self);
        for r in self.rules.iter().filter(|r| which(r)) {
            sections
                .validate(&r.info.id)
                .map_err(|e| PackError::spec(&r.file, e))?;
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
        let cx = CompileCx {
            id: &rule.info.id,
            message: &rule.info.message,
            at: Some(p.at),
            sections: Sections::new(self),
            eager,
        };
        Ok(match p.spec.compile(&cx)? {
            Compiled::Check(c) => Ready::Check(c),
            Compiled::Phrase(p) => Ready::Phrase(Arc::new(p)),
        })
    }

    /// The search plans of the phrase regexes of the user packs compiled at
    /// load (for the cache of validated packs, [`crate::pack::cache`]).
    pub(crate) fn user_phrase_plans(&self) -> Vec<(String, crate::rules::literals::Plan)> {
        let mut plans = Vec::new();
        for rule in self.rules.iter().filter(|r| !r.info.builtin) {
            let Imp::Pack(p) = &rule.imp else { continue };
            if let Some(Some(Ready::Phrase(phrase))) = p.compiled.get() {
                plans.extend(phrase.plans().map(|(t, p)| (t.to_owned(), p.clone())));
            }
        }
        plans
    }

    /// Whether rule `id` has been compiled (rules compile on first use).
    #[cfg(test)]
    fn is_compiled(&self, id: &str) -> bool {
        self.by_id.get(id).is_some_and(|&i| self.compiled(i))
    }

    /// Whether rule `i` has been compiled (or is a meta rule).
    fn compiled(&self, i: usize) -> bool {
        match &self.rules[i].imp {
            Imp::Pack(p) => p.compiled.get().is_some(),
            Imp::Meta => true,
        }
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
        self.rules.iter().map(EngineRule::described)
    }

    pub fn rule(&self, id: &str) -> Option<&RuleInfo> {
        self.by_id.get(id).map(|&i| self.rules[i].described())
    }

    /// The severity a rule reports with now (`None`: off).
    pub fn severity(&self, id: &str) -> Option<Severity> {
        self.by_id.get(id).and_then(|&i| self.rules[i].severity)
    }

    /// Override a rule's severity (`None` switches it off). Returns false for
    /// an unknown id.
    pub(crate) fn set_severity(&mut self, id: &str, severity: Option<Severity>) -> bool {
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

    /// [`Engine::check`] using less memory on a large document: while the
    /// rules that read quantities run, the engine may hold only the
    /// normalized text and the characters normalization changed. The text
    /// of `file` is the same after — byte for byte — and so are the findings.
    pub fn check_owned(&self, file: &mut SourceFile, options: &CheckOptions) -> Vec<Diagnostic> {
        self.check_configured_owned(file, options, &|_, sev| sev)
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

    /// Check one document; `severity_of(id, configured)` gives the severity
    /// each rule reports with for this document (`None`: do not run it) —
    /// the hook for `--select`/`--ignore` and per-path settings. Suppression
    /// comments are applied ([`crate::suppress`]).
    pub(crate) fn check_configured(
        &self,
        file: &SourceFile,
        options: &CheckOptions,
        severity_of: &dyn Fn(&str, Option<Severity>) -> Option<Severity>,
    ) -> Vec<Diagnostic> {
        let (diags, resolved) = self.with_plan(severity_of, |plan, resolved| {
            let mut norm = Normalized::new(&file.text);
            let found = self.run_rules(file, &mut norm, plan, options);
            self.diagnostics(found, resolved, &file.name, &norm)
        });
        self.finish(file, diags, &resolved)
    }

    /// [`Engine::check_configured`] on a document the caller lets the engine
    /// change while it checks: the engine may hold only the normalized text
    /// and the characters normalization changed while the rules that read
    /// quantities run (a large document's biggest data), and puts the
    /// original text back — byte for byte — before it returns.
    pub(crate) fn check_configured_owned(
        &self,
        file: &mut SourceFile,
        options: &CheckOptions,
        severity_of: &dyn Fn(&str, Option<Severity>) -> Option<Severity>,
    ) -> Vec<Diagnostic> {
        let (diags, resolved) = self.with_plan(severity_of, |plan, resolved| {
            let mut norm = Normalized::from_owned(std::mem::take(&mut file.text));
            let found = self.run_rules(file, &mut norm, plan, options);
            let diags = self.diagnostics(found, resolved, &file.name, &norm);
            file.text = norm.into_original();
            diags
        });
        self.finish(file, diags, &resolved)
    }

    /// Resolve each rule's severity for this document (`None`: it does not
    /// run) and, when some rule runs, `check` the document with them.
    fn with_plan(
        &self,
        severity_of: &dyn Fn(&str, Option<Severity>) -> Option<Severity>,
        check: impl FnOnce(&Plan<'_>, &[Option<Severity>]) -> Vec<Diagnostic>,
    ) -> (Vec<Diagnostic>, Vec<Option<Severity>>) {
        let resolved: Vec<Option<Severity>> = self
            .rules
            .iter()
            .map(|r| severity_of(&r.info.id, r.severity))
            .collect();
        let plan = self.plan(&resolved);
        let diags = match plan.is_empty() {
            true => Vec::new(),
            false => check(&plan, &resolved),
        };
        (diags, resolved)
    }

    /// Sort and deduplicate the findings, mark those on generated text,
    /// apply the suppression comments.
    fn finish(
        &self,
        file: &SourceFile,
        mut diags: Vec<Diagnostic>,
        resolved: &[Option<Severity>],
    ) -> Vec<Diagnostic> {
        diags.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        diags.dedup_by(|a, b| a.rule == b.rule && a.span == b.span && a.message == b.message);
        let generated: Vec<Span> = file.generated().collect();
        if !generated.is_empty() {
            for d in &mut diags {
                crate::diagnostic::honour_generated(d, &file.text, &generated);
            }
        }
        self.suppress(file, diags, resolved)
    }

    /// The rules that run (`resolved`: each rule's severity for this
    /// document), compiled on first use on all cores.
    fn plan(&self, resolved: &[Option<Severity>]) -> Plan<'_> {
        let running: Vec<usize> = (0..resolved.len())
            .filter(|&i| resolved[i].is_some())
            .collect();
        // Every document after the first finds its rules compiled: no work
        // to spread then.
        if !running.iter().all(|&i| self.compiled(i)) {
            crate::parallel::map(&running, |&i| {
                self.ready(i);
            });
        }
        let mut plan = Plan {
            checks: Vec::with_capacity(running.len()),
            phrases: Vec::with_capacity(running.len()),
            phrases_need_structure: false,
        };
        for &i in &running {
            match self.ready(i) {
                Some(Ready::Check(c)) => plan.checks.push((i, c.as_ref())),
                Some(Ready::Phrase(p)) => {
                    plan.phrases.push(i);
                    plan.phrases_need_structure |= p.needs_structure();
                }
                None => {}
            }
        }
        plan
    }

    /// The findings of the rules of `plan` on the text of `norm` (spans of
    /// the normalized text). The rules that read quantities run last, after
    /// `norm` has given up its copy of the original when it can.
    fn run_rules(
        &self,
        file: &SourceFile,
        norm: &mut Normalized<'_>,
        plan: &Plan<'_>,
        options: &CheckOptions,
    ) -> Vec<(usize, Finding)> {
        let needs_structure =
            plan.phrases_need_structure || plan.checks.iter().any(|(_, c)| c.needs_structure());
        // The phrase set (built on first use) while the structure is recognised.
        let (set, doc) = crate::parallel::join(
            || (!plan.phrases.is_empty()).then(|| self.phrase_set(&plan.phrases)),
            || {
                if needs_structure {
                    Document::parse_with_hints(norm.text(), &file.line_hints())
                } else {
                    Document::default()
                }
            },
        );
        let mut found: Vec<(usize, Finding)> = Vec::new();
        let mut out = Vec::new();
        let reads_quantities = |&&(_, c): &&(usize, &dyn Check)| c.reads_quantities();
        let first = plan.checks.iter().filter(|r| !reads_quantities(r));
        let mut last = plan.checks.iter().filter(reads_quantities).peekable();
        {
            let cx = context(norm, &doc, options);
            for &(i, c) in first {
                c.check(&cx, &mut out);
                found.extend(out.drain(..).map(|f| (i, f)));
            }
            if let Some(set) = set {
                set.scan(&cx, |i, f| found.push((i, f)));
            }
        }
        if last.peek().is_some() {
            norm.release_original();
            let cx = context(norm, &doc, options);
            for &(i, c) in last {
                c.check(&cx, &mut out);
                found.extend(out.drain(..).map(|f| (i, f)));
            }
        }
        found
    }

    /// The findings as diagnostics of the original text.
    fn diagnostics(
        &self,
        found: Vec<(usize, Finding)>,
        resolved: &[Option<Severity>],
        path: &str,
        norm: &Normalized<'_>,
    ) -> Vec<Diagnostic> {
        found
            .into_iter()
            .map(|(i, f)| self.diagnostic(i, f, resolved[i], path, norm))
            .collect()
    }

    /// Apply the suppression comments of `file` and run the engine's own
    /// rules on them.
    fn suppress(
        &self,
        file: &SourceFile,
        diags: Vec<Diagnostic>,
        resolved: &[Option<Severity>],
    ) -> Vec<Diagnostic> {
        let known = |sel: &str| self.selector_known(sel);
        let all_enabled = |sel: &str| {
            self.rules
                .iter()
                .zip(resolved)
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
            notes: Vec::new(),
            fix: f.fix.map(|e| Edit {
                span: norm.to_original(e.span),
                replacement: e.replacement,
            }),
        }
    }
}

/// The rules that run on one document.
#[derive(Default)]
struct Plan<'e> {
    checks: Vec<(usize, &'e dyn Check)>,
    /// The phrase rules, by index (sorted).
    phrases: Vec<usize>,
    phrases_need_structure: bool,
}

impl Plan<'_> {
    /// Nothing runs: nothing to prepare (the suppression pass reads only
    /// the original text).
    fn is_empty(&self) -> bool {
        self.checks.is_empty() && self.phrases.is_empty()
    }
}

/// What the rules see; `original` is empty once `norm` gave up its copy.
fn context<'a>(
    norm: &'a Normalized<'a>,
    doc: &'a Document,
    options: &'a CheckOptions,
) -> Context<'a> {
    Context {
        original: norm.original().unwrap_or(""),
        text: norm.text(),
        norm,
        doc,
        year: report_year(doc, options),
        options,
        quantities: std::sync::OnceLock::new(),
        located_parts: Default::default(),
    }
}

/// The pack rules by id, as rules that refer to others see them.
impl LoadedRules for Engine {
    fn rule(&self, id: &str) -> Option<(&CheckSpec, &SectionSlot)> {
        match &self.rules[*self.by_id.get(id)?].imp {
            Imp::Pack(p) => Some((&p.spec, &p.sections)),
            Imp::Meta => None,
        }
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
                .all(|r| &*r.pack == "reportlint" || !engine.is_compiled(&r.id))
        );
        let file = SourceFile::from_text("a.txt", "加快建设法制政府。\n");
        let only = |id: &str| id == "fazhi/fazhi-not-fazhi";
        let found = engine.check_with(&file, &CheckOptions::default(), only);
        assert_eq!(found.len(), 1);
        let compiled: Vec<&str> = engine
            .rules()
            .filter(|r| &*r.pack != "reportlint" && engine.is_compiled(&r.id))
            .map(|r| r.id.as_str())
            .collect();
        assert_eq!(compiled, ["fazhi/fazhi-not-fazhi"]);
    }

    /// The phrase set of every built-in phrase rule searches the DFA the
    /// build script worked out: a run builds no automaton.
    #[test]
    fn built_in_phrase_set_is_worked_out_at_build_time() {
        let engine = builtin();
        let phrases: Vec<usize> = (0..engine.rules.len())
            .filter(|&i| matches!(engine.ready(i), Some(Ready::Phrase(_))))
            .collect();
        assert!(phrases.len() > 20, "{}", phrases.len());
        assert!(engine.phrase_set(&phrases).searches_built_in_literals());
    }

    /// A document in traditional script with full-width figures, checked
    /// with and without the copy of the original: the same findings, with
    /// the figures and words as written, and the same text after.
    #[test]
    fn giving_up_the_original_changes_nothing() {
        let text = format!(
            "全年受理行政復議案件２４件，其中糾錯９件，糾錯率４０％。\n{}",
            "本年度依法行政工作稳步推进，制度建设持续加强。\n".repeat(20)
        );
        let engine = builtin();
        let file = SourceFile::from_text("a.txt", text.clone());
        let kept = engine.check(&file, &CheckOptions::default());
        let mut owned = file.clone();
        let lean = engine.check_owned(&mut owned, &CheckOptions::default());
        assert_eq!(owned.text, text);
        assert_eq!(lean, kept);
        let rate = lean
            .iter()
            .find(|d| d.rule == "shuzi/rate")
            .expect("a rate finding");
        assert!(
            rate.message.contains("糾錯率") && rate.message.contains("４０％"),
            "{}",
            rate.message
        );
    }
}
