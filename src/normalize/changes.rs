//! The characters normalization changed, in about four bytes each.
//!
//! A converted draft in traditional script changes about one character in
//! ten: a 100 MB text, millions. Each is kept as the distance from the one
//! before it and its original character, 16 bits each (every character
//! normalization changes is below U+10000 but a few traditional ones, and
//! changed characters lie close together); the rare one that does not fit
//! is kept whole beside. Every [`BLOCK`] entries the offset is kept whole
//! too, so that the changes within a span are found by a binary search and
//! a short walk.

/// Entries per block.
const BLOCK: usize = 64;

/// The distance of an entry kept whole in [`Changes::far`].
const FAR: u16 = u16::MAX;

/// Changed characters: where their normalized forms start (strictly
/// increasing offsets of the normalized text) and what they were.
#[derive(Debug, Clone, Default)]
pub(super) struct Changes {
    /// Per change: the distance from the one before (from 0 for the first)
    /// and the original character; `(FAR, 0)` when either does not fit.
    entries: Vec<(u16, u16)>,
    /// The changes that do not fit in an entry, in order.
    far: Vec<(u32, char)>,
    /// Per block of [`BLOCK`] entries: the offset of its first change and
    /// the index in `far` of its first far change.
    blocks: Vec<(u32, u32)>,
}

/// Builds [`Changes`] from the last change to the first.
pub(super) struct FromBack {
    changes: Changes,
    /// The change found last (the earliest so far), not yet stored: its
    /// distance is known once the one before it is found.
    pending: Option<(u32, char)>,
}

impl FromBack {
    /// For about `count` changes.
    pub(super) fn with_capacity(count: usize) -> Self {
        FromBack {
            changes: Changes {
                entries: Vec::with_capacity(count),
                far: Vec::new(),
                blocks: Vec::with_capacity(count.div_ceil(BLOCK)),
            },
            pending: None,
        }
    }

    /// The change before all those pushed so far.
    pub(super) fn push(&mut self, at: u32, was: char) {
        if let Some((later, later_was)) = self.pending.replace((at, was)) {
            self.store(later - at, later, later_was);
        }
    }

    fn store(&mut self, distance: u32, at: u32, was: char) {
        let entry = u16::try_from(distance)
            .ok()
            .filter(|&d| d != FAR)
            .zip(u16::try_from(u32::from(was)).ok());
        match entry {
            Some(entry) => self.changes.entries.push(entry),
            None => {
                self.changes.entries.push((FAR, 0));
                self.changes.far.push((at, was));
            }
        }
    }

    pub(super) fn finish(mut self) -> Changes {
        if let Some((first, was)) = self.pending.take() {
            self.store(first, first, was);
        }
        let mut changes = self.changes;
        changes.entries.reverse();
        changes.far.reverse();
        changes.far.shrink_to_fit();
        // The blocks, in one walk.
        let mut blocks = std::mem::take(&mut changes.blocks);
        let mut walk = Walk {
            changes: &changes,
            next: 0,
            at: 0,
            far: 0,
        };
        while walk.next < changes.entries.len() {
            let far = walk.far as u32;
            let (at, _) = walk.step();
            if (walk.next - 1) % BLOCK == 0 {
                blocks.push((at as u32, far));
            }
        }
        changes.blocks = blocks;
        changes
    }
}

/// A walk over changes from the start of a block.
struct Walk<'c> {
    changes: &'c Changes,
    /// The entry to read next.
    next: usize,
    /// The offset of the change read last.
    at: usize,
    /// The index in `far` of the next far change.
    far: usize,
}

impl Walk<'_> {
    /// The next change (there is one).
    fn step(&mut self) -> (usize, char) {
        let (distance, was) = self.changes.entries[self.next];
        self.next += 1;
        if distance == FAR {
            let (at, was) = self.changes.far[self.far];
            self.far += 1;
            self.at = at as usize;
            return (self.at, was);
        }
        self.at += usize::from(distance);
        // Built from a `char` below U+10000: never a surrogate.
        (
            self.at,
            char::from_u32(u32::from(was)).unwrap_or('\u{FFFD}'),
        )
    }
}

impl Iterator for Walk<'_> {
    type Item = (usize, char);

    fn next(&mut self) -> Option<(usize, char)> {
        (self.next < self.changes.entries.len()).then(|| self.step())
    }
}

