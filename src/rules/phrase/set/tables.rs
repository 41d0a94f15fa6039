//! The Aho-Corasick DFA of the literals of the built-in packs' phrase
//! rules, worked out by the build script (`build.rs` includes this module)
//! and searched by [`super::built_in`]: building the automaton of a phrase
//! set costs a run more than three million instructions, the same every
//! time for the built-in packs.
//!
//! The DFA reports what the `aho-corasick` crate's automata report with the
//! standard match kind, overlapping: at each end, every literal that ends
//! there, longest first (the literals are distinct).

// Compiled into `build.rs` only: this module may use only std and
// `slot.rs`.
use super::slot::{EMPTY, first_slot, next_slot};
use std::collections::{BTreeMap, BTreeSet, VecDeque};

/// The DFA as tables.
pub(crate) struct Tables {
    /// The literals, sorted and distinct: a literal's id is its index.
    pub(crate) literals: Vec<String>,
    /// The ids of the literals by their text (`slot.rs`).
    pub(crate) slots: Vec<u32>,
    /// Byte → its column's offset in a row of `transitions`, in bytes (four
    /// a column). Bytes no literal holds share column 0.
    pub(crate) columns: [u16; 256],
    /// Columns a row.
    pub(crate) stride: usize,
    /// The rows of the states, one after the other; each entry the offset
    /// of the next state's row in bytes. The match states come first.
    pub(crate) transitions: Vec<u32>,
    /// The start state's row offset.
    pub(crate) start: u32,
    /// Per match state (in row order): the ids of the literals that end
    /// there, longest first.
    pub(crate) matches: Vec<Vec<u32>>,
}

impl Tables {
    /// The DFA of `literals` (non-empty strings).
    pub(crate) fn new(literals: &BTreeSet<String>) -> Tables {
        let literals: Vec<String> = literals.iter().cloned().collect();
        let mut used = [false; 256];
        for b in literals.iter().flat_map(|l| l.bytes()) {
            used[usize::from(b)] = true;
        }
        let mut columns = [0u16; 256];
        let mut stride = 1;
        for (b, _) in used.iter().enumerate().filter(|(_, u)| **u) {
            columns[b] = u16::try_from(stride).expect("at most 256 columns");
            stride += 1;
        }
        // The trie: children by column, and the literal a node spells.
        let mut children: Vec<BTreeMap<usize, usize>> = vec![BTreeMap::new()];
        let mut spells: Vec<Option<u32>> = vec![None];
        for (id, literal) in literals.iter().enumerate() {
            assert!(!literal.is_empty(), "an empty literal");
            let mut node = 0;
            for b in literal.bytes() {
                let column = usize::from(columns[usize::from(b)]);
                node = match children[node].get(&column) {
                    Some(&child) => child,
                    None => {
                        children.push(BTreeMap::new());
                        spells.push(None);
                        let child = children.len() - 1;
                        children[node].insert(column, child);
                        child
                    }
                };
            }
            spells[node] = Some(u32::try_from(id).expect("fewer than 2^32 literals"));
        }
        // Breadth first: each node's failure (its longest proper suffix in
        // the trie), its transitions, and the literals that end there.
        let states = children.len();
        let mut next = vec![vec![0usize; stride]; states];
        let mut matches: Vec<Vec<u32>> = vec![Vec::new(); states];
        let mut fail = vec![0usize; states];
        let mut order = Vec::with_capacity(states);
        let mut queue = VecDeque::from([0usize]);
        while let Some(node) = queue.pop_front() {
            order.push(node);
            matches[node] = spells[node].into_iter().collect();
            if node != 0 {
                let inherited = matches[fail[node]].clone();
                matches[node].extend(inherited);
            }
            // Where the failure goes (from the root: the root, whose row
            // is still all zeros).
            let failure = next[fail[node]].clone();
            next[node] = (0..stride)
                .map(|column| match children[node].get(&column) {
                    Some(&child) => {
                        fail[child] = failure[column];
                        queue.push_back(child);
                        child
                    }
                    None => failure[column],
                })
                .collect();
        }
        // Rows: the match states first, then the others, each in
        // breadth-first order.
        let (mut rows, others): (Vec<usize>, Vec<usize>) =
            order.into_iter().partition(|&n| !matches[n].is_empty());
        let match_states = rows.len();
        rows.extend(others);
        let row_bytes = stride * 4;
        let mut offset = vec![0u32; states];
        for (row, &node) in rows.iter().enumerate() {
            offset[node] = u32::try_from(row * row_bytes).expect("a table under 4 GiB");
        }
        for c in &mut columns {
            *c *= 4;
        }
        let mut slots = vec![EMPTY; (literals.len() * 2).next_power_of_two()];
        for (id, literal) in literals.iter().enumerate() {
            let mut slot = first_slot(literal, slots.len());
            while slots[slot] != EMPTY {
                slot = next_slot(slot, slots.len());
            }
            slots[slot] = u32::try_from(id).expect("fewer than 2^32 literals");
        }
        Tables {
            literals,
            slots,
            columns,
            stride,
            transitions: rows
                .iter()
                .flat_map(|&node| next[node].iter().map(|&n| offset[n]))
                .collect(),
            start: offset[0],
            matches: rows[..match_states]
                .iter()
                .map(|&n| std::mem::take(&mut matches[n]))
                .collect(),
        }
    }
}
