//! `reportlint lsp` driven over stdio as an editor drives it: the real
//! binary, LSP frames on its standard input and output.

mod common;
use common::*;

use serde_json::{Value, json};
use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Stdio};
use std::sync::mpsc;
use std::time::Duration;

/// Long enough for a debug build on a loaded machine; a hang fails the test
/// instead of blocking the suite.
const PATIENCE: Duration = Duration::from_secs(60);

struct Client {
    child: Child,
    stdin: Option<ChildStdin>,
    rx: mpsc::Receiver<Value>,
    /// Messages received but not asked for yet.
    inbox: VecDeque<Value>,
    next_id: i64,
}

fn read_frames(out: impl Read, tx: mpsc::Sender<Value>) {
    let mut r = BufReader::new(out);
    loop {
        let mut len = None;
        loop {
            let mut line = String::new();
            if r.read_line(&mut line).unwrap_or(0) == 0 {
                return;
            }
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            if let Some(v) = line.strip_prefix("Content-Length: ") {
                len = v.parse::<usize>().ok();
            }
        }
        let mut body = vec![0; len.expect("Content-Length")];
        if r.read_exact(&mut body).is_err() {
            return;
        }
        let v: Value = serde_json::from_slice(&body).expect("server writes JSON");
        if tx.send(v).is_err() {
            return;
        }
    }
}

impl Client {
    fn start(dir: &Path, args: &[&str]) -> Client {
        let mut child = bin()
            .current_dir(dir)
            .arg("lsp")
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("binary runs");
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || read_frames(stdout, tx));
        let stdin = child.stdin.take();
        Client {
            child,
            stdin,
            rx,
            inbox: VecDeque::new(),
            next_id: 0,
        }
    }

    /// Start, `initialize` with `root` as the workspace folder, `initialized`.
    fn initialized(dir: &Path) -> Client {
        let mut c = Client::start(dir, &[]);
        let root = uri(dir);
        let r = c.request(
            "initialize",
            json!({
                "processId": null,
                "rootUri": root,
                "workspaceFolders": [{"uri": root, "name": "drafts"}],
                "capabilities": {"workspace": {"workspaceEdit": {"documentChanges": true}}},
            }),
        );
        let caps = &r["result"]["capabilities"];
        assert_eq!(caps["positionEncoding"], "utf-16", "{r}");
        assert_eq!(caps["hoverProvider"], true, "{r}");
        c.notify("initialized", json!({}));
        c
    }

    fn send_raw(&mut self, body: &[u8]) {
        let stdin = self.stdin.as_mut().expect("stdin open");
        write!(stdin, "Content-Length: {}\r\n\r\n", body.len()).unwrap();
        stdin.write_all(body).unwrap();
        stdin.flush().unwrap();
    }

    fn send(&mut self, v: Value) {
        self.send_raw(v.to_string().as_bytes());
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    fn request_async(&mut self, method: &str, params: Value) -> i64 {
        self.next_id += 1;
        let id = self.next_id;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        id
    }

    /// Send a request and wait for its response (the whole message).
    fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.request_async(method, params);
        self.response(&json!(id))
    }

    fn response(&mut self, id: &Value) -> Value {
        self.next(|m| m.get("method").is_none() && m["id"] == *id)
    }

    /// The first message (buffered or new) that `wanted` accepts.
    fn next(&mut self, wanted: impl Fn(&Value) -> bool) -> Value {
        if let Some(i) = self.inbox.iter().position(&wanted) {
            return self.inbox.remove(i).unwrap();
        }
        loop {
            let m = self
                .rx
                .recv_timeout(PATIENCE)
                .expect("the server answers in time");
            if wanted(&m) {
                return m;
            }
            self.inbox.push_back(m);
        }
    }

    /// The next diagnostics published for `uri`.
    fn diagnostics(&mut self, uri: &str) -> Value {
        self.next(|m| m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri)
            ["params"]
            .clone()
    }

    /// Diagnostics published for `uri` at `version`, skipping earlier ones.
    fn diagnostics_at(&mut self, uri: &str, version: i64) -> Vec<Value> {
        loop {
            let p = self.diagnostics(uri);
            if p["version"] == version {
                return p["diagnostics"].as_array().unwrap().clone();
            }
        }
    }

    fn open(&mut self, uri: &str, language: &str, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": language, "version": 1, "text": text}}),
        );
    }

    /// The code actions for `range` of `uri` (only the `only` kinds, if any).
    fn code_actions(&mut self, uri: &str, range: Value, only: Option<&[&str]>) -> Vec<Value> {
        let mut context = json!({"diagnostics": []});
        if let Some(only) = only {
            context["only"] = json!(only);
        }
        let r = self.request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": uri}, "range": range, "context": context}),
        );
        r["result"]
            .as_array()
            .unwrap_or_else(|| panic!("{r}"))
            .clone()
    }

    /// The editor saw a file change on disk.
    fn file_changed(&mut self, uri: &str) {
        self.notify(
            "workspace/didChangeWatchedFiles",
            json!({"changes": [{"uri": uri, "type": 2}]}),
        );
    }

    /// `shutdown` then `exit`; the exit code.
    fn shutdown(mut self) -> i32 {
        let r = self.request("shutdown", Value::Null);
        assert_eq!(r["result"], Value::Null, "{r}");
        self.exit()
    }

    fn exit(mut self) -> i32 {
        self.notify("exit", Value::Null);
        drop(self.stdin.take());
        let status = wait(&mut self.child);
        status.code().expect("exited normally")
    }
}

