#!/usr/bin/env bash
# End-to-end test of Word documents with a real LibreOffice:
#
# 1. `reportlint check --annotate` on every readable fixture of
#    tests/fixtures/docx; LibreOffice (headless) opens each annotated copy and
#    converts it to .fodt; every finding must be a comment by "reportlint"
#    anchored on exactly its words, and the drafters' own comments must
#    still be there (scripts/docx-fixtures/annotations.py checks both).
# 2. `--convert` on a legacy .doc: LibreOffice converts a copy in a temporary
#    directory; the original and its directory are unchanged.
#
# LibreOffice is installed when missing (Debian: libreoffice-writer-nogui);
# when that is impossible the script prints "SKIP: …" and exits 0 — never
# silently. The fixtures' own tests (cargo test) run without LibreOffice.
#
# Usage: scripts/docx-e2e.sh   (from anywhere; .ci/run calls it)
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/reportlint-docx-e2e.XXXXXX")
trap 'rm -rf "$work"' EXIT

fail() {
    printf 'FAIL: %s\n' "$*" >&2
    exit 1
}

if ! command -v soffice >/dev/null 2>&1; then
    echo "LibreOffice not found; installing libreoffice-writer-nogui"
    sudo=""
    if [ "$(id -u)" -ne 0 ]; then
        if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
            sudo="sudo -n"
        else
            echo "SKIP: LibreOffice is not installed and this user cannot install packages; Word end-to-end test not run"
            exit 0
        fi
    fi
    if ! command -v apt-get >/dev/null 2>&1; then
        echo "SKIP: LibreOffice is not installed and there is no apt-get; Word end-to-end test not run"
        exit 0
    fi
    if ! { $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq libreoffice-writer-nogui; } >"$work/apt.log" 2>&1; then
        tail -5 "$work/apt.log" >&2
        echo "SKIP: libreoffice-writer-nogui could not be installed (no network or no package source); Word end-to-end test not run"
        exit 0
    fi
fi
soffice --version

if [ -z "${REPORTLINT:-}" ]; then
    (cd "$repo" && cargo build --quiet --bin reportlint)
    REPORTLINT="$repo/target/debug/reportlint"
fi
profile="file://$work/profile"
office() { soffice "-env:UserInstallation=$profile" --headless --norestore "$@" >/dev/null 2>&1; }

# --- 1. annotated copies open in LibreOffice, comments at the right words --
fixtures="$repo/tests/fixtures/docx"
for fixture in numbered-report.docx manual-mixed.docx libreoffice-report.docx macro-enabled.docm; do
    dir="$work/${fixture%.*}"
    mkdir -p "$dir"
    cp "$fixtures/$fixture" "$dir/"
    before=$(sha256sum "$dir/$fixture")
    rc=0
    (cd "$dir" && "$REPORTLINT" check --isolated --annotate --format json "$fixture" >findings.json 2>annotate.log) || rc=$?
    [ "$rc" -le 1 ] || fail "$fixture: reportlint exited $rc: $(cat "$dir/annotate.log")"
    [ "$(sha256sum "$dir/$fixture")" = "$before" ] || fail "$fixture: the original was modified"
    copy="$dir/${fixture%.*}.reportlint.${fixture##*.}"
    [ -f "$copy" ] || fail "$fixture: no annotated copy: $(cat "$dir/annotate.log")"
    "$REPORTLINT" debug text --format json "$dir/$fixture" >"$dir/rendering.json"
    office --convert-to fodt --outdir "$dir/fodt" "$copy" || fail "$fixture: LibreOffice could not convert the annotated copy"
    fodt="$dir/fodt/$(basename "${copy%.*}").fodt"
    [ -s "$fodt" ] || fail "$fixture: LibreOffice did not open the annotated copy"
    printf '%s: ' "$fixture"
    python3 "$repo/scripts/docx-fixtures/annotations.py" "$fodt" "$dir/findings.json" "$dir/rendering.json" ||
        fail "$fixture: comments are not where the findings are"
done
# The drafters' comments survive next to reportlint's.
# (Read whole before matching: `grep -q` stops reading at the first match,
# and the writer's broken pipe would fail the pipeline under pipefail.)
kept=$(python3 "$repo/scripts/docx-fixtures/annotations.py" "$work/numbered-report/fodt/numbered-report.reportlint.fodt") ||
    fail "the comments of numbered-report.docx could not be read"
grep -q $'^办公室\t请补充与上年的对比。\t法治政府建设各项任务稳步推进$' <<<"$kept" ||
    fail "the existing comment of numbered-report.docx was lost or moved"
echo "PASS: annotated copies open in LibreOffice with every comment at its words"

# --- 2. --convert reads a legacy .doc through a temporary copy -------------
dir="$work/legacy"
mkdir -p "$dir"
cp "$fixtures/legacy.doc" "$dir/"
before=$(sha256sum "$dir/legacy.doc")
rc=0
out=$(cd "$dir" && "$REPORTLINT" check --isolated --format short legacy.doc 2>&1) || rc=$?
[ "$rc" -eq 2 ] || fail "legacy .doc without --convert: exit $rc, expected 2: $out"
case "$out" in *"--convert"*) ;; *) fail "no --convert advice: $out" ;; esac
rc=0
out=$(cd "$dir" && "$REPORTLINT" check --isolated --convert --format short legacy.doc 2>&1) || rc=$?
printf '%s\n' "$out"
[ "$rc" -eq 1 ] || fail "--convert: exit $rc, expected 1"
case "$out" in *"legacy.doc:2:"*"fazhi/fazhi-not-fazhi"*) ;; *) fail "--convert did not check the converted text" ;; esac
case "$out" in *"已用 LibreOffice 转换"*) ;; *) fail "--convert did not say that it converted a copy" ;; esac
[ "$(sha256sum "$dir/legacy.doc")" = "$before" ] || fail "--convert modified the original"
[ "$(ls "$dir")" = "legacy.doc" ] || fail "--convert left files beside the original: $(ls "$dir")"
echo "PASS: --convert checks a legacy .doc through a temporary copy"
