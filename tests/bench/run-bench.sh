#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Measures what the plugin costs on top of the real tshark, as ratios: builds it
# (Release), runs every way people run tshark (thirteen workloads, below) with
# and without it on the whole capture for peak RSS and wall time, counts their
# instructions with callgrind on a slice, shows scale, writes RESULTS.md.
#
# Usage: sudo tests/bench/run-bench.sh [CAPTURE]
#   CAPTURE          default: made by make-capture.sh into the work folder
#                    (kept there and reused by the next run)
#   TD_BENCH_WORK    work folder (default /tmp/td-bench-run): build, slices, logs
#   TD_BENCH_REPS    whole-capture runs per side and workload (default 1: they
#                    give the peak RSS; instruction counts give the ratios)
#   TD_BENCH_SCALE_REPS  runs per side at each scale size (default 3)
#   TD_BENCH_SLICE   packets in the callgrind slice (default 40000)
#   TD_BENCH_RSS_WORKLOADS  the workloads run on the whole capture (default all)
#   TD_BENCH_OVERLAP=1  count instructions during the whole-capture runs
#   TD_BENCH_SLICE_HEAVY  packets in the slice for the printing workloads
#                    (-V, -T json/ek: 5 to 10 times tshark's work per packet;
#                    default: TD_BENCH_SLICE)
#   TD_BENCH_RESULTS where the Markdown goes (default tests/bench/RESULTS.md)
# It measures; it does not pass or fail on the numbers (exit 0 unless a run
# itself fails).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
WRAP=$REPO/tests/pcap/tshark-with-plugin.sh
WORK=${TD_BENCH_WORK:-/tmp/td-bench-run}
REPS=${TD_BENCH_REPS:-1}
SCALE_REPS=${TD_BENCH_SCALE_REPS:-3}
SLICE=${TD_BENCH_SLICE:-40000}
SLICE_HEAVY=${TD_BENCH_SLICE_HEAVY:-$SLICE}
RESULTS=${TD_BENCH_RESULTS:-$HERE/RESULTS.md}
PY=/usr/bin/python3

die() { echo "run-bench.sh: $*" >&2; exit 1; }
log() { printf '[%s] %s\n' "$(date +%T)" "$*" >&2; }

