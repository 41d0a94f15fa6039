//! Matching words of a small table at a position of the text.
//!
//! The approximation words, and the filler words around a key, are tried
//! one word after another at each figure, and nearly every try fails. Comparing one
//! byte that the word must share with the text first rejects most tries
//! without a full comparison; the result is that of `strip_prefix` /
//! `strip_suffix`.

/// `s.strip_prefix(w)`.
#[inline]
pub(crate) fn strip_word_prefix<'a>(s: &'a str, w: &str) -> Option<&'a str> {
    let last = w.len().checked_sub(1);
    let may = last.is_none_or(|k| s.as_bytes().get(k) == w.as_bytes().get(k));
    if may { s.strip_prefix(w) } else { None }
}

/// `s.strip_suffix(w)`.
#[inline]
pub(crate) fn strip_word_suffix<'a>(s: &'a str, w: &str) -> Option<&'a str> {
    let may = w.is_empty() || s.as_bytes().last() == w.as_bytes().last();
    if may { s.strip_suffix(w) } else { None }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_as_std() {
        let words = ["", "约", "超过", "以上", "a", "ab", "全年", "为"];
        let texts = ["", "约", "超过3件", "全年约为", "ab", "b", "以上", "为"];
        for w in words {
            for s in texts {
                assert_eq!(strip_word_prefix(s, w), s.strip_prefix(w), "{s:?} {w:?}");
                assert_eq!(strip_word_suffix(s, w), s.strip_suffix(w), "{s:?} {w:?}");
            }
        }
    }
}
