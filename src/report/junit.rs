//! `--format junit`: JUnit XML, which GitLab (`artifacts:reports:junit`) and
//! Jenkins show as test results.
//!
//! One `<testsuite>` per checked file (named by its path); one failing
//! `<testcase>` per finding, or a single passing `<testcase>` for a clean
//! file; a file that could not be read (or, with `--fix`, written) is a
//! `<testsuite>` with one `<testcase>` in error. Text is XML-escaped, and
//! characters XML 1.0 cannot hold are dropped (in paths they are escaped
//! first, like in every line-based format).

use super::{
    Checked, FileError, Format, LineIndex, Part, Report, Summary, escape_path, relative_path,
};
use crate::xml_text::escape_xml;
use std::io::{self, Write};

pub fn render_junit(
    checked: &[Checked],
    failed: &[FileError],
    w: &mut dyn Write,
) -> io::Result<()> {
    Report::new(Format::Junit, Vec::new()).render(checked, failed, w)
}

/// The test suites: the totals over the documents' parts, the files that
/// failed, then the parts.
pub(super) fn write(
    parts: &[Part],
    summary: &Summary,
    failed: &[FileError],
    w: &mut dyn Write,
) -> io::Result<()> {
    let failures = summary.errors + summary.warnings + summary.infos;
    let errors = failed.len();
    let tests: usize = parts.iter().map(|p| p.findings().max(1)).sum::<usize>() + errors;
    writeln!(w, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(
        w,
        r#"<testsuites name="reportlint" tests="{tests}" failures="{failures}" errors="{errors}">"#
    )?;
    for e in failed {
        failed_suite(e, w)?;
    }
    for p in parts {
        w.write_all(&p.bytes)?;
    }
    writeln!(w, "</testsuites>")
}

/// A file that could not be read or written: one test case in error.
fn failed_suite(e: &FileError, w: &mut dyn Write) -> io::Result<()> {
    let name = escape_xml(&escape_path(&e.path));
    let message = escape_xml(&e.message);
    writeln!(
        w,
        r#"  <testsuite name="{name}" tests="1" failures="0" errors="1" skipped="0">"#
    )?;
    writeln!(
        w,
        r#"    <testcase name="reportlint" classname="{name}" file="{name}">"#
    )?;
    writeln!(
        w,
        r#"      <error type="{}" message="{message}">{name}: {message}</error>"#,
        if e.unreadable {
            "unreadable"
        } else {
            "unwritable"
        }
    )?;
    writeln!(w, "    </testcase>\n  </testsuite>")
}

/// A checked file's test suite (its part): one failing test case per
/// finding, or one passing case.
pub(super) fn part(c: &Checked, w: &mut dyn Write) -> io::Result<()> {
    let path = escape_path(&relative_path(&c.name));
    let name = escape_xml(&path);
    let n = c.diagnostics.len();
    writeln!(
        w,
        r#"  <testsuite name="{name}" tests="{}" failures="{n}" errors="0" skipped="0">"#,
        n.max(1)
    )?;
    if c.diagnostics.is_empty() {
        writeln!(
            w,
            r#"    <testcase name="reportlint" classname="{name}" file="{name}"/>"#
        )?;
    }
    let index = LineIndex::new(&c.text);
    for d in &c.diagnostics {
        let at = index.line_col(d.span.map_or(0, |s| s.start));
        let mut body = format!(
            "{path}:{}:{}: {}[{}] {}",
            at.line, at.column, d.severity, d.rule, d.message
        );
        if let Some(help) = &d.help {
            body.push_str(&format!("\nhelp: {help}"));
        }
        writeln!(
            w,
            r#"    <testcase name="{} ({}:{})" classname="{name}" file="{name}" line="{}">"#,
            escape_xml(&d.rule),
            at.line,
            at.column,
            at.line
        )?;
        writeln!(
            w,
            r#"      <failure type="{}" message="{}">{}</failure>"#,
            d.severity,
            escape_xml(&d.message),
            escape_xml(&body)
        )?;
        writeln!(w, "    </testcase>")?;
    }
    writeln!(w, "  </testsuite>")
}
