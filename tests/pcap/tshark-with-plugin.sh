#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Runs the real tshark with the freshly built plugin and nothing else of ours:
# tshark run as root reads only the system plugin folder, so as root the build's
# folder is bind-mounted over it in a private mount namespace; otherwise
# WIRESHARK_PLUGIN_DIR points at the build. Usage: TD_PLUGIN_ROOT=DIR
# TD_WS_MAJMIN=4.0 TD_SYSTEM_PLUGIN_DIR=DIR tshark-with-plugin.sh ARGS...
# TD_TSHARK_PRELOAD is preloaded into tshark alone (the sanitizer runtime of
# an instrumented plugin); TD_TSHARK_EXEC_PREFIX runs tshark under a tool
# such as valgrind.
set -eu
: "${TD_PLUGIN_ROOT:?}" "${TD_WS_MAJMIN:?}" "${TD_SYSTEM_PLUGIN_DIR:?}"
home="${TD_TEST_HOME:-${TMPDIR:-/tmp}/td-test-home}"
mkdir -p "$home"
# tshark starts every extcap helper at start-up: slow, and they would inherit
# TD_TSHARK_PRELOAD. Tests capture nothing, so they get an empty extcap folder.
empty="$home/no-extcap"
mkdir -p "$empty"
extcap="${TD_SYSTEM_PLUGIN_DIR%/plugins/*}/extcap"
if [ "$(id -u)" = 0 ]; then
    exec unshare --mount --propagation private sh -c '
        mount --bind "$1" "$2" || exit 97
        if [ -d "$3" ]; then mount --bind "$4" "$3" || exit 97; fi
        shift 4
        HOME="$0" LD_PRELOAD="${TD_TSHARK_PRELOAD:-}" exec ${TD_TSHARK_EXEC_PREFIX:-} tshark "$@"' \
        "$home" "$TD_PLUGIN_ROOT/$TD_WS_MAJMIN/epan" "$TD_SYSTEM_PLUGIN_DIR" "$extcap" "$empty" "$@"
fi
# shellcheck disable=SC2086 # the prefix is a command line of its own
HOME="$home" WIRESHARK_PLUGIN_DIR="$TD_PLUGIN_ROOT" WIRESHARK_EXTCAP_DIR="$empty" LD_PRELOAD="${TD_TSHARK_PRELOAD:-}" \
    exec ${TD_TSHARK_EXEC_PREFIX:-} tshark "$@"
