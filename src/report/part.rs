//! A report in parts, for every format: each document's findings are
//! rendered into its [`Part`] by the thread that checked it, which then
//! lets the document's text and findings go; the run puts the parts, in
//! path order, into the format's envelope — what comes before, between and
//! after the documents (JSON's summary, SARIF's rules, JUnit's totals, the
//! human summary line), computed from each part's counts, never from the
//! documents. A run over thousands of reports so holds rendered findings
//! rather than texts, and renders them on every core.

use super::{
    Checked, FileError, RuleMeta, Summary, github, human, json, junit, rdjson, sarif, short,
};
use codespan_reporting::term::termcolor::{Ansi, NoColor};
use std::collections::HashMap;
use std::io::{self, Write};

/// An output format, as it is rendered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Findings with their source excerpts; `color`: with ANSI colours.
    Human {
        color: bool,
    },
    Short,
    Json,
    Sarif,
    Github,
    Junit,
    Rdjson,
}

impl Format {
    /// About the bytes a finding takes in this format (measured on the
    /// corpus), so that a part is sized once for its findings.
    fn finding_bytes(self) -> usize {
        match self {
            Format::Human { .. } => 768,
            Format::Short => 192,
            Format::Json => 512,
            Format::Sarif => 1280,
            Format::Github => 320,
            Format::Junit => 576,
            Format::Rdjson => 704,
        }
    }
}

/// One document's part of a report, rendered ahead.
#[derive(Debug)]
pub struct Part {
    /// The document's findings as the format writes them (in JSON-like
    /// formats: items of the report's list of findings, at its depth).
    pub(super) bytes: Vec<u8>,
    /// The document's findings by severity (`files` 1).
    pub(super) counts: Summary,
}

impl Part {
    /// How many findings the document has.
    pub(super) fn findings(&self) -> usize {
        self.counts.errors + self.counts.warnings + self.counts.infos
    }
}

/// How a run's report is rendered: its format and, for SARIF, the rules its
/// results refer to.
pub struct Report<'a> {
    format: Format,
    /// What SARIF says about every loaded rule (empty for other formats).
    rules: Vec<RuleMeta<'a>>,
    /// Where each rule is in `rules` (SARIF's `ruleIndex`).
    rule_index: HashMap<&'a str, usize>,
}

