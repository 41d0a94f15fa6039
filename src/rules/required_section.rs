//! `required_section`: a part the report must contain.
//!
//! ## What it checks
//! That the document has a part recognised by `heading` patterns. Three
//! outcomes are told apart:
//! - **present as a heading** — a heading (of one of `levels`, if given)
//!   matches one of `heading`: fine;
//! - **present only in the body** — no heading matches, but one of `body`
//!   matches the text: reported at that place with `body_severity`
//!   (default `warning`), because a reader scanning the headings misses it;
//! - **absent** — reported for the whole document with the rule's severity.
//!
//! A heading matching one of `heading_except` is never this part (a
//! `2024年重点任务完成情况` heading names the year's work, not next year's
//! plan). With `otherwise`, a part that no heading names is still a heading
//! when its headings have no fixed wording: the first heading (of `levels`)
//! that comes before the part named by `otherwise.before` (anywhere, when
//! that part is absent) and that is not a heading of any part in
//! `otherwise.unless` — a report whose work is told under topical headings
//! (`一、坚持党的领导，法治政府建设根基更加牢固`) followed by `二、存在的不足和原因`
//! has its measures section. The parts `otherwise` names are located by their
//! own headings and body patterns only, never by their own `otherwise`.
//! `body_scope: closing` searches the body patterns only in the closing
//! paragraph (the last paragraph of the body that is neither a heading nor a
//! short formula such as `特此报告。`): a plan written without a heading is
//! the report's last word, and `下一步` in the middle of the report is not it.
//!
//! ## Options
//! ```yaml
//! check:
//!   required_section:
//!     name: 存在的不足和原因          # used in messages
//!     heading: ['不足', '问题']       # regexes on heading text (normalized)
//!     heading_except: ['情况$']      # optional: headings that are never this part
//!     levels: [1, 2]                # optional: heading levels that count
//!     otherwise:                    # optional: a heading before another part
//!       before: fazhi/shortcomings-section
//!       unless: [fazhi/first-duty-section, fazhi/plan-section]
//!     body: ['存在.{0,8}(不足|问题)'] # optional: regexes on the body text
//!     body_scope: document          # optional: document | closing
//!     body_severity: warning        # optional
//!     body_message: "…"             # optional
//!     optional: false               # optional: absent is fine (still checks body-only)
//! ```

use super::compile::{CompileCx, SearchedRegex, SpecError, build_short_regex};
use super::pattern::normalize_regex;
use super::sections::resolve;
use super::{Check, Context};
use crate::diagnostic::{Finding, Severity};
use crate::span::Span;
use serde::Deserialize;
use serde_saphyr::Spanned;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Spec {
    pub name: String,
    pub heading: Vec<Spanned<String>>,
    #[serde(default)]
    pub heading_except: Vec<Spanned<String>>,
    #[serde(default)]
    pub levels: Vec<u8>,
    #[serde(default)]
    pub otherwise: Option<Otherwise>,
    #[serde(default)]
    pub body: Vec<Spanned<String>>,
    #[serde(default)]
    pub body_scope: BodyScope,
    #[serde(default)]
    pub body_severity: Option<Severity>,
    #[serde(default)]
    pub body_message: Option<String>,
    #[serde(default)]
    pub optional: bool,
}

/// `otherwise`: the part is the first heading before another part.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Otherwise {
    /// A `required_section` rule id: the heading comes before that part.
    pub before: Spanned<String>,
    /// `required_section` rule ids whose headings are not this part.
    #[serde(default)]
    pub unless: Vec<Spanned<String>>,
}

/// Where body patterns are searched.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BodyScope {
    /// The whole body.
    #[default]
    Document,
    /// The closing paragraph.
    Closing,
}

/// Finds where a section is in a document; shared with `section_order`.
/// Cloning shares the patterns, each compiled when a document first needs
/// it (a report whose headings name the part never searches its body).
#[derive(Debug, Clone)]
pub(crate) struct Locator {
    /// The same for a locator and its clones (with `otherwise` resolved or
    /// not): the key of the part in [`LocatedParts`].
    id: usize,
    pub name: String,
    /// Matched against heading texts.
    heading: Arc<[SearchedRegex]>,
    heading_except: Arc<[SearchedRegex]>,
    levels: Vec<u8>,
    otherwise: Option<Fallback>,
    /// Searched in the body (a short one, such as an example's, with
    /// their cheap form).
    body: Arc<[SearchedRegex]>,
    body_scope: BodyScope,
}

