//! Embeds the rule packs in `rules/` into the binary, parsed (see
//! `src/pack/tree.rs`), with the search plans of their patterns worked out
//! (see `src/rules/plans.rs`), and tells the tests whether the shared
//! corpus is there.
use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::{Location, Spanned};
use std::fmt::{self, Write as _};
use std::path::Path;

// The crate's own analysis of patterns (`src/rules/literals.rs`) and what
// it uses, run here on the patterns of the built-in packs. Lints see these
// modules in the crate, where their items are used and exported.
#[allow(dead_code, unused_imports, unreachable_pub)]
#[path = "src/rules/literals.rs"]
mod literals;
#[allow(
    dead_code,
    unused_imports,
    unreachable_pub,
    clippy::wrong_self_convention
)]
#[path = "src/normalize/mod.rs"]
mod normalize;
#[allow(dead_code, unused_imports, unreachable_pub)]
#[path = "src/rules/pattern.rs"]
mod pattern;
#[allow(dead_code, unused_imports, unreachable_pub)]
#[path = "src/span.rs"]
mod span;
// The syntax of the built-in packs' patterns, parsed and in common form,
// which `src/rules/compile.rs` rebuilds instead of parsing the patterns.
#[allow(dead_code)]
#[path = "src/rules/compile/common.rs"]
mod common;
#[allow(dead_code)]
#[path = "src/rules/compile/stored.rs"]
mod stored;
// Their NFAs, which `src/rules/compile.rs` rebuilds instead of compiling
// the syntax.
#[allow(dead_code)]
#[path = "src/rules/compile/nfa.rs"]
mod nfa;
// The DFA of the built-in phrase rules' literals, searched by
// `src/rules/phrase/set/built_in.rs`.
#[path = "src/rules/phrase/set/slot.rs"]
mod slot;
#[path = "src/rules/phrase/set/tables.rs"]
mod tables;
// The words `restated_figure` looks for in a sentence, whose DFA
// `src/rules/restated_figure.rs` searches.
#[path = "src/rules/restated_figure/words.rs"]
mod sentence_words;

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

/// `REPORTLINT_SOURCE_HASH`: a hash of everything a build's pack loading
/// depends on — the sources, this script, the built-in packs, the locked
/// dependencies — that tells the cache of validated packs
/// (`src/pack/cache.rs`) which entries this build wrote.
fn source_hash() {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for dir in ["src", "rules"] {
        let dir = manifest.join(dir);
        println!("cargo::rerun-if-changed={}", dir.display());
        walk(&dir, &mut files);
    }
    for file in ["build.rs", "Cargo.toml", "Cargo.lock"] {
        let path = manifest.join(file);
        if path.is_file() {
            println!("cargo::rerun-if-changed={}", path.display());
            files.push(path);
        }
    }
    files.sort();
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for path in &files {
        let rel = path.strip_prefix(manifest).unwrap_or(path);
        let bytes = std::fs::read(path).unwrap_or_default();
        let name = rel.to_string_lossy();
        for piece in [name.as_bytes(), &bytes] {
            for &b in (piece.len() as u64).to_le_bytes().iter().chain(piece) {
                hash = (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
            }
        }
    }
    println!("cargo::rustc-env=REPORTLINT_SOURCE_HASH={hash:016x}");
}

/// Every file under `dir`, recursively.
fn walk(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            walk(&path, out);
        } else {
            out.push(path);
        }
    }
}

/// The `reportlint` binary is linked position-dependent (`-no-pie`) where
/// the target is Linux with glibc. A position-independent executable has
/// the dynamic loader rewrite every pointer in its data at each start —
/// about 21,000 relocations (vtables, string tables, the embedded packs),
/// each page of them copied on write: 85 of an empty file's 371 page
/// faults and 0.3 of its 2.1 ms CPU. What it costs: the binary's own code
/// and data are always at the same address (libraries, stack and heap are
/// still placed at random). Only the binary: the library, the tests and
/// the wasm build link as before.
fn link() {
    let var = |name| std::env::var(name).unwrap_or_default();
    if var("CARGO_CFG_TARGET_OS") == "linux" && var("CARGO_CFG_TARGET_ENV") == "gnu" {
        println!("cargo::rustc-link-arg-bins=-no-pie");
    }
}

