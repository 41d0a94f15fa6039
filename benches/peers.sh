#!/usr/bin/env bash
# Throughput of reportlint beside its peers, and how its cost grows with size.
#
#   bash benches/peers.sh            # everything (takes a few minutes)
#   bash benches/peers.sh --quick    # no 100 MB file, fewer runs, textlint on fewer files
#
# Inputs are generated into a temporary directory (never into the checkout):
# the real reports of ../shared/corpus when present, else the bundled
# examples and rule fixtures; 2,000 files cycling through them; and one file
# each of about 100 KB, 1 MB, 10 MB and 100 MB made by repeating them.
#
# Measured, with runs of the tools alternating (median of RUNS runs):
#   1. MB/s on the 2,000 files: reportlint (--format json), AutoCorrect
#      (`autocorrect --lint --format json`, from `npm i -g autocorrect-node`)
#      and textlint with the Chinese rule zh-half-and-full-width-bracket
#      (`npm i -g textlint textlint-rule-zh-half-and-full-width-bracket`),
#      each only when installed, and the ratio of reportlint to each peer;
#   2. time per MB by size in every output format and in `debug structure` /
#      `debug quantities`, above runs on an empty file (process start and
#      pack loading) in the same rounds as every size's, and peak RSS (GNU
#      time, one more run) — linear means a flat row. A run's time is read
#      from bash's clock just before and after it, with no process around it;
#   3. one report, process start to exit (what a pre-commit hook waits for).
#
# Environment: REPORTLINT_BIN (default: build the release binary), RUNS,
# SMALL_RUNS (runs for files up to 1 MB, default 5 × RUNS).
set -euo pipefail
cd "$(dirname "$0")/.."

quick=false
[[ "${1:-}" == "--quick" ]] && quick=true
runs=${RUNS:-$($quick && echo 3 || echo 5)}

if [[ -z "${REPORTLINT_BIN:-}" ]]; then
    cargo build --release --quiet
    REPORTLINT_BIN=$PWD/target/release/reportlint
fi
bin=$REPORTLINT_BIN
gnu_time=$(command -v /usr/bin/time || true)

work=$(mktemp -d "${TMPDIR:-/tmp}/reportlint-peers.XXXXXX")
trap 'rm -rf "$work"' EXIT

