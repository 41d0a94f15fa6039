//! Feeding one input to every stage and checking the invariants that hold
//! for any input: no panic, every span inside the text and on character
//! boundaries, the span map exact, fixes that apply cleanly, every output
//! format writable, located errors for bad packs and configurations.
//!
//! Shared by the fuzz harness (`examples/fuzz`) and the regression test
//! that replays every input that ever failed (`tests/fuzz_regressions.rs`).

use super::mutate::Kind;
use reportlint::config::Config;
use reportlint::diagnostic::Diagnostic;
use reportlint::engine::Engine;
use reportlint::normalize::{Normalized, normalize_char};
use reportlint::report::{self, Checked, RuleMeta};
use reportlint::rules::CheckOptions;
use reportlint::source::{DecodeError, Encoding, SourceFile};
use reportlint::span::Span;
use reportlint::structure::{Document, Section};
use std::path::Path;
use std::sync::OnceLock;

/// The engine with every built-in pack, compiled once.
pub(crate) fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| {
        let packs = reportlint::pack::load_builtin(None).expect("built-in packs load");
        Engine::new(packs).expect("built-in packs compile")
    })
}

/// Run `bytes` through the stages of `kind`; the first broken invariant.
pub(crate) fn run(kind: Kind, bytes: &[u8]) -> Result<(), String> {
    match kind {
        Kind::Document => document(bytes),
        Kind::Pack => pack(bytes),
        Kind::Config => config(bytes),
    }
}

fn span_ok(text: &str, s: Span, what: &str) -> Result<(), String> {
    if s.start <= s.end
        && s.end <= text.len()
        && text.is_char_boundary(s.start)
        && text.is_char_boundary(s.end)
    {
        Ok(())
    } else {
        Err(format!(
            "{what}: span {}..{} not on character boundaries of a text of {} bytes",
            s.start,
            s.end,
            text.len()
        ))
    }
}

fn ensure(ok: bool, what: impl FnOnce() -> String) -> Result<(), String> {
    if ok { Ok(()) } else { Err(what()) }
}

/// Decoder → normalizer → structure → quantities → engine → fixes → formats.
fn document(bytes: &[u8]) -> Result<(), String> {
    // The size cap stops at the limit whatever the input.
    let limit = bytes.len() as u64 / 2;
    let capped = reportlint::read::read_limited(bytes, limit);
    ensure(capped.is_err() == (bytes.len() as u64 > limit), || {
        "read_limited: wrong verdict".into()
    })?;
    let file = match SourceFile::decode("fuzz.txt", bytes.to_vec()) {
        Ok(f) => f,
        Err(DecodeError::UnknownEncoding {
            utf8_error_at,
            line,
        }) => {
            ensure(utf8_error_at <= bytes.len(), || {
                "utf8_error_at past the end".into()
            })?;
            ensure(std::str::from_utf8(&bytes[..utf8_error_at]).is_ok(), || {
                format!("bytes before utf8_error_at {utf8_error_at} are not UTF-8")
            })?;
            let lines = 1 + bytes[..utf8_error_at]
                .iter()
                .filter(|&&b| b == b'\n')
                .count();
            return ensure(line == lines, || format!("line {line}, expected {lines}"));
        }
        Err(_) => return Ok(()),
    };
    if file.docx.is_none() && matches!(file.encoding, Encoding::Utf8 | Encoding::Utf8Bom) {
        ensure(file.text.as_bytes() == bytes, || {
            "UTF-8 text differs from its bytes".into()
        })?;
    }
    let text = &file.text;
    normalized(text)?;
    let norm = Normalized::new(text);
    structure(norm.text())?;
    quantities(norm.text())?;
    let diags = engine().check(&file, &CheckOptions::default());
    diagnostics(text, &diags)?;
    if file.docx.is_some() {
        // Word documents are never fixed; their findings become comments.
        annotated(bytes, &file, &diags)?;
    } else {
        fixes(&file, &diags)?;
    }
    formats(&file, diags)
}

/// A Word document annotated with its findings reads as the original (a
/// part that reading does not need, such as a damaged `comments.xml`, may
/// make annotating fail — with an error, never a panic).
fn annotated(bytes: &[u8], file: &SourceFile, diags: &[Diagnostic]) -> Result<(), String> {
    use reportlint::source::docx::{Comment, annotate};
    let comments: Vec<Comment> = diags.iter().map(Comment::from_diagnostic).collect();
    let Ok(copy) = annotate(bytes, &comments) else {
        return Ok(());
    };
    let again = SourceFile::decode("fuzz.docx", copy)
        .map_err(|e| format!("the annotated copy does not read: {e}"))?;
    ensure(again.text == file.text, || {
        "the annotated copy reads differently".into()
    })
}

