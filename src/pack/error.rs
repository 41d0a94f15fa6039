//! Pack and configuration errors, rendered by miette with the YAML file,
//! line and column.

use super::PackFile;
use crate::rules::compile::SpecError;
use miette::{Diagnostic, LabeledSpan, NamedSource, Report, SourceSpan};
use serde_saphyr::Location;
use std::fmt;
use std::sync::Arc;

/// Where a [`PackError`] is: a file and, when known, a byte range of it.
#[derive(Debug, Clone)]
pub struct ErrorPlace<'a> {
    /// The file's name as loaded (its path).
    pub file: &'a str,
    pub text: &'a str,
    pub span: Option<std::ops::Range<usize>>,
}

/// An error loading or validating a pack, or reading the configuration.
///
/// Cheap to build in bulk: the YAML text is shared (not copied) and the
/// byte offset of the location is computed only when the error is rendered,
/// so thousands of failing examples cost memory linear in their number.
#[derive(Debug)]
pub struct PackError(Box<Inner>);

#[derive(Debug)]
struct Inner {
    /// The miette code: `reportlint::pack` or `reportlint::config`.
    code: &'static str,
    message: String,
    source: Option<NamedSource<Arc<str>>>,
    at: Option<Location>,
    label: Option<String>,
    /// Further errors shown after this one.
    related: Vec<PackError>,
    help: Option<String>,
}

/// The code of errors in packs.
const PACK: &str = "reportlint::pack";
/// The code of errors in the configuration file.
const CONFIG: &str = "reportlint::config";

impl PackError {
    /// An error not tied to a place in a file.
    pub(crate) fn plain(message: impl Into<String>) -> Self {
        PackError(Box::new(Inner {
            code: PACK,
            message: message.into(),
            source: None,
            at: None,
            label: None,
            related: Vec::new(),
            help: None,
        }))
    }

    /// A YAML syntax or schema error, located by serde-saphyr.
    pub(crate) fn yaml(err: &serde_saphyr::Error, file: &PackFile) -> Self {
        let text = err.without_snippet().to_string();
        // serde-saphyr prefixes "line L column C: "; the label shows the place.
        let message = match text.split_once(": ") {
            Some((prefix, rest)) if prefix.starts_with("line ") => rest.to_owned(),
            _ => text,
        };
        let mut message = message.lines().next().unwrap_or_default().to_owned();
        // …and custom errors end with " at line L, column C".
        if let Some(i) = message.rfind(" at line ") {
            if message[i..].contains(", column ") {
                message.truncate(i);
            }
        }
        Self::spec(file, SpecError::new(err.location(), message))
    }

    /// An error at a YAML location.
    pub(crate) fn at(file: &PackFile, at: Location, message: impl Into<String>) -> Self {
        Self::spec(file, SpecError::new(Some(at), message))
    }

    /// Attach a file to a spec error.
    pub(crate) fn spec(file: &PackFile, err: SpecError) -> Self {
        let place = err
            .at
            .filter(|l| l.line() > 0)
            .map(|l| format!(" ({}:{}:{})", file.name, l.line(), l.column()))
            .unwrap_or_else(|| format!(" ({})", file.name));
        PackError(Box::new(Inner {
            code: PACK,
            message: format!("{}{place}", err.message),
            source: Some(NamedSource::new(file.name.clone(), Arc::clone(&file.text))),
            at: err.at,
            label: Some(err.message),
            related: Vec::new(),
            help: None,
        }))
    }

    /// The message without the file, line and column.
    pub(crate) fn detail(&self) -> &str {
        self.0.label.as_deref().unwrap_or(&self.0.message)
    }

