//! Reading a ZIP archive (the container of a `.docx`) in memory, within limits.
//!
//! Only what Office packages use: one disk, entries stored or deflated, ZIP64
//! sizes and offsets. Sizes come from the central directory (local headers
//! may defer them to a data descriptor). Every read is bounds-checked; a
//! damaged archive is an error, never a panic. Limits guard against archives
//! built to exhaust memory ("zip bombs"): at most [`MAX_ENTRIES`] entries, and
//! the parts one reading inflates share a budget of [`MAX_INFLATED`] bytes,
//! enforced while inflating (the sizes an archive declares may lie).

use super::DocxError;
use miniz_oxide::inflate::TINFLStatus;
use miniz_oxide::inflate::core::{DecompressorOxide, decompress, inflate_flags};
use std::ops::Range;

/// More entries than any real document package has (a long report with
/// many images has a few hundred).
pub(crate) const MAX_ENTRIES: usize = 20_000;
/// The most bytes one reading inflates, over all the parts it reads.
pub(crate) const MAX_INFLATED: usize = 256 * 1024 * 1024;

const EOCD_SIG: u32 = 0x0605_4b50;
const ZIP64_LOCATOR_SIG: u32 = 0x0706_4b50;
const ZIP64_EOCD_SIG: u32 = 0x0606_4b50;
const CENTRAL_SIG: u32 = 0x0201_4b50;
const LOCAL_SIG: u32 = 0x0403_4b50;

/// One entry of the central directory.
#[derive(Debug, Clone)]
pub(crate) struct Entry {
    /// The name as stored (OOXML part names are ASCII, without a leading `/`).
    pub(crate) name: String,
    pub(crate) flags: u16,
    pub(crate) method: u16,
    pub(crate) crc32: u32,
    pub(crate) size: u64,
    /// The central directory record, as stored.
    pub(crate) central: Range<usize>,
    /// The local header, the data and any data descriptor, as stored.
    pub(crate) record: Range<usize>,
    /// The (compressed) data.
    pub(crate) data: Range<usize>,
}

/// An archive's directory over its bytes.
#[derive(Debug)]
pub(crate) struct Archive<'a> {
    pub(crate) bytes: &'a [u8],
    pub(crate) entries: Vec<Entry>,
    /// The archive comment, as stored.
    pub(crate) comment: Range<usize>,
}

/// Inflated bytes left to a reading.
#[derive(Debug)]
pub(crate) struct Budget(pub(crate) usize);

impl Default for Budget {
    fn default() -> Self {
        Budget(MAX_INFLATED)
    }
}

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(
        b.get(at..at.checked_add(2)?)?.try_into().ok()?,
    ))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(
        b.get(at..at.checked_add(4)?)?.try_into().ok()?,
    ))
}

fn u64_at(b: &[u8], at: usize) -> Option<u64> {
    Some(u64::from_le_bytes(
        b.get(at..at.checked_add(8)?)?.try_into().ok()?,
    ))
}

fn corrupt(what: &str) -> DocxError {
    DocxError::Corrupt(what.to_owned())
}

