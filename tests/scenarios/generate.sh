#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Regenerates the real-kernel TCP teardown captures, ss snapshots and .expect files under tests/scenarios.
#
# Usage: sudo tests/scenarios/generate.sh [-m | -c | -t] [-j N] [-o DIR] [-k] [-l] [NAME...]
#   -m      the loss matrix of matrix.py instead of the corpus (default
#           output tests/scenarios/matrix; adds NAME.timeline, the kernel
#           states polled during the run)
#   -c      the cause scenarios of causes.py (default output
#           tests/scenarios/causes; NAME.ss ends with what the
#           applications saw: errno of each call, timings)
#   -t      the TLS close scenarios of tls_scenarios.py (default output
#           tests/scenarios/tls; adds NAME.keys, the TLS key log)
#   -j N    run N scenarios at once (each has its own namespaces)
#   -o DIR  write outputs to DIR (default: tests/scenarios/captures)
#   -k      keep the scratch directory (driver logs, raw ss) for debugging
#   -l      list scenario names and exit
# Without NAMEs every scenario (of the corpus, or of the matrix with -m) is generated.

set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# Debian's interpreter on purpose: it is the one with the distro's modules,
# whatever version manager sits first on PATH.
PY=/usr/bin/python3
OUT=
KEEP_WORK=0
LIST_ONLY=0
MATRIX=0
CAUSES=0
TLS=0
JOBS=1
# Time for the last packet of a scenario to be delivered and captured
# before the kernel states are read.
SETTLE=0.3
PREFIX="tdgen-$$"

DERIVED=(midstream_v4 ends_mid_close_v4 one_sided_client_v4)
DERIVED_PARENT=graceful_client_first_v4

# Addresses are fixed here and in peer.py; the derived captures filter on them.
C4=192.0.2.1 R4C=192.0.2.254 R4S=198.51.100.254 S4=198.51.100.1
C6=2001:db8:1::1 R6C=2001:db8:1::fe R6S=2001:db8:2::fe S6=2001:db8:2::1
MAC_C=02:00:00:00:01:01 MAC_RC=02:00:00:00:01:fe
MAC_S=02:00:00:00:02:01 MAC_RS=02:00:00:00:02:fe

die() { echo "generate.sh: $*" >&2; exit 1; }
log() { printf '%s\n' "$*" >&2; }

while getopts "o:klhmctj:" opt; do
	case $opt in
	o) OUT=$OPTARG ;;
	k) KEEP_WORK=1 ;;
	l) LIST_ONLY=1 ;;
	m) MATRIX=1 ;;
	c) CAUSES=1 ;;
	t) TLS=1 ;;
	j) JOBS=$OPTARG ;;
	h) sed -n '5,20p' "$0" | cut -c3-; exit 0 ;;
	*) exit 2 ;;
	esac
done
shift $((OPTIND - 1))

[[ $JOBS =~ ^[1-9][0-9]*$ ]] || die "-j needs a positive number"
((MATRIX + CAUSES + TLS > 1)) && die "-m, -c and -t exclude each other"
if ((TLS)); then
	mapfile -t KERNEL < <("$PY" "$HERE/peer.py" --list-tls)
	DERIVED=()
	OUT=${OUT:-$HERE/tls}
elif ((CAUSES)); then
	mapfile -t KERNEL < <("$PY" "$HERE/peer.py" --list-causes)
	DERIVED=()
	OUT=${OUT:-$HERE/causes}
elif ((MATRIX)); then
	mapfile -t KERNEL < <("$PY" "$HERE/peer.py" --list-matrix)
	DERIVED=()
	OUT=${OUT:-$HERE/matrix}
else
	mapfile -t KERNEL < <("$PY" "$HERE/peer.py" --list)
	OUT=${OUT:-$HERE/captures}
