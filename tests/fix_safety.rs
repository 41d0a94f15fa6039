//! `--fix` never damages a file: links are followed and kept, hard links
//! keep their inode, owner and group stay, read-only files are refused, and
//! an interrupted run leaves no temporary file.
#![cfg(unix)]

mod common;
use common::*;

use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::Path;
use std::process::{Output, Stdio};
use std::time::{Duration, Instant};

const DRAFT: &str = "报告\n加快建设法制政府。\n";
const FIXED: &str = "报告\n加快建设法治政府。\n";

fn fix(dir: &Path, files: &[&str]) -> Output {
    let mut args = one_rule(&["--format", "short", "--fix"]);
    args.extend(files);
    run_in(dir, &args)
}

/// Temporary files the writer left in `dir`.
fn leftovers(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".reportlint-"))
        .collect()
}

#[test]
fn a_symlink_fixes_its_target_and_stays_a_link() {
    let dir = tempfile::tempdir().unwrap();
    let drafts = dir.path().join("drafts");
    std::fs::create_dir(&drafts).unwrap();
    std::fs::write(drafts.join("real.txt"), DRAFT).unwrap();
    std::os::unix::fs::symlink("drafts/real.txt", dir.path().join("link.txt")).unwrap();
    let o = fix(dir.path(), &["link.txt"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let link = std::fs::symlink_metadata(dir.path().join("link.txt")).unwrap();
    assert!(link.file_type().is_symlink(), "the link was replaced");
    assert_eq!(
        std::fs::read_link(dir.path().join("link.txt")).unwrap(),
        Path::new("drafts/real.txt")
    );
    assert_eq!(
        std::fs::read_to_string(drafts.join("real.txt")).unwrap(),
        FIXED
    );
    // The temporary file went to the target's directory and is gone.
    assert!(leftovers(dir.path()).is_empty() && leftovers(&drafts).is_empty());
}

#[test]
fn a_hard_linked_file_keeps_its_inode_and_every_name_sees_the_fix() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.txt");
    let b = dir.path().join("b.txt");
    std::fs::write(&a, DRAFT).unwrap();
    std::fs::hard_link(&a, &b).unwrap();
    let inode = std::fs::metadata(&a).unwrap().ino();
    // Both names on the command line: one file, fixed once.
    let o = fix(dir.path(), &["a.txt", "b.txt"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("已修复 1 处（1 个文件）"),
        "{}",
        stderr(&o)
    );
    for name in [&a, &b] {
        let m = std::fs::metadata(name).unwrap();
        assert_eq!((m.ino(), m.nlink()), (inode, 2), "{}", name.display());
        assert_eq!(std::fs::read_to_string(name).unwrap(), FIXED);
    }
    assert!(leftovers(dir.path()).is_empty());
}

/// Whether this process may give files away (root).
fn can_chown() -> bool {
    let probe = tempfile::NamedTempFile::new().unwrap();
    std::os::unix::fs::chown(probe.path(), Some(4321), Some(4321)).is_ok()
}

#[test]
fn owner_group_and_mode_are_kept() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("r.txt");
    std::fs::write(&f, DRAFT).unwrap();
    std::fs::set_permissions(&f, std::fs::Permissions::from_mode(0o640)).unwrap();
    let root = can_chown();
    if root {
        // Another user's file, as when root fixes drafts in a shared folder.
        std::os::unix::fs::chown(&f, Some(1234), Some(5678)).unwrap();
    } else {
        eprintln!("note: not root; checking that the owner and group stay ours");
    }
    let before = std::fs::metadata(&f).unwrap();
    let o = fix(dir.path(), &["r.txt"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(&f).unwrap(), FIXED);
    let after = std::fs::metadata(&f).unwrap();
    assert_ne!(after.ino(), before.ino(), "replaced by rename");
    assert_eq!((after.uid(), after.gid()), (before.uid(), before.gid()));
    assert_eq!(after.permissions().mode() & 0o7777, 0o640);
    if root {
        assert_eq!((after.uid(), after.gid()), (1234, 5678));
    }
}

#[test]
fn read_only_files_are_refused_and_the_others_still_fixed() {
    let dir = tempfile::tempdir().unwrap();
    let ro = dir.path().join("locked.txt");
    let rw = dir.path().join("open.txt");
    std::fs::write(&ro, DRAFT).unwrap();
    std::fs::write(&rw, DRAFT).unwrap();
    std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o444)).unwrap();
    let o = fix(dir.path(), &["locked.txt", "open.txt"]);
    // An error for the read-only file: exit 2 at the end…
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("locked.txt") && err.contains("只读") && err.contains("0444"),
        "{err}"
    );
    // …its text and mode untouched, its finding still reported…
    assert_eq!(std::fs::read_to_string(&ro).unwrap(), DRAFT);
    assert_eq!(
        std::fs::metadata(&ro).unwrap().permissions().mode() & 0o777,
        0o444
    );
    assert!(stdout(&o).contains("locked.txt:2:5"), "{}", stdout(&o));
    // …and the other file fixed.
    assert_eq!(std::fs::read_to_string(&rw).unwrap(), FIXED);
    assert!(leftovers(dir.path()).is_empty());
}