[[ $EUID -eq 0 ]] || die "must run as root (the wrapper bind-mounts the plugin folder; make-capture.sh needs namespaces)"
# GNU time gives the peak RSS; valgrind the instruction counts.
missing=()
[[ -x /usr/bin/time ]] || missing+=(time)
command -v valgrind >/dev/null || missing+=(valgrind)
if ((${#missing[@]})); then
	log "installing ${missing[*]}"
	apt-get install -y -q "${missing[@]}" >/dev/null
fi
for tool in cmake tshark editcap capinfos callgrind_annotate pkg-config cc; do
	command -v "$tool" >/dev/null || die "missing tool: $tool"
done

mkdir -p "$WORK"
WORK=$(cd "$WORK" && pwd)
STARTED=$(date +%s)
rm -rf "$WORK/out"
mkdir -p "$WORK/out" "$WORK/cg" "$WORK/home"
OUT=$WORK/out
log "work folder $WORK"

# ---- build ---------------------------------------------------------------
log "building the plugin (Release)"
cmake -S "$REPO" -B "$WORK/build" -DCMAKE_BUILD_TYPE=Release >"$OUT/cmake.log" 2>&1 || die "cmake failed: see $OUT/cmake.log"
cmake --build "$WORK/build" --target teardown -j"$(nproc)" >>"$OUT/cmake.log" 2>&1 || die "build failed: see $OUT/cmake.log"
MAJMIN=$(pkg-config --modversion wireshark | grep -Eo '^[0-9]+\.[0-9]+')
SYSDIR=$(pkg-config --variable=plugindir wireshark)/epan
WITH_ROOT=$WORK/build/plugins
# Without: the same wrapper over an empty folder, so both sides pay the same
# unshare, bind mount and empty extcap folder and differ by the plugin file.
WITHOUT_ROOT=$WORK/empty-plugins
rm -rf "$WITHOUT_ROOT"
mkdir -p "$WITHOUT_ROOT/$MAJMIN/epan"
[[ -f $WITH_ROOT/$MAJMIN/epan/teardown.so ]] || die "no teardown.so in $WITH_ROOT/$MAJMIN/epan"

# shellcheck disable=SC2046 # pkg-config's flags are meant to split into words
cc -O2 -Wall -Wextra -Werror -I"$REPO/plugin/engine" -I"$REPO/plugin" $(pkg-config --cflags wireshark) \
	-o "$WORK/sizes" "$HERE/sizes.c"
"$WORK/sizes" >"$OUT/sizes.txt"

# ts ROOT ARGS...: the real tshark through the repo's wrapper.
ts() {
	local root=$1
	shift
	TD_PLUGIN_ROOT=$root TD_WS_MAJMIN=$MAJMIN TD_SYSTEM_PLUGIN_DIR=$SYSDIR TD_TEST_HOME=$WORK/home \
		"$WRAP" "$@"
}
root_of() { if [[ $1 == with ]]; then echo "$WITH_ROOT"; else echo "$WITHOUT_ROOT"; fi; }

ts "$WITH_ROOT" -G plugins 2>/dev/null | grep -q '^teardown\.so' || die "the built plugin does not load"
if ts "$WITHOUT_ROOT" -G plugins 2>/dev/null | grep -q '^teardown\.so'; then
	die "the 'without' side still loads a teardown plugin"
fi

# ---- capture and slices ----------------------------------------------------
CAP=${1:-}
if [[ -z $CAP ]]; then
	CAP=$WORK/capture.pcap
	if [[ ! -s $CAP ]]; then
		log "making the capture (make-capture.sh)"
		"$HERE/make-capture.sh" "$CAP.tmp" 2>&1 | tee "$WORK/capture.log" >&2
		mv "$CAP.tmp" "$CAP"
	fi
fi
[[ -s $CAP ]] || die "no capture: $CAP"
CAP=$(cd "$(dirname "$CAP")" && pwd)/$(basename "$CAP")
[[ -f $WORK/capture.log && $CAP == "$WORK/capture.pcap" ]] && cp "$WORK/capture.log" "$OUT/capture.log"
PACKETS=$(capinfos -c -M "$CAP" | awk -F': *' '/Number of packets/{print $2}')
((PACKETS > 4)) || die "capture too small: $PACKETS packets"
# Scale sizes: the first quarter, half, and all of the capture.
Q1=$WORK/q1.pcap Q2=$WORK/q2.pcap CGSLICE=$WORK/slice.pcap HEAVY=$WORK/heavy.pcap ONE=$WORK/one.pcap
EMPTY=$WORK/empty.pcap
editcap -r "$CAP" "$Q1" "1-$((PACKETS / 4))"
editcap -r "$CAP" "$Q2" "1-$((PACKETS / 2))"
editcap -r "$CAP" "$CGSLICE" "1-$SLICE"
editcap -r "$CAP" "$HEAVY" "1-$SLICE_HEAVY"
# No packet at all: tshark's start-up alone (the capture's header only).
editcap -r "$CAP" "$EMPTY" 0
# One packet: what tshark spends starting up, subtracted for per-packet figures.
editcap -r "$CAP" "$ONE" 1

# ---- facts about the machine and the capture ------------------------------
{
	echo "date=$(date -u '+%Y-%m-%d %H:%M UTC')"
	echo "cpu=$(awk -F': ' '/model name/{print $2; exit}' /proc/cpuinfo)"
	echo "cores=$(nproc)"
	echo "mem=$(free -g | awk '/Mem:/{print $2}') GiB"
	echo "kernel=$(uname -r)"
	echo "tshark=$(tshark --version 2>/dev/null | head -1)"
	echo "capture=$CAP"
	echo "capture_bytes=$(stat -c %s "$CAP")"
	echo "packets=$PACKETS"
	echo "snaplen=$(capinfos -l -M "$CAP" | grep -Eo '[0-9]+ bytes' | head -1)"
	echo "duration=$(capinfos -u -M "$CAP" | awk -F': *' '/Capture duration/{print $2}')"
	echo "reps=$REPS"
	echo "scale_reps=$SCALE_REPS"
	echo "slice=$SLICE"
	echo "slice_heavy=$SLICE_HEAVY"
	echo "uptime_start=$(uptime)"
} >"$OUT/facts.env"

# ---- workloads --------------------------------------------------------------
# Every way people run tshark (summarize.py has the same list, with what
# each names of the plugin and the target that follows from it):
#   s start-up alone (a capture with no packet)   c plain -r      q -q
#   d -q -z io,stat,0    y a built-in -Y    f -T fields naming no plugin field
#   j -T json -J tcp     k -T ek -J tcp     e the plugin disabled (control)
#   a a teardown -Y vs its built-in equivalent
#   g -T fields with a teardown field vs with the built-in equivalent
#   b -2 -z teardown,conns vs -2 -z conv,tcp      v -V
WORKLOADS=(s c q d y f j k e a g b v)
# Printed workloads: callgrind runs them on the smaller slice.
HEAVY_WORKLOADS=" j k v "
# set_args WORKLOAD SIDE CAP: the command line of one side of one workload.
# (The commas inside -z arguments are tshark's, not array separators.)
# shellcheck disable=SC2054
set_args() {
	local w=$1 side=$2 cap=$3
	case $w in
	s) ARGS=(-r "$EMPTY") ;;
	c) ARGS=(-r "$cap") ;;
	q) ARGS=(-r "$cap" -q) ;;
	d) ARGS=(-r "$cap" -q -z io,stat,0) ;;
	y) ARGS=(-r "$cap" -Y 'tcp.flags.reset == 1') ;;
	f) ARGS=(-r "$cap" -T fields -e frame.number -e tcp.stream) ;;
	j) ARGS=(-r "$cap" -T json -J tcp) ;;
	k) ARGS=(-r "$cap" -T ek -J tcp) ;;
	# tshark accepts an unknown protocol here, so both sides run the same line.
	e) ARGS=(--disable-protocol teardown -r "$cap") ;;
	a) if [[ $side == with ]]; then ARGS=(-r "$cap" -Y 'teardown.outcome == "reset"')
	   else ARGS=(-r "$cap" -Y 'tcp.flags.reset == 1'); fi ;;
	g) if [[ $side == with ]]; then ARGS=(-r "$cap" -T fields -e frame.number -e teardown.outcome)
	   else ARGS=(-r "$cap" -T fields -e frame.number -e tcp.flags.reset); fi ;;
	b) if [[ $side == with ]]; then ARGS=(-2 -r "$cap" -q -z teardown,conns)
	   else ARGS=(-2 -r "$cap" -q -z conv,tcp); fi ;;
	v) ARGS=(-r "$cap" -V) ;;
	*) die "unknown workload $w" ;;
	esac
}