/// Heading or body patterns, compiled on first use (heading texts are
/// short, and so is the body of a short text).
fn patterns(sources: &[Spanned<String>]) -> Arc<[SearchedRegex]> {
    sources
        .iter()
        .map(|s| SearchedRegex::new(s, normalize_regex(&s.value), build_short_regex))
        .collect()
}

/// Ids of locators, unique in a process.
static NEXT_LOCATOR: AtomicUsize = AtomicUsize::new(0);

/// Where the parts of one document are, each worked out once: a part is
/// asked for by its own rule, by `section_order`, `plan_year`,
/// `report_year`, `section_mentions` and other parts' `otherwise`.
#[derive(Debug, Default)]
pub(crate) struct LocatedParts(Mutex<Vec<(usize, Arc<Part>)>>);

/// One part in one document.
#[derive(Debug)]
struct Part {
    /// Where the part is by its own headings and body patterns.
    plain: Location,
    /// Where it is with `otherwise`.
    located: OnceLock<Location>,
}

impl LocatedParts {
    fn get(&self, id: usize) -> Option<Arc<Part>> {
        let parts = self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        parts.iter().find(|(k, _)| *k == id).map(|(_, p)| p.clone())
    }

    fn insert(&self, id: usize, part: Arc<Part>) {
        let mut parts = self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        parts.push((id, part));
    }
}

/// Whether one of `patterns` matches a heading's `text` (a pattern that
/// does not compile is skipped: only possible for a pack that was not
/// validated).
fn heading_matches(patterns: &[SearchedRegex], text: &str) -> bool {
    patterns.iter().any(|p| p.is_match(text))
}

/// A resolved `otherwise`.
#[derive(Debug, Clone)]
struct Fallback {
    before: Arc<Locator>,
    unless: Vec<Arc<Locator>>,
}

/// A paragraph this short (`特此报告。`) is a formula, not the closing
/// paragraph; in bytes (about 20 characters).
const FORMULA: usize = 60;

/// Where a section was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Location {
    /// Index of the first matching heading.
    Heading(usize),
    /// The first body match.
    Body(Span),
    Absent,
}

impl Location {
    /// Byte position used to compare the order of sections.
    pub(crate) fn position(self, cx: &Context<'_>) -> Option<usize> {
        match self {
            Location::Heading(i) => Some(cx.doc.headings[i].span.start),
            Location::Body(span) => Some(span.start),
            Location::Absent => None,
        }
    }

    pub(crate) fn span(self, cx: &Context<'_>) -> Option<Span> {
        match self {
            Location::Heading(i) => Some(cx.doc.headings[i].span),
            Location::Body(span) => Some(span),
            Location::Absent => None,
        }
    }
}

impl Locator {
    /// Compile every pattern now, reporting the first invalid one (in the
    /// order of the spec: heading, heading_except, body).
    pub(crate) fn validate(&self) -> Result<(), SpecError> {
        for p in self.heading.iter().chain(&*self.heading_except) {
            p.validate()?;
        }
        for p in self.body.iter() {
            p.validate()?;
        }
        Ok(())
    }

    /// This part in `cx`'s document, worked out on first use.
    fn part(&self, cx: &Context<'_>) -> Arc<Part> {
        if let Some(part) = cx.located_parts.get(self.id) {
            return part;
        }
        let part = Arc::new(Part {
            plain: self.locate_plain(cx),
            located: OnceLock::new(),
        });
        cx.located_parts.insert(self.id, part.clone());
        part
    }

    /// Whether heading `h` names this part.
    fn names(&self, cx: &Context<'_>, h: &crate::structure::Heading) -> bool {
        let text = h.text.slice(cx.text);
        (self.levels.is_empty() || self.levels.contains(&h.level))
            && heading_matches(&self.heading, text)
            && !heading_matches(&self.heading_except, text)
    }

