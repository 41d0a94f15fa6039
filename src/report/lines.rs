//! Byte offsets → 1-based lines and character columns.

/// A 1-based line and column; columns count characters (a leading BOM is not
/// counted, as editors do not show it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LineCol {
    pub line: usize,
    pub column: usize,
}

/// Line starts of a text, for converting offsets.
#[derive(Debug, Clone)]
pub struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { text, starts }
    }

    /// Line and column of a byte offset (clamped to the text, on a char boundary).
    pub fn line_col(&self, offset: usize) -> LineCol {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let start = self.starts[line];
        let mut prefix = &self.text[start..offset];
        if line == 0 {
            prefix = prefix.strip_prefix('\u{feff}').unwrap_or(prefix);
        }
        LineCol {
            line: line + 1,
            column: prefix.chars().count() + 1,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_characters() {
        let t = "标题\n纠错率37.5%";
        let idx = LineIndex::new(t);
        assert_eq!(idx.line_col(0), LineCol { line: 1, column: 1 });
        let off = t.find("37").unwrap();
        assert_eq!(idx.line_col(off), LineCol { line: 2, column: 4 });
        assert_eq!(idx.line_col(t.len()), LineCol { line: 2, column: 9 });
        let bom = "\u{feff}报告";
        assert_eq!(
            LineIndex::new(bom).line_col(3),
            LineCol { line: 1, column: 1 }
        );
    }
}
