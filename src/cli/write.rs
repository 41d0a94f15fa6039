//! Writing files without damaging them: fixed text back over the original
//! (`--fix`), and new files beside it (the commented copy of `--annotate`).
//!
//! A commented copy is written only where no file exists yet, unless
//! `--force` (then through a temporary file renamed over the old one, so a
//! failure leaves the old file whole). For fixed text:
//!
//! - The text is encoded as the file was stored (GB18030 stays GB18030, the
//!   BOM is part of the text); nothing is written when the original bytes
//!   would not survive the round trip.
//! - A symbolic link is resolved: the file it points to is fixed, and the
//!   link stays a link.
//! - A file with one name is replaced atomically: the new text goes to a
//!   temporary file in the same directory, gets the file's permissions (and,
//!   when running as root, its owner and group), is synced and renamed over
//!   the file.
//! - A file with several names (hard links) keeps its inode, so that every
//!   name sees the fix: the new text is first written to a temporary file and
//!   read back (proving the disk has room), then written over the file in
//!   place with interrupts held off; if that fails, the original text is
//!   written back.
//! - Read-only files (no write permission bit, or not writable by this user)
//!   and files changed since they were read are refused, each with its own
//!   error; the other files are still fixed.
//! - Temporary files never outlive the run, even when it is interrupted
//!   ([`super::interrupt`]).

use super::interrupt::{TempFile, uninterrupted};
use crate::read::describe_io;
use crate::source::Encoding;
use std::fs::{File, Metadata};
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

/// Encode fixed text the way the file was stored.
fn encode(text: &str, encoding: Encoding) -> Result<Vec<u8>, String> {
    encoding
        .encode(text)
        .ok_or_else(|| "修复后的文字无法用 GB18030 编码，文件未修改".to_owned())
}

/// Write fixed `text` over the file at `path`, which held `original_bytes`
/// (decoded: `original_text`) when it was read. The error says why nothing
/// was written.
pub(crate) fn write_fixed(
    path: &Path,
    text: &str,
    encoding: Encoding,
    original_text: &str,
    original_bytes: &[u8],
) -> Result<(), String> {
    if encode(original_text, encoding).ok().as_deref() != Some(original_bytes) {
        return Err(format!(
            "文件不能按原编码（{}）无损写回，未修改",
            encoding.name()
        ));
    }
    let bytes = encode(text, encoding)?;
    // A link is followed to the file it names; the link itself stays.
    let target =
        std::fs::canonicalize(path).map_err(|e| format!("无法写入修复：{}", describe_io(&e)))?;
    let meta =
        std::fs::metadata(&target).map_err(|e| format!("无法写入修复：{}", describe_io(&e)))?;
    if !meta.is_file() {
        return Err("不是普通文件，无法写入修复".to_owned());
    }
    if meta.permissions().readonly() {
        return Err(format!(
            "文件是只读的（权限 {}），未修改；要修复请先加上写权限（chmod u+w）",
            mode_text(&meta)
        ));
    }
    // Opening for writing (without truncating) changes nothing and tells
    // whether this user may write the file at all.
    let mut current = File::options()
        .read(true)
        .write(true)
        .open(&target)
        .map_err(|e| match e.kind() {
            io::ErrorKind::PermissionDenied => {
                format!("没有写入此文件的权限（权限 {}），未修改", mode_text(&meta))
            }
            _ => format!("无法写入修复：{}（文件未修改）", describe_io(&e)),
        })?;
    let mut now = Vec::new();
    current
        .read_to_end(&mut now)
        .map_err(|e| format!("无法写入修复：{}（文件未修改）", describe_io(&e)))?;
    if now != original_bytes {
        return Err("文件在检查期间被修改过，未写入修复；请重新运行".to_owned());
    }
    let (dir, name) = dir_and_name(&target);
    if link_count(&meta) > 1 {
        rewrite_in_place(current, &dir, &name, &bytes, original_bytes)
    } else {
        drop(current);
        replace(&target, &dir, &name, &meta, &bytes)
    }
}

/// Write `bytes` to a new file at `path`: only when no such file exists,
/// unless `force` (then a temporary copy is renamed over it).
pub(crate) fn write_copy(path: &Path, bytes: &[u8], force: bool) -> Result<(), String> {
    let fail = |e: io::Error| format!("无法写入批注副本 {}：{e}", path.display());
    if force {
        let (dir, name) = dir_and_name(path);
        let mut tmp = TempFile::create_in(&dir, &name).map_err(fail)?;
        let file = tmp.file();
        file.write_all(bytes)
            .and_then(|()| file.sync_all())
            .map_err(fail)?;
        return tmp.persist(path).map_err(fail);
    }
    let mut file = match File::options().write(true).create_new(true).open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
            return Err(format!(
                "批注副本 {} 已存在，未覆盖（加 --force 覆盖）",
                path.display()
            ));
        }
        Err(e) => return Err(fail(e)),
    };
    file.write_all(bytes)
        .and_then(|()| file.sync_all())
        .map_err(|e| {
            let _ = std::fs::remove_file(path);
            fail(e)
        })
}

