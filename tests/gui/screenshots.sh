#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Owns the GUI check: runs the real Wireshark under Xvfb with the installed plugin and writes docs/teardown-tree.png and docs/teardown-stats.png.
#
# Usage: tests/gui/screenshots.sh [--install] [--frame N] [--pcap FILE] [--outdir DIR]
#   --install   build the plugin and install it into the system plugin folder first (as root)
#   --frame N   packet whose Teardown tree is shown (default 55: RST after FIN, ledger links, Warning + Error)
# Needs (Debian 12): wireshark-qt xvfb xdotool x11-utils imagemagick openbox; pngquant is used when present.
# Everything runs with a throwaway HOME; the whole run is bounded (TD_GUI_TIMEOUT, default 150 s) and
# Xvfb, the window manager and Wireshark are always killed on exit.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
PCAP=$ROOT/samples/teardown-sample.pcap
OUTDIR=$ROOT/docs
FRAME=55
INSTALL=0
TIMEOUT=${TD_GUI_TIMEOUT:-150}
while [ $# -gt 0 ]; do
    case $1 in
        --install) INSTALL=1 ;;
        --frame) FRAME=$2; shift ;;
        --pcap) PCAP=$2; shift ;;
        --outdir) OUTDIR=$2; shift ;;
        *) echo "usage: $0 [--install] [--frame N] [--pcap FILE] [--outdir DIR]" >&2; exit 2 ;;
    esac
    shift
done

log() { echo "screenshots: $*" >&2; }
die() { log "FAIL: $*"; exit 1; }

for tool in wireshark tshark Xvfb openbox xdotool xwininfo import convert; do
    command -v "$tool" >/dev/null || die "$tool missing (apt-get install wireshark-qt xvfb xdotool x11-utils imagemagick openbox)"
done
convert -version 2>/dev/null | grep -q ImageMagick || die "convert is not ImageMagick (apt-get install imagemagick)"
[ -r "$PCAP" ] || die "no capture $PCAP"

if [ "$INSTALL" = 1 ]; then
    BUILD=${TD_GUI_BUILD:-/tmp/td-gui-build}
    cmake -S "$ROOT" -B "$BUILD" >/dev/null
    cmake --build "$BUILD" -j2 --target teardown teardown_profile >/dev/null
    cmake --install "$BUILD" >/dev/null
fi
# Wireshark as root reads only the system plugin folder; tshark sees the same one.
tshark -G plugins 2>/dev/null | grep -q '^teardown\.so' || die "teardown.so not loaded by tshark -G plugins (run with --install as root)"

