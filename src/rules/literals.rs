//! Required literals of a regex: a few strings one of which every match
//! contains.
//!
//! Phrase rules are searched together: one Aho-Corasick pass over the
//! document finds the literal phrases and, for every regex, whether one of
//! its required literals occurs. A regex none of whose literals occurs
//! cannot match, so it is neither compiled nor run on that document.
//!
//! The analysis is conservative: when it cannot name such a set (a pattern
//! that may match without any fixed text, such as `\d+`), it says so and the
//! regex is run on every document.
//!
//! [`anchors_of`] goes further for patterns whose matches begin within a few
//! bytes of such a literal (`\p{Han}〔\d{4}〕号`: one character before `〔`):
//! there, a match can only start in a short window before an occurrence, and
//! anchored searches in those windows replace a scan of the whole text.

// Also compiled into `build.rs`, which plans the built-in packs' patterns
// with it: this module may use only std, regex-syntax and serde, and of
// this crate only the modules build.rs includes (rules/literals.rs,
// rules/pattern.rs, normalize/, span.rs).
use crate::normalize::normalize_str;
use regex_syntax::hir::literal::{ExtractKind, Extractor};
use regex_syntax::hir::{Class, ClassUnicode, ClassUnicodeRange, Hir, HirKind};

/// Classes with more characters than this are not expanded into literals.
const MAX_CLASS_CHARS: u32 = 16;
/// A regex needing more literals than this is run on every document.
const MAX_LITERALS: usize = 64;

#[cfg(test)]
fn required_literals(pattern: &str) -> Option<Vec<String>> {
    required_literals_of(&parse(pattern)?)
}

/// How a phrase set searches for `pattern`: the literals one of which
/// starts near every match, and how near ([`anchors_of`]), else the
/// literals one of which every match contains ([`required_literals_of`]) and
/// no reach, else neither (a regex run on every document). The pattern is
/// parsed once for both.
///
/// A plan depends only on its pattern, and costs about 45,000 instructions
/// to work out: [`super::plans`] keeps those of the built-in packs (worked
/// out by the build script, which includes this module) and of cached
/// user packs.
pub(crate) fn work_out_plan(pattern: &str) -> Plan {
    let Some(hir) = parse(pattern) else {
        return (None, None);
    };
    match anchors_of(&hir) {
        Some(a) => (Some(a.literals), Some(a.reach)),
        None => (required_literals_of(&hir), None),
    }
}

/// What a phrase set looks for to search a regex: its literals (`None`:
/// run it on every document) and, when its matches start near them, how
/// near ([`work_out_plan`]).
pub(crate) type Plan = (Option<Vec<String>>, Option<Reach>);

/// `pattern` parsed with the `regex` crate's default settings.
fn parse(pattern: &str) -> Option<Hir> {
    regex_syntax::ParserBuilder::new()
        .build()
        .parse(pattern)
        .ok()
}

/// What a search for `pattern` may look for first, as the pattern spells
/// the strings (not normalized: they are looked for in the text the
/// pattern itself runs on).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Prefilter {
    /// One of these strings is in every match.
    pub(crate) strings: Vec<String>,
    /// Every match is one of `strings` and each of them is a match (a
    /// list of words, `原因|根源|由于`): finding one is finding a match.
    pub(crate) exact: bool,
}

/// The [`Prefilter`] of `pattern`; `None` when no set of strings is known
/// or the pattern does not parse (kept for the built-in packs by
/// [`super::plans`], like plans).
pub(crate) fn work_out_prefilter(pattern: &str) -> Option<Prefilter> {
    let hir = parse(pattern)?;
    if let Some(mut words) = words(&hir) {
        words.sort();
        words.dedup();
        return Some(Prefilter {
            strings: words,
            exact: true,
        });
    }
    let mut strings = required(&hir)?;
    strings.sort();
    strings.dedup();
    (strings.len() <= MAX_LITERALS).then_some(Prefilter {
        strings,
        exact: false,
    })
}

/// The strings `hir` matches when they are few and none is empty: a
/// literal, a small class, and alternations and concatenations of them
/// (no repetition, no assertion).
fn words(hir: &Hir) -> Option<Vec<String>> {
    let words = match hir.kind() {
        HirKind::Literal(lit) => vec![std::str::from_utf8(&lit.0).ok()?.to_owned()],
        HirKind::Class(Class::Unicode(_)) => required(hir)?,
        HirKind::Capture(cap) => words(&cap.sub)?,
        HirKind::Alternation(branches) => union(branches, words)?,
        HirKind::Concat(parts) => {
            let mut all = vec![String::new()];
            for part in parts {
                let next = words(part)?;
                if all.len() * next.len() > MAX_LITERALS {
                    return None;
                }
                all = all
                    .iter()
                    .flat_map(|a| next.iter().map(move |n| format!("{a}{n}")))
                    .collect();
            }
            all
        }
        HirKind::Empty
        | HirKind::Look(_)
        | HirKind::Repetition(_)
        | HirKind::Class(Class::Bytes(_)) => return None,
    };
    words.iter().all(|w| !w.is_empty()).then_some(words)
}