    /// The YAML file the error is in and where (for editors, which show it
    /// on that file); `None` for an error not tied to a file.
    pub(crate) fn place(&self) -> Option<ErrorPlace<'_>> {
        let source = self.0.source.as_ref()?;
        Some(ErrorPlace {
            file: source.name(),
            text: source.inner(),
            span: self.span().map(|s| s.offset()..s.offset() + s.len()),
        })
    }

    /// The first errors of a list, with a count of those not shown: at most
    /// `shown` are kept (and rendered), the rest only counted.
    pub fn many(errors: impl IntoIterator<Item = PackError>, shown: usize) -> Option<Self> {
        let mut errors = errors.into_iter();
        let mut first = errors.next()?;
        first.0.related = errors.by_ref().take(shown.saturating_sub(1)).collect();
        let rest = errors.count();
        if rest > 0 {
            let total = rest + 1 + first.0.related.len();
            let shown = total - rest;
            first.0.help = Some(format!("共 {total} 处错误，只显示前 {shown} 处"));
        }
        Some(first)
    }

    /// The same error, reported as an error in the configuration file.
    pub(crate) fn in_config(mut self) -> Self {
        self.0.code = CONFIG;
        self
    }

    /// The miette code (`reportlint::pack` or `reportlint::config`).
    #[cfg(test)]
    fn code_name(&self) -> &'static str {
        self.0.code
    }

    /// Further errors reported with this one.
    #[cfg(test)]
    fn related_errors(&self) -> &[PackError] {
        &self.0.related
    }

    /// The bytes of the YAML file the error points at (computed on demand).
    fn span(&self) -> Option<SourceSpan> {
        let text = self.0.source.as_ref()?.inner();
        let offset = byte_offset(text, self.0.at?)?;
        Some(SourceSpan::from((offset, token_len(&text[offset..]))))
    }

    /// Render for the terminal (the caller prints it).
    pub fn into_report(self) -> Report {
        Report::new(self)
    }
}

impl fmt::Display for PackError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.message)
    }
}

impl std::error::Error for PackError {}

impl Diagnostic for PackError {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(self.0.code))
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.0
            .help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.0.source.as_ref().map(|s| s as &dyn miette::SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let span = self.span()?;
        Some(Box::new(std::iter::once(LabeledSpan::new_with_span(
            self.0.label.clone(),
            span,
        ))))
    }

    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn Diagnostic> + 'a>> {
        if self.0.related.is_empty() {
            return None;
        }
        Some(Box::new(
            self.0.related.iter().map(|e| e as &dyn Diagnostic),
        ))
    }
}

/// Byte offset of a 1-based line and character column.
fn byte_offset(text: &str, loc: Location) -> Option<usize> {
    let (line, column) = (loc.line() as usize, loc.column() as usize);
    if line == 0 {
        return None;
    }
    let line_start = if line == 1 {
        0
    } else {
        text.match_indices('\n').nth(line - 2).map(|(i, _)| i + 1)?
    };
    let rest = &text[line_start..];
    let col = rest
        .char_indices()
        .nth(column.saturating_sub(1))
        .map_or(rest.len(), |(i, _)| i);
    Some(line_start + col)
}

/// Length of the token starting a slice (up to the end of the line).
fn token_len(rest: &str) -> usize {
    rest.find(['\n', '\r'])
        .unwrap_or(rest.len())
        .max(1)
        .min(rest.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_saphyr::Spanned;

    /// A YAML list of `lines` items and the location of each.
    fn file(lines: usize) -> (PackFile, Vec<Location>) {
        let text = "- 一句话\n".repeat(lines);
        let items: Vec<Spanned<String>> = serde_saphyr::from_str(&text).unwrap();
        let file = PackFile {
            name: "rules.yaml".into(),
            text: Arc::from(text),
        };
        (file, items.iter().map(|i| i.referenced).collect())
    }

    #[test]
    fn errors_share_the_file_instead_of_copying_it() {
        let (f, at) = file(10_000);
        let errors: Vec<PackError> = at
            .iter()
            .map(|&l| PackError::at(&f, l, "没有触发"))
            .collect();
        // One text, referenced by every error: memory linear in the errors.
        assert_eq!(Arc::strong_count(&f.text), 10_001);
        let shown = PackError::many(errors, 20).unwrap();
        assert_eq!(shown.related_errors().len(), 19);
        assert_eq!(Arc::strong_count(&f.text), 21);
        let rendered = format!("{:?}", shown.into_report());
        assert!(
            rendered.contains("共 10000 处错误，只显示前 20 处"),
            "{rendered}"
        );
        assert!(rendered.contains("rules.yaml:20:3"), "{rendered}");
        assert!(!rendered.contains("rules.yaml:21:3"), "{rendered}");
    }

    #[test]
    fn a_few_errors_are_all_shown_without_a_count() {
        let (f, at) = file(3);
        let e = PackError::many(at.iter().map(|&l| PackError::at(&f, l, "x")), 20).unwrap();
        assert_eq!(e.related_errors().len(), 2);
        let rendered = format!("{:?}", e.into_report());
        assert!(rendered.contains("rules.yaml:3:3"), "{rendered}");
        assert!(!rendered.contains("只显示"), "{rendered}");
        assert!(PackError::many(std::iter::empty(), 20).is_none());
    }

    #[test]
    fn configuration_errors_have_their_own_code() {
        let e = PackError::plain("x");
        assert_eq!(e.code_name(), "reportlint::pack");
        assert_eq!(e.in_config().code_name(), "reportlint::config");
    }
}
