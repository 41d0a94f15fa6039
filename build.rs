//! Embeds the rule packs in `rules/` into the binary, and tells the tests
//! whether the shared corpus is there.
use std::fmt::Write as _;
use std::path::Path;

/// Tests on the real reports of `../shared/corpus` (beside the checkout) are
/// compiled with `#[cfg_attr(corpus_missing, ignore = …)]`: without the
/// corpus `cargo test` lists them as ignored, with the reason, instead of
/// passing without checking anything.
fn corpus() {
    println!("cargo::rustc-check-cfg=cfg(corpus_missing)");
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let corpus = manifest.join("../shared/corpus");
    let present = std::fs::read_dir(&corpus).is_ok_and(|entries| {
        entries
            .flatten()
            .any(|e| e.path().extension().is_some_and(|x| x == "txt"))
    });
    if present {
        // Rerun when it changes or disappears.
        println!("cargo::rerun-if-changed={}", corpus.display());
    } else {
        println!("cargo::rustc-cfg=corpus_missing");
        println!(
            "cargo::warning=../shared/corpus not found: the tests on the real reports are ignored (see README)"
        );
        // Rerun when it appears, if its parent exists (a missing path would
        // rerun this script, and rebuild the crate, on every build).
        let shared = manifest.join("../shared");
        if shared.is_dir() {
            println!("cargo::rerun-if-changed={}", shared.display());
        }
    }
}

fn main() {
    corpus();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("rules");
    println!("cargo:rerun-if-changed={}", root.display());
    let mut files = Vec::new();
    if let Ok(packs) = std::fs::read_dir(&root) {
        for pack in packs.flatten().filter(|e| e.path().is_dir()) {
            println!("cargo:rerun-if-changed={}", pack.path().display());
            for file in std::fs::read_dir(pack.path())
                .into_iter()
                .flatten()
                .flatten()
            {
                let path = file.path();
                if path.extension().is_some_and(|e| e == "yaml") {
                    let rel = path
                        .strip_prefix(&root)
                        .unwrap()
                        .to_string_lossy()
                        .replace('\\', "/");
                    files.push((rel, path.display().to_string()));
                }
            }
        }
    }
    // An empty list would build a linter without its rules that reports
    // nothing; fail the build instead.
    assert!(
        !files.is_empty(),
        "no rule packs (rules/<pack>/*.yaml) under {}",
        root.display()
    );
    files.sort();
    let mut out = String::from(
        "/// (path under rules/, contents)\npub(super) static FILES: &[(&str, &str)] = &[\n",
    );
    for (rel, abs) in &files {
        println!("cargo:rerun-if-changed={abs}");
        writeln!(out, "    ({rel:?}, include_str!({abs:?})),").unwrap();
    }
    out.push_str("];\n");
    let dest = Path::new(&std::env::var("OUT_DIR").unwrap()).join("embedded_packs.rs");
    std::fs::write(dest, out).unwrap();
}
