#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Builds the engine's libFuzzer harness with clang, fuzzes from tests/fuzz/corpus, and merges what it learned back into a small corpus.
#
# usage: tests/fuzz/run-fuzz.sh [SECONDS|-runs=N] [more libFuzzer flags...]
#   default 60 seconds; TD_FUZZ_BUILD sets the build directory (default
#   build-fuzz/ at the top of the repo, which git ignores), CC the compiler.
#   New crashes land in tests/fuzz/crashes/new-*; the script then fails.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${TD_FUZZ_BUILD:-$root/build-fuzz}
corpus=$here/corpus
crashes=$here/crashes
# Keeps the corpus a size a reviewer can live with; a merge adds only inputs
# that reach new engine coverage, so this is a guard, not a routine trim.
max_corpus=400

limit=(-max_total_time=60)
if [[ $# -gt 0 ]]; then
    case $1 in
        -runs=*) limit=("$1"); shift ;;
        ''|*[!0-9]*) ;;
        *) limit=(-max_total_time="$1"); shift ;;
    esac
fi

cmake -S "$here" -B "$build" -DCMAKE_C_COMPILER="${CC:-clang}" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" --target fuzz_engine fuzz_engine_replay -j"$(nproc)" >/dev/null
fuzzer=$build/fuzz_engine
[[ -x $fuzzer ]] || { echo "run-fuzz.sh: no fuzz_engine built (needs clang with libFuzzer)" >&2; exit 1; }

# The seeds come from make_seeds.py; regenerate them if the corpus is new.
[[ -d $corpus ]] || python3 "$here/make_seeds.py"
mkdir -p "$crashes"

work=$(mktemp -d)
fresh=$(mktemp -d)
trap 'rm -rf "$work" "$fresh"' EXIT

# The engine never allocates, so a small ASan quarantine and no allocation
# stacks lose nothing; libFuzzer's own per-input buffers then stop costing
# page faults (measured: 6.7k -> 9.5k inputs/s on 4 KiB inputs).
export ASAN_OPTIONS=${ASAN_OPTIONS:-quarantine_size_mb=16:malloc_context_size=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1}

# One process (2-core machines: leave a core to the rest). New inputs go to
# the scratch directory first; the corpus is read as seeds.
log=$build/fuzz.log
start=$(date +%s)
set +e
"$fuzzer" -max_len=4096 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$crashes/new-" "${limit[@]}" "$@" "$work" "$corpus" >"$log" 2>&1
status=$?
set -e
elapsed=$(( $(date +%s) - start ))
grep -E '^(#[0-9]+ +(INITED|DONE)|Done |==[0-9]+==|SUMMARY|fuzz_engine:|  at slot)' "$log" | tail -n 8 || true
execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)

# Merge into an empty directory: the smallest set of inputs that covers all
# the engine behaviour of the old corpus and the new finds together. Edges
# only (-use_counters=0): hit-count buckets would keep ~10x more files for
# little, and a fuzzing run finds them again from these within seconds.
"$fuzzer" -merge=1 -use_counters=0 -max_len=4096 "$fresh" "$corpus" "$work" >>"$log" 2>&1
# Hand-written seeds and the regression inputs of fixed findings stay as they are.
declare -A seed_sums=()
for f in "$corpus"/seed-* "$corpus"/regression-*; do
    [[ -e $f ]] && seed_sums[$(sha1sum <"$f" | cut -d' ' -f1)]=1
done
find "$corpus" -maxdepth 1 -type f ! -name 'seed-*' ! -name 'regression-*' -delete
for f in "$fresh"/*; do
    [[ -e $f ]] || continue
    name=$(basename "$f")
    # libFuzzer names merged files by their SHA-1: skip copies of the seeds.
    [[ -n ${seed_sums[$name]:-} ]] || cp "$f" "$corpus/$name"
done
count=$(find "$corpus" -maxdepth 1 -type f | wc -l)
if (( count > max_corpus )); then
    echo "run-fuzz.sh: corpus has $count files (more than $max_corpus): review before committing" >&2
fi

echo "run-fuzz.sh: ${execs:-?} executions in ${elapsed}s; corpus: $count files"
if (( status != 0 )); then
    echo "run-fuzz.sh: the fuzzer failed (status $status): see $log and $crashes/new-*" >&2
    exit "$status"
fi
