#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Owns the GUI colour check: the real Wireshark under Xvfb, started with the
# "Teardown" profile taken from Wireshark's global profiles folder as the
# package and the quick start install it (-C Teardown copies it into a
# throwaway personal folder), must paint a FIN never acknowledged and an RST
# that threw data away in the teardown colours: light rows, black text.
#
# Usage: tests/gui/colours.sh BUILD_DIR [OUTDIR]
#   BUILD_DIR  a configured and built tree (its plugin and profile are used,
#              bind-mounted over the system folders in a private mount
#              namespace: nothing is installed); OUTDIR keeps the screenshots.
# Needs (Debian): wireshark-qt xvfb xdotool x11-utils imagemagick openbox; run as root.
# Ends with "N passed, M failed".
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=$(cd "${1:?usage: colours.sh BUILD_DIR [OUTDIR]}" && pwd)
OUTDIR=${2:-}
TIMEOUT=${TD_GUI_TIMEOUT:-180}

log() { echo "colours: $*" >&2; }
die() { log "FAIL: $*"; echo "0 passed, 1 failed"; exit 1; }

if [ "${TD_COLOURS_INNER:-}" != 1 ]; then
    [ "$(id -u)" = 0 ] || die "run as root (bind mounts over the system plugin and profile folders)"
    for tool in wireshark Xvfb openbox xdotool xwininfo import convert unshare; do
        command -v "$tool" >/dev/null || die "$tool missing (apt-get install wireshark-qt xvfb xdotool x11-utils imagemagick openbox)"
    done
    STAGE=$(mktemp -d /tmp/td-colours-stage.XXXXXX)
    trap 'rm -rf "$STAGE"' EXIT
    DESTDIR=$STAGE cmake --install "$BUILD" >/dev/null
    plugdir=$(pkg-config --variable=plugindir wireshark)/epan
    datadir=$(grep '^TD_WS_DATADIR:' "$BUILD/CMakeCache.txt" | cut -d= -f2)
    # The global profiles folder as installed: Wireshark's own profiles plus ours.
    mkdir -p "$STAGE/profiles"
    cp -a "$datadir/profiles/." "$STAGE/profiles/" 2>/dev/null || true
    cp -a "$STAGE$datadir/profiles/Teardown" "$STAGE/profiles/"
    TD_COLOURS_INNER=1 unshare --mount --propagation private bash -c '
        mount --bind "$1" "$2" && mount --bind "$3" "$4" || exit 97
        shift 4
        exec "$@"' _ "$STAGE$plugdir" "$plugdir" "$STAGE/profiles" "$datadir/profiles" \
        timeout "$TIMEOUT" "$0" "$@"
    exit $?
fi

WORK=$(mktemp -d /tmp/td-colours.XXXXXX)
XVFB_PID= WM_PID= WS_PID=
cleanup() {
    set +e
    for pid in $WS_PID $WM_PID $XVFB_PID; do kill "$pid" 2>/dev/null; done
    sleep 0.5
    for pid in $WS_PID $WM_PID $XVFB_PID; do kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null; done
    rm -rf "$WORK"
}
trap cleanup EXIT

export HOME=$WORK/home XDG_CONFIG_HOME=$WORK/home/.config XDG_RUNTIME_DIR=$WORK/run
mkdir -p "$XDG_CONFIG_HOME/wireshark" "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"
printf 'gui.geometry_main_x: 0\ngui.geometry_main_y: 0\ngui.geometry_main_width: 1500\ngui.geometry_main_height: 900\nprivs.warn_if_elevated: FALSE\n' \
    >"$XDG_CONFIG_HOME/wireshark/recent_common"

Xvfb -displayfd 3 -screen 0 1600x1000x24 -nolisten tcp >"$WORK/xvfb.log" 2>&1 3>"$WORK/display" &
XVFB_PID=$!
for _ in $(seq 50); do [ -s "$WORK/display" ] && break; sleep 0.1; done
[ -s "$WORK/display" ] || die "Xvfb did not start"
export DISPLAY=:$(head -1 "$WORK/display")
openbox >"$WORK/openbox.log" 2>&1 &
WM_PID=$!
sleep 1

# The teardown rules' backgrounds, as 8-bit RGB (docs/teardown.colorfilters).
rgb8() { # "[r,g,b]" in 16 bits -> "rgb(R,G,B)", the high byte as Qt draws it
    echo "$1" | tr -d '[]' | awk -F, '{ printf "rgb(%d,%d,%d)", int($1 / 256), int($2 / 256), int($3 / 256) }'
}
rule_bg() { grep -F "@Teardown: $1@" "$ROOT/docs/teardown.colorfilters" | sed 's/.*@\(\[[0-9,]*\]\)\[.*/\1/'; }

passed=0 failed=0
check() { # check PCAP RULE: a row of the packet list has the rule's background with dark text on it
    local pcap=$1 rule=$2 base want shot
    base=$(basename "$pcap")
    want=$(rgb8 "$(rule_bg "$rule")")
    wireshark -C Teardown -r "$pcap" >"$WORK/ws.log" 2>&1 &
    WS_PID=$!
    local win=
    for _ in $(seq 150); do
        win=$(xdotool search --onlyvisible --name "^${base//./\\.}\$" 2>/dev/null | head -1) || true
        [ -n "$win" ] && break
        sleep 0.2
    done
    [ -n "$win" ] || { log "no window for $base: $(tail -3 "$WORK/ws.log")"; failed=$((failed + 1)); return; }
    sleep 4
    shot=$WORK/${base%.pcap}.png
    import -window "$win" "$shot"
    [ -n "$OUTDIR" ] && mkdir -p "$OUTDIR" && cp "$shot" "$OUTDIR/"
    # Pixels of exactly that background, and dark pixels (text) among them.
    local n dark
    n=$(convert "$shot" -fill black +opaque "$want" -fill white -opaque "$want" -format '%[fx:int(mean*w*h)]' info:)
    dark=$(convert "$shot" -crop "$(convert "$shot" -fill black +opaque "$want" -fill white -opaque "$want" -trim -format '%wx%h%X%Y' info:)" \
        -colorspace Gray -threshold 25% -negate -format '%[fx:int(mean*w*h)]' info: 2>/dev/null || echo 0)
    if [ "$n" -gt 2000 ] && [ "$dark" -gt 20 ]; then
        log "ok: $base has a '$rule' row ($want, $n pixels, $dark dark text pixels)"
        passed=$((passed + 1))
    else
        log "FAIL: $base: '$rule' background $want on $n pixels, $dark dark pixels on it"
        failed=$((failed + 1))
    fi
    kill "$WS_PID" 2>/dev/null; wait "$WS_PID" 2>/dev/null || true
    WS_PID=
}

CAPS=$ROOT/tests/scenarios/captures
check "$CAPS/fin_lost_v4.client.pcap" "FIN never acknowledged"
check "$CAPS/data_after_peer_close_v4.client.pcap" "RST threw data away"
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