impl<'a> Report<'a> {
    pub fn new(format: Format, rules: Vec<RuleMeta<'a>>) -> Report<'a> {
        let rule_index = rules.iter().enumerate().map(|(i, r)| (r.id, i)).collect();
        Report {
            format,
            rules,
            rule_index,
        }
    }

    /// The part of one checked document. An error is one of rendering a
    /// source excerpt (human output).
    pub fn part(&self, c: &Checked) -> io::Result<Part> {
        // Sized once (not grown a copy at a time), then cut to what it
        // holds, which the run keeps until it reports.
        let mut bytes = Vec::with_capacity(c.diagnostics.len() * self.format.finding_bytes());
        match self.format {
            Format::Human { color: true } => human::part(c, &mut Ansi::new(&mut bytes))?,
            Format::Human { color: false } => human::part(c, &mut NoColor::new(&mut bytes))?,
            Format::Short => short::part(c, &mut bytes)?,
            Format::Json => json::part(c, &mut bytes),
            Format::Sarif => sarif::part(c, &self.rule_index, &mut bytes),
            Format::Github => github::part(c, &mut bytes)?,
            Format::Junit => junit::part(c, &mut bytes)?,
            Format::Rdjson => rdjson::part(c, &mut bytes),
        }
        bytes.shrink_to_fit();
        Ok(Part {
            bytes,
            counts: Summary::of_document(c),
        })
    }

    /// The whole report: the documents' `parts`, in order, in the format's
    /// envelope, with the files that `failed`.
    pub fn write<W: Write + ?Sized>(
        &self,
        parts: &[Part],
        failed: &[FileError],
        w: &mut W,
    ) -> io::Result<()> {
        let mut w = w;
        let w: &mut dyn Write = &mut w;
        let summary = Summary::of_parts(parts, failed);
        match self.format {
            Format::Human { .. } => human::write(parts, &summary, failed, w),
            Format::Short => short::write(parts, w),
            Format::Json => json::write(parts, &summary, failed, w),
            Format::Sarif => sarif::write(parts, failed, &self.rules, w),
            Format::Github => github::write(parts, failed, w),
            Format::Junit => junit::write(parts, &summary, failed, w),
            Format::Rdjson => rdjson::write(parts, &summary, failed, w),
        }
    }

    /// The whole report of documents kept with their texts (a library
    /// caller's way): their parts, then [`Report::write`].
    pub fn render<W: Write + ?Sized>(
        &self,
        checked: &[Checked],
        failed: &[FileError],
        w: &mut W,
    ) -> io::Result<()> {
        let parts = checked
            .iter()
            .map(|c| self.part(c))
            .collect::<io::Result<Vec<Part>>>()?;
        self.write(&parts, failed, w)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{Diagnostic, Edit, Label, Severity};
    use crate::span::Span;

    fn finding(severity: Severity, span: Option<Span>) -> Diagnostic {
        Diagnostic {
            path: String::new(),
            rule: "shuzi/rate".to_owned(),
            severity,
            message: "比率\t不符".to_owned(),
            span,
            help: Some("改为\"37.5%\"".to_owned()),
            labels: vec![Label {
                span: Span::new(0, 3),
                message: "分母".to_owned(),
            }],
            notes: vec!["注".to_owned()],
            fix: span.map(|span| Edit {
                span,
                replacement: "%".to_owned(),
            }),
        }
    }

    /// Documents with and without findings, in every order of position.
    fn documents() -> Vec<Checked> {
        let doc = |name: &str, text: &str, diagnostics: Vec<Diagnostic>| Checked {
            name: name.to_owned(),
            text: text.to_owned(),
            diagnostics,
        };
        vec![
            doc("a.txt", "", Vec::new()),
            doc(
                "b.txt",
                "标题\n纠错率37%",
                vec![
                    finding(Severity::Warning, Some(Span::new(10, 14))),
                    finding(Severity::Info, None),
                ],
            ),
            doc("c.txt", "空", Vec::new()),
            doc(
                "d.txt",
                "\u{feff}一\n二",
                vec![finding(Severity::Error, Some(Span::new(7, 10)))],
            ),
            doc("e.txt", "空", Vec::new()),
        ]
    }

    /// The counts of the parts add up to what the documents say.
    #[test]
    fn parts_count_what_the_documents_hold() {
        let checked = documents();
        let failed = [FileError::unreadable(
            "x.doc".to_owned(),
            "无法读取".to_owned(),
        )];
        let report = Report::new(Format::Short, Vec::new());
        let parts: Vec<Part> = checked.iter().map(|c| report.part(c).unwrap()).collect();
        assert_eq!(
            Summary::of_parts(&parts, &failed),
            Summary::of(&checked, &failed)
        );
        let findings: Vec<usize> = parts.iter().map(Part::findings).collect();
        assert_eq!(findings, [0, 2, 0, 1, 0]);
    }

    /// Reports put together from parts are valid JSON in serde_json's
    /// layout, whichever documents have findings; SARIF and rdjson (keys in
    /// sorted order) are exactly what serde_json writes of them.
    #[test]
    fn json_reports_from_parts_are_serde_jsons_layout() {
        let all = documents();
        let rule = RuleMeta {
            id: "shuzi/rate",
            summary: "比率",
            docs: "## 检查内容\n比率",
            severity: Some(Severity::Warning),
        };
        for failed in [
            Vec::new(),
            vec![FileError::unreadable(
                "x.doc".to_owned(),
                "无法读取".to_owned(),
            )],
        ] {
            for (from, to) in [(0, 0), (0, 1), (0, 2), (1, 4), (2, 3), (0, 5), (3, 5)] {
                let checked = &all[from..to];
                for format in [Format::Json, Format::Sarif, Format::Rdjson] {
                    let mut out = Vec::new();
                    Report::new(format, vec![rule.clone()])
                        .render(checked, &failed, &mut out)
                        .unwrap();
                    let out = String::from_utf8(out).unwrap();
                    let value: serde_json::Value = serde_json::from_str(&out)
                        .unwrap_or_else(|e| panic!("{format:?} {from}..{to}: {e}\n{out}"));
                    let findings: usize = checked.iter().map(|c| c.diagnostics.len()).sum();
                    let listed = match format {
                        Format::Json => &value["diagnostics"],
                        Format::Sarif => &value["runs"][0]["results"],
                        _ => &value["diagnostics"],
                    };
                    let extra = if format == Format::Rdjson {
                        failed.len()
                    } else {
                        0
                    };
                    assert_eq!(listed.as_array().unwrap().len(), findings + extra);
                    if format != Format::Json {
                        let want = serde_json::to_string_pretty(&value).unwrap() + "\n";
                        assert_eq!(out, want, "{format:?} {from}..{to}");
                    }
                }
            }
        }
    }
}