fn wait(child: &mut Child) -> std::process::ExitStatus {
    let start = std::time::Instant::now();
    loop {
        if let Some(s) = child.try_wait().unwrap() {
            return s;
        }
        if start.elapsed() > PATIENCE {
            let _ = child.kill();
            panic!("the server did not exit");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn uri(path: &Path) -> String {
    // Percent-encode as VS Code does (every non-ASCII byte, spaces).
    let mut out = String::from("file://");
    for b in path.to_str().unwrap().bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A draft with known defects: 法制政府 on a line that starts with a
/// character outside the BMP, a rate that does not match its figures, a
/// half-width comma.
const DRAFT: &str = "某县人民政府关于2024年度法治政府建设情况的报告

一、主要举措和成效
𠀀县政府加快建设法制政府，全面推进依法行政。
全年受理行政复议案件50件，纠错12件，纠错率30%。
加强执法监督,规范执法行为。
二、存在的不足和原因
一是执法人员培训不足，原因是经费有限。
三、第一责任人履行职责情况
县政府主要负责人履行推进法治建设第一责任人职责。
四、2025年工作安排
（一）深入推进依法行政。
";

fn range(l1: u64, c1: u64, l2: u64, c2: u64) -> Value {
    json!({"start": {"line": l1, "character": c1}, "end": {"line": l2, "character": c2}})
}

fn by_rule<'a>(diags: &'a [Value], rule: &str) -> Vec<&'a Value> {
    diags.iter().filter(|d| d["code"] == rule).collect()
}

/// A workspace with an empty configuration (so none above it is used) and
/// the draft on disk.
fn workspace() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("reportlint.yaml"), "").unwrap();
    let path = dir.path().join("草稿 一.md");
    std::fs::write(&path, DRAFT).unwrap();
    let u = uri(&path);
    (dir, u)
}

/// The workspace, a client with the draft open and checked, the draft's
/// URI and its diagnostics.
fn draft_open() -> (tempfile::TempDir, Client, String, Vec<Value>) {
    let (dir, u) = workspace();
    let mut c = Client::initialized(dir.path());
    c.open(&u, "markdown", DRAFT);
    let diags = c.diagnostics_at(&u, 1);
    (dir, c, u, diags)
}