    pub(crate) fn locate(&self, cx: &Context<'_>) -> Location {
        let part = self.part(cx);
        if self.otherwise.is_none() {
            return part.plain;
        }
        *part.located.get_or_init(|| match part.plain {
            Location::Heading(i) => Location::Heading(i),
            other => self.fallback(cx).map_or(other, Location::Heading),
        })
    }

    /// Where the part is by its own headings and body patterns, without
    /// `otherwise`.
    fn locate_plain(&self, cx: &Context<'_>) -> Location {
        if let Some(i) = cx.doc.headings.iter().position(|h| self.names(cx, h)) {
            return Location::Heading(i);
        }
        let scope = match self.body_scope {
            BodyScope::Document => Some(cx.doc.body),
            BodyScope::Closing => closing_paragraph(cx),
        };
        let Some(scope) = scope else {
            return Location::Absent;
        };
        let hay = scope.slice(cx.text);
        self.body
            .iter()
            .filter(|p| p.may_match(hay))
            .filter_map(|p| p.for_scan(hay.len(), cx.norm.repertoire())?.find(hay))
            .min_by_key(|m| m.start())
            .map_or(Location::Absent, |m| {
                Location::Body(Span::new(m.start(), m.end()).shift(scope.start))
            })
    }

    /// The heading `otherwise` makes this part, if any.
    fn fallback(&self, cx: &Context<'_>) -> Option<usize> {
        let f = self.otherwise.as_ref()?;
        // A 不足 mention before every heading (in the opening) is not the
        // 不足 section and bounds nothing.
        let bound = match f.before.part(cx).plain {
            Location::Body(span)
                if cx
                    .doc
                    .headings
                    .first()
                    .is_none_or(|h| h.span.start > span.start) =>
            {
                usize::MAX
            }
            other => other.position(cx).unwrap_or(usize::MAX),
        };
        cx.doc.headings.iter().position(|h| {
            h.span.start < bound
                && (self.levels.is_empty() || self.levels.contains(&h.level))
                && !heading_matches(&self.heading_except, h.text.slice(cx.text))
                && !f.before.names(cx, h)
                && !f.unless.iter().any(|u| u.names(cx, h))
        })
    }
}

/// The closing paragraph: the last paragraph of the body that is neither a
/// heading nor a short formula (`特此报告。`, `无。`).
fn closing_paragraph(cx: &Context<'_>) -> Option<Span> {
    let heading_at = |p: &Span| {
        cx.doc
            .headings
            .binary_search_by_key(&p.start, |h| h.span.start)
            .is_ok()
    };
    cx.doc
        .paragraphs()
        .rev()
        .find(|p| p.len() >= FORMULA && !heading_at(p))
}

/// The locators of the `required_section` rules, by rule id.
pub(crate) type SectionLookup<'a> = dyn Fn(&str) -> Option<Arc<Locator>> + 'a;

pub(crate) struct RequiredSection {
    pub locator: Arc<Locator>,
    body_severity: Severity,
    body_message: Option<String>,
    optional: bool,
}

impl Spec {
    /// The rule, sharing its locator with the rules that refer to it.
    pub(crate) fn compile(&self, cx: &CompileCx<'_>) -> Result<RequiredSection, SpecError> {
        let locator = match cx.sections.locator(cx.id) {
            Some(shared) => shared,
            None => Arc::new(cx.sections.compile(self, None)?),
        };
        Ok(RequiredSection {
            locator,
            body_severity: self.body_severity.unwrap_or(Severity::Warning),
            body_message: self.body_message.clone(),
            optional: self.optional,
        })
    }

    /// The locator without `otherwise`: headings and body patterns only,
    /// compiled on first use ([`Locator::validate`] compiles them now).
    pub(crate) fn locator(&self) -> Locator {
        Locator {
            id: NEXT_LOCATOR.fetch_add(1, Ordering::Relaxed),
            name: self.name.clone(),
            heading: patterns(&self.heading),
            heading_except: patterns(&self.heading_except),
            levels: self.levels.clone(),
            otherwise: None,
            body: patterns(&self.body),
            body_scope: self.body_scope,
        }
    }

