#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Builds the Debian package of the plugin for one suite's Wireshark in a root
# of that suite, checks it with that suite's lintian, and leaves it in dist/.
#
# Usage: scripts/package.sh SUITE     (bookworm = Wireshark 4.0, trixie = 4.4, sid = 4.6)
# Out:   dist/wireshark-plugin-teardown_VERSION+wsMAJ.MIN_ARCH.deb and its .lintian report
# Env:   TD_PKGROOT_CACHE, TD_MIRROR, TD_PKGROOT_FRESH=1 (see scripts/pkgroot.sh);
#        CI=true makes the roots anew, as the compat stage does.
set -euo pipefail
umask 022

suite=${1:-}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=scripts/pkgroot.sh
. "$here/pkgroot.sh"
if [ $# -ne 1 ] || ! ws=$(pkgroot_ws_of "$suite"); then
    echo "usage: $0 bookworm|trixie|sid" >&2
    exit 2
fi
if [ "$(id -u)" != 0 ]; then
    echo "package: debootstrap, mount and chroot need root" >&2
    exit 2
fi
repo=$(git -C "$here" rev-parse --show-toplevel)
dist=$repo/dist

# ---- the version: CMakeLists.txt, and CHANGELOG.md's newest section -------

version=$(sed -nE 's/^project\(tcp_teardown VERSION ([0-9.]+) .*/\1/p' "$repo/CMakeLists.txt")
newest=$(sed -nE 's/^## ([0-9][^ ]*) - [0-9-]+$/\1/p' "$repo/CHANGELOG.md" | head -n 1)
if [ -z "$version" ] || [ "$version" != "$newest" ]; then
    echo "package: CMakeLists.txt says version '$version', CHANGELOG.md's newest section '$newest'" >&2
    exit 1
fi
# One package per Wireshark: the binary version names it, so that apt sees
# the 4.4 build as newer than the 4.0 one when a machine moves to trixie.
pkg_version=$version+ws$ws
case "$suite" in
sid) distribution=unstable ;;
*) distribution=$suite ;;
esac

# debian/changelog from CHANGELOG.md: the newest section as this build.
debian_changelog() {
    local maint
    maint=$(sed -n 's/^Maintainer: //p' "$repo/debian/control")
    awk -v top="$pkg_version" -v dist="$distribution" -v maint="$maint" '
        function close_entry() {
            if (ver == "") return
            cmd = "LC_ALL=C date -u -R -d " day
            cmd | getline when
            close(cmd)
            printf "\n -- %s  %s\n\n", maint, when
        }
        /^## [0-9]/ {
            close_entry()
            ver = $2; day = $4
            printf "wireshark-plugin-teardown (%s) %s; urgency=medium\n\n", (n++ ? ver : top), dist
            next
        }
        ver == "" { next }
        /^- / { sub(/^- /, ""); printf "  * %s\n", $0; next }
        /^  [^ ]/ { sub(/^  /, ""); printf "    %s\n", $0 }
        END { close_entry() }
    ' "$repo/CHANGELOG.md" | sed '$d'
}

# ---- the roots --------------------------------------------------------------

trap 'pkgroot_umount_all' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
pkgroot_init "$suite"
pkgroot_base
pkgroot_build
root=$pkgroot_build_root
pkgroot_log "building $pkg_version in $root"

# ---- the sources, as they are in the work tree -----------------------------

rm -rf --one-file-system "$root/td"
mkdir -p "$root/td/src"
(cd "$repo" && git ls-files -z --cached --others --exclude-standard) |
    (cd "$repo" && while IFS= read -r -d '' f; do [ -f "$f" ] && printf '%s\0' "$f"; done) |
    tar -C "$repo" --null -T - -cf - | tar -C "$root/td/src" -xf -
rm -rf "$root/td/src/dist"
debian_changelog >"$root/td/src/debian/changelog"

# ---- build, lintian ---------------------------------------------------------

t0=$SECONDS
if ! pkgroot_in "$root" sh -c 'cd /td/src && dpkg-buildpackage -b -us -uc' >"$root/td/build.log" 2>&1; then
    tail -n 40 "$root/td/build.log" >&2
    pkgroot_log "dpkg-buildpackage failed"
    exit 1
fi
arch=$(pkgroot_in "$root" dpkg --print-architecture)
deb=wireshark-plugin-teardown_${pkg_version}_$arch.deb
[ -f "$root/td/$deb" ] || { pkgroot_log "no $deb after the build"; exit 1; }
pkgroot_log "built $deb in $((SECONDS - t0)) s"

mkdir -p "$dist"
cp "$root/td/$deb" "$dist/"
# lintian of the suite itself: it knows that suite's policy; run as nobody,
# as lintian asks.
cp "$root/td/$deb" "$root/tmp/"
chmod 644 "$root/tmp/$deb"
pkgroot_in "$root" lintian --version
set +e
pkgroot_in "$root" setpriv --reuid=65534 --regid=65534 --clear-groups env HOME=/tmp \
    lintian --info --display-info --pedantic "/tmp/$deb" >"$dist/$deb.lintian" 2>&1
lintian_rc=$?
set -e
sed 's/^/    /' "$dist/$deb.lintian"
errors=$(grep -c '^E: ' "$dist/$deb.lintian" || true)
pkgroot_log "lintian: $errors errors, $(grep -c '^W: ' "$dist/$deb.lintian" || true) warnings (exit $lintian_rc)"
[ "$errors" = 0 ] || exit 1
echo "dist/$deb"