/// Strings one of which every match of `hir` contains, normalized (so
/// that finding them in the normalized text is a necessary condition for a
/// match in the normalized *or* the original text: normalization maps each
/// character to one character). `None` when no such set is known.
fn required_literals_of(hir: &Hir) -> Option<Vec<String>> {
    let mut set: Vec<String> = required(hir)?.iter().map(|l| normalize_str(l)).collect();
    set.sort();
    set.dedup();
    (set.len() <= MAX_LITERALS).then_some(set)
}

/// The literals a pattern's matches start near, and how near.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Anchors {
    /// Normalized, like [`required_literals_of`].
    pub(crate) literals: Vec<String>,
    pub(crate) reach: Reach,
}

/// How near before an occurrence of one of its literals a match starts:
/// every match that contains one at byte `l` starts at most `bytes` bytes
/// before the run of `run` characters that ends at `l` (with an empty
/// `run`: at most `bytes` bytes before `l`).
///
/// A run is for the parts of unbounded length before the literal, such as
/// the digits in `\d+至\d+%`: they reach back as far as the text has
/// digits, which a search sees by walking back over them ([`Run::start`]).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct Reach {
    pub(crate) bytes: usize,
    pub(crate) run: Run,
}

/// A set of characters, as sorted, disjoint, non-adjacent ranges.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct Run(Vec<(char, char)>);

/// A run longer than this many bytes is not walked: the regex is then
/// searched with a scan of the whole text.
pub(crate) const MAX_RUN: usize = 64;
/// Runs of larger classes (such as any Han character) would cover most of
/// a text: not anchored.
const MAX_RUN_CHARS: u32 = 2048;

impl Run {
    /// The set of `ranges` (from a cache of plans); `None` unless they are
    /// sorted, disjoint and non-adjacent.
    pub(crate) fn from_ranges(ranges: Vec<(char, char)>) -> Option<Run> {
        let ordered = ranges.iter().all(|&(a, b)| a <= b)
            && ranges
                .windows(2)
                .all(|w| (w[0].1 as u32).saturating_add(1) < w[1].0 as u32);
        ordered.then_some(Run(ranges))
    }

    pub(crate) fn ranges(&self) -> &[(char, char)] {
        &self.0
    }

    fn of(class: &ClassUnicode) -> Run {
        Run(class.iter().map(|r| (r.start(), r.end())).collect())
    }

    fn contains(&self, c: char) -> bool {
        self.0
            .binary_search_by(|&(a, b)| {
                if b < c {
                    std::cmp::Ordering::Less
                } else if a > c {
                    std::cmp::Ordering::Greater
                } else {
                    std::cmp::Ordering::Equal
                }
            })
            .is_ok()
    }

    /// Where the run of this set's characters that ends at byte `end` of
    /// `hay` (a character boundary) starts; `None` when it is longer than
    /// [`MAX_RUN`] bytes.
    pub(crate) fn start(&self, hay: &str, end: usize) -> Option<usize> {
        let mut at = end;
        for c in hay.get(..end)?.chars().rev() {
            if !self.contains(c) {
                break;
            }
            at -= c.len_utf8();
            if end - at > MAX_RUN {
                return None;
            }
        }
        Some(at)
    }
}

/// Matches further than this many bytes from their literal (or its run)
/// are not anchored.
pub(crate) const MAX_REACH: usize = 64;
/// Anchors may be many short strings (a digit and a space: `1 `, `2 `, …).
const MAX_ANCHORS: usize = 512;

#[cfg(test)]
fn anchors(pattern: &str) -> Option<Anchors> {
    anchors_of(&parse(pattern)?)
}

