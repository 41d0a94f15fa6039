//! The cache of validated user packs: packs are data, validated once.
//!
//! Loading a user pack parses its YAML, compiles every pattern (so that a
//! bad one is reported at its line and column) and runs every example —
//! for 500 regex rules about nine times the cost of checking a report. A
//! pack that passed all of that is stored as one entry: the build of
//! reportlint, the built-in packs the run selected (user rules may refer
//! to their sections), and for each user pack its directory name and every
//! file's name and bytes, with a recording of each file's deserialization
//! ([`super::tape`]), and the search plans of their phrase regexes
//! ([`crate::rules::plans::plan`]). A later run whose packs are byte for
//! byte the same replays the recordings instead of parsing YAML, and skips
//! the compile and the examples: its patterns then compile when first
//! needed, as built-in ones do.
//!
//! Like ruff's `.ruff_cache`, the entries live in the project: in
//! `.reportlint_cache/` beside the configuration file (else in the current
//! directory), which holds a `.gitignore` of `*` and a `CACHEDIR.TAG`.
//! Deleting it is always safe. Each set of pack directories has one entry,
//! overwritten when a pack changes, so the directory does not grow.
//!
//! Never an error, never a panic: an entry that is missing, unreadable,
//! truncated, damaged (its CRC-32 does not match), written by another
//! build, or for other pack files is a miss, and the packs load as
//! without a cache — an invalid pack is reported exactly as always, and
//! never stored. Entries are written to a temporary file and renamed into
//! place, so parallel runs (pre-commit) read either a whole entry or none;
//! a location that cannot be written is silently not used.
//!
//! The directory is trusted as the packs beside it are: the checksum finds
//! accidental damage, not a crafted entry. Reading one still never panics
//! or reserves memory from a length it holds, and a plan no analysis could
//! give is a miss.

use super::tape::{Reader, put_len};
use super::{Pack, PackFile, PackSource};
use crate::rules::literals::{self, Plan, Reach, Run};
use std::io::{Read, Write};
use std::path::PathBuf;

/// The name of the cache directory in a project.
pub(crate) const DIR_NAME: &str = ".reportlint_cache";

/// The first bytes of an entry (and the version of its layout).
const MAGIC: &[u8] = b"reportlint pack cache 5\n";

/// This build of reportlint: its version and a hash of its sources and
/// dependencies (`build.rs`). Another build may parse or validate packs
/// differently, so its entries are misses.
const BUILD: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    "+",
    env!("REPORTLINT_SOURCE_HASH")
);

/// The cache in one directory.
#[derive(Debug, Clone)]
pub(crate) struct PackCache {
    dir: PathBuf,
}

/// A user pack as parsed on a miss: what its entry holds.
pub(crate) struct Recorded {
    /// The directory's name.
    pub(crate) dir_id: String,
    pub(crate) files: Vec<PackFile>,
    /// The recordings of the files' deserialization, in file order (see
    /// [`PackSource::parse_recorded`]).
    pub(crate) tapes: Vec<Vec<u8>>,
}

/// An entry to store once the packs it holds are validated.
pub(crate) struct Entry {
    name: String,
    bytes: Vec<u8>,
}

impl PackCache {
    pub(crate) fn new(dir: PathBuf) -> Self {
        PackCache { dir }
    }

    /// The user packs of `sources`, validated in an earlier run with the
    /// built-in packs `builtin` (`None`: all); `None` on a miss.
    pub(crate) fn load(
        &self,
        builtin: Option<&[String]>,
        sources: &[PackSource],
    ) -> Option<Vec<Pack>> {
        let name = entry_name(builtin, sources.iter().map(|s| s.files.as_slice()));
        let limit = sources
            .iter()
            .flat_map(|s| &s.files)
            .map(|f| f.text.len() as u64)
            .sum::<u64>()
            .saturating_mul(16)
            .saturating_add(1 << 16);
        let file = std::fs::File::open(self.dir.join(name)).ok()?;
        // Room for the whole entry at once (a file larger than the limit
        // is a miss all the same).
        let size = file.metadata().map_or(0, |m| m.len().min(limit));
        let mut bytes = Vec::with_capacity(usize::try_from(size).ok()?);
        file.take(limit + 1).read_to_end(&mut bytes).ok()?;
        if bytes.len() as u64 > limit {
            return None;
        }
        let (tapes, plans) = matching_entry(&bytes, builtin, sources)?;
        let packs = sources
            .iter()
            .zip(tapes)
            .map(|(source, tapes)| source.clone().replay(&tapes))
            .collect::<Option<Vec<_>>>()?;
        crate::rules::plans::learn(plans);
        Some(packs)
    }