/// Apply LSP text edits (UTF-16 positions) to a text, independently of the
/// server's conversion code.
fn apply_edits(text: &str, edits: &[Value]) -> String {
    let offset = |p: &Value| -> usize {
        let (line, ch) = (
            p["line"].as_u64().unwrap(),
            p["character"].as_u64().unwrap(),
        );
        let start: usize = text
            .split_inclusive('\n')
            .take(line as usize)
            .map(str::len)
            .sum();
        let mut units = 0;
        for (i, c) in text[start..].char_indices() {
            if units >= ch as usize || c == '\n' {
                return start + i;
            }
            units += c.len_utf16();
        }
        text.len()
    };
    let mut spans: Vec<(usize, usize, String)> = edits
        .iter()
        .map(|e| {
            (
                offset(&e["range"]["start"]),
                offset(&e["range"]["end"]),
                e["newText"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    spans.sort_by_key(|s| s.0);
    let mut out = text.to_owned();
    for (s, e, t) in spans.into_iter().rev() {
        out.replace_range(s..e, &t);
    }
    out
}

/// The edits of a code action's workspace edit for `uri`.
fn action_edits(action: &Value, uri: &str) -> Vec<Value> {
    let changes = action["edit"]["documentChanges"]
        .as_array()
        .expect("documentChanges");
    assert_eq!(changes.len(), 1, "{action}");
    assert_eq!(changes[0]["textDocument"]["uri"], uri);
    changes[0]["edits"].as_array().unwrap().clone()
}

#[test]
fn diagnostics_have_exact_ranges_and_follow_edits() {
    let (_dir, mut c, u, diags) = draft_open();
    // 𠀀 is two UTF-16 units: 法制政府 starts at unit 9 of line 3.
    let fazhi = by_rule(&diags, "fazhi/fazhi-not-fazhi");
    assert_eq!(fazhi.len(), 1, "{diags:?}");
    assert_eq!(fazhi[0]["range"], range(3, 9, 3, 13));
    assert_eq!(fazhi[0]["severity"], 1);
    assert_eq!(fazhi[0]["source"], "reportlint");
    assert!(
        fazhi[0]["message"]
            .as_str()
            .unwrap()
            .contains("\nhelp: 改为“法治政府”"),
        "{}",
        fazhi[0]
    );
    let rate = by_rule(&diags, "shuzi/rate");
    assert_eq!(rate.len(), 1, "{diags:?}");
    assert_eq!(rate[0]["range"], range(4, 23, 4, 26));
    let related = rate[0]["relatedInformation"].as_array().unwrap();
    let label = |m: &str| related.iter().find(|r| r["message"] == m).unwrap().clone();
    assert_eq!(label("分子")["location"]["range"], range(4, 16, 4, 19));
    assert_eq!(label("分母")["location"]["range"], range(4, 10, 4, 13));
    assert_eq!(label("分子")["location"]["uri"], u.as_str());
    let comma = by_rule(&diags, "gongwen/half-width-punctuation");
    assert_eq!(comma[0]["range"], range(5, 6, 5, 7));

    // 法制 → 法治, as an incremental edit after the astral character.
    c.notify(
        "textDocument/didChange",
        json!({
            "textDocument": {"uri": u, "version": 2},
            "contentChanges": [{"range": range(3, 10, 3, 11), "text": "治"}],
        }),
    );
    let diags = c.diagnostics_at(&u, 2);
    assert!(
        by_rule(&diags, "fazhi/fazhi-not-fazhi").is_empty(),
        "{diags:?}"
    );
    assert_eq!(by_rule(&diags, "shuzi/rate").len(), 1);

    // Closing clears the document's diagnostics.
    c.notify("textDocument/didClose", json!({"textDocument": {"uri": u}}));
    let p = c.diagnostics(&u);
    assert_eq!(p["diagnostics"], json!([]));
    assert_eq!(c.shutdown(), 0);
}

#[test]
fn fix_all_gives_what_fix_writes() {
    let (dir, mut c, u, _) = draft_open();
    let actions = c.code_actions(&u, range(0, 0, 0, 0), Some(&["source.fixAll"]));
    assert_eq!(actions.len(), 1, "{actions:?}");
    assert_eq!(actions[0]["kind"], "source.fixAll.reportlint");
    let fixed = apply_edits(DRAFT, &action_edits(&actions[0], &u));

    let o = run_in(dir.path(), &["check", "--fix", "草稿 一.md"]);
    assert!(stderr(&o).contains("已修复 2 处"), "{}", stderr(&o));
    let written = std::fs::read_to_string(dir.path().join("草稿 一.md")).unwrap();
    assert_ne!(written, DRAFT);
    assert_eq!(fixed, written);
    assert_eq!(c.shutdown(), 0);
}

#[test]
fn quick_fixes_and_suppression_at_a_finding() {
    let (_dir, mut c, u, _) = draft_open();
    let actions = c.code_actions(&u, range(3, 10, 3, 10), Some(&["quickfix"]));
    let titled = |t: &str| {
        actions
            .iter()
            .find(|a| a["title"].as_str().unwrap().contains(t))
            .unwrap_or_else(|| panic!("no action “{t}” in {actions:?}"))
            .clone()
    };
    let fix = titled("改为“法治政府”");
    assert_eq!(fix["kind"], "quickfix");
    assert_eq!(fix["isPreferred"], true);
    assert_eq!(fix["diagnostics"][0]["code"], "fazhi/fazhi-not-fazhi");
    let fixed = apply_edits(DRAFT, &action_edits(&fix, &u));
    assert_eq!(fixed, DRAFT.replacen("法制政府", "法治政府", 1));

    let suppress = titled("抑制此行的 fazhi/fazhi-not-fazhi");
    let suppressed = apply_edits(DRAFT, &action_edits(&suppress, &u));
    assert!(
        suppressed.contains(
            "成效\n<!-- reportlint-disable-next-line fazhi/fazhi-not-fazhi -->\n𠀀县政府"
        ),
        "{suppressed}"
    );
    c.notify(
        "textDocument/didChange",
        json!({
            "textDocument": {"uri": u, "version": 2},
            "contentChanges": [{"text": suppressed}],
        }),
    );
    let diags = c.diagnostics_at(&u, 2);
    assert!(
        by_rule(&diags, "fazhi/fazhi-not-fazhi").is_empty(),
        "{diags:?}"
    );
    assert!(
        by_rule(&diags, "reportlint/unused-suppression").is_empty(),
        "{diags:?}"
    );
    // The rate finding has no fix, only a suppression.
    let actions = c.code_actions(&u, range(5, 24, 5, 24), None);
    let titles: Vec<&str> = actions
        .iter()
        .map(|a| a["title"].as_str().unwrap())
        .collect();
    assert!(
        titles.contains(&"用注释抑制此行的 shuzi/rate"),
        "{titles:?}"
    );
    assert!(!titles.iter().any(|t| t.starts_with("改为")), "{titles:?}");
    assert_eq!(c.shutdown(), 0);
}

#[test]
fn hover_explains_the_rule() {
    let (dir, u) = workspace();
    let mut c = Client::initialized(dir.path());
    c.open(&u, "markdown", DRAFT);
    // Asked before the check finished: answered once it has.
    let r = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": u}, "position": {"line": 3, "character": 11}}),
    );
    let value = r["result"]["contents"]["value"]
        .as_str()
        .expect("hover text");
    assert_eq!(r["result"]["contents"]["kind"], "markdown");
    assert!(
        value.starts_with("**error[fazhi/fazhi-not-fazhi]** “法制政府”应为“法治政府”"),
        "{value}"
    );
    let explain = run_in(dir.path(), &["explain", "fazhi/fazhi-not-fazhi"]);
    assert!(value.ends_with(&stdout(&explain)), "{value}");
    assert_eq!(r["result"]["range"], range(3, 9, 3, 13));
    // Nothing to say away from findings.
    let r = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": u}, "position": {"line": 7, "character": 1}}),
    );
    assert_eq!(r["result"], Value::Null, "{r}");
    assert_eq!(c.shutdown(), 0);
}

/// Write the configuration, tell the server as a file watcher would, and
/// return what it then publishes for the YAML file and for the draft.
fn reconfigure(c: &mut Client, config: &Path, yaml: &str, draft: &str) -> (Value, Vec<Value>) {
    std::fs::write(config, yaml).unwrap();
    let config_uri = uri(config);
    c.file_changed(&config_uri);
    let published = c.diagnostics(&config_uri);
    (published["diagnostics"].clone(), c.diagnostics_at(draft, 1))
}

#[test]
fn a_broken_configuration_is_shown_on_the_yaml_and_the_last_good_one_stays() {
    let (dir, u) = workspace();
    let config = dir.path().join("reportlint.yaml");
    std::fs::write(&config, "rules:\n  fazhi/fazhi-not-fazhi: off\n").unwrap();
    let mut c = Client::initialized(dir.path());
    c.open(&u, "markdown", DRAFT);
    let diags = c.diagnostics_at(&u, 1);
    let fazhi = |diags: &[Value]| by_rule(diags, "fazhi/fazhi-not-fazhi").len();
    assert_eq!(fazhi(&diags), 0, "{diags:?}");
    assert!(!by_rule(&diags, "shuzi/rate").is_empty());

    // An unknown rule id: reported where the command line reports it (the
    // setting on line 3, column 23).
    let broken = "rules:\n  fazhi/fazhi-not-fazhi: off\n  shuzi/no-such-rule: off\n";
    let (yaml, diags) = reconfigure(&mut c, &config, broken, &u);
    let d = &yaml[0];
    assert_eq!(d["range"], range(2, 22, 2, 25), "{yaml}");
    assert_eq!(d["severity"], 1);
    let message = d["message"].as_str().unwrap();
    assert!(message.contains("shuzi/no-such-rule"), "{message}");
    assert!(message.contains("仍使用上一次有效的配置"), "{message}");
    let cli = run_in(dir.path(), &["check", "草稿 一.md"]);
    assert!(
        stderr(&cli).contains("reportlint.yaml:3:23"),
        "{}",
        stderr(&cli)
    );
    // The draft is checked again, still with the rule switched off.
    assert_eq!(fazhi(&diags), 0, "{diags:?}");
    // Also shown as a message, with the place (an editor may not show
    // diagnostics of a file that is not open).
    let shown = c.next(|m| m["method"] == "window/showMessage");
    let text = shown["params"]["message"].as_str().unwrap();
    assert!(text.contains("reportlint.yaml:3:23"), "{text}");

    // A YAML syntax error is reported at its place too.
    let (yaml, diags) = reconfigure(&mut c, &config, "rules: [\n", &u);
    assert_eq!(yaml.as_array().unwrap().len(), 1, "{yaml}");
    assert_eq!(fazhi(&diags), 0, "{diags:?}");

    // Fixed: the problem is cleared and the new configuration applies.
    let (yaml, diags) = reconfigure(&mut c, &config, "rules:\n  shuzi/rate: off\n", &u);
    assert_eq!(yaml, json!([]));
    assert!(by_rule(&diags, "shuzi/rate").is_empty(), "{diags:?}");
    assert_eq!(fazhi(&diags), 1, "{diags:?}");
    assert_eq!(c.shutdown(), 0);
}

#[test]
fn malformed_messages_get_errors_and_the_server_goes_on() {
    let (dir, u) = workspace();
    let mut c = Client::start(dir.path(), &[]);
    // Before initialize.
    let r = c.request("textDocument/hover", json!({}));
    assert_eq!(r["error"]["code"], -32002, "{r}");
    let mut c = {
        drop(c);
        Client::initialized(dir.path())
    };
    c.send_raw(b"{this is not json");
    let r = c.next(|m| m["id"] == Value::Null && m.get("error").is_some());
    assert_eq!(r["error"]["code"], -32700, "{r}");
    c.send(json!({"jsonrpc": "2.0", "id": 99, "method": 7}));
    let r = c.response(&json!(99));
    assert_eq!(r["error"]["code"], -32600, "{r}");
    let r = c.request("textDocument/hover", json!({"textDocument": 5}));
    assert_eq!(r["error"]["code"], -32602, "{r}");
    let r = c.request("textDocument/definition", json!({}));
    assert_eq!(r["error"]["code"], -32601, "{r}");
    let r = c.request("initialize", json!({"capabilities": {}}));
    assert_eq!(r["error"]["code"], -32600, "{r}");
    // A notification with bad parameters is ignored.
    c.notify("textDocument/didOpen", json!({"textDocument": {"uri": 3}}));
    // Still serving.
    c.open(&u, "plaintext", DRAFT);
    let diags = c.diagnostics_at(&u, 1);
    assert!(!diags.is_empty());
    assert_eq!(c.shutdown(), 0);
}

#[test]
fn exit_code_says_whether_shutdown_came_first() {
    let dir = tempfile::tempdir().unwrap();
    let c = Client::initialized(dir.path());
    assert_eq!(c.exit(), 1);
    let c = Client::initialized(dir.path());
    assert_eq!(c.shutdown(), 0);
    // After shutdown, requests are refused until exit.
    let mut c = Client::initialized(dir.path());
    c.request("shutdown", Value::Null);
    let r = c.request("textDocument/hover", json!({}));
    assert_eq!(r["error"]["code"], -32600, "{r}");
    assert_eq!(c.exit(), 0);
}

#[test]
fn rapid_edits_never_publish_findings_of_older_text() {
    let (dir, u) = workspace();
    let mut c = Client::initialized(dir.path());
    // A large document: about 1 MB, checked off the message loop.
    let big: String = DRAFT.repeat(1024 * 1024 / DRAFT.len() + 1);
    c.open(&u, "markdown", &big);
    // Each version has one more 法制政府 at the end than the one before.
    let line = big.lines().count() as u64;
    for v in 2..=12 {
        c.notify(
            "textDocument/didChange",
            json!({
                "textDocument": {"uri": u, "version": v},
                "contentChanges": [{"range": range(line, 0, line, 0), "text": "法制政府\n"}],
            }),
        );
    }
    let base = big.matches("法制政府").count();
    // Every publication matches the text of the version it names.
    loop {
        let p = c.diagnostics(&u);
        let v = p["version"].as_i64().unwrap();
        let diags = p["diagnostics"].as_array().unwrap();
        let expected = base + (v as usize - 1);
        assert_eq!(
            by_rule(diags, "fazhi/fazhi-not-fazhi").len(),
            expected,
            "version {v}"
        );
        if v == 12 {
            break;
        }
    }
    // The server answers while and after checking.
    let r = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": u}, "position": {"line": line + 3, "character": 1}}),
    );
    assert!(
        r["result"]["contents"]["value"]
            .as_str()
            .unwrap()
            .contains("fazhi/fazhi-not-fazhi")
    );
    assert_eq!(c.shutdown(), 0);
}

#[test]
fn each_document_gets_the_configuration_of_its_folder() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::write(
        root.join("reportlint.yaml"),
        "exclude: [\"old/**\"]\nper_path:\n  - paths: [\"a/**\"]\n    rules: {fazhi: off}\n",
    )
    .unwrap();
    for sub in ["a", "b", "old", "c"] {
        std::fs::create_dir(root.join(sub)).unwrap();
    }
    std::fs::write(
        root.join("b/reportlint.yaml"),
        "rules:\n  shuzi/rate: off\n",
    )
    .unwrap();
    // c/ loads a pack whose rule has a regex that does not compile.
    let pack = root.join("c/local");
    std::fs::create_dir(&pack).unwrap();
    std::fs::write(pack.join("pack.yaml"), "id: local\nname: 本地规则\n").unwrap();
    std::fs::write(
        pack.join("terms.yaml"),
        "rules:\n  - id: local/old-name\n    severity: warning\n    message: 旧名称\n    summary: 旧名称\n    docs: 旧名称\n    check:\n      phrase:\n        regex: ['法制(办']\n    examples:\n      bad: [法制办]\n",
    )
    .unwrap();
    std::fs::write(root.join("c/reportlint.yaml"), "extra_packs: [./local]\n").unwrap();

    let mut c = Client::initialized(root);
    let mut findings = |name: &str| {
        let u = uri(&root.join(name));
        c.open(&u, "markdown", DRAFT);
        let diags = c.diagnostics_at(&u, 1);
        let mut rules: Vec<String> = diags
            .iter()
            .map(|d| d["code"].as_str().unwrap().to_owned())
            .collect();
        rules.dedup();
        rules
    };
    let all = findings("d.md");
    assert!(all.contains(&"fazhi/fazhi-not-fazhi".to_owned()), "{all:?}");
    assert!(all.contains(&"shuzi/rate".to_owned()), "{all:?}");
    let a = findings("a/d.md");
    assert!(
        !a.iter().any(|r| r.starts_with("fazhi/")),
        "per_path: {a:?}"
    );
    assert!(a.contains(&"shuzi/rate".to_owned()), "{a:?}");
    let b = findings("b/d.md");
    assert!(
        !b.contains(&"shuzi/rate".to_owned()),
        "nearest config: {b:?}"
    );
    assert!(b.contains(&"fazhi/fazhi-not-fazhi".to_owned()), "{b:?}");
    assert_eq!(findings("old/d.md"), Vec::<String>::new(), "excluded");

    // The broken pack: shown on its file, at the regex (line 9, column 17,
    // as the command line says); the draft is checked with the built-in
    // defaults meanwhile.
    let cd = findings("c/d.md");
    assert!(cd.contains(&"fazhi/fazhi-not-fazhi".to_owned()), "{cd:?}");
    let p = c.diagnostics(&uri(&pack.join("terms.yaml")));
    let d = &p["diagnostics"][0];
    assert_eq!(
        d["range"]["start"],
        json!({"line": 8, "character": 16}),
        "{p}"
    );
    let cli = run_in(&root.join("c"), &["check", "d.md"]);
    assert!(stderr(&cli).contains("terms.yaml:9:17"), "{}", stderr(&cli));
    assert!(
        d["message"]
            .as_str()
            .unwrap()
            .contains("内置规则包的默认设置"),
        "{p}"
    );
    assert_eq!(c.shutdown(), 0);
}

