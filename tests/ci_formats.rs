//! CI output formats: SARIF (validated against the official 2.1.0 schema),
//! GitHub annotations, JUnit XML, reviewdog rdjson.

mod common;
use common::*;

/// The five real reports of the shared corpus.
fn corpus() -> Vec<std::path::PathBuf> {
    let files = corpus_paths();
    assert_eq!(files.len(), 5, "the shared corpus has five reports");
    files
}

/// A draft with a fixable finding on a line of full-width text.
const DRAFT: &str = "报告\n２０２４年，加快建设法制政府。\n";

const LANGUAGE_PATTERN: &str = "^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$";

/// Remove every `"pattern": pattern` from a schema; how many were removed.
fn drop_pattern(v: &mut serde_json::Value, pattern: &str) -> usize {
    match v {
        serde_json::Value::Object(m) => {
            let mut n = 0;
            if m.get("pattern").and_then(|p| p.as_str()) == Some(pattern) {
                m.remove("pattern");
                n += 1;
            }
            n + m
                .values_mut()
                .map(|c| drop_pattern(c, pattern))
                .sum::<usize>()
        }
        serde_json::Value::Array(a) => a.iter_mut().map(|c| drop_pattern(c, pattern)).sum(),
        _ => 0,
    }
}

fn sarif_validator() -> jsonschema::Validator {
    let mut schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("tests/data/sarif-schema-2.1.0.json")).unwrap(),
    )
    .unwrap();
    // Erratum of the official schema: the pattern of the `language`
    // properties, `^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$`, has a stray `]`
    // and is not a valid ECMA-262 regex, so meta-validation rejects the
    // schema. The file stays verbatim; the pattern is dropped in memory
    // (reportlint never writes `language`).
    assert_eq!(drop_pattern(&mut schema, LANGUAGE_PATTERN), 2);
    jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("the SARIF schema compiles")
}

fn assert_valid_sarif(v: &jsonschema::Validator, log: &serde_json::Value, what: &str) {
    let errors: Vec<String> = v
        .iter_errors(log)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "{what}: invalid SARIF:\n{}",
        errors.join("\n")
    );
    // `uri-reference`: printable ASCII without spaces (non-ASCII percent-encoded).
    for r in log["runs"][0]["results"].as_array().unwrap() {
        let uri = r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            .as_str()
            .unwrap();
        assert!(
            uri.bytes().all(|b| b.is_ascii_graphic()),
            "{what}: uri {uri}"
        );
    }
}

#[test]
#[cfg_attr(corpus_missing, ignore = "needs ../shared/corpus")]
fn sarif_is_valid_for_every_corpus_report() {
    let validator = sarif_validator();
    let dir = tempfile::tempdir().unwrap();
    for src in corpus() {
        let name = src.file_name().unwrap().to_str().unwrap().to_owned();
        std::fs::copy(&src, dir.path().join(&name)).unwrap();
        let o = run_in(
            dir.path(),
            &["check", "--isolated", "--format", "sarif", &name],
        );
        assert!(o.status.code().is_some_and(|c| c < 2), "{name}: {o:?}");
        let log: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        assert_valid_sarif(&validator, &log, &name);
        let run = &log["runs"][0];
        assert_eq!(run["columnKind"], "unicodeCodePoints");
        for r in run["results"].as_array().unwrap() {
            assert_eq!(
                r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
                name.as_str()
            );
        }
    }
}

