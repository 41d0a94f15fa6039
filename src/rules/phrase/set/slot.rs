//! Where a literal of the build script's DFA is looked up by its text:
//! a table of slots (a power of two) holding literal ids, searched from
//! the slot of the literal's hash (FNV-1a of its bytes) to the literal or
//! an empty slot. `tables.rs` fills the table, `built_in.rs` searches it.

// Compiled into `build.rs` as well: this module may use only core. The
// hash is 64 bits wherever it runs (the build script's machine, the
// target), so both find the same slots.

/// An empty slot.
pub(crate) const EMPTY: u32 = u32::MAX;

/// The slot of a table of `slots` slots where the search for `literal`
/// starts.
pub(crate) fn first_slot(literal: &str, slots: usize) -> usize {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in literal.as_bytes() {
        hash = (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    (hash & (slots as u64 - 1)) as usize
}

/// The slot after `slot` in a table of `slots` slots.
pub(crate) fn next_slot(slot: usize, slots: usize) -> usize {
    (slot + 1) & (slots - 1)
}
