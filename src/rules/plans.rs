//! Where the search plans and prefilters of patterns come from: built in,
//! learnt from the cache of validated packs, or worked out now.
//!
//! Working out what a pattern is searched by ([`literals`]) means parsing
//! it: about 45,000 instructions a regex, most of what compiling a pack
//! costs. Both depend only on the pattern's text, so those of the built-in
//! packs are worked out by the build script (`build.rs` includes
//! [`literals`] and runs it on every pattern of `rules/`) and those of
//! user packs are stored in the pack cache ([`crate::pack::cache`]): a run
//! parses a pattern only to compile it.

use super::literals::{self, Plan, Prefilter, Reach, Run};
use std::collections::HashMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

/// What the build script worked out for one pattern of the built-in packs
/// (as searched: normalized like the text its rule reads).
struct BuiltIn {
    pattern: &'static str,
    /// The plan's literals ([`Plan`]).
    literals: Option<&'static [&'static str]>,
    /// The plan's reach: bytes and the ranges of its run.
    reach: Option<(usize, &'static [(char, char)])>,
    /// The prefilter's strings, and whether it is exact.
    prefilter: Option<(&'static [&'static str], bool)>,
}

mod built_in {
    use super::BuiltIn;
    include!(concat!(env!("OUT_DIR"), "/built_in_plans.rs"));
}

/// The analyses of `pattern` when it is one of the built-in packs'.
fn built_in(pattern: &str) -> Option<&'static BuiltIn> {
    let all = built_in::PATTERNS;
    all.binary_search_by(|b| b.pattern.cmp(pattern))
        .ok()
        .map(|i| &all[i])
}

fn strings(all: &[&str]) -> Vec<String> {
    all.iter().map(|&s| s.to_owned()).collect()
}

impl BuiltIn {
    /// `None` when the table holds a run that is not one (not expected:
    /// the build script writes the ranges of a [`Run`]).
    fn plan(&self) -> Option<Plan> {
        let reach = match self.reach {
            None => None,
            Some((bytes, ranges)) => Some(Reach {
                bytes,
                run: Run::from_ranges(ranges.to_vec())?,
            }),
        };
        Some((self.literals.map(strings), reach))
    }

    fn prefilter(&self) -> Option<Prefilter> {
        self.prefilter.map(|(found, exact)| Prefilter {
            strings: strings(found),
            exact,
        })
    }
}

/// How a phrase set searches for `pattern` ([`literals::work_out_plan`]).
pub(crate) fn plan(pattern: &str) -> Plan {
    // Each learnt plan serves the one rule that compiles it, once per
    // run: taken, not copied (a pattern compiled again is worked out).
    // Looked up first: a user pack's 500 patterns are found with a hash
    // each instead of missing the built-in table's binary search.
    if ANY_LEARNT.load(Ordering::Relaxed)
        && let Some(plan) = lock_learnt().remove(pattern)
    {
        return plan;
    }
    if let Some(plan) = built_in(pattern).and_then(BuiltIn::plan) {
        return plan;
    }
    literals::work_out_plan(pattern)
}

/// What a search for `pattern` may look for first
/// ([`literals::work_out_prefilter`]).
pub(crate) fn prefilter(pattern: &str) -> Option<Prefilter> {
    match built_in(pattern) {
        Some(known) => known.prefilter(),
        None => literals::work_out_prefilter(pattern),
    }
}

/// Plans by pattern: the patterns are a validated pack's, hashed with a
/// fast fixed hash rather than SipHash (or compared along a B-tree).
type Learnt = HashMap<String, Plan, foldhash::fast::FixedState>;

/// Plans from the cache of validated packs, by pattern.
static LEARNT: Mutex<Learnt> = Mutex::new(HashMap::with_hasher(
    foldhash::fast::FixedState::with_seed(0),
));

/// Whether any plan was learnt: a run without user packs never locks
/// [`LEARNT`].
static ANY_LEARNT: AtomicBool = AtomicBool::new(false);

fn lock_learnt() -> std::sync::MutexGuard<'static, Learnt> {
    LEARNT
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Take `plans` (from the cache of validated packs, written by this
/// build) as worked out.
pub(crate) fn learn(plans: Vec<(String, Plan)>) {
    let mut learnt = lock_learnt();
    learnt.reserve(plans.len());
    learnt.extend(plans);
    ANY_LEARNT.store(true, Ordering::Relaxed);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::pattern::normalize_regex;

    /// The table holds what the analysis works out now, sorted (for the
    /// binary search) and without duplicates.
    #[test]
    fn built_in_analyses_are_the_analyses() {
        let all = built_in::PATTERNS;
        assert!(all.windows(2).all(|w| w[0].pattern < w[1].pattern));
        for known in all {
            let p = known.pattern;
            assert_eq!(known.plan(), Some(literals::work_out_plan(p)), "{p}");
            assert_eq!(known.prefilter(), literals::work_out_prefilter(p), "{p}");
        }
    }

    /// Every pattern of the built-in packs is in the table, as written
    /// and normalized: a run parses none of them to plan its search.
    #[test]
    fn every_built_in_pattern_is_known() {
        let mut patterns = 0;
        for s in crate::pack::builtin_check_strings() {
            for text in [s.to_owned(), normalize_regex(s)] {
                assert!(built_in(&text).is_some(), "{text}");
            }
            patterns += 1;
        }
        assert!(patterns > 100, "only {patterns} patterns");
        assert!(built_in("不在内置规则包里的模式").is_none());
    }
}