impl<'a> Archive<'a> {
    /// Read the central directory of `bytes`.
    pub(crate) fn parse(bytes: &'a [u8]) -> Result<Archive<'a>, DocxError> {
        let eocd =
            find_eocd(bytes).ok_or_else(|| corrupt("找不到 ZIP 目录（文件不完整或已损坏）"))?;
        let disk = u16_at(bytes, eocd + 4).unwrap_or(0);
        let cd_disk = u16_at(bytes, eocd + 6).unwrap_or(0);
        let mut count = u64::from(u16_at(bytes, eocd + 10).unwrap_or(0));
        let mut cd_size = u64::from(u32_at(bytes, eocd + 12).unwrap_or(0));
        let mut cd_offset = u64::from(u32_at(bytes, eocd + 16).unwrap_or(0));
        let comment_len = usize::from(u16_at(bytes, eocd + 20).unwrap_or(0));
        let comment = eocd + 22..(eocd + 22 + comment_len).min(bytes.len());
        if disk != 0 || cd_disk != 0 {
            return Err(corrupt("分卷 ZIP 文件"));
        }
        if count == 0xFFFF || cd_size == 0xFFFF_FFFF || cd_offset == 0xFFFF_FFFF {
            if let Some((c, s, o)) = zip64_directory(bytes, eocd) {
                (count, cd_size, cd_offset) = (c, s, o);
            }
        }
        if count > MAX_ENTRIES as u64 {
            return Err(DocxError::TooManyEntries(count));
        }
        let start = usize::try_from(cd_offset).map_err(|_| corrupt("ZIP 目录位置无效"))?;
        let end = usize::try_from(cd_size)
            .ok()
            .and_then(|s| start.checked_add(s))
            .filter(|&e| e <= bytes.len())
            .ok_or_else(|| corrupt("ZIP 目录超出文件末尾"))?;
        let mut entries = Vec::with_capacity(count as usize);
        let mut at = start;
        while at < end && entries.len() < count as usize {
            let entry = central_entry(bytes, at)?;
            at = entry.central.end;
            entries.push(entry);
        }
        if entries.len() as u64 != count {
            return Err(corrupt("ZIP 目录中的条目数与记录不符"));
        }
        // Each entry's record runs to the next one (or to the directory), so
        // that a data descriptor after the data, whatever its form, is kept.
        let mut starts: Vec<usize> = entries.iter().map(|e| e.record.start).collect();
        starts.push(start);
        starts.sort_unstable();
        if starts.windows(2).any(|w| w[0] == w[1]) {
            return Err(corrupt("ZIP 条目互相重叠"));
        }
        for e in &mut entries {
            let next = starts[starts.partition_point(|&s| s <= e.record.start)..]
                .first()
                .copied()
                .unwrap_or(start);
            if next < e.data.end {
                return Err(corrupt("ZIP 条目互相重叠"));
            }
            e.record.end = next;
        }
        let mut names: Vec<String> = entries
            .iter()
            .map(|e| e.name.to_ascii_lowercase())
            .collect();
        names.sort_unstable();
        if names.windows(2).any(|w| w[0] == w[1]) {
            return Err(corrupt("ZIP 中有重名的条目"));
        }
        Ok(Archive {
            bytes,
            entries,
            comment,
        })
    }

    /// The entry called `name` (OPC part names compare case-insensitively;
    /// a leading `/` is ignored).
    pub(crate) fn entry(&self, name: &str) -> Option<&Entry> {
        let name = name.strip_prefix('/').unwrap_or(name);
        self.entries
            .iter()
            .find(|e| e.name.eq_ignore_ascii_case(name))
    }

    /// The inflated bytes of `entry`, charged to `budget`; the CRC is checked.
    pub(crate) fn read(&self, entry: &Entry, budget: &mut Budget) -> Result<Vec<u8>, DocxError> {
        if entry.flags & 1 != 0 {
            return Err(DocxError::Encrypted);
        }
        if entry.size > budget.0 as u64 {
            return Err(DocxError::TooLarge);
        }
        let data = &self.bytes[entry.data.clone()];
        // Never more than the entry says it holds (which the budget allows):
        // an archive that lies about its sizes is stopped there.
        let declared = entry.size as usize;
        let out = match entry.method {
            0 => data.to_vec(),
            8 => inflate(data, declared).map_err(|status| match status {
                TINFLStatus::HasMoreOutput => DocxError::Corrupt(format!(
                    "{} 解压后比记录的大小大（文件损坏，或是恶意构造的“压缩炸弹”）",
                    entry.name
                )),
                _ => DocxError::Corrupt(format!("{} 的压缩数据已损坏", entry.name)),
            })?,
            m => {
                return Err(DocxError::Corrupt(format!(
                    "{} 使用了不支持的压缩方式（{m}）",
                    entry.name
                )));
            }
        };
        if out.len() > budget.0 {
            return Err(DocxError::TooLarge);
        }
        budget.0 -= out.len();
        if out.len() as u64 != entry.size || crc32fast::hash(&out) != entry.crc32 {
            return Err(DocxError::Corrupt(format!("{} 的数据校验失败", entry.name)));
        }
        Ok(out)
    }
}

/// Inflate raw DEFLATE `data` into a buffer of exactly `size` bytes (the
/// size the archive records): more output than that is an error.
fn inflate(data: &[u8], size: usize) -> Result<Vec<u8>, TINFLStatus> {
    let mut out = vec![0u8; size];
    let mut state = DecompressorOxide::new();
    let flags = inflate_flags::TINFL_FLAG_USING_NON_WRAPPING_OUTPUT_BUF;
    let (status, _, written) = decompress(&mut state, data, &mut out, 0, flags);
    match status {
        TINFLStatus::Done => {
            out.truncate(written);
            Ok(out)
        }
        other => Err(other),
    }
}

/// The end-of-central-directory record: searched backwards over the
/// largest possible comment.
fn find_eocd(bytes: &[u8]) -> Option<usize> {
    let last = bytes.len().checked_sub(22)?;
    let first = last.saturating_sub(0xFFFF);
    (first..=last).rev().find(|&i| {
        u32_at(bytes, i) == Some(EOCD_SIG)
            && usize::from(u16_at(bytes, i + 20).unwrap_or(u16::MAX)) + i + 22 <= bytes.len()
    })
}

/// (entries, directory size, directory offset) from the ZIP64 records.
fn zip64_directory(bytes: &[u8], eocd: usize) -> Option<(u64, u64, u64)> {
    let locator = eocd.checked_sub(20)?;
    if u32_at(bytes, locator)? != ZIP64_LOCATOR_SIG {
        return None;
    }
    let record = usize::try_from(u64_at(bytes, locator + 8)?).ok()?;
    if u32_at(bytes, record)? != ZIP64_EOCD_SIG {
        return None;
    }
    Some((
        u64_at(bytes, record + 32)?,
        u64_at(bytes, record + 40)?,
        u64_at(bytes, record + 48)?,
    ))
}

/// The central directory record at `at` and the entry it describes.
fn central_entry(bytes: &[u8], at: usize) -> Result<Entry, DocxError> {
    let bad = || corrupt("ZIP 目录记录已损坏");
    if u32_at(bytes, at) != Some(CENTRAL_SIG) {
        return Err(bad());
    }
    let field16 = |o: usize| u16_at(bytes, at + o).ok_or_else(bad);
    let field32 = |o: usize| u32_at(bytes, at + o).ok_or_else(bad);
    let flags = field16(8)?;
    let method = field16(10)?;
    let crc32 = field32(16)?;
    let mut compressed_size = u64::from(field32(20)?);
    let mut size = u64::from(field32(24)?);
    let name_len = usize::from(field16(28)?);
    let extra_len = usize::from(field16(30)?);
    let comment_len = usize::from(field16(32)?);
    let mut local_offset = u64::from(field32(42)?);
    let name_at = at + 46;
    let extra_at = name_at + name_len;
    let end = extra_at + extra_len + comment_len;
    let name = bytes.get(name_at..extra_at).ok_or_else(bad)?;
    let extra = bytes.get(extra_at..extra_at + extra_len).ok_or_else(bad)?;
    if end > bytes.len() {
        return Err(bad());
    }
    if let Some(z) = zip64_extra(extra) {
        let mut values = z
            .chunks_exact(8)
            .map(|c| u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]));
        if size == 0xFFFF_FFFF {
            size = values.next().ok_or_else(bad)?;
        }
        if compressed_size == 0xFFFF_FFFF {
            compressed_size = values.next().ok_or_else(bad)?;
        }
        if local_offset == 0xFFFF_FFFF {
            local_offset = values.next().ok_or_else(bad)?;
        }
    }
    let name = String::from_utf8_lossy(name).into_owned();
    let local = usize::try_from(local_offset).map_err(|_| bad())?;
    if u32_at(bytes, local) != Some(LOCAL_SIG) {
        return Err(corrupt("ZIP 条目的本地头已损坏"));
    }
    let local_name = usize::from(u16_at(bytes, local + 26).ok_or_else(bad)?);
    let local_extra = usize::from(u16_at(bytes, local + 28).ok_or_else(bad)?);
    let data_start = local + 30 + local_name + local_extra;
    let data_end = usize::try_from(compressed_size)
        .ok()
        .and_then(|s| data_start.checked_add(s))
        .filter(|&e| e <= bytes.len())
        .ok_or_else(|| corrupt("ZIP 条目的数据超出文件末尾"))?;
    Ok(Entry {
        name,
        flags,
        method,
        crc32,
        size,
        central: at..end,
        // Completed in `parse`: up to the next record.
        record: local..data_end,
        data: data_start..data_end,
    })
}

