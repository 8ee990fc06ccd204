#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The README's second command and CI's: the whole test suite, as root.
# Stages: the 4.0 build and its tests; the same under ASan+UBSan; corrupted
# corpus captures through tshark with the sanitized plugin; valgrind memcheck; a fresh run of the kernel scenario generator compared with the
# committed corpus; the loss matrix regenerated and checked; the cause
# scenarios regenerated and checked; the TLS close scenarios regenerated and
# checked; Wireshark 4.4 and 4.6 in Debian roots;
# the Debian package of each supported Wireshark built, linted, installed,
# checked and removed in roots of its suite.
# TD_SKIP=stage,stage leaves stages out (names below) for a quicker local run.
set -uo pipefail
cd "$(dirname "$0")/.."
top=$(pwd)
jobs=$(nproc)

if [ "$(id -u)" -ne 0 ]; then
    echo "scripts/test.sh needs root: network namespaces, nft, mounts and debootstrap (try sudo)" >&2
    exit 2
fi

scripts/deps.sh tshark libwireshark-dev libglib2.0-dev cmake gcc make pkg-config libcmocka-dev python3 \
    python3-scapy valgrind nftables iproute2 ethtool debootstrap util-linux || exit 1

skip() { case ",${TD_SKIP:-}," in *",$1,"*) return 0 ;; esac; return 1; }

passed=0
failed=0
failed_names=()
stage() {
    local name=$1
    shift
    if skip "$name"; then
        echo "=== $name: skipped (TD_SKIP)"
        return
    fi
    echo "=== $name"
    local t0=$SECONDS
    if "$@"; then
        echo "=== $name: passed ($((SECONDS - t0)) s)"
        passed=$((passed + 1))
    else
        echo "=== $name: FAILED ($((SECONDS - t0)) s)"
        failed=$((failed + 1))
        failed_names+=("$name")
    fi
}

build_and_test() {
    local dir=$1
    shift
    cmake -S "$top" -B "$dir" "$@" >/dev/null &&
        cmake --build "$dir" -j"$jobs" &&
        ctest --test-dir "$dir" -j"$jobs" --output-on-failure --no-tests=error
}

# The engine stays free of epan and GLib, so it can be tested and fuzzed alone.
engine_is_pure() {
    ! grep -rnE '#include *[<"](epan/|glib|wireshark|ws_)' plugin/engine
}

regenerate_corpus() {
    local out
    out=$(mktemp -d)
    tests/scenarios/generate.sh -o "$out" >"$out/generate.log" 2>&1 || { tail -20 "$out/generate.log"; return 1; }
    # The captures a faulty capture point would have written of the same packets.
    /usr/bin/python3 tests/scenarios/derive_reordered.py "$out" >>"$out/generate.log" 2>&1 ||
        { tail -20 "$out/generate.log"; return 1; }
    python3 tests/scenarios/compare_expect.py tests/scenarios/captures "$out"
    local rc=$?
    rm -rf "$out"
    return $rc
}

# A set of kernel scenarios fresh from generate.sh (MODE: -m, -c or -t, 3 at
# a time), then CHECKER (a tests/pcap script, given the built plugin and
# the fresh folder through FOLDER_OPTION) on them; both bounded by SECONDS.
fresh_scenarios() {
    local mode=$1 seconds=$2 checker=$3 folder_option=$4 out rc
    shift 4
    out=$(mktemp -d)
    timeout "$seconds" tests/scenarios/generate.sh "$mode" -j3 -o "$out/s" >"$out/generate.log" 2>&1 ||
        { tail -20 "$out/generate.log"; rm -rf "$out"; return 1; }
    tail -1 "$out/generate.log"
    timeout "$seconds" python3 "tests/pcap/$checker" --tshark build/tests/pcap/tshark-plugin "$folder_option" "$out/s" "$@"
    rc=$?
    rm -rf "$out"
    return $rc
}

# The loss matrix (81 scenarios): final states must match ss; per-packet
# mismatches outside the limits are printed (a fresh run's snapshot
# instants fall differently each time; ctest's pcap.matrix holds the
# committed matrix to them strictly).
loss_matrix() {
    fresh_scenarios -m 900 run_matrix.py --matrix -j 4 --limits tests/scenarios/matrix/vantage_limits.tsv \
        --timeline-advisory
}

# The cause scenarios (21, about a minute): causes, fields, experts, finals.
cause_scenarios() {
    fresh_scenarios -c 600 run_causes.py --captures -j 2
}

# The TLS close scenarios (10, about 30 s): the verdicts with and without
# the key log.
tls_scenarios() {
    fresh_scenarios -t 300 run_tls.py --captures -j 2
}

stage engine-purity engine_is_pure
stage wireshark-4.0 build_and_test build -DCMAKE_BUILD_TYPE=RelWithDebInfo
stage sanitizers build_and_test build-asan -DCMAKE_BUILD_TYPE=Debug -DTD_SANITIZE=ON
stage tshark-mutation tests/fuzz/tshark-mutation.sh build-asan 10
stage valgrind tests/sanitize/valgrind.sh build
stage regenerate-corpus regenerate_corpus
stage loss-matrix loss_matrix
stage cause-scenarios cause_scenarios
stage tls-scenarios tls_scenarios
stage wireshark-4.4 tests/compat/run-chroot.sh ${CI:+--fresh} trixie
stage wireshark-4.6 tests/compat/run-chroot.sh ${CI:+--fresh} sid
stage packages tests/packages/run.sh

echo
[ ${#failed_names[@]} -eq 0 ] || echo "failed stages: ${failed_names[*]}"
echo "stages: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