    /// Store `entry`, quietly giving up where the directory cannot be
    /// written.
    pub(crate) fn store(&self, entry: &Entry) {
        // Only a directory of our own gets the marks: `--cache-dir .` must
        // not leave a `.gitignore` of `*` in the user's project.
        let ours = !self.dir.exists() || self.dir.file_name() == Some(DIR_NAME.as_ref());
        if std::fs::create_dir_all(&self.dir).is_err() {
            return;
        }
        if ours {
            mark(&self.dir);
        }
        let temp = self.dir.join(temp_name(&entry.name));
        let written = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temp)
            .and_then(|mut f| f.write_all(&entry.bytes));
        if written.is_err() || std::fs::rename(&temp, self.dir.join(&entry.name)).is_err() {
            let _ = std::fs::remove_file(&temp);
        }
    }
}

/// The entry for user packs parsed with the built-in packs `builtin`,
/// with the search plans of their phrase regexes.
pub(crate) fn entry(
    builtin: Option<&[String]>,
    packs: &[Recorded],
    plans: &[(String, Plan)],
) -> Entry {
    Entry {
        name: entry_name(builtin, packs.iter().map(|p| p.files.as_slice())),
        bytes: encode(BUILD, builtin, packs, plans),
    }
}

/// The bytes of an entry written by `build`.
fn encode(
    build: &str,
    builtin: Option<&[String]>,
    packs: &[Recorded],
    plans: &[(String, Plan)],
) -> Vec<u8> {
    let mut bytes = MAGIC.to_vec();
    put_str(&mut bytes, build);
    put_strings(&mut bytes, builtin);
    put_len(&mut bytes, packs.len());
    for pack in packs {
        put_str(&mut bytes, &pack.dir_id);
        put_len(&mut bytes, pack.files.len());
        for (file, tape) in pack.files.iter().zip(&pack.tapes) {
            put_str(&mut bytes, &file.name);
            put_str(&mut bytes, &file.text);
            put_bytes(&mut bytes, tape);
        }
    }
    // The plans' patterns and literals as one text (checked for UTF-8 at
    // once on reading), then each plan with its strings' lengths.
    let mut text = String::new();
    for (pattern, (literals, _)) in plans {
        text.push_str(pattern);
        literals.iter().flatten().for_each(|l| text.push_str(l));
    }
    put_str(&mut bytes, &text);
    put_len(&mut bytes, plans.len());
    for (pattern, (literals, reach)) in plans {
        put_len(&mut bytes, pattern.len());
        match literals {
            None => put_len(&mut bytes, 0),
            Some(literals) => {
                put_len(&mut bytes, literals.len() + 1);
                literals.iter().for_each(|l| put_len(&mut bytes, l.len()));
            }
        }
        put_reach(&mut bytes, reach.as_ref());
    }
    let crc = crc32fast::hash(&bytes);
    bytes.extend_from_slice(&crc.to_le_bytes());
    bytes
}

/// The recordings of each pack's files, in the order of packs and files.
type Tapes<'b> = Vec<Vec<&'b [u8]>>;

