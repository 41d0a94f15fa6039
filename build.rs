//! Embeds the rule packs in `rules/` into the binary.
use std::fmt::Write as _;
use std::path::Path;

fn main() {
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