/// Where the matches of `hir` start, when every match (none of them
/// empty) begins near one of a finite set of literals: the pattern is a
/// concatenation whose first parts have a bounded length (at most
/// [`MAX_REACH`] bytes), whose next parts (if any) match only characters
/// of a small set — a [`Run`] — and whose remaining parts begin with one of
/// the literals. Literals without a run before them are preferred.
fn anchors_of(hir: &Hir) -> Option<Anchors> {
    if hir.properties().minimum_len().is_none_or(|n| n == 0) {
        return None;
    }
    let mut parts = Vec::new();
    flatten(hir, &mut parts);
    let mut extractor = Extractor::new();
    extractor
        .kind(ExtractKind::Prefix)
        .limit_class(32)
        .limit_literal_len(12)
        .limit_total(512);
    let mut best: Option<Anchors> = None;
    let mut best_after_run: Option<Anchors> = None;
    let mut bytes = 0usize;
    // The characters of the parts after the bounded ones so far.
    let mut run: Option<ClassUnicode> = None;
    for j in 0..parts.len() {
        // After a run, a part that may match nothing begins no better
        // literals than the parts after it.
        let seq = (run.is_none() || parts[j].properties().minimum_len().is_some_and(|n| n > 0))
            .then(|| extractor.extract(&Hir::concat(parts[j..].to_vec())));
        if let Some(literals) = seq
            .as_ref()
            .and_then(|s| s.literals())
            .and_then(valid_prefixes)
        {
            let slot = match run {
                None => &mut best,
                Some(_) => &mut best_after_run,
            };
            if slot
                .as_ref()
                .is_none_or(|b| score(&literals) > score(&b.literals))
            {
                let run = run.as_ref().map(Run::of).unwrap_or_default();
                *slot = Some(Anchors {
                    literals,
                    reach: Reach { bytes, run },
                });
            }
        }
        match (&mut run, parts[j].properties().maximum_len()) {
            (None, Some(n)) if bytes + n <= MAX_REACH => bytes += n,
            // Literals after a run are looked for only when there are no
            // others.
            _ if best.is_some() => break,
            (run, _) => {
                let Some(chars) = chars_of(&parts[j]) else {
                    break;
                };
                let all = run.get_or_insert_with(ClassUnicode::empty);
                all.union(&chars);
                if class_size(all) > MAX_RUN_CHARS {
                    break;
                }
            }
        }
    }
    best.or(best_after_run)
}

/// Every character a match of `hir` may contain (`None`: not a set of
/// Unicode characters).
fn chars_of(hir: &Hir) -> Option<ClassUnicode> {
    Some(match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => ClassUnicode::empty(),
        HirKind::Literal(lit) => {
            let text = std::str::from_utf8(&lit.0).ok()?;
            ClassUnicode::new(text.chars().map(|c| ClassUnicodeRange::new(c, c)))
        }
        HirKind::Class(Class::Unicode(class)) => class.clone(),
        HirKind::Class(Class::Bytes(_)) => return None,
        HirKind::Repetition(rep) => chars_of(&rep.sub)?,
        HirKind::Capture(cap) => chars_of(&cap.sub)?,
        HirKind::Concat(subs) | HirKind::Alternation(subs) => {
            let mut all = ClassUnicode::empty();
            for sub in subs {
                all.union(&chars_of(sub)?);
            }
            all
        }
    })
}

fn class_size(class: &ClassUnicode) -> u32 {
    class
        .iter()
        .map(|r| r.end() as u32 - r.start() as u32 + 1)
        .sum()
}

/// Longer literals are rarer; fewer are cheaper.
fn score(literals: &[String]) -> (usize, std::cmp::Reverse<usize>) {
    let shortest = literals.iter().map(String::len).min().unwrap_or(0);
    (shortest, std::cmp::Reverse(literals.len()))
}

/// The parts of a top-level concatenation, groups unwrapped (a group does
/// not change what matches).
fn flatten(hir: &Hir, out: &mut Vec<Hir>) {
    match hir.kind() {
        HirKind::Concat(parts) => {
            for p in parts {
                flatten(p, out);
            }
        }
        HirKind::Capture(cap) => flatten(&cap.sub, out),
        _ => out.push(hir.clone()),
    }
}

/// Prefix literals as normalized strings (each cut back to whole
/// characters), none a prefix of another, at most [`MAX_ANCHORS`] of them
/// (longer sets are cut to shorter prefixes); `None` if one is empty.
fn valid_prefixes(literals: &[regex_syntax::hir::literal::Literal]) -> Option<Vec<String>> {
    let mut out = Vec::with_capacity(literals.len());
    for lit in literals {
        let bytes = lit.as_bytes();
        let text = match std::str::from_utf8(bytes) {
            Ok(t) => t,
            Err(e) => std::str::from_utf8(&bytes[..e.valid_up_to()]).ok()?,
        };
        if text.is_empty() {
            return None;
        }
        out.push(normalize_str(text));
    }
    loop {
        out.sort();
        out.dedup();
        // After sorting, a literal's prefixes come right before it.
        let mut kept: Vec<String> = Vec::with_capacity(out.len());
        for lit in out {
            if !kept.last().is_some_and(|k| lit.starts_with(k.as_str())) {
                kept.push(lit);
            }
        }
        if kept.len() <= MAX_ANCHORS {
            return (!kept.is_empty()).then_some(kept);
        }
        if kept.iter().all(|l| l.chars().count() == 1) {
            return None;
        }
        // Too many: one character shorter each.
        out = kept
            .into_iter()
            .map(|mut l| {
                if l.chars().count() > 1 {
                    l.pop();
                }
                l
            })
            .collect();
    }
}

