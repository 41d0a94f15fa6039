//! Both sides of an inconsistency: the finding points at the odd one out and
//! the agreeing places travel with it — as `labels` in JSON and as
//! `relatedLocations` in SARIF — so an editor or a code-scanning view can
//! show where the other value is.

mod common;
use common::{root, run_in, stdout};
use serde_json::Value;

fn run(format: &str, fixture: &str, rule: &str) -> Value {
    let out = run_in(
        &root(),
        &[
            "check",
            "--isolated",
            "--select",
            rule,
            "--format",
            format,
            &format!("tests/fixtures/{fixture}"),
        ],
    );
    serde_json::from_str(&stdout(&out)).expect("valid JSON")
}

/// (line, column) of the first SARIF result and of its related locations.
fn sarif_places(log: &Value) -> ((u64, u64), Vec<(u64, u64)>) {
    let result = &log["runs"][0]["results"][0];
    let at = |loc: &Value| {
        let r = &loc["physicalLocation"]["region"];
        (
            r["startLine"].as_u64().unwrap(),
            r["startColumn"].as_u64().unwrap(),
        )
    };
    let related = result["relatedLocations"]
        .as_array()
        .map(|a| a.iter().map(at).collect())
        .unwrap_or_default();
    (at(&result["locations"][0]), related)
}

#[test]
fn report_year_points_at_the_odd_year_and_labels_the_others() {
    let fixture = "fazhi/report-year/title-odd.txt";
    let json = run("json", fixture, "fazhi/report-year");
    let diags = json["diagnostics"].as_array().unwrap();
    assert_eq!(diags.len(), 1, "{json}");
    // The title's 2020 is the odd one: the opening, the measures heading and
    // the closing date all say 2021.
    assert_eq!(
        (diags[0]["line"].as_u64(), diags[0]["column"].as_u64()),
        (Some(1), Some(7))
    );
    let labels: Vec<&str> = diags[0]["labels"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["message"].as_str().unwrap())
        .collect();
    assert_eq!(
        labels,
        [
            "开头写的是2021年",
            "“主要举措和成效”标题写的是2021年",
            "落款日期在2022年"
        ]
    );
    let sarif = run("sarif", fixture, "fazhi/report-year");
    assert_eq!(
        sarif_places(&sarif),
        ((1, 7), vec![(3, 1), (4, 3), (12, 1)])
    );
    let related = &sarif["runs"][0]["results"][0]["relatedLocations"];
    assert_eq!(related[0]["message"]["text"], "开头写的是2021年");
    assert_eq!(
        related[0]["physicalLocation"]["artifactLocation"]["uri"],
        "tests/fixtures/fazhi/report-year/title-odd.txt"
    );
}

#[test]
fn restated_figure_points_at_the_odd_value_and_labels_the_common_one() {
    let fixture = "shuzi/restated-figure/odd-one-out.txt";
    let json = run("json", fixture, "shuzi/restated-figure");
    let diags = json["diagnostics"].as_array().unwrap();
    assert_eq!(diags.len(), 1, "{json}");
    // 48 is written once, 46 twice: the finding is on the first mention.
    assert_eq!(diags[0]["line"].as_u64(), Some(4));
    let sarif = run("sarif", fixture, "shuzi/restated-figure");
    let ((line, _), related) = sarif_places(&sarif);
    assert_eq!(line, 4);
    assert_eq!(
        related.iter().map(|p| p.0).collect::<Vec<_>>(),
        [6, 8],
        "both mentions of 46件"
    );
}
