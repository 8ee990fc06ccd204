#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# What following TLS close_notify costs (issue 14): callgrind instruction counts of tshark with the plugin before and after, on a capture without TLS and on a TLS-heavy one it makes itself.
#
# Usage: sudo tests/bench/tls-cost.sh [BEFORE_COMMIT]   (default: the merge-base with main)
#        sudo tests/bench/tls-cost.sh --report           (only the table, from the last runs)
# Env:   TD_TLS_BENCH_WORK  work folder (default /tmp/td-tls-bench)
#        TD_TLS_BENCH_CONNS connections of each capture (default 2000 without TLS, 400 with)
# Writes tests/bench/TLS.md. Instruction counts do not depend on the load of
# the machine, so all the runs go at once (about 20 of them, 300 MB each).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(git -C "$HERE" rev-parse --show-toplevel)
WORK=${TD_TLS_BENCH_WORK:-/tmp/td-tls-bench}
REPORT_ONLY=0
if [[ ${1:-} == --report ]]; then
	REPORT_ONLY=1
	shift
fi
BEFORE=${1:-$(git -C "$REPO" merge-base HEAD main)}
PLAIN_CONNS=${TD_TLS_BENCH_CONNS:-2000}
TLS_CONNS=${TD_TLS_BENCH_TLS_CONNS:-400}
MAJMIN=$(pkg-config --modversion wireshark | cut -d. -f1,2)
SYSDIR=$(pkg-config --variable=plugindir wireshark)/epan
[[ $EUID -eq 0 ]] || { echo "tls-cost.sh: needs root (namespaces, plugin folder)" >&2; exit 1; }
command -v valgrind >/dev/null || apt-get install -y valgrind >/dev/null

mkdir -p "$WORK/cg" "$WORK/empty/$MAJMIN/epan"

if ((!REPORT_ONLY)); then
# ---- the two plugins, Release builds ---------------------------------------------
build() { # build NAME SRC
	cmake -S "$2" -B "$WORK/build-$1" -DCMAKE_BUILD_TYPE=Release -DTD_BUILD_TESTS=OFF >/dev/null
	make -C "$WORK/build-$1" -j2 teardown >/dev/null
}
rm -rf "$WORK/src-before"
mkdir -p "$WORK/src-before"
git -C "$REPO" archive "$BEFORE" | tar -x -C "$WORK/src-before"
build before "$WORK/src-before"
build after "$REPO"

# ---- the captures -----------------------------------------------------------------
[[ -e $WORK/plain.pcap ]] || "$HERE/make-capture.sh" "$WORK/plain.pcap" "$PLAIN_CONNS" >/dev/null
# A small capture: its first 5,000 packets; and one packet, for start-up.
editcap -r "$WORK/plain.pcap" "$WORK/plain5k.pcap" 1-5000
editcap -r "$WORK/plain.pcap" "$WORK/one.pcap" 1
if [[ ! -e $WORK/tls.pcap ]]; then
	unshare --net bash -c '
		ip link set lo mtu 1500 up
		dumpcap -q -i lo -f "tcp port 443" -P -w "$1" 2>/dev/null & cap=$!
		sleep 1
		/usr/bin/python3 "$2" "$3" "$4"
		sleep 0.5
		kill -INT $cap; wait $cap' _ "$WORK/tls.pcap" "$HERE/tls-traffic.py" "$TLS_CONNS" "$WORK/tls.keys"
fi
fi

# ---- instruction counts ------------------------------------------------------------
root_of() { case $1 in none) echo "$WORK/empty" ;; *) echo "$WORK/build-$1/plugins" ;; esac; }
cg() { # cg LABEL PLUGIN ARGS...
	local label=$1 plugin=$2
	shift 2
	TD_PLUGIN_ROOT=$(root_of "$plugin") TD_WS_MAJMIN=$MAJMIN TD_SYSTEM_PLUGIN_DIR=$SYSDIR TD_TEST_HOME=$WORK/home \
		TD_TSHARK_EXEC_PREFIX="valgrind --tool=callgrind --callgrind-out-file=$WORK/cg/$label.$plugin.out" \
		"$REPO/tests/pcap/tshark-with-plugin.sh" "$@" >/dev/null 2>"$WORK/cg/$label.$plugin.log"
}
without_tap() { sed 's/ -z teardown,conns//' <<<"$1"; }
count() { awk '/^summary:/{print $2}' "$WORK/cg/$1.$2.out" 2>/dev/null; }

