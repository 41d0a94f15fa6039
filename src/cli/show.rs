//! `reportlint rules` and `reportlint explain RULE`.

use super::setup::{self, report_error};
use super::{EXIT_CLEAN, EXIT_ERROR, ExplainArgs, ListFormat, RulesArgs};
use serde_json::json;

pub(crate) fn rules(args: &RulesArgs) -> u8 {
    let setup = match setup::build(&args.packs) {
        Ok(s) => s,
        Err(e) => {
            report_error(e);
            return EXIT_ERROR;
        }
    };
    let engine = &setup.engine;
    match args.format {
        ListFormat::Json => {
            let list: Vec<_> = engine
                .rules()
                .map(|r| {
                    json!({
                        "id": r.id, "pack": r.pack, "kind": r.kind,
                        "severity": engine.severity(&r.id).map_or("off", |s| s.as_str()),
                        "default_severity": r.default_severity.as_str(),
                        "summary": r.summary,
                    })
                })
                .collect();
            println!(
                "{}",
                serde_json::to_string_pretty(&list).unwrap_or_default()
            );
        }
        ListFormat::Text => {
            let width = engine.rules().map(|r| r.id.len()).max().unwrap_or(0);
            for r in engine.rules() {
                let sev = engine.severity(&r.id).map_or("off", |s| s.as_str());
                println!(
                    "{:<width$}  {:<7}  {:<18}  {}",
                    r.id, sev, r.kind, r.summary
                );
            }
        }
    }
    EXIT_CLEAN
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
        eprintln!("错误：没有规则“{}”", args.rule);
        if !close.is_empty() {
            eprintln!("相近的规则：{}", close.join("、"));
        }
        eprintln!("用 `reportlint rules` 查看全部规则。");
        return EXIT_ERROR;
    };
    let sev = setup.engine.severity(&r.id).map_or("off", |s| s.as_str());
    println!("# {}\n", r.id);
    println!("{}\n", r.summary);
    println!("- 类型（kind）：{}", r.kind);
    println!("- 级别：{sev}（规则包默认 {}）", r.default_severity);
    println!("- 规则包：{}", r.pack);
    println!("- 提示信息：{}\n", r.message);
    println!("{}", r.docs.trim_end());
    println!("\n## 会报告的写法（bad）\n");
    for e in &r.bad {
        println!("```text\n{}\n```", e.trim_end());
    }
    if !r.good.is_empty() {
        println!("\n## 不会报告的写法（good）\n");
        for e in &r.good {
            println!("```text\n{}\n```", e.trim_end());
        }
    }
    EXIT_CLEAN
}
