//! A rule's explanation (Markdown): what `reportlint explain` prints, the
//! language server shows on hover and the web page shows when a finding is
//! expanded.

use crate::engine::{Engine, RuleInfo};
use std::fmt::Write as _;

/// The explanation of rule `r` as loaded in `engine` (its severity there).
pub fn explanation(engine: &Engine, r: &RuleInfo) -> String {
    let sev = engine.severity(&r.id).map_or("off", |s| s.as_str());
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", r.id);
    let _ = writeln!(out, "{}\n", r.summary);
    let _ = writeln!(out, "- 类型（kind）：{}", r.kind);
    let _ = writeln!(out, "- 级别：{sev}（规则包默认 {}）", r.default_severity);
    let _ = writeln!(out, "- 规则包：{}", r.pack);
    let _ = writeln!(out, "- 提示信息：{}\n", r.message);
    let _ = writeln!(out, "{}", r.docs.trim_end());
    let _ = writeln!(out, "\n## 会报告的写法（bad）\n");
    for e in &r.bad {
        let _ = writeln!(out, "```text\n{}\n```", e.trim_end());
    }
    if !r.good.is_empty() {
        let _ = writeln!(out, "\n## 不会报告的写法（good）\n");
        for e in &r.good {
            let _ = writeln!(out, "```text\n{}\n```", e.trim_end());
        }
    }
    out
}
