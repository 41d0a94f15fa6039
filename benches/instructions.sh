#!/usr/bin/env bash
# Instruction counts (callgrind): noise-free numbers that show a regression
# on a busy machine where wall-clock benchmarks cannot.
#
#   bash benches/instructions.sh          # counts for one report and a 1 MB file
#   bash benches/instructions.sh --top    # also the 25 most expensive functions of each
#
# Cases: `check --format json` on the largest report (../shared/corpus, else
# the bundled example) — the process a pre-commit hook starts; the same on
# about 1 MB of reports repeated — the cost per byte; and the process on an
# empty file — start-up alone. Needs valgrind (apt-get install valgrind).
# Environment: REPORTLINT_BIN (default: build the release binary).
set -euo pipefail
cd "$(dirname "$0")/.."

top=false
[[ "${1:-}" == "--top" ]] && top=true
if ! command -v valgrind > /dev/null; then
    echo "SKIP: valgrind is not installed (apt-get install valgrind)"
    exit 0
fi
if [[ -z "${REPORTLINT_BIN:-}" ]]; then
    cargo build --release --quiet
    REPORTLINT_BIN=$PWD/target/release/reportlint
fi
work=$(mktemp -d "${TMPDIR:-/tmp}/reportlint-instructions.XXXXXX")
trap 'rm -rf "$work"' EXIT

if compgen -G "../shared/corpus/*.txt" > /dev/null; then
    reports=(../shared/corpus/*.txt)
else
    reports=(examples/draft-report.txt examples/clean-report.txt)
fi
one=$(ls -S "${reports[@]}" | head -1)
: > "$work/empty.txt"
: > "$work/1mb.txt"
while (($(stat -c %s "$work/1mb.txt") < 1000000)); do cat "${reports[@]}" >> "$work/1mb.txt"; done

count() { # LABEL FILE
    local out=$work/callgrind.$RANDOM
    valgrind --tool=callgrind --callgrind-out-file="$out" \
        "$REPORTLINT_BIN" check --isolated --format json "$2" > /dev/null 2> "$out.log" || true
    local n
    n=$(grep -o 'refs: *[0-9,]*' "$out.log" | tr -dc '0-9')
    printf '%-28s %14s instructions  (%s bytes)\n' "$1" \
        "$(printf "%'d" "$n" 2> /dev/null || echo "$n")" "$(stat -c %s "$2")"
    if $top && command -v callgrind_annotate > /dev/null; then
        callgrind_annotate --inclusive=yes "$out" 2> /dev/null \
            | grep -E '^ *[0-9,]+ \(' | grep 'reportlint::' | head -25 | sed 's/^/    /' || true # head closes the pipe early
    fi
}
count "start-up (empty file)" "$work/empty.txt"
count "one report" "$one"
count "1 MB of reports" "$work/1mb.txt"
