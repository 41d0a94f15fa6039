//! Search caches of the phrase regexes, one taken for all the searches of a
//! regex in one document.
//!
//! A `meta::Regex` keeps its caches in a pool that hands them quickly to
//! the first thread that used it and to every other thread through a lock,
//! twice a search: with files checked on two threads, half the anchored
//! searches near literals paid that (about 165 instructions each, more than
//! many of those searches cost).

use crate::rules::compile::{Cache, Regex};
use std::sync::{Mutex, MutexGuard, PoisonError};

/// Spare caches a regex keeps.
const MAX_SPARE: usize = 8;

/// Spare caches of each regex of a phrase set, by position in the set.
pub(super) struct Caches {
    spare: Vec<Mutex<Vec<Spare>>>,
}

/// A cache and the regex it was made for: one of the compiled forms of a
/// regex of the set ([`crate::rules::compile::SearchedRegex`]), told apart
/// by address — stable and unique while the phrase set, which holds the
/// rules and so their compiled forms, lives.
struct Spare {
    regex: usize,
    cache: Cache,
}

impl Caches {
    pub(super) fn new(regexes: usize) -> Self {
        Caches {
            spare: (0..regexes).map(|_| Mutex::new(Vec::new())).collect(),
        }
    }

    /// `search` with a cache for `re`, the compiled form of regex `k` of
    /// the set: a spare one, or a new one, kept for the next search.
    pub(super) fn with<R>(&self, k: usize, re: &Regex, search: impl FnOnce(&mut Cache) -> R) -> R {
        let regex = std::ptr::from_ref(re) as usize;
        let taken = {
            let mut spare = lock(&self.spare[k]);
            let mine = spare.iter().position(|s| s.regex == regex);
            mine.map(|i| spare.swap_remove(i).cache)
        };
        let mut cache = taken.unwrap_or_else(|| re.create_cache());
        let found = search(&mut cache);
        let mut spare = lock(&self.spare[k]);
        // A few forms (cheap or full, for any text or for ASCII digits
        // only) on a few threads; the oldest goes first.
        if spare.len() >= MAX_SPARE {
            spare.remove(0);
        }
        spare.push(Spare { regex, cache });
        found
    }
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}
