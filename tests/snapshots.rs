//! What users see, pinned: the rendered output of every fixture, of the
//! structure and quantity debug views, of every output format on the bundled
//! example, and of the findings on the real corpus.
//!
//! A change that moves any of it shows as a `.snap` diff under
//! `tests/snapshots/`; review it with `cargo insta review` (or rerun with
//! `INSTA_UPDATE=always` and read `git diff tests/snapshots`).

mod common;

use common::{corpus_paths, root, run_in};
use reportlint::engine::Engine;
use reportlint::normalize::Normalized;
use reportlint::pack;
use reportlint::report::{Checked, render_human, render_short};
use reportlint::rules::CheckOptions;
use reportlint::source::SourceFile;
use reportlint::structure::Document;
use std::path::Path;
use std::sync::OnceLock;

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| Engine::new(pack::load_builtin(None).unwrap()).unwrap())
}

/// A fixture as the CLI reads it, named by its path from the crate root.
fn load(path: &Path) -> SourceFile {
    let name = path
        .strip_prefix(root())
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/");
    SourceFile::decode(name, std::fs::read(path).unwrap()).unwrap()
}

/// The findings on `file`, the same whether the engine keeps the original
/// text or gives up its copy while it checks (the CLI's way).
fn checked(file: &SourceFile) -> Vec<Checked> {
    let diagnostics = engine().check(file, &CheckOptions::default());
    let mut owned = file.clone();
    let lean = engine().check_owned(&mut owned, &CheckOptions::default());
    assert_eq!(owned.text, file.text, "{}: text not restored", file.name);
    assert_eq!(lean, diagnostics, "{}: findings differ", file.name);
    vec![Checked {
        name: file.name.clone(),
        text: file.text.clone(),
        diagnostics,
    }]
}

fn short(checked: &[Checked]) -> String {
    let mut out = Vec::new();
    render_short(checked, &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

fn human(checked: &[Checked]) -> String {
    let mut out = codespan_reporting::term::termcolor::NoColor::new(Vec::new());
    render_human(checked, &[], &mut out).unwrap();
    String::from_utf8(out.into_inner()).unwrap()
}

fn settings() -> insta::Settings {
    let mut s = insta::Settings::clone_current();
    s.set_prepend_module_to_snapshot(false);
    s.set_omit_expression(true);
    s
}

/// Every rule fixture, checked with every built-in rule: short and human.
#[test]
fn rule_fixtures() {
    settings().bind(|| {
        insta::glob!(
            "fixtures",
            "{fazhi,gongwen,shuzi,reportlint}/**/*.{txt,md}",
            |path| {
                let c = checked(&load(path));
                insta::assert_snapshot!(format!(
                    "── short ──\n{}\n── human ──\n{}",
                    short(&c),
                    human(&c)
                ));
            }
        );
    });
}

/// `debug structure` (text) of the structure fixtures and `debug quantities`
/// (text) of the numeric fixtures.
#[test]
fn debug_views() {
    settings().bind(|| {
        insta::glob!("fixtures", "structure/*.{txt,md}", |path| {
            let file = load(path);
            let norm = Normalized::new(&file.text);
            let doc = Document::parse(norm.text());
            insta::assert_snapshot!(reportlint::structure::debug::debug_text(
                &doc,
                norm.text(),
                &file.text,
                |s| norm.to_original(s)
            ));
        });
        insta::glob!("fixtures", "shuzi/**/*.txt", |path| {
            let file = load(path);
            let norm = Normalized::new(&file.text);
            let qs = reportlint::quantity::extract(norm.text());
            insta::assert_snapshot!(reportlint::quantity::debug::debug_text(
                &qs,
                norm.text(),
                |s| norm.to_original(s),
                &file.text
            ));
        });
    });
}

/// The Word fixtures: the `debug text` view of the rendering, then short and
/// human output — or the error a file that cannot be read gives.
#[test]
fn word_fixtures() {
    settings().bind(|| {
        insta::glob!("fixtures", "docx/*.{docx,docm,doc}", |path| {
            let name = path
                .strip_prefix(root())
                .unwrap_or(path)
                .to_string_lossy()
                .replace('\\', "/");
            match SourceFile::decode(name, std::fs::read(path).unwrap()) {
                Ok(file) => {
                    let c = checked(&file);
                    insta::assert_snapshot!(format!(
                        "── debug text ──\n{}\n── short ──\n{}\n── human ──\n{}",
                        reportlint::source::debug::debug_text(&file),
                        short(&c),
                        human(&c)
                    ));
                }
                Err(e) => insta::assert_snapshot!(format!("error: {e}")),
            }
        });
    });
}

/// Every output format of the real binary on the bundled example draft.
#[test]
fn formats_on_the_example() {
    let dir = root();
    for format in [
        "human", "short", "json", "sarif", "github", "junit", "rdjson",
    ] {
        let out = run_in(
            &dir,
            &[
                "check",
                "--isolated",
                "--color",
                "never",
                "--format",
                format,
                "examples/draft-report.txt",
            ],
        );
        assert_eq!(
            out.status.code(),
            Some(1),
            "{format}: the example has errors"
        );
        settings().bind(|| {
            insta::assert_snapshot!(
                format!("example-{format}"),
                String::from_utf8(out.stdout).unwrap()
            );
        });
    }
}

/// The findings on the five real reports, one line each (no excerpts: corpus
/// sentences stay out of the repository). Any change here must be argued
/// finding by finding.
#[test]
#[cfg_attr(corpus_missing, ignore = "needs ../shared/corpus")]
fn corpus_findings() {
    let paths = corpus_paths();
    let mut all = String::new();
    for path in paths {
        let file = load(&path);
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let c = checked(&SourceFile {
            name: name.clone(),
            ..file
        });
        all.push_str(&short(&c));
    }
    settings().bind(|| insta::assert_snapshot!("corpus-short", all));
}
