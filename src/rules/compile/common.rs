//! The common form of a pattern's syntax: its classes without the
//! characters a text of the common repertoire ([`Repertoire::Common`])
//! never holds, and so cheaper to compile.

// Also compiled into `build.rs`, which works out the common forms of the
// built-in packs' patterns with it ([`super::stored`]): this module may
// use only std and regex-syntax, and of this crate only `normalize/`.
#[cfg(doc)]
use crate::normalize::Repertoire;
use crate::normalize::{BEYOND_BMP, UNCOMMON_DIGITS};
use regex_syntax::hir::{Class, ClassUnicode, ClassUnicodeRange, Hir, HirKind};
use std::sync::OnceLock;

/// The uncommon characters ([`Repertoire`]) as a class.
fn uncommon() -> &'static ClassUnicode {
    static UNCOMMON: OnceLock<ClassUnicode> = OnceLock::new();
    UNCOMMON.get_or_init(|| {
        let digits = UNCOMMON_DIGITS
            .iter()
            .map(|&(start, end)| ClassUnicodeRange::new(start, end));
        ClassUnicode::new(digits.chain([ClassUnicodeRange::new(BEYOND_BMP, char::MAX)]))
    })
}

/// The form of a pattern's syntax `hir` for texts of the common repertoire
/// ([`Repertoire::Common`]), `None` when it is `hir` itself.
///
/// Each Unicode class becomes the one of fewest ranges among itself,
/// itself without the uncommon characters and itself with them, and then
/// loses what it holds beyond U+FFFF: `\d` becomes `[0-9]`, `[^\d.]`
/// becomes `[^0-9.]` up to U+FFFF, `\p{Han}` and `.` lose their ranges
/// beyond U+FFFF (their four-byte UTF-8 sequences, about a quarter of the
/// automaton of a class like `[^〔〕\n]`). A class is only ever tested
/// against a character of the text, and a text of the common repertoire
/// holds no uncommon character: on such a text the form finds exactly the
/// matches, with the same groups, that the pattern finds (and about a
/// third cheaper to compile).
pub(crate) fn common_form(hir: &Hir) -> Option<Hir> {
    use regex_syntax::hir::{Capture, Repetition};
    match hir.kind() {
        HirKind::Class(Class::Unicode(class)) => {
            common_class(class).map(|c| Hir::class(Class::Unicode(c)))
        }
        HirKind::Empty
        | HirKind::Literal(_)
        | HirKind::Class(Class::Bytes(_))
        | HirKind::Look(_) => None,
        HirKind::Repetition(rep) => Some(Hir::repetition(Repetition {
            min: rep.min,
            max: rep.max,
            greedy: rep.greedy,
            sub: Box::new(common_form(&rep.sub)?),
        })),
        HirKind::Capture(cap) => Some(Hir::capture(Capture {
            index: cap.index,
            name: cap.name.clone(),
            sub: Box::new(common_form(&cap.sub)?),
        })),
        HirKind::Concat(subs) => common_forms(subs).map(Hir::concat),
        HirKind::Alternation(subs) => common_forms(subs).map(Hir::alternation),
    }
}

/// [`common_form`] of each of `subs`, `None` when none changes.
fn common_forms(subs: &[Hir]) -> Option<Vec<Hir>> {
    let forms: Vec<Option<Hir>> = subs.iter().map(common_form).collect();
    if forms.iter().all(Option::is_none) {
        return None;
    }
    let forms = forms.into_iter().zip(subs);
    Some(
        forms
            .map(|(form, sub)| form.unwrap_or_else(|| sub.clone()))
            .collect(),
    )
}

/// Of `class`, without and with the uncommon characters, the one of fewest
/// ranges, up to U+FFFF, when it is not `class` itself (see
/// [`common_form`]).
fn common_class(class: &ClassUnicode) -> Option<ClassUnicode> {
    let uncommon = uncommon();
    let mut best: Option<ClassUnicode> = None;
    if overlaps(class, uncommon) {
        let mut without = class.clone();
        without.difference(uncommon);
        if without.ranges().len() < class.ranges().len() {
            best = Some(without);
        }
    }
    // Taking the uncommon characters in merges ranges only of a class
    // with gaps where they are (`[^\d.]`): counted before it is built.
    let fewest = best.as_ref().unwrap_or(class).ranges().len();
    if union_len(class.ranges(), uncommon.ranges()) < fewest {
        let mut with = class.clone();
        with.union(uncommon);
        best = Some(with);
    }
    // Every character beyond U+FFFF is uncommon: cutting them off adds no
    // range and drops the four-byte sequences from the automaton.
    let chosen = best.as_ref().unwrap_or(class);
    if chosen
        .ranges()
        .last()
        .is_some_and(|r| r.end() >= BEYOND_BMP)
    {
        let mut within = chosen.clone();
        within.intersect(&ClassUnicode::new([ClassUnicodeRange::new(
            '\0', '\u{FFFF}',
        )]));
        best = Some(within);
    }
    best
}

/// How many ranges the union of two classes has (each one's ranges
/// sorted, neither overlapping nor adjacent: adjacent ones merge).
pub(super) fn union_len(a: &[ClassUnicodeRange], b: &[ClassUnicodeRange]) -> usize {
    let (mut i, mut j) = (0, 0);
    let mut count = 0;
    // The end of the range being merged (as a code point).
    let mut end: Option<u32> = None;
    while i < a.len() || j < b.len() {
        let next = match (a.get(i), b.get(j)) {
            (Some(x), Some(y)) if x.start() <= y.start() => {
                i += 1;
                x
            }
            (Some(x), None) => {
                i += 1;
                x
            }
            (_, Some(y)) => {
                j += 1;
                y
            }
            (None, None) => break,
        };
        let (start, stop) = (u32::from(next.start()), u32::from(next.end()));
        match end {
            Some(e) if start <= e.saturating_add(1) => end = Some(e.max(stop)),
            _ => {
                count += 1;
                end = Some(stop);
            }
        }
    }
    count
}

/// Whether two classes share a character (their ranges are sorted).
fn overlaps(a: &ClassUnicode, b: &ClassUnicode) -> bool {
    let (a, b) = (a.ranges(), b.ranges());
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        if a[i].end() < b[j].start() {
            i += 1;
        } else if b[j].end() < a[i].start() {
            j += 1;
        } else {
            return true;
        }
    }
    false
}
