//! Mutation fuzzing on stable Rust: mutated drafts, rule files and
//! configurations from the repository fed to every stage for a while.
//!
//! ```sh
//! cargo run --profile fuzz --example fuzz -- --seconds 60      # what CI runs
//! cargo run --profile fuzz --example fuzz -- --seconds 3600    # an hour
//! cargo run --profile fuzz --example fuzz -- --seed 42 --iterations 1000
//! ```
//!
//! The `fuzz` profile is `release` with debug assertions and overflow checks
//! on. An input that panics, breaks an invariant ([`stages`]) or runs longer
//! than `--hang-seconds` is saved to `tests/fuzz-regressions/` (named by its
//! kind and a hash), where `tests/fuzz_regressions.rs` replays it on every
//! `cargo test`: commit it with the fix. Exit status 1 when anything failed.

mod mutate;
mod stages;

use mutate::{Kind, Rng, Seeds};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

struct Options {
    seconds: u64,
    iterations: Option<u64>,
    seed: u64,
    hang_seconds: u64,
    save: PathBuf,
}

fn usage() -> ! {
    eprintln!(
        "usage: fuzz [--seconds N] [--iterations N] [--seed N] [--hang-seconds N] [--save DIR]"
    );
    std::process::exit(2);
}

fn options() -> Options {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let clock = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as u64);
    let mut o = Options {
        seconds: 60,
        iterations: None,
        seed: clock ^ u64::from(std::process::id()),
        hang_seconds: 20,
        save: root.join("tests/fuzz-regressions"),
    };
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let mut value = || args.next().unwrap_or_else(|| usage());
        match flag.as_str() {
            "--seconds" => o.seconds = value().parse().unwrap_or_else(|_| usage()),
            "--iterations" => o.iterations = Some(value().parse().unwrap_or_else(|_| usage())),
            "--seed" => o.seed = value().parse().unwrap_or_else(|_| usage()),
            "--hang-seconds" => o.hang_seconds = value().parse().unwrap_or_else(|_| usage()),
            "--save" => o.save = PathBuf::from(value()),
            _ => usage(),
        }
    }
    o
}

/// FNV-1a, to name saved inputs by their content.
fn hash(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Save a failing input where the regression test finds it.
fn save(dir: &Path, kind: Kind, bytes: &[u8]) -> PathBuf {
    let path = dir.join(format!("{}-{:016x}.bin", kind.prefix(), hash(bytes)));
    if let Err(e) = std::fs::create_dir_all(dir).and_then(|()| std::fs::write(&path, bytes)) {
        eprintln!("cannot save {}: {e}", path.display());
    }
    path
}

/// The input being run and since when, for the hang watchdog.
type Current = Arc<Mutex<Option<(Instant, Kind, Vec<u8>)>>>;

/// Abort the run when one input takes longer than `limit`, saving it.
fn watchdog(current: Current, limit: Duration, dir: PathBuf) {
    std::thread::spawn(move || {
        loop {
            std::thread::sleep(Duration::from_millis(200));
            let guard = current.lock().unwrap_or_else(|e| e.into_inner());
            if let Some((since, kind, bytes)) = guard.as_ref() {
                if since.elapsed() > limit {
                    let path = save(&dir, *kind, bytes);
                    eprintln!(
                        "HANG: a {kind:?} input ran over {} s; saved as {}",
                        limit.as_secs(),
                        path.display()
                    );
                    std::process::exit(1);
                }
            }
        }
    });
}

fn main() {
    let o = options();
    let seeds = Seeds::load(Path::new(env!("CARGO_MANIFEST_DIR")));
    eprintln!(
        "fuzz: seed {}, {} s{}, {} drafts, {} rule files",
        o.seed,
        o.seconds,
        o.iterations
            .map_or(String::new(), |n| format!(" or {n} inputs")),
        seeds.documents.len(),
        seeds.packs.len()
    );
    // Compile the built-in packs before the clock starts.
    stages::engine();
    let current: Current = Arc::new(Mutex::new(None));
    watchdog(
        Arc::clone(&current),
        Duration::from_secs(o.hang_seconds),
        o.save.clone(),
    );
    // Panics are caught and reported once, with their input.
    std::panic::set_hook(Box::new(|_| {}));
    let mut rng = Rng::new(o.seed);
    let deadline = Instant::now() + Duration::from_secs(o.seconds);
    let (mut runs, mut failures) = (0u64, 0u64);
    let mut counts = [0u64; 3];
    while Instant::now() < deadline && o.iterations.is_none_or(|n| runs < n) {
        // Mostly drafts: they reach the most code.
        let kind = match rng.below(20) {
            0..=14 => Kind::Document,
            15..=18 => Kind::Pack,
            _ => Kind::Config,
        };
        let bytes = seeds.mutant(kind, &mut rng);
        *current.lock().unwrap_or_else(|e| e.into_inner()) =
            Some((Instant::now(), kind, bytes.clone()));
        let outcome = std::panic::catch_unwind(|| stages::run(kind, &bytes));
        *current.lock().unwrap_or_else(|e| e.into_inner()) = None;
        runs += 1;
        counts[Kind::ALL.iter().position(|k| *k == kind).unwrap_or(0)] += 1;
        let problem = match outcome {
            Ok(Ok(())) => continue,
            Ok(Err(broken)) => broken,
            Err(panic) => {
                let message = panic
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                    .unwrap_or_default();
                format!("panic: {message}")
            }
        };
        failures += 1;
        let path = save(&o.save, kind, &bytes);
        eprintln!(
            "FAIL ({kind:?}): {problem}\n  input saved as {}",
            path.display()
        );
    }
    eprintln!(
        "fuzz: {runs} inputs ({} drafts, {} rule files, {} configurations), {failures} failed",
        counts[0], counts[1], counts[2]
    );
    if failures > 0 {
        eprintln!("add the saved inputs to git: tests/fuzz_regressions.rs replays them");
        std::process::exit(1);
    }
}
