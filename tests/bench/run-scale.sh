#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Scale: does the plugin's memory grow linearly with connections, and its time
# per packet stay flat, up to a million connections? Replicates the real
# benchmark capture (make-capture.sh) COPIES times with a new client address
# per copy (replicate.c), then runs a teardown display filter on the first
# quarter, half and all of it (with the plugin; the built-in equivalent
# without it), and writes SCALE.md. Plain `tshark -r` would not do: it uses
# nothing of the plugin, which then analyses nothing and keeps nothing.
#
# Usage: sudo tests/bench/run-scale.sh [CAPTURE]
#   CAPTURE          the real capture to replicate (default: the one
#                    run-bench.sh keeps in its work folder, made if missing)
#   TD_SCALE_COPIES  copies (default 30: about 1M connections, 11.8M packets)
#   TD_BENCH_WORK    work folder (default /tmp/td-bench-run), shared with run-bench.sh
#   TD_SCALE_RESULTS where the Markdown goes (default tests/bench/SCALE.md)
# It measures; it does not pass or fail on the numbers.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
WRAP=$REPO/tests/pcap/tshark-with-plugin.sh
WORK=${TD_BENCH_WORK:-/tmp/td-bench-run}
COPIES=${TD_SCALE_COPIES:-30}
RESULTS=${TD_SCALE_RESULTS:-$HERE/SCALE.md}

die() { echo "run-scale.sh: $*" >&2; exit 1; }
log() { printf '[%s] %s\n' "$(date +%T)" "$*" >&2; }
[[ $EUID -eq 0 ]] || die "must run as root (the wrapper bind-mounts the plugin folder)"
[[ -x /usr/bin/time ]] || apt-get install -y -q time >/dev/null

mkdir -p "$WORK/scale" "$WORK/home"
S=$WORK/scale
CAP=${1:-$WORK/capture.pcap}
if [[ ! -s $CAP ]]; then
	log "making the real capture (make-capture.sh)"
	"$HERE/make-capture.sh" "$CAP.tmp" >&2
	mv "$CAP.tmp" "$CAP"
fi

log "building the plugin (Release) and replicate"
cmake -S "$REPO" -B "$WORK/build" -DCMAKE_BUILD_TYPE=Release >"$S/cmake.log" 2>&1
cmake --build "$WORK/build" --target teardown -j"$(nproc)" >>"$S/cmake.log" 2>&1
cc -O2 -Wall -Wextra -Werror -o "$S/replicate" "$HERE/replicate.c"
MAJMIN=$(pkg-config --modversion wireshark | grep -Eo '^[0-9]+\.[0-9]+')
SYSDIR=$(pkg-config --variable=plugindir wireshark)/epan
WITH_ROOT=$WORK/build/plugins
WITHOUT_ROOT=$WORK/empty-plugins
mkdir -p "$WITHOUT_ROOT/$MAJMIN/epan"

log "replicating $CAP $COPIES times"
BIG=$S/big.pcap
"$S/replicate" "$CAP" "$BIG" "$COPIES" 192.0.2.1 2001:db8::1
PACKETS=$(capinfos -c -M "$BIG" | awk -F': *' '/Number of packets/{print $2}')
editcap -r "$BIG" "$S/q1.pcap" "1-$((PACKETS / 4))"
editcap -r "$BIG" "$S/q2.pcap" "1-$((PACKETS / 2))"
editcap -r "$BIG" "$S/one.pcap" 1

ts() {
	local root=$1
	shift
	TD_PLUGIN_ROOT=$root TD_WS_MAJMIN=$MAJMIN TD_SYSTEM_PLUGIN_DIR=$SYSDIR TD_TEST_HOME=$WORK/home \
		TD_TSHARK_EXEC_PREFIX="/usr/bin/time -f %e\t%U\t%S\t%M -o $S/time.txt" "$WRAP" "$@"
}
# run SIDE FILE: one line "wall user sys maxrss_kb". Workload (a) of
# RESULTS.md: every connection analysed and kept, few lines printed.
run() {
	local root=$WITH_ROOT filter='teardown.outcome == "reset"'
	[[ $1 == without ]] && root=$WITHOUT_ROOT filter='tcp.flags.reset == 1'
	ts "$root" -r "$2" -Y "$filter" >/dev/null 2>"$S/err.txt" || die "tshark failed: $(tail -3 "$S/err.txt")"
	tail -1 "$S/time.txt"
}