fi
[[ ${#KERNEL[@]} -gt 0 ]] || die "peer.py gave no scenarios"
if ((LIST_ONLY)); then
	printf '%s\n' "${KERNEL[@]}" "${DERIVED[@]}"
	exit 0
fi

[[ $EUID -eq 0 ]] || die "must run as root (network namespaces, captures)"
for tool in ip nft tc ss dumpcap editcap tshark timeout; do
	command -v "$tool" >/dev/null || die "missing tool: $tool"
done

is_in() {
	local x=$1; shift
	local y
	for y in "$@"; do [[ $x == "$y" ]] && return 0; done
	return 1
}

if [[ $# -eq 0 ]]; then
	NAMES=("${KERNEL[@]}" "${DERIVED[@]}")
else
	NAMES=()
	for n in "$@"; do
		is_in "$n" "${KERNEL[@]}" "${DERIVED[@]}" || die "unknown scenario: $n (try -l)"
		NAMES+=("$n")
	done
fi

mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)

# Derived captures are cut from their parent's files in OUT; generate the
# parent first when it is neither requested nor already there.
need_parent=0
for n in "${NAMES[@]}"; do is_in "$n" "${DERIVED[@]}" && need_parent=1; done
if ((need_parent)) && ! is_in "$DERIVED_PARENT" "${NAMES[@]}" &&
	[[ ! -e $OUT/$DERIVED_PARENT.client.pcap ]]; then
	NAMES=("$DERIVED_PARENT" "${NAMES[@]}")
fi

WORK=$(mktemp -d /tmp/tdgen.XXXXXX)
PIDS=()
JOB_PIDS=()

cleanup() {
	local rc=$? pid ns
	trap - EXIT INT TERM
	for pid in "${PIDS[@]}"; do
		kill -TERM "$pid" 2>/dev/null || true
	done
	for pid in "${PIDS[@]}"; do
		wait "$pid" 2>/dev/null || true
	done
	for ns in $(ip netns list 2>/dev/null | awk '{print $1}'); do
		[[ $ns == "$PREFIX"-* ]] && ip netns del "$ns" 2>/dev/null
	done
	for pid in "${JOB_PIDS[@]}"; do
		kill -TERM "$pid" 2>/dev/null || true
	done
	for pid in "${JOB_PIDS[@]}"; do
		wait "$pid" 2>/dev/null || true
	done
	for ns in $(ip netns list 2>/dev/null | awk '{print $1}'); do
		[[ $ns == "$PREFIX"-* ]] && ip netns del "$ns" 2>/dev/null
	done
	if ((KEEP_WORK)); then
		log "scratch kept in $WORK"
	else
		rm -rf "$WORK"
	fi
	exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

forget_pid() {
	local keep=() p
	for p in "${PIDS[@]}"; do [[ $p == "$1" ]] || keep+=("$p"); done
	PIDS=("${keep[@]}")
}

HAVE_ETHTOOL=0
command -v ethtool >/dev/null && HAVE_ETHTOOL=1
((HAVE_ETHTOOL)) || log "ethtool not found: offloads stay on, large writes may be captured as super-segments"

# offloads_off NS DEV...: each captured frame is then what a real wire
# would carry (TSO/GSO would show >MTU frames, TX checksum offload would
# show bad checksums).
offloads_off() {
	((HAVE_ETHTOOL)) || return 0
	local ns=$1 dev
	shift
	for dev in "$@"; do
		ip netns exec "$ns" ethtool -K "$dev" tso off gso off gro off tx off >/dev/null 2>&1 || true
	done
}

# new_netns NAME: ip netns add, except that for the matrix the namespace
# gets its own small TCP hash table. A new namespace shares the host's
# (262144 buckets here), and every read of /proc/net/tcp walks all of them:
# ~2 ms per read, 5-20 ms with parallel runs, too slow for the state
# poller. tcp_child_ehash_entries is read from the namespace that creates
# the new one, so a throw-away namespace with it set creates ours, which
# is then bound to /run/netns/NAME like ip netns add does.
new_netns() {
	if ((!MATRIX)); then
		ip netns add "$1"
		return
	fi
	unshare --net sh -c 'sysctl -qw net.ipv4.tcp_child_ehash_entries=1024 &&
		exec unshare --net sleep 30' &
	local pid=$! i
	for ((i = 0; i < 300; i++)); do
		[[ $(cat /proc/$pid/comm 2>/dev/null) == sleep ]] && break
		sleep 0.01
	done
	ip netns attach "$1" "$pid" || die "cannot attach namespace $1"
	kill "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null || true
}

# topology IDX: client -- router -- server, fresh for every scenario so no
# socket, TIME_WAIT or rule from one scenario can leak into the next.
# Commands are batched per namespace because process start-up is most of
# the set-up time on a busy machine.
topology() {
	NS_C=$PREFIX-$1-c NS_R=$PREFIX-$1-r NS_S=$PREFIX-$1-s
	local ns
	for ns in "$NS_C" "$NS_R" "$NS_S"; do
		new_netns "$ns"
		# DAD would keep the v6 addresses tentative (unusable) for a second.
		ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.accept_dad=0 \
			net.ipv6.conf.default.accept_dad=0
	done
	# Fixed MACs keep the Ethernet headers identical from run to run.
	ip link add c0 netns "$NS_C" address $MAC_C type veth \
		peer name rc netns "$NS_R" address $MAC_RC
	ip link add s0 netns "$NS_S" address $MAC_S type veth \
		peer name rs netns "$NS_R" address $MAC_RS
	offloads_off "$NS_C" c0
	offloads_off "$NS_R" rc rs
	offloads_off "$NS_S" s0
	# Permanent neighbours: no ARP/ND at all.  A fresh router may miss the
	# first neighbour solicitation, which held the first v6 SYN for a
	# second in the neighbour queue and skewed its timestamps.
	ip -n "$NS_C" -batch - <<-EOF
		link set lo up
		addr add $C4/24 dev c0
		addr add $C6/64 dev c0 nodad
		link set c0 up
		route add default via $R4C
		route add default via $R6C
		neigh add $R4C lladdr $MAC_RC dev c0 nud permanent
		neigh add $R6C lladdr $MAC_RC dev c0 nud permanent
	EOF
	ip -n "$NS_R" -batch - <<-EOF
		link set lo up
		addr add $R4C/24 dev rc
		addr add $R6C/64 dev rc nodad
		addr add $R4S/24 dev rs
		addr add $R6S/64 dev rs nodad
		link set rc up
		link set rs up
		neigh add $C4 lladdr $MAC_C dev rc nud permanent
		neigh add $C6 lladdr $MAC_C dev rc nud permanent
		neigh add $S4 lladdr $MAC_S dev rs nud permanent
		neigh add $S6 lladdr $MAC_S dev rs nud permanent
	EOF
	ip -n "$NS_S" -batch - <<-EOF
		link set lo up
		addr add $S4/24 dev s0
		addr add $S6/64 dev s0 nodad
		link set s0 up
		route add default via $R4S
		route add default via $R6S
		neigh add $R4S lladdr $MAC_RS dev s0 nud permanent
		neigh add $R6S lladdr $MAC_RS dev s0 nud permanent
	EOF
	ip netns exec "$NS_R" sysctl -qw net.ipv4.ip_forward=1 \
		net.ipv6.conf.all.forwarding=1
	# Scenarios add their drop rules to this chain.
	ip netns exec "$NS_R" nft -f - <<-EOF
		table inet tdgen {
			chain relay {
				type filter hook forward priority 0; policy accept;
			}
		}
	EOF
}

# start_capture NS DEV FILE LOG: dumpcap in the background; returns once it
# says it is capturing, so no packet of the scenario can be missed.
start_capture() {
	: >"$4"
	ip netns exec "$1" dumpcap -i "$2" -f "tcp or udp port 9999" -P -w "$3" \
		-a duration:120 >"$4" 2>&1 &
	CAP_PID=$!
	PIDS+=("$CAP_PID")
	local i
	for ((i = 0; i < 100; i++)); do
		grep -q "Capturing on" "$4" && return 0
		kill -0 "$CAP_PID" 2>/dev/null || break
		sleep 0.05
	done
	cat "$4" >&2
	die "dumpcap did not start on $1/$2"
}

stop_capture() {
	kill -INT "$1" 2>/dev/null || true
	wait "$1" 2>/dev/null || true
	forget_pid "$1"
}

run_kernel() {
	local name=$1 idx=$2 w=$WORK/$1
	mkdir -p "$w"
	topology "$idx"

	local cpid spid ppid i
	start_capture "$NS_C" c0 "$w/client.pcap" "$w/client.dumpcap.log"
	cpid=$CAP_PID
	start_capture "$NS_S" s0 "$w/server.pcap" "$w/server.dumpcap.log"
	spid=$CAP_PID
	local pcl psv
	if ((MATRIX)); then
		start_poller "$NS_C" "$w/client.poll"
		pcl=$POLL_PID
		start_poller "$NS_S" "$w/server.poll"
		psv=$POLL_PID
	fi

	# Give-ups need the capture to go on after the silence: a background
	# UDP ticker (port 9999) each way every 100 ms until the capture stops.
	local tick=()
	case $name in
	syn_timeout_* | user_timeout_* | linger_timeout_* | \
		idle_drop_user_timeout_* | keepalive_timeout_* | unanswered_*)
		start_ticker "$NS_C" "$S4"
		tick+=("$TICK_PID")
		start_ticker "$NS_S" "$C4"
		tick+=("$TICK_PID")
		;;
	esac

	TD_TLS_KEYLOG=$w/keys.log timeout 40 "$PY" "$HERE/peer.py" run "$name" \
		--client-ns "$NS_C" --router-ns "$NS_R" --server-ns "$NS_S" \
		--router-cif rc --router-sif rs \
		--done "$w/done" --notes "$w/notes.json" --hold 30 \
		>"$w/peer.log" 2>&1 &
	ppid=$!
	PIDS+=("$ppid")
	for ((i = 0; i < 400; i++)); do
		[[ -e $w/done ]] && break
		if ! kill -0 "$ppid" 2>/dev/null; then
			cat "$w/peer.log" >&2
			die "$name: driver failed"
		fi
		sleep 0.05
	done
	[[ -e $w/done ]] || { cat "$w/peer.log" >&2; die "$name: driver timed out"; }

	sleep "$SETTLE"
	ip netns exec "$NS_C" ss -tanoiH >"$w/client.ss"
	ip netns exec "$NS_S" ss -tanoiH >"$w/server.ss"
	{
		echo "# ss -tanoiH in the client namespace ($C4, $C6)"
		cat "$w/client.ss"
		echo "# ss -tanoiH in the server namespace ($S4, $S6)"
		cat "$w/server.ss"
		echo "# router namespace: nft ruleset with drop counters"
		ip netns exec "$NS_R" nft list ruleset | sed 's/^/#   /'
		echo "# router namespace: qdiscs"
		tc -n "$NS_R" qdisc show | sed 's/^/#   /'
		if ((CAUSES)); then "$PY" "$HERE/causes.py" notes "$w/notes.json"; fi
	} >"$w/ss"

	for i in "${tick[@]}"; do
		kill -TERM "$i" 2>/dev/null || true
		wait "$i" 2>/dev/null || true
		forget_pid "$i"
	done
	stop_capture "$cpid"
	stop_capture "$spid"
	if ((MATRIX)); then
		stop_capture "$pcl"
		stop_capture "$psv"
		"$PY" "$HERE/matrix.py" timeline --name "$name" --client "$w/client.poll" \
			--server "$w/server.poll" --notes "$w/notes.json" --out "$w/timeline" ||
			die "$name: no timeline"
	fi
	kill -TERM "$ppid" 2>/dev/null || true
	wait "$ppid" 2>/dev/null || true
	forget_pid "$ppid"
	ip netns del "$NS_C"
	ip netns del "$NS_R"
	ip netns del "$NS_S"

	rm -f "$OUT/$name.expect" "$OUT/$name.client.expect" "$OUT/$name.server.expect"
	"$PY" "$HERE/expect.py" --name "$name" \
		--client-pcap "$w/client.pcap" --server-pcap "$w/server.pcap" \
		--client-ss "$w/client.ss" --server-ss "$w/server.ss" \
		--notes "$w/notes.json" --out "$w" ||
		die "$name: captures do not match what the driver did"
	cp "$w/client.pcap" "$OUT/$name.client.pcap"
	cp "$w/server.pcap" "$OUT/$name.server.pcap"
	cp "$w/ss" "$OUT/$name.ss"
	cp "$w/$name".*expect "$OUT/"
	if ((MATRIX)); then cp "$w/timeline" "$OUT/$name.timeline"; fi
	if ((TLS)); then cp "$w/keys.log" "$OUT/$name.keys"; fi
}

# start_ticker NS ADDR: a UDP datagram from NS to ADDR port 9999 every 100 ms
# in the background (TICK_PID), so the captures go on past a silence.
start_ticker() {
	ip netns exec "$1" bash -c 'while :; do echo tick >/dev/udp/'"$2"'/9999 || :; sleep 0.1; done' \
		>/dev/null 2>&1 &
	TICK_PID=$!
	PIDS+=("$TICK_PID")
}

# start_poller NS FILE: the kernel state poller of matrix.py in NS; returns
# once it has made its first read (it creates FILE then, and fills it when
# sent SIGTERM).
start_poller() {
	ip netns exec "$1" "$PY" "$HERE/matrix.py" poll --out "$2" &
	POLL_PID=$!
	PIDS+=("$POLL_PID")
	local i
	for ((i = 0; i < 200; i++)); do
		[[ -e $2 ]] && return 0
		sleep 0.01
	done
	die "poller did not start in $1"
}

# first_frame PCAP FILTER: number of the first frame matching FILTER.
first_frame() {
	tshark -n -r "$1" -Y "$2" -T fields -e frame.number 2>/dev/null | head -n1
}

run_derived() {
	local name=$1 w=$WORK/$1 p=$OUT/$DERIVED_PARENT v n
	mkdir -p "$w"
	[[ -e $p.client.pcap && -e $p.server.pcap && -e $p.expect ]] ||
		die "$name: parent $DERIVED_PARENT missing in $OUT"
	case $name in
	midstream_v4)
		for v in client server; do
			n=$(tshark -n -r "$p.$v.pcap" -c 3 -T fields -e tcp.flags.str 2>/dev/null | tr -d '\n')
			# Only a handshake may be cut, or the capture means something else.
			[[ $n == *S*S*A* ]] || die "$name: first 3 frames of $v capture are not the handshake"
			editcap -F pcap "$p.$v.pcap" "$w/$v.pcap" 1-3
		done
		"$PY" "$HERE/expect.py" derive --parent "$p.expect" \
			--client-pcap "$w/client.pcap" --server-pcap "$w/server.pcap" \
			--note "derived from $DERIVED_PARENT by deleting frames 1-3 (the handshake); finals are still the kernel's" \
			--out "$w/expect"
		;;
	ends_mid_close_v4)
		for v in client server; do
			n=$(first_frame "$p.$v.pcap" "ip.src==$C4 && tcp.flags.fin==1")
			[[ -n $n ]] || die "$name: no client FIN in $v capture"
			editcap -F pcap -r "$p.$v.pcap" "$w/$v.pcap" "1-$n"
		done
		"$PY" "$HERE/expect.py" derive --parent "$p.expect" \
			--client-pcap "$w/client.pcap" --server-pcap "$w/server.pcap" \
			--client-final FIN_WAIT_1 --server-final ESTABLISHED \
			--note "derived, not kernel: $DERIVED_PARENT cut right after the client's FIN; finals from the timeline (FIN sent, its receipt not evidenced)" \
			--out "$w/expect"
		;;
	one_sided_client_v4)
		for v in client server; do
			# tshark warns on stderr whenever it runs as root; show its
			# output only if it fails.
			tshark -n -r "$p.$v.pcap" -Y "ip.src==$C4" -F pcap \
				-w "$w/$v.pcap" 2>"$w/tshark.log" ||
				{ cat "$w/tshark.log" >&2; die "$name: tshark failed"; }
		done
		"$PY" "$HERE/expect.py" derive --parent "$p.expect" \
			--client-pcap "$w/client.pcap" --server-pcap "$w/server.pcap" \
			--client-final - --server-final - \
			--note "derived, not kernel: only the packets sent by the client ($C4), from each vantage of $DERIVED_PARENT" \
			--out "$w/expect"
		;;
	*) die "no recipe for derived scenario $name" ;;
	esac
	rm -f "$OUT/$name.expect" "$OUT/$name.client.expect" "$OUT/$name.server.expect"
	cp "$w/client.pcap" "$OUT/$name.client.pcap"
	cp "$w/server.pcap" "$OUT/$name.server.pcap"
	cp "$w/expect" "$OUT/$name.expect"
}