#[test]
fn a_config_flag_naming_no_file_is_shown_and_defaults_apply() {
    let dir = tempfile::tempdir().unwrap();
    let mut c = Client::start(dir.path(), &["--config", "missing.yaml"]);
    c.request("initialize", json!({"capabilities": {}}));
    c.notify("initialized", json!({}));
    let u = "untitled:Untitled-1";
    c.open(u, "markdown", DRAFT);
    let shown = c.next(|m| m["method"] == "window/showMessage");
    let text = shown["params"]["message"].as_str().unwrap();
    assert!(text.contains("missing.yaml"), "{text}");
    let diags = c.diagnostics_at(u, 1);
    assert_eq!(
        by_rule(&diags, "fazhi/fazhi-not-fazhi").len(),
        1,
        "{diags:?}"
    );
    assert_eq!(c.shutdown(), 0);
}

#[test]
fn a_document_over_the_size_limit_is_not_checked_and_says_so() {
    let (dir, u) = workspace();
    let config = dir.path().join("reportlint.yaml");
    // The draft is about 600 bytes: over a 200-byte limit.
    std::fs::write(&config, "max_file_size: 200\n").unwrap();
    let mut c = Client::initialized(dir.path());
    c.open(&u, "markdown", DRAFT);
    let diags = c.diagnostics_at(&u, 1);
    assert_eq!(diags.len(), 1, "{diags:?}");
    let d = &diags[0];
    assert_eq!(d["code"], "reportlint/too-large");
    assert_eq!(d["severity"], 2);
    assert_eq!(d["range"]["start"], json!({"line": 0, "character": 0}));
    let message = d["message"].as_str().unwrap();
    assert!(message.contains("超过文件大小上限 200 字节"), "{message}");
    assert!(message.contains("max_file_size"), "{message}");
    // The command line refuses the same file.
    let cli = run_in(dir.path(), &["check", "草稿 一.md"]);
    assert_eq!(cli.status.code(), Some(2));

    // With the limit raised the draft is checked as usual.
    std::fs::write(&config, "max_file_size: 1MB\n").unwrap();
    c.file_changed(&uri(&config));
    let diags = c.diagnostics_at(&u, 1);
    assert!(
        by_rule(&diags, "reportlint/too-large").is_empty(),
        "{diags:?}"
    );
    assert!(!by_rule(&diags, "shuzi/rate").is_empty(), "{diags:?}");
    assert_eq!(c.shutdown(), 0);
}

#[test]
fn cache_flags_are_refused_because_the_server_never_caches() {
    // The server loads packs once per session; a cache flag it would
    // silently ignore is a usage error, as for any unknown option.
    let out = bin()
        .args(["lsp", "--no-cache"])
        .stdin(Stdio::null())
        .output()
        .expect("binary runs");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("--no-cache"), "{err}");
    // The environment variable, set for `check` in a shell profile, must not
    // stop the server from starting: it reads its (closed) input and ends
    // as it does without the variable.
    let ends = |no_cache: Option<&str>| {
        let mut cmd = bin();
        cmd.arg("lsp").stdin(Stdio::null());
        match no_cache {
            Some(v) => cmd.env("REPORTLINT_NO_CACHE", v),
            None => cmd.env_remove("REPORTLINT_NO_CACHE"),
        };
        let out = cmd.output().expect("binary runs");
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let (code, err) = ends(Some("1"));
    assert_ne!(code, Some(2), "{err}");
    assert_eq!((code, err), ends(None));
}