/// One normalized character per original character, each the normalized
/// form of its original; boundaries map both ways.
fn normalized(text: &str) -> Result<(), String> {
    let norm = Normalized::new(text);
    let n = norm.text();
    ensure(n.chars().count() == text.chars().count(), || {
        "normalized text has another number of characters".into()
    })?;
    let mut orig = text.char_indices();
    for (ni, nc) in n.char_indices() {
        let Some((oi, oc)) = orig.next() else {
            return Err("normalized text is longer".into());
        };
        ensure(normalize_char(oc) == nc, || {
            format!("char at {oi} normalized wrongly")
        })?;
        let mapped = norm.to_original(Span::new(ni, ni + nc.len_utf8()));
        ensure(mapped == Span::new(oi, oi + oc.len_utf8()), || {
            format!("to_original({ni}) = {mapped:?}, expected {oi}")
        })?;
        let back = norm.from_original(mapped);
        ensure(back == Span::new(ni, ni + nc.len_utf8()), || {
            format!("from_original({oi}) = {back:?}, expected {ni}")
        })?;
    }
    ensure(norm.offset_to_original(n.len()) == text.len(), || {
        "the end does not map to the end".into()
    })
}

fn structure(text: &str) -> Result<(), String> {
    let doc = Document::parse(text);
    span_ok(text, doc.body, "body")?;
    if let Some(t) = &doc.title {
        span_ok(text, t.span, "title")?;
    }
    for f in &doc.metadata {
        span_ok(text, f.key_span, "metadata key")?;
        span_ok(text, f.value, "metadata value")?;
    }
    for s in doc.addressee.iter().chain(doc.opening.iter()) {
        span_ok(text, *s, "addressee/opening")?;
    }
    let mut previous_end = 0;
    for h in &doc.headings {
        span_ok(text, h.span, "heading")?;
        span_ok(text, h.text, "heading text")?;
        span_ok(text, h.marker.span, "heading marker")?;
        ensure(
            h.span.contains(h.text) && h.span.contains(h.marker.span),
            || format!("heading {:?} does not contain its parts", h.span),
        )?;
        ensure(h.span.start >= previous_end, || "headings overlap".into())?;
        ensure((1..=4).contains(&h.level), || {
            format!("heading level {}", h.level)
        })?;
        previous_end = h.span.end;
    }
    fn sections(text: &str, doc: &Document, list: &[Section]) -> Result<(), String> {
        for s in list {
            span_ok(text, s.span, "section")?;
            span_ok(text, s.body, "section body")?;
            ensure(s.heading < doc.headings.len(), || {
                "section of no heading".into()
            })?;
            ensure(s.span.contains(s.body), || {
                "section body outside section".into()
            })?;
            for c in &s.children {
                ensure(s.body.contains(c.span), || {
                    "child section outside parent".into()
                })?;
            }
            sections(text, doc, &s.children)?;
        }
        Ok(())
    }
    sections(text, &doc, &doc.sections)?;
    for s in doc.paragraphs().chain(doc.statements(text)) {
        span_ok(text, s, "paragraph/sentence")?;
    }
    for e in &doc.enumerations(text) {
        for i in &e.items {
            span_ok(text, i.marker, "enumeration item")?;
        }
    }
    if let Some(c) = &doc.closing {
        span_ok(text, c.span, "closing")?;
        for s in c.signature.iter().chain(c.date.as_ref().map(|d| &d.span)) {
            span_ok(text, *s, "closing part")?;
        }
    }
    if let Some(y) = doc.report_year {
        span_ok(text, y.span, "report year")?;
    }
    for (_, s) in doc.title_years.iter().chain(&doc.opening_years) {
        span_ok(text, *s, "year")?;
    }
    Ok(())
}

fn quantities(text: &str) -> Result<(), String> {
    let mut last = 0;
    for q in reportlint::quantity::extract(text) {
        for (s, what) in [
            (q.span(), "quantity"),
            (q.number_span(), "number"),
            (q.clause(), "clause"),
            (q.sentence(), "sentence"),
        ] {
            span_ok(text, s, what)?;
        }
        if let Some(k) = q.key() {
            span_ok(text, k, "key")?;
        }
        ensure(q.span().start >= last, || {
            "quantities out of order or overlapping".into()
        })?;
        ensure(!(q.kind.is_identifier() && q.is_numeric()), || {
            "an identifier counted as a measure".into()
        })?;
        last = q.span().end;
    }
    Ok(())
}

fn diagnostics(text: &str, diags: &[Diagnostic]) -> Result<(), String> {
    for d in diags {
        if let Some(s) = d.span {
            span_ok(text, s, &d.rule)?;
        }
        for l in &d.labels {
            span_ok(text, l.span, &format!("{} label", d.rule))?;
        }
        if let Some(f) = &d.fix {
            span_ok(text, f.span, &format!("{} fix", d.rule))?;
        }
    }
    Ok(())
}

