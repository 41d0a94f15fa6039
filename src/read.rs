//! Reading files and streams within a size limit, and I/O errors in words.
//!
//! Drafts are small (a long report is well under 1 MB); a limit keeps a
//! mistaken argument (`/dev/zero`, a video, a disk image) from exhausting
//! memory. The limit is checked while reading, so a stream without a length
//! (a pipe, standard input, a device) stops at the limit too.

use std::fmt;
use std::io::{self, Read};
use std::path::Path;

/// The default limit: far above any report, far below a machine's memory.
pub(crate) const DEFAULT_MAX_FILE_SIZE: u64 = 64 * 1024 * 1024;

/// The largest limit that may be set: the checker keeps text offsets in 32
/// bits ([`crate::span::MAX_TEXT_LEN`]).
pub(crate) const MAX_FILE_SIZE: u64 = crate::span::MAX_TEXT_LEN as u64;

/// Why reading failed.
#[derive(Debug)]
pub enum ReadError {
    /// The input is longer than the limit (in bytes).
    TooLarge {
        limit: u64,
    },
    Io(io::Error),
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::TooLarge { limit } => write!(
                f,
                "超过文件大小上限 {}（可用 --max-file-size 或配置中的 max_file_size 调整）",
                format_size(*limit)
            ),
            ReadError::Io(e) => f.write_str(&describe_io(e)),
        }
    }
}

impl std::error::Error for ReadError {}

impl From<io::Error> for ReadError {
    fn from(e: io::Error) -> Self {
        ReadError::Io(e)
    }
}

/// Read all of `reader`, failing as soon as it holds more than `limit` bytes.
pub fn read_limited(reader: impl Read, limit: u64) -> Result<Vec<u8>, ReadError> {
    read_limited_into(reader, limit, Vec::new(), None)
}

/// [`read_limited`] into `bytes` (empty; its capacity sized for the input
/// when known, so that a large file is read without growing the buffer).
/// `stated` is a regular file's length when it was opened: once that many
/// bytes are read the file is read, without one more call to see its end
/// (a file written to while it is read gives what it held when opened).
fn read_limited_into(
    mut reader: impl Read,
    limit: u64,
    mut bytes: Vec<u8>,
    stated: Option<usize>,
) -> Result<Vec<u8>, ReadError> {
    // One byte more than allowed tells "exactly the limit" from "longer".
    let most = limit.saturating_add(1);
    // The capacity is filled first, each read as long as the reader gives:
    // `read_to_end` would read 8 KB at a time (it is given no size), one
    // more call for most reports. Setting the bytes to zero first costs
    // less than that call.
    let room = usize::try_from(most).map_or(bytes.capacity(), |m| m.min(bytes.capacity()));
    if room > 0 {
        bytes.resize(room, 0);
        let mut filled = 0;
        while filled < room {
            match reader.read(&mut bytes[filled..]) {
                Ok(0) => break,
                Ok(n) => {
                    filled += n;
                    if Some(filled) == stated {
                        break;
                    }
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e.into()),
            }
        }
        bytes.truncate(filled);
        if filled < room {
            // The end of the input, within the limit.
            return Ok(bytes);
        }
    }
    // Longer than stated (a file that grew), or of unknown length.
    reader
        .take(most - bytes.len() as u64)
        .read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge { limit });
    }
    Ok(bytes)
}

/// Read the file at `path` (a regular file, a FIFO or a device) within `limit`.
/// A regular file's stated length is checked before reading anything.
pub(crate) fn read_file_limited(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    let file = std::fs::File::open(path)?;
    let meta = file.metadata()?;
    if meta.is_dir() {
        return Err(ReadError::Io(io::Error::new(
            io::ErrorKind::IsADirectory,
            "is a directory",
        )));
    }
    if meta.is_file() && meta.len() > limit {
        return Err(ReadError::TooLarge { limit });
    }
    // The stated length is a hint (the file may change while it is read):
    // one byte more lets the read see the end without growing the buffer.
    let expected = if meta.is_file() {
        meta.len().saturating_add(1)
    } else {
        0
    };
    let capacity = usize::try_from(expected).unwrap_or(0);
    let stated = meta
        .is_file()
        .then(|| usize::try_from(meta.len()).ok())
        .flatten();
    read_limited_into(file, limit, Vec::with_capacity(capacity), stated)
}

/// Read a text file (pack, configuration) within the default limit.
pub(crate) fn read_text_file(path: &Path) -> Result<String, String> {
    let bytes = read_file_limited(path, DEFAULT_MAX_FILE_SIZE).map_err(|e| e.to_string())?;
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        format!("不是有效的 UTF-8 文本（字节偏移 {at} 处无效）")
    })
}

