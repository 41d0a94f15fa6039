//! Seeds and mutations for the fuzz harness: real drafts, packs and
//! configurations of the repository, changed the way careless editing,
//! broken encodings and hostile authors change them.

use std::path::{Path, PathBuf};

/// A small, fast, reproducible generator (SplitMix64).
pub(crate) struct Rng(u64);

impl Rng {
    pub(crate) fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub(crate) fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n > 0`).
    pub(crate) fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    pub(crate) fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    pub(crate) fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// What an input is fed to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// A draft: decoder, normalizer, structure, quantities, every rule,
    /// fixes, every output format.
    Document,
    /// A rule file of a user pack: loader, compiler, inline examples.
    Pack,
    /// `reportlint.yaml`.
    Config,
}

impl Kind {
    pub(crate) const ALL: [Kind; 3] = [Kind::Document, Kind::Pack, Kind::Config];

    /// The file name prefix of saved inputs.
    pub(crate) fn prefix(self) -> &'static str {
        match self {
            Kind::Document => "doc",
            Kind::Pack => "pack",
            Kind::Config => "config",
        }
    }

    /// The kind of a saved input, from its file name.
    #[allow(dead_code)] // used by tests/fuzz_regressions.rs
    pub(crate) fn of_file_name(name: &str) -> Option<Kind> {
        Kind::ALL
            .into_iter()
            .find(|k| name.starts_with(&format!("{}-", k.prefix())))
    }
}

/// The inputs mutations start from.
pub(crate) struct Seeds {
    pub(crate) documents: Vec<Vec<u8>>,
    pub(crate) packs: Vec<Vec<u8>>,
    pub(crate) configs: Vec<Vec<u8>>,
}

fn files_under(dir: &Path, exts: &[&str], out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = entries.flatten().map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            files_under(&p, exts, out);
        } else if p
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| exts.contains(&e))
        {
            out.push(p);
        }
    }
}

fn read_all(paths: &[PathBuf]) -> Vec<Vec<u8>> {
    paths.iter().filter_map(|p| std::fs::read(p).ok()).collect()
}

/// Configurations in the shapes the README documents.
const CONFIGS: &[&str] = &[
    "packs: [fazhi, gongwen]\nextra_packs: [./our-pack]\nrules:\n  gongwen/heading-level-skip: off\n  fazhi/section-order: error\nexclude: [\"archive/**\"]\nextensions: [txt, md]\nfail_on: error\nyear: 2024\nmax_file_size: 64MB\n",
    "per_path:\n  - paths: [\"drafts/old/**\"]\n    rules:\n      gongwen/heading-marker: off\n  - paths: [\"drafts/2025/*.md\"]\n    rules: {fazhi: warning}\n",
    "",
];

impl Seeds {
    /// The fixtures and examples (drafts), the built-in packs' rule files,
    /// and sample configurations, from the repository at `root`.
    pub(crate) fn load(root: &Path) -> Seeds {
        let mut docs = Vec::new();
        files_under(
            &root.join("tests/fixtures"),
            &["txt", "md", "docx", "docm"],
            &mut docs,
        );
        files_under(&root.join("examples"), &["txt", "md"], &mut docs);
        let mut packs = Vec::new();
        files_under(&root.join("rules"), &["yaml"], &mut packs);
        packs.retain(|p| p.file_name().is_some_and(|n| n != "pack.yaml"));
        let seeds = Seeds {
            documents: read_all(&docs),
            packs: read_all(&packs),
            configs: CONFIGS.iter().map(|c| c.as_bytes().to_vec()).collect(),
        };
        assert!(
            !seeds.documents.is_empty() && !seeds.packs.is_empty(),
            "no seeds under {}",
            root.display()
        );
        seeds
    }

    fn of(&self, kind: Kind) -> &[Vec<u8>] {
        match kind {
            Kind::Document => &self.documents,
            Kind::Pack => &self.packs,
            Kind::Config => &self.configs,
        }
    }

    /// A mutated input of `kind`: a seed changed 1–8 times.
    pub(crate) fn mutant(&self, kind: Kind, rng: &mut Rng) -> Vec<u8> {
        let mut bytes = rng.pick(self.of(kind)).clone();
        let rounds = 1 + rng.below(8);
        for _ in 0..rounds {
            mutate(&mut bytes, kind, self, rng);
        }
        bytes
    }
}

/// Text that means something to some stage: heading markers, figures and
/// their words, suppression comments, encodings' special bytes.
const DOCUMENT_TOKENS: &[&str] = &[
    "一、",
    "（一）",
    "1.",
    "（1）",
    "⑴",
    "①",
    "第一章",
    "一是",
    "二是",
    "其中",
    "分别为",
    "包括",
    "合计",
    "共",
    "占",
    "%",
    "‰",
    "个百分点",
    "同比增长",
    "下降",
    "由",
    "增加到",
    "减少到",
    "万元",
    "亿元",
    "件",
    "人次",
    "个",
    "余",
    "多",
    "近",
    "约",
    "率",
    "比率",
    "受理",
    "办结",
    "纠错",
    "调解",
    "胜诉",
    "败诉",
    "2024年",
    "二〇二四年",
    "2025年3月10日",
    "2023—2027年",
    "〔2025〕14号",
    "[2025]",
    "《",
    "》",
    "“",
    "”",
    "（",
    "）",
    "\r\n",
    "\n\n",
    "\u{feff}",
    "\u{3000}",
    "　",
    "１２３",
    "．",
    "，",
    "。",
    "；",
    "：",
    "、",
    "法制政府",
    "法治政府",
    "第一责任人",
    "存在的不足和原因",
    "下一年度主要安排",
    "主要举措和成效",
    "習近平",
    "發展",
    "規範",
    "## ",
    "**",
    "> ",
    "<!-- reportlint-disable -->",
    "<!-- reportlint-enable -->",
    "<!-- reportlint-disable-next-line fazhi -->",
    "<!-- reportlint-disable gongwen/heading-marker -->",
    "<!--",
    "-->",
    "发布时间：",
    "来源：",
    "0.",
    "00",
    "9999999999999999999999",
    "1e308",
    "1/0",
    "0%",
    "100.00%",
    "\u{202e}",
    "\u{200b}",
    "\u{0}",
    "\u{7f}",
    "😀",
    "𠀀",
];

/// YAML that stresses the loader: anchors, aliases, merges, odd scalars,
/// regex syntax, rule kinds and their keys.
const PACK_TOKENS: &[&str] = &[
    "&a ",
    "*a",
    "<<: *a",
    "- ",
    ": ",
    "{",
    "}",
    "[",
    "]",
    "'",
    "\"",
    "|\n",
    ">\n",
    "? ",
    "!!str ",
    "!!binary ",
    "~",
    "null",
    "true",
    "1e9",
    "-1",
    "0x10",
    "\t",
    "\n  ",
    "\n- ",
    "regex: ",
    "literal: ",
    "replace: ",
    "fix: true",
    "except: ",
    "years: {from: 2023}",
    "view: original",
    "(?P<at>",
    ")",
    "\\p{Han}",
    "{1000}{1000}",
    "(a*)*",
    "[^\\n]",
    "$1",
    "${at}",
    "check:\n      phrase:\n        literal: [某]",
    "severity: error",
    "rules:",
    "id: ",
    "examples:\n      bad: [",
    "good: [",
    "發",
    "（",
    "０－９",
    "一-龥",
    "heading_numbering",
    "required_section",
    "section_order",
    "rate",
    "breakdown",
    "growth",
    "share",
    "restated_figure",
    "levels: [1, 2]",
    "aspect: sequence",
];

const CONFIG_TOKENS: &[&str] = &[
    "packs: ",
    "extra_packs: ",
    "rules: ",
    "exclude: ",
    "extensions: ",
    "fail_on: ",
    "year: ",
    "per_path: ",
    "paths: ",
    "max_file_size: ",
    "[",
    "]",
    "{",
    "}",
    "- ",
    ": ",
    "\n",
    "\n  ",
    "off",
    "info",
    "warning",
    "error",
    "fazhi",
    "gongwen",
    "**",
    "../",
    "9999999999999999999999",
    "0",
    "-1",
    "64MB",
    "1GB",
    "&a ",
    "*a",
    "<<: *a",
    "\"",
];

fn tokens(kind: Kind) -> &'static [&'static str] {
    match kind {
        Kind::Document => DOCUMENT_TOKENS,
        Kind::Pack => PACK_TOKENS,
        Kind::Config => CONFIG_TOKENS,
    }
}

/// A position in `bytes`, at a character boundary when `aligned`.
fn position(bytes: &[u8], rng: &mut Rng, aligned: bool) -> usize {
    let mut at = rng.below(bytes.len() + 1);
    if aligned {
        while at < bytes.len() && (bytes[at] & 0xC0) == 0x80 {
            at += 1;
        }
    }
    at
}

/// One change, chosen at random.
fn mutate(bytes: &mut Vec<u8>, kind: Kind, seeds: &Seeds, rng: &mut Rng) {
    const MAX_LEN: usize = 1 << 20;
    let aligned = rng.chance(85);
    match rng.below(12) {
        // Insert a token (several times, sometimes).
        0..=3 => {
            let at = position(bytes, rng, aligned);
            let token = rng.pick(tokens(kind)).as_bytes();
            let times = if rng.chance(10) {
                1 + rng.below(200)
            } else {
                1
            };
            let insert: Vec<u8> = token.repeat(times);
            bytes.splice(at..at, insert);
        }
        // Delete a range.
        4 => {
            if !bytes.is_empty() {
                let start = position(bytes, rng, aligned);
                let len = rng.below(64.min(bytes.len() - start) + 1);
                let end = position(bytes, rng, false).max(start).min(start + len);
                bytes.drain(start..end);
            }
        }
        // Duplicate a range elsewhere.
        5 => {
            if !bytes.is_empty() {
                let start = position(bytes, rng, aligned);
                let end = (start + 1 + rng.below(256)).min(bytes.len());
                let chunk = bytes[start..end].to_vec();
                let at = position(bytes, rng, aligned);
                bytes.splice(at..at, chunk);
            }
        }
        // Flip a bit, or write a byte that encodings treat specially.
        6 => {
            if !bytes.is_empty() {
                let at = rng.below(bytes.len());
                if rng.chance(50) {
                    bytes[at] ^= 1 << rng.below(8);
                } else {
                    bytes[at] = *rng.pick(&[
                        0x00, 0x0D, 0x0A, 0x80, 0xBF, 0xC0, 0xE3, 0xEF, 0xF0, 0xFE, 0xFF, 0x1B,
                    ]);
                }
            }
        }
        // Swap a line with another.
        7 => {
            let text = String::from_utf8_lossy(bytes).into_owned();
            let mut lines: Vec<&str> = text.split_inclusive('\n').collect();
            if lines.len() > 1 {
                let (a, b) = (rng.below(lines.len()), rng.below(lines.len()));
                lines.swap(a, b);
                *bytes = lines.concat().into_bytes();
            }
        }
        // Splice in part of another seed.
        8 => {
            let other = rng.pick(seeds.of(kind));
            if !other.is_empty() {
                let start = rng.below(other.len());
                let end = (start + 1 + rng.below(2048)).min(other.len());
                let at = position(bytes, rng, aligned);
                bytes.splice(at..at, other[start..end].iter().copied());
            }
        }
        // Truncate (perhaps inside a character).
        9 => {
            let at = position(bytes, rng, false);
            bytes.truncate(at);
        }
        // Re-encode as GB18030, or prepend a byte-order mark.
        10 => {
            if let Ok(text) = std::str::from_utf8(bytes) {
                if rng.chance(70) {
                    let (gb, _, _) = encoding_rs::GB18030.encode(text);
                    *bytes = gb.into_owned();
                } else {
                    const BOMS: [&[u8]; 3] = [&[0xEF, 0xBB, 0xBF], &[0xFF, 0xFE], &[0xFE, 0xFF]];
                    let bom = *rng.pick(&BOMS);
                    bytes.splice(0..0, bom.iter().copied());
                }
            }
        }
        // Replace characters by their traditional or full-width forms.
        _ => {
            let text = String::from_utf8_lossy(bytes).into_owned();
            let mut out = String::with_capacity(text.len());
            for c in text.chars() {
                let swapped = match c {
                    '0'..='9' | '(' | ')' | ',' | ':' | ';' | '%' if rng.chance(30) => {
                        char::from_u32(c as u32 + 0xFEE0).unwrap_or(c)
                    }
                    '发' if rng.chance(50) => '發',
                    '规' if rng.chance(50) => '規',
                    '务' if rng.chance(50) => '務',
                    '区' if rng.chance(50) => '區',
                    '法' | '制' | '治' if rng.chance(5) => '\u{3000}',
                    c => c,
                };
                out.push(swapped);
            }
            *bytes = out.into_bytes();
        }
    }
    bytes.truncate(MAX_LEN);
}