# ---------------------------------------------------------------- inputs
mkdir -p "$work/reports" "$work/many"
if compgen -G "../shared/corpus/*.txt" > /dev/null; then
    cp ../shared/corpus/*.txt "$work/reports/"
    source_desc="../shared/corpus"
else
    i=0
    while IFS= read -r f; do
        cp "$f" "$work/reports/$(printf '%04d' $i).txt"
        i=$((i + 1))
    done < <(find examples tests/fixtures -name '*.txt' | sort)
    source_desc="examples/ and tests/fixtures/"
fi
reports=("$work"/reports/*.txt)
for ((i = 0; i < 2000; i++)); do
    cp "${reports[i % ${#reports[@]}]}" "$work/many/r$i.txt"
done
# One text of all reports; files of a given size repeat it.
cat "${reports[@]}" > "$work/all.txt"
make_sized() { # NAME BYTES
    local out=$work/$1.txt
    : > "$out"
    while (($(stat -c %s "$out") < $2)); do cat "$work/all.txt" >> "$out"; done
    # Cut at a line end near the size (never inside a character).
    head -c "$2" "$out" | sed '$d' > "$out.tmp" && mv "$out.tmp" "$out"
}
sizes=(100k:100000 1m:1000000 10m:10000000)
$quick || sizes+=(100m:100000000)
for s in "${sizes[@]}"; do make_sized "${s%%:*}" "${s##*:}"; done

bytes_of() { du -bc "$@" | tail -1 | cut -f1; }
many_bytes=$(bytes_of "$work"/many/*.txt)

# ---------------------------------------------------------------- timing
# Microseconds now, into the variable named $1: bash's clock, read without
# starting a process (`date` is the fallback for a shell older than 5.0).
if [[ -n "${EPOCHREALTIME:-}" ]]; then
    clock() { printf -v "$1" '%s' "${EPOCHREALTIME/[.,]/}"; }
else
    clock() { printf -v "$1" '%s' "$(date +%s%6N)"; }
fi
# run_timed CMD... : the seconds of one run into $took (output discarded).
# Only the command is inside the clock's reads: forking a `date` or GNU time
# around it added 2-4 ms to every run, and its noise to a small file's cost.
run_timed() {
    local start end
    clock start
    "$@" > /dev/null 2> /dev/null || true
    clock end
    took=$(calc "($end - $start) / 1000000")
}
# peak_rss CMD... : the peak RSS in KB of one more run into $rss ("-"
# without GNU time).
peak_rss() {
    rss=-
    [[ -n "$gnu_time" ]] || return 0
    "$gnu_time" -f '%M' -o "$work/rss" "$@" > /dev/null 2> /dev/null || true
    rss=$(tail -1 "$work/rss")
}
median() { sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
calc() { awk "BEGIN { printf \"%.6f\", $* }"; }

echo "reportlint $("$bin" --version | cut -d' ' -f2) — $(nproc) cores, inputs from $source_desc"
echo

# ------------------------------------------------- 1. 2,000 files, peers
declare -A tool_cmd tool_bytes
tool_cmd[reportlint]="$bin check --isolated --format json $work/many"
tool_bytes[reportlint]=$many_bytes
if command -v autocorrect > /dev/null; then
    tool_cmd[autocorrect]="autocorrect --lint --format json $work/many"
    tool_bytes[autocorrect]=$many_bytes
fi
if command -v textlint > /dev/null \
    && [[ -d "$(npm root -g 2> /dev/null)/textlint-rule-zh-half-and-full-width-bracket" ]]; then
    mkdir -p "$work/textlint"
    echo '{"rules":{"zh-half-and-full-width-bracket":true}}' > "$work/textlint/.textlintrc.json"
    # textlint is slow: a fifth (or, quick, a twentieth) of the files.
    n=$($quick && echo 100 || echo 400)
    mkdir -p "$work/few"
    for ((i = 0; i < n; i++)); do cp "$work/many/r$i.txt" "$work/few/"; done
    tool_cmd[textlint]="textlint --config $work/textlint/.textlintrc.json --format json $work/few"
    tool_bytes[textlint]=$(bytes_of "$work"/few/*.txt)
fi
tools=(reportlint)
for t in autocorrect textlint; do [[ -n "${tool_cmd[$t]:-}" ]] && tools+=("$t"); done

declare -A secs
for ((r = 0; r < runs; r++)); do
    for t in "${tools[@]}"; do
        # shellcheck disable=SC2086
        run_timed ${tool_cmd[$t]}
        secs[$t]+="$took"$'\n'
    done
done
echo "2,000 files ($(printf '%.1f' "$(calc "$many_bytes / 1000000")") MB), median of $runs alternating runs:"
printf '  %-12s %9s %9s %s\n' tool seconds MB/s "reportlint ÷ tool"
declare -A mbs
for t in "${tools[@]}"; do
    m=$(printf '%s' "${secs[$t]}" | median)
    mbs[$t]=$(calc "${tool_bytes[$t]} / 1000000 / $m")
done
for t in "${tools[@]}"; do
    m=$(printf '%s' "${secs[$t]}" | median)
    ratio=$(calc "${mbs[reportlint]} / ${mbs[$t]}")
    printf '  %-12s %9.2f %9.1f %8.1f×\n' "$t" "$m" "${mbs[$t]}" "$ratio"
done
[[ -n "${tool_cmd[textlint]:-}" ]] && echo "  (textlint on $(ls "$work/few" | wc -l) of the files)"
[[ " ${tools[*]} " == *" autocorrect "* ]] || echo "  (AutoCorrect not installed: npm i -g autocorrect-node)"
echo

# ------------------------------------------------- 2. size sweep
formats=(human short json sarif github junit rdjson)
# Time per MB above the cost of starting the process and loading the rule
# packs (a run on an empty file): linear means a flat row.
: > "$work/empty.txt"
# Small files cost little more than the empty run they are measured
# against, so their time per MB is a small difference of two noisy
# numbers: a row's runs go round the empty file and every size in turn, so
# that a slow spell of the machine falls on all of them alike, and sizes up
# to 1 MB take SMALL_RUNS (default 5 × RUNS) rounds, larger ones RUNS.
small_runs=${SMALL_RUNS:-$((5 * runs))}
echo "Time per MB (ms) by size, above runs on an empty file in the same rounds; median of $runs runs ($small_runs up to 1 MB); peak RSS (MB):"
header=$(printf '  %-18s' "")
for s in "${sizes[@]}"; do header+=$(printf '%9s' "${s%%:*}"); done
header+=$(printf '%9s' "empty")
for s in "${sizes[@]}"; do [[ ${s%%:*} == 10m || ${s%%:*} == 100m ]] && header+=$(printf '%10s' "RSS ${s%%:*}"); done
echo "$header"
row() { # LABEL MAX_BYTES ARGS... (the file is appended; larger files are skipped)
    local label=$1 max=$2 line rss_cols="" r s name f bytes base rss
    shift 2
    local -A times=()
    for ((r = 0; r < small_runs; r++)); do
        run_timed "$bin" "$@" "$work/empty.txt"
        times[empty]+="$took"$'\n'
        for s in "${sizes[@]}"; do
            name=${s%%:*} f=$work/${s%%:*}.txt bytes=$(stat -c %s "$work/${s%%:*}.txt")
            ((bytes <= max)) || continue
            ((bytes <= 1100000 || r < runs)) || continue
            run_timed "$bin" "$@" "$f"
            times[$name]+="$took"$'\n'
        done
    done
    base=$(printf '%s' "${times[empty]}" | median)
    line=$(printf '  %-18s' "$label")
    for s in "${sizes[@]}"; do
        name=${s%%:*} f=$work/${s%%:*}.txt bytes=$(stat -c %s "$work/${s%%:*}.txt")
        if ((bytes > max)); then
            line+=$(printf '%9s' -)
            [[ $name == 10m || $name == 100m ]] && rss_cols+=$(printf '%10s' -)
            continue
        fi
        line+=$(printf '%9.1f' "$(calc "($(printf '%s' "${times[$name]}" | median) - $base) * 1000 / ($bytes / 1000000)")")
        if [[ $name == 10m || $name == 100m ]]; then
            peak_rss "$bin" "$@" "$f"
            [[ "$rss" != - ]] && rss=$((rss / 1024))
            rss_cols+=$(printf '%10s' "$rss")
        fi
    done
    line+=$(printf '%9.1f' "$(calc "$base * 1000")")
    echo "$line$rss_cols"
}
for fmt in "${formats[@]}"; do
    row "check $fmt" $((1 << 40)) check --isolated --color never --max-file-size 1GB --format "$fmt"
done
# `debug` reads at most 64 MB (the default file size limit).
row "debug structure" $((64 << 20)) debug structure
row "debug quantities" $((64 << 20)) debug quantities
echo "  (\"empty\": the run on an empty file, in ms; \"-\": over the debug commands' 64 MB limit)"
echo

# ------------------------------------------------- 3. one report
one=$(ls -S "${reports[@]}" | head -1)
times=""
for ((r = 0; r < 20; r++)); do
    run_timed "$bin" check --isolated --format short "$one"
    times+="$took"$'\n'
done
printf 'One report (%s bytes), process start to exit: median %.1f ms of 20 runs\n' \
    "$(stat -c %s "$one")" "$(calc "$(printf '%s' "$times" | median) * 1000")"
