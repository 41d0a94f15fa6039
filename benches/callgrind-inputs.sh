# Sourced by the callgrind benchmarks (instructions.sh, rule-count.sh): the
# binary, a work directory, and the inputs — `$one` (the largest report of
# ../shared/corpus, else the bundled example), `$work/1mb.txt` (about 1 MB
# of reports repeated), `$work/empty.txt`; `callgrind OUT ARGS…` runs
# `reportlint check --isolated --format json ARGS…` under callgrind and
# prints its instruction count. Exits with SKIP when valgrind is missing.
# Environment: REPORTLINT_BIN (default: build the release binary).
if ! command -v valgrind > /dev/null; then
    echo "SKIP: valgrind is not installed (apt-get install valgrind)"
    exit 0
fi
if [[ -z "${REPORTLINT_BIN:-}" ]]; then
    cargo build --release --quiet
    REPORTLINT_BIN=$PWD/target/release/reportlint
fi
work=$(mktemp -d "${TMPDIR:-/tmp}/reportlint-callgrind.XXXXXX")
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

callgrind() { # OUT ARGS…
    local out=$1
    shift
    valgrind --tool=callgrind --callgrind-out-file="$out" \
        "$REPORTLINT_BIN" check --isolated --format json "$@" > /dev/null 2> "$out.log" || true
    grep -o 'refs: *[0-9,]*' "$out.log" | tr -dc '0-9'
}
