#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Builds and tests this source tree against the Wireshark of a Debian suite, inside a cached debootstrap root.
#
# Usage: tests/compat/run-chroot.sh [--fresh] SUITE      (SUITE: trixie = Wireshark 4.4, sid = 4.6)
# Env:   TD_CHROOT_CACHE  folder holding one root per suite (default /var/cache/tcp-teardown/chroots)
#        TD_MIRROR        Debian mirror for debootstrap (default: debootstrap's own)
#        TD_COMPAT_TESTS  a ctest -R regex: run only those tests (a quick check of one feature)
set -euo pipefail
umask 022

usage() {
    echo "usage: $0 [--fresh] trixie|sid" >&2
    exit 2
}

fresh=0
suite=
for arg in "$@"; do
    case "$arg" in
    --fresh) fresh=1 ;;
    -h | --help) usage ;;
    -*) usage ;;
    *) [ -z "$suite" ] || usage; suite=$arg ;;
    esac
done
case "$suite" in
trixie | sid) ;;
*) usage ;;
esac

if [ "$(id -u)" != 0 ]; then
    echo "compat: debootstrap, mount and chroot need root" >&2
    exit 2
fi

script_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(git -C "$script_dir" rev-parse --show-toplevel)
cache=${TD_CHROOT_CACHE:-/var/cache/tcp-teardown/chroots}
mirror=${TD_MIRROR:-}
root=$cache/$suite
stamp=$root/.tcp-teardown-root

# Packages the root needs. sid's libwireshark pulls a virtual libre2 package
# that debootstrap cannot resolve by itself, so name the real one.
include=tshark,libwireshark-dev,libglib2.0-dev,cmake,gcc,make,pkg-config,libcmocka-dev,python3
if [ "$suite" = sid ]; then
    include=$include,libre2-11
fi

# Inside the root: where the sources go, where they are built, who runs tshark.
src_in=/td/src
build_in=/td/build
nobody=65534

log() { printf 'compat %s: %s\n' "$suite" "$*"; }
now() { date +%s; }

mkdir -p "$cache"
# One run per root at a time.
exec 9>"$cache/$suite.lock"
if ! flock -n 9; then
    log "waiting for another run on $root"
    flock 9
fi

# ---- mounts: every one we make is undone on exit -------------------------

mounted=()

mounts_under() {
    # Mount points at or below $1, deepest first.
    awk -v r="$1" '$2 == r || index($2, r "/") == 1 { print $2 }' /proc/mounts | sort -r
}

