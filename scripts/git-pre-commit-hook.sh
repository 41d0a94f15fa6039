#!/usr/bin/env bash
# A plain git pre-commit hook (no pre-commit framework needed):
#
#   cp scripts/git-pre-commit-hook.sh .git/hooks/pre-commit
#   chmod +x .git/hooks/pre-commit
#
# Lints only the staged .txt, .md and .docx files, reading the *staged* content
# (`git show :PATH`), not the working tree, so what is checked is what is
# committed. A .docx is recognised by its content on standard input. File names with spaces or Chinese characters are handled (NUL
# separated). The configuration (reportlint.yaml) is found from the
# repository root as usual; per-path settings see the real path through
# --stdin-filename. Set REPORTLINT to use a particular binary.
#
# Exit status: 0 when every staged draft passes, else the highest status
# reportlint returned (1 findings, 2 errors), which aborts the commit.
set -uo pipefail

reportlint=${REPORTLINT:-reportlint}
if ! command -v "$reportlint" >/dev/null 2>&1; then
    echo "pre-commit: 找不到 reportlint（$reportlint），请先 cargo install --path <reportlint 仓库>" >&2
    exit 2
fi

status=0
while IFS= read -r -d '' path; do
    case "$path" in
        *.txt | *.md | *.docx | *.TXT | *.MD | *.DOCX) ;;
        *) continue ;;
    esac
    rc=0
    git show ":$path" | "$reportlint" check --stdin-filename "$path" - || rc=$?
    if [ "$rc" -gt "$status" ]; then
        status=$rc
    fi
done < <(git diff --cached --name-only -z --diff-filter=ACMR)

if [ "$status" -ne 0 ]; then
    echo "pre-commit: reportlint 发现问题，提交已中止（修改后重新 git add；确需跳过可用 git commit --no-verify）" >&2
fi
exit "$status"