fn main() {
    corpus();
    source_hash();
    link();
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
        "/// (path under rules/, contents, parsed)\npub(super) static FILES: &[(&str, &str, &N)] = &[\n",
    );
    let mut patterns = std::collections::BTreeSet::new();
    let mut phrase = std::collections::BTreeSet::new();
    for (rel, abs) in &files {
        println!("cargo:rerun-if-changed={abs}");
        let text = std::fs::read_to_string(abs)
            .unwrap_or_else(|e| panic!("rules/{rel}: cannot read it: {e}"));
        let root = parse(&format!("rules/{rel}"), &text);
        write!(out, "    ({rel:?}, include_str!({abs:?}), &").unwrap();
        root.emit(&mut out);
        out.push_str("),\n");
        check_strings(&root.value, false, &mut |s| {
            patterns.insert(s.to_owned());
            patterns.insert(pattern::normalize_regex(s));
        });
        growth_from(&root.value, &mut |s| {
            patterns.insert(pattern::normalize_regex(&pattern::anchored_at_end(s)));
        });
        phrase_literals(&root.value, &mut phrase);
    }
    out.push_str("];\n");
    let out_dir = std::env::var("OUT_DIR").unwrap();
    std::fs::write(Path::new(&out_dir).join("embedded_packs.rs"), out).unwrap();
    std::fs::write(
        Path::new(&out_dir).join("built_in_plans.rs"),
        plans(&patterns),
    )
    .unwrap();
    std::fs::write(
        Path::new(&out_dir).join("built_in_syntax.rs"),
        syntax(&patterns),
    )
    .unwrap();
    let dfa = tables::Tables::new(&phrase);
    let bin = Path::new(&out_dir).join("phrase_literals.bin");
    let bytes: Vec<u8> = dfa
        .transitions
        .iter()
        .flat_map(|t| t.to_le_bytes())
        .collect();
    std::fs::write(&bin, bytes).unwrap();
    std::fs::write(
        Path::new(&out_dir).join("phrase_literals.rs"),
        phrase_tables(&dfa, &bin),
    )
    .unwrap();
    std::fs::write(
        Path::new(&out_dir).join("sentence_words.rs"),
        sentence_word_tables(),
    )
    .unwrap();
}

/// Rust source for the DFA of `src/rules/restated_figure.rs`: the words of
/// `sentence_words`, and per match state whether a word of each list ends
/// there. Indices into one array of `u16`, not byte offsets, the array
/// padded to a power of two: the search masks its index into it instead of
/// checking its bounds.
fn sentence_word_tables() -> String {
    use sentence_words::{OTHER, OTHER_PERIOD, PART, PART_MARKERS};
    let words = OTHER_PERIOD.iter().chain(PART_MARKERS);
    let dfa = tables::Tables::new(&words.map(|w| (*w).to_owned()).collect());
    let found: Vec<u8> = dfa
        .matches
        .iter()
        .map(|ids| {
            ids.iter().fold(0, |found, &id| {
                let word = dfa.literals[id as usize].as_str();
                let ends = |list: &[&str], flag: u8| if list.contains(&word) { flag } else { 0 };
                found | ends(OTHER_PERIOD, OTHER) | ends(PART_MARKERS, PART)
            })
        })
        .collect();
    let columns: Vec<u16> = dfa.columns.iter().map(|c| c / 4).collect();
    let mut transitions: Vec<u16> = dfa
        .transitions
        .iter()
        .map(|t| u16::try_from(t / 4).expect("a small DFA"))
        .collect();
    transitions.resize(transitions.len().next_power_of_two(), 0);
    let mut out = String::new();
    writeln!(out, "pub(super) static COLUMNS: [u16; 256] = {columns:?};").unwrap();
    writeln!(out, "pub(super) const ROW: usize = {};", dfa.stride).unwrap();
    writeln!(out, "pub(super) const START: usize = {};", dfa.start / 4).unwrap();
    writeln!(
        out,
        "pub(super) const MATCH_END: usize = {};",
        dfa.matches.len() * dfa.stride
    )
    .unwrap();
    writeln!(
        out,
        "pub(super) static FOUND: [u8; {}] = {found:?};",
        found.len()
    )
    .unwrap();
    writeln!(
        out,
        "pub(super) static TRANSITIONS: [u16; {}] = {transitions:?};",
        transitions.len()
    )
    .unwrap();
    out
}

