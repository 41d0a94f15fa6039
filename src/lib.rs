//! reportlint: a linter for 法治政府建设年度报告 (annual reports on building a
//! rule-of-law government) and other Chinese official documents.
//!
//! Data flows one way:
//! [`source`] (bytes → text) → [`normalize`] (matching view + span map) →
//! [`structure`] (headings, sections, sentences) → [`rules`] (one module per
//! rule kind, compiling the specs that YAML [`pack`]s are parsed into) →
//! [`engine`] (runs packs, maps spans back) → [`suppress`] (comments in
//! drafts) → [`baseline`] → [`report`] (output formats). `cli` and `lsp` (the
//! language server) are the two native front ends over the engine (the
//! `cli` feature, on by default); `web/wasm` is the browser's.
#![warn(clippy::print_stdout, clippy::print_stderr)]
#![warn(unreachable_pub)]
// Without the `cli` feature (the browser build) the items that serve only the
// native front ends are unused; the default build still finds dead code.
#![cfg_attr(not(feature = "cli"), allow(dead_code, unused_imports))]

pub mod baseline;
mod byteset;
#[cfg(feature = "cli")]
pub mod cli;
pub mod config;
pub mod diagnostic;
pub mod engine;
pub mod fix;
#[cfg(feature = "cli")]
mod lsp;
pub mod normalize;
pub mod pack;
mod parallel;
pub mod quantity;
pub mod read;
pub mod report;
pub mod rules;
pub mod source;
pub mod span;
pub mod structure;
mod suppress;
mod xml_text;