ts "$WITH_ROOT" -G plugins 2>/dev/null | grep -q '^teardown\.so' || die "the built plugin does not load"
# Connections: first SYNs of the real capture (one per connection in this
# traffic), counted once; a prefix of the copies holds whole copies plus the
# SYNs up to the cut.
tshark -r "$CAP" -Y 'tcp.flags.syn == 1 && tcp.flags.ack == 0 && !tcp.analysis.retransmission' \
	-T fields -e frame.number 2>/dev/null >"$S/syns.txt"
{
	echo "date=$(date -u '+%Y-%m-%d %H:%M UTC')"
	echo "base_packets=$(capinfos -c -M "$CAP" | awk -F': *' '/Number of packets/{print $2}')"
	echo "copies=$COPIES"
	echo "one_with=$(run with "$S/one.pcap")"
	echo "one_without=$(run without "$S/one.pcap")"
	for size in q1 q2 big; do
		f=$S/$size.pcap
		echo "${size}_packets=$(capinfos -c -M "$f" | awk -F': *' '/Number of packets/{print $2}')"
		log "$size: with"
		echo "${size}_with=$(run with "$f")"
		log "$size: without"
		echo "${size}_without=$(run without "$f")"
	done
} >"$S/facts.env"

python3 - "$S/facts.env" "$RESULTS" <<'EOF'
import sys
facts = {}
for line in open(sys.argv[1]):
    k, v = line.rstrip("\n").split("=", 1)
    facts[k] = v
syns = [int(x) for x in open(sys.argv[1].rsplit("/", 1)[0] + "/syns.txt").read().split()]
base = int(facts["base_packets"])
def conns_in(prefix):
    whole, rest = divmod(prefix, base)
    return whole * len(syns) + sum(1 for f in syns if f <= rest)
def t(key):
    w, u, s, m = facts[key].split("\t")
    return float(w), float(u) + float(s), int(m) / 1024
ow, oc, om = t("one_with")
nw, nc, nm = t("one_without")
rows = []
for size, label in (("q1", "1/4"), ("q2", "1/2"), ("big", "all")):
    pk = int(facts[size + "_packets"])
    cn = conns_in(pk)
    ww, wc, wm = t(size + "_with")
    xw, xc, xm = t(size + "_without")
    d = (wm - om) - (xm - nm)  # the plugin's share of the peak RSS, start-up removed
    rows.append((label, pk, cn, ww, xw, (wc - oc) / pk * 1e6, (xc - nc) / pk * 1e6, wm, xm, d))
out = open(sys.argv[2], "w")
p = lambda s="": print(s, file=out)
p("<!-- SPDX-License-Identifier: GPL-2.0-or-later -->")
p("# Scale: up to a million connections")
p()
p("Generated by `tests/bench/run-scale.sh` on %s; rerun it rather than edit. The capture is the real "
  "benchmark capture (`make-capture.sh`) replicated %s times by `replicate.c`, each copy with its own client "
  "address and later timestamps, so each copy's connections are new ones. Workload (a) of RESULTS.md: "
  "`tshark -r CAP -Y 'teardown.outcome == \"reset\"'` with the plugin, `-Y 'tcp.flags.reset == 1'` without it "
  "(an empty plugin folder), one run per side and size: the plugin analyses and keeps every connection. (Plain "
  "`tshark -r` names nothing of the plugin, which then analyses nothing: its peak RSS is tshark's own.)"
  % (facts["date"], facts["copies"]))
p()
p("| size | packets | connections | wall with (s) | wall without (s) | CPU µs/packet with | CPU µs/packet without "
  "| CPU ratio | RSS with (MiB) | RSS without (MiB) | RSS ratio | plugin's ΔRSS (MiB) | ΔRSS per connection |")
p("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
for (label, pk, cn, ww, xw, wc, xc, wm, xm, d) in rows:
    p(f"| {label} | {pk:,} | {cn:,} | {ww:.1f} | {xw:.1f} | {wc:.2f} | {xc:.2f} | {wc / xc:.3f} | {wm:.0f} | "
      f"{xm:.0f} | {wm / xm:.3f} | {d:.1f} | {d * 1048576 / cn:.0f} B |")
p()
p("CPU µs/packet subtracts each side's start-up (the same command on one packet). The plugin's ΔRSS is its "
  "share of the peak RSS with start-up removed on both sides; a constant ΔRSS per connection across the "
  "sizes means memory linear in connections, a constant CPU µs/packet means no slowdown as the capture grows.")
out.close()
EOF
log "wrote $RESULTS"
cat "$RESULTS"