/// Add to `out` the literals a phrase set of the built-in packs searches
/// for, under `node`: each phrase rule's literals and the literals of the
/// plans of its regexes (`src/rules/phrase/mod.rs`), as its view matches
/// them — the patterns of `PhraseSet::new`.
fn phrase_literals(node: &YamlNode, out: &mut std::collections::BTreeSet<String>) {
    match node {
        YamlNode::Seq(items) => {
            for item in items {
                phrase_literals(&item.value, out);
            }
        }
        YamlNode::Map(entries) => {
            for (key, value) in entries {
                match &value.value {
                    YamlNode::Map(spec) if key == "phrase" => phrase_spec_literals(spec, out),
                    other => phrase_literals(other, out),
                }
            }
        }
        _ => {}
    }
}

/// [`phrase_literals`] of one phrase spec.
fn phrase_spec_literals(
    spec: &[(String, Spanned<YamlNode>)],
    out: &mut std::collections::BTreeSet<String>,
) {
    let original = spec
        .iter()
        .any(|(key, v)| key == "view" && matches!(&v.value, YamlNode::Str(s) if s == "original"));
    for (key, value) in spec {
        let YamlNode::Seq(items) = &value.value else {
            continue;
        };
        for item in items {
            let YamlNode::Str(s) = &item.value else {
                continue;
            };
            match key.as_str() {
                "literal" => {
                    out.insert(pattern::normalize_literal(s));
                }
                "regex" => {
                    let searched = match original {
                        true => s.clone(),
                        false => pattern::normalize_regex(s),
                    };
                    out.extend(literals::work_out_plan(&searched).0.into_iter().flatten());
                }
                _ => {}
            }
        }
    }
    out.remove("");
}

/// Rust source for the tables of `src/rules/phrase/set/built_in.rs`; the
/// transitions are in the file `bin`.
fn phrase_tables(dfa: &tables::Tables, bin: &Path) -> String {
    // Offsets into one text or array rather than slices: a slice in a
    // static is a relocation the loader applies at every start.
    let ends = |lens: &mut dyn Iterator<Item = usize>| {
        let mut end = 0;
        let ends: Vec<u32> = lens
            .map(|len| {
                end += len;
                u32::try_from(end).unwrap()
            })
            .collect();
        ends
    };
    let mut out = String::new();
    let text: String = dfa.literals.concat();
    let literal_ends = ends(&mut dfa.literals.iter().map(String::len));
    let match_ends = ends(&mut dfa.matches.iter().map(Vec::len));
    let match_literals: Vec<u32> = dfa.matches.concat();
    writeln!(out, "pub(super) static LITERAL_TEXT: &str = {text:?};").unwrap();
    writeln!(
        out,
        "pub(super) static LITERAL_ENDS: &[u32] = &{literal_ends:?};"
    )
    .unwrap();
    writeln!(out, "pub(super) static SLOTS: &[u32] = &{:?};", dfa.slots).unwrap();
    writeln!(
        out,
        "pub(super) static COLUMNS: [u16; 256] = {:?};",
        dfa.columns
    )
    .unwrap();
    let longest = dfa.literals.iter().map(String::len).max().unwrap_or(0);
    writeln!(out, "pub(super) const LONGEST: usize = {longest};").unwrap();
    writeln!(out, "pub(super) const ROW: usize = {};", dfa.stride * 4).unwrap();
    writeln!(out, "pub(super) const START: usize = {};", dfa.start).unwrap();
    writeln!(
        out,
        "pub(super) const MATCH_END: usize = {};",
        dfa.matches.len() * dfa.stride * 4
    )
    .unwrap();
    writeln!(
        out,
        "pub(super) static MATCH_ENDS: &[u32] = &{match_ends:?};"
    )
    .unwrap();
    writeln!(
        out,
        "pub(super) static MATCH_LITERALS: &[u32] = &{match_literals:?};"
    )
    .unwrap();
    writeln!(
        out,
        "pub(super) static TRANSITIONS: &[u8] = include_bytes!({:?});",
        bin.display().to_string()
    )
    .unwrap();
    out
}

