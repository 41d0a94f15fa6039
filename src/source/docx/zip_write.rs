//! Writing a ZIP archive: entries copied byte for byte from another archive,
//! or new ones deflated.
//!
//! A copied entry keeps its local header, data and data descriptor exactly as
//! stored, and its central directory record with only the offset updated, so
//! every part the annotation does not touch is the same bytes in the copy.

use super::zip::{Archive, Entry};

/// One entry of the archive being written.
pub(crate) struct Member<'a> {
    body: Body<'a>,
}

enum Body<'a> {
    /// An entry of an existing archive, unchanged.
    Copy {
        archive: &'a Archive<'a>,
        entry: &'a Entry,
    },
    /// New contents, with the central record of the entry it replaces (for
    /// its time stamp and attributes), if any.
    New {
        name: String,
        bytes: Vec<u8>,
        like: Option<&'a [u8]>,
    },
}

impl<'a> Member<'a> {
    /// A new entry.
    pub(super) fn new(name: &str, bytes: Vec<u8>) -> Self {
        Member {
            body: Body::New {
                name: name.to_owned(),
                bytes,
                like: None,
            },
        }
    }

    /// `entry` of `archive`, copied unchanged.
    pub(crate) fn copy(archive: &'a Archive<'a>, entry: &'a Entry) -> Self {
        Member {
            body: Body::Copy { archive, entry },
        }
    }

    /// New contents for `entry` of `archive` (same name, time and attributes).
    pub(crate) fn replace(archive: &'a Archive<'a>, entry: &'a Entry, bytes: Vec<u8>) -> Self {
        Member {
            body: Body::New {
                name: entry.name.clone(),
                bytes,
                like: archive.bytes.get(entry.central.clone()),
            },
        }
    }
}

fn put16(out: &mut Vec<u8>, v: u16) {
    out.extend_from_slice(&v.to_le_bytes());
}

fn put32(out: &mut Vec<u8>, v: u32) {
    out.extend_from_slice(&v.to_le_bytes());
}

/// The field at `at` of a central record, or `default`.
fn field16(record: Option<&[u8]>, at: usize, default: u16) -> u16 {
    record
        .and_then(|r| r.get(at..at + 2))
        .map_or(default, |b| u16::from_le_bytes([b[0], b[1]]))
}

fn field32(record: Option<&[u8]>, at: usize, default: u32) -> u32 {
    record
        .and_then(|r| r.get(at..at + 4))
        .map_or(default, |b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}

/// The archive holding `members` in order, with `comment` (the bytes of
/// the original archive comment).
pub(crate) fn write_archive_with_comment(members: &[Member<'_>], comment: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    for m in members {
        let offset = out.len();
        match &m.body {
            Body::Copy { archive, entry } => {
                out.extend_from_slice(&archive.bytes[entry.record.clone()]);
                central.extend_from_slice(&relocated(
                    &archive.bytes[entry.central.clone()],
                    offset as u64,
                ));
            }
            Body::New { name, bytes, like } => {
                let like = like.as_deref();
                // Fast compression: the parts rewritten are the large ones.
                let data = miniz_oxide::deflate::compress_to_vec(bytes, 1);
                let crc = crc32fast::hash(bytes);
                let utf8 = if name.is_ascii() { 0 } else { 0x0800 };
                let (time, date) = (field16(like, 12, 0), field16(like, 14, 0x0021));
                let header = |out: &mut Vec<u8>| {
                    put16(out, 20); // version needed: deflate
                    put16(out, utf8);
                    put16(out, 8);
                    put16(out, time);
                    put16(out, date);
                    put32(out, crc);
                    put32(out, data.len() as u32);
                    put32(out, bytes.len() as u32);
                    put16(out, name.len() as u16);
                    put16(out, 0); // extra
                };
                put32(&mut out, 0x0403_4b50);
                header(&mut out);
                out.extend_from_slice(name.as_bytes());
                out.extend_from_slice(&data);
                put32(&mut central, 0x0201_4b50);
                put16(&mut central, field16(like, 4, 20)); // version made by
                header(&mut central);
                put16(&mut central, 0); // comment
                put16(&mut central, 0); // disk
                put16(&mut central, field16(like, 36, 0)); // internal attributes
                put32(&mut central, field32(like, 38, 0)); // external attributes
                put32(&mut central, offset as u32);
                central.extend_from_slice(name.as_bytes());
            }
        }
    }
    let cd_offset = out.len();
    out.extend_from_slice(&central);
    put32(&mut out, 0x0605_4b50);
    put16(&mut out, 0);
    put16(&mut out, 0);
    put16(&mut out, members.len() as u16);
    put16(&mut out, members.len() as u16);
    put32(&mut out, central.len() as u32);
    put32(&mut out, cd_offset as u32);
    put16(&mut out, comment.len() as u16);
    out.extend_from_slice(comment);
    out
}

/// An archive without a comment.
#[cfg(test)]
pub(crate) fn write_archive(members: &[Member<'_>]) -> Vec<u8> {
    write_archive_with_comment(members, b"")
}

/// A central directory record pointing at a new local header offset (in the
/// ZIP64 field when the record keeps its offset there).
fn relocated(record: &[u8], offset: u64) -> Vec<u8> {
    let mut r = record.to_vec();
    let stored = field32(Some(record), 42, 0);
    if stored != 0xFFFF_FFFF {
        r[42..46].copy_from_slice(&(offset as u32).to_le_bytes());
        return r;
    }
    let name_len = usize::from(field16(Some(record), 28, 0));
    let extra_len = usize::from(field16(Some(record), 30, 0));
    let mut at = 46 + name_len;
    let end = (at + extra_len).min(r.len());
    while at + 4 <= end {
        let id = field16(Some(&r), at, 0);
        let len = usize::from(field16(Some(&r), at + 2, 0));
        if id == 0x0001 {
            // Sizes come first when the record defers them to this field.
            let mut skip = 0;
            if field32(Some(record), 24, 0) == 0xFFFF_FFFF {
                skip += 8;
            }
            if field32(Some(record), 20, 0) == 0xFFFF_FFFF {
                skip += 8;
            }
            let pos = at + 4 + skip;
            if pos + 8 <= at + 4 + len && pos + 8 <= r.len() {
                r[pos..pos + 8].copy_from_slice(&offset.to_le_bytes());
            }
            break;
        }
        at += 4 + len;
    }
    r
}
