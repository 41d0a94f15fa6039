#!/usr/bin/env bash
# End-to-end test of the git hooks, in throw-away repositories:
#
# 1. scripts/git-pre-commit-hook.sh as a plain .git/hooks/pre-commit
#    (no network needed): a bad staged draft blocks the commit, a good one
#    passes, names with spaces work, the staged content is what counts, and
#    Word documents (.docx) are checked like text drafts.
# 2. The pre-commit framework with this repository's .pre-commit-hooks.yaml:
#    pre-commit is installed from PyPI into a temporary venv; the hook
#    repository is a snapshot of this working tree committed in a temporary
#    git repository (`repo: <path>`, `rev: <sha>`), built by pre-commit with
#    `cargo install` (language: rust). When PyPI cannot be reached this part
#    prints "SKIP: …" and the script exits 0 — never silently.
#
# Usage: scripts/precommit-test.sh   (from anywhere; .ci/run calls it)
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/reportlint-precommit.XXXXXX")
trap 'rm -rf "$work"' EXIT

say() { printf '\n== %s\n' "$*"; }
fail() {
    printf 'FAIL: %s\n' "$*" >&2
    exit 1
}
git_quiet() { git -c user.name=reportlint-test -c user.email=test@example.invalid -c commit.gpgsign=false "$@"; }

BAD='2024年，县政府加快建设法制政府，全面推进依法行政。'
GOOD='2024年，县政府加快建设法治政府，全面推进依法行政。'
# The demonstration enables the wording rules only: what matters here is the
# hook plumbing, not the structure rules (which have their own tests).
SELECT='fazhi/fazhi-not-fazhi,fazhi/xi-full-name,fazhi/first-duty-wording'

# --- 1. plain git hook --------------------------------------------------
say "plain git hook (scripts/git-pre-commit-hook.sh)"
if [ -z "${REPORTLINT:-}" ]; then
    (cd "$repo" && cargo build --quiet --bin reportlint)
    REPORTLINT="$repo/target/debug/reportlint"
fi
export REPORTLINT
plain="$work/plain"
git init -q "$plain"
cp "$repo/scripts/git-pre-commit-hook.sh" "$plain/.git/hooks/pre-commit"
chmod +x "$plain/.git/hooks/pre-commit"
# Restrict the rules through the configuration the hook finds.
printf 'packs: [fazhi]\nrules:\n  fazhi/first-duty-section: off\n  fazhi/measures-section: off\n  fazhi/plan-section: off\n  fazhi/shortcomings-section: off\n  fazhi/section-order: off\n' >"$plain/reportlint.yaml"
cd "$plain"
git_quiet add reportlint.yaml
git_quiet commit -q --no-verify -m config
printf '%s\n' "$BAD" >"草稿 一.txt"
git_quiet add "草稿 一.txt"
if out=$(git_quiet commit -q -m bad 2>&1); then
    fail "the plain hook let a draft with 法制政府 through: $out"
fi
printf '%s\n' "$out"
case "$out" in *"草稿 一.txt:1:14"*) ;; *) fail "no path:line:col in: $out" ;; esac
case "$out" in *"fazhi/fazhi-not-fazhi"*) ;; *) fail "no rule id in: $out" ;; esac
# The staged content counts, not the working tree.
printf '%s\n' "$GOOD" >"草稿 一.txt"
if git_quiet commit -q -m still-bad >/dev/null 2>&1; then
    fail "the plain hook read the working tree instead of the index"
fi
git_quiet add "草稿 一.txt"
git_quiet commit -q -m good || fail "the plain hook blocked a good draft"
# Word documents: read from the index through standard input.
docx="$repo/tests/fixtures/docx"
cp "$docx/numbered-report.docx" "草稿 三.docx"
git_quiet add "草稿 三.docx"
if out=$(git_quiet commit -q -m bad-docx 2>&1); then
    fail "the plain hook let a .docx with 法制政府 through: $out"
fi
printf '%s\n' "$out"
case "$out" in *"草稿 三.docx:24:30"*) ;; *) fail "no .docx location in: $out" ;; esac
case "$out" in *"fazhi/fazhi-not-fazhi"*) ;; *) fail "no rule id in: $out" ;; esac
cp "$docx/libreoffice-report.docx" "草稿 三.docx"
git_quiet add "草稿 三.docx"
git_quiet commit -q -m good-docx || fail "the plain hook blocked a good .docx"
echo "PASS: plain hook blocks a bad staged draft and passes a good one (.txt and .docx)"