    /// `plain` (this spec's [`Spec::locator`]) with `otherwise` resolved by
    /// `others` (the other parts' locators by rule id, located without their
    /// own `otherwise`). The patterns are shared, not compiled again.
    pub(crate) fn with_otherwise(
        &self,
        plain: &Locator,
        others: &SectionLookup<'_>,
    ) -> Result<Locator, SpecError> {
        let otherwise = match &self.otherwise {
            Some(o) => Some(Fallback {
                before: resolve(others, &o.before)?,
                unless: o
                    .unless
                    .iter()
                    .map(|id| resolve(others, id))
                    .collect::<Result<_, _>>()?,
            }),
            None => None,
        };
        Ok(Locator {
            otherwise,
            ..plain.clone()
        })
    }
}

impl Check for RequiredSection {
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        match self.locator.locate(cx) {
            Location::Heading(_) => {}
            Location::Body(span) => {
                let name = &self.locator.name;
                let message = self
                    .body_message
                    .clone()
                    .unwrap_or_else(|| format!("“{name}”只在正文中提到，没有单独的标题"));
                out.push(
                    Finding::at(span, message)
                        .with_severity(self.body_severity)
                        .with_help(format!(
                            "为“{name}”设一个标题（如“一、”或“（一）”级），便于读者查找"
                        )),
                );
            }
            Location::Absent if !self.optional => {
                // The rule's message describes the absence.
                out.push(Finding::document(String::new()));
            }
            Location::Absent => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::engine::Engine;
    use crate::rules::CheckOptions;
    use crate::source::SourceFile;

    /// A pack of one part with these `heading`, `heading_except` and `body`
    /// patterns (line 9, 10 and 11 of `p/parts.yaml`).
    fn pack(heading: &str, except: &str, body: &str) -> Result<Engine, String> {
        let rules = format!(
            "rules:\n  - id: p/plan\n    severity: error\n    message: 缺少计划\n    summary: s\n    docs: d\n    check:\n      required_section:\n        heading: ['{heading}']\n        heading_except: ['{except}']\n        body: ['{body}']\n        name: 工作计划\n    examples:\n      bad: ['一、其他\\n正文。']\n"
        );
        let pack = crate::pack::parse_files(vec![
            ("p/pack.yaml".to_owned(), "id: p\nname: 测试\n".to_owned()),
            ("p/parts.yaml".to_owned(), rules),
        ])
        .map_err(|e| e.to_string())?;
        Engine::new(vec![pack]).map_err(|e| e.to_string())
    }

    /// Patterns compile on first use, but a user pack's are all compiled
    /// when it is loaded: an invalid one is reported at its line, in the
    /// order of the spec.
    #[test]
    fn invalid_patterns_of_a_user_pack_are_reported_when_loaded() {
        assert!(pack("计划", "情况$", "下一步").is_ok());
        for (heading, except, body, line) in [
            ("计划(", "情况(", "下一步(", 9),
            ("计划", "情况(", "下一步(", 10),
            ("计划", "情况$", "下一步(", 11),
        ] {
            let Err(error) = pack(heading, except, body) else {
                panic!("{heading} {except} {body}: no error");
            };
            assert!(
                error.contains(&format!("parts.yaml:{line}:"))
                    && error.contains("无效的正则表达式"),
                "{error}"
            );
        }
    }

    /// Heading patterns match the same headings in their cheap form (the
    /// first searches) and their full form (after many).
    #[test]
    fn many_documents_find_the_same_parts() {
        let engine = pack("计划|安排", "情况$", "下一步").unwrap();
        let check = |text: &str| {
            let file = SourceFile::from_text("a.txt", text);
            engine
                .check(&file, &CheckOptions::default())
                .into_iter()
                .map(|d| d.span)
                .collect::<Vec<_>>()
        };
        let texts = [
            "一、工作情况\n全年完成任务。\n二、明年工作安排\n继续推进。\n",
            "一、工作情况\n全年完成任务。\n二、计划完成情况\n继续推进。\n",
            "一、工作情况\n全年完成任务，下一步继续推进。\n",
        ];
        let first: Vec<_> = texts.iter().map(|t| check(t)).collect();
        assert_eq!(first[0].len(), 0);
        assert_eq!(first[1].len(), 1);
        assert_eq!(first[2].len(), 1);
        for _ in 0..600 {
            let again: Vec<_> = texts.iter().map(|t| check(t)).collect();
            assert_eq!(again, first);
        }
    }
}
