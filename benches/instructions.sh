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
source benches/callgrind-inputs.sh

count() { # LABEL FILE
    local out=$work/callgrind.$RANDOM
    local n
    n=$(callgrind "$out" "$2")
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
