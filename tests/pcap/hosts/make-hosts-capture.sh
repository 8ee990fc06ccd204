#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Makes hosts_mixed.pcap, the capture `-z teardown,hosts` is tested on: real
# kernel captures of the corpus (client vantage), each shifted in time to
# start one second after the previous one, merged. Nothing is crafted; the
# merge only puts connections of separate runs side by side. The result has
# several servers (address:port; two of them, IPv4 and IPv6, leave
# CLOSE_WAIT), and two client addresses (the generator's IPv4 and IPv6
# clients: its namespaces have one address of each).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
caps=$here/../../scenarios/captures
out=${1:-$here/hosts_mixed.pcap}
# Earliest first: the CLOSE_WAIT leaks then last to the end of the capture.
parts=(close_wait_stuck_v4 graceful_client_first_v4 graceful_server_first_v4 refused_v4 close_wait_stuck_v6
       abort_linger0_v6 half_close_v6 graceful_client_first_v6 multi_v4)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
start=1795000000   # 2026-11-18, any fixed instant
i=0
for p in "${parts[@]}"; do
	first=$(capinfos -a -T -r -S "$caps/$p.client.pcap" | cut -f2)
	delta=$(python3 -c "print(f'{$start + $i - $first:.6f}')")
	editcap -t "$delta" "$caps/$p.client.pcap" "$work/$i.pcap"
	i=$((i + 1))
done
mergecap -F pcap -w "$out" "$work"/*.pcap
echo "wrote $out"