impl Changes {
    /// A walk from the start of block `b`.
    fn walk_block(&self, b: usize) -> Walk<'_> {
        let (first, far) = self.blocks[b];
        let mut walk = Walk {
            changes: self,
            next: b * BLOCK,
            at: 0,
            far: far as usize,
        };
        // The first change of a block is kept whole: read it from there.
        let first = first as usize;
        if self.entries[walk.next].0 != FAR {
            walk.at = first - usize::from(self.entries[walk.next].0);
        }
        walk
    }

    /// Every change, in order.
    pub(super) fn iter(&self) -> impl Iterator<Item = (usize, char)> + '_ {
        (!self.blocks.is_empty())
            .then(|| self.walk_block(0))
            .into_iter()
            .flatten()
    }

    /// The changes at offsets in `start..end`, in order.
    pub(super) fn within(
        &self,
        start: usize,
        end: usize,
    ) -> impl Iterator<Item = (usize, char)> + '_ {
        // The last block that starts before `start` (or the first).
        let b = self
            .blocks
            .partition_point(|&(first, _)| (first as usize) < start)
            .saturating_sub(1);
        (!self.blocks.is_empty())
            .then(|| self.walk_block(b))
            .into_iter()
            .flatten()
            .skip_while(move |&(at, _)| at < start)
            .take_while(move |&(at, _)| at < end)
    }

    /// Every change, last first.
    pub(super) fn iter_rev(&self) -> impl Iterator<Item = (usize, char)> + '_ {
        (0..self.blocks.len()).rev().flat_map(move |b| {
            let in_block = self.entries.len().min((b + 1) * BLOCK) - b * BLOCK;
            let mut block = [(0, '\0'); BLOCK];
            for (slot, change) in block.iter_mut().zip(self.walk_block(b).take(in_block)) {
                *slot = change;
            }
            block.into_iter().take(in_block).rev()
        })
    }

    /// Bytes held per change, at most.
    pub(super) const ENTRY_SIZE: usize = std::mem::size_of::<(u16, u16)>();
}

#[cfg(test)]
mod tests {
    use super::*;

    fn build(changes: &[(u32, char)]) -> Changes {
        let mut from_back = FromBack::with_capacity(changes.len());
        for &(at, was) in changes.iter().rev() {
            from_back.push(at, was);
        }
        from_back.finish()
    }

    /// Changes near and far apart, below and beyond U+FFFF, across many
    /// blocks, read in order, backwards and by span.
    #[test]
    fn changes_read_back_as_stored() {
        let mut list = Vec::new();
        let mut at = 0u32;
        for k in 0..1000u32 {
            let was = match k % 7 {
                0 => '\u{20BB7}',
                1 => '區',
                _ => char::from_u32(0x4E00 + k).unwrap(),
            };
            list.push((at, was));
            at += match k % 13 {
                0 => 70_000,
                1 => 65_535,
                2 => 65_536,
                _ => 3 + k % 5,
            };
        }
        for list in [&list[..], &list[..1], &list[..64], &list[..65], &[]] {
            let changes = build(list);
            let wide: Vec<(usize, char)> = list.iter().map(|&(a, c)| (a as usize, c)).collect();
            assert_eq!(changes.iter().collect::<Vec<_>>(), wide);
            let mut back: Vec<_> = changes.iter_rev().collect();
            back.reverse();
            assert_eq!(back, wide);
            let last = wide.last().map_or(0, |&(a, _)| a + 1);
            for start in (0..=last).step_by(997).chain([0, 1, last]) {
                for end in [start, start + 1, start + 5000, start + 200_000, last] {
                    let expected: Vec<_> = wide
                        .iter()
                        .copied()
                        .filter(|&(a, _)| start <= a && a < end)
                        .collect();
                    assert_eq!(changes.within(start, end).collect::<Vec<_>>(), expected);
                }
            }
        }
        // Only what does not fit is kept whole.
        let changes = build(&list);
        let far = (0..list.len())
            .filter(|&k| {
                let distance = list[k].0 - k.checked_sub(1).map_or(0, |p| list[p].0);
                distance >= u32::from(FAR) || list[k].1 > '\u{FFFF}'
            })
            .count();
        assert_eq!(
            (changes.entries.len(), changes.far.len()),
            (list.len(), far)
        );
    }
}
