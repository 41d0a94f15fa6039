//! Careless and hostile input: size limits, special files, odd file names,
//! and messages that say what really went wrong.

mod common;
use common::*;

use std::io::Write;
use std::path::Path;
use std::process::{Output, Stdio};

const DRAFT: &str = "报告\n加快建设法制政府。\n";

fn check(dir: &Path, args: &[&str]) -> Output {
    run_in(dir, &one_rule(args))
}

#[test]
fn files_over_the_size_limit_are_errors_naming_the_file_and_the_limit() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("big.txt"), DRAFT.repeat(100)).unwrap();
    std::fs::write(dir.path().join("small.txt"), DRAFT).unwrap();
    // The flag.
    let o = check(
        dir.path(),
        &[
            "--format",
            "short",
            "--max-file-size",
            "1KB",
            "big.txt",
            "small.txt",
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("big.txt") && err.contains("1 KB"), "{err}");
    assert!(
        err.contains("--max-file-size"),
        "says how to raise it: {err}"
    );
    assert!(
        stdout(&o).contains("small.txt:2:5"),
        "the other file is checked"
    );
    // The configuration; the flag wins over it.
    std::fs::write(dir.path().join("reportlint.yaml"), "max_file_size: 2KB\n").unwrap();
    let o = run_in(dir.path(), &["check", "--format", "short", "big.txt"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("2 KB"), "{}", stderr(&o));
    let o = run_in(
        dir.path(),
        &[
            "check",
            "--format",
            "short",
            "--max-file-size",
            "1MB",
            "big.txt",
        ],
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    // A bad size in the configuration is located.
    std::fs::write(dir.path().join("reportlint.yaml"), "max_file_size: lots\n").unwrap();
    let o = run_in(dir.path(), &["check", "big.txt"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("reportlint.yaml:1:16") && stderr(&o).contains("lots"),
        "{}",
        stderr(&o)
    );
}

/// Text offsets are kept in 32 bits: a limit of 4 GB or more is refused,
/// never wrapped around.
#[test]
fn size_limits_of_4_gb_and_more_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), DRAFT).unwrap();
    let o = check(dir.path(), &["--max-file-size", "4GB", "a.txt"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("必须小于 4 GB"), "{}", stderr(&o));
    std::fs::write(dir.path().join("reportlint.yaml"), "max_file_size: 8GB\n").unwrap();
    let o = run_in(dir.path(), &["check", "a.txt"]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains("reportlint.yaml:1:16") && err.contains("必须小于 4 GB"),
        "{err}"
    );
    let o = check(dir.path(), &["--max-file-size", "4095MB", "a.txt"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
}

#[test]
fn endless_inputs_stop_at_the_limit() {
    let dir = tempfile::tempdir().unwrap();
    // A device without end, named on the command line.
    if Path::new("/dev/zero").exists() {
        let o = run_with_deadline(
            dir.path(),
            &["check", "--isolated", "--max-file-size", "1MB", "/dev/zero"],
            60,
        );
        assert_eq!(o.status.code(), Some(2));
        let err = stderr(&o);
        assert!(err.contains("/dev/zero") && err.contains("1 MB"), "{err}");
    }
    // Standard input longer than the limit.
    let mut child = bin()
        .current_dir(dir.path())
        .args(["check", "--isolated", "--max-file-size", "4KB", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        // The reader stops early: a broken pipe here is expected.
        let _ = stdin.write_all(DRAFT.repeat(1000).as_bytes());
    });
    let o = child.wait_with_output().unwrap();
    writer.join().unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("4 KB"), "{}", stderr(&o));
}

fn mkfifo(path: &Path) {
    let status = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("mkfifo runs");
    assert!(status.success(), "mkfifo {}", path.display());
}

#[cfg(unix)]
#[test]
fn a_fifo_named_on_the_command_line_is_read_like_standard_input() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe.txt");
    mkfifo(&fifo);
    let writer = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::write(fifo, DRAFT).unwrap())
    };
    let o = run_with_deadline(
        dir.path(),
        &one_rule(&["--format", "short", "pipe.txt"]),
        60,
    );
    writer.join().unwrap();
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert_eq!(
        stdout(&o),
        "pipe.txt:2:5: error[fazhi/fazhi-not-fazhi] “法制政府”应为“法治政府”\n"
    );
    // With the same cap as standard input.
    let writer = {
        let fifo = fifo.clone();
        std::thread::spawn(move || {
            let _ = std::fs::write(fifo, DRAFT.repeat(1000));
        })
    };
    let o = run_with_deadline(
        dir.path(),
        &["check", "--isolated", "--max-file-size", "1KB", "pipe.txt"],
        60,
    );
    writer.join().unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("1 KB"), "{}", stderr(&o));
    // It cannot be written back.
    let o = run_with_deadline(
        dir.path(),
        &["check", "--isolated", "--fix", "pipe.txt"],
        60,
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--fix 不能用于管道"), "{}", stderr(&o));
}

#[cfg(unix)]
#[test]
fn a_directory_walk_skips_fifos_sockets_and_links() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("draft.txt"), DRAFT).unwrap();
    // No writer: reading this would wait forever.
    mkfifo(&d.join("waiting.txt"));
    let _socket = std::os::unix::net::UnixListener::bind(d.join("socket.txt")).unwrap();
    std::os::unix::fs::symlink("/dev/zero", d.join("zero.txt")).unwrap();
    let o = run_with_deadline(d, &one_rule(&["--format", "short", "."]), 60);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert_eq!(
        stdout(&o),
        "draft.txt:2:5: error[fazhi/fazhi-not-fazhi] “法制政府”应为“法治政府”\n"
    );
    // A socket named on the command line is an error that says what it is.
    let o = run_with_deadline(d, &["check", "--isolated", "socket.txt"], 60);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("套接字"), "{}", stderr(&o));
}

