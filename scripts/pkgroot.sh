# shellcheck shell=bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Debian roots for building and installing the package: sourced by
# scripts/package.sh and tests/packages/check-packages.sh, never run.
#
# Per suite, under $TD_PKGROOT_CACHE (default /var/cache/tcp-teardown/pkgroots):
#   SUITE/base/         debootstrap minbase (apt, no compiler, no Wireshark); never
#                       changed once made, the lower layer of every root below
#   SUITE/build.upper/  an overlay on base holding the build tools, kept between runs
#   SUITE/archives/     apt's downloaded .debs, shared by the overlays of the suite
#   SUITE/run.*/        a throw-away overlay on base: a fresh machine for one test
# CI=true (or TD_PKGROOT_FRESH=1) makes base and the build layer anew.

pkgroot_cache=${TD_PKGROOT_CACHE:-/var/cache/tcp-teardown/pkgroots}
pkgroot_mirror=${TD_MIRROR:-http://deb.debian.org/debian}
pkgroot_security=${TD_SECURITY_MIRROR:-http://deb.debian.org/debian-security}
# What the build layer holds on top of base; the package's Build-Depends.
pkgroot_build_pkgs="build-essential debhelper cmake pkg-config libwireshark-dev libglib2.0-dev lintian"
pkgroot_mounts=()

pkgroot_log() { printf 'package %s: %s\n' "${pkgroot_suite:-?}" "$*"; }

# Wireshark major.minor of each supported suite.
pkgroot_ws_of() {
    case "$1" in
    bookworm) echo 4.0 ;;
    trixie) echo 4.4 ;;
    sid) echo 4.6 ;;
    *) return 1 ;;
    esac
}

pkgroot_mounts_under() {
    awk -v r="$1" '$2 == r || index($2, r "/") == 1 { print $2 }' /proc/mounts | sort -r
}

