//! Traditional → simplified, one character to one character.
//!
//! PLACEHOLDER TABLE: to be replaced by the full table generated from OpenCC.

/// Simplified form of `c`, or `c` itself.
pub fn to_simplified(c: char) -> char {
    match TABLE.binary_search_by_key(&c, |&(t, _)| t) {
        Ok(i) => TABLE[i].1,
        Err(_) => c,
    }
}

static TABLE: &[(char, char)] = &[
    ('區', '区'),
    ('報', '报'),
    ('號', '号'),
    ('設', '设'),
    ('開', '开'),
    ('問', '问'),
    ('題', '题'),
    ('黨', '党'),
    ('建', '建'),
];