/// The strings `of` each branch gives, together (`None`: a branch gives
/// none, or there are more than [`MAX_LITERALS`]).
fn union(branches: &[Hir], of: fn(&Hir) -> Option<Vec<String>>) -> Option<Vec<String>> {
    let mut all = Vec::new();
    for b in branches {
        all.extend(of(b)?);
        if all.len() > MAX_LITERALS {
            return None;
        }
    }
    Some(all)
}

fn required(hir: &Hir) -> Option<Vec<String>> {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => None,
        HirKind::Literal(lit) => {
            let s = std::str::from_utf8(&lit.0).ok()?;
            (!s.is_empty()).then(|| vec![s.to_owned()])
        }
        HirKind::Class(Class::Unicode(class)) => {
            let mut size = 0u32;
            for r in class.ranges() {
                size += r.end() as u32 - r.start() as u32 + 1;
                if size > MAX_CLASS_CHARS {
                    return None;
                }
            }
            let chars = class.iter().flat_map(|r| r.start()..=r.end());
            Some(chars.map(String::from).collect())
        }
        HirKind::Class(Class::Bytes(_)) => None,
        HirKind::Repetition(rep) if rep.min >= 1 => required(&rep.sub),
        HirKind::Repetition(_) => None,
        HirKind::Capture(cap) => required(&cap.sub),
        // Every part of a concatenation is in every match: take the most
        // selective part (longest shortest literal, then fewest literals).
        HirKind::Concat(parts) => parts.iter().filter_map(required).max_by_key(|set| {
            let shortest = set.iter().map(String::len).min().unwrap_or(0);
            (shortest, std::cmp::Reverse(set.len()))
        }),
        // A match is a match of one branch: every branch must have literals.
        HirKind::Alternation(branches) => union(branches, required),
    }
}

#[cfg(test)]
mod tests {
    use super::required_literals;

