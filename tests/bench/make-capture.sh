#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Makes the benchmark's large real capture: two network namespaces joined by a
# veth pair, the real Linux TCP stack on both ends, traffic.c making tens of
# thousands of connections that end in every way the plugin reports, dumpcap
# capturing the server's end.
#
# Usage: sudo tests/bench/make-capture.sh OUT.pcap [CONNECTIONS]
#   CONNECTIONS  default 34000 (about 11.6 packets each: some 390,000 packets)
#   TD_BENCH_RATE     new connections per second (default 4000)
#   TD_BENCH_SNAPLEN  bytes kept per packet (default 128: headers only; the
#                     plugin takes segment lengths from the IP header)
#   TD_BENCH_SEED     the traffic program's seed (default 1)
#   TD_BENCH_MIX      "http10": only healthy HTTP/1.0 closes (server first),
#                     the load test of the expert grading (tests/pcap/check_load_experts.sh)
#   TD_BENCH_PORTS    client ephemeral port range (default "32768 60999"); a
#                     narrow one makes the client reuse 4-tuples the server
#                     still holds in TIME_WAIT, as a busy client does
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
OUT=${1:?usage: make-capture.sh OUT.pcap [CONNECTIONS]}
CONNS=${2:-34000}
RATE=${TD_BENCH_RATE:-4000}
SNAPLEN=${TD_BENCH_SNAPLEN:-128}
SEED=${TD_BENCH_SEED:-1}
PORTS=${TD_BENCH_PORTS:-32768 60999}
export TD_BENCH_MIX=${TD_BENCH_MIX:-}
# The whole traffic run is bounded; at the default rate it takes about 10 s.
LIMIT=240

# Documentation addresses only: nothing here can reach another machine.
C4=192.0.2.1 S4=192.0.2.2 C6=2001:db8::1 S6=2001:db8::2
MAC_C=02:00:00:00:0b:01 MAC_S=02:00:00:00:0b:02
PREFIX=tdbench-$$
NS_C=$PREFIX-c NS_S=$PREFIX-s

die() { echo "make-capture.sh: $*" >&2; exit 1; }
log() { printf 'make-capture.sh: %s\n' "$*" >&2; }

[[ $EUID -eq 0 ]] || die "must run as root (network namespaces, capture)"
for tool in ip dumpcap capinfos cc timeout; do
	command -v "$tool" >/dev/null || die "missing tool: $tool"
done

WORK=$(mktemp -d /tmp/tdbench-cap.XXXXXX)
PIDS=()
cleanup() {
	local rc=$? pid
	trap - EXIT INT TERM
	# Only what this script started, by pid.
	for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
	for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
	ip netns del "$NS_C" 2>/dev/null || true
	ip netns del "$NS_S" 2>/dev/null || true
	rm -rf "$WORK"
	exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

cc -O2 -Wall -Wextra -Werror -o "$WORK/traffic" "$HERE/traffic.c"

for ns in "$NS_C" "$NS_S"; do
	ip netns add "$ns"
	# DAD would keep the v6 addresses unusable for a second; the wide
	# ephemeral range and tw_reuse let 40,000 client-first closes (each
	# leaving a 60 s TIME_WAIT) find ports. Timestamps are on by default
	# and are what lets a SYN reuse a TIME_WAIT 4-tuple.
	ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.accept_dad=0 net.ipv6.conf.default.accept_dad=0 \
		net.ipv4.ip_local_port_range="$PORTS" net.ipv4.tcp_tw_reuse=1 net.ipv4.tcp_timestamps=1 \
		net.core.somaxconn=4096 net.ipv4.tcp_max_syn_backlog=4096
done
ip link add c0 netns "$NS_C" address $MAC_C type veth peer name s0 netns "$NS_S" address $MAC_S
# Offloads off: every captured frame is what a real wire would carry
# (TSO/GSO would show frames above the MTU).
if command -v ethtool >/dev/null; then
	ip netns exec "$NS_C" ethtool -K c0 tso off gso off gro off tx off >/dev/null 2>&1 || true
	ip netns exec "$NS_S" ethtool -K s0 tso off gso off gro off tx off >/dev/null 2>&1 || true
else
	log "ethtool not found: offloads stay on, large writes may be captured as super-segments"
fi
# Permanent neighbours: no ARP or ND in the capture, no first-packet delay.
ip -n "$NS_C" -batch - <<-EOF
	link set lo up
	addr add $C4/24 dev c0
	addr add $C6/64 dev c0 nodad
	link set c0 up
	neigh add $S4 lladdr $MAC_S dev c0 nud permanent
	neigh add $S6 lladdr $MAC_S dev c0 nud permanent
EOF
ip -n "$NS_S" -batch - <<-EOF
	link set lo up
	addr add $S4/24 dev s0
	addr add $S6/64 dev s0 nodad
	link set s0 up
	neigh add $C4 lladdr $MAC_C dev s0 nud permanent
	neigh add $C6 lladdr $MAC_C dev s0 nud permanent
EOF

# pcap, not pcapng, as the brief's OUT.pcap says; a large buffer so that the
# capture keeps up with the burst (drops are checked below).
ip netns exec "$NS_S" dumpcap -q -i s0 -P -s "$SNAPLEN" -B 128 -w "$WORK/cap.pcap" 2>"$WORK/dumpcap.log" &
PIDS+=($!)
ip netns exec "$NS_S" "$WORK/traffic" server >"$WORK/server.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 100); do
	grep -q listening "$WORK/server.log" 2>/dev/null && grep -q "File:" "$WORK/dumpcap.log" 2>/dev/null && break
	sleep 0.1
done
grep -q listening "$WORK/server.log" || die "server did not start: $(cat "$WORK/server.log")"
sleep 0.5 # dumpcap says "File:" just before it opens the interface

log "$CONNS connections at up to $RATE/s (snaplen $SNAPLEN)"
rc=0
timeout $((LIMIT + 10)) ip netns exec "$NS_C" "$WORK/traffic" client $S4 $S6 "$CONNS" "$RATE" "$LIMIT" "$SEED" || rc=$?
# Let the last FINs and ACKs be captured before stopping dumpcap.
sleep 1
kill -TERM "${PIDS[0]}"
wait "${PIDS[0]}" || true
PIDS=("${PIDS[@]:1}")
((rc == 0)) || log "traffic client ended with status $rc (some connections unfinished)"
grep -i "dropped" "$WORK/dumpcap.log" >&2 || true
if grep -Eq "dropped[^0-9]*[1-9]" "$WORK/dumpcap.log"; then
	log "WARNING: dumpcap dropped packets; lower TD_BENCH_RATE"
fi
mv "$WORK/cap.pcap" "$OUT"
capinfos -c -s -u "$OUT" >&2
