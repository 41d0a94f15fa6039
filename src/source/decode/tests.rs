//! Decoding: encodings read, binary and UTF-16 files refused, mojibake avoided.

use super::*;

#[test]
fn utf8_with_and_without_bom() {
    let (t, e) = decode("报告".as_bytes().to_vec()).unwrap();
    assert_eq!((t.as_str(), e), ("报告", Encoding::Utf8));
    let mut b = vec![0xEF, 0xBB, 0xBF];
    b.extend_from_slice("报告".as_bytes());
    let (t, e) = decode(b).unwrap();
    assert_eq!((t.as_str(), e), ("\u{feff}报告", Encoding::Utf8Bom));
}

#[test]
fn gb18030() {
    let (bytes, _, _) = encoding_rs::GB18030.encode("2024年度法治政府建设工作报告，共5907件。");
    let (t, e) = decode(bytes.into_owned()).unwrap();
    assert_eq!(t, "2024年度法治政府建设工作报告，共5907件。");
    assert_eq!(e, Encoding::Gb18030);
}

#[test]
fn binary_and_unknown() {
    assert_eq!(
        decode(vec![0x89, b'P', b'N', b'G', 0, 0, 1]),
        Err(DecodeError::Binary)
    );
    assert_eq!(decode(vec![0xFF, 0xFE, b'a', 0]), Err(DecodeError::Utf16));
    // Latin-1 text is not UTF-8 and decodes to implausible GB18030.
    let latin1: Vec<u8> = "caf\u{e9} cr\u{e8}me br\u{fb}l\u{e9}e \u{e0} la fa\u{e7}on"
        .chars()
        .map(|c| c as u32 as u8)
        .collect();
    assert!(matches!(
        decode(latin1),
        Err(DecodeError::UnknownEncoding {
            utf8_error_at: 3,
            line: 1
        })
    ));
}

/// A deterministic byte generator (xorshift), so the tests need no crate.
fn pseudo_random(seed: u64, len: usize) -> Vec<u8> {
    let mut x = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect()
}

const REPORT: &str = "关于2024年度法治政府建设工作情况的报告\r\n\
    一、主要举措和成效\n\t（一）深入推进依法行政。全年办理行政复议案件128件，\
    纠错率12.5%；审查规范性文件37件。\u{0C}\n二、存在的不足";

#[test]
fn gbk_encoded_chinese_text() {
    for encoding in [encoding_rs::GBK, encoding_rs::GB18030] {
        let (bytes, _, unmappable) = encoding.encode(REPORT);
        assert!(!unmappable);
        let (text, enc) = decode(bytes.into_owned()).unwrap();
        assert_eq!(text, REPORT);
        assert_eq!(enc, Encoding::Gb18030);
    }
    // Traditional text saved as GBK (its extension area) decodes too.
    let trad = "區政府法治政府建設工作報告：行政復議、依法行政、規範性文件。";
    let (bytes, _, _) = encoding_rs::GBK.encode(trad);
    assert_eq!(
        decode(bytes.into_owned()).unwrap(),
        (trad.to_owned(), Encoding::Gb18030)
    );
    // A single GBK character.
    let (bytes, _, _) = encoding_rs::GBK.encode("中");
    assert_eq!(decode(bytes.into_owned()).unwrap().1, Encoding::Gb18030);
}

#[test]
fn encode_is_decode_reversed() {
    for (encoding, bytes) in [
        (Encoding::Utf8, REPORT.as_bytes().to_vec()),
        (
            Encoding::Gb18030,
            encoding_rs::GB18030.encode(REPORT).0.into_owned(),
        ),
    ] {
        assert_eq!(encoding.encode(REPORT).as_deref(), Some(bytes.as_slice()));
        assert_eq!(decode(bytes).unwrap(), (REPORT.to_owned(), encoding));
    }
    // GB18030 covers all of Unicode except lone surrogates, which a Rust
    // string cannot hold; a private-use character round-trips too.
    assert!(Encoding::Gb18030.encode("\u{E000}报告").is_some());
}

#[test]
fn utf8_bom_is_kept() {
    let mut b = b"\xEF\xBB\xBF".to_vec();
    b.extend_from_slice(REPORT.as_bytes());
    let (t, e) = decode(b.clone()).unwrap();
    assert_eq!(e, Encoding::Utf8Bom);
    assert_eq!(t.as_bytes(), b.as_slice());
    assert_eq!(Encoding::Utf8Bom.name(), "UTF-8 (BOM)");
}

