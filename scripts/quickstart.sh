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
profile=$(tshark -G folders | awk -F'\t' '$1 ~ /^Global configuration/ {print $2}')/profiles/Teardown
[ -r "$profile/colorfilters" ] || { echo "the Teardown profile is missing from $profile" >&2; exit 1; }
echo "Configuration profile: $profile (wireshark -C Teardown, or Edit > Configuration Profiles)"
sample=samples/teardown-sample.pcap
echo
echo "== tshark -r $sample -q -z teardown,conns  (one row per connection)"
# Columns by name, so that new ones (the table grows) do not shift these.
tshark -r "$sample" -q -z teardown,conns |
    awk -F'\t' 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i }
        { printf "%-7s %-11s %-12s %-23s %-19s %-19s %s\n", $col["stream"], $col["conn_state"], $col["outcome"],
                 $col["cause"], $col["client_final_state"], $col["server_final_state"], $col["narrative"] }'
echo
echo "== tshark -r $sample -q -z teardown,stat"
tshark -r "$sample" -q -z teardown,stat
echo
echo "== tshark -2 -r $sample -O teardown -Y 'frame.number == 35'  (the tree of one packet)"
tshark -2 -r "$sample" -O teardown -Y 'frame.number == 35' | sed -n '/^Teardown:/,$p'