#[cfg(unix)]
#[test]
fn links_that_lead_nowhere_say_so() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::os::unix::fs::symlink("loop-b.txt", d.join("loop-a.txt")).unwrap();
    std::os::unix::fs::symlink("loop-a.txt", d.join("loop-b.txt")).unwrap();
    std::os::unix::fs::symlink("gone.txt", d.join("dangling.txt")).unwrap();
    let o = run_in(
        d,
        &[
            "check",
            "--isolated",
            "loop-a.txt",
            "dangling.txt",
            "absent.txt",
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    let line = |name: &str| {
        err.lines()
            .find(|l| l.contains(name))
            .unwrap_or_else(|| panic!("{name}: {err}"))
            .to_owned()
    };
    assert!(line("loop-a.txt").contains("循环"), "{err}");
    assert!(!line("loop-a.txt").contains("不存在"), "{err}");
    assert!(line("dangling.txt").contains("符号链接"), "{err}");
    assert!(line("absent.txt").contains("不存在"), "{err}");
    assert!(
        stdout(&o).contains("3 个文件无法读取"),
        "counted in the summary: {}",
        stdout(&o)
    );
}

#[test]
fn invalid_utf8_errors_give_the_byte_offset() {
    let dir = tempfile::tempdir().unwrap();
    let text = "报告\n加快建设法治政府，全面推进依法行政。\n".repeat(3);
    // A stray byte before 法治 on line 2: byte 19 (3 + 1 + 4 × 3).
    let at = text.find("法治").unwrap();
    assert_eq!(at, 19);
    let mut bytes = text.into_bytes();
    bytes.insert(at, 0xFF);
    std::fs::write(dir.path().join("broken.txt"), bytes).unwrap();
    let o = check(dir.path(), &["broken.txt"]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains("字节偏移 19") && err.contains("第 2 行"),
        "{err}"
    );
}

#[test]
fn control_characters_in_file_names_are_escaped_in_line_formats() {
    let dir = tempfile::tempdir().unwrap();
    let name = "a\nb:1:1: error[x] forged\u{202e}.txt";
    std::fs::write(dir.path().join(name), DRAFT).unwrap();
    let shown = "a\\nb:1:1: error[x] forged\\u{202e}.txt";
    let short = stdout(&check(dir.path(), &["--format", "short", name]));
    assert_eq!(
        short,
        format!("{shown}:2:5: error[fazhi/fazhi-not-fazhi] “法制政府”应为“法治政府”\n")
    );
    let human = stdout(&check(
        dir.path(),
        &["--format", "human", "--color", "never", name],
    ));
    assert!(human.contains(&format!("┌─ {shown}:2:5")), "{human}");
    assert!(!human.contains('\u{202e}'), "{human}");
    let github = stdout(&check(dir.path(), &["--format", "github", name]));
    assert_eq!(github.lines().count(), 1, "{github}");
    assert!(
        github.contains("file=a%0Ab%3A1%3A1%3A error[x] forged"),
        "{github}"
    );
    let junit = stdout(&check(dir.path(), &["--format", "junit", name]));
    let doc = roxmltree::Document::parse(&junit).unwrap();
    let suite = doc
        .descendants()
        .find(|n| n.has_tag_name("testsuite"))
        .unwrap();
    assert_eq!(suite.attribute("name"), Some(shown));
    // JSON carries the real name (escaped by JSON itself).
    let json: serde_json::Value =
        serde_json::from_slice(&check(dir.path(), &["--format", "json", name]).stdout).unwrap();
    assert_eq!(json["diagnostics"][0]["path"], name);
    // Error messages on standard error are one line per file too.
    std::fs::write(dir.path().join("x\ny.txt"), [0u8, 1, 2]).unwrap();
    let err = stderr(&check(dir.path(), &["x\ny.txt"]));
    assert!(err.contains("x\\ny.txt"), "{err}");
}

/// `reportlint check` (the current directory), `check draft.txt` and
/// `check ./draft.txt` name the file the same way in every format and in
/// baselines.
#[test]
fn one_path_form_everywhere() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("draft.txt"), DRAFT).unwrap();
    let forms: [&[&str]; 4] = [&[], &["."], &["draft.txt"], &["./draft.txt"]];
    for format in ["short", "human", "github", "json", "junit"] {
        let outputs: Vec<String> = forms
            .iter()
            .map(|paths| {
                let mut args = vec!["--format", format, "--color", "never"];
                args.extend(*paths);
                stdout(&check(dir.path(), &args))
            })
            .collect();
        assert!(
            outputs.iter().all(|o| *o == outputs[0]),
            "{format}: {outputs:#?}"
        );
        assert!(outputs[0].contains("draft.txt"), "{format}: {}", outputs[0]);
        assert!(
            !outputs[0].contains("./draft.txt"),
            "{format}: {}",
            outputs[0]
        );
    }
    for (i, paths) in forms.iter().enumerate() {
        let file = format!("baseline-{i}.json");
        let mut args = vec!["--write-baseline", &file];
        args.extend(*paths);
        assert_eq!(check(dir.path(), &args).status.code(), Some(0));
    }
    let first = std::fs::read_to_string(dir.path().join("baseline-0.json")).unwrap();
    assert!(first.contains("\"draft.txt\""), "{first}");
    for i in 1..forms.len() {
        let other = std::fs::read_to_string(dir.path().join(format!("baseline-{i}.json"))).unwrap();
        assert_eq!(first, other, "baseline {i}");
    }
}
