//! Suggestions for names that match nothing: the rules near a mistyped
//! rule id, wherever a rule is named (flags, configuration).

use crate::engine::Engine;

/// "规则“x”不存在" with near matches, for every place that names rules.
pub(crate) fn unknown_rule_message(engine: &Engine, id: &str, place: &str) -> String {
    let near = engine.near_matches(id);
    let mut m = format!("{place}的规则“{id}”不存在");
    if !near.is_empty() {
        m.push_str(&format!("；相近的有：{}", near.join("、")));
    }
    m.push_str("（用 `reportlint rules` 查看全部规则）");
    m
}
