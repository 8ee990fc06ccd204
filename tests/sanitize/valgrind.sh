#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# valgrind memcheck over the engine's unit tests (no error, no leak at all)
# and over the real tshark running the plugin on corpus captures (no error and
# no definitely lost block whose stack passes through the plugin).
# Usage: tests/sanitize/valgrind.sh BUILD_DIR
set -uo pipefail
build=${1:?usage: valgrind.sh BUILD_DIR}
top=$(cd "$(dirname "$0")/../.." && pwd)
logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT
passed=0
failed=0

for t in "$build"/tests/unit/test_*; do
    [ -x "$t" ] || continue
    if valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=all \
        --show-leak-kinds=all "$t" >"$logs/unit.log" 2>&1; then
        passed=$((passed + 1))
    else
        echo "FAIL valgrind $t"; tail -30 "$logs/unit.log"; failed=$((failed + 1))
    fi
done

# wmem and GLib hand memory to valgrind directly, so it sees every block.
export WIRESHARK_DEBUG_WMEM_OVERRIDE=simple G_SLICE=always-malloc
export TD_TSHARK_EXEC_PREFIX="valgrind --leak-check=full --errors-for-leak-kinds=definite --log-file=$logs/tshark.%p.log"
caps=$top/tests/scenarios/captures
for args in "-2 -V -r $caps/final_ack_lost_v4.client.pcap" \
            "-r $caps/multi_v4.server.pcap -q -z teardown,conns -z teardown,stat" \
            "-2 -r $caps/simultaneous_close_v4.client.pcap -Y teardown.close.simultaneous"; do
    rm -f "$logs"/tshark.*.log
    # shellcheck disable=SC2086 # args is a list of words
    if ! "$build/tests/pcap/tshark-plugin" $args >/dev/null 2>"$logs/stderr"; then
        echo "FAIL tshark $args under valgrind exited non-zero"; cat "$logs/stderr"; failed=$((failed + 1)); continue
    fi
    if python3 "$top/tests/sanitize/valgrind_blame.py" "$logs"/tshark.*.log; then
        passed=$((passed + 1))
    else
        echo "FAIL valgrind reports through the plugin: tshark $args"; failed=$((failed + 1))
    fi
done
echo "valgrind: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