elapsed() { awk -v a="$1" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }'; }

# run_job NAME IDX: one kernel scenario in a background subshell, which
# cleans up its own processes and namespaces; success leaves NAME.ok.
run_job() {
	local name=$1 idx=$2 t0=$EPOCHREALTIME
	PIDS=()
	JOB_PIDS=()
	trap 'job_cleanup '"$idx" EXIT
	trap 'exit 143' TERM
	run_kernel "$name" "$idx"
	printf '%-30s %5ss\n' "$name" "$(elapsed "$t0")" >"$WORK/$name.ok"
}

job_cleanup() {
	local rc=$? pid ns
	trap - EXIT
	for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
	for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
	for ns in "$PREFIX-$1-c" "$PREFIX-$1-r" "$PREFIX-$1-s"; do
		ip netns del "$ns" 2>/dev/null || true
	done
	exit "$rc"
}

START=$EPOCHREALTIME
idx=0
failed=()
if ((JOBS == 1)); then
	for name in "${NAMES[@]}"; do
		t0=$EPOCHREALTIME
		if is_in "$name" "${DERIVED[@]}"; then
			run_derived "$name"
		else
			run_kernel "$name" "$idx"
		fi
		idx=$((idx + 1))
		printf '%-28s %5ss\n' "$name" "$(elapsed "$t0")" >&2
	done
else
	# Derived captures need their parent: they run after every kernel one.
	later=()
	for name in "${NAMES[@]}"; do
		if is_in "$name" "${DERIVED[@]}"; then
			later+=("$name")
			continue
		fi
		while (($(jobs -rp | wc -l) >= JOBS)); do wait -n || true; done
		(run_job "$name" "$idx") >"$WORK/$name.log" 2>&1 &
		JOB_PIDS+=($!)
		idx=$((idx + 1))
	done
	wait || true
	JOB_PIDS=()
	for name in "${NAMES[@]}"; do
		is_in "$name" "${later[@]}" && continue
		if [[ -e $WORK/$name.ok ]]; then
			cat "$WORK/$name.ok" >&2
		else
			failed+=("$name")
			log "--- $name failed:"
			tail -n 15 "$WORK/$name.log" >&2
		fi
	done
	for name in "${later[@]}"; do run_derived "$name"; done
fi
printf 'total %ss for %d scenario(s) into %s\n' "$(elapsed "$START")" "${#NAMES[@]}" "$OUT" >&2
((${#failed[@]} == 0)) || die "failed: ${failed[*]}"