/// The ZIP64 extended information field of an extra block.
fn zip64_extra(mut extra: &[u8]) -> Option<&[u8]> {
    while extra.len() >= 4 {
        let id = u16::from_le_bytes([extra[0], extra[1]]);
        let len = usize::from(u16::from_le_bytes([extra[2], extra[3]]));
        let body = extra.get(4..4 + len)?;
        if id == 0x0001 {
            return Some(body);
        }
        extra = &extra[4 + len..];
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::docx::zip_write::{Member, write_archive};

    fn archive(files: &[(&str, &[u8])]) -> Vec<u8> {
        let members: Vec<Member> = files
            .iter()
            .map(|(n, b)| Member::new(n, b.to_vec()))
            .collect();
        write_archive(&members)
    }

    #[test]
    fn round_trip_and_crc() {
        let bytes = archive(&[
            ("a.xml", b"<a/>"),
            ("word/document.xml", "正文".repeat(500).as_bytes()),
        ]);
        let zip = Archive::parse(&bytes).unwrap();
        assert_eq!(zip.entries.len(), 2);
        let e = zip.entry("/Word/Document.xml").unwrap();
        let mut budget = Budget::default();
        assert_eq!(
            zip.read(e, &mut budget).unwrap(),
            "正文".repeat(500).as_bytes()
        );
        // A flipped byte in the data fails the check or the inflation.
        let mut bad = bytes.clone();
        let at = zip.entry("word/document.xml").unwrap().data.start + 3;
        bad[at] ^= 0x55;
        let zip = Archive::parse(&bad).unwrap();
        let e = zip.entry("word/document.xml").unwrap();
        assert!(zip.read(e, &mut Budget::default()).is_err());
    }

    #[test]
    fn budget_stops_inflation() {
        let big = vec![b'a'; 1 << 20];
        let bytes = archive(&[("word/document.xml", &big)]);
        let zip = Archive::parse(&bytes).unwrap();
        let e = zip.entry("word/document.xml").unwrap();
        assert!(matches!(
            zip.read(e, &mut Budget(1000)),
            Err(DocxError::TooLarge)
        ));
        let mut budget = Budget(2 << 20);
        assert_eq!(zip.read(e, &mut budget).unwrap().len(), 1 << 20);
        assert_eq!(budget.0, 1 << 20);
    }

    #[test]
    fn truncations_and_garbage_are_errors() {
        let bytes = archive(&[("a.xml", b"<a/>"), ("b.xml", b"<b/>")]);
        for n in 0..bytes.len() {
            let _ = Archive::parse(&bytes[..n]).map(|z| {
                for e in &z.entries {
                    let _ = z.read(e, &mut Budget::default());
                }
            });
        }
        for i in 0..bytes.len() {
            let mut b = bytes.clone();
            b[i] = b[i].wrapping_add(0x41);
            if let Ok(z) = Archive::parse(&b) {
                for e in &z.entries {
                    let _ = z.read(e, &mut Budget::default());
                }
            }
        }
        assert!(Archive::parse(b"PK\x03\x04 not a zip").is_err());
    }
}