#[test]
fn utf16_is_rejected_with_its_own_error() {
    let le: Vec<u8> = REPORT.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let be: Vec<u8> = REPORT.encode_utf16().flat_map(u16::to_be_bytes).collect();
    for body in [&le, &be] {
        // With a BOM…
        let bom = if body == &le {
            [0xFF, 0xFE]
        } else {
            [0xFE, 0xFF]
        };
        let mut with_bom = bom.to_vec();
        with_bom.extend_from_slice(body);
        assert_eq!(decode(with_bom), Err(DecodeError::Utf16));
        // …and without one (the ASCII characters put NULs in every other byte).
        assert_eq!(decode(body.clone()), Err(DecodeError::Utf16));
    }
    // BOM-less UTF-16 of pure CJK has no NUL bytes: not recognised, but
    // never accepted as something else either.
    let cjk: Vec<u8> = "法治政府建设"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    assert!(decode(cjk).is_err());
}

#[test]
fn png_and_other_binary_signatures() {
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10\0\0\0\x10\x08\x06\0\0\0".to_vec();
    assert_eq!(decode(png), Err(DecodeError::Binary));
    // Only the 8-byte signature: still an image.
    assert_eq!(
        decode(b"\x89PNG\r\n\x1a\n".to_vec()),
        Err(DecodeError::Binary)
    );
    for head in [
        &b"\xFF\xD8\xFF\xE0"[..],
        b"GIF89a\x01\x00",
        b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n",
        b"PK\x03\x04\x14\x00\x06\x00",
        b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1",
        b"\x7FELF\x02\x01\x01",
    ] {
        assert_eq!(decode(head.to_vec()), Err(DecodeError::Binary), "{head:?}");
    }
    // A NUL anywhere, even far into the file.
    let mut late_nul = "报告".repeat(10_000).into_bytes();
    late_nul.push(0);
    assert_eq!(decode(late_nul), Err(DecodeError::Binary));
    // Text that merely starts like a signature is still text.
    assert_eq!(decode(b"BMI report".to_vec()).unwrap().1, Encoding::Utf8);
}

#[test]
fn random_bytes_are_rejected() {
    for seed in 0..200 {
        let bytes = pseudo_random(seed, 512);
        assert!(decode(bytes).is_err(), "seed {seed}");
    }
    // Random bytes without NULs or control bytes: not binary by those
    // signs, but not plausible GB18030 either.
    for seed in 0..200 {
        let bytes: Vec<u8> = pseudo_random(seed, 512)
            .into_iter()
            .map(|b| if b < 0x20 { b | 0x40 } else { b })
            .collect();
        assert!(
            matches!(decode(bytes), Err(DecodeError::UnknownEncoding { .. })),
            "seed {seed}"
        );
    }
    // Random high bytes only (the GBK byte range).
    for seed in 0..200 {
        let bytes: Vec<u8> = pseudo_random(seed, 256)
            .into_iter()
            .map(|b| b | 0x80)
            .collect();
        assert!(
            matches!(decode(bytes), Err(DecodeError::UnknownEncoding { .. })),
            "seed {seed}"
        );
    }
}

#[test]
fn control_characters_make_gb18030_implausible() {
    for control in ['\u{1B}', '\u{7}', '\u{7F}'] {
        let text = format!("{REPORT}{control}[31m");
        let (bytes, _, _) = encoding_rs::GBK.encode(&text);
        assert!(
            matches!(
                decode(bytes.into_owned()),
                Err(DecodeError::UnknownEncoding { .. })
            ),
            "{control:?}"
        );
    }
    // …while tab, CR, LF and form feed are fine (REPORT has all four).
    let (bytes, _, _) = encoding_rs::GBK.encode(REPORT);
    assert!(decode(bytes.into_owned()).is_ok());
}

#[test]
fn damaged_utf8_is_not_read_as_gb18030_mojibake() {
    let mut bytes = REPORT.repeat(3).into_bytes();
    let at = REPORT
        .char_indices()
        .map(|(i, _)| i)
        .find(|&i| i >= 30)
        .unwrap();
    bytes.insert(at, 0xFF);
    let line = 1 + REPORT[..at].matches('\n').count();
    let err = decode(bytes).unwrap_err();
    assert_eq!(
        err,
        DecodeError::UnknownEncoding {
            utf8_error_at: at,
            line
        }
    );
    // The message says where: users find the byte with a hex editor.
    assert!(err.to_string().contains(&format!("字节偏移 {at}")), "{err}");
    let mut truncated = REPORT.as_bytes().to_vec();
    truncated.truncate(truncated.len() - 1);
    assert!(matches!(
        decode(truncated),
        Err(DecodeError::UnknownEncoding { .. })
    ));
}

#[test]
fn control_bytes_are_the_c0_controls_and_del_except_text_whitespace() {
    for b in 0..=u8::MAX {
        let expected = (b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0C)) || b == 0x7F;
        assert_eq!(is_control_byte(b), expected, "byte {b:#04x}");
    }
}