#[test]
fn sarif_driver_results_columns_and_fixes() {
    let validator = sarif_validator();
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("草稿")).unwrap();
    std::fs::write(dir.path().join("草稿/r 1.txt"), DRAFT).unwrap();
    let o = run_in(
        dir.path(),
        &["check", "--isolated", "--format", "sarif", "草稿/r 1.txt"],
    );
    assert_eq!(o.status.code(), Some(1));
    let log: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_valid_sarif(&validator, &log, "draft");
    assert_eq!(log["version"], "2.1.0");
    let driver = &log["runs"][0]["tool"]["driver"];
    assert_eq!(driver["name"], "reportlint");
    assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
    assert!(
        driver["informationUri"]
            .as_str()
            .unwrap()
            .starts_with("https://")
    );
    let rules = driver["rules"].as_array().unwrap();
    let rule = rules
        .iter()
        .find(|r| r["id"] == "fazhi/fazhi-not-fazhi")
        .expect("rule descriptor");
    assert_eq!(
        rule["shortDescription"]["text"],
        "用“法治政府”，不用“法制政府”"
    );
    assert!(
        rule["fullDescription"]["text"]
            .as_str()
            .unwrap()
            .contains("法制政府")
    );
    assert!(rule["help"]["text"].as_str().unwrap().contains("## 原因"));
    assert_eq!(rule["defaultConfiguration"]["level"], "error");
    assert!(
        rules
            .iter()
            .any(|r| r["id"] == "reportlint/unused-suppression")
    );
    let result = log["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["ruleId"] == "fazhi/fazhi-not-fazhi")
        .expect("result")
        .clone();
    assert_eq!(result["level"], "error");
    assert_eq!(
        rules[result["ruleIndex"].as_u64().unwrap() as usize]["id"],
        "fazhi/fazhi-not-fazhi"
    );
    assert!(
        result["message"]["text"]
            .as_str()
            .unwrap()
            .contains("法治政府")
    );
    let loc = &result["locations"][0]["physicalLocation"];
    assert_eq!(
        loc["artifactLocation"]["uri"],
        "%E8%8D%89%E7%A8%BF/r%201.txt"
    );
    // Characters, not bytes: “２０２４年，加快建设” is 10 characters.
    let region = &loc["region"];
    assert_eq!(
        (
            &region["startLine"],
            &region["startColumn"],
            &region["endLine"],
            &region["endColumn"]
        ),
        (&2.into(), &11.into(), &2.into(), &15.into())
    );
    let fix = &result["fixes"][0]["artifactChanges"][0]["replacements"][0];
    assert_eq!(fix["insertedContent"]["text"], "法治政府");
    assert_eq!(fix["deletedRegion"]["startColumn"], 11);
    assert!(result["partialFingerprints"]["reportlint/v1"].is_string());
    // The validator does reject what the schema forbids.
    let mut broken = log.clone();
    broken["runs"][0]["results"][0]["level"] = "fatal".into();
    assert!(!validator.is_valid(&broken));
}

#[test]
fn github_annotations() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("r,1.txt"), DRAFT).unwrap();
    let o = run_in(
        dir.path(),
        &["check", "--isolated", "--format", "github", "r,1.txt"],
    );
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    let line = out
        .lines()
        .find(|l| l.contains("title=fazhi/fazhi-not-fazhi"))
        .unwrap_or_else(|| panic!("{out}"));
    assert_eq!(
        line,
        "::error file=r%2C1.txt,line=2,col=11,endLine=2,endColumn=15,title=fazhi/fazhi-not-fazhi::“法制政府”应为“法治政府”%0Ahelp: 改为“法治政府”"
    );
    // Every line is one workflow command.
    assert!(
        out.lines().all(|l| l.starts_with("::error ")
            || l.starts_with("::warning ")
            || l.starts_with("::notice ")),
        "{out}"
    );
}

#[test]
fn junit_xml() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a&b.txt"), DRAFT).unwrap();
    std::fs::write(dir.path().join("clean.txt"), "").unwrap();
    let o = run_in(
        dir.path(),
        &[
            "check",
            "--isolated",
            "--select",
            "fazhi/fazhi-not-fazhi",
            "--format",
            "junit",
            "a&b.txt",
            "clean.txt",
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    let xml = stdout(&o);
    let doc = roxmltree::Document::parse(&xml).unwrap_or_else(|e| panic!("{e}\n{xml}"));
    let suites: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name("testsuite"))
        .collect();
    assert_eq!(suites.len(), 2);
    assert_eq!(suites[0].attribute("name"), Some("a&b.txt"));
    let cases: Vec<_> = suites[0]
        .children()
        .filter(|n| n.has_tag_name("testcase"))
        .collect();
    assert_eq!(cases.len(), 1);
    let failure = cases[0]
        .children()
        .find(|n| n.has_tag_name("failure"))
        .unwrap();
    assert_eq!(failure.attribute("type"), Some("error"));
    assert_eq!(
        failure.attribute("message"),
        Some("“法制政府”应为“法治政府”")
    );
    assert!(
        failure
            .text()
            .unwrap()
            .contains("a&b.txt:2:11: error[fazhi/fazhi-not-fazhi]")
    );
    assert_eq!(suites[0].attribute("failures"), Some("1"));
    // A clean file is one passing test case.
    assert_eq!(suites[1].attribute("failures"), Some("0"));
    let clean: Vec<_> = suites[1]
        .children()
        .filter(|n| n.has_tag_name("testcase"))
        .collect();
    assert_eq!(clean.len(), 1);
    assert!(clean[0].children().all(|n| !n.has_tag_name("failure")));
}

