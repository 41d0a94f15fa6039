//! `reportlint lsp`: a language server over standard input and output, so
//! editors show findings while the draft is being typed.
//!
//! A thin front end over the engine the command line uses: the same packs,
//! configuration (`reportlint.yaml`, per document), `per_path` settings and
//! suppression comments, so the editor shows what `reportlint check` reports.
//! Positions are converted at the edge ([`position`]); checks run off the
//! message loop ([`checks`]).
// `lsp_types::Uri` caches parts of its parse in cells, but hashes and
// compares by its text, which never changes: a sound map key.
#![allow(clippy::mutable_key_type)]

mod actions;
mod checks;
mod config;
mod diagnostics;
mod documents;
mod hover;
mod position;
mod server;
mod transport;
mod uri;

use crate::cli::RuleSources;

/// Serve one client over stdio; the process exit code (0 after `shutdown`
/// and `exit`, 1 when the client exits without `shutdown`, 2 when the
/// transport cannot start).
pub(crate) fn run(args: &RuleSources) -> u8 {
    let Ok(stdio) = transport::Stdio::start() else {
        return crate::cli::EXIT_ERROR;
    };
    let configs = config::Configs::new(args);
    let server = server::Server::new(stdio.outgoing.clone(), configs, checks::check_with_profile);
    let code = server.run(&stdio.incoming);
    stdio.finish();
    code
}