/// The recordings of each source's files, and the plans stored with them,
/// if `bytes` is a whole entry of this build for exactly these built-in
/// packs and these pack files.
fn matching_entry<'b>(
    bytes: &'b [u8],
    builtin: Option<&[String]>,
    sources: &[PackSource],
) -> Option<(Tapes<'b>, Vec<(String, Plan)>)> {
    let (body, crc) = bytes.split_at_checked(bytes.len().checked_sub(4)?)?;
    if crc32fast::hash(body).to_le_bytes() != crc {
        return None;
    }
    let r = Reader::new(body);
    let same = |a: &[u8], b: &[u8]| (a == b).then_some(());
    same(r.take(MAGIC.len()).ok()?, MAGIC)?;
    same(r.bytes().ok()?, BUILD.as_bytes())?;
    let stored = strings(&r)?;
    let wanted = builtin.map(|ids| ids.iter().map(String::as_str).collect());
    (stored == wanted).then_some(())?;
    same_len(&r, sources.len())?;
    let mut tapes = Vec::with_capacity(sources.len());
    for source in sources {
        same(r.bytes().ok()?, source.dir_id.as_bytes())?;
        same_len(&r, source.files.len())?;
        let mut of_source = Vec::with_capacity(source.files.len());
        for file in &source.files {
            same(r.bytes().ok()?, file.name.as_bytes())?;
            same(r.bytes().ok()?, file.text.as_bytes())?;
            of_source.push(r.bytes().ok()?);
        }
        tapes.push(of_source);
    }
    let text = r.str().ok()?;
    let mut start = 0usize;
    // The next string of `text`, `None` past its end or within a character.
    let mut next = || {
        let end = start.checked_add(r.len().ok()?)?;
        let string = text.get(start..end)?.to_owned();
        start = end;
        Some(string)
    };
    let count = r.len().ok()?;
    // `count` comes from the file: no reservation from it.
    let mut plans = Vec::new();
    for _ in 0..count {
        let pattern = next()?;
        let literals = match r.len().ok()? {
            0 => None,
            n => Some((1..n).map(|_| next()).collect::<Option<Vec<_>>>()?),
        };
        let reach = reach(&r)?;
        plans.push((pattern, (literals, reach)));
    }
    r.at_end().then_some((tapes, plans))
}

/// How near its literals a regex matches, or not near: the bytes plus
/// one, or 0; then the run's number of ranges and their first and last
/// characters.
fn put_reach(out: &mut Vec<u8>, reach: Option<&Reach>) {
    let Some(reach) = reach else {
        return put_len(out, 0);
    };
    put_len(out, reach.bytes + 1);
    let ranges = reach.run.ranges();
    put_len(out, ranges.len());
    for &(first, last) in ranges {
        put_len(out, first as usize);
        put_len(out, last as usize);
    }
}

/// What [`put_reach`] wrote; `None`: damage — also a reach no analysis
/// could give (which would overflow the cost estimate of a scan).
fn reach(r: &Reader<'_>) -> Option<Option<Reach>> {
    let Some(bytes) = r.len().ok()?.checked_sub(1) else {
        return Some(None);
    };
    (bytes <= literals::MAX_REACH).then_some(())?;
    let count = r.len().ok()?;
    let char_at = || char::from_u32(u32::try_from(r.len().ok()?).ok()?);
    // `count` comes from the file: no reservation from it.
    let mut ranges = Vec::new();
    for _ in 0..count {
        ranges.push((char_at()?, char_at()?));
    }
    let run = Run::from_ranges(ranges)?;
    Some(Some(Reach { bytes, run }))
}

/// A list of strings or none: its length plus one, or 0, then the strings.
fn put_strings(out: &mut Vec<u8>, strings: Option<&[String]>) {
    match strings {
        None => put_len(out, 0),
        Some(strings) => {
            put_len(out, strings.len() + 1);
            for s in strings {
                put_str(out, s);
            }
        }
    }
}

/// What [`put_strings`] wrote; `None`: damage.
fn strings<'b>(r: &Reader<'b>) -> Option<Option<Vec<&'b str>>> {
    match r.len().ok()? {
        0 => Some(None),
        n => (1..n)
            .map(|_| r.str().ok())
            .collect::<Option<Vec<_>>>()
            .map(Some),
    }
}

fn same_len(r: &Reader<'_>, expected: usize) -> Option<()> {
    (r.len().ok()? == expected).then_some(())
}

fn put_str(out: &mut Vec<u8>, s: &str) {
    put_bytes(out, s.as_bytes());
}

fn put_bytes(out: &mut Vec<u8>, bytes: &[u8]) {
    put_len(out, bytes.len());
    out.extend_from_slice(bytes);
}

/// The file name of the entry for these built-in packs and pack files: one
/// per set of pack directories, overwritten when their contents change. The
/// name only needs to be the same for this build (a hit compares every
/// byte), so the standard library's hasher will do.
fn entry_name<'a>(
    builtin: Option<&[String]>,
    packs: impl Iterator<Item = &'a [PackFile]>,
) -> String {
    use std::hash::{Hash, Hasher};
    let mut hash = std::hash::DefaultHasher::new();
    (BUILD, builtin).hash(&mut hash);
    for files in packs {
        files.len().hash(&mut hash);
        for file in files {
            file.name.hash(&mut hash);
        }
    }
    format!("packs-{:016x}", hash.finish())
}