#[test]
fn rdjson_for_reviewdog() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("r.txt"), DRAFT).unwrap();
    let o = run_in(
        dir.path(),
        &["check", "--isolated", "--format", "rdjson", "r.txt"],
    );
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["source"]["name"], "reportlint");
    assert!(v["severity"].is_string());
    let d = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"]["value"] == "fazhi/fazhi-not-fazhi")
        .unwrap()
        .clone();
    assert_eq!(d["severity"], "ERROR");
    assert_eq!(d["location"]["path"], "r.txt");
    assert!(d["code"]["url"].as_str().unwrap().starts_with("https://"));
    // reviewdog columns count UTF-8 bytes: 10 three-byte characters precede.
    let range = &d["location"]["range"];
    assert_eq!(range["start"], serde_json::json!({"line": 2, "column": 31}));
    assert_eq!(range["end"], serde_json::json!({"line": 2, "column": 43}));
    assert_eq!(d["suggestions"][0]["text"], "法治政府");
    assert_eq!(d["suggestions"][0]["range"], *range);
}

/// A binary file beside a draft: every format says the file could not be
/// read, so that a CI job reading only the report sees it.
#[test]
fn unreadable_files_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("r.txt"), DRAFT).unwrap();
    std::fs::write(dir.path().join("scan.txt"), [0x89, b'P', b'N', b'G', 0, 0]).unwrap();
    let run = |format: &str| {
        let o = run_in(
            dir.path(),
            &one_rule(&["--format", format, "r.txt", "scan.txt"]),
        );
        assert_eq!(o.status.code(), Some(2), "{format}: {}", stderr(&o));
        assert!(stderr(&o).contains("scan.txt"), "{format}: {}", stderr(&o));
        stdout(&o)
    };
    let human = run("human");
    assert!(
        human.ends_with("检查了 1 个文件：1 个错误，0 个警告，0 个提示；1 个文件无法读取。\n"),
        "{human}"
    );
    let json: serde_json::Value = serde_json::from_str(&run("json")).unwrap();
    assert_eq!(json["summary"]["unreadable"], 1);
    assert_eq!(json["summary"]["files"], 1);
    assert_eq!(json["errors"].as_array().unwrap().len(), 1);
    assert_eq!(json["errors"][0]["path"], "scan.txt");
    assert!(
        json["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("二进制"),
        "{json}"
    );
    let sarif: serde_json::Value = serde_json::from_str(&run("sarif")).unwrap();
    assert_valid_sarif(&sarif_validator(), &sarif, "unreadable");
    let invocation = &sarif["runs"][0]["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], false);
    let note = &invocation["toolExecutionNotifications"][0];
    assert_eq!(note["level"], "error");
    assert_eq!(
        note["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "scan.txt"
    );
    assert!(note["message"]["text"].as_str().unwrap().contains("二进制"));
    let xml = run("junit");
    let doc = roxmltree::Document::parse(&xml).unwrap_or_else(|e| panic!("{e}\n{xml}"));
    let root_suites = doc.root_element();
    assert_eq!(root_suites.attribute("errors"), Some("1"));
    let error = doc
        .descendants()
        .find(|n| n.has_tag_name("error"))
        .unwrap_or_else(|| panic!("{xml}"));
    let suite = error
        .ancestors()
        .find(|n| n.has_tag_name("testsuite"))
        .unwrap();
    assert_eq!(suite.attribute("name"), Some("scan.txt"));
    assert_eq!(suite.attribute("errors"), Some("1"));
    assert!(error.attribute("message").unwrap().contains("二进制"));
    let github = run("github");
    assert!(
        github
            .lines()
            .any(|l| l.starts_with("::error file=scan.txt,title=reportlint::")),
        "{github}"
    );
    let rdjson: serde_json::Value = serde_json::from_str(&run("rdjson")).unwrap();
    assert!(
        rdjson["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["location"]["path"] == "scan.txt" && d["severity"] == "ERROR"),
        "{rdjson}"
    );
    assert_eq!(rdjson["severity"], "ERROR");
}