/// Call `f` on every string under a `check` key of `node` (the patterns,
/// among other options, of the packs' rules); `within`: `node` is under one.
fn check_strings(node: &YamlNode, within: bool, f: &mut impl FnMut(&str)) {
    match node {
        YamlNode::Str(s) if within => f(s),
        YamlNode::Seq(items) => {
            for item in items {
                check_strings(&item.value, within, f);
            }
        }
        YamlNode::Map(entries) => {
            for (key, value) in entries {
                check_strings(&value.value, within || key == "check", f);
            }
        }
        _ => {}
    }
}

/// Call `f` with the `from` words of each `growth` rule under `node`,
/// which `src/rules/growth.rs` compiles anchored at the end.
fn growth_from(node: &YamlNode, f: &mut impl FnMut(&str)) {
    match node {
        YamlNode::Seq(items) => {
            for item in items {
                growth_from(&item.value, f);
            }
        }
        YamlNode::Map(entries) => {
            for (key, value) in entries {
                if let (true, YamlNode::Map(growth)) = (key == "growth", &value.value) {
                    for (key, value) in growth {
                        if let (true, YamlNode::Str(from)) = (key == "from", &value.value) {
                            f(from);
                        }
                    }
                }
                growth_from(&value.value, f);
            }
        }
        _ => {}
    }
}

/// Rust source for the table of `src/rules/plans.rs`: each pattern's
/// search plan and prefilter (`literals::work_out_plan`,
/// `literals::work_out_prefilter`), in the pattern's order.
fn plans(patterns: &std::collections::BTreeSet<String>) -> String {
    let strs = |all: &[String]| {
        let quoted: Vec<String> = all.iter().map(|s| format!("{s:?}")).collect();
        format!("&[{}]", quoted.join(", "))
    };
    let mut out = String::from("pub(super) static PATTERNS: &[BuiltIn] = &[\n");
    for pattern in patterns {
        let (literals, reach) = literals::work_out_plan(pattern);
        let literals = literals.map_or("None".to_owned(), |l| format!("Some({})", strs(&l)));
        let reach = reach.map_or("None".to_owned(), |r| {
            format!("Some(({}, &{:?}))", r.bytes, r.run.ranges())
        });
        let prefilter = literals::work_out_prefilter(pattern).map_or("None".to_owned(), |p| {
            format!("Some(({}, {}))", strs(&p.strings), p.exact)
        });
        writeln!(
            out,
            "    BuiltIn {{ pattern: {pattern:?}, literals: {literals}, reach: {reach}, prefilter: {prefilter} }},"
        )
        .unwrap();
    }
    out.push_str("];\n");
    out
}

