#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The README's first command: installs what is missing, builds the plugin,
# installs it into Wireshark's system plugin folder and shows what it says
# about the bundled capture.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh tshark libwireshark-dev libglib2.0-dev cmake gcc make pkg-config libcmocka-dev python3
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$(nproc)" >/dev/null
# tshark warns on every start as root; nothing else on stderr is hidden.
tshark() { command tshark "$@" 2> >(grep -v '^Running as user "root"' >&2); }
as_root=()
[ "$(id -u)" -eq 0 ] || as_root=(sudo)
"${as_root[@]}" cmake --install build >/dev/null
where=$(tshark -G plugins | awk -F'\t' '$1 ~ /^teardown.so/ {print $4}')
[ -n "$where" ] || { echo "teardown.so did not load: see tshark -G plugins" >&2; exit 1; }
echo "Installed and loaded: $where"
sample=samples/teardown-sample.pcap
echo
echo "== tshark -r $sample -q -z teardown,conns  (one row per connection)"
tshark -r "$sample" -q -z teardown,conns | cut -f1,4-9,13
echo
echo "== tshark -r $sample -q -z teardown,stat"
tshark -r "$sample" -q -z teardown,stat
echo
echo "== tshark -2 -r $sample -O teardown -Y 'frame.number == 35'  (the tree of one packet)"
tshark -2 -r "$sample" -O teardown -Y 'frame.number == 35' | sed -n '/^Teardown:/,$p'
