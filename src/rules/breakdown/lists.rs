//! Finding the lists in a text: which figure is the total, where its parts
//! lie, and which figures after the marker are its parts.

use super::super::Context;
use super::super::figures::{is_exact, key, same_family};
use super::{Breakdown, MAX_FIGURES, sum};
use crate::quantity::Quantity;
use crate::span::Span;

/// A total with its parts, as found in the text.
pub(super) struct List<'q> {
    pub(super) total: &'q Quantity,
    pub(super) parts: Vec<&'q Quantity>,
    pub(super) exhaustive: bool,
    pub(super) open: bool,
}

/// A marker that follows a figure closely.
struct Marker<'t, 's> {
    /// The text between the figure and the marker: `,` in `47件,其中`,
    /// `(含上一年度转结),` in `27件(含上一年度转结),其中`.
    lead: &'t str,
    /// Byte offset of the marker.
    at: usize,
    word: &'s str,
}

/// Whether `q` can be a total: a numeric figure of a counted unit, not vague.
fn countable(q: &Quantity) -> bool {
    q.is_numeric() && q.unit.is_some() && !q.vague
}

impl Breakdown {
    /// The marker in `text` that starts first (on a tie, the first listed):
    /// where it starts, and the marker.
    fn first_marker(&self, text: &str) -> Option<(usize, &str)> {
        self.marker_finders
            .iter()
            .zip(&self.markers)
            .filter_map(|(f, m)| Some((f.find(text.as_bytes())?, m.as_str())))
            .min_by_key(|&(at, _)| at)
    }

    /// The lists in the document.
    pub(super) fn lists<'q>(&self, cx: &Context<'_>, qs: &'q [Quantity]) -> Vec<List<'q>> {
        (0..qs.len())
            .filter_map(|i| self.list_at(cx, qs, i))
            .collect()
    }

    /// The list whose marker follows the figure `qs[i]`, if there is one
    /// with parts.
    fn list_at<'q>(&self, cx: &Context<'_>, qs: &'q [Quantity], i: usize) -> Option<List<'q>> {
        let text = cx.text;
        if !countable(&qs[i]) {
            return None;
        }
        let marker = self.marker_after(text, qs, i)?;
        let scope = self.scope(text, qs, i, &marker);
        let mut total = bracketed_total(text, qs, i, marker.lead);
        let mut parts = self.parts(cx, qs, total, i + 1, scope);
        if !self.fits(cx, total, &parts) {
            parts.clear();
        }
        if parts.is_empty() {
            (total, parts) = self.earlier_total(cx, qs, i, total, marker.at, scope)?;
        }
        let tail = text
            .get(parts[parts.len() - 1].span().end..scope.end)
            .unwrap_or("");
        Some(List {
            total,
            exhaustive: self.exhaustive.iter().any(|e| e == marker.word)
                || parts
                    .last()
                    .is_some_and(|p| self.catch_all.is_match(key(cx, p))),
            open: tail.trim_start_matches([' ', ')']).starts_with('等')
                || parts.iter().any(|p| !is_exact(p)),
            parts,
        })
    }

    /// The marker that follows `qs[i]` closely: `47件,其中`, `345件(其中:`,
    /// `27件(含上一年度转结),其中`.
    fn marker_after<'t, 's>(
        &'s self,
        text: &'t str,
        qs: &[Quantity],
        i: usize,
    ) -> Option<Marker<'t, 's>> {
        let total = &qs[i];
        let next = qs.get(i + 1)?;
        let gap_end = next.span().start.min(total.sentence().end);
        let gap = text.get(total.span().end..gap_end)?;
        let (at, word) = self.first_marker(gap)?;
        let lead = &gap[..at];
        if lead.chars().count() > 16 || lead.contains(['。', ';']) {
            return None;
        }
        Some(Marker {
            lead,
            at: total.span().end + at,
            word,
        })
    }

    /// Where the parts of the list of `qs[i]` lie: from the marker to the
    /// sentence end, or to the end of the bracket the marker is in.
    fn scope(&self, text: &str, qs: &[Quantity], i: usize, marker: &Marker<'_, '_>) -> Span {
        let total = &qs[i];
        let opened = marker.lead.ends_with('(') || marker.lead.ends_with("(含");
        let end = if opened {
            text[marker.at..total.sentence().end]
                .find(')')
                .map_or(total.sentence().end, |p| marker.at + p)
        } else {
            total.sentence().end
        };
        let mut scope = Span::new(marker.at, end);
        // `…；审结90件，其中维持70件`: another marker after a figure (not in
        // a bracket) starts that figure's own list, which ends this one.
        let after_marker = marker.at + marker.word.len();
        // Only as far as parts are looked for.
        let reach = qs
            .get(i + 1 + MAX_FIGURES)
            .map_or(scope.end, |q| q.span().start.min(scope.end))
            .max(after_marker);
        let Some(rest) = text.get(after_marker..reach) else {
            return scope;
        };
        for (p, m) in self
            .markers
            .iter()
            .flat_map(|m| rest.match_indices(m.as_str()))
            .map(|(p, m)| (after_marker + p, m))
        {
            let Some(new_total) = qs[i + 1..]
                .iter()
                .take(MAX_FIGURES)
                .take_while(|q| q.span().end <= p)
                .last()
            else {
                continue;
            };
            let gap = text.get(new_total.span().end..p).unwrap_or("");
            if new_total.span().start > after_marker
                && !gap.contains('(')
                && gap.chars().count() <= 16
                && !m.is_empty()
            {
                scope.end = scope.end.min(new_total.span().start);
            }
        }
        scope
    }

