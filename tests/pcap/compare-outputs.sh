#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Runs two builds' tshark over every capture of the repository (and any
# extra captures given) and diffs what each prints: the per-packet JSON of
# the teardown tree, the statistics, and the expert infos. Meant for
# refactorings that must not change a byte of output.
#
# Usage: tests/pcap/compare-outputs.sh OLD_TSHARK NEW_TSHARK [OUTDIR] [EXTRA.pcap...]
#   OLD_TSHARK, NEW_TSHARK  build*/tests/pcap/tshark-plugin wrappers
#   OUTDIR                  where the outputs are kept (default: a temp dir)
# Exit status 0 when every output is identical, 1 otherwise.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
OLD=${1:?usage: compare-outputs.sh OLD_TSHARK NEW_TSHARK [OUTDIR] [EXTRA.pcap...]}
NEW=${2:?usage: compare-outputs.sh OLD_TSHARK NEW_TSHARK [OUTDIR] [EXTRA.pcap...]}
OUT=${3:-$(mktemp -d /tmp/td-compare.XXXXXX)}
shift $(( $# >= 3 ? 3 : $# ))

mapfile -t CAPS < <(find "$ROOT/tests/scenarios/captures" "$ROOT/tests/crafted" "$ROOT/samples" \
	-type f \( -name '*.pcap' -o -name '*.pcapng' \) | sort)
CAPS+=("$@")

# Each view: a name and the tshark arguments after -r CAP.
VIEWS=(
	"json|-2 -T json -J teardown"
	"conns|-2 -q -z teardown,conns"
	"stat|-2 -q -z teardown,stat"
	"conns1|-q -z teardown,conns"
	"expert|-2 -q -z expert"
)

run() { # tshark view capture outfile
	local args=${2#*|}
	# shellcheck disable=SC2086  # the view's arguments are meant to split
	"$1" -r "$3" $args >"$4" 2>&1 || echo "exit status $?" >>"$4"
}

differ=0 same=0
for cap in "${CAPS[@]}"; do
	key=$(realpath --relative-to="$ROOT" "$cap" 2>/dev/null || basename "$cap")
	key=${key//\//_}
	for view in "${VIEWS[@]}"; do
		name=${view%%|*}
		mkdir -p "$OUT/old/$name" "$OUT/new/$name"
		run "$OLD" "$view" "$cap" "$OUT/old/$name/$key"
		run "$NEW" "$view" "$cap" "$OUT/new/$name/$key"
		if cmp -s "$OUT/old/$name/$key" "$OUT/new/$name/$key"; then
			same=$((same + 1))
		else
			differ=$((differ + 1))
			echo "DIFFERS $name $key"
		fi
	done
done
echo "${#CAPS[@]} captures x ${#VIEWS[@]} views: $same identical, $differ differ (outputs in $OUT)"
[[ $differ -eq 0 ]]