/// A temporary file name no other process or thread uses.
fn temp_name(entry: &str) -> String {
    use std::sync::atomic::{AtomicU32, Ordering};
    static NEXT: AtomicU32 = AtomicU32::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    format!(
        "{entry}.{}-{}-{nanos}.tmp",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    )
}

/// Mark a cache directory as such, as ruff does: git ignores everything in
/// it, and backup tools that honour CACHEDIR.TAG skip it.
fn mark(dir: &std::path::Path) {
    const MARKS: [(&str, &str); 2] = [
        (".gitignore", "# reportlint 的缓存，可随时删除\n*\n"),
        (
            "CACHEDIR.TAG",
            "Signature: 8a477f597d28d172789f06886806bc55\n# This file is a cache directory tag created by reportlint.\n# For information about cache directory tags see https://bford.info/cachedir/\n",
        ),
    ];
    for (name, text) in MARKS {
        let path = dir.join(name);
        if path.exists() {
            continue;
        }
        let created = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path);
        if let Ok(mut f) = created {
            let _ = f.write_all(text.as_bytes());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::without_places;
    use super::*;

    const MANIFEST: &str = "id: mine\nname: 我的规则\n";
    const RULES: &str = "rules:\n  - id: mine/no-jiaqiang\n    severity: warning\n    message: 不用“加强”\n    summary: s\n    docs: d\n    check: { phrase: { regex: ['加强\\d{1,3}项'] } }\n    examples: { bad: [加强12项], good: [加强] }\n";

    fn source(rules: &str) -> PackSource {
        PackSource {
            dir_id: "mine".to_owned(),
            files: vec![
                PackFile {
                    name: "p/mine/pack.yaml".to_owned(),
                    text: MANIFEST.into(),
                },
                PackFile {
                    name: "p/mine/rules.yaml".to_owned(),
                    text: rules.into(),
                },
            ],
        }
    }

    fn recorded(rules: &str) -> Recorded {
        let (pack, tapes) = source(rules).parse_recorded().unwrap();
        Recorded {
            dir_id: "mine".to_owned(),
            files: pack.files,
            tapes,
        }
    }

    /// Store the entry for `rules`; the cache and the entry's path.
    fn stored(dir: &std::path::Path, rules: &str) -> (PackCache, PathBuf) {
        let cache = PackCache::new(dir.join(DIR_NAME));
        let entry = entry(None, &[recorded(rules)], &[]);
        cache.store(&entry);
        let path = dir.join(DIR_NAME).join(&entry.name);
        (cache, path)
    }

    fn specs(packs: &[Pack]) -> String {
        format!("{:?}", packs.iter().map(|p| &p.rules).collect::<Vec<_>>())
    }

    #[test]
    fn a_stored_pack_loads_as_parsed_and_validated() {
        let dir = tempfile::tempdir().unwrap();
        let (cache, path) = stored(dir.path(), RULES);
        assert!(path.is_file());
        let cache_dir = dir.path().join(DIR_NAME);
        assert!(cache_dir.join(".gitignore").is_file());
        assert!(cache_dir.join("CACHEDIR.TAG").is_file());
        let loaded = cache.load(None, &[source(RULES)]).expect("a hit");
        assert!(loaded[0].validated);
        let parsed = source(RULES).parse().unwrap();
        assert!(!parsed.validated);
        // The same specs, but for places, which only errors need.
        assert_eq!(specs(&loaded), without_places(&specs(&[parsed])));
        // No temporary file is left behind.
        let names: Vec<_> = std::fs::read_dir(&cache_dir)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names.len(), 3, "{names:?}");
    }

    /// A stored pack's summaries, docs and examples stay on its tape until
    /// shown (`rules`, `explain`, SARIF, the example runner), and then are
    /// the parsed pack's.
    #[test]
    fn a_stored_pack_is_described_as_parsed() {
        let dir = tempfile::tempdir().unwrap();
        let (cache, _) = stored(dir.path(), RULES);
        let loaded = cache.load(None, &[source(RULES)]).expect("a hit");
        let spec = &loaded[0].rules[0].spec;
        assert!(!spec.summary.is_ready() && !spec.docs.is_ready() && !spec.examples.is_ready());
        let described = |packs| {
            let engine = crate::engine::Engine::new(packs).unwrap();
            format!("{:?}", engine.rules().collect::<Vec<_>>())
        };
        let parsed = described(vec![source(RULES).parse().unwrap()]);
        assert!(parsed.contains("加强12项"), "{parsed}");
        assert_eq!(described(loaded), parsed);
    }

    /// A directory that existed before (`--cache-dir .`) holds entries but
    /// gets no `.gitignore` or `CACHEDIR.TAG`: it may be the project.
    #[test]
    fn only_a_directory_of_our_own_is_marked() {
        let dir = tempfile::tempdir().unwrap();
        let cache = PackCache::new(dir.path().to_owned());
        let entry = entry(None, &[recorded(RULES)], &[]);
        cache.store(&entry);
        assert!(dir.path().join(&entry.name).is_file());
        assert!(!dir.path().join(".gitignore").exists());
        assert!(!dir.path().join("CACHEDIR.TAG").exists());
        assert!(cache.load(None, &[source(RULES)]).is_some());
    }

    #[test]
    fn other_files_or_builtin_packs_miss() {
        let dir = tempfile::tempdir().unwrap();
        let (cache, _) = stored(dir.path(), RULES);
        let changed = RULES.replace("加强\\d", "加大\\d");
        assert_ne!(changed, RULES);
        assert!(cache.load(None, &[source(&changed)]).is_none());
        assert!(
            cache
                .load(Some(&["fazhi".to_owned()]), &[source(RULES)])
                .is_none()
        );
        let mut renamed = source(RULES);
        renamed.dir_id = "other".to_owned();
        assert!(cache.load(None, &[renamed]).is_none());
    }

    /// A truncated, damaged, foreign or oversized entry is a miss.
    #[test]
    fn damaged_entries_miss() {
        let dir = tempfile::tempdir().unwrap();
        let (cache, path) = stored(dir.path(), RULES);
        let good = std::fs::read(&path).unwrap();
        let hit = || cache.load(None, &[source(RULES)]).is_some();
        assert!(hit());
        for cut in [0, 3, 4, good.len() / 2, good.len() - 1] {
            std::fs::write(&path, &good[..cut]).unwrap();
            assert!(!hit(), "cut at {cut}");
        }
        for at in (0..good.len()).step_by(31) {
            let mut bad = good.clone();
            bad[at] ^= 0x20;
            std::fs::write(&path, &bad).unwrap();
            assert!(!hit(), "byte {at} changed");
        }
        // Another build's entry, with a valid checksum.
        let foreign = encode("0.0.0+other", None, &[recorded(RULES)], &[]);
        std::fs::write(&path, &foreign).unwrap();
        assert!(!hit());
        let mut huge = good.clone();
        huge.resize(good.len() * 40, 0);
        std::fs::write(&path, &huge).unwrap();
        assert!(!hit());
        std::fs::write(&path, &good).unwrap();
        assert!(hit());
    }

    /// The plans stored with an entry are learnt on a hit.
    #[test]
    fn plans_are_stored_and_learnt() {
        let dir = tempfile::tempdir().unwrap();
        let cache = PackCache::new(dir.path().to_path_buf());
        let pattern = "缓存里的计划\\d".to_owned();
        let run = Run::from_ranges(vec![('0', '9'), ('号', '号')]).unwrap();
        let plan: Plan = (
            Some(vec!["缓存里的计划".to_owned()]),
            Some(Reach { bytes: 7, run }),
        );
        let pack = recorded(RULES);
        let name = entry_name(None, [pack.files.as_slice()].into_iter());
        let bytes = encode(BUILD, None, &[pack], &[(pattern.clone(), plan.clone())]);
        std::fs::write(dir.path().join(name), bytes).unwrap();
        assert_ne!(crate::rules::plans::plan(&pattern), plan);
        assert!(cache.load(None, &[source(RULES)]).is_some());
        assert_eq!(crate::rules::plans::plan(&pattern), plan);
    }

    /// A place where nothing can be written is not used, quietly.
    #[test]
    fn an_unwritable_place_is_skipped() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a-file");
        std::fs::write(&file, "").unwrap();
        let cache = PackCache::new(file.join(DIR_NAME));
        cache.store(&entry(None, &[recorded(RULES)], &[]));
        assert!(cache.load(None, &[source(RULES)]).is_none());
    }
}