    /// `开展活动200场，覆盖5万人次，其中…80场`: the figure right before the
    /// marker at `marker_at` is an attribute; the total is the nearest
    /// earlier figure of the sentence the parts count. With its parts.
    fn earlier_total<'q>(
        &self,
        cx: &Context<'_>,
        qs: &'q [Quantity],
        i: usize,
        total: &Quantity,
        marker_at: usize,
        scope: Span,
    ) -> Option<(&'q Quantity, Vec<&'q Quantity>)> {
        for t in qs[i.saturating_sub(MAX_FIGURES)..i].iter().rev() {
            if t.sentence() != total.sentence() {
                return None;
            }
            let between = cx.text.get(t.span().end..marker_at).unwrap_or("");
            if between.contains(['。', ';'])
                || self
                    .marker_finders
                    .iter()
                    .any(|f| f.find(between.as_bytes()).is_some())
            {
                return None;
            }
            if !countable(t) {
                continue;
            }
            let found = self.parts(cx, qs, t, i + 1, scope);
            if !found.is_empty() && self.fits(cx, t, &found) {
                return Some((t, found));
            }
        }
        None
    }

    /// The parts of `total` among the figures from `from` on that lie in `scope`.
    fn parts<'q>(
        &self,
        cx: &Context<'_>,
        qs: &'q [Quantity],
        total: &Quantity,
        from: usize,
        scope: Span,
    ) -> Vec<&'q Quantity> {
        let text = cx.text;
        let mut parts: Vec<&'q Quantity> = Vec::new();
        // The end of a nested list in brackets (`A类60件(其中…)`), whose
        // figures are parts of a part.
        let mut nested_end = 0;
        for (j, q) in qs.iter().enumerate().skip(from).take(MAX_FIGURES) {
            if q.span().start >= scope.end {
                break;
            }
            if q.span().start < nested_end || !self.may_be_part(cx, q, total, &parts, scope) {
                continue;
            }
            // `其中公安类60件、自然资源类40件，维持70件、纠错30件`: once the
            // parts make up the total, a figure after a clause break starts
            // another breakdown of it.
            if let Some(last) = parts.last() {
                let gap = text.get(last.span().end..q.span().start).unwrap_or("");
                let complete = total.is_exact()
                    && parts.iter().all(|p| is_exact(p))
                    && sum(&parts).is_some_and(|(lo, _)| lo == total.value());
                if complete && gap.contains([',', ';']) {
                    break;
                }
            }
            // `其中办结980件，…当场办结600件`: a part of an earlier part, not
            // another part of the total.
            let k = key(cx, q);
            if !self.catch_all.is_match(k)
                && parts.iter().any(|p: &&Quantity| {
                    let pk = key(cx, p);
                    pk.chars().count() >= 2 && k.len() > pk.len() && k.contains(pk)
                })
            {
                continue;
            }
            parts.push(q);
            if let Some(end) = self.nested_end(text, qs, j, scope) {
                nested_end = end;
            }
        }
        parts
    }

    /// Whether `q` counts what `total` counts and is not an attribute of a
    /// part, given the `parts` found so far.
    fn may_be_part(
        &self,
        cx: &Context<'_>,
        q: &Quantity,
        total: &Quantity,
        parts: &[&Quantity],
        scope: Span,
    ) -> bool {
        // A figure with a magnitude far above the total's (`涉及资金约14个亿`
        // among counts) is an attribute, not a part.
        countable(q)
            && same_family(q, total)
            && q.magnitude <= total.magnitude + 4
            && (!self.skipped(key(cx, q), key(cx, total))
                // `其中涉及公安类60件`: the marker itself introduces it.
                || (parts.is_empty()
                    && cx
                        .text
                        .get(scope.start..q.span().start)
                        .is_some_and(|t| !t.contains([',', ';', '(']))))
    }

    /// The end of the bracket after the part `qs[j]` when it holds a nested
    /// list (`A类60件(其中…)`, `(含…)`), whose figures are parts of a part.
    fn nested_end(&self, text: &str, qs: &[Quantity], j: usize, scope: Span) -> Option<usize> {
        let q = &qs[j];
        let after = qs
            .get(j + 1)
            .map_or(scope.end, |n| n.span().start.min(scope.end));
        let gap = text.get(q.span().end..after).unwrap_or("");
        let open = gap.find('(')?;
        let nested = gap[open..].starts_with("(含")
            || self
                .markers
                .iter()
                .any(|m| gap[open..].contains(m.as_str()));
        nested.then(|| {
            text.get(q.span().end + open..scope.end)
                .and_then(|t| t.find(')'))
                .map_or(scope.end, |p| q.span().end + open + p)
        })
    }
}

/// `60件(含备案审查12件),其中…`: when the figure `qs[i]` before the marker
/// is in a closed bracket, the total is the figure the bracket follows.
fn bracketed_total<'q>(text: &str, qs: &'q [Quantity], i: usize, lead: &str) -> &'q Quantity {
    let total = &qs[i];
    if !lead.contains(')') {
        return total;
    }
    let head = text
        .get(total.sentence().start..total.span().start)
        .unwrap_or("");
    let Some(open) = head.rfind('(').filter(|&o| !head[o..].contains(')')) else {
        return total;
    };
    let open = total.sentence().start + open;
    qs[..i]
        .iter()
        .rev()
        .take(MAX_FIGURES)
        .find(|q| {
            q.span().end <= open
                && q.sentence() == total.sentence()
                && text
                    .get(q.span().end..open)
                    .is_some_and(|g| g.trim().is_empty())
        })
        .unwrap_or(total)
}
