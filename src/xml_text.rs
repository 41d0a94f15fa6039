//! Text escaped for XML 1.0, shared by every XML the linter writes (the JUnit
//! report, comments written into Word documents).

/// Escape `s` for XML character data and attribute values (either quote).
///
/// Characters XML 1.0 cannot hold at all — the C0 controls other than tab,
/// line feed and carriage return, U+FFFE and U+FFFF — are dropped: a
/// message that quotes a damaged text must not make the whole file
/// unreadable (Word refuses a document with one such character).
pub(crate) fn escape_xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::escape_xml;

    #[test]
    fn markup_is_escaped_and_what_xml_cannot_hold_is_dropped() {
        assert_eq!(
            escape_xml("<a & \"b\">\u{1}'\u{FFFE}\u{FFFF}"),
            "&lt;a &amp; &quot;b&quot;&gt;&apos;"
        );
        assert_eq!(escape_xml("第一\t第二\r\n"), "第一\t第二\r\n");
        // Everything else passes, astral characters included.
        assert_eq!(escape_xml("𠀀\u{7F}\u{FFFD}"), "𠀀\u{7F}\u{FFFD}");
    }
}