WORK=$(mktemp -d /tmp/td-gui.XXXXXX)
XVFB_PID= WM_PID= WS_PID= DOG_PID=
cleanup() {
    set +e
    for pid in $WS_PID $WM_PID $XVFB_PID $DOG_PID; do
        kill "$pid" 2>/dev/null
    done
    sleep 0.5
    for pid in $WS_PID $WM_PID $XVFB_PID; do
        kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null
    done
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'log "FAIL: timed out or interrupted"; exit 1' TERM INT HUP
( trap 'kill $s 2>/dev/null; exit 0' TERM; sleep "$TIMEOUT" & s=$!; wait $s; kill -TERM $$ ) 2>/dev/null &
DOG_PID=$!

# Throwaway profile: big main window, no bytes pane, no "running as root" nag, a big stats dialog.
export HOME=$WORK/home XDG_CONFIG_HOME=$WORK/home/.config XDG_RUNTIME_DIR=$WORK/run
mkdir -p "$XDG_CONFIG_HOME/wireshark" "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"
cat > "$XDG_CONFIG_HOME/wireshark/recent_common" <<'EOR'
gui.geometry_main_x: 0
gui.geometry_main_y: 0
gui.geometry_main_width: 1400
gui.geometry_main_height: 960
gui.geometry_main_maximized: FALSE
gui.geom.teardown_tree.x: 60
gui.geom.teardown_tree.y: 30
gui.geom.teardown_tree.width: 1000
gui.geom.teardown_tree.height: 880
gui.geom.teardown_tree.maximized: FALSE
privs.warn_if_elevated: FALSE
EOR
cat > "$XDG_CONFIG_HOME/wireshark/recent" <<'EOR'
gui.byte_view_show: FALSE
gui.geometry_main_upper_pane: 230
EOR

# Xvfb picks a free display and tells us which one on fd 3.
Xvfb -displayfd 3 -screen 0 1600x1000x24 -nolisten tcp >"$WORK/xvfb.log" 2>&1 3>"$WORK/display" &
XVFB_PID=$!
for _ in $(seq 50); do [ -s "$WORK/display" ] && break; sleep 0.1; done
[ -s "$WORK/display" ] || die "Xvfb did not start: $(cat "$WORK/xvfb.log")"
export DISPLAY=:$(head -1 "$WORK/display")
log "Xvfb on $DISPLAY"
openbox >"$WORK/openbox.log" 2>&1 &
WM_PID=$!
sleep 1

# wait_window REGEX SECONDS: prints the id of the first visible window whose title matches.
wait_window() {
    local id
    for _ in $(seq $(( $2 * 5 ))); do
        id=$(xdotool search --onlyvisible --name "$1" 2>/dev/null | head -1) || true
        if [ -n "$id" ]; then echo "$id"; return 0; fi
        sleep 0.2
    done
    return 1
}
shrink() { # shrink SRC DEST: strip metadata, quantise when pngquant is there
    convert "$1" -strip "$2"
    if command -v pngquant >/dev/null; then
        pngquant --force --skip-if-larger --quality 70-95 --output "$2" "$2" || true
    fi
}

wireshark -r "$PCAP" -g "$FRAME" >"$WORK/wireshark.log" 2>&1 &
WS_PID=$!
base=$(basename "$PCAP")
MAIN=$(wait_window "^${base//./\\.}\$" 60) || die "no Wireshark main window: $(tail -5 "$WORK/wireshark.log")"
log "main window $MAIN"
sleep 3 # the file is small, but let the packet list and the selected packet settle
read -r MX MY MW MH < <(xwininfo -id "$MAIN" | awk '/Absolute upper-left X/{x=$NF} /Absolute upper-left Y/{y=$NF} /Width:/{w=$NF} /Height:/{h=$NF} END{print x, y, w, h}')

# 1. Teardown tree: click the empty lower part of the details pane (all protocols are collapsed,
# Teardown is the last top-level item), walk down to the last item and expand its subtrees.
xdotool windowactivate --sync "$MAIN"
xdotool mousemove $(( MX + MW / 2 )) $(( MY + MH - 60 )) click 1
sleep 0.3
for _ in $(seq 8); do xdotool key Down; sleep 0.05; done
xdotool key shift+Right
sleep 0.3
xdotool key Down # select the first child, so the Teardown line shows its expert-severity colour
sleep 0.3
xdotool mousemove $(( MX + MW - 5 )) $(( MY + MH - 40 )) # no hover highlight in the shot
sleep 1
mkdir -p "$OUTDIR"
import -frame -window "$MAIN" "$WORK/tree.png"
shrink "$WORK/tree.png" "$OUTDIR/teardown-tree.png"
log "wrote $OUTDIR/teardown-tree.png (frame $FRAME)"

# 2. Statistics > TCP Teardown: the plugin's stats_tree is the last item of the Statistics menu.
xdotool windowactivate --sync "$MAIN"
xdotool key alt+s
sleep 0.7
xdotool key Up
sleep 0.3
xdotool key Return
DLG=$(wait_window 'TCP Teardown' 20) || die "Statistics > (last item) did not open a 'TCP Teardown' dialog"
sleep 3 # stats_tree dialogs retap on open; the sample needs well under a second
import -frame -window "$DLG" "$WORK/stats.png"
shrink "$WORK/stats.png" "$OUTDIR/teardown-stats.png"
log "wrote $OUTDIR/teardown-stats.png"

xdotool windowactivate --sync "$DLG" key Escape 2>/dev/null || true
xdotool windowactivate --sync "$MAIN" key ctrl+q 2>/dev/null || true
for _ in $(seq 25); do kill -0 "$WS_PID" 2>/dev/null || break; sleep 0.2; done
log "done"