# --- 2. pre-commit framework --------------------------------------------
say "pre-commit framework (.pre-commit-hooks.yaml)"
if ! python3 -m venv "$work/venv" >/dev/null 2>&1; then
    echo "SKIP: python3 -m venv is unavailable (install python3-venv); pre-commit framework test not run"
    exit 0
fi
if ! "$work/venv/bin/pip" install --quiet --disable-pip-version-check pre-commit >"$work/pip.log" 2>&1; then
    index=${PIP_INDEX_URL:-$("$work/venv/bin/pip" config get global.index-url 2>/dev/null || true)}
    index=${index:-https://pypi.org/simple}
    if ! "$work/venv/bin/python" -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1].rstrip("/") + "/pre-commit/", timeout=15)' "$index" >/dev/null 2>&1; then
        echo "SKIP: PyPI ($index) is unreachable; pre-commit framework test not run"
        exit 0
    fi
    cat "$work/pip.log" >&2
    fail "pip install pre-commit failed although $index is reachable"
fi
"$work/venv/bin/pre-commit" --version

# The hook repository: this working tree (tracked and new files), committed.
src="$work/reportlint-src"
mkdir "$src"
(
    cd "$repo"
    git ls-files -z --cached --others --exclude-standard |
        while IFS= read -r -d '' f; do [ -e "$f" ] && printf '%s\0' "$f"; done |
        tar --null -T - -cf -
) | tar -xf - -C "$src"
git init -q "$src"
git_quiet -C "$src" add -A
git_quiet -C "$src" commit -q -m "reportlint snapshot"
rev=$(git -C "$src" rev-parse HEAD)

proj="$work/project"
git init -q "$proj"
cd "$proj"
cat >.pre-commit-config.yaml <<YAML
repos:
  - repo: $src
    rev: $rev
    hooks:
      - id: reportlint
        args: [--isolated, --select, "$SELECT"]
YAML
git_quiet add .pre-commit-config.yaml
git_quiet commit -q --no-verify -m config
export PRE_COMMIT_HOME="$work/pre-commit-cache"
# language: rust builds with `cargo install` in pre-commit's clone of the
# snapshot. Give it a target directory of its own: sharing this checkout's
# would let the clone's build script (which embeds rules/ from the clone's
# path) overwrite the checkout's release build with stale packs. Kept under
# target/ so that later runs reuse the compiled dependencies.
export CARGO_TARGET_DIR="$repo/target/precommit-hook"
"$work/venv/bin/pre-commit" install >/dev/null
printf '%s\n' "$BAD" >"草稿 二.md"
git_quiet add "草稿 二.md"
if out=$(git_quiet commit -q -m bad 2>&1); then
    printf '%s\n' "$out"
    fail "pre-commit let a draft with 法制政府 through"
fi
printf '%s\n' "$out"
case "$out" in *"草稿 二.md:1:14"*) ;; *) fail "no path:line:col in the pre-commit output" ;; esac
case "$out" in *"fazhi/fazhi-not-fazhi"*) ;; *) fail "no rule id in the pre-commit output" ;; esac
printf '%s\n' "$GOOD" >"草稿 二.md"
git_quiet add "草稿 二.md"
if ! out=$(git_quiet commit -q -m good 2>&1); then
    printf '%s\n' "$out"
    fail "pre-commit blocked a good draft"
fi
printf '%s\n' "$out"
cp "$repo/tests/fixtures/docx/numbered-report.docx" "草稿 四.DOCX"
git_quiet add "草稿 四.DOCX"
if out=$(git_quiet commit -q -m bad-docx 2>&1); then
    printf '%s\n' "$out"
    fail "pre-commit let a .docx with 法制政府 through"
fi
printf '%s\n' "$out"
case "$out" in *"草稿 四.DOCX:24:30"*) ;; *) fail "no .docx location in the pre-commit output" ;; esac
cp "$repo/tests/fixtures/docx/libreoffice-report.docx" "草稿 四.DOCX"
git_quiet add "草稿 四.DOCX"
git_quiet commit -q -m good-docx || fail "pre-commit blocked a good .docx"
echo "PASS: pre-commit hook blocks a bad draft and passes a good one (.md and .docx)"
