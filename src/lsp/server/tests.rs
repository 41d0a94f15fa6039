//! The message loop driven by hand: stale results, panicking checks.

use super::*;
use crate::diagnostic::Diagnostic;
use crate::lsp::checks::Outcome;
use crate::source::SourceFile;
use lsp_server::Request;
use serde_json::json;
use std::time::Duration;

fn server(check: CheckFn) -> (Server, Receiver<Outgoing>) {
    let (tx, rx) = crossbeam_channel::unbounded();
    let args = crate::cli::RuleSources {
        packs: vec![],
        config: None,
        isolated: true,
    };
    let mut s = Server::new(tx, Configs::new(&args), check);
    s.handle(Message::Request(Request::new(
        RequestId::from(1),
        "initialize".to_owned(),
        json!({"capabilities": {}}),
    )));
    (s, rx)
}

fn notify(s: &mut Server, method: &str, params: serde_json::Value) {
    s.handle(Message::Notification(Notification::new(
        method.to_owned(),
        params,
    )));
}

/// Start the document's check now and wait for it to end (not handled yet).
fn check_now(s: &mut Server, uri: &Uri) -> Outcome {
    s.checks.schedule(uri, Duration::ZERO);
    s.start_due_checks();
    s.checks.done.recv_timeout(Duration::from_secs(60)).unwrap()
}

/// The notifications sent so far with this method.
fn sent(rx: &Receiver<Outgoing>, method: &str) -> Vec<serde_json::Value> {
    rx.try_iter()
        .filter_map(|o| match o {
            Outgoing::Message(Message::Notification(n)) if n.method == method => Some(n.params),
            _ => None,
        })
        .collect()
}

const URI: &str = "file:///tmp/reportlint-server-test/r.txt";

fn open(s: &mut Server, text: &str) -> Uri {
    notify(
        s,
        "textDocument/didOpen",
        json!({"textDocument": {"uri": URI, "languageId": "plaintext", "version": 1, "text": text}}),
    );
    URI.parse().unwrap()
}

fn change(s: &mut Server, version: i32, text: &str) {
    notify(
        s,
        "textDocument/didChange",
        json!({"textDocument": {"uri": URI, "version": version}, "contentChanges": [{"text": text}]}),
    );
}

#[test]
fn a_result_for_older_text_is_never_published() {
    let (mut s, rx) = server(crate::lsp::checks::check_with_profile);
    let uri = open(&mut s, "加快建设法制政府。\n");
    let old = check_now(&mut s, &uri);
    // The text changes while the check of version 1 runs.
    change(&mut s, 2, "加快建设法治政府。\n");
    s.finished(old);
    assert!(sent(&rx, "textDocument/publishDiagnostics").is_empty());
    let new = check_now(&mut s, &uri);
    s.finished(new);
    let published = sent(&rx, "textDocument/publishDiagnostics");
    assert_eq!(published.len(), 1);
    assert_eq!(published[0]["version"], 2);
    assert!(!published[0].to_string().contains("fazhi-not-fazhi"));
}

#[test]
fn a_panicking_check_is_reported_once_and_the_server_goes_on() {
    fn boom(_: &crate::lsp::config::Profile, _: &SourceFile) -> Vec<Diagnostic> {
        panic!("规则出错")
    }
    let (mut s, rx) = server(boom);
    let uri = open(&mut s, "加快建设法制政府。\n");
    let o = check_now(&mut s, &uri);
    s.finished(o);
    let shown = sent(&rx, "window/showMessage");
    assert_eq!(shown.len(), 1, "{shown:?}");
    assert!(shown[0]["message"].as_str().unwrap().contains("规则出错"));
    change(&mut s, 2, "又一版。\n");
    let o = check_now(&mut s, &uri);
    s.finished(o);
    let published = rx.try_iter().collect::<Vec<_>>();
    let methods: Vec<String> = published
        .iter()
        .filter_map(|o| match o {
            Outgoing::Message(Message::Notification(n)) => Some(n.method.clone()),
            _ => None,
        })
        .collect();
    assert!(
        !methods.contains(&"window/showMessage".to_owned()),
        "{methods:?}"
    );
    assert!(
        methods.contains(&"window/logMessage".to_owned()),
        "{methods:?}"
    );
    assert!(methods.contains(&"textDocument/publishDiagnostics".to_owned()));
    // Requests are still answered.
    s.handle(Message::Request(Request::new(
        RequestId::from(2),
        "textDocument/hover".to_owned(),
        json!({"textDocument": {"uri": URI}, "position": {"line": 0, "character": 0}}),
    )));
    let answered = rx.try_iter().any(|o| {
        matches!(o, Outgoing::Message(Message::Response(r)) if r.id == RequestId::from(2) && r.response_result.is_ok())
    });
    assert!(answered);
}