/// `64 MB`, `1.5 KB`, `100 字节`: a size as users write it (1 KB = 1024 bytes).
pub(crate) fn format_size(bytes: u64) -> String {
    const UNITS: [(&str, u64); 3] = [("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10)];
    for (unit, size) in UNITS {
        if bytes >= size {
            let whole = bytes / size;
            let tenths = (bytes % size) * 10 / size;
            return if tenths == 0 {
                format!("{whole} {unit}")
            } else {
                format!("{whole}.{tenths} {unit}")
            };
        }
    }
    format!("{bytes} 字节")
}

/// Parse a size: a number of bytes, or a number with `K`/`KB`, `M`/`MB`,
/// `G`/`GB` (binary multiples, any case, optional space): `64MB`, `512 KB`.
pub(crate) fn parse_size(s: &str) -> Result<u64, String> {
    let t = s.trim();
    let split = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (digits, unit) = t.split_at(split);
    let bad = || format!("“{s}”不是有效的大小（写作字节数，或如 64MB、512KB）");
    let n: u64 = digits.parse().map_err(|_| bad())?;
    let factor: u64 = match unit.trim().to_ascii_uppercase().as_str() {
        "" | "B" => 1,
        "K" | "KB" | "KIB" => 1 << 10,
        "M" | "MB" | "MIB" => 1 << 20,
        "G" | "GB" | "GIB" => 1 << 30,
        _ => return Err(bad()),
    };
    match n.checked_mul(factor) {
        Some(0) => Err(format!("“{s}”：大小上限必须大于 0")),
        Some(v) if v > MAX_FILE_SIZE => Err(format!(
            "“{s}”：大小上限必须小于 4 GB（最大 {MAX_FILE_SIZE} 字节）"
        )),
        Some(v) => Ok(v),
        None => Err(bad()),
    }
}

/// An I/O error in the user's words; the system's text only for errors
/// without a description of their own.
pub(crate) fn describe_io(e: &io::Error) -> String {
    use io::ErrorKind as K;
    let what = match e.kind() {
        K::NotFound => "文件或目录不存在",
        K::PermissionDenied => "没有权限",
        K::IsADirectory => "是目录，不是文件",
        K::NotADirectory => "路径中的某一部分不是目录",
        K::ReadOnlyFilesystem => "文件系统是只读的",
        K::StorageFull => "磁盘空间不足",
        K::InvalidFilename => "文件名过长或无效",
        _ if is_symlink_loop(e) => "符号链接形成循环（或层数过多）",
        _ => return format!("读写失败：{e}"),
    };
    what.to_owned()
}

/// ELOOP: too many levels of symbolic links.
fn is_symlink_loop(e: &io::Error) -> bool {
    // ErrorKind::FilesystemLoop is not stable; the errno is (Linux 40,
    // macOS and the BSDs 62).
    matches!(e.raw_os_error(), Some(40) if cfg!(target_os = "linux"))
        || matches!(e.raw_os_error(), Some(62) if cfg!(any(target_os = "macos", target_os = "freebsd", target_os = "openbsd", target_os = "netbsd")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limit_is_exact() {
        assert_eq!(read_limited(&b"abcd"[..], 4).unwrap(), b"abcd");
        // Into a buffer sized for the input, shorter or longer than it
        // (a file that grew while it was read), up to the limit or past it.
        for capacity in 0..8 {
            let read = |input: &[u8], limit| {
                read_limited_into(input, limit, Vec::with_capacity(capacity), None)
            };
            assert_eq!(read(b"abcd", 4).unwrap(), b"abcd", "{capacity}");
            assert_eq!(read(b"", 4).unwrap(), b"", "{capacity}");
            assert!(
                matches!(read(b"abcde", 4), Err(ReadError::TooLarge { limit: 4 })),
                "{capacity}"
            );
            // Slow reader: one byte a read.
            let slow = io::Read::chain(&b"ab"[..], &b"cd"[..]);
            assert_eq!(
                read_limited_into(slow, 4, Vec::with_capacity(capacity), None).unwrap(),
                b"abcd"
            );
        }
        // A regular file, in a buffer one byte longer than it stated, is
        // read up to that length (here after its first read), or past it
        // if it grew before it was read.
        let file =
            |input: &'static [u8]| read_limited_into(input, 4, Vec::with_capacity(3), Some(2));
        let grown = io::Read::chain(&b"ab"[..], &b"cd"[..]);
        assert_eq!(
            read_limited_into(grown, 4, Vec::with_capacity(3), Some(2)).unwrap(),
            b"ab"
        );
        assert_eq!(file(b"abcd").unwrap(), b"abcd");
        assert_eq!(file(b"ab").unwrap(), b"ab");
        assert_eq!(file(b"a").unwrap(), b"a");
        assert!(matches!(
            file(b"abcde"),
            Err(ReadError::TooLarge { limit: 4 })
        ));
        assert!(matches!(
            read_limited(&b"abcde"[..], 4),
            Err(ReadError::TooLarge { limit: 4 })
        ));
        // An endless stream stops at the limit.
        assert!(matches!(
            read_limited(io::repeat(0), 1000),
            Err(ReadError::TooLarge { limit: 1000 })
        ));
    }

    #[test]
    fn sizes() {
        assert_eq!(parse_size("64MB"), Ok(64 << 20));
        assert_eq!(parse_size(" 512 kb "), Ok(512 << 10));
        assert_eq!(parse_size("1g"), Ok(1 << 30));
        assert_eq!(parse_size("1000"), Ok(1000));
        assert!(parse_size("0").is_err());
        assert!(parse_size("64 TB").is_err());
        assert!(parse_size("-1").is_err());
        assert!(parse_size("99999999999999999999G").is_err());
        // Offsets are kept in 32 bits: 4 GB and more is refused, not wrapped.
        assert_eq!(parse_size("4095MB"), Ok(4095 << 20));
        assert_eq!(parse_size("4294967295"), Ok(MAX_FILE_SIZE));
        for too_large in ["4GB", "4294967296", "5G"] {
            let e = parse_size(too_large).unwrap_err();
            assert!(e.contains("必须小于 4 GB"), "{e}");
        }
        assert_eq!(format_size(64 << 20), "64 MB");
        assert_eq!(format_size(1536), "1.5 KB");
        assert_eq!(format_size(100), "100 字节");
    }
}
