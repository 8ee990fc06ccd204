#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# One real Wireshark GUI session (Xvfb) driven by reload-check.lua: open A,
# reload it, set teardown.time_wait_seconds to 0 and dissect again, open B, open
# A again. Each round's per-packet teardown fields must equal what a fresh
# tshark says for that file and preference: no state may survive a reload, a
# preference change or a change of file.
# Usage: sudo tests/gui/reload-check.sh [A.pcap B.pcap]
# Needs the plugin installed in the system folder (Wireshark as root reads
# only that one: scripts/quickstart.sh or screenshots.sh --install), and
# wireshark-qt and xvfb.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
A=$(realpath "${1:-$ROOT/samples/teardown-sample.pcap}")
B=$(realpath "${2:-$ROOT/tests/scenarios/captures/multi_v4.client.pcap}")
die() { echo "reload-check: $*" >&2; exit 1; }
for tool in wireshark tshark Xvfb python3; do command -v "$tool" >/dev/null || die "$tool missing"; done
tshark -G plugins 2>/dev/null | grep -q '^teardown\.so' || die "teardown.so is not installed for tshark/wireshark"

WORK=$(mktemp -d /tmp/td-reload.XXXXXX)
XVFB_PID= WS_PID=
cleanup() {
    set +e
    [ -n "$WS_PID" ] && kill "$WS_PID" 2>/dev/null
    [ -n "$XVFB_PID" ] && kill "$XVFB_PID" 2>/dev/null
    [ -n "${TD_KEEP:-}" ] || rm -rf "$WORK"
}
trap cleanup EXIT

export HOME=$WORK/home XDG_CONFIG_HOME=$WORK/home/.config XDG_RUNTIME_DIR=$WORK/run
mkdir -p "$XDG_CONFIG_HOME/wireshark" "$XDG_RUNTIME_DIR" "$WORK/out"
chmod 700 "$XDG_RUNTIME_DIR"
echo "privs.warn_if_elevated: FALSE" >"$XDG_CONFIG_HOME/wireshark/recent_common"

Xvfb -displayfd 3 -screen 0 1280x900x24 -nolisten tcp >"$WORK/xvfb.log" 2>&1 3>"$WORK/display" &
XVFB_PID=$!
for _ in $(seq 50); do [ -s "$WORK/display" ] && break; sleep 0.1; done
[ -s "$WORK/display" ] || die "Xvfb did not start"
export DISPLAY=:$(head -1 "$WORK/display")

TD_RELOAD_OUT=$WORK/out TD_RELOAD_A=$A TD_RELOAD_B=$B \
    wireshark -X "lua_script:$HERE/reload-check.lua" -z teardown_reload_check -r "$A" >"$WORK/wireshark.log" 2>&1 &
WS_PID=$!
for _ in $(seq 240); do
    [ -e "$WORK/out/done" ] && break
    kill -0 "$WS_PID" 2>/dev/null || die "Wireshark exited: $(tail -5 "$WORK/wireshark.log")"
    sleep 0.5
done
[ -e "$WORK/out/done" ] || die "the session did not finish its rounds in 120 s ($(ls "$WORK/out"))"

# What a fresh tshark says, single pass: the GUI's taps see the first pass.
expect() { # FILE [tshark options]
    local f=$1
    shift
    tshark "$@" -r "$f" -Y teardown -T fields -E separator=/t -e frame.number -e teardown.stream \
        -e teardown.sender -e teardown.client.state -e teardown.server.state 2>/dev/null >"$WORK/fields.txt"
    # The TIME_WAIT reuse warning depends on the preference: a column of its own.
    tshark "$@" -r "$f" -Y teardown.time_wait.reuse -T fields -e frame.number 2>/dev/null >"$WORK/reuse.txt"
    awk -v list="$WORK/reuse.txt" 'BEGIN { while ((getline n < list) > 0) reuse[n] = 1 }
        { print $0 "\t" (($1 in reuse) ? 1 : 0) }' "$WORK/fields.txt"
}
expect "$A" >"$WORK/want-a.txt"
expect "$A" -o teardown.time_wait_seconds:0 >"$WORK/want-a1.txt"
expect "$B" >"$WORK/want-b.txt"
tshark -G values 2>/dev/null >"$WORK/values.txt"

fail=0
check() { # ROUND WANT WHAT
    if python3 - "$WORK/out/round-$1.txt" "$2" "$WORK/values.txt" <<'PY'; then echo "ok   $3"; else echo "FAIL $3"; fail=1; fi
import sys
got = [l.split("\t") for l in open(sys.argv[1]).read().split("\n") if l]
want = [l.split("\t") for l in open(sys.argv[2]).read().split("\n") if l]
# tshark -T fields gives enum fields as numbers on 4.0, Lua as labels: compare labels.
label = {}
for line in open(sys.argv[3]):
    p = line.rstrip("\n").split("\t")
    if len(p) == 4 and p[0] == "V" and p[1].startswith("teardown."):
        label[(p[1], p[2])] = p[3]
fields = [None, None, "teardown.sender", "teardown.client.state", "teardown.server.state", None]
def labels(rows):
    return [[label.get((f, v), v) if f else v for f, v in zip(fields, r)] for r in rows]
got, want = labels(got), labels(want)
if not want or len(got) != len(want):
    print("  %d rows, expected %d" % (len(got), len(want)))
    sys.exit(1)
bad = [(g, w) for g, w in zip(got, want) if g != w]
for g, w in bad[:5]:
    print("  got %s, expected %s" % (g, w))
sys.exit(1 if bad else 0)
PY
}
check 1 "$WORK/want-a.txt" "A as opened ($(wc -l <"$WORK/want-a.txt") packets)"
check 2 "$WORK/want-a.txt" "A after a reload"
check 3 "$WORK/want-a1.txt" "A dissected again after teardown.time_wait_seconds 60 -> 0 (no TIME_WAIT reuse warning)"
check 4 "$WORK/want-b.txt" "B opened in the same session ($(wc -l <"$WORK/want-b.txt") packets)"
check 5 "$WORK/want-a.txt" "A opened again, preference back to 60"
# The preference must have changed something, or round 3 proves nothing.
if cmp -s "$WORK/want-a.txt" "$WORK/want-a1.txt"; then
    echo "FAIL TIME_WAIT 0 s changes nothing in A: pick a capture with TIME_WAIT reuse"
    fail=1
fi
exit $fail