/// Fixes apply in rounds until none is left: after `--fix`, a second
/// `--fix` changes nothing (unless fixes overlapped, or kept enabling new
/// ones for all of `MAX_ROUNDS`).
fn fixes(file: &SourceFile, diags: &[Diagnostic]) -> Result<(), String> {
    let check = |text: &str| {
        let again = SourceFile {
            name: file.name.clone(),
            text: text.to_owned(),
            encoding: file.encoding,
            docx: None,
        };
        engine().check(&again, &CheckOptions::default())
    };
    let (fixed, last) = reportlint::fix::apply_rounds(&file.text, diags, check, |d| d.as_slice());
    let Some(after) = last else {
        return Ok(());
    };
    diagnostics(&fixed.text, &after)?;
    let second = reportlint::fix::apply(&fixed.text, &after);
    let settled = fixed.skipped > 0 || fixed.rounds == reportlint::fix::MAX_ROUNDS;
    ensure(settled || second.applied == 0, || {
        let rules: Vec<&str> = after
            .iter()
            .filter(|d| d.fix.is_some())
            .map(|d| d.rule.as_str())
            .collect();
        format!("--fix is not idempotent: a second run applies {rules:?}")
    })
}

fn formats(file: &SourceFile, diags: Vec<Diagnostic>) -> Result<(), String> {
    let checked = [Checked {
        name: file.name.clone(),
        text: file.text.clone(),
        diagnostics: diags,
    }];
    let rules: Vec<RuleMeta<'_>> = engine()
        .rules()
        .map(|r| RuleMeta {
            id: &r.id,
            summary: &r.summary,
            docs: &r.docs,
            severity: engine().severity(&r.id),
        })
        .collect();
    let failed = [];
    let mut out = Vec::new();
    let io = |e: std::io::Error| format!("rendering: {e}");
    report::render_short(&checked, &mut out).map_err(io)?;
    report::render_json(&checked, &failed, &mut out).map_err(io)?;
    report::render_sarif(&checked, &failed, &rules, &mut out).map_err(io)?;
    report::render_github(&checked, &failed, &mut out).map_err(io)?;
    report::render_junit(&checked, &failed, &mut out).map_err(io)?;
    report::render_rdjson(&checked, &failed, &mut out).map_err(io)?;
    let mut human = codespan_reporting::term::termcolor::NoColor::new(Vec::new());
    report::render_human(&checked, &failed, &mut human).map_err(io)?;
    let baseline = reportlint::baseline::Baseline::record(std::iter::once((
        checked[0].name.as_str(),
        checked[0].text.as_str(),
        checked[0].diagnostics.as_slice(),
    )));
    let reread = reportlint::baseline::Baseline::parse(&baseline.to_json())
        .map_err(|e| format!("baseline does not read back: {e}"))?;
    ensure(reread.findings.len() == baseline.findings.len(), || {
        "baseline loses findings".into()
    })
}

/// The pack id a rule file's rules use (`fazhi/…` → `fazhi`), else `fuzz`.
fn pack_id(text: &str) -> String {
    text.split("id: ")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .filter(|id| !id.is_empty() && id.len() < 40 && !id.contains(['\n', ' ']))
        .unwrap_or("fuzz")
        .to_owned()
}

/// Pack loader → compiler → inline examples; errors must render.
fn pack(bytes: &[u8]) -> Result<(), String> {
    let Ok(text) = String::from_utf8(bytes.to_vec()) else {
        return Ok(());
    };
    let manifest = format!("id: {}\nname: 模糊测试\n", pack_id(&text));
    let files = vec![
        ("fuzz/pack.yaml".to_owned(), manifest),
        ("fuzz/rules.yaml".to_owned(), text),
    ];
    let pack = match reportlint::pack::parse_files(files) {
        Ok(p) => p,
        Err(e) => return rendered(e),
    };
    let engine = match Engine::new(vec![pack]) {
        Ok(e) => e,
        Err(e) => return rendered(e),
    };
    let failures = engine.verify_examples(false).into_iter().map(|f| f.error);
    if let Some(e) = reportlint::pack::PackError::many(failures, 20) {
        rendered(e)?;
    }
    // The compiled rules on a draft.
    let draft = SourceFile::from_text("fuzz.txt", include_str!("../draft-report.txt"));
    diagnostics(&draft.text, &engine.check(&draft, &CheckOptions::default()))
}

fn config(bytes: &[u8]) -> Result<(), String> {
    let Ok(text) = String::from_utf8(bytes.to_vec()) else {
        return Ok(());
    };
    match Config::parse(Path::new("reportlint.yaml"), text) {
        Ok(_) => Ok(()),
        Err(e) => rendered(e),
    }
}

/// An error renders (with its source excerpt) without panicking.
fn rendered(e: reportlint::pack::PackError) -> Result<(), String> {
    let shown = format!("{:?}", e.into_report());
    ensure(!shown.is_empty(), || "an empty error".into())
}