# measure PHASE WORKLOAD SIDE REP CAP: one timed run, one line in raw.tsv.
measure() {
	local phase=$1 w=$2 side=$3 rep=$4 cap=$5 load t0 t1 rss user sys
	set_args "$w" "$side" "$cap"
	read -r load _ </proc/loadavg
	t0=$(date +%s%N)
	# The lines printed go to outputs.tsv: a check that both sides did the work
	# (pipefail: a failing tshark fails the pipeline).
	if ! /usr/bin/time -f '%M %U %S' -o "$OUT/time.out" \
		env TD_PLUGIN_ROOT="$(root_of "$side")" TD_WS_MAJMIN="$MAJMIN" TD_SYSTEM_PLUGIN_DIR="$SYSDIR" \
		TD_TEST_HOME="$WORK/home" "$WRAP" "${ARGS[@]}" 2>"$OUT/run.err" | wc -l >"$OUT/lines.out"; then
		cat "$OUT/run.err" >&2
		die "run failed: $phase $w $side: tshark ${ARGS[*]}"
	fi
	t1=$(date +%s%N)
	[[ $phase == main && $rep == 1 ]] && printf '%s\t%s\t%s\n' "$w" "$side" "$(cat "$OUT/lines.out")" >>"$OUT/outputs.tsv"
	read -r rss user sys <"$OUT/time.out"
	printf '%s\t%s\t%s\t%s\t%.4f\t%s\t%s\t%s\t%s\n' "$phase" "$w" "$side" "$rep" \
		"$(awk -v a="$t0" -v b="$t1" 'BEGIN { print (b - a) / 1e9 }')" "$rss" "$user" "$sys" "$load" >>"$OUT/raw.tsv"
}
printf 'phase\tworkload\tside\trep\twall_s\trss_kb\tuser_s\tsys_s\tload1\n' >"$OUT/raw.tsv"

: >"$OUT/outputs.tsv"
# The plugin's own view of the capture: shows it follows every connection
# even with the short snaplen (it reads segment lengths from the IP header).
ts "$WITH_ROOT" -r "$CAP" -q -z teardown,stat 2>/dev/null >"$OUT/teardown-stat.txt"

