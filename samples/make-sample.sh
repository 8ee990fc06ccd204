#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Builds samples/teardown-sample.pcap, the quick start's capture: client-side
# captures of several kernel scenarios laid one after another in time.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
caps="$here/../tests/scenarios/captures"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
offset=0
n=0
for s in graceful_client_first_v4 half_close_v4 close_wait_stuck_v4 abort_linger0_v4 \
         data_after_peer_close_v4 refused_v4 fin_lost_v4 final_ack_lost_v4 time_wait_reuse_v4; do
    first=$(capinfos -aT -r -S "$caps/$s.client.pcap" | cut -f2 | cut -d. -f1)
    # Shift every scenario to start `offset` seconds after the first one.
    base=${base:-$first}
    editcap -t $((base + offset - first)) "$caps/$s.client.pcap" "$tmp/$(printf %02d $n).pcap"
    offset=$((offset + 5))
    n=$((n + 1))
done
mergecap -F pcap -w "$here/teardown-sample.pcap" "$tmp"/*.pcap