/// A report big enough that writing it takes a visible moment.
fn large_draft(paragraphs: usize) -> String {
    let mut text = String::from("2024年法治政府建设年度报告\n");
    for i in 0..paragraphs {
        text.push_str(&format!(
            "（{}）加快建设法制政府，全年办理行政复议案件{}件。\n",
            i % 9 + 1,
            i % 500 + 20
        ));
    }
    text
}

/// What one interrupted run showed.
enum Interrupted {
    /// The signal was sent while a temporary file existed: the exit code,
    /// and whether the file still held the draft (the signal came before the
    /// rename, so the handler had a temporary file to remove).
    DuringWrite {
        code: Option<i32>,
        before_rename: bool,
    },
    /// The run ended before a temporary file was seen.
    Missed,
}

/// Run `--fix` on a large draft and send `signal` the moment its temporary
/// file appears.
fn interrupt_fix(signal: nix::sys::signal::Signal, paragraphs: usize) -> Interrupted {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("big.txt");
    let draft = large_draft(paragraphs);
    std::fs::write(&f, &draft).unwrap();
    let mut child = bin()
        .current_dir(dir.path())
        .args(one_rule(&["--max-file-size", "1GB", "--fix", "big.txt"]))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let pid = nix::unistd::Pid::from_raw(child.id() as i32);
    let deadline = Instant::now() + Duration::from_secs(300);
    let mut seen = false;
    while Instant::now() < deadline {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        if !leftovers(dir.path()).is_empty() {
            nix::sys::signal::kill(pid, signal).unwrap();
            seen = true;
            break;
        }
    }
    let status = child.wait().unwrap();
    // Whatever happened, no temporary file is left…
    assert_eq!(leftovers(dir.path()), Vec::<String>::new());
    // …and the file is whole: the draft, or the draft fully fixed.
    let text = std::fs::read_to_string(&f).unwrap();
    assert!(
        text == draft || text == draft.replace("法制政府", "法治政府"),
        "the file was damaged"
    );
    if seen {
        Interrupted::DuringWrite {
            code: status.code(),
            before_rename: text == draft,
        }
    } else {
        Interrupted::Missed
    }
}

fn interrupted_run_leaves_no_temporary_file(signal: nix::sys::signal::Signal, code: i32) {
    // The window in which the temporary file exists grows with the file;
    // start small (fast) and double until a signal lands inside it.
    let mut paragraphs = 20_000;
    for _ in 0..6 {
        match interrupt_fix(signal, paragraphs) {
            Interrupted::DuringWrite {
                code: status,
                before_rename,
            } => {
                if before_rename {
                    // The run was stopped with its temporary file in place:
                    // the handler removed it and exited this way.
                    assert_eq!(status, Some(code), "exit status after {signal}");
                    return;
                }
                // The rename won the race: the signal may have arrived
                // while the run was finishing on its own.
                assert!(
                    matches!(status, Some(c) if c == code || c == 0 || c == 1),
                    "exit status {status:?} after {signal} once the file was fixed"
                );
            }
            Interrupted::Missed => {}
        }
        paragraphs *= 2;
    }
    panic!("never interrupted a run while its temporary file existed");
}

#[test]
fn sigint_during_fix_removes_the_temporary_file_and_exits_130() {
    interrupted_run_leaves_no_temporary_file(nix::sys::signal::Signal::SIGINT, 130);
}

#[test]
fn sigterm_during_fix_removes_the_temporary_file_and_exits_143() {
    interrupted_run_leaves_no_temporary_file(nix::sys::signal::Signal::SIGTERM, 143);
}