/// Rust source for the table of `src/rules/compile.rs`: each pattern that
/// parses (as the crate parses it) with its syntax and its common form, as
/// bytes (`src/rules/compile/stored.rs`), and the NFA of each
/// (`src/rules/compile/nfa.rs`), in the patterns' order.
fn syntax(patterns: &std::collections::BTreeSet<String>) -> String {
    let literal = |encoded: &[u8]| {
        let escaped: String = encoded.iter().map(|b| format!("\\x{b:02x}")).collect();
        format!("b\"{escaped}\"")
    };
    let bytes = |hir: &regex_syntax::hir::Hir| {
        let mut encoded = Vec::new();
        stored::encode(hir, &mut encoded);
        literal(&encoded)
    };
    let mut compiler = regex_automata::nfa::thompson::Compiler::new();
    compiler.configure(nfa::config());
    // The statics of the screening DFAs.
    let mut screens = String::new();
    let mut screen_count = 0;
    // The NFA and the screening DFA of a form (of at most `limit`
    // transitions), each `None` when too large to compile or store.
    let mut nfa = |hir: &regex_syntax::hir::Hir, limit: usize| {
        let mut encoded = Vec::new();
        let Ok(nfa) = compiler.build_from_hir(hir) else {
            return ("None".to_owned(), "None".to_owned());
        };
        if !nfa::encode(&nfa, &mut encoded) {
            return ("None".to_owned(), "None".to_owned());
        }
        let screen = match screen(&nfa, limit) {
            Some(screen) => {
                screen_count += 1;
                writeln!(screens, "static SCREEN_{screen_count}: Screen = {screen};").unwrap();
                format!("Some(&SCREEN_{screen_count})")
            }
            None => "None".to_owned(),
        };
        (format!("Some({})", literal(&encoded)), screen)
    };
    let mut out = String::from("pub(super) static SYNTAX: &[BuiltIn] = &[\n");
    for pattern in patterns {
        let parsed = regex_syntax::ParserBuilder::new()
            .utf8(true)
            .build()
            .parse(pattern);
        let Ok(parsed) = parsed else { continue };
        let common = common::common_form(&parsed);
        let none = || ("None".to_owned(), "None".to_owned());
        // The form a text of the common repertoire is matched with (most
        // texts) may have a larger screening DFA than the form as written
        // of a pattern that has a common form.
        let (common_nfa, common_screen) = common
            .as_ref()
            .map_or_else(none, |common| nfa(common, SCREEN_LIMIT));
        let exact_limit = if common.is_some() {
            RARE_SCREEN_LIMIT
        } else {
            SCREEN_LIMIT
        };
        let (exact_nfa, exact_screen) = nfa(&parsed, exact_limit);
        let longest =
            |hir: &regex_syntax::hir::Hir| format!("{:?}", hir.properties().maximum_len());
        let common_longest = common.as_ref().map_or("None".to_owned(), longest);
        let common = common.map_or("None".to_owned(), |c| format!("Some({})", bytes(&c)));
        writeln!(
            out,
            "    BuiltIn {{ text: {pattern:?}, parsed: {}, common: {common}, nfa: {exact_nfa}, common_nfa: {common_nfa}, screen: {exact_screen}, common_screen: {common_screen}, longest: {}, common_longest: {common_longest} }},",
            bytes(&parsed),
            longest(&parsed),
        )
        .unwrap();
    }
    out.push_str("];\n");
    out.push_str(&screens);
    out
}

/// The most transitions the table of a screening DFA may hold (a byte
/// each in a table of at most 256 states, two bytes in a larger one): the
/// DFAs of the phrase regexes that search numbered documents'
/// Chinese names (a class of 80,000 characters, repeated) come near it.
const SCREEN_LIMIT: usize = 40 << 10;

/// The same for the form as written of a pattern that also has a common
/// form, matched only in the few texts with rarer characters.
const RARE_SCREEN_LIMIT: usize = 8 << 10;