    fn lits(p: &str) -> Option<Vec<&'static str>> {
        required_literals(p).map(|v| {
            v.into_iter()
                .map(|s| &*Box::leak(s.into_boxed_str()))
                .collect()
        })
    }

    #[test]
    fn literals_of_typical_patterns() {
        assert_eq!(
            lits(r"法治政府建设实施纲要\s*\(\s*2015"),
            Some(vec!["法治政府建设实施纲要"])
        );
        assert_eq!(
            lits(r"(?:^|[^\d.])(?P<at>\d*[1-9][余多])[万亿千百]?\p{Han}"),
            Some(vec!["余", "多"])
        );
        assert_eq!(
            lits("(?:锟斤拷)+|烫烫烫+|屯屯屯+"),
            Some(vec!["屯屯", "烫烫", "锟斤拷"])
        );
        // Normalized: a full-width literal is looked for in half width.
        assert_eq!(lits("（注）"), Some(vec!["(注)"]));
        // Case-insensitive letters become both cases.
        assert_eq!(lits("(?i)x"), Some(vec!["X", "x"]));
    }

    fn anchored(p: &str) -> Option<(Vec<String>, usize)> {
        super::anchors(p)
            .filter(|a| a.reach.run.ranges().is_empty())
            .map(|a| (a.literals, a.reach.bytes))
    }

    /// Anchors after a run: the literals, the bytes before the run, and
    /// whether the run holds each of `chars` and not `not`.
    fn after_run(p: &str, chars: &str, not: &str) -> (Vec<String>, usize) {
        let a = super::anchors(p).expect("anchors");
        let run = &a.reach.run;
        assert!(!run.ranges().is_empty(), "{p}: no run");
        for c in chars.chars() {
            assert!(run.contains(c), "{p}: {c:?} not in the run");
        }
        for c in not.chars() {
            assert!(!run.contains(c), "{p}: {c:?} in the run");
        }
        (a.literals, a.reach.bytes)
    }

    #[test]
    fn anchors_of_typical_patterns() {
        // One character of any Han before the bracket: up to 4 bytes.
        assert_eq!(
            anchored(r"\p{Han}〔(?P<at>\d{1,3})〕\d*号"),
            Some((vec!["〔".to_owned()], 4))
        );
        // 年 and a Chinese numeral, after a year of up to 10 bytes (\d is
        // any Unicode digit), rather than the common 19 or 20.
        let (literals, reach) =
            anchored(r"(?P<at>(?:19|20)\d{2}年[一二三四五六七八九十]{1,3}月)").unwrap();
        assert_eq!(
            (literals.len(), literals[0].as_str(), reach),
            (10, "年一", 10)
        );
        // Matches may be empty.
        assert_eq!(super::anchors(r"a?"), None);
        // Any Han character, without bound: too many characters for a run.
        assert_eq!(super::anchors(r"\p{Han}+号"), None);
        assert_eq!(super::anchors(r"[^\n]*号"), None);
    }

    #[test]
    fn anchors_after_runs_of_digits() {
        // Digits before the literal, without bound: a run of them.
        assert_eq!(
            after_run(r"\d+号", "0١9", "号a"),
            (vec!["号".to_owned()], 0)
        );
        // One character of context first, then the digits: the literal is
        // a digit and 余 or 多 (longer than 余 alone).
        let (literals, bytes) = after_run(r"(?:^|[^\d.])(?P<at>\d*[1-9][余多])", "09", ".余");
        assert_eq!(
            (literals.len(), literals[0].as_str(), bytes),
            (18, "1余", 4)
        );
        // A range: digits, a decimal point and spaces run up to the
        // separator or the unit; the unit is the rarer literal.
        let (literals, bytes) = after_run(
            r"(?:^|[^\d.])(?P<at>\d+(?:\.\d+)?)\s*[~至到—-]\s*\d+(?:\.\d+)?(?P<unit>%|[万亿]元?)",
            "0. \n至~",
            "年",
        );
        assert_eq!(
            (literals, bytes),
            (vec!["%".into(), "万".into(), "亿".into()], 4)
        );
        // A literal with nothing unbounded before it is preferred.
        assert_eq!(anchored(r"号\d+号"), Some((vec!["号".to_owned()], 0)));
    }

    /// The run of a set's characters that ends at a position.
    #[test]
    fn runs_end_where_their_characters_do() {
        let digits = super::Run::from_ranges(vec![('.', '.'), ('0', '9')]).unwrap();
        let text = "共12.5%，全年３0";
        assert_eq!(digits.start(text, text.find('%').unwrap()), Some(3));
        assert_eq!(digits.start(text, 0), Some(0));
        // A full-width digit is not in the set.
        assert_eq!(digits.start(text, text.len()), Some(text.len() - 1));
        let long = "9".repeat(super::MAX_RUN + 1);
        assert_eq!(digits.start(&long, long.len()), None);
        assert_eq!(digits.start(&long, super::MAX_RUN), Some(0));
        // Not a character boundary: no run.
        assert_eq!(digits.start("全", 1), None);
        // Ranges out of order are damage.
        assert_eq!(super::Run::from_ranges(vec![('5', '9'), ('0', '4')]), None);
        assert_eq!(super::Run::from_ranges(vec![('0', '4'), ('5', '9')]), None);
    }

    /// A list of words is matched by finding one of them; a pattern with
    /// anything more only prefiltered.
    #[test]
    fn words_are_exact_prefilters() {
        let of = |p: &str| super::work_out_prefilter(p).map(|f| (f.strings, f.exact));
        let words = |w: &[&str]| w.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            of("原因|根源|由于"),
            Some((words(&["原因", "根源", "由于"]), true))
        );
        assert_eq!(
            of("(工作|主要)(计划|安排)"),
            Some((
                words(&["主要安排", "主要计划", "工作安排", "工作计划"]),
                true
            ))
        );
        assert_eq!(of("[（(]注"), Some((words(&["(注", "（注"]), true)));
        // Assertions, repetitions and large classes are more than words.
        assert_eq!(of("情况$|完成"), Some((words(&["完成", "情况"]), false)));
        assert_eq!(of("^(深入|持续)"), Some((words(&["持续", "深入"]), false)));
        assert!(!of("不足+").unwrap().1);
        assert!(!of(r"\p{Han}率").unwrap().1);
        assert_eq!(of(r"\d+"), None);
    }

    #[test]
    fn no_literals_when_a_match_needs_no_fixed_text() {
        for p in [
            r"\d+",
            r"\p{Han}{2}",
            "a|b*",
            "a?",
            "",
            "^$",
            r"[^a]",
            r"\w",
        ] {
            assert_eq!(required_literals(p), None, "{p}");
        }
    }
}
