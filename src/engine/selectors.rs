//! Rule selectors (`--select`, `--ignore`, suppression comments, the
//! configuration): whether one names a loaded rule, and what a misspelt one
//! probably meant.

use super::Engine;

impl Engine {
    /// Whether a selector (a rule id, or a pack id with or without a trailing
    /// `/`) names at least one loaded rule.
    pub(crate) fn selector_known(&self, selector: &str) -> bool {
        self.rules
            .iter()
            .any(|r| crate::suppress::selector_matches(selector, &r.info.id))
    }

    /// Rule and pack ids close to an unknown selector, best first (at most 5).
    pub(crate) fn near_matches(&self, selector: &str) -> Vec<String> {
        let mut candidates: Vec<String> = self.rules.iter().map(|r| r.info.id.clone()).collect();
        candidates.extend(self.rules.iter().map(|r| r.info.pack.to_string()));
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
