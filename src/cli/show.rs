//! `reportlint rules` and `reportlint explain RULE`.

use super::setup::{self, report_error};
use super::{EXIT_ERROR, ExplainArgs, ListFormat, RulesArgs};
use serde_json::json;
use std::fmt::Write as _;

pub(crate) fn rules(args: &RulesArgs) -> u8 {
    let setup = match setup::build(&args.packs) {
        Ok(s) => s,
        Err(e) => {
            report_error(e);
            return EXIT_ERROR;
        }
    };
    let engine = &setup.engine;
    let mut out = String::new();
    match args.format {
        ListFormat::Json => {
            let list: Vec<_> = engine
                .rules()
                .map(|r| {
                    json!({
                        "id": r.id, "pack": &*r.pack, "kind": r.kind,
                        "severity": engine.severity(&r.id).map_or("off", |s| s.as_str()),
                        "default_severity": r.default_severity.as_str(),
                        "summary": r.summary,
                    })
                })
                .collect();
            out = serde_json::to_string_pretty(&list).unwrap_or_default();
            out.push('\n');
        }
        ListFormat::Text => {
            let width = engine.rules().map(|r| r.id.len()).max().unwrap_or(0);
            for r in engine.rules() {
                let sev = engine.severity(&r.id).map_or("off", |s| s.as_str());
                let _ = writeln!(
                    out,
                    "{:<width$}  {:<7}  {:<18}  {}",
                    r.id, sev, r.kind, r.summary
                );
            }
        }
    }
    super::emit(&out)
}

pub(crate) fn explain(args: &ExplainArgs) -> u8 {
    let setup = match setup::build(&args.packs) {
        Ok(s) => s,
        Err(e) => {
            report_error(e);
            return EXIT_ERROR;
        }
    };
    let Some(r) = setup.engine.rule(&args.rule) else {
        let known: Vec<&str> = setup.engine.rules().map(|r| r.id.as_str()).collect();
        let close: Vec<&str> = known
            .iter()
            .copied()
            .filter(|k| {
                k.contains(args.rule.as_str())
                    || args.rule.contains(k.rsplit('/').next().unwrap_or(k))
            })
            .take(5)
            .collect();
        report!("错误：没有规则“{}”", args.rule);
        if !close.is_empty() {
            report!("相近的规则：{}", close.join("、"));
        }
        report!("用 `reportlint rules` 查看全部规则。");
        return EXIT_ERROR;
    };
    super::emit(&crate::report::explanation(&setup.engine, r))
}