# ---- instruction counts ---------------------------------------------------------
# callgrind counts instructions, so the two sides may run at once (one per
# core) without disturbing each other's figures.
callgrind() { # callgrind NAME SIDE ARGS...
	local name=$1 side=$2
	shift 2
	TD_TSHARK_EXEC_PREFIX="valgrind --tool=callgrind --callgrind-out-file=$WORK/cg/$name.$side.out" \
		ts "$(root_of "$side")" "$@" >/dev/null 2>"$WORK/cg/$name.$side.log"
}
# Every workload but the control (e), on the slice (the printing ones on the
# smaller slice); s runs on the empty capture and gives each side's start-up,
# which per-packet figures subtract.
CG_WORKLOADS=(s c q d y f j k a g b v)
count_instructions() {
	log "callgrind on the first $SLICE packets ($SLICE_HEAVY for${HEAVY_WORKLOADS% }): ${CG_WORKLOADS[*]}"
	for w in "${CG_WORKLOADS[@]}"; do
		f=slice
		[[ $HEAVY_WORKLOADS == *" $w "* ]] && f=heavy
		pids=()
		for side in with without; do
			set_args "$w" "$side" "$WORK/$f.pcap"
			callgrind "$w-slice" "$side" "${ARGS[@]}" &
			pids+=($!)
		done
		for p in "${pids[@]}"; do wait "$p" || die "callgrind run failed: $w (see $WORK/cg)"; done
	done
}

# TD_BENCH_OVERLAP=1 counts instructions while the whole-capture rounds run
# (both are indifferent to load: callgrind counts instructions, and peak RSS
# does not depend on time); otherwise after them.
cg_pid=
if [[ ${TD_BENCH_OVERLAP:-0} == 1 ]]; then
	count_instructions &
	cg_pid=$!
fi

# Whole-capture rounds (peak RSS; wall time too, for what it is worth on a
# shared machine): with and without alternate, and which goes first swaps
# every round, so slow drift from other jobs falls on both sides alike.
for rep in $(seq "$REPS"); do
	log "timed round $rep/$REPS"
	for w in ${TD_BENCH_RSS_WORKLOADS:-${WORKLOADS[*]}}; do
		if ((rep % 2)); then order=(with without); else order=(without with); fi
		for side in "${order[@]}"; do measure main "$w" "$side" "$rep" "$CAP"; done
	done
done

# ---- scale --------------------------------------------------------------------
log "scale: 1/4 and 1/2 of the capture, and start-up on one packet"
for size in q1 q2; do
	f=$WORK/$size.pcap
	echo "${size}_packets=$(capinfos -c -M "$f" | awk -F': *' '/Number of packets/{print $2}')" >>"$OUT/facts.env"
	echo "${size}_conns=$(ts "$WITH_ROOT" -r "$f" -q -z teardown,stat 2>/dev/null | awk '/^Connections:/{print $2}')" >>"$OUT/facts.env"
done
echo "full_conns=$(awk '/^Connections:/{print $2}' "$OUT/teardown-stat.txt")" >>"$OUT/facts.env"
for rep in $(seq "$SCALE_REPS"); do
	if ((rep % 2)); then order=(with without); else order=(without with); fi
	for size in one q1 q2; do
		for side in "${order[@]}"; do measure "scale-$size" c "$side" "$rep" "$WORK/$size.pcap"; done
	done
done

if [[ -n $cg_pid ]]; then
	wait "$cg_pid" || die "callgrind phase failed"
else
	count_instructions
fi
# Where the plugin's instructions go: inclusive (with what it calls in
# libwireshark) and self. --threshold=100 lists every function, not only
# those that make up the first 99 % of the run.
for w in c f a g v; do
	callgrind_annotate --inclusive=yes --tree=calling --threshold=100 "$WORK/cg/$w-slice.with.out" \
		>"$OUT/cg-$w-tree.txt" 2>/dev/null
	callgrind_annotate --threshold=100 "$WORK/cg/$w-slice.with.out" >"$OUT/cg-$w-self.txt" 2>/dev/null
done
echo "slice_conns=$(ts "$WITH_ROOT" -r "$CGSLICE" -q -z teardown,stat 2>/dev/null | awk '/^Connections:/{print $2}')" >>"$OUT/facts.env"

echo "uptime_end=$(uptime)" >>"$OUT/facts.env"
echo "elapsed_s=$(($(date +%s) - STARTED))" >>"$OUT/facts.env"
log "writing $RESULTS"
"$PY" "$HERE/summarize.py" "$OUT" "$WORK/cg" >"$RESULTS"
log "done in $(($(date +%s) - STARTED)) s; raw figures in $OUT"
