//! Every input the fuzz harness (`examples/fuzz`) ever failed on, replayed
//! through the same stages and invariants; plus a short fixed-seed run of the
//! harness itself.

#[path = "../examples/fuzz/mutate.rs"]
mod mutate;
#[path = "../examples/fuzz/stages.rs"]
mod stages;

use mutate::{Kind, Rng, Seeds};
use std::path::Path;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn saved_failures_pass_now() {
    let dir = root().join("tests/fuzz-regressions");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "bin"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no saved inputs in {}", dir.display());
    for path in files {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let kind = Kind::of_file_name(&name)
            .unwrap_or_else(|| panic!("{name}: not named doc-…, pack-… or config-…"));
        let bytes = std::fs::read(&path).unwrap();
        if let Err(broken) = stages::run(kind, &bytes) {
            panic!("{name}: {broken}");
        }
    }
}

/// A few hundred mutants with fixed seeds: the harness and the invariants
/// hold on every `cargo test`, not only in the timed CI run.
#[test]
fn fixed_seed_mutants() {
    let seeds = Seeds::load(root());
    for kind in Kind::ALL {
        let mut rng = Rng::new(0x5EED + kind as u64);
        for i in 0..60 {
            let bytes = seeds.mutant(kind, &mut rng);
            if let Err(broken) = stages::run(kind, &bytes) {
                panic!("{kind:?} mutant {i}: {broken}");
            }
        }
    }
}
