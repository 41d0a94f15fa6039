#!/usr/bin/env bash
# The cost of more rules: instruction counts (callgrind) of `check --format
# json` with the built-in packs alone and with a user pack (`--pack`) of 500
# generated phrase rules — once literal phrases, once regexes — on one
# report and on about 1 MB of reports, and the ratio to the built-in packs
# alone (the issue's goal: 500 more phrase rules slow a check by less than 2x).
# Each pack is measured three ways: `--no-cache` (parse and validate, as
# before the cache), cold (the same, and the cache entry written) and warm
# (the pack loaded from the cache of validated packs). Then the warm runs
# again, timed: CPU time (perf stat), median of TIMED_RUNS alternating runs.
#
#   bash benches/rule-count.sh
#
# Needs valgrind (apt-get install valgrind). Environment: REPORTLINT_BIN
# (default: build the release binary), RULES (default 500), TIMED_RUNS
# (default 21).
set -euo pipefail
cd "$(dirname "$0")/.."

source benches/callgrind-inputs.sh
rules=${RULES:-500}

# A pack `gen` of $rules phrase rules whose words are four characters drawn
# (deterministically) from characters common in the reports.
generate() { # KIND (literal | regex) DIR
    mkdir -p "$2"
    printf 'id: gen\nname: 生成的规则\n' > "$2/pack.yaml"
    local chars=(政 府 法 治 建 设 行 执 监 督 复 议 诉 讼 规 范 文 件 审 查 备 案 清 单 权 力 责 任 公 开 服 务 营 商 环 境 基 层 调 解 宣 传 教 育 队 伍 考 核 评 价 制 度 机 平 台 数 据 信 息 系 统 安 全 应 急 管 理)
    local n=${#chars[@]} i word check bad
    {
        echo "rules:"
        for ((i = 0; i < rules; i++)); do
            word=${chars[i % n]}${chars[(i * 7 + 3) % n]}${chars[(i * 13 + 5) % n]}${chars[(i / n + i * 3) % n]}
            if [[ $1 == literal ]]; then
                check="{ phrase: { literal: ['$word'] } }"
                bad=$word
            else
                check="{ phrase: { regex: ['$word\\d{1,3}项'] } }"
                bad=${word}12项
            fi
            printf '  - id: gen/r%d\n    severity: warning\n    message: 生成的规则 %d\n    summary: s\n    docs: d\n    check: %s\n    examples: { bad: [%s] }\n' \
                "$i" "$i" "$check" "$bad"
        done
    } > "$2/rules.yaml"
}
generate literal "$work/literal/gen"
generate regex "$work/regex/gen"

count() { # FILE [ARGS…]
    local file=$1
    shift
    callgrind "$work/callgrind.$RANDOM" "$@" "$file"
}
ratio() { # NAME INSTRUCTIONS BASE
    awk -v name="$1" -v n="$2" -v b="$3" 'BEGIN { printf "  %-22s %7.1f M  %5.2fx\n", name, n / 1e6, n / b }'
}
for file in "$one" "$work/1mb.txt"; do
    echo "$(basename "$file") ($(($(stat -c %s "$file") / 1000)) KB)"
    base=$(count "$file")
    ratio "built-in packs" "$base" "$base"
    for kind in literal regex; do
        pack=(--pack "$work/$kind/gen")
        cache=(--cache-dir "$work/cache-$kind")
        rm -rf "$work/cache-$kind"
        ratio "+$rules $kind, no cache" "$(count "$file" "${pack[@]}" --no-cache)" "$base"
        ratio "+$rules $kind, cold" "$(count "$file" "${pack[@]}" "${cache[@]}")" "$base"
        ratio "+$rules $kind, warm" "$(count "$file" "${pack[@]}" "${cache[@]}")" "$base"
    done
done

# The issue's goal is about time ("slows a check"): the same runs with the
# warm cache, timed. CPU time of the whole process (`perf stat` task-clock,
# one worker thread so that threads idling on one report do not count),
# median of TIMED_RUNS (default 21) runs with the three commands alternating.
if ! command -v perf > /dev/null || ! perf stat -e task-clock true > /dev/null 2>&1; then
    echo "SKIP: CPU time (perf stat is not available)"
    exit 0
fi
timed_runs=${TIMED_RUNS:-21}
cpu_ms() { # ARGS… : one run's CPU time in ms (findings make the exit status 1)
    { RAYON_NUM_THREADS=1 perf stat -x, -e task-clock "$REPORTLINT_BIN" check --isolated \
        --format json "$@" 2>&1 > /dev/null || true; } | awk -F, '/task-clock/ { print $1 }'
}
median() { sort -g | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
echo "CPU time, warm cache, one worker thread (median of $timed_runs alternating runs):"
for file in "$one" "$work/1mb.txt"; do
    declare -A ms=()
    for ((r = 0; r < timed_runs; r++)); do
        ms[base]+="$(cpu_ms "$file")"$'\n'
        for kind in literal regex; do
            ms[$kind]+="$(cpu_ms --pack "$work/$kind/gen" --cache-dir "$work/cache-$kind" "$file")"$'\n'
        done
    done
    base=$(printf '%s' "${ms[base]}" | median)
    echo "$(basename "$file")"
    awk -v b="$base" 'BEGIN { printf "  %-22s %7.2f ms  %5.2fx\n", "built-in packs", b, 1 }'
    for kind in literal regex; do
        t=$(printf '%s' "${ms[$kind]}" | median)
        awk -v name="+$rules $kind, warm" -v t="$t" -v b="$base" \
            'BEGIN { printf "  %-22s %7.2f ms  %5.2fx\n", name, t, t / b }'
    done
done
