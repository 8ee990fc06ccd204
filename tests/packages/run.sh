#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The suite's "packages" stage: the .deb of every supported Wireshark built
# in its Debian root (scripts/package.sh, lintian included), then each
# installed, checked and removed on a fresh root of its suite, and refused on
# a root of another (tests/packages/check-package.sh). The three suites run
# side by side: most of the time is debootstrap and apt waiting on the mirror.
#
# Usage: tests/packages/run.sh [SUITE...]   (default: bookworm trixie sid)
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 2
suites=("$@")
[ ${#suites[@]} -gt 0 ] || suites=(bookworm trixie sid)
# The package each suite's root must refuse: another Wireshark's.
declare -A foreign=([bookworm]=sid [trixie]=bookworm [sid]=trixie)
logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT

# run_all WHAT: one background job per suite, each bounded in time; WHAT.SUITE.ok
# marks those that passed.
run_all() {
    local what=$1 s rc=0 f
    declare -A pids=()
    for s in "${suites[@]}"; do
        if [ "$what" = build ]; then
            set -- scripts/package.sh "$s"
        else
            # Refusal needs the other suite's package; without it, the install alone.
            f=${foreign[$s]}
            [ -f "$logs/build.$f.ok" ] || f=
            set -- tests/packages/check-package.sh "$s" ${f:+"$f"}
        fi
        { timeout 1500 "$@" >"$logs/$what.$s" 2>&1 && touch "$logs/$what.$s.ok"; } &
        pids[$s]=$!
    done
    for s in "${suites[@]}"; do
        wait "${pids[$s]}"
        echo "--- $what $s"
        cat "$logs/$what.$s"
        [ -f "$logs/$what.$s.ok" ] || rc=1
    done
    return $rc
}

t0=$SECONDS
run_all build
build_rc=$?
echo "--- built in $((SECONDS - t0)) s"
built=()
for s in "${suites[@]}"; do [ -f "$logs/build.$s.ok" ] && built+=("$s"); done
suites=("${built[@]}")
check_rc=0
if [ ${#suites[@]} -gt 0 ]; then
    t0=$SECONDS
    run_all check
    check_rc=$?
    echo "--- checked in $((SECONDS - t0)) s"
fi
[ "$build_rc" = 0 ] && [ "$check_rc" = 0 ]
