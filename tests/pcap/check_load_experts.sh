#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Owns the alarm-fatigue check: on a healthy load capture (real Linux TCP,
# only HTTP/1.0 closes, the client reusing ports the server still holds in
# TIME_WAIT, which the server's kernel accepts) the Expert Information of
# the plugin must hold no Warning and no Error. Prints the plugin's expert
# counts per severity, then "N passed, M failed".
#
# Usage: sudo tests/pcap/check_load_experts.sh TSHARK [CAPTURE]
#   TSHARK   a tshark that loads the plugin (build/tests/pcap/tshark-plugin)
#   CAPTURE  default: made now by tests/bench/make-capture.sh with
#            TD_BENCH_MIX=http10, 20,000 connections over 6,000 client ports
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TSHARK=${1:?usage: check_load_experts.sh TSHARK [CAPTURE]}
CAP=${2:-}
WORK=$(mktemp -d /tmp/td-load.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
if [ -z "$CAP" ]; then
    CAP=$WORK/http10.pcap
    TD_BENCH_MIX=http10 TD_BENCH_PORTS="40000 45999" TD_BENCH_RATE=2000 \
        "$HERE/../bench/make-capture.sh" "$CAP" 20000 >&2
fi
"$TSHARK" -2 -r "$CAP" -q -z expert >"$WORK/expert.txt"
# -z expert: a heading per severity, then "count group protocol summary" rows.
awk '/^(Errors|Warns|Notes|Chats) \(/ { sev = $1 } $3 == "Teardown" { n[sev] += $1 }
     END { for (s in n) printf "%s %d\n", s, n[s] }' "$WORK/expert.txt" | sort >"$WORK/counts.txt"
echo "teardown expert infos on $(basename "$CAP"):"
sed 's/^/  /' "$WORK/counts.txt"
bad=$(awk '$1 == "Errors" || $1 == "Warns" { s += $2 } END { print s + 0 }' "$WORK/counts.txt")
reuse=$(grep -c "reuses the 4-tuple" "$WORK/expert.txt" || true)
passed=0 failed=0
if [ "$bad" = 0 ]; then passed=$((passed + 1)); else
    echo "FAIL: $bad teardown Warnings or Errors on a healthy capture"; grep -A3 "^Warns\|^Errors" "$WORK/expert.txt" | head -20
    failed=$((failed + 1)); fi
# The capture must be the one meant: TIME_WAIT reuse present, as Notes.
if [ "$reuse" -gt 0 ]; then passed=$((passed + 1)); else
    echo "FAIL: no TIME_WAIT reuse in the capture: it does not test the grading"; failed=$((failed + 1)); fi
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
