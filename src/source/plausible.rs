//! Whether decoded bytes read as Chinese text rather than as mojibake.

/// Bytes that are UTF-8 apart from a few bad sequences (a truncated or
/// damaged UTF-8 file): GB18030 would decode them, but into mojibake.
///
/// In real GBK/GB18030 Chinese text, byte pairs that happen to form valid
/// multi-byte UTF-8 characters are about a fifth as frequent as invalid
/// sequences; in damaged UTF-8 they outnumber the invalid ones by far.
pub(super) fn mostly_utf8(bytes: &[u8]) -> bool {
    let (mut valid, mut invalid) = (0usize, 0usize);
    for chunk in bytes.utf8_chunks() {
        valid += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        if !chunk.invalid().is_empty() {
            invalid += 1;
        }
    }
    valid > 2 * invalid
}

/// GB18030 decodes almost any byte string; arbitrary binary or Latin-1 data
/// turns into rare four-byte sequences, private-use characters and controls,
/// and random double-byte data into a uniform spread over all of GBK's
/// 21,000 ideographs.
///
/// Text is plausible when it has no control characters besides whitespace,
/// most of its non-ASCII characters are CJK or punctuation, and at least 80%
/// of them (after traditional → simplified, so traditional text counts too)
/// are GB 2312 characters: real documents score above 99%, random bytes
/// around 40%.
pub(super) fn plausible_gb18030(text: &str) -> bool {
    if !plain_text(text) {
        return false;
    }
    let (common, total) = gb2312_share(text);
    common * 5 >= total * 4
}

/// No control characters besides whitespace, and mostly the characters
/// Chinese documents are written in.
pub(super) fn plain_text(text: &str) -> bool {
    !text.chars().any(is_control_char) && mostly_text(text)
}

/// Control characters other than `\t \n \r \f`, including C1 controls.
fn is_control_char(c: char) -> bool {
    c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{0C}')
}

/// (GB 2312 characters, all characters) among the first non-ASCII characters
/// of `text`, traditional ones counted by their simplified form.
fn gb2312_share(text: &str) -> (usize, usize) {
    const SAMPLE: usize = 16 * 1024;
    let simplified: String = text
        .chars()
        .filter(|c| !c.is_ascii())
        .take(SAMPLE)
        .map(crate::normalize::to_simplified)
        .collect();
    // GBK encodes every character it has as two bytes and everything else as
    // an ASCII numeric character reference ("&#NNNNN;").
    let (bytes, _, _) = encoding_rs::GBK.encode(&simplified);
    let (mut common, mut total) = (0, 0);
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii() {
            total += usize::from(b == b';');
            i += 1;
            continue;
        }
        let trail = bytes.get(i + 1).copied().unwrap_or(0);
        total += 1;
        // Rows A1–A9 are symbols, B0–F7 the 6,763 hanzi; AA–AF and F8–FE are
        // GBK's user-defined (private-use) areas.
        if matches!(b, 0xA1..=0xA9 | 0xB0..=0xF7) && (0xA1..=0xFE).contains(&trail) {
            common += 1;
        }
        i += 2;
    }
    (common, total)
}

/// At most one in ten non-ASCII characters outside the CJK, punctuation and
/// symbol blocks that Chinese documents use.
fn mostly_text(text: &str) -> bool {
    let mut non_ascii = 0usize;
    let mut odd = 0usize;
    for c in text.chars().filter(|c| !c.is_ascii()) {
        non_ascii += 1;
        let common = matches!(c,
            '\u{4E00}'..='\u{9FFF}'   // CJK unified ideographs
            | '\u{3400}'..='\u{4DBF}' // extension A
            | '\u{3000}'..='\u{303F}' // CJK punctuation
            | '\u{FF00}'..='\u{FFEF}' // full-width forms
            | '\u{2000}'..='\u{206F}' // general punctuation (“” — …)
            | '\u{2150}'..='\u{218F}' // number forms (Ⅰ Ⅱ)
            | '\u{2460}'..='\u{24FF}' // enclosed numbers (① ⑴)
            | '\u{25A0}'..='\u{25FF}' // geometric shapes (■ ○)
            | '\u{3200}'..='\u{32FF}' // enclosed CJK (㈠)
            | '\u{00B7}' | '\u{00D7}' | '\u{00F7}' | '\u{00B0}' | '\u{FEFF}');
        if !common {
            odd += 1;
        }
    }
    non_ascii == 0 || odd * 10 <= non_ascii
}