/// The DFA with which `src/rules/compile/screened.rs` rules out anchored
/// matches of `nfa` without it, as Rust source for its `Screen`: the
/// minimized DFA of anchored searches of `regex-automata`, its states
/// renumbered (dead 0, every match state one past the others, which it
/// need not leave) and stored a byte each when they all fit one. `None`
/// for an NFA with empty matches (the DFA would find those where the NFA
/// does not, between the bytes of a character), one the DFA cannot search
/// (a Unicode word boundary) and a DFA of more than `limit` transitions.
fn screen(nfa: &regex_automata::nfa::thompson::NFA, limit: usize) -> Option<String> {
    use regex_automata::dfa::{Automaton, StartKind, dense};
    use regex_automata::util::primitives::StateID;
    use regex_automata::util::start;
    if nfa.has_empty() {
        return None;
    }
    let config = dense::Config::new()
        .start_kind(StartKind::Anchored)
        .match_kind(regex_automata::MatchKind::LeftmostFirst)
        .accelerate(false)
        .minimize(true)
        .dfa_size_limit(Some(16 * limit))
        .determinize_size_limit(Some(64 * limit));
    let dfa = dense::Builder::new()
        .configure(config)
        .build_from_nfa(nfa)
        .ok()?;
    let classes = dfa.byte_classes();
    let stride = classes.alphabet_len();
    let start = |before: Option<u8>| {
        let config = start::Config::new()
            .anchored(regex_automata::Anchored::Yes)
            .look_behind(before);
        dfa.start_state(&config).ok()
    };
    let starts: Vec<StateID> = std::iter::once(None)
        .chain((0..=u8::MAX).map(Some))
        .map(start)
        .collect::<Option<_>>()?;
    // The states a search can be in, but for the dead and the match states.
    let mut ids: std::collections::HashMap<StateID, u16> = std::collections::HashMap::new();
    let mut live = Vec::new();
    let mut todo = starts.clone();
    while let Some(state) = todo.pop() {
        if dfa.is_dead_state(state) || dfa.is_match_state(state) || ids.contains_key(&state) {
            continue;
        }
        if dfa.is_quit_state(state) || (live.len() + 2) * stride > limit {
            return None;
        }
        ids.insert(state, u16::try_from(live.len() + 1).ok()?);
        live.push(state);
        todo.extend(classes.representatives(..).map(|unit| match unit.as_u8() {
            Some(b) => dfa.next_state(state, b),
            None => dfa.next_eoi_state(state),
        }));
    }
    let matched = u16::try_from(live.len() + 1).ok()?;
    let id = |state: StateID| {
        if dfa.is_dead_state(state) {
            0
        } else if dfa.is_match_state(state) {
            matched
        } else {
            ids[&state]
        }
    };
    let mut next = vec![0; stride];
    for &state in &live {
        let row = next.len();
        next.resize(row + stride, 0);
        for unit in classes.representatives(..) {
            let (class, to) = match unit.as_u8() {
                Some(b) => (classes.get(b), dfa.next_state(state, b)),
                None => (u8::try_from(stride - 1).ok()?, dfa.next_eoi_state(state)),
            };
            next[row + usize::from(class)] = id(to);
        }
    }
    let byte_classes: Vec<u8> = (0..=u8::MAX).map(|b| classes.get(b)).collect();
    // The bytes on which one of `starts` goes to a state other than the
    // dead one, a bit each.
    let first = |starts: &[StateID]| {
        let mut bits = [0u64; 4];
        for b in 0..=u8::MAX {
            if starts
                .iter()
                .any(|&s| !dfa.is_dead_state(dfa.next_state(s, b)))
            {
                bits[usize::from(b / 64)] |= 1 << (b % 64);
            }
        }
        bits
    };
    let first = [first(&starts[..1]), first(&starts[1..])];
    let mut starts: Vec<u16> = starts.into_iter().map(id).collect();
    // One start state after every byte (most patterns) is stored once.
    if starts[1..].iter().all(|&s| s == starts[1]) {
        starts.truncate(2);
    }
    let groups: Vec<Option<&str>> = nfa
        .group_info()
        .pattern_names(regex_automata::PatternID::ZERO)
        .collect();
    // A table whose states all fit a byte (most) stores them a byte each.
    let narrow = |states: &[u16]| -> Option<Vec<u8>> {
        states.iter().map(|&s| u8::try_from(s).ok()).collect()
    };
    let states = match (narrow(&starts), narrow(&next)) {
        (Some(starts), Some(next)) => {
            format!("States::Narrow(Table {{ starts: &{starts:?}, next: &{next:?} }})")
        }
        _ => format!("States::Wide(Table {{ starts: &{starts:?}, next: &{next:?} }})"),
    };
    Some(format!(
        "Screen {{ classes: &{byte_classes:?}, stride: {stride}, states: {states}, matched: {matched}, groups: &{groups:?}, first: {first:?} }}"
    ))
}

