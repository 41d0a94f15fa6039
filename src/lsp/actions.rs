//! Code actions: a quick fix for every safe fix, a source action applying
//! them all (what `reportlint check --fix` writes), and a quick fix that
//! suppresses a rule on a finding's line with the comment the README
//! documents (`<!-- reportlint-disable-next-line RULE -->`).
//!
//! Every edit is computed by applying fixes to the checked text with
//! [`crate::fix::apply`], the function `--fix` uses, and diffing: the edits
//! replace only the characters that differ, and the result is byte for byte
//! what `--fix` would write.

use super::checks::Analysis;
use super::position::IndexedText;
use crate::span::Span;
use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams, DocumentChanges, OneOf,
    OptionalVersionedTextDocumentIdentifier, TextDocumentEdit, TextEdit, Uri, WorkspaceEdit,
};
use std::collections::HashMap;

/// The kind of the "fix everything" action (`editor.codeActionsOnSave` in
/// VS Code can name it).
pub(crate) const FIX_ALL: &str = "source.fixAll.reportlint";

/// Where the edits go.
pub(crate) struct Target<'a> {
    pub(crate) uri: &'a Uri,
    /// The version the analysis is of.
    pub(crate) version: i32,
    /// Send versioned `documentChanges` (the client supports them): a client
    /// whose text has moved on refuses the edit instead of garbling it.
    pub(crate) versioned: bool,
}

/// The actions for `params.range`, filtered by `params.context.only`.
pub(crate) fn code_actions(
    a: &Analysis,
    params: &CodeActionParams,
    target: &Target<'_>,
) -> Vec<CodeActionOrCommand> {
    let only = params.context.only.as_deref();
    let wanted = |kind: &str| {
        only.is_none_or(|only| {
            only.iter()
                .any(|k| kind == k.as_str() || kind.starts_with(&format!("{}.", k.as_str())))
        })
    };
    let text = a.text.as_str();
    let asked = a.text.span(params.range);
    let mut actions = Vec::new();
    if wanted(CodeActionKind::QUICKFIX.as_str()) {
        let mut suppressions: Vec<(usize, String)> = Vec::new();
        for (i, d) in a.findings.iter().enumerate() {
            let Some(span) = d.span else { continue };
            if span.start > asked.end || asked.start > span.end {
                continue;
            }
            let diagnostics = Some(vec![a.published[i].clone()]);
            if let Some(fix) = &d.fix {
                let fixed = crate::fix::apply(text, std::slice::from_ref(d));
                let title = match (&d.help, fix.replacement.is_empty()) {
                    (Some(help), _) => help.clone(),
                    (None, false) => format!("改为“{}”", fix.replacement),
                    (None, true) => format!("删除“{}”", fix.span.slice(text)),
                };
                actions.push(CodeAction {
                    title,
                    kind: Some(CodeActionKind::QUICKFIX),
                    diagnostics: diagnostics.clone(),
                    edit: Some(workspace_edit(target, text_edits(&a.text, &fixed.text))),
                    is_preferred: Some(true),
                    ..CodeAction::default()
                });
            }
            let Some(insert) = crate::suppress::suppress_next_line(text, span.start, &d.rule)
            else {
                continue;
            };
            if suppressions.contains(&insert) {
                continue;
            }
            let at = a.text.position(insert.0);
            actions.push(CodeAction {
                title: format!("用注释抑制此行的 {}", d.rule),
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics,
                edit: Some(workspace_edit(
                    target,
                    vec![TextEdit::new(
                        lsp_types::Range::new(at, at),
                        insert.1.clone(),
                    )],
                )),
                ..CodeAction::default()
            });
            suppressions.push(insert);
        }
    }
    if wanted(FIX_ALL) {
        let fixed = crate::fix::apply(text, &a.findings);
        if fixed.applied > 0 && fixed.text != text {
            actions.push(CodeAction {
                title: format!("修复本文件中可以安全修复的问题（{} 处）", fixed.applied),
                kind: Some(CodeActionKind::from(FIX_ALL)),
                edit: Some(workspace_edit(target, text_edits(&a.text, &fixed.text))),
                ..CodeAction::default()
            });
        }
    }
    actions
        .into_iter()
        .map(CodeActionOrCommand::CodeAction)
        .collect()
}

