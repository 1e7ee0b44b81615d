#!/bin/bash
# run_fuzz.sh - fuzz the core's libFuzzer harnesses, or replay what they found.
#
#   run_fuzz.sh --replay BIN...  every seed (test/fuzz/corpus/<h>) and past finding
#                                (test/fuzz/regressions/<h>) once through each harness,
#                                TAP lines, one test per harness (make test, make sanitize)
#   run_fuzz.sh BIN...           fuzz each harness for FUZZ_SECONDS, FUZZ_JOBS at a time
#                                (make fuzz); the working corpus grows in build/fuzz/work/<h>;
#                                prints executions and findings per harness
# A harness is build/fuzz/fuzz_<h>.  A finding is a crash, a sanitizer report or
# a broken invariant; its input is left in build/fuzz/work/<h>-crash-*: fix the
# cause, then add the file to test/fuzz/regressions/<h>/ so make test replays it.
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
mode=fuzz
if [ "${1:-}" = --replay ]; then mode=replay; shift; fi
[ $# -gt 0 ] || { echo "usage: $0 [--replay] build/fuzz/fuzz_<h>..." >&2; exit 2; }

if [ "$mode" = replay ]; then
    n=0; bad=0
    for bin in "$@"; do
        n=$((n + 1))
        h=$(basename "$bin"); h=${h#fuzz_}
        inputs=$(find "$ROOT/test/fuzz/corpus/$h" "$ROOT/test/fuzz/regressions/$h" -type f 2>/dev/null | sort)
        count=$(echo "$inputs" | grep -c .)
        if [ ! -x "$bin" ]; then
            echo "not ok $n - fuzz_$h: no harness binary (make fuzz-build)"; bad=$((bad + 1))
        elif [ "$count" -eq 0 ]; then
            echo "not ok $n - fuzz_$h: no seeds in test/fuzz/corpus/$h"; bad=$((bad + 1))
        elif out=$(echo "$inputs" | xargs "$bin" 2>&1); then
            echo "ok $n - fuzz_$h replays its $count seeds and past findings cleanly"
        else
            echo "not ok $n - fuzz_$h: an input crashes or breaks an invariant"
            echo "$out" | grep -E 'ERROR|invariant|SUMMARY|Running:|runtime error' | head -10 | sed 's/^/# /'
            bad=$((bad + 1))
        fi
    done
    [ "$bad" -eq 0 ]
    exit
fi

SECONDS_EACH=${FUZZ_SECONDS:-1500}
JOBS=${FUZZ_JOBS:-2}
WORK=$ROOT/build/fuzz/work
mkdir -p "$WORK"
echo "fuzzing $# harnesses for $SECONDS_EACH s each, $JOBS at a time"
run_one() {
    local bin=$1 h
    h=$(basename "$bin"); h=${h#fuzz_}
    mkdir -p "$WORK/$h"
    "$bin" -max_total_time="$SECONDS_EACH" -max_len=8192 -timeout=10 -rss_limit_mb=4096 -print_final_stats=1 \
        -artifact_prefix="$WORK/$h-" "$WORK/$h" "$ROOT/test/fuzz/corpus/$h" >"$WORK/$h.log" 2>&1
}
running=0
for bin in "$@"; do
    run_one "$bin" &
    running=$((running + 1))
    if [ "$running" -ge "$JOBS" ]; then wait -n; running=$((running - 1)); fi
done
wait
found=0
printf '%-12s %15s %12s %9s\n' harness executions 'per second' findings
for bin in "$@"; do
    h=$(basename "$bin"); h=${h#fuzz_}
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$WORK/$h.log" | tail -1)
    secs=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$WORK/$h.log" | tail -1)
    f=$(find "$WORK" -maxdepth 1 -name "$h-*" -type f | wc -l)
    found=$((found + f))
    printf '%-12s %15s %12s %9s\n' "$h" "${execs:-?}" "${secs:-?}" "$f"
    [ "$f" -gt 0 ] && grep -E 'ERROR|invariant|SUMMARY' "$WORK/$h.log" | head -5 | sed 's/^/    /'
done
[ "$found" -eq 0 ] && echo "no findings" || echo "$found finding(s): inputs in $WORK/<harness>-*"
[ "$found" -eq 0 ]