/// Parse a pack file into a tree; a YAML error fails the build with the
/// file, line and column (a schema error shows when the pack loads, and in
/// the test suite, as for any pack).
fn parse(name: &str, text: &str) -> Spanned<YamlNode> {
    let mut options = serde_saphyr::Options::default();
    options.budget = None;
    serde_saphyr::from_str_with_options(text, options).unwrap_or_else(|e| {
        let place = e
            .location()
            .map_or(String::new(), |l| format!(":{}:{}", l.line(), l.column()));
        panic!("{name}{place}: {}", e.without_snippet())
    })
}

/// A YAML node as serde-saphyr presents it to a self-describing visitor
/// (`tree::Value` in the crate).
enum YamlNode {
    Null,
    Bool(bool),
    I64(i64),
    U64(u64),
    F64(f64),
    Str(String),
    Seq(Vec<Spanned<YamlNode>>),
    Map(Vec<(String, Spanned<YamlNode>)>),
}

impl<'de> Deserialize<'de> for YamlNode {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(NodeVisitor)
    }
}

struct NodeVisitor;

impl<'de> Visitor<'de> for NodeVisitor {
    type Value = YamlNode;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any YAML node")
    }

    fn visit_unit<E: de::Error>(self) -> Result<YamlNode, E> {
        Ok(YamlNode::Null)
    }

    fn visit_none<E: de::Error>(self) -> Result<YamlNode, E> {
        Ok(YamlNode::Null)
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<YamlNode, E> {
        Ok(YamlNode::Bool(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<YamlNode, E> {
        Ok(YamlNode::I64(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<YamlNode, E> {
        Ok(YamlNode::U64(v))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<YamlNode, E> {
        Ok(YamlNode::F64(v))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<YamlNode, E> {
        Ok(YamlNode::Str(v.to_owned()))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<YamlNode, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(YamlNode::Seq(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<YamlNode, A::Error> {
        let mut entries = Vec::new();
        while let Some(entry) = map.next_entry()? {
            entries.push(entry);
        }
        Ok(YamlNode::Map(entries))
    }
}

/// Rust source for the node (`tree::Node`) and its place.
trait Emit {
    fn emit(&self, out: &mut String);
}

impl Emit for Spanned<YamlNode> {
    fn emit(&self, out: &mut String) {
        // Built-in packs have no aliases: a value is where it is referenced.
        assert!(
            self.referenced == self.defined,
            "rules/: an alias at line {} column {}: built-in packs are written without anchors and aliases",
            self.referenced.line(),
            self.referenced.column()
        );
        out.push_str("N { value: ");
        match &self.value {
            YamlNode::Null => out.push_str("V::Null"),
            YamlNode::Bool(v) => write!(out, "V::Bool({v})").unwrap(),
            YamlNode::I64(v) => write!(out, "V::I64({v})").unwrap(),
            YamlNode::U64(v) => write!(out, "V::U64({v})").unwrap(),
            YamlNode::F64(v) => write!(out, "V::F64(f64::from_bits({}))", v.to_bits()).unwrap(),
            YamlNode::Str(v) => write!(out, "V::Str({v:?})").unwrap(),
            YamlNode::Seq(items) => {
                out.push_str("V::Seq(&[");
                for item in items {
                    item.emit(out);
                    out.push_str(", ");
                }
                out.push_str("])");
            }
            YamlNode::Map(entries) => {
                out.push_str("V::Map(&[");
                for (key, value) in entries {
                    write!(out, "({key:?}, ").unwrap();
                    value.emit(out);
                    out.push_str("), ");
                }
                out.push_str("])");
            }
        }
        out.push_str(", at: ");
        emit_place(&self.referenced, out);
        out.push_str(" }");
    }
}

/// A `tree::Place`: the parts of a location (`u32::MAX`: unknown).
fn emit_place(at: &Location, out: &mut String) {
    let part = |n: u64| u32::try_from(n).expect("a pack file under 4 GiB");
    let span = at.span();
    write!(
        out,
        "P {{ line: {}, column: {}, chars: ({}, {}), bytes: ({}, {}) }}",
        part(at.line()),
        part(at.column()),
        part(span.offset()),
        part(span.len()),
        span.byte_offset().map_or(u32::MAX, part),
        span.byte_len().map_or(u32::MAX, part),
    )
    .unwrap();
}