# Without the plugin there is no teardown tap: the "no plugin" figure of a
# -z teardown,conns workload is the same tshark with only -q.
declare -A ARGS=(
	[plain-list]="-r $WORK/plain5k.pcap"
	[one-list]="-r $WORK/one.pcap"
	[tls-conns]="-r $WORK/tls.pcap -q -z teardown,conns"
	[tls-keys-conns]="-r $WORK/tls.pcap -o tls.keylog_file:$WORK/tls.keys -q -z teardown,conns"
)
LABELS=(plain-list one-list tls-conns tls-keys-conns)
if ((!REPORT_ONLY)); then
pids=()
for label in "${LABELS[@]}"; do
	for plugin in none before after; do
		# Without the plugin only the capture without TLS is read.
		[[ $plugin == none && $label != plain-list ]] && continue
		args=${ARGS[$label]}
		[[ $plugin == none ]] && args=$(without_tap "$args")
		# Each run in a session of its own: the scheduler then gives it
		# the share of a job, not a slice of one.
		# shellcheck disable=SC2086 # the arguments are words
		setsid bash -c "$(declare -f cg root_of); WORK=$WORK MAJMIN=$MAJMIN SYSDIR=$SYSDIR REPO=$REPO cg $label $plugin $args" &
		pids+=($!)
	done
done
for p in "${pids[@]}"; do wait "$p" || { echo "tls-cost.sh: a callgrind run failed (see $WORK/cg)" >&2; exit 1; }; done
git -C "$REPO" rev-parse --short HEAD >"$WORK/after-commit"
fi

packets() { capinfos -c -M "$1" | awk -F': *' '/Number of packets/{print $2}'; }
{
	echo "<!-- SPDX-License-Identifier: GPL-2.0-or-later -->"
	echo "<!-- Written by tests/bench/tls-cost.sh: what following TLS close_notify costs. -->"
	echo "# TLS close: cost in instructions (callgrind)"
	echo
	echo "Wireshark $MAJMIN, Release builds; before = $(git -C "$REPO" rev-parse --short "$BEFORE"), after = $(cat "$WORK/after-commit" 2>/dev/null || echo '?')."
	echo "\"no plugin\" runs the same tshark without the plugin (on the capture without TLS only)."
	echo "plain5k.pcap: the first 5,000 packets of make-capture.sh's $PLAIN_CONNS connections without TLS; one.pcap: its first packet (start-up)."
	echo "tls.pcap: tls-traffic.py, $TLS_CONNS TLS connections (3/4 TLS 1.3, 1/4 TLS 1.2), $(packets "$WORK/tls.pcap") packets."
	echo
	echo "| workload | no plugin | before | after | after / before | after / no plugin |"
	echo "|---|---|---|---|---|---|"
	for label in "${LABELS[@]}"; do
		n=$(count "$label" none) b=$(count "$label" before) a=$(count "$label" after)
		[[ -n $b && -n $a ]] || continue # a run that did not finish
		n=${n:-0}
		awk -v l="$label" -v n="$n" -v b="$b" -v a="$a" -v args="${ARGS[$label]//$WORK\//}" 'BEGIN {
			printf "| `tshark %s` | %s | %.7g G | %.7g G | %.5f | %s |\n", args, n ? sprintf("%.7g G", n/1e9) : "-",
				b/1e9, a/1e9, a/b, n ? sprintf("%.5f", a/n) : "-" }'
	done
	b5=$(count plain-list before) a5=$(count plain-list after) b1=$(count one-list before) a1=$(count one-list after)
	awk -v b5="$b5" -v a5="$a5" -v b1="$b1" -v a1="$a1" 'BEGIN {
		printf "\nWithout TLS, per packet (start-up removed: the 5,000-packet run minus the one-packet run): %+.0f instructions per packet, %.5f of tshark with the plugin before; start-up %+.0f instructions.\n",
			((a5 - a1) - (b5 - b1)) / 4999, (a5 - a1) / (b5 - b1), a1 - b1 }'
	echo
	echo "What the TLS rows include: the record tracking and verdicts of 400 TLS connections and the longer"
	echo "narrative and two more columns of -z teardown,conns; with the key log, the three TLS fields the"
	echo "plugin then asks for, which make tshark build a protocol tree for every packet (Wireshark's own"
	echo "decryption costs the same before and after)."
} >"$HERE/TLS.md"
cat "$HERE/TLS.md"