pkgroot_umount_all() {
    local i
    for ((i = ${#pkgroot_mounts[@]} - 1; i >= 0; i--)); do
        umount "${pkgroot_mounts[i]}" 2>/dev/null || umount -l "${pkgroot_mounts[i]}" 2>/dev/null ||
            echo "package: could not unmount ${pkgroot_mounts[i]}" >&2
    done
    pkgroot_mounts=()
}

pkgroot_mount() {
    # pkgroot_mount TARGET MOUNT-ARGS...
    local target=$1
    shift
    mkdir -p "$target"
    mount "$@" "$target"
    pkgroot_mounts+=("$target")
}

pkgroot_remove() {
    local dir=$1 m
    for m in $(pkgroot_mounts_under "$dir"); do
        umount "$m" 2>/dev/null || umount -l "$m"
    done
    if [ -n "$(pkgroot_mounts_under "$dir")" ]; then
        echo "package: still mounted below $dir, not removing it" >&2
        return 1
    fi
    rm -rf --one-file-system "$dir"
}

# pkgroot_init SUITE: sets the paths and takes the suite's lock (waits for
# another run on the same suite).
pkgroot_init() {
    pkgroot_suite=$1
    pkgroot_dir=$pkgroot_cache/$1
    mkdir -p "$pkgroot_dir"
    exec 8>"$pkgroot_cache/$1.lock"
    if ! flock -n 8; then
        pkgroot_log "waiting for another run on $pkgroot_dir"
        flock 8
    fi
    local m
    for m in $(pkgroot_mounts_under "$pkgroot_dir"); do
        umount "$m" 2>/dev/null || umount -l "$m"
    done
    rm -rf --one-file-system "$pkgroot_dir"/run.*
}

pkgroot_fresh() { [ "${CI:-}" = true ] || [ "${TD_PKGROOT_FRESH:-0}" = 1 ]; }

# The minbase root, with the suite's security and update archives as a
# user's machine has them.
pkgroot_base() {
    local base=$pkgroot_dir/base stamp want t0
    stamp=$base/.tcp-teardown-pkgroot
    want="minbase $pkgroot_mirror $pkgroot_security no-valid-until"
    if ! pkgroot_fresh && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
        return 0
    fi
    if ! command -v debootstrap >/dev/null; then
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null
    fi
    pkgroot_remove "$pkgroot_dir/build.upper" || return 1
    pkgroot_remove "$base" || return 1
    pkgroot_remove "$base.partial" || return 1
    rm -rf "$pkgroot_dir/archives"
    pkgroot_log "debootstrap minbase into $base"
    t0=$SECONDS
    if ! timeout 900 debootstrap --variant=minbase "$pkgroot_suite" "$base.partial" "$pkgroot_mirror" \
        >"$pkgroot_dir/debootstrap.log" 2>&1; then
        tail -n 20 "$pkgroot_dir/debootstrap.log" >&2
        pkgroot_log "debootstrap failed; log in $pkgroot_dir/debootstrap.log"
        return 1
    fi
    {
        echo "deb $pkgroot_mirror $pkgroot_suite main"
        if [ "$pkgroot_suite" != sid ]; then
            echo "deb $pkgroot_mirror $pkgroot_suite-updates main"
            echo "deb $pkgroot_security $pkgroot_suite-security main"
        fi
    } >"$base.partial/etc/apt/sources.list"
    # The mirror this runs against may be a snapshot older than the clock:
    # sid's Release then counts as expired (Valid-Until), and apt would refuse
    # it. Only these roots trust it; the package itself sets nothing.
    echo 'Acquire::Check-Valid-Until "false";' >"$base.partial/etc/apt/apt.conf.d/99tcp-teardown-snapshot"
    pkgroot_in "$base.partial" apt-get update -qq || return 1
    pkgroot_in "$base.partial" apt-get clean
    printf '%s' "$want" >"$base.partial/.tcp-teardown-pkgroot"
    mv "$base.partial" "$base"
    pkgroot_log "base root ready in $((SECONDS - t0)) s"
}

# pkgroot_overlay UPPER MOUNTPOINT: a root made of base and UPPER, with
# /proc, /dev and the shared apt archive mounted in it.
pkgroot_overlay() {
    local upper=$1 mnt=$2
    mkdir -p "$upper/data" "$upper/work" "$pkgroot_dir/archives/partial"
    pkgroot_mount "$mnt" -t overlay overlay \
        -o "lowerdir=$pkgroot_dir/base,upperdir=$upper/data,workdir=$upper/work"
    pkgroot_mount "$mnt/proc" -t proc proc
    [ -c "$mnt/dev/null" ] || pkgroot_mount "$mnt/dev" -t devtmpfs devtmpfs
    pkgroot_mount "$mnt/var/cache/apt/archives" --bind "$pkgroot_dir/archives"
}

# pkgroot_in ROOT COMMAND...: runs a command in a root with a clean
# environment, for at most PKGROOT_TIMEOUT seconds (900).
pkgroot_in() {
    local root=$1
    shift
    timeout "${PKGROOT_TIMEOUT:-900}" chroot "$root" /usr/bin/env -i \
        PATH=/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin HOME=/root LANG=C.UTF-8 \
        DEBIAN_FRONTEND=noninteractive "$@"
}

# The build layer: base plus the package's build dependencies, mounted at
# $pkgroot_dir/build.
pkgroot_build() {
    local upper=$pkgroot_dir/build.upper mnt=$pkgroot_dir/build stamp t0
    stamp=$upper/data/.tcp-teardown-build
    if pkgroot_fresh || [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$pkgroot_build_pkgs" ]; then
        pkgroot_remove "$upper" || return 1
    fi
    pkgroot_overlay "$upper" "$mnt" || return 1
    if [ ! -f "$stamp" ]; then
        t0=$SECONDS
        pkgroot_log "installing the build tools into the build layer"
        # shellcheck disable=SC2086 # a list of package names
        pkgroot_in "$mnt" apt-get install -y -qq --no-install-recommends $pkgroot_build_pkgs \
            >"$pkgroot_dir/build-tools.log" 2>&1 ||
            { tail -n 20 "$pkgroot_dir/build-tools.log" >&2; return 1; }
        printf '%s' "$pkgroot_build_pkgs" >"$stamp"
        pkgroot_log "build layer ready in $((SECONDS - t0)) s"
    fi
    # shellcheck disable=SC2034 # read by the scripts that source this file
    pkgroot_build_root=$mnt
}

# pkgroot_fresh_root NAME: a throw-away root (base only) at $pkgroot_run_root.
pkgroot_fresh_root() {
    local upper
    upper=$(mktemp -d "$pkgroot_dir/run.$1.XXXXXX")
    pkgroot_overlay "$upper" "$upper/root" || return 1
    # shellcheck disable=SC2034 # read by the scripts that source this file
    pkgroot_run_root=$upper/root
}