fn workspace_edit(target: &Target<'_>, edits: Vec<TextEdit>) -> WorkspaceEdit {
    if target.versioned {
        WorkspaceEdit {
            document_changes: Some(DocumentChanges::Edits(vec![TextDocumentEdit {
                text_document: OptionalVersionedTextDocumentIdentifier {
                    uri: target.uri.clone(),
                    version: Some(target.version),
                },
                edits: edits.into_iter().map(OneOf::Left).collect(),
            }])),
            ..WorkspaceEdit::default()
        }
    } else {
        WorkspaceEdit {
            changes: Some(HashMap::from([(target.uri.clone(), edits)])),
            ..WorkspaceEdit::default()
        }
    }
}

/// The edits that turn `old` into `new`: one per run of changed lines,
/// trimmed to the characters that differ. They do not overlap and are in
/// document order, as LSP requires.
pub(crate) fn text_edits(old: &IndexedText, new: &str) -> Vec<TextEdit> {
    let diff = similar::TextDiff::from_lines(old.as_str(), new);
    let starts = |lines: &mut dyn Iterator<Item = &str>| {
        let mut v = vec![0];
        for l in lines {
            v.push(v[v.len() - 1] + l.len());
        }
        v
    };
    let old_at = starts(&mut diff.iter_old_slices());
    let new_at = starts(&mut diff.iter_new_slices());
    let mut edits = Vec::new();
    for op in diff.ops() {
        if op.tag() == similar::DiffTag::Equal {
            continue;
        }
        let (o, n) = (op.old_range(), op.new_range());
        let (mut os, mut oe) = (old_at[o.start], old_at[o.end]);
        let (mut ns, mut ne) = (new_at[n.start], new_at[n.end]);
        let (a, b) = (old.as_str().as_bytes(), new.as_bytes());
        while os < oe && ns < ne && a[os] == b[ns] {
            os += 1;
            ns += 1;
        }
        while os < oe && ns < ne && a[oe - 1] == b[ne - 1] {
            oe -= 1;
            ne -= 1;
        }
        // Back to character boundaries in both texts.
        while !(old.as_str().is_char_boundary(os) && new.is_char_boundary(ns)) {
            os -= 1;
            ns -= 1;
        }
        while !(old.as_str().is_char_boundary(oe) && new.is_char_boundary(ne)) {
            oe += 1;
            ne += 1;
        }
        edits.push(TextEdit::new(
            old.range(Span::new(os, oe)),
            new[ns..ne].to_owned(),
        ));
    }
    edits
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Apply edits the way a client does: from the last to the first.
    fn apply(old: &IndexedText, edits: &[TextEdit]) -> String {
        let mut out = old.as_str().to_owned();
        for e in edits.iter().rev() {
            let span = old.span(e.range);
            out.replace_range(span.start..span.end, &e.new_text);
        }
        out
    }

    #[test]
    fn edits_rebuild_the_new_text_and_touch_only_what_changed() {
        let old = IndexedText::new("标题\r\n𠀀法制政府，法制政府\r\n中\r\n末行\r\n结尾".to_owned());
        let new = "标题\r\n𠀀法治政府，法治政府\r\n中\r\n末行。\r\n新增\r\n结尾";
        let edits = text_edits(&old, new);
        assert_eq!(apply(&old, &edits), new);
        assert_eq!(edits.len(), 2);
        assert_eq!(edits[0].new_text, "治政府，法治");
        assert_eq!(edits[0].range.start, lsp_types::Position::new(1, 3));
        assert_eq!(edits[1].new_text, "。\r\n新增");
        assert_eq!(edits[1].range.start, lsp_types::Position::new(3, 2));
        // Replacing a character by another with the same first UTF-8 bytes
        // (政 E6 94 BF / 攻 E6 94 BB) still edits whole characters.
        let old = IndexedText::new("政".to_owned());
        let edits = text_edits(&old, "攻");
        assert_eq!(edits[0].new_text, "攻");
        assert_eq!(apply(&old, &edits), "攻");
        assert!(text_edits(&old, "政").is_empty());
    }
}