/// The directory a file is in (`.` for a bare name) and its name, for a
/// temporary file beside it.
fn dir_and_name(path: &Path) -> (PathBuf, String) {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    (dir, name)
}

/// An I/O error before the file was touched.
fn unchanged(e: io::Error) -> String {
    format!("无法写入修复：{}（文件未修改）", describe_io(&e))
}

/// A temporary file beside the target holding `bytes`, synced to disk after
/// `prepare` (which sets owner and permissions).
fn temp_copy(
    dir: &Path,
    name: &str,
    bytes: &[u8],
    prepare: impl FnOnce(&File) -> io::Result<()>,
) -> Result<TempFile, String> {
    let mut tmp = TempFile::create_in(dir, name).map_err(unchanged)?;
    let file = tmp.file();
    file.write_all(bytes).map_err(unchanged)?;
    prepare(file).map_err(unchanged)?;
    file.sync_all().map_err(unchanged)?;
    Ok(tmp)
}

/// Replace the file by a new one holding `bytes`, renamed into place.
fn replace(
    target: &Path,
    dir: &Path,
    name: &str,
    meta: &Metadata,
    bytes: &[u8],
) -> Result<(), String> {
    let tmp = temp_copy(dir, name, bytes, |file| {
        keep_owner(file, meta);
        // After the owner: changing the owner may clear set-id bits.
        file.set_permissions(meta.permissions())
    })?;
    tmp.persist(target).map_err(unchanged)?;
    // Make the rename itself durable where the platform allows it.
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

/// Overwrite a hard-linked file in place (same inode, every name fixed),
/// after a verified temporary copy of the new text.
fn rewrite_in_place(
    mut file: File,
    dir: &Path,
    name: &str,
    bytes: &[u8],
    original: &[u8],
) -> Result<(), String> {
    let mut tmp = temp_copy(dir, name, bytes, |_| Ok(()))?;
    let copy = tmp.file();
    let mut check = Vec::with_capacity(bytes.len());
    copy.seek(SeekFrom::Start(0)).map_err(unchanged)?;
    copy.read_to_end(&mut check).map_err(unchanged)?;
    if check != bytes {
        return Err("无法写入修复：临时副本与修复后的文字不一致（文件未修改）".to_owned());
    }
    let overwrite = |f: &mut File, content: &[u8]| -> io::Result<()> {
        f.seek(SeekFrom::Start(0))?;
        f.write_all(content)?;
        f.set_len(content.len() as u64)?;
        f.sync_all()
    };
    // Held off interrupts: a half-written file is the one thing to avoid.
    let outcome = uninterrupted(|| {
        overwrite(&mut file, bytes).map_err(|e| (e, overwrite(&mut file, original).is_ok()))
    });
    match outcome {
        Ok(()) => Ok(()),
        Err((e, true)) => Err(format!(
            "无法写入修复：{}（已恢复原来的内容）",
            describe_io(&e)
        )),
        Err((e, false)) => Err(format!(
            "无法写入修复：{}；恢复原来的内容也失败了，修复后的全文保存在 {}",
            describe_io(&e),
            tmp.keep().display()
        )),
    }
}

#[cfg(unix)]
fn link_count(meta: &Metadata) -> u64 {
    std::os::unix::fs::MetadataExt::nlink(meta)
}

#[cfg(not(unix))]
fn link_count(_: &Metadata) -> u64 {
    1
}

/// Give the new file the old one's owner and group. Only root may give a
/// file away; others keep at least the group when they belong to it, as
/// `sed -i` does.
#[cfg(unix)]
fn keep_owner(file: &File, meta: &Metadata) {
    use std::os::unix::fs::{MetadataExt, fchown};
    if fchown(file, Some(meta.uid()), Some(meta.gid())).is_err() {
        let _ = fchown(file, None, Some(meta.gid()));
    }
}

#[cfg(not(unix))]
fn keep_owner(_: &File, _: &Metadata) {}

/// `0444`-style permissions, for messages.
#[cfg(unix)]
fn mode_text(meta: &Metadata) -> String {
    use std::os::unix::fs::PermissionsExt;
    format!("{:04o}", meta.permissions().mode() & 0o7777)
}

#[cfg(not(unix))]
fn mode_text(meta: &Metadata) -> String {
    if meta.permissions().readonly() {
        "只读".to_owned()
    } else {
        "可写".to_owned()
    }
}