unmount_all() {
    local m
    for ((i = ${#mounted[@]} - 1; i >= 0; i--)); do
        m=${mounted[i]}
        umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null || echo "compat: could not unmount $m" >&2
    done
    mounted=()
}

cleanup() {
    local rc=$?
    unmount_all
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

mount_in_root() {
    # mount_in_root TARGET MOUNT-ARGS...
    local target=$1
    shift
    mkdir -p "$target"
    mount "$@" "$target"
    mounted+=("$target")
}

# Removes a root, refusing while anything is mounted below it.
remove_root() {
    local dir=$1 m
    # A run killed with SIGKILL may have left its mounts: undo them first.
    for m in $(mounts_under "$dir"); do
        umount "$m" 2>/dev/null || umount -l "$m"
    done
    if [ -n "$(mounts_under "$dir")" ]; then
        echo "compat: still mounted below $dir, not removing it" >&2
        exit 1
    fi
    rm -rf --one-file-system "$dir"
}

# ---- 1. the root -----------------------------------------------------------

t_boot=0
if [ "$fresh" = 1 ] || [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$include" ]; then
    if ! command -v debootstrap >/dev/null; then
        log "installing debootstrap on the host"
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null
    fi
    [ ! -e "$root" ] || remove_root "$root"
    [ ! -e "$root.partial" ] || remove_root "$root.partial"
    log "debootstrap $suite into $root (several minutes)"
    t0=$(now)
    if ! debootstrap --variant=minbase --include="$include" "$suite" "$root.partial" ${mirror:+"$mirror"} \
        >"$cache/$suite.debootstrap.log" 2>&1; then
        tail -n 20 "$cache/$suite.debootstrap.log" >&2
        log "debootstrap failed; full log in $cache/$suite.debootstrap.log"
        exit 1
    fi
    # Only a complete root gets its final name and stamp.
    printf '%s' "$include" >"$root.partial/.tcp-teardown-root"
    mv "$root.partial" "$root"
    t_boot=$(($(now) - t0))
    log "root ready in ${t_boot}s"
else
    log "reusing $root (--fresh rebuilds it)"
fi

# Leftovers of a killed run.
for m in $(mounts_under "$root"); do
    umount "$m" 2>/dev/null || umount -l "$m"
done

# The root as a mount point of its own, so that tests may make private mount
# namespaces in it (unshare --propagation private needs "/" to be a mount).
mount_in_root "$root" --bind "$root"
mount_in_root "$root/proc" -t proc proc
# debootstrap creates the basic device nodes; mount a devtmpfs only if it did not.
if [ ! -c "$root/dev/null" ]; then
    mount_in_root "$root/dev" -t devtmpfs devtmpfs
fi

# Runs a command in the root with a clean environment.
in_root() {
    chroot "$root" /usr/bin/env -i PATH=/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin \
        HOME=/root LANG=C.UTF-8 "$@"
}

# Runs a command in the root as nobody: tshark run by root ignores WIRESHARK_PLUGIN_DIR.
as_nobody() {
    if [ -x "$root/usr/bin/setpriv" ]; then
        chroot "$root" /usr/bin/setpriv --reuid=$nobody --regid=$nobody --clear-groups \
            /usr/bin/env -i PATH=/usr/bin:/bin HOME=/tmp LANG=C.UTF-8 "$@"
    else
        chroot --userspec=$nobody:$nobody "$root" \
            /usr/bin/env -i PATH=/usr/bin:/bin HOME=/tmp LANG=C.UTF-8 "$@"
    fi
}

# shellcheck disable=SC2016 # dpkg-query's own format syntax
ws_pkg=$(in_root dpkg-query -W -f '${Version}' tshark)
# First line: "TShark (Wireshark) 4.4.19." or "... 4.0.17 (Git v4.0.17 packaged as ...)".
ws_ver=$(in_root tshark --version 2>/dev/null | head -n 1 | grep -oE '[0-9]+\.[0-9]+\.[0-9]+' | head -n 1)
gcc_ver=$(in_root gcc -dumpfullversion)
log "tshark $ws_ver (Debian package $ws_pkg), gcc $gcc_ver"

# ---- 2. the sources --------------------------------------------------------

# Tracked files plus new ones not ignored, as they are in the work tree now.
rm -rf --one-file-system "$root/td"
mkdir -p "$root$src_in" "$root$build_in"
(cd "$repo" && git ls-files -z --cached --others --exclude-standard) |
    (cd "$repo" && while IFS= read -r -d '' f; do [ -f "$f" ] && printf '%s\0' "$f"; done) |
    tar -C "$repo" --null -T - -cf - | tar -C "$root$src_in" -xf -
log "copied $(find "$root$src_in" -type f | wc -l) files from $repo"

# ---- 3. build --------------------------------------------------------------

t0=$(now)
log "configure and build"
if ! in_root cmake -S $src_in -B $build_in -DCMAKE_BUILD_TYPE=RelWithDebInfo >"$root/td/configure.log" 2>&1; then
    cat "$root/td/configure.log" >&2
    log "cmake configure failed"
    echo "compat $suite (Wireshark $ws_ver): 0 passed, 1 failed"
    exit 1
fi
if ! in_root cmake --build $build_in -j "$(nproc)"; then
    log "build failed"
    echo "compat $suite (Wireshark $ws_ver): 0 passed, 1 failed"
    exit 1
fi
t_build=$(($(now) - t0))
log "built in ${t_build}s"

# ---- 4. is the plugin loaded by this tshark? -------------------------------

majmin=${ws_ver%.*}
so=$build_in/plugins/$majmin/epan/teardown.so
if [ ! -f "$root$so" ]; then
    log "no $so after the build"
    echo "compat $suite (Wireshark $ws_ver): 0 passed, 1 failed"
    exit 1
fi
plugins=$(as_nobody /usr/bin/env WIRESHARK_PLUGIN_DIR=$build_in/plugins tshark -G plugins 2>&1 || true)
if ! grep -q 'teardown\.so' <<<"$plugins"; then
    printf '%s\n' "$plugins" >&2
    log "tshark -G plugins does not list teardown.so"
    echo "compat $suite (Wireshark $ws_ver): 0 passed, 1 failed"
    exit 1
fi
log "tshark -G plugins (as uid $nobody, WIRESHARK_PLUGIN_DIR=$build_in/plugins) lists:"
grep 'teardown\.so' <<<"$plugins" | sed 's/^/    /'

# ---- 5. ctest --------------------------------------------------------------

t0=$(now)
log "ctest"
set +e
in_root ctest --test-dir $build_in --output-on-failure --no-tests=error ${TD_COMPAT_TESTS:+-R "$TD_COMPAT_TESTS"} 2>&1 |
    tee "$root/td/ctest.log"
ctest_rc=${PIPESTATUS[0]}
set -e
t_test=$(($(now) - t0))

# "100% tests passed, 0 tests failed out of 12"
summary=$(grep -E '^[0-9]+% tests passed, [0-9]+ tests? failed out of [0-9]+' "$root/td/ctest.log" | tail -n 1 || true)
total=0
failed=0
if [ -n "$summary" ]; then
    failed=$(sed -E 's/.* ([0-9]+) tests? failed out of.*/\1/' <<<"$summary")
    total=$(sed -E 's/.*out of ([0-9]+).*/\1/' <<<"$summary")
fi
passed=$((total - failed))
if [ "$ctest_rc" != 0 ] && [ "$failed" = 0 ]; then
    failed=1 # ctest failed without a summary (no tests, or it crashed)
fi

log "times: debootstrap ${t_boot}s, build ${t_build}s, ctest ${t_test}s"
echo "compat $suite (Wireshark $ws_ver): $passed passed, $failed failed"
[ "$ctest_rc" = 0 ] && [ "$failed" = 0 ]
