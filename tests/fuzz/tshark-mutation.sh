#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Mutation fuzzing through the real tshark: every corpus capture corrupted at
# random by editcap -E, dissected by tshark with the plugin built with
# ASan+UBSan (single pass, -2 with the full tree, and the -z statistics).
# Any crash or sanitizer report fails the run and its capture is kept.
# Usage: tests/fuzz/tshark-mutation.sh ASAN_BUILD_DIR [MUTANTS_PER_CAPTURE] [SEED]
set -uo pipefail
build=${1:?usage: tshark-mutation.sh ASAN_BUILD_DIR [MUTANTS_PER_CAPTURE] [SEED]}
per=${2:-30}
seed=${3:-1}
top=$(cd "$(dirname "$0")/../.." && pwd)
tshark="$build/tests/pcap/tshark-plugin"
grep -q TD_TSHARK_PRELOAD "$tshark" || { echo "$tshark is not a sanitizer build (cmake -DTD_SANITIZE=ON)" >&2; exit 2; }
work=$(mktemp -d)
keep="$top/tests/fuzz/tshark-crashes"
trap 'rm -rf "$work"' EXIT
export ASAN_OPTIONS=detect_leaks=0:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1

mutants=0
runs=0
failed=0
batch=0
for cap in "$top"/tests/scenarios/captures/*.pcap "$top"/tests/crafted/*.pcap "$top"/tests/crafted/robustness/*.pcap; do
    rm -f "$work"/m-*.pcap
    for i in $(seq 1 "$per"); do
        # editcap's -E corrupts each byte with this probability; its seed is
        # derived from the capture and the mutant number, so runs repeat.
        s=$(( (seed * 100003 + batch * 1009 + i) % 2147483647 ))
        editcap -E 0.01 --seed "$s" "$cap" "$work/m-$i.pcap" 2>/dev/null && mutants=$((mutants + 1))
    done
    batch=$((batch + 1))
    # One tshark per mutant is too slow under ASan: each batch runs on the
    # mutants of one capture laid end to end (which also mixes their
    # conversations, a harder input than any single one).
    mergecap -a -F pcap -w "$work/batch.pcap" "$work"/m-*.pcap 2>/dev/null || continue
    for args in "-r $work/batch.pcap" "-2 -V -r $work/batch.pcap" \
                "-r $work/batch.pcap -q -z teardown,conns -z teardown,stat -z expert"; do
        runs=$((runs + 1))
        # shellcheck disable=SC2086 # args is a list of words
        if ! "$tshark" $args >/dev/null 2>"$work/stderr" || grep -qE "ERROR: AddressSanitizer|runtime error|Dissector bug.*[Tt]eardown" "$work/stderr"; then
            failed=$((failed + 1))
            mkdir -p "$keep"
            cp "$work/batch.pcap" "$keep/$(basename "$cap" .pcap)-seed$seed.pcap"
            echo "FAIL tshark $args (mutants of $(basename "$cap"))"
            grep -m5 -E "ERROR|runtime error|SUMMARY|Dissector bug" "$work/stderr"
        fi
    done
done
echo "tshark mutation fuzz: $mutants mutated captures in $runs tshark runs"
echo "mutation: $((runs - failed)) passed, $failed failed"
[ "$failed" -eq 0 ]
